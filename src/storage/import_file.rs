//! Reading a file to import, whatever it is (a PDF, a workbook, text): its bytes, bounded as
//! every read is. What the bytes are is `crate::import::import_document`'s business.

use std::path::Path;

use super::{StorageError, read_bounded};

/// The bytes of a file to import (a PDF, an `.xlsx`/`.xls`/`.ods` workbook, or text). Files
/// over [`super::MAX_FILE_BYTES`] are refused before reading; devices and pipes are refused.
///
/// # Errors
/// [`StorageError::Io`] when the file cannot be read, [`StorageError::TooLarge`],
/// [`StorageError::NotAFile`].
pub fn read_import(path: &Path) -> Result<Vec<u8>, StorageError> {
    read_bounded(path)
}
