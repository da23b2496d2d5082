//! Printing (issue 11): pages that can be signed and matched to their form, amounts that never
//! split, the older layouts as their originals, metadata, the embedded declarations, and what
//! `jixiao print` tells. The PDFs are read back with poppler-utils (`pdftotext`, `pdfinfo`).

#![expect(clippy::unwrap_used, reason = "tests")]

use std::path::Path;
use std::process::Command;

use jixiao::layout::{self, LaidOutForm, LayoutOptions, LayoutWarningKind, Page};
use jixiao::model::{
    Comparator, Declaration, Field, FormFields, Level1Indicator, Level2Indicator, Level3Indicator,
    Path as ModelPath, TargetNumber, TargetValue, Yuan,
};
use jixiao::pdf::{
    EmbeddedError, PrintOptions, WarningKind, embedded_declarations, print_check, print_to_pdf_at,
};

#[path = "support/cli.rs"]
mod cli;
use cli::jixiao_at;

/// A fixed print time for reproducible output: 2026-03-01 08:00:00 UTC.
const PRINTED_AT: i64 = 1_772_352_000;

/// The 11 bundled examples (current layout), each with its label 「示例/…ron」, in file order.
fn examples() -> Vec<(String, Declaration)> {
    let examples = jixiao::storage::bundled_examples();
    assert_eq!(examples.len(), 11, "the 11 current-layout sample forms");
    examples
}

fn example(name: &str) -> Declaration {
    jixiao::storage::load(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/examples")
            .join(name),
    )
    .unwrap()
}

/// The seven older forms of the sample files, imported.
fn older_forms() -> Vec<Declaration> {
    let mut forms = Vec::new();
    for seed in [
        include_str!("fixtures/forms/forms-2020.txt"),
        include_str!("fixtures/forms/forms-2018.txt"),
    ] {
        forms.extend(jixiao::import::import_text(seed).declarations);
    }
    assert_eq!(forms.len(), 7);
    forms
}

/// Runs a poppler tool on `bytes` with `args` and returns its stdout.
fn poppler(tool: &str, args: &[&str], bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out.pdf");
    std::fs::write(&file, bytes).unwrap();
    let mut command = Command::new(tool);
    command.args(args).arg(&file);
    if tool == "pdftotext" {
        command.arg("-");
    }
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils) is needed for this test: {e}"));
    assert!(output.status.success(), "{tool} failed on the PDF");
    String::from_utf8(output.stdout).unwrap()
}

fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The text of each page as pdftotext reads it (pages end with a form feed).
fn page_texts(bytes: &[u8]) -> Vec<String> {
    let text = poppler("pdftotext", &["-raw"], bytes);
    let mut pages: Vec<String> = text.split('\u{c}').map(squeeze).collect();
    if pages.last().is_some_and(String::is_empty) {
        pages.pop();
    }
    pages
}

fn target(value: i64) -> Option<TargetValue> {
    Some(TargetValue::Quantitative {
        comparator: Comparator::Ge,
        number: TargetNumber(value.into()),
        unit: "%".to_owned(),
    })
}

/// The 2026 党建服务工作经费 form with `count` one-line indicators under one level-2 group each of
/// the standard level-1 groups.
fn with_indicators(count: usize) -> Declaration {
    let mut declaration = example("2026-党建服务工作经费.ron");
    let groups = ["成本指标", "产出指标", "效益指标", "满意度指标"];
    declaration.indicators = groups
        .iter()
        .enumerate()
        .map(|(i1, name)| Level1Indicator {
            name: (*name).to_owned(),
            children: vec![Level2Indicator {
                name: format!("二级{i1}"),
                children: (0..count / groups.len())
                    .map(|i3| Level3Indicator::new(format!("指标{i1}-{i3}"), target(90)))
                    .collect(),
            }],
        })
        .collect();
    declaration
}

/// A form whose annual goal is `paragraphs` paragraphs of `sentences` sentences each.
fn with_goal(paragraphs: usize, sentences: usize) -> Declaration {
    let mut declaration = example("2026-党建服务工作经费.ron");
    let sentence = "以党群服务阵地体系功能建设为主要抓手，为基层党建工作提供服务支撑。";
    declaration.annual_goal = vec![sentence.repeat(sentences); paragraphs].join("\n");
    declaration
}

fn options(signature_block: bool) -> PrintOptions {
    PrintOptions { signature_block }
}

#[test]
fn every_page_names_its_form() {
    let mut forms: Vec<Declaration> = examples().into_iter().map(|(_, d)| d).collect();
    forms.push(with_indicators(200));
    forms.push(with_goal(3, 60));
    forms.push(with_goal(1, 200));
    forms.extend(older_forms());
    for signature in [false, true] {
        for declaration in &forms {
            let printed = print_to_pdf_at(
                std::slice::from_ref(declaration),
                &options(signature),
                PRINTED_AT,
            )
            .unwrap();
            let pages = page_texts(&printed.bytes);
            assert_eq!(pages.len(), printed.page_count);
            let name = squeeze(&declaration.project_name);
            for (index, text) in pages.iter().enumerate() {
                assert!(
                    text.contains(&name),
                    "{name}: page {} of {} lacks the project name",
                    index + 1,
                    pages.len()
                );
                if index > 0 {
                    assert!(
                        text.contains(&format!("{name}（续）")),
                        "{name}: running head"
                    );
                }
            }
            if pages.len() > 1 {
                assert!(
                    !pages[0].contains("（续）"),
                    "{name}: no running head on page 1"
                );
            }
        }
    }
}

/// Cells on a page that show a part of the declaration (not a label or a header).
fn value_cells(page: &Page) -> usize {
    page.cells.iter().filter(|c| c.path.is_some()).count()
}

fn signature_top(page: &Page) -> Option<f32> {
    page.runs
        .iter()
        .find(|r| r.text.starts_with("填报单位"))
        .map(|r| r.y.0)
}

#[test]
fn the_signature_block_never_stands_alone() {
    // The goal grows line by line, so the end of the table sweeps down the page and over the
    // page break; the indicator rows under it follow.
    for sentences in 0..60 {
        let declaration = with_goal(1, sentences);
        let laid = layout::layout_declaration(
            &declaration,
            0,
            LayoutOptions {
                signature_block: true,
            },
        );
        let last = laid.pages.last().unwrap();
        let top = signature_top(last).unwrap();
        assert!(
            value_cells(last) > 0,
            "{sentences} sentences: the signature block is alone on page {}",
            last.number
        );
        let table_bottom = last
            .cells
            .iter()
            .map(|c| c.rect.y.0 + c.rect.height.0)
            .fold(0.0, f32::max);
        assert!(top > table_bottom, "{sentences}: block under the table");
        assert!(
            last.runs
                .iter()
                .chain(last.cells.iter().flat_map(|c| &c.runs))
                .all(|r| r.y.0 + r.rect().height.0 <= layout::PAGE_HEIGHT.0),
            "{sentences}: on the paper"
        );
        // Only the last page has the block.
        for page in &laid.pages[..laid.pages.len() - 1] {
            assert!(signature_top(page).is_none());
        }
        // Silent without the option.
        let without = layout::layout_declaration(&declaration, 0, LayoutOptions::default());
        assert!(without.pages.iter().all(|p| signature_top(p).is_none()));
    }
    // And in print: the block's page has indicator rows on it.
    let declaration = with_indicators(200);
    let printed = print_to_pdf_at(
        std::slice::from_ref(&declaration),
        &options(true),
        PRINTED_AT,
    )
    .unwrap();
    let pages = page_texts(&printed.bytes);
    let last = pages.last().unwrap();
    assert!(
        last.contains("填报日期") && last.contains("指标3-"),
        "{last}"
    );
}

#[test]
fn the_signature_block_has_cues_and_room_to_write() {
    let laid = layout::layout_declaration(
        &example("2026-党建服务工作经费.ron"),
        0,
        LayoutOptions {
            signature_block: true,
        },
    );
    let page = laid.pages.last().unwrap();
    let texts: Vec<&str> = page.runs.iter().map(|r| r.text.as_str()).collect();
    for cue in [
        "填报单位（盖章）：",
        "单位负责人（签字）：",
        "财务负责人（签字）：",
        "填报人（签字）：",
    ] {
        assert!(texts.contains(&cue), "{cue}: {texts:?}");
    }
    // 年, 月 and 日 each follow a blank of at least 10 mm.
    for unit in ["年", "月", "日"] {
        let run = page.runs.iter().find(|r| r.text == unit).unwrap();
        let blank = page
            .rules
            .iter()
            .find(|((_, y0), (x1, _))| (run.x.0 - x1.0).abs() < 1.0 && y0.0 > run.y.0)
            .unwrap();
        assert!(blank.1.0.0 - blank.0.0.0 >= 10.0, "{unit}: {blank:?}");
    }
    // The long rules of a column start at one x.
    let long: Vec<f32> = page
        .rules
        .iter()
        .filter(|((x0, _), (x1, _))| x1.0 - x0.0 > 30.0)
        .map(|((x0, _), _)| x0.0)
        .collect();
    let mut starts = long.clone();
    starts.sort_by(f32::total_cmp);
    starts.dedup_by(|a, b| (*a - *b).abs() < 0.01);
    assert_eq!(long.len(), 5, "{long:?}");
    assert_eq!(starts.len(), 2, "two columns, one start each: {long:?}");
}

/// Sets every amount of a current-layout form to `value`.
fn all_amounts(declaration: &mut Declaration, value: Yuan) {
    let funding = &mut declaration.current_mut().unwrap().funding;
    for amount in [
        &mut funding.project_total,
        &mut funding.project_fiscal,
        &mut funding.project_other,
        &mut funding.annual_total,
        &mut funding.annual_appropriation,
        &mut funding.annual_carryover,
        &mut funding.annual_other,
    ] {
        *amount = Some(value);
    }
}

#[test]
fn a_large_amount_stays_on_one_line_in_every_money_cell() {
    let large: Yuan = "1234567890.12".parse().unwrap();
    let mut current = example("2026-党建服务工作经费.ron");
    all_amounts(&mut current, large);
    let mut forms = vec![(current, 7)];
    for mut older in older_forms() {
        let cells = match &mut older.form {
            FormFields::Y2020(f) => {
                f.budget.project_budget = Some(large);
                f.budget.annual_budget = Some(large);
                f.budget.prior_year_budget = Some(large);
                f.budget.prior_year_spent = Some(large);
                4
            }
            FormFields::Y2018(f) => {
                f.budget.project_budget = Some(large);
                f.budget.annual_budget = Some(large);
                f.budget.prior_year_budget = Some(large);
                f.budget.prior_year_spent = Some(large);
                for sub in &mut f.sub_budgets {
                    sub.amount = Some(large);
                }
                4 + f.sub_budgets.len()
            }
            FormFields::Current(_) => unreachable!(),
        };
        forms.push((older, cells));
    }
    for (declaration, cells) in &forms {
        let printed = print_to_pdf_at(
            std::slice::from_ref(declaration),
            &PrintOptions::default(),
            PRINTED_AT,
        )
        .unwrap();
        let text = poppler("pdftotext", &["-layout"], &printed.bytes);
        assert_eq!(
            text.matches("1,234,567,890.12").count(),
            *cells,
            "{}: {text}",
            declaration.project_name
        );
        // The narrow cells needed a smaller size, and say so; none wraps.
        assert!(
            printed
                .warnings
                .iter()
                .all(|w| w.kind != WarningKind::AmountWraps)
        );
    }
    let printed = print_check(std::slice::from_ref(&forms[0].0), &PrintOptions::default());
    assert!(
        printed
            .warnings
            .iter()
            .any(|w| w.kind == WarningKind::AmountShrunk && w.field == "项目资金总额")
    );
    // Silent on the sample amounts.
    for (name, declaration) in examples() {
        let check = print_check(std::slice::from_ref(&declaration), &PrintOptions::default());
        assert!(check.warnings.is_empty(), "{name}");
    }
}

#[test]
fn an_amount_too_long_even_when_small_wraps_with_a_warning() {
    let mut declaration = example("2026-党建服务工作经费.ron");
    all_amounts(&mut declaration, "123456789012345678901.5".parse().unwrap());
    let laid = layout::layout_declaration(&declaration, 0, LayoutOptions::default());
    assert!(
        laid.warnings
            .iter()
            .any(|w| w.kind == LayoutWarningKind::AmountWraps && w.field == "项目资金总额")
    );
    let message = laid.warnings.first().unwrap().message();
    assert!(message.contains("项目资金总额"), "{message}");
}

#[test]
fn a_goal_over_many_pages_is_reported() {
    let long = with_goal(1, 400);
    let check = print_check(std::slice::from_ref(&long), &PrintOptions::default());
    let warning = check
        .warnings
        .iter()
        .find(|w| matches!(w.kind, WarningKind::LongText { .. }))
        .unwrap();
    assert_eq!(warning.field, "年度总体目标");
    let WarningKind::LongText { pages } = warning.kind else {
        unreachable!()
    };
    assert!(pages > layout::LONG_TEXT_PAGES && pages <= check.page_count);
    assert!(warning.message.contains(&format!("{pages} 页")));
    // Silent for a goal of two pages.
    let short = with_goal(1, 40);
    let check = print_check(std::slice::from_ref(&short), &PrintOptions::default());
    assert!(check.page_count <= 2);
    assert!(check.warnings.is_empty(), "{:?}", check.warnings);
}

/// Lines of a cell on a page: its runs grouped by baseline.
fn cell_lines(cell: &layout::Cell) -> Vec<PrintedLine> {
    let mut lines: Vec<PrintedLine> = Vec::new();
    for run in &cell.runs {
        match lines
            .iter_mut()
            .find(|l| (l.0 - run.baseline.0).abs() < 0.01)
        {
            Some(line) => {
                line.1 = line.1.max(run.x.0 + run.width.0);
                line.2.push_str(&run.text);
            }
            None => lines.push((run.baseline.0, run.x.0 + run.width.0, run.text.clone())),
        }
    }
    lines
}

/// A printed line: baseline, right end, text.
type PrintedLine = (f32, f32, String);

/// The annual goal's cell on each page: the page number and its lines.
fn goal_cells(laid: &LaidOutForm) -> Vec<(usize, Vec<PrintedLine>)> {
    laid.pages
        .iter()
        .flat_map(|page| {
            page.cells
                .iter()
                .filter(|c| c.path == Some(ModelPath::Field(Field::AnnualGoal)))
                .map(move |c| (page.number, cell_lines(c)))
        })
        .collect()
}

#[test]
fn goals_are_justified_and_keep_two_lines_of_a_paragraph_on_each_page() {
    let mut split_paragraphs = 0;
    for sentences in [3, 7, 12, 25, 31] {
        for paragraphs in [1, 3, 6, 9] {
            let declaration = with_goal(paragraphs, sentences);
            let laid = layout::layout_declaration(&declaration, 0, LayoutOptions::default());
            let cell_right = laid
                .pages
                .iter()
                .flat_map(|p| &p.cells)
                .find(|c| c.path == Some(ModelPath::Field(Field::AnnualGoal)))
                .map(|c| c.rect.x.0 + c.rect.width.0 - layout::CELL_PADDING_X.0)
                .unwrap();
            // Walk the printed lines through the paragraphs: (page, paragraph) of each line.
            let lengths: Vec<usize> = declaration
                .annual_goal
                .lines()
                .map(|p| p.chars().count())
                .collect();
            let mut paragraph = 0;
            let mut left = lengths[0];
            let mut placed: Vec<(usize, usize)> = Vec::new();
            for (page, lines) in goal_cells(&laid) {
                for (_, right, text) in lines {
                    placed.push((page, paragraph));
                    left -= text.chars().count();
                    if left == 0 {
                        paragraph += 1;
                        left = lengths.get(paragraph).copied().unwrap_or(usize::MAX);
                    } else {
                        assert!(
                            (right - cell_right).abs() < 0.05,
                            "{paragraphs}×{sentences}: 「{text}」 ends at {right}, not {cell_right}"
                        );
                    }
                }
            }
            assert_eq!(paragraph, paragraphs, "every paragraph printed");
            for p in 0..paragraphs {
                let pages: Vec<usize> = placed
                    .iter()
                    .filter(|(_, q)| *q == p)
                    .map(|(page, _)| *page)
                    .collect();
                let first = pages[0];
                if pages.iter().any(|page| *page != first) {
                    split_paragraphs += 1;
                    for page in &pages {
                        let on_page = pages.iter().filter(|q| *q == page).count();
                        assert!(
                            on_page >= 2,
                            "{paragraphs}×{sentences}: paragraph {p} has {on_page} line on page {page}"
                        );
                    }
                }
            }
        }
    }
    assert!(
        split_paragraphs > 3,
        "the sweep splits paragraphs between pages"
    );
}

#[test]
fn the_number_unit_rule_and_kinsoku_hold_over_a_sweep_of_widths() {
    use jixiao::layout::text::{NO_LINE_END, NO_LINE_START, wrap_to_strings};
    let mut texts: Vec<String> = Vec::new();
    for (_, declaration) in examples() {
        texts.push(declaration.overall_goal.clone());
        texts.push(declaration.annual_goal.clone());
        for (_, level3) in declaration.level3_indicators() {
            texts.push(level3.name.clone());
        }
    }
    texts.push(
        "截至2023年12月31日全年稳定运行；1小时内响应，3小时内抵达现场，满意度≥90%。".to_owned(),
    );
    for text in texts
        .iter()
        .flat_map(|t| t.lines())
        .filter(|t| !t.is_empty())
    {
        for width in (60..=400).step_by(9) {
            let lines = wrap_to_strings(
                text,
                layout::Face::Serif,
                layout::BODY_SIZE,
                layout::Pt(width as f32),
            );
            assert_eq!(squeeze(&lines.concat()), squeeze(text));
            for pair in lines.windows(2) {
                let (Some(end), Some(start)) = (pair[0].chars().last(), pair[1].chars().next())
                else {
                    continue;
                };
                assert!(!NO_LINE_START.contains(&start), "{width}: {lines:?}");
                assert!(!NO_LINE_END.contains(&end), "{width}: {lines:?}");
                assert!(
                    !(end.is_ascii_digit() && (start == '%' || !start.is_ascii())),
                    "{width}: number cut from its unit: {lines:?}"
                );
            }
        }
    }
}

#[test]
fn older_layouts_print_their_own_rows_and_headings() {
    for declaration in older_forms() {
        let laid = layout::layout_declaration(&declaration, 0, LayoutOptions::default());
        let text: String = laid
            .pages
            .iter()
            .flat_map(|p| p.runs.iter().chain(p.cells.iter().flat_map(|c| &c.runs)))
            .map(|r| r.text.as_str())
            .collect::<String>();
        // No invented 项目绩效目标 or 绩效指标 label cell on either (2018 has 绩效指标 only as
        // a column header of its 分解目标 table).
        let labels: Vec<String> = laid
            .pages
            .iter()
            .flat_map(|p| &p.cells)
            .filter(|c| c.path.is_none())
            .map(|c| c.runs.iter().map(|r| r.text.as_str()).collect())
            .collect();
        assert!(!labels.iter().any(|l| l == "项目绩效目标"), "{labels:?}");
        let first = &laid.pages[0];
        let unit_line = first
            .runs
            .iter()
            .find(|r| r.text.starts_with("申报单位名称"))
            .unwrap();
        let table_top = first
            .cells
            .iter()
            .map(|c| c.rect.y.0)
            .fold(f32::MAX, f32::min);
        assert!(unit_line.y.0 < table_top, "申报单位名称 above the table");
        match &declaration.form {
            FormFields::Y2020(_) => {
                for heading in [
                    "本项目上年度市级财政资金使用情况",
                    "2020年绩效目标",
                    "总目标及阶段性目标",
                    "一级目标",
                ] {
                    assert!(text.contains(heading), "{heading}");
                }
                assert!(!labels.iter().any(|l| l == "绩效指标"), "{labels:?}");
                assert!(text.find("项目实施计划") < text.find("项目总预算"));
            }
            FormFields::Y2018(fields) => {
                for heading in ["分解目标", "分解目标内容", "备注", "项目当年投入资金构成"]
                {
                    assert!(text.contains(heading), "{heading}");
                }
                // 项目实施计划 comes after the money, as on the original.
                assert!(text.find("项目总预算") < text.find("项目实施计划"));
                assert!(text.find("项目实施计划") < text.find("年度绩效目标"));
                // One ticked box (two strokes) in each list where a choice was made.
                let ticked = [&fields.project_type, &fields.fund_use]
                    .iter()
                    .filter(|c| !c.is_empty())
                    .count();
                let strokes: usize = laid
                    .pages
                    .iter()
                    .flat_map(|p| &p.cells)
                    .map(|c| c.rules.len())
                    .sum();
                assert_eq!(strokes, 2 * ticked, "{}", declaration.project_name);
                let boxes = text.matches('□').count();
                assert_eq!(boxes, 11, "5 项目类型 + 6 资金用途 boxes");
            }
            FormFields::Current(_) => unreachable!(),
        }
    }
}

#[test]
fn a_2023_form_prints_the_span_of_its_overall_goal() {
    let (_, form_2023) = examples()
        .into_iter()
        .find(|(p, _)| p.ends_with("2023-机关服务费.ron"))
        .unwrap();
    let text = squeeze(&poppler(
        "pdftotext",
        &["-raw"],
        &print_to_pdf_at(&[form_2023], &PrintOptions::default(), PRINTED_AT)
            .unwrap()
            .bytes,
    ));
    assert!(text.contains("项目总目标(2023年-2023年)"), "{text}");
    // The 2026 forms print the heading alone, as their originals.
    let text = squeeze(&poppler(
        "pdftotext",
        &["-raw"],
        &print_to_pdf_at(
            &[example("2026-党建服务工作经费.ron")],
            &PrintOptions::default(),
            PRINTED_AT,
        )
        .unwrap()
        .bytes,
    ));
    assert!(text.contains("项目总目标") && !text.contains("项目总目标("));
}

#[test]
fn every_cell_showing_a_value_knows_its_field() {
    let declaration = example("2026-党建服务工作经费.ron");
    let laid = layout::layout_declaration(&declaration, 0, LayoutOptions::default());
    let page = &laid.pages[0];
    let find = |path: ModelPath| {
        page.cells
            .iter()
            .find(|c| c.path == Some(path))
            .map(|c| c.runs.iter().map(|r| r.text.as_str()).collect::<String>())
    };
    assert_eq!(
        find(ModelPath::Field(Field::ProjectName)).as_deref(),
        Some("党建服务工作经费")
    );
    assert_eq!(
        find(ModelPath::Field(Field::AnnualTotal)).as_deref(),
        Some("1,139,000.00")
    );
    let (path, level3) = declaration.level3_indicators().next().unwrap();
    assert_eq!(
        find(ModelPath::Indicator(
            path,
            jixiao::model::IndicatorPart::Name
        )),
        Some(level3.name.clone())
    );
    // A click in the middle of the 年度资金申请总额 cell finds its field; on its label, nothing.
    let cell = page
        .cells
        .iter()
        .find(|c| c.path == Some(ModelPath::Field(Field::AnnualTotal)))
        .unwrap();
    let middle = |c: &layout::Cell| {
        (
            layout::Mm(c.rect.x.0 + c.rect.width.0 / 2.0),
            layout::Mm(c.rect.y.0 + c.rect.height.0 / 2.0),
        )
    };
    let (x, y) = middle(cell);
    assert_eq!(
        page.path_at(x, y),
        Some(ModelPath::Field(Field::AnnualTotal))
    );
    let label = page
        .cells
        .iter()
        .find(|c| c.runs.iter().any(|r| r.text == "年度资金申请总额"))
        .unwrap();
    let (x, y) = middle(label);
    assert_eq!(page.path_at(x, y), None);
    assert_eq!(page.path_at(layout::Mm(5.0), layout::Mm(5.0)), None);
    // Labels have none.
    let label = page
        .cells
        .iter()
        .find(|c| c.runs.iter().any(|r| r.text == "项目名称"))
        .unwrap();
    assert_eq!(label.path, None);
}

#[test]
fn metadata_dates_titles_bookmarks_and_no_pdfx_key() {
    let forms: Vec<Declaration> = examples().into_iter().map(|(_, d)| d).collect();
    let one = print_to_pdf_at(&forms[..1], &PrintOptions::default(), PRINTED_AT).unwrap();
    let info = poppler("pdfinfo", &["-isodates"], &one.bytes);
    assert!(info.contains("2026-03-01T08:00:00"), "{info}");
    assert!(!info.contains("1970"), "{info}");
    assert!(info.contains(&forms[0].project_name));
    assert!(!info.contains("PDF subtype"), "no PDF/X claim: {info}");
    let batch = print_to_pdf_at(&forms, &PrintOptions::default(), PRINTED_AT).unwrap();
    let info = poppler("pdfinfo", &[], &batch.bytes);
    assert!(
        info.contains("Title:           财政项目支出绩效目标申报表（共 11 份）"),
        "{info}"
    );
    let same_year: Vec<Declaration> = forms
        .iter()
        .filter(|d| d.fiscal_year == 2026)
        .cloned()
        .collect();
    let info = poppler(
        "pdfinfo",
        &[],
        &print_to_pdf_at(&same_year, &PrintOptions::default(), PRINTED_AT)
            .unwrap()
            .bytes,
    );
    assert!(
        info.contains("2026年度财政项目支出绩效目标申报表（共 5 份）"),
        "{info}"
    );
    // One bookmark per form, each pointing at that form's first page.
    let document = lopdf::Document::load_mem(&batch.bytes).unwrap();
    let outlines = document
        .catalog()
        .unwrap()
        .get(b"Outlines")
        .and_then(lopdf::Object::as_reference)
        .and_then(|id| document.get_dictionary(id))
        .unwrap();
    assert_eq!(outlines.get(b"Count").unwrap().as_i64().unwrap(), 11);
    // Byte-reproducible for a fixed time, different for another.
    let again = print_to_pdf_at(&forms[..1], &PrintOptions::default(), PRINTED_AT).unwrap();
    assert_eq!(one.bytes, again.bytes);
    let later = print_to_pdf_at(&forms[..1], &PrintOptions::default(), PRINTED_AT + 60).unwrap();
    assert_ne!(one.bytes, later.bytes);
}

#[test]
fn each_form_is_embedded_as_its_saved_text_in_print_order() {
    let mut forms: Vec<Declaration> = examples().into_iter().map(|(_, d)| d).take(3).collect();
    forms.extend(older_forms().into_iter().take(2));
    let printed = print_to_pdf_at(&forms, &options(true), PRINTED_AT).unwrap();
    let texts = embedded_declarations(&printed.bytes).unwrap();
    assert_eq!(texts.len(), forms.len());
    for (text, declaration) in texts.iter().zip(&forms) {
        assert_eq!(text, &jixiao::storage::to_ron_string(declaration).unwrap());
        let back = jixiao::storage::from_ron_str(text, Path::new("embedded.ron")).unwrap();
        assert_eq!(&back, declaration);
    }
    // pdfdetach (poppler) lists them under their file names.
    let listing = poppler("pdfdetach", &["-list"], &printed.bytes);
    assert!(
        listing.contains(&format!("{}.ron", jixiao::storage::file_stem(&forms[0]))),
        "{listing}"
    );
    assert!(matches!(
        embedded_declarations(b"not a pdf"),
        Err(EmbeddedError::NotPdf)
    ));
    // A PDF without attachments gives none; a damaged attachment is named by its number.
    assert_eq!(
        embedded_declarations(&minimal_pdf(None)).unwrap(),
        Vec::<String>::new()
    );
    assert_eq!(
        embedded_declarations(&minimal_pdf(Some(b"\x00garbage"))),
        Err(EmbeddedError::Damaged(1))
    );
    assert!(
        EmbeddedError::Damaged(1)
            .to_string()
            .contains("第 1 个附件"),
        "a Chinese message"
    );
}

/// A one-page PDF written with lopdf, with one embedded file whose Flate stream is `attachment`
/// (deliberately not valid Flate) when given.
fn minimal_pdf(attachment: Option<&[u8]>) -> Vec<u8> {
    use lopdf::{Dictionary, Object, Stream};
    let mut document = lopdf::Document::with_version("1.7");
    let pages = document.new_object_id();
    let mut page = Dictionary::new();
    page.set("Type", Object::Name(b"Page".to_vec()));
    page.set("Parent", Object::Reference(pages));
    let page = document.add_object(page);
    let mut tree = Dictionary::new();
    tree.set("Type", Object::Name(b"Pages".to_vec()));
    tree.set("Kids", Object::Array(vec![Object::Reference(page)]));
    tree.set("Count", Object::Integer(1));
    document.objects.insert(pages, Object::Dictionary(tree));
    let mut catalog = Dictionary::new();
    catalog.set("Type", Object::Name(b"Catalog".to_vec()));
    catalog.set("Pages", Object::Reference(pages));
    if let Some(bytes) = attachment {
        let mut stream_dict = Dictionary::new();
        stream_dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        let mut params = Dictionary::new();
        params.set("Size", Object::Integer(100));
        stream_dict.set("Params", Object::Dictionary(params));
        let file = document.add_object(Stream::new(stream_dict, bytes.to_vec()));
        let mut ef = Dictionary::new();
        ef.set("F", Object::Reference(file));
        let mut spec = Dictionary::new();
        spec.set("Type", Object::Name(b"Filespec".to_vec()));
        spec.set("EF", Object::Dictionary(ef));
        let spec = document.add_object(spec);
        let mut names = Dictionary::new();
        names.set(
            "Names",
            Object::Array(vec![
                Object::string_literal("a.ron"),
                Object::Reference(spec),
            ]),
        );
        let mut name_dict = Dictionary::new();
        name_dict.set("EmbeddedFiles", Object::Dictionary(names));
        catalog.set("Names", Object::Dictionary(name_dict));
    }
    let catalog = document.add_object(catalog);
    document.trailer.set("Root", Object::Reference(catalog));
    let mut bytes = Vec::new();
    document.save_to(&mut bytes).unwrap();
    bytes
}

#[test]
fn one_form_stays_within_the_size_budget() {
    let printed = print_to_pdf_at(
        &[example("2026-党建服务工作经费.ron")],
        &PrintOptions::default(),
        PRINTED_AT,
    )
    .unwrap();
    assert!(
        printed.bytes.len() <= 40 * 1024,
        "{} bytes",
        printed.bytes.len()
    );
}

#[test]
fn cli_print_tells_the_errors_and_still_writes_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let mut broken = example("2026-党建服务工作经费.ron");
    broken.annual_goal.clear();
    if let Some(level3) = broken
        .indicators
        .iter_mut()
        .flat_map(|l| &mut l.children)
        .flat_map(|l| &mut l.children)
        .next()
    {
        level3.target = None;
    }
    let errors = jixiao::validate::validate(&broken)
        .iter()
        .filter(|f| f.severity == jixiao::validate::Severity::Error)
        .count();
    assert!(errors >= 2);
    let file = dir.path().join("broken.ron");
    jixiao::storage::save(&file, &broken).unwrap();
    let out = dir.path().join("broken.pdf");
    let output = jixiao_at(
        &[
            "print".as_ref(),
            file.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ],
        "1772352000",
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains(&format!("有 {errors} 处错误")), "{stderr}");
    assert!(stderr.contains("broken.ron"), "{stderr}");
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF-"));

    // Silent for a form without errors; the same SOURCE_DATE_EPOCH gives the same bytes.
    let good =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples/2026-党建服务工作经费.ron");
    let first = dir.path().join("a.pdf");
    let second = dir.path().join("b.pdf");
    for target in [&first, &second] {
        let output = jixiao_at(
            &[
                "print".as_ref(),
                good.as_os_str(),
                "-o".as_ref(),
                target.as_os_str(),
            ],
            "1772352000",
        );
        assert!(output.status.success());
        assert!(String::from_utf8(output.stderr).unwrap().is_empty());
    }
    assert_eq!(
        std::fs::read(&first).unwrap(),
        std::fs::read(&second).unwrap()
    );
    let info = poppler("pdfinfo", &["-isodates"], &std::fs::read(&first).unwrap());
    assert!(info.contains("2026-03-01T08:00:00"), "{info}");
}

#[test]
fn a_batch_is_paged_per_form_and_warns_per_form() {
    let forms = vec![example("2026-党建服务工作经费.ron"), with_indicators(200)];
    let printed = print_to_pdf_at(&forms, &PrintOptions::default(), PRINTED_AT).unwrap();
    let pages = page_texts(&printed.bytes);
    assert!(pages[0].contains("第1页共1页"));
    let second_total = pages.len() - 1;
    assert!(pages[1].contains(&format!("第1页共{second_total}页")));
    assert!(
        pages
            .last()
            .unwrap()
            .contains(&format!("第{second_total}页共{second_total}页"))
    );
    assert_eq!(printed.error_counts.len(), 2);
}
