//! Reads back the tab-separated text that `jixiao export --format tsv` writes for the current
//! layout (see [`crate::export`]), e.g. after a user kept it in a spreadsheet. Depends on the model.
//!
//! The shape: one `label<TAB>value` line per header field (labels [`CURRENT_LABELS`], in any
//! order; the first 其他资金 is the whole project's, the second this year's), then the header line
//! `一级指标<TAB>二级指标<TAB>三级指标<TAB>年度(/项目)指标值`, then one line per level-3 indicator.
//! Several forms follow each other, each starting at its `年度` line.

use crate::export::CURRENT_LABELS;
use crate::model::{
    Declaration, Level1Indicator, Level2Indicator, Level3Indicator, TargetValue, Yuan,
};

use super::cells::{read_date, read_money};
use super::{ImportReport, ImportWarning};

/// Whether `text` looks like the export shape: its first non-blank line is `年度<TAB>…`.
pub(crate) fn looks_like_export(text: &str) -> bool {
    text.lines()
        .map(|line| line.trim_start_matches('\u{feff}'))
        .find(|line| !line.trim().is_empty())
        .is_some_and(|line| line.starts_with("年度\t"))
}

/// Imports every form in an export-shaped text. Lines that fit nowhere become warnings.
pub(crate) fn import_export(text: &str) -> ImportReport {
    let mut report = ImportReport::default();
    let mut current: Option<Declaration> = None;
    let mut in_table = false;
    let mut other_seen = 0;
    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        let line = raw.trim_start_matches('\u{feff}').trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
        let form = report.declarations.len();
        let mut warn = |message: String| {
            report.warnings.push(ImportWarning {
                line: number,
                form: Some(form),
                message,
            });
        };
        if cells[0] == "年度" {
            if let Some(done) = current.take() {
                report.declarations.push(done);
            }
            let year = cells.get(1).and_then(|year| year.parse().ok());
            if year.is_none() {
                warn(format!(
                    "年度「{}」不是有效的年份，按 0 处理",
                    cells.get(1).unwrap_or(&"")
                ));
            }
            let mut declaration = Declaration::new_current(year.unwrap_or(0));
            declaration.planned_start = None;
            declaration.planned_end = None;
            declaration.indicators.clear();
            current = Some(declaration);
            in_table = false;
            other_seen = 0;
            continue;
        }
        let Some(declaration) = current.as_mut() else {
            report.warnings.push(ImportWarning {
                line: number,
                form: None,
                message: format!("在第一个「年度」行之前的内容未导入：「{line}」"),
            });
            continue;
        };
        if cells.first() == Some(&"一级指标") {
            in_table = true;
            continue;
        }
        if in_table {
            import_row(declaration, &cells, &mut warn);
            continue;
        }
        let value = cells
            .get(1..)
            .map(|rest| rest.join(" "))
            .unwrap_or_default();
        let value = value.trim();
        if !CURRENT_LABELS.contains(&cells[0]) {
            warn(format!("无法识别的行，未导入：「{line}」"));
            continue;
        }
        if cells[0] == "其他资金" {
            other_seen += 1;
        }
        set_header(declaration, cells[0], value, other_seen, &mut warn);
    }
    if let Some(done) = current.take() {
        report.declarations.push(done);
    }
    report
}

fn set_header(
    declaration: &mut Declaration,
    label: &str,
    value: &str,
    other_seen: usize,
    warn: &mut impl FnMut(String),
) {
    let mut money = |slot: &mut Option<Yuan>| {
        let (amount, warning) = read_money(value, label);
        *slot = amount;
        if let Some(warning) = warning {
            warn(warning);
        }
    };
    let Some(fields) = declaration.current_mut() else {
        return;
    };
    let funding = &mut fields.funding;
    match label {
        "项目性质" => fields.project_nature = value.to_owned(),
        "项目类别" => fields.project_category = value.to_owned(),
        "主管部门" => fields.competent_department = value.to_owned(),
        "实施单位" => fields.implementing_unit = value.to_owned(),
        "项目资金总额" => money(&mut funding.project_total),
        "其中：财政资金" => money(&mut funding.project_fiscal),
        "其他资金" if other_seen <= 1 => money(&mut funding.project_other),
        "其他资金" => money(&mut funding.annual_other),
        "年度资金申请总额" => money(&mut funding.annual_total),
        "其中：当年财政拨款" => money(&mut funding.annual_appropriation),
        "上年结转资金" => money(&mut funding.annual_carryover),
        "项目名称" => declaration.project_name = value.to_owned(),
        "计划开始日期" | "计划完成日期" => {
            let (date, warning) = read_date(value, label);
            if let Some(warning) = warning {
                warn(warning);
            }
            if label == "计划开始日期" {
                declaration.planned_start = date;
            } else {
                declaration.planned_end = date;
            }
        }
        "项目总目标" => declaration.overall_goal = value.to_owned(),
        "年度总体目标" => declaration.annual_goal = value.to_owned(),
        _ => {}
    }
}

/// Adds one `level1, level2, level3, value` row, continuing the last groups when names repeat.
fn import_row(declaration: &mut Declaration, cells: &[&str], warn: &mut impl FnMut(String)) {
    let [level1, level2, name, rest @ ..] = cells else {
        warn(format!("指标行少于四列，未导入：「{}」", cells.join(" ")));
        return;
    };
    let value = rest.join(" ");
    if declaration
        .indicators
        .last()
        .is_none_or(|last| last.name != *level1)
    {
        declaration.indicators.push(Level1Indicator::new(*level1));
    }
    let Some(group1) = declaration.indicators.last_mut() else {
        return;
    };
    if group1
        .children
        .last()
        .is_none_or(|last| last.name != *level2)
    {
        group1.children.push(Level2Indicator::new(*level2));
    }
    if let Some(group2) = group1.children.last_mut() {
        group2
            .children
            .push(Level3Indicator::new(*name, TargetValue::parse(&value)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::to_tsv;
    use crate::model::parse_yuan;

    #[test]
    fn export_reads_back_identically() {
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

        let text = to_tsv(&declaration);
        assert!(looks_like_export(&text));
        let report = import_export(&format!("{text}{text}"));
        assert_eq!(report.warnings, []);
        assert_eq!(report.declarations, [declaration.clone(), declaration]);
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
}
