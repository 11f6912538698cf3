//! The result of laying out one paragraph: visual lines from top to bottom, each holding its
//! clusters and glyphs in visual order (left to right) with their x positions in points.
//!
//! Offsets are document [`CharOffset`]s: the paragraph knows where it starts in the document.

use super::direction::Direction;
use super::raster::GlyphKey;
use crate::offset::{CharOffset, CharRange};

/// An axis-aligned rectangle in points, relative to the paragraph's top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextRect {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl TextRect {
    pub fn center(&self) -> (f32, f32) {
        ((self.x0 + self.x1) / 2.0, (self.y0 + self.y1) / 2.0)
    }

    pub fn width(&self) -> f32 {
        self.x1 - self.x0
    }
}

/// The smallest unit the shaper keeps together (a letter with its marks, a lam-alef
/// ligature, a digit). Its characters share its width in reading order.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    /// The logical characters drawn by this cluster.
    pub chars: CharRange,
    /// Left edge, in points from the paragraph's left edge.
    pub x: f32,
    pub width: f32,
    /// True when the cluster runs right to left (odd bidi level).
    pub rtl: bool,
}

impl Cluster {
    /// The horizontal extent given to one character of the cluster: a ligature or a letter
    /// with marks is split evenly, the first character on the reading-order side.
    pub fn char_extent(&self, offset: CharOffset) -> Option<(f32, f32)> {
        if !self.chars.contains(offset) {
            return None;
        }
        let n = self.chars.len() as f32;
        let k = (offset.0 - self.chars.start.0) as f32;
        let piece = self.width / n;
        Some(if self.rtl {
            let right = self.x + self.width - k * piece;
            (right - piece, right)
        } else {
            let left = self.x + k * piece;
            (left, left + piece)
        })
    }

    /// X of the boundary before `offset` (its leading edge in reading order).
    pub fn leading_x(&self, offset: CharOffset) -> Option<f32> {
        let (x0, x1) = self.char_extent(offset)?;
        Some(if self.rtl { x1 } else { x0 })
    }

    /// X of the boundary after `offset` (its trailing edge in reading order).
    pub fn trailing_x(&self, offset: CharOffset) -> Option<f32> {
        let (x0, x1) = self.char_extent(offset)?;
        Some(if self.rtl { x0 } else { x1 })
    }
}

/// One shaped glyph, ready to be rasterised and painted.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedGlyph {
    pub key: GlyphKey,
    /// Pen position in points from the paragraph's left edge (already including offsets).
    pub x: f32,
    /// Vertical offset from the baseline in points (positive is down).
    pub y: f32,
    /// The characters whose cluster this glyph belongs to.
    pub chars: CharRange,
}

/// One line as drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct VisualLine {
    /// The logical characters on this line (a line holds one contiguous logical range).
    pub chars: CharRange,
    /// Clusters in visual order, left to right.
    pub clusters: Vec<Cluster>,
    /// Glyphs in visual order.
    pub glyphs: Vec<PlacedGlyph>,
    /// Top of the line box, in points from the paragraph's top.
    pub top: f32,
    pub height: f32,
    /// Baseline, in points from the paragraph's top.
    pub baseline: f32,
    /// Left and right edge of the ink-free line box (alignment included).
    pub left: f32,
    pub right: f32,
}

impl VisualLine {
    pub fn bottom(&self) -> f32 {
        self.top + self.height
    }

    /// The logical character ranges of this line in visual order (left to right), with the
    /// x extent of each: consecutive clusters of one direction merged into a run.
    pub fn runs(&self) -> Vec<(CharRange, f32, f32, bool)> {
        let mut runs: Vec<(CharRange, f32, f32, bool)> = Vec::new();
        for c in &self.clusters {
            if let Some(last) = runs.last_mut() {
                let joins = last.3 == c.rtl
                    && if c.rtl {
                        c.chars.end == last.0.start
                    } else {
                        c.chars.start == last.0.end
                    };
                if joins {
                    last.0 = CharRange {
                        start: last.0.start.min(c.chars.start),
                        end: last.0.end.max(c.chars.end),
                    };
                    last.2 = c.x + c.width;
                    continue;
                }
            }
            runs.push((c.chars, c.x, c.x + c.width, c.rtl));
        }
        runs
    }
}

/// A laid-out paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct ParagraphLayout {
    /// The paragraph's characters in the document.
    pub chars: CharRange,
    pub direction: Direction,
    pub lines: Vec<VisualLine>,
    /// Total height in points.
    pub height: f32,
    /// The width the paragraph was laid out for.
    pub width: f32,
    pub font_size: f32,
}

impl ParagraphLayout {
    /// Give each line `room(line)` more points above its text (for marks drawn there, such
    /// as label tags): its box grows at the top, its text and the lines below move down.
    pub fn add_room_above(&mut self, room: impl Fn(&VisualLine) -> f32) {
        let mut shift = 0.0;
        for line in &mut self.lines {
            let extra = room(line).max(0.0);
            line.top += shift;
            line.baseline += shift + extra;
            line.height += extra;
            shift += extra;
        }
        self.height += shift;
    }

    /// The line holding `offset` (a position at the very end belongs to the last line).
    pub fn line_of(&self, offset: CharOffset) -> usize {
        let i = self.lines.partition_point(|l| l.chars.end <= offset);
        i.min(self.lines.len().saturating_sub(1))
    }

    /// The visual order of the whole paragraph: for each line, the logical char offsets from
    /// left to right (each character once, ligature members in reading order).
    pub fn visual_order(&self) -> Vec<Vec<CharOffset>> {
        self.lines
            .iter()
            .map(|line| {
                let mut order = Vec::new();
                for c in &line.clusters {
                    let range = c.chars.start.0..c.chars.end.0;
                    if c.rtl {
                        order.extend(range.rev().map(CharOffset));
                    } else {
                        order.extend(range.map(CharOffset));
                    }
                }
                order
            })
            .collect()
    }
}
