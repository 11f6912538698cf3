//! File ▸ Export: choose a format, labels and statuses and where to write; the export runs on
//! a background job (building and verifying 50,000 spans takes a noticeable moment) while the
//! status bar shows it is under way and offers to cancel it. Same library calls as `hamish export`.

use super::Action;
use crate::format::export::{ExportOptions, Format, export, write_export};
use crate::model::{DocStatus, Project};
use crate::progress::{Cancelled, Progress};
use std::path::PathBuf;

/// The export form while it is open.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportForm {
    pub format: Format,
    pub out: String,
    pub only_done: bool,
    pub force: bool,
}

impl Default for ExportForm {
    fn default() -> Self {
        Self {
            format: Format::Conll,
            out: String::new(),
            only_done: false,
            force: false,
        }
    }
}

/// What the user asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportRequest {
    pub format: Format,
    pub out: PathBuf,
    pub only_done: bool,
    pub force: bool,
}

/// Build, verify and write the export of `project` (a snapshot: this runs as a
/// [`super::jobs::Job`]). Cancelling stops it before anything is written; once writing has
/// begun it finishes, so an output folder is never left half replaced.
pub fn run(
    project: &Project,
    request: &ExportRequest,
    progress: &Progress,
) -> Result<Result<String, String>, Cancelled> {
    progress.begin("building and checking", 0)?;
    let options = ExportOptions {
        statuses: request.only_done.then(|| vec![DocStatus::Done]),
        ..ExportOptions::default()
    };
    let built = match export(project, request.format, &options) {
        Ok(built) => built,
        Err(err) => {
            let mut message = err.to_string();
            if let crate::format::export::ExportError::Verification { problems, .. } = &err {
                for p in problems.iter().take(20) {
                    message.push_str("\n  ");
                    message.push_str(p);
                }
            }
            return Ok(Err(message));
        }
    };
    progress.begin("writing", built.files.len() as u64)?;
    let written = match write_export(&built, &request.out, request.force) {
        Ok(written) => written,
        Err(err) => return Ok(Err(err.to_string())),
    };
    let mut report = format!(
        "Exported {} document(s) and {} span(s) as {} to {} ({} file(s)).",
        built.documents,
        built.spans,
        built.format,
        request.out.display(),
        written.len()
    );
    for notice in &built.notices {
        report.push('\n');
        report.push_str(notice);
    }
    Ok(Ok(report))
}

/// Draw the form; returns the request when the user presses Export, and whether to close.
pub fn export_form_ui(ctx: &egui::Context, form: &mut ExportForm) -> (Vec<Action>, bool) {
    let mut actions = Vec::new();
    let mut close = false;
    egui::Modal::new(egui::Id::unique("hamish-export")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.heading("Export training data");
        ui.horizontal_wrapped(|ui| {
            ui.label("Format:");
            for format in Format::ALL {
                ui.selectable_value(&mut form.format, format, format.name());
            }
        });
        ui.label(match form.format {
            Format::Conll => {
                "CoNLL, IOB2 tags, one token per line (offsets: none; tokens split at span edges)"
            }
            Format::Spacy => {
                "spaCy JSONL: text, tokens and spans (offsets in Unicode scalar values)"
            }
            Format::Hf => {
                "Hugging Face token classification: a folder with data.jsonl and labels.json"
            }
            Format::Doccano => "doccano JSONL (offsets in Unicode scalar values)",
            Format::Brat => "brat standoff: a folder of .txt and .ann files with annotation.conf",
            Format::LabelStudio => "Label Studio JSON tasks (offsets in UTF-16 code units)",
            Format::Csv => "CSV, one row per span, for spreadsheets",
            Format::EventsJson => {
                "Event extraction JSON (OneIE/DEGREE/TextEE): one object per sentence, token offsets"
            }
            Format::EventsCsv => "Event table CSV, one row per event in ACLED's columns",
            Format::EventsTableJson => "Event table as a JSON array, one row per event",
        });
        let label = ui.label(if form.format.writes_folder() {
            "Output folder:"
        } else {
            "Output file:"
        });
        ui.add(crate::gui::TextField::singleline(&mut form.out).desired_width(480.0))
            .labelled_by(label.id);
        ui.checkbox(&mut form.only_done, "Only documents marked done");
        ui.checkbox(&mut form.force, "Overwrite what is there");
        ui.horizontal(|ui| {
            let ready = !form.out.trim().is_empty();
            if ui.add_enabled(ready, egui::Button::new("Export")).clicked() {
                actions.push(Action::Export(ExportRequest {
                    format: form.format,
                    out: PathBuf::from(form.out.trim()),
                    only_done: form.only_done,
                    force: form.force,
                }));
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

    #[test]
    fn an_export_writes_and_reports() {
        let project = crate::assets::sample_project();
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("sample.jsonl");
        let request = ExportRequest {
            format: Format::Doccano,
            out: out.clone(),
            only_done: true,
            force: false,
        };
        let report = run(&project, &request, &Progress::new()).unwrap().unwrap();
        let done = project
            .documents()
            .iter()
            .filter(|d| d.status == DocStatus::Done)
            .count();
        assert!(
            report.contains(&format!("Exported {done} document(s)")),
            "{report}"
        );
        assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), done);
    }

    #[test]
    fn a_cancelled_export_writes_nothing() {
        let project = crate::assets::sample_project();
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("sample.conll");
        let request = ExportRequest {
            format: Format::Conll,
            out: out.clone(),
            only_done: false,
            force: false,
        };
        let progress = Progress::new();
        progress.cancel();
        assert_eq!(run(&project, &request, &progress), Err(Cancelled));
        assert!(!out.exists());
    }
}
