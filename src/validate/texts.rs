//! The 2018 layout's long texts: the 2018 online system kept 255 characters of each.
//!
//! Reads the model only.

use super::{Finding, Rule, field_label};
use crate::model::{Declaration, FieldKind};

/// How many characters the 2018 system kept of each long text (sample form `forms-2018.txt`: 干部考评和人才
/// 发展工作经费's texts stop mid-sentence there).
pub const MAX_TEXT_CHARS_2018: usize = 255;

/// Pushes [`Rule::TextTooLong`] for each long text of the layout (the field table's
/// [`FieldKind::LongText`]): 项目概况, 立项依据, 项目设立的必要性,
/// 保证项目实施的制度、措施, 项目实施计划, 项目总目标, 年度绩效目标 and 备注 that is longer than
/// [`MAX_TEXT_CHARS_2018`] characters (Unicode scalar values, as the system counted Chinese
/// characters one each).
pub(super) fn check_2018(declaration: &Declaration, findings: &mut Vec<Finding>) {
    let layout = declaration.layout();
    for spec in layout.fields() {
        let field = spec.field;
        let Some(text) = declaration
            .text(field)
            .filter(|_| spec.kind == FieldKind::LongText)
        else {
            continue;
        };
        // `nth` stops counting at the limit, so a huge text costs no more than a short one.
        if text.chars().nth(MAX_TEXT_CHARS_2018).is_some() {
            let chars = text.chars().count();
            findings.push(Finding::new(
                Rule::TextTooLong,
                layout,
                field,
                format!(
                    "「{}」有{chars}个字，超过2018年系统的{MAX_TEXT_CHARS_2018}字上限，超出部分会被截断",
                    field_label(field, layout)
                ),
            ));
        }
    }
}
