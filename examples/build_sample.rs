//! Builds the shipped sample project `samples/sahel.hamish.ron` from the articles in
//! `samples/articles/` and the labels listed in `samples/annotations.tsv`.
//!
//! The output is deterministic: a fixed annotator, fixed timestamps, and span ids derived from
//! the document's position and the order in which its spans are listed. Running it twice gives
//! the same bytes, and `tests/sample_project.rs` checks that the committed file is what this
//! program writes.
//!
//! ```text
//! cargo run --example build_sample             # write samples/sahel.hamish.ron
//! cargo run --example build_sample -- --check  # only compare, exit 1 when it differs
//! ```
//!
//! Every row of the annotation table must find its text: a surface that is missing, an
//! occurrence number past the last match, an unknown label or a duplicate span stops the
//! program with the row's line number.

use anyhow::{Context, Result, bail, ensure};
use hamish::format::import_text::import_texts;
use hamish::format::{save_project, to_ron_string};
use hamish::model::{
    Annotator, AnnotatorId, CharRange, DocStatus, Edit, LabelId, Project, SpanId, Timestamp,
};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The articles, relative to the repository root.
pub const ARTICLES_DIR: &str = "samples/articles";
/// The annotation table, relative to the repository root.
pub const ANNOTATIONS_FILE: &str = "samples/annotations.tsv";
/// The generated project, relative to the repository root.
pub const OUTPUT_FILE: &str = "samples/sahel.hamish.ron";

/// When the sample analyst started; every other time is an offset from it.
const START: &str = "2026-11-20T09:00:00Z";

/// Letters that, glued to the front of a word, are a separate conjunction or preposition
/// (و, ب, ل, ف). A span never includes them; see `samples/GUIDELINES.md`.
const PROCLITICS: [char; 4] = ['و', 'ب', 'ل', 'ف'];

/// Per article: review status, publication date (as the article gives it) and a note.
const DOCUMENTS: &[(&str, DocStatus, &str, &str)] = &[
    ("01-hisar-tombouctou.txt", DocStatus::Done, "2023-08-25", ""),
    ("02-inqilab-niger.txt", DocStatus::Done, "2024-03-15", ""),
    ("03-tinzaouaten-kyiv.txt", DocStatus::Done, "2025-02-10", ""),
    (
        "04-koala-hudna.txt",
        DocStatus::InProgress,
        "2023-09-20",
        "Check the Koala figures against a second source before marking done.",
    ),
    (
        "05-itifaq-aljazair.txt",
        DocStatus::InProgress,
        "2024-09-15",
        "Events in the dialogue section still to be reviewed.",
    ),
];

/// Outlet recorded for every sample article: they were written for Hamish, not published.
const OUTLET: &str = "Hamish samples (fictional)";

/// Which matches of a surface a row labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Occurrences {
    All,
    /// 1-based occurrence numbers.
    Numbers(Vec<usize>),
}

/// One row of `annotations.tsv`.
#[derive(Debug, Clone)]
pub struct Row {
    /// 1-based line in the file, for messages.
    pub line: usize,
    pub article: String,
    pub surface: String,
    pub occurrences: Occurrences,
    pub label: String,
    pub note: Option<String>,
}

/// Read the annotation table. Blank lines, `#` comments and the header row are skipped.
pub fn parse_annotations(text: &str) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        if raw.trim().is_empty() || raw.starts_with('#') || raw.starts_with("article\t") {
            continue;
        }
        let cols: Vec<&str> = raw.split('\t').collect();
        ensure!(
            (4..=5).contains(&cols.len()),
            "{ANNOTATIONS_FILE}:{line}: expected 4 or 5 tab-separated columns, found {}",
            cols.len()
        );
        let occurrences = if cols[2] == "*" {
            Occurrences::All
        } else {
            let numbers = cols[2]
                .split(',')
                .map(|n| n.trim().parse::<usize>().ok().filter(|&n| n >= 1))
                .collect::<Option<Vec<_>>>()
                .with_context(|| {
                    format!(
                        "{ANNOTATIONS_FILE}:{line}: occurrence must be `*` or numbers from 1, \
                         found {:?}",
                        cols[2]
                    )
                })?;
            Occurrences::Numbers(numbers)
        };
        ensure!(
            !cols[1].is_empty(),
            "{ANNOTATIONS_FILE}:{line}: empty surface text"
        );
        rows.push(Row {
            line,
            article: cols[0].to_owned(),
            surface: cols[1].to_owned(),
            occurrences,
            label: cols[3].to_owned(),
            note: cols
                .get(4)
                .map(|n| n.trim())
                .filter(|n| !n.is_empty())
                .map(str::to_owned),
        });
    }
    Ok(rows)
}

/// Whether `c` belongs to a word: letters, digits, Arabic diacritics and tatweel.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

/// Whether position `at` of `chars` starts a word: the text start or a non-word character
/// before it.
fn word_starts_at(chars: &[char], at: usize) -> bool {
    at == 0 || !is_word_char(chars[at - 1])
}

/// Char offsets where `surface` occurs as a whole word in `chars`, possibly after one or two
/// proclitic letters glued to it.
pub fn find_occurrences(chars: &[char], surface: &str) -> Vec<usize> {
    let needle: Vec<char> = surface.chars().collect();
    if needle.is_empty() || needle.len() > chars.len() {
        return Vec::new();
    }
    let proclitic = |at: usize| at > 0 && PROCLITICS.contains(&chars[at - 1]);
    (0..=chars.len() - needle.len())
        .filter(|&at| chars[at..at + needle.len()] == needle[..])
        .filter(|&at| {
            let end = at + needle.len();
            end == chars.len() || !is_word_char(chars[end])
        })
        .filter(|&at| {
            word_starts_at(chars, at)
                || (proclitic(at) && word_starts_at(chars, at - 1))
                || (proclitic(at) && proclitic(at - 1) && word_starts_at(chars, at - 2))
        })
        .collect()
}

/// `START` plus `seconds`, as a project timestamp.
fn time_after(start: SystemTime, seconds: u64) -> Timestamp {
    let t = start + Duration::from_secs(seconds);
    Timestamp(humantime::format_rfc3339_seconds(t).to_string())
}

/// Build the sample project from the files under `root` (the repository root).
pub fn build(root: &Path) -> Result<Project> {
    let start = humantime::parse_rfc3339(START).context("the fixed start time parses")?;
    let annotator = Annotator {
        id: AnnotatorId("a-sample".into()),
        name: "Sample analyst".into(),
    };
    let mut project = Project::new("عينة الساحل", annotator);

    let articles = root.join(ARTICLES_DIR);
    let import = import_texts(&project, std::slice::from_ref(&articles));
    if !import.refused.is_empty() {
        let list: Vec<String> = import
            .refused
            .iter()
            .map(|(p, why)| format!("{}: {why}", p.display()))
            .collect();
        bail!("articles refused on import:\n{}", list.join("\n"));
    }
    let mut docs = import.documents;
    let names: Vec<&str> = DOCUMENTS.iter().map(|d| d.0).collect();
    let found: Vec<&str> = docs.iter().map(|d| d.source.as_str()).collect();
    ensure!(
        found == names,
        "{} holds {found:?}, the generator expects {names:?}",
        articles.display()
    );
    for (doc, (_, _, date, _)) in docs.iter_mut().zip(DOCUMENTS) {
        doc.meta.date = Some((*date).to_owned());
        doc.meta.outlet = Some(OUTLET.to_owned());
    }
    let imported_at = time_after(start, 0);
    project
        .apply(Edit::AddDocuments { docs }, &imported_at)
        .context("adding the articles")?;

    let table_path = root.join(ANNOTATIONS_FILE);
    let table = std::fs::read_to_string(&table_path)
        .with_context(|| format!("reading {}", table_path.display()))?;
    let rows = parse_annotations(&table)?;

    for (index, (name, status, _, note)) in DOCUMENTS.iter().enumerate() {
        let doc = project.documents()[index].clone();
        let chars: Vec<char> = doc.text().chars().collect();
        // Each document is labelled in its own hour; spans twenty seconds apart.
        let doc_start = (index as u64 + 1) * 3600;
        let mut order: u64 = 0;
        for row in rows.iter().filter(|r| r.article == *name) {
            let at = format!("{ANNOTATIONS_FILE}:{}", row.line);
            ensure!(
                project.schema().contains(&LabelId::new(row.label.clone())),
                "{at}: unknown label {:?}",
                row.label
            );
            let matches = find_occurrences(&chars, &row.surface);
            ensure!(
                !matches.is_empty(),
                "{at}: {:?} not found as a word in {name}",
                row.surface
            );
            let chosen: Vec<usize> = match &row.occurrences {
                Occurrences::All => matches.clone(),
                Occurrences::Numbers(numbers) => numbers
                    .iter()
                    .map(|&n| {
                        matches.get(n - 1).copied().with_context(|| {
                            format!(
                                "{at}: occurrence {n} of {:?} asked for, {name} has {}",
                                row.surface,
                                matches.len()
                            )
                        })
                    })
                    .collect::<Result<_>>()?,
            };
            for begin in chosen {
                order += 1;
                let range = CharRange::new(begin, begin + row.surface.chars().count());
                let label = LabelId::new(row.label.clone());
                let current = project.document(doc.id()).expect("the document was added");
                ensure!(
                    !current
                        .spans()
                        .iter()
                        .any(|s| s.range() == range && s.label == label),
                    "{at}: {:?} at {begin} is already labelled {label}",
                    row.surface
                );
                let now = time_after(start, doc_start + order * 20);
                let mut span = project
                    .new_span(doc.id(), range, label, &now)
                    .with_context(|| format!("{at}: making the span"))?;
                span.id = SpanId((index as u64 + 1) * 10_000 + order);
                span.note = row.note.clone();
                project
                    .apply(
                        Edit::AddSpan {
                            doc: doc.id().clone(),
                            span,
                        },
                        &now,
                    )
                    .with_context(|| format!("{at}: adding the span"))?;
            }
        }
        let done_at = time_after(start, doc_start + 3000);
        project
            .apply(
                Edit::SetStatus {
                    doc: doc.id().clone(),
                    status: *status,
                },
                &done_at,
            )
            .with_context(|| format!("setting the status of {name}"))?;
        if !note.is_empty() {
            project
                .apply(
                    Edit::SetDocNote {
                        doc: doc.id().clone(),
                        note: (*note).to_owned(),
                    },
                    &done_at,
                )
                .with_context(|| format!("setting the note of {name}"))?;
        }
    }
    for row in &rows {
        ensure!(
            names.contains(&row.article.as_str()),
            "{ANNOTATIONS_FILE}:{}: no article named {:?}",
            row.line,
            row.article
        );
    }
    let problems = project.validate();
    ensure!(
        problems.is_empty(),
        "the built project does not validate: {problems:#?}"
    );
    Ok(project)
}

/// The repository root: where Cargo runs examples and tests from.
pub fn repository_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn main() -> Result<()> {
    let check = std::env::args().skip(1).any(|a| a == "--check");
    let root = repository_root();
    let project = build(&root)?;
    let output = root.join(OUTPUT_FILE);
    if check {
        let committed = std::fs::read_to_string(&output)
            .with_context(|| format!("reading {}", output.display()))?;
        if committed != to_ron_string(&project) {
            eprintln!(
                "{} is out of date: run `cargo run --example build_sample`",
                output.display()
            );
            std::process::exit(1);
        }
        println!("{} is up to date", output.display());
        return Ok(());
    }
    save_project(&output, &project).with_context(|| format!("writing {}", output.display()))?;
    // `save_project` keeps the previous file as `.bak`; git already keeps the history.
    let backup = hamish::format::atomic::sibling(&output, ".bak");
    if backup.exists() {
        std::fs::remove_file(&backup).with_context(|| format!("removing {}", backup.display()))?;
    }
    let spans = project.span_count();
    println!(
        "wrote {}: {} documents, {spans} spans",
        output.display(),
        project.documents().len()
    );
    Ok(())
}
