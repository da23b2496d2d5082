//! The file flows: new, open, save, save as, import, print to PDF, roll over to a new year, the
//! recovery copies, the lock of a file open in another window and a file changed on disk.
//! Files are read and written through [`crate::storage`] only (atomic saves); dialogs through
//! [`FileDialogs`](super::super::dialogs::FileDialogs).
//!
//! Recovery follows the plan in [`crate::storage::recovery`]: the window claims the key of its
//! file (which is also the lock saying the file is open here) or, for an unsaved document, a
//! window id at its first copy; the copy is written [`RECOVERY_PAUSE_S`] after the last edit
//! (structural edits at once); a save or 不保存 removes it, and only it; at start-up the
//! copies of windows that are gone are offered one by one.

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
use super::exchange::{is_importable, warnings_text};
use super::prompt::{Continuation, Prompt};
use super::{
    EditorApp, LEGACY_RECOVERY_FILE, LEGACY_RECOVERY_SOURCE_FILE, MAX_RECENT_FILES,
    RECOVERY_PAUSE_S,
};

/// A recovery copy waiting to be offered (恢复 / 不恢复).
#[derive(Debug)]
pub(super) enum Offer {
    /// A copy whose window is gone, with the claim on its key.
    Orphan(storage::Orphan),
    /// A copy left under the key this window holds (the file it opened): a window on that
    /// file crashed earlier.
    Own(storage::RecoveryCopy),
    /// The one copy of the versions before one copy per document (`recovery.ron` and
    /// `recovery-source.txt` in the recovery folder). Its source's state when copied is not
    /// known, so it is restored as an unsaved document (saved with 另存为, never silently over
    /// the file it came from).
    Legacy {
        /// The copied declaration.
        declaration: Box<Declaration>,
        /// The file it was last saved to, if any.
        source: Option<PathBuf>,
    },
}

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
                self.replace_document(Declaration::new_current(next_year), None, true, None);
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
                self.replace_document(rolled, None, false, None);
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
                let saved = self.save_to(path, then, false);
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
    /// exactly). A file open in another Jixiao window is not opened for editing: the window
    /// asks 只读查看 / 另存副本 / 取消 ([`Prompt::Locked`]). Returns whether it was opened.
    pub fn open(&mut self, path: &FsPath) -> bool {
        if is_importable(path) {
            return self.import(path);
        }
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
        let (document, stamp) = match storage::load_with_stamp(&path) {
            Ok(loaded) => loaded,
            Err(error) => {
                self.show_message("无法打开文件", error.to_string());
                return false;
            }
        };
        let (slot, lock) = match self.claim_file(&path) {
            Ok(claims) => claims,
            Err(owner) => {
                self.ask(Prompt::Locked {
                    path,
                    owner,
                    document: Box::new(document),
                    stamp,
                });
                return false;
            }
        };
        let left = slot.as_ref().and_then(|slot| slot.read().ok().flatten());
        self.replace_document(document, Some(path.clone()), true, slot);
        self.document_lock = lock;
        self.disk_stamp = Some(stamp);
        self.remember_recent(&path);
        self.status = format!("已打开 {}", path.display());
        if let Some(copy) = left {
            // A window on this file crashed earlier: offer what it had not saved.
            self.offers.push_front(Offer::Own(copy));
            self.next_offer();
        }
        true
    }

    /// This window's claims on `path` for editing it: its recovery key ([`Self::slot_for_file`])
    /// and its sidecar lock ([`Self::lock_document`]). Either is `None`, with a message, when it
    /// cannot be had for another reason: the file still opens.
    ///
    /// # Errors
    /// The owner, as [`storage::StorageError::Locked`] names it, when the file is open in
    /// another window (here, or elsewhere by its sidecar lock); no claim is kept then.
    fn claim_file(
        &mut self,
        path: &FsPath,
    ) -> Result<(Option<storage::RecoverySlot>, Option<storage::DocumentLock>), Option<String>>
    {
        let slot = match self.slot_for_file(path) {
            Ok(slot) => slot,
            Err(storage::StorageError::Locked { owner, .. }) => return Err(owner),
            Err(error) => {
                // No recovery copy for this file, but it opens.
                self.show_message("恢复副本不可用", error.to_string());
                None
            }
        };
        let lock = match self.lock_document(path) {
            Ok(lock) => lock,
            // Open on another computer sharing the folder (or for another user here). The
            // claim just taken goes with `slot` (a window holding the file's key holds its lock
            // too).
            Err(storage::StorageError::Locked { owner, .. }) => return Err(owner),
            Err(error) => {
                self.show_message("无法锁定文件", error.to_string());
                None
            }
        };
        Ok((slot, lock))
    }

    /// Shows `prompt`, or, when another prompt is open, after that one is answered.
    pub(super) fn ask(&mut self, prompt: Prompt) {
        if self.prompt.is_some() {
            self.later.push(prompt);
        } else {
            self.prompt = Some(prompt);
        }
    }

    /// The claim on `path`'s recovery key for this window: the window's own slot when it holds
    /// that key already (its copy removed: what it held is being replaced or was saved), else a
    /// new claim; `None` when recovery is disabled.
    ///
    /// # Errors
    /// [`storage::StorageError::Locked`] when another window has the file open;
    /// [`storage::StorageError::Io`] when the recovery folder cannot be used.
    fn slot_for_file(
        &mut self,
        path: &FsPath,
    ) -> Result<Option<storage::RecoverySlot>, storage::StorageError> {
        let Some(store) = self.recovery.clone() else {
            return Ok(None);
        };
        let key = storage::RecoveryKey::for_file(path);
        if self.slot.as_ref().and_then(storage::RecoverySlot::key) == Some(&key) {
            let slot = self.slot.take();
            if let Some(slot) = &slot {
                slot.remove()?;
            }
            self.recovery_written = None;
            return Ok(slot);
        }
        store.claim(key).map(Some)
    }

    /// The sidecar lock of `path` for this window, when [`EditorApp::with_document_locks`] is on:
    /// the window's own when it holds it already; `None` when off.
    ///
    /// # Errors
    /// [`storage::StorageError::Locked`] when a window elsewhere has the file open;
    /// [`storage::StorageError::Io`] when no lock file can be made.
    fn lock_document(
        &mut self,
        path: &FsPath,
    ) -> Result<Option<storage::DocumentLock>, storage::StorageError> {
        if !self.document_locks {
            return Ok(None);
        }
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
        if self
            .document_lock
            .as_ref()
            .is_some_and(|lock| lock.document() == absolute)
        {
            return Ok(self.document_lock.take());
        }
        let fallback = self
            .recovery
            .as_ref()
            .map(|store| store.dir().join("locks"));
        storage::DocumentLock::acquire(path, fallback.as_deref()).map(Some)
    }

    /// The answer to [`Prompt::Locked`] 只读查看: shows the file without a claim on it; nothing
    /// can be edited, and saving asks for another file.
    pub(super) fn open_read_only(
        &mut self,
        path: PathBuf,
        document: Declaration,
        stamp: storage::DiskStamp,
    ) {
        self.replace_document(document, Some(path.clone()), true, None);
        self.disk_stamp = Some(stamp);
        self.read_only = true;
        self.status = format!("已只读打开 {}", path.display());
    }

    /// The answer to [`Prompt::Locked`] 另存副本: the file's content as a new, unsaved document,
    /// then 另存为 asks for its name.
    pub(super) fn save_copy(&mut self, document: Declaration) {
        self.replace_document(document, None, false, None);
        self.status = "副本尚未保存：请选择新的文件名".to_owned();
        let _saved = self.save_as(None);
    }

    /// Whether the file behind the window was changed (or removed) since it was read or saved
    /// here; asks 重新载入 / 另存为 / 仍然覆盖 the first time a change is seen. Cheap when nothing
    /// changed: the file's size and time are compared, and it is hashed only when they differ
    /// (a touch without a change is not a change).
    pub(super) fn check_disk(&mut self) {
        let (Some(path), Some(stamp)) = (self.path.clone(), self.disk_stamp.as_ref()) else {
            return;
        };
        let now = match std::fs::metadata(&path) {
            Ok(meta) => (meta.len(), meta.modified().ok()),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => (0, None),
            // Unreadable for now (a share gone away): the save will say.
            Err(_) => return,
        };
        if now == (stamp.len, stamp.modified) || self.disk_asked == Some(now) {
            return;
        }
        match stamp.is_current(&path) {
            Ok(true) => {
                if let Some(stamp) = self.disk_stamp.as_mut() {
                    stamp.modified = now.1;
                }
            }
            Ok(false) => {
                self.disk_asked = Some(now);
                self.ask(Prompt::ChangedOnDisk {
                    path,
                    then: None,
                    saving: false,
                });
            }
            Err(_) => {}
        }
    }

    /// 重新载入: the file as it is on disk replaces the window's document; the window's unsaved
    /// changes (and their recovery copy) are discarded.
    pub(super) fn reload(&mut self) {
        let Some(path) = self.path.clone() else {
            return;
        };
        match storage::load_with_stamp(&path) {
            Ok((document, stamp)) => {
                let read_only = self.read_only;
                let slot = if read_only {
                    None
                } else {
                    self.slot_for_file(&path).unwrap_or(None)
                };
                let lock = self.document_lock.take();
                self.replace_document(document, Some(path.clone()), true, slot);
                self.document_lock = lock;
                self.read_only = read_only;
                self.disk_stamp = Some(stamp);
                self.status = format!("已重新载入 {}（本窗口未保存的修改已放弃）", path.display());
            }
            Err(error) => self.show_message("无法重新载入", error.to_string()),
        }
    }

    /// After an import: lists what the importer could not place in form `form`, if anything.
    pub(super) fn show_import_warnings(&mut self, warnings: &[ImportWarning], form: usize) {
        let mine: Vec<ImportWarning> = warnings
            .iter()
            .filter(|warning| warning.form.is_none_or(|index| index == form))
            .cloned()
            .collect();
        if mine.is_empty() {
            return;
        }
        self.show_message(
            "导入完成",
            format!("已导入，{}", warnings_text(&mine, None)),
        );
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
        // Never over the declaration itself (by a link either) or any `.ron` file.
        let inputs: Vec<&FsPath> = self.path.as_deref().into_iter().collect();
        if let Err(error) = storage::check_output(&path, &inputs, storage::OutputKind::Pdf) {
            self.show_message("无法打印", error.to_string());
            return false;
        }
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

    /// Saves to the current file, or asks for one (also in a read-only view: 另存副本). Returns
    /// whether it was saved.
    pub(super) fn save(&mut self, then: Option<Continuation>) -> bool {
        match self.path.clone() {
            Some(path) if !self.read_only => self.save_to(&path, then, false),
            _ => self.save_as(then),
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

    /// Saves to `path` (as `.ron`). The file must still be as read or last saved here: a change
    /// on disk since asks 重新载入 / 另存为 / 仍然覆盖 instead (with `then` to go on with), unless
    /// `force` (仍然覆盖). A file open in another window is never saved over. The window then
    /// holds `path`'s key; the old key's copy is removed. Returns whether it was saved.
    pub(super) fn save_to(
        &mut self,
        path: &FsPath,
        then: Option<Continuation>,
        force: bool,
    ) -> bool {
        // A declaration is a `.ron` file (a save never replaces a printed form or a text).
        let path = with_extension(path, "ron");
        // The status bar and the title say where the file is, not just its name.
        let path = std::path::absolute(&path).unwrap_or(path);
        let same_file = self.path.as_deref() == Some(path.as_path());
        if same_file && self.read_only {
            self.show_message(
                "无法保存",
                format!(
                    "此文件已在另一个 Jixiao 窗口中打开，本窗口只读，不能保存到它；请用 另存为 换一个文件名（{}）",
                    path.display()
                ),
            );
            return false;
        }
        let key = storage::RecoveryKey::for_file(&path);
        let holds_key = self.slot.as_ref().and_then(storage::RecoverySlot::key) == Some(&key);
        let new_slot = match (&self.recovery, holds_key) {
            (Some(store), false) => match store.claim(key) {
                Ok(slot) => Some(slot),
                Err(storage::StorageError::Locked { .. }) => {
                    self.show_message(
                        "无法保存",
                        format!(
                            "「{}」已在另一个 Jixiao 窗口中打开，不能覆盖它；请换一个文件名（{}）",
                            path.file_name()
                                .map(|name| name.to_string_lossy().into_owned())
                                .unwrap_or_default(),
                            path.display()
                        ),
                    );
                    return false;
                }
                // The file can still be saved; it just has no recovery copy.
                Err(_) => None,
            },
            _ => None,
        };
        let new_lock = if same_file {
            None
        } else {
            match self.lock_document(&path) {
                Ok(lock) => lock,
                Err(storage::StorageError::Locked { .. }) => {
                    self.show_message(
                        "无法保存",
                        format!(
                            "此文件已在另一个 Jixiao 窗口中打开，不能覆盖它；请换一个文件名（{}）",
                            path.display()
                        ),
                    );
                    return false;
                }
                // Saved without the lock rather than not at all.
                Err(_) => None,
            }
        };
        let expected = if same_file && !force {
            self.disk_stamp.clone()
        } else {
            None
        };
        match storage::save_checked(&path, &self.document, expected.as_ref()) {
            Ok(written) => {
                self.saved = Some(self.document.clone());
                self.remember_recent(&path);
                self.status = format!("已保存到 {}", path.display());
                self.path = Some(path);
                self.disk_stamp = Some(written.stamp.clone());
                self.disk_asked = None;
                self.read_only = false;
                if let Some(slot) = new_slot {
                    // 另存为: the old file's copy and claim go, the new file's come.
                    self.remove_recovery();
                    self.slot = Some(slot);
                }
                if !same_file {
                    self.document_lock = new_lock;
                }
                self.remove_recovery();
                if let Some(note) = written.note() {
                    self.show_message("已保存", note.to_owned());
                }
                true
            }
            Err(storage::StorageError::ChangedOnDisk { path }) => {
                self.ask(Prompt::ChangedOnDisk {
                    path,
                    then,
                    saving: true,
                });
                false
            }
            Err(error) => {
                self.show_message("保存失败", error.to_string());
                false
            }
        }
    }

    /// Puts `document` in the window (from `path`, or new when `None`; `saved`: as the file
    /// holds it), with `slot` as the window's claim (`None`: claimed at the first copy). The
    /// copy of the document it replaces is removed (saved or 不保存 before), unless `slot` is
    /// that same claim.
    pub(super) fn replace_document(
        &mut self,
        document: Declaration,
        path: Option<PathBuf>,
        saved: bool,
        slot: Option<storage::RecoverySlot>,
    ) {
        if let Some(old) = std::mem::replace(&mut self.slot, slot)
            && let Err(error) = old.remove()
        {
            self.status = format!("旧的恢复副本无法删除：{error}");
        }
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
        // A document not in any file (imported, rolled over, a copy) is copied at the next
        // frame: it is unsaved work too.
        self.edited_at = (!saved).then_some(f64::NEG_INFINITY);
        self.disk_stamp = None;
        self.disk_asked = None;
        self.read_only = false;
        self.document_lock = None;
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

    /// At start-up: the copies left by windows that are gone, and the old single copy, if
    /// still there, become offers.
    pub(super) fn collect_offers(&mut self) {
        let Some(store) = self.recovery.clone() else {
            return;
        };
        let legacy = store.dir().join(LEGACY_RECOVERY_FILE);
        if legacy.exists() {
            match storage::load(&legacy) {
                Ok(declaration) => {
                    let source =
                        std::fs::read_to_string(store.dir().join(LEGACY_RECOVERY_SOURCE_FILE))
                            .ok()
                            .map(|text| PathBuf::from(text.trim()))
                            .filter(|path| !path.as_os_str().is_empty());
                    self.offers.push_back(Offer::Legacy {
                        declaration: Box::new(declaration),
                        source,
                    });
                }
                Err(error) => {
                    self.status = format!("旧版恢复副本无法读取，已忽略：{error}");
                    remove_legacy(store.dir());
                }
            }
        }
        match store.orphans() {
            Ok(orphans) => self.offers.extend(orphans.into_iter().map(Offer::Orphan)),
            Err(error) => self.status = format!("恢复副本无法读取：{error}"),
        }
    }

    /// Shows the next offer as [`Prompt::Recovery`]. Once the window shows a restored document,
    /// the offers left are kept for the next start (the window holds one document; their
    /// copies stay on disk).
    pub(super) fn next_offer(&mut self) {
        if self.offers.is_empty() {
            return;
        }
        if self.is_modified() {
            let left = self.offers.len();
            self.offers.clear();
            self.status = format!("另有 {left} 份未保存的修改，将在下次启动 Jixiao 时提示");
            return;
        }
        let prompt = match self.offers.front() {
            Some(Offer::Orphan(orphan)) => match &orphan.copy {
                Ok(copy) => recovery_prompt(copy),
                Err(error) => Prompt::Recovery {
                    name: "无法读取的恢复副本".to_owned(),
                    source: None,
                    written_at: None,
                    error: Some(error.to_string()),
                },
            },
            Some(Offer::Own(copy)) => recovery_prompt(copy),
            Some(Offer::Legacy {
                declaration,
                source,
            }) => Prompt::Recovery {
                name: declaration.project_name.clone(),
                source: source.clone(),
                written_at: None,
                error: None,
            },
            None => return,
        };
        self.ask(prompt);
    }

    /// 恢复 (`restore`) or 不恢复 on the offer shown; then the next offer.
    pub(super) fn answer_offer(&mut self, restore: bool) {
        let Some(offer) = self.offers.pop_front() else {
            return;
        };
        match (offer, restore) {
            (Offer::Orphan(orphan), true) => match orphan.copy {
                Ok(copy) => self.restore(copy, Some(orphan.slot)),
                Err(_) => self.offers.push_front(Offer::Orphan(orphan)),
            },
            (Offer::Orphan(orphan), false) => {
                if let Err(error) = orphan.slot.remove() {
                    self.status = format!("恢复副本无法删除：{error}");
                }
            }
            (Offer::Own(copy), true) => {
                let slot = self.slot.take();
                self.restore(copy, slot);
            }
            (Offer::Own(_), false) => self.remove_recovery(),
            (
                Offer::Legacy {
                    declaration,
                    source,
                },
                true,
            ) => {
                self.replace_document(*declaration, None, false, None);
                self.status = match source {
                    Some(source) => format!(
                        "已恢复旧版留存的修改（原文件 {}），请用 另存为 保存",
                        source.display()
                    ),
                    None => "已恢复未保存的修改".to_owned(),
                };
                if let Some(store) = &self.recovery {
                    remove_legacy(store.dir());
                }
            }
            (Offer::Legacy { .. }, false) => {
                if let Some(store) = &self.recovery {
                    remove_legacy(store.dir());
                }
            }
        }
        self.next_offer();
    }

    /// Shows a restored copy, `slot` its claim. Before its first save the file it came from is
    /// compared with the stamp the copy kept: changed since, the window asks first.
    fn restore(&mut self, copy: storage::RecoveryCopy, slot: Option<storage::RecoverySlot>) {
        let saved_version = copy
            .source
            .as_deref()
            .and_then(|path| storage::load(path).ok());
        self.replace_document(copy.declaration.clone(), copy.source.clone(), false, slot);
        self.status = "已恢复未保存的修改".to_owned();
        if let Some(source) = &copy.source {
            match self.lock_document(source) {
                Ok(lock) => self.document_lock = lock,
                // The restored edits stay; the note says the file is open elsewhere.
                Err(error) => self.status = format!("已恢复未保存的修改；{error}"),
            }
        }
        self.saved = saved_version;
        self.disk_stamp = copy.source_stamp;
        self.recovery_written = Some(copy.declaration);
        self.check_disk();
    }

    /// Writes the recovery copy now if the declaration has unsaved changes not yet copied
    /// (claiming a key first when the window holds none).
    pub(super) fn write_recovery(&mut self) {
        self.edited_at = None;
        let Some(store) = self.recovery.clone() else {
            return;
        };
        if self.read_only
            || !self.is_modified()
            || self.recovery_written.as_ref() == Some(&self.document)
        {
            return;
        }
        if self.slot.is_none() {
            let key = self.path.as_deref().map_or_else(
                storage::RecoveryKey::new_window,
                storage::RecoveryKey::for_file,
            );
            match store.claim(key) {
                Ok(slot) => self.slot = Some(slot),
                Err(error) => {
                    self.status = format!("恢复副本无法写入：{error}");
                    return;
                }
            }
        }
        let Some(slot) = &self.slot else {
            return;
        };
        let Some(key) = slot.key().cloned() else {
            return;
        };
        let copy = storage::RecoveryCopy::new(
            key,
            self.document.clone(),
            self.path.clone(),
            self.disk_stamp.clone(),
        );
        match slot.write(&copy) {
            Ok(()) => self.recovery_written = Some(copy.declaration),
            Err(error) => self.status = format!("恢复副本写入失败：{error}"),
        }
    }

    /// The recovery copy after a pause: [`RECOVERY_PAUSE_S`] after the last edit not yet
    /// copied (the window wakes up for it when idle). Back at the saved state (undone), the
    /// copy goes.
    pub(super) fn autosave(&mut self, ctx: &egui::Context, time: f64) {
        // No edit waiting to be copied and no copy to take back: the document is not compared
        // with the saved one (every frame, on a large form).
        if self.edited_at.is_none() && self.recovery_written.is_none() {
            return;
        }
        if !self.is_modified() {
            if self.recovery_written.is_some() {
                self.remove_recovery();
            }
            self.edited_at = None;
            return;
        }
        let Some(edited_at) = self.edited_at else {
            return;
        };
        let waited = time - edited_at;
        if waited >= RECOVERY_PAUSE_S {
            self.write_recovery();
        } else {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(
                (RECOVERY_PAUSE_S - waited).max(0.0),
            ));
        }
    }

    /// Removes this window's recovery copy (no other window's).
    pub(super) fn remove_recovery(&mut self) {
        if let Some(slot) = &self.slot
            && let Err(error) = slot.remove()
        {
            self.status = format!("恢复副本无法删除：{error}");
        }
        self.recovery_written = None;
        self.edited_at = None;
    }
}

/// The 恢复 / 不恢复 question for `copy`.
fn recovery_prompt(copy: &storage::RecoveryCopy) -> Prompt {
    Prompt::Recovery {
        name: copy.declaration.project_name.clone(),
        source: copy.source.clone(),
        written_at: Some(copy.written_at.format("%Y-%m-%d %H:%M").to_string()),
        error: None,
    }
}

/// Removes the old single recovery copy and its source file.
fn remove_legacy(dir: &FsPath) {
    for name in [LEGACY_RECOVERY_FILE, LEGACY_RECOVERY_SOURCE_FILE] {
        let _ignored_when_absent = std::fs::remove_file(dir.join(name));
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
