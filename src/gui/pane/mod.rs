//! The right-to-left article pane: paragraphs laid out by [`crate::text::layout`], painted
//! from a glyph atlas, with exact logical selection, span highlights and decorations.
//!
//! The pane never changes the project. [`article_pane_ui`] draws and returns a
//! [`PaneOutput`] saying what the user did; the app turns that into actions.
//!
//! - [`atlas`]: glyph images in an egui texture. [`glyphs`]: glyph quads of a mesh.
//! - [`resources`]: the engine and atlas shared per egui context.
//! - [`cache`]: paragraph table, heights and cached layouts of one document.
//! - [`spans`]: spans touching the visible text and their stacking levels.
//! - [`paint`]: highlights, underlines, brackets, tags, decorations, selection, caret.
//! - [`input`]: pointer and keyboard selection, words, copying.
//! - [`label`]: a small widget for short Arabic strings in side panels.

mod arcs;
mod atlas;
mod cache;
mod glyphs;
mod input;
mod label;
mod paint;
mod resources;
mod spans;

pub use label::{
    bidi_label, bidi_label_clipped, bidi_paragraph, bidi_selectable, bidi_text_width,
    paint_bidi_line,
};
pub(crate) use resources::with_text_resources;
pub use resources::{audit_bidi_widgets, bidi_widget_ids, mark_bidi_widget};

use crate::gui::decoration::Decoration;
pub use crate::gui::selection::{Caret, Selection};
use crate::model::{CharOffset, CharRange, DocId, Document, Schema, SpanId};
use crate::text::layout::LayoutParams;
use cache::DocLayout;
use std::collections::HashMap;

/// Article font size at zoom 1, in points (the default of the reading-comfort setting).
pub const BASE_FONT_SIZE: f32 = 20.0;
/// Height of a line without label tags, as a multiple of the font size (the default of the
/// reading-comfort setting).
pub const DEFAULT_LINE_HEIGHT: f32 = 1.75;
/// Room above a line on which a span starts, for its label tag, as a share of the font size
/// (plus [`TAG_ROOM_PT`]).
const TAG_ROOM_EM: f32 = 0.6;
const TAG_ROOM_PT: f32 = 4.0;
/// On frames without input, paragraphs this far beyond the laid-out margin are shaped ahead
/// of scrolling, a few per frame.
const PREFETCH_MARGIN: f32 = 2_400.0;
/// Paragraphs shaped ahead on one idle frame.
const PREFETCH_PER_FRAME: usize = 6;
/// The wait before the next idle frame while paragraphs are left to shape ahead.
const PREFETCH_PAUSE: std::time::Duration = std::time::Duration::from_millis(16);
/// Room kept free at each side of the text, in points.
pub const SIDE_MARGIN: f32 = 14.0;
/// Room above the first line, so the label tags of spans on it are not cut off.
pub const TOP_MARGIN: f32 = 12.0;
/// Text laid out above and below the visible part, in points.
const LAYOUT_MARGIN: f32 = 400.0;
const MIN_ZOOM: f32 = 0.5;
const MAX_ZOOM: f32 = 3.0;

/// A zoom step of the article text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zoom {
    In,
    Out,
    Reset,
}

/// What the pane keeps between frames.
#[derive(Debug)]
pub struct PaneState {
    /// Font scale (Ctrl+plus / Ctrl+minus).
    pub zoom: f32,
    /// Set to scroll the pane so this character is in view on the next frame.
    pub scroll_to: Option<CharOffset>,
    /// Vertical scroll offset in points, as of the last frame.
    pub scroll_y: f32,
    /// Set to jump to this scroll offset on the next frame (benchmarks, restoring a view).
    pub scroll_to_y: Option<f32>,
    /// Where each document was scrolled to when the user left it.
    scroll_by_doc: HashMap<DocId, f32>,
    cache: Option<DocLayout>,
    /// The widget id the text area had last frame, to tell whether it has keyboard focus.
    focus_id: Option<egui::Id>,
    /// A number that changes whenever the project's spans may have changed (the app passes
    /// its history state). With it, per-span indexes are kept between frames; without it
    /// they are rebuilt every frame.
    pub spans_revision: Option<u64>,
    /// How the document's paragraphs choose their direction (the app passes the document's
    /// setting or the project's default); a change lays the document out again.
    pub base_direction: crate::text::layout::BaseDirection,
    /// An edge of the selected span being dragged.
    edge_drag: Option<EdgeDrag>,
    /// Font size at zoom 1 and line height (× font size): the reading-comfort setting the
    /// app passes from its preferences.
    pub base_font_size: f32,
    pub line_spacing: f32,
    /// Shape paragraphs about to scroll into view on frames without input.
    pub prefetch: bool,
    /// The span under the pointer last frame: its events' and relations' spans are outlined.
    hovered: Option<SpanId>,
}

/// Dragging one edge of a span: the other edge stays where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct EdgeDrag {
    pub span: SpanId,
    pub fixed: CharOffset,
}

impl Default for PaneState {
    fn default() -> Self {
        Self {
            zoom: 1.0,
            scroll_to: None,
            scroll_y: 0.0,
            scroll_to_y: None,
            scroll_by_doc: HashMap::new(),
            cache: None,
            focus_id: None,
            spans_revision: None,
            base_direction: Default::default(),
            edge_drag: None,
            base_font_size: BASE_FONT_SIZE,
            line_spacing: DEFAULT_LINE_HEIGHT,
            prefetch: true,
            hovered: None,
        }
    }
}

impl PaneState {
    /// Whether the article text has keyboard focus (it takes it when clicked, for arrows and
    /// copying; single-key commands such as label hotkeys still apply then).
    pub fn has_focus(&self, ctx: &egui::Context) -> bool {
        self.focus_id
            .is_some_and(|id| ctx.memory(|m| m.has_focus(id)))
    }

    /// Change the article's font scale (View ▸ Zoom, Ctrl+plus / Ctrl+minus / Ctrl+0).
    pub fn zoom_step(&mut self, step: Zoom) {
        self.zoom = match step {
            Zoom::In => (self.zoom * 1.1).min(MAX_ZOOM),
            Zoom::Out => (self.zoom / 1.1).max(MIN_ZOOM),
            Zoom::Reset => 1.0,
        };
    }

    pub fn font_size(&self) -> f32 {
        self.base_font_size * self.zoom
    }

    /// Room above a line with a label tag, in points.
    pub fn tag_room(&self) -> f32 {
        (self.font_size() * TAG_ROOM_EM + TAG_ROOM_PT).round()
    }
}

/// What happened in the pane this frame.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PaneOutput {
    /// The user placed the caret, selected characters or clicked a span (the new state is
    /// in the [`Selection`] the pane was given).
    pub selection_changed: bool,
    /// The pointer is over this span.
    pub span_hovered: Option<SpanId>,
    /// The selected text was copied to the clipboard.
    pub copied: bool,
    /// The user dragged an edge of the selected span: its new range.
    pub span_resized: Option<(SpanId, CharRange)>,
    /// An arc's marker was clicked: the other end of its arc, to scroll to.
    pub go_to: Option<CharOffset>,
    /// A drag from the selected span was released on another span: (from, to).
    pub span_dropped: Option<(SpanId, SpanId)>,
}

/// Geometry of the text inside the pane for this frame.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame {
    /// Screen position of the document's top-left text corner.
    pub origin: egui::Pos2,
    pub params: LayoutParams,
    /// See [`PaneState::spans_revision`].
    pub spans_revision: Option<u64>,
    /// The visible part, in the document's coordinates (points from the text's top).
    pub view_top: f32,
    pub view_height: f32,
}

/// Draw `doc` in the pane and report what the user did. The pane changes `selection` (the
/// app's, borrowed for the frame) as the user clicks, drags and moves the caret.
pub fn article_pane_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    schema: &Schema,
    decorations: &[Decoration],
    state: &mut PaneState,
    selection: &mut Selection,
) -> PaneOutput {
    let mut output = PaneOutput::default();
    let font_size = state.font_size();
    let text_width = (ui.available_width() - 2.0 * SIDE_MARGIN - 16.0).max(font_size * 4.0);
    let params = LayoutParams {
        base: state.base_direction,
        line_height: (font_size * state.line_spacing).round(),
        ..LayoutParams::article(font_size, text_width)
    };
    if let Some(old) = &state.cache
        && !old.is_for(doc.id(), doc.text())
    {
        state
            .scroll_by_doc
            .insert(old.doc().clone(), state.scroll_y);
        // Back to where the analyst left this document, unless something asked to be shown.
        if state.scroll_to_y.is_none() && state.scroll_to.is_none() {
            state.scroll_to_y = Some(state.scroll_by_doc.get(doc.id()).copied().unwrap_or(0.0));
        }
    }
    let tag_room = state.tag_room();
    let cache = match &mut state.cache {
        Some(cache) if cache.is_for(doc.id(), doc.text()) => {
            cache.set_params(params);
            cache
        }
        slot => slot.insert(DocLayout::new(doc.id(), doc.text(), params)),
    };
    cache.begin_frame();
    cache.set_spans(doc.spans(), state.spans_revision, tag_room);
    cache.set_frames(doc, schema, state.spans_revision);

    let ctx = ui.ctx().clone();
    let mut scroll = egui::ScrollArea::vertical()
        .id_salt("article-pane")
        .auto_shrink([false, false]);
    let view_height = ui.available_height();
    let scroll_requested = state.scroll_to_y.is_some() || state.scroll_to.is_some();
    if let Some(y) = state.scroll_to_y.take() {
        scroll = scroll.vertical_scroll_offset(y);
    } else if let Some(target) = state.scroll_to.take() {
        // Scroll only when the target is out of view, and then put it a third of the way down.
        let (top, bottom) = with_text_resources(&ctx, |res| line_extent(cache, res, doc, target));
        if top < state.scroll_y || bottom > state.scroll_y + view_height {
            scroll = scroll.vertical_scroll_offset((top - view_height / 3.0).max(0.0));
        }
    }
    let before = *selection;
    let mut follow: Option<f32> = None;
    // A frame with no input and no scroll asked for: time to shape ahead.
    let idle = !scroll_requested
        && ctx.input(|i| i.events.is_empty() && i.pointer.delta() == egui::Vec2::ZERO);
    let scrolled = scroll.show_viewport(ui, |ui, viewport| {
        with_text_resources(&ctx, |res| {
            let total_before = cache.total_height();
            let visible = cache.lay_out_range(
                &mut res.engine,
                doc.text(),
                viewport.min.y - LAYOUT_MARGIN,
                viewport.max.y + LAYOUT_MARGIN,
            );
            let total = cache.total_height();
            if (total - total_before).abs() > 0.5 {
                ctx.request_repaint();
            }
            let size = egui::vec2(
                text_width + 2.0 * SIDE_MARGIN,
                (total + TOP_MARGIN).max(viewport.height()),
            );
            let (rect, response) = ui.allocate_exact_size(size, egui::Sense::click_and_drag());
            response.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Document, true, "Article text")
            });
            let frame = Frame {
                origin: rect.min + egui::vec2(SIDE_MARGIN, TOP_MARGIN),
                params,
                spans_revision: state.spans_revision,
                view_top: viewport.min.y - TOP_MARGIN,
                view_height: viewport.height(),
            };
            state.focus_id = Some(response.id);
            let caret = selection.caret();
            let grab = input::Grab {
                caret,
                selected_span: selection.span(),
                edge_drag: state.edge_drag,
            };
            let mut events = input::pointer_ui(ui, &response, frame, cache, res, doc, grab);
            let keys = input::keyboard_ui(ui, &response, frame, cache, res, doc, caret);
            // The view follows a caret moved by the keyboard.
            if let Some(input::PaneEvent::SetCaret(moved)) = keys.last() {
                let (top, bottom) = line_extent(cache, res, doc, moved.head);
                let (top, bottom) = (top + TOP_MARGIN, bottom + TOP_MARGIN);
                if top < viewport.min.y {
                    follow = Some((top - params.line_height).max(0.0));
                } else if bottom > viewport.max.y {
                    follow = Some(bottom - viewport.height() + params.line_height);
                }
            }
            events.extend(keys);
            // Only on a frame that had nothing of its own to shape.
            if state.prefetch && idle && cache.shaped_this_frame() == 0 {
                // Downwards only: shaping above the view would change the heights of the
                // paragraphs above it, and so move the text being read.
                let more = cache.prefetch(
                    &mut res.engine,
                    doc.text(),
                    viewport.max.y,
                    viewport.max.y + LAYOUT_MARGIN + PREFETCH_MARGIN,
                    PREFETCH_PER_FRAME,
                );
                if more {
                    // Another idle frame soon, not at once: input always comes first.
                    ctx.request_repaint_after(PREFETCH_PAUSE);
                }
            }
            for event in events {
                input::apply_event(
                    event,
                    doc,
                    StateParts {
                        selection: &mut *selection,
                        edge_drag: &mut state.edge_drag,
                    },
                    &mut output,
                    ui.ctx(),
                );
            }
            let caret = selection.caret();
            let clip = ui.clip_rect();
            paint::paint_pane(
                ui,
                &response,
                frame,
                cache,
                res,
                doc,
                schema,
                decorations,
                visible,
                caret,
                (selection.span(), state.hovered),
                clip,
                &mut output,
            )
        })
    });
    state.hovered = output.span_hovered;
    if let Some(at) = output.go_to {
        state.scroll_to = Some(at);
        ctx.request_repaint();
    }
    for hover in scrolled.inner {
        if hover.span.is_some() && hover.span != output.span_hovered {
            continue;
        }
        hover.response.on_hover_ui_at_pointer(|ui| {
            ui.strong(&hover.title);
            if !hover.text.is_empty() {
                bidi_label(ui, &hover.text, 16.0);
            }
        });
    }
    state.scroll_y = scrolled.state.clamped_offset().y;
    if follow.is_some() {
        state.scroll_to_y = follow;
        ctx.request_repaint();
    }
    cache.end_frame();
    output.selection_changed = *selection != before;
    output
}

/// The top and bottom of the line holding `offset`, in points from the text's top.
fn line_extent(
    cache: &mut DocLayout,
    res: &mut resources::TextResources,
    doc: &Document,
    offset: CharOffset,
) -> (f32, f32) {
    let p = cache.paragraph_of(offset);
    cache.layout(&mut res.engine, doc.text(), p);
    let top = cache.top(p);
    let layout = cache.layout(&mut res.engine, doc.text(), p);
    match layout.lines.get(layout.line_of(offset)) {
        Some(line) => (top + line.top, top + line.bottom()),
        None => (top, top + layout.height),
    }
}

/// What input handling changes: the app's selection and the pane's edge drag.
pub(crate) struct StateParts<'s> {
    pub selection: &'s mut Selection,
    pub edge_drag: &'s mut Option<EdgeDrag>,
}
