//! Which spans and decorations touch the visible text, and how deep each is stacked, so
//! nested and overlapping spans each get their own underline.

use crate::model::{CharOffset, CharRange, Span};

/// Underline levels drawn at most; deeper spans share the last level.
pub const MAX_DEPTH: usize = 3;

/// A span that touches the visible text, with its stacking level (0 = outermost).
#[derive(Debug, Clone, Copy)]
pub struct VisibleSpan<'d> {
    pub span: &'d Span,
    pub depth: usize,
}

/// `reach[i]` is the furthest end among `spans[..=i]`: with it, the spans that can touch a
/// range are found by binary search, so the work per frame follows the visible spans, not all
/// of the document's. `spans` must be sorted by start.
pub fn span_reach(spans: &[Span]) -> Vec<CharOffset> {
    let mut furthest = CharOffset(0);
    spans
        .iter()
        .map(|s| {
            furthest = furthest.max(s.end());
            furthest
        })
        .collect()
}

/// The spans overlapping `visible`, outer spans first, each with the lowest underline level
/// not taken by an overlapping span before it. `spans` must be sorted by start and `reach`
/// be [`span_reach`] of them.
pub fn visible_spans<'d>(
    spans: &'d [Span],
    reach: &[CharOffset],
    visible: CharRange,
) -> Vec<VisibleSpan<'d>> {
    let upto = spans.partition_point(|s| s.start() < visible.end);
    let from = reach[..upto].partition_point(|&r| r <= visible.start);
    let mut found: Vec<&Span> = spans[from..upto]
        .iter()
        .filter(|s| s.end() > visible.start && s.start() < s.end())
        .collect();
    found.sort_by(|a, b| a.start().cmp(&b.start()).then(b.end().cmp(&a.end())));
    let mut placed: Vec<VisibleSpan<'_>> = Vec::with_capacity(found.len());
    for span in found {
        let range = span.range();
        let mut taken = [false; MAX_DEPTH];
        for other in placed.iter().rev() {
            if other.span.range().overlaps(&range) {
                taken[other.depth] = true;
            }
        }
        let depth = taken.iter().position(|t| !t).unwrap_or(MAX_DEPTH - 1);
        placed.push(VisibleSpan { span, depth });
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AnnotatorId, LabelId, SpanId, Timestamp};

    fn span(id: u64, start: usize, end: usize) -> Span {
        let mut span = Span::new(
            LabelId::new("GROUP"),
            CharRange::new(start, end),
            "",
            AnnotatorId("a".into()),
            &Timestamp("2026-11-21T00:00:00Z".into()),
        );
        span.id = SpanId(id);
        span
    }

    #[test]
    fn nested_and_overlapping_spans_get_their_own_level() {
        let spans = vec![
            span(1, 0, 20),
            span(2, 5, 10),
            span(3, 8, 30),
            span(4, 40, 50),
        ];
        let reach = span_reach(&spans);
        let found = visible_spans(&spans, &reach, CharRange::new(0, 35));
        let depth = |id| {
            found
                .iter()
                .find(|v| v.span.id == SpanId(id))
                .unwrap()
                .depth
        };
        assert_eq!(found.len(), 3);
        assert_eq!(depth(1), 0);
        assert_eq!(depth(2), 1);
        assert_eq!(depth(3), 2);
        let later = visible_spans(&spans, &reach, CharRange::new(25, 45));
        let ids: Vec<u64> = later.iter().map(|v| v.span.id.0).collect();
        assert_eq!(ids, vec![3, 4]);
        assert!(later.iter().all(|v| v.depth == 0));
    }

    #[test]
    fn a_long_span_from_far_above_is_still_found() {
        // Many short spans, and one long span that starts first and reaches the view.
        let mut spans = vec![span(1, 0, 500)];
        spans.extend((0..100).map(|i| span(10 + i, i as usize * 4 + 1, i as usize * 4 + 3)));
        spans.sort_by_key(|s| (s.start(), s.end()));
        let reach = span_reach(&spans);
        let found = visible_spans(&spans, &reach, CharRange::new(450, 460));
        let ids: Vec<u64> = found.iter().map(|v| v.span.id.0).collect();
        assert_eq!(ids, [1]);
        let found = visible_spans(&spans, &reach, CharRange::new(200, 210));
        assert_eq!(
            found.len(),
            1 + 3,
            "the long span and the short ones at 201, 205, 209"
        );
        assert_eq!(found[0].span.id.0, 1);
    }
}
