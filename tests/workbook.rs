//! Workbooks (issue 9 points 4 and 5): the exported `.xlsx` read back with calamine (title,
//! merged ranges as printed, amounts as numbers in the form's format, the fonts), and a
//! workbook laid out differently from Jixiao's own (columns shifted, blank rows between the
//! rows, no merged cells, a form per sheet and two forms on one sheet, a sheet of notes)
//! importing to the same declarations.

#![expect(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Dimensions, Reader, Xlsx};
use jixiao::export::to_xlsx;
use jixiao::import::import_workbook;
use jixiao::model::{Declaration, Field, format_date, format_yuan};
use rust_decimal::prelude::ToPrimitive as _;
use rust_xlsxwriter::{Format, Workbook, Worksheet};

fn example(name: &str) -> Declaration {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/examples")
        .join(format!("{name}.ron"));
    jixiao::storage::load(&path).unwrap()
}

/// The position (row, column) of the first cell whose text is `text`.
fn find(range: &calamine::Range<Data>, text: &str) -> (u32, u32) {
    range
        .used_cells()
        .find(|(_, _, value)| matches!(value, Data::String(s) if s == text))
        .map(|(row, column, _)| (u32::try_from(row).unwrap(), u32::try_from(column).unwrap()))
        .unwrap_or_else(|| panic!("no cell 「{text}」"))
}

/// The merged range that starts at `at`, as (rows, columns).
fn merged(merges: &[Dimensions], at: (u32, u32)) -> Option<(u32, u32)> {
    merges
        .iter()
        .find(|dimensions| dimensions.start == at)
        .map(|dimensions| {
            (
                dimensions.end.0 - dimensions.start.0 + 1,
                dimensions.end.1 - dimensions.start.1 + 1,
            )
        })
}

#[test]
fn the_exported_workbook_reads_back_as_the_printed_table() {
    // 党建服务工作经费 as forms-2026.txt has it: 年度资金申请总额 1,139,000.00, 项目资金总额
    // blank; 产出指标 over 4 rows (数量 1, 质量 1, 时效 2), 8 indicators in all.
    let declaration = example("2026-党建服务工作经费");
    let bytes = to_xlsx(std::slice::from_ref(&declaration)).unwrap();
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(workbook.sheet_names(), ["党建服务工作经费"]);
    let range = workbook.worksheet_range("党建服务工作经费").unwrap();
    let merges = workbook
        .merge_cells_by_sheet_name("党建服务工作经费")
        .unwrap();
    let styles = workbook.worksheet_style("党建服务工作经费").unwrap();

    // The title and the year line, each merged across the six columns of the table.
    assert_eq!(
        range.get_value((0, 0)),
        Some(&Data::String("财政项目支出绩效目标申报表".into()))
    );
    assert_eq!(
        range.get_value((1, 0)),
        Some(&Data::String("(2026年度)".into()))
    );
    assert_eq!(merged(&merges, (0, 0)), Some((1, 6)));

    // Merged as printed.
    assert_eq!(
        merged(&merges, find(&range, "项目资金\n（元）")),
        Some((4, 1))
    );
    assert_eq!(merged(&merges, find(&range, "项目绩效目标")), Some((2, 1)));
    assert_eq!(merged(&merges, find(&range, "绩效指标")), Some((1 + 8, 1)));
    assert_eq!(merged(&merges, find(&range, "产出指标")), Some((4, 1)));
    assert_eq!(merged(&merges, find(&range, "时效指标")), Some((2, 1)));
    assert_eq!(merged(&merges, find(&range, "年度总体目标")), Some((1, 3)));

    // Amounts are numbers in the form's format; a blank amount is an empty cell.
    let (row, column) = find(&range, "年度资金申请总额");
    assert_eq!(
        range.get_value((row, column + 1)),
        Some(&Data::Float(1_139_000.0))
    );
    let style = styles.get((row, column + 1)).unwrap();
    assert_eq!(
        style.number_format.as_ref().map(|f| f.format_code.as_str()),
        Some("#,##0.00")
    );
    assert_eq!(
        style.font.as_ref().and_then(|font| font.name.as_deref()),
        Some("宋体")
    );
    let (row, column) = find(&range, "项目资金总额");
    assert_eq!(range.get_value((row, column + 1)), Some(&Data::Empty));
    let (row, column) = find(&range, "上年结转资金");
    assert_eq!(range.get_value((row, column + 1)), Some(&Data::Float(0.0)));
}

#[test]
fn each_layout_is_exported_on_its_own_grid() {
    // The 2018 form's columns: its field grid and its 分解目标 grid joined (5 columns); the
    // 2020 form's likewise (7 columns); the current form's 6.
    let seed = include_str!("fixtures/forms/forms-2018.txt");
    let y2018 = jixiao::import::import_text(seed).declarations.remove(0);
    let seed = include_str!("fixtures/forms/forms-2020.txt");
    let y2020 = jixiao::import::import_text(seed).declarations.remove(0);
    let current = example("2026-信息化运维项目");
    let bytes = to_xlsx(&[current, y2020, y2018]).unwrap();
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let widths: Vec<usize> = workbook
        .worksheets()
        .iter()
        .map(|(_, range)| range.width())
        .collect();
    assert_eq!(widths, [6, 7, 5]);
    let sheets = workbook.worksheets();
    let (_, y2018) = &sheets[2];
    assert_eq!(
        y2018.get_value((2, 0)),
        Some(&Data::String("申报单位名称：上海市党建服务中心".into()))
    );
    // forms-2018.txt: 项目类型 其他经常性项目 ticked.
    let (row, column) = find(y2018, "项目类型");
    let Some(Data::String(boxes)) = y2018.get_value((row, column + 1)) else {
        panic!("no check boxes");
    };
    assert!(boxes.contains("其他经常性项目☑"), "{boxes}");
    assert_eq!(boxes.matches('☑').count(), 1);
}

// ---------------------------------------------------------------------------------------------
// A workbook laid out differently

/// Writes `declaration` (current layout) on `sheet` from row `top`, the way a colleague might
/// have typed it: starting in column C, a blank row after the header block, the money block and
/// the goals, no merged cells, the level-1 and level-2 names repeated on every indicator row,
/// the year line with full-width brackets. Amounts as numbers (`numbers`) or as text; dates as
/// Excel dates. Returns the row after the form.
fn write_by_hand(sheet: &mut Worksheet, top: u32, declaration: &Declaration, numbers: bool) -> u32 {
    const LEFT: u16 = 2;
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    let mut row = top;
    let text = |sheet: &mut Worksheet, row: u32, column: u16, value: &str| {
        if !value.is_empty() {
            sheet.write_string(row, LEFT + column, value).unwrap();
        }
    };
    text(sheet, row, 0, "财政项目支出绩效目标申报表");
    row += 2;
    text(
        sheet,
        row,
        0,
        &format!("（{}年度）", declaration.fiscal_year),
    );
    row += 2;
    let value = |field: Field| declaration.text(field).unwrap_or_default().to_owned();
    for cells in [
        vec![
            ("项目名称", value(Field::ProjectName)),
            ("项目性质", value(Field::ProjectNature)),
            ("项目类别", value(Field::ProjectCategory)),
        ],
        vec![
            ("主管部门", value(Field::CompetentDepartment)),
            ("实施单位", value(Field::ImplementingUnit)),
        ],
    ] {
        for (index, (label, value)) in (0u16..).zip(cells) {
            text(sheet, row, 2 * index, label);
            text(sheet, row, 2 * index + 1, &value);
        }
        row += 1;
    }
    row += 1;
    for (index, (label, date)) in (0u16..).zip([
        ("计划开始日期", declaration.planned_start),
        ("计划完成日期", declaration.planned_end),
    ]) {
        text(sheet, row, 2 * index, label);
        if let Some(date) = date {
            let serial = (date - chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()).num_days();
            sheet
                .write_number_with_format(row, LEFT + 2 * index + 1, serial as f64, &date_format)
                .unwrap();
        }
    }
    row += 1;
    let money: [&[(u16, &str, Field)]; 4] = [
        &[
            (1, "项目资金总额", Field::ProjectTotal),
            (3, "年度资金申请总额", Field::AnnualTotal),
        ],
        &[
            (1, "其中：财政资金", Field::ProjectFiscal),
            (3, "其中：当年财政拨款", Field::AnnualAppropriation),
        ],
        &[(3, "上年结转资金", Field::AnnualCarryover)],
        &[
            (1, "其他资金", Field::ProjectOther),
            (3, "其他资金", Field::AnnualOther),
        ],
    ];
    text(sheet, row, 0, "项目资金（元）");
    for pair in money {
        for &(column, label, field) in pair {
            text(sheet, row, column, label);
            if let Some(amount) = declaration.amount(field) {
                if numbers {
                    let number = amount.to_f64().unwrap();
                    sheet.write_number(row, LEFT + column + 1, number).unwrap();
                } else {
                    text(sheet, row, column + 1, &format_yuan(amount));
                }
            }
        }
        row += 1;
    }
    row += 1;
    text(sheet, row, 0, "项目绩效目标");
    text(sheet, row, 1, "项目总目标");
    text(sheet, row, 3, "年度总体目标");
    row += 1;
    text(sheet, row, 1, &declaration.overall_goal);
    text(sheet, row, 3, &declaration.annual_goal);
    row += 2;
    for (column, header) in (1u16..).zip(["一级指标", "二级指标", "三级指标", "年度(/项目)指标值"])
    {
        text(sheet, row, column, header);
    }
    text(sheet, row, 0, "绩效指标");
    row += 1;
    for level1 in &declaration.indicators {
        for level2 in &level1.children {
            for level3 in &level2.children {
                text(sheet, row, 1, &level1.name);
                text(sheet, row, 2, &level2.name);
                text(sheet, row, 3, &level3.name);
                let target = level3
                    .target
                    .as_ref()
                    .map(|target| target.display(jixiao::model::TargetNotation::Current));
                text(sheet, row, 4, &target.unwrap_or_default());
                row += 1;
            }
        }
    }
    row
}

#[test]
fn a_workbook_laid_out_differently_imports_every_form_on_every_sheet() {
    let first = example("2026-党建服务工作经费");
    let second = example("2023-机关服务费");
    let third = example("2026-信息化运维项目");
    let mut workbook = Workbook::new();
    let notes = workbook.add_worksheet().set_name("填表说明").unwrap();
    notes
        .write_string(0, 0, "请按财政局要求填写，金额单位为元。")
        .unwrap();
    let sheet = workbook.add_worksheet().set_name("党建服务").unwrap();
    write_by_hand(sheet, 0, &first, true);
    let sheet = workbook.add_worksheet().set_name("两个项目").unwrap();
    let next = write_by_hand(sheet, 3, &second, false);
    write_by_hand(sheet, next + 4, &third, false);
    let bytes = workbook.save_to_buffer().unwrap();

    let report = import_workbook(&bytes).unwrap();
    let dump = |declaration: &Declaration| serde_json::to_string_pretty(declaration).unwrap();
    let found: Vec<String> = report.declarations.iter().map(dump).collect();
    assert_eq!(found, [dump(&first), dump(&second), dump(&third)]);
    // The sheet of notes holds no form: said once, naming the sheet and the row.
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    let warning = &report.warnings[0];
    assert_eq!(
        (warning.sheet.as_deref(), warning.line),
        (Some("填表说明"), 1)
    );
    assert!(
        warning
            .to_string()
            .starts_with("工作表「填表说明」第 1 行：")
    );
}

#[test]
fn a_bad_amount_and_a_bad_date_are_reported_on_their_row() {
    let declaration = example("2026-党建服务工作经费");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    write_by_hand(sheet, 0, &declaration, true);
    // write_by_hand puts the dates on row 8 (计划开始日期's value in column D) and the first
    // money row on row 9 (年度资金申请总额's value in column G).
    sheet.write_string(7, 3, "2026-13-01").unwrap();
    sheet.write_string(8, 6, "一百万").unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    let report = import_workbook(&bytes).unwrap();
    let lines: Vec<(usize, bool)> = report
        .warnings
        .iter()
        .map(|warning| {
            (
                warning.line,
                warning.message.contains("一百万") || warning.message.contains("2026-13-01"),
            )
        })
        .collect();
    assert_eq!(lines, [(8, true), (9, true)], "{:?}", report.warnings);
    let back = &report.declarations[0];
    assert_eq!(back.amount(Field::AnnualTotal), None);
    assert_eq!(back.planned_start, None);
    assert_eq!(
        back.planned_end.map(format_date).as_deref(),
        Some("2026-12-31")
    );
}
