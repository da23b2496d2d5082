//! Page layout of the printed form: a [`Declaration`] becomes A4 pages of positioned cells,
//! rules and text runs, with lengths as newtypes ([`Mm`], [`Pt`]).
//!
//! This stage is pure: no I/O, no PDF types, no egui. The PDF writer ([`crate::pdf`]) and the
//! in-app print preview both paint these pages, so they can never disagree. It depends only on
//! [`crate::model`] and the bundled font bytes ([`crate::fonts`]) for glyph advances.
//!
//! The current layout's table follows docs/form.md §1 and a typeset rendering of the first and
//! fourth 2026 sample forms made with another typesetter: six columns, merged label cells,
//! amounts right-aligned, goals justified. The 2020 and 2018 layouts follow their sample forms
//! (docs/form.md §6). Each cell knows the [`Path`] of what it shows, so a preview can map a
//! click to a field.

mod grid;
mod paginate;
mod rows;
mod signature;
mod table;
pub mod text;

use crate::model::{Declaration, FormFields, FormLayout, Path};

pub use grid::{FormGrid, GridCell, GridRow, form_grid};
pub use signature::SIGNATURE_HEIGHT;
pub use table::{Align, CELL_PADDING_X, CELL_PADDING_Y, COLUMN_WIDTHS_MM, CellValue};

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
    /// Advance width of the run, from `x` to the end of its last character.
    pub width: Mm,
    /// Where each character of `text` starts, from `x` (one entry per `char`): natural advances,
    /// compressed punctuation and justification included, so a painter needs no font metrics.
    pub glyph_x: Vec<Mm>,
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
    /// The part of the declaration the cell shows (a value, a name, a target), for a preview
    /// that focuses the field on a click; `None` for labels and headers.
    pub path: Option<Path>,
    /// Strokes drawn inside the cell (the tick of a ticked check box), as (start, end) points.
    pub rules: Vec<((Mm, Mm), (Mm, Mm))>,
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
    /// Text outside the table: title, year line, running head, signature block, footer.
    pub runs: Vec<TextRun>,
    /// Rules outside the table (signature lines), as (start, end) points.
    pub rules: Vec<((Mm, Mm), (Mm, Mm))>,
}

impl Page {
    /// The part of the declaration shown by the cell under the point (`x`, `y`) of this page,
    /// for a preview that focuses the field on a click; `None` on a label, a header or outside
    /// the table.
    pub fn path_at(&self, x: Mm, y: Mm) -> Option<Path> {
        let point = Rect {
            x,
            y,
            width: Mm(0.0),
            height: Mm(0.0),
        };
        self.cells
            .iter()
            .find(|cell| cell.rect.contains(&point))
            .and_then(|cell| cell.path)
    }
}

/// Choices of what to print besides the form itself.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LayoutOptions {
    /// Print the signature block (docs/form.md §8) after the table; off by default.
    pub signature_block: bool,
}

/// What a layout warning is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LayoutWarningKind {
    /// A character no bundled face has; printed as 〓.
    MissingGlyph(char),
    /// An amount wider than its cell at the body size, set smaller to stay on one line.
    AmountShrunk,
    /// An amount wider than its cell even at [`MIN_AMOUNT_SIZE`]; it wraps.
    AmountWraps,
    /// A long text that runs over more than [`LONG_TEXT_PAGES`] pages.
    LongText {
        /// Pages the text touches.
        pages: usize,
    },
}

/// Something that looks wrong in the print, found while laying out a form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayoutWarning {
    /// The field, by its printed label, e.g. `项目名称`.
    pub field: String,
    /// What is wrong.
    pub kind: LayoutWarningKind,
}

impl LayoutWarning {
    /// The warning as a sentence for the user, in Chinese.
    pub fn message(&self) -> String {
        let field = &self.field;
        match &self.kind {
            LayoutWarningKind::MissingGlyph(character) => format!(
                "「{field}」中的字符「{character}」（U+{:04X}）内置字体无法显示，已打印为〓",
                u32::from(*character)
            ),
            LayoutWarningKind::AmountShrunk => {
                format!("「{field}」的金额超出格宽，已缩小字号打印")
            }
            LayoutWarningKind::AmountWraps => {
                format!("「{field}」的金额过长，缩小字号后仍需换行，请核对")
            }
            LayoutWarningKind::LongText { pages } => {
                format!("「{field}」打印后跨 {pages} 页，审核时不便阅读，建议精简")
            }
        }
    }
}

/// A laid-out declaration: its pages and what looks wrong in them.
#[derive(Clone, Debug, PartialEq)]
pub struct LaidOutForm {
    /// The pages, in order; at least one.
    pub pages: Vec<Page>,
    /// Missing characters, shrunk or wrapped amounts, texts over many pages.
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

/// Smallest size an amount is set in to stay on one line (below it, it wraps with a warning).
pub const MIN_AMOUNT_SIZE: Pt = Pt(7.0);
/// A long text running over more pages than this is reported ([`LayoutWarningKind::LongText`]).
pub const LONG_TEXT_PAGES: usize = 2;
/// Size of the running head on continuation pages and of the footer.
const SMALL_SIZE: Pt = Pt(9.0);
/// Top of the table on the first page (below the title and the year line).
const FIRST_TABLE_TOP: Mm = Mm(36.0);
/// Space between the running head (or the 申报单位名称 line) and the table.
const HEAD_GAP: Mm = Mm(2.0);

/// Lays out one declaration (form number `form` in the printed batch) on A4 pages.
///
/// Each layout prints with its own rows, order, headings and column geometry (docs/form.md §1,
/// §6; see `rows.rs`). Page 1 carries the title block (and, for the 2020 and 2018 forms, the
/// 申报单位名称 line above the table, as on their originals); every continuation page carries a
/// running head 「{项目名称}（续）」 with the form's title, and its table header rows again.
/// Each form's pages are numbered 「第 N 页 共 M 页」 on their own. The signature block, when
/// asked for, keeps with the last rows of the table. Never fails: characters no face has print
/// as 〓, and they, shrunk amounts and long texts are listed in [`LaidOutForm::warnings`].
pub fn layout_declaration(
    declaration: &Declaration,
    form: usize,
    options: LayoutOptions,
) -> LaidOutForm {
    let mut builder = rows::form_rows(declaration);
    let mut warnings = std::mem::take(&mut builder.warnings);
    let layout = declaration.layout();
    let width = printable_area().width;

    let mut first_runs = title_runs(layout, declaration.fiscal_year, &mut warnings);
    let mut first_top = FIRST_TABLE_TOP;
    if let Some(unit) = declaring_unit(declaration) {
        let text = format!("申报单位名称：{unit}");
        let (runs, bottom) = flowing_runs(&text, BODY_SIZE, SIDE_MARGIN, FIRST_TABLE_TOP, width);
        first_runs.extend(runs);
        first_top = Mm(bottom.0 + HEAD_GAP.0);
    }

    let (head_runs, head_bottom) = running_head(declaration, layout);
    let frame = paginate::PageFrame {
        first_top: first_top.0,
        next_top: head_bottom.0 + HEAD_GAP.0,
        signature: options.signature_block,
    };
    let laid = paginate::paginate(&builder.rows, &frame);
    let total = laid.len();
    let mut pages: Vec<Page> = Vec::with_capacity(total);
    for (index, (cells, table_end)) in laid.into_iter().enumerate() {
        let number = index + 1;
        let mut page = Page {
            form,
            number,
            total,
            cells,
            runs: if index == 0 {
                first_runs.clone()
            } else {
                head_runs.clone()
            },
            rules: Vec::new(),
        };
        if options.signature_block && number == total {
            signature::signature_block(&mut page, table_end, &mut warnings);
        }
        let footer = format!("第 {number} 页 共 {total} 页");
        page.runs.push(centred_run(
            &footer,
            Face::Serif,
            SMALL_SIZE,
            FOOTER_BASELINE,
            &mut Vec::new(),
        ));
        pages.push(page);
    }
    long_text_warnings(&builder.rows, &pages, &mut warnings);
    LaidOutForm { pages, warnings }
}

/// 申报单位名称 of the 2020 and 2018 forms, printed above their tables.
fn declaring_unit(declaration: &Declaration) -> Option<&str> {
    match &declaration.form {
        FormFields::Current(_) => None,
        FormFields::Y2020(fields) => Some(&fields.declaring_unit),
        FormFields::Y2018(fields) => Some(&fields.declaring_unit),
    }
}

/// The running head of continuation pages: 「{项目名称}（续）」 at the left (wrapped if long), the
/// form's title and year on the right. Returns the runs and the bottom of the head.
fn running_head(declaration: &Declaration, layout: FormLayout) -> (Vec<TextRun>, Mm) {
    let name = declaration.project_name.trim();
    let name = if name.is_empty() { "未命名" } else { name };
    let title = format!(
        "{}{}",
        layout.title(),
        layout.year_line(declaration.fiscal_year)
    );
    let mut missing = Vec::new();
    let title_glyphs = text::resolve(&title, Face::Serif, SMALL_SIZE, &mut missing);
    let title_width = text::line_width(&title_glyphs).to_mm();
    let area = printable_area();
    let left_width = Mm(area.width.0 - title_width.0 - 6.0);
    let (mut runs, bottom) = flowing_runs(
        &format!("{name}（续）"),
        SMALL_SIZE,
        SIDE_MARGIN,
        TOP_MARGIN,
        left_width,
    );
    let baseline = Mm(TOP_MARGIN.0 + baseline_offset(SMALL_SIZE).0);
    runs.push(run_from_glyphs(
        &title_glyphs,
        SMALL_SIZE,
        Mm(area.x.0 + area.width.0 - title_width.0),
        baseline,
    ));
    (runs, bottom)
}

/// `text` broken into lines of `width` from (`x`, `top`), one run per line and face. Returns the
/// runs and the bottom of the last line.
fn flowing_runs(text: &str, size: Pt, x: Mm, top: Mm, width: Mm) -> (Vec<TextRun>, Mm) {
    let glyphs = text::resolve(text, Face::Serif, size, &mut Vec::new());
    let lines = text::break_paragraph(&glyphs, width.to_pt());
    let mut runs = Vec::new();
    let mut y = top.0;
    for line in &lines {
        let baseline = Mm(y + baseline_offset(size).0);
        let mut at = x.0;
        for (_, slice) in text::face_runs(line) {
            let run = run_from_glyphs(slice, size, Mm(at), baseline);
            at += run.width.0;
            runs.push(run);
        }
        y += line_height(size).0;
    }
    (runs, Mm(y))
}

/// One run of `glyphs` (one face) at natural advances.
fn run_from_glyphs(glyphs: &[text::Glyph], size: Pt, x: Mm, baseline: Mm) -> TextRun {
    let positions = text::glyph_positions(glyphs, None, size);
    TextRun {
        text: glyphs.iter().map(|g| g.character).collect(),
        face: glyphs.first().map_or(Face::Serif, |g| g.face),
        size,
        x,
        y: Mm(baseline.0 - baseline_offset(size).0),
        baseline,
        width: text::line_width(glyphs).to_mm(),
        glyph_x: positions.iter().map(|p| p.to_mm()).collect(),
    }
}

/// Warns about each long text (goal, 2020/2018 text) that runs over more than
/// [`LONG_TEXT_PAGES`] pages.
fn long_text_warnings(rows: &[table::RowSpec], pages: &[Page], warnings: &mut Vec<LayoutWarning>) {
    for cell in rows.iter().flat_map(|r| &r.cells).filter(|c| c.justify) {
        let Some(path) = cell.path else { continue };
        let touched = pages
            .iter()
            .filter(|page| {
                page.cells
                    .iter()
                    .any(|c| c.path == Some(path) && !c.runs.is_empty())
            })
            .count();
        if touched > LONG_TEXT_PAGES {
            warnings.push(LayoutWarning {
                field: cell.field.to_owned(),
                kind: LayoutWarningKind::LongText { pages: touched },
            });
        }
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
        kind: LayoutWarningKind::MissingGlyph(m.character),
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
    let mut run = run_from_glyphs(&glyphs, size, Mm((PAGE_WIDTH.0 - width.0) / 2.0), baseline);
    run.face = face;
    run
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
