//! The indicator tree compared: groups and level-3 rows matched by name and position, so that a
//! renamed row is one change, not a removal and an addition; and each change taken over.
//!
//! Matching, in order:
//! 1. level-1 groups, then the level-2 groups of each matched level-1 pair: same name first;
//!    then groups sharing rows or with similar names (other groups are added and removed, never
//!    paired by place: 可持续影响指标 and 社会效益指标 differ wherever they stand);
//! 2. level-3 rows over the whole tree by name (same group first), so a row that moved is found
//!    wherever it went;
//! 3. within each matched level-2 pair, between two rows matched by name, the remaining rows:
//!    similar names (or the same value and a somewhat similar name) first, then one row facing
//!    one row (a rename in place);
//! 4. anywhere, remaining rows with very similar names (moved and renamed).
//!
//! A matched row whose group or order changed is moved; order is judged against the longest
//! run of matched rows that kept their order, so moving one row does not move its neighbours.

use std::collections::HashMap;

use super::ApplyError;
use crate::model::{IndicatorPath, Level1Indicator, Level2Indicator, Level3Indicator, TargetValue};

/// A name in the two versions: `old` in the old version, `new` in the new one; either is
/// `None` when the thing is only in one of them. They differ when it was renamed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Names {
    /// The name in the old version.
    pub old: Option<String>,
    /// The name in the new version.
    pub new: Option<String>,
}

impl Names {
    /// The name to show: the new one, else the old one.
    pub fn shown(&self) -> &str {
        self.new.as_deref().or(self.old.as_deref()).unwrap_or("")
    }

    /// The name to show for what was removed: the old one, else the new one.
    pub fn shown_old(&self) -> &str {
        self.old.as_deref().or(self.new.as_deref()).unwrap_or("")
    }

    /// Both names, new first, for finding the thing in a declaration part-way between the two.
    fn candidates(&self) -> impl Iterator<Item = &str> {
        self.new.as_deref().into_iter().chain(self.old.as_deref())
    }
}

/// A level-1 group, or a level-2 group inside one, by its names in both versions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupRef {
    /// The level-1 group.
    pub level1: Names,
    /// The level-2 group; `None` for a level-1 group.
    pub level2: Option<Names>,
}

impl GroupRef {
    /// `产出指标 › 数量指标` (new names where known).
    pub fn shown(&self) -> String {
        Self::join(self.level1.shown(), self.level2.as_ref().map(Names::shown))
    }

    /// `产出指标 › 数量指标` by the old names where known (for what was removed).
    pub fn shown_old(&self) -> String {
        Self::join(
            self.level1.shown_old(),
            self.level2.as_ref().map(Names::shown_old),
        )
    }

    fn join(level1: &str, level2: Option<&str>) -> String {
        match level2 {
            Some(level2) if !level2.is_empty() => format!("{level1} › {level2}"),
            _ => level1.to_owned(),
        }
    }
}

/// A level-3 row as it is in one of the two versions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowRef {
    /// Its level-2 group (with the group's names in both versions).
    pub group: GroupRef,
    /// Its name in this version.
    pub name: String,
    /// Its target value in this version.
    pub target: Option<TargetValue>,
    /// Where it is in this version.
    pub path: IndicatorPath,
}

/// Where a change found its group or row, and where it put it, when the changes of one
/// comparison are taken in order: exact positions in the declaration as it is at that moment.
/// A change taken on its own, into a declaration that moved on, uses them only where the name
/// there still fits, and otherwise finds things by name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hint {
    find: Option<IndicatorPath>,
    put: Option<IndicatorPath>,
}

/// A change to the indicator tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IndicatorChange {
    /// A group is new (empty here; its rows are added by their own changes).
    GroupAdded {
        /// The group (new names).
        group: GroupRef,
        /// Where it is in the new version.
        path: IndicatorPath,
        /// The group before it in the new version; `None` when it comes first.
        after: Option<Names>,
        /// Positions while taking changes in order.
        hint: Hint,
    },
    /// A group is gone, with whatever is still in it.
    GroupRemoved {
        /// The group (old names).
        group: GroupRef,
        /// Where it was in the old version.
        path: IndicatorPath,
        /// Positions while taking changes in order.
        hint: Hint,
    },
    /// A group has a new name (the changed level's [`Names`] differ).
    GroupRenamed {
        /// The group, both names.
        group: GroupRef,
        /// Where it is in the new version.
        path: IndicatorPath,
        /// Positions while taking changes in order.
        hint: Hint,
    },
    /// A group changed its place among its siblings.
    GroupMoved {
        /// The group, both names.
        group: GroupRef,
        /// Where it is in the new version.
        path: IndicatorPath,
        /// The group before it in the new version; `None` when it comes first.
        after: Option<Names>,
        /// Positions while taking changes in order.
        hint: Hint,
    },
    /// A row is new.
    Added {
        /// The row in the new version.
        row: RowRef,
        /// The row before it in its group in the new version; `None` when it comes first.
        after: Option<Names>,
        /// Positions while taking changes in order.
        hint: Hint,
    },
    /// A row is gone.
    Removed {
        /// The row in the old version.
        row: RowRef,
        /// Positions while taking changes in order.
        hint: Hint,
    },
    /// A row is in another group, or in another place in its group.
    Moved {
        /// The row in the old version.
        old: RowRef,
        /// The row in the new version.
        new: RowRef,
        /// The row before it in its group in the new version; `None` when it comes first.
        after: Option<Names>,
        /// Positions while taking changes in order.
        hint: Hint,
    },
    /// A row has a new name.
    Renamed {
        /// The row in the old version.
        old: RowRef,
        /// The row in the new version.
        new: RowRef,
        /// Positions while taking changes in order.
        hint: Hint,
    },
    /// A row has a new target value.
    Value {
        /// The row in the old version.
        old: RowRef,
        /// The row in the new version.
        new: RowRef,
        /// Positions while taking changes in order.
        hint: Hint,
    },
}

/// One row of a tree with where it is.
struct Flat<'a> {
    level1: usize,
    level2: usize,
    level3: usize,
    row: &'a Level3Indicator,
    key: String,
}

/// The comparison key of a name: spaces dropped (extraction damage, docs/form.md §7).
fn key(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace()).collect()
}

/// How similar two names are, 0.0–1.0: Sørensen–Dice over character pairs, counted in
/// characters (a crate's byte-counting version undercounts Chinese names threefold).
fn similarity(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    let pairs = |text: &str| -> Vec<(char, char)> {
        let chars: Vec<char> = text.chars().collect();
        chars.windows(2).map(|pair| (pair[0], pair[1])).collect()
    };
    let (left, mut right) = (pairs(a), pairs(b));
    let total = left.len() + right.len();
    if total == 0 {
        return 0.0;
    }
    let mut shared = 0usize;
    for pair in &left {
        if let Some(found) = right.iter().position(|other| other == pair) {
            right.swap_remove(found);
            shared += 1;
        }
    }
    #[expect(
        clippy::cast_precision_loss,
        reason = "name lengths are far below 2^52"
    )]
    let similarity = (2 * shared) as f64 / total as f64;
    similarity
}

/// Which items of `sequence` (in old order, each the new position) keep their order: the
/// longest increasing run, ties going to the earliest items.
fn kept_order(sequence: &[usize]) -> Vec<bool> {
    // Patience sorting: tails[k] is the index in `sequence` ending the best run of length k+1.
    let mut tails: Vec<usize> = Vec::new();
    let mut previous: Vec<Option<usize>> = vec![None; sequence.len()];
    for (index, value) in sequence.iter().enumerate() {
        let length = tails.partition_point(|&tail| sequence.get(tail) < Some(value));
        previous[index] = length.checked_sub(1).and_then(|k| tails.get(k).copied());
        if length == tails.len() {
            tails.push(index);
        } else if let Some(slot) = tails.get_mut(length) {
            *slot = index;
        }
    }
    let mut kept = vec![false; sequence.len()];
    let mut at = tails.last().copied();
    while let Some(index) = at {
        if let Some(flag) = kept.get_mut(index) {
            *flag = true;
        }
        at = previous.get(index).copied().flatten();
    }
    kept
}

/// Pairs the groups of two sibling lists (see the module doc, step 1). `rows` gives each
/// group's row keys, for pairing groups that share rows. Returns old index → new index.
fn pair_groups(old: &[(String, Vec<String>)], new: &[(String, Vec<String>)]) -> Vec<Option<usize>> {
    let mut old_to_new: Vec<Option<usize>> = vec![None; old.len()];
    let mut new_taken = vec![false; new.len()];
    // Same name.
    for (i, (name, _)) in old.iter().enumerate() {
        let name = key(name);
        if let Some(j) = (0..new.len())
            .find(|&j| !new_taken[j] && new.get(j).is_some_and(|(other, _)| key(other) == name))
        {
            old_to_new[i] = Some(j);
            new_taken[j] = true;
        }
    }
    // Shared rows, then similar names.
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for (i, (old_name, old_rows)) in old.iter().enumerate() {
        if old_to_new[i].is_some() {
            continue;
        }
        for (j, (new_name, new_rows)) in new.iter().enumerate() {
            if new_taken[j] {
                continue;
            }
            let shared = old_rows.iter().filter(|row| new_rows.contains(row)).count();
            let like = similarity(&key(old_name), &key(new_name));
            #[expect(clippy::cast_precision_loss, reason = "row counts are small")]
            let score = shared as f64 + like;
            if shared > 0 || like >= 0.5 {
                candidates.push((score, i, j));
            }
        }
    }
    pair_best(candidates, &mut old_to_new, &mut new_taken);
    // Groups with different names and no rows in common stay apart: 可持续影响指标 and
    // 社会效益指标 are different groups even in the same place.
    old_to_new
}

/// Pairs greedily from `candidates` (score, old index, new index): best score first, ties to the
/// lower old then new index, each side at most once. Fills `pairs` (old → new) and `taken`
/// (new), skipping what is already paired or taken.
fn pair_best(
    mut candidates: Vec<(f64, usize, usize)>,
    pairs: &mut [Option<usize>],
    taken: &mut [bool],
) {
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, i, j) in candidates {
        if let (Some(pair @ None), Some(used @ false)) = (pairs.get_mut(i), taken.get_mut(j)) {
            *pair = Some(j);
            *used = true;
        }
    }
}

/// The rows of a tree in printed order.
fn flatten(tree: &[Level1Indicator]) -> Vec<Flat<'_>> {
    let mut rows = Vec::new();
    for (level1, group1) in tree.iter().enumerate() {
        for (level2, group2) in group1.children.iter().enumerate() {
            for (level3, row) in group2.children.iter().enumerate() {
                rows.push(Flat {
                    level1,
                    level2,
                    level3,
                    row,
                    key: key(&row.name),
                });
            }
        }
    }
    rows
}

/// The matching of two trees: groups and rows, both ways.
struct Matching {
    level1: Vec<Option<usize>>,
    level1_back: Vec<Option<usize>>,
    /// (old level-1, old level-2) → (new level-1, new level-2).
    level2: HashMap<(usize, usize), (usize, usize)>,
    level2_back: HashMap<(usize, usize), (usize, usize)>,
    rows: Vec<Option<usize>>,
    rows_back: Vec<Option<usize>>,
}

fn group_rows(group: &Level2Indicator) -> Vec<String> {
    group.children.iter().map(|row| key(&row.name)).collect()
}

fn level1_rows(group: &Level1Indicator) -> Vec<String> {
    group.children.iter().flat_map(group_rows).collect()
}

/// Inverts an index map.
fn invert(map: &[Option<usize>], len: usize) -> Vec<Option<usize>> {
    let mut back = vec![None; len];
    for (i, j) in map.iter().enumerate() {
        if let Some(slot) = j.and_then(|j| back.get_mut(j)) {
            *slot = Some(i);
        }
    }
    back
}

fn match_trees(
    old: &[Level1Indicator],
    new: &[Level1Indicator],
    old_rows: &[Flat<'_>],
    new_rows: &[Flat<'_>],
) -> Matching {
    let describe = |tree: &[Level1Indicator]| -> Vec<(String, Vec<String>)> {
        tree.iter()
            .map(|g| (g.name.clone(), level1_rows(g)))
            .collect()
    };
    let (old1, new1) = (describe(old), describe(new));
    let level1 = pair_groups(&old1, &new1);
    let level1_back = invert(&level1, new.len());

    let mut level2 = HashMap::new();
    for (i1, j1) in level1.iter().enumerate() {
        let (Some(j1), Some(old_group)) = (j1, old.get(i1)) else {
            continue;
        };
        let Some(new_group) = new.get(*j1) else {
            continue;
        };
        let side = |group: &Level1Indicator| -> Vec<(String, Vec<String>)> {
            group
                .children
                .iter()
                .map(|g| (g.name.clone(), group_rows(g)))
                .collect()
        };
        let (old2, new2) = (side(old_group), side(new_group));
        for (i2, j2) in pair_groups(&old2, &new2).into_iter().enumerate() {
            if let Some(j2) = j2 {
                level2.insert((i1, i2), (*j1, j2));
            }
        }
    }
    let level2_back: HashMap<(usize, usize), (usize, usize)> =
        level2.iter().map(|(old, new)| (*new, *old)).collect();

    let same_group = |o: &Flat<'_>, n: &Flat<'_>| {
        level2.get(&(o.level1, o.level2)) == Some(&(n.level1, n.level2))
    };
    let mut rows: Vec<Option<usize>> = vec![None; old_rows.len()];
    let mut taken = vec![false; new_rows.len()];
    // 2. Same name: same group first, then anywhere, in order.
    let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
    for (j, row) in new_rows.iter().enumerate() {
        by_key.entry(row.key.as_str()).or_default().push(j);
    }
    for pass in [true, false] {
        for (i, row) in old_rows.iter().enumerate() {
            if rows[i].is_some() {
                continue;
            }
            let Some(list) = by_key.get(row.key.as_str()) else {
                continue;
            };
            let found = list.iter().copied().find(|&j| {
                !taken[j] && (!pass || new_rows.get(j).is_some_and(|n| same_group(row, n)))
            });
            if let Some(j) = found {
                rows[i] = Some(j);
                taken[j] = true;
            }
        }
    }
    // 3. Renames in place, within each matched level-2 pair.
    for (&(o1, o2), &(n1, n2)) in &level2 {
        let olds: Vec<usize> = (0..old_rows.len())
            .filter(|&i| {
                old_rows
                    .get(i)
                    .is_some_and(|r| r.level1 == o1 && r.level2 == o2)
            })
            .collect();
        let news: Vec<usize> = (0..new_rows.len())
            .filter(|&j| {
                new_rows
                    .get(j)
                    .is_some_and(|r| r.level1 == n1 && r.level2 == n2)
            })
            .collect();
        pair_rows_in_group(&olds, &news, old_rows, new_rows, &mut rows, &mut taken);
    }
    // 4. Moved and renamed: very similar names anywhere.
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for (i, row) in old_rows.iter().enumerate() {
        if rows[i].is_some() {
            continue;
        }
        for (j, other) in new_rows.iter().enumerate() {
            if taken[j] {
                continue;
            }
            let like = similarity(&row.key, &other.key);
            if like >= 0.6 {
                candidates.push((like, i, j));
            }
        }
    }
    pair_best(candidates, &mut rows, &mut taken);
    let rows_back = invert(&rows, new_rows.len());
    Matching {
        level1,
        level1_back,
        level2,
        level2_back,
        rows,
        rows_back,
    }
}

/// Step 3 for one matched level-2 pair: `olds` and `news` are the flat indices of its rows.
fn pair_rows_in_group(
    olds: &[usize],
    news: &[usize],
    old_rows: &[Flat<'_>],
    new_rows: &[Flat<'_>],
    rows: &mut [Option<usize>],
    taken: &mut [bool],
) {
    // Positions within the group, and the rows paired inside the group.
    let position_of_new: HashMap<usize, usize> =
        news.iter().enumerate().map(|(p, j)| (*j, p)).collect();
    let mut local: Vec<Option<usize>> = olds
        .iter()
        .map(|&i| {
            rows.get(i)
                .copied()
                .flatten()
                .and_then(|j| position_of_new.get(&j).copied())
        })
        .collect();
    let mut local_taken: Vec<bool> = news
        .iter()
        .map(|&j| taken.get(j).copied().unwrap_or(false))
        .collect();
    // Rows paired with rows of other groups are not free here.
    let blocked_old: Vec<bool> = olds
        .iter()
        .zip(&local)
        .map(|(&i, here)| here.is_none() && rows.get(i).copied().flatten().is_some())
        .collect();

    // Similar names within each gap first.
    let anchors: Vec<(usize, usize)> = local
        .iter()
        .enumerate()
        .filter_map(|(p, q)| q.map(|q| (p, q)))
        .collect();
    let kept = kept_order(&anchors.iter().map(|(_, q)| *q).collect::<Vec<_>>());
    let mut bounds: Vec<(usize, usize)> = anchors
        .iter()
        .zip(&kept)
        .filter(|(_, k)| **k)
        .map(|(a, _)| *a)
        .collect();
    bounds.push((olds.len(), news.len()));
    let (mut old_start, mut new_start) = (0, 0);
    for (old_end, new_end) in bounds {
        let free_old: Vec<usize> = (old_start..old_end)
            .filter(|&p| {
                local.get(p).is_some_and(Option::is_none)
                    && !blocked_old.get(p).copied().unwrap_or(true)
            })
            .collect();
        let free_new: Vec<usize> = (new_start..new_end)
            .filter(|&q| local_taken.get(q).is_some_and(|t| !t))
            .collect();
        let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
        for &p in &free_old {
            for &q in &free_new {
                let (Some(o), Some(n)) = (
                    olds.get(p).and_then(|i| old_rows.get(*i)),
                    news.get(q).and_then(|j| new_rows.get(*j)),
                ) else {
                    continue;
                };
                let mut score = similarity(&o.key, &n.key);
                if o.row.target.is_some() && o.row.target == n.row.target {
                    score += 0.2;
                }
                if score >= 0.3 {
                    candidates.push((score, p, q));
                }
            }
        }
        pair_best(candidates, &mut local, &mut local_taken);
        // One row in place of one row, between the same neighbours: that row, reworded.
        if let ([p], [q]) = (free_old.as_slice(), free_new.as_slice())
            && local.get(*p).is_some_and(Option::is_none)
            && local_taken.get(*q).is_some_and(|t| !t)
        {
            local[*p] = Some(*q);
            local_taken[*q] = true;
        }
        old_start = old_end + 1;
        new_start = new_end + 1;
    }
    for (p, q) in local.iter().enumerate() {
        let (Some(q), Some(&i)) = (q, olds.get(p)) else {
            continue;
        };
        let Some(&j) = news.get(*q) else {
            continue;
        };
        if rows.get(i).copied().flatten().is_none() {
            rows[i] = Some(j);
            taken[j] = true;
        }
    }
}

/// Which version a node of the working tree comes from, with its index there (flat index for
/// rows). Matched nodes keep their old identity.
type NodeId = (bool, usize, usize);

/// The tree while the changes are being taken in order, as identities only: what the builder
/// simulates to know the exact positions (see [`Hint`]).
#[derive(Default)]
struct Work {
    tree: Vec<WorkLevel1>,
}

/// A level-2 group of the working tree: its identity and its rows'.
type WorkLevel2 = (NodeId, Vec<NodeId>);
/// A level-1 group of the working tree: its identity and its level-2 groups.
type WorkLevel1 = (NodeId, Vec<WorkLevel2>);

/// Identity of an old node (`true`) or a new one.
const OLD: bool = true;
const NEW: bool = false;

impl Work {
    fn of_old(old: &[Level1Indicator]) -> Self {
        let mut flat = 0;
        let tree = old
            .iter()
            .enumerate()
            .map(|(i1, group1)| {
                let children = group1
                    .children
                    .iter()
                    .enumerate()
                    .map(|(i2, group2)| {
                        let rows = group2
                            .children
                            .iter()
                            .map(|_| {
                                flat += 1;
                                (OLD, flat - 1, 0)
                            })
                            .collect();
                        ((OLD, i1, i2), rows)
                    })
                    .collect();
                ((OLD, i1, 0), children)
            })
            .collect();
        Self { tree }
    }

    fn level1(&self, id: NodeId) -> Option<usize> {
        self.tree.iter().position(|(node, _)| *node == id)
    }

    fn level2(&self, id: NodeId) -> Option<(usize, usize)> {
        self.tree
            .iter()
            .enumerate()
            .find_map(|(p1, (_, children))| {
                children
                    .iter()
                    .position(|(node, _)| *node == id)
                    .map(|p2| (p1, p2))
            })
    }

    /// The rows of the level-2 group at (`p1`, `p2`).
    fn rows_mut(&mut self, p1: usize, p2: usize) -> Option<&mut Vec<NodeId>> {
        let (_, children) = self.tree.get_mut(p1)?;
        children.get_mut(p2).map(|(_, rows)| rows)
    }

    fn row(&self, id: NodeId) -> Option<(usize, usize, usize)> {
        self.tree
            .iter()
            .enumerate()
            .find_map(|(p1, (_, children))| {
                children.iter().enumerate().find_map(|(p2, (_, rows))| {
                    rows.iter()
                        .position(|node| *node == id)
                        .map(|p3| (p1, p2, p3))
                })
            })
    }
}

/// Builds the changes from a matching, simulating them on a [`Work`] tree for the hints.
struct Builder<'a> {
    old: &'a [Level1Indicator],
    new: &'a [Level1Indicator],
    old_rows: Vec<Flat<'a>>,
    new_rows: Vec<Flat<'a>>,
    matching: Matching,
}

impl Builder<'_> {
    fn level1_names_old(&self, i1: usize) -> Names {
        Names {
            old: self.old.get(i1).map(|g| g.name.clone()),
            new: self
                .matching
                .level1
                .get(i1)
                .copied()
                .flatten()
                .and_then(|j1| self.new.get(j1))
                .map(|g| g.name.clone()),
        }
    }

    fn level1_names_new(&self, j1: usize) -> Names {
        Names {
            old: self
                .matching
                .level1_back
                .get(j1)
                .copied()
                .flatten()
                .and_then(|i1| self.old.get(i1))
                .map(|g| g.name.clone()),
            new: self.new.get(j1).map(|g| g.name.clone()),
        }
    }

    fn level2_name(tree: &[Level1Indicator], at: (usize, usize)) -> Option<String> {
        tree.get(at.0)
            .and_then(|g| g.children.get(at.1))
            .map(|g| g.name.clone())
    }

    fn group_old(&self, at: (usize, usize)) -> GroupRef {
        GroupRef {
            level1: self.level1_names_old(at.0),
            level2: Some(Names {
                old: Self::level2_name(self.old, at),
                new: self
                    .matching
                    .level2
                    .get(&at)
                    .and_then(|new_at| Self::level2_name(self.new, *new_at)),
            }),
        }
    }

    fn group_new(&self, at: (usize, usize)) -> GroupRef {
        GroupRef {
            level1: self.level1_names_new(at.0),
            level2: Some(Names {
                old: self
                    .matching
                    .level2_back
                    .get(&at)
                    .and_then(|old_at| Self::level2_name(self.old, *old_at)),
                new: Self::level2_name(self.new, at),
            }),
        }
    }

    fn row_old(&self, i: usize) -> Option<RowRef> {
        let flat = self.old_rows.get(i)?;
        Some(RowRef {
            group: self.group_old((flat.level1, flat.level2)),
            name: flat.row.name.clone(),
            target: flat.row.target.clone(),
            path: IndicatorPath::level3(flat.level1, flat.level2, flat.level3),
        })
    }

    fn row_new(&self, j: usize) -> Option<RowRef> {
        let flat = self.new_rows.get(j)?;
        Some(RowRef {
            group: self.group_new((flat.level1, flat.level2)),
            name: flat.row.name.clone(),
            target: flat.row.target.clone(),
            path: IndicatorPath::level3(flat.level1, flat.level2, flat.level3),
        })
    }

    /// The names of the row before new row `j` in its group, if any.
    fn row_anchor(&self, j: usize) -> Option<Names> {
        let flat = self.new_rows.get(j)?;
        if flat.level3 == 0 {
            return None;
        }
        let before = j.checked_sub(1)?;
        Some(Names {
            old: self
                .matching
                .rows_back
                .get(before)
                .copied()
                .flatten()
                .and_then(|i| self.old_rows.get(i))
                .map(|r| r.row.name.clone()),
            new: self.new_rows.get(before).map(|r| r.row.name.clone()),
        })
    }

    fn id1_new(&self, j1: usize) -> NodeId {
        match self.matching.level1_back.get(j1).copied().flatten() {
            Some(i1) => (OLD, i1, 0),
            None => (NEW, j1, 0),
        }
    }

    fn id2_new(&self, at: (usize, usize)) -> NodeId {
        match self.matching.level2_back.get(&at) {
            Some(&(i1, i2)) => (OLD, i1, i2),
            None => (NEW, at.0, at.1),
        }
    }

    fn id_row_new(&self, j: usize) -> NodeId {
        match self.matching.rows_back.get(j).copied().flatten() {
            Some(i) => (OLD, i, 0),
            None => (NEW, j, 0),
        }
    }

    /// Whether each matched row pair (by old flat index) kept its group and order.
    fn rows_in_place(&self) -> Vec<bool> {
        let mut in_place = vec![false; self.old_rows.len()];
        let mut per_group: HashMap<(usize, usize), Vec<(usize, usize)>> = HashMap::new();
        for (i, j) in self.matching.rows.iter().enumerate() {
            let (Some(j), Some(o)) = (j, self.old_rows.get(i)) else {
                continue;
            };
            let Some(n) = self.new_rows.get(*j) else {
                continue;
            };
            if self.matching.level2.get(&(o.level1, o.level2)) == Some(&(n.level1, n.level2)) {
                per_group
                    .entry((o.level1, o.level2))
                    .or_default()
                    .push((i, n.level3));
            }
        }
        for pairs in per_group.values() {
            let positions: Vec<usize> = pairs.iter().map(|(_, p)| *p).collect();
            for ((i, _), kept) in pairs.iter().zip(kept_order(&positions)) {
                if let Some(flag) = in_place.get_mut(*i) {
                    *flag = kept;
                }
            }
        }
        in_place
    }

    fn build(&self) -> Vec<IndicatorChange> {
        let mut work = Work::of_old(self.old);
        let mut changes = Vec::new();
        self.level1_changes(&mut work, &mut changes);
        self.level2_changes(&mut work, &mut changes);
        self.row_changes(&mut work, &mut changes);

        // Groups gone: level-2 groups of level-1 groups that stay, then level-1 groups.
        for (i1, group1) in self.old.iter().enumerate() {
            if self.matching.level1.get(i1).copied().flatten().is_none() {
                continue;
            }
            for i2 in 0..group1.children.len() {
                if self.matching.level2.contains_key(&(i1, i2)) {
                    continue;
                }
                let find = work.level2((OLD, i1, i2));
                if let Some((p1, p2)) = find
                    && let Some((_, children)) = work.tree.get_mut(p1)
                {
                    children.remove(p2);
                }
                changes.push(IndicatorChange::GroupRemoved {
                    group: self.group_old((i1, i2)),
                    path: IndicatorPath::level2(i1, i2),
                    hint: Hint {
                        find: find.map(|(p1, p2)| IndicatorPath::level2(p1, p2)),
                        put: None,
                    },
                });
            }
        }
        for i1 in 0..self.old.len() {
            if self.matching.level1.get(i1).copied().flatten().is_some() {
                continue;
            }
            let find = work.level1((OLD, i1, 0));
            if let Some(p1) = find {
                work.tree.remove(p1);
            }
            changes.push(IndicatorChange::GroupRemoved {
                group: GroupRef {
                    level1: self.level1_names_old(i1),
                    level2: None,
                },
                path: IndicatorPath::level1(i1),
                hint: Hint {
                    find: find.map(IndicatorPath::level1),
                    put: None,
                },
            });
        }
        changes
    }

    fn level1_changes(&self, work: &mut Work, changes: &mut Vec<IndicatorChange>) {
        for (j1, group) in self.new.iter().enumerate() {
            let names = self.level1_names_new(j1);
            if names.old.as_ref().is_some_and(|old| *old != group.name) {
                changes.push(IndicatorChange::GroupRenamed {
                    group: GroupRef {
                        level1: names,
                        level2: None,
                    },
                    path: IndicatorPath::level1(j1),
                    hint: Hint {
                        find: work.level1(self.id1_new(j1)).map(IndicatorPath::level1),
                        put: None,
                    },
                });
            }
        }
        let positions: Vec<usize> = self.matching.level1.iter().filter_map(|j| *j).collect();
        let kept = kept_order(&positions);
        for j1 in 0..self.new.len() {
            let group = GroupRef {
                level1: self.level1_names_new(j1),
                level2: None,
            };
            let after = j1
                .checked_sub(1)
                .map(|before| self.level1_names_new(before));
            let path = IndicatorPath::level1(j1);
            let id = self.id1_new(j1);
            let anchor = j1.checked_sub(1).map(|before| self.id1_new(before));
            let paired = positions.iter().position(|p| *p == j1);
            let moved = paired.is_some_and(|k| !kept.get(k).copied().unwrap_or(true));
            if paired.is_some() && !moved {
                continue;
            }
            let find = if moved { work.level1(id) } else { None };
            let node = match find {
                Some(p1) => work.tree.remove(p1),
                None => (id, Vec::new()),
            };
            let put = anchor
                .and_then(|anchor| work.level1(anchor))
                .map_or(0, |p| p + 1)
                .min(work.tree.len());
            work.tree.insert(put, node);
            let hint = Hint {
                find: find.map(IndicatorPath::level1),
                put: Some(IndicatorPath::level1(put)),
            };
            changes.push(IndicatorChange::group_placed(
                moved, group, path, after, hint,
            ));
        }
    }

    fn level2_changes(&self, work: &mut Work, changes: &mut Vec<IndicatorChange>) {
        for (j1, group1) in self.new.iter().enumerate() {
            for (j2, group2) in group1.children.iter().enumerate() {
                let group = self.group_new((j1, j2));
                let renamed = group
                    .level2
                    .as_ref()
                    .and_then(|names| names.old.as_ref())
                    .is_some_and(|old| *old != group2.name);
                if renamed {
                    let find = work
                        .level2(self.id2_new((j1, j2)))
                        .map(|(p1, p2)| IndicatorPath::level2(p1, p2));
                    changes.push(IndicatorChange::GroupRenamed {
                        group,
                        path: IndicatorPath::level2(j1, j2),
                        hint: Hint { find, put: None },
                    });
                }
            }
        }
        for (j1, group1) in self.new.iter().enumerate() {
            let mut pairs: Vec<((usize, usize), usize)> = self
                .matching
                .level2
                .iter()
                .filter(|(_, new_at)| new_at.0 == j1)
                .map(|(old_at, new_at)| (*old_at, new_at.1))
                .collect();
            pairs.sort_unstable();
            let positions: Vec<usize> = pairs.iter().map(|(_, j2)| *j2).collect();
            let kept = kept_order(&positions);
            let parent = self.id1_new(j1);
            for j2 in 0..group1.children.len() {
                let paired = positions.iter().position(|p| *p == j2);
                let moved = paired.is_some_and(|k| !kept.get(k).copied().unwrap_or(true));
                if paired.is_some() && !moved {
                    continue;
                }
                let id = self.id2_new((j1, j2));
                let find = if moved { work.level2(id) } else { None };
                let node = match find {
                    Some((p1, p2)) => match work.tree.get_mut(p1) {
                        Some((_, children)) => children.remove(p2),
                        None => (id, Vec::new()),
                    },
                    None => (id, Vec::new()),
                };
                let Some(p1) = work.level1(parent) else {
                    continue;
                };
                let anchor = j2.checked_sub(1).map(|before| self.id2_new((j1, before)));
                let put = anchor
                    .and_then(|anchor| work.level2(anchor))
                    .map_or(0, |(_, p)| p + 1);
                let Some((_, children)) = work.tree.get_mut(p1) else {
                    continue;
                };
                let put = put.min(children.len());
                children.insert(put, node);
                let group = self.group_new((j1, j2));
                let path = IndicatorPath::level2(j1, j2);
                let after = j2
                    .checked_sub(1)
                    .and_then(|before| self.group_new((j1, before)).level2);
                let hint = Hint {
                    find: find.map(|(p1, p2)| IndicatorPath::level2(p1, p2)),
                    put: Some(IndicatorPath::level2(p1, put)),
                };
                changes.push(IndicatorChange::group_placed(
                    moved, group, path, after, hint,
                ));
            }
        }
    }

    fn row_changes(&self, work: &mut Work, changes: &mut Vec<IndicatorChange>) {
        let row_path = |at: Option<(usize, usize, usize)>| {
            at.map(|(p1, p2, p3)| IndicatorPath::level3(p1, p2, p3))
        };
        // Renames and values.
        for (j, i) in self.matching.rows_back.iter().enumerate() {
            let (Some(i), Some(n)) = (i, self.new_rows.get(j)) else {
                continue;
            };
            let (Some(o), Some(old), Some(new)) =
                (self.old_rows.get(*i), self.row_old(*i), self.row_new(j))
            else {
                continue;
            };
            let hint = Hint {
                find: row_path(work.row((OLD, *i, 0))),
                put: None,
            };
            if o.row.name != n.row.name {
                changes.push(IndicatorChange::Renamed {
                    old: old.clone(),
                    new: new.clone(),
                    hint: hint.clone(),
                });
            }
            if o.row.target != n.row.target {
                changes.push(IndicatorChange::Value { old, new, hint });
            }
        }
        // Additions and moves, in the new order.
        let in_place = self.rows_in_place();
        for (j, i) in self.matching.rows_back.iter().enumerate() {
            let moved = i.is_some_and(|i| !in_place.get(i).copied().unwrap_or(false));
            if i.is_some() && !moved {
                continue;
            }
            let Some(n) = self.new_rows.get(j) else {
                continue;
            };
            let id = self.id_row_new(j);
            let find = if moved { work.row(id) } else { None };
            if let Some((p1, p2, p3)) = find
                && let Some(rows) = work.rows_mut(p1, p2)
            {
                rows.remove(p3);
            }
            let Some((p1, p2)) = work.level2(self.id2_new((n.level1, n.level2))) else {
                continue;
            };
            let anchor = (n.level3 > 0)
                .then(|| j.checked_sub(1).map(|before| self.id_row_new(before)))
                .flatten();
            let put = anchor
                .and_then(|anchor| work.row(anchor))
                .map_or(0, |(_, _, p)| p + 1);
            let Some(rows) = work.rows_mut(p1, p2) else {
                continue;
            };
            let put = put.min(rows.len());
            rows.insert(put, id);
            let hint = Hint {
                find: row_path(find),
                put: Some(IndicatorPath::level3(p1, p2, put)),
            };
            let after = self.row_anchor(j);
            match (i, self.row_new(j)) {
                (None, Some(row)) => changes.push(IndicatorChange::Added { row, after, hint }),
                (Some(i), Some(new)) => {
                    if let Some(old) = self.row_old(*i) {
                        changes.push(IndicatorChange::Moved {
                            old,
                            new,
                            after,
                            hint,
                        });
                    }
                }
                (_, None) => {}
            }
        }
        // Removals.
        for (i, j) in self.matching.rows.iter().enumerate() {
            if j.is_some() {
                continue;
            }
            let find = work.row((OLD, i, 0));
            if let Some((p1, p2, p3)) = find
                && let Some(rows) = work.rows_mut(p1, p2)
            {
                rows.remove(p3);
            }
            if let Some(row) = self.row_old(i) {
                changes.push(IndicatorChange::Removed {
                    row,
                    hint: Hint {
                        find: row_path(find),
                        put: None,
                    },
                });
            }
        }
    }
}

/// The changes turning the tree `old` into `new`, in the order they can be taken one after the
/// other: group renames, additions and moves (level 1, then level 2); row renames and value
/// changes; row additions and moves in the new order; row removals; group removals.
pub(super) fn diff(old: &[Level1Indicator], new: &[Level1Indicator]) -> Vec<IndicatorChange> {
    let old_rows = flatten(old);
    let new_rows = flatten(new);
    let matching = match_trees(old, new, &old_rows, &new_rows);
    Builder {
        old,
        new,
        old_rows,
        new_rows,
        matching,
    }
    .build()
}

/// Whether `name` is one of `wanted`, exactly or without spaces.
fn fits(name: &str, wanted: &[&str]) -> bool {
    wanted.contains(&name) || wanted.iter().any(|w| key(w) == key(name))
}

/// The index of the name in `names` that [`fits`] `wanted`: `hint` itself when it fits, else
/// the nearest exact match, else the nearest match without spaces.
fn find_name<'a>(
    names: impl Iterator<Item = &'a str> + Clone,
    wanted: &[&str],
    hint: usize,
) -> Option<usize> {
    if names
        .clone()
        .nth(hint)
        .is_some_and(|name| wanted.contains(&name))
    {
        return Some(hint);
    }
    let nearest = |matches: &dyn Fn(&str) -> bool| {
        names
            .clone()
            .enumerate()
            .filter(|(_, name)| matches(name))
            .min_by_key(|(index, _)| index.abs_diff(hint))
            .map(|(index, _)| index)
    };
    nearest(&|name| wanted.contains(&name)).or_else(|| nearest(&|name| fits(name, wanted)))
}

/// Finds a group: (level-1 index, level-2 index for a level-2 group), at `hint` when the names
/// there fit, else by name nearest `path`.
fn find_group(
    tree: &[Level1Indicator],
    group: &GroupRef,
    hint: Option<IndicatorPath>,
    path: IndicatorPath,
) -> Option<(usize, Option<usize>)> {
    let level1_names: Vec<&str> = group.level1.candidates().collect();
    let at = hint.unwrap_or(path);
    let i1 = find_name(
        tree.iter().map(|g| g.name.as_str()),
        &level1_names,
        at.level1,
    )?;
    match &group.level2 {
        None => Some((i1, None)),
        Some(level2) => {
            let names: Vec<&str> = level2.candidates().collect();
            let parent = tree.get(i1)?;
            let i2 = find_name(
                parent.children.iter().map(|g| g.name.as_str()),
                &names,
                at.level2.unwrap_or(0),
            )?;
            Some((i1, Some(i2)))
        }
    }
}

/// Finds the level-1 group of `group` by name nearest `at`, creating it at the end when missing.
fn find_or_create_level1(tree: &mut Vec<Level1Indicator>, group: &GroupRef, at: usize) -> usize {
    let names: Vec<&str> = group.level1.candidates().collect();
    match find_name(tree.iter().map(|g| g.name.as_str()), &names, at) {
        Some(i1) => i1,
        None => {
            tree.push(Level1Indicator::new(group.level1.shown()));
            tree.len() - 1
        }
    }
}

/// Finds a level-2 group, creating it (and its level-1 group) at the end when missing.
fn find_or_create_level2(
    tree: &mut Vec<Level1Indicator>,
    group: &GroupRef,
    hint: Option<IndicatorPath>,
    path: IndicatorPath,
) -> Option<(usize, usize)> {
    let at = hint.unwrap_or(path);
    let i1 = find_or_create_level1(tree, group, at.level1);
    let level2 = group.level2.as_ref()?;
    let names: Vec<&str> = level2.candidates().collect();
    let parent = tree.get_mut(i1)?;
    let i2 = match find_name(
        parent.children.iter().map(|g| g.name.as_str()),
        &names,
        at.level2.unwrap_or(0),
    ) {
        Some(i2) => i2,
        None => {
            parent.children.push(Level2Indicator::new(level2.shown()));
            parent.children.len() - 1
        }
    };
    Some((i1, i2))
}

/// Finds a row by one of `names`: at `hint` when it fits, else in its group, else anywhere;
/// nearest its position.
fn find_row(
    tree: &[Level1Indicator],
    row: &RowRef,
    names: &[&str],
    hint: Option<IndicatorPath>,
) -> Option<(usize, usize, usize)> {
    if let Some(at) = hint
        && let (Some(i2), Some(i3)) = (at.level2, at.level3)
        && tree
            .get(at.level1)
            .and_then(|g| g.children.get(i2))
            .and_then(|g| g.children.get(i3))
            .is_some_and(|found| names.contains(&found.name.as_str()))
    {
        return Some((at.level1, i2, i3));
    }
    let position = row.path.level3.unwrap_or(0);
    if let Some((i1, Some(i2))) = find_group(tree, &row.group, None, row.path)
        && let Some(group) = tree.get(i1).and_then(|g| g.children.get(i2))
        && let Some(i3) = find_name(
            group.children.iter().map(|r| r.name.as_str()),
            names,
            position,
        )
    {
        return Some((i1, i2, i3));
    }
    flatten(tree)
        .into_iter()
        .filter(|flat| fits(&flat.row.name, names))
        .min_by_key(|flat| flat.level3.abs_diff(position))
        .map(|flat| (flat.level1, flat.level2, flat.level3))
}

/// Where to insert among `names` after the sibling `after` (none: first): `put` when the
/// sibling before it fits, else after the sibling found by name, else at `put` (clamped).
fn insert_at<'a>(
    names: impl Iterator<Item = &'a str> + Clone,
    len: usize,
    after: Option<&Names>,
    put: usize,
) -> usize {
    let Some(after) = after else {
        return 0;
    };
    let wanted: Vec<&str> = after.candidates().collect();
    let before_put = put.checked_sub(1).and_then(|at| names.clone().nth(at));
    if before_put.is_some_and(|name| wanted.contains(&name)) && put <= len {
        return put;
    }
    find_name(names, &wanted, put.saturating_sub(1)).map_or(put.min(len), |i| i + 1)
}

impl IndicatorChange {
    /// A group put at `path` after `after`: [`Self::GroupMoved`] when it was `moved` there,
    /// else [`Self::GroupAdded`].
    fn group_placed(
        moved: bool,
        group: GroupRef,
        path: IndicatorPath,
        after: Option<Names>,
        hint: Hint,
    ) -> Self {
        if moved {
            Self::GroupMoved {
                group,
                path,
                after,
                hint,
            }
        } else {
            Self::GroupAdded {
                group,
                path,
                after,
                hint,
            }
        }
    }

    /// Takes this change over into `tree` (see `Change::apply`).
    #[expect(
        clippy::too_many_lines,
        reason = "one arm per kind of change, each short"
    )]
    pub(super) fn apply(&self, tree: &mut Vec<Level1Indicator>) -> Result<(), ApplyError> {
        let missing = ApplyError::NotFound;
        match self {
            Self::GroupAdded {
                group,
                path,
                after,
                hint,
            } => {
                let at = hint.put.unwrap_or(*path);
                match &group.level2 {
                    None => {
                        let put = insert_at(
                            tree.iter().map(|g| g.name.as_str()),
                            tree.len(),
                            after.as_ref(),
                            at.level1,
                        );
                        tree.insert(put, Level1Indicator::new(group.level1.shown()));
                    }
                    Some(level2) => {
                        let i1 = find_or_create_level1(tree, group, at.level1);
                        let parent = tree
                            .get_mut(i1)
                            .ok_or_else(|| missing(group.level1.shown().to_owned()))?;
                        let put = insert_at(
                            parent.children.iter().map(|g| g.name.as_str()),
                            parent.children.len(),
                            after.as_ref(),
                            at.level2.unwrap_or(0),
                        );
                        parent
                            .children
                            .insert(put, Level2Indicator::new(level2.shown()));
                    }
                }
            }
            Self::GroupRemoved { group, path, hint } => {
                match find_group(tree, group, hint.find, *path)
                    .ok_or_else(|| missing(group.shown()))?
                {
                    (i1, None) => {
                        tree.remove(i1);
                    }
                    (i1, Some(i2)) => {
                        if let Some(parent) = tree.get_mut(i1) {
                            parent.children.remove(i2);
                        }
                    }
                }
            }
            Self::GroupRenamed { group, path, hint } => {
                let found = find_group(tree, group, hint.find, *path)
                    .ok_or_else(|| missing(group.shown()))?;
                match (found, &group.level2) {
                    ((i1, None), _) => {
                        if let (Some(g), Some(name)) = (tree.get_mut(i1), &group.level1.new) {
                            g.name.clone_from(name);
                        }
                    }
                    ((i1, Some(i2)), Some(level2)) => {
                        if let (Some(g), Some(name)) = (
                            tree.get_mut(i1).and_then(|g| g.children.get_mut(i2)),
                            &level2.new,
                        ) {
                            g.name.clone_from(name);
                        }
                    }
                    ((_, Some(_)), None) => {}
                }
            }
            Self::GroupMoved {
                group,
                path,
                after,
                hint,
            } => {
                let at = hint.put.unwrap_or(*path);
                match find_group(tree, group, hint.find, *path)
                    .ok_or_else(|| missing(group.shown()))?
                {
                    (i1, None) => {
                        let moving = tree.remove(i1);
                        let put = insert_at(
                            tree.iter().map(|g| g.name.as_str()),
                            tree.len(),
                            after.as_ref(),
                            at.level1,
                        );
                        tree.insert(put.min(tree.len()), moving);
                    }
                    (i1, Some(i2)) => {
                        let parent = tree.get_mut(i1).ok_or_else(|| missing(group.shown()))?;
                        let moving = parent.children.remove(i2);
                        let put = insert_at(
                            parent.children.iter().map(|g| g.name.as_str()),
                            parent.children.len(),
                            after.as_ref(),
                            at.level2.unwrap_or(0),
                        );
                        parent
                            .children
                            .insert(put.min(parent.children.len()), moving);
                    }
                }
            }
            Self::Added { row, after, hint } => {
                let added = Level3Indicator::new(row.name.clone(), row.target.clone());
                place_row(tree, row, after.as_ref(), hint.put, added)
                    .ok_or_else(|| missing(row.group.shown()))?;
            }
            Self::Removed { row, hint } => {
                let (i1, i2, i3) = find_row(tree, row, &[row.name.as_str()], hint.find)
                    .ok_or_else(|| missing(row_label(row)))?;
                if let Some(group) = tree.get_mut(i1).and_then(|g| g.children.get_mut(i2)) {
                    group.children.remove(i3);
                }
            }
            Self::Moved {
                old,
                new,
                after,
                hint,
            } => {
                let names = [old.name.as_str(), new.name.as_str()];
                let (i1, i2, i3) = find_row(tree, old, &names, hint.find)
                    .ok_or_else(|| missing(row_label(old)))?;
                let moving = tree
                    .get_mut(i1)
                    .and_then(|g| g.children.get_mut(i2))
                    .map(|group| group.children.remove(i3))
                    .ok_or_else(|| missing(row_label(old)))?;
                place_row(tree, new, after.as_ref(), hint.put, moving)
                    .ok_or_else(|| missing(new.group.shown()))?;
            }
            Self::Renamed { old, new, hint } => {
                let names = [old.name.as_str(), new.name.as_str()];
                let (i1, i2, i3) = find_row(tree, old, &names, hint.find)
                    .ok_or_else(|| missing(row_label(old)))?;
                if let Some(row) = row_mut(tree, i1, i2, i3) {
                    row.name.clone_from(&new.name);
                }
            }
            Self::Value { old, new, hint } => {
                let names = [new.name.as_str(), old.name.as_str()];
                let (i1, i2, i3) = find_row(tree, old, &names, hint.find)
                    .ok_or_else(|| missing(row_label(old)))?;
                if let Some(row) = row_mut(tree, i1, i2, i3) {
                    row.target.clone_from(&new.target);
                }
            }
        }
        Ok(())
    }
}

fn row_mut(
    tree: &mut [Level1Indicator],
    i1: usize,
    i2: usize,
    i3: usize,
) -> Option<&mut Level3Indicator> {
    tree.get_mut(i1)?.children.get_mut(i2)?.children.get_mut(i3)
}

/// 「产出指标 › 数量指标 › 名称」 (the group by its old names: the row as it was).
pub(super) fn row_label(row: &RowRef) -> String {
    format!("{} › {}", row.group.shown_old(), row.name)
}

/// Puts `row` into the group of `place` (created when missing), after the sibling `after`.
fn place_row(
    tree: &mut Vec<Level1Indicator>,
    place: &RowRef,
    after: Option<&Names>,
    put: Option<IndicatorPath>,
    row: Level3Indicator,
) -> Option<()> {
    let (i1, i2) = find_or_create_level2(tree, &place.group, put, place.path)?;
    let group = tree.get_mut(i1)?.children.get_mut(i2)?;
    let at = put.unwrap_or(place.path).level3.unwrap_or(0);
    let at = insert_at(
        group.children.iter().map(|r| r.name.as_str()),
        group.children.len(),
        after,
        at,
    );
    group.children.insert(at.min(group.children.len()), row);
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_order_is_the_longest_increasing_run() {
        assert_eq!(kept_order(&[0, 1, 2]), [true, true, true]);
        assert_eq!(kept_order(&[2, 0, 1]), [false, true, true]);
        assert_eq!(kept_order(&[1, 0]), [false, true]);
        assert_eq!(kept_order(&[]), Vec::<bool>::new());
        assert_eq!(kept_order(&[0, 3, 1, 2]), [true, false, true, true]);
    }

    #[test]
    fn similarity_counts_characters() {
        assert!((similarity("课题完成及时率", "课题完成及时性") - 5.0 / 6.0).abs() < 1e-9);
        assert!(similarity("甲", "乙").abs() < f64::EPSILON);
        assert!((similarity("甲", "甲") - 1.0).abs() < f64::EPSILON);
    }
}
