//! The findings panel: every finding of the rules, with counts by severity; clicking one asks
//! the app to scroll to and focus its field.

use eframe::egui;
use egui::{RichText, Ui};

use crate::model::{Declaration, IndicatorPath, Path};
use crate::validate::{Finding, Severity};

use super::edit;
use super::widgets::{ERROR_COLOR, WARNING_COLOR};

/// Draws the panel; returns the path of the finding clicked this frame.
pub fn findings_ui(ui: &mut Ui, declaration: &Declaration, findings: &[Finding]) -> Option<Path> {
    let count = |severity| {
        findings
            .iter()
            .filter(|finding| finding.severity == severity)
            .count()
    };
    ui.heading("检查结果");
    ui.label(format!(
        "错误 {} · 警告 {} · 提示 {}",
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    ));
    ui.separator();
    if findings.is_empty() {
        ui.label("未发现问题。");
        return None;
    }
    let mut clicked = None;
    egui::ScrollArea::vertical()
        .id_salt("findings")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for finding in findings {
                let color = match finding.severity {
                    Severity::Error => ERROR_COLOR,
                    Severity::Warning => WARNING_COLOR,
                    Severity::Info => ui.visuals().text_color(),
                };
                let text = format!("{}　{}", finding.severity.label(), finding.message);
                let where_ = location(declaration, finding.path);
                let response = ui
                    .add(egui::Button::selectable(false, RichText::new(text).color(color)).wrap())
                    .on_hover_text(format!("位置：{where_}\n点击跳转到该栏"));
                if response.clicked() {
                    clicked = Some(finding.path);
                }
            }
        });
    clicked
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
