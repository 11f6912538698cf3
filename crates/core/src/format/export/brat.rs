//! brat standoff export: a folder with `NAME.txt` (the text, byte for byte) and `NAME.ann` per
//! document, plus `annotation.conf` (generated from the schema), `visual.conf` (display names
//! and our label colours) and, when documents have attributes, `hamish-documents.json`.
//!
//! Offsets are scalar values (code points), end exclusive. A span that covers a line end is
//! written as a discontinuous span `START END;START END` split at the line ends (brat cannot put
//! a line end in the `.ann` text field); fragments' texts are joined with a space. Span notes
//! become `#N AnnotatorNotes TN` lines. A span linked to a registry entity gets a brat
//! normalization line `NN<TAB>Reference TN hamish:ENTITY_ID<TAB>Canonical name` (the
//! `hamish:` namespace is the project's registry, written by `hamish entities export`).
//! Names come from titles through [`super::names`].
//!
//! Frames, as brat writes them:
//! - an event is a trigger line `TN<TAB>TYPE START END<TAB>text` (brat gives a trigger the
//!   event's type; it repeats the offsets of the trigger span, which keeps its own `T` line and
//!   label) and `E1<TAB>TYPE:TN Actor:T1 Place:T5 Place2:T6`, a repeated role numbered from 2;
//! - a relation is `R1<TAB>TYPE Arg1:T1 Arg2:T2` (head, tail);
//! - a choice, date or number attribute is `A1<TAB>NAME E1 VALUE` (or on a `T` for a span),
//!   the value its canonical string: `claimed`, `2023-08`, `40`, `40+`, `3-5`. brat values
//!   cannot hold spaces, so a value with whitespace is refused;
//! - a free-text attribute is a note on its owner, `#N<TAB>AnnotatorNotes E1<TAB>NAME: TEXT`
//!   (line ends and tabs become spaces), and the event's own note a note without the prefix;
//! - document attributes, which brat has no line for, go in `hamish-documents.json`
//!   (`{"NAME": {"attribute": "value"}}`).
//!
//! `annotation.conf` declares the labels as `[entities]`, each relation type with the labels
//! of the kinds its ends accept (`<REL-TYPE>:symmetric` for symmetric ones), each event type
//! with its roles (`Actor*:GROUP`, `Time?:<ENTITY>`, brat's cardinality suffixes) and the
//! choice, date and number attributes with `Arg:<EVENT>` (or the labels of a span attribute)
//! and `Value:` the declared choices, or, for dates and numbers, the values the export uses.
//! Every type, role and attribute name must be a valid brat type name
//! ([`valid_type_name`]); the export is refused otherwise.

use super::ExportFile;
use super::frames::{DocFrames, left_out_notice, value_string};
use super::names::UniqueNames;
use super::prepare::Prepared;
use super::verify::{CharSlicer, check_ref, check_slice, problem};
use crate::format::import::brat::{DOCUMENT_ATTRIBUTES, HAMISH_NORMALIZATION};
use crate::model::{
    AttrScope, AttrValue, AttributeId, Attributes, LabelKind, Schema, Span, SpanId, ValueType,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write;
use std::path::PathBuf;

/// brat accepts type names of ASCII letters, digits, `-` and `_`, starting with a letter.
pub fn valid_type_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The fragments of a span: its range cut at every line end, empty pieces dropped.
fn fragments(span: &Span) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = span.start().0;
    for (i, c) in span.text().chars().enumerate() {
        let at = span.start().0 + i;
        if c == '\n' {
            if start < at {
                out.push((start, at));
            }
            start = at + 1;
        }
    }
    if start < span.end().0 {
        out.push((start, span.end().0));
    }
    out
}

/// A note's text on one line, as brat's `#` lines need.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c == '\n' || c == '\t' || c == '\r' {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// The `START END;START END` and the text field of a span's fragments.
fn written_fragments(span: &Span, slicer: &CharSlicer) -> (String, String) {
    let frags = fragments(span);
    let ranges: Vec<String> = frags.iter().map(|(s, e)| format!("{s} {e}")).collect();
    let texts: Vec<&str> = frags
        .iter()
        .map(|&(s, e)| slicer.slice(s, e).unwrap_or_default())
        .collect();
    (ranges.join(";"), texts.join(" "))
}

/// What the written offsets `START END[;START END]` slice, from the first start to the last
/// end (read back from the written string, not from the span).
fn slice_written<'t>(ranges: Option<&String>, slicer: &CharSlicer<'t>) -> Option<&'t str> {
    let mut first = None;
    let mut last = None;
    for piece in ranges?.split(';') {
        let (s, e) = piece.split_once(' ')?;
        let (s, e): (usize, usize) = (s.parse().ok()?, e.parse().ok()?);
        first = Some(first.map_or(s, |f: usize| f.min(s)));
        last = Some(last.map_or(e, |l: usize| l.max(e)));
    }
    slicer.slice(first?, last?)
}

/// The `.ann` lines of one owner's attributes (`target` `E1` or `T3`): `A` lines for choices,
/// dates and numbers, `#` notes `NAME: TEXT` for free text. `a_no` and `note_no` number them.
#[allow(clippy::too_many_arguments)]
fn attribute_lines(
    ann: &mut String,
    target: &str,
    attrs: &Attributes,
    a_no: &mut usize,
    note_no: &mut usize,
    used: &mut BTreeMap<AttributeId, BTreeSet<String>>,
    bad: &mut Vec<String>,
) {
    for (id, value) in attrs {
        match value {
            AttrValue::Text(text) => {
                *note_no += 1;
                let _ = writeln!(
                    ann,
                    "#{note_no}\tAnnotatorNotes {target}\t{id}: {}",
                    one_line(text)
                );
            }
            other => {
                let v = value_string(other);
                if v.is_empty() || v.chars().any(char::is_whitespace) {
                    bad.push(format!(
                        "attribute {id} of {target} has the value {v:?}, which brat cannot write (values hold no spaces)"
                    ));
                    continue;
                }
                *a_no += 1;
                let _ = writeln!(ann, "A{a_no}\t{id} {target} {v}");
                used.entry(id.clone()).or_default().insert(v);
            }
        }
    }
}

/// The labels of `kinds` among the exported ones, `|`-joined; `<ENTITY>` for any kind, `None`
/// when no exported label has one of the kinds.
fn labels_of(prepared: &Prepared, kinds: &[LabelKind]) -> Option<String> {
    if kinds.is_empty() {
        return Some("<ENTITY>".into());
    }
    let schema = prepared.project.schema();
    let names: Vec<&str> = prepared
        .labels
        .iter()
        .filter(|l| schema.label(l).is_some_and(|l| kinds.contains(&l.kind)))
        .map(|l| l.as_str())
        .collect();
    (!names.is_empty()).then(|| names.join("|"))
}

/// The `[relations]`, `[events]` and `[attributes]` sections of `annotation.conf`.
fn frame_conf(
    prepared: &Prepared,
    schema: &Schema,
    used: &BTreeMap<AttributeId, BTreeSet<String>>,
    names: &mut BTreeSet<String>,
) -> String {
    let mut conf =
        String::from("\n[relations]\n<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n");
    for r in &schema.relation_types {
        let (Some(head), Some(tail)) = (labels_of(prepared, &r.head), labels_of(prepared, &r.tail))
        else {
            let _ = writeln!(conf, "# {}: no exported label fits its ends", r.id);
            continue;
        };
        names.insert(r.id.to_string());
        let symmetric = if r.symmetric {
            ", <REL-TYPE>:symmetric"
        } else {
            ""
        };
        let _ = writeln!(conf, "{}\tArg1:{head}, Arg2:{tail}{symmetric}", r.id);
    }
    conf.push_str("\n[events]\n");
    for t in &schema.event_types {
        names.insert(t.id.to_string());
        let roles: Vec<String> = t
            .roles
            .iter()
            .filter_map(|r| {
                names.insert(r.id.to_string());
                labels_of(prepared, &r.kinds)
                    .map(|l| format!("{}{}:{l}", r.id, r.cardinality.brat_suffix()))
            })
            .collect();
        if roles.is_empty() {
            let _ = writeln!(conf, "{}", t.id);
        } else {
            let _ = writeln!(conf, "{}\t{}", t.id, roles.join(", "));
        }
    }
    conf.push_str("\n[attributes]\n");
    for a in &schema.attributes {
        let arg = match &a.scope {
            AttrScope::Events => Some("<EVENT>".to_owned()),
            AttrScope::Spans(kinds) => labels_of(prepared, kinds),
            AttrScope::Documents => {
                let _ = writeln!(
                    conf,
                    "# {}: a document attribute, in {DOCUMENT_ATTRIBUTES}",
                    a.id
                );
                continue;
            }
        };
        let values: Vec<String> = match &a.value {
            ValueType::Choice(values) => values.clone(),
            ValueType::Text => {
                let _ = writeln!(
                    conf,
                    "# {}: free text, in AnnotatorNotes lines as \"{}: TEXT\"",
                    a.id, a.id
                );
                continue;
            }
            ValueType::Number | ValueType::Date => used
                .get(&a.id)
                .map(|v| v.iter().cloned().collect())
                .unwrap_or_default(),
        };
        let Some(arg) = arg else { continue };
        if values.is_empty() {
            let _ = writeln!(
                conf,
                "# {}: a {}, no value in this export",
                a.id,
                a.value.name()
            );
            continue;
        }
        names.insert(a.id.to_string());
        let _ = writeln!(conf, "{}\tArg:{arg}, Value:{}", a.id, values.join("|"));
    }
    conf
}

pub fn export(
    prepared: &Prepared,
    notices: &mut Vec<String>,
    problems: &mut Vec<String>,
) -> Vec<ExportFile> {
    let schema = prepared.project.schema();
    let mut used: BTreeMap<AttributeId, BTreeSet<String>> = BTreeMap::new();
    let mut names_written: BTreeSet<String> = BTreeSet::new();
    let mut doc_attrs: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut left_out = 0;
    let mut files = Vec::with_capacity(prepared.docs.len() * 2 + 2);
    let mut names = UniqueNames::default();
    names.reserve("annotation");
    names.reserve("visual");
    names.reserve("tools");
    names.reserve("kb_shortcuts");
    for pdoc in &prepared.docs {
        let name = names.name_for(&pdoc.doc.title);
        let text = pdoc.doc.text();
        let slicer = CharSlicer::new(text);
        let mut ann = String::new();
        let mut note_no = 0;
        let mut norm_no = 0;
        let mut t_of: HashMap<SpanId, usize> = HashMap::new();
        let mut written: HashMap<usize, String> = HashMap::new();
        for (i, span) in pdoc.spans.iter().enumerate() {
            let t = i + 1;
            if span.text().starts_with('\n') || span.text().ends_with('\n') {
                problems.push(problem(
                    pdoc.doc,
                    Some(span),
                    "brat cannot carry a span that starts or ends with a line end",
                ));
                continue;
            }
            let frags = fragments(span);
            if frags.is_empty() {
                problems.push(problem(
                    pdoc.doc,
                    Some(span),
                    "the span covers only line ends",
                ));
                continue;
            }
            let ranges: Vec<String> = frags.iter().map(|(s, e)| format!("{s} {e}")).collect();
            let texts: Vec<&str> = frags
                .iter()
                .map(|&(s, e)| slicer.slice(s, e).unwrap_or_default())
                .collect();
            let _ = writeln!(
                ann,
                "T{t}\t{} {}\t{}",
                span.label,
                ranges.join(";"),
                texts.join(" ")
            );
            t_of.insert(span.id, t);
            written.insert(t, ranges.join(";"));
            if let Some(note) = &span.note {
                note_no += 1;
                let one_line: String = note
                    .chars()
                    .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
                    .collect();
                let _ = writeln!(ann, "#{note_no}\tAnnotatorNotes T{t}\t{one_line}");
            }
            if let Some(entity) = prepared.entity_of(span) {
                norm_no += 1;
                let _ = writeln!(
                    ann,
                    "N{norm_no}\tReference T{t} {HAMISH_NORMALIZATION}{}\t{}",
                    entity.id,
                    one_line(entity.canonical_name())
                );
            }
            // Verify: each fragment slices line-free text, and the whole extent is the span.
            let first = frags[0].0;
            let last = frags[frags.len() - 1].1;
            if texts.iter().any(|t| t.contains('\n')) {
                problems.push(problem(pdoc.doc, Some(span), "a fragment holds a line end"));
            }
            let whole = slicer.slice(first, last).map(|w| {
                // Leading or trailing line ends are outside the fragments but inside the span.
                (span.start().0 < first || last < span.end().0, w)
            });
            match whole {
                Some((false, w)) => check_slice(problems, pdoc.doc, span, Some(w), "code points"),
                Some((true, _)) => check_slice(
                    problems,
                    pdoc.doc,
                    span,
                    slicer.slice(span.start().0, span.end().0),
                    "code points",
                ),
                None => check_slice(problems, pdoc.doc, span, None, "code points"),
            }
        }
        frame_lines(
            pdoc,
            &slicer,
            &t_of,
            &mut written,
            &mut ann,
            &mut note_no,
            &mut used,
            &mut names_written,
            problems,
        );
        left_out += DocFrames::of(pdoc).left_out;
        if !pdoc.doc.attrs().is_empty() {
            doc_attrs.insert(
                name.clone(),
                pdoc.doc
                    .attrs()
                    .iter()
                    .map(|(k, v)| (k.to_string(), value_string(v)))
                    .collect(),
            );
        }
        files.push(ExportFile {
            path: PathBuf::from(format!("{name}.txt")),
            contents: text.as_bytes().to_vec(),
        });
        files.push(ExportFile {
            path: PathBuf::from(format!("{name}.ann")),
            contents: ann.into_bytes(),
        });
    }
    let mut conf =
        String::from("# Written by Hamish: entity types of the project's schema.\n[entities]\n");
    let mut visual =
        String::from("# Written by Hamish: display names and colours of the schema.\n[labels]\n");
    let mut drawing = String::from("\n[drawing]\n");
    for id in &prepared.labels {
        if !valid_type_name(id.as_str()) {
            problems.push(format!("label {id:?} is not a valid brat type name (ASCII letters, digits, - and _, starting with a letter)"));
        }
        let _ = writeln!(conf, "{id}");
        if let Some(label) = prepared.project.schema().label(id) {
            let _ = writeln!(visual, "{id} | {}", label.name.replace('|', "/"));
            let _ = writeln!(drawing, "{id}\tbgColor:{}", label.color);
        }
    }
    conf.push_str(&frame_conf(prepared, schema, &used, &mut names_written));
    for n in &names_written {
        if !valid_type_name(n) {
            problems.push(format!("{n:?} is not a valid brat type, role or attribute name (ASCII letters, digits, - and _, starting with a letter)"));
        }
    }
    notices.extend(left_out_notice(left_out));
    visual.push_str(&drawing);
    files.push(ExportFile {
        path: PathBuf::from("annotation.conf"),
        contents: conf.into_bytes(),
    });
    files.push(ExportFile {
        path: PathBuf::from("visual.conf"),
        contents: visual.into_bytes(),
    });
    if !doc_attrs.is_empty() {
        let mut json =
            serde_json::to_vec_pretty(&doc_attrs).expect("writing JSON to memory cannot fail");
        json.push(b'\n');
        files.push(ExportFile {
            path: PathBuf::from(DOCUMENT_ATTRIBUTES),
            contents: json,
        });
    }
    files
}

/// The `T` (trigger), `E`, `R`, `A` and `#` lines of a document's frames and span attributes,
/// each reference checked: the `T` it names was written with offsets that slice the span.
#[allow(clippy::too_many_arguments)]
fn frame_lines(
    pdoc: &super::PreparedDoc,
    slicer: &CharSlicer,
    t_of: &HashMap<SpanId, usize>,
    written: &mut HashMap<usize, String>,
    ann: &mut String,
    note_no: &mut usize,
    used: &mut BTreeMap<AttributeId, BTreeSet<String>>,
    names: &mut BTreeSet<String>,
    problems: &mut Vec<String>,
) {
    let doc = pdoc.doc;
    let mut a_no = 0;
    let mut bad = Vec::new();
    let unit = "code points";
    for span in &pdoc.spans {
        if let Some(&t) = t_of.get(&span.id)
            && !span.attrs.is_empty()
        {
            attribute_lines(
                ann,
                &format!("T{t}"),
                &span.attrs,
                &mut a_no,
                note_no,
                used,
                &mut bad,
            );
        }
    }
    let frames = DocFrames::of(pdoc);
    let mut next_t = pdoc.spans.len() + 1;
    // The T number of a span as written, checked against the span's text.
    let reference = |what: String,
                     id: SpanId,
                     written: &HashMap<usize, String>,
                     problems: &mut Vec<String>|
     -> usize {
        let t = t_of.get(&id).copied().unwrap_or(0);
        if let Some(span) = doc.span(id) {
            check_ref(
                problems,
                doc,
                &what,
                span,
                slice_written(written.get(&t), slicer),
                unit,
            );
        }
        t
    };
    for (k, event) in frames.events.iter().enumerate() {
        let e = k + 1;
        let Some(trigger) = doc.span(event.trigger) else {
            continue;
        };
        names.insert(event.event_type.to_string());
        let (ranges, text) = written_fragments(trigger, slicer);
        let tn = next_t;
        next_t += 1;
        let _ = writeln!(ann, "T{tn}\t{} {ranges}\t{text}", event.event_type);
        written.insert(tn, ranges);
        if let Some(span) = doc.span(event.trigger) {
            check_ref(
                problems,
                doc,
                &format!("event E{e} trigger"),
                span,
                slice_written(written.get(&tn), slicer),
                unit,
            );
        }
        let mut line = format!("E{e}\t{}:T{tn}", event.event_type);
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for arg in &event.args {
            let n = seen.entry(arg.role.as_str()).or_default();
            *n += 1;
            let role = if *n == 1 {
                arg.role.to_string()
            } else {
                format!("{}{n}", arg.role)
            };
            names.insert(role.clone());
            let t = reference(
                format!("event E{e} argument {role}"),
                arg.span,
                written,
                problems,
            );
            let _ = write!(line, " {role}:T{t}");
        }
        let _ = writeln!(ann, "{line}");
        attribute_lines(
            ann,
            &format!("E{e}"),
            &event.attrs,
            &mut a_no,
            note_no,
            used,
            &mut bad,
        );
        if let Some(note) = &event.note {
            *note_no += 1;
            let _ = writeln!(ann, "#{note_no}\tAnnotatorNotes E{e}\t{}", one_line(note));
        }
    }
    for (k, relation) in frames.relations.iter().enumerate() {
        let r = k + 1;
        names.insert(relation.kind.to_string());
        let h = reference(
            format!("relation R{r} Arg1"),
            relation.head,
            written,
            problems,
        );
        let t = reference(
            format!("relation R{r} Arg2"),
            relation.tail,
            written,
            problems,
        );
        let _ = writeln!(ann, "R{r}\t{} Arg1:T{h} Arg2:T{t}", relation.kind);
        if let Some(note) = &relation.note {
            *note_no += 1;
            let _ = writeln!(ann, "#{note_no}\tAnnotatorNotes R{r}\t{}", one_line(note));
        }
    }
    for b in bad {
        problems.push(problem(doc, None, b));
    }
}
