//! Applying an [`EditCommand`] to a declaration: the only place the window changes the model.
//!
//! Pure functions over `&mut Declaration`; no egui, no files. A command whose path does not
//! exist, or whose field does not belong to the declaration's layout, changes nothing.

use crate::model::{
    Declaration, Field, IndicatorPath, Level1Indicator, Level2Indicator, Level3Indicator,
    SubBudget, SumParts, SumState, Yuan,
};

use super::command::{EditCommand, Insertion, TreeAction};

/// Applies `command` to `declaration`. Returns the node to select afterwards (the new, moved or
/// copied node), if any, or `None` when nothing structural happened.
pub fn apply(declaration: &mut Declaration, command: &EditCommand) -> Option<IndicatorPath> {
    match command {
        EditCommand::SetField(field, text) => {
            declaration.set_text(*field, text);
            None
        }
        EditCommand::SetFiscalYear(year) => {
            declaration.fiscal_year = *year;
            None
        }
        EditCommand::SetDate(field, date) => {
            declaration.set_date(*field, *date);
            None
        }
        EditCommand::SetAmount(field, amount) => {
            declaration.set_amount(*field, *amount);
            None
        }
        EditCommand::SetTotalFromParts(field) => {
            // The fix the live check offers: the parts' sum as it and the rule compute it
            // (blank parts as 0), only when the sum is checked and the total is off or blank.
            let state = declaration
                .layout()
                .sum_of(*field)
                .map(|sum| sum.state(declaration));
            if let Some(
                SumState::TotalBlank { parts: Some(sum) }
                | SumState::Differs {
                    parts: Some(sum), ..
                },
            ) = state
            {
                declaration.set_amount(*field, Some(sum));
            }
            None
        }
        EditCommand::FillBlankPart(total) => {
            if let Some((part, amount)) = blank_part_fill(declaration, *total) {
                match part {
                    Part::Field(field) => {
                        declaration.set_amount(field, Some(amount));
                    }
                    Part::SubBudget(index) => {
                        if let Some(line) = declaration
                            .sub_budgets_mut()
                            .and_then(|lines| lines.get_mut(index))
                        {
                            line.amount = Some(amount);
                        }
                    }
                }
            }
            None
        }
        EditCommand::AddIndicator(path) => add(declaration, *path),
        EditCommand::RenameIndicator(path, name) => {
            if let Some(slot) = name_slot(declaration, *path) {
                slot.clone_from(name);
            }
            None
        }
        EditCommand::SetTarget(path, target) => {
            if let Some(level3) = level3_mut(declaration, *path) {
                level3.target.clone_from(target);
            }
            None
        }
        EditCommand::MoveIndicator { from, to } => move_node(declaration, *from, *to),
        EditCommand::DeleteIndicator(path) => {
            delete(declaration, *path);
            None
        }
        EditCommand::DuplicateIndicator(path) => duplicate(declaration, *path),
        EditCommand::SetGovernmentProcurement(value) => {
            if let Some(slot) = declaration.yes_no_mut(Field::IncludesGovernmentProcurement) {
                *slot = *value;
            }
            None
        }
        EditCommand::AddSubBudget => {
            if let Some(lines) = declaration.sub_budgets_mut() {
                lines.push(SubBudget::default());
            }
            None
        }
        EditCommand::SetSubBudget(index, line) => {
            if let Some(slot) = declaration
                .sub_budgets_mut()
                .and_then(|lines| lines.get_mut(*index))
            {
                slot.clone_from(line);
            }
            None
        }
        EditCommand::DeleteSubBudget(index) => {
            if let Some(lines) = declaration.sub_budgets_mut()
                && *index < lines.len()
            {
                lines.remove(*index);
            }
            None
        }
        EditCommand::FillIndicator { path, name, target } => {
            if let Some(level3) = level3_mut(declaration, *path) {
                level3.name.clone_from(name);
                if level3.target.is_none() {
                    level3.target.clone_from(target);
                }
            }
            None
        }
        EditCommand::InsertIndicator(into, row) => match into {
            Insertion::At(path) if path.depth() == 3 => {
                insert(declaration, *path, Node::Level3(row.clone()))
            }
            Insertion::At(_) => None,
            Insertion::Standard(placement) => Some(crate::library::insert_level3(
                declaration,
                *placement,
                row.clone(),
            )),
        },
        EditCommand::MoveToPlacement {
            from,
            name: hinted,
            to,
        } => {
            let still_there = name(declaration, *from).is_some_and(|now| now == hinted.as_str());
            if still_there {
                crate::library::move_level3(declaration, *from, *to)
            } else {
                None
            }
        }
        EditCommand::TakeChange(change) => {
            // A change whose row or paragraph is gone changes nothing (the view says so).
            let _taken = change.apply(declaration);
            None
        }
    }
}

/// A part of a total: an amount field, or (2018) a line of 项目当年投入资金构成 by index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// An amount field, e.g. 上年结转资金.
    Field(Field),
    /// A sub-budget line (2018), by index.
    SubBudget(usize),
}

/// The one-click fix that fills a blank part: when `total` is filled and exactly one of its
/// parts (the field table's [`crate::model::MoneySum`] of `total`) is blank, that part and the amount that
/// makes the parts add up to the total (total − the other parts). `None` when the total is
/// blank, when no part or several are blank, or when the difference would be negative.
pub fn blank_part_fill(declaration: &Declaration, total: Field) -> Option<(Part, Yuan)> {
    let total_amount = declaration.amount(total)?;
    let sum = declaration.layout().sum_of(total)?;
    let parts: Vec<(Part, Option<Yuan>)> = match sum.parts {
        SumParts::BudgetLines => declaration
            .sub_budgets()
            .iter()
            .enumerate()
            .map(|(index, line)| (Part::SubBudget(index), line.amount))
            .collect(),
        SumParts::Fields(fields) => fields
            .iter()
            .map(|part| (Part::Field(*part), declaration.amount(*part)))
            .collect(),
    };
    let mut blanks = parts.iter().filter(|(_, value)| value.is_none());
    let (blank, _) = blanks.next()?;
    if blanks.next().is_some() {
        return None;
    }
    let others = parts
        .iter()
        .filter_map(|(_, value)| *value)
        .try_fold(Yuan::ZERO, Yuan::checked_add)?;
    let difference = total_amount.checked_sub(others)?;
    (difference >= Yuan::ZERO).then_some((*blank, difference))
}

/// The level-1 group at `path.level1`.
fn level1_mut(declaration: &mut Declaration, path: IndicatorPath) -> Option<&mut Level1Indicator> {
    declaration.indicators.get_mut(path.level1)
}

fn level2_mut(declaration: &mut Declaration, path: IndicatorPath) -> Option<&mut Level2Indicator> {
    level1_mut(declaration, path)?
        .children
        .get_mut(path.level2?)
}

fn level3_mut(declaration: &mut Declaration, path: IndicatorPath) -> Option<&mut Level3Indicator> {
    level2_mut(declaration, path)?
        .children
        .get_mut(path.level3?)
}

fn name_slot(declaration: &mut Declaration, path: IndicatorPath) -> Option<&mut String> {
    match path.depth() {
        1 => level1_mut(declaration, path).map(|node| &mut node.name),
        2 => level2_mut(declaration, path).map(|node| &mut node.name),
        _ => level3_mut(declaration, path).map(|node| &mut node.name),
    }
}

/// A detached node of any level, for moving between parents.
enum Node {
    Level1(Level1Indicator),
    Level2(Level2Indicator),
    Level3(Level3Indicator),
}

/// The sibling list a path's node lives in, as (list length, index).
fn sibling_position(declaration: &Declaration, path: IndicatorPath) -> Option<(usize, usize)> {
    match (path.level2, path.level3) {
        (None, _) => Some((declaration.indicators.len(), path.level1)),
        (Some(level2), None) => {
            let level1 = declaration.indicators.get(path.level1)?;
            Some((level1.children.len(), level2))
        }
        (Some(level2), Some(level3)) => {
            let level2_node = declaration
                .indicators
                .get(path.level1)?
                .children
                .get(level2)?;
            Some((level2_node.children.len(), level3))
        }
    }
}

fn with_index(path: IndicatorPath, index: usize) -> IndicatorPath {
    match (path.level2, path.level3) {
        (None, _) => IndicatorPath::level1(index),
        (Some(_), None) => IndicatorPath::level2(path.level1, index),
        (Some(level2), Some(_)) => IndicatorPath::level3(path.level1, level2, index),
    }
}

fn remove(declaration: &mut Declaration, path: IndicatorPath) -> Option<Node> {
    let (len, index) = sibling_position(declaration, path)?;
    if index >= len {
        return None;
    }
    Some(match (path.level2, path.level3) {
        (None, _) => Node::Level1(declaration.indicators.remove(index)),
        (Some(_), None) => Node::Level2(level1_mut(declaration, path)?.children.remove(index)),
        (Some(_), Some(_)) => Node::Level3(level2_mut(declaration, path)?.children.remove(index)),
    })
}

/// Inserts `node` at `path` (index clamped to the list's end); returns where it landed.
fn insert(declaration: &mut Declaration, path: IndicatorPath, node: Node) -> Option<IndicatorPath> {
    let (len, index) = match (path.level2, path.level3) {
        (None, _) => (declaration.indicators.len(), path.level1),
        (Some(_), None) => (level1_mut(declaration, path)?.children.len(), path.level2?),
        (Some(_), Some(level3)) => (level2_mut(declaration, path)?.children.len(), level3),
    };
    let index = index.min(len);
    match node {
        Node::Level1(node) if path.depth() == 1 => declaration.indicators.insert(index, node),
        Node::Level2(node) if path.depth() == 2 => {
            level1_mut(declaration, path)?.children.insert(index, node);
        }
        Node::Level3(node) if path.depth() == 3 => {
            level2_mut(declaration, path)?.children.insert(index, node);
        }
        _ => return None,
    }
    Some(with_index(path, index))
}

fn add(declaration: &mut Declaration, path: IndicatorPath) -> Option<IndicatorPath> {
    let node = match path.depth() {
        // The 2018 layout has no level 2: each group holds one unnamed level-2 group.
        1 if !declaration.layout().has_level2() => Node::Level1(Level1Indicator {
            name: String::new(),
            children: vec![Level2Indicator::default()],
        }),
        1 => Node::Level1(Level1Indicator::default()),
        2 => Node::Level2(Level2Indicator::default()),
        _ => Node::Level3(Level3Indicator::default()),
    };
    insert(declaration, path, node)
}

fn delete(declaration: &mut Declaration, path: IndicatorPath) {
    let _removed = remove(declaration, path);
}

fn duplicate(declaration: &mut Declaration, path: IndicatorPath) -> Option<IndicatorPath> {
    let (len, index) = sibling_position(declaration, path)?;
    if index >= len {
        return None;
    }
    let copy = match path.depth() {
        1 => Node::Level1(declaration.indicators.get(index)?.clone()),
        2 => Node::Level2(level2_mut(declaration, path)?.clone()),
        _ => Node::Level3(level3_mut(declaration, path)?.clone()),
    };
    insert(declaration, with_index(path, index + 1), copy)
}

fn move_node(
    declaration: &mut Declaration,
    from: IndicatorPath,
    to: IndicatorPath,
) -> Option<IndicatorPath> {
    if from.depth() != to.depth() || from == to {
        return None;
    }
    // Check the destination's parent exists before detaching anything.
    let parent_exists = match to.depth() {
        1 => true,
        2 => declaration.indicators.get(to.level1).is_some(),
        _ => declaration
            .indicators
            .get(to.level1)
            .and_then(|level1| level1.children.get(to.level2?))
            .is_some(),
    };
    if !parent_exists {
        return None;
    }
    let node = remove(declaration, from)?;
    insert(declaration, to, node)
}

/// The path of the sibling `delta` places away from the node at `path` (−1: the previous one),
/// if both exist: where [`EditCommand::MoveIndicator`] moves it for 上移 / 下移.
pub fn sibling_at(
    declaration: &Declaration,
    path: IndicatorPath,
    delta: isize,
) -> Option<IndicatorPath> {
    let (len, index) = sibling_position(declaration, path)?;
    if index >= len {
        return None;
    }
    let target = index
        .checked_add_signed(delta)
        .filter(|target| *target < len)?;
    Some(with_index(path, target))
}

/// The edit a [`TreeAction`] on `path` makes, or `None` when it cannot apply (first node moved
/// up, a path that no longer exists). 删除 of a group with children still needs confirming:
/// see [`has_children`].
pub fn tree_action(
    declaration: &Declaration,
    action: TreeAction,
    path: IndicatorPath,
) -> Option<EditCommand> {
    name(declaration, path)?;
    match action {
        TreeAction::MoveUp => sibling_at(declaration, path, -1)
            .map(|to| EditCommand::MoveIndicator { from: path, to }),
        TreeAction::MoveDown => {
            sibling_at(declaration, path, 1).map(|to| EditCommand::MoveIndicator { from: path, to })
        }
        TreeAction::Duplicate => Some(EditCommand::DuplicateIndicator(path)),
        TreeAction::Delete => Some(EditCommand::DeleteIndicator(path)),
    }
}

/// Whether the node at `path` has children (deleting it asks first).
pub fn has_children(declaration: &Declaration, path: IndicatorPath) -> bool {
    let Some(level1) = declaration.indicators.get(path.level1) else {
        return false;
    };
    match path.level2 {
        None => !level1.children.is_empty(),
        Some(level2) if path.level3.is_none() => level1
            .children
            .get(level2)
            .is_some_and(|node| !node.children.is_empty()),
        Some(_) => false,
    }
}

/// The name of the node at `path`, if it exists.
pub fn name(declaration: &Declaration, path: IndicatorPath) -> Option<&str> {
    let level1 = declaration.indicators.get(path.level1)?;
    let Some(level2_index) = path.level2 else {
        return Some(&level1.name);
    };
    let level2 = level1.children.get(level2_index)?;
    match path.level3 {
        None => Some(&level2.name),
        Some(level3) => level2.children.get(level3).map(|node| node.name.as_str()),
    }
}

/// The number of siblings of the node at `path` (itself included), or 0 when it does not exist.
pub fn sibling_count(declaration: &Declaration, path: IndicatorPath) -> usize {
    sibling_position(declaration, path).map_or(0, |(len, _)| len)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{TargetValue, parse_yuan};
    use crate::validate::{Rule, validate};

    fn sample() -> Declaration {
        let mut declaration = Declaration::new_current(2026);
        let output = &mut declaration.indicators[1];
        output.children.push(Level2Indicator::new("数量指标"));
        output.children.push(Level2Indicator::new("质量指标"));
        output.children[0].children.push(Level3Indicator::new(
            "阵地包干服务完成率",
            TargetValue::parse("=100.00(%)"),
        ));
        output.children[0].children.push(Level3Indicator::new(
            "课题完成数",
            TargetValue::parse("≥2(个)"),
        ));
        declaration
    }

    #[test]
    fn adds_moves_duplicates_and_deletes_at_every_level() {
        let mut declaration = sample();
        let added = apply(
            &mut declaration,
            &EditCommand::AddIndicator(IndicatorPath::level3(1, 0, 99)),
        );
        assert_eq!(added, Some(IndicatorPath::level3(1, 0, 2)));
        assert_eq!(declaration.indicators[1].children[0].children.len(), 3);

        let moved = apply(
            &mut declaration,
            &EditCommand::MoveIndicator {
                from: IndicatorPath::level3(1, 0, 2),
                to: IndicatorPath::level3(1, 0, 0),
            },
        );
        assert_eq!(moved, Some(IndicatorPath::level3(1, 0, 0)));
        assert_eq!(declaration.indicators[1].children[0].children[0].name, "");
        assert_eq!(
            declaration.indicators[1].children[0].children[1].name,
            "阵地包干服务完成率"
        );

        // Across parents: into 质量指标.
        apply(
            &mut declaration,
            &EditCommand::MoveIndicator {
                from: IndicatorPath::level3(1, 0, 2),
                to: IndicatorPath::level3(1, 1, 0),
            },
        );
        assert_eq!(
            declaration.indicators[1].children[1].children[0].name,
            "课题完成数"
        );

        apply(
            &mut declaration,
            &EditCommand::DuplicateIndicator(IndicatorPath::level2(1, 0)),
        );
        assert_eq!(declaration.indicators[1].children.len(), 3);
        assert_eq!(
            declaration.indicators[1].children[0],
            declaration.indicators[1].children[1]
        );

        apply(
            &mut declaration,
            &EditCommand::DeleteIndicator(IndicatorPath::level1(0)),
        );
        assert_eq!(declaration.indicators[0].name, "产出指标");
    }

    #[test]
    fn stale_paths_change_nothing() {
        let mut declaration = sample();
        let before = declaration.clone();
        for command in [
            EditCommand::DeleteIndicator(IndicatorPath::level3(1, 5, 0)),
            EditCommand::RenameIndicator(IndicatorPath::level3(9, 0, 0), "x".into()),
            EditCommand::MoveIndicator {
                from: IndicatorPath::level3(1, 0, 0),
                to: IndicatorPath::level3(1, 7, 0),
            },
            EditCommand::MoveIndicator {
                from: IndicatorPath::level2(1, 0),
                to: IndicatorPath::level3(1, 0, 0),
            },
            EditCommand::DuplicateIndicator(IndicatorPath::level1(4)),
        ] {
            apply(&mut declaration, &command);
            assert_eq!(declaration, before, "{command:?}");
        }
    }

    #[test]
    fn total_from_parts_sums_blank_as_zero() {
        let mut declaration = sample();
        apply(
            &mut declaration,
            &EditCommand::SetAmount(Field::AnnualAppropriation, parse_yuan("1,139,000.00").ok()),
        );
        apply(
            &mut declaration,
            &EditCommand::SetAmount(Field::AnnualOther, parse_yuan("0.5").ok()),
        );
        let sum = declaration.layout().sum_of(Field::AnnualTotal).unwrap();
        assert_eq!(sum.parts_sum(&declaration), parse_yuan("1139000.50").ok());
        apply(
            &mut declaration,
            &EditCommand::SetTotalFromParts(Field::AnnualTotal),
        );
        assert_eq!(
            declaration.amount(Field::AnnualTotal),
            parse_yuan("1139000.5").ok()
        );
        // No parts at all: nothing to set.
        apply(
            &mut declaration,
            &EditCommand::SetTotalFromParts(Field::ProjectTotal),
        );
        assert_eq!(declaration.amount(Field::ProjectTotal), None);
    }

    #[test]
    fn the_fix_and_the_sum_rule_count_blanks_alike() {
        let fires = |declaration: &Declaration, rule: Rule| {
            validate(declaration)
                .iter()
                .any(|finding| finding.rule == rule)
        };
        let mut declaration = sample();
        declaration.set_amount(Field::AnnualTotal, parse_yuan("100").ok());
        // Every part blank: they count as 0.00, the rule fires and the fix sets 0.00.
        assert!(fires(&declaration, Rule::AnnualTotalSum));
        apply(
            &mut declaration,
            &EditCommand::SetTotalFromParts(Field::AnnualTotal),
        );
        assert_eq!(declaration.amount(Field::AnnualTotal), parse_yuan("0").ok());
        assert!(!fires(&declaration, Rule::AnnualTotalSum));
        // A project total without any part: neither checked by the rule nor changed by the fix.
        declaration.set_amount(Field::ProjectTotal, parse_yuan("5").ok());
        assert!(!fires(&declaration, Rule::ProjectTotalSum));
        apply(
            &mut declaration,
            &EditCommand::SetTotalFromParts(Field::ProjectTotal),
        );
        assert_eq!(
            declaration.amount(Field::ProjectTotal),
            parse_yuan("5").ok()
        );
        // One part filled: both see 5.00 against 2.00, and the fix sets 2.00.
        declaration.set_amount(Field::ProjectOther, parse_yuan("2").ok());
        assert!(fires(&declaration, Rule::ProjectTotalSum));
        apply(
            &mut declaration,
            &EditCommand::SetTotalFromParts(Field::ProjectTotal),
        );
        assert_eq!(
            declaration.amount(Field::ProjectTotal),
            parse_yuan("2").ok()
        );
        assert!(!fires(&declaration, Rule::ProjectTotalSum));
    }

    #[test]
    fn the_one_blank_part_of_a_total_is_filled_with_the_difference() {
        // 党建服务工作经费 (forms-2026.txt): 年度资金申请总额 1,139,000.00 = 当年财政拨款
        // 1,139,000.00 + 上年结转资金 0.00 + 其他资金 0.00.
        let mut declaration = crate::ui::initial_declaration();
        let set = |declaration: &mut Declaration, field: Field, amount: Option<&str>| {
            let amount = amount.map(|text| parse_yuan(text).unwrap());
            assert!(declaration.set_amount(field, amount));
        };
        set(
            &mut declaration,
            Field::AnnualAppropriation,
            Some("1000000"),
        );
        set(&mut declaration, Field::AnnualCarryover, None);
        assert_eq!(
            blank_part_fill(&declaration, Field::AnnualTotal),
            Some((
                Part::Field(Field::AnnualCarryover),
                parse_yuan("139000").unwrap()
            ))
        );
        apply(
            &mut declaration,
            &EditCommand::FillBlankPart(Field::AnnualTotal),
        );
        assert_eq!(
            declaration.amount(Field::AnnualCarryover),
            parse_yuan("139000").ok()
        );

        // Silent: no blank part, two blank parts, a negative difference, a blank total.
        assert_eq!(blank_part_fill(&declaration, Field::AnnualTotal), None);
        set(&mut declaration, Field::AnnualCarryover, None);
        set(&mut declaration, Field::AnnualOther, None);
        assert_eq!(blank_part_fill(&declaration, Field::AnnualTotal), None);
        set(&mut declaration, Field::AnnualOther, Some("0"));
        set(
            &mut declaration,
            Field::AnnualAppropriation,
            Some("2000000"),
        );
        assert_eq!(blank_part_fill(&declaration, Field::AnnualTotal), None);
        set(
            &mut declaration,
            Field::AnnualAppropriation,
            Some("1000000"),
        );
        set(&mut declaration, Field::AnnualTotal, None);
        assert_eq!(blank_part_fill(&declaration, Field::AnnualTotal), None);
        let before = declaration.clone();
        apply(
            &mut declaration,
            &EditCommand::FillBlankPart(Field::AnnualTotal),
        );
        assert_eq!(declaration, before);
    }
}
