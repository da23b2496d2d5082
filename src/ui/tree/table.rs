//! The geometry and the chrome of the indicator table: the columns' widths (shared out of the
//! table's width from the user's fractions), the rows' heights (estimated from their texts without
//! laying them out, so that only the rows in view are built), the header row, the draggable rules
//! between columns and the header pinned at the top of the view.

use eframe::egui;
use egui::{Align, Layout, Rect, RichText, Sense, Ui, vec2};

use crate::model::{Declaration, FormLayout, TargetValue};

use super::super::widgets::FormCx;
use super::Row;

/// The height of a row whose texts fit on one line, in points.
pub const MIN_ROW_HEIGHT: f32 = 30.0;
/// The height of the header row, in points.
pub(super) const HEADER_HEIGHT: f32 = 26.0;
/// What the ≡ handle takes from a name cell, in points.
pub(super) const HANDLE_WIDTH: f32 = 10.0;
/// What a ▼ menu button takes beside a field, in points.
pub(super) const MENU_WIDTH: f32 = 25.0;
/// Room between the parts of a cell (handle, field, menu), in points.
pub(super) const CELL_SPACING: f32 = 4.0;
/// The width of the 计算符号 list, in points.
pub(super) const COMPARATOR_WIDTH: f32 = 46.0;
/// Narrowest widths of the columns, in points: a group name, a level-3 name, the value
/// (comparator, number, unit and ▼).
pub(super) const MIN_GROUP_WIDTH: f32 = 92.0;
pub(super) const MIN_LEVEL3_WIDTH: f32 = 130.0;
pub(super) const MIN_VALUE_WIDTH: f32 = 220.0;
/// The default share of the table's width of 一级, 二级 and 三级 (the value takes the rest), as
/// on the printed form, where names are short and level-3 names long.
pub(super) const DEFAULT_FRACTIONS: [f32; 3] = [0.16, 0.2, 0.3];
/// The same for the 2018 layout's two name columns (分解目标内容, 绩效指标).
pub(super) const DEFAULT_FRACTIONS_2018: [f32; 2] = [0.22, 0.40];

/// The widths of the name columns (一级, 二级 when the layout has it, 三级) for a table `total`
/// points wide, from the user's `fractions` (or the defaults), never narrower than their minimum
/// and leaving the value column at least [`MIN_VALUE_WIDTH`] where the total allows.
pub(super) fn name_widths(
    total: f32,
    fractions: &[f32],
    layout: FormLayout,
    spacing: f32,
) -> Vec<f32> {
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
pub(super) fn estimated_width(text: &str, size: f32) -> f32 {
    let ems: f32 = text
        .chars()
        .map(|c| if c.is_ascii() { 0.62 } else { 1.0 })
        .sum();
    ems * size
}

/// About how many lines `text` wraps to in a field `width` points wide.
pub(super) fn estimated_lines(text: &str, width: f32, size: f32) -> f32 {
    if text.is_empty() || width <= 0.0 {
        return 1.0;
    }
    (estimated_width(text, size) / width).ceil().max(1.0)
}

/// The sizes the rows are laid out with, for one frame.
#[derive(Clone, Copy, Debug)]
pub(super) struct Metrics {
    /// The body font's size and line height, in points.
    pub(super) font_size: f32,
    pub(super) line_height: f32,
    /// A text field's height over its lines (margins and border), in points.
    pub(super) field_padding: f32,
    /// The width available to a group name, a level-3 name and a qualitative value, in points.
    pub(super) level1_text: f32,
    pub(super) level2_text: f32,
    pub(super) level3_text: f32,
    pub(super) value_text: f32,
}

impl Metrics {
    /// The row's height: its tallest wrapped text, at least [`MIN_ROW_HEIGHT`].
    pub(super) fn row_height(&self, declaration: &Declaration, row: Row) -> f32 {
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

/// The header row: each column's name in bold on a faint background, with a rule under it.
pub(super) fn header_ui(ui: &mut Ui, headers: &[&str], widths: &[f32], lefts: &[f32], rect: Rect) {
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
pub(super) fn column_rules_ui(
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
pub(super) fn sticky_header_ui(
    ui: &mut Ui,
    headers: &[&str],
    widths: &[f32],
    lefts: &[f32],
    table: Rect,
) {
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
