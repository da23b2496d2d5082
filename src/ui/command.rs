//! Commands: everything the window can do, as data.
//!
//! Widgets never change the declaration or touch a file: they push an [`EditCommand`] (a change to
//! the declaration) or an [`AppCommand`] (a file, history or print action), and the app applies
//! them after the frame (Rerun's `UICommand` pattern, docs/style.md). Each app command carries its
//! Chinese label and its keyboard shortcut, so menus, tooltips and key handling agree.
//! Depends on the model and egui's key types only.

use chrono::NaiveDate;
use eframe::egui;
use egui::{Key, KeyboardShortcut, Modifiers};

use crate::compare::Change;
use crate::library::Placement;
use crate::model::{Field, IndicatorPath, Level3Indicator, SubBudget, TargetValue, Yuan};

/// A change to the declaration. Applied by [`crate::ui::edit::apply`]; a command whose path no
/// longer exists (e.g. after an undo) does nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditCommand {
    /// Sets a text field (项目名称, 项目性质, 项目类别, 主管部门, 实施单位, the goals, and the older
    /// layouts' text fields) to the given text.
    SetField(Field, String),
    /// Sets 年度.
    SetFiscalYear(i32),
    /// Sets 计划开始日期 or 计划完成日期; `None` clears it.
    SetDate(Field, Option<NaiveDate>),
    /// Sets one amount in 元 (项目资金（元）, or the older layouts' budget block); `None` is a
    /// blank cell.
    SetAmount(Field, Option<Yuan>),
    /// Sets a total from its parts: [`Field::AnnualTotal`] = 当年财政拨款 + 上年结转资金 + 其他资金,
    /// [`Field::ProjectTotal`] = 财政资金 + 其他资金, and on the 2018 layout
    /// [`Field::AnnualBudget`] = the sum of the sub-budget lines.
    SetTotalFromParts(Field),
    /// When exactly one part of a total is blank (see [`crate::ui::edit::blank_part_fill`]),
    /// fills it with the total minus the other parts; otherwise does nothing.
    FillBlankPart(Field),
    /// Inserts an empty node at this path (its depth says the level; an index past the end
    /// appends).
    AddIndicator(IndicatorPath),
    /// Renames a node.
    RenameIndicator(IndicatorPath, String),
    /// Sets a level-3 target value; `None` blanks the cell.
    SetTarget(IndicatorPath, Option<TargetValue>),
    /// Moves a node to the position of another node of the same level (it ends up at `to`;
    /// the node that was there and those after it shift down). May change parent.
    MoveIndicator {
        /// The node to move.
        from: IndicatorPath,
        /// Where it ends up.
        to: IndicatorPath,
    },
    /// Deletes a node and everything under it.
    DeleteIndicator(IndicatorPath),
    /// Inserts a copy of a node (with its children) right after it.
    DuplicateIndicator(IndicatorPath),
    /// Sets 是否含有政府购买服务 (2020 layout); `None` is not filled.
    SetGovernmentProcurement(Option<bool>),
    /// Appends an empty line to 项目当年投入资金构成 (2018 layout).
    AddSubBudget,
    /// Replaces a line of 项目当年投入资金构成 (2018 layout), by index.
    SetSubBudget(usize, SubBudget),
    /// Deletes a line of 项目当年投入资金构成 (2018 layout), by index.
    DeleteSubBudget(usize),
    /// Fills a level-3 row from the indicator library (a completion picked while typing its
    /// name): the name, and the target value when the row has none yet (a value the user typed
    /// stays). One undo step.
    FillIndicator {
        /// The level-3 row.
        path: IndicatorPath,
        /// The library's name.
        name: String,
        /// The library's most common value for it, if any.
        target: Option<TargetValue>,
    },
    /// Inserts a level-3 indicator (from the 指标库 panel).
    InsertIndicator(Insertion, Level3Indicator),
    /// Moves a level-3 row to a standard placement (the one-click move of a misplaced-row
    /// hint), creating the groups if missing; does nothing unless the row at `from` is still
    /// named `name`.
    MoveToPlacement {
        /// The row.
        from: IndicatorPath,
        /// Its name when the hint was made.
        name: String,
        /// Where it goes.
        to: Placement,
    },
    /// Takes one change over from another version of the declaration (与其他版本比较); does
    /// nothing when what it is about is no longer there.
    TakeChange(Box<Change>),
}

/// Where [`EditCommand::InsertIndicator`] puts an indicator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Insertion {
    /// At this level-3 path (an index past the end appends to the group).
    At(IndicatorPath),
    /// At the end of this standard placement's group, the groups created where the scheme puts
    /// them if the declaration has none by those names (current layout).
    Standard(Placement),
}

impl EditCommand {
    /// What the change does, in Chinese, for the status bar (e.g. 「添加指标」).
    pub fn label(&self) -> &'static str {
        match self {
            Self::SetField(..) | Self::SetFiscalYear(_) | Self::SetDate(..) => "修改栏目",
            Self::SetAmount(..) => "修改金额",
            Self::SetTotalFromParts(_) => "按分项合计设置总额",
            Self::FillBlankPart(_) => "按总额补齐空着的分项",
            Self::AddIndicator(_) => "添加指标",
            Self::RenameIndicator(..) => "修改指标名称",
            Self::SetTarget(..) => "修改指标值",
            Self::MoveIndicator { .. } => "移动指标",
            Self::DeleteIndicator(_) => "删除指标",
            Self::DuplicateIndicator(_) => "复制指标",
            Self::SetGovernmentProcurement(_) => "修改是否含有政府购买服务",
            Self::AddSubBudget => "添加子项目",
            Self::SetSubBudget(..) => "修改子项目",
            Self::DeleteSubBudget(_) => "删除子项目",
            Self::FillIndicator { .. } => "填入指标库中的指标",
            Self::InsertIndicator(..) => "插入指标库中的指标",
            Self::MoveToPlacement { .. } => "移动指标",
            Self::TakeChange(_) => "采用其他版本的修改",
        }
    }

    /// Whether this change is typing, merged with neighbouring typing into one undo step;
    /// the others (structure, one-click totals) are each a step of their own and trigger a
    /// recovery copy.
    pub fn is_typing(&self) -> bool {
        matches!(
            self,
            Self::SetField(..)
                | Self::SetFiscalYear(_)
                | Self::SetDate(..)
                | Self::SetAmount(..)
                | Self::RenameIndicator(..)
                | Self::SetTarget(..)
                | Self::SetSubBudget(..)
        )
    }
}

/// An action of the app itself: files, printing, history and the view.
///
/// A new command is one variant here with its label, tooltip and shortcut below, its place in a
/// menu (`app/menu.rs`) and its handler (`EditorApp::run`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AppCommand {
    /// 新建: a blank current-layout declaration for next year.
    New,
    /// 打开…: a `.ron` declaration.
    Open,
    /// 打开文件夹…: every declaration of a folder in a list (年度, 项目名称, amount, findings).
    OpenFolder,
    /// 与其他版本比较…: the changes from another version of this declaration, each takeable.
    CompareWith,
    /// 保存: to the current file (asks for one when there is none).
    Save,
    /// 另存为…
    SaveAs,
    /// 导入…: existing forms from a workbook, a PDF or a text extraction.
    Import,
    /// 从剪贴板导入: the forms in the text a user copied from Excel, WPS or Word.
    ImportClipboard,
    /// 导出 Excel…: the form as an `.xlsx` workbook, laid out as printed.
    ExportExcel,
    /// 转为新年度申报表…: next year's current-layout declaration from this one.
    RollOver,
    /// 打印 PDF…: the printed form as a PDF file, to sign and stamp.
    PrintPdf,
    /// 打印时附签章栏: a preference, on or off.
    ToggleSignatureBlock,
    /// 退出: close the window (asks first when there are unsaved changes).
    Quit,
    /// 撤销.
    Undo,
    /// 重做.
    Redo,
    /// 检查全部: show every finding, including required fields not yet touched.
    CheckAll,
    /// Shows or hides a side panel.
    TogglePanel(SidePanel),
    /// 放大.
    ZoomIn,
    /// 缩小.
    ZoomOut,
    /// 实际大小.
    ZoomReset,
    /// 浅色 / 深色 / 跟随系统.
    Theme(ThemeChoice),
}

impl AppCommand {
    /// Every command, in menu order.
    pub const ALL: [Self; 25] = [
        Self::New,
        Self::Open,
        Self::OpenFolder,
        Self::CompareWith,
        Self::Save,
        Self::SaveAs,
        Self::Import,
        Self::ImportClipboard,
        Self::ExportExcel,
        Self::RollOver,
        Self::PrintPdf,
        Self::ToggleSignatureBlock,
        Self::Quit,
        Self::Undo,
        Self::Redo,
        Self::CheckAll,
        Self::TogglePanel(SidePanel::Findings),
        Self::TogglePanel(SidePanel::Preview),
        Self::TogglePanel(SidePanel::Library),
        Self::ZoomIn,
        Self::ZoomOut,
        Self::ZoomReset,
        Self::Theme(ThemeChoice::System),
        Self::Theme(ThemeChoice::Light),
        Self::Theme(ThemeChoice::Dark),
    ];

    /// The Chinese menu label.
    pub fn label(self) -> &'static str {
        match self {
            Self::New => "新建",
            Self::Open => "打开…",
            Self::OpenFolder => "打开文件夹…",
            Self::CompareWith => "与其他版本比较…",
            Self::Save => "保存",
            Self::SaveAs => "另存为…",
            Self::Import => "导入…",
            Self::ImportClipboard => "从剪贴板导入",
            Self::ExportExcel => "导出 Excel…",
            Self::RollOver => "转为新年度申报表…",
            Self::PrintPdf => "打印 PDF…",
            Self::ToggleSignatureBlock => "打印时附签章栏",
            Self::Quit => "退出",
            Self::Undo => "撤销",
            Self::Redo => "重做",
            Self::CheckAll => "检查全部",
            Self::TogglePanel(panel) => panel.menu_label(),
            Self::ZoomIn => "放大",
            Self::ZoomOut => "缩小",
            Self::ZoomReset => "实际大小",
            Self::Theme(theme) => theme.label(),
        }
    }

    /// What the command does, for the tooltip.
    pub fn tooltip(self) -> &'static str {
        match self {
            Self::New => "新建一张空白的现行申报表（下一年度）",
            Self::Open => "打开申报表文件（.ron），或 Jixiao 打印的 PDF、Excel/WPS 工作簿",
            Self::OpenFolder => {
                "列出一个文件夹中的全部申报表（年度、项目名称、金额、错误和警告），可打开、检查、合并打印和导出"
            }
            Self::CompareWith => {
                "选择本申报表的另一个版本（如同事改过的文件），并排列出不同之处，可逐项采用"
            }
            Self::Save => "保存到当前文件",
            Self::SaveAs => "保存到另一个文件",
            Self::Import => {
                "从 Excel/WPS 工作簿（.xlsx .xls .ods）、PDF 或复制出的文本中导入申报表；找到多张时每张存为一个文件"
            }
            Self::ImportClipboard => "导入从 Excel、WPS 或 Word 中复制的申报表（先全选表格并复制）",
            Self::ExportExcel => {
                "把申报表导出为 Excel 工作簿（.xlsx），版式与打印的相同，可用 Excel 或 WPS 编辑"
            }
            Self::RollOver => {
                "以当前申报表为底稿，生成新年度的现行申报表：名称、单位、目标和指标带入，金额留空待填"
            }
            Self::PrintPdf => "生成可打印、签字盖章的 PDF 文件",
            Self::ToggleSignatureBlock => {
                "在表格后加上 填报单位（盖章）、单位负责人、财务负责人、填报人、联系电话、填报日期"
            }
            Self::Quit => "关闭窗口（有未保存的修改时先询问）",
            Self::Undo => "撤销上一步修改",
            Self::Redo => "恢复撤销的修改",
            Self::CheckAll => "按审核规则检查整张表，未填写的必填栏也标为错误",
            Self::TogglePanel(panel) => panel.tooltip(),
            Self::ZoomIn => "放大界面文字",
            Self::ZoomOut => "缩小界面文字",
            Self::ZoomReset => "恢复界面文字的原始大小",
            Self::Theme(theme) => theme.tooltip(),
        }
    }

    /// The main keyboard shortcut, if any.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let command = Modifiers::COMMAND;
        let command_shift = Modifiers::COMMAND | Modifiers::SHIFT;
        Some(match self {
            Self::New => KeyboardShortcut::new(command, Key::N),
            Self::Open => KeyboardShortcut::new(command, Key::O),
            Self::Save => KeyboardShortcut::new(command, Key::S),
            Self::SaveAs => KeyboardShortcut::new(command_shift, Key::S),
            Self::PrintPdf => KeyboardShortcut::new(command, Key::P),
            Self::Quit => KeyboardShortcut::new(command, Key::Q),
            Self::Undo => KeyboardShortcut::new(command, Key::Z),
            Self::Redo => KeyboardShortcut::new(command_shift, Key::Z),
            Self::CheckAll => KeyboardShortcut::new(Modifiers::NONE, Key::F7),
            Self::TogglePanel(panel) => return panel.shortcut(),
            Self::ZoomIn => KeyboardShortcut::new(command, Key::Plus),
            Self::ZoomOut => KeyboardShortcut::new(command, Key::Minus),
            Self::ZoomReset => KeyboardShortcut::new(command, Key::Num0),
            Self::Import
            | Self::ImportClipboard
            | Self::ExportExcel
            | Self::RollOver
            | Self::ToggleSignatureBlock
            | Self::Theme(_)
            | Self::OpenFolder
            | Self::CompareWith => {
                return None;
            }
        })
    }

    /// Further shortcuts that do the same (Ctrl+Y for 重做, Ctrl+= for 放大 as in browsers).
    pub fn alternative_shortcuts(self) -> &'static [KeyboardShortcut] {
        const REDO: [KeyboardShortcut; 1] = [KeyboardShortcut::new(Modifiers::COMMAND, Key::Y)];
        const ZOOM_IN: [KeyboardShortcut; 1] =
            [KeyboardShortcut::new(Modifiers::COMMAND, Key::Equals)];
        // Ctrl+F2 is 打印预览 in Word.
        const PREVIEW: [KeyboardShortcut; 1] = [KeyboardShortcut::new(Modifiers::COMMAND, Key::F2)];
        match self {
            Self::Redo => &REDO,
            Self::ZoomIn => &ZOOM_IN,
            Self::TogglePanel(SidePanel::Preview) => &PREVIEW,
            _ => &[],
        }
    }
}

/// A panel beside the form that the 视图 menu shows or hides. A new panel is one variant here
/// (with its place and sizes) and its drawing function in `EditorApp::side_panel_ui`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum SidePanel {
    /// 检查结果: the findings of the rules.
    Findings,
    /// 打印预览: the printed pages, updated as the form is edited (`ui/preview.rs`).
    Preview,
    /// 指标库: search and browse the indicator library, insert into the current group.
    Library,
}

impl SidePanel {
    /// Every panel, in the order they are drawn (the first at the window's right edge; the
    /// 指标库 next to the form it inserts into).
    pub const ALL: [Self; 3] = [Self::Findings, Self::Preview, Self::Library];

    /// The order in which open panels get room beside the form when not all fit: the preview
    /// first (the user opened it to look at it; the findings strip still counts the errors),
    /// then the 指标库 (opened to pick from it).
    pub const ROOM_ORDER: [Self; 3] = [Self::Preview, Self::Library, Self::Findings];

    /// The 视图 menu's label for showing or hiding it.
    pub fn menu_label(self) -> &'static str {
        match self {
            Self::Findings => "检查结果面板",
            Self::Preview => "打印预览",
            Self::Library => "指标库面板",
        }
    }

    /// What the panel shows, for the tooltip.
    pub fn tooltip(self) -> &'static str {
        match self {
            Self::Findings => "显示或隐藏右侧的检查结果",
            Self::Preview => "在表单旁显示打印出的页面，随修改更新；单击页面中的内容可转到该栏",
            Self::Library => "显示或隐藏右侧的指标库：搜索、按一级/二级浏览，插入到当前分组",
        }
    }

    /// The shortcut that shows or hides it.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        match self {
            Self::Findings => Some(KeyboardShortcut::new(Modifiers::NONE, Key::F9)),
            Self::Preview => Some(KeyboardShortcut::new(Modifiers::NONE, Key::F8)),
            Self::Library => None,
        }
    }

    /// Whether it is shown on the first start.
    pub fn open_by_default(self) -> bool {
        match self {
            Self::Findings => true,
            Self::Preview | Self::Library => false,
        }
    }

    /// Its width on the first start and its narrowest, in points (the narrowest keeps a
    /// finding's two lines readable, and the preview's toolbar on two lines).
    pub fn widths(self) -> (f32, f32) {
        match self {
            Self::Findings => (280.0, 220.0),
            Self::Preview => (440.0, 300.0),
            Self::Library => (300.0, 240.0),
        }
    }

    /// Its widest, in points, when `available` points are left for it and the form: half for
    /// the findings and the 指标库; the preview may take all but [`MIN_FORM_WIDTH`].
    pub fn max_width(self, available: f32) -> f32 {
        let (_, min_width) = self.widths();
        match self {
            Self::Findings | Self::Library => (available * 0.5).max(min_width),
            Self::Preview => (available - MIN_FORM_WIDTH).max(min_width),
        }
    }

    /// An egui id for the panel (its width is remembered under it).
    pub fn id(self) -> &'static str {
        match self {
            Self::Findings => "findings",
            Self::Preview => "preview",
            Self::Library => "library",
        }
    }
}

/// The narrowest the form may become beside the side panels, in points: a panel that would
/// leave it less shrinks to a strip along the window's edge (as all do in a narrow window).
pub const MIN_FORM_WIDTH: f32 = 520.0;

/// Which colours the window uses: the system's choice (when eframe reports it; light
/// otherwise), or always light or dark.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum ThemeChoice {
    /// 跟随系统: light unless the system says dark.
    #[default]
    System,
    /// 浅色.
    Light,
    /// 深色.
    Dark,
}

impl ThemeChoice {
    /// The 视图 menu's label.
    pub fn label(self) -> &'static str {
        match self {
            Self::System => "跟随系统外观",
            Self::Light => "浅色外观",
            Self::Dark => "深色外观",
        }
    }

    /// What the choice does, for the tooltip.
    pub fn tooltip(self) -> &'static str {
        match self {
            Self::System => "系统设为深色时用深色，否则用浅色",
            Self::Light => "白底黑字，如 WPS、Excel",
            Self::Dark => "深色背景",
        }
    }
}

/// An action on the selected node of the indicator tree (toolbar, right-click menu, keyboard).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TreeAction {
    /// 上移: swap with the previous sibling.
    MoveUp,
    /// 下移: swap with the next sibling.
    MoveDown,
    /// 复制: insert a copy (with children) after it.
    Duplicate,
    /// 删除: delete it (asks first when it has children).
    Delete,
}

impl TreeAction {
    /// Every action, in toolbar order.
    pub const ALL: [Self; 4] = [Self::MoveUp, Self::MoveDown, Self::Duplicate, Self::Delete];

    /// The Chinese button label.
    pub fn label(self) -> &'static str {
        match self {
            Self::MoveUp => "上移",
            Self::MoveDown => "下移",
            Self::Duplicate => "复制",
            Self::Delete => "删除",
        }
    }

    /// The keyboard shortcut, if any (none for 删除: Delete edits text).
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        match self {
            Self::MoveUp => Some(KeyboardShortcut::new(Modifiers::ALT, Key::ArrowUp)),
            Self::MoveDown => Some(KeyboardShortcut::new(Modifiers::ALT, Key::ArrowDown)),
            Self::Duplicate => Some(KeyboardShortcut::new(Modifiers::COMMAND, Key::D)),
            Self::Delete => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_are_distinct() {
        let mut seen = Vec::new();
        for command in AppCommand::ALL {
            for shortcut in command
                .shortcut()
                .into_iter()
                .chain(command.alternative_shortcuts().iter().copied())
            {
                assert!(!seen.contains(&shortcut), "{command:?}");
                seen.push(shortcut);
            }
        }
        assert_eq!(seen.len(), 17);
    }

    #[test]
    fn structure_changes_are_steps_and_typing_merges() {
        let path = IndicatorPath::level3(0, 0, 0);
        assert!(EditCommand::RenameIndicator(path, "x".into()).is_typing());
        assert!(!EditCommand::DeleteIndicator(path).is_typing());
        assert!(!EditCommand::SetTotalFromParts(Field::AnnualTotal).is_typing());
    }
}
