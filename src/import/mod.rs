//! Import: text extractions of existing forms (copied out of Excel/WPS/Word, or a PDF's text)
//! into declarations.
//!
//! Depends on the model only. An importer never panics and never drops text silently: what it
//! cannot place becomes an [`ImportWarning`] with its line number.

mod legacy;
pub(crate) mod text;
mod y2018;
mod y2020;

use crate::model::{Declaration, FormLayout};

/// One line of the imported text, with its 1-based line number (for warnings).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Line<'a> {
    /// 1-based line number in the imported text.
    pub number: usize,
    /// The line, without its line break.
    pub text: &'a str,
}

/// What a layout importer returns for one form: the declaration and its warnings as
/// `(line number, message in Chinese)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FormImport {
    /// The form as read.
    pub declaration: Declaration,
    /// What could not be placed or had to be guessed, with its 1-based line number.
    pub warnings: Vec<(usize, String)>,
}

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
///
/// Forms start at their title line: 「上海市财政支出项目绩效目标申报表」 (2018),
/// 「财政项目支出绩效目标表」 (2020) or 「财政项目支出绩效目标申报表」 (current); in PDF text the next
/// title can follow the last row of a form after a space, and is cut off there. The fiscal year
/// comes from the line under the title (「（2020年度）」, 「(2018年)」).
pub fn import_text(text: &str) -> ImportReport {
    let mut report = ImportReport::default();
    let mut forms: Vec<(FormLayout, Vec<Line<'_>>)> = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        let raw = raw.trim_end_matches('\r');
        if let Some((before, layout, title)) = split_at_title(raw) {
            if !before.trim().is_empty() {
                push_line(
                    &mut forms,
                    &mut report,
                    Line {
                        number,
                        text: before,
                    },
                );
            }
            forms.push((
                layout,
                vec![Line {
                    number,
                    text: title,
                }],
            ));
        } else {
            push_line(&mut forms, &mut report, Line { number, text: raw });
        }
    }
    for (layout, lines) in forms {
        let form_index = report.declarations.len();
        let (fiscal_year, year_warning) = fiscal_year_of(&lines);
        let imported = match layout {
            FormLayout::Y2020 => y2020::import_form(fiscal_year, &lines),
            FormLayout::Y2018 => y2018::import_form(fiscal_year, &lines),
            FormLayout::Current => {
                let line = lines.first().map_or(0, |line| line.number);
                report.warnings.push(ImportWarning {
                    line,
                    form: None,
                    message: "现行版式的申报表尚不能导入，已跳过".to_owned(),
                });
                continue;
            }
        };
        report
            .warnings
            .extend(
                year_warning
                    .into_iter()
                    .chain(imported.warnings)
                    .map(|(line, message)| ImportWarning {
                        line,
                        form: Some(form_index),
                        message,
                    }),
            );
        report.declarations.push(imported.declaration);
    }
    report
}

/// Adds a line to the form being read, or warns when no title has been seen yet.
fn push_line<'a>(
    forms: &mut [(FormLayout, Vec<Line<'a>>)],
    report: &mut ImportReport,
    line: Line<'a>,
) {
    if let Some((_, lines)) = forms.last_mut() {
        lines.push(line);
    } else if !line.text.trim().is_empty() {
        report.warnings.push(ImportWarning {
            line: line.number,
            form: None,
            message: format!("标题之前的内容未导入：「{}」", line.text.trim()),
        });
    }
}

/// Finds a form title on `line`: alone, or at the end after a space. Returns the text before it,
/// the layout and the title itself.
fn split_at_title(line: &str) -> Option<(&str, FormLayout, &str)> {
    let trimmed = line.trim_end();
    // 2018 first: its title is not contained in the others, but check the longest names first.
    [FormLayout::Y2018, FormLayout::Current, FormLayout::Y2020]
        .into_iter()
        .find_map(|layout| {
            let title = layout.title();
            let before = trimmed.strip_suffix(title)?;
            (before.trim().is_empty() || before.ends_with(char::is_whitespace))
                .then(|| (before, layout, &trimmed[before.len()..]))
        })
}

/// Reads the year from the line under the title (「（2020年度）」, 「(2018年)」).
fn fiscal_year_of(lines: &[Line<'_>]) -> (i32, Option<(usize, String)>) {
    for line in lines.iter().skip(1).take(3) {
        let digits: String = line.text.chars().filter(char::is_ascii_digit).collect();
        if line.text.contains('年')
            && digits.len() == 4
            && let Ok(year) = digits.parse()
        {
            return (year, None);
        }
    }
    let number = lines.first().map_or(0, |line| line.number);
    (0, Some((number, "标题下未找到年度".to_owned())))
}
