//! The events list: one row per event of a document or of the whole project, for the GUI's
//! events tab and anything else that lists events (type, date, actors, targets, places,
//! factuality, where the trigger is, which required roles are empty), in text order, with
//! filters.
//!
//! Names: an argument linked to a registry entity is shown by the entity's canonical name
//! ([`crate::model::Entity::canonical_name`]), else by the span's text. The date is the event's
//! `date` attribute, else its document's date when that is a date (flagged as such). Positions
//! are the trigger's [`CharRange`] (Unicode scalar values). Building the rows reads each
//! document's spans once (a map by id), so the cost follows spans + arguments, not their
//! product.

use crate::model::{
    AttrValue, AttributeId, CharOffset, CharRange, DocId, Document, EntityId, Event, EventId,
    EventTypeId, PartialDate, Project, RoleId, Span, SpanId,
};
use crate::stats::{ACTOR_ROLE, DATE_ATTRIBUTE};
use crate::text::normalize::fold;

/// A document's spans by id: a sorted table, cheaper to build than a hash map for the few
/// dozen spans of an article and still logarithmic for a long one.
struct SpanTable<'d>(Vec<(SpanId, &'d Span)>);

impl<'d> SpanTable<'d> {
    fn new(doc: &'d Document) -> Self {
        let mut spans: Vec<(SpanId, &Span)> = doc.spans().iter().map(|s| (s.id, s)).collect();
        spans.sort_unstable_by_key(|&(id, _)| id);
        Self(spans)
    }

    fn get(&self, id: &SpanId) -> Option<&'d Span> {
        let i = self.0.binary_search_by_key(id, |&(i, _)| i).ok()?;
        Some(self.0[i].1)
    }
}

/// The role whose arguments are an event's places.
pub const PLACE_ROLE: &str = "Place";
/// The role whose arguments are an event's targets (ACLED's second actor, in effect).
pub const TARGET_ROLE: &str = "Target";
/// The event attribute holding its factuality.
pub const FACTUALITY_ATTRIBUTE: &str = "factuality";

/// An argument as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    pub span: SpanId,
    /// The linked entity's canonical name, else the span's text.
    pub name: String,
    pub entity: Option<EntityId>,
}

/// Where an event's date comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSource {
    /// The event's own `date` attribute.
    Event,
    /// Its document's date (the event has none of its own).
    Document,
}

/// One event in the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
    pub doc: DocId,
    /// The document's title, for a project-wide list.
    pub doc_title: String,
    pub event: EventId,
    pub trigger: SpanId,
    /// The trigger's characters in the document.
    pub position: CharRange,
    pub trigger_text: String,
    pub event_type: EventTypeId,
    /// The type's English and Arabic names and its category; the id when the schema has no
    /// such type (a damaged file).
    pub type_name: String,
    pub type_name_ar: String,
    pub category: String,
    pub date: Option<(PartialDate, DateSource)>,
    pub actors: Vec<Party>,
    pub targets: Vec<Party>,
    pub places: Vec<Party>,
    pub factuality: Option<String>,
    /// Required roles left empty ([`Event::missing_roles`]).
    pub missing: Vec<RoleId>,
}

/// Which events to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ListScope {
    #[default]
    Project,
    Document(DocId),
}

/// An actor or place to look for: a registry entity, or a text matched folded (spelling
/// variants agree) anywhere in the shown name, the span's text or any spelling of the entity
/// it links to (its names and aliases).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Who {
    Entity(EntityId),
    Text(String),
}

/// Filters; every one set must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventFilter {
    pub event_type: Option<EventTypeId>,
    pub actor: Option<Who>,
    pub place: Option<Who>,
    /// Only events with a required role empty.
    pub missing_required: bool,
}

impl EventFilter {
    pub fn is_empty(&self) -> bool {
        *self == EventFilter::default()
    }
}

/// The rows of the events in `scope` that pass `filter`, by document (in project order), then
/// trigger position, then event id.
pub fn event_rows(project: &Project, scope: &ListScope, filter: &EventFilter) -> Vec<EventRow> {
    let docs: Vec<&Document> = match scope {
        ListScope::Project => project.documents().iter().collect(),
        ListScope::Document(id) => project.document(id).into_iter().collect(),
    };
    let keys = Keys {
        actor: RoleId::new(ACTOR_ROLE),
        target: RoleId::new(TARGET_ROLE),
        place: RoleId::new(PLACE_ROLE),
        date: AttributeId::new(DATE_ATTRIBUTE),
        factuality: AttributeId::new(FACTUALITY_ATTRIBUTE),
    };
    let needles = (
        filter.actor.as_ref().map(Needle::new),
        filter.place.as_ref().map(Needle::new),
    );
    let mut rows = Vec::with_capacity(docs.iter().map(|d| d.events().len()).sum());
    for doc in docs {
        if doc.events().is_empty() {
            continue;
        }
        let spans = SpanTable::new(doc);
        // Sort light keys, then build each row in its place: rows are large to move.
        let mut order: Vec<((CharOffset, CharOffset, EventId), &Event)> = doc
            .events()
            .iter()
            .filter(|e| {
                filter
                    .event_type
                    .as_ref()
                    .is_none_or(|t| &e.event_type == t)
            })
            .filter_map(|e| {
                let t = spans.get(&e.trigger)?;
                Some(((t.start(), t.end(), e.id), e))
            })
            .collect();
        order.sort_unstable_by_key(|&(key, _)| key);
        for (_, event) in order {
            let Some(r) = row(project, doc, &spans, event, &keys) else {
                continue;
            };
            let keep = (!filter.missing_required || !r.missing.is_empty())
                && needles
                    .0
                    .as_ref()
                    .is_none_or(|n| n.finds(project, &r.actors, &spans))
                && needles
                    .1
                    .as_ref()
                    .is_none_or(|n| n.finds(project, &r.places, &spans));
            if keep {
                rows.push(r);
            }
        }
    }
    rows
}

/// The roles and attributes a row reads, made once per list.
struct Keys {
    actor: RoleId,
    target: RoleId,
    place: RoleId,
    date: AttributeId,
    factuality: AttributeId,
}

/// The row of one event; `None` when its trigger is missing (a damaged file).
fn row(
    project: &Project,
    doc: &Document,
    spans: &SpanTable,
    event: &Event,
    keys: &Keys,
) -> Option<EventRow> {
    let trigger = spans.get(&event.trigger)?;
    let schema = project.schema();
    let ty = schema.event_type(&event.event_type);
    let parties = |role: &RoleId| -> Vec<Party> {
        event
            .fillers(role)
            .filter_map(|id| spans.get(&id))
            .map(|span: &Span| {
                let entity = project.entity_of(span);
                Party {
                    span: span.id,
                    name: entity
                        .map_or_else(|| span.text().to_owned(), |e| e.canonical_name().to_owned()),
                    entity: entity.map(|e| e.id.clone()),
                }
            })
            .collect()
    };
    let own_date = match event.attrs.get(&keys.date) {
        Some(AttrValue::Date(d)) => Some((*d, DateSource::Event)),
        _ => None,
    };
    let date = own_date.or_else(|| {
        let d = PartialDate::parse(doc.meta.date.as_deref()?).ok()?;
        Some((d, DateSource::Document))
    });
    let factuality = event.attrs.get(&keys.factuality).map(|v| v.to_string());
    Some(EventRow {
        doc: doc.id().clone(),
        doc_title: doc.title.clone(),
        event: event.id,
        trigger: trigger.id,
        position: trigger.range(),
        trigger_text: trigger.text().to_owned(),
        event_type: event.event_type.clone(),
        type_name: ty.map_or_else(|| event.event_type.to_string(), |t| t.name.clone()),
        type_name_ar: ty.map(|t| t.name_ar.clone()).unwrap_or_default(),
        category: ty.map(|t| t.category.clone()).unwrap_or_default(),
        date,
        actors: parties(&keys.actor),
        targets: parties(&keys.target),
        places: parties(&keys.place),
        factuality,
        missing: event.missing_roles(schema).into_iter().cloned().collect(),
    })
}

/// A [`Who`] ready to match: text folded once.
enum Needle<'a> {
    Entity(&'a EntityId),
    Text(String),
}

impl<'a> Needle<'a> {
    fn new(who: &'a Who) -> Self {
        match who {
            Who::Entity(id) => Needle::Entity(id),
            Who::Text(t) => Needle::Text(fold(t.trim())),
        }
    }

    fn finds(&self, project: &Project, parties: &[Party], spans: &SpanTable) -> bool {
        parties.iter().any(|p| match self {
            Needle::Entity(id) => p.entity.as_ref() == Some(*id),
            Needle::Text(t) => {
                let has = |text: &str| fold(text).contains(t.as_str());
                has(&p.name)
                    || spans.get(&p.span).is_some_and(|s| has(s.text()))
                    || p.entity
                        .as_ref()
                        .and_then(|id| project.entity(id))
                        .is_some_and(|e| e.spellings().any(has))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Argument, Edit, Entity, EntityKind, Timestamp};
    use crate::test_markup::{Marked, marked};

    /// Two articles: a claimed ambush with an actor linked to JNIM, and an undated attack with
    /// no actor; then a second document with a later clash in it.
    fn fixture() -> (Marked, [EventId; 3]) {
        let mut m = marked(&[
            "[EVENT|كمين] نصبته [GROUP|نصرة الإسلام] لقافلة [GROUP|الجيش المالي] قرب [PLACE|بير]. \
             وفي [PLACE|غاو] وقع [EVENT|هجوم] على السوق.",
            "[EVENT|اشتباكات] بين [GROUP|فاغنر] و[GROUP|جماعة نصرة الإسلام والمسلمين] في \
             [PLACE|تمبكتو].",
        ]);
        let now = m.now.clone();
        let jnim = EntityId::new("jnim");
        let mut entity = Entity::new(
            jnim.clone(),
            EntityKind::Group,
            "جماعة نصرة الإسلام والمسلمين",
            "JNIM",
        );
        entity.add_alias("نصرة الإسلام");
        apply(&mut m, Edit::AddEntity { entity }, &now);
        for (doc, name) in [(0, "نصرة الإسلام"), (1, "جماعة نصرة الإسلام والمسلمين")]
        {
            let edit = Edit::LinkSpan {
                doc: m.docs[doc].clone(),
                span: m.span(name),
                entity: Some(jnim.clone()),
            };
            apply(&mut m, edit, &now);
        }
        let mut events = Vec::new();
        let specs: [EventSpec; 3] = [
            (
                0,
                "كمين",
                "armed_clash",
                &[
                    ("Actor", "نصرة الإسلام"),
                    ("Target", "الجيش المالي"),
                    ("Place", "بير"),
                ],
            ),
            (0, "هجوم", "attack", &[("Place", "غاو")]),
            (
                1,
                "اشتباكات",
                "armed_clash",
                &[
                    ("Actor", "فاغنر"),
                    ("Actor", "جماعة نصرة الإسلام والمسلمين"),
                    ("Place", "تمبكتو"),
                ],
            ),
        ];
        for (doc, trigger, ty, args) in specs {
            let mut event = Event::new(
                m.span(trigger),
                EventTypeId::new(ty),
                m.project.annotator.id.clone(),
                &now,
            );
            for (role, span) in args {
                event.args.push(Argument {
                    role: RoleId::new(*role),
                    span: m.span(span),
                });
            }
            events.push(event.id);
            let edit = Edit::AddEvent {
                doc: m.docs[doc].clone(),
                event,
            };
            apply(&mut m, edit, &now);
        }
        let set = |doc: &DocId, event, attribute: &str, value| Edit::SetAttribute {
            doc: doc.clone(),
            on: crate::model::AttrOwner::Event(event),
            attribute: AttributeId::new(attribute),
            value: Some(value),
        };
        let d0 = m.docs[0].clone();
        apply(
            &mut m,
            set(
                &d0,
                events[0],
                "date",
                AttrValue::Date(PartialDate::parse("2023-08-20").unwrap()),
            ),
            &now,
        );
        apply(
            &mut m,
            set(
                &d0,
                events[0],
                "factuality",
                AttrValue::Choice("claimed".into()),
            ),
            &now,
        );
        (m, [events[0], events[1], events[2]])
    }

    /// Document, trigger text, event type, (role, argument text)s.
    type EventSpec = (
        usize,
        &'static str,
        &'static str,
        &'static [(&'static str, &'static str)],
    );

    fn apply(m: &mut Marked, edit: Edit, now: &Timestamp) {
        m.project.apply(edit, now).unwrap();
    }

    fn ids(rows: &[EventRow]) -> Vec<EventId> {
        rows.iter().map(|r| r.event).collect()
    }

    #[test]
    fn rows_show_names_dates_factuality_and_come_in_text_order() {
        let (m, [ambush, attack, clash]) = fixture();
        let rows = event_rows(&m.project, &ListScope::Project, &EventFilter::default());
        assert_eq!(ids(&rows), [ambush, attack, clash]);
        let r = &rows[0];
        assert_eq!(r.type_name, "Armed clash");
        assert_eq!(r.category, "Battles");
        assert_eq!(r.trigger_text, "كمين");
        assert_eq!(r.position, CharRange::new(0, 4));
        assert_eq!(
            r.date,
            Some((PartialDate::parse("2023-08-20").unwrap(), DateSource::Event))
        );
        assert_eq!(r.factuality.as_deref(), Some("claimed"));
        // The linked actor is shown by the entity's canonical name.
        let actors: Vec<(&str, Option<&str>)> = r
            .actors
            .iter()
            .map(|p| (p.name.as_str(), p.entity.as_ref().map(EntityId::as_str)))
            .collect();
        assert_eq!(actors, [("JNIM", Some("jnim"))]);
        let places: Vec<&str> = r.places.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(places, ["بير"]);
        assert_eq!(r.targets[0].name, "الجيش المالي");
        assert!(r.missing.is_empty());
        // An unlinked actor keeps its text; an event without date or factuality has none.
        assert_eq!(rows[2].actors[0].name, "فاغنر");
        assert_eq!(rows[2].actors[1].name, "JNIM");
        assert_eq!((rows[1].date, rows[1].factuality.as_deref()), (None, None));
        // One document only.
        let doc1 = ListScope::Document(m.docs[1].clone());
        assert_eq!(
            ids(&event_rows(&m.project, &doc1, &EventFilter::default())),
            [clash]
        );
    }

    #[test]
    fn filters_by_type_actor_place_and_missing_roles() {
        let (m, [ambush, attack, clash]) = fixture();
        let list = |filter: EventFilter| ids(&event_rows(&m.project, &ListScope::Project, &filter));
        assert_eq!(
            list(EventFilter {
                event_type: Some(EventTypeId::new("armed_clash")),
                ..Default::default()
            }),
            [ambush, clash]
        );
        // By entity: both spellings of JNIM, in two documents.
        assert_eq!(
            list(EventFilter {
                actor: Some(Who::Entity(EntityId::new("jnim"))),
                ..Default::default()
            }),
            [ambush, clash]
        );
        // By text, folded: فاجنر is not فاغنر, but hamza and ta marbuta fold away.
        let by_text = |t: &str| {
            list(EventFilter {
                actor: Some(Who::Text(t.into())),
                ..Default::default()
            })
        };
        assert_eq!(by_text("فاغنر"), [clash]);
        assert_eq!(by_text("نصره الاسلام"), [ambush, clash]);
        assert_eq!(
            by_text("jnim"),
            [ambush, clash],
            "the canonical name counts"
        );
        assert!(by_text("فاجنر").is_empty());
        assert_eq!(
            list(EventFilter {
                place: Some(Who::Text("غاو".into())),
                ..Default::default()
            }),
            [attack]
        );
        // With the default taxonomy nothing is required; a schema requiring an actor flags
        // the attack.
        assert!(
            list(EventFilter {
                missing_required: true,
                ..Default::default()
            })
            .is_empty()
        );
        let mut m = m;
        let mut schema = m.project.schema().clone();
        for ty in &mut schema.event_types {
            ty.roles[0].cardinality = crate::model::Cardinality::OneOrMore;
        }
        let now = m.now.clone();
        apply(&mut m, Edit::SetSchema { schema }, &now);
        let rows = event_rows(
            &m.project,
            &ListScope::Project,
            &EventFilter {
                missing_required: true,
                ..Default::default()
            },
        );
        assert_eq!(ids(&rows), [attack]);
        assert_eq!(rows[0].missing, [RoleId::new("Actor")]);
    }

    #[test]
    fn a_document_date_stands_in_for_a_missing_event_date() {
        let (mut m, [_, attack, _]) = fixture();
        // Documents' metadata is public: rebuild the project with the date set.
        let mut docs = m.project.clone().into_documents();
        docs[0].meta.date = Some("2023-08-21".into());
        let (project, problems) = Project::from_parts_with_entities(
            m.project.name.clone(),
            m.project.annotator.clone(),
            m.project.schema().clone(),
            m.project.settings.clone(),
            m.project.entities().to_vec(),
            docs,
        );
        assert!(problems.is_empty(), "{problems:?}");
        m.project = project;
        let rows = event_rows(&m.project, &ListScope::Project, &EventFilter::default());
        let row = rows.iter().find(|r| r.event == attack).unwrap();
        assert_eq!(
            row.date,
            Some((
                PartialDate::parse("2023-08-21").unwrap(),
                DateSource::Document
            ))
        );
        assert_eq!(
            rows[0].date.unwrap().1,
            DateSource::Event,
            "its own date wins"
        );
    }
}
