//! The editor fits the screen (issue 10, points 1 and 7), driven through egui_kittest at the
//! office screen sizes the issue names: 1024×700, 1366×768 and 1920×1080, at 100 % and at 150 %
//! scaling (the same screens, 1.5 physical pixels to the point). On the largest example, the
//! 23-indicator 2023 组织部门建设和管理工作经费 form of `forms-2023.txt`, every column of the
//! indicator table and every section-one field lies inside the window, and the table's header row
//! is in view after scrolling to the last indicator. The older layouts show their own words.

use std::path::Path;

use eframe::egui::{self, Event, Modifiers, Rect};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use jixiao::model::FormLayout;
use jixiao::ui::{AppConfig, EditorApp};

#[path = "support/dialogs.rs"]
mod dialogs;
use dialogs::FakeDialogs;

/// The example with the most indicators (23).
fn largest_example() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/examples/2023-组织部门建设和管理工作经费.ron")
}

/// A window of `size` physical pixels at `scale` pixels per point, on `app`.
fn window(app: EditorApp, size: (f32, f32), scale: f32) -> Harness<'static, EditorApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(size.0 / scale, size.1 / scale))
        .with_pixels_per_point(scale)
        .with_max_steps(24)
        .with_context_setup(jixiao::ui::install_fonts)
        .build_ui_state(|ui, app: &mut EditorApp| app.ui(ui), app);
    harness.run();
    harness
}

fn on_largest_example(size: (f32, f32), scale: f32) -> Harness<'static, EditorApp> {
    let config = AppConfig {
        dialogs: Box::new(FakeDialogs::default()),
        recovery_dir: None,
        recent_files: Vec::new(),
    };
    let app = EditorApp::new_on_file(
        config,
        &largest_example(),
        jixiao::ui::initial_declaration(),
    );
    window(app, size, scale)
}

/// Every screen of the issue: (width, height) in pixels, and the scaling.
const SCREENS: [((f32, f32), f32); 6] = [
    ((1024.0, 700.0), 1.0),
    ((1366.0, 768.0), 1.0),
    ((1920.0, 1080.0), 1.0),
    ((1024.0, 700.0), 1.5),
    ((1366.0, 768.0), 1.5),
    ((1920.0, 1080.0), 1.5),
];

/// The window's rectangle, in points.
fn screen(harness: &Harness<'_, EditorApp>) -> Rect {
    harness.ctx.content_rect()
}

/// Whether `inner` lies across `outer`'s width (a rounding point of slack).
fn inside_across(inner: Rect, outer: Rect) -> bool {
    inner.left() >= outer.left() - 0.5 && inner.right() <= outer.right() + 0.5
}

/// The field labels of section one of the current layout (the field table's labels, as the
/// form prints them; the two 其他资金 cells are named apart).
const SECTION_ONE: [&str; 15] = [
    "年度",
    "项目名称",
    "项目性质",
    "项目类别",
    "主管部门",
    "实施单位",
    "计划开始日期",
    "计划完成日期",
    "项目资金总额",
    "其中：财政资金",
    "其他资金（项目资金）",
    "年度资金申请总额",
    "其中：当年财政拨款",
    "上年结转资金",
    "其他资金（年度资金）",
];

/// The headers of the current layout's indicator table.
const HEADERS: [&str; 4] = ["一级指标", "二级指标", "三级指标", "年度(/项目)指标值"];

#[test]
fn every_field_and_every_column_lies_inside_the_window_at_every_size() {
    for (size, scale) in SCREENS {
        let harness = on_largest_example(size, scale);
        let screen = screen(&harness);
        // (Fields below the window are built too: only the table's rows are built on demand.)
        for label in SECTION_ONE {
            let field = harness.get_by_label(label).rect();
            assert!(
                inside_across(field, screen),
                "{label} at {field:?} is outside {screen:?} ({size:?} at {scale})"
            );
        }
        for header in HEADERS {
            let header_rect = harness.get_by_label(header).rect();
            assert!(
                inside_across(header_rect, screen),
                "{header} at {header_rect:?} is outside {screen:?} ({size:?} at {scale})"
            );
        }
        // Every value in the table in view (its 计算符号, number or text, and unit), once the
        // table is scrolled to the top of the window.
        let mut harness = harness;
        let header_top = harness.get_by_label(HEADERS[0]).rect().top();
        harness.hover_at(egui::pos2(screen.width() * 0.3, screen.height() * 0.5));
        harness.event(Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, -(header_top - screen.top() - 60.0).max(0.0)),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
            modifiers: Modifiers::NONE,
        });
        harness.run();
        let mut cells = 0;
        for node in harness.query_all_by_label_contains("」的") {
            let rect = node.rect();
            if rect.bottom() > screen.bottom() {
                continue; // a row below the window, not built yet or partly built
            }
            assert!(
                inside_across(rect, screen),
                "a value cell at {rect:?} is outside {screen:?} ({size:?} at {scale})"
            );
            cells += 1;
        }
        assert!(
            cells > 0,
            "some of the table is in view ({size:?} at {scale})"
        );
    }
}

#[test]
fn the_header_row_stays_in_view_after_scrolling_to_the_last_indicator() {
    for (size, scale) in SCREENS {
        let mut harness = on_largest_example(size, scale);
        let screen = screen(&harness);
        // Scroll the form to its end, with the wheel over it.
        let over_form = egui::pos2(screen.width() * 0.3, screen.height() * 0.5);
        harness.hover_at(over_form);
        for _ in 0..6 {
            harness.event(Event::MouseWheel {
                unit: egui::MouseWheelUnit::Point,
                delta: egui::vec2(0.0, -1000.0),
                phase: egui::TouchPhase::Move,
                source: egui::MouseWheelSource::Wheel,
                modifiers: Modifiers::NONE,
            });
        }
        harness.run();
        // The last indicator (培训学员满意度, forms-2023.txt) is in view…
        let last = harness
            .get_by(|node| {
                matches!(
                    node.role(),
                    egui::accesskit::Role::TextInput | egui::accesskit::Role::MultilineTextInput
                ) && node.value().as_deref() == Some("培训学员满意度")
            })
            .rect();
        assert!(
            screen.contains_rect(last),
            "培训学员满意度 at {last:?} ({size:?} at {scale})"
        );
        // …and so is a header row above it.
        for header in HEADERS {
            let in_view = harness.get_all_by_label(header).any(|node| {
                let rect = node.rect();
                screen.contains_rect(rect) && rect.bottom() <= last.top()
            });
            assert!(in_view, "{header} in view ({size:?} at {scale})");
        }
    }
}

/// The window commands the app sends in its first frame on a screen of `monitor` points.
fn first_start_commands(monitor: egui::Vec2) -> Vec<egui::ViewportCommand> {
    let config = AppConfig {
        dialogs: Box::new(FakeDialogs::default()),
        recovery_dir: None,
        recent_files: Vec::new(),
    };
    let app =
        EditorApp::new(config, jixiao::ui::initial_declaration(), None).with_fit_to_screen(true);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 720.0))
        .with_context_setup(jixiao::ui::install_fonts)
        .build_ui_state(|ui, app: &mut EditorApp| app.ui(ui), app);
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .monitor_size = Some(monitor);
    harness.step();
    harness
        .output()
        .viewport_output
        .get(&egui::ViewportId::ROOT)
        .map(|output| output.commands.clone())
        .unwrap_or_default()
}

#[test]
fn the_first_start_window_fits_the_screen() {
    // eframe opens the first window at 1280×720 points (see `ui::run`); once the screen's size is
    // known, a small office screen gets a maximized window of its size…
    let commands = first_start_commands(egui::vec2(1024.0, 700.0));
    assert!(commands.contains(&egui::ViewportCommand::Maximized(true)));
    assert!(commands.contains(&egui::ViewportCommand::InnerSize(egui::vec2(1024.0, 700.0))));
    // …and a large one most of it, centred, not maximized.
    let commands = first_start_commands(egui::vec2(1920.0, 1080.0));
    assert!(!commands.contains(&egui::ViewportCommand::Maximized(true)));
    let size = commands.iter().find_map(|command| match command {
        egui::ViewportCommand::InnerSize(size) => Some(*size),
        _ => None,
    });
    let size = size.expect("a size for the window");
    assert!(
        size.x < 1920.0 && size.y < 1080.0 && size.x > 1280.0,
        "{size:?}"
    );
}

/// A window on the first form of a sample text of an older layout.
fn on_seed(seed: &str) -> Harness<'static, EditorApp> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/forms")
        .join(seed);
    let text = std::fs::read_to_string(path).expect("the sample text");
    let declaration = jixiao::import::import_text(&text)
        .declarations
        .swap_remove(0);
    let config = AppConfig {
        dialogs: Box::new(FakeDialogs::default()),
        recovery_dir: None,
        recent_files: Vec::new(),
    };
    window(
        EditorApp::new(config, declaration, None),
        (1366.0, 1400.0),
        1.0,
    )
}

#[test]
fn each_layout_speaks_its_own_words() {
    // 2020 (forms-2020.txt): 一级目标 … 指标目标值; one goal box, 总目标及阶段性目标.
    let harness = on_seed("forms-2020.txt");
    assert_eq!(harness.state().document().layout(), FormLayout::Y2020);
    for text in [
        "一级目标",
        "二级目标",
        "三级目标",
        "指标目标值",
        "添加一级目标",
        "2020年绩效目标",
    ] {
        harness.get_by_label(text);
    }
    harness.get_by_label("总目标及阶段性目标");
    assert!(harness.query_by_label("年度总体目标").is_none());
    for current_word in ["一级指标", "添加一级指标", "添加二级指标", "添加三级指标"]
    {
        assert!(
            harness.query_by_label(current_word).is_none(),
            "2020 shows no {current_word}"
        );
    }

    // 2018 (forms-2018.txt): 分解目标内容 | 绩效指标 | 指标目标值, two levels; 开始时间.
    let harness = on_seed("forms-2018.txt");
    assert_eq!(harness.state().document().layout(), FormLayout::Y2018);
    for text in [
        "分解目标内容",
        "绩效指标",
        "指标目标值",
        "添加分解目标",
        "添加绩效指标",
        "开始时间",
        "结束时间",
        "年度绩效目标",
    ] {
        harness.get_by_label(text);
    }
    for current_word in ["一级指标", "二级指标", "添加二级指标", "计划开始日期"]
    {
        assert!(
            harness.query_by_label(current_word).is_none(),
            "2018 shows no {current_word}"
        );
    }

    // The current layout keeps its own.
    let harness = on_largest_example((1366.0, 768.0), 1.0);
    for text in ["一级指标", "添加一级指标", "项目总目标", "年度总体目标"] {
        harness.get_by_label(text);
    }
}
