//! The findings on every sample form (`assets/examples/`), as a reviewed snapshot.
//!
//! Each line was read and judged by a person against the seed form: the two 2023 values that are
//! missing on the form, the 2026 信息化建设项目 without any 满意度指标, the 2023 habit of putting
//! 成本指标 under 产出指标, a 满意度 target that is not a percentage, and the forms without the
//! 成本指标 that the 2025 指引 expects. If a rule changes, update this list only after reading
//! the new findings the same way.

#![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

use std::fmt::Write as _;
use std::path::Path;

const EXPECTED: &str = "\
2023-信息化建设项目: error: indicators[0][2][0].target: 三级指标「产出指标 › 时效指标 › 工作日故障运维人员抵达现场时间」未填写年度(/项目)指标值
2023-信息化建设项目: error: indicators[1][0][0].target: 三级指标「效益指标 › 可持续影响指标 › 是否支撑基层工作开展」未填写年度(/项目)指标值
2023-信息化建设项目: warning: indicators: 未设置成本指标：「原则上，每一项目均应设置成本指标」（上海市2025年指引）
2023-信息化运维项目: warning: indicators[0][3]: 二级指标「成本指标」放在一级指标「产出指标」下是2025年以前的做法；按现行指标体系，成本指标是一级指标，下设经济成本指标、社会成本指标、生态环境成本指标
2023-信息化运维项目: warning: indicators[2][0]: 二级指标「服务对象满意度」不是一级指标「满意度指标」下的标准二级指标（应为：服务对象满意度指标）
2023-信息化运维项目: warning: indicators[2][0][1].target: 满意度指标「满意度指标 › 服务对象满意度 › 收到涉及技术运维的信访投诉数量」的指标值「≤8(件)」不是百分比，满意度一般以%定量表述（如≥90.00(%)）
2023-党组织建设和党员教育管理: warning: indicators: 未设置成本指标：「原则上，每一项目均应设置成本指标」（上海市2025年指引）
2023-党组织建设和党员教育管理: warning: indicators[2][0][0].target: 满意度指标「满意度指标 › 服务对象满意度指标 › 壮大党员队伍」的指标值「不断吸纳各方面先进分子入党」不是百分比，满意度一般以%定量表述（如≥90.00(%)）
2023-基层党建及队伍教育管理: warning: indicators: 未设置成本指标：「原则上，每一项目均应设置成本指标」（上海市2025年指引）
2023-机关服务费: warning: indicators[0][3]: 二级指标「成本指标」放在一级指标「产出指标」下是2025年以前的做法；按现行指标体系，成本指标是一级指标，下设经济成本指标、社会成本指标、生态环境成本指标
2023-组织部门建设和管理工作经费: warning: indicators: 未设置成本指标：「原则上，每一项目均应设置成本指标」（上海市2025年指引）
2026-信息化建设项目: error: indicators: 缺少一级指标「满意度指标」：产出、效益、满意度指标均应至少设置一个三级指标
2026-信息化建设项目: warning: indicators: 未设置成本指标：「原则上，每一项目均应设置成本指标」（上海市2025年指引）
2026-信息化运维项目: warning: indicators: 未设置成本指标：「原则上，每一项目均应设置成本指标」（上海市2025年指引）
2026-党建服务工作经费: warning: indicators: 未设置成本指标：「原则上，每一项目均应设置成本指标」（上海市2025年指引）
";

#[test]
fn findings_on_every_sample_form_match_the_reviewed_list() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples");
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 11);
    let mut actual = String::new();
    for file in &files {
        let declaration = jixiao::storage::load(file).unwrap();
        let stem = file.file_stem().unwrap().to_string_lossy();
        for finding in jixiao::validate::validate(&declaration) {
            writeln!(
                actual,
                "{stem}: {}: {}: {}",
                finding.severity.id(),
                finding.path,
                finding.message
            )
            .unwrap();
        }
    }
    assert_eq!(actual, EXPECTED);
}
