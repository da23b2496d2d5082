//! The older-layout importers on the real sample forms: sample form `forms-2020.txt` (3 forms of 2020, PDF
//! text) and `forms-2018.txt` (4 forms of 2018, a table exported as tab-separated text), kept in
//! `tests/fixtures/forms/`.
//!
//! Every expected value here was written from reading the seed text, not from the importer's
//! output: header fields, money cells, texts (in full, or for the long ones their exact
//! beginning, end and length in characters), and every target row as
//! `(level-1, level-2, name, value as written on the form)`.

use chrono::NaiveDate;
use jixiao::import::{ImportReport, import_text};
use jixiao::model::{
    Comparator, Declaration, Fields2018, Fields2020, FormFields, FormLayout, LegacyBudget,
    SubBudget, TargetNumber, TargetValue, Yuan,
};
use rust_decimal::Decimal;

const SEED_2020: &str = include_str!("fixtures/forms/forms-2020.txt");
const SEED_2018: &str = include_str!("fixtures/forms/forms-2018.txt");

/// A target row as written on the form: level-1, level-2, name, value.
type Row = (&'static str, &'static str, &'static str, &'static str);

fn import(text: &str) -> ImportReport {
    import_text(text)
}

fn date(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

fn yuan(text: &str) -> Option<Yuan> {
    Decimal::from_str_exact(text).ok()
}

fn fields_2020(declaration: &Declaration) -> &Fields2020 {
    match &declaration.form {
        FormFields::Y2020(fields) => fields,
        other => panic!("expected a 2020 form, got {:?}", other.layout()),
    }
}

fn fields_2018(declaration: &Declaration) -> &Fields2018 {
    match &declaration.form {
        FormFields::Y2018(fields) => fields,
        other => panic!("expected a 2018 form, got {:?}", other.layout()),
    }
}

/// The target rows of a declaration, each value printed in its layout's notation.
fn rows(declaration: &Declaration) -> Vec<(String, String, String, String)> {
    let notation = declaration.layout().target_notation();
    let mut rows = Vec::new();
    for level1 in &declaration.indicators {
        for level2 in &level1.children {
            for level3 in &level2.children {
                rows.push((
                    level1.name.clone(),
                    level2.name.clone(),
                    level3.name.clone(),
                    level3
                        .target
                        .as_ref()
                        .map(|value| value.display(notation))
                        .unwrap_or_default(),
                ));
            }
        }
    }
    rows
}

fn assert_rows(declaration: &Declaration, expected: &[Row]) {
    let expected: Vec<_> = expected
        .iter()
        .map(|(a, b, c, d)| {
            (
                (*a).to_owned(),
                (*b).to_owned(),
                (*c).to_owned(),
                (*d).to_owned(),
            )
        })
        .collect();
    assert_eq!(rows(declaration), expected, "{}", declaration.project_name);
}

/// Checks a long text by its exact beginning, end and length in characters.
fn assert_long_text(actual: &str, start: &str, end: &str, chars: usize) {
    assert!(
        actual.starts_with(start),
        "starts with {start:?}: {actual:?}"
    );
    assert!(actual.ends_with(end), "ends with {end:?}: {actual:?}");
    assert_eq!(actual.chars().count(), chars, "length of {actual:?}");
}

fn forms_2020() -> Vec<Declaration> {
    let report = import(SEED_2020);
    assert_eq!(report.declarations.len(), 3);
    report.declarations
}

fn forms_2018() -> Vec<Declaration> {
    let report = import(SEED_2018);
    assert_eq!(report.declarations.len(), 4);
    report.declarations
}

// ---------------------------------------------------------------------------------------------
// 2020 (forms-2020.txt)

/// The implementation plan is the same on the three 2020 forms; the PDF wraps it mid-date
/// (`202\n0-01-31`, `2020-12-3\n1`) and drops the spaces where it wraps between a date and text.
const PLAN_2020: &str = concat!(
    "1.项目启动 2020-01-01\n",
    "2.项目需求分析 2020-01-31\n",
    "3.项目招标 2020-01-31\n",
    "4.项目合同签订 2020-03-31 资金使用30%\n",
    "5.项目运维验收 2020-11-30 资金使用90%\n",
    "6.项目收尾 2020-12-31 资金使用100%",
);

const TARGETS_2020_MANAGEMENT: [Row; 9] = [
    ("投入与管理", "投入管理", "预算编制合理性", "合理"),
    ("投入与管理", "投入管理", "预算执行率", "=100%"),
    ("投入与管理", "投入管理", "预算资金到位率", "=100%"),
    ("投入与管理", "财务管理", "财务管理制度健全性", "健全"),
    ("投入与管理", "财务管理", "财务监控有效性", "有效"),
    ("投入与管理", "财务管理", "资金使用规范性", "规范"),
    ("投入与管理", "实施管理", "项目管理制度健全性", "健全"),
    ("投入与管理", "实施管理", "政府采购规范性", "合规"),
    ("投入与管理", "实施管理", "合同管理完备性", "完备"),
];

#[test]
fn form_2020_1_电教远教工作经费() {
    let forms = forms_2020();
    let form = &forms[0];
    let fields = fields_2020(form);
    assert_eq!(form.fiscal_year, 2020);
    assert_eq!(form.layout(), FormLayout::Y2020);
    assert_eq!(fields.declaring_unit, "上海市党建服务中心");
    assert_eq!(form.project_name, "电教远教工作经费");
    assert_eq!(fields.project_category, "经常性专项业务费");
    assert_eq!(form.planned_start, date(2020, 1, 1));
    assert_eq!(form.planned_end, date(2020, 12, 31));
    assert_eq!(fields.includes_government_procurement, Some(false));
    assert_eq!(fields.performance_type, "事业/专业类");
    assert_eq!(
        fields.texts.project_overview,
        concat!(
            "1.从2007年下半年开始实施试点项目至今不断完善党员远程教育的推进工作。上海党",
            "员干部现代远程教育网络体系（以下简称本平台）依托四个子平台（互联网子平台、IPT",
            "V子平台、数字电视子平台、移动子平台）共同输送教学资源，以增强上海党员干部现代远",
            "程教育网络体系的可靠性和互补性。\n2.远教系统采用“四网合一”模式搭建，整",
            "合了上海开放大学的资源库管理平台、上海电信公司的IPTV平台、上海东方有线公司的",
            "有线电视平台以及天翼视讯的移动平台，实现“一套节目、四网播出”，技术上先进适用。",
            "本平台采用了先进的信息化手段支持党组织集体收看、高速点播和海量储存、在线互动学习",
            "、移动学习和在线统计等是学习模式的再次创新。\n3.本项目申请的经费主要用于",
            "直播课堂技术服务费、直播课堂运维和远教课件制作。",
        )
    );
    assert_eq!(
        fields.texts.legal_basis,
        concat!(
            "1.《中共中央办公厅关于在全国农村开展党员干部现代远程教育工作的意见》(中办发[",
            "2007]18号)。\n2.《中共上海市委办公厅关于本市开展党员干部现代远程",
            "教育工作的实施意见》（沪委办发[2008]1号 ）。",
        )
    );
    assert_eq!(fields.texts.necessity, "中组部及市委相关文件");
    assert_eq!(
        fields.texts.safeguards,
        concat!(
            "1.完善畅通基层站点网络环境，不断完善视频会议、直播课堂、远程访谈等功能。\n",
            "2.承担市管领导干部摄录像人物和制作电子档案工作。\n3.加强教学资源开发",
            "制作，注重教学资源质量和安全管理。科学制定教学资源建设规划，培植教学资源建设基地",
            "，丰富教学资源内容和形式，提高教学资源建设规模化和专业化水平。",
        )
    );
    assert_eq!(fields.texts.implementation_plan, PLAN_2020);
    assert_eq!(
        form.overall_goal,
        concat!(
            "为各级党组织和党员开展党员教育工作提供丰富、多样、权威的教学内容，满足党员经常性",
            "教育要求，为党员教育提供有力支撑。",
        )
    );
    assert_eq!(form.annual_goal, "");
    assert_eq!(
        fields.budget,
        LegacyBudget {
            project_budget: yuan("3845000"),
            annual_budget: yuan("3845000"),
            prior_year_budget: None,
            prior_year_spent: None,
        }
    );
    let mut expected = TARGETS_2020_MANAGEMENT.to_vec();
    expected.extend([
        ("投入与管理", "资产管理", "固定资产管理规范性", "规范"),
        (
            "产出目标",
            "数量",
            "直播课堂完成直播、录播各类讲座",
            "=50场次",
        ),
        ("产出目标", "数量", "制作党建类远程教育课件", "=20部"),
        ("产出目标", "质量", "工作质量达标率", "=100%"),
        ("产出目标", "时效", "党员宣传教育工作完成及时性", "按时完成"),
        ("产出目标", "成本", "成本控制率", "<=100%"),
        ("效果目标", "经济效益", "平台教育资源提供情况", "满足"),
        ("效果目标", "经济效益", "学习平台技术支持有效性", "有效"),
        (
            "效果目标",
            "社会效益",
            "党建服务中心统筹指导示范作用",
            "成效明显",
        ),
        ("效果目标", "社会效益", "建设优秀示范平台", "全国领先"),
        ("效果目标", "满意度", "平台使用满意度", ">=90%"),
        ("影响力目标", "长效管理", "长效管理机制建设情况", "建立健全"),
        ("影响力目标", "长效管理", "长效管理机制有效性", "有效"),
    ]);
    assert_rows(form, &expected);
    // The values are stored as comparator, number and unit, not as text.
    assert_eq!(
        form.indicators[1].children[0].children[0].target,
        Some(TargetValue::Quantitative {
            comparator: Comparator::Eq,
            number: TargetNumber(Decimal::from(50)),
            unit: "场次".to_owned(),
        })
    );
    assert_eq!(
        form.indicators[2].children[2].children[0].target,
        Some(TargetValue::Quantitative {
            comparator: Comparator::Ge,
            number: TargetNumber(Decimal::from(90)),
            unit: "%".to_owned(),
        })
    );
}

#[test]
fn form_2020_2_远程教育网络体系建设项目() {
    let forms = forms_2020();
    let form = &forms[1];
    let fields = fields_2020(form);
    assert_eq!(fields.declaring_unit, "上海市党建服务中心");
    // Wrapped over two lines with a blank line between.
    assert_eq!(
        form.project_name,
        "上海党员干部现代远程教育网络体系建设项目(运维)"
    );
    assert_eq!(fields.project_category, "其他一次性项目");
    assert_eq!(form.planned_start, date(2020, 1, 1));
    assert_eq!(form.planned_end, date(2020, 12, 31));
    assert_eq!(fields.includes_government_procurement, Some(true));
    assert_eq!(fields.performance_type, "事业/专业类");
    assert_eq!(
        fields.texts.project_overview,
        concat!(
            "中共上海市委组织部在2008年4月至今不断完善党员远程教育的推进工作。上海党员干",
            "部现代远程教育网络体系采用“四网合一”模式搭建，整合了上海开放大学的互联网平台、",
            "上海电信公司的IPTV平台、上海东方有线公司的有线电视平台以及天翼视讯的移动平台",
            "，实现“一套节目、四网播出”，技术上先进适用。本平台采用了先进的信息化手段支持党",
            "组织集体收看、高速点播和海量储存、在线互动学习、移动学习和在线统计分，是学习模式",
            "的再次创新。",
        )
    );
    assert_eq!(
        fields.texts.legal_basis,
        concat!(
            "1.《中共中央办公厅关于在全国农村开展党员干部现代远程教育工作的意见》(中办发〔",
            "2007〕18号)\n2.中共上海市委办公厅关于本市开展党员干部现代远程教育",
            "工作的实施意见》（沪委办发〔2008〕1号）",
        )
    );
    assert_eq!(
        fields.texts.necessity,
        concat!(
            "本项目可以满足上海党员干部现代远程教育网络学习平台和党建统计平台的软件维护、硬件",
            "维护及平台运行监测的要求。",
        )
    );
    assert_eq!(
        fields.texts.safeguards,
        concat!(
            "1.严格按照有关法律、法规和财务管理制度执行，实施项目，加快推进。\n2.运",
            "维总体管理由上海开放大学承担，所有运维均为7×24小时服务。\n3.每月组织",
            "项目例会，所有项目参与方集中交流相关运维情况，包括运行总体情况汇报、每周运行记录",
            // The number 4 and its dot were split over two lines.
            "、接报处理情况等，提供相关运维数据，对单方面无法解决的问题集体协调等。\n4",
            ".在项目任务完成、目标实现后，及时形成项目实施总结报告，对项目实现的效果与预期目",
            "标对照检查，进行验收。",
        )
    );
    assert_eq!(fields.texts.implementation_plan, PLAN_2020);
    assert_eq!(
        form.overall_goal,
        concat!(
            "上海市党员干部现代远程教育网络体系运维覆盖全市街镇村居、机关、国有企事业单位、两",
            "新组织等各类党组织的视频类课件互动教育网络平台，并根据中组部提出的党员教育要上电",
            "视、上手机、上互联网的“三上”要求,在满足日常业务需求的同时，做到设备资产明晰、",
            "网络运行稳定、事件处置有方、安全措施有效、服务管理有章可循、运维管理指标量化，更",
            "好的为基层党组织与党员提供高质量服务。",
        )
    );
    assert_eq!(form.annual_goal, "");
    assert_eq!(
        fields.budget,
        LegacyBudget {
            project_budget: yuan("1759973"),
            annual_budget: yuan("1759973"),
            prior_year_budget: yuan("2055983"),
            prior_year_spent: yuan("2055983"),
        }
    );
    let mut expected = TARGETS_2020_MANAGEMENT.to_vec();
    expected.extend([
        ("产出目标", "数量", "平台日常维护工作完成率", "=100%"),
        ("产出目标", "数量", "资源制作、节目发布完成率", "=100%"),
        ("产出目标", "质量", "运维服务验收达标率", "=100%"),
        ("产出目标", "时效", "故障处理修复及时性", "=100%"),
        ("产出目标", "成本", "成本控制率", "<=100%"),
        ("效果目标", "经济效益", "现场设备软硬件健康巡检", "定期"),
        ("效果目标", "经济效益", "故障设备的报修与更换", "及时"),
        ("效果目标", "社会效益", "平台等保测评", "符合相关规定要求"),
        ("效果目标", "社会效益", "远教平台领先地位", "国内领先"),
        ("效果目标", "满意度", "平台使用满意度", ">=90%"),
        ("影响力目标", "长效管理", "长效管理机制建设情况", "建立健全"),
        ("影响力目标", "长效管理", "长效管理机制及其有效性", "有效"),
    ]);
    assert_rows(form, &expected);
}

#[test]
fn form_2020_3_远程教育网络体系运维() {
    let forms = forms_2020();
    let form = &forms[2];
    let fields = fields_2020(form);
    assert_eq!(fields.declaring_unit, "上海市党建服务中心");
    // Wrapped mid-word over three lines.
    assert_eq!(
        form.project_name,
        "上海市党员干部现代远程教育网络体系运维（非信息化项目）"
    );
    assert_eq!(fields.project_category, "经常性专项业务费");
    assert_eq!(form.planned_start, date(2020, 1, 1));
    assert_eq!(form.planned_end, date(2020, 12, 31));
    assert_eq!(fields.includes_government_procurement, Some(false));
    assert_eq!(fields.performance_type, "事业/专业类");
    assert_eq!(
        fields.texts.project_overview,
        concat!(
            "1.上海党员干部现代远程教育网络体系依托四个子平台（互联网子平台、IPTV子平台",
            "、数字电视子平台、移动子平台）共同输送教学资源，以增强上海党员干部现代远程教育网",
            "络体系的可靠性和互补性。\n2.远教系统采用“四网合一”模式搭建，整合了上海",
            "开放大学的资源库管理平台、上海电信公司的IPTV平台、上海东方有线公司的有线电视",
            "平台以及天翼视讯的移动平台，实现“一套节目、四网播出”，技术上先进适用。\n",
            "3.远教系统平台采用了先进的信息化手段支持党组织集体收看、高速点播和海量储存、在",
            "线互动学习、移动学习和在线统计等是学习模式的再次创新。\n4.申请的运维经费",
            "主要用于IPTV平台、上海党员远程教育数字互动电视平台运维费。 这四",
            "项预算数，为去年信息化预算批复数。 今年改为非信息化项目。",
            "这四项预算数，为去年信息化预算批复数。 今",
            "年改为非信息化项目。",
        )
    );
    assert_eq!(
        fields.texts.legal_basis,
        concat!(
            "1.《中共中央办公厅关于在全国农村开展党员干部现代远程教育工作的意见》(中办发[",
            "2007]18号)。\n2.《中共上海市委办公厅关于本市开展党员干部现代远程",
            "教育工作的实施意见》（沪委办发[2008]1号 ）。\n3.《中共中央组织部",
            "办公厅关于做好全国党员干部现代远程教育终端接受系统改版升级工作有关事项的通知》（",
            "组厅字［2015］21号）。\n4.广电总局《关于促进高清电视发展的通知》。",
        )
    );
    assert_eq!(
        fields.texts.necessity,
        concat!(
            "对前期建设的IPTV平台、上海党员远程教育数字互动电视平台进行年度运维，涉及相关",
            "的硬件和软件系统，通过维护，使网络平台正常运行。",
        )
    );
    assert_eq!(
        fields.texts.safeguards,
        concat!(
            "1.由具有领导协调小组办公室职能的上海市党建服务中心，承担远程教育工作的指导、管",
            "理和协调任务。并由上海开放大学具体承办，上海电信和东方有线有关人员组成。\n",
            "2.严格按照有关管理制度及财务管理制度实施项目，保证资金安全使用。",
        )
    );
    // Here the PDF wrapped right after `2020-12-31` instead of inside it.
    assert_eq!(fields.texts.implementation_plan, PLAN_2020);
    assert_eq!(
        form.overall_goal,
        "确保上海市党员干部现代远程教育网络系统安全稳定运行，提高网络系统的运行保障能力。"
    );
    assert_eq!(
        fields.budget,
        LegacyBudget {
            project_budget: yuan("2592000"),
            annual_budget: yuan("2592000"),
            prior_year_budget: yuan("2880000"),
            prior_year_spent: yuan("2880000"),
        }
    );
    let mut expected = TARGETS_2020_MANAGEMENT.to_vec();
    expected.extend([
        ("产出目标", "数量", "运维服务完成率", "=100%"),
        ("产出目标", "质量", "维护文档资料完整性", "=100%"),
        ("产出目标", "质量", "运维服务验收达标率", "=100%"),
        ("产出目标", "时效", "故障处理修复及时性", "=100%"),
        ("产出目标", "成本", "成本控制率", "<=100%"),
        ("效果目标", "经济效益", "现场设备软硬件健康巡检", "定期巡检"),
        ("效果目标", "经济效益", "故障设备的报修与更换", "及时"),
        ("效果目标", "社会效益", "整体系统服务情况", "正常"),
        ("效果目标", "社会效益", "建设优秀示范性平台", "全国领先"),
        ("效果目标", "满意度", "使用人员满意度测评", ">=90%"),
        ("影响力目标", "长效管理", "长效管理机制建设情况", "建立健全"),
        ("影响力目标", "长效管理", "长效管理里机制有效性", "有效"),
    ]);
    assert_rows(form, &expected);
}

// ---------------------------------------------------------------------------------------------
// 2018 (forms-2018.txt)

#[test]
fn form_2018_1_远程网络体系运维费() {
    let forms = forms_2018();
    let form = &forms[0];
    let fields = fields_2018(form);
    assert_eq!(form.fiscal_year, 2018);
    assert_eq!(form.layout(), FormLayout::Y2018);
    assert_eq!(fields.declaring_unit, "上海市党建服务中心");
    assert_eq!(
        form.project_name,
        "上海市党员干部现代远程网络体系运维费(非信息化项目)"
    );
    assert_eq!(fields.project_type, "其他经常性项目");
    // The 资金用途 row lost its label; its options stand on a second 项目类型 row.
    assert_eq!(fields.fund_use, "政府购买服务");
    assert_eq!(form.planned_start, date(2018, 1, 1));
    assert_eq!(form.planned_end, date(2018, 12, 31));
    assert_long_text(
        &fields.texts.project_overview,
        "上海党员干部现代远程教育网络体系（以下简称本平台）依托四个子",
        "申请的经费主要用于平台课件制作费用,直播课堂技术制作费用等。",
        291,
    );
    assert_eq!(
        fields.texts.legal_basis,
        "根据《中共中央组织部办公厅关于做好全国党员干部现代远程教育终端接受系统改版升级工作有关事项的通知》〈组厅字[2015]21号〉。"
    );
    assert_long_text(
        &fields.texts.necessity,
        "让党员干部受教育，让市民群众得实惠。建设覆盖全市街镇村居、机",
        "收看、高速点播、在线互动学习、移动学习和在线统计上十分便捷。",
        164,
    );
    assert_long_text(
        &fields.texts.safeguards,
        "上海市党员干部现代远程教育网络系统（既四网合一）实现了对播出",
        "。同时，系统运行过程中的各关键因素具有严格的监控和管理手段。",
        247,
    );
    assert!(
        fields
            .texts
            .safeguards
            .contains("可以有效保障节目播出安全。")
    );
    assert_eq!(
        fields.texts.implementation_plan,
        "项目启动 2018-01-01 项目需求分析 2018-01-31 项目招标 2018-01-31 项目合同签订 2018-03-31"
    );
    assert_eq!(
        form.overall_goal,
        "数字互动电视平台、IPTV平台、高清云平台正常运行"
    );
    assert_eq!(
        form.annual_goal,
        "保障整体系统服务正常 保障节目制作流程正常 保障系统配套软件使用正常 保障节目传输正常"
    );
    assert_eq!(
        fields.budget,
        LegacyBudget {
            project_budget: yuan("2880000"),
            annual_budget: yuan("2880000"),
            prior_year_budget: yuan("2879120"),
            prior_year_spent: yuan("2879120"),
        }
    );
    assert_eq!(
        fields.sub_budgets,
        [
            SubBudget {
                name: "数字互动电视平台运维".to_owned(),
                amount: yuan("1070000"),
            },
            SubBudget {
                name: "IPTV平台运维".to_owned(),
                amount: yuan("1100000"),
            },
            SubBudget {
                name: "高清平台云服务".to_owned(),
                amount: yuan("710000"),
            },
        ]
    );
    assert_eq!(fields.remarks, "");
    assert_rows(
        form,
        &[
            (
                "投入和管理目标",
                "",
                "加强制度建设如运维制度与规范",
                "保证本平台的安全稳定运行",
            ),
            (
                "投入和管理目标",
                "",
                "保障节目制作流程正常",
                "让党员干部受教育，让市民群众得实惠",
            ),
            (
                "投入和管理目标",
                "",
                "定期现场设备软硬件健康巡检",
                "系统运行过程中的各关键因素具有严格的监控和管理手段。",
            ),
            ("产出目标", "", "质量目标", "平台正常运行"),
            (
                "产出目标",
                "",
                "时效目标",
                "高速点播、在线互动学习、移动学习",
            ),
            ("产出目标", "", "成本目标", "通过招邀标控制成本"),
            (
                "效果目标",
                "",
                "社会效益目标",
                "为巩固远教阵地，创新载体手段，拓展服务功能，推动站点学用的思路，完成中组部对远程教育工作提出的要提高流媒体传输速度和质量、确保网络畅通",
            ),
            (
                "效果目标",
                "",
                "可持续目标",
                "力争将上海党员干部现代远程教育平台建设成为全国优秀的示范平台",
            ),
            (
                "效果目标",
                "",
                "持续示范平台目标",
                "力争将上海党员干部现代远程教育平台建设成为全国优秀的示范平台",
            ),
            ("影响力目标", "", "满意度目标", "用户满意度达90%"),
        ],
    );
}

#[test]
fn form_2018_2_弱电会议系统() {
    let forms = forms_2018();
    let form = &forms[1];
    let fields = fields_2018(form);
    assert_eq!(fields.declaring_unit, "上海市组织人事信息技术服务中心");
    assert_eq!(form.project_name, "组织部弱电会议系统（运维）");
    assert_eq!(fields.project_type, "其他一次性项目");
    assert_eq!(fields.fund_use, "信息化建设类");
    assert_eq!(form.planned_start, date(2018, 1, 1));
    assert_eq!(form.planned_end, date(2018, 12, 31));
    assert_eq!(
        fields.texts.project_overview,
        "本项目针对已建设完成并投入使用的组织部弱电会议系统进行运行维护。"
    );
    assert_eq!(
        fields.texts.legal_basis,
        "本项目已正式投入使用，并按照经信委要求完成验收。"
    );
    assert_eq!(
        fields.texts.necessity,
        "保障组织部弱电会议系统的正常运作及日常维护。"
    );
    assert_eq!(
        fields.texts.safeguards,
        "上海市组织人事信息技术服务中心信息化项目管理办法。"
    );
    assert_eq!(fields.texts.implementation_plan, "2018年年内完成。");
    assert_eq!(form.overall_goal, "确保组织部弱电会议系统的正常运作。");
    assert_eq!(
        form.annual_goal,
        "确保组织部弱电会议系统高效、安全、稳定运行。"
    );
    assert_eq!(
        fields.budget,
        LegacyBudget {
            project_budget: yuan("300000"),
            annual_budget: yuan("300000"),
            prior_year_budget: yuan("200000"),
            prior_year_spent: yuan("200000"),
        }
    );
    // 「无」 stays a line named 无 with no amount.
    assert_eq!(
        fields.sub_budgets,
        [SubBudget {
            name: "无".to_owned(),
            amount: None,
        }]
    );
    assert_eq!(fields.remarks, "");
    assert_rows(
        form,
        &[
            ("投入和管理目标", "", "财务竣工报告编制及时性", "及时"),
            ("产出目标", "", "信息传递速度", "大于等于10000kb"),
            ("效果目标", "", "社会公众或服务对象满意值", "0"),
            ("影响力目标", "", "人员到位率", "100%"),
        ],
    );
}

#[test]
fn form_2018_3_干部考评和人才发展工作经费() {
    let forms = forms_2018();
    let form = &forms[2];
    let fields = fields_2018(form);
    assert_eq!(
        fields.declaring_unit,
        "上海市领导干部考试和测评中心（上海市经营者人才发展中心）"
    );
    assert_eq!(form.project_name, "干部考评和人才发展工作经费");
    assert_eq!(fields.project_type, "经常性专项业务费");
    assert_eq!(fields.fund_use, "其他事业专业类");
    // `2018. 1. 1`
    assert_eq!(form.planned_start, date(2018, 1, 1));
    assert_eq!(form.planned_end, date(2018, 12, 31));
    // The three long texts were cut at 255 characters by the online system.
    assert_long_text(
        &fields.texts.project_overview,
        "（1）按照中组部党政领导干部公开选拔和竞争上岗工作要求，以及",
        "统战部、市社会工作党委、市工商联等党委（部门）推荐的优秀企业",
        255,
    );
    assert_long_text(
        &fields.texts.legal_basis,
        "本项目预算立项根据以下文件规定并开展相关工作： （1）《党政",
        "争上岗考试应从全国领导干部考试通用题库和经中央组织部认定合格",
        255,
    );
    assert_long_text(
        &fields.texts.necessity,
        "本项目设立的必要性为： （1）依据（中发【2014】3号）、",
        "评工具系统、心理素质和健康测试工具、综合知识和管理能力题库等",
        255,
    );
    // Starts on the unlabelled row above its label, continues in `<p>` paragraphs.
    assert_eq!(
        fields.texts.safeguards,
        concat!(
            "为保证项目的实施，在具体管理上实行中心领导和项目负责人分级管理的体制并采取以下措施：",
            " （1）中心领导必须遵循专项资金使用的相关规定，确保项目任务的按时完成；\n",
            "(2) 中心领导必须严格做到专款专用、科学管理、严格监管，充分体现财政专项资金使用的社会效益；\n",
            "(3) 项目负责人对项目实施负有直接责任，要按照项目计划和经费管理的有关规定和项目合同（任务书）",
            "要求开展考试测评、评审、鉴定、委托开发等相关工作和使用经费，并对项目申报、执行、经费使用及",
            "结题、鉴定、验收等全过程进行科学规范管理；\n",
            "(4) 项目负责人要确保各项目开",
        )
    );
    assert_eq!(
        fields.texts.implementation_plan,
        concat!(
            "本项目实施计划按照各分项目的性质分成五种类型推进：\n",
            "一是领导干部公开选拔和竞争上岗考试和测评等日常考务工作，根据市委组织部、市级党政机关以及",
            "市管企事业单位（包括部分中管企业）等在整年度中开展相关工作的计划需要，由中心提供相关考务服务，",
            "并负责聘请相关专家开展相应的试卷命题、阅卷、面试、测评等工作；\n",
            "二是在测评工具开发更新、综合知识和管理能力题库开发方面，拟按照各项目的侧重点，分阶段推进：\n",
            "第一季度：各分项目准备阶段。对各分项目进行技术准备、前期调研、专家论证、课题立项，",
            "形成项目具体实施方案；\n",
            "第二、三季度：",
        )
    );
    assert_eq!(
        form.overall_goal,
        concat!(
            "本项目需达到的总目标为：\n",
            "一是在继续服务干部竞争性选拔，提供考试测评优质服务的基础上，在积极探索建立干部测评工作服务",
            "干部工作的机制，积极发挥干部测评工作在干部工作中的服务功能、在测试测评服务干部考核考察培养",
            "使用的具体过程（或环节）中，在提供各个干部处切实需要的相关测试评价服务方面有新的进展。\n",
            "二是通过考试测评工具与系统的开发和更新，在提高领导干部考试测评技术的科学性和实用性，",
            "建立人才信息库，推进数据库建设方面取得新的进展。\n",
            "三是在积极探索专职外部董事制度，不断完善企业法人治理结构，为市管国有企业外部董事、",
        )
    );
    assert_eq!(
        form.annual_goal,
        concat!(
            "本项目的年度绩效目标具体表现为：\n",
            "一是在发挥职能作用服务干部工作加快推进干部测评工作转型发展方面，能提供中组部需要的相关工作经验；\n",
            "二是为市委组织部、市级党政机关以及市管企事业单位（包括部分中管企业）承担各级领导干部公开",
            "选拔和竞争上岗1500人次以上的考务工作；\n",
            "三是完成测评工具开发与更新、综合知识和管理能力题库的开发任务，并投入正式使用。\n",
            "四是在市管国有企业外部董事、外派监事专业资格认定委员会的领导下，会同市国资党委，",
            "做好部分市管企业近30名外部董事、外派监事人选的组织推荐与资格认定工作。\n",
            "五是筹办一场",
        )
    );
    // Blank money cells stay blank.
    assert_eq!(
        fields.budget,
        LegacyBudget {
            project_budget: yuan("1665500"),
            annual_budget: yuan("1665500"),
            prior_year_budget: None,
            prior_year_spent: None,
        }
    );
    // A spare empty cell sits between name and amount.
    assert_eq!(
        fields.sub_budgets,
        [
            SubBudget {
                name: "考试、测评工作经费".to_owned(),
                amount: yuan("868500"),
            },
            SubBudget {
                name: "经营者管理人才服务、选拔工作经费".to_owned(),
                amount: yuan("797000"),
            },
        ]
    );
    assert_eq!(fields.remarks, "");
    assert_rows(
        form,
        &[
            ("投入和管理目标", "", "预算执行率", "≥90"),
            (
                "投入和管理目标",
                "",
                "财务（资产）管理制度健全性",
                "建立有关制度",
            ),
            ("投入和管理目标", "", "项目管理制度执行的有效性", "≥95"),
            ("产出目标", "", "数量", "考务完成量≥1500人次"),
            ("产出目标", "", "质量", "系统工具正式投入使用"),
            ("产出目标", "", "时效", "年内完成"),
            (
                "效果目标",
                "",
                "推进干部人事制度改革",
                "评审专家完成考试测评前期工作",
            ),
            (
                "效果目标",
                "",
                "促进测评业务转型发展",
                "测评工具完成开发更新",
            ),
            ("效果目标", "", "服务对象满意度", "≥95"),
            ("影响力目标", "", "信息共享", "≥90"),
        ],
    );
}

#[test]
fn form_2018_4_在线学习工作经费() {
    let forms = forms_2018();
    let form = &forms[3];
    let fields = fields_2018(form);
    assert_eq!(fields.declaring_unit, "上海市干部教育中心");
    assert_eq!(form.project_name, "在线学习工作经费");
    assert_eq!(fields.project_type, "经常性专项业务费");
    assert_eq!(fields.fund_use, "其他事业专业类");
    // `2018年1月1日`
    assert_eq!(form.planned_start, date(2018, 1, 1));
    assert_eq!(form.planned_end, date(2018, 12, 31));
    assert_long_text(
        &fields.texts.project_overview,
        "2005年，为全面落实大规模培训干部战略任务，市委组织部牵头",
        "干部教育培训的覆盖面，是上海干部教育培训体系的重要组成部分。",
        197,
    );
    assert_long_text(
        &fields.texts.legal_basis,
        "《干部教育培训工作条例》《关于在全市干部中开展在线学习的通知",
        "2018-2022年上海市干部教育培训规划（征求意见稿）》等",
        151,
    );
    assert_long_text(
        &fields.texts.necessity,
        "干部在线学习是改进干部教育培训内容和方式的有效手段，也是信息",
        "，提升学习互动性、体验性，提高干部教育培训的针对性和有效性。",
        166,
    );
    assert_long_text(
        &fields.texts.safeguards,
        "自2005年起，每年持续投入约1000万资金用于网络培训内容",
        "（共12个），《上海市干部教育中心财务管理制度》（共6个）。",
        146,
    );
    assert_long_text(
        &fields.texts.implementation_plan,
        "根据财务预算批复时间和政府采购要求实施。一是优化PC端平台、",
        "，五是结合市委市政府和部中心工作做好学员教学服务及组织活动。",
        132,
    );
    assert_long_text(
        &form.overall_goal,
        "贯彻落实习近平新时代中国特色社会主义思想 and 党的十九大",
        "养造就一支适应新时代上海发展需要的高素质专业化干部队伍服务。",
        137,
    );
    assert_long_text(
        &form.annual_goal,
        "1. 两个平台融合发展。PC平台持续稳定，移动平台创新发展。",
        "展网络等保三级建设。注重满意度，继续推进学员获得感、满意度。",
        155,
    );
    // `6430000.00`, and the sub-budget label on the second row.
    assert_eq!(
        fields.budget,
        LegacyBudget {
            project_budget: yuan("10310000"),
            annual_budget: yuan("10310000"),
            prior_year_budget: yuan("10310000"),
            prior_year_spent: yuan("9912000"),
        }
    );
    assert_eq!(
        fields.sub_budgets,
        [
            SubBudget {
                name: "平台内容建设及学员".to_owned(),
                amount: yuan("6430000.00"),
            },
            SubBudget {
                name: "系统运维及学习支持".to_owned(),
                amount: yuan("3880000.00"),
            },
        ]
    );
    // `备注\t` followed by the `----\t--` decoration.
    assert_eq!(fields.remarks, "");
    assert_rows(
        form,
        &[
            ("投入和管理目标", "", "安全事故发生情况", "=0"),
            ("产出目标", "", "在线学习招生人数", "≤150000"),
            ("效果目标", "", "在学人员满意度", "≥70.00%"),
            ("影响力目标", "", "市管干部覆盖率", "=100.00%"),
            ("影响力目标", "", "处级干部覆盖率", "≥90.00%"),
            ("影响力目标", "", "科级及以下干部覆盖率", "≥80.00%"),
        ],
    );
    assert_eq!(
        form.indicators[2].children[0].children[0].target,
        Some(TargetValue::Quantitative {
            comparator: Comparator::Ge,
            number: TargetNumber(Decimal::from_str_exact("70.00").unwrap()),
            unit: "%".to_owned(),
        })
    );
}

#[test]
fn every_2018_group_holds_one_unnamed_level2() {
    for form in forms_2018() {
        for level1 in &form.indicators {
            assert_eq!(level1.children.len(), 1, "{}", level1.name);
            assert_eq!(level1.children[0].name, "");
        }
    }
}

#[test]
fn every_seed_value_prints_back_as_written() {
    // The rows above compare printed values with the seed; this also checks that parsing the
    // printed value gives the same value again, in each layout's own notation.
    for form in forms_2020().iter().chain(&forms_2018()) {
        let notation = form.layout().target_notation();
        for (_, level3) in form.level3_indicators() {
            let value = level3.target.as_ref().expect("every seed row has a value");
            let printed = value.display(notation);
            assert_eq!(
                TargetValue::parse(&printed).as_ref(),
                Some(value),
                "{printed}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Warnings and damage

#[test]
fn the_seed_files_import_without_warnings() {
    for (seed, forms) in [(SEED_2020, 3), (SEED_2018, 4)] {
        let report = import(seed);
        assert_eq!(report.declarations.len(), forms);
        assert_eq!(report.warnings, []);
    }
}

#[test]
fn unplaced_2020_text_is_reported_with_its_line() {
    let text = concat!(
        "财政项目支出绩效目标表\n",
        "（2020年度）\n",
        "第 1 页 共 2 页\n",
        "申报单位名称：某单位\n",
        "项目名称： 某项目 项目类别： 其他一次性项目\n",
        "本项目上年度市级财政资金使用情况\n",
        "孤立的一行\n",
        "项目总预算（元）： 一百万 项目当年预算（元）： 1,000\n",
        " 2020年绩效目标\n",
        "一级目标 二级目标 三级目标 指标目标值\n",
        "指标甲 =1次\n",
        "产出目标\n",
        "数量\n",
        "指标乙\n",
        "\n",
        "指标丙 =2次\n",
    );
    let report = import(text);
    assert_eq!(report.declarations.len(), 1);
    let form = &report.declarations[0];
    assert_eq!(form.project_name, "某项目");
    assert_eq!(fields_2020(form).budget.annual_budget, yuan("1000"));
    assert_eq!(fields_2020(form).budget.project_budget, None);
    let lines: Vec<usize> = report.warnings.iter().map(|w| w.line).collect();
    assert!(report.warnings.iter().all(|w| w.form == Some(0)));
    let message = |line: usize| {
        report
            .warnings
            .iter()
            .filter(|w| w.line == line)
            .map(|w| w.message.clone())
            .collect::<Vec<_>>()
            .join(" / ")
    };
    assert!(message(3).contains("第 1 页 共 2 页"), "{lines:?}");
    assert!(message(7).contains("孤立的一行"), "{lines:?}");
    assert!(message(8).contains("一百万"), "{lines:?}");
    assert!(message(11).contains("指标甲"), "{lines:?}");
    assert!(message(14).contains("指标乙"), "{lines:?}");
    // Nothing is dropped: the rows without a place or value are still in the tree.
    let names: Vec<_> = form
        .level3_indicators()
        .map(|(_, level3)| level3.name.clone())
        .collect();
    assert_eq!(names, ["指标甲", "指标乙", "指标丙"]);
}

#[test]
fn unplaced_2018_text_is_reported_with_its_line() {
    let text = concat!(
        "上海市财政支出项目绩效目标申报表\n",
        "(2018年)\n",
        "申报单位名称：某单位\n",
        "项目名称\t某项目\t\t\n",
        "项目类型\t结转项目 <input checked=\"\" type=\"checkbox\"/> 其他一次性项目 <input checked=\"\" type=\"checkbox\"/>\n",
        "未知栏目\t某内容\n",
        "开始时间\t2018/1/1\t结束时间\t明年\n",
        "\t无主的一段话\t\t\n",
        "项目总预算（元）\t1000\t项目当年预算（元）\t1000\n",
        "分解目标内容\t绩效指标\t指标目标值\n",
        "\t指标甲\t=1\t多余\n",
        "备注\t无\n",
    );
    let report = import(text);
    assert_eq!(report.declarations.len(), 1);
    let form = &report.declarations[0];
    let fields = fields_2018(form);
    assert_eq!(fields.project_type, "结转项目");
    assert_eq!(form.planned_start, date(2018, 1, 1));
    assert_eq!(form.planned_end, None);
    assert_eq!(fields.remarks, "无");
    let lines: Vec<usize> = report.warnings.iter().map(|w| w.line).collect();
    assert_eq!(lines, [5, 6, 7, 8, 11, 11], "{:#?}", report.warnings);
    assert!(report.warnings[0].message.contains("其他一次性项目"));
    assert!(report.warnings[1].message.contains("某内容"));
    assert!(report.warnings[2].message.contains("明年"));
    assert!(report.warnings[3].message.contains("无主的一段话"));
}

#[test]
fn missing_parts_are_reported() {
    let report = import("财政项目支出绩效目标表\n（2020年度）\n项目名称： 只有名称\n");
    assert_eq!(report.declarations[0].project_name, "只有名称");
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.message.contains("绩效目标表"))
    );
    let report = import("上海市财政支出项目绩效目标申报表\n(2018年)\n项目名称\t只有名称\n");
    assert_eq!(report.declarations[0].project_name, "只有名称");
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.message.contains("分解目标表"))
    );
}

#[test]
fn truncated_forms_do_not_panic() {
    for seed in [SEED_2020, SEED_2018] {
        let lines: Vec<&str> = seed.lines().collect();
        // Cut after every line: every form ends early once, at every row.
        for end in 0..=lines.len() {
            let report = import(&lines[..end].join("\n"));
            assert!(report.declarations.len() <= 4);
        }
        // Cut every 50th character, mid-line and mid-character-sequence.
        let chars: Vec<(usize, char)> = seed.char_indices().collect();
        for (offset, _) in chars.iter().step_by(50) {
            let report = import(&seed[..*offset]);
            assert!(report.declarations.len() <= 4);
        }
        // Every form on its own, cut at every 50th line of the file.
        for start in (0..lines.len()).step_by(50) {
            let report = import(&lines[start..].join("\n"));
            assert!(report.declarations.len() <= 4);
        }
    }
}
