//! Selection by pointer and keyboard, in logical offsets: drag (across lines and direction
//! changes), double-click for a word, shift+click to extend, shift+arrows (arrows move as
//! drawn), Home/End (start and end of the line in reading order), Ctrl+Home/Ctrl+End (of the
//! document), Page Up/Page Down (a screen up or down, at about the same x), each with Shift
//! to extend; Ctrl+C to copy the logical text.

use super::cache::DocLayout;
use super::resources::TextResources;
use super::{Caret, EdgeDrag, Frame, PaneOutput, StateParts};
use crate::model::{CharOffset, CharRange, Document, SpanId};
use unicode_segmentation::UnicodeSegmentation;

/// Something the user did that changes the pane's state.
#[derive(Debug, Clone, PartialEq)]
pub enum PaneEvent {
    /// Place the caret or select characters (while an edge is dragged: its new extent).
    SetCaret(Caret),
    /// A click on a span selects it.
    ClickSpan(SpanId),
    Copy,
    /// Pressed on an edge of the selected span: dragging moves that edge.
    GrabEdge(EdgeDrag),
    /// Released after dragging an edge.
    ReleaseEdge(SpanId, CharRange),
    /// A drag that began on the selected span (`.0`) was released on another span (`.1`).
    DropOnSpan(SpanId, SpanId),
}

/// What pointer handling needs to know of the pane's state: the caret and the spans.
#[derive(Debug, Clone, Copy)]
pub struct Grab {
    pub caret: Option<Caret>,
    pub selected_span: Option<SpanId>,
    pub edge_drag: Option<EdgeDrag>,
}

pub fn apply_event(
    event: PaneEvent,
    doc: &Document,
    state: StateParts<'_>,
    output: &mut PaneOutput,
    ctx: &egui::Context,
) {
    match event {
        PaneEvent::SetCaret(caret) => {
            if state.edge_drag.is_some() {
                state.selection.preview_edge(caret);
            } else {
                state.selection.set_caret(caret);
            }
        }
        PaneEvent::ClickSpan(span) => state.selection.select_span(Some(span)),
        PaneEvent::GrabEdge(grab) => {
            *state.edge_drag = Some(grab);
            state.selection.select_span(Some(grab.span));
        }
        PaneEvent::ReleaseEdge(span, range) => {
            *state.edge_drag = None;
            state.selection.select_span(Some(span));
            output.span_resized = Some((span, range));
        }
        PaneEvent::DropOnSpan(from, to) => output.span_dropped = Some((from, to)),
        PaneEvent::Copy => {
            if let Some(range) = state.selection.range()
                && !range.is_empty()
                && let Some(text) = doc.slice(range)
            {
                ctx.copy_text(text.to_owned());
                output.copied = true;
            }
        }
    }
}

/// The caret boundary nearest to a screen position.
fn caret_at(
    frame: Frame,
    cache: &mut DocLayout,
    res: &mut TextResources,
    doc: &Document,
    pos: egui::Pos2,
) -> CharOffset {
    let local = pos - frame.origin;
    let i = cache.paragraph_at_y(local.y.max(0.0));
    // Lay out first: that fixes this paragraph's height, and so the tops after it.
    cache.layout(&mut res.engine, doc.text(), i);
    let top = cache.top(i);
    let layout = cache.layout(&mut res.engine, doc.text(), i);
    let y = (local.y - top).clamp(0.0, (layout.height - 0.01).max(0.0));
    layout.caret_at(local.x, y)
}

/// The character drawn at a screen position, if the position is on the text.
fn char_at(
    frame: Frame,
    cache: &mut DocLayout,
    res: &mut TextResources,
    doc: &Document,
    pos: egui::Pos2,
) -> Option<CharOffset> {
    let local = pos - frame.origin;
    let i = cache.paragraph_at_y(local.y.max(0.0));
    cache.layout(&mut res.engine, doc.text(), i);
    let top = cache.top(i);
    let layout = cache.layout(&mut res.engine, doc.text(), i);
    let y = local.y - top;
    if y < 0.0 || y >= layout.height {
        return None;
    }
    let ch = layout.char_at(local.x, y)?;
    let rect = layout.char_rect(ch)?;
    (rect.x0 - 2.0 <= local.x && local.x <= rect.x1 + 2.0).then_some(ch)
}

/// The word (or run of spaces or punctuation) around `offset`, by Unicode word boundaries.
pub fn word_at(doc: &Document, cache: &DocLayout, offset: CharOffset) -> CharRange {
    let p = &cache.paragraphs[cache.paragraph_of(offset)];
    let text = &doc.text()[p.bytes.clone()];
    let local = offset.0.saturating_sub(p.chars.start.0);
    let mut seen = 0;
    for piece in text.split_word_bounds() {
        let n = piece.chars().count();
        if local < seen + n {
            return CharRange::new(p.chars.start.0 + seen, p.chars.start.0 + seen + n);
        }
        seen += n;
    }
    CharRange::new(offset.0, offset.0)
}

/// The innermost span containing `offset`.
fn span_at(doc: &Document, offset: CharOffset) -> Option<SpanId> {
    let upto = doc.spans().partition_point(|s| s.start() <= offset);
    doc.spans()[..upto]
        .iter()
        .filter(|s| s.range().contains(offset))
        .min_by_key(|s| s.range().len())
        .map(|s| s.id)
}

pub fn pointer_ui(
    ui: &egui::Ui,
    response: &egui::Response,
    frame: Frame,
    cache: &mut DocLayout,
    res: &mut TextResources,
    doc: &Document,
    grab: Grab,
) -> Vec<PaneEvent> {
    let caret = grab.caret;
    let mut events = Vec::new();
    let shift = ui.input(|i| i.modifiers.shift);
    let pointer = response.interact_pointer_pos();
    if let Some(drag) = grab.edge_drag {
        // Moving an edge of the selected span: show the new range as the selection, and hand
        // it out when the button is released.
        let head = pointer.map(|p| caret_at(frame, cache, res, doc, p));
        if let Some(head) = head {
            events.push(PaneEvent::SetCaret(Caret {
                anchor: drag.fixed,
                head,
            }));
        }
        if !response.dragged() || response.drag_stopped() {
            let end = head.or(caret.map(|c| c.head)).unwrap_or(drag.fixed);
            events.push(PaneEvent::ReleaseEdge(
                drag.span,
                CharRange::between(drag.fixed, end),
            ));
        }
        return events;
    }
    // A drag from inside the selected span: remembered, so that a release on another span can
    // say so (the app fills an event's role that way).
    let drag_from = response.id.with("drag from span");
    if response.drag_stopped()
        && let Some(from) = ui.data_mut(|d| d.remove_temp::<SpanId>(drag_from))
        && let Some(to) = pointer
            .or_else(|| ui.input(|i| i.pointer.latest_pos()))
            .and_then(|p| char_at(frame, cache, res, doc, p))
            .and_then(|ch| span_at(doc, ch))
        && to != from
    {
        events.push(PaneEvent::DropOnSpan(from, to));
    }
    if response.drag_started() {
        let origin = ui.input(|i| i.pointer.press_origin()).or(pointer);
        if let Some(origin) = origin
            && let Some(span) = grab.selected_span
            && char_at(frame, cache, res, doc, origin)
                .is_some_and(|ch| doc.span(span).is_some_and(|s| s.range().contains(ch)))
        {
            ui.data_mut(|d| d.insert_temp(drag_from, span));
        }
        if let (Some(origin), Some(now)) = (origin, pointer) {
            let pressed_at = caret_at(frame, cache, res, doc, origin);
            if !shift
                && let Some(span) = grab.selected_span.and_then(|id| doc.span(id))
                && (pressed_at == span.start() || pressed_at == span.end())
            {
                let fixed = if pressed_at == span.start() {
                    span.end()
                } else {
                    span.start()
                };
                events.push(PaneEvent::GrabEdge(EdgeDrag {
                    span: span.id,
                    fixed,
                }));
                let head = caret_at(frame, cache, res, doc, now);
                events.push(PaneEvent::SetCaret(Caret {
                    anchor: fixed,
                    head,
                }));
                response.request_focus();
                return events;
            }
            let anchor = match caret {
                Some(c) if shift => c.anchor,
                _ => caret_at(frame, cache, res, doc, origin),
            };
            let head = caret_at(frame, cache, res, doc, now);
            events.push(PaneEvent::SetCaret(Caret { anchor, head }));
        }
        response.request_focus();
    } else if response.dragged() {
        if let (Some(now), Some(c)) = (pointer, caret) {
            let head = caret_at(frame, cache, res, doc, now);
            events.push(PaneEvent::SetCaret(Caret {
                anchor: c.anchor,
                head,
            }));
        }
    } else if response.double_clicked() {
        if let Some(ch) = pointer.and_then(|p| char_at(frame, cache, res, doc, p)) {
            let word = word_at(doc, cache, ch);
            events.push(PaneEvent::SetCaret(Caret {
                anchor: word.start,
                head: word.end,
            }));
        }
    } else if response.clicked()
        && let Some(p) = pointer
    {
        let head = caret_at(frame, cache, res, doc, p);
        match caret {
            Some(c) if shift => events.push(PaneEvent::SetCaret(Caret {
                anchor: c.anchor,
                head,
            })),
            _ => {
                // A click on a span selects the span; a click on plain text places the caret
                // (and so drops the selected span).
                match char_at(frame, cache, res, doc, p).and_then(|ch| span_at(doc, ch)) {
                    Some(span) => events.push(PaneEvent::ClickSpan(span)),
                    None => events.push(PaneEvent::SetCaret(Caret::at(head))),
                }
            }
        }
        response.request_focus();
    }
    events
}

/// One step of the caret as drawn; at a line's edge it steps logically onto the next line.
fn step(
    cache: &mut DocLayout,
    res: &mut TextResources,
    doc: &Document,
    head: CharOffset,
    left: bool,
) -> CharOffset {
    let len = cache.paragraphs.last().map_or(0, |p| p.chars.end.0);
    let i = cache.paragraph_of(head);
    let layout = cache.layout(&mut res.engine, doc.text(), i);
    if let Some(next) = layout.move_visually(head, left) {
        return next;
    }
    let forward = left == layout.direction.is_rtl();
    if forward {
        CharOffset((head.0 + 1).min(len))
    } else {
        CharOffset(head.0.saturating_sub(1))
    }
}

/// The caret one line up or down, at about the same x.
fn vertical(
    frame: Frame,
    cache: &mut DocLayout,
    res: &mut TextResources,
    doc: &Document,
    head: CharOffset,
    down: bool,
) -> CharOffset {
    let i = cache.paragraph_of(head);
    let top = cache.top(i);
    let layout = cache.layout(&mut res.engine, doc.text(), i);
    let (line, x) = layout.caret_position(head);
    let l = &layout.lines[line];
    let y = if down { l.bottom() + 1.0 } else { l.top - 1.0 };
    let y = top + y;
    if y < 0.0 {
        return CharOffset(0);
    }
    caret_at(frame, cache, res, doc, frame.origin + egui::vec2(x, y))
}

/// The start (`end == false`) or end of the visual line holding `head`, in reading order.
fn line_edge(
    cache: &mut DocLayout,
    res: &mut TextResources,
    doc: &Document,
    head: CharOffset,
    end: bool,
) -> CharOffset {
    let p = cache.paragraph_of(head);
    let layout = cache.layout(&mut res.engine, doc.text(), p);
    let Some(line) = layout.lines.get(layout.line_of(head)) else {
        return head;
    };
    if !end {
        return line.chars.start;
    }
    let last_line = layout.line_of(head) + 1 == layout.lines.len();
    // A wrapped line ends before the space it broke at, so the caret stays on it.
    let text_end = line.chars.end;
    if !last_line
        && text_end.0 > line.chars.start.0
        && doc
            .slice(crate::model::CharRange::new(text_end.0 - 1, text_end.0))
            .is_some_and(|c| c.chars().all(char::is_whitespace))
    {
        CharOffset(text_end.0 - 1)
    } else {
        text_end
    }
}

/// The caret a screen up or down from `head`, at about the same x.
fn page(
    frame: Frame,
    cache: &mut DocLayout,
    res: &mut TextResources,
    doc: &Document,
    head: CharOffset,
    down: bool,
) -> CharOffset {
    let i = cache.paragraph_of(head);
    let top = cache.top(i);
    let layout = cache.layout(&mut res.engine, doc.text(), i);
    let (line, x) = layout.caret_position(head);
    let Some(l) = layout.lines.get(line) else {
        return head;
    };
    let step = (frame.view_height - frame.params.line_height).max(frame.params.line_height);
    let y = top + (l.top + l.bottom()) / 2.0 + if down { step } else { -step };
    let end = cache.total_height();
    if y < 0.0 {
        return CharOffset(0);
    }
    if y >= end {
        return CharOffset(doc.len_chars());
    }
    caret_at(frame, cache, res, doc, frame.origin + egui::vec2(x, y))
}

/// The first character in view, where a caret starts when a key moves it from nowhere.
fn first_in_view(
    frame: Frame,
    cache: &mut DocLayout,
    res: &mut TextResources,
    doc: &Document,
) -> CharOffset {
    let y = frame.view_top.max(0.0) + 1.0;
    caret_at(frame, cache, res, doc, frame.origin + egui::vec2(0.0, y))
}

pub fn keyboard_ui(
    ui: &egui::Ui,
    response: &egui::Response,
    frame: Frame,
    cache: &mut DocLayout,
    res: &mut TextResources,
    doc: &Document,
    caret: Option<Caret>,
) -> Vec<PaneEvent> {
    use egui::{Event, EventFilter, Key};
    let mut events = Vec::new();
    if !response.has_focus() {
        return events;
    }
    ui.memory_mut(|m| {
        m.set_focus_lock_filter(
            response.id,
            EventFilter {
                horizontal_arrows: true,
                vertical_arrows: true,
                // Tab stays with the article: it moves between an event's role slots.
                tab: true,
                ..Default::default()
            },
        );
    });
    let input: Vec<Event> = ui.input(|i| i.events.clone());
    let mut current = caret;
    for event in input {
        match event {
            Event::Copy => events.push(PaneEvent::Copy),
            Event::Key {
                key,
                pressed: true,
                modifiers,
                ..
            } => {
                let moves_from_anywhere =
                    matches!(key, Key::Home | Key::End | Key::PageUp | Key::PageDown);
                let c = match current {
                    Some(c) => c,
                    // With no caret yet, Home, End and the page keys start from the view.
                    None if moves_from_anywhere => Caret::at(first_in_view(frame, cache, res, doc)),
                    None => continue,
                };
                let head = match key {
                    Key::ArrowLeft => step(cache, res, doc, c.head, true),
                    Key::ArrowRight => step(cache, res, doc, c.head, false),
                    Key::ArrowUp => vertical(frame, cache, res, doc, c.head, false),
                    Key::ArrowDown => vertical(frame, cache, res, doc, c.head, true),
                    Key::Home if modifiers.command => CharOffset(0),
                    Key::End if modifiers.command => CharOffset(doc.len_chars()),
                    Key::Home => line_edge(cache, res, doc, c.head, false),
                    Key::End => line_edge(cache, res, doc, c.head, true),
                    // Ctrl+Page Up/Down change documents (a command), not the caret.
                    Key::PageUp if !modifiers.command => {
                        page(frame, cache, res, doc, c.head, false)
                    }
                    Key::PageDown if !modifiers.command => {
                        page(frame, cache, res, doc, c.head, true)
                    }
                    _ => continue,
                };
                let next = if modifiers.shift {
                    Caret {
                        anchor: c.anchor,
                        head,
                    }
                } else {
                    Caret::at(head)
                };
                current = Some(next);
                events.push(PaneEvent::SetCaret(next));
            }
            _ => {}
        }
    }
    events
}
