//! Readers on hand-written inputs in the shapes other tools produce: CoNLL-2003 style IOB1
//! with POS columns, brat with a relation and bad lines, Label Studio offsets after emoji and
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
    assert!(parsed.notices.is_empty(), "{:?}", parsed.notices);
    assert_eq!(d.relations.len(), 1, "the relation is read");
    assert_eq!((d.relations[0].head, d.relations[0].tail), (0, 1));
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
        attrs: Vec::new(),
        entity: None,
        origin: Location::line(file, line),
    };
    let mut project = Project::new("p", Annotator::new("A"));
    let now = Timestamp("2026-11-21T10:00:00Z".into());
    let text = "هجوم قرب غاو";
    let imported =
        |spans| ImportedDoc::with_spans("t".into(), "in.jsonl".into(), text.into(), spans);
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

#[test]
fn doccano_and_labelstudio_refuse_dangling_references_naming_the_line_or_task() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "r.jsonl",
        concat!(
            "{\"text\": \"كمين قرب بير\", \"entities\": [",
            "{\"id\": 1, \"start_offset\": 0, \"end_offset\": 4, \"label\": \"EVENT\"},",
            "{\"id\": 2, \"start_offset\": 9, \"end_offset\": 12, \"label\": \"PLACE\"}],",
            "\"relations\": [{\"id\": 1, \"from_id\": 1, \"to_id\": 9, \"type\": \"Place\"}],",
            "\"hamish_events\": [{\"trigger\": 1, \"type\": \"attack\", \"args\": [{\"role\": \"Place\", \"entity\": 7}]}]}\n"
        ),
    );
    let parsed = doccano::read(&p).unwrap();
    let said: Vec<String> = parsed.problems.iter().map(ToString::to_string).collect();
    assert_eq!(said.len(), 2, "{said:?}");
    assert!(
        said.iter()
            .all(|m| m.starts_with(&format!("{}:1: ", p.display()))),
        "{said:?}"
    );
    assert!(said.iter().any(|m| m.contains("entity 7")), "{said:?}");
    assert!(said.iter().any(|m| m.contains("to_id 9")), "{said:?}");
    assert!(parsed.docs[0].events.is_empty() && parsed.docs[0].relations.is_empty());

    let p = write(
        dir.path(),
        "t.json",
        r#"[{"id": 3, "data": {"text": "🔥 كمين قرب بير"}, "annotations": [{"result": [
            {"id": "a", "type": "labels", "value": {"start": 3, "end": 7, "text": "كمين", "labels": ["EVENT"]}},
            {"type": "relation", "from_id": "a", "to_id": "zz", "direction": "right", "labels": ["Place"]}
        ]}]}]"#,
    );
    let parsed = labelstudio::read(&p).unwrap();
    assert_eq!(parsed.problems.len(), 1, "{:?}", parsed.problems);
    let said = parsed.problems[0].to_string();
    assert!(
        said.contains("task 1 (id 3)") && said.contains("zz"),
        "{said}"
    );
}

#[test]
fn role_relations_become_events_only_when_the_type_is_clear() {
    let file = Path::new("in.jsonl");
    let text = "كمين قرب بير";
    let span = |start: usize, end: usize, label: &str| ImportedSpan {
        start: CharOffset(start),
        end: CharOffset(end),
        label: label.into(),
        note: None,
        attrs: Vec::new(),
        entity: None,
        origin: Location::line(file, 1),
    };
    let doc = |trigger_label: &str| {
        let mut d = ImportedDoc::with_spans(
            "t".into(),
            "in.jsonl".into(),
            text.into(),
            vec![span(0, 4, trigger_label), span(9, 12, "PLACE")],
        );
        d.relations.push(ImportedRelation {
            kind: "Place".into(),
            head: 0,
            tail: 1,
            note: None,
            origin: Location::line(file, 1),
        });
        d
    };
    let now = Timestamp("2026-11-21T10:00:00Z".into());
    // The trigger's label names an event type: an event, and that label is of kind Event.
    let mut project = Project::new("p", Annotator::new("A"));
    let merged = merge(&project, vec![doc("attack")], &LabelMap::default(), &now);
    assert!(merged.problems.is_empty(), "{:?}", merged.problems);
    assert_eq!((merged.new_events, merged.new_relations), (1, 0));
    project.apply(merged.edit.unwrap(), &now).unwrap();
    let d = &project.documents()[0];
    assert_eq!(d.events()[0].event_type.as_str(), "attack");
    assert_eq!(d.events()[0].args[0].role.as_str(), "Place");
    assert!(project.validate().is_empty());
    // EVENT names no type and every ACLED type has a Place role: it stays a relation, whose
    // type is added to the schema with a notice.
    let mut project = Project::new("p", Annotator::new("A"));
    let merged = merge(&project, vec![doc("EVENT")], &LabelMap::default(), &now);
    assert_eq!((merged.new_events, merged.new_relations), (0, 1));
    assert!(
        merged
            .notices
            .iter()
            .any(|n| n.contains("relation type \"Place\"")),
        "{:?}",
        merged.notices
    );
    project.apply(merged.edit.unwrap(), &now).unwrap();
    assert!(project.validate().is_empty());
}

#[test]
fn frames_merge_into_a_document_the_project_has_and_bad_values_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "كمين قرب بير");
    let ann = write(
        dir.path(),
        "a.ann",
        "T1\tEVENT 0 4\tكمين\nT2\tPLACE 9 12\tبير\nT3\tattack 0 4\tكمين\nE1\tattack:T3 Place:T2\nA1\tdate E1 2023-02-30\nA2\tfatalities E1 40+\n",
    );
    let now = Timestamp("2026-11-21T10:00:00Z".into());
    let mut project = Project::new("p", Annotator::new("A"));
    // First only the spans, then the same file with its frames: they go onto those spans.
    let mut spans_only = brat::read(dir.path()).unwrap().docs;
    spans_only[0].events.clear();
    let merged = merge(&project, spans_only, &LabelMap::default(), &now);
    project.apply(merged.edit.unwrap(), &now).unwrap();
    assert_eq!((project.span_count(), project.event_count()), (2, 0));
    let parsed = brat::read(dir.path()).unwrap();
    let merged = merge(&project, parsed.docs, &LabelMap::default(), &now);
    assert_eq!((merged.new_spans, merged.new_events), (0, 1));
    let said: Vec<String> = merged.problems.iter().map(ToString::to_string).collect();
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(
        said[0].starts_with(&format!("{}:4: attribute date", ann.display())),
        "{said:?}"
    );
    project.apply(merged.edit.unwrap(), &now).unwrap();
    assert!(project.validate().is_empty());
    let e = &project.documents()[0].events()[0];
    assert_eq!(e.attrs.len(), 1, "the good attribute is kept");
    assert_eq!(
        e.trigger,
        project.documents()[0].spans()[0].id,
        "the trigger is the EVENT span"
    );
}
