//! How the fields cope with Chinese input methods (see the [`super`] module docs): which field
//! composes, which keys belong to a composition, and which commits belong to one interrupted in
//! another field. egui 0.37's text fields already keep a pre-edit as a selection; this layer
//! keeps the pre-edit out of the model and drops the events that would otherwise reach the wrong
//! field or edit committed text.

use eframe::egui;
use egui::{Event, Id, ImeEvent, Key, Ui};

use super::Lines;

/// An input method's composition in one field (kept in egui's memory while it lasts).
#[derive(Clone, Debug, Default)]
pub(super) struct ImeState {
    /// A pre-edit (uncommitted pinyin) is in the field.
    pub(super) composing: bool,
    /// The field's text before the composition began.
    pub(super) base: String,
    /// The field's text with the pre-edit, as shown.
    pub(super) buffer: String,
}

/// Which field last composed, app-wide: a commit that arrives in another field just after the
/// focus moved belongs to this composition, not to the new field.
#[derive(Clone, Copy, Debug)]
struct LastComposition {
    /// The field it was in.
    field: Id,
    /// Whether it is still open.
    composing: bool,
    /// When another field noticed that the focus had moved away from it (seconds of egui time).
    interrupted_at: Option<f64>,
}

/// A commit that arrives this long after the focus moved away from a composition belongs to the
/// user's next typing, not to the interrupted composition (seconds). Input methods send the
/// stray commit in the frame after the move; a person cannot click and type punctuation this
/// fast.
const STRAY_COMMIT_WINDOW_S: f64 = 0.3;

fn last_composition_id() -> Id {
    Id::unique("jixiao.last_composition")
}

/// A key an input method uses (Enter, Backspace…) this soon after a composition ended in the same
/// field is the key that ended it (some integrations pass it on afterwards): Enter that committed
/// the letters, Backspace that deleted the last one. It is not a request to move on or to delete
/// committed text (seconds).
const KEY_AFTER_COMPOSITION_S: f64 = 0.1;

/// When and where an input method last ended a composition (a commit, or an emptied pre-edit).
#[derive(Clone, Copy, Debug)]
struct LastCommit {
    field: Id,
    at: f64,
}

fn last_commit_id() -> Id {
    Id::unique("jixiao.last_commit")
}

/// Keys that an input method uses while it composes (and that must not edit the field).
fn is_composition_key(key: Key) -> bool {
    matches!(
        key,
        Key::Backspace
            | Key::Delete
            | Key::Enter
            | Key::Space
            | Key::ArrowLeft
            | Key::ArrowRight
            | Key::ArrowUp
            | Key::ArrowDown
            | Key::Home
            | Key::End
            | Key::Escape
            | Key::Tab
    )
}

/// Before the focused input sees this frame's keyboard events: drops the keys an input
/// method is using and a commit that belongs to a composition interrupted in another field.
/// Returns whether Enter (not part of a composition) was pressed to move on.
pub(super) fn filter_keyboard(ui: &Ui, id: Id, lines: Lines, state: &ImeState, time: f64) -> bool {
    let mut last: Option<LastComposition> = ui.data(|data| data.get_temp(last_composition_id()));
    // A composition still open in another field was interrupted by the move to this one.
    if let Some(other) = last.as_mut()
        && other.field != id
        && other.composing
        && other.interrupted_at.is_none()
    {
        other.interrupted_at = Some(time);
    }
    let stray_commits_possible = last.is_some_and(|other| {
        other.field != id
            && other.composing
            && other
                .interrupted_at
                .is_some_and(|at| time - at < STRAY_COMMIT_WINDOW_S)
    });
    let mut composing = state.composing;
    let last_commit: Option<LastCommit> = ui.data(|data| data.get_temp(last_commit_id()));
    let mut just_ended = last_commit
        .is_some_and(|commit| commit.field == id && time - commit.at < KEY_AFTER_COMPOSITION_S);
    let mut ended_now = false;
    let mut enter = false;
    let mut dropped = Vec::new();
    ui.input(|input_state| {
        for (index, event) in input_state.events.iter().enumerate() {
            match event {
                Event::Ime(ImeEvent::Preedit { text, .. }) => {
                    if !text.is_empty() {
                        composing = true;
                    } else if !composing && stray_commits_possible {
                        dropped.push(index);
                    } else if composing {
                        composing = false;
                        just_ended = true;
                        ended_now = true;
                    }
                }
                Event::Ime(ImeEvent::Commit(_)) => {
                    if !composing && stray_commits_possible {
                        dropped.push(index);
                    } else {
                        composing = false;
                        just_ended = true;
                        ended_now = true;
                    }
                }
                #[expect(
                    deprecated,
                    reason = "integrations still send it; it ends a composition"
                )]
                Event::Ime(ImeEvent::Disabled) => composing = false,
                Event::Key {
                    key,
                    pressed,
                    modifiers,
                    ..
                } => {
                    if (composing || just_ended) && is_composition_key(*key) {
                        dropped.push(index);
                    } else if *key == Key::Enter
                        && *pressed
                        && modifiers.is_none()
                        && !matches!(lines, Lines::Paragraphs(_))
                    {
                        enter = true;
                        dropped.push(index);
                    }
                }
                Event::Text(_) if composing => dropped.push(index),
                _ => {}
            }
        }
    });
    if ended_now {
        ui.data_mut(|data| {
            data.insert_temp(
                last_commit_id(),
                LastCommit {
                    field: id,
                    at: time,
                },
            );
        });
    }
    if !dropped.is_empty() {
        ui.ctx().input_mut(|input_state| {
            let mut index = 0;
            input_state.events.retain(|_| {
                let keep = !dropped.contains(&index);
                index += 1;
                keep
            });
        });
    }
    if let Some(last) = last {
        if last
            .interrupted_at
            .is_some_and(|at| time - at >= STRAY_COMMIT_WINDOW_S)
        {
            ui.data_mut(|data| data.remove::<LastComposition>(last_composition_id()));
        } else {
            ui.data_mut(|data| data.insert_temp(last_composition_id(), last));
        }
    }
    enter
}

/// Whether the focused input is composing once this frame's (already filtered) events are
/// applied, starting from `composing`.
pub(super) fn composing_after(ui: &Ui, composing: bool) -> bool {
    ui.input(|input| {
        input
            .events
            .iter()
            .fold(composing, |composing, event| match event {
                Event::Ime(ImeEvent::Preedit { text, .. }) => !text.is_empty(),
                Event::Ime(ImeEvent::Commit(_)) => false,
                #[expect(
                    deprecated,
                    reason = "integrations still send it; it ends a composition"
                )]
                Event::Ime(ImeEvent::Disabled) => false,
                _ => composing,
            })
    })
}

/// Records app-wide that `field` has the focus and whether it composes. A composition still
/// open in another field was interrupted by the move here: it stays on record (from `time`) so
/// that its stray commit is recognised, until a composition starts here.
pub(super) fn note_composition(ui: &Ui, field: Id, composing: bool, time: f64) {
    let last: Option<LastComposition> = ui.data(|data| data.get_temp(last_composition_id()));
    let record = match last {
        Some(other) if other.field != field && other.composing && !composing => LastComposition {
            interrupted_at: other.interrupted_at.or(Some(time)),
            ..other
        },
        _ => LastComposition {
            field,
            composing,
            interrupted_at: None,
        },
    };
    ui.data_mut(|data| data.insert_temp(last_composition_id(), record));
}

/// Whether an input method is busy with the field `id`: composing in it, starting or ending a
/// composition in this frame's events, or having ended one there a moment ago (the Enter or
/// Backspace that ended it may still arrive). Keys then belong to the input method, never to a
/// completion list over the field.
pub(super) fn busy(ui: &Ui, id: Id, time: f64) -> bool {
    let composing = ui
        .data(|data| data.get_temp::<ImeState>(id))
        .is_some_and(|state| state.composing);
    let last_commit: Option<LastCommit> = ui.data(|data| data.get_temp(last_commit_id()));
    let just_ended = last_commit
        .is_some_and(|commit| commit.field == id && time - commit.at < KEY_AFTER_COMPOSITION_S);
    composing
        || just_ended
        || ui.input(|input| {
            input.events.iter().any(|event| {
                matches!(
                    event,
                    Event::Ime(ImeEvent::Preedit { .. } | ImeEvent::Commit(_))
                )
            })
        })
}
