//! The printed table as one grid of columns and rows, for writers that place whole cells on a
//! sheet rather than text on a page (the workbook export, `crate::export::xlsx`).
//!
//! The older layouts print their sections on different column grids (the 2020 target table is
//! not on the 2020 field grid); here every cell edge of every section becomes a column edge, so
//! each cell covers whole columns, merged as printed. Row heights are what the print needs at
//! the printed column widths, before pagination.
//!
//! Pure: no I/O. Depends on the rest of the layout and on the model.

use crate::model::{Declaration, Field, FormFields, Path};

use super::table::{Align, CellValue, RowSpec, content_height};
use super::text::WORD_JOINER;
use super::{BODY_SIZE, SIDE_MARGIN, rows};

/// Cell edges closer than this (mm) are the same edge (the grids are given in whole mm).
const EDGE_TOLERANCE_MM: f32 = 0.05;

/// A declaration's printed table on one grid.
#[derive(Clone, Debug, PartialEq)]
pub struct FormGrid {
    /// The form's title, e.g. 「财政项目支出绩效目标申报表」.
    pub title: &'static str,
    /// The line under the title, e.g. `(2026年度)`.
    pub year_line: String,
    /// The line above the table on the 2020 and 2018 forms, 「申报单位名称：…」; `None` on the
    /// current layout.
    pub declaring_unit_line: Option<String>,
    /// Width of each column in mm, left to right; they add up to the printed width (170 mm).
    pub column_widths_mm: Vec<f32>,
    /// The table's rows, top to bottom.
    pub rows: Vec<GridRow>,
    /// The index in [`FormGrid::rows`] of the target table's column header, printed again on
    /// each page the table runs onto.
    pub indicator_header: Option<usize>,
}

/// One row of the grid.
#[derive(Clone, Debug, PartialEq)]
pub struct GridRow {
    /// Height in mm the row's text needs at the printed sizes (merged cells included: a cell
    /// merged down over several rows adds what it lacks to the last of them).
    pub height_mm: f32,
    /// The cells that start in this row, left to right.
    pub cells: Vec<GridCell>,
}

/// One cell, merged over `columns` × `rows` from its top-left corner.
#[derive(Clone, Debug, PartialEq)]
pub struct GridCell {
    /// First column (0-based).
    pub column: usize,
    /// Number of columns merged (at least 1).
    pub columns: usize,
    /// Number of rows merged downwards (at least 1).
    pub rows: usize,
    /// The content, whole (check-box lists without the print's word joiners).
    pub value: CellValue,
    /// Horizontal alignment as printed.
    pub align: Align,
    /// Whether the text hangs from the top (long texts) rather than being centred vertically.
    pub top_aligned: bool,
    /// What the cell shows; `None` for labels, headings and headers.
    pub path: Option<Path>,
}

/// The printed table of `declaration` on one grid (see the module docs).
pub fn form_grid(declaration: &Declaration) -> FormGrid {
    let builder = rows::form_rows(declaration);
    let table = &builder.rows;
    let mut edges: Vec<f32> = vec![0.0];
    for cell in table.iter().flat_map(|row| &row.cells) {
        let left = cell.x.0 - SIDE_MARGIN.0;
        add_edge(&mut edges, left);
        add_edge(&mut edges, left + cell.width.0);
    }
    edges.sort_by(f32::total_cmp);
    let column_of = |x: f32| {
        edges
            .iter()
            .position(|edge| (edge - x).abs() < EDGE_TOLERANCE_MM)
            .unwrap_or(0)
    };
    let mut rows: Vec<GridRow> = table
        .iter()
        .map(|row| GridRow {
            height_mm: single_row_need(row),
            cells: row
                .cells
                .iter()
                .map(|cell| {
                    let left = cell.x.0 - SIDE_MARGIN.0;
                    let first = column_of(left);
                    let last = column_of(left + cell.width.0).max(first + 1);
                    GridCell {
                        column: first,
                        columns: last - first,
                        rows: cell.rows.max(1),
                        value: match &cell.value {
                            CellValue::Text(text) => CellValue::Text(text.replace(WORD_JOINER, "")),
                            money @ CellValue::Money(_) => money.clone(),
                        },
                        align: cell.align,
                        top_aligned: cell.top_aligned,
                        path: cell.path,
                    }
                })
                .collect(),
        })
        .collect();
    // A cell merged down gets what it lacks on the last of its rows.
    for (start, row) in table.iter().enumerate() {
        for cell in row.cells.iter().filter(|cell| cell.rows > 1) {
            let end = (start + cell.rows).min(rows.len());
            let have: f32 = rows
                .get(start..end)
                .unwrap_or_default()
                .iter()
                .map(|row| row.height_mm)
                .sum();
            if let Some(last) = end.checked_sub(1).and_then(|last| rows.get_mut(last)) {
                last.height_mm += (cell.need() - have).max(0.0);
            }
        }
    }
    let layout = declaration.layout();
    // The target table's column header: the row holding its first header cell, 一级指标 (2020:
    // 一级目标; 2018: 分解目标内容), as a label.
    let [first_header, ..] = layout.indicator_headers();
    let indicator_header = rows.iter().position(|row| {
        row.cells.iter().any(|cell| {
            cell.path.is_none() && cell.value == CellValue::Text(first_header.to_owned())
        })
    });
    let declaring_unit_line = match &declaration.form {
        FormFields::Current(_) => None,
        FormFields::Y2020(_) | FormFields::Y2018(_) => Some(format!(
            "{}：{}",
            layout.field_label(Field::DeclaringUnit),
            declaration.text(Field::DeclaringUnit).unwrap_or_default()
        )),
    };
    FormGrid {
        title: layout.title(),
        year_line: layout.year_line(declaration.fiscal_year),
        declaring_unit_line,
        column_widths_mm: edges.windows(2).map(|pair| pair[1] - pair[0]).collect(),
        rows,
        indicator_header,
    }
}

/// Adds `x` to `edges` unless an edge is already there.
fn add_edge(edges: &mut Vec<f32>, x: f32) {
    if !edges
        .iter()
        .any(|edge| (edge - x).abs() < EDGE_TOLERANCE_MM)
    {
        edges.push(x);
    }
}

/// Height the row's one-row cells need (one empty line at least).
fn single_row_need(row: &RowSpec) -> f32 {
    row.cells
        .iter()
        .filter(|cell| cell.rows <= 1)
        .map(super::table::CellSpec::need)
        .fold(content_height(1, BODY_SIZE), f32::max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FormLayout;

    #[test]
    fn every_layouts_cells_cover_whole_columns_within_the_grid() {
        for layout in FormLayout::ALL {
            let declaration = Declaration::empty(layout, 2026);
            let grid = form_grid(&declaration);
            let width: f32 = grid.column_widths_mm.iter().sum();
            assert!((width - 170.0).abs() < 0.1, "{layout:?}: {width}");
            for row in &grid.rows {
                for cell in &row.cells {
                    assert!(cell.column + cell.columns <= grid.column_widths_mm.len());
                }
            }
            assert!(grid.indicator_header.is_some(), "{layout:?}");
        }
    }

    #[test]
    fn the_current_layout_keeps_its_six_columns() {
        let grid = form_grid(&Declaration::new_current(2026));
        assert_eq!(grid.column_widths_mm.len(), 6);
        // 项目资金（元） merged down over the four money rows.
        let money_label = grid
            .rows
            .iter()
            .flat_map(|row| &row.cells)
            .find(|cell| cell.value == CellValue::Text("项目资金\n（元）".into()));
        assert_eq!(
            money_label.map(|cell| (cell.column, cell.rows)),
            Some((0, 4))
        );
        assert_eq!(grid.declaring_unit_line, None);
    }

    #[test]
    fn the_older_layouts_join_their_section_grids() {
        // 2020: field grid 40|45|40|45 and target grid 30|32|68|40 give 7 columns.
        let grid = form_grid(&Declaration::empty(FormLayout::Y2020, 2020));
        assert_eq!(grid.column_widths_mm.len(), 7);
        assert_eq!(grid.declaring_unit_line.as_deref(), Some("申报单位名称："));
    }
}
