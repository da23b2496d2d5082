//! Painting one laid-out page ([`crate::layout::Page`]) with egui's painter: cell borders,
//! rules and text runs, each character where the layout put it.
//!
//! The PDF writer (`pdf/content.rs`) paints the same pages: borders and rules as hairlines,
//! every run in its face and size at its baseline, each character at its `glyph_x`. Here a run
//! becomes one egui text layout in the same bundled face ([`crate::ui::print_family`]), with the
//! layout's extra space between characters (justification, compressed punctuation) as egui's
//! leading space and letter spacing (`run_job`). egui caches the laid-out text between frames.

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

/// The layout job of one run. egui places each character after the previous one's natural
/// advance, plus a section's leading space before its first character and its letter spacing
/// before each character (the very first of the job excepted). So the characters that follow
/// the same gap (none for natural advances; one width for the spaces of a justified line) share
/// a section with that gap as letter spacing, and where the gap changes (a compressed
/// punctuation mark, the end of a justified line) a new section starts.
fn run_job(run: &TextRun, scale: f32) -> LayoutJob {
    let format = TextFormat {
        font_id: FontId::new(run.size.to_mm().0 * scale, print_family(run.face)),
        color: INK,
        ..TextFormat::default()
    };
    let characters: Vec<char> = run.text.chars().collect();
    // The gap before each character (mm): the first from the run's x, each other from the end
    // of the previous character's natural advance.
    let mut gaps = Vec::with_capacity(characters.len());
    let mut natural = 0.0_f32;
    for (index, character) in characters.iter().enumerate() {
        let wanted = run.glyph_x.get(index).map_or(natural, |x| x.0);
        gaps.push(wanted - natural);
        natural = wanted
            + layout::text::char_width(run.face, run.size, *character)
                .to_mm()
                .0;
    }
    let same = |a: f32, b: f32| (a - b).abs() < GAP_TOLERANCE_MM;
    let mut job = LayoutJob::default();
    let mut start = 0;
    while start < characters.len() {
        // The first section's first character has only its leading space; later sections'
        // first characters take the letter spacing like the rest.
        let (leading, spacing, mut end) = if start == 0 {
            let first = gaps.first().copied().unwrap_or_default();
            (first, gaps.get(1).copied().unwrap_or_default(), 1)
        } else {
            (0.0, gaps.get(start).copied().unwrap_or_default(), start)
        };
        while gaps.get(end).is_some_and(|gap| same(*gap, spacing)) {
            end += 1;
        }
        let text: String = characters
            .get(start..end)
            .unwrap_or_default()
            .iter()
            .collect();
        let spacing = if same(spacing, 0.0) { 0.0 } else { spacing };
        let leading = if same(leading, 0.0) { 0.0 } else { leading };
        job.append(
            &text,
            leading * scale,
            TextFormat {
                extra_letter_spacing: spacing * scale,
                ..format.clone()
            },
        );
        start = end;
    }
    job
}

/// Gaps closer than this (mm) are the same gap: the layout's rounding, not a placement.
const GAP_TOLERANCE_MM: f32 = 0.005;

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
    let clip = painter.clip_rect();
    for text in texts {
        // Lines out of view (a page larger than the pane) are not laid out by egui.
        let line_height = text
            .job
            .sections
            .first()
            .map_or(0.0, |section| section.format.font_id.size * 1.5);
        let baseline = at(text.x, text.baseline);
        if baseline.y + line_height < clip.top() || baseline.y - line_height > clip.bottom() {
            continue;
        }
        let galley = painter.layout_job(text.job.clone());
        // The galley's first baseline, from its top.
        let ascent = galley
            .rows
            .first()
            .and_then(|row| row.row.glyphs.first().map(|glyph| row.pos.y + glyph.pos.y))
            .unwrap_or_default();
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

    /// Every run of the example's pages, laid out by egui in the print faces at `scale`: each
    /// character starts where the layout put it, to the pixel; runs at natural advances are
    /// one section, justified lines few.
    #[test]
    fn egui_places_every_character_where_the_layout_put_it() {
        let mut example = crate::ui::initial_declaration();
        // A goal with compressed punctuation (adjacent full-width marks) in justified lines.
        example.overall_goal =
            "加强党建工作（含“两新”组织），提高组织力；《党章》学习、“三会一课”。".repeat(6);
        let laid = layout::layout_declaration(&example, 0, layout::LayoutOptions::default());
        let runs: Vec<&TextRun> = laid
            .pages
            .iter()
            .flat_map(|page| {
                page.cells
                    .iter()
                    .flat_map(|cell| &cell.runs)
                    .chain(&page.runs)
            })
            .filter(|run| !run.text.is_empty())
            .collect();
        let ctx = egui::Context::default();
        crate::ui::install_fonts(&ctx);
        let scale = POINTS_PER_MM_AT_100;
        let mut jobs_with_sections = Vec::new();
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            for run in &runs {
                let job = run_job(run, scale);
                assert_eq!(job.text, run.text);
                jobs_with_sections.push(job.sections.len());
                let galley = ui.fonts_mut(|fonts| fonts.layout_job(job));
                let row = galley.rows.first().unwrap();
                assert_eq!(galley.rows.len(), 1, "「{}」 on one line", run.text);
                assert_eq!(row.row.glyphs.len(), run.text.chars().count());
                for (index, glyph) in row.row.glyphs.iter().enumerate() {
                    let x = row.pos.x + glyph.pos.x;
                    let wanted = run.glyph_x[index].0 * scale;
                    assert!(
                        (x - wanted).abs() <= 1.0,
                        "「{}」 character {index} 「{}」 at {x}, layout {wanted}",
                        run.text,
                        glyph.chr
                    );
                }
            }
        });
        // No GPU to take the glyph atlas.
        output.textures_delta.clear();
        // Most runs are one section; a justified line with compressed punctuation a few.
        let single = jobs_with_sections.iter().filter(|n| **n == 1).count();
        assert!(single * 2 > runs.len(), "{jobs_with_sections:?}");
        assert!(
            jobs_with_sections.iter().all(|n| *n <= 8),
            "{jobs_with_sections:?}"
        );
        assert!(jobs_with_sections.iter().any(|n| *n > 1));
    }
}
