//! What several GUI tests share: the real app on a project, projects of one document with
//! spans placed by their words, and the check that every node showing Arabic in the AccessKit
//! tree was drawn by a bidi widget (egui's own text would show it in the wrong order).
// Each test crate uses a part of this module.
#![allow(dead_code)]

use egui_kittest::Harness;
use egui_kittest::kittest::NodeT;
use hamish::gui::pane::bidi_widget_ids;
use hamish::gui::{HamishApp, install_fonts};
use hamish::model::{
    Annotator, CharRange, DocId, Document, Edit, LabelId, Project, SpanId, Timestamp,
};
use hamish::session::Session;
use std::collections::HashSet;

/// The real app on `project` at 1400×900, with the bundled fonts and the bidi audit on.
pub fn open_app(project: Project) -> Harness<'static, HamishApp> {
    open_app_sized(project, [1400.0, 900.0])
}

/// As [`open_app`], in a window of `size` points.
pub fn open_app_sized(project: Project, size: [f32; 2]) -> Harness<'static, HamishApp> {
    let session = Session::new(project);
    let mut h = Harness::builder().with_size(size).build_eframe(move |cc| {
        install_fonts(&cc.egui_ctx);
        HamishApp::with_session(session)
    });
    hamish::gui::pane::audit_bidi_widgets(&h.ctx);
    h.run();
    h
}

/// A project of one document `text` titled `title`, and the document's id.
pub fn one_document(title: &str, text: &str) -> (Project, DocId) {
    let mut project = Project::new("test", Annotator::new("Amina"));
    let doc = Document::new(title, "a.txt", text);
    let id = doc.id().clone();
    project
        .apply(Edit::AddDocuments { docs: vec![doc] }, &Timestamp::now())
        .unwrap();
    (project, id)
}

/// Where `words` first stand in `text`, in characters.
pub fn chars_of(text: &str, words: &str) -> CharRange {
    let at = text.find(words).expect("the words are in the text");
    let start = text[..at].chars().count();
    CharRange::new(start, start + words.chars().count())
}

/// A `label` span over the first `words` of document `doc`, added as an edit; its id.
pub fn add_span(project: &mut Project, doc: &DocId, words: &str, label: &str) -> SpanId {
    let range = chars_of(project.document(doc).unwrap().text(), words);
    let now = Timestamp::now();
    let span = project
        .new_span(doc, range, LabelId::new(label), &now)
        .unwrap();
    let id = span.id;
    project
        .apply(
            Edit::AddSpan {
                doc: doc.clone(),
                span,
            },
            &now,
        )
        .unwrap();
    id
}

/// Whether `s` holds an Arabic letter.
pub fn has_arabic(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}'))
}

/// Every node that shows Arabic (label or value) must come from a bidi widget, and at least
/// `min` such nodes must be on screen (so that the check saw what it is about). Call
/// `hamish::gui::pane::audit_bidi_widgets` on the context first.
pub fn assert_all_arabic_is_bidi(h: &Harness<'_, HamishApp>, context: &str, min: usize) {
    let bidi: HashSet<_> = bidi_widget_ids(&h.ctx)
        .into_iter()
        .map(|id| id.accesskit_id())
        .collect();
    let mut offenders = Vec::new();
    let mut arabic = 0;
    for node in h.root().children_recursive() {
        let n = node.accesskit_node();
        let shown = [n.label(), n.value()];
        if shown.iter().flatten().any(|s| has_arabic(s)) {
            arabic += 1;
            if !bidi.contains(&n.locate().0) {
                offenders.push(format!("{:?} {:?} {:?}", n.role(), n.label(), n.value()));
            }
        }
    }
    assert!(
        arabic >= min,
        "{context}: the check saw only {arabic} Arabic nodes"
    );
    assert!(
        offenders.is_empty(),
        "{context}: drawn without bidi:\n{}",
        offenders.join("\n")
    );
}
