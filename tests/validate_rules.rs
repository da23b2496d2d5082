//! Every validation rule (docs/form.md §5), shown firing on a declaration that breaks it and silent
//! on one that keeps it. The declarations are real sample forms typed in from the seeds
//! (`forms-2026` 2026, `forms-2023` 2023, `forms-2020` 2020, `forms-2018` 2018), then broken one cell at a time.

#![expect(
    clippy::unwrap_used,
    reason = "fixture helpers unwrap literals typed from the seed forms; a typo should fail loudly"
)]

use chrono::NaiveDate;
use jixiao::model::{
    CurrentFields, Declaration, Field, Fields2018, Fields2020, FormFields, Funding, IndicatorPart,
    IndicatorPath, LegacyBudget, Level1Indicator, Level2Indicator, Level3Indicator, Path,
    ProjectTexts, SubBudget, TargetValue, Yuan, parse_yuan,
};
use jixiao::validate::{Finding, Rule, RuleSource, Severity, validate};

// ---------------------------------------------------------------------------------------------
// Builders

fn yuan(text: &str) -> Option<Yuan> {
    Some(parse_yuan(text).unwrap())
}

fn date(text: &str) -> Option<NaiveDate> {
    Some(NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap())
}

fn l3(name: &str, target: &str) -> Level3Indicator {
    Level3Indicator::new(name, TargetValue::parse(target))
}

fn l2(name: &str, children: Vec<Level3Indicator>) -> Level2Indicator {
    Level2Indicator {
        name: name.into(),
        children,
    }
}

fn l1(name: &str, children: Vec<Level2Indicator>) -> Level1Indicator {
    Level1Indicator {
        name: name.into(),
        children,
    }
}

/// A 2026 form of 上海市党建服务中心 (sample form `forms-2026`): one-year, project amounts blank.
fn current_2026(
    project_name: &str,
    project_nature: &str,
    annual_total: &str,
    annual_goal: &str,
    indicators: Vec<Level1Indicator>,
) -> Declaration {
    Declaration {
        fiscal_year: 2026,
        project_name: project_name.into(),
        form: FormFields::Current(CurrentFields {
            project_nature: project_nature.into(),
            project_category: "特定目标类".into(),
            competent_department: "中共上海市委组织部".into(),
            implementing_unit: "上海市党建服务中心".into(),
            funding: Funding {
                project_total: None,
                project_fiscal: None,
                project_other: None,
                annual_total: yuan(annual_total),
                annual_appropriation: yuan(annual_total),
                annual_carryover: yuan("0.00"),
                annual_other: yuan("0.00"),
            },
        }),
        planned_start: date("2026-01-01"),
        planned_end: date("2026-12-31"),
        overall_goal: String::new(),
        annual_goal: annual_goal.into(),
        indicators,
    }
}

/// 党建服务工作经费 (2026, sample form `forms-2026` form 1): no 成本指标.
fn dangjian_2026() -> Declaration {
    current_2026(
        "党建服务工作经费",
        "经常性专项业务费",
        "1,139,000.00",
        "打造与城市基层党建相匹配的党群服务阵地体系和党建宣传阵地体系。",
        vec![
            l1(
                "产出指标",
                vec![
                    l2("数量指标", vec![l3("阵地包干服务完成率", "=100.00(%)")]),
                    l2("质量指标", vec![l3("工作验收合格率", "=100.00(%)")]),
                    l2(
                        "时效指标",
                        vec![
                            l3("课题完成及时率", "=100.00(%)"),
                            l3("培训工作完成及时率", "=100.00(%)"),
                        ],
                    ),
                ],
            ),
            l1(
                "效益指标",
                vec![l2(
                    "社会效益指标",
                    vec![
                        l3("党群中心和基层站点覆盖率", "=100.00(%)"),
                        l3("平台稳定运行天数", "=365(天)"),
                    ],
                )],
            ),
            l1(
                "满意度指标",
                vec![l2(
                    "服务对象满意度指标",
                    vec![
                        l3("处理时效满意度", "≥90.00(%)"),
                        l3("管理人员满意度", "≥90.00(%)"),
                    ],
                )],
            ),
        ],
    )
}

/// 党员远教电教工作经费 (2026, sample form `forms-2026` form 2): all four level-1 groups. The extraction
/// drifted 时效指标 and 基层党组织满意度 into other columns; they are placed as printed.
fn yuanjiao_2026() -> Declaration {
    current_2026(
        "党员远教电教工作经费",
        "经常性专项业务费",
        "4,818,000.00",
        "为各级党组织和党员开展党员教育工作提供丰富、多样、权威的教学内容，满足党员经常性教育要求。",
        vec![
            l1(
                "成本指标",
                vec![l2("经济成本指标", vec![l3("成本控制率", "=100.00(%)")])],
            ),
            l1(
                "产出指标",
                vec![
                    l2(
                        "数量指标",
                        vec![
                            l3("各类直播等录制次数", "≥50(次)"),
                            l3("远程教育直播路线宽带租赁完成率", "=100.00(%)"),
                            l3("制作党建类远程教育课件", "≥12(部)"),
                        ],
                    ),
                    l2(
                        "质量指标",
                        vec![
                            l3("党建平台运维工作完成率", "=100.00(%)"),
                            l3("远程教育课件验收合格率", "=100.00(%)"),
                            l3("拍摄设备验收合格率", "=100.00(%)"),
                        ],
                    ),
                    l2("时效指标", vec![l3("各项工作完成及时性", "及时")]),
                ],
            ),
            l1(
                "效益指标",
                vec![l2(
                    "社会效益指标",
                    vec![
                        l3("平台稳定运行天数", "=365(天)"),
                        l3("远教直播课堂直播稳定性", "稳定"),
                        l3("平台学习人次增长情况", "增长"),
                        l3("平台学习时长增长情况", "增长"),
                        l3("平台故障发生数", "=0(次)"),
                    ],
                )],
            ),
            l1(
                "满意度指标",
                vec![l2(
                    "服务对象满意度指标",
                    vec![
                        l3("管理人员满意度", "≥90.00(%)"),
                        l3("基层党组织满意度", "≥90.00(%)"),
                    ],
                )],
            ),
        ],
    )
}

/// A 2023 form of 中共上海市委组织部 (sample form `forms-2023`): project and annual amounts both filled.
fn current_2023(project_name: &str, amount: &str, indicators: Vec<Level1Indicator>) -> Declaration {
    Declaration {
        fiscal_year: 2023,
        project_name: project_name.into(),
        form: FormFields::Current(CurrentFields {
            project_nature: "经常性专项业务费".into(),
            project_category: "其他运转类".into(),
            competent_department: "中共上海市委组织部".into(),
            implementing_unit: "中共上海市委组织部".into(),
            funding: Funding {
                project_total: yuan(amount),
                project_fiscal: yuan(amount),
                project_other: yuan("0.00"),
                annual_total: yuan(amount),
                annual_appropriation: yuan(amount),
                annual_carryover: yuan("0.00"),
                annual_other: yuan("0.00"),
            },
        }),
        planned_start: date("2023-01-01"),
        planned_end: date("2023-12-31"),
        overall_goal:
            "通过本项目的实施，保障机关的正常运行，满足正常公务用车需求、无驾驶员安全事故发生。"
                .into(),
        annual_goal:
            "通过本项目的实施，保障机关的正常运行，满足正常公务用车需求，无驾驶员安全事故发生。"
                .into(),
        indicators,
    }
}

/// 机关服务费 (2023, sample form `forms-2023` form 4): 成本指标 as a level-2 under 产出指标, as before 2025.
fn jiguan_2023() -> Declaration {
    current_2023(
        "机关服务费",
        "2,760,000.00",
        vec![
            l1(
                "产出指标",
                vec![
                    l2(
                        "数量指标",
                        vec![
                            l3("后勤工作计划完成率", "=100(%)"),
                            l3("驾驶人员到位率", "=100(%)"),
                        ],
                    ),
                    l2(
                        "质量指标",
                        vec![l3("卫生脏乱超过1小时未清理次数", "≤5(次)")],
                    ),
                    l2(
                        "时效指标",
                        vec![
                            l3("超过规定时间维修次数", "≤5(次)"),
                            l3("资金拨付及时性", "按照合同规定及时拨付"),
                        ],
                    ),
                    l2("成本指标", vec![l3("相关支出标准符合财政规定", "符合")]),
                ],
            ),
            l1(
                "效益指标",
                vec![l2(
                    "社会效益指标",
                    vec![
                        l3("公务用车保障率", "=100(%)"),
                        l3("安全事故发生次数", "=0(次)"),
                    ],
                )],
            ),
            l1(
                "满意度指标",
                vec![l2(
                    "服务对象满意度指标",
                    vec![l3("食堂服务满意度", "≥90(%)")],
                )],
            ),
        ],
    )
}

/// 党组织建设和党员教育管理 (2023, sample form `forms-2023` form 2): its 满意度指标 holds a qualitative row.
fn dangzuzhi_2023() -> Declaration {
    current_2023(
        "党组织建设和党员教育管理",
        "3,202,300.00",
        vec![
            l1(
                "产出指标",
                vec![
                    l2(
                        "数量指标",
                        vec![
                            l3("全年培训班次", "≥4.00(次)"),
                            l3("全年培训人数", "≥200(人)"),
                            l3("完成课题报告数量", "=3(个)"),
                        ],
                    ),
                    l2(
                        "质量指标",
                        vec![
                            l3("培训学时", "符合市级培训要求"),
                            l3("课程设计、设置", "合理"),
                        ],
                    ),
                    l2(
                        "时效指标",
                        vec![
                            l3("培训计划完成度", "按期完成"),
                            l3("课题按时结题率", "=100.00(%)"),
                        ],
                    ),
                ],
            ),
            l1(
                "效益指标",
                vec![
                    l2(
                        "社会效益指标",
                        vec![
                            l3("党代表履职经费下拨", "及时"),
                            l3("服务老党员、困难党员体检数量", "≥80.00(人)"),
                        ],
                    ),
                    l2(
                        "可持续影响指标",
                        vec![
                            l3("党代表联络服务", "有效提升党代表履职能力"),
                            l3("培训党支部建设示范点", "持续发挥示范引领作用"),
                        ],
                    ),
                ],
            ),
            l1(
                "满意度指标",
                vec![l2(
                    "服务对象满意度指标",
                    vec![
                        l3("壮大党员队伍", "不断吸纳各方面先进分子入党"),
                        l3("培训学员满意度", "≥90(%)"),
                    ],
                )],
            ),
        ],
    )
}

/// 电教远教工作经费 (2020, sample form `forms-2020` form 1).
fn diaojiao_2020() -> Declaration {
    Declaration {
        fiscal_year: 2020,
        project_name: "电教远教工作经费".into(),
        form: FormFields::Y2020(Fields2020 {
            declaring_unit: "上海市党建服务中心".into(),
            project_category: "经常性专项业务费".into(),
            includes_government_procurement: Some(false),
            performance_type: "事业/专业类".into(),
            texts: ProjectTexts {
                necessity: "中组部及市委相关文件".into(),
                ..ProjectTexts::default()
            },
            budget: LegacyBudget {
                project_budget: yuan("3,845,000"),
                annual_budget: yuan("3,845,000"),
                prior_year_budget: None,
                prior_year_spent: None,
            },
        }),
        planned_start: date("2020-01-01"),
        planned_end: date("2020-12-31"),
        overall_goal: "为各级党组织和党员开展党员教育工作提供丰富、多样、权威的教学内容，满足党员经常性教育要求，为党员教育提供有力支撑。".into(),
        annual_goal: String::new(),
        indicators: vec![
            l1(
                "投入与管理",
                vec![
                    l2(
                        "投入管理",
                        vec![
                            l3("预算编制合理性", "合理"),
                            l3("预算执行率", "=100%"),
                            l3("预算资金到位率", "=100%"),
                        ],
                    ),
                    l2(
                        "财务管理",
                        vec![
                            l3("财务管理制度健全性", "健全"),
                            l3("财务监控有效性", "有效"),
                            l3("资金使用规范性", "规范"),
                        ],
                    ),
                    l2("资产管理", vec![l3("固定资产管理规范性", "规范")]),
                ],
            ),
            l1(
                "产出目标",
                vec![
                    l2(
                        "数量",
                        vec![
                            l3("直播课堂完成直播、录播各类讲座", "=50场次"),
                            l3("制作党建类远程教育课件", "=20部"),
                        ],
                    ),
                    l2("质量", vec![l3("工作质量达标率", "=100%")]),
                    l2("时效", vec![l3("党员宣传教育工作完成及时性", "按时完成")]),
                    l2("成本", vec![l3("成本控制率", "<=100%")]),
                ],
            ),
            l1(
                "效果目标",
                vec![
                    l2(
                        "社会效益",
                        vec![
                            l3("党建服务中心统筹指导示范作用", "成效明显"),
                            l3("建设优秀示范平台", "全国领先"),
                        ],
                    ),
                    l2("满意度", vec![l3("平台使用满意度", ">=90%")]),
                ],
            ),
            l1(
                "影响力目标",
                vec![l2(
                    "长效管理",
                    vec![
                        l3("长效管理机制建设情况", "建立健全"),
                        l3("长效管理机制有效性", "有效"),
                    ],
                )],
            ),
        ],
    }
}

/// A 2018 form (sample form `forms-2018`): two levels, so each level-1 holds one unnamed level-2.
fn legacy_2018(
    declaring_unit: &str,
    project_name: &str,
    fund_use: &str,
    budget: (&str, &str),
    sub_budgets: Vec<SubBudget>,
    tree: Vec<(&str, Vec<Level3Indicator>)>,
) -> Declaration {
    Declaration {
        fiscal_year: 2018,
        project_name: project_name.into(),
        form: FormFields::Y2018(Fields2018 {
            declaring_unit: declaring_unit.into(),
            project_type: "经常性专项业务费".into(),
            fund_use: fund_use.into(),
            texts: ProjectTexts::default(),
            budget: LegacyBudget {
                project_budget: yuan(budget.0),
                annual_budget: yuan(budget.1),
                prior_year_budget: None,
                prior_year_spent: None,
            },
            sub_budgets,
            remarks: String::new(),
        }),
        planned_start: date("2018-01-01"),
        planned_end: date("2018-12-31"),
        overall_goal: String::new(),
        annual_goal: String::new(),
        indicators: tree
            .into_iter()
            .map(|(name, rows)| l1(name, vec![l2("", rows)]))
            .collect(),
    }
}

/// 在线学习工作经费 (2018, sample form `forms-2018` form 4): 6430000.00 + 3880000.00 = 10310000.
fn zaixian_2018() -> Declaration {
    let mut declaration = legacy_2018(
        "上海市干部教育中心",
        "在线学习工作经费",
        "其他事业专业类",
        ("10310000", "10310000"),
        vec![
            SubBudget {
                name: "平台内容建设及学员".into(),
                amount: yuan("6430000.00"),
            },
            SubBudget {
                name: "系统运维及学习支持".into(),
                amount: yuan("3880000.00"),
            },
        ],
        vec![
            ("投入和管理目标", vec![l3("安全事故发生情况", "=0")]),
            ("产出目标", vec![l3("在线学习招生人数", "≤150000")]),
            ("效果目标", vec![l3("在学人员满意度", "≥70.00%")]),
            (
                "影响力目标",
                vec![
                    l3("市管干部覆盖率", "=100.00%"),
                    l3("处级干部覆盖率", "≥90.00%"),
                    l3("科级及以下干部覆盖率", "≥80.00%"),
                ],
            ),
        ],
    );
    if let FormFields::Y2018(fields) = &mut declaration.form {
        fields.budget.prior_year_budget = yuan("10310000");
        fields.budget.prior_year_spent = yuan("9912000");
        fields.texts.project_overview = "2005年，为全面落实大规模培训干部战略任务，市委组织部牵头，会同市委党校、市人事局、市信息化委员会建成上海干部在线学习平台并正式开通。截止2017年，全市共有70万人次的干部学员参训。目前，年学员数11.4万余，在线网络课程约3000课时，年更新约400课时，其中超过70%为自主开发定制。平台集“教、学、考、管”为一身，有效扩大了干部教育培训的覆盖面，是上海干部教育培训体系的重要组成部分。".into();
    }
    declaration.annual_goal = "1. 两个平台融合发展。PC平台持续稳定，移动平台创新发展。".into();
    declaration
}

/// 组织部弱电会议系统（运维） (2018, sample form `forms-2018` form 2): one sub-budget line 「无」, no amount.
fn ruodian_2018() -> Declaration {
    legacy_2018(
        "上海市组织人事信息技术服务中心",
        "组织部弱电会议系统（运维）",
        "信息化建设类",
        ("300000", "300000"),
        vec![SubBudget {
            name: "无".into(),
            amount: None,
        }],
        vec![
            ("投入和管理目标", vec![l3("财务竣工报告编制及时性", "及时")]),
            ("产出目标", vec![l3("信息传递速度", "大于等于10000kb")]),
            ("效果目标", vec![l3("社会公众或服务对象满意值", "0")]),
            ("影响力目标", vec![l3("人员到位率", "100%")]),
        ],
    )
}

fn funding_mut(declaration: &mut Declaration) -> &mut Funding {
    &mut declaration.current_mut().unwrap().funding
}

fn fields_2018_mut(declaration: &mut Declaration) -> &mut Fields2018 {
    match &mut declaration.form {
        FormFields::Y2018(fields) => fields,
        _ => panic!("not a 2018 declaration"),
    }
}

// ---------------------------------------------------------------------------------------------
// Assertions

fn of_rule(declaration: &Declaration, rule: Rule) -> Vec<Finding> {
    validate(declaration)
        .into_iter()
        .filter(|finding| finding.rule == rule)
        .collect()
}

/// The findings of `rule`, asserting there is at least one and that each carries the rule's
/// severity.
#[track_caller]
fn fires(declaration: &Declaration, rule: Rule) -> Vec<Finding> {
    let found = of_rule(declaration, rule);
    assert!(
        !found.is_empty(),
        "{rule:?} should fire; all findings: {:#?}",
        validate(declaration)
    );
    for finding in &found {
        assert_eq!(finding.severity, rule.severity(), "{finding:?}");
    }
    found
}

#[track_caller]
fn silent(declaration: &Declaration, rule: Rule) {
    let found = of_rule(declaration, rule);
    assert!(found.is_empty(), "{rule:?} should be silent: {found:#?}");
}

fn at(path: impl Into<Path>) -> Path {
    path.into()
}

fn target_of(l1: usize, l2: usize, l3: usize) -> Path {
    Path::Indicator(IndicatorPath::level3(l1, l2, l3), IndicatorPart::Target)
}

fn name_of(l1: usize, l2: usize, l3: usize) -> Path {
    Path::Indicator(IndicatorPath::level3(l1, l2, l3), IndicatorPart::Name)
}

// ---------------------------------------------------------------------------------------------
// The real forms as a whole

#[test]
fn real_forms_have_no_errors() {
    for declaration in [
        dangjian_2026(),
        yuanjiao_2026(),
        jiguan_2023(),
        dangzuzhi_2023(),
        diaojiao_2020(),
        zaixian_2018(),
        ruodian_2018(),
    ] {
        let errors: Vec<_> = validate(&declaration)
            .into_iter()
            .filter(|finding| finding.severity == Severity::Error)
            .collect();
        assert!(
            errors.is_empty(),
            "{}: {errors:#?}",
            declaration.project_name
        );
    }
}

#[test]
fn a_complete_2026_form_with_all_four_groups_is_clean() {
    assert_eq!(validate(&yuanjiao_2026()), []);
}

#[test]
fn findings_are_sorted_errors_first_then_in_form_order() {
    let mut declaration = dangjian_2026();
    declaration.indicators[0].children[0].children[0].target = None; // error, in the tree
    declaration.project_name.clear(); // error, first row
    funding_mut(&mut declaration).annual_carryover = yuan("5.00"); // error, money rows
    let findings = validate(&declaration);
    let order: Vec<(Severity, Path)> = findings.iter().map(|f| (f.severity, f.path)).collect();
    assert_eq!(
        order,
        [
            (Severity::Error, at(Field::ProjectName)),
            (Severity::Error, at(Field::AnnualTotal)),
            (Severity::Error, target_of(0, 0, 0)),
            (Severity::Warning, at(Field::Indicators)),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Required cells

#[test]
fn required_header_fields_fire_when_blank() {
    type Blank = fn(&mut Declaration);
    let cases: [(Field, &str, Blank); 9] = [
        (Field::ProjectName, "「项目名称」未填写", |d| {
            d.project_name = " ".into();
        }),
        (Field::ProjectNature, "「项目性质」未填写", |d| {
            d.current_mut().unwrap().project_nature.clear();
        }),
        (Field::ProjectCategory, "「项目类别」未填写", |d| {
            d.current_mut().unwrap().project_category.clear();
        }),
        (
            Field::CompetentDepartment,
            "「主管部门」未填写",
            |d| {
                d.current_mut().unwrap().competent_department.clear();
            },
        ),
        (
            Field::ImplementingUnit,
            "「实施单位」未填写",
            |d| {
                d.current_mut().unwrap().implementing_unit = "\u{3000}".into();
            },
        ),
        (
            Field::PlannedStart,
            "「计划开始日期」未填写",
            |d| d.planned_start = None,
        ),
        (
            Field::PlannedEnd,
            "「计划完成日期」未填写",
            |d| d.planned_end = None,
        ),
        (
            Field::AnnualTotal,
            "「年度资金申请总额」未填写",
            |d| {
                funding_mut(d).annual_total = None;
            },
        ),
        (
            Field::AnnualGoal,
            "「年度总体目标」未填写",
            |d| d.annual_goal.clear(),
        ),
    ];
    silent(&dangjian_2026(), Rule::RequiredField);
    for (field, message, blank) in cases {
        let mut declaration = dangjian_2026();
        blank(&mut declaration);
        let found = fires(&declaration, Rule::RequiredField);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].path, at(field));
        assert_eq!(found[0].message, message);
        assert_eq!(
            found[0].source,
            RuleSource::Official("财政项目支出绩效目标申报表（现行样表）")
        );
    }
}

#[test]
fn a_blank_annual_total_is_reported_once_not_also_as_a_wrong_sum() {
    let mut declaration = dangjian_2026();
    funding_mut(&mut declaration).annual_total = None;
    fires(&declaration, Rule::RequiredField);
    silent(&declaration, Rule::AnnualTotalSum);
}

#[test]
fn level3_names_and_targets_are_required() {
    let declaration = dangjian_2026();
    silent(&declaration, Rule::RequiredIndicatorName);
    silent(&declaration, Rule::RequiredIndicatorTarget);

    let mut declaration = dangjian_2026();
    declaration.indicators[1].children[0].children[1]
        .name
        .clear();
    declaration.indicators[2].children[0].children[0].target = None;
    declaration.indicators[0].children[2].children[1].target =
        Some(TargetValue::Qualitative("  ".into()));

    let names = fires(&declaration, Rule::RequiredIndicatorName);
    assert_eq!(names.len(), 1);
    assert_eq!(names[0].path, name_of(1, 0, 1));
    assert_eq!(
        names[0].message,
        "三级指标未填写名称（效益指标 › 社会效益指标 › 第2个三级指标）"
    );
    assert_eq!(names[0].source, RuleSource::Official("财预〔2021〕101号"));

    let targets = fires(&declaration, Rule::RequiredIndicatorTarget);
    let paths: Vec<Path> = targets.iter().map(|f| f.path).collect();
    assert_eq!(paths, [target_of(0, 2, 1), target_of(2, 0, 0)]);
    assert!(targets[1].message.contains("处理时效满意度"), "{targets:?}");
}

// ---------------------------------------------------------------------------------------------
// Dates

#[test]
fn planned_end_before_start_is_an_error() {
    silent(&dangjian_2026(), Rule::DateOrder);
    let mut declaration = dangjian_2026();
    declaration.planned_end = date("2025-12-31");
    let found = fires(&declaration, Rule::DateOrder);
    assert_eq!(found[0].path, at(Field::PlannedEnd));
    assert_eq!(
        found[0].message,
        "计划完成日期（2025-12-31）早于计划开始日期（2026-01-01）"
    );
    // Reported once: not also as "outside the fiscal year".
    silent(&declaration, Rule::DatesOutsideFiscalYear);
}

#[test]
fn the_project_must_overlap_its_fiscal_year() {
    silent(&dangjian_2026(), Rule::DatesOutsideFiscalYear);

    // A multi-year project that runs into the fiscal year is fine.
    let mut multi_year = dangjian_2026();
    multi_year.planned_start = date("2025-07-01");
    multi_year.planned_end = date("2027-06-30");
    silent(&multi_year, Rule::DatesOutsideFiscalYear);

    let mut ended = dangjian_2026();
    ended.planned_start = date("2024-07-01");
    ended.planned_end = date("2025-06-30");
    let found = fires(&ended, Rule::DatesOutsideFiscalYear);
    assert_eq!(found[0].path, at(Field::PlannedEnd));

    let mut later = dangjian_2026();
    later.planned_start = date("2027-03-01");
    later.planned_end = date("2028-02-29");
    let found = fires(&later, Rule::DatesOutsideFiscalYear);
    assert_eq!(found[0].path, at(Field::PlannedStart));
}

#[test]
fn a_one_year_project_in_another_year_names_that_year_once() {
    // The 2026 form copied into a 2027 declaration without changing the dates.
    let mut declaration = dangjian_2026();
    declaration.fiscal_year = 2027;
    let found = fires(&declaration, Rule::DatesOutsideFiscalYear);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].path, at(Field::PlannedEnd));
    assert!(
        found[0].message.contains("都在2026年") && found[0].message.contains("2027"),
        "{}",
        found[0].message
    );
}

// ---------------------------------------------------------------------------------------------
// Money, current layout

#[test]
fn annual_total_must_equal_its_parts() {
    silent(&dangjian_2026(), Rule::AnnualTotalSum);

    let mut declaration = dangjian_2026();
    funding_mut(&mut declaration).annual_appropriation = yuan("1,100,000.00");
    let found = fires(&declaration, Rule::AnnualTotalSum);
    assert_eq!(found[0].path, at(Field::AnnualTotal));
    assert_eq!(
        found[0].message,
        "年度资金申请总额（1,139,000.00）不等于当年财政拨款、上年结转资金与其他资金之和（1,100,000.00）"
    );
    assert_eq!(
        found[0].source,
        RuleSource::Observed("2023、2026年度全部样表")
    );
}

#[test]
fn blank_annual_parts_count_as_zero() {
    let mut declaration = dangjian_2026();
    let funding = funding_mut(&mut declaration);
    funding.annual_carryover = None;
    funding.annual_other = None;
    silent(&declaration, Rule::AnnualTotalSum);
    funding_mut(&mut declaration).annual_appropriation = None;
    let found = fires(&declaration, Rule::AnnualTotalSum);
    assert!(found[0].message.ends_with("之和（0.00）"), "{found:?}");
}

#[test]
fn project_total_must_equal_its_parts_when_filled() {
    // 组织部门建设和管理工作经费 2023: 9,382,600.00 = 9,382,600.00 + 0.00.
    let declaration = current_2023("组织部门建设和管理工作经费", "9,382,600.00", Vec::new());
    silent(&declaration, Rule::ProjectTotalSum);
    // The 2026 forms leave the whole-project column blank.
    silent(&dangjian_2026(), Rule::ProjectTotalSum);

    let mut declaration = declaration;
    funding_mut(&mut declaration).project_other = yuan("100.00");
    let found = fires(&declaration, Rule::ProjectTotalSum);
    assert_eq!(found[0].path, at(Field::ProjectTotal));
    assert_eq!(
        found[0].message,
        "项目资金总额（9,382,600.00）不等于财政资金与其他资金之和（9,382,700.00）"
    );

    // A total with both parts blank is not checked.
    let mut declaration = dangjian_2026();
    funding_mut(&mut declaration).project_total = yuan("2,000,000.00");
    silent(&declaration, Rule::ProjectTotalSum);
}

#[test]
fn project_total_must_cover_the_annual_total() {
    let declaration = current_2023("机关服务费", "2,760,000.00", Vec::new());
    silent(&declaration, Rule::ProjectTotalBelowAnnual);

    // A multi-year project carries a larger cumulative total.
    let mut multi_year = declaration.clone();
    let funding = funding_mut(&mut multi_year);
    funding.project_total = yuan("8,280,000.00");
    funding.project_fiscal = yuan("8,280,000.00");
    silent(&multi_year, Rule::ProjectTotalBelowAnnual);

    let mut smaller = declaration;
    let funding = funding_mut(&mut smaller);
    funding.project_total = yuan("2,000,000.00");
    funding.project_fiscal = yuan("2,000,000.00");
    let found = fires(&smaller, Rule::ProjectTotalBelowAnnual);
    assert_eq!(found[0].path, at(Field::ProjectTotal));
    silent(&smaller, Rule::ProjectTotalSum);
}

#[test]
fn amounts_must_not_be_negative() {
    silent(&dangjian_2026(), Rule::NegativeAmount);
    let mut declaration = dangjian_2026();
    let funding = funding_mut(&mut declaration);
    funding.annual_carryover = yuan("-39,000.00");
    funding.annual_appropriation = yuan("1,178,000.00");
    let found = fires(&declaration, Rule::NegativeAmount);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].path, at(Field::AnnualCarryover));
    assert_eq!(
        found[0].message,
        "上年结转资金（-39,000.00）为负数，金额应不小于0"
    );
    silent(&declaration, Rule::AnnualTotalSum);
}

#[test]
fn amounts_have_at_most_two_decimals_and_are_never_rounded() {
    let mut declaration = dangjian_2026();
    // Three decimals written, but whole 元: nothing is lost.
    funding_mut(&mut declaration).annual_other = yuan("0.000");
    silent(&declaration, Rule::AmountScale);

    let funding = funding_mut(&mut declaration);
    funding.annual_total = yuan("1,139,000.005");
    funding.annual_other = yuan("0.005");
    let found = fires(&declaration, Rule::AmountScale);
    let paths: Vec<Path> = found.iter().map(|f| f.path).collect();
    assert_eq!(paths, [at(Field::AnnualTotal), at(Field::AnnualOther)]);
    assert!(found[0].message.contains("1,139,000.005"), "{found:?}");
    // The sum is exact, so it still holds.
    silent(&declaration, Rule::AnnualTotalSum);
}

// ---------------------------------------------------------------------------------------------
// The tree, current layout

#[test]
fn output_benefit_and_satisfaction_groups_are_required() {
    silent(&dangjian_2026(), Rule::MissingLevel1);

    let mut missing = dangjian_2026();
    missing.indicators.remove(2); // 满意度指标
    let found = fires(&missing, Rule::MissingLevel1);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].path, at(Field::Indicators));
    assert!(found[0].message.contains("满意度指标"), "{found:?}");

    let mut empty = dangjian_2026();
    empty.indicators[1].children.clear(); // 效益指标 left without level-2
    let found = fires(&empty, Rule::MissingLevel1);
    assert_eq!(
        found[0].path,
        Path::Indicator(IndicatorPath::level1(1), IndicatorPart::Name)
    );
    // The same emptiness is not reported again as an empty level-1.
    silent(&empty, Rule::EmptyLevel1);

    // The empty template: three errors, one per required group.
    let template = Declaration::new_current(2026);
    assert_eq!(fires(&template, Rule::MissingLevel1).len(), 3);
    silent(&template, Rule::EmptyLevel1);
}

#[test]
fn a_missing_cost_indicator_is_a_warning_quoting_the_2025_guidance() {
    silent(&yuanjiao_2026(), Rule::MissingCostIndicator);

    let found = fires(&dangjian_2026(), Rule::MissingCostIndicator);
    assert_eq!(found[0].path, at(Field::Indicators));
    assert!(
        found[0]
            .message
            .contains("「原则上，每一项目均应设置成本指标」"),
        "{found:?}"
    );
    assert!(matches!(found[0].source, RuleSource::Official(name) if name.contains("2025")));

    // The template has the group but nothing in it: the warning points at the group.
    let found = fires(&Declaration::new_current(2026), Rule::MissingCostIndicator);
    assert_eq!(
        found[0].path,
        Path::Indicator(IndicatorPath::level1(0), IndicatorPart::Name)
    );
}

#[test]
fn cost_as_a_level2_is_the_pre_2025_practice() {
    let declaration = jiguan_2023();
    // The cost indicator is there, in its 2023 place: one warning about the place, not two.
    silent(&declaration, Rule::MissingCostIndicator);
    let found = fires(&declaration, Rule::NonStandardLevel2);
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].path,
        Path::Indicator(IndicatorPath::level2(0, 3), IndicatorPart::Name)
    );
    assert!(found[0].message.contains("2025年以前"), "{found:?}");
}

#[test]
fn level1_names_outside_the_scheme_are_warned() {
    silent(&yuanjiao_2026(), Rule::NonStandardLevel1);
    let mut declaration = yuanjiao_2026();
    declaration.indicators.push(l1(
        "影响力目标",
        vec![l2("长效管理", vec![l3("长效管理机制建设情况", "建立健全")])],
    ));
    let found = fires(&declaration, Rule::NonStandardLevel1);
    assert_eq!(
        found[0].path,
        Path::Indicator(IndicatorPath::level1(4), IndicatorPart::Name)
    );
    assert!(found[0].message.contains("影响力目标"));
    // Its level-2 is not judged against a scheme it is not part of.
    silent(&declaration, Rule::NonStandardLevel2);
}

#[test]
fn a_level2_under_the_wrong_level1_names_where_it_belongs() {
    silent(&yuanjiao_2026(), Rule::NonStandardLevel2);
    let mut declaration = yuanjiao_2026();
    declaration.indicators[1].children[2].name = "社会效益指标".into();
    let found = fires(&declaration, Rule::NonStandardLevel2);
    assert_eq!(
        found[0].path,
        Path::Indicator(IndicatorPath::level2(1, 2), IndicatorPart::Name)
    );
    assert!(
        found[0].message.contains("属于一级指标「效益指标」"),
        "{}",
        found[0].message
    );
}

#[test]
fn empty_groups_are_warned() {
    let declaration = yuanjiao_2026();
    silent(&declaration, Rule::EmptyLevel2);
    silent(&declaration, Rule::EmptyLevel1);

    let mut declaration = yuanjiao_2026();
    declaration.indicators[2]
        .children
        .push(l2("经济效益指标", Vec::new()));
    declaration.indicators.push(l1("其他指标", Vec::new()));
    let found = fires(&declaration, Rule::EmptyLevel2);
    assert_eq!(
        found[0].path,
        Path::Indicator(IndicatorPath::level2(2, 1), IndicatorPart::Name)
    );
    let found = fires(&declaration, Rule::EmptyLevel1);
    assert_eq!(
        found[0].path,
        Path::Indicator(IndicatorPath::level1(4), IndicatorPart::Name)
    );
}

#[test]
fn level3_names_are_unique_within_their_level2() {
    silent(&yuanjiao_2026(), Rule::DuplicateIndicatorName);
    // The same name under two different level-2 groups is fine (both 2026 forms do this with
    // 管理人员满意度 and 平台稳定运行天数 across forms; here across groups).
    let mut across = yuanjiao_2026();
    across.indicators[1].children[1]
        .children
        .push(l3("各项工作完成及时性", "及时"));
    silent(&across, Rule::DuplicateIndicatorName);

    let mut declaration = yuanjiao_2026();
    declaration.indicators[3].children[0]
        .children
        .push(l3(" 管理人员满意度", "≥95.00(%)"));
    let found = fires(&declaration, Rule::DuplicateIndicatorName);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].path, name_of(3, 0, 2));
    assert!(matches!(found[0].source, RuleSource::Inferred(_)));
}

// ---------------------------------------------------------------------------------------------
// Target values, current layout

#[test]
fn percent_targets_lie_between_0_and_100() {
    silent(&yuanjiao_2026(), Rule::PercentOutOfRange);
    let mut declaration = yuanjiao_2026();
    declaration.indicators[1].children[0].children[1].target = TargetValue::parse("=100.01(%)");
    declaration.indicators[1].children[0].children[0].target = TargetValue::parse("≥120(次)");
    let found = fires(&declaration, Rule::PercentOutOfRange);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].path, target_of(1, 0, 1));
    assert!(
        found[0].message.contains("=100.01(%)"),
        "{}",
        found[0].message
    );
}

#[test]
fn satisfaction_targets_should_be_percentages() {
    silent(&dangjian_2026(), Rule::SatisfactionNotPercent);
    // A real 2023 form: 「壮大党员队伍　不断吸纳各方面先进分子入党」 under 满意度指标.
    let found = fires(&dangzuzhi_2023(), Rule::SatisfactionNotPercent);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].path, target_of(2, 0, 0));
    // A count under a level-2 that is about satisfaction (信息化运维项目 2023 did this).
    let mut declaration = dangjian_2026();
    declaration.indicators[1].children.push(l2(
        "服务对象满意度",
        vec![l3("收到涉及技术运维的信访投诉数量", "≤8(件)")],
    ));
    let found = fires(&declaration, Rule::SatisfactionNotPercent);
    assert_eq!(found[0].path, target_of(1, 1, 0));
}

#[test]
fn cost_indicators_do_not_use_at_least() {
    silent(&yuanjiao_2026(), Rule::CostComparator);
    let mut declaration = yuanjiao_2026();
    declaration.indicators[0].children[0].children[0].target = TargetValue::parse("≥100.00(%)");
    let found = fires(&declaration, Rule::CostComparator);
    assert_eq!(found[0].path, target_of(0, 0, 0));
    assert!(found[0].message.contains('≥'));

    // Through a level-2 named 成本指标 under 产出指标 (the 2023 place), with >.
    let mut declaration = jiguan_2023();
    declaration.indicators[0].children[3].children[0].target = TargetValue::parse(">3(次)");
    let found = fires(&declaration, Rule::CostComparator);
    assert_eq!(found[0].path, target_of(0, 3, 0));
    // ≤ and = are what a cost limit uses.
    declaration.indicators[0].children[3].children[0].target = TargetValue::parse("≤3(次)");
    silent(&declaration, Rule::CostComparator);
}

#[test]
fn cost_control_amounts_stay_within_the_annual_total() {
    let mut declaration = yuanjiao_2026();
    // 4,818,000.00 requested; control amounts in 元 that fit.
    declaration.indicators[0].children[0].children.extend([
        l3("宽带租赁费控制数", "≤3,000,000(元)"),
        l3("课件制作费控制数", "≤1,818,000.00(元)"),
        l3("劳务费标准", "≤800(元/人/天)"),
    ]);
    silent(&declaration, Rule::CostExceedsAnnualTotal);

    declaration.indicators[0].children[0].children[2].target =
        TargetValue::parse("≤1,818,000.01(元)");
    let found = fires(&declaration, Rule::CostExceedsAnnualTotal);
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].path,
        Path::Indicator(IndicatorPath::level1(0), IndicatorPart::Name)
    );
    assert_eq!(
        found[0].message,
        "成本指标中以元计的控制数合计（4,818,000.01）超过年度资金申请总额（4,818,000.00）"
    );
}

// ---------------------------------------------------------------------------------------------
// Older layouts

#[test]
fn older_layouts_require_their_own_header_cells() {
    silent(&diaojiao_2020(), Rule::RequiredField);
    silent(&zaixian_2018(), Rule::RequiredField);

    let mut declaration = diaojiao_2020();
    declaration.project_name.clear();
    if let FormFields::Y2020(fields) = &mut declaration.form {
        fields.declaring_unit.clear();
        fields.budget.annual_budget = None;
    }
    let found = fires(&declaration, Rule::RequiredField);
    let paths: Vec<Path> = found.iter().map(|f| f.path).collect();
    assert_eq!(
        paths,
        [
            at(Field::DeclaringUnit),
            at(Field::ProjectName),
            at(Field::AnnualBudget)
        ]
    );
    assert_eq!(
        found[0].source,
        RuleSource::Official("财政项目支出绩效目标表（2020年度）")
    );
    // The 2020 layout has no 年度总体目标: it is not required there.
    assert!(declaration.annual_goal.is_empty());

    let mut declaration = zaixian_2018();
    let fields = fields_2018_mut(&mut declaration);
    fields.project_type.clear();
    fields.fund_use.clear();
    declaration.planned_start = None;
    let found = fires(&declaration, Rule::RequiredField);
    let messages: Vec<&str> = found.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "「项目类型」未填写",
            "「资金用途」未填写",
            "「开始时间」未填写"
        ]
    );
}

#[test]
fn older_layouts_check_date_order_only() {
    silent(&diaojiao_2020(), Rule::DateOrder);
    let mut declaration = zaixian_2018();
    declaration.planned_start = date("2018-12-31");
    declaration.planned_end = date("2018-01-01");
    let found = fires(&declaration, Rule::DateOrder);
    assert_eq!(
        found[0].message,
        "结束时间（2018-01-01）早于开始时间（2018-12-31）"
    );

    let mut other_year = diaojiao_2020();
    other_year.fiscal_year = 2021;
    silent(&other_year, Rule::DatesOutsideFiscalYear);
}

#[test]
fn project_budget_covers_the_annual_budget() {
    silent(&diaojiao_2020(), Rule::BudgetBelowAnnual);
    silent(&zaixian_2018(), Rule::BudgetBelowAnnual);
    let mut declaration = diaojiao_2020();
    if let FormFields::Y2020(fields) = &mut declaration.form {
        fields.budget.project_budget = yuan("3,000,000");
    }
    let found = fires(&declaration, Rule::BudgetBelowAnnual);
    assert_eq!(found[0].path, at(Field::ProjectBudget));
    assert_eq!(
        found[0].message,
        "项目总预算（3,000,000.00）小于项目当年预算（3,845,000.00）"
    );
}

#[test]
fn sub_budgets_add_up_to_the_annual_budget_in_2018() {
    silent(&zaixian_2018(), Rule::SubBudgetSum);
    // A single line 「无」 without an amount is not a breakdown.
    silent(&ruodian_2018(), Rule::SubBudgetSum);

    let mut declaration = zaixian_2018();
    fields_2018_mut(&mut declaration).sub_budgets[1].amount = yuan("3800000.00");
    let found = fires(&declaration, Rule::SubBudgetSum);
    assert_eq!(found[0].path, at(Field::SubBudgets));
    assert_eq!(
        found[0].message,
        "项目当年投入资金构成各子项目预算金额之和（10,230,000.00）不等于项目当年预算（10,310,000.00）"
    );
    assert_eq!(found[0].source, RuleSource::Observed("2018年度全部样表"));
}

#[test]
fn older_amounts_are_checked_line_by_line() {
    silent(&zaixian_2018(), Rule::NegativeAmount);
    silent(&zaixian_2018(), Rule::AmountScale);
    let mut declaration = zaixian_2018();
    let fields = fields_2018_mut(&mut declaration);
    fields.sub_budgets[0].amount = yuan("6430000.004");
    fields.budget.prior_year_spent = yuan("-1");
    let found = fires(&declaration, Rule::AmountScale);
    assert_eq!(found[0].path, Path::SubBudget(0));
    assert!(found[0].message.contains("平台内容建设及学员"));
    let found = fires(&declaration, Rule::NegativeAmount);
    assert_eq!(found[0].path, at(Field::PriorYearSpent));
}

#[test]
fn long_2018_texts_are_warned_at_255_characters() {
    silent(&zaixian_2018(), Rule::TextTooLong);

    // 干部考评和人才发展工作经费: 项目概况 stops at exactly 255 characters.
    let at_limit = "（1）按照中组部党政领导干部公开选拔和竞争上岗工作要求，以及测试测评服务于干部考核、考察、培养、使用的指示，结合本中心的主要职责，为全市领导干部公开选拔、竞争上岗考试与测评工作提供专业服务；开展领导干部选拔考试技术的研究、运用与推广。（2）在市管国有企业外部董事、外派监事专业资格认定委员会的领导下，对市管国有企业外部董事、外派监事的专业资格进行评审、认定。（3）筹备召开上海企业家座谈会，倾听企业家心声、汇聚企业家智慧、展示企业家形象。（4）为市委统战部、市社会工作党委、市工商联等党委（部门）推荐的优秀企业";
    assert_eq!(at_limit.chars().count(), 255);
    let mut declaration = zaixian_2018();
    fields_2018_mut(&mut declaration).texts.project_overview = at_limit.into();
    silent(&declaration, Rule::TextTooLong);

    // 上海市党员干部现代远程网络体系运维费: 项目概况 of 291 characters.
    let over = "上海党员干部现代远程教育网络体系（以下简称本平台）依托四个子平台（互联网子平台、IPTV子平台、数字电视子平台、移动子平台）共同输送教学资源，以增强上海党员干部现代远程教育网络体系的可靠性和互补性。远教系统采用“四网合一”模式搭建，整合了上海开放大学的资源库管理平台、上海电信公司的IPTV平台、上海东方有线公司的有线电视平台以及天翼视讯的移动平台，实现“一套节目、四网播出”，技术上先进适用。本平台采用了先进的信息化手段支持党组织集体收看、高速点播和海量储存、在线互动学习、移动学习和在线统计等是学习模式的再次创新。本次申请的经费主要用于平台课件制作费用,直播课堂技术制作费用等。";
    fields_2018_mut(&mut declaration).texts.project_overview = over.into();
    declaration.annual_goal = over.into();
    let found = fires(&declaration, Rule::TextTooLong);
    let paths: Vec<Path> = found.iter().map(|f| f.path).collect();
    assert_eq!(paths, [at(Field::ProjectOverview), at(Field::AnnualGoal)]);
    assert_eq!(
        found[1].message,
        "「年度绩效目标」有291个字，超过2018年系统的255字上限，超出部分会被截断"
    );
}

#[test]
fn older_target_rows_need_a_name_and_a_value() {
    silent(&diaojiao_2020(), Rule::LegacyIndicatorIncomplete);
    silent(&ruodian_2018(), Rule::LegacyIndicatorIncomplete);

    let mut declaration = diaojiao_2020();
    declaration.indicators[1].children[3].children[0].target = None;
    let found = fires(&declaration, Rule::LegacyIndicatorIncomplete);
    assert_eq!(found[0].path, target_of(1, 3, 0));
    assert_eq!(
        found[0].message,
        "三级目标「产出目标 › 成本 › 成本控制率」未填写指标目标值"
    );

    let mut declaration = zaixian_2018();
    declaration.indicators[3].children[0].children[1]
        .name
        .clear();
    let found = fires(&declaration, Rule::LegacyIndicatorIncomplete);
    assert_eq!(found[0].path, name_of(3, 0, 1));
    assert_eq!(
        found[0].message,
        "绩效指标未填写（影响力目标 › 第2个绩效指标）"
    );
}

#[test]
fn older_layouts_are_not_judged_by_the_current_scheme() {
    // 投入与管理 / 产出目标 … are the 2020 names; 2018 has no level 2 and ≥70.00% satisfaction.
    for declaration in [diaojiao_2020(), zaixian_2018(), ruodian_2018()] {
        let findings = validate(&declaration);
        assert_eq!(findings, [], "{}", declaration.project_name);
    }
}

#[test]
fn every_rule_has_a_stable_id_and_a_source() {
    let mut ids: Vec<&str> = Rule::ALL.iter().map(|rule| rule.id()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), Rule::ALL.len());
    let json = serde_json::to_value(fires(&dangjian_2026(), Rule::MissingCostIndicator)).unwrap();
    assert_eq!(json[0]["rule"], "missing_cost_indicator");
    assert_eq!(json[0]["severity"], "warning");
}

#[test]
fn older_findings_follow_their_own_form_order() {
    // 2018 prints 项目当年投入资金构成 before the goals and 备注 after the target table.
    let mut declaration = zaixian_2018();
    let fields = fields_2018_mut(&mut declaration);
    fields.sub_budgets[1].amount = yuan("3800000.00");
    fields.remarks = "备".repeat(256);
    declaration.annual_goal = "目".repeat(256);
    declaration.indicators[0].children[0].children[0].target = None;
    declaration.project_name.clear();
    let order: Vec<(Rule, Path)> = validate(&declaration)
        .iter()
        .map(|finding| (finding.rule, finding.path))
        .collect();
    assert_eq!(
        order,
        [
            (Rule::RequiredField, at(Field::ProjectName)),
            (Rule::SubBudgetSum, at(Field::SubBudgets)),
            (Rule::TextTooLong, at(Field::AnnualGoal)),
            (Rule::LegacyIndicatorIncomplete, target_of(0, 0, 0)),
            (Rule::TextTooLong, at(Field::Remarks)),
        ]
    );
}
