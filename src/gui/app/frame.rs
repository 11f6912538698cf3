//! eframe's side of the app: each frame's logic (shortcuts, pending actions, the close
//! request, autosave and disk checks, the window title) and drawing (menus, panels, the article
//! pane with the borrowed selection, the windows and dialogs).

use super::{HamishApp, Replacement};
use crate::gui::dialogs::{Dialog, dialog_ui};
use crate::gui::dock::{self, DockTab};
use crate::gui::pane::article_pane_ui;
use crate::gui::prefs::Prefs;
use crate::gui::{
    Action, annotate_all, commands, dashboard, documents, guidelines_panel, labels_panel, menu,
    palette, safety, schema_editor, search_bar, spans_panel,
};
use crate::model::Edit;

impl HamishApp {
    /// Keyboard: every command of [`commands::CommandId`] and the label hotkeys. Plain keys
    /// (label hotkeys, Delete, arrows) are left to a text field that has focus.
    fn shortcuts(&mut self, ctx: &egui::Context) {
        // The article text takes focus when clicked; it is not a text field to type into.
        let typing = ctx.egui_wants_keyboard_input() && !self.pane.has_focus(ctx);
        let hotkeys: Vec<(egui::Key, crate::model::LabelId)> = self
            .session
            .project()
            .schema()
            .labels
            .iter()
            .filter_map(|l| {
                let key = commands::hotkey_key(l.hotkey.as_deref()?)?;
                Some((key, l.id.clone()))
            })
            .collect();
        // Tab and Shift+Tab move between an event's slots only while a frame is open.
        let in_frame = self
            .frame_event()
            .is_some_and(|(_, _, event)| event.is_some());
        ctx.input_mut(|i| {
            for (command, shortcut) in commands::dispatch_order() {
                if typing && !command.works_in_text_fields() {
                    continue;
                }
                if command.needs_event_frame() && !in_frame {
                    continue;
                }
                if i.consume_shortcut(&shortcut) {
                    self.pending.push(command.action());
                }
            }
            if !typing && !i.modifiers.command {
                // Alt with a hotkey labels the exact selection: decided now, with the key.
                let exact = i.modifiers.alt;
                for (key, label) in hotkeys {
                    if i.consume_key(egui::Modifiers::NONE, key) {
                        self.pending.push(Action::ApplyLabel { label, exact });
                    }
                }
            }
        });
    }
}

impl HamishApp {
    /// The article pane, drawn with the app's selection borrowed: what the user does there
    /// changes [`Self::selection`] directly, and nothing is copied back and forth.
    fn article_ui(&mut self, ui: &mut egui::Ui) {
        let Some(doc_id) = self.selected.clone() else {
            ui.label("Select a document.");
            return;
        };
        self.pane.spans_revision = Some(self.session.history().state());
        self.pane.base_font_size = self.prefs.reading.font_size;
        self.pane.line_spacing = self.prefs.reading.line_height;
        let exact = ui.input(|i| i.modifiers.alt);
        let mut decorations = self.pane_decorations(exact);
        decorations.extend(self.review_decorations());
        let Some(doc) = self.session.project().document(&doc_id) else {
            return;
        };
        self.pane.base_direction = self.session.project().direction_of(doc);
        let selected_before = self.selection.span();
        let out = article_pane_ui(
            ui,
            doc,
            self.session.project().schema(),
            &decorations,
            &mut self.pane,
            &mut self.selection,
        );
        if let Some((span, range)) = out.span_resized
            && !range.is_empty()
            && doc.span(span).is_some_and(|s| s.range() != range)
        {
            self.pending.push(Action::Edit(Box::new(Edit::Resize {
                doc: doc_id.clone(),
                span,
                range,
            })));
        }
        if let Some(span) = out.span_hovered.and_then(|id| doc.span(id)) {
            self.status = match self.session.project().entity_of(span) {
                Some(e) => format!("{}: {} · {}", span.label, span.text(), e.canonical_name()),
                None => format!("{}: {}", span.label, span.text()),
            };
        }
        if out.copied {
            self.status = "Copied the selected text".into();
        }
        // A drag from the trigger to another span fills a role with it.
        if let Some((from, to)) = out.span_dropped {
            self.pending
                .push(Action::Frame(crate::gui::event_frame::FrameAction::DropOn(
                    from, to,
                )));
        }
        // A span clicked while an event's slot is active goes into the slot (through the same
        // action as a click in the spans list); the selection stays on the trigger.
        let clicked = self.selection.span();
        let choosing = self.frame.slot.is_some() || self.work.relating.is_some();
        if choosing && clicked.is_some() && clicked != selected_before {
            self.selection.select_span(selected_before);
            self.pending.push(Action::SelectSpan(clicked));
        }
    }
}

impl HamishApp {
    /// Keep a panel's width once the user dragged it away from its default.
    fn remember_width(&mut self, documents: bool, width: f32, default: f32) {
        let slot = if documents {
            &mut self.prefs.layout.documents_width
        } else {
            &mut self.prefs.layout.side_width
        };
        if (width - slot.unwrap_or(default)).abs() > 1.0 {
            *slot = Some(width.round());
        }
    }

    /// One tab of the dock: each is a self-contained view returning actions. A new panel
    /// (events, entities) is one [`DockTab`] variant and one arm here.
    fn dock_tab_ui(&mut self, ui: &mut egui::Ui, tab: DockTab) -> Vec<Action> {
        match tab {
            DockTab::Spans => match self
                .selected
                .as_ref()
                .and_then(|id| self.session.project().document(id))
            {
                Some(doc) => spans_panel::spans_ui(
                    ui,
                    doc,
                    (self.session.project(), self.session.history().state()),
                    &mut self.work.span_filter,
                    self.selection.span(),
                    &mut self.work.span_note,
                    (self.work.relating, &mut self.work.entity_field),
                ),
                None => Vec::new(),
            },
            DockTab::Review => {
                crate::gui::review::review_ui(ui, &mut self.review, self.session.project())
            }
            DockTab::Guidelines => {
                let in_use = self.label_in_use();
                guidelines_panel::guidelines_ui(
                    ui,
                    &mut self.guidelines,
                    self.session.project().schema(),
                    in_use.as_ref(),
                )
            }
            DockTab::Event => match self
                .selected
                .as_ref()
                .and_then(|id| self.session.project().document(id))
            {
                Some(doc) => crate::gui::event_frame::frame_ui(
                    ui,
                    (doc, self.session.history().state()),
                    self.session.project().schema(),
                    &mut self.frame,
                ),
                None => Vec::new(),
            },
            DockTab::Entities => crate::gui::entities_panel::entities_ui(
                ui,
                (self.session.project(), self.session.history().state()),
                &mut self.entities,
            ),
            DockTab::Events => crate::gui::events_panel::events_ui(
                ui,
                self.session.project(),
                self.session.history().state(),
                self.selected.as_ref(),
                &mut self.events_list,
            ),
            DockTab::Dashboard => {
                let state = self.session.history().state();
                let stats = self.dashboard.stats(self.session.project(), state);
                dashboard::dashboard_ui(
                    ui,
                    stats,
                    self.session.project().schema(),
                    self.review.report.as_ref(),
                    self.doc_filter.as_ref(),
                )
            }
        }
    }

    /// The label the analyst is working with: the selected span's, else the armed one.
    pub fn label_in_use(&self) -> Option<crate::model::LabelId> {
        let doc = self
            .selected
            .as_ref()
            .and_then(|id| self.session.project().document(id));
        self.selection
            .span()
            .and_then(|id| doc?.span(id))
            .map(|s| s.label.clone())
            .or_else(|| self.work.armed.clone())
    }
}

impl eframe::App for HamishApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        if self.dialog.is_none() && self.work.prompt.is_none() && self.work.palette.is_none() {
            self.shortcuts(ctx);
        }
        for action in std::mem::take(&mut self.pending) {
            self.apply(ctx, action);
        }
        self.frame_follow_selection();
        if ctx.input(|i| i.viewport().close_requested())
            && !self.close_allowed
            && self.has_unsaved_work()
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            if !matches!(self.dialog, Some(Dialog::UnsavedChanges(_))) {
                self.dialog = Some(Dialog::UnsavedChanges(Replacement::Quit));
            }
        }
        if std::mem::take(&mut self.quit_requested) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        self.work_tick(ctx);
        self.poll_job(ctx);
        // Only when it changed: every viewport command asks for another frame.
        let title = self.title();
        if title != self.title_sent {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title_sent = title;
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        let mut actions = Vec::new();
        egui::Panel::top("menu").show(ui, |ui| {
            actions.extend(menu::menu_bar_ui(
                ui,
                &self.prefs,
                self.session.history().can_undo(),
                self.session.history().can_redo(),
            ));
        });
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                if self.session.is_modified() {
                    ui.label("● modified");
                }
                if let Some(job) = self.job() {
                    actions.extend(crate::gui::jobs::job_bar_ui(ui, job));
                }
                // Status lines quote Arabic span texts: drawn through the bidi label.
                crate::gui::pane::bidi_label(ui, &self.status, 13.0);
            });
        });
        let window = ctx.content_rect().width();
        if self.prefs.layout.documents_open {
            let range = dock::documents_width_range(window);
            let default = self
                .prefs
                .layout
                .documents_width
                .unwrap_or_else(|| dock::default_width(window, 0.15, range));
            let shown = egui::Panel::left("documents")
                .resizable(true)
                .size_range(range.0..=range.1)
                .default_size(default.clamp(range.0, range.1))
                .show(ui, |ui| {
                    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                    actions.extend(documents::documents_ui(
                        ui,
                        self.session.project(),
                        self.selected.as_ref(),
                        &mut self.work.doc_filter,
                        self.doc_filter.as_ref(),
                        &mut self.work.doc_note,
                    ));
                });
            self.remember_width(true, shown.response.rect.width(), default);
        }
        if self.prefs.layout.side_open {
            let range = dock::side_width_range(window);
            let default = self
                .prefs
                .layout
                .side_width
                .unwrap_or_else(|| dock::default_width(window, 0.21, range));
            // Bounded, so that showing a long span never narrows (and reflows) the article.
            let shown = egui::Panel::right("side")
                .resizable(true)
                .size_range(range.0..=range.1)
                .default_size(default.clamp(range.0, range.1))
                .show(ui, |ui| {
                    // Buttons keep their words on one line (cut with "…" rather than widen
                    // the panel); prose asks to wrap itself.
                    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                    let counts = self.label_counts();
                    actions.extend(labels_panel::labels_ui(
                        ui,
                        self.session.project().schema(),
                        &counts,
                        self.work.armed.as_ref(),
                    ));
                    ui.separator();
                    actions.extend(dock::tab_strip_ui(ui, &self.prefs.layout.dock));
                    ui.separator();
                    let tab = self.prefs.layout.dock.active;
                    if tab.scrolls_itself() {
                        actions.extend(self.dock_tab_ui(ui, tab));
                    } else {
                        // Forms taller than the panel (a selected span's details, a frame)
                        // scroll rather than run off its bottom on a small window.
                        egui::ScrollArea::vertical()
                            .id_salt(("dock tab", tab.title()))
                            .auto_shrink([false, false])
                            .show(ui, |ui| actions.extend(self.dock_tab_ui(ui, tab)));
                    }
                });
            self.remember_width(false, shown.response.rect.width(), default);
        }
        egui::CentralPanel::default().show(ui, |ui| {
            actions.extend(search_bar::search_ui(ui, &mut self.work.search));
            ui.separator();
            self.article_ui(ui);
        });
        if let Some(review) = &self.work.review {
            actions.extend(annotate_all::review_ui(
                &ctx,
                review,
                self.session.project(),
            ));
        }
        if let Some(draft) = &mut self.work.schema_editor {
            actions.extend(schema_editor::schema_editor_ui(
                &ctx,
                draft,
                self.session.project(),
            ));
        }
        if let Some(query) = &mut self.work.palette {
            actions.extend(palette::palette_ui(
                &ctx,
                query,
                &mut self.work.palette_cursor,
                &mut self.work.palette_cache,
                (self.session.project(), self.session.history().state()),
                &self.prefs.recent_commands,
            ));
        }
        if let Some(prompt) = &self.work.prompt {
            actions.extend(safety::safety_ui(&ctx, prompt));
        }
        if let Some(draft) = &mut self.settings_draft {
            let (more, close) =
                crate::gui::settings_window::settings_ui(&ctx, draft, self.session.project());
            actions.extend(more);
            if close {
                self.settings_draft = None;
            }
        }
        if let Some(form) = &mut self.export_form {
            let (more, close) = crate::gui::export_dialog::export_form_ui(&ctx, form);
            actions.extend(more);
            if close {
                self.export_form = None;
            }
        }
        if let Some(dialog) = &mut self.dialog {
            let (more, close) = dialog_ui(&ctx, dialog);
            if close {
                if more.is_empty() && matches!(dialog, Dialog::Path { .. }) {
                    // A typed path cancelled: so is a "Save" answer waiting for it.
                    self.after_save = None;
                }
                self.dialog = None;
            }
            actions.extend(more);
        }
        self.pending.extend(actions);
        if !self.pending.is_empty() {
            ctx.request_repaint();
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, Prefs::KEY, &self.prefs);
    }
}
