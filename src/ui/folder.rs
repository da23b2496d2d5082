//! 文件 › 打开文件夹… (issue 12): every declaration of a folder in one list — 年度, 项目名称,
//! 年度资金申请总额, errors and warnings, last modified — sortable by each column, with the totals
//! per year; from the list: open a form, check them all (every finding of every file), print them
//! all into one PDF and export them all into one TSV file or one Excel workbook.
//!
//! The folder is read on a thread ([`crate::storage::load_all`] and
//! [`crate::projects::summarize`]), and so is the printing, so a large folder never holds up the
//! window. The view draws and returns what the user asked for ([`FolderAction`]); the app opens,
//! asks for file names and writes (atomically, through [`crate::storage`]) after the frame. Only
//! the rows in view are laid out.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::SystemTime;

use eframe::egui;

use crate::model::{Declaration, format_yuan};
use crate::pdf::{PrintOptions, print_to_pdf};
use crate::projects::{FolderSummary, SummaryRow, summarize_checked};
use crate::storage;
use crate::validate::Finding;

mod table;

pub use table::folder_ui;

/// A folder's declarations as read: the summary, and per row the declaration and its findings
/// (for printing, exporting and 检查全部 without reading the files again).
#[derive(Clone, Debug)]
pub struct Listing {
    /// Rows and totals.
    pub summary: FolderSummary,
    /// Per row of the summary: the declaration, `None` when the file could not be read.
    pub declarations: Vec<Option<Declaration>>,
    /// Per row of the summary: the findings of the rules (none for an unreadable file).
    pub findings: Vec<Vec<Finding>>,
}

/// Reads every declaration file directly in `folder` (see [`storage::declaration_files`]).
///
/// # Errors
/// A Chinese sentence naming the folder when it cannot be listed.
pub fn read_listing(folder: &Path) -> Result<Listing, String> {
    let files = storage::declaration_files(folder, false).map_err(|error| error.to_string())?;
    let read = storage::load_all(&files);
    let declarations: Vec<Option<Declaration>> = read
        .iter()
        .map(|file| file.declaration.as_ref().ok().cloned())
        .collect();
    let (summary, findings) = summarize_checked(read);
    Ok(Listing {
        summary,
        declarations,
        findings,
    })
}

/// A column of the list, by which it can be sorted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    /// 年度.
    FiscalYear,
    /// 项目名称.
    ProjectName,
    /// 年度资金申请总额.
    AnnualTotal,
    /// 错误.
    Errors,
    /// 警告.
    Warnings,
    /// 修改时间.
    Modified,
}

impl Column {
    /// Every column, left to right.
    pub const ALL: [Self; 6] = [
        Self::FiscalYear,
        Self::ProjectName,
        Self::AnnualTotal,
        Self::Errors,
        Self::Warnings,
        Self::Modified,
    ];

    /// The column's heading.
    pub fn label(self) -> &'static str {
        match self {
            Self::FiscalYear => "年度",
            Self::ProjectName => "项目名称",
            Self::AnnualTotal => "年度资金申请总额（元）",
            Self::Errors => "错误",
            Self::Warnings => "警告",
            Self::Modified => "修改时间",
        }
    }

    /// Its width in points; `None` for the one that takes the rest (项目名称).
    fn width(self) -> Option<f32> {
        match self {
            Self::FiscalYear => Some(56.0),
            Self::ProjectName => None,
            Self::AnnualTotal => Some(168.0),
            Self::Errors | Self::Warnings => Some(48.0),
            Self::Modified => Some(132.0),
        }
    }
}

/// What the user asked of the folder list, carried out by the app after the frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FolderAction {
    /// Open this declaration (asks about unsaved changes first).
    Open(PathBuf),
    /// Read the folder again and list every finding of every file.
    CheckAll,
    /// Ask where, then print every readable declaration into one PDF.
    PrintAll,
    /// Ask where, then export every readable declaration into one TSV file.
    ExportAll,
    /// Ask where, then export every readable declaration into one Excel workbook.
    ExportAllExcel,
    /// Read the folder again.
    Reload,
    /// Choose another folder.
    OpenOther,
    /// Back to the form.
    Close,
}

/// A print of the whole folder, done: where, how many pages and forms, and the printer's
/// warnings as sentences.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FolderPrint {
    /// The PDF written.
    pub path: PathBuf,
    /// Its pages.
    pub page_count: usize,
    /// How many forms it holds.
    pub forms: usize,
    /// What looks wrong in the print.
    pub warnings: Vec<String>,
}

/// The folder list: the folder, what was read from it, how it is sorted, and the jobs under
/// way.
pub struct FolderView {
    folder: PathBuf,
    listing: Option<Listing>,
    /// Why the folder could not be read, if it could not.
    error: Option<String>,
    /// The reading under way.
    job: Option<Receiver<Result<Listing, String>>>,
    /// A reading is wanted; it starts in the next frame.
    wanted: bool,
    /// The column sorted by and whether ascending; `None`: the files' order.
    sort: Option<(Column, bool)>,
    /// Row indices of the summary in the order shown.
    order: Vec<usize>,
    /// The row last clicked.
    selected: Option<usize>,
    /// 检查全部 was asked: every finding of every file is listed under the table.
    show_findings: bool,
    /// The print under way.
    print_job: Option<Receiver<Result<FolderPrint, String>>>,
    /// A print asked for: where, and how; it starts in the next frame.
    print_wanted: Option<(PathBuf, PrintOptions)>,
    /// The outcome of the last action, shown above the list.
    message: Option<String>,
}

impl std::fmt::Debug for FolderView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FolderView")
            .field("folder", &self.folder)
            .field("rows", &self.order.len())
            .field("sort", &self.sort)
            .finish_non_exhaustive()
    }
}

impl FolderView {
    /// A list of `folder`, read from the next frame on.
    pub fn new(folder: PathBuf) -> Self {
        Self {
            folder,
            listing: None,
            error: None,
            job: None,
            wanted: true,
            sort: None,
            order: Vec::new(),
            selected: None,
            show_findings: false,
            print_job: None,
            print_wanted: None,
            message: None,
        }
    }

    /// The folder listed.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// What was read, once read.
    pub fn listing(&self) -> Option<&Listing> {
        self.listing.as_ref()
    }

    /// Whether the folder is being read.
    pub fn is_loading(&self) -> bool {
        self.wanted || self.job.is_some()
    }

    /// Whether a print is asked for or under way.
    pub fn is_printing(&self) -> bool {
        self.print_wanted.is_some() || self.print_job.is_some()
    }

    /// The rows in the order shown.
    pub fn rows(&self) -> Vec<&SummaryRow> {
        let Some(listing) = &self.listing else {
            return Vec::new();
        };
        self.order
            .iter()
            .filter_map(|index| listing.summary.rows.get(*index))
            .collect()
    }

    /// The column sorted by and whether ascending.
    pub fn sort(&self) -> Option<(Column, bool)> {
        self.sort
    }

    /// Shows `text` above the list (the outcome of an action).
    pub fn set_message(&mut self, text: impl Into<String>) {
        self.message = Some(text.into());
    }

    /// Reads the folder again; with `check`, lists every finding afterwards (检查全部).
    pub fn reload(&mut self, check: bool) {
        self.wanted = true;
        self.show_findings |= check;
        self.message = None;
    }

    /// Sorts by `column`: ascending, or the other way when it is already sorted by it.
    pub fn sort_by(&mut self, column: Column) {
        if let Some(listing) = self.listing.take() {
            self.sort_by_in(column, &listing);
            self.listing = Some(listing);
        }
    }

    /// [`Self::sort_by`] while the listing is out of the view (being drawn).
    fn sort_by_in(&mut self, column: Column, listing: &Listing) {
        let ascending = match self.sort {
            Some((current, ascending)) if current == column => !ascending,
            _ => true,
        };
        self.sort = Some((column, ascending));
        self.order = sorted_order(listing, self.sort);
    }
}

/// The summary's row indices in the order `sort` gives (the files' order when `None`).
fn sorted_order(listing: &Listing, sort: Option<(Column, bool)>) -> Vec<usize> {
    let rows = &listing.summary.rows;
    let mut order: Vec<usize> = (0..rows.len()).collect();
    if let Some((column, ascending)) = sort {
        order.sort_by(|a, b| {
            let (Some(a), Some(b)) = (rows.get(*a), rows.get(*b)) else {
                return std::cmp::Ordering::Equal;
            };
            // Unreadable files stay last whichever way the list is sorted.
            match (&a.facts, &b.facts) {
                (Ok(_), Err(_)) => std::cmp::Ordering::Less,
                (Err(_), Ok(_)) => std::cmp::Ordering::Greater,
                _ => {
                    let ordering = compare_rows(column, a, b);
                    if ascending {
                        ordering
                    } else {
                        ordering.reverse()
                    }
                }
            }
        });
    }
    order
}

impl FolderView {
    /// The declarations that could be read, in the order shown, with their files.
    pub fn readable(&self) -> Vec<(PathBuf, Declaration)> {
        let Some(listing) = &self.listing else {
            return Vec::new();
        };
        self.order
            .iter()
            .filter_map(|index| {
                let row = listing.summary.rows.get(*index)?;
                let declaration = listing.declarations.get(*index)?.as_ref()?;
                Some((row.file.clone(), declaration.clone()))
            })
            .collect()
    }

    /// How many files could not be read.
    pub fn unreadable(&self) -> usize {
        self.listing
            .as_ref()
            .map_or(0, |listing| listing.summary.unreadable)
    }

    /// Once per frame: starts a wanted reading on a thread (it wakes the window when done) and
    /// takes a finished reading or print. Returns a finished print, if one finished now.
    pub fn poll(&mut self, ctx: &egui::Context) -> Option<Result<FolderPrint, String>> {
        if std::mem::take(&mut self.wanted) {
            let folder = self.folder.clone();
            match spawn_job("jixiao-folder", ctx, move || read_listing(&folder)) {
                Ok(receiver) => self.job = Some(receiver),
                Err(error) => self.error = Some(format!("无法读取文件夹：{error}")),
            }
        }
        if let Some(job) = &self.job {
            match job.try_recv() {
                Ok(Ok(listing)) => {
                    self.job = None;
                    self.error = None;
                    self.order = sorted_order(&listing, self.sort);
                    self.listing = Some(listing);
                    self.selected = None;
                }
                Ok(Err(error)) => {
                    self.job = None;
                    self.error = Some(error);
                }
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => {
                    self.job = None;
                    self.error = Some("读取文件夹时出错，未能完成".to_owned());
                }
            }
        }
        if let Some((path, options)) = self.print_wanted.take() {
            self.start_print(ctx, path, options);
        }
        let printed = match &self.print_job {
            Some(job) => match job.try_recv() {
                Ok(result) => Some(result),
                Err(TryRecvError::Empty) => None,
                Err(TryRecvError::Disconnected) => Some(Err("打印时出错，未能完成".to_owned())),
            },
            None => None,
        };
        if printed.is_some() {
            self.print_job = None;
            self.message = None;
        }
        printed
    }

    /// Asks to print every readable declaration, in the order shown, into one PDF at `path`
    /// (which already ends in `.pdf`); the print runs on a thread from the next frame on, and
    /// [`Self::poll`] gives its outcome.
    pub fn request_print(&mut self, path: PathBuf, options: PrintOptions) {
        self.print_wanted = Some((path, options));
        self.message = Some("正在打印全部申报表…".to_owned());
    }

    fn start_print(&mut self, ctx: &egui::Context, path: PathBuf, options: PrintOptions) {
        let declarations: Vec<Declaration> = self
            .readable()
            .into_iter()
            .map(|(_, declaration)| declaration)
            .collect();
        match spawn_job("jixiao-print", ctx, move || {
            print_all(&declarations, &path, options)
        }) {
            Ok(receiver) => self.print_job = Some(receiver),
            Err(error) => self.message = Some(format!("无法开始打印：{error}")),
        }
    }
}

/// Runs `work` on a thread named `name` that wakes the window when done; the receiver gets the
/// result. The window may have started another job meanwhile: then nobody listens.
///
/// # Errors
/// The system's when the thread cannot start.
pub(crate) fn spawn_job<T: Send + 'static>(
    name: &str,
    ctx: &egui::Context,
    work: impl FnOnce() -> T + Send + 'static,
) -> std::io::Result<Receiver<T>> {
    let (sender, receiver) = std::sync::mpsc::channel();
    let waker = ctx.clone();
    std::thread::Builder::new()
        .name(name.to_owned())
        .spawn(move || {
            let _unheard = sender.send(work());
            waker.request_repaint();
        })
        .map(|_| receiver)
}

/// Prints `declarations` into one PDF written atomically at `path`.
///
/// # Errors
/// The printer's or the file's error, as a Chinese sentence naming the file.
pub fn print_all(
    declarations: &[Declaration],
    path: &Path,
    options: PrintOptions,
) -> Result<FolderPrint, String> {
    let printed = print_to_pdf(declarations, &options).map_err(|error| error.to_string())?;
    storage::write_atomic(path, &printed.bytes).map_err(|error| error.to_string())?;
    Ok(FolderPrint {
        path: path.to_owned(),
        page_count: printed.page_count,
        forms: declarations.len(),
        warnings: printed
            .warnings
            .into_iter()
            .map(|warning| warning.message)
            .collect(),
    })
}

/// Every declaration as TSV ([`crate::export::to_tsv`]), one after the other with an empty line
/// between: the shape `jixiao import` reads back as so many forms.
pub fn export_all(declarations: &[Declaration]) -> String {
    declarations
        .iter()
        .map(crate::export::to_tsv)
        .collect::<Vec<_>>()
        .join("\n")
}

/// How two readable rows compare in `column`.
fn compare_rows(column: Column, a: &SummaryRow, b: &SummaryRow) -> std::cmp::Ordering {
    let (Ok(fa), Ok(fb)) = (&a.facts, &b.facts) else {
        return std::cmp::Ordering::Equal;
    };
    match column {
        Column::FiscalYear => fa.fiscal_year.cmp(&fb.fiscal_year),
        Column::ProjectName => fa.project_name.cmp(&fb.project_name),
        // A blank amount sorts before every filled one.
        Column::AnnualTotal => fa.annual_total.cmp(&fb.annual_total),
        Column::Errors => fa.errors.cmp(&fb.errors),
        Column::Warnings => fa.warnings.cmp(&fb.warnings),
        Column::Modified => a.modified.cmp(&b.modified),
    }
    .then_with(|| a.file.cmp(&b.file))
}

/// A modification time as the list shows it: `2026-03-01 14:05`, local time.
pub fn format_modified(time: Option<SystemTime>) -> String {
    time.map(crate::projects::modified_text).unwrap_or_default()
}

/// The totals under the list, one line per year, then the whole when there are several years:
/// 「2026 年度：2 张，合计 5,957,000.00 元」 (with 「，1 张未填金额」 when some are blank).
pub fn total_lines(summary: &FolderSummary) -> Vec<String> {
    let mut lines: Vec<String> = summary
        .years
        .iter()
        .map(|year| {
            let blank = if year.blank_amounts > 0 {
                format!("，{} 张未填金额", year.blank_amounts)
            } else {
                String::new()
            };
            format!(
                "{} 年度：{} 张，合计 {} 元{blank}",
                year.fiscal_year,
                year.declarations,
                format_yuan(year.annual_total)
            )
        })
        .collect();
    if summary.years.len() > 1 {
        let count: usize = summary.years.iter().map(|year| year.declarations).sum();
        lines.push(format!(
            "全部：{count} 张，合计 {} 元",
            format_yuan(summary.total)
        ));
    }
    if summary.unreadable > 0 {
        lines.push(format!("{} 个文件无法读取", summary.unreadable));
    }
    lines
}
