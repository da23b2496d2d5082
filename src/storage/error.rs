//! Why a file could not be read or written, in the words of the people who use Jixiao.
//!
//! Every message is Chinese, names the file last in full-width brackets, and never carries a
//! library's English, a Rust type name or the system's `os error N`: the operating system's
//! reason is translated by kind ([`io_reason`]), and where there is no Chinese word for it the
//! message gives the system's error number, which a help desk can look up.

use std::path::PathBuf;

use super::{FORMAT_TAG, FORMAT_VERSION, MAX_FILE_BYTES};

/// What Jixiao was doing when the operating system refused: it decides the wording of a
/// permission failure (a file that cannot be read is not "read-only").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Reading a declaration, a text to import, or a file's stamp.
    Read,
    /// Listing a folder (of declarations, of recovery copies).
    ReadFolder,
    /// Writing a declaration, a PDF, a recovery copy.
    Save,
    /// Creating the folder an import writes into.
    CreateFolder,
    /// Taking or giving up a lock ("this file is open in another window").
    Lock,
}

impl Action {
    /// The verb in messages: 读取, 保存, 创建文件夹, 锁定.
    pub fn verb(self) -> &'static str {
        match self {
            Self::Read => "读取",
            Self::ReadFolder => "读取文件夹",
            Self::Save => "保存",
            Self::CreateFolder => "创建文件夹",
            Self::Lock => "锁定",
        }
    }
}

/// Why a declaration (or another file Jixiao reads or writes) could not be read or written.
/// Messages are in Chinese, with the file last.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The operating system refused (missing file, no permission, disk full, …).
    #[error("无法{}：{}（{}）", action.verb(), io_reason(*action, source), path.display())]
    Io {
        /// What was being done.
        action: Action,
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
    /// Even written compactly, the declaration would exceed [`MAX_FILE_BYTES`], so it would not
    /// open again: it is not written (what Jixiao writes, it must be able to read).
    #[error("申报表过大，无法保存：即使紧凑写入也有 {bytes} 字节，超过上限 {MAX_FILE_BYTES} 字节，保存后将无法再打开；原文件未被修改（{}）", path.display())]
    TooLargeToSave {
        /// The file that would have been written.
        path: PathBuf,
        /// The compact size in bytes.
        bytes: u64,
    },
    /// The file is not text in an encoding a declaration file may have (UTF-8, or UTF-16 with
    /// a byte-order mark).
    #[error("{}，第 {line} 行第 {column} 列有无法识别的字节（{}）", not_text_reason(*detected), path.display())]
    NotUtf8 {
        /// The file concerned.
        path: PathBuf,
        /// 1-based line of the first invalid byte.
        line: usize,
        /// 1-based column (in characters) of the first invalid byte.
        column: usize,
        /// The encoding the bytes look like, when they look like one: `"UTF-16"`, `"GBK"`.
        detected: Option<&'static str>,
    },
    /// The text is not a valid declaration file (bad RON, wrong types, truncated, too deep).
    #[error("文件内容有误，第 {line} 行第 {column} 列：{message}（{}）", path.display())]
    Syntax {
        /// The file concerned (empty when reading from a string).
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column, in characters.
        column: usize,
        /// What is wrong, in Chinese, naming the field by its printed label (项目名称).
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
    #[error("无法{}：这不是普通文件（可能是设备或管道）（{}）", action.verb(), path.display())]
    NotAFile {
        /// What was being done.
        action: Action,
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
    /// The declaration could not be turned into RON. Not expected with the model's types; the
    /// serializer's own (English) words are kept for a bug report, not shown.
    #[error("无法生成文件内容（程序内部错误），未写入任何文件")]
    Serialize(String),
    /// An output would replace one of the files it is made from (the same file by path,
    /// symbolic link or hard link): refused before anything is written.
    #[error("输出文件就是输入文件「{}」，写入会毁掉它；请另选输出文件名，未写入任何文件（{}）", input.display(), output.display())]
    OutputIsInput {
        /// The output the user named.
        output: PathBuf,
        /// The input it is the same file as.
        input: PathBuf,
    },
    /// A PDF (or other non-declaration output) was to be written to a `.ron` path, where a
    /// declaration belongs: refused, whether or not the file exists.
    #[error("输出文件名以 .ron 结尾，那是申报表文件的扩展名；PDF 请用 .pdf，Excel 工作簿请用 .xlsx，未写入任何文件（{}）", output.display())]
    OutputIsDeclaration {
        /// The output the user named.
        output: PathBuf,
    },
    /// The file changed on disk (or was removed) since it was opened or last saved, so saving
    /// would silently throw away someone else's work: refused, nothing written.
    #[error("文件在打开后已被修改或删除（可能是同事或另一个程序所改），为免覆盖别人的修改，未保存（{}）", path.display())]
    ChangedOnDisk {
        /// The file concerned.
        path: PathBuf,
    },
    /// The file is open in another Jixiao window (on this computer or another one sharing the
    /// folder).
    #[error("此文件已在另一个 Jixiao 窗口中打开{}（{}）", owner.as_deref().map(|owner| format!("（{owner}）")).unwrap_or_default(), path.display())]
    Locked {
        /// The file concerned.
        path: PathBuf,
        /// Who holds it, as the owner wrote it (用户, 计算机, 时间), when it can be read.
        owner: Option<String>,
    },
    /// Saving in place (the folder was not writable) failed part-way; the new content is
    /// complete in `copy`, which is kept.
    #[error("无法{}：{}；文件夹不可写入，直接写入原文件时失败，新内容已完整保存在「{}」（{}）", Action::Save.verb(), io_reason(Action::Save, source), copy.display(), path.display())]
    InPlaceFailed {
        /// The file concerned (its content may be damaged).
        path: PathBuf,
        /// Where the complete new content is.
        copy: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

impl StorageError {
    /// An [`StorageError::Io`] for `path`.
    pub(crate) fn io(action: Action, path: &std::path::Path, source: std::io::Error) -> Self {
        Self::Io {
            action,
            path: path.to_owned(),
            source,
        }
    }
}

fn not_text_reason(detected: Option<&'static str>) -> String {
    match detected {
        Some("UTF-16") => {
            "文件是 UTF-16（Unicode）编码的文本，但其中有不成对的代理字符；请用记事本另存为 UTF-8"
                .to_owned()
        }
        Some(encoding) => format!(
            "文件似乎是 {encoding} 编码的文本，申报表文件应为 UTF-8；请用记事本另存为 UTF-8"
        ),
        None => "文件不是 UTF-8 文本".to_owned(),
    }
}

/// The operating system's reason in the user's words. When there is no Chinese reason for the
/// kind of failure, the system's error number is given instead of its (English) text; the full
/// error stays available as the error's `source`.
pub fn io_reason(action: Action, error: &std::io::Error) -> String {
    if let Some(reason) = chinese_reason(action, error) {
        return reason.to_owned();
    }
    match error.raw_os_error() {
        Some(code) => format!("系统错误（错误代码 {code}）"),
        None => "系统错误".to_owned(),
    }
}

/// A Chinese explanation for the usual kinds of I/O failure, worded for what was being done.
fn chinese_reason(action: Action, error: &std::io::Error) -> Option<&'static str> {
    use std::io::ErrorKind as K;
    // Windows: another program holds the file open without sharing it (Excel, WPS, a viewer).
    #[cfg(windows)]
    if matches!(error.raw_os_error(), Some(32 | 33)) {
        return Some("文件正被其他程序使用（例如在 WPS、Excel 或 PDF 阅读器中打开），请关闭后重试");
    }
    Some(match error.kind() {
        K::NotFound => "文件或文件夹不存在",
        K::PermissionDenied => match action {
            Action::Read => "没有读取此文件的权限",
            Action::ReadFolder => "没有读取此文件夹的权限",
            Action::Save => "没有写入权限（文件或文件夹可能是只读的）",
            Action::CreateFolder => "没有在此处创建文件夹的权限",
            Action::Lock => "没有权限在文件所在的文件夹中创建锁定标记",
        },
        K::IsADirectory => "这是一个文件夹，不是文件",
        K::NotADirectory => "路径中有一部分不是文件夹",
        K::AlreadyExists => "文件已存在",
        K::StorageFull => "磁盘空间已满",
        K::QuotaExceeded => "超出了磁盘配额",
        K::FileTooLarge => "文件超过了系统允许的大小",
        K::ReadOnlyFilesystem => "磁盘是只读的",
        K::InvalidFilename => "文件名无效（可能太长或含有不允许的字符）",
        K::CrossesDevices => "临时文件与目标不在同一磁盘上",
        K::UnexpectedEof => "文件读取不完整",
        K::ResourceBusy | K::WouldBlock => "文件正被其他程序使用，请稍后重试",
        K::TimedOut | K::NetworkDown | K::ConnectionReset | K::ConnectionAborted => {
            "网络或共享文件夹连接中断"
        }
        K::Interrupted => "操作被中断",
        K::Unsupported => "此磁盘或共享文件夹不支持该操作",
        K::StaleNetworkFileHandle => "共享文件夹上的文件已被他人移走或替换",
        K::DirectoryNotEmpty => "文件夹不是空的",
        K::OutOfMemory => "内存不足",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_are_explained_in_chinese() {
        let error = StorageError::Io {
            action: Action::Save,
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

    #[test]
    fn a_read_permission_failure_is_not_called_read_only() {
        let error = StorageError::Io {
            action: Action::Read,
            path: PathBuf::from("x.ron"),
            source: std::io::Error::from_raw_os_error(13),
        };
        let message = error.to_string();
        assert!(message.contains("没有读取此文件的权限"), "{message}");
        assert!(!message.contains("只读"), "{message}");
        assert!(!message.contains("os error"), "{message}");
        let saving = StorageError::Io {
            action: Action::Save,
            path: PathBuf::from("x.ron"),
            source: std::io::Error::from_raw_os_error(13),
        };
        assert!(saving.to_string().contains("只读"), "{saving}");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn an_error_without_chinese_words_gives_its_number_not_its_english() {
        // EPROTO (71 on Linux) has no kind of its own; its English is "Protocol error".
        let error = std::io::Error::from_raw_os_error(71);
        assert_eq!(io_reason(Action::Read, &error), "系统错误（错误代码 71）");
    }
}
