//! The file flows: new, open, save, save as, import, print to PDF, roll over to a new year, and
//! the recovery copy. Files are read and written through [`crate::storage`] only (atomic saves);
//! dialogs through [`FileDialogs`](super::super::dialogs::FileDialogs).

use std::fmt::Write as _;
use std::path::{Path as FsPath, PathBuf};

use chrono::Datelike as _;
use eframe::egui;
use egui::util::undoer::{Settings as UndoSettings, Undoer};

use crate::import::ImportWarning;
use crate::model::Declaration;
use crate::pdf::{PrintOptions, print_check, print_to_pdf};
use crate::storage;

use super::super::chooser::{self, Chooser};
use super::super::command::AppCommand;
use super::super::dialogs::{DialogOutcome, DialogPurpose};
use super::exchange::is_importable;
use super::prompt::{Continuation, Prompt};
use super::{
    EditorApp, MAX_RECENT_FILES, RECOVERY_FILE, RECOVERY_INTERVAL_S, RECOVERY_SOURCE_FILE,
};

impl EditorApp {
    /// Asks 保存 / 不保存 / 取消 when there are unsaved changes, else continues at once.
    pub(super) fn continue_after_unsaved(&mut self, then: Continuation) {
        if self.is_modified() {
            self.prompt = Some(Prompt::Unsaved(then));
        } else {
            self.proceed(then);
        }
    }

    pub(super) fn proceed(&mut self, then: Continuation) {
        match then {
            Continuation::Close => {
                self.allowed_to_close = true;
                self.continuation = Some(Continuation::Close);
            }
            Continuation::New => {
                let next_year = chrono::Local::now().year() + 1;
                self.replace_document(Declaration::new_current(next_year), None, true);
                // Nothing filled in yet: empty required fields say 待填写, not 错误.
                self.fresh = Some(std::collections::HashSet::new());
                self.revalidate();
                self.status = "已新建".to_owned();
            }
            Continuation::Open => {
                let _opened = self.choose_path(DialogPurpose::OpenDeclaration, None);
            }
            Continuation::OpenRecent(index) => {
                if let Some(path) = self.recent_files.get(index).cloned() {
                    self.open(&path);
                }
            }
            Continuation::RollOver(fiscal_year) => {
                let rolled = crate::model::roll_over(&self.document, fiscal_year);
                self.replace_document(rolled, None, false);
                self.status = format!(
                    "已转为{fiscal_year}年度申报表：请填写金额，核对日期和指标值后另存为新文件"
                );
            }
            Continuation::Import => {
                let _imported = self.choose_path(DialogPurpose::Import, None);
            }
            Continuation::ImportClipboard => self.import_clipboard(),
            Continuation::OpenFromFolder => self.open_from_folder(),
        }
    }

    /// Asks where (the system's dialog, or the built-in chooser when the system shows none)
    /// and uses the path for `purpose` (see [`Self::use_path`]). Returns whether that was done
    /// now: with the built-in chooser it happens in a later frame, followed by `then`.
    pub(super) fn choose_path(
        &mut self,
        purpose: DialogPurpose,
        then: Option<Continuation>,
    ) -> bool {
        let name = self.suggested_name(purpose);
        let folder = self.start_folder(purpose);
        match self.dialogs.pick(purpose, &name, Some(&folder)) {
            DialogOutcome::Picked(path) => self.use_path(purpose, &path, None),
            DialogOutcome::Cancelled => false,
            DialogOutcome::Unavailable => {
                self.chooser = Some((Chooser::new(purpose, &folder, &name), then));
                false
            }
        }
    }

    /// The built-in chooser picked `path`: a save into an existing file asks first.
    pub(super) fn chosen(
        &mut self,
        purpose: DialogPurpose,
        path: &FsPath,
        then: Option<Continuation>,
    ) {
        let target = match purpose {
            DialogPurpose::SaveDeclaration | DialogPurpose::SaveDeclarationAs => {
                with_extension(path, "ron")
            }
            DialogPurpose::SavePdf => with_extension(path, "pdf"),
            DialogPurpose::SaveXlsx => with_extension(path, "xlsx"),
            DialogPurpose::OpenDeclaration
            | DialogPurpose::Import
            | DialogPurpose::ImportFolder => path.to_owned(),
            DialogPurpose::Reuse(reuse) => Self::reuse_target(reuse, path),
        };
        if !purpose.is_open() && target.exists() && self.path.as_deref() != Some(target.as_path()) {
            self.prompt = Some(Prompt::ConfirmOverwrite {
                purpose,
                path: target,
                then,
            });
        } else {
            let _used = self.use_path(purpose, &target, then);
        }
    }

    /// Uses a chosen path: opens, imports, saves (then goes on with `then`) or prints. Returns
    /// whether it succeeded.
    pub(super) fn use_path(
        &mut self,
        purpose: DialogPurpose,
        path: &FsPath,
        then: Option<Continuation>,
    ) -> bool {
        if let Some(folder) = path
            .parent()
            .filter(|folder| !folder.as_os_str().is_empty())
        {
            self.last_folder =
                Some(std::path::absolute(folder).unwrap_or_else(|_| folder.to_owned()));
        }
        match purpose {
            DialogPurpose::OpenDeclaration => self.open(path),
            DialogPurpose::Import => self.import(path),
            DialogPurpose::ImportFolder => self.import_into(path),
            DialogPurpose::SaveXlsx => self.export_xlsx_to(path),
            DialogPurpose::SaveDeclaration | DialogPurpose::SaveDeclarationAs => {
                let saved = self.save_to(path);
                if saved && let Some(then) = then {
                    self.proceed(then);
                }
                saved
            }
            DialogPurpose::SavePdf => self.print_to(path),
            DialogPurpose::Reuse(reuse) => self.use_reuse_path(reuse, path),
        }
    }

    /// The file name a dialog suggests: the form's own file name (or one made from its year and
    /// project name), with the purpose's extension; nothing when opening.
    fn suggested_name(&self, purpose: DialogPurpose) -> String {
        let stem = self
            .path
            .as_deref()
            .and_then(FsPath::file_stem)
            .map_or_else(
                || storage::file_stem(&self.document),
                |stem| stem.to_string_lossy().into_owned(),
            );
        match purpose {
            DialogPurpose::SaveDeclaration | DialogPurpose::SaveDeclarationAs => {
                format!("{stem}.ron")
            }
            DialogPurpose::SavePdf => format!("{stem}.pdf"),
            DialogPurpose::SaveXlsx => format!("{stem}.xlsx"),
            DialogPurpose::OpenDeclaration
            | DialogPurpose::Import
            | DialogPurpose::ImportFolder => String::new(),
            DialogPurpose::Reuse(reuse) => self.reuse_suggested_name(reuse),
        }
    }

    /// Where a dialog starts: the form's own folder when saving or printing it, else the last
    /// folder used, else the user's documents folder.
    fn start_folder(&self, purpose: DialogPurpose) -> PathBuf {
        if let DialogPurpose::Reuse(reuse) = purpose
            && let Some(folder) = self.reuse_start_folder(reuse)
        {
            return chooser::start_folder(Some(&folder));
        }
        let own = self
            .path
            .as_deref()
            .and_then(FsPath::parent)
            .filter(|_| !purpose.is_open());
        chooser::start_folder(own.or(self.last_folder.as_deref()))
    }

    /// Opens a declaration file; on failure shows why and leaves the current one alone.
    /// A PDF or a workbook is imported instead (a PDF Jixiao printed gives back its forms
    /// exactly). Returns whether it was opened.
    pub fn open(&mut self, path: &FsPath) -> bool {
        if is_importable(path) {
            return self.import(path);
        }
        match storage::load(path) {
            Ok(document) => {
                let path = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
                self.replace_document(document, Some(path.clone()), true);
                self.remember_recent(&path);
                self.status = format!("已打开 {}", path.display());
                true
            }
            Err(error) => {
                self.show_message("无法打开文件", error.to_string());
                false
            }
        }
    }

    /// After an import: lists what the importer could not place in form `form`, if anything.
    pub(super) fn show_import_warnings(&mut self, warnings: &[ImportWarning], form: usize) {
        /// More lines than this are summarised by their count.
        const SHOWN: usize = 20;
        let mine: Vec<&ImportWarning> = warnings
            .iter()
            .filter(|warning| warning.form.is_none_or(|index| index == form))
            .collect();
        if mine.is_empty() {
            return;
        }
        let mut text = format!("已导入，有 {} 处需要核对：\n", mine.len());
        for warning in mine.iter().take(SHOWN) {
            let _infallible = writeln!(text, "{warning}");
        }
        if mine.len() > SHOWN {
            let _infallible = write!(text, "……另有 {} 处", mine.len() - SHOWN);
        }
        self.show_message("导入完成", text);
    }

    /// 打印 PDF…: with errors left, or something that looks wrong in the print
    /// ([`crate::pdf::print_check`]: a goal over many pages, a shrunk amount), asks first
    /// (查看错误 / 查看打印预览 / 仍要打印 / 取消; issue 11 point 4); then asks where (the form's
    /// file name with `.pdf` suggested) and prints.
    pub(super) fn print(&mut self) {
        let errors = self
            .findings
            .iter()
            .filter(|finding| finding.severity == crate::validate::Severity::Error)
            .count();
        let options = PrintOptions {
            signature_block: self.signature_block,
        };
        let warnings: Vec<String> = print_check(std::slice::from_ref(&self.document), &options)
            .warnings
            .into_iter()
            .map(|warning| warning.message)
            .collect();
        if errors > 0 || !warnings.is_empty() {
            self.prompt = Some(Prompt::PrintWithErrors { errors, warnings });
        } else {
            self.print_anyway();
        }
    }

    /// Asks where and prints, whatever the findings.
    pub(super) fn print_anyway(&mut self) {
        let _printed = self.choose_path(DialogPurpose::SavePdf, None);
    }

    /// Prints the declaration to a PDF at `path` (atomic write) and offers to open it. Returns
    /// whether the PDF was written.
    pub fn print_to(&mut self, path: &FsPath) -> bool {
        // Never a PDF into a declaration's `.ron` file (or any other kind of file).
        let path = with_extension(path, "pdf");
        let path = std::path::absolute(&path).unwrap_or(path);
        let options = PrintOptions {
            signature_block: self.signature_block,
        };
        let printed = match print_to_pdf(std::slice::from_ref(&self.document), &options) {
            Ok(printed) => printed,
            Err(error) => {
                self.show_message("无法打印", error.to_string());
                return false;
            }
        };
        if let Err(error) = storage::write_atomic(&path, &printed.bytes) {
            self.show_message("无法保存 PDF", error.to_string());
            return false;
        }
        self.status = format!("已打印到 {}", path.display());
        self.prompt = Some(Prompt::PdfWritten {
            path,
            page_count: printed.page_count,
            warnings: printed
                .warnings
                .into_iter()
                .map(|warning| warning.message)
                .collect(),
        });
        true
    }

    /// Saves, then goes on with `then` once the file is written (not after a cancel or error).
    pub(super) fn save_then(&mut self, then: Continuation) {
        if self.save(Some(then)) {
            self.proceed(then);
        }
    }

    /// Saves to the current file, or asks for one. Returns whether it was saved.
    pub(super) fn save(&mut self, then: Option<Continuation>) -> bool {
        match self.path.clone() {
            Some(path) => self.save_to(&path),
            None => self.save_as(then),
        }
    }

    /// 另存为 (or 保存 of a form that has no file yet): asks where, then saves.
    pub(super) fn save_as(&mut self, then: Option<Continuation>) -> bool {
        let purpose = if self.path.is_some() {
            DialogPurpose::SaveDeclarationAs
        } else {
            DialogPurpose::SaveDeclaration
        };
        self.choose_path(purpose, then)
    }

    pub(super) fn save_to(&mut self, path: &FsPath) -> bool {
        // A declaration is a `.ron` file (a save never replaces a printed form or a text).
        let path = with_extension(path, "ron");
        // The status bar and the title say where the file is, not just its name.
        let path = std::path::absolute(&path).unwrap_or(path);
        match storage::save(&path, &self.document) {
            Ok(()) => {
                self.saved = Some(self.document.clone());
                self.remember_recent(&path);
                self.status = format!("已保存到 {}", path.display());
                self.path = Some(path);
                self.remove_recovery();
                true
            }
            Err(error) => {
                self.show_message("保存失败", error.to_string());
                false
            }
        }
    }

    pub(super) fn replace_document(
        &mut self,
        document: Declaration,
        path: Option<PathBuf>,
        saved: bool,
    ) {
        self.saved = saved.then(|| document.clone());
        self.document = document;
        self.path = path;
        self.undoer = Undoer::with_settings(UndoSettings {
            max_undos: 200,
            ..UndoSettings::default()
        });
        self.selected = None;
        self.focus = None;
        self.recovery_written = None;
        self.fresh = None;
        self.revalidate();
        self.pending
            .retain(|command| !matches!(command, AppCommand::Undo | AppCommand::Redo));
        self.status.clear();
        self.forget_texts = true;
        self.reuse.document_replaced();
    }

    pub(super) fn remember_recent(&mut self, path: &FsPath) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        self.recent_files.retain(|known| *known != path);
        self.recent_files.insert(0, path);
        self.recent_files.truncate(MAX_RECENT_FILES);
    }

    pub(super) fn offer_recovery(&mut self) {
        let Some(file) = self.recovery_file() else {
            return;
        };
        if !file.exists() {
            return;
        }
        match storage::load(&file) {
            Ok(declaration) => {
                let source = self
                    .recovery_dir
                    .as_ref()
                    .and_then(|dir| std::fs::read_to_string(dir.join(RECOVERY_SOURCE_FILE)).ok())
                    .map(|text| PathBuf::from(text.trim()))
                    .filter(|path| !path.as_os_str().is_empty());
                self.prompt = Some(Prompt::Recovery(Box::new(declaration), source));
            }
            Err(error) => {
                self.status = format!("恢复副本无法读取，已忽略：{error}");
            }
        }
    }

    /// Writes the recovery copy now if the declaration has unsaved changes not yet copied.
    pub(super) fn write_recovery(&mut self, time: f64) {
        self.recovery_time = time;
        let Some(dir) = self.recovery_dir.clone() else {
            return;
        };
        if !self.is_modified() || self.recovery_written.as_ref() == Some(&self.document) {
            return;
        }
        if let Err(error) = std::fs::create_dir_all(&dir) {
            self.status = format!("无法创建恢复副本文件夹：{error}（{}）", dir.display());
            return;
        }
        let source = self
            .path
            .as_deref()
            .map(|path| path.display().to_string())
            .unwrap_or_default();
        let written = storage::save(&dir.join(RECOVERY_FILE), &self.document).and_then(|()| {
            storage::write_atomic(&dir.join(RECOVERY_SOURCE_FILE), source.as_bytes())
        });
        match written {
            Ok(()) => self.recovery_written = Some(self.document.clone()),
            Err(error) => self.status = format!("恢复副本写入失败：{error}"),
        }
    }

    /// The periodic recovery copy: [`RECOVERY_INTERVAL_S`] after the first unsaved change, then
    /// every [`RECOVERY_INTERVAL_S`] while changes stay unsaved.
    pub(super) fn autosave(&mut self, time: f64) {
        if !self.is_modified() {
            // The clock starts again at the next change.
            self.recovery_time = time;
        } else if time - self.recovery_time >= RECOVERY_INTERVAL_S {
            self.write_recovery(time);
        }
    }

    pub(super) fn remove_recovery(&mut self) {
        if let Some(dir) = &self.recovery_dir {
            for name in [RECOVERY_FILE, RECOVERY_SOURCE_FILE] {
                let _ignored_when_absent = std::fs::remove_file(dir.join(name));
            }
        }
        self.recovery_written = None;
    }
}

/// `path` ending in `.{extension}`: as it is when it already does (in any case), with the
/// extension added when it has none, and with it appended when it names another kind of file
/// (`表.ron` printed becomes `表.ron.pdf`, never a PDF inside a `.ron`).
pub(super) fn with_extension(path: &FsPath, extension: &str) -> PathBuf {
    match path.extension().and_then(std::ffi::OsStr::to_str) {
        Some(current) if current.eq_ignore_ascii_case(extension) => path.to_owned(),
        None => path.with_extension(extension),
        Some(_) => {
            let mut named = path.as_os_str().to_owned();
            named.push(".");
            named.push(extension);
            PathBuf::from(named)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_gets_its_kind_of_extension_and_keeps_another_one() {
        assert_eq!(
            with_extension(FsPath::new("表"), "pdf"),
            PathBuf::from("表.pdf")
        );
        assert_eq!(
            with_extension(FsPath::new("表.PDF"), "pdf"),
            PathBuf::from("表.PDF")
        );
        assert_eq!(
            with_extension(FsPath::new("表.ron"), "pdf"),
            PathBuf::from("表.ron.pdf")
        );
        assert_eq!(
            with_extension(FsPath::new("表.ron"), "ron"),
            PathBuf::from("表.ron")
        );
        assert_eq!(
            with_extension(FsPath::new("计划v1.2"), "ron"),
            PathBuf::from("计划v1.2.ron")
        );
    }
}
