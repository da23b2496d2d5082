//! `jixiao library`, `suggest`, `summary` and `diff`, run as a user runs them: the built binary
//! on the sample forms (imported from `tests/fixtures/forms/`) and the bundled examples.

#![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

#[path = "support/cli.rs"]
mod cli;
use cli::{jixiao, stderr, stdout};

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap()
}

fn path_str(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The 2026 and 2023 sample forms imported into a fresh folder (`jixiao import`).
fn imported_forms() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/forms");
    let output = jixiao(&[
        "import",
        path_str(&seeds.join("forms-2026.txt")),
        path_str(&seeds.join("forms-2023.txt")),
        "--out",
        path_str(out.path()),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    out
}

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/examples")
        .join(format!("{name}.ron"))
}

#[test]
fn library_lists_merged_entries_as_text_and_json() {
    let folder = imported_forms();
    let output = jixiao(&["library", path_str(folder.path()), "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let entries = json(&output);
    let entries = entries.as_array().unwrap();
    // 系统使用人员满意度: three forms (2023 信息化建设项目 ≥80(%); 2026 两个运维项目 ≥90.00(%)).
    let entry = entries
        .iter()
        .find(|e| e["name"] == "系统使用人员满意度")
        .unwrap();
    assert_eq!(entry["level1"], "满意度指标");
    assert_eq!(entry["level2"], "服务对象满意度指标");
    assert_eq!(entry["count"], 3);
    assert_eq!(entry["years"], serde_json::json!([2023, 2026]));
    assert_eq!(entry["values"][0]["value"], "≥90.00(%)");
    assert_eq!(entry["values"][0]["count"], 2);
    assert_eq!(entry["sources"].as_array().unwrap().len(), 3);
    assert_eq!(
        entry["standard"],
        serde_json::json!({"level1": "满意度指标", "level2": "服务对象满意度指标"})
    );
    // The imported forms are the bundled examples: nothing counted twice.
    assert!(
        entries
            .iter()
            .flat_map(|e| e["sources"].as_array().unwrap())
            .all(|s| !s.as_str().unwrap().starts_with("示例/"))
    );

    let text = jixiao(&["library", path_str(folder.path())]);
    assert!(text.status.success());
    let text = stdout(&text);
    assert!(
        text.lines()
            .any(|line| line.starts_with("满意度指标\t服务对象满意度指标\t系统使用人员满意度\t")),
        "{text}"
    );
    assert!(text.trim_end().ends_with("来自 11 份申报表"), "{text}");
}

#[test]
fn library_of_a_missing_folder_exits_2_in_chinese() {
    let output = jixiao(&["library", "/nope/没有这个文件夹"]);
    assert_eq!(output.status.code(), Some(2));
    let error = stderr(&output);
    assert!(error.contains("无法读取文件夹"), "{error}");
    assert!(error.contains("没有这个文件夹"), "{error}");
}

#[test]
fn suggest_ranks_placements_and_similar_indicators() {
    let folder = imported_forms();
    let output = jixiao(&[
        "suggest",
        "--library",
        path_str(folder.path()),
        "--value",
        "≤50000(元)",
        "--json",
        "会议费控制数",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let answer = json(&output);
    let placements = answer["placements"].as_array().unwrap();
    assert_eq!(placements.len(), 11);
    assert_eq!(placements[0]["level1"], "成本指标");
    assert_eq!(placements[0]["level2"], "经济成本指标");
    let scores: Vec<f64> = placements
        .iter()
        .map(|p| p["score"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|pair| pair[0] >= pair[1]));
    for placement in placements {
        let keys: Vec<&str> = placement
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["level1", "level2", "score"]);
    }
    assert!(answer["similar"].is_array());

    // Without --value, the name alone; NAME may follow the folders.
    let output = jixiao(&[
        "suggest",
        "--json",
        "--library",
        path_str(folder.path()),
        path_str(folder.path()),
        "管理人员满意度",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let answer = json(&output);
    assert_eq!(answer["placements"][0]["level1"], "满意度指标");
    let similar = answer["similar"].as_array().unwrap();
    assert_eq!(similar[0]["name"], "管理人员满意度");
    assert_eq!(similar[0]["value"], "≥90.00(%)");
    assert!(similar[0]["source"].as_str().unwrap().ends_with(".ron"));
    let keys: Vec<&str> = similar[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["name", "source", "value"]);

    let text = jixiao(&[
        "suggest",
        "--library",
        path_str(folder.path()),
        "课题完成及时率",
    ]);
    assert!(text.status.success());
    let text = stdout(&text);
    assert!(text.contains("1. 产出指标 › 时效指标"), "{text}");
}

#[test]
fn summary_prints_rows_and_totals() {
    let folder = tempfile::tempdir().unwrap();
    for name in [
        "2026-党建服务工作经费",
        "2026-信息化建设项目",
        "2023-机关服务费",
    ] {
        std::fs::copy(example(name), folder.path().join(format!("{name}.ron"))).unwrap();
    }
    std::fs::write(folder.path().join("坏文件.ron"), "这不是申报表").unwrap();

    let output = jixiao(&["summary", path_str(folder.path()), "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let rows = json(&output);
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 4);
    let row = rows
        .iter()
        .find(|r| r["project_name"] == "党建服务工作经费")
        .unwrap();
    assert_eq!(row["fiscal_year"], 2026);
    assert_eq!(row["annual_total"], "1139000.00");
    assert_eq!(row["errors"], 0);
    assert!(row["warnings"].as_u64().unwrap() >= 1);
    assert!(
        row["file"]
            .as_str()
            .unwrap()
            .ends_with("2026-党建服务工作经费.ron")
    );
    for key in [
        "file",
        "fiscal_year",
        "project_name",
        "annual_total",
        "errors",
        "warnings",
    ] {
        assert!(rows.iter().all(|r| r.get(key).is_some()), "{key}");
    }
    let broken = rows
        .iter()
        .find(|r| r["file"].as_str().unwrap().ends_with("坏文件.ron"))
        .unwrap();
    assert!(broken["annual_total"].is_null());
    assert!(
        broken["error"]
            .as_str()
            .unwrap()
            .contains("不是 Jixiao 申报表文件")
    );

    let text = jixiao(&["summary", path_str(folder.path())]);
    assert!(text.status.success());
    let text = stdout(&text);
    // 2026: 1,139,000.00 + 1,860,380.00; 2023 机关服务费 2,760,000.00 (forms-2026/2023.txt).
    assert!(
        text.contains("2026年度合计：2 份，年度资金申请总额 2,999,380.00"),
        "{text}"
    );
    assert!(
        text.contains("2023年度合计：1 份，年度资金申请总额 2,760,000.00"),
        "{text}"
    );
    assert!(
        text.contains("总计：3 份申报表，年度资金申请总额 5,759,380.00，1 个文件无法读取"),
        "{text}"
    );
    assert!(text.contains("坏文件.ron\t无法读取："), "{text}");

    // A blank amount is null in JSON and adds nothing.
    let draft = folder.path().join("2026-草稿.ron");
    let mut declaration = jixiao::storage::load(&example("2026-党建服务工作经费")).unwrap();
    declaration.current_mut().unwrap().funding.annual_total = None;
    jixiao::storage::save(&draft, &declaration).unwrap();
    let output = jixiao(&["summary", path_str(folder.path()), "--json"]);
    let rows = json(&output);
    let blank = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["file"].as_str().unwrap().ends_with("2026-草稿.ron"))
        .unwrap();
    assert!(blank["annual_total"].is_null());
    assert!(blank["errors"].as_u64().unwrap() >= 1);
    let text = stdout(&jixiao(&["summary", path_str(folder.path())]));
    assert!(
        text.contains("2026年度合计：3 份，年度资金申请总额 2,999,380.00，1 份未填金额"),
        "{text}"
    );

    let missing = jixiao(&["summary", "/nope/没有这个文件夹"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("无法读取文件夹"));
}

#[test]
fn diff_exit_codes_and_output() {
    let a = example("2026-党建服务工作经费");
    let same = jixiao(&["diff", path_str(&a), path_str(&a)]);
    assert_eq!(same.status.code(), Some(0));
    assert!(same.stdout.is_empty());
    let same_json = jixiao(&["diff", path_str(&a), path_str(&a), "--json"]);
    assert_eq!(same_json.status.code(), Some(0));
    assert!(same_json.stdout.is_empty());

    // One amount and one target value changed in a copy.
    let folder = tempfile::tempdir().unwrap();
    let b = folder.path().join("b.ron");
    let mut declaration = jixiao::storage::load(&a).unwrap();
    declaration.current_mut().unwrap().funding.annual_total =
        jixiao::model::parse_yuan("1,200,000").ok();
    declaration.indicators[0].children[0].children[0].target =
        jixiao::model::TargetValue::parse("=95.00(%)");
    jixiao::storage::save(&b, &declaration).unwrap();

    let output = jixiao(&["diff", path_str(&a), path_str(&b)]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    assert_eq!(
        text.lines().collect::<Vec<_>>(),
        [
            "年度资金申请总额：1,139,000.00 → 1,200,000.00",
            "三级指标 产出指标 › 数量指标 › 阵地包干服务完成率：=100.00(%) → =95.00(%)",
        ]
    );
    let output = jixiao(&["diff", path_str(&a), path_str(&b), "--json"]);
    assert_eq!(output.status.code(), Some(1));
    let changes = json(&output);
    assert_eq!(
        changes,
        serde_json::json!([
            {"kind": "field", "label": "年度资金申请总额", "old": "1,139,000.00", "new": "1,200,000.00"},
            {"kind": "indicator_value", "label": "三级指标 产出指标 › 数量指标 › 阵地包干服务完成率",
             "old": "=100.00(%)", "new": "=95.00(%)"},
        ])
    );

    let missing = jixiao(&["diff", path_str(&a), "/nope/没有.ron"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(missing.stdout.is_empty());
    let error = stderr(&missing);
    assert!(
        error.contains("无法读取") && error.contains("没有.ron"),
        "{error}"
    );
}

#[test]
fn help_is_in_chinese() {
    for command in ["library", "suggest", "summary", "diff"] {
        let output = jixiao(&[command, "--help"]);
        assert!(output.status.success());
        let help = stdout(&output);
        let first = help.lines().next().unwrap();
        assert!(
            first
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{command}: {first}"
        );
    }
}
