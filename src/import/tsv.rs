//! Reads back the tab-separated text `jixiao export --format tsv` writes (see
//! [`crate::export::tsv`]), e.g. after a user kept it in a spreadsheet, for all three layouts.
//! Depends on the model (its field table) and the export's vocabulary.
//!
//! Two shapes:
//! - the export as written: the form's title alone on a line, then `年度<TAB>…`: read exactly,
//!   in the title's layout, values kept as written (no trimming, no HTML), so that
//!   export → import is the identity;
//! - plain `label<TAB>value` rows starting with `年度<TAB>…` (a paste of issue 2's export, or rows
//!   typed by hand): read as before, values trimmed, in the layout whose labels they use
//!   (the current one unless the labels are another layout's).
//!
//! Either way a form's fields are looked up in its layout's field table; the first 其他资金 is
//! the whole project's, the second this year's (the export writes them in that order). Several
//! forms may follow each other, each starting at its title (or its `年度` line). Lines that fit
//! nowhere become warnings with their line number.

use crate::export::tsv::{
    MARK_SEPARATOR, NEW_LEVEL1, NEW_LEVEL2, NO_LEVEL2, NO_LEVEL3, QUALITATIVE, QUANTITATIVE,
    printed_headers,
};
use crate::model::{
    Comparator, Declaration, Field, FieldKind, FieldSpec, FormLayout, Level1Indicator,
    Level2Indicator, Level3Indicator, SubBudget, TargetNumber, TargetValue,
};

use super::cells::{Cell, PASTE_QUOTED_LINES, Row, label_key, read_field, read_money, rows};
use super::{ImportReport, ImportWarning, Line, shorten};

/// The label of the year row that follows the title (the field table's 年度).
fn year_label() -> &'static str {
    FormLayout::Current.field_label(Field::FiscalYear)
}

/// Whether `text` is in an export shape: its first non-blank line is a form title followed by a
/// `年度` row, or is itself a `年度<TAB>…` row.
pub(crate) fn looks_like_export(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines().filter(|line| !line.trim().is_empty());
    let Some(first) = lines.next() else {
        return false;
    };
    if is_year_row(first) {
        return true;
    }
    title_layout(first).is_some() && lines.next().is_some_and(is_year_row)
}

/// Whether a line is a `年度<TAB>…` row.
fn is_year_row(line: &str) -> bool {
    line.split('\t')
        .next()
        .is_some_and(|first| first.trim() == year_label())
        && line.contains('\t')
}

/// The layout whose title a line is: the title alone, trailing empty cells allowed (a
/// spreadsheet pads the row to the width of the copied range).
fn title_layout(line: &str) -> Option<FormLayout> {
    let mut cells = line
        .split('\t')
        .map(str::trim)
        .filter(|cell| !cell.is_empty());
    let only = cells.next()?;
    if cells.next().is_some() {
        return None;
    }
    FormLayout::ALL
        .into_iter()
        .find(|layout| layout.title() == only)
}

/// Imports every form in an export-shaped text. Never fails and never panics.
pub(crate) fn import_export(text: &str) -> ImportReport {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<Line<'_>> = text
        .lines()
        .enumerate()
        .map(|(index, text)| Line {
            number: index + 1,
            text,
        })
        .collect();
    let exact = lines
        .iter()
        .find(|line| !line.text.trim().is_empty())
        .is_some_and(|line| title_layout(line.text).is_some());
    // The export quotes every cell that needs it, so a quoted cell may be as long as it likes.
    let max_quoted = if exact {
        usize::MAX
    } else {
        PASTE_QUOTED_LINES
    };
    let rows = rows(&lines, max_quoted);
    let mut report = ImportReport::default();
    let mut form: Option<FormReader> = None;
    let mut index = 0;
    while let Some(row) = rows.get(index) {
        index += 1;
        let texts = row.texts();
        let joined = texts.join("\t");
        let next_is_year = rows
            .get(index..)
            .unwrap_or_default()
            .iter()
            .find(|next| !next.texts().join("").trim().is_empty())
            .is_some_and(|next| is_year_row(&next.texts().join("\t")));
        // A title followed by its 年度 row starts a form of the title's layout. In an exact
        // export the title is a line of its own with no tab, while an indicator row always has
        // all its columns: an indicator named like a title stays an indicator.
        let title_alone = !exact || row.cells.len() == 1;
        if let Some(layout) = title_layout(&joined).filter(|_| next_is_year && title_alone) {
            finish(form.take(), &mut report);
            form = Some(FormReader::new(layout, exact));
            continue;
        }
        // In an export's target table, a row is an indicator whatever its first cell says.
        let in_exact_table = form
            .as_ref()
            .is_some_and(|reader| reader.exact && reader.in_table);
        if is_year_row(&joined) && !in_exact_table {
            // A 年度 row right after its title belongs to that form; any other starts one.
            let fresh = form.as_ref().is_some_and(|reader| !reader.year_read);
            if !fresh {
                let layout = guess_layout(rows.get(index - 1..).unwrap_or_default());
                finish(form.take(), &mut report);
                form = Some(FormReader::new(layout, exact));
            }
        }
        match form.as_mut() {
            Some(reader) => reader.row(row),
            None if texts.iter().all(|cell| cell.trim().is_empty()) => {}
            None => report.warnings.push(ImportWarning::new(
                row.number,
                None,
                format!(
                    "在第一个「{}」行之前的内容未导入：「{}」",
                    year_label(),
                    shorten(&texts.join(" "))
                ),
            )),
        }
    }
    finish(form, &mut report);
    report
}

/// Adds a finished form and its warnings to the report.
fn finish(form: Option<FormReader>, report: &mut ImportReport) {
    let Some(reader) = form else {
        return;
    };
    let index = report.declarations.len();
    report.warnings.extend(
        reader
            .warnings
            .into_iter()
            .map(|(line, message)| ImportWarning::new(line, Some(index), message)),
    );
    report.declarations.push(reader.declaration);
}

/// The layout whose field labels the plain rows of one form (from its `年度` row to the next)
/// use: the current layout unless another layout knows more of them.
fn guess_layout(rows: &[Row<'_>]) -> FormLayout {
    let labels: Vec<String> = rows
        .iter()
        .skip(1)
        .take_while(|row| {
            let first = row
                .texts()
                .first()
                .map_or("", |cell| cell.trim())
                .to_owned();
            first != year_label()
                && !FormLayout::ALL
                    .iter()
                    .any(|layout| printed_headers(*layout).first() == Some(&first.as_str()))
        })
        .filter_map(|row| row.texts().first().map(|cell| label_key(cell)))
        .collect();
    let known = |layout: FormLayout| {
        labels
            .iter()
            .filter(|key| {
                layout
                    .fields()
                    .iter()
                    .any(|spec| label_key(spec.label) == **key)
            })
            .count()
    };
    let mut best = FormLayout::Current;
    for layout in FormLayout::ALL {
        if known(layout) > known(best) {
            best = layout;
        }
    }
    best
}

/// The state of reading one form.
struct FormReader {
    declaration: Declaration,
    /// Read exactly (the export as written) rather than trimmed (plain rows).
    exact: bool,
    /// The 年度 row has been read.
    year_read: bool,
    /// The target table's header has been read: the rows after it are indicators.
    in_table: bool,
    /// Fields read so far (a label printed twice takes the next field not yet read).
    seen: Vec<Field>,
    warnings: Vec<(usize, String)>,
}

impl FormReader {
    fn new(layout: FormLayout, exact: bool) -> Self {
        Self {
            declaration: Declaration::empty(layout, 0),
            exact,
            year_read: false,
            in_table: false,
            seen: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn layout(&self) -> FormLayout {
        self.declaration.layout()
    }

    fn warn(&mut self, line: usize, message: String) {
        self.warnings.push((line, message));
    }

    /// A cell's value: as written when reading exactly, trimmed otherwise.
    fn value<'c>(&self, cell: &'c str) -> &'c str {
        if self.exact { cell } else { cell.trim() }
    }

    fn row(&mut self, row: &Row<'_>) {
        let texts = row.texts();
        if texts.iter().all(|cell| cell.is_empty()) {
            // An empty line: between forms, or at the end. A row of empty cells (tabs) is an
            // indicator row in the table.
            if !self.in_table || texts.len() <= 1 {
                return;
            }
        }
        let first = texts.first().map_or("", |cell| cell.trim());
        if !self.in_table && printed_headers(self.layout()).first() == Some(&first) {
            self.in_table = true;
            return;
        }
        if self.in_table {
            self.indicator_row(row);
            return;
        }
        if first.is_empty() && texts.iter().all(|cell| cell.trim().is_empty()) {
            return;
        }
        self.field_row(row, first);
    }

    /// A `label<TAB>value` row (or a 2018 sub-budget line).
    fn field_row(&mut self, row: &Row<'_>, first: &str) {
        let key = label_key(first);
        let candidates: Vec<&'static FieldSpec> = self
            .layout()
            .fields()
            .iter()
            .filter(|spec| spec.label == first || label_key(spec.label) == key)
            .collect();
        let spec = candidates
            .iter()
            .find(|spec| !self.seen.contains(&spec.field))
            .or_else(|| candidates.last())
            .copied();
        let Some(spec) = spec else {
            self.warn(
                row.number,
                format!(
                    "无法识别的行，未导入：「{}」",
                    shorten(&row.texts().join(" "))
                ),
            );
            return;
        };
        if spec.kind == FieldKind::BudgetLines {
            self.sub_budget_row(row);
            return;
        }
        if spec.kind == FieldKind::Year {
            self.year_read = true;
        }
        if self.seen.contains(&spec.field) {
            self.warn(row.number, format!("「{}」重复出现，以本行为准", spec.name));
        } else {
            self.seen.push(spec.field);
        }
        let cells = row.cells.get(1..).unwrap_or_default();
        let value = if self.exact {
            let (value, extra) = cells
                .split_first()
                .map_or(("", &[][..]), |(value, extra)| (value.text.as_ref(), extra));
            self.report_extra(extra);
            value.to_owned()
        } else {
            // Plain rows: the cells after the label, joined, as issue 2's reader took them.
            cells
                .iter()
                .map(|cell| cell.text.trim())
                .collect::<Vec<_>>()
                .join(" ")
                .trim()
                .to_owned()
        };
        if let Some(warning) = read_field(&mut self.declaration, spec, &value) {
            self.warn(row.number, warning);
        }
    }

    /// Cells after the value that nothing reads.
    fn report_extra(&mut self, extra: &[Cell<'_>]) {
        for cell in extra.iter().filter(|cell| !cell.text.trim().is_empty()) {
            self.warn(
                cell.line,
                format!("多出的文字「{}」，未导入", shorten(cell.text.trim())),
            );
        }
    }

    /// `项目当年投入资金构成<TAB>子项目名称<TAB>预算金额` (2018).
    fn sub_budget_row(&mut self, row: &Row<'_>) {
        let name = row
            .cells
            .get(1)
            .map_or("", |cell| self.value(&cell.text))
            .to_owned();
        let amount_text = row.cells.get(2).map_or("", |cell| cell.text.as_ref());
        let (amount, warning) = read_money(amount_text, "预算金额（元）");
        if let Some(warning) = warning {
            self.warn(row.number, warning);
        }
        self.report_extra(row.cells.get(3..).unwrap_or_default());
        if let Some(lines) = self.declaration.sub_budgets_mut() {
            lines.push(SubBudget { name, amount });
        }
    }

    /// One row of the target table: the printed columns, then (exported rows only) the
    /// grouping marks and a value spelled out (see [`crate::export::tsv`]).
    fn indicator_row(&mut self, row: &Row<'_>) {
        let layout = self.layout();
        let printed = printed_headers(layout).len();
        if row.cells.len() < printed {
            self.warn(
                row.number,
                format!(
                    "指标行少于{printed}列，未导入：「{}」",
                    shorten(&row.texts().join(" "))
                ),
            );
            return;
        }
        let text = |column: usize| row.cells.get(column).map_or("", |cell| cell.text.as_ref());
        let level1 = self.value(text(0)).to_owned();
        let (level2, level3, value_column) = if layout.has_level2() {
            (
                self.value(text(1)).to_owned(),
                self.value(text(2)).to_owned(),
                3,
            )
        } else {
            (String::new(), self.value(text(1)).to_owned(), 2)
        };
        let marks: Vec<&str> = if self.exact {
            text(printed)
                .split(MARK_SEPARATOR)
                .map(str::trim)
                .filter(|mark| !mark.is_empty())
                .collect()
        } else {
            Vec::new()
        };
        for mark in &marks {
            if ![NEW_LEVEL1, NEW_LEVEL2, NO_LEVEL2, NO_LEVEL3].contains(mark) {
                self.warn(
                    row.number,
                    format!("未知的分组说明「{}」，未采用", shorten(mark)),
                );
            }
        }
        let target = if self.exact {
            self.exact_target(row, value_column, printed)
        } else {
            // Plain rows: every cell after the names is the value, as issue 2's reader took it.
            let value: Vec<&str> = row
                .cells
                .get(value_column..)
                .unwrap_or_default()
                .iter()
                .map(|cell| cell.text.trim())
                .collect();
            TargetValue::parse(&value.join(" "))
        };
        let indicators = &mut self.declaration.indicators;
        let new_level1 =
            marks.contains(&NEW_LEVEL1) || indicators.last().is_none_or(|last| last.name != level1);
        if new_level1 {
            indicators.push(Level1Indicator::new(level1));
        }
        if marks.contains(&NO_LEVEL2) {
            return;
        }
        let Some(group1) = indicators.last_mut() else {
            return;
        };
        let new_level2 = new_level1
            || marks.contains(&NEW_LEVEL2)
            || group1
                .children
                .last()
                .is_none_or(|last| last.name != level2);
        if new_level2 {
            group1.children.push(Level2Indicator::new(level2));
        }
        if marks.contains(&NO_LEVEL3) {
            return;
        }
        if let Some(group2) = group1.children.last_mut() {
            group2.children.push(Level3Indicator {
                name: level3,
                target,
            });
        }
    }

    /// The target value of an exported row: the printed value, unless the row spells it out.
    fn exact_target(
        &mut self,
        row: &Row<'_>,
        value_column: usize,
        printed: usize,
    ) -> Option<TargetValue> {
        let text = |column: usize| row.cells.get(column).map_or("", |cell| cell.text.as_ref());
        let value = text(value_column);
        match text(printed + 1) {
            "" => TargetValue::parse(value),
            QUALITATIVE => Some(TargetValue::Qualitative(value.to_owned())),
            QUANTITATIVE => {
                let comparator = Comparator::ALL
                    .into_iter()
                    .find(|comparator| comparator.symbol() == text(printed + 2));
                let number = TargetNumber::parse(text(printed + 3));
                match (comparator, number) {
                    (Some(comparator), Some(number)) => Some(TargetValue::Quantitative {
                        comparator,
                        number,
                        unit: text(printed + 4).to_owned(),
                    }),
                    _ => {
                        self.warn(
                            row.number,
                            format!(
                                "定量指标值的计算符号或数值无法识别：「{}」「{}」，按「{}」读取",
                                shorten(text(printed + 2)),
                                shorten(text(printed + 3)),
                                shorten(value)
                            ),
                        );
                        TargetValue::parse(value)
                    }
                }
            }
            other => {
                self.warn(
                    row.number,
                    format!(
                        "未知的指标值类型「{}」，按「{}」读取",
                        shorten(other),
                        shorten(value)
                    ),
                );
                TargetValue::parse(value)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::to_tsv;
    use crate::model::parse_yuan;

    fn sample() -> Declaration {
        let mut declaration = Declaration::new_current(2026);
        declaration.project_name = "党员远教电教工作经费".into();
        declaration.annual_goal =
            "为各级党组织和党员开展党员教育工作提供丰富、多样、权威的教学内容。".into();
        if let Some(fields) = declaration.current_mut() {
            fields.project_nature = "经常性专项业务费".into();
            fields.funding.annual_total = parse_yuan("4,818,000.00").ok();
            fields.funding.annual_other = parse_yuan("0.00").ok();
        }
        declaration.indicators.clear();
        let mut level1 = Level1Indicator::new("产出指标");
        let mut level2 = Level2Indicator::new("数量指标");
        level2.children.push(Level3Indicator::new(
            "各类直播等录制次数",
            TargetValue::parse("≥50(次)"),
        ));
        level2.children.push(Level3Indicator::new("空", None));
        level1.children.push(level2);
        level1.children.push(Level2Indicator {
            name: "时效指标".into(),
            children: vec![Level3Indicator::new(
                "各项工作完成及时性",
                TargetValue::parse("及时"),
            )],
        });
        declaration.indicators.push(level1);
        declaration
    }

    #[test]
    fn export_reads_back_identically() {
        let declaration = sample();
        let text = to_tsv(&declaration);
        assert!(looks_like_export(&text));
        let report = import_export(&format!("{text}{text}"));
        assert_eq!(report.warnings, []);
        assert_eq!(report.declarations, [declaration.clone(), declaration]);
    }

    #[test]
    fn plain_rows_without_the_title_still_read_as_the_current_layout() {
        // Issue 2's export: no title line, values trimmed, 其他资金 first the project's.
        let text = "年度\t2026\n项目名称\t 甲 \n其他资金\t1\n其他资金\t2\n一级指标\t二级指标\t三级指标\t年度(/项目)指标值\n产出指标\t数量指标\t乙\t=1(个)\n";
        assert!(looks_like_export(text));
        let report = import_export(text);
        assert_eq!(report.warnings, []);
        let declaration = &report.declarations[0];
        assert_eq!(declaration.layout(), FormLayout::Current);
        assert_eq!(declaration.project_name, "甲");
        assert_eq!(
            declaration.amount(Field::ProjectOther),
            parse_yuan("1").ok()
        );
        assert_eq!(declaration.amount(Field::AnnualOther), parse_yuan("2").ok());
        assert_eq!(declaration.level3_count(), 1);
    }

    #[test]
    fn plain_rows_with_an_older_layouts_labels_read_in_that_layout() {
        let text = "年度\t2018\n申报单位名称\t中心\n项目类型\t结转项目\n开始时间\t2018/1/1\n";
        let report = import_export(text);
        assert_eq!(report.warnings, []);
        let declaration = &report.declarations[0];
        assert_eq!(declaration.layout(), FormLayout::Y2018);
        assert_eq!(declaration.text(Field::ProjectType), Some("结转项目"));
    }

    #[test]
    fn stray_lines_are_reported_not_dropped() {
        let report = import_export(
            "前言\n年度\t2026\n奇怪\t的行\n一级指标\t二级指标\t三级指标\t值\n只有\t两列\n",
        );
        let lines: Vec<usize> = report.warnings.iter().map(|warning| warning.line).collect();
        assert_eq!(lines, [1, 3, 5]);
        assert_eq!(report.declarations.len(), 1);
    }

    #[test]
    fn a_title_without_its_year_row_is_not_an_export() {
        assert!(!looks_like_export(
            "财政项目支出绩效目标申报表\n(2026年度)\n项目名称\t甲"
        ));
        assert!(looks_like_export(
            "\u{feff}财政项目支出绩效目标表\t\t\n\n年度\t2020\t\n"
        ));
    }

    #[test]
    fn warnings_point_at_the_line_of_the_problem() {
        let text = "上海市财政支出项目绩效目标申报表\n年度\t2018\n项目名称\t\"第一段\n第二段\"\n项目总预算（元）\t三百万\n";
        let report = import_export(text);
        assert_eq!(report.declarations[0].project_name, "第一段\n第二段");
        let lines: Vec<usize> = report.warnings.iter().map(|warning| warning.line).collect();
        assert_eq!(lines, [5], "{:?}", report.warnings);
    }
}
