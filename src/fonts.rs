//! The one place font bytes are loaded, for the window and for the PDF.
//!
//! Both fonts are bundled in the binary (see `fonts/SOURCE.md`), so Jixiao looks and prints the
//! same on a machine with no Chinese fonts installed. They are `'static` byte slices: loading
//! costs nothing at start-up and the bytes are shared, never copied per form.

/// Noto Serif SC Regular (TrueType outlines): the 宋体-like face of the printed form's body.
pub static FORM_SERIF: &[u8] = include_bytes!("../fonts/NotoSerifSC-Regular.ttf");

/// Noto Sans SC Regular (TrueType outlines): the 黑体-like face of the window and of the printed
/// title.
pub static SANS: &[u8] = include_bytes!("../fonts/NotoSansSC-Regular.ttf");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_fonts_are_truetype() {
        for font in [FORM_SERIF, SANS] {
            assert_eq!(font.get(..4), Some(&[0, 1, 0, 0][..]), "TrueType sfnt version");
        }
    }
}
