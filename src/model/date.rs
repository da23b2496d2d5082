//! Dates as the forms write them.

use chrono::NaiveDate;

/// Reads a date in any notation seen on the sample forms: `2026-01-01`, `2018/1/1`,
/// `2018. 1. 1`, `2018.12.31`, `2018年1月1日` (docs/form.md §7), with full-width digits and spaces
/// allowed. Returns `None` for anything that is not a real calendar date (e.g. `2026-02-30`).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let normalized: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '年' | '月' | '/' | '.' | '．' | '／' | '－' => '-',
            '日' => ' ',
            _ => c,
        })
        .collect();
    let normalized = normalized.trim_end();
    let mut parts = normalized.split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || year.len() != 4 || month.len() > 2 || day.len() > 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

/// Prints a date as the current form does: `YYYY-MM-DD`.
pub fn format_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_notation_seen_on_the_forms() {
        let new_year = NaiveDate::from_ymd_opt(2018, 1, 1);
        for text in [
            "2018-01-01",
            "2018/1/1",
            "2018. 1. 1",
            "2018年1月1日",
            "２０１８-01-01",
        ] {
            assert_eq!(parse_date(text), new_year, "{text}");
        }
        assert_eq!(
            parse_date("2018. 12. 31"),
            NaiveDate::from_ymd_opt(2018, 12, 31)
        );
        assert_eq!(
            parse_date("2018年12月31日"),
            NaiveDate::from_ymd_opt(2018, 12, 31)
        );
    }

    #[test]
    fn refuses_impossible_or_partial_dates() {
        for text in [
            "",
            "2026-02-30",
            "2026-13-01",
            "202-01-01",
            "2026-01",
            "2026-01-01-01",
            "明年",
        ] {
            assert_eq!(parse_date(text), None, "{text}");
        }
    }

    #[test]
    fn prints_iso() {
        assert_eq!(
            format_date(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()),
            "2026-01-01"
        );
    }
}
