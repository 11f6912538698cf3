//! What the gold changed relative to one annotator: per document, spans added, removed,
//! relabelled (same range, other label), resized (same label, overlapping other range),
//! relabelled and resized, or relinked (same range and label, linked to another registry
//! entity, or linked on one side only); with counts per label so an annotator sees where they
//! differ.
//!
//! Spans are paired in three passes: identical (range and label), then same range, then
//! overlapping (largest shared stretch first, preferring the same label).
//!
//! Events and relations are compared as the agreement report does ([`super::frames`]), with
//! the gold as one annotator named `gold`: missing events, type conflicts, arguments,
//! attributes and relations, each with what the gold and the annotator have, and, where the
//! gold's frame records its provenance (an adjudicated or merged gold), who decided it and why.

use super::align::Alignment;
use super::frame_report::{FrameReport, disagreement_line};
use super::frames::{FrameDisagreement, FrameIssue, FramesOf, align_frames};
use crate::model::{Project, Span};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DiffKind {
    /// In the gold, not in the annotator's file.
    Added,
    /// In the annotator's file, not in the gold.
    Removed,
    Relabelled,
    Resized,
    RelabelledResized,
    /// Same range and label, another entity link (or a link on one side only).
    Relinked,
}

impl DiffKind {
    pub fn name(self) -> &'static str {
        match self {
            DiffKind::Added => "added",
            DiffKind::Removed => "removed",
            DiffKind::Relabelled => "relabelled",
            DiffKind::Resized => "resized",
            DiffKind::RelabelledResized => "relabelled+resized",
            DiffKind::Relinked => "relinked",
        }
    }
}

/// One change. `from_*` describe the annotator's span, the others the gold's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffItem {
    pub kind: DiffKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range: Option<(usize, usize)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_range: Option<(usize, usize)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_text: Option<String>,
    /// The gold span's entity link and the annotator's, when either has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_entity: Option<String>,
    /// Who decided, from the gold span's provenance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
}

/// Changes in one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocDiff {
    pub id: String,
    pub title: String,
    pub unchanged: usize,
    pub changes: Vec<DiffItem>,
}

/// Counts per label (the gold's label, or the annotator's for removals).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct LabelTally {
    pub unchanged: usize,
    pub added: usize,
    pub removed: usize,
    pub relabelled: usize,
    pub resized: usize,
    pub relinked: usize,
}

/// The whole diff of a gold against one annotator's file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoldDiff {
    pub annotator: String,
    pub documents: Vec<DocDiff>,
    pub per_label: BTreeMap<String, LabelTally>,
    /// Documents of the gold the annotator's file does not have.
    pub not_in_annotator: Vec<String>,
    /// Frame disagreements of gold and annotator per kind (every kind, zero included; empty
    /// when neither has events or relations).
    pub frame_counts: BTreeMap<FrameIssue, usize>,
    /// Each frame disagreement; `annotators` names who lacks or differs (`gold` or the
    /// annotator).
    pub frames: Vec<FrameDisagreement>,
}

fn range(s: &Span) -> (usize, usize) {
    (s.start().get(), s.end().get())
}

fn item(kind: DiffKind, gold: Option<&Span>, ann: Option<&Span>) -> DiffItem {
    let prov = gold.and_then(|g| g.provenance.as_ref());
    DiffItem {
        kind,
        label: gold.map(|g| g.label.to_string()),
        range: gold.map(range),
        text: gold.map(|g| g.text().to_owned()),
        from_label: ann.map(|a| a.label.to_string()),
        from_range: ann.map(range),
        from_text: ann.map(|a| a.text().to_owned()),
        entity: gold.and_then(|g| g.entity.as_ref()).map(|e| e.to_string()),
        from_entity: ann.and_then(|a| a.entity.as_ref()).map(|e| e.to_string()),
        decided_by: prov.map(|p| p.decided_by.clone()),
        rationale: prov.and_then(|p| p.rationale.clone()),
    }
}

/// Pair one document's spans. Returns (unchanged count, changes).
pub fn diff_spans(gold: &[Span], ann: &[Span]) -> (Vec<(usize, usize)>, Vec<DiffItem>) {
    let mut g_used = vec![false; gold.len()];
    let mut a_used = vec![false; ann.len()];
    let mut same = Vec::new();
    let mut changes = Vec::new();
    // Pass 1: identical.
    for (i, g) in gold.iter().enumerate() {
        if let Some(j) = (0..ann.len())
            .find(|&j| !a_used[j] && ann[j].range() == g.range() && ann[j].label == g.label)
        {
            g_used[i] = true;
            a_used[j] = true;
            if ann[j].entity == g.entity {
                same.push((i, j));
            } else {
                changes.push(item(DiffKind::Relinked, Some(g), Some(&ann[j])));
            }
        }
    }
    // Pass 2: same range, other label.
    for (i, g) in gold.iter().enumerate() {
        if g_used[i] {
            continue;
        }
        if let Some(j) = (0..ann.len()).find(|&j| !a_used[j] && ann[j].range() == g.range()) {
            g_used[i] = true;
            a_used[j] = true;
            changes.push(item(DiffKind::Relabelled, Some(g), Some(&ann[j])));
        }
    }
    // Pass 3: overlapping, best pairs first.
    let mut pairs: Vec<(usize, bool, usize, usize)> = Vec::new();
    for (i, g) in gold.iter().enumerate() {
        for (j, a) in ann.iter().enumerate() {
            if !g_used[i] && !a_used[j] && g.range().overlaps(&a.range()) {
                let shared = g.range().intersection_len(&a.range());
                pairs.push((shared, g.label == a.label, i, j));
            }
        }
    }
    pairs.sort_by(|x, y| (y.1, y.0, x.2, x.3).cmp(&(x.1, x.0, y.2, y.3)));
    for (_, same_label, i, j) in pairs {
        if g_used[i] || a_used[j] {
            continue;
        }
        g_used[i] = true;
        a_used[j] = true;
        let kind = if same_label {
            DiffKind::Resized
        } else {
            DiffKind::RelabelledResized
        };
        changes.push(item(kind, Some(&gold[i]), Some(&ann[j])));
    }
    for (i, g) in gold.iter().enumerate() {
        if !g_used[i] {
            changes.push(item(DiffKind::Added, Some(g), None));
        }
    }
    for (j, a) in ann.iter().enumerate() {
        if !a_used[j] {
            changes.push(item(DiffKind::Removed, None, Some(a)));
        }
    }
    changes.sort_by_key(|c| (c.range.or(c.from_range), c.kind));
    (same, changes)
}

/// Diff `gold` against the file of `annotator`.
pub fn diff_gold(gold: &Project, annotator: &Project) -> GoldDiff {
    let mut per_label: BTreeMap<String, LabelTally> = BTreeMap::new();
    let mut documents = Vec::new();
    let mut not_in_annotator = Vec::new();
    for gdoc in gold.documents() {
        let Some(adoc) = annotator.document(gdoc.id()) else {
            not_in_annotator.push(gdoc.id().to_string());
            continue;
        };
        let (same, changes) = diff_spans(gdoc.spans(), adoc.spans());
        for &(i, _) in &same {
            per_label
                .entry(gdoc.spans()[i].label.to_string())
                .or_default()
                .unchanged += 1;
        }
        for c in &changes {
            let label = c.label.clone().or(c.from_label.clone()).unwrap_or_default();
            let t = per_label.entry(label).or_default();
            match c.kind {
                DiffKind::Added => t.added += 1,
                DiffKind::Removed => t.removed += 1,
                DiffKind::Relabelled => t.relabelled += 1,
                DiffKind::Resized => t.resized += 1,
                DiffKind::RelabelledResized => {
                    t.relabelled += 1;
                    t.resized += 1;
                }
                DiffKind::Relinked => t.relinked += 1,
            }
        }
        documents.push(DocDiff {
            id: gdoc.id().to_string(),
            title: gdoc.title.clone(),
            unchanged: same.len(),
            changes,
        });
    }
    let names = ["gold".to_owned(), annotator.annotator.name.clone()];
    let alignment = Alignment::with_names(&[gold, annotator], &names);
    let frames = FrameReport::compute(&alignment);
    let (frame_counts, mut frames) = if frames.is_empty() {
        (BTreeMap::new(), Vec::new())
    } else {
        (frames.issue_counts, frames.disagreements)
    };
    tell_deciders(&alignment, &mut frames);
    GoldDiff {
        annotator: annotator.annotator.name.clone(),
        documents,
        per_label,
        not_in_annotator,
        frame_counts,
        frames,
    }
}

/// Give each frame disagreement the decider and rationale of the gold's frame there (annotator
/// 0 of `alignment`), when it records them.
fn tell_deciders(alignment: &Alignment, frames: &mut [FrameDisagreement]) {
    let mut lined: BTreeMap<usize, (FramesOf, super::frames::DocFrames)> = BTreeMap::new();
    for d in frames.iter_mut() {
        let doc = &alignment.documents[d.doc];
        let (views, groups) = lined.entry(d.doc).or_insert_with(|| {
            let views: Vec<FramesOf> = (0..2).map(|a| FramesOf::of(doc, a)).collect();
            let groups = align_frames(doc, &views, &alignment.schema);
            (views.into_iter().next().unwrap_or_default(), groups)
        });
        let provenance = if d.issue.is_relation() {
            groups
                .relation_groups
                .get(d.group)
                .and_then(|g| g.members[0])
                .and_then(|k| views.relations[k].relation.provenance.as_ref())
                .map(|p| (p.decided_by.clone(), p.rationale.clone()))
        } else {
            groups
                .groups
                .get(d.group)
                .and_then(|g| g.members[0])
                .and_then(|k| views.events[k].event.provenance.as_ref())
                .map(|p| (p.decided_by.clone(), p.rationale.clone()))
        };
        if let Some((by, why)) = provenance {
            d.decided_by = Some(by);
            d.rationale = why;
        }
    }
}

impl GoldDiff {
    pub fn change_count(&self) -> usize {
        self.documents.iter().map(|d| d.changes.len()).sum()
    }

    /// The plain-text report `hamish diff` prints.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "gold compared with {}: {} change(s)",
            self.annotator,
            self.change_count()
        );
        let _ = writeln!(
            out,
            "  {:<10} {:>9} {:>6} {:>8} {:>10} {:>8} {:>8}",
            "label", "unchanged", "added", "removed", "relabelled", "resized", "relinked"
        );
        for (label, t) in &self.per_label {
            let _ = writeln!(
                out,
                "  {:<10} {:>9} {:>6} {:>8} {:>10} {:>8} {:>8}",
                label, t.unchanged, t.added, t.removed, t.relabelled, t.resized, t.relinked
            );
        }
        for d in &self.documents {
            if d.changes.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\n{} ({}), {} unchanged", d.title, d.id, d.unchanged);
            for c in &d.changes {
                let gold = match (&c.label, c.range, &c.text) {
                    (Some(l), Some((s, e)), Some(t)) => format!("{l} {s}..{e} «{t}»"),
                    _ => String::new(),
                };
                let ann = match (&c.from_label, c.from_range, &c.from_text) {
                    (Some(l), Some((s, e)), Some(t)) => format!("{l} {s}..{e} «{t}»"),
                    _ => String::new(),
                };
                let link = |e: &Option<String>| e.as_deref().unwrap_or("no entity").to_owned();
                let line = match c.kind {
                    DiffKind::Added => format!("  + added    {gold}"),
                    DiffKind::Removed => format!("  - removed  {ann}"),
                    DiffKind::Relinked => format!(
                        "  ~ relinked {gold}: {} → {}",
                        link(&c.from_entity),
                        link(&c.entity)
                    ),
                    _ => format!("  ~ {:<8} {ann} → {gold}", c.kind.name()),
                };
                let _ = write!(out, "{line}");
                if let Some(by) = &c.decided_by {
                    let _ = write!(out, "  [{by}]");
                }
                if let Some(r) = &c.rationale {
                    let _ = write!(out, " {r}");
                }
                out.push('\n');
            }
        }
        if !self.frame_counts.is_empty() {
            let _ = writeln!(
                out,
                "\nevents and relations: {} disagreement(s) with the gold",
                self.frames.len()
            );
            for (kind, count) in self.frame_counts.iter().filter(|(_, n)| **n > 0) {
                let _ = writeln!(out, "  {:<24} {count:>5}", kind.name());
            }
            for d in &self.frames {
                let _ = write!(out, "  {}", disagreement_line(d));
                if let Some(by) = &d.decided_by {
                    let _ = write!(out, "  [{by}]");
                }
                if let Some(r) = &d.rationale {
                    let _ = write!(out, " {r}");
                }
                out.push('\n');
            }
        }
        if !self.not_in_annotator.is_empty() {
            let _ = writeln!(
                out,
                "\ndocuments of the gold not in {}'s file: {}",
                self.annotator,
                self.not_in_annotator.join(", ")
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::align::tests::{TEXT, project};

    #[test]
    fn classifies_changes() {
        let gold = project(
            "gold",
            &[TEXT],
            &[
                (0, 6, 24, "GROUP"),
                (0, 30, 35, "PLACE"),
                (0, 37, 43, "PLACE"),
                (0, 0, 5, "EVENT"),
            ],
        );
        let ann = project(
            "Amina",
            &[TEXT],
            &[
                (0, 6, 24, "GROUP"),
                (0, 30, 35, "GROUP"),
                (0, 36, 43, "PLACE"),
                (0, 44, 47, "EVENT"),
            ],
        );
        let d = diff_gold(&gold, &ann);
        let kinds: Vec<DiffKind> = d.documents[0].changes.iter().map(|c| c.kind).collect();
        assert_eq!(
            kinds,
            [
                DiffKind::Added,
                DiffKind::Relabelled,
                DiffKind::Resized,
                DiffKind::Removed
            ]
        );
        assert_eq!(d.documents[0].unchanged, 1);
        assert_eq!(d.per_label["PLACE"].relabelled, 1);
        assert_eq!(d.per_label["PLACE"].resized, 1);
        assert_eq!(d.per_label["EVENT"].added, 1);
        assert_eq!(d.per_label["EVENT"].removed, 1);
        assert_eq!(d.per_label["GROUP"].unchanged, 1);
        assert!(d.per_label.values().all(|t| t.relinked == 0));
        let resized = &d.documents[0].changes[2];
        assert_eq!(resized.from_text.as_deref(), Some("وتمبكتو"));
        assert_eq!(resized.text.as_deref(), Some("تمبكتو"));
    }
}

#[cfg(test)]
mod link_tests {
    use super::*;
    use crate::model::{Edit, Entity, EntityId, EntityKind, Timestamp};
    use crate::review::align::tests::{TEXT, project};

    /// `p` with two group entities and span `at` (an index) of document 0 linked to `entity`.
    fn linked(mut p: Project, at: usize, entity: Option<&str>) -> Project {
        let now = Timestamp("2026-12-01T00:00:00Z".into());
        for id in ["jnim", "qaeda"] {
            let e = Entity::new(EntityId::new(id), EntityKind::Group, "", id);
            p.apply(Edit::AddEntity { entity: e }, &now).unwrap();
        }
        let doc = p.documents()[0].id().clone();
        let span = p.documents()[0].spans()[at].id;
        p.apply(
            Edit::LinkSpan {
                doc,
                span,
                entity: entity.map(EntityId::new),
            },
            &now,
        )
        .unwrap();
        p
    }

    #[test]
    fn a_link_to_another_entity_or_on_one_side_only_is_a_change() {
        let spans = [(0, 6, 24, "GROUP"), (0, 30, 35, "PLACE")];
        let gold = linked(project("gold", &[TEXT], &spans), 0, Some("jnim"));
        for (theirs, from) in [(Some("qaeda"), "qaeda"), (None, "no entity")] {
            let ann = linked(project("Amina", &[TEXT], &spans), 0, theirs);
            let d = diff_gold(&gold, &ann);
            let changes = &d.documents[0].changes;
            assert_eq!(changes.len(), 1, "{changes:?}");
            assert_eq!(changes[0].kind, DiffKind::Relinked);
            assert_eq!(changes[0].entity.as_deref(), Some("jnim"));
            assert_eq!(d.documents[0].unchanged, 1);
            assert_eq!(d.per_label["GROUP"].relinked, 1);
            assert!(
                d.render().contains(&format!(": {from} → jnim")),
                "{}",
                d.render()
            );
        }
        let same = linked(project("Amina", &[TEXT], &spans), 0, Some("jnim"));
        assert_eq!(diff_gold(&gold, &same).change_count(), 0);
    }
}
