//! Import of the current layout (财政项目支出绩效目标申报表, 2023 onward; sample forms `forms-2026.txt` and
//! `forms-2023.txt`): one form as tab-separated rows of cells, as the online system's export copies out.
//!
//! Depends on the model and the text helpers only. Reading is label-driven and survives the
//! extraction damage of docs/form.md §7: the header and money cells are found by their labels (the
//! cell after a label is its value, possibly blank); goal columns come from the 「项目总目标 …
//! 年度总体目标」 label row; indicator rows are read by peeling the known level-1/level-2 labels
//! off the front of the row's non-empty cells, wherever they sit, so merged cells that drift one
//! to three columns, spare empty columns, rows starting in column 0, repeated page headers and
//! flattened vertical labels all read the same. What cannot be placed becomes a warning.

use std::borrow::Cow;

use super::cells::{read_date, read_money};
use super::text::html_to_text;
use super::{FormImport, Line, parse_year_line, shorten};
use crate::model::{
    COST_LEVEL1, CurrentFields, Declaration, Field, FormFields, FormLayout, Funding,
    Level1Indicator, Level2Indicator, Level3Indicator, STANDARD_SCHEME, TargetValue, Yuan,
};

/// 服务对象满意度: the standard 服务对象满意度指标 written without 指标 (sample form `forms-2023.txt`,
/// 信息化运维项目); kept as written.
const SHORT_SATISFACTION_LABEL: &str = "服务对象满意度";

/// Imports one current-layout form. `lines` start with the title line and run to the next form;
/// `fiscal_year` was read from the year line by the caller. Never panics: what cannot be read
/// is left blank and reported with its line.
pub(crate) fn import_form(fiscal_year: i32, lines: &[Line<'_>]) -> FormImport {
    let mut reader = FormReader::default();
    let mut lines = lines.iter();
    let title_number = match lines.next() {
        Some(title) => {
            reader.title_line(*title);
            title.number
        }
        None => 1,
    };
    let rest: Vec<Line<'_>> = lines.copied().collect();
    for row in rows(&rest) {
        reader.row(&row);
    }
    reader.finish(fiscal_year, title_number)
}

/// How many lines a quoted cell may span before its opening `"` is taken as ordinary text.
const MAX_QUOTED_CELL_LINES: usize = 30;

/// One row of the table: the number of its first line, and its cells in column order, blank
/// ones included. A row is one line, unless a quoted cell runs over several.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Row<'a> {
    number: usize,
    cells: Vec<Cow<'a, str>>,
}

/// Cuts `lines` into rows of tab-separated cells, as spreadsheets (Excel, WPS) copy them: a
/// cell that holds a line break, a tab or a `"` comes wrapped in `"…"` with inner quotes
/// doubled, and may span several lines (`"第一段\n第二段"`). A `"` that does not open such a
/// well-formed cell (no closing quote before a tab or the end of a line within
/// [`MAX_QUOTED_CELL_LINES`]) is ordinary text, so text quoted with ASCII quotes survives.
fn rows<'a>(lines: &[Line<'a>]) -> Vec<Row<'a>> {
    let mut rows = Vec::new();
    let mut index = 0;
    while let Some(line) = lines.get(index) {
        let mut cells = Vec::new();
        let mut line_index = index;
        let mut rest = line.text;
        loop {
            if let Some((cell, end_index, after)) = quoted_cell(lines, line_index, rest) {
                cells.push(cell);
                line_index = end_index;
                match after.strip_prefix('\t') {
                    Some(next) => {
                        rest = next;
                        continue;
                    }
                    None => break,
                }
            }
            match rest.split_once('\t') {
                Some((cell, next)) => {
                    cells.push(Cow::Borrowed(cell));
                    rest = next;
                }
                None => {
                    cells.push(Cow::Borrowed(rest));
                    break;
                }
            }
        }
        rows.push(Row {
            number: line.number,
            cells,
        });
        index = line_index + 1;
    }
    rows
}

/// Reads the quoted cell that `text` (a cell's start on `lines[line_index]`) opens, if it is
/// one: returns its unquoted text, the index of the line it ends on, and the text after its
/// closing quote (empty, or starting with a tab). `None` when `text` does not open a
/// well-formed quoted cell.
fn quoted_cell<'a>(
    lines: &[Line<'a>],
    line_index: usize,
    text: &'a str,
) -> Option<(Cow<'a, str>, usize, &'a str)> {
    let mut text = text.strip_prefix('"')?;
    let mut unquoted = String::new();
    let mut index = line_index;
    loop {
        let mut chars = text.char_indices().peekable();
        while let Some((position, c)) = chars.next() {
            if c != '"' {
                unquoted.push(c);
                continue;
            }
            if chars.next_if(|(_, next)| *next == '"').is_some() {
                unquoted.push('"');
                continue;
            }
            let after = text.get(position + 1..).unwrap_or_default();
            return (after.is_empty() || after.starts_with('\t')).then_some((
                Cow::Owned(unquoted),
                index,
                after,
            ));
        }
        index += 1;
        if index - line_index >= MAX_QUOTED_CELL_LINES {
            return None;
        }
        text = lines.get(index)?.text;
        unquoted.push('\n');
    }
}

/// A non-empty cell of a row: its 0-based column among the tab-separated cells, and its text
/// with surrounding spaces trimmed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Cell<'a> {
    column: usize,
    text: &'a str,
}

/// The non-empty cells of a row, with their columns.
fn non_empty_cells<'r>(row: &'r Row<'_>) -> Vec<Cell<'r>> {
    row.cells
        .iter()
        .enumerate()
        .map(|(column, text)| Cell {
            column,
            text: text.trim(),
        })
        .filter(|cell| !cell.text.is_empty())
        .collect()
}

/// A label with every space removed, so flattened vertical labels (`绩效 指标`,
/// `服务对象满意度 指标`) compare equal to the printed ones.
fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The merged labels in the left column (项目资金（元）, 项目绩效目标, 绩效指标): they carry no
/// data and are skipped wherever they appear.
fn is_block_label(key: &str) -> bool {
    matches!(
        key,
        "项目资金(元)"
            | "项目资金（元）"
            | "项目资金"
            | "(元)"
            | "（元）"
            | "项目绩效目标"
            | "绩效指标"
    )
}

/// The fields of section one, in the order the form prints them.
const SECTION_ONE: [Field; 14] = [
    Field::ProjectName,
    Field::ProjectNature,
    Field::ProjectCategory,
    Field::CompetentDepartment,
    Field::ImplementingUnit,
    Field::PlannedStart,
    Field::PlannedEnd,
    Field::ProjectTotal,
    Field::ProjectFiscal,
    Field::ProjectOther,
    Field::AnnualTotal,
    Field::AnnualAppropriation,
    Field::AnnualCarryover,
    Field::AnnualOther,
];

/// How a message names `field`: its label on the form, with the two 其他资金 told apart.
fn message_label(field: Field) -> &'static str {
    match field {
        Field::ProjectOther => "其他资金（项目资金）",
        Field::AnnualOther => "其他资金（年度资金）",
        _ => field.label(),
    }
}

/// What a label cell of section one names: a field, or 其他资金, which is printed twice (first
/// for the whole project, then for the year).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum HeaderLabel {
    Field(Field),
    OtherFunds,
}

/// The label a squeezed cell spells, if any; `其中：` / `其中:` before a label is optional.
fn header_label(key: &str) -> Option<HeaderLabel> {
    let key = key
        .strip_prefix("其中")
        .map_or(key, |rest| rest.trim_start_matches(['：', ':']));
    let field = match key {
        "项目名称" => Field::ProjectName,
        "项目性质" => Field::ProjectNature,
        "项目类别" => Field::ProjectCategory,
        "主管部门" => Field::CompetentDepartment,
        "实施单位" => Field::ImplementingUnit,
        "计划开始日期" => Field::PlannedStart,
        "计划完成日期" => Field::PlannedEnd,
        "项目资金总额" => Field::ProjectTotal,
        "财政资金" => Field::ProjectFiscal,
        "年度资金申请总额" => Field::AnnualTotal,
        "当年财政拨款" => Field::AnnualAppropriation,
        "上年结转资金" => Field::AnnualCarryover,
        "其他资金" => return Some(HeaderLabel::OtherFunds),
        _ => return None,
    };
    Some(HeaderLabel::Field(field))
}

/// The amount cell of `field` in `funding`, or `None` when `field` is not an amount.
fn funding_slot(funding: &mut Funding, field: Field) -> Option<&mut Option<Yuan>> {
    Some(match field {
        Field::ProjectTotal => &mut funding.project_total,
        Field::ProjectFiscal => &mut funding.project_fiscal,
        Field::ProjectOther => &mut funding.project_other,
        Field::AnnualTotal => &mut funding.annual_total,
        Field::AnnualAppropriation => &mut funding.annual_appropriation,
        Field::AnnualCarryover => &mut funding.annual_carryover,
        Field::AnnualOther => &mut funding.annual_other,
        _ => return None,
    })
}

/// The columns of the indicator table, read from its header row 「一级指标 二级指标 三级指标
/// 年度(/项目)指标值」 (a spare empty column before the value moves `value` right).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Columns {
    level2: usize,
    level3: usize,
    value: usize,
}

impl Default for Columns {
    /// The columns of an undamaged table: labels in column 0, then levels 1–3, then the value.
    fn default() -> Self {
        Self {
            level2: 2,
            level3: 3,
            value: 4,
        }
    }
}

/// The columns of an indicator header row, or `None` when `cells` is not one.
fn indicator_header(cells: &[Cell<'_>]) -> Option<Columns> {
    let column_of = |name: &str| {
        cells
            .iter()
            .find(|cell| squeeze(cell.text) == name)
            .map(|cell| cell.column)
    };
    let level1 = column_of("一级指标")?;
    let level3 = column_of("三级指标")?;
    let level2 = column_of("二级指标").unwrap_or(level1 + 1);
    let value = cells
        .iter()
        .find(|cell| cell.text.contains("指标值"))
        .map_or(level3 + 1, |cell| cell.column);
    Some(Columns {
        level2,
        level3,
        value,
    })
}

/// The goal columns of a 「项目总目标 … 年度总体目标」 label row, or `None` when `cells` is not
/// one. The overall-goal label may carry the project's period: `项目总目标 (2023年 -2023年)`.
fn goal_columns(cells: &[Cell<'_>]) -> Option<GoalColumns> {
    let mut columns = GoalColumns::default();
    for cell in cells {
        let key = squeeze(cell.text);
        if let Some(rest) = key.strip_prefix("项目总目标")
            && (rest.is_empty() || rest.starts_with(['(', '（']))
        {
            columns.overall = Some(cell.column);
        } else if key == "年度总体目标" {
            columns.annual = Some(cell.column);
        }
    }
    (columns.overall.is_some() || columns.annual.is_some()).then_some(columns)
}

/// Where the two goal texts sit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct GoalColumns {
    overall: Option<usize>,
    annual: Option<usize>,
}

/// The part of the form being read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Section {
    /// Section one: name, dates, money.
    #[default]
    Header,
    /// The goal texts, after their label row.
    Goals(GoalColumns),
    /// The indicator table, after its header row.
    Indicators(Columns),
}

/// How a label cell of the indicator table reads, by its name alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LabelKind {
    Level1,
    Level2,
    /// 成本指标: level 1 or 2, told by its column.
    Cost,
}

/// The kind of a squeezed cell that is a level-1/level-2 label: the standard scheme's names,
/// 成本指标 and 服务对象满意度. Nothing else is a label, since level-3 names can end in 指标 or
/// 满意度 too (管理人员满意度).
fn label_kind(key: &str) -> Option<LabelKind> {
    // 成本指标 is a level-1 in the standard scheme, but a level-2 under 产出指标 on the 2023 forms
    // (sample form `forms-2023.txt`, 机关服务费 and 信息化运维项目): its level is told by its column.
    if key == COST_LEVEL1 {
        Some(LabelKind::Cost)
    } else if STANDARD_SCHEME.iter().any(|(level1, _)| *level1 == key) {
        Some(LabelKind::Level1)
    } else if key == SHORT_SATISFACTION_LABEL
        || STANDARD_SCHEME
            .iter()
            .any(|(_, level2s)| level2s.contains(&key))
    {
        Some(LabelKind::Level2)
    } else {
        None
    }
}

/// The standard level-1 a level-2 label belongs to (服务对象满意度 → 满意度指标); `None` for
/// 成本指标 used as a level-2.
fn scheme_parent(level2: &str) -> Option<&'static str> {
    let level2 = if level2 == SHORT_SATISFACTION_LABEL {
        "服务对象满意度指标"
    } else {
        level2
    };
    STANDARD_SCHEME
        .iter()
        .find(|(_, level2s)| level2s.contains(&level2))
        .map(|(level1, _)| *level1)
}

fn is_standard_level1(name: &str) -> bool {
    STANDARD_SCHEME.iter().any(|(level1, _)| *level1 == name)
}

/// A label found at the front of an indicator row.
#[derive(Clone, Debug, PartialEq, Eq)]
enum RowLabel {
    Level1(String),
    Level2(String),
}

/// One indicator row, classified: its labels (squeezed), then the level-3 name and value as
/// written, and any text left over.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct IndicatorRow<'a> {
    labels: Vec<RowLabel>,
    name: Option<&'a str>,
    value: Option<&'a str>,
    extra: Vec<&'a str>,
}

/// Reads one indicator row from its non-empty cells: peels the leading block and level labels,
/// then takes one remaining cell as a level-3 name with its value missing (or, if it is a
/// quantitative value, as a value with its name missing), two as name and value, and more as
/// name, value (the cell in the value column, else the last) and extra text.
fn classify_row<'a>(cells: &[Cell<'a>], columns: Columns) -> IndicatorRow<'a> {
    let mut row = IndicatorRow::default();
    let mut index = 0;
    while let Some(cell) = cells.get(index) {
        let key = squeeze(cell.text);
        if is_block_label(&key) {
            index += 1;
            continue;
        }
        let Some(kind) = label_kind(&key) else {
            break;
        };
        row.labels.push(match kind {
            LabelKind::Level1 => RowLabel::Level1(key),
            LabelKind::Level2 => RowLabel::Level2(key),
            LabelKind::Cost if cost_is_level1(cells, index, columns) => RowLabel::Level1(key),
            LabelKind::Cost => RowLabel::Level2(key),
        });
        index += 1;
    }
    match cells.get(index..).unwrap_or_default() {
        [] => {}
        [only] if is_quantitative(only.text) => row.value = Some(only.text),
        [only] => row.name = Some(only.text),
        [name, others @ ..] => {
            row.name = Some(name.text);
            let value_index = others
                .iter()
                .position(|cell| cell.column == columns.value)
                .unwrap_or(others.len().saturating_sub(1));
            for (position, cell) in others.iter().enumerate() {
                if position == value_index {
                    row.value = Some(cell.text);
                } else {
                    row.extra.push(cell.text);
                }
            }
        }
    }
    row
}

/// Whether the 成本指标 at `cells[index]` is a level-1: yes when a level-2 label follows it;
/// otherwise by its column once the row's drift is taken out (the drift is how far the value, or
/// the lone name, sits from its header column). Seeds: `forms-2023` 机关服务费 has it in the level-2
/// column; 信息化运维项目 has it one column left of that, in a row drifted one column left.
fn cost_is_level1(cells: &[Cell<'_>], index: usize, columns: Columns) -> bool {
    let Some(cell) = cells.get(index) else {
        return true;
    };
    let rest = cells.get(index + 1..).unwrap_or_default();
    if rest
        .first()
        .is_some_and(|next| label_kind(&squeeze(next.text)) == Some(LabelKind::Level2))
    {
        return true;
    }
    let drift = match rest {
        [] => 0,
        [only] => signed(only.column) - signed(columns.level3),
        [.., last] => signed(last.column) - signed(columns.value),
    };
    signed(cell.column) - drift < signed(columns.level2)
}

/// A column as a signed number, for drift arithmetic (columns are bounded by the line length).
fn signed(column: usize) -> i64 {
    i64::try_from(column).unwrap_or(i64::MAX)
}

fn is_quantitative(text: &str) -> bool {
    TargetValue::parse(text).is_some_and(|value| value.is_quantitative())
}

/// The indicator tree as it is read row by row: the last level-1 group is the open one, and its
/// last level-2 group is open when `level2_open`.
#[derive(Debug, Default)]
struct TreeBuilder {
    indicators: Vec<Level1Indicator>,
    level2_open: bool,
}

impl TreeBuilder {
    /// Opens the level-1 group `name`; the same name as the open group continues it (a label
    /// repeated after a page break).
    fn open_level1(&mut self, name: String) {
        if self.indicators.last().is_some_and(|open| open.name == name) {
            return;
        }
        self.indicators.push(Level1Indicator::new(name));
        self.level2_open = false;
    }

    /// Opens the level-2 group `name`. When the row gave no level-1 and the open level-1 is
    /// missing or is another standard group, the standard scheme's level-1 is opened first (a
    /// guess, reported). The same name as the open level-2 continues it.
    fn open_level2(
        &mut self,
        name: String,
        row_has_level1: bool,
        number: usize,
        warnings: &mut Vec<(usize, String)>,
    ) {
        if !row_has_level1 {
            let open = self.indicators.last().map(|level1| level1.name.as_str());
            match (open, scheme_parent(&name)) {
                (None, None) => {
                    // Only 成本指标 has no parent: with nothing above it, it is the level-1.
                    self.open_level1(name);
                    return;
                }
                (None, Some(parent)) => {
                    warnings.push((
                        number,
                        format!("二级指标「{name}」之前没有一级指标，按标准体系归入「{parent}」"),
                    ));
                    self.open_level1(parent.to_owned());
                }
                (Some(open), Some(parent)) if open != parent && is_standard_level1(open) => {
                    warnings.push((
                        number,
                        format!(
                            "二级指标「{name}」不属于「{open}」且本行没有一级指标，按标准体系归入「{parent}」"
                        ),
                    ));
                    self.open_level1(parent.to_owned());
                }
                _ => {}
            }
        }
        let Some(level1) = self.indicators.last_mut() else {
            return;
        };
        if self.level2_open
            && level1
                .children
                .last()
                .is_some_and(|level2| level2.name == name)
        {
            return;
        }
        level1.children.push(Level2Indicator::new(name));
        self.level2_open = true;
    }

    /// Adds a level-3 indicator to the open level-2 group; when there is none, to a new group
    /// with an empty name (reported), so nothing is dropped.
    fn add_level3(
        &mut self,
        indicator: Level3Indicator,
        number: usize,
        warnings: &mut Vec<(usize, String)>,
    ) {
        let quoted = shorten(&indicator.name);
        if self.indicators.is_empty() {
            warnings.push((
                number,
                format!("三级指标「{quoted}」之前没有一级指标，已放入名称为空的一级指标，请补填"),
            ));
            self.indicators.push(Level1Indicator::new(""));
            self.level2_open = false;
        }
        let Some(level1) = self.indicators.last_mut() else {
            return;
        };
        if !self.level2_open || level1.children.is_empty() {
            warnings.push((
                number,
                format!("三级指标「{quoted}」之前没有二级指标，已放入名称为空的二级指标，请补填"),
            ));
            level1.children.push(Level2Indicator::new(""));
            self.level2_open = true;
        }
        if let Some(level2) = level1.children.last_mut() {
            level2.children.push(indicator);
        }
    }
}

/// The state of reading one form, line by line.
#[derive(Debug, Default)]
struct FormReader {
    project_name: String,
    fields: CurrentFields,
    planned_start: Option<chrono::NaiveDate>,
    planned_end: Option<chrono::NaiveDate>,
    overall_goal: Vec<String>,
    annual_goal: Vec<String>,
    tree: TreeBuilder,
    section: Section,
    /// The header fields read so far (a field read twice is reported).
    seen: Vec<Field>,
    /// How many 其他资金 labels were read: the first is the project's, the second the year's.
    other_funds_read: usize,
    goal_labels_read: bool,
    indicator_header_read: bool,
    warnings: Vec<(usize, String)>,
}

impl FormReader {
    fn warn(&mut self, number: usize, message: String) {
        self.warnings.push((number, message));
    }

    fn warn_unplaced(&mut self, number: usize, text: &str) {
        self.warn(
            number,
            format!("未能识别的文字「{}」，未导入", shorten(text)),
        );
    }

    /// The title line; the year may follow the title on it (read by the caller).
    fn title_line(&mut self, line: Line<'_>) {
        let text = line.text.trim();
        let rest = text
            .strip_prefix(FormLayout::Current.title())
            .unwrap_or(text)
            .trim();
        if !rest.is_empty() && parse_year_line(rest).is_none() {
            self.warn_unplaced(line.number, rest);
        }
    }

    fn row(&mut self, row: &Row<'_>) {
        let cells = non_empty_cells(row);
        if cells.is_empty() {
            return;
        }
        if self.section == Section::Header
            && let [only] = cells.as_slice()
            && parse_year_line(only.text).is_some()
        {
            return;
        }
        if let Some(columns) = indicator_header(&cells) {
            // A repeated header (page break) only updates the columns: the open groups continue.
            self.section = Section::Indicators(columns);
            self.indicator_header_read = true;
            return;
        }
        if self.section == Section::Header
            && let Some(columns) = goal_columns(&cells)
        {
            self.section = Section::Goals(columns);
            self.goal_labels_read = true;
            for cell in &cells {
                let key = squeeze(cell.text);
                if !is_block_label(&key) && goal_columns(&[*cell]).is_none() {
                    self.goal_cell(row.number, *cell, columns);
                }
            }
            return;
        }
        let first_label = cells
            .iter()
            .map(|cell| squeeze(cell.text))
            .find(|key| !is_block_label(key));
        if !matches!(self.section, Section::Indicators(_))
            && first_label.is_some_and(|key| label_kind(&key).is_some())
        {
            self.warn(
                row.number,
                "未找到绩效指标表头「一级指标 二级指标 三级指标 年度(/项目)指标值」，按标准列位读取"
                    .to_owned(),
            );
            self.section = Section::Indicators(Columns::default());
        }
        let has_header_label = cells
            .iter()
            .any(|cell| header_label(&squeeze(cell.text)).is_some());
        match self.section {
            Section::Header => self.header_row(row.number, &cells),
            Section::Goals(_) if has_header_label => self.header_row(row.number, &cells),
            Section::Goals(columns) => {
                for cell in &cells {
                    if !is_block_label(&squeeze(cell.text)) {
                        self.goal_cell(row.number, *cell, columns);
                    }
                }
            }
            Section::Indicators(columns) => self.indicator_row(row.number, &cells, columns),
        }
    }

    /// A row of section one: label cells, each followed by its value cell (possibly blank).
    fn header_row(&mut self, number: usize, cells: &[Cell<'_>]) {
        let mut index = 0;
        while let Some(cell) = cells.get(index) {
            index += 1;
            let key = squeeze(cell.text);
            if is_block_label(&key) {
                continue;
            }
            let Some(label) = header_label(&key) else {
                self.warn_unplaced(number, cell.text);
                continue;
            };
            let value = cells.get(index).filter(|next| {
                let next_key = squeeze(next.text);
                next.column == cell.column + 1
                    && header_label(&next_key).is_none()
                    && !is_block_label(&next_key)
            });
            if value.is_some() {
                index += 1;
            }
            self.set_header(number, label, value.map_or("", |value| value.text));
        }
    }

    fn set_header(&mut self, number: usize, label: HeaderLabel, value: &str) {
        let field = match label {
            HeaderLabel::Field(field) => field,
            HeaderLabel::OtherFunds => {
                self.other_funds_read += 1;
                match self.other_funds_read {
                    1 => Field::ProjectOther,
                    2 => Field::AnnualOther,
                    _ => {
                        self.warn(
                            number,
                            format!("多出的「其他资金」「{}」，未导入", shorten(value)),
                        );
                        return;
                    }
                }
            }
        };
        if self.seen.contains(&field) {
            self.warn(
                number,
                format!("「{}」重复出现，以本行为准", message_label(field)),
            );
        } else {
            self.seen.push(field);
        }
        let text = value.trim().to_owned();
        match field {
            Field::ProjectName => self.project_name = text,
            Field::ProjectNature => self.fields.project_nature = text,
            Field::ProjectCategory => self.fields.project_category = text,
            Field::CompetentDepartment => self.fields.competent_department = text,
            Field::ImplementingUnit => self.fields.implementing_unit = text,
            Field::PlannedStart | Field::PlannedEnd => {
                let (date, warning) = read_date(&text, message_label(field));
                if let Some(warning) = warning {
                    self.warn(number, warning);
                }
                if field == Field::PlannedStart {
                    self.planned_start = date;
                } else {
                    self.planned_end = date;
                }
            }
            _ => {
                let (amount, warning) = read_money(&text, message_label(field));
                if let Some(warning) = warning {
                    self.warn(number, warning);
                }
                if let Some(slot) = funding_slot(&mut self.fields.funding, field) {
                    *slot = amount;
                }
            }
        }
    }

    /// A goal text cell: it belongs to the goal whose label sits in its column; text in another
    /// column goes to the nearer goal, with a warning.
    fn goal_cell(&mut self, number: usize, cell: Cell<'_>, columns: GoalColumns) {
        let overall = match (columns.overall, columns.annual) {
            (Some(column), _) if column == cell.column => true,
            (_, Some(column)) if column == cell.column => false,
            (overall, annual) => {
                let distance = |column: Option<usize>| column.map(|c| c.abs_diff(cell.column));
                let overall = match (distance(overall), distance(annual)) {
                    (Some(to_overall), Some(to_annual)) => to_overall <= to_annual,
                    (Some(_), None) => true,
                    _ => false,
                };
                let goal = if overall {
                    "项目总目标"
                } else {
                    "年度总体目标"
                };
                self.warn(
                    number,
                    format!(
                        "文字「{}」不在目标栏下，按位置归入「{goal}」",
                        shorten(cell.text)
                    ),
                );
                overall
            }
        };
        let text = html_to_text(cell.text);
        if !text.is_empty() {
            if overall {
                self.overall_goal.push(text);
            } else {
                self.annual_goal.push(text);
            }
        }
    }

    fn indicator_row(&mut self, number: usize, cells: &[Cell<'_>], columns: Columns) {
        let row = classify_row(cells, columns);
        let row_has_level1 = row
            .labels
            .iter()
            .any(|label| matches!(label, RowLabel::Level1(_)));
        for label in row.labels {
            match label {
                RowLabel::Level1(name) => self.tree.open_level1(name),
                RowLabel::Level2(name) => {
                    self.tree
                        .open_level2(name, row_has_level1, number, &mut self.warnings);
                }
            }
        }
        match (row.name, row.value) {
            (Some(name), value) => {
                if value.is_none() {
                    self.warn(
                        number,
                        format!("三级指标「{}」没有指标值，请补填", shorten(name)),
                    );
                }
                let indicator = Level3Indicator::new(name, value.and_then(TargetValue::parse));
                self.tree.add_level3(indicator, number, &mut self.warnings);
            }
            (None, Some(value)) => {
                self.warn(
                    number,
                    format!(
                        "指标值「{}」没有三级指标名称，已按名称为空导入，请补填",
                        shorten(value)
                    ),
                );
                let indicator = Level3Indicator::new("", TargetValue::parse(value));
                self.tree.add_level3(indicator, number, &mut self.warnings);
            }
            (None, None) => {}
        }
        for extra in row.extra {
            self.warn(
                number,
                format!(
                    "绩效指标行中多出的文字「{}」，未能放置，未导入",
                    shorten(extra)
                ),
            );
        }
    }

    fn finish(mut self, fiscal_year: i32, title_number: usize) -> FormImport {
        for field in SECTION_ONE {
            if !self.seen.contains(&field) {
                self.warn(
                    title_number,
                    format!("未找到「{}」，该项留空", message_label(field)),
                );
            }
        }
        if !self.goal_labels_read {
            self.warn(
                title_number,
                "未找到「项目总目标」「年度总体目标」栏，目标留空".to_owned(),
            );
        }
        if !self.indicator_header_read && self.tree.indicators.is_empty() {
            self.warn(title_number, "未找到绩效指标表，绩效指标留空".to_owned());
        }
        FormImport {
            declaration: Declaration {
                fiscal_year,
                project_name: self.project_name,
                form: FormFields::Current(self.fields),
                planned_start: self.planned_start,
                planned_end: self.planned_end,
                overall_goal: self.overall_goal.join("\n"),
                annual_goal: self.annual_goal.join("\n"),
                indicators: self.tree.indicators,
            },
            warnings: self.warnings,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The columns of the header 「一级指标 二级指标 三级指标 年度(/项目)指标值」 after an empty
    /// column 0, and of the same with a spare empty column before the value.
    const PLAIN: Columns = Columns {
        level2: 2,
        level3: 3,
        value: 4,
    };
    const SPARE: Columns = Columns {
        level2: 2,
        level3: 3,
        value: 5,
    };

    /// The non-empty cells of one line.
    fn cells(text: &str) -> Vec<Cell<'_>> {
        text.split('\t')
            .enumerate()
            .map(|(column, text)| Cell {
                column,
                text: text.trim(),
            })
            .filter(|cell| !cell.text.is_empty())
            .collect()
    }

    fn classify(row: &str, columns: Columns) -> IndicatorRow<'_> {
        classify_row(&cells(row), columns)
    }

    fn level1(name: &str) -> RowLabel {
        RowLabel::Level1(name.to_owned())
    }

    fn level2(name: &str) -> RowLabel {
        RowLabel::Level2(name.to_owned())
    }

    #[test]
    fn cells_keep_their_columns_and_drop_blanks() {
        assert_eq!(
            cells("\t时效指标\t\t各项工作完成及时性\t及时\t"),
            [
                Cell {
                    column: 1,
                    text: "时效指标"
                },
                Cell {
                    column: 3,
                    text: "各项工作完成及时性"
                },
                Cell {
                    column: 4,
                    text: "及时"
                },
            ]
        );
    }

    fn lines(text: &str) -> Vec<Line<'_>> {
        text.split('\n')
            .enumerate()
            .map(|(index, text)| Line {
                number: index + 10,
                text,
            })
            .collect()
    }

    fn row_texts<'a>(rows: &'a [Row<'_>]) -> Vec<(usize, Vec<&'a str>)> {
        rows.iter()
            .map(|row| (row.number, row.cells.iter().map(AsRef::as_ref).collect()))
            .collect()
    }

    #[test]
    fn a_quoted_cell_spans_lines_and_keeps_its_paragraphs() {
        let text = "\t\t\t\"第一段。\n第二段，含\"\"引号\"\"。\"\t\t\n\t一级指标\t二级指标";
        let rows = rows(&lines(text));
        assert_eq!(
            row_texts(&rows),
            [
                (
                    10,
                    vec!["", "", "", "第一段。\n第二段，含\"引号\"。", "", ""]
                ),
                (12, vec!["", "一级指标", "二级指标"]),
            ]
        );
    }

    #[test]
    fn a_stray_ascii_quote_is_ordinary_text() {
        // Closing quote followed by text, and a quote never closed: both stay as written.
        let text = "\t\"前台\"保障\t及时\n\"互联网+\t=1(个)\n\t下一行";
        let rows = rows(&lines(text));
        assert_eq!(
            row_texts(&rows),
            [
                (10, vec!["", "\"前台\"保障", "及时"]),
                (11, vec!["\"互联网+", "=1(个)"]),
                (12, vec!["", "下一行"]),
            ]
        );
    }

    #[test]
    fn an_undamaged_row_with_both_labels() {
        let row = classify(
            "绩效 指标\t产出指标\t数量指标\t阵地包干服务完成率\t=100.00(%)\t",
            PLAIN,
        );
        assert_eq!(row.labels, [level1("产出指标"), level2("数量指标")]);
        assert_eq!(row.name, Some("阵地包干服务完成率"));
        assert_eq!(row.value, Some("=100.00(%)"));
        assert!(row.extra.is_empty());
    }

    #[test]
    fn a_level2_label_in_the_level1_column_stays_a_level2() {
        // 000 党员远教电教工作经费.
        let row = classify("\t时效指标\t\t各项工作完成及时性\t及时\t", PLAIN);
        assert_eq!(row.labels, [level2("时效指标")]);
        assert_eq!(
            (row.name, row.value),
            (Some("各项工作完成及时性"), Some("及时"))
        );
    }

    #[test]
    fn rows_drifted_left_or_into_column_0_are_name_and_value() {
        // 000 …运维（非信息化项目）, and the last rows starting in column 0.
        let row = classify("\t故障响应及时性\t\t及时\t\t", PLAIN);
        assert!(row.labels.is_empty());
        assert_eq!(
            (row.name, row.value),
            (Some("故障响应及时性"), Some("及时"))
        );
        let row = classify("基层党组织满意度\t\t\t≥90.00(%)\t\t", PLAIN);
        assert_eq!(
            (row.name, row.value),
            (Some("基层党组织满意度"), Some("≥90.00(%)"))
        );
    }

    #[test]
    fn a_level3_name_ending_in_satisfaction_is_not_a_label() {
        let row = classify("\t\t\t管理人员满意度\t≥90.00(%)\t", PLAIN);
        assert!(row.labels.is_empty());
        assert_eq!(row.name, Some("管理人员满意度"));
        let row = classify("\t\t\t处理时效满意度指标\t≥90.00(%)\t", PLAIN);
        assert!(row.labels.is_empty());
        assert_eq!(row.name, Some("处理时效满意度指标"));
    }

    #[test]
    fn flattened_labels_lose_their_spaces() {
        // 002 组织部门建设和管理工作经费.
        let row = classify(
            "满意度指标\t服务对象满意度 指标\t技术支持满意度\t≥90(%)\t",
            PLAIN,
        );
        assert_eq!(
            row.labels,
            [level1("满意度指标"), level2("服务对象满意度指标")]
        );
        assert_eq!(
            (row.name, row.value),
            (Some("技术支持满意度"), Some("≥90(%)"))
        );
    }

    #[test]
    fn the_short_satisfaction_label_is_a_level2_as_written() {
        // 002 信息化运维项目.
        let row = classify("\t满意度指标\t服务对象满意度\t运维满意度\t\t≥90(%)", SPARE);
        assert_eq!(row.labels, [level1("满意度指标"), level2("服务对象满意度")]);
        assert_eq!((row.name, row.value), (Some("运维满意度"), Some("≥90(%)")));
    }

    #[test]
    fn cost_is_level1_when_a_level2_follows_or_it_sits_in_the_level1_column() {
        let row = classify(
            "绩效 指标\t成本指标\t经济成本指标\t成本控制率\t=100.00(%)\t",
            PLAIN,
        );
        assert_eq!(row.labels, [level1("成本指标"), level2("经济成本指标")]);
        let row = classify("\t成本指标\t\t成本控制率\t=100.00(%)\t", PLAIN);
        assert_eq!(row.labels, [level1("成本指标")]);
    }

    #[test]
    fn cost_is_level2_in_the_level2_column_after_taking_out_the_drift() {
        // 002 机关服务费: in the level-2 column, no drift.
        let row = classify("\t\t成本指标\t相关支出标准符合财政规定\t\t符合", SPARE);
        assert_eq!(row.labels, [level2("成本指标")]);
        assert_eq!(
            (row.name, row.value),
            (Some("相关支出标准符合财政规定"), Some("符合"))
        );
        // 002 信息化运维项目: in column 1, but the value sits one column left of its header.
        let row = classify("\t成本指标\t控制成本管理规范性\t\t规范,不超过预算\t", SPARE);
        assert_eq!(row.labels, [level2("成本指标")]);
        assert_eq!(
            (row.name, row.value),
            (Some("控制成本管理规范性"), Some("规范,不超过预算"))
        );
        // The same row undrifted (value in its column) reads as a level-1.
        let row = classify("\t成本指标\t控制成本管理规范性\t\t\t规范,不超过预算", SPARE);
        assert_eq!(row.labels, [level1("成本指标")]);
    }

    #[test]
    fn one_cell_left_is_a_name_without_value_or_a_value_without_name() {
        // 002 信息化建设项目: drifted right, value missing.
        let row = classify("\t\t\t时效指标\t工作日故障运维人员抵达现场时间\t", SPARE);
        assert_eq!(row.labels, [level2("时效指标")]);
        assert_eq!(
            (row.name, row.value),
            (Some("工作日故障运维人员抵达现场时间"), None)
        );
        let row = classify("\t\t\t\t≥90(%)", PLAIN);
        assert_eq!((row.name, row.value), (None, Some("≥90(%)")));
        let row = classify("\t\t\t\t合格", PLAIN);
        assert_eq!((row.name, row.value), (Some("合格"), None));
    }

    #[test]
    fn more_than_two_cells_left_keep_the_extra_text() {
        let row = classify("\t\t\t平台稳定运行率\t=100.00(%)\t备注：按月统计", PLAIN);
        assert_eq!(
            (row.name, row.value),
            (Some("平台稳定运行率"), Some("=100.00(%)"))
        );
        assert_eq!(row.extra, ["备注：按月统计"]);
        let row = classify("\t\t平台稳定运行率\t说明\t=100.00(%)", SPARE);
        assert_eq!(row.value, Some("=100.00(%)"));
        assert_eq!(row.extra, ["说明"]);
    }

    #[test]
    fn headers_give_the_value_column() {
        assert_eq!(
            indicator_header(&cells(
                "\t一级指标\t二级指标\t三级指标\t年度(/项目)指标值\t"
            )),
            Some(PLAIN)
        );
        assert_eq!(
            indicator_header(&cells(
                "绩效 指标\t一级指标\t二级指标\t三级指标\t\t年度(/项目)指标值"
            )),
            Some(SPARE)
        );
        assert_eq!(
            indicator_header(&cells("\t产出指标\t数量指标\t一级指标完成率\t=1(个)")),
            None
        );
    }

    #[test]
    fn goal_labels_may_carry_the_period() {
        assert_eq!(
            goal_columns(&cells(
                "项目 绩效 目标\t项目总目标 (2023年 -2023年)\t年度总体目标"
            )),
            Some(GoalColumns {
                overall: Some(1),
                annual: Some(2)
            })
        );
        assert_eq!(goal_columns(&cells("\t项目总目标是保障运行\t")), None);
    }

    #[test]
    fn a_level2_without_level1_takes_the_scheme_level1_and_says_so() {
        let mut tree = TreeBuilder::default();
        let mut warnings = Vec::new();
        tree.open_level2("社会效益指标".into(), false, 7, &mut warnings);
        tree.add_level3(
            Level3Indicator::new("覆盖率", TargetValue::parse("=100(%)")),
            7,
            &mut warnings,
        );
        tree.open_level1("产出指标".into());
        tree.open_level2("时效指标".into(), true, 8, &mut warnings);
        // A level-2 of another standard group, with no level-1 in its row: moved, reported.
        tree.open_level2("服务对象满意度".into(), false, 9, &mut warnings);
        let names: Vec<_> = tree.indicators.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["效益指标", "产出指标", "满意度指标"]);
        assert_eq!(
            warnings.iter().map(|(line, _)| *line).collect::<Vec<_>>(),
            [7, 9]
        );
    }

    #[test]
    fn a_level2_under_its_own_or_a_custom_level1_is_silent() {
        let mut tree = TreeBuilder::default();
        let mut warnings = Vec::new();
        tree.open_level1("产出指标".into());
        tree.open_level2("时效指标".into(), false, 3, &mut warnings);
        tree.open_level2("成本指标".into(), false, 4, &mut warnings);
        tree.open_level1("自定义一级".into());
        tree.open_level2("数量指标".into(), false, 5, &mut warnings);
        assert!(warnings.is_empty());
        let shape: Vec<(&str, Vec<&str>)> = tree
            .indicators
            .iter()
            .map(|l1| {
                (
                    l1.name.as_str(),
                    l1.children.iter().map(|l2| l2.name.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            [
                ("产出指标", vec!["时效指标", "成本指标"]),
                ("自定义一级", vec!["数量指标"])
            ]
        );
    }

    #[test]
    fn repeated_labels_continue_the_open_groups() {
        let mut tree = TreeBuilder::default();
        let mut warnings = Vec::new();
        tree.open_level1("产出指标".into());
        tree.open_level2("数量指标".into(), true, 1, &mut warnings);
        tree.add_level3(Level3Indicator::new("a", None), 1, &mut warnings);
        tree.open_level1("产出指标".into());
        tree.open_level2("数量指标".into(), true, 2, &mut warnings);
        tree.add_level3(Level3Indicator::new("b", None), 2, &mut warnings);
        assert_eq!(tree.indicators.len(), 1);
        assert_eq!(tree.indicators.first().map(|l| l.children.len()), Some(1));
        assert!(warnings.is_empty());
    }

    #[test]
    fn a_level3_without_groups_gets_empty_named_ones_and_a_warning() {
        let mut tree = TreeBuilder::default();
        let mut warnings = Vec::new();
        tree.add_level3(Level3Indicator::new("孤立指标", None), 4, &mut warnings);
        assert_eq!(tree.indicators.len(), 1);
        assert_eq!(warnings.len(), 2);
        let mut tree = TreeBuilder::default();
        tree.open_level1("效益指标".into());
        let mut warnings = Vec::new();
        tree.add_level3(Level3Indicator::new("x", None), 5, &mut warnings);
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn header_labels_with_or_without_qizhong() {
        assert_eq!(
            header_label("其中：财政资金"),
            Some(HeaderLabel::Field(Field::ProjectFiscal))
        );
        assert_eq!(
            header_label("其中:当年财政拨款"),
            Some(HeaderLabel::Field(Field::AnnualAppropriation))
        );
        assert_eq!(header_label("其他资金"), Some(HeaderLabel::OtherFunds));
        assert_eq!(header_label("项目名称说明"), None);
    }

    fn import(text: &str) -> FormImport {
        let lines: Vec<Line<'_>> = text
            .split('\n')
            .enumerate()
            .map(|(index, text)| Line {
                number: index + 1,
                text,
            })
            .collect();
        import_form(2026, &lines)
    }

    fn warning_lines(imported: &FormImport) -> Vec<usize> {
        imported.warnings.iter().map(|(line, _)| *line).collect()
    }

    #[test]
    fn a_bare_title_reports_every_missing_part_on_the_title_line() {
        let imported = import("财政项目支出绩效目标申报表（2026年度）");
        // 14 header fields and amounts, the goal labels, the indicator table.
        assert_eq!(warning_lines(&imported), [1; 16]);
        assert_eq!(imported.declaration.fiscal_year, 2026);
        assert_eq!(imported.declaration.planned_start, None);
        assert!(imported.declaration.indicators.is_empty());
    }

    #[test]
    fn text_after_the_title_is_reported() {
        let imported = import("财政项目支出绩效目标申报表 附件一");
        assert!(
            imported
                .warnings
                .first()
                .is_some_and(|(line, message)| *line == 1 && message.contains("附件一"))
        );
    }

    #[test]
    fn header_labels_read_in_any_order_and_repeats_are_reported() {
        let imported = import(
            "财政项目支出绩效目标申报表\n\
             项目名称\t旧名称\t项目性质\t阶段性项目\n\
             实施单位\t单位\t项目名称\t新名称\n\
             \t其他资金\t1.5\t其他资金\t2\t其他资金\t3",
        );
        let declaration = &imported.declaration;
        assert_eq!(declaration.project_name, "新名称");
        let funding = &declaration.current().unwrap().funding;
        assert_eq!(
            funding.project_other.map(|a| a.to_string()).as_deref(),
            Some("1.50")
        );
        assert_eq!(
            funding.annual_other.map(|a| a.to_string()).as_deref(),
            Some("2.00")
        );
        let on_rows: Vec<&str> = imported
            .warnings
            .iter()
            .filter(|(line, _)| *line > 1)
            .map(|(_, message)| message.as_str())
            .collect();
        assert_eq!(on_rows.len(), 2, "{on_rows:?}");
        assert!(
            on_rows
                .first()
                .is_some_and(|m| m.contains("项目名称") && m.contains("重复"))
        );
        assert!(
            on_rows
                .get(1)
                .is_some_and(|m| m.contains("多出的「其他资金」") && m.contains('3'))
        );
    }

    #[test]
    fn unknown_text_in_section_one_is_reported() {
        let imported = import("财政项目支出绩效目标申报表\n项目名称\t某项目\t填表说明：见附件");
        assert_eq!(imported.declaration.project_name, "某项目");
        assert!(
            imported
                .warnings
                .iter()
                .any(|(line, message)| *line == 2 && message.contains("填表说明：见附件"))
        );
    }

    #[test]
    fn goal_text_off_its_column_goes_to_the_nearer_goal_with_a_warning() {
        let imported = import(
            "财政项目支出绩效目标申报表\n\
             项目 绩效 目标\t项目总目标\t\t\t\t年度总体目标\n\
             \t\t总目标文字\t\t年度文字\t\n\
             \t总目标第二段\t\t\t\t",
        );
        assert_eq!(
            imported.declaration.overall_goal,
            "总目标文字\n总目标第二段"
        );
        assert_eq!(imported.declaration.annual_goal, "年度文字");
        let on_rows: Vec<usize> = warning_lines(&imported)
            .into_iter()
            .filter(|line| *line > 1)
            .collect();
        assert_eq!(on_rows, [3, 3]);
    }

    #[test]
    fn indicator_rows_without_their_header_are_read_with_a_warning() {
        let imported = import(
            "财政项目支出绩效目标申报表\n\
             \t产出指标\t数量指标\t指标甲\t=1(个)\n\
             \t\t\t\t≥90(%)",
        );
        let rows: Vec<(String, Option<String>)> = imported
            .declaration
            .level3_indicators()
            .map(|(_, level3)| {
                (
                    level3.name.clone(),
                    level3.target.as_ref().map(ToString::to_string),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("指标甲".to_owned(), Some("=1(个)".to_owned())),
                (String::new(), Some("≥90(%)".to_owned())),
            ]
        );
        let on_rows: Vec<usize> = warning_lines(&imported)
            .into_iter()
            .filter(|line| *line > 1)
            .collect();
        // The missing header (line 2) and the value without a name (line 3).
        assert_eq!(on_rows, [2, 3]);
    }
}
