//! Export: declarations to the text (and later the workbooks) a user pastes into a spreadsheet
//! or the online budget system.
//!
//! Pure: `&Declaration -> String`, no I/O. Depends on the model only (its field table gives
//! every label). The TSV shape is in [`tsv`]; the importer reads it back exactly.

pub mod tsv;
pub mod xlsx;

pub use tsv::to_tsv;
pub use xlsx::{XlsxError, to_xlsx};
