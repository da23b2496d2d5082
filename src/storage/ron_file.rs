//! The text of a `.ron` file: the versioned envelope around a declaration, written pretty (or
//! compact when pretty would not fit under [`MAX_FILE_BYTES`]) and read with every error
//! explained in Chinese at its line and column, naming the field by its printed label.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::labels::{self, Place, ValueKind};
use super::scan::{self, Step};
use super::{FORMAT_TAG, FORMAT_VERSION, MAX_FILE_BYTES, MAX_NESTING, StorageError};
use crate::model::Declaration;

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

/// The pretty layout: four-space indents, one field per line, `implicit_some` declared.
fn pretty_config() -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new()
        .indentor("    ")
        .struct_names(false)
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// The compact layout: no indentation, each struct on one line, a line per list element.
/// About a fifth of the pretty size for a large indicator tree.
fn compact_config() -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new()
        .indentor("")
        .separator("")
        .compact_structs(true)
        .struct_names(false)
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// Serialises a declaration into the text of a `.ron` file (envelope included): pretty, so a
/// person can read and diff it, unless that would exceed [`MAX_FILE_BYTES`]; then compact, so
/// that what is saved always opens again.
///
/// # Errors
/// [`StorageError::TooLargeToSave`] (with an empty path) when even the compact text exceeds
/// [`MAX_FILE_BYTES`]; [`StorageError::Serialize`] if RON refuses a value (not expected for the
/// model's types).
pub fn to_ron_string(declaration: &Declaration) -> Result<String, StorageError> {
    to_ron_value(&EnvelopeOut {
        format: FORMAT_TAG,
        version: FORMAT_VERSION,
        declaration,
    })
}

/// [`to_ron_string`] for any envelope: pretty when it fits under [`MAX_FILE_BYTES`], else compact.
pub(super) fn to_ron_value<T: Serialize>(value: &T) -> Result<String, StorageError> {
    let serialize = |config| {
        ron::ser::to_string_pretty(value, config)
            .map(|mut text| {
                text.push('\n');
                text
            })
            .map_err(|error| StorageError::Serialize(error.to_string()))
    };
    let pretty = serialize(pretty_config())?;
    if byte_len(&pretty) <= MAX_FILE_BYTES {
        return Ok(pretty);
    }
    drop(pretty);
    let compact = serialize(compact_config())?;
    let bytes = byte_len(&compact);
    if bytes <= MAX_FILE_BYTES {
        Ok(compact)
    } else {
        Err(StorageError::TooLargeToSave {
            path: std::path::PathBuf::new(),
            bytes,
        })
    }
}

fn byte_len(text: &str) -> u64 {
    u64::try_from(text.len()).unwrap_or(u64::MAX)
}

/// The reading options: an explicit nesting limit ([`MAX_NESTING`]), and `implicit_some` on even
/// when a person deleted the `#![enable(implicit_some)]` line (explicit `Some(…)` stays valid).
pub(super) fn read_options() -> ron::Options {
    ron::Options::default()
        .with_recursion_limit(MAX_NESTING)
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// Reads a declaration from the text of a `.ron` file; `path` is only used in error messages.
/// A leading byte-order mark is skipped (Windows Notepad writes one).
///
/// The envelope's `format` and `version` are read first: another kind of file is refused as
/// such, a newer version is refused before its content is interpreted, and older versions go
/// through [`migrate`].
///
/// # Errors
/// [`StorageError::Syntax`] with line and column for broken RON, wrong types, a truncated file,
/// a missing `version` or nesting deeper than [`MAX_NESTING`]; [`StorageError::NotJixiao`] for
/// RON or text of another kind; [`StorageError::NewerVersion`] for a file from a newer Jixiao;
/// [`StorageError::UnknownVersion`] for a version that never existed.
pub fn from_ron_str(text: &str, path: &Path) -> Result<Declaration, StorageError> {
    // Positions are counted without the mark: editors do not show it as a column.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let version = read_header(text, path, FORMAT_TAG)?;
    migrate(version, text, path)
}

/// Reads the envelope's header and checks its `format` tag is `tag`: the version, or why the
/// file is not one of ours or too new.
pub(super) fn read_header(text: &str, path: &Path, tag: &str) -> Result<u32, StorageError> {
    let header: EnvelopeHeader = match read_options().from_str(text) {
        Ok(header) => header,
        Err(_) if struct_start(text).is_none() => {
            return Err(StorageError::NotJixiao {
                path: path.to_owned(),
            });
        }
        Err(error) => return Err(syntax_error(&error, text, path)),
    };
    if header.format.as_deref() != Some(tag) {
        return Err(StorageError::NotJixiao {
            path: path.to_owned(),
        });
    }
    let Some(version) = header.version else {
        // Point at the envelope's opening bracket, where `version:` belongs.
        let (line, column) = scan::line_column(text, struct_start(text).unwrap_or_default());
        return Err(StorageError::Syntax {
            path: path.to_owned(),
            line,
            column,
            message: "缺少格式版本（version），应在 format 之后写 version: 1".to_owned(),
        });
    };
    if version > FORMAT_VERSION {
        return Err(StorageError::NewerVersion {
            path: path.to_owned(),
            found: version,
        });
    }
    Ok(version)
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
/// 4. keep `tests/fixtures/format-v1.ron` loading to the same declaration;
/// 5. bump the recovery copy's version too (`storage::recovery`): copies are short-lived and
///    an old one is refused rather than migrated.
///
/// # Errors
/// [`StorageError::Syntax`] if the content does not match its version's format;
/// [`StorageError::UnknownVersion`] for a version no Jixiao wrote.
pub fn migrate(version: u32, text: &str, path: &Path) -> Result<Declaration, StorageError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
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

/// A parser error as a [`StorageError::Syntax`]: the position, and what is wrong in Chinese,
/// naming the field by its printed label. The parser's own (English) words are never shown.
pub(super) fn syntax_error(
    error: &ron::error::SpannedError,
    text: &str,
    path: &Path,
) -> StorageError {
    let start = error.span.start;
    let offset = scan::offset_of(text, start.line, start.col);
    let at_end = is_at_end(text, error.span.start) || is_at_end(text, error.span.end);
    let steps = scan::steps_at(text, offset);
    let layout = scan::layout_before(text, offset);
    let place = labels::place(&steps, layout);
    let message = explain(&error.code, at_end, place.as_ref(), &steps, layout);
    // The parser counts from 1; a position of 0 never reaches the user.
    StorageError::Syntax {
        path: path.to_owned(),
        line: start.line.max(1),
        column: start.col.max(1),
        message,
    }
}

/// What is wrong, in Chinese. `place` is where the error is, when the scan could name it.
fn explain(
    code: &ron::Error,
    at_end: bool,
    place: Option<&Place>,
    steps: &[Step],
    layout: Option<crate::model::FormLayout>,
) -> String {
    use ron::Error as E;
    let label = place.map(|place| place.label.as_str());
    let kind = place.map_or(ValueKind::Other, |place| place.kind);
    // 「年度资金申请总额」 or nothing: the subject of a sentence about a value.
    let subject = label
        .map(|label| format!("「{label}」"))
        .unwrap_or_default();
    let within = label
        .map(|label| format!("「{label}」中"))
        .unwrap_or_default();
    match code {
        E::Eof => "文件意外结束，可能不完整（保存中断或被截断）".to_owned(),
        _ if at_end => "文件在此处结束，后面的内容缺失，可能不完整（保存中断或被截断）".to_owned(),
        E::ExceededRecursionLimit => format!("嵌套层数超过 {MAX_NESTING} 层，不是申报表文件"),
        E::MissingStructField { field, .. } => {
            let group = steps.iter().rev().find_map(|step| match step {
                Step::Key(key) if matches!(key.as_str(), "funding" | "texts" | "budget") => {
                    Some(key.as_str())
                }
                _ => None,
            });
            let id = group.map_or_else(|| (*field).to_owned(), |group| format!("{group}.{field}"));
            let missing = match *field {
                "format" => "文件类型标记（format）".to_owned(),
                "version" => "格式版本（version）".to_owned(),
                "declaration" => "申报表内容（declaration）".to_owned(),
                _ => missing_label(&id, field, steps, layout),
            };
            format!("{within}缺少「{missing}」")
        }
        E::NoSuchStructField {
            expected, found, ..
        } => {
            let hint = closest(found, expected)
                .map(|name| {
                    let label = missing_label(name, name, steps, layout);
                    // `children` of a group names the group again: say nothing more.
                    if label == name || Some(label.as_str()) == place.map(|p| p.label.as_str()) {
                        format!("，是否应为 {name}？")
                    } else {
                        format!("，是否应为 {name}（{label}）？")
                    }
                })
                .unwrap_or_default();
            format!("{within}有无法识别的字段名「{found}」{hint}")
        }
        E::DuplicateStructField { .. } => format!("{subject}重复出现"),
        E::NoSuchEnumVariant {
            expected, found, ..
        } => format!(
            "{subject}的取值「{found}」无法识别，可用的取值：{}",
            variants_in_words(expected)
        ),
        E::InvalidValueForType { expected, .. } => {
            format!(
                "{subject}的取值类型不对，{}",
                expect_in_words(kind, expected)
            )
        }
        E::ExpectedStringEnd => {
            format!("{subject}的文字没有结束（缺少右引号 \"），文件可能不完整")
        }
        E::ExpectedString if kind == ValueKind::Other => {
            format!("{subject}应为用英文双引号括起的文字，如 \"及时\"")
        }
        E::ExpectedString
        | E::ExpectedInteger
        | E::ExpectedBoolean
        | E::ExpectedFloat
        | E::IntegerOutOfBounds
        | E::InvalidIntegerDigit { .. } => {
            format!("{subject}的取值不对，{}", expect_in_words(kind, ""))
        }
        E::Message(_) => format!("{subject}的取值无效，{}", expect_in_words(kind, "")),
        E::ExpectedOption | E::ExpectedOptionEnd => {
            format!("{subject}应为一个取值或 None（空）")
        }
        E::ExpectedArray => format!("{subject}应为方括号 [ … ] 括起的列表"),
        E::ExpectedArrayEnd => format!("{within}列表没有正确结束：缺少逗号或「]」"),
        E::ExpectedStructLike | E::ExpectedNamedStructLike(_) => {
            format!("{subject}应为圆括号 ( … ) 括起的内容")
        }
        E::ExpectedStructLikeEnd => format!("{within}缺少逗号或「)」"),
        E::ExpectedComma => format!("{within}缺少逗号"),
        E::ExpectedMapColon => format!("{within}字段名后缺少冒号"),
        E::ExpectedIdentifier | E::InvalidIdentifier(_) | E::SuggestRawIdentifier(_) => {
            format!("{within}应为字段名")
        }
        E::UnexpectedChar(c) => format!("{within}有无法识别的字符「{c}」"),
        E::TrailingCharacters => "文件在结束的「)」之后还有多余的内容".to_owned(),
        E::InvalidEscape(_) => format!("{subject}中有无效的转义符（反斜杠 \\ 后的字符）"),
        E::UnclosedBlockComment | E::UnclosedLineComment => {
            "注释没有结束，文件可能不完整".to_owned()
        }
        E::Utf8Error(_) => "有无效的字符".to_owned(),
        E::ExpectedAttribute | E::ExpectedAttributeEnd | E::NoSuchExtension(_) => {
            "文件开头的 #![enable(…)] 行有误".to_owned()
        }
        _ => format!("{within}格式错误"),
    }
}

/// The printed label of a missing field `field` (`id` with its group: `funding.annual_total`).
fn missing_label(
    id: &str,
    field: &str,
    steps: &[Step],
    layout: Option<crate::model::FormLayout>,
) -> String {
    let mut with_field = steps.to_vec();
    // Place the missing key where it belongs, to name it as the form does.
    if let Some(group) = id.split_once('.').map(|(group, _)| group)
        && !with_field
            .iter()
            .any(|step| *step == Step::Key(group.to_owned()))
    {
        with_field.push(Step::Key(group.to_owned()));
    }
    with_field.push(Step::Key(field.to_owned()));
    if !with_field
        .iter()
        .any(|step| *step == Step::Key("declaration".to_owned()))
    {
        with_field.insert(0, Step::Key("declaration".to_owned()));
    }
    labels::place(&with_field, layout)
        .map(|place| place.label)
        .filter(|label| !label.is_empty())
        .unwrap_or_else(|| field.to_owned())
}

/// What a value of `kind` should look like; `expected` is serde's description, used only to
/// recognise the kind when the place does not say it.
fn expect_in_words(kind: ValueKind, expected: &str) -> &'static str {
    match kind {
        ValueKind::Integer => "应为整数，如 2026",
        ValueKind::Version => "应为整数，如 1",
        ValueKind::Money => "应为用双引号括起的金额（元），如 \"1139000.00\"，不带千分位逗号",
        ValueKind::Date => "应为用双引号括起的日期，如 \"2026-12-31\"",
        ValueKind::Number => "应为用双引号括起的数值，如 \"100.00\"",
        ValueKind::YesNo => "应为 true（是）或 false（否）",
        ValueKind::Other if expected.contains("string") => "应为用英文双引号括起的文字",
        ValueKind::Other if expected.contains("integer") || expected.starts_with('i') => "应为整数",
        ValueKind::Other if expected.contains("sequence") => "应为方括号 [ … ] 括起的列表",
        ValueKind::Other => "请对照其他申报表文件检查此处的写法",
    }
}

/// The allowed values of an enum, with what they mean where that is not obvious.
fn variants_in_words(expected: &[&str]) -> String {
    expected
        .iter()
        .map(|name| {
            let meaning = match *name {
                "Eq" => "（=）",
                "Ge" => "（≥）",
                "Le" => "（≤）",
                "Gt" => "（>）",
                "Lt" => "（<）",
                "Current" => "（现行申报表）",
                "Y2020" => "（2020年版）",
                "Y2018" => "（2018年版）",
                "Quantitative" => "（定量）",
                "Qualitative" => "（定性）",
                _ => "",
            };
            format!("{name}{meaning}")
        })
        .collect::<Vec<_>>()
        .join("、")
}

/// The expected name closest to a misspelt one (at most two edits away), if any.
fn closest<'a>(found: &str, expected: &[&'a str]) -> Option<&'a str> {
    expected
        .iter()
        .map(|name| (edit_distance(found, name), *name))
        .filter(|(distance, _)| *distance <= 2)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, name)| name)
}

/// Levenshtein distance in characters (names are short: quadratic is fine).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

/// Whether a parser position (1-based line and column in characters) is at the end of `text`,
/// give or take trailing spaces: the parser ran out of file, whatever it expected next.
fn is_at_end(text: &str, position: ron::error::Position) -> bool {
    let offset = scan::offset_of(text, position.line, position.col);
    text.get(offset..).is_none_or(|rest| rest.trim().is_empty())
}

/// Where the text's RON struct starts, after blank lines, comments and `#![…]` attributes: the
/// byte offset of `(` (or of a struct name before it); `None` when the text does not start
/// like one. Tells JSON, XML, PDF text or a pasted form (which are "another kind of file")
/// from a damaged Jixiao file (which deserves a line and column).
fn struct_start(text: &str) -> Option<usize> {
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
    let bracket = after_name.trim_start();
    bracket.starts_with('(').then(|| text.len() - bracket.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Declaration;

    #[test]
    fn tells_other_files_from_broken_ones() {
        assert!(struct_start("#![enable(implicit_some)]\n(\n").is_some());
        assert!(struct_start("// note\n/* x */ Envelope(").is_some());
        assert!(struct_start("{\"format\": \"jixiao\"}").is_none());
        assert!(struct_start("<?xml version=\"1.0\"?>").is_none());
        assert!(struct_start("财政项目支出绩效目标申报表").is_none());
        assert!(struct_start("").is_none());
        assert!(struct_start("hello world").is_none());
        assert_eq!(struct_start("#![enable(implicit_some)]\n(\n"), Some(26));
    }

    fn message_for(text: &str) -> String {
        match from_ron_str(text, Path::new("x.ron")) {
            Err(StorageError::Syntax { message, .. }) => message,
            other => panic!("expected a syntax error, got {other:?}"),
        }
    }

    #[test]
    fn fields_in_groups_are_named_by_their_label() {
        let mut declaration = Declaration::new_current(2026);
        declaration.project_name = "党建服务工作经费".into();
        let text = to_ron_string(&declaration).unwrap();
        assert!(text.contains("annual_total: None"), "{text}");

        let message = message_for(&text.replacen("annual_total:", "annual_totl:", 1));
        assert_eq!(
            message,
            "「项目资金（元）」中有无法识别的字段名「annual_totl」，是否应为 annual_total（年度资金申请总额）？"
        );
        let message = message_for(&text.replacen("project_nature: \"\",", "", 1));
        assert_eq!(message, "「申报表内容」中缺少「项目性质」");
        let message = message_for(&text.replacen("project_name: \"党建服务工作经费\",", "", 1));
        assert_eq!(message, "「申报表内容」中缺少「项目名称」");
        let message = message_for(&text.replacen("annual_total: None", "annual_total: 12", 1));
        assert!(
            message.starts_with("「年度资金申请总额」的取值"),
            "{message}"
        );
        assert!(message.contains("\"1139000.00\""), "{message}");
    }

    #[test]
    fn misspelt_names_find_the_right_one() {
        let names = ["fiscal_year", "project_name", "form"];
        assert_eq!(closest("project_nmae", &names), Some("project_name"));
        assert_eq!(closest("colour", &names), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
