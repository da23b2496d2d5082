//! The optional signature block (docs/form.md §8) under the table of a form's last page.
//!
//! Pure: no I/O, no PDF types.

use super::text;
use super::{
    Face, LayoutWarning, LayoutWarningKind, Mm, Page, Pt, SIDE_MARGIN, TextRun, baseline_offset,
};

/// Gap between the table and the signature block.
const SIGNATURE_GAP: f32 = 8.0;
/// Height of one line of the signature block.
const SIGNATURE_ROW: f32 = 11.0;
/// Height the signature block needs below the table, gap included, in mm.
pub const SIGNATURE_HEIGHT: f32 = SIGNATURE_GAP + 3.0 * SIGNATURE_ROW;
/// Size of the signature block's text.
const SIGNATURE_SIZE: Pt = Pt(10.5);

/// The optional signature block (docs/form.md §8) at `top`, in two columns: 填报单位（盖章）,
/// 单位负责人（签字） and 财务负责人（签字） on the left; 填报人（签字）, 联系电话 and 填报日期
/// (blanks for 年 月 日 to write by hand) on the right. Each label is followed by a rule to write
/// on; the rules of a column start at one x, after its widest label.
pub(super) fn signature_block(page: &mut Page, top: f32, warnings: &mut Vec<LayoutWarning>) {
    let top = top + SIGNATURE_GAP;
    let columns: [[&str; 3]; 2] = [
        [
            "填报单位（盖章）：",
            "单位负责人（签字）：",
            "财务负责人（签字）：",
        ],
        ["填报人（签字）：", "联系电话：", "填报日期："],
    ];
    let column_x = [SIDE_MARGIN.0, SIDE_MARGIN.0 + 86.0];
    let column_end = [SIDE_MARGIN.0 + 80.0, SIDE_MARGIN.0 + 170.0];
    let mut missing = Vec::new();
    let mut run = |page: &mut Page, text: &str, x: f32, baseline: f32| -> f32 {
        let glyphs = text::resolve(text, Face::Serif, SIGNATURE_SIZE, &mut missing);
        let positions = text::glyph_positions(&glyphs, None, SIGNATURE_SIZE);
        let width = text::line_width(&glyphs).to_mm().0;
        page.runs.push(TextRun {
            text: glyphs.iter().map(|g| g.character).collect(),
            face: Face::Serif,
            size: SIGNATURE_SIZE,
            x: Mm(x),
            y: Mm(baseline - baseline_offset(SIGNATURE_SIZE).0),
            baseline: Mm(baseline),
            width: Mm(width),
            glyph_x: positions.iter().map(|p| p.to_mm()).collect(),
        });
        width
    };
    let label_width = |label: &str| {
        text::line_width(&text::resolve(
            label,
            Face::Serif,
            SIGNATURE_SIZE,
            &mut Vec::new(),
        ))
        .to_mm()
        .0
    };
    for (labels, (x, end)) in columns.iter().zip(column_x.iter().zip(column_end)) {
        let rule_x = x + labels.iter().map(|l| label_width(l)).fold(0.0, f32::max) + 1.0;
        for (i, label) in labels.iter().enumerate() {
            let baseline = top + (i as f32 + 1.0) * SIGNATURE_ROW - 3.0;
            let rule_y = Mm(baseline + 1.0);
            let label_end = x + run(page, label, *x, baseline);
            if label.starts_with("填报日期") {
                // ______年____月____日: blanks of 18, 11 and 11 mm to write in by hand.
                let mut at = label_end + 1.0;
                for (blank, unit) in [(18.0, "年"), (11.0, "月"), (11.0, "日")] {
                    page.rules
                        .push(((Mm(at), rule_y), (Mm(at + blank), rule_y)));
                    at += blank + 0.8;
                    at += run(page, unit, at, baseline) + 0.8;
                }
            } else {
                page.rules.push(((Mm(rule_x), rule_y), (Mm(end), rule_y)));
            }
        }
    }
    for m in missing {
        warnings.push(LayoutWarning {
            field: "签章栏".to_owned(),
            kind: LayoutWarningKind::MissingGlyph(m.character),
        });
    }
}
