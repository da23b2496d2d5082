//! The field table: every section-one field of each layout as the form prints it, with its slot
//! in the [`Declaration`], its kind, whether it is required, where it sits on the form and the
//! money sums it belongs to; and the accessors that read and write a field's value.
//!
//! One table per layout ([`FormLayout::fields`]). Export, the importers, the rules and the editor
//! read it, so a label is written once in the source and adding a field to a layout is one entry
//! here (plus its tests). The facts come from the sample forms (docs/form.md §1, §6):
//! `tests/fixtures/forms/forms-2026.txt` and `forms-2023.txt` for the current layout,
//! `forms-2020.txt` for 2020, `forms-2018.txt` for 2018.
//!
//! The slot of a field is the existing [`Field`] enum; this module holds the only `match` from a
//! [`Field`] to the place in a [`Declaration`] that stores it. Depends on the rest of `model` only.

use chrono::NaiveDate;

use super::{
    Declaration, FUND_USES_2018, Field, FormFields, FormLayout, PROJECT_CATEGORIES,
    PROJECT_NATURES, PROJECT_TYPES_2018, ProjectTexts, SubBudget, Yuan, format_date, format_yuan,
};

/// What a field holds and how it is written on the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// 年度: a year such as 2026, printed in the line under the title (`(2026年度)`), not in a
    /// cell. Stored in [`Declaration::fiscal_year`].
    Year,
    /// One line of text (项目名称, 主管部门 …).
    Text,
    /// Paragraphs separated by `\n` (项目概况, 项目总目标 …).
    LongText,
    /// Free text, with the usual values the editor offers (项目性质, 项目类别).
    Choice(&'static [&'static str]),
    /// 2018 check boxes, one of which is ticked; the text of the ticked option is stored (empty
    /// when none is ticked). The options are listed in the order the form prints them.
    CheckBox(&'static [&'static str]),
    /// A date, printed `YYYY-MM-DD`.
    Date,
    /// An amount in 元, printed `1,139,000.00`; blank is `None`, never `0.00`.
    Money,
    /// 是 / 否, or blank when not filled.
    YesNo,
    /// 2018 项目当年投入资金构成: lines of 子项目名称 and 预算金额（元）.
    BudgetLines,
}

impl FieldKind {
    /// The options offered or ticked, for [`FieldKind::Choice`] and [`FieldKind::CheckBox`];
    /// empty for the other kinds.
    pub fn options(self) -> &'static [&'static str] {
        match self {
            Self::Choice(options) | Self::CheckBox(options) => options,
            _ => &[],
        }
    }

    /// Whether the value is text held in a `String` (text, long text, choice, check box).
    pub fn is_text(self) -> bool {
        matches!(
            self,
            Self::Text | Self::LongText | Self::Choice(_) | Self::CheckBox(_)
        )
    }
}

/// One field of one layout: what the form prints, where, and where the value lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldSpec {
    /// The slot: which value of the [`Declaration`] the field shows.
    pub field: Field,
    /// The label exactly as the layout prints it, e.g. `其中：当年财政拨款`, `项目总预算（元）`,
    /// `开始时间`.
    pub label: &'static str,
    /// How messages name the field: the label, told apart where the layout prints it twice
    /// (`其他资金（项目资金）`), and without the unit the older layouts print in the label
    /// (`项目总预算`).
    pub name: &'static str,
    /// What the field holds.
    pub kind: FieldKind,
    /// Whether the form must have it filled (docs/form.md §5 "Required", an official rule).
    pub required: bool,
    /// The row of the printed form the label sits on, counted from the title (0) down; fields
    /// on one row are read left to right.
    pub row: u8,
    /// The column of the label in the table's cells, from 0 at the left edge, as the sample
    /// extraction places it. On the current layout the 项目资金（元） block has its project side
    /// (项目资金) in column 1 and its annual side (年度资金) in column 3.
    pub column: u8,
}

impl FieldSpec {
    /// Where the field comes in reading order on its form: row by row, left to right.
    pub fn reading_rank(&self) -> u16 {
        u16::from(self.row) * 16 + u16::from(self.column)
    }

    /// The field's value in `declaration` as the form writes it in a cell: text as is, money
    /// as `1,139,000.00`, dates as `2026-01-01`, 是/否, the year as digits; blank values as an
    /// empty string. Empty for 项目当年投入资金构成, which is not one cell (see
    /// [`Declaration::sub_budgets`]) and for a field `declaration` does not have.
    pub fn cell_text(&self, declaration: &Declaration) -> String {
        match self.kind {
            FieldKind::Year => declaration.fiscal_year.to_string(),
            FieldKind::Text
            | FieldKind::LongText
            | FieldKind::Choice(_)
            | FieldKind::CheckBox(_) => declaration.text(self.field).unwrap_or_default().to_owned(),
            FieldKind::Date => declaration
                .date(self.field)
                .map(format_date)
                .unwrap_or_default(),
            FieldKind::Money => declaration
                .amount(self.field)
                .map(format_yuan)
                .unwrap_or_default(),
            FieldKind::YesNo => yes_no_text(declaration.yes_no(self.field)).to_owned(),
            FieldKind::BudgetLines => String::new(),
        }
    }
}

/// How 是否含有政府购买服务 is written: 是, 否, or blank (sample form `forms-2020.txt`).
pub fn yes_no_text(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "是",
        Some(false) => "否",
        None => "",
    }
}

/// Reads 是 / 否 (blank is `Some(None)`); `None` for anything else.
pub fn parse_yes_no(text: &str) -> Option<Option<bool>> {
    match text.trim() {
        "是" => Some(Some(true)),
        "否" => Some(Some(false)),
        "" => Some(None),
        _ => None,
    }
}

/// When a money sum is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SumCheck {
    /// Whenever the total is filled, even with every part blank (the parts then sum to 0.00):
    /// 年度资金申请总额, whose parts every sample form fills.
    WhenTotalFilled,
    /// When the total and at least one part are filled: the whole-project column and the 2018
    /// sub-budget lines, which forms often leave blank.
    WhenAPartIsFilled,
}

/// What a total is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SumParts {
    /// These amount fields.
    Fields(&'static [Field]),
    /// The 预算金额 of every line of 项目当年投入资金构成 (2018).
    BudgetLines,
}

/// A total on the form and the amounts it must equal the sum of (docs/form.md §5, observed on
/// every sample form).
///
/// Blanks count the same everywhere, in the editor's live sum and in the rules: a blank part
/// counts as 0; whether the sum is checked at all is [`SumCheck`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MoneySum {
    /// The total, e.g. [`Field::AnnualTotal`].
    pub total: Field,
    /// Its parts.
    pub parts: SumParts,
    /// When the sum is checked.
    pub check: SumCheck,
    /// The parts as a message names them, e.g. `当年财政拨款、上年结转资金与其他资金`.
    pub parts_name: &'static str,
}

/// How a total compares with its parts (see [`MoneySum::state`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SumState {
    /// Not checked: the total and every part are blank, or (for [`SumCheck::WhenAPartIsFilled`])
    /// every part is blank.
    Unchecked,
    /// The total is blank while some part is filled; `parts` is their sum (`None`: it overflows).
    TotalBlank {
        /// The sum of the parts, blanks as 0.
        parts: Option<Yuan>,
    },
    /// The total equals the sum of its parts.
    Matches(Yuan),
    /// The total differs from the sum of its parts (`None`: the sum overflows).
    Differs {
        /// The total as filled.
        total: Yuan,
        /// The sum of the parts, blanks as 0.
        parts: Option<Yuan>,
    },
}

impl MoneySum {
    /// The parts' amounts in `declaration`, blank ones as `None`.
    fn part_amounts(&self, declaration: &Declaration) -> Vec<Option<Yuan>> {
        match self.parts {
            SumParts::Fields(fields) => fields
                .iter()
                .map(|field| declaration.amount(*field))
                .collect(),
            SumParts::BudgetLines => declaration
                .sub_budgets()
                .iter()
                .map(|line| line.amount)
                .collect(),
        }
    }

    /// Whether at least one part is filled.
    pub fn any_part_filled(&self, declaration: &Declaration) -> bool {
        self.part_amounts(declaration).iter().any(Option::is_some)
    }

    /// The exact sum of the parts in 元, a blank part counting as 0 (so all blank gives 0.00);
    /// `None` only if the sum overflows.
    pub fn parts_sum(&self, declaration: &Declaration) -> Option<Yuan> {
        self.part_amounts(declaration)
            .into_iter()
            .try_fold(Yuan::ZERO, |sum, amount| {
                sum.checked_add(amount.unwrap_or(Yuan::ZERO))
            })
    }

    /// How the total compares with its parts in `declaration`. The rules report
    /// [`SumState::Differs`]; the editor shows every state but [`SumState::Unchecked`].
    pub fn state(&self, declaration: &Declaration) -> SumState {
        let any_part = self.any_part_filled(declaration);
        match declaration.amount(self.total) {
            None if any_part => SumState::TotalBlank {
                parts: self.parts_sum(declaration),
            },
            None => SumState::Unchecked,
            Some(_) if !any_part && self.check == SumCheck::WhenAPartIsFilled => {
                SumState::Unchecked
            }
            Some(total) => match self.parts_sum(declaration) {
                Some(parts) if parts == total => SumState::Matches(total),
                parts => SumState::Differs { total, parts },
            },
        }
    }
}

/// Section one of one layout.
struct LayoutTable {
    /// The fields in the order the TSV export writes them: the printed order, except that the
    /// current layout lists the 项目资金 block before the 年度资金 block (issue 2's fixed export).
    fields: &'static [FieldSpec],
    /// The money sums of the layout.
    sums: &'static [MoneySum],
    /// The printed row the indicator table starts on (the reading order of everything else is
    /// [`FieldSpec::reading_rank`]).
    indicators_row: u8,
}

/// Shorthand for the table entries below.
const fn spec(
    field: Field,
    label: &'static str,
    kind: FieldKind,
    required: bool,
    (row, column): (u8, u8),
) -> FieldSpec {
    FieldSpec {
        field,
        label,
        name: label,
        kind,
        required,
        row,
        column,
    }
}

/// The same as [`spec`], with a name for messages that differs from the label.
const fn named(spec: FieldSpec, name: &'static str) -> FieldSpec {
    FieldSpec { name, ..spec }
}

use FieldKind as K;

// Labels more than one layout prints, spelled once (each layout's sample forms print them so).
/// 年度 (all layouts; printed in the year line).
const YEAR: &str = "年度";
/// 项目名称 (all layouts).
const PROJECT_NAME: &str = "项目名称";
/// 项目类别 (current and 2020).
const PROJECT_CATEGORY: &str = "项目类别";
/// 计划开始日期 / 计划完成日期 (current and 2020; 2018 says 开始时间 / 结束时间).
const PLANNED_START: &str = "计划开始日期";
const PLANNED_END: &str = "计划完成日期";
/// 申报单位名称 (2020 and 2018, on a line of its own above the table).
const DECLARING_UNIT: &str = "申报单位名称";
/// 其他资金 (current, printed in both money blocks).
const OTHER_FUNDS: &str = "其他资金";
/// 项目总目标 (current and 2018; 2020 says 总目标及阶段性目标).
const OVERALL_GOAL: &str = "项目总目标";

/// The current layout (2023 onward), read from `forms-2026.txt` (e.g. 党建服务工作经费, lines
/// 3–15) and `forms-2023.txt`; required fields from docs/form.md §5.
const CURRENT: LayoutTable = LayoutTable {
    fields: &[
        spec(Field::FiscalYear, YEAR, K::Year, true, (0, 0)),
        spec(Field::ProjectName, PROJECT_NAME, K::Text, true, (1, 0)),
        spec(
            Field::ProjectNature,
            "项目性质",
            K::Choice(PROJECT_NATURES),
            true,
            (1, 2),
        ),
        spec(
            Field::ProjectCategory,
            PROJECT_CATEGORY,
            K::Choice(PROJECT_CATEGORIES),
            true,
            (1, 4),
        ),
        spec(
            Field::CompetentDepartment,
            "主管部门",
            K::Text,
            true,
            (2, 0),
        ),
        spec(Field::ImplementingUnit, "实施单位", K::Text, true, (2, 2)),
        spec(Field::PlannedStart, PLANNED_START, K::Date, true, (3, 0)),
        spec(Field::PlannedEnd, PLANNED_END, K::Date, true, (3, 2)),
        spec(Field::ProjectTotal, "项目资金总额", K::Money, false, (4, 1)),
        spec(
            Field::ProjectFiscal,
            "其中：财政资金",
            K::Money,
            false,
            (5, 1),
        ),
        named(
            spec(Field::ProjectOther, OTHER_FUNDS, K::Money, false, (7, 1)),
            "其他资金（项目资金）",
        ),
        spec(
            Field::AnnualTotal,
            "年度资金申请总额",
            K::Money,
            true,
            (4, 3),
        ),
        spec(
            Field::AnnualAppropriation,
            "其中：当年财政拨款",
            K::Money,
            false,
            (5, 3),
        ),
        spec(
            Field::AnnualCarryover,
            "上年结转资金",
            K::Money,
            false,
            (6, 3),
        ),
        named(
            spec(Field::AnnualOther, OTHER_FUNDS, K::Money, false, (7, 3)),
            "其他资金（年度资金）",
        ),
        spec(Field::OverallGoal, OVERALL_GOAL, K::LongText, false, (8, 1)),
        spec(Field::AnnualGoal, "年度总体目标", K::LongText, true, (8, 3)),
    ],
    sums: &[
        MoneySum {
            total: Field::AnnualTotal,
            parts: SumParts::Fields(&[
                Field::AnnualAppropriation,
                Field::AnnualCarryover,
                Field::AnnualOther,
            ]),
            check: SumCheck::WhenTotalFilled,
            parts_name: "当年财政拨款、上年结转资金与其他资金",
        },
        MoneySum {
            total: Field::ProjectTotal,
            parts: SumParts::Fields(&[Field::ProjectFiscal, Field::ProjectOther]),
            check: SumCheck::WhenAPartIsFilled,
            parts_name: "财政资金与其他资金",
        },
    ],
    indicators_row: 9,
};

/// A long text printed one per row, label on the left, text across the rest of the row.
const fn long_text(field: Field, label: &'static str, row: u8) -> FieldSpec {
    spec(field, label, K::LongText, false, (row, 0))
}

/// The label of a long text both older layouts print alike (`forms-2020.txt`, `forms-2018.txt`).
const fn legacy_text_label(field: Field) -> &'static str {
    match field {
        Field::ProjectOverview => "项目概况",
        Field::LegalBasis => "立项依据",
        Field::Necessity => "项目设立的必要性",
        Field::Safeguards => "保证项目实施的制度、措施",
        Field::ImplementationPlan => "项目实施计划",
        _ => "",
    }
}

/// The label and the name in messages (without the printed 「（元）」) of a budget cell both
/// older layouts print alike (`forms-2020.txt`, `forms-2018.txt`).
const fn legacy_money_label(field: Field) -> (&'static str, &'static str) {
    match field {
        Field::ProjectBudget => ("项目总预算（元）", "项目总预算"),
        Field::AnnualBudget => ("项目当年预算（元）", "项目当年预算"),
        Field::PriorYearBudget => ("同名项目上年预算额（元）", "同名项目上年预算额"),
        Field::PriorYearSpent => ("同名项目上年预算执行数（元）", "同名项目上年预算执行数"),
        _ => ("", ""),
    }
}

/// A long text both older layouts print, on `row`.
const fn legacy_text(field: Field, row: u8) -> FieldSpec {
    long_text(field, legacy_text_label(field), row)
}

/// A budget cell both older layouts print.
const fn legacy_money(field: Field, required: bool, position: (u8, u8)) -> FieldSpec {
    let (label, name) = legacy_money_label(field);
    named(spec(field, label, K::Money, required, position), name)
}

/// The 2020 layout, 财政项目支出绩效目标表, read from `forms-2020.txt` (电教远教工作经费, lines
/// 2–55): `标签：值` pairs, two to a line where the form has two to a row.
const Y2020: LayoutTable = LayoutTable {
    fields: &[
        spec(Field::FiscalYear, YEAR, K::Year, true, (0, 0)),
        spec(Field::DeclaringUnit, DECLARING_UNIT, K::Text, true, (1, 0)),
        spec(Field::ProjectName, PROJECT_NAME, K::Text, true, (2, 0)),
        // This layout's 项目类别 holds what the current one calls 项目性质 (经常性专项业务费…).
        spec(
            Field::ProjectCategory,
            PROJECT_CATEGORY,
            K::Choice(PROJECT_NATURES),
            false,
            (2, 3),
        ),
        spec(Field::PlannedStart, PLANNED_START, K::Date, true, (3, 0)),
        spec(Field::PlannedEnd, PLANNED_END, K::Date, true, (3, 3)),
        spec(
            Field::IncludesGovernmentProcurement,
            "是否含有政府购买服务",
            K::YesNo,
            false,
            (4, 0),
        ),
        spec(Field::PerformanceType, "绩效类型", K::Text, false, (4, 3)),
        legacy_text(Field::ProjectOverview, 5),
        legacy_text(Field::LegalBasis, 6),
        legacy_text(Field::Necessity, 7),
        legacy_text(Field::Safeguards, 8),
        legacy_text(Field::ImplementationPlan, 9),
        long_text(Field::OverallGoal, "总目标及阶段性目标", 10),
        legacy_money(Field::ProjectBudget, false, (11, 0)),
        legacy_money(Field::AnnualBudget, true, (11, 3)),
        legacy_money(Field::PriorYearBudget, false, (12, 0)),
        legacy_money(Field::PriorYearSpent, false, (12, 3)),
    ],
    sums: &[],
    indicators_row: 13,
};

/// The 2018 layout, 上海市财政支出项目绩效目标申报表, read from `forms-2018.txt` (上海市党员干部
/// 现代远程网络体系运维费, lines 3–39): one row per label, money two to a row, 备注 under the
/// target table.
const Y2018: LayoutTable = LayoutTable {
    fields: &[
        spec(Field::FiscalYear, YEAR, K::Year, true, (0, 0)),
        spec(Field::DeclaringUnit, DECLARING_UNIT, K::Text, true, (1, 0)),
        spec(Field::ProjectName, PROJECT_NAME, K::Text, true, (2, 0)),
        spec(
            Field::ProjectType,
            "项目类型",
            K::CheckBox(PROJECT_TYPES_2018),
            true,
            (3, 0),
        ),
        spec(
            Field::FundUse,
            "资金用途",
            K::CheckBox(FUND_USES_2018),
            true,
            (4, 0),
        ),
        spec(Field::PlannedStart, "开始时间", K::Date, true, (5, 0)),
        spec(Field::PlannedEnd, "结束时间", K::Date, true, (5, 2)),
        legacy_text(Field::ProjectOverview, 6),
        legacy_text(Field::LegalBasis, 7),
        legacy_text(Field::Necessity, 8),
        legacy_text(Field::Safeguards, 9),
        legacy_money(Field::ProjectBudget, false, (10, 0)),
        legacy_money(Field::AnnualBudget, true, (10, 2)),
        legacy_money(Field::PriorYearBudget, false, (11, 0)),
        legacy_money(Field::PriorYearSpent, false, (11, 2)),
        spec(
            Field::SubBudgets,
            "项目当年投入资金构成",
            K::BudgetLines,
            false,
            (12, 0),
        ),
        legacy_text(Field::ImplementationPlan, 13),
        long_text(Field::OverallGoal, OVERALL_GOAL, 14),
        long_text(Field::AnnualGoal, "年度绩效目标", 15),
        long_text(Field::Remarks, "备注", 17),
    ],
    sums: &[MoneySum {
        total: Field::AnnualBudget,
        parts: SumParts::BudgetLines,
        check: SumCheck::WhenAPartIsFilled,
        parts_name: "项目当年投入资金构成各子项目预算金额",
    }],
    indicators_row: 16,
};

impl FormLayout {
    /// Every layout, newest first.
    pub const ALL: [Self; 3] = [Self::Current, Self::Y2020, Self::Y2018];

    fn table(self) -> &'static LayoutTable {
        match self {
            Self::Current => &CURRENT,
            Self::Y2020 => &Y2020,
            Self::Y2018 => &Y2018,
        }
    }

    /// Every section-one field of the layout, with 年度 first and the goals (and on 2018 备注)
    /// included, in the order the TSV export writes them: the printed order, except that the
    /// current layout lists the 项目资金 block before the 年度资金 block.
    pub fn fields(self) -> &'static [FieldSpec] {
        self.table().fields
    }

    /// The entry of `field` on this layout, or `None` when the layout does not have it.
    pub fn field(self, field: Field) -> Option<&'static FieldSpec> {
        self.fields().iter().find(|spec| spec.field == field)
    }

    /// The label this layout prints for `field` (`开始时间` on 2018, `计划开始日期` elsewhere);
    /// [`Field::label`] for a field the layout lacks.
    pub fn field_label(self, field: Field) -> &'static str {
        self.field(field)
            .map_or_else(|| field.label(), |spec| spec.label)
    }

    /// How messages name `field` on this layout ([`FieldSpec::name`]); [`Field::label`] for a
    /// field the layout lacks.
    pub fn field_name(self, field: Field) -> &'static str {
        self.field(field)
            .map_or_else(|| field.label(), |spec| spec.name)
    }

    /// The money sums of the layout (none on 2020).
    pub fn sums(self) -> &'static [MoneySum] {
        self.table().sums
    }

    /// The sum whose total is `total`, if `total` is one on this layout.
    pub fn sum_of(self, total: Field) -> Option<&'static MoneySum> {
        self.sums().iter().find(|sum| sum.total == total)
    }

    /// Where `field` comes in the reading order of the printed form (row by row, left to right,
    /// the indicator table at [`Field::Indicators`]); `None` for a field the layout lacks.
    pub fn reading_rank(self, field: Field) -> Option<u16> {
        if field == Field::Indicators {
            return Some(u16::from(self.table().indicators_row) * 16);
        }
        self.field(field).map(FieldSpec::reading_rank)
    }
}

impl Field {
    /// The label as printed on the newest layout that has the field (the current layout for
    /// most; `申报单位名称` and the older layouts' own fields from 2020 or 2018). A layout's own
    /// wording is [`FormLayout::field`]`(…).label`.
    pub fn label(self) -> &'static str {
        if self == Self::Indicators {
            return "绩效指标";
        }
        FormLayout::ALL
            .iter()
            .find_map(|layout| layout.field(self))
            .map_or("", |spec| spec.label)
    }
}

/// The long texts of the 2020 and 2018 layouts.
fn legacy_text_slot(texts: &ProjectTexts, field: Field) -> Option<&String> {
    match field {
        Field::ProjectOverview => Some(&texts.project_overview),
        Field::LegalBasis => Some(&texts.legal_basis),
        Field::Necessity => Some(&texts.necessity),
        Field::Safeguards => Some(&texts.safeguards),
        Field::ImplementationPlan => Some(&texts.implementation_plan),
        _ => None,
    }
}

fn legacy_text_slot_mut(texts: &mut ProjectTexts, field: Field) -> Option<&mut String> {
    match field {
        Field::ProjectOverview => Some(&mut texts.project_overview),
        Field::LegalBasis => Some(&mut texts.legal_basis),
        Field::Necessity => Some(&mut texts.necessity),
        Field::Safeguards => Some(&mut texts.safeguards),
        Field::ImplementationPlan => Some(&mut texts.implementation_plan),
        _ => None,
    }
}

impl Declaration {
    /// The text of a text field (text, long text, choice, check box); `None` for a field this
    /// declaration's layout does not have, or that is not text.
    pub fn text(&self, field: Field) -> Option<&str> {
        self.layout()
            .field(field)
            .filter(|spec| spec.kind.is_text())?;
        let text = match (&self.form, field) {
            (_, Field::ProjectName) => &self.project_name,
            (_, Field::OverallGoal) => &self.overall_goal,
            (_, Field::AnnualGoal) => &self.annual_goal,
            (FormFields::Current(fields), Field::ProjectNature) => &fields.project_nature,
            (FormFields::Current(fields), Field::ProjectCategory) => &fields.project_category,
            (FormFields::Current(fields), Field::CompetentDepartment) => {
                &fields.competent_department
            }
            (FormFields::Current(fields), Field::ImplementingUnit) => &fields.implementing_unit,
            (FormFields::Y2020(fields), Field::DeclaringUnit) => &fields.declaring_unit,
            (FormFields::Y2020(fields), Field::ProjectCategory) => &fields.project_category,
            (FormFields::Y2020(fields), Field::PerformanceType) => &fields.performance_type,
            (FormFields::Y2020(fields), _) => legacy_text_slot(&fields.texts, field)?,
            (FormFields::Y2018(fields), Field::DeclaringUnit) => &fields.declaring_unit,
            (FormFields::Y2018(fields), Field::ProjectType) => &fields.project_type,
            (FormFields::Y2018(fields), Field::FundUse) => &fields.fund_use,
            (FormFields::Y2018(fields), Field::Remarks) => &fields.remarks,
            (FormFields::Y2018(fields), _) => legacy_text_slot(&fields.texts, field)?,
            _ => return None,
        };
        Some(text)
    }

    /// Mutable access to a text field (see [`Declaration::text`]).
    pub fn text_mut(&mut self, field: Field) -> Option<&mut String> {
        self.layout()
            .field(field)
            .filter(|spec| spec.kind.is_text())?;
        let text = match (&mut self.form, field) {
            (_, Field::ProjectName) => &mut self.project_name,
            (_, Field::OverallGoal) => &mut self.overall_goal,
            (_, Field::AnnualGoal) => &mut self.annual_goal,
            (FormFields::Current(fields), Field::ProjectNature) => &mut fields.project_nature,
            (FormFields::Current(fields), Field::ProjectCategory) => &mut fields.project_category,
            (FormFields::Current(fields), Field::CompetentDepartment) => {
                &mut fields.competent_department
            }
            (FormFields::Current(fields), Field::ImplementingUnit) => &mut fields.implementing_unit,
            (FormFields::Y2020(fields), Field::DeclaringUnit) => &mut fields.declaring_unit,
            (FormFields::Y2020(fields), Field::ProjectCategory) => &mut fields.project_category,
            (FormFields::Y2020(fields), Field::PerformanceType) => &mut fields.performance_type,
            (FormFields::Y2020(fields), _) => legacy_text_slot_mut(&mut fields.texts, field)?,
            (FormFields::Y2018(fields), Field::DeclaringUnit) => &mut fields.declaring_unit,
            (FormFields::Y2018(fields), Field::ProjectType) => &mut fields.project_type,
            (FormFields::Y2018(fields), Field::FundUse) => &mut fields.fund_use,
            (FormFields::Y2018(fields), Field::Remarks) => &mut fields.remarks,
            (FormFields::Y2018(fields), _) => legacy_text_slot_mut(&mut fields.texts, field)?,
            _ => return None,
        };
        Some(text)
    }

    /// Sets a text field; returns `false` (changing nothing) when the layout has no such text
    /// field.
    pub fn set_text(&mut self, field: Field, text: &str) -> bool {
        match self.text_mut(field) {
            Some(slot) => {
                text.clone_into(slot);
                true
            }
            None => false,
        }
    }

    /// An amount in 元: the current layout's 项目资金（元）, or the older layouts' 项目总预算 …
    /// 同名项目上年预算执行数. `None` when blank or not on this layout.
    pub fn amount(&self, field: Field) -> Option<Yuan> {
        let funding = self.current().map(|fields| &fields.funding);
        let budget = match &self.form {
            FormFields::Y2020(fields) => Some(&fields.budget),
            FormFields::Y2018(fields) => Some(&fields.budget),
            FormFields::Current(_) => None,
        };
        match field {
            Field::ProjectTotal => funding?.project_total,
            Field::ProjectFiscal => funding?.project_fiscal,
            Field::ProjectOther => funding?.project_other,
            Field::AnnualTotal => funding?.annual_total,
            Field::AnnualAppropriation => funding?.annual_appropriation,
            Field::AnnualCarryover => funding?.annual_carryover,
            Field::AnnualOther => funding?.annual_other,
            Field::ProjectBudget => budget?.project_budget,
            Field::AnnualBudget => budget?.annual_budget,
            Field::PriorYearBudget => budget?.prior_year_budget,
            Field::PriorYearSpent => budget?.prior_year_spent,
            _ => None,
        }
    }

    /// The cell of an amount field (`None` inside is a blank cell); `None` when this layout has
    /// no such amount.
    pub fn amount_mut(&mut self, field: Field) -> Option<&mut Option<Yuan>> {
        match &mut self.form {
            FormFields::Current(fields) => {
                let funding = &mut fields.funding;
                match field {
                    Field::ProjectTotal => Some(&mut funding.project_total),
                    Field::ProjectFiscal => Some(&mut funding.project_fiscal),
                    Field::ProjectOther => Some(&mut funding.project_other),
                    Field::AnnualTotal => Some(&mut funding.annual_total),
                    Field::AnnualAppropriation => Some(&mut funding.annual_appropriation),
                    Field::AnnualCarryover => Some(&mut funding.annual_carryover),
                    Field::AnnualOther => Some(&mut funding.annual_other),
                    _ => None,
                }
            }
            FormFields::Y2020(super::Fields2020 { budget, .. })
            | FormFields::Y2018(super::Fields2018 { budget, .. }) => match field {
                Field::ProjectBudget => Some(&mut budget.project_budget),
                Field::AnnualBudget => Some(&mut budget.annual_budget),
                Field::PriorYearBudget => Some(&mut budget.prior_year_budget),
                Field::PriorYearSpent => Some(&mut budget.prior_year_spent),
                _ => None,
            },
        }
    }

    /// Sets an amount (`None` blanks it); returns `false` (changing nothing) when the layout has
    /// no such amount.
    pub fn set_amount(&mut self, field: Field, amount: Option<Yuan>) -> bool {
        match self.amount_mut(field) {
            Some(slot) => {
                *slot = amount;
                true
            }
            None => false,
        }
    }

    /// A date field (计划开始日期 / 计划完成日期, 2018: 开始时间 / 结束时间); `None` when blank or
    /// not a date field.
    pub fn date(&self, field: Field) -> Option<NaiveDate> {
        match field {
            Field::PlannedStart => self.planned_start,
            Field::PlannedEnd => self.planned_end,
            _ => None,
        }
    }

    /// The cell of a date field; `None` when `field` is not a date.
    pub fn date_mut(&mut self, field: Field) -> Option<&mut Option<NaiveDate>> {
        match field {
            Field::PlannedStart => Some(&mut self.planned_start),
            Field::PlannedEnd => Some(&mut self.planned_end),
            _ => None,
        }
    }

    /// Sets a date (`None` blanks it); returns `false` when `field` is not a date.
    pub fn set_date(&mut self, field: Field, date: Option<NaiveDate>) -> bool {
        match self.date_mut(field) {
            Some(slot) => {
                *slot = date;
                true
            }
            None => false,
        }
    }

    /// A yes-no field (2020 是否含有政府购买服务); `None` when blank or not on this layout.
    pub fn yes_no(&self, field: Field) -> Option<bool> {
        match (&self.form, field) {
            (FormFields::Y2020(fields), Field::IncludesGovernmentProcurement) => {
                fields.includes_government_procurement
            }
            _ => None,
        }
    }

    /// The cell of a yes-no field; `None` when this layout has no such field.
    pub fn yes_no_mut(&mut self, field: Field) -> Option<&mut Option<bool>> {
        match (&mut self.form, field) {
            (FormFields::Y2020(fields), Field::IncludesGovernmentProcurement) => {
                Some(&mut fields.includes_government_procurement)
            }
            _ => None,
        }
    }

    /// The lines of 项目当年投入资金构成 (2018); empty on the other layouts.
    pub fn sub_budgets(&self) -> &[SubBudget] {
        match &self.form {
            FormFields::Y2018(fields) => &fields.sub_budgets,
            _ => &[],
        }
    }

    /// Mutable access to the lines of 项目当年投入资金构成; `None` on the layouts without them.
    pub fn sub_budgets_mut(&mut self) -> Option<&mut Vec<SubBudget>> {
        match &mut self.form {
            FormFields::Y2018(fields) => Some(&mut fields.sub_budgets),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Fields2018, Fields2020, parse_yuan};

    fn y2018() -> Declaration {
        let mut declaration = Declaration::new_current(2018);
        declaration.form = FormFields::Y2018(Fields2018::default());
        declaration
    }

    fn y2020() -> Declaration {
        let mut declaration = Declaration::new_current(2020);
        declaration.form = FormFields::Y2020(Fields2020::default());
        declaration
    }

    fn blank(layout: FormLayout) -> Declaration {
        match layout {
            FormLayout::Current => Declaration::new_current(2026),
            FormLayout::Y2020 => y2020(),
            FormLayout::Y2018 => y2018(),
        }
    }

    #[test]
    fn every_field_of_a_layout_has_a_slot_of_its_kind() {
        for layout in FormLayout::ALL {
            let mut declaration = blank(layout);
            for spec in layout.fields() {
                let field = spec.field;
                let has_slot = match spec.kind {
                    FieldKind::Year => true,
                    kind if kind.is_text() => declaration.set_text(field, "甲"),
                    FieldKind::Date => {
                        declaration.set_date(field, NaiveDate::from_ymd_opt(2026, 1, 2))
                    }
                    FieldKind::Money => declaration.set_amount(field, parse_yuan("1").ok()),
                    FieldKind::YesNo => declaration.yes_no_mut(field).is_some(),
                    FieldKind::BudgetLines => declaration.sub_budgets_mut().is_some(),
                    _ => false,
                };
                assert!(has_slot, "{layout:?} {field:?}");
            }
        }
    }

    #[test]
    fn fields_a_layout_lacks_have_no_slot() {
        let mut current = Declaration::new_current(2026);
        assert!(!current.set_text(Field::DeclaringUnit, "单位"));
        assert!(!current.set_amount(Field::AnnualBudget, parse_yuan("1").ok()));
        assert_eq!(current.text(Field::Remarks), None);
        assert!(current.sub_budgets_mut().is_none());
        let mut older = y2020();
        assert!(!older.set_text(Field::AnnualGoal, "无此栏"));
        assert!(!older.set_amount(Field::AnnualTotal, parse_yuan("1").ok()));
        assert!(!older.set_text(Field::ProjectType, "结转项目"));
        // Not a text field, whatever the layout.
        assert!(!older.set_text(Field::PlannedStart, "2020-01-01"));
    }

    #[test]
    fn accessors_read_and_write_the_declarations_own_fields() {
        let mut declaration = Declaration::new_current(2026);
        assert!(declaration.set_text(Field::CompetentDepartment, "中共上海市委组织部"));
        assert!(declaration.set_amount(Field::AnnualOther, parse_yuan("0.00").ok()));
        let fields = declaration.current().unwrap();
        assert_eq!(fields.competent_department, "中共上海市委组织部");
        assert_eq!(fields.funding.annual_other, parse_yuan("0").ok());
        assert_eq!(fields.funding.project_other, None);

        let mut older = y2018();
        assert!(older.set_text(Field::Necessity, "必要"));
        assert!(older.set_text(Field::ProjectType, "结转项目"));
        assert!(older.set_amount(Field::PriorYearSpent, parse_yuan("2879120").ok()));
        let FormFields::Y2018(fields) = &older.form else {
            panic!("not 2018");
        };
        assert_eq!(fields.texts.necessity, "必要");
        assert_eq!(fields.project_type, "结转项目");
        assert_eq!(fields.budget.prior_year_spent, parse_yuan("2879120").ok());
        assert_eq!(older.text(Field::Necessity), Some("必要"));
    }

    #[test]
    fn labels_as_printed_on_each_layout() {
        // forms-2018.txt line 12: 开始时间 … 结束时间; forms-2020.txt line 48.
        let label = |layout: FormLayout, field| layout.field(field).map(|spec| spec.label);
        assert_eq!(
            label(FormLayout::Y2018, Field::PlannedStart),
            Some("开始时间")
        );
        assert_eq!(
            label(FormLayout::Current, Field::PlannedStart),
            Some("计划开始日期")
        );
        assert_eq!(
            label(FormLayout::Y2020, Field::OverallGoal),
            Some("总目标及阶段性目标")
        );
        assert_eq!(
            label(FormLayout::Y2018, Field::AnnualGoal),
            Some("年度绩效目标")
        );
        assert_eq!(label(FormLayout::Y2020, Field::AnnualGoal), None);
        assert_eq!(FormLayout::Y2018.field_label(Field::PlannedEnd), "结束时间");
        assert_eq!(
            FormLayout::Y2018.field_name(Field::AnnualBudget),
            "项目当年预算"
        );
        assert_eq!(
            FormLayout::Y2020.field_label(Field::AnnualGoal),
            "年度总体目标"
        );
        // Field::label is the newest layout's.
        assert_eq!(Field::PlannedStart.label(), "计划开始日期");
        assert_eq!(Field::DeclaringUnit.label(), "申报单位名称");
        assert_eq!(Field::ProjectBudget.label(), "项目总预算（元）");
        assert_eq!(Field::Remarks.label(), "备注");
        // 其他资金 is printed twice; messages tell the two apart.
        let other = |field| {
            FormLayout::Current
                .field(field)
                .map(|spec| (spec.label, spec.name))
        };
        assert_eq!(
            other(Field::ProjectOther),
            Some(("其他资金", "其他资金（项目资金）"))
        );
        assert_eq!(
            other(Field::AnnualOther),
            Some(("其他资金", "其他资金（年度资金）"))
        );
    }

    #[test]
    fn no_layout_lists_a_field_twice_and_every_field_has_a_label() {
        for layout in FormLayout::ALL {
            let fields = layout.fields();
            for (index, spec) in fields.iter().enumerate() {
                assert!(!spec.label.is_empty());
                assert!(
                    fields[index + 1..]
                        .iter()
                        .all(|other| other.field != spec.field),
                    "{layout:?} {:?}",
                    spec.field
                );
            }
        }
    }

    #[test]
    fn required_fields_follow_docs_form_5() {
        let required = |layout: FormLayout| -> Vec<&str> {
            layout
                .fields()
                .iter()
                .filter(|spec| spec.required && spec.kind != FieldKind::Year)
                .map(|spec| spec.label)
                .collect()
        };
        assert_eq!(
            required(FormLayout::Current),
            [
                "项目名称",
                "项目性质",
                "项目类别",
                "主管部门",
                "实施单位",
                "计划开始日期",
                "计划完成日期",
                "年度资金申请总额",
                "年度总体目标"
            ]
        );
        assert_eq!(
            required(FormLayout::Y2020),
            [
                "申报单位名称",
                "项目名称",
                "计划开始日期",
                "计划完成日期",
                "项目当年预算（元）"
            ]
        );
        assert_eq!(
            required(FormLayout::Y2018),
            [
                "申报单位名称",
                "项目名称",
                "项目类型",
                "资金用途",
                "开始时间",
                "结束时间",
                "项目当年预算（元）"
            ]
        );
    }

    #[test]
    fn reading_order_is_row_by_row() {
        let order = |layout: FormLayout, fields: &[Field]| -> Vec<u16> {
            fields
                .iter()
                .map(|field| layout.reading_rank(*field).unwrap())
                .collect()
        };
        // The money block reads across: 项目资金总额, 年度资金申请总额, 其中：财政资金, ….
        let ranks = order(
            FormLayout::Current,
            &[
                Field::ProjectTotal,
                Field::AnnualTotal,
                Field::ProjectFiscal,
                Field::AnnualAppropriation,
                Field::AnnualCarryover,
                Field::ProjectOther,
                Field::AnnualOther,
                Field::AnnualGoal,
                Field::Indicators,
            ],
        );
        assert!(ranks.is_sorted(), "{ranks:?}");
        // 2018: 项目实施计划 after the sub-budgets, 备注 after the target table.
        let ranks = order(
            FormLayout::Y2018,
            &[
                Field::SubBudgets,
                Field::ImplementationPlan,
                Field::Indicators,
                Field::Remarks,
            ],
        );
        assert!(ranks.is_sorted(), "{ranks:?}");
        assert_eq!(FormLayout::Y2020.reading_rank(Field::Remarks), None);
    }

    #[test]
    fn the_annual_sum_counts_blanks_as_zero_and_is_checked_whenever_the_total_is_filled() {
        let mut declaration = Declaration::new_current(2026);
        let sum = FormLayout::Current.sum_of(Field::AnnualTotal).unwrap();
        assert_eq!(sum.state(&declaration), SumState::Unchecked);
        declaration.set_amount(Field::AnnualTotal, parse_yuan("1,139,000.00").ok());
        // Every part blank: they sum to 0.00 and the total differs.
        assert_eq!(
            sum.state(&declaration),
            SumState::Differs {
                total: parse_yuan("1139000").unwrap(),
                parts: Some(Yuan::ZERO)
            }
        );
        declaration.set_amount(Field::AnnualAppropriation, parse_yuan("1,139,000.00").ok());
        assert_eq!(
            sum.state(&declaration),
            SumState::Matches(parse_yuan("1139000").unwrap())
        );
        declaration.set_amount(Field::AnnualTotal, None);
        assert_eq!(
            sum.state(&declaration),
            SumState::TotalBlank {
                parts: parse_yuan("1139000").ok()
            }
        );
    }

    #[test]
    fn the_project_and_sub_budget_sums_are_checked_only_with_a_part_filled() {
        let mut declaration = Declaration::new_current(2026);
        let sum = FormLayout::Current.sum_of(Field::ProjectTotal).unwrap();
        declaration.set_amount(Field::ProjectTotal, parse_yuan("2,000,000.00").ok());
        assert_eq!(sum.state(&declaration), SumState::Unchecked);
        declaration.set_amount(Field::ProjectOther, parse_yuan("100").ok());
        assert!(matches!(sum.state(&declaration), SumState::Differs { .. }));

        // 在线学习工作经费 (forms-2018.txt): 6430000.00 + 3880000.00 = 10310000.
        let mut older = y2018();
        let sum = FormLayout::Y2018.sum_of(Field::AnnualBudget).unwrap();
        older.set_amount(Field::AnnualBudget, parse_yuan("10310000").ok());
        let lines = older.sub_budgets_mut().unwrap();
        lines.push(SubBudget {
            name: "无".into(),
            amount: None,
        });
        assert_eq!(sum.state(&older), SumState::Unchecked);
        let lines = older.sub_budgets_mut().unwrap();
        for amount in ["6430000.00", "3880000.00"] {
            lines.push(SubBudget {
                name: "子项目".into(),
                amount: parse_yuan(amount).ok(),
            });
        }
        assert_eq!(
            sum.state(&older),
            SumState::Matches(parse_yuan("10310000").unwrap())
        );
        assert!(FormLayout::Y2020.sums().is_empty());
    }

    #[test]
    fn cells_print_as_the_form_writes_them() {
        let mut declaration = y2020();
        declaration.set_amount(Field::ProjectBudget, parse_yuan("3845000").ok());
        if let Some(slot) = declaration.yes_no_mut(Field::IncludesGovernmentProcurement) {
            *slot = Some(false);
        }
        let cell = |field| {
            FormLayout::Y2020
                .field(field)
                .map(|spec| spec.cell_text(&declaration))
        };
        assert_eq!(cell(Field::ProjectBudget).as_deref(), Some("3,845,000.00"));
        assert_eq!(cell(Field::AnnualBudget).as_deref(), Some(""));
        assert_eq!(
            cell(Field::IncludesGovernmentProcurement).as_deref(),
            Some("否")
        );
        assert_eq!(cell(Field::PlannedStart).as_deref(), Some("2020-01-01"));
        assert_eq!(cell(Field::FiscalYear).as_deref(), Some("2020"));
        assert_eq!(parse_yes_no(" 是 "), Some(Some(true)));
        assert_eq!(parse_yes_no(""), Some(None));
        assert_eq!(parse_yes_no("不详"), None);
    }
}
