//! The entity registry file (`*.entities.ron`, e.g. `samples/sahel-entities.ron`): a registry
//! on its own, to load into any project (`hamish entities import`) or write from one
//! (`hamish entities export`). See `docs/FORMAT.md`.
//!
//! It is RON written exactly like the `entities` field of a project file (the same pretty
//! configuration and string escaping, entities sorted by id), behind a `format` number of its
//! own:
//!
//! ```text
//! (
//!     format: 1,
//!     entities: [ (id: "jnim", kind: Group, name_ar: "…", name_latin: "JNIM", …), … ],
//! )
//! ```
//!
//! Reading refuses a newer format and a registry with problems on its own (duplicate ids,
//! unknown parents, …: [`crate::model::registry_faults`]), each error naming the file.

use super::atomic::write_atomic;
use super::project_file::{escape_strings, pretty_config};
use crate::model::{Entity, EntityFault, EntityId, registry_faults};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use thiserror::Error;

/// The version of the registry file this Hamish writes and the newest it reads.
pub const REGISTRY_FORMAT: u32 = 1;

#[derive(Serialize)]
struct RegistryOut<'a> {
    format: u32,
    entities: &'a [Entity],
}

#[derive(Deserialize)]
struct RegistryIn {
    format: u32,
    #[serde(default)]
    entities: Vec<Entity>,
}

/// Why a registry file could not be read or written.
#[derive(Debug, Error)]
pub enum RegistryError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is not UTF-8 text")]
    NotUtf8 { path: PathBuf },
    #[error("{path}:{line}:{column}: not a valid Hamish entity registry: {message}")]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "{path} was written by a newer Hamish (registry format {found}); this Hamish reads formats up to {REGISTRY_FORMAT}"
    )]
    NewerFormat { path: PathBuf, found: u32 },
    #[error("{path}: {} problem(s), first: entity {}: {}", .problems.len(), .problems[0].0, .problems[0].1)]
    Invalid {
        path: PathBuf,
        problems: Vec<(EntityId, EntityFault)>,
    },
}

/// The text of a registry file holding `entities`, sorted by id.
pub fn registry_to_string(entities: &[Entity]) -> String {
    let mut sorted = entities.to_vec();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    let out = RegistryOut {
        format: REGISTRY_FORMAT,
        entities: &sorted,
    };
    let text = ron::ser::to_string_pretty(&out, pretty_config())
        .expect("a registry always serialises: it has only strings, numbers and lists");
    let mut text = escape_strings(&text);
    text.push('\n');
    text
}

/// Parse and check the text of a registry file; `path` is used in messages only. The
/// entities come back sorted by id.
pub fn parse_registry(text: &str, path: &Path) -> Result<Vec<Entity>, RegistryError> {
    let file: RegistryIn = ron::from_str(text).map_err(|err| RegistryError::Parse {
        path: path.to_owned(),
        line: err.span.start.line,
        column: err.span.start.col,
        message: err.code.to_string(),
    })?;
    if file.format > REGISTRY_FORMAT {
        return Err(RegistryError::NewerFormat {
            path: path.to_owned(),
            found: file.format,
        });
    }
    let problems = registry_faults(&file.entities);
    if !problems.is_empty() {
        return Err(RegistryError::Invalid {
            path: path.to_owned(),
            problems,
        });
    }
    let mut entities = file.entities;
    entities.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(entities)
}

/// Read and check a registry file.
pub fn read_registry(path: &Path) -> Result<Vec<Entity>, RegistryError> {
    let bytes = std::fs::read(path).map_err(|source| RegistryError::Read {
        path: path.to_owned(),
        source,
    })?;
    let text = std::str::from_utf8(&bytes).map_err(|_| RegistryError::NotUtf8 {
        path: path.to_owned(),
    })?;
    parse_registry(text, path)
}

/// Write `entities` as a registry file, atomically (see [`write_atomic`]).
pub fn write_registry(path: &Path, entities: &[Entity]) -> Result<(), RegistryError> {
    write_atomic(path, registry_to_string(entities).as_bytes()).map_err(|source| {
        RegistryError::Write {
            path: path.to_owned(),
            source,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EntityKind;

    #[test]
    fn the_shipped_starter_registry_is_valid_and_written_canonically() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples/sahel-entities.ron");
        let text = std::fs::read_to_string(&path).unwrap();
        let entities = parse_registry(&text, &path).unwrap();
        assert!(entities.len() > 40, "{}", entities.len());
        assert_eq!(registry_to_string(&entities), text, "not in canonical form");
        assert!(
            entities.iter().all(|e| e.outside.is_empty()),
            "outside ids are the analyst's to check and type"
        );
    }

    #[test]
    fn round_trip_newer_format_and_problems() {
        let mut corps = Entity::new(
            EntityId::new("africa-corps"),
            EntityKind::Group,
            "الفيلق الروسي الإفريقي",
            "Africa Corps",
        );
        corps.predecessor = Some(EntityId::new("wagner"));
        corps.note = "Wagner's \"successor\"".into();
        let wagner = Entity::new(
            EntityId::new("wagner"),
            EntityKind::Group,
            "مجموعة فاغنر",
            "",
        );
        let text = registry_to_string(&[wagner.clone(), corps.clone()]);
        let p = Path::new("r.entities.ron");
        assert_eq!(parse_registry(&text, p).unwrap(), [corps.clone(), wagner]);
        let newer = text.replace("format: 1", "format: 9");
        assert!(matches!(
            parse_registry(&newer, p),
            Err(RegistryError::NewerFormat { found: 9, .. })
        ));
        let alone = registry_to_string(&[corps]);
        let err = parse_registry(&alone, p).unwrap_err();
        assert!(err.to_string().contains("wagner"), "{err}");
        let err = parse_registry("(format: 1, entities: [(id: 3)])", p).unwrap_err();
        assert!(matches!(err, RegistryError::Parse { line: 1, .. }), "{err}");
    }
}
