//! Timestamps on spans and provenance, written as RFC 3339 UTC strings with seconds.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::time::SystemTime;

/// A point in time as written in project files, e.g. `2026-11-21T10:04:00Z`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct Timestamp(pub String);

impl Timestamp {
    pub fn now() -> Self {
        Self(humantime::format_rfc3339_seconds(SystemTime::now()).to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
