//! The editor app: owns the open declaration, its file, undo history, findings, prompts and the
//! recovery copy; draws the window and applies the commands the widgets pushed, after the frame.
//!
//! "Unsaved" means the declaration differs from the snapshot taken when it was last loaded or
//! saved (not a change counter). Undo history lives in memory only. Files go through
//! [`crate::storage`] (atomic saves); dialogs through [`FileDialogs`], so tests use a fake.

use eframe::egui;
use std::fmt::Write as _;
use std::path::{Path as FsPath, PathBuf};

use chrono::Datelike as _;
use egui::util::undoer::{Settings as UndoSettings, Undoer};
use egui::{Id, Modal, Ui, ViewportCommand};

use crate::import::{ImportWarning, import_text};
use crate::model::{Declaration, IndicatorPath, Path};
use crate::pdf::{PrintOptions, print_to_pdf};
use crate::storage;
use crate::validate::{Finding, validate};

use super::command::{AppCommand, EditCommand, TreeAction};
use super::dialogs::{DialogOutcome, DialogPurpose, FileDialogs};
use super::edit;
use super::findings::findings_ui;
use super::form::form_ui;
use super::widgets::{FormCx, FormOutput, Markers, forget_edit_texts, markers};

/// How often a recovery copy is written while there are unsaved changes, in seconds.
pub const RECOVERY_INTERVAL_S: f64 = 30.0;
/// Recent files remembered in the preferences.
pub const MAX_RECENT_FILES: usize = 8;

/// The recovery copy's file name inside the recovery folder.
pub const RECOVERY_FILE: &str = "recovery.ron";
/// The file naming where the recovered declaration was last saved (UTF-8 path), if anywhere.
const RECOVERY_SOURCE_FILE: &str = "recovery-source.txt";

/// What the app starts with.
pub struct AppConfig {
    /// The file dialogs (native, or a fake in tests).
    pub dialogs: Box<dyn FileDialogs>,
    /// Where recovery copies go (the user's data folder; a temporary folder in tests); `None`
    /// disables them.
    pub recovery_dir: Option<PathBuf>,
    /// Recently opened files, most recent first (from the preferences).
    pub recent_files: Vec<PathBuf>,
}

/// What to do once the unsaved changes are dealt with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Continuation {
    /// Close the window.
    Close,
    /// Start a new declaration.
    New,
    /// Open another file (asks which).
    Open,
    /// Open this recent file.
    OpenRecent(usize),
    /// Import a text (asks which).
    ImportText,
    /// Replace the document by its roll-over to this fiscal year (转为新年度申报表).
    RollOver(i32),
}

/// A question or message shown over the window; only one at a time.
#[derive(Clone, Debug)]
pub enum Prompt {
    /// 保存 / 不保存 / 取消 before `then`.
    Unsaved(Continuation),
    /// A message (errors, import results).
    Message {
        /// Short title.
        title: String,
        /// The text.
        text: String,
    },
    /// Delete a group with children? (Undoable either way.)
    ConfirmDelete(IndicatorPath),
    /// A recovery copy from a session that did not close cleanly.
    Recovery(Box<Declaration>, Option<PathBuf>),
    /// No file dialog could be shown: type a path.
    TypePath {
        /// What the path is for.
        purpose: DialogPurpose,
        /// The text typed so far.
        text: String,
        /// What to do after a save.
        then: Option<Continuation>,
    },
    /// A PDF was written: offer to open it.
    PdfWritten {
        /// Where it was written.
        path: PathBuf,
        /// Its number of pages.
        page_count: usize,
        /// Characters no bundled font could print, as sentences.
        warnings: Vec<String>,
    },
    /// Several forms were imported: pick one (the importer's warnings are kept to show after).
    PickImported(Vec<Declaration>, Vec<ImportWarning>),
    /// 转为新年度申报表: which fiscal year?
    RollOver {
        /// The year chosen so far.
        fiscal_year: i32,
    },
}

/// The editor window's state.
pub struct EditorApp {
    document: Declaration,
    saved: Option<Declaration>,
    path: Option<PathBuf>,
    undoer: Undoer<Declaration>,
    findings: Vec<Finding>,
    markers: Markers,
    selected: Option<IndicatorPath>,
    focus: Option<Path>,
    prompt: Option<Prompt>,
    recent_files: Vec<PathBuf>,
    dialogs: Box<dyn FileDialogs>,
    recovery_dir: Option<PathBuf>,
    recovery_written: Option<Declaration>,
    recovery_time: f64,
    pending: Vec<AppCommand>,
    continuation: Option<Continuation>,
    allowed_to_close: bool,
    status: String,
    title: String,
    forget_texts: bool,
    pending_recent: Option<usize>,
    later: Vec<Prompt>,
    signature_block: bool,
}

impl EditorApp {
    /// A window on `document` (not yet saved anywhere when `path` is `None`). Offers the
    /// recovery copy if one was left by a session that did not close cleanly.
    pub fn new(config: AppConfig, document: Declaration, path: Option<PathBuf>) -> Self {
        let mut app = Self {
            saved: Some(document.clone()),
            document,
            path,
            undoer: Undoer::with_settings(UndoSettings {
                max_undos: 200,
                ..UndoSettings::default()
            }),
            findings: Vec::new(),
            markers: Markers::new(),
            selected: None,
            focus: None,
            prompt: None,
            recent_files: config.recent_files,
            dialogs: config.dialogs,
            recovery_dir: config.recovery_dir,
            recovery_written: None,
            recovery_time: 0.0,
            pending: Vec::new(),
            continuation: None,
            allowed_to_close: false,
            status: String::new(),
            title: String::new(),
            forget_texts: false,
            pending_recent: None,
            later: Vec::new(),
            signature_block: false,
        };
        app.revalidate();
        app.offer_recovery();
        app
    }

    /// Opens `path` at start-up; on failure keeps `fallback` and shows why.
    pub fn new_on_file(config: AppConfig, path: &FsPath, fallback: Declaration) -> Self {
        match storage::load(path) {
            Ok(document) => {
                let mut app = Self::new(config, document, Some(path.to_owned()));
                app.remember_recent(path);
                app
            }
            Err(error) => {
                let mut app = Self::new(config, fallback, None);
                app.show_message("无法打开文件", error.to_string());
                app
            }
        }
    }

    /// Shows `text` in the status bar (e.g. that the window opened on the bundled example).
    #[must_use]
    pub fn with_status(mut self, text: impl Into<String>) -> Self {
        self.status = text.into();
        self
    }

    /// Whether printing adds the signature block (a preference, remembered between sessions).
    #[must_use]
    pub fn with_signature_block(mut self, signature_block: bool) -> Self {
        self.signature_block = signature_block;
        self
    }

    /// The declaration being edited.
    pub fn document(&self) -> &Declaration {
        &self.document
    }

    /// The file it was last loaded from or saved to.
    pub fn path(&self) -> Option<&FsPath> {
        self.path.as_deref()
    }

    /// Whether the declaration differs from what was last loaded or saved.
    pub fn is_modified(&self) -> bool {
        self.saved.as_ref() != Some(&self.document)
    }

    /// The findings of the rules on the current declaration.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// The prompt shown, if any.
    pub fn prompt(&self) -> Option<&Prompt> {
        self.prompt.as_ref()
    }

    /// Recently opened files, most recent first.
    pub fn recent_files(&self) -> &[PathBuf] {
        &self.recent_files
    }

    /// The window title: file name (or 未命名), a ● when unsaved, and the app name.
    pub fn window_title(&self) -> String {
        let name = self
            .path
            .as_deref()
            .and_then(FsPath::file_name)
            .map_or_else(
                || "未命名".to_owned(),
                |name| name.to_string_lossy().into_owned(),
            );
        let mark = if self.is_modified() { " ●" } else { "" };
        format!("{name}{mark} — Jixiao 绩效目标申报表")
    }

    /// Queues an app command, run after the current frame (menus, shortcuts, tests).
    pub fn queue(&mut self, command: AppCommand) {
        self.pending.push(command);
    }

    /// The recovery copy's path, when recovery is enabled.
    pub fn recovery_file(&self) -> Option<PathBuf> {
        self.recovery_dir
            .as_ref()
            .map(|dir| dir.join(RECOVERY_FILE))
    }

    /// Draws one frame and applies what the user did in it.
    pub fn ui(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        let time = ui.input(|input| input.time);
        if std::mem::take(&mut self.forget_texts) {
            forget_edit_texts(&ctx);
        }
        if self.prompt.is_none() {
            self.consume_shortcuts(&ctx);
            self.tree_shortcuts(&ctx, time);
        }
        self.handle_close_request(&ctx);

        let mut output = FormOutput::default();
        let mut finding_clicked = None;
        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui));
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                let place = self.path.as_deref().map_or_else(
                    || "尚未保存到文件".to_owned(),
                    |path| path.display().to_string(),
                );
                ui.label(place);
                if !self.status.is_empty() {
                    ui.separator();
                    ui.label(&self.status);
                }
            });
        });
        egui::Panel::right("findings")
            .resizable(true)
            .default_size(300.0)
            .show(ui, |ui| {
                finding_clicked = findings_ui(ui, &self.document, &self.findings);
            });
        egui::CentralPanel::default_margins().show(ui, |ui| {
            egui::ScrollArea::both()
                .id_salt("form")
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    let mut cx = FormCx {
                        markers: &self.markers,
                        focus: &mut self.focus,
                        selected: self.selected,
                        out: &mut output,
                    };
                    form_ui(ui, &mut cx, &self.document);
                });
        });
        self.prompt_ui(&ctx);

        // After the frame: apply what the widgets asked for.
        if let Some(path) = finding_clicked {
            self.focus = Some(path);
            if let Path::Indicator(indicator, _) = path {
                self.selected = Some(indicator);
            }
        }
        if let Some(path) = output.select {
            self.selected = Some(path);
        }
        if let Some(path) = output.delete_request {
            self.prompt = Some(Prompt::ConfirmDelete(path));
        }
        let changed = self.apply_all(&output.edits, time);
        self.undoer.feed_state(time, &self.document);
        if changed {
            self.revalidate();
        }
        let commands = std::mem::take(&mut self.pending);
        let prompt_before = self.prompt.as_ref().map(std::mem::discriminant);
        if changed || !commands.is_empty() {
            // Show the outcome (new document, prompt, status) in the next frame right away.
            ctx.request_repaint();
        }
        for command in commands {
            self.run(&ctx, command);
        }
        if let Some(index) = self.pending_recent.take() {
            self.continue_after_unsaved(Continuation::OpenRecent(index));
            ctx.request_repaint();
        }
        if self.prompt.as_ref().map(std::mem::discriminant) != prompt_before {
            ctx.request_repaint();
        }
        self.autosave(time);
        let title = self.window_title();
        if title != self.title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.title = title;
        }
        if self.is_modified() {
            // Wake up for the periodic recovery copy even when idle.
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(RECOVERY_INTERVAL_S));
        }
    }

    /// Applies edit commands in order; structural ones are undo steps of their own. Returns
    /// whether anything changed.
    pub fn apply_all(&mut self, edits: &[EditCommand], time: f64) -> bool {
        let mut changed = false;
        for command in edits {
            let before = self.document.clone();
            if command.is_typing() {
                let _ = edit::apply(&mut self.document, command);
            } else {
                self.undoer.add_undo(&before);
                let selection = edit::apply(&mut self.document, command);
                self.undoer.add_undo(&self.document);
                // Paths may now point at other rows, and totals may have changed: half-typed
                // text must not stay on the wrong field.
                self.forget_texts = true;
                if let Some(selection) = selection {
                    // The new, moved or copied node is selected and its name focused, so the
                    // keyboard carries on with it (widget ids follow paths, not nodes).
                    self.selected = Some(selection);
                    self.focus = Some(Path::Indicator(
                        selection,
                        crate::model::IndicatorPart::Name,
                    ));
                }
                if matches!(command, EditCommand::DeleteIndicator(_)) {
                    self.selected = None;
                }
                if self.document != before {
                    self.status = format!("已{}（可撤销）", command.label());
                    self.write_recovery(time);
                }
            }
            changed |= self.document != before;
        }
        changed
    }

    fn revalidate(&mut self) {
        self.findings = validate(&self.document);
        self.markers = markers(&self.findings);
    }

    fn consume_shortcuts(&mut self, ctx: &egui::Context) {
        // egui matches Ctrl+Z also when Shift is held: try the shortcuts with more modifiers
        // first, so Ctrl+Shift+Z is 重做 and Ctrl+Shift+S is 另存为.
        let mut shortcuts: Vec<(egui::KeyboardShortcut, AppCommand)> = AppCommand::ALL
            .iter()
            .flat_map(|command| {
                command
                    .shortcut()
                    .into_iter()
                    .chain(command.alternative_shortcuts().iter().copied())
                    .map(move |shortcut| (shortcut, *command))
            })
            .collect();
        shortcuts
            .sort_by_key(|(shortcut, _)| std::cmp::Reverse(modifier_count(shortcut.modifiers)));
        for (shortcut, command) in shortcuts {
            if ctx.input_mut(|input| input.consume_shortcut(&shortcut)) {
                self.pending.push(command);
            }
        }
    }

    /// 上移 / 下移 / 复制 on the selected node by keyboard ([`TreeAction::shortcut`]).
    fn tree_shortcuts(&mut self, ctx: &egui::Context, time: f64) {
        let Some(path) = self.selected else {
            return;
        };
        for action in TreeAction::ALL {
            let Some(shortcut) = action.shortcut() else {
                continue;
            };
            if ctx.input_mut(|input| input.consume_shortcut(&shortcut))
                && let Some(command) = edit::tree_action(&self.document, action, path)
            {
                if self.apply_all(&[command], time) {
                    self.revalidate();
                }
                ctx.request_repaint();
            }
        }
    }

    fn handle_close_request(&mut self, ctx: &egui::Context) {
        if !ctx.input(|input| input.viewport().close_requested()) {
            return;
        }
        if self.is_modified() && !self.allowed_to_close {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.prompt = Some(Prompt::Unsaved(Continuation::Close));
        } else {
            self.remove_recovery();
        }
    }

    fn menu_ui(&mut self, ui: &mut Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("文件", |ui| {
                for command in [
                    AppCommand::New,
                    AppCommand::Open,
                    AppCommand::Save,
                    AppCommand::SaveAs,
                    AppCommand::ImportText,
                    AppCommand::RollOver,
                ] {
                    self.command_button(ui, command);
                }
                ui.separator();
                self.command_button(ui, AppCommand::PrintPdf);
                ui.checkbox(&mut self.signature_block, "打印时附签章栏")
                    .on_hover_text("在表格后加上 填报单位（盖章）、单位负责人、财务负责人、填报人、联系电话、填报日期");
                ui.separator();
                ui.menu_button("最近打开", |ui| {
                    if self.recent_files.is_empty() {
                        ui.label("（无）");
                    }
                    for (index, path) in self.recent_files.clone().iter().enumerate() {
                        if ui.button(path.display().to_string()).clicked() {
                            self.pending_recent = Some(index);
                            ui.close();
                        }
                    }
                });
            });
            ui.menu_button("编辑", |ui| {
                self.command_button(ui, AppCommand::Undo);
                self.command_button(ui, AppCommand::Redo);
            });
            ui.separator();
            for command in [
                AppCommand::Save,
                AppCommand::PrintPdf,
                AppCommand::Undo,
                AppCommand::Redo,
            ] {
                let enabled = self.command_enabled(command);
                let response = ui
                    .add_enabled(enabled, egui::Button::new(command.label()))
                    .on_hover_text(shortcut_hint(ui.ctx(), command));
                if response.clicked() {
                    self.pending.push(command);
                }
            }
        });
    }

    fn command_enabled(&self, command: AppCommand) -> bool {
        match command {
            AppCommand::Undo => self.undoer.has_undo(&self.document),
            AppCommand::Redo => self.undoer.has_redo(&self.document),
            _ => true,
        }
    }

    fn command_button(&mut self, ui: &mut Ui, command: AppCommand) {
        let shortcut = command
            .shortcut()
            .map(|shortcut| ui.ctx().format_shortcut(&shortcut))
            .unwrap_or_default();
        let response = ui
            .add_enabled(
                self.command_enabled(command),
                egui::Button::new(command.label()).shortcut_text(shortcut),
            )
            .on_hover_text(command.tooltip());
        if response.clicked() {
            self.pending.push(command);
            ui.close();
        }
    }

    fn run(&mut self, ctx: &egui::Context, command: AppCommand) {
        match command {
            AppCommand::New => self.continue_after_unsaved(Continuation::New),
            AppCommand::Open => self.continue_after_unsaved(Continuation::Open),
            AppCommand::ImportText => self.continue_after_unsaved(Continuation::ImportText),
            AppCommand::PrintPdf => self.print(),
            AppCommand::RollOver => {
                self.prompt = Some(Prompt::RollOver {
                    fiscal_year: self.document.fiscal_year.saturating_add(1),
                });
            }
            AppCommand::Save => {
                let _ = self.save(None);
            }
            AppCommand::SaveAs => {
                let _ = self.save_as(None);
            }
            AppCommand::Undo => {
                if let Some(state) = self.undoer.undo(&self.document) {
                    self.document = state.clone();
                    forget_edit_texts(ctx);
                    self.revalidate();
                }
            }
            AppCommand::Redo => {
                if let Some(state) = self.undoer.redo(&self.document) {
                    self.document = state.clone();
                    forget_edit_texts(ctx);
                    self.revalidate();
                }
            }
        }
    }

    /// Asks 保存 / 不保存 / 取消 when there are unsaved changes, else continues at once.
    fn continue_after_unsaved(&mut self, then: Continuation) {
        if self.is_modified() {
            self.prompt = Some(Prompt::Unsaved(then));
        } else {
            self.proceed(then);
        }
    }

    fn proceed(&mut self, then: Continuation) {
        match then {
            Continuation::Close => {
                self.allowed_to_close = true;
                self.continuation = Some(Continuation::Close);
            }
            Continuation::New => {
                let next_year = chrono::Local::now().year() + 1;
                self.replace_document(Declaration::new_current(next_year), None, true);
                self.status = "已新建".to_owned();
            }
            Continuation::Open => {
                let folder = self
                    .path
                    .as_deref()
                    .and_then(FsPath::parent)
                    .map(FsPath::to_owned);
                match self
                    .dialogs
                    .pick(DialogPurpose::OpenDeclaration, "", folder.as_deref())
                {
                    DialogOutcome::Picked(path) => self.open(&path),
                    DialogOutcome::Cancelled => {}
                    DialogOutcome::Unavailable => {
                        self.ask_for_path(DialogPurpose::OpenDeclaration, None);
                    }
                }
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
            Continuation::ImportText => {
                match self.dialogs.pick(DialogPurpose::ImportText, "", None) {
                    DialogOutcome::Picked(path) => self.import(&path),
                    DialogOutcome::Cancelled => {}
                    DialogOutcome::Unavailable => {
                        self.ask_for_path(DialogPurpose::ImportText, None);
                    }
                }
            }
        }
    }

    fn ask_for_path(&mut self, purpose: DialogPurpose, then: Option<Continuation>) {
        let text = match purpose {
            DialogPurpose::SaveDeclaration => self.suggested_file_name(),
            _ => String::new(),
        };
        self.prompt = Some(Prompt::TypePath {
            purpose,
            text,
            then,
        });
    }

    fn suggested_file_name(&self) -> String {
        format!("{}.ron", storage::file_stem(&self.document))
    }

    /// Opens a declaration file; on failure shows why and leaves the current one alone.
    pub fn open(&mut self, path: &FsPath) {
        match storage::load(path) {
            Ok(document) => {
                self.replace_document(document, Some(path.to_owned()), true);
                self.remember_recent(path);
                self.status = format!("已打开 {}", path.display());
            }
            Err(error) => self.show_message("无法打开文件", error.to_string()),
        }
    }

    fn import(&mut self, path: &FsPath) {
        let text = match storage::read_text(path) {
            Ok(text) => text,
            Err(error) => {
                self.show_message("无法导入", error.to_string());
                return;
            }
        };
        let report = import_text(&text);
        let mut declarations = report.declarations;
        match declarations.len() {
            0 => self.show_message(
                "未找到申报表",
                format!("在 {} 中没有找到可识别的申报表。", path.display()),
            ),
            1 => {
                let document = declarations.remove(0);
                self.replace_document(document, None, false);
                self.show_import_warnings(&report.warnings, 0);
            }
            found => {
                self.status = format!("在 {} 中找到 {found} 张申报表", path.display());
                self.prompt = Some(Prompt::PickImported(declarations, report.warnings));
            }
        }
    }

    /// After an import: lists what the importer could not place in form `form`, if anything.
    fn show_import_warnings(&mut self, warnings: &[ImportWarning], form: usize) {
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

    /// 打印 PDF…: asks where, then prints.
    fn print(&mut self) {
        let name = format!("{}.pdf", storage::file_stem(&self.document));
        let folder = self
            .path
            .as_deref()
            .and_then(FsPath::parent)
            .map(FsPath::to_owned);
        match self
            .dialogs
            .pick(DialogPurpose::SavePdf, &name, folder.as_deref())
        {
            DialogOutcome::Picked(path) => self.print_to(&path),
            DialogOutcome::Cancelled => {}
            DialogOutcome::Unavailable => self.ask_for_path(DialogPurpose::SavePdf, None),
        }
    }

    /// Prints the declaration to a PDF at `path` (atomic write) and offers to open it.
    pub fn print_to(&mut self, path: &FsPath) {
        let path = if path.extension().is_none() {
            path.with_extension("pdf")
        } else {
            path.to_owned()
        };
        let options = PrintOptions {
            signature_block: self.signature_block,
        };
        let printed = match print_to_pdf(std::slice::from_ref(&self.document), &options) {
            Ok(printed) => printed,
            Err(error) => {
                self.show_message("无法打印", error.to_string());
                return;
            }
        };
        if let Err(error) = storage::write_atomic(&path, &printed.bytes) {
            self.show_message("无法保存 PDF", error.to_string());
            return;
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
    }

    /// Saves, then goes on with `then` once the file is written (not after a cancel or error).
    fn save_then(&mut self, then: Continuation) {
        if self.save(Some(then)) {
            self.proceed(then);
        }
    }

    /// Saves to the current file, or asks for one. Returns whether it was saved.
    fn save(&mut self, then: Option<Continuation>) -> bool {
        match self.path.clone() {
            Some(path) => self.save_to(&path),
            None => self.save_as(then),
        }
    }

    fn save_as(&mut self, then: Option<Continuation>) -> bool {
        let name = self.suggested_file_name();
        let folder = self
            .path
            .as_deref()
            .and_then(FsPath::parent)
            .map(FsPath::to_owned);
        match self
            .dialogs
            .pick(DialogPurpose::SaveDeclaration, &name, folder.as_deref())
        {
            DialogOutcome::Picked(path) => self.save_to(&path),
            DialogOutcome::Cancelled => false,
            DialogOutcome::Unavailable => {
                self.ask_for_path(DialogPurpose::SaveDeclaration, then);
                false
            }
        }
    }

    fn save_to(&mut self, path: &FsPath) -> bool {
        let path = if path.extension().is_none() {
            path.with_extension("ron")
        } else {
            path.to_owned()
        };
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

    fn replace_document(&mut self, document: Declaration, path: Option<PathBuf>, saved: bool) {
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
        self.revalidate();
        self.pending
            .retain(|command| !matches!(command, AppCommand::Undo | AppCommand::Redo));
        self.status.clear();
        self.forget_texts = true;
    }

    fn remember_recent(&mut self, path: &FsPath) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        self.recent_files.retain(|known| *known != path);
        self.recent_files.insert(0, path);
        self.recent_files.truncate(MAX_RECENT_FILES);
    }

    /// Shows a message; when another prompt is open (e.g. the recovery offer at start-up), the
    /// message waits until that one is answered.
    fn show_message(&mut self, title: &str, text: String) {
        let message = Prompt::Message {
            title: title.to_owned(),
            text,
        };
        if self.prompt.is_some() {
            self.later.push(message);
        } else {
            self.prompt = Some(message);
        }
    }
}

impl EditorApp {
    /// Draws the prompt, if any, and applies the answer after it is drawn.
    fn prompt_ui(&mut self, ctx: &egui::Context) {
        let Some(prompt) = self.prompt.as_ref() else {
            return;
        };
        let modal = Modal::new(Id::unique("jixiao.prompt")).show(ctx, |ui| {
            ui.set_max_width(460.0);
            prompt_contents_ui(ui, prompt, &self.document)
        });
        let should_close = modal.should_close();
        let mut answer = modal.inner;
        if answer.is_none() && should_close && !matches!(prompt, Prompt::Recovery(..)) {
            answer = Some(Answer::Dismiss);
        }
        if let Some(answer) = answer {
            let time = ctx.input(|input| input.time);
            self.answer(answer, time);
            if self.prompt.is_none() {
                self.prompt = self.later.pop();
            }
            ctx.request_repaint();
        }
        if self.continuation == Some(Continuation::Close) {
            self.continuation = None;
            ctx.send_viewport_cmd(ViewportCommand::Close);
        }
    }

    /// Applies the user's answer to the current prompt (after the frame's widgets ran).
    fn answer(&mut self, answer: Answer, time: f64) {
        let Some(prompt) = self.prompt.take() else {
            return;
        };
        match (answer, prompt) {
            (Answer::Save, Prompt::Unsaved(then)) => self.save_then(then),
            (Answer::Discard, Prompt::Unsaved(then)) => {
                if then == Continuation::Close {
                    self.remove_recovery();
                }
                self.proceed(then);
            }
            (Answer::Confirm, Prompt::ConfirmDelete(path)) => {
                let _changed = self.apply_all(&[EditCommand::DeleteIndicator(path)], time);
                self.revalidate();
            }
            (Answer::Confirm, Prompt::Recovery(declaration, source)) => {
                let saved_version = source.as_deref().and_then(|path| storage::load(path).ok());
                self.replace_document(*declaration, source, false);
                self.saved = saved_version;
                self.status = "已恢复未保存的修改".to_owned();
            }
            (Answer::Discard, Prompt::Recovery(..)) => self.remove_recovery(),
            (Answer::Confirm, Prompt::PdfWritten { path, .. }) => {
                if let Err(error) = open_with_system(&path) {
                    self.show_message("无法打开 PDF", format!("{error}（{}）", path.display()));
                }
            }
            (Answer::Typed(text), Prompt::TypePath { purpose, then, .. }) => {
                self.prompt = Some(Prompt::TypePath {
                    purpose,
                    text,
                    then,
                });
            }
            (Answer::UsePath(text), Prompt::TypePath { purpose, then, .. }) => {
                self.use_typed_path(purpose, &PathBuf::from(text.trim()), then);
            }
            (Answer::Pick(index), Prompt::PickImported(declarations, warnings)) => {
                let picked = declarations.into_iter().nth(index);
                if let Some(declaration) = picked {
                    self.replace_document(declaration, None, false);
                    self.show_import_warnings(&warnings, index);
                }
            }
            (Answer::Year(fiscal_year), Prompt::RollOver { .. }) => {
                self.prompt = Some(Prompt::RollOver { fiscal_year });
            }
            (Answer::Confirm, Prompt::RollOver { fiscal_year }) => {
                self.continue_after_unsaved(Continuation::RollOver(fiscal_year));
            }
            // 取消, 确定 on a message, or an answer that does not fit: the prompt just closes.
            _ => {}
        }
    }

    fn use_typed_path(
        &mut self,
        purpose: DialogPurpose,
        path: &FsPath,
        then: Option<Continuation>,
    ) {
        match purpose {
            DialogPurpose::OpenDeclaration => self.open(path),
            DialogPurpose::ImportText => self.import(path),
            DialogPurpose::SaveDeclaration => {
                if self.save_to(path)
                    && let Some(then) = then
                {
                    self.proceed(then);
                }
            }
            DialogPurpose::SavePdf => self.print_to(path),
        }
    }

    fn offer_recovery(&mut self) {
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
    fn write_recovery(&mut self, time: f64) {
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
    fn autosave(&mut self, time: f64) {
        if !self.is_modified() {
            // The clock starts again at the next change.
            self.recovery_time = time;
        } else if time - self.recovery_time >= RECOVERY_INTERVAL_S {
            self.write_recovery(time);
        }
    }

    fn remove_recovery(&mut self) {
        if let Some(dir) = &self.recovery_dir {
            for name in [RECOVERY_FILE, RECOVERY_SOURCE_FILE] {
                let _ignored_when_absent = std::fs::remove_file(dir.join(name));
            }
        }
        self.recovery_written = None;
    }
}

fn modifier_count(modifiers: egui::Modifiers) -> u8 {
    u8::from(modifiers.alt)
        + u8::from(modifiers.shift)
        + u8::from(modifiers.command || modifiers.ctrl)
}

/// What the user answered to a prompt.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Answer {
    /// 保存.
    Save,
    /// 不保存 / 丢弃.
    Discard,
    /// 确定删除 / 恢复.
    Confirm,
    /// The typed path changed.
    Typed(String),
    /// Use this typed path.
    UsePath(String),
    /// The imported form at this index.
    Pick(usize),
    /// The roll-over year changed.
    Year(i32),
    /// 取消, 确定 on a message, Escape or a click outside.
    Dismiss,
}

/// Draws a prompt's contents; returns the answer given this frame. Changes nothing.
fn prompt_contents_ui(ui: &mut Ui, prompt: &Prompt, document: &Declaration) -> Option<Answer> {
    let mut answer = None;
    match prompt {
        Prompt::Unsaved(_) => {
            ui.heading("有未保存的修改");
            ui.label("是否先保存对当前申报表的修改？");
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("保存").clicked() {
                    answer = Some(Answer::Save);
                }
                if ui.button("不保存").clicked() {
                    answer = Some(Answer::Discard);
                }
                if ui.button("取消").clicked() {
                    answer = Some(Answer::Dismiss);
                }
            });
        }
        Prompt::Message { title, text } => {
            ui.heading(title);
            ui.add(egui::Label::new(text.as_str()).wrap());
            ui.add_space(8.0);
            if ui.button("确定").clicked() {
                answer = Some(Answer::Dismiss);
            }
        }
        Prompt::ConfirmDelete(path) => {
            let name = edit::name(document, *path).unwrap_or_default();
            ui.heading("删除指标组");
            ui.label(format!(
                "「{name}」下还有指标，确定连同下级指标一起删除吗？（可以撤销）"
            ));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("确定删除").clicked() {
                    answer = Some(Answer::Confirm);
                }
                if ui.button("取消").clicked() {
                    answer = Some(Answer::Dismiss);
                }
            });
        }
        Prompt::Recovery(declaration, _) => {
            let name = if declaration.project_name.is_empty() {
                "未命名申报表"
            } else {
                &declaration.project_name
            };
            ui.heading("发现未保存的修改");
            ui.label(format!(
                "上次关闭前「{name}」的修改没有保存，已自动留存一份。要恢复吗？"
            ));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("恢复").clicked() {
                    answer = Some(Answer::Confirm);
                }
                if ui.button("丢弃").clicked() {
                    answer = Some(Answer::Discard);
                }
            });
        }
        Prompt::TypePath { purpose, text, .. } => {
            ui.heading(purpose.title());
            ui.label("无法打开系统的文件对话框，请直接输入文件路径：");
            let mut typed = text.clone();
            let response = ui
                .add(
                    egui::TextEdit::singleline(&mut typed)
                        .desired_width(420.0)
                        .hint_text("文件路径"),
                )
                .accessible_name("文件路径");
            let entered =
                response.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter));
            if typed != *text {
                answer = Some(Answer::Typed(typed.clone()));
            }
            ui.horizontal(|ui| {
                if (ui.button("确定").clicked() || entered) && !typed.trim().is_empty() {
                    answer = Some(Answer::UsePath(typed.clone()));
                }
                if ui.button("取消").clicked() {
                    answer = Some(Answer::Dismiss);
                }
            });
        }
        Prompt::PdfWritten {
            path,
            page_count,
            warnings,
        } => {
            ui.heading("PDF 已生成");
            ui.label(format!("共 {page_count} 页，已保存到 {}", path.display()));
            for warning in warnings {
                ui.colored_label(super::widgets::WARNING_COLOR, warning);
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("打开 PDF").clicked() {
                    answer = Some(Answer::Confirm);
                }
                if ui.button("关闭").clicked() {
                    answer = Some(Answer::Dismiss);
                }
            });
        }
        Prompt::RollOver { fiscal_year } => {
            ui.heading("转为新年度申报表");
            ui.label(format!(
                "以「{}」为底稿生成现行版式的新年度申报表：项目名称、单位、目标和能对应的指标带入，日期移到新年度，金额留空待填。",
                document.project_name
            ));
            let mut year = *fiscal_year;
            ui.horizontal(|ui| {
                let label = ui.label("新年度");
                ui.add(egui::DragValue::new(&mut year).range(1900..=2200))
                    .labelled_by(label.id);
            });
            if year != *fiscal_year {
                answer = Some(Answer::Year(year));
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("生成").clicked() {
                    answer = Some(Answer::Confirm);
                }
                if ui.button("取消").clicked() {
                    answer = Some(Answer::Dismiss);
                }
            });
        }
        Prompt::PickImported(declarations, _) => {
            ui.heading("导入");
            ui.label(format!(
                "文本中找到 {} 张申报表，请选择要打开的一张：",
                declarations.len()
            ));
            egui::ScrollArea::vertical()
                .max_height(300.0)
                .show(ui, |ui| {
                    for (index, declaration) in declarations.iter().enumerate() {
                        let label = format!(
                            "{}. {}（{}年度）",
                            index + 1,
                            declaration.project_name,
                            declaration.fiscal_year
                        );
                        if ui.button(label).clicked() {
                            answer = Some(Answer::Pick(index));
                        }
                    }
                });
            if ui.button("取消").clicked() {
                answer = Some(Answer::Dismiss);
            }
        }
    }
    answer
}

fn shortcut_hint(ctx: &egui::Context, command: AppCommand) -> String {
    match command.shortcut() {
        Some(shortcut) => format!(
            "{}（{}）",
            command.tooltip(),
            ctx.format_shortcut(&shortcut)
        ),
        None => command.tooltip().to_owned(),
    }
}

/// Opens `path` with the system's default program, without waiting for it (the `opener` crate:
/// `ShellExecuteW` on Windows, where `cmd /C start` broke on `&` and `^` in paths; `xdg-open` on
/// Linux, `open` on macOS).
///
/// # Errors
/// Why no program could be started, in Chinese.
fn open_with_system(path: &FsPath) -> Result<(), String> {
    opener::open(path).map_err(|error| match error {
        opener::OpenError::Io(error) | opener::OpenError::Spawn { source: error, .. }
            if error.kind() == std::io::ErrorKind::NotFound =>
        {
            "系统中没有找到打开此类文件的程序".to_owned()
        }
        opener::OpenError::Io(error) | opener::OpenError::Spawn { source: error, .. } => {
            storage::io_reason(storage::Action::Read, &error)
        }
        _ => "系统的默认程序未能打开此文件".to_owned(),
    })
}

/// Preference key of the recent-files list in eframe's storage.
pub const RECENT_FILES_KEY: &str = "jixiao.recent_files";
/// Preference key of 打印时附签章栏 in eframe's storage.
pub const SIGNATURE_BLOCK_KEY: &str = "jixiao.signature_block";

impl eframe::App for EditorApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        EditorApp::ui(self, ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        // Preferences only: the document is never written here.
        eframe::set_value(storage, RECENT_FILES_KEY, &self.recent_files);
        eframe::set_value(storage, SIGNATURE_BLOCK_KEY, &self.signature_block);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        if !self.is_modified() {
            self.remove_recovery();
        }
    }

    fn persist_egui_memory(&self) -> bool {
        // egui's memory holds half-typed field text; keep only window geometry (eframe saves
        // that separately).
        false
    }
}
