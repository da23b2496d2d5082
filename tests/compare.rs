//! Comparing two versions (`jixiao::compare`) on the bundled sample forms: each kind of change
//! found as one change, and every change taken over.

#![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

use jixiao::compare::{Change, FieldValue, IndicatorChange, apply_all, diff};
use jixiao::model::{
    Declaration, Field, Level1Indicator, Level2Indicator, Level3Indicator, TargetValue, parse_yuan,
};
use proptest::prelude::*;

fn example(name: &str) -> Declaration {
    jixiao::storage::bundled_examples()
        .into_iter()
        .find(|(label, _)| label.ends_with(&format!("{name}.ron")))
        .map(|(_, declaration)| declaration)
        .unwrap_or_else(|| panic!("no example {name}"))
}

/// 2026-党建服务工作经费: 产出指标 › 数量指标 has 阵地包干服务完成率; 时效指标 has 课题完成及时率 and
/// 培训工作完成及时率; 满意度指标 has 处理时效满意度 and 管理人员满意度 (read from forms-2026.txt).
fn party_services() -> Declaration {
    example("2026-党建服务工作经费")
}

fn group<'a>(
    declaration: &'a mut Declaration,
    level1: &str,
    level2: &str,
) -> &'a mut Level2Indicator {
    declaration
        .indicators
        .iter_mut()
        .find(|g| g.name == level1)
        .unwrap()
        .children
        .iter_mut()
        .find(|g| g.name == level2)
        .unwrap()
}

fn only(changes: &[Change]) -> &Change {
    assert_eq!(changes.len(), 1, "{changes:#?}");
    &changes[0]
}

/// Taking every change of diff(old, new) into old gives new.
fn assert_takes_over(old: &Declaration, new: &Declaration) {
    let changes = diff(old, new);
    let mut taken = old.clone();
    apply_all(&changes, &mut taken).unwrap();
    assert_eq!(&taken, new, "{changes:#?}");
}

#[test]
fn identical_declarations_have_no_changes() {
    for (label, declaration) in jixiao::storage::bundled_examples() {
        assert!(diff(&declaration, &declaration).is_empty(), "{label}");
    }
}

#[test]
fn a_field_change_is_one_change_by_its_label() {
    let old = party_services();
    let mut new = old.clone();
    new.current_mut().unwrap().funding.annual_total = parse_yuan("1,200,000.00").ok();
    let change = only(&diff(&old, &new)).clone();
    let Change::Field {
        field,
        label,
        old: before,
        new: after,
    } = &change
    else {
        panic!("{change:?}");
    };
    assert_eq!(*field, Field::AnnualTotal);
    assert_eq!(*label, "年度资金申请总额");
    assert_eq!(before.to_string(), "1,139,000.00");
    assert_eq!(after.to_string(), "1,200,000.00");
    assert_takes_over(&old, &new);

    // A blank amount is shown as blank, and taking the change over blanks it.
    let mut blank = old.clone();
    blank.current_mut().unwrap().funding.annual_total = None;
    let change = only(&diff(&old, &blank)).clone();
    assert!(matches!(
        &change,
        Change::Field {
            new: FieldValue::Amount(None),
            ..
        }
    ));
    assert_takes_over(&old, &blank);
}

#[test]
fn a_value_change_is_one_change() {
    let old = party_services();
    let mut new = old.clone();
    group(&mut new, "满意度指标", "服务对象满意度指标").children[1].target =
        TargetValue::parse("≥95.00(%)");
    let change = only(&diff(&old, &new)).clone();
    let Change::Indicator(IndicatorChange::Value {
        old: before,
        new: after,
        ..
    }) = &change
    else {
        panic!("{change:?}");
    };
    assert_eq!(after.name, "管理人员满意度");
    assert_eq!(before.target, TargetValue::parse("≥90.00(%)"));
    assert_eq!(after.target, TargetValue::parse("≥95.00(%)"));
    assert_takes_over(&old, &new);
}

#[test]
fn an_added_and_a_removed_indicator() {
    let old = party_services();
    let mut new = old.clone();
    group(&mut new, "产出指标", "数量指标")
        .children
        .push(Level3Indicator::new(
            "党群服务阵地巡查次数",
            TargetValue::parse("≥12(次)"),
        ));
    let change = only(&diff(&old, &new)).clone();
    let Change::Indicator(IndicatorChange::Added { row, after, .. }) = &change else {
        panic!("{change:?}");
    };
    assert_eq!(row.name, "党群服务阵地巡查次数");
    assert_eq!(row.group.shown(), "产出指标 › 数量指标");
    assert_eq!(after.as_ref().unwrap().shown(), "阵地包干服务完成率");
    assert_takes_over(&old, &new);

    // The other way round it is one removal.
    let change = only(&diff(&new, &old)).clone();
    let Change::Indicator(IndicatorChange::Removed { row, .. }) = &change else {
        panic!("{change:?}");
    };
    assert_eq!(row.name, "党群服务阵地巡查次数");
    assert_takes_over(&new, &old);
}

#[test]
fn a_moved_indicator_is_one_change() {
    let old = party_services();
    // Into another group.
    let mut new = old.clone();
    let row = group(&mut new, "产出指标", "时效指标").children.remove(1);
    group(&mut new, "产出指标", "质量指标").children.push(row);
    let change = only(&diff(&old, &new)).clone();
    let Change::Indicator(IndicatorChange::Moved {
        old: from, new: to, ..
    }) = &change
    else {
        panic!("{change:?}");
    };
    assert_eq!(from.name, "培训工作完成及时率");
    assert_eq!(from.group.shown(), "产出指标 › 时效指标");
    assert_eq!(to.group.shown(), "产出指标 › 质量指标");
    assert_takes_over(&old, &new);

    // Within its group: only the row that moved, not its neighbour.
    let mut swapped = old.clone();
    group(&mut swapped, "产出指标", "时效指标")
        .children
        .swap(0, 1);
    let change = only(&diff(&old, &swapped)).clone();
    assert!(matches!(
        change,
        Change::Indicator(IndicatorChange::Moved { .. })
    ));
    assert_takes_over(&old, &swapped);
}

#[test]
fn a_renamed_indicator_is_one_change_not_a_removal_and_an_addition() {
    let old = party_services();
    // A small rename.
    let mut new = old.clone();
    group(&mut new, "满意度指标", "服务对象满意度指标").children[1].name =
        "管理人员满意度测评".into();
    let change = only(&diff(&old, &new)).clone();
    let Change::Indicator(IndicatorChange::Renamed {
        old: before,
        new: after,
        ..
    }) = &change
    else {
        panic!("{change:?}");
    };
    assert_eq!(before.name, "管理人员满意度");
    assert_eq!(after.name, "管理人员满意度测评");
    assert_takes_over(&old, &new);

    // A new name with nothing in common, in the same place: still the same row renamed.
    let mut reworded = old.clone();
    group(&mut reworded, "产出指标", "数量指标").children[0].name = "党群阵地服务覆盖".into();
    let change = only(&diff(&old, &reworded)).clone();
    assert!(
        matches!(change, Change::Indicator(IndicatorChange::Renamed { .. })),
        "{change:?}"
    );
    assert_takes_over(&old, &reworded);

    // Renamed and moved to another group: one move and one rename.
    let mut both = old.clone();
    let mut row = group(&mut both, "产出指标", "时效指标").children.remove(0);
    row.name = "课题完成及时性".into();
    group(&mut both, "效益指标", "社会效益指标")
        .children
        .push(row);
    let changes = diff(&old, &both);
    assert_eq!(changes.len(), 2, "{changes:#?}");
    assert!(
        changes
            .iter()
            .any(|c| matches!(c, Change::Indicator(IndicatorChange::Renamed { .. })))
    );
    assert!(
        changes
            .iter()
            .any(|c| matches!(c, Change::Indicator(IndicatorChange::Moved { .. })))
    );
    assert_takes_over(&old, &both);
}

#[test]
fn a_renamed_group_is_one_change() {
    let old = party_services();
    let mut new = old.clone();
    group(&mut new, "满意度指标", "服务对象满意度指标").name = "服务对象满意度".into();
    let change = only(&diff(&old, &new)).clone();
    assert!(
        matches!(
            change,
            Change::Indicator(IndicatorChange::GroupRenamed { .. })
        ),
        "{change:?}"
    );
    assert_takes_over(&old, &new);
}

#[test]
fn a_goal_paragraph_is_one_change() {
    let old = party_services();
    let mut new = old.clone();
    new.annual_goal.push_str("\n完成党群服务阵地年度巡查。");
    let change = only(&diff(&old, &new)).clone();
    let Change::Goal(paragraph) = &change else {
        panic!("{change:?}");
    };
    assert_eq!(paragraph.goal, Field::AnnualGoal);
    assert_eq!(paragraph.old, None);
    assert_eq!(paragraph.new.as_deref(), Some("完成党群服务阵地年度巡查。"));
    assert_eq!(paragraph.new_number, Some(2));
    assert_takes_over(&old, &new);
}

#[test]
fn one_change_taken_on_its_own() {
    // Two changes; the user takes only the amount.
    let old = party_services();
    let mut new = old.clone();
    new.current_mut().unwrap().funding.annual_total = parse_yuan("1,200,000.00").ok();
    new.project_name = "党建服务工作经费（调整）".into();
    let changes = diff(&old, &new);
    assert_eq!(changes.len(), 2);
    let amount = changes
        .iter()
        .find(|c| {
            matches!(
                c,
                Change::Field {
                    field: Field::AnnualTotal,
                    ..
                }
            )
        })
        .unwrap();
    let mut mine = old.clone();
    amount.apply(&mut mine).unwrap();
    assert_eq!(
        mine.current().unwrap().funding.annual_total,
        parse_yuan("1200000").ok()
    );
    assert_eq!(mine.project_name, old.project_name);
    // What is left to take is exactly the other change.
    assert_eq!(diff(&mine, &new).len(), 1);

    // A row change taken into a declaration where that row is gone is refused, naming it.
    let mut renamed = old.clone();
    group(&mut renamed, "满意度指标", "服务对象满意度指标").children[1].target =
        TargetValue::parse("≥95.00(%)");
    let change = only(&diff(&old, &renamed)).clone();
    let mut without = old.clone();
    group(&mut without, "满意度指标", "服务对象满意度指标")
        .children
        .remove(1);
    let error = change.apply(&mut without).unwrap_err();
    assert!(error.to_string().contains("管理人员满意度"), "{error}");
}

/// The same project in 2023 and 2026 (forms-2023.txt and forms-2026.txt): 信息化运维项目's
/// 年度资金申请总额 went from 2,882,482.00 to 2,822,846.00 and its 实施单位 from 中共上海市委组织部 to
/// 上海市党建服务中心; 驻场人员数量 (≥7 人) is not in the 2026 form, 平台运维服务完成率 is new; the
/// 时效指标 row 工作日故障响应时间 (≤30 分钟) reads 故障响应及时性 (及时) in 2026: the same row
/// reworded, one rename and one value change, not a removal and an addition.
#[test]
fn the_2023_and_2026_operations_projects() {
    let old = example("2023-信息化运维项目");
    let new = example("2026-信息化运维项目");
    let changes = diff(&old, &new);
    let field = |wanted: Field| {
        changes.iter().find_map(|c| match c {
            Change::Field {
                field, old, new, ..
            } if *field == wanted => Some((old.to_string(), new.to_string())),
            _ => None,
        })
    };
    assert_eq!(
        field(Field::AnnualTotal),
        Some(("2,882,482.00".to_owned(), "2,822,846.00".to_owned()))
    );
    assert_eq!(
        field(Field::ImplementingUnit),
        Some((
            "中共上海市委组织部".to_owned(),
            "上海市党建服务中心".to_owned()
        ))
    );
    assert_eq!(field(Field::ProjectNature), None);
    let removed: Vec<&str> = changes
        .iter()
        .filter_map(|c| match c {
            Change::Indicator(IndicatorChange::Removed { row, .. }) => Some(row.name.as_str()),
            _ => None,
        })
        .collect();
    assert!(removed.contains(&"驻场人员数量"), "{removed:?}");
    assert!(!removed.contains(&"工作日故障响应时间"), "{removed:?}");
    let added: Vec<&str> = changes
        .iter()
        .filter_map(|c| match c {
            Change::Indicator(IndicatorChange::Added { row, .. }) => Some(row.name.as_str()),
            _ => None,
        })
        .collect();
    assert!(added.contains(&"平台运维服务完成率"), "{added:?}");
    assert!(!added.contains(&"故障响应及时性"), "{added:?}");
    let renamed = changes.iter().find_map(|c| match c {
        Change::Indicator(IndicatorChange::Renamed { old, new, .. })
            if new.name == "故障响应及时性" =>
        {
            Some(old.name.as_str())
        }
        _ => None,
    });
    assert_eq!(renamed, Some("工作日故障响应时间"));
    assert_takes_over(&old, &new);
}

#[test]
fn every_pair_of_examples_takes_over_both_ways() {
    let examples = jixiao::storage::bundled_examples();
    for (_, a) in &examples {
        for (_, b) in &examples {
            assert_takes_over(a, b);
        }
    }
}

#[test]
fn older_layouts_compare_and_take_over() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/forms");
    let mut forms = Vec::new();
    for seed in ["forms-2020.txt", "forms-2018.txt"] {
        let text = jixiao::storage::read_text(&folder.join(seed)).unwrap();
        forms.extend(jixiao::import::import_text(&text).declarations);
    }
    assert_eq!(forms.len(), 7);
    let current = party_services();
    for a in &forms {
        assert!(diff(a, a).is_empty());
        for b in &forms {
            assert_takes_over(a, b);
        }
        // Across layouts: one layout change, and taking everything gives the other form.
        let changes = diff(&current, a);
        assert!(matches!(changes[0], Change::Layout { .. }));
        assert_takes_over(&current, a);
        assert_takes_over(a, &current);
    }
}

/// Small random trees over a small vocabulary, so that names repeat, move and collide.
fn tree_strategy() -> impl Strategy<Value = Vec<Level1Indicator>> {
    let name = prop::sample::select(vec![
        "甲",
        "乙",
        "丙",
        "丁",
        "戊",
        "己",
        "庚",
        "满意度",
        "及时率",
        "合格率",
    ]);
    let value = prop::option::of(prop::sample::select(vec![
        "=100(%)", "≥90(%)", "及时", "=1(次)",
    ]));
    let row = (name.clone(), value)
        .prop_map(|(name, value)| Level3Indicator::new(name, value.and_then(TargetValue::parse)));
    let level2 = (
        prop::sample::select(vec!["数量指标", "质量指标", "时效指标", "社会效益指标", ""]),
        prop::collection::vec(row, 0..5),
    )
        .prop_map(|(name, children)| Level2Indicator {
            name: name.to_owned(),
            children,
        });
    let level1 = (
        prop::sample::select(vec![
            "成本指标",
            "产出指标",
            "效益指标",
            "满意度指标",
            "其他",
        ]),
        prop::collection::vec(level2, 0..4),
    )
        .prop_map(|(name, children)| Level1Indicator {
            name: name.to_owned(),
            children,
        });
    prop::collection::vec(level1, 0..5)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn taking_every_change_gives_the_other_tree(old in tree_strategy(), new in tree_strategy()) {
        let mut a = Declaration::new_current(2026);
        a.indicators = old;
        let mut b = Declaration::new_current(2026);
        b.indicators = new;
        prop_assert!(diff(&a, &a).is_empty());
        let changes = diff(&a, &b);
        prop_assert_eq!(changes.is_empty(), a == b);
        let mut taken = a.clone();
        apply_all(&changes, &mut taken).unwrap();
        prop_assert_eq!(taken, b);
    }
}
