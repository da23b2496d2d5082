//! Money (docs/form.md §5): the sums of 项目资金（元）, the older layouts' budgets, and every
//! amount ≥ 0 with at most two decimals.
//!
//! Reads the model only. Amounts are exact [`Yuan`] decimals; nothing is ever rounded here.

use super::{Finding, Rule, field_label};
use crate::model::{
    Declaration, Field, FieldKind, FormLayout, Path, SumParts, SumState, Yuan, format_yuan,
};

/// Every layout: each amount's sign and scale (the field table's money fields, then the 2018
/// sub-budget lines), then the sums of the layout ([`FormLayout::sums`]) and the totals that
/// must cover this year's money.
///
/// The sums are the field table's [`MoneySum`]s, checked exactly as the editor's live sum shows
/// them ([`MoneySum::state`]: a blank part counts as 0):
/// - [`Rule::AnnualTotalSum`]: 年度资金申请总额 = 当年财政拨款 + 上年结转资金 + 其他资金, whenever the
///   total is filled (observed in every current-layout sample, e.g. 党建服务工作经费 2026:
///   1,139,000.00 = 1,139,000.00 + 0.00 + 0.00); a blank total is the required rule's finding;
/// - [`Rule::ProjectTotalSum`]: 项目资金总额 = 财政资金 + 其他资金 when the total and a part are
///   filled;
/// - [`Rule::SubBudgetSum`] (2018): the lines of 项目当年投入资金构成 add up to 项目当年预算 when a
///   line has an amount (在线学习工作经费: 6430000.00 + 3880000.00 = 10310000; a single line 「无」
///   without an amount, 组织部弱电会议系统, is not checked).
///
/// Then [`Rule::ProjectTotalBelowAnnual`] (项目资金总额 ≥ 年度资金申请总额) on the current layout
/// and [`Rule::BudgetBelowAnnual`] (项目总预算 ≥ 项目当年预算, observed in every older sample) on
/// the older ones.
pub(super) fn check(declaration: &Declaration, findings: &mut Vec<Finding>) {
    let layout = declaration.layout();
    for spec in layout.fields() {
        if spec.kind == FieldKind::Money
            && let Some(amount) = declaration.amount(spec.field)
        {
            check_amount(Path::Field(spec.field), spec.name, amount, layout, findings);
        }
    }
    for (index, line) in declaration.sub_budgets().iter().enumerate() {
        if let Some(amount) = line.amount {
            let label = if line.name.trim().is_empty() {
                format!("项目当年投入资金构成第{}行的预算金额", index + 1)
            } else {
                format!("子项目「{}」的预算金额", line.name.trim())
            };
            check_amount(Path::SubBudget(index), &label, amount, layout, findings);
        }
    }

    for sum in layout.sums() {
        let SumState::Differs { total, parts } = sum.state(declaration) else {
            continue;
        };
        let total_name = field_label(sum.total, layout);
        let finding = match sum.parts {
            SumParts::BudgetLines => Finding::new(
                Rule::SubBudgetSum,
                layout,
                Field::SubBudgets,
                format!(
                    "{}之和（{}）不等于{total_name}（{}）",
                    sum.parts_name,
                    show_sum(parts),
                    format_yuan(total)
                ),
            ),
            SumParts::Fields(_) => Finding::new(
                if sum.total == Field::AnnualTotal {
                    Rule::AnnualTotalSum
                } else {
                    Rule::ProjectTotalSum
                },
                layout,
                sum.total,
                format!(
                    "{total_name}（{}）不等于{}之和（{}）",
                    format_yuan(total),
                    sum.parts_name,
                    show_sum(parts)
                ),
            ),
        };
        findings.push(finding);
    }

    let (whole, annual, rule) = match layout {
        FormLayout::Current => (
            Field::ProjectTotal,
            Field::AnnualTotal,
            Rule::ProjectTotalBelowAnnual,
        ),
        FormLayout::Y2020 | FormLayout::Y2018 => (
            Field::ProjectBudget,
            Field::AnnualBudget,
            Rule::BudgetBelowAnnual,
        ),
    };
    if let (Some(whole_amount), Some(annual_amount)) =
        (declaration.amount(whole), declaration.amount(annual))
        && whole_amount < annual_amount
    {
        let (whole_name, annual_name) = (field_label(whole, layout), field_label(annual, layout));
        let message = if layout == FormLayout::Current {
            format!(
                "{whole_name}（{}）小于{annual_name}（{}）：项目资金总额是整个项目周期的资金，应不小于当年申请",
                format_yuan(whole_amount),
                format_yuan(annual_amount)
            )
        } else {
            format!(
                "{whole_name}（{}）小于{annual_name}（{}）",
                format_yuan(whole_amount),
                format_yuan(annual_amount)
            )
        };
        findings.push(Finding::new(rule, layout, whole, message));
    }
}

/// [`Rule::NegativeAmount`] and [`Rule::AmountScale`] for one amount. `1.000` has three
/// decimal places written but only whole 元: it is fine; `1.005` is not, and is never rounded.
fn check_amount(
    path: Path,
    label: &str,
    amount: Yuan,
    layout: FormLayout,
    findings: &mut Vec<Finding>,
) {
    if amount.is_sign_negative() && !amount.is_zero() {
        findings.push(Finding::new(
            Rule::NegativeAmount,
            layout,
            path,
            format!("{label}（{}）为负数，金额应不小于0", format_yuan(amount)),
        ));
    }
    if amount.normalize().scale() > 2 {
        findings.push(Finding::new(
            Rule::AmountScale,
            layout,
            path,
            format!(
                "{label}（{}）超过两位小数：金额以元为单位，最多精确到分，请核对（不会自动四舍五入）",
                format_yuan(amount)
            ),
        ));
    }
}

fn show_sum(total: Option<Yuan>) -> String {
    total.map_or_else(|| "超出可计算范围".to_owned(), format_yuan)
}
