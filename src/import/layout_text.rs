//! The text `pdftotext -layout` makes of a printed form: the table's cells laid out with spaces,
//! a cell's wrapped lines above and below the line of its row's label, merged names centred on
//! the rows they span, page footers and running heads between the pages. This module puts the
//! cells back together and hands them to the layout's reader as a grid (`grid`).
//!
//! What the text keeps, and how it is used (decided from Jixiao's own prints of the examples):
//! - runs of two or more spaces separate cells; one space separates two cells too when both
//!   sides are words of several CJK characters (`服务对象满意度 技术支持满意度`), while single
//!   spaces between single characters are a justified line's (`求 ， 认 真`) and are dropped;
//! - a token's column is where the line puts it, but a line pushes later tokens right when
//!   earlier ones are wide (CJK characters are wider than a column), so columns are only
//!   compared within a row's reach, never trusted across the table;
//! - section one: each line holding labels of the field table is a row; a value is the text
//!   after its label up to the next label, and the wrapped lines of a value stand on the lines
//!   next to it, between the same labels; the goals stand under their labels, left and right;
//! - the target table: values stand right of the value header's start, the standard scheme's
//!   level-1 and level-2 names (docs/form.md §3, the 2020 names too) are the group names, every
//!   other text is a level-3 name; a row is the fewest lines holding a name and a value whose
//!   middles agree (both are centred in the row), and a group name is centred on its rows.
//!
//! Text laid out by other programs reads as far as it follows the same habits. Never panics.

use std::borrow::Cow;

use crate::model::{COST_LEVEL1, Field, FormLayout, STANDARD_SCHEME, TargetValue};

use super::cells::{Cell, Row, label_key};
use super::pdf::is_page_furniture;
use super::{find_title, parse_year_line, y2020};

/// One piece of text on a line: its 1-based line, its first column (in characters) and text.
#[derive(Clone, Debug, PartialEq)]
struct Token {
    line: usize,
    column: usize,
    text: String,
}

impl Token {
    /// The column after its last character.
    fn end(&self) -> usize {
        self.column + self.text.chars().count()
    }

    fn centre(&self) -> f64 {
        (self.column + self.end()) as f64 / 2.0
    }
}

/// Whether `text` looks like `pdftotext -layout` output of a form: no tabs, a form title on a
/// line, and lines whose cells are set apart by runs of three or more spaces (at least one in
/// five: long goals are set in single-spaced lines).
pub(crate) fn looks_like_layout_text(text: &str) -> bool {
    if text.contains('\t') {
        return false;
    }
    let lines: Vec<&str> = text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .collect();
    let spaced = lines
        .iter()
        .filter(|line| line.trim().contains("   "))
        .count();
    let titled = lines
        .iter()
        .any(|line| matches!(find_title(line.trim()), Some((0, _))));
    titled && spaced >= 3 && spaced * 5 >= lines.len()
}

/// Whether `c` is a CJK character or full-width punctuation (wider than a column).
fn is_wide(c: char) -> bool {
    c >= '\u{2E80}'
}

/// The tokens of one line (see the module docs for the spaces).
fn tokens(number: usize, line: &str) -> Vec<Token> {
    let chars: Vec<char> = line.chars().collect();
    let mut raw: Vec<(usize, String)> = Vec::new();
    let mut index = 0;
    while index < chars.len() {
        if chars.get(index) == Some(&' ') {
            index += 1;
            continue;
        }
        let start = index;
        let mut text = String::new();
        while let Some(&c) = chars.get(index) {
            let double_space = c == ' ' && chars.get(index + 1).is_none_or(|next| *next == ' ');
            if double_space {
                break;
            }
            text.push(c);
            index += 1;
        }
        raw.push((start, text));
    }
    let mut out = Vec::new();
    for (start, text) in raw {
        let segments: Vec<&str> = text.split(' ').collect();
        let mut column = start;
        let mut current = Token {
            line: number,
            column: start,
            text: String::new(),
        };
        for (position, segment) in segments.iter().enumerate() {
            if position > 0 {
                let before = segments.get(position - 1).copied().unwrap_or_default();
                let wide_join = before.chars().next_back().is_some_and(is_wide)
                    && segment.chars().next().is_some_and(is_wide);
                let length = |segment: &str| segment.chars().count();
                // Two words, or a justified line (single characters) meeting a word: two cells.
                let words = (length(before) >= 2 && length(segment) >= 2)
                    || (length(before) == 1 && length(segment) >= 4)
                    || (length(before) >= 4
                        && length(segment) == 1
                        && segments
                            .get(position + 1)
                            .is_some_and(|next| length(next) == 1));
                if wide_join && words {
                    out.push(std::mem::replace(
                        &mut current,
                        Token {
                            line: number,
                            column,
                            text: String::new(),
                        },
                    ));
                } else if !wide_join {
                    current.text.push(' ');
                }
            }
            current.text.push_str(segment);
            column += segment.chars().count() + 1;
        }
        if !current.text.is_empty() {
            out.push(current);
        }
    }
    out
}

/// The rows of cells `text` holds, form after form (see the module docs); rows keep the line
/// number of the text they come from.
pub(crate) fn layout_text_rows(text: &str) -> Vec<Row<'static>> {
    let lines: Vec<Vec<Token>> = text
        .lines()
        .enumerate()
        .map(|(index, line)| {
            // pdftotext puts a form feed before each page's first line.
            let line = line.replace('\u{c}', " ");
            let line = line.as_str();
            let joined: String = line.split_whitespace().collect::<Vec<_>>().join(" ");
            if is_page_furniture(&joined) {
                Vec::new()
            } else {
                tokens(index + 1, line)
            }
        })
        .collect();
    let mut rows = Vec::new();
    let mut layout = FormLayout::Current;
    let mut start = 0;
    while start < lines.len() {
        // A form runs from its title line to the next.
        let end = (start + 1..lines.len())
            .find(|&index| title_of(lines.get(index)).is_some())
            .unwrap_or(lines.len());
        if let Some(found) = title_of(lines.get(start)) {
            layout = found;
        }
        let form = lines.get(start..end).unwrap_or_default();
        form_rows(layout, form, &mut rows);
        start = end;
    }
    rows
}

/// The layout whose title a line holds alone.
fn title_of(line: Option<&Vec<Token>>) -> Option<FormLayout> {
    match line?.as_slice() {
        [only] => match find_title(&only.text) {
            Some((0, layout)) => Some(layout),
            _ => None,
        },
        _ => None,
    }
}

/// A row of cells from texts, in consecutive columns from `first`.
fn row(number: usize, first: usize, texts: Vec<String>) -> Row<'static> {
    let mut cells: Vec<Cell<'static>> = (0..first)
        .map(|column| Cell {
            line: number,
            column,
            text: Cow::Borrowed(""),
        })
        .collect();
    cells.extend(texts.into_iter().enumerate().map(|(offset, text)| Cell {
        line: number,
        column: first + offset,
        text: Cow::Owned(text),
    }));
    Row { number, cells }
}

/// Joins the pieces of one cell's text, top to bottom: wrapped lines close up, but a space
/// stays between two Latin words.
fn join(pieces: &[&Token]) -> String {
    let mut text = String::new();
    for piece in pieces {
        let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        if latin(text.chars().next_back()) && latin(piece.text.chars().next()) {
            text.push(' ');
        }
        text.push_str(&piece.text);
    }
    text
}

/// The rows of one form: its lines from the title line on.
fn form_rows(layout: FormLayout, lines: &[Vec<Token>], rows: &mut Vec<Row<'static>>) {
    let headers = layout.indicator_headers();
    let is_header = |line: &Vec<Token>| {
        headers
            .iter()
            .filter(|header| !header.is_empty())
            .all(|header| {
                line.iter()
                    .any(|token| label_key(&token.text) == label_key(header))
            })
    };
    let table_start = lines.iter().position(is_header).unwrap_or(lines.len());
    // After the table: a line starting with a field label (2018: 备注) is section one again.
    let table_end = (table_start..lines.len())
        .find(|&index| {
            lines.get(index).is_some_and(|line| {
                line.first()
                    .is_some_and(|token| field_label(layout, &token.text))
            })
        })
        .unwrap_or(lines.len());
    section_one_rows(layout, lines.get(..table_start).unwrap_or_default(), rows);
    table_rows(
        layout,
        lines.get(table_start..table_end).unwrap_or_default(),
        rows,
    );
    section_one_rows(layout, lines.get(table_end..).unwrap_or_default(), rows);
}

/// Whether `text` is a label of one of `layout`'s fields.
fn field_label(layout: FormLayout, text: &str) -> bool {
    let key = label_key(text);
    layout
        .fields()
        .iter()
        .any(|spec| label_key(spec.label) == key)
}

/// The merged labels of the current layout's left column: they stand beside other rows'
/// texts (「项目绩效目标」 in the middle of the goals) and are left out.
const BLOCK_LABELS: &[&str] = &[
    "项目资金（元）",
    "项目资金",
    "（元）",
    "项目绩效目标",
    "绩效指标",
];

/// The texts printed as labels in section one besides the fields' (headings): cells that bound
/// values but are none.
const STRUCTURE_LABELS: &[&str] = &[
    "本项目上年度市级财政资金使用情况",
    "子项目名称",
    "预算金额（元）",
    "分解目标",
];

/// What a section-one line holds.
#[derive(Clone, Copy, Debug, PartialEq)]
enum LineKind {
    /// A line of its own: the title, the year line, 申报单位名称.
    Alone,
    /// No label: its tokens are pieces of values.
    Values,
    /// Labels with their values in the same row.
    Labels,
    /// The labels of texts printed under them (the goals; a 2020 long text).
    LabelsOver,
}

/// Section one: title, year and unit lines as rows of one cell; each line of labels a row of
/// `label, value, label, value …`; labels over texts a row of labels and a row of texts.
fn section_one_rows(layout: FormLayout, lines: &[Vec<Token>], rows: &mut Vec<Row<'static>>) {
    let is_label = |token: &Token| {
        field_label(layout, &token.text)
            || goal_label(&token.text)
            || STRUCTURE_LABELS
                .iter()
                .any(|label| label_key(label) == label_key(&token.text))
            || token.text.ends_with("年绩效目标")
    };
    let is_block = |token: &Token| {
        BLOCK_LABELS
            .iter()
            .any(|label| label_key(label) == label_key(&token.text))
    };
    // Lines that stand alone: the title, the year line, 申报单位名称：….
    let alone = |line: &Vec<Token>| match line.as_slice() {
        [only] => {
            matches!(find_title(&only.text), Some((0, _)))
                || parse_year_line(&only.text).is_some()
                || only
                    .text
                    .starts_with(FormLayout::Y2020.field_label(Field::DeclaringUnit))
        }
        _ => false,
    };
    let lines: Vec<Vec<Token>> = lines
        .iter()
        .map(|line| {
            line.iter()
                .filter(|token| !is_block(token))
                .cloned()
                .collect()
        })
        .collect();
    let kinds: Vec<LineKind> = lines
        .iter()
        .map(|line| {
            if alone(line) {
                return LineKind::Alone;
            }
            let labels: Vec<&Token> = line.iter().filter(|token| is_label(token)).collect();
            let over = labels.iter().any(|token| goal_label(&token.text))
                || (layout == FormLayout::Y2020
                    && line.len() == 1
                    && labels.first().is_some_and(|token| {
                        layout.fields().iter().any(|spec| {
                            label_key(spec.label) == label_key(&token.text)
                                && spec.kind == crate::model::FieldKind::LongText
                        })
                    }));
            match (labels.is_empty(), over) {
                (true, _) => LineKind::Values,
                (false, true) => LineKind::LabelsOver,
                (false, false) => LineKind::Labels,
            }
        })
        .collect();
    // Each value piece goes to a labelled line: the one over it when texts hang under their
    // labels, else the nearest.
    let mut pieces: Vec<Vec<&Token>> = vec![Vec::new(); lines.len()];
    let mut over: Option<usize> = None;
    for (index, line) in lines.iter().enumerate() {
        match kinds.get(index) {
            Some(LineKind::LabelsOver) => over = Some(index),
            Some(LineKind::Labels) => over = None,
            _ => {}
        }
        if kinds.get(index) == Some(&LineKind::Alone) {
            continue;
        }
        for token in line {
            if is_label(token) {
                continue;
            }
            let owner = match kinds.get(index) {
                Some(LineKind::Labels | LineKind::LabelsOver) => Some(index),
                _ => over.or_else(|| nearest_labelled(&kinds, &lines, index, token)),
            };
            match owner.and_then(|owner| pieces.get_mut(owner)) {
                Some(owned) => owned.push(token),
                None => rows.push(row(token.line, 0, vec![token.text.clone()])),
            }
        }
    }
    for (index, line) in lines.iter().enumerate() {
        let number = line.first().map_or(0, |token| token.line);
        let labels: Vec<&Token> = line.iter().filter(|token| is_label(token)).collect();
        let owned = pieces.get(index).map(Vec::as_slice).unwrap_or_default();
        match kinds.get(index) {
            Some(LineKind::Alone) => {
                let texts = line.iter().map(|token| token.text.clone()).collect();
                rows.push(row(number, 0, texts));
            }
            Some(LineKind::Labels) => {
                let mut texts = Vec::new();
                for (position, label) in labels.iter().enumerate() {
                    let next = labels.get(position + 1);
                    let mine: Vec<&Token> = owned
                        .iter()
                        .copied()
                        .filter(|piece| slot(piece, &labels) == position)
                        .collect();
                    texts.push(label.text.clone());
                    if next.is_some() || !mine.is_empty() {
                        texts.push(join(&mine));
                    }
                }
                rows.push(row(number, 0, texts));
            }
            Some(LineKind::LabelsOver) => {
                let (left, right) = split_under(owned, &labels);
                let mut label_texts: Vec<String> = Vec::new();
                let mut value_texts: Vec<String> = Vec::new();
                for (position, label) in labels.iter().enumerate() {
                    label_texts.push(label.text.clone());
                    label_texts.push(String::new());
                    let mine = if position == 0 { &left } else { &right };
                    value_texts.push(join(mine));
                    value_texts.push(String::new());
                }
                rows.push(row(number, 1, label_texts));
                rows.push(row(number, 1, value_texts));
            }
            _ => {}
        }
    }
    rows.sort_by_key(|row| row.number);
}

/// Whether the text is the label of a goal (`项目总目标`, perhaps with its span, or
/// `年度总体目标`).
fn goal_label(text: &str) -> bool {
    let key = label_key(text);
    let current = FormLayout::Current;
    key == current.field_label(Field::AnnualGoal)
        || key
            .strip_prefix(current.field_label(Field::OverallGoal))
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('（'))
}

/// The labelled line nearest to line `index`, for the value piece `piece` on it. On a tie the
/// line above takes it, unless that line already has a value under the piece (its cell is
/// then one line tall, and the piece is the first line of the cell below).
fn nearest_labelled(
    kinds: &[LineKind],
    lines: &[Vec<Token>],
    index: usize,
    piece: &Token,
) -> Option<usize> {
    let labelled = |at: usize| {
        kinds
            .get(at)
            .is_some_and(|kind| matches!(kind, LineKind::Labels | LineKind::LabelsOver))
    };
    (1..kinds.len()).find_map(|distance| {
        let above = index.checked_sub(distance).filter(|above| labelled(*above));
        let below = Some(index + distance).filter(|below| labelled(*below));
        let above_taken = above.is_some_and(|above| {
            lines.get(above).is_some_and(|line| {
                line.iter().any(|token| {
                    token.column < piece.end() && piece.column < token.end() && token != piece
                })
            })
        });
        match (above, below) {
            (Some(_), Some(below)) if above_taken => Some(below),
            (above, below) => above.or(below),
        }
    })
}

/// Which label's value a piece is: the last label starting left of it (the first label when it
/// starts left of all of them).
fn slot(piece: &Token, labels: &[&Token]) -> usize {
    labels
        .iter()
        .rposition(|label| label.column <= piece.column)
        .unwrap_or(0)
}

/// The texts under two labels (the goals), left and right: a line with two pieces gives one to
/// each; a lone piece goes to the label whose middle is nearer its own. Under one label, all.
fn split_under<'t>(pieces: &[&'t Token], labels: &[&Token]) -> (Vec<&'t Token>, Vec<&'t Token>) {
    let (mut left, mut right) = (Vec::new(), Vec::new());
    let [first, second] = labels else {
        return (pieces.to_vec(), right);
    };
    let mut lines: Vec<usize> = pieces.iter().map(|piece| piece.line).collect();
    lines.dedup();
    for line in lines {
        let mut on_line: Vec<&Token> = pieces
            .iter()
            .copied()
            .filter(|piece| piece.line == line)
            .collect();
        on_line.sort_by_key(|piece| piece.column);
        match on_line.as_slice() {
            [only] => {
                let nearer_first = (only.centre() - first.centre()).abs()
                    <= (only.centre() - second.centre()).abs();
                if nearer_first {
                    left.push(*only);
                } else {
                    right.push(*only);
                }
            }
            [head, rest @ ..] => {
                left.push(*head);
                right.extend(rest.iter().copied());
            }
            [] => {}
        }
    }
    (left, right)
}

/// What a token of the target table is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Level1,
    Level2,
    Name,
    Value,
}

/// The level-1 names a target table uses: the standard scheme's and the 2020 layout's.
fn is_level1_name(text: &str) -> bool {
    STANDARD_SCHEME.iter().any(|(level1, _)| *level1 == text) || y2020::LEVEL1_2020.contains(&text)
}

/// The level-2 names: the standard scheme's, 服务对象满意度 as the 2023 forms write it, and
/// the 2020 layout's.
fn is_level2_name(text: &str) -> bool {
    STANDARD_SCHEME
        .iter()
        .any(|(_, level2s)| level2s.contains(&text))
        || text == "服务对象满意度"
        || y2020::LEVEL2_2020.contains(&text)
}

/// The target table: its header lines (one per page) and the rows between them, emitted as a
/// grid `[label, level 1, level 2, level 3, value]` (2018: no level 2).
fn table_rows(layout: FormLayout, lines: &[Vec<Token>], rows: &mut Vec<Row<'static>>) {
    let headers = layout.indicator_headers();
    let mut start = 0;
    while let Some(header) = lines.get(start) {
        let end = (start + 1..lines.len())
            .find(|&index| {
                lines.get(index).is_some_and(|line| {
                    line.iter()
                        .any(|token| label_key(&token.text) == label_key(headers[0]))
                })
            })
            .unwrap_or(lines.len());
        let number = header.first().map_or(0, |token| token.line);
        let header_texts: Vec<String> = headers
            .iter()
            .filter(|header| !header.is_empty())
            .map(|header| (*header).to_owned())
            .collect();
        rows.push(row(number, 1, header_texts));
        let value_start = header
            .iter()
            .find(|token| label_key(&token.text) == label_key(headers[3]))
            .map_or(usize::MAX, |token| token.column);
        let level2_start = header
            .iter()
            .find(|token| label_key(&token.text) == label_key(headers[1]))
            .map_or(0, |token| token.column);
        let body = lines.get(start + 1..end).unwrap_or_default();
        page_table_rows(layout, body, value_start, level2_start, rows);
        start = end;
    }
}

/// The rows of the target table on one page, under a header whose value header starts at
/// `value_start` and level-2 header at `level2_start`.
fn page_table_rows(
    layout: FormLayout,
    lines: &[Vec<Token>],
    value_start: usize,
    level2_start: usize,
    rows: &mut Vec<Row<'static>>,
) {
    let mut parts: Vec<(Part, &Token)> = Vec::new();
    for token in lines.iter().flatten() {
        let key = label_key(&token.text);
        if key == "绩效指标" && token.column < level2_start.saturating_sub(10) {
            continue;
        }
        let part = if token.column + 4 >= value_start && token.column > level2_start {
            Part::Value
        } else if key == COST_LEVEL1 {
            // 成本指标 is a level-2 on the 2023 forms: told by where it stands.
            if token.column + 2 >= level2_start {
                Part::Level2
            } else {
                Part::Level1
            }
        } else if is_level1_name(&key) {
            Part::Level1
        } else if is_level2_name(&key) {
            Part::Level2
        } else {
            Part::Name
        };
        parts.push((part, token));
    }
    // 服务对象满意度 over 指标: one name wrapped in its cell.
    let mut joined: Vec<(Part, Token)> = Vec::new();
    let mut used = vec![false; parts.len()];
    for (index, (part, token)) in parts.iter().enumerate() {
        if used.get(index).copied().unwrap_or(true) {
            continue;
        }
        let mut token = (*token).clone();
        let mut part = *part;
        if (part == Part::Level2 || part == Part::Level1)
            && let Some(position) = parts.iter().enumerate().position(|(other, (_, rest))| {
                other != index
                    && !used.get(other).copied().unwrap_or(true)
                    && rest.line > token.line
                    && rest.line <= token.line + 2
                    && (is_level1_name(&format!("{}{}", token.text, rest.text))
                        || is_level2_name(&format!("{}{}", token.text, rest.text))
                        || format!("{}{}", token.text, rest.text) == "服务对象满意度指标")
            })
            && let Some((_, rest)) = parts.get(position)
        {
            token.text.push_str(&rest.text);
            // The name stands at the middle of its two lines.
            token.line = usize::midpoint(token.line, rest.line);
            if let Some(flag) = used.get_mut(position) {
                *flag = true;
            }
            if is_level1_name(&token.text) && token.text != COST_LEVEL1 {
                part = Part::Level1;
            } else {
                part = Part::Level2;
            }
        }
        if let Some(flag) = used.get_mut(index) {
            *flag = true;
        }
        joined.push((part, token));
    }
    let parts = joined;
    let on = |line: usize, wanted: Part| -> Vec<&Token> {
        parts
            .iter()
            .filter(|(part, token)| *part == wanted && token.line == line)
            .map(|(_, token)| token)
            .collect()
    };
    let widest = |wanted: Part| {
        parts
            .iter()
            .filter(|(part, _)| *part == wanted)
            .map(|(_, token)| token.text.chars().count())
            .max()
            .unwrap_or(0)
    };
    // A cell holds at least this many characters a line (Jixiao's level-3 cell holds 10).
    const LEAST_ROOM: usize = 8;
    let rooms = (
        widest(Part::Name).max(LEAST_ROOM),
        widest(Part::Value).max(LEAST_ROOM),
    );
    let mut content: Vec<usize> = parts
        .iter()
        .filter(|(part, _)| matches!(part, Part::Name | Part::Value))
        .map(|(_, token)| token.line)
        .collect();
    content.sort_unstable();
    content.dedup();
    // Rows: the lines cut into runs, each holding a name and its value centred alike, where only
    // a full line runs on into the next (the cut with the fewest rows, by dynamic programming).
    let mut best: Vec<(f64, usize)> = vec![(f64::INFINITY, 0); content.len() + 1];
    if let Some(first) = best.first_mut() {
        *first = (0.0, 0);
    }
    for end in 1..=content.len() {
        for start in end.saturating_sub(MAX_ROW_LINES)..end {
            let lines = content.get(start..end).unwrap_or_default();
            let Some(cost) = row_cost(lines, &on, rooms) else {
                continue;
            };
            let before = best.get(start).map_or(f64::INFINITY, |(cost, _)| *cost);
            if let Some(slot) = best.get_mut(end)
                && before + cost < slot.0
            {
                *slot = (before + cost, start);
            }
        }
    }
    let mut cuts = Vec::new();
    let mut end = content.len();
    while end > 0 {
        let start = best.get(end).map_or(0, |(_, start)| *start);
        cuts.push((start, end));
        end = start;
    }
    cuts.reverse();
    let table: Vec<TableRow<'_>> = cuts
        .into_iter()
        .filter_map(|(start, end)| {
            let lines = content.get(start..end)?;
            Some(TableRow {
                top: *lines.first()?,
                bottom: *lines.last()?,
                names: lines.iter().flat_map(|at| on(*at, Part::Name)).collect(),
                values: lines.iter().flat_map(|at| on(*at, Part::Value)).collect(),
            })
        })
        .collect();
    let level1 = assign_groups(&parts, Part::Level1, &table);
    let level2 = assign_groups(&parts, Part::Level2, &table);
    for (index, table_row) in table.iter().enumerate() {
        let mut texts = vec![level1.get(index).cloned().flatten().unwrap_or_default()];
        if layout.has_level2() {
            texts.push(level2.get(index).cloned().flatten().unwrap_or_default());
        }
        texts.push(join(&table_row.names));
        texts.push(join(&table_row.values));
        rows.push(row(table_row.top, 1, texts));
    }
}

/// The most lines one row of the target table is looked for in.
const MAX_ROW_LINES: usize = 8;

/// What it costs to take `lines` (lines with name or value pieces) as one row of the target
/// table, `None` when they cannot be one: its name lines and value lines must be centred alike
/// (both are centred in the row), and every name or value line but the last of each must be
/// full (a text runs on to the next line only when the line is full); a row with no value costs
/// more, one with no name most (both happen, rarely).
fn row_cost<'t>(
    lines: &[usize],
    on: &impl Fn(usize, Part) -> Vec<&'t Token>,
    (name_room, value_room): (usize, usize),
) -> Option<f64> {
    let (first, last) = (*lines.first()?, *lines.last()?);
    if last - first > MAX_ROW_LINES {
        return None;
    }
    let with = |part: Part| -> Vec<usize> {
        lines
            .iter()
            .copied()
            .filter(|line| !on(*line, part).is_empty())
            .collect()
    };
    let (names, values) = (with(Part::Name), with(Part::Value));
    // The longest piece of the page fills its cell; one character less may too when the line
    // breaker carried a character on (no lone character on the last line), which shows as a
    // short piece after it.
    let length = |line: usize, part: Part| {
        on(line, part)
            .iter()
            .map(|token| token.text.chars().count())
            .max()
            .unwrap_or(0)
    };
    let runs_on = |found: &[usize], part: Part, room: usize| {
        found.windows(2).all(|pair| {
            let (this, next) = (length(pair[0], part), length(pair[1], part));
            this >= 6 && (this >= room || (this + 1 >= room && 2 * next < room))
        })
    };
    if !runs_on(&names, Part::Name, name_room) || !runs_on(&values, Part::Value, value_room) {
        return None;
    }
    let middle = |found: &[usize]| -> f64 {
        let (Some(first), Some(last)) = (found.first(), found.last()) else {
            return 0.0;
        };
        (*first + *last) as f64 / 2.0
    };
    // A quantitative value (`=100.00(%)`) is whole: it never runs on to a second line.
    let whole = values.split_last().is_some_and(|(_, before)| {
        before.iter().any(|line| {
            on(*line, Part::Value).iter().any(|token| {
                TargetValue::parse(&token.text).is_some_and(|value| value.is_quantitative())
            })
        })
    });
    if whole {
        return None;
    }
    // Centred alike: the same middle line, or half a line apart when one has an odd number of
    // lines and the other an even one (the text then puts a one-line name on one of the
    // value's lines). Lines lopsided about the value's middle cost more: a name line too many
    // above it is the name of the row before.
    let lopsided = {
        let centre = middle(&values);
        let above = names.iter().filter(|line| (**line as f64) < centre).count();
        let below = names.iter().filter(|line| (**line as f64) > centre).count();
        above.abs_diff(below) as f64
    };
    match (names.is_empty(), values.is_empty()) {
        (false, false) if (middle(&names) - middle(&values)).abs() <= 0.5 => {
            Some(1.0 + 1.2 * lopsided)
        }
        (false, false) => None,
        (false, true) => Some(1.0),
        (true, false) if lines.len() == 1 => Some(3.0),
        _ => None,
    }
}

/// One row of the target table as the text shows it: its lines and its name and value pieces.
struct TableRow<'t> {
    top: usize,
    bottom: usize,
    names: Vec<&'t Token>,
    values: Vec<&'t Token>,
}

/// For each row of `table`, the name of the group of kind `part` that starts on it. The names
/// of the kind cut the rows into consecutive groups, each name standing within its group's
/// lines, as near their middle as can be (the cut that strays least in all, found by dynamic
/// programming); the first group starts at the first row.
fn assign_groups(
    parts: &[(Part, Token)],
    part: Part,
    table: &[TableRow<'_>],
) -> Vec<Option<String>> {
    let mut starts = vec![None; table.len()];
    let names: Vec<&Token> = parts
        .iter()
        .filter(|(kind, _)| *kind == part)
        .map(|(_, token)| token)
        .collect();
    let (rows, groups) = (table.len(), names.len());
    if rows == 0 || groups == 0 {
        return starts;
    }
    // Where things stand on the page, in lines: a row is as tall as its lines plus its cells'
    // padding (about 0.4 of a line); a name on a line of its own stands between two rows.
    const PADDING_LINES: f64 = 0.4;
    let mut row_tops = Vec::with_capacity(rows + 1);
    let mut top = 0.0;
    for table_row in table {
        row_tops.push(top);
        top += (table_row.bottom - table_row.top + 1) as f64 + PADDING_LINES;
    }
    row_tops.push(top);
    let position = |line: usize| -> f64 {
        for (index, table_row) in table.iter().enumerate() {
            let start = row_tops.get(index).copied().unwrap_or(0.0);
            if line < table_row.top {
                return start;
            }
            if line <= table_row.bottom {
                return start + PADDING_LINES / 2.0 + (line - table_row.top) as f64 + 0.5;
            }
        }
        top
    };
    // cost[j][k]: least straying of the first j names over the first k rows; from[j][k]: where
    // group j starts.
    let cost_of = |name: &Token, first: usize, last: usize| -> Option<f64> {
        let (top_line, bottom_line) = (table.get(first)?.top, table.get(last)?.bottom);
        let inside = top_line <= name.line + 1 && name.line <= bottom_line + 1;
        let start = row_tops.get(first).copied()?;
        let end = row_tops.get(last + 1).copied()?;
        let straying = ((start + end) / 2.0 - position(name.line)).abs();
        Some(if inside { straying } else { straying + 1000.0 })
    };
    let mut cost = vec![vec![f64::INFINITY; rows + 1]; groups + 1];
    let mut from = vec![vec![0usize; rows + 1]; groups + 1];
    if let Some(first) = cost.first_mut().and_then(|row| row.first_mut()) {
        *first = 0.0;
    }
    for group in 1..=groups {
        let Some(name) = names.get(group - 1) else {
            break;
        };
        for end in group..=rows {
            for start in (group - 1)..end {
                let before = cost
                    .get(group - 1)
                    .and_then(|row| row.get(start))
                    .copied()
                    .unwrap_or(f64::INFINITY);
                let Some(own) = cost_of(name, start, end - 1) else {
                    continue;
                };
                let total = before + own;
                if let Some(slot) = cost.get_mut(group).and_then(|row| row.get_mut(end))
                    && total < *slot
                {
                    *slot = total;
                    if let Some(origin) = from.get_mut(group).and_then(|row| row.get_mut(end)) {
                        *origin = start;
                    }
                }
            }
        }
    }
    let mut end = rows;
    for group in (1..=groups).rev() {
        let start = from
            .get(group)
            .and_then(|row| row.get(end))
            .copied()
            .unwrap_or(0);
        if let (Some(slot), Some(name)) = (starts.get_mut(start), names.get(group - 1)) {
            *slot = Some(name.text.clone());
        }
        end = start;
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(line: &str) -> Vec<(usize, String)> {
        tokens(1, line)
            .into_iter()
            .map(|token| (token.column, token.text))
            .collect()
    }

    #[test]
    fn spaces_between_cells_and_inside_justified_lines() {
        assert_eq!(
            texts("  项目名称     信息化建设项目   项目性质"),
            [
                (2, "项目名称".to_owned()),
                (11, "信息化建设项目".to_owned()),
                (21, "项目性质".to_owned())
            ]
        );
        assert_eq!(
            texts("服务对象满意度 技术支持满意度"),
            [
                (0, "服务对象满意度".to_owned()),
                (8, "技术支持满意度".to_owned())
            ]
        );
        assert_eq!(texts("求 ， 认 真 践 行"), [(0, "求，认真践行".to_owned())]);
        assert_eq!(
            texts("1.项目启动 2020-01-01"),
            [(0, "1.项目启动 2020-01-01".to_owned())]
        );
    }

    #[test]
    fn only_spaced_out_text_with_a_title_is_layout_text() {
        let layout = "        财政项目支出绩效目标申报表\n项目名称     甲     项目性质     乙\n主管部门     丙\n计划开始日期     2026-01-01";
        assert!(looks_like_layout_text(layout));
        assert!(!looks_like_layout_text(
            "财政项目支出绩效目标申报表\n项目名称\t甲"
        ));
        assert!(!looks_like_layout_text(
            "项目名称     甲     项目性质     乙"
        ));
    }
}
