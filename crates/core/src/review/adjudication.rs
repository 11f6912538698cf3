//! Adjudication: deciding each cluster of an [`Alignment`], each event group and each relation
//! group, and building the gold project.
//!
//! Every cluster has a [`Decision`] (undecided at first). Taking candidates copies those spans
//! into the gold with [`Provenance`] naming who had them, who decided and when; an edit puts
//! spans of the adjudicator's own making instead. Undecided clusters contribute nothing to the
//! gold and are the "remaining conflicts". The GUI panel and `hamish merge` both drive this.
//! Events and relations are decided beside the spans ([`super::frame_adjudication`]: groups
//! lined up once here, [`super::frame_adjudication::FrameDecision`], the spans a frame needs).
//!
//! The gold's entity registry is the files' registries joined ([`Project::registry_import`],
//! one file after another; a file whose registry does not fit is left out), and a span taken
//! into the gold keeps the link its annotators agree on, their ids mapped into that registry
//! (linked by some to one entity and by none to another); annotators who link one span to
//! different entities leave it unlinked, for the adjudicator to link.

use super::align::{Agreement, Alignment, Cluster};
use super::frame_adjudication::{
    DocFrameGroups, FrameDecision, GoldNote, RelationDecision, line_up,
};
use crate::model::{
    Annotator, AnnotatorId, CharRange, DocId, Document, DocumentBuilder, EntityId, EntityKind,
    LabelId, Project, ProjectSettings, Provenance, Span, SpanId, Timestamp,
};
use crate::progress::{Cancelled, Progress};
use std::collections::{HashMap, HashSet};

/// What the adjudicator made of one cluster.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Decision {
    #[default]
    Undecided,
    /// Keep these candidates (indices into [`Cluster::candidates`]).
    Take(Vec<usize>),
    /// None of the annotators' spans belong in the gold.
    RejectAll,
    /// The adjudicator's own spans instead.
    Edit(Vec<(CharRange, LabelId)>),
}

/// A decision (on a cluster, or an event or relation group) with who made it, when, and why.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Decided<D = Decision> {
    pub decision: D,
    pub by: String,
    pub at: Timestamp,
    pub rationale: Option<String>,
}

/// Where one cluster is: document index and cluster index in the alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClusterRef {
    pub doc: usize,
    pub cluster: usize,
}

/// The state of an adjudication: the alignment, the documents' template and the decisions.
#[derive(Debug, Clone, PartialEq)]
pub struct Adjudication {
    pub alignment: Alignment,
    /// Name and schema of the gold, and every document (without spans) in alignment order.
    template: Project,
    /// `decisions[doc][cluster]`.
    pub decisions: Vec<Vec<Decided>>,
    /// Per annotator (alignment order), the gold registry's id of each entity of their file
    /// that joined it under another id (matched by name); `None` for a file left out.
    entity_ids: Vec<Option<HashMap<EntityId, EntityId>>>,
    /// Each document's events and relations lined up (computed once).
    pub(super) frames: Vec<DocFrameGroups>,
    /// `event_decisions[doc][group]`.
    pub(super) event_decisions: Vec<Vec<Decided<FrameDecision>>>,
    /// `relation_decisions[doc][group]`.
    pub(super) relation_decisions: Vec<Vec<Decided<RelationDecision>>>,
}

impl Adjudication {
    /// Start adjudicating `projects` (the first gives the gold its name and schema).
    pub fn new(projects: &[&Project], names: &[String]) -> Self {
        Self::from_projects(projects.iter().map(|p| (*p).clone()).collect(), names)
    }

    /// As [`Adjudication::new`], moving the projects' spans instead of copying them.
    pub fn from_projects(projects: Vec<Project>, names: &[String]) -> Self {
        match Self::from_projects_watched(projects, names, &Progress::new()) {
            Ok(adj) => adj,
            Err(Cancelled) => unreachable!("nobody else holds this Progress to cancel it"),
        }
    }

    /// As [`Adjudication::from_projects`], reporting the alignment to `progress` and stopping
    /// when it is cancelled (the review panel aligns large projects in the background).
    pub fn from_projects_watched(
        projects: Vec<Project>,
        names: &[String],
        progress: &Progress,
    ) -> Result<Self, Cancelled> {
        let first = projects.first();
        // Every document once, from the first file that has it, in the alignment's order.
        let mut seen: HashSet<&DocId> = HashSet::new();
        let documents = projects
            .iter()
            .flat_map(|p| p.documents())
            .filter(|d| seen.insert(d.id()))
            .map(Document::without_spans)
            .collect();
        // Documents without spans under the first file's schema: valid whenever the files are.
        // Not validated: nothing would read the problems.
        let mut template = Project::from_parts_unvalidated(
            first.map_or("gold".to_owned(), |p| p.name.clone()),
            Annotator {
                id: AnnotatorId("a-gold".into()),
                name: "gold".into(),
            },
            first.map(|p| p.schema().clone()).unwrap_or_default(),
            ProjectSettings::default(),
            Vec::new(),
            documents,
        );
        // The registries joined, one file after another; entity edits record no time.
        let entity_ids: Vec<Option<HashMap<EntityId, EntityId>>> = projects
            .iter()
            .map(|p| {
                let import = template.registry_import(p.entities()).ok()?;
                template.apply(import.edit, &Timestamp::default()).ok()?;
                Some(import.matched_by_name.into_iter().collect())
            })
            .collect();
        let alignment = Alignment::linked_watched(projects, names, &entity_ids, progress)?;
        debug_assert_eq!(alignment.documents.len(), template.documents().len());
        let decisions = alignment
            .documents
            .iter()
            .map(|d| vec![Decided::default(); d.clusters.len()])
            .collect();
        let frames = line_up(&alignment.documents, &alignment.schema, progress)?;
        let event_decisions = frames
            .iter()
            .map(|f| vec![Decided::default(); f.frames.groups.len()])
            .collect();
        let relation_decisions = frames
            .iter()
            .map(|f| vec![Decided::default(); f.frames.relation_groups.len()])
            .collect();
        Ok(Self {
            alignment,
            template,
            decisions,
            entity_ids,
            frames,
            event_decisions,
            relation_decisions,
        })
    }

    pub fn cluster(&self, at: ClusterRef) -> &Cluster {
        &self.alignment.documents[at.doc].clusters[at.cluster]
    }

    pub fn decision(&self, at: ClusterRef) -> &Decided {
        &self.decisions[at.doc][at.cluster]
    }

    /// Every cluster that is not agreed by all, in document order.
    pub fn disagreements(&self) -> Vec<ClusterRef> {
        self.refs(|c, _| c.kind != Agreement::Agreed)
    }

    /// Clusters without a decision (the remaining conflicts once automatic merging ran).
    pub fn undecided(&self) -> Vec<ClusterRef> {
        self.refs(|_, d| d.decision == Decision::Undecided)
    }

    fn refs(&self, keep: impl Fn(&Cluster, &Decided) -> bool) -> Vec<ClusterRef> {
        let mut out = Vec::new();
        for (d, doc) in self.alignment.documents.iter().enumerate() {
            for (c, cluster) in doc.clusters.iter().enumerate() {
                if keep(cluster, &self.decisions[d][c]) {
                    out.push(ClusterRef { doc: d, cluster: c });
                }
            }
        }
        out
    }

    /// Record a decision. Candidate indices out of range are dropped.
    pub fn decide(
        &mut self,
        at: ClusterRef,
        decision: Decision,
        by: &str,
        now: &Timestamp,
        rationale: Option<String>,
    ) {
        let n = self.cluster(at).candidates.len();
        let decision = match decision {
            Decision::Take(mut picks) => {
                picks.retain(|&i| i < n);
                picks.sort_unstable();
                picks.dedup();
                Decision::Take(picks)
            }
            other => other,
        };
        self.decisions[at.doc][at.cluster] = Decided {
            decision,
            by: by.to_owned(),
            at: now.clone(),
            rationale: rationale.filter(|r| !r.trim().is_empty()),
        };
    }

    /// Take every candidate of every cluster all annotators agree on; returns how many
    /// clusters were newly decided. Clusters already decided are left alone.
    pub fn accept_all_agreed(&mut self, by: &str, now: &Timestamp) -> usize {
        let todo: Vec<ClusterRef> =
            self.refs(|c, d| c.kind == Agreement::Agreed && d.decision == Decision::Undecided);
        for &at in &todo {
            let all = (0..self.cluster(at).candidates.len()).collect();
            self.decide(at, Decision::Take(all), by, now, None);
        }
        todo.len()
    }

    /// The link a gold span made from these annotators' spans gets: the one entity of the
    /// gold registry they link it to (ids mapped), when they do not disagree and its kind fits
    /// `label`.
    pub(super) fn agreed_link<'s>(
        &self,
        label: &LabelId,
        spans: impl Iterator<Item = (usize, &'s Span)>,
    ) -> Option<EntityId> {
        let mut links = spans.filter_map(|(annotator, span)| {
            let id = span.entity.as_ref()?;
            let map = self.entity_ids.get(annotator)?.as_ref()?;
            Some(map.get(id).unwrap_or(id).clone())
        });
        let first = links.next()?;
        if links.any(|other| other != first) {
            return None;
        }
        let kind = self.template.schema().label(label)?.kind;
        let entity = self.template.entity(&first)?;
        (EntityKind::of_label(kind) == Some(entity.kind)).then_some(first)
    }

    /// The gold project as decided so far.
    ///
    /// Each document's spans are added with the model's checks ([`DocumentBuilder::add_span`]):
    /// an edit whose range is empty or outside the text, or that repeats a span already in the
    /// gold (same range and label), adds nothing. Labels are checked by validation instead: a
    /// taken span whose label is not in the gold's schema (the first file's) stays in, so
    /// saving refuses the gold with that problem rather than silently dropping a decision.
    /// Then the decided events and relations, with the spans they need (see
    /// [`super::frame_adjudication`]).
    pub fn gold(&self) -> Project {
        self.gold_with_notes().0
    }

    /// As [`Adjudication::gold`], with what the frame decisions asked for and the gold could
    /// not hold (left out).
    pub fn gold_with_notes(&self) -> (Project, Vec<GoldNote>) {
        let author = &self.template.annotator.id;
        let mut notes = Vec::new();
        let mut used: HashSet<SpanId> = HashSet::new();
        let mut documents = Vec::with_capacity(self.template.documents().len());
        for (d, doc) in self.template.documents().iter().enumerate() {
            let mut doc = DocumentBuilder::new(doc.clone());
            let aligned = &self.alignment.documents[d];
            for (c, cluster) in aligned.clusters.iter().enumerate() {
                let decided = &self.decisions[d][c];
                let provenance = |annotators: Vec<String>| Provenance {
                    annotators,
                    decided_by: decided.by.clone(),
                    decided: decided.at.clone(),
                    rationale: decided.rationale.clone(),
                };
                let new_spans: Vec<Span> = match &decided.decision {
                    Decision::Undecided | Decision::RejectAll => Vec::new(),
                    Decision::Take(picks) => picks
                        .iter()
                        .map(|&i| {
                            let cand = &cluster.candidates[i];
                            let mut span = cand.span(aligned, 0).clone();
                            span.provenance =
                                Some(provenance(self.alignment.names(&cand.annotators)));
                            span.entity = self.agreed_link(
                                &cand.label,
                                (0..cand.annotators.len())
                                    .map(|k| (cand.annotators[k], cand.span(aligned, k))),
                            );
                            span
                        })
                        .collect(),
                    Decision::Edit(spans) => spans
                        .iter()
                        .filter_map(|(range, label)| {
                            let mut span = doc
                                .new_span(*range, label.clone(), author, &decided.at)
                                .ok()?;
                            let same: Vec<_> = cluster
                                .candidates
                                .iter()
                                .filter(|c| c.range == *range && &c.label == label)
                                .collect();
                            let had: Vec<usize> = same
                                .iter()
                                .flat_map(|c| c.annotators.iter().copied())
                                .collect();
                            span.provenance = Some(provenance(self.alignment.names(&had)));
                            span.entity = self.agreed_link(
                                label,
                                same.iter().flat_map(|c| {
                                    (0..c.annotators.len())
                                        .map(|k| (c.annotators[k], c.span(aligned, k)))
                                }),
                            );
                            Some(span)
                        })
                        .collect(),
                };
                for mut span in new_spans {
                    while !used.insert(span.id) {
                        span.id = SpanId::random();
                    }
                    // Clusters are disjoint, so only an edit can repeat a span taken elsewhere.
                    let _ = doc.add_span(span, None);
                }
            }
            self.add_frames(d, &mut doc, &mut used, &mut notes);
            documents.push(doc.finish());
        }
        // Not validated here (nothing would read the problems): saving the gold does that.
        let gold = Project::from_parts_unvalidated(
            self.template.name.clone(),
            self.template.annotator.clone(),
            self.template.schema().clone(),
            self.template.settings.clone(),
            self.template.entities().to_vec(),
            documents,
        );
        (gold, notes)
    }

    /// The gold's annotator id (the author of what the adjudicator makes).
    pub(super) fn gold_author(&self) -> &AnnotatorId {
        &self.template.annotator.id
    }

    /// The document id of a cluster reference.
    pub fn doc_id(&self, at: ClusterRef) -> &DocId {
        &self.alignment.documents[at.doc].id
    }

    /// The gold's label schema (that of the first file).
    pub fn schema(&self) -> &crate::model::Schema {
        self.template.schema()
    }

    /// Rename the gold's annotator (the adjudicator).
    pub fn set_adjudicator(&mut self, name: &str) {
        self.template.annotator.name = name.to_owned();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::align::tests::{TEXT, project};

    fn now() -> Timestamp {
        Timestamp("2026-11-22T00:00:00Z".into())
    }

    /// `p` with the registry `entities` (id, kind, Latin name) and span `k` of document 0
    /// linked to `links[k]`.
    fn with_links(
        mut p: Project,
        entities: &[(&str, EntityKind, &str)],
        links: &[Option<&str>],
    ) -> Project {
        for &(id, kind, name) in entities {
            let e = crate::model::Entity::new(EntityId::new(id), kind, "", name);
            p.apply(crate::model::Edit::AddEntity { entity: e }, &now())
                .unwrap();
        }
        let doc = p.documents()[0].id().clone();
        for (k, link) in links.iter().enumerate() {
            let span = p.documents()[0].spans()[k].id;
            let edit = crate::model::Edit::LinkSpan {
                doc: doc.clone(),
                span,
                entity: link.map(EntityId::new),
            };
            p.apply(edit, &now()).unwrap();
        }
        p
    }

    #[test]
    fn the_gold_joins_the_registries_and_keeps_the_links_annotators_agree_on() {
        let spans = [
            (0, 6, 24, "GROUP"),
            (0, 30, 35, "PLACE"),
            (0, 37, 43, "PLACE"),
        ];
        let a = with_links(
            project("Amina", &[TEXT], &spans),
            &[
                ("jnim", EntityKind::Group, "JNIM"),
                ("bourem", EntityKind::Place, "Bourem"),
                ("timbuktu", EntityKind::Place, "Timbuktu"),
            ],
            &[Some("jnim"), Some("bourem"), None],
        );
        // Yusuf's JNIM has another id (matched by name); he links Bourem's span to Timbuktu.
        let b = with_links(
            project("Yusuf", &[TEXT], &spans),
            &[
                ("e-7", EntityKind::Group, "jnim"),
                ("timbuktu", EntityKind::Place, "Timbuktu"),
            ],
            &[Some("e-7"), Some("timbuktu"), Some("timbuktu")],
        );
        let names = vec!["Amina".to_owned(), "Yusuf".to_owned()];
        let mut adj = Adjudication::new(&[&a, &b], &names);
        // Bourem's span is linked to two entities: a link conflict, not agreed (JNIM's two ids
        // are one entity, so that span is agreed).
        assert_eq!(adj.accept_all_agreed("Salma", &now()), 2);
        let open = adj.undecided();
        assert_eq!(open.len(), 1);
        assert_eq!(adj.cluster(open[0]).kind, super::Agreement::LinkConflict);
        // Taken as it is, the span comes without a link: nobody's link is guessed.
        adj.decide(open[0], Decision::Take(vec![0]), "Salma", &now(), None);
        let gold = adj.gold();
        assert!(gold.validate().is_empty(), "{:?}", gold.validate());
        assert_eq!(gold.entities().len(), 3, "one JNIM");
        let links: Vec<Option<&str>> = gold.documents()[0]
            .spans()
            .iter()
            .map(|s| s.entity.as_ref().map(EntityId::as_str))
            .collect();
        assert_eq!(links, [Some("jnim"), None, Some("timbuktu")]);
    }

    #[test]
    fn decisions_build_the_gold_with_provenance() {
        let a = project(
            "Amina",
            &[TEXT],
            &[(0, 6, 24, "GROUP"), (0, 36, 43, "PLACE")],
        );
        let b = project(
            "Yusuf",
            &[TEXT],
            &[(0, 6, 24, "GROUP"), (0, 37, 43, "PLACE")],
        );
        let names = vec!["Amina".to_owned(), "Yusuf".to_owned()];
        let mut adj = Adjudication::new(&[&a, &b], &names);
        assert!(adj.gold().documents()[0].spans().is_empty());
        assert_eq!(adj.accept_all_agreed("Salma", &now()), 1);
        let open = adj.undecided();
        assert_eq!(open.len(), 1);
        assert_eq!(adj.disagreements(), open);
        // Yusuf left the proclitic و outside: take his version.
        adj.decide(
            open[0],
            Decision::Take(vec![1]),
            "Salma",
            &now(),
            Some("و is not part of the name".into()),
        );
        assert!(adj.undecided().is_empty());
        let gold = adj.gold();
        let spans = gold.documents()[0].spans();
        assert_eq!(spans.len(), 2);
        assert_eq!(spans[1].text(), "تمبكتو");
        let p = spans[1].provenance.as_ref().unwrap();
        assert_eq!(p.annotators, ["Yusuf"]);
        assert_eq!(p.decided_by, "Salma");
        assert_eq!(p.rationale.as_deref(), Some("و is not part of the name"));
        assert_eq!(
            spans[0].provenance.as_ref().unwrap().annotators,
            ["Amina", "Yusuf"]
        );
        assert!(gold.validate().is_empty(), "{:?}", gold.validate());
    }

    #[test]
    fn reject_and_edit() {
        let a = project("A", &[TEXT], &[(0, 30, 35, "PLACE")]);
        let b = project("B", &[TEXT], &[(0, 30, 35, "GROUP")]);
        let names = vec!["A".to_owned(), "B".to_owned()];
        let mut adj = Adjudication::new(&[&a, &b], &names);
        let at = adj.undecided()[0];
        adj.decide(at, Decision::RejectAll, "S", &now(), None);
        assert!(adj.gold().documents()[0].spans().is_empty());
        adj.decide(
            at,
            Decision::Edit(vec![(CharRange::new(24, 35), LabelId::new("PLACE"))]),
            "S",
            &now(),
            None,
        );
        let gold = adj.gold();
        assert_eq!(gold.documents()[0].spans()[0].text(), " بلدة بوريم");
        assert!(
            gold.documents()[0].spans()[0]
                .provenance
                .as_ref()
                .unwrap()
                .annotators
                .is_empty()
        );
    }
}
