//! The print preview in the window (issue 11, point 8), driven through egui_kittest: it shows as
//! many pages as the PDF has, on a one-page sample form and on a form of several pages, with and
//! without the signature block; clicking a cell focuses its field in the form; it fits a
//! 1024×700 window; and printing asks first when the print looks wrong (issue 11, point 4).
//!
//! The forms are the bundled examples: 2026 党建服务工作经费 (one page, `forms-2026.txt`) and the
//! largest, 2023 组织部门建设和管理工作经费 (23 indicators, two pages, `forms-2023.txt`). The
//! pages are compared with [`jixiao::pdf::print_to_pdf`] on the same document, and cells are
//! found on the pages [`jixiao::layout::layout_declaration`] lays out, the stage both share.

use std::path::{Path, PathBuf};

use eframe::egui::{self, Key, Modifiers, Pos2, Rect};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use jixiao::layout::{LayoutOptions, Mm, PAGE_WIDTH, Page, layout_declaration};
use jixiao::model::{Declaration, Field, IndicatorPart, Path as ModelPath};
use jixiao::pdf::{PrintOptions, print_to_pdf};
use jixiao::ui::{AppConfig, EditorApp, Prompt};

#[path = "support/dialogs.rs"]
mod dialogs;
use dialogs::FakeDialogs;

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/examples")
        .join(name)
}

/// The one-page bundled example (8 indicators).
const ONE_PAGE: &str = "2026-党建服务工作经费.ron";
/// The example with the most indicators (23), two pages.
const LARGEST: &str = "2023-组织部门建设和管理工作经费.ron";

fn load(name: &str) -> Declaration {
    jixiao::storage::load(&example(name)).expect("the bundled example loads")
}

/// A goal of about 4,900 characters: several pages of print.
fn long_goal() -> String {
    "深入贯彻落实新时代党的建设总要求，认真践行新时代党的组织路线，进一步推进全市党的建设制度改革发展。"
        .repeat(100)
}

/// A window of `size` points on `document`, no recovery copies.
fn window(document: Declaration, size: egui::Vec2) -> Harness<'static, EditorApp> {
    let config = AppConfig {
        dialogs: Box::new(FakeDialogs::default()),
        recovery_dir: None,
        recent_files: Vec::new(),
    };
    let app = EditorApp::new(config, document, None);
    let mut harness = Harness::builder()
        .with_size(size)
        .with_max_steps(24)
        .with_context_setup(jixiao::ui::install_fonts)
        .build_ui_state(|ui, app: &mut EditorApp| app.ui(ui), app);
    harness.run();
    harness
}

/// Runs frames until the preview shows the pages of the document as it is now (the layout runs
/// on its own thread), then one more so the toolbar shows them.
fn wait_for_preview(harness: &mut Harness<'_, EditorApp>) {
    for _ in 0..1000 {
        harness.run();
        if harness.state().preview().is_current() {
            harness.run();
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    panic!("the preview never showed the pages");
}

/// F8 opens the preview; waits for its pages.
fn open_preview(harness: &mut Harness<'_, EditorApp>) {
    harness.key_press(Key::F8);
    wait_for_preview(harness);
}

/// The sheets the preview shows, as the accessibility tree names them.
fn sheet_count(harness: &Harness<'_, EditorApp>) -> usize {
    harness.query_all_by_label_contains("预览：第").count()
}

/// The sheet of page `number` (1-based) on screen.
fn sheet(harness: &Harness<'_, EditorApp>, number: usize, total: usize) -> Rect {
    harness
        .get_by_label(&format!("预览：第 {number} 页 共 {total} 页"))
        .rect()
}

/// Where the centre of the cell showing `path` on `page` is on the screen, given the page's
/// sheet (whose width is the page's 210 mm).
fn cell_centre(page: &Page, path: ModelPath, sheet: Rect) -> Pos2 {
    let cell = page
        .cells
        .iter()
        .find(|cell| cell.path == Some(path))
        .unwrap_or_else(|| panic!("no cell shows {path}"));
    let scale = sheet.width() / PAGE_WIDTH.0;
    let x = cell.rect.x.0 + cell.rect.width.0 / 2.0;
    let y = cell.rect.y.0 + cell.rect.height.0 / 2.0;
    // The layout maps the point back to the same field.
    assert_eq!(page.path_at(Mm(x), Mm(y)), Some(path));
    sheet.min + egui::vec2(x * scale, y * scale)
}

fn click_at(harness: &mut Harness<'_, EditorApp>, pos: Pos2) {
    harness.hover_at(pos);
    harness.run();
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    harness.run();
    harness.run();
}

fn pdf_pages(document: &Declaration, signature_block: bool) -> usize {
    print_to_pdf(
        std::slice::from_ref(document),
        &PrintOptions { signature_block },
    )
    .expect("the example prints")
    .page_count
}

#[test]
fn the_preview_shows_as_many_pages_as_the_pdf() {
    let mut several = load(LARGEST);
    several.annual_goal = long_goal();
    for document in [load(ONE_PAGE), load(LARGEST), several] {
        let mut harness = window(document.clone(), egui::vec2(1366.0, 768.0));
        assert!(harness.query_by_label_contains("预览：第").is_none());
        open_preview(&mut harness);
        for signature_block in [false, true] {
            let pages = pdf_pages(&document, signature_block);
            assert_eq!(
                harness.state().preview().page_count(),
                Some(pages),
                "{}, signature block {signature_block}",
                document.project_name
            );
            assert_eq!(sheet_count(&harness), pages);
            harness.get_by_label(&format!("第 1 页 共 {pages} 页"));
            if !signature_block {
                // 附签章栏 in the preview turns the signature block on, for the PDF too.
                harness.get_by_label("附签章栏").click();
                wait_for_preview(&mut harness);
                assert!(harness.state().signature_block());
            }
        }
        // The signature block shows on the last page, as printed.
        let shown = harness.state().preview().pages().unwrap();
        let last = shown.pages.last().unwrap();
        assert!(last.runs.iter().any(|run| run.text.contains("填报单位")));
        assert_eq!(
            *shown,
            layout_declaration(
                &document,
                0,
                LayoutOptions {
                    signature_block: true
                }
            )
        );
    }
}

#[test]
fn the_one_page_form_shows_one_sheet_and_a_long_goal_adds_pages_as_it_is_typed() {
    let mut harness = window(load(ONE_PAGE), egui::vec2(1366.0, 768.0));
    open_preview(&mut harness);
    assert_eq!(sheet_count(&harness), 1);
    harness.get_by_label("第 1 页 共 1 页");
    assert!(
        harness
            .get_by_label("下一页")
            .accesskit_node()
            .is_disabled()
    );

    // Typing into 年度总体目标 updates the preview: the goal runs onto more pages.
    harness.get_by_label("年度总体目标").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::End);
    harness.event(egui::Event::Text(long_goal()));
    wait_for_preview(&mut harness);
    let document = harness.state().document().clone();
    assert!(document.annual_goal.ends_with(&long_goal()));
    let pages = pdf_pages(&document, false);
    assert!(pages > 2, "{pages}");
    assert_eq!(sheet_count(&harness), pages);
    // The goal over more than two pages is named above the pages.
    harness.get_by_label_contains("「年度总体目标」打印后跨");

    // 下一页 goes on to page 2.
    harness.get_by_label("下一页").click();
    wait_for_preview(&mut harness);
    harness.get_by_label(&format!("第 2 页 共 {pages} 页"));
}

#[test]
fn clicking_a_cell_in_the_preview_focuses_its_field_in_the_form() {
    let document = load(LARGEST);
    let mut harness = window(document.clone(), egui::vec2(1366.0, 768.0));
    open_preview(&mut harness);
    let laid = layout_declaration(&document, 0, LayoutOptions::default());
    let total = laid.pages.len();
    assert_eq!(total, 2);

    // 年度资金申请总额 on page 1.
    let first = sheet(&harness, 1, total);
    let annual_total = ModelPath::Field(Field::AnnualTotal);
    assert!(!harness.get_by_label("年度资金申请总额").is_focused());
    click_at(
        &mut harness,
        cell_centre(&laid.pages[0], annual_total, first),
    );
    assert!(harness.get_by_label("年度资金申请总额").is_focused());

    // The last indicator's value, on page 2: 下一页, then a click on its cell focuses its
    // number field, far down the form.
    let (last_path, last) = document
        .indicators
        .iter()
        .enumerate()
        .flat_map(|(i1, level1)| {
            level1
                .children
                .iter()
                .enumerate()
                .flat_map(move |(i2, level2)| {
                    level2.children.iter().enumerate().map(move |(i3, level3)| {
                        (jixiao::model::IndicatorPath::level3(i1, i2, i3), level3)
                    })
                })
        })
        .last()
        .unwrap();
    let target = ModelPath::Indicator(last_path, IndicatorPart::Target);
    assert!(
        laid.pages[1]
            .cells
            .iter()
            .any(|cell| cell.path == Some(target))
    );
    harness.get_by_label("下一页").click();
    harness.run();
    harness.run();
    harness.get_by_label(&format!("第 2 页 共 {total} 页"));
    let second = sheet(&harness, 2, total);
    assert!(harness.ctx.content_rect().contains(second.min));
    let value_label = format!("「{}」的指标值", last.name);
    // Before the click, its row is below the form's view (or not built at all).
    assert!(
        harness
            .query_by_label(&value_label)
            .is_none_or(|value| !harness.ctx.content_rect().contains_rect(value.rect()))
    );
    click_at(&mut harness, cell_centre(&laid.pages[1], target, second));
    let value = harness.get_by_label(&value_label);
    assert!(value.is_focused());
    assert!(harness.ctx.content_rect().contains_rect(value.rect()));

    // A label cell is not a field: no field takes the focus (the click leaves the one that had
    // it, as a click anywhere outside a field does).
    let label = laid.pages[1]
        .cells
        .iter()
        .find(|cell| cell.path.is_none() && !cell.runs.is_empty())
        .unwrap();
    let scale = second.width() / PAGE_WIDTH.0;
    let centre = second.min
        + egui::vec2(
            (label.rect.x.0 + label.rect.width.0 / 2.0) * scale,
            (label.rect.y.0 + label.rect.height.0 / 2.0) * scale,
        );
    click_at(&mut harness, centre);
    assert!(
        harness
            .query_by(|node| {
                node.is_focused()
                    && matches!(
                        node.role(),
                        egui::accesskit::Role::TextInput
                            | egui::accesskit::Role::MultilineTextInput
                    )
            })
            .is_none()
    );
    // Nothing was edited by looking.
    assert!(!harness.state().is_modified());
}

#[test]
fn the_preview_fits_a_1024_window_beside_the_form() {
    let mut harness = window(load(LARGEST), egui::vec2(1024.0, 700.0));
    open_preview(&mut harness);
    // The preview sits beside the form; the findings panel, for which there is no room left,
    // is a strip along the edge.
    assert_eq!(sheet_count(&harness), 2);
    let strip = harness.get_by_label("检查结果面板").rect();
    assert!(strip.width() <= 30.0, "{strip:?}");
    let first = sheet(&harness, 1, 2);
    let window = harness.ctx.content_rect();
    assert!(window.contains(first.min));
    assert!(first.right() < strip.left());
    let name = harness.get_by_label("项目名称").rect();
    assert!(name.right() < first.left(), "{name:?} {first:?}");
    // Every section-one field and every column of the table is left of the preview.
    for label in [
        "项目类别",
        "实施单位",
        "计划完成日期",
        "年度资金申请总额",
        "其中：当年财政拨款",
    ] {
        let field = harness.get_by_label(label).rect();
        assert!(field.right() < first.left(), "{label}: {field:?}");
    }
    let laid = layout_declaration(harness.state().document(), 0, LayoutOptions::default());
    click_at(
        &mut harness,
        cell_centre(&laid.pages[0], ModelPath::Field(Field::ProjectName), first),
    );
    assert!(harness.get_by_label("项目名称").is_focused());

    // Without the findings panel (F9) the preview stays where it is.
    harness.key_press(Key::F9);
    harness.run();
    assert!(harness.query_by_label("检查结果面板").is_none());
    assert_eq!(sheet_count(&harness), 2);
}

#[test]
fn in_a_narrow_window_the_preview_shows_over_the_form_and_goes_away_after_a_click() {
    let mut harness = window(load(LARGEST), egui::vec2(820.0, 600.0));
    harness.key_press(Key::F8);
    harness.run();
    // A strip, like every side panel in a window this narrow.
    assert_eq!(sheet_count(&harness), 0);
    let strip = harness
        .get_all_by_label("打印预览")
        .find(|node| node.rect().width() <= 30.0)
        .expect("the preview's strip");
    strip.click();
    wait_for_preview(&mut harness);
    assert_eq!(sheet_count(&harness), 2);
    // A click on a cell goes to its field and puts the preview away.
    let laid = layout_declaration(harness.state().document(), 0, LayoutOptions::default());
    let first = sheet(&harness, 1, 2);
    click_at(
        &mut harness,
        cell_centre(
            &laid.pages[0],
            ModelPath::Field(Field::ImplementingUnit),
            first,
        ),
    );
    assert!(harness.get_by_label("实施单位").is_focused());
    assert_eq!(sheet_count(&harness), 0);
}

#[test]
fn printing_tells_what_looks_wrong_in_the_print_before_asking_where() {
    // A form without errors but with a goal over several pages.
    let mut document = load(ONE_PAGE);
    document.annual_goal = long_goal();
    assert!(
        jixiao::validate::validate(&document)
            .iter()
            .all(|finding| finding.severity != jixiao::validate::Severity::Error)
    );
    let mut harness = window(document, egui::vec2(1366.0, 768.0));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::P);
    harness.run();
    let Some(Prompt::PrintWithErrors { errors, warnings }) = harness.state().prompt().cloned()
    else {
        panic!(
            "expected the print question, got {:?}",
            harness.state().prompt()
        );
    };
    assert_eq!(errors, 0);
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("「年度总体目标」打印后跨"))
    );
    harness.get_by_label("打印出来可能有问题，仍要打印？");
    harness.get_by_label_contains("「年度总体目标」打印后跨");
    assert!(harness.query_by_label("查看错误").is_none());
    // 查看打印预览 shows the pages.
    harness.get_by_label("查看打印预览").click();
    wait_for_preview(&mut harness);
    assert!(harness.state().prompt().is_none());
    assert!(sheet_count(&harness) > 2);

    // With an error too, the question counts it and still lists the print's trouble.
    harness.get_by_label("项目名称").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.key_press(Key::Backspace);
    harness.key_press(Key::Escape);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::P);
    harness.run();
    harness.get_by_label("仍有 1 个错误，仍要打印？");
    let Some(Prompt::PrintWithErrors { errors, warnings }) = harness.state().prompt().cloned()
    else {
        panic!(
            "expected the print question, got {:?}",
            harness.state().prompt()
        );
    };
    assert_eq!(errors, 1);
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("「年度总体目标」打印后跨"))
    );
    // Above the pages and in the question.
    assert_eq!(
        harness
            .query_all_by_label_contains("「年度总体目标」打印后跨")
            .count(),
        2
    );
    harness.get_by_label("查看错误");
}
