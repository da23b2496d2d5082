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

use eframe::egui;
use egui::{Align, ComboBox, Layout, Rect, RichText, Sense, Ui, vec2};

use crate::model::{
    COMMON_UNITS, Comparator, Declaration, FormLayout, IndicatorPart, IndicatorPath,
    Level3Indicator, Path, STANDARD_SCHEME, TargetNumber, TargetValue, standard_level2_names,
};

use super::command::{EditCommand, TreeAction};
use super::edit;
use super::terms::Terms;
use super::widgets::{
    EditText, FormCx, INPUT_MARGIN_X, INPUT_MARGIN_Y, Input, Lines, choice_menu, keep_text, path_id,
};

/// The height of a row whose texts fit on one line, in points.
pub const MIN_ROW_HEIGHT: f32 = 30.0;
/// The height of the header row, in points.
const HEADER_HEIGHT: f32 = 26.0;
/// What the ≡ handle takes from a name cell, in points.
const HANDLE_WIDTH: f32 = 10.0;
/// What a ▼ menu button takes beside a field, in points.
const MENU_WIDTH: f32 = 25.0;
/// Room between the parts of a cell (handle, field, menu), in points.
const CELL_SPACING: f32 = 4.0;
/// The width of the 计算符号 list, in points.
const COMPARATOR_WIDTH: f32 = 46.0;
/// Narrowest widths of the columns, in points: a group name, a level-3 name, the value
/// (comparator, number, unit and ▼).
const MIN_GROUP_WIDTH: f32 = 92.0;
const MIN_LEVEL3_WIDTH: f32 = 130.0;
const MIN_VALUE_WIDTH: f32 = 220.0;
/// The default share of the table's width of 一级, 二级 and 三级 (the value takes the rest), as
/// on the printed form, where names are short and level-3 names long.
const DEFAULT_FRACTIONS: [f32; 3] = [0.16, 0.2, 0.3];
/// The same for the 2018 layout's two name columns (分解目标内容, 绩效指标).
const DEFAULT_FRACTIONS_2018: [f32; 2] = [0.22, 0.40];

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

/// The widths of the name columns (一级, 二级 when the layout has it, 三级) for a table `total`
/// points wide, from the user's `fractions` (or the defaults), never narrower than their minimum
/// and leaving the value column at least [`MIN_VALUE_WIDTH`] where the total allows.
fn name_widths(total: f32, fractions: &[f32], layout: FormLayout, spacing: f32) -> Vec<f32> {
    let defaults: &[f32] = if layout.has_level2() {
        &DEFAULT_FRACTIONS
    } else {
        &DEFAULT_FRACTIONS_2018
    };
    let valid = fractions.len() == defaults.len()
        && fractions.iter().all(|f| f.is_finite() && *f > 0.0)
        && fractions.iter().sum::<f32>() < 0.95;
    let fractions = if valid { fractions } else { defaults };
    let minimums: Vec<f32> = (0..fractions.len())
        .map(|index| {
            if index + 1 == fractions.len() {
                MIN_LEVEL3_WIDTH
            } else {
                MIN_GROUP_WIDTH
            }
        })
        .collect();
    #[expect(clippy::cast_precision_loss, reason = "three columns at most")]
    let room = total - MIN_VALUE_WIDTH - spacing * fractions.len() as f32;
    let mut widths: Vec<f32> = fractions
        .iter()
        .zip(&minimums)
        .map(|(fraction, minimum)| (fraction * total).max(*minimum))
        .collect();
    let sum: f32 = widths.iter().sum();
    if sum > room {
        // Too narrow for the user's widths: shrink what is above the minimums, in proportion.
        let floor: f32 = minimums.iter().sum();
        let scale = ((room - floor) / (sum - floor).max(1.0)).clamp(0.0, 1.0);
        for (width, minimum) in widths.iter_mut().zip(&minimums) {
            *width = minimum + (*width - minimum) * scale;
        }
    }
    widths.iter().map(|width| width.floor()).collect()
}

/// About how many points `text` takes on one line in a font of `size` points, without laying
/// it out: CJK and full-width characters are one em, others a little over half (Latin letters
/// and digits of egui's font), rounded up so that an estimate errs towards one line too many.
fn estimated_width(text: &str, size: f32) -> f32 {
    let ems: f32 = text
        .chars()
        .map(|c| if c.is_ascii() { 0.62 } else { 1.0 })
        .sum();
    ems * size
}

/// About how many lines `text` wraps to in a field `width` points wide.
fn estimated_lines(text: &str, width: f32, size: f32) -> f32 {
    if text.is_empty() || width <= 0.0 {
        return 1.0;
    }
    (estimated_width(text, size) / width).ceil().max(1.0)
}

/// The sizes the rows are laid out with, for one frame.
#[derive(Clone, Copy, Debug)]
struct Metrics {
    /// The body font's size and line height, in points.
    font_size: f32,
    line_height: f32,
    /// A text field's height over its lines (margins and border), in points.
    field_padding: f32,
    /// The width available to a group name, a level-3 name and a qualitative value, in points.
    level1_text: f32,
    level2_text: f32,
    level3_text: f32,
    value_text: f32,
}

impl Metrics {
    /// The row's height: its tallest wrapped text, at least [`MIN_ROW_HEIGHT`].
    fn row_height(&self, declaration: &Declaration, row: Row) -> f32 {
        let path = row.path;
        let Some(level1) = declaration.indicators.get(path.level1) else {
            return MIN_ROW_HEIGHT;
        };
        let mut lines: f32 = 1.0;
        if row.first_of_level1 {
            lines = lines.max(estimated_lines(
                &level1.name,
                self.level1_text,
                self.font_size,
            ));
        }
        let level2 = path.level2.and_then(|i2| level1.children.get(i2));
        if row.first_of_level2
            && declaration.layout().has_level2()
            && let Some(level2) = level2
        {
            lines = lines.max(estimated_lines(
                &level2.name,
                self.level2_text,
                self.font_size,
            ));
        }
        if let Some(level3) = level2.and_then(|level2| level2.children.get(path.level3?)) {
            lines = lines.max(estimated_lines(
                &level3.name,
                self.level3_text,
                self.font_size,
            ));
            if let Some(TargetValue::Qualitative(text)) = &level3.target {
                lines = lines.max(estimated_lines(text, self.value_text, self.font_size));
            }
        }
        (lines * self.line_height + self.field_padding + 6.0).max(MIN_ROW_HEIGHT)
    }
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

/// The header row: each column's name in bold on a faint background, with a rule under it.
fn header_ui(ui: &mut Ui, headers: &[&str], widths: &[f32], lefts: &[f32], rect: Rect) {
    ui.painter()
        .rect_filled(rect, 0.0, ui.visuals().faint_bg_color);
    ui.painter().hline(
        rect.x_range(),
        rect.bottom(),
        ui.visuals().widgets.noninteractive.bg_stroke,
    );
    for ((text, width), left) in headers.iter().zip(widths).zip(lefts) {
        let cell = Rect::from_min_size(egui::pos2(*left, rect.top()), vec2(*width, rect.height()));
        ui.scope_builder(
            egui::UiBuilder::new()
                .max_rect(cell.shrink2(vec2(4.0, 0.0)))
                .layout(Layout::left_to_right(Align::Center)),
            |ui| {
                ui.add(egui::Label::new(RichText::new(*text).strong()).truncate());
            },
        );
    }
}

/// The rules between columns, over the whole table; dragging one (between two name columns, or
/// before the value column) changes the widths, remembered as fractions of the table's width.
fn column_rules_ui(
    ui: &mut Ui,
    cx: &mut FormCx<'_>,
    widths: &[f32],
    lefts: &[f32],
    table: Rect,
    total: f32,
) {
    let spacing = ui.spacing().item_spacing.x;
    let names = widths.len() - 1;
    for index in 0..names {
        let (Some(left), Some(width)) = (lefts.get(index), widths.get(index)) else {
            continue;
        };
        let x = left + width + 0.5 * spacing;
        let grab = Rect::from_x_y_ranges((x - 3.0)..=(x + 3.0), table.y_range());
        let response = ui.interact(
            grab,
            egui::Id::unique(("jixiao.column_rule", index)),
            Sense::drag(),
        );
        let stroke = if response.dragged() || response.hovered() {
            ui.set_cursor_icon(egui::CursorIcon::ResizeColumn);
            ui.visuals().widgets.hovered.bg_stroke
        } else {
            ui.visuals().widgets.noninteractive.bg_stroke
        };
        ui.painter().vline(x, table.y_range(), stroke);
        if response.dragged()
            && let Some(pointer) = response.interact_pointer_pos()
            && total > 0.0
        {
            let minimum = if index + 1 == names {
                MIN_LEVEL3_WIDTH
            } else {
                MIN_GROUP_WIDTH
            };
            let others: f32 = widths
                .iter()
                .take(names)
                .enumerate()
                .filter(|(other, _)| *other != index)
                .map(|(_, width)| width)
                .sum();
            #[expect(clippy::cast_precision_loss, reason = "four columns at most")]
            let maximum = total - others - MIN_VALUE_WIDTH - spacing * widths.len() as f32;
            let width = (pointer.x - left - 0.5 * spacing).clamp(minimum, maximum.max(minimum));
            let mut fractions: Vec<f32> = widths
                .iter()
                .take(names)
                .map(|width| width / total)
                .collect();
            if let Some(fraction) = fractions.get_mut(index) {
                *fraction = width / total;
            }
            *cx.column_fractions = fractions;
        }
    }
}

/// When the table's header row has scrolled out of view but rows are still in view, a copy of
/// it is drawn at the top of the view, over the rows (and catching clicks meant for it).
fn sticky_header_ui(ui: &mut Ui, headers: &[&str], widths: &[f32], lefts: &[f32], table: Rect) {
    let clip = ui.clip_rect();
    if clip.top() <= table.top() + 1.0 || clip.top() + 2.0 * HEADER_HEIGHT >= table.bottom() {
        return;
    }
    let rect = Rect::from_min_size(
        egui::pos2(table.left(), clip.top()),
        vec2(table.width(), HEADER_HEIGHT),
    );
    let _catches_clicks = ui.interact(
        rect,
        egui::Id::unique("jixiao.sticky_header"),
        Sense::click(),
    );
    ui.painter().rect_filled(rect, 0.0, ui.visuals().panel_fill);
    header_ui(ui, headers, widths, lefts, rect);
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
    let output = cx.input_ui(
        ui,
        &Input::for_path(model_path, width.max(24.0))
            .lines(Lines::Wrap)
            .hint(hint),
        &mut text,
    );
    let response = output.response;
    if output.changed {
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

const QUALITATIVE: &str = "定性";

/// The value cell: the 计算符号 list (or 定性), then the number, the unit with its ▼ list and the
/// value as printed (when there is room), or the qualitative text, wrapping.
fn target_ui(
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
