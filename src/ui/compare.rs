//! 文件 › 与其他版本比较… (issue 12): the declaration being edited and another version of it (a
//! colleague's copy, last year's file) side by side — what each is, then every change between them
//! ([`crate::compare::diff`]) with this version's text on the left and the other version's on the
//! right, marked — and 采用 on each change to take it over from the other version.
//!
//! Each take is one [`EditCommand::TakeChange`] (one undo step); the changes are computed again
//! whenever the declaration differs from the one they were computed for (after a take, an undo,
//! or typing), never per frame otherwise. The view draws and returns what the user asked for
//! ([`CompareAction`]); the app applies it after the frame.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use eframe::egui;
use egui::{Align, Layout, RichText, Ui, vec2};

use crate::compare::{Change, diff};
use crate::model::{Declaration, format_yuan};
use crate::projects::annual_amount;

use super::command::EditCommand;
use super::folder::format_modified;
use super::theme;

/// The comparison with another version: that version, and the changes from the declaration
/// being edited to it.
#[derive(Clone, Debug)]
pub struct CompareView {
    other_path: PathBuf,
    other: Declaration,
    other_modified: Option<SystemTime>,
    /// The declaration the changes were computed for.
    against: Option<Declaration>,
    changes: Vec<Change>,
    /// Why the last take did not work, if it did not.
    message: Option<String>,
}

impl CompareView {
    /// A comparison with `other`, read from `other_path` (last modified `other_modified`).
    pub fn new(
        other_path: PathBuf,
        other: Declaration,
        other_modified: Option<SystemTime>,
    ) -> Self {
        Self {
            other_path,
            other,
            other_modified,
            against: None,
            changes: Vec::new(),
            message: None,
        }
    }

    /// The other version's file.
    pub fn other_path(&self) -> &Path {
        &self.other_path
    }

    /// The other version.
    pub fn other(&self) -> &Declaration {
        &self.other
    }

    /// Every change from `document` to the other version, in the form's order (see
    /// [`crate::compare::diff`]), as last computed by [`Self::refresh`].
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// Computes the changes again if `document` is not the declaration they were computed for.
    pub fn refresh(&mut self, document: &Declaration) {
        if self.against.as_ref() != Some(document) {
            self.changes = diff(document, &self.other);
            self.against = Some(document.clone());
        }
    }

    /// The command that takes the change at `index` over into `document`, or why it cannot be
    /// taken (shown in the view).
    pub fn take(&mut self, document: &Declaration, index: usize) -> Option<EditCommand> {
        let change = self.changes.get(index)?;
        let mut trial = document.clone();
        match change.apply(&mut trial) {
            Ok(()) => {
                self.message = None;
                Some(EditCommand::TakeChange(Box::new(change.clone())))
            }
            Err(error) => {
                self.message = Some(format!("无法采用「{}」：{error}", change.label()));
                None
            }
        }
    }
}

/// What the user asked of the comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareAction {
    /// Take the change at this index over.
    Take(usize),
    /// Compare with another file.
    ChooseOther,
    /// Back to the form.
    Close,
}

/// How one side of the comparison is named and shown in the heading rows.
struct Side<'a> {
    file: String,
    modified: String,
    declaration: &'a Declaration,
}

/// Draws the comparison of `document` (saved at `path`, if anywhere, last modified
/// `modified`) with the other version; returns what the user asked for this frame.
pub fn compare_ui(
    ui: &mut Ui,
    view: &CompareView,
    document: &Declaration,
    path: Option<&Path>,
    modified: Option<SystemTime>,
) -> Option<CompareAction> {
    let mut action = None;
    ui.horizontal_wrapped(|ui| {
        ui.heading("与其他版本比较");
        if ui.button("返回申报表").clicked() {
            action = Some(CompareAction::Close);
        }
        if ui
            .button("换一个版本…")
            .on_hover_text("选择另一个文件来比较")
            .clicked()
        {
            action = Some(CompareAction::ChooseOther);
        }
    });
    let this = Side {
        file: path.map_or_else(
            || "（尚未保存）".to_owned(),
            |path| path.display().to_string(),
        ),
        modified: format_modified(modified),
        declaration: document,
    };
    let other = Side {
        file: view.other_path.display().to_string(),
        modified: format_modified(view.other_modified),
        declaration: &view.other,
    };
    let width = ui.available_width();
    let label_width = (width * 0.2).clamp(110.0, 200.0);
    let take_width = 56.0;
    let side_width = ((width - label_width - take_width - 24.0) / 2.0).max(120.0);
    let widths = [label_width, side_width, side_width, take_width];
    sides_ui(ui, &this, &other, &widths);
    ui.separator();
    let changes = view.changes();
    let summary = if changes.is_empty() {
        "两个版本相同。".to_owned()
    } else {
        format!(
            "共 {} 处不同：左边是本文件，右边是其他版本；「采用」把右边的内容改到本文件中（可撤销）。",
            changes.len()
        )
    };
    ui.add(egui::Label::new(summary).wrap());
    if let Some(message) = &view.message {
        ui.colored_label(theme::error_color(ui.visuals()), message.as_str());
    }
    if changes.is_empty() {
        return action;
    }
    row_ui(
        ui,
        &widths,
        [
            RichText::new("位置").strong(),
            RichText::new("本文件").strong(),
            RichText::new("其他版本").strong(),
        ],
        |_| {},
    );
    egui::ScrollArea::vertical()
        .id_salt("jixiao.compare.changes")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (index, change) in changes.iter().enumerate() {
                ui.separator();
                let old = change.old_text();
                let new = change.new_text();
                let removed = theme::error_color(ui.visuals());
                let added = theme::ok_color(ui.visuals());
                let old_text = match &old {
                    Some(text) => RichText::new(text.as_str()).color(removed),
                    None => RichText::new("（无）").weak(),
                };
                let old_text = if new.is_none() {
                    old_text.strikethrough()
                } else {
                    old_text
                };
                let new_text = match &new {
                    Some(text) => RichText::new(text.as_str()).color(added),
                    None => RichText::new("（删除）").color(removed),
                };
                row_ui(
                    ui,
                    &widths,
                    [RichText::new(change.label()), old_text, new_text],
                    |ui| {
                        let take = ui
                            .button("采用")
                            .on_hover_text(format!("把本文件改成其他版本的样子：{change}"))
                            .accessible_name(format!("采用 {}", change.label()));
                        if take.clicked() {
                            action = Some(CompareAction::Take(index));
                        }
                    },
                );
            }
        });
    action
}

/// The two versions' identities side by side: file, modified, 项目名称, 年度, amount, rows.
fn sides_ui(ui: &mut Ui, this: &Side<'_>, other: &Side<'_>, widths: &[f32; 4]) {
    let facts = |side: &Side<'_>| {
        let declaration = side.declaration;
        [
            side.file.clone(),
            side.modified.clone(),
            declaration.project_name.clone(),
            declaration.fiscal_year.to_string(),
            annual_amount(declaration)
                .map(format_yuan)
                .unwrap_or_default(),
            format!("{} 个", declaration.level3_count()),
        ]
    };
    let labels = [
        "文件",
        "修改时间",
        "项目名称",
        "年度",
        "年度资金（元）",
        "三级指标",
    ];
    row_ui(
        ui,
        widths,
        [
            RichText::new(""),
            RichText::new("本文件").strong(),
            RichText::new("其他版本").strong(),
        ],
        |_| {},
    );
    for ((label, left), right) in labels.iter().zip(facts(this)).zip(facts(other)) {
        let differs = left != right;
        let mark = |text: String| {
            let text = RichText::new(text);
            if differs { text.strong() } else { text }
        };
        row_ui(
            ui,
            widths,
            [RichText::new(*label).weak(), mark(left), mark(right)],
            |_| {},
        );
    }
}

/// One row of three wrapped texts in columns of `widths`, and `last` in the fourth column.
fn row_ui(ui: &mut Ui, widths: &[f32; 4], texts: [RichText; 3], last: impl FnOnce(&mut Ui)) {
    ui.horizontal_top(|ui| {
        for (text, width) in texts.into_iter().zip(widths) {
            ui.allocate_ui_with_layout(vec2(*width, 0.0), Layout::top_down(Align::Min), |ui| {
                ui.set_width(*width);
                ui.add(egui::Label::new(text).wrap());
            });
        }
        ui.allocate_ui_with_layout(vec2(widths[3], 0.0), Layout::top_down(Align::Min), last);
    });
}
