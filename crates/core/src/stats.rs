//! The numbers of a whole project: documents, characters, spans per label, per status and per
//! document; events per type, per month by type and by actor; relations and arguments; the
//! incomplete frames; and annotation progress over time from the spans' creation times.
//!
//! One function ([`Stats::of`]) computes them for both `hamish stats --json` and the GUI's
//! dashboard, so a test that checks the numbers checks what the dashboard draws. [`DocFilter`]
//! is what a click on a chart bar selects: the documents behind that bar.
//!
//! Per registry entity ([`EntityStats`]): the spans linked to it, the documents they are in,
//! and the events it takes part in as actor, target or place (an argument of that role is a
//! span linked to it), most mentioned first.

use crate::model::{
    AttributeId, DocId, DocStatus, Document, EntityId, Event, LabelId, Project, RoleId,
};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The month an event without a date of its own, in a document without a date, counts under.
pub const UNDATED: &str = "undated";
/// The role whose arguments are an event's actors.
pub const ACTOR_ROLE: &str = "Actor";
/// The event attribute holding its date.
pub const DATE_ATTRIBUTE: &str = "date";

/// The numbers `hamish stats` reports and the dashboard draws.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Stats {
    pub documents: usize,
    /// Characters in Unicode scalar values.
    pub characters: usize,
    pub spans: usize,
    /// Spans per label id (labels with no spans included).
    pub spans_per_label: BTreeMap<String, usize>,
    /// Documents per status.
    pub documents_per_status: BTreeMap<String, usize>,
    /// Spans of each document, in the project's document order.
    pub spans_per_document: Vec<DocumentCount>,
    pub events: usize,
    /// Events per event type id (types with events only).
    pub events_per_type: BTreeMap<String, usize>,
    /// Events per month (`YYYY-MM`, or [`UNDATED`]) and event type id. An event's month is
    /// that of its `date` attribute; without one (or with a year only), its document's date.
    pub events_per_month_by_type: BTreeMap<String, BTreeMap<String, usize>>,
    /// Events per month and actor (the text of each `Actor` argument; an event with two
    /// actors counts for both, one without any under `""`).
    pub events_per_month_by_actor: BTreeMap<String, BTreeMap<String, usize>>,
    pub relations: usize,
    /// Relations per relation type id (types with relations only).
    pub relations_per_type: BTreeMap<String, usize>,
    /// Arguments per role id, over all events.
    pub arguments_per_role: BTreeMap<String, usize>,
    /// Events with a required role unfilled, each with its document and the roles missing.
    pub incomplete_events: Vec<Incomplete>,
    /// Spans created per day (`YYYY-MM-DD`, UTC, from each span's `created` time): the
    /// annotation progress over time (the dashboard draws the running total).
    pub spans_created_per_day: BTreeMap<String, usize>,
    /// Every registry entity, most mentioned first (then by id).
    pub entities: Vec<EntityStats>,
}

/// How much the corpus says about one registry entity.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct EntityStats {
    pub id: String,
    /// `group`, `place` or `other`.
    pub kind: String,
    /// The canonical name (Latin, else Arabic).
    pub name: String,
    /// Spans linked to it.
    pub mentions: usize,
    /// Documents with at least one of those spans.
    pub documents: usize,
    /// Events with an `Actor` argument linked to it (each event once).
    pub events_as_actor: usize,
    /// Events with a `Target` argument linked to it.
    pub events_as_target: usize,
    /// Events with a `Place` argument linked to it.
    pub events_as_place: usize,
}

/// [`EntityStats`] for every entity of `project`'s registry.
pub fn entity_stats(project: &Project) -> Vec<EntityStats> {
    #[derive(Default)]
    struct Tally {
        mentions: usize,
        documents: BTreeSet<usize>,
        // Per role: (document, event id) pairs, so an event counts once.
        roles: [BTreeSet<(usize, u64)>; 3],
    }
    let roles = [ACTOR_ROLE, "Target", "Place"].map(RoleId::new);
    let mut tally: HashMap<&EntityId, Tally> = HashMap::new();
    for (d, doc) in project.documents().iter().enumerate() {
        for id in doc.spans().iter().filter_map(|s| s.entity.as_ref()) {
            let t = tally.entry(id).or_default();
            t.mentions += 1;
            t.documents.insert(d);
        }
        for event in doc.events() {
            for arg in &event.args {
                let Some(r) = roles.iter().position(|r| *r == arg.role) else {
                    continue;
                };
                if let Some(id) = doc.span(arg.span).and_then(|s| s.entity.as_ref()) {
                    tally.entry(id).or_default().roles[r].insert((d, event.id.0));
                }
            }
        }
    }
    let mut out: Vec<EntityStats> = project
        .entities()
        .iter()
        .map(|e| {
            let t = tally.remove(&e.id).unwrap_or_default();
            EntityStats {
                id: e.id.to_string(),
                kind: e.kind.name().to_owned(),
                name: e.canonical_name().to_owned(),
                mentions: t.mentions,
                documents: t.documents.len(),
                events_as_actor: t.roles[0].len(),
                events_as_target: t.roles[1].len(),
                events_as_place: t.roles[2].len(),
            }
        })
        .collect();
    out.sort_by(|a, b| b.mentions.cmp(&a.mentions).then_with(|| a.id.cmp(&b.id)));
    out
}

/// One document and how many spans it has.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DocumentCount {
    pub doc_id: String,
    pub title: String,
    pub spans: usize,
}

/// An event whose frame lacks a required role.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Incomplete {
    pub document: String,
    pub doc_id: String,
    pub event: u64,
    pub event_type: String,
    pub missing_roles: Vec<String>,
}

/// The month (`YYYY-MM`) of an event: its `date` attribute if it has a month, else its
/// document's date, else [`UNDATED`].
pub fn event_month(doc: &Document, event: &Event) -> String {
    let own = event
        .attrs
        .get(&AttributeId::new(DATE_ATTRIBUTE))
        .and_then(|v| match v {
            crate::model::AttrValue::Date(d) => d.month.map(|m| format!("{:04}-{m:02}", d.year)),
            _ => None,
        });
    own.or_else(|| {
        let date = doc.meta.date.as_deref()?;
        let month = date.get(..7)?;
        let ok = month.as_bytes().iter().enumerate().all(|(i, b)| {
            if i == 4 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
        ok.then(|| month.to_owned())
    })
    .unwrap_or_else(|| UNDATED.to_owned())
}

/// The texts of an event's actors (its `Actor` arguments), in argument order.
pub fn event_actors<'d>(doc: &'d Document, event: &Event) -> Vec<&'d str> {
    let actor = RoleId::new(ACTOR_ROLE);
    event
        .args
        .iter()
        .filter(|a| a.role == actor)
        .filter_map(|a| doc.span(a.span).map(|s| s.text()))
        .collect()
}

/// The day (`YYYY-MM-DD`) of an RFC 3339 timestamp, if it starts with one.
fn day_of(timestamp: &str) -> Option<&str> {
    let day = timestamp.get(..10)?;
    let ok = day.bytes().enumerate().all(|(i, b)| {
        if i == 4 || i == 7 {
            b == b'-'
        } else {
            b.is_ascii_digit()
        }
    });
    ok.then_some(day)
}

impl Stats {
    pub fn of(project: &Project) -> Self {
        let mut spans_per_label: BTreeMap<String, usize> = project
            .schema()
            .labels
            .iter()
            .map(|l| (l.id.to_string(), 0))
            .collect();
        let mut documents_per_status: BTreeMap<String, usize> = DocStatus::ALL
            .iter()
            .map(|s| (s.name().to_owned(), 0))
            .collect();
        let mut characters = 0;
        let mut events_per_type: BTreeMap<String, usize> = BTreeMap::new();
        let mut events_per_month_by_type: BTreeMap<String, BTreeMap<String, usize>> =
            BTreeMap::new();
        let mut events_per_month_by_actor: BTreeMap<String, BTreeMap<String, usize>> =
            BTreeMap::new();
        let mut relations_per_type: BTreeMap<String, usize> = BTreeMap::new();
        let mut arguments_per_role: BTreeMap<String, usize> = BTreeMap::new();
        let mut incomplete_events = Vec::new();
        let mut spans_per_document = Vec::new();
        let mut spans_created_per_day: BTreeMap<String, usize> = BTreeMap::new();
        for doc in project.documents() {
            for event in doc.events() {
                let ty = event.event_type.to_string();
                *events_per_type.entry(ty.clone()).or_default() += 1;
                let month = event_month(doc, event);
                *events_per_month_by_type
                    .entry(month.clone())
                    .or_default()
                    .entry(ty.clone())
                    .or_default() += 1;
                let actors = event_actors(doc, event);
                let by_actor = events_per_month_by_actor.entry(month).or_default();
                if actors.is_empty() {
                    *by_actor.entry(String::new()).or_default() += 1;
                }
                for actor in actors {
                    *by_actor.entry(actor.to_owned()).or_default() += 1;
                }
                for arg in &event.args {
                    *arguments_per_role.entry(arg.role.to_string()).or_default() += 1;
                }
                let missing = event.missing_roles(project.schema());
                if !missing.is_empty() {
                    incomplete_events.push(Incomplete {
                        document: doc.title.clone(),
                        doc_id: doc.id().to_string(),
                        event: event.id.0,
                        event_type: ty,
                        missing_roles: missing.iter().map(|r| r.to_string()).collect(),
                    });
                }
            }
            for relation in doc.relations() {
                *relations_per_type
                    .entry(relation.kind.to_string())
                    .or_default() += 1;
            }
            characters += doc.len_chars();
            *documents_per_status
                .entry(doc.status.name().to_owned())
                .or_default() += 1;
            for span in doc.spans() {
                *spans_per_label.entry(span.label.to_string()).or_default() += 1;
                if let Some(day) = day_of(&span.created.0) {
                    *spans_created_per_day.entry(day.to_owned()).or_default() += 1;
                }
            }
            spans_per_document.push(DocumentCount {
                doc_id: doc.id().to_string(),
                title: doc.title.clone(),
                spans: doc.spans().len(),
            });
        }
        Self {
            documents: project.documents().len(),
            characters,
            spans: project.span_count(),
            spans_per_label,
            documents_per_status,
            spans_per_document,
            events: project.event_count(),
            events_per_type,
            events_per_month_by_type,
            events_per_month_by_actor,
            relations: project.relation_count(),
            relations_per_type,
            arguments_per_role,
            incomplete_events,
            spans_created_per_day,
            entities: entity_stats(project),
        }
    }

    /// The running total of spans at the end of each day with new spans: the progress line.
    pub fn progress(&self) -> Vec<(String, usize)> {
        let mut total = 0;
        self.spans_created_per_day
            .iter()
            .map(|(day, n)| {
                total += n;
                (day.clone(), total)
            })
            .collect()
    }
}

/// The documents behind one bar of the dashboard: what a click on it shows in the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocFilter {
    Status(DocStatus),
    /// Documents with at least one span of this label.
    Label(LabelId),
    Document(DocId),
    /// Documents with an event in this month (as [`event_month`] says).
    EventMonth(String),
    /// Documents with an event of this type id.
    EventType(String),
    /// Documents with an event whose actor has this text.
    Actor(String),
    /// Documents with a span created on this day (`YYYY-MM-DD`).
    CreatedOn(String),
    /// Documents with a span linked to the entity of this id.
    Entity(String),
}

impl DocFilter {
    pub fn matches(&self, doc: &Document) -> bool {
        match self {
            DocFilter::Status(status) => doc.status == *status,
            DocFilter::Label(label) => doc.spans().iter().any(|s| &s.label == label),
            DocFilter::Document(id) => doc.id() == id,
            DocFilter::EventMonth(month) => {
                doc.events().iter().any(|e| event_month(doc, e) == *month)
            }
            DocFilter::EventType(ty) => doc.events().iter().any(|e| e.event_type.as_str() == ty),
            DocFilter::Actor(actor) => doc
                .events()
                .iter()
                .any(|e| event_actors(doc, e).contains(&actor.as_str())),
            DocFilter::CreatedOn(day) => doc
                .spans()
                .iter()
                .any(|s| day_of(&s.created.0) == Some(day.as_str())),
            DocFilter::Entity(id) => doc
                .spans()
                .iter()
                .any(|s| s.entity.as_ref().is_some_and(|e| e.as_str() == id)),
        }
    }

    /// How the filter reads in the document list ("status: done").
    pub fn describe(&self) -> String {
        match self {
            DocFilter::Status(s) => format!("status: {}", s.name()),
            DocFilter::Label(l) => format!("with {l} spans"),
            DocFilter::Document(_) => "one document".to_owned(),
            DocFilter::EventMonth(m) => format!("events in {m}"),
            DocFilter::EventType(t) => format!("{t} events"),
            DocFilter::Actor(a) => format!("events by {a}"),
            DocFilter::CreatedOn(d) => format!("spans made on {d}"),
            DocFilter::Entity(id) => format!("mentions of {id}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_agree_with_the_totals() {
        let project = crate::assets::sample_project();
        let stats = Stats::of(&project);
        assert_eq!(stats.events, 17);
        let by_month: usize = stats
            .events_per_month_by_type
            .values()
            .flat_map(|m| m.values())
            .sum();
        assert_eq!(by_month, stats.events);
        let per_type: usize = stats.events_per_type.values().sum();
        assert_eq!(per_type, stats.events);
        let per_doc: usize = stats.spans_per_document.iter().map(|d| d.spans).sum();
        assert_eq!(per_doc, stats.spans);
        assert_eq!(stats.spans_per_label.values().sum::<usize>(), stats.spans);
        assert_eq!(
            stats.spans_created_per_day.values().sum::<usize>(),
            stats.spans
        );
        assert_eq!(stats.progress().last().map(|p| p.1), Some(stats.spans));
        // Every event with an actor counts once per actor.
        let actors: usize = project
            .documents()
            .iter()
            .flat_map(|d| {
                d.events()
                    .iter()
                    .map(move |e| event_actors(d, e).len().max(1))
            })
            .sum();
        let by_actor: usize = stats
            .events_per_month_by_actor
            .values()
            .flat_map(|m| m.values())
            .sum();
        assert_eq!(by_actor, actors);
    }

    #[test]
    fn entity_counts_follow_links_and_event_roles() {
        let project = crate::assets::sample_project();
        let stats = Stats::of(&project);
        assert_eq!(stats.entities.len(), project.entities().len());
        let linked = project
            .documents()
            .iter()
            .flat_map(|d| d.spans())
            .filter(|s| s.entity.is_some())
            .count();
        assert_eq!(
            stats.entities.iter().map(|e| e.mentions).sum::<usize>(),
            linked
        );
        assert!(
            stats
                .entities
                .windows(2)
                .all(|w| w[0].mentions >= w[1].mentions),
            "most mentioned first"
        );
        for e in &stats.entities {
            let id = EntityId::new(e.id.clone());
            let mentions = project.mentions_of(&id);
            assert_eq!(e.mentions, mentions.len(), "{}", e.id);
            let docs: BTreeSet<usize> = mentions.iter().map(|(d, _)| *d).collect();
            assert_eq!(e.documents, docs.len(), "{}", e.id);
            assert!(e.documents <= e.mentions);
            // Against a plain count: events with an argument of the role linked to it.
            for (role, n) in [
                ("Actor", e.events_as_actor),
                ("Target", e.events_as_target),
                ("Place", e.events_as_place),
            ] {
                let plain = project
                    .documents()
                    .iter()
                    .flat_map(|d| d.events().iter().map(move |ev| (d, ev)))
                    .filter(|(d, ev)| {
                        ev.args.iter().any(|a| {
                            a.role.as_str() == role
                                && d.span(a.span).and_then(|s| s.entity.as_ref()) == Some(&id)
                        })
                    })
                    .count();
                assert_eq!(n, plain, "{} as {role}", e.id);
            }
        }
        let jnim = stats.entities.iter().find(|e| e.id == "jnim").unwrap();
        assert!(jnim.events_as_actor >= 1 && jnim.documents >= 3, "{jnim:?}");
    }

    #[test]
    fn months_come_from_the_event_then_the_document() {
        let project = crate::assets::sample_project();
        let stats = Stats::of(&project);
        // Event 101 is dated 2023-08-11 and 102 only 2023-08: both in August 2023.
        assert!(stats.events_per_month_by_type["2023-08"]["armed_clash"] >= 2);
        assert!(!stats.events_per_month_by_type.contains_key(UNDATED) || stats.events > 0);
        assert_eq!(day_of("2026-11-20T10:55:00Z"), Some("2026-11-20"));
        assert_eq!(day_of("yesterday"), None);
    }

    #[test]
    fn filters_select_the_documents_behind_a_bar() {
        let project = crate::assets::sample_project();
        let stats = Stats::of(&project);
        for (status, n) in &stats.documents_per_status {
            let status = DocStatus::ALL
                .into_iter()
                .find(|s| s.name() == status)
                .unwrap();
            let shown = project
                .documents()
                .iter()
                .filter(|d| DocFilter::Status(status).matches(d))
                .count();
            assert_eq!(shown, *n);
        }
        for (month, types) in &stats.events_per_month_by_type {
            let docs = project
                .documents()
                .iter()
                .filter(|d| DocFilter::EventMonth(month.clone()).matches(d))
                .count();
            assert!(docs >= 1 && docs <= types.values().sum::<usize>());
        }
        for e in &stats.entities {
            let docs = project
                .documents()
                .iter()
                .filter(|d| DocFilter::Entity(e.id.clone()).matches(d))
                .count();
            assert_eq!(docs, e.documents, "{}", e.id);
        }
        for day in stats.spans_created_per_day.keys() {
            assert!(
                project
                    .documents()
                    .iter()
                    .any(|d| DocFilter::CreatedOn(day.clone()).matches(d))
            );
        }
    }
}
