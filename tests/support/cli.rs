//! Running the built `jixiao` binary in tests: its output as text, and the fixture paths the
//! command-line tests pass to it.
//!
//! Shared by the `tests/` files that drive the binary, through `#[path]`; each uses a part.

#![allow(
    dead_code,
    reason = "each test file uses a different part of these helpers"
)]

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `jixiao ARGS…` to the end; its print time is the real time.
pub fn jixiao<S: AsRef<OsStr>>(args: &[S]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(args)
        .output()
        .unwrap()
}

/// Runs `jixiao ARGS…` with its print time fixed to `epoch` (Unix seconds, as
/// `SOURCE_DATE_EPOCH`), so that its PDFs are reproducible.
pub fn jixiao_at<S: AsRef<OsStr>>(args: &[S], epoch: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(args)
        .env("SOURCE_DATE_EPOCH", epoch)
        .output()
        .unwrap()
}

/// The standard output, as UTF-8.
pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// The standard error, as UTF-8.
pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// A sample form's text extraction in `tests/fixtures/forms/`, by file name.
pub fn seed(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/forms")
        .join(name)
}
