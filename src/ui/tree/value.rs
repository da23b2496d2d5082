//! The value cell of the indicator table (指标值): the 计算符号 list (or 定性), the number, the
//! unit with its ▼ list and the value as it prints, or a qualitative text. Pushes commands only.

use eframe::egui;
use egui::{ComboBox, RichText, Ui};

use crate::model::{
    COMMON_UNITS, Comparator, Declaration, IndicatorPart, IndicatorPath, Level3Indicator, Path,
    TargetNumber, TargetValue,
};

use super::super::command::EditCommand;
use super::super::terms::Terms;
use super::super::widgets::{EditText, FormCx, Input, Lines, choice_menu, keep_text, path_id};
use super::table::COMPARATOR_WIDTH;

const QUALITATIVE: &str = "定性";

/// The value cell: the 计算符号 list (or 定性), then the number, the unit with its ▼ list and the
/// value as printed (when there is room), or the qualitative text, wrapping.
pub(super) fn target_ui(
    ui: &mut Ui,
    cx: &mut FormCx<'_>,
    declaration: &Declaration,
    path: IndicatorPath,
    level3: &Level3Indicator,
    cell_width: f32,
) {
    let target = level3.target.as_ref();
    let model_path = Path::Indicator(path, IndicatorPart::Target);
    let id = path_id(model_path);
    let display_name = if level3.name.is_empty() {
        "未命名指标"
    } else {
        level3.name.as_str()
    };
    let spacing = ui.spacing().item_spacing.x;

    // 计算符号 (or 定性).
    let current_symbol = match target {
        Some(TargetValue::Quantitative { comparator, .. }) => comparator.symbol(),
        _ => QUALITATIVE,
    };
    let combo = ComboBox::from_id_salt(("jixiao.comparator", path))
        .width(COMPARATOR_WIDTH - 8.0)
        .selected_text(current_symbol)
        .show_ui(ui, |ui| {
            for comparator in Comparator::ALL {
                if ui
                    .selectable_label(current_symbol == comparator.symbol(), comparator.symbol())
                    .clicked()
                {
                    cx.out.edits.push(EditCommand::SetTarget(
                        path,
                        Some(with_comparator(target, comparator)),
                    ));
                }
            }
            if ui
                .selectable_label(current_symbol == QUALITATIVE, QUALITATIVE)
                .clicked()
                && current_symbol != QUALITATIVE
                && let Some(target) = target
            {
                cx.out.edits.push(EditCommand::SetTarget(
                    path,
                    Some(TargetValue::Qualitative(target.to_string())),
                ));
            }
        });
    let _ = combo
        .response
        .accessible_name(format!("「{display_name}」的计算符号"));
    let rest = (cell_width - COMPARATOR_WIDTH - spacing).max(60.0);

    let kept: Option<EditText> = ui.data(|data| data.get_temp(id));
    let response = match target {
        Some(TargetValue::Quantitative {
            comparator,
            number,
            unit,
        }) => {
            let number_width = (rest * 0.32).clamp(60.0, 96.0);
            let unit_width = (rest * 0.24).clamp(44.0, 90.0);
            let mut text = kept.map_or_else(|| number.to_string(), |kept| kept.0);
            let number_ok = TargetNumber::parse(text.trim()).is_some();
            let output = cx.input_ui(
                ui,
                &Input::for_path(model_path, number_width)
                    .align_right()
                    .invalid(!number_ok),
                &mut text,
            );
            let parsed = TargetNumber::parse(output.text.trim());
            if output.changed
                && let Some(parsed) = parsed
                && parsed != *number
            {
                cx.out.edits.push(EditCommand::SetTarget(
                    path,
                    Some(TargetValue::Quantitative {
                        comparator: *comparator,
                        number: parsed,
                        unit: unit.clone(),
                    }),
                ));
            }
            // An older notation typed into the number (`>=90%`) is read when the field is left.
            let left = output.response.lost_focus();
            let whole = TargetValue::parse(&output.text).filter(TargetValue::is_quantitative);
            if left
                && parsed.is_none()
                && let Some(whole) = whole
            {
                cx.out.edits.push(EditCommand::SetTarget(path, Some(whole)));
                ui.data_mut(|data| data.remove_temp::<EditText>(id));
            } else {
                keep_text(ui, id, &output, parsed.is_none());
            }
            let response = output
                .response
                .accessible_name(format!("「{display_name}」的指标值"));
            let mut unit_text = unit.clone();
            let unit_output = cx.input_ui(
                ui,
                &Input::with_id(egui::Id::unique(("jixiao.unit", path)), unit_width).hint("单位"),
                &mut unit_text,
            );
            let _ = unit_output
                .response
                .accessible_name(format!("「{display_name}」的计量单位"));
            let picked = choice_menu(ui, "常用计量单位", COMMON_UNITS);
            let new_unit = picked.or_else(|| unit_output.changed.then_some(unit_output.text));
            if let Some(new_unit) = new_unit
                && new_unit != *unit
            {
                cx.out.edits.push(EditCommand::SetTarget(
                    path,
                    Some(TargetValue::Quantitative {
                        comparator: *comparator,
                        number: *number,
                        unit: new_unit,
                    }),
                ));
            }
            // The value as it prints, when there is room for it.
            if ui.available_width() > 48.0 {
                let printed = target.map_or_else(String::new, |target| {
                    target.display(declaration.layout().target_notation())
                });
                ui.add(egui::Label::new(RichText::new(printed).weak()).truncate())
                    .on_hover_text("打印在表上的形式");
            }
            response
        }
        _ => {
            let current = match target {
                Some(TargetValue::Qualitative(text)) => text.clone(),
                _ => String::new(),
            };
            let mut text = kept.map_or_else(|| current.clone(), |kept| kept.0);
            let hint = Terms::of(declaration.layout()).value_hint();
            let output = cx.input_ui(
                ui,
                &Input::for_path(model_path, ui.available_width().max(40.0))
                    .lines(Lines::Wrap)
                    .hint(hint),
                &mut text,
            );
            if output.changed {
                let value = (!output.text.trim().is_empty())
                    .then(|| TargetValue::Qualitative(output.text.trim().to_owned()));
                cx.out.edits.push(EditCommand::SetTarget(path, value));
            }
            if output.response.lost_focus() {
                // A quantitative notation typed as text (`≥12(部)`, `>=90%`) becomes one.
                if let Some(value) =
                    TargetValue::parse(&output.text).filter(TargetValue::is_quantitative)
                {
                    cx.out.edits.push(EditCommand::SetTarget(path, Some(value)));
                }
                ui.data_mut(|data| data.remove_temp::<EditText>(id));
            } else {
                keep_text(ui, id, &output, false);
            }
            output
                .response
                .accessible_name(format!("「{display_name}」的指标值"))
        }
    };
    if response.gained_focus() {
        cx.out.select = Some(path);
    }
}

/// The target with `comparator`, keeping number and unit; text that is not a number becomes 0.
fn with_comparator(target: Option<&TargetValue>, comparator: Comparator) -> TargetValue {
    match target {
        Some(TargetValue::Quantitative { number, unit, .. }) => TargetValue::Quantitative {
            comparator,
            number: *number,
            unit: unit.clone(),
        },
        Some(TargetValue::Qualitative(text)) => {
            match TargetValue::parse(&format!("{}{text}", comparator.symbol())) {
                Some(TargetValue::Quantitative { number, unit, .. }) => TargetValue::Quantitative {
                    comparator,
                    number,
                    unit,
                },
                _ => TargetValue::Quantitative {
                    comparator,
                    number: TargetNumber(rust_decimal::Decimal::ZERO),
                    unit: String::new(),
                },
            }
        }
        None => TargetValue::Quantitative {
            comparator,
            number: TargetNumber(rust_decimal::Decimal::ZERO),
            unit: String::new(),
        },
    }
}
