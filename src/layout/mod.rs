//! Page layout of the printed form: a [`Declaration`] becomes A4 pages of positioned cells,
//! rules and text runs, with lengths as newtypes ([`Mm`], [`Pt`]).
//!
//! This stage is pure: no I/O, no PDF types, no egui. The PDF writer ([`crate::pdf`]) and the
//! in-app print preview both paint these pages, so they can never disagree. It depends only on
//! [`crate::model`] and the bundled font bytes ([`crate::fonts`]) for glyph advances.
//!
//! The table follows docs/form.md §1 and a typeset rendering of the first and fourth 2026 sample
//! forms made with another typesetter: six columns, merged label cells, amounts right-aligned, goals wrapped.

mod table;
pub mod text;

use crate::model::{Declaration, FormLayout};

use table::layout_rows;
pub use table::{CELL_PADDING_X, CELL_PADDING_Y, COLUMN_WIDTHS_MM};

/// A length in millimetres (page geometry). Origin of page coordinates is the top-left corner,
/// y grows downwards.
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd)]
pub struct Mm(pub f32);

/// A length in typographic points (1/72 inch): font sizes and advances.
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd)]
pub struct Pt(pub f32);

/// Millimetres per point.
const MM_PER_PT: f32 = 25.4 / 72.0;

impl Pt {
    /// The same length in millimetres.
    pub fn to_mm(self) -> Mm {
        Mm(self.0 * MM_PER_PT)
    }
}

impl Mm {
    /// The same length in points.
    pub fn to_pt(self) -> Pt {
        Pt(self.0 / MM_PER_PT)
    }
}

/// A4 portrait width.
pub const PAGE_WIDTH: Mm = Mm(210.0);
/// A4 portrait height.
pub const PAGE_HEIGHT: Mm = Mm(297.0);
/// Left and right margin (as the reference renderings: 20 mm).
pub const SIDE_MARGIN: Mm = Mm(20.0);
/// Top margin, above the title or the continued table.
pub const TOP_MARGIN: Mm = Mm(18.0);
/// Bottom margin; the page footer sits inside it.
pub const BOTTOM_MARGIN: Mm = Mm(20.0);
/// Baseline of the footer 「第 N 页 共 M 页」, from the top of the page.
pub const FOOTER_BASELINE: Mm = Mm(285.0);
/// Size of the title 「财政项目支出绩效目标申报表」 (Sans face).
pub const TITLE_SIZE: Pt = Pt(16.0);
/// Size of the table body, the year line and the footer (serif face).
pub const BODY_SIZE: Pt = Pt(10.0);
/// Line height of body text, as a multiple of its size.
pub const LINE_SPACING: f32 = 1.3;

/// Which bundled face a run prints in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Face {
    /// [`crate::fonts::FORM_SERIF`], the 宋体-like body face.
    Serif,
    /// [`crate::fonts::SANS`], the 黑体-like title face and fallback for the serif's gaps.
    Sans,
}

/// A rectangle on the page, top-left origin, in millimetres.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    /// Left edge from the page's left edge.
    pub x: Mm,
    /// Top edge from the page's top edge.
    pub y: Mm,
    /// Width.
    pub width: Mm,
    /// Height.
    pub height: Mm,
}

impl Rect {
    /// Whether `other` lies inside this rectangle (with a 0.01 mm tolerance for rounding).
    pub fn contains(&self, other: &Rect) -> bool {
        const EPS: f32 = 0.01;
        other.x.0 >= self.x.0 - EPS
            && other.y.0 >= self.y.0 - EPS
            && other.x.0 + other.width.0 <= self.x.0 + self.width.0 + EPS
            && other.y.0 + other.height.0 <= self.y.0 + self.height.0 + EPS
    }
}

/// One run of text in one face and size, on one line.
#[derive(Clone, Debug, PartialEq)]
pub struct TextRun {
    /// The characters printed (missing glyphs already replaced by 〓).
    pub text: String,
    /// The face.
    pub face: Face,
    /// Font size.
    pub size: Pt,
    /// Left edge of the run.
    pub x: Mm,
    /// Top of the run's line box (line height = size × [`LINE_SPACING`]).
    pub y: Mm,
    /// Baseline, from the top of the page.
    pub baseline: Mm,
    /// Advance width of the run.
    pub width: Mm,
}

impl TextRun {
    /// The run's line box.
    pub fn rect(&self) -> Rect {
        Rect {
            x: self.x,
            y: self.y,
            width: self.width,
            height: Mm(self.size.to_mm().0 * LINE_SPACING),
        }
    }
}

/// A bordered table cell (merged cells are one cell) and the text inside it.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    /// The cell's border rectangle.
    pub rect: Rect,
    /// The text runs, all inside `rect`.
    pub runs: Vec<TextRun>,
}

/// One laid-out page.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    /// Index of the declaration this page belongs to, in the slice given to the printer.
    pub form: usize,
    /// 1-based page number within its form.
    pub number: usize,
    /// Number of pages of its form.
    pub total: usize,
    /// The table cells on this page.
    pub cells: Vec<Cell>,
    /// Text outside the table: title, year line, signature block, footer.
    pub runs: Vec<TextRun>,
    /// Rules outside the table (signature lines), as (start, end) points.
    pub rules: Vec<((Mm, Mm), (Mm, Mm))>,
}

/// Choices of what to print besides the form itself.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LayoutOptions {
    /// Print the signature block (docs/form.md §8) after the table; off by default.
    pub signature_block: bool,
}

/// A character no bundled face has, found while laying out a form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayoutWarning {
    /// The field it was found in, e.g. `项目名称`.
    pub field: String,
    /// The character as written.
    pub character: char,
}

/// A laid-out declaration: its pages and the characters it could not print.
#[derive(Clone, Debug, PartialEq)]
pub struct LaidOutForm {
    /// The pages, in order; at least one.
    pub pages: Vec<Page>,
    /// Characters printed as 〓 instead.
    pub warnings: Vec<LayoutWarning>,
}

/// The printable area: inside the margins (the footer lives in the bottom margin).
pub fn printable_area() -> Rect {
    Rect {
        x: SIDE_MARGIN,
        y: TOP_MARGIN,
        width: Mm(PAGE_WIDTH.0 - 2.0 * SIDE_MARGIN.0),
        height: Mm(PAGE_HEIGHT.0 - TOP_MARGIN.0 - BOTTOM_MARGIN.0),
    }
}

/// Lays out one declaration (form number `form` in the printed batch) on A4 pages.
///
/// The current layout is printed as docs/form.md §1. The 2020 and 2018 layouts are printed in the
/// same six-column grid with their own fields (docs/form.md §6: 申报单位名称, 项目类别/类型, the five
/// long texts, the budget block, 2018's 项目当年投入资金构成 and 备注) but not their original
/// column geometry, which no reference rendering shows. Each form's pages are numbered
/// 「第 N 页 共 M 页」 on their own. Never fails: characters no face has print as 〓 and are
/// listed in [`LaidOutForm::warnings`].
pub fn layout_declaration(
    declaration: &Declaration,
    form: usize,
    options: LayoutOptions,
) -> LaidOutForm {
    let mut builder = table::TableBuilder::default();
    table::form_rows(declaration, &mut builder);
    let layout = declaration.layout();
    let mut pages = layout_rows(
        &builder.rows,
        form,
        &title_runs(layout, declaration.fiscal_year, &mut builder.warnings),
        options,
        &mut builder.warnings,
    );
    let total = pages.len();
    for page in &mut pages {
        page.total = total;
        let footer = format!("第 {} 页 共 {} 页", page.number, total);
        page.runs.push(centred_run(
            &footer,
            Face::Serif,
            Pt(9.0),
            FOOTER_BASELINE,
            &mut Vec::new(),
        ));
    }
    LaidOutForm {
        pages,
        warnings: builder.warnings,
    }
}

/// The title and year line at the top of the first page, centred.
fn title_runs(
    layout: FormLayout,
    fiscal_year: i32,
    warnings: &mut Vec<LayoutWarning>,
) -> Vec<TextRun> {
    let mut missing = Vec::new();
    let title_baseline = Mm(TOP_MARGIN.0 + TITLE_SIZE.to_mm().0);
    let year_baseline = Mm(title_baseline.0 + 8.0);
    let runs = vec![
        centred_run(
            layout.title(),
            Face::Sans,
            TITLE_SIZE,
            title_baseline,
            &mut missing,
        ),
        centred_run(
            &layout.year_line(fiscal_year),
            Face::Serif,
            Pt(10.5),
            year_baseline,
            &mut missing,
        ),
    ];
    warnings.extend(missing.into_iter().map(|m| LayoutWarning {
        field: "标题".to_owned(),
        character: m.character,
    }));
    runs
}

/// A one-line run centred on the page at `baseline`.
fn centred_run(
    text: &str,
    face: Face,
    size: Pt,
    baseline: Mm,
    missing: &mut Vec<text::MissingChar>,
) -> TextRun {
    let glyphs = text::resolve(text, face, size, missing);
    let width = text::line_width(&glyphs).to_mm();
    let printed: String = glyphs.iter().map(|g| g.character).collect();
    TextRun {
        text: printed,
        face,
        size,
        x: Mm((PAGE_WIDTH.0 - width.0) / 2.0),
        y: Mm(baseline.0 - baseline_offset(size).0),
        baseline,
        width,
    }
}

/// Distance from the top of a line box to its baseline: the em box centred in the line, with
/// the baseline 0.88 em below the em box's top (Noto CJK's ideographic em box).
pub fn baseline_offset(size: Pt) -> Mm {
    let line = size.to_mm().0 * LINE_SPACING;
    Mm((line - size.to_mm().0) / 2.0 + size.to_mm().0 * 0.88)
}

/// Height of one line of text at `size`.
pub fn line_height(size: Pt) -> Mm {
    Mm(size.to_mm().0 * LINE_SPACING)
}
