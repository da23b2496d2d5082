//! The command line: parsing the arguments ([`args`]) and the bodies of the subcommands
//! ([`commands`]), and printing without panics ([`output`]: results through `output::Stdout`,
//! messages through `output::warn`). Everything here prints; the library never does.

mod args;
mod commands;
pub mod output;

pub use args::parse;
pub use commands::*;

/// Exit status when a file cannot be read or written (`check` documents 2 for this), and for
/// bad arguments.
pub const EXIT_UNREADABLE: u8 = 2;
