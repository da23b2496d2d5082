//! Several editor windows, one recovery folder (issue 8 point 6), driven through egui_kittest:
//! each window's recovery copy is its own (discarding in one never touches another's, a crash
//! keeps exactly its copy), a file open in one window opens read-only in another, and a file
//! changed on disk behind a window is noticed on regaining the focus and before saving.
//! Two "windows" are two `EditorApp`s in one process sharing the folder, as two Jixiao
//! processes share the user's data folder; a crash is dropping one without closing it.

use std::path::{Path, PathBuf};

use eframe::egui::{self, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use jixiao::model::Declaration;
use jixiao::storage;
use jixiao::ui::{AppCommand, AppConfig, DialogOutcome, DialogPurpose, EditorApp, Prompt};

#[path = "support/dialogs.rs"]
mod dialogs;
use dialogs::FakeDialogs;

#[path = "support/large_form.rs"]
mod large_form;

/// A copy of the bundled sample form `name` (from the sample forms in `tests/fixtures/forms/`)
/// in `folder`, as `file`.
fn sample(folder: &Path, name: &str, file: &str) -> PathBuf {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/examples")
        .join(name);
    let target = folder.join(file);
    std::fs::copy(source, &target).expect("the bundled example copies");
    target
}

/// A window's start-up settings: the fake dialogs, its recovery copies in `recovery_dir`.
fn config(dialogs: &FakeDialogs, recovery_dir: &Path) -> AppConfig {
    AppConfig {
        dialogs: Box::new(dialogs.clone()),
        recovery_dir: Some(recovery_dir.to_owned()),
        recent_files: Vec::new(),
    }
}

/// A harness showing `app` (no frame run yet).
fn harness(app: EditorApp) -> Harness<'static, EditorApp> {
    Harness::builder()
        .with_size(egui::vec2(1500.0, 1100.0))
        // Frames 1/60 s apart, as on screen; pauses are made with `advance`.
        .with_step_dt(1.0 / 60.0)
        .with_context_setup(jixiao::ui::install_fonts)
        .build_ui_state(|ui, app: &mut EditorApp| app.ui(ui), app)
}

/// A window on a new blank form, its recovery copies in `recovery_dir`.
fn window(dialogs: &FakeDialogs, recovery_dir: &Path) -> Harness<'static, EditorApp> {
    let app = EditorApp::new(
        config(dialogs, recovery_dir),
        Declaration::new_current(2027),
        None,
    );
    let mut harness = harness(app);
    harness.run();
    harness
}

/// Replaces the text of the field labelled `label` by `text`, as typed.
fn retype(harness: &mut Harness<'_, EditorApp>, label: &str, text: &str) {
    harness.get_by_label(label).click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.event(egui::Event::Text(text.to_owned()));
    harness.run();
}

/// Moves the harness's input clock `seconds` on and runs one frame there.
fn advance(harness: &mut Harness<'_, EditorApp>, seconds: f64) {
    let now = harness.ctx.input(|input| input.time);
    harness.input_mut().time = Some(now + seconds);
    harness.step();
}

/// The window loses the focus to another program and gets it back.
fn leave_and_return(harness: &mut Harness<'_, EditorApp>) {
    harness.input_mut().focused = false;
    harness.run();
    harness.input_mut().focused = true;
    harness.run();
}

/// The recovery copies in the folder (file names).
fn copies(recovery_dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(recovery_dir)
        .expect("the recovery folder reads")
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".ron"))
        .collect();
    names.sort();
    names
}

#[test]
fn two_windows_keep_their_own_copies_and_a_crash_restores_exactly_its_edits() {
    let temp = tempfile::tempdir().unwrap();
    let recovery_dir = temp.path().join("recovery");
    let file_a = sample(temp.path(), "2026-党建服务工作经费.ron", "甲.ron");
    let file_b = sample(temp.path(), "2026-信息化建设项目.ron", "乙.ron");
    let dialogs = FakeDialogs::default();

    let mut first = window(&dialogs, &recovery_dir);
    assert!(first.state_mut().open(&file_a));
    first.run();
    let mut second = window(&dialogs, &recovery_dir);
    assert!(second.state_mut().open(&file_b));
    second.run();

    retype(&mut first, "项目名称", "甲窗口改过的名称");
    retype(&mut second, "项目名称", "乙窗口改过的名称");
    advance(&mut first, 6.0);
    advance(&mut second, 6.0);
    let copy_a = first.state().recovery_file().unwrap();
    let copy_b = second.state().recovery_file().unwrap();
    assert_ne!(copy_a, copy_b);
    assert!(
        std::fs::read_to_string(&copy_a)
            .unwrap()
            .contains("甲窗口改过的名称")
    );
    assert!(
        std::fs::read_to_string(&copy_b)
            .unwrap()
            .contains("乙窗口改过的名称")
    );

    // 不保存 in the first window (on 新建): its copy goes, the second's stays.
    first.state_mut().queue(AppCommand::New);
    first.run();
    assert!(matches!(first.state().prompt(), Some(Prompt::Unsaved(_))));
    first.get_by_label("不保存").click();
    first.run();
    assert!(!copy_a.exists(), "the discarded copy is removed");
    assert!(copy_b.exists(), "another window's copy is never touched");

    // The second window crashes: dropped without closing.
    let edited_b = second.state().document().clone();
    assert_eq!(edited_b.project_name, "乙窗口改过的名称");
    drop(second);

    // A third window: exactly the second one's edits are offered, and restored.
    let mut third = window(&dialogs, &recovery_dir);
    let Some(Prompt::Recovery { name, source, .. }) = third.state().prompt().cloned() else {
        panic!(
            "expected the recovery offer, got {:?}",
            third.state().prompt()
        );
    };
    assert_eq!(name, "乙窗口改过的名称");
    assert_eq!(source.as_deref(), Some(file_b.as_path()));
    third.get_by_label("恢复").click();
    third.run();
    assert!(third.state().prompt().is_none(), "one offer only");
    assert_eq!(third.state().document(), &edited_b);
    assert_eq!(third.state().path(), Some(file_b.as_path()));
    assert!(third.state().is_modified());
    // The first window (still open, on a new form) has no copy; the third holds the second's.
    assert_eq!(copies(&recovery_dir).len(), 1);
    assert_eq!(
        third.state().recovery_file().as_deref(),
        Some(copy_b.as_path())
    );

    // Saved, the copy goes; the file holds the restored edits.
    third.key_press_modifiers(Modifiers::COMMAND, Key::S);
    third.run();
    assert_eq!(storage::load(&file_b).unwrap(), edited_b);
    assert!(copies(&recovery_dir).is_empty());
    drop(first);
}

#[test]
fn a_file_changed_on_disk_is_noticed_on_focus_and_before_saving() {
    let temp = tempfile::tempdir().unwrap();
    let recovery_dir = temp.path().join("recovery");
    let file = sample(temp.path(), "2026-党建服务工作经费.ron", "共享.ron");
    let dialogs = FakeDialogs::default();
    let mut harness = window(&dialogs, &recovery_dir);
    assert!(harness.state_mut().open(&file));
    harness.run();

    // Back in the window with nothing changed: no question (and the file not hashed).
    leave_and_return(&mut harness);
    assert!(harness.state().prompt().is_none());

    retype(&mut harness, "项目名称", "本窗口的版本");
    // A colleague saves the file behind the window.
    let mut theirs = storage::load(&file).unwrap();
    theirs.project_name = "同事保存的版本（另一台电脑）".to_owned();
    storage::save(&file, &theirs).unwrap();

    leave_and_return(&mut harness);
    assert!(
        matches!(
            harness.state().prompt(),
            Some(Prompt::ChangedOnDisk { saving: false, .. })
        ),
        "{:?}",
        harness.state().prompt()
    );
    harness.get_by_label_contains("已被其他程序或同事修改");
    harness.get_by_label("取消").click();
    harness.run();
    assert!(harness.state().prompt().is_none());

    // Saving asks again, and writes nothing until 仍然覆盖.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert!(matches!(
        harness.state().prompt(),
        Some(Prompt::ChangedOnDisk { saving: true, .. })
    ));
    assert_eq!(
        storage::load(&file).unwrap(),
        theirs,
        "nothing overwritten yet"
    );
    harness.get_by_label("仍然覆盖").click();
    harness.run();
    assert!(harness.state().prompt().is_none());
    assert_eq!(storage::load(&file).unwrap().project_name, "本窗口的版本");
    assert!(!harness.state().is_modified());
    // What this window saved is not a change behind it.
    leave_and_return(&mut harness);
    assert!(harness.state().prompt().is_none());

    // Changed again: 重新载入 takes the file's version and drops this window's edits.
    retype(&mut harness, "项目名称", "又改了一次");
    storage::save(&file, &theirs).unwrap();
    leave_and_return(&mut harness);
    harness.get_by_label_contains("重新载入会放弃本窗口未保存的修改");
    harness.get_by_label("重新载入").click();
    harness.run();
    assert_eq!(harness.state().document(), &theirs);
    assert!(!harness.state().is_modified());
    assert!(harness.state().status().contains("未保存的修改已放弃"));
}

#[test]
fn a_file_open_in_another_window_opens_read_only_or_as_a_copy() {
    let temp = tempfile::tempdir().unwrap();
    let recovery_dir = temp.path().join("recovery");
    let file = sample(temp.path(), "2026-党建服务工作经费.ron", "只此一份.ron");
    let original = std::fs::read(&file).unwrap();
    let dialogs = FakeDialogs::default();

    let mut owner = window(&dialogs, &recovery_dir);
    assert!(owner.state_mut().open(&file));
    owner.run();

    // The second window is told, and views it read-only.
    let mut viewer = window(&dialogs, &recovery_dir);
    assert!(!viewer.state_mut().open(&file));
    viewer.run();
    assert!(matches!(
        viewer.state().prompt(),
        Some(Prompt::Locked { .. })
    ));
    viewer.get_by_label_contains("已在另一个 Jixiao 窗口中打开");
    viewer.get_by_label("只读查看").click();
    viewer.run();
    assert!(viewer.state().is_read_only());
    assert_eq!(viewer.state().path(), Some(file.as_path()));
    assert!(viewer.state().window_title().contains("只读"));
    let shown = viewer.state().document().clone();
    // Typing changes nothing.
    retype(&mut viewer, "项目名称", "不该改动");
    assert_eq!(viewer.state().document(), &shown);
    // 保存 asks for another file; naming the open file itself is refused.
    dialogs
        .answers
        .borrow_mut()
        .push_back(DialogOutcome::Picked(file.clone()));
    viewer.key_press_modifiers(Modifiers::COMMAND, Key::S);
    viewer.run();
    assert_eq!(
        dialogs.asked.borrow().last(),
        Some(&DialogPurpose::SaveDeclarationAs)
    );
    assert!(matches!(
        viewer.state().prompt(),
        Some(Prompt::Message { .. })
    ));
    viewer.get_by_label("无法保存");
    assert_eq!(std::fs::read(&file).unwrap(), original);
    viewer.get_by_label("确定").click();
    viewer.run();

    // A third window saves a copy under a name the user chooses, and edits that.
    let mut copier = window(&dialogs, &recovery_dir);
    assert!(!copier.state_mut().open(&file));
    copier.run();
    let copy = temp.path().join("副本.ron");
    dialogs
        .answers
        .borrow_mut()
        .push_back(DialogOutcome::Picked(copy.clone()));
    copier.get_by_label("另存副本").click();
    copier.run();
    assert_eq!(copier.state().path(), Some(copy.as_path()));
    assert!(!copier.state().is_read_only());
    assert_eq!(storage::load(&copy).unwrap(), shown);
    assert_eq!(std::fs::read(&file).unwrap(), original);

    // Once the owner is gone (closed or crashed), the file opens for editing.
    drop(owner);
    let mut next = window(&dialogs, &recovery_dir);
    assert!(next.state_mut().open(&file));
    next.run();
    assert!(next.state().prompt().is_none());
    assert!(!next.state().is_read_only());
}

#[test]
fn a_restored_copy_whose_file_changed_since_asks_before_its_first_save() {
    let temp = tempfile::tempdir().unwrap();
    let recovery_dir = temp.path().join("recovery");
    let file = sample(temp.path(), "2026-党员远教电教工作经费.ron", "远教.ron");
    let dialogs = FakeDialogs::default();
    let mut crashed = window(&dialogs, &recovery_dir);
    assert!(crashed.state_mut().open(&file));
    crashed.run();
    retype(&mut crashed, "项目名称", "崩溃前的修改");
    advance(&mut crashed, 6.0);
    drop(crashed);

    // Meanwhile a colleague saved the file.
    let mut theirs = storage::load(&file).unwrap();
    theirs.project_name = "同事后来保存的版本".to_owned();
    storage::save(&file, &theirs).unwrap();

    let mut restarted = window(&dialogs, &recovery_dir);
    restarted.get_by_label("恢复").click();
    restarted.run();
    assert_eq!(restarted.state().document().project_name, "崩溃前的修改");
    assert!(matches!(
        restarted.state().prompt(),
        Some(Prompt::ChangedOnDisk { .. })
    ));
    restarted.get_by_label("取消").click();
    restarted.run();
    // The first save asks again rather than overwriting the colleague's version.
    restarted.key_press_modifiers(Modifiers::COMMAND, Key::S);
    restarted.run();
    assert!(matches!(
        restarted.state().prompt(),
        Some(Prompt::ChangedOnDisk { saving: true, .. })
    ));
    assert_eq!(storage::load(&file).unwrap(), theirs);
}

#[test]
fn the_print_refuses_the_declaration_itself() {
    let temp = tempfile::tempdir().unwrap();
    let file = sample(temp.path(), "2026-党建服务工作经费.ron", "申报表.ron");
    let original = std::fs::read(&file).unwrap();
    let link = temp.path().join("申报表.pdf");
    // A hard link named like a PDF is still the declaration.
    std::fs::hard_link(&file, &link).unwrap();
    let dialogs = FakeDialogs::default();
    let mut harness = window(&dialogs, &temp.path().join("recovery"));
    assert!(harness.state_mut().open(&file));
    harness.run();
    assert!(!harness.state_mut().print_to(&link));
    harness.run();
    harness.get_by_label("无法打印");
    assert_eq!(std::fs::read(&file).unwrap(), original);
    // An ordinary PDF beside it is written.
    harness.get_by_label("确定").click();
    harness.run();
    assert!(harness.state_mut().print_to(&temp.path().join("打印.pdf")));
}

#[test]
fn a_file_open_on_another_computer_is_seen_through_its_sidecar_lock() {
    let temp = tempfile::tempdir().unwrap();
    let shared = temp.path().join("共享文件夹");
    std::fs::create_dir_all(&shared).unwrap();
    let file = sample(&shared, "2026-党建服务工作经费.ron", "科室预算.ron");
    let dialogs = FakeDialogs::default();
    // Two users (or two computers): each its own recovery folder, one shared file.
    let open_with_locks = |data: &str| {
        let config = config(&dialogs, &temp.path().join(data).join("recovery"));
        let app = EditorApp::new(config, Declaration::new_current(2027), None)
            .with_document_locks(true)
            .opened(&file);
        harness(app)
    };
    let mut first = open_with_locks("甲的电脑");
    first.run();
    assert_eq!(first.state().path(), Some(file.as_path()));
    assert!(storage::sidecar_path(&file).exists());

    let mut second = open_with_locks("乙的电脑");
    second.run();
    assert!(matches!(
        second.state().prompt(),
        Some(Prompt::Locked { .. })
    ));
    assert_eq!(second.state().path(), None);

    // Closed (here: dropped) on the first computer, the lock goes with it.
    drop(first);
    assert!(!storage::sidecar_path(&file).exists());
    let mut third = open_with_locks("乙的电脑");
    third.run();
    assert!(third.state().prompt().is_none());
    assert_eq!(third.state().path(), Some(file.as_path()));
    drop(second);
}

#[test]
fn not_saving_removes_the_discarded_copy_on_every_path() {
    let temp = tempfile::tempdir().unwrap();
    let recovery_dir = temp.path().join("recovery");
    let file = sample(temp.path(), "2026-信息化运维项目.ron", "运维.ron");
    let other = sample(temp.path(), "2026-党建服务工作经费.ron", "党建.ron");
    let dialogs = FakeDialogs::default();
    for path in ["新建", "打开", "转为新年度申报表", "关闭"] {
        let mut harness = window(&dialogs, &recovery_dir);
        assert!(harness.state_mut().open(&file));
        harness.run();
        retype(&mut harness, "项目名称", "不要的修改");
        advance(&mut harness, 6.0);
        let copy = harness.state().recovery_file().unwrap();
        assert!(copy.exists(), "{path}: the copy was written");
        match path {
            "新建" => harness.state_mut().queue(AppCommand::New),
            "打开" => {
                dialogs
                    .answers
                    .borrow_mut()
                    .push_back(DialogOutcome::Picked(other.clone()));
                harness.state_mut().queue(AppCommand::Open);
            }
            "转为新年度申报表" => {
                harness.state_mut().queue(AppCommand::RollOver);
                harness.run();
                retype(&mut harness, "新年度", "2030");
                harness.get_by_label("生成").click();
            }
            _ => harness
                .input_mut()
                .viewports
                .entry(egui::ViewportId::ROOT)
                .or_default()
                .events
                .push(egui::ViewportEvent::Close),
        }
        harness.run();
        harness.get_by_label("不保存").click();
        harness.run();
        assert!(!copy.exists(), "{path}: the discarded copy is removed");
        // After a crash, the discarded form is not offered (the new 2030 form from 转为新年度
        // is: it is unsaved work of its own).
        advance(&mut harness, 6.0);
        drop(harness);
        let offered: Vec<i32> = storage::RecoveryStore::new(&recovery_dir)
            .orphans()
            .unwrap()
            .into_iter()
            .map(|orphan| {
                let year = orphan.copy.unwrap().declaration.fiscal_year;
                orphan.slot.remove().unwrap();
                year
            })
            .collect();
        let expected: &[i32] = if path == "转为新年度申报表" {
            &[2030]
        } else {
            &[]
        };
        assert_eq!(offered, expected, "{path}");
    }
}

#[test]
fn on_a_large_form_the_rules_run_after_a_pause_in_typing() {
    let temp = tempfile::tempdir().unwrap();
    let dialogs = FakeDialogs::default();
    let errors = |harness: &Harness<'_, EditorApp>| {
        harness
            .state()
            .findings()
            .iter()
            .filter(|finding| finding.severity == jixiao::validate::Severity::Error)
            .count()
    };
    for (level3_count, deferred) in [(20, false), (2_000, true)] {
        let document = large_form::large_declaration(level3_count);
        let app = EditorApp::new(
            config(&dialogs, &temp.path().join("recovery")),
            document,
            None,
        );
        let mut harness = harness(app);
        harness.run();
        let before = errors(&harness);
        // Emptying 项目名称 (a required field) is an error.
        harness.get_by_label("项目名称").click();
        harness.run();
        harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
        harness.key_press(Key::Backspace);
        // One frame per key, 1/60 s apart (`run` would go on for as long as egui asks).
        harness.step();
        assert!(harness.state().document().project_name.is_empty());
        if deferred {
            assert_eq!(
                errors(&harness),
                before,
                "the last findings stay while typing"
            );
            advance(&mut harness, 0.5);
        }
        assert_eq!(
            errors(&harness),
            before + 1,
            "{level3_count} indicators: the rules ran"
        );
    }
}
