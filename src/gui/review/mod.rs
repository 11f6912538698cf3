//! The review panel: compare the open project with colleagues' files, step through the
//! disagreements, adjudicate each (take one or several versions, reject all, edit, with a
//! rationale), accept everything all agree on at once, save the gold, and see agreement per
//! label as a bar chart. The article pane gets the review marks from [`review_decorations`].

mod chart;
mod decorations;
mod state;

pub use decorations::review_decorations;
pub use state::{Colleague, ReviewState};

use super::Action;
use crate::model::{DocId, Project};
use crate::review::Decision;
use std::path::PathBuf;

/// F8 goes to the next disagreement, Shift+F8 to the previous one.
fn navigation_keys(ui: &egui::Ui, state: &mut ReviewState) -> bool {
    let (next, prev) = ui.ctx().input_mut(|i| {
        let prev = i.consume_key(egui::Modifiers::SHIFT, egui::Key::F8);
        let next = i.consume_key(egui::Modifiers::NONE, egui::Key::F8);
        (next, prev)
    });
    if next {
        state.next();
    }
    if prev {
        state.previous();
    }
    next || prev
}

/// Draw the panel. `own` is the open project (the first annotator). Returns actions for the
/// app (selecting the document of the current disagreement).
pub fn review_ui(ui: &mut egui::Ui, state: &mut ReviewState, own: &Project) -> Vec<Action> {
    let mut actions = Vec::new();
    let me = own.annotator.name.clone();
    ui.heading("Review");
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.label(format!("You: {me}"));
        let mut remove = None;
        for (i, c) in state.colleagues.iter().enumerate() {
            ui.horizontal(|ui| {
                ui.label(format!(
                    "{} — {}",
                    c.project.annotator.name,
                    c.path.display()
                ));
                if ui.small_button("Remove").clicked() {
                    remove = Some(i);
                }
            });
        }
        if let Some(i) = remove {
            state.remove_file(i, own);
        }
        // The adjudicator's feedback to each annotator: what this (gold) project changed
        // relative to their file, the same report as `hamish diff GOLD FILE`.
        for c in &state.colleagues {
            let name = &c.project.annotator.name;
            if ui
                .small_button(format!("What this project changed for {name}"))
                .clicked()
            {
                state.diff = Some(crate::review::diff::diff_gold(own, &c.project).render());
            }
        }
        let mut close_diff = false;
        if let Some(diff) = &state.diff {
            ui.group(|ui| {
                for line in diff.lines() {
                    super::pane::bidi_label(ui, line, 12.0);
                }
                close_diff = ui.small_button("Close the changes").clicked();
            });
        }
        if close_diff {
            state.diff = None;
        }
        ui.horizontal(|ui| {
            let label = ui.label("Colleague file");
            ui.add(egui::TextEdit::singleline(&mut state.path_text).desired_width(160.0))
                .labelled_by(label.id);
            if ui.button("Add").clicked() && !state.path_text.trim().is_empty() {
                let path = PathBuf::from(state.path_text.trim());
                state.add_file(&path, own);
                state.path_text.clear();
            }
            if ui.button("Browse…").clicked()
                && let Some(path) = rfd::FileDialog::new()
                    .add_filter("Hamish project", &["ron"])
                    .pick_file()
            {
                state.add_file(&path, own);
            }
        });
        if state.colleagues.is_empty() {
            ui.label("Add one or more colleagues' project files of the same articles.");
        } else if ui.button("Refresh from the open project").clicked() {
            state.rebuild(own);
        }
        if !state.message.is_empty() {
            ui.label(&state.message);
        }
        if state.adjudication.is_none() {
            return;
        }
        ui.separator();
        legend_ui(ui);
        if let Some(report) = &state.report {
            ui.label(format!(
                "Krippendorff's alpha (tokens): {}   mean kappa: {}",
                fmt(report.alpha),
                fmt(report.mean_kappa)
            ));
            chart::agreement_chart_ui(ui, report);
            for d in &report.documents_not_in_all_files {
                ui.label(format!(
                    "“{}” is only in {} (missing from {})",
                    d.title,
                    d.present_in.join(", "),
                    d.missing_from.join(", ")
                ));
            }
        }
        ui.separator();
        if navigation_keys(ui, state)
            && let Some(id) = current_doc(state)
        {
            actions.push(Action::SelectDocument(id));
        }
        disagreement_ui(ui, state, &me, &own.schema, &mut actions);
        ui.separator();
        ui.horizontal(|ui| {
            let label = ui.label("Gold file");
            ui.add(egui::TextEdit::singleline(&mut state.gold_path_text).desired_width(160.0))
                .labelled_by(label.id);
            if ui.button("Save gold").clicked() && !state.gold_path_text.trim().is_empty() {
                let path = PathBuf::from(state.gold_path_text.trim());
                state.save_gold(&path);
            }
        });
        if let Some(gold) = state.gold() {
            ui.label(format!("Gold so far: {} span(s)", gold.span_count()));
        }
    });
    actions
}

fn fmt(x: Option<f64>) -> String {
    x.map_or("–".into(), |x| format!("{x:.3}"))
}

fn current_doc(state: &ReviewState) -> Option<DocId> {
    let at = state.current_ref()?;
    Some(state.adjudication.as_ref()?.doc_id(at).clone())
}

fn legend_ui(ui: &mut egui::Ui) {
    ui.horizontal_wrapped(|ui| {
        ui.label("Marks:");
        ui.label("agreed by all ·");
        ui.label("label conflict (same range) ·");
        ui.label("boundary conflict (overlapping) ·");
        ui.label("only some annotators");
    });
}

fn disagreement_ui(
    ui: &mut egui::Ui,
    state: &mut ReviewState,
    me: &str,
    schema: &crate::model::Schema,
    actions: &mut Vec<Action>,
) {
    let list = state.disagreements();
    let undecided = state.adjudication.as_ref().map_or(0, |a| {
        list.iter()
            .filter(|&&at| a.decision(at).decision == Decision::Undecided)
            .count()
    });
    ui.label(format!(
        "{} disagreement(s), {undecided} undecided",
        list.len()
    ));
    if ui.button("Accept everything all agree on").clicked() {
        state.accept_all_agreed(me);
    }
    if list.is_empty() {
        return;
    }
    ui.horizontal(|ui| {
        let mut moved = false;
        if ui.button("Previous").clicked() {
            state.previous();
            moved = true;
        }
        ui.label(format!("{} of {}", state.current + 1, list.len()));
        if ui.button("Next").clicked() {
            state.next();
            moved = true;
        }
        if ui.button("Next undecided").clicked() {
            state.next_undecided();
            moved = true;
        }
        if moved && let Some(id) = current_doc(state) {
            actions.push(Action::SelectDocument(id));
        }
    });
    let (Some(at), Some(adj)) = (state.current_ref(), state.adjudication.as_ref()) else {
        return;
    };
    let doc = &adj.alignment.documents[at.doc];
    let cluster = adj.cluster(at).clone();
    let names: Vec<String> = cluster
        .candidates
        .iter()
        .map(|c| adj.alignment.names(&c.annotators).join(", "))
        .collect();
    let with = cluster.annotators();
    let without: Vec<String> = adj.alignment.names(
        &doc.present
            .iter()
            .copied()
            .filter(|a| !with.contains(a))
            .collect::<Vec<_>>(),
    );
    let decided = adj.decision(at).clone();
    ui.label(format!(
        "“{}”, characters {}: {}",
        doc.title,
        cluster.range,
        cluster.kind.name()
    ));
    if !without.is_empty() {
        ui.label(format!("No span here: {}", without.join(", ")));
    }
    let mut take = None;
    for (i, c) in cluster.candidates.iter().enumerate() {
        ui.horizontal(|ui| {
            if let Some(flag) = state.checked.get_mut(i) {
                ui.checkbox(flag, format!("{} {} «{}»", c.label, c.range, c.text));
            }
            ui.label(format!("— {}", names[i]));
            if ui.button(format!("Take {}", names[i])).clicked() {
                take = Some(i);
            }
        });
    }
    if let Some(i) = take {
        state.take(i, me);
    }
    ui.horizontal(|ui| {
        let label = ui.label("Rationale");
        ui.add(egui::TextEdit::singleline(&mut state.rationale).desired_width(200.0))
            .labelled_by(label.id);
    });
    ui.horizontal(|ui| {
        if ui.button("Take checked").clicked() {
            state.take_checked(me);
        }
        if ui.button("Reject all").clicked() {
            state.reject_all(me);
        }
    });
    ui.horizontal(|ui| {
        let l = ui.label("Start");
        ui.add(egui::TextEdit::singleline(&mut state.edit_start).desired_width(40.0))
            .labelled_by(l.id);
        let l = ui.label("End");
        ui.add(egui::TextEdit::singleline(&mut state.edit_end).desired_width(40.0))
            .labelled_by(l.id);
        egui::ComboBox::from_label("Label")
            .selected_text(state.edit_label.clone())
            .show_ui(ui, |ui| {
                for label in &schema.labels {
                    ui.selectable_value(
                        &mut state.edit_label,
                        label.id.to_string(),
                        label.id.as_str(),
                    );
                }
            });
        if ui.button("Apply edit").clicked() {
            state.apply_edit(me);
        }
    });
    let what = match &decided.decision {
        Decision::Undecided => "undecided".to_owned(),
        Decision::Take(picks) => format!(
            "taken: {}",
            picks
                .iter()
                .map(|&i| names[i].clone())
                .collect::<Vec<_>>()
                .join(" + ")
        ),
        Decision::RejectAll => "all rejected".to_owned(),
        Decision::Edit(spans) => format!("edited ({} span(s))", spans.len()),
    };
    ui.label(format!("Decision: {what}"));
}
