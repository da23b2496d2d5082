//! Printing (issue 3): the layout stage's geometry on real and synthetic forms, and the PDF's
//! fonts and text as poppler reads them back (`pdftotext`, `pdffonts`, `pdfinfo` from
//! poppler-utils must be installed).

#![expect(clippy::unwrap_used, reason = "tests")]

use std::path::Path;
use std::process::Command;

use jixiao::layout::{
    self, BODY_SIZE, Cell, LaidOutForm, LayoutOptions, PAGE_HEIGHT, Page, line_height,
    printable_area,
};
use jixiao::model::{
    Comparator, Declaration, Level1Indicator, Level2Indicator, Level3Indicator, TargetNumber,
    TargetValue, format_date, format_yuan,
};
use jixiao::pdf::{PrintOptions, PrintedPdf, WarningKind, print_to_pdf, print_to_pdf_at};

#[path = "support/cli.rs"]
mod cli;
use cli::jixiao;

/// The 11 bundled examples (current layout), each with its label 「示例/…ron」, in file order.
fn examples() -> Vec<(String, Declaration)> {
    let examples = jixiao::storage::bundled_examples();
    assert_eq!(examples.len(), 11, "the 11 current-layout sample forms");
    examples
}

/// Runs a poppler tool on `bytes` and returns its stdout.
fn poppler(tool: &str, args: &[&str], bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out.pdf");
    std::fs::write(&file, bytes).unwrap();
    let output = Command::new(tool)
        .args(args)
        .arg(&file)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils) is needed for this test: {e}"));
    assert!(output.status.success(), "{tool} failed on the PDF");
    String::from_utf8(output.stdout).unwrap()
}

fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn print_one(declaration: &Declaration) -> PrintedPdf {
    print_to_pdf(std::slice::from_ref(declaration), &PrintOptions::default()).unwrap()
}

/// Every text run lies inside its cell and every cell inside the printable area; free runs
/// (title, footer, signature block) lie on the paper inside the side margins.
fn assert_geometry(form: &LaidOutForm) {
    let area = printable_area();
    for page in &form.pages {
        for cell in &page.cells {
            assert!(
                area.contains(&cell.rect),
                "cell outside printable area on page {}: {cell:?}",
                page.number
            );
            for run in &cell.runs {
                assert!(
                    cell.rect.contains(&run.rect()),
                    "run outside its cell on page {}: {run:?} in {:?}",
                    page.number,
                    cell.rect
                );
            }
        }
        for run in &page.runs {
            let r = run.rect();
            assert!(r.x.0 >= area.x.0 && r.x.0 + r.width.0 <= area.x.0 + area.width.0);
            assert!(r.y.0 >= 0.0 && r.y.0 + r.height.0 <= PAGE_HEIGHT.0);
        }
        assert_eq!(page.total, form.pages.len());
    }
}

fn cell_text(cell: &Cell) -> String {
    cell.runs.iter().map(|r| r.text.as_str()).collect()
}

fn page_has(page: &Page, text: &str) -> bool {
    page.cells.iter().any(|c| cell_text(c) == text)
}

/// The cells of a column (by left edge), top to bottom.
fn column(page: &Page, index: usize) -> Vec<&Cell> {
    let x = layout::SIDE_MARGIN.0
        + jixiao::layout::COLUMN_WIDTHS_MM
            .iter()
            .take(index)
            .sum::<f32>();
    let mut cells: Vec<&Cell> = page
        .cells
        .iter()
        .filter(|c| (c.rect.x.0 - x).abs() < 0.01)
        .collect();
    cells.sort_by(|a, b| a.rect.y.0.total_cmp(&b.rect.y.0));
    cells
}

#[test]
fn every_sample_form_prints_with_its_text_and_subset_fonts() {
    for (name, declaration) in examples() {
        let laid = layout::layout_declaration(&declaration, 0, LayoutOptions::default());
        assert_geometry(&laid);
        assert!(laid.warnings.is_empty(), "{name}");
        let printed = print_one(&declaration);
        assert_eq!(printed.page_count, laid.pages.len());
        let info = poppler("pdfinfo", &[], &printed.bytes);
        assert!(
            info.contains(&format!("Pages:           {}", printed.page_count)),
            "{info}"
        );
        let text = squeeze(&poppler("pdftotext", &["-raw"], &printed.bytes));
        let current = declaration.current().unwrap();
        let mut expected = vec![
            "财政项目支出绩效目标申报表".to_owned(),
            "(2026年度)".replace("2026", &declaration.fiscal_year.to_string()),
            declaration.project_name.clone(),
            current.project_nature.clone(),
            current.project_category.clone(),
            current.competent_department.clone(),
            current.implementing_unit.clone(),
            "项目资金（元）".to_owned(),
            declaration.overall_goal.clone(),
            declaration.annual_goal.clone(),
        ];
        expected.extend(declaration.planned_start.map(format_date));
        expected.extend(declaration.planned_end.map(format_date));
        let f = &current.funding;
        expected.extend(
            [
                f.project_total,
                f.project_fiscal,
                f.project_other,
                f.annual_total,
                f.annual_appropriation,
                f.annual_carryover,
                f.annual_other,
            ]
            .into_iter()
            .flatten()
            .map(format_yuan),
        );
        for (_, level3) in declaration.level3_indicators() {
            expected.push(level3.name.clone());
            if let Some(target) = &level3.target {
                expected.push(target.display(declaration.layout().target_notation()));
            }
        }
        for want in expected {
            assert!(
                text.contains(&squeeze(&want)),
                "{name}: pdftotext lacks 「{want}」"
            );
        }
        let fonts = poppler("pdffonts", &[], &printed.bytes);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert_eq!(rows.len(), 2, "{fonts}");
        for row in rows {
            let columns: Vec<&str> = row.split_whitespace().collect();
            let name = columns.first().unwrap();
            let (tag, _) = name.split_once('+').unwrap();
            assert!(
                tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
                "{row}"
            );
            // emb sub uni
            assert_eq!(
                columns.get(columns.len() - 5..columns.len() - 2),
                Some(&["yes", "yes", "yes"][..]),
                "{row}"
            );
        }
    }
}

#[test]
fn a_value_with_a_comparator_reads_back_exactly() {
    let (_, declaration) = examples()
        .into_iter()
        .find(|(p, _)| p.ends_with("2026-党建服务工作经费.ron"))
        .unwrap();
    let text = poppler("pdftotext", &["-raw"], &print_one(&declaration).bytes);
    assert!(text.contains("≥90.00(%)"), "{text}");
    assert!(text.contains("1,139,000.00"));
    assert!(squeeze(&text).contains("第1页共1页"));
}

#[test]
fn same_input_gives_identical_bytes_and_different_input_does_not() {
    let forms: Vec<Declaration> = examples().into_iter().map(|(_, d)| d).collect();
    let at = 1_767_225_600; // 2026-01-01 00:00:00 UTC
    let first = print_to_pdf_at(&forms, &PrintOptions::default(), at).unwrap();
    let second = print_to_pdf_at(&forms, &PrintOptions::default(), at).unwrap();
    assert_eq!(first.bytes, second.bytes);
    let mut changed = forms.clone();
    changed.first_mut().unwrap().project_name.push('改');
    let third = print_to_pdf_at(&changed, &PrintOptions::default(), at).unwrap();
    assert_ne!(first.bytes, third.bytes);
}

#[test]
fn each_form_starts_on_a_new_page() {
    let forms: Vec<Declaration> = examples().into_iter().map(|(_, d)| d).collect();
    let per_form: usize = forms
        .iter()
        .map(|d| {
            layout::layout_declaration(d, 0, LayoutOptions::default())
                .pages
                .len()
        })
        .sum();
    let printed = print_to_pdf(&forms, &PrintOptions::default()).unwrap();
    assert_eq!(printed.page_count, per_form);
    let text = squeeze(&poppler("pdftotext", &["-raw"], &printed.bytes));
    assert_eq!(text.matches("第1页共").count(), forms.len());
}

fn target(value: i64) -> Option<TargetValue> {
    Some(TargetValue::Quantitative {
        comparator: Comparator::Ge,
        number: TargetNumber(value.into()),
        unit: "%".to_owned(),
    })
}

/// 4 level-1 × 2 level-2 × 25 level-3 = 200 one-line indicators.
fn two_hundred_indicators() -> Declaration {
    let mut declaration = jixiao::storage::load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples/2026-党建服务工作经费.ron"),
    )
    .unwrap();
    declaration.indicators = ["产出指标", "效益指标", "成本指标", "满意度指标"]
        .iter()
        .enumerate()
        .map(|(i1, name)| Level1Indicator {
            name: (*name).to_owned(),
            children: (0..2)
                .map(|i2| Level2Indicator {
                    name: format!("二级{i1}{i2}"),
                    children: (0..25)
                        .map(|i3| Level3Indicator::new(format!("指标{i1}-{i2}-{i3}"), target(90)))
                        .collect(),
                })
                .collect(),
        })
        .collect();
    declaration
}

#[test]
fn two_hundred_indicators_continue_with_header_and_group_labels_repeated() {
    let declaration = two_hundred_indicators();
    let laid = layout::layout_declaration(&declaration, 0, LayoutOptions::default());
    assert_geometry(&laid);
    // Count what pagination must give: rows of equal height fill each page below the title or
    // the repeated header.
    let row_height = line_height(BODY_SIZE).0 + 2.0 * layout::CELL_PADDING_Y.0;
    let first_page = &laid.pages[0];
    let on_first = column(first_page, 3)
        .iter()
        .filter(|c| cell_text(c).starts_with("指标"))
        .count();
    let area = printable_area();
    let per_page = ((area.height.0 - row_height) / row_height + 1e-3).floor() as usize;
    let expected_pages = 1 + (200 - on_first).div_ceil(per_page);
    assert_eq!(laid.pages.len(), expected_pages);
    let mut seen = Vec::new();
    for page in &laid.pages {
        let names: Vec<String> = column(page, 3)
            .iter()
            .map(|c| cell_text(c))
            .filter(|t| t.starts_with("指标") && t != "三级指标")
            .collect();
        seen.extend(names);
        assert!(page_has(page, "三级指标"), "header on page {}", page.number);
        assert!(page_has(page, "绩效指标"), "label on page {}", page.number);
        // The first indicator row on a continuation page has its level-1 and level-2 labels.
        let level1 = column(page, 1);
        let level2 = column(page, 2);
        assert!(
            level1
                .iter()
                .any(|c| cell_text(c).ends_with("指标") && cell_text(c) != "一级指标")
        );
        assert!(level2.iter().any(|c| cell_text(c).starts_with("二级")));
    }
    let expected: Vec<String> = declaration
        .level3_indicators()
        .map(|(_, l)| l.name.clone())
        .collect();
    assert_eq!(seen, expected, "every indicator once, in order");
    let printed = print_one(&declaration);
    assert_eq!(printed.page_count, expected_pages);
    let text = poppler("pdftotext", &["-raw"], &printed.bytes);
    assert_eq!(text.matches("三级指标").count(), expected_pages);
    assert!(squeeze(&text).contains(&format!("第{expected_pages}页共{expected_pages}页")));
}

#[test]
fn a_ten_thousand_character_goal_is_split_over_pages_by_lines() {
    let mut declaration = Declaration::new_current(2026);
    let sentence = "以党群服务阵地体系功能建设为主要抓手，为基层党建工作提供服务支撑。";
    declaration.annual_goal = sentence.chars().cycle().take(10_000).collect();
    let laid = layout::layout_declaration(&declaration, 0, LayoutOptions::default());
    assert_geometry(&laid);
    assert!(laid.pages.len() >= 4, "{} pages", laid.pages.len());
    // The annual-goal column (3) holds the text, page by page, without loss or repetition.
    let mut printed = String::new();
    for page in &laid.pages {
        for cell in column(page, 3) {
            let text = cell_text(cell);
            if !text.is_empty() && text.chars().all(|c| sentence.contains(c)) {
                printed.push_str(&text);
            }
        }
        assert!(
            page_has(page, "年度总体目标"),
            "goal header on page {}",
            page.number
        );
    }
    assert_eq!(printed, declaration.annual_goal);
    let pdf = print_one(&declaration);
    assert_eq!(pdf.page_count, laid.pages.len());
}

#[test]
fn a_long_name_wraps_inside_its_cell_and_an_empty_form_prints() {
    let mut declaration = Declaration::new_current(2026);
    declaration.project_name = "党建服务阵地建设".chars().cycle().take(300).collect();
    let laid = layout::layout_declaration(&declaration, 0, LayoutOptions::default());
    assert_geometry(&laid);
    let name: String = laid.pages[0]
        .cells
        .iter()
        .filter(|c| (c.rect.x.0 - 45.0).abs() < 0.01)
        .map(cell_text)
        .next()
        .unwrap();
    assert_eq!(name, declaration.project_name);
    let text = squeeze(&poppler(
        "pdftotext",
        &["-raw"],
        &print_one(&declaration).bytes,
    ));
    assert!(text.contains(&declaration.project_name));

    let empty = Declaration::new_current(2026);
    let laid = layout::layout_declaration(&empty, 0, LayoutOptions::default());
    assert_geometry(&laid);
    assert_eq!(laid.pages.len(), 1);
    for level1 in ["成本指标", "产出指标", "效益指标", "满意度指标"] {
        assert!(page_has(&laid.pages[0], level1), "{level1}");
    }
    let printed = print_one(&empty);
    assert_eq!(printed.page_count, 1);
    assert!(printed.warnings.is_empty());
}

#[test]
fn characters_no_font_has_print_as_a_mark_with_a_warning() {
    let mut declaration = Declaration::new_current(2026);
    declaration.project_name = "党建😀服务\u{20000}中心".to_owned();
    let printed = print_one(&declaration);
    let emoji = printed
        .warnings
        .iter()
        .find(|w| w.kind == WarningKind::MissingGlyph('😀'))
        .unwrap();
    assert_eq!(emoji.field, "项目名称");
    assert_eq!(emoji.form, 0);
    assert!(emoji.message.contains('😀'));
    let text = squeeze(&poppler("pdftotext", &["-raw"], &printed.bytes));
    assert!(text.contains("党建〓服务"), "{text}");
    // U+20000 (CJK Extension B) is printed by whichever bundled face has it, or warned about.
    let warned = printed
        .warnings
        .iter()
        .any(|w| w.kind == WarningKind::MissingGlyph('\u{20000}'));
    assert_eq!(warned, !text.contains('\u{20000}'));
    assert_geometry(&layout::layout_declaration(
        &declaration,
        0,
        LayoutOptions::default(),
    ));
    // Silent on ordinary text.
    assert!(
        print_one(&Declaration::new_current(2026))
            .warnings
            .is_empty()
    );
}

#[test]
fn signature_block_is_off_by_default_and_printed_when_asked() {
    let (_, declaration) = examples().into_iter().next().unwrap();
    let without = poppler("pdftotext", &["-raw"], &print_one(&declaration).bytes);
    assert!(!without.contains("财务负责人"));
    let with = print_to_pdf(
        std::slice::from_ref(&declaration),
        &PrintOptions {
            signature_block: true,
        },
    )
    .unwrap();
    let text = squeeze(&poppler("pdftotext", &["-raw"], &with.bytes));
    for label in [
        "填报单位（盖章）",
        "单位负责人",
        "财务负责人",
        "填报人",
        "联系电话",
        "填报日期",
    ] {
        assert!(text.contains(label), "{label}");
    }
    let laid = layout::layout_declaration(
        &declaration,
        0,
        LayoutOptions {
            signature_block: true,
        },
    );
    assert_geometry(&laid);
}

#[test]
fn nothing_to_print_is_an_error() {
    assert!(print_to_pdf(&[], &PrintOptions::default()).is_err());
}

/// The 2020 and 2018 sample forms (sample forms `forms-2020`, `forms-2018`), imported, print every header value,
/// long text, amount and indicator of theirs, inside their cells.
#[test]
fn older_layouts_print_their_own_fields() {
    let mut forms = Vec::new();
    for seed in [
        include_str!("fixtures/forms/forms-2020.txt"),
        include_str!("fixtures/forms/forms-2018.txt"),
    ] {
        forms.extend(jixiao::import::import_text(seed).declarations);
    }
    assert_eq!(forms.len(), 7, "3 forms of 2020, 4 of 2018");
    for declaration in &forms {
        let laid = layout::layout_declaration(declaration, 0, LayoutOptions::default());
        assert_geometry(&laid);
        let printed = print_one(declaration);
        let text = squeeze(&poppler("pdftotext", &["-raw"], &printed.bytes));
        let layout = declaration.layout();
        let (unit, texts, budget) = match &declaration.form {
            jixiao::model::FormFields::Y2020(f) => (&f.declaring_unit, &f.texts, &f.budget),
            jixiao::model::FormFields::Y2018(f) => (&f.declaring_unit, &f.texts, &f.budget),
            jixiao::model::FormFields::Current(_) => panic!("an older layout"),
        };
        let mut expected = vec![
            layout.title().to_owned(),
            layout.year_line(declaration.fiscal_year),
            declaration.project_name.clone(),
            unit.clone(),
            texts.project_overview.clone(),
            texts.legal_basis.clone(),
            texts.necessity.clone(),
            texts.safeguards.clone(),
            texts.implementation_plan.clone(),
            declaration.overall_goal.clone(),
            declaration.annual_goal.clone(),
        ];
        expected.extend(
            [
                budget.project_budget,
                budget.annual_budget,
                budget.prior_year_budget,
                budget.prior_year_spent,
            ]
            .into_iter()
            .flatten()
            .map(format_yuan),
        );
        for (_, level3) in declaration.level3_indicators() {
            expected.push(level3.name.clone());
            if let Some(target) = &level3.target {
                expected.push(target.display(layout.target_notation()));
            }
        }
        for want in expected {
            assert!(
                text.contains(&squeeze(&want)),
                "{}: pdftotext lacks 「{want}」",
                declaration.project_name
            );
        }
    }
}

#[test]
fn cli_prints_atomically_and_refuses_bad_input_and_output_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let example =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples/2026-党建服务工作经费.ron");
    let out = dir.path().join("form.pdf");
    std::fs::write(&out, b"old").unwrap();
    let output = jixiao(&[
        "print".as_ref(),
        example.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--signature".as_ref(),
    ]);
    assert!(output.status.success(), "{output:?}");
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(squeeze(&poppler("pdftotext", &["-raw"], &bytes)).contains("财务负责人"));

    let missing = dir.path().join("missing.ron");
    let output = jixiao(&[
        "print".as_ref(),
        missing.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("missing.ron"));
    assert_eq!(std::fs::read(&out).unwrap(), bytes, "old PDF kept");

    let unwritable = dir.path().join("no-such-folder").join("form.pdf");
    let output = jixiao(&[
        "print".as_ref(),
        example.as_os_str(),
        "-o".as_ref(),
        unwritable.as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(!unwritable.exists());
}

#[test]
fn a_level3_name_longer_than_a_page_is_split_by_lines() {
    let mut declaration = two_hundred_indicators();
    let long: String = "党群服务中心阵地运行".chars().cycle().take(4_000).collect();
    declaration.indicators[1].children[0].children[3].name = long.clone();
    let laid = layout::layout_declaration(&declaration, 0, LayoutOptions::default());
    assert_geometry(&laid);
    let mut printed = String::new();
    let mut parts = 0;
    for page in &laid.pages {
        for cell in column(page, 3) {
            let text = cell_text(cell);
            if !text.is_empty() && text.chars().all(|c| long.contains(c)) {
                printed.push_str(&text);
                parts += 1;
            }
        }
    }
    assert!(parts >= 2, "split over pages");
    assert_eq!(printed, long);
    // Every other indicator is still printed once.
    let names: usize = laid
        .pages
        .iter()
        .flat_map(|p| column(p, 3))
        .filter(|c| cell_text(c).starts_with("指标"))
        .count();
    assert_eq!(names, 199);
}

mod random_forms {
    use super::*;

    use proptest::prelude::*;

    /// Text from ideographs, CJK punctuation, Latin words, digits, spaces, newlines and an emoji.
    fn text(max: usize) -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                8 => prop::sample::select(vec!['党', '建', '服', '务', '阵', '地', '体', '系']),
                2 => prop::sample::select(vec!['，', '。', '（', '）', '“', '”', '、', '：']),
                2 => prop::sample::select(vec!['a', 'Z', '1', '%', ' ', '-', '≥']),
                1 => Just('\n'),
                1 => Just('😀'),
            ],
            0..max,
        )
        .prop_map(|chars| chars.into_iter().collect())
    }

    fn declaration() -> impl Strategy<Value = Declaration> {
        (
            text(200),
            text(1500),
            text(3000),
            proptest::collection::vec(
                (
                    text(12),
                    proptest::collection::vec(
                        (text(12), proptest::collection::vec(text(60), 0..12)),
                        0..4,
                    ),
                ),
                0..5,
            ),
        )
            .prop_map(|(name, overall, annual, tree)| {
                let mut declaration = Declaration::new_current(2026);
                declaration.project_name = name;
                declaration.overall_goal = overall;
                declaration.annual_goal = annual;
                declaration.indicators = tree
                    .into_iter()
                    .map(|(l1, children)| Level1Indicator {
                        name: l1,
                        children: children
                            .into_iter()
                            .map(|(l2, names)| Level2Indicator {
                                name: l2,
                                children: names
                                    .into_iter()
                                    .map(|n| Level3Indicator::new(n, target(95)))
                                    .collect(),
                            })
                            .collect(),
                    })
                    .collect();
                declaration
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Any declaration lays out inside the page and its cells, and every level-3 name is
        /// printed in full.
        #[test]
        fn any_form_fits_its_cells(declaration in declaration()) {
            let laid = layout::layout_declaration(&declaration, 0, LayoutOptions { signature_block: true });
            assert_geometry(&laid);
            let printed: String = laid
                .pages
                .iter()
                .flat_map(|p| column(p, 3))
                .map(cell_text)
                .collect();
            for (_, level3) in declaration.level3_indicators() {
                let name: String = level3
                    .name
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .map(|c| if c == '😀' { '〓' } else { c })
                    .collect();
                prop_assert!(squeeze(&printed).contains(&name), "{name}");
            }
            // Merged level-1 and level-2 cells show their whole label on every page they reach.
            let printed_form = |text: &str| -> String {
                text.chars()
                    .filter(|c| !c.is_whitespace())
                    .map(|c| if c == '😀' { '〓' } else { c })
                    .collect()
            };
            for (index, level) in [(1, 0), (2, 1)] {
                let labels: Vec<String> = laid
                    .pages
                    .iter()
                    .flat_map(|p| column(p, index))
                    .map(|c| printed_form(&cell_text(c)))
                    .collect();
                for level1 in &declaration.indicators {
                    let names: Vec<&str> = if level == 0 {
                        vec![level1.name.as_str()]
                    } else {
                        level1.children.iter().map(|l| l.name.as_str()).collect()
                    };
                    for name in names {
                        let name = printed_form(name);
                        prop_assert!(
                            name.is_empty() || labels.contains(&name),
                            "label {name} cut: {labels:?}"
                        );
                    }
                }
            }
        }
    }
}

/// Wherever the page break falls, a merged level-1/level-2 cell keeps its whole label: the
/// goal above grows line by line so that the break sweeps over every indicator row, including
/// a group at the top of a page followed by a row longer than what is left.
#[test]
fn merged_labels_survive_every_page_break_position() {
    let long_name: String = "阵地服务运行".chars().cycle().take(900).collect();
    for goal_lines in 0..70 {
        let mut declaration = Declaration::new_current(2026);
        declaration.annual_goal = vec!["年度目标"; goal_lines].join("\n");
        declaration.indicators = vec![Level1Indicator {
            name: "产出指标".to_owned(),
            children: vec![
                Level2Indicator {
                    name: "服务对象满意度指标与质量指标".to_owned(),
                    children: vec![
                        Level3Indicator::new("完成率", target(100)),
                        Level3Indicator::new(long_name.clone(), target(95)),
                        Level3Indicator::new("合格率", target(90)),
                    ],
                },
                Level2Indicator {
                    name: "时效指标与可持续影响指标".to_owned(),
                    children: vec![Level3Indicator::new("及时率", target(100))],
                },
            ],
        }];
        let laid = layout::layout_declaration(&declaration, 0, LayoutOptions::default());
        assert_geometry(&laid);
        for (index, label) in [
            (1, "产出指标"),
            (2, "服务对象满意度指标与质量指标"),
            (2, "时效指标与可持续影响指标"),
        ] {
            for page in &laid.pages {
                for cell in column(page, index) {
                    let text = cell_text(cell);
                    assert!(
                        text.is_empty() || !label.starts_with(&text) || text == label,
                        "{goal_lines} goal lines: 「{label}」 cut to 「{text}」 on page {}",
                        page.number
                    );
                }
            }
            assert!(laid.pages.iter().any(|p| page_has(p, label)));
        }
        // A header row never ends a page without a row of its table under it.
        for page in &laid.pages {
            let last = column(page, 3)
                .last()
                .map(|c| cell_text(c))
                .unwrap_or_default();
            assert!(
                last != "三级指标" && last != "年度总体目标",
                "{goal_lines} goal lines: header 「{last}」 alone at the bottom of page {}: {:?}",
                page.number,
                column(page, 3)
                    .iter()
                    .map(|c| (
                        c.rect.y.0,
                        c.rect.height.0,
                        cell_text(c).chars().take(8).collect::<String>()
                    ))
                    .collect::<Vec<_>>()
            );
        }
    }
}

#[test]
fn the_document_says_it_is_chinese_and_names_the_project() {
    let (_, declaration) = examples().into_iter().next().unwrap();
    let bytes = print_one(&declaration).bytes;
    // The catalog sits in a compressed object stream: read it back with lopdf.
    let document = lopdf::Document::load_mem(&bytes).unwrap();
    let lang = document.catalog().unwrap().get(b"Lang").unwrap();
    assert_eq!(lang.as_str().unwrap(), b"zh-CN", "catalog /Lang");
    let info = poppler("pdfinfo", &[], &bytes);
    assert!(info.contains(&declaration.project_name), "{info}");
}
