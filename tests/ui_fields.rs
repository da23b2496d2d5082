//! The editor's fields and tree gestures through the AccessKit tree (egui_kittest, no GPU):
//! money input kept until it parses and never rounded, date validation, old target notations,
//! drag and drop in the tree, and typing a path when no dialog exists (importing: `ui_exchange.rs`).

use std::path::{Path, PathBuf};

use eframe::egui::{self, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use jixiao::model::{Comparator, Field, TargetNumber, TargetValue, parse_date, parse_yuan};
use jixiao::storage;
use jixiao::ui::{AppCommand, AppConfig, EditorApp, Prompt};

#[path = "support/dialogs.rs"]
mod dialogs;
use dialogs::FakeDialogs;
#[path = "support/preferences.rs"]
mod preferences;
use preferences::MemoryStorage;

/// An amount of the document, read through the model's field accessor.
fn amount(declaration: &jixiao::model::Declaration, field: Field) -> Option<jixiao::model::Yuan> {
    declaration.amount(field)
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples/2026-党建服务工作经费.ron")
}

/// A window on the bundled example, its recovery copies in `recovery_dir`.
fn harness_on_example(dialogs: &FakeDialogs, recovery_dir: &Path) -> Harness<'static, EditorApp> {
    let config = AppConfig {
        dialogs: Box::new(dialogs.clone()),
        recovery_dir: Some(recovery_dir.to_owned()),
        recent_files: Vec::new(),
    };
    let app = EditorApp::new_on_file(config, &example(), jixiao::ui::initial_declaration());
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1500.0, 1100.0))
        .with_context_setup(jixiao::ui::install_fonts)
        .build_ui_state(|ui, app: &mut EditorApp| app.ui(ui), app);
    harness.run();
    harness
}

fn field<'a>(harness: &'a Harness<'_, EditorApp>, value: &'a str) -> egui_kittest::Node<'a> {
    harness.get_by(|node| {
        matches!(
            node.role(),
            egui::accesskit::Role::TextInput | egui::accesskit::Role::MultilineTextInput
        ) && node.value().as_deref() == Some(value)
    })
}

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

/// Moves the harness's input clock `seconds` on and runs one frame there.
fn advance(harness: &mut Harness<'_, EditorApp>, seconds: f64) {
    let now = harness.ctx.input(|input| input.time);
    harness.input_mut().time = Some(now + seconds);
    harness.step();
}

/// Moves the focus away from the field being edited.
fn leave_field(harness: &mut Harness<'_, EditorApp>) {
    harness.key_press(Key::Escape);
    harness.run();
}

#[test]
fn money_is_kept_as_typed_until_it_parses_and_never_rounded() {
    let temp = tempfile::tempdir().unwrap();
    let mut harness = harness_on_example(&FakeDialogs::default(), temp.path());

    retype(&mut harness, "上年结转资金", "113.9万");
    assert_eq!(
        amount(harness.state().document(), Field::AnnualCarryover),
        parse_yuan("1139000").ok()
    );
    leave_field(&mut harness);
    harness.get_by_label("上年结转资金");
    assert_eq!(
        harness.get_by_label("上年结转资金").value().as_deref(),
        Some("1,139,000.00"),
        "canonical when not focused"
    );

    // Half-typed text that is not money stays in the field and leaves the model alone.
    retype(&mut harness, "上年结转资金", "12元角");
    leave_field(&mut harness);
    assert_eq!(
        harness.get_by_label("上年结转资金").value().as_deref(),
        Some("12元角")
    );
    assert_eq!(
        amount(harness.state().document(), Field::AnnualCarryover),
        parse_yuan("1139000").ok()
    );

    // Three decimals are kept, not rounded.
    retype(&mut harness, "上年结转资金", "0.125");
    leave_field(&mut harness);
    let kept = amount(harness.state().document(), Field::AnnualCarryover).unwrap();
    assert_eq!(kept.to_string(), "0.125");
    assert_eq!(
        harness.get_by_label("上年结转资金").value().as_deref(),
        Some("0.125")
    );

    // Emptying the field blanks the amount.
    retype(&mut harness, "上年结转资金", "");
    leave_field(&mut harness);
    assert_eq!(
        amount(harness.state().document(), Field::AnnualCarryover),
        None
    );
}

#[test]
fn dates_accept_other_spellings_and_show_an_error_otherwise() {
    let temp = tempfile::tempdir().unwrap();
    let mut harness = harness_on_example(&FakeDialogs::default(), temp.path());

    retype(&mut harness, "计划开始日期", "2026年3月1日");
    leave_field(&mut harness);
    assert_eq!(
        harness.state().document().planned_start,
        parse_date("2026-03-01")
    );
    assert_eq!(
        harness.get_by_label("计划开始日期").value().as_deref(),
        Some("2026-03-01")
    );
    assert!(harness.query_by_label("日期应写作 YYYY-MM-DD").is_none());

    retype(&mut harness, "计划完成日期", "2026-13-45");
    leave_field(&mut harness);
    harness.get_by_label("日期应写作 YYYY-MM-DD");
    assert_eq!(
        harness.state().document().planned_end,
        parse_date("2026-12-31")
    );
}

#[test]
fn an_old_notation_typed_into_the_number_is_understood() {
    let temp = tempfile::tempdir().unwrap();
    let mut harness = harness_on_example(&FakeDialogs::default(), temp.path());
    harness.get_by_label("「处理时效满意度」的指标值").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.event(egui::Event::Text(">=95%".to_owned()));
    harness.key_press(Key::Enter);
    harness.run();
    let level3 = &harness.state().document().indicators[2].children[0].children[0];
    assert_eq!(level3.name, "处理时效满意度");
    assert_eq!(
        level3.target,
        Some(TargetValue::Quantitative {
            comparator: Comparator::Ge,
            number: TargetNumber::parse("95").unwrap(),
            unit: "%".to_owned(),
        })
    );
    harness.get_by_label("≥95(%)");
}

#[test]
fn dragging_a_handle_onto_another_row_moves_the_indicator() {
    let temp = tempfile::tempdir().unwrap();
    let mut harness = harness_on_example(&FakeDialogs::default(), temp.path());
    drag(&mut harness, "管理人员满意度", "处理时效满意度");
    let names: Vec<_> = harness.state().document().indicators[2].children[0]
        .children
        .iter()
        .map(|level3| level3.name.as_str())
        .collect();
    assert_eq!(names, ["管理人员满意度", "处理时效满意度"]);

    // Dropped on a level-2 name, an indicator joins the end of that group.
    drag(&mut harness, "平台稳定运行天数", "服务对象满意度指标");
    let document = harness.state().document();
    assert_eq!(document.indicators[1].children[0].children.len(), 1);
    let satisfaction: Vec<_> = document.indicators[2].children[0]
        .children
        .iter()
        .map(|level3| level3.name.as_str())
        .collect();
    assert_eq!(
        satisfaction,
        ["管理人员满意度", "处理时效满意度", "平台稳定运行天数"]
    );
}

/// Drags the ≡ handle of the node named `from` onto the name field of the node named `onto`.
fn drag(harness: &mut Harness<'_, EditorApp>, from: &str, onto: &str) {
    let source = field(harness, from).rect();
    let target = field(harness, onto).rect();
    let handle = egui::pos2(source.left() - 12.0, source.center().y);
    harness.hover_at(handle);
    harness.run();
    harness.drag_at(handle);
    harness.run();
    for step in 1..=4 {
        let t = step as f32 / 4.0;
        harness.hover_at(handle + (target.center() - handle) * t);
        harness.run();
    }
    harness.drop_at(target.center());
    harness.run();
}

#[test]
fn clicking_a_finding_scrolls_to_a_row_far_down_the_tree_and_focuses_it() {
    use jixiao::model::{IndicatorPart, IndicatorPath, Level2Indicator, Level3Indicator};

    let mut declaration = jixiao::ui::initial_declaration();
    // 300 more rows under 满意度指标 / 服务对象满意度指标; the last one has no name.
    let satisfaction = &mut declaration.indicators[2].children[0].children;
    for i in 0..300 {
        satisfaction.push(Level3Indicator::new(
            format!("满意度{i}"),
            TargetValue::parse("≥90(%)"),
        ));
    }
    satisfaction.push(Level3Indicator::new("", TargetValue::parse("≥90(%)")));
    declaration.indicators[2]
        .children
        .push(Level2Indicator::new("服务对象满意度指标2"));
    let blank = IndicatorPath::level3(2, 0, 302);
    let temp = tempfile::tempdir().unwrap();
    let config = AppConfig {
        dialogs: Box::new(FakeDialogs::default()),
        recovery_dir: Some(temp.path().to_owned()),
        recent_files: Vec::new(),
    };
    let app = EditorApp::new(config, declaration, None);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1500.0, 900.0))
        // Scrolling to the row is animated over a few frames.
        .with_max_steps(16)
        .with_context_setup(jixiao::ui::install_fonts)
        .build_ui_state(|ui, app: &mut EditorApp| app.ui(ui), app);
    harness.run();
    let finding = harness
        .state()
        .findings()
        .iter()
        .find(|finding| finding.path == jixiao::model::Path::Indicator(blank, IndicatorPart::Name))
        .expect("a finding on the unnamed indicator")
        .clone();
    // The row is far below the window: not built yet.
    assert!(harness.query_by_label("「未命名指标」的指标值").is_none());
    harness
        .get_by_label_contains(&format!(
            "{}　{}",
            finding.severity.label(),
            finding.message
        ))
        .click();
    harness.run();
    harness.run();
    let name_field = harness.get_by(|node| {
        matches!(
            node.role(),
            egui::accesskit::Role::TextInput | egui::accesskit::Role::MultilineTextInput
        ) && node.is_focused()
    });
    assert_eq!(name_field.value().as_deref(), Some(""));
    harness.get_by_label("「未命名指标」的指标值");
    harness.event(egui::Event::Text("满意度补充".to_owned()));
    harness.run();
    assert_eq!(
        harness.state().document().indicators[2].children[0].children[302].name,
        "满意度补充"
    );
}

/// A window on the first form of a seed text (older layouts have no bundled example).
fn harness_on_seed(seed: &str, form: usize) -> Harness<'static, EditorApp> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/forms")
        .join(seed);
    let text = std::fs::read_to_string(path).expect("the seed text beside the repository");
    let declaration = jixiao::import::import_text(&text)
        .declarations
        .swap_remove(form);
    let config = AppConfig {
        dialogs: Box::new(FakeDialogs::default()),
        recovery_dir: None,
        recent_files: Vec::new(),
    };
    let app = EditorApp::new(config, declaration, None);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1500.0, 1400.0))
        // A new row far down the long older forms is scrolled to over a few frames.
        .with_max_steps(16)
        .with_context_setup(jixiao::ui::install_fonts)
        .build_ui_state(|ui, app: &mut EditorApp| app.ui(ui), app);
    harness.run();
    harness
}

#[test]
fn a_2018_form_edits_its_check_boxes_and_sub_budgets_with_a_live_sum() {
    use jixiao::model::FormFields;
    let mut harness = harness_on_seed("forms-2018.txt", 0);
    let fields = |app: &EditorApp| match &app.document().form {
        FormFields::Y2018(fields) => fields.clone(),
        other => panic!("expected a 2018 form, got {other:?}"),
    };
    let before = fields(harness.state());
    assert!(!before.sub_budgets.is_empty());

    harness.get_by_label("结转项目").click();
    harness.run();
    assert_eq!(fields(harness.state()).project_type, "结转项目");

    retype(&mut harness, "子项目1预算金额", "1");
    leave_field(&mut harness);
    let sum = amount(harness.state().document(), Field::AnnualBudget);
    harness.get_by_label_contains("不符");
    harness
        .get_by_label_contains("将项目当年预算（元）设为")
        .click();
    harness.run();
    let after = fields(harness.state());
    let expected: jixiao::model::Yuan = after
        .sub_budgets
        .iter()
        .filter_map(|line| line.amount)
        .sum();
    assert_eq!(after.budget.annual_budget, Some(expected));
    assert_ne!(sum, Some(expected));
    harness.get_by_label_contains("与项目当年预算（元）一致");

    // A new sub-budget line: the live sum moves with it and the one-click total follows.
    let lines = after.sub_budgets.len();
    harness.get_by_label("添加子项目").click();
    harness.run();
    assert_eq!(fields(harness.state()).sub_budgets.len(), lines + 1);
    retype(
        &mut harness,
        &format!("子项目{}预算金额", lines + 1),
        "250,000",
    );
    leave_field(&mut harness);
    assert_eq!(
        fields(harness.state()).sub_budgets[lines].amount,
        parse_yuan("250000").ok()
    );
    harness.get_by_label_contains("不符");
    harness
        .get_by_label_contains("将项目当年预算（元）设为")
        .click();
    harness.run();
    let grown = parse_yuan("250000").unwrap() + expected;
    assert_eq!(fields(harness.state()).budget.annual_budget, Some(grown));
    harness.get_by_label_contains("与项目当年预算（元）一致");

    // Two levels only: a selected group takes new indicators, new groups come ready for them.
    assert!(harness.query_by_label("添加二级指标").is_none());
    let first_group = harness.state().document().indicators[0].name.clone();
    let count = harness.state().document().level3_count();
    field(&harness, &first_group).click();
    harness.run();
    harness.get_by_label("添加绩效指标").click();
    harness.run();
    assert_eq!(harness.state().document().level3_count(), count + 1);
    harness.get_by_label("添加分解目标").click();
    harness.run();
    let groups = &harness.state().document().indicators;
    assert_eq!(groups[1].name, "");
    assert_eq!(groups[1].children.len(), 1);
    assert_eq!(groups[1].children[0].name, "");
}

#[test]
fn a_2020_form_shows_its_own_fields() {
    let mut harness = harness_on_seed("forms-2020.txt", 0);
    harness.get_by_label("项目概况");
    harness.get_by_label("否").click();
    harness.run();
    let jixiao::model::FormFields::Y2020(fields) = &harness.state().document().form else {
        panic!("expected a 2020 form");
    };
    assert_eq!(fields.includes_government_procurement, Some(false));
}

#[test]
fn a_recovery_copy_is_written_5_seconds_after_a_pause_in_typing() {
    let temp = tempfile::tempdir().unwrap();
    let recovery_dir = temp.path().join("recovery");
    let dialogs = FakeDialogs::default();
    let config = AppConfig {
        dialogs: Box::new(dialogs.clone()),
        recovery_dir: Some(recovery_dir.clone()),
        recent_files: Vec::new(),
    };
    let app = EditorApp::new_on_file(config, &example(), jixiao::ui::initial_declaration());
    let recovery_file = app.recovery_file().unwrap();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1500.0, 1100.0))
        // Frames 1/60 s apart, as on screen; pauses are made with `advance`.
        .with_step_dt(1.0 / 60.0)
        .with_context_setup(jixiao::ui::install_fonts)
        .build_ui_state(|ui, app: &mut EditorApp| app.ui(ui), app);
    harness.run();
    retype(&mut harness, "项目名称", "自动");
    // The harness's input clock is moved on (no sleeping): 3 s later another key, 3 s later
    // still no copy (6 s after the first key, 3 s after the last).
    advance(&mut harness, 3.0);
    harness.event(egui::Event::Text("留存".to_owned()));
    harness.run();
    assert_eq!(harness.state().document().project_name, "自动留存");
    advance(&mut harness, 3.0);
    assert!(!recovery_file.exists(), "no copy while typing goes on");
    advance(&mut harness, 1.5);
    assert!(!recovery_file.exists(), "no copy 4.5 s after the last key");
    advance(&mut harness, 1.0);
    let copy = std::fs::read_to_string(&recovery_file).unwrap();
    assert!(copy.contains("自动留存"), "{copy}");
    // Saving (here to another file) makes the copy unnecessary.
    let saved = temp.path().join("saved.ron");
    dialogs.answer_path(&saved);
    harness.state_mut().queue(AppCommand::SaveAs);
    harness.run_steps(1);
    assert_eq!(storage::load(&saved).unwrap().project_name, "自动留存");
    assert!(!recovery_file.exists());
    let left: Vec<_> = std::fs::read_dir(&recovery_dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .filter(|name| name.to_string_lossy().ends_with(".ron"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn new_with_unsaved_changes_asks_first_and_recent_files_are_remembered() {
    let temp = tempfile::tempdir().unwrap();
    let mut harness = harness_on_example(&FakeDialogs::default(), temp.path());
    retype(&mut harness, "主管部门", "市委组织部");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    assert!(matches!(harness.state().prompt(), Some(Prompt::Unsaved(_))));
    harness.get_by_label("不保存").click();
    harness.run();
    let document = harness.state().document();
    assert_eq!(document.project_name, "");
    assert_eq!(document.level3_count(), 0);
    assert_eq!(harness.state().path(), None);
    assert!(
        !harness.state().is_modified(),
        "a new blank form has nothing to save"
    );

    // The example opened at start is the first recent file, kept in the preferences only.
    let mut storage = MemoryStorage::default();
    eframe::App::save(harness.state_mut(), &mut storage);
    let recent: Vec<PathBuf> =
        eframe::get_value(&storage, jixiao::ui::app::RECENT_FILES_KEY).unwrap();
    assert_eq!(recent, [std::fs::canonicalize(example()).unwrap()]);
    let mut keys: Vec<&str> = storage.0.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            jixiao::ui::app::LAST_FOLDER_KEY,
            jixiao::ui::app::LIBRARY_FOLDERS_KEY,
            jixiao::ui::app::RECENT_FILES_KEY,
            jixiao::ui::app::SIGNATURE_BLOCK_KEY,
            jixiao::ui::app::VIEW_KEY
        ],
        "only the last folder, the indicator library's folders, the recent files, the \
         signature-block choice and the view, never the document"
    );
    assert_eq!(
        eframe::get_value::<bool>(&storage, jixiao::ui::app::SIGNATURE_BLOCK_KEY),
        Some(false)
    );
}

/// The empty text field whose placeholder is `hint` (e.g. a new node's name).
fn empty_field<'a>(harness: &'a Harness<'_, EditorApp>, hint: &'a str) -> egui_kittest::Node<'a> {
    harness.get_by(|node| {
        matches!(
            node.role(),
            egui::accesskit::Role::TextInput | egui::accesskit::Role::MultilineTextInput
        ) && node.value().as_deref().unwrap_or_default().is_empty()
            && node.data().placeholder() == Some(hint)
    })
}

/// The ▼ menu button named `name` on the same row as, and right of, `field`.
fn menu_beside<'a>(
    harness: &'a Harness<'_, EditorApp>,
    field: &egui_kittest::Node<'_>,
    name: &'a str,
) -> egui_kittest::Node<'a> {
    let field_rect = field.rect();
    harness
        .get_all_by_label(name)
        .filter(|button| {
            let rect = button.rect();
            (rect.center().y - field_rect.center().y).abs() < 6.0
                && rect.left() >= field_rect.right()
        })
        .min_by(|a, b| a.rect().left().total_cmp(&b.rect().left()))
        .expect("a ▼ menu beside the field")
}

#[test]
fn structure_is_edited_at_every_level_with_standard_names_offered() {
    let temp = tempfile::tempdir().unwrap();
    let mut harness = harness_on_example(&FakeDialogs::default(), temp.path());

    // 项目性质: an editable combo with the usual values.
    menu_beside(
        &harness,
        &field(&harness, "经常性专项业务费"),
        "选择项目性质",
    )
    .click();
    harness.run();
    harness.get_by_label("其他一次性项目").click();
    harness.run();
    let nature = |app: &EditorApp| app.document().current().unwrap().project_nature.clone();
    assert_eq!(nature(harness.state()), "其他一次性项目");

    // Level 1: add one after 满意度指标 and pick 成本指标 from its menu.
    field(&harness, "满意度指标").click();
    harness.run();
    harness.get_by_label("添加一级指标").click();
    harness.run();
    assert_eq!(harness.state().document().indicators.len(), 4);
    menu_beside(
        &harness,
        &empty_field(&harness, "一级指标名称"),
        "标准指标名称",
    )
    .click();
    harness.run();
    harness.get_by_label("成本指标").click();
    harness.run();
    assert_eq!(harness.state().document().indicators[3].name, "成本指标");

    // Level 2 under it: the menu offers 成本指标's own level-2 names.
    harness.get_by_label("添加二级指标").click();
    harness.run();
    menu_beside(
        &harness,
        &empty_field(&harness, "二级指标名称"),
        "标准指标名称",
    )
    .click();
    harness.run();
    // 数量指标 belongs under 产出指标: not offered here.
    assert!(
        harness
            .query_by_role_and_label(egui::accesskit::Role::Button, "数量指标")
            .is_none()
    );
    harness.get_by_label("经济成本指标").click();
    harness.run();
    assert_eq!(
        harness.state().document().indicators[3].children[0].name,
        "经济成本指标"
    );

    // Move the new level-1 group up, duplicate it, then delete the copy (it has children: asks).
    field(&harness, "成本指标").click();
    harness.run();
    harness.get_by_label("上移").click();
    harness.run();
    let names = |app: &EditorApp| {
        app.document()
            .indicators
            .iter()
            .map(|level1| level1.name.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(harness.state()),
        ["产出指标", "效益指标", "成本指标", "满意度指标"]
    );
    harness.get_by_label("复制").click();
    harness.run();
    assert_eq!(
        names(harness.state()),
        ["产出指标", "效益指标", "成本指标", "成本指标", "满意度指标"]
    );
    assert_eq!(
        harness.state().document().indicators[3],
        harness.state().document().indicators[2]
    );
    harness.get_by_label("删除").click();
    harness.run();
    harness.get_by_label("确定删除").click();
    harness.run();
    assert_eq!(
        names(harness.state()),
        ["产出指标", "效益指标", "成本指标", "满意度指标"]
    );
}

#[test]
fn the_selected_indicator_moves_and_copies_by_keyboard() {
    let temp = tempfile::tempdir().unwrap();
    let mut harness = harness_on_example(&FakeDialogs::default(), temp.path());
    let names = |app: &EditorApp| {
        app.document().indicators[2].children[0]
            .children
            .iter()
            .map(|level3| level3.name.clone())
            .collect::<Vec<_>>()
    };
    field(&harness, "处理时效满意度").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::ALT, Key::ArrowDown);
    harness.run();
    assert_eq!(names(harness.state()), ["管理人员满意度", "处理时效满意度"]);
    // The moved node keeps the focus: typing goes on in its name.
    harness.key_press(Key::End);
    harness.event(egui::Event::Text("测评".to_owned()));
    harness.run();
    assert_eq!(
        names(harness.state()),
        ["管理人员满意度", "处理时效满意度测评"]
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::D);
    harness.run();
    assert_eq!(
        names(harness.state()),
        ["管理人员满意度", "处理时效满意度测评", "处理时效满意度测评"]
    );
    // Already last: moving down does nothing.
    harness.key_press_modifiers(Modifiers::ALT, Key::ArrowDown);
    harness.run();
    assert_eq!(names(harness.state()).len(), 3);
}

#[test]
fn at_start_up_a_broken_file_is_reported_after_the_recovery_offer() {
    let temp = tempfile::tempdir().unwrap();
    let recovery_dir = temp.path().join("recovery");
    std::fs::create_dir_all(&recovery_dir).unwrap();
    let recovered = jixiao::ui::initial_declaration();
    storage::save(
        &recovery_dir.join(jixiao::ui::app::LEGACY_RECOVERY_FILE),
        &recovered,
    )
    .unwrap();
    let broken = temp.path().join("截断.ron");
    std::fs::write(&broken, "(format: \"jixiao\"").unwrap();

    let config = AppConfig {
        dialogs: Box::new(FakeDialogs::default()),
        recovery_dir: Some(recovery_dir),
        recent_files: Vec::new(),
    };
    let blank = jixiao::model::Declaration::new_current(2027);
    let app = EditorApp::new_on_file(config, &broken, blank.clone());
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1500.0, 1100.0))
        .with_context_setup(jixiao::ui::install_fonts)
        .build_ui_state(|ui, app: &mut EditorApp| app.ui(ui), app);
    harness.run();
    assert!(matches!(
        harness.state().prompt(),
        Some(Prompt::Recovery { .. })
    ));
    assert_eq!(harness.state().document(), &blank);
    harness.get_by_label("不恢复").click();
    harness.run();
    assert!(matches!(
        harness.state().prompt(),
        Some(Prompt::Message { .. })
    ));
    harness.get_by_label_contains("截断.ron");
    // The old single copy was offered once: 不恢复 removed it.
    assert!(
        !temp
            .path()
            .join("recovery")
            .join(jixiao::ui::app::LEGACY_RECOVERY_FILE)
            .exists()
    );
}

#[test]
fn the_right_click_menu_acts_on_the_node_under_the_pointer() {
    let temp = tempfile::tempdir().unwrap();
    let mut harness = harness_on_example(&FakeDialogs::default(), temp.path());
    field(&harness, "工作验收合格率").click_secondary();
    harness.run();
    let labels: Vec<String> = harness
        .get_all_by_label_contains("复制")
        .filter_map(|node| egui_kittest::kittest::NodeT::accesskit_node(&node).label())
        .collect();
    // The toolbar's 复制 and the menu's, which shows its shortcut.
    assert_eq!(labels.len(), 2, "{labels:?}");
    let menu_label = labels
        .iter()
        .find(|label| *label != "复制")
        .unwrap()
        .clone();
    harness.get_by_label(&menu_label).click();
    harness.run();
    let quality: Vec<_> = harness.state().document().indicators[0].children[1]
        .children
        .iter()
        .map(|level3| level3.name.as_str())
        .collect();
    assert_eq!(quality, ["工作验收合格率", "工作验收合格率"]);
}

#[test]
fn ctrl_p_prints_the_form_to_a_chosen_pdf_and_offers_to_open_it() {
    let temp = tempfile::tempdir().unwrap();
    let dialogs = FakeDialogs::default();
    let mut harness = harness_on_example(&dialogs, temp.path());
    let target = temp.path().join("党建服务工作经费");
    dialogs.answer_path(&target);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::P);
    harness.run();
    let Some(Prompt::PdfWritten {
        path, page_count, ..
    }) = harness.state().prompt().cloned()
    else {
        panic!(
            "expected the PDF prompt, got {:?}",
            harness.state().prompt()
        );
    };
    assert_eq!(path, temp.path().join("党建服务工作经费.pdf"));
    assert!(page_count >= 1);
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    harness.get_by_label("打开 PDF");
    harness.get_by_label("关闭").click();
    harness.run();
    assert!(harness.state().prompt().is_none());
    // Printing is not editing: nothing to save.
    assert!(!harness.state().is_modified());
}

#[test]
fn a_2018_form_rolls_over_to_a_new_year_from_the_file_menu() {
    use jixiao::model::{FormLayout, Funding};
    let mut harness = harness_on_seed("forms-2018.txt", 3);
    assert_eq!(harness.state().document().project_name, "在线学习工作经费");
    harness.get_by_label("文件").click();
    harness.run();
    harness.get_by_label_contains("转为新年度申报表…").click();
    harness.run();
    retype(&mut harness, "新年度", "2027");
    // Enter presses 生成.
    harness.key_press(Key::Enter);
    harness.run();
    // The 2018 form was never saved: the editor asks before replacing it.
    if harness.query_by_label("不保存").is_some() {
        harness.get_by_label("不保存").click();
        harness.run();
    }
    let document = harness.state().document();
    assert_eq!(document.layout(), FormLayout::Current);
    assert_eq!(document.fiscal_year, 2027);
    assert_eq!(document.project_name, "在线学习工作经费");
    assert_eq!(document.current().unwrap().funding, Funding::default());
    assert_eq!(
        document.planned_start,
        jixiao::model::parse_date("2027-01-01")
    );
    // The findings tell what is left to fill in.
    let findings = harness.state().findings();
    assert!(
        findings
            .iter()
            .any(|finding| finding.path == Field::AnnualTotal.into()),
        "{findings:?}"
    );
    // Shown twice: the field's own label and the finding in the findings panel.
    assert!(
        harness
            .query_all_by_label_contains("年度资金申请总额")
            .count()
            >= 2
    );
}
