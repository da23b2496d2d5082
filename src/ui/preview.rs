//! The print preview (打印预览): the pages the PDF will have, drawn in the window from the same
//! layout stage ([`crate::layout::layout_declaration`]), so the two cannot disagree.
//!
//! The pages are white sheets with a shadow on a grey background, one under the other, each
//! with its 「第 N 页 共 M 页」 footer, so page breaks show before printing; the signature block
//! shows when 打印时附签章栏 is on, as in the PDF. A toolbar pages through them, zooms (适合宽度,
//! 整页, or a percentage; Ctrl + mouse wheel over the pages too), and holds 附签章栏 and 打印 PDF.
//! Clicking a cell that shows a value asks the app to focus that field in the form
//! ([`crate::layout::Page::path_at`]), as a click on a finding does.
//!
//! Layout runs off the frame (`preview/worker.rs`): the preview sends the document when it
//! changes and paints the newest pages it has. The thread also prepares the pages' text for
//! egui at the zoom in use (`preview/paint.rs`); the frame does so only when the zoom changes.
//! Depends on the layout stage, the model and egui; pushes commands, changes nothing itself.

mod paint;
mod worker;

use eframe::egui;
use egui::{Align, Color32, Id, Rect, Sense, Ui, pos2, vec2};

use crate::layout::{LaidOutForm, LayoutOptions, Mm, PAGE_HEIGHT, PAGE_WIDTH, layout_declaration};
use crate::model::{Declaration, Path};

use super::command::AppCommand;
use super::theme;

pub use paint::POINTS_PER_MM_AT_100;
use worker::{Laid, LayoutWorker};

/// Space around and between the sheets, in points.
const SHEET_GAP: f32 = 16.0;
/// Room kept for the scroll bar beside the sheets when fitting them to the width, in points.
const SCROLL_BAR_ROOM: f32 = 12.0;
/// Zoom steps of −/+ and of the zoom list, in percent.
const ZOOM_STEPS: [u16; 9] = [25, 33, 50, 67, 75, 100, 125, 150, 200];
/// The smallest and largest zoom, in percent.
const MIN_PERCENT: u16 = 10;
const MAX_PERCENT: u16 = 400;
/// Layout warnings listed above the pages; more are counted and shown on hover.
const SHOWN_WARNINGS: usize = 2;

/// How large the pages are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Zoom {
    /// 适合宽度: a page as wide as the pane.
    FitWidth,
    /// 整页: a whole page in view.
    FitPage,
    /// A fixed size: 100 % is A4 at 96 dots per inch, as office programs show it.
    Percent(u16),
}

impl Zoom {
    /// The zoom list's label.
    fn label(self) -> String {
        match self {
            Self::FitWidth => "适合宽度".to_owned(),
            Self::FitPage => "整页".to_owned(),
            Self::Percent(percent) => format!("{percent}%"),
        }
    }
}

/// What the user asked of the preview this frame.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PreviewOutput {
    /// The field whose cell was clicked, to focus in the form.
    pub focus: Option<Path>,
    /// A command from the toolbar (附签章栏, 打印 PDF…).
    pub command: Option<AppCommand>,
}

/// The preview's state: the newest pages, what was sent to be laid out, zoom and page.
pub struct Preview {
    /// The layout thread, started the first time the preview is drawn.
    worker: Option<LayoutWorker>,
    /// Set when no thread could be started: layout then runs on the frame.
    on_frame: bool,
    /// The number of the last layout asked for.
    generation: u64,
    /// What was last sent to be laid out.
    sent: Option<(Declaration, LayoutOptions)>,
    /// The newest pages received, with the number of their request.
    shown: Option<(u64, LaidOutForm)>,
    /// The text of each shown page, ready for egui, at the scale (points per mm) it was made
    /// for; prepared by the layout thread with the pages, and on the frame when the zoom
    /// changed.
    texts: Option<(u64, f32, Vec<Vec<paint::RunText>>)>,
    /// The scale the pages were last drawn at (points per mm): the layout thread prepares
    /// the text for it.
    last_scale: f32,
    zoom: Zoom,
    /// The page at the top of the view (0-based).
    current_page: usize,
    /// A page to scroll to in the next frame (0-based).
    go_to: Option<usize>,
}

impl Default for Preview {
    fn default() -> Self {
        Self::new()
    }
}

impl Preview {
    /// A preview with nothing laid out yet, fitted to the pane's width.
    pub fn new() -> Self {
        Self {
            worker: None,
            on_frame: false,
            generation: 0,
            sent: None,
            shown: None,
            texts: None,
            last_scale: POINTS_PER_MM_AT_100 / 2.0,
            zoom: Zoom::FitWidth,
            current_page: 0,
            go_to: None,
        }
    }

    /// The number of pages shown; `None` before the first layout arrived.
    pub fn page_count(&self) -> Option<usize> {
        self.shown.as_ref().map(|(_, form)| form.pages.len())
    }

    /// The pages shown (and what looks wrong in them); `None` before the first layout arrived.
    pub fn pages(&self) -> Option<&LaidOutForm> {
        self.shown.as_ref().map(|(_, form)| form)
    }

    /// Whether the pages shown are those of the last document sent (no layout under way).
    pub fn is_current(&self) -> bool {
        self.shown
            .as_ref()
            .is_some_and(|(generation, _)| *generation == self.generation)
    }

    /// The zoom.
    pub fn zoom(&self) -> Zoom {
        self.zoom
    }

    /// Takes pages laid out for request `laid.generation`, unless newer ones are shown already:
    /// a stale result never replaces a newer one.
    fn accept(&mut self, laid: Laid) {
        let newer_shown = self
            .shown
            .as_ref()
            .is_some_and(|(generation, _)| *generation >= laid.generation);
        if newer_shown {
            return;
        }
        self.current_page = self
            .current_page
            .min(laid.form.pages.len().saturating_sub(1));
        self.texts = laid
            .texts
            .map(|(scale, texts)| (laid.generation, scale, texts));
        self.shown = Some((laid.generation, laid.form));
    }

    /// Sends the document to be laid out when it (or the options) changed since last sent, and
    /// takes the pages that arrived.
    fn update(&mut self, ctx: &egui::Context, declaration: &Declaration, options: LayoutOptions) {
        if self.worker.is_none() && !self.on_frame {
            self.worker = LayoutWorker::spawn(ctx);
            self.on_frame = self.worker.is_none();
        }
        let changed = self
            .sent
            .as_ref()
            .is_none_or(|(sent, sent_options)| *sent_options != options || sent != declaration);
        if changed {
            self.generation += 1;
            self.sent = Some((declaration.clone(), options));
            let sent = self.worker.as_ref().is_some_and(|worker| {
                worker.request(
                    self.generation,
                    declaration.clone(),
                    options,
                    self.last_scale,
                )
            });
            if !sent {
                self.worker = None;
                self.on_frame = true;
                let form = layout_declaration(declaration, 0, options);
                self.accept(Laid {
                    generation: self.generation,
                    form,
                    texts: None,
                });
            }
        }
        if let Some(worker) = &self.worker {
            match worker.arrived() {
                Some(arrived) => {
                    for laid in arrived {
                        self.accept(laid);
                    }
                }
                None => {
                    // The thread is gone: lay out on the frame from now on.
                    self.worker = None;
                    self.on_frame = true;
                    self.sent = None;
                    ctx.request_repaint();
                }
            }
        }
    }

    /// The scale (points per mm) for the zoom, in a pane of `view` points; a fitted zoom is
    /// rounded down to a whole percent, so the text is not laid out anew for every point the
    /// pane is resized by.
    fn scale(&self, view: egui::Vec2) -> f32 {
        let fit_width = (view.x - 2.0 * SHEET_GAP - SCROLL_BAR_ROOM) / PAGE_WIDTH.0;
        let fit_page = fit_width.min((view.y - 2.0 * SHEET_GAP) / PAGE_HEIGHT.0);
        let percent = match self.zoom {
            Zoom::FitWidth => percent_of(fit_width),
            Zoom::FitPage => percent_of(fit_page),
            Zoom::Percent(percent) => percent,
        };
        f32::from(percent) / 100.0 * POINTS_PER_MM_AT_100
    }

    /// Prepares the text of the shown pages at `scale` when the pages or the scale changed.
    fn prepare_texts(&mut self, scale: f32) {
        let Some((generation, form)) = &self.shown else {
            return;
        };
        let fresh = self.texts.as_ref().is_some_and(|(made_for, made_at, _)| {
            made_for == generation && made_at.to_bits() == scale.to_bits()
        });
        if !fresh {
            let pages = form
                .pages
                .iter()
                .map(|page| paint::page_texts(page, scale))
                .collect();
            self.texts = Some((*generation, scale, pages));
        }
    }
}

/// The whole percent of `scale` (points per mm), within the zoom range.
fn percent_of(scale: f32) -> u16 {
    let percent = (scale / POINTS_PER_MM_AT_100 * 100.0).floor();
    if percent.is_nan() || percent < f32::from(MIN_PERCENT) {
        MIN_PERCENT
    } else if percent > f32::from(MAX_PERCENT) {
        MAX_PERCENT
    } else {
        // In range, so the conversion is exact.
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "checked to lie within MIN_PERCENT..=MAX_PERCENT above"
        )]
        let percent = percent as u16;
        percent
    }
}

/// Draws the preview of `declaration` (with the signature block when `signature_block`):
/// toolbar, warnings, and the pages. Returns what the user asked for.
pub fn preview_ui(
    ui: &mut Ui,
    preview: &mut Preview,
    declaration: &Declaration,
    signature_block: bool,
) -> PreviewOutput {
    let mut output = PreviewOutput::default();
    preview.update(ui.ctx(), declaration, LayoutOptions { signature_block });
    ui.heading("打印预览");
    toolbar_ui(ui, preview, signature_block, &mut output);
    warnings_ui(ui, preview);
    ui.add_space(4.0);

    let view = ui.available_size();
    let scale = preview.scale(view);
    let background = if ui.visuals().dark_mode {
        Color32::from_gray(0x30)
    } else {
        Color32::from_gray(0x9a)
    };
    egui::Frame::new().fill(background).show(ui, |ui| {
        ui.set_min_size(ui.available_size());
        if preview.shown.is_none() {
            ui.centered_and_justified(|ui| {
                ui.colored_label(Color32::WHITE, "正在排版…");
            });
            return;
        }
        let scroll = egui::ScrollArea::both()
            .id_salt("preview")
            .auto_shrink([false, false])
            .show(ui, |ui| pages_ui(ui, preview, scale, &mut output));
        zoom_by_wheel(ui, preview, scale, scroll.inner_rect);
    });
    output
}

/// 上一页 / 下一页, 第 N 页 共 M 页, the zoom, 附签章栏 and 打印 PDF….
fn toolbar_ui(
    ui: &mut Ui,
    preview: &mut Preview,
    signature_block: bool,
    output: &mut PreviewOutput,
) {
    let count = preview.page_count().unwrap_or(0);
    ui.horizontal_wrapped(|ui| {
        let current = preview.current_page.min(count.saturating_sub(1));
        if ui
            .add_enabled(current > 0, egui::Button::new("上一页"))
            .clicked()
        {
            preview.go_to = Some(current - 1);
        }
        if ui
            .add_enabled(current + 1 < count, egui::Button::new("下一页"))
            .clicked()
        {
            preview.go_to = Some(current + 1);
        }
        let place = if count == 0 {
            "正在排版…".to_owned()
        } else {
            format!("第 {} 页 共 {count} 页", current + 1)
        };
        ui.label(place);
        if count > 0 && !preview.is_current() {
            ui.weak("正在更新…");
        }
    });
    ui.horizontal_wrapped(|ui| {
        let percent = percent_of(preview.scale(ui.available_size()));
        if ui
            .add_enabled(percent > MIN_PERCENT, egui::Button::new("－"))
            .on_hover_text("缩小预览")
            .clicked()
        {
            let smaller = ZOOM_STEPS.iter().rev().find(|step| **step < percent);
            preview.zoom = Zoom::Percent(smaller.copied().unwrap_or(MIN_PERCENT));
        }
        egui::ComboBox::from_id_salt("preview_zoom")
            .selected_text(preview.zoom.label())
            .width(76.0)
            .show_ui(ui, |ui| {
                let choices = [Zoom::FitWidth, Zoom::FitPage]
                    .into_iter()
                    .chain(ZOOM_STEPS.iter().map(|step| Zoom::Percent(*step)));
                for choice in choices {
                    ui.selectable_value(&mut preview.zoom, choice, choice.label());
                }
            })
            .response
            .on_hover_text("预览缩放");
        if ui
            .add_enabled(percent < MAX_PERCENT, egui::Button::new("＋"))
            .on_hover_text("放大预览")
            .clicked()
        {
            let larger = ZOOM_STEPS.iter().find(|step| **step > percent);
            preview.zoom = Zoom::Percent(larger.copied().unwrap_or(MAX_PERCENT));
        }
        ui.separator();
        let mut with_signature = signature_block;
        if ui
            .checkbox(&mut with_signature, "附签章栏")
            .on_hover_text(AppCommand::ToggleSignatureBlock.tooltip())
            .changed()
        {
            output.command = Some(AppCommand::ToggleSignatureBlock);
        }
        if ui
            .button(AppCommand::PrintPdf.label())
            .on_hover_text(AppCommand::PrintPdf.tooltip())
            .clicked()
        {
            output.command = Some(AppCommand::PrintPdf);
        }
    });
}

/// What looks wrong in the print (a goal over many pages, a shrunk amount, a missing
/// character), the first few in full and the rest on hover; and the hint that cells can be
/// clicked.
fn warnings_ui(ui: &mut Ui, preview: &Preview) {
    let Some(form) = preview.pages() else {
        return;
    };
    let color = theme::warning_color(ui.visuals());
    for warning in form.warnings.iter().take(SHOWN_WARNINGS) {
        ui.add(egui::Label::new(egui::RichText::new(warning.message()).color(color)).wrap());
    }
    if form.warnings.len() > SHOWN_WARNINGS {
        let all: Vec<String> = form
            .warnings
            .iter()
            .map(crate::layout::LayoutWarning::message)
            .collect();
        ui.colored_label(
            color,
            format!("……另有 {} 处", form.warnings.len() - SHOWN_WARNINGS),
        )
        .on_hover_text(all.join("\n"));
    }
    ui.weak("单击表中的内容，可在左侧表单中修改");
}

/// The sheets, one under the other, centred; paints those in view, maps a click to a field.
fn pages_ui(ui: &mut Ui, preview: &mut Preview, scale: f32, output: &mut PreviewOutput) {
    let sheet_size = vec2(PAGE_WIDTH.0 * scale, PAGE_HEIGHT.0 * scale);
    let count = preview.page_count().unwrap_or(0);
    let width = (sheet_size.x + 2.0 * SHEET_GAP).max(ui.available_width());
    #[expect(clippy::cast_precision_loss, reason = "a page count is far below 2^24")]
    let height = SHEET_GAP + count as f32 * (sheet_size.y + SHEET_GAP);
    let (area, _) = ui.allocate_exact_size(vec2(width, height), Sense::hover());
    let visible = ui.clip_rect();
    let go_to = preview.go_to.take();
    let mut top_page = None;
    let shadow = egui::epaint::Shadow {
        offset: [2, 3],
        blur: 8,
        spread: 0,
        color: Color32::from_black_alpha(70),
    };
    let hover_fill = ui.visuals().selection.bg_fill.gamma_multiply(0.5);
    preview.last_scale = scale;
    preview.prepare_texts(scale);
    let Some((_, form)) = &preview.shown else {
        return;
    };
    let texts = preview
        .texts
        .as_ref()
        .map_or(&[][..], |(_, _, pages)| pages.as_slice());
    for (index, page) in form.pages.iter().enumerate() {
        #[expect(clippy::cast_precision_loss, reason = "a page index is far below 2^24")]
        let top = area.top() + SHEET_GAP + index as f32 * (sheet_size.y + SHEET_GAP);
        let sheet =
            Rect::from_min_size(pos2(area.center().x - sheet_size.x / 2.0, top), sheet_size);
        // The page at the top of the view: the last one starting above its upper third.
        if sheet.top() <= visible.top() + visible.height() / 3.0 {
            top_page = Some(index);
        }
        if go_to == Some(index) {
            ui.scroll_to_rect(sheet.expand(SHEET_GAP / 2.0), Some(Align::TOP));
        }
        let response = ui
            .interact(
                sheet,
                Id::unique(("jixiao.preview_page", index)),
                Sense::click(),
            )
            .accessible_name(format!("预览：第 {} 页 共 {} 页", page.number, page.total));
        if !ui.is_rect_visible(sheet) {
            continue;
        }
        let painter = ui.painter_at(sheet.expand(f32::from(shadow.blur)));
        painter.add(shadow.as_shape(sheet, 0.0));
        painter.rect_filled(sheet, 0.0, Color32::WHITE);
        let painter = ui.painter_at(sheet);
        let hovered_cell = response.hover_pos().and_then(|pos| {
            let (x, y) = paint::page_point(pos, sheet.min, scale);
            page.cells.iter().find(|cell| {
                cell.path.is_some()
                    && cell.rect.contains(&crate::layout::Rect {
                        x,
                        y,
                        width: Mm(0.0),
                        height: Mm(0.0),
                    })
            })
        });
        if let Some(cell) = hovered_cell {
            painter.rect_filled(
                paint::cell_rect(cell.rect, sheet.min, scale),
                0.0,
                hover_fill,
            );
            ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
        }
        let page_texts = texts.get(index).map_or(&[][..], Vec::as_slice);
        paint::paint_page(&painter, page, page_texts, sheet.min, scale);
        if response.clicked()
            && let Some(pos) = response.interact_pointer_pos()
        {
            let (x, y) = paint::page_point(pos, sheet.min, scale);
            if let Some(path) = page.path_at(x, y) {
                output.focus = Some(path);
            }
        }
    }
    let top_page = go_to.or(top_page).unwrap_or(0);
    if top_page != preview.current_page {
        preview.current_page = top_page;
        // The toolbar above was drawn with the old page number.
        ui.ctx().request_repaint();
    }
}

/// Ctrl + mouse wheel over the pages zooms the preview (not the window).
fn zoom_by_wheel(ui: &Ui, preview: &mut Preview, scale: f32, pages: Rect) {
    let hovered = ui.rect_contains_pointer(pages);
    if !hovered {
        return;
    }
    let factor = ui.input(egui::InputState::zoom_delta);
    if (factor - 1.0).abs() > f32::EPSILON {
        let percent = f32::from(percent_of(scale)) * factor;
        preview.zoom = Zoom::Percent(percent_of(percent / 100.0 * POINTS_PER_MM_AT_100));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn laid(generation: u64, goal: &str) -> Laid {
        let mut declaration = crate::ui::initial_declaration();
        declaration.annual_goal = goal.to_owned();
        Laid {
            generation,
            form: layout_declaration(&declaration, 0, LayoutOptions::default()),
            texts: None,
        }
    }

    #[test]
    fn a_stale_layout_never_replaces_a_newer_one() {
        let mut preview = Preview::new();
        preview.generation = 3;
        preview.accept(laid(2, "短"));
        assert_eq!(preview.shown.as_ref().unwrap().0, 2);
        assert!(!preview.is_current());
        let long = "加强党员教育管理，提高组织建设水平。".repeat(300);
        preview.accept(laid(3, &long));
        assert!(preview.is_current());
        let pages = preview.page_count().unwrap();
        assert!(pages > 1);
        // The answer to request 2 arriving late changes nothing.
        preview.accept(laid(2, "短"));
        assert_eq!(preview.shown.as_ref().unwrap().0, 3);
        assert_eq!(preview.page_count(), Some(pages));
    }

    #[test]
    fn fitted_zooms_are_whole_percents_within_range() {
        let mut preview = Preview::new();
        let view = vec2(500.0, 700.0);
        let fit_width = preview.scale(view);
        let percent = fit_width / POINTS_PER_MM_AT_100 * 100.0;
        assert!((percent - percent.round()).abs() < 1e-3);
        assert!(fit_width * PAGE_WIDTH.0 <= view.x - 2.0 * SHEET_GAP);
        preview.zoom = Zoom::FitPage;
        let fit_page = preview.scale(view);
        assert!(fit_page <= fit_width);
        assert!(fit_page * PAGE_HEIGHT.0 <= view.y - 2.0 * SHEET_GAP);
        assert_eq!(percent_of(0.0), MIN_PERCENT);
        assert_eq!(percent_of(f32::NAN), MIN_PERCENT);
        assert_eq!(percent_of(100.0), MAX_PERCENT);
        preview.zoom = Zoom::Percent(100);
        assert!((preview.scale(view) - POINTS_PER_MM_AT_100).abs() < 1e-6);
    }
}
