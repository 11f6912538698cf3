//! The review panel's state: the colleague files added, the adjudication over the open
//! project and them, which disagreement is current, and the adjudicator's pending choices.
//! Everything here is plain logic so that it can be driven without drawing. What the panel
//! shows every frame (the disagreement list, the undecided count, the gold's size) is
//! computed when it changes, by the action that changed it, never while drawing.

use super::frame_state::{FrameReview, FrameReviewAction};
use crate::format::load_project;
use crate::model::{CharRange, LabelId, Project, Timestamp};
use crate::progress::{Cancelled, Progress};
use crate::review::adjudication::ClusterRef;
use crate::review::{Adjudication, AgreementReport, Decision};
use std::path::{Path, PathBuf};

/// A colleague's project file as loaded.
#[derive(Debug, Clone)]
pub struct Colleague {
    pub path: PathBuf,
    pub project: Project,
}

#[derive(Debug, Default)]
pub struct ReviewState {
    pub colleagues: Vec<Colleague>,
    pub adjudication: Option<Adjudication>,
    pub report: Option<AgreementReport>,
    /// Index into the disagreement list.
    pub current: usize,
    /// Which candidates of the current disagreement are ticked for "Take checked".
    pub checked: Vec<bool>,
    pub rationale: String,
    /// The path typed into "Colleague file".
    pub path_text: String,
    /// The path typed into "Gold file".
    pub gold_path_text: String,
    /// Fields of the "Edit" form: start, end, label.
    pub edit_start: String,
    pub edit_end: String,
    pub edit_label: String,
    /// The last message (errors, what was done).
    pub message: String,
    /// "What this project changed for …": the rendered diff of the open project (as gold)
    /// against one colleague's file, as `hamish diff` prints it.
    pub diff: Option<String>,
    /// The event disagreements and the frame being composed.
    pub frames: FrameReview,
    /// The disagreements in order (clusters not agreed by all), fixed by the alignment.
    list: Vec<ClusterRef>,
    /// How many of them are still undecided, and how many spans the gold has so far.
    undecided: usize,
    gold_spans: usize,
    gold_events: usize,
}

/// A comparison of the open project with colleagues' files: what the panel shows once it is
/// installed. Computing it aligns every document and measures agreement, which on a large
/// project takes long enough to run as a background job ([`Comparison::compute`] reports to a
/// [`Progress`] and stops when cancelled); installing it is instant.
#[derive(Debug)]
pub struct Comparison {
    colleagues: Vec<Colleague>,
    adjudication: Option<Adjudication>,
    report: Option<AgreementReport>,
    list: Vec<ClusterRef>,
    /// What to tell the analyst once installed ("Added …").
    message: String,
}

impl Comparison {
    /// Compare `own` with `colleagues` (none: the panel is emptied).
    pub fn compute(
        own: &Project,
        colleagues: Vec<Colleague>,
        message: String,
        progress: &Progress,
    ) -> Result<Self, Cancelled> {
        if colleagues.is_empty() {
            return Ok(Self {
                colleagues,
                adjudication: None,
                report: None,
                list: Vec::new(),
                message,
            });
        }
        let mut projects: Vec<Project> = vec![own.clone()];
        projects.extend(colleagues.iter().map(|c| c.project.clone()));
        let names: Vec<String> = projects.iter().map(|p| p.annotator.name.clone()).collect();
        let mut adj = Adjudication::from_projects_watched(projects, &names, progress)?;
        adj.set_adjudicator(&own.annotator.name);
        let schema_labels: Vec<LabelId> =
            own.schema().labels.iter().map(|l| l.id.clone()).collect();
        let labels = adj.alignment.labels_in_use(&schema_labels);
        // γ too: the comparison runs in the background, and γ's cost grows with the
        // documents (about 5 ms a document of 50 spans on the development machine).
        let report = AgreementReport::compute_watched_with_gamma(
            &adj.alignment,
            &labels,
            Some(crate::review::gamma::GammaOptions::default()),
            progress,
        )?;
        let list = adj.disagreements();
        Ok(Self {
            colleagues,
            adjudication: Some(adj),
            report: Some(report),
            list,
            message,
        })
    }

    /// Load `path` as one more colleague after `colleagues`, and compare.
    pub fn with_file(
        own: &Project,
        colleagues: Vec<Colleague>,
        path: &Path,
        progress: &Progress,
    ) -> Result<Result<Self, String>, Cancelled> {
        Self::with_files(own, colleagues, &[path.to_owned()], progress)
    }

    /// Load `paths` as more colleagues after `colleagues`, and compare once (`hamish PROJECT
    /// --compare A --compare B` opens the review this way). The first file that cannot be
    /// read stops it, with its reason.
    pub fn with_files(
        own: &Project,
        mut colleagues: Vec<Colleague>,
        paths: &[PathBuf],
        progress: &Progress,
    ) -> Result<Result<Self, String>, Cancelled> {
        progress.begin("reading the colleagues' files", paths.len() as u64)?;
        for path in paths {
            match load_colleague(path) {
                Ok(colleague) => colleagues.push(colleague),
                Err(why) => return Ok(Err(why)),
            }
            progress.step()?;
        }
        let message = match paths {
            [one] => format!("Added {}", one.display()),
            many => format!("Added {} files", many.len()),
        };
        Self::compute(own, colleagues, message, progress).map(Ok)
    }
}

/// A colleague's file, or why it cannot be compared.
pub fn load_colleague(path: &Path) -> Result<Colleague, String> {
    match load_project(path) {
        Ok(loaded) if loaded.problems.is_empty() => Ok(Colleague {
            path: path.to_owned(),
            project: loaded.project,
        }),
        Ok(loaded) => Err(format!(
            "{} has {} problem(s); run `hamish validate` on it",
            path.display(),
            loaded.problems.len()
        )),
        Err(err) => Err(format!("{err:#}")),
    }
}

impl ReviewState {
    /// Load a colleague's file and rebuild the comparison against `own`, here and now (the app
    /// does the same in the background: [`Comparison::with_file`]).
    pub fn add_file(&mut self, path: &Path, own: &Project) {
        match Comparison::with_file(own, self.colleagues.clone(), path, &Progress::new()) {
            Ok(Ok(cmp)) => self.install(cmp),
            Ok(Err(why)) => self.message = why,
            Err(Cancelled) => unreachable!("nobody else holds this Progress to cancel it"),
        }
    }

    /// The colleagues without the one at `index`, or `None` when there is none such.
    pub fn without(&self, index: usize) -> Option<Vec<Colleague>> {
        (index < self.colleagues.len()).then(|| {
            let mut rest = self.colleagues.clone();
            rest.remove(index);
            rest
        })
    }

    pub fn remove_file(&mut self, index: usize, own: &Project) {
        if let Some(rest) = self.without(index) {
            self.recompute(own, rest);
        }
    }

    /// Recompute alignment, report and disagreements (decisions start afresh).
    pub fn rebuild(&mut self, own: &Project) {
        self.recompute(own, self.colleagues.clone());
    }

    fn recompute(&mut self, own: &Project, colleagues: Vec<Colleague>) {
        match Comparison::compute(own, colleagues, String::new(), &Progress::new()) {
            Ok(cmp) => self.install(cmp),
            Err(Cancelled) => unreachable!("nobody else holds this Progress to cancel it"),
        }
    }

    /// Show a computed comparison: the decisions made so far start afresh.
    pub fn install(&mut self, cmp: Comparison) {
        self.colleagues = cmp.colleagues;
        self.adjudication = cmp.adjudication;
        self.report = cmp.report;
        self.list = cmp.list;
        if !cmp.message.is_empty() {
            self.message = cmp.message;
        }
        self.current = 0;
        self.reset_choices();
        self.frames = FrameReview::new(self.report.as_ref(), self.adjudication.as_ref());
        self.summarise();
    }

    /// Recount what the panel shows after a decision: undecided disagreements, gold spans.
    fn summarise(&mut self) {
        let Some(adj) = &self.adjudication else {
            self.undecided = 0;
            self.gold_spans = 0;
            self.gold_events = 0;
            return;
        };
        self.undecided = self
            .list
            .iter()
            .filter(|&&at| adj.decision(at).decision == Decision::Undecided)
            .count();
        let gold = adj.gold();
        self.gold_spans = gold.span_count();
        self.gold_events = gold.documents().iter().map(|d| d.events().len()).sum();
    }

    /// The number of events the gold would have if saved now.
    pub fn gold_events(&self) -> usize {
        self.gold_events
    }

    /// Act on the event part of the panel; `by` is the adjudicator.
    pub fn frame_action(&mut self, action: FrameReviewAction, by: &str) {
        let Some(adj) = &mut self.adjudication else {
            return;
        };
        if let Some(said) = self.frames.apply(action, adj, by) {
            self.message = said;
        }
        self.summarise();
    }

    /// The document of the current event disagreement, and the trigger of the open project's
    /// event there (the open project is the first annotator), to show it.
    pub fn current_event_place(
        &self,
    ) -> Option<(crate::model::DocId, Option<crate::model::SpanId>)> {
        let at = self.frames.current_ref()?;
        let adj = self.adjudication.as_ref()?;
        let doc = adj.alignment.documents.get(at.doc)?.id.clone();
        Some((doc, adj.group_event(at, 0).map(|e| e.trigger)))
    }

    /// The document of the current relation disagreement, and the head of the open project's
    /// relation there.
    pub fn current_relation_place(
        &self,
    ) -> Option<(crate::model::DocId, Option<crate::model::SpanId>)> {
        let at = self.frames.current_relation()?;
        let adj = self.adjudication.as_ref()?;
        let doc = adj.alignment.documents.get(at.doc)?.id.clone();
        Some((doc, adj.group_relation(at, 0).map(|r| r.head)))
    }

    /// The disagreements in order (clusters not agreed by all).
    pub fn disagreements(&self) -> &[ClusterRef] {
        &self.list
    }

    /// How many disagreements are still undecided.
    pub fn undecided(&self) -> usize {
        self.undecided
    }

    /// The number of spans the gold would have if saved now.
    pub fn gold_spans(&self) -> usize {
        self.gold_spans
    }

    pub fn current_ref(&self) -> Option<ClusterRef> {
        self.list.get(self.current).copied()
    }

    /// The document of the current disagreement.
    pub fn current_doc(&self) -> Option<crate::model::DocId> {
        let at = self.current_ref()?;
        Some(self.adjudication.as_ref()?.doc_id(at).clone())
    }

    /// "What this project changed for …" colleague `index`, as `hamish diff` prints it.
    pub fn show_diff(&mut self, index: usize, own: &Project) {
        if let Some(c) = self.colleagues.get(index) {
            self.diff = Some(crate::review::diff::diff_gold(own, &c.project).render());
        }
    }

    fn reset_choices(&mut self) {
        let n = self
            .current_ref()
            .zip(self.adjudication.as_ref())
            .map_or(0, |(at, adj)| adj.cluster(at).candidates.len());
        self.checked = vec![false; n];
        self.rationale.clear();
        if let (Some(at), Some(adj)) = (self.current_ref(), &self.adjudication) {
            let c = adj.cluster(at);
            self.edit_start = c.range.start.to_string();
            self.edit_end = c.range.end.to_string();
            self.edit_label = c.candidates[0].label.to_string();
        }
    }

    pub fn next(&mut self) {
        let n = self.disagreements().len();
        if n > 0 {
            self.current = (self.current + 1) % n;
            self.reset_choices();
        }
    }

    pub fn previous(&mut self) {
        let n = self.disagreements().len();
        if n > 0 {
            self.current = (self.current + n - 1) % n;
            self.reset_choices();
        }
    }

    /// Go to the next disagreement still undecided, if any.
    pub fn next_undecided(&mut self) {
        let Some(adj) = &self.adjudication else {
            return;
        };
        let n = self.list.len();
        for step in 1..=n {
            let k = (self.current + step) % n;
            if adj.decision(self.list[k]).decision == Decision::Undecided {
                self.current = k;
                self.reset_choices();
                return;
            }
        }
    }

    fn decide_current(&mut self, decision: Decision, by: &str) {
        let rationale = Some(self.rationale.clone());
        if let (Some(at), Some(adj)) = (self.current_ref(), &mut self.adjudication) {
            adj.decide(at, decision, by, &Timestamp::now(), rationale);
            self.message = "Decided".into();
        }
        self.summarise();
    }

    /// Take one annotator's version (candidate index).
    pub fn take(&mut self, candidate: usize, by: &str) {
        self.decide_current(Decision::Take(vec![candidate]), by);
    }

    /// Take every ticked candidate.
    pub fn take_checked(&mut self, by: &str) {
        let picks: Vec<usize> = (0..self.checked.len())
            .filter(|&i| self.checked[i])
            .collect();
        if picks.is_empty() {
            self.message = "Tick the versions to take first".into();
            return;
        }
        self.decide_current(Decision::Take(picks), by);
    }

    pub fn reject_all(&mut self, by: &str) {
        self.decide_current(Decision::RejectAll, by);
    }

    /// Replace the current disagreement by the span of the edit form.
    pub fn apply_edit(&mut self, by: &str) {
        let (Ok(start), Ok(end)) = (self.edit_start.trim().parse(), self.edit_end.trim().parse())
        else {
            self.message = "Start and end must be numbers (characters)".into();
            return;
        };
        let range = CharRange::new(start, end);
        let label = LabelId::new(self.edit_label.trim());
        let Some(adj) = &self.adjudication else {
            return;
        };
        let Some(at) = self.current_ref() else { return };
        if !adj.schema().contains(&label) {
            self.message = format!("{label} is not a label of the schema");
            return;
        }
        let doc = &adj.alignment.documents[at.doc];
        if range.is_empty() || range.end.get() > doc.text.chars().count() {
            self.message = format!("{range} is not a range of this document");
            return;
        }
        self.decide_current(Decision::Edit(vec![(range, label)]), by);
    }

    pub fn accept_all_agreed(&mut self, by: &str) {
        if let Some(adj) = &mut self.adjudication {
            let now = Timestamp::now();
            let n = adj.accept_all_agreed(by, &now);
            let (events, relations) = crate::review::merge::accept_agreed_frames(adj, by, &now);
            self.message = format!(
                "Accepted {n} agreed span group(s), {events} event(s), {relations} relation(s)"
            );
        }
        self.summarise();
    }

    pub fn gold(&self) -> Option<Project> {
        self.adjudication.as_ref().map(Adjudication::gold)
    }

    pub fn save_gold(&mut self, path: &Path) {
        let Some(gold) = self.gold() else { return };
        self.message = match crate::format::save_project(path, &gold) {
            Ok(()) => format!("Saved the gold to {}", path.display()),
            Err(err) => format!("{err:#}"),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::save_project;
    use crate::model::{Annotator, Document, SpanId};

    fn project(name: &str, spans: &[(usize, usize, &str)]) -> Project {
        let mut p = Project::new("t", Annotator::new(name));
        let mut doc = Document::new("d", "d.txt", "هجوم قرب بوريم وتمبكتو");
        let now = Timestamp("2026-11-22T00:00:00Z".into());
        for (k, &(s, e, l)) in spans.iter().enumerate() {
            let mut span = doc
                .new_span(CharRange::new(s, e), LabelId::new(l), &p.annotator.id, &now)
                .unwrap();
            span.id = SpanId(k as u64 + 1);
            doc.add_span(span, None).unwrap();
        }
        p.apply(crate::model::Edit::AddDocuments { docs: vec![doc] }, &now)
            .unwrap();
        p
    }

    #[test]
    fn add_step_decide_and_save() {
        let dir = tempfile::tempdir().unwrap();
        let own = project(
            "Amina",
            &[(0, 4, "EVENT"), (9, 14, "PLACE"), (15, 22, "PLACE")],
        );
        let other = project("Yusuf", &[(9, 14, "PLACE"), (16, 22, "PLACE")]);
        let path = dir.path().join("yusuf.hamish.ron");
        save_project(&path, &other).unwrap();
        let mut st = ReviewState::default();
        st.add_file(&path, &own);
        assert_eq!(st.disagreements().len(), 2);
        st.accept_all_agreed("Amina");
        st.next();
        st.take(1, "Amina");
        st.previous();
        st.reject_all("Amina");
        let gold = st.gold().unwrap();
        let texts: Vec<&str> = gold.documents()[0]
            .spans()
            .iter()
            .map(|s| s.text())
            .collect();
        assert_eq!(texts, ["بوريم", "تمبكتو"]);
        st.edit_start = "x".into();
        st.apply_edit("Amina");
        assert!(st.message.contains("numbers"));
        st.edit_start = "9".into();
        st.edit_end = "14".into();
        st.edit_label = "TOWN".into();
        st.apply_edit("Amina");
        assert!(st.message.contains("not a label"));
        st.edit_label = "GROUP".into();
        st.apply_edit("Amina");
        let gold = st.gold().unwrap();
        assert_eq!(gold.documents()[0].spans()[0].label.as_str(), "GROUP");
        st.take(0, "Amina");
        let out = dir.path().join("gold.hamish.ron");
        st.save_gold(&out);
        assert!(load_project(&out).unwrap().problems.is_empty());
        st.add_file(&dir.path().join("missing.hamish.ron"), &own);
        assert_eq!(st.colleagues.len(), 1);
    }
}
