//! Builds the shipped sample project `samples/sahel.hamish.ron` from the articles in
//! `samples/articles/`, the labels listed in `samples/annotations.tsv`, the event frames and
//! relations listed in `samples/events.tsv` and the starter entity registry
//! `samples/sahel-entities.ron`: every group and place span is linked to the entity its text
//! names (through the registry's aliases, folding and proclitics, as `hamish entities import
//! --link` links), or to the entity a row names in its sixth column.
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
//! occurrence number past the last match, an unknown label, a duplicate span, or a group or
//! place whose text names no entity (or two) and whose row names none stops the program with
//! the row's line number.

use anyhow::{Context, Result, bail, ensure};
use hamish::annotate::{AliasIndex, LinkSuggestion};
use hamish::format::import_text::import_texts;
use hamish::format::registry::read_registry;
use hamish::format::{save_project, to_ron_string};
use hamish::model::{
    Annotator, AnnotatorId, Argument, AttrValue, AttributeId, CharRange, DocStatus, Document, Edit,
    EntityId, EntityKind, Event, EventId, EventTypeId, LabelId, LabelKind, PartialDate, Project,
    Quantity, Relation, RelationId, RelationTypeId, RoleId, SpanId, Timestamp,
};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The articles, relative to the repository root.
pub const ARTICLES_DIR: &str = "samples/articles";
/// The annotation table, relative to the repository root.
pub const ANNOTATIONS_FILE: &str = "samples/annotations.tsv";
/// The event frames and relations, relative to the repository root.
pub const EVENTS_FILE: &str = "samples/events.tsv";
/// The starter entity registry, relative to the repository root.
pub const ENTITIES_FILE: &str = "samples/sahel-entities.ron";
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

/// The country each article is about (the `country` attribute of its document), in the
/// order of [`DOCUMENTS`].
const COUNTRIES: [&str; 5] = ["مالي", "النيجر", "مالي", "مالي", "مالي"];

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
    /// The entity the spans link to when their text alone does not say (sixth column).
    pub entity: Option<String>,
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
            (4..=6).contains(&cols.len()),
            "{ANNOTATIONS_FILE}:{line}: expected 4 to 6 tab-separated columns, found {}",
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
            entity: cols
                .get(5)
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
    for ((doc, (_, _, date, _)), country) in docs.iter_mut().zip(DOCUMENTS).zip(COUNTRIES) {
        doc.meta.date = Some((*date).to_owned());
        doc.meta.outlet = Some(OUTLET.to_owned());
        doc.set_attr(
            AttributeId::new("country"),
            Some(AttrValue::Text(country.to_owned())),
            project.schema(),
        )
        .context("setting the country")?;
    }
    let imported_at = time_after(start, 0);
    project
        .apply(Edit::AddDocuments { docs }, &imported_at)
        .context("adding the articles")?;

    let registry_path = root.join(ENTITIES_FILE);
    let registry = read_registry(&registry_path)?;
    let import = project
        .registry_import(&registry)
        .with_context(|| format!("importing {}", registry_path.display()))?;
    project
        .apply(import.edit, &imported_at)
        .context("adding the entity registry")?;
    let aliases = AliasIndex::of(&project);

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
                span.entity = entity_of(&project, &aliases, row, &span.label, span.text())
                    .with_context(|| format!("{at}: linking {:?}", row.surface))?;
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
    let frames_path = root.join(EVENTS_FILE);
    let frames = std::fs::read_to_string(&frames_path)
        .with_context(|| format!("reading {}", frames_path.display()))?;
    for (k, row) in parse_frames(&frames)?.iter().enumerate() {
        let at = format!("{EVENTS_FILE}:{}", row.line);
        let index = names
            .iter()
            .position(|n| *n == row.article)
            .with_context(|| format!("{at}: no article named {:?}", row.article))?;
        let now = time_after(start, (index as u64 + 1) * 3600 + 3300 + k as u64 * 10);
        let edit =
            frame_edit(&project, index, row, k as u64 + 1, &now).with_context(|| at.clone())?;
        project
            .apply(edit, &now)
            .with_context(|| format!("{at}: adding the frame"))?;
    }
    let problems = project.validate();
    ensure!(
        problems.is_empty(),
        "the built project does not validate: {problems:#?}"
    );
    Ok(project)
}

/// The entity a span of `row` links to: the row's own (sixth column), else the one entity of
/// the label's kind its text names; `None` for event triggers.
fn entity_of(
    project: &Project,
    aliases: &AliasIndex,
    row: &Row,
    label: &LabelId,
    text: &str,
) -> Result<Option<EntityId>> {
    let kind = project
        .schema()
        .label(label)
        .and_then(|l| EntityKind::of_label(l.kind));
    let Some(kind) = kind else {
        ensure!(
            row.entity.is_none(),
            "a {label} span does not link to an entity"
        );
        return Ok(None);
    };
    if let Some(id) = &row.entity {
        let id = EntityId::new(id.clone());
        ensure!(
            project.entity(&id).is_some_and(|e| e.kind == kind),
            "{id} is not a {kind} entity of {ENTITIES_FILE}"
        );
        return Ok(Some(id));
    }
    match aliases.suggest(text, kind) {
        LinkSuggestion::One(id) => Ok(Some(id)),
        LinkSuggestion::None => {
            bail!("no {kind} entity of {ENTITIES_FILE} is written {text:?}: add an alias")
        }
        LinkSuggestion::Ambiguous(ids) => {
            bail!("{text:?} names {ids:?}: give the entity in the sixth column")
        }
    }
}

/// One row of `events.tsv`: an event frame or a relation.
#[derive(Debug, Clone)]
pub struct FrameRow {
    pub line: usize,
    pub is_event: bool,
    pub article: String,
    pub anchor: String,
    pub occurrence: usize,
    pub kind: String,
    pub arguments: String,
    pub date: String,
    pub fatalities: String,
    pub factuality: String,
    pub note: String,
}

/// Read the frames table. Blank lines, `#` comments and the header row are skipped.
pub fn parse_frames(text: &str) -> Result<Vec<FrameRow>> {
    let mut rows = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        if raw.trim().is_empty() || raw.starts_with('#') || raw.starts_with("kind\t") {
            continue;
        }
        let cols: Vec<&str> = raw.split('\t').collect();
        ensure!(
            (6..=10).contains(&cols.len()),
            "{EVENTS_FILE}:{line}: expected 6 to 10 tab-separated columns, found {}",
            cols.len()
        );
        let col = |i: usize| cols.get(i).map_or("", |c| c.trim()).to_owned();
        let is_event = match cols[0] {
            "event" => true,
            "relation" => false,
            other => bail!("{EVENTS_FILE}:{line}: kind must be event or relation, found {other:?}"),
        };
        let occurrence = cols[3]
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|&n| n >= 1)
            .with_context(|| format!("{EVENTS_FILE}:{line}: occurrence must be a number from 1"))?;
        rows.push(FrameRow {
            line,
            is_event,
            article: col(1),
            anchor: col(2),
            occurrence,
            kind: col(4),
            arguments: col(5),
            date: col(6),
            fatalities: col(7),
            factuality: col(8),
            note: col(9),
        });
    }
    Ok(rows)
}

/// The span labelled with a kind `accept` takes over an occurrence of `surface`: the `nth`
/// (1-based) one, or with `None` the one whose start is nearest `near`.
fn span_of(
    project: &Project,
    doc: &Document,
    chars: &[char],
    surface: &str,
    nth: Option<usize>,
    near: usize,
    accept: &dyn Fn(LabelKind) -> bool,
) -> Result<SpanId> {
    let len = surface.chars().count();
    let labelled = |begin: usize| {
        let range = CharRange::new(begin, begin + len);
        doc.spans().iter().find(|s| {
            s.range() == range
                && project
                    .schema()
                    .label(&s.label)
                    .is_some_and(|l| accept(l.kind))
        })
    };
    let found = find_occurrences(chars, surface);
    let span = match nth {
        Some(n) => {
            let begin = *found.get(n - 1).with_context(|| {
                format!("{surface:?}: no occurrence {n} ({} found)", found.len())
            })?;
            labelled(begin)
        }
        None => found
            .iter()
            .filter_map(|&b| labelled(b))
            .min_by_key(|s| s.start().0.abs_diff(near)),
    };
    span.map(|s| s.id)
        .with_context(|| format!("{surface:?}: no span of a fitting label there"))
}

/// Split `surface#N` into the surface and N.
fn surface_and_number(spec: &str) -> Result<(&str, Option<usize>)> {
    match spec.rsplit_once('#') {
        Some((surface, n)) => Ok((
            surface.trim(),
            Some(
                n.trim()
                    .parse()
                    .ok()
                    .filter(|&n| n >= 1)
                    .with_context(|| format!("{spec:?}: the number after # must be from 1"))?,
            ),
        )),
        None => Ok((spec.trim(), None)),
    }
}

/// The edit that adds one row of `events.tsv` to document `index`, with id `k`.
fn frame_edit(
    project: &Project,
    index: usize,
    row: &FrameRow,
    k: u64,
    now: &Timestamp,
) -> Result<Edit> {
    let doc = &project.documents()[index];
    let chars: Vec<char> = doc.text().chars().collect();
    let author = project.annotator.id.clone();
    let schema = project.schema();
    let anchor_kind = |k: LabelKind| !row.is_event || k == LabelKind::Event;
    let anchor = span_of(
        project,
        doc,
        &chars,
        &row.anchor,
        Some(row.occurrence),
        0,
        &anchor_kind,
    )?;
    let near = doc.span(anchor).expect("found above").start().0;
    if !row.is_event {
        let ty = RelationTypeId::new(row.kind.clone());
        let rel = schema
            .relation_type(&ty)
            .with_context(|| format!("no relation type {ty}"))?;
        let tail_kinds = rel.tail.clone();
        let (surface, nth) = surface_and_number(&row.arguments)?;
        let accept = |k: LabelKind| tail_kinds.is_empty() || tail_kinds.contains(&k);
        let tail = span_of(project, doc, &chars, surface, nth, near, &accept)?;
        let mut relation = Relation::new(ty, anchor, tail, author, now);
        relation.id = RelationId((index as u64 + 1) * 100 + k);
        relation.note = Some(row.note.clone()).filter(|n| !n.is_empty());
        return Ok(Edit::AddRelation {
            doc: doc.id().clone(),
            relation,
        });
    }
    let ty = EventTypeId::new(row.kind.clone());
    let event_type = schema
        .event_type(&ty)
        .with_context(|| format!("no event type {ty}"))?;
    let mut event = Event::new(anchor, ty.clone(), author, now);
    event.id = EventId((index as u64 + 1) * 100 + k);
    for pair in row
        .arguments
        .split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let (role, spec) = pair
            .split_once('=')
            .with_context(|| format!("argument {pair:?} is not Role=surface"))?;
        let role = RoleId::new(role.trim());
        let def = event_type
            .role(&role)
            .with_context(|| format!("event type {ty} has no role {role}"))?;
        let (surface, nth) = surface_and_number(spec)?;
        let accept = |k: LabelKind| def.accepts(k);
        let span = span_of(project, doc, &chars, surface, nth, near, &accept)
            .with_context(|| format!("role {role}"))?;
        event.args.push(Argument { role, span });
    }
    let mut attr = |name: &str, value: AttrValue| {
        event.attrs.insert(AttributeId::new(name), value);
    };
    if !row.date.is_empty() {
        attr(
            "date",
            AttrValue::Date(PartialDate::parse(&row.date).map_err(anyhow::Error::msg)?),
        );
    }
    if !row.fatalities.is_empty() {
        attr(
            "fatalities",
            AttrValue::Number(Quantity::parse(&row.fatalities).map_err(anyhow::Error::msg)?),
        );
    }
    if !row.factuality.is_empty() {
        attr("factuality", AttrValue::Choice(row.factuality.clone()));
    }
    event.note = Some(row.note.clone()).filter(|n| !n.is_empty());
    Ok(Edit::AddEvent {
        doc: doc.id().clone(),
        event,
    })
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
        "wrote {}: {} documents, {spans} spans, {} events, {} relations",
        output.display(),
        project.documents().len(),
        project.event_count(),
        project.relation_count()
    );
    Ok(())
}
