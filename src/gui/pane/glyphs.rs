//! Turning a laid-out paragraph's glyphs into textured quads of an egui mesh, snapped to
//! whole physical pixels (the sub-pixel remainder is baked into the rasterised image).

use super::atlas::GlyphAtlas;
use crate::text::layout::{ParagraphLayout, TextEngine};

#[expect(
    clippy::too_many_arguments,
    reason = "one call site; a struct would only rename them"
)]
pub fn paint_paragraph_glyphs(
    engine: &mut TextEngine,
    atlas: &mut GlyphAtlas,
    layout: &ParagraphLayout,
    origin: egui::Pos2,
    pixels_per_point: f32,
    color: egui::Color32,
    clip: egui::Rect,
    mesh: &mut egui::Mesh,
) {
    let ppp = pixels_per_point;
    for line in &layout.lines {
        let top = origin.y + line.top;
        if top > clip.max.y || top + line.height < clip.min.y {
            continue;
        }
        let baseline = origin.y + line.baseline;
        for glyph in &line.glyphs {
            let pen_x = (origin.x + glyph.x) * ppp;
            let pen_y = (baseline + glyph.y) * ppp;
            let (key, x_px, y_px) = glyph.key.at(pen_x, pen_y, ppp);
            let Some(image) = atlas.get(engine, key) else {
                continue;
            };
            let min = egui::pos2(x_px as f32, y_px as f32) + image.offset_px;
            let rect = egui::Rect::from_min_size(min / ppp, image.size_px / ppp);
            mesh.add_rect_with_uv(rect, image.uv, color);
        }
    }
}
