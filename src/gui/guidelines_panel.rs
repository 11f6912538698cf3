//! The guidelines tab: the project's labelling guidelines ([`crate::guidelines`]) drawn as
//! headings, paragraphs and list items, a button per label that jumps to its section, and
//! Reload. Latin text is egui's (emphasis in italics, strong in the strong colour, code in
//! monospace); every stretch of Arabic goes through the bidi label, and a paragraph that reads
//! right to left is one wrapped bidi paragraph, so Arabic examples are never reversed.
//!
//! Only the blocks in view (and half a screen either side) are drawn: the others take the
//! room they measured when last drawn, or an estimate from their length, so a frame's work
//! grows with the screen, not with the guidelines. When blocks measured above the view change
//! the column, the view is kept on what it showed; a section asked for stays at the top.
//!
//! The file is read by the app (`Action::OpenGuidelines`, when the tab is shown), never while
//! drawing; [`GuidelinesState`] holds what was read and the section to scroll to.

use super::Action;
use super::pane::{bidi_label, bidi_paragraph};
use crate::guidelines::{Block, Guidelines, Run};
use crate::model::{LabelId, Schema};
use std::path::{Path, PathBuf};

/// The guidelines as read, and where the view should go.
#[derive(Debug, Default)]
pub struct GuidelinesState {
    /// The file read last, and what came of it (guidelines, or why there are none).
    pub loaded: Option<(PathBuf, Result<Guidelines, String>)>,
    /// Scroll this block to the top on the next frame.
    pub scroll_to: Option<usize>,
    /// Where each block sits in the scrolled column, so that a frame draws only the blocks in
    /// view.
    heights: BlockHeights,
}

/// The heights of the guidelines' blocks at one width: measured once a block was drawn,
/// estimated from its length before. The tops (running sums) are kept with them and rebuilt
/// only when a height changes, so finding what is in view is a binary search and a frame's
/// work grows with the blocks on screen, not with the length of the guidelines.
#[derive(Debug, Default)]
struct BlockHeights {
    width: f32,
    heights: Vec<f32>,
    /// `tops[i]` is where block `i` starts; `tops[n]` is the column's height.
    tops: Vec<f32>,
    dirty: bool,
    /// The block asked for (a label's section), kept at the top until its place is settled.
    pinned: Option<usize>,
    /// The scroll offset the next frame starts from: set when blocks measured above the view
    /// moved what the analyst is looking at, so that it stays where it was.
    next_offset: Option<f32>,
}

impl BlockHeights {
    /// Estimates for `blocks` at `width`, unless they were already made for both.
    fn fit(&mut self, blocks: &[Block], width: f32) {
        if self.heights.len() == blocks.len() && (self.width - width).abs() < 0.5 {
            return;
        }
        self.width = width;
        self.heights = blocks.iter().map(|b| estimate(b, width)).collect();
        self.dirty = true;
        self.tops_now();
    }

    /// Record what block `i` measured when drawn; tells whether it changed.
    fn measured(&mut self, i: usize, height: f32) -> bool {
        let changed = (self.heights[i] - height).abs() > 0.5;
        if changed {
            self.heights[i] = height;
            self.dirty = true;
        }
        changed
    }

    fn tops_now(&mut self) -> &[f32] {
        if self.dirty || self.tops.len() != self.heights.len() + 1 {
            self.tops.clear();
            self.tops.push(0.0);
            let mut y = 0.0;
            for h in &self.heights {
                y += h;
                self.tops.push(y);
            }
            self.dirty = false;
        }
        &self.tops
    }

    /// Keep what is in view in place after blocks were measured: `anchor` (the pinned block,
    /// else the first block in view) was `offset - old_top` above the view's top edge; the
    /// offset that keeps it there now is returned when it differs from `offset`.
    fn keep_in_place(&mut self, anchor: usize, old_top: f32, offset: f32) -> Option<f32> {
        let new_top = self.tops_now()[anchor];
        let wanted = if self.pinned == Some(anchor) {
            new_top
        } else {
            offset + (new_top - old_top)
        };
        ((wanted - offset).abs() > 0.5).then_some(wanted.max(0.0))
    }

    /// The blocks that meet `min..max` (column coordinates).
    fn in_view(&mut self, min: f32, max: f32) -> std::ops::Range<usize> {
        let tops = self.tops_now();
        let n = tops.len() - 1;
        // The first block whose bottom is below `min`; then every block starting above `max`.
        let first = tops[1..].partition_point(|&bottom| bottom <= min).min(n);
        let last = tops[..n].partition_point(|&top| top < max).max(first);
        first..last
    }
}

/// A block's height before it is drawn: its text spread over lines of `width`.
fn estimate(block: &Block, width: f32) -> f32 {
    let lines = |text_len: usize, size: f32| {
        let per_line = (width / (size * 0.5)).max(8.0);
        (text_len as f32 / per_line).ceil().max(1.0)
    };
    let len = |runs: &[Run]| runs.iter().map(|r| r.text.chars().count()).sum::<usize>();
    match block {
        Block::Heading { level, runs } => {
            let size = heading_size(*level);
            heading_space(*level) + lines(len(runs), size) * size * 1.35 + 4.0
        }
        Block::Paragraph { runs } => PARAGRAPH_SPACE + lines(len(runs), 13.5) * 19.0 + 4.0,
        Block::Item { runs, .. } => lines(len(runs), 13.5) * 19.0 + 4.0,
        Block::Code { text } => text.lines().count().max(1) as f32 * 17.0 + 16.0,
        Block::Rule => 10.0,
    }
}

impl GuidelinesState {
    /// Read (again) the guidelines at `path`.
    pub fn load(&mut self, path: Option<PathBuf>) {
        self.loaded = path.map(|path| {
            let read = std::fs::read_to_string(&path)
                .map(|text| Guidelines::parse(&text))
                .map_err(|err| format!("cannot read {}: {err}", path.display()));
            (path, read)
        });
        self.heights = BlockHeights::default();
    }

    /// Whether the guidelines read are those of `path`.
    pub fn is_of(&self, path: Option<&Path>) -> bool {
        self.loaded.as_ref().map(|(p, _)| p.as_path()) == path
    }

    pub fn guidelines(&self) -> Option<&Guidelines> {
        self.loaded.as_ref().and_then(|(_, g)| g.as_ref().ok())
    }

    /// Scroll to `label`'s section, if the guidelines have one; tells whether they do.
    pub fn go_to_label(&mut self, schema: &Schema, label: &LabelId) -> bool {
        let section = schema
            .label(label)
            .and_then(|l| self.guidelines()?.section_of(l));
        if section.is_some() {
            self.scroll_to = section;
        }
        section.is_some()
    }
}

/// Whether `s` holds a right-to-left letter (Arabic, Hebrew…).
fn has_rtl(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF))
}

/// Whether a block reads right to left: its first strong letter is.
fn reads_rtl(text: &str) -> bool {
    text.chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(|c| has_rtl(&c.to_string()))
}

fn rich(text: &str, run: &Run, size: f32) -> egui::RichText {
    let mut rich = egui::RichText::new(text).size(size);
    if run.style.code {
        rich = rich.monospace();
    }
    if run.style.emphasis {
        rich = rich.italics();
    }
    if run.style.strong {
        rich = rich.strong();
    }
    rich
}

/// One run inside a wrapping row: Latin words as egui labels (wrapping between words), each
/// stretch of words holding Arabic as one bidi label.
fn run_ui(ui: &mut egui::Ui, run: &Run, size: f32) {
    // egui's fonts lack some signs the guidelines use (→); the engine's fonts have them.
    let font = egui::FontId::proportional(size);
    let egui_can = |s: &str| ui.ctx().fonts_mut(|f| f.has_glyphs(&font, s));
    if !has_rtl(&run.text) && egui_can(&run.text) {
        ui.label(rich(&run.text, run, size));
        return;
    }
    // Group the words: a stretch of Arabic words (with the spaces between) is one piece.
    let mut pieces: Vec<(bool, String)> = Vec::new();
    for word in run.text.split_inclusive(' ') {
        let rtl = has_rtl(word) || !egui_can(word);
        match pieces.last_mut() {
            Some((r, text)) if *r == rtl || word.trim().is_empty() => text.push_str(word),
            _ => pieces.push((rtl, word.to_owned())),
        }
    }
    for (rtl, text) in pieces {
        if rtl && !text.trim().is_empty() {
            let response = bidi_label(ui, text.trim(), size + 1.0);
            if run.style.code {
                ui.painter().rect_stroke(
                    response.rect.expand(1.0),
                    2.0,
                    egui::Stroke::new(0.5, ui.visuals().weak_text_color()),
                    egui::StrokeKind::Outside,
                );
            }
            if text.ends_with(' ') {
                ui.add_space(3.0);
            }
        } else {
            ui.label(rich(&text, run, size));
        }
    }
}

/// A paragraph, heading text or list item: its runs in a wrapping row, or one bidi paragraph
/// when it reads right to left.
fn runs_ui(ui: &mut egui::Ui, runs: &[Run], size: f32) -> egui::Response {
    let text: String = runs.iter().map(|r| r.text.as_str()).collect();
    if reads_rtl(&text) {
        return bidi_paragraph(ui, &text, size + 1.0);
    }
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 0.0;
        for run in runs {
            run_ui(ui, run, size);
        }
    })
    .response
}

/// Room above a paragraph, and above a heading of `level`.
const PARAGRAPH_SPACE: f32 = 4.0;

fn heading_space(level: u8) -> f32 {
    if level <= 2 { 10.0 } else { 6.0 }
}

fn heading_size(level: u8) -> f32 {
    match level {
        1 => 19.0,
        2 => 17.0,
        3 => 15.5,
        _ => 14.0,
    }
}

/// Draw the tab. `in_use` is the label armed or of the selected span: its section button
/// comes first.
pub fn guidelines_ui(
    ui: &mut egui::Ui,
    state: &mut GuidelinesState,
    schema: &Schema,
    in_use: Option<&LabelId>,
) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.horizontal_wrapped(|ui| {
        let mut labels: Vec<&crate::model::Label> = schema.labels.iter().collect();
        labels.sort_by_key(|l| Some(&l.id) != in_use);
        for label in labels {
            let text = format!("{} section", label.id);
            if ui
                .button(text)
                .on_hover_text(format!("Go to the guidelines for {}", label.id))
                .clicked()
            {
                actions.push(Action::OpenGuidelines(Some(label.id.clone())));
            }
        }
        if ui.button("Reload").clicked() {
            actions.push(Action::OpenGuidelines(None));
        }
    });
    ui.separator();
    let Some((path, loaded)) = &state.loaded else {
        ui.add(
            egui::Label::new("No guidelines: save the project, then put GUIDELINES.md beside it or name a file in Annotate ▸ Project settings.").wrap(),
        );
        return actions;
    };
    let guidelines = match loaded {
        Ok(g) => g,
        Err(err) => {
            ui.add(egui::Label::new(err.as_str()).wrap());
            return actions;
        }
    };
    ui.weak(
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
    );
    let scroll_to = state.scroll_to.take();
    let blocks = &guidelines.blocks;
    let heights = &mut state.heights;
    // The column's width is the scroll area's, less its bar: known before it is shown.
    let width = (ui.available_width() - ui.spacing().scroll.allocated_width()).max(40.0);
    heights.fit(blocks, width);
    let mut scroll = egui::ScrollArea::vertical()
        .id_salt("guidelines")
        .auto_shrink([false, false]);
    if let Some(i) = scroll_to.filter(|&i| i < blocks.len()) {
        heights.pinned = Some(i);
        heights.next_offset = Some(heights.tops_now()[i]);
    }
    if let Some(offset) = heights.next_offset.take() {
        scroll = scroll.vertical_scroll_offset(offset);
    }
    scroll.show_viewport(ui, |ui, viewport| {
        // Prose wraps between words here (the side panel keeps buttons on one line).
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
        ui.set_width(width);
        // Half a screen drawn beyond each edge, so that a short scroll meets laid-out text.
        let margin = viewport.height() * 0.5;
        let shown = heights.in_view(viewport.min.y - margin, viewport.max.y + margin);
        let pinned = heights.pinned;
        let tops = heights.tops_now();
        let (above, below) = (tops[shown.start], tops[tops.len() - 1] - tops[shown.end]);
        // What the analyst is looking at: the section asked for, else the first block in view.
        let anchor = pinned.unwrap_or_else(|| {
            shown
                .clone()
                .find(|&i| tops[i + 1] > viewport.min.y)
                .unwrap_or(shown.start)
        });
        let anchor_top = tops.get(anchor).copied().unwrap_or(0.0);
        ui.add_space(above);
        let mut changed = false;
        for i in shown {
            let top = ui.cursor().min.y;
            block_ui(ui, &blocks[i]);
            changed |= heights.measured(i, ui.cursor().min.y - top);
        }
        ui.add_space(below);
        if changed {
            // Measured blocks move what follows: keep the view on what it showed, and settle on
            // the next frame.
            heights.next_offset = heights.keep_in_place(anchor, anchor_top, viewport.min.y);
            ui.ctx().request_repaint();
        } else {
            heights.pinned = None;
        }
    });
    actions
}

/// One block, with the room above it.
fn block_ui(ui: &mut egui::Ui, block: &Block) -> egui::Response {
    match block {
        Block::Heading { level, runs } => {
            ui.add_space(heading_space(*level));
            let text: String = runs.iter().map(|r| r.text.as_str()).collect();
            let size = heading_size(*level);
            let response = if has_rtl(&text) {
                runs_ui(ui, runs, size)
            } else {
                ui.label(egui::RichText::new(&text).size(size).strong())
            };
            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Heading, true, &text));
            response
        }
        Block::Paragraph { runs } => {
            ui.add_space(PARAGRAPH_SPACE);
            runs_ui(ui, runs, 13.5)
        }
        Block::Item {
            depth,
            marker,
            runs,
        } => {
            ui.horizontal(|ui| {
                ui.add_space(8.0 + 16.0 * *depth as f32);
                ui.label(egui::RichText::new(marker).size(13.5));
                ui.vertical(|ui| runs_ui(ui, runs, 13.5));
            })
            .response
        }
        Block::Code { text } => {
            egui::Frame::group(ui.style())
                .show(ui, |ui| {
                    for line in text.lines() {
                        if has_rtl(line) {
                            bidi_label(ui, line, 13.0);
                        } else {
                            ui.label(egui::RichText::new(line).monospace());
                        }
                    }
                })
                .response
        }
        Block::Rule => ui.separator(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraphs(n: usize) -> Vec<Block> {
        (0..n)
            .map(|i| Block::Paragraph {
                runs: vec![Run {
                    text: format!("Paragraph {i}: only named places are tagged."),
                    style: Default::default(),
                }],
            })
            .collect()
    }

    /// A plain model: every block whose extent meets the window, by walking them all.
    fn meeting(heights: &[f32], min: f32, max: f32) -> Vec<usize> {
        let mut top = 0.0;
        let mut out = Vec::new();
        for (i, h) in heights.iter().enumerate() {
            if top + h > min && top < max {
                out.push(i);
            }
            top += h;
        }
        out
    }

    #[test]
    fn only_the_blocks_in_view_are_drawn() {
        let blocks = paragraphs(5000);
        let mut heights = BlockHeights::default();
        heights.fit(&blocks, 300.0);
        for (i, h) in [(3, 120.0), (2000, 7.0), (4999, 400.0)] {
            assert!(heights.measured(i, h));
            assert!(!heights.measured(i, h), "the same height is no change");
        }
        let all = heights.heights.clone();
        let total = *heights.tops_now().last().unwrap();
        for (min, max) in [
            (-50.0, 400.0),
            (0.0, 0.0),
            (1234.5, 2100.0),
            (total - 300.0, total + 300.0),
            (total + 10.0, total + 20.0),
        ] {
            let shown: Vec<usize> = heights.in_view(min, max).collect();
            assert_eq!(shown, meeting(&all, min, max), "{min}..{max}");
        }
        assert!(heights.in_view(1000.0, 1900.0).len() < 40);
        // Another width starts from estimates again.
        heights.fit(&blocks, 600.0);
        assert!(heights.heights[3] < 120.0);
    }

    #[test]
    fn direction_of_blocks() {
        assert!(reads_rtl("«جماعة» (JNIM)"));
        assert!(!reads_rtl("1. Include the article `ال`"));
        assert!(has_rtl("ال"));
        assert!(!has_rtl("GROUP (hotkey 1)"));
    }
}
