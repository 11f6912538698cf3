//! A small hand-made project for tests of every format: Arabic text with a proclitic glued to a
//! place name, nested spans, an emoji and a flag outside the BMP, combining marks, a span
//! across a line end, notes, and titles that are unsafe as file names; and frames: an event
//! with a repeated role (two places), one with an argument in another sentence after the
//! emoji, one whose argument is nested in its trigger, a relation, attributes of every value
//! type and a document attribute; a small entity registry with most group and place spans
//! linked to it. Kept in sync with
//! `tests/fixtures/small.hamish.ron` by a test.

use crate::model::{
    Annotator, AnnotatorId, Argument, AttrValue, AttributeId, CharRange, DocStatus, Document, Edit,
    Entity, EntityId, EntityKind, Event, EventId, EventTypeId, LabelId, PartialDate, Project,
    Quantity, Relation, RelationId, RelationTypeId, RoleId, Schema, SpanId, Timestamp,
};

/// An event (id, trigger span, type, (role, span) arguments, attributes) for [`small_project`].
fn event(
    id: u64,
    trigger: u64,
    ty: &str,
    args: &[(&str, u64)],
    attrs: &[(&str, AttrValue)],
) -> Event {
    let mut e = Event::new(
        SpanId(trigger),
        EventTypeId::new(ty),
        AnnotatorId("a-000000000001".into()),
        &Timestamp("2026-11-21T10:00:00Z".into()),
    );
    e.id = EventId(id);
    e.args = args
        .iter()
        .map(|&(role, span)| Argument {
            role: RoleId::new(role),
            span: SpanId(span),
        })
        .collect();
    for (name, value) in attrs {
        e.attrs.insert(AttributeId::new(*name), value.clone());
    }
    e
}

/// Spans as (needle, which occurrence, label, note, linked entity).
type Marks<'a> = &'a [(&'a str, usize, &'a str, Option<&'a str>, Option<&'a str>)];

fn doc(title: &str, text: &str, status: DocStatus, marks: Marks, next_id: &mut u64) -> Document {
    let mut d = Document::new(title, format!("{title}.txt"), text);
    d.status = status;
    for &(needle, nth, label, note, entity) in marks {
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
        span.entity = entity.map(EntityId::new);
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
                (
                    "جماعة نصرة الإسلام والمسلمين",
                    0,
                    "GROUP",
                    Some("JNIM"),
                    Some("jnim"),
                ),
                ("الهجوم على بلدة بير", 0, "EVENT", None, None),
                ("بلدة بير", 0, "PLACE", None, Some("ber")),
                ("تمبكتو", 0, "PLACE", None, Some("timbuktu")),
                ("الهجوم", 1, "EVENT", None, None),
            ],
            &mut id,
        ),
        doc(
            "../CON",
            "🔥 اشتباكات في غاو 🇲🇱 بين الجيش المالي و«فاغنر»\nوقال مُسَلَّحُون إن ميناكا هادئة.",
            DocStatus::Done,
            &[
                ("اشتباكات", 0, "EVENT", None, None),
                ("غاو", 0, "PLACE", None, None),
                (
                    "الجيش المالي",
                    0,
                    "GROUP",
                    Some("FAMa,\n\"army\""),
                    Some("mali-army"),
                ),
                ("فاغنر", 0, "GROUP", None, Some("wagner")),
                ("مُسَلَّحُون", 0, "GROUP", None, None),
                ("ميناكا", 0, "PLACE", None, None),
            ],
            &mut id,
        ),
        doc(
            "هجوم على بير",
            "حصار\nتمبكتو مستمر منذ أغسطس.",
            DocStatus::Todo,
            &[
                ("حصار\nتمبكتو", 0, "EVENT", None, None),
                ("تمبكتو", 0, "PLACE", None, Some("timbuktu")),
            ],
            &mut id,
        ),
    ];
    let mut docs = docs;
    let schema = Schema::default();
    let choice = |v: &str| AttrValue::Choice(v.to_owned());
    let date = |d: &str| AttrValue::Date(PartialDate::parse(d).unwrap());
    docs[0]
        .add_event(
            event(
                1,
                102,
                "attack",
                &[("Actor", 101), ("Place", 103), ("Place", 104)],
                &[
                    ("factuality", choice("claimed")),
                    ("date", date("2023-08")),
                    ("fatalities", AttrValue::Number(Quantity::at_least(1))),
                ],
            ),
            &schema,
        )
        .unwrap();
    docs[1]
        .add_event(
            event(
                2,
                106,
                "armed_clash",
                &[
                    ("Actor", 108),
                    ("Actor", 109),
                    ("Place", 107),
                    ("Target", 110),
                ],
                &[
                    ("factuality", choice("asserted")),
                    ("date", date("2024-07-27")),
                    (
                        "fatalities",
                        AttrValue::Number(Quantity::parse("3-5").unwrap()),
                    ),
                    (
                        "notes",
                        AttrValue::Text("«مصادر» محلية, \"غير مؤكدة\"".into()),
                    ),
                ],
            ),
            &schema,
        )
        .unwrap();
    let mut relation = Relation::new(
        RelationTypeId::new("allied_with"),
        SpanId(108),
        SpanId(109),
        AnnotatorId("a-000000000001".into()),
        &Timestamp("2026-11-21T10:00:00Z".into()),
    );
    relation.id = RelationId(1);
    docs[1].add_relation(relation, &schema).unwrap();
    docs[1]
        .set_attr(
            AttributeId::new("country"),
            Some(AttrValue::Text("مالي".into())),
            &schema,
        )
        .unwrap();
    docs[2]
        .add_event(
            event(
                3,
                112,
                "other",
                &[("Place", 113)],
                &[("date", date("2023"))],
            ),
            &schema,
        )
        .unwrap();
    // A registry: Latin and Arabic canonical names, one with no Latin name (exports then
    // write the Arabic one); spans of غاو, ميناكا and مُسَلَّحُون stay unlinked.
    let registry = [
        ("ber", EntityKind::Place, "بير", "Ber", &[][..]),
        (
            "jnim",
            EntityKind::Group,
            "جماعة نصرة الإسلام والمسلمين",
            "JNIM",
            &["نصرة الإسلام"][..],
        ),
        ("mali-army", EntityKind::Group, "الجيش المالي", "", &[][..]),
        ("timbuktu", EntityKind::Place, "تمبكتو", "Timbuktu", &[][..]),
        (
            "wagner",
            EntityKind::Group,
            "مجموعة فاغنر",
            "Wagner Group",
            &["فاغنر", "فاجنر"][..],
        ),
    ];
    for (id, kind, ar, latin, aliases) in registry {
        let mut entity = Entity::new(EntityId::new(id), kind, ar, latin);
        entity.aliases = aliases.iter().map(|a| a.to_string()).collect();
        p.apply(
            Edit::AddEntity { entity },
            &Timestamp("2026-11-21T10:00:00Z".into()),
        )
        .unwrap();
    }
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
