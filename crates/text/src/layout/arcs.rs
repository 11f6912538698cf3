//! Arc layout for frames drawn over the text: which height (level) each arc from a trigger to
//! an argument (or from a relation's head to its tail) takes above a line, so that arcs that
//! overlap horizontally on one line never share a level and no label is covered by another arc
//! of its level.
//!
//! Pure geometry: the input is the visual x range (points, left to right, as
//! [`super::ParagraphLayout`] gives it) of each arc's two spans on the visible lines, and the
//! edges of those lines; the output is segments with levels, and edge markers for arcs whose
//! other end is scrolled out of view. Nothing here knows spans or events; the caller keys each
//! arc with a `K` of its own (an event id and role, a relation id).
//!
//! - **Direction.** An arc is drawn from its `from` end (the trigger, a relation's head) to its
//!   `to` end (the argument, the tail), and the arrowhead is at the `to` span's *visual*
//!   position whatever the paragraph's direction. brat draws such arcs reversed in right-to-left
//!   text (its issue #1132) because it mirrors logical positions; here positions are visual
//!   from the start, so nothing is mirrored.
//! - **Across lines.** An arc whose ends are on different lines becomes two segments: on the
//!   earlier line from its end to the line's *end* edge in reading order (the left edge in
//!   right-to-left text), on the later line from the line's *start* edge (the right edge in
//!   right-to-left text) to its end; every line between them gets a segment from edge to edge,
//!   so the arc reads as one path down the paragraph. Each is levelled on its own line.
//! - **Out of view.** An arc with one end above or below the visible lines becomes an
//!   [`EdgeMarker`] at the top or bottom edge, at the visible end's x; markers on one edge get
//!   slots the same way arcs get levels, so their labels do not overlap either. An arc with
//!   neither end visible is left out.
//! - **Levels.** Per line, segments are taken shortest first (ties by position, then key) and
//!   each gets the lowest level at which it overlaps no segment already there; a segment's
//!   extent is its span of x widened to hold its label centred on it, plus `gap`. This is the
//!   greedy interval colouring: no segment could move to a lower level, an arc that contains
//!   another is drawn above it, and the result depends on the arcs, not their order.
//! - **Labels.** A label sits on its segment's middle unless a leg of a higher arc of the line
//!   (the vertical stroke down to one of its spans) would cross it there; then it slides along
//!   the segment to the nearest place clear of every such leg, if there is one.
//!
//! Cost: O(a log a) for sorting the `a` arcs passed in, plus O(log a) per level tried for each;
//! the caller passes only the arcs of the visible lines (see the core crate's frame index), so a
//! frame's work follows what is on screen, not the document.

use super::direction::Direction;
use super::paragraph::ParagraphLayout;
use crate::offset::CharRange;

/// Where a span is drawn on a visible line: its visual x range on that line (the box the arc
/// attaches to when the span itself wraps).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpanPlace {
    /// Index into the visible lines passed with the arcs, top line first.
    pub line: usize,
    pub x0: f32,
    pub x1: f32,
}

impl SpanPlace {
    /// Where an arc attaches: the middle of the box.
    pub fn anchor(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }
}

/// One end of an arc: on a visible line, or scrolled out above or below.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ArcEnd {
    Visible(SpanPlace),
    Above,
    Below,
}

/// An arc to lay out.
#[derive(Debug, Clone, PartialEq)]
pub struct ArcSpec<K> {
    pub key: K,
    /// The trigger or a relation's head.
    pub from: ArcEnd,
    /// The argument or a relation's tail: the arrowhead's end.
    pub to: ArcEnd,
    /// Width of the arc's label (the role or relation name) in points.
    pub label_width: f32,
}

/// A visible line's edges and direction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineBox {
    pub left: f32,
    pub right: f32,
    pub direction: Direction,
}

impl LineBox {
    /// The edge where reading leaves the line (left in right-to-left text).
    fn end_edge(&self) -> f32 {
        if self.direction.is_rtl() {
            self.left
        } else {
            self.right
        }
    }

    /// The edge where reading enters the line.
    fn start_edge(&self) -> f32 {
        if self.direction.is_rtl() {
            self.right
        } else {
            self.left
        }
    }
}

/// Spacing rules in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ArcStyle {
    /// Horizontal room kept between two arcs (or markers) of one level.
    pub gap: f32,
}

impl Default for ArcStyle {
    fn default() -> Self {
        Self { gap: 4.0 }
    }
}

/// The part of an arc drawn above one line.
#[derive(Debug, Clone, PartialEq)]
pub struct ArcSegment<K> {
    pub key: K,
    pub line: usize,
    /// Where the segment leaves (the `from` side: its span, or a line edge when it comes from
    /// another line) and where it arrives (the `to` side), in points.
    pub x_start: f32,
    pub x_end: f32,
    /// 0 is the lowest, nearest the text.
    pub level: usize,
    /// Whether `x_start` is at the `from` span (else at a line edge).
    pub starts_at_span: bool,
    /// Whether the arrowhead is drawn at `x_end` (the `to` span is on this line).
    pub arrow: bool,
    /// The x of the label's centre when the label is drawn on this segment (the one at the
    /// `from` span, or the only one): the middle, moved along the segment when a leg of a
    /// higher arc on the line would cross it there.
    pub label_x: Option<f32>,
}

impl<K> ArcSegment<K> {
    /// The x where the segment's legs go down to the text: at each end that is at a span.
    fn legs(&self) -> impl Iterator<Item = f32> + '_ {
        [
            self.starts_at_span.then_some(self.x_start),
            self.arrow.then_some(self.x_end),
        ]
        .into_iter()
        .flatten()
    }
}

/// Which edge of the view an out-of-view arc is marked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Edge {
    Top,
    Bottom,
}

/// An arc whose other end is out of view, marked at the view's edge above its visible end.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeMarker<K> {
    pub key: K,
    pub edge: Edge,
    /// The visible end.
    pub at: SpanPlace,
    /// Whether the visible end is the `to` end (the arrow comes in from outside).
    pub visible_is_to: bool,
    /// Markers on one edge whose labels would overlap get different slots (0 nearest the edge).
    pub slot: usize,
}

/// The arcs of the visible lines, laid out.
#[derive(Debug, Clone, PartialEq)]
pub struct ArcLayout<K> {
    /// By line, then level, then x.
    pub segments: Vec<ArcSegment<K>>,
    pub markers: Vec<EdgeMarker<K>>,
    /// For each visible line, how many levels its arcs use (room to make above it).
    pub levels: Vec<usize>,
}

/// An extent on one line or edge, and the level it got.
#[derive(Debug, Clone, Copy)]
struct Extent {
    lo: f32,
    hi: f32,
}

impl Extent {
    /// From a segment's ends and its label width, widened by half the gap on each side.
    fn of(a: f32, b: f32, label_width: f32, gap: f32) -> Self {
        let (lo, hi) = (a.min(b), a.max(b));
        let mid = (lo + hi) / 2.0;
        let half = label_width.max(0.0) / 2.0;
        let g = gap.max(0.0) / 2.0;
        Self {
            lo: lo.min(mid - half) - g,
            hi: hi.max(mid + half) + g,
        }
    }

    fn width(&self) -> f32 {
        self.hi - self.lo
    }

    fn overlaps(&self, other: &Extent) -> bool {
        self.lo < other.hi && other.lo < self.hi
    }
}

/// One level: extents sorted by `lo`, pairwise disjoint.
#[derive(Default)]
struct Level(Vec<Extent>);

impl Level {
    fn is_free(&self, e: &Extent) -> bool {
        // Disjoint and sorted, so only the neighbours of `e.lo` can overlap it.
        let i = self.0.partition_point(|x| x.lo < e.lo);
        let before = i.checked_sub(1).and_then(|j| self.0.get(j));
        let after = self.0.get(i);
        !before.is_some_and(|x| x.overlaps(e)) && !after.is_some_and(|x| x.overlaps(e))
    }

    fn insert(&mut self, e: Extent) {
        let i = self.0.partition_point(|x| x.lo < e.lo);
        self.0.insert(i, e);
    }
}

/// Greedy interval colouring: for each item (extent, key), the lowest level where it overlaps
/// nothing, shortest first. Returns the levels in the items' order.
fn colour<K: Ord>(items: &[(Extent, &K)]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| {
        let (ea, ka) = items[a];
        let (eb, kb) = items[b];
        ea.width()
            .total_cmp(&eb.width())
            .then(ea.lo.total_cmp(&eb.lo))
            .then(ea.hi.total_cmp(&eb.hi))
            .then(ka.cmp(kb))
    });
    let mut levels: Vec<Level> = Vec::new();
    let mut out = vec![0; items.len()];
    for i in order {
        let e = items[i].0;
        let level = levels
            .iter()
            .position(|l| l.is_free(&e))
            .unwrap_or(levels.len());
        if level == levels.len() {
            levels.push(Level::default());
        }
        levels[level].insert(e);
        out[i] = level;
    }
    out
}

/// Lay out the arcs of the visible lines. Ends on a line index outside `lines`, or with a
/// coordinate that is not a number, are treated as out of view.
pub fn layout_arcs<K: Ord + Clone>(
    arcs: &[ArcSpec<K>],
    lines: &[LineBox],
    style: &ArcStyle,
) -> ArcLayout<K> {
    let visible = |end: &ArcEnd| match end {
        ArcEnd::Visible(p) if p.line < lines.len() && p.x0.is_finite() && p.x1.is_finite() => {
            Some(*p)
        }
        _ => None,
    };
    // Which side an end that is not visible lies on: as given, or by its line index.
    let edge_of = |end: &ArcEnd| match end {
        ArcEnd::Below => Edge::Bottom,
        ArcEnd::Visible(p) if p.line >= lines.len() => Edge::Bottom,
        _ => Edge::Top,
    };

    let mut segments: Vec<ArcSegment<K>> = Vec::new();
    let mut label_widths: Vec<f32> = Vec::new();
    let mut markers: Vec<EdgeMarker<K>> = Vec::new();
    let mut marker_widths: Vec<f32> = Vec::new();
    for arc in arcs {
        match (visible(&arc.from), visible(&arc.to)) {
            (Some(from), Some(to)) if from.line == to.line => {
                segments.push(ArcSegment {
                    key: arc.key.clone(),
                    line: from.line,
                    x_start: from.anchor(),
                    x_end: to.anchor(),
                    level: 0,
                    starts_at_span: true,
                    arrow: true,
                    label_x: Some(0.0),
                });
                label_widths.push(arc.label_width);
            }
            (Some(from), Some(to)) => {
                let from_first = from.line < to.line;
                let (first, last) = if from_first { (from, to) } else { (to, from) };
                let end_edge = lines[first.line].end_edge();
                let start_edge = lines[last.line].start_edge();
                // On the `from` line the segment leaves the span for an edge; on the `to` line
                // it arrives from an edge at the span.
                let from_edge = if from_first { end_edge } else { start_edge };
                let to_edge = if from_first { start_edge } else { end_edge };
                segments.push(ArcSegment {
                    key: arc.key.clone(),
                    line: from.line,
                    x_start: from.anchor(),
                    x_end: from_edge,
                    level: 0,
                    starts_at_span: true,
                    arrow: false,
                    label_x: Some(0.0),
                });
                label_widths.push(arc.label_width);
                // Every line in between is crossed edge to edge, in the arc's direction: in
                // reading order when the trigger comes first.
                for (line, middle) in lines
                    .iter()
                    .enumerate()
                    .take(last.line)
                    .skip(first.line + 1)
                {
                    let (start, end) = (middle.start_edge(), middle.end_edge());
                    let (x_start, x_end) = if from_first {
                        (start, end)
                    } else {
                        (end, start)
                    };
                    segments.push(ArcSegment {
                        key: arc.key.clone(),
                        line,
                        x_start,
                        x_end,
                        level: 0,
                        starts_at_span: false,
                        arrow: false,
                        label_x: None,
                    });
                    label_widths.push(0.0);
                }
                segments.push(ArcSegment {
                    key: arc.key.clone(),
                    line: to.line,
                    x_start: to_edge,
                    x_end: to.anchor(),
                    level: 0,
                    starts_at_span: false,
                    arrow: true,
                    label_x: None,
                });
                label_widths.push(0.0);
            }
            (Some(at), None) | (None, Some(at)) => {
                let visible_is_to = visible(&arc.from).is_none();
                let other = if visible_is_to { &arc.from } else { &arc.to };
                markers.push(EdgeMarker {
                    key: arc.key.clone(),
                    edge: edge_of(other),
                    at,
                    visible_is_to,
                    slot: 0,
                });
                marker_widths.push(arc.label_width);
            }
            (None, None) => {}
        }
    }

    // Level the segments line by line.
    let mut order: Vec<usize> = (0..segments.len()).collect();
    order.sort_by_key(|&i| segments[i].line);
    let mut levels = vec![0; lines.len()];
    let groups: Vec<Vec<usize>> = order
        .chunk_by(|&a, &b| segments[a].line == segments[b].line)
        .map(<[usize]>::to_vec)
        .collect();
    for group in groups {
        let items: Vec<(Extent, &K)> = group
            .iter()
            .map(|&i| {
                let s = &segments[i];
                (
                    Extent::of(s.x_start, s.x_end, label_widths[i], style.gap),
                    &s.key,
                )
            })
            .collect();
        let got = colour(&items);
        let line = segments[group[0]].line;
        levels[line] = got.iter().max().map_or(0, |m| m + 1);
        for (&i, level) in group.iter().zip(got) {
            segments[i].level = level;
        }
    }
    place_labels(&mut segments, &label_widths, style);
    segments.sort_by(|a, b| {
        (a.line, a.level)
            .cmp(&(b.line, b.level))
            .then(a.x_start.min(a.x_end).total_cmp(&b.x_start.min(b.x_end)))
            .then(a.key.cmp(&b.key))
    });

    // Slots for the markers, edge by edge.
    for edge in [Edge::Top, Edge::Bottom] {
        let on_edge: Vec<usize> = (0..markers.len())
            .filter(|&i| markers[i].edge == edge)
            .collect();
        let items: Vec<(Extent, &K)> = on_edge
            .iter()
            .map(|&i| {
                let x = markers[i].at.anchor();
                (
                    Extent::of(x, x, marker_widths[i], style.gap),
                    &markers[i].key,
                )
            })
            .collect();
        let got = colour(&items);
        for (&i, slot) in on_edge.iter().zip(got) {
            markers[i].slot = slot;
        }
    }
    markers.sort_by(|a, b| {
        (a.edge == Edge::Bottom, a.slot)
            .cmp(&(b.edge == Edge::Bottom, b.slot))
            .then(a.at.anchor().total_cmp(&b.at.anchor()))
            .then(a.key.cmp(&b.key))
    });

    ArcLayout {
        segments,
        markers,
        levels,
    }
}

/// Put each label where no leg of a higher segment of its line crosses it, as near the middle of
/// its segment as possible (the middle when there is no such place).
fn place_labels<K>(segments: &mut [ArcSegment<K>], label_widths: &[f32], style: &ArcStyle) {
    // Every leg with its line and level, by line then x.
    let mut legs: Vec<(usize, f32, usize)> = segments
        .iter()
        .flat_map(|s| s.legs().map(move |x| (s.line, x, s.level)))
        .collect();
    legs.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    for (i, s) in segments.iter_mut().enumerate() {
        if s.label_x.is_none() {
            continue;
        }
        let (a, b) = (s.x_start.min(s.x_end), s.x_start.max(s.x_end));
        let lo = legs.partition_point(|l| (l.0, l.1) < (s.line, a));
        let crossing: Vec<f32> = legs[lo..]
            .iter()
            .take_while(|l| l.0 == s.line && l.1 <= b)
            .filter(|l| l.2 > s.level)
            .map(|l| l.1)
            .collect();
        s.label_x = Some(label_position(a, b, label_widths[i], style.gap, &crossing));
    }
}

/// The centre for a label of `width` on the segment `a..=b` nearest its middle that keeps
/// `width / 2 + gap / 2` from every leg in `legs` (sorted); the middle when none does.
fn label_position(a: f32, b: f32, width: f32, gap: f32, legs: &[f32]) -> f32 {
    let mid = (a + b) / 2.0;
    let half = width.max(0.0) / 2.0;
    let keep = half + gap.max(0.0) / 2.0;
    let (lo, hi) = (a + half, b - half);
    if lo > hi {
        return mid;
    }
    // The free stretches of [lo, hi] between the legs' forbidden zones.
    let mut best: Option<f32> = None;
    let mut consider = |from: f32, to: f32| {
        if from <= to {
            let x = mid.clamp(from, to);
            if best.is_none_or(|b| (x - mid).abs() < (b - mid).abs()) {
                best = Some(x);
            }
        }
    };
    let mut from = lo;
    for &leg in legs {
        consider(from, (leg - keep).min(hi));
        from = from.max(leg + keep);
    }
    consider(from, hi);
    best.unwrap_or(mid)
}

impl ParagraphLayout {
    /// Where an arc attaches to the characters `range` of this paragraph: their boxes on the
    /// first line they are drawn on, merged; `first_line` is the index of this paragraph's first
    /// line among the visible lines passed to [`layout_arcs`]. `None` when nothing of `range`
    /// is drawn here.
    pub fn span_place(&self, range: CharRange, first_line: usize) -> Option<SpanPlace> {
        let rects = self.selection_rects(range);
        let top = rects.first()?.y0;
        let line = self.lines.iter().position(|l| l.top == top)?;
        let on_line = rects.iter().take_while(|r| r.y0 == top);
        let (x0, x1) = on_line.fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), r| {
            (a.min(r.x0), b.max(r.x1))
        });
        Some(SpanPlace {
            line: first_line + line,
            x0,
            x1,
        })
    }

    /// This paragraph's lines as [`layout_arcs`] takes them, top first.
    pub fn line_boxes(&self) -> impl Iterator<Item = LineBox> + '_ {
        self.lines.iter().map(|l| LineBox {
            left: l.left,
            right: l.right,
            direction: self.direction,
        })
    }
}

/// The horizontal extent a segment occupies on its level (its ends, its label centred on it,
/// and half the gap on each side), for callers that hit-test or draw labels.
pub fn segment_extent(x_start: f32, x_end: f32, label_width: f32, style: &ArcStyle) -> (f32, f32) {
    let e = Extent::of(x_start, x_end, label_width, style.gap);
    (e.lo, e.hi)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    const RTL: LineBox = LineBox {
        left: 0.0,
        right: 400.0,
        direction: Direction::RightToLeft,
    };

    fn at(line: usize, x0: f32, x1: f32) -> ArcEnd {
        ArcEnd::Visible(SpanPlace { line, x0, x1 })
    }

    fn arc(key: u32, from: ArcEnd, to: ArcEnd) -> ArcSpec<u32> {
        ArcSpec {
            key,
            from,
            to,
            label_width: 20.0,
        }
    }

    #[test]
    fn the_arrow_is_at_the_argument_s_visual_position_in_right_to_left_text() {
        // The trigger كمين is read first, so drawn at the right; the actor to its left.
        let trigger = at(0, 340.0, 380.0);
        let actor = at(0, 200.0, 300.0);
        let out = layout_arcs(&[arc(1, trigger, actor)], &[RTL], &ArcStyle::default());
        let s = &out.segments[0];
        assert_eq!((s.x_start, s.x_end), (360.0, 250.0));
        assert!(s.arrow && s.starts_at_span);
        assert_eq!(s.label_x, Some(305.0), "the middle");
        assert_eq!(out.levels, [1]);
    }

    #[test]
    fn overlapping_arcs_stack_and_the_outer_one_goes_above() {
        let trigger = at(0, 340.0, 380.0);
        let near = at(0, 280.0, 320.0);
        let far = at(0, 100.0, 160.0);
        let elsewhere = at(0, 10.0, 40.0);
        let out = layout_arcs(
            &[
                arc(1, trigger, far),
                arc(2, trigger, near),
                arc(3, near, elsewhere),
            ],
            &[RTL],
            &ArcStyle::default(),
        );
        let level: BTreeMap<u32, usize> = out.segments.iter().map(|s| (s.key, s.level)).collect();
        assert_eq!(level[&2], 0, "the short arc lies nearest the text");
        assert_eq!(level[&1], 1, "the arc over it goes above");
        assert_eq!(level[&3], 2, "overlaps both");
        assert_eq!(out.levels, [3]);
    }

    #[test]
    fn a_label_moves_off_the_leg_of_an_arc_above_it() {
        // The short arc 1 (trigger at 260 → argument at 140) has its label's middle at 200;
        // the longer arc 2 from a span at 200 to one at 20 overlaps it, so goes above, with a
        // leg down to 200.
        let out = layout_arcs(
            &[
                arc(1, at(0, 250.0, 270.0), at(0, 130.0, 150.0)),
                arc(2, at(0, 190.0, 210.0), at(0, 10.0, 30.0)),
            ],
            &[RTL],
            &ArcStyle::default(),
        );
        let one = out.segments.iter().find(|s| s.key == 1).unwrap();
        let two = out.segments.iter().find(|s| s.key == 2).unwrap();
        assert_eq!((one.level, two.level), (0, 1));
        let x = one.label_x.unwrap();
        assert!(
            (x - 200.0).abs() >= 12.0,
            "label at {x} is clear of the leg at 200"
        );
        assert!((140.0 + 10.0..=260.0 - 10.0).contains(&x));
        assert_eq!(
            two.label_x,
            Some(110.0),
            "nothing crosses arc 2: the middle"
        );
    }

    #[test]
    fn arcs_across_lines_split_toward_the_reading_edges() {
        // RTL: line 0 is read right to left and continues on line 1 at the right edge.
        let lines = [RTL, RTL];
        let trigger = at(0, 100.0, 140.0);
        let place = at(1, 300.0, 340.0);
        let out = layout_arcs(&[arc(7, trigger, place)], &lines, &ArcStyle::default());
        let [first, second] = &out.segments[..] else {
            panic!("{:?}", out.segments)
        };
        assert_eq!((first.line, first.x_start, first.x_end), (0, 120.0, 0.0));
        assert!(first.starts_at_span && !first.arrow && first.label_x.is_some());
        assert_eq!(
            (second.line, second.x_start, second.x_end),
            (1, 400.0, 320.0)
        );
        assert!(!second.starts_at_span && second.arrow && second.label_x.is_none());

        // An argument on the earlier line: the trigger's segment leaves toward the start edge.
        let out = layout_arcs(&[arc(8, place, trigger)], &lines, &ArcStyle::default());
        let by_line: Vec<(usize, f32, f32, bool)> = out
            .segments
            .iter()
            .map(|s| (s.line, s.x_start, s.x_end, s.arrow))
            .collect();
        assert_eq!(by_line, [(0, 0.0, 120.0, true), (1, 320.0, 400.0, false)]);

        // Three lines apart: each line between is crossed edge to edge, in the arc's
        // direction (toward the reading end when the trigger comes first), with no legs.
        let lines4 = [RTL; 4];
        let far = at(3, 300.0, 340.0);
        let out = layout_arcs(&[arc(10, trigger, far)], &lines4, &ArcStyle::default());
        let by_line: Vec<(usize, f32, f32, bool, bool)> = out
            .segments
            .iter()
            .map(|s| (s.line, s.x_start, s.x_end, s.starts_at_span, s.arrow))
            .collect();
        assert_eq!(
            by_line,
            [
                (0, 120.0, 0.0, true, false),
                (1, 400.0, 0.0, false, false),
                (2, 400.0, 0.0, false, false),
                (3, 400.0, 320.0, false, true),
            ]
        );
        assert_eq!(out.levels, [1, 1, 1, 1]);
        let out = layout_arcs(&[arc(11, far, trigger)], &lines4, &ArcStyle::default());
        let middle: Vec<(f32, f32)> = out
            .segments
            .iter()
            .filter(|s| s.line == 1 || s.line == 2)
            .map(|s| (s.x_start, s.x_end))
            .collect();
        assert_eq!(middle, [(0.0, 400.0), (0.0, 400.0)]);

        // Left to right the edges swap.
        let ltr = LineBox {
            direction: Direction::LeftToRight,
            ..RTL
        };
        let out = layout_arcs(&[arc(9, trigger, place)], &[ltr, ltr], &ArcStyle::default());
        assert_eq!(out.segments[0].x_end, 400.0);
        assert_eq!(out.segments[1].x_start, 0.0);
    }

    #[test]
    fn arcs_to_ends_out_of_view_become_edge_markers_in_slots() {
        let a = at(0, 100.0, 140.0);
        let b = at(0, 110.0, 130.0);
        let out = layout_arcs(
            &[
                arc(1, a, ArcEnd::Above),
                arc(2, ArcEnd::Above, b),
                arc(3, a, ArcEnd::Below),
                arc(4, ArcEnd::Above, ArcEnd::Below),
                arc(5, at(9, 0.0, 1.0), a),
            ],
            &[RTL],
            &ArcStyle::default(),
        );
        assert!(out.segments.is_empty());
        let marks: Vec<(u32, Edge, usize, bool)> = out
            .markers
            .iter()
            .map(|m| (m.key, m.edge, m.slot, m.visible_is_to))
            .collect();
        // 1 and 2 share an x on the top edge: two slots. 5's other end is on a line past the
        // visible ones: below.
        assert_eq!(
            marks,
            [
                (1, Edge::Top, 0, false),
                (2, Edge::Top, 1, true),
                (3, Edge::Bottom, 0, false),
                (5, Edge::Bottom, 1, true),
            ]
        );
    }

    // ---- property tests ----

    fn arb_end(lines: usize) -> impl Strategy<Value = ArcEnd> {
        prop_oneof![
            8 => (0..lines, 0.0f32..380.0, 1.0f32..60.0)
                .prop_map(|(line, x, w)| at(line, x, (x + w).min(400.0))),
            1 => Just(ArcEnd::Above),
            1 => Just(ArcEnd::Below),
        ]
    }

    fn arb_arcs() -> impl Strategy<Value = Vec<ArcSpec<u32>>> {
        prop::collection::vec((arb_end(4), arb_end(4), 0.0f32..80.0), 0..40).prop_map(|v| {
            v.into_iter()
                .enumerate()
                .map(|(i, (from, to, label_width))| ArcSpec {
                    key: i as u32,
                    from,
                    to,
                    label_width,
                })
                .collect()
        })
    }

    fn extent(s: &ArcSegment<u32>, arcs: &[ArcSpec<u32>], style: &ArcStyle) -> Extent {
        let w = if s.label_x.is_some() {
            arcs[s.key as usize].label_width
        } else {
            0.0
        };
        Extent::of(s.x_start, s.x_end, w, style.gap)
    }

    proptest! {
        #[test]
        fn levels_never_overlap_cannot_drop_and_do_not_depend_on_order(
            arcs in arb_arcs(),
            seed in any::<u64>(),
        ) {
            let lines = [RTL; 4];
            let style = ArcStyle::default();
            let out = layout_arcs(&arcs, &lines, &style);
            for (i, a) in out.segments.iter().enumerate() {
                let ea = extent(a, &arcs, &style);
                for b in &out.segments[i + 1..] {
                    let eb = extent(b, &arcs, &style);
                    if a.line == b.line && a.level == b.level {
                        prop_assert!(!ea.overlaps(&eb), "{:?} and {:?}", a, b);
                    }
                    // An arc over another is drawn above it.
                    let contains = |x: &Extent, y: &Extent| x.lo <= y.lo && y.hi <= x.hi && x.width() > y.width();
                    if a.line == b.line && contains(&ea, &eb) {
                        prop_assert!(a.level > b.level, "{:?} over {:?}", a, b);
                    }
                    if a.line == b.line && contains(&eb, &ea) {
                        prop_assert!(b.level > a.level, "{:?} over {:?}", b, a);
                    }
                }
                // Lowest free level: every level below holds a segment it overlaps.
                for lower in 0..a.level {
                    let blocked = out.segments.iter().any(|b| {
                        b.line == a.line && b.level == lower && extent(b, &arcs, &style).overlaps(&ea)
                    });
                    prop_assert!(blocked, "{:?} could drop to level {}", a, lower);
                }
                prop_assert!(a.level < out.levels[a.line]);
                // The arrow is at the argument's anchor.
                if a.arrow {
                    let ArcEnd::Visible(to) = arcs[a.key as usize].to else {
                        return Err(TestCaseError::fail("an arrow to an end out of view"));
                    };
                    prop_assert_eq!(a.x_end, to.anchor());
                }
            }
            // Labels sit on their segment, clear of every leg of a higher arc of the line
            // when they moved, at the middle when nothing crossed it there.
            for s in &out.segments {
                let Some(x) = s.label_x else { continue };
                let w = arcs[s.key as usize].label_width;
                let (lo, hi) = (s.x_start.min(s.x_end), s.x_start.max(s.x_end));
                let mid = (lo + hi) / 2.0;
                let keep = w / 2.0 + style.gap / 2.0;
                let legs: Vec<f32> = out
                    .segments
                    .iter()
                    .filter(|t| t.line == s.line && t.level > s.level)
                    .flat_map(|t| t.legs().collect::<Vec<_>>())
                    .filter(|l| (lo..=hi).contains(l))
                    .collect();
                let clear = |x: f32| legs.iter().all(|l| (l - x).abs() >= keep - 1e-3);
                // Clear with room to spare: the middle must then be kept (a leg within float
                // error of the edge may move the label or not).
                let clearly = |x: f32| legs.iter().all(|l| (l - x).abs() >= keep + 1e-2);
                if hi - lo >= w {
                    prop_assert!(x >= lo + w / 2.0 - 1e-3 && x <= hi - w / 2.0 + 1e-3);
                }
                if clearly(mid) {
                    prop_assert_eq!(x, mid);
                } else if x != mid {
                    prop_assert!(clear(x), "label at {} crosses a leg of {:?}", x, legs);
                }
            }
            for (i, a) in out.markers.iter().enumerate() {
                for b in &out.markers[i + 1..] {
                    if a.edge == b.edge && a.slot == b.slot {
                        let w = |m: &EdgeMarker<u32>| arcs[m.key as usize].label_width;
                        let ea = Extent::of(a.at.anchor(), a.at.anchor(), w(a), style.gap);
                        let eb = Extent::of(b.at.anchor(), b.at.anchor(), w(b), style.gap);
                        prop_assert!(!ea.overlaps(&eb));
                    }
                }
            }
            // An arc with both ends in view is one path: a segment on each line from the
            // earlier end's to the later end's, none elsewhere, the arrow on the last one only.
            for arc in &arcs {
                let (ArcEnd::Visible(f), ArcEnd::Visible(t)) = (arc.from, arc.to) else {
                    continue;
                };
                let (lo, hi) = (f.line.min(t.line), f.line.max(t.line));
                let mut on: Vec<usize> = out
                    .segments
                    .iter()
                    .filter(|s| s.key == arc.key)
                    .map(|s| s.line)
                    .collect();
                on.sort_unstable();
                prop_assert_eq!(on, (lo..=hi).collect::<Vec<_>>());
                let arrows: Vec<usize> = out
                    .segments
                    .iter()
                    .filter(|s| s.key == arc.key && s.arrow)
                    .map(|s| s.line)
                    .collect();
                prop_assert_eq!(arrows, vec![t.line]);
            }
            // Every arc with a visible end is drawn or marked; none without.
            for arc in &arcs {
                let drawn = out.segments.iter().any(|s| s.key == arc.key)
                    || out.markers.iter().any(|m| m.key == arc.key);
                let any_visible = matches!(arc.from, ArcEnd::Visible(_)) || matches!(arc.to, ArcEnd::Visible(_));
                prop_assert_eq!(drawn, any_visible);
            }
            // The same arcs in another order give the same layout.
            let mut shuffled = arcs.clone();
            shuffle(&mut shuffled, seed);
            prop_assert_eq!(layout_arcs(&shuffled, &lines, &style), out);
        }
    }

    /// A deterministic Fisher–Yates shuffle (no extra dependency for one test).
    fn shuffle<T>(v: &mut [T], mut seed: u64) {
        for i in (1..v.len()).rev() {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let j = (seed >> 33) as usize % (i + 1);
            v.swap(i, j);
        }
    }
}
