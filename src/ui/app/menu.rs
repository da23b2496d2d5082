//! The menu bar and toolbar, built from [`AppCommand`]s, and the keyboard shortcuts of those
//! commands.
//!
//! A new command needs one [`AppCommand`] variant (its label, tooltip and shortcut live in
//! `command.rs`), its place in a menu here and its handler in [`EditorApp::run`].

use eframe::egui;
use egui::Ui;

use super::super::command::{AppCommand, SidePanel, ThemeChoice, TreeAction};
use super::super::edit;
use super::EditorApp;

/// One entry of a menu.
#[derive(Clone, Copy, Debug)]
enum Entry {
    /// A command, with its shortcut; a check mark when it is an on/off choice.
    Command(AppCommand),
    /// A line between groups.
    Separator,
    /// 最近打开 ▸ the recent files.
    RecentFiles,
}

/// The menu bar: each menu's title and entries, in order. A new command goes into one of these.
const MENUS: &[(&str, &[Entry])] = &[
    (
        "文件",
        &[
            Entry::Command(AppCommand::New),
            Entry::Command(AppCommand::Open),
            Entry::RecentFiles,
            Entry::Command(AppCommand::OpenFolder),
            Entry::Separator,
            Entry::Command(AppCommand::Save),
            Entry::Command(AppCommand::SaveAs),
            Entry::Separator,
            Entry::Command(AppCommand::Import),
            Entry::Command(AppCommand::RollOver),
            Entry::Command(AppCommand::CompareWith),
            Entry::Separator,
            Entry::Command(AppCommand::ExportExcel),
            Entry::Command(AppCommand::PrintPdf),
            Entry::Command(AppCommand::ToggleSignatureBlock),
            Entry::Separator,
            Entry::Command(AppCommand::Quit),
        ],
    ),
    (
        "编辑",
        &[
            Entry::Command(AppCommand::Undo),
            Entry::Command(AppCommand::Redo),
            Entry::Separator,
            Entry::Command(AppCommand::ImportClipboard),
            Entry::Separator,
            Entry::Command(AppCommand::CheckAll),
        ],
    ),
    (
        "视图",
        &[
            Entry::Command(AppCommand::TogglePanel(SidePanel::Findings)),
            Entry::Command(AppCommand::TogglePanel(SidePanel::Preview)),
            Entry::Command(AppCommand::TogglePanel(SidePanel::Library)),
            Entry::Separator,
            Entry::Command(AppCommand::ZoomIn),
            Entry::Command(AppCommand::ZoomOut),
            Entry::Command(AppCommand::ZoomReset),
            Entry::Separator,
            Entry::Command(AppCommand::Theme(ThemeChoice::System)),
            Entry::Command(AppCommand::Theme(ThemeChoice::Light)),
            Entry::Command(AppCommand::Theme(ThemeChoice::Dark)),
        ],
    ),
];

/// The buttons beside the menus.
const TOOLBAR: &[AppCommand] = &[
    AppCommand::Save,
    AppCommand::PrintPdf,
    AppCommand::TogglePanel(SidePanel::Preview),
    AppCommand::Undo,
    AppCommand::Redo,
    AppCommand::CheckAll,
];

impl EditorApp {
    pub(super) fn consume_shortcuts(&mut self, ctx: &egui::Context) {
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
    pub(super) fn tree_shortcuts(&mut self, ctx: &egui::Context, time: f64) {
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

    pub(super) fn menu_ui(&mut self, ui: &mut Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            for (title, entries) in MENUS {
                ui.menu_button(*title, |ui| {
                    for entry in *entries {
                        match entry {
                            Entry::Command(command) => self.command_button(ui, *command),
                            Entry::Separator => {
                                ui.separator();
                            }
                            Entry::RecentFiles => self.recent_files_menu_ui(ui),
                        }
                    }
                });
            }
            ui.separator();
            for command in TOOLBAR {
                let enabled = self.command_enabled(*command);
                // An on/off command (打印预览) shows whether it is on.
                let on = self.command_checked(*command).unwrap_or(false);
                let response = ui
                    .add_enabled(enabled, egui::Button::new(command.label()).selected(on))
                    .on_hover_text(shortcut_hint(ui.ctx(), *command));
                if response.clicked() {
                    self.pending.push(*command);
                }
            }
        });
    }

    fn recent_files_menu_ui(&mut self, ui: &mut Ui) {
        ui.menu_button("最近打开", |ui| {
            if self.recent_files.is_empty() {
                ui.label("（无）");
            }
            for (index, path) in self.recent_files.iter().enumerate() {
                if ui.button(path.display().to_string()).clicked() {
                    self.pending_recent = Some(index);
                    ui.close();
                }
            }
        });
    }

    /// Whether a command that is an on/off choice is on now (`None` for plain commands).
    fn command_checked(&self, command: AppCommand) -> Option<bool> {
        match command {
            AppCommand::ToggleSignatureBlock => Some(self.signature_block),
            AppCommand::TogglePanel(panel) => Some(self.view.is_open(panel)),
            AppCommand::Theme(choice) => Some(self.view.theme == choice),
            _ => None,
        }
    }

    pub(super) fn command_enabled(&self, command: AppCommand) -> bool {
        match command {
            AppCommand::Undo => self.undoer.has_undo(&self.document),
            AppCommand::Redo => self.undoer.has_redo(&self.document),
            _ => true,
        }
    }

    pub(super) fn command_button(&mut self, ui: &mut Ui, command: AppCommand) {
        let shortcut = command
            .shortcut()
            .map(|shortcut| ui.ctx().format_shortcut(&shortcut))
            .unwrap_or_default();
        let button = match self.command_checked(command) {
            // An on/off choice: a check mark in front, as office menus show it.
            Some(checked) => {
                egui::Button::new((if checked { "√ " } else { "　 " }, command.label()))
                    .selected(checked)
            }
            None => egui::Button::new(command.label()),
        }
        .shortcut_text(shortcut);
        let response = ui
            .add_enabled(self.command_enabled(command), button)
            .on_hover_text(command.tooltip());
        if response.clicked() {
            self.pending.push(command);
            ui.close();
        }
    }
}

fn modifier_count(modifiers: egui::Modifiers) -> u8 {
    u8::from(modifiers.alt)
        + u8::from(modifiers.shift)
        + u8::from(modifiers.command || modifiers.ctrl)
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
