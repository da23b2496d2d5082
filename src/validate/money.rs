//! Money (docs/form.md §5): the sums of 项目资金（元）, the older layouts' budgets, and every
//! amount ≥ 0 with at most two decimals.
//!
//! Reads the model only. Amounts are exact [`Yuan`] decimals; nothing is ever rounded here.

use rust_decimal::Decimal;

use super::{Finding, Rule, field_label};
use crate::model::{Field, FormLayout, Funding, LegacyBudget, Path, SubBudget, Yuan, format_yuan};

/// Current layout: each amount's sign and scale, then [`Rule::AnnualTotalSum`],
/// [`Rule::ProjectTotalSum`] and [`Rule::ProjectTotalBelowAnnual`] (all observed in every
/// current-layout sample, e.g. 党建服务工作经费 2026: 1,139,000.00 = 1,139,000.00 + 0.00 + 0.00).
///
/// The annual sum is checked when 年度资金申请总额 is filled (a blank total is the required
/// rule's finding; blank parts count as 0). The project sum is checked when 项目资金总额 and at
/// least one of its parts are filled.
pub(super) fn check_current(funding: &Funding, findings: &mut Vec<Finding>) {
    let layout = FormLayout::Current;
    for (field, amount) in [
        (Field::ProjectTotal, funding.project_total),
        (Field::AnnualTotal, funding.annual_total),
        (Field::ProjectFiscal, funding.project_fiscal),
        (Field::AnnualAppropriation, funding.annual_appropriation),
        (Field::AnnualCarryover, funding.annual_carryover),
        (Field::ProjectOther, funding.project_other),
        (Field::AnnualOther, funding.annual_other),
    ] {
        if let Some(amount) = amount {
            check_amount(
                Path::Field(field),
                field_label(field, layout),
                amount,
                layout,
                findings,
            );
        }
    }

    if let Some(annual_total) = funding.annual_total {
        let parts = sum(&[
            funding.annual_appropriation,
            funding.annual_carryover,
            funding.annual_other,
        ]);
        if parts != Some(annual_total) {
            findings.push(Finding::new(
                Rule::AnnualTotalSum,
                layout,
                Field::AnnualTotal,
                format!(
                    "年度资金申请总额（{}）不等于当年财政拨款、上年结转资金与其他资金之和（{}）",
                    format_yuan(annual_total),
                    show_sum(parts)
                ),
            ));
        }
    }

    if let Some(project_total) = funding.project_total
        && (funding.project_fiscal.is_some() || funding.project_other.is_some())
    {
        let parts = sum(&[funding.project_fiscal, funding.project_other]);
        if parts != Some(project_total) {
            findings.push(Finding::new(
                Rule::ProjectTotalSum,
                layout,
                Field::ProjectTotal,
                format!(
                    "项目资金总额（{}）不等于财政资金与其他资金之和（{}）",
                    format_yuan(project_total),
                    show_sum(parts)
                ),
            ));
        }
    }

    if let (Some(project_total), Some(annual_total)) = (funding.project_total, funding.annual_total)
        && project_total < annual_total
    {
        findings.push(Finding::new(
            Rule::ProjectTotalBelowAnnual,
            layout,
            Field::ProjectTotal,
            format!(
                "项目资金总额（{}）小于年度资金申请总额（{}）：项目资金总额是整个项目周期的资金，应不小于当年申请",
                format_yuan(project_total),
                format_yuan(annual_total)
            ),
        ));
    }
}

/// 2020 and 2018 layouts: each amount's sign and scale (sub-budget lines included), then
/// [`Rule::BudgetBelowAnnual`] (项目总预算 ≥ 项目当年预算, observed in every older sample) and,
/// when at least one sub-budget line has an amount, [`Rule::SubBudgetSum`] (2018: the lines of
/// 项目当年投入资金构成 add up to 项目当年预算, e.g. 在线学习工作经费: 6430000.00 + 3880000.00 =
/// 10310000). A single line 「无」 without an amount (组织部弱电会议系统) is not checked.
pub(super) fn check_legacy(
    budget: &LegacyBudget,
    sub_budgets: &[SubBudget],
    layout: FormLayout,
    findings: &mut Vec<Finding>,
) {
    for (field, amount) in [
        (Field::ProjectBudget, budget.project_budget),
        (Field::AnnualBudget, budget.annual_budget),
        (Field::PriorYearBudget, budget.prior_year_budget),
        (Field::PriorYearSpent, budget.prior_year_spent),
    ] {
        if let Some(amount) = amount {
            check_amount(
                Path::Field(field),
                field_label(field, layout),
                amount,
                layout,
                findings,
            );
        }
    }
    for (index, line) in sub_budgets.iter().enumerate() {
        if let Some(amount) = line.amount {
            let label = if line.name.trim().is_empty() {
                format!("项目当年投入资金构成第{}行的预算金额", index + 1)
            } else {
                format!("子项目「{}」的预算金额", line.name.trim())
            };
            check_amount(Path::SubBudget(index), &label, amount, layout, findings);
        }
    }

    if let (Some(project_budget), Some(annual_budget)) =
        (budget.project_budget, budget.annual_budget)
        && project_budget < annual_budget
    {
        findings.push(Finding::new(
            Rule::BudgetBelowAnnual,
            layout,
            Field::ProjectBudget,
            format!(
                "项目总预算（{}）小于项目当年预算（{}）",
                format_yuan(project_budget),
                format_yuan(annual_budget)
            ),
        ));
    }

    if let Some(annual_budget) = budget.annual_budget
        && sub_budgets.iter().any(|line| line.amount.is_some())
    {
        let parts = sub_budgets.iter().try_fold(Decimal::ZERO, |total, line| {
            total.checked_add(line.amount.unwrap_or(Decimal::ZERO))
        });
        if parts != Some(annual_budget) {
            findings.push(Finding::new(
                Rule::SubBudgetSum,
                layout,
                Field::SubBudgets,
                format!(
                    "项目当年投入资金构成各子项目预算金额之和（{}）不等于项目当年预算（{}）",
                    show_sum(parts),
                    format_yuan(annual_budget)
                ),
            ));
        }
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

/// The exact sum of the filled amounts (blank counts as 0); `None` only if it overflows.
fn sum(amounts: &[Option<Yuan>]) -> Option<Yuan> {
    amounts.iter().try_fold(Decimal::ZERO, |total, amount| {
        total.checked_add(amount.unwrap_or(Decimal::ZERO))
    })
}

fn show_sum(total: Option<Yuan>) -> String {
    total.map_or_else(|| "超出可计算范围".to_owned(), format_yuan)
}
