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

use super::legacy::{
    Warnings, date_cell, is_decoration, is_year_line, money_cell, normalize_label, title_line_rest,
};
use super::text::html_to_text;
use super::{FormImport, Line};
use crate::model::{
    Declaration, FUND_USES_2018, Fields2018, FormFields, FormLayout, Level1Indicator,
    Level2Indicator, Level3Indicator, PROJECT_TYPES_2018, SubBudget, TargetValue,
};

/// A row label of the 2018 form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Label {
    DeclaringUnit,
    ProjectName,
    ProjectType,
    FundUse,
    PlannedStart,
    PlannedEnd,
    Overview,
    LegalBasis,
    Necessity,
    Safeguards,
    ProjectBudget,
    AnnualBudget,
    PriorYearBudget,
    PriorYearSpent,
    SubBudgets,
    SubBudgetHeader,
    ImplementationPlan,
    OverallGoal,
    AnnualGoal,
    TargetsHeading,
    TargetsHeader,
    Remarks,
}

/// The labels as printed (after [`normalize_label`]), sample form `forms-2018.txt`.
const LABELS: &[(&str, Label)] = &[
    ("申报单位名称", Label::DeclaringUnit),
    ("项目名称", Label::ProjectName),
    ("项目类型", Label::ProjectType),
    ("资金用途", Label::FundUse),
    ("开始时间", Label::PlannedStart),
    ("结束时间", Label::PlannedEnd),
    ("项目概况", Label::Overview),
    ("立项依据", Label::LegalBasis),
    ("项目设立的必要性", Label::Necessity),
    ("保证项目实施的制度、措施", Label::Safeguards),
    ("项目总预算（元）", Label::ProjectBudget),
    ("项目当年预算（元）", Label::AnnualBudget),
    ("同名项目上年预算额（元）", Label::PriorYearBudget),
    ("同名项目上年预算执行数（元）", Label::PriorYearSpent),
    ("项目当年投入资金构成", Label::SubBudgets),
    ("子项目名称", Label::SubBudgetHeader),
    ("预算金额（元）", Label::SubBudgetHeader),
    ("项目实施计划", Label::ImplementationPlan),
    ("项目总目标", Label::OverallGoal),
    ("年度绩效目标", Label::AnnualGoal),
    ("分解目标", Label::TargetsHeading),
    ("分解目标内容", Label::TargetsHeader),
    ("绩效指标", Label::TargetsHeader),
    ("指标目标值", Label::TargetsHeader),
    ("备注", Label::Remarks),
];

/// The label a cell holds, if any, with its printed name.
fn label_of(cell: &str) -> Option<(Label, &'static str)> {
    let normalized = normalize_label(cell);
    LABELS
        .iter()
        .find(|(name, _)| *name == normalized)
        .map(|(name, label)| (*label, *name))
}

/// Whether the label opens a long text field (they take unlabelled rows before them).
fn is_text(label: Label) -> bool {
    matches!(
        label,
        Label::Overview
            | Label::LegalBasis
            | Label::Necessity
            | Label::Safeguards
            | Label::ImplementationPlan
            | Label::OverallGoal
            | Label::AnnualGoal
    )
}

/// Whether the label opens a part of the form rather than a field (sub-budgets, the target
/// table, 备注).
fn is_structural(label: Label) -> bool {
    matches!(
        label,
        Label::SubBudgets
            | Label::SubBudgetHeader
            | Label::TargetsHeading
            | Label::TargetsHeader
            | Label::Remarks
    )
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
    fields: Fields2018,
    warnings: Warnings,
    section: Section,
    /// Unlabelled text rows waiting for the next labelled text field: `(line, text)`.
    pending: Vec<(usize, String)>,
    /// Fields already read, to report a second occurrence.
    seen: Vec<Label>,
}

/// Reads one 2018 form, `lines` running from its title line to the line before the next form.
///
/// Every field comes in; what cannot be placed becomes a warning with its line. Never panics.
pub(crate) fn import_form(fiscal_year: i32, lines: &[Line<'_>]) -> FormImport {
    let mut reader = Reader {
        declaration: Declaration {
            fiscal_year,
            project_name: String::new(),
            form: FormFields::Y2018(Fields2018::default()),
            planned_start: None,
            planned_end: None,
            overall_goal: String::new(),
            annual_goal: String::new(),
            indicators: Vec::new(),
        },
        fields: Fields2018::default(),
        warnings: Warnings::default(),
        section: Section::Header,
        pending: Vec::new(),
        seen: Vec::new(),
    };
    for (index, line) in lines.iter().enumerate() {
        let trimmed = line.text.trim();
        if index == 0 {
            // The title line, by the dispatcher's contract; perhaps with its year.
            let rest = title_line_rest(trimmed, FormLayout::Y2018.title());
            if !rest.is_empty() {
                reader.warnings.unplaced(line.number, rest);
            }
            continue;
        }
        if is_decoration(trimmed) || (index <= 3 && is_year_line(trimmed)) {
            continue;
        }
        reader.read_row(line);
    }
    reader.flush_pending();
    if reader.section != Section::Remarks {
        let line = lines.last().map_or(0, |line| line.number);
        let missing = if matches!(reader.section, Section::Targets) {
            "备注"
        } else {
            "分解目标表"
        };
        reader
            .warnings
            .push(line, format!("表格不完整：未找到「{missing}」"));
    }
    let Reader {
        mut declaration,
        fields,
        warnings,
        ..
    } = reader;
    declaration.form = FormFields::Y2018(fields);
    FormImport {
        declaration,
        warnings: warnings.0,
    }
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
    fn read_row(&mut self, line: &Line<'_>) {
        let number = line.number;
        if line.text.contains("<input") {
            self.read_check_boxes(line);
            return;
        }
        let cells: Vec<&str> = line.text.split('\t').collect();
        let first = cells.first().map_or("", |cell| cell.trim());
        // 申报单位名称：… is a single cell with a colon.
        if let Some(unit) = first
            .strip_prefix("申报单位名称")
            .and_then(|rest| rest.trim_start().strip_prefix(['：', ':']))
        {
            let unit = unit.trim().to_owned();
            let rest = filled(&cells, 1);
            let unit = if unit.is_empty() { rest.join("") } else { unit };
            if self.first_time(Label::DeclaringUnit, "申报单位名称", number, &unit) {
                self.fields.declaring_unit = unit;
            }
            return;
        }
        let label = label_of(first);
        match (self.section, label) {
            (Section::Remarks, _) => self.read_remarks(&cells),
            (_, Some((Label::Remarks, _))) => {
                self.flush_pending();
                self.section = Section::Remarks;
                self.read_remarks(&cells[1..]);
            }
            (Section::Targets, _) => self.read_target(number, &cells),
            (Section::SubBudgets, None | Some((Label::SubBudgets | Label::SubBudgetHeader, _))) => {
                self.read_sub_budget(number, &cells);
            }
            (_, None) if first.is_empty() => self.read_unlabelled(number, &cells),
            (_, None) => self
                .warnings
                .unplaced(number, &line.text.replace('\t', " ")),
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
            self.report_extra(number, &filled(&cells[..position], 0));
            if let Some((label, name)) = label_of(cells[position]) {
                self.read_labelled(number, label, name, &cells[position..]);
            }
            return;
        }
        let rest = filled(cells, 1);
        let text = html_to_text(&rest.join("\n"));
        if !text.is_empty() {
            self.pending.push((number, text));
        }
    }

    /// A labelled row: the label's value is in the cells after it, up to the next label cell.
    fn read_labelled(&mut self, number: usize, label: Label, name: &'static str, cells: &[&str]) {
        match label {
            Label::SubBudgets | Label::SubBudgetHeader => {
                self.flush_pending();
                self.section = Section::SubBudgets;
                if label == Label::SubBudgets {
                    self.read_sub_budget(number, cells);
                }
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
            Label::Remarks => {
                self.flush_pending();
                self.section = Section::Remarks;
                self.read_remarks(cells.get(1..).unwrap_or_default());
                return;
            }
            _ => {}
        }
        // Split the row at every label cell: `开始时间 | 2018/1/1 | 结束时间 | 2018/12/31`.
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
                self.read_labelled(number, next, next_name, &cells[index..]);
                return;
            }
            (label, name) = (next, next_name);
            values.clear();
        }
        self.set_field(number, label, name, &values);
    }

    /// Records that `label` has been read and returns `true` the first time; a second
    /// occurrence is not imported and is reported quoting its `text` (the first one is kept, as
    /// on the 2020 layout).
    fn first_time(&mut self, label: Label, name: &str, number: usize, text: &str) -> bool {
        if self.seen.contains(&label) {
            self.warnings.push(
                number,
                format!("「{name}」重复出现，第二次的内容未导入：「{text}」"),
            );
            false
        } else {
            self.seen.push(label);
            true
        }
    }

    /// Puts the cells after a label into its field.
    fn set_field(&mut self, number: usize, label: Label, name: &'static str, cells: &[&str]) {
        let values = filled(cells, 0);
        if is_text(label) {
            let mut paragraphs: Vec<String> =
                self.pending.drain(..).map(|(_, text)| text).collect();
            let own = html_to_text(&values.join("\n"));
            if !own.is_empty() {
                paragraphs.push(own);
            }
            let text = paragraphs.join("\n");
            if !self.first_time(label, name, number, &text) {
                return;
            }
            let texts = &mut self.fields.texts;
            match label {
                Label::Overview => texts.project_overview = text,
                Label::LegalBasis => texts.legal_basis = text,
                Label::Necessity => texts.necessity = text,
                Label::Safeguards => texts.safeguards = text,
                Label::ImplementationPlan => texts.implementation_plan = text,
                Label::OverallGoal => self.declaration.overall_goal = text,
                _ => self.declaration.annual_goal = text,
            }
            return;
        }
        self.flush_pending();
        let (value, extra) = match values.split_first() {
            Some((value, extra)) => (value.as_str(), extra),
            None => ("", &[][..]),
        };
        self.report_extra(number, extra);
        if !self.first_time(label, name, number, value) {
            return;
        }
        let warnings = &mut self.warnings;
        let budget = &mut self.fields.budget;
        match label {
            Label::DeclaringUnit => self.fields.declaring_unit = value.to_owned(),
            Label::ProjectName => self.declaration.project_name = value.to_owned(),
            Label::PlannedStart => {
                self.declaration.planned_start = date_cell(value, number, name, warnings);
            }
            Label::PlannedEnd => {
                self.declaration.planned_end = date_cell(value, number, name, warnings);
            }
            Label::ProjectBudget => {
                budget.project_budget = money_cell(value, number, name, warnings);
            }
            Label::AnnualBudget => budget.annual_budget = money_cell(value, number, name, warnings),
            Label::PriorYearBudget => {
                budget.prior_year_budget = money_cell(value, number, name, warnings);
            }
            Label::PriorYearSpent => {
                budget.prior_year_spent = money_cell(value, number, name, warnings);
            }
            // 项目类型/资金用途 written as text, without check boxes: an option name is taken.
            Label::ProjectType | Label::FundUse if !value.is_empty() => {
                if PROJECT_TYPES_2018.contains(&value) {
                    self.fields.project_type = value.to_owned();
                } else if FUND_USES_2018.contains(&value) {
                    self.fields.fund_use = value.to_owned();
                } else {
                    warnings.unplaced(number, value);
                }
            }
            _ if !value.is_empty() => warnings.unplaced(number, value),
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

    /// A row of check boxes: `名称 <input … checked …/>` pairs; names from [`PROJECT_TYPES_2018`]
    /// and [`FUND_USES_2018`] set 项目类型 / 资金用途 whatever the row's label.
    fn read_check_boxes(&mut self, line: &Line<'_>) {
        self.flush_pending();
        let number = line.number;
        let mut rest = line.text;
        while let Some(start) = rest.find("<input") {
            let before = &rest[..start];
            let after = &rest[start..];
            let end = after.find('>').map_or(after.len(), |end| end + 1);
            let checked = after[..end].contains("checked");
            rest = &after[end..];
            let mut cells = filled(&before.split('\t').collect::<Vec<_>>(), 0);
            let Some(option) = cells.pop() else {
                self.warnings.push(number, "复选框前没有选项名称");
                continue;
            };
            for cell in cells {
                if !matches!(
                    label_of(&cell),
                    Some((Label::ProjectType | Label::FundUse, _))
                ) {
                    self.warnings.unplaced(number, &cell);
                }
            }
            let (field, name) = if PROJECT_TYPES_2018.contains(&option.as_str()) {
                (&mut self.fields.project_type, "项目类型")
            } else if FUND_USES_2018.contains(&option.as_str()) {
                (&mut self.fields.fund_use, "资金用途")
            } else {
                let state = if checked { "已勾选" } else { "未勾选" };
                self.warnings
                    .push(number, format!("未知的选项「{option}」（{state}），未导入"));
                continue;
            };
            if !checked {
                continue;
            }
            if field.is_empty() {
                *field = option;
            } else {
                self.warnings.push(
                    number,
                    format!("「{name}」勾选了多项，保留「{field}」，未导入「{option}」"),
                );
            }
        }
        let leftover = filled(&rest.split('\t').collect::<Vec<_>>(), 0);
        self.report_extra(number, &leftover);
    }

    /// A line of 项目当年投入资金构成: name, then the amount in the last non-empty cell.
    fn read_sub_budget(&mut self, number: usize, cells: &[&str]) {
        let values: Vec<String> = filled(cells, 0)
            .into_iter()
            .filter(|cell| {
                !matches!(
                    label_of(cell),
                    Some((Label::SubBudgets | Label::SubBudgetHeader, _))
                )
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
        self.fields.sub_budgets.push(SubBudget { name, amount });
    }

    /// A row of the 分解目标 table: 分解目标内容 (empty: as above), 绩效指标, 指标目标值.
    fn read_target(&mut self, number: usize, cells: &[&str]) {
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
        let text = html_to_text(&filled(cells, 0).join("\n"));
        if text.is_empty() {
            return;
        }
        if !self.fields.remarks.is_empty() {
            self.fields.remarks.push('\n');
        }
        self.fields.remarks.push_str(&text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
