//! CPU time of one editor frame (layout, widgets and tessellation, no GPU), headless through
//! `egui::Context::run_ui`, in a 1366×768 window: the bundled sample form, the largest example
//! (23 indicators), and a synthetic form with 2,000 level-3 indicators (the table builds only the
//! rows in view). Targets (issue 10): at most 1 ms on the examples and 2 ms at 2,000 indicators.
//! Run with `cargo bench --bench frame`.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use eframe::egui;
use jixiao::model::{
    Declaration, Level1Indicator, Level2Indicator, Level3Indicator, STANDARD_SCHEME, TargetValue,
};
use jixiao::ui::{AppConfig, DialogOutcome, DialogPurpose, EditorApp, FileDialogs};

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

fn frame(c: &mut Criterion, name: &str, document: Declaration) {
    let ctx = egui::Context::default();
    jixiao::ui::install_fonts(&ctx);
    let mut app = app(document);
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
    // Warm up: fonts and glyph atlas, panel sizes.
    for _ in 0..5 {
        let mut output = ctx.run_ui(input(), |ui| app.ui(ui));
        output.textures_delta.clear();
        let _ = ctx.tessellate(output.shapes, output.pixels_per_point);
    }
    c.bench_function(name, |b| {
        b.iter(|| {
            let mut output = ctx.run_ui(input(), |ui| app.ui(ui));
            // No GPU here to take the font atlas updates.
            output.textures_delta.clear();
            ctx.tessellate(output.shapes, output.pixels_per_point)
        });
    });
}

fn frames(c: &mut Criterion) {
    frame(
        c,
        "frame: sample form (党建服务工作经费)",
        jixiao::ui::initial_declaration(),
    );
    let largest = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/examples/2023-组织部门建设和管理工作经费.ron");
    frame(
        c,
        "frame: largest example (组织部门建设和管理工作经费, 23 indicators)",
        jixiao::storage::load(&largest).expect("the bundled example loads"),
    );
    frame(c, "frame: 2,000 level-3 indicators", synthetic());
}

criterion_group!(benches, frames);
criterion_main!(benches);
