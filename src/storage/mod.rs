//! Files: one RON file per declaration, inside a small versioned envelope, saved atomically; the
//! locks, stamps and recovery copies that keep several windows and colleagues from losing work.
//!
//! This is the only module that touches the disk. It depends on the model only.
//!
//! A file looks like this (pretty, fields in the model's order, so a person can read and diff it;
//! compact instead when pretty would exceed [`MAX_FILE_BYTES`], so that what is saved opens
//! again):
//!
//! ```text
//! #![enable(implicit_some)]
//! (
//!     format: "jixiao",
//!     version: 1,
//!     declaration: (
//!         fiscal_year: 2026,
//!         project_name: "党建服务工作经费",
//!         ...
//! ```
//!
//! Reading never panics and never writes: a file that cannot be read is reported in Chinese
//! with its name, line and column, and the field by its printed label, and left exactly as it
//! was. Files from a newer Jixiao are refused before their content is interpreted; files from
//! older versions go through [`migrate`]. A UTF-8 byte-order mark is skipped, and UTF-16 text
//! (as Windows Notepad saves 「Unicode」) is read.
//!
//! The parts:
//! - [`load`], [`save`], [`write_atomic`]: the everyday calls; [`load_with_stamp`] and
//!   [`save_checked`] add the "changed on disk since it was opened" check ([`DiskStamp`]);
//! - [`NewFiles`]: new files under free names, never replacing one (imports);
//! - [`check_output`]: outputs never destroy inputs (print, rollover);
//! - [`DocumentLock`]: "this file is open in another Jixiao window";
//! - [`recovery`]: one recovery copy per open document.

mod error;
mod folder;
mod import_file;
mod labels;
mod lock;
mod names;
mod outputs;
pub mod recovery;
mod ron_file;
mod scan;
mod stamp;
mod text_file;
mod write;

pub use error::{Action, StorageError, io_reason};
pub use folder::{
    BUNDLED_EXAMPLES, FolderFile, MAX_FOLDER_DEPTH, bundled_example_label, bundled_examples,
    declaration_files, load_all,
};
pub use import_file::read_import;
pub use lock::{DocumentLock, sidecar_path};
pub use names::{NewFiles, create_folder, file_stem};
pub use outputs::{OutputKind, check_output};
pub use recovery::{Orphan, RecoveryCopy, RecoveryKey, RecoverySlot, RecoveryStore};
pub use ron_file::{from_ron_str, migrate, to_ron_string};
pub use stamp::DiskStamp;
pub use text_file::{decode_text, read_text};
pub use write::{
    LEFTOVER_AGE, TEMP_PREFIX, TEMP_SUFFIX, Written, remove_leftovers, write_atomic, write_checked,
};

use std::io::Read as _;
use std::path::Path;

use crate::model::Declaration;

/// The envelope's `format` tag: tells a Jixiao file from any other RON file.
pub const FORMAT_TAG: &str = "jixiao";

/// The file format version this build writes, and the newest it reads.
///
/// Whatever a future version changes, its envelope keeps this shape, an unnamed
/// `(format: "jixiao", version: N, …)`, so that this build can still read the version and refuse
/// the file as newer instead of calling it broken.
pub const FORMAT_VERSION: u32 = 1;

/// The one size limit of a declaration file, 16 MiB, for reading and for writing: a file larger
/// than this is refused before it is read, and a declaration whose file would be larger is
/// written compactly, or refused when even that does not fit. A real declaration is a few KiB;
/// a 60,000-indicator one is about 6 MB compact (20 MB pretty).
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// How deeply RON values may nest while reading. A declaration nests about 12 levels (envelope,
/// declaration, tree, level 1–3, target value, number); the limit keeps a hostile or broken
/// file (`((((…`) from overflowing the stack: the parser refuses it with a position instead.
pub const MAX_NESTING: usize = 64;

/// Loads the declaration saved at `path`. Reads at most [`MAX_FILE_BYTES`] (checked on the open
/// file before reading, and again while reading, so a growing or endless file is refused too).
/// Never writes.
///
/// # Errors
/// Every [`StorageError`] about reading; never panics on any file content.
pub fn load(path: &Path) -> Result<Declaration, StorageError> {
    // Not through `load_with_stamp`: the stamp hashes the bytes, for nothing here.
    parse_declaration(&read_bounded(path)?, path)
}

/// [`load`], with the stamp of the bytes read: keep it, and pass it to [`save_checked`] (or
/// [`DiskStamp::is_current`]) to notice that someone changed the file since.
///
/// # Errors
/// As [`load`].
pub fn load_with_stamp(path: &Path) -> Result<(Declaration, DiskStamp), StorageError> {
    let (bytes, modified) = read_bounded_with_time(path)?;
    let declaration = parse_declaration(&bytes, path)?;
    Ok((declaration, DiskStamp::of_bytes(&bytes, modified)))
}

/// The declaration in `bytes`, read from the declaration file `path`.
///
/// # Errors
/// As [`load`], apart from those of reading the file.
fn parse_declaration(bytes: &[u8], path: &Path) -> Result<Declaration, StorageError> {
    from_ron_str(&decode_declaration_text(bytes, path)?, path)
}

/// Saves `declaration` to `path` atomically (see [`write_atomic`]).
///
/// # Errors
/// [`StorageError::Io`] when the file cannot be written, [`StorageError::TooLargeToSave`]; the
/// old file is then untouched.
pub fn save(path: &Path, declaration: &Declaration) -> Result<(), StorageError> {
    save_checked(path, declaration, None).map(drop)
}

/// Saves `declaration` to `path` atomically, first checking that the file still holds what
/// `expected` describes (from [`load_with_stamp`] or the last save); `None` saves regardless
/// (a new file, or the user chose 仍然覆盖). Returns the new stamp, and whether the save had
/// to be made in place ([`Written::note`] says so to the user).
///
/// # Errors
/// As [`save`], and [`StorageError::ChangedOnDisk`] (nothing written).
pub fn save_checked(
    path: &Path,
    declaration: &Declaration,
    expected: Option<&DiskStamp>,
) -> Result<Written, StorageError> {
    let text = to_ron_string(declaration).map_err(|error| match error {
        StorageError::TooLargeToSave { bytes, .. } => StorageError::TooLargeToSave {
            path: path.to_owned(),
            bytes,
        },
        other => other,
    })?;
    write_checked(path, text.as_bytes(), expected)
}

/// Reads at most [`MAX_FILE_BYTES`] of the file at `path` (checked on the open file before
/// reading, and again while reading, so a growing or endless file is refused too). Never writes.
fn read_bounded(path: &Path) -> Result<Vec<u8>, StorageError> {
    read_bounded_with_time(path).map(|(bytes, _)| bytes)
}

/// [`read_bounded`], with the file's modification time as it was opened.
fn read_bounded_with_time(
    path: &Path,
) -> Result<(Vec<u8>, Option<std::time::SystemTime>), StorageError> {
    let io = |source| StorageError::io(Action::Read, path, source);
    let too_large = |bytes| StorageError::TooLarge {
        path: path.to_owned(),
        bytes,
    };
    // Look before opening: opening a named pipe would wait for a writer.
    if let Err(Some(refused)) = write::check_regular_file(path, Action::Read) {
        return Err(refused);
    }
    // A missing file is left to `open`, which says why in the system's terms.
    let file = std::fs::File::open(path).map_err(io)?;
    let metadata = file.metadata().map_err(io)?;
    if metadata.len() > MAX_FILE_BYTES {
        return Err(too_large(metadata.len()));
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    let read = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if read > MAX_FILE_BYTES {
        return Err(too_large(read));
    }
    Ok((bytes, metadata.modified().ok()))
}

/// The text of a declaration file: UTF-8 (a byte-order mark is skipped), or UTF-16 with a
/// byte-order mark or recognisably without one (every other byte zero in ASCII text).
///
/// # Errors
/// [`StorageError::NotUtf8`] at the first byte that is not text, naming the encoding the
/// bytes look like when they look like one.
fn decode_declaration_text(bytes: &[u8], path: &Path) -> Result<String, StorageError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8(rest.to_vec()).map_err(|_| not_utf8(path, bytes));
    }
    if let Some((encoding, bom_length)) = text_file::utf16_encoding(bytes) {
        let body = bytes.get(bom_length..).unwrap_or_default();
        return encoding
            .decode_without_bom_handling_and_without_replacement(body)
            .map(std::borrow::Cow::into_owned)
            .ok_or_else(|| StorageError::NotUtf8 {
                path: path.to_owned(),
                line: 1,
                column: 1,
                detected: Some("UTF-16"),
            });
    }
    String::from_utf8(bytes.to_vec()).map_err(|_| not_utf8(path, bytes))
}

/// [`StorageError::NotUtf8`] pointing at the first byte of `bytes` that is not UTF-8 (after a
/// byte-order mark), naming GBK when the bytes read as GB18030 (a Chinese Windows' 「ANSI」).
fn not_utf8(path: &Path, bytes: &[u8]) -> StorageError {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let valid_up_to = std::str::from_utf8(body).map_or_else(|error| error.valid_up_to(), str::len);
    // The prefix up to the first bad byte is valid UTF-8 by definition.
    let valid =
        std::str::from_utf8(body.get(..valid_up_to).unwrap_or_default()).unwrap_or_default();
    let last_line = valid.rsplit('\n').next().unwrap_or_default();
    let (_, gbk_errors) = encoding_rs::GB18030.decode_without_bom_handling(body);
    // Binary files often decode as GB18030 too; a text file has no control bytes.
    let looks_like_gbk = !gbk_errors
        && !body
            .iter()
            .any(|byte| *byte < 0x20 && !matches!(byte, b'\n' | b'\r' | b'\t'));
    StorageError::NotUtf8 {
        path: path.to_owned(),
        line: 1 + valid.matches('\n').count(),
        column: 1 + last_line.chars().count(),
        detected: looks_like_gbk.then_some("GBK"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Level2Indicator, Level3Indicator, TargetValue, parse_yuan};

    fn sample() -> Declaration {
        let mut declaration = Declaration::new_current(2026);
        declaration.project_name = "党建服务工作经费".into();
        if let Some(fields) = declaration.current_mut() {
            fields.funding.annual_total = Some(parse_yuan("1,139,000.00").unwrap());
        }
        let mut level2 = Level2Indicator::new("数量指标");
        level2.children.push(Level3Indicator::new(
            "阵地包干服务完成率",
            TargetValue::parse("=100.00(%)"),
        ));
        level2.children.push(Level3Indicator::new(
            "各项工作完成及时性",
            TargetValue::parse("及时"),
        ));
        level2.children.push(Level3Indicator::new("空", None));
        declaration.indicators[1].children.push(level2);
        declaration
    }

    #[test]
    fn round_trips_through_text() {
        let declaration = sample();
        let text = to_ron_string(&declaration).unwrap();
        assert!(text.starts_with("#![enable(implicit_some)]"), "{text}");
        assert_eq!(
            from_ron_str(&text, Path::new("x.ron")).unwrap(),
            declaration
        );
    }

    #[test]
    fn reads_a_file_whose_extension_line_was_deleted() {
        let declaration = sample();
        let text = to_ron_string(&declaration).unwrap();
        let without = text.replacen("#![enable(implicit_some)]\n", "", 1);
        assert_eq!(
            from_ron_str(&without, Path::new("x.ron")).unwrap(),
            declaration
        );
    }

    #[test]
    fn text_in_windows_encodings_is_read_or_named() {
        let text = to_ron_string(&sample()).unwrap();
        let path = Path::new("x.ron");
        let with_bom = [&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat();
        assert_eq!(decode_declaration_text(&with_bom, path).unwrap(), text);
        for bom in [true, false] {
            let mut utf16: Vec<u8> = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
            utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            assert_eq!(decode_declaration_text(&utf16, path).unwrap(), text);
            let mut big_endian: Vec<u8> = if bom { vec![0xFE, 0xFF] } else { Vec::new() };
            big_endian.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
            assert_eq!(decode_declaration_text(&big_endian, path).unwrap(), text);
        }
        let (gbk, _, _) = encoding_rs::GBK.encode(&text);
        let error = decode_declaration_text(&gbk, path).unwrap_err();
        assert!(
            matches!(
                error,
                StorageError::NotUtf8 {
                    detected: Some("GBK"),
                    ..
                }
            ),
            "{error:?}"
        );
        assert!(error.to_string().contains("GBK"), "{error}");
    }
}
