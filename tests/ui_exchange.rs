//! Exchange in the editor (issue 9 point 6), through the AccessKit tree (egui_kittest): 导入… of
//! a text holding several forms saves each in a chosen folder and opens the first; 导入… of a
//! workbook and 打开… of a printed PDF give the form back; 从剪贴板导入 reads what was copied;
//! 导出 Excel… writes a workbook that reads back to the same form.

#![expect(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

use std::path::{Path, PathBuf};

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use jixiao::model::Declaration;
use jixiao::ui::{AppCommand, AppConfig, DialogPurpose, EditorApp};

#[path = "support/dialogs.rs"]
mod dialogs;
use dialogs::FakeDialogs;

fn example_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/examples")
        .join(format!("{name}.ron"))
}

fn example(name: &str) -> Declaration {
    jixiao::storage::load(&example_path(name)).unwrap()
}

/// A window on the bundled 党建服务工作经费 example.
fn harness(dialogs: &FakeDialogs, recovery_dir: &Path) -> Harness<'static, EditorApp> {
    let config = AppConfig {
        dialogs: Box::new(dialogs.clone()),
        recovery_dir: Some(recovery_dir.to_owned()),
        recent_files: Vec::new(),
    };
    let app = EditorApp::new_on_file(
        config,
        &example_path("2026-党建服务工作经费"),
        jixiao::ui::initial_declaration(),
    );
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1500.0, 1100.0))
        .with_context_setup(jixiao::ui::install_fonts)
        .build_ui_state(|ui, app: &mut EditorApp| app.ui(ui), app);
    harness.run();
    harness
}

#[test]
fn a_text_with_several_forms_is_saved_form_by_form_in_a_chosen_folder() {
    let temp = tempfile::tempdir().unwrap();
    let dialogs = FakeDialogs::default();
    let mut harness = harness(&dialogs, temp.path());
    let folder = temp.path().join("导入");
    std::fs::create_dir(&folder).unwrap();
    // A file of the same name is there already: it stays, the import takes another name.
    let taken = folder.join("2026-党建服务工作经费.ron");
    std::fs::write(&taken, "留着").unwrap();
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/forms/forms-2026.txt");
    dialogs.answer_path(&seed);
    dialogs.answer_path(&folder);
    harness.state_mut().queue(AppCommand::Import);
    harness.run();

    assert_eq!(
        *dialogs.asked.borrow(),
        [DialogPurpose::Import, DialogPurpose::ImportFolder]
    );
    // forms-2026.txt holds 5 forms: 5 files, the first under a name of its own.
    let mut written: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written.len(), 6, "{written:?}");
    assert!(written.contains(&"2026-党建服务工作经费-2.ron".to_owned()));
    assert!(written.contains(&"2026-党员远教电教工作经费.ron".to_owned()));
    assert_eq!(std::fs::read_to_string(&taken).unwrap(), "留着");
    harness.get_by_label_contains("导入了 5 张申报表");
    // The first is open, from its new file, saved.
    let state = harness.state();
    assert_eq!(state.document().project_name, "党建服务工作经费");
    assert_eq!(
        state.path(),
        Some(folder.join("2026-党建服务工作经费-2.ron").as_path())
    );
    assert!(!state.is_modified());
}

#[test]
fn cancelling_the_folder_imports_nothing() {
    let temp = tempfile::tempdir().unwrap();
    let dialogs = FakeDialogs::default();
    let mut harness = harness(&dialogs, temp.path());
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/forms/forms-2018.txt");
    dialogs.answer_path(&seed);
    harness.state_mut().queue(AppCommand::Import);
    harness.run();
    assert_eq!(
        harness.state().document(),
        &example("2026-党建服务工作经费")
    );
    assert!(!harness.state().is_modified());
}

#[test]
fn a_workbook_and_a_printed_pdf_give_the_form_back() {
    let temp = tempfile::tempdir().unwrap();
    let dialogs = FakeDialogs::default();
    let mut harness = harness(&dialogs, temp.path());
    let form = example("2023-信息化运维项目");
    let workbook = temp.path().join("运维.xlsx");
    std::fs::write(
        &workbook,
        jixiao::export::to_xlsx(std::slice::from_ref(&form)).unwrap(),
    )
    .unwrap();
    dialogs.answer_path(&workbook);
    harness.state_mut().queue(AppCommand::Import);
    harness.run();
    assert_eq!(harness.state().document(), &form);
    assert!(harness.state().is_modified(), "imported, not saved yet");
    assert_eq!(harness.state().path(), None);

    // 打开… a PDF Jixiao printed: the form it carries.
    let other = example("2026-信息化建设项目");
    let pdf = temp.path().join("建设.pdf");
    let printed = jixiao::pdf::print_to_pdf(
        std::slice::from_ref(&other),
        &jixiao::pdf::PrintOptions::default(),
    )
    .unwrap();
    std::fs::write(&pdf, printed.bytes).unwrap();
    dialogs.answer_path(&pdf);
    harness.state_mut().queue(AppCommand::Open);
    harness.run();
    // The workbook's form was not saved: 不保存.
    harness.get_by_label("不保存").click();
    harness.run();
    assert_eq!(harness.state().document(), &other);
}

#[test]
fn the_clipboard_is_read_as_a_paste() {
    let temp = tempfile::tempdir().unwrap();
    let dialogs = FakeDialogs::default();
    let mut harness = harness(&dialogs, temp.path());
    // Nothing copied: said so, nothing changes.
    harness.state_mut().queue(AppCommand::ImportClipboard);
    harness.run();
    harness.get_by_label_contains("剪贴板中没有文字");
    harness.get_by_label("确定").click();
    harness.run();

    let form = example("2026-党员远教电教工作经费");
    *dialogs.clipboard.borrow_mut() = Some(jixiao::export::to_tsv(&form));
    harness.state_mut().queue(AppCommand::ImportClipboard);
    harness.run();
    assert_eq!(harness.state().document(), &form);
}

#[test]
fn export_excel_writes_a_workbook_that_reads_back() {
    let temp = tempfile::tempdir().unwrap();
    let dialogs = FakeDialogs::default();
    let mut harness = harness(&dialogs, temp.path());
    // Named without the extension: the workbook gets `.xlsx`.
    dialogs.answer_path(&temp.path().join("党建"));
    harness.state_mut().queue(AppCommand::ExportExcel);
    harness.run();
    let bytes = std::fs::read(temp.path().join("党建.xlsx")).unwrap();
    let report = jixiao::import::import_workbook(&bytes).unwrap();
    assert_eq!(report.declarations, [example("2026-党建服务工作经费")]);
    assert!(harness.state().status().contains("党建.xlsx"));
}

#[test]
fn the_menus_offer_the_exchange_commands() {
    let temp = tempfile::tempdir().unwrap();
    let dialogs = FakeDialogs::default();
    let mut harness = harness(&dialogs, temp.path());
    harness.get_by_label("文件").click();
    harness.run();
    harness.get_by_label_contains("导入…");
    harness.get_by_label_contains("导出 Excel…");
    harness.key_press(egui::Key::Escape);
    harness.run();
    harness.get_by_label("编辑").click();
    harness.run();
    harness.get_by_label_contains("从剪贴板导入");
}
