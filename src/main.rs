//! The `jixiao` binary: command-line parsing and window start-up only.

fn main() -> Result<(), eframe::Error> {
    // Until the lead's CLI lands: `jixiao [FILE.ron]` opens the editor window.
    jixiao::ui::run(std::env::args_os().nth(1).map(std::path::PathBuf::from))
}
