//! The annotation model: projects, documents, spans, events, relations and attributes, the
//! schema that declares labels and frames, the entity registry spans link to, edits and
//! their history.
//!
//! Nothing here knows about egui, files or formats. All text positions in the model are
//! [`CharOffset`]s: counts of Unicode scalar values (what Rust's `str::chars` yields and what
//! Python's `str` indexes), never bytes.
//!
//! The model protects itself: what could make a project invalid (its schema and documents, a
//! document's id, text and spans, a span's range and covered text) is readable from outside
//! but changed only here, through [`Edit`]s applied by [`Project::apply`], which refuses any
//! edit that would leave a problem [`Project::validate`] would report; both use the same span
//! check. Documents not yet in a project are built with [`Document::add_span`] or a
//! [`DocumentBuilder`], which make that check too. Only reading a file (or
//! [`Project::from_parts`], which returns the problems with the project) can give an invalid
//! project, and a session on one is read-only.

mod attributes;
mod document;
mod edit;
mod entity;
mod entity_edit;
#[cfg(test)]
mod entity_proptests;
mod frame_edit;
#[cfg(test)]
mod frame_proptests;
mod frames;
mod history;
mod ids;
mod project;
#[cfg(test)]
mod proptests;
mod registry_import;
mod schema;
mod settings;
mod span;
mod taxonomy;
mod time;
mod validate;

pub use attributes::{
    AttrScope, AttrValue, AttributeDef, Attributes, DatePrecision, PartialDate, Quantity,
    ValueType, default_attributes,
};
pub use document::{DocStatus, Document, DocumentBuilder, DocumentMeta};
pub use edit::{AttrOwner, Edit, EditError};
pub use entity::{
    Coordinates, Entity, EntityFault, EntityKind, LinkFault, OutsideIds, registry_faults,
    spelling_key,
};
pub use frames::{Argument, ArgumentProvenance, Dependents, Event, FrameProvenance, Relation};
pub use hamish_text::layout::BaseDirection;
pub use hamish_text::offset::{CharOffset, CharRange};
pub use history::History;
pub use ids::{
    AnnotatorId, AttributeId, DocId, EntityId, EventId, EventTypeId, LabelId, RelationId,
    RelationTypeId, RoleId, SpanId,
};
#[cfg(test)]
pub(crate) use project::damaged;
pub use project::{Annotator, FORMAT_VERSION, Project};
pub use registry_import::{RegistryImport, RegistryImportError};
pub use schema::{Color, Label, LabelKind, Schema};
pub use settings::{Alias, ProjectSettings, SnapRules};
pub use span::{Provenance, Span};
pub use taxonomy::{
    Cardinality, EventType, RelationType, RoleDef, default_event_types, default_relation_types,
    default_roles,
};
pub use time::Timestamp;
pub use validate::{FrameFault, FrameRef, Problem, ProblemKind};
