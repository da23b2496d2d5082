//! The command line's exchange with Excel, WPS and PDF (issue 9 points 4–7), run as a user runs
//! it: `export --format xlsx -o`, and `import` of the workbook and of printed PDFs, checked with
//! `dump --json`.

#![expect(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

use std::path::{Path, PathBuf};

#[path = "support/cli.rs"]
mod cli;
use cli::{stderr, stdout};

/// `jixiao ARGS…` with a fixed print time, so the PDFs are reproducible.
fn jixiao(args: &[&str]) -> std::process::Output {
    cli::jixiao_at(args, "1767571200")
}

fn text(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// `jixiao dump FILE --json`.
fn dump(path: &Path) -> String {
    let output = jixiao(&["dump", text(path), "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    stdout(&output)
}

/// `jixiao import FILE --out DIR`: the files written, in order.
fn import(file: &Path, out: &Path) -> Vec<PathBuf> {
    let output = jixiao(&["import", text(file), "--out", text(out)]);
    assert!(output.status.success(), "{}", stderr(&output));
    stdout(&output).lines().map(PathBuf::from).collect()
}

#[test]
fn an_exported_workbook_imports_to_the_same_declaration() {
    let temp = tempfile::tempdir().unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/examples/2023-组织部门建设和管理工作经费.ron");
    let workbook = temp.path().join("组织部门.xlsx");
    let output = jixiao(&[
        "export",
        text(&example),
        "--format",
        "xlsx",
        "-o",
        text(&workbook),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output).trim(), text(&workbook));
    let written = import(&workbook, &temp.path().join("导入"));
    assert_eq!(written.len(), 1);
    assert_eq!(dump(&written[0]), dump(&example));
    // Where the forms came from is said on stderr.
    let output = jixiao(&["import", text(&workbook), "--out", text(temp.path())]);
    assert!(stderr(&output).contains("找到 1 张申报表（读自Excel/WPS 工作簿）"));
}

#[test]
fn a_workbook_needs_an_output_file_and_never_replaces_the_declaration() {
    let temp = tempfile::tempdir().unwrap();
    let example =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples/2026-党建服务工作经费.ron");
    let output = jixiao(&["export", text(&example), "--format", "xlsx"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("需要用 -o 指定输出文件"));
    let copy = temp.path().join("form.ron");
    std::fs::copy(&example, &copy).unwrap();
    let output = jixiao(&["export", text(&copy), "--format", "xlsx", "-o", text(&copy)]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(dump(&copy), dump(&example));
}

#[test]
fn every_form_of_a_printed_pdf_comes_back_exactly() {
    // The 2018 sample forms, imported, printed into one PDF, imported again: four files,
    // each dumping as its source did.
    let temp = tempfile::tempdir().unwrap();
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/forms/forms-2018.txt");
    let sources = import(&seed, &temp.path().join("源"));
    assert_eq!(sources.len(), 4);
    let pdf = temp.path().join("2018.pdf");
    let mut args = vec!["print"];
    args.extend(sources.iter().map(|path| text(path)));
    args.extend(["-o", text(&pdf)]);
    let output = jixiao(&args);
    assert!(output.status.success(), "{}", stderr(&output));
    let back = import(&pdf, &temp.path().join("回"));
    let dumps = |paths: &[PathBuf]| paths.iter().map(|path| dump(path)).collect::<Vec<_>>();
    assert_eq!(dumps(&back), dumps(&sources));
}

#[test]
fn a_file_that_is_no_form_is_refused_in_chinese() {
    let temp = tempfile::tempdir().unwrap();
    let broken = temp.path().join("坏.pdf");
    std::fs::write(&broken, b"%PDF-1.7 not really").unwrap();
    let output = jixiao(&["import", text(&broken), "--out", text(temp.path())]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("不是可读取的 PDF 文件"), "{message}");
    assert!(message.contains("坏.pdf"), "{message}");
    assert!(!message.is_ascii());
}
