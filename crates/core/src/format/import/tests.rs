//! Readers on hand-written inputs in the shapes other tools produce: CoNLL-2003 style IOB1
//! with POS columns, brat with relations and a bad line, Label Studio offsets after emoji and
//! inside a surrogate pair, doccano `entities`, and merging with `--map` and new labels.

use super::*;
use crate::model::{Annotator, CharOffset, Project, Timestamp};

fn write(dir: &Path, name: &str, content: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p
}

fn spans_text(d: &ImportedDoc) -> Vec<(String, String)> {
    d.spans
        .iter()
        .map(|s| {
            let t: String = d
                .text
                .chars()
                .skip(s.start.0)
                .take(s.end.0 - s.start.0)
                .collect();
            (s.label.clone(), t)
        })
        .collect()
}

#[test]
fn conll_iob1_with_pos_columns_and_bad_tags() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "x.conll",
        "-DOCSTART- -X- -X- O\n\nقتلى NN I-NP O\nفي IN I-PP O\nغاو NNP I-NP I-LOC\nوميناكا NNP I-NP I-LOC\n\nجماعة NN I-NP I-ORG\nنصرة NN I-NP I-ORG\nX NN I-NP BAD\n",
    );
    let parsed = conll::read(&p).unwrap();
    assert_eq!(parsed.docs.len(), 1);
    let d = &parsed.docs[0];
    assert_eq!(d.text, "قتلى في غاو وميناكا\nجماعة نصرة X");
    assert_eq!(
        spans_text(d),
        [
            ("LOC".into(), "غاو وميناكا".into()),
            ("ORG".into(), "جماعة نصرة".into())
        ]
    );
    assert_eq!(parsed.problems.len(), 1);
    assert_eq!(
        parsed.problems[0].at.to_string(),
        format!("{}:10", p.display())
    );
}

#[test]
fn brat_reads_fragments_notes_and_reports_bad_lines() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "حصار\nتمبكتو 🔥 غاو");
    write(
        dir.path(),
        "a.ann",
        "T1\tEVENT 0 4;5 11\tحصار تمبكتو\nT2\tPLACE 14 17\tغاو\n#1\tAnnotatorNotes T2\tمدينة\nR1\tNear Arg1:T1 Arg2:T2\nT3\tPLACE 14 99\tغاو\nT4\tPLACE 14 16\tغاو\n",
    );
    let parsed = brat::read(dir.path()).unwrap();
    let d = &parsed.docs[0];
    assert_eq!(
        spans_text(d),
        [
            ("EVENT".into(), "حصار\nتمبكتو".into()),
            ("PLACE".into(), "غاو".into())
        ]
    );
    assert_eq!(d.spans[1].note.as_deref(), Some("مدينة"));
    let lines: Vec<_> = parsed.problems.iter().map(|p| p.at.at.clone()).collect();
    assert_eq!(lines, ["5", "6"]);
    assert_eq!(parsed.notices.len(), 1);
}

#[test]
fn labelstudio_converts_utf16_and_refuses_split_pairs() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "t.json",
        r#"[{"id": 7, "data": {"text": "🔥🔥 غاو"}, "annotations": [{"result": [
            {"type": "labels", "value": {"start": 5, "end": 8, "text": "غاو", "labels": ["PLACE"]}},
            {"type": "labels", "value": {"start": 1, "end": 3, "labels": ["PLACE"]}},
            {"type": "labels", "value": {"start": 3, "end": 6, "text": "غاو", "labels": ["PLACE"]}}
        ]}]}]"#,
    );
    let parsed = labelstudio::read(&p).unwrap();
    let d = &parsed.docs[0];
    assert_eq!(d.spans.len(), 1);
    assert_eq!((d.spans[0].start.0, d.spans[0].end.0), (3, 6));
    assert_eq!(parsed.problems.len(), 2);
    assert!(parsed.problems[0].to_string().contains("task 1 (id 7)"));
}

#[test]
fn doccano_entities_crlf_and_merge_with_map() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "d.jsonl",
        "{\"text\": \"غاو\\r\\nجماعة\", \"entities\": [{\"start_offset\": 5, \"end_offset\": 10, \"label\": \"ORG\"}]}\n{\"text\": \"x\", \"label\": [[0, 1, \"MISC\"], [0, 1, \"MISC\"]]}\n",
    );
    let parsed = doccano::read(&p).unwrap();
    assert!(parsed.problems.is_empty());
    assert_eq!(
        spans_text(&parsed.docs[0]),
        [("ORG".into(), "جماعة".into())]
    );
    let mut project = Project::new("p", Annotator::new("A"));
    let map = LabelMap::parse(&["ORG=GROUP".into()]).unwrap();
    let now = Timestamp("2026-11-21T10:00:00Z".into());
    let merged = merge(&project, parsed.docs, &map, &now);
    assert_eq!(
        (merged.new_documents, merged.new_spans),
        (2, 2),
        "duplicate span dropped"
    );
    assert_eq!(merged.notices.len(), 1, "{:?}", merged.notices);
    assert!(merged.notices[0].contains("MISC"));
    project.apply(merged.edit.unwrap(), &now).unwrap();
    assert!(project.validate().is_empty());
    assert!(
        project
            .schema()
            .contains(&crate::model::LabelId::new("MISC"))
    );
    assert_eq!(project.documents()[0].spans()[0].label.as_str(), "GROUP");
    assert!(LabelMap::parse(&["nope".into()]).is_err());
}

#[test]
fn merge_refuses_bad_spans_by_file_and_place_and_keeps_the_rest() {
    let file = Path::new("in.jsonl");
    let span = |start: usize, end: usize, label: &str, line: usize| ImportedSpan {
        start: CharOffset(start),
        end: CharOffset(end),
        label: label.into(),
        note: None,
        origin: Location::line(file, line),
    };
    let mut project = Project::new("p", Annotator::new("A"));
    let now = Timestamp("2026-11-21T10:00:00Z".into());
    let text = "هجوم قرب غاو";
    let imported = |spans| ImportedDoc {
        title: "t".into(),
        source: "in.jsonl".into(),
        text: text.into(),
        spans,
    };
    let merged = merge(
        &project,
        vec![imported(vec![
            span(9, 12, "PLACE", 1),
            span(9, 40, "PLACE", 2),
            span(5, 5, "PLACE", 3),
            span(9, 12, "PLACE", 4),
        ])],
        &LabelMap::default(),
        &now,
    );
    let problems: Vec<String> = merged.problems.iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].starts_with("in.jsonl:2: span 9..40 (PLACE)")
            && problems[0].contains("outside the text"),
        "{problems:?}"
    );
    assert!(
        problems[1].starts_with("in.jsonl:3: span 5..5"),
        "{problems:?}"
    );
    assert_eq!((merged.new_documents, merged.new_spans), (1, 1));
    project.apply(merged.edit.unwrap(), &now).unwrap();
    assert!(project.validate().is_empty());
    // The same file again: the document is known, its span a duplicate, the bad ones refused.
    let again = merge(
        &project,
        vec![imported(vec![
            span(9, 12, "PLACE", 1),
            span(0, 4, "EVENT", 5),
            span(3, 99, "EVENT", 6),
        ])],
        &LabelMap::default(),
        &now,
    );
    assert_eq!((again.new_documents, again.new_spans), (0, 1));
    assert_eq!(again.problems.len(), 1);
    assert!(again.problems[0].to_string().starts_with("in.jsonl:6: "));
    project.apply(again.edit.unwrap(), &now).unwrap();
    assert_eq!(project.span_count(), 2);
    assert!(project.validate().is_empty());
}
