//! Adjudication of event frames and relations, beside the span clusters of
//! [`super::adjudication`].
//!
//! When an [`Adjudication`] is built, each document's events are grouped by trigger and its
//! relations by their ends once ([`super::frames::align_frames`], the same groups in the same
//! order as the agreement report, so a [`super::FrameDisagreement`]'s `doc` and `group` are an
//! [`EventRef`] or a [`RelationRef`]). Every group has a decision, undecided at first:
//!
//! - [`FrameDecision::Take`] one annotator's whole frame (trigger, type, arguments,
//!   attributes, note);
//! - [`FrameDecision::Compose`] a frame from several: the trigger and the type from one
//!   annotator (or a type given by the adjudicator), for each role the chosen fillers (an
//!   annotator and the index of the argument in that annotator's [`Event::args`]), each
//!   attribute from a chosen annotator;
//! - [`FrameDecision::Reject`]: no event here in the gold;
//! - for relations, [`RelationDecision::Take`] one annotator's relation or
//!   [`RelationDecision::Reject`].
//!
//! *Spans the frames need.* The gold event refers to gold spans. For each span of the
//! annotator's frame (trigger, fillers, a relation's ends), the gold uses, in this order: the
//! gold span of the same range and label; else the gold span of the same label that shares
//! the most characters with it (the span decision settled its extent, and the frame follows);
//! else the annotator's span is added to the gold, with [`Provenance`] naming the annotators
//! who had it and the frame's decider. So *the frame decision wins for the spans it needs*: a
//! span whose cluster was rejected or left undecided comes into the gold with the frame that
//! uses it, never a dangling id. What the schema does not allow is left out and reported
//! ([`GoldNote`]): a filler of a role the gold's type does not declare or whose label kind the
//! role does not take, fillers beyond a role's maximum, an event of an unknown type or
//! attributes the schema refuses, a relation the schema refuses.
//!
//! *Provenance.* A gold event records [`FrameProvenance`]: the annotators whose event has the
//! gold's type, the annotator whose frame was taken, who decided, when and why, and for each
//! argument and each attribute value the annotators who had it. A gold relation records a
//! span's [`Provenance`] (the annotators with the same type and ends).

use super::adjudication::{Adjudication, Decided};
use super::align::AlignedDoc;
use super::frames::{DocFrames, EventGroup, FramesOf, RelationGroup, align_frames};
use crate::model::{
    Argument, ArgumentProvenance, AttributeId, CharRange, DocumentBuilder, Event, EventId,
    EventTypeId, FrameProvenance, LabelId, Provenance, Relation, RelationId, RoleId, Schema, Span,
    SpanId, Timestamp,
};
use crate::progress::{Cancelled, Progress};
use std::collections::{BTreeMap, HashSet};

/// Where one event group is: document index in the alignment and group index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EventRef {
    pub doc: usize,
    pub group: usize,
}

/// Where one relation group is: document index in the alignment and group index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RelationRef {
    pub doc: usize,
    pub group: usize,
}

/// What the adjudicator made of one event group.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum FrameDecision {
    #[default]
    Undecided,
    /// That annotator's (index into [`super::Alignment::annotators`]) whole frame.
    Take(usize),
    /// A frame put together from several annotators' frames.
    Compose(ComposedFrame),
    /// No event here in the gold.
    Reject,
}

/// Where a composed frame's type comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeChoice {
    /// The type of that annotator's event in the group.
    From(usize),
    /// A type the adjudicator gives.
    Given(EventTypeId),
}

/// One filler of a composed frame: argument `argument` of annotator `annotator`'s event in
/// the group (an index into its [`Event::args`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Filler {
    pub annotator: usize,
    pub argument: usize,
}

/// A gold frame composed role by role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComposedFrame {
    /// The annotator whose trigger span the gold event has.
    pub trigger: usize,
    pub event_type: TypeChoice,
    /// For each role, the chosen fillers in order (the role is the key, so a filler may be
    /// given another role than its annotator gave it).
    pub roles: BTreeMap<RoleId, Vec<Filler>>,
    /// For each attribute, the annotator whose value is taken.
    pub attributes: BTreeMap<AttributeId, usize>,
    pub note: Option<String>,
}

/// What the adjudicator made of one relation group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RelationDecision {
    #[default]
    Undecided,
    /// That annotator's relation.
    Take(usize),
    /// No relation here in the gold.
    Reject,
}

/// Something a frame decision asked for that the gold could not hold, so it was left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldNote {
    pub document: String,
    pub message: String,
}

/// One document's frames lined up, computed once when the adjudication is built.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct DocFrameGroups {
    pub(super) frames: DocFrames,
    /// Per annotator, the index in [`AlignedDoc::events`] of each event of [`FramesOf`]
    /// (which leaves out an event whose trigger the file lacks).
    events: Vec<Vec<usize>>,
    relations: Vec<Vec<usize>>,
}

/// Line up every document's frames (phase "lining up events").
pub(super) fn line_up(
    documents: &[AlignedDoc],
    schema: &Schema,
    progress: &Progress,
) -> Result<Vec<DocFrameGroups>, Cancelled> {
    progress.begin("lining up events", documents.len() as u64)?;
    let mut out = Vec::with_capacity(documents.len());
    for doc in documents {
        let n = doc.spans.len();
        let views: Vec<FramesOf> = (0..n).map(|a| FramesOf::of(doc, a)).collect();
        let events = (0..n)
            .map(|a| {
                views[a]
                    .events
                    .iter()
                    .filter_map(|v| doc.events[a].iter().position(|e| e.id == v.event.id))
                    .collect()
            })
            .collect();
        let relations = (0..n)
            .map(|a| {
                views[a]
                    .relations
                    .iter()
                    .filter_map(|v| doc.relations[a].iter().position(|r| r.id == v.relation.id))
                    .collect()
            })
            .collect();
        out.push(DocFrameGroups {
            frames: align_frames(doc, &views, schema),
            events,
            relations,
        });
        progress.step()?;
    }
    Ok(out)
}

/// A trigger or argument span as frames compare it: range and label.
type SpanKey = (CharRange, LabelId);

fn key(span: &Span) -> SpanKey {
    (span.range(), span.label.clone())
}

impl Adjudication {
    /// The event groups of document `doc` (members index [`FramesOf::events`]; use
    /// [`Adjudication::group_event`] for the events themselves).
    pub fn event_groups(&self, doc: usize) -> &[EventGroup] {
        &self.frames[doc].frames.groups
    }

    /// The relation groups of document `doc`.
    pub fn relation_groups(&self, doc: usize) -> &[RelationGroup] {
        &self.frames[doc].frames.relation_groups
    }

    /// Annotator `annotator`'s event in the group, if it has one there.
    pub fn group_event(&self, at: EventRef, annotator: usize) -> Option<&Event> {
        let lined = &self.frames[at.doc];
        let k = (*lined.frames.groups.get(at.group)?.members.get(annotator)?)?;
        let index = *lined.events[annotator].get(k)?;
        self.alignment.documents[at.doc].events[annotator].get(index)
    }

    /// Annotator `annotator`'s relation in the group, if it has one there.
    pub fn group_relation(&self, at: RelationRef, annotator: usize) -> Option<&Relation> {
        let lined = &self.frames[at.doc];
        let k = (*lined
            .frames
            .relation_groups
            .get(at.group)?
            .members
            .get(annotator)?)?;
        let index = *lined.relations[annotator].get(k)?;
        self.alignment.documents[at.doc].relations[annotator].get(index)
    }

    /// Annotator `annotator`'s span `id` on document `doc`.
    pub fn annotator_span(&self, doc: usize, annotator: usize, id: SpanId) -> Option<&Span> {
        self.alignment.documents[doc]
            .spans
            .get(annotator)?
            .iter()
            .find(|s| s.id == id)
    }

    /// Every event group, in document order.
    pub fn event_refs(&self) -> Vec<EventRef> {
        self.frames
            .iter()
            .enumerate()
            .flat_map(|(doc, f)| {
                (0..f.frames.groups.len()).map(move |group| EventRef { doc, group })
            })
            .collect()
    }

    /// Every relation group, in document order.
    pub fn relation_refs(&self) -> Vec<RelationRef> {
        self.frames
            .iter()
            .enumerate()
            .flat_map(|(doc, f)| {
                (0..f.frames.relation_groups.len()).map(move |group| RelationRef { doc, group })
            })
            .collect()
    }

    pub fn event_decision(&self, at: EventRef) -> &Decided<FrameDecision> {
        &self.event_decisions[at.doc][at.group]
    }

    pub fn relation_decision(&self, at: RelationRef) -> &Decided<RelationDecision> {
        &self.relation_decisions[at.doc][at.group]
    }

    /// Event groups without a decision (remaining frame conflicts once merging ran).
    pub fn undecided_events(&self) -> Vec<EventRef> {
        self.event_refs()
            .into_iter()
            .filter(|&at| self.event_decision(at).decision == FrameDecision::Undecided)
            .collect()
    }

    /// Relation groups without a decision.
    pub fn undecided_relations(&self) -> Vec<RelationRef> {
        self.relation_refs()
            .into_iter()
            .filter(|&at| self.relation_decision(at).decision == RelationDecision::Undecided)
            .collect()
    }

    /// A composition starting from annotator `annotator`'s whole frame (every argument and
    /// attribute of theirs), for the adjudicator to change role by role.
    pub fn compose_from(&self, at: EventRef, annotator: usize) -> Option<ComposedFrame> {
        let event = self.group_event(at, annotator)?;
        let mut roles: BTreeMap<RoleId, Vec<Filler>> = BTreeMap::new();
        for (argument, arg) in event.args.iter().enumerate() {
            roles.entry(arg.role.clone()).or_default().push(Filler {
                annotator,
                argument,
            });
        }
        Some(ComposedFrame {
            trigger: annotator,
            event_type: TypeChoice::From(annotator),
            roles,
            attributes: event.attrs.keys().map(|k| (k.clone(), annotator)).collect(),
            note: event.note.clone(),
        })
    }

    /// Record a decision on an event group. What refers to an annotator without an event in
    /// the group (or an argument it does not have) is dropped: a `Take` of such an annotator,
    /// or a composition whose trigger or type it was to give, records `Undecided`.
    pub fn decide_event(
        &mut self,
        at: EventRef,
        decision: FrameDecision,
        by: &str,
        now: &Timestamp,
        rationale: Option<String>,
    ) {
        let decision = match decision {
            FrameDecision::Take(a) if self.group_event(at, a).is_none() => FrameDecision::Undecided,
            FrameDecision::Compose(mut c) => {
                let type_ok = match &c.event_type {
                    TypeChoice::From(a) => self.group_event(at, *a).is_some(),
                    TypeChoice::Given(_) => true,
                };
                if self.group_event(at, c.trigger).is_none() || !type_ok {
                    FrameDecision::Undecided
                } else {
                    for fillers in c.roles.values_mut() {
                        fillers.retain(|f| {
                            self.group_event(at, f.annotator)
                                .is_some_and(|e| f.argument < e.args.len())
                        });
                        let mut seen = HashSet::new();
                        fillers.retain(|f| seen.insert(*f));
                    }
                    c.roles.retain(|_, fillers| !fillers.is_empty());
                    c.attributes.retain(|id, a| {
                        self.group_event(at, *a)
                            .is_some_and(|e| e.attrs.contains_key(id))
                    });
                    c.note = c.note.filter(|n| !n.trim().is_empty());
                    FrameDecision::Compose(c)
                }
            }
            other => other,
        };
        self.event_decisions[at.doc][at.group] = Decided {
            decision,
            by: by.to_owned(),
            at: now.clone(),
            rationale: rationale.filter(|r| !r.trim().is_empty()),
        };
    }

    /// Record a decision on a relation group (a `Take` of an annotator without a relation
    /// there records `Undecided`).
    pub fn decide_relation(
        &mut self,
        at: RelationRef,
        decision: RelationDecision,
        by: &str,
        now: &Timestamp,
        rationale: Option<String>,
    ) {
        let decision = match decision {
            RelationDecision::Take(a) if self.group_relation(at, a).is_none() => {
                RelationDecision::Undecided
            }
            other => other,
        };
        self.relation_decisions[at.doc][at.group] = Decided {
            decision,
            by: by.to_owned(),
            at: now.clone(),
            rationale: rationale.filter(|r| !r.trim().is_empty()),
        };
    }

    /// Put document `d`'s decided frames into `doc` (whose spans are the gold's, already
    /// built), adding the spans they need; `used` holds every span id of the gold so far.
    pub(super) fn add_frames(
        &self,
        d: usize,
        doc: &mut DocumentBuilder,
        used: &mut HashSet<SpanId>,
        notes: &mut Vec<GoldNote>,
    ) {
        let aligned = &self.alignment.documents[d];
        let mut event_ids: HashSet<EventId> = HashSet::new();
        for group in 0..self.frames[d].frames.groups.len() {
            let at = EventRef { doc: d, group };
            let decided = self.event_decision(at);
            let Some(plan) = self.plan_event(at, &decided.decision) else {
                continue;
            };
            let mut gold = GoldDoc {
                adj: self,
                d,
                doc: &mut *doc,
                used: &mut *used,
                notes: &mut *notes,
                title: &aligned.title,
            };
            if let Some(event) = gold.event(at, plan, decided) {
                let mut event = event;
                while !event_ids.insert(event.id) {
                    event.id = EventId(event.id.0.wrapping_add(1));
                }
                let shown = event.event_type.to_string();
                let schema = self.schema();
                if let Err(first) = doc.add_event(event.clone(), schema) {
                    // Keep the frame without the attributes the schema refuses, else leave it.
                    let mut bare = event;
                    bare.attrs.clear();
                    bare.tidy_provenance();
                    match doc.add_event(bare, schema) {
                        Ok(()) => notes.push(GoldNote {
                            document: aligned.title.clone(),
                            message: format!("{shown} event: attributes left out ({first})"),
                        }),
                        Err(err) => notes.push(GoldNote {
                            document: aligned.title.clone(),
                            message: format!("{shown} event left out: {err}"),
                        }),
                    }
                }
            }
        }
        let mut relation_ids: HashSet<RelationId> = HashSet::new();
        for group in 0..self.frames[d].frames.relation_groups.len() {
            let at = RelationRef { doc: d, group };
            let decided = self.relation_decision(at);
            let RelationDecision::Take(a) = decided.decision else {
                continue;
            };
            let Some(source) = self.group_relation(at, a) else {
                continue;
            };
            let mut gold = GoldDoc {
                adj: self,
                d,
                doc: &mut *doc,
                used: &mut *used,
                notes: &mut *notes,
                title: &aligned.title,
            };
            let Some(mut relation) = gold.relation(at, a, source, decided) else {
                continue;
            };
            while !relation_ids.insert(relation.id) {
                relation.id = RelationId(relation.id.0.wrapping_add(1));
            }
            if let Err(err) = doc.add_relation(relation, self.schema()) {
                notes.push(GoldNote {
                    document: aligned.title.clone(),
                    message: format!("{} relation left out: {err}", source.kind),
                });
            }
        }
    }

    /// What a decision asks of the gold: the trigger's annotator and span, the type, the
    /// fillers (role, annotator, span id) and the attributes (id, annotator).
    fn plan_event(&self, at: EventRef, decision: &FrameDecision) -> Option<Plan> {
        match decision {
            FrameDecision::Undecided | FrameDecision::Reject => None,
            FrameDecision::Take(a) => {
                let event = self.group_event(at, *a)?;
                Some(Plan {
                    trigger: (*a, event.trigger),
                    event_id: event.id,
                    event_type: event.event_type.clone(),
                    fillers: event
                        .args
                        .iter()
                        .map(|arg| (arg.role.clone(), *a, arg.span))
                        .collect(),
                    attributes: event.attrs.keys().map(|k| (k.clone(), *a)).collect(),
                    note: event.note.clone(),
                    taken_from: Some(*a),
                })
            }
            FrameDecision::Compose(c) => {
                let trigger = self.group_event(at, c.trigger)?;
                let event_type = match &c.event_type {
                    TypeChoice::From(a) => self.group_event(at, *a)?.event_type.clone(),
                    TypeChoice::Given(ty) => ty.clone(),
                };
                let mut fillers = Vec::new();
                for (role, chosen) in &c.roles {
                    for f in chosen {
                        let Some(arg) = self
                            .group_event(at, f.annotator)
                            .and_then(|e| e.args.get(f.argument))
                        else {
                            continue;
                        };
                        fillers.push((role.clone(), f.annotator, arg.span));
                    }
                }
                Some(Plan {
                    trigger: (c.trigger, trigger.trigger),
                    event_id: trigger.id,
                    event_type,
                    fillers,
                    attributes: c.attributes.iter().map(|(k, a)| (k.clone(), *a)).collect(),
                    note: c.note.clone(),
                    taken_from: None,
                })
            }
        }
    }

    /// The names of the annotators of an event group whose event satisfies `keep`.
    fn holders(&self, at: EventRef, keep: impl Fn(usize, &Event) -> bool) -> Vec<String> {
        let n = self.alignment.annotators.len();
        let who: Vec<usize> = (0..n)
            .filter(|&a| self.group_event(at, a).is_some_and(|e| keep(a, e)))
            .collect();
        self.alignment.names(&who)
    }
}

/// A frame decision resolved to the annotators' spans and values it takes.
struct Plan {
    trigger: (usize, SpanId),
    event_id: EventId,
    event_type: EventTypeId,
    fillers: Vec<(RoleId, usize, SpanId)>,
    attributes: Vec<(AttributeId, usize)>,
    note: Option<String>,
    taken_from: Option<usize>,
}

/// One gold document being given its frames.
struct GoldDoc<'a> {
    adj: &'a Adjudication,
    d: usize,
    doc: &'a mut DocumentBuilder,
    used: &'a mut HashSet<SpanId>,
    notes: &'a mut Vec<GoldNote>,
    title: &'a str,
}

impl GoldDoc<'_> {
    fn note(&mut self, message: String) {
        self.notes.push(GoldNote {
            document: self.title.to_owned(),
            message,
        });
    }

    /// The gold span standing for annotator `a`'s span `id` (see the module doc), adding it
    /// when the gold has none.
    fn span_for<D>(&mut self, a: usize, id: SpanId, decided: &Decided<D>) -> Option<SpanId> {
        let source = self.adj.annotator_span(self.d, a, id)?;
        let spans = self.doc.document().spans();
        if let Some(same) = spans
            .iter()
            .find(|s| s.range() == source.range() && s.label == source.label)
        {
            return Some(same.id);
        }
        let nearest = spans
            .iter()
            .filter(|s| s.label == source.label && s.range().overlaps(&source.range()))
            .max_by_key(|s| {
                (
                    s.range().intersection_len(&source.range()),
                    std::cmp::Reverse(s.start()),
                )
            });
        if let Some(near) = nearest {
            return Some(near.id);
        }
        // The frame decision brings the span with it.
        let aligned = &self.adj.alignment.documents[self.d];
        let same: Vec<&super::align::Candidate> = aligned
            .clusters
            .iter()
            .flat_map(|c| &c.candidates)
            .filter(|c| c.range == source.range() && c.label == source.label)
            .collect();
        let had: Vec<usize> = same
            .iter()
            .flat_map(|c| c.annotators.iter().copied())
            .collect();
        let mut span = source.clone();
        span.provenance = Some(Provenance {
            annotators: self.adj.alignment.names(&had),
            decided_by: decided.by.clone(),
            decided: decided.at.clone(),
            rationale: decided.rationale.clone(),
        });
        span.entity = self.adj.agreed_link(
            &source.label,
            same.iter().flat_map(|c| {
                (0..c.annotators.len()).map(|k| (c.annotators[k], c.span(aligned, k)))
            }),
        );
        while !self.used.insert(span.id) {
            span.id = SpanId(span.id.0.wrapping_add(1));
        }
        let added = span.id;
        match self.doc.add_span(span, None) {
            Ok(()) => Some(added),
            Err(err) => {
                self.note(format!("span «{}» left out: {err}", source.text()));
                None
            }
        }
    }

    /// The gold event of a plan, with its spans in the gold and its provenance.
    fn event(
        &mut self,
        at: EventRef,
        plan: Plan,
        decided: &Decided<FrameDecision>,
    ) -> Option<Event> {
        let adj = self.adj;
        let schema = adj.schema();
        let Some(trigger) = self.span_for(plan.trigger.0, plan.trigger.1, decided) else {
            self.note(format!(
                "{} event left out: its trigger could not be added",
                plan.event_type
            ));
            return None;
        };
        let trigger_text = self
            .doc
            .document()
            .span(trigger)
            .map_or(String::new(), |s| s.text().to_owned());
        let declared = schema.event_type(&plan.event_type);
        let mut event = Event::new(
            trigger,
            plan.event_type.clone(),
            adj.gold_author().clone(),
            &decided.at,
        );
        event.id = plan.event_id;
        event.note = plan.note.clone();
        let mut arguments: Vec<ArgumentProvenance> = Vec::new();
        for (role, a, id) in &plan.fillers {
            let Some(source) = adj.annotator_span(at.doc, *a, *id) else {
                continue;
            };
            let source_key = key(source);
            let what = format!(
                "«{trigger_text}» {}: {role} «{}»",
                plan.event_type,
                source.text()
            );
            if let Some(ty) = declared {
                let Some(def) = ty.role(role) else {
                    self.note(format!("{what} left out: the type has no role {role}"));
                    continue;
                };
                let kind = schema.label(&source.label).map(|l| l.kind);
                if kind.is_some_and(|k| !def.accepts(k)) {
                    self.note(format!(
                        "{what} left out: the role does not take {}",
                        source.label
                    ));
                    continue;
                }
                let count = event.args.iter().filter(|x| &x.role == role).count();
                if def.cardinality.max().is_some_and(|max| count >= max) {
                    self.note(format!("{what} left out: the role takes no more fillers"));
                    continue;
                }
            }
            let Some(span) = self.span_for(*a, *id, decided) else {
                continue;
            };
            let argument = Argument {
                role: role.clone(),
                span,
            };
            if event.args.contains(&argument) {
                continue;
            }
            let gold_key = self.doc.document().span(span).map(key);
            let annotators = adj.holders(at, |b, e| {
                e.args.iter().any(|x| {
                    &x.role == role
                        && adj.annotator_span(at.doc, b, x.span).is_some_and(|s| {
                            let k = key(s);
                            k == source_key || Some(&k) == gold_key.as_ref()
                        })
                })
            });
            arguments.push(ArgumentProvenance {
                role: role.clone(),
                span,
                annotators,
            });
            event.args.push(argument);
        }
        let mut attributes = BTreeMap::new();
        for (id, a) in &plan.attributes {
            let Some(value) = adj.group_event(at, *a).and_then(|e| e.attrs.get(id)) else {
                continue;
            };
            event.attrs.insert(id.clone(), value.clone());
            attributes.insert(
                id.clone(),
                adj.holders(at, |_, e| e.attrs.get(id) == Some(value)),
            );
        }
        event.provenance = Some(FrameProvenance {
            annotators: adj.holders(at, |_, e| e.event_type == plan.event_type),
            taken_from: plan.taken_from.map(|a| adj.alignment.annotators[a].clone()),
            decided_by: decided.by.clone(),
            decided: decided.at.clone(),
            rationale: decided.rationale.clone(),
            arguments,
            attributes,
        });
        Some(event)
    }

    /// The gold relation taking annotator `a`'s `source`.
    fn relation(
        &mut self,
        at: RelationRef,
        a: usize,
        source: &Relation,
        decided: &Decided<RelationDecision>,
    ) -> Option<Relation> {
        let adj = self.adj;
        let head = self.span_for(a, source.head, decided)?;
        let tail = self.span_for(a, source.tail, decided)?;
        let mut relation = Relation::new(
            source.kind.clone(),
            head,
            tail,
            adj.gold_author().clone(),
            &decided.at,
        );
        relation.id = source.id;
        relation.note = source.note.clone();
        let ends = |b: usize, r: &Relation| {
            Some((
                key(adj.annotator_span(at.doc, b, r.head)?),
                key(adj.annotator_span(at.doc, b, r.tail)?),
            ))
        };
        let mine = ends(a, source);
        let symmetric = adj
            .schema()
            .relation_type(&source.kind)
            .is_some_and(|t| t.symmetric);
        let n = adj.alignment.annotators.len();
        let who: Vec<usize> = (0..n)
            .filter(|&b| {
                adj.group_relation(at, b).is_some_and(|r| {
                    let theirs = ends(b, r);
                    r.kind == source.kind
                        && (theirs == mine || (symmetric && theirs.map(|(h, t)| (t, h)) == mine))
                })
            })
            .collect();
        relation.provenance = Some(Provenance {
            annotators: adj.alignment.names(&who),
            decided_by: decided.by.clone(),
            decided: decided.at.clone(),
            rationale: decided.rationale.clone(),
        });
        Some(relation)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AttrValue, Project};
    use crate::review::adjudication::Decision;
    use crate::review::align::tests::TEXT;
    use crate::review::frames::tests::{EventSpec, SPANS, framed};

    fn now() -> Timestamp {
        Timestamp("2026-12-04T21:00:00Z".into())
    }

    fn names(n: &[&str]) -> Vec<String> {
        n.iter().map(|s| (*s).to_owned()).collect()
    }

    /// Amina: an ambush by the group at بوريم, asserted. Yusuf: an attack at تمبكتو, claimed,
    /// no actor.
    fn two() -> (Project, Project) {
        let a: &[EventSpec] = &[(
            0,
            "armed_clash",
            &[("Actor", 1), ("Place", 2)],
            &[("factuality", "asserted")],
        )];
        let b: &[EventSpec] = &[(0, "attack", &[("Place", 3)], &[("factuality", "claimed")])];
        (
            framed("Amina", &[TEXT], &SPANS, a, &[("located_in", 2, 3)]),
            framed("Yusuf", &[TEXT], &SPANS, b, &[]),
        )
    }

    fn event_of(gold: &Project) -> (&Event, &crate::model::Document) {
        let doc = &gold.documents()[0];
        (&doc.events()[0], doc)
    }

    fn text_of(doc: &crate::model::Document, id: SpanId) -> &str {
        doc.span(id).unwrap().text()
    }

    #[test]
    fn frames_are_lined_up_once_and_start_undecided() {
        let (a, b) = two();
        let adj = Adjudication::new(&[&a, &b], &names(&["Amina", "Yusuf"]));
        assert_eq!(adj.event_groups(0).len(), 1);
        assert_eq!(adj.relation_groups(0).len(), 1);
        let at = EventRef { doc: 0, group: 0 };
        assert_eq!(
            adj.group_event(at, 1).unwrap().event_type.as_str(),
            "attack"
        );
        assert_eq!(adj.undecided_events(), [at]);
        assert_eq!(
            adj.undecided_relations(),
            [RelationRef { doc: 0, group: 0 }]
        );
        // Nothing decided: the gold has no frames.
        assert!(adj.gold().documents()[0].events().is_empty());
    }

    #[test]
    fn taking_a_frame_brings_its_spans_and_records_provenance() {
        let (a, b) = two();
        let mut adj = Adjudication::new(&[&a, &b], &names(&["Amina", "Yusuf"]));
        let at = EventRef { doc: 0, group: 0 };
        adj.decide_event(
            at,
            FrameDecision::Take(1),
            "Salma",
            &now(),
            Some("the communiqué says attack".into()),
        );
        assert!(adj.undecided_events().is_empty());
        let (gold, notes) = adj.gold_with_notes();
        assert!(notes.is_empty(), "{notes:?}");
        assert!(gold.validate().is_empty(), "{:?}", gold.validate());
        let (event, doc) = event_of(&gold);
        assert_eq!(event.event_type.as_str(), "attack");
        assert_eq!(text_of(doc, event.trigger), "هاجمت");
        let places: Vec<&str> = event.args.iter().map(|x| text_of(doc, x.span)).collect();
        assert_eq!(places, ["تمبكتو"]);
        assert_eq!(
            event.attrs[&AttributeId::new("factuality")],
            AttrValue::Choice("claimed".into())
        );
        let p = event.provenance.as_ref().unwrap();
        assert_eq!(p.annotators, ["Yusuf"]);
        assert_eq!(p.taken_from.as_deref(), Some("Yusuf"));
        assert_eq!(p.decided_by, "Salma");
        assert_eq!(p.rationale.as_deref(), Some("the communiqué says attack"));
        assert_eq!(event.argument_from(&event.args[0]).unwrap(), ["Yusuf"]);
        assert_eq!(p.attributes[&AttributeId::new("factuality")], ["Yusuf"]);
        // The spans came with the frame (their clusters are undecided), each with who had it.
        assert_eq!(doc.spans().len(), 2);
        let trigger = doc
            .span(event.trigger)
            .unwrap()
            .provenance
            .as_ref()
            .unwrap();
        assert_eq!(trigger.annotators, ["Amina", "Yusuf"]);
        assert_eq!(trigger.decided_by, "Salma");
    }

    #[test]
    fn a_frame_composed_role_by_role_from_two_annotators() {
        let (a, b) = two();
        let mut adj = Adjudication::new(&[&a, &b], &names(&["Amina", "Yusuf"]));
        let at = EventRef { doc: 0, group: 0 };
        // Amina's type and actor, Yusuf's place and factuality.
        let mut frame = adj.compose_from(at, 0).unwrap();
        frame.roles.insert(
            RoleId::new("Place"),
            vec![Filler {
                annotator: 1,
                argument: 0,
            }],
        );
        frame.attributes.insert(AttributeId::new("factuality"), 1);
        adj.decide_event(at, FrameDecision::Compose(frame), "Salma", &now(), None);
        let gold = adj.gold();
        assert!(gold.validate().is_empty(), "{:?}", gold.validate());
        let (event, doc) = event_of(&gold);
        assert_eq!(event.event_type.as_str(), "armed_clash");
        let args: Vec<(&str, &str)> = event
            .args
            .iter()
            .map(|x| (x.role.as_str(), text_of(doc, x.span)))
            .collect();
        assert_eq!(args, [("Actor", "جماعة نصرة الإسلام"), ("Place", "تمبكتو")]);
        let p = event.provenance.as_ref().unwrap();
        assert_eq!(p.taken_from, None);
        assert_eq!(p.annotators, ["Amina"]);
        assert_eq!(event.argument_from(&event.args[0]).unwrap(), ["Amina"]);
        assert_eq!(event.argument_from(&event.args[1]).unwrap(), ["Yusuf"]);
        assert_eq!(p.attributes[&AttributeId::new("factuality")], ["Yusuf"]);
    }

    #[test]
    fn the_frame_follows_the_span_decisions_and_wins_for_the_spans_they_rejected() {
        // Amina's Place is وتمبكتو, Yusuf's تمبكتو: the span decision takes Yusuf's extent.
        let spans = [(0, 0, 5, "EVENT"), (0, 36, 43, "PLACE")];
        let ev: &[EventSpec] = &[(0, "armed_clash", &[("Place", 1)], &[])];
        let a = framed("Amina", &[TEXT], &spans, ev, &[]);
        let mut b_spans = spans;
        b_spans[1] = (0, 37, 43, "PLACE");
        let b = framed("Yusuf", &[TEXT], &b_spans, ev, &[]);
        let mut adj = Adjudication::new(&[&a, &b], &names(&["Amina", "Yusuf"]));
        let clusters = adj.undecided();
        assert_eq!(clusters.len(), 2);
        // The trigger's cluster is rejected; the place's takes Yusuf's span.
        adj.decide(clusters[0], Decision::RejectAll, "Salma", &now(), None);
        adj.decide(clusters[1], Decision::Take(vec![1]), "Salma", &now(), None);
        let at = EventRef { doc: 0, group: 0 };
        adj.decide_event(at, FrameDecision::Take(0), "Salma", &now(), None);
        let gold = adj.gold();
        assert!(gold.validate().is_empty(), "{:?}", gold.validate());
        let (event, doc) = event_of(&gold);
        assert_eq!(
            text_of(doc, event.trigger),
            "هاجمت",
            "the frame brings its trigger"
        );
        assert_eq!(
            text_of(doc, event.args[0].span),
            "تمبكتو",
            "the gold's extent"
        );
        assert_eq!(doc.spans().len(), 2, "no second place span");
        assert_eq!(
            event.argument_from(&event.args[0]).unwrap(),
            ["Amina", "Yusuf"]
        );
    }

    #[test]
    fn what_the_schema_refuses_is_left_out_and_reported() {
        let (a, b) = two();
        let mut adj = Adjudication::new(&[&a, &b], &names(&["Amina", "Yusuf"]));
        let at = EventRef { doc: 0, group: 0 };
        let mut frame = adj.compose_from(at, 0).unwrap();
        let filler = |annotator, argument| Filler {
            annotator,
            argument,
        };
        // A role the type does not declare, two fillers of the one-filler Time, and a place
        // as an Actor.
        frame
            .roles
            .insert(RoleId::new("Weapon"), vec![filler(0, 1)]);
        frame
            .roles
            .insert(RoleId::new("Time"), vec![filler(0, 1), filler(1, 0)]);
        frame
            .roles
            .get_mut(&RoleId::new("Actor"))
            .unwrap()
            .push(filler(1, 0));
        adj.decide_event(at, FrameDecision::Compose(frame), "Salma", &now(), None);
        let (gold, notes) = adj.gold_with_notes();
        assert!(gold.validate().is_empty(), "{:?}", gold.validate());
        let said: Vec<&str> = notes.iter().map(|n| n.message.as_str()).collect();
        assert_eq!(said.len(), 3, "{said:?}");
        assert!(said[0].contains("does not take PLACE"), "{said:?}");
        assert!(said[1].contains("no more fillers"), "{said:?}");
        assert!(said[2].contains("no role Weapon"), "{said:?}");
        let roles: Vec<&str> = gold.documents()[0].events()[0]
            .args
            .iter()
            .map(|x| x.role.as_str())
            .collect();
        assert_eq!(roles, ["Actor", "Place", "Time"]);
    }

    #[test]
    fn relations_are_taken_or_rejected() {
        let (a, b) = two();
        let mut adj = Adjudication::new(&[&a, &b], &names(&["Amina", "Yusuf"]));
        let at = RelationRef { doc: 0, group: 0 };
        // Yusuf has no relation here: taking his is no decision.
        adj.decide_relation(at, RelationDecision::Take(1), "Salma", &now(), None);
        assert_eq!(adj.undecided_relations(), [at]);
        adj.decide_relation(at, RelationDecision::Take(0), "Salma", &now(), None);
        let gold = adj.gold();
        assert!(gold.validate().is_empty(), "{:?}", gold.validate());
        let doc = &gold.documents()[0];
        let r = &doc.relations()[0];
        assert_eq!(
            (text_of(doc, r.head), text_of(doc, r.tail)),
            ("بوريم", "تمبكتو")
        );
        let p = r.provenance.as_ref().unwrap();
        assert_eq!(
            (p.annotators.as_slice(), p.decided_by.as_str()),
            (&["Amina".to_owned()][..], "Salma")
        );
        adj.decide_relation(at, RelationDecision::Reject, "Salma", &now(), None);
        assert!(adj.gold().documents()[0].relations().is_empty());
        assert!(adj.undecided_relations().is_empty());
    }

    #[test]
    fn a_gold_with_frame_provenance_round_trips_through_the_project_file() {
        let (a, b) = two();
        let mut adj = Adjudication::new(&[&a, &b], &names(&["Amina", "Yusuf"]));
        adj.decide_event(
            EventRef { doc: 0, group: 0 },
            FrameDecision::Take(0),
            "Salma",
            &now(),
            Some("«كمين»".into()),
        );
        adj.decide_relation(
            RelationRef { doc: 0, group: 0 },
            RelationDecision::Take(0),
            "auto:agreed",
            &now(),
            None,
        );
        let gold = adj.gold();
        let text = crate::format::project_file::to_ron_string(&gold);
        assert!(text.contains("provenance"), "{text}");
        let loaded =
            crate::format::project_file::parse_project(&text, std::path::Path::new("g.hamish.ron"))
                .unwrap();
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        assert_eq!(loaded.project, gold);
        assert_eq!(
            crate::format::project_file::to_ron_string(&loaded.project),
            text
        );
        // Files without frame provenance write none.
        let plain = crate::format::project_file::to_ron_string(&a);
        assert!(!plain.contains("provenance"));
    }

    #[test]
    fn removing_an_argument_span_from_the_gold_takes_its_provenance_along() {
        let (a, b) = two();
        let mut adj = Adjudication::new(&[&a, &b], &names(&["Amina", "Yusuf"]));
        adj.decide_event(
            EventRef { doc: 0, group: 0 },
            FrameDecision::Take(0),
            "Salma",
            &now(),
            None,
        );
        let mut gold = adj.gold();
        let doc = gold.documents()[0].id().clone();
        let (actor, before) = {
            let e = &gold.documents()[0].events()[0];
            (e.args[0].span, e.provenance.clone().unwrap())
        };
        assert_eq!(before.arguments.len(), 2);
        let mut h = crate::model::History::new();
        h.apply(
            &mut gold,
            crate::model::Edit::RemoveSpan { doc, span: actor },
            &now(),
        )
        .unwrap();
        let after = gold.documents()[0].events()[0].provenance.clone().unwrap();
        assert_eq!(after.arguments.len(), 1);
        assert!(gold.validate().is_empty());
        h.undo(&mut gold, &now()).unwrap();
        assert_eq!(
            gold.documents()[0].events()[0].provenance.as_ref(),
            Some(&before)
        );
    }

    /// Spans of the random frames: [`SPANS`], the group's short form and وتمبكتو.
    const MORE_SPANS: [(usize, usize, usize, &str); 6] = [
        SPANS[0],
        SPANS[1],
        SPANS[2],
        SPANS[3],
        (0, 6, 11, "GROUP"),
        (0, 36, 43, "PLACE"),
    ];
    /// Every argument a random frame may have (role, span index), each allowed by the schema.
    const POOL: [(&str, usize); 6] = [
        ("Actor", 1),
        ("Actor", 4),
        ("Target", 1),
        ("Place", 2),
        ("Place", 3),
        ("Place", 5),
    ];

    /// One annotator's random frames on [`TEXT`]: maybe an event on the trigger (type, a
    /// subset of [`POOL`], maybe a factuality) and maybe two relations.
    /// A random annotator: maybe an event (attack or not, argument mask, maybe claimed or
    /// asserted) and a relation mask.
    type Spec = (Option<(bool, u8, Option<bool>)>, u8);

    fn random_project(name: &str, spec: &Spec) -> Project {
        let (event, relations) = spec;
        let args: Vec<(&str, usize)>;
        let attrs: Vec<(&str, &str)>;
        let mut events: Vec<EventSpec> = Vec::new();
        if let Some((attack, mask, factuality)) = event {
            args = (0..POOL.len())
                .filter(|k| mask & (1 << k) != 0)
                .map(|k| POOL[k])
                .collect();
            attrs = factuality
                .map(|claimed| ("factuality", if claimed { "claimed" } else { "asserted" }))
                .into_iter()
                .collect();
            let ty = if *attack { "attack" } else { "armed_clash" };
            events.push((0, ty, &args, &attrs));
        }
        let pool = [("located_in", 2, 3), ("allied_with", 1, 4)];
        let rel: Vec<(&str, usize, usize)> = (0..2)
            .filter(|k| relations & (1 << k) != 0)
            .map(|k| pool[k])
            .collect();
        framed(name, &[TEXT], &MORE_SPANS, &events, &rel)
    }

    fn spec() -> impl proptest::strategy::Strategy<Value = Spec> {
        use proptest::prelude::*;
        (
            proptest::option::of((any::<bool>(), 0u8..64, proptest::option::of(any::<bool>()))),
            0u8..4,
        )
    }

    proptest::proptest! {
        /// Whatever the frames and whatever is decided (any annotator's frame taken, one
        /// composed from two, rejected; spans decided or not), the gold validates and every
        /// frame's spans are in it; and merging identical copies gives back their frames.
        #[test]
        fn every_gold_validates_and_identical_copies_merge_to_themselves(
            specs in proptest::collection::vec(spec(), 2..4),
            picks in proptest::collection::vec(0usize..8, 8),
            reject_spans in proptest::bool::ANY,
        ) {
            let projects: Vec<Project> = specs
                .iter()
                .enumerate()
                .map(|(k, s)| random_project(&format!("A{k}"), s))
                .collect();
            let refs: Vec<&Project> = projects.iter().collect();
            let names: Vec<String> = (0..refs.len()).map(|k| format!("A{k}")).collect();
            for strategy in [crate::review::Strategy::Agreed, crate::review::Strategy::Majority] {
                let (gold, adj) = crate::review::merge(&refs, &names, strategy, &now());
                proptest::prop_assert!(gold.validate().is_empty(), "{:?}", gold.validate());
                proptest::prop_assert!(adj.gold_with_notes().1.is_empty());
            }
            let mut adj = Adjudication::new(&refs, &names);
            if reject_spans {
                for at in adj.undecided() {
                    adj.decide(at, Decision::RejectAll, "S", &now(), None);
                }
            }
            let n = refs.len();
            for (k, at) in adj.event_refs().into_iter().enumerate() {
                let pick = picks[k % picks.len()];
                let decision = match pick % 4 {
                    0 => FrameDecision::Reject,
                    1 => FrameDecision::Take(pick % n),
                    _ => match adj.compose_from(at, pick % n) {
                        Some(mut frame) => {
                            // Add every argument of the next annotator too.
                            let other = (pick + 1) % n;
                            let count = adj.group_event(at, other).map_or(0, |e| e.args.len());
                            for argument in 0..count {
                                let role = adj.group_event(at, other).unwrap().args[argument].role.clone();
                                frame.roles.entry(role).or_default().push(Filler { annotator: other, argument });
                            }
                            FrameDecision::Compose(frame)
                        }
                        None => FrameDecision::Take(pick % n),
                    },
                };
                adj.decide_event(at, decision, "S", &now(), None);
            }
            for (k, at) in adj.relation_refs().into_iter().enumerate() {
                let decision = RelationDecision::Take(picks[k % picks.len()] % n);
                adj.decide_relation(at, decision, "S", &now(), None);
            }
            let gold = adj.gold();
            proptest::prop_assert!(gold.validate().is_empty(), "{:?}", gold.validate());
            for e in gold.documents()[0].events() {
                proptest::prop_assert!(e.provenance.is_some());
            }
            // Identical copies: both strategies take everything, frames included.
            let copies = [&projects[0], &projects[0], &projects[0]];
            let names3: Vec<String> = ["A", "B", "C"].map(String::from).to_vec();
            for strategy in [crate::review::Strategy::Agreed, crate::review::Strategy::Majority] {
                let (gold, adj) = crate::review::merge(&copies, &names3, strategy, &now());
                proptest::prop_assert!(adj.undecided_events().is_empty());
                proptest::prop_assert_eq!(
                    crate::format::canonical::canonical(&gold),
                    crate::format::canonical::canonical(&projects[0])
                );
            }
        }
    }
}
