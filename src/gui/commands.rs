//! The one list of commands: each with a name and keyboard shortcuts. The menus, the keyboard
//! dispatcher and the command palette (Ctrl+Shift+P) are all built from [`CommandId::ALL`], and
//! a test checks that no two shortcuts clash (also with the default label hotkeys).

use super::Action;
use super::dock::DockTab;
use super::event_frame::FrameAction;
use super::pane::Zoom;
use super::relations::RelateAction;
use crate::annotate::Scope;
use crate::model::DocStatus;
use egui::{Key, KeyboardShortcut, Modifiers};

/// Every command of the application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CommandId {
    NewProject,
    Open,
    Save,
    SaveAs,
    Import,
    Export,
    Quit,
    Undo,
    Redo,
    Palette,
    Find,
    FindNext,
    FindPrevious,
    AnnotateAllDocument,
    AnnotateAllProject,
    DeleteSpan,
    StartEarlier,
    StartLater,
    EndLater,
    EndEarlier,
    NextSpan,
    PreviousSpan,
    NextDocument,
    PreviousDocument,
    MarkDone,
    MarkInProgress,
    Disarm,
    ToggleExactSelection,
    EditSchema,
    ProjectSettings,
    ToggleTheme,
    ToggleReview,
    ZoomIn,
    ZoomOut,
    ZoomReset,
    NextDisagreement,
    PreviousDisagreement,
    ToggleDocumentsPanel,
    ToggleSidePanel,
    ToggleGuidelines,
    ToggleDashboard,
    DoneNext,
    CancelJob,
    ToggleEventFrame,
    NextRole,
    PreviousRole,
    RelateTo,
    AcceptSuggestions,
    ToggleEventsList,
    ToggleEntities,
}

const fn sc(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}

const CMD: Modifiers = Modifiers::COMMAND;
const CMD_SHIFT: Modifiers = Modifiers {
    shift: true,
    ..Modifiers::COMMAND
};
const CMD_ALT: Modifiers = Modifiers {
    alt: true,
    ..Modifiers::COMMAND
};
const ALT: Modifiers = Modifiers::ALT;
const ALT_SHIFT: Modifiers = Modifiers {
    shift: true,
    ..Modifiers::ALT
};
const SHIFT: Modifiers = Modifiers::SHIFT;
const NONE: Modifiers = Modifiers::NONE;

impl CommandId {
    pub const ALL: [CommandId; 50] = [
        CommandId::NewProject,
        CommandId::Open,
        CommandId::Save,
        CommandId::SaveAs,
        CommandId::Import,
        CommandId::Export,
        CommandId::Quit,
        CommandId::Undo,
        CommandId::Redo,
        CommandId::Palette,
        CommandId::Find,
        CommandId::FindNext,
        CommandId::FindPrevious,
        CommandId::AnnotateAllDocument,
        CommandId::AnnotateAllProject,
        CommandId::DeleteSpan,
        CommandId::StartEarlier,
        CommandId::StartLater,
        CommandId::EndLater,
        CommandId::EndEarlier,
        CommandId::NextSpan,
        CommandId::PreviousSpan,
        CommandId::NextDocument,
        CommandId::PreviousDocument,
        CommandId::MarkDone,
        CommandId::MarkInProgress,
        CommandId::Disarm,
        CommandId::ToggleExactSelection,
        CommandId::EditSchema,
        CommandId::ProjectSettings,
        CommandId::ToggleTheme,
        CommandId::ToggleReview,
        CommandId::ZoomIn,
        CommandId::ZoomOut,
        CommandId::ZoomReset,
        CommandId::NextDisagreement,
        CommandId::PreviousDisagreement,
        CommandId::ToggleDocumentsPanel,
        CommandId::ToggleSidePanel,
        CommandId::ToggleGuidelines,
        CommandId::ToggleDashboard,
        CommandId::DoneNext,
        CommandId::CancelJob,
        CommandId::ToggleEventFrame,
        CommandId::NextRole,
        CommandId::PreviousRole,
        CommandId::RelateTo,
        CommandId::AcceptSuggestions,
        CommandId::ToggleEventsList,
        CommandId::ToggleEntities,
    ];

    pub fn name(self) -> &'static str {
        match self {
            CommandId::NewProject => "New project",
            CommandId::Open => "Open…",
            CommandId::Save => "Save",
            CommandId::SaveAs => "Save as…",
            CommandId::Import => "Import texts…",
            CommandId::Export => "Export training data…",
            CommandId::Quit => "Quit",
            CommandId::Undo => "Undo",
            CommandId::Redo => "Redo",
            CommandId::Palette => "Command palette…",
            CommandId::Find => "Find in document",
            CommandId::FindNext => "Next search hit",
            CommandId::FindPrevious => "Previous search hit",
            CommandId::AnnotateAllDocument => "Annotate all in this document…",
            CommandId::AnnotateAllProject => "Annotate all in all documents…",
            CommandId::DeleteSpan => "Delete span",
            CommandId::StartEarlier => "Span start one character earlier",
            CommandId::StartLater => "Span start one character later",
            CommandId::EndLater => "Span end one character later",
            CommandId::EndEarlier => "Span end one character earlier",
            CommandId::NextSpan => "Next span",
            CommandId::PreviousSpan => "Previous span",
            CommandId::NextDocument => "Next document",
            CommandId::PreviousDocument => "Previous document",
            CommandId::MarkDone => "Mark document done",
            CommandId::MarkInProgress => "Mark document in progress",
            CommandId::Disarm => "Clear selection and armed label",
            CommandId::ToggleExactSelection => "Toggle exact selection (no snapping)",
            CommandId::EditSchema => "Edit labels…",
            CommandId::ProjectSettings => "Project settings (snapping, aliases)…",
            CommandId::ToggleTheme => "Toggle dark theme",
            CommandId::ToggleReview => "Review",
            CommandId::ZoomIn => "Larger article text",
            CommandId::ZoomOut => "Smaller article text",
            CommandId::ZoomReset => "Article text at normal size",
            CommandId::NextDisagreement => "Next disagreement",
            CommandId::PreviousDisagreement => "Previous disagreement",
            CommandId::ToggleDocumentsPanel => "Documents panel",
            CommandId::ToggleSidePanel => "Side panel (labels, spans, review…)",
            CommandId::ToggleGuidelines => "Guidelines",
            CommandId::ToggleDashboard => "Dashboard",
            CommandId::DoneNext => "Done, next: mark done and open the next not done",
            CommandId::CancelJob => "Cancel the running work (import, export, annotate all)",
            CommandId::ToggleEventFrame => "Event frame",
            CommandId::NextRole => "Next role of the event",
            CommandId::PreviousRole => "Previous role of the event",
            CommandId::RelateTo => "Relate to…: the selected span to the next one clicked",
            CommandId::AcceptSuggestions => "Accept the suggested arguments of the event",
            CommandId::ToggleEventsList => "Events list",
            CommandId::ToggleEntities => "Entities",
        }
    }

    /// The shortcuts, most specific first. Start and end are logical (reading order): in
    /// right-to-left text "earlier" is to the right.
    pub fn shortcuts(self) -> Vec<KeyboardShortcut> {
        match self {
            CommandId::NewProject => vec![sc(CMD, Key::N)],
            CommandId::Open => vec![sc(CMD, Key::O)],
            CommandId::Save => vec![sc(CMD, Key::S)],
            CommandId::SaveAs => vec![sc(CMD_SHIFT, Key::S)],
            CommandId::Import => vec![sc(CMD, Key::I)],
            CommandId::Export => vec![sc(CMD_SHIFT, Key::X)],
            CommandId::Quit => vec![sc(CMD, Key::Q)],
            CommandId::Undo => vec![sc(CMD, Key::Z)],
            CommandId::Redo => vec![sc(CMD_SHIFT, Key::Z), sc(CMD, Key::Y)],
            CommandId::Palette => vec![sc(CMD_SHIFT, Key::P)],
            CommandId::Find => vec![sc(CMD, Key::F)],
            CommandId::FindNext => vec![sc(NONE, Key::F3)],
            CommandId::FindPrevious => vec![sc(SHIFT, Key::F3)],
            CommandId::AnnotateAllDocument => vec![sc(CMD_SHIFT, Key::A)],
            CommandId::AnnotateAllProject => vec![sc(CMD_SHIFT, Key::G)],
            CommandId::DeleteSpan => vec![sc(NONE, Key::Delete)],
            CommandId::StartEarlier => vec![sc(ALT, Key::ArrowRight)],
            CommandId::StartLater => vec![sc(ALT, Key::ArrowLeft)],
            CommandId::EndLater => vec![sc(ALT_SHIFT, Key::ArrowLeft)],
            CommandId::EndEarlier => vec![sc(ALT_SHIFT, Key::ArrowRight)],
            CommandId::NextSpan => vec![sc(ALT, Key::ArrowDown)],
            CommandId::PreviousSpan => vec![sc(ALT, Key::ArrowUp)],
            CommandId::NextDocument => vec![sc(CMD, Key::PageDown)],
            CommandId::PreviousDocument => vec![sc(CMD, Key::PageUp)],
            CommandId::MarkDone => vec![sc(CMD, Key::Enter)],
            CommandId::MarkInProgress => vec![sc(CMD_SHIFT, Key::Enter)],
            CommandId::Disarm => vec![sc(NONE, Key::Escape)],
            CommandId::ToggleExactSelection => vec![sc(CMD_SHIFT, Key::E)],
            CommandId::EditSchema => vec![sc(CMD_SHIFT, Key::L)],
            CommandId::ProjectSettings => vec![sc(CMD, Key::Comma)],
            CommandId::ToggleTheme => vec![],
            CommandId::ToggleReview => vec![],
            CommandId::ZoomIn => vec![sc(CMD, Key::Plus), sc(CMD, Key::Equals)],
            CommandId::ZoomOut => vec![sc(CMD, Key::Minus)],
            CommandId::ZoomReset => vec![sc(CMD, Key::Num0)],
            CommandId::NextDisagreement => vec![sc(NONE, Key::F8)],
            CommandId::PreviousDisagreement => vec![sc(SHIFT, Key::F8)],
            CommandId::ToggleDocumentsPanel => vec![sc(CMD, Key::B)],
            CommandId::ToggleSidePanel => vec![sc(CMD_ALT, Key::B)],
            CommandId::ToggleGuidelines => vec![sc(NONE, Key::F1)],
            CommandId::ToggleDashboard => vec![sc(CMD_SHIFT, Key::D)],
            CommandId::DoneNext => vec![sc(CMD, Key::D)],
            CommandId::CancelJob => vec![sc(CMD, Key::Period)],
            CommandId::ToggleEventFrame => vec![sc(NONE, Key::F2)],
            CommandId::NextRole => vec![sc(NONE, Key::Tab)],
            CommandId::PreviousRole => vec![sc(SHIFT, Key::Tab)],
            CommandId::RelateTo => vec![sc(CMD, Key::R)],
            CommandId::AcceptSuggestions => vec![sc(NONE, Key::Enter)],
            CommandId::ToggleEventsList => vec![sc(NONE, Key::F4)],
            CommandId::ToggleEntities => vec![sc(NONE, Key::F6)],
        }
    }

    /// Whether the command's keys may fire while a text field has keyboard focus. Undo and
    /// redo then belong to the field (its own history), as do plain keys.
    pub fn works_in_text_fields(self) -> bool {
        if matches!(self, CommandId::Undo | CommandId::Redo) {
            return false;
        }
        self.shortcuts().iter().all(|s| s.modifiers.command)
            || matches!(
                self,
                CommandId::FindNext | CommandId::FindPrevious | CommandId::ToggleGuidelines
            )
    }

    /// Whether the command's keys only mean something while an event frame is open (Tab and
    /// Shift+Tab move between its slots; otherwise they move between widgets as usual).
    pub fn needs_event_frame(self) -> bool {
        matches!(
            self,
            CommandId::NextRole | CommandId::PreviousRole | CommandId::AcceptSuggestions
        )
    }

    /// What running the command does. Exhaustive: a new command must say what it does.
    pub fn action(self) -> Action {
        match self {
            CommandId::NewProject => Action::NewProject,
            CommandId::Open => Action::OpenDialog,
            CommandId::Save => Action::Save,
            CommandId::SaveAs => Action::SaveAsDialog,
            CommandId::Import => Action::ImportDialog,
            CommandId::Export => Action::ExportDialog,
            CommandId::Quit => Action::Quit,
            CommandId::Undo => Action::Undo,
            CommandId::Redo => Action::Redo,
            CommandId::Palette => Action::OpenPalette,
            CommandId::Find => Action::FocusSearch,
            CommandId::FindNext => Action::StepSearchHit(true),
            CommandId::FindPrevious => Action::StepSearchHit(false),
            CommandId::AnnotateAllDocument => Action::AnnotateAll(None),
            CommandId::AnnotateAllProject => Action::AnnotateAll(Some(Scope::All)),
            CommandId::DeleteSpan => Action::DeleteSelectedSpan,
            CommandId::StartEarlier => Action::NudgeSelectedSpan { start: -1, end: 0 },
            CommandId::StartLater => Action::NudgeSelectedSpan { start: 1, end: 0 },
            CommandId::EndLater => Action::NudgeSelectedSpan { start: 0, end: 1 },
            CommandId::EndEarlier => Action::NudgeSelectedSpan { start: 0, end: -1 },
            CommandId::NextSpan => Action::StepSpan(true),
            CommandId::PreviousSpan => Action::StepSpan(false),
            CommandId::NextDocument => Action::StepDocument(true),
            CommandId::PreviousDocument => Action::StepDocument(false),
            CommandId::MarkDone => Action::SetDocStatus(DocStatus::Done),
            CommandId::MarkInProgress => Action::SetDocStatus(DocStatus::InProgress),
            CommandId::Disarm => Action::Disarm,
            CommandId::ToggleExactSelection => Action::ToggleExactSelection,
            CommandId::EditSchema => Action::OpenSchemaEditor,
            CommandId::ProjectSettings => Action::ProjectSettings,
            CommandId::ToggleTheme => Action::ToggleTheme,
            CommandId::ToggleReview => Action::ToggleReview,
            CommandId::ZoomIn => Action::Zoom(Zoom::In),
            CommandId::ZoomOut => Action::Zoom(Zoom::Out),
            CommandId::ZoomReset => Action::Zoom(Zoom::Reset),
            CommandId::NextDisagreement => Action::ReviewStep(true),
            CommandId::PreviousDisagreement => Action::ReviewStep(false),
            CommandId::ToggleDocumentsPanel => Action::ToggleDocumentsPanel,
            CommandId::ToggleSidePanel => Action::ToggleSidePanel,
            CommandId::ToggleGuidelines => Action::ToggleTab(DockTab::Guidelines),
            CommandId::ToggleDashboard => Action::ToggleTab(DockTab::Dashboard),
            CommandId::ToggleEventFrame => Action::ToggleTab(DockTab::Event),
            CommandId::NextRole => Action::Frame(FrameAction::StepSlot(true)),
            CommandId::PreviousRole => Action::Frame(FrameAction::StepSlot(false)),
            CommandId::RelateTo => Action::Relate(RelateAction::Start),
            CommandId::AcceptSuggestions => Action::Frame(FrameAction::AcceptAll),
            CommandId::ToggleEventsList => Action::ToggleTab(DockTab::Events),
            CommandId::ToggleEntities => Action::ToggleTab(DockTab::Entities),
            CommandId::DoneNext => Action::DoneNext,
            CommandId::CancelJob => Action::CancelJob,
        }
    }

    /// The first shortcut, formatted for menus and the palette.
    pub fn shortcut_text(self, ctx: &egui::Context) -> String {
        self.shortcuts()
            .first()
            .map(|s| ctx.format_shortcut(s))
            .unwrap_or_default()
    }
}

/// All (command, shortcut) pairs, most modifiers first, so Ctrl+Shift+Z is tried before
/// Ctrl+Z (egui ignores extra Shift and Alt when matching).
pub fn dispatch_order() -> Vec<(CommandId, KeyboardShortcut)> {
    let mut all: Vec<(CommandId, KeyboardShortcut)> = CommandId::ALL
        .iter()
        .flat_map(|&c| c.shortcuts().into_iter().map(move |s| (c, s)))
        .collect();
    let weight = |m: Modifiers| m.command as u8 + m.ctrl as u8 + m.shift as u8 + m.alt as u8;
    all.sort_by_key(|(_, s)| std::cmp::Reverse(weight(s.modifiers)));
    all
}

/// The key of a one-character label hotkey such as `"1"`.
pub fn hotkey_key(hotkey: &str) -> Option<Key> {
    let mut chars = hotkey.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    Key::from_name(&c.to_ascii_uppercase().to_string())
}

/// Whether a label hotkey is free: a single key that no command uses without modifiers.
pub fn hotkey_is_free(hotkey: &str) -> bool {
    let Some(key) = hotkey_key(hotkey) else {
        return false;
    };
    !dispatch_order()
        .iter()
        .any(|(_, s)| s.logical_key == key && !s.modifiers.command)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Schema;
    use std::collections::HashSet;

    #[test]
    fn no_two_shortcuts_clash() {
        let mut seen = HashSet::new();
        for (command, s) in dispatch_order() {
            let key = (
                s.logical_key,
                s.modifiers.command || s.modifiers.ctrl,
                s.modifiers.shift,
                s.modifiers.alt,
            );
            assert!(seen.insert(key), "{command:?} reuses {s:?}");
        }
    }

    #[test]
    fn specific_shortcuts_are_tried_first() {
        let order = dispatch_order();
        let pos = |c: CommandId, s: KeyboardShortcut| {
            order
                .iter()
                .position(|&(cc, ss)| cc == c && ss == s)
                .unwrap()
        };
        assert!(
            pos(CommandId::Redo, sc(CMD_SHIFT, Key::Z)) < pos(CommandId::Undo, sc(CMD, Key::Z))
        );
        assert!(
            pos(CommandId::SaveAs, sc(CMD_SHIFT, Key::S)) < pos(CommandId::Save, sc(CMD, Key::S))
        );
        assert!(
            pos(CommandId::EndLater, sc(ALT_SHIFT, Key::ArrowLeft))
                < pos(CommandId::StartLater, sc(ALT, Key::ArrowLeft))
        );
    }

    #[test]
    fn default_label_hotkeys_are_free_and_names_unique() {
        for label in Schema::default().labels {
            let key = label.hotkey.unwrap();
            assert!(hotkey_is_free(&key), "{key}");
        }
        assert!(!hotkey_is_free("12"));
        assert!(!hotkey_is_free(""));
        let names: HashSet<_> = CommandId::ALL.iter().map(|c| c.name()).collect();
        assert_eq!(names.len(), CommandId::ALL.len());
        assert_eq!(hotkey_key("1"), Some(Key::Num1));
        assert_eq!(hotkey_key("g"), Some(Key::G));
    }
}
