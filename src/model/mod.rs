//! The declaration as plain data: one project, one year, one file.
//!
//! This module owns the typed form (财政项目支出绩效目标申报表) for all three layouts that Shanghai
//! has used (docs/form.md §1, §6), the indicator tree, target values, money in 元 and dates, and the
//! parsers that turn written notations into them. It must not depend on egui, the file system,
//! the importer or the printer: everything else depends on it.

mod date;
mod fields;
mod indicator;
mod money;
mod path;
mod rollover;
mod target;

pub use date::{format_date, parse_date};
pub use fields::{
    FieldKind, FieldSpec, MoneySum, SumCheck, SumParts, SumState, parse_yes_no, yes_no_text,
};
pub use indicator::{
    COST_LEVEL1, IndicatorPath, Level1Indicator, Level2Indicator, Level3Indicator, STANDARD_SCHEME,
    is_standard_level2, standard_level2_names,
};
pub use money::{MoneyParseError, Yuan, format_yuan, parse_yuan};
pub use path::{Field, IndicatorPart, Path};
pub use rollover::{
    UNSORTED_LEVEL2, map_indicator_2018, map_level2_2020, roll_over, unsorted_level1_name,
};
pub use target::{COMMON_UNITS, Comparator, TargetNotation, TargetNumber, TargetValue};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// 项目性质 values offered by the editor; other text is allowed (docs/form.md §2).
pub const PROJECT_NATURES: &[&str] = &[
    "经常性专项业务费",
    "其他经常性项目",
    "其他一次性项目",
    "阶段性项目",
];

/// 项目类别 values offered by the editor; other text is allowed (docs/form.md §2).
pub const PROJECT_CATEGORIES: &[&str] = &["特定目标类", "其他运转类", "人员类", "公用经费"];

/// 项目类型 check boxes of the 2018 layout, in the order the form lists them (sample form `forms-2018.txt`).
pub const PROJECT_TYPES_2018: &[&str] = &[
    "市委市政府已确定的新增项目",
    "结转项目",
    "其他一次性项目",
    "经常性专项业务费",
    "其他经常性项目",
];

/// 资金用途 check boxes of the 2018 layout, in the order the form lists them (sample form `forms-2018.txt`).
pub const FUND_USES_2018: &[&str] = &[
    "基本建设工程类",
    "信息化建设类",
    "政策补贴类",
    "政府购买服务",
    "资产购置类",
    "其他事业专业类",
];

/// 财政项目支出绩效目标申报表: one project's performance target declaration for one fiscal year.
///
/// The fields every layout shares sit here; what only one layout has lives in [`FormFields`].
/// Text fields hold plain text with `\n` between paragraphs (never HTML). A blank date or amount
/// is `None`, never a made-up default.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Declaration {
    /// 年度: the budget year the form is for, e.g. 2026 (printed as 「(2026年度)」).
    pub fiscal_year: i32,
    /// 项目名称.
    pub project_name: String,
    /// The fields of this declaration's layout (current, 2020 or 2018).
    pub form: FormFields,
    /// 计划开始日期 (2018: 开始时间).
    pub planned_start: Option<NaiveDate>,
    /// 计划完成日期 (2018: 结束时间).
    pub planned_end: Option<NaiveDate>,
    /// 项目总目标 (2020: 总目标及阶段性目标).
    pub overall_goal: String,
    /// 年度总体目标 (2018: 年度绩效目标; the 2020 layout has none and leaves it empty).
    pub annual_goal: String,
    /// 绩效指标: the level-1 → level-2 → level-3 tree, in the order printed.
    ///
    /// The 2018 layout has two levels plus a value; its level-1 groups hold exactly one level-2
    /// group with an empty name (see [`FormLayout::has_level2`]).
    pub indicators: Vec<Level1Indicator>,
}

/// Which official form a declaration follows (docs/form.md §1, §6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FormLayout {
    /// 财政项目支出绩效目标申报表, 2023 onward.
    Current,
    /// 财政项目支出绩效目标表（2020年度）.
    Y2020,
    /// 上海市财政支出项目绩效目标申报表（2018年）.
    Y2018,
}

impl FormLayout {
    /// The printed title of the form, without the year line.
    pub fn title(self) -> &'static str {
        match self {
            Self::Current => "财政项目支出绩效目标申报表",
            Self::Y2020 => "财政项目支出绩效目标表",
            Self::Y2018 => "上海市财政支出项目绩效目标申报表",
        }
    }

    /// The line printed under the title, e.g. `(2026年度)`; 2020 uses full-width brackets and 2018
    /// writes `(2018年)`, as on the sample forms.
    pub fn year_line(self, fiscal_year: i32) -> String {
        match self {
            Self::Current => format!("({fiscal_year}年度)"),
            Self::Y2020 => format!("（{fiscal_year}年度）"),
            Self::Y2018 => format!("({fiscal_year}年)"),
        }
    }

    /// Column headers of the target table: level 1, level 2 (absent in 2018), level 3, value.
    pub fn indicator_headers(self) -> [&'static str; 4] {
        match self {
            Self::Current => ["一级指标", "二级指标", "三级指标", "年度(/项目)指标值"],
            Self::Y2020 => ["一级目标", "二级目标", "三级目标", "指标目标值"],
            Self::Y2018 => ["分解目标内容", "", "绩效指标", "指标目标值"],
        }
    }

    /// Whether the target table has a level-2 column (the 2018 layout has two levels only).
    pub fn has_level2(self) -> bool {
        !matches!(self, Self::Y2018)
    }

    /// How target values are written on this layout.
    pub fn target_notation(self) -> TargetNotation {
        match self {
            Self::Current => TargetNotation::Current,
            Self::Y2020 => TargetNotation::Ascii,
            Self::Y2018 => TargetNotation::Inline,
        }
    }

    /// A short Chinese name for menus and messages.
    pub fn label(self) -> &'static str {
        match self {
            Self::Current => "现行申报表",
            Self::Y2020 => "2020年版绩效目标表",
            Self::Y2018 => "2018年版绩效目标申报表",
        }
    }
}

/// The fields only one layout has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FormFields {
    /// The current layout (docs/form.md §1).
    Current(CurrentFields),
    /// The 2020 layout (docs/form.md §6).
    Y2020(Fields2020),
    /// The 2018 layout (docs/form.md §6).
    Y2018(Fields2018),
}

impl FormFields {
    /// The layout these fields belong to.
    pub fn layout(&self) -> FormLayout {
        match self {
            Self::Current(_) => FormLayout::Current,
            Self::Y2020(_) => FormLayout::Y2020,
            Self::Y2018(_) => FormLayout::Y2018,
        }
    }
}

/// Section one of the current layout, apart from the name and dates (docs/form.md §1).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CurrentFields {
    /// 项目性质, e.g. 经常性专项业务费 (see [`PROJECT_NATURES`]).
    pub project_nature: String,
    /// 项目类别, e.g. 特定目标类 (see [`PROJECT_CATEGORIES`]).
    pub project_category: String,
    /// 主管部门.
    pub competent_department: String,
    /// 实施单位.
    pub implementing_unit: String,
    /// 项目资金（元）.
    pub funding: Funding,
}

/// 项目资金（元）: the seven amounts of the current layout, in 元; `None` is a blank cell.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Funding {
    /// 项目资金总额: the whole project's life; often blank for one-year projects.
    pub project_total: Option<Yuan>,
    /// 其中：财政资金 (whole project).
    pub project_fiscal: Option<Yuan>,
    /// 其他资金 (whole project).
    pub project_other: Option<Yuan>,
    /// 年度资金申请总额: this year's request.
    pub annual_total: Option<Yuan>,
    /// 其中：当年财政拨款.
    pub annual_appropriation: Option<Yuan>,
    /// 上年结转资金.
    pub annual_carryover: Option<Yuan>,
    /// 其他资金 (this year).
    pub annual_other: Option<Yuan>,
}

/// The long texts the 2020 and 2018 layouts share (docs/form.md §6). Plain text, `\n` between
/// paragraphs. The 2018 online system cut each at 255 characters.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectTexts {
    /// 项目概况.
    pub project_overview: String,
    /// 立项依据.
    pub legal_basis: String,
    /// 项目设立的必要性.
    pub necessity: String,
    /// 保证项目实施的制度、措施.
    pub safeguards: String,
    /// 项目实施计划.
    pub implementation_plan: String,
}

/// The money block of the 2020 and 2018 layouts, in 元; `None` is a blank cell.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegacyBudget {
    /// 项目总预算（元）.
    pub project_budget: Option<Yuan>,
    /// 项目当年预算（元）.
    pub annual_budget: Option<Yuan>,
    /// 同名项目上年预算额（元）.
    pub prior_year_budget: Option<Yuan>,
    /// 同名项目上年预算执行数（元）.
    pub prior_year_spent: Option<Yuan>,
}

/// The 2020 layout's own fields (财政项目支出绩效目标表, sample form `forms-2020.txt`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fields2020 {
    /// 申报单位名称.
    pub declaring_unit: String,
    /// 项目类别; on this layout it holds what the current layout calls 项目性质 (经常性专项业务费…).
    pub project_category: String,
    /// 是否含有政府购买服务 (是/否); `None` when not filled.
    pub includes_government_procurement: Option<bool>,
    /// 绩效类型, e.g. 事业/专业类.
    pub performance_type: String,
    /// 项目概况 … 项目实施计划.
    pub texts: ProjectTexts,
    /// 项目总预算 … 同名项目上年预算执行数.
    pub budget: LegacyBudget,
}

/// The 2018 layout's own fields (上海市财政支出项目绩效目标申报表, sample form `forms-2018.txt`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fields2018 {
    /// 申报单位名称.
    pub declaring_unit: String,
    /// 项目类型: the ticked box, one of [`PROJECT_TYPES_2018`]; empty when none is ticked.
    pub project_type: String,
    /// 资金用途: the ticked box, one of [`FUND_USES_2018`]; empty when none is ticked.
    pub fund_use: String,
    /// 项目概况 … 项目实施计划.
    pub texts: ProjectTexts,
    /// 项目总预算 … 同名项目上年预算执行数.
    pub budget: LegacyBudget,
    /// 项目当年投入资金构成: sub-project budget lines that sum to 项目当年预算.
    pub sub_budgets: Vec<SubBudget>,
    /// 备注.
    pub remarks: String,
}

/// One line of 项目当年投入资金构成 (2018 layout).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubBudget {
    /// 子项目名称.
    pub name: String,
    /// 预算金额（元）; `None` when blank.
    pub amount: Option<Yuan>,
}

impl Declaration {
    /// An empty current-layout declaration for `fiscal_year`, with the standard level-1 groups
    /// (成本/产出/效益/满意度指标, docs/form.md §3) and no level-2 or level-3 rows yet.
    pub fn new_current(fiscal_year: i32) -> Self {
        Self {
            fiscal_year,
            project_name: String::new(),
            form: FormFields::Current(CurrentFields::default()),
            planned_start: NaiveDate::from_ymd_opt(fiscal_year, 1, 1),
            planned_end: NaiveDate::from_ymd_opt(fiscal_year, 12, 31),
            overall_goal: String::new(),
            annual_goal: String::new(),
            indicators: STANDARD_SCHEME
                .iter()
                .map(|(level1, _)| Level1Indicator::new(*level1))
                .collect(),
        }
    }

    /// A declaration of `layout` for `fiscal_year` with every field blank: no dates, no
    /// amounts, empty texts and no indicator groups (what an importer fills from a form).
    pub fn empty(layout: FormLayout, fiscal_year: i32) -> Self {
        Self {
            fiscal_year,
            project_name: String::new(),
            form: match layout {
                FormLayout::Current => FormFields::Current(CurrentFields::default()),
                FormLayout::Y2020 => FormFields::Y2020(Fields2020::default()),
                FormLayout::Y2018 => FormFields::Y2018(Fields2018::default()),
            },
            planned_start: None,
            planned_end: None,
            overall_goal: String::new(),
            annual_goal: String::new(),
            indicators: Vec::new(),
        }
    }

    /// The layout this declaration follows.
    pub fn layout(&self) -> FormLayout {
        self.form.layout()
    }

    /// The current-layout fields, when this is a current-layout declaration.
    pub fn current(&self) -> Option<&CurrentFields> {
        match &self.form {
            FormFields::Current(fields) => Some(fields),
            _ => None,
        }
    }

    /// Mutable access to the current-layout fields, when this is a current-layout declaration.
    pub fn current_mut(&mut self) -> Option<&mut CurrentFields> {
        match &mut self.form {
            FormFields::Current(fields) => Some(fields),
            _ => None,
        }
    }

    /// All level-3 indicators with their paths, in printed order.
    pub fn level3_indicators(&self) -> impl Iterator<Item = (IndicatorPath, &Level3Indicator)> {
        self.indicators.iter().enumerate().flat_map(|(i1, level1)| {
            level1
                .children
                .iter()
                .enumerate()
                .flat_map(move |(i2, level2)| {
                    level2
                        .children
                        .iter()
                        .enumerate()
                        .map(move |(i3, level3)| (IndicatorPath::level3(i1, i2, i3), level3))
                })
        })
    }

    /// Number of level-3 indicators (the rows of the printed target table).
    pub fn level3_count(&self) -> usize {
        self.indicators
            .iter()
            .flat_map(|level1| &level1.children)
            .map(|level2| level2.children.len())
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_current_has_standard_groups_and_year_dates() {
        let declaration = Declaration::new_current(2027);
        let names: Vec<_> = declaration
            .indicators
            .iter()
            .map(|l| l.name.as_str())
            .collect();
        assert_eq!(names, ["成本指标", "产出指标", "效益指标", "满意度指标"]);
        assert_eq!(
            declaration.planned_start,
            NaiveDate::from_ymd_opt(2027, 1, 1)
        );
        assert_eq!(
            declaration.planned_end,
            NaiveDate::from_ymd_opt(2027, 12, 31)
        );
        assert_eq!(declaration.layout(), FormLayout::Current);
        assert_eq!(declaration.level3_count(), 0);
    }

    #[test]
    fn empty_declarations_are_blank_in_their_layout() {
        for layout in FormLayout::ALL {
            let declaration = Declaration::empty(layout, 2020);
            assert_eq!(declaration.layout(), layout);
            assert_eq!(declaration.fiscal_year, 2020);
            assert_eq!(declaration.planned_start, None);
            assert!(declaration.indicators.is_empty());
        }
    }

    #[test]
    fn year_line_follows_each_layout() {
        assert_eq!(FormLayout::Current.year_line(2026), "(2026年度)");
        assert_eq!(FormLayout::Y2020.year_line(2020), "（2020年度）");
        assert_eq!(FormLayout::Y2018.year_line(2018), "(2018年)");
    }
}
