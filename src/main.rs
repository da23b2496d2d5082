//! The `jixiao` binary: command-line parsing and window start-up only.
//!
//! `jixiao` with no arguments opens the editor on the bundled example; `jixiao FILE.ron` opens
//! that file; the subcommands do the same work headlessly (see `jixiao --help`). Every failure is
//! one line on stderr and a non-zero exit; nothing here panics on user input.

// This is the command line: printing to stdout and stderr is its job.
#![expect(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "the CLI prints by design"
)]

mod cli;
mod cli_reuse;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Jixiao (绩效): draft, check and print the 财政项目支出绩效目标申报表, offline.
#[derive(Parser)]
#[command(name = "jixiao", version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// A declaration (.ron) to open in the editor window.
    file: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Import existing forms into one .ron file per form: workbooks, PDFs, text extractions.
    Import {
        /// Excel/WPS workbooks (.xlsx, .xls, .ods), PDFs (Jixiao's give back their forms
        /// exactly), or text (copied out of Excel/WPS/Word, a PDF's text, a TSV export).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The folder to write `{年度}-{项目名称}.ron` files into (created if missing).
        #[arg(long)]
        out: PathBuf,
    },
    /// Check declarations against the reviewers' rules.
    Check {
        /// Declarations to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print the findings as one JSON array.
        #[arg(long)]
        json: bool,
    },
    /// Export a declaration: as text to stdout (or a file), or as an Excel workbook.
    Export {
        /// The declaration to export.
        file: PathBuf,
        /// The output format.
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// The file to write (required for xlsx); replaced atomically if it exists.
        #[arg(short = 'o', long = "out")]
        out: Option<PathBuf>,
    },
    /// Start next year's declaration from this one (转为新年度申报表), in the current layout.
    Rollover {
        /// The declaration to carry forward (any layout).
        file: PathBuf,
        /// The new fiscal year, e.g. 2027.
        #[arg(long)]
        year: i32,
        /// Where to write the new declaration (.ron); replaced atomically if it exists.
        #[arg(short = 'o', long = "out")]
        out: PathBuf,
    },
    /// Print declarations to one PDF file (A4, each form on new pages).
    Print {
        /// Declarations to print, in order.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The PDF to write; replaced atomically if it exists.
        #[arg(short = 'o', long = "out")]
        out: PathBuf,
        /// Add the signature block (填报单位（盖章）, 单位负责人, …) after each table.
        #[arg(long)]
        signature: bool,
    },
    /// Print a declaration as JSON to stdout.
    Dump {
        /// The declaration to dump.
        file: PathBuf,
        /// Print JSON (the only format).
        #[arg(long, required = true)]
        json: bool,
    },
    /// 列出指标库：各文件夹（含子文件夹）中的申报表与内置示例里出现过的三级指标，合并计数。
    Library {
        /// 申报表所在的文件夹，可写多个。
        #[arg(required = true)]
        folders: Vec<PathBuf>,
        /// 以 JSON 数组输出。
        #[arg(long)]
        json: bool,
    },
    /// 为三级指标建议一级/二级指标位置，并列出指标库中相似的指标。
    Suggest {
        /// 指标库的文件夹，可写多个（名称可写在最后：--library 甲 乙 满意度）。
        #[arg(long = "library", required = true, num_args = 1..)]
        library: Vec<PathBuf>,
        /// 指标值，如 ≤50000(元)、≥90(%)、及时，帮助判断位置。
        #[arg(long)]
        value: Option<String>,
        /// 以 JSON 对象输出（placements 与 similar）。
        #[arg(long)]
        json: bool,
        /// 三级指标名称。
        name: Option<String>,
    },
    /// 汇总文件夹中的全部申报表：年度、项目名称、年度资金申请总额、错误与警告数，以及各年度合计。
    Summary {
        /// 申报表所在的文件夹（不含子文件夹）。
        folder: PathBuf,
        /// 以 JSON 数组输出。
        #[arg(long)]
        json: bool,
    },
    /// 比较两个版本的申报表，列出全部改动；相同时退出码 0，不同时 1，无法读取时 2。
    Diff {
        /// 旧版本（.ron）。
        old: PathBuf,
        /// 新版本（.ron）。
        new: PathBuf,
        /// 以 JSON 数组输出。
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    /// Tab-separated `label<TAB>value` lines, then the target table.
    Tsv,
    /// An Excel workbook: the official table as printed, on one worksheet.
    Xlsx,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return cli::argument_error(&error),
    };
    match cli.command {
        Some(Command::Import { files, out }) => cli::import(&files, &out),
        Some(Command::Check { files, json }) => cli::check(&files, json),
        Some(Command::Export {
            file,
            format: ExportFormat::Tsv,
            out,
        }) => cli::export_tsv(&file, out.as_deref()),
        Some(Command::Export {
            file,
            format: ExportFormat::Xlsx,
            out,
        }) => cli::export_xlsx(&file, out.as_deref()),
        Some(Command::Dump { file, json: _ }) => cli::dump_json(&file),
        Some(Command::Rollover { file, year, out }) => cli::rollover(&file, year, &out),
        Some(Command::Print {
            files,
            out,
            signature,
        }) => cli::print(&files, &out, signature),
        Some(Command::Library { folders, json }) => cli_reuse::library(&folders, json),
        Some(Command::Suggest {
            library,
            value,
            json,
            name,
        }) => cli_reuse::suggest(library, value.as_deref(), json, name),
        Some(Command::Summary { folder, json }) => cli_reuse::summary(&folder, json),
        Some(Command::Diff { old, new, json }) => cli_reuse::diff(&old, &new, json),
        None => cli::open_window(cli.file),
    }
}
