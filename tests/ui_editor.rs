//! The editor window driven through its AccessKit tree (egui_kittest, no GPU): open a real
//! sample form through a fake dialog, edit, restructure the tree, undo/redo, fix the sums, save
//! and load back, and the unsaved-changes prompt on close.

use std::path::{Path, PathBuf};

use eframe::egui::{self, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use jixiao::model::{
    Comparator, Declaration, Field, IndicatorPath, TargetNumber, TargetValue, parse_yuan,
};
use jixiao::storage;
use jixiao::ui::{AppCommand, AppConfig, DialogOutcome, DialogPurpose, EditorApp, Prompt};
use jixiao::validate::Rule;

#[path = "support/dialogs.rs"]
mod dialogs;
use dialogs::FakeDialogs;

/// An amount of the document, read through the model's field accessor.
fn amount(declaration: &jixiao::model::Declaration, field: Field) -> Option<jixiao::model::Yuan> {
    declaration.amount(field)
}

/// The bundled example: the 2026 党建服务工作经费 form of sample form `forms-2026.txt` (all rows).
fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples/2026-党建服务工作经费.ron")
}

fn harness(app: EditorApp) -> Harness<'static, EditorApp> {
    Harness::builder()
        .with_size(egui::vec2(1500.0, 1100.0))
        .with_context_setup(jixiao::ui::install_fonts)
        .build_ui_state(|ui, app: &mut EditorApp| app.ui(ui), app)
}

fn app_with(dialogs: &FakeDialogs, recovery_dir: &Path) -> EditorApp {
    let config = AppConfig {
        dialogs: Box::new(dialogs.clone()),
        recovery_dir: Some(recovery_dir.to_owned()),
        recent_files: Vec::new(),
    };
    EditorApp::new(config, Declaration::new_current(2027), None)
}

/// The text field showing `value` (not its text run).
fn field<'a>(harness: &'a Harness<'_, EditorApp>, value: &'a str) -> egui_kittest::Node<'a> {
    harness.get_by(|node| {
        matches!(
            node.role(),
            egui::accesskit::Role::TextInput | egui::accesskit::Role::MultilineTextInput
        ) && node.value().as_deref() == Some(value)
    })
}

/// Replaces the text of the focused field: select all, then type.
fn retype(harness: &Harness<'_, EditorApp>, text: &str) {
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.event(egui::Event::Text(text.to_owned()));
}

fn level2_names(declaration: &Declaration, level1: usize) -> Vec<String> {
    declaration.indicators[level1]
        .children
        .iter()
        .map(|level2| level2.name.clone())
        .collect()
}

fn level3_names(declaration: &Declaration, level1: usize, level2: usize) -> Vec<String> {
    declaration.indicators[level1].children[level2]
        .children
        .iter()
        .map(|level3| level3.name.clone())
        .collect()
}

#[test]
fn edits_a_sample_form_with_undo_redo_sums_and_save() {
    let temp = tempfile::tempdir().unwrap();
    let dialogs = FakeDialogs::default();
    let mut harness = harness(app_with(&dialogs, &temp.path().join("recovery")));
    harness.run();

    // Open the sample form through the 文件 menu and the (fake) dialog.
    dialogs.answer(DialogOutcome::Picked(fixture()));
    harness.get_by_label("文件").click();
    harness.run();
    harness.get_by_label_contains("打开…").click();
    harness.run();
    let sample = storage::load(&fixture()).unwrap();
    assert_eq!(harness.state().document(), &sample);
    assert!(!harness.state().is_modified());
    assert_eq!(*dialogs.asked.borrow(), [DialogPurpose::OpenDeclaration]);

    // Edit the project name.
    harness.get_by_label("项目名称").click();
    harness.run();
    retype(&harness, "党建服务工作经费（修订）");
    harness.run();
    assert_eq!(
        harness.state().document().project_name,
        "党建服务工作经费（修订）"
    );
    assert!(harness.state().is_modified());

    // Add a level-3 indicator under 产出指标 / 数量指标 and give it ≥12(部).
    field(&harness, "数量指标").click();
    harness.run();
    harness.get_by_label("添加三级指标").click();
    harness.run();
    assert_eq!(
        level3_names(harness.state().document(), 0, 0),
        ["阵地包干服务完成率", ""]
    );
    // The new row's name field has the focus: type its name.
    harness.event(egui::Event::Text("制作党建类远程教育课件".to_owned()));
    harness.run();
    assert_eq!(
        level3_names(harness.state().document(), 0, 0),
        ["阵地包干服务完成率", "制作党建类远程教育课件"]
    );
    harness
        .get_by_label("「制作党建类远程教育课件」的指标值")
        .click();
    harness.run();
    harness.event(egui::Event::Text("≥12(部)".to_owned()));
    harness.key_press(Key::Enter);
    harness.run();
    let expected_target = TargetValue::Quantitative {
        comparator: Comparator::Ge,
        number: TargetNumber::parse("12").unwrap(),
        unit: "部".to_owned(),
    };
    let added = &harness.state().document().indicators[0].children[0].children[1];
    assert_eq!(added.target.as_ref(), Some(&expected_target));
    harness.get_by_label_contains("≥12(部)");
    // Enter went on to the next field of the table: the next row's 二级指标.
    assert!(field(&harness, "质量指标").is_focused());

    // Select it again and move it up.
    field(&harness, "制作党建类远程教育课件").click();
    harness.run();
    harness.get_by_label("上移").click();
    harness.run();
    let after_move = harness.state().document().clone();
    assert_eq!(
        level3_names(&after_move, 0, 0),
        ["制作党建类远程教育课件", "阵地包干服务完成率"]
    );

    // Delete the level-2 group 质量指标: it has children, so it asks first.
    field(&harness, "质量指标").click();
    harness.run();
    harness.get_by_label("删除").click();
    harness.run();
    assert!(matches!(
        harness.state().prompt(),
        Some(Prompt::ConfirmDelete(_))
    ));
    harness.get_by_label("确定删除").click();
    harness.run();
    let after_delete = harness.state().document().clone();
    assert_eq!(level2_names(&after_delete, 0), ["数量指标", "时效指标"]);

    // Undo twice, redo once.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().document(), &after_move);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        level3_names(harness.state().document(), 0, 0),
        ["阵地包干服务完成率", "制作党建类远程教育课件"]
    );
    assert_eq!(
        level2_names(harness.state().document(), 0),
        ["数量指标", "质量指标", "时效指标"]
    );
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run();
    assert_eq!(harness.state().document(), &after_move);

    // Break the annual sum: the live check says so; one click sets the total from its parts.
    harness.get_by_label("上年结转资金").click();
    harness.run();
    retype(&harness, "1,000");
    harness.run();
    let document = harness.state().document();
    assert_eq!(
        amount(document, Field::AnnualCarryover),
        parse_yuan("1000").ok()
    );
    harness.get_by_label_contains("与年度资金申请总额 1,139,000.00 不符（总额少 1,000.00）");
    // The rule's finding appears in the panel; clicking it focuses 年度资金申请总额.
    let sum_findings = |app: &EditorApp| {
        app.findings()
            .iter()
            .filter(|finding| finding.rule == Rule::AnnualTotalSum)
            .map(|finding| finding.path)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        sum_findings(harness.state()),
        [jixiao::model::Path::Field(Field::AnnualTotal)]
    );
    harness.get_by_label_contains("错误 1 ·");
    harness
        .get_by_label_contains("不等于当年财政拨款、上年结转资金与其他资金之和")
        .click();
    harness.run();
    assert!(harness.get_by_label("年度资金申请总额").is_focused());
    harness
        .get_by_label_contains("将年度资金申请总额设为 1,140,000.00")
        .click();
    harness.run();
    assert_eq!(
        amount(harness.state().document(), Field::AnnualTotal),
        parse_yuan("1140000").ok()
    );
    harness.get_by_label_contains("与年度资金申请总额一致");
    assert!(sum_findings(harness.state()).is_empty());

    // Save to a temporary folder (Ctrl+Shift+S) and load it back identical.
    let saved = temp.path().join("修订.ron");
    dialogs.answer(DialogOutcome::Picked(saved.clone()));
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    harness.run();
    assert!(!harness.state().is_modified());
    assert_eq!(harness.state().path(), Some(saved.as_path()));
    assert_eq!(&storage::load(&saved).unwrap(), harness.state().document());
    assert!(harness.state().window_title().starts_with("修订.ron —"));

    // Close with unsaved changes: the window stays and asks 保存 / 不保存 / 取消.
    harness.get_by_label("项目名称").click();
    harness.run();
    retype(&harness, "再改一次");
    harness.run();
    assert!(harness.state().window_title().contains('●'));
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    harness.run();
    assert!(matches!(harness.state().prompt(), Some(Prompt::Unsaved(_))));
    harness.get_by_label("有未保存的修改");
    harness.get_by_label("不保存");
    harness.get_by_label("取消").click();
    harness.run();
    assert!(harness.state().prompt().is_none());
    assert_eq!(harness.state().document().project_name, "再改一次");

    // Asked again, 保存 (the prompt's button, after the toolbar's) writes the file first.
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    harness.run();
    let save_buttons: Vec<_> = harness.get_all_by_label("保存").collect();
    assert_eq!(save_buttons.len(), 2, "toolbar and prompt");
    save_buttons[1].click();
    harness.run();
    assert!(!harness.state().is_modified());
    assert_eq!(storage::load(&saved).unwrap().project_name, "再改一次");
}

#[test]
fn a_broken_file_gives_a_message_and_keeps_the_open_document() {
    let temp = tempfile::tempdir().unwrap();
    let broken = temp.path().join("坏文件.ron");
    std::fs::write(
        &broken,
        "(format: \"jixiao\", version: 1, declaration: (fiscal_year: ",
    )
    .unwrap();
    let dialogs = FakeDialogs::default();
    let mut harness = harness(app_with(&dialogs, &temp.path().join("recovery")));
    dialogs.answer(DialogOutcome::Picked(fixture()));
    harness.state_mut().queue(AppCommand::Open);
    harness.run();
    let before = harness.state().document().clone();
    assert_eq!(before.project_name, "党建服务工作经费");

    dialogs.answer(DialogOutcome::Picked(broken.clone()));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    harness.run();
    assert!(matches!(
        harness.state().prompt(),
        Some(Prompt::Message { .. })
    ));
    harness.get_by_label("无法打开文件");
    harness.get_by_label_contains("坏文件.ron");
    assert_eq!(harness.state().document(), &before);
    assert_eq!(harness.state().path(), Some(fixture().as_path()));
    harness.get_by_label("确定").click();
    harness.run();
    assert!(harness.state().prompt().is_none());
}

#[test]
fn the_recovery_copy_is_offered_after_a_crash_and_removed_on_clean_close() {
    let temp = tempfile::tempdir().unwrap();
    let recovery_dir = temp.path().join("recovery");
    let dialogs = FakeDialogs::default();

    // First session: open, change the structure, then "crash" (drop without closing).
    let mut first = harness(app_with(&dialogs, &recovery_dir));
    dialogs.answer(DialogOutcome::Picked(fixture()));
    first.state_mut().queue(AppCommand::Open);
    first.run();
    field(&first, "满意度指标").click();
    first.run();
    first.get_by_label("复制").click();
    first.run();
    let edited = first.state().document().clone();
    assert_eq!(edited.indicators.len(), 4);
    // A structural edit is copied at once (typing after a pause).
    let recovery_file = first.state().recovery_file().unwrap();
    let copy = storage::RecoveryStore::new(&recovery_dir)
        .orphans()
        .unwrap();
    assert!(copy.is_empty(), "an open window's copy is not an orphan");
    assert!(recovery_file.exists());
    drop(first);

    // Second session on the same data folder: offered, and restored on request.
    let mut second = harness(app_with(&dialogs, &recovery_dir));
    second.run();
    assert!(matches!(
        second.state().prompt(),
        Some(Prompt::Recovery { .. })
    ));
    second.get_by_label("恢复").click();
    second.run();
    assert_eq!(second.state().document(), &edited);
    assert_eq!(second.state().path(), Some(fixture().as_path()));
    assert!(second.state().is_modified());

    // Closing cleanly after choosing 不保存 removes the copy.
    second
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    second.run();
    second.get_by_label("不保存").click();
    second.run();
    assert!(!recovery_file.exists());
    let _ = IndicatorPath::level1(0);
}
