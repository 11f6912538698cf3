//! The review panel's state: the colleague files added, the adjudication over the open
//! project and them, which disagreement is current, and the adjudicator's pending choices.
//! Everything here is plain logic so that it can be driven without drawing. What the panel
//! shows every frame (the disagreement list, the undecided count, the gold's size) is
//! computed when it changes, by the action that changed it, never while drawing.

use crate::format::load_project;
use crate::model::{CharRange, LabelId, Project, Timestamp};
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
    /// The disagreements in order (clusters not agreed by all), fixed by the alignment.
    list: Vec<ClusterRef>,
    /// How many of them are still undecided, and how many spans the gold has so far.
    undecided: usize,
    gold_spans: usize,
}

impl ReviewState {
    /// Load a colleague's file and rebuild the comparison against `own`.
    pub fn add_file(&mut self, path: &Path, own: &Project) {
        match load_project(path) {
            Ok(loaded) if loaded.problems.is_empty() => {
                self.colleagues.push(Colleague {
                    path: path.to_owned(),
                    project: loaded.project,
                });
                self.rebuild(own);
                self.message = format!("Added {}", path.display());
            }
            Ok(loaded) => {
                self.message = format!(
                    "{} has {} problem(s); run `hamish validate` on it",
                    path.display(),
                    loaded.problems.len()
                );
            }
            Err(err) => self.message = format!("{err:#}"),
        }
    }

    pub fn remove_file(&mut self, index: usize, own: &Project) {
        if index < self.colleagues.len() {
            self.colleagues.remove(index);
            self.rebuild(own);
        }
    }

    /// Recompute alignment, report and disagreements (decisions start afresh).
    pub fn rebuild(&mut self, own: &Project) {
        if self.colleagues.is_empty() {
            self.adjudication = None;
            self.report = None;
            self.list.clear();
            self.summarise();
            return;
        }
        let mut projects: Vec<&Project> = vec![own];
        projects.extend(self.colleagues.iter().map(|c| &c.project));
        let names: Vec<String> = projects.iter().map(|p| p.annotator.name.clone()).collect();
        let mut adj = Adjudication::new(&projects, &names);
        adj.set_adjudicator(&own.annotator.name);
        let labels: Vec<LabelId> = own.schema().labels.iter().map(|l| l.id.clone()).collect();
        self.report = Some(AgreementReport::compute(&adj.alignment, &labels));
        self.list = adj.disagreements();
        self.adjudication = Some(adj);
        self.current = 0;
        self.reset_choices();
        self.summarise();
    }

    /// Recount what the panel shows after a decision: undecided disagreements, gold spans.
    fn summarise(&mut self) {
        let Some(adj) = &self.adjudication else {
            self.undecided = 0;
            self.gold_spans = 0;
            return;
        };
        self.undecided = self
            .list
            .iter()
            .filter(|&&at| adj.decision(at).decision == Decision::Undecided)
            .count();
        self.gold_spans = adj.gold().span_count();
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
            let n = adj.accept_all_agreed(by, &Timestamp::now());
            self.message = format!("Accepted {n} agreed span group(s)");
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
