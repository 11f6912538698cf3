//! The event table: one row per event in ACLED's column vocabulary, as CSV (`events-csv`) or
//! as a JSON array of the same rows (`events-table-json`), for analysts' spreadsheets and
//! pandas.
//!
//! Columns, in order ([`COLUMNS`]):
//! - `event_id_cnty`: the document id + `-E` + the event id (the events-json event id);
//! - `event_date`: `YYYY-MM-DD`, from the event's `date` attribute, else the document's date;
//!   a date known only to the month or year is written as the first day of that month or
//!   year, and `date_given` keeps it as given (`2023-08`, `2023`); `date_from` says `event`
//!   or `document`;
//! - `time_precision`: ACLED's code, 1 day, 2 week, 3 month; a date known only to the year is
//!   3 too (ACLED has no coarser code; a notice counts them) and our `date_precision` (`day`,
//!   `month`, `year`) says which;
//! - `event_type` (the type's category, ACLED's event type), `sub_event_type` (the type's
//!   name);
//! - `actor1` (the first Actor), `assoc_actor_1` (the other Actors, joined with `; `),
//!   `actor2` (the first Target), `assoc_actor_2` (the other Targets);
//! - `country` (the document's `country` attribute), `location` (the Place fillers, `; `);
//! - an actor, target or place linked to a registry entity is written by the entity's
//!   canonical name (`Wagner Group` for فاجنر as for فاغنر), otherwise as the text says;
//! - `fatalities` (the count's low bound), `fatalities_high` (its high bound, empty when open)
//!   and `fatalities_at_least` (`true` for "at least N"), so "at least 40" is not lost;
//! - `factuality`; `source` (the document's outlet, else its title); `source_document` (the
//!   document id); `notes` (the trigger's sentence); `trigger` (its text); `annotator`;
//! - beyond ACLED: `time` (Time fillers), `other_arguments` (`Role: text` for other roles),
//!   `event_notes` (the `notes` attribute and the event's note), `other_attributes`
//!   (`id=value` for any other attribute).
//!
//! Empty cells are absent values (`null` in JSON). CSV is UTF-8 with a header row, quoted by
//! the `csv` crate where a cell holds a comma, a quote or a line end. Verified before
//! writing: the CSV and the JSON read back to one row per event, with the same ids and
//! triggers, and every fatalities cell an integer or empty.

use super::ExportFile;
use super::events_json::{Sentences, event_id};
use super::prepare::Prepared;
use super::verify::problem;
use crate::model::{AttrValue, AttributeId, DatePrecision, Event, PartialDate, RoleId};
use serde::Serialize;

/// The header row.
pub const COLUMNS: [&str; 28] = [
    "event_id_cnty",
    "event_date",
    "date_given",
    "date_precision",
    "date_from",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "country",
    "location",
    "fatalities",
    "fatalities_high",
    "fatalities_at_least",
    "factuality",
    "source",
    "source_document",
    "notes",
    "trigger",
    "annotator",
    "time",
    "other_arguments",
    "event_notes",
    "other_attributes",
    "document_title",
];

/// One event's row; field names are [`COLUMNS`].
#[derive(Debug, Serialize)]
pub struct Row {
    pub event_id_cnty: String,
    pub event_date: Option<String>,
    pub date_given: Option<String>,
    pub date_precision: Option<&'static str>,
    pub date_from: Option<&'static str>,
    pub time_precision: Option<u8>,
    pub event_type: String,
    pub sub_event_type: String,
    pub actor1: Option<String>,
    pub assoc_actor_1: Option<String>,
    pub actor2: Option<String>,
    pub assoc_actor_2: Option<String>,
    pub country: Option<String>,
    pub location: Option<String>,
    pub fatalities: Option<u64>,
    pub fatalities_high: Option<u64>,
    pub fatalities_at_least: Option<bool>,
    pub factuality: Option<String>,
    pub source: String,
    pub source_document: String,
    pub notes: String,
    pub trigger: String,
    pub annotator: String,
    pub time: Option<String>,
    pub other_arguments: Option<String>,
    pub event_notes: Option<String>,
    pub other_attributes: Option<String>,
    pub document_title: String,
}

/// ACLED's `time_precision` for a date's precision: 1 day, 3 month; a year is 3 too.
pub fn time_precision(p: DatePrecision) -> u8 {
    match p {
        DatePrecision::Day => 1,
        DatePrecision::Month | DatePrecision::Year => 3,
    }
}

/// A document's free-form date read as a date: `2023-08-20`, `2023-08` or `2023`, or the start
/// of a longer string such as `2023-08-20T10:00:00Z`.
pub fn document_date(s: &str) -> Option<PartialDate> {
    let s = s.trim();
    PartialDate::parse(s).ok().or_else(|| {
        [10, 7, 4]
            .into_iter()
            .find_map(|n| s.get(..n).and_then(|p| PartialDate::parse(p).ok()))
    })
}

/// The first day of the period a partial date names.
fn first_day(d: &PartialDate) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        d.year,
        d.month.unwrap_or(1),
        d.day.unwrap_or(1)
    )
}

fn joined(items: &[&str]) -> Option<String> {
    (!items.is_empty()).then(|| items.join("; "))
}

const KNOWN_ATTRIBUTES: [&str; 4] = ["date", "fatalities", "factuality", "notes"];

/// The rows of the selected documents' events, in document then event order, and the number
/// of events dated only to a year, and of events with no usable date.
pub fn rows(prepared: &Prepared, problems: &mut Vec<String>) -> (Vec<Row>, usize, usize) {
    let project = prepared.project;
    let schema = project.schema();
    let mut rows = Vec::new();
    let (mut years, mut undated) = (0, 0);
    for pdoc in &prepared.docs {
        let doc = pdoc.doc;
        if doc.events().is_empty() {
            continue;
        }
        let sents = Sentences::new(pdoc, prepared);
        let country = doc
            .attrs()
            .get(&AttributeId::new("country"))
            .map(|v| v.to_string());
        let doc_date = doc.meta.date.as_deref().and_then(document_date);
        let text_of = |id| doc.span(id).map_or("", |s| s.text());
        // An argument as the table names it: its entity's canonical name, else its text.
        let name_of = |id| {
            doc.span(id).map_or("", |s| {
                prepared
                    .entity_of(s)
                    .map_or(s.text(), |e| e.canonical_name())
            })
        };
        for event in doc.events() {
            let fillers = |role: &str| -> Vec<&str> {
                event.fillers(&RoleId::new(role)).map(name_of).collect()
            };
            let (actors, targets, places, times) = (
                fillers("Actor"),
                fillers("Target"),
                fillers("Place"),
                fillers("Time"),
            );
            let others: Vec<String> = event
                .args
                .iter()
                .filter(|a| !["Actor", "Target", "Place", "Time"].contains(&a.role.as_str()))
                .map(|a| format!("{}: {}", a.role, text_of(a.span)))
                .collect();
            let attr = |id: &str| event.attrs.get(&AttributeId::new(id));
            let (date, from) = match attr("date") {
                Some(AttrValue::Date(d)) => (Some(*d), Some("event")),
                _ => (doc_date, doc_date.map(|_| "document")),
            };
            match date.map(|d| d.precision()) {
                Some(DatePrecision::Year) => years += 1,
                None => undated += 1,
                _ => {}
            }
            let fatalities = match attr("fatalities") {
                Some(AttrValue::Number(q)) => Some(*q),
                _ => None,
            };
            let event_notes: Vec<&str> = attr("notes")
                .and_then(|v| match v {
                    AttrValue::Text(t) => Some(t.as_str()),
                    _ => None,
                })
                .into_iter()
                .chain(event.note.as_deref())
                .collect();
            let other_attributes: Vec<String> = event
                .attrs
                .iter()
                .filter(|(id, _)| !KNOWN_ATTRIBUTES.contains(&id.as_str()))
                .map(|(id, v)| format!("{id}={v}"))
                .collect();
            let ty = schema.event_type(&event.event_type);
            let notes = match sents.index.get(&event.trigger) {
                Some(&ti) => sents.text(pdoc, sents.of_span[ti]).to_owned(),
                None => {
                    // The trigger's label is not selected: its sentence from a cut of its own.
                    sentence_around(doc.text(), doc.span(event.trigger).map(|s| s.start().0))
                }
            };
            if doc.span(event.trigger).is_none() {
                problems.push(problem(
                    doc,
                    None,
                    format!(
                        "event {}: trigger span {} not found",
                        event.id, event.trigger
                    ),
                ));
            }
            rows.push(Row {
                event_id_cnty: event_id(doc, event.id),
                event_date: date.as_ref().map(first_day),
                date_given: attr("date").map(|v| v.to_string()),
                date_precision: date.map(|d| d.precision().name()),
                date_from: from,
                time_precision: date.map(|d| time_precision(d.precision())),
                event_type: ty.map_or_else(String::new, |t| t.category.clone()),
                sub_event_type: ty.map_or_else(|| event.event_type.to_string(), |t| t.name.clone()),
                actor1: actors.first().map(|s| s.to_string()),
                assoc_actor_1: joined(actors.get(1..).unwrap_or_default()),
                actor2: targets.first().map(|s| s.to_string()),
                assoc_actor_2: joined(targets.get(1..).unwrap_or_default()),
                country: country.clone(),
                location: joined(&places),
                fatalities: fatalities.map(|q| q.low),
                fatalities_high: fatalities.and_then(|q| q.high),
                fatalities_at_least: fatalities.map(|q| q.high.is_none()),
                factuality: attr("factuality").map(|v| v.to_string()),
                source: doc.meta.outlet.clone().unwrap_or_else(|| doc.title.clone()),
                source_document: doc.id().to_string(),
                notes,
                trigger: text_of(event.trigger).to_owned(),
                annotator: annotator(prepared, event),
                time: joined(&times),
                other_arguments: (!others.is_empty()).then(|| others.join("; ")),
                event_notes: joined(&event_notes),
                other_attributes: (!other_attributes.is_empty())
                    .then(|| other_attributes.join("; ")),
                document_title: doc.title.clone(),
            });
        }
    }
    (rows, years, undated)
}

/// The line holding character `at` (for a trigger the selection left out of the tokens).
fn sentence_around(text: &str, at: Option<usize>) -> String {
    let Some(at) = at else {
        return String::new();
    };
    text.split('\n')
        .scan(0, |start, line| {
            let s = *start;
            *start += line.chars().count() + 1;
            Some((s, line))
        })
        .find(|(s, line)| at < s + line.chars().count() + 1)
        .map_or_else(String::new, |(_, line)| line.trim().to_owned())
}

fn annotator(prepared: &Prepared, event: &Event) -> String {
    let project = prepared.project;
    if event.author == project.annotator.id {
        project.annotator.name.clone()
    } else {
        event.author.to_string()
    }
}

/// Notices shared by both table formats.
fn precision_notices(notices: &mut Vec<String>, years: usize, undated: usize) {
    if years > 0 {
        notices.push(format!(
            "{years} event(s) dated only to a year: time_precision 3 (ACLED's coarsest code, a month), event_date the year's first day; date_precision says year"
        ));
    }
    if undated > 0 {
        notices.push(format!(
            "{undated} event(s) with no date of their own and no readable document date: event_date left empty"
        ));
    }
}

/// `events-csv`.
pub fn export_csv(
    prepared: &Prepared,
    notices: &mut Vec<String>,
    problems: &mut Vec<String>,
) -> Vec<ExportFile> {
    let (rows, years, undated) = rows(prepared, problems);
    precision_notices(notices, years, undated);
    let mut w = ::csv::Writer::from_writer(Vec::new());
    if rows.is_empty() {
        w.write_record(COLUMNS)
            .expect("writing CSV to memory cannot fail");
    }
    for row in &rows {
        w.serialize(row).expect("writing CSV to memory cannot fail");
    }
    let contents = w.into_inner().expect("flushing CSV to memory cannot fail");
    verify_csv(problems, &contents, &rows);
    vec![ExportFile {
        path: Default::default(),
        contents,
    }]
}

/// `events-table-json`: a JSON array of the rows.
pub fn export_json(
    prepared: &Prepared,
    notices: &mut Vec<String>,
    problems: &mut Vec<String>,
) -> Vec<ExportFile> {
    let (rows, years, undated) = rows(prepared, problems);
    precision_notices(notices, years, undated);
    let mut contents = Vec::new();
    contents.push(b'[');
    for (i, row) in rows.iter().enumerate() {
        contents.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
        serde_json::to_writer(&mut contents, row).expect("writing JSON to memory cannot fail");
    }
    contents.extend_from_slice(b"\n]\n");
    verify_json(problems, &contents, &rows);
    vec![ExportFile {
        path: Default::default(),
        contents,
    }]
}

fn table_problem(message: String) -> String {
    format!("event table: {message}")
}

/// Read the CSV back with a reader of its own and compare with the rows.
fn verify_csv(problems: &mut Vec<String>, contents: &[u8], rows: &[Row]) {
    let mut r = ::csv::Reader::from_reader(contents);
    match r.headers() {
        Ok(h) if h.iter().eq(COLUMNS) => {}
        Ok(h) => problems.push(table_problem(format!("header {h:?} is not {COLUMNS:?}"))),
        Err(e) => return problems.push(table_problem(format!("unreadable header: {e}"))),
    }
    let at = |name| COLUMNS.iter().position(|c| *c == name).unwrap_or(0);
    let (id, trigger, fatalities) = (at("event_id_cnty"), at("trigger"), at("fatalities"));
    let mut n = 0;
    for (record, row) in r.records().zip(rows) {
        n += 1;
        let record = match record {
            Ok(rec) => rec,
            Err(e) => return problems.push(table_problem(format!("row {n}: {e}"))),
        };
        if record.len() != COLUMNS.len()
            || record[id] != row.event_id_cnty
            || record[trigger] != row.trigger
        {
            problems.push(table_problem(format!(
                "row {n} does not read back as event {}",
                row.event_id_cnty
            )));
        }
        let f = &record[fatalities];
        if !f.is_empty() && f.parse::<u64>().is_err() {
            problems.push(table_problem(format!("row {n}: fatalities {f:?}")));
        }
    }
    let total = n + r.records().count();
    if total != rows.len() {
        problems.push(table_problem(format!(
            "{total} CSV row(s) read back for {} event(s)",
            rows.len()
        )));
    }
}

/// Parse the JSON back and compare with the rows.
fn verify_json(problems: &mut Vec<String>, contents: &[u8], rows: &[Row]) {
    let parsed: Vec<serde_json::Map<String, serde_json::Value>> =
        match serde_json::from_slice(contents) {
            Ok(v) => v,
            Err(e) => return problems.push(table_problem(format!("not JSON: {e}"))),
        };
    if parsed.len() != rows.len() {
        problems.push(table_problem(format!(
            "{} JSON row(s) read back for {} event(s)",
            parsed.len(),
            rows.len()
        )));
    }
    for (obj, row) in parsed.iter().zip(rows) {
        let same = obj.len() == COLUMNS.len() && COLUMNS.iter().all(|c| obj.contains_key(*c));
        if !same
            || obj.get("event_id_cnty").and_then(|v| v.as_str()) != Some(&row.event_id_cnty)
            || obj.get("trigger").and_then(|v| v.as_str()) != Some(&row.trigger)
        {
            problems.push(table_problem(format!(
                "JSON row does not read back as event {}",
                row.event_id_cnty
            )));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::small_project;
    use super::super::{ExportOptions, Format, export};
    use super::*;

    #[test]
    fn acled_columns_from_the_fixture() {
        let p = small_project();
        let e = export(&p, Format::EventsCsv, &ExportOptions::default()).unwrap();
        assert!(
            e.notices
                .iter()
                .any(|n| n.starts_with("1 event(s) dated only to a year")),
            "{:?}",
            e.notices
        );
        let mut r = ::csv::Reader::from_reader(e.files[0].contents.as_slice());
        let rows: Vec<::csv::StringRecord> = r.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 3);
        let col = |name: &str| COLUMNS.iter().position(|c| *c == name).unwrap();
        let clash = &rows[1];
        assert_eq!(&clash[col("event_type")], "Battles");
        assert_eq!(&clash[col("sub_event_type")], "Armed clash");
        // Linked fillers by their entity's canonical name (the Arabic one when there is no
        // Latin one), unlinked ones as written.
        assert_eq!(&clash[col("actor1")], "الجيش المالي");
        assert_eq!(&clash[col("assoc_actor_1")], "Wagner Group");
        assert_eq!(&clash[col("actor2")], "مُسَلَّحُون");
        assert_eq!(&clash[col("country")], "مالي");
        assert_eq!(&clash[col("time_precision")], "1");
        assert_eq!(
            (&clash[col("fatalities")], &clash[col("fatalities_high")]),
            ("3", "5")
        );
        let attack = &rows[0];
        assert_eq!(&attack[col("event_date")], "2023-08-01");
        assert_eq!(&attack[col("date_given")], "2023-08");
        assert_eq!(&attack[col("time_precision")], "3");
        assert_eq!(&attack[col("location")], "Ber; Timbuktu");
        assert_eq!(
            (
                &attack[col("fatalities")],
                &attack[col("fatalities_high")],
                &attack[col("fatalities_at_least")]
            ),
            ("1", "", "true")
        );
        assert_eq!(&rows[2][col("date_precision")], "year");
        assert_eq!(&rows[2][col("notes")], "حصار\nتمبكتو مستمر منذ أغسطس.");
    }

    #[test]
    fn the_json_table_has_the_same_rows_with_nulls() {
        let p = small_project();
        let e = export(&p, Format::EventsTableJson, &ExportOptions::default()).unwrap();
        let v: Vec<serde_json::Value> = serde_json::from_slice(&e.files[0].contents).unwrap();
        assert_eq!(v.len(), 3);
        assert_eq!(v[0]["fatalities_high"], serde_json::Value::Null);
        assert_eq!(v[1]["fatalities"], 3);
    }

    #[test]
    fn document_dates_are_read_leniently() {
        assert_eq!(
            document_date("2023-08-20T10:00:00Z").unwrap().to_string(),
            "2023-08-20"
        );
        assert_eq!(document_date(" 2023-08 ").unwrap().to_string(), "2023-08");
        assert!(document_date("أمس").is_none());
        assert_eq!(time_precision(DatePrecision::Year), 3);
    }

    #[test]
    fn an_empty_table_still_has_its_header() {
        let p = crate::model::Project::new("p", crate::model::Annotator::new("A"));
        let e = export(&p, Format::EventsCsv, &ExportOptions::default()).unwrap();
        let text = std::str::from_utf8(&e.files[0].contents).unwrap();
        assert_eq!(text.trim_end(), COLUMNS.join(","));
    }
}
