//! The indicator tree (绩效指标) editor, laid out like the printed table: 一级指标 | 二级指标 |
//! 三级指标 | 指标值 (each layout's own headers), one row per level-3 indicator, the level-1 and
//! level-2 cells spanning their rows as merged cells do on the printed form.
//!
//! The table shares the window's width between its columns; the user can drag the rule between
//! two columns, and the widths are remembered as fractions of the table's width, so they follow
//! the window when it is resized. Long names and values wrap inside their cell. Only the visible
//! rows are built (their heights are estimated from the text, without laying it out), so a form
//! with thousands of indicators stays fast. When the header row has scrolled away, a copy of it
//! stays pinned at the top of the view.
//!
//! The table is laid out here rather than with egui_extras' `TableBuilder`: that one puts its
//! body in a scroll area of its own, which (even with scrolling off) swallows every "scroll to
//! me" request of the fields inside it, so Tab, Enter and a click on a finding could move the
//! focus to a row below the window without scrolling to it.
//!
//! Structure is edited through the toolbar (acting on the selected node), a right-click menu on
//! every name, and drag and drop of the ≡ handle onto a node of the same level. Pushes commands
//! only.

mod table;
mod value;

use table::{
    CELL_SPACING, COMPARATOR_WIDTH, HANDLE_WIDTH, HEADER_HEIGHT, MENU_WIDTH, Metrics,
    column_rules_ui, header_ui, name_widths, sticky_header_ui,
};
use value::target_ui;

use eframe::egui;
use egui::{Align, Layout, Rect, RichText, Sense, Ui, vec2};

use crate::model::{
    Declaration, IndicatorPart, IndicatorPath, Path, STANDARD_SCHEME, standard_level2_names,
};

use super::command::{EditCommand, TreeAction};
use super::completion;
use super::edit;
use super::terms::Terms;
use super::widgets::{FormCx, INPUT_MARGIN_X, INPUT_MARGIN_Y, Input, Lines, choice_menu, path_id};

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

/// The node after `path` in the form's order that has a name field: the next row's first name
/// (used when Enter is pressed in the last field drawn).
pub fn next_row_name(declaration: &Declaration, path: IndicatorPath) -> Option<Path> {
    let rows = rows(declaration);
    let index = rows.iter().position(|row| {
        row.path.level1 == path.level1
            && (path.level2.is_none() || row.path.level2 == path.level2)
            && (path.level3.is_none() || row.path.level3 == path.level3)
    })?;
    let next = rows.get(index + 1)?;
    let target = if next.first_of_level1 {
        IndicatorPath::level1(next.path.level1)
    } else if next.first_of_level2 && declaration.layout().has_level2() {
        IndicatorPath::level2(next.path.level1, next.path.level2?)
    } else {
        next.path
    };
    Some(Path::Indicator(target, IndicatorPart::Name))
}

/// Draws the toolbar and the table.
pub fn tree_ui(ui: &mut Ui, cx: &mut FormCx<'_>, declaration: &Declaration) {
    toolbar_ui(ui, cx, declaration);
    let layout = declaration.layout();
    let terms = Terms::of(layout);
    let rows = rows(declaration);
    if rows.is_empty() {
        ui.label(terms.empty_tree());
        return;
    }

    let total = ui.available_width().floor();
    let spacing = ui.spacing().item_spacing;
    let mut widths = name_widths(total, cx.column_fractions, layout, spacing.x);
    #[expect(clippy::cast_precision_loss, reason = "four columns at most")]
    let value_width = total - widths.iter().sum::<f32>() - spacing.x * widths.len() as f32;
    widths.push(value_width);
    let font = egui::TextStyle::Body.resolve(ui.style());
    // Handle, field margins, menu; 4 points of cell margin.
    let group_decoration =
        HANDLE_WIDTH + MENU_WIDTH + 2.0 * CELL_SPACING + 2.0 * f32::from(INPUT_MARGIN_X) + 4.0;
    let level3_index = widths.len() - 2;
    let metrics = Metrics {
        font_size: font.size,
        line_height: ui.text_style_height(&egui::TextStyle::Body),
        field_padding: 2.0 * f32::from(INPUT_MARGIN_Y) + 2.0,
        level1_text: widths[0] - group_decoration,
        level2_text: if layout.has_level2() {
            widths[1] - group_decoration
        } else {
            0.0
        },
        level3_text: widths[level3_index]
            - HANDLE_WIDTH
            - CELL_SPACING
            - 2.0 * f32::from(INPUT_MARGIN_X)
            - 4.0,
        value_text: value_width
            - COMPARATOR_WIDTH
            - CELL_SPACING
            - 2.0 * f32::from(INPUT_MARGIN_X)
            - 4.0,
    };
    // Each row's top, from the table body's top, and the body's height.
    let mut tops = Vec::with_capacity(rows.len() + 1);
    let mut y = 0.0;
    for row in &rows {
        tops.push(y);
        y += metrics.row_height(declaration, *row);
    }
    tops.push(y);

    let mut headers: Vec<&str> = vec![terms.level_header(1)];
    if layout.has_level2() {
        headers.push(terms.level_header(2));
    }
    headers.push(terms.level_header(3));
    headers.push(terms.value_header());

    let left = ui.cursor().left();
    let table_top = ui.cursor().top();
    let lefts: Vec<f32> = widths
        .iter()
        .scan(left, |x, width| {
            let here = *x;
            *x += width + spacing.x;
            Some(here)
        })
        .collect();
    let table_width = total;

    // The header row.
    let (header_rect, _) = ui.allocate_exact_size(vec2(table_width, HEADER_HEIGHT), Sense::hover());
    header_ui(ui, &headers, &widths, &lefts, header_rect);

    // The rows in view; the others are empty space of their height.
    let body_top = header_rect.bottom();
    let clip = ui.clip_rect();
    let first = tops
        .partition_point(|top| body_top + top < clip.top())
        .saturating_sub(1)
        .min(rows.len());
    let last = tops
        .partition_point(|top| body_top + top < clip.bottom())
        .min(rows.len());
    let body_height = tops.last().copied().unwrap_or_default();
    let (body_rect, _) = ui.allocate_exact_size(vec2(table_width, body_height), Sense::hover());
    // A field to focus in a row that may be out of view: scroll there (egui scrolls to a
    // focused widget only once it is built).
    let focus_row = match *cx.focus {
        Some(Path::Indicator(path, _)) => row_of(&rows, path),
        _ => None,
    };
    for index in first..last {
        let (Some(info), Some(top), Some(bottom)) =
            (rows.get(index), tops.get(index), tops.get(index + 1))
        else {
            continue;
        };
        let row_rect = Rect::from_x_y_ranges(
            body_rect.x_range(),
            (body_rect.top() + top)..=(body_rect.top() + bottom),
        );
        if is_selected(cx.selected, info.path) {
            ui.painter()
                .rect_filled(row_rect, 0.0, ui.visuals().selection.bg_fill);
        }
        row_ui(
            ui,
            cx,
            declaration,
            *info,
            index == first,
            &widths,
            &lefts,
            row_rect,
        );
    }
    if let Some(index) = focus_row
        && let (Some(top), Some(bottom)) = (tops.get(index), tops.get(index + 1))
    {
        let rect = Rect::from_x_y_ranges(
            body_rect.x_range(),
            (body_rect.top() + top)..=(body_rect.top() + bottom),
        );
        ui.scroll_to_rect(rect, Some(Align::Center));
    }
    let table_rect = Rect::from_min_max(egui::pos2(left, table_top), body_rect.max);
    column_rules_ui(ui, cx, &widths, &lefts, table_rect, total);
    sticky_header_ui(ui, &headers, &widths, &lefts, table_rect);
}

/// Whether a row belongs to the selected node (a group selects all its rows).
fn is_selected(selected: Option<IndicatorPath>, row: IndicatorPath) -> bool {
    selected.is_some_and(|selected| {
        selected.level1 == row.level1
            && (selected.level2.is_none() || selected.level2 == row.level2)
            && (selected.level3.is_none() || selected.level3 == row.level3)
    })
}

fn toolbar_ui(ui: &mut Ui, cx: &mut FormCx<'_>, declaration: &Declaration) {
    let terms = Terms::of(declaration.layout());
    let selected = cx
        .selected
        .filter(|path| edit::name(declaration, *path).is_some());
    ui.horizontal_wrapped(|ui| {
        let add_level1 = IndicatorPath::level1(
            selected.map_or(declaration.indicators.len(), |path| path.level1 + 1),
        );
        let add = ui.button(terms.add_button(1));
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
                .add_enabled(add_level2.is_some(), egui::Button::new(terms.add_button(2)))
                .on_disabled_hover_text(format!("先选中一个{}或{}", terms.level(1), terms.level(2)))
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
        let add_level3_hint = if has_level2 {
            format!("先选中一个{}或{}", terms.level(2), terms.level(3))
        } else {
            format!("先选中一个{}或{}", terms.level(1), terms.level(3))
        };
        if ui
            .add_enabled(add_level3.is_some(), egui::Button::new(terms.add_button(3)))
            .on_disabled_hover_text(add_level3_hint)
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
            ui.add(
                egui::Label::new(format!(
                    "已选中：{}",
                    if name.is_empty() {
                        "（未命名）"
                    } else {
                        name
                    }
                ))
                .truncate(),
            );
        }
    });
}

/// One row: the group cells (the name on the group's first row, as a merged cell shows it), the
/// level-3 name and the value. `first_in_view` is the top row drawn: a group whose first row is
/// above it shows its name there, greyed, so the row is never without its groups.
#[expect(
    clippy::too_many_arguments,
    reason = "one row of a table laid out by hand"
)]
fn row_ui(
    ui: &mut Ui,
    cx: &mut FormCx<'_>,
    declaration: &Declaration,
    info: Row,
    first_in_view: bool,
    widths: &[f32],
    lefts: &[f32],
    row_rect: Rect,
) {
    let path = info.path;
    let layout = declaration.layout();
    let terms = Terms::of(layout);
    let Some(level1) = declaration.indicators.get(path.level1) else {
        return;
    };
    let level2 = path.level2.and_then(|i2| level1.children.get(i2));
    let level3 = level2.and_then(|level2| level2.children.get(path.level3?));
    let mut column = 0;
    let mut cell = |ui: &mut Ui, starts_group: bool, add: &mut dyn FnMut(&mut Ui)| {
        let (Some(left), Some(width)) = (lefts.get(column), widths.get(column)) else {
            return;
        };
        let rect = Rect::from_min_size(
            egui::pos2(*left, row_rect.top()),
            vec2(*width, row_rect.height()),
        );
        if starts_group {
            ui.painter().hline(
                (rect.left() - 0.5 * ui.spacing().item_spacing.x)
                    ..=(rect.right() + 0.5 * ui.spacing().item_spacing.x),
                rect.top(),
                ui.visuals().widgets.noninteractive.bg_stroke,
            );
        }
        let clip = ui.clip_rect().intersect(rect);
        ui.scope_builder(
            egui::UiBuilder::new()
                .id_salt(("jixiao.cell", path, column))
                .max_rect(rect.shrink2(vec2(2.0, 3.0)))
                .layout(Layout::left_to_right(Align::Center)),
            |ui| {
                ui.set_clip_rect(clip);
                ui.spacing_mut().item_spacing.x = CELL_SPACING;
                add(ui);
            },
        );
        column += 1;
    };
    // 一级指标.
    cell(ui, info.first_of_level1, &mut |ui| {
        if info.first_of_level1 {
            let choices: Vec<&str> = STANDARD_SCHEME.iter().map(|(name, _)| *name).collect();
            group_name_ui(
                ui,
                cx,
                declaration,
                IndicatorPath::level1(path.level1),
                &level1.name,
                &choices,
                &terms.name_hint(1),
            );
        } else if first_in_view {
            continued_name_ui(ui, &level1.name);
        }
    });
    // 二级指标.
    if layout.has_level2() {
        cell(
            ui,
            info.first_of_level2 || info.first_of_level1,
            &mut |ui| {
                if let (Some(level2), Some(i2)) = (level2, path.level2) {
                    if info.first_of_level2 {
                        let choices = standard_level2_names(&level1.name);
                        group_name_ui(
                            ui,
                            cx,
                            declaration,
                            IndicatorPath::level2(path.level1, i2),
                            &level2.name,
                            choices,
                            &terms.name_hint(2),
                        );
                    } else if first_in_view {
                        continued_name_ui(ui, &level2.name);
                    }
                }
            },
        );
    }
    // 三级指标.
    cell(ui, true, &mut |ui| {
        if let Some(level3) = level3 {
            drag_handle(ui, path);
            let width = ui.available_width();
            name_field(
                ui,
                cx,
                declaration,
                path,
                &level3.name,
                width,
                &terms.name_hint(3),
            );
        }
    });
    // 指标值.
    cell(ui, true, &mut |ui| {
        if let Some(level3) = level3 {
            let width = ui.available_width();
            target_ui(ui, cx, declaration, path, level3, width);
        }
    });
}

/// A group's name repeated, greyed, in the top row in view when the group's own row is above.
fn continued_name_ui(ui: &mut Ui, name: &str) {
    ui.add_space(HANDLE_WIDTH + CELL_SPACING);
    ui.add(
        egui::Label::new(RichText::new(name).weak())
            .truncate()
            .selectable(false),
    );
}

fn group_name_ui(
    ui: &mut Ui,
    cx: &mut FormCx<'_>,
    declaration: &Declaration,
    path: IndicatorPath,
    name: &str,
    choices: &[&str],
    hint: &str,
) {
    drag_handle(ui, path);
    let width = ui.available_width() - MENU_WIDTH - ui.spacing().item_spacing.x;
    name_field(ui, cx, declaration, path, name, width, hint);
    if let Some(choice) = choice_menu(ui, "标准指标名称", choices) {
        cx.out
            .edits
            .push(EditCommand::RenameIndicator(path, choice));
        cx.out.select = Some(path);
    }
}

/// The ≡ handle: drag it onto another node of the same level to move the node there. Not a stop
/// of Tab (which goes from field to field).
fn drag_handle(ui: &mut Ui, path: IndicatorPath) {
    let response = ui
        .add(egui::Label::new("≡").selectable(false).sense(Sense::DRAG))
        .on_hover_text("拖动以调整顺序");
    if response.hovered() || response.dragged() {
        ui.set_cursor_icon(egui::CursorIcon::Grab);
    }
    response.dnd_set_drag_payload(path);
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
    // A level-3 name offers the indicator library's completions while it is typed.
    let library = cx.library.filter(|_| path.depth() == 3);
    let completing = library.map(|_| completion::before_input(ui, path_id(model_path)));
    let output = cx.input_ui(
        ui,
        &Input::for_path(model_path, width.max(24.0))
            .lines(Lines::Wrap)
            .hint(hint)
            .keep_escape(
                completing
                    .as_ref()
                    .is_some_and(|before| before.keeps_escape),
            ),
        &mut text,
    );
    let picked = match (library, completing) {
        (Some(library), Some(before)) => {
            completion::after_input(ui, library, path, &output, before)
        }
        _ => None,
    };
    let response = output.response;
    if let Some(fill) = picked {
        cx.out.edits.push(fill);
    } else if output.changed {
        cx.out
            .edits
            .push(EditCommand::RenameIndicator(path, output.text));
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
