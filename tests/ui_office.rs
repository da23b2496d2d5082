//! The editor behaves like an office program (issue 10), driven through its AccessKit tree with
//! egui_kittest: the 视图 menu (light theme by default, dark selectable, zoom, the findings panel
//! shown and hidden), 文件 › 退出, and the view remembered in the preferences.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use eframe::egui::{self, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use jixiao::ui::{
    AppConfig, DialogOutcome, DialogPurpose, EditorApp, FileDialogs, Prompt, ViewPreferences,
};

/// The bundled example: the 2026 党建服务工作经费 form of sample form `forms-2026.txt`.
fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples/2026-党建服务工作经费.ron")
}

/// What a dialog was asked: its purpose, the suggested file name and the starting folder.
type Asked = (DialogPurpose, String, Option<PathBuf>);

/// Dialogs that answer from a queue the test fills (cancel when empty), and record what they
/// were asked: purpose, suggested name and starting folder.
#[derive(Clone, Default)]
struct FakeDialogs {
    answers: Rc<RefCell<VecDeque<DialogOutcome>>>,
    asked: Rc<RefCell<Vec<Asked>>>,
}

#[allow(dead_code, reason = "used by the chooser tests")]
impl FakeDialogs {
    fn answer(&self, outcome: DialogOutcome) {
        self.answers.borrow_mut().push_back(outcome);
    }
}

impl FileDialogs for FakeDialogs {
    fn pick(&mut self, purpose: DialogPurpose, name: &str, folder: Option<&Path>) -> DialogOutcome {
        self.asked
            .borrow_mut()
            .push((purpose, name.to_owned(), folder.map(Path::to_owned)));
        self.answers
            .borrow_mut()
            .pop_front()
            .unwrap_or(DialogOutcome::Cancelled)
    }
}

/// eframe's preference storage, in memory.
#[derive(Default)]
struct MemoryStorage(HashMap<String, String>);

impl eframe::Storage for MemoryStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
}

fn harness_for(app: EditorApp, size: egui::Vec2) -> Harness<'static, EditorApp> {
    let mut harness = Harness::builder()
        .with_size(size)
        .with_max_steps(16)
        .with_context_setup(jixiao::ui::install_fonts)
        .build_ui_state(|ui, app: &mut EditorApp| app.ui(ui), app);
    harness.run();
    harness
}

/// A 1366×768 window on the bundled example, no recovery copies.
fn on_example(dialogs: &FakeDialogs) -> Harness<'static, EditorApp> {
    let config = AppConfig {
        dialogs: Box::new(dialogs.clone()),
        recovery_dir: None,
        recent_files: Vec::new(),
    };
    let app = EditorApp::new_on_file(config, &example(), jixiao::ui::initial_declaration());
    harness_for(app, egui::vec2(1366.0, 768.0))
}

fn open_menu(harness: &mut Harness<'_, EditorApp>, menu: &str) {
    harness.get_by_label(menu).click();
    harness.run();
}

#[test]
fn the_view_menu_switches_theme_zoom_and_the_findings_panel_and_they_are_remembered() {
    let mut harness = on_example(&FakeDialogs::default());
    // Light by default: white fields on a light window.
    let visuals = harness.ctx.global_style().visuals.clone();
    assert!(!visuals.dark_mode);
    assert_eq!(visuals.text_edit_bg_color(), egui::Color32::WHITE);

    // 视图 holds the panel toggle, zoom and the themes.
    open_menu(&mut harness, "视图");
    for item in [
        "检查结果面板",
        "放大",
        "缩小",
        "实际大小",
        "浅色外观",
        "深色外观",
    ] {
        harness.get_by_label_contains(item);
    }
    harness.get_by_label_contains("深色外观").click();
    harness.run();
    assert!(harness.ctx.global_style().visuals.dark_mode);

    // Ctrl + and Ctrl − zoom, Ctrl 0 resets.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
    harness.run();
    assert!((harness.ctx.zoom_factor() - 1.1).abs() < 1e-3);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Minus);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Minus);
    harness.run();
    assert!((harness.ctx.zoom_factor() - 0.9).abs() < 1e-3);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num0);
    harness.run();
    assert!((harness.ctx.zoom_factor() - 1.0).abs() < 1e-3);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
    harness.run();

    // F9 hides the findings panel and shows it again.
    harness.get_by_label("检查结果");
    harness.key_press(Key::F9);
    harness.run();
    assert!(harness.query_by_label("检查结果").is_none());
    let mut storage = MemoryStorage::default();
    eframe::App::save(harness.state_mut(), &mut storage);
    harness.key_press(Key::F9);
    harness.run();
    harness.get_by_label("检查结果");

    // The view saved with the panel hidden comes back in the next session.
    let view: ViewPreferences =
        eframe::get_value(&storage, jixiao::ui::app::VIEW_KEY).expect("the view is saved");
    assert_eq!(view.theme, jixiao::ui::command::ThemeChoice::Dark);
    assert!((view.zoom_factor - 1.1).abs() < 1e-3);
    let config = AppConfig {
        dialogs: Box::new(FakeDialogs::default()),
        recovery_dir: None,
        recent_files: Vec::new(),
    };
    let app = EditorApp::new_on_file(config, &example(), jixiao::ui::initial_declaration())
        .with_view(view);
    let next = harness_for(app, egui::vec2(1366.0, 768.0));
    assert!(next.ctx.global_style().visuals.dark_mode);
    assert!(next.query_by_label("检查结果").is_none());
}

#[test]
fn quit_is_in_the_file_menu_and_asks_about_unsaved_changes() {
    let mut harness = on_example(&FakeDialogs::default());
    open_menu(&mut harness, "文件");
    harness.get_by_label_contains("退出");
    harness.key_press(Key::Escape);
    harness.run();
    harness.get_by_label("项目名称").click();
    harness.run();
    harness.event(egui::Event::Text("（改）".to_owned()));
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Q);
    harness.run();
    assert!(matches!(harness.state().prompt(), Some(Prompt::Unsaved(_))));
}
