//! Undo and redo: a stack of applied edits' inverses, and a state number that tells whether
//! the project differs from what was last saved.
//!
//! State numbers are unique in the process, not only within one history: a cache keyed on a
//! state number (the pane's span index, the snapping preview) stays right when a session is
//! replaced by another (a recovered file, a new project) whose history starts afresh.

use super::{Edit, EditError, Project, Timestamp};
use std::sync::atomic::{AtomicU64, Ordering};

/// The next state number to hand out, shared by every history.
static NEXT_STATE: AtomicU64 = AtomicU64::new(1);

fn fresh_state() -> u64 {
    NEXT_STATE.fetch_add(1, Ordering::Relaxed)
}

/// One undoable step: the edit that reverts it, and the states before and after it.
#[derive(Debug, Clone)]
struct Step {
    revert: Edit,
    before: u64,
    after: u64,
}

/// Unlimited undo/redo over a [`Project`]. Each state of the project gets a number; the
/// project is modified when the current number differs from the one last saved.
#[derive(Debug, Clone)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    current: u64,
}

impl Default for History {
    fn default() -> Self {
        Self::new()
    }
}

impl History {
    pub fn new() -> Self {
        Self {
            undo: Vec::new(),
            redo: Vec::new(),
            current: fresh_state(),
        }
    }

    /// Apply `edit` to `project` as one undo step (a [`Edit::Batch`] is one step).
    pub fn apply(
        &mut self,
        project: &mut Project,
        edit: Edit,
        now: &Timestamp,
    ) -> Result<(), EditError> {
        if edit.is_noop() {
            return Ok(());
        }
        let revert = project.apply(edit, now)?;
        let before = self.current;
        self.current = self.fresh();
        self.undo.push(Step {
            revert,
            before,
            after: self.current,
        });
        self.redo.clear();
        Ok(())
    }

    /// Undo the last step. Returns false when there is nothing to undo.
    pub fn undo(&mut self, project: &mut Project, now: &Timestamp) -> Result<bool, EditError> {
        let Some(step) = self.undo.pop() else {
            return Ok(false);
        };
        match project.apply(step.revert.clone(), now) {
            Ok(forward) => {
                self.current = step.before;
                self.redo.push(Step {
                    revert: forward,
                    before: step.after,
                    after: step.before,
                });
                Ok(true)
            }
            Err(err) => {
                self.undo.push(step);
                Err(err)
            }
        }
    }

    /// Redo the last undone step. Returns false when there is nothing to redo.
    pub fn redo(&mut self, project: &mut Project, now: &Timestamp) -> Result<bool, EditError> {
        let Some(step) = self.redo.pop() else {
            return Ok(false);
        };
        match project.apply(step.revert.clone(), now) {
            Ok(revert) => {
                self.current = step.before;
                self.undo.push(Step {
                    revert,
                    before: step.after,
                    after: step.before,
                });
                Ok(true)
            }
            Err(err) => {
                self.redo.push(step);
                Err(err)
            }
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// A number naming the project's current state; compare with [`History::mark_saved`]'s.
    pub fn state(&self) -> u64 {
        self.current
    }

    /// Number of steps that can be undone.
    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    fn fresh(&mut self) -> u64 {
        fresh_state()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Annotator, CharRange, Document, LabelId};

    #[test]
    fn undo_redo_round_trip_and_states() {
        let now = Timestamp::now();
        let mut p = Project::new("t", Annotator::new("A"));
        let mut h = History::new();
        let doc = Document::new("t", "", "قصفت الجماعة مطار تمبكتو");
        let id = doc.id.clone();
        h.apply(&mut p, Edit::AddDocuments { docs: vec![doc] }, &now)
            .unwrap();
        let saved = h.state();
        let empty = p.clone();

        let spans: Vec<_> = [(0, 4, "EVENT"), (5, 12, "GROUP"), (18, 24, "PLACE")]
            .iter()
            .map(|&(s, e, l)| Edit::AddSpan {
                doc: id.clone(),
                span: p
                    .new_span(&id, CharRange::new(s, e), LabelId::new(l), &now)
                    .unwrap(),
            })
            .collect();
        h.apply(&mut p, Edit::Batch { edits: spans }, &now).unwrap();
        let full = p.clone();
        assert_eq!(p.span_count(), 3);
        assert_ne!(h.state(), saved);

        assert!(h.undo(&mut p, &now).unwrap());
        assert_eq!(p, empty, "a bulk edit is one undo step");
        assert_eq!(h.state(), saved);
        assert!(h.redo(&mut p, &now).unwrap());
        assert_eq!(p, full);

        // A new edit after undo drops the redo stack.
        h.undo(&mut p, &now).unwrap();
        h.apply(&mut p, Edit::Rename { name: "x".into() }, &now)
            .unwrap();
        assert!(!h.can_redo());
        assert!(!h.redo(&mut p, &now).unwrap());
        assert_ne!(h.state(), saved);
        h.undo(&mut p, &now).unwrap();
        assert_eq!(h.state(), saved);
        h.undo(&mut p, &now).unwrap();
        assert!(p.documents.is_empty());
        assert!(!h.undo(&mut p, &now).unwrap());
    }

    #[test]
    fn failed_edit_leaves_history_alone() {
        let now = Timestamp::now();
        let mut p = Project::new("t", Annotator::new("A"));
        let mut h = History::new();
        let start = h.state();
        let err = h.apply(
            &mut p,
            Edit::RemoveDocuments {
                ids: vec![crate::model::DocId("d-0".into())],
            },
            &now,
        );
        assert!(err.is_err());
        assert!(!h.can_undo());
        assert_eq!(h.state(), start);
    }

    #[test]
    fn state_numbers_never_repeat_across_histories() {
        let now = Timestamp::now();
        let mut seen = std::collections::HashSet::new();
        for _ in 0..3 {
            let mut p = Project::new("t", Annotator::new("A"));
            let mut h = History::new();
            assert!(
                seen.insert(h.state()),
                "a new history reuses a state number"
            );
            h.apply(&mut p, Edit::Rename { name: "x".into() }, &now)
                .unwrap();
            assert!(seen.insert(h.state()));
        }
    }
}
