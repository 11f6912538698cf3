//! Glyph images for painting: keys that identify one glyph at one size and sub-pixel
//! position, and the coverage bitmaps swash (cosmic-text's rasteriser) makes for them.
//!
//! The pane keeps the bitmaps in an egui texture atlas keyed by [`RasterKey`].

use cosmic_text::{CacheKey, CacheKeyFlags, fontdb};

/// Which glyph of which font at which size: enough to rasterise it anywhere.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GlyphKey {
    pub(crate) font_id: fontdb::ID,
    pub(crate) glyph_id: u16,
    pub(crate) font_size: f32,
    pub(crate) weight: fontdb::Weight,
    pub(crate) flags: CacheKeyFlags,
}

/// A glyph at a physical size and sub-pixel offset: the atlas key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RasterKey(pub(crate) CacheKey);

impl GlyphKey {
    /// The raster key and whole-pixel position for a glyph whose pen sits at `x_px`,
    /// `y_px` (physical pixels, fractional) when drawn at `scale` pixels per point.
    pub fn at(&self, x_px: f32, y_px: f32, scale: f32) -> (RasterKey, i32, i32) {
        let (key, x, y) = CacheKey::new(
            self.font_id,
            self.glyph_id,
            self.font_size * scale,
            (x_px, y_px.trunc()),
            self.weight,
            self.flags,
        );
        (RasterKey(key), x, y)
    }
}

/// An 8-bit coverage bitmap and where it sits relative to the pen position (in pixels,
/// `top` measured upwards from the baseline).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlyphBitmap {
    pub left: i32,
    pub top: i32,
    pub width: u32,
    pub height: u32,
    /// Row-major coverage, `width * height` bytes.
    pub alpha: Vec<u8>,
}
