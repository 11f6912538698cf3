//! The shipped sample project `samples/sahel.hamish.ron`: it validates, it has the material
//! review and export need (all three labels, nested spans, names written with proclitics), its
//! articles have the promised length, it has real event frames and relations, every group and
//! place span links to an entity of its kind (one entity behind each spelling variant), and it
//! is exactly what `examples/build_sample.rs` writes.

#[allow(dead_code)]
#[path = "../examples/build_sample.rs"]
mod build_sample;

use hamish::format::{load_project, to_ron_string};
use hamish::model::{DocStatus, Project, Span};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sample() -> Project {
    let path = root().join(build_sample::OUTPUT_FILE);
    let loaded = load_project(&path).expect("the sample project loads");
    assert!(
        loaded.problems.is_empty(),
        "the sample has problems: {:#?}",
        loaded.problems
    );
    loaded.project
}

fn article_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(build_sample::ARTICLES_DIR))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

fn label_of<'a>(project: &'a Project, span: &Span) -> &'a str {
    project
        .schema()
        .labels
        .iter()
        .find(|l| l.id == span.label)
        .map(|l| l.id.as_str())
        .unwrap()
}

#[test]
fn sample_validates_and_has_enough_spans_of_every_label() {
    let project = sample();
    assert!(project.validate().is_empty());
    assert_eq!(project.documents().len(), 5);
    let mut per_label: BTreeMap<&str, usize> = BTreeMap::new();
    for doc in project.documents() {
        for span in doc.spans() {
            *per_label.entry(label_of(&project, span)).or_default() += 1;
        }
    }
    let total: usize = per_label.values().sum();
    assert!(total >= 60, "only {total} spans");
    for label in ["GROUP", "PLACE", "EVENT"] {
        let n = per_label.get(label).copied().unwrap_or(0);
        assert!(n >= 20, "only {n} {label} spans: {per_label:?}");
    }
    assert_eq!(per_label.len(), 3, "unexpected labels: {per_label:?}");
}

#[test]
fn sample_has_nested_spans_place_in_group_and_group_in_event() {
    let project = sample();
    let mut pairs = BTreeMap::<(&str, &str), usize>::new();
    for doc in project.documents() {
        for outer in doc.spans() {
            for inner in doc.spans() {
                if outer.id != inner.id
                    && outer.range().covers(&inner.range())
                    && outer.range() != inner.range()
                {
                    *pairs
                        .entry((label_of(&project, outer), label_of(&project, inner)))
                        .or_default() += 1;
                }
            }
        }
    }
    for pair in [("GROUP", "PLACE"), ("EVENT", "PLACE"), ("EVENT", "GROUP")] {
        assert!(
            pairs.get(&pair).copied().unwrap_or(0) > 0,
            "no {} inside a {}: {pairs:?}",
            pair.1,
            pair.0
        );
    }
    // The example the guidelines give, exactly.
    let doc = &project.documents()[0];
    let group = doc
        .spans()
        .iter()
        .find(|s| s.text() == "فرع تنظيم القاعدة في منطقة الساحل")
        .expect("the JNIM gloss is a span");
    assert_eq!(group.label.as_str(), "GROUP");
    assert!(doc.spans().iter().any(|s| s.text() == "منطقة الساحل"
        && s.label.as_str() == "PLACE"
        && group.range().covers(&s.range())));
}

#[test]
fn hard_cases_follow_the_guidelines() {
    let project = sample();
    let koala = &project.documents()[3];
    // The boat named `تمبكتو` is not a place; the burning of it is the event.
    let boat = koala
        .spans()
        .iter()
        .find(|s| s.text() == "إحراق الباخرة “تمبكتو”")
        .expect("the boat event");
    assert_eq!(boat.label.as_str(), "EVENT");
    assert!(
        !koala
            .spans()
            .iter()
            .any(|s| s.id != boat.id && boat.range().covers(&s.range())),
        "nothing is labelled inside the boat's name"
    );
    // `مدخل القاعدة` is a military base, not al-Qaeda.
    let chars: Vec<char> = koala.text().chars().collect();
    let base = build_sample::find_occurrences(&chars, "القاعدة")[1];
    assert!(koala.spans().iter().all(|s| s.start().get() != base));
    // `للقوات المالية`: the span starts after the preposition and keeps the article's ل.
    let tinzaouaten = &project.documents()[2];
    assert!(
        tinzaouaten
            .spans()
            .iter()
            .any(|s| s.text() == "لقوات المالية" && s.label.as_str() == "GROUP")
    );
}

#[test]
fn sample_has_names_with_glued_proclitics_outside_the_span() {
    let project = sample();
    let mut found = BTreeMap::<char, Vec<String>>::new();
    for doc in project.documents() {
        let chars: Vec<char> = doc.text().chars().collect();
        for span in doc.spans() {
            let start = span.start().get();
            if start >= 1 {
                let before = chars[start - 1];
                let glued = start == 1 || !chars[start - 2].is_alphabetic();
                if ['و', 'ب', 'ل'].contains(&before) && glued {
                    found
                        .entry(before)
                        .or_default()
                        .push(span.text().to_owned());
                }
            }
        }
    }
    for proclitic in ['و', 'ب', 'ل'] {
        assert!(
            found.contains_key(&proclitic),
            "no span right after a glued {proclitic}: {found:?}"
        );
    }
    // The cases the domain brief names.
    let all: Vec<&String> = found.values().flatten().collect();
    for name in ["تمبكتو", "مالي", "كييف", "النيجر", "الساحل"] {
        assert!(
            all.iter().any(|t| *t == name),
            "{name} never after a proclitic"
        );
    }
}

#[test]
fn spans_never_start_or_end_on_quotes_parentheses_or_spaces() {
    let project = sample();
    let edge = |c: char| c.is_whitespace() || "()“”\"«»،.:؟".contains(c);
    for doc in project.documents() {
        for span in doc.spans() {
            let first = span.text().chars().next().unwrap();
            let last = span.text().chars().last().unwrap();
            assert!(
                !edge(first),
                "{:?} in {} starts badly",
                span.text(),
                doc.title
            );
            // A quoted name inside an event phrase may close the span: `الباخرة “تمبكتو”`.
            assert!(
                !edge(last) || (last == '”' && span.label.as_str() == "EVENT"),
                "{:?} in {} ends badly",
                span.text(),
                doc.title
            );
        }
    }
}

#[test]
fn articles_are_between_2000_and_7000_characters_and_imported_unchanged() {
    let project = sample();
    let files = article_files();
    assert_eq!(files.len(), project.documents().len());
    for (file, doc) in files.iter().zip(project.documents()) {
        let text = std::fs::read_to_string(file).unwrap();
        let n = text.chars().count();
        assert!((2000..=7000).contains(&n), "{}: {n} chars", file.display());
        assert_eq!(doc.text(), text, "{} changed on import", file.display());
        assert_eq!(
            doc.source,
            file.file_name().unwrap().to_string_lossy(),
            "documents are in file order"
        );
        // One paragraph per line, blank lines between them.
        assert!(!text.contains("\n\n\n"), "{}", file.display());
        assert!(text.lines().count() >= 20, "{}", file.display());
    }
}

#[test]
fn sample_has_documents_in_every_review_state_but_todo() {
    let project = sample();
    let statuses: Vec<DocStatus> = project.documents().iter().map(|d| d.status).collect();
    assert!(statuses.contains(&DocStatus::Done));
    assert!(statuses.contains(&DocStatus::InProgress));
}

#[test]
fn regenerating_reproduces_the_committed_file_byte_for_byte() {
    let built = build_sample::build(&root()).expect("the generator runs");
    let committed = std::fs::read_to_string(root().join(build_sample::OUTPUT_FILE)).unwrap();
    assert_eq!(to_ron_string(&built), committed);
    // And a second run is identical to the first (no clock, no randomness).
    let again = build_sample::build(&root()).unwrap();
    assert_eq!(again, built);
}

fn copy_inputs_to(dir: &Path) {
    let articles = dir.join(build_sample::ARTICLES_DIR);
    std::fs::create_dir_all(&articles).unwrap();
    for file in article_files() {
        std::fs::copy(&file, articles.join(file.file_name().unwrap())).unwrap();
    }
    for table in [
        build_sample::ANNOTATIONS_FILE,
        build_sample::EVENTS_FILE,
        build_sample::ENTITIES_FILE,
    ] {
        std::fs::copy(root().join(table), dir.join(table)).unwrap();
    }
}

#[test]
fn every_article_has_event_frames_with_types_roles_dates_fatalities_and_factuality() {
    use hamish::model::{AttrValue, AttributeId, DatePrecision};
    let p = sample();
    let attr = |e: &hamish::model::Event, name: &str| e.attrs.get(&AttributeId::new(name)).cloned();
    let mut precisions = std::collections::BTreeSet::new();
    let (mut with_fatalities, mut factualities) = (0, std::collections::BTreeSet::new());
    for doc in p.documents() {
        assert!(!doc.events().is_empty(), "{}: no events", doc.title);
        for e in doc.events() {
            assert!(p.schema().event_type(&e.event_type).is_some());
            if let Some(AttrValue::Date(d)) = attr(e, "date") {
                precisions.insert(d.precision());
            }
            if let Some(AttrValue::Number(_)) = attr(e, "fatalities") {
                with_fatalities += 1;
            }
            match attr(e, "factuality") {
                Some(AttrValue::Choice(f)) => factualities.insert(f),
                other => panic!("{}: event {} has no factuality: {other:?}", doc.title, e.id),
            };
        }
    }
    assert_eq!(p.event_count(), 17);
    assert_eq!(p.relation_count(), 3);
    assert_eq!(
        precisions.into_iter().collect::<Vec<_>>(),
        [
            DatePrecision::Day,
            DatePrecision::Month,
            DatePrecision::Year
        ]
    );
    assert!(with_fatalities >= 2);
    assert!(factualities.len() >= 3, "{factualities:?}");
}

#[test]
fn an_argument_may_lie_paragraphs_away_from_its_trigger() {
    let p = sample();
    let doc = &p.documents()[0];
    let far = doc.events().iter().flat_map(|e| {
        let trigger = doc.span(e.trigger).unwrap();
        e.args.iter().map(move |a| (trigger, a))
    });
    let crosses = far
        .filter(|(t, a)| {
            let arg = doc.span(a.span).unwrap();
            let (lo, hi) = if arg.start() < t.start() {
                (arg.end().0, t.start().0)
            } else {
                (t.end().0, arg.start().0)
            };
            doc.text()
                .chars()
                .skip(lo)
                .take(hi.saturating_sub(lo))
                .any(|c| c == '\n')
        })
        .count();
    assert!(crosses >= 1, "no argument outside its trigger's paragraph");
}

#[test]
fn generator_fails_loudly_on_a_frame_that_does_not_fit() {
    let dir = tempfile::tempdir().unwrap();
    copy_inputs_to(dir.path());
    let path = dir.path().join(build_sample::EVENTS_FILE);
    let row = |args: &str| {
        format!("event\t01-hisar-tombouctou.txt\tكمينًا\t1\tarmed_clash\t{args}\t\t\tasserted\t\n")
    };
    for (args, expected) in [
        ("Place=الجيش المالي", "no span of a fitting label"),
        ("Weapon=بير", "has no role Weapon"),
        ("Actor=فاجنر#9", "no occurrence 9"),
    ] {
        std::fs::write(&path, row(args)).unwrap();
        let err = format!("{:#}", build_sample::build(dir.path()).unwrap_err());
        assert!(
            err.contains("events.tsv:1") && err.contains(expected),
            "{args}: {err}"
        );
    }
}

#[test]
fn generator_fails_loudly_when_a_surface_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    copy_inputs_to(dir.path());
    let table = "article\tsurface\toccurrence\tlabel\tnote\n\
                 01-hisar-tombouctou.txt\tتمبكتو\t1\tPLACE\t\n\
                 01-hisar-tombouctou.txt\tأوغادوغو\t1\tPLACE\t\n";
    std::fs::write(dir.path().join(build_sample::ANNOTATIONS_FILE), table).unwrap();
    let err = build_sample::build(dir.path()).unwrap_err().to_string();
    assert!(err.contains(":3:"), "{err}");
    assert!(err.contains("not found"), "{err}");
}

#[test]
fn generator_fails_loudly_on_a_missing_occurrence_or_label() {
    let dir = tempfile::tempdir().unwrap();
    copy_inputs_to(dir.path());
    let path = dir.path().join(build_sample::ANNOTATIONS_FILE);
    std::fs::write(&path, "01-hisar-tombouctou.txt\tكمينًا\t2\tEVENT\n").unwrap();
    let err = build_sample::build(dir.path()).unwrap_err().to_string();
    assert!(err.contains("occurrence 2"), "{err}");
    std::fs::write(&path, "01-hisar-tombouctou.txt\tكمينًا\t1\tPERSON\n").unwrap();
    let err = build_sample::build(dir.path()).unwrap_err().to_string();
    assert!(err.contains("unknown label"), "{err}");
    std::fs::write(&path, "99-missing.txt\tكمينًا\t1\tEVENT\n").unwrap();
    let err = build_sample::build(dir.path()).unwrap_err().to_string();
    assert!(err.contains("no article"), "{err}");
}

#[test]
fn occurrences_are_whole_words_after_at_most_two_proclitics() {
    let chars: Vec<char> = "الجيش المالي في مالي وبمالي وعدد كبير قرب بير"
        .chars()
        .collect();
    let text: String = chars.iter().collect();
    let at = |needle: &str| -> Vec<String> {
        build_sample::find_occurrences(&chars, needle)
            .into_iter()
            .map(|i| text.chars().skip(i).take(needle.chars().count()).collect())
            .collect()
    };
    // `المالي` is an adjective, not the country; `وبمالي` has two proclitics.
    assert_eq!(build_sample::find_occurrences(&chars, "مالي").len(), 2);
    // `كبير` is a word of its own, not ك + بير.
    assert_eq!(build_sample::find_occurrences(&chars, "بير"), vec![42]);
    assert_eq!(at("بير"), vec!["بير".to_owned()]);
    assert!(build_sample::find_occurrences(&chars, "غاو").is_empty());
}

#[test]
fn every_group_and_place_span_links_to_an_entity_of_its_kind() {
    use hamish::model::{EntityKind, LabelKind};
    let project = hamish::assets::sample_project();
    let mut linked = 0;
    for doc in project.documents() {
        for span in doc.spans() {
            let kind = project.schema().label(&span.label).unwrap().kind;
            let wanted = match kind {
                LabelKind::Group => EntityKind::Group,
                LabelKind::Place => EntityKind::Place,
                _ => {
                    assert!(span.entity.is_none(), "{}: {span:?}", doc.title);
                    continue;
                }
            };
            let entity = project
                .entity_of(span)
                .unwrap_or_else(|| panic!("{}: {:?} is not linked", doc.title, span.text()));
            assert_eq!(entity.kind, wanted, "{:?} → {}", span.text(), entity.id);
            linked += 1;
        }
    }
    assert!(linked >= 200, "only {linked} linked spans");
    let starter =
        hamish::format::registry::read_registry(&root().join(build_sample::ENTITIES_FILE)).unwrap();
    assert_eq!(
        project.entities(),
        starter.as_slice(),
        "the starter registry, unchanged"
    );
}

/// Spans whose texts differ only by one spelling of a variant pair link to one entity, and
/// each pair occurs in the sample both ways.
#[test]
fn spelling_variants_of_the_sample_land_on_one_entity_each() {
    use std::collections::BTreeSet;
    let project = sample();
    let spans: Vec<&Span> = project
        .documents()
        .iter()
        .flat_map(|d| d.spans())
        .filter(|s| s.entity.is_some())
        .collect();
    for (one, other) in [
        ("فاغنر", "فاجنر"),
        ("الإفريقي", "الأفريقي"),
        ("بوركينا فاسو", "بوركينافاسو"),
    ] {
        let mut pairs = 0;
        for a in spans.iter().filter(|s| s.text().contains(one)) {
            let twin = a.text().replace(one, other);
            let entities: BTreeSet<_> = spans
                .iter()
                .filter(|b| b.text() == twin || b.text() == a.text())
                .map(|b| b.entity.clone())
                .collect();
            assert_eq!(entities.len(), 1, "{:?} / {twin:?}: {entities:?}", a.text());
            if spans.iter().any(|b| b.text() == twin) {
                pairs += 1;
            }
        }
        assert!(pairs >= 1, "the sample never writes both {one} and {other}");
    }
}

#[test]
fn generator_fails_loudly_on_a_name_the_registry_does_not_know() {
    let dir = tempfile::tempdir().unwrap();
    copy_inputs_to(dir.path());
    let path = dir.path().join(build_sample::ANNOTATIONS_FILE);
    // حصار is a word of the article but no entity; an EVENT never links.
    for (row, expected) in [
        (
            "01-hisar-tombouctou.txt\tحصار\t1\tPLACE\n",
            "no place entity",
        ),
        (
            "01-hisar-tombouctou.txt\tتمبكتو\t1\tPLACE\t\tnowhere\n",
            "nowhere is not a place",
        ),
        (
            "01-hisar-tombouctou.txt\tحصار\t1\tEVENT\t\twagner\n",
            "does not link",
        ),
    ] {
        std::fs::write(&path, row).unwrap();
        let err = format!("{:#}", build_sample::build(dir.path()).unwrap_err());
        assert!(
            err.contains("annotations.tsv:1") && err.contains(expected),
            "{err}"
        );
    }
}
