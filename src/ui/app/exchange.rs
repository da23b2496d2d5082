//! Exchange with Excel, WPS and PDF in the window (issue 9 point 6): 导入… a workbook, a PDF or a
//! text; 从剪贴板导入 the text a user copied from Excel, WPS or Word; 打开… of a PDF or a
//! workbook; 导出 Excel…. An import that finds one form opens it (not yet saved anywhere); one
//! that finds several asks for a folder, saves each form there as its own `.ron` file under a
//! name no file has yet, lists what it wrote and opens the first.
//!
//! Files are read and written through [`crate::storage`] only (atomic writes, never over an
//! existing file); the reading of forms is [`crate::import`]'s.

use std::fmt::Write as _;
use std::path::{Path as FsPath, PathBuf};

use crate::export::to_xlsx;
use crate::import::{ImportReport, ImportWarning, import_document, import_text};
use crate::model::Declaration;
use crate::storage;

use super::super::dialogs::DialogPurpose;
use super::EditorApp;

/// File extensions that 打开… imports rather than loads: PDFs and workbooks.
const IMPORTED_ON_OPEN: [&str; 5] = ["pdf", "xlsx", "xlsm", "xls", "ods"];

/// Most warning lines listed after an import (more are counted).
const LISTED_WARNINGS: usize = 20;

/// Whether 打开… imports `path` (a PDF or a workbook) rather than loading it as a `.ron` file.
pub(super) fn is_importable(path: &FsPath) -> bool {
    path.extension()
        .and_then(std::ffi::OsStr::to_str)
        .is_some_and(|extension| {
            IMPORTED_ON_OPEN
                .iter()
                .any(|wanted| extension.eq_ignore_ascii_case(wanted))
        })
}

/// The forms of an import that found several, waiting for the folder to save them in.
#[derive(Clone, Debug)]
pub(super) struct ImportedForms {
    declarations: Vec<Declaration>,
    warnings: Vec<ImportWarning>,
    /// Where they came from, for messages: a file's path or 「剪贴板」.
    source: String,
}

impl EditorApp {
    /// Imports the forms in a file (a workbook, a PDF or a text); returns whether it was read.
    pub(super) fn import(&mut self, path: &FsPath) -> bool {
        let bytes = match storage::read_import(path) {
            Ok(bytes) => bytes,
            Err(error) => {
                self.show_message("无法导入", error.to_string());
                return false;
            }
        };
        match import_document(&bytes) {
            Ok(imported) => {
                let source = format!("{}（{}）", path.display(), imported.kind.label());
                self.take_imported(imported.report, source);
                true
            }
            Err(error) => {
                self.show_message("无法导入", format!("{error}（{}）", path.display()));
                false
            }
        }
    }

    /// 从剪贴板导入: the forms in the text on the clipboard.
    pub(super) fn import_clipboard(&mut self) {
        let text = self.dialogs.clipboard_text().unwrap_or_default();
        if text.trim().is_empty() {
            self.show_message(
                "剪贴板中没有文字",
                "请先在 Excel、WPS 或 Word 中选中整张申报表（含标题）并复制，再选「从剪贴板导入」。"
                    .to_owned(),
            );
            return;
        }
        self.take_imported(import_text(&text), "剪贴板".to_owned());
    }

    /// What an import found: none (says so), one (opens it, not yet saved anywhere), or several
    /// (asks for a folder to save each in).
    fn take_imported(&mut self, report: ImportReport, source: String) {
        let mut declarations = report.declarations;
        match declarations.len() {
            0 => {
                let mut text = format!("在 {source} 中没有找到可识别的申报表。");
                list_warnings(&mut text, &report.warnings, None);
                self.show_message("未找到申报表", text);
            }
            1 => {
                let document = declarations.remove(0);
                self.replace_document(document, None, false, None);
                self.status = format!("已从 {source} 导入，尚未保存");
                self.show_import_warnings(&report.warnings, 0);
            }
            found => {
                self.status = format!("在 {source} 中找到 {found} 张申报表，请选择存放的文件夹");
                self.imported = Some(ImportedForms {
                    declarations,
                    warnings: report.warnings,
                    source,
                });
                let chosen = self.choose_path(DialogPurpose::ImportFolder, None);
                if !chosen && self.chooser.is_none() && self.imported.is_some() {
                    self.imported = None;
                    self.status = "已取消导入".to_owned();
                }
            }
        }
    }

    /// Saves the forms waiting in [`EditorApp::imported`] into `folder`, one `.ron` file each
    /// named `{年度}-{项目名称}.ron` (`-2`, `-3` … when taken, claimed atomically, so no file is
    /// replaced, even by another window importing into the same folder), lists
    /// what was written and opens the first. Returns whether all were written.
    pub(super) fn import_into(&mut self, folder: &FsPath) -> bool {
        let Some(imported) = self.imported.take() else {
            return false;
        };
        let folder = std::path::absolute(folder).unwrap_or_else(|_| folder.to_owned());
        let mut written: Vec<PathBuf> = Vec::new();
        let mut new_files = storage::NewFiles::new(&folder);
        for declaration in &imported.declarations {
            let path = match new_files.save(declaration) {
                Ok(path) => path,
                Err(error) => {
                    let mut text = error.to_string();
                    if !written.is_empty() {
                        let _infallible = write!(text, "\n已写入 {} 个文件：", written.len());
                        for path in &written {
                            let _infallible = write!(text, "\n{}", path.display());
                        }
                    }
                    self.show_message("无法保存导入的申报表", text);
                    return false;
                }
            };
            written.push(path);
        }
        let mut text = format!(
            "从 {} 导入了 {} 张申报表，每张存为一个文件，放在 {}：\n",
            imported.source,
            written.len(),
            folder.display()
        );
        for (index, path) in written.iter().enumerate() {
            let name = path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default();
            let _infallible = writeln!(text, "{}. {name}", index + 1);
        }
        list_warnings(&mut text, &imported.warnings, Some(&imported.declarations));
        let opened = written.first().is_some_and(|first| self.open(first));
        if opened {
            text.push_str("\n已打开第 1 张。");
        }
        self.status = format!("已导入 {} 张申报表到 {}", written.len(), folder.display());
        self.show_message("导入完成", text);
        true
    }

    /// 导出 Excel…: writes the form as an `.xlsx` workbook at `path` (atomically). Returns
    /// whether it was written.
    pub(super) fn export_xlsx_to(&mut self, path: &FsPath) -> bool {
        // Never a workbook into a declaration's `.ron` file (or any other kind of file).
        let path = path.with_extension("xlsx");
        let path = std::path::absolute(&path).unwrap_or(path);
        let bytes = match to_xlsx(std::slice::from_ref(&self.document)) {
            Ok(bytes) => bytes,
            Err(error) => {
                self.show_message("无法导出 Excel", error.to_string());
                return false;
            }
        };
        if let Err(error) = storage::write_atomic(&path, &bytes) {
            self.show_message("无法导出 Excel", error.to_string());
            return false;
        }
        self.status = format!("已导出 Excel 工作簿到 {}", path.display());
        true
    }
}

/// Appends the import's warnings to a message, on a line of their own (see [`warnings_text`]).
fn list_warnings(
    text: &mut String,
    warnings: &[ImportWarning],
    declarations: Option<&[Declaration]>,
) {
    if warnings.is_empty() {
        return;
    }
    text.push('\n');
    text.push_str(&warnings_text(warnings, declarations));
}

/// 「有 N 处需要核对：」 and the import's warnings, one a line, each with its form's name when
/// there are several forms (`declarations`), at most [`LISTED_WARNINGS`] lines.
pub(super) fn warnings_text(
    warnings: &[ImportWarning],
    declarations: Option<&[Declaration]>,
) -> String {
    let mut text = format!("有 {} 处需要核对：\n", warnings.len());
    for warning in warnings.iter().take(LISTED_WARNINGS) {
        let form = warning
            .form
            .zip(declarations)
            .and_then(|(index, declarations)| declarations.get(index))
            .map(|declaration| format!("〔{}〕", declaration.project_name.trim()))
            .unwrap_or_default();
        let _infallible = writeln!(text, "{form}{warning}");
    }
    if warnings.len() > LISTED_WARNINGS {
        let _infallible = write!(text, "……另有 {} 处", warnings.len() - LISTED_WARNINGS);
    }
    text
}
