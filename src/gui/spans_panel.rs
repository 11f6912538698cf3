//! The spans of the current document in reading order, filtered by label and text, and the
//! details of the selected span: label, text, offsets, note, author; relabel, resize, delete,
//! annotate all; its entity ([`super::entity_field`]) and relations ([`super::relations`]).
//! "Only unlinked" lists the spans of a linkable label (group, place) that link to no entity
//! yet, the ones left to link.

use super::Action;
use super::commands::CommandId;
use super::pane::bidi_label;
use super::work::SpanFilter;
use crate::annotate::Scope;
use crate::model::{Document, EntityKind, Project, Schema, SpanId};

pub fn spans_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    (project, project_state): (&Project, u64),
    filter: &mut SpanFilter,
    selected: Option<SpanId>,
    note: &mut Option<(SpanId, String)>,
    (relating, entity_field): (
        Option<super::relations::Relating>,
        &mut super::entity_field::EntityFieldState,
    ),
) -> Vec<Action> {
    let schema = project.schema();
    let mut actions = Vec::new();
    ui.heading("Spans");
    ui.horizontal(|ui| {
        let shown = filter
            .label
            .as_ref()
            .map_or("all labels".to_owned(), |l| l.to_string());
        egui::ComboBox::from_label("Label filter")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut filter.label, None, "all labels");
                for label in &schema.labels {
                    ui.selectable_value(
                        &mut filter.label,
                        Some(label.id.clone()),
                        label.id.as_str(),
                    );
                }
            });
    });
    ui.horizontal(|ui| {
        let l = ui.label("Text filter");
        let width = (ui.available_width() - 4.0).clamp(60.0, 200.0);
        ui.add(crate::gui::TextField::singleline(&mut filter.text).desired_width(width))
            .labelled_by(l.id);
    });
    ui.checkbox(&mut filter.unlinked, "Only unlinked groups and places");
    let spans = filtered_spans(doc, schema, filter);
    // Only the rows in view are drawn: a long document can have thousands of spans.
    // Each row is exactly one 14 pt bidi label high (1.8 × the font size, as it lays out).
    let row_height = (14.0f32 * 1.8).round();
    egui::ScrollArea::vertical()
        .id_salt("spans")
        .max_height(240.0)
        .show_rows(ui, row_height, spans.len(), |ui, rows| {
            for span in &spans[rows] {
                let name = format!(
                    "{} · {} · {}–{}",
                    span.label,
                    span.text(),
                    span.start(),
                    span.end()
                );
                let is_selected = selected == Some(span.id);
                // The span's text goes through the bidi label: egui's own labels would show
                // an Arabic phrase with its words reversed.
                let background = ui.painter().add(egui::Shape::Noop);
                let row = ui
                    .horizontal(|ui| {
                        ui.set_height(row_height);
                        ui.label(span.label.as_str());
                        bidi_label(ui, span.text(), 14.0);
                        ui.weak(format!("{}–{}", span.start(), span.end()));
                    })
                    .response;
                let id = egui::Id::unique(("span-row", span.id.0));
                let response = ui.interact(row.rect, id, egui::Sense::click());
                let visuals = ui.style().interact_selectable(&response, is_selected);
                if is_selected || response.hovered() {
                    ui.painter().set(
                        background,
                        egui::Shape::rect_filled(row.rect.expand(1.0), 3.0, visuals.weak_bg_fill),
                    );
                }
                response.widget_info(|| {
                    egui::WidgetInfo::selected(egui::Role::Button, true, is_selected, &name)
                });
                // The row's Arabic is drawn by the bidi label inside it.
                super::pane::mark_bidi_widget(ui.ctx(), response.id);
                if response.clicked() {
                    actions.push(Action::SelectSpan(Some(span.id)));
                }
            }
        });
    if spans.is_empty() {
        ui.label("No spans.");
    }
    let Some(span) = selected.and_then(|id| doc.span(id)) else {
        return actions;
    };
    ui.separator();
    ui.horizontal(|ui| {
        ui.label(format!("Selected: {}", span.label));
        bidi_label(ui, span.text(), 14.0);
    });
    ui.add(
        egui::Label::new(format!(
            "Offsets {}–{} · by {} · {}",
            span.start(),
            span.end(),
            span.author,
            span.modified
        ))
        .wrap(),
    );
    ui.horizontal_wrapped(|ui| {
        ui.label("Relabel:");
        for label in &schema.labels {
            if label.id != span.label && ui.button(format!("as {}", label.id)).clicked() {
                actions.push(Action::Relabel(span.id, label.id.clone()));
            }
        }
    });
    ui.horizontal_wrapped(|ui| {
        for (text, command) in [
            ("Start earlier", CommandId::StartEarlier),
            ("Start later", CommandId::StartLater),
            ("End earlier", CommandId::EndEarlier),
            ("End later", CommandId::EndLater),
        ] {
            if ui.button(text).on_hover_text(command.name()).clicked() {
                actions.push(command.action());
            }
        }
    });
    ui.horizontal_wrapped(|ui| {
        if ui.button("Delete span").clicked() {
            actions.push(Action::DeleteSpan(span.id));
        }
        if ui.button("Annotate all here").clicked() {
            actions.push(Action::AnnotateAll(Some(Scope::Document(doc.id().clone()))));
        }
        if ui.button("Annotate all documents").clicked() {
            actions.push(Action::AnnotateAll(Some(Scope::All)));
        }
    });
    let kind = schema
        .label(&span.label)
        .and_then(|l| EntityKind::of_label(l.kind));
    if let Some(kind) = kind {
        ui.separator();
        actions.extend(super::entity_field::entity_ui(
            ui,
            (project, project_state),
            span,
            kind,
            entity_field,
        ));
    }
    ui.separator();
    ui.label(egui::RichText::new("Relations").strong());
    actions.extend(super::relations::relations_ui(
        ui, doc, schema, span.id, relating,
    ));
    if note.as_ref().map(|(id, _)| *id) != Some(span.id) {
        *note = Some((span.id, span.note.clone().unwrap_or_default()));
    }
    if let Some((id, text)) = note {
        let l = ui.label("Span note");
        ui.add(crate::gui::TextField::multiline(text).desired_rows(2))
            .labelled_by(l.id);
        if span.note.as_deref().unwrap_or("") != text.as_str()
            && ui.button("Save span note").clicked()
        {
            actions.push(Action::SetSpanNote(*id, text.clone()));
        }
    }
    actions
}

/// Spans of `doc` that pass the filter, in reading order.
pub fn filtered_spans<'a>(
    doc: &'a Document,
    schema: &Schema,
    filter: &SpanFilter,
) -> Vec<&'a crate::model::Span> {
    let needle = crate::text::normalize::fold(filter.text.trim());
    let linkable = |s: &crate::model::Span| {
        schema
            .label(&s.label)
            .is_some_and(|l| EntityKind::of_label(l.kind).is_some())
    };
    doc.spans()
        .iter()
        .filter(|s| filter.label.as_ref().is_none_or(|l| &s.label == l))
        .filter(|s| !filter.unlinked || (s.entity.is_none() && linkable(s)))
        .filter(|s| needle.is_empty() || crate::text::normalize::fold(s.text()).contains(&needle))
        .collect()
}
