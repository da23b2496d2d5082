//! Laid-out pages into PDF bytes, with the bundled fonts embedded as subsets.
//!
//! This module takes [`crate::layout`] pages and returns bytes; it writes the PDF objects itself
//! with `lopdf` (pages, content streams, subset fonts, outline, page labels, metadata and the
//! embedded `.ron` of each form). No I/O (the caller writes the file, atomically), no egui.
//! Output is reproducible: the same declarations and the same print time give byte-identical
//! files (the document identifier is a SHA-256 of the content, font subset tags derive from it,
//! and `SOURCE_DATE_EPOCH` fixes the print time, as reproducible-build tools expect).

mod attach;
mod content;
mod subset;

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use sha2::{Digest, Sha256};

pub use attach::{EmbeddedError, embedded_declarations};

use crate::layout::{self, Face, LayoutOptions, PAGE_HEIGHT, PAGE_WIDTH, Page};
use crate::model::Declaration;
use crate::validate::{self, Severity};

/// What to print besides the forms themselves.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PrintOptions {
    /// Add the signature block (填报单位（盖章）, 单位负责人, 财务负责人, 填报人, 联系电话, 填报日期;
    /// docs/form.md §8) after each form's table. Off by default: the official form has none.
    pub signature_block: bool,
}

/// What a print warning is about (the layout's own kinds: a missing character, a shrunk or
/// wrapped amount, a long text).
pub use crate::layout::LayoutWarningKind as WarningKind;

/// Something that looks wrong in the printed form, found while laying it out (the output is
/// still written).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrintWarning {
    /// Index of the declaration in the slice given to [`print_to_pdf`].
    pub form: usize,
    /// The field, by its printed label, e.g. `项目名称`.
    pub field: String,
    /// What is wrong.
    pub kind: WarningKind,
    /// A sentence for the user, in Chinese.
    pub message: String,
}

/// What printing would tell the user, before or after printing: how many errors the reviewers'
/// rules find in each form (docs/form.md §5) and what looks wrong in the print.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PrintCheck {
    /// Number of A4 pages (each form starts on a new page).
    pub page_count: usize,
    /// Findings of severity error ([`crate::validate::validate`]), one count per form.
    pub error_counts: Vec<usize>,
    /// Layout warnings, forms in order.
    pub warnings: Vec<PrintWarning>,
}

/// A printed PDF: its bytes and what printing found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrintedPdf {
    /// The PDF file's bytes.
    pub bytes: Vec<u8>,
    /// Number of A4 pages (each form starts on a new page).
    pub page_count: usize,
    /// What looks wrong in the print (missing characters, shrunk amounts, very long texts).
    pub warnings: Vec<PrintWarning>,
    /// Findings of severity error, one count per form.
    pub error_counts: Vec<usize>,
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
    /// The PDF could not be assembled (a defect, not user data); says which step failed. The
    /// library's own (English) message is not shown.
    #[error("无法生成 PDF 文件内容（{0}时出错），请把这份申报表发给维护人员")]
    Write(&'static str),
}

/// Lays out `declarations` and checks them, without writing a PDF: what [`print_to_pdf`] would
/// report, for the editor to show before printing.
pub fn print_check(declarations: &[Declaration], options: &PrintOptions) -> PrintCheck {
    let (pages, check) = lay_out(declarations, options);
    drop(pages);
    check
}

fn lay_out(declarations: &[Declaration], options: &PrintOptions) -> (Vec<Page>, PrintCheck) {
    let layout_options = LayoutOptions {
        signature_block: options.signature_block,
    };
    let mut pages: Vec<Page> = Vec::new();
    let mut check = PrintCheck::default();
    for (form, declaration) in declarations.iter().enumerate() {
        let laid = layout::layout_declaration(declaration, form, layout_options);
        pages.extend(laid.pages);
        let batch = declarations.len() > 1;
        check
            .warnings
            .extend(laid.warnings.into_iter().map(|w| PrintWarning {
                form,
                message: if batch {
                    format!("第 {} 份申报表：{}", form + 1, w.message())
                } else {
                    w.message()
                },
                kind: w.kind,
                field: w.field,
            }));
        check.error_counts.push(
            validate::validate(declaration)
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .count(),
        );
    }
    check.page_count = pages.len();
    (pages, check)
}

/// The time a print is dated (Unix seconds): `SOURCE_DATE_EPOCH` when set to a number (the
/// reproducible-builds convention, used by the tests), else the clock.
pub fn printing_time() -> i64 {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|value| value.trim().parse::<i64>().ok())
        .unwrap_or_else(|| chrono::Utc::now().timestamp())
}

/// Prints `declarations` into one PDF dated now ([`printing_time`]), each form starting on a
/// new page, A4 portrait. See [`print_to_pdf_at`].
///
/// # Errors
/// As [`print_to_pdf_at`].
pub fn print_to_pdf(
    declarations: &[Declaration],
    options: &PrintOptions,
) -> Result<PrintedPdf, PdfError> {
    print_to_pdf_at(declarations, options, printing_time())
}

/// Prints `declarations` into one PDF dated `created` (Unix seconds, UTC), each form starting
/// on a new page, A4 portrait.
///
/// Layout is [`crate::layout::layout_declaration`]. The document is titled with the project
/// name for one form and for the batch otherwise; it has one bookmark per form, page labels
/// numbered per form, and each form's `.ron` text embedded ([`embedded_declarations`] reads them
/// back). Characters missing from the serif face print in the Sans face; characters neither has
/// print as 〓 and are reported in [`PrintedPdf::warnings`], with the other layout warnings.
///
/// # Errors
/// [`PdfError::NothingToPrint`] for an empty slice; [`PdfError::Font`] if a bundled font cannot
/// be read; [`PdfError::Write`] if a declaration cannot be serialised for embedding.
pub fn print_to_pdf_at(
    declarations: &[Declaration],
    options: &PrintOptions,
    created: i64,
) -> Result<PrintedPdf, PdfError> {
    if declarations.is_empty() {
        return Err(PdfError::NothingToPrint);
    }
    let (pages, check) = lay_out(declarations, options);
    let mut attachments = Vec::with_capacity(declarations.len());
    for declaration in declarations {
        let text = crate::storage::to_ron_string(declaration)
            .map_err(|_| PdfError::Write("附上申报表数据"))?;
        attachments.push(attach::Attachment {
            name: format!("{}.ron", crate::storage::file_stem(declaration)),
            text,
        });
    }
    let hash = content_hash(&attachments, options, created);
    let bytes = write_document(declarations, &pages, &attachments, hash, created)?;
    Ok(PrintedPdf {
        bytes,
        page_count: check.page_count,
        warnings: check.warnings,
        error_counts: check.error_counts,
    })
}

/// SHA-256 of everything that decides the output: the forms' saved text, the options and the
/// date. Stable across Rust releases (unlike `DefaultHasher`).
fn content_hash(
    attachments: &[attach::Attachment],
    options: &PrintOptions,
    created: i64,
) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(b"jixiao-print-1\0");
    for attachment in attachments {
        hasher.update((attachment.text.len() as u64).to_be_bytes());
        hasher.update(attachment.text.as_bytes());
    }
    hasher.update([u8::from(options.signature_block)]);
    hasher.update(created.to_be_bytes());
    hasher.finalize().into()
}

/// Six capital letters from `hash` and `salt`, e.g. `QXKBDA`: a subset tag (PDF 1.7 §9.6.4).
fn subset_tag(hash: &[u8; 32], salt: usize) -> String {
    hash.iter()
        .skip(salt * 6)
        .take(6)
        .map(|byte| char::from(b'A' + byte % 26))
        .collect()
}

/// A PDF text string: literal for ASCII, else UTF-16BE with a byte-order mark (PDF 1.7 §7.9.2.2).
fn text_string(text: &str) -> Object {
    if text.is_ascii() {
        return Object::string_literal(text);
    }
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// A PDF date string, `D:YYYYMMDDHHmmSSZ` (PDF 1.7 §7.9.4), for Unix seconds; the epoch if out
/// of range.
fn pdf_date(unix_seconds: i64) -> String {
    let time = chrono::DateTime::from_timestamp(unix_seconds, 0).unwrap_or_default();
    format!("D:{}Z", time.format("%Y%m%d%H%M%S"))
}

/// A stream compressed with Flate (zlib, default level) when that makes it smaller.
fn compressed_stream(dict: Dictionary, content: &[u8]) -> lopdf::Stream {
    compressed_stream_at(dict, content, flate2::Compression::default())
}

/// A stream compressed with Flate at `level` when that makes it smaller.
fn compressed_stream_at(
    mut dict: Dictionary,
    content: &[u8],
    level: flate2::Compression,
) -> lopdf::Stream {
    use std::io::Write as _;
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::with_capacity(content.len() / 2), level);
    let compressed = encoder
        .write_all(content)
        .and_then(|()| encoder.finish())
        .ok()
        .filter(|c| c.len() < content.len());
    match compressed {
        Some(compressed) => {
            dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
            lopdf::Stream::new(dict, compressed).with_compression(false)
        }
        None => lopdf::Stream::new(dict, content.to_vec()).with_compression(false),
    }
}

/// The document title: the project name for one form; for a batch, the form's title with the
/// year (when all share one) and the number of forms.
fn document_title(declarations: &[Declaration]) -> String {
    match declarations {
        [one] => one.project_name.trim().to_owned(),
        [first, ..] => {
            let same_year = declarations
                .iter()
                .all(|d| d.fiscal_year == first.fiscal_year);
            let same_layout = declarations.iter().all(|d| d.layout() == first.layout());
            let title = if same_layout {
                first.layout().title()
            } else {
                "绩效目标申报表"
            };
            if same_year {
                format!(
                    "{}年度{title}（共 {} 份）",
                    first.fiscal_year,
                    declarations.len()
                )
            } else {
                format!("{title}（共 {} 份）", declarations.len())
            }
        }
        [] => String::new(),
    }
}

/// Assembles the PDF: page tree, content streams, fonts, outline, page labels, info, embedded
/// files and identifier.
fn write_document(
    declarations: &[Declaration],
    pages: &[Page],
    attachments: &[attach::Attachment],
    hash: [u8; 32],
    created: i64,
) -> Result<Vec<u8>, PdfError> {
    let mut document = lopdf::Document::with_version("1.7");
    let pages_id = document.new_object_id();
    let serif_font = document.new_object_id();
    let sans_font = document.new_object_id();
    let mut serif = subset::FaceSubset::new(Face::Serif);
    let mut sans = subset::FaceSubset::new(Face::Sans);

    let mut fonts = Dictionary::new();
    fonts.set("F1", Object::Reference(serif_font));
    fonts.set("F2", Object::Reference(sans_font));
    let mut resources = Dictionary::new();
    resources.set("Font", Object::Dictionary(fonts));
    let resources = document.add_object(resources);

    let media_box = Object::Array(vec![
        Object::Integer(0),
        Object::Integer(0),
        Object::Real(PAGE_WIDTH.to_pt().0),
        Object::Real(PAGE_HEIGHT.to_pt().0),
    ]);
    let mut kids = Vec::with_capacity(pages.len());
    for page in pages {
        let content = content::page_content(page, &mut serif, &mut sans)?;
        let content = document.add_object(compressed_stream(Dictionary::new(), &content));
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"Page".to_vec()));
        dict.set("Parent", Object::Reference(pages_id));
        dict.set("MediaBox", media_box.clone());
        dict.set("Resources", Object::Reference(resources));
        dict.set("Contents", Object::Reference(content));
        kids.push(document.add_object(dict));
    }
    let mut tree = Dictionary::new();
    tree.set("Type", Object::Name(b"Pages".to_vec()));
    tree.set("Count", Object::Integer(kids.len() as i64));
    tree.set(
        "Kids",
        Object::Array(kids.iter().copied().map(Object::Reference).collect()),
    );
    document.objects.insert(pages_id, Object::Dictionary(tree));

    for (id, face, salt) in [(serif_font, &serif, 0), (sans_font, &sans, 1)] {
        if face.is_used() {
            face.embed(&mut document, id, &subset_tag(&hash, salt))?;
        } else {
            // An unused resource still needs an object; a null is allowed (PDF 1.7 §7.3.9).
            document.objects.insert(id, Object::Null);
        }
    }

    let mut catalog = Dictionary::new();
    catalog.set("Type", Object::Name(b"Catalog".to_vec()));
    catalog.set("Pages", Object::Reference(pages_id));
    catalog.set("Lang", Object::string_literal("zh-CN"));
    if let Some(outline) = outline(&mut document, declarations, pages, &kids) {
        catalog.set("Outlines", Object::Reference(outline));
        if declarations.len() > 1 {
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        }
    }
    catalog.set("PageLabels", page_labels(pages, declarations.len()));
    let catalog = document.add_object(catalog);
    document.trailer.set("Root", Object::Reference(catalog));

    let date = pdf_date(created);
    attach::embed(&mut document, catalog, attachments, &date)?;

    let mut info = Dictionary::new();
    info.set("Title", text_string(&document_title(declarations)));
    info.set("Creator", Object::string_literal("Jixiao"));
    info.set("Producer", Object::string_literal("Jixiao"));
    info.set("CreationDate", Object::string_literal(date.as_str()));
    info.set("ModDate", Object::string_literal(date.as_str()));
    let info = document.add_object(info);
    document.trailer.set("Info", Object::Reference(info));

    // 16 bytes of the content hash (PDF 1.7 §14.4): the same input gives the same identifier.
    let id = hash.get(..16).map(<[u8]>::to_vec).unwrap_or_default();
    let id_string = || Object::String(id.clone(), StringFormat::Hexadecimal);
    document
        .trailer
        .set("ID", Object::Array(vec![id_string(), id_string()]));

    // Dictionaries go into compressed object streams (PDF 1.7 §7.5.7): a few KB less per form.
    let save_options = lopdf::SaveOptions::builder()
        .use_object_streams(true)
        .use_xref_streams(true)
        .compression_level(9)
        .build();
    let mut bytes = Vec::new();
    document
        .save_with_options(&mut bytes, save_options)
        .map_err(|_| PdfError::Write("写出 PDF"))?;
    Ok(bytes)
}

/// One bookmark per form, titled with its project name (or 「未命名」) and pointing at its first
/// page. `None` when there are no pages.
fn outline(
    document: &mut lopdf::Document,
    declarations: &[Declaration],
    pages: &[Page],
    page_ids: &[ObjectId],
) -> Option<ObjectId> {
    let firsts: Vec<(usize, ObjectId)> = pages
        .iter()
        .zip(page_ids)
        .filter(|(page, _)| page.number == 1)
        .map(|(page, id)| (page.form, *id))
        .collect();
    if firsts.is_empty() {
        return None;
    }
    let root = document.new_object_id();
    let items: Vec<ObjectId> = firsts.iter().map(|_| document.new_object_id()).collect();
    for (index, ((form, page), id)) in firsts.iter().zip(&items).enumerate() {
        let name = declarations
            .get(*form)
            .map(|d| d.project_name.trim())
            .filter(|n| !n.is_empty())
            .unwrap_or("未命名");
        let mut item = Dictionary::new();
        item.set("Title", text_string(name));
        item.set("Parent", Object::Reference(root));
        item.set(
            "Dest",
            Object::Array(vec![
                Object::Reference(*page),
                Object::Name(b"XYZ".to_vec()),
                Object::Null,
                Object::Null,
                Object::Null,
            ]),
        );
        if let Some(previous) = index.checked_sub(1).and_then(|i| items.get(i)) {
            item.set("Prev", Object::Reference(*previous));
        }
        if let Some(next) = items.get(index + 1) {
            item.set("Next", Object::Reference(*next));
        }
        document.objects.insert(*id, Object::Dictionary(item));
    }
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Outlines".to_vec()));
    if let (Some(first), Some(last)) = (items.first(), items.last()) {
        dict.set("First", Object::Reference(*first));
        dict.set("Last", Object::Reference(*last));
    }
    dict.set("Count", Object::Integer(items.len() as i64));
    document.objects.insert(root, Object::Dictionary(dict));
    Some(root)
}

/// Page labels numbered per form (PDF 1.7 §12.4.2): `1, 2, …` for one form; `2-1, 2-2, …` for
/// the second form of a batch, so a viewer's page box matches the footer.
fn page_labels(pages: &[Page], forms: usize) -> Object {
    let mut nums = Vec::new();
    for (index, page) in pages.iter().enumerate() {
        if page.number != 1 {
            continue;
        }
        let mut label = Dictionary::new();
        label.set("S", Object::Name(b"D".to_vec()));
        if forms > 1 {
            label.set("P", text_string(&format!("{}-", page.form + 1)));
        }
        nums.push(Object::Integer(index as i64));
        nums.push(Object::Dictionary(label));
    }
    let mut dict = Dictionary::new();
    dict.set("Nums", Object::Array(nums));
    Object::Dictionary(dict)
}
