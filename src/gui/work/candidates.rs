//! The annotate-all review list: the candidates found for a surface (or for every spelling of
//! an entity), each pending, accepted or skipped, and the app's handlers that fill it, mark its
//! rows and apply the accepted ones as one edit (linked to the entity when there is one).

use super::super::HamishApp;
use super::super::action::CandidateMark;
use crate::annotate::{Candidate, Scope, accept_edit, find_candidates};
use crate::model::{LabelId, Timestamp};

/// The annotate-all review list.
#[derive(Debug, Clone)]
pub struct Review {
    pub label: LabelId,
    pub surface: String,
    pub items: Vec<(Candidate, CandidateMark)>,
    /// Whether the ambiguous candidates (بير in كبير) may be accepted; off until the analyst
    /// ticks it, so Accept all never takes them silently.
    pub include_ambiguous: bool,
    /// Annotate-all by entity: every new span is linked to it.
    pub entity: Option<crate::model::EntityId>,
}

impl Review {
    /// Whether `candidate` may be accepted now: sure, or ambiguous with ambiguous included.
    pub fn acceptable(&self, candidate: &Candidate) -> bool {
        self.include_ambiguous || !candidate.is_ambiguous()
    }

    pub fn ambiguous_count(&self) -> usize {
        self.items.iter().filter(|(c, _)| c.is_ambiguous()).count()
    }

    /// The status line for a fresh list: how many more, how many ambiguous.
    pub fn summary(surface: &str, items: &[(Candidate, CandidateMark)]) -> String {
        let ambiguous = items.iter().filter(|(c, _)| c.is_ambiguous()).count();
        if ambiguous > 0 {
            format!(
                "{} more occurrence(s) of {surface}, {ambiguous} of them ambiguous (not included)",
                items.len()
            )
        } else {
            format!("{} more occurrence(s) of {surface}", items.len())
        }
    }
}

impl HamishApp {
    /// Open the annotate-all candidates for the selected span's surface.
    pub(in crate::gui) fn annotate_all(&mut self, scope: Option<Scope>) {
        let Some((doc, span, _)) = self.selected_span_range() else {
            self.status = "Select a span first: its text is what annotate-all looks for.".into();
            return;
        };
        let scope = scope.unwrap_or_else(|| Scope::Document(doc.clone()));
        let Some(span) = self
            .session
            .project()
            .document(&doc)
            .and_then(|d| d.span(span))
            .cloned()
        else {
            return;
        };
        if scope == Scope::All {
            // The corpus may be large: searched in the background, with a count and Cancel.
            self.annotate_all_corpus(span.label.clone(), span.text().to_owned());
            return;
        }
        let items: Vec<_> =
            find_candidates(self.session.project(), &span.label, span.text(), &scope)
                .into_iter()
                .map(|c| (c, CandidateMark::Pending))
                .collect();
        self.status = Review::summary(span.text(), &items);
        self.work.review = Some(Review {
            surface: span.text().to_owned(),
            label: span.label,
            items,
            include_ambiguous: false,
            entity: None,
        });
    }

    pub(in crate::gui) fn mark_candidate(&mut self, i: usize, mark: CandidateMark) {
        if let Some(review) = self.work.review.as_mut()
            && let Some(acceptable) = review.items.get(i).map(|(c, _)| review.acceptable(c))
            && (acceptable || mark != CandidateMark::Accepted)
        {
            review.items[i].1 = mark;
        }
    }

    /// Let the ambiguous candidates be accepted (Accept all then takes them too), or not.
    pub(in crate::gui) fn include_ambiguous(&mut self, include: bool) {
        if let Some(review) = &mut self.work.review {
            review.include_ambiguous = include;
        }
    }

    pub(in crate::gui) fn accept_all_candidates(&mut self) {
        if let Some(review) = &mut self.work.review {
            let include = review.include_ambiguous;
            for (c, mark) in &mut review.items {
                if *mark == CandidateMark::Pending && (include || !c.is_ambiguous()) {
                    *mark = CandidateMark::Accepted;
                }
            }
        }
        self.apply_candidates();
    }

    /// Add the accepted candidates as one undo step.
    pub(in crate::gui) fn apply_candidates(&mut self) {
        let Some(review) = self.work.review.take() else {
            return;
        };
        let accepted: Vec<Candidate> = review
            .items
            .iter()
            .filter(|(c, m)| *m == CandidateMark::Accepted && review.acceptable(c))
            .map(|(c, _)| c.clone())
            .collect();
        let now = Timestamp::now();
        let edit = match &review.entity {
            Some(entity) => crate::annotate::accept_linked_edit(
                self.session.project(),
                &accepted,
                &review.label,
                entity,
                &now,
            ),
            None => accept_edit(self.session.project(), &accepted, &review.label, &now),
        };
        match edit {
            Ok(edit) => {
                if self.edit_ok(edit) {
                    self.status = format!("Added {} {} span(s)", accepted.len(), review.label);
                }
            }
            Err(err) => self.status = format!("Not done: {err}"),
        }
    }
}
