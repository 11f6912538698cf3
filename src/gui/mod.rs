//! The desktop GUI: a thin egui/eframe layer over [`crate::session::Session`].
//!
//! Views read state and return [`Action`]s; [`HamishApp`] applies them in one place after
//! drawing, so every change to a project goes through [`crate::model::Edit`].

mod action;
mod annotate_all;
mod app;
pub mod commands;
pub mod dashboard;
pub mod decoration;
mod dialogs;
pub mod dock;
mod documents;
pub mod entities_panel;
pub mod entity_field;
pub mod event_frame;
pub mod events_panel;
mod export_dialog;
mod fonts;
pub mod guidelines_panel;
mod jobs;
mod labels_panel;
mod menu;
mod palette;
pub mod pane;
pub mod prefs;
pub mod relations;
pub mod review;
mod safety;
mod schema_change;
mod schema_editor;
mod search_bar;
pub mod selection;
mod settings_window;
mod spans_panel;
pub mod text_field;
pub mod work;

pub use action::Action;
pub use app::HamishApp;
pub use fonts::install_fonts;
pub use text_field::TextField;

use anyhow::{Context, Result};
use std::path::PathBuf;

/// The id under which eframe keeps window size and preferences.
pub const APP_ID: &str = "hamish";

/// Open the main window on `project`, or on a working copy of the sample project; with
/// `compare`, the review tab opens comparing it with those colleagues' files.
pub fn run(project: Option<PathBuf>, compare: Vec<PathBuf>) -> Result<()> {
    let path = match project {
        Some(path) => path,
        None => {
            let dir = eframe::storage_dir(APP_ID)
                .unwrap_or_else(|| std::env::temp_dir().join(APP_ID))
                .join("sample");
            crate::assets::sample_copy_in(&dir)
                .with_context(|| format!("copying the sample project to {}", dir.display()))?
        }
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Hamish")
            .with_app_id(APP_ID)
            .with_inner_size([1200.0, 780.0])
            .with_min_inner_size([640.0, 400.0]),
        persist_window: true,
        ..Default::default()
    };
    eframe::run_native(
        APP_ID,
        options,
        Box::new(move |cc| {
            // Untitled work is autosaved in the data folder and offered on the next start.
            let untitled = eframe::storage_dir(APP_ID)
                .map(|dir| dir.join("untitled").join(app::UNTITLED_FILE_NAME));
            let mut app = HamishApp::new(cc, Some(path)).with_untitled_autosave(untitled);
            if !compare.is_empty() {
                app.push(Action::ReviewCompareWith(compare));
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|err| anyhow::anyhow!("cannot open the Hamish window: {err}"))
}
