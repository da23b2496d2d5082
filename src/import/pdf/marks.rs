//! What a PDF page draws that a table reader needs: every character with its position and size,
//! and every straight rule (stroked lines and rectangles, thin filled rectangles), read from the
//! page's content stream with `lopdf` (PDF 1.7 §8 graphics, §9 text).
//!
//! Characters come out through the font's `/ToUnicode` map (as Jixiao's own subset fonts and
//! most Chinese PDFs have them) or its encoding: Identity-H, the predefined `UniGB-UCS2-H` and
//! `UniGB-UTF16-H` CMaps of Chinese systems' non-embedded 宋体, the GBK CMaps, and the simple
//! encodings. Advances come from the font's widths (`/W` and `/DW` for CID fonts, `/Widths`
//! for simple fonts). Form XObjects are followed; images, shading and clipping are ignored.
//!
//! Coordinates are PDF points with the origin at the page's top-left and y growing downwards,
//! as the layout's are. Never panics: what cannot be read is skipped.

use std::collections::BTreeMap;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Encoding, Object, ObjectId};

/// Largest decompressed content stream read (a form's page is a few tens of KB).
const MAX_CONTENT_BYTES: usize = 32 * 1024 * 1024;
/// How deeply form XObjects may nest.
const MAX_FORM_DEPTH: usize = 8;
/// A filled rectangle thinner than this (pt) is a rule (some writers draw borders so).
const MAX_RULE_THICKNESS: f64 = 2.0;

/// One character drawn on a page.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Glyph {
    /// The character(s) the glyph stands for (a ligature may stand for several).
    pub text: String,
    /// Left edge, from the page's left edge (pt).
    pub x: f64,
    /// Baseline, from the page's top edge (pt).
    pub baseline: f64,
    /// Advance width (pt).
    pub width: f64,
    /// Font size as drawn (pt).
    pub size: f64,
}

/// A straight rule: horizontal (`y0 == y1`) or vertical (`x0 == x1`), page coordinates (pt),
/// `x0 <= x1`, `y0 <= y1`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Rule {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rule {
    /// Whether the rule runs across (horizontal).
    pub fn is_horizontal(&self) -> bool {
        (self.y1 - self.y0).abs() < (self.x1 - self.x0).abs()
    }
}

/// What one page draws.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct PageMarks {
    /// Page width and height (pt).
    pub width: f64,
    pub height: f64,
    /// Every character, in the order drawn.
    pub glyphs: Vec<Glyph>,
    /// Every straight rule, in the order drawn.
    pub rules: Vec<Rule>,
}

/// The marks of every page of `document`, in page order.
pub(crate) fn document_marks(document: &Document) -> Vec<PageMarks> {
    document
        .page_iter()
        .map(|page| page_marks(document, page))
        .collect()
}

/// An affine matrix `[a b c d e f]` (PDF 1.7 §8.3.4).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Matrix([f64; 6]);

impl Matrix {
    const IDENTITY: Self = Self([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    /// `self × other`: first `self`, then `other`.
    fn then(self, other: Self) -> Self {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = other.0;
        Self([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }

    fn translate(x: f64, y: f64) -> Self {
        Self([1.0, 0.0, 0.0, 1.0, x, y])
    }

    fn apply(self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    /// How much the matrix scales vertical lengths.
    fn vertical_scale(self) -> f64 {
        let [_, _, c, d, _, _] = self.0;
        c.hypot(d)
    }

    fn from_operands(operands: &[Object]) -> Option<Self> {
        let numbers: Vec<f64> = operands.iter().filter_map(number).collect();
        let array: [f64; 6] = numbers.try_into().ok()?;
        Some(Self(array))
    }
}

/// A number operand.
fn number(object: &Object) -> Option<f64> {
    object.as_float().ok().map(f64::from)
}

/// A font as the interpreter needs it: how to cut a string into codes, what each code means
/// and how wide it is.
struct Font<'a> {
    encoding: Option<Encoding<'a>>,
    /// Bytes per code: 2 for CID fonts (Identity-H, UCS-2), 1 for simple fonts; 0 for the GBK
    /// CMaps, whose codes are one byte below 0x80 and two above.
    code_bytes: u8,
    /// Decode codes as GBK/GB18030 (GBK CMaps without a `/ToUnicode`).
    gbk: bool,
    /// Widths in thousandths of the size, by code (simple fonts) or CID (CID fonts).
    widths: BTreeMap<u32, f64>,
    default_width: f64,
}

impl<'a> Font<'a> {
    fn new(document: &'a Document, dict: &'a Dictionary) -> Self {
        let subtype = dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .unwrap_or_default();
        let encoding_name = dict
            .get_deref(b"Encoding", document)
            .and_then(Object::as_name)
            .unwrap_or_default();
        let has_to_unicode = dict.get(b"ToUnicode").is_ok();
        let gbk_cmap = encoding_name.starts_with(b"GBK")
            || encoding_name.starts_with(b"GB-EUC")
            || encoding_name.starts_with(b"GBpc-EUC")
            || encoding_name.starts_with(b"GBT-EUC");
        let encoding = if gbk_cmap && !has_to_unicode {
            None
        } else {
            dict.get_font_encoding(document).ok()
        };
        let mut font = Self {
            encoding,
            code_bytes: if subtype == b"Type0" {
                if gbk_cmap { 0 } else { 2 }
            } else {
                1
            },
            gbk: gbk_cmap && !has_to_unicode,
            widths: BTreeMap::new(),
            default_width: if subtype == b"Type0" { 1000.0 } else { 500.0 },
        };
        if subtype == b"Type0" {
            font.read_cid_widths(document, dict);
        } else {
            font.read_simple_widths(document, dict);
        }
        font
    }

    /// `/W` and `/DW` of the descendant CID font (PDF 1.7 §9.7.4.3).
    fn read_cid_widths(&mut self, document: &Document, dict: &Dictionary) {
        let Some(descendant) = dict
            .get_deref(b"DescendantFonts", document)
            .and_then(Object::as_array)
            .ok()
            .and_then(|fonts| fonts.first())
            .and_then(|font| document.dereference(font).ok())
            .and_then(|(_, font)| font.as_dict().ok())
        else {
            return;
        };
        if let Some(width) = descendant.get_deref(b"DW", document).ok().and_then(number) {
            self.default_width = width;
        }
        let Ok(array) = descendant
            .get_deref(b"W", document)
            .and_then(Object::as_array)
        else {
            return;
        };
        let mut index = 0;
        while let Some(first) = array.get(index).and_then(number) {
            let first = first as u32;
            match array.get(index + 1) {
                Some(Object::Array(widths)) => {
                    for (offset, width) in (0u32..).zip(widths.iter().filter_map(number)) {
                        self.widths.insert(first.saturating_add(offset), width);
                    }
                    index += 2;
                }
                Some(last) => {
                    let (Some(last), Some(width)) =
                        (number(last), array.get(index + 2).and_then(number))
                    else {
                        return;
                    };
                    // Bounded so that a hostile range cannot fill memory.
                    for cid in first..=(last as u32).min(first.saturating_add(0xFFFF)) {
                        self.widths.insert(cid, width);
                    }
                    index += 3;
                }
                None => return,
            }
        }
    }

    /// `/FirstChar` and `/Widths` of a simple font.
    fn read_simple_widths(&mut self, document: &Document, dict: &Dictionary) {
        let first = dict
            .get_deref(b"FirstChar", document)
            .ok()
            .and_then(number)
            .unwrap_or(0.0) as u32;
        if let Ok(widths) = dict
            .get_deref(b"Widths", document)
            .and_then(Object::as_array)
        {
            for (offset, width) in (0u32..).zip(widths) {
                let width = document
                    .dereference(width)
                    .ok()
                    .and_then(|(_, width)| number(width));
                if let Some(width) = width {
                    self.widths.insert(first.saturating_add(offset), width);
                }
            }
        }
    }

    /// The codes of a shown string, each with its bytes.
    fn codes<'s>(&self, bytes: &'s [u8]) -> Vec<&'s [u8]> {
        let mut codes = Vec::new();
        let mut rest = bytes;
        while !rest.is_empty() {
            let length = match self.code_bytes {
                0 if rest.first().is_some_and(|byte| *byte >= 0x80) => 2,
                0 | 1 => 1,
                _ => 2,
            }
            .min(rest.len());
            let (code, tail) = rest.split_at(length);
            codes.push(code);
            rest = tail;
        }
        codes
    }

    /// The text of one code.
    fn text(&self, code: &[u8]) -> String {
        if self.gbk {
            let (text, _, _) = encoding_rs::GB18030.decode(code);
            return text.into_owned();
        }
        match &self.encoding {
            Some(encoding) => encoding
                .bytes_to_string(code)
                .unwrap_or_else(|_| String::from('\u{fffd}')),
            None => String::from('\u{fffd}'),
        }
    }

    /// The width of one code, in thousandths of the size.
    fn width(&self, code: &[u8]) -> f64 {
        let value = code.iter().fold(0u32, |value, byte| {
            value.wrapping_mul(256) | u32::from(*byte)
        });
        self.widths
            .get(&value)
            .copied()
            .unwrap_or(self.default_width)
    }
}

/// The graphics state that matters here (PDF 1.7 §8.4, §9.3).
#[derive(Clone, Copy)]
struct State<'f> {
    ctm: Matrix,
    font: Option<&'f [u8]>,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    horizontal_scale: f64,
    leading: f64,
    rise: f64,
}

/// Reads one page (and the form XObjects it draws).
fn page_marks(document: &Document, page: ObjectId) -> PageMarks {
    let media_box = document
        .get_dictionary(page)
        .ok()
        .and_then(|dict| inherited(document, dict, b"MediaBox"))
        .and_then(|object| object.as_array().ok())
        .map(|array| array.iter().filter_map(number).collect::<Vec<_>>())
        .and_then(|numbers| <[f64; 4]>::try_from(numbers).ok())
        .unwrap_or([0.0, 0.0, 595.28, 841.89]);
    let [left, bottom, right, top] = media_box;
    let mut marks = PageMarks {
        width: (right - left).abs(),
        height: (top - bottom).abs(),
        ..PageMarks::default()
    };
    // PDF space (origin bottom-left, y up) to page space (origin top-left, y down).
    let to_page = Matrix([1.0, 0.0, 0.0, -1.0, -left, top]);
    let resources = document
        .get_dictionary(page)
        .ok()
        .and_then(|dict| inherited(document, dict, b"Resources"))
        .and_then(|object| object.as_dict().ok());
    let content = document
        .get_page_content_with_limit(page, MAX_CONTENT_BYTES)
        .unwrap_or_default();
    let mut reader = Interpreter {
        document,
        fonts: BTreeMap::new(),
        marks: &mut marks,
    };
    reader.run(&content, resources, to_page, 0);
    marks
}

/// A page attribute, looked up through the page tree's parents (`/Resources`, `/MediaBox`).
fn inherited<'a>(document: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = dict;
    for _ in 0..64 {
        if let Ok(value) = node.get(key) {
            return document.dereference(value).ok().map(|(_, value)| value);
        }
        node = node
            .get(b"Parent")
            .ok()
            .and_then(|parent| document.dereference(parent).ok())
            .and_then(|(_, parent)| parent.as_dict().ok())?;
    }
    None
}

struct Interpreter<'d, 'm> {
    document: &'d Document,
    /// Fonts by their dictionary's address, read once.
    fonts: BTreeMap<usize, Font<'d>>,
    marks: &'m mut PageMarks,
}

impl<'d> Interpreter<'d, '_> {
    /// Runs a content stream with its resources, starting from the matrix `base`.
    fn run(
        &mut self,
        content: &[u8],
        resources: Option<&'d Dictionary>,
        base: Matrix,
        depth: usize,
    ) {
        let Ok(content) = Content::decode(content) else {
            return;
        };
        let fonts = resources
            .and_then(|resources| resources.get_deref(b"Font", self.document).ok())
            .and_then(|fonts| fonts.as_dict().ok());
        let mut state = State {
            ctm: base,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            horizontal_scale: 1.0,
            leading: 0.0,
            rise: 0.0,
        };
        let mut stack: Vec<State<'_>> = Vec::new();
        let mut text_matrix = Matrix::IDENTITY;
        let mut line_matrix = Matrix::IDENTITY;
        let mut path: Vec<(f64, f64, f64, f64)> = Vec::new();
        let mut thin_fills: Vec<(f64, f64, f64, f64)> = Vec::new();
        let mut point = (0.0, 0.0);
        let mut subpath_start = (0.0, 0.0);
        for operation in &content.operations {
            let operands = operation.operands.as_slice();
            let float = |index: usize| operands.get(index).and_then(number).unwrap_or(0.0);
            match operation.operator.as_str() {
                "q" => stack.push(state),
                "Q" => {
                    if let Some(saved) = stack.pop() {
                        state = saved;
                    }
                }
                "cm" => {
                    if let Some(matrix) = Matrix::from_operands(operands) {
                        state.ctm = matrix.then(state.ctm);
                    }
                }
                "BT" => {
                    text_matrix = Matrix::IDENTITY;
                    line_matrix = Matrix::IDENTITY;
                }
                "Tf" => {
                    state.font = operands.first().and_then(|name| name.as_name().ok());
                    state.size = float(1);
                }
                "Tc" => state.char_spacing = float(0),
                "Tw" => state.word_spacing = float(0),
                "Tz" => state.horizontal_scale = float(0) / 100.0,
                "TL" => state.leading = float(0),
                "Ts" => state.rise = float(0),
                "Td" | "TD" => {
                    if operation.operator == "TD" {
                        state.leading = -float(1);
                    }
                    line_matrix = Matrix::translate(float(0), float(1)).then(line_matrix);
                    text_matrix = line_matrix;
                }
                "Tm" => {
                    if let Some(matrix) = Matrix::from_operands(operands) {
                        line_matrix = matrix;
                        text_matrix = matrix;
                    }
                }
                "T*" => {
                    line_matrix = Matrix::translate(0.0, -state.leading).then(line_matrix);
                    text_matrix = line_matrix;
                }
                "Tj" | "'" | "\"" | "TJ" => {
                    if operation.operator == "\"" {
                        state.word_spacing = float(0);
                        state.char_spacing = float(1);
                    }
                    if matches!(operation.operator.as_str(), "'" | "\"") {
                        line_matrix = Matrix::translate(0.0, -state.leading).then(line_matrix);
                        text_matrix = line_matrix;
                    }
                    let font = self.font(fonts, state.font);
                    let shown = operands.last();
                    let items: Vec<&Object> = match shown {
                        Some(Object::Array(items)) => items.iter().collect(),
                        Some(other) => vec![other],
                        None => Vec::new(),
                    };
                    for item in items {
                        match item {
                            Object::String(bytes, _) => {
                                self.show(bytes, font, &state, &mut text_matrix);
                            }
                            other => {
                                let adjust = number(other).unwrap_or(0.0);
                                let advance =
                                    -adjust / 1000.0 * state.size * state.horizontal_scale;
                                text_matrix = Matrix::translate(advance, 0.0).then(text_matrix);
                            }
                        }
                    }
                }
                "m" => {
                    point = (float(0), float(1));
                    subpath_start = point;
                }
                "l" => {
                    let next = (float(0), float(1));
                    path.push((point.0, point.1, next.0, next.1));
                    point = next;
                }
                "c" => point = (float(4), float(5)),
                "v" | "y" => point = (float(2), float(3)),
                "h" => {
                    path.push((point.0, point.1, subpath_start.0, subpath_start.1));
                    point = subpath_start;
                }
                "re" => {
                    let (x, y, w, h) = (float(0), float(1), float(2), float(3));
                    path.push((x, y, x + w, y));
                    path.push((x + w, y, x + w, y + h));
                    path.push((x + w, y + h, x, y + h));
                    path.push((x, y + h, x, y));
                    if w.abs().min(h.abs()) <= MAX_RULE_THICKNESS {
                        thin_fills.push((x, y, w, h));
                    }
                    point = (x, y);
                    subpath_start = point;
                }
                "S" | "s" | "B" | "B*" | "b" | "b*" => {
                    for (x0, y0, x1, y1) in path.drain(..) {
                        self.rule(state.ctm, (x0, y0), (x1, y1));
                    }
                    thin_fills.clear();
                }
                "f" | "F" | "f*" => {
                    for (x, y, w, h) in thin_fills.drain(..) {
                        // A thin filled rectangle is a rule along its middle.
                        if w.abs() >= h.abs() {
                            self.rule(state.ctm, (x, y + h / 2.0), (x + w, y + h / 2.0));
                        } else {
                            self.rule(state.ctm, (x + w / 2.0, y), (x + w / 2.0, y + h));
                        }
                    }
                    path.clear();
                }
                "n" => {
                    path.clear();
                    thin_fills.clear();
                }
                "Do" if depth < MAX_FORM_DEPTH => {
                    self.form(resources, operands.first(), state.ctm, depth);
                }
                _ => {}
            }
        }
    }

    /// The font named `name` in `fonts`, read once.
    fn font(&mut self, fonts: Option<&'d Dictionary>, name: Option<&[u8]>) -> Option<usize> {
        let dict = fonts?
            .get_deref(name?, self.document)
            .ok()?
            .as_dict()
            .ok()?;
        let key = std::ptr::from_ref(dict) as usize;
        self.fonts
            .entry(key)
            .or_insert_with(|| Font::new(self.document, dict));
        Some(key)
    }

    /// Shows `bytes` in the font `font`, moving the text matrix past each glyph.
    fn show(
        &mut self,
        bytes: &[u8],
        font: Option<usize>,
        state: &State<'_>,
        text_matrix: &mut Matrix,
    ) {
        let Some(font) = font.and_then(|key| self.fonts.get(&key)) else {
            return;
        };
        for code in font.codes(bytes) {
            let width = font.width(code) / 1000.0 * state.size;
            let render = Matrix([
                state.size * state.horizontal_scale,
                0.0,
                0.0,
                state.size,
                0.0,
                state.rise,
            ])
            .then(*text_matrix)
            .then(state.ctm);
            let (x, baseline) = render.apply(0.0, 0.0);
            let (end_x, _) = Matrix::translate(width * state.horizontal_scale, 0.0)
                .then(*text_matrix)
                .then(state.ctm)
                .apply(0.0, 0.0);
            let text = font.text(code);
            if !text.is_empty() {
                self.marks.glyphs.push(Glyph {
                    text,
                    x,
                    baseline,
                    width: (end_x - x).abs(),
                    size: render.vertical_scale(),
                });
            }
            let word_spacing = if code == [32] {
                state.word_spacing
            } else {
                0.0
            };
            let advance = (width + state.char_spacing + word_spacing) * state.horizontal_scale;
            *text_matrix = Matrix::translate(advance, 0.0).then(*text_matrix);
        }
    }

    /// Records a straight segment from `from` to `to` (user space) if it is horizontal or
    /// vertical on the page.
    fn rule(&mut self, ctm: Matrix, from: (f64, f64), to: (f64, f64)) {
        let (x0, y0) = ctm.apply(from.0, from.1);
        let (x1, y1) = ctm.apply(to.0, to.1);
        let (dx, dy) = ((x1 - x0).abs(), (y1 - y0).abs());
        if dx.max(dy) < 1.0 || dx.min(dy) > 0.5 {
            return;
        }
        self.marks.rules.push(Rule {
            x0: x0.min(x1),
            y0: y0.min(y1),
            x1: x0.max(x1),
            y1: y0.max(y1),
        });
    }

    /// Draws the form XObject named by `name`.
    fn form(
        &mut self,
        resources: Option<&'d Dictionary>,
        name: Option<&Object>,
        ctm: Matrix,
        depth: usize,
    ) {
        let document = self.document;
        let Some(stream) = resources
            .and_then(|resources| resources.get_deref(b"XObject", document).ok())
            .and_then(|objects| objects.as_dict().ok())
            .zip(name.and_then(|name| name.as_name().ok()))
            .and_then(|(objects, name)| objects.get_deref(name, document).ok())
            .and_then(|object| object.as_stream().ok())
        else {
            return;
        };
        if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form") {
            return;
        }
        let matrix = stream
            .dict
            .get(b"Matrix")
            .and_then(Object::as_array)
            .ok()
            .and_then(|array| Matrix::from_operands(array))
            .unwrap_or(Matrix::IDENTITY);
        let own = stream
            .dict
            .get_deref(b"Resources", document)
            .and_then(Object::as_dict)
            .ok()
            .or(resources);
        let Ok(content) = stream.decompressed_content_with_limit(MAX_CONTENT_BYTES) else {
            let plain = stream.content.clone();
            self.run(&plain, own, matrix.then(ctm), depth + 1);
            return;
        };
        self.run(&content, own, matrix.then(ctm), depth + 1);
    }
}
