//! PDFs: `jixiao import FILE.pdf` and the editor's 打开/导入 (issue 9 point 7).
//!
//! A PDF Jixiao printed carries each form's `.ron` inside it ([`crate::pdf::embedded_declarations`]):
//! those give back the exact forms. Any other PDF of the form is read from what its pages draw
//! (`marks`): the table is rebuilt from the characters' positions and the drawn rules (`table`)
//! and read like a worksheet (`grid`); a PDF that draws no table (text set as
//! 「标签：值」 lines, as the 2020 system printed) is read as its text lines.
//!
//! Pure: bytes in, declarations out. Depends on the model, the PDF module's reader of embedded
//! files and the storage module's RON parser (no disk access).

mod marks;
mod table;

use std::path::Path;

pub(crate) use table::is_page_furniture;

use super::{ImportReport, grid, import_text};

/// How a PDF's forms were read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PdfSource {
    /// From the `.ron` files Jixiao embeds when it prints: exact.
    Embedded,
    /// From the table rebuilt from the characters' positions and the drawn rules.
    Table,
    /// From the text lines (no table drawn).
    Text,
}

impl PdfSource {
    /// How the source is named to the user.
    pub fn label(self) -> &'static str {
        match self {
            Self::Embedded => "PDF 内附的申报表数据",
            Self::Table => "PDF 中的表格",
            Self::Text => "PDF 中的文字",
        }
    }
}

/// Why a PDF could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PdfReadError {
    /// The bytes are not a PDF that can be read (or it is encrypted).
    #[error("不是可读取的 PDF 文件（文件可能已损坏或设有密码）")]
    NotPdf,
    /// The PDF holds no text at all (a scan); there is nothing to import.
    #[error("PDF 中没有文字（可能是扫描件），无法导入；请先用文字识别（OCR）软件转换")]
    NoText,
    /// A form Jixiao embedded is damaged; counted from 1.
    #[error("PDF 中的第 {0} 份申报表数据已损坏，无法读取")]
    Damaged(usize),
}

/// The forms read from a PDF and how they were read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PdfImport {
    /// The forms and the warnings.
    pub report: ImportReport,
    /// Where they came from.
    pub source: PdfSource,
}

/// Imports every form in the PDF `bytes`: the embedded forms of a PDF Jixiao printed, exactly;
/// otherwise the forms its table (or its text) shows.
///
/// # Errors
/// [`PdfReadError::NotPdf`] when the bytes are not a readable PDF; [`PdfReadError::Damaged`]
/// when a form Jixiao embedded cannot be read; [`PdfReadError::NoText`] when the PDF has no
/// text (a scan). Never panics.
pub fn import_pdf(bytes: &[u8]) -> Result<PdfImport, PdfReadError> {
    let embedded = crate::pdf::embedded_declarations(bytes).map_err(|error| match error {
        crate::pdf::EmbeddedError::NotPdf => PdfReadError::NotPdf,
        crate::pdf::EmbeddedError::Damaged(index) => PdfReadError::Damaged(index),
    })?;
    let mut report = ImportReport::default();
    for (index, text) in embedded.iter().enumerate() {
        // Only Jixiao's own `.ron` attachments; other attached files are not forms.
        if !text.contains("format: \"jixiao\"") {
            continue;
        }
        let name = format!("附件{}", index + 1);
        let declaration = crate::storage::from_ron_str(text, Path::new(&name))
            .map_err(|_| PdfReadError::Damaged(index + 1))?;
        report.declarations.push(declaration);
    }
    if !report.declarations.is_empty() {
        return Ok(PdfImport {
            report,
            source: PdfSource::Embedded,
        });
    }
    let document = lopdf::Document::load_mem(bytes).map_err(|_| PdfReadError::NotPdf)?;
    let pages = marks::document_marks(&document);
    if pages.iter().all(|page| page.glyphs.is_empty()) {
        return Err(PdfReadError::NoText);
    }
    if let Some(rows) = table::table_rows(&pages) {
        let report = grid::import_grid(&rows);
        if !report.declarations.is_empty() {
            return Ok(PdfImport {
                report,
                source: PdfSource::Table,
            });
        }
    }
    Ok(PdfImport {
        report: import_text(&table::text_lines(&pages)),
        source: PdfSource::Text,
    })
}
