//! The document list: title, span count and status of each document.

use super::Action;
use crate::model::{DocId, Project};

pub fn documents_ui(ui: &mut egui::Ui, project: &Project, selected: Option<&DocId>) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.heading("Documents");
    egui::ScrollArea::vertical().show(ui, |ui| {
        for doc in &project.documents {
            let text = format!(
                "{}  ·  {} spans  ·  {}",
                doc.title,
                doc.spans.len(),
                doc.status.name()
            );
            let response = ui.selectable_label(selected == Some(&doc.id), text);
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
