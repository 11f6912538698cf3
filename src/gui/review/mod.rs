//! The review panel: compare the open project with colleagues' files, step through the
//! disagreements, adjudicate each (take one or several versions, reject all, edit, with a
//! rationale), accept everything all agree on at once, save the gold, and see agreement per
//! label as a bar chart, and on events, per role ([`frames_summary`]); step through the event
//! disagreements and take, reject or compose each gold frame ([`frame_review`]). The article pane gets the review marks from [`review_decorations`].

mod chart;
mod decorations;
mod frame_review;
mod frame_state;
mod frames_summary;
mod state;

pub use decorations::review_decorations;
pub use frame_state::{FrameReview, FrameReviewAction};
pub use state::{Colleague, Comparison, ReviewState};

use super::Action;
use crate::model::Project;
use crate::review::Decision;
use std::path::PathBuf;

/// Draw the panel. `own` is the open project (the first annotator). The panel changes only
/// its own form fields (typed paths, ticks, rationale, the edit form); everything else it asks
/// for comes back as actions (loading files, deciding, saving, moving between disagreements).
pub fn review_ui(ui: &mut egui::Ui, state: &mut ReviewState, own: &Project) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.heading("Review");
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.label("You:");
            super::pane::bidi_label(ui, &own.annotator.name, 13.0);
        });
        for (i, c) in state.colleagues.iter().enumerate() {
            ui.horizontal(|ui| {
                if ui.small_button("Remove").clicked() {
                    actions.push(Action::ReviewRemoveFile(i));
                }
                super::pane::bidi_label(
                    ui,
                    &format!("{} — {}", c.project.annotator.name, c.path.display()),
                    13.0,
                );
            });
        }
        // The adjudicator's feedback to each annotator: what this (gold) project changed
        // relative to their file, the same report as `hamish diff GOLD FILE`.
        for (i, c) in state.colleagues.iter().enumerate() {
            let name = &c.project.annotator.name;
            if ui
                .small_button(format!("What this project changed for {name}"))
                .clicked()
            {
                actions.push(Action::ReviewShowDiff(i));
            }
        }
        if let Some(diff) = &state.diff {
            ui.group(|ui| {
                for line in diff.lines() {
                    super::pane::bidi_label(ui, line, 12.0);
                }
                if ui.small_button("Close the changes").clicked() {
                    actions.push(Action::ReviewCloseDiff);
                }
            });
        }
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Colleague file");
            let width = (ui.available_width() - 8.0).clamp(80.0, 240.0);
            ui.add(crate::gui::TextField::singleline(&mut state.path_text).desired_width(width))
                .labelled_by(label.id);
            if ui.button("Add").clicked() && !state.path_text.trim().is_empty() {
                actions.push(Action::ReviewAddFile(PathBuf::from(state.path_text.trim())));
                state.path_text.clear();
            }
            if ui.button("Browse…").clicked() {
                actions.push(Action::ReviewBrowse);
            }
        });
        if state.colleagues.is_empty() {
            ui.label("Add one or more colleagues' project files of the same articles.");
        } else if ui.button("Refresh from the open project").clicked() {
            actions.push(Action::ReviewRefresh);
        }
        if !state.message.is_empty() {
            super::pane::bidi_label(ui, &state.message, 13.0);
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
            frames_summary::frames_summary_ui(ui, report);
            for d in &report.documents_not_in_all_files {
                super::pane::bidi_label(
                    ui,
                    &format!(
                        "“{}” is only in {} (missing from {})",
                        d.title,
                        d.present_in.join(", "),
                        d.missing_from.join(", ")
                    ),
                    13.0,
                );
            }
        }
        ui.separator();
        disagreement_ui(ui, state, own.schema(), &mut actions);
        if let Some(adj) = &state.adjudication {
            ui.separator();
            frame_review::frame_review_ui(
                ui,
                &mut state.frames,
                adj,
                state.report.as_ref(),
                own.schema(),
                &mut actions,
            );
            ui.separator();
            frame_review::relation_review_ui(
                ui,
                &mut state.frames,
                adj,
                own.schema(),
                &mut actions,
            );
        }
        ui.separator();
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Gold file");
            ui.add(
                crate::gui::TextField::singleline(&mut state.gold_path_text).desired_width(160.0),
            )
            .labelled_by(label.id);
            if ui.button("Save gold").clicked() && !state.gold_path_text.trim().is_empty() {
                actions.push(Action::ReviewSaveGold(PathBuf::from(
                    state.gold_path_text.trim(),
                )));
            }
        });
        ui.label(format!(
            "Gold so far: {} span(s), {} event(s)",
            state.gold_spans(),
            state.gold_events()
        ));
    });
    actions
}

fn fmt(x: Option<f64>) -> String {
    x.map_or("–".into(), |x| format!("{x:.3}"))
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
    schema: &crate::model::Schema,
    actions: &mut Vec<Action>,
) {
    let total = state.disagreements().len();
    ui.label(format!(
        "{total} disagreement(s), {} undecided",
        state.undecided()
    ));
    if ui.button("Accept everything all agree on").clicked() {
        actions.push(Action::ReviewAcceptAgreed);
    }
    if total == 0 {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        if ui.button("Previous").clicked() {
            actions.push(Action::ReviewStep(false));
        }
        ui.label(format!("{} of {total}", state.current + 1));
        if ui.button("Next").clicked() {
            actions.push(Action::ReviewStep(true));
        }
        if ui.button("Next undecided").clicked() {
            actions.push(Action::ReviewNextUndecided);
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
    super::pane::bidi_label(
        ui,
        &format!(
            // English first, so the line reads left to right with the title inside it.
            "Characters {} ({}) of “{}”",
            cluster.range,
            cluster.kind.name(),
            doc.title
        ),
        13.0,
    );
    if !without.is_empty() {
        super::pane::bidi_label(ui, &format!("No span here: {}", without.join(", ")), 13.0);
    }
    for (i, c) in cluster.candidates.iter().enumerate() {
        ui.horizontal(|ui| {
            if let Some(flag) = state.checked.get_mut(i) {
                let name = format!("tick {} {}", c.label, c.range);
                let ticked = *flag;
                ui.checkbox(flag, "").widget_info(|| {
                    egui::WidgetInfo::selected(egui::Role::CheckBox, true, ticked, &name)
                });
            }
            // The button before the text: a long text is cut instead of pushing the button
            // out of the panel (and the panel wider than the window).
            if ui.button(format!("Take {}", names[i])).clicked() {
                actions.push(Action::ReviewTake(i));
            }
            super::pane::bidi_label(
                ui,
                &format!("{} {} «{}» — {}", c.label, c.range, c.text, names[i]),
                13.0,
            );
        });
    }
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Rationale");
        ui.add(crate::gui::TextField::singleline(&mut state.rationale).desired_width(200.0))
            .labelled_by(label.id);
    });
    ui.horizontal_wrapped(|ui| {
        if ui.button("Take checked").clicked() {
            actions.push(Action::ReviewTakeChecked);
        }
        if ui.button("Reject all").clicked() {
            actions.push(Action::ReviewRejectAll);
        }
    });
    ui.horizontal_wrapped(|ui| {
        let l = ui.label("Start");
        ui.add(crate::gui::TextField::singleline(&mut state.edit_start).desired_width(40.0))
            .labelled_by(l.id);
        let l = ui.label("End");
        ui.add(crate::gui::TextField::singleline(&mut state.edit_end).desired_width(40.0))
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
            actions.push(Action::ReviewApplyEdit);
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
    super::pane::bidi_label(ui, &format!("Decision: {what}"), 13.0);
}
