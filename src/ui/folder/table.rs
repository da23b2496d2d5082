//! Drawing the folder list: the buttons, the sortable table (only the rows in view are laid
//! out), the totals per year and, after 检查全部, every finding of every file.

use eframe::egui;
use egui::{Align, Layout, Rect, RichText, Sense, Ui, UiBuilder, pos2, vec2};

use crate::model::format_yuan;
use crate::projects::SummaryRow;
use crate::validate::Severity;

use super::super::theme;
use super::{Column, FolderAction, FolderView, Listing, format_modified, total_lines};

/// Draws the folder list; returns what the user asked for this frame.
pub fn folder_ui(ui: &mut Ui, view: &mut FolderView, printing: bool) -> Option<FolderAction> {
    let mut action = None;
    ui.horizontal_wrapped(|ui| {
        ui.heading("文件夹中的申报表");
        ui.add(
            egui::Label::new(RichText::new(view.folder.display().to_string()).weak()).truncate(),
        );
    });
    ui.horizontal_wrapped(|ui| {
        let busy = view.is_loading();
        let mut button = |ui: &mut Ui, label: &str, tip: &str, enabled: bool, then: FolderAction| {
            if ui
                .add_enabled(enabled, egui::Button::new(label))
                .on_hover_text(tip)
                .clicked()
            {
                action = Some(then);
            }
        };
        button(ui, "返回申报表", "回到正在编辑的申报表", true, FolderAction::Close);
        ui.separator();
        button(
            ui,
            "检查全部文件",
            "重新读取并按审核规则检查每一张申报表，列出全部问题",
            !busy,
            FolderAction::CheckAll,
        );
        let has_rows = view.listing.as_ref().is_some_and(|listing| {
            listing.declarations.iter().any(Option::is_some)
        });
        button(
            ui,
            "全部打印为 PDF…",
            "按列表顺序把全部申报表打印到一个 PDF 文件",
            has_rows && !busy && !printing,
            FolderAction::PrintAll,
        );
        button(
            ui,
            "全部导出为 TSV…",
            "按列表顺序把全部申报表导出到一个制表符分隔的文本文件（可粘贴到 Excel/WPS，也可再导入）",
            has_rows && !busy,
            FolderAction::ExportAll,
        );
        button(
            ui,
            "全部导出为 Excel…",
            "按列表顺序把全部申报表导出到一个 Excel 工作簿（.xlsx），每张申报表一个工作表，版式与打印的相同",
            has_rows && !busy,
            FolderAction::ExportAllExcel,
        );
        ui.separator();
        button(ui, "重新读取", "重新读取文件夹", !busy, FolderAction::Reload);
        button(
            ui,
            "打开其他文件夹…",
            "列出另一个文件夹中的申报表",
            true,
            FolderAction::OpenOther,
        );
    });
    if let Some(message) = &view.message {
        ui.label(message.as_str());
    }
    if view.is_loading() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("正在读取文件夹…");
        });
    }
    if let Some(error) = &view.error {
        ui.colored_label(theme::error_color(ui.visuals()), error.as_str());
    }
    ui.separator();
    // Taken out while drawn (the rows change the view's selection and sort), put back after.
    let Some(listing) = view.listing.take() else {
        return action;
    };
    if let Some(listed) = list_ui(ui, view, &listing) {
        action = Some(listed);
    }
    view.listing = Some(listing);
    action
}

/// The table, the totals and (after 检查全部) the findings of every file.
fn list_ui(ui: &mut Ui, view: &mut FolderView, listing: &Listing) -> Option<FolderAction> {
    let mut action = None;
    if listing.summary.rows.is_empty() {
        ui.label("这个文件夹中没有申报表文件（.ron）。");
        return action;
    }
    let totals = total_lines(&listing.summary);
    let line = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y;
    #[expect(clippy::cast_precision_loss, reason = "a handful of lines")]
    let totals_height = (totals.len() as f32 + 1.0) * line + 12.0;
    let findings_height = if view.show_findings {
        (ui.available_height() * 0.35).max(120.0)
    } else {
        0.0
    };
    let table_height = (ui.available_height() - totals_height - findings_height).max(120.0);
    let widths = column_widths(ui.available_width());
    if let Some(clicked) = header_ui(ui, view.sort, &widths) {
        view.sort_by_in(clicked, listing);
    }
    let row_height = line + 8.0;
    let order = view.order.clone();
    egui::ScrollArea::vertical()
        .id_salt("jixiao.folder.rows")
        .max_height(table_height)
        .auto_shrink([false, true])
        .show_rows(ui, row_height, order.len(), |ui, range| {
            for index in order.get(range).unwrap_or_default() {
                let Some(row) = listing.summary.rows.get(*index) else {
                    continue;
                };
                let selected = view.selected == Some(*index);
                match row_ui(ui, row, &widths, row_height, selected) {
                    Some(RowClick::Select) => view.selected = Some(*index),
                    Some(RowClick::Open) => action = Some(FolderAction::Open(row.file.clone())),
                    None => {}
                }
            }
        });
    ui.separator();
    for total in &totals {
        ui.label(RichText::new(total.as_str()).strong());
    }
    if view.show_findings {
        ui.separator();
        findings_ui(ui, view, listing);
    }
    action
}

/// The gap between two columns, in points.
const COLUMN_GAP: f32 = 8.0;

/// Each column's width for a list `total` points wide (项目名称 takes what the others leave).
fn column_widths(total: f32) -> Vec<f32> {
    let fixed: f32 = Column::ALL.iter().filter_map(|column| column.width()).sum();
    #[expect(clippy::cast_precision_loss, reason = "seven columns")]
    let gaps = COLUMN_GAP * (Column::ALL.len() + 1) as f32;
    let name = (total - fixed - OPEN_WIDTH - gaps).max(120.0);
    Column::ALL
        .iter()
        .map(|column| column.width().unwrap_or(name))
        .collect()
}

/// The cells of a line of the table inside `line`: one per column, then the 打开 cell; the same
/// for the header and every row, so that they line up.
fn cell_rects(line: Rect, widths: &[f32]) -> Vec<Rect> {
    let mut left = line.left() + COLUMN_GAP / 2.0;
    widths
        .iter()
        .chain(std::iter::once(&OPEN_WIDTH))
        .map(|width| {
            let cell = Rect::from_min_size(pos2(left, line.top()), vec2(*width, line.height()));
            left += width + COLUMN_GAP;
            cell
        })
        .collect()
}

/// Whether the column's cells are aligned right (amounts and counts, as in a spreadsheet).
fn aligned_right(column: Column) -> bool {
    matches!(
        column,
        Column::AnnualTotal | Column::Errors | Column::Warnings
    )
}

/// Draws `text` in `cell`, on the left or the right, cut short with … when it does not fit.
fn cell_ui(ui: &mut Ui, cell: Rect, text: RichText, right: bool) {
    let layout = if right {
        Layout::right_to_left(Align::Center)
    } else {
        Layout::left_to_right(Align::Center)
    };
    let mut child = ui.new_child(UiBuilder::new().max_rect(cell).layout(layout));
    child.add(egui::Label::new(text).truncate().selectable(false));
}

/// The width of the 打开 column, in points.
const OPEN_WIDTH: f32 = 56.0;

/// The header row: each heading sorts by its column (▲/▼ on the one sorted by).
fn header_ui(ui: &mut Ui, sort: Option<(Column, bool)>, widths: &[f32]) -> Option<Column> {
    let mut clicked = None;
    let height = ui.text_style_height(&egui::TextStyle::Body) + 8.0;
    let (line, _) = ui.allocate_exact_size(vec2(ui.available_width(), height), Sense::hover());
    for (column, cell) in Column::ALL.iter().zip(cell_rects(line, widths)) {
        let mark = match sort {
            Some((sorted, true)) if sorted == *column => " ▲",
            Some((sorted, false)) if sorted == *column => " ▼",
            _ => "",
        };
        let response = ui
            .interact(
                cell,
                egui::Id::unique(("jixiao.folder.sort", column.label())),
                Sense::click(),
            )
            .on_hover_text(format!("按{}排序", column.label()));
        if response.hovered() {
            ui.painter()
                .rect_filled(cell, 2.0, ui.visuals().widgets.hovered.weak_bg_fill);
        }
        response.widget_info(|| {
            egui::WidgetInfo::labeled(
                egui::accesskit::Role::Button,
                true,
                format!("按{}排序", column.label()),
            )
        });
        let text = RichText::new(format!("{}{mark}", column.label())).strong();
        cell_ui(ui, cell, text, aligned_right(*column));
        if response.clicked() {
            clicked = Some(*column);
        }
    }
    clicked
}

/// What a click on a row asked for.
enum RowClick {
    Select,
    Open,
}

/// One file: its cells, and 打开 (a double click opens it too).
fn row_ui(
    ui: &mut Ui,
    row: &SummaryRow,
    widths: &[f32],
    height: f32,
    selected: bool,
) -> Option<RowClick> {
    let (rect, response) =
        ui.allocate_exact_size(vec2(ui.available_width(), height), Sense::click());
    if selected {
        ui.painter()
            .rect_filled(rect, 0.0, ui.visuals().selection.bg_fill);
    } else if response.hovered() {
        ui.painter()
            .rect_filled(rect, 0.0, ui.visuals().widgets.hovered.weak_bg_fill);
    }
    let file_name = row.file.file_name().map_or_else(
        || row.file.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    let mut click = None;
    let cells = cell_rects(rect, widths);
    let cell = |index: usize| cells.get(index).copied().unwrap_or(rect);
    match &row.facts {
        Ok(facts) => {
            cell_ui(
                ui,
                cell(0),
                RichText::new(facts.fiscal_year.to_string()),
                false,
            );
            cell_ui(
                ui,
                cell(1),
                RichText::new(facts.project_name.as_str()),
                false,
            );
            let amount = facts.annual_total.map(format_yuan).unwrap_or_default();
            cell_ui(ui, cell(2), RichText::new(amount), true);
            let errors = RichText::new(facts.errors.to_string());
            let errors = if facts.errors > 0 {
                errors.color(theme::error_color(ui.visuals()))
            } else {
                errors
            };
            cell_ui(ui, cell(3), errors, true);
            let warnings = RichText::new(facts.warnings.to_string());
            let warnings = if facts.warnings > 0 {
                warnings.color(theme::warning_color(ui.visuals()))
            } else {
                warnings
            };
            cell_ui(ui, cell(4), warnings, true);
        }
        Err(error) => {
            // The reason spans 项目名称 to 警告.
            let color = theme::error_color(ui.visuals());
            cell_ui(
                ui,
                cell(1).union(cell(4)),
                RichText::new(error.as_str()).color(color),
                false,
            );
        }
    }
    cell_ui(
        ui,
        cell(5),
        RichText::new(format_modified(row.modified)),
        false,
    );
    let readable = row.facts.is_ok();
    let name = match &row.facts {
        Ok(facts) => facts.project_name.clone(),
        Err(_) => file_name.clone(),
    };
    let mut open_cell = ui.new_child(
        UiBuilder::new()
            .max_rect(cell(6))
            .layout(Layout::left_to_right(Align::Center)),
    );
    let open = open_cell
        .add_enabled(readable, egui::Button::new("打开").small())
        .on_hover_text(format!("打开 {file_name}"))
        .accessible_name(format!("打开 {name}"));
    if open.clicked() {
        click = Some(RowClick::Open);
    }
    let described = match &row.facts {
        Ok(facts) => format!(
            "{} {}（{file_name}）",
            facts.fiscal_year, facts.project_name
        ),
        Err(error) => error.clone(),
    };
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::accesskit::Role::Row, true, described.as_str())
    });
    let response = response.on_hover_text(row.file.display().to_string());
    if response.double_clicked() && readable {
        click = Some(RowClick::Open);
    } else if response.clicked() && click.is_none() {
        click = Some(RowClick::Select);
    }
    click
}

/// 检查全部: every finding of every file, file by file.
fn findings_ui(ui: &mut Ui, view: &FolderView, listing: &Listing) {
    let total: usize = listing.findings.iter().map(Vec::len).sum();
    ui.label(RichText::new(format!("检查结果：全部文件共 {total} 个问题")).strong());
    egui::ScrollArea::vertical()
        .id_salt("jixiao.folder.findings")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for index in &view.order {
                let (Some(row), Some(findings)) = (
                    listing.summary.rows.get(*index),
                    listing.findings.get(*index),
                ) else {
                    continue;
                };
                let title = match &row.facts {
                    Ok(facts) => format!("{} {}", facts.fiscal_year, facts.project_name),
                    Err(error) => {
                        ui.colored_label(theme::error_color(ui.visuals()), error.as_str());
                        continue;
                    }
                };
                if findings.is_empty() {
                    continue;
                }
                ui.label(RichText::new(title).strong());
                for finding in findings {
                    let color = match finding.severity {
                        Severity::Error => theme::error_color(ui.visuals()),
                        Severity::Warning => theme::warning_color(ui.visuals()),
                        Severity::Info => ui.visuals().text_color(),
                    };
                    let where_ = listing
                        .declarations
                        .get(*index)
                        .and_then(Option::as_ref)
                        .map(|declaration| {
                            super::super::findings::location(declaration, finding.path)
                        })
                        .unwrap_or_default();
                    ui.add(
                        egui::Label::new(
                            RichText::new(format!(
                                "　{}　{where_}：{}",
                                finding.severity.label(),
                                finding.message
                            ))
                            .color(color),
                        )
                        .wrap(),
                    );
                }
            }
        });
}
