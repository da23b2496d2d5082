//! Text measuring, line breaking and justification for the printed form.
//!
//! Glyph advances come from the bundled fonts (read with `ttf-parser` through [`crate::fonts`]);
//! break opportunities are UAX #14's (`unicode-linebreak`), narrowed by the rules of Chinese
//! typesetting that the form needs, as the W3C *Requirements for Chinese Text Layout* (clreq)
//! describes them:
//!
//! - kinsoku: no line starts with a closing mark and none ends with an opening one
//!   ([`NO_LINE_START`], [`NO_LINE_END`]);
//! - a number is never cut from the unit, percent sign or date character after it
//!   (「31 / 日」, 「1 / 小时」), and a date like 2023年12月31日 stays whole where the line allows;
//! - adjacent full-width punctuation is compressed: in 「》（」 or 「，“」 the first mark gives up its
//!   blank half (clreq §3.1.6, 标点挤压);
//! - a paragraph does not end with a single character on its last line when an earlier break
//!   leaves room for two;
//! - justified lines ([`glyph_positions`]) spread the remaining width over the gaps between characters.
//!
//! Pure: no I/O, no PDF types.

use unicode_linebreak::{BreakOpportunity, linebreaks};

use super::{Face, Pt};

/// Characters that must not start a line (kinsoku shori, as Chinese typesetting applies it),
/// and the check box □, which belongs to the option written before it.
pub const NO_LINE_START: &[char] = &[
    '，', '。', '、', '；', '：', '？', '！', '）', '」', '』', '”', '’', '》', '〉', '】', '〕',
    '…', ',', '.', ';', ':', '?', '!', ')', '%', '％', '‰', '℃', '□',
];

/// Characters that must not end a line.
pub const NO_LINE_END: &[char] = &[
    '（', '「', '『', '“', '‘', '《', '〈', '【', '〔', '(', '≥', '≤', '＝', '<', '>', '=',
];

/// Full-width closing marks whose blank half is on the right (GB style: 「，。、；：」 sit left).
const CLOSING_MARKS: &[char] = &[
    '，', '。', '、', '；', '：', '）', '」', '』', '”', '’', '》', '〉', '】', '〕', '］', '｝',
];

/// Full-width opening marks whose blank half is on the left.
const OPENING_MARKS: &[char] = &[
    '（', '「', '『', '“', '‘', '《', '〈', '【', '〔', '［', '｛',
];

/// Characters that are a unit when they follow a number: a break between the number and them
/// would cut 「31日」 or 「90%」 (clreq §3.2, 不可分割的数字与单位).
const UNIT_AFTER_NUMBER: &[char] = &[
    '%', '％', '‰', '℃', '°', '年', '月', '日', '号', '时', '分', '秒',
];

/// Units of more than one character, kept whole after a number (「1小时」, 「30分钟」).
const MULTI_CHAR_UNITS: &[&str] = &[
    "小时",
    "分钟",
    "工作日",
    "个月",
    "万元",
    "亿元",
    "万页",
    "万人",
    "人次",
    "场次",
    "课时",
    "学时",
    "平方米",
    "公里",
    "千瓦时",
];

/// The mark printed for a character no bundled face has (U+3013 GETA MARK, as Chinese
/// typesetting uses for a missing glyph).
pub const MISSING_MARK: char = '〓';

/// Largest extra space a justified line puts in one gap, in em: beyond it the line is left
/// flush (a line cut short by a long Latin word would otherwise be spread thin).
const MAX_JUSTIFY_GAP_EM: f32 = 1.0;

fn parsed(face: Face) -> Option<&'static ttf_parser::Face<'static>> {
    match face {
        Face::Serif => crate::fonts::serif_face(),
        Face::Sans => crate::fonts::sans_face(),
    }
}

/// Whether the bundled `face` has a glyph for `character`.
pub fn face_has(face: Face, character: char) -> bool {
    parsed(face).is_some_and(|f| f.glyph_index(character).is_some())
}

/// Width of `character` in `face` at `size`; a character without a glyph measures one em (what
/// its replacement mark measures, so layout never under-reserves).
pub fn char_width(face: Face, size: Pt, character: char) -> Pt {
    let em = parsed(face)
        .and_then(|f| {
            let glyph = f.glyph_index(character)?;
            let advance = f.glyph_hor_advance(glyph)?;
            Some(f32::from(advance) / f32::from(f.units_per_em()))
        })
        .unwrap_or(1.0);
    Pt(em * size.0)
}

/// One character after face resolution: what to print, in which face, how wide.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Glyph {
    /// The character printed (the original, or [`MISSING_MARK`] / `□` when no face has it).
    pub character: char,
    /// The face it prints in.
    pub face: Face,
    /// Its advance at the run's size, after punctuation compression.
    pub width: Pt,
    /// A ticked check box (written ☑, printed as □ with a drawn tick: neither bundled face has
    /// ☑ or ☐).
    pub tick: bool,
    /// Written after a WORD JOINER (U+2060): no line break before it.
    pub joined: bool,
}

/// WORD JOINER: written between two characters, forbids a line break between them (UAX #14
/// class WJ); it prints nothing.
pub const WORD_JOINER: char = '\u{2060}';

/// The unticked and ticked check boxes a text may contain (2018 项目类型/资金用途).
pub const CHECK_BOXES: [char; 2] = ['☐', '☑'];

/// The glyph both check boxes print as.
const BOX: char = '□';

/// A character that no bundled face can print, found while resolving a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingChar {
    /// The character as the user wrote it.
    pub character: char,
}

/// Resolves each character of `text` to a face: `preferred` if it has the glyph, else the other
/// bundled face, else the missing mark (reported in `missing`). Tabs print as a space; other
/// control characters are dropped. Adjacent full-width punctuation is compressed.
pub fn resolve(
    text: &str,
    preferred: Face,
    size: Pt,
    missing: &mut Vec<MissingChar>,
) -> Vec<Glyph> {
    let other = match preferred {
        Face::Serif => Face::Sans,
        Face::Sans => Face::Serif,
    };
    let mut glyphs = Vec::with_capacity(text.len());
    let mut joined = false;
    for character in text.chars() {
        let character = if character == '\t' { ' ' } else { character };
        if character.is_control() {
            continue;
        }
        if character == WORD_JOINER {
            joined = true;
            continue;
        }
        if CHECK_BOXES.contains(&character) {
            glyphs.push(Glyph {
                character: BOX,
                face: preferred,
                width: char_width(preferred, size, BOX),
                tick: character == '☑',
                joined: std::mem::take(&mut joined),
            });
            continue;
        }
        let (character, face) = if face_has(preferred, character) {
            (character, preferred)
        } else if face_has(other, character) {
            (character, other)
        } else {
            if !missing.iter().any(|m| m.character == character) {
                missing.push(MissingChar { character });
            }
            let mark = if face_has(preferred, MISSING_MARK) {
                MISSING_MARK
            } else {
                '□'
            };
            (mark, preferred)
        };
        glyphs.push(Glyph {
            character,
            face,
            width: char_width(face, size, character),
            tick: false,
            joined: std::mem::take(&mut joined),
        });
    }
    compress_punctuation(&mut glyphs, size);
    glyphs
}

/// Punctuation compression (clreq §3.1.6): of two adjacent full-width marks, the first gives up
/// its blank half, except an opening mark followed by a closing one (「（）」 keeps both).
fn compress_punctuation(glyphs: &mut [Glyph], size: Pt) {
    for index in 1..glyphs.len() {
        let (Some(first), Some(second)) = (glyphs.get(index - 1), glyphs.get(index)) else {
            continue;
        };
        let first_opening = OPENING_MARKS.contains(&first.character);
        let first_mark = first_opening || CLOSING_MARKS.contains(&first.character);
        let second_closing = CLOSING_MARKS.contains(&second.character);
        let second_mark = second_closing || OPENING_MARKS.contains(&second.character);
        let full_width = first.width.0 >= 0.9 * size.0;
        if first_mark
            && second_mark
            && full_width
            && !(first_opening && second_closing)
            && let Some(first) = glyphs.get_mut(index - 1)
        {
            first.width = Pt(first.width.0 - 0.5 * size.0);
        }
    }
}

/// How freely a line may start at a glyph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Break {
    /// Never (inside a word, kinsoku, a number and its unit).
    Never,
    /// Only when no better break fits: inside a date such as 2023年 / 12月31日.
    Weak,
    /// A normal break opportunity.
    Allowed,
}

fn is_digit(character: char) -> bool {
    character.is_ascii_digit() || ('０'..='９').contains(&character)
}

/// The break class before each glyph (index 0 is never a break).
fn break_classes(glyphs: &[Glyph]) -> Vec<Break> {
    let mut classes = vec![Break::Never; glyphs.len()];
    let text: String = glyphs.iter().map(|g| g.character).collect();
    let char_starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    for (byte, opportunity) in linebreaks(&text) {
        if opportunity == BreakOpportunity::Allowed
            && let Ok(index) = char_starts.binary_search(&byte)
            && index > 0
            && let Some(slot) = classes.get_mut(index)
        {
            *slot = Break::Allowed;
        }
    }
    let at = |i: usize| glyphs.get(i).map(|g| g.character);
    for index in 1..glyphs.len() {
        let (Some(before), Some(after)) = (at(index - 1), at(index)) else {
            continue;
        };
        let joined = glyphs.get(index).is_some_and(|g| g.joined);
        let kinsoku = joined || NO_LINE_START.contains(&after) || NO_LINE_END.contains(&before);
        // A number and the unit after it: 「31日」, 「90%」, 「1小时」 (any non-space character
        // directly after a digit is taken as its unit or counter).
        let number_unit = is_digit(before)
            && !after.is_whitespace()
            && !OPENING_MARKS.contains(&after)
            && (UNIT_AFTER_NUMBER.contains(&after) || !after.is_ascii_punctuation());
        if kinsoku || number_unit {
            if let Some(slot) = classes.get_mut(index) {
                *slot = Break::Never;
            }
            continue;
        }
        // Inside a multi-character unit after a number: 「1小 / 时」.
        if after_number_unit(glyphs, index) {
            if let Some(slot) = classes.get_mut(index) {
                *slot = Break::Never;
            }
            continue;
        }
        // Inside a date: 「2023年 / 12月」, 「12月 / 31日」.
        let in_date = matches!(before, '年' | '月')
            && is_digit(after)
            && index >= 2
            && at(index - 2).is_some_and(is_digit);
        if in_date
            && let Some(slot) = classes.get_mut(index)
            && *slot == Break::Allowed
        {
            *slot = Break::Weak;
        }
    }
    classes
}

/// Whether position `index` falls inside one of [`MULTI_CHAR_UNITS`] that directly follows a
/// digit.
fn after_number_unit(glyphs: &[Glyph], index: usize) -> bool {
    let at = |i: usize| glyphs.get(i).map(|g| g.character);
    MULTI_CHAR_UNITS.iter().any(|unit| {
        let length = unit.chars().count();
        (1..length).any(|k| {
            index > k
                && at(index - k - 1).is_some_and(is_digit)
                && unit
                    .chars()
                    .enumerate()
                    .all(|(j, c)| at(index - k + j) == Some(c))
        })
    })
}

/// Breaks one paragraph of resolved glyphs into lines no wider than `max_width`.
///
/// Break opportunities follow UAX #14 narrowed by the rules in the module docs. A line takes
/// the last normal break that fits, else the last weak one (inside a date), else it is cut at
/// the last character that fits, still keeping a closing mark off the next line's start when the
/// line can give one character back. Spaces at the end of a line are dropped. A last line of a
/// single character is avoided when an earlier break of the line before leaves room for two.
/// An empty paragraph gives one empty line.
pub fn break_paragraph(glyphs: &[Glyph], max_width: Pt) -> Vec<Vec<Glyph>> {
    if glyphs.is_empty() {
        return vec![Vec::new()];
    }
    let classes = break_classes(glyphs);
    let class = |i: usize| classes.get(i).copied().unwrap_or(Break::Never);
    let mut starts = Vec::new();
    let mut start = 0;
    while start < glyphs.len() {
        // Skip spaces at the start of a wrapped line.
        while start > 0 && glyphs.get(start).is_some_and(|g| g.character == ' ') {
            start += 1;
        }
        if start >= glyphs.len() {
            break;
        }
        starts.push(start);
        let mut width = 0.0;
        let mut end = start;
        let mut last_allowed = None;
        let mut last_weak = None;
        while let Some(glyph) = glyphs.get(end) {
            if end > start {
                match class(end) {
                    Break::Allowed => last_allowed = Some((end, width)),
                    Break::Weak => last_weak = Some((end, width)),
                    Break::Never => {}
                }
            }
            let fits = width + glyph.width.0 <= max_width.0 + 1e-3 || glyph.character == ' ';
            if !fits && end > start {
                break;
            }
            width += glyph.width.0;
            end += 1;
        }
        // A weak break (inside a date) is taken only when the last normal one would leave more
        // than a quarter of the line empty.
        let chosen = match (last_allowed, last_weak) {
            (Some((allowed, filled)), Some((weak, _)))
                if weak > allowed && filled < 0.75 * max_width.0 =>
            {
                Some(weak)
            }
            (Some((allowed, _)), _) => Some(allowed),
            (None, weak) => weak.map(|(at, _)| at),
        };
        start = if end >= glyphs.len() {
            glyphs.len()
        } else if let Some(at) = chosen {
            at
        } else if end > start + 1
            && glyphs
                .get(end)
                .is_some_and(|g| NO_LINE_START.contains(&g.character))
        {
            end - 1
        } else {
            end
        };
    }
    avoid_single_last_character(glyphs, &classes, &mut starts, max_width);
    let mut lines = Vec::with_capacity(starts.len());
    for (index, from) in starts.iter().enumerate() {
        let to = starts.get(index + 1).copied().unwrap_or(glyphs.len());
        let mut line: Vec<Glyph> = glyphs
            .get(*from..to)
            .map(<[Glyph]>::to_vec)
            .unwrap_or_default();
        while line.last().is_some_and(|g| g.character == ' ') {
            line.pop();
        }
        lines.push(line);
    }
    if lines.is_empty() {
        lines.push(Vec::new());
    }
    lines
}

/// Counts the characters of a line that are not punctuation or spaces.
fn letters(glyphs: &[Glyph]) -> usize {
    glyphs
        .iter()
        .filter(|g| {
            !g.character.is_whitespace()
                && !NO_LINE_START.contains(&g.character)
                && !CLOSING_MARKS.contains(&g.character)
        })
        .count()
}

/// When the last line holds a single character (「率」, 「费。」), moves the break before it to
/// an earlier normal break of the line above, if the last line then still fits.
fn avoid_single_last_character(
    glyphs: &[Glyph],
    classes: &[Break],
    starts: &mut [usize],
    max_width: Pt,
) {
    let count = starts.len();
    if count < 2 {
        return;
    }
    let (Some(&previous), Some(&last)) = (starts.get(count - 2), starts.get(count - 1)) else {
        return;
    };
    let tail = glyphs.get(last..).unwrap_or_default();
    if letters(tail) != 1 {
        return;
    }
    let tail_width: f32 = tail.iter().map(|g| g.width.0).sum();
    let mut candidate = last;
    while candidate > previous + 1 {
        candidate -= 1;
        let moved: f32 = glyphs
            .get(candidate..last)
            .unwrap_or_default()
            .iter()
            .map(|g| g.width.0)
            .sum();
        if tail_width + moved > max_width.0 + 1e-3 {
            return;
        }
        let before = glyphs.get(previous..candidate).unwrap_or_default();
        if classes.get(candidate) == Some(&Break::Allowed) && letters(before) >= 2 {
            if let Some(slot) = starts.get_mut(count - 1) {
                *slot = candidate;
            }
            return;
        }
    }
}

/// `glyphs` cut into runs of one face, each with the index of its first glyph: a PDF text run
/// and a painted run set one font.
pub fn face_runs(glyphs: &[Glyph]) -> impl Iterator<Item = (usize, &[Glyph])> {
    glyphs
        .chunk_by(|a, b| a.face == b.face)
        .scan(0, |start, run| {
            let first = *start;
            *start += run.len();
            Some((first, run))
        })
}

/// Total advance of a line.
pub fn line_width(line: &[Glyph]) -> Pt {
    Pt(line.iter().map(|g| g.width.0).sum())
}

/// Whether a gap between two characters may take extra space when justifying: not inside a
/// Latin word or a number (those stretch only at their spaces).
fn stretchable(before: char, after: char) -> bool {
    let tight = |c: char| c.is_ascii_alphanumeric() || ".,:%-/()".contains(c);
    !(tight(before) && tight(after))
}

/// The x of each glyph of `line` from the line's start, in points: natural advances, plus, when
/// `width` is given (a justified line), the remaining width shared by the stretchable gaps. A
/// line that would need more than one em per gap stays flush left.
pub fn glyph_positions(line: &[Glyph], width: Option<Pt>, size: Pt) -> Vec<Pt> {
    let natural = line_width(line).0;
    let gaps: Vec<bool> = line
        .windows(2)
        .map(|pair| match pair {
            [a, b] => stretchable(a.character, b.character),
            _ => false,
        })
        .collect();
    let stretch_count = gaps.iter().filter(|s| **s).count();
    let extra = match width {
        Some(width) if stretch_count > 0 && width.0 > natural => {
            let per_gap = (width.0 - natural) / stretch_count as f32;
            if per_gap <= MAX_JUSTIFY_GAP_EM * size.0 {
                per_gap
            } else {
                0.0
            }
        }
        _ => 0.0,
    };
    let mut positions = Vec::with_capacity(line.len());
    let mut x = 0.0;
    for (index, glyph) in line.iter().enumerate() {
        positions.push(Pt(x));
        x += glyph.width.0;
        if gaps.get(index).copied().unwrap_or(false) {
            x += extra;
        }
    }
    positions
}

/// Lines of `glyphs` broken to `max_width`, for tests and measurements: each line as a string.
pub fn wrap_to_strings(text: &str, face: Face, size: Pt, max_width: Pt) -> Vec<String> {
    let glyphs = resolve(text, face, size, &mut Vec::new());
    break_paragraph(&glyphs, max_width)
        .iter()
        .map(|line| line.iter().map(|g| g.character).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrap(text: &str, width_pt: f32) -> Vec<String> {
        wrap_to_strings(text, Face::Serif, Pt(10.0), Pt(width_pt))
    }

    #[test]
    fn cjk_wraps_at_width_and_keeps_every_character() {
        let text = "打造与城市基层党建相匹配的党群服务阵地体系和党建宣传阵地体系";
        let lines = wrap(text, 50.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| l.chars().count() <= 5));
        assert_eq!(lines.concat(), text);
    }

    #[test]
    fn no_line_starts_with_a_closing_mark() {
        // Width for exactly four ideographs: the comma would fall at a line start.
        let lines = wrap("一二三四，五六七八。九十", 40.0);
        assert!(
            lines.iter().all(|l| !l.starts_with(['，', '。'])),
            "{lines:?}"
        );
        let lines = wrap("一二三（四五六）七八", 40.0);
        assert!(lines.iter().all(|l| !l.ends_with('（')), "{lines:?}");
    }

    #[test]
    fn breaks_a_long_latin_run_anywhere() {
        let run = "x".repeat(200);
        let lines = wrap(&run, 40.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), run);
    }

    #[test]
    fn a_number_stays_with_its_unit() {
        // 「；1 / 小时」 and 「31 / 日」 from the issue: at the width where the unit would start
        // the next line, the number moves with it.
        for width in (40..120).step_by(5) {
            for text in [
                "一二三四五六七；1小时内响应",
                "截至2023年12月31日全年稳定运行",
            ] {
                let lines = wrap(text, width as f32);
                assert_eq!(lines.concat(), text);
                for pair in lines.windows(2) {
                    let end = pair[0].chars().last().unwrap();
                    let start = pair[1].chars().next().unwrap();
                    assert!(
                        !end.is_ascii_digit() || start.is_whitespace(),
                        "{width}: {lines:?}"
                    );
                    assert!(!pair[1].starts_with('时'), "{width}: {lines:?}");
                }
            }
        }
        // Silent where there is no number: two ideographs may part.
        assert!(wrap("一二三四五六七八九十", 40.0).len() > 1);
    }

    #[test]
    fn adjacent_full_width_punctuation_is_compressed() {
        let size = Pt(10.0);
        let pair = resolve("》（", Face::Serif, size, &mut Vec::new());
        let single = resolve("》", Face::Serif, size, &mut Vec::new());
        assert!((pair[0].width.0 - (single[0].width.0 - 5.0)).abs() < 1e-3);
        assert!((pair[1].width.0 - single[0].width.0).abs() < 1e-3);
        // Silent for a mark next to an ideograph, and for an empty pair of brackets.
        let alone = resolve("》党", Face::Serif, size, &mut Vec::new());
        assert!((alone[0].width.0 - single[0].width.0).abs() < 1e-3);
        let empty = resolve("（）", Face::Serif, size, &mut Vec::new());
        assert!((empty[0].width.0 - single[0].width.0).abs() < 1e-3);
    }

    #[test]
    fn a_last_line_of_one_character_takes_one_more() {
        // Four ideographs fit a line; five give 4 + 1 without the rule.
        let lines = wrap("满意度指标", 40.0);
        assert_eq!(lines.concat(), "满意度指标");
        assert!(lines.last().unwrap().chars().count() >= 2, "{lines:?}");
        // Silent when the last line already has two.
        assert_eq!(wrap("一二三四五六", 40.0), ["一二三四", "五六"]);
    }

    #[test]
    fn justified_positions_fill_the_width_and_the_last_line_does_not_stretch() {
        let size = Pt(10.0);
        let glyphs = resolve("一二三四", Face::Serif, size, &mut Vec::new());
        let positions = glyph_positions(&glyphs, Some(Pt(48.0)), size);
        let end = positions.last().unwrap().0 + glyphs.last().unwrap().width.0;
        assert!((end - 48.0).abs() < 1e-3, "{positions:?}");
        let natural = glyph_positions(&glyphs, None, size);
        assert_eq!(natural.last().unwrap().0, 30.0);
    }

    #[test]
    fn missing_characters_are_reported_and_replaced() {
        let mut missing = Vec::new();
        let glyphs = resolve("党😀建", Face::Serif, Pt(10.0), &mut missing);
        assert_eq!(missing, vec![MissingChar { character: '😀' }]);
        assert_ne!(glyphs.get(1).map(|g| g.character), Some('😀'));
        let mut none = Vec::new();
        resolve("党建≥（元）", Face::Serif, Pt(10.0), &mut none);
        assert!(none.is_empty());
    }
}
