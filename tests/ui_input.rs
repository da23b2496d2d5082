//! Typing into the editor as its users do (issue 10, points 4 and 6), driven through egui_kittest:
//! every character of this form comes through a Chinese input method (Microsoft Pinyin, Sogou,
//! WPS), so each kind of field is fed the `egui::Event::Ime` sequences such an input method
//! produces: pinyin composed then committed, punctuation committed with no pre-edit, Backspace
//! while composing, Enter committing the letters, and a click on another field in the middle of
//! a composition. Also: Enter moves to the next field, 年度 cannot be dragged, and the first
//! click after a dialog lands.
//!
//! The event orders follow egui-winit 0.37's notes on Microsoft Pinyin under Windows 11
//! (`egui-winit` `on_ime`): selecting 「测试」 sends `Preedit("测试")`, `Preedit("")`,
//! `Commit("测试")`, `Disabled`; keys the input method processes reach egui only on platforms
//! where the integration does not filter them, so each sequence is also tried with those stray
//! key events.

use std::path::{Path, PathBuf};

use eframe::egui::{self, Event, ImeEvent, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use jixiao::model::{Declaration, Field, TargetValue, parse_yuan};
use jixiao::ui::{AppConfig, EditorApp, Prompt};

#[path = "support/dialogs.rs"]
mod dialogs;
use dialogs::FakeDialogs;

/// The 2026 党员远教电教工作经费 form of `forms-2026.txt`, bundled as an example: it has both
/// quantitative and qualitative targets (各项工作完成及时性: 及时).
fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples/2026-党员远教电教工作经费.ron")
}

fn harness() -> Harness<'static, EditorApp> {
    let config = AppConfig {
        dialogs: Box::new(FakeDialogs::default()),
        recovery_dir: None,
        recent_files: Vec::new(),
    };
    let app = EditorApp::new_on_file(config, &example(), jixiao::ui::initial_declaration());
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1366.0, 900.0))
        .with_max_steps(8)
        // kittest runs a frame per queued event: at 60 frames a second, the events of one burst
        // from an input method come within a few frames, as they do in the window.
        .with_step_dt(1.0 / 60.0)
        .with_context_setup(jixiao::ui::install_fonts)
        .build_ui_state(|ui, app: &mut EditorApp| app.ui(ui), app);
    harness.run();
    harness
}

/// A text field (one line or several).
fn is_text_field(node: &egui_kittest::kittest::AccessKitNode<'_>) -> bool {
    matches!(
        node.role(),
        egui::accesskit::Role::TextInput | egui::accesskit::Role::MultilineTextInput
    )
}

/// One kind of field: how to find it, and how to read what the model holds for it.
struct Kind {
    /// What it is, for failure messages.
    name: &'static str,
    /// Finds the field (its accessible name, or its text when it has no name).
    find: fn(&Harness<'_, EditorApp>) -> egui::Rect,
    /// The model's text for it.
    read: fn(&Declaration) -> String,
    /// Another field to click during a composition, found likewise.
    other: fn(&Harness<'_, EditorApp>) -> egui::Rect,
    /// The model's text of the other field.
    read_other: fn(&Declaration) -> String,
}

fn by_label(harness: &Harness<'_, EditorApp>, label: &str) -> egui::Rect {
    harness
        .get_by(|node| is_text_field(node) && node.label().as_deref() == Some(label))
        .rect()
}

fn by_value(harness: &Harness<'_, EditorApp>, value: &str) -> egui::Rect {
    harness
        .get_by(|node| is_text_field(node) && node.value().as_deref() == Some(value))
        .rect()
}

fn level3(
    declaration: &Declaration,
    name_index: (usize, usize, usize),
) -> &jixiao::model::Level3Indicator {
    let (i1, i2, i3) = name_index;
    &declaration.indicators[i1].children[i2].children[i3]
}

/// The kinds of field of issue 10 point 6: a name, a goal, money, the target value editor (a
/// qualitative value and a unit) and the tree's name cells.
fn kinds() -> Vec<Kind> {
    vec![
        Kind {
            name: "项目名称",
            find: |h| by_label(h, "项目名称"),
            read: |d| d.project_name.clone(),
            other: |h| by_label(h, "主管部门"),
            read_other: |d| {
                d.text(Field::CompetentDepartment)
                    .unwrap_or_default()
                    .to_owned()
            },
        },
        Kind {
            name: "年度总体目标",
            find: |h| by_label(h, "年度总体目标"),
            read: |d| d.annual_goal.clone(),
            other: |h| by_label(h, "项目总目标"),
            read_other: |d| d.overall_goal.clone(),
        },
        Kind {
            name: "上年结转资金",
            find: |h| by_label(h, "上年结转资金"),
            read: |d| {
                d.amount(Field::AnnualCarryover)
                    .map(|a| a.to_string())
                    .unwrap_or_default()
            },
            other: |h| by_label(h, "项目名称"),
            read_other: |d| d.project_name.clone(),
        },
        Kind {
            name: "定性指标值",
            find: |h| by_label(h, "「各项工作完成及时性」的指标值"),
            read: |d| match &level3(d, (1, 2, 0)).target {
                Some(TargetValue::Qualitative(text)) => text.clone(),
                Some(other) => other.to_string(),
                None => String::new(),
            },
            other: |h| by_value(h, "各项工作完成及时性"),
            read_other: |d| level3(d, (1, 2, 0)).name.clone(),
        },
        Kind {
            name: "计量单位",
            find: |h| by_label(h, "「平台稳定运行天数」的计量单位"),
            read: |d| match &level3(d, (2, 0, 0)).target {
                Some(TargetValue::Quantitative { unit, .. }) => unit.clone(),
                other => format!("{other:?}"),
            },
            other: |h| by_value(h, "平台稳定运行天数"),
            read_other: |d| level3(d, (2, 0, 0)).name.clone(),
        },
        Kind {
            name: "三级指标名称",
            find: |h| by_value(h, "平台学习人次增长情况"),
            read: |d| level3(d, (2, 0, 2)).name.clone(),
            other: |h| by_value(h, "平台学习时长增长情况"),
            read_other: |d| level3(d, (2, 0, 3)).name.clone(),
        },
    ]
}

/// Clicks the field and empties it (select all, Backspace): the test types into an empty field.
fn focus_empty(harness: &mut Harness<'_, EditorApp>, rect: egui::Rect) {
    harness.hover_at(rect.center());
    harness.event(Event::PointerButton {
        pos: rect.center(),
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    harness.event(Event::PointerButton {
        pos: rect.center(),
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.key_press(Key::Backspace);
    harness.run();
}

/// A window on the example with the field of `kind` clicked and emptied; also returns where the
/// field is.
fn on_empty_field(kind: &Kind) -> (Harness<'static, EditorApp>, egui::Rect) {
    let mut harness = harness();
    let rect = (kind.find)(&harness);
    focus_empty(&mut harness, rect);
    (harness, rect)
}

/// Sends each frame's events, one frame each.
fn feed(harness: &mut Harness<'_, EditorApp>, frames: &[Vec<Event>]) {
    for frame in frames {
        for event in frame {
            harness.event(event.clone());
        }
        harness.step();
    }
    harness.run();
}

fn preedit(text: &str) -> Event {
    Event::Ime(ImeEvent::Preedit {
        text: text.to_owned(),
        active_range_chars: (!text.is_empty()).then(|| 0..text.chars().count()),
    })
}

fn commit(text: &str) -> Event {
    Event::Ime(ImeEvent::Commit(text.to_owned()))
}

#[expect(
    deprecated,
    reason = "input methods still send them; the widgets must cope"
)]
fn enabled() -> Event {
    Event::Ime(ImeEvent::Enabled)
}

#[expect(
    deprecated,
    reason = "input methods still send them; the widgets must cope"
)]
fn disabled() -> Event {
    Event::Ime(ImeEvent::Disabled)
}

fn key(key: Key) -> Event {
    Event::Key {
        key,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::NONE,
    }
}

/// Composes `pinyin` letter by letter (Microsoft Pinyin shows the letters as the pre-edit), then
/// picks `word` with Space and commits it.
fn compose(pinyin: &str, word: &str) -> Vec<Vec<Event>> {
    let mut frames = vec![vec![enabled()]];
    let letters: Vec<char> = pinyin.chars().collect();
    for end in 1..=letters.len() {
        frames.push(vec![preedit(&letters[..end].iter().collect::<String>())]);
    }
    frames.push(vec![preedit(word), preedit(""), commit(word), disabled()]);
    frames
}

/// What the model holds after typing `text` into a field of `kind`: money is read as an amount.
fn expected(kind: &Kind, text: &str) -> String {
    if kind.name == "上年结转资金" {
        parse_yuan(text)
            .map(|amount| amount.to_string())
            .unwrap_or_default()
    } else {
        text.to_owned()
    }
}

/// What to type before the input method's part, so that money gets a number: 「113.9」 then 万.
fn lead(kind: &Kind) -> &'static str {
    if kind.name == "上年结转资金" {
        "113.9"
    } else {
        ""
    }
}

#[test]
fn pinyin_is_composed_then_committed_in_every_kind_of_field_and_never_reaches_the_model_before() {
    for kind in kinds() {
        let (mut harness, _) = on_empty_field(&kind);
        harness.event(Event::Text(lead(&kind).to_owned()));
        harness.run();
        let before = (kind.read)(harness.state().document());
        let (pinyin, word) = if kind.name == "上年结转资金" {
            ("wan", "万")
        } else {
            ("ceshi", "测试")
        };
        let frames = compose(pinyin, word);
        let (composing, committing) = frames.split_at(frames.len() - 1);
        feed(&mut harness, composing);
        // The pinyin shows in the field but the model has only what was committed.
        assert_eq!(
            (kind.read)(harness.state().document()),
            before,
            "{}",
            kind.name
        );
        // The candidate window goes where the text is typed: egui's IME rectangle is the field's.
        let ime = harness
            .output()
            .platform_output
            .ime
            .expect("the focused field tells where the input method's window goes");
        let field = harness
            .get_by(|node| is_text_field(node) && node.is_focused())
            .rect();
        assert!(
            field.expand(2.0).contains_rect(ime.cursor_rect),
            "{}: {ime:?} {field:?}",
            kind.name
        );
        feed(&mut harness, committing);
        let typed = format!("{}{word}", lead(&kind));
        assert_eq!(
            (kind.read)(harness.state().document()),
            expected(&kind, &typed),
            "{}",
            kind.name
        );
    }
}

#[test]
fn punctuation_committed_without_a_pre_edit_is_kept_in_every_kind_of_field() {
    for kind in kinds()
        .into_iter()
        .filter(|kind| kind.name != "上年结转资金")
    {
        let (mut harness, _) = on_empty_field(&kind);
        let marks = ["，", "。", "《", "》", "、"];
        let frames: Vec<Vec<Event>> = marks.iter().map(|mark| vec![commit(mark)]).collect();
        feed(&mut harness, &frames);
        assert_eq!(
            (kind.read)(harness.state().document()),
            marks.concat(),
            "{}",
            kind.name
        );
    }
}

#[test]
fn backspace_during_a_composition_edits_the_pinyin_not_the_committed_text() {
    for stray_keys in [false, true] {
        for kind in kinds() {
            let (mut harness, _) = on_empty_field(&kind);
            harness.event(Event::Text(lead(&kind).to_owned()));
            harness.run();
            // 「测」 committed first (money: nothing).
            let first = if kind.name == "上年结转资金" {
                ""
            } else {
                "测"
            };
            if !first.is_empty() {
                feed(&mut harness, &compose("ce", first));
            }
            // Then 「shx」, Backspace twice (the input method shortens its pre-edit), 「i」.
            let backspace = || {
                if stray_keys {
                    vec![key(Key::Backspace)]
                } else {
                    Vec::new()
                }
            };
            let (pinyin_word, shortened) = if kind.name == "上年结转资金" {
                ("万", ["w", "wa", "wax", "wa", "w", "wa", "wan"])
            } else {
                ("试", ["s", "sh", "shx", "sh", "s", "sh", "shi"])
            };
            let mut frames = vec![vec![enabled()]];
            for (index, text) in shortened.iter().enumerate() {
                let mut frame = if index == 3 || index == 4 {
                    backspace()
                } else {
                    Vec::new()
                };
                frame.push(preedit(text));
                frames.push(frame);
            }
            frames.push(vec![
                preedit(pinyin_word),
                preedit(""),
                commit(pinyin_word),
                disabled(),
            ]);
            feed(&mut harness, &frames);
            let typed = format!("{}{first}{pinyin_word}", lead(&kind));
            assert_eq!(
                (kind.read)(harness.state().document()),
                expected(&kind, &typed),
                "{} (stray keys: {stray_keys})",
                kind.name
            );

            // Backspace on the last letter empties the composition (Microsoft Pinyin:
            // `Preedit("")`, `Commit("")`, `Disabled`); a Backspace key passed on after it must
            // not delete the committed text.
            let mut frames = vec![vec![enabled()], vec![preedit("s")], vec![preedit("")]];
            if stray_keys {
                frames.push(vec![key(Key::Backspace)]);
            }
            frames.push(vec![commit(""), disabled()]);
            feed(&mut harness, &frames);
            assert_eq!(
                (kind.read)(harness.state().document()),
                expected(&kind, &typed),
                "{}: the last pinyin letter deleted (stray keys: {stray_keys})",
                kind.name
            );
        }
    }
}

#[test]
fn enter_commits_the_letters_as_typed_and_stays_in_the_field() {
    for stray_keys in [false, true] {
        for kind in kinds()
            .into_iter()
            .filter(|kind| kind.name != "上年结转资金")
        {
            let (mut harness, rect) = on_empty_field(&kind);
            let mut frames = compose("ceshi", "ceshi");
            // Enter instead of Space: the letters are committed as typed.
            let last = frames.len() - 1;
            frames[last] = vec![preedit(""), commit("ceshi"), disabled()];
            if stray_keys {
                frames[last].push(key(Key::Enter));
            }
            feed(&mut harness, &frames);
            assert_eq!(
                (kind.read)(harness.state().document()),
                "ceshi",
                "{} (stray keys: {stray_keys})",
                kind.name
            );
            let focused = harness
                .get_by(|node| is_text_field(node) && node.is_focused())
                .rect();
            assert!(
                focused.intersects(rect),
                "{}: the focus stayed in the field (stray keys: {stray_keys})",
                kind.name
            );
        }
    }
}

#[test]
fn clicking_another_field_during_a_composition_carries_nothing_over() {
    for stray_commit in [false, true] {
        for kind in kinds() {
            let (mut harness, _) = on_empty_field(&kind);
            let other_before = (kind.read_other)(harness.state().document());
            let before = (kind.read)(harness.state().document());
            feed(
                &mut harness,
                &[vec![enabled()], vec![preedit("c")], vec![preedit("ce")]],
            );
            // Click the other field in the middle of the composition…
            let other = (kind.other)(&harness);
            harness.event(Event::PointerMoved(other.center()));
            harness.event(Event::PointerButton {
                pos: other.center(),
                button: egui::PointerButton::Primary,
                pressed: true,
                modifiers: Modifiers::NONE,
            });
            harness.event(Event::PointerButton {
                pos: other.center(),
                button: egui::PointerButton::Primary,
                pressed: false,
                modifiers: Modifiers::NONE,
            });
            harness.step();
            // …and some input methods (Sogou) then commit the pinyin as typed.
            if stray_commit {
                harness.event(commit("ce"));
                harness.event(disabled());
            }
            harness.step();
            harness.run();
            let document = harness.state().document();
            assert_eq!(
                (kind.read)(document),
                before,
                "{} keeps no pinyin",
                kind.name
            );
            assert_eq!(
                (kind.read_other)(document),
                other_before,
                "{}: nothing typed into the other field (stray commit: {stray_commit})",
                kind.name
            );
            // Typing in the other field then works as usual.
            feed(&mut harness, &compose("ni", "你"));
            let other_after = (kind.read_other)(harness.state().document());
            assert_eq!(
                other_after.replacen('你', "", 1),
                other_before,
                "{}: 你 typed once into the other field",
                kind.name
            );
        }
    }
}

#[test]
fn enter_moves_to_the_next_field_in_the_forms_order_but_not_in_a_long_text() {
    let mut harness = harness();
    harness.get_by_label("项目名称").click();
    harness.run();
    for next in ["项目性质", "项目类别", "主管部门", "实施单位"] {
        harness.key_press(Key::Enter);
        harness.run();
        assert!(
            harness.get_by_label(next).is_focused(),
            "Enter should move to {next}"
        );
    }
    // In 年度总体目标, Enter starts a new line.
    harness.get_by_label("年度总体目标").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::End);
    harness.key_press(Key::Enter);
    harness.event(Event::Text("第二段".to_owned()));
    harness.run();
    assert!(harness.get_by_label("年度总体目标").is_focused());
    assert!(
        harness.state().document().annual_goal.ends_with("\n第二段"),
        "{:?}",
        harness.state().document().annual_goal
    );
}

#[test]
fn the_year_is_typed_and_cannot_be_dragged() {
    let mut harness = harness();
    let year = harness.get_by_label("年度").rect();
    // A small click-drag over the field leaves the year alone.
    harness.drag_at(year.center());
    harness.run();
    harness.hover_at(year.center() + egui::vec2(30.0, -10.0));
    harness.run();
    harness.drop_at(year.center() + egui::vec2(30.0, -10.0));
    harness.run();
    assert_eq!(harness.state().document().fiscal_year, 2026);
    // Typing a year sets it; half a year does nothing until it is one.
    harness.get_by_label("年度").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.event(Event::Text("20".to_owned()));
    harness.run();
    assert_eq!(harness.state().document().fiscal_year, 2026);
    harness.event(Event::Text("27".to_owned()));
    harness.run();
    assert_eq!(harness.state().document().fiscal_year, 2027);
    harness.get_by_label("(2027年度)");
}

#[test]
fn the_first_click_after_a_dialog_lands() {
    let mut harness = harness();
    // A prompt (转为新年度申报表) closed with Enter…
    harness.state_mut().queue(jixiao::ui::AppCommand::RollOver);
    harness.run();
    assert!(matches!(
        harness.state().prompt(),
        Some(Prompt::RollOver { .. })
    ));
    // (Events put straight into the next frame's input: kittest would give each queued event a
    // frame of its own, hiding a frame of delay.)
    harness.input_mut().events.push(key(Key::Enter));
    harness.step();
    assert!(harness.state().prompt().is_none());
    // …then, in the very next frame, a click on a field and typing.
    let name = by_label(&harness, "主管部门");
    harness.input_mut().events.extend([
        Event::PointerMoved(name.center()),
        Event::PointerButton {
            pos: name.center(),
            button: egui::PointerButton::Primary,
            pressed: true,
            modifiers: Modifiers::NONE,
        },
        Event::PointerButton {
            pos: name.center(),
            button: egui::PointerButton::Primary,
            pressed: false,
            modifiers: Modifiers::NONE,
        },
    ]);
    harness.step();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.event(Event::Text("市委组织部".to_owned()));
    harness.step();
    harness.run();
    assert_eq!(
        harness.state().document().text(Field::CompetentDepartment),
        Some("市委组织部")
    );
}

#[test]
fn tab_goes_from_field_to_field_in_the_forms_order() {
    let mut harness = harness();
    harness.get_by_label("年度").click();
    harness.run();
    // Row by row as printed; the ▼ lists and the ≡ handles are not stops.
    for next in [
        "项目名称",
        "项目性质",
        "项目类别",
        "主管部门",
        "实施单位",
        "计划开始日期",
        "计划完成日期",
    ] {
        harness.key_press(Key::Tab);
        harness.run();
        assert!(
            harness.get_by_label(next).is_focused(),
            "Tab should reach {next}"
        );
    }
}
