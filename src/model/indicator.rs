//! The three-level indicator tree (绩效指标) and the standard scheme it follows.

use serde::{Deserialize, Serialize};

use super::TargetValue;

/// 成本指标: the level-1 group of cost indicators in the standard scheme; the 2023 forms still
/// use it as a level-2 under 产出指标 (docs/form.md §3). The one place the name is spelled.
pub const COST_LEVEL1: &str = "成本指标";

/// The standard level-1 → level-2 scheme: 财政部 财预〔2021〕101号 and Shanghai's 2025
/// 市级部门项目支出核心绩效目标和指标设置及取值指引 (docs/form.md §3). Order is the usual printed order.
pub const STANDARD_SCHEME: &[(&str, &[&str])] = &[
    (
        COST_LEVEL1,
        &["经济成本指标", "社会成本指标", "生态环境成本指标"],
    ),
    ("产出指标", &["数量指标", "质量指标", "时效指标"]),
    (
        "效益指标",
        &[
            "经济效益指标",
            "社会效益指标",
            "生态效益指标",
            "可持续影响指标",
        ],
    ),
    ("满意度指标", &["服务对象满意度指标"]),
];

/// The standard level-2 names under a level-1 name; empty for a name outside the scheme.
pub fn standard_level2_names(level1: &str) -> &'static [&'static str] {
    STANDARD_SCHEME
        .iter()
        .find(|(name, _)| *name == level1)
        .map_or(&[], |(_, children)| children)
}

/// Whether `level2` is a standard child of `level1` (docs/form.md §3).
pub fn is_standard_level2(level1: &str, level2: &str) -> bool {
    standard_level2_names(level1).contains(&level2)
}

/// 一级指标: a level-1 group, e.g. 产出指标.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level1Indicator {
    /// The printed name.
    pub name: String,
    /// Its level-2 groups, in printed order.
    pub children: Vec<Level2Indicator>,
}

/// 二级指标: a level-2 group, e.g. 数量指标.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level2Indicator {
    /// The printed name (empty on the 2018 layout, which has no level 2).
    pub name: String,
    /// Its level-3 indicators, in printed order.
    pub children: Vec<Level3Indicator>,
}

/// 三级指标: one row of the target table, with its 指标值.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level3Indicator {
    /// The printed name, e.g. 阵地包干服务完成率.
    pub name: String,
    /// The target value; `None` when the cell is blank.
    pub target: Option<TargetValue>,
}

impl Level1Indicator {
    /// A level-1 group with no children.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            children: Vec::new(),
        }
    }
}

impl Level2Indicator {
    /// A level-2 group with no children.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            children: Vec::new(),
        }
    }
}

impl Level3Indicator {
    /// A level-3 indicator with its target.
    pub fn new(name: impl Into<String>, target: Option<TargetValue>) -> Self {
        Self {
            name: name.into(),
            target,
        }
    }
}

/// Where a node sits in the tree: indices into `indicators`, then `children`, then `children`.
///
/// `level2` and `level3` are `None` for a path to a level-1 or level-2 group. Printed as
/// `indicators[0]`, `indicators[0][1]`, `indicators[0][1][2]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct IndicatorPath {
    /// Index of the level-1 group.
    pub level1: usize,
    /// Index of the level-2 group within it.
    pub level2: Option<usize>,
    /// Index of the level-3 indicator within the level-2 group.
    pub level3: Option<usize>,
}

impl IndicatorPath {
    /// The path of a level-1 group.
    pub fn level1(level1: usize) -> Self {
        Self {
            level1,
            level2: None,
            level3: None,
        }
    }

    /// The path of a level-2 group.
    pub fn level2(level1: usize, level2: usize) -> Self {
        Self {
            level1,
            level2: Some(level2),
            level3: None,
        }
    }

    /// The path of a level-3 indicator.
    pub fn level3(level1: usize, level2: usize, level3: usize) -> Self {
        Self {
            level1,
            level2: Some(level2),
            level3: Some(level3),
        }
    }

    /// 1, 2 or 3: the level this path points at.
    pub fn depth(&self) -> u8 {
        match (self.level2, self.level3) {
            (None, _) => 1,
            (Some(_), None) => 2,
            (Some(_), Some(_)) => 3,
        }
    }
}

impl std::fmt::Display for IndicatorPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "indicators[{}]", self.level1)?;
        if let Some(level2) = self.level2 {
            write!(f, "[{level2}]")?;
        }
        if let Some(level3) = self.level3 {
            write!(f, "[{level3}]")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheme_lookup() {
        assert!(is_standard_level2("产出指标", "数量指标"));
        assert!(!is_standard_level2("产出指标", "成本指标"));
        assert!(!is_standard_level2("投入与管理", "投入管理"));
        assert_eq!(standard_level2_names("满意度指标"), ["服务对象满意度指标"]);
    }

    #[test]
    fn paths_print_and_know_their_depth() {
        assert_eq!(
            IndicatorPath::level3(1, 0, 2).to_string(),
            "indicators[1][0][2]"
        );
        assert_eq!(IndicatorPath::level1(3).depth(), 1);
        assert_eq!(IndicatorPath::level2(3, 1).depth(), 2);
        assert_eq!(IndicatorPath::level3(3, 1, 0).depth(), 3);
    }
}
