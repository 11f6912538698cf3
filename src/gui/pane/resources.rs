//! The text engine and glyph atlas shared by every custom text widget of one egui context
//! (the article pane and the short Arabic labels in side panels), kept in the context's
//! temporary data so building the font system happens once.

use super::atlas::GlyphAtlas;
use super::glyphs::paint_paragraph_glyphs;
use crate::text::layout::{ParagraphLayout, TextEngine};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub struct TextResources {
    pub engine: TextEngine,
    pub atlas: GlyphAtlas,
    /// Laid-out short labels, keyed by text and font size (bits), cleared when it grows.
    pub labels: HashMap<(String, u32), Arc<ParagraphLayout>>,
}

impl TextResources {
    /// Paint a laid-out paragraph's glyphs with its top-left corner at `origin`.
    pub fn glyph_mesh(
        &mut self,
        layout: &ParagraphLayout,
        origin: egui::Pos2,
        pixels_per_point: f32,
        color: egui::Color32,
        clip: egui::Rect,
        mesh: &mut egui::Mesh,
    ) {
        paint_paragraph_glyphs(
            &mut self.engine,
            &mut self.atlas,
            layout,
            origin,
            pixels_per_point,
            color,
            clip,
            mesh,
        );
    }
}

type Shared = Arc<Mutex<TextResources>>;

/// Run `f` with this context's text resources, creating them on first use.
pub fn with_text_resources<R>(ctx: &egui::Context, f: impl FnOnce(&mut TextResources) -> R) -> R {
    let id = egui::Id::unique("hamish-text-resources");
    let shared: Shared = match ctx.data(|d| d.get_temp::<Shared>(id)) {
        Some(shared) => shared,
        None => {
            let shared = Arc::new(Mutex::new(TextResources {
                engine: TextEngine::new(),
                atlas: GlyphAtlas::new(ctx),
                labels: HashMap::new(),
            }));
            ctx.data_mut(|d| d.insert_temp(id, shared.clone()));
            shared
        }
    };
    let mut guard = shared
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    f(&mut guard)
}
