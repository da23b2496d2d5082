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
//!
//! Reading never panics and never writes: a file that cannot be read is reported with its name,
//! and line and column where the parser knows them, and left exactly as it was. Files from a
//! newer Jixiao are refused before their content is interpreted; files from older versions go
//! through [`migrate`].

mod folder;
mod import_file;
mod names;
mod text_file;

pub use folder::{
    BUNDLED_EXAMPLES, FolderFile, MAX_FOLDER_DEPTH, bundled_example_label, bundled_examples,
    declaration_files, load_all,
};
pub use import_file::read_import;
pub use names::{file_stem, unique_path};
pub use text_file::{decode_text, read_text};

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::Declaration;

/// The envelope's `format` tag: tells a Jixiao file from any other RON file.
pub const FORMAT_TAG: &str = "jixiao";

/// The file format version this build writes, and the newest it reads.
///
/// Whatever a future version changes, its envelope keeps this shape, an unnamed
/// `(format: "jixiao", version: N, …)`, so that this build can still read the version and refuse
/// the file as newer instead of calling it broken.
pub const FORMAT_VERSION: u32 = 1;

/// Files larger than this (16 MiB) are refused before reading: a real declaration is a few KiB.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// How deeply RON values may nest while reading. A declaration nests about 12 levels (envelope,
/// declaration, tree, level 1–3, target value, number); the limit keeps a hostile or broken
/// file (`((((…`) from overflowing the stack: the parser refuses it with a position instead.
pub const MAX_NESTING: usize = 64;

/// Why a declaration could not be read or written. Messages are in Chinese, with the file last.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The operating system refused (missing file, no permission, disk full, …).
    #[error("无法{action}：{}（{}）", io_reason(source), path.display())]
    Io {
        /// 读取 / 保存.
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
    #[error("文件不是 UTF-8 文本，第 {line} 行第 {column} 列有无法识别的字节（{}）", path.display())]
    NotUtf8 {
        /// The file concerned.
        path: PathBuf,
        /// 1-based line of the first invalid byte.
        line: usize,
        /// 1-based column (in characters) of the first invalid byte.
        column: usize,
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
        /// What is wrong: a Chinese summary, then the parser's own words.
        message: String,
    },
    /// The file is RON (or some other text) but not a Jixiao declaration.
    #[error("不是 Jixiao 申报表文件（format 应为 \"{FORMAT_TAG}\"）（{}）", path.display())]
    NotJixiao {
        /// The file concerned.
        path: PathBuf,
    },
    /// The path names a device, pipe or socket, not a regular file: neither read (it could block
    /// or never end) nor replaced.
    #[error("无法{action}：这不是普通文件（可能是设备或管道）（{}）", path.display())]
    NotAFile {
        /// 读取 / 保存.
        action: &'static str,
        /// The path concerned.
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
    /// The file declares a version no Jixiao ever wrote (e.g. 0).
    #[error("文件的格式版本 {found} 无法识别（本程序支持 1 到 {FORMAT_VERSION}）；文件未被修改（{}）", path.display())]
    UnknownVersion {
        /// The file concerned.
        path: PathBuf,
        /// The version the file declares.
        found: u32,
    },
    /// The declaration could not be turned into RON (should not happen with the model's types).
    #[error("无法生成文件内容：{0}")]
    Serialize(String),
}

/// The operating system's reason in the user's words; the system's own text is added only
/// when there is no Chinese reason for it (it stays available as the error's `source`).
fn io_reason(error: &std::io::Error) -> String {
    match chinese_reason(error.kind()) {
        Some(reason) => reason.to_owned(),
        None => format!("系统错误（{error}）"),
    }
}

/// A Chinese explanation for the usual kinds of I/O failure.
fn chinese_reason(kind: std::io::ErrorKind) -> Option<&'static str> {
    use std::io::ErrorKind as K;
    Some(match kind {
        K::NotFound => "文件或文件夹不存在",
        K::PermissionDenied => "没有权限（文件或文件夹可能是只读的）",
        K::IsADirectory => "这是一个文件夹，不是文件",
        K::NotADirectory => "路径中有一部分不是文件夹",
        K::AlreadyExists => "文件已存在",
        K::StorageFull => "磁盘空间已满",
        K::ReadOnlyFilesystem => "磁盘是只读的",
        K::InvalidFilename => "文件名无效",
        K::CrossesDevices => "临时文件与目标不在同一磁盘上",
        K::UnexpectedEof => "文件读取不完整",
        _ => return None,
    })
}

#[derive(Serialize)]
struct EnvelopeOut<'a> {
    format: &'a str,
    version: u32,
    declaration: &'a Declaration,
}

/// The envelope without its content: read first, so that the version decides how to read the
/// rest. Both fields are optional here so that RON of another kind is told apart from a broken
/// Jixiao file.
#[derive(Deserialize)]
struct EnvelopeHeader {
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    version: Option<u32>,
}

/// The version-1 envelope (today's format).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EnvelopeV1 {
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

/// The reading options: an explicit nesting limit ([`MAX_NESTING`]), and `implicit_some` on even
/// when a person deleted the `#![enable(implicit_some)]` line (explicit `Some(…)` stays valid).
fn read_options() -> ron::Options {
    ron::Options::default()
        .with_recursion_limit(MAX_NESTING)
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// Reads a declaration from the text of a `.ron` file; `path` is only used in error messages.
///
/// The envelope's `format` and `version` are read first: another kind of file is refused as
/// such, a newer version is refused before its content is interpreted, and older versions go
/// through [`migrate`].
///
/// # Errors
/// [`StorageError::Syntax`] with line and column for broken RON, wrong types, a truncated file
/// or nesting deeper than [`MAX_NESTING`]; [`StorageError::NotJixiao`] for RON or text of
/// another kind; [`StorageError::NewerVersion`] for a file from a newer Jixiao;
/// [`StorageError::UnknownVersion`] for a version that never existed.
pub fn from_ron_str(text: &str, path: &Path) -> Result<Declaration, StorageError> {
    let header: EnvelopeHeader = match read_options().from_str(text) {
        Ok(header) => header,
        Err(_) if !looks_like_ron_struct(text) => {
            return Err(StorageError::NotJixiao {
                path: path.to_owned(),
            });
        }
        Err(error) => return Err(syntax_error(&error, text, path)),
    };
    if header.format.as_deref() != Some(FORMAT_TAG) {
        return Err(StorageError::NotJixiao {
            path: path.to_owned(),
        });
    }
    let Some(version) = header.version else {
        return Err(StorageError::Syntax {
            path: path.to_owned(),
            line: 0,
            column: 0,
            message: "缺少格式版本（version）".to_owned(),
        });
    };
    if version > FORMAT_VERSION {
        return Err(StorageError::NewerVersion {
            path: path.to_owned(),
            found: version,
        });
    }
    migrate(version, text, path)
}

/// Reads a file whose envelope says `version` (at most [`FORMAT_VERSION`]) into today's
/// [`Declaration`]. This is the one place that knows old formats.
///
/// Version 1 is today's format and is read directly. When the format changes:
/// 1. bump [`FORMAT_VERSION`] to 2 and describe the change in the model's docs;
/// 2. copy the version-1 model types, unchanged and serde-only, into `storage/v1.rs` (a frozen
///    snapshot; the live model moves on), with an `EnvelopeV1` over them;
/// 3. here, parse version 1 with those types and convert to today's model
///    (`1 => v1::read(text).map(v1::upgrade)`), each old version converting into the next so
///    the chain stays short to write;
/// 4. keep `tests/fixtures/format-v1.ron` loading to the same declaration.
///
/// # Errors
/// [`StorageError::Syntax`] if the content does not match its version's format;
/// [`StorageError::UnknownVersion`] for a version no Jixiao wrote.
pub fn migrate(version: u32, text: &str, path: &Path) -> Result<Declaration, StorageError> {
    match version {
        1 => read_options()
            .from_str::<EnvelopeV1>(text)
            .map(|envelope| envelope.declaration)
            .map_err(|error| syntax_error(&error, text, path)),
        _ => Err(StorageError::UnknownVersion {
            path: path.to_owned(),
            found: version,
        }),
    }
}

/// A parser error as a [`StorageError::Syntax`], with a Chinese summary for the usual cases.
fn syntax_error(error: &ron::error::SpannedError, text: &str, path: &Path) -> StorageError {
    use ron::Error as E;
    let at_end = is_at_end(text, error.span.start) || is_at_end(text, error.span.end);
    let summary = match &error.code {
        E::Eof => "文件意外结束，可能不完整（保存中断或被截断）".to_owned(),
        _ if at_end => "文件在此处结束，后面的内容缺失，可能不完整（保存中断或被截断）".to_owned(),
        E::ExceededRecursionLimit => format!("嵌套层数超过 {MAX_NESTING} 层，不是申报表文件"),
        E::MissingStructField { field, .. } => format!("缺少字段「{field}」"),
        E::NoSuchStructField { found, .. } => format!("无法识别的字段「{found}」"),
        E::DuplicateStructField { field, .. } => format!("字段「{field}」重复"),
        E::NoSuchEnumVariant { found, .. } => format!("无法识别的取值「{found}」"),
        E::InvalidValueForType { .. }
        | E::ExpectedString
        | E::ExpectedInteger
        | E::ExpectedBoolean
        | E::ExpectedOption
        | E::ExpectedArray
        | E::ExpectedStructLike
        | E::IntegerOutOfBounds => "取值类型不对".to_owned(),
        E::Message(_) => "取值无效".to_owned(),
        E::UnclosedBlockComment | E::ExpectedStringEnd => {
            "注释或字符串没有结束，文件可能不完整".to_owned()
        }
        _ => "格式错误".to_owned(),
    };
    // The parser's own words help whoever reads a broken file, except for the nesting limit,
    // whose text gives advice to programmers (raise the limit) that a user cannot follow.
    let message = match &error.code {
        E::ExceededRecursionLimit => summary,
        code => format!("{summary}（{code}）"),
    };
    StorageError::Syntax {
        path: path.to_owned(),
        line: error.span.start.line,
        column: error.span.start.col,
        message,
    }
}

/// Whether a parser position (1-based line and column in characters) is at the end of `text`,
/// give or take trailing spaces: the parser ran out of file, whatever it expected next.
fn is_at_end(text: &str, position: ron::error::Position) -> bool {
    let line_start = match position.line {
        0 | 1 => 0,
        line => match text.match_indices('\n').nth(line - 2) {
            Some((newline, _)) => newline + 1,
            None => return true,
        },
    };
    let Some(from_line) = text.get(line_start..) else {
        return true;
    };
    let rest = from_line
        .char_indices()
        .nth(position.col.saturating_sub(1))
        .map_or("", |(offset, _)| {
            from_line.get(offset..).unwrap_or_default()
        });
    rest.trim().is_empty()
}

/// Whether the text starts like a RON struct, after blank lines, comments and `#![…]`
/// attributes: `(` or a struct name. Tells JSON, XML, PDF text or a pasted form (which are
/// "another kind of file") from a damaged Jixiao file (which deserves a line and column).
fn looks_like_ron_struct(text: &str) -> bool {
    let mut rest = text.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        if rest.starts_with("//") || rest.starts_with("#!") {
            rest = rest.split_once('\n').map_or("", |(_, after)| after);
        } else if let Some(after) = rest.strip_prefix("/*") {
            rest = after.split_once("*/").map_or("", |(_, after)| after);
        } else {
            break;
        }
    }
    let after_name = rest.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '_');
    after_name.trim_start().starts_with('(')
}

/// Loads the declaration saved at `path`. Reads at most [`MAX_FILE_BYTES`] (checked on the open
/// file before reading, and again while reading, so a growing or endless file is refused too).
/// Never writes.
///
/// # Errors
/// Every [`StorageError`] but `Serialize`; never panics on any file content.
pub fn load(path: &Path) -> Result<Declaration, StorageError> {
    let bytes = read_bounded(path)?;
    let text = String::from_utf8(bytes).map_err(|error| not_utf8(path, error.as_bytes()))?;
    from_ron_str(&text, path)
}

/// Reads at most [`MAX_FILE_BYTES`] of the file at `path` (checked on the open file before
/// reading, and again while reading, so a growing or endless file is refused too). Never writes.
fn read_bounded(path: &Path) -> Result<Vec<u8>, StorageError> {
    let io = |source| StorageError::Io {
        action: "读取",
        path: path.to_owned(),
        source,
    };
    let too_large = |bytes| StorageError::TooLarge {
        path: path.to_owned(),
        bytes,
    };
    // Look before opening: opening a named pipe would wait for a writer.
    if let Err(Some(refused)) = check_regular_file(path, "读取") {
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
    Ok(bytes)
}

/// [`StorageError::NotUtf8`] pointing at the first byte of `bytes` that is not UTF-8.
fn not_utf8(path: &Path, bytes: &[u8]) -> StorageError {
    let valid_up_to = std::str::from_utf8(bytes).map_or_else(|error| error.valid_up_to(), str::len);
    // The prefix up to the first bad byte is valid UTF-8 by definition.
    let valid =
        std::str::from_utf8(bytes.get(..valid_up_to).unwrap_or_default()).unwrap_or_default();
    let last_line = valid.rsplit('\n').next().unwrap_or_default();
    StorageError::NotUtf8 {
        path: path.to_owned(),
        line: 1 + valid.matches('\n').count(),
        column: 1 + last_line.chars().count(),
    }
}

/// Saves `declaration` to `path` atomically (see [`write_atomic`]).
///
/// # Errors
/// [`StorageError::Io`] when the file cannot be written; the old file is then untouched.
pub fn save(path: &Path, declaration: &Declaration) -> Result<(), StorageError> {
    write_atomic(path, to_ron_string(declaration)?.as_bytes())
}

/// Replaces the file at `path` with `bytes`, never leaving a half-written file: the bytes go to a
/// temporary file in the same folder, are flushed to disk (`sync_all`), then renamed over `path`
/// (and the folder is synced, on Unix). On any failure the temporary file is removed and the old
/// file is untouched.
///
/// A symbolic link is followed (its target is replaced, the link stays); the old file's
/// permissions are kept, and a new file gets the usual ones (not the temporary file's 0600).
/// A target that is a folder, a device or pipe, or a file marked read-only is refused before
/// anything is written.
///
/// # Errors
/// [`StorageError::Io`] naming `path`: folder missing or not writable, target is a folder or
/// read-only, disk full; [`StorageError::NotAFile`] for a device or pipe.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), StorageError> {
    let io = |source| StorageError::Io {
        action: "保存",
        path: path.to_owned(),
        source,
    };
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|meta| meta.file_type().is_symlink());
    let target = if is_link {
        std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned())
    } else {
        path.to_owned()
    };
    let old_permissions = match check_regular_file(&target, "保存") {
        Ok(meta) if meta.permissions().readonly() => {
            return Err(io(std::io::ErrorKind::PermissionDenied.into()));
        }
        Ok(meta) => Some(meta.permissions()),
        // Nothing there yet: a new file.
        Err(None) => None,
        Err(Some(refused)) => return Err(refused),
    };
    let folder = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".jixiao-").suffix(".tmp");
    // A temporary file is owner-only (0600) by default; a new declaration file should get the
    // usual permissions (0666 less the umask) so colleagues on a shared folder can read it.
    #[cfg(unix)]
    if old_permissions.is_none() {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    // tempfile names its own random file in errors; the user only knows `path`.
    let temp_io = |error: std::io::Error| io(without_temp_path(error));
    let mut temporary = builder.tempfile_in(folder).map_err(temp_io)?;
    temporary.write_all(bytes).map_err(temp_io)?;
    if let Some(permissions) = old_permissions {
        temporary
            .as_file()
            .set_permissions(permissions)
            .map_err(temp_io)?;
    }
    temporary.as_file().sync_all().map_err(temp_io)?;
    // On failure the error owns the temporary file, and dropping it deletes it.
    temporary
        .persist(&target)
        .map_err(|error| io(error.error))?;
    sync_folder(folder);
    Ok(())
}

/// The metadata of the regular file at `path`. `Err(Some(…))` for a folder (`Io`, kind
/// `IsADirectory`) or a device, pipe or socket ([`StorageError::NotAFile`]); `Err(None)` when
/// nothing can be found there (the caller decides whether that is an error).
fn check_regular_file(
    path: &Path,
    action: &'static str,
) -> Result<std::fs::Metadata, Option<StorageError>> {
    let metadata = std::fs::metadata(path).map_err(|_| None)?;
    if metadata.is_dir() {
        return Err(Some(StorageError::Io {
            action,
            path: path.to_owned(),
            source: std::io::ErrorKind::IsADirectory.into(),
        }));
    }
    if !metadata.is_file() {
        return Err(Some(StorageError::NotAFile {
            action,
            path: path.to_owned(),
        }));
    }
    Ok(metadata)
}

/// tempfile wraps errors with the temporary file's random name, which means nothing to the
/// user; when the kind alone explains the failure, keep only the kind.
fn without_temp_path(error: std::io::Error) -> std::io::Error {
    if error.get_ref().is_some() && chinese_reason(error.kind()).is_some() {
        error.kind().into()
    } else {
        error
    }
}

/// Makes the rename durable (Unix: fsync the folder). Best effort: the file is already in
/// place, and some file systems refuse to sync a folder.
fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Ok(handle) = std::fs::File::open(folder) {
        let _ = handle.sync_all();
    }
    #[cfg(not(unix))]
    let _ = folder;
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
    fn tells_other_files_from_broken_ones() {
        assert!(looks_like_ron_struct("#![enable(implicit_some)]\n(\n"));
        assert!(looks_like_ron_struct("// note\n/* x */ Envelope("));
        assert!(!looks_like_ron_struct("{\"format\": \"jixiao\"}"));
        assert!(!looks_like_ron_struct("<?xml version=\"1.0\"?>"));
        assert!(!looks_like_ron_struct("财政项目支出绩效目标申报表"));
        assert!(!looks_like_ron_struct(""));
        assert!(!looks_like_ron_struct("hello world"));
    }

    #[test]
    fn io_errors_are_explained_in_chinese() {
        let error = StorageError::Io {
            action: "保存",
            path: PathBuf::from("/nope/x.ron"),
            source: std::io::ErrorKind::NotFound.into(),
        };
        let message = error.to_string();
        assert!(
            message.starts_with("无法保存：文件或文件夹不存在"),
            "{message}"
        );
        assert!(message.ends_with("（/nope/x.ron）"), "{message}");
    }
}
