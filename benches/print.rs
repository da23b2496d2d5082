//! Benchmarks of printing (issue 3): one sample form and all 11 current-layout sample forms
//! into one PDF, layout and PDF writing together. Run with `cargo bench --bench print`; the PDF
//! sizes are printed once before the timings.

#![expect(clippy::unwrap_used, reason = "a benchmark on known-good bundled data")]
#![expect(clippy::print_stderr, reason = "the benchmark reports PDF sizes")]

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use jixiao::model::Declaration;
use jixiao::pdf::{PrintOptions, print_to_pdf};

const EXAMPLE: &str = "2026-党建服务工作经费.ron";

fn examples() -> Vec<Declaration> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples");
    let mut paths: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "ron"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| jixiao::storage::load(path).unwrap())
        .collect()
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
    for (label, forms) in [("one form", &one), ("all 11 forms", &all)] {
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
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = print
}
criterion_main!(benches);
