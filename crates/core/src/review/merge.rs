//! Automatic merging into a gold project: `hamish merge A B [C…] --strategy agreed|majority`.
//!
//! - `agreed`: a cluster goes into the gold when every annotator who has the document has every
//!   span of it (same range, same label); every other cluster is left as a conflict.
//! - `majority`: within a cluster, every candidate (range and label) that a strict majority of
//!   the document's annotators have is taken. A cluster where no candidate has a majority is
//!   rejected when fewer than a majority of annotators marked anything there (a minority's
//!   extra span), and left as a conflict when a majority marked something but disagree on what.
//!
//! Spans decided automatically record `auto:agreed` or `auto:majority` as the decider.

use super::adjudication::{Adjudication, Decision};
use super::align::Agreement;
use crate::model::{Project, Timestamp};

/// How `merge` decides clusters by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    Agreed,
    Majority,
}

impl Strategy {
    pub fn decider(self) -> &'static str {
        match self {
            Strategy::Agreed => "auto:agreed",
            Strategy::Majority => "auto:majority",
        }
    }
}

/// Decide what `strategy` can decide in `adj` (leaving earlier decisions alone); returns the
/// number of clusters decided.
pub fn auto_decide(adj: &mut Adjudication, strategy: Strategy, now: &Timestamp) -> usize {
    let by = strategy.decider();
    let mut decided = 0;
    for at in adj.undecided() {
        let present = adj.alignment.documents[at.doc].present.len();
        let cluster = adj.cluster(at);
        let decision = match strategy {
            Strategy::Agreed => (cluster.kind == Agreement::Agreed)
                .then(|| Decision::Take((0..cluster.candidates.len()).collect())),
            Strategy::Majority => {
                let majority = |k: usize| 2 * k > present;
                let picks: Vec<usize> = (0..cluster.candidates.len())
                    .filter(|&i| majority(cluster.candidates[i].annotators.len()))
                    .collect();
                if !picks.is_empty() {
                    Some(Decision::Take(picks))
                } else if !majority(cluster.annotators().len()) {
                    Some(Decision::RejectAll)
                } else {
                    None
                }
            }
        };
        if let Some(decision) = decision {
            adj.decide(at, decision, by, now, None);
            decided += 1;
        }
    }
    decided
}

/// Merge `projects` (named `names`) automatically: the gold and the adjudication, whose
/// undecided clusters are the remaining conflicts.
pub fn merge(
    projects: &[&Project],
    names: &[String],
    strategy: Strategy,
    now: &Timestamp,
) -> (Project, Adjudication) {
    let mut adj = Adjudication::new(projects, names);
    auto_decide(&mut adj, strategy, now);
    (adj.gold(), adj)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::align::tests::{TEXT, project};

    fn now() -> Timestamp {
        Timestamp("2026-11-22T00:00:00Z".into())
    }

    fn three() -> Vec<Project> {
        vec![
            project(
                "A",
                &[TEXT],
                &[
                    (0, 6, 24, "GROUP"),
                    (0, 36, 43, "PLACE"),
                    (0, 0, 5, "EVENT"),
                ],
            ),
            project(
                "B",
                &[TEXT],
                &[
                    (0, 6, 24, "GROUP"),
                    (0, 37, 43, "PLACE"),
                    (0, 30, 35, "PLACE"),
                ],
            ),
            project(
                "C",
                &[TEXT],
                &[
                    (0, 6, 24, "GROUP"),
                    (0, 37, 43, "PLACE"),
                    (0, 30, 35, "GROUP"),
                ],
            ),
        ]
    }

    #[test]
    fn agreed_keeps_only_unanimous_spans() {
        let p = three();
        let refs: Vec<&Project> = p.iter().collect();
        let names: Vec<String> = ["A", "B", "C"].map(String::from).to_vec();
        let (gold, adj) = merge(&refs, &names, Strategy::Agreed, &now());
        let texts: Vec<&str> = gold.documents()[0]
            .spans()
            .iter()
            .map(|s| s.text())
            .collect();
        assert_eq!(texts, ["جماعة نصرة الإسلام"]);
        assert_eq!(adj.undecided().len(), 3);
        let prov = gold.documents()[0].spans()[0].provenance.as_ref().unwrap();
        assert_eq!(prov.decided_by, "auto:agreed");
        assert_eq!(prov.annotators, ["A", "B", "C"]);
    }

    #[test]
    fn majority_takes_two_of_three_and_leaves_split_votes() {
        let p = three();
        let refs: Vec<&Project> = p.iter().collect();
        let names: Vec<String> = ["A", "B", "C"].map(String::from).to_vec();
        let (gold, adj) = merge(&refs, &names, Strategy::Majority, &now());
        let got: Vec<(&str, &str)> = gold.documents()[0]
            .spans()
            .iter()
            .map(|s| (s.text(), s.label.as_str()))
            .collect();
        // The lone EVENT of A is outvoted; تمبكتو without و has two votes; بوريم is marked by
        // two annotators who disagree on the label, so it stays a conflict.
        assert_eq!(got, [("جماعة نصرة الإسلام", "GROUP"), ("تمبكتو", "PLACE")]);
        let open = adj.undecided();
        assert_eq!(open.len(), 1);
        assert_eq!(adj.cluster(open[0]).kind, Agreement::LabelConflict);
    }
}
