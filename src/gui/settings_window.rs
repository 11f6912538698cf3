//! Annotate ▸ Project settings…: the snapping rules and the declared aliases (spelling variants
//! that are different words to the matcher, such as فاغنر / فاجنر), the paragraph direction and
//! the guidelines file. Applying makes one
//! `Edit::SetSettings`, so it is undone like any other change.

use super::Action;
use crate::model::{Alias, BaseDirection, Edit, LabelId, Project, ProjectSettings, SnapRules};

/// The settings as the window edits them; nothing changes until Apply.
#[derive(Debug, Clone, PartialEq)]
pub struct SettingsDraft {
    pub rules: SnapRules,
    /// Words never stripped, one per line.
    pub keep: String,
    /// One alias per row: label and spellings separated by commas.
    pub aliases: Vec<(LabelId, String)>,
    /// The paragraph direction of documents that do not set their own.
    pub direction: BaseDirection,
    /// The guidelines file, relative to the project's folder (empty: `GUIDELINES.md` there).
    pub guidelines: String,
}

impl SettingsDraft {
    pub fn of(project: &Project) -> Self {
        let settings = &project.settings;
        Self {
            rules: settings.snapping.clone(),
            keep: settings.snapping.keep.join("\n"),
            aliases: settings
                .aliases
                .iter()
                .map(|a| (a.label.clone(), a.spellings.join("، ")))
                .collect(),
            direction: settings.direction,
            guidelines: settings.guidelines.clone().unwrap_or_default(),
        }
    }

    /// The settings this draft stands for: empty rows dropped, spellings split at Latin or
    /// Arabic commas and trimmed.
    pub fn settings(&self) -> ProjectSettings {
        let words = |s: &str| -> Vec<String> {
            s.split([',', '،', '\n'])
                .map(str::trim)
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .collect()
        };
        ProjectSettings {
            snapping: SnapRules {
                keep: words(&self.keep),
                ..self.rules.clone()
            },
            aliases: self
                .aliases
                .iter()
                .map(|(label, spellings)| Alias {
                    label: label.clone(),
                    spellings: words(spellings),
                })
                .filter(|a| a.spellings.len() >= 2)
                .collect(),
            direction: self.direction,
            guidelines: Some(self.guidelines.trim().to_owned()).filter(|g| !g.is_empty()),
        }
    }
}

/// Draw the window; returns actions and whether it should close.
pub fn settings_ui(
    ctx: &egui::Context,
    draft: &mut SettingsDraft,
    project: &Project,
) -> (Vec<Action>, bool) {
    let mut actions = Vec::new();
    let mut close = false;
    egui::Modal::new(egui::Id::unique("hamish-settings")).show(ctx, |ui| {
        ui.set_max_width(560.0);
        ui.heading("Project settings");
        ui.label("Snapping a selection to a span");
        ui.checkbox(
            &mut draft.rules.whole_words,
            "Grow selections to whole words",
        );
        ui.checkbox(
            &mut draft.rules.strip_proclitics,
            "Leave out glued proclitics (و ف ب ك ل)",
        );
        ui.horizontal(|ui| {
            let l = ui.label("Shortest word that may lose a proclitic (letters)");
            ui.add(egui::DragValue::new(&mut draft.rules.min_word).range(2..=12))
                .labelled_by(l.id);
        });
        ui.horizontal(|ui| {
            let l = ui.label("Shortest stem left after stripping (letters)");
            ui.add(egui::DragValue::new(&mut draft.rules.min_stem).range(1..=10))
                .labelled_by(l.id);
        });
        let l = ui.label("Words never stripped (one per line)");
        ui.add(crate::gui::TextField::multiline(&mut draft.keep).desired_rows(3))
            .labelled_by(l.id);
        ui.separator();
        egui::ComboBox::from_label("Paragraph direction of documents that do not set one")
            .selected_text(draft.direction.name())
            .show_ui(ui, |ui| {
                for d in BaseDirection::ALL {
                    ui.selectable_value(&mut draft.direction, d, d.name());
                }
            });
        ui.separator();
        ui.horizontal(|ui| {
            let l = ui.label("Guidelines file (Markdown, relative to the project's folder)");
            ui.add(crate::gui::TextField::singleline(&mut draft.guidelines).desired_width(200.0))
                .labelled_by(l.id);
        });
        ui.separator();
        ui.label("Aliases: spellings of one entry, separated by commas");
        let mut remove = None;
        for (i, (label, spellings)) in draft.aliases.iter_mut().enumerate() {
            ui.horizontal(|ui| {
                egui::ComboBox::from_label(format!("Alias {} label", i + 1))
                    .selected_text(label.as_str())
                    .show_ui(ui, |ui| {
                        for l in &project.schema().labels {
                            ui.selectable_value(label, l.id.clone(), l.id.as_str());
                        }
                    });
                let l = ui.label(format!("Alias {} spellings", i + 1));
                ui.add(crate::gui::TextField::singleline(spellings).desired_width(300.0))
                    .labelled_by(l.id);
                if ui.small_button("Remove").clicked() {
                    remove = Some(i);
                }
            });
        }
        if let Some(i) = remove {
            draft.aliases.remove(i);
        }
        if ui.button("Add alias").clicked()
            && let Some(first) = project.schema().labels.first()
        {
            draft.aliases.push((first.id.clone(), String::new()));
        }
        ui.separator();
        ui.horizontal(|ui| {
            if ui.button("Apply").clicked() {
                let settings = draft.settings();
                if settings != project.settings {
                    actions.push(Action::Edit(Box::new(Edit::SetSettings { settings })));
                }
                close = true;
            }
            if ui.button("Cancel").clicked() {
                close = true;
            }
        });
    });
    (actions, close)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Annotator;

    #[test]
    fn draft_round_trips_and_splits_spellings() {
        let mut project = Project::new("t", Annotator::new("A"));
        let mut draft = SettingsDraft::of(&project);
        assert_eq!(draft.settings(), project.settings);
        draft
            .aliases
            .push((LabelId::new("GROUP"), "فاغنر، فاجنر , Wagner".into()));
        draft.aliases.push((LabelId::new("PLACE"), "غاو".into()));
        draft.keep = "بامبا\n\nليري".into();
        let settings = draft.settings();
        assert_eq!(settings.aliases.len(), 1, "a single spelling is no alias");
        assert_eq!(settings.aliases[0].spellings, ["فاغنر", "فاجنر", "Wagner"]);
        assert_eq!(settings.snapping.keep, ["بامبا", "ليري"]);
        project.settings = settings.clone();
        assert_eq!(SettingsDraft::of(&project).settings(), settings);
    }
}
