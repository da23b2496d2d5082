//! Required cells (docs/form.md §5 "Required", §6): blank header fields, amounts and goals, and
//! level-3 indicators without a name or a target value.
//!
//! Reads the model only.

use super::{Finding, Rule, field_label, indicator_label, is_blank};
use crate::model::{Declaration, Field, FormFields, IndicatorPart, Path};

/// Pushes one [`Rule::RequiredField`] finding per blank required cell, and on the current
/// layout one [`Rule::RequiredIndicatorName`] / [`Rule::RequiredIndicatorTarget`] per level-3
/// without a name or target (older layouts: see `tree::check_legacy`).
///
/// Current layout: 项目名称, 项目性质, 项目类别, 主管部门, 实施单位, both dates, 年度资金申请总额,
/// 年度总体目标. 2020: 申报单位名称, 项目名称, both dates, 项目当年预算. 2018: the same plus
/// 项目类型 and 资金用途.
pub(super) fn check(declaration: &Declaration, findings: &mut Vec<Finding>) {
    let layout = declaration.layout();
    let mut require_text = |field: Field, text: &str| {
        if is_blank(text) {
            findings.push(Finding::new(
                Rule::RequiredField,
                layout,
                field,
                format!("「{}」未填写", field_label(field, layout)),
            ));
        }
    };
    match &declaration.form {
        FormFields::Current(fields) => {
            require_text(Field::ProjectName, &declaration.project_name);
            require_text(Field::ProjectNature, &fields.project_nature);
            require_text(Field::ProjectCategory, &fields.project_category);
            require_text(Field::CompetentDepartment, &fields.competent_department);
            require_text(Field::ImplementingUnit, &fields.implementing_unit);
        }
        FormFields::Y2020(fields) => {
            require_text(Field::DeclaringUnit, &fields.declaring_unit);
            require_text(Field::ProjectName, &declaration.project_name);
        }
        FormFields::Y2018(fields) => {
            require_text(Field::DeclaringUnit, &fields.declaring_unit);
            require_text(Field::ProjectName, &declaration.project_name);
            require_text(Field::ProjectType, &fields.project_type);
            require_text(Field::FundUse, &fields.fund_use);
        }
    }
    let mut require_present = |field: Field, present: bool| {
        if !present {
            findings.push(Finding::new(
                Rule::RequiredField,
                layout,
                field,
                format!("「{}」未填写", field_label(field, layout)),
            ));
        }
    };
    require_present(Field::PlannedStart, declaration.planned_start.is_some());
    require_present(Field::PlannedEnd, declaration.planned_end.is_some());
    match &declaration.form {
        FormFields::Current(fields) => {
            require_present(Field::AnnualTotal, fields.funding.annual_total.is_some());
            require_present(Field::AnnualGoal, !is_blank(&declaration.annual_goal));
            check_level3(declaration, findings);
        }
        FormFields::Y2020(fields) => {
            require_present(Field::AnnualBudget, fields.budget.annual_budget.is_some());
        }
        FormFields::Y2018(fields) => {
            require_present(Field::AnnualBudget, fields.budget.annual_budget.is_some());
        }
    }
}

/// Every level-3 of the current layout has a name and a target value.
fn check_level3(declaration: &Declaration, findings: &mut Vec<Finding>) {
    let layout = declaration.layout();
    for (path, level3) in declaration.level3_indicators() {
        if is_blank(&level3.name) {
            findings.push(Finding::new(
                Rule::RequiredIndicatorName,
                layout,
                Path::Indicator(path, IndicatorPart::Name),
                format!(
                    "三级指标未填写名称（{}）",
                    indicator_label(declaration, path)
                ),
            ));
        }
        let target_blank = match &level3.target {
            None => true,
            Some(crate::model::TargetValue::Qualitative(text)) => is_blank(text),
            Some(crate::model::TargetValue::Quantitative { .. }) => false,
        };
        if target_blank {
            findings.push(Finding::new(
                Rule::RequiredIndicatorTarget,
                layout,
                Path::Indicator(path, IndicatorPart::Target),
                format!(
                    "三级指标「{}」未填写年度(/项目)指标值",
                    indicator_label(declaration, path)
                ),
            ));
        }
    }
}
