//! The editor's field widgets: text, money, date and editable choice fields that emit commands.
//!
//! Every field is addressed by a model [`Path`]: its egui id comes from the path
//! ([`path_id`]), so a finding can scroll to and focus it, and its outline shows the worst
//! finding on it (red error, amber warning; messages on hover). Fields never change the model:
//! they push an [`EditCommand`] into the [`FormCx`]. Half-typed money, dates and numbers stay in
//! the widget's own state ([`EditText`]) until they parse, like egui's `DragValue`.

use eframe::egui;
use std::collections::HashMap;
use std::fmt::Write as _;

use egui::{Id, Response, Stroke, TextEdit, Ui};

use crate::model::{
    Field, IndicatorPath, MoneyParseError, Path, Yuan, format_date, format_yuan, parse_date,
    parse_yuan,
};
use crate::validate::{Finding, Severity};

use super::command::EditCommand;
use super::theme;

/// The egui id of the widget that edits `path` (the same in every frame and every view).
pub fn path_id(path: Path) -> Id {
    Id::unique(("jixiao.field", path))
}

/// Text typed into a money, date or number field that is kept while the field is focused or
/// while it does not parse. Stored in egui's temporary memory under the field's id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EditText(pub String);

/// The findings of one field, worst first, for its outline and tooltip.
#[derive(Clone, Debug, Default)]
pub struct Marker {
    /// The worst severity among them.
    pub severity: Option<Severity>,
    /// Their messages, one per line.
    pub messages: String,
}

/// Findings grouped by the field they are about.
pub type Markers = HashMap<Path, Marker>;

/// Groups `findings` by path.
pub fn markers(findings: &[Finding]) -> Markers {
    let mut markers = Markers::new();
    for finding in findings {
        let marker = markers.entry(finding.path).or_default();
        marker.severity = Some(match marker.severity {
            Some(worst) => worst.min(finding.severity),
            None => finding.severity,
        });
        if !marker.messages.is_empty() {
            marker.messages.push('\n');
        }
        let _infallible = write!(
            marker.messages,
            "{}：{}",
            finding.severity.label(),
            finding.message
        );
    }
    markers
}

/// What the form view asks of the app after a frame.
#[derive(Debug, Default)]
pub struct FormOutput {
    /// Changes to apply, in order.
    pub edits: Vec<EditCommand>,
    /// A group with children the user wants deleted (asks first).
    pub delete_request: Option<IndicatorPath>,
    /// The node the user selected (clicked or focused).
    pub select: Option<IndicatorPath>,
}

/// What the form's widgets read and write during one frame.
pub struct FormCx<'a> {
    /// Findings by field.
    pub markers: &'a Markers,
    /// A field to focus and scroll to (taken by the widget that shows it).
    pub focus: &'a mut Option<Path>,
    /// The selected tree node.
    pub selected: Option<IndicatorPath>,
    /// Where widgets push commands.
    pub out: &'a mut FormOutput,
}

impl FormCx<'_> {
    /// Draws the finding outline and tooltip on `response` and takes a pending focus request.
    pub fn finish(&mut self, ui: &Ui, path: Path, response: Response) -> Response {
        let mut response = response;
        if *self.focus == Some(path) {
            response.request_focus();
            response.scroll_to_me(Some(egui::Align::Center));
            *self.focus = None;
        }
        if let Some(marker) = self.markers.get(&path) {
            let color = match marker.severity {
                Some(Severity::Error) => Some(theme::error_color(ui.visuals())),
                Some(Severity::Warning) => Some(theme::warning_color(ui.visuals())),
                _ => None,
            };
            if let Some(color) = color {
                ui.painter().rect_stroke(
                    response.rect.expand(1.0),
                    2.0,
                    Stroke::new(1.5, color),
                    egui::StrokeKind::Outside,
                );
            }
            response = response.on_hover_text(marker.messages.clone());
        }
        response
    }

    /// A plain text field (single line, or multi-line for the goals); pushes
    /// [`EditCommand::SetField`] when the text changes.
    pub fn text_field(
        &mut self,
        ui: &mut Ui,
        field: Field,
        current: &str,
        multiline: bool,
        width: f32,
    ) -> Response {
        let path = Path::Field(field);
        let mut text = current.to_owned();
        let edit = if multiline {
            TextEdit::multiline(&mut text).desired_rows(3)
        } else {
            TextEdit::singleline(&mut text)
        };
        let response = ui.add(
            edit.id(path_id(path))
                .desired_width(width)
                .min_size(egui::vec2(width, 0.0)),
        );
        if response.changed() && text != current {
            self.out.edits.push(EditCommand::SetField(field, text));
        }
        self.finish(ui, path, response)
    }

    /// A money field in 元 for one amount [`Field`]; pushes [`EditCommand::SetAmount`]. See
    /// [`Self::money_input`].
    pub fn money_field(
        &mut self,
        ui: &mut Ui,
        field: Field,
        current: Option<Yuan>,
        width: f32,
    ) -> Response {
        let (response, change) = self.money_input(ui, Path::Field(field), current, width);
        if let Some(amount) = change {
            self.out.edits.push(EditCommand::SetAmount(field, amount));
        }
        response
    }

    /// A money input in 元 addressed by `path`: accepts `1139000`, `1,139,000.00`, `113.9万`;
    /// shows `1,139,000.00` when not focused; keeps text that does not parse (shown in red, with
    /// the reason on hover) until it does. Never rounds: more than two decimals are kept.
    /// Returns the response and, when the amount changed this frame, the new amount (`None` for
    /// an emptied field).
    pub fn money_input(
        &mut self,
        ui: &mut Ui,
        path: Path,
        current: Option<Yuan>,
        width: f32,
    ) -> (Response, Option<Option<Yuan>>) {
        let id = path_id(path);
        let canonical = current.map(format_yuan).unwrap_or_default();
        let kept: Option<EditText> = ui.data(|data| data.get_temp(id));
        let mut text = kept
            .clone()
            .map_or_else(|| canonical.clone(), |kept| kept.0);
        let parsed = parse_yuan(&text);
        let invalid = matches!(parsed, Err(MoneyParseError::Invalid(_)));
        let response = ui.add(
            TextEdit::singleline(&mut text)
                .id(id)
                .desired_width(width)
                .min_size(egui::vec2(width, 0.0))
                .align(egui::Align2::RIGHT_CENTER)
                .text_color_opt(invalid.then_some(theme::error_color(ui.visuals()))),
        );
        let mut change = None;
        if response.changed() {
            match parse_yuan(&text) {
                Ok(amount) if Some(amount) != current => change = Some(Some(amount)),
                Err(MoneyParseError::Empty) if current.is_some() => change = Some(None),
                _ => {}
            }
        }
        let parses = !matches!(parse_yuan(&text), Err(MoneyParseError::Invalid(_)));
        if response.has_focus() || !parses {
            ui.data_mut(|data| data.insert_temp(id, EditText(text.clone())));
        } else if kept.is_some() {
            ui.data_mut(|data| data.remove_temp::<EditText>(id));
        }
        let response = if parses {
            response
        } else {
            response.on_hover_text(format!(
                "「{text}」不是有效的金额，例如 1139000、1,139,000.00 或 113.9万"
            ))
        };
        (self.finish(ui, path, response), change)
    }

    /// A date field: shows `YYYY-MM-DD`; accepts what [`parse_date`] reads (`2026/1/1`,
    /// `2026年1月1日`…) and shows an error under the field while the text is not a date.
    pub fn date_field(&mut self, ui: &mut Ui, field: Field, current: Option<chrono::NaiveDate>) {
        let path = Path::Field(field);
        let id = path_id(path);
        let canonical = current.map(format_date).unwrap_or_default();
        let kept: Option<EditText> = ui.data(|data| data.get_temp(id));
        let mut text = kept
            .clone()
            .map_or_else(|| canonical.clone(), |kept| kept.0);
        let response = ui.add(
            TextEdit::singleline(&mut text)
                .id(id)
                .desired_width(110.0)
                .min_size(egui::vec2(110.0, 0.0))
                .hint_text("YYYY-MM-DD"),
        );
        let trimmed = text.trim();
        let parsed = parse_date(trimmed);
        if response.changed() {
            if trimmed.is_empty() && current.is_some() {
                self.out.edits.push(EditCommand::SetDate(field, None));
            } else if parsed.is_some() && parsed != current {
                self.out.edits.push(EditCommand::SetDate(field, parsed));
            }
        }
        let valid = trimmed.is_empty() || parsed.is_some();
        if response.has_focus() || !valid {
            ui.data_mut(|data| data.insert_temp(id, EditText(text.clone())));
        } else if kept.is_some() {
            ui.data_mut(|data| data.remove_temp::<EditText>(id));
        }
        self.finish(ui, path, response);
        if !valid {
            ui.colored_label(theme::error_color(ui.visuals()), "日期应写作 YYYY-MM-DD");
        }
    }
}

/// A small ▼ menu offering `choices`, named `name` (tooltip and accessible name); returns the
/// one picked this frame. Used beside a text field to make an editable combo box (free text
/// stays allowed).
pub fn choice_menu(ui: &mut Ui, name: &str, choices: &[&str]) -> Option<String> {
    let mut picked = None;
    let _button = ui
        .menu_button(egui::RichText::new("▼").small(), |ui| {
            if choices.is_empty() {
                ui.weak("（没有标准名称，可直接输入）");
            }
            for choice in choices {
                if ui.button(*choice).clicked() {
                    picked = Some((*choice).to_owned());
                    ui.close();
                }
            }
        })
        .response
        .on_hover_text(name)
        // Screen readers say what the menu offers, not "▼".
        .accessible_name(name);
    picked
}

/// Forgets every half-typed text (after undo, redo or a new document, the model wins).
pub fn forget_edit_texts(ctx: &egui::Context) {
    ctx.data_mut(egui::util::IdTypeMap::remove_by_type::<EditText>);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::validate;

    #[test]
    fn markers_keep_the_worst_severity_and_every_message() {
        let mut declaration = crate::ui::initial_declaration();
        declaration.planned_end = None;
        if let Some(fields) = declaration.current_mut() {
            fields.funding.annual_carryover = parse_yuan("1000.005").ok();
        }
        let findings = validate(&declaration);
        let markers = markers(&findings);
        let carryover = &markers[&Path::Field(Field::AnnualCarryover)];
        assert_eq!(carryover.severity, Some(Severity::Error));
        let on_total: Vec<_> = findings
            .iter()
            .filter(|finding| finding.path == Path::Field(Field::AnnualTotal))
            .collect();
        assert!(!on_total.is_empty());
        let total = &markers[&Path::Field(Field::AnnualTotal)];
        assert_eq!(total.messages.lines().count(), on_total.len());
        assert!(!markers.contains_key(&Path::Field(Field::ProjectName)));
    }
}
