//! Files: one RON file per declaration, inside a small versioned envelope, saved atomically.
//!
//! This is the only module that touches the disk. It depends on the model only.
//!
//! A file looks like this (pretty, fields in the model's order, so a person can read and diff it):
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

mod names;
mod text_file;

pub use names::{file_stem, unique_path};
pub use text_file::{decode_text, read_text};

use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::Declaration;

/// The envelope's `format` tag: tells a Jixiao file from any other RON file.
pub const FORMAT_TAG: &str = "jixiao";

/// The file format version this build writes, and the newest it reads.
pub const FORMAT_VERSION: u32 = 1;

/// Files larger than this (16 MiB) are refused before reading: a real declaration is a few KiB.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Why a declaration could not be read or written. Messages are in Chinese, with the file last.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The operating system refused (missing file, no permission, disk full, …).
    #[error("无法{action}：{source}（{}）", path.display())]
    Io {
        /// 读取 / 写入 / 保存.
        action: &'static str,
        /// The file concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file is larger than [`MAX_FILE_BYTES`].
    #[error("文件过大（{bytes} 字节，上限 {MAX_FILE_BYTES} 字节），不像是申报表文件（{}）", path.display())]
    TooLarge {
        /// The file concerned.
        path: PathBuf,
        /// Its size in bytes.
        bytes: u64,
    },
    /// The file is not UTF-8 text.
    #[error("文件不是 UTF-8 文本（第 {line} 行附近）（{}）", path.display())]
    NotUtf8 {
        /// The file concerned.
        path: PathBuf,
        /// 1-based line of the first invalid byte.
        line: usize,
    },
    /// The text is not a valid declaration file (bad RON, wrong types, truncated, too deep).
    #[error("文件内容有误，第 {line} 行第 {column} 列：{message}（{}）", path.display())]
    Syntax {
        /// The file concerned (empty when reading from a string).
        path: PathBuf,
        /// 1-based line, 0 when unknown.
        line: usize,
        /// 1-based column, 0 when unknown.
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// The file is RON but not a Jixiao declaration.
    #[error("不是 Jixiao 申报表文件（format 应为 \"{FORMAT_TAG}\"）（{}）", path.display())]
    NotJixiao {
        /// The file concerned.
        path: PathBuf,
    },
    /// The file was written by a newer Jixiao; it is left untouched.
    #[error("文件由更新版本的 Jixiao 保存（格式版本 {found}，本程序支持到 {FORMAT_VERSION}），请升级后再打开；文件未被修改（{}）", path.display())]
    NewerVersion {
        /// The file concerned.
        path: PathBuf,
        /// The version the file declares.
        found: u32,
    },
    /// The declaration could not be turned into RON (should not happen with the model's types).
    #[error("无法生成文件内容：{0}")]
    Serialize(String),
}

#[derive(Serialize)]
struct EnvelopeOut<'a> {
    format: &'a str,
    version: u32,
    declaration: &'a Declaration,
}

#[derive(Deserialize)]
struct EnvelopeHeader {
    format: String,
    version: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EnvelopeIn {
    #[serde(rename = "format")]
    _format: String,
    #[serde(rename = "version")]
    _version: u32,
    declaration: Declaration,
}

/// Serialises a declaration into the text of a `.ron` file (envelope included).
///
/// # Errors
/// [`StorageError::Serialize`] if RON refuses a value (not expected for the model's types).
pub fn to_ron_string(declaration: &Declaration) -> Result<String, StorageError> {
    let envelope = EnvelopeOut {
        format: FORMAT_TAG,
        version: FORMAT_VERSION,
        declaration,
    };
    let config = ron::ser::PrettyConfig::new()
        .indentor("    ")
        .struct_names(false)
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME);
    let mut text = ron::ser::to_string_pretty(&envelope, config)
        .map_err(|error| StorageError::Serialize(error.to_string()))?;
    text.push('\n');
    Ok(text)
}

/// Reads a declaration from the text of a `.ron` file; `path` is only used in error messages.
///
/// # Errors
/// [`StorageError::Syntax`] with line and column for broken RON or wrong types,
/// [`StorageError::NotJixiao`] for RON of another kind, [`StorageError::NewerVersion`] for a
/// file from a newer Jixiao.
pub fn from_ron_str(text: &str, path: &Path) -> Result<Declaration, StorageError> {
    let syntax = |error: ron::error::SpannedError| StorageError::Syntax {
        path: path.to_owned(),
        line: error.span.start.line,
        column: error.span.start.col,
        message: error.code.to_string(),
    };
    let options = ron::Options::default();
    // Read the version first, so a newer file is refused for what it is rather than for a field
    // this build does not know.
    let header: Result<EnvelopeHeader, _> = options.from_str(text);
    if let Ok(header) = &header {
        if header.format != FORMAT_TAG {
            return Err(StorageError::NotJixiao {
                path: path.to_owned(),
            });
        }
        if header.version > FORMAT_VERSION {
            return Err(StorageError::NewerVersion {
                path: path.to_owned(),
                found: header.version,
            });
        }
    }
    let envelope: EnvelopeIn = options.from_str(text).map_err(syntax)?;
    Ok(envelope.declaration)
}

/// Loads the declaration saved at `path`.
///
/// # Errors
/// Every [`StorageError`] but `Serialize`; never panics on any file content.
pub fn load(path: &Path) -> Result<Declaration, StorageError> {
    let io = |source| StorageError::Io {
        action: "读取",
        path: path.to_owned(),
        source,
    };
    let bytes_on_disk = std::fs::metadata(path).map_err(io)?.len();
    if bytes_on_disk > MAX_FILE_BYTES {
        return Err(StorageError::TooLarge {
            path: path.to_owned(),
            bytes: bytes_on_disk,
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let text = String::from_utf8(bytes).map_err(|error| {
        let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
        StorageError::NotUtf8 {
            path: path.to_owned(),
            line: 1 + valid.iter().filter(|b| **b == b'\n').count(),
        }
    })?;
    from_ron_str(&text, path)
}

/// Saves `declaration` to `path` atomically (see [`write_atomic`]).
///
/// # Errors
/// [`StorageError::Io`] when the folder cannot be written; the old file is then untouched.
pub fn save(path: &Path, declaration: &Declaration) -> Result<(), StorageError> {
    write_atomic(path, to_ron_string(declaration)?.as_bytes())
}

/// Replaces the file at `path` with `bytes`, never leaving a half-written file: the bytes go to a
/// temporary file in the same folder, are flushed to disk (`sync_all`), then renamed over `path`.
/// On any failure the temporary file is removed and the old file is untouched.
///
/// # Errors
/// [`StorageError::Io`] naming `path`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), StorageError> {
    let io = |source| StorageError::Io {
        action: "保存",
        path: path.to_owned(),
        source,
    };
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut temporary = tempfile::Builder::new()
        .prefix(".jixiao-")
        .suffix(".tmp")
        .tempfile_in(folder)
        .map_err(io)?;
    temporary.write_all(bytes).map_err(io)?;
    temporary.as_file().sync_all().map_err(io)?;
    temporary.persist(path).map_err(|error| io(error.error))?;
    Ok(())
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
}
