//! The editor's look: an office-like light theme (the default, as WPS and Excel look), a dark
//! theme, the colours of findings and sums in each, and the form's section headings.
//!
//! Depends on egui only. The colours are functions of the [`Visuals`] in use, so a finding reads
//! as well on white as on the dark background.

use eframe::egui;
use egui::{Color32, CornerRadius, RichText, Stroke, Theme, ThemePreference, Ui, Visuals};

use super::command::ThemeChoice;

/// The blue of the selection and of the focused field's border (an office blue).
const SELECTION_BLUE: Color32 = Color32::from_rgb(0x1a, 0x6f, 0xd8);
/// The light blue behind selected text and the selected indicator row.
const SELECTION_FILL: Color32 = Color32::from_rgb(0xcc, 0xe3, 0xfb);

/// Installs both themes into `ctx` and selects `choice`. With [`ThemeChoice::System`], egui
/// follows the system's light/dark setting where the platform reports it, and light otherwise.
pub fn apply(ctx: &egui::Context, choice: ThemeChoice) {
    ctx.set_visuals_of(Theme::Light, light_visuals());
    ctx.set_visuals_of(Theme::Dark, dark_visuals());
    ctx.options_mut(|options| options.fallback_theme = Theme::Light);
    ctx.set_theme(match choice {
        ThemeChoice::System => ThemePreference::System,
        ThemeChoice::Light => ThemePreference::Light,
        ThemeChoice::Dark => ThemePreference::Dark,
    });
}

/// The light theme: a light grey window, white fields with thin grey borders, a blue border on
/// the focused field and a clear light-blue selection.
pub fn light_visuals() -> Visuals {
    let mut visuals = Visuals::light();
    visuals.panel_fill = Color32::from_gray(0xf3);
    visuals.window_fill = Color32::WHITE;
    visuals.extreme_bg_color = Color32::WHITE;
    visuals.faint_bg_color = Color32::from_gray(0xf7);
    visuals.selection.bg_fill = SELECTION_FILL;
    visuals.selection.stroke = Stroke::new(1.5, SELECTION_BLUE);
    visuals.hyperlink_color = SELECTION_BLUE;
    let field_border = Stroke::new(1.0, Color32::from_gray(0xb4));
    let widgets = &mut visuals.widgets;
    widgets.noninteractive.bg_stroke = Stroke::new(1.0, Color32::from_gray(0xd0));
    widgets.noninteractive.fg_stroke = Stroke::new(1.0, Color32::from_gray(0x20));
    widgets.inactive.bg_stroke = field_border;
    widgets.inactive.weak_bg_fill = Color32::from_gray(0xe8);
    widgets.inactive.bg_fill = Color32::from_gray(0xe8);
    widgets.inactive.fg_stroke = Stroke::new(1.0, Color32::from_gray(0x20));
    widgets.hovered.bg_stroke = Stroke::new(1.0, SELECTION_BLUE);
    widgets.hovered.weak_bg_fill = Color32::from_rgb(0xe1, 0xec, 0xf9);
    widgets.hovered.bg_fill = Color32::from_rgb(0xe1, 0xec, 0xf9);
    widgets.hovered.fg_stroke = Stroke::new(1.0, Color32::BLACK);
    widgets.active.bg_stroke = Stroke::new(1.0, SELECTION_BLUE);
    widgets.active.weak_bg_fill = SELECTION_FILL;
    widgets.active.bg_fill = SELECTION_FILL;
    widgets.open.weak_bg_fill = SELECTION_FILL;
    for state in [
        &mut widgets.inactive,
        &mut widgets.hovered,
        &mut widgets.active,
        &mut widgets.open,
    ] {
        state.corner_radius = CornerRadius::same(2);
        // Office widgets do not grow when hovered.
        state.expansion = 0.0;
    }
    visuals.striped = false;
    visuals
}

/// The dark theme: egui's own dark colours with the same blue selection.
pub fn dark_visuals() -> Visuals {
    let mut visuals = Visuals::dark();
    visuals.selection.stroke = Stroke::new(1.5, Color32::from_rgb(0x6c, 0xa8, 0xf0));
    visuals.selection.bg_fill = Color32::from_rgb(0x1f, 0x4a, 0x7c);
    visuals.widgets.inactive.bg_stroke = Stroke::new(1.0, Color32::from_gray(0x5a));
    visuals
}

/// The colour of an error: a field's outline, the findings panel, a sum that does not match.
pub fn error_color(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(0xf0, 0x6a, 0x6a)
    } else {
        Color32::from_rgb(0xc6, 0x28, 0x28)
    }
}

/// The colour of a warning (amber, darker on white so text stays readable).
pub fn warning_color(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(0xe8, 0xa8, 0x30)
    } else {
        Color32::from_rgb(0xa8, 0x62, 0x00)
    }
}

/// The colour of a sum that matches its parts.
pub fn ok_color(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(0x6c, 0xc4, 0x8c)
    } else {
        Color32::from_rgb(0x1e, 0x7b, 0x45)
    }
}

/// The colour of a required field not filled in yet on a new form (待填写): neutral, not an error.
pub fn pending_color(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(0x7f, 0xa6, 0xd6)
    } else {
        Color32::from_rgb(0x5b, 0x7d, 0xa8)
    }
}

/// A section heading of the form (「一、项目基本信息与资金」): bold, a little larger, in the
/// heading colour, with a rule under it.
pub fn section_heading_ui(ui: &mut Ui, title: &str) {
    let color = if ui.visuals().dark_mode {
        Color32::from_rgb(0x9c, 0xc4, 0xf2)
    } else {
        Color32::from_rgb(0x1f, 0x3f, 0x6e)
    };
    ui.label(
        RichText::new(title)
            .strong()
            .size(ui.text_style_height(&egui::TextStyle::Body) * 1.05)
            .color(color),
    );
    let rect = ui.available_rect_before_wrap();
    let y = ui.cursor().top();
    ui.painter().hline(
        rect.x_range(),
        y,
        Stroke::new(1.0, color.gamma_multiply(0.5)),
    );
    ui.add_space(4.0);
}

/// A heading inside a section (「项目资金（元）」, 「绩效指标」): bold, in the heading colour.
pub fn subheading_ui(ui: &mut Ui, title: &str) {
    let color = if ui.visuals().dark_mode {
        Color32::from_rgb(0x9c, 0xc4, 0xf2)
    } else {
        Color32::from_rgb(0x1f, 0x3f, 0x6e)
    };
    ui.label(RichText::new(title).strong().color(color));
}
