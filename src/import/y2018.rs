//! Import of the 2018 layout (上海市财政支出项目绩效目标申报表, seed `003_*.txt`): not supported yet.
//!
//! Depends on the model only. Until this layout is read, a form of it becomes an empty 2018
//! declaration and one warning, so the user knows its content was not imported.

use super::{FormImport, Line};
use crate::model::{Declaration, FormFields};

/// Imports one 2018-layout form: for now an empty declaration of that layout for `fiscal_year`,
/// plus a warning on the form's first line saying the layout is not supported.
pub(crate) fn import_form(fiscal_year: i32, lines: &[Line<'_>]) -> FormImport {
    let first_line = lines.first().map_or(1, |line| line.number);
    FormImport {
        declaration: Declaration {
            fiscal_year,
            project_name: String::new(),
            form: FormFields::Y2018(crate::model::Fields2018::default()),
            planned_start: None,
            planned_end: None,
            overall_goal: String::new(),
            annual_goal: String::new(),
            indicators: Vec::new(),
        },
        warnings: vec![(
            first_line,
            "暂不支持导入该版式（2018年版），内容未导入".to_owned(),
        )],
    }
}
