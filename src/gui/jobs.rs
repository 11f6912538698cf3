//! Long work off the UI thread (importing files, exports, annotate-all over the corpus,
//! agreement with colleagues' files): one [`Job`] at a time, on a named thread, watched
//! through a [`Progress`] and shown in the status bar with its phase, a count and a Cancel
//! button ([`job_bar_ui`]).
//!
//! A job only computes, on a snapshot of the project: what it found comes back as an
//! [`Outcome`] that the app applies on the UI thread (an import as one `AddDocuments` edit,
//! candidates into the annotate-all review, a comparison into the review panel). Cancelling therefore leaves the project exactly as
//! it was; the worker stops at its next item.

use super::Action;
use crate::annotate::Candidate;
use crate::format::import_text::TextImport;
use crate::gui::review::Comparison;
use crate::model::LabelId;
use crate::progress::{Cancelled, Progress, Snapshot};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

/// What a finished job computed, for the app to apply.
#[derive(Debug)]
pub enum Outcome {
    /// Documents read from text files (not yet in the project).
    Imported(TextImport),
    /// An export's report, or why it was refused.
    Exported(Result<String, String>),
    /// The review panel's comparison with colleagues' files, or why a file could not be read.
    Compared(Result<Box<Comparison>, String>),
    /// Annotate-all's candidates for `surface` across the corpus.
    Candidates {
        label: LabelId,
        surface: String,
        found: Vec<Candidate>,
        /// Annotate-all by entity: the entity each new span links to.
        entity: Option<crate::model::EntityId>,
    },
}

/// How a job ended.
#[derive(Debug)]
pub enum Finished {
    Done(Outcome),
    Cancelled,
    /// The worker stopped without an answer (it panicked): a bug, reported as such.
    Failed(String),
}

/// Work under way on its own thread.
pub struct Job {
    /// What it does, for the status bar: "Importing 12 files".
    pub title: String,
    progress: Arc<Progress>,
    started: Instant,
    done: Receiver<Result<Outcome, Cancelled>>,
}

impl Job {
    /// Run `work` on a new thread; it reports to the [`Progress`] it is given.
    pub fn spawn(
        title: impl Into<String>,
        work: impl FnOnce(&Progress) -> Result<Outcome, Cancelled> + Send + 'static,
    ) -> std::io::Result<Self> {
        let progress = Arc::new(Progress::new());
        let (tx, rx) = channel();
        let watched = progress.clone();
        std::thread::Builder::new()
            .name("hamish-job".into())
            .spawn(move || {
                let _ = tx.send(work(&watched));
            })?;
        Ok(Self {
            title: title.into(),
            progress,
            started: Instant::now(),
            done: rx,
        })
    }

    /// `Some` once the worker has finished.
    pub fn poll(&self) -> Option<Finished> {
        match self.done.try_recv() {
            Ok(Ok(outcome)) => Some(Finished::Done(outcome)),
            Ok(Err(Cancelled)) => Some(Finished::Cancelled),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Finished::Failed(format!(
                "{} stopped unexpectedly; the project is unchanged",
                self.title
            ))),
        }
    }

    /// Ask the worker to stop at its next item.
    pub fn cancel(&self) {
        self.progress.cancel();
    }

    pub fn cancelling(&self) -> bool {
        self.progress.is_cancelled()
    }

    pub fn snapshot(&self) -> Snapshot {
        self.progress.snapshot()
    }

    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// The line the status bar shows: "Importing 3 files: reading files 120 / 4,000 (1.2 s)".
    pub fn describe(&self) -> String {
        let s = self.snapshot();
        let mut line = self.title.clone();
        if !s.phase.is_empty() {
            line.push_str(": ");
            line.push_str(s.phase);
        }
        if s.total > 0 {
            line.push_str(&format!(" {} / {}", grouped(s.done), grouped(s.total)));
        }
        line.push_str(&format!(" ({:.1} s)", self.elapsed().as_secs_f32()));
        if self.cancelling() {
            line.push_str(", cancelling…");
        }
        line
    }
}

/// 4000 → "4,000": counts read at a glance.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The running job in the status bar: a progress bar with the count, and Cancel.
pub fn job_bar_ui(ui: &mut egui::Ui, job: &Job) -> Vec<Action> {
    let mut actions = Vec::new();
    let s = job.snapshot();
    let text = job.describe();
    let bar = match s.fraction() {
        Some(f) => egui::ProgressBar::new(f),
        None => egui::ProgressBar::new(0.0).animate(true),
    };
    ui.add(
        bar.text(text)
            .desired_width(ui.available_width().min(420.0)),
    );
    let cancel = ui.add_enabled(!job.cancelling(), egui::Button::new("Cancel"));
    if cancel
        .on_hover_text("Stop; the project stays as it was")
        .clicked()
    {
        actions.push(Action::CancelJob);
    }
    actions
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait(job: &Job) -> Finished {
        loop {
            if let Some(done) = job.poll() {
                return done;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    #[test]
    fn a_job_reports_its_outcome() {
        let job = Job::spawn("Exporting", |p| {
            p.begin("writing files", 2)?;
            p.step()?;
            p.step()?;
            Ok(Outcome::Exported(Ok("2 files".into())))
        })
        .unwrap();
        match wait(&job) {
            Finished::Done(Outcome::Exported(Ok(report))) => assert_eq!(report, "2 files"),
            other => panic!("{other:?}"),
        }
        assert_eq!(job.snapshot().done, 2);
    }

    #[test]
    fn a_cancelled_job_stops_at_its_next_item() {
        let (go_tx, go_rx) = channel::<()>();
        let job = Job::spawn("Importing", move |p| {
            p.begin("reading files", 1_000)?;
            go_rx.recv().ok();
            loop {
                p.step()?;
            }
        })
        .unwrap();
        job.cancel();
        assert!(
            job.describe().ends_with("cancelling…"),
            "{}",
            job.describe()
        );
        go_tx.send(()).unwrap();
        assert!(matches!(wait(&job), Finished::Cancelled));
        assert!(job.snapshot().done <= 1);
    }

    #[test]
    fn a_worker_that_panics_is_reported() {
        let job = Job::spawn("Importing", |_| -> Result<Outcome, Cancelled> {
            panic!("a bug in the worker")
        })
        .unwrap();
        assert!(matches!(wait(&job), Finished::Failed(m) if m.contains("unchanged")));
    }

    #[test]
    fn counts_are_grouped() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(4000), "4,000");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }
}
