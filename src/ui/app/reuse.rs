//! The app's side of reuse and compare (issue 12): the indicator library (built on a thread,
//! its folders remembered), the misplaced-row hints of the findings panel (worked out once edits
//! settle), the 指标库 panel, and the two views that take the place of the form — the folder list
//! (文件 › 打开文件夹…) and the comparison with another version (文件 › 与其他版本比较…).
//!
//! The views and the panel draw and return what the user asked for; it is carried out here
//! after the frame: edits go with the frame's other edits (each an undo step), files are chosen
//! through the app's dialogs and written through [`crate::storage`].

use std::path::{Path as FsPath, PathBuf};
use std::sync::Arc;

use eframe::egui;
use egui::Ui;

use crate::library::{Library, MisplacedRow};
use crate::model::{FormLayout, IndicatorPath, Path};
use crate::pdf::PrintOptions;
use crate::storage;

use super::super::command::{AppCommand, EditCommand, Insertion, SidePanel};
use super::super::compare::{CompareAction, CompareView, compare_ui};
use super::super::dialogs::{DialogPurpose, ReusePurpose};
use super::super::findings::FindingsClick;
use super::super::folder::{FolderAction, FolderView, export_all, folder_ui};
use super::super::library_panel::{InsertTarget, LibraryState, PanelAction, library_panel_ui};
use super::EditorApp;
use super::files::with_extension;
use super::prompt::{Continuation, Prompt};

/// Preference key of the folders the indicator library reads.
pub const LIBRARY_FOLDERS_KEY: &str = "jixiao.library_folders";

/// How long the document must stay unchanged before the misplaced-row hints are worked out
/// again, in seconds (as the rules, they follow the edits, but not every keystroke).
pub const HINT_SETTLE_S: f64 = 0.5;

/// What the middle of the window shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MainView {
    /// The form being edited.
    #[default]
    Form,
    /// The folder list (文件 › 打开文件夹…).
    Folder,
    /// The comparison with another version (文件 › 与其他版本比较…).
    Compare,
}

/// The state of the library, the hints and the two views.
#[derive(Debug, Default)]
pub(super) struct ReuseState {
    library: LibraryState,
    /// The misplaced-row hints, as last worked out.
    hints: Vec<MisplacedRow>,
    /// The document and library generation the hints were worked out for.
    hints_for: Option<(crate::model::Declaration, u64)>,
    /// When the document was last seen to differ from `hints_for` (egui time, seconds).
    changed_at: Option<f64>,
    view: MainView,
    folder: Option<FolderView>,
    compare: Option<CompareView>,
    /// The last-modified time of the edited file when the comparison was opened.
    this_modified: Option<std::time::SystemTime>,
    /// Edits asked for by the panels and views, applied with the frame's edits.
    edits: Vec<EditCommand>,
    /// A folder list's file to open once unsaved changes are dealt with.
    pending_open: Option<PathBuf>,
    /// Dialogs and jobs asked for during the frame, carried out after it.
    requests: Vec<Request>,
}

/// Something the panel or a view asked for that the app does after the frame.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Request {
    /// Ask for a file or folder for this purpose.
    Choose(ReusePurpose),
    /// Open a file of the folder list.
    Open(PathBuf),
}

impl ReuseState {
    /// The indicator library, once built.
    pub(super) fn library(&self) -> Option<&Library> {
        self.library.library()
    }

    /// The edits asked for by the panels and views this frame.
    pub(super) fn take_edits(&mut self) -> Vec<EditCommand> {
        std::mem::take(&mut self.edits)
    }

    /// The document was replaced (opened, new, imported): the comparison was about the old one.
    pub(super) fn document_replaced(&mut self) {
        self.compare = None;
        if self.view == MainView::Compare {
            self.view = MainView::Form;
        }
        self.changed_at = None;
        self.hints_for = None;
    }
}

impl EditorApp {
    /// Uses `library` (already built) instead of building one from the folders: for tests and
    /// benchmarks.
    #[must_use]
    pub fn with_library(mut self, library: Arc<Library>) -> Self {
        self.reuse.library.set_library(library);
        self
    }

    /// The folders the indicator library reads besides the bundled examples (remembered in the
    /// preferences); the library is built from them on a thread from the first frame on.
    #[must_use]
    pub fn with_library_folders(mut self, folders: Vec<PathBuf>) -> Self {
        self.reuse.library = LibraryState::new(folders);
        self
    }

    /// Opens a view at start-up, for screenshots of it: `library` (the 指标库 panel),
    /// `library=TEXT` (the same, TEXT searched), `folder=DIR` (the folder list of DIR) or
    /// `compare=FILE` (the comparison with FILE). Anything else is ignored.
    #[must_use]
    pub fn with_start_view(mut self, spec: &str) -> Self {
        let show_library = |app: &mut Self| {
            app.view
                .hidden_panels
                .retain(|panel| *panel != SidePanel::Library);
        };
        match spec.split_once('=') {
            None if spec.trim() == "library" => show_library(&mut self),
            Some(("library", search)) => {
                show_library(&mut self);
                self.reuse.library.set_search(search);
            }
            Some(("folder", folder)) => {
                let _listed = self.use_reuse_path(ReusePurpose::OpenFolder, FsPath::new(folder));
            }
            Some(("compare", file)) => {
                let _compared = self.use_reuse_path(ReusePurpose::CompareWith, FsPath::new(file));
            }
            _ => {}
        }
        self
    }

    /// The indicator library, once built.
    pub fn library(&self) -> Option<&Library> {
        self.reuse.library.library()
    }

    /// Whether the indicator library is being built.
    pub fn library_building(&self) -> bool {
        self.reuse.library.is_building()
    }

    /// The folders the indicator library reads besides the bundled examples.
    pub fn library_folders(&self) -> &[PathBuf] {
        self.reuse.library.folders()
    }

    /// The misplaced-row hints of the findings panel, as last worked out.
    pub fn misplaced_hints(&self) -> &[MisplacedRow] {
        &self.reuse.hints
    }

    /// What the middle of the window shows.
    pub fn main_view(&self) -> MainView {
        self.reuse.view
    }

    /// The folder list, if one was opened.
    pub fn folder_view(&self) -> Option<&FolderView> {
        self.reuse.folder.as_ref()
    }

    /// The comparison, if one is open.
    pub fn compare_view(&self) -> Option<&CompareView> {
        self.reuse.compare.as_ref()
    }

    /// Start of a frame: takes a finished library, folder reading or folder print.
    pub(super) fn reuse_frame_start(&mut self, ctx: &egui::Context) {
        let _arrived = self.reuse.library.poll(ctx);
        if let Some(folder) = self.reuse.folder.as_mut()
            && let Some(printed) = folder.poll(ctx)
        {
            match printed {
                Ok(printed) => {
                    if let Some(folder) = self.reuse.folder.as_mut() {
                        folder.set_message(format!(
                            "已把 {} 张申报表打印到 {}",
                            printed.forms,
                            printed.path.display()
                        ));
                    }
                    self.ask(Prompt::PdfWritten {
                        path: printed.path,
                        page_count: printed.page_count,
                        warnings: printed.warnings,
                    });
                }
                Err(error) => self.show_message("无法打印", error),
            }
        }
        if let Some(compare) = self.reuse.compare.as_mut() {
            compare.refresh(&self.document);
        }
    }

    /// Draws the folder list or the comparison in the middle of the window when one of them is
    /// shown; returns whether it drew (the form is drawn otherwise).
    pub(super) fn main_view_ui(&mut self, ui: &mut Ui) -> bool {
        match self.reuse.view {
            MainView::Form => false,
            MainView::Folder => {
                let Some(folder) = self.reuse.folder.as_mut() else {
                    self.reuse.view = MainView::Form;
                    return false;
                };
                let printing = folder.is_printing();
                if let Some(action) = folder_ui(ui, folder, printing) {
                    self.folder_action(action);
                }
                true
            }
            MainView::Compare => {
                let Some(compare) = self.reuse.compare.as_ref() else {
                    self.reuse.view = MainView::Form;
                    return false;
                };
                let action = compare_ui(
                    ui,
                    compare,
                    &self.document,
                    self.path.as_deref(),
                    self.reuse.this_modified,
                );
                match action {
                    Some(CompareAction::Take(index)) => {
                        if let Some(compare) = self.reuse.compare.as_mut()
                            && let Some(take) = compare.take(&self.document, index)
                        {
                            self.reuse.edits.push(take);
                        }
                    }
                    Some(CompareAction::ChooseOther) => self
                        .reuse
                        .requests
                        .push(Request::Choose(ReusePurpose::CompareWith)),
                    Some(CompareAction::Close) => self.reuse.view = MainView::Form,
                    None => {}
                }
                true
            }
        }
    }

    fn folder_action(&mut self, action: FolderAction) {
        match action {
            FolderAction::Open(path) => self.reuse.requests.push(Request::Open(path)),
            FolderAction::CheckAll => {
                if let Some(folder) = self.reuse.folder.as_mut() {
                    folder.reload(true);
                }
            }
            FolderAction::Reload => {
                if let Some(folder) = self.reuse.folder.as_mut() {
                    folder.reload(false);
                }
            }
            FolderAction::PrintAll => self
                .reuse
                .requests
                .push(Request::Choose(ReusePurpose::PrintFolder)),
            FolderAction::ExportAll => self
                .reuse
                .requests
                .push(Request::Choose(ReusePurpose::ExportFolder)),
            FolderAction::ExportAllExcel => self
                .reuse
                .requests
                .push(Request::Choose(ReusePurpose::ExportFolderExcel)),
            FolderAction::OpenOther => self
                .reuse
                .requests
                .push(Request::Choose(ReusePurpose::OpenFolder)),
            FolderAction::Close => self.reuse.view = MainView::Form,
        }
    }

    /// The 指标库 panel; a click never goes to a field.
    pub(super) fn library_panel_ui(&mut self, ui: &mut Ui) -> Option<Path> {
        let target = self.insert_target();
        match library_panel_ui(ui, &mut self.reuse.library, &target)? {
            PanelAction::Insert(insertion, row) => {
                self.reuse
                    .edits
                    .push(EditCommand::InsertIndicator(insertion, row));
            }
            PanelAction::AddFolder => self
                .reuse
                .requests
                .push(Request::Choose(ReusePurpose::LibraryFolder)),
            PanelAction::RemoveFolder(index) => {
                if let Some(folder) = self.reuse.library.remove_folder(index) {
                    self.status = format!("已从指标库移除文件夹 {}", folder.display());
                }
            }
            PanelAction::Rebuild => self.reuse.library.rebuild(),
        }
        None
    }

    /// Where the 指标库 panel inserts: after the selected level-3 row, at the end of the
    /// selected level-2 group (2018: level-1 group), or, with nothing selected, where the
    /// library files the indicator (current layout).
    fn insert_target(&self) -> InsertTarget {
        let layout = self.document.layout();
        let group = self.selected.and_then(|path| {
            let (level1, level2, at) = match (path.level2, path.level3) {
                (Some(level2), Some(level3)) => (path.level1, level2, level3 + 1),
                (Some(level2), None) => (path.level1, level2, usize::MAX),
                (None, _) if !layout.has_level2() => (path.level1, 0, usize::MAX),
                (None, _) => return None,
            };
            let group1 = self.document.indicators.get(level1)?;
            let group2 = group1.children.get(level2)?;
            let name = if layout.has_level2() {
                format!("{} › {}", group1.name.trim(), group2.name.trim())
            } else {
                group1.name.trim().to_owned()
            };
            Some((
                Insertion::At(IndicatorPath::level3(level1, level2, at)),
                name,
            ))
        });
        InsertTarget {
            group,
            by_placement: layout == FormLayout::Current,
        }
    }

    /// The hints still true of the document (the row is where the hint saw it).
    pub(super) fn live_hints(&self) -> Vec<MisplacedRow> {
        self.reuse
            .hints
            .iter()
            .filter(|hint| {
                super::super::edit::name(&self.document, hint.path) == Some(hint.name.as_str())
            })
            .cloned()
            .collect()
    }

    /// A click in the findings panel on a hint: its row, or its move.
    pub(super) fn hint_clicked(
        &mut self,
        click: &FindingsClick,
        hints: &[MisplacedRow],
    ) -> Option<Path> {
        match click {
            FindingsClick::GoTo(path) => Some(*path),
            FindingsClick::Fix(index) => {
                let hint = hints.get(*index)?;
                self.reuse.edits.push(EditCommand::MoveToPlacement {
                    from: hint.path,
                    name: hint.name.clone(),
                    to: hint.suggested,
                });
                None
            }
        }
    }

    /// 打开文件夹… and 与其他版本比较… from the menu.
    pub(super) fn run_reuse(&mut self, command: AppCommand) {
        let purpose = match command {
            AppCommand::OpenFolder => ReusePurpose::OpenFolder,
            AppCommand::CompareWith => ReusePurpose::CompareWith,
            _ => return,
        };
        let _chosen = self.choose_path(DialogPurpose::Reuse(purpose), None);
    }

    /// After the frame: carries out what the panel and the views asked for, and works out the
    /// misplaced-row hints once the document has stayed unchanged for [`HINT_SETTLE_S`].
    pub(super) fn reuse_after_frame(&mut self, ctx: &egui::Context, time: f64) {
        for request in std::mem::take(&mut self.reuse.requests) {
            match request {
                Request::Choose(purpose) => {
                    let _chosen = self.choose_path(DialogPurpose::Reuse(purpose), None);
                }
                Request::Open(path) => {
                    self.reuse.pending_open = Some(path);
                    self.continue_after_unsaved(Continuation::OpenFromFolder);
                }
            }
            ctx.request_repaint();
        }
        self.update_hints(ctx, time);
    }

    fn update_hints(&mut self, ctx: &egui::Context, time: f64) {
        let generation = self.reuse.library.generation();
        let current = self
            .reuse
            .hints_for
            .as_ref()
            .is_some_and(|(document, built)| *built == generation && *document == self.document);
        if current {
            self.reuse.changed_at = None;
            return;
        }
        let Some(library) = self.reuse.library.library() else {
            return;
        };
        // A new library or document is worked out at once; edits once they settle.
        let settled = match (self.reuse.changed_at, &self.reuse.hints_for) {
            (_, None) => true,
            (_, Some((_, built))) if *built != generation => true,
            (None, _) => {
                self.reuse.changed_at = Some(time);
                false
            }
            (Some(at), _) => time - at >= HINT_SETTLE_S,
        };
        if settled {
            self.reuse.hints = library.misplaced_rows(&self.document);
            self.reuse.hints_for = Some((self.document.clone(), generation));
            self.reuse.changed_at = None;
        } else {
            let waited = self.reuse.changed_at.map_or(0.0, |at| time - at);
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(
                (HINT_SETTLE_S - waited).max(0.0),
            ));
        }
    }

    /// A change made while waiting restarts the wait for the hints.
    pub(super) fn reuse_document_edited(&mut self, time: f64) {
        if self.reuse.hints_for.is_some() {
            self.reuse.changed_at = Some(time);
        }
    }

    /// The suggested file name of a reuse dialog: the folder's name for the folder's PDF and
    /// TSV; nothing when choosing something that exists.
    pub(super) fn reuse_suggested_name(&self, purpose: ReusePurpose) -> String {
        let folder_name = self
            .reuse
            .folder
            .as_ref()
            .and_then(|folder| folder.folder().file_name())
            .map_or_else(
                || "申报表".to_owned(),
                |name| name.to_string_lossy().into_owned(),
            );
        match purpose {
            ReusePurpose::PrintFolder => format!("{folder_name}-全部申报表.pdf"),
            ReusePurpose::ExportFolder => format!("{folder_name}-全部申报表.tsv"),
            ReusePurpose::ExportFolderExcel => format!("{folder_name}-全部申报表.xlsx"),
            ReusePurpose::OpenFolder | ReusePurpose::LibraryFolder | ReusePurpose::CompareWith => {
                String::new()
            }
        }
    }

    /// The file a save of `purpose` at `path` writes (a PDF or TSV never replaces a `.ron`).
    pub(super) fn reuse_target(purpose: ReusePurpose, path: &FsPath) -> PathBuf {
        match purpose.extension() {
            Some(extension) => with_extension(path, extension),
            None => path.to_owned(),
        }
    }

    /// Uses a chosen folder or file for `purpose`. Returns whether it was used.
    pub(super) fn use_reuse_path(&mut self, purpose: ReusePurpose, path: &FsPath) -> bool {
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
        match purpose {
            ReusePurpose::OpenFolder => {
                self.last_folder = Some(path.clone());
                // The list shows its own progress (a spinner while the folder is read).
                self.status = format!("文件夹 {}", path.display());
                self.reuse.folder = Some(FolderView::new(path));
                self.reuse.view = MainView::Folder;
                true
            }
            ReusePurpose::LibraryFolder => {
                self.last_folder = Some(path.clone());
                self.status = if self.reuse.library.add_folder(path.clone()) {
                    format!("已把 {} 加入指标库，正在读取", path.display())
                } else {
                    format!("{} 已在指标库中", path.display())
                };
                self.view
                    .hidden_panels
                    .retain(|panel| *panel != SidePanel::Library);
                true
            }
            ReusePurpose::CompareWith => {
                let read = storage::load_all(std::slice::from_ref(&path));
                let Some(file) = read.into_iter().next() else {
                    return false;
                };
                match file.declaration {
                    Ok(other) => {
                        self.reuse.this_modified = self.path.as_deref().and_then(|own| {
                            storage::load_all(&[own.to_owned()])
                                .into_iter()
                                .next()
                                .and_then(|own| own.modified)
                        });
                        let mut compare = CompareView::new(path, other, file.modified);
                        compare.refresh(&self.document);
                        self.status = match compare.changes().len() {
                            0 => "两个版本相同".to_owned(),
                            count => format!("与其他版本有 {count} 处不同"),
                        };
                        self.reuse.compare = Some(compare);
                        self.reuse.view = MainView::Compare;
                        true
                    }
                    Err(error) => {
                        self.show_message("无法比较", error.to_string());
                        false
                    }
                }
            }
            ReusePurpose::PrintFolder => {
                let options = PrintOptions {
                    signature_block: self.signature_block,
                };
                let target = Self::reuse_target(purpose, &path);
                match self.reuse.folder.as_mut() {
                    Some(folder) => {
                        folder.request_print(target, options);
                        true
                    }
                    None => false,
                }
            }
            ReusePurpose::ExportFolder | ReusePurpose::ExportFolderExcel => {
                self.export_folder(purpose, &Self::reuse_target(purpose, &path))
            }
        }
    }

    /// Exports every readable declaration of the folder list into one file at `path`: a TSV
    /// file for [`ReusePurpose::ExportFolder`], an Excel workbook (a worksheet per declaration,
    /// [`crate::export::to_xlsx`]) for [`ReusePurpose::ExportFolderExcel`]. Written atomically.
    fn export_folder(&mut self, purpose: ReusePurpose, path: &FsPath) -> bool {
        let Some(folder) = self.reuse.folder.as_mut() else {
            return false;
        };
        let declarations: Vec<_> = folder
            .readable()
            .into_iter()
            .map(|(_, declaration)| declaration)
            .collect();
        let skipped = folder.unreadable();
        let bytes = if purpose == ReusePurpose::ExportFolderExcel {
            crate::export::to_xlsx(&declarations).map_err(|error| error.to_string())
        } else {
            Ok(export_all(&declarations).into_bytes())
        };
        let written = bytes.and_then(|bytes| {
            storage::write_atomic(path, &bytes).map_err(|error| error.to_string())
        });
        match written {
            Ok(()) => {
                let skipped = if skipped > 0 {
                    format!("（{skipped} 个无法读取的文件未导出）")
                } else {
                    String::new()
                };
                folder.set_message(format!(
                    "已把 {} 张申报表导出到 {}{skipped}",
                    declarations.len(),
                    path.display()
                ));
                true
            }
            Err(error) => {
                self.show_message("无法导出", error);
                false
            }
        }
    }

    /// Opens the folder list's file chosen before the unsaved-changes question, and shows it.
    pub(super) fn open_from_folder(&mut self) {
        if let Some(path) = self.reuse.pending_open.take()
            && self.open(&path)
        {
            self.reuse.view = MainView::Form;
        }
    }

    /// Where a reuse dialog starts: the listed folder for the folder's PDF and TSV.
    pub(super) fn reuse_start_folder(&self, purpose: ReusePurpose) -> Option<PathBuf> {
        match purpose {
            ReusePurpose::PrintFolder
            | ReusePurpose::ExportFolder
            | ReusePurpose::ExportFolderExcel => self
                .reuse
                .folder
                .as_ref()
                .map(|folder| folder.folder().to_owned()),
            _ => None,
        }
    }
}
