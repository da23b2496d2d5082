//! A large declaration for tests and benchmarks of scale: the bundled 2026 党建服务工作经费 form
//! with its indicator tree replaced by `level3_count` level-3 indicators spread over the eleven
//! level-2 groups of the standard scheme (docs/form.md §3). Names repeat the sample form's own
//! indicator names with a running number, so every name is unique; targets cycle through the
//! sample's own values (`=100.00(%)`, `=365(天)`, `≥90.00(%)`, 及时).
//!
//! Shared by `tests/` and `benches/` through `#[path]`.

use jixiao::model::{
    Declaration, Level1Indicator, Level2Indicator, Level3Indicator, STANDARD_SCHEME, TargetValue,
};

/// Level-3 names and targets of the 2026 党建服务工作经费 form (`tests/fixtures/forms/forms-2026.txt`).
const SAMPLE: [(&str, &str); 5] = [
    ("阵地包干服务完成率", "=100.00(%)"),
    ("工作验收合格率", "=100.00(%)"),
    ("平台稳定运行天数", "=365(天)"),
    ("处理时效满意度", "≥90.00(%)"),
    ("各项工作完成及时性", "及时"),
];

/// The sample form with `level3_count` level-3 indicators (see the module docs).
pub fn large_declaration(level3_count: usize) -> Declaration {
    let mut declaration = jixiao::ui::initial_declaration();
    let groups: Vec<(&str, &str)> = STANDARD_SCHEME
        .iter()
        .flat_map(|(level1, level2s)| level2s.iter().map(move |level2| (*level1, *level2)))
        .collect();
    let mut tree: Vec<Level1Indicator> = Vec::new();
    for (index, (level1, level2)) in groups.iter().enumerate() {
        // Spread evenly: the first `level3_count % groups` groups take one more.
        let size = level3_count / groups.len() + usize::from(index < level3_count % groups.len());
        let children = (0..size)
            .map(|k| {
                let (name, target) = SAMPLE[k % SAMPLE.len()];
                Level3Indicator::new(format!("{name}{index}-{k}"), TargetValue::parse(target))
            })
            .collect();
        let level2 = Level2Indicator {
            name: (*level2).to_owned(),
            children,
        };
        match tree.last_mut() {
            Some(last) if last.name == *level1 => last.children.push(level2),
            _ => tree.push(Level1Indicator {
                name: (*level1).to_owned(),
                children: vec![level2],
            }),
        }
    }
    declaration.indicators = tree;
    declaration
}
