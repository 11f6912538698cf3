//! Tests across formats: snapshots of the small fixture project, round trips through the
//! importers (or, for formats without one, through their JSON/CSV), refusal of spans a format
//! cannot carry, and property tests with random Arabic text, emoji and combining marks.

use super::fixture::small_project;
use super::*;
use crate::format::import::InputKind;
use crate::model::{
    Annotator, AnnotatorId, CharRange, Document, Edit, LabelId, Project, Span, SpanId, Timestamp,
};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

fn all_files(e: &Export) -> String {
    let mut out = String::new();
    for f in &e.files {
        if e.files.len() > 1 {
            out.push_str(&format!("=== {} ===\n", f.path.display()));
        }
        out.push_str(std::str::from_utf8(&f.contents).unwrap());
    }
    out
}

fn run(p: &Project, format: Format, options: &ExportOptions) -> Export {
    match export(p, format, options) {
        Ok(e) => e,
        Err(ExportError::Verification { problems, .. }) => panic!("{format}: {problems:#?}"),
        Err(e) => panic!("{format}: {e}"),
    }
}

#[test]
fn snapshots_of_every_format() {
    let p = small_project();
    for format in Format::ALL {
        let e = run(&p, format, &ExportOptions::default());
        insta::assert_snapshot!(format!("small_{format}"), all_files(&e));
    }
    let bioes = ExportOptions {
        scheme: TagScheme::Bioes,
        nested: Layering::Columns,
        ..Default::default()
    };
    let e = run(&p, Format::Conll, &bioes);
    insta::assert_snapshot!("small_conll_bioes_columns", all_files(&e));
}

/// (start, end, label) of every span of every document, keyed by text.
type SpanSet = BTreeSet<(String, usize, usize, String)>;

fn spans_of(p: &Project) -> SpanSet {
    p.documents()
        .iter()
        .flat_map(|d| {
            d.spans().iter().map(|s| {
                (
                    d.text().to_owned(),
                    s.start().0,
                    s.end().0,
                    s.label.to_string(),
                )
            })
        })
        .collect()
}

/// Export, write, import with our own reader, and collect the spans.
fn through_importer(p: &Project, format: Format, kind: InputKind) -> SpanSet {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let e = run(p, format, &ExportOptions::default());
    write_export(&e, &out, false).unwrap();
    let parsed = kind.read(&out).unwrap();
    assert!(
        parsed.problems.is_empty(),
        "{format}: {:#?}",
        parsed.problems
    );
    parsed
        .docs
        .iter()
        .flat_map(|d| {
            d.spans
                .iter()
                .map(|s| (d.text.clone(), s.start.0, s.end.0, s.label.clone()))
        })
        .collect()
}

/// The spaCy export read back as JSON.
fn through_spacy_json(p: &Project) -> SpanSet {
    let e = run(p, Format::Spacy, &ExportOptions::default());
    let mut out = SpanSet::new();
    for line in std::str::from_utf8(&e.files[0].contents).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let text = v["text"].as_str().unwrap().to_owned();
        for key in ["spans", "overlapping_spans"] {
            for s in v[key].as_array().unwrap() {
                out.insert((
                    text.clone(),
                    s["start"].as_u64().unwrap() as usize,
                    s["end"].as_u64().unwrap() as usize,
                    s["label"].as_str().unwrap().to_owned(),
                ));
            }
        }
    }
    out
}

/// The CSV export read back with the csv crate.
fn through_csv(p: &Project) -> SpanSet {
    let e = run(p, Format::Csv, &ExportOptions::default());
    let mut r = ::csv::Reader::from_reader(e.files[0].contents.as_slice());
    let mut out = SpanSet::new();
    for row in r.records() {
        let row = row.unwrap();
        let doc = p
            .documents()
            .iter()
            .find(|d| d.id().as_str() == &row[1])
            .unwrap();
        out.insert((
            doc.text().to_owned(),
            row[4].parse().unwrap(),
            row[5].parse().unwrap(),
            row[2].to_owned(),
        ));
    }
    out
}

#[test]
fn round_trips_keep_every_span() {
    let p = small_project();
    let want = spans_of(&p);
    assert_eq!(
        through_importer(&p, Format::Doccano, InputKind::Doccano),
        want
    );
    assert_eq!(through_importer(&p, Format::Brat, InputKind::Brat), want);
    assert_eq!(
        through_importer(&p, Format::LabelStudio, InputKind::LabelStudio),
        want
    );
    assert_eq!(through_spacy_json(&p), want);
    assert_eq!(through_csv(&p), want);
}

/// (label, covered text) of the spans, for formats whose text is rebuilt from tokens.
fn labels_and_texts(docs: impl Iterator<Item = (String, String)>) -> BTreeSet<(String, String)> {
    docs.collect()
}

#[test]
fn conll_round_trip_keeps_labels_and_words() {
    let p = small_project();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.conll");
    let options = ExportOptions {
        nested: Layering::Columns,
        scheme: TagScheme::Bioes,
        ..Default::default()
    };
    write_export(&run(&p, Format::Conll, &options), &out, false).unwrap();
    let parsed = InputKind::Conll.read(&out).unwrap();
    assert!(parsed.problems.is_empty());
    assert_eq!(parsed.docs.len(), 3);
    let squash = |t: &str| t.split_whitespace().collect::<String>();
    let got = labels_and_texts(parsed.docs.iter().flat_map(|d| {
        d.spans.iter().map(|s| {
            let t: String = d
                .text
                .chars()
                .skip(s.start.0)
                .take(s.end.0 - s.start.0)
                .collect();
            (s.label.clone(), squash(&t))
        })
    }));
    let want = labels_and_texts(p.documents().iter().flat_map(|d| {
        d.spans()
            .iter()
            .map(|s| (s.label.to_string(), squash(s.text())))
    }));
    assert_eq!(got, want);
}

#[test]
fn filters_by_label_and_status() {
    let p = small_project();
    let options = ExportOptions {
        labels: Some(vec![LabelId::new("PLACE")]),
        statuses: Some(vec![crate::model::DocStatus::Done]),
        ..Default::default()
    };
    let e = run(&p, Format::Doccano, &options);
    assert_eq!(e.documents, 2);
    assert_eq!(e.spans, 4);
    let text = all_files(&e);
    assert!(!text.contains("GROUP") && !text.contains("حصار"));
    let bad = ExportOptions {
        labels: Some(vec![LabelId::new("NOPE")]),
        ..Default::default()
    };
    assert!(matches!(
        export(&p, Format::Csv, &bad),
        Err(ExportError::UnknownLabel(_))
    ));
}

fn span(doc: &Document, start: usize, end: usize, label: &str, id: u64) -> Span {
    let mut span = doc
        .new_span(
            CharRange::new(start, end),
            LabelId::new(label),
            &AnnotatorId("a-1".into()),
            &Timestamp("2026-11-21T10:00:00Z".into()),
        )
        .unwrap();
    span.id = SpanId(id);
    span
}

/// A project of the one document `d`.
fn with_document(d: Document) -> Project {
    let mut p = Project::new("p", Annotator::new("A"));
    p.apply(
        Edit::AddDocuments { docs: vec![d] },
        &Timestamp("2026-11-21T10:00:00Z".into()),
    )
    .unwrap();
    p
}

#[test]
fn refuses_what_a_format_cannot_carry_and_names_the_span() {
    let mut d = Document::new("t", "t.txt", "هجوم في غاو\nأمس");
    // " غاو": starts on a space, so no token can start there.
    d.add_span(span(&d, 7, 11, "PLACE", 1), None).unwrap();
    // "غاو\n": ends with a line end, which brat cannot write.
    d.add_span(span(&d, 8, 12, "PLACE", 2), None).unwrap();
    let p = with_document(d);
    for (format, expect) in [(Format::Conll, "whitespace"), (Format::Brat, "line end")] {
        match export(&p, format, &ExportOptions::default()) {
            Err(ExportError::Verification { problems, .. }) => {
                assert!(problems.iter().any(|m| m.contains(expect)), "{problems:#?}");
                assert!(
                    problems.iter().all(|m| m.contains("span ")),
                    "{problems:#?}"
                );
            }
            other => panic!(
                "{format}: expected a refusal, got {:?}",
                other.map(|e| e.files.len())
            ),
        }
    }
    // The offset formats carry both spans.
    run(&p, Format::Doccano, &ExportOptions::default());
    run(&p, Format::LabelStudio, &ExportOptions::default());
}

#[test]
fn labelstudio_offsets_are_utf16() {
    let mut d = Document::new("t", "t.txt", "🔥🔥 غاو");
    d.add_span(span(&d, 3, 6, "PLACE", 1), None).unwrap();
    let p = with_document(d);
    let e = run(&p, Format::LabelStudio, &ExportOptions::default());
    let v: serde_json::Value = serde_json::from_slice(&e.files[0].contents).unwrap();
    let value = &v[0]["annotations"][0]["result"][0]["value"];
    assert_eq!(
        (value["start"].as_u64(), value["end"].as_u64()),
        (Some(5), Some(8))
    );
}

// Random documents: Arabic letters, proclitics, diacritics, emoji (with skin tones and ZWJ),
// Latin, digits, punctuation, spaces and line ends; spans at random boundaries, trimmed so
// that they start and end on a non-space character.
fn arb_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "و",
        "تمبكتو",
        "غاو",
        "ب",
        "ل",
        "جماعة",
        "\u{64e}",
        "\u{651}",
        "\u{652}",
        "ـ",
        " ",
        " ",
        " ",
        "\n",
        "،",
        "؟",
        ".",
        "«",
        "»",
        "🔥",
        "👩🏽‍🚀",
        "🇲🇱",
        "Mali",
        "٢٠٢٤",
        "\u{200f}",
        "e\u{301}",
    ]);
    prop::collection::vec(pieces, 1..40).prop_map(|v| v.concat())
}

fn arb_project() -> impl Strategy<Value = Project> {
    (
        arb_text(),
        prop::collection::vec((0usize..200, 1usize..20, 0usize..3), 0..8),
    )
        .prop_map(|(text, raw)| {
            let mut d = Document::new("عنوان/../x", "x.txt", text.clone());
            let chars: Vec<char> = text.chars().collect();
            let n = chars.len();
            let labels = ["GROUP", "PLACE", "EVENT"];
            let mut seen = BTreeSet::new();
            for (k, (s, len, l)) in raw.into_iter().enumerate() {
                let mut s = s % n.max(1);
                let mut e = (s + len).min(n);
                while s < e && chars[s].is_whitespace() {
                    s += 1;
                }
                while e > s && chars[e - 1].is_whitespace() {
                    e -= 1;
                }
                if s < e && seen.insert((s, e, l)) {
                    d.add_span(span(&d, s, e, labels[l], k as u64 + 1), None)
                        .unwrap();
                }
            }
            with_document(d)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_projects_export_to_every_format_and_come_back(p in arb_project()) {
        prop_assert!(p.validate().is_empty());
        for format in Format::ALL {
            for nested in [Layering::Outermost, Layering::Columns] {
                let options = ExportOptions { nested, ..Default::default() };
                let r = export(&p, format, &options);
                prop_assert!(r.is_ok(), "{}: {:?}", format, r.err().map(|e| match e {
                    ExportError::Verification { problems, .. } => problems.join("\n"),
                    other => other.to_string(),
                }));
            }
        }
        let want = spans_of(&p);
        prop_assert_eq!(&through_importer(&p, Format::Doccano, InputKind::Doccano), &want);
        prop_assert_eq!(&through_importer(&p, Format::LabelStudio, InputKind::LabelStudio), &want);
        prop_assert_eq!(&through_spacy_json(&p), &want);
        prop_assert_eq!(&through_csv(&p), &want);
        // brat cannot carry spans that start or end with a line end; the trimming above rules
        // those out, so every span must come back.
        prop_assert_eq!(&through_importer(&p, Format::Brat, InputKind::Brat), &want);
    }
}

/// Export `p`, write it, read it back with our reader and merge it into an empty project.
fn imported_project(p: &Project, format: Format, kind: InputKind) -> Project {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let e = run(p, format, &ExportOptions::default());
    write_export(&e, &out, false).unwrap();
    let parsed = kind.read(&out).unwrap();
    assert!(
        parsed.problems.is_empty(),
        "{format}: {:#?}",
        parsed.problems
    );
    let now = Timestamp("2026-12-02T10:00:00Z".into());
    // The registry first, as `hamish entities import` would, so the links can come back.
    let mut back = Project::new("back", Annotator::new("B"));
    let registry = back.registry_import(p.entities()).unwrap();
    back.apply(registry.edit, &now).unwrap();
    let merged = crate::format::import::merge(&back, parsed.docs, &Default::default(), &now);
    assert!(
        merged.problems.is_empty(),
        "{format}: {:#?}",
        merged.problems
    );
    assert!(merged.notices.is_empty(), "{format}: {:#?}", merged.notices);
    back.apply(merged.edit.unwrap(), &now).unwrap();
    assert!(
        back.validate().is_empty(),
        "{format}: {:#?}",
        back.validate()
    );
    // The same files again change nothing.
    let again = crate::format::import::merge(
        &back,
        kind.read(&out).unwrap().docs,
        &Default::default(),
        &now,
    );
    assert!(
        again.edit.as_ref().is_none_or(Edit::is_noop),
        "{format}: a second import changes the project: {:#?}",
        again.edit
    );
    back
}

#[test]
fn round_trips_keep_events_relations_and_attributes() {
    use crate::format::canonical::canonical;
    // The fixture, and the shipped sample: 17 hand-written frames whose notes hold ": ".
    let sample = crate::format::parse_project(
        crate::assets::SAMPLE_PROJECT,
        std::path::Path::new("samples/sahel.hamish.ron"),
    )
    .unwrap()
    .project;
    for (p, events, relations) in [(small_project(), 3, 1), (sample, 17, 3)] {
        let want = canonical(&p);
        assert_eq!(p.event_count(), events);
        for (format, kind) in [
            (Format::Brat, InputKind::Brat),
            (Format::Doccano, InputKind::Doccano),
            (Format::LabelStudio, InputKind::LabelStudio),
        ] {
            let back = imported_project(&p, format, kind);
            assert_eq!(back.event_count(), events, "{format}");
            assert_eq!(back.relation_count(), relations, "{format}");
            let got = canonical(&back);
            for (text, doc) in &want {
                assert_eq!(got.get(text), Some(doc), "{format}: {text}");
            }
            assert_eq!(got.len(), want.len(), "{format}");
        }
    }
}

/// (text, start, end, label) → linked entity id of every span.
fn links_of(p: &Project) -> BTreeMap<(String, usize, usize, String), Option<String>> {
    p.documents()
        .iter()
        .flat_map(|d| {
            d.spans().iter().map(move |s| {
                (
                    (
                        d.text().to_owned(),
                        s.start().0,
                        s.end().0,
                        s.label.to_string(),
                    ),
                    s.entity.as_ref().map(|e| e.to_string()),
                )
            })
        })
        .collect()
}

#[test]
fn entity_links_come_back_through_brat_doccano_and_label_studio() {
    let sample = crate::assets::sample_project();
    for p in [small_project(), sample] {
        let want = links_of(&p);
        assert!(want.values().any(Option::is_some));
        for (format, kind) in [
            (Format::Brat, InputKind::Brat),
            (Format::Doccano, InputKind::Doccano),
            (Format::LabelStudio, InputKind::LabelStudio),
        ] {
            let back = imported_project(&p, format, kind);
            assert_eq!(links_of(&back), want, "{format}");
        }
    }
}

#[test]
fn links_to_entities_the_project_lacks_come_in_unlinked_with_a_notice() {
    let p = small_project();
    let linked = links_of(&p).values().filter(|e| e.is_some()).count();
    for (format, kind) in [
        (Format::Brat, InputKind::Brat),
        (Format::Doccano, InputKind::Doccano),
        (Format::LabelStudio, InputKind::LabelStudio),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        write_export(&run(&p, format, &ExportOptions::default()), &out, false).unwrap();
        let now = Timestamp("2026-12-02T10:00:00Z".into());
        let mut back = Project::new("back", Annotator::new("B"));
        let merged = crate::format::import::merge(
            &back,
            kind.read(&out).unwrap().docs,
            &Default::default(),
            &now,
        );
        assert!(
            merged.problems.is_empty(),
            "{format}: {:?}",
            merged.problems
        );
        let notice = format!("{linked} span(s) imported without their entity link");
        assert!(
            merged.notices.iter().any(|n| n.starts_with(&notice)),
            "{format}: {:?}",
            merged.notices
        );
        back.apply(merged.edit.unwrap(), &now).unwrap();
        assert_eq!(back.span_count(), p.span_count(), "{format}: no span lost");
        assert!(back.validate().is_empty());
        assert!(links_of(&back).values().all(Option::is_none));
    }
}

#[test]
fn frames_whose_spans_are_filtered_out_are_left_out_with_a_notice() {
    let p = small_project();
    let options = ExportOptions {
        labels: Some(vec![LabelId::new("EVENT"), LabelId::new("PLACE")]),
        ..Default::default()
    };
    for format in [Format::Brat, Format::Doccano, Format::LabelStudio] {
        let e = run(&p, format, &options);
        assert!(
            e.notices
                .iter()
                .any(|n| n.starts_with("3 event(s) or relation(s) not exported")),
            "{format}: {:?}",
            e.notices
        );
    }
}

#[test]
fn formats_without_frames_say_what_they_left_out() {
    let p = small_project();
    for format in Format::ALL.into_iter().filter(|f| f.drops_frames()) {
        let e = run(&p, format, &ExportOptions::default());
        let said = e.notices.join("\n");
        assert!(
            said.contains(&format!("3 events and 1 relation are not in {format}")),
            "{format}: {said}"
        );
    }
    // Only the documents selected count.
    let todo = ExportOptions {
        statuses: Some(vec![crate::model::DocStatus::Todo]),
        ..Default::default()
    };
    let e = run(&p, Format::Csv, &todo);
    assert!(
        e.notices
            .iter()
            .any(|n| n.starts_with("1 event is not in csv"))
    );
}
