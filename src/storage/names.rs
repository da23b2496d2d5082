//! File names for declarations, `{年度}-{项目名称}.ron`, safe on Windows and Linux, and new files
//! that never replace an existing one, even when several imports write into one folder at once.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::write::{create_temp, remove_leftovers, sync_folder, without_temp_path};
use super::{Action, StorageError};
use crate::model::Declaration;

/// Longest project-name part of a file name, in characters. CJK characters take 3 bytes in
/// UTF-8 and Linux allows 255 bytes per name, so 60 characters leave room for the year and a
/// counter; Windows' 260-character path limit also stays far away.
const MAX_NAME_CHARS: usize = 60;

/// The file stem for `declaration`: `{年度}-{项目名称}` with characters that Windows or Linux
/// refuse in names (`<>:"/\|?*`, control characters) replaced by `_`, trailing dots and spaces
/// removed (Windows drops them), and the name cut at a safe length. `2026-未命名` when the
/// project name is blank.
pub fn file_stem(declaration: &Declaration) -> String {
    let name: String = declaration
        .project_name
        .trim()
        .chars()
        .map(|c| {
            if c.is_control() || "<>:\"/\\|?*".contains(c) {
                '_'
            } else {
                c
            }
        })
        .take(MAX_NAME_CHARS)
        .collect();
    let name = name.trim_end_matches(['.', ' ']);
    let name = if name.is_empty() { "未命名" } else { name };
    format!("{}-{name}", declaration.fiscal_year)
}

/// The `n`-th candidate name for `stem` in `folder`: `stem.ron`, then `stem-2.ron`, `stem-3.ron`…
fn candidate(folder: &Path, stem: &str, n: u32) -> PathBuf {
    match n {
        0 | 1 => folder.join(format!("{stem}.ron")),
        n => folder.join(format!("{stem}-{n}.ron")),
    }
}

/// New files in one folder, each under the first free name `stem.ron`, `stem-2.ron`, … at the
/// moment it is created: the complete content is written to a temporary file first, then given
/// the name with a rename that fails if the name exists (create-new semantics), so two imports
/// into one folder at once never overwrite each other, and a file never appears half-written.
///
/// Choosing names is linear: for each stem the next number to try is remembered, so importing
/// `n` forms of one name into a folder that holds `m` of them tries `m + n` names, not `n²`.
#[derive(Debug)]
pub struct NewFiles {
    folder: PathBuf,
    next: HashMap<String, u32>,
    /// Whether leftovers of killed saves were removed from the folder (once, before the first
    /// file).
    cleaned: bool,
}

/// How many names are tried for one stem before giving up (a folder would hold a million files
/// of one name only by a bug elsewhere).
const MAX_CANDIDATES: u32 = 1_000_000;

impl NewFiles {
    /// New files in `folder` (which must exist; see [`create_folder`]).
    pub fn new(folder: &Path) -> Self {
        Self {
            folder: folder.to_owned(),
            next: HashMap::new(),
            cleaned: false,
        }
    }

    /// Saves `declaration` as a new file named after it ([`file_stem`]); returns its path.
    ///
    /// # Errors
    /// [`StorageError::Io`] naming the first candidate name when the folder cannot be written
    /// (missing, no permission, disk full); [`StorageError::TooLargeToSave`].
    pub fn save(&mut self, declaration: &Declaration) -> Result<PathBuf, StorageError> {
        let stem = file_stem(declaration);
        let text = super::to_ron_string(declaration).map_err(|error| match error {
            StorageError::TooLargeToSave { bytes, .. } => StorageError::TooLargeToSave {
                path: candidate(&self.folder, &stem, 1),
                bytes,
            },
            other => other,
        })?;
        self.write(&stem, text.as_bytes())
    }

    /// Writes `bytes` as a new file `{stem}.ron` (or `{stem}-N.ron`); returns its path.
    ///
    /// # Errors
    /// [`StorageError::Io`] naming the first candidate name when the folder cannot be written.
    pub fn write(&mut self, stem: &str, bytes: &[u8]) -> Result<PathBuf, StorageError> {
        let first = candidate(&self.folder, stem, 1);
        let io = |source| StorageError::io(Action::Save, &first, source);
        if !self.cleaned {
            remove_leftovers(&self.folder);
            self.cleaned = true;
        }
        let mut temporary =
            create_temp(&self.folder, true).map_err(|e| io(without_temp_path(e)))?;
        temporary
            .write_all(bytes)
            .and_then(|()| temporary.as_file().sync_all())
            .map_err(|e| io(without_temp_path(e)))?;
        let mut n = self.next.get(stem).copied().unwrap_or(1);
        while n < MAX_CANDIDATES {
            let path = candidate(&self.folder, stem, n);
            let outcome = match temporary.persist_noclobber(&path) {
                Ok(file) => Ok(file),
                // No rename without replacing here (FAT and some network file systems have
                // neither hard links nor RENAME_NOREPLACE): claim the name instead.
                Err(error) if cannot_rename_exclusively(&error.error) => {
                    claim_and_replace(error.file, &path)
                }
                Err(error) => Err(error),
            };
            match outcome {
                Ok(file) => {
                    drop(file);
                    sync_folder(&self.folder);
                    self.next.insert(stem.to_owned(), n + 1);
                    return Ok(path);
                }
                Err(error) if error.error.kind() == std::io::ErrorKind::AlreadyExists => {
                    temporary = error.file;
                    n += 1;
                }
                Err(error) => return Err(io(without_temp_path(error.error))),
            }
        }
        Err(io(std::io::ErrorKind::AlreadyExists.into()))
    }
}

/// Whether a failed exclusive rename means the file system cannot do one (rather than that the
/// name is taken or the folder is not writable, which claiming the name would find too).
fn cannot_rename_exclusively(error: &std::io::Error) -> bool {
    matches!(
        error.kind(),
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::Unsupported
    )
}

/// Gives `temporary` the name `path` where only a replacing rename exists: the name is claimed
/// by creating an empty file there with create-new semantics (which fails if it exists), and
/// the complete temporary file is then renamed over that claim. A kill in between leaves an
/// empty file under the new name, never a half-written one, and never replaces anything.
fn claim_and_replace(
    temporary: tempfile::NamedTempFile,
    path: &Path,
) -> Result<std::fs::File, tempfile::PersistError> {
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(claim) => {
            drop(claim);
            temporary.persist(path)
        }
        Err(error) => Err(tempfile::PersistError {
            error,
            file: temporary,
        }),
    }
}

/// Creates `folder` (and its parents) if missing.
///
/// # Errors
/// [`StorageError::Io`] (creating a folder) naming `folder`.
pub fn create_folder(folder: &Path) -> Result<(), StorageError> {
    std::fs::create_dir_all(folder)
        .map_err(|error| StorageError::io(Action::CreateFolder, folder, error))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_are_safe() {
        let mut declaration = Declaration::new_current(2026);
        declaration.project_name = "上海市党员干部现代远程教育网络体系运维（非信息化项目）".into();
        assert_eq!(
            file_stem(&declaration),
            "2026-上海市党员干部现代远程教育网络体系运维（非信息化项目）"
        );
        declaration.project_name = "a/b\\c:d*e?f\"g<h>i|j\nk. ".into();
        assert_eq!(file_stem(&declaration), "2026-a_b_c_d_e_f_g_h_i_j_k");
        declaration.project_name = "  ".into();
        assert_eq!(file_stem(&declaration), "2026-未命名");
        declaration.project_name = "长".repeat(300);
        assert_eq!(file_stem(&declaration).chars().count(), 5 + MAX_NAME_CHARS);
    }

    #[test]
    fn new_files_take_the_next_free_name_and_replace_nothing() {
        let folder = tempfile::tempdir().unwrap();
        std::fs::write(folder.path().join("2026-x-2.ron"), "别人的文件").unwrap();
        let mut files = NewFiles::new(folder.path());
        let first = files.write("2026-x", b"1").unwrap();
        assert!(first.ends_with("2026-x.ron"));
        let second = files.write("2026-x", b"2").unwrap();
        assert!(second.ends_with("2026-x-3.ron"), "{}", second.display());
        // Another writer (a second import, a person) takes the next name meanwhile.
        std::fs::write(folder.path().join("2026-x-4.ron"), "同时导入的").unwrap();
        let third = files.write("2026-x", b"3").unwrap();
        assert!(third.ends_with("2026-x-5.ron"), "{}", third.display());
        assert_eq!(std::fs::read(&first).unwrap(), b"1");
        assert_eq!(
            std::fs::read_to_string(folder.path().join("2026-x-2.ron")).unwrap(),
            "别人的文件"
        );
        assert_eq!(
            std::fs::read_to_string(folder.path().join("2026-x-4.ron")).unwrap(),
            "同时导入的"
        );
        let leftovers = std::fs::read_dir(folder.path())
            .unwrap()
            .filter(|entry| {
                entry
                    .as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".tmp")
            })
            .count();
        assert_eq!(leftovers, 0);
    }

    #[test]
    fn a_name_is_claimed_where_renames_always_replace() {
        let folder = tempfile::tempdir().unwrap();
        let taken = folder.path().join("2026-x.ron");
        std::fs::write(&taken, "别人的文件").unwrap();
        let mut temporary = tempfile::NamedTempFile::new_in(folder.path()).unwrap();
        temporary.write_all(b"new").unwrap();
        let error = claim_and_replace(temporary, &taken).unwrap_err();
        assert_eq!(error.error.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read_to_string(&taken).unwrap(), "别人的文件");
        let free = folder.path().join("2026-x-2.ron");
        claim_and_replace(error.file, &free).unwrap();
        assert_eq!(std::fs::read(&free).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(folder.path()).unwrap().count(), 2);
    }

    #[test]
    fn a_missing_folder_is_named_in_the_error() {
        let folder = tempfile::tempdir().unwrap();
        let mut files = NewFiles::new(&folder.path().join("没有"));
        let error = files.write("2026-x", b"1").unwrap_err();
        let message = error.to_string();
        assert!(message.contains("不存在"), "{message}");
        assert!(message.contains("2026-x.ron"), "{message}");
    }
}
