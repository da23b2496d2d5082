//! The command line, run as a user runs it: the built `jixiao` binary on the real sample forms.

#![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

use std::path::PathBuf;

#[path = "support/cli.rs"]
mod cli;
use cli::{jixiao, seed, stderr, stdout};

const SEED_2026: &str = "forms-2026.txt";
const SEED_2023: &str = "forms-2023.txt";

/// Imports both current-layout seed files into a fresh folder; returns it and the paths written.
fn import_seeds() -> (tempfile::TempDir, Vec<PathBuf>) {
    let out = tempfile::tempdir().unwrap();
    let output = jixiao(&[
        "import",
        seed(SEED_2026).to_str().unwrap(),
        seed(SEED_2023).to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let written: Vec<PathBuf> = stdout(&output).lines().map(PathBuf::from).collect();
    (out, written)
}

#[test]
fn import_writes_one_file_per_form_with_safe_unique_names() {
    let (out, written) = import_seeds();
    assert_eq!(written.len(), 11);
    let names: Vec<String> = written
        .iter()
        .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.contains(&"2026-党建服务工作经费.ron".to_owned()),
        "{names:?}"
    );
    assert!(
        names.contains(&"2026-信息化建设项目.ron".to_owned()),
        "{names:?}"
    );
    assert!(
        names.contains(&"2023-信息化建设项目.ron".to_owned()),
        "{names:?}"
    );
    for path in &written {
        assert!(
            path.starts_with(out.path()) && path.exists(),
            "{}",
            path.display()
        );
    }

    // Importing again never overwrites: the same names get a counter.
    let again = jixiao(&[
        "import",
        seed(SEED_2026).to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert!(again.status.success());
    assert!(
        stdout(&again).contains("2026-党建服务工作经费-2.ron"),
        "{}",
        stdout(&again)
    );
}

#[test]
fn import_reports_missing_values_on_stderr() {
    let out = tempfile::tempdir().unwrap();
    let output = jixiao(&[
        "import",
        seed(SEED_2023).to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert!(output.status.success());
    let warnings = stderr(&output);
    assert!(
        warnings.contains("工作日故障运维人员抵达现场时间"),
        "{warnings}"
    );
    assert!(warnings.contains("是否支撑基层工作开展"), "{warnings}");
    assert!(
        warnings.contains(&format!("{}:", seed(SEED_2023).display())),
        "{warnings}"
    );
}

#[test]
fn import_of_nothing_fails() {
    let folder = tempfile::tempdir().unwrap();
    let empty = folder.path().join("empty.txt");
    std::fs::write(&empty, "这里没有申报表\n").unwrap();
    let output = jixiao(&[
        "import",
        empty.to_str().unwrap(),
        "--out",
        folder.path().join("out").to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let missing = jixiao(&[
        "import",
        "/nonexistent/form.txt",
        "--out",
        folder.path().to_str().unwrap(),
    ]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("/nonexistent/form.txt"));
}

/// The 2026 党建服务工作经费 form as `export --format tsv` must print it, typed from the seed:
/// the form's title naming its layout (issue 9), then issue 2's fixed shape.
const PARTY_BUILDING_TSV: &str = "财政项目支出绩效目标申报表
年度\t2026
项目名称\t党建服务工作经费
项目性质\t经常性专项业务费
项目类别\t特定目标类
主管部门\t中共上海市委组织部
实施单位\t上海市党建服务中心
计划开始日期\t2026-01-01
计划完成日期\t2026-12-31
项目资金总额\t
其中：财政资金\t
其他资金\t
年度资金申请总额\t1,139,000.00
其中：当年财政拨款\t1,139,000.00
上年结转资金\t0.00
其他资金\t0.00
项目总目标\t
年度总体目标\t打造与城市基层党建相匹配的党群服务阵地体系和党建宣传阵地体系。
一级指标\t二级指标\t三级指标\t年度(/项目)指标值
产出指标\t数量指标\t阵地包干服务完成率\t=100.00(%)
产出指标\t质量指标\t工作验收合格率\t=100.00(%)
产出指标\t时效指标\t课题完成及时率\t=100.00(%)
产出指标\t时效指标\t培训工作完成及时率\t=100.00(%)
效益指标\t社会效益指标\t党群中心和基层站点覆盖率\t=100.00(%)
效益指标\t社会效益指标\t平台稳定运行天数\t=365(天)
满意度指标\t服务对象满意度指标\t处理时效满意度\t≥90.00(%)
满意度指标\t服务对象满意度指标\t管理人员满意度\t≥90.00(%)
";

#[test]
fn export_tsv_reproduces_the_seed_and_imports_back_losslessly() {
    let (out, written) = import_seeds();
    let form = written
        .iter()
        .find(|path| path.ends_with("2026-党建服务工作经费.ron"))
        .unwrap();
    let output = jixiao(&["export", form.to_str().unwrap(), "--format", "tsv"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output), PARTY_BUILDING_TSV);

    // Round trip on every form: the TSV's own content, imported, gives the same declaration.
    for path in &written {
        let tsv = stdout(&jixiao(&[
            "export",
            path.to_str().unwrap(),
            "--format",
            "tsv",
        ]));
        let tsv_file = out.path().join("form.tsv");
        std::fs::write(&tsv_file, &tsv).unwrap();
        let back_folder = out.path().join("back");
        let _ = std::fs::remove_dir_all(&back_folder);
        let imported = jixiao(&[
            "import",
            tsv_file.to_str().unwrap(),
            "--out",
            back_folder.to_str().unwrap(),
        ]);
        assert!(imported.status.success(), "{}", stderr(&imported));
        let back = PathBuf::from(stdout(&imported).trim());
        assert_eq!(
            jixiao::storage::load(&back).unwrap(),
            jixiao::storage::load(path).unwrap(),
            "{}",
            path.display()
        );
    }
}

#[test]
fn check_prints_findings_and_exits_by_severity() {
    let (out, written) = import_seeds();
    let all: Vec<&str> = written.iter().map(|path| path.to_str().unwrap()).collect();

    // The 2026 信息化建设项目 has no 满意度指标: an error, so exit 1.
    let no_satisfaction = written
        .iter()
        .find(|path| path.ends_with("2026-信息化建设项目.ron"))
        .unwrap();
    let output = jixiao(&["check", no_satisfaction.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    let text = stdout(&output);
    assert!(
        text.lines().any(|line| line
            .starts_with(&format!("{}: error: ", no_satisfaction.display()))
            && line.contains("满意度指标")),
        "{text}"
    );
    for line in text.lines() {
        assert!(
            line.matches(": ").count() >= 3,
            "file: severity: path: message — {line}"
        );
    }

    // JSON: one array with the same findings.
    let json = jixiao(&["check", "--json", no_satisfaction.to_str().unwrap()]);
    assert_eq!(json.status.code(), Some(1));
    let parsed: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    let findings = parsed.as_array().unwrap();
    assert_eq!(findings.len(), text.lines().count());
    assert!(
        findings
            .iter()
            .all(|finding| finding["severity"].is_string() && finding["path"].is_string())
    );

    // A file that cannot be read: exit 2, even with other files checked.
    let broken = out.path().join("broken.ron");
    std::fs::write(&broken, "(format: \"jixiao\", version: 1, declaration: (").unwrap();
    let mut args = vec!["check"];
    args.extend(&all);
    args.push(broken.to_str().unwrap());
    let output = jixiao(&args);
    assert_eq!(output.status.code(), Some(2));
    let reason = stderr(&output);
    assert_eq!(reason.lines().count(), 1, "{reason}");
    assert!(
        reason.contains("broken.ron") && reason.contains("第 1 行"),
        "{reason}"
    );
}

#[test]
fn check_exits_zero_when_no_error() {
    let (_out, written) = import_seeds();
    let clean = written
        .iter()
        .find(|path| path.ends_with("2026-党建服务工作经费.ron"))
        .unwrap();
    let output = jixiao(&["check", clean.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(!stdout(&output).contains(": error: "));
}

#[test]
fn dump_prints_the_declaration_as_json() {
    let (_out, written) = import_seeds();
    let form = written
        .iter()
        .find(|path| path.ends_with("2026-党建服务工作经费.ron"))
        .unwrap();
    let output = jixiao(&["dump", form.to_str().unwrap(), "--json"]);
    assert!(output.status.success());
    let value: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(value["project_name"], "党建服务工作经费");
    assert_eq!(value["fiscal_year"], 2026);
    assert_eq!(
        value["form"]["Current"]["funding"]["annual_total"],
        "1139000.00"
    );
}

#[test]
fn bad_arguments_give_one_line_and_no_panic() {
    for args in [
        &["--bogus"][..],
        &["dump"],
        &["export", "x.ron", "--format", "pdf"],
        &["check"],
        &["import", "a.txt"],
        &["dump", "/nonexistent.ron", "--json"],
        &["export", "/nonexistent.ron", "--format", "tsv"],
    ] {
        let output = jixiao(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let reason = stderr(&output);
        assert_eq!(reason.lines().count(), 1, "{args:?}: {reason}");
        assert!(
            !reason.contains("panicked") && !reason.contains("RUST_BACKTRACE"),
            "{reason}"
        );
    }
}

#[test]
fn rollover_writes_a_current_layout_declaration_for_the_new_year() {
    let out = tempfile::tempdir().unwrap();
    let imported = jixiao(&[
        "import",
        seed("forms-2018.txt").to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert!(imported.status.success(), "{}", stderr(&imported));
    let source = PathBuf::from(
        stdout(&imported)
            .lines()
            .find(|line| line.contains("在线学习工作经费"))
            .unwrap(),
    );
    let target = out.path().join("2027-在线学习工作经费.ron");
    let output = jixiao(&[
        "rollover",
        source.to_str().unwrap(),
        "--year",
        "2027",
        "-o",
        target.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let rolled = jixiao::storage::load(&target).unwrap();
    assert_eq!(rolled.layout(), jixiao::model::FormLayout::Current);
    assert_eq!(rolled.fiscal_year, 2027);
    assert_eq!(rolled.project_name, "在线学习工作经费");
    assert_eq!(
        rolled.current().unwrap().funding,
        jixiao::model::Funding::default()
    );
    // What is left to fill in is said on stderr.
    assert!(
        stderr(&output).contains("年度资金申请总额"),
        "{}",
        stderr(&output)
    );

    // The source is never overwritten.
    let onto_itself = jixiao(&[
        "rollover",
        source.to_str().unwrap(),
        "--year",
        "2027",
        "-o",
        source.to_str().unwrap(),
    ]);
    assert_eq!(onto_itself.status.code(), Some(2));
    assert_eq!(jixiao::storage::load(&source).unwrap().fiscal_year, 2018);
}

#[test]
fn export_covers_the_older_layouts_with_their_own_labels() {
    let out = tempfile::tempdir().unwrap();
    let imported = jixiao(&[
        "import",
        seed("forms-2018.txt").to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ]);
    let form = PathBuf::from(
        stdout(&imported)
            .lines()
            .find(|line| line.contains("在线学习工作经费"))
            .unwrap(),
    );
    let tsv = stdout(&jixiao(&[
        "export",
        form.to_str().unwrap(),
        "--format",
        "tsv",
    ]));
    for line in [
        "申报单位名称\t上海市干部教育中心",
        "项目类型\t经常性专项业务费",
        "资金用途\t其他事业专业类",
        "开始时间\t2018-01-01",
        "结束时间\t2018-12-31",
        "项目总预算（元）\t10,310,000.00",
        "同名项目上年预算执行数（元）\t9,912,000.00",
        "项目当年投入资金构成\t平台内容建设及学员\t6,430,000.00",
        "项目当年投入资金构成\t系统运维及学习支持\t3,880,000.00",
        "分解目标内容\t绩效指标\t指标目标值",
        "投入和管理目标\t安全事故发生情况\t=0",
        "效果目标\t在学人员满意度\t≥70.00%",
        "影响力目标\t科级及以下干部覆盖率\t≥80.00%",
    ] {
        assert!(
            tsv.lines().any(|actual| actual == line),
            "missing «{line}» in\n{tsv}"
        );
    }

    let imported = jixiao(&[
        "import",
        seed("forms-2020.txt").to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ]);
    let form = PathBuf::from(stdout(&imported).lines().next().unwrap());
    let tsv = stdout(&jixiao(&[
        "export",
        form.to_str().unwrap(),
        "--format",
        "tsv",
    ]));
    for line in [
        "申报单位名称\t上海市党建服务中心",
        "项目名称\t电教远教工作经费",
        "是否含有政府购买服务\t否",
        "绩效类型\t事业/专业类",
        "项目总预算（元）\t3,845,000.00",
        "同名项目上年预算额（元）\t",
        "一级目标\t二级目标\t三级目标\t指标目标值",
        "产出目标\t数量\t直播课堂完成直播、录播各类讲座\t=50场次",
        "效果目标\t满意度\t平台使用满意度\t>=90%",
    ] {
        assert!(
            tsv.lines().any(|actual| actual == line),
            "missing «{line}» in\n{tsv}"
        );
    }
}
