//! Native file dialogs behind a small trait, so tests drive the app with a fake.
//!
//! The native implementation uses rfd's xdg-desktop-portal backend on Linux. A desktop without a
//! file-chooser portal makes rfd return `None` at once; the app cannot tell that from a cancel
//! except by time, so a "cancel" faster than [`PORTAL_MISSING_BELOW`] counts as
//! [`DialogOutcome::Unavailable`] and the app offers a text field to type a path instead.
//! Depends on rfd only; never reads or writes the files it names.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What a file dialog gave back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DialogOutcome {
    /// The user chose this path.
    Picked(PathBuf),
    /// The user closed the dialog without choosing.
    Cancelled,
    /// No dialog could be shown (no portal on this desktop): ask for a typed path instead.
    Unavailable,
}

/// What a dialog is for; decides its title, filters and suggested name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DialogPurpose {
    /// Open a `.ron` declaration (or a PDF or workbook holding forms, which is imported).
    OpenDeclaration,
    /// Save a `.ron` declaration that has no file yet (保存).
    SaveDeclaration,
    /// Save a `.ron` declaration under another name (另存为).
    SaveDeclarationAs,
    /// Open a file to import: a workbook, a PDF or a text extraction.
    Import,
    /// The folder that takes the forms of an import that found several.
    ImportFolder,
    /// Save a PDF.
    SavePdf,
    /// Save an Excel workbook (导出 Excel).
    SaveXlsx,
    /// A dialog of the library, folder or compare views.
    Reuse(ReusePurpose),
}

/// What a dialog of the library, folder and compare views is for (issue 12).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReusePurpose {
    /// 打开文件夹: a folder of declarations to list.
    OpenFolder,
    /// A folder whose declarations the indicator library reads.
    LibraryFolder,
    /// Another version of the declaration (`.ron`) to compare with.
    CompareWith,
    /// Where every declaration of the listed folder is printed, as one PDF.
    PrintFolder,
    /// Where every declaration of the listed folder is exported, as one TSV file.
    ExportFolder,
    /// Where every declaration of the listed folder is exported, as one Excel workbook (a
    /// worksheet per declaration).
    ExportFolderExcel,
}

impl ReusePurpose {
    /// The dialog's Chinese title.
    pub fn title(self) -> &'static str {
        match self {
            Self::OpenFolder => "打开文件夹",
            Self::LibraryFolder => "添加指标库文件夹",
            Self::CompareWith => "选择要比较的版本",
            Self::PrintFolder => "全部打印为 PDF",
            Self::ExportFolder => "全部导出为 TSV",
            Self::ExportFolderExcel => "全部导出为 Excel",
        }
    }

    /// Whether the dialog picks something that exists (a folder, a file to compare with).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Self::OpenFolder | Self::LibraryFolder | Self::CompareWith
        )
    }

    /// Whether the dialog picks a folder rather than a file.
    pub fn picks_folder(self) -> bool {
        matches!(self, Self::OpenFolder | Self::LibraryFolder)
    }

    /// (filter name, extensions) offered by the dialog (a folder dialog shows these files).
    pub fn filter(self) -> (&'static str, &'static [&'static str]) {
        match self {
            Self::OpenFolder | Self::LibraryFolder | Self::CompareWith => {
                ("Jixiao 申报表", &["ron"])
            }
            Self::PrintFolder => ("PDF", &["pdf"]),
            Self::ExportFolder => ("制表符分隔文本", &["tsv", "txt"]),
            Self::ExportFolderExcel => ("Excel 工作簿", &["xlsx"]),
        }
    }

    /// The extension a file saved for it gets (see the app's `with_extension`); `None` when
    /// it picks something that exists.
    pub fn extension(self) -> Option<&'static str> {
        match self {
            Self::PrintFolder => Some("pdf"),
            Self::ExportFolder => Some("tsv"),
            Self::ExportFolderExcel => Some("xlsx"),
            Self::OpenFolder | Self::LibraryFolder | Self::CompareWith => None,
        }
    }
}

impl DialogPurpose {
    /// The dialog's Chinese title.
    pub fn title(self) -> &'static str {
        match self {
            Self::OpenDeclaration => "打开",
            Self::SaveDeclaration => "保存",
            Self::SaveDeclarationAs => "另存为",
            Self::Import => "导入",
            Self::ImportFolder => "选择存放导入申报表的文件夹",
            Self::SavePdf => "打印为 PDF",
            Self::Reuse(purpose) => purpose.title(),
            Self::SaveXlsx => "导出 Excel",
        }
    }

    /// Whether the dialog picks an existing file or folder (rather than naming a new file).
    pub fn is_open(self) -> bool {
        match self {
            Self::OpenDeclaration | Self::Import | Self::ImportFolder => true,
            Self::Reuse(purpose) => purpose.is_open(),
            _ => false,
        }
    }

    /// Whether the dialog picks a folder.
    pub fn is_folder(self) -> bool {
        match self {
            Self::ImportFolder => true,
            Self::Reuse(purpose) => purpose.picks_folder(),
            _ => false,
        }
    }

    /// (filter name, extensions) offered by the dialog.
    pub fn filter(self) -> (&'static str, &'static [&'static str]) {
        match self {
            Self::OpenDeclaration => ("申报表", &["ron", "pdf", "xlsx", "xls", "ods"]),
            Self::SaveDeclaration | Self::SaveDeclarationAs => ("Jixiao 申报表", &["ron"]),
            Self::Import => (
                "申报表、工作簿、PDF 或文本",
                &[
                    "xlsx", "xls", "ods", "pdf", "txt", "csv", "tsv", "html", "htm", "ron",
                ],
            ),
            Self::ImportFolder => ("文件夹", &[]),
            Self::SavePdf => ("PDF", &["pdf"]),
            Self::Reuse(purpose) => purpose.filter(),
            Self::SaveXlsx => ("Excel 工作簿", &["xlsx"]),
        }
    }
}

/// The file dialogs the app needs, and the system clipboard's text (through the same seam, so
/// tests can give their own). `suggested_name` is a file name (no folder) for save dialogs;
/// `folder` is where the dialog starts, when known.
pub trait FileDialogs {
    /// Shows a dialog for `purpose` and waits for the user.
    fn pick(
        &mut self,
        purpose: DialogPurpose,
        suggested_name: &str,
        folder: Option<&Path>,
    ) -> DialogOutcome;

    /// The text on the system clipboard (what a user copied from Excel, WPS or Word); `None`
    /// when it holds no text or cannot be read.
    fn clipboard_text(&mut self) -> Option<String> {
        arboard::Clipboard::new()
            .and_then(|mut clipboard| clipboard.get_text())
            .ok()
    }
}

/// A "cancel" faster than this means no dialog was shown (no file-chooser portal).
pub const PORTAL_MISSING_BELOW: Duration = Duration::from_millis(150);

/// The system's dialogs through rfd (xdg-desktop-portal on Linux, native on Windows and macOS).
#[derive(Debug, Default)]
pub struct NativeDialogs;

impl FileDialogs for NativeDialogs {
    fn pick(
        &mut self,
        purpose: DialogPurpose,
        suggested_name: &str,
        folder: Option<&Path>,
    ) -> DialogOutcome {
        let (filter_name, extensions) = purpose.filter();
        let mut dialog = rfd::FileDialog::new().set_title(purpose.title());
        if !purpose.is_folder() {
            dialog = dialog.add_filter(filter_name, extensions);
        }
        if let Some(folder) = folder {
            dialog = dialog.set_directory(folder);
        }
        let started = Instant::now();
        let picked = if purpose.is_folder() {
            dialog.pick_folder()
        } else if purpose.is_open() {
            dialog.pick_file()
        } else {
            dialog.set_file_name(suggested_name).save_file()
        };
        match picked {
            Some(path) => DialogOutcome::Picked(path),
            None if started.elapsed() < PORTAL_MISSING_BELOW => DialogOutcome::Unavailable,
            None => DialogOutcome::Cancelled,
        }
    }
}
