//! Event and relation arcs over the article: from a trigger to each argument, from a relation's
//! head to its tail, labelled with the role or relation type, drawn in room made above the
//! lines (above the label tags, never over text), and pointing at the argument's *visual*
//! place in right-to-left text (the geometry is `text::layout::arcs`, which mirrors nothing).
//!
//! Arcs are laid out per paragraph when the paragraph's room is made (`DocLayout::with_room`),
//! so a line gets exactly the levels its arcs need. An arc whose other end is in another
//! paragraph, or out of the document's view, is a *marker* above its visible end instead:
//! a box with a triangle pointing up (the other end is above) or down, the role and the other
//! end's text ("Actor: نصرة الإسلام"), which scrolls there when clicked.

use super::resources::TextResources;
use crate::frame_index::{ArcKey, FrameIndex, arc_spec, arc_text};
use crate::model::{CharOffset, Document, Schema};
use crate::text::layout::ParagraphLayout;
use crate::text::layout::arcs::{ArcLayout, ArcStyle, Edge, LineBox, layout_arcs};
use egui::{Color32, Pos2, Shape, Stroke, pos2, vec2};
use std::collections::HashMap;

/// What an arc shows: its label, the label's width, where its other end is, and whether it
/// has an arrowhead (a symmetric relation has none).
#[derive(Debug, Clone, PartialEq)]
pub struct ArcInfo {
    pub name: String,
    pub width: f32,
    /// The text of the trigger (or head) and of the argument (or tail).
    pub from_text: String,
    pub to_text: String,
    pub from_at: CharOffset,
    pub to_at: CharOffset,
    pub arrow: bool,
}

/// The arcs of a document and what each shows, made once per project state.
#[derive(Debug, Default)]
pub struct DocArcs {
    pub index: FrameIndex,
    pub info: HashMap<ArcKey, ArcInfo>,
}

/// The font size of arc labels for an article at `font_size`.
pub fn label_size(font_size: f32) -> f32 {
    (font_size * 0.5).max(9.0)
}

/// Points per level of arcs above a line.
pub fn level_height(font_size: f32) -> f32 {
    (label_size(font_size) * 1.5 + 4.0).round()
}

impl DocArcs {
    pub fn new(doc: &Document, schema: &Schema, font_size: f32) -> Self {
        let index = FrameIndex::new(doc);
        let size = label_size(font_size);
        let info = index
            .arcs()
            .iter()
            .filter_map(|arc| {
                let text = arc_text(doc, schema, arc.key)?;
                let arrow = match arc.key {
                    ArcKey::Relation(id) => doc
                        .relation(id)
                        .and_then(|r| schema.relation_type(&r.kind))
                        .is_none_or(|t| !t.symmetric),
                    ArcKey::Argument { .. } => true,
                };
                Some((
                    arc.key,
                    ArcInfo {
                        name: text.name.to_owned(),
                        // Latin role names at the label size: about half an em a letter.
                        width: text.name.chars().count() as f32 * size * 0.55 + 8.0,
                        from_text: text.from_text.to_owned(),
                        to_text: text.to_text.to_owned(),
                        from_at: arc.from.start,
                        to_at: arc.to.start,
                        arrow,
                    },
                ))
            })
            .collect();
        Self { index, info }
    }

    /// The arcs of one paragraph laid out on its lines (ends elsewhere become markers).
    pub fn paragraph(&self, layout: &ParagraphLayout) -> ArcLayout<ArcKey> {
        let window = layout.chars;
        let specs: Vec<_> = self
            .index
            .visible_arcs(window)
            .into_iter()
            .map(|arc| {
                let width = self.info.get(&arc.key).map_or(40.0, |i| i.width);
                arc_spec(arc, window, |r| layout.span_place(r, 0), width)
            })
            .collect();
        let lines: Vec<LineBox> = layout.line_boxes().collect();
        layout_arcs(&specs, &lines, &ArcStyle::default())
    }
}

/// How many levels each line of a paragraph needs: its arcs', and one more per marker slot.
pub fn levels_per_line(arcs: &ArcLayout<ArcKey>, lines: usize) -> Vec<usize> {
    let mut levels: Vec<usize> = (0..lines)
        .map(|i| arcs.levels.get(i).copied().unwrap_or(0))
        .collect();
    let mut markers = vec![0usize; lines];
    for m in &arcs.markers {
        if let Some(n) = markers.get_mut(m.at.line) {
            *n = (*n).max(m.slot + 1);
        }
    }
    for (l, m) in levels.iter_mut().zip(markers) {
        *l += m;
    }
    levels
}

/// An arc label or a marker drawn this frame, for the pane to make a widget of (found through
/// AccessKit by its name); a marker scrolls to its arc's other end when clicked.
pub struct ArcHit {
    pub rect: egui::Rect,
    pub label: String,
    pub go_to: Option<CharOffset>,
}

/// Paint the arcs of one paragraph at `origin` (its top-left on screen). Lines' arc room is the
/// top `levels[line] × level` points of each line.
#[allow(clippy::too_many_arguments)]
pub fn paint_paragraph_arcs(
    out: &mut Vec<Shape>,
    mesh: &mut egui::Mesh,
    res: &mut TextResources,
    painter: &egui::Painter,
    (origin, ppp, clip): (Pos2, f32, egui::Rect),
    layout: &ParagraphLayout,
    arcs: &ArcLayout<ArcKey>,
    doc_arcs: &DocArcs,
    font_size: f32,
    (color, background): (Color32, Color32),
) -> Vec<ArcHit> {
    let level = level_height(font_size);
    let size = label_size(font_size);
    let levels = levels_per_line(arcs, layout.lines.len());
    let stroke = Stroke::new(1.2, color);
    let font = egui::FontId::proportional(size);
    // y (paragraph coordinates) of the bar of `lv` on `line`: level 0 lowest, nearest the text.
    let bar_y = |line: usize, lv: usize| {
        let l = &layout.lines[line];
        let n = levels.get(line).copied().unwrap_or(0);
        l.top + (n.saturating_sub(lv + 1)) as f32 * level + level * 0.55
    };
    let room_bottom = |line: usize| {
        let l = &layout.lines[line];
        l.top + levels.get(line).copied().unwrap_or(0) as f32 * level
    };
    let mut hits = Vec::new();
    for seg in &arcs.segments {
        let Some(info) = doc_arcs.info.get(&seg.key) else {
            continue;
        };
        if seg.line >= layout.lines.len() {
            continue;
        }
        let y = bar_y(seg.line, seg.level);
        let foot = room_bottom(seg.line);
        let p = |x: f32, y: f32| origin + vec2(x, y);
        let mut points = Vec::new();
        if seg.starts_at_span {
            points.push(p(seg.x_start, foot));
        }
        points.push(p(seg.x_start, y));
        points.push(p(seg.x_end, y));
        if seg.arrow {
            points.push(p(seg.x_end, foot - 1.0));
        }
        out.push(Shape::line(points, stroke));
        if seg.arrow && info.arrow {
            let tip = p(seg.x_end, foot - 1.0);
            out.push(Shape::convex_polygon(
                vec![tip, tip + vec2(-3.5, -6.0), tip + vec2(3.5, -6.0)],
                color,
                Stroke::NONE,
            ));
        }
        if let Some(x) = seg.label_x {
            let galley = painter.layout_no_wrap(info.name.clone(), font.clone(), color);
            let r = egui::Rect::from_center_size(p(x, y), galley.size() + vec2(6.0, 0.0));
            out.push(Shape::rect_filled(r, 3.0, background));
            out.push(Shape::galley(r.min + vec2(3.0, 0.0), galley, color));
            hits.push(ArcHit {
                rect: r,
                label: format!("arc {}: {} → {}", info.name, info.from_text, info.to_text),
                go_to: None,
            });
        }
    }
    for m in &arcs.markers {
        let Some(info) = doc_arcs.info.get(&m.key) else {
            continue;
        };
        if m.at.line >= layout.lines.len() {
            continue;
        }
        let up = m.edge == Edge::Top;
        let (other, go_to) = if m.visible_is_to {
            (&info.from_text, info.from_at)
        } else {
            (&info.to_text, info.to_at)
        };
        let text = format!("{}: {other}", info.name);
        let n = levels.get(m.at.line).copied().unwrap_or(0);
        // Markers sit above the line's arcs, slot 0 highest.
        let lv = n.saturating_sub(1 + m.slot);
        let y = layout.lines[m.at.line].top + (n - 1 - lv) as f32 * level;
        let label = super::label::label_layout(res, &text, size);
        let width = label.lines.first().map_or(0.0, |l| l.right - l.left);
        // Room for the triangle at the box's left.
        let tri = size * 0.9;
        let x = (m.at.anchor() - (width + tri) / 2.0).max(0.0);
        let rect =
            egui::Rect::from_min_size(origin + vec2(x, y), vec2(width + tri + 9.0, level - 2.0));
        let c = pos2(rect.min.x + 3.0 + tri / 2.0, rect.center().y);
        let h = tri * 0.45;
        let points = if up {
            vec![c + vec2(0.0, -h), c + vec2(h, h), c + vec2(-h, h)]
        } else {
            vec![c + vec2(0.0, h), c + vec2(-h, -h), c + vec2(h, -h)]
        };
        out.push(Shape::convex_polygon(points, color, Stroke::NONE));
        out.push(Shape::rect_stroke(
            rect,
            3.0,
            Stroke::new(1.0, color),
            egui::StrokeKind::Inside,
        ));
        let left = label.lines.first().map_or(0.0, |l| l.left);
        let text_origin = pos2(
            rect.min.x + 6.0 + tri - left,
            rect.min.y + (level - 2.0 - label.height) / 2.0,
        );
        res.glyph_mesh(&label, text_origin, ppp, color, clip.intersect(rect), mesh);
        hits.push(ArcHit {
            rect,
            label: format!("marker {text} ({})", if up { "above" } else { "below" }),
            go_to: Some(go_to),
        });
    }
    hits
}
