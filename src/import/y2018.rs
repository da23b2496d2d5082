//! Importer for the 2018 layout, 「上海市财政支出项目绩效目标申报表（2018年）」 (docs/form.md §6),
//! from its table exported as tab-separated text (sample form `forms-2018.txt`).
//!
//! Each line is a table row, cells separated by tabs; the first cell holds the row's label. What
//! the export does to the table, and how it is read (decided from the seed forms):
//! - 项目类型 and 资金用途 are check boxes, `名称 <input checked="" type="checkbox"/>`: the ticked
//!   box is the one whose `<input>` says `checked`, and an option is recognised by its name
//!   ([`PROJECT_TYPES_2018`], [`FUND_USES_2018`]), wherever its row is: in the first seed form
//!   the 资金用途 row has lost its label and its options stand on a second 项目类型 row;
//! - a label merged over two rows lands on one of them; a text row whose label cell is empty
//!   belongs to the next labelled text field (form 3: 保证项目实施的制度、措施 starts on an
//!   unlabelled row), and is kept as its first paragraph; when no text field follows it is
//!   reported as unplaced;
//! - 项目当年投入资金构成 is a block under its header 「子项目名称 … 预算金额（元）」: every row up
//!   to the next label is a sub-budget line (name, then amount in the last non-empty cell; a spare
//!   empty cell may sit between), whichever row carries the label; 「无」 stays a line named 无
//!   with no amount;
//! - the 分解目标 table (分解目标内容 / 绩效指标 / 指标目标值) runs to 备注; an empty first cell
//!   continues the previous 分解目标内容. Each 分解目标内容 becomes a level-1 group holding one
//!   level-2 group with an empty name (the layout has two levels);
//! - cells with `<p>` become paragraphs; the trailing `----`/`--` line is decoration.
//!
//! Depends on the model, the shared helpers in `legacy` and `text::html_to_text`; must not
//! depend on the other layouts' importers.

use super::cells::{PASTE_QUOTED_LINES, Row, label_key, read_field, rows};
use super::legacy::{Warnings, is_decoration, is_year_line, money_cell, title_line_rest};
use super::targets::{TargetColumns, TargetTable};
use super::text::cell_value;
use super::{FormImport, Line};
use crate::model::{
    Declaration, Field, FieldKind, FieldSpec, FormLayout, Level1Indicator, Level2Indicator,
    Level3Indicator, SubBudget, TargetValue,
};

/// A row label of the 2018 form: a field of the field table, or a label of the form's structure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Label {
    /// A field ([`FormLayout::Y2018`]'s table): 项目名称 … 备注.
    Field(&'static FieldSpec),
    /// 子项目名称 / 预算金额（元）, the header of 项目当年投入资金构成.
    SubBudgetHeader,
    /// 分解目标, the heading of the target table.
    TargetsHeading,
    /// 分解目标内容 / 绩效指标 / 指标目标值, the target table's column header.
    TargetsHeader,
}

/// The labels of the form's structure (not fields), as printed, sample form `forms-2018.txt`.
const STRUCTURE: &[(&str, Label)] = &[
    ("子项目名称", Label::SubBudgetHeader),
    ("预算金额（元）", Label::SubBudgetHeader),
    ("分解目标", Label::TargetsHeading),
    ("分解目标内容", Label::TargetsHeader),
    ("绩效指标", Label::TargetsHeader),
    ("指标目标值", Label::TargetsHeader),
];

/// The label a cell holds, if any, with its printed name: the field table's labels (but 年度,
/// which is the year line) and the structure's, compared by [`label_key`].
fn label_of(cell: &str) -> Option<(Label, &'static str)> {
    let key = label_key(cell);
    if key.is_empty() {
        return None;
    }
    FormLayout::Y2018
        .fields()
        .iter()
        .filter(|spec| spec.kind != FieldKind::Year)
        .find(|spec| label_key(spec.label) == key)
        .map(|spec| (Label::Field(spec), spec.label))
        .or_else(|| {
            STRUCTURE
                .iter()
                .find(|(name, _)| label_key(name) == key)
                .map(|(name, label)| (*label, *name))
        })
}

/// The field a label names, if it is one.
fn field_of(label: Label) -> Option<Field> {
    match label {
        Label::Field(spec) => Some(spec.field),
        _ => None,
    }
}

/// Whether the label opens a long text field (they take unlabelled rows before them); 备注 is
/// read as a part of the form, below the target table.
fn is_text(label: Label) -> bool {
    matches!(label, Label::Field(spec) if spec.kind == FieldKind::LongText && spec.field != Field::Remarks)
}

/// Whether the label opens a part of the form rather than a field (sub-budgets, the target
/// table, 备注).
fn is_structural(label: Label) -> bool {
    match label {
        Label::Field(spec) => matches!(spec.field, Field::SubBudgets | Field::Remarks),
        Label::SubBudgetHeader | Label::TargetsHeading | Label::TargetsHeader => true,
    }
}

/// Which part of the form the reader is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Section {
    Header,
    SubBudgets,
    Targets,
    Remarks,
}

/// The state of reading one form.
struct Reader {
    declaration: Declaration,
    warnings: Warnings,
    section: Section,
    /// Unlabelled text rows waiting for the next labelled text field: `(line, text)`.
    pending: Vec<(usize, String)>,
    /// Fields already read, to report a second occurrence.
    seen: Vec<Field>,
    /// The cells sit on a true grid: the 分解目标 table is read by its columns.
    grid: bool,
    targets: Option<TargetTable>,
}

/// Reads one 2018 form, `lines` running from its title line to the line before the next form.
///
/// The lines are cut into rows of cells by the shared tokenizer (a quoted cell may span lines).
/// Every field comes in; what cannot be placed becomes a warning with its line. Never panics.
pub(crate) fn import_form(fiscal_year: i32, lines: &[Line<'_>]) -> FormImport {
    let Some((title, rest)) = lines.split_first() else {
        return Reader::new(fiscal_year, false).finish(0);
    };
    read_form(fiscal_year, *title, &rows(rest, PASTE_QUOTED_LINES), false)
}

/// Reads one 2018 form whose cells sit on a true grid (a worksheet, a PDF's table): `rows`
/// follow the title line; read as text is, but the 分解目标 table by its columns
/// ([`TargetTable`]).
pub(crate) fn import_grid_form(fiscal_year: i32, title: Line<'_>, rows: &[Row<'_>]) -> FormImport {
    read_form(fiscal_year, title, rows, true)
}

/// Reads the rows of one form after its title line.
fn read_form(fiscal_year: i32, title: Line<'_>, rows: &[Row<'_>], grid: bool) -> FormImport {
    let mut reader = Reader::new(fiscal_year, grid);
    // The title line, by the dispatcher's contract; perhaps with its year.
    let extra = title_line_rest(title.text, FormLayout::Y2018.title());
    if !extra.is_empty() {
        reader.warnings.unplaced(title.number, extra);
    }
    let mut last = title.number;
    for row in rows {
        last = row.number;
        let joined = row.texts().join("\t");
        let trimmed = joined.trim();
        if is_decoration(trimmed) || (row.number <= title.number + 3 && is_year_line(trimmed)) {
            continue;
        }
        reader.read_row(row);
    }
    reader.finish(last)
}

/// The non-blank cells of a row after `skip` cells: as written when `exact` (cells on a grid),
/// else trimmed.
fn values(cells: &[&str], skip: usize, exact: bool) -> Vec<String> {
    if !exact {
        return filled(cells, skip);
    }
    cells
        .iter()
        .skip(skip)
        .filter(|cell| !cell.trim().is_empty())
        .map(|cell| (*cell).to_owned())
        .collect()
}

/// The non-empty cells of a row after `skip` cells, trimmed.
fn filled(cells: &[&str], skip: usize) -> Vec<String> {
    cells
        .iter()
        .skip(skip)
        .map(|cell| cell.trim())
        .filter(|cell| !cell.is_empty())
        .map(str::to_owned)
        .collect()
}

impl Reader {
    fn new(fiscal_year: i32, grid: bool) -> Self {
        Self {
            declaration: Declaration::empty(FormLayout::Y2018, fiscal_year),
            warnings: Warnings::default(),
            section: Section::Header,
            pending: Vec::new(),
            seen: Vec::new(),
            grid,
            targets: None,
        }
    }

    /// Ends the form, whose last line is `last`.
    fn finish(mut self, last: usize) -> FormImport {
        self.flush_pending();
        if let Some(table) = self.targets.take() {
            self.declaration.indicators = table.indicators;
            self.warnings.0.extend(table.warnings);
        }
        if self.section != Section::Remarks {
            let missing = if matches!(self.section, Section::Targets) {
                FormLayout::Y2018.field_label(Field::Remarks)
            } else {
                "分解目标表"
            };
            self.warnings
                .push(last, format!("表格不完整：未找到「{missing}」"));
        }
        FormImport {
            declaration: self.declaration,
            warnings: self.warnings.0,
        }
    }

    fn read_row(&mut self, row: &Row<'_>) {
        let number = row.number;
        let cells = row.texts();
        if self.grid
            && self.section != Section::Remarks
            && let Some(columns) = TargetColumns::from_header(FormLayout::Y2018, row)
        {
            self.flush_pending();
            self.section = Section::Targets;
            match &mut self.targets {
                Some(table) => table.set_columns(columns),
                None => self.targets = Some(TargetTable::new(FormLayout::Y2018, columns)),
            }
            return;
        }
        if cells.iter().any(|cell| cell.contains("<input")) {
            self.read_check_boxes(number, &cells.join("\t"));
            return;
        }
        if cells.iter().any(|cell| cell.contains(['☑', '☐'])) {
            self.read_marked_boxes(number, &cells);
            return;
        }
        let first = cells.first().map_or("", |cell| cell.trim());
        // 申报单位名称：… is a single cell with a colon.
        if let Some(unit) = first
            .strip_prefix(FormLayout::Y2018.field_label(Field::DeclaringUnit))
            .and_then(|rest| rest.trim_start().strip_prefix(['：', ':']))
        {
            let unit = if self.grid { unit } else { unit.trim() }.to_owned();
            let rest = filled(&cells, 1);
            let unit = if unit.is_empty() { rest.join("") } else { unit };
            if self.first_time(Field::DeclaringUnit, number, &unit) {
                self.declaration.set_text(Field::DeclaringUnit, &unit);
            }
            return;
        }
        let label = label_of(first);
        match (self.section, label) {
            (Section::Remarks, _) => self.read_remarks(&cells),
            (_, Some((Label::Field(spec), _))) if spec.field == Field::Remarks => {
                self.flush_pending();
                self.section = Section::Remarks;
                self.read_remarks(cells.get(1..).unwrap_or_default());
            }
            (Section::Targets, _) => self.read_target(number, &cells),
            (Section::SubBudgets, None | Some((Label::SubBudgetHeader, _))) => {
                self.read_sub_budget(number, &cells);
            }
            (Section::SubBudgets, Some((Label::Field(spec), _)))
                if spec.field == Field::SubBudgets =>
            {
                self.read_sub_budget(number, &cells);
            }
            (_, None) if first.is_empty() => self.read_unlabelled(number, &cells),
            (_, None) => self.warnings.unplaced(number, &cells.join(" ")),
            (_, Some((label, name))) => {
                self.section = Section::Header;
                self.read_labelled(number, label, name, &cells);
            }
        }
    }

    /// A row whose label cell is empty: check-box continuation, sub-budget header, or text that
    /// belongs to the next labelled text field.
    fn read_unlabelled(&mut self, number: usize, cells: &[&str]) {
        if let Some(position) = cells.iter().position(|cell| label_of(cell).is_some()) {
            // e.g. `\t子项目名称\t\t预算金额（元）`: the label drifted one column right.
            self.report_extra(
                number,
                &filled(cells.get(..position).unwrap_or_default(), 0),
            );
            let rest = cells.get(position..).unwrap_or_default();
            if let Some((label, name)) = rest.first().and_then(|cell| label_of(cell)) {
                self.read_labelled(number, label, name, rest);
            }
            return;
        }
        let rest = values(cells, 1, self.grid);
        let text = cell_value(&rest.join("\n"), self.grid);
        if !text.trim().is_empty() {
            self.pending.push((number, text));
        }
    }

    /// A labelled row: the label's value is in the cells after it, up to the next label cell.
    fn read_labelled(&mut self, number: usize, label: Label, name: &'static str, cells: &[&str]) {
        match label {
            Label::Field(spec) if spec.field == Field::SubBudgets => {
                self.flush_pending();
                self.section = Section::SubBudgets;
                self.read_sub_budget(number, cells);
                return;
            }
            Label::SubBudgetHeader => {
                self.flush_pending();
                self.section = Section::SubBudgets;
                return;
            }
            Label::TargetsHeading => {
                self.flush_pending();
                self.report_extra(number, &filled(cells, 1));
                return;
            }
            Label::TargetsHeader => {
                self.flush_pending();
                self.section = Section::Targets;
                return;
            }
            Label::Field(spec) if spec.field == Field::Remarks => {
                self.flush_pending();
                self.section = Section::Remarks;
                self.read_remarks(cells.get(1..).unwrap_or_default());
                return;
            }
            Label::Field(_) => {}
        }
        // Split the row at every label cell: `开始时间 | 2018/1/1 | 结束时间 | 2018/12/31`; each
        // label's value is the cell to its right, whichever labels the row leaves out.
        let (mut label, mut name) = (label, name);
        let mut values: Vec<&str> = Vec::new();
        for (index, cell) in cells.iter().enumerate().skip(1) {
            let Some((next, next_name)) = label_of(cell) else {
                values.push(cell);
                continue;
            };
            self.set_field(number, label, name, &values);
            if is_structural(next) {
                // The rest of the row opens another part of the form.
                self.read_labelled(
                    number,
                    next,
                    next_name,
                    cells.get(index..).unwrap_or_default(),
                );
                return;
            }
            (label, name) = (next, next_name);
            values.clear();
        }
        self.set_field(number, label, name, &values);
    }

    /// Records that `field` has been read and returns `true` the first time; a second
    /// occurrence is not imported and is reported quoting its `text` (the first one is kept, as
    /// on the 2020 layout).
    fn first_time(&mut self, field: Field, number: usize, text: &str) -> bool {
        if self.seen.contains(&field) {
            let name = FormLayout::Y2018.field_label(field);
            self.warnings.push(
                number,
                format!("「{name}」重复出现，第二次的内容未导入：「{text}」"),
            );
            false
        } else {
            self.seen.push(field);
            true
        }
    }

    /// Puts the cells after a label into its field.
    fn set_field(&mut self, number: usize, label: Label, name: &'static str, cells: &[&str]) {
        let Label::Field(spec) = label else {
            // A structural label in a field's place (handled by the caller); its cells are text.
            self.report_extra(number, &filled(cells, 0));
            return;
        };
        let field = spec.field;
        let values = values(cells, 0, self.grid);
        if is_text(label) {
            let mut paragraphs: Vec<String> =
                self.pending.drain(..).map(|(_, text)| text).collect();
            let own = cell_value(&values.join("\n"), self.grid);
            if !own.trim().is_empty() {
                paragraphs.push(own);
            }
            let text = paragraphs.join("\n");
            if self.first_time(field, number, &text) {
                self.declaration.set_text(field, &text);
            }
            return;
        }
        self.flush_pending();
        let (value, extra) = match values.split_first() {
            Some((value, extra)) => (value.as_str(), extra),
            None => ("", &[][..]),
        };
        self.report_extra(number, extra);
        if !self.first_time(field, number, value) {
            return;
        }
        match spec.kind {
            // 项目类型/资金用途 written as text, without check boxes: an option name is taken,
            // whichever of the two rows it is on.
            FieldKind::CheckBox(_) if !value.is_empty() => {
                let option_of = FormLayout::Y2018.fields().iter().find(|other| {
                    matches!(other.kind, FieldKind::CheckBox(options) if options.contains(&value))
                });
                match option_of {
                    Some(other) => {
                        self.declaration.set_text(other.field, value);
                    }
                    None => self.warnings.unplaced(number, value),
                }
            }
            FieldKind::CheckBox(_) => {}
            FieldKind::Text | FieldKind::Date | FieldKind::Money => {
                if let Some(warning) = read_field(&mut self.declaration, spec, value) {
                    self.warnings.push(number, warning);
                }
            }
            _ if !value.is_empty() => self.warnings.unplaced(number, &format!("{name}：{value}")),
            _ => {}
        }
    }

    /// Warns about cells left over on a row after its value.
    fn report_extra(&mut self, number: usize, extra: &[String]) {
        if !extra.is_empty() {
            self.warnings.unplaced(number, &extra.join(" "));
        }
    }

    /// Unlabelled text that no text field took: reported as unplaced.
    fn flush_pending(&mut self) {
        for (number, text) in std::mem::take(&mut self.pending) {
            self.warnings.unplaced(number, &text);
        }
    }

    /// A row of check boxes: `名称 <input … checked …/>` pairs; names from the options of
    /// 项目类型 and 资金用途 (the field table's check boxes) set that field whatever the row's
    /// label. `text` is the row's cells joined by tabs.
    fn read_check_boxes(&mut self, number: usize, text: &str) {
        self.flush_pending();
        let mut rest = text;
        while let Some(start) = rest.find("<input") {
            let before = rest.get(..start).unwrap_or_default();
            let after = rest.get(start..).unwrap_or_default();
            let end = after.find('>').map_or(after.len(), |end| end + 1);
            let checked = after.get(..end).unwrap_or_default().contains("checked");
            rest = after.get(end..).unwrap_or_default();
            let mut cells = filled(&before.split('\t').collect::<Vec<_>>(), 0);
            let Some(option) = cells.pop() else {
                self.warnings.push(number, "复选框前没有选项名称");
                continue;
            };
            for cell in cells {
                let is_box_label = matches!(
                    label_of(&cell),
                    Some((Label::Field(spec), _)) if matches!(spec.kind, FieldKind::CheckBox(_))
                );
                if !is_box_label {
                    self.warnings.unplaced(number, &cell);
                }
            }
            let Some(spec) = FormLayout::Y2018.fields().iter().find(|spec| {
                matches!(spec.kind, FieldKind::CheckBox(options) if options.contains(&option.as_str()))
            }) else {
                let state = if checked { "已勾选" } else { "未勾选" };
                self.warnings
                    .push(number, format!("未知的选项「{option}」（{state}），未导入"));
                continue;
            };
            if !checked {
                continue;
            }
            let ticked = self.declaration.text(spec.field).unwrap_or_default();
            if ticked.is_empty() {
                self.declaration.set_text(spec.field, &option);
            } else {
                let message = format!(
                    "「{}」勾选了多项，保留「{ticked}」，未导入「{option}」",
                    spec.label
                );
                self.warnings.push(number, message);
            }
        }
        let leftover = filled(&rest.split('\t').collect::<Vec<_>>(), 0);
        self.report_extra(number, &leftover);
    }

    /// A row of check boxes as Jixiao prints them, `选项☐  选项☑` (the tick after the option):
    /// the ticked option is the field's value, the field the row's label names (项目类型,
    /// 资金用途), else the field whose options hold it. An option that is not in the list is the
    /// value too (the print adds it, ticked, at the end).
    fn read_marked_boxes(&mut self, number: usize, cells: &[&str]) {
        self.flush_pending();
        let box_field = |spec: &FieldSpec| matches!(spec.kind, FieldKind::CheckBox(_));
        let labelled = cells.iter().find_map(|cell| match label_of(cell) {
            Some((Label::Field(spec), _)) if box_field(spec) => Some(spec),
            _ => None,
        });
        let mut ticked: Vec<String> = Vec::new();
        for cell in cells.iter().filter(|cell| cell.contains(['☑', '☐'])) {
            let mut rest = *cell;
            while let Some(position) = rest.find(['☑', '☐']) {
                let option = rest.get(..position).unwrap_or_default().trim();
                let after = rest.get(position..).unwrap_or_default();
                if after.starts_with('☑') {
                    ticked.push(option.to_owned());
                }
                rest = after.get('☑'.len_utf8()..).unwrap_or_default();
            }
            if !rest.trim().is_empty() {
                self.warnings.unplaced(number, rest);
            }
        }
        let Some(option) = ticked.first() else {
            return;
        };
        let spec = labelled.or_else(|| {
            FormLayout::Y2018.fields().iter().find(|spec| {
                matches!(spec.kind, FieldKind::CheckBox(options) if options.contains(&option.as_str()))
            })
        });
        let Some(spec) = spec else {
            self.warnings
                .push(number, format!("未知的选项「{option}」（已勾选），未导入"));
            return;
        };
        if self.first_time(spec.field, number, option) {
            self.declaration.set_text(spec.field, option);
        }
        for other in ticked.iter().skip(1) {
            self.warnings.push(
                number,
                format!(
                    "「{}」勾选了多项，保留「{option}」，未导入「{other}」",
                    spec.label
                ),
            );
        }
    }

    /// A line of 项目当年投入资金构成: name, then the amount in the last non-empty cell.
    fn read_sub_budget(&mut self, number: usize, cells: &[&str]) {
        let values: Vec<String> = values(cells, 0, self.grid)
            .into_iter()
            .filter(|cell| {
                !matches!(label_of(cell), Some((Label::SubBudgetHeader, _)))
                    && label_of(cell).and_then(|(label, _)| field_of(label))
                        != Some(Field::SubBudgets)
            })
            .collect();
        let Some((last, names)) = values.split_last() else {
            return;
        };
        let (name, amount) = if names.is_empty() {
            (last.clone(), None)
        } else {
            let amount = money_cell(last, number, "预算金额（元）", &mut self.warnings);
            (names.join(" "), amount)
        };
        if let Some(lines) = self.declaration.sub_budgets_mut() {
            lines.push(SubBudget { name, amount });
        }
    }

    /// A row of the 分解目标 table: 分解目标内容 (empty: as above), 绩效指标, 指标目标值; by
    /// its columns when the cells sit on a grid.
    fn read_target(&mut self, number: usize, cells: &[&str]) {
        if let Some(table) = &mut self.targets {
            let row = Row {
                number,
                cells: cells
                    .iter()
                    .enumerate()
                    .map(|(column, text)| super::cells::Cell {
                        line: number,
                        column,
                        text: std::borrow::Cow::Borrowed(*text),
                    })
                    .collect(),
            };
            table.row(&row);
            return;
        }
        let group = cells.first().map_or("", |cell| cell.trim());
        if matches!(
            label_of(group),
            Some((Label::TargetsHeader | Label::TargetsHeading, _))
        ) {
            return;
        }
        let values = filled(cells, 1);
        if !group.is_empty() {
            let mut level1 = Level1Indicator::new(group);
            level1.children.push(Level2Indicator::new(""));
            self.declaration.indicators.push(level1);
        }
        let Some((name, rest)) = values.split_first() else {
            return;
        };
        let (value, extra) = match rest.split_first() {
            Some((value, extra)) => (value.as_str(), extra),
            None => ("", &[][..]),
        };
        self.report_extra(number, extra);
        if self.declaration.indicators.is_empty() {
            self.warnings.push(
                number,
                format!("「{name}」之前没有分解目标内容，已放入无名的分解目标"),
            );
            let mut level1 = Level1Indicator::new("");
            level1.children.push(Level2Indicator::new(""));
            self.declaration.indicators.push(level1);
        }
        if let Some(level2) = self
            .declaration
            .indicators
            .last_mut()
            .and_then(|level1| level1.children.last_mut())
        {
            level2.children.push(Level3Indicator::new(
                name.clone(),
                TargetValue::parse(value),
            ));
        }
    }

    /// 备注 and anything after it (but the decoration line).
    fn read_remarks(&mut self, cells: &[&str]) {
        let text = cell_value(&values(cells, 0, self.grid).join("\n"), self.grid);
        if text.trim().is_empty() {
            return;
        }
        if let Some(remarks) = self.declaration.text_mut(Field::Remarks) {
            if !remarks.is_empty() {
                remarks.push('\n');
            }
            remarks.push_str(&text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FormFields;

    fn lines(text: &str) -> Vec<Line<'_>> {
        text.lines()
            .enumerate()
            .map(|(i, text)| Line {
                number: i + 1,
                text,
            })
            .collect()
    }

    #[test]
    fn check_boxes_are_read_by_option_name() {
        let text = "上海市财政支出项目绩效目标申报表\n项目类型\t结转项目 <input type=\"checkbox\"/> 其他经常性项目 <input checked=\"\" type=\"checkbox\"/>\t\t\n\t信息化建设类 <input checked=\"\" type=\"checkbox\"/>\t\t";
        let imported = import_form(2018, &lines(text));
        let FormFields::Y2018(fields) = &imported.declaration.form else {
            panic!("not a 2018 form");
        };
        assert_eq!(fields.project_type, "其他经常性项目");
        assert_eq!(fields.fund_use, "信息化建设类");
    }

    #[test]
    fn title_with_its_year_on_one_line() {
        let text = "上海市财政支出项目绩效目标申报表（2018年）\n项目名称\t甲\n分解目标内容\t绩效指标\t指标目标值\n产出目标\t乙\t=1\n备注\t";
        let imported = import_form(2018, &lines(text));
        assert_eq!(imported.warnings, []);
        assert_eq!(imported.declaration.project_name, "甲");
        assert_eq!(imported.declaration.level3_count(), 1);
    }

    #[test]
    fn options_written_as_text_are_taken() {
        let text = "上海市财政支出项目绩效目标申报表\n项目类型\t结转项目\n资金用途\t政策补贴类\n项目类型\t别的";
        let imported = import_form(2018, &lines(text));
        let FormFields::Y2018(fields) = &imported.declaration.form else {
            panic!("not a 2018 form");
        };
        assert_eq!(fields.project_type, "结转项目");
        assert_eq!(fields.fund_use, "政策补贴类");
        assert!(
            imported
                .warnings
                .iter()
                .any(|(line, message)| *line == 4 && message.contains("别的"))
        );
    }

    #[test]
    fn a_part_can_open_mid_row() {
        let text = "上海市财政支出项目绩效目标申报表\n项目当年预算（元）\t100\t项目当年投入资金构成\t甲\t50\n\t乙\t50\n项目总目标\t总\t备注\t无";
        let imported = import_form(2018, &lines(text));
        let FormFields::Y2018(fields) = &imported.declaration.form else {
            panic!("not a 2018 form");
        };
        let sub_budgets: Vec<_> = fields
            .sub_budgets
            .iter()
            .map(|line| (line.name.as_str(), line.amount.map(|a| a.to_string())))
            .collect();
        assert_eq!(
            sub_budgets,
            [
                ("甲", Some("50.00".to_owned())),
                ("乙", Some("50.00".to_owned()))
            ]
        );
        assert_eq!(imported.declaration.overall_goal, "总");
        assert_eq!(fields.remarks, "无");
    }

    #[test]
    fn a_repeated_field_keeps_the_first_and_reports_the_second() {
        let text = "上海市财政支出项目绩效目标申报表\n项目名称\t甲\n项目名称\t乙";
        let imported = import_form(2018, &lines(text));
        assert_eq!(imported.declaration.project_name, "甲");
        assert!(
            imported
                .warnings
                .iter()
                .any(|(line, message)| *line == 3 && message.contains("「乙」"))
        );
    }

    #[test]
    fn two_ticks_warn() {
        let text = "上海市财政支出项目绩效目标申报表\n项目类型\t结转项目 <input checked=\"\" type=\"checkbox\"/> 其他经常性项目 <input checked=\"\" type=\"checkbox\"/>";
        let imported = import_form(2018, &lines(text));
        assert!(
            imported
                .warnings
                .iter()
                .any(|(line, message)| *line == 2 && message.contains("勾选了多项"))
        );
    }
}
