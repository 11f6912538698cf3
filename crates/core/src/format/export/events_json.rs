//! Event-extraction JSON (`events-json`): one JSON object per sentence, one per line, in the
//! shape OneIE, DEGREE and TextEE read:
//!
//! ```text
//! {"doc_id", "sent_id", "tokens": [..],
//!  "entity_mentions":   [{"id", "start", "end", "entity_type", "text"}],
//!  "relation_mentions": [{"id", "relation_type",
//!                         "arguments": [{"entity_id", "role": "Arg-1"|"Arg-2", "text"}]}],
//!  "event_mentions":    [{"id", "event_type", "trigger": {"start", "end", "text"},
//!                         "arguments": [{"entity_id", "role", "text"}]}]}
//! ```
//!
//! `start`/`end` are token indices into the sentence's `tokens`, end exclusive. Tokens and
//! sentences are the CoNLL export's ([`crate::text::tokenize`] cut at every span boundary, so
//! a proclitic stays outside the name it is glued to), with sentences merged wherever any
//! selected span would be cut, so every mention lies inside one sentence. Ids are the
//! document id with `-T` + span id (entities), `-E` + event id, `-R` + relation id.
//!
//! Entity mentions are the selected spans, except those that are only the trigger of an event
//! (a trigger that also fills a role or ends a relation is both). A relation's head is
//! `Arg-1`, its tail `Arg-2`. An argument (or relation end) in another sentence than its
//! trigger (or other end) cannot be carried by a per-sentence object; nor can one whose label
//! is not selected. Each is counted and listed in the export's notices, never dropped
//! silently. Event attributes (date, fatalities, factuality) are not part of this shape: the
//! event table ([`super::event_table`]) carries them.
//!
//! Verified before anything is written: the tokens re-join to the text, each mention's and
//! trigger's tokens join back to its span's text (whitespace aside), every argument's
//! `entity_id` is an entity mention of the same sentence with the same text, and every event
//! of the selected documents is either written or reported.

use super::ExportFile;
use super::prepare::{Prepared, PreparedDoc, Tokenized};
use super::verify::{check_rejoin_without_space, check_token_alignment, problem};
use crate::model::{Document, SpanId};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

#[derive(Serialize)]
struct Sentence<'a> {
    doc_id: &'a str,
    sent_id: String,
    tokens: Vec<&'a str>,
    entity_mentions: Vec<EntityMention<'a>>,
    relation_mentions: Vec<RelationMention<'a>>,
    event_mentions: Vec<EventMention<'a>>,
}

#[derive(Serialize)]
struct EntityMention<'a> {
    id: String,
    start: usize,
    end: usize,
    entity_type: &'a str,
    text: &'a str,
}

#[derive(Serialize)]
struct RelationMention<'a> {
    id: String,
    relation_type: &'a str,
    arguments: Vec<MentionArgument<'a>>,
}

#[derive(Serialize)]
struct EventMention<'a> {
    id: String,
    event_type: &'a str,
    trigger: Trigger<'a>,
    arguments: Vec<MentionArgument<'a>>,
}

#[derive(Serialize)]
struct Trigger<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

#[derive(Serialize)]
struct MentionArgument<'a> {
    entity_id: String,
    role: &'a str,
    text: &'a str,
}

/// The id of a span's entity mention.
pub fn entity_id(doc: &Document, span: SpanId) -> String {
    format!("{}-T{span}", doc.id())
}

/// The id of an event mention (also the event table's `event_id_cnty`).
pub fn event_id(doc: &Document, event: crate::model::EventId) -> String {
    format!("{}-E{event}", doc.id())
}

/// The id of a relation mention.
pub fn relation_id(doc: &Document, relation: crate::model::RelationId) -> String {
    format!("{}-R{relation}", doc.id())
}

/// A document's sentences as the event formats see them: the CoNLL tokens, sentences merged
/// so that no selected span is cut, and for each selected span its sentence.
pub struct Sentences {
    pub tok: Tokenized,
    /// Token ranges of the sentences, in order.
    pub ranges: Vec<Range<usize>>,
    /// Per selected span (the order of [`PreparedDoc::spans`]): its sentence.
    pub of_span: Vec<usize>,
    /// Index in [`PreparedDoc::spans`] of each selected span id.
    pub index: HashMap<SpanId, usize>,
}

impl Sentences {
    pub fn new(pdoc: &PreparedDoc, prepared: &Prepared) -> Self {
        let tok = pdoc.tokenized(prepared);
        let ranges = tok.sentences(pdoc.doc.text(), tok.layers.len());
        let mut sentence_of_token = vec![0; tok.tokens.len()];
        for (n, r) in ranges.iter().enumerate() {
            sentence_of_token[r.clone()].fill(n);
        }
        let of_span = tok
            .token_ranges
            .iter()
            .map(|r| sentence_of_token.get(r.start).copied().unwrap_or(0))
            .collect();
        let index = pdoc
            .spans
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id, i))
            .collect();
        Self {
            tok,
            ranges,
            of_span,
            index,
        }
    }

    /// The text of sentence `n`, from its first token to its last.
    pub fn text<'p>(&self, pdoc: &PreparedDoc<'p>, n: usize) -> &'p str {
        let Some(r) = self.ranges.get(n).filter(|r| !r.is_empty()) else {
            return "";
        };
        let range = crate::model::CharRange::new(
            self.tok.tokens[r.start].range.start.0,
            self.tok.tokens[r.end - 1].range.end.0,
        );
        pdoc.slice(range).unwrap_or_default()
    }
}

/// What an event format could not carry, reported as notices: a heading per kind of reason
/// and one line per item.
#[derive(Default)]
pub struct LeftOut {
    groups: Vec<(String, Vec<String>)>,
}

impl LeftOut {
    pub fn add(&mut self, heading: &str, item: String) {
        match self.groups.iter_mut().find(|(h, _)| h == heading) {
            Some((_, items)) => items.push(item),
            None => self.groups.push((heading.to_owned(), vec![item])),
        }
    }

    pub fn count(&self) -> usize {
        self.groups.iter().map(|(_, items)| items.len()).sum()
    }

    /// Push `N heading:` then each item, indented.
    pub fn into_notices(self, notices: &mut Vec<String>) {
        for (heading, items) in self.groups {
            notices.push(format!("{} {heading}:", items.len()));
            notices.extend(items.into_iter().map(|i| format!("  {i}")));
        }
    }
}

/// A span's text in a notice: in double quotes, combining marks as they are (unlike `{:?}`),
/// line ends as `\n` so that each notice stays one line.
pub fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\n', "\\n"))
}

/// `document "title" (id)`, as the left-out lists name a document.
pub fn doc_name(doc: &Document) -> String {
    format!("document {:?} ({})", doc.title, doc.id())
}

const OTHER_SENTENCE: &str = "event argument(s) in another sentence than their trigger are not in events-json (one object per sentence cannot hold them)";
const RELATION_SPLIT: &str =
    "relation(s) whose ends are in different sentences are not in events-json";
const NOT_SELECTED: &str = "event(s), argument(s) or relation end(s) on spans whose label is not selected are not in events-json";

pub fn export(
    prepared: &Prepared,
    notices: &mut Vec<String>,
    problems: &mut Vec<String>,
) -> Vec<ExportFile> {
    let schema = prepared.project.schema();
    let mut out = Vec::new();
    let mut left_out = LeftOut::default();
    for pdoc in &prepared.docs {
        let doc = pdoc.doc;
        let sents = Sentences::new(pdoc, prepared);
        let tok = &sents.tok;
        check_token_alignment(problems, pdoc, tok);
        let words: Vec<&str> = tok
            .tokens
            .iter()
            .map(|t| pdoc.slice(t.range).unwrap_or_default())
            .collect();
        check_rejoin_without_space(problems, doc, words.iter().copied());

        // Spans that are only triggers are not entities.
        let triggers: HashSet<SpanId> = doc.events().iter().map(|e| e.trigger).collect();
        let referenced: HashSet<SpanId> = doc
            .events()
            .iter()
            .flat_map(|e| e.args.iter().map(|a| a.span))
            .chain(doc.relations().iter().flat_map(|r| [r.head, r.tail]))
            .collect();

        let mut sentences: Vec<Sentence> = sents
            .ranges
            .iter()
            .enumerate()
            .map(|(n, r)| Sentence {
                doc_id: doc.id().as_str(),
                sent_id: format!("{}-{n:04}", doc.id()),
                tokens: words[r.clone()].to_vec(),
                entity_mentions: Vec::new(),
                relation_mentions: Vec::new(),
                event_mentions: Vec::new(),
            })
            .collect();
        // Token range of a selected span, relative to its sentence.
        let local = |si: usize| {
            let r = &tok.token_ranges[si];
            let first = sents.ranges[sents.of_span[si]].start;
            r.start - first..r.end - first
        };
        for (si, span) in pdoc.spans.iter().enumerate() {
            if triggers.contains(&span.id) && !referenced.contains(&span.id) {
                continue;
            }
            let r = local(si);
            sentences[sents.of_span[si]]
                .entity_mentions
                .push(EntityMention {
                    id: entity_id(doc, span.id),
                    start: r.start,
                    end: r.end,
                    entity_type: span.label.as_str(),
                    text: span.text(),
                });
        }
        let selected = |span: SpanId| sents.index.get(&span).copied();
        for event in doc.events() {
            let name = format!("{}, event {}", doc_name(doc), event.id);
            let Some(ti) = selected(event.trigger) else {
                left_out.add(
                    NOT_SELECTED,
                    format!("{name}: its trigger (span {})", event.trigger),
                );
                continue;
            };
            let sentence = sents.of_span[ti];
            let trigger_span = pdoc.spans[ti];
            let r = local(ti);
            let mut arguments = Vec::with_capacity(event.args.len());
            for arg in &event.args {
                let span_text = doc.span(arg.span).map_or("", |s| s.text());
                let item = format!("{name}, role {}: {}", arg.role, quoted(span_text));
                match selected(arg.span) {
                    None => left_out.add(NOT_SELECTED, item),
                    Some(ai) if sents.of_span[ai] != sentence => left_out.add(OTHER_SENTENCE, item),
                    Some(ai) => arguments.push(MentionArgument {
                        entity_id: entity_id(doc, arg.span),
                        role: arg.role.as_str(),
                        text: pdoc.spans[ai].text(),
                    }),
                }
            }
            let event_type = schema
                .event_type(&event.event_type)
                .map_or(event.event_type.as_str(), |t| t.name.as_str());
            sentences[sentence].event_mentions.push(EventMention {
                id: event_id(doc, event.id),
                event_type,
                trigger: Trigger {
                    start: r.start,
                    end: r.end,
                    text: trigger_span.text(),
                },
                arguments,
            });
        }
        for relation in doc.relations() {
            let text_of = |s: SpanId| doc.span(s).map_or("", |s| s.text());
            let item = format!(
                "{}, relation {} {}: {} → {}",
                doc_name(doc),
                relation.id,
                relation.kind,
                quoted(text_of(relation.head)),
                quoted(text_of(relation.tail))
            );
            let (Some(hi), Some(ti)) = (selected(relation.head), selected(relation.tail)) else {
                left_out.add(NOT_SELECTED, item);
                continue;
            };
            if sents.of_span[hi] != sents.of_span[ti] {
                left_out.add(RELATION_SPLIT, item);
                continue;
            }
            let relation_type = schema
                .relation_type(&relation.kind)
                .map_or(relation.kind.as_str(), |t| t.name.as_str());
            sentences[sents.of_span[hi]]
                .relation_mentions
                .push(RelationMention {
                    id: relation_id(doc, relation.id),
                    relation_type,
                    arguments: vec![
                        MentionArgument {
                            entity_id: entity_id(doc, relation.head),
                            role: "Arg-1",
                            text: pdoc.spans[hi].text(),
                        },
                        MentionArgument {
                            entity_id: entity_id(doc, relation.tail),
                            role: "Arg-2",
                            text: pdoc.spans[ti].text(),
                        },
                    ],
                });
        }
        let written: usize = sentences.iter().map(|s| s.event_mentions.len()).sum();
        let trigger_left = doc
            .events()
            .iter()
            .filter(|e| selected(e.trigger).is_none())
            .count();
        if written + trigger_left != doc.events().len() {
            problems.push(problem(
                doc,
                None,
                format!(
                    "{} event(s) in the document, {written} written and {trigger_left} reported",
                    doc.events().len()
                ),
            ));
        }
        for s in &sentences {
            verify_sentence(problems, doc, s);
            serde_json::to_writer(&mut out, s).expect("writing JSON to memory cannot fail");
            out.push(b'\n');
        }
    }
    if left_out.count() > 0 {
        left_out.into_notices(notices);
    }
    vec![ExportFile {
        path: Default::default(),
        contents: out,
    }]
}

/// Whether `tokens[start..end]` joins to `text`, whitespace aside.
fn joins_to(tokens: &[&str], start: usize, end: usize, text: &str) -> bool {
    start < end
        && end <= tokens.len()
        && tokens[start..end].concat() == text.split_whitespace().collect::<String>()
}

/// The checks on one sentence object, on what will be written.
fn verify_sentence(problems: &mut Vec<String>, doc: &Document, s: &Sentence) {
    let mut at =
        |message: String| problems.push(problem(doc, None, format!("{}: {message}", s.sent_id)));
    let mut entities: HashMap<&str, &str> = HashMap::new();
    for m in &s.entity_mentions {
        if !joins_to(&s.tokens, m.start, m.end, m.text) {
            at(format!(
                "entity mention {} tokens {}..{} do not join to {:?}",
                m.id, m.start, m.end, m.text
            ));
        }
        entities.insert(m.id.as_str(), m.text);
    }
    for e in &s.event_mentions {
        let t = &e.trigger;
        if !joins_to(&s.tokens, t.start, t.end, t.text) {
            at(format!(
                "event {} trigger tokens {}..{} do not join to {:?}",
                e.id, t.start, t.end, t.text
            ));
        }
    }
    let args = s
        .event_mentions
        .iter()
        .flat_map(|e| e.arguments.iter().map(move |a| (&e.id, a)))
        .chain(
            s.relation_mentions
                .iter()
                .flat_map(|r| r.arguments.iter().map(move |a| (&r.id, a))),
        );
    for (owner, a) in args {
        match entities.get(a.entity_id.as_str()) {
            Some(&text) if text == a.text => {}
            Some(&text) => at(format!(
                "{owner}: argument {} says {:?}, its entity {text:?}",
                a.entity_id, a.text
            )),
            None => at(format!(
                "{owner}: argument {} is not an entity mention of the sentence",
                a.entity_id
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::small_project;
    use super::super::{ExportOptions, Format, export};
    use crate::model::LabelId;

    fn lines(e: &super::super::Export) -> Vec<serde_json::Value> {
        std::str::from_utf8(&e.files[0].contents)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    #[test]
    fn the_fixture_s_events_are_written_and_the_cross_sentence_argument_reported() {
        let p = small_project();
        let e = export(&p, Format::EventsJson, &ExportOptions::default()).unwrap();
        let rows = lines(&e);
        let events: Vec<&serde_json::Value> = rows
            .iter()
            .flat_map(|r| r["event_mentions"].as_array().unwrap())
            .collect();
        assert_eq!(events.len(), 3);
        // The repeated role: two places.
        let attack = events.iter().find(|e| e["event_type"] == "Attack").unwrap();
        let places = attack["arguments"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["role"] == "Place")
            .count();
        assert_eq!(places, 2);
        // The proclitic is its own token: تمبكتو in وتمبكتو.
        let row = &rows[0];
        let tokens: Vec<&str> = row["tokens"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        assert!(
            tokens.windows(2).any(|w| w == ["و", "تمبكتو"]),
            "{tokens:?}"
        );
        // The Target after the line end is in another sentence: reported, not written.
        let clash = events
            .iter()
            .find(|e| e["event_type"] == "Armed clash")
            .unwrap();
        assert_eq!(clash["arguments"].as_array().unwrap().len(), 3);
        assert!(e.notices[0].starts_with("1 event argument(s) in another sentence"));
        assert!(
            e.notices[1].contains("event 2, role Target: \"مُسَلَّحُون\""),
            "{:?}",
            e.notices
        );
        // The argument nested in its trigger (across a line end) is in the trigger's sentence.
        let siege = events.iter().find(|e| e["event_type"] == "Other").unwrap();
        assert_eq!(siege["trigger"]["text"], "حصار\nتمبكتو");
        assert_eq!(siege["arguments"][0]["text"], "تمبكتو");
        // The relation, both ends in the first sentence of the second document.
        let relations: Vec<&serde_json::Value> = rows
            .iter()
            .flat_map(|r| r["relation_mentions"].as_array().unwrap())
            .collect();
        assert_eq!(relations.len(), 1);
        assert_eq!(relations[0]["arguments"][1]["role"], "Arg-2");
        // Triggers that are nothing else are not entities; the untriggered EVENT span is.
        let entities: Vec<&str> = rows[0]["entity_mentions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["text"].as_str().unwrap())
            .collect();
        assert!(!entities.contains(&"الهجوم على بلدة بير"));
        assert!(entities.contains(&"الهجوم"));
    }

    #[test]
    fn arguments_whose_label_is_not_selected_are_reported() {
        let p = small_project();
        let options = ExportOptions {
            labels: Some(vec![LabelId::new("EVENT"), LabelId::new("PLACE")]),
            ..Default::default()
        };
        let e = export(&p, Format::EventsJson, &options).unwrap();
        let listed = e.notices.join("\n");
        assert!(listed.contains("label is not selected"), "{listed}");
        assert!(listed.contains("role Actor: \"فاغنر\""), "{listed}");
        assert!(listed.contains("relation 1 allied_with"), "{listed}");
    }
}
