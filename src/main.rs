//! The `jixiao` binary: command-line parsing and window start-up only.

fn main() {}
