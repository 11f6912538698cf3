//! Hamish (هامش, "margin note"): an offline annotation tool for Arabic news about armed
//! groups in the Sahel.
//!
//! Layout (see `ARCHITECTURE.md`): [`model`] holds projects, documents, spans and edits and
//! knows nothing of files or windows; [`text`] offers offset conversion, decoding and layout;
//! [`format`] reads and writes files; [`cli`] and [`gui`] are thin shells over them.

pub mod annotate;
pub mod assets;
pub mod autosave;
pub mod cli;
pub mod format;
pub mod gui;
pub mod model;
pub mod review;
pub mod session;
pub mod synthetic;
pub mod text;
