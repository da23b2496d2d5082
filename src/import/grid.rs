//! Forms whose cells sit on a true grid: a workbook's worksheet (`workbook`), a PDF's table
//! rebuilt from its rules (`pdf`). The rows of cells are cut into forms at their title rows and
//! handed to the same reader of each layout as text is (`current`, `y2020`, `y2018`), told that
//! the columns can be trusted, so the target table is read by its columns (`targets`).
//!
//! Depends on the model and the other import modules only.

use std::borrow::Cow;

use crate::model::FormLayout;

use super::cells::{Cell, Row};
use super::{
    FormImport, ImportReport, ImportWarning, Line, current, find_fiscal_year, find_title,
    no_title_message, shorten, y2018, y2020,
};

/// Imports every form in `rows` (each row's cells in column order, blank cells included, so
/// that a cell's index is its column). A form starts at a row holding its title alone (the year
/// may follow it in the cell) and runs to the next title row; its 年度 is read from the year
/// row under the title. Rows before the first title are reported; rows without any title give
/// no form and one warning. The table may start in any column: each form's cells are counted
/// from its leftmost non-blank column. Never fails and never panics.
pub(crate) fn import_grid(rows: &[Row<'_>]) -> ImportReport {
    let mut report = ImportReport::default();
    // Each row's non-blank cells, trimmed and joined by tabs: what a title or year row says.
    let joined: Vec<String> = rows.iter().map(row_text).collect();
    let mut starts: Vec<(usize, FormLayout)> = Vec::new();
    for (index, text) in joined.iter().enumerate() {
        if text.contains('\t') {
            continue;
        }
        if let Some((0, layout)) = find_title(text) {
            starts.push((index, layout));
        }
    }
    let first_start = starts.first().map_or(rows.len(), |(index, _)| *index);
    for (row, text) in rows.iter().zip(&joined).take(first_start) {
        if !text.is_empty() {
            let message = if starts.is_empty() {
                no_title_message()
            } else {
                format!("申报表标题之前的文字，未导入：「{}」", shorten(text))
            };
            report
                .warnings
                .push(ImportWarning::new(row.number, None, message));
            if starts.is_empty() {
                return report;
            }
        }
    }
    for (position, (start, layout)) in starts.iter().enumerate() {
        let end = starts
            .get(position + 1)
            .map_or(rows.len(), |(next, _)| *next);
        let form_rows = rows.get(*start..end).unwrap_or_default();
        let texts = joined.get(*start..end).unwrap_or_default();
        let lines: Vec<Line<'_>> = form_rows
            .iter()
            .zip(texts)
            .map(|(row, text)| Line {
                number: row.number,
                text,
            })
            .collect();
        let (fiscal_year, warnings) = find_fiscal_year(*layout, &lines);
        let Some((title, body)) = form_rows.split_first() else {
            continue;
        };
        let title_line = Line {
            number: title.number,
            text: texts.first().map_or("", String::as_str),
        };
        let body = from_left_edge(body);
        let imported: FormImport = match layout {
            FormLayout::Current => current::import_grid_form(fiscal_year, title_line, &body),
            FormLayout::Y2020 => y2020::import_grid_form(fiscal_year, title_line, &body),
            FormLayout::Y2018 => y2018::import_grid_form(fiscal_year, title_line, &body),
        };
        report.push(imported, warnings);
    }
    report
}

/// A row's non-blank cells, trimmed, joined by tabs.
fn row_text(row: &Row<'_>) -> String {
    row.cells
        .iter()
        .map(|cell| cell.text.trim())
        .filter(|text| !text.is_empty())
        .collect::<Vec<_>>()
        .join("\t")
}

/// `rows` with their cells counted from the leftmost column any of them fills, so a table that
/// starts in column C reads as one that starts in column A.
fn from_left_edge<'a>(rows: &[Row<'a>]) -> Vec<Row<'a>> {
    let left = rows
        .iter()
        .flat_map(|row| &row.cells)
        .filter(|cell| !cell.text.trim().is_empty())
        .map(|cell| cell.column)
        .min()
        .unwrap_or(0);
    rows.iter()
        .map(|row| Row {
            number: row.number,
            cells: row
                .cells
                .iter()
                .filter(|cell| cell.column >= left)
                .map(|cell| Cell {
                    line: cell.line,
                    column: cell.column - left,
                    text: Cow::clone(&cell.text),
                })
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows from tab-separated lines, numbered from 1.
    pub(crate) fn grid(text: &str) -> Vec<Row<'_>> {
        text.split('\n')
            .enumerate()
            .map(|(index, line)| Row {
                number: index + 1,
                cells: line
                    .split('\t')
                    .enumerate()
                    .map(|(column, text)| Cell {
                        line: index + 1,
                        column,
                        text: Cow::Borrowed(text),
                    })
                    .collect(),
            })
            .collect()
    }

    #[test]
    fn forms_start_at_their_titles_wherever_the_table_starts() {
        let text = "说明\n\t\t财政项目支出绩效目标申报表\n\t\t(2026年度)\n\t\t项目名称\t甲\n\t\t财政项目支出绩效目标申报表（2025年度）\n\t\t项目名称\t乙";
        let report = import_grid(&grid(text));
        let found: Vec<(i32, &str)> = report
            .declarations
            .iter()
            .map(|declaration| (declaration.fiscal_year, declaration.project_name.as_str()))
            .collect();
        assert_eq!(found, [(2026, "甲"), (2025, "乙")]);
        assert!(
            report
                .warnings
                .first()
                .is_some_and(|warning| warning.line == 1 && warning.form.is_none())
        );
    }

    #[test]
    fn rows_without_a_title_give_one_warning() {
        let report = import_grid(&grid("项目名称\t甲\n计划开始日期\t2026-01-01"));
        assert!(report.declarations.is_empty());
        assert_eq!(report.warnings.len(), 1);
    }
}
