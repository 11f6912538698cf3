//! The schema editor: add labels, rename them, change colours and hotkeys, remove them. A
//! label still used by spans is only removed after the analyst chose to delete those spans or
//! relabel them; the whole change is one undo step (see [`super::schema_change::schema_edit`]).

use super::Action;
use super::schema_change::{label_use, schema_edit};
use super::work::{Removal, SchemaDraft};
use crate::model::{Color, Label, LabelId, LabelKind, Project};

pub fn schema_editor_ui(
    ctx: &egui::Context,
    draft: &mut SchemaDraft,
    project: &Project,
) -> Vec<Action> {
    let mut actions = Vec::new();
    egui::Window::new("Edit labels")
        .collapsible(false)
        .default_width(480.0)
        .show(ctx, |ui| {
            let mut remove = None;
            for (i, label) in draft.schema.labels.iter_mut().enumerate() {
                ui.horizontal(|ui| {
                    ui.label(label.id.as_str());
                    let l = ui.label("name");
                    ui.add(crate::gui::TextField::singleline(&mut label.name).desired_width(110.0))
                        .labelled_by(l.id)
                        .on_hover_text(format!("Name of {}", label.id));
                    ui.color_edit_button_srgb(&mut label.color.0)
                        .on_hover_text(format!("Colour of {}", label.id));
                    let l = ui.label("key");
                    let mut key = label.hotkey.clone().unwrap_or_default();
                    if ui
                        .add(
                            crate::gui::TextField::singleline(&mut key)
                                .desired_width(24.0)
                                .char_limit(1),
                        )
                        .labelled_by(l.id)
                        .changed()
                    {
                        label.hotkey = Some(key);
                    }
                    if ui.button(format!("Remove {}", label.id)).clicked() {
                        remove = Some(i);
                    }
                });
            }
            if let Some(i) = remove {
                let label = draft.schema.labels.remove(i);
                if label_use(project, &label.id) > 0 {
                    draft.removed.push((label.id, Removal::Delete));
                }
            }
            let targets: Vec<LabelId> = draft.schema.labels.iter().map(|l| l.id.clone()).collect();
            for (label, removal) in &mut draft.removed {
                ui.separator();
                ui.label(format!(
                    "{label} is used by {} span(s). What should happen to them?",
                    label_use(project, label)
                ));
                ui.horizontal_wrapped(|ui| {
                    ui.radio_value(
                        removal,
                        Removal::Delete,
                        format!("Delete the {label} spans"),
                    );
                    for to in &targets {
                        ui.radio_value(
                            removal,
                            Removal::RelabelTo(to.clone()),
                            format!("Relabel {label} as {to}"),
                        );
                    }
                });
            }
            ui.separator();
            ui.horizontal(|ui| {
                let l = ui.label("New label id");
                ui.add(crate::gui::TextField::singleline(&mut draft.new_id).desired_width(120.0))
                    .labelled_by(l.id);
                if ui.button("Add label").clicked() {
                    let id = draft.new_id.trim().to_uppercase();
                    if id.is_empty() || draft.schema.contains(&LabelId::new(&id)) {
                        draft.error = format!("{id:?} is empty or already a label");
                    } else {
                        draft.removed.retain(|(l, _)| l.as_str() != id);
                        draft.schema.labels.push(Label {
                            id: LabelId::new(&id),
                            name: id.clone(),
                            kind: LabelKind::Other,
                            color: Color([0x00, 0x9e, 0x73]),
                            hotkey: None,
                            description: String::new(),
                        });
                        draft.new_id.clear();
                        draft.error.clear();
                    }
                }
            });
            if !draft.error.is_empty() {
                ui.colored_label(ui.visuals().error_fg_color, &draft.error);
            }
            ui.horizontal(|ui| {
                if ui.button("Apply label changes").clicked() {
                    match schema_edit(project, draft) {
                        Ok(edit) => actions.push(Action::ApplySchema(Box::new(edit))),
                        Err(err) => draft.error = err,
                    }
                }
                if ui.button("Cancel label changes").clicked() {
                    actions.push(Action::CloseSchemaEditor);
                }
            });
        });
    actions
}
