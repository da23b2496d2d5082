//! "This file is open in another Jixiao window": an OS advisory lock on a small sidecar file,
//! which the operating system releases when its owner's process ends, however it ends (a crash,
//! a kill, a power cut of the other PC on a shared folder). A lock file left behind by a dead
//! owner is therefore free to take; nothing has to guess from ages or process ids.
//!
//! The lock is the whole-file lock of the standard library (`flock` on Unix, `LockFileEx` on
//! Windows, which SMB shares honour between PCs). The owner writes who it is into the lock file
//! (user, computer, since when) so that a second window can say so; Windows forbids reading a
//! locked file, so there the message has no owner. A lock file is removed by its owner while
//! still holding the lock, and a taker checks after locking that the path still names the file
//! it locked, so two owners can never hold one path.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::{Action, StorageError};

/// A held lock on a sidecar file; dropping it removes the file and releases the lock.
#[derive(Debug)]
pub(super) struct FileLock {
    path: PathBuf,
    file: std::fs::File,
}

/// What trying to take a lock found.
#[derive(Debug)]
pub(super) enum Acquired {
    /// Taken: ours until dropped.
    Held(FileLock),
    /// A live owner holds it; what it wrote about itself, when readable.
    Busy(Option<String>),
    /// The file system cannot lock (some network shares): proceed without the protection.
    Unsupported,
}

impl FileLock {
    /// Tries (without waiting) to take the lock at `path`, creating the lock file if needed, and
    /// writes `owner` into it when taken.
    ///
    /// # Errors
    /// When the lock file cannot be created or opened (folder missing or read-only).
    pub(super) fn try_acquire(path: &Path, owner: &str) -> std::io::Result<Acquired> {
        let mut last_error = None;
        for attempt in 0..16 {
            if attempt > 0 {
                // The previous owner is removing its lock file (Windows: "delete pending").
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            let file = match open_lock_file(path) {
                Ok(file) => file,
                Err(error) if error.kind() == std::io::ErrorKind::PermissionDenied => {
                    last_error = Some(error);
                    continue;
                }
                Err(error) => return Err(error),
            };
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Ok(Acquired::Busy(read_owner(path)));
                }
                Err(std::fs::TryLockError::Error(error))
                    if error.kind() == std::io::ErrorKind::Unsupported =>
                {
                    return Ok(Acquired::Unsupported);
                }
                Err(std::fs::TryLockError::Error(error)) => return Err(error),
            }
            // The last owner removed the file between our open and our lock: try again.
            if !is_same_file(path, &file) {
                continue;
            }
            let mut lock = Self {
                path: path.to_owned(),
                file,
            };
            // Who holds it is a courtesy for the other window's message; failing to say so
            // does not make the lock less held.
            let _ = lock.write_owner(owner);
            return Ok(Acquired::Held(lock));
        }
        Err(last_error.unwrap_or_else(|| std::io::ErrorKind::ResourceBusy.into()))
    }

    fn write_owner(&mut self, owner: &str) -> std::io::Result<()> {
        self.file.set_len(0)?;
        self.file.write_all(owner.as_bytes())?;
        self.file.flush()
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        // Removed while still locked; the file (and the lock) closes after.
        let _ = std::fs::remove_file(&self.path);
    }
}

fn open_lock_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    // Hidden in Explorer, as Office's `~$` files are (FILE_ATTRIBUTE_HIDDEN).
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt as _;
        options.attributes(0x2);
    }
    options.open(path)
}

/// What the owner of the lock at `path` wrote about itself (Unix only: Windows refuses to read
/// a locked file).
fn read_owner(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    let text = text.trim();
    (!text.is_empty() && text.chars().count() < 200).then(|| text.to_owned())
}

/// Whether `path` still names the open `file`.
fn is_same_file(path: &Path, file: &std::fs::File) -> bool {
    let (Ok(at_path), Ok(clone)) = (same_file::Handle::from_path(path), file.try_clone()) else {
        return false;
    };
    same_file::Handle::from_file(clone).is_ok_and(|open| open == at_path)
}

/// Who this process is, for a lock file: 「用户 li，计算机 PC-07，2026-03-02 09:14 起」.
pub(super) fn owner_note() -> String {
    let user = ["USERNAME", "USER", "LOGNAME"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|value| !value.is_empty()));
    let computer = ["COMPUTERNAME", "HOSTNAME"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|value| !value.is_empty()))
        .or_else(|| {
            std::fs::read_to_string("/etc/hostname")
                .ok()
                .map(|name| name.trim().to_owned())
                .filter(|name| !name.is_empty())
        });
    let mut note = String::new();
    if let Some(user) = user {
        note.push_str(&format!("用户 {user}，"));
    }
    if let Some(computer) = computer {
        note.push_str(&format!("计算机 {computer}，"));
    }
    note.push_str(&format!(
        "{} 起",
        chrono::Local::now().format("%Y-%m-%d %H:%M")
    ));
    note
}

/// The lock that says a declaration is open in a Jixiao window. Hold it as long as the window
/// shows the file for editing; dropping it (closing the file, or the process ending in any way)
/// releases it.
///
/// The lock lives in a hidden sidecar next to the file, `.~{file name}.jixiao-lock`, so windows
/// on other computers sharing the folder see it too. Where the folder is not writable, it lives
/// in the fallback folder (the user's data folder), which protects against a second window on
/// the same computer only. Where the file system cannot lock at all, the lock is not enforced
/// ([`DocumentLock::is_enforced`] is false) and the file opens as before.
#[derive(Debug)]
pub struct DocumentLock {
    document: PathBuf,
    lock: Option<FileLock>,
}

impl DocumentLock {
    /// Takes the lock for `document` (an existing file or one about to be saved), without
    /// waiting.
    ///
    /// # Errors
    /// [`StorageError::Locked`] when another live window holds it (with the owner's note where
    /// the system lets it be read); [`StorageError::Io`] (locking) when no lock file can be
    /// made, neither beside the document nor in `fallback_folder`.
    pub fn acquire(document: &Path, fallback_folder: Option<&Path>) -> Result<Self, StorageError> {
        let document = absolute(document);
        let owner = owner_note();
        let beside = sidecar_path(&document);
        let first = FileLock::try_acquire(&beside, &owner);
        let found = match (first, fallback_folder) {
            (Err(error), Some(fallback)) if cannot_create_here(&error) => {
                let _ = std::fs::create_dir_all(fallback);
                FileLock::try_acquire(&fallback_path(fallback, &document), &owner)
            }
            (found, _) => found,
        };
        match found {
            Ok(Acquired::Held(lock)) => Ok(Self {
                document,
                lock: Some(lock),
            }),
            Ok(Acquired::Unsupported) => Ok(Self {
                document,
                lock: None,
            }),
            Ok(Acquired::Busy(owner)) => Err(StorageError::Locked {
                path: document,
                owner,
            }),
            Err(error) => Err(StorageError::io(Action::Lock, &document, error)),
        }
    }

    /// The declaration this lock is for (absolute).
    pub fn document(&self) -> &Path {
        &self.document
    }

    /// Whether the lock is really held (false where the file system cannot lock).
    pub fn is_enforced(&self) -> bool {
        self.lock.is_some()
    }
}

/// The sidecar lock file of `document`: `.~{file name}.jixiao-lock` in its folder.
pub fn sidecar_path(document: &Path) -> PathBuf {
    let name = document
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    super::write::folder_of(document).join(format!(".~{name}.jixiao-lock"))
}

/// The lock file for `document` in a local fallback folder: named by a hash of its path.
fn fallback_path(fallback: &Path, document: &Path) -> PathBuf {
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(document.to_string_lossy().as_bytes());
    let hex = super::stamp::hex(&digest);
    fallback.join(format!("document-{}.lock", hex.get(..20).unwrap_or(&hex)))
}

fn cannot_create_here(error: &std::io::Error) -> bool {
    use std::io::ErrorKind as K;
    matches!(
        error.kind(),
        K::PermissionDenied | K::ReadOnlyFilesystem | K::NotFound
    )
}

/// `path` made absolute (links resolved when the file exists), so that two spellings of one
/// file share one lock.
pub(super) fn absolute(path: &Path) -> PathBuf {
    if let Ok(canonical) = std::fs::canonicalize(path) {
        return strip_verbatim(canonical);
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => {
            match std::fs::canonicalize(parent) {
                Ok(parent) => strip_verbatim(parent).join(name),
                Err(_) => std::path::absolute(path).unwrap_or_else(|_| path.to_owned()),
            }
        }
        _ => std::path::absolute(path).unwrap_or_else(|_| path.to_owned()),
    }
}

/// Windows' `canonicalize` gives `\\?\C:\…`; people (and messages) expect `C:\…`.
fn strip_verbatim(path: PathBuf) -> PathBuf {
    #[cfg(windows)]
    {
        let text = path.to_string_lossy();
        if let Some(rest) = text.strip_prefix(r"\\?\")
            && !rest.starts_with("UNC\\")
        {
            return PathBuf::from(rest);
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_window_is_told_and_a_dead_owner_frees_the_file() {
        let folder = tempfile::tempdir().unwrap();
        let document = folder.path().join("2026-党建服务工作经费.ron");
        std::fs::write(&document, "x").unwrap();

        let first = DocumentLock::acquire(&document, None).unwrap();
        assert!(first.is_enforced());
        assert!(sidecar_path(&document).exists());
        // The same file by another spelling is the same lock.
        let other_spelling = folder.path().join(".").join("2026-党建服务工作经费.ron");
        let error = DocumentLock::acquire(&other_spelling, None).unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains("已在另一个 Jixiao 窗口中打开"),
            "{message}"
        );
        #[cfg(unix)]
        assert!(message.contains(" 起"), "the owner is named: {message}");

        drop(first);
        assert!(!sidecar_path(&document).exists());
        let again = DocumentLock::acquire(&document, None).unwrap();
        assert_eq!(again.document(), std::fs::canonicalize(&document).unwrap());
    }

    #[test]
    fn a_lock_file_left_by_a_dead_owner_is_free() {
        let folder = tempfile::tempdir().unwrap();
        let document = folder.path().join("x.ron");
        // A crashed window leaves its (unlocked) lock file behind.
        std::fs::write(sidecar_path(&document), "用户 li，2026-03-02 09:14 起").unwrap();
        let lock = DocumentLock::acquire(&document, None).unwrap();
        assert!(lock.is_enforced());
    }

    #[test]
    fn a_folder_without_room_for_a_lock_uses_the_fallback() {
        let folder = tempfile::tempdir().unwrap();
        let fallback = folder.path().join("data");
        // A document in a folder that does not exist stands for one where nothing can be made.
        let document = folder.path().join("missing").join("x.ron");
        let lock = DocumentLock::acquire(&document, Some(&fallback)).unwrap();
        assert!(lock.is_enforced());
        assert!(matches!(
            DocumentLock::acquire(&document, Some(&fallback)),
            Err(StorageError::Locked { .. })
        ));
        assert!(matches!(
            DocumentLock::acquire(&document, None),
            Err(StorageError::Io {
                action: Action::Lock,
                ..
            })
        ));
    }
}
