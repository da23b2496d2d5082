//! Section one, field by field: which fields each layout has, reading a field's value and
//! writing it back, for comparing two declarations and taking a change over.

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{
    Declaration, Field, FormFields, FormLayout, SubBudget, Yuan, format_date, format_yuan,
};

/// The value of one section-one field, typed as the form holds it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum FieldValue {
    /// 年度.
    Year(i32),
    /// Text (names, choices, long texts).
    Text(String),
    /// An amount in 元; `None` when blank.
    Amount(Option<Yuan>),
    /// A date; `None` when blank.
    Date(Option<NaiveDate>),
    /// 是 / 否; `None` when not filled.
    YesNo(Option<bool>),
    /// 项目当年投入资金构成 (2018): its lines.
    SubBudgets(Vec<SubBudget>),
}

impl fmt::Display for FieldValue {
    /// As the form prints it: amounts `1,139,000.00`, dates `2026-01-01`, 是/否; a blank value
    /// as 「（空）」.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const BLANK: &str = "（空）";
        match self {
            Self::Year(year) => write!(f, "{year}"),
            Self::Text(text) if text.trim().is_empty() => f.write_str(BLANK),
            Self::Text(text) => f.write_str(text),
            Self::Amount(Some(amount)) => f.write_str(&format_yuan(*amount)),
            Self::Date(Some(date)) => f.write_str(&format_date(*date)),
            Self::YesNo(Some(true)) => f.write_str("是"),
            Self::YesNo(Some(false)) => f.write_str("否"),
            Self::Amount(None) | Self::Date(None) | Self::YesNo(None) => f.write_str(BLANK),
            Self::SubBudgets(lines) if lines.is_empty() => f.write_str(BLANK),
            Self::SubBudgets(lines) => {
                let shown: Vec<String> = lines
                    .iter()
                    .map(|line| match line.amount {
                        Some(amount) => format!("{} {}", line.name, format_yuan(amount)),
                        None => line.name.clone(),
                    })
                    .collect();
                f.write_str(&shown.join("；"))
            }
        }
    }
}

/// The fields every layout has, compared first.
const COMMON: &[Field] = &[
    Field::FiscalYear,
    Field::ProjectName,
    Field::PlannedStart,
    Field::PlannedEnd,
];

/// The current layout's own section-one fields, in printed order (docs/form.md §1).
const CURRENT: &[Field] = &[
    Field::ProjectNature,
    Field::ProjectCategory,
    Field::CompetentDepartment,
    Field::ImplementingUnit,
    Field::ProjectTotal,
    Field::ProjectFiscal,
    Field::ProjectOther,
    Field::AnnualTotal,
    Field::AnnualAppropriation,
    Field::AnnualCarryover,
    Field::AnnualOther,
];

/// The 2020 layout's own fields (docs/form.md §6).
const Y2020: &[Field] = &[
    Field::DeclaringUnit,
    Field::ProjectCategory,
    Field::IncludesGovernmentProcurement,
    Field::PerformanceType,
    Field::ProjectOverview,
    Field::LegalBasis,
    Field::Necessity,
    Field::Safeguards,
    Field::ImplementationPlan,
    Field::ProjectBudget,
    Field::AnnualBudget,
    Field::PriorYearBudget,
    Field::PriorYearSpent,
];

/// The 2018 layout's own fields (docs/form.md §6).
const Y2018: &[Field] = &[
    Field::DeclaringUnit,
    Field::ProjectType,
    Field::FundUse,
    Field::ProjectOverview,
    Field::LegalBasis,
    Field::Necessity,
    Field::Safeguards,
    Field::ProjectBudget,
    Field::AnnualBudget,
    Field::PriorYearBudget,
    Field::PriorYearSpent,
    Field::SubBudgets,
    Field::ImplementationPlan,
    Field::Remarks,
];

/// The fields compared one by one on `layout` (goals and indicators are compared apart), in
/// printed order.
pub(super) fn fields_of(layout: FormLayout) -> impl Iterator<Item = Field> {
    let own = match layout {
        FormLayout::Current => CURRENT,
        FormLayout::Y2020 => Y2020,
        FormLayout::Y2018 => Y2018,
    };
    COMMON.iter().chain(own).copied()
}

/// The label a change to `field` is shown with: the printed label (`Field::label`), and for
/// the two 其他资金 of the current layout, which block it is in.
pub(super) fn label_of(field: Field) -> String {
    match field {
        Field::ProjectOther => format!("{}（项目资金）", field.label()),
        Field::AnnualOther => format!("{}（年度资金）", field.label()),
        _ => field.label().to_owned(),
    }
}

/// The value of `field` in `declaration`; `None` when its layout has no such field.
pub(super) fn read(declaration: &Declaration, field: Field) -> Option<FieldValue> {
    use FieldValue as V;
    Some(match (field, &declaration.form) {
        (Field::FiscalYear, _) => V::Year(declaration.fiscal_year),
        (Field::ProjectName, _) => V::Text(declaration.project_name.clone()),
        (Field::PlannedStart, _) => V::Date(declaration.planned_start),
        (Field::PlannedEnd, _) => V::Date(declaration.planned_end),
        (Field::OverallGoal, _) => V::Text(declaration.overall_goal.clone()),
        (Field::AnnualGoal, _) => V::Text(declaration.annual_goal.clone()),
        (_, FormFields::Current(fields)) => {
            let funding = &fields.funding;
            match field {
                Field::ProjectNature => V::Text(fields.project_nature.clone()),
                Field::ProjectCategory => V::Text(fields.project_category.clone()),
                Field::CompetentDepartment => V::Text(fields.competent_department.clone()),
                Field::ImplementingUnit => V::Text(fields.implementing_unit.clone()),
                Field::ProjectTotal => V::Amount(funding.project_total),
                Field::ProjectFiscal => V::Amount(funding.project_fiscal),
                Field::ProjectOther => V::Amount(funding.project_other),
                Field::AnnualTotal => V::Amount(funding.annual_total),
                Field::AnnualAppropriation => V::Amount(funding.annual_appropriation),
                Field::AnnualCarryover => V::Amount(funding.annual_carryover),
                Field::AnnualOther => V::Amount(funding.annual_other),
                _ => return None,
            }
        }
        (_, FormFields::Y2020(fields)) => match field {
            Field::DeclaringUnit => V::Text(fields.declaring_unit.clone()),
            Field::ProjectCategory => V::Text(fields.project_category.clone()),
            Field::IncludesGovernmentProcurement => {
                V::YesNo(fields.includes_government_procurement)
            }
            Field::PerformanceType => V::Text(fields.performance_type.clone()),
            _ => read_legacy(field, &fields.texts, &fields.budget)?,
        },
        (_, FormFields::Y2018(fields)) => match field {
            Field::DeclaringUnit => V::Text(fields.declaring_unit.clone()),
            Field::ProjectType => V::Text(fields.project_type.clone()),
            Field::FundUse => V::Text(fields.fund_use.clone()),
            Field::SubBudgets => V::SubBudgets(fields.sub_budgets.clone()),
            Field::Remarks => V::Text(fields.remarks.clone()),
            _ => read_legacy(field, &fields.texts, &fields.budget)?,
        },
    })
}

/// The long texts and money the 2020 and 2018 layouts share.
fn read_legacy(
    field: Field,
    texts: &crate::model::ProjectTexts,
    budget: &crate::model::LegacyBudget,
) -> Option<FieldValue> {
    use FieldValue as V;
    Some(match field {
        Field::ProjectOverview => V::Text(texts.project_overview.clone()),
        Field::LegalBasis => V::Text(texts.legal_basis.clone()),
        Field::Necessity => V::Text(texts.necessity.clone()),
        Field::Safeguards => V::Text(texts.safeguards.clone()),
        Field::ImplementationPlan => V::Text(texts.implementation_plan.clone()),
        Field::ProjectBudget => V::Amount(budget.project_budget),
        Field::AnnualBudget => V::Amount(budget.annual_budget),
        Field::PriorYearBudget => V::Amount(budget.prior_year_budget),
        Field::PriorYearSpent => V::Amount(budget.prior_year_spent),
        _ => return None,
    })
}

/// Writes `value` into `field` of `declaration`. `false` (and nothing written) when the layout
/// has no such field or the value is of another type.
pub(super) fn write(declaration: &mut Declaration, field: Field, value: &FieldValue) -> bool {
    use FieldValue as V;
    match (field, value) {
        (Field::FiscalYear, V::Year(year)) => declaration.fiscal_year = *year,
        (Field::ProjectName, V::Text(text)) => declaration.project_name.clone_from(text),
        (Field::PlannedStart, V::Date(date)) => declaration.planned_start = *date,
        (Field::PlannedEnd, V::Date(date)) => declaration.planned_end = *date,
        (Field::OverallGoal, V::Text(text)) => declaration.overall_goal.clone_from(text),
        (Field::AnnualGoal, V::Text(text)) => declaration.annual_goal.clone_from(text),
        _ => return write_form(&mut declaration.form, field, value),
    }
    true
}

/// [`write`] for the fields only one layout has.
fn write_form(form: &mut FormFields, field: Field, value: &FieldValue) -> bool {
    use FieldValue as V;
    match form {
        FormFields::Current(fields) => {
            let funding = &mut fields.funding;
            let slot = match (field, value) {
                (Field::ProjectNature, V::Text(_)) => &mut fields.project_nature,
                (Field::ProjectCategory, V::Text(_)) => &mut fields.project_category,
                (Field::CompetentDepartment, V::Text(_)) => &mut fields.competent_department,
                (Field::ImplementingUnit, V::Text(_)) => &mut fields.implementing_unit,
                (_, V::Amount(amount)) => {
                    let slot = match field {
                        Field::ProjectTotal => &mut funding.project_total,
                        Field::ProjectFiscal => &mut funding.project_fiscal,
                        Field::ProjectOther => &mut funding.project_other,
                        Field::AnnualTotal => &mut funding.annual_total,
                        Field::AnnualAppropriation => &mut funding.annual_appropriation,
                        Field::AnnualCarryover => &mut funding.annual_carryover,
                        Field::AnnualOther => &mut funding.annual_other,
                        _ => return false,
                    };
                    *slot = *amount;
                    return true;
                }
                _ => return false,
            };
            if let V::Text(text) = value {
                slot.clone_from(text);
            }
            true
        }
        FormFields::Y2020(fields) => match (field, value) {
            (Field::DeclaringUnit, V::Text(text)) => {
                fields.declaring_unit.clone_from(text);
                true
            }
            (Field::ProjectCategory, V::Text(text)) => {
                fields.project_category.clone_from(text);
                true
            }
            (Field::IncludesGovernmentProcurement, V::YesNo(yes)) => {
                fields.includes_government_procurement = *yes;
                true
            }
            (Field::PerformanceType, V::Text(text)) => {
                fields.performance_type.clone_from(text);
                true
            }
            _ => write_legacy(field, value, &mut fields.texts, &mut fields.budget),
        },
        FormFields::Y2018(fields) => match (field, value) {
            (Field::DeclaringUnit, V::Text(text)) => {
                fields.declaring_unit.clone_from(text);
                true
            }
            (Field::ProjectType, V::Text(text)) => {
                fields.project_type.clone_from(text);
                true
            }
            (Field::FundUse, V::Text(text)) => {
                fields.fund_use.clone_from(text);
                true
            }
            (Field::SubBudgets, V::SubBudgets(lines)) => {
                fields.sub_budgets.clone_from(lines);
                true
            }
            (Field::Remarks, V::Text(text)) => {
                fields.remarks.clone_from(text);
                true
            }
            _ => write_legacy(field, value, &mut fields.texts, &mut fields.budget),
        },
    }
}

/// [`write`] for the long texts and money the 2020 and 2018 layouts share.
fn write_legacy(
    field: Field,
    value: &FieldValue,
    texts: &mut crate::model::ProjectTexts,
    budget: &mut crate::model::LegacyBudget,
) -> bool {
    use FieldValue as V;
    match (field, value) {
        (_, V::Text(text)) => {
            let slot = match field {
                Field::ProjectOverview => &mut texts.project_overview,
                Field::LegalBasis => &mut texts.legal_basis,
                Field::Necessity => &mut texts.necessity,
                Field::Safeguards => &mut texts.safeguards,
                Field::ImplementationPlan => &mut texts.implementation_plan,
                _ => return false,
            };
            slot.clone_from(text);
            true
        }
        (_, V::Amount(amount)) => {
            let slot = match field {
                Field::ProjectBudget => &mut budget.project_budget,
                Field::AnnualBudget => &mut budget.annual_budget,
                Field::PriorYearBudget => &mut budget.prior_year_budget,
                Field::PriorYearSpent => &mut budget.prior_year_spent,
                _ => return false,
            };
            *slot = *amount;
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Fields2018, Fields2020};

    /// Every field a layout lists can be read, and writing back what was read changes nothing.
    #[test]
    fn every_listed_field_reads_and_writes_back() {
        let mut current = Declaration::new_current(2026);
        let mut y2020 = Declaration::new_current(2020);
        y2020.form = FormFields::Y2020(Fields2020::default());
        let mut y2018 = Declaration::new_current(2018);
        y2018.form = FormFields::Y2018(Fields2018::default());
        for declaration in [&mut current, &mut y2020, &mut y2018] {
            let before = declaration.clone();
            for field in fields_of(declaration.layout()).collect::<Vec<_>>() {
                let value = read(declaration, field).unwrap_or_else(|| panic!("{field:?}"));
                assert!(write(declaration, field, &value), "{field:?}");
            }
            assert_eq!(*declaration, before);
        }
    }

    #[test]
    fn writes_land_in_the_named_field_only() {
        let mut declaration = Declaration::new_current(2026);
        let amount = crate::model::parse_yuan("100").ok();
        assert!(write(
            &mut declaration,
            Field::AnnualOther,
            &FieldValue::Amount(amount)
        ));
        let funding = &declaration.current().unwrap().funding;
        assert_eq!(funding.annual_other, amount);
        assert_eq!(funding.project_other, None);
        // A field of another layout, or a value of another type, is refused.
        assert!(!write(
            &mut declaration,
            Field::Remarks,
            &FieldValue::Text("x".into())
        ));
        assert!(!write(
            &mut declaration,
            Field::AnnualTotal,
            &FieldValue::Text("x".into())
        ));
        assert_eq!(read(&declaration, Field::Remarks), None);
    }

    #[test]
    fn values_print_as_on_the_form() {
        let amount = crate::model::parse_yuan("1139000").ok();
        assert_eq!(FieldValue::Amount(amount).to_string(), "1,139,000.00");
        assert_eq!(FieldValue::Amount(None).to_string(), "（空）");
        assert_eq!(FieldValue::YesNo(Some(false)).to_string(), "否");
        assert_eq!(label_of(Field::AnnualOther), "其他资金（年度资金）");
        assert_eq!(label_of(Field::AnnualTotal), "年度资金申请总额");
    }
}
