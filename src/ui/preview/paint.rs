//! Painting one laid-out page ([`crate::layout::Page`]) with egui's painter: cell borders,
//! rules and text runs, each character where the layout put it.
//!
//! The PDF writer (`pdf/content.rs`) paints the same pages: borders and rules as hairlines,
//! every run in its face and size at its baseline, each character at its `glyph_x`. Here a run
//! becomes one egui text layout in the same bundled face ([`crate::ui::print_family`]): the
//! characters that sit at their natural advance share a section, and where the layout moved a
//! character (justification, compressed punctuation) a new section starts with the difference
//! as its leading space. egui caches the laid-out text between frames.

use eframe::egui;
use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId, Painter, Pos2, Rect, Stroke, StrokeKind, Vec2, vec2};

use crate::layout::{self, Mm, Page, TextRun};
use crate::ui::print_family;

/// Points per millimetre at 100 %: A4 as office programs show it at 100 % (96 dots per inch).
pub const POINTS_PER_MM_AT_100: f32 = 96.0 / 25.4;

/// Width of borders and rules on paper (0.6 pt, as the PDF writer draws them), in mm.
const RULE_WIDTH_MM: f32 = 0.6 * 25.4 / 72.0;
/// Borders and rules never thinner than this on screen (points), so they stay visible at
/// small zooms.
const MIN_RULE_WIDTH: f32 = 0.6;
/// Ink: the printed form is black on white whatever the window's theme.
const INK: Color32 = Color32::BLACK;

/// One run of text ready for egui: its layout job and where its baseline starts on the page.
#[derive(Clone, Debug)]
pub struct RunText {
    job: LayoutJob,
    x: Mm,
    baseline: Mm,
}

/// The text of `page` as egui layout jobs at `scale` points per mm (built once per layout and
/// zoom, painted every frame).
pub fn page_texts(page: &Page, scale: f32) -> Vec<RunText> {
    page.cells
        .iter()
        .flat_map(|cell| &cell.runs)
        .chain(&page.runs)
        .filter(|run| !run.text.is_empty())
        .map(|run| RunText {
            job: run_job(run, scale),
            x: run.x,
            baseline: run.baseline,
        })
        .collect()
}

/// The layout job of one run: sections of characters at their natural advances, a new section
/// with the difference as leading space wherever the layout placed a character elsewhere.
fn run_job(run: &TextRun, scale: f32) -> LayoutJob {
    let format = TextFormat {
        font_id: FontId::new(run.size.to_mm().0 * scale, print_family(run.face)),
        color: INK,
        ..TextFormat::default()
    };
    let mut job = LayoutJob::default();
    // Where the next character would start without adjustments, from the run's x (mm).
    let mut natural = 0.0_f32;
    let mut buffer = [0_u8; 4];
    for (index, character) in run.text.chars().enumerate() {
        let wanted = run.glyph_x.get(index).map_or(natural, |x| x.0);
        let gap = wanted - natural;
        // Below a hundredth of a millimetre the difference is rounding, not a placement.
        let leading = if gap.abs() < 0.01 { 0.0 } else { gap * scale };
        job.append(character.encode_utf8(&mut buffer), leading, format.clone());
        natural = wanted
            + layout::text::char_width(run.face, run.size, character)
                .to_mm()
                .0;
    }
    job
}

/// Paints `page` with its top-left corner at `origin`, `scale` points per mm; `texts` is
/// [`page_texts`] of the same page at the same scale. The sheet itself (paper and shadow) is
/// the caller's.
pub fn paint_page(painter: &Painter, page: &Page, texts: &[RunText], origin: Pos2, scale: f32) {
    let at = |x: Mm, y: Mm| origin + vec2(x.0 * scale, y.0 * scale);
    let stroke = Stroke::new((RULE_WIDTH_MM * scale).max(MIN_RULE_WIDTH), INK);
    for cell in &page.cells {
        painter.rect_stroke(
            cell_rect(cell.rect, origin, scale),
            0.0,
            stroke,
            StrokeKind::Middle,
        );
    }
    for ((x0, y0), (x1, y1)) in page.cells.iter().flat_map(|c| &c.rules).chain(&page.rules) {
        painter.line_segment([at(*x0, *y0), at(*x1, *y1)], stroke);
    }
    for text in texts {
        let galley = painter.layout_job(text.job.clone());
        // The galley's first baseline, from its top.
        let ascent = galley
            .rows
            .first()
            .and_then(|row| row.row.glyphs.first().map(|glyph| row.pos.y + glyph.pos.y))
            .unwrap_or_default();
        let baseline = at(text.x, text.baseline);
        painter.galley(baseline - Vec2::new(0.0, ascent), galley, INK);
    }
}

/// Where a rectangle of the page (mm) lies on screen, the page's top-left at `origin`.
pub fn cell_rect(rect: layout::Rect, origin: Pos2, scale: f32) -> Rect {
    Rect::from_min_size(
        origin + vec2(rect.x.0 * scale, rect.y.0 * scale),
        vec2(rect.width.0 * scale, rect.height.0 * scale),
    )
}

/// The point of the page under the screen position `pos`, in mm from the page's top-left.
pub fn page_point(pos: Pos2, origin: Pos2, scale: f32) -> (Mm, Mm) {
    let offset = (pos - origin) / scale;
    (Mm(offset.x), Mm(offset.y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_at_natural_advances_is_one_section_and_a_justified_one_is_placed_per_character() {
        let example = crate::ui::initial_declaration();
        let laid = layout::layout_declaration(&example, 0, layout::LayoutOptions::default());
        let runs: Vec<&TextRun> = laid
            .pages
            .iter()
            .flat_map(|page| page.cells.iter().flat_map(|cell| &cell.runs))
            .collect();
        let scale = POINTS_PER_MM_AT_100;
        // Every character of every run starts where the layout says: the sections' leading
        // spaces plus natural advances add up to `glyph_x`.
        let mut justified = 0;
        for run in &runs {
            let job = run_job(run, scale);
            assert_eq!(job.text, run.text);
            let mut pen = 0.0_f32;
            for (index, character) in run.text.chars().enumerate() {
                let start = run.text.char_indices().nth(index).unwrap().0;
                if let Some(section) = job
                    .sections
                    .iter()
                    .find(|section| section.byte_range.start.0 == start)
                {
                    pen += section.leading_space / scale;
                }
                let wanted = run.glyph_x[index].0;
                assert!(
                    (pen - wanted).abs() < 0.02,
                    "「{}」 character {index}: {pen} mm, layout {wanted} mm",
                    run.text
                );
                pen += layout::text::char_width(run.face, run.size, character)
                    .to_mm()
                    .0;
            }
            if job.sections.len() > 1 {
                justified += 1;
            } else {
                assert_eq!(job.sections.len(), 1, "「{}」", run.text);
            }
        }
        // The goals of the example are justified: their full lines are placed per character.
        assert!(justified > 0);
        assert!(justified < runs.len());
    }
}
