//! Spreadsheet cells, for every importer of tab-separated text: the one tokenizer that cuts lines
//! into rows of cells as Excel and WPS copy them, label keys, and reading money, date and other
//! cells into a declaration with one notation and one wording of the warning.
//!
//! Depends on the model (its parsers and its field table) only.

use std::borrow::Cow;

use chrono::NaiveDate;

use super::{Line, shorten};
use crate::model::{
    Declaration, FieldKind, FieldSpec, MoneyParseError, Yuan, parse_date, parse_yes_no, parse_yuan,
};

/// How many lines a quoted cell of a pasted form may span before its opening `"` is taken as
/// ordinary text (a stray quote must not swallow the rest of the form).
pub(crate) const PASTE_QUOTED_LINES: usize = 30;

/// One cell of a row: the line it starts on, its 0-based column among the row's tab-separated
/// cells, and its text with the spreadsheet's quotes taken off (not trimmed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Cell<'a> {
    /// 1-based line the cell starts on.
    pub line: usize,
    /// 0-based column.
    pub column: usize,
    /// The cell's text; a quoted cell's line breaks are `\n`.
    pub text: Cow<'a, str>,
}

/// One row of a table: the number of its first line and its cells in column order, blank ones
/// included. A row is one line, unless a quoted cell runs over several.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Row<'a> {
    /// 1-based line the row starts on.
    pub number: usize,
    /// Every cell, blank ones included.
    pub cells: Vec<Cell<'a>>,
}

impl Row<'static> {
    /// A row of cells that all start on line `number`, one per text, in column order (a
    /// worksheet row, a row rebuilt from a PDF's table).
    pub fn from_texts(number: usize, texts: Vec<String>) -> Self {
        let cells = texts
            .into_iter()
            .enumerate()
            .map(|(column, text)| Cell {
                line: number,
                column,
                text: Cow::Owned(text),
            })
            .collect();
        Self { number, cells }
    }
}

impl Row<'_> {
    /// The cells' texts, in order.
    pub fn texts(&self) -> Vec<&str> {
        self.cells.iter().map(|cell| cell.text.as_ref()).collect()
    }
}

/// Cuts `lines` into rows of tab-separated cells, as spreadsheets (Excel, WPS) copy them: a
/// cell that holds a line break, a tab or a `"` comes wrapped in `"…"` with inner quotes
/// doubled, and may span several lines (`"第一段\n第二段"`). A `"` that does not open such a
/// well-formed cell (no closing quote followed by a tab or the end of a line within
/// `max_quoted_lines` lines) is ordinary text, so text quoted with ASCII quotes survives.
///
/// The one tokenizer of every text importer (current layout, 2018 layout, Jixiao's own TSV).
pub(crate) fn rows<'a>(lines: &[Line<'a>], max_quoted_lines: usize) -> Vec<Row<'a>> {
    let mut rows = Vec::new();
    let mut index = 0;
    while let Some(line) = lines.get(index) {
        let mut cells = Vec::new();
        let mut line_index = index;
        let mut rest = line.text;
        loop {
            let column = cells.len();
            let cell_line = lines
                .get(line_index)
                .map_or(line.number, |line| line.number);
            if let Some((text, end_index, after)) =
                quoted_cell(lines, line_index, rest, max_quoted_lines)
            {
                cells.push(Cell {
                    line: cell_line,
                    column,
                    text,
                });
                line_index = end_index;
                match after.strip_prefix('\t') {
                    Some(next) => {
                        rest = next;
                        continue;
                    }
                    None => break,
                }
            }
            let (text, next) = match rest.split_once('\t') {
                Some((text, next)) => (text, Some(next)),
                None => (rest, None),
            };
            cells.push(Cell {
                line: cell_line,
                column,
                text: Cow::Borrowed(text),
            });
            match next {
                Some(next) => rest = next,
                None => break,
            }
        }
        rows.push(Row {
            number: line.number,
            cells,
        });
        index = line_index + 1;
    }
    rows
}

/// Reads the quoted cell that `text` (a cell's start on `lines[line_index]`) opens, if it is
/// one: returns its unquoted text, the index of the line it ends on, and the text after its
/// closing quote (empty, or starting with a tab). `None` when `text` does not open a
/// well-formed quoted cell.
fn quoted_cell<'a>(
    lines: &[Line<'a>],
    line_index: usize,
    text: &'a str,
    max_quoted_lines: usize,
) -> Option<(Cow<'a, str>, usize, &'a str)> {
    let mut text = text.strip_prefix('"')?;
    let mut unquoted = String::new();
    let mut index = line_index;
    loop {
        let mut chars = text.char_indices().peekable();
        while let Some((position, c)) = chars.next() {
            if c != '"' {
                unquoted.push(c);
                continue;
            }
            if chars.next_if(|(_, next)| *next == '"').is_some() {
                unquoted.push('"');
                continue;
            }
            let after = text.get(position + 1..).unwrap_or_default();
            return (after.is_empty() || after.starts_with('\t')).then_some((
                Cow::Owned(unquoted),
                index,
                after,
            ));
        }
        index += 1;
        if index - line_index >= max_quoted_lines {
            return None;
        }
        text = lines.get(index)?.text;
        unquoted.push('\n');
    }
}

/// A label as importers compare it: spaces removed (flattened vertical labels such as
/// 「项目 概况」), ASCII brackets and colons folded to the full-width ones the forms print
/// (`(元)` → `（元）`), and a leading 「其中：」 dropped (`其中：财政资金` → `财政资金`).
pub(crate) fn label_key(text: &str) -> String {
    let folded: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            ':' => '：',
            _ => c,
        })
        .collect();
    match folded.strip_prefix("其中") {
        Some(rest) => rest.trim_start_matches('：').to_owned(),
        None => folded,
    }
}

/// Sets `spec`'s field in `declaration` from the text of its cell, as its kind reads it: text
/// as given, money with [`read_money`], dates with [`read_date`], 是/否, a year. Returns the
/// warning (in Chinese, naming the field as messages do) when the text cannot be read; the
/// field is then left blank (a year is left as it was). 项目当年投入资金构成 is not one cell and
/// is left to the caller.
pub(crate) fn read_field(
    declaration: &mut Declaration,
    spec: &FieldSpec,
    text: &str,
) -> Option<String> {
    let field = spec.field;
    match spec.kind {
        FieldKind::Year => match text.trim().parse() {
            Ok(year) => {
                declaration.fiscal_year = year;
                None
            }
            Err(_) => Some(format!(
                "「{}」不是有效的年份：「{}」，未导入",
                spec.name,
                shorten(text.trim())
            )),
        },
        FieldKind::Text | FieldKind::LongText | FieldKind::Choice(_) | FieldKind::CheckBox(_) => {
            declaration.set_text(field, text);
            None
        }
        FieldKind::Date => {
            let (date, warning) = read_date(text, spec.name);
            declaration.set_date(field, date);
            warning
        }
        FieldKind::Money => {
            let (amount, warning) = read_money(text, spec.name);
            declaration.set_amount(field, amount);
            warning
        }
        FieldKind::YesNo => {
            let (value, warning) = match parse_yes_no(text) {
                Some(value) => (value, None),
                None => (
                    None,
                    Some(format!(
                        "「{}」应为“是”或“否”：「{}」，已留空",
                        spec.name,
                        shorten(text.trim())
                    )),
                ),
            };
            if let Some(slot) = declaration.yes_no_mut(field) {
                *slot = value;
            }
            warning
        }
        FieldKind::BudgetLines => None,
    }
}

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

    fn lines(text: &str) -> Vec<Line<'_>> {
        text.split('\n')
            .enumerate()
            .map(|(index, text)| Line {
                number: index + 10,
                text,
            })
            .collect()
    }

    fn row_texts<'a>(rows: &'a [Row<'_>]) -> Vec<(usize, Vec<&'a str>)> {
        rows.iter().map(|row| (row.number, row.texts())).collect()
    }

    #[test]
    fn a_quoted_cell_spans_lines_and_keeps_its_paragraphs() {
        let text = "\t\t\t\"第一段。\n第二段，含\"\"引号\"\"。\"\t\t\n\t一级指标\t二级指标";
        let rows = rows(&lines(text), PASTE_QUOTED_LINES);
        assert_eq!(
            row_texts(&rows),
            [
                (
                    10,
                    vec!["", "", "", "第一段。\n第二段，含\"引号\"。", "", ""]
                ),
                (12, vec!["", "一级指标", "二级指标"]),
            ]
        );
    }

    #[test]
    fn cells_after_a_multi_line_cell_know_their_line() {
        let text = "甲\t\"一\n二\"\t乙\n丙";
        let rows = rows(&lines(text), PASTE_QUOTED_LINES);
        let places: Vec<(usize, usize)> = rows
            .iter()
            .flat_map(|row| row.cells.iter().map(|cell| (cell.line, cell.column)))
            .collect();
        assert_eq!(places, [(10, 0), (10, 1), (11, 2), (12, 0)]);
    }

    #[test]
    fn a_stray_ascii_quote_is_ordinary_text() {
        // Closing quote followed by text, and a quote never closed: both stay as written.
        let text = "\t\"前台\"保障\t及时\n\"互联网+\t=1(个)\n\t下一行";
        let rows = rows(&lines(text), PASTE_QUOTED_LINES);
        assert_eq!(
            row_texts(&rows),
            [
                (10, vec!["", "\"前台\"保障", "及时"]),
                (11, vec!["\"互联网+", "=1(个)"]),
                (12, vec!["", "下一行"]),
            ]
        );
    }

    #[test]
    fn a_quote_left_open_longer_than_the_limit_is_text() {
        let text = "\"开\n一\n二\n闭\"";
        assert_eq!(rows(&lines(text), 2).len(), 4);
        assert_eq!(
            row_texts(&rows(&lines(text), 4)),
            [(10, vec!["开\n一\n二\n闭"])]
        );
    }

    #[test]
    fn label_keys_fold_spaces_brackets_and_qizhong() {
        assert_eq!(label_key("项目 概况"), "项目概况");
        assert_eq!(label_key("项目总预算(元)"), "项目总预算（元）");
        assert_eq!(label_key("其中：财政资金"), "财政资金");
        assert_eq!(label_key("其中:当年财政拨款"), "当年财政拨款");
        assert_eq!(label_key("其他资金"), "其他资金");
    }

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
