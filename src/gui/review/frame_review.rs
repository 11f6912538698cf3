//! The event part of the review panel: step through the event groups the annotators disagree
//! on, see each annotator's frame (type, fillers by role, attributes) and the classified
//! disagreements, then take one annotator's frame, reject the event, or compose the gold frame
//! role by role from several (type from one, each filler and attribute value from whoever had
//! it); then the relations they disagree on, each taken from one annotator or rejected. Every
//! Arabic text is drawn by the bidi engine; choices come back as actions.

use super::frame_state::{FrameReview, FrameReviewAction, filler_key, filler_span};
use crate::gui::Action;
use crate::gui::pane::bidi_label;
use crate::model::{AttributeId, CharRange, Event, LabelId, RoleId, Schema};
use crate::review::{
    Adjudication, AgreementReport, ComposedFrame, EventRef, Filler, FrameDecision,
    RelationDecision, TypeChoice,
};
use std::collections::BTreeMap;

fn push(actions: &mut Vec<Action>, a: FrameReviewAction) {
    actions.push(Action::ReviewFrame(a));
}

/// A one-line field's width: what is left of the row, never wider than 200 points, so that
/// the panel is not pushed wider than its side panel.
fn field_width(ui: &egui::Ui) -> f32 {
    (ui.available_width() - 8.0).clamp(80.0, 200.0)
}

fn type_name(schema: &Schema, event: &Event) -> String {
    schema
        .event_type(&event.event_type)
        .map_or_else(|| event.event_type.to_string(), |t| t.name.clone())
}

/// A checkbox or radio button with no text of its own, named for AccessKit, and an Arabic
/// label beside it drawn by the bidi engine. Returns whether it was clicked.
fn choice(ui: &mut egui::Ui, selected: bool, radio: bool, name: &str, text: &str) -> bool {
    ui.horizontal(|ui| {
        let r = if radio {
            ui.radio(selected, "")
        } else {
            let mut ticked = selected;
            ui.checkbox(&mut ticked, "")
        };
        let role = if radio {
            egui::Role::RadioButton
        } else {
            egui::Role::CheckBox
        };
        r.widget_info(|| egui::WidgetInfo::selected(role, true, selected, name));
        // Its name may hold Arabic; what it draws of it is the bidi label beside it.
        crate::gui::pane::mark_bidi_widget(ui.ctx(), r.id);
        bidi_label(ui, text, 13.0);
        r.clicked()
    })
    .inner
}

pub fn frame_review_ui(
    ui: &mut egui::Ui,
    fr: &mut FrameReview,
    adj: &Adjudication,
    report: Option<&AgreementReport>,
    schema: &Schema,
    actions: &mut Vec<Action>,
) {
    ui.label(egui::RichText::new("Event disagreements").strong());
    let n = fr.list().len();
    ui.label(format!(
        "{n} event(s) to review, {} undecided",
        fr.undecided()
    ));
    let Some(at) = fr.current_ref() else {
        return;
    };
    ui.horizontal_wrapped(|ui| {
        if ui.button("Previous event").clicked() {
            push(actions, FrameReviewAction::Step(false));
        }
        ui.label(format!("event {} of {n}", fr.current + 1));
        if ui.button("Next event").clicked() {
            push(actions, FrameReviewAction::Step(true));
        }
        if ui.button("Next undecided event").clicked() {
            push(actions, FrameReviewAction::NextUndecided);
        }
    });
    let doc = &adj.alignment.documents[at.doc];
    let Some(group) = adj.event_groups(at.doc).get(at.group) else {
        return;
    };
    let trigger: String = doc
        .text
        .chars()
        .skip(group.range.start.0)
        .take(group.range.len())
        .collect();
    // Short lines: a bidi label is one line, cut at the panel's edge.
    bidi_label(ui, &format!("Event «{trigger}»"), 13.0);
    bidi_label(
        ui,
        &format!("characters {} of “{}”", group.range, doc.title),
        12.0,
    );
    if let Some(report) = report {
        for d in fr
            .current_issues()
            .iter()
            .filter_map(|&i| report.frames.disagreements.get(i))
        {
            let what = match (&d.role, &d.attribute) {
                (Some(role), _) => format!("{} ({role})", d.issue.name()),
                (_, Some(attr)) => format!("{} ({attr})", d.issue.name()),
                _ => d.issue.name().to_owned(),
            };
            bidi_label(ui, &format!("• {what}"), 12.0);
            for v in &d.versions {
                bidi_label(ui, &format!("    {}: {}", v.annotator, v.value), 12.0);
            }
        }
    }
    let names = &adj.alignment.annotators;
    for &a in &doc.present {
        let name = &names[a];
        ui.group(|ui| {
            let Some(event) = adj.group_event(at, a) else {
                bidi_label(ui, &format!("{name}: no event here"), 13.0);
                return;
            };
            bidi_label(ui, &format!("{name}: {}", type_name(schema, event)), 13.0);
            for arg in &event.args {
                let text = adj
                    .annotator_span(at.doc, a, arg.span)
                    .map_or("?", |s| s.text());
                bidi_label(ui, &format!("  {}: «{text}»", arg.role), 13.0);
            }
            for (id, value) in &event.attrs {
                bidi_label(ui, &format!("  {id}: {value}"), 13.0);
            }
            ui.horizontal_wrapped(|ui| {
                if ui.button(format!("Take {name}'s frame")).clicked() {
                    push(actions, FrameReviewAction::Take(a));
                }
                if ui.button(format!("Compose from {name}'s frame")).clicked() {
                    push(actions, FrameReviewAction::ComposeFrom(a));
                }
            });
        });
    }
    if let Some(c) = &fr.compose {
        compose_ui(ui, c, adj, at, schema, actions);
    }
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Event rationale");
        ui.add(crate::gui::TextField::singleline(&mut fr.rationale).desired_width(field_width(ui)))
            .labelled_by(label.id);
    });
    ui.horizontal_wrapped(|ui| {
        if fr.compose.is_some() && ui.button("Use the composed frame").clicked() {
            push(actions, FrameReviewAction::UseComposed);
        }
        if ui.button("Reject the event").clicked() {
            push(actions, FrameReviewAction::Reject);
        }
    });
    let decided = adj.event_decision(at);
    let what = match &decided.decision {
        FrameDecision::Undecided => "undecided".to_owned(),
        FrameDecision::Take(a) => format!("{}'s frame taken", names[*a]),
        FrameDecision::Compose(_) => "composed".to_owned(),
        FrameDecision::Reject => "rejected".to_owned(),
    };
    ui.label(format!("Event decision: {what}"));
}

/// The relation groups the annotators disagree on, one at a time: each annotator's relation
/// (type, head → tail) with "Take NAME's relation" and "Reject the relation".
pub fn relation_review_ui(
    ui: &mut egui::Ui,
    fr: &mut FrameReview,
    adj: &Adjudication,
    schema: &Schema,
    actions: &mut Vec<Action>,
) {
    ui.label(egui::RichText::new("Relation disagreements").strong());
    let n = fr.relations().len();
    ui.label(format!(
        "{n} relation(s) to review, {} undecided",
        fr.relations_undecided()
    ));
    let Some(at) = fr.current_relation() else {
        return;
    };
    ui.horizontal_wrapped(|ui| {
        if ui.button("Previous relation").clicked() {
            push(actions, FrameReviewAction::StepRelation(false));
        }
        ui.label(format!("relation {} of {n}", fr.relation_current + 1));
        if ui.button("Next relation").clicked() {
            push(actions, FrameReviewAction::StepRelation(true));
        }
    });
    let doc = &adj.alignment.documents[at.doc];
    bidi_label(ui, &format!("in “{}”", doc.title), 12.0);
    let names = &adj.alignment.annotators;
    for &a in &doc.present {
        let name = &names[a];
        let Some(r) = adj.group_relation(at, a) else {
            bidi_label(ui, &format!("{name}: no relation here"), 13.0);
            continue;
        };
        let text = |id| adj.annotator_span(at.doc, a, id).map_or("?", |s| s.text());
        let kind = schema
            .relation_type(&r.kind)
            .map_or_else(|| r.kind.to_string(), |t| t.name.clone());
        ui.horizontal(|ui| {
            if ui.button(format!("Take {name}'s relation")).clicked() {
                push(actions, FrameReviewAction::TakeRelation(a));
            }
            bidi_label(
                ui,
                &format!("{name}: {kind}: «{}» → «{}»", text(r.head), text(r.tail)),
                13.0,
            );
        });
    }
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Relation rationale");
        ui.add(
            crate::gui::TextField::singleline(&mut fr.relation_rationale)
                .desired_width(field_width(ui)),
        )
        .labelled_by(label.id);
    });
    if ui.button("Reject the relation").clicked() {
        push(actions, FrameReviewAction::RejectRelation);
    }
    let what = match adj.relation_decision(at).decision {
        RelationDecision::Undecided => "undecided".to_owned(),
        RelationDecision::Take(a) => format!("{}'s relation taken", names[a]),
        RelationDecision::Reject => "rejected".to_owned(),
    };
    ui.label(format!("Relation decision: {what}"));
}

/// The composition: its type (from one annotator), its fillers per role (each span any
/// annotator gave, ticked when in), its attribute values (one annotator's, or none).
fn compose_ui(
    ui: &mut egui::Ui,
    c: &ComposedFrame,
    adj: &Adjudication,
    at: EventRef,
    schema: &Schema,
    actions: &mut Vec<Action>,
) {
    let names = &adj.alignment.annotators;
    let doc = &adj.alignment.documents[at.doc];
    let with_event: Vec<(usize, &Event)> = doc
        .present
        .iter()
        .filter_map(|&a| adj.group_event(at, a).map(|e| (a, e)))
        .collect();
    ui.group(|ui| {
        ui.label(egui::RichText::new("Composing the gold frame").strong());
        for &(a, event) in &with_event {
            let ty = type_name(schema, event);
            let selected = c.event_type == TypeChoice::From(a);
            if choice(
                ui,
                selected,
                true,
                &format!("type {ty} from {}", names[a]),
                &format!("Type {ty} ({})", names[a]),
            ) {
                push(actions, FrameReviewAction::ComposeType(a));
            }
        }
        // Every (role, span) any annotator gave, once, with who gave it.
        type Key = (RoleId, CharRange, LabelId);
        let mut offered: BTreeMap<Key, (Filler, Vec<String>, String)> = BTreeMap::new();
        for &(a, event) in &with_event {
            for (i, arg) in event.args.iter().enumerate() {
                let f = Filler {
                    annotator: a,
                    argument: i,
                };
                let Some(span) = filler_span(adj, at, f) else {
                    continue;
                };
                let key = (arg.role.clone(), span.range(), span.label.clone());
                let entry = offered
                    .entry(key)
                    .or_insert_with(|| (f, Vec::new(), span.text().to_owned()));
                entry.1.push(names[a].clone());
            }
        }
        for ((role, range, label), (f, who, text)) in &offered {
            let key = Some((*range, label.clone()));
            let selected = c
                .roles
                .get(role)
                .is_some_and(|fs| fs.iter().any(|g| filler_key(adj, at, *g) == key));
            if choice(
                ui,
                selected,
                false,
                &format!("{role} {text} ({})", who.join(", ")),
                &format!("{role}: «{text}» ({})", who.join(", ")),
            ) {
                push(actions, FrameReviewAction::ToggleFiller(role.clone(), *f));
            }
        }
        // Attribute values: each distinct value with who gave it, and "none".
        let mut values: BTreeMap<AttributeId, Vec<(String, usize, Vec<String>)>> = BTreeMap::new();
        for &(a, event) in &with_event {
            for (id, value) in &event.attrs {
                let shown = value.to_string();
                let list = values.entry(id.clone()).or_default();
                match list.iter_mut().find(|(v, _, _)| *v == shown) {
                    Some((_, _, who)) => who.push(names[a].clone()),
                    None => list.push((shown, a, vec![names[a].clone()])),
                }
            }
        }
        for (id, list) in &values {
            let chosen = c.attributes.get(id).copied();
            let chosen_value = chosen
                .and_then(|a| adj.group_event(at, a))
                .and_then(|e| e.attrs.get(id))
                .map(ToString::to_string);
            ui.horizontal_wrapped(|ui| {
                ui.label(format!("{id}:"));
                for (value, a, who) in list {
                    if choice(
                        ui,
                        chosen_value.as_deref() == Some(value.as_str()),
                        true,
                        &format!("{id} {value} ({})", who.join(", ")),
                        &format!("{value} ({})", who.join(", ")),
                    ) {
                        push(
                            actions,
                            FrameReviewAction::ComposeAttribute(id.clone(), Some(*a)),
                        );
                    }
                }
                if choice(ui, chosen.is_none(), true, &format!("{id} none"), "none") {
                    push(
                        actions,
                        FrameReviewAction::ComposeAttribute(id.clone(), None),
                    );
                }
            });
        }
    });
}
