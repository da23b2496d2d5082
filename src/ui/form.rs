//! The form view: the declaration laid out like the paper form, section one then section two.
//!
//! Each layout has its own section-one renderer ([`current_section_one_ui`],
//! [`legacy_section_one_ui`]); section two (the goals and the indicator tree) is shared. Reads
//! the declaration, pushes commands; never changes the model itself.

use eframe::egui;
use egui::{Align, DragValue, Grid, Layout, RichText, Ui};

use crate::model::{
    Declaration, Field, FormFields, LegacyBudget, PROJECT_CATEGORIES, PROJECT_NATURES,
    ProjectTexts, Yuan, format_yuan,
};

use super::edit;
use super::tree;
use super::widgets::{ERROR_COLOR, FormCx, choice_menu};

/// Width of a money cell, in points.
const MONEY_WIDTH: f32 = 150.0;
/// Colour of a sum that matches.
const OK_COLOR: egui::Color32 = egui::Color32::from_rgb(0x2e, 0x8b, 0x57);

/// Draws the whole form: title, section one for the declaration's layout, goals, tree.
pub fn form_ui(ui: &mut Ui, cx: &mut FormCx<'_>, declaration: &Declaration) {
    let layout = declaration.layout();
    ui.vertical_centered(|ui| {
        ui.heading(RichText::new(layout.title()).strong());
        ui.label(layout.year_line(declaration.fiscal_year));
    });
    ui.add_space(6.0);
    section("一、项目基本信息与资金", ui, |ui| match &declaration.form {
        FormFields::Current(_) => current_section_one_ui(ui, cx, declaration),
        FormFields::Y2020(_) | FormFields::Y2018(_) => legacy_section_one_ui(ui, cx, declaration),
    });
    ui.add_space(8.0);
    section("二、项目绩效目标", ui, |ui| {
        goals_ui(ui, cx, declaration);
        ui.add_space(6.0);
        tree::tree_ui(ui, cx, declaration);
    });
}

fn section(title: &str, ui: &mut Ui, add_contents: impl FnOnce(&mut Ui)) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new(title).strong());
        ui.separator();
        add_contents(ui);
    });
}

/// A label cell followed by a text field labelled by it.
fn labelled_text(
    ui: &mut Ui,
    cx: &mut FormCx<'_>,
    declaration: &Declaration,
    field: Field,
    width: f32,
) {
    let label = ui.label(field.label());
    let current = edit::text(declaration, field).unwrap_or_default();
    cx.text_field(ui, field, current, false, width)
        .labelled_by(label.id);
}

/// A label cell followed by an editable combo box (free text plus `choices`).
fn labelled_choice(
    ui: &mut Ui,
    cx: &mut FormCx<'_>,
    declaration: &Declaration,
    field: Field,
    choices: &[&str],
) {
    let label = ui.label(field.label());
    let current = edit::text(declaration, field).unwrap_or_default();
    ui.horizontal(|ui| {
        cx.text_field(ui, field, current, false, 150.0)
            .labelled_by(label.id);
        if let Some(choice) = choice_menu(ui, &format!("选择{}", field.label()), choices) {
            cx.out
                .edits
                .push(super::command::EditCommand::SetField(field, choice));
        }
    });
}

fn fiscal_year_ui(ui: &mut Ui, cx: &mut FormCx<'_>, declaration: &Declaration) {
    let label = ui.label(Field::FiscalYear.label());
    let mut year = declaration.fiscal_year;
    let response = ui.add(DragValue::new(&mut year).range(1990..=2100).speed(0.05));
    if response.changed() && year != declaration.fiscal_year {
        cx.out
            .edits
            .push(super::command::EditCommand::SetFiscalYear(year));
    }
    cx.finish(ui, Field::FiscalYear.into(), response.labelled_by(label.id));
}

fn dates_ui(ui: &mut Ui, cx: &mut FormCx<'_>, declaration: &Declaration) {
    let label = ui.label(Field::PlannedStart.label());
    ui.vertical(|ui| cx.date_field(ui, Field::PlannedStart, declaration.planned_start));
    relabel(ui, Field::PlannedStart, label.id);
    let label = ui.label(Field::PlannedEnd.label());
    ui.vertical(|ui| cx.date_field(ui, Field::PlannedEnd, declaration.planned_end));
    relabel(ui, Field::PlannedEnd, label.id);
}

/// Names the widget of `field` by a visible label drawn before it.
fn relabel(ui: &Ui, field: Field, label: egui::Id) {
    let id = super::widgets::path_id(field.into());
    ui.ctx().accesskit_node_builder(id, |node| {
        node.clear_label();
        node.push_labelled_by(label.accesskit_id());
    });
}

/// Section one of the current layout: header fields and the seven amounts, with live sums.
pub fn current_section_one_ui(ui: &mut Ui, cx: &mut FormCx<'_>, declaration: &Declaration) {
    Grid::new("section_one_header")
        .num_columns(6)
        .spacing([8.0, 6.0])
        .show(ui, |ui| {
            labelled_text(ui, cx, declaration, Field::ProjectName, 260.0);
            labelled_choice(ui, cx, declaration, Field::ProjectNature, PROJECT_NATURES);
            labelled_choice(
                ui,
                cx,
                declaration,
                Field::ProjectCategory,
                PROJECT_CATEGORIES,
            );
            ui.end_row();
            labelled_text(ui, cx, declaration, Field::CompetentDepartment, 260.0);
            labelled_text(ui, cx, declaration, Field::ImplementingUnit, 180.0);
            fiscal_year_ui(ui, cx, declaration);
            ui.end_row();
            dates_ui(ui, cx, declaration);
            ui.end_row();
        });
    ui.add_space(6.0);
    ui.label(RichText::new("项目资金（元）").strong());
    Grid::new("section_one_money")
        .num_columns(4)
        .spacing([8.0, 4.0])
        .show(ui, |ui| {
            let rows: [(Option<Field>, Field); 4] = [
                (Some(Field::ProjectTotal), Field::AnnualTotal),
                (Some(Field::ProjectFiscal), Field::AnnualAppropriation),
                (None, Field::AnnualCarryover),
                (Some(Field::ProjectOther), Field::AnnualOther),
            ];
            for (project, annual) in rows {
                match project {
                    Some(field) => money_cell(ui, cx, declaration, field, "（项目）"),
                    None => {
                        ui.label("");
                        ui.label("");
                    }
                }
                money_cell(ui, cx, declaration, annual, "（年度）");
                ui.end_row();
            }
        });
    ui.add_space(4.0);
    sum_ui(
        ui,
        cx,
        declaration,
        Field::AnnualTotal,
        "当年财政拨款 + 上年结转资金 + 其他资金",
    );
    sum_ui(
        ui,
        cx,
        declaration,
        Field::ProjectTotal,
        "财政资金 + 其他资金",
    );
    cost_control_ui(ui, declaration);
}

fn money_cell(
    ui: &mut Ui,
    cx: &mut FormCx<'_>,
    declaration: &Declaration,
    field: Field,
    scope: &str,
) {
    let label = ui.label(field.label());
    let response = cx.money_field(ui, field, edit::amount(declaration, field), MONEY_WIDTH);
    // Two cells read 其他资金: name them apart for screen readers and tests.
    if matches!(field, Field::ProjectOther | Field::AnnualOther) {
        let _ = response.accessible_name(format!("{}{scope}", field.label()));
    } else {
        let _ = response.labelled_by(label.id);
    }
}

/// The live check of a total against its parts, with the one-click fix.
fn sum_ui(ui: &mut Ui, cx: &mut FormCx<'_>, declaration: &Declaration, total: Field, parts: &str) {
    let Some(sum) = edit::sum_of_parts(declaration, total) else {
        return;
    };
    let current = edit::amount(declaration, total);
    ui.horizontal_wrapped(|ui| {
        let status = match current {
            Some(value) if value == sum => {
                ui.colored_label(
                    OK_COLOR,
                    format!("{parts} = {}，与{}一致", format_yuan(sum), total.label()),
                );
                return;
            }
            Some(value) => format!(
                "{parts} = {}，与{} {} 不符（差 {}）",
                format_yuan(sum),
                total.label(),
                format_yuan(value),
                format_yuan(value - sum)
            ),
            None => format!("{parts} = {}，{}未填", format_yuan(sum), total.label()),
        };
        ui.colored_label(ERROR_COLOR, status);
        if ui
            .button(format!("将{}设为 {}", total.label(), format_yuan(sum)))
            .clicked()
        {
            cx.out
                .edits
                .push(super::command::EditCommand::SetTotalFromParts(total));
        }
    });
}

/// The sum of cost control amounts (控制数: quantitative targets in 元 under 成本指标), in 元.
pub fn cost_control_total(declaration: &Declaration) -> Option<Yuan> {
    let amounts: Vec<Yuan> = declaration
        .indicators
        .iter()
        .filter(|level1| level1.name == "成本指标")
        .flat_map(|level1| &level1.children)
        .flat_map(|level2| &level2.children)
        .filter_map(|level3| match &level3.target {
            Some(crate::model::TargetValue::Quantitative { number, unit, .. }) if unit == "元" => {
                Some(number.0)
            }
            _ => None,
        })
        .collect();
    if amounts.is_empty() {
        return None;
    }
    amounts.into_iter().try_fold(Yuan::ZERO, Yuan::checked_add)
}

fn cost_control_ui(ui: &mut Ui, declaration: &Declaration) {
    let Some(total) = cost_control_total(declaration) else {
        return;
    };
    let annual = edit::amount(declaration, Field::AnnualTotal);
    match annual {
        Some(annual) if total > annual => ui.colored_label(
            ERROR_COLOR,
            format!(
                "成本指标控制数合计 {} 元，超过年度资金申请总额 {} 元",
                format_yuan(total),
                format_yuan(annual)
            ),
        ),
        Some(annual) => ui.colored_label(
            OK_COLOR,
            format!(
                "成本指标控制数合计 {} 元，未超过年度资金申请总额 {} 元",
                format_yuan(total),
                format_yuan(annual)
            ),
        ),
        None => ui.label(format!("成本指标控制数合计 {} 元", format_yuan(total))),
    };
}

/// Section one of the 2020 and 2018 layouts: shared fields editable, the layout's own long
/// texts and budget shown read-only.
pub fn legacy_section_one_ui(ui: &mut Ui, cx: &mut FormCx<'_>, declaration: &Declaration) {
    ui.label(
        RichText::new(format!(
            "{}：本版式的专有栏目暂为只读。",
            declaration.layout().label()
        ))
        .italics(),
    );
    Grid::new("legacy_header")
        .num_columns(4)
        .spacing([8.0, 6.0])
        .show(ui, |ui| {
            labelled_text(ui, cx, declaration, Field::DeclaringUnit, 260.0);
            labelled_text(ui, cx, declaration, Field::ProjectName, 260.0);
            ui.end_row();
            match &declaration.form {
                FormFields::Y2020(fields) => {
                    labelled_text(ui, cx, declaration, Field::ProjectCategory, 200.0);
                    labelled_text(ui, cx, declaration, Field::PerformanceType, 200.0);
                    ui.end_row();
                    ui.label(Field::IncludesGovernmentProcurement.label());
                    ui.label(match fields.includes_government_procurement {
                        Some(true) => "是",
                        Some(false) => "否",
                        None => "",
                    });
                    ui.end_row();
                }
                FormFields::Y2018(_) => {
                    labelled_text(ui, cx, declaration, Field::ProjectType, 200.0);
                    labelled_text(ui, cx, declaration, Field::FundUse, 200.0);
                    ui.end_row();
                }
                FormFields::Current(_) => {}
            }
            dates_ui(ui, cx, declaration);
            ui.end_row();
            fiscal_year_ui(ui, cx, declaration);
            ui.end_row();
        });
    let (texts, budget) = match &declaration.form {
        FormFields::Y2020(fields) => (&fields.texts, &fields.budget),
        FormFields::Y2018(fields) => (&fields.texts, &fields.budget),
        FormFields::Current(_) => return,
    };
    legacy_read_only_ui(ui, texts, budget);
    if let FormFields::Y2018(fields) = &declaration.form {
        ui.label(RichText::new(Field::SubBudgets.label()).strong());
        Grid::new("sub_budgets").num_columns(2).show(ui, |ui| {
            for line in &fields.sub_budgets {
                ui.label(&line.name);
                ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                    ui.label(line.amount.map(format_yuan).unwrap_or_default());
                });
                ui.end_row();
            }
        });
        labelled_text(ui, cx, declaration, Field::Remarks, 400.0);
    }
}

fn legacy_read_only_ui(ui: &mut Ui, texts: &ProjectTexts, budget: &LegacyBudget) {
    Grid::new("legacy_texts")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for (field, text) in [
                (Field::ProjectOverview, &texts.project_overview),
                (Field::LegalBasis, &texts.legal_basis),
                (Field::Necessity, &texts.necessity),
                (Field::Safeguards, &texts.safeguards),
                (Field::ImplementationPlan, &texts.implementation_plan),
            ] {
                ui.label(field.label());
                ui.add(egui::Label::new(text.as_str()).wrap());
                ui.end_row();
            }
            for (field, amount) in [
                (Field::ProjectBudget, budget.project_budget),
                (Field::AnnualBudget, budget.annual_budget),
                (Field::PriorYearBudget, budget.prior_year_budget),
                (Field::PriorYearSpent, budget.prior_year_spent),
            ] {
                ui.label(field.label());
                ui.label(amount.map(format_yuan).unwrap_or_default());
                ui.end_row();
            }
        });
}

fn goals_ui(ui: &mut Ui, cx: &mut FormCx<'_>, declaration: &Declaration) {
    ui.columns(2, |columns| {
        for (column, field, text) in [
            (0, Field::OverallGoal, &declaration.overall_goal),
            (1, Field::AnnualGoal, &declaration.annual_goal),
        ] {
            if let Some(ui) = columns.get_mut(column) {
                let label = ui.label(RichText::new(field.label()).strong());
                let width = ui.available_width();
                cx.text_field(ui, field, text, true, width)
                    .labelled_by(label.id);
            }
        }
    });
}
