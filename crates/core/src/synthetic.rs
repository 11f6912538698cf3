//! Synthetic projects for benchmarks and stress tests: Arabic-looking text of a chosen size
//! with spans spread over it, and (with [`project_with_frames`]) events and relations on
//! those spans. Deterministic for a given seed; never used for real data.

use crate::model::{
    Annotator, AnnotatorId, Argument, AttrValue, AttributeId, CharRange, Document, DocumentBuilder,
    Edit, Event, EventId, LabelId, PartialDate, Project, Quantity, Relation, RelationId,
    RelationTypeId, RoleId, Schema, SpanId, Timestamp,
};

const WORDS: &[&str] = &[
    "جماعة",
    "نصرة",
    "الإسلام",
    "والمسلمين",
    "هجوم",
    "على",
    "قاعدة",
    "عسكرية",
    "قرب",
    "تمبكتو",
    "بمالي",
    "الجيش",
    "المالي",
    "مجموعة",
    "فاغنر",
    "حصار",
    "المدينة",
    "منطقة",
    "الساحل",
    "في",
    "2023",
    "أغسطس",
    "قتيلاً",
    "أكثر",
    "من",
    "40",
    "وقال",
    "مسؤول",
    "محلي",
    "إن",
    "الحركات",
    "الأزوادية",
    "سيطرت",
    "بلدة",
    "بير",
    "(JNIM)",
    "كيدال",
    "غاو",
    "موبتي",
    "النيجر",
    "وبوركينا",
    "فاسو",
    "تحالف",
    "الانقلاب",
    "مطار",
    "قصف",
    "كمين",
    "قافلة",
    "١٢",
    "شخصًا",
];
const LABELS: [&str; 3] = ["GROUP", "PLACE", "EVENT"];

/// A text of about `chars` scalar values: words, punctuation and a line break every ~60 words.
pub fn arabic_text(chars: usize, rng: &mut fastrand::Rng) -> String {
    let mut text = String::with_capacity(chars * 2);
    let mut count = 0;
    let mut words = 0;
    while count < chars {
        let word = WORDS[rng.usize(..WORDS.len())];
        text.push_str(word);
        count += word.chars().count();
        words += 1;
        let sep = if words % 60 == 0 {
            "\n"
        } else if words % 13 == 0 {
            "، "
        } else if words % 17 == 0 {
            ". "
        } else {
            " "
        };
        text.push_str(sep);
        count += sep.chars().count();
    }
    text
}

/// A project of `docs` documents of about `chars` characters with `spans` spans in all,
/// placed on word boundaries (some nested).
pub fn project(docs: usize, chars: usize, spans: usize, seed: u64) -> Project {
    project_with_frames(docs, chars, spans, 0, 0, seed)
}

/// As [`project`], with `events` events and `relations` relations spread evenly over the
/// documents (as far as each document's spans allow: a trigger is an EVENT span, arguments
/// GROUP and PLACE spans, a relation links two GROUP spans). Labels go round GROUP, PLACE,
/// EVENT so every document has enough of each; events carry a date, fatalities and
/// factuality, some arguments and relations fall in another sentence.
pub fn project_with_frames(
    docs: usize,
    chars: usize,
    spans: usize,
    events: usize,
    relations: usize,
    seed: u64,
) -> Project {
    let mut rng = fastrand::Rng::with_seed(seed);
    let annotator = Annotator {
        id: AnnotatorId("a-synthetic".into()),
        name: "Synthetic".into(),
    };
    let mut project = Project::new("synthetic", annotator.clone());
    let now = Timestamp("2026-01-01T00:00:00Z".into());
    let mut next_id = 1u64;
    let mut documents = Vec::with_capacity(docs);
    for d in 0..docs {
        let text = format!("وثيقة {d}\n{}", arabic_text(chars, &mut rng));
        let doc = Document::new(format!("وثيقة {d}"), format!("synthetic-{d}.txt"), text);
        let words: Vec<(usize, usize)> = word_ranges(doc.text());
        let mut doc = DocumentBuilder::new(doc);
        let per_doc = spans / docs + usize::from(d < spans % docs);
        // With frames, a range and label drawn twice is drawn again, so the count is exact.
        let attempts = if events + relations > 0 {
            per_doc * 10
        } else {
            per_doc
        };
        let mut added = 0;
        for _ in 0..attempts {
            if added == per_doc {
                break;
            }
            let first = rng.usize(..words.len());
            let last = (first + rng.usize(0..3)).min(words.len() - 1);
            let range = CharRange::new(words[first].0, words[last].1);
            let label = if events + relations > 0 {
                LabelId::new(LABELS[added % 3])
            } else {
                LabelId::new(LABELS[rng.usize(..3)])
            };
            let mut span = doc
                .new_span(range, label, &annotator.id, &now)
                .expect("word ranges lie inside the text");
            span.id = SpanId(next_id);
            next_id += 1;
            // A range and label drawn twice is one span.
            if doc.add_span(span, None).is_ok() {
                added += 1;
            }
        }
        let per_doc = |n: usize| n / docs + usize::from(d < n % docs);
        add_frames(
            &mut doc,
            per_doc(events),
            per_doc(relations),
            &mut next_id,
            &annotator.id,
            &now,
            &mut rng,
        );
        documents.push(doc.finish());
    }
    project
        .apply(Edit::AddDocuments { docs: documents }, &now)
        .expect("synthetic documents are valid");
    project
}

/// Events and relations on the spans of one document being built.
fn add_frames(
    doc: &mut DocumentBuilder,
    events: usize,
    relations: usize,
    next_id: &mut u64,
    author: &AnnotatorId,
    now: &Timestamp,
    rng: &mut fastrand::Rng,
) {
    if events + relations == 0 {
        return;
    }
    let schema = Schema::default();
    let of = |label: &str| -> Vec<SpanId> {
        doc.document()
            .spans()
            .iter()
            .filter(|s| s.label.as_str() == label)
            .map(|s| s.id)
            .collect()
    };
    let (triggers, groups, places) = (of("EVENT"), of("GROUP"), of("PLACE"));
    let types = &schema.event_types;
    let factuality = ["asserted", "claimed", "denied", "reported", "hypothetical"];
    for (k, &trigger) in triggers.iter().take(events).enumerate() {
        let ty = &types[rng.usize(..types.len())];
        let mut event = Event::new(trigger, ty.id.clone(), author.clone(), now);
        event.id = EventId(*next_id);
        *next_id += 1;
        let mut pick = |pool: &[SpanId], role: &str, n: usize| {
            for _ in 0..n {
                if pool.is_empty() {
                    return;
                }
                let span = pool[rng.usize(..pool.len())];
                let arg = Argument {
                    role: RoleId::new(role),
                    span,
                };
                if !event.args.contains(&arg) {
                    event.args.push(arg);
                }
            }
        };
        pick(&groups, "Actor", 1 + k % 2);
        pick(&groups, "Target", k % 2);
        pick(&places, "Place", 1 + k % 3 / 2);
        let date = ["2023-08-20", "2023-08", "2024"][k % 3];
        let attrs = [
            (
                "date",
                AttrValue::Date(PartialDate::parse(date).expect("a valid date")),
            ),
            (
                "fatalities",
                AttrValue::Number(match k % 3 {
                    0 => Quantity::exactly(k as u64 % 50),
                    1 => Quantity::at_least(40),
                    _ => Quantity {
                        low: 3,
                        high: Some(5),
                    },
                }),
            ),
            (
                "factuality",
                AttrValue::Choice(factuality[k % factuality.len()].to_owned()),
            ),
        ];
        for (id, value) in attrs {
            event.attrs.insert(AttributeId::new(id), value);
        }
        // The spans were picked from this document with kinds the roles accept.
        let _ = doc.add_event(event, &schema);
    }
    for k in 0..relations.min(groups.len() / 2) {
        let mut relation = Relation::new(
            RelationTypeId::new(["branch_of", "allied_with", "truce_with"][k % 3]),
            groups[2 * k],
            groups[2 * k + 1],
            author.clone(),
            now,
        );
        relation.id = RelationId(*next_id);
        *next_id += 1;
        let _ = doc.add_relation(relation, &schema);
    }
}

/// Char ranges of the whitespace-separated words of `text`.
fn word_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    let mut n = 0;
    for c in text.chars() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((s, n));
                start = None;
            }
            (false, None) => start = Some(n),
            _ => {}
        }
        n += 1;
    }
    if let Some(s) = start {
        out.push((s, n));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn synthetic_project_is_valid() {
        let p = super::project(5, 2000, 120, 7);
        assert_eq!(p.documents().len(), 5);
        assert!(p.span_count() > 100);
        assert!(p.validate().is_empty(), "{:?}", p.validate());
        let len = p.documents()[0].len_chars();
        assert!((2000..2100).contains(&len), "{len}");
    }

    #[test]
    fn synthetic_frames_are_valid_and_counted() {
        let p = super::project_with_frames(10, 2000, 500, 100, 50, 7);
        assert!(p.validate().is_empty(), "{:?}", p.validate());
        assert_eq!(p.span_count(), 500);
        assert_eq!(p.event_count(), 100);
        assert_eq!(p.relation_count(), 50);
    }
}
