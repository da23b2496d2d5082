//! Printing: results to stdout, messages to stderr, neither ever panicking.
//!
//! `println!` panics when stdout is a pipe whose reader has gone (`jixiao dump F --json | head
//! -1`); here a closed pipe just ends the output, quietly, and the command finishes as if
//! nobody had been reading. Any other failure to write (a full disk behind `> out.txt`) is
//! reported in Chinese.

use std::io::Write as _;

/// Results on stdout. After the reader closed the pipe, further output is dropped.
#[derive(Default)]
pub struct Stdout {
    closed: bool,
    failed: bool,
}

impl Stdout {
    /// Results on stdout.
    pub fn new() -> Self {
        Self::default()
    }

    /// Prints `text` as is.
    pub fn print(&mut self, text: &str) {
        if self.closed || self.failed {
            return;
        }
        let mut stdout = std::io::stdout().lock();
        match stdout.write_all(text.as_bytes()) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => self.closed = true,
            Err(error) => {
                self.failed = true;
                warn(&format!(
                    "无法输出结果：{}",
                    jixiao::storage::io_reason(jixiao::storage::Action::Save, &error)
                ));
            }
        }
    }

    /// Prints `text` and a line break.
    pub fn line(&mut self, text: &str) {
        self.print(text);
        self.print("\n");
    }

    /// Flushes; `false` when some output could not be written for another reason than a
    /// closed pipe (already reported on stderr).
    pub fn finish(mut self) -> bool {
        if !self.closed
            && !self.failed
            && let Err(error) = std::io::stdout().lock().flush()
        {
            if error.kind() == std::io::ErrorKind::BrokenPipe {
                self.closed = true;
            } else {
                self.failed = true;
                warn(&format!(
                    "无法输出结果：{}",
                    jixiao::storage::io_reason(jixiao::storage::Action::Save, &error)
                ));
            }
        }
        !self.failed
    }
}

/// One message line on stderr. A closed stderr is ignored: there is nobody to tell.
pub fn warn(message: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(message.trim_end().as_bytes());
    let _ = stderr.write_all(b"\n");
}

/// Help or version text on stdout (a closed pipe is fine).
pub fn print_help(text: &str) {
    let mut stdout = Stdout::new();
    stdout.print(text);
    let _ = stdout.finish();
}
