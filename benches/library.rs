//! Benchmarks of reuse and compare (issue 12): completion over a 10,000-entry library (the
//! editor calls it per keystroke: budget 1 ms), placement and the misplaced-row check of one
//! form, building the library from 500 files and summarising a folder of 500 files (budget
//! 1 s each), and comparing two forms. Run with `cargo bench --bench library`.

#![expect(clippy::unwrap_used, reason = "a benchmark on known-good bundled data")]

use criterion::{Criterion, criterion_group, criterion_main};
use jixiao::library::{Library, LibraryBuilder};
use jixiao::model::{Declaration, Level2Indicator, Level3Indicator, TargetValue};

/// Words the sample forms' indicator names are made of: what is measured…
const SUBJECTS: &[&str] = &[
    "平台",
    "系统",
    "课件",
    "培训",
    "运维",
    "党建",
    "阵地",
    "档案",
    "课题",
    "调研",
    "宣传",
    "考核",
    "体检",
    "会议",
    "设备",
    "网络",
    "数据",
    "资源",
    "服务",
    "直播",
    "远程教育",
    "信息化",
    "党员",
    "干部",
    "学员",
    "基层",
    "站点",
    "项目",
    "合同",
    "资金",
    "预算",
    "故障",
    "安全",
    "软件",
    "硬件",
    "机房",
    "录制",
    "审计",
    "统计",
    "印刷",
    "内刊",
    "报告",
    "节目",
    "终端",
    "用户",
    "专网",
    "门户",
    "考录",
    "采购",
    "验收",
];
/// …and how.
const MEASURES: &[&str] = &[
    "完成率",
    "满意度",
    "及时率",
    "及时性",
    "合格率",
    "达标率",
    "覆盖率",
    "完成数",
    "次数",
    "人数",
    "稳定运行天数",
    "发生数",
    "响应时间",
    "到位率",
    "出勤率",
    "使用率",
    "处置率",
    "控制数",
    "规范性",
    "增长情况",
    "更新数量",
    "上线数量",
    "完好率",
    "准确率",
    "执行率",
    "转化数",
    "参与人数",
    "通过率",
    "故障率",
    "可用时间",
    "投诉数量",
    "整改率",
    "评估得分",
    "建设情况",
    "管理水平",
    "服务质量",
    "宣传推送",
    "场次",
    "覆盖面",
    "完成时间",
];

/// 10,000 distinct names (two subjects and a measure), spread over the standard scheme, with
/// values; built once.
fn big_library() -> Library {
    let mut declaration = Declaration::new_current(2026);
    let values = [
        "=100.00(%)",
        "≥90.00(%)",
        "及时",
        "≥12(次)",
        "≤50000(元)",
        "合格",
    ];
    let mut made = 0;
    'outer: for (i, first) in SUBJECTS.iter().enumerate() {
        for (j, second) in SUBJECTS.iter().enumerate() {
            if i == j {
                continue;
            }
            for (k, measure) in MEASURES.iter().enumerate() {
                if made == 10_000 {
                    break 'outer;
                }
                let level1 = made % declaration.indicators.len();
                let group = &mut declaration.indicators[level1];
                if group.children.is_empty() {
                    group.children.push(Level2Indicator::new(
                        jixiao::model::standard_level2_names(&group.name)[0],
                    ));
                }
                group.children[0].children.push(Level3Indicator::new(
                    format!("{first}{second}{measure}"),
                    TargetValue::parse(values[(i + j + k) % values.len()]),
                ));
                made += 1;
            }
        }
    }
    let mut builder = LibraryBuilder::new();
    builder.add("bench.ron", &declaration);
    let library = builder.finish();
    assert_eq!(library.entries().len(), 10_000);
    library
}

/// 500 declaration files (the 11 examples, renamed) in a fresh folder.
fn folder_of_500() -> tempfile::TempDir {
    let folder = tempfile::tempdir().unwrap();
    let examples = jixiao::storage::bundled_examples();
    for n in 0..500 {
        let (_, mut declaration) = examples[n % examples.len()].clone();
        declaration.project_name = format!("{}（{n}）", declaration.project_name);
        jixiao::storage::save(&folder.path().join(format!("{n:03}.ron")), &declaration).unwrap();
    }
    folder
}

fn completion(c: &mut Criterion) {
    let library = big_library();
    for typed in ["myd", "满意", "平台运维", "wcl", "jishi", "验合率"] {
        c.bench_function(&format!("complete {typed:?} in 10,000 entries"), |b| {
            b.iter(|| library.complete(typed, 10));
        });
    }
    c.bench_function("place one name in 10,000 entries", |b| {
        b.iter(|| library.place("会议费控制数", TargetValue::parse("≤50000(元)").as_ref()));
    });
    let example = jixiao::storage::bundled_examples().swap_remove(6).1;
    c.bench_function("misplaced rows of one form, 10,000 entries", |b| {
        b.iter(|| library.misplaced_rows(&example));
    });
}

fn folders(c: &mut Criterion) {
    let folder = folder_of_500();
    let folders = [folder.path().to_owned()];
    let mut group = c.benchmark_group("500 files");
    group.sample_size(10);
    group.bench_function("build the library from 500 files", |b| {
        b.iter(|| {
            let build = jixiao::projects::build_library(&folders, true);
            assert_eq!(build.declarations, 511);
        });
    });
    group.bench_function("summary of 500 files", |b| {
        b.iter(|| {
            let summary = jixiao::projects::summarize_folder(folder.path()).unwrap();
            assert_eq!(summary.rows.len(), 500);
        });
    });
    group.finish();
}

fn compare(c: &mut Criterion) {
    let examples = jixiao::storage::bundled_examples();
    let old = &examples[1].1;
    let new = &examples[8].1;
    c.bench_function("diff 2023 vs 2026 信息化运维项目", |b| {
        b.iter(|| jixiao::compare::diff(old, new));
    });
}

criterion_group!(benches, completion, folders, compare);
criterion_main!(benches);
