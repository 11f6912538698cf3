//! What a project file looked like when we last read or wrote it: modification time, length
//! and SHA-256 of its bytes. A file whose time changed but whose bytes did not (a `touch`, a
//! git checkout of the same content) does not count as changed.

use sha2::{Digest, Sha256};
use std::io;
use std::path::Path;
use std::time::SystemTime;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiskStamp {
    modified: Option<SystemTime>,
    len: u64,
    hash: [u8; 32],
}

impl DiskStamp {
    /// Stamp the file as it is now.
    pub fn read(path: &Path) -> io::Result<Self> {
        let bytes = std::fs::read(path)?;
        let meta = std::fs::metadata(path)?;
        Ok(Self::of_bytes(&bytes, meta.modified().ok()))
    }

    fn of_bytes(bytes: &[u8], modified: Option<SystemTime>) -> Self {
        Self {
            modified,
            len: bytes.len() as u64,
            hash: Sha256::digest(bytes).into(),
        }
    }

    /// Whether the file now differs from this stamp: deleted, or different bytes. Cheap when
    /// nothing happened (one `stat`); hashes only when time or length moved. A file whose bytes
    /// are the same gets its new time remembered.
    pub fn changed(&mut self, path: &Path) -> bool {
        let Ok(meta) = std::fs::metadata(path) else {
            return true;
        };
        if meta.modified().ok() == self.modified && meta.len() == self.len {
            return false;
        }
        match std::fs::read(path) {
            Ok(bytes) => {
                let now = Self::of_bytes(&bytes, meta.modified().ok());
                if now.hash == self.hash {
                    *self = now;
                    false
                } else {
                    true
                }
            }
            Err(_) => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn detects_other_bytes_but_not_a_touch() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.hamish.ron");
        std::fs::write(&path, "one").unwrap();
        let mut stamp = DiskStamp::read(&path).unwrap();
        assert!(!stamp.changed(&path));
        // Same bytes, newer time.
        let file = std::fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(SystemTime::now() + Duration::from_secs(5))
            .unwrap();
        drop(file);
        assert!(!stamp.changed(&path));
        // Same length, other bytes, and the old time put back: the hash still tells.
        std::fs::write(&path, "two").unwrap();
        assert!(stamp.changed(&path));
        std::fs::remove_file(&path).unwrap();
        assert!(stamp.changed(&path));
    }
}
