//! The indicator library (`jixiao::library`) on the bundled sample forms: building (duplicates
//! merged, values counted), completion by characters and by pinyin, placement, and the
//! misplaced-row hint with its move. Expectations are read from `tests/fixtures/forms/`.

#![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

use jixiao::library::{Library, LibraryBuilder, MatchKind, Placement};
use jixiao::model::{Declaration, IndicatorPath, Level2Indicator, Level3Indicator, TargetValue};

fn examples() -> Vec<(String, Declaration)> {
    jixiao::storage::bundled_examples()
}

fn library_of_examples() -> Library {
    let mut builder = LibraryBuilder::new();
    for (file, declaration) in examples() {
        builder.add(file, &declaration);
    }
    builder.finish()
}

fn example(name: &str) -> Declaration {
    examples()
        .into_iter()
        .find(|(label, _)| label.ends_with(&format!("{name}.ron")))
        .map(|(_, declaration)| declaration)
        .unwrap()
}

fn placement(level1: &str, level2: &str) -> Placement {
    Placement::standard(level1, level2).unwrap()
}

fn value(text: &str) -> Option<TargetValue> {
    TargetValue::parse(text)
}

/// 系统使用人员满意度 is under 满意度指标 › 服务对象满意度指标 in three forms: 2026
/// 上海市…运维（非信息化项目） and 2026 信息化运维项目 with ≥90.00(%), 2023 信息化建设项目 with ≥80(%).
#[test]
fn the_same_indicator_in_three_forms_is_one_entry_with_its_values_counted() {
    let library = library_of_examples();
    let found = library.entries_named("系统使用人员满意度");
    assert_eq!(found.len(), 1, "{found:#?}");
    let entry = found[0];
    assert_eq!(entry.level1, "满意度指标");
    assert_eq!(entry.level2, "服务对象满意度指标");
    assert_eq!(entry.count, 3);
    assert_eq!(entry.years, [2023, 2026]);
    assert_eq!(entry.sources.len(), 3);
    assert_eq!(entry.values.len(), 2);
    assert_eq!(Some(&entry.values[0].value), value("≥90.00(%)").as_ref());
    assert_eq!(entry.values[0].count, 2);
    assert_eq!(Some(&entry.values[1].value), value("≥80(%)").as_ref());
    assert_eq!(entry.values[1].count, 1);
    assert_eq!(entry.units.len(), 1);
    assert_eq!(
        (entry.units[0].value.as_str(), entry.units[0].count),
        ("%", 3)
    );
    assert_eq!(entry.common_value(), value("≥90.00(%)").as_ref());
    let files: Vec<&str> = entry
        .sources
        .iter()
        .map(|s| library.sources()[*s].file.as_str())
        .collect();
    assert!(files.contains(&"示例/2023-信息化建设项目.ron"), "{files:?}");

    // 平台稳定运行天数 =365(天): 2026 党建服务工作经费 and 党员远教电教工作经费.
    let days = library.entries_named("平台稳定运行天数");
    assert_eq!(days.len(), 1);
    assert_eq!(days[0].count, 2);
    assert_eq!(days[0].values.len(), 1);
}

#[test]
fn spellings_that_differ_only_in_spaces_and_width_are_merged() {
    let mut first = Declaration::new_current(2026);
    let mut group = Level2Indicator::new("服务对象满意度指标");
    group
        .children
        .push(Level3Indicator::new("管理人员满意度", value("≥90(%)")));
    first.indicators[3].children.push(group);
    let mut second = Declaration::new_current(2027);
    let mut group = Level2Indicator::new("服务对象满意度 指标");
    group
        .children
        .push(Level3Indicator::new(" 管理人员 满意度", value("≥90(%)")));
    second.indicators[3].children.push(group);
    // The same name elsewhere in the tree is another entry.
    let mut other = Level2Indicator::new("社会效益指标");
    other
        .children
        .push(Level3Indicator::new("管理人员满意度", value("≥95(%)")));
    second.indicators[2].children.push(other);

    let mut builder = LibraryBuilder::new();
    builder.add("a.ron", &first);
    builder.add("b.ron", &second);
    let library = builder.finish();
    assert_eq!(library.entries().len(), 2, "{:#?}", library.entries());
    let merged = &library.entries()[0];
    assert_eq!(merged.name, "管理人员满意度");
    assert_eq!(merged.level2, "服务对象满意度指标");
    assert_eq!(merged.count, 2);
    assert_eq!(merged.values.len(), 1);
    assert_eq!(merged.values[0].count, 2);
    assert_eq!(merged.years, [2026, 2027]);
    assert_eq!(library.entries_named("管理人员满意度").len(), 2);
    // Completion offers the name once, with the value seen most.
    let completions = library.complete("管理人员", 10);
    assert_eq!(completions.len(), 1);
    assert_eq!(completions[0].count, 3);
    assert_eq!(completions[0].value, value("≥90(%)"));
}

#[test]
fn completion_by_characters_anywhere_in_the_name() {
    let library = library_of_examples();
    let completions = library.complete("及时", 50);
    let together: Vec<_> = completions
        .iter()
        .take_while(|c| c.matched <= MatchKind::Substring)
        .collect();
    assert!(together.len() >= 5, "{completions:#?}");
    for completion in &together {
        assert!(completion.name.contains("及时"), "{completion:?}");
    }
    // Then names with 及 … 时 apart.
    for completion in &completions[together.len()..] {
        assert_eq!(completion.matched, MatchKind::Scattered, "{completion:?}");
    }
    let names: Vec<&str> = completions.iter().map(|c| c.name.as_str()).collect();
    assert!(names.contains(&"课题完成及时率"), "{names:?}");
    assert!(names.contains(&"故障响应及时性"), "{names:?}");

    // Names that start with what was typed come first.
    let completions = library.complete("平台", 50);
    let first_other = completions
        .iter()
        .position(|c| c.matched != MatchKind::Prefix)
        .unwrap();
    assert!(first_other > 0);
    assert!(
        completions[..first_other]
            .iter()
            .all(|c| c.name.starts_with("平台"))
    );
    assert!(
        completions[first_other..]
            .iter()
            .all(|c| !c.name.starts_with("平台"))
    );
    assert!(
        completions
            .iter()
            .any(|c| c.name == "党建平台运维工作完成率"),
        "{completions:#?}"
    );

    // Characters with others between, in order.
    let scattered = library.complete("验合率", 10);
    assert!(
        scattered.iter().any(|c| c.name == "工作验收合格率"),
        "{scattered:#?}"
    );
    assert!(scattered.iter().all(|c| c.matched == MatchKind::Scattered));

    // Letters in a name match case-blind.
    let iptv = library.complete("iptv", 10);
    assert!(
        iptv.iter().any(|c| c.name == "IPTV平台运维服务完成率"),
        "{iptv:#?}"
    );

    // Nothing typed, nothing offered; and the limit holds.
    assert!(library.complete("  ", 10).is_empty());
    assert_eq!(library.complete("率", 3).len(), 3);
}

#[test]
fn completion_by_pinyin_initials_and_syllables() {
    let library = library_of_examples();
    let completions = library.complete("myd", 20);
    assert!(!completions.is_empty());
    for completion in &completions {
        assert!(completion.name.contains("满意度"), "{completion:?}");
        assert!(matches!(
            completion.matched,
            MatchKind::Pinyin | MatchKind::PinyinPrefix
        ));
    }
    // 管理人员满意度 is on three forms, all ≥90.00(%): picking it fills that value.
    let manager = completions
        .iter()
        .find(|c| c.name == "管理人员满意度")
        .unwrap();
    assert_eq!(manager.value, value("≥90.00(%)"));
    assert_eq!(manager.count, 3);
    assert_eq!(
        manager.placement,
        Some(placement("满意度指标", "服务对象满意度指标"))
    );
    // The most often seen come first among matches of one kind.
    assert!(
        completions
            .windows(2)
            .all(|pair| pair[0].matched < pair[1].matched
                || (pair[0].matched == pair[1].matched && pair[0].count >= pair[1].count))
    );

    // Initials from the first character rank before initials further on.
    let from_start = library.complete("glry", 10);
    assert_eq!(from_start[0].name, "管理人员满意度");
    assert_eq!(from_start[0].matched, MatchKind::PinyinPrefix);

    // Whole syllables.
    let syllables = library.complete("manyidu", 20);
    assert_eq!(syllables.len(), completions.len());
    assert!(syllables.iter().all(|c| c.name.contains("满意度")));

    // Letters that are no one's initials.
    assert!(library.complete("qqqq", 10).is_empty());
}

#[test]
fn placement_follows_the_scheme_and_the_value() {
    let library = Library::standard();
    let best =
        |name: &str, target: Option<TargetValue>| library.place(name, target.as_ref())[0].placement;
    assert_eq!(
        best("会议费控制数", value("≤50000(元)")),
        placement("成本指标", "经济成本指标")
    );
    assert_eq!(
        best("服务对象满意度", value("≥90(%)")),
        placement("满意度指标", "服务对象满意度指标")
    );
    assert_eq!(
        best("报告提交及时率", value("=100(%)")),
        placement("产出指标", "时效指标")
    );
    assert_eq!(
        best("设备验收合格率", None),
        placement("产出指标", "质量指标")
    );
    assert_eq!(
        best("培训班次", value("≥4(次)")),
        placement("产出指标", "数量指标")
    );
    assert_eq!(
        best("长效管理机制", value("建立健全")),
        placement("效益指标", "可持续影响指标")
    );

    // The value alone can decide: a name without telling words, with an amount in 元.
    assert_ne!(
        best("宣传品印制", None),
        placement("成本指标", "经济成本指标")
    );
    assert_eq!(
        best("宣传品印制", value("≤30000(元)")),
        placement("成本指标", "经济成本指标")
    );

    // Every placement is ranked, scores sum to 1, best first.
    let ranked = library.place("宣传品印制", None);
    assert_eq!(ranked.len(), 11);
    let total: f64 = ranked.iter().map(|r| r.score).sum();
    assert!((total - 1.0).abs() < 1e-9);
    assert!(ranked.windows(2).all(|pair| pair[0].score >= pair[1].score));
}

/// 援派干部培训 (2023 组织部门建设和管理工作经费) is filed under 效益指标 › 可持续影响指标; no word in
/// its name says so, the library does.
#[test]
fn placement_learns_from_the_library() {
    let scheme = Library::standard();
    let unseen = scheme.place("援派干部培训", None)[0].placement;
    assert_ne!(unseen, placement("效益指标", "可持续影响指标"));
    let library = library_of_examples();
    let seen = library.place("援派干部培训", None)[0].placement;
    assert_eq!(seen, placement("效益指标", "可持续影响指标"));
}

#[test]
fn similar_indicators_come_with_a_value_and_a_source() {
    let library = library_of_examples();
    let similar = library.similar("管理人员满意度", 5);
    assert_eq!(similar[0].name, "管理人员满意度");
    assert!((similar[0].similarity - 1.0).abs() < f64::EPSILON);
    assert_eq!(similar[0].value, value("≥90.00(%)"));
    assert!(
        similar[0]
            .source
            .as_deref()
            .unwrap()
            .starts_with("示例/2026-")
    );
    assert!(
        similar.iter().any(|s| s.name == "管理人员满意度测评"),
        "{similar:#?}"
    );
    assert!(
        similar
            .windows(2)
            .all(|pair| pair[0].similarity >= pair[1].similarity)
    );
}

/// A cost control amount (控制数, in 元) under 产出指标 is the example of a misplaced row.
#[test]
fn a_control_amount_under_outputs_is_hinted_and_moved_in_one_step() {
    let library = library_of_examples();
    let mut declaration = example("2026-党建服务工作经费");
    // 党建服务工作经费 has no 成本指标 group (forms-2026.txt): the move creates it, first.
    assert_eq!(declaration.indicators[0].name, "产出指标");
    declaration.indicators[0].children[0]
        .children
        .push(Level3Indicator::new("会议费控制数", value("≤50000(元)")));
    let hints = library.misplaced_rows(&declaration);
    assert_eq!(hints.len(), 1, "{hints:#?}");
    let hint = &hints[0];
    assert_eq!(hint.path, IndicatorPath::level3(0, 0, 1));
    assert_eq!(hint.suggested, placement("成本指标", "经济成本指标"));
    assert!(hint.message.contains("会议费控制数"), "{}", hint.message);
    assert!(
        hint.message.contains("成本指标 › 经济成本指标"),
        "{}",
        hint.message
    );
    assert!(
        hint.message.contains("产出指标 › 数量指标"),
        "{}",
        hint.message
    );

    let moved_to = hint.apply(&mut declaration).unwrap();
    assert_eq!(moved_to, IndicatorPath::level3(0, 0, 0));
    assert_eq!(declaration.indicators[0].name, "成本指标");
    assert_eq!(declaration.indicators[0].children[0].name, "经济成本指标");
    assert_eq!(
        declaration.indicators[0].children[0].children[0].name,
        "会议费控制数"
    );
    assert_eq!(declaration.indicators[1].children[0].children.len(), 1);
    // Moved, it is silent; and the hint cannot be applied twice.
    assert!(library.misplaced_rows(&declaration).is_empty());
    assert_eq!(hint.apply(&mut declaration), None);
}

/// The sample forms as filed, checked against a library of the other year's forms (a unit's
/// history), raise three hints, each worth a look when read on the form: 2026 信息化建设项目 files
/// 安全测试达标 (合格, a test passed: a quality standard) under 效益指标 › 生态效益指标; 2023
/// 党组织建设和党员教育管理 files 服务老党员、困难党员体检数量 (≥80 人, a count delivered: an output)
/// under 效益指标; 2023 组织部门建设和管理工作经费 files 绩效管理覆盖率 (coverage: an effect) under
/// 产出指标 › 质量指标. Against a library that holds the forms themselves, nothing is hinted.
#[test]
fn the_sample_forms_are_silent_but_for_rows_worth_a_look() {
    let all = examples();
    let mut hinted: Vec<String> = Vec::new();
    for (file, declaration) in &all {
        let mut builder = LibraryBuilder::new();
        for (other_file, other) in &all {
            if other.fiscal_year != declaration.fiscal_year {
                builder.add(other_file.clone(), other);
            }
        }
        for hint in builder.finish().misplaced_rows(declaration) {
            hinted.push(format!("{file}: {} → {}", hint.name, hint.suggested));
        }
    }
    hinted.sort();
    assert_eq!(
        hinted,
        [
            "示例/2023-党组织建设和党员教育管理.ron: 服务老党员、困难党员体检数量 → 产出指标 › 数量指标",
            "示例/2023-组织部门建设和管理工作经费.ron: 绩效管理覆盖率 → 效益指标 › 社会效益指标",
            "示例/2026-信息化建设项目.ron: 安全测试达标 → 产出指标 › 质量指标",
        ]
    );

    let library = library_of_examples();
    for (file, declaration) in &all {
        assert!(library.misplaced_rows(declaration).is_empty(), "{file}");
    }

    // Older layouts have their own schemes: never hinted.
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/forms");
    let text = jixiao::storage::read_text(&folder.join("forms-2020.txt")).unwrap();
    let older = jixiao::import::import_text(&text).declarations;
    assert_eq!(older.len(), 3);
    for declaration in older {
        assert!(Library::standard().misplaced_rows(&declaration).is_empty());
    }
}

/// The editor builds the library on a thread and shares it with the frame.
#[test]
fn the_library_can_be_built_on_a_thread_and_shared() {
    fn shareable<T: Send + Sync + 'static>() {}
    shareable::<Library>();
    let built = std::thread::spawn(library_of_examples).join().unwrap();
    let shared = std::sync::Arc::new(built);
    let reader = std::sync::Arc::clone(&shared);
    let names = std::thread::spawn(move || reader.complete("myd", 3).len())
        .join()
        .unwrap();
    assert_eq!(names, 3);
}
