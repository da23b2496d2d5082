//! Workbooks: `jixiao import FILE.xlsx` (also `.xls` and `.ods`, read with `calamine`). Each
//! worksheet becomes rows of cells, the same rows the text importers read, and its forms are
//! read by the layout's reader with the columns trusted (`grid`); a worksheet holding Jixiao's
//! exact TSV export (pasted into Excel) is read as that export.
//!
//! Only what the cells show is read: a merged cell's text is in its top-left cell, amounts may be
//! numbers or text, dates may be Excel dates or text. Pure: bytes in, declarations out; no I/O.

use std::borrow::Cow;
use std::io::Cursor;

use calamine::{Data, Reader as _};

use super::cells::Row;
use super::{ImportReport, grid, tsv};
use crate::export::tsv::quote;

/// Why a workbook could not be read at all (a worksheet that holds no form is a warning).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WorkbookError {
    /// The bytes are not a workbook calamine can open (or one protected by a password).
    #[error("不是可读取的 Excel/WPS 工作簿（.xlsx、.xls 或 .ods），或工作簿设有密码")]
    NotWorkbook,
    /// A worksheet could not be read; its name is given. The library's (English) reason is not
    /// shown.
    #[error("工作表「{0}」已损坏，无法读取")]
    Sheet(String),
}

/// Imports every form on every worksheet of the workbook in `bytes` (`.xlsx`, `.xlsm`, `.xls`,
/// `.xlsb` or `.ods`), sheet by sheet in the workbook's order. Warnings name their worksheet
/// ([`super::ImportWarning::sheet`]) and its row; a worksheet without any form title gives one
/// warning, a blank worksheet none.
///
/// # Errors
/// [`WorkbookError::NotWorkbook`] when the bytes are not a workbook; [`WorkbookError::Sheet`]
/// when a worksheet cannot be read. Never panics.
pub fn import_workbook(bytes: &[u8]) -> Result<ImportReport, WorkbookError> {
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|_| WorkbookError::NotWorkbook)?;
    let mut report = ImportReport::default();
    for name in workbook.sheet_names() {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|_| WorkbookError::Sheet(name.clone()))?;
        let rows = sheet_rows(&range);
        if rows
            .iter()
            .all(|row| row.cells.iter().all(|cell| cell.text.trim().is_empty()))
        {
            continue;
        }
        let text = as_tsv(&rows);
        let sheet = if tsv::looks_like_export(&text) {
            tsv::import_export(&text)
        } else {
            grid::import_grid(&rows)
        };
        let offset = report.declarations.len();
        report.declarations.extend(sheet.declarations);
        report
            .warnings
            .extend(sheet.warnings.into_iter().map(|mut warning| {
                warning.form = warning.form.map(|form| form + offset);
                warning.sheet = Some(name.clone());
                warning
            }));
    }
    Ok(report)
}

/// A worksheet's rows, numbered as the worksheet numbers them (from 1), each with every cell
/// from column A to its last filled one, blank ones included.
fn sheet_rows(range: &calamine::Range<Data>) -> Vec<Row<'static>> {
    let Some((first_row, first_column)) = range.start() else {
        return Vec::new();
    };
    let first_column = usize::try_from(first_column).unwrap_or(0);
    let mut rows = Vec::with_capacity(range.height());
    for (offset, values) in range.rows().enumerate() {
        let number = usize::try_from(first_row).unwrap_or(0) + offset + 1;
        let mut texts: Vec<String> = vec![String::new(); first_column];
        texts.extend(values.iter().map(cell_text));
        while texts.last().is_some_and(String::is_empty) {
            texts.pop();
        }
        rows.push(Row::from_texts(number, texts));
    }
    rows
}

/// What a cell shows, as text: a number in its shortest exact form (`1139000`, `0.5`; read as
/// an amount by the readers), a date as `YYYY-MM-DD` (with the time when it has one), a
/// formula's cached result, blank for an empty cell or an error value.
fn cell_text(value: &Data) -> String {
    match value {
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => {
            // Excel keeps line breaks as `\r\n` or `\n`; the model has `\n`.
            text.replace("\r\n", "\n").replace('\r', "\n")
        }
        Data::Float(number) => number.to_string(),
        Data::Int(number) => number.to_string(),
        Data::Bool(true) => "是".to_owned(),
        Data::Bool(false) => "否".to_owned(),
        Data::DateTime(date) if date.is_datetime() => {
            let (year, month, day, hour, minute, second, _) = date.to_ymd_hms_milli();
            if (hour, minute, second) == (0, 0, 0) {
                format!("{year:04}-{month:02}-{day:02}")
            } else {
                format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}")
            }
        }
        Data::DateTime(duration) => duration.as_f64().to_string(),
        Data::Error(_) | Data::Empty => String::new(),
    }
}

/// The rows as tab-separated text, cells quoted as Excel copies them: how a worksheet holding
/// Jixiao's TSV export is recognised and read.
fn as_tsv(rows: &[Row<'_>]) -> String {
    let mut text = String::new();
    for row in rows {
        let cells: Vec<Cow<'_, str>> = row.cells.iter().map(|cell| quote(&cell.text)).collect();
        text.push_str(&cells.join("\t"));
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_show_what_excel_shows() {
        assert_eq!(cell_text(&Data::Float(1_139_000.0)), "1139000");
        assert_eq!(cell_text(&Data::Float(0.5)), "0.5");
        assert_eq!(cell_text(&Data::String("甲\r\n乙".into())), "甲\n乙");
        let date =
            calamine::ExcelDateTime::new(46023.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(date)), "2026-01-01");
        assert_eq!(cell_text(&Data::Empty), "");
    }

    #[test]
    fn bytes_that_are_no_workbook_are_refused_in_chinese() {
        let error = import_workbook(b"\xd0\xcf\x11\xe0 not really").unwrap_err();
        assert_eq!(error, WorkbookError::NotWorkbook);
        assert!(error.to_string().contains("工作簿"));
    }
}
