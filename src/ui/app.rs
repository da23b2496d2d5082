//! The editor app: owns the open declaration, its file, undo history, findings, prompts and the
//! recovery copy; draws the window and applies the commands the widgets pushed, after the frame.
//!
//! "Unsaved" means the declaration differs from the snapshot taken when it was last loaded or
//! saved (not a change counter). Undo history lives in memory only. Files go through
//! [`crate::storage`] (atomic saves); dialogs through [`FileDialogs`], so tests use a fake.
//!
//! The app is split along its concerns: this file holds the state and the frame loop;
//! `menu.rs` the menus, toolbar and shortcuts; `prompt.rs` the questions and messages;
//! `files.rs` the open / save / import / print / recovery flows; `window.rs` the side panels and
//! the window's first size; `reuse.rs` the indicator library, the folder list and the comparison
//! with another version (issue 12).

mod exchange;
mod files;
mod menu;
mod prompt;
mod reuse;
mod window;

use eframe::egui;
use std::collections::HashSet;
use std::path::{Path as FsPath, PathBuf};

use chrono::Datelike as _;
use egui::util::undoer::{Settings as UndoSettings, Undoer};
use egui::{Ui, ViewportCommand};

use crate::model::{Declaration, IndicatorPath, Path};
use crate::storage;
use crate::validate::{Finding, validate};

use super::chooser::{Chooser, ChooserOutcome};
use super::command::{AppCommand, EditCommand, SidePanel, ThemeChoice};
use super::dialogs::{DialogPurpose, FileDialogs};
use super::edit;
use super::form::form_ui;
use super::preview::Preview;
use super::theme;
use super::widgets::{FormCx, FormOutput, Markers, PENDING_RULES, forget_edit_texts, markers};

pub use prompt::{Continuation, Prompt};
pub use reuse::{HINT_SETTLE_S, LIBRARY_FOLDERS_KEY, MainView};

/// A recovery copy is written this long after the last edit (a pause in typing), in seconds
/// (issue 8 point 6: "within about 5 s of a pause in typing").
pub const RECOVERY_PAUSE_S: f64 = 5.0;
/// On a form with more than [`DEFERRED_RULES_ABOVE`] level-3 indicators, the rules run this long
/// after the last edit, in seconds; the findings panel shows the last result meanwhile (issue 8
/// point 4: typing never waits for the rules).
pub const RULES_PAUSE_S: f64 = 0.3;
/// Forms up to this many level-3 indicators are checked after every edit (the rules take well
/// under a millisecond there); larger ones after [`RULES_PAUSE_S`].
pub const DEFERRED_RULES_ABOVE: usize = 1_000;
/// Below this window width (points), side panels shrink to a strip so the form keeps its room.
pub const NARROW_WINDOW_WIDTH: f32 = 900.0;
/// One step of 放大 / 缩小 (Ctrl +/−), as a zoom factor.
const ZOOM_STEP: f32 = 0.1;
/// The smallest and largest zoom factors offered.
const MIN_ZOOM: f32 = 0.5;
const MAX_ZOOM: f32 = 3.0;
/// Recent files remembered in the preferences.
pub const MAX_RECENT_FILES: usize = 8;

/// The single recovery copy of Jixiao before one copy per document (one per user, shared by all
/// windows), inside the recovery folder: offered once at start-up if still there, then removed.
pub const LEGACY_RECOVERY_FILE: &str = "recovery.ron";
/// The file naming where the legacy copy's declaration was last saved (UTF-8 path).
const LEGACY_RECOVERY_SOURCE_FILE: &str = "recovery-source.txt";

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
    /// The folder of recovery copies (`None`: recovery disabled).
    recovery: Option<storage::RecoveryStore>,
    /// This window's claim on its document's key (its file, or a window id when unsaved): the
    /// right to write and remove that copy only; for a file, also the lock that says the file
    /// is open here.
    slot: Option<storage::RecoverySlot>,
    /// Copies left by windows that are gone, still to be offered (one prompt each).
    offers: std::collections::VecDeque<files::Offer>,
    recovery_written: Option<Declaration>,
    /// The input time of the last change to the document not yet in a recovery copy.
    edited_at: Option<f64>,
    /// The input time of the last change the findings do not show yet (large forms only).
    rules_stale_since: Option<f64>,
    /// The file as it was read or last saved here: a save compares it with the file first, and
    /// so does regaining the focus (by its size and time, hashing only when those differ).
    disk_stamp: Option<storage::DiskStamp>,
    /// The size and time of a change on disk the user was already asked about.
    disk_asked: Option<(u64, Option<std::time::SystemTime>)>,
    /// Whether the window had the focus in the last frame.
    was_focused: bool,
    /// The file is open in another window: edits and saving over it are disabled.
    read_only: bool,
    /// Whether files are locked by a sidecar too ([`Self::with_document_locks`]).
    document_locks: bool,
    /// The sidecar lock of the file shown, when [`Self::document_locks`].
    document_lock: Option<storage::DocumentLock>,
    pending: Vec<AppCommand>,
    continuation: Option<Continuation>,
    allowed_to_close: bool,
    status: String,
    title: String,
    forget_texts: bool,
    pending_recent: Option<usize>,
    later: Vec<Prompt>,
    signature_block: bool,
    view: ViewPreferences,
    /// Whether the view (theme, zoom) has been applied to the egui context yet.
    view_applied: bool,
    /// On a new blank form, the fields the user has touched so far: a required field not in it
    /// shows 待填写 rather than an error. `None` for any other form, and after 检查全部.
    fresh: Option<HashSet<Path>>,
    /// The built-in file chooser, open when the system shows no file dialog, and what to do
    /// after a save chosen in it.
    chooser: Option<(Chooser, Option<Continuation>)>,
    /// The folder a file was last opened from or saved to (remembered between sessions).
    last_folder: Option<PathBuf>,
    /// On the first start, whether the window still has to be fitted to the screen.
    fit_to_screen: bool,
    /// The indicator library, its hints, the folder list and the comparison.
    reuse: reuse::ReuseState,
    /// The print preview's pages, zoom and layout thread (drawn while its panel is open).
    preview: Preview,
    /// Forms an import found several of, waiting for the folder to save them in.
    imported: Option<exchange::ImportedForms>,
}

/// How the window looks, remembered between sessions: theme, zoom, which side panels are open
/// and the indicator table's column widths.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ViewPreferences {
    /// 浅色 / 深色 / 跟随系统.
    pub theme: ThemeChoice,
    /// egui's zoom factor (1.0 = 100 %), changed with Ctrl +/−/0.
    pub zoom_factor: f32,
    /// The side panels the user has hidden.
    pub hidden_panels: Vec<SidePanel>,
    /// The indicator table's column widths as fractions of the table's width (一级, 二级, 三级;
    /// the value column takes the rest); empty for the defaults.
    pub column_fractions: Vec<f32>,
}

impl Default for ViewPreferences {
    fn default() -> Self {
        Self {
            theme: ThemeChoice::default(),
            zoom_factor: 1.0,
            hidden_panels: SidePanel::ALL
                .into_iter()
                .filter(|panel| !panel.open_by_default())
                .collect(),
            column_fractions: Vec::new(),
        }
    }
}

impl ViewPreferences {
    /// Whether `panel` is shown.
    pub fn is_open(&self, panel: SidePanel) -> bool {
        !self.hidden_panels.contains(&panel)
    }
}

impl EditorApp {
    /// A window on `document` (not yet saved anywhere when `path` is `None`; `path` is taken as
    /// is, without a lock or a disk stamp: see [`Self::new_on_file`]). Offers the recovery
    /// copies left by windows that are gone (crashed, killed), one prompt each.
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
            recovery: config.recovery_dir.map(storage::RecoveryStore::new),
            slot: None,
            offers: std::collections::VecDeque::new(),
            recovery_written: None,
            edited_at: None,
            rules_stale_since: None,
            disk_stamp: None,
            disk_asked: None,
            was_focused: true,
            read_only: false,
            document_locks: false,
            document_lock: None,
            pending: Vec::new(),
            continuation: None,
            allowed_to_close: false,
            status: String::new(),
            title: String::new(),
            forget_texts: false,
            pending_recent: None,
            later: Vec::new(),
            signature_block: false,
            view: ViewPreferences::default(),
            view_applied: false,
            fresh: None,
            chooser: None,
            last_folder: None,
            fit_to_screen: false,
            reuse: reuse::ReuseState::default(),
            preview: Preview::new(),
            imported: None,
        };
        app.revalidate();
        app.collect_offers();
        app.next_offer();
        app
    }

    /// Opens `path` at start-up; on failure keeps `fallback` and shows why. A PDF or a workbook
    /// is imported (its form opens unsaved; several forms ask for a folder).
    pub fn new_on_file(config: AppConfig, path: &FsPath, fallback: Declaration) -> Self {
        Self::new(config, fallback, None).opened(path)
    }

    /// This window, then `path` opened as [`Self::new_on_file`] does (after
    /// [`Self::with_document_locks`], so that the file's lock is taken).
    #[must_use]
    pub fn opened(mut self, path: &FsPath) -> Self {
        if exchange::is_importable(path) {
            let _imported = self.import(path);
            return self;
        }
        // As 打开: the file's lock and stamp are taken; a file open in another window asks.
        let _opened = self.open(path);
        // The window opens on the file, not on a 已打开 message.
        self.status.clear();
        self
    }

    /// Whether a file opened or saved here is also locked by a sidecar beside it
    /// ([`storage::DocumentLock`]), which windows on other computers sharing the folder see.
    /// Without it, only windows sharing this window's recovery folder (the same user on this
    /// computer) see that the file is open. On in the app; tests and benchmarks leave it off,
    /// as they open the bundled examples from many threads.
    #[must_use]
    pub fn with_document_locks(mut self, on: bool) -> Self {
        self.document_locks = on;
        self
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

    /// How the window looks (theme, zoom, panels, column widths; remembered between sessions).
    #[must_use]
    pub fn with_view(mut self, view: ViewPreferences) -> Self {
        self.view = view;
        self.view_applied = false;
        self
    }

    /// The folder a file was last opened from or saved to (where the built-in chooser starts).
    #[must_use]
    pub fn with_last_folder(mut self, folder: Option<PathBuf>) -> Self {
        self.last_folder = folder;
        self
    }

    /// On the first start (no window size remembered), maximizes the window when it does not fit
    /// the screen it opened on.
    #[must_use]
    pub fn with_fit_to_screen(mut self, fit: bool) -> Self {
        self.fit_to_screen = fit;
        self
    }

    /// Whether the built-in file chooser is open, and for what.
    pub fn chooser(&self) -> Option<DialogPurpose> {
        self.chooser.as_ref().map(|(chooser, _)| chooser.purpose())
    }

    /// How the window looks now.
    pub fn view(&self) -> &ViewPreferences {
        &self.view
    }

    /// Whether printing adds the signature block.
    pub fn signature_block(&self) -> bool {
        self.signature_block
    }

    /// The print preview (its pages once laid out, its zoom).
    pub fn preview(&self) -> &Preview {
        &self.preview
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

    /// The status bar's message about the last action (empty when there is none).
    pub fn status(&self) -> &str {
        &self.status
    }

    /// The prompt shown, if any.
    pub fn prompt(&self) -> Option<&Prompt> {
        self.prompt.as_ref()
    }

    /// Recently opened files, most recent first.
    pub fn recent_files(&self) -> &[PathBuf] {
        &self.recent_files
    }

    /// The window title: file name (or 未命名), a ● when unsaved or （只读） for a file open in
    /// another window, the folder it is in, and the app name.
    pub fn window_title(&self) -> String {
        let name = self
            .path
            .as_deref()
            .and_then(FsPath::file_name)
            .map_or_else(
                || "未命名".to_owned(),
                |name| name.to_string_lossy().into_owned(),
            );
        let mark = if self.read_only {
            "（只读）"
        } else if self.is_modified() {
            " ●"
        } else {
            ""
        };
        match self.path.as_deref().and_then(FsPath::parent) {
            Some(folder) if !folder.as_os_str().is_empty() => format!(
                "{name}{mark} — {} — Jixiao 绩效目标申报表",
                folder.display()
            ),
            _ => format!("{name}{mark} — Jixiao 绩效目标申报表"),
        }
    }

    /// Queues an app command, run after the current frame (menus, shortcuts, tests).
    pub fn queue(&mut self, command: AppCommand) {
        self.pending.push(command);
    }

    /// The file of this window's recovery copy, once the window holds a key (a file opened
    /// or saved, or a first copy written); `None` with recovery disabled.
    pub fn recovery_file(&self) -> Option<PathBuf> {
        self.slot.as_ref().map(storage::RecoverySlot::path)
    }

    /// Whether the window shows a file open in another window: nothing can be edited, and
    /// 保存 asks for another file (另存副本).
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Draws one frame and applies what the user did in it.
    pub fn ui(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        let time = ui.input(|input| input.time);
        if !std::mem::replace(&mut self.view_applied, true) {
            theme::apply(&ctx, self.view.theme);
            ctx.set_zoom_factor(self.view.zoom_factor);
            // Ctrl +/−/0 and Ctrl+Q are this app's commands (视图 and 文件 menus).
            ctx.options_mut(|options| {
                options.zoom_with_keyboard = false;
                options.quit_shortcuts.clear();
            });
        }
        if std::mem::take(&mut self.forget_texts) {
            forget_edit_texts(&ctx);
        }
        if self.fit_to_screen {
            self.fit_window(&ctx);
        }
        self.reuse_frame_start(&ctx);
        if self.prompt.is_none() && self.chooser.is_none() {
            self.consume_shortcuts(&ctx);
            if !self.read_only {
                self.tree_shortcuts(&ctx, time);
            }
        }
        self.handle_close_request(&ctx);
        let focused = ctx.input(|input| input.focused);
        if !std::mem::replace(&mut self.was_focused, focused) && focused {
            // Back in the window: has the file been changed behind it?
            self.check_disk();
        }

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
                if self.read_only {
                    ui.separator();
                    ui.label("只读：此文件已在另一个 Jixiao 窗口中打开，修改请用 另存为");
                }
                if !self.status.is_empty() {
                    ui.separator();
                    ui.label(&self.status);
                }
            });
        });
        // A narrow window keeps its width for the form: open panels shrink to a strip along the
        // edge, and a click on the strip shows the panel over the form. So do panels that would
        // leave the form less than its minimum (the findings beside the preview at 1024 points).
        let strips = self.panel_strips(ui.available_width());
        for panel in SidePanel::ALL {
            if !self.view.is_open(panel) {
                continue;
            }
            let (default_width, min_width) = panel.widths();
            if strips.contains(&panel) {
                if let Some(path) = self.panel_strip_ui(ui, panel) {
                    finding_clicked = Some(path);
                }
                continue;
            }
            let max_width = panel.max_width(ui.available_width());
            egui::Panel::right(panel.id())
                .resizable(true)
                .default_size(default_width)
                .size_range(min_width..=max_width)
                .show(ui, |ui| {
                    if let Some(path) = self.side_panel_ui(ui, panel) {
                        finding_clicked = Some(path);
                    }
                });
        }
        egui::CentralPanel::default_margins().show(ui, |ui| {
            if self.main_view_ui(ui) {
                return;
            }
            // Only up and down: the form reflows to the window's width.
            egui::ScrollArea::vertical()
                .id_salt("form")
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    // Room on the right for the scroll bar, which floats over the content.
                    ui.set_max_width(ui.available_width() - 14.0);
                    let mut cx = FormCx {
                        markers: &self.markers,
                        focus: &mut self.focus,
                        selected: self.selected,
                        out: &mut output,
                        column_fractions: &mut self.view.column_fractions,
                        library: self.reuse.library(),
                    };
                    // A read-only view scrolls and selects, but nothing in it can be changed.
                    ui.add_enabled_ui(!self.read_only, |ui| {
                        form_ui(ui, &mut cx, &self.document);
                    });
                });
        });
        self.prompt_ui(&ctx);
        self.chooser_ui(&ctx);

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
        // The 指标库 panel's inserts, the hints' moves and the comparison's takes.
        output.edits.extend(self.reuse.take_edits());
        if self.read_only {
            output.edits.clear();
            output.delete_request = None;
        }
        if let Some(path) = output.delete_request {
            self.prompt = Some(Prompt::ConfirmDelete(path));
        }
        let commands = std::mem::take(&mut self.pending);
        if !output.edits.is_empty() || !commands.is_empty() {
            // The status bar tells the outcome of the last action only.
            self.status.clear();
        }
        if let Some(touched) = self.fresh.as_mut() {
            let before = touched.len();
            touched.extend(output.touched.iter().copied());
            if touched.len() != before {
                self.markers = markers(&self.findings, |finding| self.is_pending(finding));
            }
        }
        if let Some(from) = output.enter_from {
            self.focus_after_enter(&ctx, &output.inputs, from);
        }
        let changed = self.apply_all(&output.edits, time);
        self.undoer.feed_state(time, &self.document);
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
        self.reuse_after_frame(&ctx, time);
        if self.prompt.as_ref().map(std::mem::discriminant) != prompt_before {
            ctx.request_repaint();
        }
        self.rules_after_pause(&ctx, time);
        self.autosave(&ctx, time);
        let title = self.window_title();
        if title != self.title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.title = title;
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
                    // A step of its own: copied at once, not after a pause.
                    self.write_recovery();
                }
            }
            changed |= self.document != before;
        }
        if changed {
            self.edited(time);
        }
        changed
    }

    /// The document changed at input time `time`: the recovery copy is due after a pause, the
    /// rules run now (or, on a large form, after a pause), and the misplaced-row hints after
    /// [`HINT_SETTLE_S`].
    fn edited(&mut self, time: f64) {
        if self.recovery_written.as_ref() != Some(&self.document) {
            self.edited_at = Some(time);
        }
        // The misplaced-row hints wait for the edits to settle, too.
        self.reuse_document_edited(time);
        if self.document.level3_count() > DEFERRED_RULES_ABOVE {
            // The last findings stay shown until the pause is over.
            self.rules_stale_since = Some(time);
        } else {
            self.revalidate();
        }
    }

    /// On a large form, runs the rules once typing has paused for [`RULES_PAUSE_S`] (and
    /// wakes up for it when idle).
    fn rules_after_pause(&mut self, ctx: &egui::Context, time: f64) {
        let Some(last_edit) = self.rules_stale_since else {
            return;
        };
        let waited = time - last_edit;
        if waited >= RULES_PAUSE_S {
            self.revalidate();
            ctx.request_repaint();
        } else {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(
                (RULES_PAUSE_S - waited).max(0.0),
            ));
        }
    }

    /// 查看错误: the findings panel is shown and the first error's field focused.
    fn show_first_error(&mut self) {
        self.view
            .hidden_panels
            .retain(|panel| *panel != SidePanel::Findings);
        // The errors are no longer 待填写 once the user asks to see them.
        self.fresh = None;
        self.revalidate();
        if let Some(first) = self
            .findings
            .iter()
            .find(|finding| finding.severity == crate::validate::Severity::Error)
        {
            self.focus = Some(first.path);
            if let Path::Indicator(path, _) = first.path {
                self.selected = Some(path);
            }
        }
    }

    /// 查看打印预览 from the print question: the preview panel is shown.
    fn show_preview(&mut self) {
        self.view
            .hidden_panels
            .retain(|panel| *panel != SidePanel::Preview);
    }

    /// Draws the built-in chooser, if open, and uses what it picked.
    fn chooser_ui(&mut self, ctx: &egui::Context) {
        let Some((mut chooser, then)) = self.chooser.take() else {
            return;
        };
        match chooser.ui(ctx) {
            ChooserOutcome::Open => {
                self.chooser = Some((chooser, then));
                return;
            }
            ChooserOutcome::Cancelled => {}
            ChooserOutcome::Picked(path) => self.chosen(chooser.purpose(), &path, then),
        }
        // As after a prompt: the window under the chooser is in reach at once.
        ctx.request_discard("the file chooser closed");
        ctx.request_repaint();
    }

    /// Enter was pressed in the input `from`: the next input in the form's order gets the focus
    /// (scrolled to when it is a field), or, after the last row drawn, the next row's name.
    fn focus_after_enter(
        &mut self,
        ctx: &egui::Context,
        inputs: &[(egui::Id, Option<Path>)],
        from: egui::Id,
    ) {
        let Some(index) = inputs.iter().position(|(id, _)| *id == from) else {
            return;
        };
        match inputs.get(index + 1) {
            Some((_, Some(path))) => self.focus = Some(*path),
            Some((id, None)) => ctx.memory_mut(|memory| memory.request_focus(*id)),
            None => {
                if let Some((_, Some(Path::Indicator(path, _)))) = inputs.get(index) {
                    self.focus = super::tree::next_row_name(&self.document, *path);
                }
            }
        }
        ctx.request_repaint();
    }

    /// Whether `finding` is shown as 待填写: a required field of a new blank form that the user
    /// has not touched yet (see [`PENDING_RULES`]).
    pub fn is_pending(&self, finding: &Finding) -> bool {
        self.fresh.as_ref().is_some_and(|touched| {
            PENDING_RULES.contains(&finding.rule) && !touched.contains(&finding.path)
        })
    }

    fn revalidate(&mut self) {
        self.rules_stale_since = None;
        self.findings = validate(&self.document);
        self.markers = markers(&self.findings, |finding| self.is_pending(finding));
    }

    fn handle_close_request(&mut self, ctx: &egui::Context) {
        if !ctx.input(|input| input.viewport().close_requested()) {
            return;
        }
        if self.is_modified() && !self.allowed_to_close {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.prompt = Some(Prompt::Unsaved(Continuation::Close));
        } else if !self.is_modified() {
            // Closing a saved document: its copy is no longer needed. (After 不保存 it was
            // removed already.)
            self.remove_recovery();
        }
    }

    fn run(&mut self, ctx: &egui::Context, command: AppCommand) {
        match command {
            AppCommand::New => self.continue_after_unsaved(Continuation::New),
            AppCommand::Open => self.continue_after_unsaved(Continuation::Open),
            AppCommand::OpenFolder | AppCommand::CompareWith => self.run_reuse(command),
            AppCommand::Import => self.continue_after_unsaved(Continuation::Import),
            AppCommand::ImportClipboard => {
                self.continue_after_unsaved(Continuation::ImportClipboard);
            }
            AppCommand::ExportExcel => {
                let _exported = self.choose_path(DialogPurpose::SaveXlsx, None);
            }
            AppCommand::PrintPdf => self.print(),
            AppCommand::RollOver => {
                // The coming year, or the year after the form's when that is later.
                let coming = chrono::Local::now().year().saturating_add(1);
                self.prompt = Some(Prompt::RollOver {
                    text: self
                        .document
                        .fiscal_year
                        .saturating_add(1)
                        .max(coming)
                        .to_string(),
                });
            }
            AppCommand::Save => {
                let _ = self.save(None);
            }
            AppCommand::SaveAs => {
                let _ = self.save_as(None);
            }
            AppCommand::Undo | AppCommand::Redo => {
                let undo = command == AppCommand::Undo;
                let state = if undo {
                    self.undoer.undo(&self.document)
                } else {
                    self.undoer.redo(&self.document)
                };
                if let Some(state) = state {
                    self.document = state.clone();
                    forget_edit_texts(ctx);
                    self.revalidate();
                    self.edited_at = Some(ctx.input(|input| input.time));
                    self.status = if undo { "已撤销" } else { "已重做" }.to_owned();
                }
            }
            AppCommand::ToggleSignatureBlock => self.signature_block = !self.signature_block,
            AppCommand::Quit => self.continue_after_unsaved(Continuation::Close),
            AppCommand::CheckAll => {
                self.fresh = None;
                self.revalidate();
                let errors = self
                    .findings
                    .iter()
                    .filter(|finding| finding.severity == crate::validate::Severity::Error)
                    .count();
                self.status = if errors == 0 {
                    "检查完毕：没有错误".to_owned()
                } else {
                    format!("检查完毕：有 {errors} 个错误，见右侧检查结果")
                };
                self.view
                    .hidden_panels
                    .retain(|panel| *panel != SidePanel::Findings);
            }
            AppCommand::TogglePanel(panel) => {
                if self.view.is_open(panel) {
                    self.view.hidden_panels.push(panel);
                } else {
                    self.view.hidden_panels.retain(|hidden| *hidden != panel);
                }
            }
            AppCommand::ZoomIn | AppCommand::ZoomOut | AppCommand::ZoomReset => {
                let zoom = match command {
                    AppCommand::ZoomIn => self.view.zoom_factor + ZOOM_STEP,
                    AppCommand::ZoomOut => self.view.zoom_factor - ZOOM_STEP,
                    _ => 1.0,
                };
                // Steps of 10 %, as in browsers and WPS.
                let zoom = ((zoom * 10.0).round() / 10.0).clamp(MIN_ZOOM, MAX_ZOOM);
                ctx.set_zoom_factor(zoom);
                self.view.zoom_factor = zoom;
                self.status = format!("界面缩放 {:.0}%", self.view.zoom_factor * 100.0);
            }
            AppCommand::Theme(choice) => {
                self.view.theme = choice;
                theme::apply(ctx, choice);
            }
        }
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
/// Preference key of the [`ViewPreferences`] in eframe's storage.
pub const VIEW_KEY: &str = "jixiao.view";
/// Preference key of the folder a file was last opened from or saved to.
pub const LAST_FOLDER_KEY: &str = "jixiao.last_folder";

impl eframe::App for EditorApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        EditorApp::ui(self, ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        // Preferences only: the document is never written here.
        eframe::set_value(storage, RECENT_FILES_KEY, &self.recent_files);
        eframe::set_value(storage, SIGNATURE_BLOCK_KEY, &self.signature_block);
        eframe::set_value(storage, VIEW_KEY, &self.view);
        eframe::set_value(storage, LAST_FOLDER_KEY, &self.last_folder);
        eframe::set_value(storage, LIBRARY_FOLDERS_KEY, &self.library_folders());
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        if self.is_modified() && !self.allowed_to_close {
            // Ended without the 不保存 question (e.g. the session logging out): keep the
            // changes not yet copied.
            self.write_recovery();
        } else {
            self.remove_recovery();
        }
    }

    fn persist_egui_memory(&self) -> bool {
        // egui's memory holds half-typed field text; keep only window geometry (eframe saves
        // that separately).
        false
    }
}
