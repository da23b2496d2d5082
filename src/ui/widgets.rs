//! The editor's field widgets: text, money, date, year and number inputs that emit commands.
//!
//! Every field is addressed by a model [`Path`]: its egui id comes from the path
//! ([`path_id`]), so a finding can scroll to and focus it, and its outline shows the worst
//! finding on it (red error, amber warning, blue 待填写 on a new form; messages on hover). Fields
//! never change the model: they push an [`EditCommand`] into the [`FormCx`]. Half-typed money,
//! dates and numbers stay in the widget's own state ([`EditText`]) until they parse, like egui's
//! `DragValue`.
//!
//! All of them go through one input ([`FormCx::input_ui`]) that makes them behave like the fields
//! of an office form with a Chinese input method:
//!
//! - Text being composed by an input method (the pinyin of the pre-edit) stays in the field and
//!   never reaches the model; only the committed characters do.
//! - While composing, Backspace, Delete, Enter and the arrows belong to the input method: egui-winit
//!   0.37 already drops the key events the IME processed on Windows (egui PR #7967, the fix of egui
//!   issue #7908), and this layer drops any that still arrive (other platforms and integrations),
//!   so Backspace edits the pinyin and never the committed text.
//! - Enter moves to the next field in the form's order, except in a long text where it starts a new
//!   line and except the Enter that commits a composition.
//! - Moving to another field during a composition drops the uncommitted pinyin, and a commit the
//!   input method sends after the move is not typed into the new field.

use eframe::egui;
use std::collections::HashMap;
use std::fmt::Write as _;

use egui::{Id, Response, Stroke, TextEdit, Ui};

use crate::model::{
    Field, IndicatorPath, MoneyParseError, Path, Yuan, format_date, format_yuan, parse_date,
    parse_yuan,
};
use crate::validate::{Finding, Rule, Severity};

mod ime;

use ime::{ImeState, composing_after, note_composition};

use super::command::EditCommand;
use super::theme;

/// The egui id of the widget that edits `path` (the same in every frame and every view).
pub fn path_id(path: Path) -> Id {
    Id::unique(("jixiao.field", path))
}

/// Text typed into a money, date or number field that is kept while the field is focused or
/// while it does not parse, and the whole text of any field while an input method composes in
/// it. Stored in egui's temporary memory under the field's id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EditText(pub String);

/// The findings of one field, worst first, for its outline and tooltip.
#[derive(Clone, Debug, Default)]
pub struct Marker {
    /// The worst severity among them.
    pub severity: Option<Severity>,
    /// Whether every finding on it only says a required field of a new form is still empty
    /// (shown as 待填写, neutral, until the user touches the field or asks for a check).
    pub pending: bool,
    /// Their messages, one per line.
    pub messages: String,
}

/// Findings grouped by the field they are about.
pub type Markers = HashMap<Path, Marker>;

/// The rules whose findings on an untouched field of a new form are shown as 待填写 rather than as
/// errors: the field is empty because nobody has filled it in yet.
pub const PENDING_RULES: [Rule; 4] = [
    Rule::RequiredField,
    Rule::RequiredIndicatorName,
    Rule::RequiredIndicatorTarget,
    Rule::MissingLevel1,
];

/// Groups `findings` by path; `pending(finding)` says which are shown as 待填写.
pub fn markers(findings: &[Finding], pending: impl Fn(&Finding) -> bool) -> Markers {
    let mut markers = Markers::new();
    for finding in findings {
        let is_pending = pending(finding);
        let marker = markers.entry(finding.path).or_insert_with(|| Marker {
            pending: true,
            ..Marker::default()
        });
        marker.pending &= is_pending;
        if !is_pending {
            marker.severity = Some(match marker.severity {
                Some(worst) => worst.min(finding.severity),
                None => finding.severity,
            });
        }
        if !marker.messages.is_empty() {
            marker.messages.push('\n');
        }
        let label = if is_pending {
            "待填写"
        } else {
            finding.severity.label()
        };
        let _infallible = write!(marker.messages, "{label}：{}", finding.message);
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
    /// Fields the user typed in or left (a new form's 待填写 turns into an error there).
    pub touched: Vec<Path>,
    /// Every input drawn this frame, in the form's order: its id and the path it edits.
    pub inputs: Vec<(Id, Option<Path>)>,
    /// The input in which Enter was pressed (the app moves to the next one).
    pub enter_from: Option<Id>,
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
    /// The indicator table's column widths as fractions of its width (一级, 二级, 三级), as the
    /// user left them; empty for the defaults. The table writes back what the user drags.
    pub column_fractions: &'a mut Vec<f32>,
    /// The indicator library, once built: level-3 names offer its completions.
    pub library: Option<&'a crate::library::Library>,
}

/// How one input looks and behaves.
#[derive(Clone, Debug)]
pub struct Input<'t> {
    /// Its egui id (from [`path_id`] when it edits a path).
    pub id: Id,
    /// The field it edits, for findings, focus requests and 待填写; `None` for parts without
    /// findings of their own (a unit, a sub-budget name).
    pub path: Option<Path>,
    /// Its width in points.
    pub width: f32,
    /// How it wraps and what Enter does.
    pub lines: Lines,
    /// The greyed text shown while it is empty.
    pub hint: &'t str,
    /// Whether numbers line up on the right (money).
    pub align_right: bool,
    /// Whether the text does not parse (shown in the error colour).
    pub invalid: bool,
    /// Whether Escape stays with the field rather than taking the focus away (while a
    /// completion list over it is open, Escape closes the list).
    pub keeps_escape: bool,
}

/// How an input wraps and what Enter does in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lines {
    /// One line, scrolled sideways when long; Enter moves to the next field.
    Single,
    /// Long text wraps onto further lines (names, values); Enter moves to the next field.
    Wrap,
    /// A long text of paragraphs (goals); Enter starts a new line, Tab moves on. The number is
    /// the rows shown at least.
    Paragraphs(usize),
}

impl<'t> Input<'t> {
    /// A single-line input for `path`, `width` points wide.
    pub fn for_path(path: Path, width: f32) -> Self {
        Self {
            path: Some(path),
            ..Self::with_id(path_id(path), width)
        }
    }

    /// A single-line input with its own id (no path of its own).
    pub fn with_id(id: Id, width: f32) -> Self {
        Self {
            id,
            path: None,
            width,
            lines: Lines::Single,
            hint: "",
            align_right: false,
            invalid: false,
            keeps_escape: false,
        }
    }

    /// The same input with other wrapping.
    #[must_use]
    pub fn lines(mut self, lines: Lines) -> Self {
        self.lines = lines;
        self
    }

    /// The same input with a hint shown while empty.
    #[must_use]
    pub fn hint(mut self, hint: &'t str) -> Self {
        self.hint = hint;
        self
    }

    /// The same input with numbers on the right.
    #[must_use]
    pub fn align_right(mut self) -> Self {
        self.align_right = true;
        self
    }

    /// The same input, its text in the error colour when `invalid`.
    #[must_use]
    pub fn invalid(mut self, invalid: bool) -> Self {
        self.invalid = invalid;
        self
    }

    /// The same input, keeping Escape (and the focus) when `keeps_escape`.
    #[must_use]
    pub fn keep_escape(mut self, keeps_escape: bool) -> Self {
        self.keeps_escape = keeps_escape;
        self
    }
}

/// What an input did in one frame.
#[derive(Debug)]
pub struct InputOutput {
    /// The widget's response (with the finding outline drawn).
    pub response: Response,
    /// The text now in the field: what the user sees, pre-edit included.
    pub text: String,
    /// Whether the user changed the text this frame outside a composition (the caller turns it
    /// into a command).
    pub changed: bool,
    /// Whether an input method is composing in it (the text holds uncommitted pinyin).
    pub composing: bool,
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
                _ if marker.pending => Some(theme::pending_color(ui.visuals())),
                _ => None,
            };
            if let Some(color) = color {
                let width = if marker.pending { 1.0 } else { 1.5 };
                ui.painter().rect_stroke(
                    response.rect.expand(1.0),
                    2.0,
                    Stroke::new(width, color),
                    egui::StrokeKind::Outside,
                );
            }
            response = response.on_hover_text(marker.messages.clone());
        }
        response
    }

    /// Whether `path` is a required field of a new form still waiting to be filled in.
    pub fn is_pending(&self, path: Path) -> bool {
        self.markers.get(&path).is_some_and(|marker| marker.pending)
    }

    /// The one text input every field is built on (see the module docs): draws a `TextEdit`
    /// over `text` (the model's text, or the text kept in the widget), keeps an input method's
    /// composition out of the model, handles Enter and registers the input in the form's order.
    pub fn input_ui(&mut self, ui: &mut Ui, input: &Input<'_>, text: &mut String) -> InputOutput {
        let id = input.id;
        let time = ui.input(|state| state.time);
        let mut state: ImeState = ui.data(|data| data.get_temp(id)).unwrap_or_default();
        let had_focus = ui.memory(|memory| memory.has_focus(id));
        let was_composing = state.composing;
        if was_composing && !had_focus {
            // The focus moved during a composition: the uncommitted pinyin is dropped and the
            // field shows what it held before.
            text.clone_from(&state.base);
            state = ImeState::default();
        } else if was_composing {
            // While composing, the field shows the text with the pre-edit.
            text.clone_from(&state.buffer);
        }
        let enter = had_focus && ime::filter_keyboard(ui, id, input.lines, &state, time);

        let before = text.clone();
        let hint = if input.hint.is_empty() && input.path.is_some_and(|path| self.is_pending(path))
        {
            "待填写"
        } else {
            input.hint
        };
        let edit = match input.lines {
            Lines::Single => TextEdit::singleline(text).return_key(None),
            Lines::Wrap => TextEdit::multiline(text).desired_rows(1).return_key(None),
            Lines::Paragraphs(rows) => TextEdit::multiline(text).desired_rows(rows),
        };
        let mut edit = edit
            .id(id)
            .margin(egui::Margin::symmetric(INPUT_MARGIN_X, INPUT_MARGIN_Y))
            .desired_width(input.width)
            .min_size(egui::vec2(input.width, 0.0))
            .hint_text(hint)
            .text_color_opt(input.invalid.then(|| theme::error_color(ui.visuals())));
        if input.align_right {
            edit = edit.align(egui::Align2::RIGHT_CENTER);
        }
        if input.keeps_escape {
            let filter = egui::EventFilter {
                escape: true,
                ..edit.get_event_filter()
            };
            edit = edit.event_filter(filter);
        }
        let mut response = ui.add(edit);
        let has_focus = response.has_focus();

        // Which of this frame's (filtered) events composed in this field decides whether it
        // still is; the text from before the composition is kept to go back to.
        let composing = has_focus && composing_after(ui, state.composing);
        let reference = if state.composing {
            state.base.clone()
        } else {
            before
        };
        if composing {
            if !state.composing {
                state.base.clone_from(&reference);
            }
            state.buffer.clone_from(text);
        }
        state.composing = composing;
        if state.composing {
            ui.data_mut(|data| data.insert_temp(id, state.clone()));
        } else {
            ui.data_mut(|data| data.remove_temp::<ImeState>(id));
        }
        if has_focus {
            note_composition(ui, id, composing, time);
        }

        let changed = !composing && *text != reference;
        if enter && !composing {
            response.surrender_focus();
            self.out.enter_from = Some(id);
        }
        self.out.inputs.push((id, input.path));
        if let Some(path) = input.path {
            if response.lost_focus() || changed || enter {
                self.out.touched.push(path);
            }
            response = self.finish(ui, path, response);
        }
        InputOutput {
            response,
            text: text.clone(),
            changed,
            composing,
        }
    }

    /// A plain text field for a [`Field`] (names, units, goals); pushes
    /// [`EditCommand::SetField`] when the committed text changes.
    pub fn text_field(
        &mut self,
        ui: &mut Ui,
        field: Field,
        current: &str,
        lines: Lines,
        width: f32,
    ) -> Response {
        let mut text = current.to_owned();
        let output = self.input_ui(
            ui,
            &Input::for_path(Path::Field(field), width).lines(lines),
            &mut text,
        );
        if output.changed && output.text != current {
            self.out
                .edits
                .push(EditCommand::SetField(field, output.text));
        }
        output.response
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
        let mut text = kept.map_or_else(|| canonical.clone(), |kept| kept.0);
        let invalid = matches!(parse_yuan(&text), Err(MoneyParseError::Invalid(_)));
        let input = Input::for_path(path, width).align_right().invalid(invalid);
        let output = self.input_ui(ui, &input, &mut text);
        let mut change = None;
        if output.changed {
            match parse_yuan(&output.text) {
                Ok(amount) if Some(amount) != current => change = Some(Some(amount)),
                Err(MoneyParseError::Empty) if current.is_some() => change = Some(None),
                _ => {}
            }
        }
        let parses = !matches!(parse_yuan(&output.text), Err(MoneyParseError::Invalid(_)));
        keep_text(ui, id, &output, !parses);
        let response = if parses {
            output.response
        } else {
            output.response.on_hover_text(format!(
                "「{}」不是有效的金额，例如 1139000、1,139,000.00 或 113.9万",
                output.text
            ))
        };
        (response, change)
    }

    /// A date field: shows `YYYY-MM-DD`; accepts what [`parse_date`] reads (`2026/1/1`,
    /// `2026年1月1日`…) and shows an error under the field while the text is not a date.
    pub fn date_field(
        &mut self,
        ui: &mut Ui,
        field: Field,
        current: Option<chrono::NaiveDate>,
        width: f32,
    ) -> Response {
        let path = Path::Field(field);
        let id = path_id(path);
        let canonical = current.map(format_date).unwrap_or_default();
        let kept: Option<EditText> = ui.data(|data| data.get_temp(id));
        let mut text = kept.map_or_else(|| canonical.clone(), |kept| kept.0);
        let output = self.input_ui(
            ui,
            &Input::for_path(path, width).hint("YYYY-MM-DD"),
            &mut text,
        );
        let trimmed = output.text.trim();
        let parsed = parse_date(trimmed);
        if output.changed {
            if trimmed.is_empty() && current.is_some() {
                self.out.edits.push(EditCommand::SetDate(field, None));
            } else if parsed.is_some() && parsed != current {
                self.out.edits.push(EditCommand::SetDate(field, parsed));
            }
        }
        let valid = trimmed.is_empty() || parsed.is_some();
        keep_text(ui, id, &output, !valid);
        if !valid {
            ui.colored_label(theme::error_color(ui.visuals()), "日期应写作 YYYY-MM-DD");
        }
        output.response
    }

    /// 年度, typed as four digits (never dragged): the model changes once the text is a year
    /// between [`MIN_FISCAL_YEAR`] and [`MAX_FISCAL_YEAR`]; other text stays in the field in red
    /// until it is one.
    pub fn year_field(&mut self, ui: &mut Ui, current: i32, width: f32) -> Response {
        let path = Path::Field(Field::FiscalYear);
        let id = path_id(path);
        let kept: Option<EditText> = ui.data(|data| data.get_temp(id));
        let mut text = kept.map_or_else(|| current.to_string(), |kept| kept.0);
        let invalid = parse_fiscal_year(&text).is_none();
        let input = Input::for_path(path, width)
            .hint("如 2026")
            .align_right()
            .invalid(invalid);
        let output = self.input_ui(ui, &input, &mut text);
        let parsed = parse_fiscal_year(&output.text);
        if output.changed
            && let Some(year) = parsed
            && year != current
        {
            self.out.edits.push(EditCommand::SetFiscalYear(year));
        }
        keep_text(ui, id, &output, parsed.is_none());
        if parsed.is_none() {
            output.response.on_hover_text(format!(
                "年度应为 {MIN_FISCAL_YEAR} 到 {MAX_FISCAL_YEAR} 之间的四位数字"
            ))
        } else {
            output.response
        }
    }
}

/// The room between a field's border and its text, across and down, in points (smaller than
/// egui's default so that names fit the table's cells, as in an office program's fields).
pub const INPUT_MARGIN_X: i8 = 4;
/// See [`INPUT_MARGIN_X`].
pub const INPUT_MARGIN_Y: i8 = 2;

/// The earliest 年度 the editor accepts.
pub const MIN_FISCAL_YEAR: i32 = 1990;
/// The latest 年度 the editor accepts.
pub const MAX_FISCAL_YEAR: i32 = 2100;

/// Reads a typed 年度: four digits (full-width digits too) within
/// [`MIN_FISCAL_YEAR`]..=[`MAX_FISCAL_YEAR`], optionally followed by 年 or 年度.
pub fn parse_fiscal_year(text: &str) -> Option<i32> {
    let text = text.trim();
    let text = text
        .strip_suffix("年度")
        .or_else(|| text.strip_suffix('年'))
        .unwrap_or(text)
        .trim();
    let digits: String = text
        .chars()
        .map(|c| match c {
            '０'..='９' => {
                char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')).unwrap_or(c)
            }
            _ => c,
        })
        .collect();
    if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits
        .parse::<i32>()
        .ok()
        .filter(|year| (MIN_FISCAL_YEAR..=MAX_FISCAL_YEAR).contains(year))
}

/// Keeps the field's text in the widget while it is focused or `unparsed`, and
/// forgets it otherwise (the model's text is shown again).
pub fn keep_text(ui: &Ui, id: Id, output: &InputOutput, unparsed: bool) {
    if output.response.has_focus() || unparsed {
        ui.data_mut(|data| data.insert_temp(id, EditText(output.text.clone())));
    } else {
        ui.data_mut(|data| data.remove_temp::<EditText>(id));
    }
}

/// A small ▼ menu offering `choices`, named `name` (tooltip and accessible name); returns the
/// one picked this frame. Used beside a text field to make an editable combo box (free text
/// stays allowed). The ▼ is not a stop of Tab, which goes from field to field as in an office
/// form; the mouse and screen readers still reach it.
pub fn choice_menu(ui: &mut Ui, name: &str, choices: &[&str]) -> Option<String> {
    let mut picked = None;
    let button = egui::Button::new(egui::RichText::new("▼").small()).sense(egui::Sense::CLICK);
    let (response, _) = egui::containers::menu::MenuButton::from_button(button).ui(ui, |ui| {
        if choices.is_empty() {
            ui.weak("（没有标准名称，可直接输入）");
        }
        for choice in choices {
            if ui.button(*choice).clicked() {
                picked = Some((*choice).to_owned());
                ui.close();
            }
        }
    });
    let _button = response
        .on_hover_text(name)
        // Screen readers say what the menu offers, not "▼".
        .accessible_name(name);
    picked
}

/// Whether an input method is busy with the input `id` (see the module docs): composing in it,
/// or starting or ending a composition this frame. A completion list over the input leaves every
/// key alone then.
pub fn composition_busy(ui: &Ui, id: Id) -> bool {
    ime::busy(ui, id, ui.input(|input| input.time))
}

/// Forgets every half-typed text (after undo, redo or a new document, the model wins).
pub fn forget_edit_texts(ctx: &egui::Context) {
    ctx.data_mut(egui::util::IdTypeMap::remove_by_type::<EditText>);
    ctx.data_mut(egui::util::IdTypeMap::remove_by_type::<ImeState>);
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
        let markers = markers(&findings, |_| false);
        let carryover = &markers[&Path::Field(Field::AnnualCarryover)];
        assert_eq!(carryover.severity, Some(Severity::Error));
        assert!(!carryover.pending);
        let on_total: Vec<_> = findings
            .iter()
            .filter(|finding| finding.path == Path::Field(Field::AnnualTotal))
            .collect();
        assert!(!on_total.is_empty());
        let total = &markers[&Path::Field(Field::AnnualTotal)];
        assert_eq!(total.messages.lines().count(), on_total.len());
        assert!(!markers.contains_key(&Path::Field(Field::ProjectName)));
    }

    #[test]
    fn a_field_is_pending_only_when_every_finding_on_it_is() {
        let declaration = crate::model::Declaration::new_current(2027);
        let findings = validate(&declaration);
        let pending = |finding: &Finding| PENDING_RULES.contains(&finding.rule);
        let all = markers(&findings, pending);
        let name = &all[&Path::Field(Field::ProjectName)];
        assert!(name.pending);
        assert_eq!(name.severity, None);
        assert!(name.messages.starts_with("待填写："), "{}", name.messages);
        // Shown as errors once the user asks for a check.
        let checked = markers(&findings, |_| false);
        assert_eq!(
            checked[&Path::Field(Field::ProjectName)].severity,
            Some(Severity::Error)
        );
    }

    #[test]
    fn a_year_is_four_digits_in_range() {
        assert_eq!(parse_fiscal_year("2027"), Some(2027));
        assert_eq!(parse_fiscal_year(" 2027年度 "), Some(2027));
        assert_eq!(parse_fiscal_year("２０２７年"), Some(2027));
        assert_eq!(parse_fiscal_year("202"), None);
        assert_eq!(parse_fiscal_year("20271"), None);
        assert_eq!(parse_fiscal_year("1989"), None);
        assert_eq!(parse_fiscal_year("二〇二七"), None);
    }
}
