//! Pagination: the table's rows onto A4 pages, with header rows repeated, merged labels kept
//! whole, long texts split by lines without widows or orphans, and room for the signature block
//! under the last rows; then each page's cells with their text placed.
//!
//! Pure: no I/O, no PDF types.

use super::signature::SIGNATURE_HEIGHT;
use super::table::{
    Align, CELL_PADDING_X, CELL_PADDING_Y, CellSpec, Line, RowSpec, content_height,
};
use super::text;
use super::{
    BODY_SIZE, BOTTOM_MARGIN, Cell, Face, Mm, PAGE_HEIGHT, Pt, Rect, TextRun, baseline_offset,
    line_height,
};

/// Fewest lines of a paragraph left at the bottom or carried to the top of a page (no orphans
/// or widows, as book typesetting and clreq §3.4 ask).
const MIN_PARAGRAPH_LINES: usize = 2;
/// Fewest lines of a split long text left at the bottom of a page (fewer: the row moves on).
const MIN_SPLIT_LINES: usize = 3;

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
struct Merge {
    start: usize,
    end: usize,
    cell: usize,
    need: f32,
}

/// Where each page's table starts and what it must leave room for.
pub struct PageFrame {
    /// Top of the table on the first page (below the title block).
    pub first_top: f32,
    /// Top of the table on a continuation page (below the running head).
    pub next_top: f32,
    /// Whether the signature block follows the table (it keeps with the last row).
    pub signature: bool,
}

/// Paginates `rows`: a row that does not fit moves to the next page with its header row
/// repeated; merged cells split between pages repeat their label; a long-text row taller than
/// what is left is split by lines, leaving at least two lines of a paragraph on each side. With
/// the signature block the last row must fit with the block under it, so the block never stands
/// alone on a page. Returns each page's cells and where its table ends.
pub(super) fn paginate(rows: &[RowSpec], frame: &PageFrame) -> Vec<(Vec<Cell>, f32)> {
    let merges: Vec<Merge> = rows
        .iter()
        .enumerate()
        .flat_map(|(r, row)| {
            row.cells
                .iter()
                .enumerate()
                .filter(|(_, c)| c.rows > 1)
                .map(move |(i, c)| Merge {
                    start: r,
                    end: (r + c.rows - 1).min(rows.len().saturating_sub(1)),
                    cell: i,
                    need: c.need(),
                })
        })
        .collect();
    let mut ending: Vec<Vec<usize>> = vec![Vec::new(); rows.len()];
    for (index, merge) in merges.iter().enumerate() {
        if let Some(slot) = ending.get_mut(merge.end) {
            slot.push(index);
        }
    }
    let page_bottom = PAGE_HEIGHT.0 - BOTTOM_MARGIN.0;
    let last_row = rows.len().saturating_sub(1);
    // The signature block needs its height under the last row.
    let bottom_for = |row: usize| {
        if frame.signature && row == last_row {
            page_bottom - SIGNATURE_HEIGHT
        } else {
            page_bottom
        }
    };
    let line = line_height(BODY_SIZE).0;
    let mut pages: Vec<(Vec<Placed>, f32)> = Vec::new();
    let mut next = 0;
    let mut carry: Option<Vec<usize>> = None;
    while next < rows.len() {
        let top = if pages.is_empty() {
            frame.first_top
        } else {
            frame.next_top
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
            let bottom = bottom_for(next);
            let offsets = carry.take().unwrap_or_else(|| vec![0; row.cells.len()]);
            let base = row_need(row, &offsets);
            let grown = base + deficit(next, base, &merges, &ending, &placed);
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
                keep_together(next, first_content, rows, &merges, &placed)
            };
            // A merged cell that starts at the top of this page and would end here shorter than
            // its label cannot move to the next page: part of the long row goes here instead.
            let stranded = !page_empty
                && b == next
                && merges.iter().any(|s| {
                    s.start < next
                        && s.end >= next
                        && fragment_height(s, next, &placed) + 1e-3 < s.need
                });
            let can_split = long
                && ((row.splittable && fit_lines >= MIN_SPLIT_LINES)
                    || ((page_empty || stranded) && fit_lines >= 1));
            // Widow and orphan control first; a row that must be split here (it starts the
            // page, or a merged label above needs it) is split without it if need be.
            let split = if can_split {
                split_row(row, &offsets, fit_lines, false).or_else(|| {
                    (page_empty || stranded)
                        .then(|| split_row(row, &offsets, fit_lines, true))
                        .flatten()
                })
            } else {
                None
            };
            if let Some((taken, rest)) = split {
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
                // A row taller than a page with nothing to split: place it rather than loop.
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
        pages.push((placed, y));
    }
    if pages.is_empty() {
        pages.push((Vec::new(), frame.first_top));
    }
    pages
        .iter()
        .map(|(placed, end)| (page_cells(rows, &merges, placed), *end))
        .collect()
}

/// Splits `row` after `fit` lines: each long cell gives this page its lines up to a point that
/// leaves no paragraph with a single line at the page bottom or at the next page's top (unless
/// `forced`); short centred labels repeat whole. `None` when no cell would keep a line here.
#[expect(
    clippy::type_complexity,
    reason = "the two halves of a split, as line ranges and offsets"
)]
fn split_row(
    row: &RowSpec,
    offsets: &[usize],
    fit: usize,
    forced: bool,
) -> Option<(Vec<(usize, usize)>, Vec<usize>)> {
    let mut taken = Vec::new();
    let mut rest = Vec::new();
    let mut any = false;
    for (cell, offset) in row.cells.iter().zip(offsets) {
        let short_label =
            cell.align == Align::Centre && !cell.top_aligned && cell.lines.len() * 2 <= fit;
        if cell.rows > 1 {
            taken.push((*offset, cell.lines.len()));
            rest.push(cell.lines.len());
        } else if short_label {
            taken.push((0, cell.lines.len()));
            rest.push(0);
        } else {
            let mut end = (offset + fit).min(cell.lines.len());
            if end < cell.lines.len() && !forced {
                end = keep_paragraph_lines(&cell.lines, *offset, end);
            }
            any |= end > *offset;
            taken.push((*offset, end));
            rest.push(end);
        }
    }
    any.then_some((taken, rest))
}

/// Moves a page break before line `end` earlier so that neither the page bottom nor the next
/// page's top holds fewer than [`MIN_PARAGRAPH_LINES`] lines of a paragraph; `offset` when no
/// such break exists on this page.
fn keep_paragraph_lines(lines: &[Line], offset: usize, end: usize) -> usize {
    let mut end = end;
    while end > offset {
        // Lines of the paragraph at the break that stay on this page, and that go on.
        let para_start = (offset..end)
            .rev()
            .find(|&i| lines.get(i).is_some_and(|l| l.first))
            .unwrap_or(offset);
        let stays = end - para_start;
        let para_end = (end..lines.len())
            .find(|&i| lines.get(i).is_some_and(|l| l.last))
            .map_or(lines.len(), |i| i + 1);
        let goes = para_end - end;
        let starts_here = lines.get(end).is_some_and(|l| l.first);
        if starts_here || (stays >= MIN_PARAGRAPH_LINES && goes >= MIN_PARAGRAPH_LINES) {
            return end;
        }
        if stays < MIN_PARAGRAPH_LINES {
            // An orphan: the whole paragraph start goes on.
            end = para_start;
        } else {
            end -= 1;
        }
    }
    offset
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
        .map(|(c, o)| content_height(c.lines.len().saturating_sub(*o), c.size))
        .fold(content_height(1, BODY_SIZE), f32::max)
}

/// Extra height row `r` needs so that the merged cells ending at it fit their labels.
/// `ending[r]` lists the merges that end at row `r` (an index, so that pagination stays linear
/// in the number of rows).
fn deficit(r: usize, base: f32, merges: &[Merge], ending: &[Vec<usize>], placed: &[Placed]) -> f32 {
    ending
        .get(r)
        .into_iter()
        .flatten()
        .filter_map(|&m| merges.get(m))
        .filter(|s| s.start < r)
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

/// Height of `merge`'s rows placed on this page before row `before` (repeated headers aside).
fn fragment_height(merge: &Merge, before: usize, placed: &[Placed]) -> f32 {
    placed
        .iter()
        .filter(|p| !p.repeated_header && p.row >= merge.start && p.row < before)
        .map(|p| p.height)
        .sum()
}

/// Moves a page break before row `r` earlier so that no merged cell is left on this page with
/// less height than its label needs, and no header row is left alone at the bottom.
fn keep_together(
    r: usize,
    first_content: usize,
    rows: &[RowSpec],
    merges: &[Merge],
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
        let open: Vec<&Merge> = merges
            .iter()
            .filter(|s| s.start < b && s.end >= b)
            .collect();
        for merge in open {
            let fragment: Vec<&Placed> = placed
                .iter()
                .filter(|p| !p.repeated_header && p.row >= merge.start && p.row < b)
                .collect();
            let Some(fragment_start) = fragment.iter().map(|p| p.row).min() else {
                continue;
            };
            let height: f32 = fragment.iter().map(|p| p.height).sum();
            if height + 1e-3 < merge.need && fragment_start > first_content {
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
fn page_cells(rows: &[RowSpec], merges: &[Merge], placed: &[Placed]) -> Vec<Cell> {
    let mut cells = Vec::new();
    for p in placed {
        let Some(row) = rows.get(p.row) else { continue };
        for (cell, (from, to)) in row.cells.iter().zip(&p.lines) {
            if cell.rows > 1 {
                continue;
            }
            let rect = Rect {
                x: cell.x,
                y: Mm(p.y),
                width: cell.width,
                height: Mm(p.height),
            };
            let lines = cell.lines.get(*from..*to).unwrap_or_default();
            cells.push(finish_cell(cell, lines, rect));
        }
    }
    // Only the merges that reach this page's rows (a repeated header aside): linear overall.
    let lowest = placed
        .iter()
        .filter(|p| !p.repeated_header)
        .map(|p| p.row)
        .min()
        .unwrap_or(0);
    let highest = placed.iter().map(|p| p.row).max().unwrap_or(0);
    for merge in merges
        .iter()
        .filter(|m| m.start <= highest && m.end >= lowest)
    {
        let fragment: Vec<&Placed> = placed
            .iter()
            .filter(|p| p.row >= merge.start && p.row <= merge.end)
            .collect();
        let Some(top) = fragment.iter().map(|p| p.y).reduce(f32::min) else {
            continue;
        };
        let bottom = fragment.iter().map(|p| p.y + p.height).fold(top, f32::max);
        let Some(cell) = rows.get(merge.start).and_then(|r| r.cells.get(merge.cell)) else {
            continue;
        };
        let rect = Rect {
            x: cell.x,
            y: Mm(top),
            width: cell.width,
            height: Mm(bottom - top),
        };
        let fit = (((bottom - top - 2.0 * CELL_PADDING_Y.0) / line_height(cell.size).0) + 1e-3)
            .floor()
            .max(0.0) as usize;
        let lines = cell
            .lines
            .get(..cell.lines.len().min(fit))
            .unwrap_or_default();
        cells.push(finish_cell(cell, lines, rect));
    }
    cells
}

fn finish_cell(cell: &CellSpec, lines: &[Line], rect: Rect) -> Cell {
    let (runs, rules) = place_lines(cell, lines, rect);
    Cell {
        rect,
        runs,
        path: cell.path,
        rules,
    }
}

/// Positions `lines` inside `rect` by the cell's alignment; one run per face change. Returns
/// the runs and the strokes of ticked check boxes.
#[expect(
    clippy::type_complexity,
    reason = "runs and the tick strokes drawn with them"
)]
fn place_lines(
    cell: &CellSpec,
    lines: &[Line],
    rect: Rect,
) -> (Vec<TextRun>, Vec<((Mm, Mm), (Mm, Mm))>) {
    let line = line_height(cell.size).0;
    let block = lines.len() as f32 * line;
    let top = if cell.top_aligned {
        rect.y.0 + CELL_PADDING_Y.0
    } else {
        rect.y.0 + (rect.height.0 - block) / 2.0
    };
    let inner_x = rect.x.0 + CELL_PADDING_X.0;
    let inner_width = rect.width.0 - 2.0 * CELL_PADDING_X.0;
    let mut runs = Vec::new();
    let mut ticks = Vec::new();
    for (i, text_line) in lines.iter().enumerate() {
        let glyphs = &text_line.glyphs;
        let justify_to = (cell.justify && !text_line.last).then(|| Mm(inner_width).to_pt());
        let positions = text::glyph_positions(glyphs, justify_to, cell.size);
        let natural = text::line_width(glyphs).to_mm().0;
        let line_x = match cell.align {
            Align::Left => inner_x,
            Align::Centre => inner_x + (inner_width - natural) / 2.0,
            Align::Right => inner_x + inner_width - natural,
        }
        .max(inner_x);
        let y = top + i as f32 * line;
        let baseline = y + baseline_offset(cell.size).0;
        for (start, slice) in text::face_runs(glyphs) {
            let len = slice.len();
            let face = slice.first().map_or(Face::Serif, |g| g.face);
            let origin = positions.get(start).map_or(0.0, |p| p.0);
            let glyph_x: Vec<Mm> = positions
                .get(start..start + len)
                .unwrap_or_default()
                .iter()
                .map(|p| Pt(p.0 - origin).to_mm())
                .collect();
            let width = glyph_x.last().map_or(0.0, |x| x.0)
                + slice.last().map_or(0.0, |g| g.width.to_mm().0);
            let run_x = line_x + Pt(origin).to_mm().0;
            for (glyph, x) in slice.iter().zip(&glyph_x) {
                if glyph.tick {
                    ticks.extend(tick_strokes(run_x + x.0, baseline, glyph.width.to_mm().0));
                }
            }
            runs.push(TextRun {
                text: slice.iter().map(|g| g.character).collect(),
                face,
                size: cell.size,
                x: Mm(run_x),
                y: Mm(y),
                baseline: Mm(baseline),
                width: Mm(width),
                glyph_x,
            });
        }
    }
    (runs, ticks)
}

/// The two strokes of a tick drawn in the box glyph (□) whose advance starts at `x`.
fn tick_strokes(x: f32, baseline: f32, advance: f32) -> [((Mm, Mm), (Mm, Mm)); 2] {
    let left = x + advance * 0.22;
    let low = x + advance * 0.42;
    let right = x + advance * 0.8;
    let mid_y = baseline - advance * 0.38;
    let low_y = baseline - advance * 0.16;
    let top_y = baseline - advance * 0.72;
    [
        ((Mm(left), Mm(mid_y)), (Mm(low), Mm(low_y))),
        ((Mm(low), Mm(low_y)), (Mm(right), Mm(top_y))),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines of paragraphs of the given lengths.
    fn paragraphs(lengths: &[usize]) -> Vec<Line> {
        lengths
            .iter()
            .flat_map(|&n| {
                (0..n).map(move |i| Line {
                    glyphs: Vec::new(),
                    first: i == 0,
                    last: i + 1 == n,
                })
            })
            .collect()
    }

    #[test]
    fn a_break_leaves_two_lines_of_a_paragraph_on_each_side() {
        let lines = paragraphs(&[5, 5]);
        // Between paragraphs, or two lines each side: kept.
        assert_eq!(keep_paragraph_lines(&lines, 0, 5), 5);
        assert_eq!(keep_paragraph_lines(&lines, 0, 7), 7);
        // One line of the second paragraph at the bottom (an orphan): it goes on whole.
        assert_eq!(keep_paragraph_lines(&lines, 0, 6), 5);
        // One line carried to the next page (a widow): one more goes with it.
        assert_eq!(keep_paragraph_lines(&lines, 0, 9), 8);
        // A paragraph of two lines cannot be split: it goes on whole.
        let lines = paragraphs(&[3, 2]);
        assert_eq!(keep_paragraph_lines(&lines, 0, 4), 3);
        // Nothing fits on this page without a lone line: the row moves on.
        let lines = paragraphs(&[4]);
        assert_eq!(keep_paragraph_lines(&lines, 0, 1), 0);
    }
}
