//! The target table read by its columns, for cells that sit on a true grid (a workbook's cells,
//! a PDF's cells rebuilt from its rules): the cell under the header 一级指标 is a level-1 name,
//! under 二级指标 a level-2 name, under 三级指标 a level-3 name, under the value header its
//! value, whatever the names say. Merged cells leave their lower rows blank, so a blank level-1
//! or level-2 cell continues the group above.
//!
//! Every layout's reader uses it for such cells (the text readers' label peeling is for text
//! whose merged cells drift, docs/form.md §7). Columns after the value headed like the TSV
//! export's ([`crate::export::tsv::VALUE_KIND`] and the value cells) spell out a target value
//! the printed text cannot carry, as the workbook export writes them.
//!
//! Depends on the model and the export's vocabulary.

use crate::export::tsv::{QUALITATIVE, QUANTITATIVE, VALUE_KIND};
use crate::model::{
    Comparator, FormLayout, Level1Indicator, Level2Indicator, Level3Indicator, TargetNumber,
    TargetValue,
};

use super::cells::{Row, label_key};
use super::shorten;

/// Where the target table's columns are, from its header row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TargetColumns {
    /// 一级指标 (2020: 一级目标; 2018: 分解目标内容).
    pub level1: usize,
    /// 二级指标; `None` on the 2018 layout, which has two levels.
    pub level2: Option<usize>,
    /// 三级指标 (2018: 绩效指标).
    pub level3: usize,
    /// The value (年度(/项目)指标值, 指标目标值).
    pub value: usize,
    /// 指标值类型, when the header has it; 计算符号, 数值 and 计量单位 follow it.
    pub value_kind: Option<usize>,
}

impl TargetColumns {
    /// The columns of `row` if it is `layout`'s target table header: its level-1, level-3 and
    /// value headers (and level-2 where the layout has one) each in a cell of their own, in
    /// order. Labels compare without spaces and bracket widths ([`label_key`]).
    pub fn from_header(layout: FormLayout, row: &Row<'_>) -> Option<Self> {
        let [level1, level2, level3, value] = layout.indicator_headers();
        let column_of = |name: &str| {
            let key = label_key(name);
            row.cells
                .iter()
                .find(|cell| label_key(&cell.text) == key)
                .map(|cell| cell.column)
        };
        let columns = Self {
            level1: column_of(level1)?,
            level2: if layout.has_level2() {
                Some(column_of(level2)?)
            } else {
                None
            },
            level3: column_of(level3)?,
            value: column_of(value)?,
            value_kind: column_of(VALUE_KIND),
        };
        let ordered = columns.level1 < columns.level2.unwrap_or(columns.level3)
            && columns.level2.unwrap_or(columns.level1) < columns.level3
            && columns.level3 < columns.value;
        ordered.then_some(columns)
    }

    /// Whether `column` is one of the table's columns.
    fn holds(&self, column: usize) -> bool {
        column == self.level1
            || Some(column) == self.level2
            || column == self.level3
            || column == self.value
            || self
                .value_kind
                .is_some_and(|kind| (kind..kind + 4).contains(&column))
    }
}

/// The target tree as it is read, row by row.
#[derive(Debug)]
pub(crate) struct TargetTable {
    columns: TargetColumns,
    /// The layout's words for messages.
    layout: FormLayout,
    /// The tree so far.
    pub indicators: Vec<Level1Indicator>,
    /// `(1-based line, message in Chinese)`.
    pub warnings: Vec<(usize, String)>,
}

impl TargetTable {
    /// An empty table with the columns of its header.
    pub fn new(layout: FormLayout, columns: TargetColumns) -> Self {
        Self {
            columns,
            layout,
            indicators: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Takes the columns of a header row printed again (a page break); the groups stay open.
    pub fn set_columns(&mut self, columns: TargetColumns) {
        self.columns = columns;
    }

    /// Reads one row. A non-blank level-1 cell opens a group, unless it repeats the open
    /// group's name (a merged cell printed again after a page break); the same for level 2. A
    /// level-3 name or value adds an indicator; a row with group names only leaves the group
    /// without children, as the print shows such groups. Cells outside the table's columns are
    /// reported.
    pub fn row(&mut self, row: &Row<'_>) {
        let columns = self.columns;
        let text = |column: usize| row.cells.get(column).map_or("", |cell| cell.text.as_ref());
        for cell in &row.cells {
            let trimmed = cell.text.trim();
            if !trimmed.is_empty() && !columns.holds(cell.column) && cell.column > columns.level1 {
                self.warnings.push((
                    cell.line,
                    format!("绩效指标表之外的文字「{}」，未导入", shorten(trimmed)),
                ));
            }
        }
        let level1 = text(columns.level1).trim();
        if !level1.is_empty()
            && self
                .indicators
                .last()
                .is_none_or(|open| open.name != level1)
        {
            let mut group = Level1Indicator::new(level1);
            if columns.level2.is_none() {
                // Two levels: the group holds one unnamed level-2 group.
                group.children.push(Level2Indicator::new(""));
            }
            self.indicators.push(group);
        }
        if let Some(level2_column) = columns.level2 {
            let level2 = text(level2_column).trim();
            if !level2.is_empty()
                && let Some(group) = self.open_level1(row.number, level2)
                && group.children.last().is_none_or(|open| open.name != level2)
            {
                group.children.push(Level2Indicator::new(level2));
            }
        }
        let name = text(columns.level3).trim();
        let value = text(columns.value);
        if name.is_empty() && value.trim().is_empty() {
            return;
        }
        let target = self.target(row, value);
        let indicator = Level3Indicator {
            name: name.to_owned(),
            target,
        };
        let what = if name.is_empty() { value.trim() } else { name };
        if let Some(group) = self.open_level2(row.number, what) {
            group.children.push(indicator);
        }
    }

    /// The value of a row: the printed value, unless the row spells it out after the table.
    fn target(&mut self, row: &Row<'_>, value: &str) -> Option<TargetValue> {
        let text = |column: usize| row.cells.get(column).map_or("", |cell| cell.text.as_ref());
        let Some(kind_column) = self.columns.value_kind else {
            return TargetValue::parse(value.trim());
        };
        match text(kind_column).trim() {
            "" => TargetValue::parse(value.trim()),
            QUALITATIVE => Some(TargetValue::Qualitative(value.to_owned())),
            QUANTITATIVE => {
                let comparator = Comparator::ALL
                    .into_iter()
                    .find(|comparator| comparator.symbol() == text(kind_column + 1).trim());
                let number = TargetNumber::parse(text(kind_column + 2).trim());
                if let (Some(comparator), Some(number)) = (comparator, number) {
                    return Some(TargetValue::Quantitative {
                        comparator,
                        number,
                        unit: text(kind_column + 3).to_owned(),
                    });
                }
                self.warnings.push((
                    row.number,
                    format!(
                        "定量指标值的计算符号或数值无法识别：「{}」「{}」，按「{}」读取",
                        shorten(text(kind_column + 1)),
                        shorten(text(kind_column + 2)),
                        shorten(value.trim())
                    ),
                ));
                TargetValue::parse(value.trim())
            }
            other => {
                self.warnings.push((
                    row.number,
                    format!(
                        "未知的指标值类型「{}」，按「{}」读取",
                        shorten(other),
                        shorten(value.trim())
                    ),
                ));
                TargetValue::parse(value.trim())
            }
        }
    }

    /// Makes sure a level-1 group is open: a new one with an empty name (reported) when none
    /// is.
    fn ensure_level1(&mut self, line: usize, what: &str) {
        if !self.indicators.is_empty() {
            return;
        }
        let [level1, ..] = self.layout.indicator_headers();
        self.warnings.push((
            line,
            format!(
                "「{}」之前没有{level1}，已放入名称为空的{level1}，请补填",
                shorten(what)
            ),
        ));
        let mut group = Level1Indicator::new("");
        if self.columns.level2.is_none() {
            group.children.push(Level2Indicator::new(""));
        }
        self.indicators.push(group);
    }

    /// The open level-1 group, opening one (reported) when none is.
    fn open_level1(&mut self, line: usize, what: &str) -> Option<&mut Level1Indicator> {
        self.ensure_level1(line, what);
        self.indicators.last_mut()
    }

    /// The open level-2 group; a new one with an empty name (reported) when none is open.
    fn open_level2(&mut self, line: usize, what: &str) -> Option<&mut Level2Indicator> {
        self.ensure_level1(line, what);
        if self
            .indicators
            .last()
            .is_some_and(|group| group.children.is_empty())
        {
            let [_, level2, ..] = self.layout.indicator_headers();
            self.warnings.push((
                line,
                format!(
                    "「{}」之前没有{level2}，已放入名称为空的{level2}，请补填",
                    shorten(what)
                ),
            ));
            if let Some(group) = self.indicators.last_mut() {
                group.children.push(Level2Indicator::new(""));
            }
        }
        self.indicators
            .last_mut()
            .and_then(|group| group.children.last_mut())
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;
    use crate::import::cells::Cell;

    fn row(number: usize, texts: &[&'static str]) -> Row<'static> {
        Row {
            number,
            cells: texts
                .iter()
                .enumerate()
                .map(|(column, text)| Cell {
                    line: number,
                    column,
                    text: Cow::Borrowed(text),
                })
                .collect(),
        }
    }

    #[test]
    fn headers_give_the_columns_in_order() {
        let header = row(
            1,
            &[
                "绩效指标",
                "一级指标",
                "二级指标",
                "三级指标",
                "年度(/项目)指标值",
                "",
            ],
        );
        let columns = TargetColumns::from_header(FormLayout::Current, &header).unwrap();
        assert_eq!(
            (
                columns.level1,
                columns.level2,
                columns.level3,
                columns.value
            ),
            (1, Some(2), 3, 4)
        );
        let header = row(1, &["分解目标内容", "绩效指标", "", "指标目标值"]);
        let columns = TargetColumns::from_header(FormLayout::Y2018, &header).unwrap();
        assert_eq!((columns.level2, columns.value), (None, 3));
        assert_eq!(
            TargetColumns::from_header(FormLayout::Current, &row(1, &["一级指标", "三级指标"])),
            None
        );
    }

    #[test]
    fn names_are_read_by_column_whatever_they_say() {
        let header = row(1, &["", "一级目标", "二级目标", "三级目标", "指标目标值"]);
        let columns = TargetColumns::from_header(FormLayout::Y2020, &header).unwrap();
        let mut table = TargetTable::new(FormLayout::Y2020, columns);
        // A level-1 named like nothing in the scheme; the same name again after a page break; a
        // value without a name; a level-2 group without children.
        table.row(&row(2, &["", "自定义\n第二段", "时效", "及时率", "=100%"]));
        table.row(&row(3, &["", "自定义\n第二段", "", "按时", "及时"]));
        table.row(&row(4, &["", "", "", "", ">=90%"]));
        table.row(&row(5, &["", "", "空组", "", ""]));
        let shape: Vec<(&str, Vec<(&str, usize)>)> = table
            .indicators
            .iter()
            .map(|level1| {
                (
                    level1.name.as_str(),
                    level1
                        .children
                        .iter()
                        .map(|level2| (level2.name.as_str(), level2.children.len()))
                        .collect(),
                )
            })
            .collect();
        assert_eq!(shape, [("自定义\n第二段", vec![("时效", 3), ("空组", 0)])]);
        assert_eq!(table.warnings, []);
    }

    #[test]
    fn text_outside_the_columns_and_rows_before_any_group_are_reported() {
        let header = row(1, &["分解目标内容", "绩效指标", "指标目标值"]);
        let columns = TargetColumns::from_header(FormLayout::Y2018, &header).unwrap();
        let mut table = TargetTable::new(FormLayout::Y2018, columns);
        table.row(&row(2, &["", "孤立指标", "及时", "多余"]));
        let lines: Vec<usize> = table.warnings.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, [2, 2]);
        assert_eq!(table.indicators.len(), 1);
    }

    #[test]
    fn spelled_out_values_are_taken_as_written() {
        let header = row(
            1,
            &[
                "一级指标",
                "二级指标",
                "三级指标",
                "值",
                "指标值类型",
                "计算符号",
                "数值",
                "计量单位",
            ],
        );
        let columns = TargetColumns::from_header(FormLayout::Current, &header);
        // The value header must be the layout's own.
        assert_eq!(columns, None);
        let header = row(
            1,
            &[
                "一级指标",
                "二级指标",
                "三级指标",
                "年度(/项目)指标值",
                "指标值类型",
                "计算符号",
                "数值",
                "计量单位",
            ],
        );
        let columns = TargetColumns::from_header(FormLayout::Current, &header).unwrap();
        let mut table = TargetTable::new(FormLayout::Current, columns);
        table.row(&row(2, &["产出指标", "数量指标", "甲", " =5 ", "定性"]));
        table.row(&row(
            3,
            &["", "", "乙", "≥-0.5((a))", "定量", "≥", "-0.5", "(a)"],
        ));
        let targets: Vec<Option<TargetValue>> = table
            .indicators
            .iter()
            .flat_map(|level1| &level1.children)
            .flat_map(|level2| &level2.children)
            .map(|level3| level3.target.clone())
            .collect();
        assert_eq!(
            targets,
            [
                Some(TargetValue::Qualitative(" =5 ".into())),
                Some(TargetValue::Quantitative {
                    comparator: Comparator::Ge,
                    number: TargetNumber::parse("-0.5").unwrap(),
                    unit: "(a)".into()
                })
            ]
        );
    }
}
