//! One laid-out page as a PDF content stream: cell borders and rules as paths, text as
//! `Identity-H` glyph codes positioned by the layout (PDF 1.7 §8, §9).

use std::fmt::Write as _;

use super::PdfError;
use super::subset::FaceSubset;
use crate::layout::{Face, Mm, PAGE_HEIGHT, Page, TextRun};

/// Line width of borders and rules, in points (a hairline reads as a printed form's rule).
const RULE_WIDTH_PT: f32 = 0.6;

/// Points per millimetre.
const PT_PER_MM: f32 = 72.0 / 25.4;

fn x_pt(x: Mm) -> f32 {
    x.0 * PT_PER_MM
}

fn y_pt(y_from_top: Mm) -> f32 {
    (PAGE_HEIGHT.0 - y_from_top.0) * PT_PER_MM
}

/// The content stream of `page`: borders, rules, then all text. Glyph codes come from the two
/// face subsets, which grow with the characters used.
pub(super) fn page_content(
    page: &Page,
    serif: &mut FaceSubset,
    sans: &mut FaceSubset,
) -> Result<Vec<u8>, PdfError> {
    let mut out = String::with_capacity(4096);
    let _ = writeln!(out, "0 G {RULE_WIDTH_PT} w");
    for cell in &page.cells {
        let r = cell.rect;
        let _ = writeln!(
            out,
            "{:.2} {:.2} {:.2} {:.2} re S",
            x_pt(r.x),
            y_pt(Mm(r.y.0 + r.height.0)),
            r.width.0 * PT_PER_MM,
            r.height.0 * PT_PER_MM
        );
    }
    for ((x0, y0), (x1, y1)) in page.cells.iter().flat_map(|c| &c.rules).chain(&page.rules) {
        let _ = writeln!(
            out,
            "{:.2} {:.2} m {:.2} {:.2} l S",
            x_pt(*x0),
            y_pt(*y0),
            x_pt(*x1),
            y_pt(*y1)
        );
    }
    let runs = page
        .cells
        .iter()
        .flat_map(|c| &c.runs)
        .chain(&page.runs)
        .filter(|r| !r.text.is_empty());
    let mut started = false;
    let mut current: Option<(Face, u32)> = None;
    for run in runs {
        if !started {
            out.push_str("BT\n");
            started = true;
        }
        let key = (run.face, run.size.0.to_bits());
        if current != Some(key) {
            let name = match run.face {
                Face::Serif => "F1",
                Face::Sans => "F2",
            };
            let _ = writeln!(out, "/{name} {} Tf", run.size.0);
            current = Some(key);
        }
        let subset = match run.face {
            Face::Serif => &mut *serif,
            Face::Sans => &mut *sans,
        };
        show_run(&mut out, run, subset)?;
    }
    if started {
        out.push_str("ET\n");
    }
    Ok(out.into_bytes())
}

/// Writes one run: a text matrix at its origin and a `TJ` array whose numbers move each glyph
/// from its natural place to the place the layout gave it (justification, compressed
/// punctuation). The numbers are thousandths of the font size, subtracted from the advance.
fn show_run(out: &mut String, run: &TextRun, subset: &mut FaceSubset) -> Result<(), PdfError> {
    let size = run.size.0;
    let _ = writeln!(
        out,
        "1 0 0 1 {:.2} {:.2} Tm",
        x_pt(run.x),
        y_pt(run.baseline)
    );
    out.push('[');
    let mut hex = String::new();
    // Where the pen is after the previous glyph, in points from the run's origin.
    let mut pen = 0.0_f32;
    for (index, character) in run.text.chars().enumerate() {
        let wanted = run.glyph_x.get(index).map_or(pen, |x| x.0 * PT_PER_MM);
        let adjust = ((pen - wanted) * 1000.0 / size).round();
        if adjust.abs() >= 1.0 && index > 0 {
            let _ = write!(out, "<{hex}>{adjust}");
            hex.clear();
            pen = wanted;
        } else if index == 0 {
            pen = 0.0;
        }
        let code = subset.code(character)?;
        let _ = write!(hex, "{code:04X}");
        pen += subset.advance_milli(character) * size / 1000.0;
    }
    if !hex.is_empty() {
        let _ = write!(out, "<{hex}>");
    }
    out.push_str("]TJ\n");
    Ok(())
}
