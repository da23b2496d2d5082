//! Helpers shared by the importers of the two older layouts (2020 and 2018, docs/form.md §6):
//! warnings with line numbers, money and date cells, title and year lines.
//!
//! Depends on the model's parsers only; knows nothing of either layout's rows.

use super::cells::read_money;
use crate::model::Yuan;

/// Warnings of one form: `(1-based line number, message in Chinese)`.
#[derive(Debug, Default)]
pub(super) struct Warnings(pub Vec<(usize, String)>);

impl Warnings {
    /// Records a warning about `line`.
    pub fn push(&mut self, line: usize, message: impl Into<String>) {
        self.0.push((line, message.into()));
    }

    /// Records text that could not be placed in any field, quoting it.
    pub fn unplaced(&mut self, line: usize, text: &str) {
        self.push(line, format!("未能归入任何栏目的内容：「{}」", text.trim()));
    }
}

/// Reads a money cell in 元 (see [`read_money`]); a warning goes to `warnings` at `line`.
pub(super) fn money_cell(
    text: &str,
    line: usize,
    label: &str,
    warnings: &mut Warnings,
) -> Option<Yuan> {
    let (amount, warning) = read_money(text, label);
    if let Some(warning) = warning {
        warnings.push(line, warning);
    }
    amount
}

/// Whether `text` is a year line, 「（2020年度）」, 「(2018年)」, or the same without brackets.
pub(super) fn is_year_line(text: &str) -> bool {
    super::parse_year_line(text).is_some()
}

/// What the title line carries besides the title and an optional year (`财政项目支出绩效目标表
/// （2020年度）`): empty when nothing else, else the extra text, to be reported.
pub(super) fn title_line_rest<'a>(text: &'a str, title: &str) -> &'a str {
    let trimmed = text.trim();
    let rest = trimmed.strip_prefix(title).unwrap_or(trimmed).trim();
    if rest.is_empty() || is_year_line(rest) {
        ""
    } else {
        rest
    }
}

/// Whether a line is only separator decoration (`----`, `--`, blank), as at the end of the 2018
/// export (sample form `forms-2018.txt`).
pub(super) fn is_decoration(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_whitespace() || matches!(c, '-' | '—' | '_' | '='))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_cells_warn_only_on_bad_text() {
        let mut warnings = Warnings::default();
        assert_eq!(
            money_cell("3,845,000", 3, "项目总预算（元）", &mut warnings).map(|a| a.to_string()),
            Some("3845000.00".to_owned())
        );
        assert_eq!(money_cell("  ", 3, "项目总预算（元）", &mut warnings), None);
        assert!(warnings.0.is_empty());
        assert_eq!(
            money_cell("三百万", 4, "项目总预算（元）", &mut warnings),
            None
        );
        assert_eq!(warnings.0.len(), 1);
        assert_eq!(warnings.0[0].0, 4);
        assert!(warnings.0[0].1.contains("三百万"));
    }

    #[test]
    fn labels_and_decoration() {
        assert!(is_decoration("----\t--"));
        assert!(is_decoration(" \t"));
        assert!(!is_decoration("备注\t"));
        for year_line in ["（2020年度）", "(2018年)", "2020年度", "( 2026年度 )"] {
            assert!(is_year_line(year_line), "{year_line}");
        }
        for other in ["（二〇二〇年度）", "2020年绩效目标", "(20201年)", ""] {
            assert!(!is_year_line(other), "{other}");
        }
        assert_eq!(
            title_line_rest(
                "财政项目支出绩效目标表（2020年度）",
                "财政项目支出绩效目标表"
            ),
            ""
        );
        assert_eq!(
            title_line_rest(" 财政项目支出绩效目标表", "财政项目支出绩效目标表"),
            ""
        );
        assert_eq!(
            title_line_rest("财政项目支出绩效目标表 附件", "财政项目支出绩效目标表"),
            "附件"
        );
    }
}
