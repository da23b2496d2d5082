//! Carrying a declaration forward to a new year (结转到新年度): from a declaration of any layout
//! to a current-layout draft for the next budget round.
//!
//! What can be carried is carried (name, unit, 项目性质, goals, indicators and their target
//! values, dates moved to the new year); what belongs to one year is left blank (money); what
//! the older layouts have and the current one does not (项目概况 and the other long texts, 备注,
//! 项目当年投入资金构成) stays in the old file. Indicators whose place in the current scheme is
//! not known go into clearly marked 「待归类」 groups for the user to sort, never dropped.
//!
//! Pure data in, data out: depends on the rest of the model only.

use chrono::{Datelike, NaiveDate};

use super::{
    COST_LEVEL1, CurrentFields, Declaration, FormFields, Funding, Level1Indicator, Level2Indicator,
    Level3Indicator, PROJECT_NATURES, STANDARD_SCHEME,
};

/// Name of the level-2 group for carried indicators whose level-2 is not known, and of the
/// level-2 group inside a 「待归类（原…）」 level-1 group when the source had no level-2 name.
pub const UNSORTED_LEVEL2: &str = "待归类";

/// Name of the extra level-1 group holding the indicators of the source level-1 group `source`
/// that have no place in the current scheme, e.g. 「待归类（原投入与管理）」.
pub fn unsorted_level1_name(source: &str) -> String {
    format!("待归类（原{source}）")
}

/// Creates a current-layout declaration for `fiscal_year` from `source`, of any layout.
///
/// - 项目名称: kept.
/// - 主管部门 / 实施单位: current layout: kept; 2020 and 2018: 申报单位名称 becomes 实施单位 and
///   主管部门 is left blank (the old forms do not name it).
/// - 项目性质: current: kept; 2020: its 项目类别 (which holds the same values, 经常性专项业务费…);
///   2018: 项目类型 when it is one of [`PROJECT_NATURES`], blank otherwise (e.g. 结转项目).
/// - 项目类别: current: kept; older layouts: blank (they have no such field).
/// - Dates: moved by `fiscal_year - source.fiscal_year` years, same month and day, so a project
///   spanning two years keeps its span; 29 February becomes 28 February in a common year. A date
///   that cannot be moved (out of the calendar's range) becomes blank.
/// - Money (项目资金): all blank (`None`): a new year's amounts are never guessed.
/// - Goals: 项目总目标 kept (2020: 总目标及阶段性目标); 年度总体目标 kept (2018: 年度绩效目标;
///   2020 has none and it stays blank).
/// - Indicators: current layout: the tree is kept as it is. 2020 and 2018: mapped onto the
///   standard scheme (docs/form.md §3) by [`map_level2_2020`] and [`map_indicator_2018`]; the four
///   standard level-1 groups come first (empty ones kept, as in [`Declaration::new_current`]),
///   then one 「待归类（原…）」 group per source level-1 group with indicators that could not be
///   mapped (投入与管理, 投入和管理目标, …). Target values are kept as written: a value may no
///   longer fit the new year, which is the user's to check.
pub fn roll_over(source: &Declaration, fiscal_year: i32) -> Declaration {
    let years = i64::from(fiscal_year) - i64::from(source.fiscal_year);
    let (fields, indicators, annual_goal) = match &source.form {
        FormFields::Current(fields) => (
            CurrentFields {
                funding: Funding::default(),
                ..fields.clone()
            },
            source.indicators.clone(),
            source.annual_goal.clone(),
        ),
        FormFields::Y2020(fields) => (
            CurrentFields {
                project_nature: fields.project_category.clone(),
                implementing_unit: fields.declaring_unit.clone(),
                ..CurrentFields::default()
            },
            carry_2020(&source.indicators),
            String::new(),
        ),
        FormFields::Y2018(fields) => (
            CurrentFields {
                project_nature: if PROJECT_NATURES.contains(&fields.project_type.as_str()) {
                    fields.project_type.clone()
                } else {
                    String::new()
                },
                implementing_unit: fields.declaring_unit.clone(),
                ..CurrentFields::default()
            },
            carry_2018(&source.indicators),
            source.annual_goal.clone(),
        ),
    };
    Declaration {
        fiscal_year,
        project_name: source.project_name.clone(),
        form: FormFields::Current(fields),
        planned_start: source
            .planned_start
            .and_then(|date| move_years(date, years)),
        planned_end: source.planned_end.and_then(|date| move_years(date, years)),
        overall_goal: source.overall_goal.clone(),
        annual_goal,
        indicators,
    }
}

/// `date` moved by `years` years, same month and day; 29 February → 28 February in a common
/// year; `None` when the year leaves the calendar's range.
fn move_years(date: NaiveDate, years: i64) -> Option<NaiveDate> {
    let year = i32::try_from(i64::from(date.year()) + years).ok()?;
    NaiveDate::from_ymd_opt(year, date.month(), date.day()).or_else(|| {
        (date.month() == 2 && date.day() == 29)
            .then(|| NaiveDate::from_ymd_opt(year, 2, 28))
            .flatten()
    })
}

/// Where a 2020 level-2 group (二级目标) goes in the current scheme: `(一级指标, 二级指标)`, or
/// `None` when it has no place there (投入与管理's 投入管理, 财务管理, 实施管理, 资产管理, and
/// anything unknown).
///
/// 数量/质量/时效 → 产出指标; 成本 → 成本指标/经济成本指标; 经济效益/社会效益/生态效益 →
/// 效益指标; 可持续影响 and 长效管理 (影响力目标) → 效益指标/可持续影响指标; 满意度 →
/// 满意度指标/服务对象满意度指标 (docs/form.md §3; 2020 names from sample form `forms-2020.txt`).
pub fn map_level2_2020(level2: &str) -> Option<(&'static str, &'static str)> {
    Some(match level2.trim() {
        "数量" => ("产出指标", "数量指标"),
        "质量" => ("产出指标", "质量指标"),
        "时效" => ("产出指标", "时效指标"),
        "成本" => (COST_LEVEL1, "经济成本指标"),
        "经济效益" => ("效益指标", "经济效益指标"),
        "社会效益" => ("效益指标", "社会效益指标"),
        "生态效益" => ("效益指标", "生态效益指标"),
        "可持续影响" | "长效管理" => ("效益指标", "可持续影响指标"),
        "满意度" => ("满意度指标", "服务对象满意度指标"),
        _ => return None,
    })
}

/// Where a 2018 indicator (分解目标内容 `level1`, 绩效指标 `name`) goes in the current scheme:
/// `(一级指标, 二级指标)`, or `None` when it has no place there.
///
/// In order:
/// 1. the 绩效指标 is itself a level-2 word, with or without 目标 (数量, 质量目标, 时效目标,
///    成本目标, 经济效益目标, 社会效益目标, 生态效益目标, 可持续目标, 可持续影响目标, 满意度目标,
///    服务对象满意度…): that level-2 (sample form `forms-2018.txt`, forms 1 and 3);
/// 2. a 绩效指标 about satisfaction (its name contains 满意): 满意度指标/服务对象满意度指标;
/// 3. by the 分解目标内容: 产出目标 → 产出指标/「待归类」, 效果目标 → 效益指标/「待归类」 (the
///    level-1 is known, the level-2 is the user's call), 影响力目标 → 效益指标/可持续影响指标
///    (as 2020's 影响力目标/长效管理);
/// 4. anything else (投入和管理目标, unknown names): `None`.
pub fn map_indicator_2018(level1: &str, name: &str) -> Option<(&'static str, &'static str)> {
    let word = name.trim();
    let word = word.strip_suffix("目标").unwrap_or(word);
    let by_name = match word {
        "数量" => Some(("产出指标", "数量指标")),
        "质量" => Some(("产出指标", "质量指标")),
        "时效" => Some(("产出指标", "时效指标")),
        "成本" => Some((COST_LEVEL1, "经济成本指标")),
        "经济效益" => Some(("效益指标", "经济效益指标")),
        "社会效益" => Some(("效益指标", "社会效益指标")),
        "生态效益" => Some(("效益指标", "生态效益指标")),
        "可持续" | "可持续影响" => Some(("效益指标", "可持续影响指标")),
        _ if word.contains("满意") => Some(("满意度指标", "服务对象满意度指标")),
        _ => None,
    };
    by_name.or(match level1.trim() {
        "产出目标" => Some(("产出指标", UNSORTED_LEVEL2)),
        "效果目标" => Some(("效益指标", UNSORTED_LEVEL2)),
        "影响力目标" => Some(("效益指标", "可持续影响指标")),
        _ => None,
    })
}

/// Maps a 2020 tree (see [`map_level2_2020`]).
fn carry_2020(indicators: &[Level1Indicator]) -> Vec<Level1Indicator> {
    let mut tree = Tree::standard();
    for level1 in indicators {
        for level2 in &level1.children {
            match map_level2_2020(&level2.name) {
                Some((new_level1, new_level2)) => {
                    tree.extend(new_level1, new_level2, &level2.children);
                }
                None => tree.extend(
                    &unsorted_level1_name(&level1.name),
                    unsorted_level2_name(&level2.name),
                    &level2.children,
                ),
            }
        }
    }
    tree.finish()
}

/// Maps a 2018 tree (see [`map_indicator_2018`]); its level-2 groups have no names.
fn carry_2018(indicators: &[Level1Indicator]) -> Vec<Level1Indicator> {
    let mut tree = Tree::standard();
    for level1 in indicators {
        for level2 in &level1.children {
            for level3 in &level2.children {
                let one = std::slice::from_ref(level3);
                match map_indicator_2018(&level1.name, &level3.name) {
                    Some((new_level1, new_level2)) => tree.extend(new_level1, new_level2, one),
                    None => tree.extend(
                        &unsorted_level1_name(&level1.name),
                        unsorted_level2_name(&level2.name),
                        one,
                    ),
                }
            }
        }
    }
    tree.finish()
}

/// The source's level-2 name inside a 待归类 group, or 「待归类」 when it had none.
fn unsorted_level2_name(source: &str) -> &str {
    if source.trim().is_empty() {
        UNSORTED_LEVEL2
    } else {
        source
    }
}

/// A tree under construction: groups found by name, created on first use, in order.
struct Tree {
    groups: Vec<Level1Indicator>,
}

impl Tree {
    /// The four standard level-1 groups, empty (as [`Declaration::new_current`]).
    fn standard() -> Self {
        Self {
            groups: STANDARD_SCHEME
                .iter()
                .map(|(name, _)| Level1Indicator::new(*name))
                .collect(),
        }
    }

    /// Appends `level3` under `level1`/`level2`, creating the groups at the end when new.
    fn extend(&mut self, level1: &str, level2: &str, level3: &[Level3Indicator]) {
        let level1_index = match self.groups.iter().position(|group| group.name == level1) {
            Some(index) => index,
            None => {
                self.groups.push(Level1Indicator::new(level1));
                self.groups.len() - 1
            }
        };
        let Some(group) = self.groups.get_mut(level1_index) else {
            return;
        };
        let level2_index = match group.children.iter().position(|child| child.name == level2) {
            Some(index) => index,
            None => {
                group.children.push(Level2Indicator::new(level2));
                group.children.len() - 1
            }
        };
        if let Some(child) = group.children.get_mut(level2_index) {
            child.children.extend_from_slice(level3);
        }
    }

    /// The groups, each standard level-1's level-2 groups in the scheme's order (others after,
    /// in the order met).
    fn finish(mut self) -> Vec<Level1Indicator> {
        for group in &mut self.groups {
            let order = super::standard_level2_names(&group.name);
            group.children.sort_by_key(|child| {
                order
                    .iter()
                    .position(|name| *name == child.name)
                    .unwrap_or(order.len())
            });
        }
        self.groups
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    #[test]
    fn dates_move_by_whole_years() {
        assert_eq!(move_years(date(2018, 1, 1), 9), Some(date(2027, 1, 1)));
        assert_eq!(move_years(date(2024, 2, 29), 1), Some(date(2025, 2, 28)));
        assert_eq!(move_years(date(2024, 2, 29), 4), Some(date(2028, 2, 29)));
        assert_eq!(move_years(date(2026, 7, 1), -1), Some(date(2025, 7, 1)));
        assert_eq!(move_years(date(2026, 7, 1), i64::from(i32::MAX)), None);
    }

    #[test]
    fn level2_2020_maps_onto_the_scheme() {
        assert_eq!(map_level2_2020("数量"), Some(("产出指标", "数量指标")));
        assert_eq!(map_level2_2020("成本"), Some(("成本指标", "经济成本指标")));
        assert_eq!(
            map_level2_2020("满意度"),
            Some(("满意度指标", "服务对象满意度指标"))
        );
        assert_eq!(
            map_level2_2020("长效管理"),
            Some(("效益指标", "可持续影响指标"))
        );
        for unmapped in [
            "投入管理",
            "财务管理",
            "实施管理",
            "资产管理",
            "",
            "人力资源",
        ] {
            assert_eq!(map_level2_2020(unmapped), None, "{unmapped}");
        }
    }

    #[test]
    fn indicators_2018_map_by_name_then_by_group() {
        assert_eq!(
            map_indicator_2018("产出目标", "质量目标"),
            Some(("产出指标", "质量指标"))
        );
        assert_eq!(
            map_indicator_2018("产出目标", "成本目标"),
            Some(("成本指标", "经济成本指标"))
        );
        assert_eq!(
            map_indicator_2018("效果目标", "可持续目标"),
            Some(("效益指标", "可持续影响指标"))
        );
        assert_eq!(
            map_indicator_2018("影响力目标", "满意度目标"),
            Some(("满意度指标", "服务对象满意度指标"))
        );
        assert_eq!(
            map_indicator_2018("效果目标", "在学人员满意度"),
            Some(("满意度指标", "服务对象满意度指标"))
        );
        assert_eq!(
            map_indicator_2018("产出目标", "在线学习招生人数"),
            Some(("产出指标", UNSORTED_LEVEL2))
        );
        assert_eq!(
            map_indicator_2018("影响力目标", "市管干部覆盖率"),
            Some(("效益指标", "可持续影响指标"))
        );
        assert_eq!(map_indicator_2018("投入和管理目标", "预算执行率"), None);
        assert_eq!(map_indicator_2018("其他", "某指标"), None);
    }

    #[test]
    fn unsorted_groups_are_marked() {
        assert_eq!(unsorted_level1_name("投入与管理"), "待归类（原投入与管理）");
        assert_eq!(unsorted_level2_name(""), "待归类");
        assert_eq!(unsorted_level2_name("财务管理"), "财务管理");
    }
}
