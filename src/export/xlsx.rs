//! Workbook export: `jixiao export FILE.ron --format xlsx -o OUT.xlsx` and the editor's
//! 文件 › 导出 Excel…. Each declaration becomes one worksheet holding the official table as it
//! prints (issue 9 point 4), which `crate::import` reads back to the identical declaration.
//!
//! The sheet follows the print layout cell for cell ([`crate::layout::form_grid`]): the title
//! and the year line above the table (and 申报单位名称 on the 2020 and 2018 forms), the cells
//! merged as printed (项目资金（元）, the goal block, 绩效指标 and the level-1/level-2 spans),
//! thin borders, the printed column widths and row heights, 宋体 10 pt (黑体 for the title, fonts
//! every Chinese Windows has), amounts as numbers formatted `#,##0.00` (a blank amount stays an
//! empty cell), and an A4 page set up as the print is: the same margins, one page wide, the
//! target table's header row repeated on every page, 「第 N 页 共 M 页」 in the footer.
//!
//! Everything the workbook says is in its visible cells: nothing is hidden, so what a user
//! changes in Excel or WPS is what comes back. Where the printed table cannot say exactly what a
//! target value is (a text that would read as a number, a unit with brackets …), the row spells
//! it out in visible cells after the table, under the TSV export's headers
//! ([`crate::export::tsv::VALUE_KIND`]).
//!
//! Pure: declarations in, bytes out; the caller writes the file atomically. Depends on the
//! model, the layout and the TSV export's vocabulary.

use rust_decimal::prelude::ToPrimitive as _;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet};

use crate::layout::{Align, CellValue, GridCell, form_grid};
use crate::model::{
    Declaration, Field, FormLayout, IndicatorPart, Path, TargetValue, Yuan, format_yuan, parse_yuan,
};

use super::tsv::{QUALITATIVE, QUANTITATIVE, VALUE_CELLS, VALUE_KIND};

/// The body font: 宋体, as the printed form and every Chinese Windows has it.
pub const BODY_FONT: &str = "宋体";
/// The title font: 黑体.
pub const TITLE_FONT: &str = "黑体";
/// Size of the table's text, in points (as printed).
const BODY_SIZE_PT: f64 = 10.0;
/// Size of the title, in points (as printed).
const TITLE_SIZE_PT: f64 = 16.0;
/// The number format of amounts: thousands separators and two decimals, as the form prints them.
pub const AMOUNT_FORMAT: &str = "#,##0.00";
/// The footer, as printed: 「第 N 页 共 M 页」 (Excel's page-number codes).
const FOOTER: &str = "&C第 &P 页 共 &N 页";
/// GB2312, the character set Excel records with a Chinese font.
const CHARSET_GB2312: u8 = 134;
/// Excel's A4 paper.
const PAPER_A4: u8 = 9;
/// Rows are this much taller than the print's: a spreadsheet sets 宋体 with more leading (about
/// 1.45 em a line in Excel, WPS and LibreOffice) than the print's 1.3, and a row cut short
/// hides its last line.
const ROW_HEIGHT_FACTOR: f64 = 1.15;
/// The tallest row Excel allows, in points.
const MAX_ROW_HEIGHT_PT: f64 = 409.0;
/// Excel's longest cell text, in characters.
const MAX_CELL_CHARS: usize = 32_767;
/// The longest worksheet name Excel accepts, in characters.
const MAX_SHEET_NAME_CHARS: usize = 31;

/// Rows above the table: the title and the year line (and on the older layouts 申报单位名称).
const TITLE_ROW: u32 = 0;
const YEAR_ROW: u32 = 1;

/// Why a workbook could not be produced.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum XlsxError {
    /// No declaration was given.
    #[error("没有要导出的申报表")]
    NothingToExport,
    /// A text is longer than Excel allows in one cell.
    #[error("「{0}」超过 Excel 单元格的长度上限（{MAX_CELL_CHARS} 字），无法导出，请先精简")]
    TooLong(String),
    /// The workbook could not be assembled (a defect, not user data); says which step failed.
    /// The library's own (English) message is not shown.
    #[error("无法生成 Excel 工作簿（{0}时出错），请把这份申报表发给维护人员")]
    Write(&'static str),
}

/// Millimetres to points.
fn mm_to_pt(mm: f32) -> f64 {
    f64::from(mm) * 72.0 / 25.4
}

/// Millimetres to inches (Excel's margins).
fn mm_to_inch(mm: f32) -> f64 {
    f64::from(mm) / 25.4
}

/// Millimetres to screen pixels at 96 dpi (Excel's column widths).
fn mm_to_pixels(mm: f32) -> u32 {
    let pixels = (f64::from(mm) * 96.0 / 25.4).round();
    // Column widths are a few hundred pixels; the cast cannot truncate.
    pixels.clamp(1.0, 4000.0) as u32
}

/// Writes `declarations` as a workbook, one worksheet per declaration in order, named after its
/// project (made unique and cut to Excel's 31 characters). See the module docs for the sheet.
///
/// # Errors
/// [`XlsxError::NothingToExport`] for an empty slice; [`XlsxError::TooLong`] naming the field
/// when a text exceeds Excel's 32 767 characters; [`XlsxError::Write`] if the library fails.
pub fn to_xlsx(declarations: &[Declaration]) -> Result<Vec<u8>, XlsxError> {
    if declarations.is_empty() {
        return Err(XlsxError::NothingToExport);
    }
    let mut workbook = Workbook::new();
    let mut names: Vec<String> = Vec::with_capacity(declarations.len());
    for declaration in declarations {
        let name = sheet_name(&declaration.project_name, &names);
        let sheet = workbook.add_worksheet();
        sheet
            .set_name(&name)
            .map_err(|_| XlsxError::Write("命名工作表"))?;
        names.push(name);
        write_sheet(sheet, declaration)?;
    }
    workbook
        .save_to_buffer()
        .map_err(|_| XlsxError::Write("写出工作簿"))
}

/// A worksheet name for a project: the name without the characters Excel refuses (`[]:*?/\`),
/// cut to 31 characters, 「申报表」 when blank, with 「(2)」, 「(3)」… when taken (compared
/// without case, as Excel does).
fn sheet_name(project_name: &str, taken: &[String]) -> String {
    let cleaned: String = project_name
        .chars()
        .filter(|c| !c.is_control() && !"[]:*?/\\".contains(*c))
        .collect();
    let cleaned = cleaned.trim().trim_matches('\'').trim();
    let base = if cleaned.is_empty() {
        "申报表".to_owned()
    } else {
        cleaned.to_owned()
    };
    let is_taken = |name: &str| {
        taken
            .iter()
            .any(|other| other.to_lowercase() == name.to_lowercase())
    };
    (1..)
        .map(|n| {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!("({n})")
            };
            let room = MAX_SHEET_NAME_CHARS - suffix.chars().count();
            let mut name: String = base.chars().take(room).collect();
            name.push_str(&suffix);
            name
        })
        .find(|name| !is_taken(name))
        .unwrap_or(base)
}

/// The formats of one sheet.
struct Formats {
    title: Format,
    year: Format,
    unit: Format,
}

impl Formats {
    fn new() -> Self {
        let font = |format: Format, name: &str, size: f64| {
            format
                .set_font_name(name)
                .set_font_size(size)
                .set_font_charset(CHARSET_GB2312)
        };
        Self {
            title: font(Format::new(), TITLE_FONT, TITLE_SIZE_PT)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            year: font(Format::new(), BODY_FONT, 10.5)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            unit: font(Format::new(), BODY_FONT, BODY_SIZE_PT)
                .set_align(FormatAlign::Left)
                .set_align(FormatAlign::VerticalCenter),
        }
    }

    /// The body text in a thin-bordered, wrapping cell: the table's cells and the cells after
    /// it, before alignment.
    fn bordered() -> Format {
        Format::new()
            .set_font_name(BODY_FONT)
            .set_font_size(BODY_SIZE_PT)
            .set_font_charset(CHARSET_GB2312)
            .set_border(FormatBorder::Thin)
            .set_text_wrap()
    }

    /// A bordered table cell aligned as printed; amounts get the amount format.
    fn cell(cell: &GridCell) -> Format {
        let horizontal = match cell.align {
            Align::Left => FormatAlign::Left,
            Align::Centre => FormatAlign::Center,
            Align::Right => FormatAlign::Right,
        };
        let vertical = if cell.top_aligned {
            FormatAlign::Top
        } else {
            FormatAlign::VerticalCenter
        };
        let format = Self::bordered().set_align(horizontal).set_align(vertical);
        match cell.value {
            CellValue::Money(_) => format.set_num_format(AMOUNT_FORMAT),
            CellValue::Text(_) => format,
        }
    }
}

/// Fills one worksheet with `declaration`'s table and sets its page up.
fn write_sheet(sheet: &mut Worksheet, declaration: &Declaration) -> Result<(), XlsxError> {
    let grid = form_grid(declaration);
    let formats = Formats::new();
    let columns = u16::try_from(grid.column_widths_mm.len()).unwrap_or(u16::MAX);
    let last_column = columns.saturating_sub(1);
    for (index, width) in (0..columns).zip(&grid.column_widths_mm) {
        sheet
            .set_column_width_pixels(index, mm_to_pixels(*width))
            .map_err(|_| XlsxError::Write("设置列宽"))?;
    }
    let banner = |sheet: &mut Worksheet, row: u32, text: &str, format: &Format, height: f64| {
        sheet
            .merge_range(row, 0, row, last_column, text, format)
            .and_then(|sheet| sheet.set_row_height(row, height))
            .map(|_| ())
            .map_err(|_| XlsxError::Write("写入标题"))
    };
    banner(sheet, TITLE_ROW, grid.title, &formats.title, 30.0)?;
    banner(sheet, YEAR_ROW, &grid.year_line, &formats.year, 20.0)?;
    let mut top = YEAR_ROW + 1;
    if let Some(line) = &grid.declaring_unit_line {
        check_length(line, FormLayout::Y2020.field_label(Field::DeclaringUnit))?;
        banner(sheet, top, line, &formats.unit, 20.0)?;
        top += 1;
    }
    let mut escapes = false;
    for (offset, row) in (0u32..).zip(&grid.rows) {
        let row_number = top + offset;
        sheet
            .set_row_height(
                row_number,
                (mm_to_pt(row.height_mm) * ROW_HEIGHT_FACTOR).min(MAX_ROW_HEIGHT_PT),
            )
            .map_err(|_| XlsxError::Write("设置行高"))?;
        for cell in &row.cells {
            write_cell(sheet, row_number, cell)?;
            if let Some(cells) = value_escape(declaration, cell.path) {
                write_escape(sheet, row_number, columns, &cells)?;
                escapes = true;
            }
        }
    }
    let header_row = grid
        .indicator_header
        .and_then(|index| u32::try_from(index).ok().map(|index| top + index));
    if escapes && let Some(header_row) = header_row {
        let mut headers = vec![VALUE_KIND.to_owned()];
        headers.extend(VALUE_CELLS.iter().map(|cell| (*cell).to_owned()));
        write_escape(sheet, header_row, columns, &headers)?;
    }
    let last_row = top
        + u32::try_from(grid.rows.len())
            .unwrap_or(u32::MAX)
            .saturating_sub(1);
    page_setup(sheet, last_row, last_column, header_row)
}

/// Refuses a text Excel cannot hold in one cell.
fn check_length(text: &str, field: &str) -> Result<(), XlsxError> {
    if text.chars().count() > MAX_CELL_CHARS {
        return Err(XlsxError::TooLong(field.to_owned()));
    }
    Ok(())
}

/// Writes one table cell at `row`, merged over its columns and rows.
fn write_cell(sheet: &mut Worksheet, row: u32, cell: &GridCell) -> Result<(), XlsxError> {
    let format = Formats::cell(cell);
    let error = |_| XlsxError::Write("写入单元格");
    let first_column = u16::try_from(cell.column).unwrap_or(u16::MAX);
    let last_column = u16::try_from(cell.column + cell.columns - 1).unwrap_or(u16::MAX);
    let last_row = row + u32::try_from(cell.rows - 1).unwrap_or(0);
    let text = match &cell.value {
        CellValue::Text(text) => {
            check_length(text, &cell_name(cell))?;
            text.clone()
        }
        CellValue::Money(_) => String::new(),
    };
    if last_column > first_column || last_row > row {
        sheet
            .merge_range(row, first_column, last_row, last_column, &text, &format)
            .map_err(error)?;
    } else if text.is_empty() {
        sheet
            .write_blank(row, first_column, &format)
            .map_err(error)?;
    } else {
        sheet
            .write_string_with_format(row, first_column, &text, &format)
            .map_err(error)?;
    }
    if let CellValue::Money(Some(amount)) = cell.value {
        match exact_number(amount) {
            Some(number) => sheet.write_number_with_format(row, first_column, number, &format),
            None => sheet.write_string_with_format(row, first_column, format_yuan(amount), &format),
        }
        .map_err(error)?;
    }
    Ok(())
}

/// How a cell is named in an error: its field's label, or 「表格」.
fn cell_name(cell: &GridCell) -> String {
    match cell.path {
        Some(Path::Field(field)) => field.label().to_owned(),
        Some(Path::Indicator(..)) => "绩效指标".to_owned(),
        _ => "表格".to_owned(),
    }
}

/// The amount as a number that reads back as exactly the same amount (value and decimals, as
/// [`parse_yuan`] reads the number's shortest form); `None` when a number cannot carry it (more
/// than 15 significant digits, or trailing zeros past two decimals): it is then written as text.
fn exact_number(amount: Yuan) -> Option<f64> {
    let number = amount.to_f64()?;
    let back = parse_yuan(&number.to_string()).ok()?;
    (back == amount && back.scale() == amount.scale()).then_some(number)
}

/// For a target-value cell whose printed text would not read back to the same value, the cells
/// that spell it out: 定性 (the printed text is the value, exactly), or 定量 with 计算符号, 数值
/// and 计量单位; as the TSV export does.
fn value_escape(declaration: &Declaration, path: Option<Path>) -> Option<Vec<String>> {
    let Some(Path::Indicator(at, IndicatorPart::Target)) = path else {
        return None;
    };
    let target = declaration
        .indicators
        .get(at.level1)?
        .children
        .get(at.level2?)?
        .children
        .get(at.level3?)?
        .target
        .as_ref()?;
    let printed = target.display(declaration.layout().target_notation());
    if TargetValue::parse(&printed).as_ref() == Some(target) {
        return None;
    }
    Some(match target {
        TargetValue::Quantitative {
            comparator,
            number,
            unit,
        } => vec![
            QUANTITATIVE.to_owned(),
            comparator.symbol().to_owned(),
            number.to_string(),
            unit.clone(),
        ],
        TargetValue::Qualitative(_) => vec![QUALITATIVE.to_owned()],
    })
}

/// Writes `cells` as bordered text cells right of the table (from column `first`) on `row`.
fn write_escape(
    sheet: &mut Worksheet,
    row: u32,
    first: u16,
    cells: &[String],
) -> Result<(), XlsxError> {
    let format = Formats::bordered().set_align(FormatAlign::VerticalCenter);
    for (column, text) in (first..).zip(cells) {
        check_length(text, "指标值")?;
        sheet
            .write_string_with_format(row, column, text, &format)
            .map_err(|_| XlsxError::Write("写入指标值说明"))?;
    }
    Ok(())
}

/// A4 portrait with the print's margins, one page wide, the target table's header repeated,
/// the footer 「第 N 页 共 M 页」; gridlines off, as on paper.
fn page_setup(
    sheet: &mut Worksheet,
    last_row: u32,
    last_column: u16,
    header_row: Option<u32>,
) -> Result<(), XlsxError> {
    use crate::layout::{BOTTOM_MARGIN, SIDE_MARGIN, TOP_MARGIN};
    sheet
        .set_paper_size(PAPER_A4)
        .set_portrait()
        .set_margins(
            mm_to_inch(SIDE_MARGIN.0),
            mm_to_inch(SIDE_MARGIN.0),
            mm_to_inch(TOP_MARGIN.0),
            mm_to_inch(BOTTOM_MARGIN.0),
            0.3,
            0.3,
        )
        .set_print_fit_to_pages(1, 0)
        .set_print_center_horizontally(true)
        .set_footer(FOOTER)
        .set_screen_gridlines(false);
    sheet
        .set_print_area(TITLE_ROW, 0, last_row, last_column)
        .map_err(|_| XlsxError::Write("设置打印区域"))?;
    if let Some(header_row) = header_row {
        sheet
            .set_repeat_rows(header_row, header_row)
            .map_err(|_| XlsxError::Write("设置重复表头"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_what_excel_accepts() {
        assert_eq!(sheet_name("党建服务工作经费", &[]), "党建服务工作经费");
        assert_eq!(sheet_name("a[b]:c*d?e/f\\g", &[]), "abcdefg");
        assert_eq!(sheet_name("  ", &[]), "申报表");
        let long = "长".repeat(40);
        assert_eq!(sheet_name(&long, &[]).chars().count(), 31);
        let taken = vec!["项目".to_owned()];
        assert_eq!(sheet_name("项目", &taken), "项目(2)");
        let taken = vec![long.chars().take(31).collect::<String>()];
        let second = sheet_name(&long, &taken);
        assert!(second.ends_with("(2)") && second.chars().count() == 31);
    }

    #[test]
    fn amounts_are_numbers_only_when_they_read_back_the_same() {
        let yuan = |text| parse_yuan(text).unwrap();
        assert_eq!(exact_number(yuan("1,139,000.00")), Some(1_139_000.0));
        assert_eq!(exact_number(yuan("0.00")), Some(0.0));
        assert_eq!(exact_number(yuan("1.234")), Some(1.234));
        // More digits than a number holds: text.
        assert_eq!(exact_number(yuan("12345678901234567.89")), None);
    }
}
