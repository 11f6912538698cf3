//! A one-line label for short Arabic strings in side panels (document titles, span texts
//! in lists), laid out and painted by the same engine as the article pane, so mixed
//! Arabic/Latin/digit strings read in the right order where `egui::Label` would reverse them.

use super::resources::{TextResources, with_text_resources};
use crate::model::CharOffset;
use crate::text::layout::{LayoutParams, ParagraphLayout};
use std::sync::Arc;

/// Labels kept laid out before the label cache is emptied.
const MAX_CACHED_LABELS: usize = 2048;
/// Wide enough that a label never wraps.
const NO_WRAP_WIDTH: f32 = 100_000.0;

pub(super) fn label_layout(
    res: &mut TextResources,
    text: &str,
    font_size: f32,
) -> Arc<ParagraphLayout> {
    wrapped_layout(res, text, font_size, NO_WRAP_WIDTH)
}

/// The layout of the first line of `text` wrapped at `width` (cached with the labels).
fn wrapped_layout(
    res: &mut TextResources,
    text: &str,
    font_size: f32,
    width: f32,
) -> Arc<ParagraphLayout> {
    let key = (text.to_owned(), font_size.to_bits(), width.to_bits());
    if let Some(found) = res.labels.get(&key) {
        return found.clone();
    }
    if res.labels.len() > MAX_CACHED_LABELS {
        res.labels.clear();
    }
    let params = LayoutParams {
        font_size,
        line_height: (font_size * 1.8).round(),
        width,
        base: crate::text::layout::BaseDirection::FirstStrong,
    };
    let first_line = text.lines().next().unwrap_or("");
    let layout = Arc::new(
        res.engine
            .layout_paragraph(first_line, CharOffset(0), &params),
    );
    res.labels.insert(key, layout.clone());
    layout
}

/// Width in points `text` takes at `font_size` on one line.
pub fn bidi_text_width(ctx: &egui::Context, text: &str, font_size: f32) -> f32 {
    with_text_resources(ctx, |res| {
        let layout = label_layout(res, text, font_size);
        layout.lines.first().map_or(0.0, |l| l.right - l.left)
    })
}

/// Show the first line of `text` at `font_size` points. The response carries `text` as its
/// accessible name. A text wider than the space is cut at its end (see [`bidi_label_clipped`]).
pub fn bidi_label(ui: &mut egui::Ui, text: &str, font_size: f32) -> egui::Response {
    let max = ui.available_width().max(24.0);
    bidi_label_clipped(ui, text, font_size, max, false)
}

/// Like [`bidi_label`], at most `max_width` wide; with `ellipsis`, a text cut short ends in
/// "…" and shows in full when hovered (document titles in the list).
pub fn bidi_label_clipped(
    ui: &mut egui::Ui,
    text: &str,
    font_size: f32,
    max_width: f32,
    ellipsis: bool,
) -> egui::Response {
    let ctx = ui.ctx().clone();
    let color = ui.visuals().text_color();
    let ppp = ctx.pixels_per_point();
    let layout = with_text_resources(&ctx, |res| label_layout(res, text, font_size));
    let (left, width) = layout
        .lines
        .first()
        .map_or((0.0, 0.0), |l| (l.left, l.right - l.left));
    // Never wider than the space there is: a long title is cut at its end (the left for
    // right-to-left text), so it cannot widen, and reflow, the panel it sits in.
    let shown = width.ceil().min(max_width.max(24.0));
    let cut = shown < width.ceil();
    let size = egui::vec2(shown, layout.height);
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
    let rtl = layout.direction.is_rtl();
    // Room for the ellipsis at the end where the text is cut.
    let mark = if cut && ellipsis {
        (font_size * 0.9).min(shown / 2.0)
    } else {
        0.0
    };
    if ui.is_rect_visible(rect) {
        let hidden = if rtl {
            (width - shown + mark).max(0.0)
        } else {
            0.0
        };
        let origin = rect.min - egui::vec2(left + hidden, 0.0);
        let text_rect = if rtl {
            egui::Rect::from_min_max(rect.min + egui::vec2(mark, 0.0), rect.max)
        } else {
            egui::Rect::from_min_max(rect.min, rect.max - egui::vec2(mark, 0.0))
        };
        let clip = ui.clip_rect().intersect(text_rect);
        let mesh = with_text_resources(&ctx, |res| {
            let mut mesh = egui::Mesh::with_texture(res.atlas.texture_id());
            res.glyph_mesh(&layout, origin, ppp, color, clip, &mut mesh);
            mesh
        });
        // The cut is drawn by the painter's clip: glyphs half outside are cut at the edge,
        // leaving the room of the ellipsis free.
        ui.painter()
            .with_clip_rect(clip)
            .add(egui::Shape::mesh(mesh));
        if mark > 0.0 {
            let x = if rtl { rect.min.x } else { rect.max.x - mark };
            ui.painter().text(
                egui::pos2(x + mark / 2.0, rect.center().y),
                egui::Align2::CENTER_CENTER,
                "…",
                egui::FontId::proportional(font_size * 0.8),
                color,
            );
        }
    }
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, text));
    super::resources::mark_bidi_widget(&ctx, response.id);
    if cut && ellipsis {
        let full = text.to_owned();
        return response.on_hover_ui(move |ui| {
            bidi_label_clipped(ui, &full, font_size, f32::INFINITY, false);
        });
    }
    response
}

/// A paragraph of `text` (its first line) wrapped at the width available, drawn by the bidi
/// engine: right-aligned when it reads right to left. For Arabic prose in panels (the
/// guidelines); the accessible name is the text.
pub fn bidi_paragraph(ui: &mut egui::Ui, text: &str, font_size: f32) -> egui::Response {
    let ctx = ui.ctx().clone();
    let color = ui.visuals().text_color();
    let ppp = ctx.pixels_per_point();
    let width = ui.available_width().max(40.0).floor();
    let layout = with_text_resources(&ctx, |res| wrapped_layout(res, text, font_size, width));
    let (rect, response) =
        ui.allocate_exact_size(egui::vec2(width, layout.height), egui::Sense::hover());
    if ui.is_rect_visible(rect) {
        let clip = ui.clip_rect().intersect(rect);
        let mesh = with_text_resources(&ctx, |res| {
            let mut mesh = egui::Mesh::with_texture(res.atlas.texture_id());
            res.glyph_mesh(&layout, rect.min, ppp, color, clip, &mut mesh);
            mesh
        });
        ui.painter().add(egui::Shape::mesh(mesh));
    }
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, text));
    super::resources::mark_bidi_widget(&ctx, response.id);
    response
}

/// Paint the first line of `text` inside `rect` (right-aligned when it reads right to left),
/// clipped to it: for placeholders and other text that is not a widget of its own.
pub fn paint_bidi_line(
    ui: &egui::Ui,
    text: &str,
    font_size: f32,
    rect: egui::Rect,
    color: egui::Color32,
) {
    let ctx = ui.ctx().clone();
    let ppp = ctx.pixels_per_point();
    let layout = with_text_resources(&ctx, |res| label_layout(res, text, font_size));
    let Some(line) = layout.lines.first() else {
        return;
    };
    let width = line.right - line.left;
    let x = if layout.direction.is_rtl() {
        rect.max.x - width
    } else {
        rect.min.x
    };
    let origin = egui::pos2(x - line.left, rect.min.y);
    let clip = ui.clip_rect().intersect(rect);
    let mesh = with_text_resources(&ctx, |res| {
        let mut mesh = egui::Mesh::with_texture(res.atlas.texture_id());
        res.glyph_mesh(&layout, origin, ppp, color, clip, &mut mesh);
        mesh
    });
    // Glyphs are dropped above and below the clip; the painter cuts them at its sides.
    ui.painter()
        .with_clip_rect(clip)
        .add(egui::Shape::mesh(mesh));
}

/// A selectable button whose text may be Arabic (a label's name): like
/// `egui::Ui::selectable_label`, but the text is drawn by the bidi engine. Never wider than the
/// space there is: a longer text is cut at its end and shows in full when hovered.
pub fn bidi_selectable(ui: &mut egui::Ui, selected: bool, text: &str) -> egui::Response {
    let font_size = 14.0;
    let pad = ui.spacing().button_padding;
    let full = bidi_text_width(ui.ctx(), text, font_size);
    let width = full.min((ui.available_width() - 2.0 * pad.x).max(24.0));
    let layout_height = {
        let ctx = ui.ctx().clone();
        with_text_resources(&ctx, |res| label_layout(res, text, font_size).height)
    };
    let size = egui::vec2(width + 2.0 * pad.x, layout_height.max(18.0));
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::click());
    if ui.is_rect_visible(rect) {
        let visuals = ui.style().interact_selectable(&response, selected);
        if selected || response.hovered() || response.has_focus() {
            ui.painter().rect(
                rect,
                visuals.corner_radius,
                visuals.weak_bg_fill,
                visuals.bg_stroke,
                egui::StrokeKind::Inside,
            );
        }
        let inner = rect.shrink2(egui::vec2(pad.x, 0.0));
        paint_bidi_line(ui, text, font_size, inner, visuals.text_color());
    }
    response.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, text));
    super::resources::mark_bidi_widget(ui.ctx(), response.id);
    if width < full {
        let text = text.to_owned();
        return response.on_hover_ui(move |ui| {
            bidi_label_clipped(ui, &text, font_size, f32::INFINITY, false);
        });
    }
    response
}
