//! Benchmarks of the foundation (issue 2): importing all 11 current-layout sample forms, loading
//! and validating one form, saving one form. Run with `cargo bench --bench foundation`.

#![expect(clippy::unwrap_used, reason = "a benchmark on known-good bundled data")]

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};

const SEEDS: [&str; 2] = ["forms-2026.txt", "forms-2023.txt"];
const EXAMPLE: &str = "assets/examples/2026-党建服务工作经费.ron";

fn seeds() -> Vec<String> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/forms");
    SEEDS
        .iter()
        .map(|name| std::fs::read_to_string(folder.join(name)).unwrap())
        .collect()
}

fn foundation(c: &mut Criterion) {
    let texts = seeds();
    c.bench_function("import all 11 current-layout forms", |b| {
        b.iter(|| {
            let forms: usize = texts
                .iter()
                .map(|text| jixiao::import::import_text(text).declarations.len())
                .sum();
            assert_eq!(forms, 11);
        });
    });

    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join(EXAMPLE);
    c.bench_function("load + validate one form", |b| {
        b.iter(|| {
            let declaration = jixiao::storage::load(&example).unwrap();
            jixiao::validate::validate(&declaration)
        });
    });

    let declaration = jixiao::storage::load(&example).unwrap();
    c.bench_function("validate one form (in memory)", |b| {
        b.iter(|| jixiao::validate::validate(&declaration));
    });

    let folder = tempfile::tempdir().unwrap();
    let target = folder.path().join("form.ron");
    c.bench_function("save one form (atomic, with fsync)", |b| {
        b.iter(|| jixiao::storage::save(&target, &declaration).unwrap());
    });
}

criterion_group!(benches, foundation);
criterion_main!(benches);
