//! File names for declarations: `{年度}-{项目名称}.ron`, safe on Windows and Linux.

use std::path::{Path, PathBuf};

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

/// A path `folder/{stem}.ron` that is not in `taken` and does not exist yet: `stem.ron`, then
/// `stem-2.ron`, `stem-3.ron`, … so that importing never overwrites a file.
pub fn unique_path(folder: &Path, stem: &str, taken: &[PathBuf]) -> PathBuf {
    (1..)
        .map(|n| match n {
            1 => folder.join(format!("{stem}.ron")),
            n => folder.join(format!("{stem}-{n}.ron")),
        })
        .find(|path| !taken.contains(path) && !path.exists())
        .unwrap_or_else(|| folder.join(format!("{stem}.ron")))
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
    fn paths_are_unique() {
        let folder = tempfile::tempdir().unwrap();
        let first = unique_path(folder.path(), "2026-x", &[]);
        assert!(first.ends_with("2026-x.ron"));
        let second = unique_path(folder.path(), "2026-x", std::slice::from_ref(&first));
        assert!(second.ends_with("2026-x-2.ron"));
        std::fs::write(&second, "").unwrap();
        let third = unique_path(folder.path(), "2026-x", &[first]);
        assert!(third.ends_with("2026-x-3.ron"));
    }
}
