//! The window's layout: the documents panel on the left, one side panel on the right whose
//! lower part is a *dock* of tabs (spans, review, guidelines, dashboard), and the article in
//! the middle with the room that is left. Both panels can be dragged wider or narrower within
//! bounds that keep the article at least about 60 % of the window, and collapsed (View menu,
//! Ctrl+B, Ctrl+Alt+B); their widths and which tabs are open are preferences kept in eframe's
//! storage.
//!
//! A tab is one [`DockTab`] variant drawn by one self-contained `fn …_ui(ui, …) ->
//! Vec<Action>` view (see `frame.rs`, `dock_tab_ui`), so adding a panel (events, entities)
//! is one variant, its title and one arm there. Review never becomes a fourth column.

use super::Action;
use serde::{Deserialize, Serialize};

/// A tab of the side panel's dock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DockTab {
    /// The spans of the document and the selected span (always open).
    Spans,
    /// Comparing with colleagues and adjudicating (View ▸ Review).
    Review,
    /// The project's labelling guidelines.
    Guidelines,
    /// Charts of the whole project.
    Dashboard,
    /// The event frame of the trigger being edited.
    Event,
    /// The events of the document or the project, filtered.
    Events,
    /// The project's entity registry.
    Entities,
}

impl DockTab {
    pub const ALL: [DockTab; 7] = [
        DockTab::Spans,
        DockTab::Review,
        DockTab::Guidelines,
        DockTab::Dashboard,
        DockTab::Event,
        DockTab::Events,
        DockTab::Entities,
    ];

    pub fn title(self) -> &'static str {
        match self {
            DockTab::Spans => "Spans",
            DockTab::Review => "Review",
            DockTab::Guidelines => "Guidelines",
            DockTab::Dashboard => "Dashboard",
            DockTab::Event => "Event",
            DockTab::Events => "Events",
            DockTab::Entities => "Entities",
        }
    }

    /// Whether the tab fills the panel with its own scrolled list (the guidelines, drawn a
    /// screen at a time; the events list); the others are forms the dock scrolls.
    pub fn scrolls_itself(self) -> bool {
        matches!(self, DockTab::Guidelines | DockTab::Events)
    }

    /// Whether the tab has a close button (the spans tab is always there).
    pub fn closable(self) -> bool {
        !matches!(self, DockTab::Spans)
    }
}

/// Which tabs are open, in order, and which one is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DockState {
    pub open: Vec<DockTab>,
    pub active: DockTab,
}

impl Default for DockState {
    fn default() -> Self {
        Self {
            open: vec![DockTab::Spans],
            active: DockTab::Spans,
        }
    }
}

impl DockState {
    pub fn is_open(&self, tab: DockTab) -> bool {
        self.open.contains(&tab)
    }

    /// Open `tab` (at the end) and show it.
    pub fn show(&mut self, tab: DockTab) {
        if !self.is_open(tab) {
            self.open.push(tab);
        }
        self.active = tab;
    }

    /// Close `tab`; the tab before it is shown if it was.
    pub fn close(&mut self, tab: DockTab) {
        if !tab.closable() {
            return;
        }
        if let Some(i) = self.open.iter().position(|&t| t == tab) {
            self.open.remove(i);
            if self.active == tab {
                self.active = self.open[i.saturating_sub(1).min(self.open.len() - 1)];
            }
        }
        if self.open.is_empty() {
            *self = Self::default();
        }
    }

    /// Shown and open → closed; otherwise open and shown.
    pub fn toggle(&mut self, tab: DockTab) {
        if self.is_open(tab) && self.active == tab {
            self.close(tab);
        } else {
            self.show(tab);
        }
    }

    /// Whether `tab` is the one shown.
    pub fn shows(&self, tab: DockTab) -> bool {
        self.active == tab && self.is_open(tab)
    }
}

/// The panels' widths and whether they are shown, remembered between runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LayoutPrefs {
    pub documents_open: bool,
    pub side_open: bool,
    /// Widths in points, as last dragged; `None` until the user drags (then a share of the
    /// window is used).
    pub documents_width: Option<f32>,
    pub side_width: Option<f32>,
    pub dock: DockState,
}

impl Default for LayoutPrefs {
    fn default() -> Self {
        Self {
            documents_open: true,
            side_open: true,
            documents_width: None,
            side_width: None,
            dock: DockState::default(),
        }
    }
}

/// Smallest and largest width of the documents panel, in points, for a window `window` wide.
pub fn documents_width_range(window: f32) -> (f32, f32) {
    let min = 150.0;
    (min, (window * 0.22).clamp(min, 420.0))
}

/// Smallest and largest width of the side panel.
pub fn side_width_range(window: f32) -> (f32, f32) {
    let min = 210.0;
    (min, (window * 0.3).clamp(min, 720.0))
}

/// Width of a panel on a first run: a share of the window within its range.
pub fn default_width(window: f32, share: f32, (min, max): (f32, f32)) -> f32 {
    (window * share).clamp(min, max)
}

/// The row of tabs: a click shows a tab, × closes it.
pub fn tab_strip_ui(ui: &mut egui::Ui, dock: &DockState) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 2.0;
        for &tab in &dock.open {
            let selected = dock.active == tab;
            let response = ui
                .selectable_label(selected, tab.title())
                .on_hover_text(format!("Show {}", tab.title()));
            if response.clicked() && !selected {
                actions.push(Action::ShowTab(tab));
            }
            if tab.closable() {
                let close = ui
                    .small_button("×")
                    .on_hover_text(format!("Close {}", tab.title()));
                let name = format!("Close {}", tab.title());
                close.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
                if close.clicked() {
                    actions.push(Action::CloseTab(tab));
                }
            }
            ui.add_space(6.0);
        }
    });
    actions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_open_show_and_close() {
        let mut dock = DockState::default();
        dock.show(DockTab::Review);
        dock.show(DockTab::Dashboard);
        assert_eq!(
            dock.open,
            [DockTab::Spans, DockTab::Review, DockTab::Dashboard]
        );
        assert!(dock.shows(DockTab::Dashboard));
        dock.close(DockTab::Dashboard);
        assert!(dock.shows(DockTab::Review));
        dock.toggle(DockTab::Review);
        assert!(!dock.is_open(DockTab::Review));
        dock.close(DockTab::Spans);
        assert_eq!(dock, DockState::default());
        dock.toggle(DockTab::Guidelines);
        assert!(dock.shows(DockTab::Guidelines));
    }

    #[test]
    fn panels_leave_the_article_most_of_the_window() {
        for window in [1024.0, 1400.0, 1920.0, 2560.0] {
            let (_, docs) = documents_width_range(window);
            let (_, side) = side_width_range(window);
            let d = default_width(window, 0.15, documents_width_range(window));
            let s = default_width(window, 0.21, side_width_range(window));
            assert!(window - d - s >= 0.58 * window, "{window}: {d} + {s}");
            assert!(docs + side <= 0.52 * window.max(1400.0), "{window}");
        }
    }
}
