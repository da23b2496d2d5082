//! Benchmarks of the exchange with spreadsheets (issue 9): the exact TSV export of all 11
//! bundled examples and importing those texts back; the same as `.xlsx` workbooks (one per
//! example, and all 11 in one workbook). Run with `cargo bench --bench exchange`.

#![expect(clippy::unwrap_used, reason = "a benchmark on known-good bundled data")]

use criterion::{Criterion, criterion_group, criterion_main};
use jixiao::model::Declaration;

/// The 11 bundled examples (current layout).
fn examples() -> Vec<Declaration> {
    jixiao::storage::bundled_examples()
        .into_iter()
        .map(|(_, declaration)| declaration)
        .collect()
}

fn exchange(c: &mut Criterion) {
    let declarations = examples();
    assert_eq!(declarations.len(), 11);
    c.bench_function("export all 11 examples as TSV", |b| {
        b.iter(|| {
            declarations
                .iter()
                .map(|declaration| jixiao::export::to_tsv(declaration).len())
                .sum::<usize>()
        });
    });

    let texts: Vec<String> = declarations.iter().map(jixiao::export::to_tsv).collect();
    c.bench_function("import all 11 examples' TSV", |b| {
        b.iter(|| {
            let forms: usize = texts
                .iter()
                .map(|text| jixiao::import::import_text(text).declarations.len())
                .sum();
            assert_eq!(forms, 11);
        });
    });
}

fn workbooks(c: &mut Criterion) {
    let declarations = examples();
    c.bench_function("export all 11 examples as xlsx", |b| {
        b.iter(|| {
            declarations
                .iter()
                .map(|declaration| {
                    jixiao::export::to_xlsx(std::slice::from_ref(declaration))
                        .unwrap()
                        .len()
                })
                .sum::<usize>()
        });
    });

    let workbooks: Vec<Vec<u8>> = declarations
        .iter()
        .map(|declaration| jixiao::export::to_xlsx(std::slice::from_ref(declaration)).unwrap())
        .collect();
    c.bench_function("import all 11 examples' xlsx", |b| {
        b.iter(|| {
            let forms: usize = workbooks
                .iter()
                .map(|bytes| {
                    jixiao::import::import_workbook(bytes)
                        .unwrap()
                        .declarations
                        .len()
                })
                .sum();
            assert_eq!(forms, 11);
        });
    });

    let one = jixiao::export::to_xlsx(&declarations).unwrap();
    c.bench_function("import one workbook of all 11 examples", |b| {
        b.iter(|| {
            let report = jixiao::import::import_workbook(&one).unwrap();
            assert_eq!(report.declarations.len(), 11);
        });
    });
}

criterion_group!(benches, exchange, workbooks);
criterion_main!(benches);
