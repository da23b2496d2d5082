//! The one place font bytes are loaded, for the window and for the PDF.
//!
//! Both fonts are bundled in the binary (see `fonts/SOURCE.md`), so Jixiao looks and prints the
//! same on a machine with no Chinese fonts installed. They are `'static` byte slices: loading
//! costs nothing at start-up and the bytes are shared, never copied per form. The parsed views
//! ([`serif_face`], [`sans_face`]) read only the table directory and a few small tables once per
//! process; glyph outlines are read only by the PDF subsetter, and only for the glyphs printed.

use std::sync::OnceLock;

/// Noto Serif SC Regular (TrueType outlines): the 宋体-like face of the printed form's body.
pub static FORM_SERIF: &[u8] = include_bytes!("../fonts/NotoSerifSC-Regular.ttf");

/// Noto Sans SC Regular (TrueType outlines): the 黑体-like face of the window and of the printed
/// title.
pub static SANS: &[u8] = include_bytes!("../fonts/NotoSansSC-Regular.ttf");

/// [`FORM_SERIF`] parsed once (a `ttf-parser` view borrowing the static bytes); `None` only if
/// the bundled file is broken, which the tests rule out.
pub fn serif_face() -> Option<&'static ttf_parser::Face<'static>> {
    static FACE: OnceLock<Option<ttf_parser::Face<'static>>> = OnceLock::new();
    FACE.get_or_init(|| ttf_parser::Face::parse(FORM_SERIF, 0).ok())
        .as_ref()
}

/// [`SANS`] parsed once, as [`serif_face`].
pub fn sans_face() -> Option<&'static ttf_parser::Face<'static>> {
    static FACE: OnceLock<Option<ttf_parser::Face<'static>>> = OnceLock::new();
    FACE.get_or_init(|| ttf_parser::Face::parse(SANS, 0).ok())
        .as_ref()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_fonts_are_truetype_and_parse() {
        for font in [FORM_SERIF, SANS] {
            assert_eq!(
                font.get(..4),
                Some(&[0, 1, 0, 0][..]),
                "TrueType sfnt version"
            );
        }
        for face in [serif_face(), sans_face()] {
            let face = face.unwrap();
            assert!(face.glyph_index('党').is_some());
            assert!(face.units_per_em() > 0);
        }
    }
}
