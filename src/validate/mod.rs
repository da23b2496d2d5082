//! The rules a reviewer applies to a declaration (docs/form.md §5): pure, fast, never blocking.
//!
//! `validate(&Declaration) -> Vec<Finding>` reads the model only; it must not depend on storage,
//! import, layout or the UI. Every finding names its [`Rule`] and the rule's source, so a user can
//! tell an official requirement from observed practice.
//!
//! The rules live in one file per subject: [`rule`] (the list of rules with their severity and
//! source), `required` (blank cells), `dates`, `money`, `tree` (the shape of the indicator tree),
//! `targets` (target values) and `texts` (the 2018 length limit). Each rule function pushes into
//! one `Vec`; allocation happens only when a finding is made.

mod dates;
mod money;
mod required;
pub mod rule;
mod targets;
mod texts;
mod tree;

use serde::Serialize;

use crate::model::{
    Declaration, Field, FormFields, FormLayout, IndicatorPart, IndicatorPath, Path,
};

pub use rule::Rule;
pub use texts::MAX_TEXT_CHARS_2018;

/// How serious a finding is. A finding never blocks saving or printing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The form would be sent back: a required value is missing or the sums are wrong.
    Error,
    /// Likely a mistake, or against guidance that allows exceptions.
    Warning,
    /// Worth knowing; nothing is wrong.
    Info,
}

impl Severity {
    /// `error`, `warning` or `info`, as printed by `jixiao check`.
    pub fn id(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Info => "info",
        }
    }

    /// 错误, 警告 or 提示, for the window.
    pub fn label(self) -> &'static str {
        match self {
            Self::Error => "错误",
            Self::Warning => "警告",
            Self::Info => "提示",
        }
    }
}

/// Where a rule comes from (docs/form.md §5 tags \[O\], \[S\], \[I\]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase", tag = "kind", content = "reference")]
pub enum RuleSource {
    /// An official document, named (e.g. 财预〔2021〕101号).
    Official(&'static str),
    /// Holds in every sample form; the text names the forms.
    Observed(&'static str),
    /// Inferred from the forms' meaning; the text says why.
    Inferred(&'static str),
}

/// One thing a rule found about a declaration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Which rule made it (stable identifier, e.g. `annual_total_sum`).
    pub rule: Rule,
    /// How serious it is.
    pub severity: Severity,
    /// The field or indicator it is about.
    pub path: Path,
    /// What is wrong, in Chinese, naming the field as the form does.
    pub message: String,
    /// Where the rule comes from.
    pub source: RuleSource,
}

/// Applies every rule that fits the declaration's layout and returns the findings, most severe
/// first, then in the order of the form (reading the printed form row by row, then the
/// indicator tree top to bottom). Findings about the same place keep the order the rules run in.
///
/// Pure and cheap: no I/O, no locks; a finding's message is the only allocation per finding.
pub fn validate(declaration: &Declaration) -> Vec<Finding> {
    let mut findings = Vec::new();
    let layout = declaration.layout();
    required::check(declaration, &mut findings);
    dates::check(declaration, &mut findings);
    money::check(declaration, &mut findings);
    match &declaration.form {
        FormFields::Current(fields) => {
            tree::check_current(declaration, &mut findings);
            targets::check_current(declaration, &fields.funding, &mut findings);
        }
        FormFields::Y2020(_) => tree::check_legacy(declaration, &mut findings),
        FormFields::Y2018(_) => {
            tree::check_legacy(declaration, &mut findings);
            texts::check_2018(declaration, &mut findings);
        }
    }
    findings.sort_by_key(|finding| (finding.severity, form_rank(finding.path, layout)));
    findings
}

impl Finding {
    /// A finding of `rule` at `path`, with the rule's severity and source for `layout`.
    fn new(rule: Rule, layout: FormLayout, path: impl Into<Path>, message: String) -> Self {
        Self {
            rule,
            severity: rule.severity(),
            path: path.into(),
            message,
            source: rule.source(layout),
        }
    }
}

/// Where a path sits in the printed form, for sorting: header fields in reading order, then the
/// indicator tree in printed order; the 2018 备注 comes last, below its target table (the
/// reading order is the field table's, [`FormLayout::reading_rank`]).
fn form_rank(path: Path, layout: FormLayout) -> (u16, IndicatorPath, IndicatorPart, usize) {
    const NO_INDICATOR: IndicatorPath = IndicatorPath {
        level1: 0,
        level2: None,
        level3: None,
    };
    match path {
        Path::Field(field) => (
            field_rank(field, layout),
            NO_INDICATOR,
            IndicatorPart::Name,
            0,
        ),
        Path::SubBudget(index) => (
            field_rank(Field::SubBudgets, layout),
            NO_INDICATOR,
            IndicatorPart::Name,
            index + 1,
        ),
        Path::Indicator(indicator, part) => (
            field_rank(Field::Indicators, layout).saturating_add(1),
            indicator,
            part,
            0,
        ),
    }
}

/// The reading rank of a field on `layout`; a field the layout does not print sorts just before
/// the tree (no rule reports one today).
fn field_rank(field: Field, layout: FormLayout) -> u16 {
    let tree = layout.reading_rank(Field::Indicators).unwrap_or(u16::MAX);
    layout
        .reading_rank(field)
        .unwrap_or_else(|| tree.saturating_sub(1))
}

/// How messages name `field` on `layout`: the layout's own wording (2018 开始时间, 2020
/// 总目标及阶段性目标), the two 其他资金 told apart, the older budgets without 「（元）」 (the field
/// table's [`crate::model::FieldSpec::name`]).
fn field_label(field: Field, layout: FormLayout) -> &'static str {
    layout.field_name(field)
}

/// How a message names a node of the tree: 「产出指标 › 数量指标 › 阵地包干服务完成率」, with
/// 「第 n 个」 standing in for a blank name, and no level 2 on the 2018 layout.
fn indicator_label(declaration: &Declaration, path: IndicatorPath) -> String {
    let layout = declaration.layout();
    let mut label = String::new();
    let Some(level1) = declaration.indicators.get(path.level1) else {
        return label;
    };
    push_name(&mut label, &level1.name, path.level1, "一级指标");
    let Some(i2) = path.level2 else {
        return label;
    };
    let Some(level2) = level1.children.get(i2) else {
        return label;
    };
    if layout.has_level2() {
        label.push_str(" › ");
        push_name(&mut label, &level2.name, i2, "二级指标");
    }
    let Some(i3) = path.level3 else {
        return label;
    };
    let Some(level3) = level2.children.get(i3) else {
        return label;
    };
    label.push_str(" › ");
    let level3_header = match layout {
        FormLayout::Current => "三级指标",
        FormLayout::Y2020 => "三级目标",
        FormLayout::Y2018 => "绩效指标",
    };
    push_name(&mut label, &level3.name, i3, level3_header);
    label
}

fn push_name(label: &mut String, name: &str, index: usize, kind: &str) {
    let name = name.trim();
    if name.is_empty() {
        label.push_str(&format!("第{}个{kind}", index + 1));
    } else {
        label.push_str(name);
    }
}

/// Whether a text cell counts as blank (only spaces, including full-width ones).
fn is_blank(text: &str) -> bool {
    text.trim().is_empty()
}
