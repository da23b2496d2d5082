//! The indicator tree (绩效指标) editor, laid out like the printed table: 一级指标 | 二级指标 |
//! 三级指标 | 指标值, one row per level-3 indicator, group names on the first row of their group.
//!
//! Rows have a fixed height and only the visible ones are built (virtualised like
//! `ScrollArea::show_rows`), so a form with thousands of indicators stays fast. Structure is
//! edited through the toolbar (acting on the selected node), a right-click menu on every name,
//! and drag and drop of the ≡ handle onto a node of the same level. Pushes commands only.

use eframe::egui;
use egui::{Align, ComboBox, Layout, Rect, RichText, TextEdit, Ui, vec2};

use crate::model::{
    COMMON_UNITS, Comparator, Declaration, IndicatorPart, IndicatorPath, Level3Indicator, Path,
    STANDARD_SCHEME, TargetNumber, TargetValue, standard_level2_names,
};

use super::command::{EditCommand, TreeAction};
use super::edit;
use super::theme;
use super::widgets::{EditText, FormCx, choice_menu, path_id};

/// Height of one table row, in points.
pub const ROW_HEIGHT: f32 = 30.0;
/// Column widths of the table, in points (handle, name field and ▼ menu inside).
const LEVEL1_CELL: f32 = 180.0;
const LEVEL2_CELL: f32 = 220.0;
const LEVEL3_CELL: f32 = 270.0;
/// What the ≡ handle and the ▼ menu take from a group cell, in points.
const GROUP_DECORATION: f32 = 78.0;
/// What the ≡ handle takes from a level-3 cell, in points.
const LEVEL3_DECORATION: f32 = 36.0;

/// One row of the table: a level-3 indicator, or an empty group.
#[derive(Clone, Copy, Debug)]
struct Row {
    path: IndicatorPath,
    first_of_level1: bool,
    first_of_level2: bool,
}

fn rows(declaration: &Declaration) -> Vec<Row> {
    let mut rows = Vec::with_capacity(declaration.level3_count() + declaration.indicators.len());
    for (i1, level1) in declaration.indicators.iter().enumerate() {
        if level1.children.is_empty() {
            rows.push(Row {
                path: IndicatorPath::level1(i1),
                first_of_level1: true,
                first_of_level2: false,
            });
        }
        for (i2, level2) in level1.children.iter().enumerate() {
            if level2.children.is_empty() {
                rows.push(Row {
                    path: IndicatorPath::level2(i1, i2),
                    first_of_level1: i2 == 0,
                    first_of_level2: true,
                });
            }
            for i3 in 0..level2.children.len() {
                rows.push(Row {
                    path: IndicatorPath::level3(i1, i2, i3),
                    first_of_level1: i2 == 0 && i3 == 0,
                    first_of_level2: i3 == 0,
                });
            }
        }
    }
    rows
}

/// The row showing a path's widget (a group's name is on its first row).
fn row_of(rows: &[Row], path: IndicatorPath) -> Option<usize> {
    rows.iter().position(|row| match path.depth() {
        1 => row.path.level1 == path.level1 && row.first_of_level1,
        2 => {
            row.path.level1 == path.level1 && row.path.level2 == path.level2 && row.first_of_level2
        }
        _ => row.path == path,
    })
}

/// Draws the toolbar and the table.
pub fn tree_ui(ui: &mut Ui, cx: &mut FormCx<'_>, declaration: &Declaration) {
    toolbar_ui(ui, cx, declaration);
    let headers = declaration.layout().indicator_headers();
    ui.horizontal(|ui| {
        for (text, width) in [
            (headers[0], LEVEL1_CELL),
            (headers[1], LEVEL2_CELL),
            (headers[2], LEVEL3_CELL),
            (headers[3], 0.0),
        ] {
            ui.allocate_ui_with_layout(
                vec2(width, 20.0),
                Layout::left_to_right(Align::Center),
                |ui| {
                    ui.set_min_width(width);
                    ui.label(RichText::new(text).strong());
                },
            );
        }
    });
    ui.separator();

    let rows = rows(declaration);
    let top = ui.cursor().top();
    let clip = ui.clip_rect();
    let width = ui.available_width();
    let count = rows.len();
    // Rows outside the visible part are replaced by empty space of the same height.
    let first = (((clip.top() - top) / ROW_HEIGHT).floor().max(0.0) as usize).min(count);
    let last = ((((clip.bottom() - top) / ROW_HEIGHT).ceil().max(0.0) as usize) + 1).min(count);
    let first = first.min(last);

    if let Some(Path::Indicator(path, _)) = *cx.focus
        && let Some(index) = row_of(&rows, path)
        && !(first..last).contains(&index)
    {
        let y = top + index as f32 * ROW_HEIGHT;
        let rect = Rect::from_min_size(egui::pos2(ui.cursor().left(), y), vec2(width, ROW_HEIGHT));
        ui.scroll_to_rect(rect, Some(Align::Center));
    }

    ui.scope(|ui| {
        ui.spacing_mut().item_spacing.y = 0.0;
        if first > 0 {
            ui.allocate_space(vec2(width, first as f32 * ROW_HEIGHT));
        }
        for row in rows.get(first..last).unwrap_or_default() {
            ui.allocate_ui_with_layout(
                vec2(width, ROW_HEIGHT),
                Layout::left_to_right(Align::Center),
                |ui| {
                    ui.set_min_size(vec2(width, ROW_HEIGHT));
                    row_ui(ui, cx, declaration, *row);
                },
            );
        }
        if last < count {
            ui.allocate_space(vec2(width, (count - last) as f32 * ROW_HEIGHT));
        }
    });
    if count == 0 {
        ui.label("尚无指标：点击「添加一级指标」开始。");
    }
}

fn toolbar_ui(ui: &mut Ui, cx: &mut FormCx<'_>, declaration: &Declaration) {
    let selected = cx
        .selected
        .filter(|path| edit::name(declaration, *path).is_some());
    ui.horizontal_wrapped(|ui| {
        let add_level1 = IndicatorPath::level1(
            selected.map_or(declaration.indicators.len(), |path| path.level1 + 1),
        );
        let add = ui.button("添加一级指标");
        // Findings about the tree as a whole (a missing level-1 group) point here.
        let add = cx.finish(ui, Path::Field(crate::model::Field::Indicators), add);
        if add.clicked() {
            cx.out.edits.push(EditCommand::AddIndicator(add_level1));
        }
        let has_level2 = declaration.layout().has_level2();
        let add_level2 = selected.map(|path| match path.level2 {
            None => IndicatorPath::level2(path.level1, usize::MAX),
            Some(level2) => IndicatorPath::level2(path.level1, level2 + 1),
        });
        if has_level2
            && ui
                .add_enabled(add_level2.is_some(), egui::Button::new("添加二级指标"))
                .on_disabled_hover_text("先选中一个一级或二级指标")
                .clicked()
            && let Some(path) = add_level2
        {
            cx.out.edits.push(EditCommand::AddIndicator(path));
        }
        let add_level3 = selected.and_then(|path| match (path.level2, path.level3) {
            (Some(level2), None) => Some(IndicatorPath::level3(path.level1, level2, usize::MAX)),
            (Some(level2), Some(level3)) => {
                Some(IndicatorPath::level3(path.level1, level2, level3 + 1))
            }
            // 2018: a group's indicators sit in its one unnamed level-2 group.
            (None, _) if !has_level2 => Some(IndicatorPath::level3(path.level1, 0, usize::MAX)),
            _ => None,
        });
        if ui
            .add_enabled(add_level3.is_some(), egui::Button::new("添加三级指标"))
            .on_disabled_hover_text("先选中一个二级或三级指标")
            .clicked()
            && let Some(path) = add_level3
        {
            cx.out.edits.push(EditCommand::AddIndicator(path));
        }
        ui.separator();
        node_actions(ui, cx, declaration, selected, false);
        if let Some(path) = selected {
            ui.separator();
            let name = edit::name(declaration, path).unwrap_or_default();
            ui.label(format!(
                "已选中：{}",
                if name.is_empty() {
                    "（未命名）"
                } else {
                    name
                }
            ));
        }
    });
}

/// 上移 / 下移 / 复制 / 删除 for `path` (disabled without a selection); `in_menu` closes the
/// right-click menu after an action.
fn node_actions(
    ui: &mut Ui,
    cx: &mut FormCx<'_>,
    declaration: &Declaration,
    path: Option<IndicatorPath>,
    in_menu: bool,
) {
    for action in TreeAction::ALL {
        let command = path.and_then(|path| edit::tree_action(declaration, action, path));
        let shortcut = action
            .shortcut()
            .map(|shortcut| ui.ctx().format_shortcut(&shortcut));
        let mut button = egui::Button::new(action.label());
        if in_menu && let Some(shortcut) = &shortcut {
            button = button.shortcut_text(shortcut.as_str());
        }
        let mut response = ui.add_enabled(command.is_some(), button);
        if !in_menu && let Some(shortcut) = shortcut {
            response = response.on_hover_text(format!("快捷键：{shortcut}"));
        }
        let clicked = response.clicked();
        if clicked && let Some(command) = command {
            match (action, path) {
                (TreeAction::Delete, Some(path)) if edit::has_children(declaration, path) => {
                    cx.out.delete_request = Some(path);
                }
                _ => cx.out.edits.push(command),
            }
            if in_menu {
                ui.close();
            }
        }
    }
}

fn row_ui(ui: &mut Ui, cx: &mut FormCx<'_>, declaration: &Declaration, row: Row) {
    let path = row.path;
    let Some(level1) = declaration.indicators.get(path.level1) else {
        return;
    };
    // 一级指标.
    cell(ui, LEVEL1_CELL, |ui| {
        if row.first_of_level1 {
            let choices: Vec<&str> = STANDARD_SCHEME.iter().map(|(name, _)| *name).collect();
            group_name_ui(
                ui,
                cx,
                declaration,
                IndicatorPath::level1(path.level1),
                &level1.name,
                &choices,
                LEVEL1_CELL - GROUP_DECORATION,
            );
        }
    });
    let level2 = path.level2.and_then(|i2| level1.children.get(i2));
    // 二级指标.
    cell(ui, LEVEL2_CELL, |ui| {
        if let (Some(level2), Some(i2)) = (level2, path.level2)
            && row.first_of_level2
            && declaration.layout().has_level2()
        {
            let choices = standard_level2_names(&level1.name);
            group_name_ui(
                ui,
                cx,
                declaration,
                IndicatorPath::level2(path.level1, i2),
                &level2.name,
                choices,
                LEVEL2_CELL - GROUP_DECORATION,
            );
        }
    });
    let Some(level3) = level2.and_then(|level2| level2.children.get(path.level3?)) else {
        return;
    };
    // 三级指标 and 指标值.
    cell(ui, LEVEL3_CELL, |ui| {
        drag_handle(ui, path);
        name_field(
            ui,
            cx,
            declaration,
            path,
            &level3.name,
            LEVEL3_CELL - LEVEL3_DECORATION,
            "三级指标名称",
        );
    });
    target_ui(ui, cx, declaration, path, level3);
}

fn cell(ui: &mut Ui, width: f32, add_contents: impl FnOnce(&mut Ui)) {
    ui.allocate_ui_with_layout(
        vec2(width, ROW_HEIGHT),
        Layout::left_to_right(Align::Center),
        |ui| {
            ui.set_min_width(width);
            add_contents(ui);
        },
    );
}

fn group_name_ui(
    ui: &mut Ui,
    cx: &mut FormCx<'_>,
    declaration: &Declaration,
    path: IndicatorPath,
    name: &str,
    choices: &[&str],
    width: f32,
) {
    drag_handle(ui, path);
    let hint = if path.depth() == 1 {
        "一级指标名称"
    } else {
        "二级指标名称"
    };
    name_field(ui, cx, declaration, path, name, width, hint);
    if let Some(choice) = choice_menu(ui, "标准指标名称", choices) {
        cx.out
            .edits
            .push(EditCommand::RenameIndicator(path, choice));
        cx.out.select = Some(path);
    }
}

/// The ≡ handle: drag it onto another node of the same level to move the node there.
fn drag_handle(ui: &mut Ui, path: IndicatorPath) {
    let id = egui::Id::unique(("jixiao.drag", path));
    ui.dnd_drag_source(id, path, |ui| {
        ui.add(egui::Label::new("≡").selectable(false))
            .on_hover_text("拖动以调整顺序");
    });
}

fn name_field(
    ui: &mut Ui,
    cx: &mut FormCx<'_>,
    declaration: &Declaration,
    path: IndicatorPath,
    name: &str,
    width: f32,
    hint: &str,
) {
    let model_path = Path::Indicator(path, IndicatorPart::Name);
    let mut text = name.to_owned();
    let selected = cx.selected == Some(path);
    let mut edit = TextEdit::singleline(&mut text)
        .id(path_id(model_path))
        .desired_width(width)
        .hint_text(hint.to_owned());
    if selected {
        edit = edit.background_color(ui.visuals().selection.bg_fill.gamma_multiply(0.35));
    }
    let response = ui.add(edit);
    if response.changed() {
        cx.out.edits.push(EditCommand::RenameIndicator(path, text));
    }
    if response.gained_focus() || response.clicked() {
        cx.out.select = Some(path);
    }
    if let Some(from) = response.dnd_release_payload::<IndicatorPath>()
        && let Some(to) = drop_destination(*from, path)
    {
        cx.out
            .edits
            .push(EditCommand::MoveIndicator { from: *from, to });
    }
    if let Some(from) = response.dnd_hover_payload::<IndicatorPath>()
        && drop_destination(*from, path).is_some()
    {
        // A line above a node of the same level (lands there), under a parent (appended).
        let y = if from.depth() == path.depth() {
            response.rect.top()
        } else {
            response.rect.bottom()
        };
        ui.painter().hline(
            response.rect.x_range(),
            y,
            egui::Stroke::new(2.0, ui.visuals().selection.stroke.color),
        );
    }
    response.context_menu(|ui| {
        cx.out.select = Some(path);
        node_actions(ui, cx, declaration, Some(path), true);
    });
    cx.finish(ui, model_path, response);
}

/// Where a node dragged from `from` lands when dropped on the name of `onto`: the place of a
/// node of the same level, or the end of a group one level up (so an indicator can move into
/// an empty group). `None` when the drop means nothing.
fn drop_destination(from: IndicatorPath, onto: IndicatorPath) -> Option<IndicatorPath> {
    match (from.depth(), onto.depth()) {
        (same, target) if same == target && from != onto => Some(onto),
        (2, 1) => Some(IndicatorPath::level2(onto.level1, usize::MAX)),
        (3, 2) => Some(IndicatorPath::level3(onto.level1, onto.level2?, usize::MAX)),
        _ => None,
    }
}

const QUALITATIVE: &str = "定性";

fn target_ui(
    ui: &mut Ui,
    cx: &mut FormCx<'_>,
    declaration: &Declaration,
    path: IndicatorPath,
    level3: &Level3Indicator,
) {
    let target = level3.target.as_ref();
    let model_path = Path::Indicator(path, IndicatorPart::Target);
    let id = path_id(model_path);
    let display_name = if level3.name.is_empty() {
        "未命名指标"
    } else {
        level3.name.as_str()
    };

    // 计算符号 (or 定性).
    let current_symbol = match target {
        Some(TargetValue::Quantitative { comparator, .. }) => comparator.symbol(),
        _ => QUALITATIVE,
    };
    let combo = ComboBox::from_id_salt(("jixiao.comparator", path))
        .width(44.0)
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

    let kept: Option<EditText> = ui.data(|data| data.get_temp(id));
    let response = match target {
        Some(TargetValue::Quantitative {
            comparator,
            number,
            unit,
        }) => {
            let mut text = kept
                .clone()
                .map_or_else(|| number.to_string(), |kept| kept.0);
            let number_ok = TargetNumber::parse(text.trim()).is_some();
            let response = ui.add(
                TextEdit::singleline(&mut text)
                    .id(id)
                    .desired_width(70.0)
                    .align(egui::Align2::RIGHT_CENTER)
                    .text_color_opt((!number_ok).then_some(theme::error_color(ui.visuals()))),
            );
            let parsed = TargetNumber::parse(text.trim());
            if response.changed()
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
            let committed = response.lost_focus();
            let whole = TargetValue::parse(&text).filter(TargetValue::is_quantitative);
            if committed
                && parsed.is_none()
                && let Some(whole) = whole
            {
                cx.out.edits.push(EditCommand::SetTarget(path, Some(whole)));
                ui.data_mut(|data| data.remove_temp::<EditText>(id));
            } else if response.has_focus() || parsed.is_none() {
                ui.data_mut(|data| data.insert_temp(id, EditText(text.clone())));
            } else if kept.is_some() {
                ui.data_mut(|data| data.remove_temp::<EditText>(id));
            }
            let response = response.accessible_name(format!("「{display_name}」的指标值"));
            let mut unit_text = unit.clone();
            let unit_response = ui.add(
                TextEdit::singleline(&mut unit_text)
                    .id(egui::Id::unique(("jixiao.unit", path)))
                    .desired_width(64.0)
                    .hint_text("单位"),
            );
            let unit_response =
                unit_response.accessible_name(format!("「{display_name}」的计量单位"));
            let picked = choice_menu(ui, "常用计量单位", COMMON_UNITS);
            let new_unit = picked.or_else(|| unit_response.changed().then(|| unit_text.clone()));
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
            response
        }
        _ => {
            let current = match target {
                Some(TargetValue::Qualitative(text)) => text.clone(),
                _ => String::new(),
            };
            let mut text = kept.clone().map_or_else(|| current.clone(), |kept| kept.0);
            let response = ui.add(
                TextEdit::singleline(&mut text)
                    .id(id)
                    .desired_width(200.0)
                    .hint_text("指标值，如 ≥90(%) 或 及时"),
            );
            if response.changed() {
                let value = (!text.trim().is_empty())
                    .then(|| TargetValue::Qualitative(text.trim().to_owned()));
                cx.out.edits.push(EditCommand::SetTarget(path, value));
            }
            if response.lost_focus() {
                // A quantitative notation typed as text (`≥12(部)`, `>=90%`) becomes one.
                if let Some(value) = TargetValue::parse(&text).filter(TargetValue::is_quantitative)
                {
                    cx.out.edits.push(EditCommand::SetTarget(path, Some(value)));
                }
                ui.data_mut(|data| data.remove_temp::<EditText>(id));
            } else if response.has_focus() {
                ui.data_mut(|data| data.insert_temp(id, EditText(text.clone())));
            }
            response.accessible_name(format!("「{display_name}」的指标值"))
        }
    };
    if response.gained_focus() {
        cx.out.select = Some(path);
    }
    let _marked = cx.finish(ui, model_path, response);
    let printed = target.map_or_else(String::new, |target| {
        target.display(declaration.layout().target_notation())
    });
    ui.label(RichText::new(printed).weak())
        .on_hover_text("打印在表上的形式");
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
