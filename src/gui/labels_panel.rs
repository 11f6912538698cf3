//! The labels panel: each label with its colour, hotkey and count in the document, its
//! description on hover and a button that opens its section of the guidelines. A click
//! labels the selection, relabels the selected span, or arms the label for the next drags.

use super::Action;
use crate::model::{LabelId, Schema};
use std::collections::HashMap;

/// The text of a label's button, which is also its accessible name.
pub fn label_button_text(hotkey: Option<&str>, name: &str, count: usize) -> String {
    match hotkey {
        Some(key) => format!("[{key}] {name} ({count})"),
        None => format!("{name} ({count})"),
    }
}

pub fn labels_ui(
    ui: &mut egui::Ui,
    schema: &Schema,
    counts: &HashMap<LabelId, usize>,
    armed: Option<&LabelId>,
) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.heading("Labels");
    for label in &schema.labels {
        ui.horizontal(|ui| {
            let [r, g, b] = label.color.0;
            let (rect, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
            ui.painter()
                .rect_filled(rect, 3.0, egui::Color32::from_rgb(r, g, b));
            let count = counts.get(&label.id).copied().unwrap_or(0);
            let text = label_button_text(label.hotkey.as_deref(), &label.name, count);
            // Label names may be Arabic: drawn by the bidi engine, not egui's text.
            let button = super::pane::bidi_selectable(ui, armed == Some(&label.id), &text)
                .on_hover_ui(|ui| {
                    super::pane::bidi_label(ui, &label.description, 13.0);
                });
            if button.clicked() {
                // Alt+click labels the exact selection, as Alt does with the hotkeys.
                actions.push(Action::ApplyLabel {
                    label: label.id.clone(),
                    exact: ui.input(|i| i.modifiers.alt),
                });
            }
            let guide = ui
                .small_button("?")
                .on_hover_text(format!("{} in the guidelines", label.id));
            guide.widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::Role::Button,
                    true,
                    format!("Guidelines for {}", label.id),
                )
            });
            if guide.clicked() {
                actions.push(Action::OpenGuidelines(Some(label.id.clone())));
            }
        });
    }
    ui.horizontal_wrapped(|ui| {
        if armed.is_some() && ui.button("Disarm").clicked() {
            actions.push(Action::Arm(None));
        }
        if ui.button("Edit labels…").clicked() {
            actions.push(Action::OpenSchemaEditor);
        }
    });
    actions
}
