//! The event frame tab: the event on the trigger being edited, as a form. A type picker with
//! type-ahead over the taxonomy (English and Arabic names, id and category, folded as search
//! folds), one slot per role of the type with its fillers, the attributes the schema declares
//! for events (a choice as buttons, a date, a count, a text), and the event's note.
//!
//! Below the slots, **suggested arguments** ([`crate::annotate::arguments`]): spans of the
//! trigger's sentence proposed for the empty roles, each with why; accepted one by one or all
//! at once (Enter), never applied on their own. They are worked out once per project state and
//! trigger, not each frame.
//!
//! A slot is *active* when clicked or reached with Tab / Shift+Tab: then a click on a span in
//! the article, or new text labelled with a label key, fills it (see `app/events.rs`). Every
//! change comes back as a [`FrameAction`] for the app to turn into one `Edit`; this view only
//! keeps what is being typed ([`FrameState`]).

use super::Action;
use super::pane::{bidi_label, bidi_selectable};
use crate::annotate::arguments::{Proposal, propose_arguments};
use crate::model::{
    AttrScope, AttrValue, AttributeDef, AttributeId, Document, Event, EventType, EventTypeId,
    Label, LabelKind, PartialDate, Quantity, RoleId, Schema, SpanId, ValueType,
};
use crate::text::normalize::fold;
use std::collections::BTreeMap;

/// Types listed under the picker at most.
const MAX_TYPES: usize = 12;

/// What the frame editor asks of the app.
#[derive(Debug, Clone, PartialEq)]
pub enum FrameAction {
    /// Give the trigger this type (a new event when it has none).
    SetType(EventTypeId),
    /// Make this role's slot the one a click or a label key fills (`None`: none).
    ActivateSlot(Option<RoleId>),
    /// Tab / Shift+Tab: the next (or previous) slot.
    StepSlot(bool),
    /// Take this span out of this role.
    ClearArgument(RoleId, SpanId),
    /// Set (or clear) an attribute of the event.
    SetAttribute(AttributeId, Option<AttrValue>),
    SetNote(String),
    /// Remove the event (the trigger span stays).
    DeleteEvent,
    /// Add these suggested arguments (one undo step).
    Accept(Vec<Proposal>),
    /// Enter: add every argument suggested now.
    AcceptAll,
    /// A typed value that is not one: said in the status bar.
    Refused(String),
    /// Dragged from the trigger (`.0`) onto a span (`.1`): it fills the active slot if that
    /// takes its kind, else the first role that does.
    DropOn(SpanId, SpanId),
}

/// The frame editor's own state: which trigger it shows, the slot being filled, and what is
/// typed in its fields.
#[derive(Debug, Default)]
pub struct FrameState {
    /// The trigger span whose frame is shown, in the selected document.
    pub trigger: Option<SpanId>,
    /// The role a click on a span or a label key fills.
    pub slot: Option<RoleId>,
    pub type_query: String,
    /// Focus the type field on the next frame (a trigger was just labelled).
    pub focus_type: bool,
    /// Attribute fields and the note as typed, for the trigger shown.
    drafts: BTreeMap<String, String>,
    drafts_for: Option<SpanId>,
    /// The suggestions for a trigger at a project state.
    proposals: Option<(u64, SpanId, Vec<Proposal>)>,
}

impl FrameState {
    /// Show the frame of `trigger` (or nothing); a new trigger starts with no slot active.
    /// The arguments suggested for `event` of `doc` at project state `state`: worked out again
    /// only when the state or the trigger changed.
    pub fn proposals(
        &mut self,
        state: u64,
        doc: &Document,
        schema: &Schema,
        event: &Event,
    ) -> &[Proposal] {
        let fresh = self
            .proposals
            .as_ref()
            .is_some_and(|(s, t, _)| *s == state && *t == event.trigger);
        if !fresh {
            let found = propose_arguments(schema, doc, event).unwrap_or_default();
            self.proposals = Some((state, event.trigger, found));
        }
        self.proposals.as_ref().map_or(&[], |(_, _, p)| p)
    }

    pub fn show(&mut self, trigger: Option<SpanId>) {
        if self.trigger != trigger {
            self.trigger = trigger;
            self.slot = None;
            self.type_query.clear();
        }
    }
}

/// The types whose id, names or category contain `query` (folded), in taxonomy order; all of
/// them for an empty query.
pub fn type_matches<'s>(schema: &'s Schema, query: &str) -> Vec<&'s EventType> {
    let needle = fold(query.trim());
    schema
        .event_types
        .iter()
        .filter(|t| {
            needle.is_empty()
                || [t.id.as_str(), &t.name, &t.name_ar, &t.category]
                    .iter()
                    .any(|s| fold(s).contains(&needle))
        })
        .collect()
}

/// The slot after (or before) `current` among the type's roles, wrapping; the first (or last)
/// when none is active.
pub fn step_slot(ty: &EventType, current: Option<&RoleId>, forward: bool) -> Option<RoleId> {
    let n = ty.roles.len();
    if n == 0 {
        return None;
    }
    let at = current.and_then(|c| ty.roles.iter().position(|r| &r.id == c));
    let next = match (at, forward) {
        (None, true) => 0,
        (None, false) => n - 1,
        (Some(i), true) => (i + 1) % n,
        (Some(i), false) => (i + n - 1) % n,
    };
    Some(ty.roles[next].id.clone())
}

/// The attributes the schema declares for events.
pub fn event_attributes(schema: &Schema) -> impl Iterator<Item = &AttributeDef> {
    schema
        .attributes
        .iter()
        .filter(|a| a.scope == AttrScope::Events)
}

/// Parse what was typed for an attribute: `Ok(None)` clears it.
pub fn parse_value(def: &AttributeDef, typed: &str) -> Result<Option<AttrValue>, String> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(None);
    }
    Ok(Some(match &def.value {
        ValueType::Choice(values) => {
            if !values.iter().any(|v| v == typed) {
                return Err(format!("{typed:?} is not one of {}", values.join(", ")));
            }
            AttrValue::Choice(typed.to_owned())
        }
        ValueType::Number => AttrValue::Number(Quantity::parse(typed)?),
        ValueType::Date => AttrValue::Date(PartialDate::parse(typed)?),
        ValueType::Text => AttrValue::Text(typed.to_owned()),
    }))
}

fn push(actions: &mut Vec<Action>, a: FrameAction) {
    actions.push(Action::Frame(a));
}

/// Draw the tab for the selected document; each role says which label keys can fill it.
pub fn frame_ui(
    ui: &mut egui::Ui,
    (doc, project_state): (&Document, u64),
    schema: &Schema,
    state: &mut FrameState,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let Some(trigger) = state.trigger.and_then(|id| doc.span(id)) else {
        ui.add(
            egui::Label::new(
                "Select an event span, or select its words and press the Event key: its frame opens here.",
            )
            .wrap(),
        );
        return actions;
    };
    let event = doc.events().iter().find(|e| e.trigger == trigger.id);
    if state.drafts_for != Some(trigger.id) {
        state.drafts.clear();
        state.drafts_for = Some(trigger.id);
    }
    ui.horizontal(|ui| {
        ui.label("Trigger");
        bidi_label(ui, trigger.text(), 15.0);
    });
    type_picker_ui(ui, schema, state, event, &mut actions);
    let Some(event) = event else {
        ui.weak("Choose a type to make this an event.");
        return actions;
    };
    let Some(ty) = schema.event_type(&event.event_type) else {
        ui.label(format!("Unknown type {}", event.event_type));
        return actions;
    };
    ui.separator();
    slots_ui(ui, doc, schema, ty, event, state, &mut actions);
    let proposals = state.proposals(project_state, doc, schema, event).to_vec();
    suggestions_ui(ui, doc, &proposals, &mut actions);
    ui.separator();
    attributes_ui(ui, schema, event, state, &mut actions);
    ui.separator();
    if ui
        .button("Delete event")
        .on_hover_text("The trigger span stays; Ctrl+Z brings the event back")
        .clicked()
    {
        push(&mut actions, FrameAction::DeleteEvent);
    }
    actions
}

fn type_picker_ui(
    ui: &mut egui::Ui,
    schema: &Schema,
    state: &mut FrameState,
    event: Option<&Event>,
    actions: &mut Vec<Action>,
) {
    let current = event.and_then(|e| schema.event_type(&e.event_type));
    ui.horizontal(|ui| {
        ui.label("Type");
        match current {
            Some(t) => {
                ui.label(egui::RichText::new(&t.name).strong());
                bidi_label(ui, &t.name_ar, 13.0);
            }
            None => {
                ui.weak("none yet");
            }
        }
    });
    let l = ui.label("Find a type");
    let field = ui
        .add(
            crate::gui::TextField::singleline(&mut state.type_query)
                .hint_text("attack, كمين, Battles…")
                .desired_width(ui.available_width().min(260.0)),
        )
        .labelled_by(l.id);
    if std::mem::take(&mut state.focus_type) {
        field.request_focus();
    }
    // Enter in a one-line field gives up its focus: the key still picks the first type.
    let typing = field.has_focus() || field.lost_focus();
    if !typing && state.type_query.is_empty() && current.is_some() {
        return;
    }
    let matches = type_matches(schema, &state.type_query);
    let enter = typing && ui.input(|i| i.key_pressed(egui::Key::Enter));
    if enter && let Some(first) = matches.first() {
        push(actions, FrameAction::SetType(first.id.clone()));
        state.type_query.clear();
        // Back to the keys: label keys and Tab act on the frame again.
        field.surrender_focus();
        return;
    }
    for (k, t) in matches.iter().take(MAX_TYPES).enumerate() {
        let is_current = current.is_some_and(|c| c.id == t.id);
        let row = format!("{} · {} · {}", t.name, t.name_ar, t.category);
        let response = bidi_selectable(ui, is_current || (typing && k == 0), &row);
        if response.clicked() {
            push(actions, FrameAction::SetType(t.id.clone()));
            state.type_query.clear();
        }
    }
    if matches.len() > MAX_TYPES {
        ui.weak(format!(
            "… {} more: type to narrow",
            matches.len() - MAX_TYPES
        ));
    }
}

fn slots_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    schema: &Schema,
    ty: &EventType,
    event: &Event,
    state: &FrameState,
    actions: &mut Vec<Action>,
) {
    let missing = event.missing_roles(schema);
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new("Roles").strong());
        ui.weak("Tab / Shift+Tab move between slots");
    });
    for role in &ty.roles {
        let active = state.slot.as_ref() == Some(&role.id);
        let kinds = if role.kinds.is_empty() {
            "any span".to_owned()
        } else {
            role.kinds
                .iter()
                .map(|k| format!("{k:?}").to_uppercase())
                .collect::<Vec<_>>()
                .join(" or ")
        };
        let keys_of = |fits: &dyn Fn(&Label) -> bool| -> Vec<String> {
            schema
                .labels
                .iter()
                .filter(|l| fits(l))
                .filter_map(|l| l.hotkey.clone())
                .collect()
        };
        // A role open to any kind shows the keys of the labels that are neither group, place
        // nor event (the default DATE for Time) when there are some: those are what fills it.
        let mut hotkeys = keys_of(&|l| role.accepts(l.kind));
        if role.kinds.is_empty() {
            let other = keys_of(&|l| l.kind == LabelKind::Other);
            if !other.is_empty() {
                hotkeys = other;
            }
        }
        let keys = match hotkeys.len() {
            0 => String::new(),
            1 => format!("key {}", hotkeys[0]),
            _ => format!("keys {}", hotkeys.join(" / ")),
        };
        ui.horizontal(|ui| {
            let name = format!(
                "{}{}",
                role.id,
                if missing.contains(&&role.id) {
                    " (required, empty)"
                } else {
                    ""
                }
            );
            let slot = ui.selectable_label(active, name).on_hover_text(format!(
                "Fill with a click on a {kinds} span, or select text and press {}",
                if hotkeys.is_empty() {
                    "a label key".to_owned()
                } else {
                    hotkeys.join(" / ")
                }
            ));
            if slot.clicked() {
                let next = (!active).then(|| role.id.clone());
                push(actions, FrameAction::ActivateSlot(next));
            }
            // The label keys that fill the slot are always shown, not only on hover.
            if active && keys.is_empty() {
                ui.weak("click a span to fill it");
            } else if active {
                ui.weak(format!("click a span, or select text and press {keys}"));
            } else if !keys.is_empty() {
                ui.weak(keys.as_str());
            }
        });
        for span in event.fillers(&role.id).filter_map(|id| doc.span(id)) {
            ui.horizontal(|ui| {
                ui.add_space(16.0);
                let clear = ui
                    .small_button("×")
                    .on_hover_text(format!("Take it out of {}", role.id));
                clear.widget_info(|| {
                    egui::WidgetInfo::labeled(
                        egui::Role::Button,
                        true,
                        format!("Clear {} {}", role.id, span.text()),
                    )
                });
                super::pane::mark_bidi_widget(ui.ctx(), clear.id);
                if clear.clicked() {
                    push(
                        actions,
                        FrameAction::ClearArgument(role.id.clone(), span.id),
                    );
                }
                // After the button: a long filler is cut rather than push it out of the row.
                ui.weak(format!("{}–{}", span.start(), span.end()));
                bidi_label(ui, span.text(), 14.0);
            });
        }
    }
}

/// The suggested arguments, each with its reason on hover and its own Accept.
fn suggestions_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    proposals: &[Proposal],
    actions: &mut Vec<Action>,
) {
    if proposals.is_empty() {
        return;
    }
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new("Suggested").strong());
        if ui
            .button("Accept all")
            .on_hover_text("Put every suggestion in its slot (Enter); one undo takes them back")
            .clicked()
        {
            push(actions, FrameAction::Accept(proposals.to_vec()));
        }
    });
    for p in proposals {
        let Some(span) = doc.span(p.span) else {
            continue;
        };
        ui.horizontal(|ui| {
            let accept = ui.small_button("Accept");
            accept.widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::Role::Button,
                    true,
                    format!("Accept {} {}", p.role, span.text()),
                )
            });
            super::pane::mark_bidi_widget(ui.ctx(), accept.id);
            if accept.clicked() {
                push(actions, FrameAction::Accept(vec![p.clone()]));
            }
            ui.label(format!("{}:", p.role));
            bidi_label(ui, span.text(), 14.0).on_hover_text(p.reason.describe());
        });
    }
}

fn attributes_ui(
    ui: &mut egui::Ui,
    schema: &Schema,
    event: &Event,
    state: &mut FrameState,
    actions: &mut Vec<Action>,
) {
    for def in event_attributes(schema) {
        let value = event.attrs.get(&def.id);
        match &def.value {
            ValueType::Choice(values) => {
                ui.horizontal_wrapped(|ui| {
                    ui.label(&def.name);
                    for v in values {
                        let on = matches!(value, Some(AttrValue::Choice(c)) if c == v);
                        if ui.selectable_label(on, v).clicked() {
                            let new = (!on).then(|| AttrValue::Choice(v.clone()));
                            push(actions, FrameAction::SetAttribute(def.id.clone(), new));
                        }
                    }
                });
            }
            _ => {
                let shown = value.map(ToString::to_string).unwrap_or_default();
                let draft = state
                    .drafts
                    .entry(def.id.to_string())
                    .or_insert_with(|| shown.clone());
                let hint = match def.value {
                    ValueType::Date => "2023-08-20, 2023-08 or 2023",
                    ValueType::Number => "40, 40+ (at least) or 40-50",
                    _ => "",
                };
                ui.horizontal(|ui| {
                    let l = ui.label(&def.name);
                    let field = ui
                        .add(
                            crate::gui::TextField::singleline(draft)
                                .id_salt(("frame-attr", def.id.as_str()))
                                .hint_text(hint)
                                .desired_width(ui.available_width().min(200.0)),
                        )
                        .labelled_by(l.id);
                    let commit = field.lost_focus() && *draft != shown;
                    if commit {
                        match parse_value(def, draft) {
                            Ok(v) => push(actions, FrameAction::SetAttribute(def.id.clone(), v)),
                            Err(why) => push(
                                actions,
                                FrameAction::Refused(format!("{}: {why}", def.name)),
                            ),
                        }
                    }
                });
            }
        }
    }
    let note = event.note.clone().unwrap_or_default();
    let draft = state
        .drafts
        .entry("\u{0}note".to_owned())
        .or_insert_with(|| note.clone());
    let l = ui.label("Event note");
    let field = ui
        .add(crate::gui::TextField::multiline(draft).desired_rows(2))
        .labelled_by(l.id);
    if field.lost_focus() && *draft != note {
        push(actions, FrameAction::SetNote(draft.clone()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_found_by_english_arabic_and_category() {
        let schema = Schema::default();
        let all = type_matches(&schema, "");
        assert_eq!(all.len(), schema.event_types.len());
        let t = &schema.event_types[2];
        for query in [t.name.to_lowercase(), t.name_ar.clone(), t.id.to_string()] {
            let found = type_matches(&schema, &query);
            assert!(found.iter().any(|f| f.id == t.id), "{query}");
            assert!(found.len() < all.len(), "{query} narrows the list");
        }
        assert!(type_matches(&schema, "zzzz").is_empty());
    }

    #[test]
    fn slots_step_and_wrap() {
        let schema = Schema::default();
        let ty = &schema.event_types[0];
        let first = step_slot(ty, None, true).unwrap();
        assert_eq!(first, ty.roles[0].id);
        let last = step_slot(ty, None, false).unwrap();
        assert_eq!(last, ty.roles[ty.roles.len() - 1].id);
        assert_eq!(step_slot(ty, Some(&last), true).unwrap(), first);
        assert_eq!(step_slot(ty, Some(&first), false).unwrap(), last);
    }

    #[test]
    fn typed_values_parse_by_the_attributes_type() {
        let schema = Schema::default();
        let def = |id: &str| {
            event_attributes(&schema)
                .find(|a| a.id.as_str() == id)
                .unwrap()
        };
        assert_eq!(parse_value(def("date"), " "), Ok(None));
        assert!(matches!(
            parse_value(def("date"), "2023-08-20"),
            Ok(Some(AttrValue::Date(_)))
        ));
        assert!(parse_value(def("date"), "yesterday").is_err());
        assert_eq!(
            parse_value(def("fatalities"), "40+"),
            Ok(Some(AttrValue::Number(Quantity::at_least(40))))
        );
        assert!(parse_value(def("factuality"), "rumoured").is_err());
    }
}
