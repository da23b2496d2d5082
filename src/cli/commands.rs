//! The bodies of the subcommands: read, call the library, print, choose the exit code.
//!
//! Each error is handled once, here, as one line on stderr naming the file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use jixiao::storage::{self, OutputKind};
use jixiao::{export, import, pdf, validate};

use super::EXIT_UNREADABLE;
use super::output::{Stdout, warn};

/// `jixiao import FILE... --out DIR`: one new file per form found, never replacing a file (the
/// next free name `{年度}-{项目名称}-2.ron` is taken at the moment of writing, so imports running
/// at once into one folder keep every form). Exit 0 when every form was written, 1 when no form
/// was found, 2 when a file could not be read or a form could not be written (each named).
pub fn import(files: &[PathBuf], out: &Path) -> ExitCode {
    if let Err(error) = storage::create_folder(out) {
        warn(&error.to_string());
        return ExitCode::from(EXIT_UNREADABLE);
    }
    let mut stdout = Stdout::new();
    let mut new_files = storage::NewFiles::new(out);
    let mut found = 0_usize;
    let mut failed = false;
    for file in files {
        let bytes = match storage::read_import(file) {
            Ok(bytes) => bytes,
            Err(error) => {
                warn(&error.to_string());
                failed = true;
                continue;
            }
        };
        let imported = match import::import_document(&bytes) {
            Ok(imported) => imported,
            Err(error) => {
                warn(&format!("{error}（{}）", file.display()));
                failed = true;
                continue;
            }
        };
        let report = imported.report;
        for warning in &report.warnings {
            let sheet = warning
                .sheet
                .as_ref()
                .map(|sheet| format!("[{sheet}]"))
                .unwrap_or_default();
            warn(&format!(
                "{}{sheet}:{}: 警告: {}",
                file.display(),
                warning.line,
                warning.message
            ));
        }
        if report.declarations.is_empty() {
            warn(&format!("{}: 未找到申报表", file.display()));
        } else {
            warn(&format!(
                "{}: 找到 {} 张申报表（读自{}）",
                file.display(),
                report.declarations.len(),
                imported.kind.label()
            ));
        }
        for declaration in &report.declarations {
            found += 1;
            match new_files.save(declaration) {
                Ok(path) => stdout.line(&path.display().to_string()),
                Err(error) => {
                    warn(&format!(
                        "{}: 「{}」未能写入：{error}",
                        file.display(),
                        declaration.project_name
                    ));
                    failed = true;
                }
            }
        }
    }
    let printed = stdout.finish();
    if failed || !printed {
        ExitCode::from(EXIT_UNREADABLE)
    } else if found == 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// `jixiao check FILE.ron... [--json]`: 0 without error findings, 1 with, 2 if a file is unreadable.
pub fn check(files: &[PathBuf], json: bool) -> ExitCode {
    let mut stdout = Stdout::new();
    let mut unreadable = false;
    let mut any_error = false;
    let mut rows = Vec::new();
    for file in files {
        let declaration = match storage::load(file) {
            Ok(declaration) => declaration,
            Err(error) => {
                warn(&error.to_string());
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
                stdout.line(&format!(
                    "{}: {}: {}: {}",
                    file.display(),
                    finding.severity.id(),
                    finding.path,
                    finding.message
                ));
            }
        }
    }
    if json {
        match serde_json::to_string_pretty(&rows) {
            Ok(text) => stdout.line(&text),
            Err(_) => {
                warn("无法生成 JSON（程序内部错误）");
                return ExitCode::from(EXIT_UNREADABLE);
            }
        }
    }
    let printed = stdout.finish();
    if unreadable || !printed {
        ExitCode::from(EXIT_UNREADABLE)
    } else if any_error {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Loads a declaration, or reports why not.
fn load(file: &Path) -> Result<jixiao::model::Declaration, ExitCode> {
    storage::load(file).map_err(|error| {
        warn(&error.to_string());
        ExitCode::from(EXIT_UNREADABLE)
    })
}

/// Prints `text` on stdout; a closed pipe is a normal end (exit 0).
fn print_result(text: &str) -> ExitCode {
    let mut stdout = Stdout::new();
    stdout.print(text);
    if stdout.finish() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_UNREADABLE)
    }
}

/// `jixiao export FILE.ron --format tsv [-o OUT]`: to stdout, or to `OUT` (atomically).
pub fn export_tsv(file: &Path, out: Option<&Path>) -> ExitCode {
    let declaration = match load(file) {
        Ok(declaration) => declaration,
        Err(code) => return code,
    };
    let text = export::to_tsv(&declaration);
    match out {
        None => print_result(&text),
        Some(out) => write_export(file, out, text.as_bytes()),
    }
}

/// `jixiao export FILE.ron --format xlsx -o OUT.xlsx`: the official table as printed, on one
/// worksheet, written atomically.
pub fn export_xlsx(file: &Path, out: Option<&Path>) -> ExitCode {
    let Some(out) = out else {
        warn("导出 Excel 工作簿需要用 -o 指定输出文件，如 -o 申报表.xlsx");
        return ExitCode::from(EXIT_UNREADABLE);
    };
    let declaration = match load(file) {
        Ok(declaration) => declaration,
        Err(code) => return code,
    };
    match export::to_xlsx(std::slice::from_ref(&declaration)) {
        Ok(bytes) => write_export(file, out, &bytes),
        Err(error) => {
            warn(&format!("{error}（{}）", file.display()));
            ExitCode::FAILURE
        }
    }
}

/// Writes an export of `file` to `out` atomically; never over the declaration itself, nor
/// over any `.ron` ([`storage::check_output`]).
fn write_export(file: &Path, out: &Path, bytes: &[u8]) -> ExitCode {
    if let Err(error) = storage::check_output(out, &[file], OutputKind::Pdf) {
        warn(&error.to_string());
        return ExitCode::from(EXIT_UNREADABLE);
    }
    if let Err(error) = storage::write_atomic(out, bytes) {
        warn(&error.to_string());
        return ExitCode::from(EXIT_UNREADABLE);
    }
    print_result(&format!("{}\n", out.display()))
}

/// `jixiao dump FILE.ron --json`.
pub fn dump_json(file: &Path) -> ExitCode {
    let declaration = match load(file) {
        Ok(declaration) => declaration,
        Err(code) => return code,
    };
    match serde_json::to_string_pretty(&declaration) {
        Ok(text) => print_result(&format!("{text}\n")),
        Err(_) => {
            warn(&format!(
                "无法生成 JSON（程序内部错误）（{}）",
                file.display()
            ));
            ExitCode::from(EXIT_UNREADABLE)
        }
    }
}

/// `jixiao rollover FILE.ron --year 2027 -o OUT.ron`: the new year must come after the form's;
/// the output is never the source. Prints the findings of the new declaration (what is still
/// to fill in) to stderr.
pub fn rollover(file: &Path, fiscal_year: i32, out: &Path) -> ExitCode {
    if !(1900..=2200).contains(&fiscal_year) {
        warn(&format!(
            "年度 {fiscal_year} 不是合理的预算年度（1900–2200）"
        ));
        return ExitCode::from(EXIT_UNREADABLE);
    }
    if let Err(error) = storage::check_output(out, &[file], OutputKind::Declaration) {
        warn(&error.to_string());
        return ExitCode::from(EXIT_UNREADABLE);
    }
    let source = match load(file) {
        Ok(declaration) => declaration,
        Err(code) => return code,
    };
    if fiscal_year <= source.fiscal_year {
        warn(&format!(
            "新年度 {fiscal_year} 应晚于原申报表的年度 {}，未写入任何文件（{}）",
            source.fiscal_year,
            file.display()
        ));
        return ExitCode::from(EXIT_UNREADABLE);
    }
    let rolled = jixiao::model::roll_over(&source, fiscal_year);
    if let Err(code) = tell_written(out, storage::save_checked(out, &rolled, None)) {
        return code;
    }
    let mut stdout = Stdout::new();
    stdout.line(&out.display().to_string());
    for finding in validate::validate(&rolled) {
        warn(&format!(
            "{}: 待填写: {}: {}",
            out.display(),
            finding.path,
            finding.message
        ));
    }
    if stdout.finish() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_UNREADABLE)
    }
}

/// Says on stderr why `out` could not be written (exit 2), or how it had to be written when
/// that is worth knowing ([`storage::Written::note`]: in place, in a read-only folder).
fn tell_written(
    out: &Path,
    result: Result<storage::Written, storage::StorageError>,
) -> Result<(), ExitCode> {
    match result {
        Ok(written) => {
            if let Some(note) = written.note() {
                warn(&format!("{}: {note}", out.display()));
            }
            Ok(())
        }
        Err(error) => {
            warn(&error.to_string());
            Err(ExitCode::from(EXIT_UNREADABLE))
        }
    }
}

/// `jixiao print FILE.ron... -o OUT.pdf [--signature]`: one PDF, each form on new pages; the
/// output is replaced atomically, and is never one of the inputs nor a `.ron` file. Characters
/// no bundled font has are listed on stderr.
pub fn print(files: &[PathBuf], out: &Path, signature_block: bool) -> ExitCode {
    if let Err(error) = storage::check_output(out, files, OutputKind::Pdf) {
        warn(&error.to_string());
        return ExitCode::from(EXIT_UNREADABLE);
    }
    let mut declarations = Vec::with_capacity(files.len());
    for file in files {
        match load(file) {
            Ok(declaration) => declarations.push(declaration),
            Err(code) => return code,
        }
    }
    let printed = match pdf::print_to_pdf(&declarations, &pdf::PrintOptions { signature_block }) {
        Ok(printed) => printed,
        Err(error) => {
            warn(&format!("{error}（{}）", out.display()));
            return ExitCode::FAILURE;
        }
    };
    for (file, errors) in files.iter().zip(&printed.error_counts) {
        if *errors > 0 {
            warn(&format!(
                "{}: 有 {errors} 处错误，审核时会被退回（jixiao check 查看详情），仍照常打印",
                file.display()
            ));
        }
    }
    for warning in &printed.warnings {
        let file = files
            .get(warning.form)
            .map(|f| f.display().to_string())
            .unwrap_or_default();
        warn(&format!("{file}: 警告: {}", warning.message));
    }
    if let Err(code) = tell_written(out, storage::write_checked(out, &printed.bytes, None)) {
        return code;
    }
    print_result(&format!("{}（{} 页）\n", out.display(), printed.page_count))
}

/// `jixiao [FILE.ron]`: the editor window. A single word that is neither an existing file nor a
/// `.ron` name is a mistyped command (`jixiao frobnicate`), not a file to open.
pub fn open_window(file: Option<PathBuf>) -> ExitCode {
    if let Some(path) = &file
        && looks_like_a_command(path)
    {
        warn(&format!(
            "无法识别的命令「{}」（可用的命令见 jixiao --help；要打开文件，请给出 .ron 文件的路径）",
            path.display()
        ));
        return ExitCode::from(EXIT_UNREADABLE);
    }
    match jixiao::ui::run(file) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            warn(&format!("无法打开编辑窗口：{}", window_error(&error)));
            ExitCode::FAILURE
        }
    }
}

/// Whether an argument given where a file may stand is rather a mistyped command: no such file,
/// no `.ron` extension, no folder part.
fn looks_like_a_command(path: &Path) -> bool {
    let is_ron = path
        .extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("ron"));
    let has_folder = path
        .parent()
        .is_some_and(|parent| !parent.as_os_str().is_empty());
    !is_ron && !has_folder && std::fs::symlink_metadata(path).is_err()
}

/// Why the window could not open, in Chinese: the graphics libraries' own messages are English
/// and name their source files.
fn window_error(error: &eframe::Error) -> String {
    let no_display = cfg!(all(unix, not(target_os = "macos")))
        && ["DISPLAY", "WAYLAND_DISPLAY", "WAYLAND_SOCKET"]
            .iter()
            .all(|name| std::env::var_os(name).is_none_or(|value| value.is_empty()));
    match error {
        _ if no_display => "没有可用的图形显示（未设置 DISPLAY 或 WAYLAND_DISPLAY）。\
            在没有桌面的 Linux 上可用 xvfb-run jixiao 运行，命令行功能见 jixiao --help"
            .to_owned(),
        eframe::Error::WinitEventLoop(_) | eframe::Error::Winit(_) => {
            "无法连接图形界面（窗口系统拒绝创建窗口）".to_owned()
        }
        eframe::Error::Glutin(_)
        | eframe::Error::NoGlutinConfigs(..)
        | eframe::Error::OpenGL(_) => {
            "显卡驱动不支持 OpenGL 2.0 或更高版本，请更新显卡驱动后重试".to_owned()
        }
        _ => "编辑器启动失败".to_owned(),
    }
}
