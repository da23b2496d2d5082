//! The built-in file chooser, for when the system shows no file dialog (a Linux desktop without
//! a file-chooser portal): egui_file's dialog in Chinese, starting in the last folder used (else
//! the user's documents folder), its file name field focused, Enter to confirm, Esc to cancel.
//!
//! The folder listing goes through [`ChineseFs`], so an unreadable folder is described in
//! Chinese rather than by the operating system's English message. The chooser only picks a
//! path; the app asks before overwriting and does the reading and writing through
//! [`crate::storage`].

use eframe::egui;
use std::io;
use std::path::{Path, PathBuf};

use egui::{Align2, Id, LayerId, Order, Sense};
use egui_file::vfs::{Vfs, VfsFile};
use egui_file::{FileDialog, State};

use super::dialogs::{DialogPurpose, ReusePurpose};

/// What the chooser gave back in a frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChooserOutcome {
    /// Still open.
    Open,
    /// The user chose this path (a file to open, or a name to save under).
    Picked(PathBuf),
    /// The user closed it (Esc, 取消 or the window's ×).
    Cancelled,
}

/// The built-in chooser of one file action.
pub struct Chooser {
    purpose: DialogPurpose,
    dialog: FileDialog,
    /// Frames since it opened (the file name field is focused once it has been laid out).
    frames: u32,
    /// The id of its file name field, once found.
    name_field: Option<Id>,
    /// When Enter chose nothing (an empty or unknown name): a message shows for a while.
    empty_name_at: Option<f64>,
}

impl std::fmt::Debug for Chooser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Chooser")
            .field("purpose", &self.purpose)
            .field("folder", &self.dialog.directory())
            .finish_non_exhaustive()
    }
}

/// The egui id of the chooser's window.
pub fn chooser_id() -> Id {
    Id::unique("jixiao.chooser")
}

/// How long the 「请输入文件名」 message stays, in seconds.
const MESSAGE_S: f64 = 4.0;

impl Chooser {
    /// A chooser for `purpose`, showing `folder` (the last folder used, or the user's documents
    /// folder: see [`start_folder`]), with `suggested_name` in the file name field when saving.
    pub fn new(purpose: DialogPurpose, folder: &Path, suggested_name: &str) -> Self {
        let (_, extensions) = purpose.filter();
        let dialog = if purpose.is_folder() {
            FileDialog::select_folder()
        } else if purpose.is_open() {
            FileDialog::open_file()
        } else {
            FileDialog::save_file().default_filename(suggested_name)
        };
        let mut dialog = dialog
            .id(chooser_id())
            .title(purpose.title())
            .initial_path(folder)
            .with_fs(Box::new(ChineseFs))
            .anchor(Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .default_size([560.0, 400.0])
            .resizable(false)
            .keep_on_top(true)
            .show_new_folder(false)
            .show_rename(false)
            .open_button_text(if purpose.is_folder() {
                "选择此文件夹".into()
            } else {
                "打开".into()
            })
            .save_button_text(match purpose {
                DialogPurpose::SavePdf | DialogPurpose::Reuse(ReusePurpose::PrintFolder) => {
                    "打印".into()
                }
                DialogPurpose::SaveXlsx
                | DialogPurpose::Reuse(
                    ReusePurpose::ExportFolder | ReusePurpose::ExportFolderExcel,
                ) => "导出".into(),
                _ => "保存".into(),
            })
            .cancel_button_text("取消".into())
            .refresh_button_hover_text("刷新".into())
            .parent_folder_button_hover_text("上一级文件夹".into())
            .file_label_text("文件名：".into())
            .show_hidden_checkbox_text("显示隐藏文件".into())
            .show_files_filter(Box::new(move |path: &Path| {
                path.extension()
                    .and_then(std::ffi::OsStr::to_str)
                    .is_some_and(|extension| {
                        extensions
                            .iter()
                            .any(|wanted| extension.eq_ignore_ascii_case(wanted))
                    })
            }));
        dialog.open();
        Self {
            purpose,
            dialog,
            frames: 0,
            name_field: None,
            empty_name_at: None,
        }
    }

    /// What the chooser is for.
    pub fn purpose(&self) -> DialogPurpose {
        self.purpose
    }

    /// The folder it shows.
    pub fn folder(&self) -> &Path {
        self.dialog.directory()
    }

    /// Draws the chooser over the window (everything under it ignores the mouse and keyboard)
    /// and returns what the user did this frame.
    pub fn ui(&mut self, ctx: &egui::Context) -> ChooserOutcome {
        let time = ctx.input(|input| input.time);
        let enter_in_name = self.name_field.is_some_and(|id| {
            ctx.memory(|memory| memory.has_focus(id))
                && ctx.input(|input| input.key_pressed(egui::Key::Enter))
        });
        let folder_before = self.dialog.directory().to_owned();
        self.backdrop_ui(ctx);
        let outcome = match self.dialog.show(ctx).state() {
            State::Open => ChooserOutcome::Open,
            State::Selected => match self.dialog.path() {
                Some(path) => ChooserOutcome::Picked(path.to_owned()),
                None => ChooserOutcome::Cancelled,
            },
            State::Cancelled | State::Closed => ChooserOutcome::Cancelled,
        };
        let layer = LayerId::new(Order::Middle, chooser_id());
        // Everything under the chooser is out of reach while it is open.
        ctx.memory_mut(|memory| memory.set_modal_layer(layer));
        self.frames += 1;
        let fields = text_fields(ctx, layer);
        // egui_file does not name its two fields: the folder at the top, the file name below.
        if let [folder, .., name] = fields.as_slice() {
            label_field(ctx, *folder, "文件夹");
            label_field(ctx, *name, "文件名");
            if self.name_field.is_none() {
                self.name_field = Some(*name);
                ctx.memory_mut(|memory| memory.request_focus(*name));
                ctx.request_repaint();
            }
        }
        // Enter that neither chose a file nor opened a folder: the name is empty, or (when
        // opening) names no file.
        if enter_in_name
            && outcome == ChooserOutcome::Open
            && self.dialog.directory() == folder_before
        {
            self.empty_name_at = Some(time);
        }
        if let Some(at) = self.empty_name_at {
            if time - at < MESSAGE_S {
                let message = if self.purpose.is_open() {
                    "请输入或选择一个已有的文件"
                } else {
                    "请输入文件名"
                };
                self.message_ui(ctx, message);
                ctx.request_repaint_after(std::time::Duration::from_secs_f64(MESSAGE_S));
            } else {
                self.empty_name_at = None;
            }
        }
        outcome
    }

    /// Dims the window under the chooser.
    fn backdrop_ui(&self, ctx: &egui::Context) {
        let layer = LayerId::new(Order::Middle, Id::unique("jixiao.chooser.backdrop"));
        ctx.layer_painter(layer).rect_filled(
            ctx.content_rect(),
            0.0,
            egui::Color32::from_black_alpha(70),
        );
        // The backdrop sits just below the chooser.
        ctx.move_to_top(layer);
        ctx.move_to_top(LayerId::new(Order::Middle, chooser_id()));
    }

    /// A short message over the chooser's lower edge.
    fn message_ui(&self, ctx: &egui::Context, text: &str) {
        let Some(rect) = ctx.memory(|memory| memory.area_rect(chooser_id())) else {
            return;
        };
        egui::Area::new(chooser_id().with("message"))
            .order(Order::Foreground)
            .fixed_pos(rect.left_bottom() + egui::vec2(12.0, 6.0))
            .interactable(false)
            .show(ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.colored_label(super::theme::error_color(ui.visuals()), text);
                });
            });
    }
}

/// The chooser's text fields, top to bottom (the folder, then the file name). egui_file gives
/// them no ids of their own, so they are found among the widgets laid out in its window.
fn text_fields(ctx: &egui::Context, layer: LayerId) -> Vec<Id> {
    let text_field = Sense::click_and_drag();
    let mut fields: Vec<(f32, Id)> = ctx.viewport(|viewport| {
        viewport
            .this_pass
            .widgets
            .get_layer(layer)
            .filter(|widget| widget.sense == text_field && widget.enabled)
            .map(|widget| (widget.rect.top(), widget.id))
            .collect()
    });
    fields.sort_by(|a, b| a.0.total_cmp(&b.0));
    fields.into_iter().map(|(_, id)| id).collect()
}

/// Names a field for screen readers (and tests).
fn label_field(ctx: &egui::Context, id: Id, label: &str) {
    ctx.accesskit_node_builder(id, |node| node.set_label(label));
}

/// Where a chooser starts: the last folder used when it still exists, else the user's documents
/// folder, else the home folder, else the current folder.
pub fn start_folder(last_folder: Option<&Path>) -> PathBuf {
    last_folder
        .filter(|folder| folder.is_dir())
        .map(Path::to_owned)
        .or_else(dirs::document_dir)
        .filter(|folder| folder.is_dir())
        .or_else(dirs::home_dir)
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The file system as egui_file lists it, with errors in Chinese.
#[derive(Clone, Copy, Debug, Default)]
pub struct ChineseFs;

/// One entry of a folder listing.
#[derive(Clone, Debug)]
struct Entry {
    path: PathBuf,
    name: String,
    is_dir: bool,
    selected: bool,
}

impl Entry {
    fn new(path: PathBuf) -> Self {
        let is_dir = path.is_dir();
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |name| name.to_string_lossy().into_owned(),
        );
        Self {
            path,
            name,
            is_dir,
            selected: false,
        }
    }
}

impl VfsFile for Entry {
    fn is_file(&self) -> bool {
        !self.is_dir
    }

    fn is_dir(&self) -> bool {
        self.is_dir
    }

    fn path(&self) -> &Path {
        &self.path
    }

    fn selected(&self) -> bool {
        self.selected
    }

    fn set_selected(&mut self, selected: bool) {
        self.selected = selected;
    }

    fn get_file_name(&self) -> &str {
        &self.name
    }
}

/// An I/O error as a Chinese sentence about `path` (the chooser shows it in place of the list).
fn chinese_error(error: &io::Error, path: &Path) -> io::Error {
    let reason = match error.kind() {
        io::ErrorKind::NotFound => "不存在",
        io::ErrorKind::PermissionDenied => "没有读取权限",
        io::ErrorKind::NotADirectory => "不是文件夹",
        _ => "无法读取",
    };
    io::Error::other(format!("文件夹「{}」{reason}", path.display()))
}

impl Vfs for ChineseFs {
    fn create_dir(&self, path: &Path) -> io::Result<()> {
        std::fs::create_dir(path).map_err(|error| chinese_error(&error, path))
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        std::fs::rename(from, to).map_err(|error| chinese_error(&error, from))
    }

    fn read_folder(
        &self,
        path: &Path,
        _show_system_files: bool,
        show_files_filter: &egui_file::Filter<PathBuf>,
        #[cfg(unix)] show_hidden: bool,
        #[cfg(windows)] show_drives: bool,
    ) -> io::Result<Vec<Box<dyn VfsFile>>> {
        let entries = std::fs::read_dir(path).map_err(|error| chinese_error(&error, path))?;
        let mut listed: Vec<Entry> = entries
            .filter_map(Result::ok)
            .map(|entry| Entry::new(entry.path()))
            .filter(|entry| {
                entry.is_dir || (entry.path.is_file() && show_files_filter(&entry.path))
            })
            .collect();
        #[cfg(unix)]
        if !show_hidden {
            listed.retain(|entry| !entry.name.starts_with('.'));
        }
        // Folders first, then files, each by name.
        listed.sort_by(|a, b| b.is_dir.cmp(&a.is_dir).then_with(|| a.name.cmp(&b.name)));
        let mut boxed: Vec<Box<dyn VfsFile>> = Vec::with_capacity(listed.len() + 26);
        #[cfg(windows)]
        if show_drives {
            // The drive letters, so another drive can be reached from any folder.
            for letter in 'A'..='Z' {
                let root = PathBuf::from(format!("{letter}:\\"));
                if root.is_dir() {
                    let mut drive = Entry::new(root.clone());
                    drive.name = root.display().to_string();
                    boxed.push(Box::new(drive));
                }
            }
        }
        boxed.extend(
            listed
                .into_iter()
                .map(|entry| Box::new(entry) as Box<dyn VfsFile>),
        );
        Ok(boxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreadable_folder_is_described_in_chinese() {
        let missing = std::env::temp_dir().join("jixiao-没有这个文件夹-7f3a");
        let filter: egui_file::Filter<PathBuf> = Box::new(|_| true);
        let error = ChineseFs
            .read_folder(
                &missing,
                false,
                &filter,
                #[cfg(unix)]
                false,
                #[cfg(windows)]
                false,
            )
            .expect_err("a missing folder cannot be listed");
        let message = error.to_string();
        assert!(message.contains("不存在"), "{message}");
        assert!(message.contains("没有这个文件夹"), "{message}");
        assert!(!message.contains("os error"), "{message}");
    }

    #[test]
    fn a_listing_shows_folders_first_and_only_the_wanted_files() {
        let temp = tempfile::tempdir().expect("a temporary folder");
        std::fs::create_dir(temp.path().join("子文件夹")).expect("a folder");
        std::fs::write(temp.path().join("乙.ron"), "").expect("a file");
        std::fs::write(temp.path().join("甲.pdf"), "").expect("a file");
        let filter: egui_file::Filter<PathBuf> =
            Box::new(|path: &Path| path.extension().is_some_and(|extension| extension == "ron"));
        let listed = ChineseFs
            .read_folder(
                temp.path(),
                false,
                &filter,
                #[cfg(unix)]
                false,
                #[cfg(windows)]
                false,
            )
            .expect("a readable folder");
        let names: Vec<&str> = listed.iter().map(|entry| entry.get_file_name()).collect();
        assert_eq!(names, ["子文件夹", "乙.ron"]);
    }

    #[test]
    fn the_chooser_starts_in_the_last_folder_used_when_it_exists() {
        let temp = tempfile::tempdir().expect("a temporary folder");
        assert_eq!(start_folder(Some(temp.path())), temp.path());
        let gone = temp.path().join("已删除");
        assert_ne!(start_folder(Some(&gone)), gone);
    }
}
