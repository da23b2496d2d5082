//! The rules on the seven real older-layout forms (sample forms `forms-2020.txt`, 2020, and `forms-2018.txt`,
//! 2018), imported as a user imports them.

#![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

use jixiao::model::{Declaration, FormFields, parse_yuan};
use jixiao::validate::{Rule, validate};

fn import(seed: &str) -> Vec<Declaration> {
    let report = jixiao::import::import_text(seed);
    assert_eq!(report.warnings, []);
    report.declarations
}

fn forms_2018() -> Vec<Declaration> {
    import(include_str!("fixtures/forms/forms-2018.txt"))
}

fn forms_2020() -> Vec<Declaration> {
    import(include_str!("fixtures/forms/forms-2020.txt"))
}

/// Reviewed against the seeds: the only findings are two 2018 texts longer than the 255
/// characters the 2018 system kept (项目概况 of the 远程网络体系运维费 form; 保证项目实施的制度、措施
/// of 干部考评和人才发展工作经费, whose text continues over two rows of the seed).
#[test]
fn findings_on_the_seven_older_forms_match_the_reviewed_list() {
    let mut actual = Vec::new();
    for declaration in forms_2020().iter().chain(&forms_2018()) {
        for finding in validate(declaration) {
            actual.push(format!(
                "{}: {}: {}: {}",
                declaration.project_name,
                finding.severity.id(),
                finding.path,
                finding.message
            ));
        }
    }
    assert_eq!(
        actual,
        [
            "上海市党员干部现代远程网络体系运维费(非信息化项目): warning: texts.project_overview: 「项目概况」有291个字，超过2018年系统的255字上限，超出部分会被截断",
            "干部考评和人才发展工作经费: warning: texts.safeguards: 「保证项目实施的制度、措施」有258个字，超过2018年系统的255字上限，超出部分会被截断",
        ]
    );
}

#[test]
fn sub_budget_sum_is_silent_on_the_four_real_2018_forms_and_fires_on_a_broken_copy() {
    let forms = forms_2018();
    assert_eq!(forms.len(), 4);
    for declaration in &forms {
        let sum_findings: Vec<_> = validate(declaration)
            .into_iter()
            .filter(|finding| finding.rule == Rule::SubBudgetSum)
            .collect();
        assert_eq!(sum_findings, [], "{}", declaration.project_name);
    }

    // 在线学习工作经费: 6,430,000.00 + 3,880,000.00 = 10,310,000; change one line by 1 元.
    let mut broken = forms
        .into_iter()
        .find(|form| form.project_name == "在线学习工作经费")
        .unwrap();
    let FormFields::Y2018(fields) = &mut broken.form else {
        panic!("a 2018 form")
    };
    fields.sub_budgets[1].amount = parse_yuan("3,880,001.00").ok();
    let sum_findings: Vec<_> = validate(&broken)
        .into_iter()
        .filter(|finding| finding.rule == Rule::SubBudgetSum)
        .collect();
    assert_eq!(sum_findings.len(), 1);
    assert!(
        sum_findings[0].message.contains("10,310,001.00"),
        "{}",
        sum_findings[0].message
    );
}
