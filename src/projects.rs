//! A folder of projects (文件 › 打开文件夹…): one row per declaration with its year, name, amount
//! and findings, totals per year; and the indicator library built from the folders the user
//! chose plus the bundled examples.
//!
//! Reads through [`crate::storage`] (the only module that touches the disk), checks with
//! [`crate::validate`] and builds with [`crate::library`]. A broken file is a row with its
//! error, never a failed summary.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rust_decimal::Decimal;

use crate::library::{Library, LibraryBuilder};
use crate::model::{Declaration, FormFields, FormLayout, Yuan};
use crate::storage::{self, FolderFile, StorageError};
use crate::validate::{self, Finding, Severity};

/// A modification time as the folder list and `summary` show it: `2026-03-01 14:05`, local
/// time.
pub fn modified_text(time: SystemTime) -> String {
    chrono::DateTime::<chrono::Local>::from(time)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// What a summary row knows about a declaration that could be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeclarationFacts {
    /// 年度.
    pub fiscal_year: i32,
    /// 项目名称 (trimmed).
    pub project_name: String,
    /// The form's layout.
    pub layout: FormLayout,
    /// This year's amount in 元 (see [`annual_amount`]); `None` when blank.
    pub annual_total: Option<Yuan>,
    /// How many error findings [`validate::validate`] makes.
    pub errors: usize,
    /// How many warnings.
    pub warnings: usize,
}

/// One file of a folder summary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SummaryRow {
    /// The file.
    pub file: PathBuf,
    /// When it was last written, if the system says.
    pub modified: Option<SystemTime>,
    /// What it holds, or why it could not be read (the storage error's Chinese message, naming
    /// the file).
    pub facts: Result<DeclarationFacts, String>,
}

/// The total of one fiscal year over a summary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YearTotal {
    /// 年度.
    pub fiscal_year: i32,
    /// How many declarations of that year were read.
    pub declarations: usize,
    /// How many of them leave the amount blank (they add nothing to the total).
    pub blank_amounts: usize,
    /// The sum of the filled amounts, in 元.
    pub annual_total: Yuan,
}

/// Every declaration of a folder, with totals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FolderSummary {
    /// One row per file, in the order of the files (by path).
    pub rows: Vec<SummaryRow>,
    /// Totals per fiscal year, ascending.
    pub years: Vec<YearTotal>,
    /// The sum over every year, in 元 (a folder usually holds one year; the per-year totals are
    /// the meaningful ones when it does not).
    pub total: Yuan,
    /// How many files could not be read.
    pub unreadable: usize,
}

/// This year's amount of a declaration in 元: 年度资金申请总额 on the current layout,
/// 项目当年预算（元） on the 2020 and 2018 layouts (their nearest field, docs/form.md §6).
/// `None` when blank.
pub fn annual_amount(declaration: &Declaration) -> Option<Yuan> {
    match &declaration.form {
        FormFields::Current(fields) => fields.funding.annual_total,
        FormFields::Y2020(fields) => fields.budget.annual_budget,
        FormFields::Y2018(fields) => fields.budget.annual_budget,
    }
}

/// The summary of every declaration file directly in `folder` (`*.ron`, not its subfolders),
/// read in parallel.
///
/// # Errors
/// [`StorageError::Io`] naming the folder when it cannot be listed. A file that cannot be read
/// is a row with its error, not an error of the summary.
pub fn summarize_folder(folder: &Path) -> Result<FolderSummary, StorageError> {
    let files = storage::declaration_files(folder, false)?;
    Ok(summarize(storage::load_all(&files)))
}

/// The summary of files already read (see [`storage::load_all`]), rows in the order given.
///
/// Amounts add up exactly; a blank amount adds nothing and is counted in
/// [`YearTotal::blank_amounts`]. A sum beyond `Decimal`'s range (about 7.9×10²⁸ 元) saturates
/// instead of failing.
pub fn summarize(files: Vec<FolderFile>) -> FolderSummary {
    summarize_checked(files).0
}

/// [`summarize`], with the findings of each row's declaration (none for a file that could not
/// be read), in the rows' order: each declaration is checked once for both.
pub fn summarize_checked(files: Vec<FolderFile>) -> (FolderSummary, Vec<Vec<Finding>>) {
    let mut rows = Vec::with_capacity(files.len());
    let mut all_findings = Vec::with_capacity(files.len());
    let mut years: Vec<YearTotal> = Vec::new();
    let mut total = Decimal::ZERO;
    let mut unreadable = 0;
    for file in files {
        let facts = match file.declaration {
            Ok(declaration) => {
                let findings = validate::validate(&declaration);
                let facts = facts_of(&declaration, &findings);
                all_findings.push(findings);
                let at = years
                    .iter()
                    .position(|year| year.fiscal_year == facts.fiscal_year)
                    .unwrap_or_else(|| {
                        years.push(YearTotal {
                            fiscal_year: facts.fiscal_year,
                            declarations: 0,
                            blank_amounts: 0,
                            annual_total: Decimal::ZERO,
                        });
                        years.len() - 1
                    });
                if let Some(year) = years.get_mut(at) {
                    year.declarations += 1;
                    match facts.annual_total {
                        Some(amount) => {
                            year.annual_total = year.annual_total.saturating_add(amount);
                            total = total.saturating_add(amount);
                        }
                        None => year.blank_amounts += 1,
                    }
                }
                Ok(facts)
            }
            Err(error) => {
                unreadable += 1;
                all_findings.push(Vec::new());
                Err(error.to_string())
            }
        };
        rows.push(SummaryRow {
            file: file.path,
            modified: file.modified,
            facts,
        });
    }
    years.sort_by_key(|year| year.fiscal_year);
    (
        FolderSummary {
            rows,
            years,
            total,
            unreadable,
        },
        all_findings,
    )
}

/// The facts of one declaration, with the counts of its `findings`.
fn facts_of(declaration: &Declaration, findings: &[Finding]) -> DeclarationFacts {
    let count = |severity| {
        findings
            .iter()
            .filter(|finding| finding.severity == severity)
            .count()
    };
    DeclarationFacts {
        fiscal_year: declaration.fiscal_year,
        project_name: declaration.project_name.trim().to_owned(),
        layout: declaration.layout(),
        annual_total: annual_amount(declaration),
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
    }
}

/// An indicator library and what could not be read while building it.
#[derive(Debug)]
pub struct LibraryBuild {
    /// The library.
    pub library: Library,
    /// How many declarations it was built from (bundled examples included).
    pub declarations: usize,
    /// Folders that could not be listed and files that could not be read, each naming its
    /// path; they are left out of the library.
    pub problems: Vec<StorageError>,
}

/// The indicator library from the declarations in `folders` (and their subfolders, down to
/// [`storage::MAX_FOLDER_DEPTH`] levels), plus the bundled examples when `with_examples`, plus
/// the standard scheme (always). Files are read in parallel; the editor runs this on a thread.
/// A file found through two of the folders is read once, and an example is left out when a
/// folder holds a copy of it (so its rows are not counted twice).
///
/// Never fails as a whole: an unreadable folder or file is listed in
/// [`LibraryBuild::problems`] and left out.
pub fn build_library(folders: &[PathBuf], with_examples: bool) -> LibraryBuild {
    let mut problems = Vec::new();
    let mut paths: Vec<PathBuf> = Vec::new();
    for folder in folders {
        match storage::declaration_files(folder, true) {
            Ok(files) => paths.extend(files),
            Err(error) => problems.push(error),
        }
    }
    let mut seen = std::collections::HashSet::new();
    paths.retain(|path| seen.insert(path.canonicalize().unwrap_or_else(|_| path.clone())));

    let mut read: Vec<(String, Declaration)> = Vec::with_capacity(paths.len());
    for file in storage::load_all(&paths) {
        match file.declaration {
            Ok(declaration) => read.push((file.path.display().to_string(), declaration)),
            Err(error) => problems.push(error),
        }
    }
    let mut builder = LibraryBuilder::new();
    let mut declarations = 0;
    if with_examples {
        // A folder that holds a copy of an example would count its rows twice.
        for (label, example) in storage::bundled_examples() {
            if !read.iter().any(|(_, declaration)| *declaration == example) {
                builder.add(label, &example);
                declarations += 1;
            }
        }
    }
    for (file, declaration) in read {
        builder.add(file, &declaration);
        declarations += 1;
    }
    LibraryBuild {
        library: builder.finish(),
        declarations,
        problems,
    }
}
