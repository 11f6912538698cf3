//! The command palette (Ctrl+Shift+P): every command of [`super::commands`] with its shortcut,
//! and the project's documents, labels (and each label's guidelines section), entities (by
//! canonical names and aliases, to their first mention) and events (by type, in Arabic or
//! English, and trigger, to the trigger) to jump to, matched fuzzily as you type
//! (`nucleo-matcher`, helix's matcher) on text folded as search folds it (diacritics, alef
//! forms, case: [`crate::text::normalize::fold`]), so an Arabic title is found however its
//! query is spelled. With no query the commands run last come first. Up and Down move the
//! highlight, Enter runs it, Escape closes.
//!
//! The rows are ranked once per query and project state ([`PaletteCache`]), not every frame.

use super::Action;
use super::commands::CommandId;
use crate::model::{DocId, EntityId, LabelId, Project, SpanId};
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use std::collections::HashMap;

/// Rows shown at most.
const MAX_ROWS: usize = 60;

/// Something the palette can run or jump to.
#[derive(Debug, Clone, PartialEq)]
pub enum PaletteItem {
    Command(CommandId),
    Document(DocId, String),
    /// Label the selection with it (or arm it), as its button does.
    Label(LabelId),
    /// Open the guidelines at the label's section.
    Guidelines(LabelId),
    /// An entity of the registry, shown at its first mention.
    Entity {
        id: EntityId,
        text: String,
        doc: DocId,
        span: SpanId,
    },
    /// An event, shown at its trigger.
    Event {
        text: String,
        doc: DocId,
        trigger: SpanId,
    },
}

impl PaletteItem {
    /// What the row says, which is also what the query is matched against.
    pub fn text(&self) -> String {
        match self {
            PaletteItem::Command(c) => c.name().to_owned(),
            PaletteItem::Document(_, title) => format!("Document: {title}"),
            PaletteItem::Label(l) => format!("Label: {l}"),
            PaletteItem::Guidelines(l) => format!("Guidelines for {l}"),
            PaletteItem::Entity { text, .. } | PaletteItem::Event { text, .. } => text.clone(),
        }
    }

    pub fn action(&self) -> Action {
        match self {
            PaletteItem::Command(c) => Action::RunCommand(*c),
            PaletteItem::Document(id, _) => Action::SelectDocument(id.clone()),
            PaletteItem::Label(l) => Action::ApplyLabel {
                label: l.clone(),
                exact: false,
            },
            PaletteItem::Guidelines(l) => Action::OpenGuidelines(Some(l.clone())),
            PaletteItem::Entity { doc, span, .. }
            | PaletteItem::Event {
                doc, trigger: span, ..
            } => Action::GoToSpan(doc.clone(), *span),
        }
    }
}

/// Entities with their first mention (in document order), and every event at its trigger.
fn entity_and_event_items(project: &Project) -> Vec<PaletteItem> {
    let mut first: HashMap<&EntityId, (&DocId, SpanId)> = HashMap::new();
    let mut events = Vec::new();
    for doc in project.documents() {
        for span in doc.spans() {
            if let Some(id) = &span.entity {
                first.entry(id).or_insert((doc.id(), span.id));
            }
        }
        for event in doc.events() {
            let Some(trigger) = doc.span(event.trigger) else {
                continue;
            };
            let kind = project.schema().event_type(&event.event_type).map_or_else(
                || event.event_type.to_string(),
                |t| format!("{} {}", t.name, t.name_ar),
            );
            events.push(PaletteItem::Event {
                text: format!("Event: {kind}: {} · {}", trigger.text(), doc.title),
                doc: doc.id().clone(),
                trigger: event.trigger,
            });
        }
    }
    let mut items: Vec<PaletteItem> = project
        .entities()
        .iter()
        .filter_map(|e| {
            let (doc, span) = first.get(&e.id)?;
            let mut text = format!("Entity: {}", e.name_ar);
            for name in std::iter::once(&e.name_latin).chain(&e.aliases) {
                if !name.is_empty() {
                    text.push_str(" · ");
                    text.push_str(name);
                }
            }
            Some(PaletteItem::Entity {
                id: e.id.clone(),
                text,
                doc: (*doc).clone(),
                span: *span,
            })
        })
        .collect();
    items.extend(events);
    items
}

/// The palette's rows for one query and project state, kept while neither changes.
#[derive(Debug, Default)]
pub struct PaletteCache {
    key: Option<(u64, String, Vec<String>)>,
    rows: Vec<PaletteItem>,
}

impl PaletteCache {
    /// The rows for `query` on `project` at history `state`, ranked again only when one of them
    /// (or the recent commands) changed.
    pub fn rows(
        &mut self,
        project: &Project,
        state: u64,
        recent: &[String],
        query: &str,
    ) -> &[PaletteItem] {
        let fresh = self
            .key
            .as_ref()
            .is_some_and(|(s, q, r)| *s == state && q == query && r.as_slice() == recent);
        if !fresh {
            self.rows = palette_items(project, recent, query);
            self.rows.truncate(MAX_ROWS);
            self.key = Some((state, query.to_owned(), recent.to_vec()));
        }
        &self.rows
    }
}

/// The items matching `query`, best first: by fuzzy score, then commands run recently, then
/// the list's order (commands, documents, labels, entities, events). With an empty query: the
/// recent commands, then everything else in that order.
pub fn palette_items(project: &Project, recent: &[String], query: &str) -> Vec<PaletteItem> {
    let mut items: Vec<PaletteItem> = CommandId::ALL
        .iter()
        .map(|&c| PaletteItem::Command(c))
        .collect();
    items.extend(
        project
            .documents()
            .iter()
            .map(|d| PaletteItem::Document(d.id().clone(), d.title.clone())),
    );
    for label in &project.schema().labels {
        items.push(PaletteItem::Label(label.id.clone()));
        items.push(PaletteItem::Guidelines(label.id.clone()));
    }
    items.extend(entity_and_event_items(project));
    let recency = |item: &PaletteItem| match item {
        PaletteItem::Command(c) => recent
            .iter()
            .position(|r| r == c.name())
            .unwrap_or(usize::MAX),
        _ => usize::MAX,
    };
    let folded = crate::text::normalize::fold(query.trim());
    if folded.is_empty() {
        let mut ranked: Vec<(usize, usize, PaletteItem)> = items
            .into_iter()
            .enumerate()
            .map(|(i, item)| (recency(&item), i, item))
            .collect();
        ranked.sort_by_key(|(r, i, _)| (*r, *i));
        return ranked.into_iter().map(|(_, _, item)| item).collect();
    }
    let pattern = Pattern::parse(&folded, CaseMatching::Ignore, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    let mut ranked: Vec<(u32, usize, usize, PaletteItem)> = items
        .into_iter()
        .enumerate()
        .filter_map(|(i, item)| {
            let text = crate::text::normalize::fold(&item.text());
            let score = pattern.score(Utf32Str::new(&text, &mut buf), &mut matcher)?;
            Some((score, recency(&item), i, item))
        })
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    ranked.into_iter().map(|(_, _, _, item)| item).collect()
}

/// Draw the palette. `state` is the project's history state, which tells `cache` when the
/// project changed.
pub fn palette_ui(
    ctx: &egui::Context,
    query: &mut String,
    cursor: &mut usize,
    cache: &mut PaletteCache,
    (project, state): (&Project, u64),
    recent: &[String],
) -> Vec<Action> {
    let mut actions = Vec::new();
    let matches = cache.rows(project, state, recent, query).to_vec();
    let (down, up, enter, escape) = ctx.input_mut(|i| {
        (
            i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown),
            i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp),
            i.key_pressed(egui::Key::Enter),
            i.key_pressed(egui::Key::Escape),
        )
    });
    if down {
        *cursor = (*cursor + 1).min(matches.len().saturating_sub(1));
    }
    if up {
        *cursor = cursor.saturating_sub(1);
    }
    *cursor = (*cursor).min(matches.len().saturating_sub(1));
    egui::Modal::new(egui::Id::unique("hamish-palette")).show(ctx, |ui| {
        ui.set_min_width(440.0);
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
        let l = ui.label("Command");
        let before = query.clone();
        let edit = ui
            .add(crate::gui::TextField::singleline(query).desired_width(420.0))
            .labelled_by(l.id);
        edit.request_focus();
        if *query != before {
            *cursor = 0;
        }
        if enter && let Some(item) = matches.get(*cursor) {
            actions.push(Action::ClosePalette);
            actions.push(item.action());
        }
        if escape {
            actions.push(Action::ClosePalette);
        }
        egui::ScrollArea::vertical()
            .max_height(360.0)
            .show(ui, |ui| {
                for (i, item) in matches.iter().enumerate() {
                    let highlighted = i == *cursor;
                    let response = match item {
                        PaletteItem::Command(c) => {
                            let button = egui::Button::new(c.name())
                                .shortcut_text(c.shortcut_text(ctx))
                                .selected(highlighted);
                            ui.add(button)
                        }
                        // Titles may be Arabic: drawn by the bidi engine.
                        _ => super::pane::bidi_selectable(ui, highlighted, &item.text()),
                    };
                    if highlighted && (up || down) {
                        response.scroll_to_me(None);
                    }
                    if response.clicked() {
                        actions.push(Action::ClosePalette);
                        actions.push(item.action());
                    }
                }
            });
    });
    actions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fuzzy_recent_and_folded_arabic() {
        let project = crate::assets::sample_project();
        let found = palette_items(&project, &[], "nxt doc");
        assert_eq!(found[0], PaletteItem::Command(CommandId::NextDocument));
        // Recent commands come first when nothing is typed.
        let recent = vec![CommandId::ToggleDashboard.name().to_owned()];
        assert_eq!(
            palette_items(&project, &recent, "")[0],
            PaletteItem::Command(CommandId::ToggleDashboard)
        );
        // A title typed without hamza and diacritics still finds the document.
        let doc = &project.documents()[0];
        let plain = crate::text::normalize::fold(&doc.title);
        let word = plain
            .split_whitespace()
            .max_by_key(|w| w.chars().count())
            .unwrap();
        let found = palette_items(&project, &[], word);
        assert!(
            found
                .iter()
                .take(3)
                .any(|i| matches!(i, PaletteItem::Document(id, _) if id == doc.id())),
            "{word}: {found:?}"
        );
        let found = palette_items(&project, &[], "guidelines group");
        assert_eq!(found[0], PaletteItem::Guidelines(LabelId::new("GROUP")));
    }

    /// A project with one entity linked twice (second document first in neither) and one event.
    fn with_entity_and_event() -> (Project, EntityId, SpanId, DocId) {
        use crate::model::{Annotator, CharRange, Document, Edit, Entity, EntityKind, Timestamp};
        let now = Timestamp("2026-12-04T00:00:00Z".into());
        let mut p = Project::new("t", Annotator::new("Amina"));
        let a = Document::new("a", "a.txt", "قالت مصادر إن الوضع هادئ.");
        let b = Document::new("b", "b.txt", "هاجمت جماعة نصرة الإسلام بلدة بير.");
        let doc = b.id().clone();
        p.apply(Edit::AddDocuments { docs: vec![a, b] }, &now)
            .unwrap();
        let mut jnim = Entity::new(
            EntityId::new("jnim"),
            EntityKind::Group,
            "جماعة نصرة الإسلام والمسلمين",
            "JNIM",
        );
        jnim.aliases = vec!["نصرة الإسلام".into()];
        p.apply(Edit::AddEntity { entity: jnim }, &now).unwrap();
        let add = |p: &mut Project, s, e, label: &str| {
            let d = p.document(&doc).unwrap();
            let span = d
                .new_span(
                    CharRange::new(s, e),
                    LabelId::new(label),
                    &p.annotator.id,
                    &now,
                )
                .unwrap();
            let id = span.id;
            p.apply(
                Edit::AddSpan {
                    doc: doc.clone(),
                    span,
                },
                &now,
            )
            .unwrap();
            id
        };
        let trigger = add(&mut p, 0, 5, "EVENT");
        let group = add(&mut p, 6, 22, "GROUP");
        p.apply(
            Edit::LinkSpan {
                doc: doc.clone(),
                span: group,
                entity: Some(EntityId::new("jnim")),
            },
            &now,
        )
        .unwrap();
        let event_type = p.schema().event_types[0].id.clone();
        let event = crate::model::Event::new(trigger, event_type, p.annotator.id.clone(), &now);
        p.apply(
            Edit::AddEvent {
                doc: doc.clone(),
                event,
            },
            &now,
        )
        .unwrap();
        (p, EntityId::new("jnim"), group, doc)
    }

    #[test]
    fn entities_and_events_are_found_by_name_and_go_to_their_span() {
        let (project, jnim, group, doc) = with_entity_and_event();
        // By an alias typed without the article's hamza; by the Latin name.
        for query in ["نصرة الاسلام", "jnim"] {
            let found = palette_items(&project, &[], query);
            let entity = found
                .iter()
                .find(|i| matches!(i, PaletteItem::Entity { id, .. } if *id == jnim))
                .unwrap_or_else(|| panic!("{query}: {found:?}"));
            assert_eq!(entity.action(), Action::GoToSpan(doc.clone(), group));
        }
        let event_type = &project.schema().event_types[0];
        let found = palette_items(&project, &[], &format!("event {}", event_type.name));
        let trigger = project.document(&doc).unwrap().events()[0].trigger;
        assert_eq!(
            found[0].action(),
            Action::GoToSpan(doc.clone(), trigger),
            "{found:?}"
        );
        // The Arabic name of the type finds it too.
        let found = palette_items(&project, &[], &event_type.name_ar);
        assert!(found.iter().any(|i| matches!(i, PaletteItem::Event { .. })));
    }

    #[test]
    fn the_cache_ranks_again_only_when_query_or_project_change() {
        let (project, ..) = with_entity_and_event();
        let mut cache = PaletteCache::default();
        let first = cache.rows(&project, 1, &[], "jnim").to_vec();
        assert_eq!(first, palette_items(&project, &[], "jnim"));
        assert!(first.len() <= MAX_ROWS);
        let empty = Project::new("e", crate::model::Annotator::new("A"));
        // Same key: the rows kept, though another project is passed.
        assert_eq!(cache.rows(&empty, 1, &[], "jnim"), first.as_slice());
        // Another state, or another query: ranked again.
        assert_eq!(
            cache.rows(&empty, 2, &[], "jnim"),
            palette_items(&empty, &[], "jnim").as_slice()
        );
        assert_ne!(cache.rows(&project, 2, &[], "bir").to_vec(), first);
    }
}
