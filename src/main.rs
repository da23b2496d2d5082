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
    /// Import text extractions of existing forms into one .ron file per form.
    Import {
        /// Text files (copied out of Excel/WPS/Word, a PDF's text, or a TSV export).
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
    /// Print a declaration as text to stdout.
    Export {
        /// The declaration to export.
        file: PathBuf,
        /// The output format.
        #[arg(long, value_enum)]
        format: ExportFormat,
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
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    /// Tab-separated `label<TAB>value` lines, then the target table.
    Tsv,
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
        }) => cli::export_tsv(&file),
        Some(Command::Dump { file, json: _ }) => cli::dump_json(&file),
        Some(Command::Rollover { file, year, out }) => cli::rollover(&file, year, &out),
        Some(Command::Print {
            files,
            out,
            signature,
        }) => cli::print(&files, &out, signature),
        None => cli::open_window(cli.file),
    }
}
