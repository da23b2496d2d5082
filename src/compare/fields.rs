//! Section one, field by field, through the field table (`model::fields`): which fields each
//! layout has, how a change names them, reading a field's value and writing it back.

use std::fmt;

use chrono::NaiveDate;

use crate::model::{
    Declaration, Field, FieldKind, FormLayout, SubBudget, Yuan, format_date, format_yuan,
    yes_no_text,
};

/// The value of one section-one field, typed as the form holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldValue {
    /// 年度.
    Year(i32),
    /// Text (names, choices, check boxes, long texts).
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
            Self::YesNo(Some(yes)) => f.write_str(yes_no_text(Some(*yes))),
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

/// The fields compared one by one on `layout`, in the table's order: every section-one field
/// but the goals, which are compared paragraph by paragraph.
pub(super) fn fields_of(layout: FormLayout) -> impl Iterator<Item = Field> {
    layout
        .fields()
        .iter()
        .map(|spec| spec.field)
        .filter(|field| !matches!(field, Field::OverallGoal | Field::AnnualGoal))
}

/// How a change names `field` on `layout`: the table's name for messages (the two 其他资金 of
/// the current layout told apart, `其他资金（项目资金）`).
pub(super) fn label_of(layout: FormLayout, field: Field) -> &'static str {
    layout.field_name(field)
}

/// The value of `field` in `declaration`; `None` when its layout has no such field.
pub(super) fn read(declaration: &Declaration, field: Field) -> Option<FieldValue> {
    let spec = declaration.layout().field(field)?;
    Some(match spec.kind {
        FieldKind::Year => FieldValue::Year(declaration.fiscal_year),
        FieldKind::Date => FieldValue::Date(declaration.date(field)),
        FieldKind::Money => FieldValue::Amount(declaration.amount(field)),
        FieldKind::YesNo => FieldValue::YesNo(declaration.yes_no(field)),
        FieldKind::BudgetLines => FieldValue::SubBudgets(declaration.sub_budgets().to_vec()),
        FieldKind::Text | FieldKind::LongText | FieldKind::Choice(_) | FieldKind::CheckBox(_) => {
            FieldValue::Text(declaration.text(field)?.to_owned())
        }
    })
}

/// Writes `value` into `field` of `declaration`. `false` (and nothing written) when the layout
/// has no such field or the value is of another type.
pub(super) fn write(declaration: &mut Declaration, field: Field, value: &FieldValue) -> bool {
    match value {
        FieldValue::Year(year) => {
            let is_year = declaration
                .layout()
                .field(field)
                .is_some_and(|spec| spec.kind == FieldKind::Year);
            if is_year {
                declaration.fiscal_year = *year;
            }
            is_year
        }
        FieldValue::Text(text) => declaration.set_text(field, text),
        FieldValue::Amount(amount) => declaration.set_amount(field, *amount),
        FieldValue::Date(date) => declaration.set_date(field, *date),
        FieldValue::YesNo(yes) => match declaration.yes_no_mut(field) {
            Some(slot) => {
                *slot = *yes;
                true
            }
            None => false,
        },
        FieldValue::SubBudgets(lines) => {
            let is_lines = declaration
                .layout()
                .field(field)
                .is_some_and(|spec| spec.kind == FieldKind::BudgetLines);
            match declaration.sub_budgets_mut() {
                Some(slot) if is_lines => {
                    slot.clone_from(lines);
                    true
                }
                _ => false,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Fields2018, Fields2020, FormFields};

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
        assert!(!write(
            &mut declaration,
            Field::ProjectName,
            &FieldValue::Year(2027)
        ));
        assert_eq!(read(&declaration, Field::Remarks), None);
    }

    #[test]
    fn values_and_labels_print_as_on_the_form() {
        let amount = crate::model::parse_yuan("1139000").ok();
        assert_eq!(FieldValue::Amount(amount).to_string(), "1,139,000.00");
        assert_eq!(FieldValue::Amount(None).to_string(), "（空）");
        assert_eq!(FieldValue::YesNo(Some(false)).to_string(), "否");
        assert_eq!(
            label_of(FormLayout::Current, Field::AnnualOther),
            "其他资金（年度资金）"
        );
        assert_eq!(
            label_of(FormLayout::Current, Field::AnnualTotal),
            "年度资金申请总额"
        );
        assert_eq!(label_of(FormLayout::Y2018, Field::PlannedStart), "开始时间");
    }
}
