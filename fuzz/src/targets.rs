//! One function per reader of outside input. Each takes raw bytes and panics when an invariant
//! breaks; the drivers (`fuzz-run`, the AFL++ binary) turn a panic into a saved crash.
//!
//! The invariant for every reader: no panic, no hang (the drivers time each input), no
//! allocation out of proportion to the input (the drivers measure the peak), and whatever is
//! accepted passes `validate` and survives a save/load round trip unchanged.
//!
//! Inputs of several files (brat's `.txt` and `.ann`, the merge driver's three versions) are
//! cut at `0xFF` bytes, which never occur in UTF-8.

use hamish_core::annotate::{annotate_gazetteer, parse_gazetteer};
use hamish_core::format::import::{
    LabelMap, Parsed, brat, conll, doccano, labelstudio, merge, utf8_text,
};
use hamish_core::format::registry::{parse_registry, registry_to_string};
use hamish_core::format::{parse_project, parse_project_bytes, to_ron_string};
use hamish_core::model::{
    Annotator, AnnotatorId, CharRange, DocStatus, Document, Edit, Entity, EntityId, EntityKind,
    LabelId, ProblemKind, Project, SpanId, Timestamp,
};
use hamish_core::review::three_way_merge;
use hamish_core::text::decode::{Encoding, decode_text};
use std::path::Path;

/// A fuzz target: a name (also the corpus folder's) and the function that checks one input.
pub struct Target {
    pub name: &'static str,
    pub run: fn(&[u8]),
    pub about: &'static str,
}

pub const TARGETS: &[Target] = &[
    Target {
        name: "project_file",
        run: project_file,
        about: "the .hamish.ron project file: UTF-8 check, RON, format check and migration, validate",
    },
    Target {
        name: "decode",
        run: decode,
        about: "text decoding of imported .txt files: UTF-8, BOM, Windows-1256, line ends",
    },
    Target {
        name: "doccano",
        run: doccano_jsonl,
        about: "doccano JSONL import",
    },
    Target {
        name: "labelstudio",
        run: labelstudio_json,
        about: "Label Studio JSON import (UTF-16 offsets, surrogates)",
    },
    Target {
        name: "conll",
        run: conll_text,
        about: "CoNLL import (IOB1, IOB2, BIOES, tag columns)",
    },
    Target {
        name: "brat",
        run: brat_pair,
        about: "brat import: TXT 0xFF ANN",
    },
    Target {
        name: "gazetteer",
        run: gazetteer,
        about: "gazetteer TSV, applied to a fixed project",
    },
    Target {
        name: "entity_registry",
        run: entity_registry,
        about: "entity registry file (.entities.ron), imported into an empty project and one with an entity",
    },
    Target {
        name: "merge_driver",
        run: merge_driver,
        about: "git merge driver: BASE 0xFF OURS 0xFF THEIRS project files",
    },
    Target {
        name: "three_way_edits",
        run: three_way_edits,
        about: "three-way merge of one project and two sets of edits made from the input",
    },
];

/// The target called `name`.
pub fn target(name: &str) -> Option<&'static Target> {
    TARGETS.iter().find(|t| t.name == name)
}

fn now() -> Timestamp {
    Timestamp("2026-01-01T00:00:00Z".into())
}

fn empty_project() -> Project {
    Project::new(
        "fuzz",
        Annotator {
            id: AnnotatorId("a-fuzz".into()),
            name: "fuzz".into(),
        },
    )
}

/// The invariant for anything accepted: valid, and written then read back it is the same
/// project, written the same way.
pub fn assert_round_trip(project: &Project, what: &str) {
    let problems = project.validate();
    assert!(
        problems.is_empty(),
        "{what}: an accepted project does not validate: {}",
        problems[0]
    );
    let text = to_ron_string(project);
    let loaded = match parse_project(&text, Path::new("fuzz.hamish.ron")) {
        Ok(loaded) => loaded,
        Err(e) => panic!("{what}: a saved project does not load again: {e}\n{text}"),
    };
    assert!(
        loaded.problems.is_empty(),
        "{what}: a saved project loads with problems: {}",
        loaded.problems[0]
    );
    assert!(
        loaded.project == *project,
        "{what}: the project changed in a save/load round trip"
    );
    assert!(
        to_ron_string(&loaded.project) == text,
        "{what}: saving a loaded project does not reproduce its file"
    );
}

/// Split at `0xFF` bytes into exactly `N` parts.
fn split<const N: usize>(data: &[u8]) -> Option<[&[u8]; N]> {
    let mut parts = data.splitn(N, |&b| b == 0xFF);
    let mut out = [&[][..]; N];
    for slot in &mut out {
        *slot = parts.next()?;
    }
    Some(out)
}

/// The project file.
pub fn project_file(data: &[u8]) {
    let loaded = match parse_project_bytes(data, Path::new("fuzz.hamish.ron")) {
        Ok(loaded) => loaded,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    for p in &loaded.problems {
        let _ = p.to_string();
    }
    if loaded.problems.is_empty() {
        assert_round_trip(&loaded.project, "project file");
        return;
    }
    // A fuzzer cannot forge a SHA-256: documents whose text was mutated fail only the id
    // check. Give them their true ids so the rest of the file still reaches the round trip.
    if loaded
        .problems
        .iter()
        .all(|p| matches!(p.kind, ProblemKind::IdMismatch { .. }))
    {
        let old = loaded.project;
        // Each document made again from its text (so its id is the text's), then its spans.
        let docs = old
            .documents()
            .iter()
            .map(|doc| {
                let mut d = Document::new(doc.title.clone(), doc.source.clone(), doc.text());
                d.meta = doc.meta.clone();
                d.status = doc.status;
                d.note = doc.note.clone();
                d.direction = doc.direction;
                for span in doc.spans() {
                    let _ = d.add_span(span.clone(), None);
                }
                d
            })
            .collect();
        let (project, problems) = Project::from_parts_with_entities(
            old.name.clone(),
            old.annotator.clone(),
            old.schema().clone(),
            old.settings.clone(),
            old.entities().to_vec(),
            docs,
        );
        if problems.is_empty() && project.validate().is_empty() {
            assert_round_trip(&project, "project file (ids re-hashed)");
        }
    }
}

/// Decoding a `.txt` file, and the document `hamish import` makes of it.
pub fn decode(data: &[u8]) {
    let decoded = match decode_text(data) {
        Ok(d) => d,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    let text = &decoded.text;
    assert!(!text.trim().is_empty(), "decode: accepted an empty text");
    assert!(!text.contains('\r'), "decode: a CR is left in the text");
    if decoded.encoding == Encoding::Utf8 && !data.contains(&b'\r') {
        assert!(
            text.as_bytes() == data,
            "decode: UTF-8 text was changed on decoding"
        );
    }
    if decoded.encoding == Encoding::Windows1256 {
        assert!(
            std::str::from_utf8(data).is_err(),
            "decode: UTF-8 read as Windows-1256"
        );
    }
    let title = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("fuzz")
        .to_owned();
    let mut project = empty_project();
    project
        .apply(
            Edit::AddDocuments {
                docs: vec![Document::new(title, "fuzz.txt", decoded.text)],
            },
            &now(),
        )
        .expect("a decoded text is a document");
    assert_round_trip(&project, "decode");
}

/// Put what a reader found into an empty project as `hamish import` does, check the result,
/// and check that importing the same again changes nothing.
fn imported(parsed: Parsed, what: &str) {
    for p in &parsed.problems {
        let _ = p.to_string();
    }
    let mut project = empty_project();
    let map = LabelMap::default();
    let merged = merge(&project, parsed.docs.clone(), &map, &now());
    for p in &merged.problems {
        let _ = p.to_string();
    }
    if let Some(edit) = merged.edit
        && let Err(e) = project.apply(edit, &now())
    {
        panic!("{what}: the import's edit does not apply: {e}");
    }
    assert_eq!(
        project.documents().len(),
        merged.new_documents,
        "{what}: documents counted"
    );
    assert_eq!(
        project.span_count(),
        merged.new_spans,
        "{what}: spans counted"
    );
    assert_round_trip(&project, what);
    let again = merge(&project, parsed.docs, &map, &now());
    assert!(
        again.new_documents == 0 && again.new_spans == 0,
        "{what}: importing the same input twice adds something"
    );
    assert!(
        again.edit.as_ref().is_none_or(Edit::is_noop),
        "{what}: importing the same input twice changes the project"
    );
}

pub fn doccano_jsonl(data: &[u8]) {
    if let Ok(text) = utf8_text(data) {
        imported(doccano::parse(text, Path::new("fuzz.jsonl")), "doccano");
    }
}

pub fn labelstudio_json(data: &[u8]) {
    if let Ok(text) = utf8_text(data) {
        imported(
            labelstudio::parse(text, Path::new("fuzz.json")),
            "labelstudio",
        );
    }
}

pub fn conll_text(data: &[u8]) {
    if let Ok(text) = utf8_text(data) {
        imported(conll::parse(text, Path::new("fuzz.conll")), "conll");
    }
}

pub fn brat_pair(data: &[u8]) {
    let Some([txt, ann]) = split::<2>(data) else {
        return;
    };
    let (Ok(txt), Ok(ann)) = (utf8_text(txt), utf8_text(ann)) else {
        return;
    };
    let (doc, problems, _) = brat::parse_document(Path::new("fuzz.ann"), ann, txt);
    imported(
        Parsed {
            docs: vec![doc],
            problems,
            notices: Vec::new(),
        },
        "brat",
    );
}

/// A registry file: whatever is accepted is written back the same way, and imports into an
/// empty project (whole, valid, and a second time changing nothing) and into a project that
/// already has an entity (all or nothing: valid when it applies).
pub fn entity_registry(data: &[u8]) {
    let path = Path::new("fuzz.entities.ron");
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let entities = match parse_registry(text, path) {
        Ok(entities) => entities,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    let written = registry_to_string(&entities);
    let again = parse_registry(&written, path)
        .unwrap_or_else(|e| panic!("entity_registry: a written registry does not read: {e}"));
    assert_eq!(again, entities, "entity_registry: round trip");
    assert_eq!(
        registry_to_string(&again),
        written,
        "entity_registry: written twice"
    );

    let mut project = empty_project();
    let import = project.registry_import(&entities).unwrap_or_else(|e| {
        panic!("entity_registry: a valid registry refused by an empty project: {e}")
    });
    if let Err(e) = project.apply(import.edit, &now()) {
        panic!("entity_registry: the import into an empty project does not apply: {e}");
    }
    assert_eq!(
        project.entities(),
        entities.as_slice(),
        "entity_registry: imported whole"
    );
    assert_round_trip(&project, "entity_registry");
    let second = project
        .registry_import(&entities)
        .expect("entity_registry: the second import");
    assert!(
        !second.changes_anything(),
        "entity_registry: a second import changes the project"
    );

    let mut other = empty_project();
    let mine = Entity::new(EntityId::new("mine"), EntityKind::Group, "فاغنر", "Wagner");
    other
        .apply(Edit::AddEntity { entity: mine }, &now())
        .expect("one entity");
    if let Ok(import) = other.registry_import(&entities) {
        let before = other.clone();
        match other.apply(import.edit, &now()) {
            Ok(_) => assert_round_trip(&other, "entity_registry merged"),
            Err(e) => {
                let _ = e.to_string();
                assert_eq!(
                    other, before,
                    "entity_registry: a refused import changed the project"
                );
            }
        }
    }
}

/// The project gazetteers are applied to: names with proclitics, repeats and overlaps.
pub fn gazetteer_project() -> Project {
    let mut project = empty_project();
    let docs = vec![
        Document::new(
            "1",
            "1.txt",
            "تبنت جماعة نصرة الإسلام والمسلمين هجوما على بلدة بير قرب تمبكتو، وقالت نصرة الإسلام إن مقاتليها دخلوا وتمبكتو.",
        ),
        Document::new(
            "2",
            "2.txt",
            "Wagner فاغنر فاجنر في كيدال وغاو؛ هجوم، هجوم ثم هجوم على باماكو.\n\naaa aa a",
        ),
        Document::new("3", "3.txt", "🚀 e\u{301} ّ بير بير"),
    ];
    project
        .apply(Edit::AddDocuments { docs }, &now())
        .expect("distinct texts");
    project
}

pub fn gazetteer(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut project = gazetteer_project();
    let entries = match parse_gazetteer(text, &project) {
        Ok(entries) => entries,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    let (edit, counts) = match annotate_gazetteer(&project, &entries, &now()) {
        Ok(r) => r,
        Err(e) => panic!("gazetteer: annotating failed: {e}"),
    };
    if let Err(e) = project.apply(edit, &now()) {
        panic!("gazetteer: the annotation's edit does not apply: {e}");
    }
    assert_eq!(
        counts.values().sum::<usize>(),
        project.span_count(),
        "gazetteer: spans counted"
    );
    assert_round_trip(&project, "gazetteer");
    let (again, _) = annotate_gazetteer(&project, &entries, &now()).expect("second run");
    assert!(again.is_noop(), "gazetteer: a second run adds spans");
}

/// Only valid projects reach the merge driver (`load_valid`).
fn valid_project(data: &[u8]) -> Option<Project> {
    parse_project_bytes(data, Path::new("fuzz.hamish.ron"))
        .ok()
        .filter(|l| l.problems.is_empty())
        .map(|l| l.project)
}

/// The documents of a project in id order, for comparing content regardless of order.
fn by_id(p: &Project) -> Vec<&Document> {
    let mut docs: Vec<&Document> = p.documents().iter().collect();
    docs.sort_by(|a, b| a.id().cmp(b.id()));
    docs
}

/// What a three-way merge must do for any three valid versions.
fn check_three_way(base: &Project, ours: &Project, theirs: &Project) {
    let r = three_way_merge(base, ours, theirs);
    let valid = r.merged.validate().is_empty();
    if r.conflicts.is_empty() {
        assert!(valid, "merge driver: a clean merge does not validate");
    }
    if valid {
        assert_round_trip(&r.merged, "merge driver");
    }
    let only_ours = three_way_merge(base, ours, base);
    assert!(
        only_ours.conflicts.is_empty(),
        "merge driver: a change on our side only conflicts: {:?}",
        only_ours.conflicts
    );
    assert!(
        only_ours.merged == *ours,
        "merge driver: a change on our side only is not taken as it is"
    );
    let only_theirs = three_way_merge(base, base, theirs);
    assert!(
        only_theirs.conflicts.is_empty(),
        "merge driver: a change on their side only conflicts: {:?}",
        only_theirs.conflicts
    );
    assert!(
        by_id(&only_theirs.merged) == by_id(theirs),
        "merge driver: a change on their side only is not taken"
    );
    let same = three_way_merge(base, theirs, theirs);
    assert!(
        same.conflicts.is_empty() && same.merged == *theirs,
        "merge driver: the same change on both sides is not taken once"
    );
}

pub fn merge_driver(data: &[u8]) {
    let Some([b, o, t]) = split::<3>(data) else {
        return;
    };
    let (Some(base), Some(ours), Some(theirs)) =
        (valid_project(b), valid_project(o), valid_project(t))
    else {
        return;
    };
    check_three_way(&base, &ours, &theirs);
}

/// Bytes read one at a time as the parameters of edits.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(b)
    }

    fn small(&mut self) -> Option<usize> {
        self.byte().map(usize::from)
    }

    fn text(&mut self) -> Option<String> {
        let len = self.small()? % 24;
        let take = len.min(self.0.len());
        let (s, rest) = self.0.split_at(take);
        self.0 = rest;
        Some(String::from_utf8_lossy(s).into_owned())
    }
}

/// Apply one edit read from `bytes` to `p`; edits the model refuses are skipped, so the
/// project stays valid (as it does in a session).
fn random_edit(p: &mut Project, bytes: &mut Bytes) -> Option<()> {
    let labels: Vec<LabelId> = p.schema().labels.iter().map(|l| l.id.clone()).collect();
    let op = bytes.byte()?;
    let docs = p.documents().len();
    let pick_doc = |n: usize| (docs > 0).then(|| n % docs);
    let edit = match op % 10 {
        0 => {
            let d = pick_doc(bytes.small()?)?;
            let doc = &p.documents()[d];
            let len = doc.len_chars();
            let start = (bytes.small()? * 7) % len.max(1);
            let end = (start + 1 + bytes.small()? % 12).min(len);
            let label = labels.get(bytes.small()? % labels.len().max(1))?.clone();
            let id = doc.id().clone();
            let mut span = p
                .new_span(&id, CharRange::new(start, end), label, &now())
                .ok()?;
            // Small ids, so both sides sometimes pick the same one.
            span.id = SpanId(1 + bytes.small()? as u64 % 40);
            Edit::AddSpan { doc: id, span }
        }
        1..=4 => {
            let d = pick_doc(bytes.small()?)?;
            let doc = &p.documents()[d];
            if doc.spans().is_empty() {
                return Some(());
            }
            let s = &doc.spans()[bytes.small()? % doc.spans().len()];
            let (id, span) = (doc.id().clone(), s.id);
            match op % 10 {
                1 => Edit::RemoveSpan { doc: id, span },
                2 => Edit::Relabel {
                    doc: id,
                    span,
                    label: labels.get(bytes.small()? % labels.len().max(1))?.clone(),
                },
                3 => {
                    let len = doc.len_chars();
                    let start = (s.start().0 + bytes.small()? % 5)
                        .saturating_sub(2)
                        .min(len);
                    let end = (s.end().0 + bytes.small()? % 5).saturating_sub(2).min(len);
                    Edit::Resize {
                        doc: id,
                        span,
                        range: CharRange::new(start, end),
                    }
                }
                _ => Edit::SetSpanNote {
                    doc: id,
                    span,
                    note: Some(bytes.text()?),
                },
            }
        }
        5 => Edit::SetStatus {
            doc: p.documents()[pick_doc(bytes.small()?)?].id().clone(),
            status: DocStatus::ALL[bytes.small()? % 3],
        },
        6 => Edit::SetDocNote {
            doc: p.documents()[pick_doc(bytes.small()?)?].id().clone(),
            note: bytes.text()?,
        },
        7 => Edit::RemoveDocuments {
            ids: vec![p.documents()[pick_doc(bytes.small()?)?].id().clone()],
        },
        8 => {
            let text = format!("نص {}", bytes.text()?);
            Edit::AddDocuments {
                docs: vec![Document::new(bytes.text()?, "new.txt", text)],
            }
        }
        _ => Edit::Rename {
            name: bytes.text()?,
        },
    };
    let _ = p.apply(edit, &now());
    Some(())
}

pub fn three_way_edits(data: &[u8]) {
    let Some([file, edits]) = split::<2>(data) else {
        return;
    };
    let Some(base) = valid_project(file) else {
        return;
    };
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    let mut bytes = Bytes(edits);
    while let Some(side) = bytes.byte() {
        let result = match side % 3 {
            0 => random_edit(&mut ours, &mut bytes),
            1 => random_edit(&mut theirs, &mut bytes),
            _ => {
                let mut copy = Bytes(bytes.0);
                let a = random_edit(&mut ours, &mut copy);
                random_edit(&mut theirs, &mut bytes).and(a)
            }
        };
        if result.is_none() {
            break;
        }
    }
    assert!(ours.validate().is_empty() && theirs.validate().is_empty());
    check_three_way(&base, &ours, &theirs);
}
