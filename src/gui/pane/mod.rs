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

mod atlas;
mod cache;
mod glyphs;
mod input;
mod label;
mod paint;
mod resources;
mod spans;

pub use label::{bidi_label, bidi_text_width};

use crate::gui::decoration::Decoration;
use crate::model::{CharOffset, CharRange, DocId, Document, Schema, SpanId};
use crate::text::layout::LayoutParams;
use cache::DocLayout;
use resources::with_text_resources;
use std::collections::HashMap;

/// Article font size at zoom 1, in points.
pub const BASE_FONT_SIZE: f32 = 20.0;
/// Room kept free at each side of the text, in points.
pub const SIDE_MARGIN: f32 = 14.0;
/// Room above the first line, so the label tags of spans on it are not cut off.
pub const TOP_MARGIN: f32 = 12.0;
/// Text laid out above and below the visible part, in points.
const LAYOUT_MARGIN: f32 = 400.0;
const MIN_ZOOM: f32 = 0.5;
const MAX_ZOOM: f32 = 3.0;

/// A selection as the user made it: `anchor` stays, `head` moves. Both are caret
/// boundaries (document char offsets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Caret {
    pub anchor: CharOffset,
    pub head: CharOffset,
}

impl Caret {
    pub fn at(offset: CharOffset) -> Self {
        Self {
            anchor: offset,
            head: offset,
        }
    }

    pub fn range(&self) -> CharRange {
        CharRange::between(self.anchor, self.head)
    }
}

/// What the pane keeps between frames.
#[derive(Debug)]
pub struct PaneState {
    /// The selection in each document the user has looked at.
    carets: HashMap<DocId, Caret>,
    /// The span the user clicked last.
    pub selected_span: Option<SpanId>,
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
    /// An edge of the selected span being dragged.
    edge_drag: Option<EdgeDrag>,
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
            carets: HashMap::new(),
            selected_span: None,
            zoom: 1.0,
            scroll_to: None,
            scroll_y: 0.0,
            scroll_to_y: None,
            scroll_by_doc: HashMap::new(),
            cache: None,
            focus_id: None,
            spans_revision: None,
            edge_drag: None,
        }
    }
}

impl PaneState {
    /// The selected characters of `doc` (empty when there is only a caret).
    pub fn selection(&self, doc: &DocId) -> Option<CharRange> {
        self.carets.get(doc).map(Caret::range)
    }

    pub fn caret(&self, doc: &DocId) -> Option<Caret> {
        self.carets.get(doc).copied()
    }

    /// Whether the article text has keyboard focus (it takes it when clicked, for arrows and
    /// copying; single-key commands such as label hotkeys still apply then).
    pub fn has_focus(&self, ctx: &egui::Context) -> bool {
        self.focus_id
            .is_some_and(|id| ctx.memory(|m| m.has_focus(id)))
    }

    /// Select `range` of `doc` (anchor at its start) or clear the selection.
    pub fn set_selection(&mut self, doc: &DocId, range: Option<CharRange>) {
        match range {
            Some(r) => {
                self.carets.insert(
                    doc.clone(),
                    Caret {
                        anchor: r.start,
                        head: r.end,
                    },
                );
            }
            None => {
                self.carets.remove(doc);
            }
        }
    }

    pub fn font_size(&self) -> f32 {
        BASE_FONT_SIZE * self.zoom
    }
}

/// What happened in the pane this frame.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PaneOutput {
    /// The selection changed; this is the new one.
    pub selection_changed: Option<Option<CharRange>>,
    /// The user clicked this span.
    pub span_clicked: Option<SpanId>,
    /// The pointer is over this span.
    pub span_hovered: Option<SpanId>,
    /// The selected text was copied to the clipboard.
    pub copied: bool,
    /// The user dragged an edge of the selected span: its new range.
    pub span_resized: Option<(SpanId, CharRange)>,
}

/// Geometry of the text inside the pane for this frame.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame {
    /// Screen position of the document's top-left text corner.
    pub origin: egui::Pos2,
    pub params: LayoutParams,
    /// See [`PaneState::spans_revision`].
    pub spans_revision: Option<u64>,
}

/// Draw `doc` in the pane and report what the user did.
pub fn article_pane_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    schema: &Schema,
    decorations: &[Decoration],
    state: &mut PaneState,
) -> PaneOutput {
    let mut output = PaneOutput::default();
    input::zoom_shortcuts(ui, state);
    let font_size = state.font_size();
    let text_width = (ui.available_width() - 2.0 * SIDE_MARGIN - 16.0).max(font_size * 4.0);
    let params = LayoutParams::article(font_size, text_width);
    if let Some(old) = &state.cache
        && !old.is_for(&doc.id, &doc.text)
    {
        state
            .scroll_by_doc
            .insert(old.doc().clone(), state.scroll_y);
        if state.scroll_to_y.is_none() {
            state.scroll_to_y = Some(state.scroll_by_doc.get(&doc.id).copied().unwrap_or(0.0));
        }
    }
    let cache = match &mut state.cache {
        Some(cache) if cache.is_for(&doc.id, &doc.text) => {
            cache.set_params(params);
            cache
        }
        slot => slot.insert(DocLayout::new(&doc.id, &doc.text, params)),
    };
    cache.begin_frame();

    let ctx = ui.ctx().clone();
    let mut scroll = egui::ScrollArea::vertical()
        .id_salt("article-pane")
        .auto_shrink([false, false]);
    if let Some(y) = state.scroll_to_y.take() {
        scroll = scroll.vertical_scroll_offset(y);
    } else if let Some(target) = state.scroll_to.take() {
        let p = cache.paragraph_of(target);
        let y = (cache.top(p) - 2.0 * params.line_height).max(0.0);
        scroll = scroll.vertical_scroll_offset(y);
    }
    let caret_before = state.carets.get(&doc.id).copied();
    let scrolled = scroll.show_viewport(ui, |ui, viewport| {
        with_text_resources(&ctx, |res| {
            let total_before = cache.total_height();
            let visible = cache.lay_out_range(
                &mut res.engine,
                &doc.text,
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
            };
            state.focus_id = Some(response.id);
            let caret = state.carets.get(&doc.id).copied();
            let grab = input::Grab {
                caret,
                selected_span: state.selected_span,
                edge_drag: state.edge_drag,
            };
            let mut events = input::pointer_ui(ui, &response, frame, cache, res, doc, grab);
            events.extend(input::keyboard_ui(
                ui, &response, frame, cache, res, doc, caret,
            ));
            for event in events {
                input::apply_event(
                    event,
                    doc,
                    StateParts {
                        carets: &mut state.carets,
                        selected_span: &mut state.selected_span,
                        edge_drag: &mut state.edge_drag,
                    },
                    &mut output,
                    ui.ctx(),
                );
            }
            let caret = state.carets.get(&doc.id).copied();
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
                state.selected_span,
                clip,
                &mut output,
            )
        })
    });
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
    cache.end_frame();
    let caret_after = state.carets.get(&doc.id).copied();
    if caret_after != caret_before && output.selection_changed.is_none() {
        output.selection_changed = Some(caret_after.map(|c| c.range()));
    }
    output
}

/// The mutable parts of [`PaneState`] that input handling changes.
pub(crate) struct StateParts<'s> {
    pub carets: &'s mut HashMap<DocId, Caret>,
    pub selected_span: &'s mut Option<SpanId>,
    pub edge_drag: &'s mut Option<EdgeDrag>,
}
