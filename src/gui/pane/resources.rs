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
    /// Laid-out short labels, keyed by text, font size and wrap width (bits), cleared when it
    /// grows.
    pub labels: HashMap<(String, u32, u32), Arc<ParagraphLayout>>,
    /// Widgets that drew user text through this engine (bidi labels and fields), so a test can
    /// tell them from widgets that drew it with egui's own text (which has no bidi). Recorded
    /// only once [`audit_bidi_widgets`] turned it on: the running app keeps no such list.
    pub bidi_widgets: Option<std::collections::HashSet<egui::Id>>,
}

impl TextResources {
    /// Record that widget `id` drew its text through this engine (see [`mark_bidi_widget`],
    /// for callers that already hold the resources).
    pub fn mark_bidi(&mut self, id: egui::Id) {
        if let Some(marked) = &mut self.bidi_widgets {
            if marked.len() > MAX_MARKED {
                marked.clear();
            }
            marked.insert(id);
        }
    }

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
                bidi_widgets: None,
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

/// Widgets remembered by [`mark_bidi_widget`] before the set is emptied.
const MAX_MARKED: usize = 20_000;

/// Record that widget `id` drew its text through the bidi engine.
pub fn mark_bidi_widget(ctx: &egui::Context, id: egui::Id) {
    with_text_resources(ctx, |res| res.mark_bidi(id));
}

/// Start recording which widgets draw user text through the bidi engine (for tests that check
/// no panel draws Arabic another way).
pub fn audit_bidi_widgets(ctx: &egui::Context) {
    with_text_resources(ctx, |res| {
        res.bidi_widgets.get_or_insert_with(Default::default);
    });
}

/// Every widget recorded since [`audit_bidi_widgets`] (empty when it was not called).
pub fn bidi_widget_ids(ctx: &egui::Context) -> Vec<egui::Id> {
    with_text_resources(ctx, |res| {
        res.bidi_widgets.iter().flatten().copied().collect()
    })
}
