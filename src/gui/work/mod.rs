//! Annotating in the GUI: the state of the panels (armed label, filters, search, palette,
//! schema editor, autosave prompts) and the app's handlers for the annotation actions; the
//! annotate-all review list is in [`candidates`]. `HamishApp::apply` (in `app.rs`) is the one `match` over
//! [`Action`]; the arms for annotating call the methods here.

mod candidates;
pub use candidates::Review;

use super::HamishApp;
use super::action::CandidateMark;
use super::decoration::{Decoration, DecorationStyle};
use crate::annotate::snap::{Lexicon, Snapped, snap_readings};
use crate::annotate::{MatchMode, SearchIndex};
use crate::autosave::{Autosave, DiskStamp, Recovered, Tick, find_recovery};
use crate::model::{CharRange, DocId, Document, Edit, LabelId, Schema, SpanId, Timestamp};
use crate::session::Session;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The search box and its hits in the current document.
#[derive(Debug, Default)]
pub struct Search {
    pub query: String,
    pub hits: Vec<CharRange>,
    pub current: Option<usize>,
    /// Ask the search field to take keyboard focus on the next frame.
    pub focus: bool,
    index: Option<(DocId, SearchIndex)>,
    computed: Option<(DocId, String)>,
}

impl Search {
    /// Recompute hits when the document or query changed.
    pub fn refresh(&mut self, doc: Option<&Document>) {
        let Some(doc) = doc else {
            self.hits.clear();
            self.current = None;
            self.computed = None;
            return;
        };
        if matches!(&self.computed, Some((id, query)) if id == doc.id() && *query == self.query) {
            return;
        }
        if self.index.as_ref().map(|(id, _)| id) != Some(doc.id()) {
            self.index = Some((doc.id().clone(), SearchIndex::new(doc.text())));
        }
        let index = &self.index.as_ref().expect("just built").1;
        self.hits = index.find(&self.query, MatchMode::Substring, None);
        self.current = if self.hits.is_empty() { None } else { Some(0) };
        self.computed = Some((doc.id().clone(), self.query.clone()));
    }

    pub fn step(&mut self, forward: bool) -> Option<CharRange> {
        let n = self.hits.len();
        if n == 0 {
            return None;
        }
        let next = match self.current {
            None => 0,
            Some(i) if forward => (i + 1) % n,
            Some(i) => (i + n - 1) % n,
        };
        self.current = Some(next);
        Some(self.hits[next])
    }
}

/// The schema editor's draft and its pending questions.
#[derive(Debug, Clone)]
pub struct SchemaDraft {
    pub schema: Schema,
    /// Id typed for a new label.
    pub new_id: String,
    /// Removed labels that have spans, and what to do with them.
    pub removed: Vec<(LabelId, Removal)>,
    pub error: String,
}

/// What happens to the spans of a removed label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Removal {
    Delete,
    RelabelTo(LabelId),
}

/// A question about the project file on disk.
#[derive(Debug)]
pub enum SafetyPrompt {
    /// Unsaved work from an earlier run: of the project file `of`, or (`None`) of an untitled
    /// project that was never saved.
    Recovered {
        found: Box<Recovered>,
        of: Option<PathBuf>,
    },
    ChangedOnDisk,
}

/// Filters of the spans panel.
#[derive(Debug, Default, Clone)]
pub struct SpanFilter {
    pub label: Option<LabelId>,
    pub text: String,
    /// Only spans of a linkable label that link to no entity.
    pub unlinked: bool,
}

/// All annotation state of the window.
#[derive(Debug, Default)]
pub struct WorkState {
    pub armed: Option<LabelId>,
    /// Exact character selection (no snapping), besides holding Alt.
    pub exact: bool,
    pub search: Search,
    pub review: Option<Review>,
    /// The command palette's query while it is open, and the row highlighted.
    pub palette: Option<String>,
    pub palette_cursor: usize,
    /// The entity field of the selected span.
    pub entity_field: crate::gui::entity_field::EntityFieldState,
    /// A relation being made ("Relate to…"): its head, and its tail once chosen.
    pub relating: Option<crate::gui::relations::Relating>,
    /// The palette's rows for the query typed (emptied each time it opens).
    pub palette_cache: crate::gui::palette::PaletteCache,
    pub schema_editor: Option<SchemaDraft>,
    pub span_filter: SpanFilter,
    pub doc_filter: String,
    /// Drafts of the note fields, per span / document.
    pub span_note: Option<(SpanId, String)>,
    pub doc_note: Option<(DocId, String)>,
    pub autosave: Option<Autosave>,
    pub disk: Option<DiskStamp>,
    pub prompt: Option<SafetyPrompt>,
    last_disk_check: Option<Instant>,
    lexicon: Option<(u64, usize, Lexicon)>,
    /// The last snapped selection and what it was computed from (document, selection,
    /// project state): the pane previews it every frame, snapping walks the text.
    snapped: Option<((DocId, CharRange, u64), Option<Snapped>)>,
}

impl WorkState {
    /// Fresh state for a session just opened: autosave, the disk stamp, and any recovery.
    /// `untitled` is where an untitled session's work is autosaved (a project path in the
    /// data folder that is never itself written); `None` turns that off (tests).
    pub fn for_session(session: &Session, untitled: Option<&std::path::Path>) -> Self {
        let mut work = Self::default();
        match &session.path {
            Some(path) => {
                work.autosave = Some(Autosave::new(path));
                work.disk = DiskStamp::read(path).ok();
                work.offer_recovery(path, Some(path.clone()));
            }
            None => work.autosave = untitled.map(Autosave::new),
        }
        work
    }

    /// Offer the recovery file of `project_path`, if an earlier run left one. `of` is the
    /// project file the work belongs to (`None`: untitled).
    pub fn offer_recovery(&mut self, project_path: &std::path::Path, of: Option<PathBuf>) {
        if self.prompt.is_some() {
            return;
        }
        match find_recovery(project_path) {
            Ok(Some(found)) => {
                self.prompt = Some(SafetyPrompt::Recovered {
                    found: Box::new(found),
                    of,
                })
            }
            Ok(None) => {}
            Err(err) => {
                // Kept on disk for inspection; nothing is offered or deleted.
                eprintln!("hamish: {err}");
            }
        }
    }

    /// The lexicon of the project, rebuilt when spans or settings change.
    pub fn lexicon(&mut self, session: &Session) -> &Lexicon {
        let key = (session.history().state(), session.project().span_count());
        if self.lexicon.as_ref().map(|(s, n, _)| (*s, *n)) != Some(key) {
            self.lexicon = Some((key.0, key.1, Lexicon::from_project(session.project())));
        }
        &self.lexicon.as_ref().expect("just built").2
    }
}

impl HamishApp {
    pub fn current_document(&self) -> Option<&Document> {
        self.selected
            .as_ref()
            .and_then(|id| self.session.project().document(id))
    }

    /// The range the current selection becomes when a label is applied: snapped by the
    /// project's rules, or exact when exact mode is on or `exact` is asked. On an ambiguous
    /// word (كبير: an ordinary word, or ك + the known name بير) snapping keeps the word, and
    /// exact takes the other reading (بير) when the selection covers the snapped word.
    pub fn snapped_selection(&mut self, exact: bool) -> Option<CharRange> {
        let selection = self.selection.range()?;
        if self.work.exact || exact {
            if selection.is_empty() {
                return None;
            }
            return Some(match self.snapped_readings() {
                Some(Snapped {
                    range,
                    split: Some(split),
                }) if selection.covers(&range) => split,
                _ => selection,
            });
        }
        self.snapped_readings().map(|s| s.range)
    }

    /// Both readings of the current selection, snapped (remembered per document, selection and
    /// project state).
    pub fn snapped_readings(&mut self) -> Option<Snapped> {
        let selection = self.selection.range()?;
        let doc_id = self.selected.clone()?;
        let key = (doc_id, selection, self.session.history().state());
        if let Some((done, snapped)) = &self.work.snapped
            && *done == key
        {
            return *snapped;
        }
        let lexicon = self.work.lexicon(&self.session);
        let doc = self.session.project().document(&key.0)?;
        let snapped = snap_readings(
            doc.text(),
            selection,
            &self.session.project().settings.snapping,
            lexicon,
        );
        self.work.snapped = Some((key, snapped));
        snapped
    }

    /// The marks the article pane draws for annotation work: search hits, the current hit,
    /// annotate-all candidates in this document and the snapped-selection preview.
    pub fn pane_decorations(&mut self, exact: bool) -> Vec<Decoration> {
        let mut out = Vec::new();
        for (i, hit) in self.work.search.hits.iter().enumerate() {
            let current = self.work.search.current == Some(i);
            out.push(Decoration {
                range: *hit,
                style: if current {
                    DecorationStyle::Current
                } else {
                    DecorationStyle::Hit
                },
                tooltip: format!("search hit {} of {}", i + 1, self.work.search.hits.len()),
                name: format!("search hit {}", i + 1),
            });
        }
        if let (Some(review), Some(doc)) = (&self.work.review, &self.selected) {
            for (i, (c, mark)) in review.items.iter().enumerate() {
                if &c.doc == doc && *mark != CandidateMark::Skipped {
                    let ambiguous = if c.is_ambiguous() {
                        " (ambiguous: an ordinary word)"
                    } else {
                        ""
                    };
                    out.push(Decoration {
                        range: c.range,
                        style: DecorationStyle::Hit,
                        tooltip: format!("{}: {}{ambiguous}", review.label, c.text),
                        name: format!("candidate {}", i + 1),
                    });
                }
            }
        }
        if let Some(range) = self.snapped_selection(exact) {
            let other = self
                .snapped_readings()
                .and_then(|s| s.split.is_some().then_some(s))
                .is_some();
            out.push(Decoration {
                range,
                style: DecorationStyle::Preview,
                tooltip: if other {
                    "the selection snaps to this range; an ordinary word or a proclitic before \
                     a known name: exact selection (Alt) takes the other reading"
                        .into()
                } else {
                    "the selection snaps to this range".into()
                },
                name: "snapped selection".into(),
            });
        }
        out
    }

    /// Per-frame work that is not drawing: autosave, disk checks, the armed label.
    pub fn work_tick(&mut self, ctx: &egui::Context) {
        let now = Instant::now();
        if let Some(auto) = &mut self.work.autosave {
            match auto.tick(&self.session, now) {
                Ok(Tick::Waiting(wait)) => ctx.request_repaint_after(wait),
                Ok(Tick::Refused(why)) => self.status = format!("Autosave paused: {why}"),
                Ok(_) => {}
                Err(err) => self.status = format!("Autosave failed: {err}"),
            }
        }
        if let (Some(path), Some(stamp)) = (&self.session.path, &mut self.work.disk)
            && self.work.prompt.is_none()
            && self
                .work
                .last_disk_check
                .is_none_or(|t| now.duration_since(t) >= Duration::from_secs(2))
        {
            self.work.last_disk_check = Some(now);
            if stamp.changed(path) {
                self.work.prompt = Some(SafetyPrompt::ChangedOnDisk);
            }
            ctx.request_repaint_after(Duration::from_secs(2));
        }
        let dragging = ctx.input(|i| i.pointer.any_down());
        if let Some(label) = self.work.armed.clone()
            && self.selection.range().is_some()
            && !dragging
        {
            // The armed label applies the moment a selection is made: Alt held then means exact.
            let exact = ctx.input(|i| i.modifiers.alt);
            self.label_selection(&label, exact);
        }
        let doc = self
            .selected
            .as_ref()
            .and_then(|id| self.session.project().document(id));
        self.work.search.refresh(doc);
    }

    /// Called by the app before it saves: false (with a question on screen) when someone
    /// else changed the file since we read or wrote it.
    pub fn may_save(&mut self) -> bool {
        if let (Some(path), Some(stamp)) = (&self.session.path, &mut self.work.disk)
            && stamp.changed(path)
        {
            self.work.prompt = Some(SafetyPrompt::ChangedOnDisk);
            self.status = "The file changed on disk; not saved.".into();
            return false;
        }
        true
    }

    /// Called by the app after a successful save.
    pub fn saved(&mut self) {
        if let Some(path) = &self.session.path {
            self.work.disk = DiskStamp::read(path).ok();
            match &mut self.work.autosave {
                Some(auto) => auto.discard(),
                None => self.work.autosave = Some(Autosave::new(path)),
            }
        }
    }

    fn label_selection(&mut self, label: &LabelId, exact: bool) {
        let Some(doc) = self.selected.clone() else {
            return;
        };
        let Some(range) = self.snapped_selection(exact) else {
            self.status = "The selection holds no word.".into();
            self.selection.clear_caret();
            return;
        };
        if self.frame_label_into_slot(range, label) {
            return;
        }
        let now = Timestamp::now();
        let is_event = self
            .session
            .project()
            .schema()
            .label(label)
            .is_some_and(|l| l.kind == crate::model::LabelKind::Event);
        match self
            .session
            .project()
            .new_span(&doc, range, label.clone(), &now)
        {
            Ok(span) => {
                let id = span.id;
                let text = span.text().to_owned();
                if self.edit_ok(Edit::AddSpan { doc, span }) {
                    self.selection.select_span(Some(id));
                    self.status = format!("{label}: {text}");
                    if is_event {
                        self.frame_open_new_trigger(id);
                    }
                    return;
                }
            }
            Err(err) => self.status = format!("Not done: {err}"),
        }
        self.selection.clear_caret();
    }

    /// Apply an edit, reporting whether it was done.
    pub(super) fn edit_ok(&mut self, edit: Edit) -> bool {
        let before = self.session.history().state();
        self.edit(edit);
        self.session.history().state() != before
    }

    fn selected_span_range(&self) -> Option<(DocId, SpanId, CharRange)> {
        let doc = self.current_document()?;
        let span = doc.span(self.selection.span()?)?;
        Some((doc.id().clone(), span.id, span.range()))
    }

    pub(super) fn nudge_selected_span(&mut self, start: isize, end: isize) {
        let Some((doc, span, range)) = self.selected_span_range() else {
            self.status = "Select a span first.".into();
            return;
        };
        let new_start = range.start.0 as isize + start;
        let new_end = range.end.0 as isize + end;
        if new_start < 0 || new_end <= new_start {
            self.status = "A span must keep at least one character.".into();
            return;
        }
        self.edit(Edit::Resize {
            doc,
            span,
            range: CharRange::new(new_start as usize, new_end as usize),
        });
    }

    pub(super) fn step_span(&mut self, forward: bool) {
        let Some(doc) = self.current_document() else {
            return;
        };
        let ids: Vec<SpanId> = doc.spans().iter().map(|s| s.id).collect();
        if ids.is_empty() {
            return;
        }
        let at = self
            .selection
            .span()
            .and_then(|id| ids.iter().position(|&s| s == id));
        let next = match at {
            None if forward => 0,
            None => ids.len() - 1,
            Some(i) if forward => (i + 1).min(ids.len() - 1),
            Some(i) => i.saturating_sub(1),
        };
        let id = ids[next];
        self.selection.select_span(Some(id));
        self.reveal_span(id);
    }

    pub(super) fn step_document(&mut self, forward: bool) {
        let docs = &self.session.project().documents();
        if docs.is_empty() {
            return;
        }
        let at = self
            .selected
            .as_ref()
            .and_then(|id| docs.iter().position(|d| d.id() == id));
        let next = match at {
            None => 0,
            Some(i) if forward => (i + 1).min(docs.len() - 1),
            Some(i) => i.saturating_sub(1),
        };
        let id = docs[next].id().clone();
        self.select_document(id);
    }

    /// Switch documents, dropping the selection, which belonged to the old one.
    pub fn select_document(&mut self, id: DocId) {
        if self.selected.as_ref() != Some(&id) {
            self.selection.clear();
            self.frame.show(None);
        }
        self.selected = Some(id);
    }

    /// Open document `doc` with span `span` selected and in view (the palette's entities and
    /// events).
    pub(super) fn go_to_span(&mut self, doc: DocId, span: SpanId) {
        self.select_document(doc);
        self.selection.select_span(Some(span));
        self.reveal_span(span);
    }

    /// Scroll the article so that span `id` is in view on the next frame.
    fn reveal_span(&mut self, id: SpanId) {
        if let Some(span) = self.current_document().and_then(|d| d.span(id)) {
            self.pane.scroll_to = Some(span.start());
        }
    }

    pub(super) fn step_search_hit(&mut self, forward: bool) {
        let doc = self
            .selected
            .as_ref()
            .and_then(|id| self.session.project().document(id));
        self.work.search.refresh(doc);
        match self.work.search.step(forward) {
            Some(hit) => {
                self.selection.set_range(Some(hit));
                self.pane.scroll_to = Some(hit.start);
            }
            None => self.status = "No search hits.".into(),
        }
    }

    /// A label's button or hotkey: label the selection, else relabel the selected span, else
    /// arm (or disarm) the label.
    pub(super) fn apply_label(&mut self, label: LabelId, exact: bool) {
        if self.selection.range().is_some() {
            self.label_selection(&label, exact);
        } else if let Some((doc, span, _)) = self.selected_span_range() {
            self.edit(Edit::Relabel { doc, span, label });
        } else if self.work.armed.as_ref() == Some(&label) {
            self.work.armed = None;
            self.status = "No label armed.".into();
        } else {
            self.status = format!("{label} armed: select text to label it.");
            self.work.armed = Some(label);
        }
    }

    pub(super) fn delete_span(&mut self, span: SpanId) {
        let Some(doc) = self.selected.clone() else {
            return;
        };
        // Said after the fact, with undo one key away: asking first would slow every delete.
        let also = self.session.project().dependents_of(&doc, span).describe();
        if self.edit_ok(Edit::RemoveSpan { doc, span }) {
            if self.selection.span() == Some(span) {
                self.selection.select_span(None);
            }
            self.status = match also {
                Some(also) => format!("Span deleted; {also} (Ctrl+Z brings them back)"),
                None => "Span deleted".into(),
            };
        }
    }

    pub(super) fn delete_selected_span(&mut self) {
        match self.selected_span_range() {
            Some((_, span, _)) => self.delete_span(span),
            None => self.status = "Select a span first.".into(),
        }
    }

    pub(super) fn open_schema_editor(&mut self) {
        self.work.schema_editor = Some(SchemaDraft {
            schema: self.session.project().schema().clone(),
            new_id: String::new(),
            removed: Vec::new(),
            error: String::new(),
        });
    }

    pub(super) fn apply_schema(&mut self, edit: Edit) {
        if self.edit_ok(edit) {
            self.work.schema_editor = None;
            self.status = "Labels changed".into();
            if let Some(armed) = &self.work.armed
                && !self.session.project().schema().contains(armed)
            {
                self.work.armed = None;
            }
        }
    }

    pub(super) fn discard_recovery(&mut self) {
        if let Some(SafetyPrompt::Recovered { found, .. }) = self.work.prompt.take() {
            found.discard();
        }
    }

    pub(super) fn keep_mine(&mut self) {
        self.work.prompt = None;
        if let Some(path) = &self.session.path {
            // The analyst saw the question: the next save may replace the file.
            self.work.disk = DiskStamp::read(path).ok();
        }
        self.status = "Keeping your version; saving will replace the file on disk.".into();
    }

    /// The span count of each label in the current document.
    pub fn label_counts(&self) -> std::collections::HashMap<LabelId, usize> {
        let mut counts: std::collections::HashMap<&LabelId, usize> = Default::default();
        if let Some(doc) = self.current_document() {
            for s in doc.spans() {
                *counts.entry(&s.label).or_default() += 1;
            }
        }
        // One owned id per label, not one per span.
        counts.into_iter().map(|(l, n)| (l.clone(), n)).collect()
    }
}
