//! Tab-separated export: the text a user pastes into a spreadsheet or the online budget system.
//!
//! Pure: `&Declaration -> String`, no I/O. Depends on the model only. The shape for the current
//! layout is a fixed interface (issue 2, `jixiao export --format tsv`): one `label<TAB>value` line
//! per header field, in a fixed order, then the target table with all four columns filled on every
//! row (no merged blanks). Older layouts use their own labels and table headers.

use crate::model::{
    Declaration, Fields2018, Fields2020, FormFields, LegacyBudget, ProjectTexts, Yuan, format_date,
    format_yuan,
};

/// The header labels of the current layout, in export order (issue 2 point 6).
pub const CURRENT_LABELS: [&str; 17] = [
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
];

/// Writes `declaration` as tab-separated text, ending with a newline.
///
/// Money prints as on the form (`1,139,000.00`, blank when empty), dates as `YYYY-MM-DD`, target
/// values in the layout's notation; tabs and line breaks inside a value become single spaces.
pub fn to_tsv(declaration: &Declaration) -> String {
    let mut out = String::new();
    // One line of cells, each flattened so that it stays one cell.
    let mut row = |cells: &[&str]| {
        let flat: Vec<String> = cells.iter().map(|cell| flatten(cell)).collect();
        out.push_str(&flat.join("\t"));
        out.push('\n');
    };
    let date = |date: Option<chrono::NaiveDate>| date.map(format_date).unwrap_or_default();
    let year = declaration.fiscal_year.to_string();
    match &declaration.form {
        FormFields::Current(fields) => {
            let funding = &fields.funding;
            let values = [
                year.as_str(),
                &declaration.project_name,
                &fields.project_nature,
                &fields.project_category,
                &fields.competent_department,
                &fields.implementing_unit,
                &date(declaration.planned_start),
                &date(declaration.planned_end),
                &money(funding.project_total),
                &money(funding.project_fiscal),
                &money(funding.project_other),
                &money(funding.annual_total),
                &money(funding.annual_appropriation),
                &money(funding.annual_carryover),
                &money(funding.annual_other),
                &declaration.overall_goal,
                &declaration.annual_goal,
            ];
            for (label, value) in CURRENT_LABELS.iter().zip(values) {
                row(&[label, value]);
            }
        }
        FormFields::Y2020(Fields2020 {
            declaring_unit,
            project_category,
            includes_government_procurement,
            performance_type,
            texts,
            budget,
        }) => {
            row(&["年度", &year]);
            row(&["申报单位名称", declaring_unit]);
            row(&["项目名称", &declaration.project_name]);
            row(&["项目类别", project_category]);
            row(&["计划开始日期", &date(declaration.planned_start)]);
            row(&["计划完成日期", &date(declaration.planned_end)]);
            let procurement = match includes_government_procurement {
                Some(true) => "是",
                Some(false) => "否",
                None => "",
            };
            row(&["是否含有政府购买服务", procurement]);
            row(&["绩效类型", performance_type]);
            texts_rows(texts, &mut row);
            row(&["总目标及阶段性目标", &declaration.overall_goal]);
            budget_rows(budget, &mut row);
        }
        FormFields::Y2018(Fields2018 {
            declaring_unit,
            project_type,
            fund_use,
            texts,
            budget,
            sub_budgets,
            remarks,
        }) => {
            row(&["年度", &year]);
            row(&["申报单位名称", declaring_unit]);
            row(&["项目名称", &declaration.project_name]);
            row(&["项目类型", project_type]);
            row(&["资金用途", fund_use]);
            row(&["开始时间", &date(declaration.planned_start)]);
            row(&["结束时间", &date(declaration.planned_end)]);
            texts_rows(texts, &mut row);
            budget_rows(budget, &mut row);
            for line in sub_budgets {
                row(&["项目当年投入资金构成", &line.name, &money(line.amount)]);
            }
            row(&["项目总目标", &declaration.overall_goal]);
            row(&["年度绩效目标", &declaration.annual_goal]);
            row(&["备注", remarks]);
        }
    }
    let layout = declaration.layout();
    let headers = layout.indicator_headers();
    let columns: Vec<&str> = headers
        .iter()
        .copied()
        .filter(|header| !header.is_empty())
        .collect();
    out.push_str(&columns.join("\t"));
    out.push('\n');
    let notation = layout.target_notation();
    for (path, level3) in declaration.level3_indicators() {
        let level1 = &declaration.indicators[path.level1];
        let level2 = path.level2.and_then(|index| level1.children.get(index));
        let value = level3
            .target
            .as_ref()
            .map(|target| target.display(notation))
            .unwrap_or_default();
        let mut cells = vec![flatten(&level1.name)];
        if layout.has_level2() {
            cells.push(flatten(level2.map_or("", |level2| &level2.name)));
        }
        cells.push(flatten(&level3.name));
        cells.push(flatten(&value));
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
    out
}

fn texts_rows(texts: &ProjectTexts, row: &mut impl FnMut(&[&str])) {
    row(&["项目概况", &texts.project_overview]);
    row(&["立项依据", &texts.legal_basis]);
    row(&["项目设立的必要性", &texts.necessity]);
    row(&["保证项目实施的制度、措施", &texts.safeguards]);
    row(&["项目实施计划", &texts.implementation_plan]);
}

fn budget_rows(budget: &LegacyBudget, row: &mut impl FnMut(&[&str])) {
    row(&["项目总预算（元）", &money(budget.project_budget)]);
    row(&["项目当年预算（元）", &money(budget.annual_budget)]);
    row(&["同名项目上年预算额（元）", &money(budget.prior_year_budget)]);
    row(&[
        "同名项目上年预算执行数（元）",
        &money(budget.prior_year_spent),
    ]);
}

fn money(amount: Option<Yuan>) -> String {
    amount.map(format_yuan).unwrap_or_default()
}

/// Replaces every run of tabs and line breaks with a single space, so a value stays one cell.
fn flatten(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut in_break = false;
    for c in value.chars() {
        if matches!(c, '\t' | '\n' | '\r') {
            if !in_break {
                out.push(' ');
            }
            in_break = true;
        } else {
            out.push(c);
            in_break = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Level2Indicator, Level3Indicator, TargetValue, parse_yuan};

    #[test]
    fn current_layout_has_the_fixed_labels_and_unmerged_rows() {
        let mut declaration = Declaration::new_current(2026);
        declaration.project_name = "党建服务工作经费".into();
        declaration.annual_goal = "第一段\n第二段\t尾".into();
        if let Some(fields) = declaration.current_mut() {
            fields.funding.annual_total = Some(parse_yuan("1139000").unwrap());
        }
        let mut level2 = Level2Indicator::new("数量指标");
        level2.children.push(Level3Indicator::new(
            "阵地包干服务完成率",
            TargetValue::parse("=100.00(%)"),
        ));
        level2.children.push(Level3Indicator::new("空值", None));
        declaration.indicators[1].children.push(level2);

        let tsv = to_tsv(&declaration);
        let lines: Vec<&str> = tsv.lines().collect();
        let labels: Vec<&str> = lines[..17]
            .iter()
            .map(|line| line.split('\t').next().unwrap())
            .collect();
        assert_eq!(labels, CURRENT_LABELS);
        assert_eq!(lines[11], "年度资金申请总额\t1,139,000.00");
        assert_eq!(lines[8], "项目资金总额\t");
        assert_eq!(lines[16], "年度总体目标\t第一段 第二段 尾");
        assert_eq!(lines[17], "一级指标\t二级指标\t三级指标\t年度(/项目)指标值");
        assert_eq!(
            lines[18],
            "产出指标\t数量指标\t阵地包干服务完成率\t=100.00(%)"
        );
        assert_eq!(lines[19], "产出指标\t数量指标\t空值\t");
        assert_eq!(lines.len(), 20);
    }

    #[test]
    fn flatten_collapses_breaks() {
        assert_eq!(flatten("a\r\n\tb\nc"), "a b c");
    }
}
