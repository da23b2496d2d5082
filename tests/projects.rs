//! A folder of projects (`jixiao::projects`): the summary of a folder of the sample forms, with
//! a blank amount, an older layout and a broken file; and the library built from folders.
//! Amounts are read from `tests/fixtures/forms/` (年度资金申请总额 of each form).

#![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

use std::path::{Path, PathBuf};

use jixiao::model::{FormLayout, parse_yuan};
use jixiao::projects::{build_library, summarize_folder};
use jixiao::storage::{self, BUNDLED_EXAMPLES};

/// The 11 bundled examples written into `folder` as files.
fn write_examples(folder: &Path) {
    for (name, text) in BUNDLED_EXAMPLES {
        std::fs::write(folder.join(name), text).unwrap();
    }
}

fn seed_2020() -> Vec<jixiao::model::Declaration> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/forms/forms-2020.txt");
    let text = storage::read_text(&path).unwrap();
    jixiao::import::import_text(&text).declarations
}

fn yuan(text: &str) -> jixiao::model::Yuan {
    parse_yuan(text).unwrap()
}

#[test]
fn a_folder_summary_has_one_row_per_file_and_totals_per_year() {
    let folder = tempfile::tempdir().unwrap();
    write_examples(folder.path());
    // A 2026 form whose amount is blank.
    let (_, mut blank) = storage::bundled_examples()
        .into_iter()
        .find(|(label, _)| label.ends_with("2026-党建服务工作经费.ron"))
        .unwrap();
    blank.project_name = "党建服务工作经费（草稿）".into();
    blank.current_mut().unwrap().funding.annual_total = None;
    storage::save(&folder.path().join("2026-草稿.ron"), &blank).unwrap();
    // The first 2020 form: 项目当年预算（元） 3,845,000.
    let older = seed_2020().remove(0);
    storage::save(&folder.path().join("2020-电教远教工作经费.ron"), &older).unwrap();
    // A broken file and a file that is not a declaration at all.
    std::fs::write(
        folder.path().join("broken.ron"),
        "#![enable(implicit_some)]\n(\n    format: \"jixiao\",\n",
    )
    .unwrap();
    std::fs::write(folder.path().join("readme.txt"), "not a form").unwrap();

    let summary = summarize_folder(folder.path()).unwrap();
    assert_eq!(summary.rows.len(), 14);
    assert_eq!(summary.unreadable, 1);

    let row = |name: &str| {
        summary
            .rows
            .iter()
            .find(|row| row.file.file_name().unwrap() == name)
            .unwrap()
    };
    let facts = row("2026-党建服务工作经费.ron").facts.as_ref().unwrap();
    assert_eq!(facts.fiscal_year, 2026);
    assert_eq!(facts.project_name, "党建服务工作经费");
    assert_eq!(facts.annual_total, Some(yuan("1,139,000.00")));
    // Every required cell is filled and the sums hold; it has no 成本指标 (a warning).
    assert_eq!(facts.errors, 0);
    assert!(facts.warnings >= 1);
    assert!(row("2026-党建服务工作经费.ron").modified.is_some());

    let draft = row("2026-草稿.ron").facts.as_ref().unwrap();
    assert_eq!(draft.annual_total, None);
    // 年度资金申请总额 is required: at least that error.
    assert!(draft.errors >= 1);

    let older = row("2020-电教远教工作经费.ron").facts.as_ref().unwrap();
    assert_eq!(older.layout, FormLayout::Y2020);
    assert_eq!(older.annual_total, Some(yuan("3,845,000")));

    let broken = row("broken.ron").facts.as_ref().unwrap_err();
    assert!(broken.contains("broken.ron"), "{broken}");
    assert!(broken.contains("文件"), "{broken}");

    // Totals per year, read from the forms: 2023 six forms, 26,413,037.00; 2026 five forms
    // 12,482,226.00 plus the draft (blank); 2020 one form 3,845,000.
    let years: Vec<(i32, usize, usize, String)> = summary
        .years
        .iter()
        .map(|y| {
            (
                y.fiscal_year,
                y.declarations,
                y.blank_amounts,
                y.annual_total.to_string(),
            )
        })
        .collect();
    assert_eq!(
        years,
        [
            (2020, 1, 0, yuan("3845000").to_string()),
            (2023, 6, 0, yuan("26413037").to_string()),
            (2026, 6, 1, yuan("12482226").to_string()),
        ]
    );
    assert_eq!(summary.total, yuan("42740263"));
}

#[test]
fn a_folder_that_cannot_be_read_is_an_error_naming_it() {
    let missing = PathBuf::from("/nope/没有这个文件夹");
    let error = summarize_folder(&missing).unwrap_err().to_string();
    assert!(error.contains("没有这个文件夹"), "{error}");
    assert!(error.starts_with("无法读取文件夹"), "{error}");
}

#[test]
fn an_empty_folder_sums_to_zero() {
    let folder = tempfile::tempdir().unwrap();
    let summary = summarize_folder(folder.path()).unwrap();
    assert!(summary.rows.is_empty());
    assert!(summary.years.is_empty());
    assert!(summary.total.is_zero());
}

#[test]
fn the_library_reads_subfolders_and_counts_an_example_once() {
    let folder = tempfile::tempdir().unwrap();
    let sub = folder.path().join("2026");
    std::fs::create_dir(&sub).unwrap();
    write_examples(&sub);
    std::fs::write(folder.path().join("broken.ron"), "(").unwrap();
    let missing = folder.path().join("missing");

    let build = build_library(&[folder.path().to_owned(), missing.clone()], true);
    // The folder holds copies of all 11 examples: each is counted once.
    assert_eq!(build.declarations, 11);
    assert_eq!(build.library.sources().len(), 11);
    assert!(
        build
            .library
            .sources()
            .iter()
            .all(|s| !s.file.starts_with("示例/"))
    );
    let entry = build.library.entries_named("系统使用人员满意度");
    assert_eq!(entry[0].count, 3);
    // The broken file and the missing folder are reported, not fatal.
    assert_eq!(build.problems.len(), 2);
    let messages: Vec<String> = build.problems.iter().map(ToString::to_string).collect();
    assert!(
        messages.iter().any(|m| m.contains("broken.ron")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("missing")),
        "{messages:?}"
    );

    // Without folders, the examples alone.
    let examples_only = build_library(&[], true);
    assert_eq!(examples_only.declarations, 11);
    assert!(examples_only.library.sources()[0].file.starts_with("示例/"));
    assert!(build_library(&[], false).library.entries().is_empty());
}
