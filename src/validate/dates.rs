//! Planned dates (docs/form.md §5 "Dates"): start ≤ end on every layout; on the current layout
//! the project must overlap its `fiscal_year`.
//!
//! Reads the model only.

use chrono::Datelike as _;

use super::{Finding, Rule, field_label};
use crate::model::{Declaration, Field, FormLayout, format_date};

/// Pushes [`Rule::DateOrder`] when 计划完成日期 is before 计划开始日期 (all layouts; observed in
/// every sample), and on the current layout [`Rule::DatesOutsideFiscalYear`] when the project
/// ends before 1 January or starts after 31 December of `fiscal_year`.
///
/// A project whose start and end fall in one calendar year other than `fiscal_year` never
/// overlaps it, so that case is this same error, with a message naming the year (most likely a
/// typo in the year); it is not reported twice. Blank dates are left to the required rule.
pub(super) fn check(declaration: &Declaration, findings: &mut Vec<Finding>) {
    let layout = declaration.layout();
    let (Some(start), Some(end)) = (declaration.planned_start, declaration.planned_end) else {
        return;
    };
    let start_label = field_label(Field::PlannedStart, layout);
    let end_label = field_label(Field::PlannedEnd, layout);
    if start > end {
        findings.push(Finding::new(
            Rule::DateOrder,
            layout,
            Field::PlannedEnd,
            format!(
                "{end_label}（{}）早于{start_label}（{}）",
                format_date(end),
                format_date(start)
            ),
        ));
        return;
    }
    if layout != FormLayout::Current {
        return;
    }
    let fiscal_year = declaration.fiscal_year;
    if start.year() == end.year() && start.year() != fiscal_year {
        let field = if start.year() > fiscal_year {
            Field::PlannedStart
        } else {
            Field::PlannedEnd
        };
        findings.push(Finding::new(
            Rule::DatesOutsideFiscalYear,
            layout,
            field,
            format!(
                "{start_label}（{}）和{end_label}（{}）都在{}年，不在申报年度{fiscal_year}年内，请核对年份",
                format_date(start),
                format_date(end),
                start.year()
            ),
        ));
    } else if end.year() < fiscal_year {
        findings.push(Finding::new(
            Rule::DatesOutsideFiscalYear,
            layout,
            Field::PlannedEnd,
            format!(
                "{end_label}（{}）早于申报年度{fiscal_year}年，项目在该年度不实施",
                format_date(end)
            ),
        ));
    } else if start.year() > fiscal_year {
        findings.push(Finding::new(
            Rule::DatesOutsideFiscalYear,
            layout,
            Field::PlannedStart,
            format!(
                "{start_label}（{}）晚于申报年度{fiscal_year}年，项目在该年度不实施",
                format_date(start)
            ),
        ));
    }
}
