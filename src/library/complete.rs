//! Completion of a level-3 name as it is typed: by characters anywhere in the name, and by
//! pinyin (「myd」 → 管理人员满意度, 「manyidu」 likewise).
//!
//! One pass over the distinct names with cheap tests (substring, a mask per character), then a
//! partial sort of the matches: well under a millisecond for 10,000 names (see
//! `benches/library.rs`), so the editor can call it on every keystroke.

use serde::Serialize;

use super::text::{char_bloom, letters_of, name_key};
use super::{Library, NameInfo, Placement};
use crate::model::TargetValue;

/// How a completion matched what was typed; the earlier kinds rank first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// The name starts with the typed characters.
    Prefix,
    /// The typed characters occur in the name, together.
    Substring,
    /// The typed letters are the pinyin of the name's first characters (initials 「gl」 or
    /// syllables 「guanli」 for 管理人员满意度).
    PinyinPrefix,
    /// The typed letters are the pinyin of characters further on (「myd」 in 管理人员满意度).
    Pinyin,
    /// The typed characters occur in the name in order, with others between (「满度」 in 满意度).
    Scattered,
}

/// One completion of a typed level-3 name.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Completion {
    /// The name as most often written.
    pub name: String,
    /// Its most common target value, filled in when the completion is picked; `None` when no
    /// row had one.
    pub value: Option<TargetValue>,
    /// How it matched.
    pub matched: MatchKind,
    /// On how many rows of the library it was seen.
    pub count: usize,
    /// Where it is most often filed in the standard scheme, if known.
    pub placement: Option<Placement>,
}

impl Library {
    /// At most `limit` completions of `typed`, best first: by [`MatchKind`], then the most
    /// often seen, then the shorter name, then the first seen. Blank input gives none. Spaces and
    /// full-width letters in `typed` are ignored as in the merge key; letters match case-blind.
    pub fn complete(&self, typed: &str, limit: usize) -> Vec<Completion> {
        let query = name_key(typed);
        if query.is_empty() || limit == 0 {
            return Vec::new();
        }
        let letters = query.bytes().all(|b| b.is_ascii_alphanumeric());
        let letter_mask = letters_of(&query);
        let query_chars: Vec<char> = query.chars().collect();
        let char_mask = char_bloom(&query);
        let mut found: Vec<(MatchKind, usize)> = self
            .names
            .iter()
            .enumerate()
            .filter(|(_, info)| {
                // Cheap tests first: every typed character in the name, or every typed letter
                // in its pinyin.
                info.chars & char_mask == char_mask
                    || (letters && info.pinyin.may_match(letter_mask))
            })
            .filter_map(|(index, info)| {
                match_kind(info, &query, letters, &query_chars).map(|kind| (kind, index))
            })
            .collect();
        let rank = |&(kind, index): &(MatchKind, usize)| {
            let info = self.names.get(index);
            (
                kind,
                std::cmp::Reverse(info.map_or(0, |info| info.count)),
                info.map_or(0, |info| info.char_count),
                index,
            )
        };
        if found.len() > limit {
            found.select_nth_unstable_by_key(limit - 1, rank);
            found.truncate(limit);
        }
        found.sort_by_key(rank);
        found
            .into_iter()
            .filter_map(|(matched, index)| {
                let info = self.names.get(index)?;
                Some(Completion {
                    name: info.display.clone(),
                    value: self.common_value_of(info).cloned(),
                    matched,
                    count: info.count,
                    placement: most_voted(&info.votes),
                })
            })
            .collect()
    }
}

/// How `info` matches `query` (a name key), if it does. `letters` says the query is all ASCII
/// letters and digits (so it may be pinyin).
fn match_kind(
    info: &NameInfo,
    query: &str,
    letters: bool,
    query_chars: &[char],
) -> Option<MatchKind> {
    if info.key.starts_with(query) {
        return Some(MatchKind::Prefix);
    }
    if info.key.contains(query) {
        return Some(MatchKind::Substring);
    }
    if letters {
        match info.pinyin.initials_at(query.as_bytes()) {
            Some(0) => return Some(MatchKind::PinyinPrefix),
            Some(_) => return Some(MatchKind::Pinyin),
            None => {}
        }
        // Whole syllables only from two letters on: one letter is an initial.
        if query.len() > 1 {
            if info.pinyin.syllables_start_with(query) {
                return Some(MatchKind::PinyinPrefix);
            }
            if info.pinyin.syllables_contain(query) {
                return Some(MatchKind::Pinyin);
            }
        }
        return None;
    }
    is_scattered_in(query_chars, &info.key).then_some(MatchKind::Scattered)
}

/// Whether `query` occurs in `key` in order, possibly with other characters between.
fn is_scattered_in(query: &[char], key: &str) -> bool {
    let mut wanted = query.iter().peekable();
    for c in key.chars() {
        if wanted.peek() == Some(&&c) {
            wanted.next();
        }
    }
    wanted.peek().is_none()
}

/// The placement with the most rows, if any (ties: the first in scheme order).
pub(super) fn most_voted(votes: &[u32]) -> Option<Placement> {
    let (index, best) = votes
        .iter()
        .enumerate()
        .max_by(|(ia, a), (ib, b)| a.cmp(b).then(ib.cmp(ia)))?;
    if *best == 0 {
        return None;
    }
    Placement::at(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scattered_characters_keep_their_order() {
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        assert!(is_scattered_in(&chars("满度"), "满意度"));
        assert!(!is_scattered_in(&chars("度满"), "满意度"));
        assert!(is_scattered_in(&chars(""), "满意度"));
    }

    #[test]
    fn the_most_voted_placement_wins_ties_in_scheme_order() {
        assert_eq!(most_voted(&[0; 13]), None);
        let mut votes = [0; 13];
        votes[3] = 2;
        votes[5] = 2;
        assert_eq!(most_voted(&votes), Placement::at(3));
    }
}
