//! Many declarations at once: the `.ron` files of a folder, read in parallel, and the bundled
//! examples.
//!
//! Reading a folder never fails because of one file: each file comes back with its own result,
//! so a broken file is one row with its error, not a failed folder.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::{StorageError, from_ron_str, load};
use crate::model::Declaration;

/// How many folder levels below the chosen one [`declaration_files`] looks into when asked to
/// look into subfolders (a unit's archive is often `项目/2026/…`); deeper folders are left out.
pub const MAX_FOLDER_DEPTH: usize = 4;

/// The bundled examples (`assets/examples/`, the 11 current-layout sample forms), as
/// (file name, RON text).
pub const BUNDLED_EXAMPLES: &[(&str, &str)] = &[
    (
        "2023-信息化建设项目.ron",
        include_str!("../../assets/examples/2023-信息化建设项目.ron"),
    ),
    (
        "2023-信息化运维项目.ron",
        include_str!("../../assets/examples/2023-信息化运维项目.ron"),
    ),
    (
        "2023-党组织建设和党员教育管理.ron",
        include_str!("../../assets/examples/2023-党组织建设和党员教育管理.ron"),
    ),
    (
        "2023-基层党建及队伍教育管理.ron",
        include_str!("../../assets/examples/2023-基层党建及队伍教育管理.ron"),
    ),
    (
        "2023-机关服务费.ron",
        include_str!("../../assets/examples/2023-机关服务费.ron"),
    ),
    (
        "2023-组织部门建设和管理工作经费.ron",
        include_str!("../../assets/examples/2023-组织部门建设和管理工作经费.ron"),
    ),
    (
        "2026-上海市党员干部现代远程教育网络体系运维（非信息化项目）.ron",
        include_str!(
            "../../assets/examples/2026-上海市党员干部现代远程教育网络体系运维（非信息化项目）.ron"
        ),
    ),
    (
        "2026-信息化建设项目.ron",
        include_str!("../../assets/examples/2026-信息化建设项目.ron"),
    ),
    (
        "2026-信息化运维项目.ron",
        include_str!("../../assets/examples/2026-信息化运维项目.ron"),
    ),
    (
        "2026-党员远教电教工作经费.ron",
        include_str!("../../assets/examples/2026-党员远教电教工作经费.ron"),
    ),
    (
        "2026-党建服务工作经费.ron",
        include_str!("../../assets/examples/2026-党建服务工作经费.ron"),
    ),
];

/// How the bundled examples are named to the user: 「示例/2026-党建服务工作经费.ron」.
pub fn bundled_example_label(file_name: &str) -> String {
    format!("示例/{file_name}")
}

/// The bundled examples read into declarations, each with its label (see
/// [`bundled_example_label`]). They are part of the program and always read; one that did not
/// would be a build mistake, and is left out rather than stopping the caller.
pub fn bundled_examples() -> Vec<(String, Declaration)> {
    BUNDLED_EXAMPLES
        .iter()
        .filter_map(|(name, text)| {
            from_ron_str(text, Path::new(name))
                .ok()
                .map(|declaration| (bundled_example_label(name), declaration))
        })
        .collect()
}

/// One file of a folder, read.
#[derive(Debug)]
pub struct FolderFile {
    /// The file.
    pub path: PathBuf,
    /// When it was last written, if the system says.
    pub modified: Option<SystemTime>,
    /// The declaration in it, or why it could not be read.
    pub declaration: Result<Declaration, StorageError>,
}

/// The declaration files (`*.ron`, any case) in `folder`, sorted by path; with `subfolders`,
/// also those in its subfolders down to [`MAX_FOLDER_DEPTH`] levels. Hidden files and folders
/// (names starting with `.`, such as Jixiao's own temporary files) are left out, and links to
/// folders are not followed (a link can loop).
///
/// # Errors
/// [`StorageError::Io`] naming `folder` when it cannot be listed (missing, not a folder, no
/// permission). Subfolders that cannot be listed are skipped.
pub fn declaration_files(folder: &Path, subfolders: bool) -> Result<Vec<PathBuf>, StorageError> {
    let mut files = Vec::new();
    let depth = if subfolders { MAX_FOLDER_DEPTH } else { 0 };
    collect(folder, depth, &mut files).map_err(|source| StorageError::Io {
        action: super::Action::ReadFolder,
        path: folder.to_owned(),
        source,
    })?;
    files.sort();
    Ok(files)
}

/// Pushes the declaration files of `folder` into `files`, and those of its subfolders while
/// `depth` allows.
fn collect(folder: &Path, depth: usize, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(folder)? {
        let Ok(entry) = entry else { continue };
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            if depth > 0 {
                // A subfolder that cannot be listed is skipped, not the whole folder.
                let _ = collect(&path, depth - 1, files);
            }
            continue;
        }
        let is_ron = path
            .extension()
            .is_some_and(|extension| extension.eq_ignore_ascii_case("ron"));
        if is_ron {
            files.push(path);
        }
    }
    Ok(())
}

/// Reads every file of `paths` with [`load`], in parallel (a few threads: reading from a network
/// share waits on the network more than on the processor), and returns them in the order given.
/// Never fails as a whole: each file carries its own result.
pub fn load_all(paths: &[PathBuf]) -> Vec<FolderFile> {
    let threads = std::thread::available_parallelism()
        .map_or(2, std::num::NonZeroUsize::get)
        .clamp(2, 8);
    let chunk = paths.len().div_ceil(threads).max(1);
    // Scoped threads from the standard library are enough for a one-off parallel map; no pool
    // outlives the call.
    std::thread::scope(|scope| {
        let workers: Vec<_> = paths
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(|p| load_one(p)).collect::<Vec<_>>()))
            .collect();
        let mut files = Vec::with_capacity(paths.len());
        for (worker, part) in workers.into_iter().zip(paths.chunks(chunk)) {
            match worker.join() {
                Ok(loaded) => files.extend(loaded),
                // A reading thread cannot panic on file content (load never does); if it did
                // anyway, read its part again here rather than lose it.
                Err(_) => files.extend(part.iter().map(|p| load_one(p))),
            }
        }
        files
    })
}

/// Reads one file and its modification time.
fn load_one(path: &Path) -> FolderFile {
    FolderFile {
        path: path.to_owned(),
        modified: std::fs::metadata(path)
            .and_then(|metadata| metadata.modified())
            .ok(),
        declaration: load(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_example_reads() {
        let examples = bundled_examples();
        assert_eq!(examples.len(), BUNDLED_EXAMPLES.len());
        assert_eq!(examples.len(), 11);
        assert!(
            examples
                .iter()
                .any(|(label, d)| label == "示例/2026-党建服务工作经费.ron"
                    && d.project_name == "党建服务工作经费")
        );
    }

    #[test]
    fn folders_list_ron_files_only_and_skip_hidden_ones() {
        let folder = tempfile::tempdir().unwrap();
        let (name, text) = BUNDLED_EXAMPLES[0];
        std::fs::write(folder.path().join(name), text).unwrap();
        std::fs::write(folder.path().join("B.RON"), "broken").unwrap();
        std::fs::write(folder.path().join("notes.txt"), "x").unwrap();
        std::fs::write(folder.path().join(".jixiao-1.ron"), text).unwrap();
        let sub = folder.path().join("2026");
        std::fs::create_dir(&sub).unwrap();
        std::fs::write(sub.join("c.ron"), text).unwrap();

        let flat = declaration_files(folder.path(), false).unwrap();
        assert_eq!(flat.len(), 2, "{flat:?}");
        let deep = declaration_files(folder.path(), true).unwrap();
        assert_eq!(deep.len(), 3, "{deep:?}");

        let loaded = load_all(&deep);
        assert_eq!(loaded.len(), 3);
        for (file, path) in loaded.iter().zip(&deep) {
            assert_eq!(&file.path, path);
            assert!(file.modified.is_some());
        }
        let broken = loaded.iter().find(|f| f.path.ends_with("B.RON")).unwrap();
        assert!(broken.declaration.is_err());
        assert_eq!(loaded.iter().filter(|f| f.declaration.is_ok()).count(), 2);
    }

    #[test]
    fn a_missing_folder_is_named_in_chinese() {
        let error = declaration_files(Path::new("/nope/不存在"), false).unwrap_err();
        let message = error.to_string();
        assert!(message.starts_with("无法读取文件夹："), "{message}");
        assert!(message.contains("/nope/不存在"), "{message}");
    }
}
