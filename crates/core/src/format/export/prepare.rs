//! What every export starts from: the selected documents and spans, a char → byte table per
//! text, and for the token formats the tokens, the spans' token ranges, the layers of
//! non-overlapping spans and the tags of each layer.
//!
//! Positions here are [`CharOffset`]s (scalar values) unless a name says `byte` or `token`.

use super::ExportOptions;
use crate::model::{CharOffset, CharRange, Document, Entity, LabelId, Project, Span};
use crate::text::{Token, sentences, tokenize};
use std::collections::HashMap;
use std::ops::Range;

/// Which tag scheme the token formats write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TagScheme {
    /// Every entity starts with `B-`, continues with `I-` (what modern tooling assumes).
    #[default]
    Iob2,
    /// `B-` begin, `I-` inside, `E-` end, `S-` single-token entity.
    Bioes,
}

/// What to do with spans inside (or crossing) other spans in the token formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layering {
    /// Only the outermost layer goes in the tag column; the others are counted in a notice.
    #[default]
    Outermost,
    /// Every layer gets its own tag column.
    Columns,
}

/// One token's tag; the number is the label's index in [`Prepared::labels`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    O,
    B(u16),
    I(u16),
    E(u16),
    S(u16),
}

/// The selected part of a project.
pub struct Prepared<'p> {
    pub project: &'p Project,
    /// Labels that may appear, in schema order.
    pub labels: Vec<LabelId>,
    pub docs: Vec<PreparedDoc<'p>>,
    pub scheme: TagScheme,
    pub layering: Layering,
}

impl<'p> Prepared<'p> {
    pub fn new(project: &'p Project, options: &ExportOptions) -> Self {
        let labels: Vec<LabelId> = project
            .schema()
            .labels
            .iter()
            .map(|l| l.id.clone())
            .filter(|id| options.labels.as_ref().is_none_or(|keep| keep.contains(id)))
            .collect();
        let docs = project
            .documents()
            .iter()
            .filter(|d| {
                options
                    .statuses
                    .as_ref()
                    .is_none_or(|keep| keep.contains(&d.status))
            })
            .map(|doc| PreparedDoc::new(doc, &labels))
            .collect();
        Self {
            project,
            labels,
            docs,
            scheme: options.scheme,
            layering: options.nested,
        }
    }

    pub fn label_index(&self) -> HashMap<&LabelId, u16> {
        self.labels
            .iter()
            .enumerate()
            .map(|(i, l)| (l, i as u16))
            .collect()
    }

    /// The tag as written, e.g. `B-GROUP`.
    pub fn tag_name(&self, tag: Tag) -> String {
        let (prefix, i) = match tag {
            Tag::O => return "O".to_owned(),
            Tag::B(i) => ("B-", i),
            Tag::I(i) => ("I-", i),
            Tag::E(i) => ("E-", i),
            Tag::S(i) => ("S-", i),
        };
        format!("{prefix}{}", self.labels[i as usize])
    }

    /// Every tag name the scheme can produce: `O`, then per label `B-`, `I-` (and `E-`, `S-`).
    pub fn tag_names(&self) -> Vec<String> {
        let mut out = vec!["O".to_owned()];
        for l in &self.labels {
            out.push(format!("B-{l}"));
            out.push(format!("I-{l}"));
            if self.scheme == TagScheme::Bioes {
                out.push(format!("E-{l}"));
                out.push(format!("S-{l}"));
            }
        }
        out
    }

    /// The registry entity `span` links to, if any.
    pub fn entity_of(&self, span: &Span) -> Option<&'p Entity> {
        self.project.entity_of(span)
    }

    /// The display name of whoever made a span: the project's annotator, or the recorded ones.
    pub fn annotator_of(&self, span: &Span) -> String {
        if let Some(p) = &span.provenance
            && !p.annotators.is_empty()
        {
            return p.annotators.join("; ");
        }
        if span.author == self.project.annotator.id {
            self.project.annotator.name.clone()
        } else {
            span.author.to_string()
        }
    }
}

/// One selected document.
pub struct PreparedDoc<'p> {
    pub doc: &'p Document,
    /// Spans with a selected label, in the document's order.
    pub spans: Vec<&'p Span>,
    /// Byte position of each char position, plus the text's length at the end.
    pub byte_of: Vec<usize>,
}

impl<'p> PreparedDoc<'p> {
    fn new(doc: &'p Document, labels: &[LabelId]) -> Self {
        let mut byte_of: Vec<usize> = doc.text().char_indices().map(|(b, _)| b).collect();
        byte_of.push(doc.text().len());
        let spans = doc
            .spans()
            .iter()
            .filter(|s| labels.contains(&s.label))
            .collect();
        Self {
            doc,
            spans,
            byte_of,
        }
    }

    pub fn len_chars(&self) -> usize {
        self.byte_of.len() - 1
    }

    /// The characters of `range`, or `None` outside the text.
    pub fn slice(&self, range: CharRange) -> Option<&'p str> {
        let s = *self.byte_of.get(range.start.0)?;
        let e = *self.byte_of.get(range.end.0)?;
        (s <= e).then(|| &self.doc.text()[s..e])
    }

    /// Tokens, layers and tags of this document.
    pub fn tokenized(&self, prepared: &Prepared) -> Tokenized {
        let mut bounds: Vec<CharOffset> = Vec::with_capacity(self.spans.len() * 2);
        for s in &self.spans {
            bounds.push(s.start());
            bounds.push(s.end());
        }
        let tokens = tokenize(self.doc.text(), &bounds);
        let token_ranges: Vec<Range<usize>> = self
            .spans
            .iter()
            .map(|s| {
                let a = tokens.partition_point(|t| t.range.start < s.start());
                let b = tokens.partition_point(|t| t.range.start < s.end());
                a..b.max(a)
            })
            .collect();
        let layers = layers(&self.spans);
        let index = prepared.label_index();
        let tags = layers
            .iter()
            .map(|layer| {
                let mut tags = vec![Tag::O; tokens.len()];
                for &si in layer {
                    let r = token_ranges[si].clone();
                    let l = index[&self.spans[si].label];
                    for k in r.clone() {
                        tags[k] = match prepared.scheme {
                            TagScheme::Iob2 if k == r.start => Tag::B(l),
                            TagScheme::Iob2 => Tag::I(l),
                            TagScheme::Bioes if r.len() == 1 => Tag::S(l),
                            TagScheme::Bioes if k == r.start => Tag::B(l),
                            TagScheme::Bioes if k + 1 == r.end => Tag::E(l),
                            TagScheme::Bioes => Tag::I(l),
                        };
                    }
                }
                tags
            })
            .collect();
        Tokenized {
            tokens,
            token_ranges,
            layers,
            tags,
        }
    }
}

/// A document cut into tokens, with the spans laid out on them.
pub struct Tokenized {
    pub tokens: Vec<Token>,
    /// Per span (same order as [`PreparedDoc::spans`]): its tokens.
    pub token_ranges: Vec<Range<usize>>,
    /// Span indices per layer; layer 0 is the outermost, and no two spans of a layer overlap.
    pub layers: Vec<Vec<usize>>,
    /// Per layer: one tag per token.
    pub tags: Vec<Vec<Tag>>,
}

impl Tokenized {
    /// The spans of `layer` as (token range, label): what decoding that layer's tags must
    /// give back. Empty for a layer the document does not have.
    pub fn expected_layer(&self, spans: &[&Span], layer: usize) -> Vec<(Range<usize>, String)> {
        self.layers
            .get(layer)
            .map(|layer| {
                layer
                    .iter()
                    .map(|&si| (self.token_ranges[si].clone(), spans[si].label.to_string()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Sentences as token ranges, merged wherever a span of one of the first `layer_count`
    /// layers would otherwise be cut in two.
    pub fn sentences(&self, text: &str, layer_count: usize) -> Vec<Range<usize>> {
        let mut joined = vec![false; self.tokens.len()];
        for layer in self.layers.iter().take(layer_count) {
            for &si in layer {
                let r = &self.token_ranges[si];
                let last = r.end.saturating_sub(1).max(r.start);
                joined[r.start..last].fill(true);
            }
        }
        let mut out: Vec<Range<usize>> = Vec::new();
        for s in sentences(text, &self.tokens) {
            match out.last_mut() {
                Some(prev) if joined[prev.end - 1] => prev.end = s.end,
                _ => out.push(s),
            }
        }
        out
    }
}

/// Split spans into layers: each span goes to the first layer where it overlaps nothing,
/// visiting spans by start and then longest first, so outer spans land in layer 0.
pub fn layers(spans: &[&Span]) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&i| (spans[i].start(), std::cmp::Reverse(spans[i].end())));
    let mut layers: Vec<Vec<usize>> = Vec::new();
    // End of the last span placed in each layer.
    let mut ends: Vec<CharOffset> = Vec::new();
    for i in order {
        let s = spans[i];
        match ends.iter().position(|&e| e <= s.start()) {
            Some(l) => {
                layers[l].push(i);
                ends[l] = s.end();
            }
            None => {
                layers.push(vec![i]);
                ends.push(s.end());
            }
        }
    }
    layers
}
