//! The form view: the declaration laid out like the paper form, section one then section two.
//!
//! Each layout has its own section-one renderer ([`current_section_one_ui`],
//! [`legacy_section_one_ui`]); section two (the goals and the indicator tree) is shared. Reads
//! the declaration, pushes commands; never changes the model itself.

use eframe::egui;
use egui::{DragValue, Grid, RichText, Ui};

use crate::model::{
    Declaration, FUND_USES_2018, Field, FormFields, PROJECT_CATEGORIES, PROJECT_NATURES,
    PROJECT_TYPES_2018, Yuan, format_yuan,
};
use crate::validate::MAX_TEXT_CHARS_2018;

use super::command::EditCommand;

use super::edit;
use super::theme;
use super::tree;
use super::widgets::{FormCx, choice_menu};

/// Width of a money cell, in points.
const MONEY_WIDTH: f32 = 150.0;

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
            cx.out.edits.push(EditCommand::SetField(field, choice));
        }
    });
}

fn fiscal_year_ui(ui: &mut Ui, cx: &mut FormCx<'_>, declaration: &Declaration) {
    let label = ui.label(Field::FiscalYear.label());
    let mut year = declaration.fiscal_year;
    let response = ui.add(DragValue::new(&mut year).range(1990..=2100).speed(0.05));
    if response.changed() && year != declaration.fiscal_year {
        cx.out.edits.push(EditCommand::SetFiscalYear(year));
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
                    theme::ok_color(ui.visuals()),
                    format!("{parts} = {}，与{}一致", format_yuan(sum), total.label()),
                );
                return;
            }
            Some(value) => format!(
                "{parts} = {}，与{} {} 不符（总额{} {}）",
                format_yuan(sum),
                total.label(),
                format_yuan(value),
                if value < sum { "少" } else { "多" },
                format_yuan((value - sum).abs())
            ),
            None => format!("{parts} = {}，{}未填", format_yuan(sum), total.label()),
        };
        ui.colored_label(theme::error_color(ui.visuals()), status);
        if ui
            .button(format!("将{}设为 {}", total.label(), format_yuan(sum)))
            .clicked()
        {
            cx.out.edits.push(EditCommand::SetTotalFromParts(total));
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
            theme::error_color(ui.visuals()),
            format!(
                "成本指标控制数合计 {} 元，超过年度资金申请总额 {} 元",
                format_yuan(total),
                format_yuan(annual)
            ),
        ),
        Some(annual) => ui.colored_label(
            theme::ok_color(ui.visuals()),
            format!(
                "成本指标控制数合计 {} 元，未超过年度资金申请总额 {} 元",
                format_yuan(total),
                format_yuan(annual)
            ),
        ),
        None => ui.label(format!("成本指标控制数合计 {} 元", format_yuan(total))),
    };
}

/// Section one of the 2020 and 2018 layouts (docs/form.md §6): the header, 是否含有政府购买服务
/// (2020) or the 项目类型 / 资金用途 check boxes as radio buttons (2018), the long texts, the
/// budget block and, on 2018, the sub-budget lines with their live sum and one-click total.
pub fn legacy_section_one_ui(ui: &mut Ui, cx: &mut FormCx<'_>, declaration: &Declaration) {
    ui.label(RichText::new(declaration.layout().label()).italics());
    Grid::new("legacy_header")
        .num_columns(4)
        .spacing([8.0, 6.0])
        .show(ui, |ui| {
            labelled_text(ui, cx, declaration, Field::DeclaringUnit, 260.0);
            labelled_text(ui, cx, declaration, Field::ProjectName, 260.0);
            ui.end_row();
            if let FormFields::Y2020(fields) = &declaration.form {
                labelled_choice(ui, cx, declaration, Field::ProjectCategory, PROJECT_NATURES);
                labelled_text(ui, cx, declaration, Field::PerformanceType, 200.0);
                ui.end_row();
                ui.label(Field::IncludesGovernmentProcurement.label());
                ui.horizontal(|ui| {
                    for (value, label) in [(Some(true), "是"), (Some(false), "否"), (None, "未填")]
                    {
                        if ui
                            .radio(fields.includes_government_procurement == value, label)
                            .clicked()
                            && fields.includes_government_procurement != value
                        {
                            cx.out
                                .edits
                                .push(EditCommand::SetGovernmentProcurement(value));
                        }
                    }
                });
                ui.end_row();
            }
            dates_ui(ui, cx, declaration);
            ui.end_row();
            fiscal_year_ui(ui, cx, declaration);
            ui.end_row();
        });
    if let FormFields::Y2018(fields) = &declaration.form {
        radio_row(
            ui,
            cx,
            Field::ProjectType,
            &fields.project_type,
            PROJECT_TYPES_2018,
        );
        radio_row(ui, cx, Field::FundUse, &fields.fund_use, FUND_USES_2018);
    }
    ui.add_space(6.0);
    let limit = matches!(declaration.form, FormFields::Y2018(_)).then_some(MAX_TEXT_CHARS_2018);
    for field in [
        Field::ProjectOverview,
        Field::LegalBasis,
        Field::Necessity,
        Field::Safeguards,
        Field::ImplementationPlan,
    ] {
        long_text_ui(ui, cx, declaration, field, limit);
    }
    ui.add_space(6.0);
    Grid::new("legacy_budget")
        .num_columns(4)
        .spacing([8.0, 4.0])
        .show(ui, |ui| {
            for (index, field) in [
                Field::ProjectBudget,
                Field::AnnualBudget,
                Field::PriorYearBudget,
                Field::PriorYearSpent,
            ]
            .into_iter()
            .enumerate()
            {
                money_cell(ui, cx, declaration, field, "");
                if index % 2 == 1 {
                    ui.end_row();
                }
            }
        });
    if let FormFields::Y2018(fields) = &declaration.form {
        sub_budgets_ui(ui, cx, declaration, &fields.sub_budgets);
        long_text_ui(ui, cx, declaration, Field::Remarks, None);
    }
}

/// A single choice among the 2018 form's check boxes, as radio buttons. A value outside the
/// list (typed by hand or imported) is shown as an extra, selected choice.
fn radio_row(ui: &mut Ui, cx: &mut FormCx<'_>, field: Field, current: &str, choices: &[&str]) {
    ui.horizontal_wrapped(|ui| {
        ui.label(field.label());
        for (index, choice) in choices.iter().enumerate() {
            let response = ui.radio(current == *choice, *choice);
            if response.clicked() && current != *choice {
                cx.out
                    .edits
                    .push(EditCommand::SetField(field, (*choice).to_owned()));
            }
            // Findings about the choice point at its first button.
            if index == 0 {
                let _ = cx.finish(ui, field.into(), response);
            }
        }
        if !current.is_empty() && !choices.contains(&current) {
            let _ = ui.radio(true, current);
        }
    });
}

/// A long text of the older layouts, with its length against the 2018 system's limit.
fn long_text_ui(
    ui: &mut Ui,
    cx: &mut FormCx<'_>,
    declaration: &Declaration,
    field: Field,
    limit_chars: Option<usize>,
) {
    let text = edit::text(declaration, field).unwrap_or_default();
    let label = ui
        .horizontal(|ui| {
            let label = ui.label(RichText::new(field.label()).strong());
            if let Some(limit) = limit_chars {
                let count = text.chars().count();
                let note = format!("{count}/{limit} 字");
                if count > limit {
                    ui.colored_label(theme::error_color(ui.visuals()), note);
                } else {
                    ui.weak(note);
                }
            }
            label.id
        })
        .inner;
    let width = ui.available_width();
    cx.text_field(ui, field, text, true, width)
        .labelled_by(label);
}

/// 项目当年投入资金构成 (2018): editable lines, their live sum against 项目当年预算 and the
/// one-click total.
fn sub_budgets_ui(
    ui: &mut Ui,
    cx: &mut FormCx<'_>,
    declaration: &Declaration,
    lines: &[crate::model::SubBudget],
) {
    ui.add_space(6.0);
    ui.label(RichText::new(Field::SubBudgets.label()).strong());
    for (index, line) in lines.iter().enumerate() {
        ui.horizontal(|ui| {
            let mut name = line.name.clone();
            let response = ui
                .add(
                    egui::TextEdit::singleline(&mut name)
                        .id(egui::Id::unique(("jixiao.sub_budget_name", index)))
                        .desired_width(300.0)
                        .hint_text("子项目名称"),
                )
                .accessible_name(format!("子项目{}名称", index + 1));
            if response.changed() {
                cx.out.edits.push(EditCommand::SetSubBudget(
                    index,
                    crate::model::SubBudget {
                        name,
                        amount: line.amount,
                    },
                ));
            }
            let (response, change) = cx.money_input(
                ui,
                crate::model::Path::SubBudget(index),
                line.amount,
                MONEY_WIDTH,
            );
            let _ = response.accessible_name(format!("子项目{}预算金额", index + 1));
            if let Some(amount) = change {
                cx.out.edits.push(EditCommand::SetSubBudget(
                    index,
                    crate::model::SubBudget {
                        name: line.name.clone(),
                        amount,
                    },
                ));
            }
            if ui.button("删除").on_hover_text("删除这一行").clicked() {
                cx.out.edits.push(EditCommand::DeleteSubBudget(index));
            }
        });
    }
    if ui.button("添加子项目").clicked() {
        cx.out.edits.push(EditCommand::AddSubBudget);
    }
    sum_ui(
        ui,
        cx,
        declaration,
        Field::AnnualBudget,
        "各子项目预算金额合计",
    );
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Level2Indicator, Level3Indicator, TargetValue, parse_yuan};

    #[test]
    fn cost_control_total_sums_yuan_targets_under_cost_indicators_only() {
        let mut declaration = Declaration::new_current(2026);
        assert_eq!(cost_control_total(&declaration), None);
        let mut cost = Level2Indicator::new("经济成本指标");
        cost.children = vec![
            Level3Indicator::new("培训成本", TargetValue::parse("≤8000(元)")),
            Level3Indicator::new("运维成本", TargetValue::parse("≤1,000.50(元)")),
            Level3Indicator::new("成本控制率", TargetValue::parse("=100.00(%)")),
        ];
        declaration.indicators[0].children.push(cost);
        // 元 under 产出指标 is not a cost control amount.
        let mut output = Level2Indicator::new("数量指标");
        output.children = vec![Level3Indicator::new("补贴", TargetValue::parse("=500(元)"))];
        declaration.indicators[1].children.push(output);
        assert_eq!(cost_control_total(&declaration), parse_yuan("9000.50").ok());
    }
}
