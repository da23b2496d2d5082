//! The list of rules: each rule's identifier, severity and source in one place.
//!
//! Depends on nothing but [`super::Severity`], [`super::RuleSource`] and the layout enum.

use serde::Serialize;

use super::{RuleSource, Severity};
use crate::model::FormLayout;

/// The official document behind the indicator rules.
const MOF_2021_101: &str = "财预〔2021〕101号";
/// Shanghai's 2025 indicator guidance (cost indicators expected).
const SHANGHAI_2025: &str = "上海市市级部门项目支出核心绩效目标和指标设置及取值指引（2025年）";
/// The current layout's samples (sample forms `forms-2026`, `forms-2023`).
const CURRENT_SAMPLES: &str = "2023、2026年度全部样表";
/// The older layouts' samples (sample forms `forms-2020`, `forms-2018`).
const LEGACY_SAMPLES: &str = "2020、2018年度全部样表";

/// One rule of docs/form.md §5, by what it checks. Serialised as its [`Rule::id`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// A required header, money or goal cell is blank. Error; official (the layout's form).
    RequiredField,
    /// A level-3 indicator has no name. Error; 财预〔2021〕101号.
    RequiredIndicatorName,
    /// A level-3 indicator has no target value. Error; 财预〔2021〕101号.
    RequiredIndicatorTarget,
    /// 计划完成日期 is before 计划开始日期. Error; observed in every sample form.
    DateOrder,
    /// The planned dates do not overlap `fiscal_year` (a one-year project in another year is
    /// named as such in the message). Error; observed in every current-layout sample.
    DatesOutsideFiscalYear,
    /// 年度资金申请总额 ≠ 当年财政拨款 + 上年结转资金 + 其他资金. Error; observed.
    AnnualTotalSum,
    /// 项目资金总额 ≠ 财政资金 + 其他资金. Error; observed.
    ProjectTotalSum,
    /// 项目资金总额 < 年度资金申请总额. Error; observed.
    ProjectTotalBelowAnnual,
    /// An amount is negative. Error; observed.
    NegativeAmount,
    /// An amount has more than two decimals (分). Error; observed.
    AmountScale,
    /// 产出指标, 效益指标 or 满意度指标 is missing or has no level-3. Error; 财预〔2021〕101号.
    MissingLevel1,
    /// 成本指标 is missing or empty. Warning; Shanghai 2025 指引.
    MissingCostIndicator,
    /// A level-1 name outside the standard scheme. Warning; 财预〔2021〕101号.
    NonStandardLevel1,
    /// A level-2 name that does not belong to its level-1. Warning; 财预〔2021〕101号.
    NonStandardLevel2,
    /// A level-1 group with no level-2 (non-standard groups only). Warning; 财预〔2021〕101号.
    EmptyLevel1,
    /// A level-2 group with no level-3. Warning; 财预〔2021〕101号.
    EmptyLevel2,
    /// Two level-3 indicators of one level-2 share a name. Warning; inferred.
    DuplicateIndicatorName,
    /// A `%` target outside 0..=100. Warning; inferred.
    PercentOutOfRange,
    /// A satisfaction (满意度) target that is not a quantitative `%`. Warning; inferred.
    SatisfactionNotPercent,
    /// A cost indicator with ≥ or >. Warning; inferred.
    CostComparator,
    /// The cost control amounts (元) add up to more than 年度资金申请总额. Warning; inferred.
    CostExceedsAnnualTotal,
    /// 项目总预算 < 项目当年预算 (2020, 2018). Error; observed.
    BudgetBelowAnnual,
    /// 项目当年投入资金构成 does not add up to 项目当年预算 (2018). Error; observed.
    SubBudgetSum,
    /// A 2018 long text over 255 characters. Warning; observed (the 2018 system cut them).
    TextTooLong,
    /// An older-layout target row without a name or a value. Warning; official (the layout's
    /// form).
    LegacyIndicatorIncomplete,
}

impl Rule {
    /// Every rule, in the order of docs/form.md §5.
    pub const ALL: [Self; 25] = [
        Self::RequiredField,
        Self::RequiredIndicatorName,
        Self::RequiredIndicatorTarget,
        Self::DateOrder,
        Self::DatesOutsideFiscalYear,
        Self::AnnualTotalSum,
        Self::ProjectTotalSum,
        Self::ProjectTotalBelowAnnual,
        Self::NegativeAmount,
        Self::AmountScale,
        Self::MissingLevel1,
        Self::MissingCostIndicator,
        Self::NonStandardLevel1,
        Self::NonStandardLevel2,
        Self::EmptyLevel1,
        Self::EmptyLevel2,
        Self::DuplicateIndicatorName,
        Self::PercentOutOfRange,
        Self::SatisfactionNotPercent,
        Self::CostComparator,
        Self::CostExceedsAnnualTotal,
        Self::BudgetBelowAnnual,
        Self::SubBudgetSum,
        Self::TextTooLong,
        Self::LegacyIndicatorIncomplete,
    ];

    /// The stable identifier printed by `jixiao check` and written to JSON, e.g.
    /// `annual_total_sum`.
    pub fn id(self) -> &'static str {
        match self {
            Self::RequiredField => "required_field",
            Self::RequiredIndicatorName => "required_indicator_name",
            Self::RequiredIndicatorTarget => "required_indicator_target",
            Self::DateOrder => "date_order",
            Self::DatesOutsideFiscalYear => "dates_outside_fiscal_year",
            Self::AnnualTotalSum => "annual_total_sum",
            Self::ProjectTotalSum => "project_total_sum",
            Self::ProjectTotalBelowAnnual => "project_total_below_annual",
            Self::NegativeAmount => "negative_amount",
            Self::AmountScale => "amount_scale",
            Self::MissingLevel1 => "missing_level1",
            Self::MissingCostIndicator => "missing_cost_indicator",
            Self::NonStandardLevel1 => "non_standard_level1",
            Self::NonStandardLevel2 => "non_standard_level2",
            Self::EmptyLevel1 => "empty_level1",
            Self::EmptyLevel2 => "empty_level2",
            Self::DuplicateIndicatorName => "duplicate_indicator_name",
            Self::PercentOutOfRange => "percent_out_of_range",
            Self::SatisfactionNotPercent => "satisfaction_not_percent",
            Self::CostComparator => "cost_comparator",
            Self::CostExceedsAnnualTotal => "cost_exceeds_annual_total",
            Self::BudgetBelowAnnual => "budget_below_annual",
            Self::SubBudgetSum => "sub_budget_sum",
            Self::TextTooLong => "text_too_long",
            Self::LegacyIndicatorIncomplete => "legacy_indicator_incomplete",
        }
    }

    /// How serious a finding of this rule is.
    pub fn severity(self) -> Severity {
        match self {
            Self::RequiredField
            | Self::RequiredIndicatorName
            | Self::RequiredIndicatorTarget
            | Self::DateOrder
            | Self::DatesOutsideFiscalYear
            | Self::AnnualTotalSum
            | Self::ProjectTotalSum
            | Self::ProjectTotalBelowAnnual
            | Self::NegativeAmount
            | Self::AmountScale
            | Self::MissingLevel1
            | Self::BudgetBelowAnnual
            | Self::SubBudgetSum => Severity::Error,
            Self::MissingCostIndicator
            | Self::NonStandardLevel1
            | Self::NonStandardLevel2
            | Self::EmptyLevel1
            | Self::EmptyLevel2
            | Self::DuplicateIndicatorName
            | Self::PercentOutOfRange
            | Self::SatisfactionNotPercent
            | Self::CostComparator
            | Self::CostExceedsAnnualTotal
            | Self::TextTooLong
            | Self::LegacyIndicatorIncomplete => Severity::Warning,
        }
    }

    /// Where the rule comes from, for a declaration of `layout` (the form-based rules name the
    /// layout's own form).
    pub fn source(self, layout: FormLayout) -> RuleSource {
        let form = match layout {
            FormLayout::Current => "财政项目支出绩效目标申报表（现行样表）",
            FormLayout::Y2020 => "财政项目支出绩效目标表（2020年度）",
            FormLayout::Y2018 => "上海市财政支出项目绩效目标申报表（2018年）",
        };
        let samples = match layout {
            FormLayout::Current => CURRENT_SAMPLES,
            FormLayout::Y2020 | FormLayout::Y2018 => LEGACY_SAMPLES,
        };
        match self {
            Self::RequiredField | Self::LegacyIndicatorIncomplete => RuleSource::Official(form),
            Self::RequiredIndicatorName
            | Self::RequiredIndicatorTarget
            | Self::MissingLevel1
            | Self::NonStandardLevel1
            | Self::NonStandardLevel2
            | Self::EmptyLevel1
            | Self::EmptyLevel2 => RuleSource::Official(MOF_2021_101),
            Self::MissingCostIndicator => RuleSource::Official(SHANGHAI_2025),
            Self::DateOrder | Self::NegativeAmount | Self::AmountScale => {
                RuleSource::Observed(samples)
            }
            Self::DatesOutsideFiscalYear
            | Self::AnnualTotalSum
            | Self::ProjectTotalSum
            | Self::ProjectTotalBelowAnnual => RuleSource::Observed(CURRENT_SAMPLES),
            Self::BudgetBelowAnnual => RuleSource::Observed(LEGACY_SAMPLES),
            Self::SubBudgetSum => RuleSource::Observed("2018年度全部样表"),
            Self::TextTooLong => RuleSource::Observed(
                "2018年度样表（当年系统在255字处截断长文本，见干部考评和人才发展工作经费）",
            ),
            Self::DuplicateIndicatorName => {
                RuleSource::Inferred("同一二级指标下同名的三级指标无法区分，多为重复录入")
            }
            Self::PercentOutOfRange => {
                RuleSource::Inferred("以%计的比率、完成率、满意度在0至100之间")
            }
            Self::SatisfactionNotPercent => RuleSource::Inferred(
                "样表中的满意度指标均以百分比定量表述（如≥90.00(%)），便于考核",
            ),
            Self::CostComparator => RuleSource::Inferred("成本指标是控制上限，写≥或>等于不设上限"),
            Self::CostExceedsAnnualTotal => RuleSource::Inferred(
                "成本控制数是本年度资金的组成部分，合计不应超过年度资金申请总额",
            ),
        }
    }
}
