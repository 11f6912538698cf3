//! Preferences kept in eframe's storage: recent files, theme, the panels' layout, reading
//! comfort and the commands run last. Never project data.

use super::dock::LayoutPrefs;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

const MAX_RECENT: usize = 10;
/// Commands remembered for the palette's "recent first".
const MAX_RECENT_COMMANDS: usize = 8;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub recent: Vec<PathBuf>,
    pub dark: bool,
    /// Type paths instead of using the system's file dialogs.
    pub typed_paths: bool,
    /// Panel widths, which panels and tabs are shown.
    pub layout: LayoutPrefs,
    /// The article's font size and line height.
    pub reading: ReadingPrefs,
    /// Names of the commands run from the palette, most recent first.
    pub recent_commands: Vec<String>,
}

/// Reading comfort: the article's font size (at zoom 1) and the height of a line without
/// tags, as a multiple of the font size. Lines with span tags get room for them on top.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReadingPrefs {
    pub font_size: f32,
    pub line_height: f32,
}

impl ReadingPrefs {
    pub const FONT_SIZES: std::ops::RangeInclusive<f32> = 14.0..=32.0;
    pub const LINE_HEIGHTS: std::ops::RangeInclusive<f32> = 1.3..=2.6;
}

impl Default for ReadingPrefs {
    fn default() -> Self {
        Self {
            font_size: super::pane::BASE_FONT_SIZE,
            line_height: super::pane::DEFAULT_LINE_HEIGHT,
        }
    }
}

impl Prefs {
    pub const KEY: &'static str = "hamish-prefs";

    pub fn remember(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(MAX_RECENT);
    }

    /// Put a command run from the palette first in its list.
    pub fn remember_command(&mut self, name: &str) {
        self.recent_commands.retain(|c| c != name);
        self.recent_commands.insert(0, name.to_owned());
        self.recent_commands.truncate(MAX_RECENT_COMMANDS);
    }
}
