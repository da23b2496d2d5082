//! Text measuring and line breaking for the printed form: glyph advances from the bundled fonts
//! (read with `ttf-parser`), UAX #14 break opportunities (`unicode-linebreak`) tightened by
//! Chinese kinsoku rules, and face fallback for characters the serif face lacks.
//!
//! Pure: no I/O, no PDF types. The font bytes come from [`crate::fonts`].

use std::sync::OnceLock;

use unicode_linebreak::{BreakOpportunity, linebreaks};

use super::{Face, Pt};

/// Characters that must not start a line (kinsoku shori, as Chinese typesetting applies it).
pub const NO_LINE_START: &[char] = &[
    '，', '。', '、', '；', '：', '？', '！', '）', '」', '』', '”', '’', '》', '〉', '】', '…',
    ',', '.', ';', ':', '?', '!', ')', '%',
];

/// Characters that must not end a line.
pub const NO_LINE_END: &[char] = &['（', '「', '『', '“', '‘', '《', '〈', '【', '('];

/// The mark printed for a character no bundled face has (U+3013 GETA MARK, as Chinese
/// typesetting uses for a missing glyph).
pub const MISSING_MARK: char = '〓';

/// A parsed bundled face: its `ttf-parser` view and units per em.
struct FaceMetrics {
    face: ttf_parser::Face<'static>,
    units_per_em: f32,
}

impl FaceMetrics {
    fn parse(bytes: &'static [u8]) -> Option<Self> {
        let face = ttf_parser::Face::parse(bytes, 0).ok()?;
        let units_per_em = f32::from(face.units_per_em());
        Some(Self { face, units_per_em })
    }

    fn has(&self, character: char) -> bool {
        self.face.glyph_index(character).is_some()
    }

    /// Advance of `character` in em; `None` when the face has no glyph for it.
    fn advance_em(&self, character: char) -> Option<f32> {
        let glyph = self.face.glyph_index(character)?;
        let advance = self.face.glyph_hor_advance(glyph)?;
        Some(f32::from(advance) / self.units_per_em)
    }
}

fn metrics(face: Face) -> Option<&'static FaceMetrics> {
    static SERIF: OnceLock<Option<FaceMetrics>> = OnceLock::new();
    static SANS: OnceLock<Option<FaceMetrics>> = OnceLock::new();
    match face {
        Face::Serif => SERIF
            .get_or_init(|| FaceMetrics::parse(crate::fonts::FORM_SERIF))
            .as_ref(),
        Face::Sans => SANS
            .get_or_init(|| FaceMetrics::parse(crate::fonts::SANS))
            .as_ref(),
    }
}

/// Whether the bundled `face` has a glyph for `character`.
pub fn face_has(face: Face, character: char) -> bool {
    metrics(face).is_some_and(|m| m.has(character))
}

/// Width of `character` in `face` at `size`; a character without a glyph measures one em (what
/// its replacement mark measures, so layout never under-reserves).
pub fn char_width(face: Face, size: Pt, character: char) -> Pt {
    let em = metrics(face)
        .and_then(|m| m.advance_em(character))
        .unwrap_or(1.0);
    Pt(em * size.0)
}

/// One character after face resolution: what to print, in which face, how wide.
#[derive(Clone, Copy, Debug)]
pub struct Glyph {
    /// The character printed (the original, or [`MISSING_MARK`] / `□` when no face has it).
    pub character: char,
    /// The face it prints in.
    pub face: Face,
    /// Its advance at the run's size.
    pub width: Pt,
}

/// A character that no bundled face can print, found while resolving a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingChar {
    /// The character as the user wrote it.
    pub character: char,
}

/// Resolves each character of `text` to a face: `preferred` if it has the glyph, else the other
/// bundled face, else the missing mark (reported in `missing`). Tabs print as a space; other
/// control characters are dropped.
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
    for character in text.chars() {
        let character = if character == '\t' { ' ' } else { character };
        if character.is_control() {
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
        });
    }
    glyphs
}

/// Breaks one paragraph of resolved glyphs into lines no wider than `max_width`.
///
/// Break opportunities follow UAX #14 (computed on the printed characters), minus kinsoku: no
/// line starts with a character of [`NO_LINE_START`] and none ends with one of
/// [`NO_LINE_END`]. A run with no allowed break that is wider than the line breaks at any
/// character. Spaces at the end of a line are dropped. An empty paragraph gives one empty line.
pub fn break_paragraph(glyphs: &[Glyph], max_width: Pt) -> Vec<Vec<Glyph>> {
    if glyphs.is_empty() {
        return vec![Vec::new()];
    }
    let text: String = glyphs.iter().map(|g| g.character).collect();
    // allowed[i]: a line may start at glyph i.
    let mut allowed = vec![false; glyphs.len()];
    let char_starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    for (byte, opportunity) in linebreaks(&text) {
        if opportunity == BreakOpportunity::Allowed
            && let Ok(index) = char_starts.binary_search(&byte)
            && let Some(slot) = allowed.get_mut(index)
        {
            *slot = true;
        }
    }
    for index in 1..glyphs.len() {
        let starts_bad = glyphs
            .get(index)
            .is_some_and(|g| NO_LINE_START.contains(&g.character));
        let ends_bad = glyphs
            .get(index - 1)
            .is_some_and(|g| NO_LINE_END.contains(&g.character));
        if (starts_bad || ends_bad)
            && let Some(slot) = allowed.get_mut(index)
        {
            *slot = false;
        }
    }

    let mut lines = Vec::new();
    let mut start = 0;
    while start < glyphs.len() {
        // Skip spaces at the start of a wrapped line.
        while start < glyphs.len()
            && start > 0
            && glyphs.get(start).is_some_and(|g| g.character == ' ')
        {
            start += 1;
        }
        if start >= glyphs.len() {
            break;
        }
        let mut width = 0.0;
        let mut end = start;
        let mut last_break = None;
        while end < glyphs.len() {
            let Some(glyph) = glyphs.get(end) else { break };
            if end > start && allowed.get(end).copied().unwrap_or(false) {
                last_break = Some(end);
            }
            let fits = width + glyph.width.0 <= max_width.0 + 1e-3 || glyph.character == ' ';
            if !fits && end > start {
                break;
            }
            width += glyph.width.0;
            end += 1;
        }
        let stop = if end >= glyphs.len() {
            glyphs.len()
        } else {
            match last_break {
                Some(at) if at > start => at,
                _ => {
                    // Emergency break at any character; still avoid a closing mark at the start
                    // of the next line when the line has room to give one back.
                    let candidate = end;
                    if candidate > start + 1
                        && glyphs
                            .get(candidate)
                            .is_some_and(|g| NO_LINE_START.contains(&g.character))
                    {
                        candidate - 1
                    } else {
                        candidate
                    }
                }
            }
        };
        let mut line: Vec<Glyph> = glyphs
            .get(start..stop)
            .map(<[Glyph]>::to_vec)
            .unwrap_or_default();
        while line.last().is_some_and(|g| g.character == ' ') {
            line.pop();
        }
        lines.push(line);
        start = stop;
    }
    if lines.is_empty() {
        lines.push(Vec::new());
    }
    lines
}

/// Total advance of a line.
pub fn line_width(line: &[Glyph]) -> Pt {
    Pt(line.iter().map(|g| g.width.0).sum())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrap(text: &str, width_pt: f32) -> Vec<String> {
        let glyphs = resolve(text, Face::Serif, Pt(10.0), &mut Vec::new());
        break_paragraph(&glyphs, Pt(width_pt))
            .iter()
            .map(|line| line.iter().map(|g| g.character).collect())
            .collect()
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
