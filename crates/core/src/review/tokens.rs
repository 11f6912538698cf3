//! Tokens for the token-level metrics (Cohen's kappa, Krippendorff's alpha, the confusion
//! matrix): each document is cut into tokens and every token gets the label of the span that
//! covers it, or "no label".
//!
//! Labels are interned as small integers in a [`LabelCodes`] table; code 0 is "no label" (`O`).

use crate::model::{CharOffset, CharRange, LabelId, Span};
use crate::text::tokenize;
use std::collections::HashMap;

/// The name the reports use for "no label".
pub const NO_LABEL: &str = "O";

/// Label ids interned as codes; code 0 is [`NO_LABEL`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelCodes {
    names: Vec<String>,
    codes: HashMap<LabelId, u32>,
}

impl Default for LabelCodes {
    fn default() -> Self {
        Self {
            names: vec![NO_LABEL.to_owned()],
            codes: HashMap::new(),
        }
    }
}

impl LabelCodes {
    /// A table holding `labels` (in that order) after `O`.
    pub fn new<'a>(labels: impl IntoIterator<Item = &'a LabelId>) -> Self {
        let mut codes = Self::default();
        for label in labels {
            codes.code(label);
        }
        codes
    }

    /// The code of `label`, adding it when new.
    pub fn code(&mut self, label: &LabelId) -> u32 {
        if let Some(&c) = self.codes.get(label) {
            return c;
        }
        let c = self.names.len() as u32;
        self.names.push(label.to_string());
        self.codes.insert(label.clone(), c);
        c
    }

    pub fn name(&self, code: u32) -> &str {
        &self.names[code as usize]
    }

    /// All names, `O` first.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        false
    }
}

/// The token ranges of a document's text from the export tokenizer
/// ([`crate::text::tokenize`]), cut at every start and end of the given spans (all annotators'
/// spans, so that every annotator's labels fall on the same tokens, and a span starting after
/// a proclitic such as the و of وتمبكتو gets its own token).
pub fn token_ranges<'a>(text: &str, spans: impl IntoIterator<Item = &'a Span>) -> Vec<CharRange> {
    let mut boundaries: Vec<CharOffset> = Vec::new();
    for s in spans {
        boundaries.push(s.start());
        boundaries.push(s.end());
    }
    boundaries.sort_unstable();
    boundaries.dedup();
    tokenize(text, &boundaries)
        .into_iter()
        .map(|t| t.range)
        .collect()
}

/// The label code of each token: that of the first span (in the document's span order) that
/// shares a character with the token, or 0. `tokens` must be sorted and non-overlapping.
pub fn token_labels(tokens: &[CharRange], spans: &[Span], codes: &mut LabelCodes) -> Vec<u32> {
    let mut out = vec![0u32; tokens.len()];
    // Paint from the last span to the first, so the first span's label wins.
    for span in spans.iter().rev() {
        let code = codes.code(&span.label);
        let range = span.range();
        let first = tokens.partition_point(|t| t.end <= range.start);
        for (k, token) in tokens[first..].iter().enumerate() {
            if token.start >= range.end {
                break;
            }
            if token.overlaps(&range) {
                out[first + k] = code;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::align::tests::{TEXT, project};

    #[test]
    fn tokens_split_words_punctuation_and_span_edges() {
        let t = token_ranges("قرب تمبكتو، أمس.", []);
        assert_eq!(
            t,
            [
                CharRange::new(0, 3),
                CharRange::new(4, 10),
                CharRange::new(10, 11),
                CharRange::new(12, 15),
                CharRange::new(15, 16)
            ]
        );
    }

    #[test]
    fn tokens_take_the_label_of_the_covering_span() {
        let p = project("A", &[TEXT], &[(0, 6, 24, "GROUP"), (0, 37, 43, "PLACE")]);
        let spans = p.documents()[0].spans();
        let tokens = token_ranges(TEXT, spans);
        let mut codes = LabelCodes::default();
        let labels = token_labels(&tokens, spans, &mut codes);
        let named: Vec<&str> = labels.iter().map(|&c| codes.name(c)).collect();
        // هاجمت جماعة نصرة الإسلام بلدة بوريم و|تمبكتو أمس: the span after the proclitic و
        // cuts وتمبكتو into two tokens, and only تمبكتو is labelled.
        assert_eq!(
            named,
            ["O", "GROUP", "GROUP", "GROUP", "O", "O", "O", "PLACE", "O"]
        );
        // Without the cut, the word stays whole and a span touching it labels all of it.
        let whole = token_ranges(TEXT, []);
        let labels = token_labels(&whole, spans, &mut codes);
        assert_eq!(labels.len(), 8);
        assert_eq!(codes.name(labels[6]), "PLACE");
    }
}
