//! The rows of each layout's table, in the order, merges and column geometry of its original
//! (docs/form.md §1 for the current layout, §6 and the sample forms `forms-2020.txt` and
//! `forms-2018.txt` for the older ones).
//!
//! Field labels, kinds and values come from the field table ([`crate::model::fields`]): this
//! module only knows where each field sits, and the texts that are not fields (headings, the
//! merged 项目资金（元） and 项目绩效目标 labels, column headers).
//!
//! Pure: no I/O, no PDF types.

use crate::model::{
    Declaration, Field, FieldKind, FormFields, FormLayout, IndicatorPart, IndicatorPath, Path,
};

use super::table::{Align, COLUMN_WIDTHS_MM, CellSpec, RowSpec, Span, TableBuilder};
use super::text::WORD_JOINER;

/// The 2018 form's grid: label | value | label | value (sample form `forms-2018.txt`: four
/// cells a row, the long texts across the last three).
const GRID_2018: [f32; 4] = [36.0, 49.0, 36.0, 49.0];
/// The 2018 分解目标 table: 分解目标内容 | 绩效指标 | 指标目标值.
const GRID_2018_TARGETS: [f32; 3] = [36.0, 67.0, 67.0];
/// The 2020 form's grid: label | value | label | value (sample form `forms-2020.txt`: 「项目名称：
/// … 项目类别：…」 pairs on a line); label columns wide enough for 是否含有政府购买服务.
const GRID_2020: [f32; 4] = [40.0, 45.0, 40.0, 45.0];
/// The 2020 target table: 一级目标 | 二级目标 | 三级目标 | 指标目标值.
const GRID_2020_TARGETS: [f32; 4] = [30.0, 32.0, 68.0, 40.0];
/// One column across the whole width: headings and the 2020 long texts.
const GRID_FULL: [f32; 1] = [170.0];

/// The builder for `declaration`'s table, filled with its rows.
pub(super) fn form_rows(declaration: &Declaration) -> TableBuilder {
    match &declaration.form {
        FormFields::Current(_) => current_rows(declaration),
        FormFields::Y2020(_) => rows_2020(declaration),
        FormFields::Y2018(fields) => rows_2018(declaration, fields.sub_budgets.len()),
    }
}

/// The label `declaration`'s layout prints for `field`, as a centred label cell.
fn label(b: &mut TableBuilder, declaration: &Declaration, field: Field, span: Span) -> CellSpec {
    b.label(declaration.layout().field_label(field), span)
}

/// The cell showing `field`'s value, by its kind in the field table: amounts on one line and
/// right-aligned, long texts justified and splittable, check boxes as a list, other values
/// `align`ed.
fn value(
    b: &mut TableBuilder,
    declaration: &Declaration,
    field: Field,
    span: Span,
    align: Align,
) -> CellSpec {
    let path = Path::Field(field);
    let Some(spec) = declaration.layout().field(field) else {
        return b.cell(field.label(), "", span, align, Some(path));
    };
    match spec.kind {
        FieldKind::Money => b.money(spec.name, declaration.amount(field), span, path),
        FieldKind::LongText => b.long_text(spec.name, &spec.cell_text(declaration), span, path),
        FieldKind::CheckBox(options) => {
            let list = check_boxes(options, declaration.text(field).unwrap_or_default());
            b.cell(spec.name, &list, span, Align::Left, Some(path))
        }
        _ => b.cell(
            spec.name,
            &spec.cell_text(declaration),
            span,
            align,
            Some(path),
        ),
    }
}

/// Label and value cells, in order: each `(field, label span, value span, align)`.
fn field_cells(
    b: &mut TableBuilder,
    declaration: &Declaration,
    fields: &[(Field, Span, Span, Align)],
) -> Vec<CellSpec> {
    let mut cells = Vec::with_capacity(fields.len() * 2);
    for (field, label_span, value_span, align) in fields {
        cells.push(label(b, declaration, *field, *label_span));
        cells.push(value(b, declaration, *field, *value_span, *align));
    }
    cells
}

/// Label and value cells in one row: each `(field, label span, value span, align)`.
fn fields_row(
    b: &mut TableBuilder,
    declaration: &Declaration,
    fields: &[(Field, Span, Span, Align)],
) {
    let cells = field_cells(b, declaration, fields);
    b.push(cells);
}

/// The current layout (docs/form.md §1): six columns; 项目资金（元）, 项目绩效目标 and 绩效指标
/// merged down.
fn current_rows(declaration: &Declaration) -> TableBuilder {
    let mut b = TableBuilder::new(&COLUMN_WIDTHS_MM);
    let (centre, right) = (Align::Centre, Align::Right);
    let rows: [&[(Field, Span, Span, Align)]; 3] = [
        &[
            (Field::ProjectName, (0, 1, 1), (1, 1, 1), centre),
            (Field::ProjectNature, (2, 1, 1), (3, 1, 1), centre),
            (Field::ProjectCategory, (4, 1, 1), (5, 1, 1), centre),
        ],
        &[
            (Field::CompetentDepartment, (0, 1, 1), (1, 1, 1), centre),
            (Field::ImplementingUnit, (2, 1, 1), (3, 3, 1), centre),
        ],
        &[
            (Field::PlannedStart, (0, 1, 1), (1, 1, 1), centre),
            (Field::PlannedEnd, (2, 1, 1), (3, 3, 1), centre),
        ],
    ];
    for row in rows {
        fields_row(&mut b, declaration, row);
    }
    // 项目资金（元） merged down the four money rows, left of the first.
    let mut cells = vec![b.label("项目资金\n（元）", (0, 1, 4))];
    cells.extend(field_cells(
        &mut b,
        declaration,
        &[
            (Field::ProjectTotal, (1, 1, 1), (2, 1, 1), right),
            (Field::AnnualTotal, (3, 1, 1), (4, 2, 1), right),
        ],
    ));
    b.push(cells);
    let money_rows: [&[(Field, Span, Span, Align)]; 3] = [
        &[
            (Field::ProjectFiscal, (1, 1, 2), (2, 1, 2), right),
            (Field::AnnualAppropriation, (3, 1, 1), (4, 2, 1), right),
        ],
        &[(Field::AnnualCarryover, (3, 1, 1), (4, 2, 1), right)],
        &[
            (Field::ProjectOther, (1, 1, 1), (2, 1, 1), right),
            (Field::AnnualOther, (3, 1, 1), (4, 2, 1), right),
        ],
    ];
    for row in money_rows {
        fields_row(&mut b, declaration, row);
    }

    // 项目总目标 carries the project's span on the 2023 forms, 「项目总目标 (2023年-2023年)」, and
    // not on the 2026 forms (sample forms `forms-2023.txt`, `forms-2026.txt`).
    let overall = FormLayout::Current.field_label(Field::OverallGoal);
    let overall_label = match (declaration.planned_start, declaration.planned_end) {
        (Some(start), Some(end)) if declaration.fiscal_year <= 2023 => {
            use chrono::Datelike as _;
            format!("{overall} ({}年-{}年)", start.year(), end.year())
        }
        _ => overall.to_owned(),
    };
    let cells = vec![
        b.label("项目绩效目标", (0, 1, 2)),
        b.label_text(overall, &overall_label, (1, 2, 1)),
        label(&mut b, declaration, Field::AnnualGoal, (3, 3, 1)),
    ];
    let header = b.push_header(cells);
    let cells = vec![
        value(
            &mut b,
            declaration,
            Field::OverallGoal,
            (1, 2, 1),
            Align::Left,
        ),
        value(
            &mut b,
            declaration,
            Field::AnnualGoal,
            (3, 3, 1),
            Align::Left,
        ),
    ];
    b.push_row(RowSpec {
        cells,
        header: Some(header),
        keep_with_next: false,
        splittable: true,
    });

    indicator_rows(
        declaration,
        &mut b,
        &IndicatorColumns {
            label: Some(Field::Indicators.label()),
            level1: (1, 1),
            level2: Some((2, 1)),
            level3: (3, 1),
            value: (4, 2),
            headers: FormLayout::Current.indicator_headers(),
        },
    );
    b
}

/// Where the target table's columns sit, and its header texts.
struct IndicatorColumns {
    /// The merged label left of the table (current layout: 「绩效指标」); the older forms have
    /// none.
    label: Option<&'static str>,
    /// (first column, columns) of each level and the value.
    level1: (usize, usize),
    level2: Option<(usize, usize)>,
    level3: (usize, usize),
    value: (usize, usize),
    /// Header texts: level 1, level 2, level 3, value.
    headers: [&'static str; 4],
}

/// One row of the target table: level-1 index, level-2 index, level-3 index, level-3 name,
/// printed value.
type FlatRow<'a> = (usize, Option<usize>, Option<usize>, &'a str, String);

/// The target table: header, then one row per level-3 indicator; a level-1 or level-2 group
/// without children still prints one row so the tree's shape shows.
fn indicator_rows(declaration: &Declaration, b: &mut TableBuilder, columns: &IndicatorColumns) {
    let notation = declaration.layout().target_notation();
    let mut flat: Vec<FlatRow<'_>> = Vec::new();
    for (i1, level1) in declaration.indicators.iter().enumerate() {
        if level1.children.is_empty() {
            flat.push((i1, None, None, "", String::new()));
        }
        for (i2, level2) in level1.children.iter().enumerate() {
            if level2.children.is_empty() {
                flat.push((i1, Some(i2), None, "", String::new()));
            }
            for (i3, level3) in level2.children.iter().enumerate() {
                let value = level3
                    .target
                    .as_ref()
                    .map(|t| t.display(notation))
                    .unwrap_or_default();
                flat.push((i1, Some(i2), Some(i3), level3.name.as_str(), value));
            }
        }
    }
    if flat.is_empty() {
        flat.push((usize::MAX, None, None, "", String::new()));
    }
    let [h1, h2, h3, h4] = columns.headers;
    let mut cells = Vec::new();
    if let Some(label) = columns.label {
        cells.push(b.label(label, (0, 1, flat.len() + 1)));
    }
    cells.push(b.label(h1, (columns.level1.0, columns.level1.1, 1)));
    if let Some((col, cols)) = columns.level2 {
        cells.push(b.label(h2, (col, cols, 1)));
    }
    cells.push(b.label(h3, (columns.level3.0, columns.level3.1, 1)));
    cells.push(b.label(h4, (columns.value.0, columns.value.1, 1)));
    let header = b.push_header(cells);
    let mut index = 0;
    while let Some(&(i1, ..)) = flat.get(index) {
        let level1_rows = flat.iter().skip(index).take_while(|f| f.0 == i1).count();
        let level1 = declaration.indicators.get(i1);
        let mut first_of_level1 = true;
        let mut level2_start = index;
        while level2_start < index + level1_rows {
            let key = flat.get(level2_start).and_then(|f| f.1);
            let level2_rows = flat
                .iter()
                .skip(level2_start)
                .take(index + level1_rows - level2_start)
                .take_while(|f| f.1 == key)
                .count()
                .max(1);
            for offset in 0..level2_rows {
                let Some((_, _, i3, name, value)) = flat.get(level2_start + offset) else {
                    break;
                };
                let mut cells = Vec::new();
                if first_of_level1 {
                    let text = level1.map(|l| l.name.as_str()).unwrap_or_default();
                    let path = level1
                        .map(|_| Path::Indicator(IndicatorPath::level1(i1), IndicatorPart::Name));
                    cells.push(b.cell(
                        "一级指标",
                        text,
                        (columns.level1.0, columns.level1.1, level1_rows),
                        Align::Centre,
                        path,
                    ));
                    first_of_level1 = false;
                }
                if offset == 0
                    && let Some((col, cols)) = columns.level2
                {
                    let text = key
                        .and_then(|k| level1.and_then(|l| l.children.get(k)))
                        .map(|l| l.name.as_str())
                        .unwrap_or_default();
                    let path = key.map(|k| {
                        Path::Indicator(IndicatorPath::level2(i1, k), IndicatorPart::Name)
                    });
                    cells.push(b.cell(
                        "二级指标",
                        text,
                        (col, cols, level2_rows),
                        Align::Centre,
                        path,
                    ));
                }
                let level3_path = key
                    .zip(*i3)
                    .map(|(i2, i3)| IndicatorPath::level3(i1, i2, i3));
                cells.push(b.cell(
                    "三级指标",
                    name,
                    (columns.level3.0, columns.level3.1, 1),
                    Align::Left,
                    level3_path.map(|p| Path::Indicator(p, IndicatorPart::Name)),
                ));
                cells.push(b.cell(
                    "指标值",
                    value,
                    (columns.value.0, columns.value.1, 1),
                    Align::Centre,
                    level3_path.map(|p| Path::Indicator(p, IndicatorPart::Target)),
                ));
                b.push_row(RowSpec {
                    cells,
                    header: Some(header),
                    keep_with_next: false,
                    splittable: false,
                });
            }
            level2_start += level2_rows;
        }
        index += level1_rows;
    }
}

/// A heading row across the whole width (「本项目上年度市级财政资金使用情况」, 「分解目标」).
fn heading(b: &mut TableBuilder, field: &'static str, text: &str) -> usize {
    let grid = b.grid;
    b.grid = &GRID_FULL;
    let cell = b.label_text(field, text, (0, 1, 1));
    b.grid = grid;
    b.push_header(vec![cell])
}

/// Fields two to a row on a four-column grid: label | value | label | value.
fn pairs(b: &mut TableBuilder, declaration: &Declaration, fields: &[Field], align: Align) {
    for pair in fields.chunks(2) {
        let row: Vec<(Field, Span, Span, Align)> = pair
            .iter()
            .enumerate()
            .map(|(i, field)| (*field, (2 * i, 1, 1), (2 * i + 1, 1, 1), align))
            .collect();
        fields_row(b, declaration, &row);
    }
}

/// A long text with its label left of it (2018: label | text across three columns).
fn labelled_text(b: &mut TableBuilder, declaration: &Declaration, field: Field) {
    let cells = vec![
        label(b, declaration, field, (0, 1, 1)),
        value(b, declaration, field, (1, 3, 1), Align::Left),
    ];
    b.push_row(RowSpec {
        cells,
        header: None,
        keep_with_next: false,
        splittable: true,
    });
}

/// A long text under its label across the whole width (2020: 「项目概况：」 then the text).
fn text_under_label(b: &mut TableBuilder, declaration: &Declaration, field: Field) {
    let grid = b.grid;
    b.grid = &GRID_FULL;
    let name = declaration.layout().field_label(field);
    let mut title = b.cell(name, name, (0, 1, 1), Align::Left, None);
    title.top_aligned = true;
    let header = b.push_header(vec![title]);
    let cell = value(b, declaration, field, (0, 1, 1), Align::Left);
    b.push_row(RowSpec {
        cells: vec![cell],
        header: Some(header),
        keep_with_next: false,
        splittable: true,
    });
    b.grid = grid;
}

/// The 2020 layout (财政项目支出绩效目标表, sample form `forms-2020.txt`): 申报单位名称 above the
/// table (printed by the caller); 项目名称/项目类别, the dates, 是否含有政府购买服务/绩效类型; the
/// six long texts each under its label; 「本项目上年度市级财政资金使用情况」 and the money;
/// 「{年度}年绩效目标」 and the target table 一级目标 | 二级目标 | 三级目标 | 指标目标值.
fn rows_2020(declaration: &Declaration) -> TableBuilder {
    let mut b = TableBuilder::new(&GRID_2020);
    pairs(
        &mut b,
        declaration,
        &[
            Field::ProjectName,
            Field::ProjectCategory,
            Field::PlannedStart,
            Field::PlannedEnd,
            Field::IncludesGovernmentProcurement,
            Field::PerformanceType,
        ],
        Align::Centre,
    );
    for field in [
        Field::ProjectOverview,
        Field::LegalBasis,
        Field::Necessity,
        Field::Safeguards,
        Field::ImplementationPlan,
        Field::OverallGoal,
    ] {
        text_under_label(&mut b, declaration, field);
    }
    heading(
        &mut b,
        "本项目上年度市级财政资金使用情况",
        "本项目上年度市级财政资金使用情况",
    );
    pairs(
        &mut b,
        declaration,
        &[
            Field::ProjectBudget,
            Field::AnnualBudget,
            Field::PriorYearBudget,
            Field::PriorYearSpent,
        ],
        Align::Right,
    );
    heading(
        &mut b,
        "绩效目标",
        &format!("{}年绩效目标", declaration.fiscal_year),
    );
    b.grid = &GRID_2020_TARGETS;
    indicator_rows(
        declaration,
        &mut b,
        &IndicatorColumns {
            label: None,
            level1: (0, 1),
            level2: Some((1, 1)),
            level3: (2, 1),
            value: (3, 1),
            headers: FormLayout::Y2020.indicator_headers(),
        },
    );
    b
}

/// A check-box list: every option with ☑ after the chosen one and ☐ after the others; a choice
/// outside the list is added, ticked, at its end. Each option is kept on one line with its box
/// (word joiners between its characters); lines break between options.
fn check_boxes(options: &[&str], chosen: &str) -> String {
    let chosen = chosen.trim();
    let item = |option: &str, mark: char| -> String {
        let mut joined = String::new();
        for character in option.chars().chain([mark]) {
            if !joined.is_empty() {
                joined.push(WORD_JOINER);
            }
            joined.push(character);
        }
        joined
    };
    let mut items: Vec<String> = options
        .iter()
        .map(|option| item(option, if *option == chosen { '☑' } else { '☐' }))
        .collect();
    if !chosen.is_empty() && !options.contains(&chosen) {
        items.push(item(chosen, '☑'));
    }
    items.join("  ")
}

/// The 2018 layout (上海市财政支出项目绩效目标申报表, sample form `forms-2018.txt`): 申报单位名称
/// above the table; 项目名称; 项目类型 and 资金用途 as check-box lists; 开始时间/结束时间; four long
/// texts; the money; 项目当年投入资金构成 (`sub_budgets` lines); 项目实施计划, 项目总目标, 年度绩效目标;
/// 「分解目标」 and the table 分解目标内容 | 绩效指标 | 指标目标值; 备注.
fn rows_2018(declaration: &Declaration, sub_budgets: usize) -> TableBuilder {
    let mut b = TableBuilder::new(&GRID_2018);
    for field in [Field::ProjectName, Field::ProjectType, Field::FundUse] {
        fields_row(
            &mut b,
            declaration,
            &[(field, (0, 1, 1), (1, 3, 1), Align::Left)],
        );
    }
    pairs(
        &mut b,
        declaration,
        &[Field::PlannedStart, Field::PlannedEnd],
        Align::Centre,
    );
    for field in [
        Field::ProjectOverview,
        Field::LegalBasis,
        Field::Necessity,
        Field::Safeguards,
    ] {
        labelled_text(&mut b, declaration, field);
    }
    pairs(
        &mut b,
        declaration,
        &[
            Field::ProjectBudget,
            Field::AnnualBudget,
            Field::PriorYearBudget,
            Field::PriorYearSpent,
        ],
        Align::Right,
    );
    let lines = sub_budgets.max(1);
    let cells = vec![
        label(&mut b, declaration, Field::SubBudgets, (0, 1, lines + 1)),
        b.label("子项目名称", (1, 2, 1)),
        b.label("预算金额（元）", (3, 1, 1)),
    ];
    let header = b.push_header(cells);
    let subs = declaration.sub_budgets();
    if subs.is_empty() {
        let path = Some(Path::Field(Field::SubBudgets));
        let cells = vec![
            b.cell("子项目名称", "", (1, 2, 1), Align::Left, path),
            b.cell("预算金额", "", (3, 1, 1), Align::Right, path),
        ];
        b.push_row(RowSpec {
            cells,
            header: Some(header),
            ..RowSpec::default()
        });
    }
    for (index, sub) in subs.iter().enumerate() {
        let cells = vec![
            b.cell(
                "子项目名称",
                &sub.name,
                (1, 2, 1),
                Align::Left,
                Some(Path::SubBudget(index)),
            ),
            b.money("预算金额", sub.amount, (3, 1, 1), Path::SubBudget(index)),
        ];
        b.push_row(RowSpec {
            cells,
            header: Some(header),
            ..RowSpec::default()
        });
    }
    for field in [
        Field::ImplementationPlan,
        Field::OverallGoal,
        Field::AnnualGoal,
    ] {
        labelled_text(&mut b, declaration, field);
    }
    heading(&mut b, "分解目标", "分解目标");
    b.grid = &GRID_2018_TARGETS;
    let [h1, _, h3, h4] = FormLayout::Y2018.indicator_headers();
    indicator_rows(
        declaration,
        &mut b,
        &IndicatorColumns {
            label: None,
            level1: (0, 1),
            level2: None,
            level3: (1, 1),
            value: (2, 1),
            headers: [h1, "", h3, h4],
        },
    );
    b.grid = &GRID_2018;
    labelled_text(&mut b, declaration, Field::Remarks);
    b
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FUND_USES_2018, PROJECT_TYPES_2018};

    #[test]
    fn check_boxes_tick_the_chosen_option_only() {
        let plain = |text: String| text.replace(WORD_JOINER, "");
        let list = plain(check_boxes(PROJECT_TYPES_2018, "其他经常性项目"));
        assert_eq!(list.matches('☑').count(), 1);
        assert_eq!(list.matches('☐').count(), PROJECT_TYPES_2018.len() - 1);
        assert!(list.contains("其他经常性项目☑"));
        // Nothing chosen: every box empty; a choice outside the list is added, ticked.
        assert_eq!(check_boxes(FUND_USES_2018, "").matches('☑').count(), 0);
        let other = plain(check_boxes(FUND_USES_2018, "其他"));
        assert!(other.ends_with("其他☑"));
        // Lines break between options only.
        let mut b = TableBuilder::new(&GRID_2018);
        let cell = b.cell(
            "项目类型",
            &check_boxes(PROJECT_TYPES_2018, "经常性专项业务费"),
            (1, 3, 1),
            Align::Left,
            None,
        );
        assert!(cell.lines.len() > 1);
        for line in &cell.lines {
            let text: String = line.glyphs.iter().map(|g| g.character).collect();
            let starts_an_option = PROJECT_TYPES_2018.iter().any(|o| text.starts_with(o));
            assert!(starts_an_option && text.ends_with('□'), "{text}");
        }
    }

    #[test]
    fn grids_span_the_printable_width() {
        for grid in [
            &GRID_2018[..],
            &GRID_2018_TARGETS[..],
            &GRID_2020[..],
            &GRID_2020_TARGETS[..],
            &GRID_FULL[..],
            &COLUMN_WIDTHS_MM[..],
        ] {
            assert!((grid.iter().sum::<f32>() - 170.0).abs() < 1e-3, "{grid:?}");
        }
    }
}
