//! Comparing two versions of a declaration (与其他版本比较): every change from the old version to
//! the new one, and each change taken over into a declaration ("take this change from the other
//! version").
//!
//! Depends on the model only. Section-one fields and amounts are compared by their printed label
//! (old → new), goals paragraph by paragraph, and the indicator tree by matching groups and rows
//! by name and position, so that a renamed row is one change (see `tree`).
//!
//! [`diff`] lists the changes in an order in which they can be taken one after the other: taking
//! every change of `diff(a, b)` into `a`, in order, gives `b`. Each change can also be taken on
//! its own, into a declaration that has moved on since (the editor recomputes the list after
//! each take): changes find what they touch by name, not by position alone.

mod fields;
mod goals;
mod tree;

pub use fields::FieldValue;
pub use goals::GoalChange;
pub use tree::{GroupRef, IndicatorChange, Names, RowRef};

use crate::model::{Declaration, Field, FormFields, FormLayout};

/// One difference between two declarations.
#[derive(Clone, Debug, PartialEq, Eq)]
#[expect(
    clippy::large_enum_variant,
    reason = "a comparison makes tens of changes; boxing would only make matching on them clumsy"
)]
pub enum Change {
    /// The declarations follow different layouts: the fields only one layout has are not
    /// compared one by one; taking this change takes over all of them.
    Layout {
        /// The old layout.
        old: FormLayout,
        /// The new layout.
        new: FormLayout,
        /// The new version's layout fields.
        form: Box<FormFields>,
    },
    /// A section-one field or amount.
    Field {
        /// Which field.
        field: Field,
        /// How the new version's layout names it (`年度资金申请总额`, `其他资金（年度资金）`).
        label: &'static str,
        /// Its value in the old version.
        old: FieldValue,
        /// Its value in the new version.
        new: FieldValue,
    },
    /// A paragraph of 项目总目标 or 年度总体目标.
    Goal(GoalChange),
    /// A group or row of the indicator tree.
    Indicator(IndicatorChange),
}

/// Why a change could not be taken over.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ApplyError {
    /// What the change is about is no longer in the declaration.
    #[error("找不到「{0}」，可能已经修改过")]
    NotFound(String),
    /// The declaration's layout has no such field.
    #[error("本申报表的版式没有「{0}」")]
    NoSuchField(String),
}

/// Every change from `old` to `new`; empty exactly when they are equal. In the order of the
/// form: layout, section-one fields, goals, then the indicator tree (in the order described in
/// the module doc).
pub fn diff(old: &Declaration, new: &Declaration) -> Vec<Change> {
    let mut changes = Vec::new();
    let same_layout = old.layout() == new.layout();
    if !same_layout {
        changes.push(Change::Layout {
            old: old.layout(),
            new: new.layout(),
            form: Box::new(new.form.clone()),
        });
    }
    for field in fields::fields_of(new.layout()) {
        let (Some(old_value), Some(new_value)) =
            (fields::read(old, field), fields::read(new, field))
        else {
            continue;
        };
        if old_value != new_value {
            changes.push(Change::Field {
                field,
                label: fields::label_of(new.layout(), field),
                old: old_value,
                new: new_value,
            });
        }
    }
    for goal in [Field::OverallGoal, Field::AnnualGoal] {
        let (old_text, new_text) = match goal {
            Field::OverallGoal => (&old.overall_goal, &new.overall_goal),
            _ => (&old.annual_goal, &new.annual_goal),
        };
        let label = fields::label_of(new.layout(), goal);
        changes.extend(
            goals::diff(goal, label, old_text, new_text)
                .into_iter()
                .map(Change::Goal),
        );
    }
    changes.extend(
        tree::diff(&old.indicators, &new.indicators)
            .into_iter()
            .map(Change::Indicator),
    );
    changes
}

impl Change {
    /// Takes this change over into `declaration`, making that part of it read as in the new
    /// version. To take changes the other way, compare the other way round.
    ///
    /// # Errors
    /// [`ApplyError::NotFound`] when the paragraph, group or row the change is about is not in
    /// `declaration` (it was changed since); [`ApplyError::NoSuchField`] when its layout has no
    /// such field. Nothing is changed then.
    pub fn apply(&self, declaration: &mut Declaration) -> Result<(), ApplyError> {
        match self {
            Self::Layout { form, .. } => {
                declaration.form = (**form).clone();
                Ok(())
            }
            Self::Field {
                field, label, new, ..
            } => {
                if fields::write(declaration, *field, new) {
                    Ok(())
                } else {
                    Err(ApplyError::NoSuchField((*label).to_owned()))
                }
            }
            Self::Goal(change) => change.apply(declaration),
            Self::Indicator(change) => {
                let mut indicators = declaration.indicators.clone();
                change.apply(&mut indicators)?;
                declaration.indicators = indicators;
                Ok(())
            }
        }
    }
}

/// Takes every change of `changes` over into `declaration`, in order (see [`Change::apply`]).
///
/// # Errors
/// The first change that cannot be taken; the changes before it stay taken.
pub fn apply_all(changes: &[Change], declaration: &mut Declaration) -> Result<(), ApplyError> {
    changes
        .iter()
        .try_for_each(|change| change.apply(declaration))
}

impl Change {
    /// A stable identifier of the kind of change, for the command line's JSON: `layout`,
    /// `field`, `goal_paragraph_added` / `_removed` / `_changed`, `level1_added` … (groups),
    /// `indicator_added`, `indicator_removed`, `indicator_moved`, `indicator_renamed`,
    /// `indicator_value`.
    pub fn kind(&self) -> &'static str {
        use IndicatorChange as I;
        let level = |group: &GroupRef| group.level2.is_none();
        match self {
            Self::Layout { .. } => "layout",
            Self::Field { .. } => "field",
            Self::Goal(change) => match (&change.old, &change.new) {
                (None, _) => "goal_paragraph_added",
                (_, None) => "goal_paragraph_removed",
                _ => "goal_paragraph_changed",
            },
            Self::Indicator(change) => match change {
                I::GroupAdded { group, .. } if level(group) => "level1_added",
                I::GroupAdded { .. } => "level2_added",
                I::GroupRemoved { group, .. } if level(group) => "level1_removed",
                I::GroupRemoved { .. } => "level2_removed",
                I::GroupRenamed { group, .. } if level(group) => "level1_renamed",
                I::GroupRenamed { .. } => "level2_renamed",
                I::GroupMoved { group, .. } if level(group) => "level1_moved",
                I::GroupMoved { .. } => "level2_moved",
                I::Added { .. } => "indicator_added",
                I::Removed { .. } => "indicator_removed",
                I::Moved { .. } => "indicator_moved",
                I::Renamed { .. } => "indicator_renamed",
                I::Value { .. } => "indicator_value",
            },
        }
    }

    /// What changed, in Chinese, by the form's own words: 「年度资金申请总额」, 「年度总体目标
    /// 第2段」, 「三级指标 产出指标 › 数量指标」 (the group a row was added to, removed from or
    /// renamed in), 「三级指标 产出指标 › 数量指标 › 阵地包干服务完成率」 (a changed value),
    /// 「二级指标 产出指标 › 时效指标」.
    pub fn label(&self) -> String {
        use IndicatorChange as I;
        let group_label = |group: &GroupRef, shown: String| match group.level2 {
            None => format!("一级指标 {shown}"),
            Some(_) => format!("二级指标 {shown}"),
        };
        match self {
            Self::Layout { .. } => "版式".to_owned(),
            Self::Field { label, .. } => (*label).to_owned(),
            Self::Goal(change) => {
                let number = change.new_number.or(change.old_number).unwrap_or(1);
                format!("{} 第{number}段", change.label)
            }
            Self::Indicator(change) => match change {
                I::GroupRemoved { group, .. } => group_label(group, group.shown_old()),
                I::GroupAdded { group, .. }
                | I::GroupRenamed { group, .. }
                | I::GroupMoved { group, .. } => group_label(group, group.shown()),
                I::Added { row, .. } => format!("三级指标 {}", row.group.shown()),
                I::Removed { row, .. } => format!("三级指标 {}", row.group.shown_old()),
                I::Renamed { new, .. } => format!("三级指标 {}", new.group.shown()),
                I::Moved { new, .. } => format!("三级指标 {}", new.name),
                I::Value { new, .. } => {
                    format!("三级指标 {} › {}", new.group.shown(), new.name)
                }
            },
        }
    }

    /// The old side as text, `None` when there is none (an addition).
    pub fn old_text(&self) -> Option<String> {
        use IndicatorChange as I;
        match self {
            Self::Layout { old, .. } => Some(old.label().to_owned()),
            Self::Field { old, .. } => Some(old.to_string()),
            Self::Goal(change) => change.old.clone(),
            Self::Indicator(change) => match change {
                I::GroupAdded { .. } | I::Added { .. } => None,
                I::GroupRemoved { group, .. } => Some(group.shown_old()),
                I::GroupRenamed { group, .. } | I::GroupMoved { group, .. } => {
                    let names = group.level2.as_ref().unwrap_or(&group.level1);
                    names.old.clone()
                }
                I::Removed { row, .. } => Some(row_text(row)),
                I::Moved { old, .. } => Some(old.group.shown_old()),
                I::Renamed { old, .. } => Some(old.name.clone()),
                I::Value { old, .. } => Some(target_text(old)),
            },
        }
    }

    /// The new side as text, `None` when there is none (a removal).
    pub fn new_text(&self) -> Option<String> {
        use IndicatorChange as I;
        match self {
            Self::Layout { new, .. } => Some(new.label().to_owned()),
            Self::Field { new, .. } => Some(new.to_string()),
            Self::Goal(change) => change.new.clone(),
            Self::Indicator(change) => match change {
                I::GroupRemoved { .. } | I::Removed { .. } => None,
                I::GroupAdded { group, .. } => Some(group.shown()),
                I::GroupRenamed { group, .. } => {
                    let names = group.level2.as_ref().unwrap_or(&group.level1);
                    names.new.clone()
                }
                I::GroupMoved { after, .. } => Some(match after {
                    Some(after) => format!("移到「{}」之后", after.shown()),
                    None => "移到最前".to_owned(),
                }),
                I::Added { row, .. } => Some(row_text(row)),
                I::Moved { new, after, .. } => Some(match after {
                    Some(after) => format!("{}（在「{}」之后）", new.group.shown(), after.shown()),
                    None => format!("{}（最前）", new.group.shown()),
                }),
                I::Renamed { new, .. } => Some(new.name.clone()),
                I::Value { new, .. } => Some(target_text(new)),
            },
        }
    }
}

/// A row's value as printed, or 「（空）」.
fn target_text(row: &RowRef) -> String {
    row.target
        .as_ref()
        .map_or_else(|| "（空）".to_owned(), ToString::to_string)
}

/// A row as one line: `名称 =100(%)`.
fn row_text(row: &RowRef) -> String {
    match &row.target {
        Some(target) => format!("{} {target}", row.name),
        None => row.name.clone(),
    }
}

impl std::fmt::Display for Change {
    /// One line: `年度资金申请总额：1,139,000.00 → 1,200,000.00`; an addition `… ：+ 新`, a
    /// removal `… ：− 旧`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let label = self.label();
        match (self.old_text(), self.new_text()) {
            (Some(old), Some(new)) => write!(f, "{label}：{old} → {new}"),
            (None, Some(new)) => write!(f, "{label}：新增 {new}"),
            (Some(old), None) => write!(f, "{label}：删除 {old}"),
            (None, None) => f.write_str(&label),
        }
    }
}
