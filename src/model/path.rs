//! Addresses of the parts of a declaration: what a finding points at, what the editor focuses.

use serde::{Deserialize, Serialize};

use super::IndicatorPath;

/// A single field of a declaration (all layouts). Each has a stable identifier (for the command
/// line and JSON); its label, kind and place on each layout are in the field table
/// (`model::fields`, [`crate::model::FormLayout::fields`], [`Field::label`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Field {
    /// 年度.
    FiscalYear,
    /// 项目名称.
    ProjectName,
    /// 项目性质 (current layout).
    ProjectNature,
    /// 项目类别 (current and 2020 layouts).
    ProjectCategory,
    /// 主管部门 (current layout).
    CompetentDepartment,
    /// 实施单位 (current layout).
    ImplementingUnit,
    /// 申报单位名称 (2020, 2018).
    DeclaringUnit,
    /// 项目类型 (2018).
    ProjectType,
    /// 资金用途 (2018).
    FundUse,
    /// 是否含有政府购买服务 (2020).
    IncludesGovernmentProcurement,
    /// 绩效类型 (2020).
    PerformanceType,
    /// 计划开始日期.
    PlannedStart,
    /// 计划完成日期.
    PlannedEnd,
    /// 项目资金总额.
    ProjectTotal,
    /// 其中：财政资金 (whole project).
    ProjectFiscal,
    /// 其他资金 (whole project).
    ProjectOther,
    /// 年度资金申请总额.
    AnnualTotal,
    /// 其中：当年财政拨款.
    AnnualAppropriation,
    /// 上年结转资金.
    AnnualCarryover,
    /// 其他资金 (this year).
    AnnualOther,
    /// 项目概况 (2020, 2018).
    ProjectOverview,
    /// 立项依据 (2020, 2018).
    LegalBasis,
    /// 项目设立的必要性 (2020, 2018).
    Necessity,
    /// 保证项目实施的制度、措施 (2020, 2018).
    Safeguards,
    /// 项目实施计划 (2020, 2018).
    ImplementationPlan,
    /// 项目总预算 (2020, 2018).
    ProjectBudget,
    /// 项目当年预算 (2020, 2018).
    AnnualBudget,
    /// 同名项目上年预算额 (2020, 2018).
    PriorYearBudget,
    /// 同名项目上年预算执行数 (2020, 2018).
    PriorYearSpent,
    /// 项目当年投入资金构成 as a whole (2018).
    SubBudgets,
    /// 备注 (2018).
    Remarks,
    /// 项目总目标 (2020: 总目标及阶段性目标).
    OverallGoal,
    /// 年度总体目标 (2018: 年度绩效目标).
    AnnualGoal,
    /// 绩效指标 as a whole (e.g. a missing level-1 group).
    Indicators,
}

impl Field {
    /// The stable identifier used by the command line and JSON, e.g. `funding.annual_total`.
    pub fn id(self) -> &'static str {
        match self {
            Self::FiscalYear => "fiscal_year",
            Self::ProjectName => "project_name",
            Self::ProjectNature => "project_nature",
            Self::ProjectCategory => "project_category",
            Self::CompetentDepartment => "competent_department",
            Self::ImplementingUnit => "implementing_unit",
            Self::DeclaringUnit => "declaring_unit",
            Self::ProjectType => "project_type",
            Self::FundUse => "fund_use",
            Self::IncludesGovernmentProcurement => "includes_government_procurement",
            Self::PerformanceType => "performance_type",
            Self::PlannedStart => "planned_start",
            Self::PlannedEnd => "planned_end",
            Self::ProjectTotal => "funding.project_total",
            Self::ProjectFiscal => "funding.project_fiscal",
            Self::ProjectOther => "funding.project_other",
            Self::AnnualTotal => "funding.annual_total",
            Self::AnnualAppropriation => "funding.annual_appropriation",
            Self::AnnualCarryover => "funding.annual_carryover",
            Self::AnnualOther => "funding.annual_other",
            Self::ProjectOverview => "texts.project_overview",
            Self::LegalBasis => "texts.legal_basis",
            Self::Necessity => "texts.necessity",
            Self::Safeguards => "texts.safeguards",
            Self::ImplementationPlan => "texts.implementation_plan",
            Self::ProjectBudget => "budget.project_budget",
            Self::AnnualBudget => "budget.annual_budget",
            Self::PriorYearBudget => "budget.prior_year_budget",
            Self::PriorYearSpent => "budget.prior_year_spent",
            Self::SubBudgets => "sub_budgets",
            Self::Remarks => "remarks",
            Self::OverallGoal => "overall_goal",
            Self::AnnualGoal => "annual_goal",
            Self::Indicators => "indicators",
        }
    }
}

/// What part of an indicator a path points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum IndicatorPart {
    /// The node's name.
    Name,
    /// The level-3 target value.
    Target,
}

/// The address of anything a finding can be about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Path {
    /// A header, money or text field.
    Field(Field),
    /// A node of the indicator tree, or its target value.
    Indicator(IndicatorPath, IndicatorPart),
    /// A line of 项目当年投入资金构成 (2018), by index.
    SubBudget(usize),
}

impl std::fmt::Display for Path {
    /// `project_name`, `funding.annual_total`, `indicators[1][0][2]`,
    /// `indicators[1][0][2].target`, `sub_budgets[3]`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Field(field) => f.write_str(field.id()),
            Self::Indicator(path, IndicatorPart::Name) => write!(f, "{path}"),
            Self::Indicator(path, IndicatorPart::Target) => write!(f, "{path}.target"),
            Self::SubBudget(index) => write!(f, "sub_budgets[{index}]"),
        }
    }
}

impl From<Field> for Path {
    fn from(field: Field) -> Self {
        Self::Field(field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_print_stable_identifiers() {
        assert_eq!(
            Path::from(Field::AnnualTotal).to_string(),
            "funding.annual_total"
        );
        let level3 = IndicatorPath::level3(1, 0, 2);
        assert_eq!(
            Path::Indicator(level3, IndicatorPart::Target).to_string(),
            "indicators[1][0][2].target"
        );
        assert_eq!(
            Path::Indicator(level3, IndicatorPart::Name).to_string(),
            "indicators[1][0][2]"
        );
        assert_eq!(Path::SubBudget(3).to_string(), "sub_budgets[3]");
    }
}
