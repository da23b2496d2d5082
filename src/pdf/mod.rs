//! Laid-out pages into PDF bytes, with the bundled fonts embedded as subsets.
//!
//! This module owns the PDF writer (printpdf 0.12) and nothing else: it takes
//! [`crate::layout`] pages and returns bytes. No I/O (the caller writes the file, atomically),
//! no egui. Output is reproducible: fixed dates, font resource names and document identifiers
//! derived from the content, so the same declarations give byte-identical files.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use printpdf::{
    Color, FontId, Line, LinePoint, Mm as PdfMm, Op, ParsedFont, PdfDocument, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Pt as PdfPt, Rgb, TextItem, TextMatrix,
};

use crate::layout::{self, Face, LayoutOptions, Mm, PAGE_HEIGHT, PAGE_WIDTH, Page, TextRun};
use crate::model::Declaration;

/// What to print besides the forms themselves.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PrintOptions {
    /// Add the signature block (填报单位（盖章）, 单位负责人, 财务负责人, 填报人, 联系电话, 填报日期;
    /// docs/form.md §8) after each form's table. Off by default: the official form has none.
    pub signature_block: bool,
}

/// A character that no bundled font can print; it was printed as 〓.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrintWarning {
    /// Index of the declaration in the slice given to [`print_to_pdf`].
    pub form: usize,
    /// The field it appears in, e.g. `项目名称`.
    pub field: String,
    /// The character as written.
    pub character: char,
    /// A sentence for the user, in Chinese.
    pub message: String,
}

/// A printed PDF: its bytes, its page count and the characters it could not print.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrintedPdf {
    /// The PDF file's bytes.
    pub bytes: Vec<u8>,
    /// Number of A4 pages (each form starts on a new page).
    pub page_count: usize,
    /// Characters printed as 〓, one per field and character.
    pub warnings: Vec<PrintWarning>,
}

/// Why a PDF could not be produced.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    /// No declaration was given.
    #[error("没有要打印的申报表")]
    NothingToPrint,
    /// A bundled font could not be read (a broken build, not user data).
    #[error("内置字体「{0}」无法读取，无法生成 PDF")]
    Font(&'static str),
    /// The PDF could not be assembled (a defect, not user data).
    #[error("无法生成 PDF 文件内容：{0}")]
    Write(String),
}

/// The creation and modification date written into every PDF (Unix time): fixed, for
/// reproducible output.
const REPRODUCIBLE_TIMESTAMP: i64 = 0;

/// The bundled faces parsed once per process.
struct Fonts {
    serif: ParsedFont,
    sans: ParsedFont,
}

fn fonts() -> Result<&'static Fonts, PdfError> {
    static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let serif = parse_font(crate::fonts::FORM_SERIF)?;
            let sans = parse_font(crate::fonts::SANS)?;
            Some(Fonts { serif, sans })
        })
        .as_ref()
        .ok_or(PdfError::Font("Noto Serif SC / Noto Sans SC"))
}

/// Parses a bundled face for embedding, copying its bytes once and decoding glyph outlines only
/// when the subsetter asks: `ParsedFont::from_bytes` would copy the 11–15 MB face twice and
/// decode every outline, which was most of a one-form `jixiao print`.
fn parse_font(bytes: &'static [u8]) -> Option<ParsedFont> {
    let shared = std::sync::Arc::new(rust_fontconfig::FontBytes::Owned(std::sync::Arc::from(
        bytes,
    )));
    let mut warnings = Vec::new();
    let face = printpdf::AzulParsedFont::from_bytes_shared(shared, 0, &mut warnings)?;
    Some(ParsedFont::from_azul(face))
}

/// Prints `declarations` into one PDF, each form starting on a new page, A4 portrait.
///
/// Layout is [`crate::layout::layout_declaration`]; the title is the first form's project name.
/// Characters missing from the serif face print in the Sans face; characters neither has print
/// as 〓 and are reported in [`PrintedPdf::warnings`].
///
/// # Errors
/// [`PdfError::NothingToPrint`] for an empty slice; [`PdfError::Font`] if a bundled font cannot
/// be parsed.
pub fn print_to_pdf(
    declarations: &[Declaration],
    options: &PrintOptions,
) -> Result<PrintedPdf, PdfError> {
    if declarations.is_empty() {
        return Err(PdfError::NothingToPrint);
    }
    let fonts = fonts()?;
    let layout_options = LayoutOptions {
        signature_block: options.signature_block,
    };
    let mut pages: Vec<Page> = Vec::new();
    let mut warnings = Vec::new();
    for (form, declaration) in declarations.iter().enumerate() {
        let laid = layout::layout_declaration(declaration, form, layout_options);
        pages.extend(laid.pages);
        warnings.extend(laid.warnings.into_iter().map(|w| PrintWarning {
            form,
            message: format!(
                "第 {} 份申报表「{}」中的字符「{}」（U+{:04X}）内置字体无法显示，已打印为〓",
                form + 1,
                w.field,
                w.character,
                u32::from(w.character)
            ),
            field: w.field,
            character: w.character,
        }));
    }

    let title = declarations
        .first()
        .map(|d| d.project_name.clone())
        .unwrap_or_default();
    let mut doc = PdfDocument::new(&title);
    let content_hash = content_hash(declarations, options);
    // printpdf names each font resource by its id and uses the id as the subset tag
    // (`ABCDEF+NotoSerifSC-Regular`), so ids are six capital letters derived from the content:
    // reproducible, and a valid subset tag (PDF 1.7 §9.6.4).
    let serif_id = FontId(subset_tag(content_hash, 0));
    let sans_id = FontId(subset_tag(content_hash, 1));
    doc.resources.fonts.map.insert(
        serif_id.clone(),
        printpdf::font::PdfFont::new(fonts.serif.clone()),
    );
    doc.resources.fonts.map.insert(
        sans_id.clone(),
        printpdf::font::PdfFont::new(fonts.sans.clone()),
    );

    doc.metadata.info.document_title = title;
    doc.metadata.info.identifier = format!("jixiao-{content_hash:016x}");
    doc.metadata.info.producer = "Jixiao".to_owned();
    // Fixed dates (the Unix epoch, which readers show as "unset") instead of the clock, so the
    // same declarations give the same bytes.
    if let Ok(fixed) = printpdf::OffsetDateTime::from_unix_timestamp(REPRODUCIBLE_TIMESTAMP) {
        doc.metadata.info.creation_date = fixed;
        doc.metadata.info.modification_date = fixed;
        doc.metadata.info.metadata_date = fixed;
    }
    doc.metadata.info.creator = "Jixiao".to_owned();

    let pdf_pages: Vec<PdfPage> = pages
        .iter()
        .map(|page| {
            PdfPage::new(
                PdfMm(PAGE_WIDTH.0),
                PdfMm(PAGE_HEIGHT.0),
                page_ops(page, &serif_id, &sans_id),
            )
        })
        .collect();
    let page_count = pdf_pages.len();
    let mut save_warnings = Vec::new();
    // The same steps as printpdf's own `save` (build, compress, write), with the two catalog
    // and trailer entries printpdf has no option for set in between.
    let mut document = doc
        .with_pages(pdf_pages)
        .to_lopdf_document(&PdfSaveOptions::default(), &mut save_warnings);
    set_language_and_id(&mut document, content_hash)?;
    document.compress();
    let mut bytes = Vec::new();
    document
        .save_to(&mut bytes)
        .map_err(|error| PdfError::Write(error.to_string()))?;
    Ok(PrintedPdf {
        bytes,
        page_count,
        warnings,
    })
}

/// Six capital letters from `hash` and `salt`, e.g. `QXKBDA`.
fn subset_tag(hash: u64, salt: u64) -> String {
    let mut value = hash
        .rotate_left(17)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(salt);
    let mut tag = String::with_capacity(6);
    for _ in 0..6 {
        let letter = b'A' + u8::try_from(value % 26).unwrap_or(0);
        tag.push(char::from(letter));
        value /= 26;
    }
    tag
}

/// A hash of everything that decides the output, for the document identifier.
fn content_hash(declarations: &[Declaration], options: &PrintOptions) -> u64 {
    let mut hasher = DefaultHasher::new();
    for declaration in declarations {
        format!("{declaration:?}").hash(&mut hasher);
    }
    options.signature_block.hash(&mut hasher);
    hasher.finish()
}

/// Sets the document language to zh-CN (`/Lang` in the catalog, PDF 1.7 §14.9.2, so screen
/// readers and text extraction treat the text as Chinese) and replaces printpdf's random trailer
/// `/ID` with one derived from the content (PDF 1.7 §14.4), so the same input gives the same bytes.
fn set_language_and_id(document: &mut lopdf::Document, content_hash: u64) -> Result<(), PdfError> {
    let write_error = |error: lopdf::Error| PdfError::Write(error.to_string());
    let catalog_id = document
        .trailer
        .get(b"Root")
        .and_then(lopdf::Object::as_reference)
        .map_err(write_error)?;
    document
        .get_object_mut(catalog_id)
        .and_then(lopdf::Object::as_dict_mut)
        .map_err(write_error)?
        .set("Lang", lopdf::Object::string_literal("zh-CN"));
    // 16 bytes, like the MD5-sized identifiers other writers use.
    let id = [
        content_hash.to_be_bytes(),
        content_hash.rotate_left(32).to_be_bytes(),
    ]
    .concat();
    let id_string = || lopdf::Object::String(id.clone(), lopdf::StringFormat::Hexadecimal);
    document
        .trailer
        .set("ID", lopdf::Object::Array(vec![id_string(), id_string()]));
    Ok(())
}

fn pdf_y(y_from_top: Mm) -> PdfPt {
    PdfPt(Mm(PAGE_HEIGHT.0 - y_from_top.0).to_pt().0)
}

fn pdf_x(x: Mm) -> PdfPt {
    PdfPt(x.to_pt().0)
}

fn point(x: Mm, y: Mm) -> LinePoint {
    LinePoint {
        p: Point {
            x: pdf_x(x),
            y: pdf_y(y),
        },
        bezier: false,
    }
}

/// The drawing operations of one page: cell borders, rules, then all text.
fn page_ops(page: &Page, serif: &FontId, sans: &FontId) -> Vec<Op> {
    let mut ops = vec![
        Op::SetOutlineColor {
            col: Color::Rgb(Rgb::new(0.0, 0.0, 0.0, None)),
        },
        Op::SetOutlineThickness { pt: PdfPt(0.6) },
    ];
    for cell in &page.cells {
        let r = cell.rect;
        let (x0, y0, x1, y1) = (r.x, r.y, Mm(r.x.0 + r.width.0), Mm(r.y.0 + r.height.0));
        ops.push(Op::DrawLine {
            line: Line {
                points: vec![point(x0, y0), point(x1, y0), point(x1, y1), point(x0, y1)],
                is_closed: true,
            },
        });
    }
    for ((x0, y0), (x1, y1)) in &page.rules {
        ops.push(Op::DrawLine {
            line: Line {
                points: vec![point(*x0, *y0), point(*x1, *y1)],
                is_closed: false,
            },
        });
    }
    let runs: Vec<&TextRun> = page
        .cells
        .iter()
        .flat_map(|c| &c.runs)
        .chain(&page.runs)
        .filter(|r| !r.text.is_empty())
        .collect();
    if runs.is_empty() {
        return ops;
    }
    ops.push(Op::StartTextSection);
    let mut current: Option<(Face, u32)> = None;
    for run in runs {
        let key = (run.face, run.size.0.to_bits());
        if current != Some(key) {
            let id = match run.face {
                Face::Serif => serif,
                Face::Sans => sans,
            };
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(id.clone()),
                size: PdfPt(run.size.0),
            });
            current = Some(key);
        }
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(pdf_x(run.x), pdf_y(run.baseline)),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(run.text.clone())],
        });
    }
    ops.push(Op::EndTextSection);
    ops
}
