//! The project's labelling guidelines, a Markdown file, read into blocks a view can draw:
//! headings, paragraphs, list items (with their depth and marker), code blocks and rules,
//! each made of styled runs (plain, emphasis, strong, code). Parsing is `pulldown-cmark`'s;
//! this module only keeps what the guidelines panel draws, and finds the section of a label
//! ([`Guidelines::section_of`]: the first heading that starts with the label's id or name).
//!
//! Where the file is: the project setting `guidelines` (a path relative to the project
//! file's folder), else `GUIDELINES.md` beside the project file ([`guidelines_path`]).

use crate::model::{Label, Project};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::path::{Path, PathBuf};

/// The file name looked for beside a project whose settings name no guidelines.
pub const DEFAULT_FILE_NAME: &str = "GUIDELINES.md";

/// How a run of text is set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunStyle {
    pub emphasis: bool,
    pub strong: bool,
    pub code: bool,
}

/// A stretch of text in one style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub text: String,
    pub style: RunStyle,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// `level` 1–6.
    Heading {
        level: u8,
        runs: Vec<Run>,
    },
    Paragraph {
        runs: Vec<Run>,
    },
    /// A list item: `depth` 0 for a top-level list; `marker` "•" or "3.".
    Item {
        depth: usize,
        marker: String,
        runs: Vec<Run>,
    },
    Code {
        text: String,
    },
    Rule,
}

impl Block {
    pub fn runs(&self) -> &[Run] {
        match self {
            Block::Heading { runs, .. } | Block::Paragraph { runs } | Block::Item { runs, .. } => {
                runs
            }
            Block::Code { .. } | Block::Rule => &[],
        }
    }

    /// The block's text without styles.
    pub fn plain_text(&self) -> String {
        match self {
            Block::Code { text } => text.clone(),
            _ => self.runs().iter().map(|r| r.text.as_str()).collect(),
        }
    }
}

/// Guidelines read from Markdown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Guidelines {
    pub blocks: Vec<Block>,
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Collects runs while the parser walks the text.
#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    runs: Vec<Run>,
    style: RunStyle,
    /// Open lists: the next number of an ordered one, `None` for bullets.
    lists: Vec<Option<u64>>,
    /// The open item's marker and depth, until its first runs are flushed.
    item: Option<(usize, String)>,
    heading: Option<u8>,
    code: Option<String>,
}

impl Builder {
    fn push_text(&mut self, text: &str, code: bool) {
        if let Some(block) = &mut self.code {
            block.push_str(text);
            return;
        }
        let style = RunStyle { code, ..self.style };
        match self.runs.last_mut() {
            Some(last) if last.style == style => last.text.push_str(text),
            _ => self.runs.push(Run {
                text: text.to_owned(),
                style,
            }),
        }
    }

    /// End the block being collected (a paragraph, an item's text, a heading).
    fn flush(&mut self) {
        let runs = std::mem::take(&mut self.runs);
        if let Some(level) = self.heading.take() {
            self.blocks.push(Block::Heading { level, runs });
            return;
        }
        if runs.iter().all(|r| r.text.trim().is_empty()) {
            return;
        }
        match self.item.take() {
            Some((depth, marker)) => self.blocks.push(Block::Item {
                depth,
                marker,
                runs,
            }),
            None => {
                // A second paragraph of an item reads as more of the item, indented.
                self.blocks.push(Block::Paragraph { runs });
            }
        }
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                self.flush();
                self.heading = Some(heading_level(level));
            }
            Event::End(TagEnd::Heading(_)) | Event::End(TagEnd::Paragraph) => self.flush(),
            Event::Start(Tag::List(first)) => {
                self.flush();
                self.lists.push(first);
            }
            Event::End(TagEnd::List(_)) => {
                self.flush();
                self.lists.pop();
            }
            Event::Start(Tag::Item) => {
                self.flush();
                let depth = self.lists.len().saturating_sub(1);
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        let m = format!("{n}.");
                        *n += 1;
                        m
                    }
                    _ => "•".to_owned(),
                };
                self.item = Some((depth, marker));
            }
            Event::End(TagEnd::Item) => self.flush(),
            Event::Start(Tag::Emphasis) => self.style.emphasis = true,
            Event::End(TagEnd::Emphasis) => self.style.emphasis = false,
            Event::Start(Tag::Strong) => self.style.strong = true,
            Event::End(TagEnd::Strong) => self.style.strong = false,
            Event::Start(Tag::CodeBlock(_)) => {
                self.flush();
                self.code = Some(String::new());
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(text) = self.code.take() {
                    self.blocks.push(Block::Code {
                        text: text.trim_end().to_owned(),
                    });
                }
            }
            Event::Text(text) => self.push_text(&text, false),
            Event::Code(text) => self.push_text(&text, true),
            Event::SoftBreak | Event::HardBreak => self.push_text(" ", false),
            Event::Rule => {
                self.flush();
                self.blocks.push(Block::Rule);
            }
            _ => {}
        }
    }
}

impl Guidelines {
    pub fn parse(markdown: &str) -> Self {
        let mut builder = Builder::default();
        for event in Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH) {
            builder.event(event);
        }
        builder.flush();
        Self {
            blocks: builder.blocks,
        }
    }

    /// Indices of the heading blocks, with their level and text.
    pub fn headings(&self) -> impl Iterator<Item = (usize, u8, String)> + '_ {
        self.blocks.iter().enumerate().filter_map(|(i, b)| match b {
            Block::Heading { level, .. } => Some((i, *level, b.plain_text())),
            _ => None,
        })
    }

    /// The block index of `label`'s section: the first heading whose text, after any
    /// section number ("1.", "2.3"), starts with the label's id or name as a whole word
    /// (case-insensitive).
    pub fn section_of(&self, label: &Label) -> Option<usize> {
        let names = [label.id.as_str().to_lowercase(), label.name.to_lowercase()];
        self.headings().find_map(|(i, _, text)| {
            let text = text
                .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
                .trim_start()
                .to_lowercase();
            names
                .iter()
                .filter(|n| !n.is_empty())
                .any(|name| {
                    text.strip_prefix(name.as_str()).is_some_and(|rest| {
                        rest.chars().next().is_none_or(|c| !c.is_alphanumeric())
                    })
                })
                .then_some(i)
        })
    }
}

/// Where the guidelines of the project saved at `project_path` are: its `guidelines` setting
/// (relative to the project's folder), else `GUIDELINES.md` beside it. `None` for a project
/// never saved whose setting is not an absolute path.
pub fn guidelines_path(project: &Project, project_path: Option<&Path>) -> Option<PathBuf> {
    let dir = project_path.and_then(Path::parent);
    match project.settings.guidelines.as_deref().map(str::trim) {
        Some(set) if !set.is_empty() => {
            let set = Path::new(set);
            if set.is_absolute() {
                Some(set.to_owned())
            } else {
                dir.map(|d| d.join(set))
            }
        }
        _ => dir.map(|d| d.join(DEFAULT_FILE_NAME)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Schema;

    const SAMPLE: &str = include_str!("../../../samples/GUIDELINES.md");

    #[test]
    fn sample_sections_of_the_default_labels() {
        let g = Guidelines::parse(SAMPLE);
        let schema = Schema::default();
        for label in &schema.labels {
            let i = g
                .section_of(label)
                .unwrap_or_else(|| panic!("{}", label.id));
            let text = g.blocks[i].plain_text();
            assert!(text.starts_with(label.id.as_str()), "{text}");
        }
        // Headings, items and code runs with Arabic survive as they are.
        assert!(matches!(g.blocks[0], Block::Heading { level: 1, .. }));
        assert!(g.blocks.iter().any(|b| matches!(b, Block::Item { .. })));
        assert!(g.blocks.iter().any(|b| {
            b.runs()
                .iter()
                .any(|r| r.style.code && r.text == "جماعة نصرة الإسلام والمسلمين")
        }));
    }

    #[test]
    fn lists_emphasis_and_numbers() {
        let g = Guidelines::parse(
            "# 2. Span boundaries\n\n1. **Include** the `ال`.\n2. Exclude *this*:\n   - nested\n\ntext\n",
        );
        assert_eq!(
            g.blocks[1],
            Block::Item {
                depth: 0,
                marker: "1.".into(),
                runs: vec![
                    Run {
                        text: "Include".into(),
                        style: RunStyle {
                            strong: true,
                            ..Default::default()
                        }
                    },
                    Run {
                        text: " the ".into(),
                        style: RunStyle::default()
                    },
                    Run {
                        text: "ال".into(),
                        style: RunStyle {
                            code: true,
                            ..Default::default()
                        }
                    },
                    Run {
                        text: ".".into(),
                        style: RunStyle::default()
                    },
                ]
            }
        );
        assert!(matches!(&g.blocks[2], Block::Item { marker, .. } if marker == "2."));
        assert!(matches!(&g.blocks[3], Block::Item { depth: 1, marker, .. } if marker == "•"));
        assert_eq!(
            g.blocks[4],
            Block::Paragraph {
                runs: vec![Run {
                    text: "text".into(),
                    style: RunStyle::default()
                }]
            }
        );
        // The section number is skipped; a prefix of a word is not a match.
        let mut label = Schema::default().labels[0].clone();
        label.id = crate::model::LabelId::new("SPAN");
        label.name = "Span".into();
        assert_eq!(g.section_of(&label), Some(0));
        label.id = crate::model::LabelId::new("SPA");
        label.name = "Spa".into();
        assert_eq!(g.section_of(&label), None);
    }

    #[test]
    fn path_from_the_setting_or_beside_the_project() {
        let mut project = Project::new("p", crate::model::Annotator::new("a"));
        let file = Path::new("/data/p.hamish.ron");
        assert_eq!(
            guidelines_path(&project, Some(file)),
            Some(PathBuf::from("/data/GUIDELINES.md"))
        );
        project.settings.guidelines = Some("docs/rules.md".into());
        assert_eq!(
            guidelines_path(&project, Some(file)),
            Some(PathBuf::from("/data/docs/rules.md"))
        );
        assert_eq!(guidelines_path(&project, None), None);
    }
}
