//! A plain, read-only view of the selected document's text, until the right-to-left pane
//! replaces it.

use crate::model::Document;

pub fn article_ui(ui: &mut egui::Ui, doc: &Document) {
    ui.heading(&doc.title);
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.label(&doc.text);
    });
}
