//! Benchmarks of printing (issues 3 and 11): one sample form and all 11 current-layout sample
//! forms into one PDF, layout and PDF writing together; and, to show printing stays linear, a
//! form of 2,000 and of 20,000 indicators, and batches of 10 and 100 forms. Run with
//! `cargo bench --bench print`; the PDF sizes and page counts are printed once before the
//! timings.

#![expect(clippy::unwrap_used, reason = "a benchmark on known-good bundled data")]
#![expect(clippy::print_stderr, reason = "the benchmark reports PDF sizes")]

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use jixiao::model::{
    Comparator, Declaration, Level1Indicator, Level2Indicator, Level3Indicator, TargetNumber,
    TargetValue,
};
use jixiao::pdf::{PrintOptions, print_to_pdf};

const EXAMPLE: &str = "2026-党建服务工作经费.ron";

/// The 11 bundled examples (current layout).
fn examples() -> Vec<Declaration> {
    jixiao::storage::bundled_examples()
        .into_iter()
        .map(|(_, declaration)| declaration)
        .collect()
}

/// The example form with `count` indicators, 25 to a level-2 group, four level-1 groups.
fn with_indicators(example: &Declaration, count: usize) -> Declaration {
    let mut declaration = example.clone();
    let per_level1 = count / 4;
    declaration.indicators = ["成本指标", "产出指标", "效益指标", "满意度指标"]
        .iter()
        .map(|name| Level1Indicator {
            name: (*name).to_owned(),
            children: (0..per_level1.div_ceil(25))
                .map(|i2| Level2Indicator {
                    name: format!("二级指标{i2}"),
                    children: (0..25.min(per_level1 - i2 * 25))
                        .map(|i3| {
                            Level3Indicator::new(
                                format!("平台稳定运行指标{i2}-{i3}"),
                                Some(TargetValue::Quantitative {
                                    comparator: Comparator::Ge,
                                    number: TargetNumber(90.into()),
                                    unit: "%".to_owned(),
                                }),
                            )
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    declaration
}

fn print(c: &mut Criterion) {
    let all = examples();
    let one = vec![
        jixiao::storage::load(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("assets/examples")
                .join(EXAMPLE),
        )
        .unwrap(),
    ];
    let options = PrintOptions::default();
    let example = one.first().unwrap();
    let indicators_2k = vec![with_indicators(example, 2_000)];
    let indicators_20k = vec![with_indicators(example, 20_000)];
    let forms_10: Vec<Declaration> = all.iter().cycle().take(10).cloned().collect();
    let forms_100: Vec<Declaration> = all.iter().cycle().take(100).cloned().collect();
    for (label, forms) in [
        ("one form", &one),
        ("all 11 forms", &all),
        ("2,000 indicators", &indicators_2k),
        ("20,000 indicators", &indicators_20k),
        ("10 forms", &forms_10),
        ("100 forms", &forms_100),
    ] {
        let printed = print_to_pdf(forms, &options).unwrap();
        eprintln!(
            "{label}: {} pages, {} bytes ({:.1} KB)",
            printed.page_count,
            printed.bytes.len(),
            printed.bytes.len() as f64 / 1024.0
        );
    }
    c.bench_function("print one form to PDF", |b| {
        b.iter(|| print_to_pdf(&one, &options).unwrap().bytes.len());
    });
    c.bench_function("print all 11 forms to one PDF", |b| {
        b.iter(|| print_to_pdf(&all, &options).unwrap().bytes.len());
    });
    let mut group = c.benchmark_group("linear");
    group.sample_size(10);
    for (label, forms) in [
        ("2,000 indicators", &indicators_2k),
        ("20,000 indicators", &indicators_20k),
        ("10 forms", &forms_10),
        ("100 forms", &forms_100),
    ] {
        group.bench_function(label, |b| {
            b.iter(|| print_to_pdf(forms, &options).unwrap().bytes.len());
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = print
}
criterion_main!(benches);
