//! Property tests: arbitrary declarations of all three layouts survive the file format
//! unchanged and never make `validate` panic, and the parsers of user text (target values,
//! money, dates, whole imported forms) never panic. 256 cases each, so the suite stays quick on two cores.

use chrono::NaiveDate;
use jixiao::model::{
    Comparator, CurrentFields, Declaration, Fields2018, Fields2020, FormFields, Funding,
    LegacyBudget, Level1Indicator, Level2Indicator, Level3Indicator, ProjectTexts, SubBudget,
    TargetNumber, TargetValue, Yuan, parse_date, parse_yuan,
};
use jixiao::storage::{from_ron_str, to_ron_string};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Strategies

/// Text that stresses RON: any Unicode, plus the characters and words its grammar cares about.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => any::<char>().prop_map(String::from),
        2 => "[一-龥]{1,4}",
        1 => prop::sample::select(vec![
            "\"", "\\", "\n", "\r\n", "\t", ")", "(", "]", "[", ",", ":", "None", "Some(",
            "true", "false", "r#\"", "\"#", "/*", "*/", "//", "#![enable(implicit_some)]",
            "Quantitative", "\\u{0}", "\u{0}", "\u{feff}", "“", "”", "（", "）", "≥", "%",
        ])
        .prop_map(str::to_owned),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

/// Text shaped like a target value, sloppy spellings included: `≥ 90 （％）`, `=1,000.5天以上`.
fn target_like() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec![
            "=", ">=", "<=", "=>", "=<", "≥", "≤", ">", "<", "＝", "≧", "⩽", "",
        ]),
        prop::sample::select(vec!["", " ", "\u{3000}"]),
        "[0-9０-９,.．]{0,9}",
        prop::sample::select(vec!["", " ", "(", "（"]),
        "[%％天次元/人分钟a-z]{0,5}",
        prop::sample::select(vec!["", ")", "）", "以上", ")以上", " "]),
    )
        .prop_map(|(comparator, space, number, open, unit, close)| {
            format!("{comparator}{space}{number}{open}{unit}{close}")
        })
}

/// An exact decimal, sign included: mostly 0 to 6 decimal places, sometimes anywhere in
/// `Decimal`'s whole range (up to 28 places, 96-bit mantissa) so that sums can overflow.
fn decimal() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        4 => (any::<i64>(), 0u32..=6)
            .prop_map(|(mantissa, scale)| Decimal::new(mantissa, scale)),
        1 => (any::<i128>(), 0u32..=28).prop_filter_map("fits in 96 bits", |(mantissa, scale)| {
            Decimal::try_from_i128_with_scale(mantissa >> 32, scale).ok()
        }),
    ]
}

fn amount() -> impl Strategy<Value = Option<Yuan>> {
    prop::option::of(decimal())
}

fn date() -> impl Strategy<Value = Option<NaiveDate>> {
    prop::option::of(
        (1900i32..2200, 1u32..=366).prop_filter_map("a real day", |(year, day)| {
            NaiveDate::from_yo_opt(year, day)
        }),
    )
}

fn target() -> impl Strategy<Value = Option<TargetValue>> {
    let unit = prop_oneof![
        prop::sample::select(vec!["%", "元", "万元", "元/人/天", ""]).prop_map(str::to_owned),
        text(),
    ];
    let quantitative = (
        prop::sample::select(Comparator::ALL.to_vec()),
        decimal(),
        unit,
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

fn indicators() -> impl Strategy<Value = Vec<Level1Indicator>> {
    let level3 = (text(), target()).prop_map(|(name, target)| Level3Indicator { name, target });
    // Standard names half the time, so the rules behind them run on arbitrary content.
    let level2_name = prop_oneof![
        prop::sample::select(vec![
            "数量指标",
            "经济成本指标",
            "成本指标",
            "服务对象满意度指标",
            "社会效益指标",
            "",
        ])
        .prop_map(str::to_owned),
        text(),
    ];
    let level1_name = prop_oneof![
        prop::sample::select(vec!["成本指标", "产出指标", "效益指标", "满意度指标"])
            .prop_map(str::to_owned),
        text(),
    ];
    let level2 = (level2_name, prop::collection::vec(level3, 0..4))
        .prop_map(|(name, children)| Level2Indicator { name, children });
    let level1 = (level1_name, prop::collection::vec(level2, 0..4))
        .prop_map(|(name, children)| Level1Indicator { name, children });
    prop::collection::vec(level1, 0..5)
}

fn texts() -> impl Strategy<Value = ProjectTexts> {
    (text(), text(), text(), text(), text()).prop_map(
        |(project_overview, legal_basis, necessity, safeguards, implementation_plan)| {
            ProjectTexts {
                project_overview,
                legal_basis,
                necessity,
                safeguards,
                implementation_plan,
            }
        },
    )
}

fn budget() -> impl Strategy<Value = LegacyBudget> {
    (amount(), amount(), amount(), amount()).prop_map(
        |(project_budget, annual_budget, prior_year_budget, prior_year_spent)| LegacyBudget {
            project_budget,
            annual_budget,
            prior_year_budget,
            prior_year_spent,
        },
    )
}

fn form() -> impl Strategy<Value = FormFields> {
    let funding = (
        amount(),
        amount(),
        amount(),
        amount(),
        amount(),
        amount(),
        amount(),
    )
        .prop_map(
            |(
                project_total,
                project_fiscal,
                project_other,
                annual_total,
                annual_appropriation,
                annual_carryover,
                annual_other,
            )| Funding {
                project_total,
                project_fiscal,
                project_other,
                annual_total,
                annual_appropriation,
                annual_carryover,
                annual_other,
            },
        );
    let current = (text(), text(), text(), text(), funding).prop_map(
        |(project_nature, project_category, competent_department, implementing_unit, funding)| {
            FormFields::Current(CurrentFields {
                project_nature,
                project_category,
                competent_department,
                implementing_unit,
                funding,
            })
        },
    );
    let y2020 = (
        text(),
        text(),
        prop::option::of(any::<bool>()),
        text(),
        texts(),
        budget(),
    )
        .prop_map(
            |(
                declaring_unit,
                project_category,
                includes_government_procurement,
                performance_type,
                texts,
                budget,
            )| {
                FormFields::Y2020(Fields2020 {
                    declaring_unit,
                    project_category,
                    includes_government_procurement,
                    performance_type,
                    texts,
                    budget,
                })
            },
        );
    let sub_budget = (text(), amount()).prop_map(|(name, amount)| SubBudget { name, amount });
    let y2018 = (
        text(),
        text(),
        text(),
        texts(),
        budget(),
        prop::collection::vec(sub_budget, 0..4),
        text(),
    )
        .prop_map(
            |(declaring_unit, project_type, fund_use, texts, budget, sub_budgets, remarks)| {
                FormFields::Y2018(Fields2018 {
                    declaring_unit,
                    project_type,
                    fund_use,
                    texts,
                    budget,
                    sub_budgets,
                    remarks,
                })
            },
        );
    prop_oneof![current, y2020, y2018]
}

fn declaration() -> impl Strategy<Value = Declaration> {
    (
        any::<i32>(),
        text(),
        form(),
        date(),
        date(),
        text(),
        text(),
        indicators(),
    )
        .prop_map(
            |(
                fiscal_year,
                project_name,
                form,
                planned_start,
                planned_end,
                overall_goal,
                annual_goal,
                indicators,
            )| Declaration {
                fiscal_year,
                project_name,
                form,
                planned_start,
                planned_end,
                overall_goal,
                annual_goal,
                indicators,
            },
        )
}

/// Cells an extraction of a real form contains: labels of all three layouts, amounts, dates,
/// target values, check boxes and HTML.
fn form_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "财政项目支出绩效目标申报表", "(2026年度)", "财政项目支出绩效目标表", "（2020年度）",
            "上海市财政支出项目绩效目标申报表", "(2018年)", "项目名称", "项目性质", "项目类别",
            "主管部门", "实施单位", "计划开始日期", "计划完成日期", "项目资金 (元)", "项目资金总额",
            "年度资金申请总额", "其中：财政资金", "其中：当年财政拨款", "上年结转资金", "其他资金",
            "项目 绩效 目标", "项目总目标", "年度总体目标", "绩效 指标", "一级指标", "二级指标",
            "三级指标", "年度(/项目)指标值", "产出指标", "数量指标", "成本指标", "满意度指标",
            "申报单位名称：", "一级目标", "指标目标值", "项目当年投入资金构成", "子项目名称",
            "预算金额（元）", "分解目标内容", "备注", "开始时间", "结束时间", "项目类型",
            "资金用途", "<input checked=\"\" type=\"checkbox\"/>", "<input type=\"checkbox\"/>",
            "<p>", "</p>", "1,139,000.00", "2880000", "2018/1/1", "2018. 12. 31", "202",
            "0-01-31", "=100.00(%)", ">=90%", "≥", "", " ", "\u{3000}",
        ])
        .prop_map(str::to_owned),
        1 => text(),
    ]
}

// ---------------------------------------------------------------------------------------------
// Properties

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_declaration_survives_the_file_format(declaration in declaration()) {
        let text = to_ron_string(&declaration).unwrap();
        let read = from_ron_str(&text, std::path::Path::new("property.ron"));
        prop_assert_eq!(read.as_ref().ok(), Some(&declaration), "{:?}\n{}", read.as_ref().err(), text);
    }

    #[test]
    fn validate_never_panics_and_puts_errors_first(declaration in declaration()) {
        let findings = jixiao::validate::validate(&declaration);
        prop_assert!(findings.windows(2).all(|pair| pair[0].severity <= pair[1].severity));
        for finding in &findings {
            prop_assert!(!finding.message.is_empty());
            prop_assert_eq!(finding.severity, finding.rule.severity());
        }
        // Pure: the same declaration gives the same findings.
        prop_assert_eq!(jixiao::validate::validate(&declaration), findings);
    }

    #[test]
    fn target_value_parse_never_panics_and_reads_its_own_output(
        text in prop_oneof![text(), target_like()],
    ) {
        if let Some(value @ TargetValue::Quantitative { .. }) = TargetValue::parse(&text) {
            let printed = value.to_string();
            prop_assert_eq!(TargetValue::parse(&printed), Some(value), "{}", printed);
        }
    }

    #[test]
    fn written_quantitative_targets_read_back(
        comparator in prop::sample::select(Comparator::ALL.to_vec()),
        integer in 0u32..100_000,
        decimals in prop::option::of(0u32..100),
        unit in prop::sample::select(vec!["%", "天", "次", "元/人/天", "条/周", "分钟", "万页", ""]),
    ) {
        let number = match decimals {
            Some(fraction) => format!("{integer}.{fraction:02}"),
            None => integer.to_string(),
        };
        let written = if unit.is_empty() {
            format!("{}{number}", comparator.symbol())
        } else {
            format!("{}{number}({unit})", comparator.symbol())
        };
        let value = TargetValue::parse(&written);
        prop_assert!(matches!(value, Some(TargetValue::Quantitative { .. })), "{}", written);
        let value = value.unwrap();
        prop_assert_eq!(value.to_string(), written.clone());
        prop_assert_eq!(TargetValue::parse(&value.to_string()), Some(value));
    }

    #[test]
    fn money_and_date_parsers_never_panic(
        free in text(),
        money_like in "[0-9０-９,，.．万元 +\\-－]{0,40}",
        date_like in "[0-9０-９年月日./／\\-－ ]{0,24}",
    ) {
        for input in [&free, &money_like, &date_like] {
            let _ = parse_yuan(input);
            let _ = parse_date(input);
        }
        if let Ok(amount) = parse_yuan(&money_like) {
            prop_assert!(amount.scale() >= 2);
        }
    }

    #[test]
    fn import_never_panics_on_any_text(text in text()) {
        let _ = jixiao::import::import_text(&text);
    }

    #[test]
    fn import_never_panics_on_form_like_lines(
        lines in prop::collection::vec(prop::collection::vec(form_cell(), 0..7), 0..40),
    ) {
        let text: String = lines
            .iter()
            .map(|cells| cells.join("\t"))
            .collect::<Vec<_>>()
            .join("\n");
        let _ = jixiao::import::import_text(&text);
    }
}
