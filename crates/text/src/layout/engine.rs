//! The layout engine: a cosmic-text font system holding only the bundled fonts, and the
//! conversion of its byte-offset layout into Hamish's document char offsets.
//!
//! cosmic-text is built without fontconfig, so no system font can sneak in; the same text
//! lays out identically on every machine.

use super::direction::{BaseDirection, Direction, paragraph_direction};
use super::paragraph::{Cluster, ParagraphLayout, PlacedGlyph, VisualLine};
use super::raster::{GlyphBitmap, GlyphKey, RasterKey};
use crate::fonts::{NASKH_ARABIC, NOTO_SANS, NOTO_SYMBOLS};
use crate::offset::{CharOffset, CharRange};
use crate::{ByteOffset, CharIndex};
use cosmic_text::{
    Align, Attrs, AttrsList, Family, FontSystem, Hinting, ShapeLine, Shaping, SwashCache,
    SwashContent, Wrap, fontdb,
};

/// The family every paragraph asks for first; Latin letters fall back to Noto Sans.
const ARTICLE_FAMILY: &str = "Noto Naskh Arabic";

/// Sizes for one layout, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LayoutParams {
    pub font_size: f32,
    /// Height of every line box; leave room above and below the glyphs for diacritics,
    /// label tags and underlines.
    pub line_height: f32,
    /// Wrap width.
    pub width: f32,
    /// How each paragraph's base direction is chosen.
    pub base: BaseDirection,
}

impl LayoutParams {
    /// The pane's usual proportions for a font size and width.
    pub fn article(font_size: f32, width: f32) -> Self {
        Self {
            font_size,
            line_height: (font_size * 2.4).round(),
            width,
            base: BaseDirection::FirstStrong,
        }
    }
}

/// Fonts, shaping scratch space and the glyph rasteriser. Create one and reuse it: building
/// the font system parses the bundled fonts.
pub struct TextEngine {
    fonts: FontSystem,
    rasterizer: SwashCache,
}

impl Default for TextEngine {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for TextEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TextEngine")
    }
}

impl TextEngine {
    /// An engine with the bundled Noto Naskh Arabic, Noto Sans and Noto Sans Symbols 2 (for
    /// the bullets and shapes articles use, such as `◙`), and nothing else.
    pub fn new() -> Self {
        let mut db = fontdb::Database::new();
        db.load_font_data(NASKH_ARABIC.to_vec());
        db.load_font_data(NOTO_SANS.to_vec());
        db.load_font_data(NOTO_SYMBOLS.to_vec());
        db.set_sans_serif_family("Noto Sans");
        db.set_serif_family(ARTICLE_FAMILY);
        Self {
            fonts: FontSystem::new_with_locale_and_db("ar".to_owned(), db),
            rasterizer: SwashCache::new(),
        }
    }

    /// Lay out one paragraph (text without line breaks) that starts at `start` in its
    /// document. Line-break characters inside `text` are drawn as spaces.
    pub fn layout_paragraph(
        &mut self,
        text: &str,
        start: CharOffset,
        params: &LayoutParams,
    ) -> ParagraphLayout {
        let direction = params.base.of(text);
        // A forced direction is given to the shaper as a strong mark before the text (RLM or
        // LRM, zero width): it sets the paragraph level as UAX #9's HL1 allows, and its bytes
        // are taken off every offset that comes back.
        let mark = match params.base {
            BaseDirection::FirstStrong => "",
            _ if direction == paragraph_direction(text) => "",
            BaseDirection::RightToLeft => "\u{200F}",
            BaseDirection::LeftToRight => "\u{200E}",
        };
        let shaped_text = format!("{mark}{}", without_paragraph_separators(text));
        let prefix = mark.len();
        let attrs = Attrs::new().family(Family::Name(ARTICLE_FAMILY));
        let shape = ShapeLine::new(
            &mut self.fonts,
            &shaped_text,
            &AttrsList::new(&attrs),
            Shaping::Advanced,
            4,
        );
        let align = match direction {
            Direction::RightToLeft => Align::Right,
            Direction::LeftToRight => Align::Left,
        };
        let width = params.width.max(params.font_size);
        let laid = shape.layout(
            params.font_size,
            Some(width),
            Wrap::WordOrGlyph,
            Some(align),
            None,
            Hinting::Disabled,
        );

        let index = CharIndex::new(text);
        let len_chars = index.len_chars();
        let to_doc = |byte: usize| -> CharOffset {
            let local = index
                .to_char(text, ByteOffset(byte.saturating_sub(prefix)))
                .unwrap_or(CharOffset(len_chars));
            CharOffset(start.0 + local.0)
        };

        let mut lines = Vec::with_capacity(laid.len());
        let mut line_start = start;
        for (i, line) in laid.iter().enumerate() {
            let top = i as f32 * params.line_height;
            let ink = line.max_ascent + line.max_descent;
            let baseline = top + (params.line_height - ink) / 2.0 + line.max_ascent;
            let mut clusters: Vec<Cluster> = Vec::new();
            let mut glyphs = Vec::with_capacity(line.glyphs.len());
            let mut last_bytes = None;
            let mut line_end = line_start;
            for g in &line.glyphs {
                if g.start < prefix {
                    // The direction mark's own (empty) glyph.
                    continue;
                }
                let chars = CharRange {
                    start: to_doc(g.start),
                    end: to_doc(g.end),
                };
                line_end = line_end.max(chars.end);
                glyphs.push(PlacedGlyph {
                    key: GlyphKey {
                        font_id: g.font_id,
                        glyph_id: g.glyph_id,
                        font_size: g.font_size,
                        weight: g.font_weight,
                        flags: g.cache_key_flags,
                    },
                    x: g.x + g.font_size * g.x_offset,
                    y: g.y - g.font_size * g.y_offset,
                    chars,
                });
                if last_bytes == Some((g.start, g.end))
                    && let Some(c) = clusters.last_mut()
                {
                    let right = (c.x + c.width).max(g.x + g.w);
                    c.x = c.x.min(g.x);
                    c.width = right - c.x;
                    continue;
                }
                last_bytes = Some((g.start, g.end));
                if chars.is_empty() {
                    continue;
                }
                clusters.push(Cluster {
                    chars,
                    x: g.x,
                    width: g.w,
                    rtl: g.level.is_rtl(),
                });
            }
            merge_zero_width(&mut clusters);
            // cosmic-text keeps a right-to-left line's glyphs in reading order; we promise
            // visual order.
            clusters.sort_by(|a, b| a.x.total_cmp(&b.x));
            glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
            if i + 1 == laid.len() {
                line_end = CharOffset(start.0 + len_chars);
            }
            let (left, right) = match direction {
                Direction::RightToLeft => (width - line.w, width),
                Direction::LeftToRight => (0.0, line.w),
            };
            lines.push(VisualLine {
                chars: CharRange {
                    start: line_start,
                    end: line_end,
                },
                clusters,
                glyphs,
                top,
                height: params.line_height,
                baseline,
                left,
                right,
            });
            line_start = line_end;
        }
        if lines.is_empty() {
            let x = if direction.is_rtl() { width } else { 0.0 };
            lines.push(VisualLine {
                chars: CharRange {
                    start,
                    end: CharOffset(start.0 + len_chars),
                },
                clusters: Vec::new(),
                glyphs: Vec::new(),
                top: 0.0,
                height: params.line_height,
                baseline: params.line_height * 0.65,
                left: x,
                right: x,
            });
        }
        ParagraphLayout {
            chars: CharRange {
                start,
                end: CharOffset(start.0 + len_chars),
            },
            direction,
            height: lines.len() as f32 * params.line_height,
            lines,
            width,
            font_size: params.font_size,
        }
    }

    /// The coverage bitmap of one glyph, or `None` for glyphs without ink (spaces).
    pub fn rasterize(&mut self, key: RasterKey) -> Option<GlyphBitmap> {
        let image = self.rasterizer.get_image_uncached(&mut self.fonts, key.0)?;
        let (width, height) = (image.placement.width, image.placement.height);
        if width == 0 || height == 0 {
            return None;
        }
        let alpha = match image.content {
            SwashContent::Mask => image.data,
            SwashContent::Color => image.data.chunks_exact(4).map(|p| p[3]).collect(),
            SwashContent::SubpixelMask => image
                .data
                .chunks_exact(4)
                .map(|p| ((u16::from(p[0]) + u16::from(p[1]) + u16::from(p[2])) / 3) as u8)
                .collect(),
        };
        Some(GlyphBitmap {
            left: image.placement.left,
            top: image.placement.top,
            width,
            height,
            alpha,
        })
    }
}

/// Fold each zero-width cluster (the second half of a lam-alef ligature as Noto Naskh draws
/// it, or a mark the font positions on its own) into the cluster it is drawn on: a logical
/// neighbour of the same direction whose box holds its x.
fn merge_zero_width(clusters: &mut Vec<Cluster>) {
    let mut k = 0;
    while k < clusters.len() {
        if clusters[k].width > 0.0 {
            k += 1;
            continue;
        }
        let z = clusters[k].clone();
        let host = clusters.iter().position(|c| {
            c.width > 0.0
                && c.rtl == z.rtl
                && (c.chars.end == z.chars.start || z.chars.end == c.chars.start)
                && z.x >= c.x - 0.01
                && z.x <= c.x + c.width + 0.01
        });
        match host {
            Some(h) => {
                let c = &mut clusters[h];
                c.chars = CharRange {
                    start: c.chars.start.min(z.chars.start),
                    end: c.chars.end.max(z.chars.end),
                };
                clusters.remove(k);
            }
            None => k += 1,
        }
    }
}

/// The text with every bidi paragraph separator replaced by a space of the same UTF-8 length,
/// so byte offsets stay valid and the shaper sees one paragraph.
fn without_paragraph_separators(text: &str) -> std::borrow::Cow<'_, str> {
    let is_separator = |c: char| {
        matches!(
            c,
            '\n' | '\r' | '\u{1c}' | '\u{1d}' | '\u{1e}' | '\u{85}' | '\u{2029}'
        )
    };
    if !text.contains(is_separator) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\n' | '\r' | '\u{1c}' | '\u{1d}' | '\u{1e}' => ' ',
                '\u{85}' => '\u{a0}',
                '\u{2029}' => '\u{2002}',
                other => other,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph_of(layout: &ParagraphLayout, offset: usize) -> GlyphKey {
        layout
            .lines
            .iter()
            .flat_map(|l| &l.glyphs)
            .find(|g| g.chars.start == CharOffset(offset))
            .map(|g| g.key)
            .expect("glyph drawn")
    }

    #[test]
    fn pull_quote_bullet_has_a_real_glyph() {
        let mut engine = TextEngine::new();
        let params = LayoutParams::article(18.0, 1000.0);
        let layout = engine.layout_paragraph("◙ ”المدينة تعيش“", CharOffset(0), &params);
        assert_ne!(
            glyph_of(&layout, 0).glyph_id,
            0,
            "◙ drawn from a bundled font, not as tofu"
        );
    }

    #[test]
    fn brackets_in_arabic_are_mirrored() {
        let mut engine = TextEngine::new();
        let params = LayoutParams::article(18.0, 1000.0);
        // "(" at 6 and ")" at 11 between Arabic words: right-to-left, so drawn mirrored.
        let arabic = engine.layout_paragraph("جماعة (JNIM) في", CharOffset(0), &params);
        let latin = engine.layout_paragraph("group (JNIM) in", CharOffset(0), &params);
        assert_eq!(glyph_of(&arabic, 6), glyph_of(&latin, 11));
        assert_eq!(glyph_of(&arabic, 11), glyph_of(&latin, 6));
        assert_ne!(glyph_of(&latin, 6), glyph_of(&latin, 11));
    }

    #[test]
    fn separators_inside_a_paragraph_keep_offsets() {
        let mut engine = TextEngine::new();
        let text = "أعلنت\u{2029}JNIM\nعن";
        let layout =
            engine.layout_paragraph(text, CharOffset(10), &LayoutParams::article(18.0, 500.0));
        assert_eq!(layout.chars, CharRange::new(10, 10 + text.chars().count()));
        assert!(layout.char_rect(CharOffset(16)).is_some(), "J is drawn");
    }
}
