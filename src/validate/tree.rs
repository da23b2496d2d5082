//! The shape of the indicator tree (docs/form.md §3, §5): which level-1 groups must be there, which
//! level-2 groups belong where, empty groups, and duplicate level-3 names.
//!
//! Reads the model only. Names are compared after trimming spaces. Every rule is linear in the
//! size of the tree: duplicate names are found with one hash set per level-2 group, so checking
//! 40,000 indicators takes about ten times as long as 4,000 (`benches/check.rs`), not a hundred.

use std::collections::HashSet;

use super::{Finding, Rule, indicator_label, is_blank};
use crate::model::{
    COST_LEVEL1, Declaration, Field, FormLayout, IndicatorPart, IndicatorPath, Level1Indicator,
    Path, STANDARD_SCHEME, is_standard_level2, standard_level2_names,
};

/// The level-1 groups 财预〔2021〕101号 requires, each with at least one level-3.
const REQUIRED_LEVEL1: [&str; 3] = ["产出指标", "效益指标", "满意度指标"];

/// Whether a level-2 name is a cost group: 成本指标 itself (2023 practice, under 产出指标) or a
/// name ending in 成本指标 (经济成本指标…).
pub(super) fn is_cost_level2(name: &str) -> bool {
    name.trim().ends_with(COST_LEVEL1)
}

/// Current layout: [`Rule::MissingLevel1`], [`Rule::MissingCostIndicator`],
/// [`Rule::NonStandardLevel1`], [`Rule::NonStandardLevel2`], [`Rule::EmptyLevel1`],
/// [`Rule::EmptyLevel2`] and [`Rule::DuplicateIndicatorName`].
///
/// The standard groups that must (or should) hold indicators are reported by the first two
/// rules only, so an empty 产出指标 is one error, not also an "empty level-1" warning.
pub(super) fn check_current(declaration: &Declaration, findings: &mut Vec<Finding>) {
    let layout = FormLayout::Current;
    let indicators = &declaration.indicators;

    for required in REQUIRED_LEVEL1 {
        match first_level1(indicators, required) {
            None => findings.push(Finding::new(
                Rule::MissingLevel1,
                layout,
                Field::Indicators,
                format!(
                    "缺少一级指标「{required}」：产出、效益、满意度指标均应至少设置一个三级指标"
                ),
            )),
            Some(index) if !has_level3_named(indicators, required) => {
                findings.push(Finding::new(
                    Rule::MissingLevel1,
                    layout,
                    Path::Indicator(IndicatorPath::level1(index), IndicatorPart::Name),
                    format!("一级指标「{required}」下没有三级指标，至少应设置一个"),
                ));
            }
            Some(_) => {}
        }
    }

    check_cost_present(declaration, findings);

    for (i1, level1) in indicators.iter().enumerate() {
        let level1_name = level1.name.trim();
        let level1_path = Path::Indicator(IndicatorPath::level1(i1), IndicatorPart::Name);
        let standard = STANDARD_SCHEME.iter().any(|(name, _)| *name == level1_name);
        if !standard {
            let message = if level1_name.is_empty() {
                format!("第{}个一级指标未填写名称", i1 + 1)
            } else {
                format!(
                    "一级指标「{level1_name}」不在标准指标体系内（成本指标、产出指标、效益指标、满意度指标）"
                )
            };
            findings.push(Finding::new(
                Rule::NonStandardLevel1,
                layout,
                level1_path,
                message,
            ));
            if level1.children.is_empty() {
                findings.push(Finding::new(
                    Rule::EmptyLevel1,
                    layout,
                    level1_path,
                    if level1_name.is_empty() {
                        format!("第{}个一级指标下没有二级指标", i1 + 1)
                    } else {
                        format!("一级指标「{level1_name}」下没有二级指标")
                    },
                ));
            }
        }
        for (i2, level2) in level1.children.iter().enumerate() {
            let level2_path = IndicatorPath::level2(i1, i2);
            if standard && !is_standard_level2(level1_name, level2.name.trim()) {
                findings.push(Finding::new(
                    Rule::NonStandardLevel2,
                    layout,
                    Path::Indicator(level2_path, IndicatorPart::Name),
                    non_standard_level2_message(level1_name, level2.name.trim()),
                ));
            }
            if level2.children.is_empty() {
                findings.push(Finding::new(
                    Rule::EmptyLevel2,
                    layout,
                    Path::Indicator(level2_path, IndicatorPart::Name),
                    format!(
                        "二级指标「{}」下没有三级指标",
                        indicator_label(declaration, level2_path)
                    ),
                ));
            }
            let mut seen: HashSet<&str> = HashSet::with_capacity(level2.children.len());
            for (i3, level3) in level2.children.iter().enumerate() {
                let name = level3.name.trim();
                // `insert` is false when an earlier sibling has the name.
                let repeated = !name.is_empty() && !seen.insert(name);
                if repeated {
                    findings.push(Finding::new(
                        Rule::DuplicateIndicatorName,
                        layout,
                        Path::Indicator(IndicatorPath::level3(i1, i2, i3), IndicatorPart::Name),
                        format!(
                            "三级指标「{name}」在二级指标「{}」下重复出现",
                            indicator_label(declaration, level2_path)
                        ),
                    ));
                }
            }
        }
    }
}

/// [`Rule::MissingCostIndicator`]: no level-1 成本指标 with a level-3. Silent when cost
/// indicators sit under a 成本指标 level-2 elsewhere (the 2023 practice): that group already
/// gets a [`Rule::NonStandardLevel2`] warning saying where it belongs.
fn check_cost_present(declaration: &Declaration, findings: &mut Vec<Finding>) {
    let indicators = &declaration.indicators;
    if has_level3_named(indicators, COST_LEVEL1) {
        return;
    }
    let misplaced_cost = indicators.iter().any(|level1| {
        level1.name.trim() != COST_LEVEL1
            && level1
                .children
                .iter()
                .any(|level2| is_cost_level2(&level2.name) && !level2.children.is_empty())
    });
    if misplaced_cost {
        return;
    }
    let (path, message) = match first_level1(indicators, COST_LEVEL1) {
        Some(index) => (
            Path::Indicator(IndicatorPath::level1(index), IndicatorPart::Name),
            "一级指标「成本指标」下没有三级指标：「原则上，每一项目均应设置成本指标」（上海市2025年指引）",
        ),
        None => (
            Path::Field(Field::Indicators),
            "未设置成本指标：「原则上，每一项目均应设置成本指标」（上海市2025年指引）",
        ),
    };
    findings.push(Finding::new(
        Rule::MissingCostIndicator,
        FormLayout::Current,
        path,
        message.to_owned(),
    ));
}

fn non_standard_level2_message(level1: &str, level2: &str) -> String {
    if level2.is_empty() {
        return format!("一级指标「{level1}」下有一个二级指标未填写名称");
    }
    let expected = standard_level2_names(level1).join("、");
    if level1 != COST_LEVEL1 && is_cost_level2(level2) {
        return format!(
            "二级指标「{level2}」放在一级指标「{level1}」下是2025年以前的做法；按现行指标体系，成本指标是一级指标，下设经济成本指标、社会成本指标、生态环境成本指标"
        );
    }
    let owner = STANDARD_SCHEME
        .iter()
        .find(|(_, children)| children.contains(&level2))
        .map(|(name, _)| *name);
    match owner {
        Some(owner) => format!(
            "二级指标「{level2}」属于一级指标「{owner}」，不属于「{level1}」（「{level1}」下应为：{expected}）"
        ),
        None => format!(
            "二级指标「{level2}」不是一级指标「{level1}」下的标准二级指标（应为：{expected}）"
        ),
    }
}

/// Index of the first level-1 group called `name`.
fn first_level1(indicators: &[Level1Indicator], name: &str) -> Option<usize> {
    indicators
        .iter()
        .position(|level1| level1.name.trim() == name)
}

/// Whether any level-1 group called `name` holds at least one level-3.
fn has_level3_named(indicators: &[Level1Indicator], name: &str) -> bool {
    indicators
        .iter()
        .filter(|level1| level1.name.trim() == name)
        .flat_map(|level1| &level1.children)
        .any(|level2| !level2.children.is_empty())
}

/// Older layouts: [`Rule::LegacyIndicatorIncomplete`] for each target row without a name or a
/// value. Their level names differ from the current scheme (2020: 投入与管理/产出目标…; 2018 has
/// no level 2), so no other tree rule applies.
pub(super) fn check_legacy(declaration: &Declaration, findings: &mut Vec<Finding>) {
    let layout = declaration.layout();
    let [_, _, level3_header, value_header] = layout.indicator_headers();
    for (path, level3) in declaration.level3_indicators() {
        if is_blank(&level3.name) {
            findings.push(Finding::new(
                Rule::LegacyIndicatorIncomplete,
                layout,
                Path::Indicator(path, IndicatorPart::Name),
                format!(
                    "{level3_header}未填写（{}）",
                    indicator_label(declaration, path)
                ),
            ));
        }
        let value_blank = match &level3.target {
            None => true,
            Some(crate::model::TargetValue::Qualitative(text)) => is_blank(text),
            Some(crate::model::TargetValue::Quantitative { .. }) => false,
        };
        if value_blank {
            findings.push(Finding::new(
                Rule::LegacyIndicatorIncomplete,
                layout,
                Path::Indicator(path, IndicatorPart::Target),
                format!(
                    "{level3_header}「{}」未填写{value_header}",
                    indicator_label(declaration, path)
                ),
            ));
        }
    }
}
