//! Hit-testing: from a point to the character (or caret boundary) under it, and from a
//! character to where it is drawn. Points are in the paragraph's own coordinates (points
//! from its top-left corner).

use super::paragraph::{ParagraphLayout, TextRect, VisualLine};
use crate::offset::CharOffset;

/// One character's box on a line, with the caret boundaries at its left and right edges.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CharPiece {
    pub offset: CharOffset,
    pub x0: f32,
    pub x1: f32,
    /// The caret boundary drawn at `x0` (for a right-to-left character, the one after it).
    pub left_boundary: CharOffset,
    pub right_boundary: CharOffset,
}

impl VisualLine {
    /// Every drawn character of the line, left to right.
    pub(crate) fn pieces(&self) -> impl Iterator<Item = CharPiece> + '_ {
        self.clusters.iter().flat_map(|c| {
            let range = c.chars.start.0..c.chars.end.0;
            range.filter_map(move |n| {
                let offset = CharOffset(n);
                let (x0, x1) = c.char_extent(offset)?;
                let (left_boundary, right_boundary) = if c.rtl {
                    (offset + 1, offset)
                } else {
                    (offset, offset + 1)
                };
                Some(CharPiece {
                    offset,
                    x0,
                    x1,
                    left_boundary,
                    right_boundary,
                })
            })
        })
    }

    fn nearest_piece(&self, x: f32) -> Option<CharPiece> {
        let distance = |p: &CharPiece| {
            if x < p.x0 {
                p.x0 - x
            } else if x > p.x1 {
                x - p.x1
            } else {
                0.0
            }
        };
        let mut best: Option<(f32, CharPiece)> = None;
        for p in self.pieces() {
            let d = distance(&p);
            if best.is_none_or(|(b, _)| d < b) {
                best = Some((d, p));
            }
        }
        best.map(|(_, p)| p)
    }
}

impl ParagraphLayout {
    /// The line at height `y` (clamped to the first and last line).
    pub fn line_at_y(&self, y: f32) -> usize {
        let i = self.lines.partition_point(|l| l.bottom() <= y);
        i.min(self.lines.len().saturating_sub(1))
    }

    /// The character drawn at (or nearest to) the point, on the line at `y`; `None` for a
    /// line with nothing drawn (an empty paragraph).
    pub fn char_at(&self, x: f32, y: f32) -> Option<CharOffset> {
        let line = self.lines.get(self.line_at_y(y))?;
        line.nearest_piece(x).map(|p| p.offset)
    }

    /// The caret boundary nearest to the point: the edge of the character under it that is
    /// closer to `x`, when a caret at that boundary is drawn there. At a direction change a
    /// boundary can be drawn at the other end of a run; then the place a caret can be drawn
    /// ([`Self::caret_stops`]) nearest to `x` is taken, so the caret appears where the user
    /// clicked.
    pub fn caret_at(&self, x: f32, y: f32) -> CharOffset {
        let Some(line) = self.lines.get(self.line_at_y(y)) else {
            return self.chars.start;
        };
        let Some(p) = line.nearest_piece(x) else {
            return line.chars.start;
        };
        let (edge, boundary) = if x < (p.x0 + p.x1) / 2.0 {
            (p.x0, p.left_boundary)
        } else {
            (p.x1, p.right_boundary)
        };
        if (self.caret_position(boundary).1 - edge).abs() < 0.05 {
            return boundary;
        }
        self.caret_stops(line.chars.start)
            .into_iter()
            .min_by(|a, b| (a.0 - x).abs().total_cmp(&(b.0 - x).abs()))
            .map_or(boundary, |(_, b)| b)
    }

    /// The box where `offset` is drawn, or `None` when it is not drawn (outside the
    /// paragraph, or a space swallowed at a line break).
    pub fn char_rect(&self, offset: CharOffset) -> Option<TextRect> {
        if !self.chars.contains(offset) {
            return None;
        }
        let line = &self.lines[self.line_of(offset)];
        let cluster = line.clusters.iter().find(|c| c.chars.contains(offset))?;
        let (x0, x1) = cluster.char_extent(offset)?;
        Some(TextRect {
            x0,
            y0: line.top,
            x1,
            y1: line.bottom(),
        })
    }

    /// Where the caret for boundary `offset` is drawn: its line and x.
    pub fn caret_position(&self, offset: CharOffset) -> (usize, f32) {
        let offset = offset.clamp(self.chars.start, self.chars.end);
        let index = self.line_of(offset);
        let line = &self.lines[index];
        let start_edge = if self.direction.is_rtl() {
            line.right
        } else {
            line.left
        };
        let end_edge = if self.direction.is_rtl() {
            line.left
        } else {
            line.right
        };
        if let Some(x) = line.clusters.iter().find_map(|c| c.leading_x(offset)) {
            return (index, x);
        }
        if offset.0 > line.chars.start.0
            && let Some(x) = line
                .clusters
                .iter()
                .find_map(|c| c.trailing_x(CharOffset(offset.0 - 1)))
        {
            return (index, x);
        }
        if offset == line.chars.start {
            (index, start_edge)
        } else {
            (index, end_edge)
        }
    }

    /// The places a caret can be drawn on the line of `offset`, left to right: the drawn x
    /// of every caret boundary of the line, one boundary per distinct x (where several meet at
    /// one x, at a direction change, the first in reading order).
    pub fn caret_stops(&self, offset: CharOffset) -> Vec<(f32, CharOffset)> {
        let (index, _) = self.caret_position(offset);
        let chars = self.lines[index].chars;
        let mut stops: Vec<(f32, CharOffset)> = (chars.start.0..=chars.end.0)
            .map(|n| (self.caret_position(CharOffset(n)).1, CharOffset(n)))
            .collect();
        stops.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        stops.dedup_by(|later, earlier| (later.0 - earlier.0).abs() < 0.05);
        stops
    }

    /// The caret boundary one step to the left (`left`) or right of `offset` as drawn, or
    /// `None` at the line's edge (the caller then moves to the neighbouring line). Steps go
    /// through [`Self::caret_stops`], so every place a caret can be drawn is reached once.
    pub fn move_visually(&self, offset: CharOffset, left: bool) -> Option<CharOffset> {
        let (_, x) = self.caret_position(offset);
        let stops = self.caret_stops(offset);
        // The stop where this caret is drawn.
        let at = stops
            .iter()
            .enumerate()
            .min_by(|a, b| (a.1.0 - x).abs().total_cmp(&(b.1.0 - x).abs()))
            .map(|(i, _)| i)?;
        let next = if left { at.checked_sub(1)? } else { at + 1 };
        stops.get(next).map(|&(_, b)| b)
    }
}

impl ParagraphLayout {
    /// The line of a drawn character and the x of its leading and trailing edges in reading
    /// order (for a right-to-left character the leading edge is the right one).
    pub fn char_edges(&self, offset: CharOffset) -> Option<(usize, f32, f32)> {
        if !self.chars.contains(offset) {
            return None;
        }
        let index = self.line_of(offset);
        let cluster = self.lines[index]
            .clusters
            .iter()
            .find(|c| c.chars.contains(offset))?;
        Some((
            index,
            cluster.leading_x(offset)?,
            cluster.trailing_x(offset)?,
        ))
    }
}
