//! The report of conflicts left after an automatic merge, as JSON or CSV: one record per
//! undecided cluster, with every annotator's version; then ([`frame_conflict_records`]) one
//! per undecided event group (kind `event conflict`, each version an annotator's frame: the
//! trigger's range, the type as label, the trigger and arguments and attributes as text) and
//! per undecided relation group (kind `relation conflict`, the head's range, the type,
//! `head → tail`). Annotators with the same version share it.

use super::adjudication::Adjudication;
use super::frame_adjudication::{EventRef, RelationRef};
use serde::Serialize;

/// One annotator version inside a conflict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Version {
    pub start: usize,
    pub end: usize,
    pub label: String,
    pub text: String,
    pub annotators: Vec<String>,
}

/// One conflict: a cluster of overlapping spans nobody has decided yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConflictRecord {
    pub document: String,
    pub title: String,
    pub kind: String,
    pub start: usize,
    pub end: usize,
    pub versions: Vec<Version>,
    /// Annotators who have the document but no span here (no event or relation, for a frame
    /// conflict).
    pub without_span: Vec<String>,
}

/// The undecided clusters of `adj` as records.
pub fn conflict_records(adj: &Adjudication) -> Vec<ConflictRecord> {
    adj.undecided()
        .into_iter()
        .map(|at| {
            let doc = &adj.alignment.documents[at.doc];
            let cluster = adj.cluster(at);
            let with = cluster.annotators();
            ConflictRecord {
                document: doc.id.to_string(),
                title: doc.title.clone(),
                kind: cluster.kind.name().to_owned(),
                start: cluster.range.start.get(),
                end: cluster.range.end.get(),
                versions: cluster
                    .candidates
                    .iter()
                    .map(|c| Version {
                        start: c.range.start.get(),
                        end: c.range.end.get(),
                        label: c.label.to_string(),
                        text: c.text.clone(),
                        annotators: adj.alignment.names(&c.annotators),
                    })
                    .collect(),
                without_span: doc
                    .present
                    .iter()
                    .filter(|a| !with.contains(a))
                    .map(|&a| adj.alignment.annotators[a].clone())
                    .collect(),
            }
        })
        .collect()
}

/// The undecided event and relation groups of `adj` as records.
pub fn frame_conflict_records(adj: &Adjudication) -> Vec<ConflictRecord> {
    let n = adj.alignment.annotators.len();
    let mut out = Vec::new();
    let record = |doc: usize, kind: &str, range: (usize, usize), found: Vec<(usize, Version)>| {
        let aligned = &adj.alignment.documents[doc];
        let mut versions: Vec<Version> = Vec::new();
        for (_, v) in found.iter() {
            match versions.iter_mut().find(|w| {
                (w.start, w.end, &w.label, &w.text) == (v.start, v.end, &v.label, &v.text)
            }) {
                Some(w) => w.annotators.extend(v.annotators.iter().cloned()),
                None => versions.push(v.clone()),
            }
        }
        ConflictRecord {
            document: aligned.id.to_string(),
            title: aligned.title.clone(),
            kind: kind.to_owned(),
            start: range.0,
            end: range.1,
            versions,
            without_span: aligned
                .present
                .iter()
                .filter(|a| !found.iter().any(|(b, _)| b == *a))
                .map(|&a| adj.alignment.annotators[a].clone())
                .collect(),
        }
    };
    for at in adj.undecided_events() {
        let group = &adj.event_groups(at.doc)[at.group];
        let found = (0..n)
            .filter_map(|a| Some((a, event_version(adj, at, a)?)))
            .collect();
        out.push(record(
            at.doc,
            "event conflict",
            (group.range.start.get(), group.range.end.get()),
            found,
        ));
    }
    for at in adj.undecided_relations() {
        let group = &adj.relation_groups(at.doc)[at.group];
        let found = (0..n)
            .filter_map(|a| Some((a, relation_version(adj, at, a)?)))
            .collect();
        out.push(record(
            at.doc,
            "relation conflict",
            (group.range.start.get(), group.range.end.get()),
            found,
        ));
    }
    out
}

/// Annotator `a`'s frame in an event group as a version.
fn event_version(adj: &Adjudication, at: EventRef, a: usize) -> Option<Version> {
    let event = adj.group_event(at, a)?;
    let span = |id| adj.annotator_span(at.doc, a, id);
    let trigger = span(event.trigger)?;
    let mut text = format!("«{}»", trigger.text());
    for arg in &event.args {
        if let Some(s) = span(arg.span) {
            text.push_str(&format!(" {} «{}»", arg.role, s.text()));
        }
    }
    for (id, value) in &event.attrs {
        text.push_str(&format!(" {id}={value}"));
    }
    Some(Version {
        start: trigger.start().get(),
        end: trigger.end().get(),
        label: event.event_type.to_string(),
        text,
        annotators: vec![adj.alignment.annotators[a].clone()],
    })
}

/// Annotator `a`'s relation in a relation group as a version.
fn relation_version(adj: &Adjudication, at: RelationRef, a: usize) -> Option<Version> {
    let relation = adj.group_relation(at, a)?;
    let head = adj.annotator_span(at.doc, a, relation.head)?;
    let tail = adj.annotator_span(at.doc, a, relation.tail)?;
    Some(Version {
        start: head.start().get(),
        end: head.end().get(),
        label: relation.kind.to_string(),
        text: format!("«{}» → «{}»", head.text(), tail.text()),
        annotators: vec![adj.alignment.annotators[a].clone()],
    })
}

pub fn conflicts_json(records: &[ConflictRecord]) -> String {
    let mut s = serde_json::to_string_pretty(records).expect("records serialise");
    s.push('\n');
    s
}

/// One CSV row per version: `document,title,kind,cluster_start,cluster_end,start,end,label,
/// text,annotators,without_span` (name lists joined with `;`).
pub fn conflicts_csv(records: &[ConflictRecord]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "document",
        "title",
        "kind",
        "cluster_start",
        "cluster_end",
        "start",
        "end",
        "label",
        "text",
        "annotators",
        "without_span",
    ]);
    for r in records {
        for v in &r.versions {
            let _ = w.write_record([
                r.document.as_str(),
                r.title.as_str(),
                r.kind.as_str(),
                &r.start.to_string(),
                &r.end.to_string(),
                &v.start.to_string(),
                &v.end.to_string(),
                v.label.as_str(),
                v.text.as_str(),
                &v.annotators.join(";"),
                &r.without_span.join(";"),
            ]);
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Timestamp;
    use crate::review::align::tests::{TEXT, project};
    use crate::review::merge::{Strategy, merge};

    #[test]
    fn records_json_and_csv() {
        let a = project("A", &[TEXT], &[(0, 36, 43, "PLACE")]);
        let b = project("B", &[TEXT], &[(0, 37, 43, "PLACE")]);
        let names = vec!["A".to_owned(), "B".to_owned()];
        let now = Timestamp("2026-11-22T00:00:00Z".into());
        let (_, adj) = merge(&[&a, &b], &names, Strategy::Agreed, &now);
        let records = conflict_records(&adj);
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].kind, "boundary conflict");
        assert_eq!(records[0].versions[0].text, "وتمبكتو");
        let json: serde_json::Value = serde_json::from_str(&conflicts_json(&records)).unwrap();
        assert_eq!(json[0]["versions"][1]["annotators"][0], "B");
        let csv = conflicts_csv(&records);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(
            lines[1].ends_with(",36,43,36,43,PLACE,وتمبكتو,A,"),
            "{}",
            lines[1]
        );
    }

    #[test]
    fn frame_conflicts_are_records_too() {
        use crate::review::frames::tests::{SPANS, framed};
        let a = framed(
            "A",
            &[TEXT],
            &SPANS,
            &[(0, "armed_clash", &[("Place", 2)], &[])],
            &[],
        );
        let b = framed(
            "B",
            &[TEXT],
            &SPANS,
            &[(0, "attack", &[("Place", 2)], &[])],
            &[("located_in", 2, 3)],
        );
        let names = vec!["A".to_owned(), "B".to_owned()];
        let now = Timestamp("2026-11-22T00:00:00Z".into());
        let (_, adj) = merge(&[&a, &b], &names, Strategy::Agreed, &now);
        let records = frame_conflict_records(&adj);
        let kinds: Vec<&str> = records.iter().map(|r| r.kind.as_str()).collect();
        assert_eq!(kinds, ["event conflict", "relation conflict"]);
        let labels: Vec<&str> = records[0]
            .versions
            .iter()
            .map(|v| v.label.as_str())
            .collect();
        assert_eq!(labels, ["armed_clash", "attack"]);
        assert_eq!(records[0].versions[1].text, "«هاجمت» Place «بوريم»");
        assert_eq!(records[1].versions[0].text, "«بوريم» → «تمبكتو»");
        assert_eq!(records[1].without_span, ["A"]);
        let csv = conflicts_csv(&records);
        assert_eq!(csv.lines().count(), 4, "{csv}");
    }
}
