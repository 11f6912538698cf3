//! `hamish-core`: everything in Hamish that is not a window. Projects and their edits, the
//! project file and the exchange formats, annotation helpers, review, sessions and autosave.
//!
//! Layers, bottom up (see `ARCHITECTURE.md`): [`text`] (the `hamish-text` crate: offsets,
//! decoding, normalisation, tokens, layout); [`model`] (projects, documents, spans, edits);
//! [`format`] (files); [`annotate`] and [`review`]; [`session`] and [`autosave`] for an open
//! project. Neither egui nor eframe is a dependency of this crate, so no view can leak into it.

pub use hamish_text as text;

pub mod annotate;
pub mod assets;
pub mod autosave;
pub mod events_list;
pub mod format;
pub mod frame_index;
pub mod guidelines;
pub mod model;
pub mod progress;
pub mod review;
pub mod session;
pub mod stats;
pub mod synthetic;
#[cfg(test)]
mod test_markup;
