//! Edge inputs, timed and measured: a 50 MB document, a line of 2,000,000 characters,
//! 1,000,000 spans in one document, nesting 10,000 deep, offsets at `u64::MAX`, a project of
//! 10,000 documents without spans. Each phase prints its time and the peak of memory it
//! allocated (the counting allocator); run under `/usr/bin/time -v` for the process's
//! maximum resident size.
//!
//! ```text
//! cargo run --release -p hamish-fuzz --bin edges -- CASE [SCALE]
//! CASE: big-doc | long-line | many-spans | deep | huge-offsets | empty-docs | all
//! ```
//! SCALE (default 1) multiplies the size, so running at 1 and 0.25 shows whether time grows
//! in proportion.

use hamish_core::annotate::{annotate_gazetteer, parse_gazetteer};
use hamish_core::format::import::{LabelMap, brat, conll, doccano, labelstudio, merge};
use hamish_core::format::{parse_project, to_ron_string};
use hamish_core::model::{Annotator, AnnotatorId, Document, Edit, Project, Timestamp};
use hamish_core::review::three_way_merge;
use hamish_core::text::decode::decode_text;
use hamish_fuzz::alloc;
use hamish_fuzz::targets::{TARGETS, gazetteer_project};
use std::path::Path;
use std::time::Instant;

fn now() -> Timestamp {
    Timestamp("2026-01-01T00:00:00Z".into())
}

fn empty() -> Project {
    Project::new(
        "edges",
        Annotator {
            id: AnnotatorId("a-edges".into()),
            name: "edges".into(),
        },
    )
}

/// Run one phase, printing its time and allocation peak.
fn phase<T>(case: &str, what: &str, size: usize, f: impl FnOnce() -> T) -> T {
    let base = alloc::live();
    alloc::reset_peak();
    let t = Instant::now();
    let out = f();
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    let peak = alloc::peak().saturating_sub(base) as f64 / 1e6;
    println!("{case:<12} {what:<44} size {size:>11}  {ms:>10.1} ms  peak {peak:>8.1} MB");
    out
}

/// Arabic prose of about `bytes` bytes in lines of about 80 characters.
fn prose(bytes: usize, line: usize) -> String {
    let words = [
        "هاجمت",
        "جماعة",
        "نصرة",
        "الإسلام",
        "بلدة",
        "بير",
        "قرب",
        "تمبكتو",
        "وقال",
        "مسؤول",
        "محلّي",
        "إن",
        "40",
        "شخصًا",
        "قُتلوا",
        "Wagner",
        "🚀",
    ];
    let mut s = String::with_capacity(bytes + 64);
    let mut i = 0usize;
    let mut col = 0;
    while s.len() < bytes {
        let w = words[(i * 7 + i / 3) % words.len()];
        s.push_str(w);
        col += w.chars().count() + 1;
        if col >= line {
            s.push('\n');
            col = 0;
        } else {
            s.push(' ');
        }
        i += 1;
    }
    s
}

fn import(
    case: &str,
    what: &str,
    project: &mut Project,
    docs: Vec<hamish_core::format::import::ImportedDoc>,
) {
    let n = docs
        .iter()
        .map(|d| d.spans.len())
        .sum::<usize>()
        .max(docs.len());
    let merged = phase(case, &format!("{what}: merge"), n, || {
        merge(project, docs, &LabelMap::default(), &now())
    });
    if let Some(edit) = merged.edit {
        phase(case, &format!("{what}: apply"), n, || {
            project.apply(edit, &now())
        })
        .expect("applies");
    }
}

fn round_trip(case: &str, project: &Project, size: usize) {
    let text = phase(case, "save (to_ron_string)", size, || {
        to_ron_string(project)
    });
    let loaded = phase(
        case,
        "load (parse + migrate + validate)",
        text.len(),
        || parse_project(&text, Path::new("edges.hamish.ron")).expect("loads"),
    );
    assert!(loaded.problems.is_empty());
    assert!(loaded.project == *project);
}

fn big_doc(scale: f64) {
    let case = "big-doc";
    let bytes = (50e6 * scale) as usize;
    let text = prose(bytes, 80);
    let decoded = phase(case, "decode 50 MB", bytes, || {
        decode_text(text.as_bytes()).unwrap()
    });
    let mut p = empty();
    phase(case, "document (hash) + AddDocuments", bytes, || {
        p.apply(
            Edit::AddDocuments {
                docs: vec![Document::new("big", "big.txt", decoded.text)],
            },
            &now(),
        )
        .unwrap()
    });
    round_trip(case, &p, bytes);
    let line = format!(
        "{{\"text\": {}, \"label\": [[0, 5, \"GROUP\"]]}}\n",
        serde_json_string(&text)
    );
    let parsed = phase(case, "doccano parse", line.len(), || {
        doccano::parse(&line, Path::new("big.jsonl"))
    });
    let mut q = empty();
    import(case, "doccano", &mut q, parsed.docs);
    let (doc, _, _) = phase(case, "brat parse (T line at the end)", bytes, || {
        let n = text.chars().count();
        let ann = format!("T1\tPLACE {} {}\n", n - 3, n);
        brat::parse_document(Path::new("big.ann"), &ann, &text)
    });
    assert_eq!(doc.spans.len(), 1);
}

/// A JSON string literal (only what prose needs: quotes, backslashes, line ends).
fn serde_json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn long_line(scale: f64) {
    let case = "long-line";
    let chars = (2e6 * scale) as usize;
    let line: String = prose(chars * 3, usize::MAX).chars().take(chars).collect();
    let decoded = phase(case, "decode one line", chars, || {
        decode_text(line.as_bytes()).unwrap()
    });
    let mut p = empty();
    p.apply(
        Edit::AddDocuments {
            docs: vec![Document::new("long", "long.txt", decoded.text.clone())],
        },
        &now(),
    )
    .unwrap();
    round_trip(case, &p, chars);
    let jsonl = format!(
        "{{\"text\": {}, \"label\": [[0, 5, \"GROUP\"]]}}\n",
        serde_json_string(&line)
    );
    let parsed = phase(case, "doccano parse", chars, || {
        doccano::parse(&jsonl, Path::new("l.jsonl"))
    });
    let mut q = empty();
    import(case, "doccano", &mut q, parsed.docs);
    let token: String = "ب".repeat(chars);
    let conll_text = format!("{token} B-GROUP\n");
    let parsed = phase(case, "conll: one token of the whole line", chars, || {
        conll::parse(&conll_text, Path::new("l.conll"))
    });
    let mut q = empty();
    import(case, "conll", &mut q, parsed.docs);
    let gaz = format!("{token}\tGROUP\n");
    let g = gazetteer_project();
    let entries = phase(
        case,
        "gazetteer: parse a 2M-character surface",
        chars,
        || parse_gazetteer(&gaz, &g).unwrap(),
    );
    phase(case, "gazetteer: annotate with it", chars, || {
        annotate_gazetteer(&g, &entries, &now()).unwrap()
    });
    let entries =
        parse_gazetteer("بير\tPLACE\nجماعة نصرة الإسلام\tGROUP\nتمبكتو\tPLACE\n", &p).unwrap();
    let (edit, counts) = phase(case, "gazetteer: annotate the long line", chars, || {
        annotate_gazetteer(&p, &entries, &now()).unwrap()
    });
    let spans: usize = counts.values().sum();
    phase(
        case,
        &format!("gazetteer: apply {spans} spans"),
        spans,
        || p.apply(edit, &now()).unwrap(),
    );
}

fn many_spans(scale: f64) {
    let case = "many-spans";
    let n = (1e6 * scale) as usize;
    // One word per span: "كلمة0 كلمة1 …", a GROUP span over every word.
    let mut text = String::new();
    let mut labels = String::from("[");
    let mut at = 0usize;
    for i in 0..n {
        let w = format!("كلمة{i}");
        let len = w.chars().count();
        if i > 0 {
            text.push(' ');
            labels.push(',');
            at += 1;
        }
        text.push_str(&w);
        labels.push_str(&format!("[{at},{},\"GROUP\"]", at + len));
        at += len;
    }
    labels.push(']');
    let jsonl = format!(
        "{{\"text\": {}, \"label\": {labels}}}\n",
        serde_json_string(&text)
    );
    let parsed = phase(case, "doccano parse (1M spans)", n, || {
        doccano::parse(&jsonl, Path::new("m.jsonl"))
    });
    drop(jsonl);
    let mut p = empty();
    import(case, "doccano", &mut p, parsed.docs);
    assert_eq!(p.span_count(), n);
    phase(case, "validate", n, || assert!(p.validate().is_empty()));
    round_trip(case, &p, n);
    phase(case, "three-way merge (p, p, p)", n, || {
        let r = three_way_merge(&p, &p, &p);
        assert!(r.conflicts.is_empty());
    });
    // Import the same again into the project: every span a duplicate, dropped.
    let jsonl = format!(
        "{{\"text\": {}, \"label\": [[0, 5, \"PLACE\"]]}}\n",
        serde_json_string(&text)
    );
    let parsed = doccano::parse(&jsonl, Path::new("m2.jsonl"));
    import(
        case,
        "doccano into the 1M-span document",
        &mut p,
        parsed.docs,
    );
}

fn deep(scale: f64) {
    let case = "deep";
    let d = (10_000.0 * scale) as usize;
    let project_file = |open: &str, close: &str| {
        format!(
            "(format: 1, name: \"n\", extra: {}{}, annotator: (id: \"a\", name: \"b\"), schema: (labels: []), documents: [])",
            open.repeat(d),
            close.repeat(d)
        )
    };
    for (what, text) in [
        (
            "RON: an unknown field [[[…]]] 10,000 deep",
            project_file("[", "]"),
        ),
        ("RON: (a: (a: … 10,000 deep", project_file("(a: ", ")")),
        ("RON: Some(Some(… 10,000 deep", project_file("Some(", ")")),
        (
            "RON: unclosed [ 10,000 deep",
            format!("(format: 1, name: \"n\", extra: {}", "[".repeat(d)),
        ),
        (
            "RON: text lines [[[…]]] 10,000 deep",
            format!(
                "(format: 1, name: \"n\", annotator: (id: \"a\", name: \"b\"), schema: (labels: []), documents: [(id: \"d\", title: \"t\", source: \"\", text: {}{})])",
                "[".repeat(d),
                "]".repeat(d)
            ),
        ),
    ] {
        let r = phase(case, what, d, || {
            parse_project(&text, Path::new("deep.hamish.ron"))
        });
        println!(
            "{:<12}   -> {}",
            "",
            r.err().map_or("accepted".into(), |e| e.to_string())
        );
    }
    for (what, text, run) in [
        (
            "JSON (doccano): [[[…]]] 10,000 deep",
            format!(
                "{{\"text\": \"x\", \"label\": {}{}}}\n",
                "[".repeat(d),
                "]".repeat(d)
            ),
            doccano_problems as fn(&str) -> String,
        ),
        (
            "JSON (Label Studio): {\"a\":{…}} 10,000 deep",
            format!("[{{\"data\": {}{}}}]", "{\"a\":".repeat(d), "}".repeat(d)),
            labelstudio_problems,
        ),
    ] {
        let r = phase(case, what, d, || run(&text));
        println!("{:<12}   -> {r}", "");
    }
}

fn doccano_problems(text: &str) -> String {
    let p = doccano::parse(text, Path::new("deep.jsonl"));
    format!(
        "{} document(s), {:?}",
        p.docs.len(),
        p.problems.first().map(|p| p.message.clone())
    )
}

fn labelstudio_problems(text: &str) -> String {
    let p = labelstudio::parse(text, Path::new("deep.json"));
    format!(
        "{} document(s), {:?}",
        p.docs.len(),
        p.problems.first().map(|p| p.message.clone())
    )
}

fn huge_offsets() {
    let case = "huge-offsets";
    let max = u64::MAX;
    let small = to_ron_string(&gazetteer_project());
    let span = format!(
        "spans: [(id: 1, label: \"GROUP\", start: {max}, end: {max}, text: \"\", author: \"a\", created: \"t\", modified: \"t\"), (id: 2, label: \"GROUP\", start: 0, end: {max}, text: \"x\", author: \"a\", created: \"t\", modified: \"t\")],"
    );
    let file = small.replacen("spans: [],", &span, 1);
    let inputs: Vec<(&str, Vec<u8>)> = vec![
        ("project_file", file.into_bytes()),
        (
            "project_file",
            small.replacen("format: 1", &format!("format: {max}"), 1).into_bytes(),
        ),
        (
            "doccano",
            format!("{{\"text\": \"abc\", \"label\": [[{max}, {max}, \"G\"], [0, {max}, \"G\"], [0, 18446744073709551616, \"G\"]]}}\n").into_bytes(),
        ),
        (
            "labelstudio",
            format!("[{{\"data\": {{\"text\": \"🚀x\"}}, \"annotations\": [{{\"result\": [{{\"value\": {{\"start\": {max}, \"end\": {max}, \"labels\": [\"G\"]}}}}, {{\"value\": {{\"start\": 0, \"end\": {max}, \"labels\": [\"G\"]}}}}, {{\"value\": {{\"start\": 1, \"end\": 2, \"labels\": [\"G\"]}}}}]}}]}}]").into_bytes(),
        ),
        (
            "brat",
            [&b"abc"[..], &[0xFF], format!("T1\tG {max} {max}\nT2\tG 0 {max}\nT3\tG 0 18446744073709551616\nT4\tG 1 2;{max} 3\n").as_bytes()].concat(),
        ),
    ];
    for (target, data) in inputs {
        let t = TARGETS.iter().find(|t| t.name == target).unwrap();
        let r = phase(
            case,
            &format!("{target} with offsets at u64::MAX"),
            data.len(),
            || hamish_fuzz::run_one(t, &data),
        );
        println!(
            "{:<12}   -> {}",
            "",
            r.map_or_else(
                |e| format!("FAILED: {e}"),
                |_| "no panic, invariants hold".into()
            )
        );
    }
}

fn empty_docs(scale: f64) {
    let case = "empty-docs";
    let n = (10_000.0 * scale) as usize;
    let docs: Vec<Document> = (0..n)
        .map(|i| Document::new(format!("وثيقة {i}"), format!("{i}.txt"), format!("نص {i}")))
        .collect();
    let mut p = empty();
    phase(case, "AddDocuments 10,000 documents", n, || {
        p.apply(Edit::AddDocuments { docs }, &now()).unwrap()
    });
    phase(case, "validate", n, || assert!(p.validate().is_empty()));
    round_trip(case, &p, n);
    let jsonl: String = (0..n)
        .map(|i| format!("{{\"text\": \"نص جديد {i}\"}}\n"))
        .collect();
    let parsed = phase(case, "doccano parse 10,000 lines", n, || {
        doccano::parse(&jsonl, Path::new("e.jsonl"))
    });
    import(case, "doccano: 10,000 new into 10,000", &mut p, parsed.docs);
    let parsed = doccano::parse(&jsonl, Path::new("e.jsonl"));
    import(case, "doccano: the same 10,000 again", &mut p, parsed.docs);
    phase(case, "three-way merge (p, p, p)", n, || {
        assert!(three_way_merge(&p, &p, &p).conflicts.is_empty())
    });
}

fn main() {
    let mut args = std::env::args().skip(1);
    let case = args.next().unwrap_or_else(|| "all".into());
    let scale: f64 = args
        .next()
        .map_or(1.0, |s| s.parse().expect("SCALE is a number"));
    let all = case == "all";
    let mut ran = false;
    if all || case == "big-doc" {
        big_doc(scale);
        ran = true;
    }
    if all || case == "long-line" {
        long_line(scale);
        ran = true;
    }
    if all || case == "many-spans" {
        many_spans(scale);
        ran = true;
    }
    if all || case == "deep" {
        deep(scale);
        ran = true;
    }
    if all || case == "huge-offsets" {
        huge_offsets();
        ran = true;
    }
    if all || case == "empty-docs" {
        empty_docs(scale);
        ran = true;
    }
    if !ran {
        eprintln!(
            "usage: edges big-doc|long-line|many-spans|deep|huge-offsets|empty-docs|all [SCALE]"
        );
        std::process::exit(2);
    }
}
