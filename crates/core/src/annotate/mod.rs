//! Annotate-all and search: finding every occurrence of a surface form through Arabic spelling
//! variation, turning accepted occurrences into one [`crate::model::Edit::Batch`], and the
//! gazetteer pre-annotation behind `hamish annotate`, linking spans to the entity registry
//! and annotate-all by entity ([`linking`]), and snapping a raw selection to whole
//! words ([`snap`]); argument suggestions for an event's roles from the trigger's sentence
//! ([`arguments`]). Whether a first letter و ف ب ك ل is a proclitic is decided with the
//! project's names and a dictionary of ordinary Arabic words ([`dictionary`]). Egui-free; the
//! GUI and CLI share it.

pub mod arguments;
mod candidates;
pub mod dictionary;
mod gazetteer;
mod linking;
mod matcher;
pub mod snap;

pub use arguments::{
    Proposal, ProposalError, Reason, accept_proposals, new_event_with, propose_arguments,
    propose_for_trigger,
};
pub use candidates::{
    Candidate, Scope, SearchCache, accept_edit, find_candidates, find_candidates_watched,
    find_candidates_with,
};
pub use dictionary::{Dictionary, dictionary};
pub use gazetteer::{
    AmbiguousMatch, GazetteerEntry, GazetteerError, GazetteerRun, annotate_gazetteer,
    annotate_gazetteer_with, parse_gazetteer,
};
pub use linking::{
    AliasIndex, LinkSuggestion, SpanSuggestion, accept_linked_edit, accept_suggestions,
    entity_candidates, label_for, link_key, suggest_links,
};
pub use matcher::{MatchMode, SearchIndex, WordMatch};
