//! Annotate-all and search: finding every occurrence of a surface form through Arabic spelling
//! variation, turning accepted occurrences into one [`crate::model::Edit::Batch`], and the
//! gazetteer pre-annotation behind `hamish annotate`, and snapping a raw selection to whole
//! words ([`snap`]). Egui-free; the GUI and CLI share it.

mod candidates;
pub mod dictionary;
mod gazetteer;
mod matcher;
pub mod snap;

pub use candidates::{Candidate, Scope, accept_edit, find_candidates};
pub use gazetteer::{GazetteerEntry, GazetteerError, annotate_gazetteer, parse_gazetteer};
pub use dictionary::{Dictionary, dictionary};
pub use matcher::{MatchMode, SearchIndex};
