//! Reviewing colleagues' labels: aligning several annotators' projects on the same documents,
//! agreement metrics on spans and on event frames, adjudication into a gold project (by hand or automatically), the diff of
//! the gold against one annotator, and the three-way semantic merge behind the git driver.
//!
//! Nothing here knows about egui or the command line; both call these functions.

pub mod adjudication;
pub mod align;
pub mod alpha;
pub mod conflicts;
pub mod confusion;
pub mod diff;
pub mod frame_adjudication;
pub mod frame_prf;
pub mod frame_report;
pub mod frames;
pub mod gamma;
pub mod kappa;
pub mod merge;
pub mod prf;
pub mod report;
pub mod three_way;
pub mod three_way_frames;
#[cfg(test)]
mod three_way_proptests;
pub mod tokens;
pub mod unitizing;

pub use adjudication::{Adjudication, Decided, Decision};
pub use align::{Agreement, AlignedDoc, Alignment, Candidate, Cluster, DocPresence};
pub use conflicts::{
    ConflictRecord, conflict_records, conflicts_csv, conflicts_json, frame_conflict_records,
};
pub use diff::{DiffItem, DiffKind, GoldDiff, diff_gold};
pub use frame_adjudication::{
    ComposedFrame, EventRef, Filler, FrameDecision, GoldNote, RelationDecision, RelationRef,
    TypeChoice,
};
pub use frame_report::FrameReport;
pub use frames::{FrameDisagreement, FrameIssue};
pub use merge::{Strategy, merge};
pub use report::AgreementReport;
pub use three_way::{ThreeWay, three_way_merge};
