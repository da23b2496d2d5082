//! The bundled faces embedded as subsets: only the glyphs a document prints, read straight from
//! the static font bytes (no copy of the 11–15 MB files), as CID-keyed TrueType fonts
//! (`Type0` / `CIDFontType2`, `Identity-H`) with a `ToUnicode` map so the text can be copied and
//! searched (PDF 1.7 §9.7, §9.10.3).
//!
//! The subsetting itself is the `subsetter` crate (the one Typst uses): it reads the `loca`
//! entries and outlines of the kept glyphs only, and renumbers them 1, 2, 3… in the order they
//! were first used; that new number is the glyph's CID and its two-byte code in the content
//! stream.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use lopdf::{Dictionary, Object};

use super::PdfError;
use crate::layout::Face;

/// The glyphs one face prints in a document: each character's new glyph number, in the order
/// first used, and the remapper that the subsetter needs.
pub(super) struct FaceSubset {
    face: Face,
    remapper: subsetter::GlyphRemapper,
    /// Character → (new glyph number, original glyph id).
    codes: BTreeMap<char, (u16, u16)>,
}

impl FaceSubset {
    pub(super) fn new(face: Face) -> Self {
        Self {
            face,
            remapper: subsetter::GlyphRemapper::new(),
            codes: BTreeMap::new(),
        }
    }

    fn parsed(&self) -> Result<&'static ttf_parser::Face<'static>, PdfError> {
        match self.face {
            Face::Serif => crate::fonts::serif_face().ok_or(PdfError::Font("Noto Serif SC")),
            Face::Sans => crate::fonts::sans_face().ok_or(PdfError::Font("Noto Sans SC")),
        }
    }

    /// The two-byte code of `character` in this subset, adding its glyph on first use. A
    /// character the face lacks is coded as glyph 0 (`.notdef`); layout never sends one (it
    /// prints 〓 instead).
    pub(super) fn code(&mut self, character: char) -> Result<u16, PdfError> {
        if let Some((code, _)) = self.codes.get(&character) {
            return Ok(*code);
        }
        let face = self.parsed()?;
        let original = face.glyph_index(character).map_or(0, |g| g.0);
        let code = self.remapper.remap(original);
        self.codes.insert(character, (code, original));
        Ok(code)
    }

    /// Natural advance of `character` in thousandths of an em (PDF glyph space).
    pub(super) fn advance_milli(&self, character: char) -> f32 {
        let Ok(face) = self.parsed() else {
            return 1000.0;
        };
        let units = f32::from(face.units_per_em());
        face.glyph_index(character)
            .and_then(|g| face.glyph_hor_advance(g))
            .map_or(1000.0, |a| f32::from(a) * 1000.0 / units)
    }

    /// Whether any glyph of this face is printed.
    pub(super) fn is_used(&self) -> bool {
        !self.codes.is_empty()
    }

    /// Writes the subset font into `document`, its `Type0` font dictionary as object `id`.
    /// `tag` is the six-letter subset tag (PDF 1.7 §9.6.4).
    pub(super) fn embed(
        &self,
        document: &mut lopdf::Document,
        id: lopdf::ObjectId,
        tag: &str,
    ) -> Result<(), PdfError> {
        let face = self.parsed()?;
        let (bytes, postscript_name) = match self.face {
            Face::Serif => (crate::fonts::FORM_SERIF, "NotoSerifSC-Regular"),
            Face::Sans => (crate::fonts::SANS, "NotoSansSC-Regular"),
        };
        let program = subsetter::subset(bytes, 0, &self.remapper)
            .map_err(|_| PdfError::Font(postscript_name))?;
        let units = f32::from(face.units_per_em());
        let scale = |v: i16| Object::Integer((f32::from(v) * 1000.0 / units).round() as i64);
        let base_font = format!("{tag}+{postscript_name}");

        let mut program_dict = Dictionary::new();
        program_dict.set("Length1", Object::Integer(program.len() as i64));
        // The font is most of a one-form PDF's size: worth the best compression.
        let font_file = document.add_object(super::compressed_stream_at(
            program_dict,
            &program,
            flate2::Compression::best(),
        ));

        let bbox = face.global_bounding_box();
        let mut descriptor = Dictionary::new();
        descriptor.set("Type", Object::Name(b"FontDescriptor".to_vec()));
        descriptor.set("FontName", Object::Name(base_font.clone().into_bytes()));
        // Symbolic (bit 3): the font's glyphs are addressed by CID, not a standard encoding.
        descriptor.set("Flags", Object::Integer(4));
        descriptor.set(
            "FontBBox",
            Object::Array(vec![
                scale(bbox.x_min),
                scale(bbox.y_min),
                scale(bbox.x_max),
                scale(bbox.y_max),
            ]),
        );
        descriptor.set("ItalicAngle", Object::Integer(0));
        descriptor.set("Ascent", scale(face.ascender()));
        descriptor.set("Descent", scale(face.descender()));
        descriptor.set(
            "CapHeight",
            scale(face.capital_height().unwrap_or(face.ascender())),
        );
        descriptor.set("StemV", Object::Integer(80));
        descriptor.set("FontFile2", Object::Reference(font_file));
        let descriptor = document.add_object(descriptor);

        // Widths other than the default 1000 (most CJK glyphs are one em), by new glyph number,
        // in runs of consecutive numbers: `[first [w w w] …]`.
        let mut by_code: Vec<(u16, u16)> = self.codes.values().copied().collect();
        by_code.sort_unstable();
        by_code.dedup_by_key(|(code, _)| *code);
        let mut widths = Vec::new();
        let mut run: Vec<Object> = Vec::new();
        let mut run_start = None;
        let mut previous = None;
        for (code, original) in &by_code {
            let advance = face
                .glyph_hor_advance(ttf_parser::GlyphId(*original))
                .map_or(1000, |a| (f32::from(a) * 1000.0 / units).round() as i64);
            if advance == 1000 {
                continue;
            }
            if previous.is_some_and(|p: u16| p + 1 != *code) {
                if let Some(start) = run_start {
                    widths.push(Object::Integer(i64::from(start)));
                    widths.push(Object::Array(std::mem::take(&mut run)));
                }
                run_start = None;
            }
            if run_start.is_none() {
                run_start = Some(*code);
            }
            run.push(Object::Integer(advance));
            previous = Some(*code);
        }
        if let Some(start) = run_start {
            widths.push(Object::Integer(i64::from(start)));
            widths.push(Object::Array(run));
        }

        let mut system_info = Dictionary::new();
        system_info.set("Registry", Object::string_literal("Adobe"));
        system_info.set("Ordering", Object::string_literal("Identity"));
        system_info.set("Supplement", Object::Integer(0));
        let mut cid_font = Dictionary::new();
        cid_font.set("Type", Object::Name(b"Font".to_vec()));
        cid_font.set("Subtype", Object::Name(b"CIDFontType2".to_vec()));
        cid_font.set("BaseFont", Object::Name(base_font.clone().into_bytes()));
        cid_font.set("CIDSystemInfo", Object::Dictionary(system_info));
        cid_font.set("FontDescriptor", Object::Reference(descriptor));
        cid_font.set("DW", Object::Integer(1000));
        cid_font.set("W", Object::Array(widths));
        // The subset's glyph numbers are its CIDs.
        cid_font.set("CIDToGIDMap", Object::Name(b"Identity".to_vec()));
        let cid_font = document.add_object(cid_font);

        let to_unicode =
            document.add_object(super::compressed_stream(Dictionary::new(), &self.cmap()));

        let mut font = Dictionary::new();
        font.set("Type", Object::Name(b"Font".to_vec()));
        font.set("Subtype", Object::Name(b"Type0".to_vec()));
        font.set("BaseFont", Object::Name(base_font.into_bytes()));
        font.set("Encoding", Object::Name(b"Identity-H".to_vec()));
        font.set(
            "DescendantFonts",
            Object::Array(vec![Object::Reference(cid_font)]),
        );
        font.set("ToUnicode", Object::Reference(to_unicode));
        document.objects.insert(id, Object::Dictionary(font));
        Ok(())
    }

    /// The `ToUnicode` CMap: each glyph number back to its character (PDF 1.7 §9.10.3), in
    /// blocks of at most 100 entries as the CMap format requires.
    fn cmap(&self) -> Vec<u8> {
        let mut entries: Vec<(u16, char)> = self
            .codes
            .iter()
            .map(|(character, (code, _))| (*code, *character))
            .collect();
        entries.sort_unstable();
        entries.dedup_by_key(|(code, _)| *code);
        let mut text = String::from(
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
             /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
             /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
             1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
        );
        for block in entries.chunks(100) {
            let _ = writeln!(text, "{} beginbfchar", block.len());
            for (code, character) in block {
                let mut units = [0u16; 2];
                let utf16: String = character
                    .encode_utf16(&mut units)
                    .iter()
                    .map(|u| format!("{u:04X}"))
                    .collect();
                let _ = writeln!(text, "<{code:04X}> <{utf16}>");
            }
            text.push_str("endbfchar\n");
        }
        text.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        text.into_bytes()
    }
}
