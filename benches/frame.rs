//! CPU time of one editor frame (layout, widgets and tessellation, no GPU), headless through
//! `egui::Context::run_ui`, in a 1366×768 window: the bundled sample form, the largest example
//! (23 indicators), and a synthetic form with 2,000 level-3 indicators (the table builds only the
//! rows in view). Targets (issue 10): at most 1 ms on the examples and 2 ms at 2,000 indicators.
//!
//! With the print preview open (issue 11 point 8) on the largest example: a frame with nothing
//! changed (painting the pages in view), and the two frames an edit of the goal costs the
//! window (the frame that sends the document to the layout thread, and the frame that takes the
//! new pages, the thread's work between them not counted); and the layout itself, which
//! the thread does, for the largest example and with a goal of 8,000 characters. For
//! comparison, the editor without the preview with the goal edited every frame.
//!
//! Typing in a 20,000-indicator form (issue 8 point 4: under 16 ms a frame): the frame of each
//! keystroke into a level-3 name, keys 100 ms apart (the rules wait for a pause), and the one
//! frame after the pause in which the rules run.
//!
//! With the indicator library of the bundled examples loaded (issue 12: level-3 names offer its
//! completions, the findings panel lists its misplaced-row hints, worked out once edits
//! settle): the three forms as they open, the 指标库 panel shown, and the frames an edit costs.
//! Run with `cargo bench --bench frame`.

use std::path::Path;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use eframe::egui;
use jixiao::layout::{LayoutOptions, layout_declaration};
use jixiao::library::Library;
use jixiao::model::IndicatorPath;
use jixiao::model::{
    Declaration, Field, Level1Indicator, Level2Indicator, Level3Indicator, STANDARD_SCHEME,
    TargetValue,
};
use jixiao::ui::command::SidePanel;
use jixiao::ui::{
    AppCommand, AppConfig, DialogOutcome, DialogPurpose, EditCommand, EditorApp, FileDialogs,
};

/// Dialogs that are never shown in a benchmark.
struct NoDialogs;

impl FileDialogs for NoDialogs {
    fn pick(&mut self, _: DialogPurpose, _: &str, _: Option<&Path>) -> DialogOutcome {
        DialogOutcome::Cancelled
    }
}

fn app(document: Declaration) -> EditorApp {
    let config = AppConfig {
        dialogs: Box::new(NoDialogs),
        recovery_dir: None,
        recent_files: Vec::new(),
    };
    EditorApp::new(config, document, None)
}

#[path = "../tests/support/large_form.rs"]
mod large_form;

/// The sample form with its tree replaced by 4 × 5 × 100 = 2,000 level-3 indicators.
fn synthetic() -> Declaration {
    let mut declaration = jixiao::ui::initial_declaration();
    declaration.indicators = STANDARD_SCHEME
        .iter()
        .map(|(level1, _)| Level1Indicator {
            name: (*level1).to_owned(),
            children: (0..5)
                .map(|i2| Level2Indicator {
                    name: format!("二级指标{i2}"),
                    children: (0..100)
                        .map(|i3| {
                            Level3Indicator::new(
                                format!("三级指标{i2}-{i3}"),
                                TargetValue::parse(if i3 % 3 == 0 {
                                    "及时"
                                } else {
                                    "≥90.00(%)"
                                }),
                            )
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    assert_eq!(declaration.level3_count(), 2000);
    declaration
}

/// What a benchmarked frame does besides drawing.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scenario {
    /// The editor as it opens.
    Editor,
    /// The editor, the goal changing every frame.
    EditorEditing,
    /// The print preview open, nothing changing.
    Preview,
    /// The print preview open, the goal changing every frame.
    PreviewEditing,
    /// The indicator library loaded.
    Library,
    /// The indicator library loaded and the 指标库 panel shown.
    LibraryPanel,
    /// The indicator library loaded, the goal changing every frame.
    LibraryEditing,
}

fn frame(
    c: &mut Criterion,
    name: &str,
    document: Declaration,
    scenario: Scenario,
    library: &Arc<Library>,
) {
    let ctx = egui::Context::default();
    jixiao::ui::install_fonts(&ctx);
    let mut app = app(document);
    let preview = matches!(scenario, Scenario::Preview | Scenario::PreviewEditing);
    if preview {
        app.queue(AppCommand::TogglePanel(SidePanel::Preview));
    }
    if matches!(
        scenario,
        Scenario::Library | Scenario::LibraryPanel | Scenario::LibraryEditing
    ) {
        app = app.with_library(Arc::clone(library));
    }
    if scenario == Scenario::LibraryPanel {
        app.queue(AppCommand::TogglePanel(SidePanel::Library));
    }
    let goal = app.document().annual_goal.clone();
    let mut time = 0.0;
    let mut input = || {
        time += 1.0 / 60.0;
        egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(1366.0, 768.0),
            )),
            time: Some(time),
            ..Default::default()
        }
    };
    // Warm up: fonts and glyph atlas, panel sizes, the preview's first pages (laid out on
    // their own thread), and the misplaced-row hints of the loaded library.
    for _ in 0..5 {
        let mut output = ctx.run_ui(input(), |ui| app.ui(ui));
        output.textures_delta.clear();
        let _ = ctx.tessellate(output.shapes, output.pixels_per_point);
    }
    while preview && !app.preview().is_current() {
        std::thread::sleep(std::time::Duration::from_millis(1));
        let mut output = ctx.run_ui(input(), |ui| app.ui(ui));
        output.textures_delta.clear();
        let _ = ctx.tessellate(output.shapes, output.pixels_per_point);
    }
    let mut edits = 0_u64;
    let mut run_frame = |app: &mut EditorApp| {
        let mut output = ctx.run_ui(input(), |ui| app.ui(ui));
        // No GPU here to take the font atlas updates.
        output.textures_delta.clear();
        ctx.tessellate(output.shapes, output.pixels_per_point)
    };
    c.bench_function(name, |b| match scenario {
        Scenario::Editor | Scenario::Preview | Scenario::Library | Scenario::LibraryPanel => {
            b.iter(|| run_frame(&mut app));
        }
        // Per edit, the two frames on the window's thread: the one with the edit (which sends
        // the changed document to the layout thread when the preview is open) and the next one
        // (which takes the new pages), apart as keystrokes are; the layout between them
        // (on its own thread, measured below) is not counted.
        Scenario::EditorEditing | Scenario::PreviewEditing | Scenario::LibraryEditing => {
            b.iter_custom(|iterations| {
                let mut total = std::time::Duration::ZERO;
                for _ in 0..iterations {
                    edits += 1;
                    let text = format!("{goal}{}", edits % 2);
                    let started = std::time::Instant::now();
                    let _ = app.apply_all(&[EditCommand::SetField(Field::AnnualGoal, text)], 0.0);
                    let _ = run_frame(&mut app);
                    total += started.elapsed();
                    let mut next_frames = 0;
                    while next_frames == 0 || (preview && !app.preview().is_current()) {
                        next_frames += 1;
                        // Time for the thread to finish, so the next frame takes the pages.
                        std::thread::sleep(std::time::Duration::from_millis(10));
                        let started = std::time::Instant::now();
                        let _ = run_frame(&mut app);
                        total += started.elapsed();
                    }
                }
                total
            });
        }
    });
}

fn frames(c: &mut Criterion) {
    // The library of the bundled examples, as the window builds it on its thread.
    let library = Arc::new(jixiao::projects::build_library(&[], true).library);
    frame(
        c,
        "frame: sample form (党建服务工作经费)",
        jixiao::ui::initial_declaration(),
        Scenario::Editor,
        &library,
    );
    let largest = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/examples/2023-组织部门建设和管理工作经费.ron");
    let largest = jixiao::storage::load(&largest).expect("the bundled example loads");
    frame(
        c,
        "frame: largest example (组织部门建设和管理工作经费, 23 indicators)",
        largest.clone(),
        Scenario::Editor,
        &library,
    );
    frame(
        c,
        "frame: 2,000 level-3 indicators",
        synthetic(),
        Scenario::Editor,
        &library,
    );
    frame(
        c,
        "frames per edit: largest example, goal edited",
        largest.clone(),
        Scenario::EditorEditing,
        &library,
    );
    frame(
        c,
        "frame: largest example, print preview open",
        largest.clone(),
        Scenario::Preview,
        &library,
    );
    frame(
        c,
        "frames per edit: largest example, print preview open, goal edited",
        largest.clone(),
        Scenario::PreviewEditing,
        &library,
    );
    for (name, document, scenario) in [
        (
            "frame: sample form (党建服务工作经费), library loaded",
            jixiao::ui::initial_declaration(),
            Scenario::Library,
        ),
        (
            "frame: largest example, library loaded",
            largest.clone(),
            Scenario::Library,
        ),
        (
            "frame: 2,000 level-3 indicators, library loaded",
            synthetic(),
            Scenario::Library,
        ),
        (
            "frame: largest example, library loaded, 指标库 panel shown",
            largest.clone(),
            Scenario::LibraryPanel,
        ),
        (
            "frame: 2,000 level-3 indicators, library loaded, 指标库 panel shown",
            synthetic(),
            Scenario::LibraryPanel,
        ),
        (
            "frames per edit: largest example, library loaded, goal edited",
            largest.clone(),
            Scenario::LibraryEditing,
        ),
    ] {
        frame(c, name, document, scenario, &library);
    }
    let mut long_goal = largest.clone();
    long_goal.annual_goal = "加强党员教育管理，提高组织建设水平，确保各项工作按时完成。"
        .chars()
        .cycle()
        .take(8000)
        .collect();
    for (name, document) in [
        ("preview layout (on its thread): largest example", &largest),
        (
            "preview layout (on its thread): largest example, 8,000-character goal",
            &long_goal,
        ),
    ] {
        c.bench_function(name, |b| {
            b.iter(|| {
                layout_declaration(document, 0, LayoutOptions::default())
                    .pages
                    .len()
            });
        });
    }
}

/// Typing into a level-3 name of a 20,000-indicator form: the frame of each keystroke (keys
/// 100 ms apart, so the rules wait), and the frame after a pause in typing, when they run.
fn typing_in_a_large_form(c: &mut Criterion) {
    let ctx = egui::Context::default();
    jixiao::ui::install_fonts(&ctx);
    let document = large_form::large_declaration(20_000);
    assert_eq!(document.level3_count(), 20_000);
    let mut app = app(document);
    let cell = IndicatorPath::level3(0, 0, 0);
    let mut time = 0.0;
    let run_frame = |app: &mut EditorApp, time: f64| {
        let raw = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(1366.0, 768.0),
            )),
            time: Some(time),
            ..Default::default()
        };
        let mut output = ctx.run_ui(raw, |ui| app.ui(ui));
        output.textures_delta.clear();
        ctx.tessellate(output.shapes, output.pixels_per_point)
    };
    for _ in 0..5 {
        time += 1.0 / 60.0;
        let _ = run_frame(&mut app, time);
    }
    let mut keys = 0_u64;
    let mut group = c.benchmark_group("typing, 20,000 indicators");
    group.sample_size(20);
    group.bench_function("frame per keystroke (level-3 name)", |b| {
        b.iter_custom(|iterations| {
            let mut total = std::time::Duration::ZERO;
            for _ in 0..iterations {
                keys += 1;
                time += 0.1;
                let name = format!("三级指标{}", keys % 10);
                let started = std::time::Instant::now();
                let _ = app.apply_all(&[EditCommand::RenameIndicator(cell, name)], time);
                let _ = run_frame(&mut app, time);
                total += started.elapsed();
            }
            total
        });
    });
    group.bench_function("frame after a pause (the rules run)", |b| {
        b.iter_custom(|iterations| {
            let mut total = std::time::Duration::ZERO;
            for _ in 0..iterations {
                keys += 1;
                time += 0.1;
                let name = format!("三级指标{}", keys % 10);
                let _ = app.apply_all(&[EditCommand::RenameIndicator(cell, name)], time);
                let _ = run_frame(&mut app, time);
                time += 1.0;
                let started = std::time::Instant::now();
                let _ = run_frame(&mut app, time);
                total += started.elapsed();
            }
            total
        });
    });
    group.finish();
}

criterion_group!(benches, frames, typing_in_a_large_form);
criterion_main!(benches);
