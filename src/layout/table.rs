//! The form's table before pagination: rows of cells (with merges) on a column grid, their text
//! already broken into lines, amounts sized to stay on one line.
//!
//! Pure: no I/O, no PDF types.

use crate::model::{Path, Yuan, format_yuan};

use super::text::{self, Glyph};
use super::{
    BODY_SIZE, Face, LayoutWarning, LayoutWarningKind, MIN_AMOUNT_SIZE, Mm, Pt, SIDE_MARGIN,
    line_height,
};

/// Column widths of the current layout's six-column grid, left to right (sum 170 mm = A4 minus
/// 2 × 20 mm), measured from a typeset rendering of the 2026 党建服务工作经费 sample form.
pub const COLUMN_WIDTHS_MM: [f32; 6] = [25.0, 29.0, 29.0, 39.0, 24.0, 24.0];

/// Horizontal padding inside a cell, each side.
pub const CELL_PADDING_X: Mm = Mm(1.2);
/// Vertical padding inside a cell, above and below its text.
pub const CELL_PADDING_Y: Mm = Mm(0.9);

/// Horizontal alignment of a cell's lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// Flush left (names, goal texts; justified when the cell says so).
    Left,
    /// Centred (labels, values).
    Centre,
    /// Flush right (amounts).
    Right,
}

/// One line of a cell's text, with where it sits in its paragraph.
#[derive(Clone, Debug)]
pub struct Line {
    /// The glyphs.
    pub glyphs: Vec<Glyph>,
    /// First line of its paragraph.
    pub first: bool,
    /// Last line of its paragraph (never justified).
    pub last: bool,
}

/// One cell of a row before layout: its place, merges, text and alignment.
#[derive(Clone, Debug)]
pub struct CellSpec {
    /// Left edge.
    pub x: Mm,
    /// Width.
    pub width: Mm,
    /// Number of rows merged downwards (1 = not merged).
    pub rows: usize,
    /// The lines of text, already broken to the cell's width.
    pub lines: Vec<Line>,
    /// Horizontal alignment.
    pub align: Align,
    /// Whether the text hangs from the top (long texts) rather than being centred vertically.
    pub top_aligned: bool,
    /// Whether lines other than a paragraph's last are justified (long texts).
    pub justify: bool,
    /// Font size of the text.
    pub size: Pt,
    /// The field's printed label, for warnings.
    pub field: &'static str,
    /// What the cell shows, for the preview.
    pub path: Option<Path>,
    /// The cell's content before line breaking, for writers that keep cells whole (the
    /// workbook export, [`super::grid`]).
    pub value: CellValue,
}

/// A cell's content as given to the table, before line breaking.
#[derive(Clone, Debug, PartialEq)]
pub enum CellValue {
    /// Text, paragraphs separated by `\n` (labels, names, dates, target values …).
    Text(String),
    /// An amount in 元 (`None`: blank), printed `1,139,000.00`.
    Money(Option<Yuan>),
}

impl CellSpec {
    /// Height the cell's text needs (all lines, plus padding).
    pub(super) fn need(&self) -> f32 {
        content_height(self.lines.len(), self.size)
    }
}

/// Height of `lines` lines of text at `size` in a cell, padding included.
pub(super) fn content_height(lines: usize, size: Pt) -> f32 {
    lines.max(1) as f32 * line_height(size).0 + 2.0 * CELL_PADDING_Y.0
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

/// Collects rows and warnings, placing cells on the current column grid.
pub struct TableBuilder {
    /// Column widths in mm of the grid new cells are placed on (may change between rows: the
    /// older layouts' indicator tables have their own columns).
    pub grid: &'static [f32],
    /// The rows so far.
    pub rows: Vec<RowSpec>,
    /// Characters printed as 〓, shrunk and wrapped amounts.
    pub warnings: Vec<LayoutWarning>,
}

/// A cell's place on the grid: first column, columns merged, rows merged.
pub type Span = (usize, usize, usize);

impl TableBuilder {
    /// A builder placing cells on `grid`.
    pub fn new(grid: &'static [f32]) -> Self {
        Self {
            grid,
            rows: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn place(&self, (col, cols, _): Span) -> (Mm, Mm) {
        let x = SIDE_MARGIN.0 + self.grid.iter().take(col).sum::<f32>();
        let width = self.grid.iter().skip(col).take(cols).sum::<f32>();
        (Mm(x), Mm(width))
    }

    fn warn(&mut self, field: &'static str, kind: LayoutWarningKind) {
        if !self
            .warnings
            .iter()
            .any(|w| w.field == field && w.kind == kind)
        {
            self.warnings.push(LayoutWarning {
                field: field.to_owned(),
                kind,
            });
        }
    }

    /// Breaks `text` (paragraphs split at `\n`) into lines for a cell of `width` at `size`.
    fn lines(&mut self, field: &'static str, text: &str, width: Mm, size: Pt) -> Vec<Line> {
        let inner = Mm(width.0 - 2.0 * CELL_PADDING_X.0);
        let mut missing = Vec::new();
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let glyphs = text::resolve(
                paragraph.trim_end_matches('\r'),
                Face::Serif,
                size,
                &mut missing,
            );
            let broken = text::break_paragraph(&glyphs, inner.to_pt());
            let count = broken.len();
            lines.extend(broken.into_iter().enumerate().map(|(i, glyphs)| Line {
                glyphs,
                first: i == 0,
                last: i + 1 == count,
            }));
        }
        for m in missing {
            self.warn(field, LayoutWarningKind::MissingGlyph(m.character));
        }
        lines
    }

    /// A cell showing `text` at `span`, aligned `align`, for the part `path` of the declaration.
    pub fn cell(
        &mut self,
        field: &'static str,
        text: &str,
        span: Span,
        align: Align,
        path: Option<Path>,
    ) -> CellSpec {
        let (x, width) = self.place(span);
        let lines = self.lines(field, text, width, BODY_SIZE);
        CellSpec {
            x,
            width,
            rows: span.2,
            lines,
            align,
            top_aligned: false,
            justify: false,
            size: BODY_SIZE,
            field,
            path,
            value: CellValue::Text(text.to_owned()),
        }
    }

    /// A centred label cell.
    pub fn label(&mut self, text: &'static str, span: Span) -> CellSpec {
        self.cell(text, text, span, Align::Centre, None)
    }

    /// A centred label cell with text made at run time (a year in it).
    pub fn label_text(&mut self, field: &'static str, text: &str, span: Span) -> CellSpec {
        self.cell(field, text, span, Align::Centre, None)
    }

    /// A long text: hangs from the top, justified, may be split between pages.
    pub fn long_text(
        &mut self,
        field: &'static str,
        text: &str,
        span: Span,
        path: Path,
    ) -> CellSpec {
        let mut cell = self.cell(field, text, span, Align::Left, Some(path));
        cell.top_aligned = true;
        cell.justify = true;
        cell
    }

    /// An amount in 元 as the form prints it (`1,139,000.00`, blank when empty), right-aligned
    /// on one line: set smaller, down to [`MIN_AMOUNT_SIZE`], when it is wider than the cell at
    /// the body size; wrapped (with a warning) only when even that is too wide.
    pub fn money(
        &mut self,
        field: &'static str,
        value: Option<Yuan>,
        span: Span,
        path: Path,
    ) -> CellSpec {
        let text = value.map(format_yuan).unwrap_or_default();
        let (x, width) = self.place(span);
        let inner = Mm(width.0 - 2.0 * CELL_PADDING_X.0).to_pt();
        let mut size = BODY_SIZE;
        let measure = |size: Pt| {
            text::line_width(&text::resolve(&text, Face::Serif, size, &mut Vec::new())).0
        };
        while measure(size) > inner.0 + 1e-3 && size.0 > MIN_AMOUNT_SIZE.0 {
            size = Pt((size.0 - 0.5).max(MIN_AMOUNT_SIZE.0));
        }
        if size != BODY_SIZE {
            let kind = if measure(size) > inner.0 + 1e-3 {
                LayoutWarningKind::AmountWraps
            } else {
                LayoutWarningKind::AmountShrunk
            };
            self.warn(field, kind);
        }
        let lines = self.lines(field, &text, width, size);
        CellSpec {
            x,
            width,
            rows: span.2,
            lines,
            align: Align::Right,
            top_aligned: false,
            justify: false,
            size,
            field,
            path: Some(path),
            value: CellValue::Money(value),
        }
    }

    /// Adds a row of `cells`.
    pub fn push(&mut self, cells: Vec<CellSpec>) -> usize {
        self.push_row(RowSpec {
            cells,
            ..RowSpec::default()
        })
    }

    /// Adds `row`.
    pub fn push_row(&mut self, row: RowSpec) -> usize {
        self.rows.push(row);
        self.rows.len() - 1
    }

    /// Adds a header row (kept with the row after it) and returns its index.
    pub fn push_header(&mut self, cells: Vec<CellSpec>) -> usize {
        self.push_row(RowSpec {
            cells,
            keep_with_next: true,
            ..RowSpec::default()
        })
    }
}
