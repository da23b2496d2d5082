//! Import places cells by column (issue 9 point 2): for each money label, its value is the cell
//! to its right in the same block, whichever labels a row leaves out. Every money label of all
//! three layouts is tried on its own side of a real sample form's row, with the other side's
//! label and cell left out; import warnings give the line that holds the problem.
//!
//! The forms are the real ones in `tests/fixtures/forms/` with one row rewritten; the expected
//! values are the ones written into that row and, for the rest, the values printed on the form.

use jixiao::import::{ImportReport, import_text};
use jixiao::model::{Declaration, Field, FormLayout, Yuan, parse_yuan};

const SEED_2026: &str = include_str!("fixtures/forms/forms-2026.txt");
const SEED_2020: &str = include_str!("fixtures/forms/forms-2020.txt");
const SEED_2018: &str = include_str!("fixtures/forms/forms-2018.txt");

/// The first form of a seed file: its lines up to (not including) the next title.
fn first_form(seed: &str, title: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for line in seed.lines() {
        if line.trim() == title && lines.iter().any(|seen| seen.trim() == title) {
            break;
        }
        lines.push(line.to_owned());
    }
    lines
}

/// The form with its 1-based line `number` replaced by `row`.
fn with_row(lines: &[String], number: usize, row: &str) -> String {
    let mut lines = lines.to_vec();
    lines[number - 1] = row.to_owned();
    lines.join("\n")
}

fn yuan(text: &str) -> Option<Yuan> {
    parse_yuan(text).ok()
}

fn only_form(report: &ImportReport) -> &Declaration {
    assert_eq!(report.declarations.len(), 1, "{:?}", report.warnings);
    &report.declarations[0]
}

/// `(line, message)` of every warning.
fn warnings(report: &ImportReport) -> Vec<(usize, &str)> {
    report
        .warnings
        .iter()
        .map(|warning| (warning.line, warning.message.as_str()))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Current layout: forms-2026.txt, 党建服务工作经费 (lines 1–24). Its money rows, as printed:
//   10 `项目资金 (元)	项目资金总额		年度资金申请总额	1,139,000.00	`
//   11 `	其中：财政资金		其中：当年财政拨款	1,139,000.00	`
//   12 `			上年结转资金	0.00	`
//   13 `	其他资金		其他资金	0.00	`

/// The seven amounts of the 2026 党建服务工作经费 form as printed: the project side blank.
fn printed_2026(field: Field) -> Option<Yuan> {
    match field {
        Field::AnnualTotal | Field::AnnualAppropriation => yuan("1139000"),
        Field::AnnualCarryover | Field::AnnualOther => yuan("0"),
        _ => None,
    }
}

const MONEY_CURRENT: [Field; 7] = [
    Field::ProjectTotal,
    Field::ProjectFiscal,
    Field::ProjectOther,
    Field::AnnualTotal,
    Field::AnnualAppropriation,
    Field::AnnualCarryover,
    Field::AnnualOther,
];

/// One side of a money row: `(line, row text, the field it fills, the field the row leaves out)`.
fn one_side_rows_2026() -> Vec<(usize, &'static str, Field, Option<Field>)> {
    vec![
        (
            10,
            "项目资金 (元)\t项目资金总额\t123.45\t\t\t",
            Field::ProjectTotal,
            Some(Field::AnnualTotal),
        ),
        (
            10,
            "项目资金 (元)\t\t\t年度资金申请总额\t123.45\t",
            Field::AnnualTotal,
            Some(Field::ProjectTotal),
        ),
        (
            11,
            "\t其中：财政资金\t123.45\t\t\t",
            Field::ProjectFiscal,
            Some(Field::AnnualAppropriation),
        ),
        (
            11,
            "\t\t\t其中：当年财政拨款\t123.45\t",
            Field::AnnualAppropriation,
            Some(Field::ProjectFiscal),
        ),
        (
            12,
            "\t\t\t上年结转资金\t123.45\t",
            Field::AnnualCarryover,
            None,
        ),
        (
            13,
            "\t其他资金\t123.45\t\t\t",
            Field::ProjectOther,
            Some(Field::AnnualOther),
        ),
        // The row of issue 9: the annual side only, no project-side 其他资金 cell at all.
        (
            13,
            "\t\t\t其他资金\t123.45",
            Field::AnnualOther,
            Some(Field::ProjectOther),
        ),
    ]
}

#[test]
fn current_layout_every_money_label_on_its_own_side() {
    let form = first_form(SEED_2026, "财政项目支出绩效目标申报表");
    // The form as printed imports silently.
    let report = import_text(&form.join("\n"));
    assert_eq!(warnings(&report), []);
    let rows = one_side_rows_2026();
    // Every money label of the layout is tried.
    let tried: Vec<Field> = rows.iter().map(|(_, _, field, _)| *field).collect();
    assert!(MONEY_CURRENT.iter().all(|field| tried.contains(field)));
    for (line, row, field, left_out) in rows {
        let report = import_text(&with_row(&form, line, row));
        let declaration = only_form(&report);
        for other in MONEY_CURRENT {
            let expected = if other == field {
                yuan("123.45")
            } else if Some(other) == left_out {
                None
            } else {
                printed_2026(other)
            };
            assert_eq!(declaration.amount(other), expected, "{row:?}: {other:?}");
        }
        // The field the row leaves out is reported on that row's line, and nothing else is.
        let expected: Vec<(usize, String)> = left_out
            .iter()
            .map(|missing| {
                let name = FormLayout::Current.field_name(*missing);
                (line, format!("未找到「{name}」，该项留空"))
            })
            .collect();
        let found: Vec<(usize, String)> = warnings(&report)
            .into_iter()
            .map(|(line, message)| (line, message.to_owned()))
            .collect();
        assert_eq!(found, expected, "{row:?}");
    }
}

#[test]
fn current_layout_both_sides_of_a_row_take_their_blocks_in_order() {
    let form = first_form(SEED_2026, "财政项目支出绩效目标申报表");
    let report = import_text(&with_row(&form, 13, "\t其他资金\t1.00\t其他资金\t2.00\t"));
    let declaration = only_form(&report);
    assert_eq!(declaration.amount(Field::ProjectOther), yuan("1"));
    assert_eq!(declaration.amount(Field::AnnualOther), yuan("2"));
    assert_eq!(warnings(&report), []);
}

#[test]
fn current_layout_one_side_rows_follow_a_table_moved_right() {
    // A spare empty column before the table (a pasted range that starts one column early):
    // every label sits one column right; a lone 其他资金 still finds its block.
    let form = first_form(SEED_2026, "财政项目支出绩效目标申报表");
    let moved: Vec<String> = form
        .iter()
        .enumerate()
        .map(|(index, line)| {
            if (6..=12).contains(&index) {
                format!("\t{line}")
            } else {
                line.clone()
            }
        })
        .collect();
    for (row, field, left_out) in [
        (
            "\t\t\t\t其他资金\t5",
            Field::AnnualOther,
            Field::ProjectOther,
        ),
        (
            "\t\t其他资金\t5\t\t",
            Field::ProjectOther,
            Field::AnnualOther,
        ),
    ] {
        let report = import_text(&with_row(&moved, 13, row));
        let declaration = only_form(&report);
        assert_eq!(declaration.amount(field), yuan("5"), "{row:?}");
        assert_eq!(declaration.amount(left_out), None, "{row:?}");
        assert_eq!(declaration.amount(Field::AnnualTotal), yuan("1139000"));
        let name = FormLayout::Current.field_name(left_out);
        assert_eq!(
            warnings(&report),
            [(13, format!("未找到「{name}」，该项留空").as_str())]
        );
    }
}

#[test]
fn current_layout_an_unreadable_amount_is_reported_on_its_line() {
    let form = first_form(SEED_2026, "财政项目支出绩效目标申报表");
    let report = import_text(&with_row(&form, 13, "\t\t\t其他资金\t三百元整"));
    let declaration = only_form(&report);
    assert_eq!(declaration.amount(Field::AnnualOther), None);
    assert_eq!(
        warnings(&report),
        [
            (
                13,
                "「其他资金（年度资金）」不是有效的金额：「三百元整」，已留空"
            ),
            (13, "未找到「其他资金（项目资金）」，该项留空"),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// 2018 layout: forms-2018.txt, 上海市党员干部现代远程网络体系运维费 (lines 1–40). Its money rows:
//   17 `项目总预算（元）	2880000	项目当年预算（元）	2880000`
//   18 `同名项目上年预算额（元）	2879120	同名项目上年预算执行数（元）	2879120`

const MONEY_LEGACY: [Field; 4] = [
    Field::ProjectBudget,
    Field::AnnualBudget,
    Field::PriorYearBudget,
    Field::PriorYearSpent,
];

#[test]
fn layout_2018_every_money_label_on_its_own_side() {
    let form = first_form(SEED_2018, "上海市财政支出项目绩效目标申报表");
    let printed = |field: Field| match field {
        Field::ProjectBudget | Field::AnnualBudget => yuan("2880000"),
        _ => yuan("2879120"),
    };
    let rows = [
        (
            17,
            "项目总预算（元）\t123.45\t\t",
            Field::ProjectBudget,
            Some(Field::AnnualBudget),
        ),
        (
            17,
            "\t\t项目当年预算（元）\t123.45",
            Field::AnnualBudget,
            Some(Field::ProjectBudget),
        ),
        (
            18,
            "同名项目上年预算额（元）\t123.45\t\t",
            Field::PriorYearBudget,
            Some(Field::PriorYearSpent),
        ),
        (
            18,
            "\t\t同名项目上年预算执行数（元）\t123.45",
            Field::PriorYearSpent,
            Some(Field::PriorYearBudget),
        ),
        // Both labels, the left cell blank (as 干部考评和人才发展工作经费 prints it).
        (
            18,
            "同名项目上年预算额（元）\t\t同名项目上年预算执行数（元）\t123.45",
            Field::PriorYearSpent,
            Some(Field::PriorYearBudget),
        ),
    ];
    let baseline = import_text(&form.join("\n"));
    let baseline_warnings = warnings(&baseline);
    for (line, row, field, left_out) in rows {
        let report = import_text(&with_row(&form, line, row));
        let declaration = only_form(&report);
        for other in MONEY_LEGACY {
            let expected = if other == field {
                yuan("123.45")
            } else if Some(other) == left_out {
                None
            } else {
                printed(other)
            };
            assert_eq!(declaration.amount(other), expected, "{row:?}: {other:?}");
        }
        // A row that leaves a side out is not an error on this layout: no new warning.
        assert_eq!(warnings(&report), baseline_warnings, "{row:?}");
    }
    // An unreadable amount on a one-side row is reported on its line.
    let report = import_text(&with_row(&form, 17, "\t\t项目当年预算（元）\t二百八十八万"));
    assert_eq!(only_form(&report).amount(Field::AnnualBudget), None);
    let new: Vec<(usize, &str)> = warnings(&report)
        .into_iter()
        .filter(|warning| !baseline_warnings.contains(warning))
        .collect();
    assert_eq!(
        new,
        [(
            17,
            "「项目当年预算」不是有效的金额：「二百八十八万」，已留空"
        )]
    );
}

// ---------------------------------------------------------------------------------------------
// 2020 layout: forms-2020.txt, 电教远教工作经费 (lines 1–117), PDF text. Its money lines:
//   53 `项目总预算（元）： 3,845,000 项目当年预算（元）： 3,845,000`
//   55 `同名项目上年预算额（元）： 同名项目上年预算执行数（元）：`

#[test]
fn layout_2020_every_money_label_on_its_own_side() {
    let form = first_form(SEED_2020, "财政项目支出绩效目标表");
    let printed = |field: Field| match field {
        Field::ProjectBudget | Field::AnnualBudget => yuan("3845000"),
        _ => None,
    };
    let rows = [
        (
            53,
            "项目总预算（元）： 123.45",
            Field::ProjectBudget,
            Some(Field::AnnualBudget),
        ),
        (
            53,
            "项目当年预算（元）： 123.45",
            Field::AnnualBudget,
            Some(Field::ProjectBudget),
        ),
        (
            55,
            "同名项目上年预算额（元）： 123.45",
            Field::PriorYearBudget,
            None,
        ),
        (
            55,
            "同名项目上年预算执行数（元）： 123.45",
            Field::PriorYearSpent,
            None,
        ),
        // Both labels, the left value blank: the value is the right one's.
        (
            55,
            "同名项目上年预算额（元）： 同名项目上年预算执行数（元）： 123.45",
            Field::PriorYearSpent,
            None,
        ),
        (
            55,
            "同名项目上年预算额（元）： 123.45 同名项目上年预算执行数（元）：",
            Field::PriorYearBudget,
            None,
        ),
    ];
    let baseline = import_text(&form.join("\n"));
    let baseline_warnings = warnings(&baseline);
    for (line, row, field, left_out) in rows {
        let report = import_text(&with_row(&form, line, row));
        let declaration = only_form(&report);
        for other in MONEY_LEGACY {
            let expected = if other == field {
                yuan("123.45")
            } else if Some(other) == left_out {
                None
            } else {
                printed(other)
            };
            assert_eq!(declaration.amount(other), expected, "{row:?}: {other:?}");
        }
        assert_eq!(warnings(&report), baseline_warnings, "{row:?}");
    }
    let report = import_text(&with_row(
        &form,
        55,
        "同名项目上年预算额（元）： 同名项目上年预算执行数（元）： 约三百万",
    ));
    let new: Vec<(usize, &str)> = warnings(&report)
        .into_iter()
        .filter(|warning| !baseline_warnings.contains(warning))
        .collect();
    assert_eq!(
        new,
        [(
            55,
            "「同名项目上年预算执行数」不是有效的金额：「约三百万」，已留空"
        )]
    );
}
