//! Marks the article pane draws besides the project's own spans: search hits, the snapped
//! range preview, annotate-all candidates and review agreement/conflict marks.
//!
//! Features that want something shown in the pane hand it a list of these; the pane decides
//! how each style looks and gives each an AccessKit name built from `name`.

use crate::model::CharRange;

/// One extra mark over a range of the current document (offsets in scalar values).
#[derive(Debug, Clone, PartialEq)]
pub struct Decoration {
    pub range: CharRange,
    pub style: DecorationStyle,
    /// Shown on hover, e.g. "Amina: GROUP · Yusuf: PLACE".
    pub tooltip: String,
    /// Accessible name, so UI tests can find the mark, e.g. "conflict 3".
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecorationStyle {
    /// A search hit.
    Hit,
    /// The search hit or candidate the user is on.
    Current,
    /// The range a selection will snap to, before it is committed.
    Preview,
    /// Review: all annotators agree.
    Agree,
    /// Review: same range, different labels.
    LabelConflict,
    /// Review: overlapping ranges that differ.
    BoundaryConflict,
    /// Review: only some annotators have this span.
    Partial,
}
