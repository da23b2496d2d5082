//! Recovery copies: what an editor window has not saved yet, kept in the user's data folder so
//! that a crash, a kill or a power cut loses at most the last few seconds of typing.
//!
//! # The rules
//!
//! - **One copy per open document.** A document is known by a [`RecoveryKey`]: its file (an
//!   absolute path) or, for a document not saved yet, a window id. Each key has one file in the
//!   folder, `copy-{hash of the key}.ron`, so windows never write over each other's copies.
//! - **One atomic file.** A copy holds the declaration *and* its source path (and the source's
//!   [`DiskStamp`] when it was opened or last saved) in one envelope, written with
//!   [`super::write_atomic`]: a copy can never pair document B with file A's path.
//! - **Owned while open.** A window *claims* its key ([`RecoveryStore::claim`]), which takes an
//!   OS lock (`copy-….lock`) for as long as the [`RecoverySlot`] lives. The lock dies with the
//!   process, so after a crash the copy is free, and [`RecoveryStore::orphans`] offers exactly
//!   the copies whose owner is gone — never the copy of a window that is still open.
//! - **Never another key's copy.** [`RecoverySlot::write`] and [`RecoverySlot::remove`] touch
//!   only their own key's file.
//!
//! # How the editor uses it
//!
//! ```text
//! start-up      store.orphans() → for each: offer 恢复 / 不恢复
//!                 恢复: keep orphan.slot as the window's slot, show orphan.copy; before the
//!                       first save compare copy.source_stamp with the file (changed → ask)
//!                 不恢复: orphan.slot.remove()
//! open F        slot = store.claim(RecoveryKey::for_file(F))   (Locked → F is open elsewhere)
//! new document  slot = store.claim(RecoveryKey::new_window())
//! typing pause  slot.write(&RecoveryCopy::new(doc, source, stamp))   (~5 s after the last key)
//! 保存 / 另存为   after the save: slot.remove(); for 另存为 claim the new file's key, drop the old
//! 不保存         slot.remove() — on every path: closing, 新建, 打开, 转为新年度申报表
//! close (saved) slot.remove(), then drop the slot
//! ```
//!
//! The folder is the platform's data folder for Jixiao (the editor passes
//! `ui::default_recovery_dir()`: `~/.local/share/jixiao/recovery` on Linux,
//! `%APPDATA%\jixiao\data\recovery` on Windows); this module takes it as given.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

use super::lock::{Acquired, FileLock, owner_note};
use super::ron_file::{read_header, read_options, syntax_error, to_ron_value};
use super::{Action, DiskStamp, FORMAT_VERSION, StorageError};
use crate::model::Declaration;

/// The envelope's `format` tag of a recovery copy.
pub const RECOVERY_FORMAT_TAG: &str = "jixiao-recovery";

/// What a recovery copy is the copy of.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RecoveryKey {
    /// A declaration file (absolute path, links resolved).
    File(PathBuf),
    /// A document with no file yet, by the id of its window (see [`RecoveryKey::new_window`]).
    Window(String),
}

impl RecoveryKey {
    /// The key of the declaration file at `path` (made absolute, so that two spellings of one
    /// file are one key).
    pub fn for_file(path: &Path) -> Self {
        Self::File(super::lock::absolute(path))
    }

    /// A key for a new, unsaved document: unique across processes and windows (process id,
    /// time, a counter).
    pub fn new_window() -> Self {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_nanos());
        let count = COUNTER.fetch_add(1, Ordering::Relaxed);
        Self::Window(format!("{}-{nanos}-{count}", std::process::id()))
    }

    /// The stem of this key's files in the recovery folder: `copy-` and 20 hex digits of the
    /// SHA-256 of the key.
    fn stem(&self) -> String {
        use sha2::Digest as _;
        let text = match self {
            Self::File(path) => format!("file:{}", path.to_string_lossy()),
            Self::Window(id) => format!("window:{id}"),
        };
        let hex = super::stamp::hex(&sha2::Sha256::digest(text.as_bytes()));
        format!("copy-{}", hex.get(..20).unwrap_or(&hex))
    }
}

/// One recovery copy: the document, where it came from, and when it was written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryCopy {
    /// The key the copy was written under.
    pub key: RecoveryKey,
    /// The file the document was opened from or last saved to; `None` for a new document.
    pub source: Option<PathBuf>,
    /// The stamp of `source` when it was opened or last saved: restoring compares it with the
    /// file, so a file changed since is not overwritten silently.
    pub source_stamp: Option<DiskStamp>,
    /// When the copy was written (local time).
    pub written_at: chrono::DateTime<chrono::Local>,
    /// The unsaved document.
    pub declaration: Declaration,
}

impl RecoveryCopy {
    /// A copy of `declaration` for `key`, written now.
    pub fn new(
        key: RecoveryKey,
        declaration: Declaration,
        source: Option<PathBuf>,
        source_stamp: Option<DiskStamp>,
    ) -> Self {
        Self {
            key,
            source,
            source_stamp,
            written_at: chrono::Local::now(),
            declaration,
        }
    }
}

#[derive(Serialize)]
struct EnvelopeOut<'a> {
    format: &'a str,
    version: u32,
    key: &'a RecoveryKey,
    source: &'a Option<PathBuf>,
    source_stamp: &'a Option<DiskStamp>,
    written_at: &'a chrono::DateTime<chrono::Local>,
    declaration: &'a Declaration,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EnvelopeIn {
    #[serde(rename = "format")]
    _format: String,
    #[serde(rename = "version")]
    _version: u32,
    key: RecoveryKey,
    source: Option<PathBuf>,
    source_stamp: Option<DiskStamp>,
    written_at: chrono::DateTime<chrono::Local>,
    declaration: Declaration,
}

/// The folder of recovery copies.
#[derive(Clone, Debug)]
pub struct RecoveryStore {
    dir: PathBuf,
}

impl RecoveryStore {
    /// Recovery copies in `dir` (created when the first copy is claimed).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Claims `key` for this window: its copy is this window's to write and remove until the
    /// slot is dropped (or the process ends). An existing copy under the key (left by a crash)
    /// is not touched; read it with [`RecoverySlot::read`].
    ///
    /// # Errors
    /// [`StorageError::Locked`] when another live window holds the key (the same file open
    /// twice); [`StorageError::Io`] when the folder cannot be created or locked.
    pub fn claim(&self, key: RecoveryKey) -> Result<RecoverySlot, StorageError> {
        std::fs::create_dir_all(&self.dir)
            .map_err(|error| StorageError::io(Action::CreateFolder, &self.dir, error))?;
        let stem = key.stem();
        match self.lock(&stem)? {
            Claimed::Held(lock) => Ok(RecoverySlot {
                dir: self.dir.clone(),
                stem,
                key: Some(key),
                _lock: lock,
            }),
            Claimed::Busy(owner) => Err(StorageError::Locked {
                path: match key {
                    RecoveryKey::File(path) => path,
                    RecoveryKey::Window(_) => self.dir.join(format!("{stem}.ron")),
                },
                owner,
            }),
        }
    }

    /// The copies whose window is gone (crashed, killed, or closed with unsaved work), each
    /// already claimed for the caller: keep the slot to restore the copy, or call
    /// [`RecoverySlot::remove`] to discard it. Copies of windows still open are not listed.
    /// A copy that cannot be read is listed with its error, so it can be discarded. Lock files
    /// left without a copy are removed on the way.
    ///
    /// # Errors
    /// [`StorageError::Io`] when the folder exists but cannot be read. A missing folder has no
    /// copies.
    pub fn orphans(&self) -> Result<Vec<Orphan>, StorageError> {
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(error) => return Err(StorageError::io(Action::ReadFolder, &self.dir, error)),
        };
        let mut stems: Vec<String> = entries
            .flatten()
            .filter_map(|entry| {
                let name = entry.file_name().to_str()?.to_owned();
                let stem = name.strip_prefix("copy-")?;
                let stem = stem
                    .strip_suffix(".ron")
                    .or_else(|| stem.strip_suffix(".lock"))?;
                Some(format!("copy-{stem}"))
            })
            .collect();
        stems.sort();
        stems.dedup();
        let mut orphans = Vec::new();
        for stem in stems {
            let copy_path = self.dir.join(format!("{stem}.ron"));
            // A lock file of a window that is gone, whose copy was removed or never written:
            // taking and dropping the lock removes it.
            let Ok(Claimed::Held(lock)) = self.lock(&stem) else {
                continue;
            };
            if !copy_path.exists() {
                continue;
            }
            let copy = read_copy(&copy_path);
            let slot = RecoverySlot {
                dir: self.dir.clone(),
                stem,
                key: copy.as_ref().ok().map(|copy| copy.key.clone()),
                _lock: lock,
            };
            orphans.push(Orphan { slot, copy });
        }
        Ok(orphans)
    }

    fn lock(&self, stem: &str) -> Result<Claimed, StorageError> {
        let path = self.dir.join(format!("{stem}.lock"));
        match FileLock::try_acquire(&path, &owner_note()) {
            Ok(Acquired::Held(lock)) => Ok(Claimed::Held(Some(lock))),
            Ok(Acquired::Unsupported) => Ok(Claimed::Held(None)),
            Ok(Acquired::Busy(owner)) => Ok(Claimed::Busy(owner)),
            Err(error) => Err(StorageError::io(Action::Lock, &path, error)),
        }
    }
}

enum Claimed {
    Held(Option<FileLock>),
    Busy(Option<String>),
}

/// A recovery copy left by a window that is gone, claimed for the caller.
#[derive(Debug)]
pub struct Orphan {
    /// The claim on its key: keep it to go on with the copy, or remove the copy through it.
    pub slot: RecoverySlot,
    /// The copy, or why it cannot be read.
    pub copy: Result<RecoveryCopy, StorageError>,
}

/// A window's claim on one key: the right to write and remove that key's copy, held until the
/// slot is dropped. Dropping keeps the copy (a crash keeps it too); remove it explicitly when
/// the document is saved or discarded.
#[derive(Debug)]
pub struct RecoverySlot {
    dir: PathBuf,
    stem: String,
    key: Option<RecoveryKey>,
    _lock: Option<FileLock>,
}

impl RecoverySlot {
    /// The key this slot holds (`None` for an orphan whose copy could not be read).
    pub fn key(&self) -> Option<&RecoveryKey> {
        self.key.as_ref()
    }

    /// The copy's file.
    pub fn path(&self) -> PathBuf {
        self.dir.join(format!("{}.ron", self.stem))
    }

    /// Writes (replaces) this key's copy atomically: the document and its source in one file.
    ///
    /// # Errors
    /// [`StorageError::Io`] when it cannot be written; [`StorageError::TooLargeToSave`].
    pub fn write(&self, copy: &RecoveryCopy) -> Result<(), StorageError> {
        let path = self.path();
        let text = to_ron_value(&EnvelopeOut {
            format: RECOVERY_FORMAT_TAG,
            version: FORMAT_VERSION,
            key: &copy.key,
            source: &copy.source,
            source_stamp: &copy.source_stamp,
            written_at: &copy.written_at,
            declaration: &copy.declaration,
        })
        .map_err(|error| match error {
            StorageError::TooLargeToSave { bytes, .. } => StorageError::TooLargeToSave {
                path: path.clone(),
                bytes,
            },
            other => other,
        })?;
        super::write_atomic(&path, text.as_bytes())
    }

    /// This key's copy, if there is one.
    ///
    /// # Errors
    /// As [`super::load`], when the copy exists but cannot be read.
    pub fn read(&self) -> Result<Option<RecoveryCopy>, StorageError> {
        let path = self.path();
        if !path.exists() {
            return Ok(None);
        }
        read_copy(&path).map(Some)
    }

    /// Removes this key's copy (nothing else); no copy is fine.
    ///
    /// # Errors
    /// [`StorageError::Io`] when it exists and cannot be removed.
    pub fn remove(&self) -> Result<(), StorageError> {
        let path = self.path();
        match std::fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(error) => Err(StorageError::io(Action::Save, &path, error)),
        }
    }
}

/// Reads the recovery copy at `path`.
fn read_copy(path: &Path) -> Result<RecoveryCopy, StorageError> {
    let bytes = super::read_bounded(path)?;
    let text = super::decode_declaration_text(&bytes, path)?;
    let version = read_header(&text, path, RECOVERY_FORMAT_TAG)?;
    if version != FORMAT_VERSION {
        return Err(StorageError::UnknownVersion {
            path: path.to_owned(),
            found: version,
        });
    }
    let envelope: EnvelopeIn = read_options()
        .from_str(&text)
        .map_err(|error| syntax_error(&error, &text, path))?;
    Ok(RecoveryCopy {
        key: envelope.key,
        source: envelope.source,
        source_stamp: envelope.source_stamp,
        written_at: envelope.written_at,
        declaration: envelope.declaration,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn declaration(name: &str) -> Declaration {
        let mut declaration = Declaration::new_current(2026);
        declaration.project_name = name.into();
        declaration
    }

    #[test]
    fn keys_of_one_file_agree_and_windows_differ() {
        let folder = tempfile::tempdir().unwrap();
        let file = folder.path().join("x.ron");
        std::fs::write(&file, "x").unwrap();
        assert_eq!(
            RecoveryKey::for_file(&file),
            RecoveryKey::for_file(&folder.path().join(".").join("x.ron"))
        );
        assert_ne!(RecoveryKey::new_window(), RecoveryKey::new_window());
        assert_ne!(
            RecoveryKey::for_file(&file).stem(),
            RecoveryKey::new_window().stem()
        );
    }

    #[test]
    fn a_copy_holds_document_and_source_in_one_file() {
        let folder = tempfile::tempdir().unwrap();
        let store = RecoveryStore::new(folder.path().join("recovery"));
        let source = folder.path().join("2026-党建服务工作经费.ron");
        std::fs::write(&source, "旧").unwrap();
        let key = RecoveryKey::for_file(&source);
        let slot = store.claim(key.clone()).unwrap();
        let stamp = DiskStamp::read(&source).unwrap();
        let copy = RecoveryCopy::new(
            key,
            declaration("党建服务工作经费"),
            Some(source.clone()),
            stamp,
        );
        slot.write(&copy).unwrap();
        assert_eq!(slot.read().unwrap().unwrap(), copy);
        let files: Vec<_> = std::fs::read_dir(store.dir())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".ron"))
            .collect();
        assert_eq!(files.len(), 1, "{files:?}");
    }
}
