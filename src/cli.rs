//! The bodies of the subcommands: read, call the library, print, choose the exit code.
//!
//! Each error is handled once, here, as one line on stderr naming the file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use jixiao::{export, import, pdf, storage, validate};

/// Exit status when a file cannot be read or written (`check` documents 2 for this).
const EXIT_UNREADABLE: u8 = 2;

/// Prints a clap error as one line (help and version print in full) and exits accordingly.
pub fn argument_error(error: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) {
        print!("{error}");
        return ExitCode::SUCCESS;
    }
    let rendered = error.render().to_string();
    let reason: Vec<&str> = rendered
        .lines()
        .take_while(|line| !line.starts_with("Usage:"))
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    eprintln!("{}（运行 jixiao --help 查看用法）", reason.join(" "));
    ExitCode::from(EXIT_UNREADABLE)
}

/// `jixiao import FILE... --out DIR`.
pub fn import(files: &[PathBuf], out: &Path) -> ExitCode {
    if let Err(error) = std::fs::create_dir_all(out) {
        eprintln!("无法创建输出文件夹：{error}（{}）", out.display());
        return ExitCode::from(EXIT_UNREADABLE);
    }
    let mut written: Vec<PathBuf> = Vec::new();
    let mut failed = false;
    for file in files {
        let bytes = match storage::read_import(file) {
            Ok(bytes) => bytes,
            Err(error) => {
                eprintln!("{error}");
                failed = true;
                continue;
            }
        };
        let imported = match import::import_document(&bytes) {
            Ok(imported) => imported,
            Err(error) => {
                eprintln!("{error}（{}）", file.display());
                failed = true;
                continue;
            }
        };
        let report = imported.report;
        for warning in &report.warnings {
            match &warning.sheet {
                Some(sheet) => eprintln!(
                    "{}[{sheet}]:{}: 警告: {}",
                    file.display(),
                    warning.line,
                    warning.message
                ),
                None => eprintln!(
                    "{}:{}: 警告: {}",
                    file.display(),
                    warning.line,
                    warning.message
                ),
            }
        }
        if report.declarations.is_empty() {
            eprintln!("{}: 未找到申报表", file.display());
        } else {
            eprintln!(
                "{}: 找到 {} 张申报表（读自{}）",
                file.display(),
                report.declarations.len(),
                imported.kind.label()
            );
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

/// `jixiao export FILE.ron --format tsv [-o OUT]`: to stdout, or to `OUT` (atomically).
pub fn export_tsv(file: &Path, out: Option<&Path>) -> ExitCode {
    let declaration = match storage::load(file) {
        Ok(declaration) => declaration,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(EXIT_UNREADABLE);
        }
    };
    let text = export::to_tsv(&declaration);
    match out {
        None => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Some(out) => write_export(file, out, text.as_bytes()),
    }
}

/// `jixiao export FILE.ron --format xlsx -o OUT.xlsx`: the official table as printed, one
/// worksheet (atomically).
pub fn export_xlsx(file: &Path, out: Option<&Path>) -> ExitCode {
    let Some(out) = out else {
        eprintln!("导出 Excel 工作簿需要用 -o 指定输出文件，如 -o 申报表.xlsx");
        return ExitCode::from(EXIT_UNREADABLE);
    };
    let declaration = match storage::load(file) {
        Ok(declaration) => declaration,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(EXIT_UNREADABLE);
        }
    };
    match export::to_xlsx(std::slice::from_ref(&declaration)) {
        Ok(bytes) => write_export(file, out, &bytes),
        Err(error) => {
            eprintln!("{error}（{}）", file.display());
            ExitCode::FAILURE
        }
    }
}

/// Writes an export of `file` to `out` atomically; never over the declaration itself.
fn write_export(file: &Path, out: &Path, bytes: &[u8]) -> ExitCode {
    if same_file(file, out) {
        eprintln!(
            "输出文件不能与原申报表相同，原文件不会被覆盖（{}）",
            out.display()
        );
        return ExitCode::from(EXIT_UNREADABLE);
    }
    if let Err(error) = storage::write_atomic(out, bytes) {
        eprintln!("{error}");
        return ExitCode::from(EXIT_UNREADABLE);
    }
    println!("{}", out.display());
    ExitCode::SUCCESS
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
/// output is replaced atomically. Tells on stderr, per file, how many errors the reviewers'
/// rules find and what looks wrong in the print (missing characters, shrunk amounts, texts over
/// many pages); the PDF is still written and the exit code stays 0 unless writing fails.
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
    for (file, errors) in files.iter().zip(&printed.error_counts) {
        if *errors > 0 {
            eprintln!(
                "{}: 有 {errors} 处错误，审核时会被退回（jixiao check 查看详情），仍照常打印",
                file.display()
            );
        }
    }
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
