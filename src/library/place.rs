//! Placement: where in the standard scheme (docs/form.md §3) a level-3 indicator belongs, from
//! its name and value; similar indicators; rows that look misplaced, and moving them.
//!
//! A placement's score adds up evidence of two kinds, then is normalised so the eleven scores
//! sum to 1:
//! - the scheme's meaning: words in the name (满意 → 服务对象满意度指标, 及时 → 时效指标, 合格 →
//!   质量指标, 控制数 → 经济成本指标, …) and the value (a `(元)` amount → 经济成本指标, minutes →
//!   时效指标, a count → 数量指标, 「及时」 → 时效指标, …), from 财预〔2021〕101号's definitions of
//!   each level-2 and the sample forms' practice;
//! - the library: where rows with the same name sit, where names with the same ending sit (the
//!   head of a Chinese compound is its end: …满意度, …及时性, …合格率), and where names sharing
//!   character pairs sit.
//!
//! How well this places indicators it has not seen is measured in `tests/library_placement.rs`.

use serde::Serialize;

use super::text::{bigrams, name_key};
use super::{Library, Placement, standard_placement};
use crate::model::{
    Comparator, Declaration, FormLayout, IndicatorPath, Level1Indicator, Level2Indicator,
    Level3Indicator, STANDARD_SCHEME, TargetValue,
};

/// A standard placement with its score: the share of the evidence for it, 0.0–1.0 (the scores
/// of one ranking sum to 1).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct RankedPlacement {
    /// Where.
    pub placement: Placement,
    /// How likely, 0.0–1.0.
    pub score: f64,
}

/// An indicator of the library with a name like the one asked about.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SimilarIndicator {
    /// The name as most often written.
    pub name: String,
    /// Its most common target value, if any.
    pub value: Option<TargetValue>,
    /// The newest file it was seen in (highest 年度), as the user knows it.
    pub source: Option<String>,
    /// Where it is most often filed in the standard scheme, if known.
    pub placement: Option<Placement>,
    /// How similar the names are, 0.0–1.0 (1.0: the same name).
    pub similarity: f64,
}

/// A hint-level finding: a level-3 row that looks as if it belongs elsewhere in the scheme, with
/// where to move it (the editor offers the move in one click, see [`MisplacedRow::apply`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MisplacedRow {
    /// The row.
    pub path: IndicatorPath,
    /// Its name, to check the row is still the same before moving it.
    pub name: String,
    /// Where it is now: level-1 and level-2 as written.
    pub level1: String,
    /// Level-2 as written.
    pub level2: String,
    /// Where it probably belongs.
    pub suggested: Placement,
    /// The score of `suggested` (see [`RankedPlacement::score`]).
    pub score: f64,
    /// The hint in Chinese, naming the row, where it is and where it should go.
    pub message: String,
}

impl MisplacedRow {
    /// Moves the row to [`MisplacedRow::suggested`] (see [`move_level3`]) if it is still at
    /// `path` with the same name; returns its new path, or `None` when the declaration changed
    /// and nothing was moved.
    pub fn apply(&self, declaration: &mut Declaration) -> Option<IndicatorPath> {
        let (level1, level2, level3) = (self.path.level1, self.path.level2?, self.path.level3?);
        let row = declaration
            .indicators
            .get(level1)?
            .children
            .get(level2)?
            .children
            .get(level3)?;
        if row.name != self.name {
            return None;
        }
        move_level3(declaration, self.path, self.suggested)
    }
}

/// A word in a name that points at a level-2 (by its standard name) with a weight.
type Rule = (&'static str, &'static str, f64);

/// Words in a level-3 name and the level-2 they point at (财预〔2021〕101号 describes each level-2:
/// 数量 counts what is delivered, 质量 its standard, 时效 its timing, 成本 what it costs, the
/// 效益 groups its effects, 满意度 the served people's view). Checked against the scheme in a test.
const NAME_RULES: &[Rule] = &[
    ("满意", "服务对象满意度指标", 6.0),
    ("投诉", "服务对象满意度指标", 2.0),
    ("信访", "服务对象满意度指标", 1.5),
    ("成本", "经济成本指标", 3.0),
    ("控制数", "经济成本指标", 4.0),
    ("费用", "经济成本指标", 2.0),
    ("单价", "经济成本指标", 3.0),
    ("支出", "经济成本指标", 2.0),
    ("预算", "经济成本指标", 1.5),
    ("经费", "经济成本指标", 1.5),
    ("社会成本", "社会成本指标", 4.0),
    ("环境成本", "生态环境成本指标", 4.0),
    ("生态成本", "生态环境成本指标", 4.0),
    ("及时率", "时效指标", 4.0),
    ("及时性", "时效指标", 4.0),
    ("及时", "时效指标", 1.5),
    ("时效", "时效指标", 4.0),
    ("按时", "时效指标", 3.0),
    ("按期", "时效指标", 3.0),
    ("时限", "时效指标", 3.0),
    ("时间", "时效指标", 1.0),
    ("响应", "时效指标", 2.0),
    ("周期", "时效指标", 2.0),
    ("进度", "时效指标", 2.0),
    ("合格", "质量指标", 3.0),
    ("达标", "质量指标", 3.0),
    ("验收", "质量指标", 2.0),
    ("质量", "质量指标", 2.5),
    ("准确", "质量指标", 2.5),
    ("规范", "质量指标", 2.0),
    ("出勤", "质量指标", 2.5),
    ("完好", "质量指标", 2.5),
    ("通过率", "质量指标", 2.5),
    ("优良", "质量指标", 2.5),
    ("测试", "质量指标", 1.5),
    ("可靠", "质量指标", 1.5),
    ("数量", "数量指标", 3.0),
    ("次数", "数量指标", 2.0),
    ("人数", "数量指标", 2.5),
    ("个数", "数量指标", 2.5),
    ("场次", "数量指标", 2.5),
    ("完成数", "数量指标", 2.5),
    ("完成率", "数量指标", 1.5),
    ("完成量", "数量指标", 2.5),
    ("覆盖", "社会效益指标", 2.0),
    ("稳定", "社会效益指标", 2.0),
    ("提升", "社会效益指标", 1.5),
    ("提高", "社会效益指标", 1.5),
    ("增长", "社会效益指标", 1.5),
    ("促进", "社会效益指标", 1.5),
    ("影响", "社会效益指标", 1.0),
    ("效果", "社会效益指标", 1.5),
    ("转化", "社会效益指标", 1.5),
    ("水平", "社会效益指标", 1.0),
    ("事故", "社会效益指标", 1.5),
    ("故障", "社会效益指标", 1.0),
    ("社会效益", "社会效益指标", 4.0),
    ("可持续", "可持续影响指标", 4.0),
    ("长效", "可持续影响指标", 4.0),
    ("持续", "可持续影响指标", 2.0),
    ("机制", "可持续影响指标", 2.0),
    ("长期", "可持续影响指标", 2.0),
    ("支撑", "可持续影响指标", 1.5),
    ("支持", "可持续影响指标", 1.0),
    ("经济效益", "经济效益指标", 4.0),
    ("收入", "经济效益指标", 2.5),
    ("节约", "经济效益指标", 2.5),
    ("产值", "经济效益指标", 2.5),
    ("增收", "经济效益指标", 2.5),
    ("生态", "生态效益指标", 3.0),
    ("环境", "生态效益指标", 2.0),
    ("节能", "生态效益指标", 3.0),
    ("减排", "生态效益指标", 3.0),
    ("绿色", "生态效益指标", 2.5),
    ("能耗", "生态效益指标", 2.5),
];

/// Qualitative values and the level-2 they point at (sample forms: 及时, 按期完成, 6月底前 are
/// timing; 合格, 符合要求, 合理 a standard; 稳定, 增长, 有效 an effect).
const TEXT_VALUE_RULES: &[Rule] = &[
    ("及时", "时效指标", 3.0),
    ("按时", "时效指标", 3.0),
    ("按期", "时效指标", 3.0),
    ("月底前", "时效指标", 3.0),
    ("月前", "时效指标", 2.5),
    ("前完成", "时效指标", 2.5),
    ("内完成", "时效指标", 2.5),
    ("小时内", "时效指标", 2.5),
    ("合格", "质量指标", 2.5),
    ("达标", "质量指标", 2.5),
    ("符合", "质量指标", 2.0),
    ("规范", "质量指标", 2.0),
    ("合理", "质量指标", 2.0),
    ("合规", "质量指标", 2.0),
    ("健全", "质量指标", 1.5),
    ("完备", "质量指标", 1.5),
    ("不超过预算", "经济成本指标", 3.0),
    ("稳定", "社会效益指标", 1.5),
    ("增长", "社会效益指标", 1.5),
    ("提升", "社会效益指标", 1.5),
    ("提高", "社会效益指标", 1.5),
    ("有效", "社会效益指标", 1.0),
    ("明显", "社会效益指标", 1.5),
    ("领先", "社会效益指标", 1.5),
    ("持续", "可持续影响指标", 1.5),
];

/// Units of a count: what is delivered (数量指标), as on the sample forms (次, 个, 人, 部, 期, 家…).
const COUNT_UNITS: &[&str] = &[
    "次", "个", "人", "部", "期", "家", "件", "场", "场次", "人次", "条", "篇", "份", "项", "套",
    "台", "册", "页", "万页", "课时", "学时", "班", "批",
];

/// Units of a span of days or more: 「≥360(天)」 of service is an amount.
const DAY_UNITS: &[&str] = &["天", "日", "年"];

/// Units of a duration that is a deadline or a response time (时效指标).
const TIME_UNITS: &[&str] = &["分钟", "小时", "工作日", "个工作日", "月", "周"];

/// Weight of the library's rows with exactly this name.
const EXACT_WEIGHT: f64 = 8.0;
/// Weight of the names with the same ending, by ending length in characters (1–4).
const SUFFIX_WEIGHTS: [f64; 4] = [0.6, 2.0, 3.0, 3.5];
/// Weight of the names sharing character pairs (times their similarity squared).
const NEIGHBOUR_WEIGHT: f64 = 3.0;
/// How many similar names vote.
const NEIGHBOURS: usize = 8;
/// What every name starts with: how common each level-2 is in general (most indicators measure
/// outputs; cost, economic and ecological ones are rarer in a budget unit's projects). Ours,
/// inferred from the scheme's purpose; it only orders placements when nothing else speaks.
const BASE_RATES: &[(&str, f64)] = &[
    ("数量指标", 0.10),
    ("质量指标", 0.09),
    ("社会效益指标", 0.09),
    ("时效指标", 0.07),
    ("服务对象满意度指标", 0.06),
    ("经济成本指标", 0.05),
    ("可持续影响指标", 0.04),
    ("经济效益指标", 0.02),
    ("生态效益指标", 0.02),
    ("社会成本指标", 0.01),
    ("生态环境成本指标", 0.01),
];
/// Weight of how often each placement occurs in the library at all.
const PRIOR_WEIGHT: f64 = 0.3;

/// The endings (last 1–4 characters) of a name key that the suffix table keeps.
pub(super) fn suffixes(key: &str) -> impl Iterator<Item = &str> {
    let ends: Vec<usize> = key.char_indices().map(|(at, _)| at).rev().take(4).collect();
    ends.into_iter().filter_map(move |at| key.get(at..))
}

impl Library {
    /// Every standard placement for a level-3 `name` (and its target `value`, if known),
    /// most likely first, scores summing to 1. Never empty: the eleven placements of the
    /// scheme are always ranked. Ties keep the scheme's order.
    pub fn place(&self, name: &str, value: Option<&TargetValue>) -> Vec<RankedPlacement> {
        let key = name_key(name);
        let mut evidence = self.evidence(&key, value);
        let total: f64 = evidence.iter().sum();
        if total > 0.0 {
            for score in &mut evidence {
                *score /= total;
            }
        }
        let mut ranked: Vec<RankedPlacement> = Placement::all()
            .zip(evidence)
            .map(|(placement, score)| RankedPlacement { placement, score })
            .collect();
        ranked.sort_by(|a, b| b.score.total_cmp(&a.score));
        ranked
    }

    /// The evidence for each placement (index of [`Placement::all`]), not normalised.
    fn evidence(&self, key: &str, value: Option<&TargetValue>) -> Vec<f64> {
        let count = Placement::all().count();
        let mut evidence = vec![0.0; count];
        for (level2, rate) in BASE_RATES {
            if let Some(placement) = Placement::of_level2(level2)
                && let Some(score) = evidence.get_mut(placement.index())
            {
                *score += rate;
            }
        }
        let library_rows: f64 = self.placement_rows.iter().sum();
        if library_rows > 0.0 {
            for (score, rows) in evidence.iter_mut().zip(&self.placement_rows) {
                *score += PRIOR_WEIGHT * rows / library_rows;
            }
        }
        add_rules(&mut evidence, key, NAME_RULES);
        if let Some(value) = value {
            add_value(&mut evidence, value);
        }
        // The same name in the library.
        if let Some(info) = self.by_key.get(key).and_then(|slot| self.names.get(*slot)) {
            add_votes(&mut evidence, &info.votes, EXACT_WEIGHT);
        }
        // Names with the same ending.
        for (length, suffix) in suffixes(key).enumerate() {
            if suffix == key && self.by_key.contains_key(key) {
                // The whole name: already counted as the same name.
                continue;
            }
            let (Some(shares), Some(weight)) =
                (self.by_suffix.get(suffix), SUFFIX_WEIGHTS.get(length))
            else {
                continue;
            };
            let support: f64 = shares.iter().sum();
            if support > 0.0 {
                let confidence = support / (support + 1.0);
                for (score, share) in evidence.iter_mut().zip(shares) {
                    *score += weight * confidence * share / support;
                }
            }
        }
        // Names sharing character pairs.
        for (similarity, slot) in self.neighbours(key, NEIGHBOURS) {
            if let Some(info) = self.names.get(slot)
                && info.key != key
            {
                add_votes(
                    &mut evidence,
                    &info.votes,
                    NEIGHBOUR_WEIGHT * similarity * similarity,
                );
            }
        }
        evidence
    }

    /// Up to `limit` names sharing character pairs with `key`, most similar first, as
    /// (similarity 0.0–1.0, index into `names`). Only names with similarity ≥ 0.3.
    fn neighbours(&self, key: &str, limit: usize) -> Vec<(f64, usize)> {
        let distinct = bigrams(key);
        let mut shared: std::collections::HashMap<usize, u32> = std::collections::HashMap::new();
        for pair in &distinct {
            for slot in self.by_bigram.get(pair).into_iter().flatten() {
                *shared.entry(*slot).or_default() += 1;
            }
        }
        let mut found: Vec<(f64, usize)> = shared
            .into_iter()
            .filter_map(|(slot, shared)| {
                let info = self.names.get(slot)?;
                #[expect(
                    clippy::cast_precision_loss,
                    reason = "name lengths are far below 2^52"
                )]
                let similarity =
                    2.0 * f64::from(shared) / (distinct.len() + info.bigrams.len()) as f64;
                (similarity >= 0.3).then_some((similarity, slot))
            })
            .collect();
        found.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        found.truncate(limit);
        found
    }

    /// Up to `limit` indicators of the library with names like `name`, most similar first (the
    /// same name first, then names containing it or contained in it, then by shared character
    /// pairs; ties: the most often seen).
    pub fn similar(&self, name: &str, limit: usize) -> Vec<SimilarIndicator> {
        let key = name_key(name);
        if key.is_empty() || limit == 0 {
            return Vec::new();
        }
        let mut found: Vec<(f64, usize)> = self.neighbours(&key, limit.saturating_mul(4));
        for (slot, info) in self.names.iter().enumerate() {
            let contains = info.key.contains(key.as_str()) || key.contains(info.key.as_str());
            if !contains {
                continue;
            }
            let similarity = if info.key == key { 1.0 } else { 0.75 };
            match found.iter_mut().find(|(_, s)| *s == slot) {
                Some(entry) => entry.0 = entry.0.max(similarity),
                None => found.push((similarity, slot)),
            }
        }
        let count = |slot: usize| self.names.get(slot).map_or(0, |info| info.count);
        found.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then(count(b.1).cmp(&count(a.1)))
                .then(a.1.cmp(&b.1))
        });
        found.truncate(limit);
        found
            .into_iter()
            .filter_map(|(similarity, slot)| {
                let info = self.names.get(slot)?;
                Some(SimilarIndicator {
                    name: info.display.clone(),
                    value: self.common_value_of(info).cloned(),
                    source: self.newest_source_of(info).map(|s| s.file.clone()),
                    placement: super::complete::most_voted(&info.votes),
                    similarity,
                })
            })
            .collect()
    }

    /// Hint-level findings for the rows of a current-layout declaration that look misplaced:
    /// the best placement for the row's name and value is under another level-1 group than the
    /// row (or the row is outside the scheme), with a score of at least [`MISPLACED_MIN_SCORE`]
    /// and at least [`MISPLACED_RATIO`] times the score of where it is (0 outside the scheme).
    /// In printed order; none for the older layouts (their schemes differ) or rows without a
    /// name.
    ///
    /// The thresholds are ours (inferred): strict enough that the sample forms raise few hints
    /// and each of them is worth a look (see the tests).
    pub fn misplaced_rows(&self, declaration: &Declaration) -> Vec<MisplacedRow> {
        if declaration.layout() != FormLayout::Current {
            return Vec::new();
        }
        let mut found = Vec::new();
        for (i1, level1) in declaration.indicators.iter().enumerate() {
            for (i2, level2) in level1.children.iter().enumerate() {
                let here = standard_placement(FormLayout::Current, &level1.name, &level2.name, "");
                for (i3, level3) in level2.children.iter().enumerate() {
                    if level3.name.trim().is_empty() {
                        continue;
                    }
                    let ranking = self.place(&level3.name, level3.target.as_ref());
                    let Some(best) = ranking.first() else {
                        continue;
                    };
                    // Only a row in the wrong level-1 group (or outside the scheme): which
                    // level-2 of 产出指标 a row belongs to is often a matter of judgement.
                    if here.is_some_and(|here| here.level1 == best.placement.level1) {
                        continue;
                    }
                    let here_score = ranking
                        .iter()
                        .find(|ranked| Some(ranked.placement) == here)
                        .map_or(0.0, |ranked| ranked.score);
                    if best.score < MISPLACED_MIN_SCORE || best.score < MISPLACED_RATIO * here_score
                    {
                        continue;
                    }
                    let value = level3
                        .target
                        .as_ref()
                        .map(|target| format!("（{target}）"))
                        .unwrap_or_default();
                    let written = if level2.name.trim().is_empty() {
                        level1.name.trim().to_owned()
                    } else {
                        format!("{} › {}", level1.name.trim(), level2.name.trim())
                    };
                    found.push(MisplacedRow {
                        path: IndicatorPath::level3(i1, i2, i3),
                        name: level3.name.clone(),
                        level1: level1.name.clone(),
                        level2: level2.name.clone(),
                        suggested: best.placement,
                        score: best.score,
                        message: format!(
                            "三级指标「{}」{value}看起来属于「{}」，现在放在「{written}」下",
                            level3.name.trim(),
                            best.placement
                        ),
                    });
                }
            }
        }
        found
    }
}

/// The least score the best placement needs before a row is called misplaced.
pub const MISPLACED_MIN_SCORE: f64 = 0.75;
/// How many times the score of where a row is the best placement needs.
pub const MISPLACED_RATIO: f64 = 6.0;

/// Adds each rule whose word occurs in `text`.
fn add_rules(evidence: &mut [f64], text: &str, rules: &[Rule]) {
    for (word, level2, weight) in rules {
        if text.contains(word)
            && let Some(placement) = Placement::of_level2(level2)
            && let Some(score) = evidence.get_mut(placement.index())
        {
            *score += weight;
        }
    }
}

/// Adds `weight` spread over the placements as `votes` are.
fn add_votes(evidence: &mut [f64], votes: &[u32], weight: f64) {
    let total: u32 = votes.iter().sum();
    if total == 0 {
        return;
    }
    for (score, vote) in evidence.iter_mut().zip(votes) {
        *score += weight * f64::from(*vote) / f64::from(total);
    }
}

/// Adds the evidence of a target value: its unit (元 → cost, minutes → timing, a count →
/// quantity, or an effect when the count must stay at zero: 「=0(次)」 failures), or the words
/// of a qualitative value.
fn add_value(evidence: &mut [f64], value: &TargetValue) {
    let mut add = |level2: &str, weight: f64| {
        if let Some(placement) = Placement::of_level2(level2)
            && let Some(score) = evidence.get_mut(placement.index())
        {
            *score += weight;
        }
    };
    match value {
        TargetValue::Quantitative {
            comparator,
            number,
            unit,
        } => {
            let unit = unit.trim();
            if unit == "元" || unit == "万元" {
                // A cost control amount (控制数).
                add("经济成本指标", 6.0);
            } else if unit.starts_with("元/") || unit.starts_with("万元/") {
                // A unit price or cost standard.
                add("经济成本指标", 4.0);
            } else if TIME_UNITS.contains(&unit) {
                // A limit on minutes or hours is a deadline or a response time.
                let limit = matches!(comparator, Comparator::Le | Comparator::Lt);
                add("时效指标", if limit { 3.0 } else { 1.5 });
            } else if DAY_UNITS.contains(&unit)
                && matches!(comparator, Comparator::Ge | Comparator::Gt)
            {
                // 「≥360(天)」 of service: an amount delivered.
                add("数量指标", 1.0);
            } else if COUNT_UNITS.contains(&unit) {
                let capped = matches!(comparator, Comparator::Le | Comparator::Lt);
                if number.0.is_zero() && (capped || *comparator == Comparator::Eq) {
                    // 「=0(次)」: no failures at all, an effect of the project.
                    add("社会效益指标", 2.0);
                } else if capped {
                    // 「≤5(次)」: a cap on what goes wrong, a standard kept.
                    add("质量指标", 1.5);
                } else {
                    add("数量指标", 2.0);
                }
            }
        }
        TargetValue::Qualitative(text) => add_rules(evidence, &name_key(text), TEXT_VALUE_RULES),
    }
}

/// Moves the level-3 row at `from` to the end of `to`'s level-2 group, creating the level-1 and
/// level-2 groups where the scheme puts them if the declaration has none by those names
/// (compared without spaces). The group it leaves stays, even if empty (the tree rules then
/// say so). Returns the row's new path; `None` when `from` is not a level-3 row or the row is
/// already in that group.
pub fn move_level3(
    declaration: &mut Declaration,
    from: IndicatorPath,
    to: Placement,
) -> Option<IndicatorPath> {
    let (i1, i2, i3) = (from.level1, from.level2?, from.level3?);
    let source = declaration.indicators.get(i1)?.children.get(i2)?;
    source.children.get(i3)?;
    if name_key(&declaration.indicators.get(i1)?.name) == to.level1
        && name_key(&source.name) == to.level2
    {
        return None;
    }
    let row = declaration
        .indicators
        .get_mut(i1)?
        .children
        .get_mut(i2)?
        .children
        .remove(i3);
    Some(insert_level3(declaration, to, row))
}

/// Appends `row` to the end of `to`'s level-2 group, creating the level-1 and level-2 groups
/// where the scheme puts them if the declaration has none by those names (compared without
/// spaces), as [`move_level3`] does. Returns the row's path. Used to insert an indicator of the
/// library where the library files it.
pub fn insert_level3(
    declaration: &mut Declaration,
    to: Placement,
    row: Level3Indicator,
) -> IndicatorPath {
    let level1_at = find_or_insert_level1(&mut declaration.indicators, to.level1);
    let mut level2_at = 0;
    let mut level3_at = 0;
    if let Some(level1) = declaration.indicators.get_mut(level1_at) {
        level2_at = find_or_insert_level2(level1, to);
        if let Some(group) = level1.children.get_mut(level2_at) {
            group.children.push(row);
            level3_at = group.children.len() - 1;
        }
    }
    IndicatorPath::level3(level1_at, level2_at, level3_at)
}

/// Position of `name` in the scheme's level-1 order; `None` outside the scheme.
fn scheme_rank_level1(name: &str) -> Option<usize> {
    let key = name_key(name);
    STANDARD_SCHEME
        .iter()
        .position(|(level1, _)| *level1 == key)
}

/// The index of the level-1 group named `level1`, inserted first (with no children) where the
/// scheme's order puts it among the standard groups if missing.
fn find_or_insert_level1(indicators: &mut Vec<Level1Indicator>, level1: &'static str) -> usize {
    if let Some(at) = indicators
        .iter()
        .position(|group| name_key(&group.name) == level1)
    {
        return at;
    }
    let rank = scheme_rank_level1(level1).unwrap_or(usize::MAX);
    let at = indicators
        .iter()
        .position(|group| scheme_rank_level1(&group.name).is_some_and(|other| other > rank))
        .or_else(|| {
            indicators
                .iter()
                .rposition(|group| scheme_rank_level1(&group.name).is_some())
                .map(|last| last + 1)
        })
        .unwrap_or(indicators.len());
    indicators.insert(at, Level1Indicator::new(level1));
    at
}

/// The index of `to`'s level-2 group in `level1`, inserted (empty) in the scheme's order if
/// missing.
fn find_or_insert_level2(level1: &mut Level1Indicator, to: Placement) -> usize {
    if let Some(at) = level1
        .children
        .iter()
        .position(|group| name_key(&group.name) == to.level2)
    {
        return at;
    }
    let order = crate::model::standard_level2_names(to.level1);
    let rank_of = |name: &str| {
        let key = name_key(name);
        order.iter().position(|level2| *level2 == key)
    };
    let rank = rank_of(to.level2).unwrap_or(usize::MAX);
    let at = level1
        .children
        .iter()
        .position(|group| rank_of(&group.name).is_some_and(|other| other > rank))
        .unwrap_or(level1.children.len());
    level1.children.insert(at, Level2Indicator::new(to.level2));
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_points_at_a_standard_level2() {
        for (word, level2, weight) in NAME_RULES.iter().chain(TEXT_VALUE_RULES) {
            assert!(Placement::of_level2(level2).is_some(), "{word} → {level2}");
            assert!(*weight > 0.0);
        }
    }

    #[test]
    fn suffixes_are_the_last_one_to_four_characters() {
        let all: Vec<&str> = suffixes("管理人员满意度").collect();
        assert_eq!(all, ["度", "意度", "满意度", "员满意度"]);
        let short: Vec<&str> = suffixes("是").collect();
        assert_eq!(short, ["是"]);
    }
}
