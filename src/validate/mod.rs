//! The rules a reviewer applies to a declaration (DOMAIN.md §5): pure, fast, never blocking.
//!
//! `validate(&Declaration) -> Vec<Finding>` reads the model only; it must not depend on storage,
//! import, layout or the UI. Every finding names the rule's source, so a user can tell an
//! official requirement from observed practice.

use serde::Serialize;

use crate::model::{Declaration, Path};

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

/// Where a rule comes from (DOMAIN.md §5 tags [O], [S], [I]).
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
/// first, then in the order of the form.
pub fn validate(declaration: &Declaration) -> Vec<Finding> {
    let _ = declaration;
    Vec::new()
}
