//! The annotate-all review list: every other occurrence of a span's text, to accept all at
//! once or one by one, or skip; the accepted ones are added as one undo step. Ambiguous
//! occurrences (an ordinary word whose first letter could be a proclitic: بير in كبير) are
//! listed apart and can be accepted only once "Include … ambiguous" is ticked (off by default).

use super::Action;
use super::action::CandidateMark;
use super::work::Review;
use crate::annotate::Candidate;
use crate::model::Project;
use crate::model::{CharOffset, CharRange, Document};

pub fn review_ui(ctx: &egui::Context, review: &Review, project: &Project) -> Vec<Action> {
    let mut actions = Vec::new();
    let accepted = review
        .items
        .iter()
        .filter(|(c, m)| *m == CandidateMark::Accepted && review.acceptable(c))
        .count();
    let ambiguous = review.ambiguous_count();
    egui::Window::new("Annotate all")
        .collapsible(false)
        .default_width(460.0)
        .show(ctx, |ui| {
            ui.label(format!(
                "{} more occurrence(s) of “{}” to label {}",
                review.items.len() - ambiguous,
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
                        if !c.is_ambiguous() {
                            candidate_row(ui, project, review, i, c, *mark, &mut actions);
                        }
                    }
                    if ambiguous > 0 {
                        ui.separator();
                        ui.label(format!(
                            "{ambiguous} ambiguous: the whole word is an ordinary Arabic word \
                             (such as كبير for بير), so its first letter may not be a proclitic."
                        ));
                        let mut include = review.include_ambiguous;
                        if ui
                            .checkbox(
                                &mut include,
                                format!("Include the {ambiguous} ambiguous occurrence(s)"),
                            )
                            .changed()
                        {
                            actions.push(Action::IncludeAmbiguous(include));
                        }
                        for (i, (c, mark)) in review.items.iter().enumerate() {
                            if c.is_ambiguous() {
                                candidate_row(ui, project, review, i, c, *mark, &mut actions);
                            }
                        }
                    }
                });
        });
    actions
}

/// One candidate: its mark, Accept and Skip, and its context (with the whole ordinary word
/// for an ambiguous one).
fn candidate_row(
    ui: &mut egui::Ui,
    project: &Project,
    review: &Review,
    i: usize,
    c: &Candidate,
    mark: CandidateMark,
    actions: &mut Vec<Action>,
) {
    let Some(doc) = project.document(&c.doc) else {
        return;
    };
    ui.horizontal(|ui| {
        let state = match mark {
            CandidateMark::Pending => "·",
            CandidateMark::Accepted => "✔",
            CandidateMark::Skipped => "✘",
        };
        ui.label(state);
        if ui
            .add_enabled(
                review.acceptable(c),
                egui::Button::new(format!("Accept {}", i + 1)),
            )
            .clicked()
        {
            actions.push(Action::MarkCandidate(i, CandidateMark::Accepted));
        }
        if ui.button(format!("Skip {}", i + 1)).clicked() {
            actions.push(Action::MarkCandidate(i, CandidateMark::Skipped));
        }
        let word = c
            .ambiguous
            .and_then(|r| doc.slice(r))
            .map(|w| format!(" · in {w}"))
            .unwrap_or_default();
        ui.label(format!(
            "{} · {}{word}",
            doc.title,
            context_snippet(doc, c.range)
        ));
    });
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
