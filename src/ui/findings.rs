//! The findings panel: every finding of the rules, with counts by severity; clicking one asks
//! the app to scroll to and focus its field. On a new blank form, required fields not touched
//! yet are listed as 待填写 (neutral) rather than as errors. After them come the indicator
//! library's hints about rows that look misplaced (提示), each with a one-click move.

use eframe::egui;
use egui::Ui;

use crate::library::MisplacedRow;
use crate::model::{Declaration, IndicatorPart, IndicatorPath, Path};
use crate::validate::{Finding, Severity};

use super::edit;
use super::theme;

/// What a click in the findings panel asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FindingsClick {
    /// Go to this field.
    GoTo(Path),
    /// Carry out the move of the misplaced-row hint at this index.
    Fix(usize),
}

/// Draws the panel; `pending` says which findings are shown as 待填写, `hints` are the library's
/// misplaced-row hints (listed after the findings). Returns what was clicked this frame.
pub fn findings_ui(
    ui: &mut Ui,
    declaration: &Declaration,
    findings: &[Finding],
    pending: &dyn Fn(&Finding) -> bool,
    hints: &[MisplacedRow],
) -> Option<FindingsClick> {
    let count = |severity| {
        findings
            .iter()
            .filter(|finding| finding.severity == severity && !pending(finding))
            .count()
    };
    let waiting = findings.iter().filter(|finding| pending(finding)).count();
    ui.heading("检查结果");
    let mut counts = format!(
        "错误 {} · 警告 {} · 提示 {}",
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info) + hints.len()
    );
    if waiting > 0 {
        counts.push_str(&format!(" · 待填写 {waiting}"));
    }
    ui.add(egui::Label::new(counts).wrap());
    ui.separator();
    if findings.is_empty() && hints.is_empty() {
        ui.label("未发现问题。");
        return None;
    }
    // Each finding takes two lines (longer messages end in …, in full on hover), so the list
    // has rows of one height and only the visible ones are laid out.
    let font = egui::TextStyle::Body.resolve(ui.style());
    let line_height = ui.fonts_mut(|fonts| fonts.row_height(&font));
    let row_height = 2.0 * line_height + 6.0;
    let mut clicked = None;
    egui::ScrollArea::vertical()
        .id_salt("findings")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, findings.len() + hints.len(), |ui, rows| {
            for index in rows {
                if let Some(finding) = findings.get(index) {
                    if finding_row_ui(
                        ui,
                        declaration,
                        finding,
                        pending(finding),
                        &font,
                        row_height,
                    ) {
                        clicked = Some(FindingsClick::GoTo(finding.path));
                    }
                } else if let Some(at) = index.checked_sub(findings.len())
                    && let Some(hint) = hints.get(at)
                    && let Some(click) = hint_row_ui(ui, hint, &font, row_height)
                {
                    clicked = Some(match click {
                        HintClick::Row => {
                            FindingsClick::GoTo(Path::Indicator(hint.path, IndicatorPart::Name))
                        }
                        HintClick::Move => FindingsClick::Fix(at),
                    });
                }
            }
        });
    clicked
}

/// What a click on a hint's row asked for.
enum HintClick {
    /// Go to the row.
    Row,
    /// Move it.
    Move,
}

/// One misplaced-row hint as a two-line row with 移动 on the right.
fn hint_row_ui(
    ui: &mut Ui,
    hint: &MisplacedRow,
    font: &egui::FontId,
    row_height: f32,
) -> Option<HintClick> {
    let color = ui.visuals().text_color();
    let text = format!("{}　{}", Severity::Info.label(), hint.message);
    let button_width = 48.0;
    let (rect, response) = row_ui(ui, &text, font, color, row_height, button_width + 12.0);
    let button_rect = egui::Rect::from_min_size(
        egui::pos2(rect.right() - button_width - 4.0, rect.top() + 3.0),
        egui::vec2(button_width, row_height - 6.0),
    );
    let moved = ui
        .put(button_rect, egui::Button::new("移动"))
        .on_hover_text(format!("移到「{}」下（可撤销）", hint.suggested))
        .accessible_name(format!("移动 {}", hint.name.trim()))
        .clicked();
    if moved {
        return Some(HintClick::Move);
    }
    response
        .on_hover_text(format!(
            "{text}\n点击跳转到该指标；「移动」把它移到「{}」下",
            hint.suggested
        ))
        .clicked()
        .then_some(HintClick::Row)
}

/// One finding as a clickable two-line row; returns whether it was clicked.
fn finding_row_ui(
    ui: &mut Ui,
    declaration: &Declaration,
    finding: &Finding,
    pending: bool,
    font: &egui::FontId,
    row_height: f32,
) -> bool {
    let color = match finding.severity {
        _ if pending => theme::pending_color(ui.visuals()),
        Severity::Error => theme::error_color(ui.visuals()),
        Severity::Warning => theme::warning_color(ui.visuals()),
        Severity::Info => ui.visuals().text_color(),
    };
    let label = if pending {
        "待填写"
    } else {
        finding.severity.label()
    };
    let text = format!("{label}　{}", finding.message);
    let (_, response) = row_ui(ui, &text, font, color, row_height, 8.0);
    let where_ = location(declaration, finding.path);
    response
        .on_hover_text(format!("{text}\n位置：{where_}\n点击跳转到该栏"))
        .clicked()
}

/// Allocates a clickable row of `row_height` across the panel and paints `text` in it on at most
/// two lines (longer text ends in …), lit while hovered; the text wraps `right_margin` short of
/// the row's right edge. Returns the row's rectangle and response, announced as a button.
fn row_ui(
    ui: &mut Ui,
    text: &str,
    font: &egui::FontId,
    color: egui::Color32,
    row_height: f32,
    right_margin: f32,
) -> (egui::Rect, egui::Response) {
    let width = ui.available_width();
    let (rect, response) =
        ui.allocate_exact_size(egui::vec2(width, row_height), egui::Sense::click());
    let mut job =
        egui::text::LayoutJob::simple(text.to_owned(), font.clone(), color, width - right_margin);
    job.wrap.max_rows = 2;
    job.wrap.break_anywhere = true;
    let galley = ui.painter().layout_job(job);
    if response.hovered() {
        ui.painter()
            .rect_filled(rect, 2.0, ui.visuals().widgets.hovered.weak_bg_fill);
    }
    ui.painter()
        .galley(rect.min + egui::vec2(4.0, 3.0), galley, color);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Button, true, text));
    (rect, response)
}

/// Where a finding points, in words: 「年度资金申请总额」, 「产出指标 / 数量指标 / …」.
pub fn location(declaration: &Declaration, path: Path) -> String {
    match path {
        Path::Field(field) => field.label().to_owned(),
        Path::Indicator(path, _) => indicator_location(declaration, path),
        Path::SubBudget(index) => format!("项目当年投入资金构成第 {} 行", index + 1),
    }
}

fn indicator_location(declaration: &Declaration, path: IndicatorPath) -> String {
    let mut parts = Vec::new();
    let mut partial = IndicatorPath::level1(path.level1);
    parts.push(
        edit::name(declaration, partial)
            .unwrap_or_default()
            .to_owned(),
    );
    if let Some(level2) = path.level2 {
        partial = IndicatorPath::level2(path.level1, level2);
        parts.push(
            edit::name(declaration, partial)
                .unwrap_or_default()
                .to_owned(),
        );
        if path.level3.is_some() {
            parts.push(edit::name(declaration, path).unwrap_or_default().to_owned());
        }
    }
    parts.join(" / ")
}
