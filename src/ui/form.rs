//! The form view: the declaration laid out like the paper form, section one then section two.
//!
//! Section one is built from the layout's field table ([`FormLayout::fields`], one entry per
//! printed field with its label, kind and place): a grid of label + field cells that reflows into
//! as many columns as the window has room for (three on a wide window, one on a narrow one), so
//! no field ever lies beyond the window's right edge; the 2018 check boxes; the older layouts'
//! long texts; the money cells, the two sides of a printed row side by side; and the live sums.
//! Section two holds the goals the layout has and the indicator table. Reads the declaration,
//! pushes commands; never changes the model.

use eframe::egui;
use egui::{Align, Layout, RichText, Ui, vec2};

use crate::model::{
    Declaration, Field, FieldKind, FieldSpec, FormLayout, MoneySum, Path, SumState, Yuan,
    format_yuan,
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
const MENU_BUTTON_WIDTH: f32 = 25.0;

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
    section_one_ui(ui, cx, declaration);
    ui.add_space(10.0);
    theme::section_heading_ui(ui, &second);
    goals_ui(ui, cx, declaration);
    ui.add_space(6.0);
    theme::subheading_ui(ui, terms.tree_heading());
    tree::tree_ui(ui, cx, declaration);
}

/// Whether a field is one of the goals, which section two shows.
fn is_goal(field: Field) -> bool {
    matches!(field, Field::OverallGoal | Field::AnnualGoal)
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

/// Section one of any layout, from its field table (see the module docs).
pub fn section_one_ui(ui: &mut Ui, cx: &mut FormCx<'_>, declaration: &Declaration) {
    let layout = declaration.layout();
    if layout != FormLayout::Current {
        ui.label(RichText::new(layout.label()).italics());
    }
    let columns = columns_for(ui.available_width());
    let mut fields: Vec<&FieldSpec> = layout.fields().iter().collect();
    fields.sort_by_key(|spec| spec.reading_rank());
    let cells: Vec<Option<&FieldSpec>> = fields
        .iter()
        .filter(|spec| {
            matches!(
                spec.kind,
                FieldKind::Year
                    | FieldKind::Text
                    | FieldKind::Choice(_)
                    | FieldKind::Date
                    | FieldKind::YesNo
            )
        })
        .map(|spec| Some(*spec))
        .collect();
    cells_ui(ui, cx, declaration, &cells, columns);
    for spec in fields
        .iter()
        .filter(|spec| matches!(spec.kind, FieldKind::CheckBox(_)))
    {
        let current = declaration.text(spec.field).unwrap_or_default();
        radio_row(ui, cx, spec, current);
    }
    let limit = (layout == FormLayout::Y2018).then_some(MAX_TEXT_CHARS_2018);
    let long_texts: Vec<&&FieldSpec> = fields
        .iter()
        .filter(|spec| spec.kind == FieldKind::LongText && !is_goal(spec.field))
        .collect();
    // 备注 (2018) is printed under the target table; the editor keeps it with the other texts.
    for spec in long_texts
        .iter()
        .filter(|spec| spec.field != Field::Remarks)
    {
        long_text_ui(ui, cx, declaration, spec, limit);
    }
    money_ui(ui, cx, declaration, &fields, columns);
    if layout.field(Field::SubBudgets).is_some() {
        sub_budgets_ui(ui, cx, declaration, declaration.sub_budgets());
    }
    for sum in layout.sums() {
        sum_ui(ui, cx, declaration, sum);
    }
    if layout == FormLayout::Current {
        cost_control_ui(ui, declaration);
    }
    for spec in long_texts
        .iter()
        .filter(|spec| spec.field == Field::Remarks)
    {
        long_text_ui(ui, cx, declaration, spec, None);
    }
}

/// The money cells: each printed row's cells side by side (the whole project on the left, this
/// year on the right, on the current layout), or one under another in a narrow window.
fn money_ui(
    ui: &mut Ui,
    cx: &mut FormCx<'_>,
    declaration: &Declaration,
    fields: &[&FieldSpec],
    columns: usize,
) {
    let money: Vec<&FieldSpec> = fields
        .iter()
        .filter(|spec| spec.kind == FieldKind::Money)
        .copied()
        .collect();
    if money.is_empty() {
        return;
    }
    ui.add_space(6.0);
    if declaration.layout() == FormLayout::Current {
        theme::subheading_ui(ui, "项目资金（元）");
    }
    let left = money
        .iter()
        .map(|spec| spec.column)
        .min()
        .unwrap_or_default();
    let right = money
        .iter()
        .map(|spec| spec.column)
        .max()
        .unwrap_or_default();
    let mut cells: Vec<Option<&FieldSpec>> = Vec::new();
    if columns >= 2 && left != right {
        let mut rows: Vec<u8> = money.iter().map(|spec| spec.row).collect();
        rows.dedup();
        for row in rows {
            for column in [left, right] {
                cells.push(
                    money
                        .iter()
                        .find(|spec| spec.row == row && spec.column == column)
                        .copied(),
                );
            }
        }
        cells_ui(ui, cx, declaration, &cells, 2);
    } else {
        // One column: the left side, then the right side.
        let mut ordered = money.clone();
        ordered.sort_by_key(|spec| (spec.column, spec.row));
        cells.extend(ordered.into_iter().map(Some));
        cells_ui(ui, cx, declaration, &cells, 1);
    }
}

/// Lays out `cells` in rows of `columns`, each cell a right-aligned label then its field (`None`
/// is an empty place that keeps the rows aligned).
fn cells_ui(
    ui: &mut Ui,
    cx: &mut FormCx<'_>,
    declaration: &Declaration,
    cells: &[Option<&FieldSpec>],
    columns: usize,
) {
    let width = ui.available_width();
    #[expect(clippy::cast_precision_loss, reason = "at most three columns")]
    let cell_width = ((width - CELL_GAP * (columns as f32 - 1.0)) / columns as f32).floor();
    let font = egui::TextStyle::Body.resolve(ui.style());
    let label_width = cells
        .iter()
        .flatten()
        .map(|spec| {
            ui.fonts_mut(|fonts| {
                fonts
                    .layout_no_wrap(spec.label.to_owned(), font.clone(), egui::Color32::WHITE)
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
                        let Some(spec) = cell else {
                            return;
                        };
                        let label = ui
                            .allocate_ui_with_layout(
                                vec2(label_width, ui.spacing().interact_size.y),
                                Layout::right_to_left(Align::Center),
                                |ui| {
                                    ui.set_width(label_width);
                                    ui.label(spec.label)
                                },
                            )
                            .inner;
                        cell_ui(ui, cx, declaration, spec, field_width, label.id);
                    },
                );
            }
        });
        ui.add_space(2.0);
    }
}

/// The widget of one cell, labelled by `label` (or, for a label the form prints twice, named
/// as messages name it, e.g. 其他资金（项目资金）).
fn cell_ui(
    ui: &mut Ui,
    cx: &mut FormCx<'_>,
    declaration: &Declaration,
    spec: &FieldSpec,
    width: f32,
    label: egui::Id,
) {
    let field = spec.field;
    let name_it = |response: egui::Response| {
        if spec.name == spec.label {
            let _ = response.labelled_by(label);
        } else {
            let _ = response.accessible_name(spec.name);
        }
    };
    match spec.kind {
        FieldKind::Text => {
            let current = declaration.text(field).unwrap_or_default();
            name_it(cx.text_field(ui, field, current, Lines::Wrap, width));
        }
        FieldKind::Choice(options) => {
            let current = declaration.text(field).unwrap_or_default();
            let width =
                width.min(ui.available_width()) - MENU_BUTTON_WIDTH - ui.spacing().item_spacing.x;
            name_it(cx.text_field(ui, field, current, Lines::Wrap, width));
            if let Some(choice) = choice_menu(ui, &format!("选择{}", spec.label), options) {
                cx.out.edits.push(EditCommand::SetField(field, choice));
            }
        }
        FieldKind::Year => {
            name_it(cx.year_field(ui, declaration.fiscal_year, width.min(80.0)));
        }
        FieldKind::Date => {
            let current = declaration.date(field);
            ui.vertical(|ui| {
                name_it(cx.date_field(ui, field, current, width.min(MAX_SHORT_FIELD_WIDTH)));
            });
        }
        FieldKind::Money => {
            let current = declaration.amount(field);
            name_it(cx.money_field(ui, field, current, width.min(MAX_SHORT_FIELD_WIDTH)));
        }
        FieldKind::YesNo => {
            let current = declaration.yes_no(field);
            for (value, text) in [(Some(true), "是"), (Some(false), "否"), (None, "未填")] {
                let response = ui.radio(current == value, text);
                if response.clicked() && current != value {
                    cx.out
                        .edits
                        .push(EditCommand::SetGovernmentProcurement(value));
                }
                if value == Some(true) {
                    let _ = cx.finish(ui, Path::Field(field), response);
                }
            }
        }
        FieldKind::LongText | FieldKind::CheckBox(_) | FieldKind::BudgetLines => {}
    }
}

/// The live check of a total against its parts (when the field table checks it), with the
/// one-click fixes: set the total to the sum, or, when exactly one part is blank, fill that part
/// with the difference.
fn sum_ui(ui: &mut Ui, cx: &mut FormCx<'_>, declaration: &Declaration, sum: &MoneySum) {
    let layout = declaration.layout();
    let total_label = layout.field_label(sum.total);
    let parts = sum.parts_name;
    let state = sum.state(declaration);
    let parts_sum = match state {
        SumState::Unchecked => return,
        SumState::Matches(total) => {
            ui.colored_label(
                theme::ok_color(ui.visuals()),
                format!("{parts}合计 {}，与{total_label}一致", format_yuan(total)),
            );
            return;
        }
        SumState::TotalBlank { parts } | SumState::Differs { parts, .. } => parts,
    };
    ui.horizontal_wrapped(|ui| {
        let status = match (state, parts_sum) {
            (SumState::Differs { total, .. }, Some(parts_sum)) => format!(
                "{parts}合计 {}，与{total_label} {} 不符（总额{} {}）",
                format_yuan(parts_sum),
                format_yuan(total),
                if total < parts_sum { "少" } else { "多" },
                format_yuan((total - parts_sum).abs())
            ),
            (_, Some(parts_sum)) => {
                format!("{parts}合计 {}，{total_label}未填", format_yuan(parts_sum))
            }
            (_, None) => format!("{parts}合计超出可计算的范围"),
        };
        ui.colored_label(theme::error_color(ui.visuals()), status);
        if let Some(parts_sum) = parts_sum
            && ui
                .button(format!("将{total_label}设为 {}", format_yuan(parts_sum)))
                .on_hover_text("总额按各分项之和填写")
                .clicked()
        {
            cx.out.edits.push(EditCommand::SetTotalFromParts(sum.total));
        }
        if let Some((part, amount)) = edit::blank_part_fill(declaration, sum.total) {
            let part_label = match part {
                edit::Part::Field(field) => layout.field_label(field).to_owned(),
                edit::Part::SubBudget(index) => format!("子项目{}预算金额", index + 1),
            };
            if ui
                .button(format!("将{part_label}设为 {}", format_yuan(amount)))
                .on_hover_text("唯一空着的分项按总额与其他分项之差填写")
                .clicked()
            {
                cx.out.edits.push(EditCommand::FillBlankPart(sum.total));
            }
        }
    });
}

/// The sum of cost control amounts (控制数: quantitative targets in 元 under 成本指标), in 元.
pub fn cost_control_total(declaration: &Declaration) -> Option<Yuan> {
    let amounts: Vec<Yuan> = declaration
        .indicators
        .iter()
        .filter(|level1| level1.name == crate::model::COST_LEVEL1)
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
    let annual = declaration.amount(Field::AnnualTotal);
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

/// A single choice among the 2018 form's check boxes, as radio buttons. A value outside the
/// list (typed by hand or imported) is shown as an extra, selected choice.
fn radio_row(ui: &mut Ui, cx: &mut FormCx<'_>, spec: &FieldSpec, current: &str) {
    let field = spec.field;
    let choices = spec.kind.options();
    ui.horizontal_wrapped(|ui| {
        ui.label(spec.label);
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
    spec: &FieldSpec,
    limit_chars: Option<usize>,
) {
    let field = spec.field;
    let text = declaration.text(field).unwrap_or_default();
    let label = spec.label;
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
    ui.label(RichText::new(declaration.layout().field_label(Field::SubBudgets)).strong());
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
}

/// The goal boxes the layout has (the field table's goals: 项目总目标 and 年度总体目标, only
/// 总目标及阶段性目标 on 2020, 项目总目标 and 年度绩效目标 on 2018), side by side when there is room.
fn goals_ui(ui: &mut Ui, cx: &mut FormCx<'_>, declaration: &Declaration) {
    let goals: Vec<&FieldSpec> = declaration
        .layout()
        .fields()
        .iter()
        .filter(|spec| is_goal(spec.field))
        .collect();
    let side_by_side = goals.len() > 1 && ui.available_width() >= 2.0 * MIN_CELL_WIDTH;
    let goal_ui = |ui: &mut Ui, cx: &mut FormCx<'_>, spec: &FieldSpec| {
        let label = ui.label(RichText::new(spec.label).strong());
        let text = declaration.text(spec.field).unwrap_or_default();
        let width = ui.available_width();
        cx.text_field(ui, spec.field, text, Lines::Paragraphs(3), width)
            .labelled_by(label.id);
    };
    if side_by_side {
        ui.columns(goals.len(), |columns| {
            for (ui, spec) in columns.iter_mut().zip(&goals) {
                goal_ui(ui, cx, spec);
            }
        });
    } else {
        for spec in &goals {
            goal_ui(ui, cx, spec);
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
