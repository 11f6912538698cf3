//! The annotation model: projects, documents, spans, the label schema, edits and their history.
//!
//! Nothing here knows about egui, files or formats. All text positions in the model are
//! [`CharOffset`]s: counts of Unicode scalar values (what Rust's `str::chars` yields and what
//! Python's `str` indexes), never bytes.

mod document;
mod edit;
mod history;
mod ids;
mod project;
mod schema;
mod settings;
mod span;
mod time;
mod validate;

pub use document::{DocStatus, Document, DocumentMeta};
pub use edit::{Edit, EditError};
pub use hamish_text::offset::{CharOffset, CharRange};
pub use history::History;
pub use ids::{AnnotatorId, DocId, LabelId, SpanId};
pub use project::{Annotator, FORMAT_VERSION, Project};
pub use schema::{Color, Label, LabelKind, Schema};
pub use settings::{Alias, ProjectSettings, SnapRules};
pub use span::{Provenance, Span};
pub use time::Timestamp;
pub use validate::{Problem, ProblemKind};
