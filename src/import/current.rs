//! Import of the current layout (财政项目支出绩效目标申报表, 2023 onward; sample forms `forms-2026.txt` and
//! `forms-2023.txt`): one form as tab-separated rows of cells, as the online system's export copies out.
//!
//! Depends on the model (its field table) and the shared cell tokenizer and text helpers only.
//! Reading is label-driven and survives the extraction damage of docs/form.md §7: the header and
//! money cells are found by their labels from the field table (the cell after a label is its
//! value, possibly blank), and 其他资金, printed in both money blocks, by its column (a row may
//! carry one side only); a field not found is reported on the line of its printed row; goal columns come from the 「项目总目标 …
//! 年度总体目标」 label row; indicator rows are read by peeling the known level-1/level-2 labels
//! off the front of the row's non-empty cells, wherever they sit, so merged cells that drift one
//! to three columns, spare empty columns, rows starting in column 0, repeated page headers and
//! flattened vertical labels all read the same. What cannot be placed becomes a warning.

use super::cells::{PASTE_QUOTED_LINES, Row, label_key, read_field, rows};
use super::targets::{TargetColumns, TargetTable};
use super::text::cell_value;
use super::{FormImport, Line, parse_year_line, shorten};
use crate::model::{
    COST_LEVEL1, Declaration, Field, FieldKind, FieldSpec, FormLayout, Level1Indicator,
    Level2Indicator, Level3Indicator, STANDARD_SCHEME, TargetValue,
};

/// 服务对象满意度: the standard 服务对象满意度指标 written without 指标 (sample form `forms-2023.txt`,
/// 信息化运维项目); kept as written.
const SHORT_SATISFACTION_LABEL: &str = "服务对象满意度";

/// Imports one current-layout form. `lines` start with the title line and run to the next form;
/// `fiscal_year` was read from the year line by the caller. Never panics: what cannot be read
/// is left blank and reported with its line.
pub(crate) fn import_form(fiscal_year: i32, lines: &[Line<'_>]) -> FormImport {
    let mut reader = FormReader::new(fiscal_year);
    let mut lines = lines.iter();
    let title_number = match lines.next() {
        Some(title) => {
            reader.title_line(*title);
            title.number
        }
        None => 1,
    };
    let rest: Vec<Line<'_>> = lines.copied().collect();
    for row in rows(&rest, PASTE_QUOTED_LINES) {
        reader.row(&row);
    }
    reader.finish(title_number)
}

/// Imports one current-layout form whose cells sit on a true grid (a worksheet, a PDF's table):
/// `rows` follow the title line; read as text is, but the target table by its columns
/// ([`TargetTable`]) and without guessing groups from the standard scheme.
pub(crate) fn import_grid_form(fiscal_year: i32, title: Line<'_>, rows: &[Row<'_>]) -> FormImport {
    let mut reader = FormReader::new(fiscal_year);
    reader.grid = true;
    reader.title_line(title);
    for row in rows {
        reader.row(row);
    }
    reader.finish(title.number)
}

/// A non-empty cell of a row: its 0-based column among the tab-separated cells, the line it
/// starts on, and its text with surrounding spaces trimmed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Cell<'a> {
    column: usize,
    line: usize,
    text: &'a str,
    /// The text as written, spaces and line breaks at its ends included.
    raw: &'a str,
}

/// The non-empty cells of a row, with their columns.
fn non_empty_cells<'r>(row: &'r Row<'_>) -> Vec<Cell<'r>> {
    row.cells
        .iter()
        .map(|cell| Cell {
            column: cell.column,
            line: cell.line,
            text: cell.text.trim(),
            raw: &cell.text,
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

/// The fields of section one a label cell can name: every field of the current layout's table
/// but 年度 (the year line) and the goals (read from their own label row).
fn section_one() -> impl Iterator<Item = &'static FieldSpec> {
    FormLayout::Current
        .fields()
        .iter()
        .filter(|spec| !matches!(spec.kind, FieldKind::Year | FieldKind::LongText))
}

/// The section-one fields a label cell names (compared by [`label_key`], so `其中：` is optional
/// and spaces do not count): one field, or both 其他资金, printed once in the 项目资金 block
/// and once in the 年度资金 block. Empty when the cell is not a label.
fn header_label(cell: &str) -> Vec<&'static FieldSpec> {
    let key = label_key(cell);
    section_one()
        .filter(|spec| label_key(spec.label) == key)
        .collect()
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
    let layout = FormLayout::Current;
    let mut columns = GoalColumns::default();
    for cell in cells {
        let key = squeeze(cell.text);
        if let Some(rest) = key.strip_prefix(layout.field_label(Field::OverallGoal))
            && (rest.is_empty() || rest.starts_with(['(', '（']))
        {
            columns.overall = Some(cell.column);
        } else if key == layout.field_label(Field::AnnualGoal) {
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
#[derive(Debug)]
struct FormReader {
    /// Section one as read so far (goals and indicators are kept apart until the end).
    declaration: Declaration,
    overall_goal: Vec<String>,
    annual_goal: Vec<String>,
    tree: TreeBuilder,
    section: Section,
    /// The section-one fields read so far, with the line each was read on (a field read twice
    /// is reported; a missing one is reported on the line of its row that was read).
    seen: Vec<(Field, usize)>,
    /// For each printed label column, how far this form moves its labels from it (learned from
    /// the labels printed once), to tell which block a label printed twice belongs to.
    drift: Vec<(u8, i64)>,
    goal_labels_read: bool,
    indicator_header_read: bool,
    warnings: Vec<(usize, String)>,
    /// The cells sit on a true grid: the target table is read by its columns into `targets`.
    grid: bool,
    targets: Option<TargetTable>,
}

impl FormReader {
    /// A reader with an empty current-layout declaration for `fiscal_year`: no dates, no
    /// indicator groups (only what the form holds comes in).
    fn new(fiscal_year: i32) -> Self {
        let mut declaration = Declaration::new_current(fiscal_year);
        declaration.planned_start = None;
        declaration.planned_end = None;
        declaration.indicators.clear();
        Self {
            declaration,
            overall_goal: Vec::new(),
            annual_goal: Vec::new(),
            tree: TreeBuilder::default(),
            section: Section::default(),
            seen: Vec::new(),
            drift: Vec::new(),
            goal_labels_read: false,
            indicator_header_read: false,
            warnings: Vec::new(),
            grid: false,
            targets: None,
        }
    }

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
        if self.grid {
            if let Some(columns) = TargetColumns::from_header(FormLayout::Current, row) {
                // A repeated header (page break) only updates the columns.
                match &mut self.targets {
                    Some(table) => table.set_columns(columns),
                    None => self.targets = Some(TargetTable::new(FormLayout::Current, columns)),
                }
                self.indicator_header_read = true;
                return;
            }
            if let Some(table) = &mut self.targets {
                table.row(row);
                return;
            }
        }
        if let Some(columns) = indicator_header(&cells) {
            // A repeated header (page break) only updates the columns: the open groups continue.
            self.section = Section::Indicators(columns);
            self.indicator_header_read = true;
            return;
        }
        if matches!(self.section, Section::Header | Section::Goals(_))
            && let Some(columns) = goal_columns(&cells)
        {
            // A goal label row; in the goals already, the row printed again on a new page.
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
        if !self.grid
            && !matches!(self.section, Section::Indicators(_))
            && first_label.is_some_and(|key| label_kind(&key).is_some())
        {
            self.warn(
                row.number,
                "未找到绩效指标表头「一级指标 二级指标 三级指标 年度(/项目)指标值」，按标准列位读取"
                    .to_owned(),
            );
            self.section = Section::Indicators(Columns::default());
        }
        let has_header_label = cells.iter().any(|cell| !header_label(cell.text).is_empty());
        match self.section {
            Section::Header => self.header_row(&cells),
            Section::Goals(_) if has_header_label => self.header_row(&cells),
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

    /// A row of section one: label cells, each followed by its value cell (possibly blank). For
    /// each label, its value is the cell to its right; a label printed in both blocks
    /// (其他资金) is placed by its column: the 项目资金 block on the left, the 年度资金 block on
    /// the right, whichever labels the row leaves out (`\t\t\t其他资金\t0.00` carries the annual
    /// side only, as the 2025 forms have it).
    fn header_row(&mut self, cells: &[Cell<'_>]) {
        let mut labelled: Vec<(Cell<'_>, Vec<&'static FieldSpec>, &str)> = Vec::new();
        let mut index = 0;
        while let Some(cell) = cells.get(index) {
            index += 1;
            if is_block_label(&squeeze(cell.text)) {
                continue;
            }
            let candidates = header_label(cell.text);
            if candidates.is_empty() {
                self.warn_unplaced(cell.line, cell.text);
                continue;
            }
            let value = cells.get(index).filter(|next| {
                next.column == cell.column + 1
                    && header_label(next.text).is_empty()
                    && !is_block_label(&squeeze(next.text))
            });
            if value.is_some() {
                index += 1;
            }
            // On a grid a value is kept as written; text extractions are trimmed.
            let text = value.map_or("", |value| if self.grid { value.raw } else { value.text });
            labelled.push((*cell, candidates, text));
        }
        // The labels printed once show where this form puts each column's labels.
        for (cell, candidates, _) in &labelled {
            if let [spec] = candidates.as_slice() {
                let offset = signed(cell.column) - i64::from(spec.column);
                self.drift.retain(|(column, _)| *column != spec.column);
                self.drift.push((spec.column, offset));
            }
        }
        for (position, (cell, candidates, value)) in labelled.iter().enumerate() {
            let spec = match candidates.as_slice() {
                [spec] => Some(*spec),
                _ => {
                    // The same label elsewhere on this row: the cells take the blocks in order.
                    let same: Vec<usize> = labelled
                        .iter()
                        .enumerate()
                        .filter(|(_, (_, others, _))| others == candidates)
                        .map(|(other, _)| other)
                        .collect();
                    if same.len() > 1 {
                        let order = same.iter().position(|other| *other == position);
                        let mut blocks = candidates.clone();
                        blocks.sort_by_key(|spec| spec.column);
                        order.and_then(|order| blocks.get(order).copied())
                    } else {
                        self.nearest_block(cell.column, candidates)
                    }
                }
            };
            match spec {
                Some(spec) => self.set_header(cell.line, spec, value),
                None => self.warn(
                    cell.line,
                    format!("多出的「{}」「{}」，未导入", cell.text, shorten(value)),
                ),
            }
        }
    }

    /// Of the fields a label printed in several blocks may name, the one whose column (moved by
    /// this form's drift) is nearest to `column`; on a tie, one not read yet.
    fn nearest_block(
        &self,
        column: usize,
        candidates: &[&'static FieldSpec],
    ) -> Option<&'static FieldSpec> {
        let drift = |printed: u8| {
            self.drift
                .iter()
                .find(|(known, _)| *known == printed)
                .map_or(0, |(_, offset)| *offset)
        };
        let seen = |spec: &FieldSpec| self.seen.iter().any(|(field, _)| *field == spec.field);
        let mut best: Option<(&'static FieldSpec, (i64, bool))> = None;
        for spec in candidates {
            let expected = i64::from(spec.column) + drift(spec.column);
            let score = ((signed(column) - expected).abs(), seen(spec));
            if best.is_none_or(|(_, best_score)| score < best_score) {
                best = Some((spec, score));
            }
        }
        best.map(|(spec, _)| spec)
    }

    /// Reads the value of `spec` from its cell on `line`.
    fn set_header(&mut self, line: usize, spec: &'static FieldSpec, value: &str) {
        if self.seen.iter().any(|(field, _)| *field == spec.field) {
            self.warn(line, format!("「{}」重复出现，以本行为准", spec.name));
        }
        self.seen.push((spec.field, line));
        let value = if self.grid { value } else { value.trim() };
        if let Some(warning) = read_field(&mut self.declaration, spec, value) {
            self.warn(line, warning);
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
                let goal = FormLayout::Current.field_label(if overall {
                    Field::OverallGoal
                } else {
                    Field::AnnualGoal
                });
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
        let text = cell_value(if self.grid { cell.raw } else { cell.text }, self.grid);
        if !text.trim().is_empty() {
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

    fn finish(mut self, title_number: usize) -> FormImport {
        if let Some(table) = self.targets.take() {
            self.tree.indicators = table.indicators;
            self.warnings.extend(table.warnings);
        }
        for spec in section_one() {
            if self.seen.iter().any(|(field, _)| *field == spec.field) {
                continue;
            }
            // Reported on the line that holds its row, when another field of the row was read
            // (e.g. the annual 其他资金 of a row that has no project-side cell), else the title.
            let line = self
                .seen
                .iter()
                .find(|(field, _)| {
                    FormLayout::Current
                        .field(*field)
                        .is_some_and(|other| other.row == spec.row)
                })
                .map_or(title_number, |(_, line)| *line);
            self.warn(line, format!("未找到「{}」，该项留空", spec.name));
        }
        if !self.goal_labels_read {
            self.warn(
                title_number,
                format!(
                    "未找到「{}」「{}」栏，目标留空",
                    FormLayout::Current.field_label(Field::OverallGoal),
                    FormLayout::Current.field_label(Field::AnnualGoal)
                ),
            );
        }
        if !self.indicator_header_read && self.tree.indicators.is_empty() {
            self.warn(title_number, "未找到绩效指标表，绩效指标留空".to_owned());
        }
        let mut declaration = self.declaration;
        declaration.overall_goal = self.overall_goal.join("\n");
        declaration.annual_goal = self.annual_goal.join("\n");
        declaration.indicators = self.tree.indicators;
        FormImport {
            declaration,
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
                line: 1,
                text: text.trim(),
                raw: text,
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
                    line: 1,
                    text: "时效指标",
                    raw: "时效指标"
                },
                Cell {
                    column: 3,
                    line: 1,
                    text: "各项工作完成及时性",
                    raw: "各项工作完成及时性"
                },
                Cell {
                    column: 4,
                    line: 1,
                    text: "及时",
                    raw: "及时"
                },
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
        let fields = |cell: &str| -> Vec<Field> {
            header_label(cell).iter().map(|spec| spec.field).collect()
        };
        assert_eq!(fields("其中：财政资金"), [Field::ProjectFiscal]);
        assert_eq!(fields("其中:当年财政拨款"), [Field::AnnualAppropriation]);
        assert_eq!(fields("财政资金"), [Field::ProjectFiscal]);
        assert_eq!(
            fields("其他资金"),
            [Field::ProjectOther, Field::AnnualOther]
        );
        assert_eq!(fields("项目名称说明"), []);
        // The goals have their own label row.
        assert_eq!(fields("年度总体目标"), []);
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
            .filter(|(line, message)| *line > 1 && !message.starts_with("未找到"))
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
        // A missing field is reported on the line that holds the rest of its printed row:
        // 项目类别 beside 项目名称 and 项目性质 (line 2), 主管部门 beside 实施单位 (line 3); a row
        // none of whose fields was read, on the title line.
        let missing = |label: &str| {
            imported
                .warnings
                .iter()
                .find(|(_, message)| *message == format!("未找到「{label}」，该项留空"))
                .map(|(line, _)| *line)
        };
        assert_eq!(missing("项目类别"), Some(2));
        assert_eq!(missing("主管部门"), Some(3));
        assert_eq!(missing("计划开始日期"), Some(1));
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
