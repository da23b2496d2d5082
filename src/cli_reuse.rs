//! The bodies of the reuse-and-compare subcommands (issue 12): `library`, `suggest`, `summary`
//! and `diff`. Each reads through the library crate, prints, and chooses the exit code; each
//! error is one line on stderr naming the file or folder.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::{Value, json};

use crate::cli::EXIT_UNREADABLE;
use crate::cli::output::{Stdout, warn};

use jixiao::compare;
use jixiao::library::{Counted, Entry, Library};
use jixiao::model::{TargetValue, format_yuan};
use jixiao::projects::{self, FolderSummary};
use jixiao::storage::{self, StorageError};

/// How many similar indicators `suggest` lists.
const SIMILAR_LIMIT: usize = 10;

/// How many placements `suggest` prints as text (JSON has all of them).
const PLACEMENTS_SHOWN: usize = 5;

/// Prints `value` as pretty JSON; `false` (after saying why) if it cannot be written.
fn print_json(out: &mut Stdout, value: &Value) -> bool {
    match serde_json::to_string_pretty(value) {
        Ok(text) => {
            out.line(&text);
            true
        }
        Err(error) => {
            warn(&format!("无法生成 JSON：{error}"));
            false
        }
    }
}

/// Builds the library from `folders` plus the bundled examples; problems go to stderr. The
/// second value says whether a named folder could not be read.
fn load_library(folders: &[PathBuf]) -> (Library, bool) {
    let build = projects::build_library(folders, true);
    let mut folder_failed = false;
    for problem in &build.problems {
        let is_folder = matches!(problem, StorageError::Io { path, .. } if folders.contains(path));
        folder_failed |= is_folder;
        if is_folder {
            warn(&problem.to_string());
        } else {
            warn(&format!("警告：已跳过无法读取的文件：{problem}"));
        }
    }
    (build.library, folder_failed)
}

/// A counted list as text: `=100.00(%)×3；≥90(%)`.
fn counted_text<T: std::fmt::Display>(list: &[Counted<T>]) -> String {
    list.iter()
        .map(|counted| match counted.count {
            1 => counted.value.to_string(),
            n => format!("{}×{n}", counted.value),
        })
        .collect::<Vec<_>>()
        .join("；")
}

fn entry_json(library: &Library, entry: &Entry) -> Value {
    json!({
        "level1": entry.level1,
        "level2": entry.level2,
        "name": entry.name,
        "standard": entry.standard.map(|p| json!({"level1": p.level1, "level2": p.level2})),
        "values": entry.values.iter().map(|c| json!({"value": c.value.to_string(), "count": c.count})).collect::<Vec<_>>(),
        "units": entry.units.iter().map(|c| json!({"unit": c.value, "count": c.count})).collect::<Vec<_>>(),
        "years": entry.years,
        "count": entry.count,
        "sources": entry.sources.iter().filter_map(|s| library.sources().get(*s)).map(|s| s.file.as_str()).collect::<Vec<_>>(),
    })
}

/// `jixiao library DIR... [--json]`: every entry of the library built from the folders (and
/// their subfolders) plus the bundled examples. Exit 0; 2 when a folder cannot be read.
pub fn library(folders: &[PathBuf], json_output: bool) -> ExitCode {
    let mut out = Stdout::new();
    let (library, folder_failed) = load_library(folders);
    if json_output {
        let entries: Vec<Value> = library
            .entries()
            .iter()
            .map(|entry| entry_json(&library, entry))
            .collect();
        if !print_json(&mut out, &Value::Array(entries)) {
            return ExitCode::from(EXIT_UNREADABLE);
        }
    } else {
        for entry in library.entries() {
            let years: Vec<String> = entry.years.iter().map(ToString::to_string).collect();
            out.line(&format!(
                "{}\t{}\t{}\t{}\t{} 次\t{}\t{} 个文件",
                entry.level1,
                entry.level2,
                entry.name,
                counted_text(&entry.values),
                entry.count,
                years.join("、"),
                entry.sources.len()
            ));
        }
        out.line(&format!(
            "共 {} 条指标，来自 {} 份申报表",
            library.entries().len(),
            library.sources().len()
        ));
    }
    if !out.finish() || folder_failed {
        ExitCode::from(EXIT_UNREADABLE)
    } else {
        ExitCode::SUCCESS
    }
}

/// Score rounded for printing (scores are shares, 0–1).
fn rounded(score: f64) -> f64 {
    (score * 10_000.0).round() / 10_000.0
}

/// `jixiao suggest --library DIR... [--value VALUE] [--json] NAME`: placements ranked, then
/// similar indicators. When NAME is not given apart, the last value after `--library` is taken
/// as NAME (`--library A B 满意度`). Exit 0; 2 when a folder cannot be read or NAME is missing.
pub fn suggest(
    mut folders: Vec<PathBuf>,
    value: Option<&str>,
    json_output: bool,
    name: Option<String>,
) -> ExitCode {
    let mut out = Stdout::new();
    let name = match name {
        Some(name) => name,
        None if folders.len() > 1 => folders
            .pop()
            .map(|last| last.to_string_lossy().into_owned())
            .unwrap_or_default(),
        None => {
            warn("缺少要查询的三级指标名称（运行 jixiao suggest --help 查看用法）");
            return ExitCode::from(EXIT_UNREADABLE);
        }
    };
    let target = value.and_then(TargetValue::parse);
    let (library, folder_failed) = load_library(&folders);
    let placements = library.place(&name, target.as_ref());
    let similar = library.similar(&name, SIMILAR_LIMIT);
    if json_output {
        let output = json!({
            "placements": placements.iter().map(|ranked| json!({
                "level1": ranked.placement.level1,
                "level2": ranked.placement.level2,
                "score": rounded(ranked.score),
            })).collect::<Vec<_>>(),
            "similar": similar.iter().map(|indicator| json!({
                "name": indicator.name,
                "value": indicator.value.as_ref().map(ToString::to_string),
                "source": indicator.source,
            })).collect::<Vec<_>>(),
        });
        if !print_json(&mut out, &output) {
            return ExitCode::from(EXIT_UNREADABLE);
        }
    } else {
        out.line(&format!("「{}」可能的位置：", name.trim()));
        for (rank, ranked) in placements.iter().take(PLACEMENTS_SHOWN).enumerate() {
            out.line(&format!(
                "  {}. {}\t{:.2}",
                rank + 1,
                ranked.placement,
                ranked.score
            ));
        }
        if similar.is_empty() {
            out.line("指标库中没有相似的指标");
        } else {
            out.line("相似的指标：");
            for indicator in &similar {
                let value = indicator
                    .value
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                let source = indicator.source.as_deref().unwrap_or_default();
                out.line(&format!("  {}\t{value}\t{source}", indicator.name));
            }
        }
    }
    if !out.finish() || folder_failed {
        ExitCode::from(EXIT_UNREADABLE)
    } else {
        ExitCode::SUCCESS
    }
}

fn summary_json(summary: &FolderSummary) -> Value {
    let rows: Vec<Value> = summary
        .rows
        .iter()
        .map(|row| {
            let file = row.file.display().to_string();
            let modified = row.modified.map(projects::modified_text);
            match &row.facts {
                Ok(facts) => json!({
                    "file": file,
                    "fiscal_year": facts.fiscal_year,
                    "project_name": facts.project_name,
                    "annual_total": facts.annual_total.map(|amount| amount.to_string()),
                    "errors": facts.errors,
                    "warnings": facts.warnings,
                    "modified": modified,
                    "error": Value::Null,
                }),
                Err(error) => json!({
                    "file": file,
                    "fiscal_year": Value::Null,
                    "project_name": Value::Null,
                    "annual_total": Value::Null,
                    "errors": Value::Null,
                    "warnings": Value::Null,
                    "modified": modified,
                    "error": error,
                }),
            }
        })
        .collect();
    Value::Array(rows)
}

/// `jixiao summary DIR [--json]`: one row per declaration in the folder and the totals. A file
/// that cannot be read is a row with its error. Exit 0; 2 when the folder cannot be read.
pub fn summary(folder: &Path, json_output: bool) -> ExitCode {
    let mut out = Stdout::new();
    let summary = match projects::summarize_folder(folder) {
        Ok(summary) => summary,
        Err(error) => {
            warn(&error.to_string());
            return ExitCode::from(EXIT_UNREADABLE);
        }
    };
    if json_output {
        return if print_json(&mut out, &summary_json(&summary)) && out.finish() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(EXIT_UNREADABLE)
        };
    }
    for row in &summary.rows {
        let file = row.file.file_name().map_or_else(
            || row.file.display().to_string(),
            |name| name.to_string_lossy().into_owned(),
        );
        let modified = row
            .modified
            .map(projects::modified_text)
            .unwrap_or_default();
        match &row.facts {
            Ok(facts) => out.line(&format!(
                "{file}\t{}\t{}\t{}\t错误 {}\t警告 {}\t{modified}",
                facts.fiscal_year,
                facts.project_name,
                facts
                    .annual_total
                    .map_or_else(|| "（空）".to_owned(), format_yuan),
                facts.errors,
                facts.warnings,
            )),
            Err(error) => out.line(&format!("{file}\t无法读取：{error}")),
        }
    }
    for year in &summary.years {
        let blank = match year.blank_amounts {
            0 => String::new(),
            n => format!("，{n} 份未填金额"),
        };
        out.line(&format!(
            "{}年度合计：{} 份，年度资金申请总额 {}{blank}",
            year.fiscal_year,
            year.declarations,
            format_yuan(year.annual_total)
        ));
    }
    let readable = summary.rows.len() - summary.unreadable;
    let unreadable = match summary.unreadable {
        0 => String::new(),
        n => format!("，{n} 个文件无法读取"),
    };
    out.line(&format!(
        "总计：{readable} 份申报表，年度资金申请总额 {}{unreadable}",
        format_yuan(summary.total)
    ));
    if out.finish() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_UNREADABLE)
    }
}

/// `jixiao diff OLD.ron NEW.ron [--json]`: every change from OLD to NEW. Exit 0 when they are
/// the same (nothing printed), 1 when they differ, 2 when either cannot be read.
pub fn diff(old: &Path, new: &Path, json_output: bool) -> ExitCode {
    let mut out = Stdout::new();
    let (old_declaration, new_declaration) = match (storage::load(old), storage::load(new)) {
        (Ok(a), Ok(b)) => (a, b),
        (a, b) => {
            for error in [a.err(), b.err()].into_iter().flatten() {
                warn(&error.to_string());
            }
            return ExitCode::from(EXIT_UNREADABLE);
        }
    };
    let changes = compare::diff(&old_declaration, &new_declaration);
    if changes.is_empty() {
        return ExitCode::SUCCESS;
    }
    if json_output {
        let rows: Vec<Value> = changes
            .iter()
            .map(|change| {
                json!({
                    "kind": change.kind(),
                    "label": change.label(),
                    "old": change.old_text(),
                    "new": change.new_text(),
                })
            })
            .collect();
        if !print_json(&mut out, &Value::Array(rows)) {
            return ExitCode::from(EXIT_UNREADABLE);
        }
    } else {
        for change in &changes {
            out.line(&change.to_string());
        }
    }
    if out.finish() {
        ExitCode::FAILURE
    } else {
        ExitCode::from(EXIT_UNREADABLE)
    }
}
