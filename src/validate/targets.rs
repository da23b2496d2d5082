//! Target values of the current layout (docs/form.md §4, §5): `%` range, satisfaction targets in
//! `%`, and cost indicators (no ≥ or >, control amounts within 年度资金申请总额).
//!
//! Reads the model only. These rules are inferred from the forms' meaning, so they warn.

use rust_decimal::Decimal;

use super::tree::is_cost_level2;
use super::{Finding, Rule, indicator_label};
use crate::model::{
    COST_LEVEL1, Comparator, Declaration, FormLayout, Funding, IndicatorPart, IndicatorPath, Path,
    TargetValue, Yuan, format_yuan,
};

/// Pushes [`Rule::PercentOutOfRange`], [`Rule::SatisfactionNotPercent`],
/// [`Rule::CostComparator`] (one finding per level-3 concerned) and
/// [`Rule::CostExceedsAnnualTotal`] (one finding at most).
///
/// A level-3 is a satisfaction indicator when its level-1 is 满意度指标 or its level-2 name
/// contains 满意度; a cost indicator when its level-1 is 成本指标 or its level-2 is 成本指标 or
/// ends with 成本指标. Cost control amounts are the quantitative cost targets in `元` (and `万元`,
/// counted ×10 000); unit prices such as `元/人/天` are not amounts and are left out.
pub(super) fn check_current(
    declaration: &Declaration,
    funding: &Funding,
    findings: &mut Vec<Finding>,
) {
    let layout = FormLayout::Current;
    let mut cost_total = Some(Decimal::ZERO);
    let mut first_cost_group: Option<IndicatorPath> = None;

    for (i1, level1) in declaration.indicators.iter().enumerate() {
        let level1_is_cost = level1.name.trim() == COST_LEVEL1;
        let level1_is_satisfaction = level1.name.trim() == "满意度指标";
        for (i2, level2) in level1.children.iter().enumerate() {
            let is_cost = level1_is_cost || is_cost_level2(&level2.name);
            let is_satisfaction = level1_is_satisfaction || level2.name.contains("满意度");
            for (i3, level3) in level2.children.iter().enumerate() {
                let path = IndicatorPath::level3(i1, i2, i3);
                let target_path = Path::Indicator(path, IndicatorPart::Target);
                let Some(target) = &level3.target else {
                    continue;
                };
                let percent = match target {
                    TargetValue::Quantitative { number, unit, .. } if unit.trim() == "%" => {
                        Some(number.0)
                    }
                    _ => None,
                };
                if let Some(number) = percent
                    && (number < Decimal::ZERO || number > Decimal::ONE_HUNDRED)
                {
                    findings.push(Finding::new(
                        Rule::PercentOutOfRange,
                        layout,
                        target_path,
                        format!(
                            "三级指标「{}」的指标值「{}」超出0%～100%的范围",
                            indicator_label(declaration, path),
                            target
                        ),
                    ));
                }
                let blank_text =
                    matches!(target, TargetValue::Qualitative(text) if text.trim().is_empty());
                if is_satisfaction && percent.is_none() && !blank_text {
                    findings.push(Finding::new(
                        Rule::SatisfactionNotPercent,
                        layout,
                        target_path,
                        format!(
                            "满意度指标「{}」的指标值「{}」不是百分比，满意度一般以%定量表述（如≥90.00(%)）",
                            indicator_label(declaration, path),
                            target
                        ),
                    ));
                }
                if !is_cost {
                    continue;
                }
                if let TargetValue::Quantitative {
                    comparator: comparator @ (Comparator::Ge | Comparator::Gt),
                    ..
                } = target
                {
                    findings.push(Finding::new(
                        Rule::CostComparator,
                        layout,
                        target_path,
                        format!(
                            "成本指标「{}」使用了「{}」：成本指标是控制上限，应使用≤或=",
                            indicator_label(declaration, path),
                            comparator.symbol()
                        ),
                    ));
                }
                if let Some(amount) = control_amount(target) {
                    cost_total = cost_total.and_then(|total| total.checked_add(amount));
                    first_cost_group.get_or_insert(if level1_is_cost {
                        IndicatorPath::level1(i1)
                    } else {
                        IndicatorPath::level2(i1, i2)
                    });
                }
            }
        }
    }

    if let (Some(group), Some(annual_total)) = (first_cost_group, funding.annual_total) {
        let exceeds = cost_total.is_none_or(|total| total > annual_total);
        if exceeds {
            let shown = cost_total.map_or_else(|| "超出可计算范围".to_owned(), format_yuan);
            findings.push(Finding::new(
                Rule::CostExceedsAnnualTotal,
                layout,
                Path::Indicator(group, IndicatorPart::Name),
                format!(
                    "成本指标中以元计的控制数合计（{shown}）超过年度资金申请总额（{}）",
                    format_yuan(annual_total)
                ),
            ));
        }
    }
}

/// The amount in 元 of a cost control target (`≤150000(元)`, `≤15(万元)`), if it is one.
fn control_amount(target: &TargetValue) -> Option<Yuan> {
    match target {
        TargetValue::Quantitative { number, unit, .. } => match unit.trim() {
            "元" => Some(number.0),
            "万元" => number.0.checked_mul(Decimal::from(10_000)),
            _ => None,
        },
        TargetValue::Qualitative(_) => None,
    }
}
