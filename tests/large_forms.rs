//! Large declarations (issue 8, points 3 and 4): what Jixiao saves, it opens again, at any size
//! it accepts; the duplicate-name rule finds exactly the repeats in a very large group. The
//! forms are the 2026 党建服务工作经费 sample grown to tens of thousands of indicators
//! (`tests/support/large_form.rs`).

#![expect(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

use std::path::Path;

use jixiao::model::{
    IndicatorPart, IndicatorPath, Level3Indicator, Path as FieldPath, TargetValue,
};
use jixiao::storage::{MAX_FILE_BYTES, StorageError, load, save, to_ron_string};
use jixiao::validate::{Rule, validate};

#[path = "support/large_form.rs"]
mod large_form;

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).unwrap().len()
}

#[test]
fn a_60000_indicator_form_is_saved_compactly_and_opens_again() {
    // The finding: a 60,000-indicator form rolled over was written pretty (about 20 MB) and then
    // refused on opening.
    let rolled = jixiao::model::roll_over(&large_form::large_declaration(60_000), 2027);
    assert_eq!(rolled.level3_count(), 60_000);
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("2027-党建服务工作经费.ron");
    save(&path, &rolled).unwrap();
    // Pretty, the file would be over the limit: a tenth of the form already takes a tenth of it.
    let pretty_tenth = to_ron_string(&large_form::large_declaration(6_000))
        .unwrap()
        .len();
    assert!(
        u64::try_from(pretty_tenth * 10).unwrap() > MAX_FILE_BYTES,
        "{pretty_tenth} bytes for 6,000: pretty 60,000 would fit, the test proves nothing"
    );
    assert!(file_size(&path) <= MAX_FILE_BYTES, "{}", file_size(&path));
    assert_eq!(load(&path).unwrap(), rolled);
}

#[test]
fn an_ordinary_form_stays_pretty() {
    let text = to_ron_string(&jixiao::ui::initial_declaration()).unwrap();
    assert!(text.contains("\n    declaration: (\n"), "{text}");
    assert!(text.contains("\n        project_name: \"党建服务工作经费\",\n"));
}

#[test]
fn a_form_too_large_even_compact_is_not_written() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("x.ron");
    let old = to_ron_string(&jixiao::ui::initial_declaration()).unwrap();
    std::fs::write(&path, &old).unwrap();
    let mut declaration = jixiao::ui::initial_declaration();
    declaration.annual_goal = "长".repeat(usize::try_from(MAX_FILE_BYTES).unwrap() / 3 + 1);
    let error = save(&path, &declaration).unwrap_err();
    assert!(
        matches!(error, StorageError::TooLargeToSave { ref path, .. } if path.ends_with("x.ron")),
        "{error:?}"
    );
    assert!(error.to_string().contains("无法保存"), "{error}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), old);
    assert_eq!(std::fs::read_dir(folder.path()).unwrap().count(), 1);
}

#[test]
fn repeated_names_in_a_very_large_group_are_each_found_once() {
    let mut declaration = large_form::large_declaration(40_000);
    assert!(
        !validate(&declaration)
            .iter()
            .any(|finding| finding.rule == Rule::DuplicateIndicatorName),
        "all names are unique"
    );
    // Group 产出指标 › 数量指标 holds about 3,600 indicators; repeat its 11th name twice more,
    // far down the list, once with spaces around it.
    let group = &mut declaration.indicators[1].children[0];
    let name = group.children[10].name.clone();
    let size = group.children.len();
    group.children.push(Level3Indicator::new(
        format!(" {name} "),
        TargetValue::parse("及时"),
    ));
    group
        .children
        .push(Level3Indicator::new(name, TargetValue::parse("及时")));
    let found: Vec<FieldPath> = validate(&declaration)
        .into_iter()
        .filter(|finding| finding.rule == Rule::DuplicateIndicatorName)
        .map(|finding| finding.path)
        .collect();
    assert_eq!(
        found,
        [size, size + 1]
            .map(|i3| FieldPath::Indicator(IndicatorPath::level3(1, 0, i3), IndicatorPart::Name))
    );
}
