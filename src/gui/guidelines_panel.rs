//! The guidelines tab: the project's labelling guidelines ([`crate::guidelines`]) drawn as
//! headings, paragraphs and list items, a button per label that jumps to its section, and
//! Reload. Latin text is egui's (emphasis in italics, strong in the strong colour, code in
//! monospace); every stretch of Arabic goes through the bidi label, and a paragraph that reads
//! right to left is one wrapped bidi paragraph, so Arabic examples are never reversed.
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
    egui::ScrollArea::vertical()
        .id_salt("guidelines")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            // Prose wraps between words here (the side panel keeps buttons on one line).
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
            for (i, block) in guidelines.blocks.iter().enumerate() {
                let response = match block {
                    Block::Heading { level, runs } => {
                        ui.add_space(if *level <= 2 { 10.0 } else { 6.0 });
                        let text: String = runs.iter().map(|r| r.text.as_str()).collect();
                        let size = heading_size(*level);
                        let response = if has_rtl(&text) {
                            runs_ui(ui, runs, size)
                        } else {
                            ui.label(egui::RichText::new(&text).size(size).strong())
                        };
                        response.widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::Heading, true, &text)
                        });
                        response
                    }
                    Block::Paragraph { runs } => {
                        ui.add_space(4.0);
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
                };
                if scroll_to == Some(i) {
                    ui.scroll_to_rect(response.rect, Some(egui::Align::TOP));
                }
            }
        });
    actions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_of_blocks() {
        assert!(reads_rtl("«جماعة» (JNIM)"));
        assert!(!reads_rtl("1. Include the article `ال`"));
        assert!(has_rtl("ال"));
        assert!(!has_rtl("GROUP (hotkey 1)"));
    }
}
