//! Completion of a level-3 name while it is typed (issue 12): a list under the name cell with the
//! indicator library's completions ([`Library::complete`]: characters anywhere in the name, and
//! pinyin, 「myd」 → 管理人员满意度…), each with its most common target value. ↓/↑ highlight one,
//! Enter or a click picks it, Esc closes the list; picking fills the name and, when the row has
//! none yet, the value, as one undo step ([`EditCommand::FillIndicator`]).
//!
//! It stays out of an input method's way: while one composes in the field, or has just started or
//! ended a composition there (its Enter may still arrive), the list is hidden and every key goes
//! to the input method (see [`super::widgets::composition_busy`]). Enter picks only a highlighted
//! entry, so Enter after typing a new name still moves on as in every other field. The library is
//! asked once per change of the typed text, never per frame. Pushes commands only.

use eframe::egui;
use egui::{
    Event, Id, InputState, Key, LayerId, Popup, PopupKind, RectAlign, SurrenderFocusOn, Ui, vec2,
};

use crate::library::{Completion, Library};
use crate::model::{IndicatorPath, TargetValue};

use super::command::EditCommand;
use super::widgets::{InputOutput, composition_busy};

/// The most completions the list shows.
pub const MAX_COMPLETIONS: usize = 8;

/// The narrowest the list gets, in points (a name and a value side by side).
const MIN_LIST_WIDTH: f32 = 300.0;

/// How long after an input method's last event the list waits before it shows: longer than the
/// time in which a composition's own Enter or Backspace may still arrive.
const IME_SETTLE: std::time::Duration = std::time::Duration::from_millis(150);

/// The list of one name field, kept in egui's memory while the field has the focus.
#[derive(Clone, Debug, Default)]
struct State {
    /// The text the completions were made for (trimmed).
    query: String,
    /// Which library they came from (its address), so a rebuilt library refreshes them.
    library: usize,
    /// The completions, best first.
    completions: Vec<Completion>,
    /// The entry ↓/↑ highlighted, if any.
    highlighted: Option<usize>,
    /// Closed until the text changes: by Esc, by a pick, or because the text is what the field
    /// held when it got the focus (an existing name gets no list until it is edited).
    closed: bool,
    /// Whether the list was shown in the last frame.
    open: bool,
}

fn state_id(field: Id) -> Id {
    field.with("jixiao.completion")
}

fn popup_id(field: Id) -> Id {
    field.with("jixiao.completion.popup")
}

/// The keys the list took before the field saw them.
#[derive(Clone, Copy, Debug, Default)]
struct Keys {
    down: usize,
    up: usize,
    pick: bool,
    close: bool,
}

/// What [`before_input`] did, for [`after_input`].
#[derive(Debug)]
pub struct Before {
    keys: Keys,
    /// The focus rule to put back once the field is drawn (the list keeps the field's focus
    /// while the pointer is over it, so that a click on it picks).
    surrender_focus_on: Option<SurrenderFocusOn>,
    /// Whether the list is open: Escape then stays with the field (it closes the list).
    pub keeps_escape: bool,
}

/// Takes the keys the open list uses (↓, ↑, Enter on a highlighted entry, Esc) before the name
/// field `field` sees them, unless an input method is busy with it. Call right before drawing
/// the field, and [`after_input`] right after.
pub fn before_input(ui: &mut Ui, field: Id) -> Before {
    let state: Option<State> = ui.data(|data| data.get_temp(state_id(field)));
    let open = state.as_ref().is_some_and(|state| state.open);
    let mut keys = Keys::default();
    let mut surrender_focus_on = None;
    if open && ui.memory(|memory| memory.has_focus(field)) && !composition_busy(ui, field) {
        let highlighted = state.as_ref().and_then(|state| state.highlighted);
        ui.input_mut(|input| {
            keys.down = consume_unmodified_key(input, Key::ArrowDown);
            keys.up = consume_unmodified_key(input, Key::ArrowUp);
            // Enter picks only an entry the user highlighted; otherwise it moves on as usual.
            keys.pick = (highlighted.is_some() || keys.down > 0)
                && consume_unmodified_key(input, Key::Enter) > 0;
            keys.close = consume_unmodified_key(input, Key::Escape) > 0;
        });
    }
    if open {
        let layer = LayerId::new(PopupKind::Popup.order(), popup_id(field));
        let pointer_on_list = ui
            .ctx()
            .pointer_interact_pos()
            .and_then(|pos| ui.ctx().layer_id_at(pos))
            == Some(layer);
        if pointer_on_list {
            surrender_focus_on = Some(
                ui.ctx()
                    .options(|options| options.input_options.surrender_focus_on),
            );
            ui.ctx().options_mut(|options| {
                options.input_options.surrender_focus_on = SurrenderFocusOn::Never;
            });
        }
    }
    Before {
        keys,
        surrender_focus_on,
        keeps_escape: open,
    }
}

/// After the name field of the level-3 row `path` was drawn (`output`): updates the completions
/// when the typed text changed, draws the list under the field and returns the command of a
/// pick, if one was made.
pub fn after_input(
    ui: &mut Ui,
    library: &Library,
    path: IndicatorPath,
    output: &InputOutput,
    before: Before,
) -> Option<EditCommand> {
    if let Some(rule) = before.surrender_focus_on {
        ui.ctx()
            .options_mut(|options| options.input_options.surrender_focus_on = rule);
    }
    let field = output.response.id;
    let key = state_id(field);
    let stored: Option<State> = ui.data(|data| data.get_temp(key));
    if !output.response.has_focus() {
        if stored.is_some() {
            ui.data_mut(|data| data.remove::<State>(key));
        }
        return None;
    }
    let library_key = std::ptr::from_ref(library).addr();
    let text = output.text.trim();
    let mut state = stored.unwrap_or_else(|| State {
        query: text.to_owned(),
        library: library_key,
        closed: true,
        ..State::default()
    });
    if output.composing || composition_busy(ui, field) {
        // The input method's own candidate window is at the cursor: nothing over it. Once it
        // is surely done with its keys, the list shows (a frame is asked for then).
        state.open = false;
        ui.ctx().request_repaint_after(IME_SETTLE);
        ui.data_mut(|data| data.insert_temp(key, state));
        return None;
    }
    if text != state.query || library_key != state.library {
        state.completions = library.complete(text, MAX_COMPLETIONS);
        state.query = text.to_owned();
        state.library = library_key;
        state.highlighted = None;
        state.closed = false;
    }
    let count = state.completions.len();
    let keys = before.keys;
    if keys.close {
        state.closed = true;
    }
    if count > 0 {
        for _ in 0..keys.down {
            state.highlighted = Some(state.highlighted.map_or(0, |at| (at + 1) % count));
        }
        for _ in 0..keys.up {
            state.highlighted = match state.highlighted {
                None | Some(0) => None,
                Some(at) => Some(at - 1),
            };
        }
    }
    let mut picked = if keys.pick { state.highlighted } else { None };
    let visible = !state.closed && count > 0 && picked.is_none();
    let width = output.response.rect.width().max(MIN_LIST_WIDTH);
    let clicked = Popup::from_response(&output.response)
        .id(popup_id(field))
        .kind(PopupKind::Popup)
        .open(visible)
        .align(RectAlign::BOTTOM_START)
        .align_alternatives(&[RectAlign::TOP_START])
        .width(width)
        .show(|ui| list_ui(ui, &state.completions, state.highlighted, keys))
        .and_then(|inner| inner.inner);
    picked = picked.or(clicked);
    state.open = visible && clicked.is_none();
    let command = picked
        .and_then(|index| state.completions.get(index))
        .map(|completion| {
            state.closed = true;
            state.query = completion.name.trim().to_owned();
            state.open = false;
            cursor_to_end(ui, field, &completion.name);
            EditCommand::FillIndicator {
                path,
                name: completion.name.clone(),
                target: completion.value.clone(),
            }
        });
    ui.data_mut(|data| data.insert_temp(key, state));
    command
}

/// The list's entries; returns the one clicked.
fn list_ui(
    ui: &mut Ui,
    completions: &[Completion],
    highlighted: Option<usize>,
    keys: Keys,
) -> Option<usize> {
    let mut clicked = None;
    ui.spacing_mut().item_spacing.y = 0.0;
    for (index, completion) in completions.iter().enumerate() {
        let selected = highlighted == Some(index);
        let label = entry_label(completion);
        let response = ui
            .add(
                egui::Button::selectable(selected, label).min_size(vec2(ui.available_width(), 0.0)),
            )
            .on_hover_text(entry_details(completion));
        if selected && keys.down + keys.up > 0 {
            response.scroll_to_me(None);
        }
        if response.clicked() {
            clicked = Some(index);
        }
    }
    clicked
}

/// An entry as shown and as screen readers say it: 「管理人员满意度　≥90.00(%)」.
pub fn entry_label(completion: &Completion) -> String {
    match &completion.value {
        Some(value) => format!("{}　{value}", completion.name),
        None => completion.name.clone(),
    }
}

/// The hover text of an entry: where the library files it and how often it was seen.
fn entry_details(completion: &Completion) -> String {
    let value = completion
        .value
        .as_ref()
        .map_or_else(|| "（无）".to_owned(), TargetValue::to_string);
    let placement = completion.placement.map_or_else(
        || "（未归入标准分类）".to_owned(),
        |place| place.to_string(),
    );
    format!(
        "常用指标值：{value}\n归类：{placement}\n在指标库中出现 {} 次\n选中后填入名称和指标值（指标值已填写时保留）",
        completion.count
    )
}

/// Puts the field's cursor after `text` (the picked name replaces what was typed).
fn cursor_to_end(ui: &Ui, field: Id, text: &str) {
    let mut edit_state = egui::TextEdit::load_state(ui.ctx(), field).unwrap_or_default();
    let end = egui::text::CCursor::new(text.chars().count());
    edit_state
        .cursor
        .set_char_range(Some(egui::text::CCursorRange::one(end)));
    egui::TextEdit::store_state(ui.ctx(), field, edit_state);
}

/// Takes the presses of `key` with no modifier held out of this frame's events; returns how
/// many there were (Shift+Enter and the like are left to the field).
fn consume_unmodified_key(input: &mut InputState, key: Key) -> usize {
    let mut count = 0;
    input.events.retain(|event| {
        let hit = matches!(
            event,
            Event::Key {
                key: pressed_key,
                modifiers,
                pressed: true,
                ..
            } if *pressed_key == key && modifiers.is_none()
        );
        count += usize::from(hit);
        !hit
    });
    count
}
