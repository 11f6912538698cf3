//! A text field that gets Arabic right: `TextField`, single line or multi line, on the article
//! pane's layout engine (UAX #9 order, shaping, hit-testing), where egui's `TextEdit` runs no
//! bidi and shows Arabic words reversed with a mirrored caret.
//!
//! It borrows the caller's `String`, as `TextEdit` does. The editing logic (typing, deleting,
//! words, line ends, undo inside the field) is `hamish_text::FieldBuffer`, kept in egui's
//! memory per field while it has focus; this module adds what needs the screen: laying out,
//! painting (selection behind the glyphs, then glyphs, then the caret), the pointer (click,
//! drag, double click for a word, Shift+click), arrow keys that move as drawn (in a
//! right-to-left line, Left reads forward), Up/Down between visual lines, copy / cut /
//! paste, IME commits, a placeholder, and the AccessKit value and label.

use super::pane::{mark_bidi_widget, with_text_resources};
use crate::model::{CharOffset, CharRange};
use crate::text::layout::{LayoutParams, ParagraphLayout};
use crate::text::{Caret, FieldBuffer};
use std::sync::Arc;

/// Font size of fields, in points.
const FIELD_FONT_SIZE: f32 = 14.0;
/// Room between the frame and the text.
const PAD: egui::Vec2 = egui::vec2(4.0, 1.0);
/// Wide enough that a single-line field never wraps.
const NO_WRAP: f32 = 100_000.0;

/// One paragraph of the field, laid out, with its top in the field.
#[derive(Debug)]
struct Para {
    layout: ParagraphLayout,
    top: f32,
}

/// What a field keeps between frames (in egui's temporary memory, by id).
#[derive(Clone, Default)]
struct FieldState {
    buffer: FieldBuffer,
    /// Horizontal scroll of a single-line field, in points.
    scroll_x: f32,
    /// The layout of `laid_out`'s text at that width.
    laid_out: Option<(String, u32, Arc<Vec<Para>>)>,
    /// The x a run of Up/Down keys aims for.
    goal_x: Option<f32>,
}

/// A bidi-correct text field over `text`.
pub struct TextField<'t> {
    text: &'t mut String,
    multiline: bool,
    id_salt: Option<egui::IdSalt>,
    width: Option<f32>,
    rows: usize,
    hint: &'t str,
    font_size: f32,
    char_limit: Option<usize>,
}

impl<'t> TextField<'t> {
    pub fn singleline(text: &'t mut String) -> Self {
        Self {
            text,
            multiline: false,
            id_salt: None,
            width: None,
            rows: 1,
            hint: "",
            font_size: FIELD_FONT_SIZE,
            char_limit: None,
        }
    }

    pub fn multiline(text: &'t mut String) -> Self {
        Self {
            multiline: true,
            rows: 3,
            ..Self::singleline(text)
        }
    }

    pub fn id_salt(mut self, salt: impl egui::AsIdSalt) -> Self {
        self.id_salt = Some(egui::IdSalt::new(salt));
        self
    }

    pub fn desired_width(mut self, width: f32) -> Self {
        self.width = Some(width);
        self
    }

    pub fn desired_rows(mut self, rows: usize) -> Self {
        self.rows = rows.max(1);
        self
    }

    /// Keep at most `n` characters (typing past it is dropped).
    pub fn char_limit(mut self, n: usize) -> Self {
        self.char_limit = Some(n);
        self
    }

    /// Shown in weak colour while the field is empty.
    pub fn hint_text(mut self, hint: &'t str) -> Self {
        self.hint = hint;
        self
    }

    fn line_height(&self) -> f32 {
        (self.font_size * 1.7).round()
    }
}

impl egui::Widget for TextField<'_> {
    fn ui(self, ui: &mut egui::Ui) -> egui::Response {
        let line_height = self.line_height();
        let width = self
            .width
            .unwrap_or_else(|| ui.available_width())
            .max(self.font_size * 3.0);
        let rows = if self.multiline { self.rows } else { 1 };
        let id = match &self.id_salt {
            Some(salt) => ui.make_persistent_id(salt),
            None => ui.next_auto_id(),
        };
        let mut state: FieldState = ui.data(|d| d.get_temp(id)).unwrap_or_default();
        state.buffer.sync(self.text);
        let inner_width = width - 2.0 * PAD.x;
        let paras = lay_out(
            ui.ctx(),
            &mut state,
            self.multiline,
            inner_width,
            self.font_size,
            line_height,
        );
        let text_height = paras
            .last()
            .map_or(line_height, |p| p.top + p.layout.height);
        let height = text_height.max(rows as f32 * line_height) + 2.0 * PAD.y;
        let (_, rect) = ui.allocate_space(egui::vec2(width, height));
        let response = ui.interact(rect, id, egui::Sense::click_and_drag());
        let inner = rect.shrink2(PAD);
        let prev_text = self.text.clone();

        // Focus: a click takes it; a focused field keeps the arrows (and, multi line, Up/Down
        // and Tab stay for moving focus).
        if response.clicked() || response.drag_started() {
            response.request_focus();
        }
        let focused = response.has_focus();
        if focused {
            ui.memory_mut(|m| {
                m.set_focus_lock_filter(
                    response.id,
                    egui::EventFilter {
                        horizontal_arrows: true,
                        vertical_arrows: self.multiline,
                        tab: false,
                        escape: false,
                    },
                )
            });
        }

        let origin = |state: &FieldState| inner.min - egui::vec2(state.scroll_x, 0.0);
        // Pointer.
        if let Some(pos) = response.interact_pointer_pos() {
            let o = origin(&state);
            let at = caret_at(&paras, pos - o.to_vec2());
            let shift = ui.input(|i| i.modifiers.shift);
            if response.double_clicked() {
                let word = state.buffer.word_at(at);
                state.buffer.set_caret(Caret {
                    anchor: word.start,
                    head: word.end,
                });
            } else if response.drag_started() || response.clicked() {
                state.buffer.move_to(at, shift);
            } else if response.dragged() {
                state.buffer.move_to(at, true);
            }
            state.goal_x = None;
        }

        // Keyboard and text input.
        let mut submitted = false;
        if focused {
            let events = ui.input(|i| i.events.clone());
            for event in events {
                match event {
                    egui::Event::Text(s) => {
                        let s = clean(&s, self.multiline);
                        if !s.is_empty() {
                            state.buffer.insert(&s);
                        }
                    }
                    egui::Event::Paste(s) => {
                        state.buffer.insert(&clean(&s, self.multiline));
                    }
                    egui::Event::Ime(egui::ImeEvent::Commit(s)) => {
                        state.buffer.insert(&clean(&s, self.multiline));
                    }
                    egui::Event::Copy => {
                        let selected = state.buffer.selected_text().to_owned();
                        if !selected.is_empty() {
                            ui.ctx().copy_text(selected);
                        }
                    }
                    egui::Event::Cut => {
                        if let Some(cut) = state.buffer.cut() {
                            ui.ctx().copy_text(cut);
                        }
                    }
                    egui::Event::Key {
                        key,
                        pressed: true,
                        modifiers,
                        ..
                    } => {
                        submitted |= key_press(
                            &mut state,
                            &paras,
                            key,
                            modifiers,
                            self.multiline,
                            line_height,
                        );
                    }
                    _ => {}
                }
            }
        }
        let mut response = response;
        if let Some(limit) = self.char_limit
            && state.buffer.len_chars() > limit
        {
            let kept: String = state.buffer.text().chars().take(limit).collect();
            state.buffer.sync(&kept);
        }
        if state.buffer.text() != self.text.as_str() {
            *self.text = state.buffer.text().to_owned();
            response.mark_changed();
        }
        if submitted {
            ui.memory_mut(|m| m.surrender_focus(response.id));
        }
        // The layout of what is now the text, for painting.
        let paras = lay_out(
            ui.ctx(),
            &mut state,
            self.multiline,
            inner_width,
            self.font_size,
            line_height,
        );
        let caret = state.buffer.caret();
        if !self.multiline {
            keep_caret_in_view(&mut state, &paras, caret.head, inner.width());
        }

        if ui.is_rect_visible(rect) {
            paint(
                ui,
                &response,
                rect,
                inner,
                origin(&state),
                &paras,
                caret,
                focused,
                self.hint,
                self.text.is_empty(),
            );
            if focused {
                let (_, _, top, x) = caret_line(&paras, caret.head);
                let at = origin(&state) + egui::vec2(x, top);
                let caret_rect = egui::Rect::from_min_size(at, egui::vec2(1.0, line_height));
                ui.ctx().output_mut(|o| {
                    o.ime = Some(egui::output::IMEOutput {
                        purpose: egui::IMEPurpose::Normal,
                        rect,
                        cursor_rect: caret_rect,
                        should_interrupt_composition: false,
                    });
                });
            }
        }
        ui.data_mut(|d| d.insert_temp(id, state));
        let value = self.text.clone();
        let hint = self.hint.to_owned();
        let multiline = self.multiline;
        response.widget_info(|| {
            let mut info = egui::WidgetInfo::text_edit(true, &prev_text, &value, &hint);
            if multiline {
                info.role = egui::Role::MultilineTextInput;
            }
            info
        });
        mark_bidi_widget(ui.ctx(), response.id);
        response
    }
}

/// The caret of the text field that has keyboard focus, if one has (tests, and views that
/// want to insert at the caret).
pub fn focused_field_caret(ctx: &egui::Context) -> Option<Caret> {
    let id = ctx.memory(|m| m.focused())?;
    ctx.data(|d| d.get_temp::<FieldState>(id))
        .map(|s| s.buffer.caret())
}

/// Text as typed or pasted: control characters dropped; line breaks only in a multi-line
/// field (a single-line field turns them into spaces); CRLF as LF.
fn clean(s: &str, multiline: bool) -> String {
    s.replace("\r\n", "\n")
        .chars()
        .filter_map(|c| match c {
            '\n' | '\r' if multiline => Some('\n'),
            '\n' | '\r' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// Lay out the field's text: one paragraph per line of a multi-line field, the whole text
/// unwrapped in a single-line one. Kept while neither the text nor the width changes.
fn lay_out(
    ctx: &egui::Context,
    state: &mut FieldState,
    multiline: bool,
    width: f32,
    font_size: f32,
    line_height: f32,
) -> Arc<Vec<Para>> {
    let text = state.buffer.text();
    let key = (width + font_size * 1000.0).to_bits();
    if let Some((t, w, paras)) = &state.laid_out
        && t == text
        && *w == key
    {
        return paras.clone();
    }
    let params = LayoutParams {
        font_size,
        line_height,
        width: if multiline { width } else { NO_WRAP },
        base: crate::text::layout::BaseDirection::FirstStrong,
    };
    let paras = with_text_resources(ctx, |res| {
        let mut out = Vec::new();
        let mut start = 0;
        let mut top = 0.0;
        let pieces: Vec<&str> = if multiline {
            text.split('\n').collect()
        } else {
            vec![text]
        };
        for piece in pieces {
            let layout = res
                .engine
                .layout_paragraph(piece, CharOffset(start), &params);
            let height = layout.height.max(line_height);
            out.push(Para { layout, top });
            top += height;
            start += piece.chars().count() + 1;
        }
        out
    });
    let mut paras = paras;
    if !multiline && let Some(p) = paras.first_mut() {
        // Unwrapped: align to the field's own edges (right for a right-to-left line).
        align_single_line(&mut p.layout, width);
    }
    let paras = Arc::new(paras);
    state.laid_out = Some((text.to_owned(), key, paras.clone()));
    paras
}

/// Move an unwrapped line so that it starts at the field's left edge, or ends at its right
/// edge when it reads right to left and fits.
fn align_single_line(layout: &mut ParagraphLayout, width: f32) {
    let Some(line) = layout.lines.first() else {
        return;
    };
    let ink = line.right - line.left;
    let target_left = if layout.direction.is_rtl() {
        (width - ink).max(0.0)
    } else {
        0.0
    };
    let dx = target_left - line.left;
    for line in &mut layout.lines {
        line.left += dx;
        line.right += dx;
        for c in &mut line.clusters {
            c.x += dx;
        }
        for g in &mut line.glyphs {
            g.x += dx;
        }
    }
}

/// The caret boundary nearest to a point given relative to the text's origin.
fn caret_at(paras: &[Para], p: egui::Pos2) -> CharOffset {
    let para = paras
        .iter()
        .find(|para| p.y < para.top + para.layout.height.max(1.0))
        .or(paras.last())
        .expect("a field has at least one paragraph");
    if para.layout.lines.is_empty() {
        return para.layout.chars.start;
    }
    para.layout.caret_at(p.x, p.y - para.top)
}

/// The caret's line index in its paragraph and the top of that line in the field.
fn caret_line(paras: &[Para], offset: CharOffset) -> (usize, usize, f32, f32) {
    let pi = paras
        .iter()
        .position(|p| offset <= p.layout.chars.end)
        .unwrap_or(paras.len() - 1);
    let para = &paras[pi];
    if para.layout.lines.is_empty() {
        return (pi, 0, para.top, 0.0);
    }
    let (line, x) = para.layout.caret_position(offset);
    (pi, line, para.top + para.layout.lines[line].top, x)
}

/// One key pressed in a focused field. Returns whether it submits the field (Enter in a
/// single-line field), which then gives up focus.
fn key_press(
    state: &mut FieldState,
    paras: &[Para],
    key: egui::Key,
    m: egui::Modifiers,
    multiline: bool,
    line_height: f32,
) -> bool {
    use egui::Key;
    let b = &mut state.buffer;
    let head = b.caret().head;
    let shift = m.shift;
    let word = m.command || m.alt;
    if !matches!(key, Key::ArrowUp | Key::ArrowDown) {
        state.goal_x = None;
    }
    match key {
        Key::ArrowLeft | Key::ArrowRight => {
            let left = key == Key::ArrowLeft;
            // Without Shift, a selection collapses to the edge that is on that side.
            if !shift && !b.caret().is_empty() {
                let r = b.caret().range();
                let rtl = para_of(paras, head).is_some_and(|p| p.layout.direction.is_rtl());
                let to_start = left != rtl;
                b.move_to(if to_start { r.start } else { r.end }, false);
                return false;
            }
            let target = if word {
                // Word jumps follow the reading direction of the line: in Arabic, Left is
                // towards the next word.
                let rtl = para_of(paras, head).is_some_and(|p| p.layout.direction.is_rtl());
                if left != rtl {
                    b.word_start_before(head)
                } else {
                    b.word_end_after(head)
                }
            } else {
                move_visually(paras, head, left)
            };
            b.move_to(target, shift);
        }
        Key::Home => b.move_to(b.line_start(head), shift),
        Key::End => b.move_to(b.line_end(head), shift),
        Key::ArrowUp | Key::ArrowDown if multiline => {
            let (_, _, top, x) = caret_line(paras, head);
            let goal = *state.goal_x.get_or_insert(x);
            let y = if key == Key::ArrowUp {
                top - line_height / 2.0
            } else {
                top + line_height * 1.5
            };
            let target = if y < 0.0 {
                CharOffset(0)
            } else {
                caret_at(paras, egui::pos2(goal, y))
            };
            state.buffer.move_to(target, shift);
        }
        Key::Backspace => {
            b.backspace(word);
        }
        Key::Delete => {
            b.delete(word);
        }
        Key::A if m.command => b.select_all(),
        Key::Z if m.command && shift => {
            b.redo();
        }
        Key::Z if m.command => {
            b.undo();
        }
        Key::Y if m.command => {
            b.redo();
        }
        Key::Enter if multiline && !m.command => {
            b.insert("\n");
        }
        Key::Enter => return true,
        _ => {}
    }
    false
}

fn para_of(paras: &[Para], offset: CharOffset) -> Option<&Para> {
    paras.iter().find(|p| offset <= p.layout.chars.end)
}

/// One step as drawn; at a line's edge it steps logically to the neighbouring line, so the
/// caret can reach every boundary.
fn move_visually(paras: &[Para], head: CharOffset, left: bool) -> CharOffset {
    let Some(para) = para_of(paras, head) else {
        return head;
    };
    if let Some(next) = (!para.layout.lines.is_empty())
        .then(|| para.layout.move_visually(head, left))
        .flatten()
    {
        return next;
    }
    // At the edge: forward in reading order is Left in a right-to-left paragraph.
    let forward = left == para.layout.direction.is_rtl();
    let total = paras.last().map_or(0, |p| p.layout.chars.end.0);
    if forward {
        CharOffset((head.0 + 1).min(total))
    } else {
        CharOffset(head.0.saturating_sub(1))
    }
}

/// Scroll a single-line field so the caret stays inside it.
fn keep_caret_in_view(state: &mut FieldState, paras: &[Para], head: CharOffset, width: f32) {
    let (_, _, _, x) = caret_line(paras, head);
    let margin = 4.0;
    if x - state.scroll_x > width - margin {
        state.scroll_x = x - width + margin;
    } else if x - state.scroll_x < margin {
        state.scroll_x = (x - margin).max(0.0).min(state.scroll_x);
    }
    // Never scrolled past what the text needs.
    let extent = paras
        .first()
        .and_then(|p| p.layout.lines.first())
        .map_or(0.0, |l| l.right);
    state.scroll_x = state
        .scroll_x
        .clamp(0.0, (extent - width + margin).max(0.0));
}

#[allow(clippy::too_many_arguments)]
fn paint(
    ui: &egui::Ui,
    response: &egui::Response,
    rect: egui::Rect,
    inner: egui::Rect,
    origin: egui::Pos2,
    paras: &[Para],
    caret: Caret,
    focused: bool,
    hint: &str,
    empty: bool,
) {
    let visuals = ui.visuals();
    let widget = if focused {
        &visuals.widgets.active
    } else if response.hovered() {
        &visuals.widgets.hovered
    } else {
        &visuals.widgets.inactive
    };
    let painter = ui.painter_at(rect.expand(1.0));
    painter.rect(
        rect,
        widget.corner_radius,
        visuals.extreme_bg_color,
        if focused {
            visuals.selection.stroke
        } else {
            widget.bg_stroke
        },
        egui::StrokeKind::Inside,
    );
    let clip = inner.expand2(egui::vec2(0.0, PAD.y));
    let painter = ui.painter_at(clip);
    // The selection, behind the glyphs.
    let range: CharRange = caret.range();
    if !range.is_empty() {
        let fill = if focused {
            visuals.selection.bg_fill
        } else {
            visuals.selection.bg_fill.gamma_multiply(0.5)
        };
        for para in paras {
            for r in para.layout.selection_rects(range) {
                let min = origin + egui::vec2(r.x0, para.top + r.y0);
                let max = origin + egui::vec2(r.x1, para.top + r.y1);
                painter.rect_filled(egui::Rect::from_min_max(min, max), 0.0, fill);
            }
        }
    }
    let ppp = ui.ctx().pixels_per_point();
    if empty && !hint.is_empty() {
        let color = visuals.weak_text_color();
        super::pane::paint_bidi_line(ui, hint, FIELD_FONT_SIZE, inner, color);
    } else {
        let color = visuals.text_color();
        let mesh = with_text_resources(ui.ctx(), |res| {
            let mut mesh = egui::Mesh::with_texture(res.atlas.texture_id());
            for para in paras {
                res.glyph_mesh(
                    &para.layout,
                    origin + egui::vec2(0.0, para.top),
                    ppp,
                    color,
                    clip,
                    &mut mesh,
                );
            }
            mesh
        });
        painter.add(egui::Shape::mesh(mesh));
    }
    if focused {
        let (_, _, top, x) = caret_line(paras, caret.head);
        let line_height = paras
            .first()
            .and_then(|p| p.layout.lines.first())
            .map_or(inner.height(), |l| l.height);
        let x = (origin.x + x).round();
        let stroke = egui::Stroke::new(1.5, visuals.text_cursor.stroke.color);
        painter.line_segment(
            [
                egui::pos2(x, origin.y + top + 2.0),
                egui::pos2(x, origin.y + top + line_height - 2.0),
            ],
            stroke,
        );
    }
}
