//! The frames part of the agreement report: per pair of annotators trigger, argument and
//! relation P/R/F1 ([`super::frame_prf`]) and attribute agreement, mean F1 per role and per
//! relation type over the pairs (the review panel's bar chart), and every classified
//! disagreement ([`super::frames`]) with counts per kind.

use super::align::Alignment;
use super::frame_prf::{AttrTally, FrameCounts, add_compared_frames};
use super::frames::{FrameDisagreement, FrameIssue, FramesOf, add_disagreements, align_frames};
use super::kappa::cohen_kappa;
use super::report::{Prf, mean, round};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Agreement on one attribute between two annotators, over their paired events.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttrAgreement {
    pub value_type: &'static str,
    /// Paired events both gave a value.
    pub compared: usize,
    /// Paired events only one gave a value.
    pub set_by_one_only: usize,
    pub exact: usize,
    /// Exact share of the compared.
    pub exact_share: Option<f64>,
    /// Within precision (dates) or range (counts); as `exact` otherwise.
    pub within: usize,
    pub within_share: Option<f64>,
    /// Cohen's kappa on the compared values (choices only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kappa: Option<f64>,
}

impl From<&AttrTally> for AttrAgreement {
    fn from(t: &AttrTally) -> Self {
        let share = |k: usize| (t.compared > 0).then(|| round(k as f64 / t.compared as f64));
        let kappa = (t.value_type == "choice")
            .then(|| {
                let mut codes: Vec<String> = Vec::new();
                let mut code = |v: &String| -> u32 {
                    match codes.iter().position(|c| c == v) {
                        Some(i) => i as u32,
                        None => {
                            codes.push(v.clone());
                            (codes.len() - 1) as u32
                        }
                    }
                };
                let (a, b): (Vec<u32>, Vec<u32>) =
                    t.choices.iter().map(|(x, y)| (code(x), code(y))).unzip();
                cohen_kappa(&a, &b).map(round)
            })
            .flatten();
        Self {
            value_type: t.value_type,
            compared: t.compared,
            set_by_one_only: t.one_only,
            exact: t.exact,
            exact_share: share(t.exact),
            within: t.within,
            within_share: share(t.within),
            kappa,
        }
    }
}

/// Frame scores of one pair; `a` is the reference.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FramePairReport {
    pub a: String,
    pub b: String,
    pub documents: usize,
    pub trigger_identification: Prf,
    pub trigger_classification: Prf,
    pub argument_identification: Prf,
    pub argument_classification: Prf,
    /// Argument classification per role.
    pub per_role: BTreeMap<String, Prf>,
    pub relation_identification: Prf,
    pub relation_classification: Prf,
    pub per_relation_type: BTreeMap<String, Prf>,
    pub attributes: BTreeMap<String, AttrAgreement>,
}

/// Mean F1 over the pairs where a role (or relation type) occurs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeanF1 {
    pub name: String,
    pub f1: Option<f64>,
}

/// Means over pairs of the headline scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FrameMeans {
    pub trigger_identification_f1: Option<f64>,
    pub trigger_classification_f1: Option<f64>,
    pub argument_identification_f1: Option<f64>,
    pub argument_classification_f1: Option<f64>,
    pub relation_classification_f1: Option<f64>,
}

/// Everything about frames in the agreement report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FrameReport {
    /// Events per annotator over all documents.
    pub events: Vec<usize>,
    pub relations: Vec<usize>,
    pub mean: FrameMeans,
    /// Argument classification F1 per role, mean over pairs (the bar chart).
    pub roles: Vec<MeanF1>,
    pub relation_types: Vec<MeanF1>,
    pub pairs: Vec<FramePairReport>,
    /// Disagreements per kind (every kind listed, zero included).
    pub issue_counts: BTreeMap<FrameIssue, usize>,
    pub disagreements: Vec<FrameDisagreement>,
}

fn table(map: &BTreeMap<String, super::prf::Counts>) -> BTreeMap<String, Prf> {
    map.iter().map(|(k, c)| (k.clone(), (*c).into())).collect()
}

impl FrameReport {
    pub fn compute(al: &Alignment) -> Self {
        let n = al.annotators.len();
        let mut totals = vec![FrameCounts::default(); n * n];
        let mut shared_docs = vec![0usize; n * n];
        let mut events = vec![0; n];
        let mut relations = vec![0; n];
        let mut found = Vec::new();
        for (d, doc) in al.documents.iter().enumerate() {
            let frames: Vec<FramesOf> = (0..n).map(|a| FramesOf::of(doc, a)).collect();
            for (a, f) in frames.iter().enumerate() {
                events[a] += f.events.len();
                relations[a] += f.relations.len();
            }
            for (x, &a) in doc.present.iter().enumerate() {
                for &b in &doc.present[x + 1..] {
                    let (a, b) = (a.min(b), a.max(b));
                    shared_docs[a * n + b] += 1;
                    if frames[a].events.is_empty()
                        && frames[b].events.is_empty()
                        && frames[a].relations.is_empty()
                        && frames[b].relations.is_empty()
                    {
                        continue;
                    }
                    add_compared_frames(&mut totals[a * n + b], &frames[a], &frames[b], &al.schema);
                }
            }
            let aligned = align_frames(doc, &frames, &al.schema);
            add_disagreements(
                d,
                doc,
                &al.annotators,
                &frames,
                &aligned,
                &al.schema,
                &mut found,
            );
        }
        let mut pairs = Vec::new();
        for a in 0..n {
            for b in a + 1..n {
                let c = &totals[a * n + b];
                pairs.push(FramePairReport {
                    a: al.annotators[a].clone(),
                    b: al.annotators[b].clone(),
                    documents: shared_docs[a * n + b],
                    trigger_identification: c.trigger_identification.into(),
                    trigger_classification: c.trigger_classification.into(),
                    argument_identification: c.argument_identification.into(),
                    argument_classification: c.argument_classification.into(),
                    per_role: table(&c.per_role),
                    relation_identification: c.relation_identification.into(),
                    relation_classification: c.relation_classification.into(),
                    per_relation_type: table(&c.per_relation_type),
                    attributes: c
                        .attributes
                        .iter()
                        .map(|(k, t)| (k.clone(), t.into()))
                        .collect(),
                });
            }
        }
        let means = |name: &str, pick: &dyn Fn(&FramePairReport) -> Option<&Prf>| MeanF1 {
            name: name.to_owned(),
            f1: mean(pairs.iter().map(|p| pick(p).and_then(|x| x.f1))).map(round),
        };
        // Roles in schema order (the first event type's roles), then any others seen.
        let mut role_names: Vec<String> = Vec::new();
        for t in &al.schema.event_types {
            for r in &t.roles {
                if !role_names.contains(&r.id.to_string()) {
                    role_names.push(r.id.to_string());
                }
            }
        }
        for p in &pairs {
            for k in p.per_role.keys() {
                if !role_names.contains(k) {
                    role_names.push(k.clone());
                }
            }
        }
        let roles = role_names
            .iter()
            .map(|r| means(r, &|p| p.per_role.get(r)))
            .collect();
        let mut type_names: Vec<String> = al
            .schema
            .relation_types
            .iter()
            .map(|t| t.id.to_string())
            .collect();
        for p in &pairs {
            for k in p.per_relation_type.keys() {
                if !type_names.contains(k) {
                    type_names.push(k.clone());
                }
            }
        }
        let relation_types = type_names
            .iter()
            .map(|t| means(t, &|p| p.per_relation_type.get(t)))
            .collect();
        let mean_of =
            |pick: fn(&FramePairReport) -> &Prf| mean(pairs.iter().map(|p| pick(p).f1)).map(round);
        let mean = FrameMeans {
            trigger_identification_f1: mean_of(|p| &p.trigger_identification),
            trigger_classification_f1: mean_of(|p| &p.trigger_classification),
            argument_identification_f1: mean_of(|p| &p.argument_identification),
            argument_classification_f1: mean_of(|p| &p.argument_classification),
            relation_classification_f1: mean_of(|p| &p.relation_classification),
        };
        let mut issue_counts: BTreeMap<FrameIssue, usize> =
            FrameIssue::ALL.iter().map(|&k| (k, 0)).collect();
        for d in &found {
            *issue_counts.entry(d.issue).or_default() += 1;
        }
        Self {
            events,
            relations,
            mean,
            roles,
            relation_types,
            pairs,
            issue_counts,
            disagreements: found,
        }
    }

    /// Whether any file has an event or a relation.
    pub fn is_empty(&self) -> bool {
        self.events.iter().chain(&self.relations).all(|&k| k == 0)
    }

    /// The frames section of `hamish agree`'s text.
    pub fn render(&self, annotators: &[String], out: &mut String) {
        let f = |x: Option<f64>| x.map_or("–".to_owned(), |x| format!("{x:.3}"));
        let _ = writeln!(out, "\nevents and relations");
        for (a, name) in annotators.iter().enumerate() {
            let _ = writeln!(
                out,
                "  {name}: {} events, {} relations",
                self.events[a], self.relations[a]
            );
        }
        let _ = writeln!(
            out,
            "  mean F1 over pairs: trigger identification {}, classification {}; argument identification {}, classification {}; relations {}",
            f(self.mean.trigger_identification_f1),
            f(self.mean.trigger_classification_f1),
            f(self.mean.argument_identification_f1),
            f(self.mean.argument_classification_f1),
            f(self.mean.relation_classification_f1),
        );
        let _ = writeln!(
            out,
            "\nargument classification F1 per role (mean over pairs)"
        );
        for r in &self.roles {
            let _ = writeln!(out, "  {:<10} {:>7}", r.name, f(r.f1));
        }
        let _ = writeln!(out, "\nrelation F1 per type (mean over pairs)");
        for r in &self.relation_types {
            let _ = writeln!(out, "  {:<12} {:>7}", r.name, f(r.f1));
        }
        let row = |out: &mut String, name: &str, p: &Prf| {
            let _ = writeln!(
                out,
                "  {:<28} {:>6} {:>6} {:>6}  ({} of {} / {})",
                name,
                f(p.precision),
                f(p.recall),
                f(p.f1),
                p.matched,
                p.reference,
                p.predicted
            );
        };
        for p in &self.pairs {
            let _ = writeln!(
                out,
                "\n{} vs {}: events ({} documents; matched of reference / other)",
                p.a, p.b, p.documents
            );
            let _ = writeln!(out, "  {:<28} {:>6} {:>6} {:>6}", "", "P", "R", "F1");
            row(out, "trigger identification", &p.trigger_identification);
            row(out, "trigger classification", &p.trigger_classification);
            row(out, "argument identification", &p.argument_identification);
            row(out, "argument classification", &p.argument_classification);
            for (role, prf) in &p.per_role {
                row(out, &format!("  role {role}"), prf);
            }
            row(out, "relation identification", &p.relation_identification);
            row(out, "relation classification", &p.relation_classification);
            for (kind, prf) in &p.per_relation_type {
                row(out, &format!("  type {kind}"), prf);
            }
            for (id, a) in &p.attributes {
                let _ = write!(
                    out,
                    "  attribute {id:<17} {} compared, {} set by one only, exact {}, within {}",
                    a.compared,
                    a.set_by_one_only,
                    f(a.exact_share),
                    f(a.within_share)
                );
                if a.value_type == "choice" {
                    let _ = write!(out, ", kappa {}", f(a.kappa));
                }
                out.push('\n');
            }
        }
        let _ = writeln!(out, "\nframe disagreements");
        for (kind, count) in &self.issue_counts {
            let _ = writeln!(out, "  {:<24} {count:>5}", kind.name());
        }
        for d in &self.disagreements {
            let _ = writeln!(out, "  {}", disagreement_line(d));
        }
    }
}

/// One disagreement as a line of text: document, trigger (or relation), kind, who, and what
/// each annotator has.
pub fn disagreement_line(d: &FrameDisagreement) -> String {
    let title: String = d.document.chars().take(30).collect();
    let what = match (&d.role, &d.attribute) {
        (Some(r), _) => format!(" {r}"),
        (_, Some(a)) => format!(" {a}"),
        _ => String::new(),
    };
    let versions: Vec<String> = d
        .versions
        .iter()
        .map(|v| format!("{}: {}", v.annotator, v.value))
        .collect();
    format!(
        "{title} {}..{} «{}» {}{what} [{}] — {}",
        d.range.0,
        d.range.1,
        d.at,
        d.issue.name(),
        d.annotators.join(", "),
        versions.join(" · ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::align::tests::TEXT;
    use crate::review::frames::tests::{SPANS, framed};

    #[test]
    fn factuality_kappa_and_the_per_role_means_reach_the_report() {
        // Two documents' worth of events on one text: the same event twice, trigger and
        // arguments agreed, factuality asserted/asserted and claimed/asserted.
        let a = framed(
            "A",
            &[TEXT],
            &SPANS,
            &[(
                0,
                "armed_clash",
                &[("Actor", 1), ("Place", 2)],
                &[("factuality", "asserted"), ("fatalities", "40+")],
            )],
            &[],
        );
        let b = framed(
            "B",
            &[TEXT],
            &SPANS,
            &[(
                0,
                "armed_clash",
                &[("Actor", 1), ("Place", 3)],
                &[("factuality", "claimed"), ("fatalities", "45")],
            )],
            &[],
        );
        let al = Alignment::new(&[&a, &b]);
        let r = FrameReport::compute(&al);
        let p = &r.pairs[0];
        assert_eq!(p.argument_classification.f1, Some(0.5));
        assert_eq!(p.per_role["Actor"].f1, Some(1.0));
        assert_eq!(p.per_role["Place"].f1, Some(0.0));
        let fatalities = &p.attributes["fatalities"];
        assert_eq!((fatalities.exact, fatalities.within), (0, 1));
        // One pair of different choices: p_o = 0, p_e = 0 → kappa 0.
        assert_eq!(p.attributes["factuality"].kappa, Some(0.0));
        assert_eq!(
            r.roles.iter().find(|m| m.name == "Place").unwrap().f1,
            Some(0.0)
        );
        assert_eq!(r.roles.iter().find(|m| m.name == "Time").unwrap().f1, None);
        assert_eq!(r.issue_counts[&FrameIssue::DifferentArgument], 1);
        let mut text = String::new();
        r.render(&al.annotators, &mut text);
        assert!(text.contains("different argument"), "{text}");
    }
}
