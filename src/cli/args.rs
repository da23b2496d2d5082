//! Parsing the command line: clap's errors as one line on stderr.

use std::process::ExitCode;

use super::EXIT_UNREADABLE;

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
