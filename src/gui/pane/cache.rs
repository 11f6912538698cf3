//! The pane's layout cache for one document: the paragraph table (built once per text),
//! each paragraph's height (estimated until it is first laid out), and the layouts of the
//! paragraphs seen recently. Width or zoom changes drop the layouts; the text changing
//! rebuilds everything. Spans never touch shaping (highlights are painted over it), but a
//! line on which a span starts gets room above it for the span's label tag: each shaped
//! layout is kept as shaped, and its copy with that room is remade from it when the spans
//! change ([`DocLayout::set_spans`]), so lines without tags stay tight. Lines with event or
//! relation arcs get room for their levels too ([`DocLayout::set_frames`], [`super::arcs`]):
//! the arcs of a paragraph are laid out with its room, and kept with it for painting.

use super::arcs::{DocArcs, level_height, levels_per_line};
use crate::frame_index::ArcKey;
use crate::model::{CharOffset, CharRange, DocId, Document, Schema, Span, SpanId};
use crate::text::layout::arcs::ArcLayout;
use crate::text::layout::{LayoutParams, ParagraphLayout, TextEngine};
use std::collections::HashMap;
use std::ops::Range;

/// Average advance of an article character, as a share of the font size, for estimating
/// the height of paragraphs not laid out yet.
const AVERAGE_ADVANCE_EM: f32 = 0.42;
/// Layouts kept beyond the ones used in the current frame.
const KEEP_LAYOUTS: usize = 256;

/// One paragraph (a line of the document's text) in chars and bytes.
#[derive(Debug, Clone)]
pub struct Paragraph {
    pub chars: CharRange,
    pub bytes: Range<usize>,
}

#[derive(Debug)]
pub struct DocLayout {
    doc: DocId,
    text_len: usize,
    params: LayoutParams,
    pub paragraphs: Vec<Paragraph>,
    heights: Vec<f32>,
    /// `tops[i]` is the y of paragraph `i`; one more entry for the total height.
    tops: Vec<f32>,
    tops_dirty: bool,
    /// Per paragraph: the layout as shaped, the layout with room for tags, the
    /// [`Self::room_generation`] that room was made for, and the frame it was last used in.
    layouts: HashMap<usize, CachedLayout>,
    frame: u64,
    /// Where spans start (sorted), i.e. where label tags are drawn.
    tag_starts: Vec<CharOffset>,
    tags_key: Option<SpansKey>,
    /// Points of room above a line holding a tag.
    tag_room: f32,
    /// Changes whenever the tag starts or room change.
    room_generation: u64,
    /// Paragraphs shaped since the frame began.
    shaped_this_frame: usize,
    /// [`super::spans::span_reach`] of the spans it was computed for, and what identifies
    /// those spans (see [`DocLayout::span_reach`]).
    reach: Vec<CharOffset>,
    reach_key: Option<SpansKey>,
    /// The document's arcs, and the project state they were made for.
    arcs: DocArcs,
    arcs_key: Option<u64>,
}

#[derive(Debug)]
struct CachedLayout {
    shaped: ParagraphLayout,
    roomy: ParagraphLayout,
    /// The paragraph's arcs laid out on its lines (the room above them is in `roomy`).
    arcs: ArcLayout<ArcKey>,
    room_generation: u64,
    used: u64,
}

/// What tells one list of spans from another without reading it all: the project state
/// number the app passes, the list's address and length, and its first and last spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SpansKey {
    revision: u64,
    address: usize,
    len: usize,
    first: Option<(SpanId, CharOffset, CharOffset)>,
    last: Option<(SpanId, CharOffset, CharOffset)>,
}

impl SpansKey {
    /// What identifies `spans` at `revision` cheaply: where they live, how many, and both ends.
    fn of(spans: &[Span], revision: u64) -> Self {
        let ends = |s: &Span| (s.id, s.start(), s.end());
        SpansKey {
            revision,
            address: spans.as_ptr() as usize,
            len: spans.len(),
            first: spans.first().map(ends),
            last: spans.last().map(ends),
        }
    }
}

impl DocLayout {
    pub fn new(doc: &DocId, text: &str, params: LayoutParams) -> Self {
        let mut paragraphs = Vec::new();
        let mut char_start = 0;
        let mut byte_start = 0;
        let mut chars = 0;
        for (b, c) in text.char_indices() {
            if c == '\n' {
                paragraphs.push(Paragraph {
                    chars: CharRange::new(char_start, chars),
                    bytes: byte_start..b,
                });
                char_start = chars + 1;
                byte_start = b + 1;
            }
            chars += 1;
        }
        paragraphs.push(Paragraph {
            chars: CharRange::new(char_start, chars),
            bytes: byte_start..text.len(),
        });
        let mut cache = Self {
            doc: doc.clone(),
            text_len: text.len(),
            params,
            paragraphs,
            heights: Vec::new(),
            tops: Vec::new(),
            tops_dirty: true,
            layouts: HashMap::new(),
            frame: 0,
            tag_starts: Vec::new(),
            tags_key: None,
            tag_room: 0.0,
            room_generation: 0,
            shaped_this_frame: 0,
            reach: Vec::new(),
            reach_key: None,
            arcs: DocArcs::default(),
            arcs_key: None,
        };
        cache.estimate_heights();
        cache
    }

    /// True when this cache was built for `doc` with this text.
    pub fn is_for(&self, doc: &DocId, text: &str) -> bool {
        &self.doc == doc && self.text_len == text.len()
    }

    pub fn doc(&self) -> &DocId {
        &self.doc
    }

    /// Switch to a new width or font size, dropping the layouts when either changed.
    pub fn set_params(&mut self, params: LayoutParams) {
        if params != self.params {
            self.params = params;
            self.layouts.clear();
            // Arc labels are measured at the font size.
            self.arcs_key = None;
            self.estimate_heights();
        }
    }

    fn estimate_heights(&mut self) {
        let per_line = (self.params.width / (self.params.font_size * AVERAGE_ADVANCE_EM)).max(1.0);
        self.heights = self
            .paragraphs
            .iter()
            .map(|p| (p.chars.len() as f32 / per_line).ceil().max(1.0) * self.params.line_height)
            .collect();
        self.tops_dirty = true;
    }

    fn refresh_tops(&mut self) {
        if !self.tops_dirty {
            return;
        }
        self.tops.clear();
        self.tops.reserve(self.heights.len() + 1);
        let mut y = 0.0;
        for h in &self.heights {
            self.tops.push(y);
            y += h;
        }
        self.tops.push(y);
        self.tops_dirty = false;
    }

    pub fn total_height(&mut self) -> f32 {
        self.refresh_tops();
        self.tops.last().copied().unwrap_or(0.0)
    }

    pub fn top(&mut self, index: usize) -> f32 {
        self.refresh_tops();
        self.tops[index.min(self.tops.len() - 1)]
    }

    /// The paragraph at height `y` (clamped).
    pub fn paragraph_at_y(&mut self, y: f32) -> usize {
        self.refresh_tops();
        let n = self.paragraphs.len();
        self.tops[..n]
            .partition_point(|&t| t <= y)
            .saturating_sub(1)
    }

    /// The paragraph holding `offset` (a line break belongs to the paragraph it ends).
    pub fn paragraph_of(&self, offset: CharOffset) -> usize {
        self.paragraphs
            .partition_point(|p| p.chars.end < offset)
            .min(self.paragraphs.len() - 1)
    }

    /// The furthest span end up to each span, recomputed only when the spans changed. With no
    /// `revision` from the caller it is recomputed every time (always correct, O(spans)).
    pub fn span_reach(&mut self, spans: &[Span], revision: Option<u64>) -> &[CharOffset] {
        let key = revision.map(|revision| SpansKey::of(spans, revision));
        if key.is_none() || key != self.reach_key {
            self.reach = super::spans::span_reach(spans);
            self.reach_key = key;
        }
        &self.reach
    }

    /// The spans whose label tags need room above their first line, and how much (in points).
    /// Kept between frames while the spans are the same (see [`Self::span_reach`]); with no
    /// `revision` the starts are read every time.
    pub fn set_spans(&mut self, spans: &[Span], revision: Option<u64>, tag_room: f32) {
        let key = revision.map(|revision| SpansKey::of(spans, revision));
        let changed_room = (tag_room - self.tag_room).abs() > 0.01;
        if key.is_none() || key != self.tags_key || changed_room {
            let mut starts: Vec<CharOffset> = spans.iter().map(|s| s.start()).collect();
            starts.sort_unstable();
            starts.dedup();
            if changed_room || starts != self.tag_starts {
                self.tag_starts = starts;
                self.tag_room = tag_room;
                self.room_generation += 1;
            }
            self.tags_key = key;
        }
    }

    /// The document's events and relations as arcs, made again when the project state
    /// changed (with no `revision`, every time); the paragraphs' room is made again only when
    /// the arcs themselves changed.
    pub fn set_frames(&mut self, doc: &Document, schema: &Schema, revision: Option<u64>) {
        if revision.is_some() && revision == self.arcs_key {
            return;
        }
        let arcs = DocArcs::new(doc, schema, self.params.font_size);
        if arcs.index.arcs() != self.arcs.index.arcs() || arcs.info != self.arcs.info {
            self.room_generation += 1;
        }
        self.arcs = arcs;
        self.arcs_key = revision;
    }

    /// The arcs of the document, as [`Self::set_frames`] made them.
    pub fn doc_arcs(&self) -> &DocArcs {
        &self.arcs
    }

    /// The shaped layout with room above each line that holds a tag, and above that for its
    /// arcs' levels; and those arcs.
    fn with_room(&self, shaped: &ParagraphLayout) -> (ParagraphLayout, ArcLayout<ArcKey>) {
        let mut roomy = shaped.clone();
        let starts = &self.tag_starts;
        let room = self.tag_room;
        let arcs = self.arcs.paragraph(shaped);
        let levels = levels_per_line(&arcs, shaped.lines.len());
        let level = level_height(self.params.font_size);
        let line = std::cell::Cell::new(0usize);
        roomy.add_room_above(|l| {
            let i = starts.partition_point(|&s| s < l.chars.start);
            let tagged = starts.get(i).is_some_and(|&s| s < l.chars.end);
            let n = line.get();
            line.set(n + 1);
            let arcs_room = levels.get(n).copied().unwrap_or(0) as f32 * level;
            arcs_room + if tagged { room } else { 0.0 }
        });
        (roomy, arcs)
    }

    /// The arcs of paragraph `index` as laid out with its room, if it is laid out.
    pub fn cached_arcs(&self, index: usize) -> Option<&ArcLayout<ArcKey>> {
        self.layouts
            .get(&index)
            .filter(|l| l.room_generation == self.room_generation)
            .map(|l| &l.arcs)
    }

    /// Start a frame: layouts not used for a while may be dropped afterwards.
    pub fn begin_frame(&mut self) {
        self.frame += 1;
        self.shaped_this_frame = 0;
    }

    /// How many paragraphs this frame shaped so far.
    pub fn shaped_this_frame(&self) -> usize {
        self.shaped_this_frame
    }

    /// Drop old layouts when many are kept.
    pub fn end_frame(&mut self) {
        if self.layouts.len() > KEEP_LAYOUTS {
            let frame = self.frame;
            self.layouts.retain(|_, l| l.used + 2 >= frame);
        }
    }

    /// The layout of paragraph `index`, laying it out now if needed.
    pub fn layout(
        &mut self,
        engine: &mut TextEngine,
        text: &str,
        index: usize,
    ) -> &ParagraphLayout {
        let frame = self.frame;
        let generation = self.room_generation;
        let stale = match self.layouts.get(&index) {
            None => {
                let p = &self.paragraphs[index];
                let shaped =
                    engine.layout_paragraph(&text[p.bytes.clone()], p.chars.start, &self.params);
                let (roomy, arcs) = self.with_room(&shaped);
                self.shaped_this_frame += 1;
                self.layouts.insert(
                    index,
                    CachedLayout {
                        shaped,
                        roomy,
                        arcs,
                        room_generation: generation,
                        used: frame,
                    },
                );
                true
            }
            Some(cached) if cached.room_generation != generation => {
                let (roomy, arcs) = self.with_room(&cached.shaped);
                let cached = self.layouts.get_mut(&index).expect("present");
                cached.roomy = roomy;
                cached.arcs = arcs;
                cached.room_generation = generation;
                true
            }
            Some(_) => false,
        };
        let entry = self.layouts.get_mut(&index).expect("inserted above");
        entry.used = frame;
        if stale && (self.heights[index] - entry.roomy.height).abs() > 0.01 {
            self.heights[index] = entry.roomy.height;
            self.tops_dirty = true;
        }
        &self.layouts.get(&index).expect("inserted above").roomy
    }

    /// The layout of paragraph `index` if it is laid out already (with room for its tags).
    pub fn cached(&self, index: usize) -> Option<&ParagraphLayout> {
        self.layouts
            .get(&index)
            .filter(|l| l.room_generation == self.room_generation)
            .map(|l| &l.roomy)
    }

    /// Whether paragraph `index` is laid out, for the spans as they are.
    pub fn is_laid_out(&self, index: usize) -> bool {
        self.cached(index).is_some()
    }

    /// Shape at most `budget` of the paragraphs covering heights `y0..y1` that are not laid
    /// out yet (on idle frames, ahead of scrolling), and keep those that are; returns whether
    /// some are still left.
    pub fn prefetch(
        &mut self,
        engine: &mut TextEngine,
        text: &str,
        y0: f32,
        y1: f32,
        budget: usize,
    ) -> bool {
        let first = self.paragraph_at_y(y0.max(0.0));
        let last = self.paragraph_at_y(y1);
        let mut shaped = 0;
        for i in first..=last {
            if self.is_laid_out(i) {
                if let Some(l) = self.layouts.get_mut(&i) {
                    l.used = self.frame;
                }
                continue;
            }
            if shaped == budget {
                return true;
            }
            self.layout(engine, text, i);
            shaped += 1;
        }
        false
    }

    /// Lay out the paragraphs that cover heights `y0..y1` and return their indices.
    pub fn lay_out_range(
        &mut self,
        engine: &mut TextEngine,
        text: &str,
        y0: f32,
        y1: f32,
    ) -> Range<usize> {
        let first = self.paragraph_at_y(y0);
        let mut i = first;
        while i < self.paragraphs.len() {
            self.layout(engine, text, i);
            if self.top(i + 1) >= y1 {
                i += 1;
                break;
            }
            i += 1;
        }
        first..i
    }
}
