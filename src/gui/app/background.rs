//! The app's side of background jobs ([`crate::gui::jobs`]): starting one (one at a time),
//! polling it each frame, and applying what it computed on the UI thread, where every change
//! to the project is an edit like any other.

use super::HamishApp;
use crate::annotate::{Scope, SearchCache, entity_candidates, find_candidates_watched};
use crate::gui::action::CandidateMark;
use crate::gui::export_dialog::{self, ExportRequest};
use crate::gui::jobs::{Finished, Job, Outcome};
use crate::gui::review::{Colleague, Comparison};
use crate::gui::work::Review;
use crate::model::{EntityId, LabelId};
use crate::progress::{Cancelled, Progress};
use std::path::PathBuf;

impl HamishApp {
    /// Whether long work is running in the background.
    pub fn job_running(&self) -> bool {
        self.job.is_some()
    }

    /// The running job, for the status bar.
    pub(super) fn job(&self) -> Option<&Job> {
        self.job.as_ref()
    }

    /// Start `work` in the background unless a job is running already.
    pub(super) fn start_job(
        &mut self,
        title: String,
        work: impl FnOnce(&Progress) -> Result<Outcome, Cancelled> + Send + 'static,
    ) {
        if let Some(job) = &self.job {
            self.status = format!("{} is still running; wait for it or cancel it.", job.title);
            return;
        }
        match Job::spawn(title, work) {
            Ok(job) => {
                self.status = job.title.clone();
                self.job = Some(job);
            }
            Err(err) => self.error("Cannot start the work", format!("{err:#}")),
        }
    }

    /// File ▸ Export, on a snapshot of the project.
    pub(super) fn export(&mut self, request: ExportRequest) {
        let project = self.session.project().clone();
        let title = format!("Exporting as {}", request.format);
        self.start_job(title, move |progress| {
            export_dialog::run(&project, &request, progress).map(Outcome::Exported)
        });
    }

    /// Annotate-all over the whole corpus: candidates are searched in the background.
    pub(crate) fn annotate_all_corpus(&mut self, label: LabelId, surface: String) {
        let project = self.session.project().clone();
        let title = format!("Annotate all: {surface}");
        self.start_job(title, move |progress| {
            let found = find_candidates_watched(
                &project,
                &label,
                &surface,
                &Scope::All,
                &mut SearchCache::default(),
                progress,
            )?;
            Ok(Outcome::Candidates {
                label,
                surface,
                found,
                entity: None,
            })
        });
    }

    /// Compare the open project with `colleagues` (and the file at `add`, loaded first) in the
    /// background: aligning and measuring a large project takes a while. The review panel
    /// changes only once the comparison is complete.
    pub(super) fn compare(&mut self, colleagues: Vec<Colleague>, add: Vec<PathBuf>) {
        let own = self.session.project().clone();
        let title = match &add[..] {
            [] => "Measuring agreement".to_owned(),
            [path] => format!(
                "Comparing with {}",
                path.file_name().unwrap_or_default().to_string_lossy()
            ),
            many => format!("Comparing with {} files", many.len()),
        };
        self.start_job(title, move |progress| {
            let compared = match add.is_empty() {
                false => Comparison::with_files(&own, colleagues, &add, progress)?,
                true => Ok(Comparison::compute(
                    &own,
                    colleagues,
                    String::new(),
                    progress,
                )?),
            };
            Ok(Outcome::Compared(compared.map(Box::new)))
        });
    }

    /// Annotate-all by entity over the whole corpus: every spelling of `entity`, searched in
    /// the background; the review list's accepted spans are linked to it.
    pub(crate) fn annotate_entity_corpus(&mut self, entity: EntityId, label: LabelId) {
        let project = self.session.project().clone();
        let title = format!("Annotate all: {entity}");
        self.start_job(title, move |progress| {
            progress.begin("searching every spelling", 0)?;
            let found = entity_candidates(
                &project,
                &entity,
                &label,
                &Scope::All,
                &mut SearchCache::default(),
            )
            .unwrap_or_default();
            // Cancelled while searching: nothing comes of it.
            progress.check()?;
            let surface = project
                .entity(&entity)
                .map_or_else(|| entity.to_string(), |e| e.canonical_name().to_owned());
            Ok(Outcome::Candidates {
                label,
                surface,
                found,
                entity: Some(entity),
            })
        });
    }

    /// Each frame: finish a job that is done, or keep the status bar ticking while it runs.
    pub(super) fn poll_job(&mut self, ctx: &egui::Context) {
        let Some(job) = &self.job else {
            return;
        };
        let Some(finished) = job.poll() else {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
            return;
        };
        let title = job.title.clone();
        self.job = None;
        match finished {
            Finished::Done(outcome) => self.finish(outcome),
            Finished::Cancelled => {
                self.status = format!("{title}: cancelled; the project is unchanged.");
            }
            Finished::Failed(why) => self.error("The work stopped", why),
        }
    }

    fn finish(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Imported(found) => self.finish_import(found),
            Outcome::Exported(Ok(report)) => {
                self.status = report.lines().next().unwrap_or_default().to_owned();
                self.dialog = Some(crate::gui::dialogs::Dialog::Message {
                    title: "Export finished".into(),
                    body: report,
                });
            }
            Outcome::Exported(Err(why)) => self.error("Export refused", why),
            Outcome::Compared(Ok(comparison)) => {
                self.review.install(*comparison);
                self.status = self.review.message.clone();
            }
            Outcome::Compared(Err(why)) => {
                self.status = why.clone();
                self.review.message = why;
            }
            Outcome::Candidates {
                label,
                surface,
                found,
                entity,
            } => {
                let items: Vec<_> = found
                    .into_iter()
                    .map(|c| (c, CandidateMark::Pending))
                    .collect();
                self.status = Review::summary(&surface, &items);
                self.work.review = Some(Review {
                    surface,
                    label,
                    items,
                    include_ambiguous: false,
                    entity,
                });
            }
        }
    }
}
