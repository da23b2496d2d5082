//! Tab-separated export, exact: `jixiao export FILE.ron --format tsv` and what a user pastes into
//! Excel, WPS or the online budget system. Importing it gives back the identical declaration.
//!
//! The shape (issue 2 for the current layout, extended by issue 9):
//! 1. the form's title alone on the first line (`财政项目支出绩效目标申报表`,
//!    `财政项目支出绩效目标表`, `上海市财政支出项目绩效目标申报表`), naming the layout so that import
//!    picks the right reader;
//! 2. one `label<TAB>value` line per field of the layout's field table, in its order
//!    ([`crate::model::FormLayout::fields`]), 年度 first; on 2018 one
//!    `项目当年投入资金构成<TAB>子项目名称<TAB>预算金额` line per sub-budget line;
//! 3. the target table's header (`一级指标<TAB>二级指标<TAB>三级指标<TAB>年度(/项目)指标值`, the
//!    layout's own words; 2018 has no level-2 column), then one line per level-3 indicator with
//!    every column filled (no merged blanks).
//!
//! Money prints as on the form (`1,139,000.00`, blank when empty), dates as `YYYY-MM-DD`, target
//! values in the layout's notation. A cell that holds a tab, a line break or a `"` is wrapped in
//! `"…"` with its quotes doubled, as Excel and WPS write cells on copy, so a multi-paragraph goal
//! stays one cell.
//!
//! Where the printed table cannot say everything, a row carries extra cells after the printed
//! columns (and the header names them): [`GROUPING`] marks a group without children
//! ([`NO_LEVEL2`], [`NO_LEVEL3`]) or a group that starts anew under the same name as the one
//! before it ([`NEW_LEVEL1`], [`NEW_LEVEL2`]); [`VALUE_KIND`] spells out a target value whose
//! printed form would read back differently ([`QUALITATIVE`] text kept exactly, or
//! [`QUANTITATIVE`] with 计算符号, 数值 and 计量单位 in their own cells). Real forms never need
//! them, so their rows look exactly as printed.

use std::borrow::Cow;

use crate::model::{Declaration, FieldKind, FormLayout, Level3Indicator, TargetValue, format_yuan};

/// The header of the extra column that marks groups (see the module docs).
pub const GROUPING: &str = "分组说明";
/// A level-1 group with no level-2 group: its row has only the level-1 name.
pub const NO_LEVEL2: &str = "无二级指标";
/// A level-2 group with no level-3 indicator: its row has the level-1 and level-2 names only.
pub const NO_LEVEL3: &str = "无三级指标";
/// The row starts a new level-1 group although the name is the previous group's.
pub const NEW_LEVEL1: &str = "另起一级指标";
/// The row starts a new level-2 group although the name is the previous group's.
pub const NEW_LEVEL2: &str = "另起二级指标";
/// How several marks share the grouping cell.
pub const MARK_SEPARATOR: &str = "、";
/// The headers of the value columns: kind, then comparator, number and unit.
pub const VALUE_KIND: &str = "指标值类型";
/// The value's own cells follow: 计算符号, 数值, 计量单位.
pub const VALUE_CELLS: [&str; 3] = ["计算符号", "数值", "计量单位"];
/// A qualitative value whose text, printed, would read back differently (e.g. `=5` as text, or
/// text with spaces around it): the value cell holds it exactly.
pub const QUALITATIVE: &str = "定性";
/// A quantitative value whose printed form would read back differently (a unit with a bracket,
/// a negative number …): comparator, number and unit follow in their own cells.
pub const QUANTITATIVE: &str = "定量";

/// Writes `declaration` as exact tab-separated text, ending with a newline (see the module
/// docs for the shape).
pub fn to_tsv(declaration: &Declaration) -> String {
    let layout = declaration.layout();
    let mut out = String::new();
    push_row(&mut out, &[layout.title()]);
    for spec in layout.fields() {
        if spec.kind == FieldKind::BudgetLines {
            for line in declaration.sub_budgets() {
                let amount = line.amount.map(format_yuan).unwrap_or_default();
                push_row(&mut out, &[spec.label, &line.name, &amount]);
            }
        } else {
            push_row(&mut out, &[spec.label, &spec.cell_text(declaration)]);
        }
    }
    let rows = target_rows(declaration);
    let extra = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut header: Vec<&str> = printed_headers(layout);
    let printed = header.len();
    if extra > printed {
        header.push(GROUPING);
        header.push(VALUE_KIND);
        header.extend(VALUE_CELLS);
        header.truncate(extra);
    }
    push_row(&mut out, &header);
    for row in &rows {
        let cells: Vec<&str> = row.iter().map(String::as_str).collect();
        push_row(&mut out, &cells);
    }
    out
}

/// The printed column headers of the target table: 4 on the current and 2020 layouts, 3 on
/// 2018 (no level 2).
pub fn printed_headers(layout: FormLayout) -> Vec<&'static str> {
    layout
        .indicator_headers()
        .into_iter()
        .filter(|header| !header.is_empty())
        .collect()
}

/// The rows of the target table, each with the printed columns and, where needed, the extra
/// cells (trailing blanks dropped, never below the printed columns).
fn target_rows(declaration: &Declaration) -> Vec<Vec<String>> {
    let layout = declaration.layout();
    let printed = printed_headers(layout).len();
    let notation = layout.target_notation();
    let mut rows = Vec::new();
    let mut row = |names: [&str; 3], value: String, marks: &[&str], escape: Vec<String>| {
        let mut cells = vec![names[0].to_owned()];
        if layout.has_level2() {
            cells.push(names[1].to_owned());
        }
        cells.push(names[2].to_owned());
        cells.push(value);
        cells.push(marks.join(MARK_SEPARATOR));
        cells.extend(escape);
        while cells.len() > printed && cells.last().is_some_and(String::is_empty) {
            cells.pop();
        }
        rows.push(cells);
    };
    let mut previous_level1: Option<&str> = None;
    for level1 in &declaration.indicators {
        let mut marks: Vec<&str> = Vec::new();
        if previous_level1 == Some(level1.name.as_str()) {
            marks.push(NEW_LEVEL1);
        }
        previous_level1 = Some(&level1.name);
        if level1.children.is_empty() {
            marks.push(NO_LEVEL2);
            row([&level1.name, "", ""], String::new(), &marks, Vec::new());
            continue;
        }
        let mut previous_level2: Option<&str> = None;
        for level2 in &level1.children {
            if previous_level2 == Some(level2.name.as_str()) {
                marks.push(NEW_LEVEL2);
            }
            previous_level2 = Some(&level2.name);
            if level2.children.is_empty() {
                marks.push(NO_LEVEL3);
                row(
                    [&level1.name, &level2.name, ""],
                    String::new(),
                    &marks,
                    Vec::new(),
                );
            }
            for level3 in &level2.children {
                let (value, escape) = value_cells(level3, notation);
                row(
                    [&level1.name, &level2.name, &level3.name],
                    value,
                    &marks,
                    escape,
                );
                marks.clear();
            }
            marks.clear();
        }
    }
    rows
}

/// The printed value of a level-3 and, when the printed form would not read back to the same
/// value, the cells that spell it out (kind, then comparator, number, unit).
fn value_cells(
    level3: &Level3Indicator,
    notation: crate::model::TargetNotation,
) -> (String, Vec<String>) {
    let printed = level3
        .target
        .as_ref()
        .map(|target| target.display(notation))
        .unwrap_or_default();
    if TargetValue::parse(&printed) == level3.target {
        return (printed, Vec::new());
    }
    match &level3.target {
        Some(TargetValue::Quantitative {
            comparator,
            number,
            unit,
        }) => (
            printed,
            vec![
                QUANTITATIVE.to_owned(),
                comparator.symbol().to_owned(),
                number.to_string(),
                unit.clone(),
            ],
        ),
        // Text that would read as something else (or blank text): kept exactly.
        _ => (printed, vec![QUALITATIVE.to_owned()]),
    }
}

/// Appends one line of cells, each quoted when it must be.
fn push_row(out: &mut String, cells: &[&str]) {
    for (index, cell) in cells.iter().enumerate() {
        if index > 0 {
            out.push('\t');
        }
        out.push_str(&quote(cell));
    }
    out.push('\n');
}

/// A cell as Excel and WPS write it on copy: wrapped in `"…"` with its quotes doubled when it
/// holds a tab, a line break or a quote; as it is otherwise.
pub fn quote(cell: &str) -> Cow<'_, str> {
    if cell.contains(['\t', '\n', '\r', '"']) {
        Cow::Owned(format!("\"{}\"", cell.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Comparator, Level1Indicator, Level2Indicator, TargetNumber, parse_yuan};

    #[test]
    fn current_layout_names_itself_then_the_fixed_labels_and_unmerged_rows() {
        let mut declaration = Declaration::new_current(2026);
        declaration.project_name = "党建服务工作经费".into();
        declaration.annual_goal = "第一段\n第二段\t尾".into();
        if let Some(fields) = declaration.current_mut() {
            fields.funding.annual_total = Some(parse_yuan("1139000").unwrap());
        }
        declaration.indicators.clear();
        let mut level2 = Level2Indicator::new("数量指标");
        level2.children.push(Level3Indicator::new(
            "阵地包干服务完成率",
            TargetValue::parse("=100.00(%)"),
        ));
        level2.children.push(Level3Indicator::new("空值", None));
        let mut level1 = Level1Indicator::new("产出指标");
        level1.children.push(level2);
        declaration.indicators.push(level1);

        let tsv = to_tsv(&declaration);
        let lines: Vec<&str> = tsv.lines().collect();
        assert_eq!(lines[0], "财政项目支出绩效目标申报表");
        // Issue 2's labels, in its order.
        let labels: Vec<&str> = lines[1..18]
            .iter()
            .map(|line| line.split('\t').next().unwrap())
            .collect();
        assert_eq!(
            labels,
            [
                "年度",
                "项目名称",
                "项目性质",
                "项目类别",
                "主管部门",
                "实施单位",
                "计划开始日期",
                "计划完成日期",
                "项目资金总额",
                "其中：财政资金",
                "其他资金",
                "年度资金申请总额",
                "其中：当年财政拨款",
                "上年结转资金",
                "其他资金",
                "项目总目标",
                "年度总体目标",
            ]
        );
        assert_eq!(lines[12], "年度资金申请总额\t1,139,000.00");
        assert_eq!(lines[9], "项目资金总额\t");
        // The goal's paragraphs and tab stay in one quoted cell.
        assert_eq!(lines[17], "年度总体目标\t\"第一段");
        assert_eq!(lines[18], "第二段\t尾\"");
        assert_eq!(lines[19], "一级指标\t二级指标\t三级指标\t年度(/项目)指标值");
        assert_eq!(
            lines[20],
            "产出指标\t数量指标\t阵地包干服务完成率\t=100.00(%)"
        );
        assert_eq!(lines[21], "产出指标\t数量指标\t空值\t");
        assert_eq!(lines.len(), 22);
    }

    #[test]
    fn quotes_are_doubled_only_in_cells_that_need_them() {
        assert_eq!(quote("普通"), "普通");
        assert_eq!(quote("“前台”"), "“前台”");
        assert_eq!(quote("含\"引号\""), "\"含\"\"引号\"\"\"");
        assert_eq!(quote("a\tb"), "\"a\tb\"");
        assert_eq!(quote("\""), "\"\"\"\"");
    }

    #[test]
    fn groups_without_children_and_values_print_cannot_carry_get_marked() {
        let mut declaration = Declaration::new_current(2026);
        // 成本指标 … 满意度指标, all empty; then two groups named alike, and values that would
        // read back as something else.
        let mut level2 = Level2Indicator::new("数量指标");
        level2.children.push(Level3Indicator {
            name: "文字".into(),
            target: Some(TargetValue::Qualitative("=5".into())),
        });
        level2.children.push(Level3Indicator {
            name: "负数".into(),
            target: Some(TargetValue::Quantitative {
                comparator: Comparator::Ge,
                number: TargetNumber(rust_decimal::Decimal::new(-5, 1)),
                unit: "(a)".into(),
            }),
        });
        declaration.indicators[1].children.push(level2.clone());
        declaration.indicators[1].children.push(level2);
        let tsv = to_tsv(&declaration);
        let table: Vec<&str> = tsv.lines().skip(18).collect();
        assert_eq!(
            table,
            [
                "一级指标\t二级指标\t三级指标\t年度(/项目)指标值\t分组说明\t指标值类型\t计算符号\t数值\t计量单位",
                "成本指标\t\t\t\t无二级指标",
                "产出指标\t数量指标\t文字\t=5\t\t定性",
                "产出指标\t数量指标\t负数\t≥-0.5((a))\t\t定量\t≥\t-0.5\t(a)",
                "产出指标\t数量指标\t文字\t=5\t另起二级指标\t定性",
                "产出指标\t数量指标\t负数\t≥-0.5((a))\t\t定量\t≥\t-0.5\t(a)",
                "效益指标\t\t\t\t无二级指标",
                "满意度指标\t\t\t\t无二级指标",
            ]
        );
    }
}
