//! Names as keys: the spelling-insensitive key two rows are merged by, and the pinyin forms a
//! name is found by (initials 「myd」 and whole syllables 「manyidu」).
//!
//! Pure text functions; the pinyin readings come from the `pinyin` crate's tables (every reading
//! of a character with several, so 「率」 is found by both `l` and `s`).

use pinyin::ToPinyinMulti as _;

/// The key rows are merged by: full-width ASCII folded to ASCII, ASCII lowercased, and spaces
/// dropped where they touch a Chinese character (they are extraction damage there, as in
/// 「服务对象满意度 指标」, docs/form.md §7); other runs of spaces become one space.
pub(crate) fn name_key(name: &str) -> String {
    squeeze_spaces(name, |c| fold_width(c).to_ascii_lowercase())
}

/// The display form of a written name: trimmed, with the same spaces dropped as in
/// [`name_key`] but the case and width kept.
pub(crate) fn tidy_name(name: &str) -> String {
    squeeze_spaces(name, |c| c)
}

/// `name` trimmed, each character through `fold`, the spaces dropped where they touch a
/// non-ASCII character (after folding) and other runs of spaces made one space.
fn squeeze_spaces(name: &str, fold: impl Fn(char) -> char) -> String {
    let mut squeezed = String::with_capacity(name.len());
    let mut pending_space = false;
    for c in name.trim().chars().map(fold) {
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space {
            let previous_ascii = squeezed.chars().next_back().is_some_and(|p| p.is_ascii());
            if previous_ascii && c.is_ascii() {
                squeezed.push(' ');
            }
            pending_space = false;
        }
        squeezed.push(c);
    }
    squeezed
}

/// Full-width ASCII (`ＩＰＴＶ`, `（`) and the ideographic space folded to their ASCII forms.
fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// How a name can be typed in pinyin: for each character of its key, the set of first letters
/// of its readings (a bit per letter `a`–`z`; an ASCII letter or digit stands for itself), and
/// the whole syllables of each character's first reading run together (`manyidu`).
#[derive(Clone, Debug, Default)]
pub(crate) struct PinyinKey {
    /// Every letter that occurs in `initials` or `syllables`, a bit per letter: a query with
    /// another letter cannot match, whatever its position.
    letters: u32,
    /// One mask per character of the key; bit `n` is letter `a + n`, bit 26 a digit or other
    /// ASCII character that matches only itself (checked against `chars`).
    initials: Vec<u32>,
    /// The key's characters, for the ASCII characters that match only themselves.
    chars: Vec<char>,
    /// The first reading of every character, lowercase, without tones, concatenated.
    syllables: String,
}

/// The bit for an ASCII lowercase letter.
fn letter_bit(letter: u8) -> u32 {
    1 << (letter - b'a')
}

impl PinyinKey {
    /// The pinyin forms of `key` (a [`name_key`]).
    pub(crate) fn new(key: &str) -> Self {
        let mut initials = Vec::with_capacity(key.len() / 3 + 1);
        let mut chars = Vec::with_capacity(key.len() / 3 + 1);
        let mut syllables = String::with_capacity(key.len() * 2);
        for c in key.chars() {
            chars.push(c);
            if c.is_ascii_lowercase() {
                initials.push(letter_bit(c as u8));
                syllables.push(c);
                continue;
            }
            let mut mask = 0;
            if let Some(readings) = c.to_pinyin_multi() {
                for (index, reading) in readings.into_iter().enumerate() {
                    let plain = reading.plain();
                    if let Some(first) = plain.bytes().next().filter(u8::is_ascii_lowercase) {
                        mask |= letter_bit(first);
                    }
                    if index == 0 {
                        // ü is written v on a keyboard.
                        syllables.extend(plain.chars().map(|p| if p == 'ü' { 'v' } else { p }));
                    }
                }
            } else if c.is_ascii() {
                syllables.push(c);
            }
            initials.push(mask);
        }
        let letters = initials.iter().fold(0, |all, mask| all | mask)
            | syllables
                .bytes()
                .filter(u8::is_ascii_lowercase)
                .fold(0, |all, letter| all | letter_bit(letter));
        Self {
            letters,
            initials,
            chars,
            syllables,
        }
    }

    /// Whether every letter of `letters` (a mask from [`letters_of`]) occurs in the name's
    /// pinyin: a cheap test before the others.
    pub(crate) fn may_match(&self, letters: u32) -> bool {
        self.letters & letters == letters
    }

    /// Where the letters of `query` (lowercase ASCII) are the initials of consecutive characters:
    /// the index of the first such character, earliest first. `myd` is found in 服务对象满意度
    /// at 4.
    pub(crate) fn initials_at(&self, query: &[u8]) -> Option<usize> {
        if query.is_empty() || query.len() > self.initials.len() {
            return None;
        }
        (0..=self.initials.len() - query.len()).find(|&start| {
            query.iter().enumerate().all(|(offset, &letter)| {
                let at = start + offset;
                let mask = self.initials.get(at).copied().unwrap_or(0);
                if letter.is_ascii_lowercase() {
                    mask & letter_bit(letter) != 0
                } else {
                    self.chars.get(at) == Some(&char::from(letter))
                }
            })
        })
    }

    /// Whether `query` (lowercase ASCII) occurs in the whole syllables: `manyi` in 满意度.
    pub(crate) fn syllables_contain(&self, query: &str) -> bool {
        self.syllables.contains(query)
    }

    /// Whether `query` starts the whole syllables.
    pub(crate) fn syllables_start_with(&self, query: &str) -> bool {
        self.syllables.starts_with(query)
    }
}

/// The letters of a lowercase ASCII query as a mask (see [`PinyinKey::may_match`]).
pub(crate) fn letters_of(query: &str) -> u32 {
    query
        .bytes()
        .filter(u8::is_ascii_lowercase)
        .fold(0, |all, letter| all | letter_bit(letter))
}

/// A 64-bit summary of the characters of `text`, a bit per character (by a multiplicative
/// hash): if a character's bit is missing, the text does not contain it.
pub(crate) fn char_bloom(text: &str) -> u64 {
    text.chars().fold(0, |bloom, c| bloom | char_bit(c))
}

fn char_bit(c: char) -> u64 {
    1 << ((u32::from(c).wrapping_mul(2_654_435_761)) >> 26)
}

/// The distinct pairs of characters of `text`, sorted (`满意度` → 满意, 意度), for similarity; a
/// one-character text is its own pair.
pub(crate) fn bigrams(text: &str) -> Vec<(char, char)> {
    let chars: Vec<char> = text.chars().collect();
    let mut pairs: Vec<(char, char)> = match chars.as_slice() {
        [] => Vec::new(),
        [only] => vec![(*only, '\0')],
        _ => chars.windows(2).map(|pair| (pair[0], pair[1])).collect(),
    };
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_extraction_spaces_and_width() {
        assert_eq!(name_key(" 服务对象满意度 指标 "), "服务对象满意度指标");
        assert_eq!(name_key("ＩＰＴＶ平台"), "iptv平台");
        assert_eq!(name_key("IPTV  平台"), "iptv平台");
        assert_eq!(name_key("bug  rate"), "bug rate");
        assert_eq!(tidy_name(" 服务对象满意度 指标 "), "服务对象满意度指标");
        assert_eq!(tidy_name("IPTV平台"), "IPTV平台");
    }

    #[test]
    fn initials_are_found_anywhere_with_every_reading() {
        let key = PinyinKey::new(&name_key("服务对象满意度"));
        assert_eq!(key.initials_at(b"myd"), Some(4));
        assert_eq!(key.initials_at(b"fwdx"), Some(0));
        assert_eq!(key.initials_at(b"mydx"), None);
        // 率 reads lǜ and shuài: both initials find it.
        let rate = PinyinKey::new(&name_key("完成率"));
        assert_eq!(rate.initials_at(b"wcl"), Some(0));
        assert_eq!(rate.initials_at(b"wcs"), Some(0));
        // ASCII in a name matches itself.
        let iptv = PinyinKey::new(&name_key("IPTV平台运维"));
        assert_eq!(iptv.initials_at(b"iptvpt"), Some(0));
        assert_eq!(iptv.initials_at(b"ptyw"), Some(4));
    }

    #[test]
    fn whole_syllables_are_found() {
        let key = PinyinKey::new(&name_key("管理人员满意度"));
        assert!(key.syllables_contain("manyidu"));
        assert!(key.syllables_start_with("guanli"));
        assert!(!key.syllables_contain("jishi"));
    }
}
