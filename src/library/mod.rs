//! The indicator library (指标库): every level-3 indicator seen in the user's declarations and
//! the bundled examples, merged, counted and searchable, plus the standard 一级/二级 scheme.
//!
//! Depends on the model only (like `validate`): the caller reads the files (see
//! `crate::projects::build_library`) and hands the declarations in. Everything here is pure and
//! `Send + Sync`, so the editor can build a [`Library`] on a thread and share it.
//!
//! What it answers, each fast enough to call per keystroke:
//! - [`Library::complete`]: level-3 names by characters anywhere in the name and by pinyin
//!   (initials 「myd」 → 满意度…, or whole syllables), each with its most common target value;
//! - [`Library::place`]: the most likely 一级/二级 for a name (and its value), ranked, from the
//!   scheme's meaning (满意度 → 满意度指标, (元) → 成本指标, 及时 → 时效指标, …) and from where the
//!   library's rows with the same or similar names sit;
//! - [`Library::similar`]: indicators with similar names, with a value and a source file;
//! - [`Library::misplaced_rows`]: hint-level findings for rows that look misplaced, with the
//!   suggested destination, and [`move_level3`] to carry out the move.

mod complete;
mod place;
mod text;

pub use complete::{Completion, MatchKind};
pub use place::{
    MISPLACED_MIN_SCORE, MISPLACED_RATIO, MisplacedRow, RankedPlacement, SimilarIndicator,
    insert_level3, move_level3,
};

use std::collections::HashMap;

use serde::Serialize;

use crate::model::{
    Declaration, FormLayout, STANDARD_SCHEME, TargetValue, UNSORTED_LEVEL2, map_indicator_2018,
    map_level2_2020,
};

use text::{PinyinKey, bigrams, name_key, tidy_name};

/// A place in the standard scheme (docs/form.md §3): a level-1 name and one of its level-2 names,
/// both from [`STANDARD_SCHEME`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Placement {
    /// 一级指标, e.g. 产出指标.
    pub level1: &'static str,
    /// 二级指标, e.g. 时效指标.
    pub level2: &'static str,
}

impl Placement {
    /// Every standard placement, in the scheme's printed order (11 of them).
    pub fn all() -> impl Iterator<Item = Self> {
        STANDARD_SCHEME
            .iter()
            .flat_map(|(level1, level2s)| level2s.iter().map(move |level2| Self { level1, level2 }))
    }

    /// The standard placement whose level-2 is `level2` (level-2 names are unique in the scheme),
    /// comparing after dropping spaces; `None` for a name outside the scheme.
    pub fn of_level2(level2: &str) -> Option<Self> {
        let key = name_key(level2);
        Self::all().find(|placement| placement.level2 == key)
    }

    /// The standard placement `level1 › level2`, if both are standard and belong together.
    pub fn standard(level1: &str, level2: &str) -> Option<Self> {
        let (level1, level2) = (name_key(level1), name_key(level2));
        Self::all().find(|placement| placement.level1 == level1 && placement.level2 == level2)
    }

    /// Its position in [`Placement::all`].
    fn index(self) -> usize {
        Self::all().position(|other| other == self).unwrap_or(0)
    }

    /// The placement at `index` of [`Placement::all`].
    fn at(index: usize) -> Option<Self> {
        Self::all().nth(index)
    }
}

impl std::fmt::Display for Placement {
    /// `产出指标 › 时效指标`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} › {}", self.level1, self.level2)
    }
}

/// Where a row written under `level1 › level2` on a form of `layout` belongs in the standard
/// scheme, if that is known:
///
/// - current layout: the standard pair itself; a standard level-2 under another level-1 goes
///   under its own level-1 (a drifted cell, docs/form.md §7); a level-2 ending in 成本指标 (the
///   2023 forms' 产出指标 › 成本指标) is 经济成本指标; a level-2 about 满意度 (「服务对象满意度」)
///   is 服务对象满意度指标; a 2020 word (数量, 质量…) as in [`map_level2_2020`];
/// - 2020 layout: [`map_level2_2020`];
/// - 2018 layout: [`map_indicator_2018`], when it names a level-2 (not 「待归类」).
pub fn standard_placement(
    layout: FormLayout,
    level1: &str,
    level2: &str,
    name: &str,
) -> Option<Placement> {
    let from_pair = |pair: Option<(&'static str, &'static str)>| {
        pair.and_then(|(level1, level2)| Placement::standard(level1, level2))
    };
    match layout {
        FormLayout::Current => {
            if let Some(placement) = Placement::standard(level1, level2) {
                return Some(placement);
            }
            if let Some(placement) = Placement::of_level2(level2) {
                return Some(placement);
            }
            let level2_key = name_key(level2);
            // The scheme lists 成本指标 › 经济成本指标 first; a level-2 named like the cost
            // level-1 (「成本指标」 under 产出指标) belongs there.
            if let Some(cost) = Placement::all().next()
                && level2_key.ends_with(cost.level1)
            {
                return Some(cost);
            }
            if level2_key.contains("满意") {
                return Placement::all().last();
            }
            from_pair(map_level2_2020(level2))
        }
        FormLayout::Y2020 => from_pair(map_level2_2020(level2)),
        FormLayout::Y2018 => match map_indicator_2018(level1, name) {
            Some((_, level2)) if level2 == UNSORTED_LEVEL2 => None,
            pair => from_pair(pair),
        },
    }
}

/// One file the library read: where each entry's rows came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Source {
    /// The file as the user knows it: its path, or 「示例/2026-….ron」 for a bundled example.
    pub file: String,
    /// 年度 of the declaration in it.
    pub fiscal_year: i32,
    /// 项目名称 of the declaration in it.
    pub project_name: String,
}

/// Something seen, with how often: a target value, a unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Counted<T> {
    /// What was seen.
    pub value: T,
    /// On how many rows.
    pub count: usize,
}

/// One indicator of the library: a level-3 name under one level-1 › level-2, merged over every
/// row that has it (names compared without extraction spaces and full-width letters).
#[derive(Clone, Debug, Serialize)]
pub struct Entry {
    /// 一级指标 as written (the most common spelling).
    pub level1: String,
    /// 二级指标 as written (empty on the 2018 layout).
    pub level2: String,
    /// 三级指标 as written.
    pub name: String,
    /// Where `level1 › level2` belongs in the standard scheme, when known (see
    /// [`standard_placement`]); `None` for 投入与管理 and other places outside it.
    pub standard: Option<Placement>,
    /// The target values seen, most common first (ties: first seen first).
    pub values: Vec<Counted<TargetValue>>,
    /// The units of the quantitative values seen, most common first.
    pub units: Vec<Counted<String>>,
    /// The fiscal years it was seen in, ascending.
    pub years: Vec<i32>,
    /// How many rows it was seen on.
    pub count: usize,
    /// Indices into [`Library::sources`] of the files it was seen in, in reading order.
    pub sources: Vec<usize>,
}

impl Entry {
    /// The most common target value, if any row had one.
    pub fn common_value(&self) -> Option<&TargetValue> {
        self.values.first().map(|counted| &counted.value)
    }
}

/// One distinct level-3 name over all entries: what completion and similarity search run on.
#[derive(Clone, Debug)]
struct NameInfo {
    /// The name as most often written.
    display: String,
    /// [`name_key`] of it.
    key: String,
    /// Rows with this name, over all entries.
    count: usize,
    /// The entries with this name, most rows first.
    entries: Vec<usize>,
    /// Pinyin forms of the key.
    pinyin: PinyinKey,
    /// The distinct character pairs of the key, sorted.
    bigrams: Vec<(char, char)>,
    /// Characters in the key.
    char_count: usize,
    /// A bit per character of the key (see [`text::char_bloom`]): a name lacking a typed
    /// character is passed over without looking at it further.
    chars: u64,
    /// Rows with this name per standard placement (index of [`Placement::all`]).
    votes: Vec<u32>,
}

/// The indicator library: entries, the files they came from, and indexes for completion and
/// placement. Build it with [`LibraryBuilder`]; it does not change afterwards.
#[derive(Clone, Debug)]
pub struct Library {
    entries: Vec<Entry>,
    sources: Vec<Source>,
    names: Vec<NameInfo>,
    /// Name key → index into `names`.
    by_key: HashMap<String, usize>,
    /// Character pair → names containing it (indices into `names`, ascending).
    by_bigram: HashMap<(char, char), Vec<usize>>,
    /// Name ending (1–4 characters) → rows per standard placement of the names ending so.
    by_suffix: HashMap<String, Vec<f64>>,
    /// Rows per standard placement over the whole library.
    placement_rows: Vec<f64>,
}

/// Collects declarations into a [`Library`]. Adding is cheap (a few hash look-ups per row);
/// [`LibraryBuilder::finish`] sorts and indexes once.
#[derive(Debug, Default)]
pub struct LibraryBuilder {
    sources: Vec<Source>,
    /// (level-1 key, level-2 key, name key) → entry under construction.
    entries: HashMap<(String, String, String), Building>,
    /// Order of first sight, so that the result does not depend on hashing.
    order: Vec<(String, String, String)>,
}

/// An entry being collected: spellings and values with their counts.
#[derive(Debug, Default)]
struct Building {
    level1: Vec<Counted<String>>,
    level2: Vec<Counted<String>>,
    name: Vec<Counted<String>>,
    standard: Option<Placement>,
    values: Vec<Counted<TargetValue>>,
    units: Vec<Counted<String>>,
    years: Vec<i32>,
    count: usize,
    sources: Vec<usize>,
}

/// Adds one sighting of `value` to `list` (linear: a list holds a handful of spellings).
fn count_in<T: PartialEq>(list: &mut Vec<Counted<T>>, value: T) {
    count_times(list, value, 1);
}

/// Adds `times` sightings of `value` to `list`; none adds nothing.
fn count_times<T: PartialEq>(list: &mut Vec<Counted<T>>, value: T, times: usize) {
    if times == 0 {
        return;
    }
    match list.iter_mut().find(|counted| counted.value == value) {
        Some(counted) => counted.count += times,
        None => list.push(Counted {
            value,
            count: times,
        }),
    }
}

/// Most common first; ties keep the order of first sight (the sort is stable).
fn by_count<T>(mut list: Vec<Counted<T>>) -> Vec<Counted<T>> {
    list.sort_by_key(|counted| std::cmp::Reverse(counted.count));
    list
}

/// The most common of a list built by [`count_in`] (empty when none).
fn most_common(list: &[Counted<String>]) -> String {
    list.iter()
        .enumerate()
        .max_by(|(ia, a), (ib, b)| a.count.cmp(&b.count).then(ib.cmp(ia)))
        .map(|(_, counted)| counted.value.clone())
        .unwrap_or_default()
}

impl LibraryBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds every level-3 row of `declaration`, read from `file` (a path or 「示例/…」 as the
    /// user should see it). Rows without a name are skipped; a row without a value still counts.
    pub fn add(&mut self, file: impl Into<String>, declaration: &Declaration) {
        let source = self.sources.len();
        self.sources.push(Source {
            file: file.into(),
            fiscal_year: declaration.fiscal_year,
            project_name: declaration.project_name.trim().to_owned(),
        });
        let layout = declaration.layout();
        for level1 in &declaration.indicators {
            for level2 in &level1.children {
                for level3 in &level2.children {
                    let name_key = name_key(&level3.name);
                    if name_key.is_empty() {
                        continue;
                    }
                    let key = (
                        text::name_key(&level1.name),
                        text::name_key(&level2.name),
                        name_key,
                    );
                    let building = match self.entries.get_mut(&key) {
                        Some(building) => building,
                        None => {
                            self.order.push(key.clone());
                            self.entries.entry(key).or_insert_with(|| Building {
                                standard: standard_placement(
                                    layout,
                                    &level1.name,
                                    &level2.name,
                                    &level3.name,
                                ),
                                ..Building::default()
                            })
                        }
                    };
                    count_in(&mut building.level1, tidy_name(&level1.name));
                    count_in(&mut building.level2, tidy_name(&level2.name));
                    count_in(&mut building.name, tidy_name(&level3.name));
                    if let Some(target) = &level3.target {
                        count_in(&mut building.values, target.clone());
                        if let TargetValue::Quantitative { unit, .. } = target
                            && !unit.trim().is_empty()
                        {
                            count_in(&mut building.units, unit.trim().to_owned());
                        }
                    }
                    if !building.years.contains(&declaration.fiscal_year) {
                        building.years.push(declaration.fiscal_year);
                    }
                    if building.sources.last() != Some(&source) {
                        building.sources.push(source);
                    }
                    building.count += 1;
                }
            }
        }
    }

    /// The finished library, indexed for completion and placement.
    pub fn finish(mut self) -> Library {
        let mut entries: Vec<Entry> = Vec::with_capacity(self.order.len());
        for key in &self.order {
            let Some(building) = self.entries.remove(key) else {
                continue;
            };
            let mut years = building.years;
            years.sort_unstable();
            entries.push(Entry {
                level1: most_common(&building.level1),
                level2: most_common(&building.level2),
                name: most_common(&building.name),
                standard: building.standard,
                values: by_count(building.values),
                units: by_count(building.units),
                years,
                count: building.count,
                sources: building.sources,
            });
        }
        Library::index(entries, self.sources)
    }
}

impl Library {
    /// A library with no indicators: only the standard scheme (placement still works from the
    /// scheme's meaning).
    pub fn standard() -> Self {
        LibraryBuilder::new().finish()
    }

    /// Builds the indexes over `entries`.
    fn index(entries: Vec<Entry>, sources: Vec<Source>) -> Self {
        let placement_count = Placement::all().count();
        let mut names: Vec<NameInfo> = Vec::new();
        let mut by_key: HashMap<String, usize> = HashMap::new();
        let mut spellings: Vec<Vec<Counted<String>>> = Vec::new();
        let mut placement_rows = vec![0.0; placement_count];
        for (index, entry) in entries.iter().enumerate() {
            let key = name_key(&entry.name);
            let slot = *by_key.entry(key.clone()).or_insert_with(|| {
                names.push(NameInfo {
                    display: String::new(),
                    pinyin: PinyinKey::new(&key),
                    bigrams: bigrams(&key),
                    char_count: key.chars().count(),
                    chars: text::char_bloom(&key),
                    key,
                    count: 0,
                    entries: Vec::new(),
                    votes: vec![0; placement_count],
                });
                spellings.push(Vec::new());
                names.len() - 1
            });
            let (Some(info), Some(spelling)) = (names.get_mut(slot), spellings.get_mut(slot))
            else {
                continue;
            };
            info.count += entry.count;
            info.entries.push(index);
            count_times(spelling, entry.name.clone(), entry.count);
            if let Some(placement) = entry.standard {
                let at = placement.index();
                let rows = u32::try_from(entry.count).unwrap_or(u32::MAX);
                if let Some(votes) = info.votes.get_mut(at) {
                    *votes = votes.saturating_add(rows);
                }
                if let Some(total) = placement_rows.get_mut(at) {
                    *total += f64::from(rows);
                }
            }
        }
        for (info, spelling) in names.iter_mut().zip(&spellings) {
            info.display = most_common(spelling);
            info.entries.sort_by(|a, b| {
                let count = |i: &usize| entries.get(*i).map_or(0, |entry| entry.count);
                count(b).cmp(&count(a)).then(a.cmp(b))
            });
        }
        let mut by_bigram: HashMap<(char, char), Vec<usize>> = HashMap::new();
        let mut by_suffix: HashMap<String, Vec<f64>> = HashMap::new();
        for (index, info) in names.iter().enumerate() {
            for pair in &info.bigrams {
                by_bigram.entry(*pair).or_default().push(index);
            }
            let total: u32 = info.votes.iter().sum();
            if total == 0 {
                continue;
            }
            // Each distinct name counts once (its rows spread over its placements), so a name
            // written on every form does not outvote the rest.
            for suffix in place::suffixes(&info.key) {
                let shares = by_suffix
                    .entry(suffix.to_owned())
                    .or_insert_with(|| vec![0.0; placement_count]);
                for (share, votes) in shares.iter_mut().zip(&info.votes) {
                    *share += f64::from(*votes) / f64::from(total);
                }
            }
        }
        Self {
            entries,
            sources,
            names,
            by_key,
            by_bigram,
            by_suffix,
            placement_rows,
        }
    }

    /// Every entry, in the order first seen (files in the order added, rows in printed order).
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The files the library was built from, in the order added.
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// The entries filed under a standard placement (by [`Entry::standard`]), most rows first:
    /// for browsing the library by 一级/二级.
    pub fn entries_in(&self, placement: Placement) -> Vec<&Entry> {
        let mut found: Vec<&Entry> = self
            .entries
            .iter()
            .filter(|entry| entry.standard == Some(placement))
            .collect();
        found.sort_by_key(|entry| std::cmp::Reverse(entry.count));
        found
    }

    /// The entries with a level-3 name spelled like `name` (spaces and width ignored), most rows
    /// first.
    pub fn entries_named(&self, name: &str) -> Vec<&Entry> {
        self.by_key
            .get(&name_key(name))
            .and_then(|slot| self.names.get(*slot))
            .map(|info| {
                info.entries
                    .iter()
                    .filter_map(|index| self.entries.get(*index))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The most common target value over every entry with this name, if any.
    fn common_value_of(&self, info: &NameInfo) -> Option<&TargetValue> {
        let mut best: Option<&Counted<TargetValue>> = None;
        for entry in info.entries.iter().filter_map(|i| self.entries.get(*i)) {
            for counted in &entry.values {
                if best.is_none_or(|b| counted.count > b.count) {
                    best = Some(counted);
                }
            }
        }
        best.map(|counted| &counted.value)
    }

    /// The newest source of a name (highest year, then last read), for showing where a
    /// suggestion comes from.
    fn newest_source_of(&self, info: &NameInfo) -> Option<&Source> {
        info.entries
            .iter()
            .filter_map(|i| self.entries.get(*i))
            .flat_map(|entry| &entry.sources)
            .filter_map(|s| self.sources.get(*s))
            .enumerate()
            .max_by_key(|(order, source)| (source.fiscal_year, *order))
            .map(|(_, source)| source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scheme_has_thirteen_placements_with_unique_level2_names() {
        let all: Vec<Placement> = Placement::all().collect();
        assert_eq!(all.len(), 11);
        for placement in &all {
            assert_eq!(Placement::of_level2(placement.level2), Some(*placement));
            assert_eq!(Placement::at(placement.index()), Some(*placement));
        }
        assert_eq!(Placement::of_level2("其他指标"), None);
    }

    #[test]
    fn written_placements_map_onto_the_scheme() {
        let current = |level1, level2| standard_placement(FormLayout::Current, level1, level2, "");
        assert_eq!(
            current("产出指标", "时效指标"),
            Placement::standard("产出指标", "时效指标")
        );
        // A drifted cell: 时效指标 written under 效益指标.
        assert_eq!(
            current("效益指标", "时效指标"),
            Placement::standard("产出指标", "时效指标")
        );
        // 2023 practice: 成本指标 as a level-2 under 产出指标.
        assert_eq!(
            current("产出指标", "成本指标"),
            Placement::standard("成本指标", "经济成本指标")
        );
        assert_eq!(
            current("满意度指标", "服务对象满意度 "),
            Placement::standard("满意度指标", "服务对象满意度指标")
        );
        assert_eq!(current("其他", "其他"), None);
        assert_eq!(
            standard_placement(FormLayout::Y2020, "产出目标", "时效", ""),
            Placement::standard("产出指标", "时效指标")
        );
        assert_eq!(
            standard_placement(FormLayout::Y2020, "投入与管理", "财务管理", ""),
            None
        );
        assert_eq!(
            standard_placement(FormLayout::Y2018, "效果目标", "", "服务对象满意度"),
            Placement::standard("满意度指标", "服务对象满意度指标")
        );
        assert_eq!(
            standard_placement(FormLayout::Y2018, "产出目标", "", "在线学习招生人数"),
            None
        );
    }
}
