//! Writes the seed corpus `fuzz/corpus/TARGET/*` (committed; run again only to change it):
//! small, valid inputs of every reader, most of them made by Hamish's own exporters from the
//! test fixture so the seeds are what real files look like, plus a few hand-made edge cases.

use hamish_core::format::export::{ExportOptions, Format, Layering, TagScheme, export};
use hamish_core::format::{parse_project, to_ron_string};
use hamish_core::model::{CharRange, DocStatus, Edit, LabelId, Project, SpanId, Timestamp};
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn write(target: &str, name: &str, data: impl AsRef<[u8]>) {
    let dir = Path::new(ROOT).join("corpus").join(target);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), data).unwrap();
}

fn joined(parts: &[&[u8]]) -> Vec<u8> {
    parts.join(&[0xFFu8][..])
}

fn exported(p: &Project, format: Format, options: &ExportOptions) -> Vec<(PathBuf, Vec<u8>)> {
    export(p, format, options)
        .unwrap()
        .files
        .into_iter()
        .map(|f| (f.path, f.contents))
        .collect()
}

/// The fixture cut down to its first `docs` documents.
fn fixture(docs: usize) -> Project {
    let text = std::fs::read_to_string(Path::new(ROOT).join("../tests/fixtures/small.hamish.ron"))
        .unwrap();
    let p = parse_project(&text, Path::new("small")).unwrap().project;
    let kept: Vec<_> = p.documents().iter().take(docs).cloned().collect();
    Project::from_parts_with_entities(
        p.name.clone(),
        p.annotator.clone(),
        p.schema().clone(),
        p.settings.clone(),
        p.entities().to_vec(),
        kept,
    )
    .0
}

fn main() {
    let now = Timestamp("2026-01-02T00:00:00Z".into());
    let small = fixture(usize::MAX);
    let one = fixture(1);

    // The project file.
    write("project_file", "small.hamish.ron", to_ron_string(&small));
    write("project_file", "one.hamish.ron", to_ron_string(&one));
    let empty = Project::from_parts(
        one.name.clone(),
        one.annotator.clone(),
        one.schema().clone(),
        one.settings.clone(),
        Vec::new(),
    )
    .0;
    write("project_file", "empty.hamish.ron", to_ron_string(&empty));
    // A format-1 file as committed before format 2, for the migration.
    write(
        "project_file",
        "format1-small.hamish.ron",
        include_str!("../../../tests/fixtures/format1/small.hamish.ron"),
    );
    // Older shapes the loader still reads: no settings, no status, no spans list.
    write(
        "project_file",
        "minimal.hamish.ron",
        "(format: 1, name: \"m\", annotator: (id: \"a-1\", name: \"A\"), schema: (labels: []), documents: [(id: \"d-ca978112ca1bbdca\", title: \"a\", source: \"\", text: [\"a\"])])\n",
    );

    // Text decoding.
    write(
        "decode",
        "utf8.txt",
        "هجوم على بلدة بير قرب تمبكتو\n\nوقال مسؤول إن 40 شخصًا قُتلوا.\n",
    );
    write("decode", "bom-crlf.txt", "\u{feff}عنوان\r\nسطر\rآخر\r\n");
    let (cp1256, _, _) = encoding_rs::WINDOWS_1256.encode("هجوم على مدينة تمبكتو في 2023");
    write("decode", "windows-1256.txt", &cp1256);
    write("decode", "latin1.txt", b"caf\xe9 cr\xe8me\n");
    write(
        "decode",
        "mixed.txt",
        "Wagner فاغنر 🚀 e\u{301} \u{200f}!\t\u{c}x",
    );

    // Imports, as Hamish exports them.
    let doccano = exported(&small, Format::Doccano, &ExportOptions::default());
    write("doccano", "small.jsonl", &doccano[0].1);
    write(
        "doccano",
        "entities.jsonl",
        "{\"text\": \"هجوم في\\r\\nغاو 🚀\", \"entities\": [{\"start_offset\": 0, \"end_offset\": 4, \"label\": \"EVENT\"}, {\"start_offset\": 9, \"end_offset\": 12, \"label\": \"PLACE\"}]}\n{\"text\": \"x\", \"label\": [[0, 1, \"X\"], [1, 0, \"Y\"]]}\nnot json\n",
    );
    let ls = exported(&small, Format::LabelStudio, &ExportOptions::default());
    write("labelstudio", "small.json", &ls[0].1);
    write(
        "labelstudio",
        "surrogates.json",
        "[{\"id\": 7, \"data\": {\"text\": \"🚀 جماعة 👍🏽 غاو\"}, \"annotations\": [{\"was_cancelled\": true, \"result\": []}, {\"result\": [{\"value\": {\"start\": 3, \"end\": 8, \"text\": \"جماعة\", \"labels\": [\"GROUP\"]}, \"meta\": {\"text\": [\"n\"]}}, {\"value\": {\"start\": 1, \"end\": 2, \"labels\": [\"X\"]}}, {\"value\": {\"start\": 13, \"end\": 16, \"labels\": [\"PLACE\"]}}]}]}]\n",
    );
    for (name, options) in [
        ("iob2.conll", ExportOptions::default()),
        (
            "bioes.conll",
            ExportOptions {
                scheme: TagScheme::Bioes,
                ..Default::default()
            },
        ),
        (
            "columns.conll",
            ExportOptions {
                nested: Layering::Columns,
                ..Default::default()
            },
        ),
    ] {
        write(
            "conll",
            name,
            &exported(&small, Format::Conll, &options)[0].1,
        );
    }
    write(
        "conll",
        "iob1.conll",
        "-DOCSTART- -X- O O\n\nهاجمت VBD I-EVENT\nجماعة NN I-GROUP\nنصرة NN I-GROUP\nالإسلام NN B-GROUP\n\nفي IN O\nغاو NNP I-PLACE\n",
    );
    let brat = exported(&one, Format::Brat, &ExportOptions::default());
    let file = |ext: &str| {
        brat.iter()
            .find(|(p, _)| p.extension().is_some_and(|e| e == ext))
            .map(|(_, c)| c.clone())
            .unwrap()
    };
    write("brat", "one.txt-ann", joined(&[&file("txt"), &file("ann")]));
    write(
        "brat",
        "fragments.txt-ann",
        joined(&[
            "هجوم في\r\nغاو وبير\n".as_bytes(),
            "T1\tPLACE 9 12;13 16\tغاو وبير\nT2\tEVENT 0 4\tهجوم\n#1\tAnnotatorNotes T2\tملاحظة\nR1\tPart Arg1:T1 Arg2:T2\nA1\tNeg T2\n".as_bytes(),
        ]),
    );

    // Entity registry files: the shipped starter registry and the fixture's.
    let starter = std::fs::read(Path::new(ROOT).join("../samples/sahel-entities.ron")).unwrap();
    write("entity_registry", "sahel.entities.ron", starter);
    write(
        "entity_registry",
        "small.entities.ron",
        hamish_core::format::registry::registry_to_string(small.entities()),
    );
    write(
        "entity_registry",
        "references.entities.ron",
        "(format: 1, entities: [(id: \"b\", kind: Group, name_latin: \"B\", parent: Some(\"a\"), predecessor: Some(\"c\")), (id: \"a\", kind: Group, name_ar: \"فاغنر\"), (id: \"c\", kind: Group, name_latin: \"wagner\", aliases: [\"فاجنر\"]), (id: \"p\", kind: Place, name_ar: \"تمبكتو\", coords: Some((lat: 16.7, lon: -3.0)))])\n",
    );

    // Gazetteer.
    write(
        "gazetteer",
        "names.tsv",
        "# surface<TAB>label\nنصرة الإسلام\tGROUP\nجماعة نصرة الإسلام والمسلمين\tGROUP\nتمبكتو\tPLACE\r\nبير\tPLACE\nهجوم\tEVENT\nفاغنر\tGROUP\n\u{feff}a\tGROUP\n",
    );

    // The merge driver: a base and two sides that changed different things, and a conflict.
    let base = one.clone();
    let doc = base.documents()[0].id().clone();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    // A span no frame refers to: relabelling an event's argument out of its role is refused.
    let first = ours.documents()[0]
        .spans()
        .iter()
        .find(|s| ours.dependents_of(&doc, s.id).is_empty())
        .expect("the fixture has a span outside every frame")
        .clone();
    ours.apply(
        Edit::Relabel {
            doc: doc.clone(),
            span: first.id,
            label: LabelId::new("PLACE"),
        },
        &now,
    )
    .unwrap();
    let mut span = theirs
        .new_span(&doc, CharRange::new(0, 5), LabelId::new("EVENT"), &now)
        .unwrap();
    span.id = SpanId(77);
    theirs
        .apply(
            Edit::AddSpan {
                doc: doc.clone(),
                span,
            },
            &now,
        )
        .unwrap();
    theirs
        .apply(
            Edit::SetStatus {
                doc: doc.clone(),
                status: DocStatus::InProgress,
            },
            &now,
        )
        .unwrap();
    let (b, o, t) = (
        to_ron_string(&base),
        to_ron_string(&ours),
        to_ron_string(&theirs),
    );
    write(
        "merge_driver",
        "clean",
        joined(&[b.as_bytes(), o.as_bytes(), t.as_bytes()]),
    );
    let mut conflict = theirs.clone();
    conflict
        .apply(
            Edit::Relabel {
                doc,
                span: first.id,
                label: LabelId::new("EVENT"),
            },
            &now,
        )
        .unwrap();
    let c = to_ron_string(&conflict);
    write(
        "merge_driver",
        "conflict",
        joined(&[b.as_bytes(), o.as_bytes(), c.as_bytes()]),
    );

    // Three-way merges of edits: the project, then bytes read as edits.
    let edits: Vec<u8> = (0u8..=255).map(|i| i.wrapping_mul(37)).collect();
    write("three_way_edits", "one", joined(&[b.as_bytes(), &edits]));
    write(
        "three_way_edits",
        "two-docs",
        joined(&[
            to_ron_string(&fixture(2)).as_bytes(),
            &[
                2, 0, 0, 5, 3, 1, 0, 0, 2, 1, 0, 0, 1, 2, 7, 1, 9, 0, 8, 3, 97, 98, 99, 2,
            ],
        ]),
    );
    println!("seeds written under {ROOT}/corpus");
}
