//! The current-layout importer on the real sample forms: sample forms `forms-2026.txt` (5 forms of 2026) and
//! `forms-2023.txt` (6 forms of 2023), kept in `tests/fixtures/forms/`.
//!
//! Every expected value below was typed from reading the seed text, never from the importer's
//! output: each header field, each amount (as printed on the form), both goals, and every
//! level-3 row as `(level-1, level-2, name, value as written)`, in order. The ambiguous rows keep
//! the readings decided for issue 2 (see the comments at each form).

use jixiao::import::{ImportReport, import_text};
use jixiao::model::{Declaration, FormLayout, format_date, format_yuan};

const SEED_2026: &str = include_str!("fixtures/forms/forms-2026.txt");
const SEED_2023: &str = include_str!("fixtures/forms/forms-2023.txt");

/// What a goal text must be.
enum Goal {
    /// The whole text, exactly.
    Full(&'static str),
    /// An HTML cell: its first and last 15 characters and its length in characters, no markup.
    Ends {
        first: &'static str,
        last: &'static str,
        chars: usize,
    },
}

/// One form as printed on the seed.
struct Expected {
    fiscal_year: i32,
    project_name: &'static str,
    project_nature: &'static str,
    project_category: &'static str,
    competent_department: &'static str,
    implementing_unit: &'static str,
    planned_start: &'static str,
    planned_end: &'static str,
    /// 项目资金总额, 其中：财政资金, 其他资金 (project), 年度资金申请总额, 其中：当年财政拨款,
    /// 上年结转资金, 其他资金 (year); `None` for a blank cell.
    funding: [Option<&'static str>; 7],
    overall_goal: Goal,
    annual_goal: Goal,
    /// `(level-1, level-2, level-3 name, value as written)`; `""` for a missing value.
    rows: &'static [(&'static str, &'static str, &'static str, &'static str)],
}

fn check_goal(form: &str, which: &str, actual: &str, expected: &Goal) {
    match expected {
        Goal::Full(text) => assert_eq!(actual, *text, "{form}: {which}"),
        Goal::Ends { first, last, chars } => {
            let all: Vec<char> = actual.chars().collect();
            let head: String = all.iter().take(15).collect();
            let tail: String = all.iter().skip(all.len().saturating_sub(15)).collect();
            assert_eq!(head, *first, "{form}: {which} begins");
            assert_eq!(tail, *last, "{form}: {which} ends");
            assert_eq!(all.len(), *chars, "{form}: {which} length");
            assert!(!actual.contains('<'), "{form}: {which} keeps markup");
        }
    }
}

fn check(declaration: &Declaration, expected: &Expected) {
    let form = expected.project_name;
    assert_eq!(declaration.layout(), FormLayout::Current, "{form}");
    assert_eq!(declaration.fiscal_year, expected.fiscal_year, "{form}");
    assert_eq!(declaration.project_name, expected.project_name);
    let fields = declaration.current().expect("current-layout fields");
    assert_eq!(fields.project_nature, expected.project_nature, "{form}");
    assert_eq!(fields.project_category, expected.project_category, "{form}");
    assert_eq!(
        fields.competent_department, expected.competent_department,
        "{form}"
    );
    assert_eq!(
        fields.implementing_unit, expected.implementing_unit,
        "{form}"
    );
    assert_eq!(
        declaration.planned_start.map(format_date).as_deref(),
        Some(expected.planned_start),
        "{form}"
    );
    assert_eq!(
        declaration.planned_end.map(format_date).as_deref(),
        Some(expected.planned_end),
        "{form}"
    );
    let funding = &fields.funding;
    let amounts = [
        funding.project_total,
        funding.project_fiscal,
        funding.project_other,
        funding.annual_total,
        funding.annual_appropriation,
        funding.annual_carryover,
        funding.annual_other,
    ]
    .map(|amount| amount.map(format_yuan));
    assert_eq!(
        amounts,
        expected.funding.map(|amount| amount.map(str::to_owned)),
        "{form}: funding"
    );
    check_goal(
        form,
        "项目总目标",
        &declaration.overall_goal,
        &expected.overall_goal,
    );
    check_goal(
        form,
        "年度总体目标",
        &declaration.annual_goal,
        &expected.annual_goal,
    );
    assert_eq!(declaration.level3_count(), expected.rows.len(), "{form}");
    let rows: Vec<(String, String, String, String)> = declaration
        .indicators
        .iter()
        .flat_map(|level1| {
            level1.children.iter().flat_map(move |level2| {
                level2.children.iter().map(move |level3| {
                    (
                        level1.name.clone(),
                        level2.name.clone(),
                        level3.name.clone(),
                        level3
                            .target
                            .as_ref()
                            .map_or_else(String::new, ToString::to_string),
                    )
                })
            })
        })
        .collect();
    for (index, (actual, expected)) in rows.iter().zip(expected.rows).enumerate() {
        let expected = (
            expected.0.to_owned(),
            expected.1.to_owned(),
            expected.2.to_owned(),
            expected.3.to_owned(),
        );
        assert_eq!(*actual, expected, "{form}: row {}", index + 1);
    }
}

fn imported(text: &str) -> ImportReport {
    import_text(text)
}

fn form(report: &ImportReport, index: usize) -> &Declaration {
    report
        .declarations
        .get(index)
        .unwrap_or_else(|| panic!("form {index} missing"))
}

/// The 2026 forms are one-year projects: the whole-project column is blank.
fn funding_2026(annual_total: &'static str) -> [Option<&'static str>; 7] {
    [
        None,
        None,
        None,
        Some(annual_total),
        Some(annual_total),
        Some("0.00"),
        Some("0.00"),
    ]
}

fn funding_2023(total: &'static str) -> [Option<&'static str>; 7] {
    [
        Some(total),
        Some(total),
        Some("0.00"),
        Some(total),
        Some(total),
        Some("0.00"),
        Some("0.00"),
    ]
}

fn header_2026(project_name: &'static str) -> Expected {
    Expected {
        fiscal_year: 2026,
        project_name,
        project_nature: "经常性专项业务费",
        project_category: "特定目标类",
        competent_department: "中共上海市委组织部",
        implementing_unit: "上海市党建服务中心",
        planned_start: "2026-01-01",
        planned_end: "2026-12-31",
        funding: [None; 7],
        overall_goal: Goal::Full(""),
        annual_goal: Goal::Full(""),
        rows: &[],
    }
}

fn header_2023(project_name: &'static str) -> Expected {
    Expected {
        fiscal_year: 2023,
        project_name,
        project_nature: "经常性专项业务费",
        project_category: "特定目标类",
        competent_department: "中共上海市委组织部",
        implementing_unit: "中共上海市委组织部",
        planned_start: "2023-01-01",
        planned_end: "2023-12-31",
        funding: [None; 7],
        overall_goal: Goal::Full(""),
        annual_goal: Goal::Full(""),
        rows: &[],
    }
}

#[test]
fn seed_2026_has_five_forms_and_no_warnings() {
    let report = imported(SEED_2026);
    assert_eq!(report.declarations.len(), 5);
    assert_eq!(report.warnings, []);
}

#[test]
fn seed_2026_form_1_party_building_services() {
    let report = imported(SEED_2026);
    check(
        form(&report, 0),
        &Expected {
            funding: funding_2026("1,139,000.00"),
            annual_goal: Goal::Full(
                "打造与城市基层党建相匹配的党群服务阵地体系和党建宣传阵地体系。",
            ),
            rows: &[
                ("产出指标", "数量指标", "阵地包干服务完成率", "=100.00(%)"),
                ("产出指标", "质量指标", "工作验收合格率", "=100.00(%)"),
                ("产出指标", "时效指标", "课题完成及时率", "=100.00(%)"),
                ("产出指标", "时效指标", "培训工作完成及时率", "=100.00(%)"),
                (
                    "效益指标",
                    "社会效益指标",
                    "党群中心和基层站点覆盖率",
                    "=100.00(%)",
                ),
                ("效益指标", "社会效益指标", "平台稳定运行天数", "=365(天)"),
                (
                    "满意度指标",
                    "服务对象满意度指标",
                    "处理时效满意度",
                    "≥90.00(%)",
                ),
                (
                    "满意度指标",
                    "服务对象满意度指标",
                    "管理人员满意度",
                    "≥90.00(%)",
                ),
            ],
            ..header_2026("党建服务工作经费")
        },
    );
}

#[test]
fn seed_2026_form_2_remote_education() {
    let report = imported(SEED_2026);
    check(
        form(&report, 1),
        &Expected {
            funding: funding_2026("4,818,000.00"),
            annual_goal: Goal::Full(
                "为各级党组织和党员开展党员教育工作提供丰富、多样、权威的教学内容，满足党员经常性教育要求。",
            ),
            rows: &[
                ("成本指标", "经济成本指标", "成本控制率", "=100.00(%)"),
                ("产出指标", "数量指标", "各类直播等录制次数", "≥50(次)"),
                (
                    "产出指标",
                    "数量指标",
                    "远程教育直播路线宽带租赁完成率",
                    "=100.00(%)",
                ),
                ("产出指标", "数量指标", "制作党建类远程教育课件", "≥12(部)"),
                (
                    "产出指标",
                    "质量指标",
                    "党建平台运维工作完成率",
                    "=100.00(%)",
                ),
                (
                    "产出指标",
                    "质量指标",
                    "远程教育课件验收合格率",
                    "=100.00(%)",
                ),
                ("产出指标", "质量指标", "拍摄设备验收合格率", "=100.00(%)"),
                // `\t时效指标\t\t各项工作完成及时性\t及时\t`: a level-2 in the level-1 column.
                ("产出指标", "时效指标", "各项工作完成及时性", "及时"),
                ("效益指标", "社会效益指标", "平台稳定运行天数", "=365(天)"),
                ("效益指标", "社会效益指标", "远教直播课堂直播稳定性", "稳定"),
                ("效益指标", "社会效益指标", "平台学习人次增长情况", "增长"),
                ("效益指标", "社会效益指标", "平台学习时长增长情况", "增长"),
                ("效益指标", "社会效益指标", "平台故障发生数", "=0(次)"),
                (
                    "满意度指标",
                    "服务对象满意度指标",
                    "管理人员满意度",
                    "≥90.00(%)",
                ),
                // The last row starts in column 0.
                (
                    "满意度指标",
                    "服务对象满意度指标",
                    "基层党组织满意度",
                    "≥90.00(%)",
                ),
            ],
            ..header_2026("党员远教电教工作经费")
        },
    );
}

#[test]
fn seed_2026_form_3_remote_network_operation() {
    let report = imported(SEED_2026);
    check(
        form(&report, 2),
        &Expected {
            funding: funding_2026("1,842,000.00"),
            annual_goal: Goal::Full(
                "1. 保障整体系统服务正常。 2. 保障系统配套软件使用正常。 3. 保障节目传输正常。 4. 保障节目制作流程正常。 5. 保障软硬件设备运行正常。",
            ),
            rows: &[
                ("成本指标", "经济成本指标", "成本控制率", "=100.00(%)"),
                (
                    "产出指标",
                    "数量指标",
                    "数字电视平台运维服务完成率",
                    "=100.00(%)",
                ),
                ("产出指标", "数量指标", "年度运维报告完成数", "=2(次)"),
                (
                    "产出指标",
                    "数量指标",
                    "IPTV平台运维服务完成率",
                    "=100.00(%)",
                ),
                (
                    "产出指标",
                    "质量指标",
                    "IPTV平台运维服务验收达标率",
                    "=100.00(%)",
                ),
                (
                    "产出指标",
                    "质量指标",
                    "数字电视平台运维服务验收达标率",
                    "=100.00(%)",
                ),
                ("产出指标", "时效指标", "运维工作完成及时性", "及时"),
                // `\t故障响应及时性\t\t及时\t\t`: drifted two columns left.
                ("产出指标", "时效指标", "故障响应及时性", "及时"),
                ("效益指标", "社会效益指标", "平台故障处置率", "=100.00(%)"),
                ("效益指标", "社会效益指标", "平台稳定运行率", "=100.00(%)"),
                ("效益指标", "社会效益指标", "重大故障发生数", "=0(次)"),
                (
                    "满意度指标",
                    "服务对象满意度指标",
                    "管理人员满意度测评",
                    "≥90.00(%)",
                ),
                (
                    "满意度指标",
                    "服务对象满意度指标",
                    "系统使用人员满意度",
                    "≥90.00(%)",
                ),
            ],
            ..header_2026("上海市党员干部现代远程教育网络体系运维（非信息化项目）")
        },
    );
}

#[test]
fn seed_2026_form_4_information_system_construction() {
    let report = imported(SEED_2026);
    check(
        form(&report, 3),
        &Expected {
            project_nature: "其他一次性项目",
            funding: funding_2026("1,860,380.00"),
            annual_goal: Goal::Ends {
                first: "以党群服务阵地体系功能建设为主",
                last: "准化推送，提升针对性和实效性。",
                chars: 290,
            },
            rows: &[
                ("产出指标", "数量指标", "一次性验收合格率", "=100.00(%)"),
                ("产出指标", "质量指标", "软件测试达标", "=100.00(分)"),
                ("产出指标", "质量指标", "密码测试达标", "合格"),
                ("产出指标", "质量指标", "系统可靠性", "≥99.00(%)"),
                ("产出指标", "时效指标", "网络安全等级保护", "三级"),
                ("效益指标", "生态效益指标", "安全测试达标", "合格"),
                ("效益指标", "生态效益指标", "安全事件发生次数", "=0(次)"),
            ],
            ..header_2026("信息化建设项目")
        },
    );
}

#[test]
fn seed_2026_form_5_information_system_operation() {
    let report = imported(SEED_2026);
    check(
        form(&report, 4),
        &Expected {
            project_nature: "其他经常性项目",
            project_category: "其他运转类",
            funding: funding_2026("2,822,846.00"),
            annual_goal: Goal::Ends {
                first: "在满足日常业务需求的同时，做到",
                last: "工价值，达到资源的利用最大化。",
                chars: 138,
            },
            rows: &[
                ("产出指标", "数量指标", "平台运维服务完成率", "=100.00(%)"),
                ("产出指标", "数量指标", "年度运维报告完成数", "=2(次)"),
                ("产出指标", "质量指标", "运维服务验收达标率", "=100.00(%)"),
                ("产出指标", "时效指标", "运维工作完成及时性", "及时"),
                ("产出指标", "时效指标", "故障响应及时性", "及时"),
                ("产出指标", "时效指标", "运维工作完成及时率", "=100.00(%)"),
                ("效益指标", "社会效益指标", "平台故障处置率", "=100.00(%)"),
                ("效益指标", "社会效益指标", "平台稳定运行率", "=100.00(%)"),
                ("效益指标", "社会效益指标", "重大故障发生数", "=0(次)"),
                (
                    "满意度指标",
                    "服务对象满意度指标",
                    "系统使用人员满意度",
                    "≥90.00(%)",
                ),
                (
                    "满意度指标",
                    "服务对象满意度指标",
                    "管理人员满意度",
                    "≥90.00(%)",
                ),
            ],
            ..header_2026("信息化运维项目")
        },
    );
}

#[test]
fn seed_2023_has_six_forms_and_only_the_two_missing_values_warn() {
    let report = imported(SEED_2023);
    assert_eq!(report.declarations.len(), 6);
    let warnings: Vec<(usize, Option<usize>)> = report
        .warnings
        .iter()
        .map(|warning| (warning.line, warning.form))
        .collect();
    assert_eq!(warnings, [(140, Some(4)), (143, Some(4))]);
    let messages: Vec<&str> = report
        .warnings
        .iter()
        .map(|warning| warning.message.as_str())
        .collect();
    assert!(
        messages
            .first()
            .is_some_and(|m| m.contains("工作日故障运维人员抵达现场时间") && m.contains("指标值")),
        "{messages:?}"
    );
    assert!(
        messages
            .get(1)
            .is_some_and(|m| m.contains("是否支撑基层工作开展") && m.contains("指标值")),
        "{messages:?}"
    );
    let missing: Vec<&str> = report
        .declarations
        .iter()
        .flat_map(Declaration::level3_indicators)
        .filter(|(_, level3)| level3.target.is_none())
        .map(|(_, level3)| level3.name.as_str())
        .collect();
    assert_eq!(
        missing,
        ["工作日故障运维人员抵达现场时间", "是否支撑基层工作开展"]
    );
}

#[test]
fn seed_2023_form_1_organisation_department() {
    let text = "深入贯彻落实新时代党的建设总要求，认真践行新时代党的组织路线，进一步推进全市党的建设制度改革发展，具体工作产出包括但不限于：加强全市组织系统信息化建设的统筹规划、业务指导与安全保障；做好党内统计、公务员统计等年度统计工作；档案日常管理和数字化建设；开展课题调研工作和党内法规制度体系建设工作；做好对口支援管理及轮换工作等干部综合管理工作；做好优秀年轻干部、选调生队伍培养管理工作；做好干部监督工作等。";
    let report = imported(SEED_2023);
    check(
        form(&report, 0),
        &Expected {
            funding: funding_2023("9,382,600.00"),
            // The label row is `项目 绩效 目标\t项目总目标 (2023年 -2023年)\t年度总体目标`.
            overall_goal: Goal::Full(text),
            annual_goal: Goal::Full(text),
            rows: &[
                ("产出指标", "数量指标", "印发内刊数量", "≥60(期)"),
                (
                    "产出指标",
                    "数量指标",
                    "援派干部人才体检及培训完成率",
                    "=100(%)",
                ),
                ("产出指标", "数量指标", "党内法规和规范性文件", "=1(个)"),
                ("产出指标", "数量指标", "调研成果汇编", "=3(个)"),
                ("产出指标", "数量指标", "各类印刷计划完成率", "=100(%)"),
                ("产出指标", "数量指标", "事业单位审计数", "=5(家)"),
                ("产出指标", "数量指标", "文书档案电子化", "≥20(万页)"),
                (
                    "产出指标",
                    "质量指标",
                    "评选年度全市组织系统优秀调研成果一等奖",
                    "≥5(个)",
                ),
                ("产出指标", "质量指标", "驻部纪检监察组工作保障", "有序保障"),
                ("产出指标", "质量指标", "绩效管理覆盖率", "=100(%)"),
                ("产出指标", "质量指标", "信息网络安全", "安全"),
                ("产出指标", "质量指标", "各类培训出勤率", "≥95(%)"),
                (
                    "产出指标",
                    "时效指标",
                    "援派干部培训完成及时性",
                    "分别4月底及12月底前完成",
                ),
                ("产出指标", "时效指标", "技术支持平均响应时间", "≤30(分钟)"),
                // `\t事业单位审计完成\t\t6月底前\t` and the next row: drifted two columns left.
                ("产出指标", "时效指标", "事业单位审计完成", "6月底前"),
                ("产出指标", "时效指标", "项目绩效自评完成", "3月底前"),
                (
                    "效益指标",
                    "社会效益指标",
                    "干部监督及综合管理等工作",
                    "有序开展",
                ),
                (
                    "效益指标",
                    "社会效益指标",
                    "事业单位及财政资金管理等",
                    "进一步加强",
                ),
                ("效益指标", "社会效益指标", "调研成果转化数", "≥3(个)"),
                (
                    "效益指标",
                    "社会效益指标",
                    "档案信息化管理水平",
                    "进一步提升",
                ),
                // `可持续影响指标\t\t援派干部培训\t持续提高对口支援工作质效\t`: level-2 in column 0.
                (
                    "效益指标",
                    "可持续影响指标",
                    "援派干部培训",
                    "持续提高对口支援工作质效",
                ),
                // `满意度指标\t服务对象满意度 指标\t技术支持满意度\t≥90(%)`: flattened label.
                (
                    "满意度指标",
                    "服务对象满意度指标",
                    "技术支持满意度",
                    "≥90(%)",
                ),
                (
                    "满意度指标",
                    "服务对象满意度指标",
                    "培训学员满意度",
                    "≥90(%)",
                ),
            ],
            ..header_2023("组织部门建设和管理工作经费")
        },
    );
}

#[test]
fn seed_2023_form_2_party_organisation_and_members() {
    let text = "通过基层党建各项工作开展，不断夯实基层基础。推动组织体系建设更严更实，提升党员教育管理工作水平，增强党代表履职工作经费保障，提高代表履职能力，在党的组织制度建设和党员队伍教育管理上取得更大的进展和成效。";
    let report = imported(SEED_2023);
    check(
        form(&report, 1),
        &Expected {
            funding: funding_2023("3,202,300.00"),
            overall_goal: Goal::Full(text),
            annual_goal: Goal::Full(text),
            rows: &[
                ("产出指标", "数量指标", "全年培训班次", "≥4.00(次)"),
                ("产出指标", "数量指标", "全年培训人数", "≥200(人)"),
                ("产出指标", "数量指标", "完成课题报告数量", "=3(个)"),
                ("产出指标", "质量指标", "培训学时", "符合市级培训要求"),
                ("产出指标", "质量指标", "课程设计、设置", "合理"),
                ("产出指标", "时效指标", "培训计划完成度", "按期完成"),
                ("产出指标", "时效指标", "课题按时结题率", "=100.00(%)"),
                ("效益指标", "社会效益指标", "党代表履职经费下拨", "及时"),
                (
                    "效益指标",
                    "社会效益指标",
                    "服务老党员、困难党员体检数量",
                    "≥80.00(人)",
                ),
                (
                    "效益指标",
                    "可持续影响指标",
                    "党代表联络服务",
                    "有效提升党代表履职能力",
                ),
                (
                    "效益指标",
                    "可持续影响指标",
                    "培训党支部建设示范点",
                    "持续发挥示范引领作用",
                ),
                (
                    "满意度指标",
                    "服务对象满意度指标",
                    "壮大党员队伍",
                    "不断吸纳各方面先进分子入党",
                ),
                (
                    "满意度指标",
                    "服务对象满意度指标",
                    "培训学员满意度",
                    "≥90(%)",
                ),
            ],
            ..header_2023("党组织建设和党员教育管理")
        },
    );
}

#[test]
fn seed_2023_form_3_grassroots_party_building() {
    let goal = || Goal::Ends {
        first: "深入学习贯彻党的二十大和市十二",
        last: "城市特点和规律的基层党建新路。",
        chars: 160,
    };
    let report = imported(SEED_2023);
    check(
        form(&report, 2),
        &Expected {
            funding: funding_2023("7,005,000.00"),
            overall_goal: goal(),
            annual_goal: goal(),
            rows: &[
                (
                    "产出指标",
                    "数量指标",
                    "两新组织党建工作信息宣传推送",
                    "=10(条/周)",
                ),
                (
                    "产出指标",
                    "数量指标",
                    "基层党务工作者、到村任职选调生等体检人数",
                    "≥280(人)",
                ),
                (
                    "产出指标",
                    "数量指标",
                    "优秀居村组织书记示范培训班",
                    "≥2(期)",
                ),
                ("产出指标", "质量指标", "培训人员出勤率", "≥95(%)"),
                ("产出指标", "质量指标", "课程设计、设置情况", "合理"),
                (
                    "产出指标",
                    "质量指标",
                    "两新组织党建工作信息宣传内容",
                    "符合要求",
                ),
                ("产出指标", "时效指标", "体检完成及时性", "12月前"),
                ("产出指标", "时效指标", "各类培训开班及时性", "10月前"),
                (
                    "效益指标",
                    "社会效益指标",
                    "到村任职选调生在职考核称职率",
                    "=100.00(%)",
                ),
                // `满意度指标\t服务对象满意度指标\t培训学员满意度\t≥90(%)\t`: level-1 in column 0.
                (
                    "满意度指标",
                    "服务对象满意度指标",
                    "培训学员满意度",
                    "≥90(%)",
                ),
            ],
            ..header_2023("基层党建及队伍教育管理")
        },
    );
}

#[test]
fn seed_2023_form_4_office_services() {
    let report = imported(SEED_2023);
    check(
        form(&report, 3),
        &Expected {
            project_category: "其他运转类",
            funding: funding_2023("2,760,000.00"),
            overall_goal: Goal::Full(
                "通过本项目的实施，保障机关的正常运行，满足正常公务用车需求、无驾驶员安全事故发生。同时满足机关保洁、保安、食堂服务等正常有序开展，相关服务符合标准，确保机关工作人员正常开展业务，保障机关大楼物业管理安全、有序。",
            ),
            annual_goal: Goal::Full(
                "通过本项目的实施，保障机关的正常运行，满足正常公务用车需求，无驾驶员安全事故发生，同时满足机关保洁、保安、食堂服务正常有序开展，相关服务符合标准，确保机关工作人员正常开展业务，保障机关大楼物业管理安全、有序。",
            ),
            rows: &[
                ("产出指标", "数量指标", "后勤工作计划完成率", "=100(%)"),
                ("产出指标", "数量指标", "驾驶人员到位率", "=100(%)"),
                (
                    "产出指标",
                    "质量指标",
                    "卫生脏乱超过1小时未清理次数",
                    "≤5(次)",
                ),
                ("产出指标", "时效指标", "超过规定时间维修次数", "≤5(次)"),
                (
                    "产出指标",
                    "时效指标",
                    "资金拨付及时性",
                    "按照合同规定及时拨付",
                ),
                // 成本指标 in the level-2 column: a level-2 under 产出指标 (2023 practice).
                ("产出指标", "成本指标", "相关支出标准符合财政规定", "符合"),
                ("效益指标", "社会效益指标", "公务用车保障率", "=100(%)"),
                ("效益指标", "社会效益指标", "安全事故发生次数", "=0(次)"),
                (
                    "满意度指标",
                    "服务对象满意度指标",
                    "食堂服务满意度",
                    "≥90(%)",
                ),
            ],
            ..header_2023("机关服务费")
        },
    );
}

#[test]
fn seed_2023_form_5_information_system_construction() {
    let goal = || Goal::Ends {
        first: "根据《中华人民共和国公务员法》",
        last: "，以数字化赋能公务员管理工作。",
        chars: 108,
    };
    let report = imported(SEED_2023);
    check(
        form(&report, 4),
        &Expected {
            project_nature: "其他一次性项目",
            funding: funding_2023("1,180,655.00"),
            overall_goal: goal(),
            annual_goal: goal(),
            rows: &[
                ("产出指标", "数量指标", "优化业务流程数量", "≥20.00(个)"),
                (
                    "产出指标",
                    "数量指标",
                    "承诺年度系统无安全事故运行时间",
                    "≥360(天)",
                ),
                ("产出指标", "数量指标", "并发量支持", "≥300(个)"),
                ("产出指标", "数量指标", "新增业务流程数量", "≥8.00(个)"),
                (
                    "产出指标",
                    "质量指标",
                    "系统各功能模块上线前是否经过严格测试",
                    "是",
                ),
                (
                    "产出指标",
                    "质量指标",
                    "系统各功能模块上线后bug出现率",
                    "≤15(%)",
                ),
                // `\t\t\t时效指标\t工作日故障运维人员抵达现场时间\t`: drifted right, value missing.
                ("产出指标", "时效指标", "工作日故障运维人员抵达现场时间", ""),
                ("产出指标", "时效指标", "工作日故障响应时间", "≤30(分钟)"),
                (
                    "产出指标",
                    "时效指标",
                    "非工作日故障响应及抵达现场时间",
                    "1小时内响应，3小时内抵达现场",
                ),
                // `\t\t效益指标\t可持续影响指标\t是否支撑基层工作开展\t`: value missing.
                ("效益指标", "可持续影响指标", "是否支撑基层工作开展", ""),
                (
                    "效益指标",
                    "可持续影响指标",
                    "是否提升全市组织工作开展的质量",
                    "是",
                ),
                (
                    "效益指标",
                    "可持续影响指标",
                    "是否支持政务信息系统整合",
                    "是",
                ),
                (
                    "满意度指标",
                    "服务对象满意度指标",
                    "系统使用人员满意度",
                    "≥80(%)",
                ),
            ],
            ..header_2023("信息化建设项目")
        },
    );
}

#[test]
fn seed_2023_form_6_information_system_operation() {
    let text = "保障上海市基层党建信息化工程相关网站平台、上海市公务员局考录系统、上海市公务员管理“一件事”改革服务平台、全国党员管理信息化工程上海虚拟专网、上海市公务员局门户网站等组织服务外网业务系统、网站和平台自2023年1月1日至2023年12月31日全年稳定运行。";
    let report = imported(SEED_2023);
    check(
        form(&report, 5),
        &Expected {
            project_nature: "其他经常性项目",
            project_category: "其他运转类",
            funding: funding_2023("2,882,482.00"),
            overall_goal: Goal::Full(text),
            annual_goal: Goal::Full(text),
            rows: &[
                ("产出指标", "数量指标", "驻场人员数量", "≥7(人)"),
                ("产出指标", "数量指标", "年度服务可用时间", "=365(天)"),
                (
                    "产出指标",
                    "数量指标",
                    "承诺年度系统无安全事故运行时间",
                    "≥360(天)",
                ),
                (
                    "产出指标",
                    "质量指标",
                    "运维响应规范性",
                    "有规范的响应流程,并做好用工单统计",
                ),
                (
                    "产出指标",
                    "时效指标",
                    "非工作日故障响应及抵达现场时间",
                    "1小时内响应,3小时内抵达现场",
                ),
                (
                    "产出指标",
                    "时效指标",
                    "工作日故障运维人员抵达现场时间",
                    "≤1(小时)",
                ),
                ("产出指标", "时效指标", "工作日故障响应时间", "≤30(分钟)"),
                // `\t成本指标\t控制成本管理规范性\t\t规范,不超过预算\t`: drifted one column left.
                (
                    "产出指标",
                    "成本指标",
                    "控制成本管理规范性",
                    "规范,不超过预算",
                ),
                ("效益指标", "可持续影响指标", "是否支撑基层工作开展", "是"),
                (
                    "效益指标",
                    "可持续影响指标",
                    "是否支撑全市组织系统工作正常开展",
                    "是",
                ),
                (
                    "效益指标",
                    "可持续影响指标",
                    "是否支持政务信息系统整合",
                    "是",
                ),
                (
                    "效益指标",
                    "可持续影响指标",
                    "是否对社会提供及时、便捷、有效的服务",
                    "是",
                ),
                // `\t满意度指标\t服务对象满意度\t运维满意度\t\t≥90(%)`: level-2 kept as written.
                ("满意度指标", "服务对象满意度", "运维满意度", "≥90(%)"),
                (
                    "满意度指标",
                    "服务对象满意度",
                    "收到涉及技术运维的信访投诉数量",
                    "≤8(件)",
                ),
            ],
            ..header_2023("信息化运维项目")
        },
    );
}

/// A small current-layout form: the title is line 1, the indicator header line 12, and `rows`
/// start on line 13.
fn small_form(project_name: &str, rows: &str) -> String {
    format!(
        "财政项目支出绩效目标申报表\n\
         (2026年度)\n\
         项目名称\t{project_name}\t项目性质\t经常性专项业务费\t项目类别\t特定目标类\n\
         主管部门\t某主管部门\t实施单位\t某实施单位\t\t\n\
         计划开始日期\t2026-01-01\t计划完成日期\t2026-12-31\t\t\n\
         项目资金 (元)\t项目资金总额\t\t年度资金申请总额\t1,000.00\t\n\
         \t其中：财政资金\t\t其中：当年财政拨款\t1,000.00\t\n\
         \t\t\t上年结转资金\t0.00\t\n\
         \t其他资金\t\t其他资金\t0.00\t\n\
         项目 绩效 目标\t项目总目标\t\t年度总体目标\t\t\n\
         \t\t\t<p>第一段。</p><p>第二段。</p>\t\t\n\
         \t一级指标\t二级指标\t三级指标\t年度(/项目)指标值\t\n\
         {rows}"
    )
}

fn shape(declaration: &Declaration) -> Vec<(String, String, Vec<String>)> {
    declaration
        .indicators
        .iter()
        .flat_map(|level1| {
            level1.children.iter().map(|level2| {
                (
                    level1.name.clone(),
                    level2.name.clone(),
                    level2
                        .children
                        .iter()
                        .map(|level3| level3.name.clone())
                        .collect(),
                )
            })
        })
        .collect()
}

fn owned(level1: &str, level2: &str, names: &[&str]) -> (String, String, Vec<String>) {
    (
        level1.to_owned(),
        level2.to_owned(),
        names.iter().map(|name| (*name).to_owned()).collect(),
    )
}

#[test]
fn a_small_form_reads_cleanly() {
    let text = small_form(
        "测试项目",
        "绩效 指标\t产出指标\t数量指标\t指标甲\t=1(个)\t\n",
    );
    let report = import_text(&text);
    assert_eq!(report.warnings, []);
    let declaration = form(&report, 0);
    assert_eq!(declaration.annual_goal, "第一段。\n第二段。");
    assert_eq!(declaration.overall_goal, "");
    assert_eq!(
        shape(declaration),
        [owned("产出指标", "数量指标", &["指标甲"])]
    );
}

#[test]
fn a_repeated_indicator_header_continues_the_open_group() {
    let text = small_form(
        "跨页项目",
        "绩效 指标\t产出指标\t数量指标\t指标甲\t=1(个)\t\n\
         \t\t\t指标乙\t=2(个)\t\n\
         \n\
         绩效 指标\t一级指标\t二级指标\t三级指标\t\t年度(/项目)指标值\n\
         \t\t\t指标丙\t\t=3(个)\n\
         \t\t质量指标\t指标丁\t\t合格\n",
    );
    let report = import_text(&text);
    assert_eq!(report.warnings, []);
    let declaration = form(&report, 0);
    assert_eq!(
        shape(declaration),
        [
            owned("产出指标", "数量指标", &["指标甲", "指标乙", "指标丙"]),
            owned("产出指标", "质量指标", &["指标丁"]),
        ]
    );
    let values: Vec<String> = declaration
        .level3_indicators()
        .filter_map(|(_, level3)| level3.target.as_ref().map(ToString::to_string))
        .collect();
    assert_eq!(values, ["=1(个)", "=2(个)", "=3(个)", "合格"]);
}

#[test]
fn unplaceable_extra_text_is_reported_with_its_line() {
    let text = small_form(
        "多余文字项目",
        "绩效 指标\t产出指标\t数量指标\t指标甲\t=1(个)\t\n\
         \t\t\t指标乙\t=2(个)\t备注：按季度统计\n",
    );
    let report = import_text(&text);
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    let warning = report.warnings.first().expect("one warning");
    assert_eq!((warning.line, warning.form), (14, Some(0)));
    assert!(warning.message.contains("备注：按季度统计"), "{warning}");
    let declaration = form(&report, 0);
    assert_eq!(
        shape(declaration),
        [owned("产出指标", "数量指标", &["指标甲", "指标乙"])]
    );
}

#[test]
fn two_forms_in_one_text_give_two_declarations() {
    let text = format!(
        "{}\n{}",
        small_form("第一个项目", "\t产出指标\t数量指标\t指标甲\t=1(个)\t"),
        small_form("第二个项目", "\t效益指标\t社会效益指标\t指标乙\t增长\t"),
    );
    let report = import_text(&text);
    assert_eq!(report.warnings, []);
    let names: Vec<&str> = report
        .declarations
        .iter()
        .map(|declaration| declaration.project_name.as_str())
        .collect();
    assert_eq!(names, ["第一个项目", "第二个项目"]);
    assert_eq!(
        shape(form(&report, 1)),
        [owned("效益指标", "社会效益指标", &["指标乙"])]
    );
}

#[test]
fn garbage_gives_no_declaration_only_warnings() {
    let report = import_text("随便写点什么\n\n\t\tabc\t<p>\n≥90(%)\n");
    assert_eq!(report.declarations, []);
    let lines: Vec<usize> = report.warnings.iter().map(|warning| warning.line).collect();
    assert_eq!(lines, [1, 3, 4, 1]);
    assert!(report.warnings.iter().all(|warning| warning.form.is_none()));
    assert!(
        report
            .warnings
            .last()
            .is_some_and(|warning| warning.message.contains("未找到申报表标题"))
    );
    assert_eq!(import_text(""), ImportReport::default());
    assert_eq!(import_text("\n \n\t\n"), ImportReport::default());
}

#[test]
fn text_before_the_first_title_is_reported() {
    let text = format!(
        "导出时间：2026-03-01\n{}",
        small_form("有前言的项目", "\t产出指标\t数量指标\t指标甲\t=1(个)\t")
    );
    let report = import_text(&text);
    assert_eq!(report.declarations.len(), 1);
    assert_eq!(report.warnings.len(), 1);
    let warning = report.warnings.first().expect("one warning");
    assert_eq!((warning.line, warning.form), (1, None));
    assert!(warning.message.contains("导出时间：2026-03-01"));
}

#[test]
fn unreadable_money_and_dates_are_reported_and_left_blank() {
    let text = small_form("金额有误项目", "\t产出指标\t数量指标\t指标甲\t=1(个)\t")
        .replacen("\t1,000.00\t", "\t一千元\t", 1)
        .replacen("2026-12-31", "2026-02-30", 1);
    let report = import_text(&text);
    let declaration = form(&report, 0);
    let funding = &declaration.current().expect("current layout").funding;
    assert_eq!(funding.annual_total, None);
    assert_eq!(
        funding.annual_appropriation.map(format_yuan).as_deref(),
        Some("1,000.00")
    );
    assert_eq!(declaration.planned_end, None);
    let warnings: Vec<(usize, bool)> = report
        .warnings
        .iter()
        .map(|warning| {
            (
                warning.line,
                warning.message.contains("一千元") || warning.message.contains("2026-02-30"),
            )
        })
        .collect();
    assert_eq!(warnings, [(5, true), (6, true)]);
}

#[test]
fn a_title_run_into_the_previous_line_starts_a_new_form() {
    let first = small_form("第一个项目", "\t产出指标\t数量指标\t指标甲\t=1(个)\t");
    let second = small_form("第二个项目", "\t产出指标\t数量指标\t指标乙\t=2(个)\t");
    // PDF text: the second title follows the last row of the first form after a space.
    let text = format!("{first} {second}");
    let report = import_text(&text);
    assert_eq!(report.declarations.len(), 2);
    assert_eq!(form(&report, 1).project_name, "第二个项目");
    assert_eq!(
        shape(form(&report, 0)),
        [owned("产出指标", "数量指标", &["指标甲"])]
    );
}

#[test]
fn forms_of_other_layouts_are_split_off_and_kept_in_their_layout() {
    // The 2020 forms of forms-2020.txt follow the 2026 forms: each form is dispatched by its title.
    let text = format!(
        "{SEED_2026}\n{}",
        include_str!("fixtures/forms/forms-2020.txt")
    );
    let report = import_text(&text);
    let layouts: Vec<FormLayout> = report
        .declarations
        .iter()
        .map(Declaration::layout)
        .collect();
    assert_eq!(
        layouts,
        [
            [FormLayout::Current; 5].as_slice(),
            [FormLayout::Y2020; 3].as_slice()
        ]
        .concat()
    );
    assert!(
        report
            .declarations
            .iter()
            .skip(5)
            .all(|declaration| declaration.fiscal_year == 2020)
    );
    assert!(
        report
            .warnings
            .iter()
            .all(|warning| warning.form >= Some(5))
    );
}

mod arbitrary_text {
    use super::*;
    use proptest::prelude::*;

    fn seed_lines() -> Vec<&'static str> {
        SEED_2023.lines().chain(SEED_2026.lines()).collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        /// Any mix of seed lines, cut and shuffled, and random text imports without panicking,
        /// and every warning points at a line of the text and an existing form.
        #[test]
        fn never_panics_and_warnings_point_into_the_text(
            pieces in prop::collection::vec(
                prop_oneof![
                    (0..300usize, 0..40usize).prop_map(|(line, cut)| {
                        let lines = seed_lines();
                        let text = lines.get(line % lines.len()).copied().unwrap_or_default();
                        text.chars().skip(cut % 5).collect::<String>()
                    }),
                    "[\\t 一级指标产出成本满意度(%)≥=0-9年度（）<p>]{0,20}",
                    any::<String>(),
                ],
                0..60,
            ),
            separator in prop_oneof![Just("\n"), Just("\t"), Just(" ")],
        ) {
            let text = pieces.join(separator);
            let report = import_text(&text);
            let line_count = text.lines().count().max(1);
            for warning in &report.warnings {
                prop_assert!(warning.line >= 1 && warning.line <= line_count, "{warning}");
                prop_assert!(warning.form.is_none_or(|form| form < report.declarations.len()));
            }
        }
    }
}

mod examples {
    use super::*;
    use std::collections::BTreeMap;
    use std::path::Path;

    /// Every seed form, whatever its layout, so examples of every layout are checked.
    const SEEDS: [&str; 4] = [
        SEED_2026,
        include_str!("fixtures/forms/forms-2020.txt"),
        SEED_2023,
        include_str!("fixtures/forms/forms-2018.txt"),
    ];

    /// `{年度}-{项目名称}.ron`, with `<>:"/\|?*` and control characters replaced by `_`.
    fn file_name(declaration: &Declaration) -> String {
        let name: String = declaration
            .project_name
            .chars()
            .map(|c| {
                if c.is_control() || "<>:\"/\\|?*".contains(c) {
                    '_'
                } else {
                    c
                }
            })
            .collect();
        format!("{}-{name}.ron", declaration.fiscal_year)
    }

    #[test]
    fn file_names_replace_what_file_systems_refuse() {
        let mut declaration = Declaration::new_current(2026);
        declaration.project_name = "a/b\\c:d*e?f\"g<h>i|j\tk（l）".to_owned();
        assert_eq!(
            file_name(&declaration),
            "2026-a_b_c_d_e_f_g_h_i_j_k（l）.ron"
        );
    }

    /// The seed forms by example file name (forms read without a name have no example).
    fn fresh_imports() -> BTreeMap<String, Declaration> {
        let mut forms = BTreeMap::new();
        for seed in SEEDS {
            for declaration in import_text(seed).declarations {
                if declaration.project_name.is_empty() {
                    continue;
                }
                let name = file_name(&declaration);
                assert!(
                    forms.insert(name.clone(), declaration).is_none(),
                    "two seed forms would share {name}"
                );
            }
        }
        forms
    }

    #[test]
    fn every_example_equals_a_fresh_import_of_its_seed_form() {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples");
        let forms = fresh_imports();
        let mut checked = Vec::new();
        for entry in std::fs::read_dir(&folder).expect("assets/examples exists") {
            let path = entry.expect("readable entry").path();
            if path.extension().and_then(|e| e.to_str()) != Some("ron") {
                continue;
            }
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .expect("UTF-8 name")
                .to_owned();
            let saved = jixiao::storage::load(&path).expect("example loads");
            let fresh = forms
                .get(&name)
                .unwrap_or_else(|| panic!("{name}: no seed form imports to this file"));
            assert_eq!(&saved, fresh, "{name} is stale: regenerate it");
            checked.push(name);
        }
        checked.sort();
        let mut current: Vec<&str> = forms
            .iter()
            .filter(|(_, declaration)| declaration.layout() == FormLayout::Current)
            .map(|(name, _)| name.as_str())
            .collect();
        current.sort_unstable();
        assert_eq!(current.len(), 11);
        for name in current {
            assert!(checked.iter().any(|c| c == name), "missing example {name}");
        }
    }
}

#[test]
fn a_byte_order_mark_and_windows_line_breaks_are_not_text() {
    let text = format!(
        "\u{feff}{}",
        small_form("记事本项目", "\t产出指标\t数量指标\t指标甲\t=1(个)\t").replace('\n', "\r\n")
    );
    let report = import_text(&text);
    assert_eq!(report.warnings, []);
    assert_eq!(form(&report, 0).project_name, "记事本项目");
    assert_eq!(
        shape(form(&report, 0)),
        [owned("产出指标", "数量指标", &["指标甲"])]
    );
}

#[test]
fn a_goal_pasted_from_a_spreadsheet_keeps_its_paragraphs() {
    // Excel and WPS copy a cell holding line breaks as "…" spanning several lines.
    let text = small_form("表格粘贴项目", "\t产出指标\t数量指标\t指标甲\t=1(个)\t").replace(
        "\t\t\t<p>第一段。</p><p>第二段。</p>\t\t\n",
        "\t\"总目标一。\n总目标二。\"\t\t\"年度目标一。\n年度目标二。\n年度目标三。\"\t\t\n",
    );
    let report = import_text(&text);
    assert_eq!(report.warnings, []);
    let declaration = form(&report, 0);
    assert_eq!(declaration.overall_goal, "总目标一。\n总目标二。");
    assert_eq!(
        declaration.annual_goal,
        "年度目标一。\n年度目标二。\n年度目标三。"
    );
    assert_eq!(
        shape(declaration),
        [owned("产出指标", "数量指标", &["指标甲"])]
    );
}

#[test]
fn a_title_cell_holding_the_year_line_is_found() {
    // A spreadsheet copies a title cell with a line break in it as a quoted cell.
    let text = small_form("标题单元格项目", "\t产出指标\t数量指标\t指标甲\t=1(个)\t").replacen(
        "财政项目支出绩效目标申报表\n(2026年度)\n",
        "\"财政项目支出绩效目标申报表\n(2026年度)\"\t\t\t\t\t\n",
        1,
    );
    let report = import_text(&text);
    assert_eq!(report.warnings, []);
    let declaration = form(&report, 0);
    assert_eq!(
        (declaration.fiscal_year, declaration.project_name.as_str()),
        (2026, "标题单元格项目")
    );
}
