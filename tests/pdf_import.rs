//! PDFs read back (issue 9 point 7): a PDF Jixiao printed gives back each form exactly (from the
//! `.ron` it carries); with that file removed, the table rebuilt from the characters' positions
//! and the drawn rules still gives every section-one value and every indicator row of every
//! example, and so does the text `pdftotext -layout` makes of the PDF.

#![expect(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

use jixiao::import::{PdfSource, import_pdf, import_text};
use jixiao::model::{Declaration, FieldKind};
use jixiao::pdf::{PrintOptions, print_to_pdf_at};

const SEED_2020: &str = include_str!("fixtures/forms/forms-2020.txt");
const SEED_2018: &str = include_str!("fixtures/forms/forms-2018.txt");

/// A fixed print time (2026-01-05), so the PDFs are the same on every run.
const PRINTED: i64 = 1_767_571_200;

/// The 11 bundled examples (current layout), each with its label 「示例/…ron」, in file order.
fn examples() -> Vec<(String, Declaration)> {
    let examples = jixiao::storage::bundled_examples();
    assert_eq!(examples.len(), 11, "the 11 current-layout sample forms");
    examples
}

fn samples() -> Vec<(String, Declaration)> {
    let mut forms = Vec::new();
    for (seed, name) in [(SEED_2020, "forms-2020"), (SEED_2018, "forms-2018")] {
        for (index, declaration) in import_text(seed).declarations.into_iter().enumerate() {
            forms.push((format!("{name} #{}", index + 1), declaration));
        }
    }
    forms
}

fn print(declarations: &[Declaration]) -> Vec<u8> {
    print_to_pdf_at(declarations, &PrintOptions::default(), PRINTED)
        .unwrap()
        .bytes
}

fn dump(declaration: &Declaration) -> String {
    serde_json::to_string_pretty(declaration).unwrap()
}

/// The PDF without the files Jixiao embeds in it (the catalog's `/Names` and `/AF`), as a PDF
/// printed by another program would be.
fn without_embedded_files(bytes: &[u8]) -> Vec<u8> {
    let mut document = lopdf::Document::load_mem(bytes).unwrap();
    let catalog = document
        .trailer
        .get(b"Root")
        .unwrap()
        .as_reference()
        .unwrap();
    let catalog = document.get_dictionary_mut(catalog).unwrap();
    catalog.remove(b"Names");
    catalog.remove(b"AF");
    document.prune_objects();
    let mut out = Vec::new();
    document.save_to(&mut out).unwrap();
    out
}

#[test]
fn a_printed_pdf_gives_back_every_form_exactly() {
    let forms: Vec<(String, Declaration)> = examples().into_iter().chain(samples()).collect();
    assert_eq!(forms.len(), 18);
    for (name, declaration) in &forms {
        let imported = import_pdf(&print(std::slice::from_ref(declaration))).unwrap();
        assert_eq!(imported.source, PdfSource::Embedded, "{name}");
        assert_eq!(imported.report.warnings, [], "{name}");
        let back: Vec<String> = imported.report.declarations.iter().map(dump).collect();
        assert_eq!(back, [dump(declaration)], "{name}");
    }
    // All of them in one PDF: all of them back, in order.
    let all: Vec<Declaration> = forms.iter().map(|(_, d)| d.clone()).collect();
    let imported = import_pdf(&print(&all)).unwrap();
    assert_eq!(imported.report.declarations, all);
}

/// What the positioned reader must recover: every section-one value (the field table's fields
/// but the long texts), as the form prints it, and every indicator row.
fn section_one_and_rows(declaration: &Declaration) -> (Vec<(String, String)>, Vec<String>) {
    let layout = declaration.layout();
    let values = layout
        .fields()
        .iter()
        .filter(|spec| !matches!(spec.kind, FieldKind::LongText | FieldKind::BudgetLines))
        .map(|spec| (spec.name.to_owned(), spec.cell_text(declaration)))
        .collect();
    let notation = layout.target_notation();
    let rows = declaration
        .indicators
        .iter()
        .flat_map(|level1| {
            level1.children.iter().flat_map(move |level2| {
                level2.children.iter().map(move |level3| {
                    let target = level3
                        .target
                        .as_ref()
                        .map(|target| target.display(notation))
                        .unwrap_or_default();
                    format!(
                        "{} | {} | {} | {target}",
                        level1.name, level2.name, level3.name
                    )
                })
            })
        })
        .collect();
    (values, rows)
}

/// The first section-one value or indicator row that `back` has otherwise than `original`.
fn difference(back: &Declaration, original: &Declaration) -> Option<String> {
    let (values, rows) = section_one_and_rows(back);
    let (want_values, want_rows) = section_one_and_rows(original);
    if let Some((got, want)) = values.iter().zip(&want_values).find(|(a, b)| a != b) {
        return Some(format!("{got:?} instead of {want:?}"));
    }
    if let Some((got, want)) = rows.iter().zip(&want_rows).find(|(a, b)| a != b) {
        return Some(format!("row 「{got}」 instead of 「{want}」"));
    }
    (rows.len() != want_rows.len())
        .then(|| format!("{} rows instead of {}", rows.len(), want_rows.len()))
}

#[test]
fn without_its_embedded_file_the_table_gives_every_value_and_row() {
    let mut failures = Vec::new();
    for (name, declaration) in examples() {
        let bytes = without_embedded_files(&print(std::slice::from_ref(&declaration)));
        let imported = import_pdf(&bytes).unwrap();
        assert_eq!(imported.source, PdfSource::Table, "{name}");
        let [back] = imported.report.declarations.as_slice() else {
            failures.push(format!(
                "{name}: {} forms",
                imported.report.declarations.len()
            ));
            continue;
        };
        if let Some(difference) = difference(back, &declaration) {
            failures.push(format!("{name}: {difference}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The text `pdftotext -layout` makes of `pdf` (poppler-utils, installed here and in CI).
fn pdftotext_layout(pdf: &[u8]) -> String {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("form.pdf");
    std::fs::write(&path, pdf).unwrap();
    let output = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(output.status.success());
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn the_text_pdftotext_lays_out_gives_every_value_and_row() {
    let mut failures = Vec::new();
    for (name, declaration) in examples() {
        let text = pdftotext_layout(&print(std::slice::from_ref(&declaration)));
        let report = import_text(&text);
        let [back] = report.declarations.as_slice() else {
            failures.push(format!("{name}: {} forms", report.declarations.len()));
            continue;
        };
        if let Some(difference) = difference(back, &declaration) {
            failures.push(format!("{name}: {difference}\n{:?}", report.warnings));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
