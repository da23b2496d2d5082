//! How the form prints a place in a declaration file: a field by its label (「年度资金申请总额」,
//! 2018's 「开始时间」), an indicator by its position in the tree. Error messages name fields this
//! way, never by the identifier in the file.

use super::scan::Step;
use crate::model::{Field, FormLayout};

/// Every field of a declaration, to find one by its identifier.
const FIELDS: [Field; 34] = [
    Field::FiscalYear,
    Field::ProjectName,
    Field::ProjectNature,
    Field::ProjectCategory,
    Field::CompetentDepartment,
    Field::ImplementingUnit,
    Field::DeclaringUnit,
    Field::ProjectType,
    Field::FundUse,
    Field::IncludesGovernmentProcurement,
    Field::PerformanceType,
    Field::PlannedStart,
    Field::PlannedEnd,
    Field::ProjectTotal,
    Field::ProjectFiscal,
    Field::ProjectOther,
    Field::AnnualTotal,
    Field::AnnualAppropriation,
    Field::AnnualCarryover,
    Field::AnnualOther,
    Field::ProjectOverview,
    Field::LegalBasis,
    Field::Necessity,
    Field::Safeguards,
    Field::ImplementationPlan,
    Field::ProjectBudget,
    Field::AnnualBudget,
    Field::PriorYearBudget,
    Field::PriorYearSpent,
    Field::SubBudgets,
    Field::Remarks,
    Field::OverallGoal,
    Field::AnnualGoal,
    Field::Indicators,
];

/// The field a dotted identifier (`project_name`, `funding.annual_total`) names.
pub(super) fn field_by_id(id: &str) -> Option<Field> {
    FIELDS.into_iter().find(|field| field.id() == id)
}

/// What kind of value a place in the file holds: decides how a wrong value is explained.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ValueKind {
    /// 年度.
    Integer,
    /// 格式版本: a small integer.
    Version,
    /// An amount in 元, written `"1139000.00"`.
    Money,
    /// A date, written `"2026-12-31"`.
    Date,
    /// The number of a target value, written `"100.00"`.
    Number,
    /// 是/否: `true` or `false`.
    YesNo,
    /// Anything else.
    Other,
}

/// A place in the file, as a person reading the printed form would name it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Place {
    /// 「项目名称」, 「第 2 个一级指标 › 第 1 个二级指标 › 第 3 个三级指标的指标值」.
    pub label: String,
    /// What it holds.
    pub kind: ValueKind,
}

/// The place `steps` lead to, in the form's words; `None` when there is nothing better to say
/// than the line and column (the envelope's brackets, the file's start). `layout` is the one
/// the file declares (its `form:` variant), when the scan got that far.
pub(super) fn place(steps: &[Step], layout: Option<FormLayout>) -> Option<Place> {
    let layout = layout.unwrap_or(FormLayout::Current);
    let keys: Vec<&str> = steps
        .iter()
        .filter_map(|step| match step {
            Step::Key(key) => Some(key.as_str()),
            _ => None,
        })
        .collect();
    match keys.as_slice() {
        [] => None,
        ["format", ..] => Some(Place {
            label: "文件类型标记".to_owned(),
            kind: ValueKind::Other,
        }),
        ["version", ..] => Some(Place {
            label: "格式版本".to_owned(),
            kind: ValueKind::Version,
        }),
        ["declaration"] => Some(Place {
            label: "申报表内容".to_owned(),
            kind: ValueKind::Other,
        }),
        ["declaration", "indicators", ..] => Some(indicator_place(steps, layout)),
        ["declaration", "form", rest @ ..] if rest.contains(&"sub_budgets") => {
            let rest: Vec<&str> = rest
                .iter()
                .skip_while(|key| **key != "sub_budgets")
                .skip(1)
                .copied()
                .collect();
            let line = steps
                .iter()
                .skip_while(|step| **step != Step::Key("sub_budgets".to_owned()))
                .find_map(|step| match step {
                    Step::Index(index) => Some(*index),
                    _ => None,
                });
            let (part, kind) = match rest.as_slice() {
                ["name", ..] => ("的子项目名称", ValueKind::Other),
                ["amount", ..] => ("的预算金额", ValueKind::Money),
                _ => ("", ValueKind::Other),
            };
            Some(Place {
                label: match line {
                    Some(index) => format!("项目当年投入资金构成第 {} 行{part}", index + 1),
                    None => "项目当年投入资金构成".to_owned(),
                },
                kind,
            })
        }
        // Inside the layout's variant (`form: Current((…))`) its fields are, to a reader of the
        // form, simply part of it; the variant itself is the layout.
        ["declaration", "form"] => Some(Place {
            label: if matches!(steps.last(), Some(Step::Variant(_))) {
                "申报表内容"
            } else {
                "申报表版式"
            }
            .to_owned(),
            kind: ValueKind::Other,
        }),
        ["declaration", rest @ ..] => {
            let id = match rest {
                [.., group @ ("funding" | "texts" | "budget"), name] => format!("{group}.{name}"),
                [.., group @ ("funding" | "texts" | "budget")] => {
                    return Some(Place {
                        label: group_label(group).to_owned(),
                        kind: ValueKind::Other,
                    });
                }
                [.., name] => (*name).to_owned(),
                [] => return None,
            };
            let field = field_by_id(&id)?;
            Some(Place {
                label: field_label(field, layout).to_owned(),
                kind: field_kind(field),
            })
        }
        _ => None,
    }
}

fn group_label(group: &str) -> &'static str {
    match group {
        "funding" => "项目资金（元）",
        "texts" => "项目概况等文字",
        _ => "本项目上年度市级财政资金使用情况",
    }
}

/// The label a layout prints for `field` (docs/form.md §6: 2018 says 开始时间/结束时间/年度绩效目标,
/// 2020 says 总目标及阶段性目标); the two 其他资金 are told apart.
fn field_label(field: Field, layout: FormLayout) -> &'static str {
    match (layout, field) {
        (FormLayout::Y2018, Field::PlannedStart) => "开始时间",
        (FormLayout::Y2018, Field::PlannedEnd) => "结束时间",
        (FormLayout::Y2018, Field::AnnualGoal) => "年度绩效目标",
        (FormLayout::Y2020, Field::OverallGoal) => "总目标及阶段性目标",
        (_, Field::ProjectOther) => "其他资金（项目资金）",
        (_, Field::AnnualOther) => "其他资金（年度资金）",
        (_, field) => field.label(),
    }
}

fn field_kind(field: Field) -> ValueKind {
    match field {
        Field::FiscalYear => ValueKind::Integer,
        Field::PlannedStart | Field::PlannedEnd => ValueKind::Date,
        Field::IncludesGovernmentProcurement => ValueKind::YesNo,
        Field::ProjectTotal
        | Field::ProjectFiscal
        | Field::ProjectOther
        | Field::AnnualTotal
        | Field::AnnualAppropriation
        | Field::AnnualCarryover
        | Field::AnnualOther
        | Field::ProjectBudget
        | Field::AnnualBudget
        | Field::PriorYearBudget
        | Field::PriorYearSpent => ValueKind::Money,
        _ => ValueKind::Other,
    }
}

/// A place in the indicator tree: 「第 2 个一级指标 › 第 1 个二级指标 › 第 3 个三级指标的指标值」,
/// with the layout's own column names (2020: 一级目标…, 2018: 分解目标内容 and 绩效指标).
fn indicator_place(steps: &[Step], layout: FormLayout) -> Place {
    let [level1, level2, level3, value] = layout.indicator_headers();
    let mut levels: Vec<&str> = vec![level1];
    if layout.has_level2() {
        levels.push(level2);
    } else {
        // The 2018 tree still has an (unnamed) level 2 in the file.
        levels.push("");
    }
    levels.push(level3);
    let mut names: Vec<String> = Vec::new();
    let mut part = "";
    let mut kind = ValueKind::Other;
    let mut depth = 0;
    let mut after_indicators = false;
    for step in steps {
        match step {
            Step::Key(key) if key == "indicators" => after_indicators = true,
            Step::Index(index) if after_indicators => {
                if let Some(level) = levels.get(depth)
                    && !level.is_empty()
                {
                    names.push(format!("第 {} 个{level}", index + 1));
                }
                depth += 1;
            }
            Step::Key(key) if after_indicators => match key.as_str() {
                "name" => part = "的名称",
                "target" => part = value_part(value),
                "comparator" => part = "的计算符号",
                "number" => {
                    part = "的数值";
                    kind = ValueKind::Number;
                }
                "unit" => part = "的计量单位",
                _ => {}
            },
            _ => {}
        }
    }
    let label = if names.is_empty() {
        "绩效指标".to_owned()
    } else {
        format!("{}{part}", names.join(" › "))
    };
    Place { label, kind }
}

fn value_part(value_header: &str) -> &'static str {
    if value_header == "指标目标值" {
        "的指标目标值"
    } else {
        "的指标值"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::scan::{layout_before, steps_at};

    const TEXT: &str = r#"#![enable(implicit_some)]
(
    format: "jixiao",
    version: 1,
    declaration: (
        fiscal_year: 2026,
        project_name: "党建: (服务) [工作] 经费",
        form: Current((
            project_nature: "经常性专项业务费",
            funding: (
                project_total: None,
                annual_total: "1139000.00",
            ),
        )),
        planned_start: "2026-01-01",
        indicators: [
            (
                name: "产出指标",
                children: [
                    (
                        name: "数量指标",
                        children: [
                            (name: "a", target: Quantitative(comparator: Eq, number: "100.00", unit: "%")),
                            (name: "b", target: Qualitative("及时")),
                        ],
                    ),
                ],
            ),
            (
                name: "效益指标",
                children: [],
            ),
        ],
    ),
)
"#;

    fn place_of(needle: &str) -> Option<Place> {
        let offset = TEXT.find(needle).unwrap();
        place(&steps_at(TEXT, offset), layout_before(TEXT, offset))
    }

    fn label_of(needle: &str) -> String {
        place_of(needle)
            .map(|place| place.label)
            .unwrap_or_default()
    }

    #[test]
    fn fields_are_named_by_their_printed_label() {
        assert_eq!(label_of("2026,"), "年度");
        assert_eq!(label_of("\"党建"), "项目名称");
        assert_eq!(label_of("\"经常性"), "项目性质");
        assert_eq!(label_of("\"1139000.00\""), "年度资金申请总额");
        assert_eq!(place_of("\"1139000.00\"").unwrap().kind, ValueKind::Money);
        assert_eq!(label_of("None"), "项目资金总额");
        assert_eq!(label_of("\"2026-01-01\""), "计划开始日期");
        assert_eq!(place_of("\"2026-01-01\"").unwrap().kind, ValueKind::Date);
        assert_eq!(label_of("\"jixiao\""), "文件类型标记");
        assert_eq!(label_of("1,\n    declaration"), "格式版本");
        assert_eq!(label_of("Current(("), "申报表版式");
        assert_eq!(label_of("project_nature"), "申报表内容");
    }

    #[test]
    fn indicators_are_named_by_their_position_in_the_tree() {
        assert_eq!(label_of("\"产出指标\""), "第 1 个一级指标的名称");
        assert_eq!(
            label_of("\"数量指标\""),
            "第 1 个一级指标 › 第 1 个二级指标的名称"
        );
        assert_eq!(
            label_of("\"100.00\""),
            "第 1 个一级指标 › 第 1 个二级指标 › 第 1 个三级指标的数值"
        );
        assert_eq!(
            label_of("\"及时\""),
            "第 1 个一级指标 › 第 1 个二级指标 › 第 2 个三级指标的指标值"
        );
        assert_eq!(label_of("\"效益指标\""), "第 2 个一级指标的名称");
        assert_eq!(label_of("[],"), "第 2 个一级指标");
    }

    #[test]
    fn older_layouts_use_their_own_words() {
        let text = TEXT.replace("Current((", "Y2018((");
        let offset = text.find("\"2026-01-01\"").unwrap();
        let found = place(&steps_at(&text, offset), layout_before(&text, offset)).unwrap();
        assert_eq!(found.label, "开始时间");
        let offset = text.find("\"及时\"").unwrap();
        let found = place(&steps_at(&text, offset), layout_before(&text, offset)).unwrap();
        assert_eq!(
            found.label,
            "第 1 个分解目标内容 › 第 2 个绩效指标的指标目标值"
        );
    }

    #[test]
    fn strings_and_comments_do_not_confuse_the_scan() {
        // The project name holds `:`, brackets and a comma; the next field is still found.
        let text = TEXT.replace(
            "form: Current",
            "/* a (comment [with] brackets: */ // and: one ( more\n        form: Current",
        );
        let offset = text.find("\"经常性").unwrap();
        assert_eq!(
            place(&steps_at(&text, offset), None).unwrap().label,
            "项目性质"
        );
    }
}
