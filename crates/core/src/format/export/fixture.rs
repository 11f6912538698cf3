//! A small hand-made project for tests of every format: Arabic text with a proclitic glued to a
//! place name, nested spans, an emoji and a flag outside the BMP, combining marks, a span
//! across a line end, notes, and titles that are unsafe as file names. Kept in sync with
//! `tests/fixtures/small.hamish.ron` by a test.

use crate::model::{
    Annotator, AnnotatorId, CharRange, DocStatus, Document, Edit, LabelId, Project, SpanId,
    Timestamp,
};

/// Spans as (needle, which occurrence, label, note).
type Marks<'a> = &'a [(&'a str, usize, &'a str, Option<&'a str>)];

fn doc(title: &str, text: &str, status: DocStatus, marks: Marks, next_id: &mut u64) -> Document {
    let mut d = Document::new(title, format!("{title}.txt"), text);
    d.status = status;
    for &(needle, nth, label, note) in marks {
        let byte = text
            .match_indices(needle)
            .nth(nth)
            .unwrap_or_else(|| panic!("{needle:?} #{nth} not in text"))
            .0;
        let start = text[..byte].chars().count();
        let end = start + needle.chars().count();
        *next_id += 1;
        let mut span = d
            .new_span(
                CharRange::new(start, end),
                LabelId::new(label),
                &AnnotatorId("a-000000000001".into()),
                &Timestamp("2026-11-21T10:00:00Z".into()),
            )
            .unwrap();
        span.id = SpanId(*next_id);
        span.note = note.map(str::to_owned);
        d.add_span(span, None).unwrap();
    }
    d
}

/// The project.
pub fn small_project() -> Project {
    let mut p = Project::new(
        "small",
        Annotator {
            id: AnnotatorId("a-000000000001".into()),
            name: "Amina".into(),
        },
    );
    let mut id = 100;
    let docs = vec![
        doc(
            "هجوم على بير",
            "أعلنت جماعة نصرة الإسلام والمسلمين مسؤوليتها عن الهجوم على بلدة بير قرب وتمبكتو، وقالت إن «الهجوم» أوقع قتلى.",
            DocStatus::Done,
            &[
                ("جماعة نصرة الإسلام والمسلمين", 0, "GROUP", Some("JNIM")),
                ("الهجوم على بلدة بير", 0, "EVENT", None),
                ("بلدة بير", 0, "PLACE", None),
                ("تمبكتو", 0, "PLACE", None),
                ("الهجوم", 1, "EVENT", None),
            ],
            &mut id,
        ),
        doc(
            "../CON",
            "🔥 اشتباكات في غاو 🇲🇱 بين الجيش المالي و«فاغنر»\nوقال مُسَلَّحُون إن ميناكا هادئة.",
            DocStatus::Done,
            &[
                ("اشتباكات", 0, "EVENT", None),
                ("غاو", 0, "PLACE", None),
                ("الجيش المالي", 0, "GROUP", Some("FAMa,\n\"army\"")),
                ("فاغنر", 0, "GROUP", None),
                ("مُسَلَّحُون", 0, "GROUP", None),
                ("ميناكا", 0, "PLACE", None),
            ],
            &mut id,
        ),
        doc(
            "هجوم على بير",
            "حصار\nتمبكتو مستمر منذ أغسطس.",
            DocStatus::Todo,
            &[
                ("حصار\nتمبكتو", 0, "EVENT", None),
                ("تمبكتو", 0, "PLACE", None),
            ],
            &mut id,
        ),
    ];
    p.apply(
        Edit::AddDocuments { docs },
        &Timestamp("2026-11-21T10:00:00Z".into()),
    )
    .unwrap();
    p
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixture_is_valid_and_matches_the_committed_file() {
        let p = super::small_project();
        assert!(p.validate().is_empty(), "{:#?}", p.validate());
        let ron = crate::format::to_ron_string(&p);
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/small.hamish.ron"
        );
        if std::env::var_os("HAMISH_WRITE_FIXTURE").is_some() {
            std::fs::write(path, &ron).unwrap();
        }
        assert_eq!(std::fs::read_to_string(path).unwrap(), ron);
    }
}
