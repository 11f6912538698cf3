//! Annotate-all: the occurrences of a surface form (and of the spellings declared as its
//! aliases) in one document or all, minus those a span of the same label already covers, and
//! the one batch edit that adds the accepted ones. Occurrences behind a proclitic letter that
//! may belong to an ordinary word (بير in كبير) are ambiguous: they are listed, marked, and
//! applied only when asked.

use super::matcher::{MatchMode, SearchIndex, WordMatch};
use crate::annotate::snap::Lexicon;
use crate::model::{
    CharRange, DocId, Edit, EditError, EntityId, LabelId, Project, Span, Timestamp,
};
use crate::progress::{Cancelled, Progress};
use crate::text::CharIndex;
use std::collections::HashMap;

/// Where to look.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    Document(DocId),
    All,
}

/// One occurrence that could become a span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub doc: DocId,
    pub range: CharRange,
    /// The text as written there.
    pub text: String,
    /// `Some(word)` when the occurrence is ambiguous: it follows a proclitic letter and `word`
    /// (كبير for بير) is an ordinary Arabic word, so the letter may be the word's own. Such
    /// candidates are listed apart and not applied unless asked.
    pub ambiguous: Option<CharRange>,
}

impl Candidate {
    pub fn is_ambiguous(&self) -> bool {
        self.ambiguous.is_some()
    }
}

/// Every occurrence of `surface` (or a declared alias of it for `label`) in `scope` that no
/// `label` span overlaps yet, in document and reading order, without overlaps among themselves;
/// the ambiguous ones ([`Candidate::ambiguous`]) among them. Callers apply only the sure ones
/// unless the analyst includes the ambiguous.
pub fn find_candidates(
    project: &Project,
    label: &LabelId,
    surface: &str,
    scope: &Scope,
) -> Vec<Candidate> {
    find_candidates_with(project, label, surface, scope, &mut SearchCache::default())
}

/// What [`find_candidates`] builds from a project's texts and spans, kept across the searches
/// of one run (a gazetteer of many entries): each document's search index and character index,
/// and the lexicon of known words. The texts never change during a run; spans do, so whoever
/// adds spans between searches tells the cache ([`SearchCache::added`]).
#[derive(Default)]
pub struct SearchCache {
    lexicon: Option<Lexicon>,
    indexes: HashMap<DocId, (SearchIndex, CharIndex)>,
}

impl SearchCache {
    /// A span with this text was added to the project after the cache was made.
    pub fn added(&mut self, text: &str) {
        if let Some(lexicon) = &mut self.lexicon {
            lexicon.add(text);
        }
    }
}

/// [`find_candidates`] through a cache shared by several searches of one project.
pub fn find_candidates_with(
    project: &Project,
    label: &LabelId,
    surface: &str,
    scope: &Scope,
    cache: &mut SearchCache,
) -> Vec<Candidate> {
    match find_candidates_watched(project, label, surface, scope, cache, &Progress::new()) {
        Ok(found) => found,
        Err(Cancelled) => unreachable!("nobody else holds this Progress to cancel it"),
    }
}

/// [`find_candidates_with`] counting the documents searched in `progress` (phase "searching
/// documents") and stopping with [`Cancelled`] when it is cancelled; the project is only read.
pub fn find_candidates_watched(
    project: &Project,
    label: &LabelId,
    surface: &str,
    scope: &Scope,
    cache: &mut SearchCache,
    progress: &Progress,
) -> Result<Vec<Candidate>, Cancelled> {
    let in_scope = match scope {
        Scope::Document(_) => 1,
        Scope::All => project.documents().len() as u64,
    };
    progress.begin("searching documents", in_scope)?;
    let mut spellings = vec![surface.to_owned()];
    spellings.extend(project.settings.variants_of(label, surface));
    let lexicon = cache
        .lexicon
        .get_or_insert_with(|| Lexicon::from_project(project));
    let mut out = Vec::new();
    for doc in project.documents() {
        if let Scope::Document(id) = scope
            && doc.id() != id
        {
            continue;
        }
        progress.step()?;
        let (index, chars) = cache
            .indexes
            .entry(doc.id().clone())
            .or_insert_with(|| (SearchIndex::new(doc.text()), CharIndex::new(doc.text())));
        let mut matches: Vec<WordMatch> = spellings
            .iter()
            .flat_map(|s| index.find_matches(s, MatchMode::Word, Some(lexicon)))
            .collect();
        if matches.is_empty() {
            continue;
        }
        // A sure reading first where two spellings find the same range.
        matches.sort_by_key(|m| {
            (
                m.range.start,
                std::cmp::Reverse(m.range.end),
                m.word.is_some(),
            )
        });
        let mut last_end = crate::model::CharOffset::ZERO;
        let same_label = Covered::new(
            doc.spans()
                .iter()
                .filter(|s| &s.label == label)
                .map(|s| s.range()),
        );
        for WordMatch { range, word } in matches {
            if range.start < last_end {
                continue;
            }
            if same_label.overlaps(range) {
                continue;
            }
            last_end = range.end;
            if let Some(text) = chars.slice(doc.text(), range) {
                out.push(Candidate {
                    doc: doc.id().clone(),
                    range,
                    text: text.to_owned(),
                    ambiguous: word,
                });
            }
        }
    }
    Ok(out)
}

/// Ranges to test candidates against, in time logarithmic in their number (a document with a
/// million spans of the label is searched as fast as one with ten).
struct Covered {
    /// Sorted by start.
    starts: Vec<crate::model::CharOffset>,
    /// `reach[i]`: the furthest end among the first `i + 1` ranges.
    reach: Vec<crate::model::CharOffset>,
}

impl Covered {
    fn new(ranges: impl Iterator<Item = CharRange>) -> Self {
        let mut ranges: Vec<CharRange> = ranges.filter(|r| !r.is_empty()).collect();
        ranges.sort_by_key(|r| r.start);
        let mut furthest = crate::model::CharOffset::ZERO;
        let reach = ranges
            .iter()
            .map(|r| {
                furthest = furthest.max(r.end);
                furthest
            })
            .collect();
        Self {
            starts: ranges.iter().map(|r| r.start).collect(),
            reach,
        }
    }

    /// Whether any range shares a character with `range`.
    fn overlaps(&self, range: CharRange) -> bool {
        let before_end = self.starts.partition_point(|&s| s < range.end);
        before_end > 0 && self.reach[before_end - 1] > range.start && !range.is_empty()
    }
}

/// One [`Edit::Batch`] adding a `label` span for each candidate.
pub fn accept_edit(
    project: &Project,
    candidates: &[Candidate],
    label: &LabelId,
    now: &Timestamp,
) -> Result<Edit, EditError> {
    accept_spans(project, candidates, label, None, now)
}

/// [`accept_edit`], each new span linked to `entity` when there is one.
pub(crate) fn accept_spans(
    project: &Project,
    candidates: &[Candidate],
    label: &LabelId,
    entity: Option<&EntityId>,
    now: &Timestamp,
) -> Result<Edit, EditError> {
    if !project.schema().contains(label) {
        return Err(EditError::NoSuchLabel(label.clone()));
    }
    // The candidates carry their text, so no document is walked again here; the edit still
    // checks every span when it is applied.
    let edits = candidates
        .iter()
        .map(|c| {
            let mut span = Span::new(
                label.clone(),
                c.range,
                c.text.clone(),
                project.annotator.id.clone(),
                now,
            );
            span.entity = entity.cloned();
            Edit::AddSpan {
                doc: c.doc.clone(),
                span,
            }
        })
        .collect();
    Ok(Edit::Batch { edits })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Alias, Annotator, Document, History};

    fn project() -> Project {
        let mut p = Project::new("t", Annotator::new("A"));
        let docs = vec![
            Document::new("1", "", "هاجمت فاغنر بلدة تمبكتو. ثم غادرت فاغنر وتمبكتو."),
            Document::new("2", "", "قوات فاجنر في تُمبُكتو، وفاغنر في غاو."),
            Document::new("3", "", "لا شيء هنا عن المدن."),
        ];
        p.apply(Edit::AddDocuments { docs }, &Timestamp::now())
            .unwrap();
        p
    }

    #[test]
    fn watched_search_counts_documents_and_stops_when_cancelled() {
        let p = project();
        let group = LabelId::new("GROUP");
        let progress = Progress::new();
        let mut cache = SearchCache::default();
        let found =
            find_candidates_watched(&p, &group, "فاغنر", &Scope::All, &mut cache, &progress);
        assert_eq!(
            found.unwrap(),
            find_candidates(&p, &group, "فاغنر", &Scope::All)
        );
        let s = progress.snapshot();
        assert_eq!((s.phase, s.done, s.total), ("searching documents", 3, 3));
        progress.cancel();
        let again =
            find_candidates_watched(&p, &group, "فاغنر", &Scope::All, &mut cache, &progress);
        assert_eq!(again, Err(Cancelled));
    }

    #[test]
    fn finds_in_all_documents_and_skips_existing_spans() {
        let mut p = project();
        let place = LabelId::new("PLACE");
        let all = find_candidates(&p, &place, "تمبكتو", &Scope::All);
        assert_eq!(all.len(), 3);
        assert_eq!(all[1].text, "تمبكتو");
        assert_eq!(all[2].text, "تُمبُكتو");
        let one = find_candidates(
            &p,
            &place,
            "تمبكتو",
            &Scope::Document(p.documents()[1].id().clone()),
        );
        assert_eq!(one.len(), 1);

        let mut h = History::new();
        let now = Timestamp::now();
        let edit = accept_edit(&p, &all[..1], &place, &now).unwrap();
        h.apply(&mut p, edit, &now).unwrap();
        // Accepting again offers only the rest: never a duplicate.
        let rest = find_candidates(&p, &place, "تمبكتو", &Scope::All);
        assert_eq!(rest.len(), 2);
        let edit = accept_edit(&p, &rest, &place, &now).unwrap();
        h.apply(&mut p, edit, &now).unwrap();
        assert_eq!(p.span_count(), 3);
        assert!(find_candidates(&p, &place, "تمبكتو", &Scope::All).is_empty());
        // A bulk accept is one undo step.
        h.undo(&mut p, &now).unwrap();
        assert_eq!(p.span_count(), 1);
        // Another label over the same text is fine.
        assert_eq!(
            find_candidates(&p, &LabelId::new("GROUP"), "تمبكتو", &Scope::All).len(),
            3
        );
    }

    #[test]
    fn aliases_bring_in_declared_spellings_only() {
        let mut p = project();
        let group = LabelId::new("GROUP");
        assert_eq!(find_candidates(&p, &group, "فاغنر", &Scope::All).len(), 3);
        p.settings.aliases.push(Alias {
            label: group.clone(),
            spellings: vec!["فاغنر".into(), "فاجنر".into()],
        });
        let c = find_candidates(&p, &group, "فاغنر", &Scope::All);
        assert_eq!(c.len(), 4);
        assert!(c.iter().any(|c| c.text == "فاجنر"));
        // Aliases belong to a label entry.
        assert_eq!(
            find_candidates(&p, &LabelId::new("PLACE"), "فاغنر", &Scope::All).len(),
            3
        );
    }

    #[test]
    fn overlapping_existing_span_of_the_label_blocks() {
        let mut p = project();
        let group = LabelId::new("GROUP");
        let now = Timestamp::now();
        let doc = p.documents()[1].id().clone();
        // "قوات فاجنر" as one GROUP span covers فاجنر.
        let span = p
            .new_span(&doc, CharRange::new(0, 10), group.clone(), &now)
            .unwrap();
        p.apply(Edit::AddSpan { doc, span }, &now).unwrap();
        p.settings.aliases.push(Alias {
            label: group.clone(),
            spellings: vec!["فاغنر".into(), "فاجنر".into()],
        });
        let c = find_candidates(&p, &group, "فاجنر", &Scope::All);
        assert_eq!(c.len(), 3, "{c:?}");
        assert!(c.iter().all(|c| c.text == "فاغنر"));
    }

    #[test]
    fn names_the_project_knows_are_not_cut_open() {
        let mut p = Project::new("t", Annotator::new("A"));
        let now = Timestamp::now();
        let doc = Document::new("1", "", "قال بلحاج إن لحاج وصل");
        let id = doc.id().clone();
        p.apply(Edit::AddDocuments { docs: vec![doc] }, &now)
            .unwrap();
        let group = LabelId::new("GROUP");
        assert_eq!(find_candidates(&p, &group, "لحاج", &Scope::All).len(), 2);
        let span = p
            .new_span(&id, CharRange::new(4, 9), LabelId::new("PLACE"), &now)
            .unwrap();
        p.apply(Edit::AddSpan { doc: id, span }, &now).unwrap();
        // بلحاج is now a known name: its ل is not a proclitic.
        let c = find_candidates(&p, &group, "لحاج", &Scope::All);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].range, CharRange::new(13, 17));
    }
}
