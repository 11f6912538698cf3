//! Writes `samples/review/*.hamish.ron`: three colleagues' copies of the sample project with
//! the kinds of disagreement review is for, derived deterministically from the reference
//! labels of `samples/sahel.hamish.ron`:
//!
//! - Amina puts attached proclitics (و ب ل ف ك) inside place and group spans (وتمبكتو for
//!   تمبكتو) and misses some events;
//! - Yusuf labels some places as groups and some groups as places, leaves the head noun
//!   (جماعة, حركة …) out of group names, and misses other events;
//! - Salma is close to the reference but skips some places and never got to the last article.
//!
//! Their events and relations are the reference's, on their own spans (an event whose trigger
//! they did not mark is missing; an argument or relation end they did not mark, or marked with
//! another label, is left out), with the frame disagreements analysts really have planted in
//! each copy (see [`PLANTED`]): a missed actor, Place given to the wrong town, an ambush typed
//! as an attack on civilians, "claimed" read as "asserted", a date off by a day, "at least 40"
//! given as exactly 40, an event left out and a relation of another type.
//!
//! Run: `cargo run --example make_review_samples` (rewrites the three files;
//! `tests/review_events_cli.rs` fails when they are out of step with this generator).

use hamish::format::{load_project, save_project};
use hamish::model::{
    AnnotatorId, AttrValue, AttributeId, CharRange, Document, EventId, EventTypeId, LabelId,
    PartialDate, Project, Quantity, RelationId, RelationTypeId, RoleId, Schema, Span, SpanId,
};
use std::collections::{HashMap, HashSet};
use std::path::Path;

const PROCLITICS: [char; 5] = ['و', 'ب', 'ل', 'ف', 'ك'];
const HEAD_NOUNS: [&str; 4] = ["جماعة ", "حركة ", "تنظيم ", "جبهة "];

fn chars(doc: &Document) -> Vec<char> {
    doc.text().chars().collect()
}

/// The span moved to `range` with its text refreshed, or `None` if that is not possible.
fn moved(doc: &Document, span: &Span, range: CharRange) -> Option<Span> {
    let text = doc.slice(range)?.to_owned();
    (!range.is_empty()).then(|| {
        let mut moved = Span::new(
            span.label.clone(),
            range,
            text,
            span.author.clone(),
            &span.created,
        );
        moved.id = span.id;
        moved.note = span.note.clone();
        moved.modified = span.modified.clone();
        moved.provenance = span.provenance.clone();
        moved
    })
}

/// The span with another label.
fn relabelled(span: &Span, label: LabelId) -> Span {
    let mut s = span.clone();
    s.label = label;
    s
}

/// Whether the span starts right after an attached proclitic (a one-letter word prefix).
fn proclitic_before(text: &[char], span: &Span) -> bool {
    let s = span.start().get();
    s >= 1 && PROCLITICS.contains(&text[s - 1]) && (s == 1 || text[s - 2].is_whitespace())
}

fn amina(doc: &Document, k: usize, span: &Span) -> Option<Span> {
    let text = chars(doc);
    let label = span.label.as_str();
    if label == "EVENT" && k % 4 == 3 {
        return None;
    }
    if (label == "PLACE" || label == "GROUP") && proclitic_before(&text, span) {
        return moved(
            doc,
            span,
            CharRange::new(span.start().get() - 1, span.end().get()),
        );
    }
    Some(span.clone())
}

fn yusuf(doc: &Document, k: usize, span: &Span) -> Option<Span> {
    let label = span.label.as_str();
    match label {
        "EVENT" if k.is_multiple_of(3) => None,
        "PLACE" if k % 5 == 2 => Some(relabelled(span, LabelId::new("GROUP"))),
        "GROUP" => {
            if let Some(head) = HEAD_NOUNS.iter().find(|h| span.text().starts_with(**h)) {
                let cut = head.chars().count();
                return moved(
                    doc,
                    span,
                    CharRange::new(span.start().get() + cut, span.end().get()),
                );
            }
            if k % 4 == 1 {
                return Some(relabelled(span, LabelId::new("PLACE")));
            }
            Some(span.clone())
        }
        _ => Some(span.clone()),
    }
}

fn salma(_doc: &Document, k: usize, span: &Span) -> Option<Span> {
    (span.label.as_str() != "PLACE" || k % 7 != 5).then(|| span.clone())
}

type Rule = fn(&Document, usize, &Span) -> Option<Span>;

/// One deliberate difference in a colleague's frames, on a reference event or relation.
#[derive(Debug, Clone, Copy)]
enum Plant {
    /// The event's Actor left empty.
    NoActor(u64),
    /// Place given to another town of the trigger's sentence.
    PlaceElsewhere(u64),
    /// The event typed otherwise.
    Retyped(u64, &'static str),
    /// Factuality set to another value.
    Factuality(u64, &'static str),
    /// Another date.
    Date(u64, &'static str),
    /// Another fatality count.
    Fatalities(u64, &'static str),
    /// The event left out (its trigger span is still marked).
    Skipped(u64),
    /// The relation typed otherwise.
    RelationRetyped(u64, &'static str),
}

/// The frame disagreements planted in each colleague's copy, by colleague name.
const PLANTED: [(&str, &[Plant]); 3] = [
    (
        "Amina",
        &[
            // The ambush at Ber: JNIM, named five paragraphs earlier, is not given as Actor.
            Plant::NoActor(103),
            // The clashes around Ber were on 11 August; she counted from the next day's report.
            Plant::Date(101, "2023-08-12"),
            // JNIM and ISSP: a truce read as an alliance.
            Plant::RelationRetyped(420, "allied_with"),
        ],
    ),
    (
        "Yusuf",
        &[
            // The blockade of Léré placed in the other town the sentence names.
            Plant::PlaceElsewhere(412),
            // The FLA claimed the joint attack at Alkit; he took the claim as fact.
            Plant::Factuality(307, "asserted"),
        ],
    ),
    (
        "Salma",
        &[
            // The ambush (كمين) on Wagner typed as an attack on civilians.
            Plant::Retyped(103, "attack"),
            // "More than 40" Wagner fighters at Tinzaouaten given as exactly 40.
            Plant::Fatalities(305, "40"),
            // Mali cutting ties with Ukraine: trigger marked, but she did not count a
            // diplomatic step as an event.
            Plant::Skipped(306),
        ],
    ),
];

/// Whether `c` ends a sentence.
fn ends_sentence(c: char) -> bool {
    matches!(c, '.' | '؟' | '!' | '\n' | '؛')
}

/// The sentence (as a char range) around `range`.
fn sentence(text: &[char], range: CharRange) -> CharRange {
    let start = (0..range.start.get())
        .rev()
        .find(|&i| ends_sentence(text[i]))
        .map_or(0, |i| i + 1);
    let end = (range.end.get()..text.len())
        .find(|&i| ends_sentence(text[i]))
        .unwrap_or(text.len());
    CharRange::new(start, end)
}

/// Copy the reference document's events and relations onto a colleague's copy, whose spans
/// are `ids` (reference span id → the colleague's) and apply what is planted there. Returns
/// the plants applied.
fn copy_frames(
    reference: &Document,
    copy: &mut Document,
    ids: &HashMap<SpanId, SpanId>,
    schema: &Schema,
    author: &AnnotatorId,
    salt: u64,
    plants: &[Plant],
) -> Vec<usize> {
    let mut applied = Vec::new();
    // A reference span as the colleague has it: marked, with the same label.
    let theirs = |id: SpanId, copy: &Document| -> Option<SpanId> {
        let mine = *ids.get(&id)?;
        let (r, c) = (reference.span(id)?, copy.span(mine)?);
        (r.label == c.label).then_some(mine)
    };
    for event in reference.events() {
        let Some(trigger) = theirs(event.trigger, copy) else {
            continue;
        };
        let mut e = event.clone();
        e.id = EventId(salt * 1_000_000 + event.id.0);
        e.trigger = trigger;
        e.author = author.clone();
        e.args.retain_mut(|a| match theirs(a.span, copy) {
            Some(s) => {
                a.span = s;
                true
            }
            None => false,
        });
        let mut skip = false;
        for (k, plant) in plants.iter().enumerate() {
            let done = match *plant {
                Plant::NoActor(id) if id == event.id.0 => {
                    let actor = RoleId::new("Actor");
                    let before = e.args.len();
                    e.args.retain(|a| a.role != actor);
                    e.args.len() < before
                }
                Plant::PlaceElsewhere(id) if id == event.id.0 => {
                    place_elsewhere(reference, copy, &mut e.args)
                }
                Plant::Retyped(id, ty) if id == event.id.0 => {
                    e.event_type = EventTypeId::new(ty);
                    true
                }
                Plant::Factuality(id, v) if id == event.id.0 => e
                    .attrs
                    .insert(AttributeId::new("factuality"), AttrValue::Choice(v.into()))
                    .is_some_and(|old| old != AttrValue::Choice(v.into())),
                Plant::Date(id, d) if id == event.id.0 => {
                    let date = PartialDate::parse(d).expect("a planted date parses");
                    e.attrs
                        .insert(AttributeId::new("date"), AttrValue::Date(date))
                        .is_some()
                }
                Plant::Fatalities(id, n) if id == event.id.0 => {
                    let n = Quantity::parse(n).expect("a planted count parses");
                    e.attrs
                        .insert(AttributeId::new("fatalities"), AttrValue::Number(n))
                        .is_some()
                }
                Plant::Skipped(id) if id == event.id.0 => {
                    skip = true;
                    true
                }
                _ => false,
            };
            if done {
                applied.push(k);
            }
        }
        if !skip {
            copy.add_event(e, schema)
                .expect("a colleague's event fits its document");
        }
    }
    for relation in reference.relations() {
        let (Some(head), Some(tail)) = (theirs(relation.head, copy), theirs(relation.tail, copy))
        else {
            continue;
        };
        let mut r = relation.clone();
        r.id = RelationId(salt * 1_000_000 + relation.id.0);
        r.head = head;
        r.tail = tail;
        r.author = author.clone();
        for (k, plant) in plants.iter().enumerate() {
            if let Plant::RelationRetyped(id, ty) = *plant
                && id == relation.id.0
            {
                r.kind = RelationTypeId::new(ty);
                applied.push(k);
            }
        }
        copy.add_relation(r, schema)
            .expect("a colleague's relation fits its document");
    }
    applied
}

/// Give the Place argument of `args` to another place the colleague marked in the same
/// sentence; whether one was found.
fn place_elsewhere(
    reference: &Document,
    copy: &Document,
    args: &mut [hamish::model::Argument],
) -> bool {
    let text = chars(reference);
    let place = RoleId::new("Place");
    let Some(arg) = args.iter_mut().find(|a| a.role == place) else {
        return false;
    };
    let Some(current) = copy.span(arg.span) else {
        return false;
    };
    let within = sentence(&text, current.range());
    let other = copy.spans().iter().find(|s| {
        s.label == current.label
            && s.text() != current.text()
            && within.start <= s.start()
            && s.end() <= within.end
    });
    match other {
        Some(s) => {
            arg.span = s.id;
            true
        }
        None => false,
    }
}

fn colleague(reference: &Project, name: &str, salt: u64, rule: Rule, keep_docs: usize) -> Project {
    let plants = PLANTED
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(&[][..], |(_, p)| *p);
    let mut applied = HashSet::new();
    let mut annotator = reference.annotator.clone();
    annotator.name = name.to_owned();
    annotator.id = AnnotatorId(format!("a-{}", name.to_lowercase()));
    let mut docs = Vec::new();
    for doc in reference.documents().iter().take(keep_docs) {
        let mut seen = HashSet::new();
        let mut copy = doc.without_spans();
        let mut ids = HashMap::new();
        for (k, span) in doc.spans().iter().enumerate() {
            if let Some(mut s) = rule(doc, k, span)
                && seen.insert((s.range(), s.label.clone()))
            {
                // Each colleague made their own spans, so their ids differ.
                s.id = SpanId(salt * 1_000_000 + s.id.0 % 1_000_000);
                s.author = annotator.id.clone();
                // The colleagues' copies carry labels only, no registry (review of links
                // is shown on linked files: `hamish agree`, `hamish diff`).
                s.entity = None;
                ids.insert(span.id, s.id);
                copy.add_span(s, Some(reference.schema()))
                    .expect("a colleague's span fits its document");
            }
        }
        applied.extend(copy_frames(
            doc,
            &mut copy,
            &ids,
            reference.schema(),
            &annotator.id,
            salt,
            plants,
        ));
        docs.push(copy);
    }
    for (k, plant) in plants.iter().enumerate() {
        assert!(
            applied.contains(&k),
            "{name}: {plant:?} found nothing to change"
        );
    }
    let (p, problems) = Project::from_parts(
        reference.name.clone(),
        annotator,
        reference.schema().clone(),
        reference.settings.clone(),
        docs,
    );
    assert!(problems.is_empty(), "{problems:?}");
    p
}

/// The reference as the colleagues' copies have it, without entity links: the gold to diff
/// each copy against (`tests/review_events_cli.rs`).
pub fn unlinked_gold(reference: &Project) -> Project {
    let all = reference.documents().len();
    colleague(reference, "gold", 0, |_, _, s| Some(s.clone()), all)
}

/// The three colleagues' copies of `reference`, with the file name each is shipped as.
pub fn colleagues(reference: &Project) -> Vec<(&'static str, Project)> {
    let all = reference.documents().len();
    [
        ("amina.hamish.ron", "Amina", 1, amina as Rule, all),
        ("yusuf.hamish.ron", "Yusuf", 2, yusuf as Rule, all),
        (
            "salma.hamish.ron",
            "Salma",
            3,
            salma as Rule,
            all.saturating_sub(1),
        ),
    ]
    .into_iter()
    .map(|(file, name, salt, rule, docs)| (file, colleague(reference, name, salt, rule, docs)))
    .collect()
}

fn main() -> anyhow::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let reference = load_project(&root.join("samples/sahel.hamish.ron"))?.project;
    let out = root.join("samples/review");
    std::fs::create_dir_all(&out)?;
    for (file, p) in colleagues(&reference) {
        save_project(&out.join(file), &p)?;
        let events: usize = p.documents().iter().map(|d| d.events().len()).sum();
        let relations: usize = p.documents().iter().map(|d| d.relations().len()).sum();
        println!(
            "{file}: {} documents, {} spans, {events} events, {relations} relations",
            p.documents().len(),
            p.span_count()
        );
    }
    Ok(())
}
