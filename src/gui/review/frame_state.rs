//! The review panel's state for event frames: which event groups have a disagreement (in the
//! agreement report's order), which is current, and the frame the adjudicator is composing
//! role by role; likewise which relation groups disagree and which is current. Plain logic over [`Adjudication`], driven by [`FrameReviewAction`]s, so it can
//! be tested without drawing.

use crate::model::{AttributeId, RoleId, Span, Timestamp};
use crate::review::{
    Adjudication, AgreementReport, ComposedFrame, EventRef, Filler, FrameDecision,
    RelationDecision, RelationRef, TypeChoice,
};
use std::collections::{BTreeMap, BTreeSet};

/// What the adjudicator asks of the event part of the panel.
#[derive(Debug, Clone, PartialEq)]
pub enum FrameReviewAction {
    /// Next (`true`) or previous event disagreement.
    Step(bool),
    NextUndecided,
    /// Take that annotator's whole frame.
    Take(usize),
    /// Start composing from that annotator's frame.
    ComposeFrom(usize),
    /// Put the filler in the composed frame's role, or take it out.
    ToggleFiller(RoleId, Filler),
    /// The composed frame's type from that annotator.
    ComposeType(usize),
    /// The composed frame's value of the attribute from that annotator (`None`: no value).
    ComposeAttribute(AttributeId, Option<usize>),
    /// Decide the group with the frame composed so far.
    UseComposed,
    /// No event here in the gold.
    Reject,
    /// Next (`true`) or previous relation disagreement.
    StepRelation(bool),
    /// Take that annotator's relation of the current relation group.
    TakeRelation(usize),
    /// No relation here in the gold.
    RejectRelation,
}

#[derive(Debug, Default)]
pub struct FrameReview {
    /// Event groups with at least one disagreement, in document order, and for each the
    /// indices of its disagreements in the report.
    list: Vec<EventRef>,
    issues: Vec<Vec<usize>>,
    pub current: usize,
    /// The frame being composed for the current group.
    pub compose: Option<ComposedFrame>,
    pub rationale: String,
    undecided: usize,
    /// Relation groups with at least one disagreement, in document order, and the current one.
    relations: Vec<RelationRef>,
    pub relation_current: usize,
    pub relation_rationale: String,
    relations_undecided: usize,
}

impl FrameReview {
    /// The event and the relation groups of `report`'s frame disagreements, once per group,
    /// each with the indices of its disagreements in the report (read once here, not every
    /// frame).
    pub fn new(report: Option<&AgreementReport>, adj: Option<&Adjudication>) -> Self {
        let mut events: BTreeMap<EventRef, Vec<usize>> = BTreeMap::new();
        let mut relations: BTreeSet<RelationRef> = BTreeSet::new();
        for (i, d) in report
            .iter()
            .flat_map(|r| r.frames.disagreements.iter().enumerate())
        {
            let (doc, group) = (d.doc, d.group);
            if d.issue.is_relation() {
                relations.insert(RelationRef { doc, group });
            } else {
                events.entry(EventRef { doc, group }).or_default().push(i);
            }
        }
        let (list, issues) = events.into_iter().unzip();
        let mut me = Self {
            list,
            issues,
            relations: relations.into_iter().collect(),
            ..Self::default()
        };
        me.recount(adj);
        me
    }

    /// The indices in the report's frame disagreements of the current event group's issues.
    pub fn current_issues(&self) -> &[usize] {
        self.issues.get(self.current).map_or(&[], Vec::as_slice)
    }

    pub fn list(&self) -> &[EventRef] {
        &self.list
    }

    pub fn current_ref(&self) -> Option<EventRef> {
        self.list.get(self.current).copied()
    }

    pub fn undecided(&self) -> usize {
        self.undecided
    }

    pub fn relations(&self) -> &[RelationRef] {
        &self.relations
    }

    pub fn current_relation(&self) -> Option<RelationRef> {
        self.relations.get(self.relation_current).copied()
    }

    pub fn relations_undecided(&self) -> usize {
        self.relations_undecided
    }

    fn recount(&mut self, adj: Option<&Adjudication>) {
        self.undecided = adj.map_or(0, |adj| {
            self.list
                .iter()
                .filter(|&&at| adj.event_decision(at).decision == FrameDecision::Undecided)
                .count()
        });
        self.relations_undecided = adj.map_or(0, |adj| {
            self.relations
                .iter()
                .filter(|&&at| adj.relation_decision(at).decision == RelationDecision::Undecided)
                .count()
        });
    }

    /// The relation part of [`FrameReview::apply`].
    fn apply_relation(
        &mut self,
        action: FrameReviewAction,
        adj: &mut Adjudication,
        by: &str,
    ) -> Option<String> {
        let at = self.current_relation()?;
        let n = self.relations.len();
        let now = Timestamp::now();
        let rationale = Some(self.relation_rationale.clone());
        let said = match action {
            FrameReviewAction::StepRelation(forward) => {
                self.relation_current = if forward {
                    (self.relation_current + 1) % n
                } else {
                    (self.relation_current + n - 1) % n
                };
                self.relation_rationale.clear();
                None
            }
            FrameReviewAction::TakeRelation(a) => {
                adj.decide_relation(at, RelationDecision::Take(a), by, &now, rationale);
                Some(format!(
                    "Relation: {}'s taken",
                    adj.alignment.annotators.get(a).map_or("?", String::as_str)
                ))
            }
            FrameReviewAction::RejectRelation => {
                adj.decide_relation(at, RelationDecision::Reject, by, &now, rationale);
                Some("Relation: rejected".to_owned())
            }
            _ => None,
        };
        self.recount(Some(adj));
        said
    }

    fn moved(&mut self, adj: &Adjudication) {
        self.rationale.clear();
        // A composition already decided is shown again to be changed; else none yet.
        self.compose = self
            .current_ref()
            .and_then(|at| match &adj.event_decision(at).decision {
                FrameDecision::Compose(c) => Some(c.clone()),
                _ => None,
            });
    }

    /// Apply `action`; `by` is the adjudicator. Returns what to tell the analyst.
    pub fn apply(
        &mut self,
        action: FrameReviewAction,
        adj: &mut Adjudication,
        by: &str,
    ) -> Option<String> {
        if matches!(
            action,
            FrameReviewAction::StepRelation(_)
                | FrameReviewAction::TakeRelation(_)
                | FrameReviewAction::RejectRelation
        ) {
            return self.apply_relation(action, adj, by);
        }
        let n = self.list.len();
        let at = self.current_ref()?;
        let now = Timestamp::now();
        let rationale = Some(self.rationale.clone());
        let said = match action {
            FrameReviewAction::Step(forward) => {
                self.current = if forward {
                    (self.current + 1) % n
                } else {
                    (self.current + n - 1) % n
                };
                self.moved(adj);
                None
            }
            FrameReviewAction::NextUndecided => {
                let next = (1..=n).map(|k| (self.current + k) % n).find(|&k| {
                    adj.event_decision(self.list[k]).decision == FrameDecision::Undecided
                });
                if let Some(k) = next {
                    self.current = k;
                    self.moved(adj);
                }
                None
            }
            FrameReviewAction::Take(a) => {
                adj.decide_event(at, FrameDecision::Take(a), by, &now, rationale);
                self.compose = None;
                Some(format!(
                    "Event: {}'s frame taken",
                    adj.alignment.annotators.get(a).map_or("?", String::as_str)
                ))
            }
            FrameReviewAction::ComposeFrom(a) => {
                self.compose = adj.compose_from(at, a);
                None
            }
            FrameReviewAction::ToggleFiller(role, filler) => {
                if let Some(c) = &mut self.compose {
                    let key = filler_key(adj, at, filler);
                    let fillers = c.roles.entry(role.clone()).or_default();
                    // The same span from another annotator is the same filler.
                    let before = fillers.len();
                    fillers.retain(|f| filler_key(adj, at, *f) != key);
                    if fillers.len() == before {
                        fillers.push(filler);
                    }
                    if fillers.is_empty() {
                        c.roles.remove(&role);
                    }
                }
                None
            }
            FrameReviewAction::ComposeType(a) => {
                if let Some(c) = &mut self.compose {
                    c.event_type = TypeChoice::From(a);
                }
                None
            }
            FrameReviewAction::ComposeAttribute(id, from) => {
                if let Some(c) = &mut self.compose {
                    match from {
                        Some(a) => c.attributes.insert(id, a),
                        None => c.attributes.remove(&id),
                    };
                }
                None
            }
            FrameReviewAction::UseComposed => {
                let c = self.compose.clone()?;
                adj.decide_event(at, FrameDecision::Compose(c), by, &now, rationale);
                Some("Event: composed frame decided".to_owned())
            }
            FrameReviewAction::Reject => {
                adj.decide_event(at, FrameDecision::Reject, by, &now, rationale);
                self.compose = None;
                Some("Event: rejected".to_owned())
            }
            FrameReviewAction::StepRelation(_)
            | FrameReviewAction::TakeRelation(_)
            | FrameReviewAction::RejectRelation => None,
        };
        self.recount(Some(adj));
        said
    }
}

/// The span a filler names.
pub fn filler_span(adj: &Adjudication, at: EventRef, f: Filler) -> Option<&Span> {
    let arg = adj.group_event(at, f.annotator)?.args.get(f.argument)?;
    adj.annotator_span(at.doc, f.annotator, arg.span)
}

/// A filler's span as range and label, so equal fillers of two annotators are one.
pub fn filler_key(
    adj: &Adjudication,
    at: EventRef,
    f: Filler,
) -> Option<(crate::model::CharRange, crate::model::LabelId)> {
    filler_span(adj, at, f).map(|s| (s.range(), s.label.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Annotator, CharRange, Document, Edit, Event, LabelId, Project};

    const TEXT: &str = "كمين قرب بوريم في منطقة غاو";

    /// One document; a trigger `كمين`, and as Place `بوريم` and/or `غاو`.
    fn annotator(name: &str, places: &[(usize, usize)], ty: &str) -> Project {
        let mut p = Project::new("t", Annotator::new(name));
        let now = Timestamp("2026-12-04T00:00:00Z".into());
        let mut doc = Document::new("d", "d.txt", TEXT);
        let who = p.annotator.id.clone();
        let span = |doc: &mut Document, s, e, l: &str| {
            let span = doc
                .new_span(CharRange::new(s, e), LabelId::new(l), &who, &now)
                .unwrap();
            let id = span.id;
            doc.add_span(span, None).unwrap();
            id
        };
        let trigger = span(&mut doc, 0, 4, "EVENT");
        let mut event = Event::new(
            trigger,
            crate::model::EventTypeId::new(ty),
            who.clone(),
            &now,
        );
        for &(s, e) in places {
            let id = span(&mut doc, s, e, "PLACE");
            event.args.push(crate::model::Argument {
                role: RoleId::new("Place"),
                span: id,
            });
        }
        doc.add_event(event, &crate::model::Schema::default())
            .unwrap();
        p.apply(Edit::AddDocuments { docs: vec![doc] }, &now)
            .unwrap();
        p
    }

    #[test]
    fn a_relation_only_one_annotator_gave_is_taken_or_rejected() {
        let mut a = annotator("Amina", &[(9, 14), (24, 27)], "armed_clash");
        let b = annotator("Yusuf", &[(9, 14), (24, 27)], "armed_clash");
        // Amina: بوريم located in غاو.
        let now = Timestamp("2026-12-04T00:00:00Z".into());
        let doc = a.documents()[0].id().clone();
        let place = |p: &Project, at: usize| {
            p.documents()[0]
                .spans()
                .iter()
                .find(|s| s.start().0 == at)
                .unwrap()
                .id
        };
        let (head, tail) = (place(&a, 9), place(&a, 24));
        let edit = a
            .relate_edit(
                &doc,
                head,
                tail,
                crate::model::RelationTypeId::new("located_in"),
                &now,
            )
            .unwrap();
        a.apply(edit, &now).unwrap();
        let names = vec!["Amina".to_owned(), "Yusuf".to_owned()];
        let mut adj = Adjudication::new(&[&a, &b], &names);
        let report = AgreementReport::compute(&adj.alignment, &[]);
        let mut fr = FrameReview::new(Some(&report), Some(&adj));
        assert_eq!(fr.relations().len(), 1);
        assert_eq!(fr.relations_undecided(), 1);
        fr.relation_rationale = "the text says so".into();
        fr.apply(FrameReviewAction::TakeRelation(0), &mut adj, "Salma");
        assert_eq!(fr.relations_undecided(), 0);
        let gold = adj.gold();
        let [r] = gold.documents()[0].relations() else {
            panic!("one gold relation")
        };
        assert_eq!(r.kind.as_str(), "located_in");
        let p = r.provenance.as_ref().unwrap();
        assert_eq!(p.annotators, ["Amina"]);
        assert_eq!(p.decided_by, "Salma");
        assert_eq!(p.rationale.as_deref(), Some("the text says so"));
        fr.apply(FrameReviewAction::RejectRelation, &mut adj, "Salma");
        assert!(adj.gold().documents()[0].relations().is_empty());
    }

    #[test]
    fn accepting_what_all_agree_on_takes_equal_frames_in_the_adjudicator_s_name() {
        let a = annotator("Amina", &[(9, 14)], "armed_clash");
        let b = annotator("Yusuf", &[(9, 14)], "armed_clash");
        let names = vec!["Amina".to_owned(), "Yusuf".to_owned()];
        let mut adj = Adjudication::new(&[&a, &b], &names);
        let report = AgreementReport::compute(&adj.alignment, &[]);
        assert!(
            FrameReview::new(Some(&report), Some(&adj))
                .list()
                .is_empty()
        );
        let now = Timestamp("2026-12-04T12:00:00Z".into());
        adj.accept_all_agreed("Salma", &now);
        let done = crate::review::merge::accept_agreed_frames(&mut adj, "Salma", &now);
        assert_eq!(done, (1, 0));
        let gold = adj.gold();
        let event = &gold.documents()[0].events()[0];
        let p = event.provenance.as_ref().unwrap();
        assert_eq!(p.decided_by, "Salma");
        assert_eq!(p.annotators, ["Amina", "Yusuf"]);
        assert!(gold.validate().is_empty());
    }

    #[test]
    fn compose_a_frame_from_two_annotators_and_the_gold_keeps_who_had_what() {
        // Amina: armed clash at بوريم; Yusuf: attack at غاو.
        let a = annotator("Amina", &[(9, 14)], "armed_clash");
        let b = annotator("Yusuf", &[(24, 27)], "attack");
        let names = vec!["Amina".to_owned(), "Yusuf".to_owned()];
        let mut adj = Adjudication::new(&[&a, &b], &names);
        let report = AgreementReport::compute(&adj.alignment, &[]);
        let mut fr = FrameReview::new(Some(&report), Some(&adj));
        assert_eq!(fr.list().len(), 1, "one event group disagrees");
        assert_eq!(fr.undecided(), 1);
        // From Amina's frame, add Yusuf's place: both places, Amina's type.
        fr.apply(FrameReviewAction::ComposeFrom(0), &mut adj, "Salma");
        let yusuf_place = Filler {
            annotator: 1,
            argument: 0,
        };
        fr.apply(
            FrameReviewAction::ToggleFiller(RoleId::new("Place"), yusuf_place),
            &mut adj,
            "Salma",
        );
        fr.rationale = "both towns are named".into();
        fr.apply(FrameReviewAction::UseComposed, &mut adj, "Salma");
        assert_eq!(fr.undecided(), 0);
        let gold = adj.gold();
        let event = &gold.documents()[0].events()[0];
        assert_eq!(event.event_type.as_str(), "armed_clash");
        let places: Vec<&str> = event
            .fillers(&RoleId::new("Place"))
            .map(|id| gold.documents()[0].span(id).unwrap().text())
            .collect();
        assert_eq!(places, ["بوريم", "غاو"]);
        let p = event.provenance.as_ref().expect("provenance");
        assert_eq!(p.decided_by, "Salma");
        assert_eq!(p.annotators, ["Amina"], "who gave the gold's type");
        assert_eq!(p.rationale.as_deref(), Some("both towns are named"));
        for arg in &event.args {
            let text = gold.documents()[0].span(arg.span).unwrap().text();
            let who = event.argument_from(arg).unwrap();
            assert_eq!(
                who,
                [if text == "بوريم" {
                    "Amina"
                } else {
                    "Yusuf"
                }]
            );
        }
        // Toggling the same place again takes it out; taking Yusuf's frame replaces all.
        fr.apply(
            FrameReviewAction::ToggleFiller(RoleId::new("Place"), yusuf_place),
            &mut adj,
            "Salma",
        );
        assert_eq!(
            fr.compose.as_ref().unwrap().roles[&RoleId::new("Place")].len(),
            1
        );
        fr.apply(FrameReviewAction::Take(1), &mut adj, "Salma");
        let gold = adj.gold();
        let event = &gold.documents()[0].events()[0];
        assert_eq!(event.event_type.as_str(), "attack");
        assert_eq!(
            event.provenance.as_ref().unwrap().taken_from.as_deref(),
            Some("Yusuf")
        );
        fr.apply(FrameReviewAction::Reject, &mut adj, "Salma");
        assert!(adj.gold().documents()[0].events().is_empty());
    }
}
