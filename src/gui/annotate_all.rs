//! The annotate-all review list: every other occurrence of a span's text, to accept all at
//! once or one by one, or skip; the accepted ones are added as one undo step.

use super::Action;
use super::action::CandidateMark;
use super::work::Review;
use crate::model::Project;
use crate::model::{CharOffset, CharRange, Document};

pub fn review_ui(ctx: &egui::Context, review: &Review, project: &Project) -> Vec<Action> {
    let mut actions = Vec::new();
    let accepted = review
        .items
        .iter()
        .filter(|(_, m)| *m == CandidateMark::Accepted)
        .count();
    egui::Window::new("Annotate all")
        .collapsible(false)
        .default_width(460.0)
        .show(ctx, |ui| {
            ui.label(format!(
                "{} more occurrence(s) of “{}” to label {}",
                review.items.len(),
                review.surface,
                review.label
            ));
            ui.horizontal(|ui| {
                if ui.button("Accept all").clicked() {
                    actions.push(Action::AcceptAllCandidates);
                }
                if ui
                    .add_enabled(
                        accepted > 0,
                        egui::Button::new(format!("Apply {accepted} accepted")),
                    )
                    .clicked()
                {
                    actions.push(Action::ApplyCandidates);
                }
                if ui.button("Close review").clicked() {
                    actions.push(Action::CloseCandidates);
                }
            });
            egui::ScrollArea::vertical()
                .max_height(360.0)
                .show(ui, |ui| {
                    for (i, (c, mark)) in review.items.iter().enumerate() {
                        let Some(doc) = project.document(&c.doc) else {
                            continue;
                        };
                        ui.horizontal(|ui| {
                            let state = match mark {
                                CandidateMark::Pending => "·",
                                CandidateMark::Accepted => "✔",
                                CandidateMark::Skipped => "✘",
                            };
                            ui.label(state);
                            if ui.button(format!("Accept {}", i + 1)).clicked() {
                                actions.push(Action::MarkCandidate(i, CandidateMark::Accepted));
                            }
                            if ui.button(format!("Skip {}", i + 1)).clicked() {
                                actions.push(Action::MarkCandidate(i, CandidateMark::Skipped));
                            }
                            ui.label(format!("{} · {}", doc.title, context_snippet(doc, c.range)));
                        });
                    }
                });
        });
    actions
}

/// A short piece of text around `range` for review lists.
pub fn context_snippet(doc: &Document, range: CharRange) -> String {
    let from = CharOffset(range.start.0.saturating_sub(20));
    let to = CharOffset((range.end.0 + 20).min(doc.len_chars()));
    doc.slice(CharRange {
        start: from,
        end: to,
    })
    .unwrap_or_default()
    .replace('\n', " ")
}
