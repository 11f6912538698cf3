//! The agreement report over an [`Alignment`]: pairwise precision/recall/F1 (exact and overlap)
//! per label and overall, Cohen's kappa per pair on tokens, nominal Krippendorff's alpha on
//! tokens over all annotators, Krippendorff's unitizing alpha (αu) per label and overall on
//! characters ([`super::unitizing`]), Mathet et al.'s γ on the best alignment of spans when asked
//! for ([`super::gamma`]), a per-document table and the token confusion matrix; and the
//! frames part ([`FrameReport`]: trigger, argument and relation scores, attribute agreement,
//! classified disagreements). [`MEASURES`] says which measure answers which question; the
//! text report opens with it and the JSON carries it.
//!
//! Pairwise figures use only documents both annotators have; alpha uses every document at least
//! two annotators have (the others count as missing). Rendered as text or serialised as JSON.

use super::align::{Agreement, Alignment};
use super::alpha::NominalAlpha;
use super::confusion::Confusion;
use super::frame_report::FrameReport;
use super::gamma::{Gamma, GammaOptions};
use super::kappa::cohen_kappa;
use super::prf::{Counts, LabelCounts, compare_both};
use super::tokens::{LabelCodes, token_labels, token_ranges};
use super::unitizing::UnitizingAlpha;
use crate::model::{CharRange, LabelId, Span};
use crate::progress::{Cancelled, Progress};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

/// Precision, recall and F1 of one label (or overall), with the counts behind them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prf {
    pub matched: usize,
    pub reference: usize,
    pub predicted: usize,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
}

impl From<Counts> for Prf {
    fn from(c: Counts) -> Self {
        Self {
            matched: c.matched,
            reference: c.reference,
            predicted: c.predicted,
            precision: c.precision().map(round),
            recall: c.recall().map(round),
            f1: c.f1().map(round),
        }
    }
}

/// P/R/F1 per label and overall for one matching rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrfTable {
    pub overall: Prf,
    pub per_label: BTreeMap<String, Prf>,
}

impl From<&LabelCounts> for PrfTable {
    fn from(c: &LabelCounts) -> Self {
        Self {
            overall: c.overall.into(),
            per_label: c
                .per_label
                .iter()
                .map(|(l, c)| (l.clone(), (*c).into()))
                .collect(),
        }
    }
}

/// One pair of annotators; `a` is the reference for precision and recall.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairReport {
    pub a: String,
    pub b: String,
    pub documents: usize,
    pub tokens: usize,
    pub exact: PrfTable,
    pub overlap: PrfTable,
    /// Cohen's kappa on the token labels of the shared documents.
    pub kappa: Option<f64>,
    /// Entity links on the spans both have (same range and label).
    pub links: LinkAgreement,
}

/// How two annotators link the spans they agree on (same range and label) to registry
/// entities: the spans where either links, and those where both link to the same entity.
/// Entity ids are compared as they are, so the files should share a registry (each imported
/// the same registry file).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct LinkAgreement {
    /// Agreed spans linked on at least one side.
    pub compared: usize,
    /// Of those, linked to the same entity on both.
    pub agreed: usize,
    /// `agreed / compared`, none when nothing was compared.
    pub share: Option<f64>,
}

impl LinkAgreement {
    /// The links of the spans `a` and `b` share (same range and label).
    fn of(a: &[Span], b: &[Span]) -> Self {
        let by_place: HashMap<(usize, usize, &LabelId), &Span> = b
            .iter()
            .map(|s| ((s.start().0, s.end().0, &s.label), s))
            .collect();
        let mut out = Self::default();
        for x in a {
            let Some(y) = by_place.get(&(x.start().0, x.end().0, &x.label)) else {
                continue;
            };
            if x.entity.is_some() || y.entity.is_some() {
                out.compared += 1;
                out.agreed += usize::from(x.entity == y.entity);
            }
        }
        out
    }

    fn add(&mut self, other: Self) {
        self.compared += other.compared;
        self.agreed += other.agreed;
        self.share = (self.compared > 0).then(|| round(self.agreed as f64 / self.compared as f64));
    }
}

/// Mean F1 over annotator pairs for one label (pairs where the label occurs).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelSummary {
    pub label: String,
    pub exact_f1: Option<f64>,
    pub overlap_f1: Option<f64>,
}

/// One row of the per-document table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocRow {
    pub id: String,
    pub title: String,
    pub annotators: usize,
    /// Spans per annotator (in annotator order; `null` where the file lacks the document).
    pub spans: Vec<Option<usize>>,
    pub agreed: usize,
    pub label_conflicts: usize,
    pub boundary_conflicts: usize,
    pub partial: usize,
    /// Mean exact F1 over the pairs that have the document.
    pub exact_f1: Option<f64>,
    /// Nominal alpha on this document's tokens.
    pub alpha: Option<f64>,
    /// Unitizing alpha on this document's characters, all labels (9 decimals).
    pub alpha_u: Option<f64>,
    /// γ of this document (9 decimals); `null` when γ was not computed or the document was left
    /// out.
    pub gamma: Option<f64>,
}

/// Which measure answers which question: (measure, question), the header of `hamish agree`.
pub const MEASURES: &[(&str, &str)] = &[
    (
        "token kappa / token alpha",
        "is this consistent enough to train a tagger (NER) on? Units are tokens, 'O' included, as a tagger sees them",
    ),
    (
        "unitizing alpha (αu)",
        "do annotators place span boundaries alike? The text as a continuum of characters, no tokens; per label and overall. For units that do not overlap within a label",
    ),
    (
        "gamma (γ)",
        "do annotators place and label units alike when units overlap or nest? Spans are aligned one to one first (best alignment), then compared; per document and pooled",
    ),
    (
        "span P/R/F1 (exact, overlap)",
        "how often do two analysts mark the same mention with the same label?",
    ),
    (
        "trigger / argument / relation P/R/F1",
        "event extraction scored as papers report it (identification, then classification; per role, per relation type)",
    ),
    (
        "attribute agreement",
        "do analysts read factuality (kappa), dates (exact, within precision) and fatalities (equal, ranges meet) alike?",
    ),
];

/// One line of [`MEASURES`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measure {
    pub measure: &'static str,
    pub question: &'static str,
}

/// Krippendorff's unitizing alpha of one label (see [`super::unitizing`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelAlphaU {
    pub label: String,
    pub alpha_u: Option<f64>,
}

/// Krippendorff's unitizing alpha per label and over all labels, on characters.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitizingReport {
    /// What the continuum is measured in.
    pub unit: &'static str,
    pub overall: Option<f64>,
    pub per_label: Vec<LabelAlphaU>,
}

/// Nine decimals: enough for an independent check to 1e-6, stable in snapshots.
fn fine(x: f64) -> f64 {
    (x * 1e9).round() / 1e9
}

impl From<UnitizingAlpha> for UnitizingReport {
    fn from(u: UnitizingAlpha) -> Self {
        Self {
            unit: "character (Unicode scalar value)",
            overall: u.overall.map(fine),
            per_label: u
                .per_label
                .into_iter()
                .map(|(label, a)| LabelAlphaU {
                    label,
                    alpha_u: a.map(fine),
                })
                .collect(),
        }
    }
}

/// γ of one document (see [`super::gamma`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocGamma {
    pub id: String,
    /// The best alignment's disorder, unrounded.
    pub observed_disorder: f64,
    /// The mean disorder of the sampled continua (9 decimals).
    pub expected_disorder: f64,
    pub gamma: Option<f64>,
    /// Units per annotator, `N / m`: the document's weight in the pooled γ.
    pub units_per_annotator: f64,
}

/// Mathet, Widlöcher and Métivier's γ per document and pooled (see [`super::gamma`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GammaReport {
    pub dissimilarity: &'static str,
    pub sampler: &'static str,
    pub samples: usize,
    pub seed: u64,
    /// How the documents are combined.
    pub pooling: &'static str,
    /// Pooled observed disorder, unrounded.
    pub observed_disorder: Option<f64>,
    pub expected_disorder: Option<f64>,
    pub overall: Option<f64>,
    /// The documents measured (at least two annotators and a unit), in document order.
    pub per_document: Vec<DocGamma>,
}

impl GammaReport {
    fn new(al: &Alignment, g: &Gamma) -> Self {
        Self {
            dissimilarity: "combined categorical (pygamma-agreement's default): positional-sporadic ((|Δstart| + |Δend|) / (len1 + len2))² + categorical 0/1; alpha = beta = 1, delta_empty = 1",
            sampler: "statistical (pygamma-agreement's StatisticalContinuumSampler)",
            samples: g.options.samples,
            seed: g.options.seed,
            pooling: "each document its own continuum; pooled disorders weighted by units per annotator",
            observed_disorder: g.observed,
            expected_disorder: g.expected.map(fine),
            overall: g.overall.map(fine),
            per_document: al
                .documents
                .iter()
                .zip(&g.per_document)
                .filter_map(|(doc, d)| {
                    d.map(|d| DocGamma {
                        id: doc.id.to_string(),
                        observed_disorder: d.observed,
                        expected_disorder: fine(d.expected),
                        gamma: d.gamma.map(fine),
                        units_per_annotator: fine(d.units_per_annotator),
                    })
                })
                .collect(),
        }
    }
}

/// Everything `hamish agree` prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgreementReport {
    /// Which measure answers which question, in [`MEASURES`] order.
    pub measures: Vec<Measure>,
    pub annotators: Vec<String>,
    pub documents: usize,
    /// Documents at least two annotators have.
    pub documents_compared: usize,
    /// What alpha and kappa are computed on.
    pub unit: &'static str,
    /// Nominal Krippendorff's alpha on tokens, all annotators.
    pub alpha: Option<f64>,
    /// Mean of the pairwise Cohen's kappas.
    pub mean_kappa: Option<f64>,
    /// Krippendorff's unitizing alpha on characters, per label and overall.
    pub unitizing: UnitizingReport,
    /// γ per document and pooled; `null` unless asked for (it samples, so it costs more).
    pub gamma: Option<GammaReport>,
    pub pairs: Vec<PairReport>,
    pub labels: Vec<LabelSummary>,
    pub per_document: Vec<DocRow>,
    pub confusion: Confusion,
    pub documents_not_in_all_files: Vec<super::align::DocPresence>,
    /// Events, relations and attributes.
    pub frames: FrameReport,
}

pub(crate) fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

pub(crate) fn mean(values: impl IntoIterator<Item = Option<f64>>) -> Option<f64> {
    let v: Vec<f64> = values.into_iter().flatten().collect();
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

/// Token labels of every document, per annotator (`None` where the file lacks the document).
pub struct TokenTable {
    pub codes: LabelCodes,
    /// `labels[doc][annotator]`.
    pub labels: Vec<Vec<Option<Vec<u32>>>>,
    pub tokens: Vec<Vec<CharRange>>,
}

impl TokenTable {
    pub fn new(al: &Alignment, schema_labels: &[LabelId]) -> Self {
        match Self::new_watched(al, schema_labels, &Progress::new()) {
            Ok(table) => table,
            Err(Cancelled) => unreachable!("nobody else holds this Progress to cancel it"),
        }
    }

    /// As [`TokenTable::new`], counting documents ("tokenising documents") and stopping when
    /// `progress` is cancelled.
    pub fn new_watched(
        al: &Alignment,
        schema_labels: &[LabelId],
        progress: &Progress,
    ) -> Result<Self, Cancelled> {
        progress.begin("tokenising documents", al.documents.len() as u64)?;
        let mut codes = LabelCodes::new(schema_labels);
        let mut labels = Vec::with_capacity(al.documents.len());
        let mut tokens = Vec::with_capacity(al.documents.len());
        for doc in &al.documents {
            let toks = token_ranges(
                &doc.text,
                doc.present.iter().flat_map(|&a| doc.spans[a].iter()),
            );
            let per: Vec<Option<Vec<u32>>> = (0..al.annotators.len())
                .map(|a| {
                    doc.present
                        .contains(&a)
                        .then(|| token_labels(&toks, &doc.spans[a], &mut codes))
                })
                .collect();
            labels.push(per);
            tokens.push(toks);
            progress.step()?;
        }
        Ok(Self {
            codes,
            labels,
            tokens,
        })
    }
}

impl AgreementReport {
    /// Compute the report, without γ. `schema_labels` fixes the order of labels in the
    /// confusion matrix.
    pub fn compute(al: &Alignment, schema_labels: &[LabelId]) -> Self {
        Self::compute_with_gamma(al, schema_labels, None)
    }

    /// As [`AgreementReport::compute`], with γ when `gamma` gives its samples and seed.
    pub fn compute_with_gamma(
        al: &Alignment,
        schema_labels: &[LabelId],
        gamma: Option<GammaOptions>,
    ) -> Self {
        match Self::compute_watched_with_gamma(al, schema_labels, gamma, &Progress::new()) {
            Ok(report) => report,
            Err(Cancelled) => unreachable!("nobody else holds this Progress to cancel it"),
        }
    }

    /// As [`AgreementReport::compute`], reporting each phase to `progress` and stopping when it
    /// is cancelled (the review panel computes large reports in the background).
    pub fn compute_watched(
        al: &Alignment,
        schema_labels: &[LabelId],
        progress: &Progress,
    ) -> Result<Self, Cancelled> {
        Self::compute_watched_with_gamma(al, schema_labels, None, progress)
    }

    /// As [`AgreementReport::compute_watched`], with γ when `gamma` is given.
    pub fn compute_watched_with_gamma(
        al: &Alignment,
        schema_labels: &[LabelId],
        gamma: Option<GammaOptions>,
        progress: &Progress,
    ) -> Result<Self, Cancelled> {
        let table = TokenTable::new_watched(al, schema_labels, progress)?;
        let n = al.annotators.len();
        progress.begin(
            "comparing annotators",
            (n * n.saturating_sub(1) / 2 * al.documents.len()) as u64,
        )?;
        let mut confusion = Confusion::new(table.codes.names().to_vec());
        let mut pairs = Vec::new();
        let mut doc_f1: Vec<Vec<Option<f64>>> = vec![Vec::new(); al.documents.len()];
        for a in 0..n {
            for b in a + 1..n {
                let mut exact = LabelCounts::default();
                let mut overlap = LabelCounts::default();
                let mut ta: Vec<u32> = Vec::new();
                let mut tb: Vec<u32> = Vec::new();
                let mut documents = 0;
                let mut links = LinkAgreement::default();
                for (d, doc) in al.documents.iter().enumerate() {
                    let (Some(la), Some(lb)) = (&table.labels[d][a], &table.labels[d][b]) else {
                        continue;
                    };
                    documents += 1;
                    let (e, o) = compare_both(&doc.spans[a], &doc.spans[b]);
                    links.add(LinkAgreement::of(&doc.spans[a], &doc.spans[b]));
                    doc_f1[d].push(if e.overall.reference + e.overall.predicted == 0 {
                        Some(1.0)
                    } else {
                        e.overall.f1()
                    });
                    exact.add(&e);
                    overlap.add(&o);
                    ta.extend_from_slice(la);
                    tb.extend_from_slice(lb);
                    confusion.add_pair(la, lb);
                    progress.step()?;
                }
                pairs.push(PairReport {
                    a: al.annotators[a].clone(),
                    b: al.annotators[b].clone(),
                    documents,
                    tokens: ta.len(),
                    exact: (&exact).into(),
                    overlap: (&overlap).into(),
                    kappa: cohen_kappa(&ta, &tb).map(round),
                    links,
                });
            }
        }
        let label_names: Vec<String> = table.codes.names()[1..].to_vec();
        let unitizing = UnitizingAlpha::compute(al, &label_names);
        let gamma = match gamma {
            Some(options) => {
                progress.begin("measuring gamma", 0)?;
                Some(Gamma::compute(al, options))
            }
            None => None,
        };
        let mut total_alpha = NominalAlpha::new();
        let mut unit = Vec::with_capacity(n);
        let mut per_document = Vec::with_capacity(al.documents.len());
        let mut compared = 0;
        progress.begin("measuring per document", al.documents.len() as u64)?;
        for (d, doc) in al.documents.iter().enumerate() {
            progress.step()?;
            if doc.present.len() >= 2 {
                compared += 1;
            }
            let mut doc_alpha = NominalAlpha::new();
            for t in 0..table.tokens[d].len() {
                unit.clear();
                unit.extend(table.labels[d].iter().flatten().map(|l| l[t]));
                doc_alpha.add_unit(&unit);
            }
            total_alpha.absorb(&doc_alpha);
            per_document.push(DocRow {
                id: doc.id.to_string(),
                title: doc.title.clone(),
                annotators: doc.present.len(),
                spans: (0..n)
                    .map(|a| doc.present.contains(&a).then(|| doc.spans[a].len()))
                    .collect(),
                agreed: doc.count(Agreement::Agreed),
                label_conflicts: doc.count(Agreement::LabelConflict),
                boundary_conflicts: doc.count(Agreement::BoundaryConflict),
                partial: doc.count(Agreement::Partial),
                exact_f1: mean(doc_f1[d].iter().copied()).map(round),
                alpha: doc_alpha.alpha().map(round),
                alpha_u: unitizing.per_document[d].map(fine),
                gamma: gamma
                    .as_ref()
                    .and_then(|g| g.per_document[d])
                    .and_then(|g| g.gamma)
                    .map(fine),
            });
        }
        let labels = label_names
            .iter()
            .map(|label| LabelSummary {
                label: label.clone(),
                exact_f1: mean(
                    pairs
                        .iter()
                        .map(|p| p.exact.per_label.get(label).and_then(|x| x.f1)),
                )
                .map(round),
                overlap_f1: mean(
                    pairs
                        .iter()
                        .map(|p| p.overlap.per_label.get(label).and_then(|x| x.f1)),
                )
                .map(round),
            })
            .collect();
        let unitizing = unitizing.into();
        progress.begin("comparing events", 0)?;
        let frames = FrameReport::compute(al);
        Ok(Self {
            measures: MEASURES
                .iter()
                .map(|&(measure, question)| Measure { measure, question })
                .collect(),
            annotators: al.annotators.clone(),
            documents: al.documents.len(),
            documents_compared: compared,
            unit: "token (nominal; 'O' = no label)",
            alpha: total_alpha.alpha().map(round),
            mean_kappa: mean(pairs.iter().map(|p| p.kappa)).map(round),
            unitizing,
            gamma: gamma.as_ref().map(|g| GammaReport::new(al, g)),
            pairs,
            labels,
            per_document,
            confusion,
            documents_not_in_all_files: al.partial_documents(),
            frames,
        })
    }

    /// The plain-text report `hamish agree` prints.
    pub fn render(&self) -> String {
        let f = |x: Option<f64>| x.map_or("–".to_owned(), |x| format!("{x:.3}"));
        let mut out = String::new();
        let _ = writeln!(out, "which measure answers which question");
        for (measure, question) in MEASURES {
            let _ = writeln!(out, "  {measure:<38} {question}");
        }
        out.push('\n');
        let _ = writeln!(out, "annotators  {}", self.annotators.join(", "));
        let _ = writeln!(
            out,
            "documents   {} ({} compared by two or more)",
            self.documents, self.documents_compared
        );
        let _ = writeln!(
            out,
            "Krippendorff's alpha (nominal, on tokens): {}",
            f(self.alpha)
        );
        let _ = writeln!(
            out,
            "Cohen's kappa on tokens, mean of pairs: {}",
            f(self.mean_kappa)
        );
        let _ = writeln!(
            out,
            "Krippendorff's unitizing alpha (αu, on characters): {}",
            f(self.unitizing.overall)
        );
        let _ = writeln!(
            out,
            "\nunitizing alpha per label (span boundaries, no tokens)"
        );
        for l in &self.unitizing.per_label {
            let _ = writeln!(out, "  {:<10} {:>7}", l.label, f(l.alpha_u));
        }
        if let Some(g) = &self.gamma {
            let _ = writeln!(
                out,
                "\ngamma (γ, Mathet et al. 2015, on the best alignment of spans): {}",
                f(g.overall)
            );
            let _ = writeln!(
                out,
                "  observed disorder {}, expected {} ({} sampled continua per document, seed {})",
                f(g.observed_disorder),
                f(g.expected_disorder),
                g.samples,
                g.seed
            );
        }
        let _ = writeln!(out, "\nF1 per label (mean over pairs)");
        let _ = writeln!(out, "  {:<10} {:>7} {:>7}", "label", "exact", "overlap");
        for l in &self.labels {
            let _ = writeln!(
                out,
                "  {:<10} {:>7} {:>7}",
                l.label,
                f(l.exact_f1),
                f(l.overlap_f1)
            );
        }
        for p in &self.pairs {
            let _ = writeln!(
                out,
                "\n{} vs {} ({} documents, {} tokens, kappa {})",
                p.a,
                p.b,
                p.documents,
                p.tokens,
                f(p.kappa)
            );
            let _ = writeln!(
                out,
                "  {:<10} {:>6} {:>6} {:>6}   {:>6} {:>6} {:>6}",
                "label", "P", "R", "F1", "P~", "R~", "F1~"
            );
            let mut rows: Vec<(&str, &Prf, &Prf)> = p
                .exact
                .per_label
                .iter()
                .map(|(l, e)| (l.as_str(), e, &p.overlap.per_label[l]))
                .collect();
            rows.push(("overall", &p.exact.overall, &p.overlap.overall));
            for (label, e, o) in rows {
                let _ = writeln!(
                    out,
                    "  {:<10} {:>6} {:>6} {:>6}   {:>6} {:>6} {:>6}",
                    label,
                    f(e.precision),
                    f(e.recall),
                    f(e.f1),
                    f(o.precision),
                    f(o.recall),
                    f(o.f1)
                );
            }
            if p.links.compared > 0 {
                let _ = writeln!(
                    out,
                    "  entity links on agreed spans: {} of {} the same ({})",
                    p.links.agreed,
                    p.links.compared,
                    f(p.links.share)
                );
            }
        }
        let _ = writeln!(out, "\n(P R F1: exact match; P~ R~ F1~: overlapping match)");
        let _ = writeln!(out, "\nper document");
        let _ = writeln!(
            out,
            "  {:<30} {:>5} {:>6} {:>6} {:>6} {:>6} {:>7} {:>7} {:>7}",
            "title", "files", "agreed", "label", "bound.", "some", "F1", "alpha", "γ"
        );
        for d in &self.per_document {
            let title: String = d.title.chars().take(30).collect();
            let pad = 30usize.saturating_sub(title.chars().count());
            let _ = writeln!(
                out,
                "  {title}{:pad$} {:>5} {:>6} {:>6} {:>6} {:>6} {:>7} {:>7} {:>7}",
                "",
                d.annotators,
                d.agreed,
                d.label_conflicts,
                d.boundary_conflicts,
                d.partial,
                f(d.exact_f1),
                f(d.alpha),
                f(d.gamma)
            );
        }
        let _ = writeln!(
            out,
            "\nlabel confusion on tokens (pairs of annotators, both orders)"
        );
        let _ = write!(out, "  {:<8}", "");
        for l in &self.confusion.labels {
            let _ = write!(out, " {l:>8}");
        }
        out.push('\n');
        for (i, row) in self.confusion.counts.iter().enumerate() {
            let _ = write!(out, "  {:<8}", self.confusion.labels[i]);
            for c in row {
                let _ = write!(out, " {c:>8}");
            }
            out.push('\n');
        }
        if !self.frames.is_empty() {
            self.frames.render(&self.annotators, &mut out);
        }
        if !self.documents_not_in_all_files.is_empty() {
            let _ = writeln!(out, "\ndocuments not in every file");
            for d in &self.documents_not_in_all_files {
                let _ = writeln!(
                    out,
                    "  {} {:?}: in {}; missing from {}",
                    d.id,
                    d.title,
                    d.present_in.join(", "),
                    d.missing_from.join(", ")
                );
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::align::tests::{TEXT, project};

    #[test]
    fn report_on_two_annotators() {
        let a = project(
            "A",
            &[TEXT, "نص ثان"],
            &[(0, 6, 24, "GROUP"), (0, 30, 35, "PLACE")],
        );
        let b = project("B", &[TEXT], &[(0, 6, 24, "GROUP"), (0, 30, 35, "GROUP")]);
        let al = Alignment::new(&[&a, &b]);
        let labels = [
            LabelId::new("GROUP"),
            LabelId::new("PLACE"),
            LabelId::new("EVENT"),
        ];
        let r = AgreementReport::compute(&al, &labels);
        assert_eq!(r.documents, 2);
        assert_eq!(r.documents_compared, 1);
        assert_eq!(r.pairs.len(), 1);
        let p = &r.pairs[0];
        assert_eq!(p.documents, 1);
        assert_eq!(p.tokens, 8);
        assert_eq!(p.exact.overall.f1, Some(0.5));
        // Tokens: A = O G G G O P O O, B = O G G G O G O O: 7 of 8 agree.
        // p_o = 7/8; A: O 4, G 3, P 1; B: O 4, G 4; p_e = (16 + 12) / 64 = 0.4375.
        let expected = (0.875 - 0.4375) / (1.0 - 0.4375);
        assert!((p.kappa.unwrap() - expected).abs() < 1e-4);
        assert_eq!(r.confusion.get("GROUP", "PLACE"), 1);
        assert_eq!(r.documents_not_in_all_files.len(), 1);
        assert_eq!(r.per_document[1].spans, [Some(0), None]);
        assert!(r.render().contains("A vs B"));
        // αu: labels in schema order; EVENT has no unit anywhere; GROUP's shared unit agrees
        // but B's second GROUP unit is a gap for A, so GROUP falls below 1, PLACE (only A) below 0.
        let au: Vec<(&str, Option<f64>)> = r
            .unitizing
            .per_label
            .iter()
            .map(|l| (l.label.as_str(), l.alpha_u))
            .collect();
        assert_eq!(
            au.iter().map(|l| l.0).collect::<Vec<_>>(),
            ["GROUP", "PLACE", "EVENT"]
        );
        assert!(au[0].1.unwrap() < 1.0 && au[0].1.unwrap() > au[1].1.unwrap());
        assert!(au[1].1.unwrap() < 0.0);
        assert_eq!(au[2].1, None);
        assert!(r.unitizing.overall.is_some());
        assert!(r.render().contains("unitizing alpha"));
    }

    #[test]
    fn entity_links_are_compared_on_the_spans_both_have() {
        use crate::model::{Edit, Entity, EntityId, EntityKind, Timestamp};
        let now = Timestamp("2026-12-01T00:00:00Z".into());
        let spans = [
            (0, 6, 24, "GROUP"),
            (0, 30, 35, "PLACE"),
            (0, 37, 43, "PLACE"),
        ];
        // Links by span index; None leaves the span unlinked.
        let linked = |name: &str, links: [Option<&str>; 3]| {
            let mut p = project(name, &[TEXT], &spans);
            for (id, kind) in [
                ("jnim", EntityKind::Group),
                ("bourem", EntityKind::Place),
                ("timbuktu", EntityKind::Place),
            ] {
                let e = Entity::new(EntityId::new(id), kind, "", id);
                p.apply(Edit::AddEntity { entity: e }, &now).unwrap();
            }
            let doc = p.documents()[0].id().clone();
            for (k, link) in links.iter().enumerate() {
                let span = p.documents()[0].spans()[k].id;
                let entity = link.map(EntityId::new);
                p.apply(
                    Edit::LinkSpan {
                        doc: doc.clone(),
                        span,
                        entity,
                    },
                    &now,
                )
                .unwrap();
            }
            p
        };
        let a = linked("A", [Some("jnim"), Some("bourem"), None]);
        let b = linked("B", [Some("jnim"), Some("timbuktu"), Some("timbuktu")]);
        let labels = [LabelId::new("GROUP"), LabelId::new("PLACE")];
        let r = AgreementReport::compute(&Alignment::new(&[&a, &b]), &labels);
        let links = r.pairs[0].links;
        // Same: jnim; different: bourem/timbuktu; one side only: the third.
        assert_eq!((links.compared, links.agreed), (3, 1));
        assert_eq!(links.share, Some(round(1.0 / 3.0)));
        assert!(
            r.render()
                .contains("entity links on agreed spans: 1 of 3 the same")
        );
        let plain = AgreementReport::compute(
            &Alignment::new(&[
                &project("A", &[TEXT], &spans),
                &project("B", &[TEXT], &spans),
            ]),
            &labels,
        );
        assert_eq!(plain.pairs[0].links, LinkAgreement::default());
        assert!(!plain.render().contains("entity links"));
    }

    #[test]
    fn a_watched_report_counts_its_phases_equals_the_plain_one_and_stops_when_cancelled() {
        let a = project("A", &[TEXT, "نص ثان"], &[(0, 6, 24, "GROUP")]);
        let b = project("B", &[TEXT, "نص ثان"], &[(0, 6, 24, "PLACE")]);
        let c = project("C", &[TEXT], &[]);
        let labels = [LabelId::new("GROUP"), LabelId::new("PLACE")];
        let names: Vec<String> = ["A", "B", "C"].map(String::from).to_vec();
        let progress = Progress::new();
        let al = Alignment::from_projects_watched(
            vec![a.clone(), b.clone(), c.clone()],
            &names,
            &progress,
        )
        .unwrap();
        assert_eq!(progress.snapshot().phase, "aligning documents");
        assert_eq!(
            (progress.snapshot().done, progress.snapshot().total),
            (2, 2)
        );
        let watched = AgreementReport::compute_watched(&al, &labels, &progress).unwrap();
        assert_eq!(watched, AgreementReport::compute(&al, &labels));
        assert_eq!(progress.snapshot().phase, "comparing events");

        // Tokenising counts documents, whoever has them.
        let counting = Progress::new();
        let table = TokenTable::new_watched(&al, &labels, &counting).unwrap();
        assert_eq!(counting.snapshot().done, 2);
        assert_eq!(table.tokens.len(), 2);

        let cancelled = Progress::new();
        cancelled.cancel();
        assert_eq!(
            AgreementReport::compute_watched(&al, &labels, &cancelled),
            Err(Cancelled)
        );
        assert_eq!(
            Alignment::from_projects_watched(vec![a, b, c], &names, &cancelled).map(|_| ()),
            Err(Cancelled)
        );
    }
}
