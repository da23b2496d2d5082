//! Where in a RON file a position is: the chain of field names, list indexes and enum variants
//! that leads to it (`declaration › form › Current › funding › annual_total`).
//!
//! A small tokenizer over RON (strings, raw strings, characters, nested comments, brackets,
//! `key:`), linear in the text before the position; it is only run when a file failed to read,
//! to name the field in the message (see `labels`).

use crate::model::FormLayout;

/// One step on the way to a position in a RON file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Step {
    /// A struct field: `annual_total:`.
    Key(String),
    /// An element of a list, 0-based.
    Index(usize),
    /// An enum variant holding a struct: `Current(`, `Quantitative(`.
    Variant(String),
}

/// A bracket the scanner is inside.
struct Frame {
    /// `(`, `[` or `{`.
    open: char,
    /// The steps that lead into this bracket (`Key` or `Variant`); none for an anonymous one.
    entered: usize,
    /// In a list: the index of the current element.
    index: usize,
    /// In a struct: whether a key is open (pushed on the path).
    has_key: bool,
    /// Whether anything but blanks followed the opening bracket (an empty list has no element).
    has_content: bool,
}

/// The steps leading to byte `offset` of `text` (clamped to the text), outermost first.
pub(super) fn steps_at(text: &str, offset: usize) -> Vec<Step> {
    let end = offset.min(text.len());
    let bytes = text.as_bytes();
    let mut path: Vec<Step> = Vec::new();
    let mut frames: Vec<Frame> = Vec::new();
    // The identifier just read, waiting to see whether a `:` (key) or `(` (variant) follows.
    let mut pending: Option<String> = None;
    let mut i = 0;
    while i < end {
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        let width = c.len_utf8();
        match c {
            '"' => {
                mark_content(&mut frames);
                pending = None;
                i = skip_string(bytes, i + 1);
                continue;
            }
            'r' if matches!(bytes.get(i + 1), Some(b'"' | b'#')) && pending.is_none() => {
                mark_content(&mut frames);
                i = skip_raw_string(bytes, i + 1);
                continue;
            }
            '\'' => {
                mark_content(&mut frames);
                pending = None;
                i = skip_char(bytes, i + 1);
                continue;
            }
            '/' if bytes.get(i + 1) == Some(&b'/') => {
                i = bytes[i..end]
                    .iter()
                    .position(|b| *b == b'\n')
                    .map_or(end, |n| i + n);
                continue;
            }
            '/' if bytes.get(i + 1) == Some(&b'*') => {
                i = skip_block_comment(bytes, i + 2);
                continue;
            }
            '#' if bytes.get(i + 1) == Some(&b'!') => {
                // `#![enable(…)]`: an attribute, not content.
                i = bytes[i..end]
                    .iter()
                    .position(|b| *b == b']')
                    .map_or(end, |n| i + n + 1);
                continue;
            }
            ':' => {
                if let (Some(key), Some(frame)) = (pending.take(), frames.last_mut())
                    && frame.open == '('
                {
                    if frame.has_key {
                        path.pop();
                    }
                    frame.has_key = true;
                    path.push(Step::Key(key));
                }
            }
            '(' | '[' | '{' => {
                mark_content(&mut frames);
                let entered = match pending.take() {
                    Some(name) if c == '(' && name != "Some" => {
                        path.push(Step::Variant(name));
                        1
                    }
                    _ => 0,
                };
                if c == '[' {
                    path.push(Step::Index(0));
                }
                frames.push(Frame {
                    open: c,
                    entered,
                    index: 0,
                    has_key: false,
                    has_content: false,
                });
            }
            ')' | ']' | '}' => {
                pending = None;
                if let Some(frame) = frames.pop() {
                    let pushed =
                        frame.entered + usize::from(frame.has_key) + usize::from(frame.open == '[');
                    path.truncate(path.len().saturating_sub(pushed));
                }
            }
            ',' => {
                pending = None;
                if let Some(frame) = frames.last_mut() {
                    if frame.open == '[' {
                        frame.index += 1;
                        frame.has_content = false;
                        if let Some(Step::Index(index)) = path.last_mut() {
                            *index = frame.index;
                        }
                    } else if frame.has_key {
                        frame.has_key = false;
                        path.pop();
                    }
                }
            }
            c if c.is_alphanumeric() || c == '_' => {
                mark_content(&mut frames);
                let start = i;
                let mut j = i;
                while let Some(next) = text.get(j..).and_then(|rest| rest.chars().next()) {
                    if next.is_alphanumeric() || next == '_' || next == '.' || next == '-' {
                        j += next.len_utf8();
                    } else {
                        break;
                    }
                }
                pending = text.get(start..j).map(str::to_owned);
                i = j.max(i + width);
                continue;
            }
            _ => {}
        }
        i += width;
    }
    // A position between the brackets of an empty list, or before its first element, is at the
    // list itself rather than at an element.
    if let Some(frame) = frames.last()
        && frame.open == '['
        && !frame.has_content
        && frame.index == 0
    {
        path.pop();
    }
    path
}

fn mark_content(frames: &mut [Frame]) {
    if let Some(frame) = frames.last_mut() {
        frame.has_content = true;
    }
}

/// The byte after the closing quote of a string whose content starts at `i`.
fn skip_string(bytes: &[u8], mut i: usize) -> usize {
    while let Some(b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The byte after a raw string `r#"…"#` whose `#`s or quote start at `i`.
fn skip_raw_string(bytes: &[u8], mut i: usize) -> usize {
    let hashes = bytes[i.min(bytes.len())..]
        .iter()
        .take_while(|b| **b == b'#')
        .count();
    i += hashes + 1;
    while let Some(b) = bytes.get(i) {
        if *b == b'"'
            && bytes
                .get(i + 1..i + 1 + hashes)
                .is_some_and(|tail| tail.iter().all(|t| *t == b'#'))
        {
            return i + 1 + hashes;
        }
        i += 1;
    }
    bytes.len()
}

/// The byte after a character literal whose content starts at `i`.
fn skip_char(bytes: &[u8], mut i: usize) -> usize {
    while let Some(b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'\'' => return i + 1,
            b'\n' => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The byte after a (nested) block comment whose content starts at `i`.
fn skip_block_comment(bytes: &[u8], mut i: usize) -> usize {
    let mut depth = 1;
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1)) {
            (b'/', Some(b'*')) => {
                depth += 1;
                i += 2;
            }
            (b'*', Some(b'/')) => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return i;
                }
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The layout a file declares, read from its `form:` variant before `offset` (the variant comes
/// before the other fields in what Jixiao writes).
pub(super) fn layout_before(text: &str, offset: usize) -> Option<FormLayout> {
    let before = text.get(..offset.min(text.len()))?;
    let after_form = &before[before.find("form:")? + "form:".len()..];
    let variant = after_form.trim_start();
    if variant.starts_with("Current") {
        Some(FormLayout::Current)
    } else if variant.starts_with("Y2020") {
        Some(FormLayout::Y2020)
    } else if variant.starts_with("Y2018") {
        Some(FormLayout::Y2018)
    } else {
        None
    }
}

/// The byte offset of 1-based `line` and `column` (in characters) in `text`, clamped to it.
pub(super) fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start = match line {
        0 | 1 => 0,
        line => match text.match_indices('\n').nth(line - 2) {
            Some((newline, _)) => newline + 1,
            None => return text.len(),
        },
    };
    let Some(from_line) = text.get(line_start..) else {
        return text.len();
    };
    from_line
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(offset, _)| line_start + offset)
}

/// The 1-based line and column (in characters) of byte `offset` of `text`.
pub(super) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = 1 + before.matches('\n').count();
    let last_line = before.rsplit('\n').next().unwrap_or_default();
    (line, 1 + last_line.chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_convert_both_ways() {
        let text = "ab\n中文x\n";
        assert_eq!(line_column(text, text.find('x').unwrap()), (2, 3));
        assert_eq!(offset_of(text, 2, 3), text.find('x').unwrap());
        assert_eq!(offset_of(text, 9, 1), text.len());
    }

    #[test]
    fn keys_indexes_and_variants_lead_to_a_position() {
        let text = "(a: 1, b: [(c: X(d: 2)), (c: \"e: [\", f: 3)])";
        let at = |needle: &str| steps_at(text, text.find(needle).unwrap());
        let key = |name: &str| Step::Key(name.to_owned());
        assert_eq!(at("1,"), [key("a")]);
        assert_eq!(
            at("2)"),
            [
                key("b"),
                Step::Index(0),
                key("c"),
                Step::Variant("X".to_owned()),
                key("d")
            ]
        );
        assert_eq!(at("3)"), [key("b"), Step::Index(1), key("f")]);
    }
}
