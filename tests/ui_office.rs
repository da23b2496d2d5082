//! The editor behaves like an office program (issue 10), driven through its AccessKit tree with
//! egui_kittest: the 视图 menu (light theme by default, dark selectable, zoom, the findings panel
//! shown and hidden), 文件 › 退出, and the view remembered in the preferences.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use eframe::egui::{self, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use jixiao::ui::{
    AppConfig, DialogOutcome, DialogPurpose, EditorApp, FileDialogs, Prompt, ViewPreferences,
};

#[path = "support/preferences.rs"]
mod preferences;
use preferences::MemoryStorage;

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

/// The focused text field.
fn focused_field<'a>(harness: &'a Harness<'_, EditorApp>) -> egui_kittest::Node<'a> {
    harness.get_by(|node| {
        matches!(
            node.role(),
            egui::accesskit::Role::TextInput | egui::accesskit::Role::MultilineTextInput
        ) && node.is_focused()
    })
}

/// A window on a copy of the bundled example in `folder` (so that saves land there), with the
/// system's file dialogs missing.
fn on_copy_without_system_dialogs(
    folder: &Path,
    dialogs: &FakeDialogs,
) -> Harness<'static, EditorApp> {
    let copy = folder.join("示例.ron");
    std::fs::copy(example(), &copy).expect("a copy of the example");
    let config = AppConfig {
        dialogs: Box::new(dialogs.clone()),
        recovery_dir: None,
        recent_files: Vec::new(),
    };
    let app = EditorApp::new_on_file(config, &copy, jixiao::ui::initial_declaration());
    harness_for(app, egui::vec2(1366.0, 768.0))
}

#[test]
fn without_a_system_dialog_the_built_in_chooser_is_driven_by_keys() {
    let temp = tempfile::tempdir().unwrap();
    let dialogs = FakeDialogs::default();
    let mut harness = on_copy_without_system_dialogs(temp.path(), &dialogs);

    // 另存为: the chooser opens titled 另存为, in the form's folder, its file name field focused
    // and holding the form's file name.
    dialogs.answer(DialogOutcome::Unavailable);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    harness.run();
    assert_eq!(
        harness.state().chooser(),
        Some(DialogPurpose::SaveDeclarationAs)
    );
    harness.get_by_label("💾  另存为");
    assert_eq!(focused_field(&harness).value().as_deref(), Some("示例.ron"));

    // Type a new name and press Enter: saved there; the status bar and the title say where.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.event(egui::Event::Text("修订稿".to_owned()));
    harness.key_press(Key::Enter);
    harness.run();
    let saved = temp.path().join("修订稿.ron");
    assert!(harness.state().chooser().is_none());
    assert_eq!(
        jixiao::storage::load(&saved).unwrap().project_name,
        "党建服务工作经费"
    );
    let folder = std::path::absolute(temp.path()).unwrap();
    harness.get_by_label_contains(&format!("已保存到 {}", saved.display()));
    assert!(
        harness
            .state()
            .window_title()
            .contains(&folder.display().to_string()),
        "{}",
        harness.state().window_title()
    );

    // Into an existing file: it asks first.
    dialogs.answer(DialogOutcome::Unavailable);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.event(egui::Event::Text("示例.ron".to_owned()));
    harness.key_press(Key::Enter);
    harness.run();
    assert!(matches!(
        harness.state().prompt(),
        Some(Prompt::ConfirmOverwrite { .. })
    ));
    harness.get_by_label("文件已存在");
    harness.get_by_label("替换").click();
    harness.run();
    assert!(harness.state().prompt().is_none());
    let replaced = std::path::absolute(temp.path().join("示例.ron")).unwrap();
    assert_eq!(harness.state().path(), Some(replaced.as_path()));

    // Esc closes it without saving anything.
    dialogs.answer(DialogOutcome::Unavailable);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    harness.run();
    assert!(harness.state().chooser().is_some());
    harness.key_press(Key::Escape);
    harness.run();
    assert!(harness.state().chooser().is_none());

    // An empty name gets a message and the chooser stays.
    dialogs.answer(DialogOutcome::Unavailable);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.key_press(Key::Backspace);
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    harness.get_by_label("请输入文件名");
    assert!(harness.state().chooser().is_some());
    harness.key_press(Key::Escape);
    harness.run();

    // 打印为 PDF: the name comes from the form's file, and the PDF goes where Enter says.
    dialogs.answer(DialogOutcome::Unavailable);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::P);
    harness.run();
    assert_eq!(harness.state().chooser(), Some(DialogPurpose::SavePdf));
    harness.get_by_label("💾  打印为 PDF");
    assert_eq!(focused_field(&harness).value().as_deref(), Some("示例.pdf"));
    harness.key_press(Key::Enter);
    harness.run();
    assert!(matches!(
        harness.state().prompt(),
        Some(Prompt::PdfWritten { .. })
    ));
    assert!(
        std::fs::read(temp.path().join("示例.pdf"))
            .unwrap()
            .starts_with(b"%PDF")
    );
    harness.get_by_label("关闭").click();
    harness.run();

    // 打开: starts in the last folder used; a typed name opens that file.
    dialogs.answer(DialogOutcome::Unavailable);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    harness.run();
    assert_eq!(
        harness.state().chooser(),
        Some(DialogPurpose::OpenDeclaration)
    );
    // egui_file puts a folder sign before the title.
    harness.get_by_label("📂  打开");
    harness.get_by_label_contains("修订稿.ron");
    harness.event(egui::Event::Text("修订稿.ron".to_owned()));
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(
        harness.state().path(),
        Some(std::path::absolute(&saved).unwrap().as_path())
    );
}

/// Replaces the text of the field labelled `label`: click, select all, type.
fn retype(harness: &mut Harness<'_, EditorApp>, label: &str, text: &str) {
    harness.get_by_label(label).click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    if text.is_empty() {
        harness.key_press(Key::Backspace);
    } else {
        harness.event(egui::Event::Text(text.to_owned()));
    }
    harness.run();
}

#[test]
fn printing_a_form_with_errors_asks_first() {
    let temp = tempfile::tempdir().unwrap();
    let dialogs = FakeDialogs::default();
    let mut harness = on_example(&dialogs);
    // The example has no error (docs/form.md §5 rules, forms-2026.txt); two are made here: a
    // blank 项目名称 and 年度资金申请总额 no longer the sum of its parts.
    retype(&mut harness, "项目名称", "");
    retype(&mut harness, "上年结转资金", "1000");
    harness.key_press(Key::Escape);
    harness.run();

    harness.key_press_modifiers(Modifiers::COMMAND, Key::P);
    harness.run();
    assert!(matches!(
        harness.state().prompt(),
        Some(Prompt::PrintWithErrors { errors: 2, .. })
    ));
    harness.get_by_label("仍有 2 个错误，仍要打印？");
    assert!(dialogs.asked.borrow().is_empty(), "nothing asked yet");

    // 查看错误: the first error's field (项目名称, first on the form) gets the focus.
    harness.get_by_label("查看错误").click();
    harness.run();
    assert!(harness.state().prompt().is_none());
    assert!(harness.get_by_label("项目名称").is_focused());

    // 取消: nothing printed.
    harness.key_press(Key::Escape);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::P);
    harness.run();
    harness.get_by_label("取消").click();
    harness.run();
    assert!(dialogs.asked.borrow().is_empty());

    // 仍要打印: asks where, suggesting the form's file name, and prints.
    let target = temp.path().join("有错误.pdf");
    dialogs.answer(DialogOutcome::Picked(target.clone()));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::P);
    harness.run();
    harness.get_by_label("仍要打印").click();
    harness.run();
    let asked = dialogs.asked.borrow().clone();
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0].0, DialogPurpose::SavePdf);
    assert_eq!(asked[0].1, "2026-党建服务工作经费.pdf");
    assert!(std::fs::read(&target).unwrap().starts_with(b"%PDF"));
}

#[test]
fn the_money_fix_sets_the_total_or_fills_the_one_blank_part() {
    let mut harness = on_example(&FakeDialogs::default());
    // forms-2026.txt: 年度资金申请总额 1,139,000.00 = 当年财政拨款 1,139,000.00 + 0.00 + 0.00.
    // With 当年财政拨款 1,000,000 and 上年结转资金 blank, both fixes are offered.
    retype(&mut harness, "其中：当年财政拨款", "1000000");
    retype(&mut harness, "上年结转资金", "");
    harness.key_press(Key::Escape);
    harness.run();
    let amount = |harness: &Harness<'_, EditorApp>, field| harness.state().document().amount(field);
    harness.get_by_label("将年度资金申请总额设为 1,000,000.00");
    harness
        .get_by_label("将上年结转资金设为 139,000.00")
        .click();
    harness.run();
    assert_eq!(
        amount(&harness, jixiao::model::Field::AnnualCarryover),
        jixiao::model::parse_yuan("139000").ok()
    );
    harness.get_by_label_contains("与年度资金申请总额一致");

    // Two blank parts: only the total can be set.
    retype(&mut harness, "上年结转资金", "");
    retype(&mut harness, "其他资金（年度资金）", "");
    harness.key_press(Key::Escape);
    harness.run();
    assert!(
        harness
            .query_by_label_contains("将上年结转资金设为")
            .is_none()
    );
    harness
        .get_by_label("将年度资金申请总额设为 1,000,000.00")
        .click();
    harness.run();
    assert_eq!(
        amount(&harness, jixiao::model::Field::AnnualTotal),
        jixiao::model::parse_yuan("1000000").ok()
    );
    harness.get_by_label_contains("与年度资金申请总额一致");
}

#[test]
fn the_status_bar_tells_the_last_action_only() {
    let temp = tempfile::tempdir().unwrap();
    let dialogs = FakeDialogs::default();
    let mut harness = on_example(&dialogs);
    // Delete 社会效益指标's second indicator: the status says so…
    harness
        .get_by(|node| {
            node.role() == egui::accesskit::Role::MultilineTextInput
                && node.value().as_deref() == Some("平台稳定运行天数")
        })
        .click();
    harness.run();
    harness.get_by_label("删除").click();
    harness.run();
    assert_eq!(harness.state().status(), "已删除指标（可撤销）");
    harness.get_by_label("已删除指标（可撤销）");
    // …until the next action: undo says what it did.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(harness.query_by_label("已删除指标（可撤销）").is_none());
    harness.get_by_label("已撤销");

    // After saving, typing clears 「已保存到…」 as the title shows the change.
    let saved = temp.path().join("状态.ron");
    dialogs.answer(DialogOutcome::Picked(saved.clone()));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    harness.get_by_label_contains("已保存到");
    retype(&mut harness, "主管部门", "市委组织部");
    assert!(harness.query_by_label_contains("已保存到").is_none());
    assert!(harness.state().window_title().contains('●'));
}

#[test]
fn a_new_form_says_what_is_left_to_fill_in_until_checked() {
    let mut harness = on_example(&FakeDialogs::default());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    assert!(harness.state().findings().iter().any(|finding| {
        finding.severity == jixiao::validate::Severity::Error
            && finding.path == jixiao::model::Field::ProjectName.into()
    }));
    // Required fields not touched yet are 待填写, not errors.
    harness.get_by_label_contains("错误 0 ·");
    harness.get_by_label_contains("· 待填写 ");
    harness.get_by(|node| {
        node.label().as_deref() == Some("项目名称") && node.data().placeholder() == Some("待填写")
    });

    // A field the user has been in and left empty is an error again.
    harness.get_by_label("项目名称").click();
    harness.run();
    harness.key_press(Key::Tab);
    harness.run();
    harness.get_by_label_contains("错误 1 ·");

    // 检查全部 (F7) shows every error.
    harness.key_press(Key::F7);
    harness.run();
    let errors = harness
        .state()
        .findings()
        .iter()
        .filter(|finding| finding.severity == jixiao::validate::Severity::Error)
        .count();
    assert!(errors > 1);
    harness.get_by_label_contains(&format!("错误 {errors} ·"));
    assert!(harness.query_by_label_contains("待填写 ").is_none());
}

#[test]
fn rolling_over_proposes_the_coming_year_at_least() {
    use chrono::Datelike as _;
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/forms/forms-2020.txt");
    let text = std::fs::read_to_string(seed).unwrap();
    let declaration = jixiao::import::import_text(&text).declarations.remove(0);
    assert_eq!(declaration.fiscal_year, 2020);
    let config = AppConfig {
        dialogs: Box::new(FakeDialogs::default()),
        recovery_dir: None,
        recent_files: Vec::new(),
    };
    let mut harness = harness_for(
        EditorApp::new(config, declaration, None),
        egui::vec2(1366.0, 768.0),
    );
    harness.state_mut().queue(jixiao::ui::AppCommand::RollOver);
    harness.run();
    let coming = chrono::Local::now().year() + 1;
    let Some(Prompt::RollOver { text }) = harness.state().prompt() else {
        panic!("expected the roll-over prompt");
    };
    // Not 2021 for a 2020 form: the coming year.
    assert_eq!(text, &coming.max(2021).to_string());
    harness.get_by_label("新年度");
}
