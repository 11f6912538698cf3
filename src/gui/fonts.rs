//! Fonts for egui's own widgets: the bundled Noto faces, with Arabic as a fallback after
//! the Latin face. The article pane lays text out itself (see `crate::text::layout`).

use crate::assets::{NASKH_ARABIC, NOTO_SANS, NOTO_SYMBOLS};
use egui::{FontData, FontDefinitions, FontFamily};
use std::sync::Arc;

pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        "noto-sans".into(),
        Arc::new(FontData::from_static(NOTO_SANS)),
    );
    fonts.font_data.insert(
        "noto-naskh-arabic".into(),
        Arc::new(FontData::from_static(NASKH_ARABIC)),
    );
    fonts.font_data.insert(
        "noto-symbols".into(),
        Arc::new(FontData::from_static(NOTO_SYMBOLS)),
    );
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        let list = fonts.families.entry(family).or_default();
        list.push("noto-sans".into());
        list.push("noto-naskh-arabic".into());
        list.push("noto-symbols".into());
    }
    ctx.set_fonts(fonts);
}
