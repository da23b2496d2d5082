//! The form view: the declaration laid out like the paper form, section one then section two.
//!
//! Section one is a grid of label + field cells that reflows into as many columns as the window
//! has room for (three on a wide window, one on a narrow one), so no field ever lies beyond the
//! window's right edge. Each layout lists its own cells ([`current_section_one_ui`],
//! [`legacy_section_one_ui`]) and speaks its own words ([`Terms`]); section two (the goals and the
//! indicator table) is shared. Reads the declaration, pushes commands; never changes the model.

use eframe::egui;
use egui::{Align, Layout, RichText, Ui, vec2};

use crate::model::{
    Declaration, FUND_USES_2018, Field, FormFields, PROJECT_CATEGORIES, PROJECT_NATURES,
    PROJECT_TYPES_2018, Path, Yuan, format_yuan,
};
use crate::validate::MAX_TEXT_CHARS_2018;

use super::command::EditCommand;
use super::edit;
use super::terms::Terms;
use super::theme;
use super::tree;
use super::widgets::{FormCx, Input, Lines, choice_menu};

/// The narrowest a label + field cell of section one gets before the grid drops a column, in
/// points.
const MIN_CELL_WIDTH: f32 = 290.0;
/// The most columns section one uses.
const MAX_COLUMNS: usize = 3;
/// Room between cells, in points.
const CELL_GAP: f32 = 16.0;
/// The widest a money or date field grows, in points (wider reads worse).
const MAX_SHORT_FIELD_WIDTH: f32 = 180.0;
/// The width of a ▼ menu button beside a field, in points.
const MENU_BUTTON_WIDTH: f32 = 22.0;

/// Draws the whole form: title, section one for the declaration's layout, goals, tree.
pub fn form_ui(ui: &mut Ui, cx: &mut FormCx<'_>, declaration: &Declaration) {
    let layout = declaration.layout();
    let terms = Terms::of(layout);
    ui.vertical_centered(|ui| {
        ui.heading(RichText::new(layout.title()).strong());
        ui.label(layout.year_line(declaration.fiscal_year));
    });
    ui.add_space(4.0);
    let [first, second] = terms.sections(declaration.fiscal_year);
    theme::section_heading_ui(ui, &first);
    match &declaration.form {
        FormFields::Current(_) => current_section_one_ui(ui, cx, declaration),
        FormFields::Y2020(_) | FormFields::Y2018(_) => legacy_section_one_ui(ui, cx, declaration),
    }
    ui.add_space(10.0);
    theme::section_heading_ui(ui, &second);
    goals_ui(ui, cx, declaration, terms);
    ui.add_space(6.0);
    theme::subheading_ui(ui, terms.tree_heading());
    tree::tree_ui(ui, cx, declaration);
}

/// One cell of section one: a label and the widget that edits its field.
#[derive(Clone, Copy, Debug)]
enum Cell {
    /// A text field (wraps when long).
    Text(Field),
    /// A text field with a ▼ menu of usual values (free text stays allowed).
    Choice(Field, &'static [&'static str]),
    /// 年度, typed.
    Year,
    /// A date.
    Date(Field),
    /// An amount in 元; the text names the two 其他资金 cells apart (for screen readers).
    Money(Field, &'static str),
    /// 是否含有政府购买服务 (2020): 是 / 否 / 未填.
    Procurement,
    /// An empty place that keeps the money rows aligned.
    Blank,
}

impl Cell {
    fn label(self, terms: Terms) -> &'static str {
        match self {
            Self::Text(field)
            | Self::Choice(field, _)
            | Self::Date(field)
            | Self::Money(field, _) => terms.label(field),
            Self::Year => Field::FiscalYear.label(),
            Self::Procurement => Field::IncludesGovernmentProcurement.label(),
            Self::Blank => "",
        }
    }
}

/// How many columns of cells fit `width` points.
fn columns_for(width: f32) -> usize {
    let fit = ((width + CELL_GAP) / (MIN_CELL_WIDTH + CELL_GAP)).floor();
    // `fit` is a small non-negative whole number here.
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "see above"
    )]
    let fit = fit.max(1.0) as usize;
    fit.clamp(1, MAX_COLUMNS)
}

/// Lays out `cells` in rows of `columns`, each cell a right-aligned label then its field.
fn cells_ui(
    ui: &mut Ui,
    cx: &mut FormCx<'_>,
    declaration: &Declaration,
    cells: &[Cell],
    columns: usize,
) {
    let terms = Terms::of(declaration.layout());
    let width = ui.available_width();
    #[expect(clippy::cast_precision_loss, reason = "at most three columns")]
    let cell_width = ((width - CELL_GAP * (columns as f32 - 1.0)) / columns as f32).floor();
    let font = egui::TextStyle::Body.resolve(ui.style());
    let label_width = cells
        .iter()
        .map(|cell| {
            ui.fonts_mut(|fonts| {
                fonts
                    .layout_no_wrap(
                        cell.label(terms).to_owned(),
                        font.clone(),
                        egui::Color32::WHITE,
                    )
                    .size()
                    .x
            })
        })
        .fold(0.0_f32, f32::max)
        .min(cell_width * 0.45)
        .ceil();
    let spacing = ui.spacing().item_spacing.x;
    let field_width = (cell_width - label_width - spacing).max(40.0);
    for row in cells.chunks(columns) {
        ui.horizontal_top(|ui| {
            ui.spacing_mut().item_spacing.x = CELL_GAP;
            for cell in row {
                ui.allocate_ui_with_layout(
                    vec2(cell_width, 0.0),
                    Layout::left_to_right(Align::Min),
                    |ui| {
                        ui.spacing_mut().item_spacing.x = spacing;
                        ui.set_width(cell_width);
                        let label = ui
                            .allocate_ui_with_layout(
                                vec2(label_width, ui.spacing().interact_size.y),
                                Layout::right_to_left(Align::Center),
                                |ui| {
                                    ui.set_width(label_width);
                                    ui.label(cell.label(terms))
                                },
                            )
                            .inner;
                        cell_ui(ui, cx, declaration, *cell, field_width, label.id);
                    },
                );
            }
        });
        ui.add_space(2.0);
    }
}

/// The widget of one cell, labelled by `label`.
fn cell_ui(
    ui: &mut Ui,
    cx: &mut FormCx<'_>,
    declaration: &Declaration,
    cell: Cell,
    width: f32,
    label: egui::Id,
) {
    match cell {
        Cell::Text(field) => {
            let current = edit::text(declaration, field).unwrap_or_default();
            cx.text_field(ui, field, current, Lines::Wrap, width)
                .labelled_by(label);
        }
        Cell::Choice(field, choices) => {
            let current = edit::text(declaration, field).unwrap_or_default();
            let width =
                width.min(ui.available_width()) - MENU_BUTTON_WIDTH - ui.spacing().item_spacing.x;
            cx.text_field(ui, field, current, Lines::Wrap, width)
                .labelled_by(label);
            if let Some(choice) = choice_menu(ui, &format!("选择{}", field.label()), choices) {
                cx.out.edits.push(EditCommand::SetField(field, choice));
            }
        }
        Cell::Year => {
            cx.year_field(ui, declaration.fiscal_year, width.min(80.0))
                .labelled_by(label);
        }
        Cell::Date(field) => {
            let current = match field {
                Field::PlannedStart => declaration.planned_start,
                _ => declaration.planned_end,
            };
            ui.vertical(|ui| {
                cx.date_field(ui, field, current, width.min(MAX_SHORT_FIELD_WIDTH))
                    .labelled_by(label);
            });
        }
        Cell::Money(field, name) => {
            let response = cx.money_field(
                ui,
                field,
                edit::amount(declaration, field),
                width.min(MAX_SHORT_FIELD_WIDTH),
            );
            if name.is_empty() {
                let _ = response.labelled_by(label);
            } else {
                let _ = response.accessible_name(name);
            }
        }
        Cell::Procurement => {
            if let FormFields::Y2020(fields) = &declaration.form {
                let current = fields.includes_government_procurement;
                for (value, text) in [(Some(true), "是"), (Some(false), "否"), (None, "未填")] {
                    if ui.radio(current == value, text).clicked() && current != value {
                        cx.out
                            .edits
                            .push(EditCommand::SetGovernmentProcurement(value));
                    }
                }
            }
        }
        Cell::Blank => {}
    }
}

/// Section one of the current layout: the header cells, 项目资金（元） with its two sides
/// (the whole project; this year) side by side when there is room, and the live sums.
pub fn current_section_one_ui(ui: &mut Ui, cx: &mut FormCx<'_>, declaration: &Declaration) {
    let columns = columns_for(ui.available_width());
    cells_ui(
        ui,
        cx,
        declaration,
        &[
            Cell::Text(Field::ProjectName),
            Cell::Choice(Field::ProjectNature, PROJECT_NATURES),
            Cell::Choice(Field::ProjectCategory, PROJECT_CATEGORIES),
            Cell::Text(Field::CompetentDepartment),
            Cell::Text(Field::ImplementingUnit),
            Cell::Year,
            Cell::Date(Field::PlannedStart),
            Cell::Date(Field::PlannedEnd),
        ],
        columns,
    );
    ui.add_space(6.0);
    theme::subheading_ui(ui, "项目资金（元）");
    let money_columns = columns.min(2);
    let project_other = Cell::Money(Field::ProjectOther, "其他资金（项目）");
    let annual_other = Cell::Money(Field::AnnualOther, "其他资金（年度）");
    if money_columns == 2 {
        // As printed: the whole project on the left, this year on the right.
        cells_ui(
            ui,
            cx,
            declaration,
            &[
                Cell::Money(Field::ProjectTotal, ""),
                Cell::Money(Field::AnnualTotal, ""),
                Cell::Money(Field::ProjectFiscal, ""),
                Cell::Money(Field::AnnualAppropriation, ""),
                Cell::Blank,
                Cell::Money(Field::AnnualCarryover, ""),
                project_other,
                annual_other,
            ],
            2,
        );
    } else {
        cells_ui(
            ui,
            cx,
            declaration,
            &[
                Cell::Money(Field::AnnualTotal, ""),
                Cell::Money(Field::AnnualAppropriation, ""),
                Cell::Money(Field::AnnualCarryover, ""),
                annual_other,
                Cell::Money(Field::ProjectTotal, ""),
                Cell::Money(Field::ProjectFiscal, ""),
                project_other,
            ],
            1,
        );
    }
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

/// The live check of a total against its parts, with the one-click fixes: set the total to the
/// sum, or, when exactly one part is blank, fill that part with the difference.
fn sum_ui(ui: &mut Ui, cx: &mut FormCx<'_>, declaration: &Declaration, total: Field, parts: &str) {
    let Some(sum) = edit::sum_of_parts(declaration, total) else {
        return;
    };
    let current = edit::amount(declaration, total);
    let total_label = Terms::of(declaration.layout()).label(total);
    ui.horizontal_wrapped(|ui| {
        let status = match current {
            Some(value) if value == sum => {
                ui.colored_label(
                    theme::ok_color(ui.visuals()),
                    format!("{parts} = {}，与{total_label}一致", format_yuan(sum)),
                );
                return;
            }
            Some(value) => format!(
                "{parts} = {}，与{total_label} {} 不符（总额{} {}）",
                format_yuan(sum),
                format_yuan(value),
                if value < sum { "少" } else { "多" },
                format_yuan((value - sum).abs())
            ),
            None => format!("{parts} = {}，{total_label}未填", format_yuan(sum)),
        };
        ui.colored_label(theme::error_color(ui.visuals()), status);
        if ui
            .button(format!("将{total_label}设为 {}", format_yuan(sum)))
            .on_hover_text("总额按各分项之和填写")
            .clicked()
        {
            cx.out.edits.push(EditCommand::SetTotalFromParts(total));
        }
        if let Some((part, amount)) = edit::blank_part_fill(declaration, total) {
            let part_label = match part {
                edit::Part::Field(field) => Terms::of(declaration.layout()).label(field).to_owned(),
                edit::Part::SubBudget(index) => format!("子项目{}预算金额", index + 1),
            };
            if ui
                .button(format!("将{part_label}设为 {}", format_yuan(amount)))
                .on_hover_text("唯一空着的分项按总额与其他分项之差填写")
                .clicked()
            {
                cx.out.edits.push(EditCommand::FillBlankPart(total));
            }
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
/// budget block and, on 2018, the sub-budget lines with their live sum and one-click fixes.
pub fn legacy_section_one_ui(ui: &mut Ui, cx: &mut FormCx<'_>, declaration: &Declaration) {
    ui.label(RichText::new(declaration.layout().label()).italics());
    let columns = columns_for(ui.available_width());
    let mut cells = vec![
        Cell::Text(Field::DeclaringUnit),
        Cell::Text(Field::ProjectName),
    ];
    if matches!(declaration.form, FormFields::Y2020(_)) {
        cells.extend([
            Cell::Choice(Field::ProjectCategory, PROJECT_NATURES),
            Cell::Text(Field::PerformanceType),
            Cell::Procurement,
        ]);
    }
    cells.extend([
        Cell::Year,
        Cell::Date(Field::PlannedStart),
        Cell::Date(Field::PlannedEnd),
    ]);
    cells_ui(ui, cx, declaration, &cells, columns);
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
    cells_ui(
        ui,
        cx,
        declaration,
        &[
            Cell::Money(Field::ProjectBudget, ""),
            Cell::Money(Field::AnnualBudget, ""),
            Cell::Money(Field::PriorYearBudget, ""),
            Cell::Money(Field::PriorYearSpent, ""),
        ],
        columns.min(2),
    );
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

/// A long text (Enter starts a new line), with its length against the 2018 system's limit.
fn long_text_ui(
    ui: &mut Ui,
    cx: &mut FormCx<'_>,
    declaration: &Declaration,
    field: Field,
    limit_chars: Option<usize>,
) {
    let text = edit::text(declaration, field).unwrap_or_default();
    let label = Terms::of(declaration.layout()).label(field);
    let label = ui
        .horizontal(|ui| {
            let label = ui.label(RichText::new(label).strong());
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
    cx.text_field(ui, field, text, Lines::Paragraphs(2), width)
        .labelled_by(label);
}

/// 项目当年投入资金构成 (2018): editable lines, their live sum against 项目当年预算 and the
/// one-click fixes.
fn sub_budgets_ui(
    ui: &mut Ui,
    cx: &mut FormCx<'_>,
    declaration: &Declaration,
    lines: &[crate::model::SubBudget],
) {
    ui.add_space(6.0);
    ui.label(RichText::new(Field::SubBudgets.label()).strong());
    let money_width = MAX_SHORT_FIELD_WIDTH.min(ui.available_width() * 0.3);
    for (index, line) in lines.iter().enumerate() {
        ui.horizontal(|ui| {
            let name_width =
                (ui.available_width() - money_width - 60.0 - 2.0 * ui.spacing().item_spacing.x)
                    .clamp(80.0, 320.0);
            let mut name = line.name.clone();
            let output = cx.input_ui(
                ui,
                &Input::with_id(
                    egui::Id::unique(("jixiao.sub_budget_name", index)),
                    name_width,
                )
                .hint("子项目名称"),
                &mut name,
            );
            let _ = output
                .response
                .accessible_name(format!("子项目{}名称", index + 1));
            if output.changed {
                cx.out.edits.push(EditCommand::SetSubBudget(
                    index,
                    crate::model::SubBudget {
                        name: output.text,
                        amount: line.amount,
                    },
                ));
            }
            let (response, change) =
                cx.money_input(ui, Path::SubBudget(index), line.amount, money_width);
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

/// The goal boxes the layout has, side by side when there is room.
fn goals_ui(ui: &mut Ui, cx: &mut FormCx<'_>, declaration: &Declaration, terms: Terms) {
    let goals = terms.goals();
    let side_by_side = goals.len() > 1 && ui.available_width() >= 2.0 * MIN_CELL_WIDTH;
    let goal_ui = |ui: &mut Ui, cx: &mut FormCx<'_>, field: Field, label: &str| {
        let label = ui.label(RichText::new(label).strong());
        let text = edit::text(declaration, field).unwrap_or_default();
        let width = ui.available_width();
        cx.text_field(ui, field, text, Lines::Paragraphs(3), width)
            .labelled_by(label.id);
    };
    if side_by_side {
        ui.columns(goals.len(), |columns| {
            for (ui, (field, label)) in columns.iter_mut().zip(goals) {
                goal_ui(ui, cx, *field, label);
            }
        });
    } else {
        for (field, label) in goals {
            goal_ui(ui, cx, *field, label);
        }
    }
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

    #[test]
    fn section_one_drops_columns_as_the_window_narrows() {
        assert_eq!(columns_for(1060.0), 3);
        assert_eq!(columns_for(700.0), 2);
        assert_eq!(columns_for(560.0), 1);
        assert_eq!(columns_for(100.0), 1);
    }
}
