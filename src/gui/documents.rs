//! The document list: title, span count and status of each document, a filter (typed, or
//! the documents behind a dashboard bar), and the current document's status and note. Titles
//! are drawn with the pane's bidi-aware label so Arabic titles are not reversed; a title
//! longer than the row ends in "…" and shows in full on hover.

use super::Action;
use super::pane::bidi_label_clipped;
use crate::model::{BaseDirection, DocId, DocStatus, Edit, Project};
use crate::stats::DocFilter;

pub fn documents_ui(
    ui: &mut egui::Ui,
    project: &Project,
    selected: Option<&DocId>,
    filter: &mut String,
    chart_filter: Option<&DocFilter>,
    note: &mut Option<(DocId, String)>,
) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.heading("Documents");
    ui.horizontal(|ui| {
        let l = ui.label("Filter");
        let width = (ui.available_width() - 4.0).clamp(60.0, 200.0);
        ui.add(crate::gui::TextField::singleline(filter).desired_width(width))
            .labelled_by(l.id);
    });
    if let Some(f) = chart_filter
        && ui
            .button(format!("Only {} ×", f.describe()))
            .on_hover_text("Show every document again")
            .clicked()
    {
        actions.push(Action::FilterDocuments(None));
    }
    let needle = crate::text::normalize::fold(filter.trim());
    let shown: Vec<_> = project
        .documents()
        .iter()
        .filter(|doc| chart_filter.is_none_or(|f| f.matches(doc)))
        .filter(|doc| {
            needle.is_empty()
                || crate::text::normalize::fold(&format!("{} {}", doc.title, doc.status.name()))
                    .contains(&needle)
        })
        .collect();
    // Only the rows in view are drawn; a row is one 15 pt bidi label high.
    let row_height = (15.0f32 * 1.8).round();
    egui::ScrollArea::vertical()
        .id_salt("documents")
        .max_height(ui.available_height() * 0.6)
        .show_rows(ui, row_height, shown.len(), |ui, rows| {
            for doc in &shown[rows] {
                let is_selected = selected == Some(doc.id());
                let meta = format!("{} spans  ·  {}", doc.spans().len(), doc.status.name());
                let name = format!("{}  ·  {meta}", doc.title);
                let background = ui.painter().add(egui::Shape::Noop);
                let row = ui
                    .horizontal(|ui| {
                        ui.set_height(row_height);
                        // The title takes what the count and status leave, cut with "…".
                        let meta_width = ui
                            .painter()
                            .layout_no_wrap(
                                meta.clone(),
                                egui::TextStyle::Body.resolve(ui.style()),
                                egui::Color32::WHITE,
                            )
                            .size()
                            .x;
                        let room =
                            ui.available_width() - meta_width - ui.spacing().item_spacing.x - 4.0;
                        bidi_label_clipped(ui, &doc.title, 15.0, room.max(40.0), true);
                        ui.weak(&meta);
                    })
                    .response;
                let id = egui::Id::unique(("document-row", doc.id().as_str()));
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
                // The row's Arabic is drawn by the bidi label inside it.
                super::pane::mark_bidi_widget(ui.ctx(), response.id);
                if response.clicked() {
                    actions.push(Action::SelectDocument(doc.id().clone()));
                }
            }
        });
    if project.documents().is_empty() {
        ui.add(egui::Label::new("No documents yet: File ▸ Import texts…").wrap());
    }
    let Some(doc) = selected.and_then(|id| project.document(id)) else {
        return actions;
    };
    ui.separator();
    ui.horizontal_wrapped(|ui| {
        ui.label("Status:");
        for status in DocStatus::ALL {
            if ui
                .selectable_label(doc.status == status, status.name())
                .clicked()
                && doc.status != status
            {
                actions.push(Action::SetDocStatus(status));
            }
        }
    });
    ui.horizontal_wrapped(|ui| {
        // `None` follows the project's default (Annotate ▸ Project settings).
        let shown = doc.direction.map_or("project default", |d| d.name());
        let l = ui.label("Paragraph direction");
        egui::ComboBox::from_id_salt("paragraph direction")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                let choices = std::iter::once(None).chain(BaseDirection::ALL.map(Some));
                for choice in choices {
                    let name = choice.map_or("project default", |d| d.name());
                    if ui.selectable_label(doc.direction == choice, name).clicked()
                        && doc.direction != choice
                    {
                        actions.push(Action::Edit(Box::new(Edit::SetDirection {
                            doc: doc.id().clone(),
                            direction: choice,
                        })));
                    }
                }
            })
            .response
            .labelled_by(l.id);
    });
    if note.as_ref().map(|(id, _)| id) != Some(doc.id()) {
        *note = Some((doc.id().clone(), doc.note.clone()));
    }
    if let Some((_, text)) = note {
        let l = ui.label("Document note");
        ui.add(crate::gui::TextField::multiline(text).desired_rows(3))
            .labelled_by(l.id);
        if *text != doc.note && ui.button("Save document note").clicked() {
            actions.push(Action::SetDocNote(text.clone()));
        }
    }
    actions
}
