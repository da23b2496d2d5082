//! "Changed on disk since it was opened": a stamp of a file's content (length, modification
//! time, SHA-256), taken when a declaration is loaded or saved, compared before the next save
//! and whenever the editor wants to know (e.g. when its window regains focus).

use std::io::Read as _;
use std::path::Path;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};
use sha2::Digest as _;

use super::{Action, StorageError};

/// What a file held when Jixiao last read or wrote it: its length in bytes, its modification
/// time (for display: 「于 14:32 被修改」) and the SHA-256 of its bytes as 64 lowercase hex
/// digits. Two stamps are the same file content when length and hash agree; the time alone
/// never decides, since copying a file back or touching it changes the time, not the content.
///
/// The hash is SHA-256 so that a stamp stays comparable across Jixiao versions and platforms (a
/// recovery copy keeps the stamp of its source across a restart).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiskStamp {
    /// Length in bytes.
    pub len: u64,
    /// Modification time as the file system reported it, when it did.
    pub modified: Option<SystemTime>,
    /// SHA-256 of the content, lowercase hex.
    pub sha256: String,
}

impl DiskStamp {
    /// The stamp of `bytes`, as just read from or written to a file modified at `modified`.
    pub fn of_bytes(bytes: &[u8], modified: Option<SystemTime>) -> Self {
        Self {
            len: u64::try_from(bytes.len()).unwrap_or(u64::MAX),
            modified,
            sha256: hex(&sha2::Sha256::digest(bytes)),
        }
    }

    /// The stamp of the file at `path` now (its whole content is read and hashed; links are
    /// followed); `Ok(None)` when there is no file there.
    ///
    /// # Errors
    /// [`StorageError::Io`] (reading) when the file exists but cannot be read.
    pub fn read(path: &Path) -> Result<Option<Self>, StorageError> {
        let io = |source| StorageError::io(Action::Read, path, source);
        let mut file = match std::fs::File::open(path) {
            Ok(file) => file,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(io(error)),
        };
        let modified = file.metadata().and_then(|meta| meta.modified()).ok();
        let mut hasher = sha2::Sha256::new();
        let mut buffer = vec![0; 64 * 1024];
        let mut len: u64 = 0;
        loop {
            let read = file.read(&mut buffer).map_err(io)?;
            let Some(chunk) = buffer.get(..read).filter(|chunk| !chunk.is_empty()) else {
                break;
            };
            hasher.update(chunk);
            len += u64::try_from(read).unwrap_or(u64::MAX);
        }
        Ok(Some(Self {
            len,
            modified,
            sha256: hex(&hasher.finalize()),
        }))
    }

    /// Whether `other` describes the same content (length and hash; the time is ignored).
    pub fn same_content(&self, other: &Self) -> bool {
        self.len == other.len && self.sha256 == other.sha256
    }

    /// Whether the file at `path` still holds the content this stamp describes. A removed file
    /// has changed. When the length differs the file is not read; otherwise it is read and
    /// hashed (a few milliseconds for a real declaration).
    ///
    /// # Errors
    /// [`StorageError::Io`] (reading) when the file exists but cannot be read.
    pub fn is_current(&self, path: &Path) -> Result<bool, StorageError> {
        match std::fs::metadata(path) {
            Ok(meta) if meta.len() != self.len => return Ok(false),
            Ok(_) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(false),
            Err(error) => return Err(StorageError::io(Action::Read, path, error)),
        }
        Ok(Self::read(path)?.is_some_and(|now| self.same_content(&now)))
    }
}

/// Lowercase hex of `bytes`.
pub(super) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut text, byte| {
        let _ = write!(text, "{byte:02x}");
        text
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_sha256() {
        // The SHA-256 of "abc" from FIPS 180-2, appendix B.1.
        assert_eq!(
            DiskStamp::of_bytes(b"abc", None).sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn a_stamp_notices_changes_but_not_a_touch() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("x.ron");
        std::fs::write(&path, "年度 2026").unwrap();
        let stamp = DiskStamp::read(&path).unwrap().unwrap();
        assert_eq!(
            stamp,
            DiskStamp::of_bytes("年度 2026".as_bytes(), stamp.modified)
        );
        assert!(stamp.is_current(&path).unwrap());

        // Same length, other content.
        std::fs::write(&path, "年度 2027").unwrap();
        assert!(!stamp.is_current(&path).unwrap());
        // Same content written again: not a change.
        std::fs::write(&path, "年度 2026").unwrap();
        assert!(stamp.is_current(&path).unwrap());
        // Removed.
        std::fs::remove_file(&path).unwrap();
        assert!(!stamp.is_current(&path).unwrap());
        assert_eq!(DiskStamp::read(&path).unwrap(), None);
    }
}
