//! The bodies of the subcommands: read, call the library, print, choose the exit code.
//!
//! Each error is handled once, here, as one line on stderr naming the file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use jixiao::{export, import, pdf, storage, validate};

use super::EXIT_UNREADABLE;

/// `jixiao import FILE... --out DIR`.
pub fn import(files: &[PathBuf], out: &Path) -> ExitCode {
    if let Err(error) = std::fs::create_dir_all(out) {
        eprintln!("无法创建输出文件夹：{error}（{}）", out.display());
        return ExitCode::from(EXIT_UNREADABLE);
    }
    let mut written: Vec<PathBuf> = Vec::new();
    let mut failed = false;
    for file in files {
        let text = match storage::read_text(file) {
            Ok(text) => text,
            Err(error) => {
                eprintln!("{error}");
                failed = true;
                continue;
            }
        };
        let report = import::import_text(&text);
        for warning in &report.warnings {
            eprintln!(
                "{}:{}: 警告: {}",
                file.display(),
                warning.line,
                warning.message
            );
        }
        if report.declarations.is_empty() {
            eprintln!("{}: 未找到申报表", file.display());
        }
        for declaration in &report.declarations {
            let path = storage::unique_path(out, &storage::file_stem(declaration), &written);
            match storage::save(&path, declaration) {
                Ok(()) => {
                    println!("{}", path.display());
                    written.push(path);
                }
                Err(error) => {
                    eprintln!("{error}");
                    failed = true;
                }
            }
        }
    }
    match (written.is_empty(), failed) {
        (false, _) => ExitCode::SUCCESS,
        (true, true) => ExitCode::from(EXIT_UNREADABLE),
        (true, false) => ExitCode::FAILURE,
    }
}

/// `jixiao check FILE.ron... [--json]`: 0 without error findings, 1 with, 2 if a file is unreadable.
pub fn check(files: &[PathBuf], json: bool) -> ExitCode {
    let mut unreadable = false;
    let mut any_error = false;
    let mut rows = Vec::new();
    for file in files {
        let declaration = match storage::load(file) {
            Ok(declaration) => declaration,
            Err(error) => {
                eprintln!("{error}");
                unreadable = true;
                continue;
            }
        };
        for finding in validate::validate(&declaration) {
            any_error |= finding.severity == validate::Severity::Error;
            if json {
                rows.push(serde_json::json!({
                    "file": file.display().to_string(),
                    "severity": finding.severity,
                    "path": finding.path.to_string(),
                    "message": finding.message,
                    "source": finding.source,
                }));
            } else {
                println!(
                    "{}: {}: {}: {}",
                    file.display(),
                    finding.severity.id(),
                    finding.path,
                    finding.message
                );
            }
        }
    }
    if json {
        match serde_json::to_string_pretty(&rows) {
            Ok(text) => println!("{text}"),
            Err(error) => {
                eprintln!("无法生成 JSON：{error}");
                return ExitCode::from(EXIT_UNREADABLE);
            }
        }
    }
    if unreadable {
        ExitCode::from(EXIT_UNREADABLE)
    } else if any_error {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// `jixiao export FILE.ron --format tsv`.
pub fn export_tsv(file: &Path) -> ExitCode {
    match storage::load(file) {
        Ok(declaration) => {
            print!("{}", export::to_tsv(&declaration));
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::from(EXIT_UNREADABLE)
        }
    }
}

/// `jixiao dump FILE.ron --json`.
pub fn dump_json(file: &Path) -> ExitCode {
    let declaration = match storage::load(file) {
        Ok(declaration) => declaration,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(EXIT_UNREADABLE);
        }
    };
    match serde_json::to_string_pretty(&declaration) {
        Ok(text) => {
            println!("{text}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("无法生成 JSON：{error}（{}）", file.display());
            ExitCode::from(EXIT_UNREADABLE)
        }
    }
}

/// `jixiao rollover FILE.ron --year 2027 -o OUT.ron`: prints the findings of the new declaration
/// (what is still to fill in) to stderr.
pub fn rollover(file: &Path, fiscal_year: i32, out: &Path) -> ExitCode {
    if !(1900..=2200).contains(&fiscal_year) {
        eprintln!("年度 {fiscal_year} 不是合理的预算年度（1900–2200）");
        return ExitCode::from(EXIT_UNREADABLE);
    }
    if same_file(file, out) {
        eprintln!(
            "输出文件不能与原申报表相同，原文件不会被覆盖（{}）",
            out.display()
        );
        return ExitCode::from(EXIT_UNREADABLE);
    }
    let source = match storage::load(file) {
        Ok(declaration) => declaration,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(EXIT_UNREADABLE);
        }
    };
    let rolled = jixiao::model::roll_over(&source, fiscal_year);
    if let Err(error) = storage::save(out, &rolled) {
        eprintln!("{error}");
        return ExitCode::from(EXIT_UNREADABLE);
    }
    println!("{}", out.display());
    for finding in validate::validate(&rolled) {
        eprintln!(
            "{}: 待填写: {}: {}",
            out.display(),
            finding.path,
            finding.message
        );
    }
    ExitCode::SUCCESS
}

/// `jixiao print FILE.ron... -o OUT.pdf [--signature]`: one PDF, each form on new pages; the
/// output is replaced atomically. Characters no bundled font has are listed on stderr.
pub fn print(files: &[PathBuf], out: &Path, signature_block: bool) -> ExitCode {
    let mut declarations = Vec::with_capacity(files.len());
    for file in files {
        match storage::load(file) {
            Ok(declaration) => declarations.push(declaration),
            Err(error) => {
                eprintln!("{error}");
                return ExitCode::from(EXIT_UNREADABLE);
            }
        }
    }
    let printed = match pdf::print_to_pdf(&declarations, &pdf::PrintOptions { signature_block }) {
        Ok(printed) => printed,
        Err(error) => {
            eprintln!("{error}（{}）", out.display());
            return ExitCode::FAILURE;
        }
    };
    for warning in &printed.warnings {
        let file = files
            .get(warning.form)
            .map(|f| f.display().to_string())
            .unwrap_or_default();
        eprintln!("{file}: 警告: {}", warning.message);
    }
    if let Err(error) = storage::write_atomic(out, &printed.bytes) {
        eprintln!("{error}");
        return ExitCode::from(EXIT_UNREADABLE);
    }
    println!("{}（{} 页）", out.display(), printed.page_count);
    ExitCode::SUCCESS
}

/// Whether two paths name the same existing file (after resolving links and `..`).
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// `jixiao [FILE.ron]`: the editor window.
pub fn open_window(file: Option<PathBuf>) -> ExitCode {
    match jixiao::ui::run(file) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("无法打开编辑窗口：{error}");
            ExitCode::FAILURE
        }
    }
}
