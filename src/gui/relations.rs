//! Relations in the spans tab: the relations of the selected span (to and from it, with the
//! other end's text and a × to remove one), and "Relate to…": the command arms it with the
//! selected span as the head, the next span chosen (a click in the article or the list) is the
//! tail, then the relation types that accept both ends are offered as buttons. Every change
//! comes back as a [`RelateAction`]; the app makes the edit (see `app/relations.rs`).

use super::Action;
use super::pane::bidi_label;
use crate::model::{Document, RelationId, RelationTypeId, Schema, SpanId};

/// A relation being made: its head, and its tail once chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Relating {
    pub head: SpanId,
    pub tail: Option<SpanId>,
}

/// What the relations section asks of the app.
#[derive(Debug, Clone, PartialEq)]
pub enum RelateAction {
    /// "Relate to…": the selected span is the head; the next span chosen is the tail.
    Start,
    /// Make the relation of this type between head and tail.
    As(RelationTypeId),
    Cancel,
    Remove(RelationId),
}

/// The relation types that accept `head` → `tail` by their labels' kinds.
pub fn types_between<'s>(
    schema: &'s Schema,
    doc: &Document,
    head: SpanId,
    tail: SpanId,
) -> Vec<&'s crate::model::RelationType> {
    let kind = |id| {
        doc.span(id)
            .and_then(|s| schema.label(&s.label))
            .map(|l| l.kind)
    };
    let (Some(h), Some(t)) = (kind(head), kind(tail)) else {
        return Vec::new();
    };
    schema
        .relation_types
        .iter()
        .filter(|r| r.accepts(h, t))
        .collect()
}

fn push(actions: &mut Vec<Action>, a: RelateAction) {
    actions.push(Action::Relate(a));
}

/// The relations section for the selected `span`.
pub fn relations_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    schema: &Schema,
    span: SpanId,
    relating: Option<Relating>,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let name = |kind: &RelationTypeId| {
        schema
            .relation_type(kind)
            .map_or_else(|| kind.to_string(), |t| t.name.clone())
    };
    for r in doc.relations().iter().filter(|r| r.refers_to(span)) {
        let (arrow, other) = if r.head == span {
            (format!("{} →", name(&r.kind)), r.tail)
        } else {
            (format!("← {}", name(&r.kind)), r.head)
        };
        let Some(other) = doc.span(other) else {
            continue;
        };
        ui.horizontal(|ui| {
            let remove = ui.small_button("×").on_hover_text("Remove this relation");
            remove.widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::Role::Button,
                    true,
                    format!("Remove {arrow} {}", other.text()),
                )
            });
            super::pane::mark_bidi_widget(ui.ctx(), remove.id);
            if remove.clicked() {
                push(&mut actions, RelateAction::Remove(r.id));
            }
            // After the button, so that a long text is cut rather than push it out of the
            // row. egui's fonts have no arrows; the bidi engine's do.
            bidi_label(ui, &arrow, 13.0);
            bidi_label(ui, other.text(), 14.0);
        });
    }
    match relating {
        Some(Relating {
            head,
            tail: Some(tail),
        }) if head == span => {
            ui.horizontal(|ui| {
                ui.label("Relate to");
                if let Some(t) = doc.span(tail) {
                    bidi_label(ui, t.text(), 14.0);
                }
                ui.label("as:");
            });
            let types = types_between(schema, doc, head, tail);
            ui.horizontal_wrapped(|ui| {
                for t in &types {
                    if ui.button(&t.name).clicked() {
                        push(&mut actions, RelateAction::As(t.id.clone()));
                    }
                }
                if types.is_empty() {
                    ui.weak("no relation type joins these two kinds of span");
                }
                if ui.button("Cancel").clicked() {
                    push(&mut actions, RelateAction::Cancel);
                }
            });
        }
        Some(Relating { head, tail: None }) if head == span => {
            ui.horizontal(|ui| {
                ui.weak("Click the other span…");
                if ui.button("Cancel").clicked() {
                    push(&mut actions, RelateAction::Cancel);
                }
            });
        }
        _ => {
            if ui
                .button("Relate to…")
                .on_hover_text("Then click the other span (Ctrl+R)")
                .clicked()
            {
                push(&mut actions, RelateAction::Start);
            }
        }
    }
    actions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_follow_the_kinds_of_both_ends() {
        let project = crate::assets::sample_project();
        let schema = project.schema();
        let doc = &project.documents()[0];
        let of = |label: &str| {
            doc.spans()
                .iter()
                .filter(|s| s.label.as_str() == label)
                .map(|s| s.id)
                .collect::<Vec<_>>()
        };
        let (groups, places) = (of("GROUP"), of("PLACE"));
        let names = |h, t| -> Vec<String> {
            types_between(schema, doc, h, t)
                .iter()
                .map(|t| t.id.to_string())
                .collect()
        };
        assert!(names(groups[0], groups[1]).contains(&"allied_with".to_owned()));
        assert!(!names(groups[0], groups[1]).contains(&"located_in".to_owned()));
        assert_eq!(names(places[0], places[1]), ["located_in"]);
        assert!(names(groups[0], places[0]).is_empty());
    }
}
