//! Export → import of the TSV is exact (issue 9 point 3): for every bundled example and every
//! form of the 2020 and 2018 sample files, each with a second paragraph, a quote and a tab put
//! into every text field, `jixiao dump --json` of the original and of `import(export(…))` is
//! byte-identical; and a property test over arbitrary declarations of every layout shows that
//! export → import is the identity.

#![expect(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

use std::path::Path;

use jixiao::export::{to_tsv, to_xlsx};
use jixiao::import::{import_text, import_workbook};
use jixiao::model::{
    Comparator, Declaration, FieldKind, FormLayout, Level1Indicator, Level2Indicator,
    Level3Indicator, SubBudget, TargetNumber, TargetValue, Yuan,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

const SEED_2020: &str = include_str!("fixtures/forms/forms-2020.txt");
const SEED_2018: &str = include_str!("fixtures/forms/forms-2018.txt");

/// What is put into every text: a second paragraph with a quote and a tab, as a user pastes it.
const ADDED: &str = "\n第二段：含\"引号\"与\t制表符";

/// The bundled examples (current layout) and the 2020 and 2018 sample forms.
fn every_form() -> Vec<(String, Declaration)> {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples");
    let mut paths: Vec<_> = std::fs::read_dir(&examples)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "ron"))
        .collect();
    paths.sort();
    let mut forms: Vec<(String, Declaration)> = paths
        .iter()
        .map(|path| {
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                jixiao::storage::load(path).unwrap(),
            )
        })
        .collect();
    for (seed, name) in [(SEED_2020, "forms-2020"), (SEED_2018, "forms-2018")] {
        let report = import_text(seed);
        for (index, declaration) in report.declarations.into_iter().enumerate() {
            forms.push((format!("{name} #{}", index + 1), declaration));
        }
    }
    forms
}

/// Puts [`ADDED`] into every text of `declaration`: the text fields of its layout's field table
/// (goals included), every indicator name (the 2018 layout has no level-2 name), every
/// qualitative target value and every sub-budget name.
fn with_added_paragraphs(mut declaration: Declaration) -> Declaration {
    let layout = declaration.layout();
    for spec in layout.fields() {
        if spec.kind.is_text()
            && let Some(text) = declaration.text_mut(spec.field)
        {
            text.push_str(ADDED);
        }
    }
    for level1 in &mut declaration.indicators {
        level1.name.push_str(ADDED);
        for level2 in &mut level1.children {
            if layout.has_level2() {
                level2.name.push_str(ADDED);
            }
            for level3 in &mut level2.children {
                level3.name.push_str(ADDED);
                if let Some(TargetValue::Qualitative(text)) = &mut level3.target {
                    text.push_str(ADDED);
                }
            }
        }
    }
    if let Some(lines) = declaration.sub_budgets_mut() {
        for line in lines {
            line.name.push_str(ADDED);
        }
    }
    declaration
}

/// `jixiao dump --json`'s text of a declaration.
fn dump(declaration: &Declaration) -> String {
    serde_json::to_string_pretty(declaration).unwrap()
}

/// Export, then import the text; the import must find one form and say nothing.
fn round_trip(declaration: &Declaration) -> Result<Declaration, String> {
    let text = to_tsv(declaration);
    let report = import_text(&text);
    if !report.warnings.is_empty() {
        return Err(format!("warnings {:?} on\n{text}", report.warnings));
    }
    match <[Declaration; 1]>::try_from(report.declarations) {
        Ok([back]) => Ok(back),
        Err(found) => Err(format!("{} forms from\n{text}", found.len())),
    }
}

#[test]
fn every_form_with_paragraphs_quotes_and_tabs_comes_back_byte_identical() {
    let forms = every_form();
    // 11 examples, 3 forms of 2020, 4 of 2018.
    assert_eq!(forms.len(), 18);
    for (name, declaration) in forms {
        let declaration = with_added_paragraphs(declaration);
        // The added text really is in the fields (a quote, a tab, a line break).
        let original = dump(&declaration);
        assert!(original.contains("\\t制表符") && original.contains("\\\"引号\\\""));
        let back = round_trip(&declaration).unwrap_or_else(|error| panic!("{name}: {error}"));
        assert_eq!(dump(&back), original, "{name}");
    }
}

/// Export as a workbook, then import it; the import must find one form and say nothing.
fn xlsx_round_trip(declaration: &Declaration) -> Result<Declaration, String> {
    let bytes = to_xlsx(std::slice::from_ref(declaration)).map_err(|error| error.to_string())?;
    let report = import_workbook(&bytes).map_err(|error| error.to_string())?;
    if !report.warnings.is_empty() {
        return Err(format!("warnings {:?}", report.warnings));
    }
    match <[Declaration; 1]>::try_from(report.declarations) {
        Ok([back]) => Ok(back),
        Err(found) => Err(format!("{} forms", found.len())),
    }
}

#[test]
fn every_form_comes_back_byte_identical_from_a_workbook() {
    let forms = every_form();
    assert_eq!(forms.len(), 18);
    let mut failures = Vec::new();
    for (name, declaration) in forms {
        let declaration = with_added_paragraphs(declaration);
        let original = dump(&declaration);
        match xlsx_round_trip(&declaration) {
            Ok(back) if dump(&back) == original => {}
            Ok(back) => failures.push(format!(
                "{name}: differs\n{}",
                first_difference(&original, &dump(&back))
            )),
            Err(error) => failures.push(format!("{name}: {error}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The first line where two dumps differ, for a readable failure.
fn first_difference(left: &str, right: &str) -> String {
    left.lines()
        .zip(right.lines())
        .enumerate()
        .find(|(_, (a, b))| a != b)
        .map(|(index, (a, b))| format!("line {}: {a}\n   vs: {b}", index + 1))
        .unwrap_or_else(|| "lengths differ".to_owned())
}

#[test]
fn the_first_line_names_the_layout_and_the_texts_stay_one_cell() {
    for (name, declaration) in every_form() {
        let layout = declaration.layout();
        let text = to_tsv(&with_added_paragraphs(declaration));
        assert_eq!(text.lines().next(), Some(layout.title()), "{name}");
        // The name cell: quoted, its quote doubled, its paragraph break inside the quotes.
        let name_row = text
            .lines()
            .find(|line| line.starts_with("项目名称\t"))
            .unwrap();
        assert!(name_row.starts_with("项目名称\t\""), "{name}: {name_row}");
        assert!(
            text.contains("第二段：含\"\"引号\"\"与\t制表符\""),
            "{name}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Arbitrary declarations

/// Any text the model holds: any characters but `\r` (texts keep `\n` between paragraphs,
/// docs/form.md; an import reads `\r\n` as a line break), with the characters and words the TSV
/// shape cares about mixed in: tabs, quotes, line breaks, labels, marks, titles.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => any::<char>()
            .prop_filter("no carriage return", |c| *c != '\r')
            .prop_map(String::from),
        2 => "[一-龥]{1,4}",
        2 => prop::sample::select(vec![
            "\"", "\"\"", "\t", "\n", " ", "\u{3000}", "年度", "其他资金", "项目名称",
            "一级指标", "无二级指标", "另起一级指标", "定性", "定量", "、", "=5", "≥90(%)",
            "财政项目支出绩效目标申报表", "<p>", "</p>", "\u{feff}", "1,139,000.00",
        ])
        .prop_map(str::to_owned),
    ];
    prop::collection::vec(piece, 0..8).prop_map(|pieces| pieces.concat())
}

/// An exact amount in 元, sign and up to six decimals (the import keeps more than two).
fn amount() -> impl Strategy<Value = Option<Yuan>> {
    prop::option::of(
        (any::<i64>(), 0u32..=6).prop_map(|(mantissa, scale)| Decimal::new(mantissa, scale)),
    )
}

fn date() -> impl Strategy<Value = Option<chrono::NaiveDate>> {
    prop::option::of(
        (1900i32..2200, 1u32..=366).prop_filter_map("a real day", |(year, day)| {
            chrono::NaiveDate::from_yo_opt(year, day)
        }),
    )
}

fn target() -> impl Strategy<Value = Option<TargetValue>> {
    let quantitative = (
        prop::sample::select(Comparator::ALL.to_vec()),
        (any::<i64>(), 0u32..=6).prop_map(|(mantissa, scale)| Decimal::new(mantissa, scale)),
        prop_oneof![
            prop::sample::select(vec!["%", "元", "天", "元/人/天", ""]).prop_map(str::to_owned),
            text(),
        ],
    )
        .prop_map(|(comparator, number, unit)| TargetValue::Quantitative {
            comparator,
            number: TargetNumber(number),
            unit,
        });
    prop::option::of(prop_oneof![
        quantitative,
        text().prop_map(TargetValue::Qualitative)
    ])
}

fn level3s() -> impl Strategy<Value = Vec<Level3Indicator>> {
    prop::collection::vec(
        (text(), target()).prop_map(|(name, target)| Level3Indicator { name, target }),
        0..3,
    )
}

/// A tree of `layout`: any shape (empty groups, repeated names) with three levels, or on 2018
/// the layout's two levels (each level-1 holds one level-2 group with an empty name).
fn indicators(layout: FormLayout) -> BoxedStrategy<Vec<Level1Indicator>> {
    let name = prop_oneof![
        prop::sample::select(vec!["产出指标", "数量指标", "", "年度"]).prop_map(str::to_owned),
        text(),
    ];
    if layout.has_level2() {
        let level2 = (name.clone(), level3s())
            .prop_map(|(name, children)| Level2Indicator { name, children });
        let level1 = (name, prop::collection::vec(level2, 0..3))
            .prop_map(|(name, children)| Level1Indicator { name, children });
        prop::collection::vec(level1, 0..4).boxed()
    } else {
        let level1 = (name, level3s()).prop_map(|(name, children)| Level1Indicator {
            name,
            children: vec![Level2Indicator {
                name: String::new(),
                children,
            }],
        });
        prop::collection::vec(level1, 0..4).boxed()
    }
}

/// An arbitrary declaration of `layout`: every field of its field table set at random, the
/// fields other layouts have left as an empty declaration of the layout has them.
fn declaration(layout: FormLayout) -> impl Strategy<Value = Declaration> {
    let fields = layout.fields();
    let texts = prop::collection::vec(text(), fields.len());
    let amounts = prop::collection::vec(amount(), fields.len());
    let sub_budgets = prop::collection::vec(
        (text(), amount()).prop_map(|(name, amount)| SubBudget { name, amount }),
        0..3,
    );
    (
        any::<i32>(),
        texts,
        amounts,
        date(),
        date(),
        prop::option::of(any::<bool>()),
        sub_budgets,
        indicators(layout),
    )
        .prop_map(
            move |(year, texts, amounts, start, end, yes_no, sub_budgets, indicators)| {
                let mut declaration = Declaration::empty(layout, year);
                for ((spec, text), amount) in fields.iter().zip(texts).zip(amounts) {
                    match spec.kind {
                        kind if kind.is_text() => {
                            declaration.set_text(spec.field, &text);
                        }
                        FieldKind::Money => {
                            declaration.set_amount(spec.field, amount);
                        }
                        FieldKind::YesNo => {
                            if let Some(slot) = declaration.yes_no_mut(spec.field) {
                                *slot = yes_no;
                            }
                        }
                        _ => {}
                    }
                }
                declaration.planned_start = start;
                declaration.planned_end = end;
                if let Some(lines) = declaration.sub_budgets_mut() {
                    *lines = sub_budgets;
                }
                declaration.indicators = indicators;
                declaration
            },
        )
}

fn any_layout_declaration() -> impl Strategy<Value = Declaration> {
    prop_oneof![
        declaration(FormLayout::Current),
        declaration(FormLayout::Y2020),
        declaration(FormLayout::Y2018),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn export_then_import_is_the_identity(declaration in any_layout_declaration()) {
        let back = round_trip(&declaration);
        prop_assert_eq!(back.as_ref(), Ok(&declaration));
    }
}
