//! Checking scales linearly (issue 8, point 4): `validate::validate` on the sample form grown to
//! 4,000 and to 40,000 level-3 indicators (`tests/support/large_form.rs`), the groups growing
//! tenfold too, which is where a rule comparing siblings pairwise would show. The 40,000 figure
//! should stay within 12× of the 4,000 one. Run with `cargo bench --bench check`.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

#[path = "../tests/support/large_form.rs"]
mod large_form;

fn check(c: &mut Criterion) {
    let mut group = c.benchmark_group("check");
    group.sample_size(20);
    for level3_count in [4_000, 40_000] {
        let declaration = large_form::large_declaration(level3_count);
        group.bench_with_input(
            BenchmarkId::new("indicators", level3_count),
            &declaration,
            |b, declaration| b.iter(|| jixiao::validate::validate(declaration)),
        );
    }
    group.finish();
}

criterion_group!(benches, check);
criterion_main!(benches);
