//! The window around the form: the side panels (a strip in a narrow window), and fitting the
//! window to the screen on the first start.

use eframe::egui;
use egui::{Ui, ViewportCommand};

use crate::model::Path;

use super::super::command::{MIN_FORM_WIDTH, SidePanel};
use super::super::findings::findings_ui;
use super::super::preview::preview_ui;
use super::{EditorApp, NARROW_WINDOW_WIDTH};

impl EditorApp {
    /// Draws the contents of a side panel; returns a field to go to, if one was clicked.
    pub(super) fn side_panel_ui(&mut self, ui: &mut Ui, panel: SidePanel) -> Option<Path> {
        match panel {
            SidePanel::Findings => {
                let hints = self.live_hints();
                let click = findings_ui(
                    ui,
                    &self.document,
                    &self.findings,
                    &|finding| self.is_pending(finding),
                    &hints,
                )?;
                self.hint_clicked(&click, &hints)
            }
            SidePanel::Preview => {
                let output =
                    preview_ui(ui, &mut self.preview, &self.document, self.signature_block);
                self.pending.extend(output.command);
                output.focus
            }
            SidePanel::Library => self.library_panel_ui(ui),
        }
    }

    /// The open panels that shrink to a strip in a window whose room for the form and panels is
    /// `available` points wide: all of them in a narrow window; otherwise each panel, in
    /// [`SidePanel::ROOM_ORDER`], keeps its place while the form keeps at least
    /// [`MIN_FORM_WIDTH`] beside the panels (at their narrowest) and strips.
    pub(super) fn panel_strips(&self, available: f32) -> Vec<SidePanel> {
        let open = |panel: &SidePanel| self.view.is_open(*panel);
        if available < NARROW_WINDOW_WIDTH {
            return SidePanel::ALL.into_iter().filter(open).collect();
        }
        let mut room =
            available - STRIP_WIDTH * SidePanel::ALL.iter().filter(|p| open(p)).count() as f32;
        let mut strips = Vec::new();
        for panel in SidePanel::ROOM_ORDER.into_iter().filter(open) {
            let (_, min_width) = panel.widths();
            if room - min_width + STRIP_WIDTH >= MIN_FORM_WIDTH {
                room -= min_width - STRIP_WIDTH;
            } else {
                strips.push(panel);
            }
        }
        strips
    }

    /// A side panel in a narrow window: a strip along the edge with the panel's name (and the
    /// number of errors); clicking it shows the panel over the form until closed.
    pub(super) fn panel_strip_ui(&mut self, ui: &mut Ui, panel: SidePanel) -> Option<Path> {
        let overlay_id = egui::Id::unique(("jixiao.panel_overlay", panel));
        let mut overlay_open = ui
            .data(|data| data.get_temp::<bool>(overlay_id))
            .unwrap_or(false);
        // Only the findings' strip shows a number: the others need not count.
        let errors = if panel == SidePanel::Findings {
            self.findings
                .iter()
                .filter(|finding| {
                    finding.severity == crate::validate::Severity::Error
                        && !self.is_pending(finding)
                })
                .count()
        } else {
            0
        };
        egui::Panel::right((panel.id(), "strip"))
            .resizable(false)
            .exact_size(STRIP_WIDTH)
            .show(ui, |ui| {
                let title: String = match panel {
                    SidePanel::Findings => "检查结果",
                    SidePanel::Preview => "打印预览",
                    SidePanel::Library => "指标库",
                }
                .chars()
                .map(|c| format!("{c}\n"))
                .collect();
                let text = if errors > 0 {
                    format!("{title}\n{errors}")
                } else {
                    title
                };
                let response = ui
                    .add(egui::Button::new(text).frame(false))
                    .on_hover_text(format!("显示{}", panel.menu_label()));
                let response = response.accessible_name(panel.menu_label());
                if response.clicked() {
                    overlay_open = !overlay_open;
                }
            });
        let mut clicked = None;
        if overlay_open {
            let (default_width, _) = panel.widths();
            let mut still_open = true;
            egui::Window::new(panel.menu_label())
                .id(overlay_id.with("window"))
                .anchor(egui::Align2::RIGHT_TOP, egui::vec2(-36.0, 36.0))
                .default_width(default_width)
                .default_height(ui.available_height() * 0.8)
                .collapsible(false)
                .resizable(true)
                .open(&mut still_open)
                .show(ui.ctx(), |ui| {
                    clicked = self.side_panel_ui(ui, panel);
                });
            overlay_open = still_open && clicked.is_none();
        }
        ui.data_mut(|data| data.insert_temp(overlay_id, overlay_open));
        clicked
    }

    /// First start: once the screen's size is known, the window takes most of a large screen
    /// (centred), and all of a small office screen (maximized, with the screen's size to come
    /// back to), so nothing is off screen and no room is wasted.
    pub(super) fn fit_window(&mut self, ctx: &egui::Context) {
        let monitor = ctx.input(|input| input.viewport().monitor_size);
        let Some(monitor) = monitor.filter(|size| size.x > 0.0 && size.y > 0.0) else {
            // Not known yet (or never, on some platforms): try again next frame, for a while.
            if ctx.input(|input| input.time) > 2.0 {
                self.fit_to_screen = false;
            }
            return;
        };
        self.fit_to_screen = false;
        let small = monitor.x < LARGE_SCREEN.x || monitor.y < LARGE_SCREEN.y;
        let size = if small {
            monitor
        } else {
            monitor * LARGE_SCREEN_SHARE
        };
        ctx.send_viewport_cmd(ViewportCommand::InnerSize(size));
        ctx.send_viewport_cmd(ViewportCommand::OuterPosition(
            ((monitor - size) * 0.5).to_pos2(),
        ));
        if small {
            ctx.send_viewport_cmd(ViewportCommand::Maximized(true));
        }
    }
}

/// Width of a side panel shrunk to a strip, in points.
const STRIP_WIDTH: f32 = 30.0;

/// A screen at least this large (points) gets a window of [`LARGE_SCREEN_SHARE`] of it on the
/// first start; a smaller one (1366×768, 1024×700, or a large screen at 150 %) a maximized one.
const LARGE_SCREEN: egui::Vec2 = egui::vec2(1600.0, 900.0);
/// The share of a large screen the first window takes.
const LARGE_SCREEN_SHARE: f32 = 0.85;
