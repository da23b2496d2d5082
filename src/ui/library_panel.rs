//! The indicator library in the window (issue 12): built off the frame, on a thread, from the
//! folders the user chose (remembered in the preferences) plus the bundled examples
//! ([`crate::projects::build_library`]); and the 指标库 panel (视图 menu) to search it (characters
//! or pinyin initials), browse it by 一级/二级, insert an indicator into the current group, and
//! add or remove the folders it reads.
//!
//! The panel draws and returns what the user asked for ([`PanelAction`]); the app carries it out
//! after the frame. Only the rows in view are laid out, and the lists are computed when the search
//! text, the browsed group or the library change, never per frame.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError};

use eframe::egui;
use egui::{Align, Layout, RichText, Sense, Ui, UiBuilder, vec2};

use crate::library::{Library, Placement};
use crate::model::{Level3Indicator, TargetValue};
use crate::projects::{LibraryBuild, build_library};

use super::command::Insertion;
use super::folder::spawn_job;

/// The most search results the panel lists.
pub const MAX_SEARCH_RESULTS: usize = 60;

/// The indicator library of the window: the folders it is built from, the library once built,
/// and the build under way.
pub struct LibraryState {
    folders: Vec<PathBuf>,
    library: Option<Arc<Library>>,
    /// Folders and files that could not be read in the last build, as Chinese sentences.
    problems: Vec<String>,
    /// The build under way.
    job: Option<Receiver<LibraryBuild>>,
    /// A build is wanted (at start-up, after the folders changed); it starts in the next frame.
    wanted: bool,
    /// Counts the libraries received, so that what was computed from an older one is redone.
    generation: u64,
    /// Why the last build could not be started, if it could not.
    failed: Option<String>,
    panel: PanelState,
}

impl std::fmt::Debug for LibraryState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LibraryState")
            .field("folders", &self.folders)
            .field("loaded", &self.library.is_some())
            .field("building", &self.job.is_some())
            .field("generation", &self.generation)
            .finish_non_exhaustive()
    }
}

impl Default for LibraryState {
    fn default() -> Self {
        Self::new(Vec::new())
    }
}

impl LibraryState {
    /// A library to be built from `folders` and the bundled examples, in the first frame.
    pub fn new(folders: Vec<PathBuf>) -> Self {
        Self {
            folders,
            library: None,
            problems: Vec::new(),
            job: None,
            wanted: true,
            generation: 0,
            failed: None,
            panel: PanelState::default(),
        }
    }

    /// A library that is already built (tests, benchmarks); the folders stay as they are until
    /// the user changes them.
    pub fn set_library(&mut self, library: Arc<Library>) {
        self.library = Some(library);
        self.problems.clear();
        self.job = None;
        self.wanted = false;
        self.generation += 1;
    }

    /// The library, once built.
    pub fn library(&self) -> Option<&Library> {
        self.library.as_deref()
    }

    /// Counts the libraries received so far.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Whether a build is wanted or under way.
    pub fn is_building(&self) -> bool {
        self.wanted || self.job.is_some()
    }

    /// Puts `text` in the panel's search box (as if typed there).
    pub fn set_search(&mut self, text: &str) {
        text.clone_into(&mut self.panel.search);
    }

    /// The folders the library reads (besides the bundled examples), as the user chose them.
    pub fn folders(&self) -> &[PathBuf] {
        &self.folders
    }

    /// Adds a folder (once) and builds the library again. Returns whether it was new.
    pub fn add_folder(&mut self, folder: PathBuf) -> bool {
        if self.folders.contains(&folder) {
            return false;
        }
        self.folders.push(folder);
        self.wanted = true;
        true
    }

    /// Removes the folder at `index` and builds the library again.
    pub fn remove_folder(&mut self, index: usize) -> Option<PathBuf> {
        if index >= self.folders.len() {
            return None;
        }
        self.wanted = true;
        Some(self.folders.remove(index))
    }

    /// Reads the folders again.
    pub fn rebuild(&mut self) {
        self.wanted = true;
    }

    /// Once per frame: starts a wanted build on a thread (it wakes the window when done), and
    /// takes a finished one. Returns whether a new library arrived.
    pub fn poll(&mut self, ctx: &egui::Context) -> bool {
        if std::mem::take(&mut self.wanted) {
            let folders = self.folders.clone();
            match spawn_job("jixiao-library", ctx, move || build_library(&folders, true)) {
                // A build still under way is forgotten (its result goes nowhere).
                Ok(receiver) => {
                    self.job = Some(receiver);
                    self.failed = None;
                }
                Err(error) => {
                    self.job = None;
                    self.failed = Some(format!("无法开始读取指标库：{error}"));
                }
            }
        }
        let Some(job) = &self.job else {
            return false;
        };
        match job.try_recv() {
            Ok(build) => {
                self.job = None;
                self.problems = build.problems.iter().map(ToString::to_string).collect();
                self.library = Some(Arc::new(build.library));
                self.generation += 1;
                true
            }
            Err(TryRecvError::Empty) => false,
            Err(TryRecvError::Disconnected) => {
                self.job = None;
                self.failed = Some("读取指标库时出错，未能完成".to_owned());
                false
            }
        }
    }
}

/// What the panel's user asked for, carried out by the app after the frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PanelAction {
    /// Insert this indicator there.
    Insert(Insertion, Level3Indicator),
    /// Ask for a folder to add.
    AddFolder,
    /// Remove the folder at this index.
    RemoveFolder(usize),
    /// Read the folders again.
    Rebuild,
}

/// Where 插入 puts an indicator, worked out by the app from the selected node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InsertTarget {
    /// The current group (the selected row's or group's level-2), with its name for the panel
    /// (「产出指标 › 数量指标」); `None` when nothing in a group is selected.
    pub group: Option<(Insertion, String)>,
    /// Whether, with no current group, an indicator may go where the library files it (current
    /// layout only: the older layouts have their own schemes).
    pub by_placement: bool,
}

impl InsertTarget {
    /// Where an indicator filed under `placement` goes, if anywhere.
    fn insertion(&self, placement: Option<Placement>) -> Option<Insertion> {
        match &self.group {
            Some((insertion, _)) => Some(*insertion),
            None if self.by_placement => placement.map(Insertion::Standard),
            None => None,
        }
    }
}

/// What the panel browses when the search box is empty.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Browse {
    /// One 一级 › 二级 of the standard scheme.
    Placement(Placement),
    /// The entries filed outside the scheme.
    Outside,
    /// Nothing chosen yet: the first placement with entries.
    #[default]
    First,
}

/// One indicator as the panel lists it.
#[derive(Clone, Debug)]
struct Row {
    name: String,
    value: Option<TargetValue>,
    count: usize,
    placement: Option<Placement>,
    years: Vec<i32>,
}

/// The panel's own state: the search text, what is browsed, and the rows computed for them.
#[derive(Debug, Default)]
struct PanelState {
    search: String,
    browse: Browse,
    /// (search text, browse, library generation) the rows were computed for.
    computed: Option<(String, Browse, u64)>,
    rows: Vec<Row>,
    /// Rows per browse choice, for the list of choices.
    counts: Vec<(Browse, usize)>,
}

/// The rows of an entry list.
fn rows_of<'a>(entries: impl Iterator<Item = &'a crate::library::Entry>) -> Vec<Row> {
    entries
        .map(|entry| Row {
            name: entry.name.clone(),
            value: entry.common_value().cloned(),
            count: entry.count,
            placement: entry.standard,
            years: entry.years.clone(),
        })
        .collect()
}

impl PanelState {
    /// Recomputes the rows when the search, the browsed group or the library changed.
    fn refresh(&mut self, library: &Library, generation: u64) {
        let key = (self.search.trim().to_owned(), self.browse, generation);
        if self.computed.as_ref() == Some(&key) {
            return;
        }
        if self.computed.as_ref().is_none_or(|old| old.2 != generation) {
            self.counts = Placement::all()
                .map(|placement| {
                    (
                        Browse::Placement(placement),
                        library.entries_in(placement).len(),
                    )
                })
                .chain(std::iter::once((
                    Browse::Outside,
                    library
                        .entries()
                        .iter()
                        .filter(|entry| entry.standard.is_none())
                        .count(),
                )))
                .collect();
        }
        if self.browse == Browse::First {
            self.browse = self
                .counts
                .iter()
                .find(|(_, count)| *count > 0)
                .map_or(Browse::First, |(browse, _)| *browse);
        }
        let search = self.search.trim();
        self.rows = if search.is_empty() {
            match self.browse {
                Browse::Placement(placement) => rows_of(library.entries_in(placement).into_iter()),
                Browse::Outside => rows_of(
                    library
                        .entries()
                        .iter()
                        .filter(|entry| entry.standard.is_none()),
                ),
                Browse::First => Vec::new(),
            }
        } else {
            library
                .complete(search, MAX_SEARCH_RESULTS)
                .into_iter()
                .map(|completion| {
                    let years = library
                        .entries_named(&completion.name)
                        .iter()
                        .flat_map(|entry| entry.years.iter().copied())
                        .collect::<std::collections::BTreeSet<i32>>()
                        .into_iter()
                        .collect();
                    Row {
                        name: completion.name,
                        value: completion.value,
                        count: completion.count,
                        placement: completion.placement,
                        years,
                    }
                })
                .collect()
        };
        self.computed = Some((self.search.trim().to_owned(), self.browse, generation));
    }
}

/// The label of a browse choice: 「产出指标 › 数量指标（23）」.
fn browse_label(browse: Browse, count: usize) -> String {
    match browse {
        Browse::Placement(placement) => format!("{placement}（{count}）"),
        Browse::Outside => format!("未归入标准分类（{count}）"),
        Browse::First => "请选择".to_owned(),
    }
}

/// Draws the 指标库 panel; returns what the user asked for this frame.
pub fn library_panel_ui(
    ui: &mut Ui,
    state: &mut LibraryState,
    target: &InsertTarget,
) -> Option<PanelAction> {
    let mut action = None;
    ui.heading("指标库");
    let status = if state.is_building() {
        "正在读取指标库…".to_owned()
    } else if let Some(failed) = &state.failed {
        failed.clone()
    } else {
        match state.library() {
            Some(library) => format!(
                "{} 条指标，来自 {} 张申报表（含内置示例）",
                library.entries().len(),
                library.sources().len()
            ),
            None => "指标库尚未读取".to_owned(),
        }
    };
    ui.horizontal(|ui| {
        if state.is_building() {
            ui.spinner();
        }
        ui.add(egui::Label::new(RichText::new(status).weak()).wrap());
    });
    let search = ui.add(
        egui::TextEdit::singleline(&mut state.panel.search)
            .hint_text("搜索：名称中的字，或拼音首字母如 myd")
            .desired_width(f32::INFINITY),
    );
    let _named = search.accessible_name("搜索指标库");
    let destination = match (&target.group, target.by_placement) {
        (Some((_, group)), _) => format!("插入到：{group}"),
        (None, true) => "插入到：指标库中的归类（可先选中一个分组）".to_owned(),
        (None, false) => "请先在指标表中选中一个分组".to_owned(),
    };
    ui.add(egui::Label::new(RichText::new(destination).small()).wrap());

    let generation = state.generation;
    let folders_height = folders_height(ui, state);
    if let Some(library) = state.library.clone() {
        state.panel.refresh(&library, generation);
        if state.panel.search.trim().is_empty() {
            browse_ui(ui, &mut state.panel);
        }
        ui.separator();
        let list_height = (ui.available_height() - folders_height).max(80.0);
        if let Some(picked) = rows_ui(ui, &state.panel.rows, target, list_height) {
            action = Some(picked);
        }
    } else {
        ui.add_space(8.0);
    }
    ui.separator();
    if let Some(folder_action) = folders_ui(ui, state) {
        action = Some(folder_action);
    }
    action
}

/// The 一级 › 二级 to browse, as a drop-down list with the number of entries of each.
fn browse_ui(ui: &mut Ui, panel: &mut PanelState) {
    let count_of = |browse: Browse| {
        panel
            .counts
            .iter()
            .find(|(choice, _)| *choice == browse)
            .map_or(0, |(_, count)| *count)
    };
    let current = browse_label(panel.browse, count_of(panel.browse));
    let mut chosen = panel.browse;
    ui.horizontal(|ui| {
        let label = ui.label("分类");
        egui::ComboBox::from_id_salt("jixiao.library.browse")
            .selected_text(current)
            .width(ui.available_width())
            .show_ui(ui, |ui| {
                for (browse, count) in &panel.counts {
                    if *count == 0 {
                        continue;
                    }
                    ui.selectable_value(&mut chosen, *browse, browse_label(*browse, *count));
                }
            })
            .response
            .labelled_by(label.id);
    });
    panel.browse = chosen;
}

/// The listed indicators, each with 插入; only the rows in view are laid out.
fn rows_ui(ui: &mut Ui, rows: &[Row], target: &InsertTarget, height: f32) -> Option<PanelAction> {
    if rows.is_empty() {
        ui.weak("没有找到指标");
        return None;
    }
    let line = ui.text_style_height(&egui::TextStyle::Body);
    let small = ui.text_style_height(&egui::TextStyle::Small);
    let row_height = line + small + 8.0;
    let mut action = None;
    egui::ScrollArea::vertical()
        .id_salt("jixiao.library.rows")
        .max_height(height)
        .auto_shrink([false, true])
        .show_rows(ui, row_height, rows.len(), |ui, range| {
            for row in rows.get(range).unwrap_or_default() {
                if let Some(picked) = row_ui(ui, row, target, row_height) {
                    action = Some(picked);
                }
            }
        });
    action
}

/// One indicator: name, then value · rows · years, and 插入 on the right.
fn row_ui(ui: &mut Ui, row: &Row, target: &InsertTarget, height: f32) -> Option<PanelAction> {
    let width = ui.available_width();
    let (rect, response) = ui.allocate_exact_size(vec2(width, height), Sense::hover());
    if response.hovered() {
        ui.painter()
            .rect_filled(rect, 2.0, ui.visuals().widgets.hovered.weak_bg_fill);
    }
    let insertion = target.insertion(row.placement);
    let mut action = None;
    let mut child = ui.new_child(
        UiBuilder::new()
            .max_rect(rect.shrink2(vec2(4.0, 2.0)))
            .layout(Layout::right_to_left(Align::Center)),
    );
    let button = child
        .add_enabled(insertion.is_some(), egui::Button::new("插入"))
        .on_hover_text("插入到当前分组；指标值为指标库中最常用的值")
        .on_disabled_hover_text("请先在指标表中选中一个分组")
        .accessible_name(format!("插入 {}", row.name));
    if button.clicked()
        && let Some(insertion) = insertion
    {
        action = Some(PanelAction::Insert(
            insertion,
            Level3Indicator::new(row.name.clone(), row.value.clone()),
        ));
    }
    child.vertical(|ui| {
        ui.spacing_mut().item_spacing.y = 0.0;
        ui.add(egui::Label::new(row.name.as_str()).truncate());
        let value = row
            .value
            .as_ref()
            .map_or_else(|| "无指标值".to_owned(), ToString::to_string);
        let years: Vec<String> = row.years.iter().map(ToString::to_string).collect();
        let detail = format!("{value} · {} 次 · {}", row.count, years.join("、"));
        ui.add(egui::Label::new(RichText::new(detail).weak().small()).truncate());
    });
    let placement = row
        .placement
        .map_or_else(|| "未归入标准分类".to_owned(), |place| place.to_string());
    let _hover = response.on_hover_text(format!("{}\n归类：{placement}", row.name));
    action
}

/// The height the folders section takes, to leave it room under the list.
fn folders_height(ui: &Ui, state: &LibraryState) -> f32 {
    let line = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y;
    #[expect(clippy::cast_precision_loss, reason = "a handful of folders")]
    let folders = state.folders.len().min(4) as f32;
    let problems = if state.problems.is_empty() { 0.0 } else { 1.0 };
    (3.0 + folders + problems) * (line + 6.0)
}

/// The folders the library reads: each with 移除, then 添加文件夹… and 重新读取.
fn folders_ui(ui: &mut Ui, state: &LibraryState) -> Option<PanelAction> {
    let mut action = None;
    ui.label(RichText::new("指标库文件夹（另含内置示例）").strong());
    egui::ScrollArea::vertical()
        .id_salt("jixiao.library.folders")
        .max_height(4.0 * (ui.text_style_height(&egui::TextStyle::Body) + 8.0))
        .auto_shrink([false, true])
        .show(ui, |ui| {
            if state.folders.is_empty() {
                ui.weak("（尚未添加文件夹）");
            }
            for (index, folder) in state.folders.iter().enumerate() {
                ui.horizontal(|ui| {
                    let remove = ui
                        .small_button("移除")
                        .on_hover_text("不再从这个文件夹读取指标")
                        .accessible_name(format!("移除文件夹 {}", folder.display()));
                    if remove.clicked() {
                        action = Some(PanelAction::RemoveFolder(index));
                    }
                    ui.add(egui::Label::new(folder.display().to_string()).truncate());
                });
            }
        });
    if !state.problems.is_empty() {
        let problems = state.problems.join("\n");
        ui.add(
            egui::Label::new(
                RichText::new(format!("{} 个文件或文件夹无法读取", state.problems.len()))
                    .color(super::theme::warning_color(ui.visuals())),
            )
            .truncate(),
        )
        .on_hover_text(problems);
    }
    ui.horizontal(|ui| {
        if ui
            .button("添加文件夹…")
            .on_hover_text("从一个文件夹（含子文件夹）中的申报表读取指标")
            .clicked()
        {
            action = Some(PanelAction::AddFolder);
        }
        if ui
            .add_enabled(!state.is_building(), egui::Button::new("重新读取"))
            .on_hover_text("重新读取各文件夹中的申报表")
            .clicked()
        {
            action = Some(PanelAction::Rebuild);
        }
    });
    action
}
