//! A PDF's table rebuilt from what its pages draw: each character belongs to the cell whose
//! rules enclose it, cells sit on the columns and rows the rules make, and the text outside the
//! table (title, year line, 申报单位名称) becomes rows of one cell. What a printed form repeats
//! or adds is taken out again: page footers (「第1页共2页」, 「第 1 页 共 2 页」), running heads
//! (「项目名称（续）」 with the form's title), a header row printed again at the top of a page,
//! and a long text split between pages is put back into one cell.
//!
//! The result is rows of cells as a worksheet gives them, for `grid`. Never panics.

use super::marks::{Glyph, PageMarks, Rule};
use crate::import::cells::Row;
use crate::model::FormLayout;

/// Rules and edges closer than this (pt) are the same.
const SAME_EDGE_PT: f64 = 1.5;
/// Cell padding each side (pt), as printed forms have about (Jixiao's: 1.2 mm = 3.4 pt).
const CELL_PADDING_PT: f64 = 3.4;

/// One line of a cell: its text, its width, and the width of what starts it (the first word of
/// Latin text, else the first two characters), all in pt.
#[derive(Clone, Debug, PartialEq)]
struct TextLine {
    text: String,
    width: f64,
    lead: f64,
}

/// A cell of one page: its edges (pt) and its text, line by line.
#[derive(Clone, Debug)]
struct PageCell {
    left: f64,
    right: f64,
    /// Lines of text top to bottom.
    lines: Vec<TextLine>,
    /// Font size of the cell's text (pt).
    size: f64,
}

impl PageCell {
    /// The room a line of `width` leaves in the cell (pt).
    fn room(&self, width: f64) -> f64 {
        (self.right - self.left) - 2.0 * CELL_PADDING_PT - width
    }

    /// Whether a line of `width` was broken because `next` (the start of the next line) did not
    /// fit after it, rather than ending its paragraph. A line breaker may carry a character or
    /// two more than needed (no lone character on the last line), hence the two characters
    /// and half a character of slack in `lead`.
    fn wraps_before(&self, width: f64, next: &TextLine) -> bool {
        self.room(width) < next.lead + 0.5 * self.size
    }

    /// The cell's text: wrapped lines joined, paragraphs separated by `\n`.
    fn text(&self) -> String {
        let mut text = String::new();
        for (index, line) in self.lines.iter().enumerate() {
            if let Some(previous) = index.checked_sub(1).and_then(|i| self.lines.get(i)) {
                let wrapped = self.wraps_before(previous.width, line);
                text.push_str(joiner(&text, &line.text, wrapped));
            }
            text.push_str(&line.text);
        }
        text
    }

    /// Whether the last line fills the cell: the text may go on in a cell on the next page.
    fn ends_full(&self) -> bool {
        self.lines
            .last()
            .is_some_and(|line| self.room(line.width) < 2.5 * self.size)
    }
}

/// What goes between two lines of a cell: nothing for a wrapped line (CJK text closes up), a
/// space between two Latin words, a line break after a line that ended short.
fn joiner(before: &str, after: &str, wrapped: bool) -> &'static str {
    if !wrapped {
        return "\n";
    }
    let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if latin(before.chars().next_back()) && latin(after.chars().next()) {
        " "
    } else {
        ""
    }
}

/// One row of a page: the table's cells starting on one row line, or a line of text outside
/// the table.
#[derive(Clone, Debug)]
enum PageRow {
    Table { top: f64, cells: Vec<PageCell> },
    Outside { baseline: f64, text: String },
}

impl PageRow {
    fn y(&self) -> f64 {
        match self {
            Self::Table { top, .. } => *top,
            Self::Outside { baseline, .. } => *baseline,
        }
    }

    /// The row's texts joined, for comparing a row printed again.
    fn joined(&self) -> String {
        match self {
            Self::Table { cells, .. } => cells
                .iter()
                .map(PageCell::text)
                .collect::<Vec<_>>()
                .join("\t"),
            Self::Outside { text, .. } => text.clone(),
        }
    }
}

/// The rows of cells of every page, page after page, numbered from 1; `None` when no page has a
/// table (no rules enclose any character).
pub(crate) fn table_rows(pages: &[PageMarks]) -> Option<Vec<Row<'static>>> {
    let columns = column_edges(pages);
    let mut rows: Vec<PageRow> = Vec::new();
    let mut any_table = false;
    for page in pages {
        let page_rows = page_rows(page);
        any_table |= page_rows
            .iter()
            .any(|row| matches!(row, PageRow::Table { .. }));
        append_page(&mut rows, page_rows);
    }
    if !any_table {
        return None;
    }
    Some(
        rows.iter()
            .zip(1..)
            .map(|(row, number)| to_row(row, number, &columns))
            .collect(),
    )
}

/// The text of every page as lines, top to bottom (for PDFs without a drawn table): characters
/// on one baseline make a line, a gap wider than a third of the size a space.
pub(crate) fn text_lines(pages: &[PageMarks]) -> String {
    let mut text = String::new();
    for page in pages {
        let glyphs: Vec<&Glyph> = page.glyphs.iter().collect();
        for (_, line) in lines_of(&glyphs) {
            text.push_str(&line.text);
            text.push('\n');
        }
    }
    text
}

/// Every vertical rule's x on every page, merged within [`SAME_EDGE_PT`]: the columns.
fn column_edges(pages: &[PageMarks]) -> Vec<f64> {
    let mut edges: Vec<f64> = pages
        .iter()
        .flat_map(|page| &page.rules)
        .filter(|rule| !rule.is_horizontal())
        .map(|rule| rule.x0)
        .collect();
    edges.sort_by(f64::total_cmp);
    edges.dedup_by(|later, earlier| (*later - *earlier).abs() < SAME_EDGE_PT);
    edges
}

/// The column of an edge: the index of the nearest column edge.
fn column_of(columns: &[f64], x: f64) -> usize {
    columns
        .iter()
        .enumerate()
        .min_by(|(_, a), (_, b)| (*a - x).abs().total_cmp(&(*b - x).abs()))
        .map_or(0, |(index, _)| index)
}

/// One page's rows: table rows by their top rule, lines outside the table by their baseline,
/// top to bottom; footers and running heads left out.
fn page_rows(page: &PageMarks) -> Vec<PageRow> {
    let (horizontal, vertical): (Vec<&Rule>, Vec<&Rule>) =
        page.rules.iter().partition(|rule| rule.is_horizontal());
    let mut cells: Vec<(f64, f64, f64, Vec<&Glyph>)> = Vec::new();
    let mut outside: Vec<&Glyph> = Vec::new();
    for glyph in &page.glyphs {
        let x = glyph.x + glyph.width / 2.0;
        let y = glyph.baseline - glyph.size * 0.35;
        let covers_y = |rule: &&&Rule| rule.y0 - 0.5 <= y && y <= rule.y1 + 0.5;
        let covers_x = |rule: &&&Rule| rule.x0 - 0.5 <= x && x <= rule.x1 + 0.5;
        let (left, right) = around(vertical.iter().filter(covers_y).map(|rule| rule.x0), x);
        let (top, bottom) = around(horizontal.iter().filter(covers_x).map(|rule| rule.y0), y);
        match (left, right, top, bottom) {
            (Some(left), Some(right), Some(top), Some(_)) => {
                let same = cells.iter_mut().find(|(l, r, t, _)| {
                    (*l - left).abs() < 0.1 && (*r - right).abs() < 0.1 && (*t - top).abs() < 0.1
                });
                match same {
                    Some((_, _, _, glyphs)) => glyphs.push(glyph),
                    None => cells.push((left, right, top, vec![glyph])),
                }
            }
            _ => outside.push(glyph),
        }
    }
    let mut rows: Vec<PageRow> = Vec::new();
    for (left, right, top, glyphs) in cells {
        let lines = lines_of(&glyphs);
        let size = glyphs.first().map_or(10.0, |glyph| glyph.size);
        let cell = PageCell {
            left,
            right,
            lines: lines.into_iter().map(|(_, line)| line).collect(),
            size,
        };
        let same_row = rows.iter_mut().find_map(|row| match row {
            PageRow::Table {
                top: row_top,
                cells,
            } if (*row_top - top).abs() < SAME_EDGE_PT => Some(cells),
            _ => None,
        });
        match same_row {
            Some(cells) => cells.push(cell),
            None => rows.push(PageRow::Table {
                top,
                cells: vec![cell],
            }),
        }
    }
    for (baseline, line) in lines_of(&outside) {
        if !is_page_furniture(&line.text) {
            rows.push(PageRow::Outside {
                baseline,
                text: line.text,
            });
        }
    }
    for row in &mut rows {
        if let PageRow::Table { cells, .. } = row {
            cells.sort_by(|a, b| a.left.total_cmp(&b.left));
        }
    }
    rows.sort_by(|a, b| a.y().total_cmp(&b.y()));
    rows
}

/// The nearest of `edges` at or before `at`, and the nearest at or after it (pt): the rules
/// either side of a character.
fn around(edges: impl Iterator<Item = f64> + Clone, at: f64) -> (Option<f64>, Option<f64>) {
    let before = edges
        .clone()
        .filter(|edge| *edge <= at)
        .max_by(f64::total_cmp);
    let after = edges.filter(|edge| *edge >= at).min_by(f64::total_cmp);
    (before, after)
}

/// Characters grouped into lines by baseline, top to bottom, each line's characters left to
/// right, with its baseline. A gap wider than a third of the size becomes a space.
fn lines_of(glyphs: &[&Glyph]) -> Vec<(f64, TextLine)> {
    let mut sorted: Vec<&Glyph> = glyphs.to_vec();
    sorted.sort_by(|a, b| a.baseline.total_cmp(&b.baseline));
    let mut lines: Vec<Vec<&Glyph>> = Vec::new();
    for glyph in sorted {
        match lines.last_mut() {
            Some(line)
                if line.first().is_some_and(|first| {
                    (first.baseline - glyph.baseline).abs() < 0.4 * first.size.max(glyph.size)
                }) =>
            {
                line.push(glyph);
            }
            _ => lines.push(vec![glyph]),
        }
    }
    lines
        .into_iter()
        .filter_map(|mut line| {
            line.sort_by(|a, b| a.x.total_cmp(&b.x));
            let first = line.first()?;
            let baseline = first.baseline;
            let start = first.x;
            let mut text = String::new();
            let mut end = start;
            for glyph in &line {
                let gap = glyph.x - end;
                if !text.is_empty()
                    && gap > glyph.size / 3.0
                    && !text.ends_with(' ')
                    && !glyph.text.starts_with(' ')
                {
                    text.push(' ');
                }
                text.push_str(&glyph.text);
                end = end.max(glyph.x + glyph.width);
            }
            let trimmed = text.trim_end().to_owned();
            let latin = first.text.chars().all(|c| c.is_ascii_alphanumeric());
            let lead: f64 = if latin {
                line.iter()
                    .take_while(|glyph| glyph.text != " ")
                    .map(|glyph| glyph.width)
                    .sum()
            } else {
                line.iter().take(2).map(|glyph| glyph.width).sum()
            };
            (!trimmed.trim().is_empty()).then_some((
                baseline,
                TextLine {
                    text: trimmed,
                    width: end - start,
                    lead,
                },
            ))
        })
        .collect()
}

/// Whether a line outside the table is what a printer adds to each page: a footer 「第1页共2页」
/// / 「第 1 页 共 2 页」 / 「- 1 -」 / 「1/2」, or a running head (「项目名称（续）」, alone or
/// with the form's title and year).
pub(crate) fn is_page_furniture(text: &str) -> bool {
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let footer = squeezed
        .strip_prefix('第')
        .and_then(|rest| rest.split_once("页共"))
        .is_some_and(|(page, rest)| {
            page.chars().all(|c| c.is_ascii_digit())
                && rest
                    .strip_suffix('页')
                    .is_some_and(|total| total.chars().all(|c| c.is_ascii_digit()))
        });
    let page_number = !squeezed.is_empty()
        && squeezed
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | '/' | '—'))
        && squeezed.chars().any(|c| c.is_ascii_digit());
    let continued = squeezed.ends_with("（续）") || squeezed.ends_with("(续)");
    let title_with_more = FormLayout::ALL.iter().any(|layout| {
        squeezed.contains(layout.title())
            && !squeezed.starts_with(layout.title())
            && squeezed.contains("续")
    });
    footer || page_number || continued || title_with_more
}

/// Adds a page's rows after the rows so far: a header row printed again at the top of the page
/// is left out, and a long text split between pages is put back into the cell it began in.
fn append_page(rows: &mut Vec<PageRow>, page: Vec<PageRow>) {
    let mut page = page.into_iter().peekable();
    // The title rows of a new form end everything before them; only a page that continues a
    // form has rows printed again.
    let starts_form = page.peek().is_some_and(|row| match row {
        PageRow::Outside { text, .. } => FormLayout::ALL
            .iter()
            .any(|layout| text.trim().starts_with(layout.title())),
        PageRow::Table { .. } => false,
    });
    if !starts_form
        && let Some(first) = page.peek()
        && matches!(first, PageRow::Table { .. })
    {
        let joined = first.joined();
        let form_rows = rows
            .iter()
            .rposition(|row| {
                matches!(row, PageRow::Outside { text, .. }
                    if FormLayout::ALL.iter().any(|layout| text.trim().starts_with(layout.title())))
            })
            .map_or(&rows[..], |start| &rows[start..]);
        let repeated = form_rows.iter().any(|row| row.joined() == joined);
        if repeated {
            // The header printed again; the row above the page's last row was it when that row
            // was split (a long text runs on under its header).
            let split = rows.len() >= 2
                && rows
                    .get(rows.len() - 2)
                    .is_some_and(|above| above.joined() == joined);
            page.next();
            if split && let Some(next) = page.next() {
                continue_cells(rows, next);
            }
        } else if let Some(next) = page.peek()
            && continues(rows.last(), next)
            && let Some(next) = page.next()
        {
            continue_cells(rows, next);
        }
    }
    rows.extend(page);
}

/// Whether `next` (the first row of a page) continues `last` (the last row of the page before)
/// with no header printed again: the same cells, the first one left blank where the label was.
fn continues(last: Option<&PageRow>, next: &PageRow) -> bool {
    let (
        Some(PageRow::Table {
            cells: previous, ..
        }),
        PageRow::Table { cells, .. },
    ) = (last, next)
    else {
        return false;
    };
    let same_cells = previous.len() > cells.len()
        && cells.iter().all(|cell| {
            previous.iter().any(|other| {
                (other.left - cell.left).abs() < SAME_EDGE_PT
                    && (other.right - cell.right).abs() < SAME_EDGE_PT
            })
        });
    same_cells && previous.iter().any(PageCell::ends_full)
}

/// Puts the cells of `next` into the cells of the last row with the same edges.
fn continue_cells(rows: &mut [PageRow], next: PageRow) {
    let (Some(PageRow::Table { cells, .. }), PageRow::Table { cells: more, .. }) =
        (rows.last_mut(), next)
    else {
        return;
    };
    for cell in more {
        match cells.iter_mut().find(|other| {
            (other.left - cell.left).abs() < SAME_EDGE_PT
                && (other.right - cell.right).abs() < SAME_EDGE_PT
        }) {
            Some(other) => {
                // The page broke between lines of one text: a full last line runs on.
                if !other.ends_full()
                    && let Some(line) = other.lines.last_mut()
                {
                    line.text.push('\n');
                }
                other.lines.extend(cell.lines);
            }
            None => cells.push(cell),
        }
    }
}

/// A page row as a row of cells on the document's columns.
fn to_row(row: &PageRow, number: usize, columns: &[f64]) -> Row<'static> {
    let placed: Vec<(usize, String)> = match row {
        PageRow::Table { cells, .. } => cells
            .iter()
            .map(|cell| (column_of(columns, cell.left), cell.text()))
            .collect(),
        PageRow::Outside { text, .. } => vec![(0, text.clone())],
    };
    let width = placed
        .iter()
        .map(|(column, _)| column + 1)
        .max()
        .unwrap_or(0);
    let mut texts = vec![String::new(); width];
    for (column, text) in placed {
        if let Some(slot) = texts.get_mut(column) {
            if !slot.is_empty() {
                slot.push('\n');
            }
            slot.push_str(&text);
        }
    }
    Row::from_texts(number, texts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footers_and_running_heads_are_furniture() {
        for text in [
            "第1页共2页",
            "第 1 页 共 2 页",
            "- 3 -",
            "2/5",
            "党建服务工作经费（续）",
            "党建服务工作经费（续） 财政项目支出绩效目标申报表(2026年度)",
        ] {
            assert!(is_page_furniture(text), "{text}");
        }
        for text in [
            "财政项目支出绩效目标申报表",
            "(2026年度)",
            "申报单位名称：上海市党建服务中心",
            "第二段",
        ] {
            assert!(!is_page_furniture(text), "{text}");
        }
    }

    fn line(text: &str, width: f64) -> TextLine {
        TextLine {
            text: text.into(),
            width,
            lead: 20.0,
        }
    }

    #[test]
    fn lines_join_wrapped_and_break_short() {
        let cell = PageCell {
            left: 0.0,
            right: 100.0,
            lines: vec![
                line("一行写满", 80.0),
                line("第一段完", 40.0),
                line("Hello", 85.0),
                line("world", 20.0),
            ],
            size: 10.0,
        };
        assert_eq!(cell.text(), "一行写满第一段完\nHello world");
    }

    fn glyph(text: &str, x: f64, baseline: f64) -> Glyph {
        Glyph {
            text: text.into(),
            x,
            baseline,
            width: 10.0,
            size: 10.0,
        }
    }

    #[test]
    fn characters_go_to_the_cell_their_rules_enclose() {
        let rule = |x0, y0, x1, y1| Rule { x0, y0, x1, y1 };
        let page = PageMarks {
            width: 200.0,
            height: 200.0,
            glyphs: vec![
                glyph("标", 50.0, 30.0),
                glyph("题", 60.0, 30.0),
                glyph("名", 12.0, 60.0),
                glyph("甲", 112.0, 60.0),
                glyph("第", 80.0, 190.0),
            ],
            // Two cells side by side from y 45 to 75.
            rules: vec![
                rule(10.0, 45.0, 190.0, 45.0),
                rule(10.0, 75.0, 190.0, 75.0),
                rule(10.0, 45.0, 10.0, 75.0),
                rule(100.0, 45.0, 100.0, 75.0),
                rule(190.0, 45.0, 190.0, 75.0),
            ],
        };
        let rows = table_rows(std::slice::from_ref(&page)).unwrap();
        let texts: Vec<Vec<&str>> = rows.iter().map(Row::texts).collect();
        assert_eq!(texts, [vec!["标题"], vec!["名", "甲"], vec!["第"]]);
    }
}
