//! Import: text extractions of existing forms (copied out of Excel/WPS/Word, or a PDF's text)
//! into declarations.
//!
//! Depends on the model only (and, to read Jixiao's TSV back, on the export's vocabulary). An
//! importer never panics and never drops text silently: what it cannot place becomes an
//! [`ImportWarning`] with its line number. Tab-separated text is cut into cells by one
//! tokenizer (`cells`), and field labels come from the model's field table.
//!
//! [`import_text`] splits a text into forms at their title lines and hands each form to the
//! importer of its layout (`current`, `y2020`, `y2018`); every importer has the same shape,
//! `import_form(fiscal_year, &[Line]) -> FormImport`.

mod cells;
mod current;
mod document;
mod grid;
mod layout_text;
mod legacy;
mod pdf;
mod targets;
pub(crate) mod text;
mod tsv;
mod workbook;
mod y2018;
mod y2020;

pub use document::{DocumentError, DocumentImport, DocumentKind, import_document};
pub use pdf::{PdfImport, PdfReadError, PdfSource, import_pdf};
pub use workbook::{WorkbookError, import_workbook};

use crate::model::{Declaration, FormLayout};

/// Something the importer could not place or had to guess, with where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportWarning {
    /// 1-based line in the imported text.
    pub line: usize,
    /// Index of the form in [`ImportReport::declarations`] the warning belongs to, if any.
    pub form: Option<usize>,
    /// The worksheet the line is on, for a workbook; `None` for text and PDFs.
    pub sheet: Option<String>,
    /// What happened, in Chinese, quoting the text concerned.
    pub message: String,
}

impl std::fmt::Display for ImportWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.sheet {
            Some(sheet) => write!(f, "工作表「{sheet}」第 {} 行：{}", self.line, self.message),
            None => write!(f, "第 {} 行：{}", self.line, self.message),
        }
    }
}

impl ImportWarning {
    /// A warning about `line` of the text (no worksheet).
    pub(crate) fn new(line: usize, form: Option<usize>, message: String) -> Self {
        Self {
            line,
            form,
            sheet: None,
            message,
        }
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

impl ImportReport {
    /// Adds a form read by a layout's reader, with the `warnings` found before it (its year):
    /// all of them in line order, each tied to this form.
    pub(crate) fn push(&mut self, imported: FormImport, mut warnings: Vec<(usize, String)>) {
        let index = self.declarations.len();
        warnings.extend(imported.warnings);
        warnings.sort_by_key(|(line, _)| *line);
        self.warnings.extend(
            warnings
                .into_iter()
                .map(|(line, message)| ImportWarning::new(line, Some(index), message)),
        );
        self.declarations.push(imported.declaration);
    }
}

/// One line of the imported text with its 1-based number.
///
/// `text` is the whole line, or the part of it that belongs to one form when a title starts in
/// the middle of a line (PDF text); it never contains `\n`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Line<'a> {
    /// 1-based line number in the imported text.
    pub number: usize,
    /// The line's text, without its line break.
    pub text: &'a str,
}

/// What one form's importer returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FormImport {
    /// The declaration read from the form; fields that could not be read are left blank.
    pub declaration: Declaration,
    /// `(1-based line, message in Chinese)` for everything not placed, missing or guessed.
    pub warnings: Vec<(usize, String)>,
}

/// The layouts in the order their titles are looked for; no title contains another.
const LAYOUTS: [FormLayout; 3] = [FormLayout::Current, FormLayout::Y2020, FormLayout::Y2018];

/// Imports every form in `text`, whatever its layout (detected from each form's title).
///
/// Jixiao's own TSV export (a title alone, then a `年度<TAB>…` row; or plain rows starting with
/// `年度<TAB>…`) is read back exactly by its own reader, see [`crate::export::tsv`].
///
/// A form starts at a title line — 「财政项目支出绩效目标申报表」 (current layout),
/// 「财政项目支出绩效目标表」 (2020) or 「上海市财政支出项目绩效目标申报表」 (2018) — and runs to the
/// next title. Its 年度 comes from the year line under the title (`(2026年度)`, `（2020年度）`,
/// `(2018年)`). Text before the first title, and text with no title at all, is reported, never
/// imported. Never fails and never panics, whatever the text.
pub fn import_text(text: &str) -> ImportReport {
    if tsv::looks_like_export(text) {
        return tsv::import_export(text);
    }
    if layout_text::looks_like_layout_text(text) {
        let report = grid::import_grid(&layout_text::layout_text_rows(text));
        if !report.declarations.is_empty() {
            return report;
        }
    }
    let mut report = ImportReport::default();
    // Files saved by Windows Notepad start with a byte-order mark, which is not text.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let split = split_forms(text);
    for line in &split.preamble {
        report.warnings.push(ImportWarning::new(
            line.number,
            None,
            format!(
                "申报表标题之前的文字，未导入：「{}」",
                shorten(line.text.trim())
            ),
        ));
    }
    if split.forms.is_empty() && !split.preamble.is_empty() {
        report.warnings.push(ImportWarning::new(
            split.preamble.first().map_or(1, |line| line.number),
            None,
            no_title_message(),
        ));
    }
    for form in split.forms {
        let (fiscal_year, warnings) = find_fiscal_year(form.layout, &form.lines);
        let imported = match form.layout {
            FormLayout::Current => current::import_form(fiscal_year, &form.lines),
            FormLayout::Y2020 => y2020::import_form(fiscal_year, &form.lines),
            FormLayout::Y2018 => y2018::import_form(fiscal_year, &form.lines),
        };
        report.push(imported, warnings);
    }
    report
}

/// The warning for a text or a worksheet without any form title.
fn no_title_message() -> String {
    format!(
        "未找到申报表标题（「{}」「{}」或「{}」），没有导入任何申报表",
        FormLayout::Current.title(),
        FormLayout::Y2020.title(),
        FormLayout::Y2018.title()
    )
}

/// A text cut into forms.
struct SplitText<'a> {
    /// Non-blank lines before the first title.
    preamble: Vec<Line<'a>>,
    /// The forms, each starting with its title line.
    forms: Vec<FormLines<'a>>,
}

/// The lines of one form, the first one starting with its title.
struct FormLines<'a> {
    layout: FormLayout,
    lines: Vec<Line<'a>>,
}

/// Cuts `text` at its title lines. A title in the middle of a line splits that line: the part
/// before it stays with the previous form (or the preamble), under the same line number.
fn split_forms(text: &str) -> SplitText<'_> {
    let mut split = SplitText {
        preamble: Vec::new(),
        forms: Vec::new(),
    };
    for (index, line_text) in text.lines().enumerate() {
        let number = index + 1;
        let (before, title) = match find_title(line_text) {
            Some((offset, layout)) => (
                line_text.get(..offset).unwrap_or_default(),
                Some((layout, line_text.get(offset..).unwrap_or_default())),
            ),
            None => (line_text, None),
        };
        let before = Line {
            number,
            text: before,
        };
        if title.is_none() || !unquote(before.text).is_empty() {
            match split.forms.last_mut() {
                Some(form) => form.lines.push(before),
                None if !unquote(before.text).is_empty() => split.preamble.push(before),
                None => {}
            }
        }
        if let Some((layout, title_text)) = title {
            split.forms.push(FormLines {
                layout,
                lines: vec![Line {
                    number,
                    text: title_text,
                }],
            });
        }
    }
    split
}

/// Where a form title starts in `line`, and its layout. A title counts when it stands alone on
/// the line, or ends the line after a space (PDF text runs the previous page's last words into
/// it), optionally followed by its year (`财政项目支出绩效目标申报表（2026年度）`), possibly
/// inside a spreadsheet's cell quotes. A title quoted inside a sentence does not count.
fn find_title(line: &str) -> Option<(usize, FormLayout)> {
    LAYOUTS
        .iter()
        .filter_map(|layout| {
            let title = layout.title();
            line.match_indices(title)
                .find(|(offset, _)| {
                    let before = line.get(..*offset).unwrap_or_default();
                    let after = unquote(line.get(offset + title.len()..).unwrap_or_default());
                    (before.ends_with(char::is_whitespace) || unquote(before).is_empty())
                        && (after.is_empty() || parse_year_line(after).is_some())
                })
                .map(|(offset, _)| (offset, *layout))
        })
        .min_by_key(|(offset, _)| *offset)
}

/// `text` trimmed of spaces and of the ASCII quotes a spreadsheet puts around a cell that holds
/// a line break (a title cell `"财政项目支出绩效目标申报表\n(2026年度)"` copies out so).
fn unquote(text: &str) -> &str {
    text.trim().trim_matches('"').trim()
}

/// Reads a year line: `(2026年度)`, `（2020年度）`, `(2018年)`, or the same without brackets,
/// possibly inside spreadsheet quotes. `None` for anything else, including a year line with
/// more text after it.
pub(crate) fn parse_year_line(text: &str) -> Option<i32> {
    let trimmed = unquote(text);
    let inner = trimmed
        .strip_prefix(['(', '（'])
        .unwrap_or(trimmed)
        .trim_start();
    let inner = inner.strip_suffix([')', '）']).unwrap_or(inner).trim_end();
    let digits = inner
        .strip_suffix("年度")
        .or_else(|| inner.strip_suffix('年'))?
        .trim();
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The form's 年度, from the year line under its title (or after the title on the same line).
/// Without one, the first plausible year in the form is taken (with a warning); without any,
/// 0 (with a warning), so the user sees it must be filled in.
fn find_fiscal_year(layout: FormLayout, lines: &[Line<'_>]) -> (i32, Vec<(usize, String)>) {
    let title_line = lines.first().copied().unwrap_or(Line {
        number: 1,
        text: "",
    });
    let after_title = title_line
        .text
        .trim_start()
        .strip_prefix(layout.title())
        .unwrap_or_default();
    if let Some(year) = parse_year_line(after_title) {
        return (year, Vec::new());
    }
    let next_text = lines
        .iter()
        .skip(1)
        .find(|line| !line.text.trim().is_empty());
    if let Some(year) = next_text.and_then(|line| parse_year_line(line.text)) {
        return (year, Vec::new());
    }
    let example = layout.year_line(2026);
    let guessed = lines
        .iter()
        .find_map(|line| first_plausible_year(line.text).map(|year| (line.number, year)));
    match guessed {
        Some((number, year)) => (
            year,
            vec![(
                number,
                format!("标题下未找到年度行（如「{example}」），按本行出现的 {year} 年推定年度"),
            )],
        ),
        None => (
            0,
            vec![(
                title_line.number,
                format!("标题下未找到年度行（如「{example}」），年度未导入，请补填"),
            )],
        ),
    }
}

/// The first run of exactly four ASCII digits between 1990 and 2100 in `text`.
fn first_plausible_year(text: &str) -> Option<i32> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|digits| digits.len() == 4)
        .filter_map(|digits| digits.parse::<i32>().ok())
        .find(|year| (1990..=2100).contains(year))
}

/// `text` cut to 60 characters with an ellipsis, for quoting in a warning.
pub(crate) fn shorten(text: &str) -> String {
    const LIMIT: usize = 60;
    if text.chars().count() <= LIMIT {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(LIMIT).collect();
    short.push('…');
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_lines_of_every_layout() {
        assert_eq!(parse_year_line("(2026年度)"), Some(2026));
        assert_eq!(parse_year_line("（2020年度）"), Some(2020));
        assert_eq!(parse_year_line(" (2018年) "), Some(2018));
        assert_eq!(parse_year_line("2023年度"), Some(2023));
        assert_eq!(parse_year_line(" 2020年绩效目标"), None);
        assert_eq!(parse_year_line("(26年度)"), None);
        assert_eq!(parse_year_line("年度"), None);
    }

    #[test]
    fn titles_alone_after_a_space_or_with_their_year() {
        assert_eq!(
            find_title("财政项目支出绩效目标申报表"),
            Some((0, FormLayout::Current))
        );
        assert_eq!(
            find_title(" 财政项目支出绩效目标表"),
            Some((1, FormLayout::Y2020))
        );
        assert_eq!(
            find_title("上海市财政支出项目绩效目标申报表(2018年)"),
            Some((0, FormLayout::Y2018))
        );
        let run_on = "长效管理机制有效性 有效 财政项目支出绩效目标表";
        assert_eq!(
            find_title(run_on).map(|(offset, _)| run_on.get(offset..)),
            Some(Some("财政项目支出绩效目标表"))
        );
        assert_eq!(
            find_title("\"财政项目支出绩效目标申报表"),
            Some((1, FormLayout::Current))
        );
        assert_eq!(find_title("按财政项目支出绩效目标申报表要求填写"), None);
        assert_eq!(find_title("财政项目支出绩效目标申报表说明"), None);
    }

    #[test]
    fn a_title_mid_line_splits_the_line() {
        let split = split_forms(
            "前言\n财政项目支出绩效目标申报表\n(2026年度)\n尾巴 财政项目支出绩效目标表\n（2020年度）",
        );
        assert_eq!(
            split.preamble,
            [Line {
                number: 1,
                text: "前言"
            }]
        );
        assert_eq!(split.forms.len(), 2);
        let first: Vec<_> = split
            .forms
            .first()
            .unwrap()
            .lines
            .iter()
            .map(|line| (line.number, line.text))
            .collect();
        assert_eq!(
            first,
            [
                (2, "财政项目支出绩效目标申报表"),
                (3, "(2026年度)"),
                (4, "尾巴 ")
            ]
        );
        let second = split.forms.get(1).unwrap();
        assert_eq!(second.layout, FormLayout::Y2020);
        assert_eq!(
            second.lines.first().copied(),
            Some(Line {
                number: 4,
                text: "财政项目支出绩效目标表"
            })
        );
        assert_eq!(
            find_fiscal_year(second.layout, &second.lines),
            (2020, Vec::new())
        );
    }

    #[test]
    fn a_missing_year_line_is_guessed_and_reported() {
        let lines = [
            Line {
                number: 7,
                text: "财政项目支出绩效目标申报表",
            },
            Line {
                number: 8,
                text: "计划开始日期\t2024-01-01",
            },
        ];
        let (year, warnings) = find_fiscal_year(FormLayout::Current, &lines);
        assert_eq!(year, 2024);
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings.first().map(|(line, _)| *line), Some(8));
        let (year, warnings) = find_fiscal_year(FormLayout::Current, &lines[..1]);
        assert_eq!((year, warnings.len()), (0, 1));
    }
}
