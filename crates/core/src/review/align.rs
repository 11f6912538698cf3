//! Alignment of several annotators' projects: documents matched by [`DocId`] (the hash of the
//! text), documents missing from some files listed rather than guessed, and each document's
//! spans grouped into clusters of overlapping spans, each classified as agreed by all, a label
//! conflict, a boundary conflict, or held by only some annotators. Each annotator's events and
//! relations travel with their spans; [`super::frames`] aligns them.

use crate::model::{
    CharRange, DocId, EntityId, Event, LabelId, Project, Relation, Schema, Span, SpanId,
};
use crate::progress::{Cancelled, Progress};
use std::collections::{HashMap, HashSet};

/// How the annotators who have a document relate on one cluster of overlapping spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Agreement {
    /// Every annotator of the document has every span of the cluster, same range and label.
    Agreed,
    /// The same range carries different labels.
    LabelConflict,
    /// Overlapping spans with different ranges.
    BoundaryConflict,
    /// One span (range and label) that only some annotators have.
    Partial,
    /// The same range and label, linked to different entities by two annotators (one linking
    /// and another not is no conflict: the link is more, not other). Entity ids are compared
    /// as the files write them, so colleagues' copies should share a registry.
    LinkConflict,
}

impl Agreement {
    pub fn name(self) -> &'static str {
        match self {
            Agreement::Agreed => "agreed",
            Agreement::LabelConflict => "label conflict",
            Agreement::BoundaryConflict => "boundary conflict",
            Agreement::Partial => "only some",
            Agreement::LinkConflict => "link conflict",
        }
    }
}

/// One distinct (range, label) pair inside a cluster, with who has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub range: CharRange,
    pub label: LabelId,
    pub text: String,
    /// Indices into [`Alignment::annotators`], ascending.
    pub annotators: Vec<usize>,
    /// Index of each of those annotators' span in [`AlignedDoc::spans`], in the same order.
    pub span_index: Vec<usize>,
}

impl Candidate {
    /// The span of the `k`-th annotator of this candidate.
    pub fn span<'a>(&self, doc: &'a AlignedDoc, k: usize) -> &'a Span {
        &doc.spans[self.annotators[k]][self.span_index[k]]
    }

    pub fn span_ids(&self, doc: &AlignedDoc) -> Vec<SpanId> {
        (0..self.annotators.len())
            .map(|k| self.span(doc, k).id)
            .collect()
    }
}

/// Spans of one document that overlap one another (transitively), from all annotators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cluster {
    /// The union of the candidates' ranges.
    pub range: CharRange,
    pub kind: Agreement,
    /// Sorted by range, then label.
    pub candidates: Vec<Candidate>,
}

impl Cluster {
    /// Annotators (indices) with at least one span in the cluster.
    pub fn annotators(&self) -> Vec<usize> {
        let mut all: Vec<usize> = self
            .candidates
            .iter()
            .flat_map(|c| c.annotators.iter().copied())
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    }
}

/// One document as seen by the annotators whose files contain it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlignedDoc {
    pub id: DocId,
    pub title: String,
    pub text: String,
    /// Annotators (indices) whose files have this document, ascending.
    pub present: Vec<usize>,
    /// Each annotator's spans on this document (empty for annotators without it).
    pub spans: Vec<Vec<Span>>,
    /// Each annotator's events on this document, by id (their spans are in `spans`).
    pub events: Vec<Vec<Event>>,
    /// Each annotator's relations on this document, by id.
    pub relations: Vec<Vec<Relation>>,
    /// Sorted by start.
    pub clusters: Vec<Cluster>,
}

impl AlignedDoc {
    pub fn count(&self, kind: Agreement) -> usize {
        self.clusters.iter().filter(|c| c.kind == kind).count()
    }
}

/// A document that only some of the files contain.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DocPresence {
    pub id: DocId,
    pub title: String,
    pub present_in: Vec<String>,
    pub missing_from: Vec<String>,
}

/// Several annotators' projects laid side by side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alignment {
    /// Display names, unique (a repeated name gets ` (2)`, ` (3)` …).
    pub annotators: Vec<String>,
    /// Every document of any file, in the order first seen (file order, then document order).
    pub documents: Vec<AlignedDoc>,
    /// The first file's schema (event types, roles, relation types, attributes), which the
    /// frame comparison reads.
    pub schema: Schema,
}

impl Alignment {
    /// The labels of `schema_labels` (in that order) that some annotator used on some
    /// document: the rows an agreement report shows. A label nobody used has nothing to agree
    /// on, and a schema's unused labels (the default DATE in a project that marks no dates)
    /// would only add empty rows.
    pub fn labels_in_use(&self, schema_labels: &[LabelId]) -> Vec<LabelId> {
        let used: HashSet<&LabelId> = self
            .documents
            .iter()
            .flat_map(|d| d.spans.iter().flatten())
            .map(|s| &s.label)
            .collect();
        schema_labels
            .iter()
            .filter(|l| used.contains(l))
            .cloned()
            .collect()
    }

    /// Align `projects`; annotator names are taken from each file's annotator.
    pub fn new(projects: &[&Project]) -> Self {
        let names: Vec<String> = projects.iter().map(|p| p.annotator.name.clone()).collect();
        Self::with_names(projects, &names)
    }

    /// Align `projects` under the given display names (made unique if repeated).
    pub fn with_names(projects: &[&Project], names: &[String]) -> Self {
        Self::from_projects(projects.iter().map(|p| (*p).clone()).collect(), names)
    }

    /// Align projects that are no longer needed: their spans move into the alignment
    /// instead of being copied (what the CLI does with the files it loaded).
    pub fn from_projects(projects: Vec<Project>, names: &[String]) -> Self {
        match Self::from_projects_watched(projects, names, &Progress::new()) {
            Ok(al) => al,
            Err(Cancelled) => unreachable!("nobody else holds this Progress to cancel it"),
        }
    }

    /// As [`Alignment::from_projects`], counting documents as they are clustered ("aligning
    /// documents") and stopping when `progress` is cancelled.
    pub fn from_projects_watched(
        projects: Vec<Project>,
        names: &[String],
        progress: &Progress,
    ) -> Result<Self, Cancelled> {
        Self::linked_watched(projects, names, &[], progress)
    }

    /// As [`Alignment::from_projects_watched`], reading each annotator's entity ids through
    /// `links[annotator]` (their id → the id they stand for, when the files' registries name
    /// one entity by two ids) when telling a [`Agreement::LinkConflict`].
    pub fn linked_watched(
        projects: Vec<Project>,
        names: &[String],
        links: &[Option<HashMap<EntityId, EntityId>>],
        progress: &Progress,
    ) -> Result<Self, Cancelled> {
        let annotators = unique_names(names);
        let schema = projects
            .first()
            .map(|p| p.schema().clone())
            .unwrap_or_default();
        let n = projects.len();
        let mut order: Vec<DocId> = Vec::new();
        let mut by_id: HashMap<DocId, AlignedDoc> = HashMap::new();
        for (a, project) in projects.into_iter().enumerate() {
            for mut doc in project.into_documents() {
                let entry = by_id.entry(doc.id().clone()).or_insert_with(|| {
                    order.push(doc.id().clone());
                    AlignedDoc {
                        id: doc.id().clone(),
                        title: doc.title.clone(),
                        text: doc.text().to_owned(),
                        present: Vec::new(),
                        spans: vec![Vec::new(); n],
                        events: vec![Vec::new(); n],
                        relations: vec![Vec::new(); n],
                        clusters: Vec::new(),
                    }
                });
                if !entry.present.contains(&a) {
                    entry.present.push(a);
                    let (spans, events, relations) = doc.take_annotations();
                    entry.spans[a] = spans;
                    entry.events[a] = events;
                    entry.relations[a] = relations;
                }
            }
        }
        progress.begin("aligning documents", order.len() as u64)?;
        let mut documents = Vec::with_capacity(order.len());
        for id in order {
            let Some(mut doc) = by_id.remove(&id) else {
                continue;
            };
            doc.clusters = cluster_spans(&doc.spans, &doc.present, links);
            documents.push(doc);
            progress.step()?;
        }
        Ok(Self {
            annotators,
            documents,
            schema,
        })
    }

    pub fn document(&self, id: &DocId) -> Option<&AlignedDoc> {
        self.documents.iter().find(|d| &d.id == id)
    }

    /// Documents that some files lack, with who has them and who does not.
    pub fn partial_documents(&self) -> Vec<DocPresence> {
        self.documents
            .iter()
            .filter(|d| d.present.len() < self.annotators.len())
            .map(|d| DocPresence {
                id: d.id.clone(),
                title: d.title.clone(),
                present_in: d
                    .present
                    .iter()
                    .map(|&a| self.annotators[a].clone())
                    .collect(),
                missing_from: (0..self.annotators.len())
                    .filter(|a| !d.present.contains(a))
                    .map(|a| self.annotators[a].clone())
                    .collect(),
            })
            .collect()
    }

    /// Names of the given annotator indices.
    pub fn names(&self, indices: &[usize]) -> Vec<String> {
        indices
            .iter()
            .map(|&a| self.annotators[a].clone())
            .collect()
    }
}

fn unique_names(names: &[String]) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let base = if name.trim().is_empty() {
                format!("annotator {}", i + 1)
            } else {
                name.clone()
            };
            let count = seen.entry(base.clone()).or_insert(0);
            *count += 1;
            if *count == 1 {
                base
            } else {
                format!("{base} ({count})")
            }
        })
        .collect()
}

/// Group all annotators' spans into clusters of transitively overlapping spans.
fn cluster_spans(
    spans: &[Vec<Span>],
    present: &[usize],
    links: &[Option<HashMap<EntityId, EntityId>>],
) -> Vec<Cluster> {
    let mut all: Vec<(usize, usize, &Span)> = present
        .iter()
        .flat_map(|&a| spans[a].iter().enumerate().map(move |(i, s)| (a, i, s)))
        .collect();
    all.sort_by_key(|x| (x.2.start(), x.2.end()));
    let mut clusters = Vec::new();
    let mut from = 0;
    let mut end = crate::model::CharOffset::ZERO;
    for k in 0..all.len() {
        let span = all[k].2;
        if k > from && span.start() >= end {
            clusters.push(make_cluster(&mut all[from..k], present.len(), links));
            from = k;
        }
        end = if k == from {
            span.end()
        } else {
            end.max(span.end())
        };
    }
    if from < all.len() {
        let n = all.len();
        clusters.push(make_cluster(&mut all[from..n], present.len(), links));
    }
    clusters
}

fn make_cluster(
    members: &mut [(usize, usize, &Span)],
    annotators_present: usize,
    links: &[Option<HashMap<EntityId, EntityId>>],
) -> Cluster {
    members.sort_by(|x, y| {
        (x.2.start(), x.2.end(), &x.2.label, x.0).cmp(&(y.2.start(), y.2.end(), &y.2.label, y.0))
    });
    let mut candidates: Vec<Candidate> = Vec::new();
    for &(a, i, span) in members.iter() {
        match candidates.last_mut() {
            Some(c) if c.range == span.range() && c.label == span.label => {
                // The model forbids two spans with the same range and label in one document;
                // should a file have them anyway, the annotator is counted once.
                if c.annotators.last() != Some(&a) {
                    c.annotators.push(a);
                    c.span_index.push(i);
                }
            }
            _ => candidates.push(Candidate {
                range: span.range(),
                label: span.label.clone(),
                text: span.text().to_owned(),
                annotators: vec![a],
                span_index: vec![i],
            }),
        }
    }
    let range = CharRange {
        start: candidates
            .iter()
            .map(|c| c.range.start)
            .min()
            .unwrap_or_default(),
        end: candidates
            .iter()
            .map(|c| c.range.end)
            .max()
            .unwrap_or_default(),
    };
    let all_full = candidates
        .iter()
        .all(|c| c.annotators.len() == annotators_present);
    let one_range = candidates.iter().all(|c| c.range == candidates[0].range);
    // Two annotators who agree on a span but link it to different entities.
    let relinked = |c: &Candidate| {
        let mut links = members
            .iter()
            .filter(|(_, _, s)| s.range() == c.range && s.label == c.label)
            .filter_map(|(a, _, s)| {
                let id = s.entity.as_ref()?;
                let mapped = links
                    .get(*a)
                    .and_then(Option::as_ref)
                    .and_then(|m| m.get(id));
                Some(mapped.unwrap_or(id))
            });
        links
            .next()
            .is_some_and(|first| links.any(|other| other != first))
    };
    let kind = if all_full && candidates.iter().any(relinked) {
        Agreement::LinkConflict
    } else if all_full {
        Agreement::Agreed
    } else if !one_range {
        Agreement::BoundaryConflict
    } else if candidates.len() > 1 {
        Agreement::LabelConflict
    } else {
        Agreement::Partial
    };
    Cluster {
        range,
        kind,
        candidates,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{Annotator, Document, Edit, Timestamp};

    /// A project named `name` with the given documents and spans `(doc index, start, end, label)`.
    pub(crate) fn project(
        name: &str,
        texts: &[&str],
        spans: &[(usize, usize, usize, &str)],
    ) -> Project {
        let mut p = Project::new("test", Annotator::new(name));
        p.annotator.id = crate::model::AnnotatorId(format!("a-{name}"));
        let now = Timestamp("2026-11-21T10:00:00Z".into());
        let docs = texts
            .iter()
            .enumerate()
            .map(|(i, text)| Document::new(format!("doc {i}"), format!("{i}.txt"), *text))
            .collect();
        p.apply(Edit::AddDocuments { docs }, &now).unwrap();
        for (k, &(d, s, e, label)) in spans.iter().enumerate() {
            let id = p.documents()[d].id().clone();
            let mut span = p
                .new_span(&id, CharRange::new(s, e), LabelId::new(label), &now)
                .unwrap();
            span.id = SpanId(1000 + k as u64);
            p.apply(Edit::AddSpan { doc: id, span }, &now).unwrap();
        }
        p
    }

    pub(crate) const TEXT: &str = "هاجمت جماعة نصرة الإسلام بلدة بوريم وتمبكتو أمس";

    /// The second document of [`three_documents_two_annotators`].
    pub(crate) const SECOND: &str = "قتل ثلاثة جنود في كمين قرب منكا";

    /// Two annotators over three documents (`TEXT`, `SECOND`, a third only in A's file): a shared fixture of
    /// the measures that pool documents (αu, γ).
    pub(crate) fn three_documents_two_annotators() -> Alignment {
        let a = project(
            "A",
            &[TEXT, SECOND, "نص ثالث"],
            &[
                (0, 6, 24, "GROUP"),
                (0, 30, 35, "PLACE"),
                (1, 4, 9, "GROUP"),
                (2, 0, 2, "GROUP"),
            ],
        );
        let b = project(
            "B",
            &[TEXT, SECOND],
            &[
                (0, 6, 24, "GROUP"),
                (0, 30, 35, "GROUP"),
                (1, 4, 12, "GROUP"),
            ],
        );
        Alignment::new(&[&a, &b])
    }

    #[test]
    fn the_labels_in_use_are_the_schema_s_that_someone_used_in_its_order() {
        let a = project("a", &[TEXT], &[(0, 30, 35, "PLACE")]);
        let b = project("b", &[TEXT], &[(0, 6, 24, "GROUP")]);
        let al = Alignment::new(&[&a, &b]);
        let schema: Vec<LabelId> = a.schema().labels.iter().map(|l| l.id.clone()).collect();
        assert_eq!(schema.len(), 4, "GROUP, PLACE, EVENT and DATE");
        assert_eq!(
            al.labels_in_use(&schema),
            [LabelId::new("GROUP"), LabelId::new("PLACE")]
        );
    }

    #[test]
    fn different_links_on_an_agreed_span_are_a_link_conflict_one_missing_link_is_not() {
        use crate::model::{Entity, EntityId, EntityKind};
        let now = Timestamp("2026-11-21T10:00:00Z".into());
        let linked = |name: &str, group: Option<&str>, place: Option<&str>| {
            let mut p = project(name, &[TEXT], &[(0, 6, 24, "GROUP"), (0, 30, 35, "PLACE")]);
            for (id, kind) in [
                ("jnim", EntityKind::Group),
                ("qaeda", EntityKind::Group),
                ("bourem", EntityKind::Place),
            ] {
                let entity = Entity::new(EntityId::new(id), kind, id, id);
                p.apply(Edit::AddEntity { entity }, &now).unwrap();
            }
            let doc = p.documents()[0].id().clone();
            for (k, link) in [group, place].into_iter().enumerate() {
                let span = SpanId(1000 + k as u64);
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
        let a = linked("Amina", Some("jnim"), Some("bourem"));
        let b = linked("Yusuf", Some("jnim"), None);
        let c = linked("Salma", Some("qaeda"), None);
        let kinds = |projects: &[&Project]| -> Vec<Agreement> {
            Alignment::new(projects).documents[0]
                .clusters
                .iter()
                .map(|c| c.kind)
                .collect()
        };
        assert_eq!(
            kinds(&[&a, &b, &c]),
            [Agreement::LinkConflict, Agreement::Agreed]
        );
        assert_eq!(kinds(&[&a, &b]), [Agreement::Agreed, Agreement::Agreed]);
        assert_eq!(Agreement::LinkConflict.name(), "link conflict");
    }

    #[test]
    fn classifies_agreed_label_boundary_and_partial() {
        // جماعة 6..11, نصرة الإسلام 12..24, بوريم 30..35, وتمبكتو 36..43 (تمبكتو 37..43)
        let a = project(
            "Amina",
            &[TEXT],
            &[
                (0, 6, 24, "GROUP"),
                (0, 30, 35, "PLACE"),
                (0, 36, 43, "PLACE"),
                (0, 0, 5, "EVENT"),
            ],
        );
        let b = project(
            "Yusuf",
            &[TEXT],
            &[
                (0, 6, 24, "GROUP"),
                (0, 30, 35, "GROUP"),
                (0, 37, 43, "PLACE"),
            ],
        );
        let al = Alignment::new(&[&a, &b]);
        assert_eq!(al.annotators, ["Amina", "Yusuf"]);
        let doc = &al.documents[0];
        let kinds: Vec<Agreement> = doc.clusters.iter().map(|c| c.kind).collect();
        assert_eq!(
            kinds,
            [
                Agreement::Partial,
                Agreement::Agreed,
                Agreement::LabelConflict,
                Agreement::BoundaryConflict
            ]
        );
        let boundary = &doc.clusters[3];
        assert_eq!(boundary.range, CharRange::new(36, 43));
        assert_eq!(boundary.candidates.len(), 2);
        assert_eq!(boundary.candidates[0].annotators, [0]);
        assert_eq!(boundary.candidates[1].annotators, [1]);
        assert_eq!(doc.clusters[0].candidates[0].annotators, [0]);
        assert!(al.partial_documents().is_empty());
    }

    #[test]
    fn documents_missing_from_some_files_are_listed() {
        let a = project("Amina", &[TEXT, "نص آخر"], &[]);
        let b = project("Amina", &[TEXT], &[]);
        let al = Alignment::new(&[&a, &b]);
        assert_eq!(al.annotators, ["Amina", "Amina (2)"]);
        assert_eq!(al.documents.len(), 2);
        let partial = al.partial_documents();
        assert_eq!(partial.len(), 1);
        assert_eq!(partial[0].present_in, ["Amina"]);
        assert_eq!(partial[0].missing_from, ["Amina (2)"]);
        assert_eq!(al.documents[1].present, [0]);
    }

    #[test]
    fn nested_spans_all_agree() {
        let spans = [(0, 30, 43, "PLACE"), (0, 36, 43, "PLACE")];
        let a = project("A", &[TEXT], &spans);
        let b = project("B", &[TEXT], &spans);
        let al = Alignment::new(&[&a, &b]);
        assert_eq!(al.documents[0].clusters.len(), 1);
        assert_eq!(al.documents[0].clusters[0].kind, Agreement::Agreed);
    }

    proptest::proptest! {
        /// Clusters are ordered and disjoint, and every span of every annotator is in exactly
        /// one candidate, which lies inside its cluster.
        #[test]
        fn clusters_partition_the_spans(
            raw in proptest::collection::vec(
                proptest::collection::vec((0usize..40, 1usize..8, 0usize..3), 0..12),
                3,
            )
        ) {
            let text = "ا".repeat(48);
            let labels = ["GROUP", "PLACE", "EVENT"];
            let projects: Vec<Project> = raw
                .iter()
                .enumerate()
                .map(|(a, spans)| {
                    let mut seen = std::collections::HashSet::new();
                    let list: Vec<(usize, usize, usize, &str)> = spans
                        .iter()
                        .filter(|(s, l, k)| seen.insert((*s, *l, *k)))
                        .map(|&(s, l, k)| (0, s, s + l, labels[k]))
                        .collect();
                    project(&format!("a{a}"), &[text.as_str()], &list)
                })
                .collect();
            let refs: Vec<&Project> = projects.iter().collect();
            let al = Alignment::new(&refs);
            let doc = &al.documents[0];
            for pair in doc.clusters.windows(2) {
                proptest::prop_assert!(pair[0].range.end <= pair[1].range.start);
            }
            let mut counted = 0;
            for c in &doc.clusters {
                for cand in &c.candidates {
                    proptest::prop_assert!(c.range.covers(&cand.range));
                    counted += cand.annotators.len();
                }
            }
            let total: usize = projects.iter().map(|p| p.documents()[0].spans().len()).sum();
            proptest::prop_assert_eq!(counted, total);
            // An annotator compared with an exact copy agrees everywhere.
            let twin = Alignment::new(&[&projects[0], &projects[0]]);
            proptest::prop_assert!(twin.documents[0].clusters.iter().all(|c| c.kind == Agreement::Agreed));
        }
    }
}
