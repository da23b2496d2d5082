//! Importer for the 2020 layout, 「财政项目支出绩效目标表（2020年度）」 (docs/form.md §6), from the
//! text of its PDF (sample form `forms-2020.txt`).
//!
//! The PDF text is a stream of `标签：值` pairs, several per line, whose values wrap at the cell
//! width wherever the line is full (mid-word, mid-date: `IPT\nV`, `202\n0-01-31`), followed by
//! the target table, one row per line with the value as the last space-separated token.
//!
//! How wrapped text is put back together (decided from the seed forms):
//! - a line break is not a paragraph break: lines are joined with nothing between them, so CJK
//!   text and split words and dates close up again;
//! - except that a space comes back where a line break fell between a complete date and text
//!   (`2020-03-31\n资金使用30%`): the same plan printed on one line has the space
//!   (`2020-12-31 资金使用100%`), the PDF dropped it at the wrap;
//! - paragraphs start at the visible numbering, `1.` `2.` `3.` … in sequence, when the number
//!   follows a space or a line break (`互补性。 2.远教系统`, `功能。\n2.承担`); the number is
//!   kept in the text and the space before it becomes the paragraph break (`\n`).
//!
//! Depends on the model and the shared helpers in `legacy`; must not depend on the other
//! layouts' importers.

use super::cells::{Row, label_key, read_field};
use super::legacy::{Warnings, is_year_line, title_line_rest};
use super::targets::{TargetColumns, TargetTable};
use super::{FormImport, Line};
use crate::model::{
    Declaration, Field, FieldKind, FieldSpec, FormLayout, Level1Indicator, Level2Indicator,
    Level3Indicator, TargetValue,
};

/// The labelled fields of the 2020 form's upper part: the field table's fields of the layout
/// but 年度 (the year line), labels as printed before their colon (sample form `forms-2020.txt`).
fn labelled_fields() -> impl Iterator<Item = &'static FieldSpec> {
    FormLayout::Y2020
        .fields()
        .iter()
        .filter(|spec| spec.kind != FieldKind::Year)
}

/// A heading line of the money block; it carries no value.
const MONEY_HEADING: &str = "本项目上年度市级财政资金使用情况";

/// 一级目标 names of the 2020 target table (sample form `forms-2020.txt`).
pub(crate) const LEVEL1_2020: &[&str] = &["投入与管理", "产出目标", "效果目标", "影响力目标"];

/// 二级目标 names of the 2020 target table: those of the seed forms, plus the other level-2
/// names of the same scheme (生态效益, 可持续影响) so that a form using them imports too.
pub(crate) const LEVEL2_2020: &[&str] = &[
    "投入管理",
    "财务管理",
    "实施管理",
    "资产管理",
    "数量",
    "质量",
    "时效",
    "成本",
    "经济效益",
    "社会效益",
    "生态效益",
    "可持续影响",
    "满意度",
    "长效管理",
];

/// The column headers of the target table, repeated after a page break.
const TABLE_HEADER: [&str; 4] = ["一级目标", "二级目标", "三级目标", "指标目标值"];

/// Reads one 2020 form, `lines` running from its title line to the line before the next form.
///
/// Every field comes in; text before the first label, after the money heading without a label,
/// or anywhere it cannot be placed becomes a warning with its line. Never panics.
pub(crate) fn import_form(fiscal_year: i32, lines: &[Line<'_>]) -> FormImport {
    let mut warnings = Warnings::default();
    let table_start = lines
        .iter()
        .position(|line| is_table_heading(line.text) || is_table_header(line.text))
        .unwrap_or(lines.len());
    let (header_lines, table_lines) = lines.split_at(table_start);
    let segments = segment_header(header_lines, &mut warnings);
    let mut declaration = Declaration::empty(FormLayout::Y2020, fiscal_year);
    let mut seen: Vec<Field> = Vec::new();
    for segment in &segments {
        if seen.contains(&segment.spec.field) {
            let (text, _) = join_wrapped(&segment.pieces);
            warnings.push(
                segment.line,
                format!(
                    "「{}」重复出现，第二次的内容未导入：「{text}」",
                    segment.spec.label
                ),
            );
            continue;
        }
        seen.push(segment.spec.field);
        place(segment, &mut declaration, &mut warnings);
    }
    if table_lines.is_empty() {
        let line = lines.last().map_or(0, |line| line.number);
        warnings.push(
            line,
            "未找到绩效目标表（一级目标 二级目标 三级目标 指标目标值）",
        );
    }
    declaration.indicators = read_targets(table_lines, &mut warnings);
    FormImport {
        declaration,
        warnings: warnings.0,
    }
}

/// Reads one 2020 form whose cells sit on a true grid (a worksheet, a PDF's table), as Jixiao
/// prints it: `label | value | label | value` rows, each long text in the row under its label,
/// the money under 「本项目上年度市级财政资金使用情况」, then 「2020年绩效目标」 and the target
/// table, read by its columns ([`TargetTable`]). A label's value is the cell to its right (or,
/// for a long text alone on its row, the row under it), kept as written: a cell's line breaks
/// are its paragraphs, and nothing is joined or split as wrapped PDF text is. `申报单位名称：…`
/// may stand in one cell. Never panics.
pub(crate) fn import_grid_form(fiscal_year: i32, title: Line<'_>, rows: &[Row<'_>]) -> FormImport {
    let mut reader = GridReader {
        declaration: Declaration::empty(FormLayout::Y2020, fiscal_year),
        warnings: Warnings::default(),
        seen: Vec::new(),
        open: None,
        targets: None,
    };
    let rest = title_line_rest(title.text, FormLayout::Y2020.title());
    if !rest.is_empty() {
        reader.warnings.unplaced(title.number, rest);
    }
    for (index, row) in rows.iter().enumerate() {
        reader.row(index, row);
    }
    reader.close();
    let mut declaration = reader.declaration;
    let mut warnings = reader.warnings;
    match reader.targets {
        Some(table) => {
            declaration.indicators = table.indicators;
            warnings.0.extend(table.warnings);
        }
        None => {
            let line = rows.last().map_or(title.number, |row| row.number);
            warnings.push(
                line,
                "未找到绩效目标表（一级目标 二级目标 三级目标 指标目标值）",
            );
        }
    }
    FormImport {
        declaration,
        warnings: warnings.0,
    }
}

/// A label whose value is being read: its field, its line, the cells of its value so far.
struct OpenField {
    spec: &'static FieldSpec,
    line: usize,
    values: Vec<String>,
    /// The row (index) the label is on.
    row: usize,
}

/// The state of reading a 2020 form on a grid.
struct GridReader {
    declaration: Declaration,
    warnings: Warnings,
    seen: Vec<Field>,
    open: Option<OpenField>,
    targets: Option<TargetTable>,
}

impl GridReader {
    fn row(&mut self, index: usize, row: &Row<'_>) {
        // Labels compare trimmed; values are kept as written (a grid's cells are the user's).
        let cells: Vec<(usize, &str)> = row
            .cells
            .iter()
            .map(|cell| (cell.line, cell.text.as_ref()))
            .filter(|(_, text)| !text.trim().is_empty())
            .collect();
        if cells.is_empty() {
            return;
        }
        if let Some(columns) = TargetColumns::from_header(FormLayout::Y2020, row) {
            self.close();
            match &mut self.targets {
                Some(table) => table.set_columns(columns),
                None => self.targets = Some(TargetTable::new(FormLayout::Y2020, columns)),
            }
            return;
        }
        if let Some(table) = &mut self.targets {
            table.row(row);
            return;
        }
        if let [(_, only)] = cells.as_slice()
            && ((index < 2 && is_year_line(only))
                || only.trim() == MONEY_HEADING
                || is_table_heading(only))
        {
            self.close();
            return;
        }
        for (line, text) in cells {
            match grid_label(text) {
                Some((spec, value)) => {
                    self.close();
                    let values = if value.is_empty() {
                        Vec::new()
                    } else {
                        vec![value.to_owned()]
                    };
                    self.open = Some(OpenField {
                        spec,
                        line,
                        values,
                        row: index,
                    });
                }
                None => match &mut self.open {
                    Some(open) => open.values.push(text.to_owned()),
                    None => self.warnings.unplaced(line, text),
                },
            }
        }
        // A long text alone on its row waits for the row under it; any other label is done.
        if let Some(open) = &self.open
            && !(open.row == index
                && open.spec.kind == FieldKind::LongText
                && open.values.is_empty())
        {
            self.close();
        }
    }

    /// Puts the open label's value into its field.
    fn close(&mut self) {
        let Some(open) = self.open.take() else {
            return;
        };
        let value = open.values.join("\n");
        let spec = open.spec;
        if self.seen.contains(&spec.field) {
            self.warnings.push(
                open.line,
                format!(
                    "「{}」重复出现，第二次的内容未导入：「{value}」",
                    spec.label
                ),
            );
            return;
        }
        self.seen.push(spec.field);
        if spec.kind == FieldKind::LongText {
            self.declaration.set_text(spec.field, &value);
        } else if let Some(warning) = read_field(&mut self.declaration, spec, &value) {
            self.warnings.push(open.line, warning);
        }
    }
}

/// The field a cell labels, and the value written in the same cell after a colon
/// (`申报单位名称：上海市党建服务中心`); labels compare by [`label_key`], a colon after them
/// allowed.
fn grid_label(text: &str) -> Option<(&'static FieldSpec, &str)> {
    labelled_fields().find_map(|spec| {
        if label_key(text.trim().trim_end_matches(['：', ':'])) == label_key(spec.label) {
            return Some((spec, ""));
        }
        let rest = text.trim_start().strip_prefix(spec.label)?.trim_start();
        let value = rest.strip_prefix(['：', ':'])?;
        Some((spec, value))
    })
}

/// One label and the wrapped text that follows it up to the next label.
struct Segment<'a> {
    /// The field the label names.
    spec: &'static FieldSpec,
    /// Line of the label.
    line: usize,
    /// The value's pieces, one per line it was printed on.
    pieces: Vec<&'a str>,
}

/// Cuts the upper part of the form into labelled segments; unlabelled text becomes a warning.
fn segment_header<'a>(lines: &[Line<'a>], warnings: &mut Warnings) -> Vec<Segment<'a>> {
    let mut segments: Vec<Segment<'a>> = Vec::new();
    // Whether text without a label continues the last segment (false after the money heading).
    let mut open = false;
    for (index, line) in lines.iter().enumerate() {
        let trimmed = line.text.trim();
        if index == 0 {
            // The title line, by the dispatcher's contract; perhaps with its year.
            let rest = title_line_rest(trimmed, FormLayout::Y2020.title());
            if !rest.is_empty() {
                warnings.unplaced(line.number, rest);
            }
            continue;
        }
        if trimmed.is_empty() || (index <= 2 && is_year_line(trimmed)) {
            continue;
        }
        if trimmed == MONEY_HEADING {
            open = false;
            continue;
        }
        let found = find_labels(line.text);
        let first_start = found.first().map_or(line.text.len(), |label| label.start);
        let before = &line.text[..first_start];
        if !before.trim().is_empty() {
            match segments.last_mut() {
                Some(segment) if open => segment.pieces.push(before),
                _ => warnings.unplaced(line.number, before),
            }
        }
        for (i, label) in found.iter().enumerate() {
            let end = found.get(i + 1).map_or(line.text.len(), |next| next.start);
            let value = line.text.get(label.value_start..end).unwrap_or_default();
            segments.push(Segment {
                spec: label.spec,
                line: line.number,
                pieces: vec![value],
            });
            open = true;
        }
    }
    segments
}

/// A label found on a line: where it starts and where its value starts (after the colon).
struct FoundLabel {
    spec: &'static FieldSpec,
    start: usize,
    value_start: usize,
}

/// The labels on a line, in order. A label counts only at the start of the line or after a
/// space, and only when a colon (`：` or `:`, perhaps after spaces) follows it, so the words
/// inside long texts do not.
fn find_labels(text: &str) -> Vec<FoundLabel> {
    let mut found = Vec::new();
    for spec in labelled_fields() {
        let name = spec.label;
        let mut from = 0;
        while let Some(offset) = text.get(from..).and_then(|rest| rest.find(name)) {
            let start = from + offset;
            let after = start + name.len();
            from = after;
            let at_boundary = text[..start]
                .chars()
                .next_back()
                .is_none_or(char::is_whitespace);
            let rest = text[after..].trim_start();
            let colon = rest.strip_prefix(['：', ':']);
            if let (true, Some(value)) = (at_boundary, colon) {
                found.push(FoundLabel {
                    spec,
                    start,
                    value_start: text.len() - value.len(),
                });
            }
        }
    }
    found.sort_by_key(|label| label.start);
    found
}

/// Puts one segment's value into its field: long texts with their paragraphs restored, the
/// other kinds read as their cells are (money, dates, 是/否).
fn place(segment: &Segment<'_>, declaration: &mut Declaration, warnings: &mut Warnings) {
    let (joined, joins) = join_wrapped(&segment.pieces);
    let spec = segment.spec;
    if spec.kind == FieldKind::LongText {
        declaration.set_text(spec.field, &split_paragraphs(&joined, &joins));
    } else if let Some(warning) = read_field(declaration, spec, &joined) {
        warnings.push(segment.line, warning);
    }
}

/// Whether the line is the target table's heading 「2020年绩效目标」.
fn is_table_heading(text: &str) -> bool {
    text.trim()
        .strip_suffix("年绩效目标")
        .is_some_and(|year| year.len() == 4 && year.chars().all(|c| c.is_ascii_digit()))
}

/// Whether the line is the target table's column header (repeated after a page break).
fn is_table_header(text: &str) -> bool {
    text.split_whitespace().eq(TABLE_HEADER)
}

/// Joins the lines of one wrapped text with nothing between them (see the module docs for the
/// one exception, a space after or before a complete date). Returns the text and the byte
/// offsets in it where a line was joined.
fn join_wrapped(pieces: &[&str]) -> (String, Vec<usize>) {
    let mut text = String::new();
    let mut joins = Vec::new();
    for piece in pieces
        .iter()
        .map(|piece| piece.trim())
        .filter(|piece| !piece.is_empty())
    {
        if !text.is_empty() {
            if needs_space(&text, piece) {
                text.push(' ');
            }
            joins.push(text.len());
        }
        text.push_str(piece);
    }
    (text, joins)
}

/// Whether the space the PDF dropped at a wrap between `before` and `after` must come back.
fn needs_space(before: &str, after: &str) -> bool {
    let (Some(last), Some(first)) = (before.chars().next_back(), after.chars().next()) else {
        return false;
    };
    match trailing_date_day_digits(before) {
        // `2020-12-3` + `1 …`: the day itself wrapped.
        Some(1) if first.is_ascii_digit() => false,
        Some(_) => !is_punctuation(first),
        None => starts_with_date(after) && !last.is_ascii_digit() && !is_punctuation(last),
    }
}

/// When `text` ends with a date `YYYY-M-D` (not preceded by a digit), the number of digits of
/// its day.
fn trailing_date_day_digits(text: &str) -> Option<usize> {
    let mut parts = text.rsplitn(4, '-');
    let day = parts.next()?;
    let month = parts.next()?;
    let year_part = parts.next()?;
    let year_digits: String = year_part
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect();
    let plain = |s: &str| (1..=2).contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit());
    (plain(day) && plain(month) && year_digits.len() == 4).then_some(day.len())
}

/// Whether `text` starts with a complete date `YYYY-MM-DD` not followed by another digit.
fn starts_with_date(text: &str) -> bool {
    let mut parts = text.splitn(3, '-');
    let (Some(year), Some(month), Some(rest)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let day: String = rest.chars().take_while(char::is_ascii_digit).collect();
    year.len() == 4
        && year.chars().all(|c| c.is_ascii_digit())
        && (1..=2).contains(&month.len())
        && month.chars().all(|c| c.is_ascii_digit())
        && (1..=2).contains(&day.len())
}

/// ASCII and CJK punctuation, after or before which no space is restored.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation() || "，。、；：？！“”‘’（）《》〈〉〔〕【】「」".contains(c)
}

/// Starts a new paragraph (`\n`) before each visible number `2.` `3.` … that follows the previous
/// one in sequence and stands after a space or a joined line break. See the module docs.
fn split_paragraphs(text: &str, joins: &[usize]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut expected = 1_u32;
    let mut paragraph_start = 0;
    for (pos, c) in text.char_indices() {
        if !c.is_ascii_digit() {
            continue;
        }
        let previous = text[..pos].chars().next_back();
        if previous.is_some_and(|p| p.is_ascii_digit()) {
            continue;
        }
        let at_boundary =
            previous.is_none_or(char::is_whitespace) || joins.binary_search(&pos).is_ok();
        if !at_boundary || marker_number(&text[pos..]) != Some(expected) {
            continue;
        }
        expected += 1;
        if pos > 0 {
            out.push_str(text[paragraph_start..pos].trim_end());
            out.push('\n');
            paragraph_start = pos;
        }
    }
    out.push_str(&text[paragraph_start..]);
    out
}

/// The number of a paragraph marker `12.` / `12．` / `12、` at the start of `text`, when a
/// non-digit, non-space character follows it.
fn marker_number(text: &str) -> Option<u32> {
    let digits_len = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, rest) = text.split_at(digits_len);
    let mut rest = rest.chars();
    let dot = rest.next()?;
    let next = rest.next()?;
    let is_marker =
        matches!(dot, '.' | '．' | '、') && !next.is_ascii_digit() && !next.is_whitespace();
    if is_marker { digits.parse().ok() } else { None }
}

/// A level-3 name printed alone on its line, waiting for its value or the next row.
struct PendingName {
    line: usize,
    name: String,
}

/// Reads the target table: level-1 and level-2 names stand on their own lines or at the start of
/// a row; a row's value is its last space-separated token.
fn read_targets(lines: &[Line<'_>], warnings: &mut Warnings) -> Vec<Level1Indicator> {
    let mut tree: Vec<Level1Indicator> = Vec::new();
    let mut pending: Option<PendingName> = None;
    for line in lines {
        let trimmed = line.text.trim();
        if trimmed.is_empty() || is_table_heading(trimmed) || is_table_header(trimmed) {
            continue;
        }
        let tokens: Vec<&str> = trimmed.split_whitespace().collect();
        let mut rest = tokens.as_slice();
        let mut labelled = false;
        while let Some((first, tail)) = rest.split_first() {
            if LEVEL1_2020.contains(first) {
                flush_pending(&mut pending, &mut tree, warnings);
                tree.push(Level1Indicator::new(*first));
            } else if LEVEL2_2020.contains(first) {
                flush_pending(&mut pending, &mut tree, warnings);
                level1_for_row(&mut tree, line.number, first, warnings)
                    .children
                    .push(Level2Indicator::new(*first));
            } else {
                break;
            }
            labelled = true;
            rest = tail;
        }
        let Some((value, name_tokens)) = rest.split_last() else {
            continue;
        };
        let adjacent = pending
            .as_ref()
            .is_some_and(|p| p.line + 1 == line.number && !labelled);
        if name_tokens.is_empty() {
            let is_value = TargetValue::parse(value).is_some_and(|v| v.is_quantitative());
            if adjacent && is_value {
                if let Some(p) = pending.take() {
                    push_row(&mut tree, p.line, p.name, value, warnings);
                }
            } else {
                flush_pending(&mut pending, &mut tree, warnings);
                pending = Some(PendingName {
                    line: line.number,
                    name: (*value).to_owned(),
                });
            }
            continue;
        }
        let mut name = name_tokens.join(" ");
        if adjacent {
            if let Some(p) = pending.take() {
                warnings.push(
                    line.number,
                    format!(
                        "指标名称跨行，已将「{}」与「{name}」合并为一个三级目标，请核对",
                        p.name
                    ),
                );
                name = p.name + &name;
            }
        } else {
            flush_pending(&mut pending, &mut tree, warnings);
        }
        push_row(&mut tree, line.number, name, value, warnings);
    }
    flush_pending(&mut pending, &mut tree, warnings);
    tree
}

/// A name left alone on its line becomes a level-3 target without value, with a warning.
fn flush_pending(
    pending: &mut Option<PendingName>,
    tree: &mut Vec<Level1Indicator>,
    warnings: &mut Warnings,
) {
    if let Some(p) = pending.take() {
        warnings.push(
            p.line,
            format!("三级目标「{}」没有指标目标值，已按空值导入", p.name),
        );
        level2_for_row(tree, p.line, &p.name, warnings)
            .children
            .push(Level3Indicator::new(p.name, None));
    }
}

/// Adds a level-3 row with its written value.
fn push_row(
    tree: &mut Vec<Level1Indicator>,
    line: usize,
    name: String,
    value: &str,
    warnings: &mut Warnings,
) {
    let target = TargetValue::parse(value);
    level2_for_row(tree, line, &name, warnings)
        .children
        .push(Level3Indicator::new(name, target));
}

/// The current level-1 group, or a new unnamed one (with a warning) when none has started.
fn level1_for_row<'t>(
    tree: &'t mut Vec<Level1Indicator>,
    line: usize,
    what: &str,
    warnings: &mut Warnings,
) -> &'t mut Level1Indicator {
    if tree.is_empty() {
        warnings.push(
            line,
            format!("「{what}」之前没有一级目标，已放入无名的一级目标"),
        );
        tree.push(Level1Indicator::new(""));
    }
    let last = tree.len() - 1;
    &mut tree[last]
}

/// The current level-2 group, or a new unnamed one (with a warning) when none has started.
fn level2_for_row<'t>(
    tree: &'t mut Vec<Level1Indicator>,
    line: usize,
    what: &str,
    warnings: &mut Warnings,
) -> &'t mut Level2Indicator {
    let level1 = level1_for_row(tree, line, what, warnings);
    if level1.children.is_empty() {
        warnings.push(
            line,
            format!("「{what}」之前没有二级目标，已放入无名的二级目标"),
        );
        level1.children.push(Level2Indicator::new(""));
    }
    let last = level1.children.len() - 1;
    &mut level1.children[last]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_words_and_dates_close_up() {
        let (text, joins) = join_wrapped(&["共同输送（互联网子平台、IPT", "V子平台）"]);
        assert_eq!(text, "共同输送（互联网子平台、IPTV子平台）");
        assert_eq!(joins, ["共同输送（互联网子平台、IPT".len()]);
        let (text, _) = join_wrapped(&[
            "3.项目招标 202",
            "0-01-31 4.项目合同签订 2020-03-31",
            "资金使用30%",
        ]);
        assert_eq!(
            text,
            "3.项目招标 2020-01-31 4.项目合同签订 2020-03-31 资金使用30%"
        );
        let (text, _) = join_wrapped(&["6.项目收尾 2020-12-3", "1 资金使用100%"]);
        assert_eq!(text, "6.项目收尾 2020-12-31 资金使用100%");
        let (text, _) = join_wrapped(&["2.项目需求分析", "2020-01-31"]);
        assert_eq!(text, "2.项目需求分析 2020-01-31");
        let (text, _) = join_wrapped(&["(中办发〔", "2007〕18号)"]);
        assert_eq!(text, "(中办发〔2007〕18号)");
    }

    #[test]
    fn paragraphs_start_at_numbers_in_sequence() {
        let (text, joins) = join_wrapped(&["1.甲。 2.乙", "丙。", "3.丁 5.戊 2020-01-01 4", ".己"]);
        assert_eq!(
            split_paragraphs(&text, &joins),
            "1.甲。\n2.乙丙。\n3.丁 5.戊 2020-01-01\n4.己"
        );
        assert_eq!(split_paragraphs("版本 1.5 以上", &[]), "版本 1.5 以上");
        assert_eq!(split_paragraphs("无编号的文字", &[]), "无编号的文字");
    }

    fn lines(text: &str) -> Vec<Line<'_>> {
        text.lines()
            .enumerate()
            .map(|(i, text)| Line {
                number: i + 1,
                text,
            })
            .collect()
    }

    #[test]
    fn title_with_its_year_on_one_line() {
        let text = "财政项目支出绩效目标表（2020年度）\n项目名称： 甲\n 2020年绩效目标\n产出目标\n数量 乙 =1次";
        let imported = import_form(2020, &lines(text));
        assert_eq!(imported.warnings, []);
        assert_eq!(imported.declaration.project_name, "甲");
        assert_eq!(imported.declaration.level3_count(), 1);
        let imported = import_form(
            2020,
            &lines("财政项目支出绩效目标表 附件一\n 2020年绩效目标"),
        );
        assert_eq!(imported.warnings.len(), 1);
        assert!(imported.warnings[0].1.contains("附件一"));
    }

    #[test]
    fn repeated_table_headers_are_skipped() {
        let text = concat!(
            "财政项目支出绩效目标表\n 2020年绩效目标\n一级目标 二级目标 三级目标 指标目标值\n",
            "产出目标\n数量 甲 =1次\n一级目标 二级目标 三级目标 指标目标值\n 2020年绩效目标\n",
            "乙 =2次\n"
        );
        let imported = import_form(2020, &lines(text));
        assert_eq!(imported.warnings, []);
        let names: Vec<_> = imported
            .declaration
            .level3_indicators()
            .map(|(_, level3)| level3.name.clone())
            .collect();
        assert_eq!(names, ["甲", "乙"]);
    }

    #[test]
    fn labels_need_a_colon_and_a_boundary() {
        let labels = find_labels("项目名称： 电教远教工作经费 项目类别： 经常性专项业务费");
        let names: Vec<_> = labels.iter().map(|l| l.spec.label).collect();
        assert_eq!(names, ["项目名称", "项目类别"]);
        assert!(find_labels("本项目名称：xx").is_empty());
        assert_eq!(
            find_labels("绩效类型 ： 事业/专业类")[0].spec.label,
            "绩效类型"
        );
        assert!(find_labels("项目概况 未加冒号").is_empty());
    }
}
