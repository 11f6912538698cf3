//! Files: the RON project file, atomic saving, and importing plain text.
//!
//! Exports and imports of exchange formats live in their own modules beside these.

pub mod atomic;
pub mod canonical;
pub mod error;
pub mod export;
#[cfg(test)]
mod hostile;
pub mod import;
pub mod import_text;
pub mod lock;
pub mod project_file;
pub mod registry;
#[cfg(test)]
mod save_faults;

pub use error::{LoadError, SaveError};
pub use project_file::{
    Loaded, load_project, parse_project, parse_project_bytes, save_project, save_project_with,
    to_ron_string,
};
