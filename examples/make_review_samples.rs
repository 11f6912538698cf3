//! Writes `samples/review/*.hamish.ron`: three colleagues' copies of the sample project with
//! the kinds of disagreement review is for, derived deterministically from the reference
//! labels of `samples/sahel.hamish.ron`:
//!
//! - Amina puts attached proclitics (و ب ل ف ك) inside place and group spans (وتمبكتو for
//!   تمبكتو) and misses some events;
//! - Yusuf labels some places as groups and some groups as places, leaves the head noun
//!   (جماعة, حركة …) out of group names, and misses other events;
//! - Salma is close to the reference but skips some places and never got to the last article.
//!
//! Run: `cargo run --example make_review_samples` (rewrites the three files).

use hamish::format::{load_project, save_project};
use hamish::model::{AnnotatorId, CharRange, Document, LabelId, Project, Span, SpanId};
use std::collections::HashSet;
use std::path::Path;

const PROCLITICS: [char; 5] = ['و', 'ب', 'ل', 'ف', 'ك'];
const HEAD_NOUNS: [&str; 4] = ["جماعة ", "حركة ", "تنظيم ", "جبهة "];

fn chars(doc: &Document) -> Vec<char> {
    doc.text().chars().collect()
}

/// The span moved to `range` with its text refreshed, or `None` if that is not possible.
fn moved(doc: &Document, span: &Span, range: CharRange) -> Option<Span> {
    let text = doc.slice(range)?.to_owned();
    (!range.is_empty()).then(|| {
        let mut moved = Span::new(
            span.label.clone(),
            range,
            text,
            span.author.clone(),
            &span.created,
        );
        moved.id = span.id;
        moved.note = span.note.clone();
        moved.modified = span.modified.clone();
        moved.provenance = span.provenance.clone();
        moved
    })
}

/// The span with another label.
fn relabelled(span: &Span, label: LabelId) -> Span {
    let mut s = span.clone();
    s.label = label;
    s
}

/// Whether the span starts right after an attached proclitic (a one-letter word prefix).
fn proclitic_before(text: &[char], span: &Span) -> bool {
    let s = span.start().get();
    s >= 1 && PROCLITICS.contains(&text[s - 1]) && (s == 1 || text[s - 2].is_whitespace())
}

fn amina(doc: &Document, k: usize, span: &Span) -> Option<Span> {
    let text = chars(doc);
    let label = span.label.as_str();
    if label == "EVENT" && k % 4 == 3 {
        return None;
    }
    if (label == "PLACE" || label == "GROUP") && proclitic_before(&text, span) {
        return moved(
            doc,
            span,
            CharRange::new(span.start().get() - 1, span.end().get()),
        );
    }
    Some(span.clone())
}

fn yusuf(doc: &Document, k: usize, span: &Span) -> Option<Span> {
    let label = span.label.as_str();
    match label {
        "EVENT" if k.is_multiple_of(3) => None,
        "PLACE" if k % 5 == 2 => Some(relabelled(span, LabelId::new("GROUP"))),
        "GROUP" => {
            if let Some(head) = HEAD_NOUNS.iter().find(|h| span.text().starts_with(**h)) {
                let cut = head.chars().count();
                return moved(
                    doc,
                    span,
                    CharRange::new(span.start().get() + cut, span.end().get()),
                );
            }
            if k % 4 == 1 {
                return Some(relabelled(span, LabelId::new("PLACE")));
            }
            Some(span.clone())
        }
        _ => Some(span.clone()),
    }
}

fn salma(_doc: &Document, k: usize, span: &Span) -> Option<Span> {
    (span.label.as_str() != "PLACE" || k % 7 != 5).then(|| span.clone())
}

type Rule = fn(&Document, usize, &Span) -> Option<Span>;

fn colleague(reference: &Project, name: &str, salt: u64, rule: Rule, keep_docs: usize) -> Project {
    let mut annotator = reference.annotator.clone();
    annotator.name = name.to_owned();
    annotator.id = AnnotatorId(format!("a-{}", name.to_lowercase()));
    let mut docs = Vec::new();
    for doc in reference.documents().iter().take(keep_docs) {
        let mut seen = HashSet::new();
        let mut copy = doc.without_spans();
        for (k, span) in doc.spans().iter().enumerate() {
            if let Some(mut s) = rule(doc, k, span)
                && seen.insert((s.range(), s.label.clone()))
            {
                // Each colleague made their own spans, so their ids differ.
                s.id = SpanId(salt * 1_000_000 + s.id.0 % 1_000_000);
                s.author = annotator.id.clone();
                // The colleagues' copies carry labels only, no registry (review of links
                // is shown on linked files: `hamish agree`, `hamish diff`).
                s.entity = None;
                copy.add_span(s, Some(reference.schema()))
                    .expect("a colleague's span fits its document");
            }
        }
        docs.push(copy);
    }
    let (p, problems) = Project::from_parts(
        reference.name.clone(),
        annotator,
        reference.schema().clone(),
        reference.settings.clone(),
        docs,
    );
    assert!(problems.is_empty(), "{problems:?}");
    p
}

fn main() -> anyhow::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let reference = load_project(&root.join("samples/sahel.hamish.ron"))?.project;
    let all = reference.documents().len();
    let out = root.join("samples/review");
    std::fs::create_dir_all(&out)?;
    for (file, name, salt, rule, docs) in [
        ("amina.hamish.ron", "Amina", 1, amina as Rule, all),
        ("yusuf.hamish.ron", "Yusuf", 2, yusuf as Rule, all),
        (
            "salma.hamish.ron",
            "Salma",
            3,
            salma as Rule,
            all.saturating_sub(1),
        ),
    ] {
        let p = colleague(&reference, name, salt, rule, docs);
        save_project(&out.join(file), &p)?;
        println!(
            "{file}: {} documents, {} spans",
            p.documents().len(),
            p.span_count()
        );
    }
    Ok(())
}
