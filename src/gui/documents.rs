//! The document list: title, span count and status of each document. Titles are drawn
//! with the pane's bidi-aware label so Arabic titles are not reversed.

use super::Action;
use super::pane::bidi_label;
use crate::model::{DocId, Project};

pub fn documents_ui(ui: &mut egui::Ui, project: &Project, selected: Option<&DocId>) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.heading("Documents");
    egui::ScrollArea::vertical().show(ui, |ui| {
        for doc in &project.documents {
            let is_selected = selected == Some(&doc.id);
            let meta = format!("{} spans  ·  {}", doc.spans.len(), doc.status.name());
            let name = format!("{}  ·  {meta}", doc.title);
            let background = ui.painter().add(egui::Shape::Noop);
            let row = ui
                .horizontal(|ui| {
                    bidi_label(ui, &doc.title, 15.0);
                    ui.weak(&meta);
                })
                .response;
            let id = egui::Id::unique(("document-row", doc.id.as_str()));
            let response = ui.interact(row.rect, id, egui::Sense::click());
            let visuals = ui.style().interact_selectable(&response, is_selected);
            if is_selected || response.hovered() {
                ui.painter().set(
                    background,
                    egui::Shape::rect_filled(row.rect.expand(2.0), 3.0, visuals.weak_bg_fill),
                );
            }
            response.widget_info(|| {
                egui::WidgetInfo::selected(egui::Role::Button, true, is_selected, &name)
            });
            if response.clicked() {
                actions.push(Action::SelectDocument(doc.id.clone()));
            }
        }
        if project.documents.is_empty() {
            ui.label("No documents yet: File ▸ Import texts…");
        }
    });
    actions
}
