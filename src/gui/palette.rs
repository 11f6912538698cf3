//! The command palette (Ctrl+Shift+P): every command of [`super::commands`] with its shortcut,
//! and the project's documents and labels (and each label's guidelines section) to jump to,
//! matched fuzzily as you type (`nucleo-matcher`, helix's matcher) on text folded as search
//! folds it (diacritics, alef forms, case: [`crate::text::normalize::fold`]), so an Arabic
//! title is found however its query is spelled. With no query the commands run last come
//! first. Up and Down move the highlight, Enter runs it, Escape closes.

use super::Action;
use super::commands::CommandId;
use crate::model::{DocId, LabelId, Project};
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

/// Rows shown at most.
const MAX_ROWS: usize = 60;

/// Something the palette can run or jump to.
#[derive(Debug, Clone, PartialEq)]
pub enum PaletteItem {
    Command(CommandId),
    Document(DocId, String),
    /// Label the selection with it (or arm it), as its button does.
    Label(LabelId),
    /// Open the guidelines at the label's section.
    Guidelines(LabelId),
}

impl PaletteItem {
    /// What the row says, which is also what the query is matched against.
    pub fn text(&self) -> String {
        match self {
            PaletteItem::Command(c) => c.name().to_owned(),
            PaletteItem::Document(_, title) => format!("Document: {title}"),
            PaletteItem::Label(l) => format!("Label: {l}"),
            PaletteItem::Guidelines(l) => format!("Guidelines for {l}"),
        }
    }

    pub fn action(&self) -> Action {
        match self {
            PaletteItem::Command(c) => Action::RunCommand(*c),
            PaletteItem::Document(id, _) => Action::SelectDocument(id.clone()),
            PaletteItem::Label(l) => Action::ApplyLabel {
                label: l.clone(),
                exact: false,
            },
            PaletteItem::Guidelines(l) => Action::OpenGuidelines(Some(l.clone())),
        }
    }
}

/// The items matching `query`, best first: by fuzzy score, then commands run recently, then
/// the list's order (commands, documents, labels). With an empty query: the recent commands,
/// then every command, document and label.
pub fn palette_items(project: &Project, recent: &[String], query: &str) -> Vec<PaletteItem> {
    let mut items: Vec<PaletteItem> = CommandId::ALL
        .iter()
        .map(|&c| PaletteItem::Command(c))
        .collect();
    items.extend(
        project
            .documents()
            .iter()
            .map(|d| PaletteItem::Document(d.id().clone(), d.title.clone())),
    );
    for label in &project.schema().labels {
        items.push(PaletteItem::Label(label.id.clone()));
        items.push(PaletteItem::Guidelines(label.id.clone()));
    }
    let recency = |item: &PaletteItem| match item {
        PaletteItem::Command(c) => recent
            .iter()
            .position(|r| r == c.name())
            .unwrap_or(usize::MAX),
        _ => usize::MAX,
    };
    let folded = crate::text::normalize::fold(query.trim());
    if folded.is_empty() {
        let mut ranked: Vec<(usize, usize, PaletteItem)> = items
            .into_iter()
            .enumerate()
            .map(|(i, item)| (recency(&item), i, item))
            .collect();
        ranked.sort_by_key(|(r, i, _)| (*r, *i));
        return ranked.into_iter().map(|(_, _, item)| item).collect();
    }
    let pattern = Pattern::parse(&folded, CaseMatching::Ignore, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    let mut ranked: Vec<(u32, usize, usize, PaletteItem)> = items
        .into_iter()
        .enumerate()
        .filter_map(|(i, item)| {
            let text = crate::text::normalize::fold(&item.text());
            let score = pattern.score(Utf32Str::new(&text, &mut buf), &mut matcher)?;
            Some((score, recency(&item), i, item))
        })
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    ranked.into_iter().map(|(_, _, _, item)| item).collect()
}

pub fn palette_ui(
    ctx: &egui::Context,
    query: &mut String,
    cursor: &mut usize,
    project: &Project,
    recent: &[String],
) -> Vec<Action> {
    let mut actions = Vec::new();
    let mut matches = palette_items(project, recent, query);
    matches.truncate(MAX_ROWS);
    let (down, up, enter, escape) = ctx.input_mut(|i| {
        (
            i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown),
            i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp),
            i.key_pressed(egui::Key::Enter),
            i.key_pressed(egui::Key::Escape),
        )
    });
    if down {
        *cursor = (*cursor + 1).min(matches.len().saturating_sub(1));
    }
    if up {
        *cursor = cursor.saturating_sub(1);
    }
    *cursor = (*cursor).min(matches.len().saturating_sub(1));
    egui::Modal::new(egui::Id::unique("hamish-palette")).show(ctx, |ui| {
        ui.set_min_width(440.0);
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
        let l = ui.label("Command");
        let before = query.clone();
        let edit = ui
            .add(crate::gui::TextField::singleline(query).desired_width(420.0))
            .labelled_by(l.id);
        edit.request_focus();
        if *query != before {
            *cursor = 0;
        }
        if enter && let Some(item) = matches.get(*cursor) {
            actions.push(Action::ClosePalette);
            actions.push(item.action());
        }
        if escape {
            actions.push(Action::ClosePalette);
        }
        egui::ScrollArea::vertical()
            .max_height(360.0)
            .show(ui, |ui| {
                for (i, item) in matches.iter().enumerate() {
                    let highlighted = i == *cursor;
                    let response = match item {
                        PaletteItem::Command(c) => {
                            let button = egui::Button::new(c.name())
                                .shortcut_text(c.shortcut_text(ctx))
                                .selected(highlighted);
                            ui.add(button)
                        }
                        // Titles may be Arabic: drawn by the bidi engine.
                        _ => super::pane::bidi_selectable(ui, highlighted, &item.text()),
                    };
                    if highlighted && (up || down) {
                        response.scroll_to_me(None);
                    }
                    if response.clicked() {
                        actions.push(Action::ClosePalette);
                        actions.push(item.action());
                    }
                }
            });
    });
    actions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fuzzy_recent_and_folded_arabic() {
        let project = crate::assets::sample_project();
        let found = palette_items(&project, &[], "nxt doc");
        assert_eq!(found[0], PaletteItem::Command(CommandId::NextDocument));
        // Recent commands come first when nothing is typed.
        let recent = vec![CommandId::ToggleDashboard.name().to_owned()];
        assert_eq!(
            palette_items(&project, &recent, "")[0],
            PaletteItem::Command(CommandId::ToggleDashboard)
        );
        // A title typed without hamza and diacritics still finds the document.
        let doc = &project.documents()[0];
        let plain = crate::text::normalize::fold(&doc.title);
        let word = plain
            .split_whitespace()
            .max_by_key(|w| w.chars().count())
            .unwrap();
        let found = palette_items(&project, &[], word);
        assert!(
            found
                .iter()
                .take(3)
                .any(|i| matches!(i, PaletteItem::Document(id, _) if id == doc.id())),
            "{word}: {found:?}"
        );
        let found = palette_items(&project, &[], "guidelines group");
        assert_eq!(found[0], PaletteItem::Guidelines(LabelId::new("GROUP")));
    }
}
