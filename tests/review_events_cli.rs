//! The shipped review samples (`samples/review/*.hamish.ron`, written by
//! `examples/make_review_samples.rs`) carry event frames with planted disagreements; `hamish
//! agree` and `hamish diff` report them. Snapshots pin the reports; the library test checks
//! each planted difference is classified as the kind it is.

use assert_cmd::Command;
use hamish::format::load_project;
use hamish::model::Project;
use hamish::review::{Alignment, FrameDisagreement, FrameIssue, FrameReport};
use std::path::Path;

/// The generator of the samples, to check the shipped files are what it writes.
#[allow(dead_code)]
#[path = "../examples/make_review_samples.rs"]
mod generator;

const COLLEAGUES: [&str; 3] = ["amina", "yusuf", "salma"];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn sample_paths() -> Vec<String> {
    COLLEAGUES
        .iter()
        .map(|n| format!("samples/review/{n}.hamish.ron"))
        .collect()
}

/// `hamish ARGS` run in the repository root (relative paths keep snapshots portable).
fn stdout(args: &[&str]) -> String {
    let out = Command::cargo_bin("hamish")
        .unwrap()
        .args(args)
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn load(path: &str) -> Project {
    let loaded = load_project(&root().join(path)).unwrap();
    assert!(loaded.problems.is_empty(), "{path}: {:?}", loaded.problems);
    loaded.project
}

#[test]
fn agree_on_review_samples_text_snapshot() {
    let paths = sample_paths();
    let mut args = vec!["agree"];
    args.extend(paths.iter().map(String::as_str));
    insta::assert_snapshot!("agree_review_samples", stdout(&args));
}

#[test]
fn agree_on_review_samples_json_frames_snapshot() {
    let paths = sample_paths();
    let mut args = vec!["agree", "--json"];
    args.extend(paths.iter().map(String::as_str));
    let json: serde_json::Value = serde_json::from_str(&stdout(&args)).unwrap();
    insta::assert_json_snapshot!("agree_review_samples_frames", json["frames"]);
}

#[test]
fn diff_gold_against_each_colleague_snapshots() {
    // The reference without its entity links (the copies have none), as the gold.
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.hamish.ron");
    let reference = load("samples/sahel.hamish.ron");
    hamish::format::save_project(&gold, &generator::unlinked_gold(&reference)).unwrap();
    let gold = gold.to_str().unwrap();
    for name in COLLEAGUES {
        let file = format!("samples/review/{name}.hamish.ron");
        let text = stdout(&["diff", gold, &file]);
        insta::assert_snapshot!(format!("diff_sample_gold_{name}"), text);
    }
}

/// The disagreements of `kind` about `role_or_attribute` at the trigger text `at`.
fn found<'a>(
    all: &'a [FrameDisagreement],
    kind: FrameIssue,
    at: &str,
    what: Option<&str>,
) -> Vec<&'a FrameDisagreement> {
    all.iter()
        .filter(|d| {
            d.issue == kind
                && d.at.contains(at)
                && what.is_none_or(|w| {
                    d.role.as_deref() == Some(w) || d.attribute.as_deref() == Some(w)
                })
        })
        .collect()
}

#[test]
fn planted_frame_disagreements_are_classified_by_kind() {
    let projects: Vec<Project> = sample_paths().iter().map(|p| load(p)).collect();
    let refs: Vec<&Project> = projects.iter().collect();
    let report = FrameReport::compute(&Alignment::new(&refs));
    let all = &report.disagreements;
    // Each planted difference, once, blamed on the one colleague who made it.
    let planted = [
        (FrameIssue::MissingArgument, "كمينًا", Some("Actor"), "Amina"),
        (
            FrameIssue::AttributeConflict,
            "اشتباكات عنيفة",
            Some("date"),
            "Amina",
        ),
        (
            FrameIssue::RelationTypeConflict,
            "نصرة الإسلام",
            None,
            "Amina",
        ),
        (
            FrameIssue::DifferentArgument,
            "ليري",
            Some("Place"),
            "Yusuf",
        ),
        (
            FrameIssue::AttributeConflict,
            "هجومًا مشتركًا",
            Some("factuality"),
            "Yusuf",
        ),
        (FrameIssue::TypeConflict, "كمينًا", None, "Salma"),
        (
            FrameIssue::AttributeConflict,
            "معركة تينزاواتين",
            Some("fatalities"),
            "Salma",
        ),
        (FrameIssue::MissingEvent, "أوكرانيا", None, "Salma"),
    ];
    for (kind, at, what, who) in planted {
        let hits = found(all, kind, at, what);
        assert_eq!(hits.len(), 1, "{kind:?} at {at}: {hits:?}");
        assert_eq!(hits[0].annotators, [who], "{kind:?} at {at}");
    }
    // The Ber clashes: Amina's date is a day later than the others'.
    let date = found(
        all,
        FrameIssue::AttributeConflict,
        "اشتباكات عنيفة",
        Some("date"),
    )[0];
    let values: Vec<&str> = date.versions.iter().map(|v| v.value.as_str()).collect();
    assert_eq!(values, ["2023-08-12", "2023-08-11", "2023-08-11"]);
    // Kinds only planting produces occur exactly as often as planted; nothing has another
    // trigger extent or an argument nobody else gives.
    let count = |k: FrameIssue| report.issue_counts[&k];
    assert_eq!(count(FrameIssue::TypeConflict), 1);
    assert_eq!(count(FrameIssue::DifferentArgument), 1);
    assert_eq!(count(FrameIssue::AttributeConflict), 3);
    assert_eq!(count(FrameIssue::RelationTypeConflict), 1);
    assert_eq!(count(FrameIssue::TriggerExtent), 0);
    assert_eq!(count(FrameIssue::ExtraArgument), 0);
    // Missing events: besides the planted one, each event whose trigger span a colleague's
    // span rules dropped (Amina and Yusuf miss some EVENT spans). Counted from the files: a
    // reference event is missing from a copy of its document without an event on its trigger.
    let gold = load("samples/sahel.hamish.ron");
    let expected = gold
        .documents()
        .iter()
        .flat_map(|doc| doc.events().iter().map(move |e| (doc, e)))
        .filter(|(doc, e)| {
            let range = doc.span(e.trigger).unwrap().range();
            projects.iter().any(|p| {
                p.document(doc.id()).is_some_and(|copy| {
                    !copy
                        .events()
                        .iter()
                        .any(|x| copy.span(x.trigger).is_some_and(|t| t.range() == range))
                })
            })
        })
        .count();
    assert_eq!(count(FrameIssue::MissingEvent), expected);
    // Retyping the ambush costs classification, not identification, in Salma's pairs only.
    for pair in &report.pairs {
        let (ident, class) = (
            pair.trigger_identification.matched,
            pair.trigger_classification.matched,
        );
        let retyped = usize::from(pair.a == "Salma" || pair.b == "Salma");
        assert_eq!(ident - class, retyped, "{} vs {}", pair.a, pair.b);
    }
}

#[test]
fn diff_lists_only_the_colleagues_own_frame_differences() {
    let gold = generator::unlinked_gold(&load("samples/sahel.hamish.ron"));
    for name in COLLEAGUES {
        let copy = load(&format!("samples/review/{name}.hamish.ron"));
        let diff = hamish::review::diff_gold(&gold, &copy);
        assert!(!diff.frames.is_empty(), "{name}");
        // The gold is the reference they were made from: every difference is the colleague's
        // (with two files, a different argument names both, as each gives one nobody else
        // does).
        let me = copy.annotator.name.as_str();
        for d in &diff.frames {
            let expected: &[&str] = match d.issue {
                FrameIssue::DifferentArgument => &["gold", me],
                _ => &[me],
            };
            assert_eq!(d.annotators, expected, "{d:?}");
        }
        assert_eq!(diff.frame_counts.values().sum::<usize>(), diff.frames.len());
    }
}

#[test]
fn shipped_review_samples_are_what_the_generator_writes() {
    let reference = load("samples/sahel.hamish.ron");
    let dir = tempfile::tempdir().unwrap();
    let made = generator::colleagues(&reference);
    assert_eq!(made.len(), COLLEAGUES.len());
    for (file, project) in made {
        let path = dir.path().join(file);
        hamish::format::save_project(&path, &project).unwrap();
        let shipped = std::fs::read_to_string(root().join("samples/review").join(file)).unwrap();
        assert!(
            std::fs::read_to_string(&path).unwrap() == shipped,
            "samples/review/{file} is out of step: run `cargo run --example make_review_samples`"
        );
    }
}

/// The samples merged by the library under `strategy`: the gold, the adjudication and the
/// frame disagreements of the colleagues (whose `doc` and `group` are the adjudication's).
fn merged(
    strategy: hamish::review::Strategy,
) -> (
    Project,
    hamish::review::Adjudication,
    Vec<FrameDisagreement>,
) {
    let projects: Vec<Project> = sample_paths().iter().map(|p| load(p)).collect();
    let refs: Vec<&Project> = projects.iter().collect();
    let names: Vec<String> = projects.iter().map(|p| p.annotator.name.clone()).collect();
    let now = hamish::model::Timestamp("2026-12-04T22:00:00Z".into());
    let (gold, adj) = hamish::review::merge(&refs, &names, strategy, &now);
    let report = FrameReport::compute(&adj.alignment);
    assert!(gold.validate().is_empty(), "{:?}", gold.validate());
    assert!(adj.gold_with_notes().1.is_empty());
    (gold, adj, report.disagreements)
}

/// The gold's event whose trigger overlaps `d`'s place, on `d`'s document.
fn gold_event<'g>(
    gold: &'g Project,
    adj: &hamish::review::Adjudication,
    d: &FrameDisagreement,
) -> Option<(&'g hamish::model::Event, &'g hamish::model::Document)> {
    let doc = gold.document(&adj.alignment.documents[d.doc].id)?;
    let range = hamish::model::CharRange::new(d.range.0, d.range.1);
    doc.events()
        .iter()
        .find(|e| {
            doc.span(e.trigger)
                .is_some_and(|t| t.range().overlaps(&range))
        })
        .map(|e| (e, doc))
}

/// The value more than half of `m` annotators give among `d`'s versions, if any.
fn majority_version(d: &FrameDisagreement, m: usize) -> Option<&str> {
    d.versions
        .iter()
        .map(|v| v.value.as_str())
        .find(|v| 2 * d.versions.iter().filter(|w| w.value == *v).count() > m)
}

#[test]
fn agreed_merge_of_the_samples_takes_unanimous_frames_and_leaves_every_disagreement() {
    use hamish::review::{EventRef, FrameDecision, RelationRef};
    let (gold, adj, disagreements) = merged(hamish::review::Strategy::Agreed);
    // Every planted (and every other) disagreement stays a frame conflict, among them the
    // ambush Salma typed as an attack.
    for d in &disagreements {
        let open = if d.issue.is_relation() {
            adj.undecided_relations().contains(&RelationRef {
                doc: d.doc,
                group: d.group,
            })
        } else {
            adj.undecided_events().contains(&EventRef {
                doc: d.doc,
                group: d.group,
            })
        };
        assert!(open, "{d:?}");
    }
    assert!(
        disagreements
            .iter()
            .any(|d| d.issue == FrameIssue::TypeConflict)
    );
    // What it took, every colleague of the document has, as one frame.
    let decided: Vec<EventRef> = (0..adj.alignment.documents.len())
        .flat_map(|doc| (0..adj.event_groups(doc).len()).map(move |group| EventRef { doc, group }))
        .filter(|&at| adj.event_decision(at).decision != FrameDecision::Undecided)
        .collect();
    assert!(!decided.is_empty());
    assert_eq!(gold.event_count(), decided.len());
    for doc in gold.documents() {
        let present = adj.alignment.document(doc.id()).unwrap().present.len();
        for e in doc.events() {
            let p = e.provenance.as_ref().unwrap();
            assert_eq!(p.decided_by, "auto:agreed");
            assert_eq!(p.annotators.len(), present, "{e:?}");
            for arg in &e.args {
                assert_eq!(e.argument_from(arg).unwrap().len(), present);
            }
        }
    }
}

#[test]
fn majority_merge_of_the_samples_settles_two_against_one() {
    let (gold, adj, disagreements) = merged(hamish::review::Strategy::Majority);
    assert!(adj.undecided_events().is_empty() && adj.undecided_relations().is_empty());
    for d in &disagreements {
        let m = adj.alignment.documents[d.doc].present.len();
        let event = gold_event(&gold, &adj, d);
        let given = d.versions.iter().filter(|v| v.value != "—").count();
        match d.issue {
            FrameIssue::MissingEvent => {
                assert_eq!(event.is_some(), 2 * given > m, "{d:?}");
            }
            FrameIssue::TypeConflict => {
                let (e, doc) = event.unwrap();
                let shown = format!("{} «{}»", e.event_type, doc.span(e.trigger).unwrap().text());
                assert_eq!(Some(shown.as_str()), majority_version(d, m), "{d:?}");
                // Who gave the type is told.
                let p = e.provenance.as_ref().unwrap();
                assert_eq!(p.annotators.len(), m - d.annotators.len());
                assert!(!p.annotators.iter().any(|a| d.annotators.contains(a)));
            }
            FrameIssue::AttributeConflict => {
                let (e, _) = event.unwrap();
                let id = hamish::model::AttributeId::new(d.attribute.as_deref().unwrap());
                let value = e.attrs.get(&id).map(ToString::to_string);
                assert_eq!(value.as_deref(), majority_version(d, m), "{d:?}");
            }
            FrameIssue::MissingArgument | FrameIssue::DifferentArgument => {
                let (e, doc) = event.unwrap();
                let role = hamish::model::RoleId::new(d.role.as_deref().unwrap());
                let fillers: Vec<&str> = e
                    .fillers(&role)
                    .map(|s| doc.span(s).unwrap().text())
                    .collect();
                // A filler given by most, at whatever extent, is in; the odd one out's is not.
                assert_eq!(!fillers.is_empty(), 2 * given > m, "{d:?} {fillers:?}");
                if let Some(value) = majority_version(d, m).filter(|v| *v != "—") {
                    assert_eq!(fillers.join(" + "), value, "{d:?}");
                }
                for arg in e.args.iter().filter(|a| a.role == role) {
                    let from = e.argument_from(arg).unwrap();
                    assert!(2 * from.len() > m || from.len() == given, "{from:?}");
                }
            }
            FrameIssue::MissingRelation | FrameIssue::RelationTypeConflict => {
                let doc = gold.document(&adj.alignment.documents[d.doc].id).unwrap();
                let range = hamish::model::CharRange::new(d.range.0, d.range.1);
                let relation = doc
                    .relations()
                    .iter()
                    .find(|r| doc.span(r.head).unwrap().range().overlaps(&range));
                if d.issue == FrameIssue::MissingRelation {
                    assert_eq!(relation.is_some(), 2 * given > m, "{d:?}");
                } else {
                    // The type most give: the word after the arrow of each version.
                    let kind = |v: &str| v.split("→ ").nth(1)?.split(' ').next().map(str::to_owned);
                    let kinds: Vec<String> =
                        d.versions.iter().filter_map(|v| kind(&v.value)).collect();
                    let most = kinds
                        .iter()
                        .find(|k| 2 * kinds.iter().filter(|x| x == k).count() > m)
                        .unwrap();
                    let relation = relation.unwrap();
                    assert_eq!(&relation.kind.to_string(), most, "{d:?}");
                    let p = relation.provenance.as_ref().unwrap();
                    assert_eq!(p.decided_by, "auto:majority");
                }
            }
            FrameIssue::TriggerExtent | FrameIssue::ExtraArgument => {}
        }
    }
    // Every gold frame refers to gold spans, each with provenance.
    for doc in gold.documents() {
        for e in doc.events() {
            assert_eq!(e.provenance.as_ref().unwrap().decided_by, "auto:majority");
            for id in std::iter::once(e.trigger).chain(e.args.iter().map(|a| a.span)) {
                assert!(doc.span(id).unwrap().provenance.is_some());
            }
        }
    }
}

#[test]
fn merge_writes_frames_and_counts_frame_conflicts() {
    let dir = tempfile::tempdir().unwrap();
    for (strategy, open) in [("agreed", false), ("majority", true)] {
        let out = dir.path().join(format!("{strategy}.hamish.ron"));
        let conflicts = dir.path().join(format!("{strategy}.json"));
        let mut args = vec!["merge".to_owned()];
        args.extend(sample_paths());
        args.extend([
            "--out".into(),
            out.to_str().unwrap().into(),
            "--strategy".into(),
            strategy.into(),
            "--conflicts".into(),
            conflicts.to_str().unwrap().into(),
        ]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let said = stdout(&args);
        let gold = load_project(&out).unwrap();
        assert!(gold.problems.is_empty(), "{:?}", gold.problems);
        let gold = gold.project;
        assert!(gold.event_count() > 0, "{said}");
        assert!(
            said.contains(&format!(
                "{} events and {} relations",
                gold.event_count(),
                gold.relation_count()
            )),
            "{said}"
        );
        assert_eq!(said.contains(" 0 frame conflict(s) left"), open, "{said}");
        // The conflicts file lists each frame conflict the summary counts.
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&conflicts).unwrap()).unwrap();
        let frames = json
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["kind"] == "event conflict" || r["kind"] == "relation conflict")
            .count();
        assert!(
            said.contains(&format!(" {frames} frame conflict(s) left")),
            "{said}"
        );
    }
}

#[test]
fn diff_of_a_merged_gold_tells_each_colleague_what_the_majority_changed_in_their_frames() {
    let (gold, _, _) = merged(hamish::review::Strategy::Majority);
    // (colleague, issue, trigger text, role or attribute) of each planted 2-against-1.
    let odd_ones = [
        (
            "Amina",
            FrameIssue::AttributeConflict,
            "اشتباكات عنيفة",
            Some("date"),
        ),
        (
            "Amina",
            FrameIssue::RelationTypeConflict,
            "نصرة الإسلام",
            None,
        ),
        (
            "Yusuf",
            FrameIssue::DifferentArgument,
            "ليري",
            Some("Place"),
        ),
        (
            "Yusuf",
            FrameIssue::AttributeConflict,
            "هجومًا مشتركًا",
            Some("factuality"),
        ),
        ("Salma", FrameIssue::TypeConflict, "كمينًا", None),
    ];
    for name in COLLEAGUES {
        let copy = load(&format!("samples/review/{name}.hamish.ron"));
        let me = copy.annotator.name.clone();
        let diff = hamish::review::diff_gold(&gold, &copy);
        for (who, kind, at, what) in odd_ones {
            let hits = found(&diff.frames, kind, at, what);
            assert_eq!(hits.len(), usize::from(who == me), "{me}: {kind:?} at {at}");
        }
        // Where the gold has the frame, the diff says who decided it.
        for d in &diff.frames {
            let gold_lacks = matches!(
                d.issue,
                FrameIssue::MissingEvent | FrameIssue::MissingRelation
            ) && d.annotators == ["gold"];
            assert_eq!(
                d.decided_by.as_deref(),
                (!gold_lacks).then_some("auto:majority"),
                "{d:?}"
            );
        }
        if me == "Salma" {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("gold.hamish.ron");
            hamish::format::save_project(&path, &gold).unwrap();
            let file = format!("samples/review/{name}.hamish.ron");
            let text = stdout(&["diff", path.to_str().unwrap(), &file]);
            assert!(text.contains("[auto:majority]"), "{text}");
            insta::assert_snapshot!("diff_majority_gold_salma", text);
        }
    }
}
