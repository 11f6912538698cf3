//! The report of conflicts left after an automatic merge, as JSON or CSV: one record per
//! undecided cluster, with every annotator's version.

use super::adjudication::Adjudication;
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
    /// Annotators who have the document but no span here.
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
}
