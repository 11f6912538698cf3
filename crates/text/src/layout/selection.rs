//! Geometry of a logical character range: the rectangles that cover it on each line. A
//! range that crosses a change of direction is drawn as several boxes on one line.

use super::paragraph::{ParagraphLayout, TextRect};
use crate::offset::CharRange;

impl ParagraphLayout {
    /// Boxes covering every drawn character of `range` (document offsets), merged where they
    /// touch, top line first and left to right within a line.
    pub fn selection_rects(&self, range: CharRange) -> Vec<TextRect> {
        let mut rects = Vec::new();
        if range.is_empty() || !range.overlaps(&self.chars) {
            return rects;
        }
        for line in &self.lines {
            if !line.chars.overlaps(&range) {
                continue;
            }
            let mut spans: Vec<(f32, f32)> = line
                .pieces()
                .filter(|p| range.contains(p.offset))
                .map(|p| (p.x0, p.x1))
                .collect();
            spans.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut merged: Vec<(f32, f32)> = Vec::new();
            for (x0, x1) in spans {
                match merged.last_mut() {
                    Some(last) if x0 <= last.1 + 0.5 => last.1 = last.1.max(x1),
                    _ => merged.push((x0, x1)),
                }
            }
            rects.extend(merged.into_iter().map(|(x0, x1)| TextRect {
                x0,
                y0: line.top,
                x1,
                y1: line.bottom(),
            }));
        }
        rects
    }
}
