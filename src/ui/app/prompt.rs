//! Questions and messages shown over the window (one at a time, as an egui [`Modal`]), and what
//! the user's answer does. Drawing a prompt changes nothing; the answer is applied after the frame.

use eframe::egui;
use std::path::PathBuf;

use egui::{Id, Modal, Ui, ViewportCommand};

use crate::model::{Declaration, IndicatorPath};
use crate::storage;

use super::super::command::EditCommand;
use super::super::dialogs::DialogPurpose;
use super::super::edit;
use super::super::widgets::parse_fiscal_year;
use super::{EditorApp, open_with_system};

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
    /// Import a workbook, a PDF or a text (asks which).
    Import,
    /// Import the text on the clipboard.
    ImportClipboard,
    /// Replace the document by its roll-over to this fiscal year (转为新年度申报表).
    RollOver(i32),
    /// Open the file picked in the folder list (文件 › 打开文件夹…).
    OpenFromFolder,
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
    /// A recovery copy left by a window that is gone (crashed, killed): 恢复 / 不恢复.
    Recovery {
        /// The copied form's 项目名称.
        name: String,
        /// The file it was opened from or last saved to; `None` for a form never saved.
        source: Option<PathBuf>,
        /// When the copy was written (local time, `YYYY-MM-DD HH:MM`), when known.
        written_at: Option<String>,
        /// Why the copy cannot be read (then it can only be discarded).
        error: Option<String>,
    },
    /// The file to open is open in another Jixiao window: 只读查看 / 另存副本 / 取消.
    Locked {
        /// The file.
        path: PathBuf,
        /// Who has it open (用户, 计算机, 时间), when the system lets it be read.
        owner: Option<String>,
        /// Its content, as read now.
        document: Box<Declaration>,
        /// The stamp of what was read.
        stamp: storage::DiskStamp,
    },
    /// The file was changed (or removed) on disk since it was read or saved here, noticed on
    /// regaining the focus or when saving: 重新载入 / 另存为 / 仍然覆盖 / 取消.
    ChangedOnDisk {
        /// The file.
        path: PathBuf,
        /// What to go on with after a save (仍然覆盖 or 另存为).
        then: Option<Continuation>,
        /// Whether the question came from 保存 (else from regaining the focus).
        saving: bool,
    },
    /// The built-in chooser named an existing file to save into: replace it?
    ConfirmOverwrite {
        /// What the file is for.
        purpose: DialogPurpose,
        /// The existing file.
        path: PathBuf,
        /// What to do after a save.
        then: Option<Continuation>,
    },
    /// 打印 with errors left or something wrong in the print: 查看错误 (when there are errors) /
    /// 查看打印预览 (when the print looks wrong) / 仍要打印 / 取消.
    PrintWithErrors {
        /// How many errors the rules found.
        errors: usize,
        /// What looks wrong in the print, as sentences ([`crate::pdf::print_check`]: a goal
        /// over many pages, a shrunk amount, a character no font has).
        warnings: Vec<String>,
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
    /// 转为新年度申报表: which fiscal year?
    RollOver {
        /// The year typed so far, as typed.
        text: String,
    },
}

impl EditorApp {
    /// Shows a message; when another prompt is open (e.g. the recovery offer at start-up), the
    /// message waits until that one is answered.
    pub(super) fn show_message(&mut self, title: &str, text: String) {
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

    /// Draws the prompt, if any, and applies the answer after it is drawn.
    pub(super) fn prompt_ui(&mut self, ctx: &egui::Context) {
        let Some(prompt) = self.prompt.as_ref() else {
            return;
        };
        let enter = ctx.input(|input| input.key_pressed(egui::Key::Enter));
        let modal = Modal::new(Id::unique("jixiao.prompt")).show(ctx, |ui| {
            ui.set_max_width(460.0);
            prompt_contents_ui(ui, prompt, &self.document)
        });
        let should_close = modal.should_close();
        let mut answer = modal.inner;
        if answer.is_none() && should_close && !matches!(prompt, Prompt::Recovery { .. }) {
            answer = Some(Answer::Dismiss);
        }
        if answer.is_none() && enter {
            // Enter presses the prompt's default button, as in an office program.
            answer = default_answer(prompt);
        }
        if let Some(answer) = answer {
            let time = ctx.input(|input| input.time);
            let was_open = std::mem::discriminant(prompt);
            self.answer(answer, time);
            if self.prompt.is_none() {
                self.prompt = self.later.pop();
            }
            if self.prompt.as_ref().map(std::mem::discriminant) != Some(was_open) {
                // egui keeps the window under a closed modal out of reach for one more frame;
                // drawing this frame again without the prompt makes the user's very next
                // click and typing land (egui passes no input to the repeated pass).
                ctx.request_discard("a prompt closed");
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
                // Replacing the document (新建, 打开, 导入, 转为新年度申报表) removes its copy.
                self.proceed(then);
            }
            (Answer::Confirm, Prompt::ConfirmDelete(path)) => {
                let _changed = self.apply_all(&[EditCommand::DeleteIndicator(path)], time);
                self.revalidate();
            }
            (Answer::Confirm, Prompt::Recovery { .. }) => self.answer_offer(true),
            (Answer::Discard, Prompt::Recovery { .. }) => self.answer_offer(false),
            (
                Answer::ReadOnly,
                Prompt::Locked {
                    path,
                    document,
                    stamp,
                    ..
                },
            ) => self.open_read_only(path, *document, stamp),
            (Answer::SaveAs, Prompt::Locked { document, .. }) => self.save_copy(*document),
            (Answer::Reload, Prompt::ChangedOnDisk { .. }) => self.reload(),
            (Answer::SaveAs, Prompt::ChangedOnDisk { then, .. }) => {
                let _saved = self.save_as(then);
            }
            (Answer::Overwrite, Prompt::ChangedOnDisk { path, then, .. }) => {
                if self.read_only {
                    let _saved = self.save_as(then);
                } else if self.save_to(&path, then, true)
                    && let Some(then) = then
                {
                    self.proceed(then);
                }
            }
            (Answer::Confirm, Prompt::PdfWritten { path, .. }) => {
                if let Err(error) = open_with_system(&path) {
                    self.show_message("无法打开 PDF", format!("{error}（{}）", path.display()));
                }
            }
            (
                Answer::Confirm,
                Prompt::ConfirmOverwrite {
                    purpose,
                    path,
                    then,
                },
            ) => {
                let _used = self.use_path(purpose, &path, then);
            }
            (Answer::Confirm, Prompt::PrintWithErrors { .. }) => self.print_anyway(),
            (Answer::ShowErrors, Prompt::PrintWithErrors { .. }) => self.show_first_error(),
            (Answer::ShowPreview, Prompt::PrintWithErrors { .. }) => self.show_preview(),
            (Answer::Year(text), Prompt::RollOver { .. }) => {
                self.prompt = Some(Prompt::RollOver { text });
            }
            (Answer::Confirm, Prompt::RollOver { text }) => {
                let Some(fiscal_year) = parse_fiscal_year(&text) else {
                    self.prompt = Some(Prompt::RollOver { text });
                    return;
                };
                self.continue_after_unsaved(Continuation::RollOver(fiscal_year));
            }
            // 取消, 确定 on a message, or an answer that does not fit: the prompt just closes.
            _ => {}
        }
    }
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
    /// 只读查看.
    ReadOnly,
    /// 另存副本 / 另存为.
    SaveAs,
    /// 重新载入.
    Reload,
    /// 仍然覆盖.
    Overwrite,
    /// 查看错误: go to the first error.
    ShowErrors,
    /// 查看打印预览: show the print preview.
    ShowPreview,
    /// The roll-over year's text changed.
    Year(String),
    /// 取消, 确定 on a message, Escape or a click outside.
    Dismiss,
}

/// The file name of `path`, or the whole path when it has none.
fn file_name(path: &std::path::Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// Print warnings listed in the print question; more are counted and shown on hover.
const SHOWN_PRINT_WARNINGS: usize = 5;

/// What Enter does in a prompt: its default button (none where a wrong guess would lose work).
fn default_answer(prompt: &Prompt) -> Option<Answer> {
    match prompt {
        Prompt::Unsaved(_) => Some(Answer::Save),
        Prompt::Message { .. } | Prompt::PdfWritten { .. } => Some(Answer::Dismiss),
        Prompt::ConfirmDelete(_) => Some(Answer::Confirm),
        Prompt::Recovery { error, .. } => error.is_none().then_some(Answer::Confirm),
        Prompt::PrintWithErrors { errors: 0, .. } => Some(Answer::Confirm),
        Prompt::PrintWithErrors { .. } => Some(Answer::ShowErrors),
        Prompt::RollOver { text } => parse_fiscal_year(text).map(|_| Answer::Confirm),
        // Each answer there loses something (edits, or the other version): no default.
        Prompt::ConfirmOverwrite { .. } | Prompt::ChangedOnDisk { .. } => None,
        Prompt::Locked { .. } => Some(Answer::ReadOnly),
    }
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
        Prompt::Recovery {
            name,
            source,
            written_at,
            error,
        } => {
            let name = if name.is_empty() {
                "未命名申报表"
            } else {
                name
            };
            ui.heading("发现未保存的修改");
            match error {
                Some(error) => {
                    ui.add(egui::Label::new(format!("有一份恢复副本无法读取：{error}")).wrap());
                }
                None => {
                    let when = written_at
                        .as_deref()
                        .map(|when| format!("（留存于 {when}）"))
                        .unwrap_or_default();
                    ui.add(
                        egui::Label::new(format!(
                            "「{name}」有一个窗口未保存就关闭了，修改已自动留存{when}。要恢复吗？"
                        ))
                        .wrap(),
                    );
                    if let Some(source) = source {
                        ui.add(egui::Label::new(format!("原文件：{}", source.display())).wrap());
                    }
                }
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(error.is_none(), egui::Button::new("恢复"))
                    .clicked()
                {
                    answer = Some(Answer::Confirm);
                }
                if ui.button("不恢复").clicked() {
                    answer = Some(Answer::Discard);
                }
            });
        }
        Prompt::Locked { path, owner, .. } => {
            ui.heading("文件已在另一个窗口中打开");
            let owner = owner
                .as_deref()
                .map(|owner| format!("（{owner}）"))
                .unwrap_or_default();
            ui.add(
                egui::Label::new(format!(
                    "「{}」已在另一个 Jixiao 窗口中打开{owner}，不能同时编辑。可以只读查看，或另存一份副本再编辑。（{}）",
                    file_name(path),
                    path.display()
                ))
                .wrap(),
            );
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("只读查看").clicked() {
                    answer = Some(Answer::ReadOnly);
                }
                if ui.button("另存副本").clicked() {
                    answer = Some(Answer::SaveAs);
                }
                if ui.button("取消").clicked() {
                    answer = Some(Answer::Dismiss);
                }
            });
        }
        Prompt::ChangedOnDisk { path, saving, .. } => {
            ui.heading("文件已在别处被修改");
            let exists = path.exists();
            let what = if exists {
                "打开后已被其他程序或同事修改"
            } else {
                "打开后已被删除或移走"
            };
            let asked = if *saving { "尚未保存。" } else { "" };
            ui.add(
                egui::Label::new(format!(
                    "「{}」{what}（{}）。{asked}重新载入会放弃本窗口未保存的修改；另存为把本窗口的内容存到另一个文件；仍然覆盖会用本窗口的内容替换磁盘上的版本。",
                    file_name(path),
                    path.display()
                ))
                .wrap(),
            );
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(exists, egui::Button::new("重新载入"))
                    .clicked()
                {
                    answer = Some(Answer::Reload);
                }
                if ui.button("另存为").clicked() {
                    answer = Some(Answer::SaveAs);
                }
                if ui.button("仍然覆盖").clicked() {
                    answer = Some(Answer::Overwrite);
                }
                if ui.button("取消").clicked() {
                    answer = Some(Answer::Dismiss);
                }
            });
        }
        Prompt::ConfirmOverwrite { path, .. } => {
            let name = path.file_name().map_or_else(
                || path.display().to_string(),
                |name| name.to_string_lossy().into_owned(),
            );
            ui.heading("文件已存在");
            ui.add(
                egui::Label::new(format!(
                    "「{name}」已经存在（{}）。要替换它吗？",
                    path.parent()
                        .map(|folder| folder.display().to_string())
                        .unwrap_or_default()
                ))
                .wrap(),
            );
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("替换").clicked() {
                    answer = Some(Answer::Confirm);
                }
                if ui.button("取消").clicked() {
                    answer = Some(Answer::Dismiss);
                }
            });
        }
        Prompt::PrintWithErrors { errors, warnings } => {
            ui.heading("打印 PDF");
            if *errors > 0 {
                ui.label(format!("仍有 {errors} 个错误，仍要打印？"));
            } else {
                ui.label("打印出来可能有问题，仍要打印？");
            }
            if !warnings.is_empty() {
                ui.add_space(4.0);
                ui.label("打印效果：");
                let color = super::super::theme::warning_color(ui.visuals());
                for warning in warnings.iter().take(SHOWN_PRINT_WARNINGS) {
                    ui.add(egui::Label::new(egui::RichText::new(warning).color(color)).wrap());
                }
                if warnings.len() > SHOWN_PRINT_WARNINGS {
                    ui.colored_label(
                        color,
                        format!("……另有 {} 处", warnings.len() - SHOWN_PRINT_WARNINGS),
                    )
                    .on_hover_text(warnings.join("\n"));
                }
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if *errors > 0 && ui.button("查看错误").clicked() {
                    answer = Some(Answer::ShowErrors);
                }
                if !warnings.is_empty() && ui.button("查看打印预览").clicked() {
                    answer = Some(Answer::ShowPreview);
                }
                if ui.button("仍要打印").clicked() {
                    answer = Some(Answer::Confirm);
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
                ui.colored_label(super::super::theme::warning_color(ui.visuals()), warning);
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
        Prompt::RollOver { text } => {
            ui.heading("转为新年度申报表");
            ui.label(format!(
                "以「{}」为底稿生成现行版式的新年度申报表：项目名称、单位、目标和能对应的指标带入，日期移到新年度，金额留空待填。",
                document.project_name
            ));
            let mut typed = text.clone();
            let valid = parse_fiscal_year(&typed).is_some();
            ui.horizontal(|ui| {
                let label = ui.label("新年度");
                let response = ui
                    .add(
                        egui::TextEdit::singleline(&mut typed)
                            .id(Id::unique("jixiao.rollover_year"))
                            .desired_width(80.0)
                            .text_color_opt(
                                (!valid).then(|| super::super::theme::error_color(ui.visuals())),
                            ),
                    )
                    .labelled_by(label.id);
                if !response.has_focus() && ui.memory(|memory| memory.focused().is_none()) {
                    response.request_focus();
                }
                if !valid {
                    ui.colored_label(
                        super::super::theme::error_color(ui.visuals()),
                        "请填写四位数年份，如 2027",
                    );
                }
            });
            if typed != *text {
                answer = Some(Answer::Year(typed));
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.add_enabled(valid, egui::Button::new("生成")).clicked() {
                    answer = Some(Answer::Confirm);
                }
                if ui.button("取消").clicked() {
                    answer = Some(Answer::Dismiss);
                }
            });
        }
    }
    answer
}
