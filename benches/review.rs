//! Agreement and automatic merge for 3 annotators × 1,000 documents × 50 spans (target:
//! ≤ 200 ms together), and agreement with events: the same documents with 10 events each
//! (trigger, 2–3 arguments, date, fatalities, factuality), varied by each annotator the way
//! the spans are (an argument dropped, another type, a date a day off), aligned and reported
//! with the frame comparison included (target: ≤ 300 ms). Run: `cargo bench --bench review`
//! (`-- --quick` for a short run).

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use hamish::model::{
    Annotator, AnnotatorId, Argument, AttrValue, AttributeId, CharRange, Document, Edit, Event,
    EventId, LabelId, PartialDate, Project, Quantity, RoleId, Schema, Span, SpanId, Timestamp,
};
use hamish::review::merge::{Strategy, auto_decide};
use hamish::review::{Adjudication, AgreementReport, Alignment};
use std::hint::black_box;

const WORDS: [&str; 8] = [
    "هجوم",
    "تمبكتو",
    "جماعة",
    "الجيش",
    "قرب",
    "بلدة",
    "مسلحون",
    "أمس",
];
const LABELS: [&str; 3] = ["GROUP", "PLACE", "EVENT"];

/// 1,000 documents of 120 words; every second word of the first 100 is a span (50 per
/// document). Annotator `a` relabels, shifts or drops some of them; with `events`, each
/// document also gets 10 events ([`add_events`]).
fn annotator(a: usize, events: bool) -> Project {
    let mut p = Project::new("bench", Annotator::new(format!("annotator {a}")));
    p.annotator.id = AnnotatorId(format!("a-{a}"));
    let now = Timestamp("2026-11-22T00:00:00Z".into());
    let mut docs = Vec::new();
    for d in 0..1000 {
        let words: Vec<&str> = (0..120).map(|w| WORDS[(w * 7 + d) % WORDS.len()]).collect();
        let text = format!("{} {d}", words.join(" "));
        let mut doc = Document::new(format!("doc {d}"), format!("{d}.txt"), text);
        // The label each span position k got from this annotator, if a span.
        let mut labelled: Vec<Option<(SpanId, &str)>> = vec![None; 50];
        let mut start = 0;
        for (w, word) in words.iter().enumerate() {
            let len = word.chars().count();
            let k = w / 2;
            if w % 2 == 0 && w < 100 && !(k + d + a).is_multiple_of(13) {
                let mut label = LABELS[(k + d) % 3];
                if (k + a).is_multiple_of(7) {
                    label = LABELS[(k + d + 1) % 3];
                }
                let mut range = CharRange::new(start, start + len);
                if (k + a).is_multiple_of(11) {
                    range.start.0 += 1;
                }
                let mut span = doc
                    .new_span(range, LabelId::new(label), &p.annotator.id, &now)
                    .unwrap();
                span.id = SpanId((d * 1000 + w) as u64 + 1);
                labelled[k] = Some((span.id, label));
                doc.add_span(span, None).unwrap();
            }
            start += len + 1;
        }
        if events {
            add_events(&mut doc, &labelled, d, a, p.schema(), &p.annotator.id, &now);
        }
        docs.push(doc);
    }
    p.apply(Edit::AddDocuments { docs }, &now).unwrap();
    p
}

/// Ten events on document `d`: the j-th on the j-th span position meant as a trigger (EVENT),
/// with the GROUP after it as Actor, the PLACE before it as Place and, every second event, the
/// GROUP four positions on as Target; a type of the default taxonomy, a date, fatalities and
/// a factuality. Annotator `a` loses what it did not label as meant (an event without its
/// trigger, an argument without its span) and varies the rest: drops an argument, gives
/// another type, puts the date a day later, reads "claimed" for "asserted".
fn add_events(
    doc: &mut Document,
    labelled: &[Option<(SpanId, &str)>],
    d: usize,
    a: usize,
    schema: &Schema,
    author: &AnnotatorId,
    now: &Timestamp,
) {
    let triggers = (1..46).filter(|k| (k + d) % 3 == 2).take(10);
    for (j, k) in triggers.enumerate() {
        let with = |k: usize, label: &str| match labelled[k] {
            Some((id, l)) if l == label => Some(id),
            _ => None,
        };
        let Some(trigger) = with(k, "EVENT") else {
            continue;
        };
        let vary = |m: usize| (j + d + a).is_multiple_of(m);
        let ty = &schema.event_types[(j + d + usize::from(vary(7))) % schema.event_types.len()];
        let mut event = Event::new(trigger, ty.id.clone(), author.clone(), now);
        event.id = EventId((d * 100 + j) as u64 + 1);
        let mut args = vec![("Actor", k + 1, "GROUP"), ("Place", k - 1, "PLACE")];
        if j % 2 == 1 {
            args.push(("Target", k + 4, "GROUP"));
        }
        if vary(5) {
            args.pop();
        }
        event.args = args
            .into_iter()
            .filter_map(|(role, k, label)| {
                with(k, label).map(|span| Argument {
                    role: RoleId::new(role),
                    span,
                })
            })
            .collect();
        let day = (j + d) % 27 + 1 + usize::from(vary(6));
        let date = PartialDate::parse(&format!("2023-{:02}-{day:02}", d % 12 + 1)).unwrap();
        event
            .attrs
            .insert(AttributeId::new("date"), AttrValue::Date(date));
        event.attrs.insert(
            AttributeId::new("fatalities"),
            AttrValue::Number(Quantity::exactly((j * 3 + d % 5) as u64)),
        );
        let factuality = if vary(4) { "claimed" } else { "asserted" };
        event.attrs.insert(
            AttributeId::new("factuality"),
            AttrValue::Choice(factuality.to_owned()),
        );
        doc.add_event(event, schema).unwrap();
    }
}

fn bench(c: &mut Criterion) {
    let projects: Vec<Project> = (0..3).map(|a| annotator(a, false)).collect();
    let refs: Vec<&Project> = projects.iter().collect();
    assert_eq!(projects[0].documents().len(), 1000);
    let labels: Vec<LabelId> = LABELS.iter().map(|l| LabelId::new(*l)).collect();
    let names: Vec<String> = (0..3).map(|a| format!("annotator {a}")).collect();
    let now = Timestamp("2026-11-22T00:00:00Z".into());
    // As `hamish merge` and the review panel do: the loaded projects move into one alignment
    // that serves both the report and the merge. Cloning the input is setup, not timed.
    c.bench_function("agreement + merge, 3 × 1000 docs × ~50 spans", |b| {
        b.iter_batched(
            || projects.clone(),
            |owned| {
                let mut adj = Adjudication::from_projects(owned, &names);
                let report = AgreementReport::compute(&adj.alignment, &labels);
                auto_decide(&mut adj, Strategy::Majority, &now);
                let gold = adj.gold();
                black_box((report.alpha, gold.span_count()))
            },
            BatchSize::LargeInput,
        )
    });
    // Agreement with events: what `hamish agree` does with the loaded projects (moved into
    // the alignment, then the report, frames included). Cloning the input is setup.
    let with_events: Vec<Project> = (0..3).map(|a| annotator(a, true)).collect();
    let event_refs: Vec<&Project> = with_events.iter().collect();
    // 10 meant per document; each annotator misses those whose trigger it left out or
    // labelled otherwise (about one in five).
    let events: Vec<usize> = with_events
        .iter()
        .map(|p| p.documents().iter().map(|d| d.events().len()).sum())
        .collect();
    assert!(
        events.iter().all(|&n| (7000..=10_000).contains(&n)),
        "{events:?}"
    );
    eprintln!("events per annotator: {events:?}");
    c.bench_function(
        "agreement with events, 3 × 1000 docs × 50 spans + 10 events",
        |b| {
            b.iter_batched(
                || with_events.clone(),
                |owned| {
                    let al = Alignment::from_projects(owned, &names);
                    let report = AgreementReport::compute(&al, &labels);
                    black_box((report.alpha, report.frames.disagreements.len()))
                },
                BatchSize::LargeInput,
            )
        },
    );
    let event_al = Alignment::with_names(&event_refs, &names);
    // `DUMP_FRAMES=FILE` writes the report with events as JSON: diff two runs to check that
    // a change for speed changed no result.
    if let Ok(path) = std::env::var("DUMP_FRAMES") {
        let r = AgreementReport::compute(&event_al, &labels);
        std::fs::write(path, serde_json::to_string_pretty(&r).unwrap()).unwrap();
    }
    c.bench_function("part: frame report (events)", |b| {
        b.iter(|| hamish::review::FrameReport::compute(black_box(&event_al)))
    });
    // The parts, to see where the time goes.
    c.bench_function("part: alignment", |b| {
        b.iter(|| Alignment::with_names(black_box(&refs), &names))
    });
    c.bench_function("part: cloning every span (reference)", |b| {
        b.iter(|| {
            let copies: Vec<Vec<Vec<Span>>> = refs
                .iter()
                .map(|p| p.documents().iter().map(|d| d.spans().to_vec()).collect())
                .collect();
            black_box(copies)
        })
    });
    let al = Alignment::with_names(&refs, &names);
    c.bench_function("part: agreement report", |b| {
        b.iter(|| AgreementReport::compute(black_box(&al), &labels))
    });
    c.bench_function("part: token table", |b| {
        b.iter(|| hamish::review::report::TokenTable::new(black_box(&al), &labels))
    });
    c.bench_function("part: adjudication + majority + gold", |b| {
        b.iter(|| {
            let mut adj = Adjudication::new(black_box(&refs), &names);
            auto_decide(&mut adj, Strategy::Majority, &now);
            adj.gold()
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
