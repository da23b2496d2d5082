//! Writing a file so that it is always the whole old one or the whole new one.
//!
//! The bytes go to a temporary file `.jixiao-XXXXXX.tmp` in the destination folder, which is
//! locked while it is written (an OS advisory lock that dies with the process), synced, given
//! the old file's permissions (and, on Unix, its owner and group where the user may keep them),
//! and renamed over the target; on Unix the folder is synced too (Windows has no such call, and
//! needs none for the rename to last). A save that is killed leaves at most its one temporary
//! file; the next save into that folder removes every `.jixiao-*.tmp` whose writer is gone (its
//! lock is free), and, where the file system cannot lock, those older than
//! [`LEFTOVER_AGE`]. Nothing else in the folder is touched.
//!
//! When the folder itself is not writable but the file is (a shared folder where colleagues may
//! change files but not add them), the new bytes are first written to the system's temporary
//! folder and read back, then written into the file in place and read back; [`Written::in_place`]
//! says so, and if the in-place write fails the complete new content is kept and named in the
//! error.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{Action, DiskStamp, StorageError};

/// Temporary files are named `{TEMP_PREFIX}XXXXXX{TEMP_SUFFIX}`: hidden on Unix, and recognisably
/// Jixiao's own, so that only they are ever cleaned up.
pub const TEMP_PREFIX: &str = ".jixiao-";
/// See [`TEMP_PREFIX`].
pub const TEMP_SUFFIX: &str = ".tmp";

/// Where a temporary file cannot be locked (some network file systems), a leftover is only
/// removed once it is this old (10 minutes): no save takes that long, so its writer is gone.
pub const LEFTOVER_AGE: Duration = Duration::from_secs(10 * 60);

/// What a successful write did.
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use]
pub struct Written {
    /// The stamp of the file as written (compare it before the next save).
    pub stamp: DiskStamp,
    /// The folder was not writable, so the file was overwritten in place, after the new bytes
    /// had been written and verified in the system's temporary folder. Tell the user
    /// ([`Written::note`]).
    pub in_place: bool,
}

impl Written {
    /// `bytes` just written to `target` (`in_place`: see [`Written::in_place`]), stamped with
    /// the file's modification time now.
    fn of(target: &Path, bytes: &[u8], in_place: bool) -> Self {
        let modified = std::fs::metadata(target)
            .and_then(|meta| meta.modified())
            .ok();
        Self {
            stamp: DiskStamp::of_bytes(bytes, modified),
            in_place,
        }
    }

    /// A sentence for the user when the save was unusual, e.g. written in place; `None` for an
    /// ordinary save.
    pub fn note(&self) -> Option<&'static str> {
        self.in_place.then_some(
            "文件夹不可写入（无法在其中建立临时文件），已直接覆盖原文件：新内容先在系统临时文件夹中写好并核对无误，写入后又核对了一遍",
        )
    }
}

/// Replaces the file at `path` with `bytes`, never leaving a half-written file (see the module
/// docs).
///
/// A symbolic link is followed (its target is replaced, the link stays); the old file's
/// permissions are kept, and a new file gets the usual ones (not the temporary file's 0600).
/// A target that is a folder, a device or pipe, or a file marked read-only is refused before
/// anything is written.
///
/// # Errors
/// [`StorageError::Io`] naming `path`: folder missing or not writable (and the file not
/// writable either), target is a folder or read-only, disk full; [`StorageError::NotAFile`] for
/// a device or pipe; [`StorageError::InPlaceFailed`] when an in-place write failed part-way.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), StorageError> {
    write_checked(path, bytes, None).map(drop)
}

/// [`write_atomic`], first checking that the file still holds what `expected` describes (the
/// stamp from when it was opened or last saved): if someone changed or removed it since, nothing
/// is written. `None` writes regardless (a new file, or 仍然覆盖).
///
/// # Errors
/// As [`write_atomic`], and [`StorageError::ChangedOnDisk`].
pub fn write_checked(
    path: &Path,
    bytes: &[u8],
    expected: Option<&DiskStamp>,
) -> Result<Written, StorageError> {
    write_with(path, bytes, expected, &|folder, new_file| {
        create_temp(folder, new_file)
    })
}

/// Creates a temporary file in a folder (`true`: for a new file, with the usual permissions).
type TempMaker<'a> = dyn Fn(&Path, bool) -> std::io::Result<tempfile::NamedTempFile> + 'a;

/// [`write_checked`] with the temporary file made by `make_temp` (tests make it fail as a
/// read-only folder does, which cannot be arranged for an administrator).
fn write_with(
    path: &Path,
    bytes: &[u8],
    expected: Option<&DiskStamp>,
    make_temp: &TempMaker<'_>,
) -> Result<Written, StorageError> {
    let io = |source| StorageError::io(Action::Save, path, source);
    let target = resolve_link(path);
    let existing = match check_regular_file(&target, Action::Save) {
        Ok(meta) if meta.permissions().readonly() => {
            return Err(io(std::io::ErrorKind::PermissionDenied.into()));
        }
        Ok(meta) => Some(meta),
        // Nothing there yet: a new file.
        Err(None) => None,
        Err(Some(refused)) => return Err(refused),
    };
    if let Some(expected) = expected
        && !expected.is_current(&target)?
    {
        return Err(StorageError::ChangedOnDisk {
            path: path.to_owned(),
        });
    }
    let folder = folder_of(&target);
    remove_leftovers(folder);
    let temporary = match make_temp(folder, existing.is_none()) {
        Ok(temporary) => temporary,
        Err(error)
            if error.kind() == std::io::ErrorKind::PermissionDenied && existing.is_some() =>
        {
            return write_in_place(path, &target, bytes);
        }
        Err(error) => return Err(io(without_temp_path(error))),
    };
    replace_with(temporary, bytes, &target, existing.as_ref()).map_err(io)
}

/// Writes `bytes` into `temporary`, gives it the old file's owner and permissions, syncs it and
/// renames it over `target`.
fn replace_with(
    mut temporary: tempfile::NamedTempFile,
    bytes: &[u8],
    target: &Path,
    existing: Option<&std::fs::Metadata>,
) -> std::io::Result<Written> {
    // tempfile names its own random file in errors; the user only knows the target.
    temporary.write_all(bytes).map_err(without_temp_path)?;
    if let Some(meta) = existing {
        #[cfg(unix)]
        keep_owner(temporary.as_file(), meta);
        temporary
            .as_file()
            .set_permissions(meta.permissions())
            .map_err(without_temp_path)?;
    }
    temporary.as_file().sync_all().map_err(without_temp_path)?;
    // On failure the error owns the temporary file, and dropping it deletes it.
    let file = temporary.persist(target).map_err(|error| error.error)?;
    drop(file);
    sync_folder(folder_of(target));
    Ok(Written::of(target, bytes, false))
}

/// The old file's owner and group on the new one, where the user may set them: a user can give
/// a file to one of their own groups but not to another user, so when both cannot be kept the
/// group alone is tried. Best effort: the new file is still saved with the writer's ownership.
#[cfg(unix)]
fn keep_owner(file: &std::fs::File, old: &std::fs::Metadata) {
    use std::os::unix::fs::MetadataExt as _;
    let Ok(new) = file.metadata() else {
        return;
    };
    if (new.uid(), new.gid()) == (old.uid(), old.gid()) {
        return;
    }
    if std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid())).is_err() {
        let _ = std::os::unix::fs::fchown(file, None, Some(old.gid()));
    }
}

/// A temporary file in `folder`, locked by this process (so a cleanup in another process leaves
/// it alone) and still present after locking (a cleanup could have removed it in between; then
/// a new one is made).
pub(super) fn create_temp(
    folder: &Path,
    new_file: bool,
) -> std::io::Result<tempfile::NamedTempFile> {
    for _ in 0..4 {
        let mut builder = tempfile::Builder::new();
        builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
        // A temporary file is owner-only (0600) by default; a new file should get the usual
        // permissions (0666 less the umask) so colleagues on a shared folder can read it.
        #[cfg(unix)]
        if new_file {
            use std::os::unix::fs::PermissionsExt as _;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        #[cfg(not(unix))]
        let _ = new_file;
        let temporary = builder.tempfile_in(folder)?;
        match temporary.as_file().try_lock() {
            Ok(()) => {}
            // A cleanup holds it and is about to remove it.
            Err(std::fs::TryLockError::WouldBlock) => continue,
            // No locks here: cleanups go by age instead.
            Err(std::fs::TryLockError::Error(_)) => return Ok(temporary),
        }
        if is_same_file(temporary.path(), temporary.as_file()) {
            return Ok(temporary);
        }
    }
    Err(std::io::ErrorKind::ResourceBusy.into())
}

/// Whether `path` still names the open `file`.
fn is_same_file(path: &Path, file: &std::fs::File) -> bool {
    let (Ok(at_path), Ok(clone)) = (same_file::Handle::from_path(path), file.try_clone()) else {
        return false;
    };
    same_file::Handle::from_file(clone).is_ok_and(|open| open == at_path)
}

/// Removes Jixiao's leftover temporary files in `folder`: those whose writer is gone (their lock
/// can be taken), or, where locks do not work, those older than [`LEFTOVER_AGE`]. Best effort
/// and silent: a leftover that cannot be removed is tried again at the next save.
pub fn remove_leftovers(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let is_ours = name
            .to_str()
            .is_some_and(|name| name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX));
        if !is_ours || !entry.file_type().is_ok_and(|kind| kind.is_file()) {
            continue;
        }
        let path = entry.path();
        let Ok(file) = std::fs::File::open(&path) else {
            continue;
        };
        match file.try_lock() {
            // Holding the lock: a writer starting now sees its file gone and makes another.
            Ok(()) => {
                if is_same_file(&path, &file) {
                    let _ = std::fs::remove_file(&path);
                }
            }
            Err(std::fs::TryLockError::WouldBlock) => {}
            Err(std::fs::TryLockError::Error(_)) => {
                let old = file
                    .metadata()
                    .and_then(|meta| meta.modified())
                    .ok()
                    .and_then(|modified| modified.elapsed().ok())
                    .is_some_and(|age| age > LEFTOVER_AGE);
                if old {
                    let _ = std::fs::remove_file(&path);
                }
            }
        }
    }
}

/// The folder was not writable but the file is: write the bytes to the system's temporary
/// folder and verify them, then overwrite the file in place and verify it. If the in-place
/// write fails after the file was touched, the verified copy is kept and named in the error.
fn write_in_place(path: &Path, target: &Path, bytes: &[u8]) -> Result<Written, StorageError> {
    let io = |source| StorageError::io(Action::Save, path, source);
    let suffix = target
        .file_name()
        .map(|name| format!("-{}", name.to_string_lossy()))
        .unwrap_or_default();
    let mut copy = tempfile::Builder::new()
        .prefix("jixiao-新内容-")
        .suffix(&suffix)
        .tempfile()
        .map_err(|error| io(without_temp_path(error)))?;
    copy.write_all(bytes)
        .and_then(|()| copy.as_file().sync_all())
        .and_then(|()| verify(copy.path(), bytes))
        .map_err(|error| io(without_temp_path(error)))?;

    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .open(target)
        .map_err(io)?;
    // From here on the file is being changed: a failure keeps the verified copy.
    let written = file
        .set_len(0)
        .and_then(|()| file.write_all(bytes))
        .and_then(|()| file.sync_all())
        .and_then(|()| verify(target, bytes));
    drop(file);
    match written {
        Ok(()) => Ok(Written::of(target, bytes, true)),
        Err(source) => {
            let kept: PathBuf = match copy.keep() {
                Ok((_, kept)) => kept,
                Err(error) => error.file.path().to_owned(),
            };
            Err(StorageError::InPlaceFailed {
                path: path.to_owned(),
                copy: kept,
                source,
            })
        }
    }
}

/// Reads `path` back and compares it with `bytes`.
fn verify(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if std::fs::read(path)? == bytes {
        Ok(())
    } else {
        Err(std::io::ErrorKind::InvalidData.into())
    }
}

/// The file a path names: a symbolic link's target (so the link stays a link), else the path.
fn resolve_link(path: &Path) -> PathBuf {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|meta| meta.file_type().is_symlink());
    if is_link {
        std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned())
    } else {
        path.to_owned()
    }
}

/// The folder holding `path` (`.` for a bare file name).
pub(super) fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// The metadata of the regular file at `path`. `Err(Some(…))` for a folder (`Io`, kind
/// `IsADirectory`) or a device, pipe or socket ([`StorageError::NotAFile`]); `Err(None)` when
/// nothing can be found there (the caller decides whether that is an error).
pub(super) fn check_regular_file(
    path: &Path,
    action: Action,
) -> Result<std::fs::Metadata, Option<StorageError>> {
    let metadata = std::fs::metadata(path).map_err(|_| None)?;
    if metadata.is_dir() {
        return Err(Some(StorageError::io(
            action,
            path,
            std::io::ErrorKind::IsADirectory.into(),
        )));
    }
    if !metadata.is_file() {
        return Err(Some(StorageError::NotAFile {
            action,
            path: path.to_owned(),
        }));
    }
    Ok(metadata)
}

/// tempfile wraps errors with the temporary file's random name, which means nothing to the
/// user; keep only the kind (the message explains kinds, see `error::io_reason`).
pub(super) fn without_temp_path(error: std::io::Error) -> std::io::Error {
    if error.get_ref().is_some() {
        match error.raw_os_error() {
            Some(code) => std::io::Error::from_raw_os_error(code),
            None => error.kind().into(),
        }
    } else {
        error
    }
}

/// Makes a rename durable (Unix: fsync the folder). Best effort: the file is already in place,
/// and some file systems refuse to sync a folder. Windows has no folder sync (opening a folder
/// as a file fails there) and its renames are journaled by NTFS.
pub(super) fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Ok(handle) = std::fs::File::open(folder) {
        let _ = handle.sync_all();
    }
    #[cfg(not(unix))]
    let _ = folder;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// A folder that refuses new files, as a read-only shared folder does for a user (an
    /// administrator cannot be refused, so the refusal is made here).
    fn read_only_folder(_: &Path, _: bool) -> std::io::Result<tempfile::NamedTempFile> {
        Err(std::io::ErrorKind::PermissionDenied.into())
    }

    #[test]
    fn a_writable_file_in_a_read_only_folder_is_saved_in_place() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("2026-党建服务工作经费.ron");
        std::fs::write(&path, "旧内容").unwrap();
        let written = write_with(&path, "新内容".as_bytes(), None, &read_only_folder).unwrap();
        assert!(written.in_place);
        assert!(written.note().unwrap().contains("直接覆盖原文件"));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "新内容");
        assert_eq!(names_in(folder.path()), ["2026-党建服务工作经费.ron"]);
        assert!(written.stamp.is_current(&path).unwrap());
    }

    #[test]
    fn a_new_file_in_a_read_only_folder_is_refused() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("new.ron");
        let error = write_with(&path, b"x", None, &read_only_folder).unwrap_err();
        assert!(error.to_string().contains("没有写入权限"), "{error}");
        assert!(names_in(folder.path()).is_empty());
    }

    #[test]
    fn an_ordinary_save_says_nothing_special() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("x.ron");
        let written = write_checked(&path, b"x", None).unwrap();
        assert!(!written.in_place);
        assert_eq!(written.note(), None);
    }

    #[test]
    fn a_save_refuses_a_file_changed_since_it_was_stamped() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("x.ron");
        let mine = write_checked(&path, "我的版本".as_bytes(), None)
            .unwrap()
            .stamp;
        // A colleague saves over it.
        std::fs::write(&path, "同事的版本").unwrap();
        let error = write_checked(&path, "我的新版本".as_bytes(), Some(&mine)).unwrap_err();
        assert!(
            matches!(error, StorageError::ChangedOnDisk { .. }),
            "{error:?}"
        );
        assert!(error.to_string().contains("已被修改"), "{error}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "同事的版本");
        // Unchanged since the stamp: saved.
        let theirs = DiskStamp::read(&path).unwrap().unwrap();
        let written = write_checked(&path, "合并后".as_bytes(), Some(&theirs)).unwrap();
        assert!(written.stamp.is_current(&path).unwrap());
        // Removed since: refused too.
        std::fs::remove_file(&path).unwrap();
        assert!(matches!(
            write_checked(&path, b"x", Some(&written.stamp)),
            Err(StorageError::ChangedOnDisk { .. })
        ));
    }

    #[test]
    fn leftovers_of_dead_writers_are_removed_and_others_kept() {
        let folder = tempfile::tempdir().unwrap();
        // A writer that died: its file is there, unlocked.
        std::fs::write(folder.path().join(".jixiao-dead01.tmp"), b"half").unwrap();
        // A writer at work: its file is locked.
        let busy = create_temp(folder.path(), true).unwrap();
        let busy_name = busy
            .path()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        // Not ours, though the name is close.
        std::fs::write(folder.path().join("jixiao-notes.tmp"), b"keep").unwrap();
        std::fs::write(folder.path().join(".jixiao-config"), b"keep").unwrap();

        write_atomic(&folder.path().join("x.ron"), b"x").unwrap();
        let mut expected = vec![
            ".jixiao-config".to_owned(),
            busy_name,
            "jixiao-notes.tmp".to_owned(),
            "x.ron".to_owned(),
        ];
        expected.sort();
        assert_eq!(names_in(folder.path()), expected);
        drop(busy);
        assert_eq!(
            names_in(folder.path()),
            [".jixiao-config", "jixiao-notes.tmp", "x.ron"]
        );
    }
}
