//! Required cells (docs/form.md §5 "Required", §6): blank header fields, amounts and goals, and
//! level-3 indicators without a name or a target value.
//!
//! Reads the model only.

use super::{Finding, Rule, field_label, indicator_label, is_blank};
use crate::model::{Declaration, FieldKind, FormLayout, IndicatorPart, Path};

/// Pushes one [`Rule::RequiredField`] finding per blank required cell, and on the current
/// layout one [`Rule::RequiredIndicatorName`] / [`Rule::RequiredIndicatorTarget`] per level-3
/// without a name or target (older layouts: see `tree::check_legacy`).
///
/// The required cells are the field table's ([`crate::model::FieldSpec::required`], docs/form.md
/// §5): current layout 项目名称, 项目性质, 项目类别, 主管部门, 实施单位, both dates, 年度资金申请总额,
/// 年度总体目标; 2020 申报单位名称, 项目名称, both dates, 项目当年预算; 2018 the same plus 项目类型
/// and 资金用途. Text counts as blank when it holds only spaces.
pub(super) fn check(declaration: &Declaration, findings: &mut Vec<Finding>) {
    let layout = declaration.layout();
    for spec in layout.fields().iter().filter(|spec| spec.required) {
        let field = spec.field;
        let filled = match spec.kind {
            FieldKind::Year => true,
            FieldKind::Date => declaration.date(field).is_some(),
            FieldKind::Money => declaration.amount(field).is_some(),
            FieldKind::YesNo => declaration.yes_no(field).is_some(),
            FieldKind::BudgetLines => !declaration.sub_budgets().is_empty(),
            FieldKind::Text
            | FieldKind::LongText
            | FieldKind::Choice(_)
            | FieldKind::CheckBox(_) => !declaration.text(field).is_none_or(is_blank),
        };
        if !filled {
            findings.push(Finding::new(
                Rule::RequiredField,
                layout,
                field,
                format!("「{}」未填写", field_label(field, layout)),
            ));
        }
    }
    if layout == FormLayout::Current {
        check_level3(declaration, findings);
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
