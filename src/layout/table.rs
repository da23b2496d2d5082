//! The form's table as rows of cells (with merges), and its pagination onto pages.
//!
//! Pure: no I/O, no PDF types.

use crate::model::{Declaration, FormFields, FormLayout, Yuan, format_date, format_yuan};

use super::text::{self, Glyph};
use super::{
    BODY_SIZE, BOTTOM_MARGIN, Cell, Face, LayoutOptions, LayoutWarning, Mm, PAGE_HEIGHT, Page, Pt,
    Rect, SIDE_MARGIN, TOP_MARGIN, TextRun, baseline_offset, line_height,
};

/// Column widths of the six-column grid, left to right (sum 170 mm = A4 minus 2 × 20 mm),
/// measured from a typeset rendering of the 2026 党建服务工作经费 sample form.
pub const COLUMN_WIDTHS_MM: [f32; 6] = [25.0, 29.0, 29.0, 39.0, 24.0, 24.0];

/// Horizontal padding inside a cell, each side.
pub const CELL_PADDING_X: Mm = Mm(1.2);
/// Vertical padding inside a cell, above and below its text.
pub const CELL_PADDING_Y: Mm = Mm(0.9);
/// Fewest lines of a split goal left at the bottom of a page (fewer: the row moves on).
const MIN_SPLIT_LINES: usize = 3;
/// Top of the table on the first page (below the title and the year line).
const FIRST_TABLE_TOP: Mm = Mm(36.0);

/// Horizontal alignment of a cell's lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// Flush left (names, goal texts).
    Left,
    /// Centred (labels, values).
    Centre,
    /// Flush right (amounts).
    Right,
}

/// One cell of a row before layout: its grid position, merges, text and alignment.
#[derive(Clone, Debug)]
pub struct CellSpec {
    /// First column (0..6).
    pub col: usize,
    /// Number of columns merged.
    pub cols: usize,
    /// Number of rows merged downwards (1 = not merged).
    pub rows: usize,
    /// The lines of text, already broken to the cell's width.
    pub lines: Vec<Vec<Glyph>>,
    /// Horizontal alignment.
    pub align: Align,
    /// Whether the text hangs from the top (long goals) rather than being centred vertically.
    pub top_aligned: bool,
}

impl CellSpec {
    fn width(&self) -> Mm {
        Mm(COLUMN_WIDTHS_MM.iter().skip(self.col).take(self.cols).sum())
    }

    fn x(&self) -> Mm {
        Mm(SIDE_MARGIN.0 + COLUMN_WIDTHS_MM.iter().take(self.col).sum::<f32>())
    }

    /// Height the cell's text needs (all lines, plus padding).
    fn need(&self) -> f32 {
        content_height(self.lines.len())
    }
}

fn content_height(lines: usize) -> f32 {
    lines.max(1) as f32 * line_height(BODY_SIZE).0 + 2.0 * CELL_PADDING_Y.0
}

/// One row of the table.
#[derive(Clone, Debug, Default)]
pub struct RowSpec {
    /// The cells that start in this row.
    pub cells: Vec<CellSpec>,
    /// The row repeated at the top of a page when this row continues the table there.
    pub header: Option<usize>,
    /// A header row: never left alone at the bottom of a page.
    pub keep_with_next: bool,
    /// A long-text row that may be split between pages by lines.
    pub splittable: bool,
}

/// Collects rows and the characters no face has.
#[derive(Default)]
pub struct TableBuilder {
    /// The rows so far.
    pub rows: Vec<RowSpec>,
    /// Characters printed as 〓.
    pub warnings: Vec<LayoutWarning>,
}

impl TableBuilder {
    fn cell(
        &mut self,
        field: &str,
        text: &str,
        (col, cols, rows): (usize, usize, usize),
        align: Align,
    ) -> CellSpec {
        let width =
            Mm(COLUMN_WIDTHS_MM.iter().skip(col).take(cols).sum::<f32>() - 2.0 * CELL_PADDING_X.0);
        let mut missing = Vec::new();
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let glyphs = text::resolve(
                paragraph.trim_end_matches('\r'),
                Face::Serif,
                BODY_SIZE,
                &mut missing,
            );
            lines.extend(text::break_paragraph(&glyphs, width.to_pt()));
        }
        for m in missing {
            if !self
                .warnings
                .iter()
                .any(|w| w.character == m.character && w.field == field)
            {
                self.warnings.push(LayoutWarning {
                    field: field.to_owned(),
                    character: m.character,
                });
            }
        }
        CellSpec {
            col,
            cols,
            rows,
            lines,
            align,
            top_aligned: false,
        }
    }

    /// A centred label cell.
    fn label(&mut self, text: &str, span: (usize, usize, usize)) -> CellSpec {
        self.cell("标签", text, span, Align::Centre)
    }

    /// An amount in 元 as the form prints it (`1,139,000.00`, blank when empty), right-aligned.
    fn money(&mut self, field: &str, value: Option<Yuan>, span: (usize, usize, usize)) -> CellSpec {
        self.cell(field, &amount(value), span, Align::Right)
    }

    fn push(&mut self, cells: Vec<CellSpec>) -> usize {
        self.rows.push(RowSpec {
            cells,
            ..RowSpec::default()
        });
        self.rows.len() - 1
    }
}

fn amount(value: Option<Yuan>) -> String {
    value.map(format_yuan).unwrap_or_default()
}

fn date(value: Option<chrono::NaiveDate>) -> String {
    value.map(format_date).unwrap_or_default()
}

/// Builds the rows of `declaration`'s table (docs/form.md §1 for the current layout; the shared
/// header, money, goal and indicator parts for the 2020 and 2018 layouts).
pub fn form_rows(declaration: &Declaration, b: &mut TableBuilder) {
    let layout = declaration.layout();
    match &declaration.form {
        FormFields::Current(fields) => {
            let cells = vec![
                b.label("项目名称", (0, 1, 1)),
                b.cell(
                    "项目名称",
                    &declaration.project_name,
                    (1, 1, 1),
                    Align::Centre,
                ),
                b.label("项目性质", (2, 1, 1)),
                b.cell("项目性质", &fields.project_nature, (3, 1, 1), Align::Centre),
                b.label("项目类别", (4, 1, 1)),
                b.cell(
                    "项目类别",
                    &fields.project_category,
                    (5, 1, 1),
                    Align::Centre,
                ),
            ];
            b.push(cells);
            let cells = vec![
                b.label("主管部门", (0, 1, 1)),
                b.cell(
                    "主管部门",
                    &fields.competent_department,
                    (1, 1, 1),
                    Align::Centre,
                ),
                b.label("实施单位", (2, 1, 1)),
                b.cell(
                    "实施单位",
                    &fields.implementing_unit,
                    (3, 3, 1),
                    Align::Centre,
                ),
            ];
            b.push(cells);
            date_row(declaration, b);
            let f = &fields.funding;
            let cells = vec![
                b.label("项目资金\n（元）", (0, 1, 4)),
                b.label("项目资金总额", (1, 1, 1)),
                b.money("项目资金总额", f.project_total, (2, 1, 1)),
                b.label("年度资金申请总额", (3, 1, 1)),
                b.money("年度资金申请总额", f.annual_total, (4, 2, 1)),
            ];
            b.push(cells);
            let cells = vec![
                b.label("其中：财政资金", (1, 1, 2)),
                b.money("财政资金", f.project_fiscal, (2, 1, 2)),
                b.label("其中：当年财政拨款", (3, 1, 1)),
                b.money("当年财政拨款", f.annual_appropriation, (4, 2, 1)),
            ];
            b.push(cells);
            let cells = vec![
                b.label("上年结转资金", (3, 1, 1)),
                b.money("上年结转资金", f.annual_carryover, (4, 2, 1)),
            ];
            b.push(cells);
            let cells = vec![
                b.label("其他资金", (1, 1, 1)),
                b.money("其他资金", f.project_other, (2, 1, 1)),
                b.label("其他资金", (3, 1, 1)),
                b.money("其他资金", f.annual_other, (4, 2, 1)),
            ];
            b.push(cells);
        }
        FormFields::Y2020(fields) => {
            legacy_header(declaration, &fields.declaring_unit, b);
            let procurement = match fields.includes_government_procurement {
                Some(true) => "是",
                Some(false) => "否",
                None => "",
            };
            let cells = vec![
                b.label("项目类别", (0, 1, 1)),
                b.cell(
                    "项目类别",
                    &fields.project_category,
                    (1, 1, 1),
                    Align::Centre,
                ),
                b.label("是否含有政府购买服务", (2, 1, 1)),
                b.cell(
                    "是否含有政府购买服务",
                    procurement,
                    (3, 1, 1),
                    Align::Centre,
                ),
                b.label("绩效类型", (4, 1, 1)),
                b.cell(
                    "绩效类型",
                    &fields.performance_type,
                    (5, 1, 1),
                    Align::Centre,
                ),
            ];
            b.push(cells);
            legacy_texts(&fields.texts, b);
            legacy_budget(&fields.budget, b);
        }
        FormFields::Y2018(fields) => {
            legacy_header(declaration, &fields.declaring_unit, b);
            let cells = vec![
                b.label("项目类型", (0, 1, 1)),
                b.cell("项目类型", &fields.project_type, (1, 2, 1), Align::Centre),
                b.label("资金用途", (3, 1, 1)),
                b.cell("资金用途", &fields.fund_use, (4, 2, 1), Align::Centre),
            ];
            b.push(cells);
            legacy_texts(&fields.texts, b);
            legacy_budget(&fields.budget, b);
            if !fields.sub_budgets.is_empty() {
                let count = fields.sub_budgets.len();
                let mut cells = vec![
                    b.label("项目当年投入资金构成", (0, 1, count + 1)),
                    b.label("子项目名称", (1, 3, 1)),
                    b.label("预算金额（元）", (4, 2, 1)),
                ];
                let header = b.push(std::mem::take(&mut cells));
                if let Some(row) = b.rows.get_mut(header) {
                    row.keep_with_next = true;
                }
                for sub in &fields.sub_budgets {
                    let cells = vec![
                        b.cell("子项目名称", &sub.name, (1, 3, 1), Align::Left),
                        b.money("预算金额", sub.amount, (4, 2, 1)),
                    ];
                    b.rows.push(RowSpec {
                        cells,
                        header: Some(header),
                        keep_with_next: false,
                        splittable: false,
                    });
                }
            }
        }
    }
    goal_rows(declaration, layout, b);
    indicator_rows(declaration, layout, b);
    if let FormFields::Y2018(fields) = &declaration.form
        && !fields.remarks.trim().is_empty()
    {
        let mut cell = b.cell("备注", &fields.remarks, (1, 5, 1), Align::Left);
        cell.top_aligned = true;
        let cells = vec![b.label("备注", (0, 1, 1)), cell];
        b.rows.push(RowSpec {
            cells,
            header: None,
            keep_with_next: false,
            splittable: true,
        });
    }
}

fn date_row(declaration: &Declaration, b: &mut TableBuilder) {
    // The 2018 form says 开始时间 / 结束时间 (sample form `forms-2018.txt`); the others 计划开始日期 / 计划完成日期.
    let (start, end) = match declaration.layout() {
        FormLayout::Y2018 => ("开始时间", "结束时间"),
        FormLayout::Current | FormLayout::Y2020 => ("计划开始日期", "计划完成日期"),
    };
    let cells = vec![
        b.label(start, (0, 1, 1)),
        b.cell(
            start,
            &date(declaration.planned_start),
            (1, 1, 1),
            Align::Centre,
        ),
        b.label(end, (2, 1, 1)),
        b.cell(
            end,
            &date(declaration.planned_end),
            (3, 3, 1),
            Align::Centre,
        ),
    ];
    b.push(cells);
}

fn legacy_header(declaration: &Declaration, declaring_unit: &str, b: &mut TableBuilder) {
    let cells = vec![
        b.label("项目名称", (0, 1, 1)),
        b.cell(
            "项目名称",
            &declaration.project_name,
            (1, 2, 1),
            Align::Centre,
        ),
        b.label("申报单位名称", (3, 1, 1)),
        b.cell("申报单位名称", declaring_unit, (4, 2, 1), Align::Centre),
    ];
    b.push(cells);
    date_row(declaration, b);
}

/// 项目概况 … 项目实施计划 of the 2020 and 2018 layouts: one row each, label and wrapped text.
fn legacy_texts(texts: &crate::model::ProjectTexts, b: &mut TableBuilder) {
    for (label, text) in [
        ("项目概况", &texts.project_overview),
        ("立项依据", &texts.legal_basis),
        ("项目设立的必要性", &texts.necessity),
        ("保证项目实施的制度、措施", &texts.safeguards),
        ("项目实施计划", &texts.implementation_plan),
    ] {
        let mut cell = b.cell(label, text, (1, 5, 1), Align::Left);
        cell.top_aligned = true;
        let cells = vec![b.label(label, (0, 1, 1)), cell];
        b.rows.push(RowSpec {
            cells,
            header: None,
            keep_with_next: false,
            splittable: true,
        });
    }
}

fn legacy_budget(budget: &crate::model::LegacyBudget, b: &mut TableBuilder) {
    let cells = vec![
        b.label("项目总预算（元）", (0, 1, 1)),
        b.money("项目总预算", budget.project_budget, (1, 2, 1)),
        b.label("项目当年预算（元）", (3, 1, 1)),
        b.money("项目当年预算", budget.annual_budget, (4, 2, 1)),
    ];
    b.push(cells);
    let cells = vec![
        b.label("同名项目上年预算额（元）", (0, 1, 1)),
        b.money("同名项目上年预算额", budget.prior_year_budget, (1, 2, 1)),
        b.label("同名项目上年预算执行数（元）", (3, 1, 1)),
        b.money("同名项目上年预算执行数", budget.prior_year_spent, (4, 2, 1)),
    ];
    b.push(cells);
}

fn goal_rows(declaration: &Declaration, layout: FormLayout, b: &mut TableBuilder) {
    // The 2020 form has one goal, 总目标及阶段性目标, across the whole width (sample form `forms-2020.txt`).
    let goals: &[(&str, &str, (usize, usize, usize))] = match layout {
        FormLayout::Current => &[
            ("项目总目标", &declaration.overall_goal, (1, 2, 1)),
            ("年度总体目标", &declaration.annual_goal, (3, 3, 1)),
        ],
        FormLayout::Y2020 => &[("总目标及阶段性目标", &declaration.overall_goal, (1, 5, 1))],
        FormLayout::Y2018 => &[
            ("项目总目标", &declaration.overall_goal, (1, 2, 1)),
            ("年度绩效目标", &declaration.annual_goal, (3, 3, 1)),
        ],
    };
    let mut cells = vec![b.label("项目绩效目标", (0, 1, 2))];
    cells.extend(goals.iter().map(|(label, _, place)| b.label(label, *place)));
    let header = b.push(cells);
    if let Some(row) = b.rows.get_mut(header) {
        row.keep_with_next = true;
    }
    let cells = goals
        .iter()
        .map(|(label, text, place)| {
            let mut cell = b.cell(label, text, *place, Align::Left);
            cell.top_aligned = true;
            cell
        })
        .collect();
    b.rows.push(RowSpec {
        cells,
        header: Some(header),
        keep_with_next: false,
        splittable: true,
    });
}

/// The 绩效指标 rows: header, then one row per level-3 indicator; a level-1 or level-2 group
/// without children still prints one row so the tree's shape shows.
fn indicator_rows(declaration: &Declaration, layout: FormLayout, b: &mut TableBuilder) {
    let notation = layout.target_notation();
    // (level1 index, level2 index, level-3 name, value)
    let mut flat: Vec<(usize, Option<usize>, String, String)> = Vec::new();
    for (i1, level1) in declaration.indicators.iter().enumerate() {
        if level1.children.is_empty() {
            flat.push((i1, None, String::new(), String::new()));
        }
        for (i2, level2) in level1.children.iter().enumerate() {
            if level2.children.is_empty() {
                flat.push((i1, Some(i2), String::new(), String::new()));
            }
            for level3 in &level2.children {
                let value = level3
                    .target
                    .as_ref()
                    .map(|t| t.display(notation))
                    .unwrap_or_default();
                flat.push((i1, Some(i2), level3.name.clone(), value));
            }
        }
    }
    if flat.is_empty() {
        flat.push((usize::MAX, None, String::new(), String::new()));
    }
    let headers = layout.indicator_headers();
    let [h1, h2, h3, h4] = headers;
    // The 2018 layout has no level-2 column: its level-1 cells take both columns.
    let has_level2 = layout.has_level2();
    let level1_cols = if has_level2 { 1 } else { 2 };
    let mut cells = vec![
        b.label("绩效指标", (0, 1, flat.len() + 1)),
        b.label(h1, (1, level1_cols, 1)),
    ];
    if has_level2 {
        cells.push(b.label(h2, (2, 1, 1)));
    }
    cells.push(b.label(h3, (3, 1, 1)));
    cells.push(b.label(h4, (4, 2, 1)));
    let header = b.push(cells);
    if let Some(row) = b.rows.get_mut(header) {
        row.keep_with_next = true;
    }
    let mut index = 0;
    while let Some(&(i1, _, _, _)) = flat.get(index) {
        let level1_rows = flat.iter().skip(index).take_while(|f| f.0 == i1).count();
        let level1 = declaration.indicators.get(i1);
        let mut first_of_level1 = true;
        let mut level2_start = index;
        while level2_start < index + level1_rows {
            let key = flat.get(level2_start).and_then(|f| f.1);
            let level2_rows = flat
                .iter()
                .skip(level2_start)
                .take(index + level1_rows - level2_start)
                .take_while(|f| f.1 == key)
                .count()
                .max(1);
            for offset in 0..level2_rows {
                let Some((_, _, name, value)) = flat.get(level2_start + offset).cloned() else {
                    break;
                };
                let mut cells = Vec::new();
                if first_of_level1 {
                    let text = level1.map(|l| l.name.as_str()).unwrap_or_default();
                    cells.push(b.cell(
                        "一级指标",
                        text,
                        (1, level1_cols, level1_rows),
                        Align::Centre,
                    ));
                    first_of_level1 = false;
                }
                if offset == 0 && has_level2 {
                    let text = key
                        .and_then(|k| level1.and_then(|l| l.children.get(k)))
                        .map(|l| l.name.as_str())
                        .unwrap_or_default();
                    cells.push(b.cell("二级指标", text, (2, 1, level2_rows), Align::Centre));
                }
                cells.push(b.cell("三级指标", &name, (3, 1, 1), Align::Left));
                cells.push(b.cell("指标值", &value, (4, 2, 1), Align::Centre));
                b.rows.push(RowSpec {
                    cells,
                    header: Some(header),
                    keep_with_next: false,
                    splittable: false,
                });
            }
            level2_start += level2_rows;
        }
        index += level1_rows;
    }
}

/// A row placed on a page: which row, where, how tall, and which lines of each of its
/// single-row cells it shows (a split row shows a slice on each page).
#[derive(Clone, Debug)]
struct Placed {
    row: usize,
    y: f32,
    height: f32,
    lines: Vec<(usize, usize)>,
    repeated_header: bool,
}

/// A merged-down cell: rows `start..=end`, the cell in row `start`.
struct Span {
    start: usize,
    end: usize,
    cell: usize,
    need: f32,
}

/// Paginates `rows` onto pages: the first page starts below `first_page_runs` (title, year
/// line); a row that does not fit moves to the next page with its header row repeated; merged
/// cells split between pages repeat their label; a long-text row taller than what is left is
/// split by lines. Adds the signature block after the table when asked.
pub(super) fn layout_rows(
    rows: &[RowSpec],
    form: usize,
    first_page_runs: &[TextRun],
    options: LayoutOptions,
    warnings: &mut Vec<LayoutWarning>,
) -> Vec<Page> {
    let spans: Vec<Span> = rows
        .iter()
        .enumerate()
        .flat_map(|(r, row)| {
            row.cells
                .iter()
                .enumerate()
                .filter(|(_, c)| c.rows > 1)
                .map(move |(i, c)| Span {
                    start: r,
                    end: (r + c.rows - 1).min(rows.len().saturating_sub(1)),
                    cell: i,
                    need: c.need(),
                })
        })
        .collect();
    let bottom = PAGE_HEIGHT.0 - BOTTOM_MARGIN.0;
    let line = line_height(BODY_SIZE).0;
    let mut pages: Vec<Vec<Placed>> = Vec::new();
    let mut next = 0;
    let mut carry: Option<Vec<usize>> = None;
    let mut last_y = FIRST_TABLE_TOP.0;
    while next < rows.len() {
        let top = if pages.is_empty() {
            FIRST_TABLE_TOP.0
        } else {
            TOP_MARGIN.0
        };
        let mut placed: Vec<Placed> = Vec::new();
        let mut y = top;
        if !pages.is_empty()
            && let Some(h) = rows.get(next).and_then(|r| r.header)
            && h != next
            && let Some(header) = rows.get(h)
        {
            let height = row_need(header, &vec![0; header.cells.len()]);
            placed.push(Placed {
                row: h,
                y,
                height,
                lines: full_lines(header),
                repeated_header: true,
            });
            y += height;
        }
        let content_start = placed.len();
        while let Some(row) = rows.get(next) {
            let offsets = carry.take().unwrap_or_else(|| vec![0; row.cells.len()]);
            let base = row_need(row, &offsets);
            let grown = base + deficit(next, base, &spans, &placed);
            let ranges: Vec<(usize, usize)> = row
                .cells
                .iter()
                .zip(&offsets)
                .map(|(c, o)| (*o, c.lines.len()))
                .collect();
            if y + grown <= bottom + 1e-3 {
                placed.push(Placed {
                    row: next,
                    y,
                    height: grown,
                    lines: ranges,
                    repeated_header: false,
                });
                y += grown;
                next += 1;
                continue;
            }
            let page_empty = placed.len() == content_start;
            let fit_lines = ((bottom - y - 2.0 * CELL_PADDING_Y.0) / line)
                .floor()
                .max(0.0) as usize;
            // Split only a row whose text is longer than what is left; short centred labels
            // beside it repeat on every part instead of being cut.
            let long = row
                .cells
                .iter()
                .zip(&offsets)
                .any(|(c, o)| c.rows == 1 && c.lines.len().saturating_sub(*o) > fit_lines);
            let first_content = placed.get(content_start).map_or(next, |p| p.row);
            let b = if page_empty {
                next
            } else {
                keep_together(next, first_content, rows, &spans, &placed)
            };
            // A merged cell that starts at the top of this page and would end here shorter than
            // its label cannot move to the next page: part of the long row goes here instead.
            let stranded = !page_empty
                && b == next
                && spans.iter().any(|s| {
                    s.start < next
                        && s.end >= next
                        && fragment_height(s, next, &placed) + 1e-3 < s.need
                });
            let can_split = long
                && ((row.splittable && fit_lines >= MIN_SPLIT_LINES)
                    || ((page_empty || stranded) && fit_lines >= 1));
            if can_split {
                let mut taken = Vec::new();
                let mut rest = Vec::new();
                for (cell, offset) in row.cells.iter().zip(&offsets) {
                    let short_label = cell.align == Align::Centre
                        && !cell.top_aligned
                        && cell.lines.len() * 2 <= fit_lines;
                    if cell.rows > 1 {
                        taken.push((*offset, cell.lines.len()));
                        rest.push(cell.lines.len());
                    } else if short_label {
                        taken.push((0, cell.lines.len()));
                        rest.push(0);
                    } else {
                        let end = (offset + fit_lines).min(cell.lines.len());
                        taken.push((*offset, end));
                        rest.push(end);
                    }
                }
                placed.push(Placed {
                    row: next,
                    y,
                    height: bottom - y,
                    lines: taken,
                    repeated_header: false,
                });
                y = bottom;
                carry = Some(rest);
                break;
            }
            if page_empty {
                // Cannot happen with a one-line row on an empty page; place it rather than loop.
                placed.push(Placed {
                    row: next,
                    y,
                    height: grown,
                    lines: ranges,
                    repeated_header: false,
                });
                y += grown;
                next += 1;
                continue;
            }
            placed.retain(|p| p.repeated_header || p.row < b);
            y = placed.last().map_or(top, |p| p.y + p.height);
            next = b;
            break;
        }
        last_y = y;
        pages.push(placed);
    }
    if pages.is_empty() {
        pages.push(Vec::new());
    }
    let page_count = pages.len();
    let mut out: Vec<Page> = pages
        .iter()
        .enumerate()
        .map(|(i, placed)| Page {
            form,
            number: i + 1,
            total: page_count,
            cells: page_cells(rows, &spans, placed),
            runs: if i == 0 {
                first_page_runs.to_vec()
            } else {
                Vec::new()
            },
            rules: Vec::new(),
        })
        .collect();
    if options.signature_block {
        signature_block(&mut out, last_y, form, warnings);
    }
    out
}

fn full_lines(row: &RowSpec) -> Vec<(usize, usize)> {
    row.cells.iter().map(|c| (0, c.lines.len())).collect()
}

/// Height the single-row cells of `row` need from `offsets` on.
fn row_need(row: &RowSpec, offsets: &[usize]) -> f32 {
    row.cells
        .iter()
        .zip(offsets)
        .filter(|(c, _)| c.rows == 1)
        .map(|(c, o)| content_height(c.lines.len().saturating_sub(*o)))
        .fold(content_height(1), f32::max)
}

/// Extra height row `r` needs so that the merged cells ending at it fit their labels.
fn deficit(r: usize, base: f32, spans: &[Span], placed: &[Placed]) -> f32 {
    spans
        .iter()
        .filter(|s| s.end == r && s.start < r)
        .map(|s| {
            let above: f32 = placed
                .iter()
                .filter(|p| p.row >= s.start && p.row < r)
                .map(|p| p.height)
                .sum();
            s.need - (above + base)
        })
        .fold(0.0, f32::max)
}

/// Height of `span`'s rows placed on this page before row `before` (repeated headers aside).
fn fragment_height(span: &Span, before: usize, placed: &[Placed]) -> f32 {
    placed
        .iter()
        .filter(|p| !p.repeated_header && p.row >= span.start && p.row < before)
        .map(|p| p.height)
        .sum()
}

/// Moves a page break before row `r` earlier so that no merged cell is left on this page with
/// less height than its label needs, and no header row is left alone at the bottom.
fn keep_together(
    r: usize,
    first_content: usize,
    rows: &[RowSpec],
    spans: &[Span],
    placed: &[Placed],
) -> usize {
    let mut b = r;
    loop {
        let mut changed = false;
        if b > first_content + 1
            && rows.get(b - 1).is_some_and(|row| row.keep_with_next)
            && placed.iter().any(|p| !p.repeated_header && p.row == b - 1)
        {
            b -= 1;
            changed = true;
        }
        let open: Vec<&Span> = spans.iter().filter(|s| s.start < b && s.end >= b).collect();
        for span in open {
            let fragment: Vec<&Placed> = placed
                .iter()
                .filter(|p| !p.repeated_header && p.row >= span.start && p.row < b)
                .collect();
            let Some(fragment_start) = fragment.iter().map(|p| p.row).min() else {
                continue;
            };
            let height: f32 = fragment.iter().map(|p| p.height).sum();
            if height + 1e-3 < span.need && fragment_start > first_content {
                b = fragment_start;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    // Moving the break must leave a body row on this page, not just a header.
    let body_left = placed.iter().any(|p| {
        !p.repeated_header && p.row < b && rows.get(p.row).is_some_and(|row| !row.keep_with_next)
    });
    if b <= first_content || !body_left {
        r
    } else {
        b
    }
}

/// The cells of one page: each placed row's single-row cells, then each merged cell's fragment.
fn page_cells(rows: &[RowSpec], spans: &[Span], placed: &[Placed]) -> Vec<Cell> {
    let mut cells = Vec::new();
    for p in placed {
        let Some(row) = rows.get(p.row) else { continue };
        for (cell, (from, to)) in row.cells.iter().zip(&p.lines) {
            if cell.rows > 1 {
                continue;
            }
            let rect = Rect {
                x: cell.x(),
                y: Mm(p.y),
                width: cell.width(),
                height: Mm(p.height),
            };
            let lines = cell.lines.get(*from..*to).unwrap_or_default();
            cells.push(Cell {
                rect,
                runs: place_lines(cell, lines, rect),
            });
        }
    }
    for span in spans {
        let fragment: Vec<&Placed> = placed
            .iter()
            .filter(|p| p.row >= span.start && p.row <= span.end)
            .collect();
        let Some(top) = fragment.iter().map(|p| p.y).reduce(f32::min) else {
            continue;
        };
        let bottom = fragment.iter().map(|p| p.y + p.height).fold(top, f32::max);
        let Some(cell) = rows.get(span.start).and_then(|r| r.cells.get(span.cell)) else {
            continue;
        };
        let rect = Rect {
            x: cell.x(),
            y: Mm(top),
            width: cell.width(),
            height: Mm(bottom - top),
        };
        let fit = (((bottom - top - 2.0 * CELL_PADDING_Y.0) / line_height(BODY_SIZE).0) + 1e-3)
            .floor()
            .max(0.0) as usize;
        let lines = cell
            .lines
            .get(..cell.lines.len().min(fit))
            .unwrap_or_default();
        cells.push(Cell {
            rect,
            runs: place_lines(cell, lines, rect),
        });
    }
    cells
}

/// Positions `lines` inside `rect` by the cell's alignment; one run per face change.
fn place_lines(cell: &CellSpec, lines: &[Vec<Glyph>], rect: Rect) -> Vec<TextRun> {
    let line = line_height(BODY_SIZE).0;
    let block = lines.len() as f32 * line;
    let top = if cell.top_aligned {
        rect.y.0 + CELL_PADDING_Y.0
    } else {
        rect.y.0 + (rect.height.0 - block) / 2.0
    };
    let inner_x = rect.x.0 + CELL_PADDING_X.0;
    let inner_width = rect.width.0 - 2.0 * CELL_PADDING_X.0;
    let mut runs = Vec::new();
    for (i, glyphs) in lines.iter().enumerate() {
        let width = text::line_width(glyphs).to_mm().0;
        let mut x = match cell.align {
            Align::Left => inner_x,
            Align::Centre => inner_x + (inner_width - width) / 2.0,
            Align::Right => inner_x + inner_width - width,
        }
        .max(inner_x);
        let y = top + i as f32 * line;
        let mut start = 0;
        while start < glyphs.len() {
            let face = glyphs.get(start).map_or(Face::Serif, |g| g.face);
            let len = glyphs
                .iter()
                .skip(start)
                .take_while(|g| g.face == face)
                .count();
            let slice = glyphs.get(start..start + len).unwrap_or_default();
            let run_width = text::line_width(slice).to_mm().0;
            runs.push(TextRun {
                text: slice.iter().map(|g| g.character).collect(),
                face,
                size: BODY_SIZE,
                x: Mm(x),
                y: Mm(y),
                baseline: Mm(y + baseline_offset(BODY_SIZE).0),
                width: Mm(run_width),
            });
            x += run_width;
            start += len;
        }
    }
    runs
}

/// The optional signature block (docs/form.md §8): 填报单位（盖章）, 填报日期, 单位负责人,
/// 财务负责人, 填报人, 联系电话, each label followed by a rule to write on. Placed 8 mm under
/// the table, or on a page of its own when it does not fit.
fn signature_block(
    pages: &mut Vec<Page>,
    table_bottom: f32,
    form: usize,
    warnings: &mut Vec<LayoutWarning>,
) {
    const ROW_GAP: f32 = 11.0;
    let block_height = 3.0 * ROW_GAP;
    let bottom = PAGE_HEIGHT.0 - BOTTOM_MARGIN.0;
    let mut top = table_bottom + 8.0;
    if top + block_height > bottom || pages.is_empty() {
        let number = pages.len() + 1;
        pages.push(Page {
            form,
            number,
            total: number,
            cells: Vec::new(),
            runs: Vec::new(),
            rules: Vec::new(),
        });
        top = TOP_MARGIN.0;
    }
    let Some(page) = pages.last_mut() else { return };
    let items = [
        ("填报单位（盖章）：", "填报日期：     年   月   日"),
        ("单位负责人：", "财务负责人："),
        ("填报人：", "联系电话："),
    ];
    let columns = [SIDE_MARGIN.0, SIDE_MARGIN.0 + 90.0];
    let column_width = 80.0;
    let mut missing = Vec::new();
    for (i, (left, right)) in items.iter().enumerate() {
        let baseline = top + (i as f32 + 1.0) * ROW_GAP - 3.0;
        for (x, label) in columns.iter().zip([left, right]) {
            let glyphs = text::resolve(label, Face::Serif, Pt(10.5), &mut missing);
            let width = text::line_width(&glyphs).to_mm().0;
            page.runs.push(TextRun {
                text: glyphs.iter().map(|g| g.character).collect(),
                face: Face::Serif,
                size: Pt(10.5),
                x: Mm(*x),
                y: Mm(baseline - baseline_offset(Pt(10.5)).0),
                baseline: Mm(baseline),
                width: Mm(width),
            });
            if !label.contains('年') {
                page.rules.push((
                    (Mm(x + width + 1.0), Mm(baseline + 1.0)),
                    (Mm(x + column_width), Mm(baseline + 1.0)),
                ));
            }
        }
    }
    warnings.extend(missing.into_iter().map(|m| LayoutWarning {
        field: "签章栏".to_owned(),
        character: m.character,
    }));
}
