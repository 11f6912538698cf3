//! Painting the visible paragraphs: span highlights behind the glyphs, decorations, the
//! selection, then the glyphs, then underlines, edge brackets, label tags and the caret.
//! Every span and decoration gets a hover widget with an AccessKit name.

use super::Frame;
use super::cache::DocLayout;
use super::resources::TextResources;
use super::spans::{VisibleSpan, visible_spans};
use super::{Caret, PaneOutput};
use crate::gui::decoration::{Decoration, DecorationStyle};
use crate::model::{CharOffset, CharRange, Document, Schema, SpanId};
use crate::text::layout::{ParagraphLayout, TextRect};
use egui::{Color32, Pos2, Rect, Stroke, pos2, vec2};
use std::ops::Range;

/// A hover widget whose tooltip the caller shows once the text resources are free again.
pub struct Hover {
    pub response: egui::Response,
    pub title: String,
    pub text: String,
    pub span: Option<SpanId>,
}

/// The part of a line box that highlights cover: from above the tallest letters to below
/// the deepest descenders, leaving the rest for tags and underlines.
fn band(layout: &ParagraphLayout, rect: &TextRect) -> (f32, f32) {
    let line = &layout.lines[layout.line_at_y(rect.y0 + 0.1)];
    let fs = layout.font_size;
    (
        (line.baseline - 1.05 * fs).max(line.top),
        (line.baseline + 0.6 * fs).min(line.bottom()),
    )
}

fn to_screen(origin: Pos2, x0: f32, y0: f32, x1: f32, y1: f32) -> Rect {
    Rect::from_min_max(origin + vec2(x0, y0), origin + vec2(x1, y1))
}

fn label_color(schema: &Schema, span: &crate::model::Span) -> (Color32, String) {
    match schema.label(&span.label) {
        Some(label) => {
            let [r, g, b] = label.color.0;
            (Color32::from_rgb(r, g, b), label.name.clone())
        }
        None => (Color32::GRAY, span.label.as_str().to_owned()),
    }
}

fn decoration_color(style: DecorationStyle) -> Color32 {
    match style {
        DecorationStyle::Hit => Color32::from_rgb(240, 200, 40),
        DecorationStyle::Current => Color32::from_rgb(250, 130, 20),
        DecorationStyle::Preview => Color32::from_rgb(60, 120, 230),
        DecorationStyle::Agree => Color32::from_rgb(40, 160, 70),
        DecorationStyle::LabelConflict | DecorationStyle::BoundaryConflict => {
            Color32::from_rgb(220, 40, 40)
        }
        DecorationStyle::Partial => Color32::from_rgb(130, 130, 130),
    }
}

/// Draw the visible paragraphs `visible` and return the hover widgets made.
#[expect(
    clippy::too_many_arguments,
    reason = "the pane's frame state, passed once"
)]
pub fn paint_pane(
    ui: &mut egui::Ui,
    response: &egui::Response,
    frame: Frame,
    cache: &mut DocLayout,
    res: &mut TextResources,
    doc: &Document,
    schema: &Schema,
    decorations: &[Decoration],
    visible: Range<usize>,
    caret: Option<Caret>,
    selected_span: Option<SpanId>,
    clip: Rect,
    output: &mut PaneOutput,
) -> Vec<Hover> {
    let mut hovers = Vec::new();
    if visible.is_empty() {
        return hovers;
    }
    let painter = ui.painter_at(clip);
    let dark = ui.visuals().dark_mode;
    let text_color = ui.visuals().text_color();
    let selection_fill = ui.visuals().selection.bg_fill.gamma_multiply(0.55);
    let fs = frame.params.font_size;
    let visible_chars = CharRange {
        start: cache.paragraphs[visible.start].chars.start,
        end: cache.paragraphs[visible.end - 1].chars.end,
    };
    let reach = cache.span_reach(doc.spans(), frame.spans_revision);
    let spans: Vec<VisibleSpan<'_>> = visible_spans(doc.spans(), reach, visible_chars);
    let marks: Vec<&Decoration> = decorations
        .iter()
        .filter(|d| d.range.overlaps(&visible_chars))
        .collect();
    let hover_pos = ui
        .ctx()
        .pointer_hover_pos()
        .filter(|p| clip.contains(*p) && response.rect.contains(*p));

    let mut back: Vec<egui::Shape> = Vec::new();
    let mut front: Vec<egui::Shape> = Vec::new();
    let mut mesh = egui::Mesh::with_texture(res.atlas.texture_id());
    let atlas_generation = res.atlas.generation;
    let ppp = ui.ctx().pixels_per_point();
    let mut span_widget_made: Vec<SpanId> = Vec::new();

    for i in visible.clone() {
        let top = cache.top(i);
        let Some(layout) = cache.cached(i) else {
            continue;
        };
        let origin = frame.origin + vec2(0.0, top);
        if origin.y > clip.max.y || origin.y + layout.height < clip.min.y {
            continue;
        }

        // Span highlights and their underlines.
        for v in &spans {
            let span = v.span;
            let (color, name) = label_color(schema, span);
            let selected = selected_span == Some(span.id);
            let alpha = match (selected, dark) {
                (true, _) => 130,
                (false, true) => 80,
                (false, false) => 60,
            };
            let fill = Color32::from_rgba_unmultiplied(color.r(), color.g(), color.b(), alpha);
            let rects = layout.selection_rects(span.range());
            for (k, r) in rects.iter().enumerate() {
                let (y0, y1) = band(layout, r);
                let screen = to_screen(origin, r.x0, y0, r.x1, y1);
                back.push(egui::Shape::rect_filled(screen, 2.0, fill));
                if selected {
                    front.push(egui::Shape::rect_stroke(
                        screen,
                        2.0,
                        Stroke::new(1.5, color),
                        egui::StrokeKind::Outside,
                    ));
                }
                let y = screen.max.y + 2.0 + 3.0 * v.depth as f32;
                front.push(egui::Shape::line_segment(
                    [pos2(screen.min.x, y), pos2(screen.max.x, y)],
                    Stroke::new(2.0, color),
                ));
                let first = !span_widget_made.contains(&span.id);
                let id_name = span.label.as_str();
                let label = if first {
                    format!("span {id_name} {}", span.text())
                } else {
                    format!("span {id_name} {} (continued {k})", span.text())
                };
                let id = response.id.with(("span", span.id.0, i, k));
                let widget = ui.interact(screen, id, egui::Sense::hover());
                widget.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Mark, true, &label));
                res.mark_bidi(widget.id);
                if first {
                    span_widget_made.push(span.id);
                }
                hovers.push(Hover {
                    response: widget,
                    title: name.clone(),
                    text: span.text().to_owned(),
                    span: Some(span.id),
                });
            }
            // Edge brackets, and the label tag at the start.
            if let Some((line, lead, _)) = layout.char_edges(span.start()) {
                let rtl = layout.lines[line]
                    .clusters
                    .iter()
                    .any(|c| c.chars.contains(span.start()) && c.rtl);
                let r = TextRect {
                    x0: lead,
                    y0: layout.lines[line].top,
                    x1: lead,
                    y1: layout.lines[line].bottom(),
                };
                let (y0, y1) = band(layout, &r);
                let inward = if rtl { -1.0 } else { 1.0 };
                bracket(&mut front, origin, lead, y0, y1, inward, color);
                let font = egui::FontId::proportional((fs * 0.45).max(8.0));
                let galley = painter.layout_no_wrap(name.clone(), font, Color32::WHITE);
                let w = galley.size().x + 6.0;
                let h = galley.size().y + 1.0;
                let x = if rtl { lead - w } else { lead };
                let tag = to_screen(origin, x, y0 - h - 1.0, x + w, y0 - 1.0)
                    .translate(vec2(0.0, -3.0 * v.depth as f32));
                front.push(egui::Shape::rect_filled(
                    tag,
                    3.0,
                    color.gamma_multiply(0.9),
                ));
                front.push(egui::Shape::galley(
                    tag.min + vec2(3.0, 0.5),
                    galley,
                    Color32::WHITE,
                ));
            }
            if let Some(last) = span.end().0.checked_sub(1).map(CharOffset)
                && let Some((line, _, trail)) = layout.char_edges(last)
            {
                let rtl = layout.lines[line]
                    .clusters
                    .iter()
                    .any(|c| c.chars.contains(last) && c.rtl);
                let r = TextRect {
                    x0: trail,
                    y0: layout.lines[line].top,
                    x1: trail,
                    y1: layout.lines[line].bottom(),
                };
                let (y0, y1) = band(layout, &r);
                let inward = if rtl { 1.0 } else { -1.0 };
                bracket(&mut front, origin, trail, y0, y1, inward, color);
            }
        }

        // Decorations from other features.
        for (n, d) in marks.iter().enumerate() {
            let color = decoration_color(d.style);
            for (k, r) in layout.selection_rects(d.range).iter().enumerate() {
                let (y0, y1) = band(layout, r);
                let screen = to_screen(origin, r.x0, y0, r.x1, y1);
                match d.style {
                    DecorationStyle::Hit | DecorationStyle::Current => {
                        let a = if d.style == DecorationStyle::Current {
                            150
                        } else {
                            90
                        };
                        back.push(egui::Shape::rect_filled(
                            screen,
                            2.0,
                            Color32::from_rgba_unmultiplied(color.r(), color.g(), color.b(), a),
                        ));
                    }
                    DecorationStyle::Preview | DecorationStyle::BoundaryConflict => {
                        front.extend(egui::Shape::dashed_line(
                            &[
                                screen.left_top(),
                                screen.right_top(),
                                screen.right_bottom(),
                                screen.left_bottom(),
                                screen.left_top(),
                            ],
                            Stroke::new(1.5, color),
                            4.0,
                            3.0,
                        ));
                    }
                    DecorationStyle::Agree
                    | DecorationStyle::LabelConflict
                    | DecorationStyle::Partial => {
                        let y = screen.min.y - 2.0;
                        front.push(egui::Shape::line_segment(
                            [pos2(screen.min.x, y), pos2(screen.max.x, y)],
                            Stroke::new(2.5, color),
                        ));
                    }
                }
                let label = if k == 0 {
                    d.name.clone()
                } else {
                    format!("{} (continued {k})", d.name)
                };
                let widget = ui.interact(
                    screen,
                    response.id.with(("mark", n, i, k)),
                    egui::Sense::hover(),
                );
                widget.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Mark, true, &label));
                res.mark_bidi(widget.id);
                hovers.push(Hover {
                    response: widget,
                    title: d.tooltip.clone(),
                    text: String::new(),
                    span: None,
                });
            }
        }

        // The selection.
        if let Some(c) = caret {
            for r in layout.selection_rects(c.range()) {
                back.push(egui::Shape::rect_filled(
                    to_screen(origin, r.x0, r.y0 + 2.0, r.x1, r.y1 - 2.0),
                    0.0,
                    selection_fill,
                ));
            }
            if response.has_focus() && layout.chars.start <= c.head && c.head <= layout.chars.end {
                let (line, x) = layout.caret_position(c.head);
                let l = &layout.lines[line];
                front.push(egui::Shape::line_segment(
                    [
                        origin + vec2(x, l.top + 4.0),
                        origin + vec2(x, l.bottom() - 4.0),
                    ],
                    Stroke::new(1.5, text_color),
                ));
            }
        }

        // Hover: which span is under the pointer.
        if let Some(p) = hover_pos {
            let local = p - origin;
            if local.y >= 0.0
                && local.y < layout.height
                && let Some(ch) = layout.char_at(local.x, local.y)
                && layout
                    .char_rect(ch)
                    .is_some_and(|r| r.x0 - 2.0 <= local.x && local.x <= r.x1 + 2.0)
            {
                output.span_hovered = spans
                    .iter()
                    .filter(|v| v.span.range().contains(ch))
                    .min_by_key(|v| v.span.range().len())
                    .map(|v| v.span.id);
            }
        }

        // Arcs of events and relations, in the room above the lines.
        if let Some(arcs) = cache.cached_arcs(i)
            && !(arcs.segments.is_empty() && arcs.markers.is_empty())
        {
            let arc_color = ui.visuals().weak_text_color();
            let hits = super::arcs::paint_paragraph_arcs(
                &mut front,
                &mut mesh,
                res,
                &painter,
                (origin, ppp, clip),
                layout,
                arcs,
                cache.doc_arcs(),
                fs,
                (arc_color, ui.visuals().panel_fill),
            );
            for (k, hit) in hits.into_iter().enumerate() {
                let sense = if hit.go_to.is_some() {
                    egui::Sense::click()
                } else {
                    egui::Sense::hover()
                };
                let widget = ui.interact(hit.rect, response.id.with(("arc", i, k)), sense);
                widget
                    .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Mark, true, &hit.label));
                res.mark_bidi(widget.id);
                if widget.clicked() {
                    output.go_to = hit.go_to;
                }
            }
        }

        res.glyph_mesh(layout, origin, ppp, text_color, clip, &mut mesh);
    }

    if res.atlas.generation != atlas_generation {
        // The atlas filled up and was cleared while painting: glyphs placed before that
        // point have stale texture coordinates, so draw the frame again.
        ui.ctx().request_repaint();
    }
    painter.extend(back);
    painter.add(egui::Shape::mesh(mesh));
    painter.extend(front);
    hovers
}

/// A thin bracket at a span edge: a vertical bar with short ticks pointing into the span.
fn bracket(
    out: &mut Vec<egui::Shape>,
    origin: Pos2,
    x: f32,
    y0: f32,
    y1: f32,
    inward: f32,
    color: Color32,
) {
    let stroke = Stroke::new(1.2, color);
    let top = origin + vec2(x, y0);
    let bottom = origin + vec2(x, y1);
    out.push(egui::Shape::line(
        vec![
            top + vec2(3.0 * inward, 0.0),
            top,
            bottom,
            bottom + vec2(3.0 * inward, 0.0),
        ],
        stroke,
    ));
}
