//! Reading a brat folder: every `NAME.ann` beside a `NAME.txt` (sorted by name).
//!
//! - `T1<TAB>Label START END[;START END]<TAB>text` lines become spans from the first start to
//!   the last end (offsets in scalar values). A `T` line that is the trigger of an `E` line of
//!   its own type (brat gives a trigger the event's type) is not a span of its own: the event's
//!   trigger is the span with the same offsets, or, when the file has none, the trigger line
//!   itself becomes a span labelled with the event type.
//! - `E1<TAB>Type:T3 Role:T1 Role2:T5` lines become events (`Role2` is brat's second `Role`;
//!   [`super::merge`] maps it back); `R1<TAB>Type Arg1:T1 Arg2:T2` lines relations;
//!   `A1<TAB>Name E1 Value` (or `M` lines) attribute values on events and spans.
//! - `#N<TAB>AnnotatorNotes T1<TAB>note` lines become notes of spans and relations; on an
//!   event they may carry a free-text attribute as `ATTRIBUTE: text` (see
//!   [`super::ImportedEvent::tagged_notes`]).
//! - `hamish-documents.json` beside the files, when present, gives the documents' own
//!   attributes (`{"NAME": {"attribute": "value"}}`), which brat has no line for.
//!
//! A line that refers to an id the file does not have (a dangling reference), an event used
//! as an argument, an attribute without a value and any malformed line are reported with
//! file and line.
//! - `N1<TAB>Reference T1 hamish:ID<TAB>name` lines link the span to the registry entity `ID`
//!   (kept when the project has it); normalisations to other resources and equivalences (`*`)
//!   are counted in a notice.

use super::line_ends::Normalized;
use super::{
    ImportedDoc, ImportedEvent, ImportedRelation, ImportedSpan, LineProblem, Location, Parsed,
    read_utf8,
};
use crate::model::CharOffset;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// The normalization namespace of the project's own registry: `N1<TAB>Reference T1
/// hamish:ENTITY_ID<TAB>name`.
pub const HAMISH_NORMALIZATION: &str = "hamish:";

/// The file beside the `.ann` files that carries document attributes.
pub const DOCUMENT_ATTRIBUTES: &str = "hamish-documents.json";

pub fn read(dir: &Path) -> Result<Parsed, std::io::Error> {
    let mut anns: Vec<_> = std::fs::read_dir(dir)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ann"))
        .collect();
    anns.sort();
    let mut out = Parsed::default();
    let doc_attrs = read_document_attributes(&dir.join(DOCUMENT_ATTRIBUTES), &mut out.problems);
    let mut skipped = 0;
    for ann in anns {
        let txt = ann.with_extension("txt");
        let text = match read_utf8(&txt) {
            Ok(t) => t,
            Err(e) => {
                out.problems.push(LineProblem {
                    at: Location::line(&ann, 1),
                    message: format!("cannot read {}: {e}", txt.display()),
                });
                continue;
            }
        };
        let content = match read_utf8(&ann) {
            Ok(c) => c,
            Err(e) => {
                out.problems.push(LineProblem {
                    at: Location::line(&ann, 1),
                    message: e.to_string(),
                });
                continue;
            }
        };
        let (mut doc, problems, n) = parse_document(&ann, &content, &text);
        let stem = ann
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some(attrs) = doc_attrs.get(&stem) {
            doc.attrs = attrs.clone();
        }
        out.docs.push(doc);
        out.problems.extend(problems);
        skipped += n;
    }
    if skipped > 0 {
        out.notices.push(format!(
            "{}: {skipped} normalisation, equivalence or other line(s) not imported",
            dir.display()
        ));
    }
    Ok(out)
}

/// `hamish-documents.json`: document name → (attribute, value) pairs; nothing when absent.
fn read_document_attributes(
    path: &Path,
    problems: &mut Vec<LineProblem>,
) -> HashMap<String, Vec<(String, String)>> {
    if !path.is_file() {
        return HashMap::new();
    }
    let parsed = read_utf8(path).map_err(|e| e.to_string()).and_then(|s| {
        serde_json::from_str::<BTreeMap<String, BTreeMap<String, String>>>(&s)
            .map_err(|e| format!("not a map of documents to attribute values: {e}"))
    });
    match parsed {
        Ok(map) => map
            .into_iter()
            .map(|(doc, attrs)| (doc, attrs.into_iter().collect()))
            .collect(),
        Err(message) => {
            problems.push(LineProblem {
                at: Location::line(path, 1),
                message,
            });
            HashMap::new()
        }
    }
}

/// A `T` line as read.
struct TextBound {
    id: String,
    start: CharOffset,
    end: CharOffset,
    /// The fragments as written, to find the span a trigger line repeats.
    pieces: Vec<(usize, usize)>,
    label: String,
    origin: Location,
}

/// A `Name:ID` reference of an `E`, `R` line.
fn role_ref(field: &str) -> Result<(&str, &str), String> {
    field
        .split_once(':')
        .filter(|(r, id)| !r.is_empty() && !id.is_empty())
        .ok_or_else(|| format!("{field:?} is not ROLE:ID"))
}

/// One brat document from the contents of its `.ann` file and of its `.txt` file (`ann` names
/// the `.ann` file in problems): the document, the problems (in line order), and how many
/// lines were skipped (normalisations, equivalences, notes of other kinds).
pub fn parse_document(
    ann: &Path,
    content: &str,
    text: &str,
) -> (ImportedDoc, Vec<LineProblem>, usize) {
    let txt = ann.with_extension("txt");
    let mut problems: Vec<(usize, LineProblem)> = Vec::new();
    let mut skipped = 0;
    let norm = Normalized::new(text);
    let chars: Vec<char> = text.chars().collect();
    let mut bounds: Vec<TextBound> = Vec::new();
    // Lines referring to others, kept for the second pass: (line number, fields).
    let mut events = Vec::new();
    let mut relations = Vec::new();
    let mut attributes = Vec::new();
    let mut notes = Vec::new();
    let mut normalizations = Vec::new();
    for (i, line) in content.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let id = fields[0];
        match id.chars().next() {
            Some('T') => match text_bound(&fields, &chars, &norm) {
                Ok((start, end, pieces, label)) => bounds.push(TextBound {
                    id: id.to_owned(),
                    start,
                    end,
                    pieces,
                    label,
                    origin: Location::line(ann, n),
                }),
                Err(m) => problems.push((
                    n,
                    LineProblem {
                        at: Location::line(ann, n),
                        message: m,
                    },
                )),
            },
            Some('E') => events.push((n, fields)),
            Some('R') => relations.push((n, fields)),
            Some('A' | 'M') => attributes.push((n, fields)),
            Some('#') => notes.push((n, fields)),
            Some('N') => normalizations.push((n, fields)),
            Some('*') => skipped += 1,
            _ => problems.push((
                n,
                LineProblem {
                    at: Location::line(ann, n),
                    message: format!("unrecognised line {line:?}"),
                },
            )),
        }
    }
    let mut problem = |n: usize, message: String| {
        problems.push((
            n,
            LineProblem {
                at: Location::line(ann, n),
                message,
            },
        ))
    };

    // Trigger lines: the `Type:T3` of an event whose T line has the event's type.
    let by_bound: HashMap<&str, usize> = bounds
        .iter()
        .enumerate()
        .map(|(k, b)| (b.id.as_str(), k))
        .collect();
    let mut trigger_lines: HashSet<usize> = HashSet::new();
    for (_, fields) in &events {
        if let Some((ty, t)) = fields
            .get(1)
            .and_then(|f| f.split(' ').next())
            .and_then(|f| role_ref(f).ok())
            && let Some(&k) = by_bound.get(t)
            && bounds[k].label == ty
        {
            trigger_lines.insert(k);
        }
    }
    // Spans: every other T line, in file order; `span_of` maps each T line to its span.
    let mut spans: Vec<ImportedSpan> = Vec::new();
    let mut span_of: HashMap<&str, usize> = HashMap::new();
    let mut by_pieces: HashMap<&[(usize, usize)], usize> = HashMap::new();
    for (k, b) in bounds.iter().enumerate() {
        if trigger_lines.contains(&k) {
            continue;
        }
        span_of.insert(&b.id, spans.len());
        by_pieces.entry(&b.pieces).or_insert(spans.len());
        spans.push(ImportedSpan {
            start: b.start,
            end: b.end,
            label: b.label.clone(),
            note: None,
            attrs: Vec::new(),
            entity: None,
            origin: b.origin.clone(),
        });
    }
    for &k in &trigger_lines {
        let b = &bounds[k];
        let at = match by_pieces.get(b.pieces.as_slice()) {
            Some(&at) => at,
            None => {
                spans.push(ImportedSpan {
                    start: b.start,
                    end: b.end,
                    label: b.label.clone(),
                    note: None,
                    attrs: Vec::new(),
                    entity: None,
                    origin: b.origin.clone(),
                });
                by_pieces.insert(&b.pieces, spans.len() - 1);
                spans.len() - 1
            }
        };
        span_of.insert(&b.id, at);
    }
    let event_ids: HashSet<&str> = events.iter().map(|(_, f)| f[0]).collect();
    let resolve = |id: &str, what: &str| -> Result<usize, String> {
        match span_of.get(id) {
            Some(&k) => Ok(k),
            None if event_ids.contains(id) => Err(format!(
                "{what} {id} is an event; only text-bound annotations can be {what}s here"
            )),
            None => Err(format!(
                "{what} refers to {id}, which the file does not have (or could not read)"
            )),
        }
    };

    let mut imported_events: Vec<ImportedEvent> = Vec::new();
    let mut event_of: HashMap<&str, usize> = HashMap::new();
    for (n, fields) in &events {
        let parsed = (|| -> Result<ImportedEvent, String> {
            let spec = fields.get(1).ok_or("no type and trigger")?;
            let mut parts = spec.split(' ').filter(|p| !p.is_empty());
            let (ty, trigger) = role_ref(parts.next().ok_or("no type and trigger")?)?;
            let trigger = resolve(trigger, "trigger")?;
            let mut args = Vec::new();
            for part in parts {
                let (role, id) = role_ref(part)?;
                args.push((role.to_owned(), resolve(id, "argument")?));
            }
            Ok(ImportedEvent {
                trigger,
                event_type: ty.to_owned(),
                args,
                attrs: Vec::new(),
                note: None,
                tagged_notes: Vec::new(),
                origin: Location::line(ann, *n),
            })
        })();
        match parsed {
            Ok(e) => {
                event_of.insert(fields[0], imported_events.len());
                imported_events.push(e);
            }
            Err(m) => problem(*n, format!("event not imported: {m}")),
        }
    }

    let mut imported_relations: Vec<ImportedRelation> = Vec::new();
    let mut relation_of: HashMap<&str, usize> = HashMap::new();
    for (n, fields) in &relations {
        let parsed = (|| -> Result<ImportedRelation, String> {
            let spec = fields.get(1).ok_or("no type and arguments")?;
            let parts: Vec<&str> = spec.split(' ').filter(|p| !p.is_empty()).collect();
            let [kind, a, b] = parts.as_slice() else {
                return Err(format!("{spec:?} is not TYPE Arg1:ID Arg2:ID"));
            };
            let (_, head) = role_ref(a)?;
            let (_, tail) = role_ref(b)?;
            Ok(ImportedRelation {
                kind: (*kind).to_owned(),
                head: resolve(head, "relation end")?,
                tail: resolve(tail, "relation end")?,
                note: None,
                origin: Location::line(ann, *n),
            })
        })();
        match parsed {
            Ok(r) => {
                relation_of.insert(fields[0], imported_relations.len());
                imported_relations.push(r);
            }
            Err(m) => problem(*n, format!("relation not imported: {m}")),
        }
    }

    for (n, fields) in &attributes {
        let parts: Vec<&str> = fields
            .get(1)
            .map(|f| f.split(' ').filter(|p| !p.is_empty()).collect())
            .unwrap_or_default();
        let (name, target, value) = match parts.as_slice() {
            [name, target, value] => (*name, *target, *value),
            [_, _] => {
                problem(
                    *n,
                    "attribute not imported: it has no value (binary brat attributes are not supported)"
                        .into(),
                );
                continue;
            }
            _ => {
                problem(
                    *n,
                    format!(
                        "attribute not imported: {:?} is not NAME ID VALUE",
                        fields.get(1)
                    ),
                );
                continue;
            }
        };
        let pair = (name.to_owned(), value.to_owned());
        if let Some(&e) = event_of.get(target) {
            imported_events[e].attrs.push(pair);
        } else if let Some(&s) = span_of.get(target) {
            spans[s].attrs.push(pair);
        } else {
            problem(
                *n,
                format!(
                    "attribute not imported: it refers to {target}, which the file does not have"
                ),
            );
        }
    }

    for (n, fields) in &notes {
        let target = fields
            .get(1)
            .and_then(|f| f.strip_prefix("AnnotatorNotes "))
            .map(str::trim);
        let (Some(target), Some(note)) = (target, fields.get(2)) else {
            skipped += 1;
            continue;
        };
        let note = (*note).to_owned();
        if let Some(&e) = event_of.get(target) {
            imported_events[e].tagged_notes.push(note);
        } else if let Some(&r) = relation_of.get(target) {
            imported_relations[r].note = Some(note);
        } else if let Some(&s) = span_of.get(target) {
            spans[s].note = Some(note);
        } else {
            problem(*n, format!("note for unknown {target}"));
        }
    }

    // `N1<TAB>Reference T1 hamish:ID<TAB>name`: a link to the registry; normalisations to
    // other resources (`Wikipedia:…`) are skipped and counted.
    for (n, fields) in &normalizations {
        let mut words = fields.get(1).map_or("", |f| f.trim()).split(' ');
        let (Some("Reference"), Some(target), Some(reference)) =
            (words.next(), words.next(), words.next())
        else {
            problem(
                *n,
                "a normalization line is not N<TAB>Reference T<ID> DB:ID".into(),
            );
            continue;
        };
        let Some(id) = reference.strip_prefix(HAMISH_NORMALIZATION) else {
            skipped += 1;
            continue;
        };
        match span_of.get(target) {
            Some(&s) => spans[s].entity = Some(id.to_owned()),
            None => problem(*n, format!("normalization of unknown {target}")),
        }
    }

    problems.sort_by_key(|(n, _)| *n);
    let doc = ImportedDoc {
        title: ann
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        source: txt
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        text: norm.text,
        spans,
        events: imported_events,
        relations: imported_relations,
        attrs: Vec::new(),
    };
    (doc, problems.into_iter().map(|(_, p)| p).collect(), skipped)
}

/// The parsed fields of a `T` line: extent, fragments as written and type.
type Bound = (CharOffset, CharOffset, Vec<(usize, usize)>, String);

/// Parse the fields of a `T` line and check its text against the `.txt`.
fn text_bound(fields: &[&str], chars: &[char], norm: &Normalized) -> Result<Bound, String> {
    let spec = fields.get(1).ok_or("no type and offsets")?;
    let (label, ranges) = spec.split_once(' ').ok_or("no offsets after the type")?;
    let mut pieces = Vec::new();
    for r in ranges.split(';') {
        let (s, e) = r
            .trim()
            .split_once(' ')
            .ok_or_else(|| format!("bad offsets {r:?}"))?;
        let s: usize = s.parse().map_err(|_| format!("bad offset {s:?}"))?;
        let e: usize = e.parse().map_err(|_| format!("bad offset {e:?}"))?;
        if s >= e || e > chars.len() {
            return Err(format!("offsets {s} {e} are empty or outside the text"));
        }
        pieces.push((s, e));
    }
    let first = pieces.iter().map(|p| p.0).min().ok_or("no offsets")?;
    let last = pieces.iter().map(|p| p.1).max().ok_or("no offsets")?;
    if let Some(expected) = fields.get(2) {
        let found: Vec<String> = pieces
            .iter()
            .map(|&(s, e)| chars[s..e].iter().collect())
            .collect();
        if found.join(" ") != *expected {
            return Err(format!(
                "offsets cover {:?}, but the line says {expected:?}",
                found.join(" ")
            ));
        }
    }
    let (Some(start), Some(end)) = (norm.map(first), norm.map(last)) else {
        return Err("offsets outside the text".into());
    };
    Ok((start, end, pieces, label.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "🔥 كمين قرب بير\nقتل فيه جنود.";

    fn parse(ann: &str) -> (ImportedDoc, Vec<LineProblem>) {
        let (doc, problems, _) = parse_document(Path::new("x.ann"), ann, TEXT);
        (doc, problems)
    }

    #[test]
    fn hamish_normalizations_link_spans_and_others_are_counted() {
        let ann = "T1\tPLACE 11 14\tبير\nT2\tGROUP 23 27\tجنود\n\
                   N1\tReference T1 hamish:ber\tBer\nN2\tReference T2 Wikipedia:42\tx\n\
                   N3\tReference T9 hamish:ber\tBer\nN4\tT1 hamish:ber\n";
        let (doc, problems, skipped) = parse_document(Path::new("x.ann"), ann, TEXT);
        let links: Vec<Option<&str>> = doc.spans.iter().map(|s| s.entity.as_deref()).collect();
        assert_eq!(links, [Some("ber"), None]);
        assert_eq!(skipped, 1, "the Wikipedia normalization");
        let lines: Vec<&str> = problems.iter().map(|p| p.at.at.as_str()).collect();
        assert_eq!(lines, ["5", "6"], "{problems:?}");
        assert!(problems[0].message.contains("unknown T9"), "{problems:?}");
    }

    #[test]
    fn events_relations_attributes_and_notes_are_read() {
        let (doc, problems) = parse(
            "T1\tEVENT 2 6\tكمين\nT2\tPLACE 11 14\tبير\nT3\tGROUP 23 27\tجنود\n\
             T4\tattack 2 6\tكمين\nE1\tattack:T4 Place:T2 Target:T3 Place2:T2\n\
             R1\tlocated_in Arg1:T3 Arg2:T2\nA1\tfactuality E1 claimed\nA2\tdate E1 2023-08\n\
             #1\tAnnotatorNotes E1\tnotes: «مصادر», \"محلية\"\n#2\tAnnotatorNotes R1\tمؤكد\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            doc.spans.len(),
            3,
            "the trigger line is not a span of its own"
        );
        let e = &doc.events[0];
        assert_eq!((e.trigger, e.event_type.as_str()), (0, "attack"));
        assert_eq!(
            e.args,
            [
                ("Place".into(), 1),
                ("Target".into(), 2),
                ("Place2".into(), 1)
            ]
        );
        assert_eq!(e.attrs[1], ("date".into(), "2023-08".into()));
        assert_eq!(e.tagged_notes, ["notes: «مصادر», \"محلية\""]);
        let r = &doc.relations[0];
        assert_eq!((r.kind.as_str(), r.head, r.tail), ("located_in", 2, 1));
        assert_eq!(r.note.as_deref(), Some("مؤكد"));
    }

    #[test]
    fn a_trigger_without_an_entity_becomes_a_span_of_the_event_type() {
        let (doc, problems) = parse("T1\tAttack 2 6\tكمين\nE1\tAttack:T1\n");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(doc.spans.len(), 1);
        assert_eq!(doc.spans[0].label, "Attack");
        assert_eq!(doc.events[0].trigger, 0);
    }

    #[test]
    fn dangling_references_are_refused_with_file_and_line() {
        let (doc, problems) = parse(
            "T1\tEVENT 2 6\tكمين\nT2\tPLACE 11 14\tبير\nE1\tattack:T1 Place:T9\n\
             E2\tattack:T1 Cause:E1\nR1\tlocated_in Arg1:T2 Arg2:T7\nA1\tfactuality E5 claimed\n\
             A2\tNegated T1\n#1\tAnnotatorNotes R4\tx\nE3\tattack:T8\n",
        );
        let said: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(said.len(), 7, "{said:#?}");
        for (p, line) in said.iter().zip(["3", "4", "5", "6", "7", "8", "9"]) {
            assert!(p.starts_with(&format!("x.ann:{line}: ")), "{p}");
        }
        assert!(said[0].contains("T9"), "{}", said[0]);
        assert!(said[1].contains("is an event"), "{}", said[1]);
        assert!(said[2].contains("T7"), "{}", said[2]);
        assert!(said[3].contains("E5"), "{}", said[3]);
        assert!(said[6].contains("T8"), "{}", said[6]);
        assert!(doc.events.is_empty() && doc.relations.is_empty());
        assert_eq!(doc.spans.len(), 2);
    }
}
