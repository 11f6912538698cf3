//! Window-free layout of article paragraphs: UAX #9 bidi order, Arabic shaping, line
//! breaking, hit-testing and selection geometry.
//!
//! Everything here is measured in points and [`CharOffset`](crate::offset::CharOffset)s
//! (Unicode scalar values of the *document*). The engine underneath (cosmic-text, which
//! reports byte offsets) is hidden behind this module so it can be swapped; nothing outside
//! `text::layout` names a cosmic-text type.
//!
//! - [`engine`]: the font system built from the bundled fonts only, and paragraph layout.
//! - [`direction`]: a paragraph's base direction from its first strong character.
//! - [`paragraph`]: the result types (lines, clusters, glyphs) in visual order.
//! - [`hit`]: position → character and character → position.
//! - [`selection`]: rectangles covering a logical character range.
//! - [`raster`]: glyph keys and bitmaps for painting in a texture atlas.
//! - [`arcs`]: levels for the arcs of events and relations drawn above the lines.

pub mod arcs;
pub mod direction;
pub mod engine;
pub mod hit;
pub mod paragraph;
pub mod raster;
pub mod selection;

pub use arcs::{
    ArcEnd, ArcLayout, ArcSegment, ArcSpec, ArcStyle, Edge, EdgeMarker, LineBox, SpanPlace,
    layout_arcs,
};
pub use direction::{BaseDirection, Direction, paragraph_direction};
pub use engine::{LayoutParams, TextEngine};
pub use paragraph::{Cluster, ParagraphLayout, PlacedGlyph, TextRect, VisualLine};
pub use raster::{GlyphBitmap, GlyphKey};
