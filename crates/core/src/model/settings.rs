//! Per-project settings: how selections snap to words, and the spelling variants (aliases)
//! the analyst declared for label entries, and where the labelling guidelines are. Absent from
//! files that never changed them.

use super::BaseDirection;
use super::LabelId;
use serde::{Deserialize, Serialize};

/// Everything a project may configure beyond its schema.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ProjectSettings {
    #[serde(default, skip_serializing_if = "SnapRules::is_default")]
    pub snapping: SnapRules,
    /// Declared spelling variants, e.g. فاغنر / فاجنر for one GROUP entry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<Alias>,
    /// How paragraphs choose their base direction in documents that do not say.
    #[serde(default, skip_serializing_if = "BaseDirection::is_first_strong")]
    pub direction: BaseDirection,
    /// The labelling guidelines (Markdown), relative to the project file's folder; without
    /// it, `GUIDELINES.md` beside the project file (see [`crate::guidelines`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guidelines: Option<String>,
}

impl ProjectSettings {
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }

    /// The other spellings declared for `surface` under `label` (compared folded), not
    /// including `surface` itself.
    pub fn variants_of(&self, label: &LabelId, surface: &str) -> Vec<String> {
        let folded = crate::text::normalize::fold(surface);
        let mut out = Vec::new();
        for alias in self.aliases.iter().filter(|a| &a.label == label) {
            if alias
                .spellings
                .iter()
                .any(|s| crate::text::normalize::fold(s) == folded)
            {
                out.extend(
                    alias
                        .spellings
                        .iter()
                        .filter(|s| crate::text::normalize::fold(s) != folded)
                        .cloned(),
                );
            }
        }
        out
    }
}

/// One label entry written in several ways that are different words to the matcher.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alias {
    pub label: LabelId,
    pub spellings: Vec<String>,
}

/// How a raw selection becomes a span. See [`crate::annotate::snap`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapRules {
    /// Grow a selection to whole words.
    #[serde(default = "yes")]
    pub whole_words: bool,
    /// Leave out the proclitics و ف ب ك ل glued to the first word.
    #[serde(default = "yes")]
    pub strip_proclitics: bool,
    /// A word shorter than this (in letters) keeps its first letters unless the lexicon says
    /// the rest is a name.
    #[serde(default = "default_min_word")]
    pub min_word: usize,
    /// What is left after stripping must have at least this many letters.
    #[serde(default = "default_min_stem")]
    pub min_stem: usize,
    /// Words never stripped, besides the built-in list and the names already annotated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keep: Vec<String>,
}

fn yes() -> bool {
    true
}
fn default_min_word() -> usize {
    5
}
fn default_min_stem() -> usize {
    3
}

impl Default for SnapRules {
    fn default() -> Self {
        Self {
            whole_words: true,
            strip_proclitics: true,
            min_word: default_min_word(),
            min_stem: default_min_stem(),
            keep: Vec::new(),
        }
    }
}

impl SnapRules {
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_are_found_by_folded_spelling() {
        let s = ProjectSettings {
            aliases: vec![Alias {
                label: LabelId::new("GROUP"),
                spellings: vec!["فاغنر".into(), "فاجنر".into()],
            }],
            ..Default::default()
        };
        assert_eq!(s.variants_of(&LabelId::new("GROUP"), "فاغنر"), ["فاجنر"]);
        assert_eq!(s.variants_of(&LabelId::new("GROUP"), "فاجنر"), ["فاغنر"]);
        assert!(s.variants_of(&LabelId::new("PLACE"), "فاغنر").is_empty());
        assert!(s.variants_of(&LabelId::new("GROUP"), "بامبا").is_empty());
    }
}
