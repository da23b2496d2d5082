//! The editor window (egui/eframe): the only module that imports egui.
//!
//! It reads the declaration and turns what the user does into commands ([`command`]) that the
//! app ([`app::EditorApp`]) applies after each frame through [`edit::apply`]; widgets never change
//! the model or touch a file. It depends on every other module (model, validate, storage,
//! import, fonts); nothing depends on it. It never touches the network.

use eframe::egui;
pub mod app;
pub mod chooser;
pub mod command;
pub mod compare;
pub mod completion;
pub mod dialogs;
pub mod edit;
pub mod findings;
pub mod folder;
pub mod form;
pub mod library_panel;
pub mod preview;
pub mod terms;
pub mod theme;
pub mod tree;
pub mod widgets;

use std::path::{Path, PathBuf};

use chrono::Datelike as _;

use crate::model::Declaration;
use crate::storage;

pub use app::{AppConfig, EditorApp, MainView, Prompt, ViewPreferences};
pub use command::{AppCommand, EditCommand};
pub use dialogs::{DialogOutcome, DialogPurpose, FileDialogs, NativeDialogs, ReusePurpose};

/// eframe's preference key of the window's size, place and maximized state.
const WINDOW_KEY: &str = "window";

/// The app id: names the preferences folder and the window class.
pub const APP_ID: &str = "jixiao";

/// Installs the bundled CJK face ([`crate::fonts::SANS`]) into egui right after egui's own
/// Latin face, so Latin text keeps egui's face and Chinese text, full-width punctuation
/// included, uses Noto Sans SC; egui's emoji fonts (used by the built-in file chooser's icons)
/// come after it, so they never draw a 「（」 or a 「：」. Also installs the print faces as their
/// own families ([`print_family`]) for the print preview. Call once per context.
pub fn install_fonts(ctx: &egui::Context) {
    const SANS: &str = "NotoSansSC";
    const SERIF: &str = "NotoSerifSC";
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        SANS.to_owned(),
        std::sync::Arc::new(egui::FontData::from_static(crate::fonts::SANS)),
    );
    // Borrowed, never copied; egui parses a face when a family first draws with it, so the
    // serif costs nothing until the preview opens.
    fonts.font_data.insert(
        SERIF.to_owned(),
        std::sync::Arc::new(egui::FontData::from_static(crate::fonts::FORM_SERIF)),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        let faces = fonts.families.entry(family).or_default();
        faces.insert(faces.len().min(1), SANS.to_owned());
    }
    // As the PDF writer: a serif run falls back to the Sans face, a Sans run has no fallback.
    fonts.families.insert(
        print_family(crate::layout::Face::Serif),
        vec![SERIF.to_owned(), SANS.to_owned()],
    );
    fonts.families.insert(
        print_family(crate::layout::Face::Sans),
        vec![SANS.to_owned()],
    );
    ctx.set_fonts(fonts);
}

/// The egui font family that draws a printed face ([`crate::layout::Face`]) in the print
/// preview: the same bundled font the PDF embeds, Latin letters and digits included (installed
/// by [`install_fonts`]).
pub fn print_family(face: crate::layout::Face) -> egui::FontFamily {
    match face {
        crate::layout::Face::Serif => egui::FontFamily::Name("jixiao-print-serif".into()),
        crate::layout::Face::Sans => egui::FontFamily::Name("jixiao-print-sans".into()),
    }
}

/// The example the window opens on when no file is given: the 2026 党建服务工作经费 form of the sample
/// `tests/fixtures/forms/forms-2026.txt`, bundled in the binary.
pub const EXAMPLE_RON: &str = include_str!("../../assets/examples/2026-党建服务工作经费.ron");

/// The declaration the window shows when no file is given: the bundled example form, or a blank
/// current-layout declaration for next year when the example does not load.
pub fn initial_declaration() -> Declaration {
    storage::from_ron_str(EXAMPLE_RON, Path::new("2026-党建服务工作经费.ron")).unwrap_or_else(
        |_| {
            let next_year = chrono::Local::now().year() + 1;
            Declaration::new_current(next_year)
        },
    )
}

/// The folder for recovery copies: `recovery` inside eframe's storage folder for this app.
pub fn default_recovery_dir() -> Option<PathBuf> {
    eframe::storage_dir(APP_ID).map(|dir| dir.join("recovery"))
}

/// Opens the editor window on `initial` (a `.ron` declaration), or on the bundled example when
/// `None`. Blocks until the window is closed. Preferences (window size, recent files) live in
/// eframe's storage folder for [`APP_ID`]; recovery copies in [`default_recovery_dir`]. With the
/// environment variable `JIXIAO_PROBE=FILE`, the time to the first frame and the resident memory
/// then are written to `FILE` (for measuring start-up). With `JIXIAO_START_VIEW` set to
/// `library` (or `library=TEXT`), `folder=DIR` or `compare=FILE`, the window opens with the
/// 指标库 panel (searching TEXT), the folder list of DIR or the comparison with FILE shown (for
/// screenshots; see
/// [`EditorApp::with_start_view`]).
///
/// The indicator library is built on a thread from the folders remembered under
/// [`app::LIBRARY_FOLDERS_KEY`] and the bundled examples.
///
/// # Errors
/// When the window cannot be created (no display, no OpenGL).
pub fn run(initial: Option<PathBuf>) -> Result<(), eframe::Error> {
    let started = std::time::Instant::now();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Jixiao 绩效目标申报表")
            .with_app_id(APP_ID)
            // The first start: a size that fits a 1366×768 office screen; eframe shrinks it to
            // smaller screens and the app maximizes it there. Later starts restore what the
            // user left (size, place, maximized).
            .with_inner_size([1280.0, 720.0])
            .with_min_inner_size([640.0, 420.0]),
        persist_window: true,
        centered: true,
        ..Default::default()
    };
    eframe::run_native(
        APP_ID,
        options,
        Box::new(move |creation| {
            install_fonts(&creation.egui_ctx);
            let recent_files: Vec<PathBuf> = creation
                .storage
                .and_then(|storage| eframe::get_value(storage, app::RECENT_FILES_KEY))
                .unwrap_or_default();
            let config = AppConfig {
                dialogs: Box::new(NativeDialogs),
                recovery_dir: default_recovery_dir(),
                recent_files,
            };
            let signature_block: bool = creation
                .storage
                .and_then(|storage| eframe::get_value(storage, app::SIGNATURE_BLOCK_KEY))
                .unwrap_or_default();
            let view: ViewPreferences = creation
                .storage
                .and_then(|storage| eframe::get_value(storage, app::VIEW_KEY))
                .unwrap_or_default();
            let last_folder: Option<PathBuf> = creation
                .storage
                .and_then(|storage| eframe::get_value(storage, app::LAST_FOLDER_KEY))
                .unwrap_or_default();
            let library_folders: Vec<PathBuf> = creation
                .storage
                .and_then(|storage| eframe::get_value(storage, app::LIBRARY_FOLDERS_KEY))
                .unwrap_or_default();
            // eframe keeps the window's size, place and maximized state under this key; without
            // it, this is the first start.
            let first_start = creation
                .storage
                .is_none_or(|storage| storage.get_string(WINDOW_KEY).is_none());
            let app = EditorApp::new(config, initial_declaration(), None).with_document_locks(true);
            let app = match &initial {
                Some(path) => app.opened(path),
                None => app.with_status("示例申报表（内置）：修改后请「另存为」"),
            }
            .with_signature_block(signature_block)
            .with_view(view)
            .with_last_folder(last_folder)
            .with_fit_to_screen(first_start)
            .with_library_folders(library_folders);
            let app = match std::env::var("JIXIAO_START_VIEW") {
                Ok(spec) => app.with_start_view(&spec),
                Err(_) => app,
            };
            Ok(Box::new(FirstFrameProbe {
                app,
                started,
                reported: false,
            }) as Box<dyn eframe::App>)
        }),
    )
}

/// Wraps the app to measure start-up: when the environment variable `JIXIAO_PROBE` names a
/// file, the time from start-up to the end of the first frame (ms) and the resident memory then
/// (`VmRSS` from `/proc/self/status`, Linux) are written there once. Silent otherwise; the
/// library never prints.
struct FirstFrameProbe {
    app: EditorApp,
    started: std::time::Instant,
    reported: bool,
}

impl eframe::App for FirstFrameProbe {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        eframe::App::ui(&mut self.app, ui, frame);
        if self.reported {
            return;
        }
        self.reported = true;
        let Some(probe_file) = std::env::var_os("JIXIAO_PROBE") else {
            return;
        };
        let rss = std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|status| {
                status
                    .lines()
                    .find(|line| line.starts_with("VmRSS:"))
                    .map(|line| {
                        line.split_whitespace()
                            .skip(1)
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
            })
            .unwrap_or_else(|| "unknown".to_owned());
        let report = format!(
            "first_frame_ms={}\nvm_rss={rss}\n",
            self.started.elapsed().as_millis()
        );
        // A measurement aid: failing to write it must not disturb the window.
        let _ignored = storage::write_atomic(Path::new(&probe_file), report.as_bytes());
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::App::save(&mut self.app, storage);
    }

    fn on_exit(&mut self, gl: Option<&eframe::glow::Context>) {
        eframe::App::on_exit(&mut self.app, gl);
    }

    fn persist_egui_memory(&self) -> bool {
        eframe::App::persist_egui_memory(&self.app)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_opens_on_the_bundled_example() {
        let example = initial_declaration();
        assert_eq!(example.project_name, "党建服务工作经费");
        assert_eq!(example.fiscal_year, 2026);
        assert_eq!(example.level3_count(), 8);
    }
}
