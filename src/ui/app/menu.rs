//! The menu bar and toolbar, built from [`AppCommand`]s, and the keyboard shortcuts of those
//! commands.
//!
//! A new command needs one [`AppCommand`] variant (its label, tooltip and shortcut live in
//! `command.rs`), its place in a menu here and its handler in [`EditorApp::run`].

use eframe::egui;
use egui::Ui;

use super::super::command::{AppCommand, TreeAction};
use super::super::edit;
use super::EditorApp;

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
