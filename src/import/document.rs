//! Any file a user imports or opens as a form, whatever it is: a PDF, a workbook (`.xlsx`,
//! `.xls`, `.ods`), or text (an extraction, a paste saved to a file, Jixiao's TSV), told apart
//! by their first bytes rather than by the file's name (a renamed file reads all the same).
//!
//! Pure: bytes in, declarations out; the caller reads the file (`crate::storage::read_import`).

use super::{
    ImportReport, PdfReadError, PdfSource, WorkbookError, import_pdf, import_text, import_workbook,
};

/// What kind of file the forms were read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentKind {
    /// Text: a copied table, a PDF's text, Jixiao's TSV.
    Text,
    /// A workbook (Excel or WPS `.xlsx`/`.xls`, OpenDocument `.ods`).
    Workbook,
    /// A PDF, read as [`PdfSource`] says.
    Pdf(PdfSource),
}

impl DocumentKind {
    /// How the kind is named to the user, e.g. 「Excel/WPS 工作簿」.
    pub fn label(self) -> &'static str {
        match self {
            Self::Text => "文本",
            Self::Workbook => "Excel/WPS 工作簿",
            Self::Pdf(source) => source.label(),
        }
    }
}

/// The forms read from one file, and what it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentImport {
    /// Every form found, in order, and the warnings.
    pub report: ImportReport,
    /// What the file was.
    pub kind: DocumentKind,
}

/// Why a file could not be read as forms at all. The messages do not name the file: the
/// caller, who read it, adds its name.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    /// Neither a PDF, nor a workbook, nor text in an encoding Chinese Windows writes.
    #[error("无法识别的文件：不是 PDF、Excel/WPS 工作簿，也不是可读的文本（UTF-8、UTF-16 或 GBK）")]
    Unrecognised,
    /// A workbook that cannot be read.
    #[error(transparent)]
    Workbook(#[from] WorkbookError),
    /// A PDF that cannot be read.
    #[error(transparent)]
    Pdf(#[from] PdfReadError),
}

/// The first bytes of a PDF (PDF 1.7 §7.5.2; readers accept it within the first kilobyte).
const PDF_MAGIC: &[u8] = b"%PDF-";
/// The first bytes of a ZIP archive: `.xlsx`, `.xlsm`, `.xlsb`, `.ods`.
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// The first bytes of an OLE compound file: `.xls`.
const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Imports every form in a file's `bytes`: a PDF with [`import_pdf`], a workbook with
/// [`import_workbook`], anything else as text with [`import_text`] (decoded as
/// [`crate::storage::decode_text`] does).
///
/// # Errors
/// [`DocumentError::Unrecognised`] for bytes that are none of these; the PDF's and the
/// workbook's own errors when such a file cannot be read. Never panics.
pub fn import_document(bytes: &[u8]) -> Result<DocumentImport, DocumentError> {
    let head = bytes.get(..1024).unwrap_or(bytes);
    if head
        .windows(PDF_MAGIC.len())
        .any(|window| window == PDF_MAGIC)
    {
        let imported = import_pdf(bytes)?;
        return Ok(DocumentImport {
            report: imported.report,
            kind: DocumentKind::Pdf(imported.source),
        });
    }
    if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(OLE_MAGIC) {
        return Ok(DocumentImport {
            report: import_workbook(bytes)?,
            kind: DocumentKind::Workbook,
        });
    }
    let text = crate::storage::decode_text(bytes).ok_or(DocumentError::Unrecognised)?;
    Ok(DocumentImport {
        report: import_text(&text),
        kind: DocumentKind::Text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_told_by_their_first_bytes() {
        let text =
            import_document("财政项目支出绩效目标申报表\n(2026年度)\n项目名称\t甲".as_bytes());
        let text = text.unwrap();
        assert_eq!(text.kind, DocumentKind::Text);
        assert_eq!(text.report.declarations.len(), 1);
        assert_eq!(
            import_document(b"PK\x03\x04 broken"),
            Err(DocumentError::Workbook(WorkbookError::NotWorkbook))
        );
        assert_eq!(
            import_document(b"%PDF-1.7 broken"),
            Err(DocumentError::Pdf(PdfReadError::NotPdf))
        );
        assert_eq!(
            import_document(&[0xFF, 0x00, 0xFE, 0x81, 0x00, 0xFF]),
            Err(DocumentError::Unrecognised)
        );
    }
}
