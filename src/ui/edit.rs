//! Applying an [`EditCommand`] to a declaration: the only place the window changes the model.
//!
//! Pure functions over `&mut Declaration`; no egui, no files. A command whose path does not
//! exist, or whose field does not belong to the declaration's layout, changes nothing.

use crate::model::{
    Declaration, Field, Fields2018, Fields2020, FormFields, IndicatorPath, Level1Indicator,
    Level2Indicator, Level3Indicator, ProjectTexts, SubBudget, SumParts, Yuan,
};

use super::command::{EditCommand, TreeAction};

/// Applies `command` to `declaration`. Returns the node to select afterwards (the new, moved or
/// copied node), if any, or `None` when nothing structural happened.
pub fn apply(declaration: &mut Declaration, command: &EditCommand) -> Option<IndicatorPath> {
    match command {
        EditCommand::SetField(field, text) => {
            if let Some(slot) = text_slot(declaration, *field) {
                slot.clone_from(text);
            }
            None
        }
        EditCommand::SetFiscalYear(year) => {
            declaration.fiscal_year = *year;
            None
        }
        EditCommand::SetDate(field, date) => {
            match field {
                Field::PlannedStart => declaration.planned_start = *date,
                Field::PlannedEnd => declaration.planned_end = *date,
                _ => {}
            }
            None
        }
        EditCommand::SetAmount(field, amount) => {
            if let Some(slot) = amount_slot(declaration, *field) {
                *slot = *amount;
            }
            None
        }
        EditCommand::SetTotalFromParts(field) => {
            if let Some(sum) = sum_of_parts(declaration, *field)
                && let Some(slot) = amount_slot(declaration, *field)
            {
                *slot = Some(sum);
            }
            None
        }
        EditCommand::FillBlankPart(total) => {
            if let Some((part, amount)) = blank_part_fill(declaration, *total) {
                match part {
                    Part::Field(field) => {
                        if let Some(slot) = amount_slot(declaration, field) {
                            *slot = Some(amount);
                        }
                    }
                    Part::SubBudget(index) => {
                        if let FormFields::Y2018(fields) = &mut declaration.form
                            && let Some(line) = fields.sub_budgets.get_mut(index)
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
            if let FormFields::Y2020(fields) = &mut declaration.form {
                fields.includes_government_procurement = *value;
            }
            None
        }
        EditCommand::AddSubBudget => {
            if let FormFields::Y2018(fields) = &mut declaration.form {
                fields.sub_budgets.push(SubBudget::default());
            }
            None
        }
        EditCommand::SetSubBudget(index, line) => {
            if let FormFields::Y2018(fields) = &mut declaration.form
                && let Some(slot) = fields.sub_budgets.get_mut(*index)
            {
                slot.clone_from(line);
            }
            None
        }
        EditCommand::DeleteSubBudget(index) => {
            if let FormFields::Y2018(fields) = &mut declaration.form
                && *index < fields.sub_budgets.len()
            {
                fields.sub_budgets.remove(*index);
            }
            None
        }
    }
}

/// The parts a total is made of, for [`EditCommand::SetTotalFromParts`] and the live sums:
/// 年度资金申请总额 ← 当年财政拨款, 上年结转资金, 其他资金; 项目资金总额 ← 财政资金, 其他资金
/// (docs/form.md §5, observed in every sample form).
pub fn parts_of(total: Field) -> &'static [Field] {
    match total {
        Field::AnnualTotal => &[
            Field::AnnualAppropriation,
            Field::AnnualCarryover,
            Field::AnnualOther,
        ],
        Field::ProjectTotal => &[Field::ProjectFiscal, Field::ProjectOther],
        _ => &[],
    }
}

/// The sum of a total's parts in 元 (blank parts count as zero): the parts of [`parts_of`], or
/// for the 2018 layout's [`Field::AnnualBudget`] the sub-budget lines. `None` when every part is
/// blank or the field is not a total.
pub fn sum_of_parts(declaration: &Declaration, total: Field) -> Option<Yuan> {
    let values: Vec<Yuan> = match (&declaration.form, total) {
        // 2018: 项目当年预算 = the sum of 项目当年投入资金构成 (docs/form.md §5, sample form `forms-2018.txt`).
        (FormFields::Y2018(fields), Field::AnnualBudget) => fields
            .sub_budgets
            .iter()
            .filter_map(|line| line.amount)
            .collect(),
        _ => parts_of(total)
            .iter()
            .filter_map(|part| amount(declaration, *part))
            .collect(),
    };
    if values.is_empty() {
        return None;
    }
    values.into_iter().try_fold(Yuan::ZERO, Yuan::checked_add)
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

/// One amount in 元: the current layout's 项目资金（元）, or the older layouts' 项目总预算 …
/// 同名项目上年预算执行数; `None` when blank or not on this layout.
pub fn amount(declaration: &Declaration, field: Field) -> Option<Yuan> {
    match &declaration.form {
        FormFields::Current(fields) => {
            let funding = &fields.funding;
            match field {
                Field::ProjectTotal => funding.project_total,
                Field::ProjectFiscal => funding.project_fiscal,
                Field::ProjectOther => funding.project_other,
                Field::AnnualTotal => funding.annual_total,
                Field::AnnualAppropriation => funding.annual_appropriation,
                Field::AnnualCarryover => funding.annual_carryover,
                Field::AnnualOther => funding.annual_other,
                _ => None,
            }
        }
        FormFields::Y2020(Fields2020 { budget, .. })
        | FormFields::Y2018(Fields2018 { budget, .. }) => match field {
            Field::ProjectBudget => budget.project_budget,
            Field::AnnualBudget => budget.annual_budget,
            Field::PriorYearBudget => budget.prior_year_budget,
            Field::PriorYearSpent => budget.prior_year_spent,
            _ => None,
        },
    }
}

/// The text of a text field, as the editor shows it; `None` for a field the layout lacks.
pub fn text(declaration: &Declaration, field: Field) -> Option<&str> {
    let common = match field {
        Field::ProjectName => Some(&declaration.project_name),
        Field::OverallGoal => Some(&declaration.overall_goal),
        Field::AnnualGoal => Some(&declaration.annual_goal),
        _ => None,
    };
    if let Some(text) = common {
        return Some(text);
    }
    match &declaration.form {
        FormFields::Current(fields) => match field {
            Field::ProjectNature => Some(&fields.project_nature),
            Field::ProjectCategory => Some(&fields.project_category),
            Field::CompetentDepartment => Some(&fields.competent_department),
            Field::ImplementingUnit => Some(&fields.implementing_unit),
            _ => None,
        },
        FormFields::Y2020(fields) => match field {
            Field::DeclaringUnit => Some(&fields.declaring_unit),
            Field::ProjectCategory => Some(&fields.project_category),
            Field::PerformanceType => Some(&fields.performance_type),
            _ => legacy_text(&fields.texts, field),
        },
        FormFields::Y2018(fields) => match field {
            Field::DeclaringUnit => Some(&fields.declaring_unit),
            Field::ProjectType => Some(&fields.project_type),
            Field::FundUse => Some(&fields.fund_use),
            Field::Remarks => Some(&fields.remarks),
            _ => legacy_text(&fields.texts, field),
        },
    }
    .map(String::as_str)
}

fn text_slot(declaration: &mut Declaration, field: Field) -> Option<&mut String> {
    match field {
        Field::ProjectName => return Some(&mut declaration.project_name),
        Field::OverallGoal => return Some(&mut declaration.overall_goal),
        Field::AnnualGoal => return Some(&mut declaration.annual_goal),
        _ => {}
    }
    match &mut declaration.form {
        FormFields::Current(fields) => match field {
            Field::ProjectNature => Some(&mut fields.project_nature),
            Field::ProjectCategory => Some(&mut fields.project_category),
            Field::CompetentDepartment => Some(&mut fields.competent_department),
            Field::ImplementingUnit => Some(&mut fields.implementing_unit),
            _ => None,
        },
        FormFields::Y2020(fields) => match field {
            Field::DeclaringUnit => Some(&mut fields.declaring_unit),
            Field::ProjectCategory => Some(&mut fields.project_category),
            Field::PerformanceType => Some(&mut fields.performance_type),
            _ => legacy_text_mut(&mut fields.texts, field),
        },
        FormFields::Y2018(fields) => match field {
            Field::DeclaringUnit => Some(&mut fields.declaring_unit),
            Field::ProjectType => Some(&mut fields.project_type),
            Field::FundUse => Some(&mut fields.fund_use),
            Field::Remarks => Some(&mut fields.remarks),
            _ => legacy_text_mut(&mut fields.texts, field),
        },
    }
}

fn legacy_text(texts: &ProjectTexts, field: Field) -> Option<&String> {
    match field {
        Field::ProjectOverview => Some(&texts.project_overview),
        Field::LegalBasis => Some(&texts.legal_basis),
        Field::Necessity => Some(&texts.necessity),
        Field::Safeguards => Some(&texts.safeguards),
        Field::ImplementationPlan => Some(&texts.implementation_plan),
        _ => None,
    }
}

fn legacy_text_mut(texts: &mut ProjectTexts, field: Field) -> Option<&mut String> {
    match field {
        Field::ProjectOverview => Some(&mut texts.project_overview),
        Field::LegalBasis => Some(&mut texts.legal_basis),
        Field::Necessity => Some(&mut texts.necessity),
        Field::Safeguards => Some(&mut texts.safeguards),
        Field::ImplementationPlan => Some(&mut texts.implementation_plan),
        _ => None,
    }
}

fn amount_slot(declaration: &mut Declaration, field: Field) -> Option<&mut Option<Yuan>> {
    match &mut declaration.form {
        FormFields::Current(fields) => {
            let funding = &mut fields.funding;
            match field {
                Field::ProjectTotal => Some(&mut funding.project_total),
                Field::ProjectFiscal => Some(&mut funding.project_fiscal),
                Field::ProjectOther => Some(&mut funding.project_other),
                Field::AnnualTotal => Some(&mut funding.annual_total),
                Field::AnnualAppropriation => Some(&mut funding.annual_appropriation),
                Field::AnnualCarryover => Some(&mut funding.annual_carryover),
                Field::AnnualOther => Some(&mut funding.annual_other),
                _ => None,
            }
        }
        FormFields::Y2020(Fields2020 { budget, .. })
        | FormFields::Y2018(Fields2018 { budget, .. }) => match field {
            Field::ProjectBudget => Some(&mut budget.project_budget),
            Field::AnnualBudget => Some(&mut budget.annual_budget),
            Field::PriorYearBudget => Some(&mut budget.prior_year_budget),
            Field::PriorYearSpent => Some(&mut budget.prior_year_spent),
            _ => None,
        },
    }
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
        assert_eq!(
            sum_of_parts(&declaration, Field::AnnualTotal),
            parse_yuan("1139000.50").ok()
        );
        apply(
            &mut declaration,
            &EditCommand::SetTotalFromParts(Field::AnnualTotal),
        );
        assert_eq!(
            amount(&declaration, Field::AnnualTotal),
            parse_yuan("1139000.5").ok()
        );
        // No parts at all: nothing to set.
        apply(
            &mut declaration,
            &EditCommand::SetTotalFromParts(Field::ProjectTotal),
        );
        assert_eq!(amount(&declaration, Field::ProjectTotal), None);
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
