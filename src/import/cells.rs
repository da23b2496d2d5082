//! Reading money and date cells, for every importer: one notation, one wording of the warning.
//!
//! Depends on the model's parsers only.

use chrono::NaiveDate;

use super::shorten;
use crate::model::{MoneyParseError, Yuan, parse_date, parse_yuan};

/// Reads a money cell in 元 with [`parse_yuan`] (`2880000`, `6430000.00`, `3,845,000`,
/// `113.9万`). Blank gives `(None, None)`; text that is not an amount gives `None` and a
/// warning naming the field (`label`, as the form prints it) and quoting the text.
pub(crate) fn read_money(text: &str, label: &str) -> (Option<Yuan>, Option<String>) {
    match parse_yuan(text) {
        Ok(amount) => (Some(amount), None),
        Err(MoneyParseError::Empty) => (None, None),
        Err(MoneyParseError::Invalid(written)) => (
            None,
            Some(format!(
                "「{label}」不是有效的金额：「{}」，已留空",
                shorten(&written)
            )),
        ),
    }
}

/// Reads a date cell with [`parse_date`] (`2026-01-01`, `2018/1/1`, `2018. 1. 1`,
/// `2018年1月1日`). Blank gives `(None, None)`; anything else that is not a date gives `None`
/// and a warning naming the field and quoting the text.
pub(crate) fn read_date(text: &str, label: &str) -> (Option<NaiveDate>, Option<String>) {
    let text = text.trim();
    if text.is_empty() {
        return (None, None);
    }
    match parse_date(text) {
        Some(date) => (Some(date), None),
        None => (
            None,
            Some(format!(
                "「{label}」不是有效的日期：「{}」，已留空",
                shorten(text)
            )),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_is_silent_and_bad_text_is_quoted() {
        assert_eq!(read_money(" ", "其他资金"), (None, None));
        assert_eq!(
            read_money("3,845,000", "项目总预算（元）").0,
            parse_yuan("3845000").ok()
        );
        let (amount, warning) = read_money("三百万", "项目总预算（元）");
        assert_eq!(amount, None);
        assert!(warning.is_some_and(|text| text.contains("三百万") && text.contains("项目总预算")));
        assert_eq!(read_date("", "结束时间"), (None, None));
        assert_eq!(
            read_date("2018. 12. 31", "结束时间").0,
            NaiveDate::from_ymd_opt(2018, 12, 31)
        );
        let (date, warning) = read_date("2018-02-30", "结束时间");
        assert_eq!(date, None);
        assert!(warning.is_some_and(|text| text.contains("2018-02-30")));
    }
}
