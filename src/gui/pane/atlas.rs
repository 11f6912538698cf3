//! The glyph atlas: coverage bitmaps from [`TextEngine::rasterize`] packed into one egui
//! texture (white, alpha = coverage, so vertex colours tint the text), addressed by
//! [`RasterKey`]. Shelf packing; when the texture is full it is cleared and refilled.

use crate::text::layout::TextEngine;
use crate::text::layout::raster::RasterKey;
use std::collections::HashMap;

/// Side of the square atlas texture, in pixels.
const ATLAS_SIZE: usize = 2048;
/// Empty pixels around each glyph, so linear filtering never bleeds a neighbour in.
const PADDING: usize = 1;

/// Where one glyph image sits in the atlas and relative to its pen position.
#[derive(Debug, Clone, Copy)]
pub struct AtlasGlyph {
    /// Texture coordinates (0..1).
    pub uv: egui::Rect,
    /// Offset of the image's top-left corner from the pen, in pixels (y down).
    pub offset_px: egui::Vec2,
    pub size_px: egui::Vec2,
}

pub struct GlyphAtlas {
    texture: egui::TextureHandle,
    glyphs: HashMap<RasterKey, Option<AtlasGlyph>>,
    shelf_x: usize,
    shelf_y: usize,
    shelf_height: usize,
    /// Bumped every time the atlas is cleared; cached meshes from before are stale.
    pub generation: u64,
}

impl GlyphAtlas {
    pub fn new(ctx: &egui::Context) -> Self {
        let texture = ctx.load_texture(
            "hamish-glyph-atlas",
            egui::ColorImage::filled([ATLAS_SIZE, ATLAS_SIZE], egui::Color32::TRANSPARENT),
            egui::TextureOptions::LINEAR,
        );
        Self {
            texture,
            glyphs: HashMap::new(),
            shelf_x: 0,
            shelf_y: 0,
            shelf_height: 0,
            generation: 0,
        }
    }

    pub fn texture_id(&self) -> egui::TextureId {
        self.texture.id()
    }

    /// The atlas entry for a glyph, rasterising and uploading it on first use; `None` for a
    /// glyph without ink.
    pub fn get(&mut self, engine: &mut TextEngine, key: RasterKey) -> Option<AtlasGlyph> {
        if let Some(found) = self.glyphs.get(&key) {
            return *found;
        }
        let entry = engine.rasterize(key).and_then(|bitmap| {
            let (w, h) = (bitmap.width as usize, bitmap.height as usize);
            let (x, y) = self.place(w + PADDING, h + PADDING)?;
            let pixels = bitmap
                .alpha
                .iter()
                .map(|&a| egui::Color32::from_white_alpha(a))
                .collect();
            let image = egui::ColorImage::new([w, h], pixels);
            self.texture
                .set_partial([x, y], image, egui::TextureOptions::LINEAR);
            let size = ATLAS_SIZE as f32;
            Some(AtlasGlyph {
                uv: egui::Rect::from_min_size(
                    egui::pos2(x as f32 / size, y as f32 / size),
                    egui::vec2(w as f32 / size, h as f32 / size),
                ),
                offset_px: egui::vec2(bitmap.left as f32, -bitmap.top as f32),
                size_px: egui::vec2(w as f32, h as f32),
            })
        });
        self.glyphs.insert(key, entry);
        entry
    }

    /// A free place for a `w`×`h` image, clearing the atlas when it is full.
    fn place(&mut self, w: usize, h: usize) -> Option<(usize, usize)> {
        if w > ATLAS_SIZE || h > ATLAS_SIZE {
            return None;
        }
        if self.shelf_x + w > ATLAS_SIZE {
            self.shelf_y += self.shelf_height;
            self.shelf_x = 0;
            self.shelf_height = 0;
        }
        if self.shelf_y + h > ATLAS_SIZE {
            self.clear();
        }
        let at = (self.shelf_x, self.shelf_y);
        self.shelf_x += w;
        self.shelf_height = self.shelf_height.max(h);
        Some(at)
    }

    fn clear(&mut self) {
        self.glyphs.clear();
        self.shelf_x = 0;
        self.shelf_y = 0;
        self.shelf_height = 0;
        self.generation += 1;
        self.texture.set(
            egui::ColorImage::filled([ATLAS_SIZE, ATLAS_SIZE], egui::Color32::TRANSPARENT),
            egui::TextureOptions::LINEAR,
        );
    }
}
