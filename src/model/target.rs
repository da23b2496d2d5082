//! Target values (指标值): comparator, number and unit, or qualitative text (docs/form.md §4).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Units seen on the sample forms, offered by the editor's unit box (free text stays allowed).
pub const COMMON_UNITS: &[&str] = &[
    "%",
    "次",
    "天",
    "个",
    "人",
    "部",
    "期",
    "家",
    "条/周",
    "分钟",
    "小时",
    "件",
    "分",
    "元",
    "万页",
    "场次",
    "元/人/天",
    "元/课时",
];

/// The number of a quantitative target exactly as written: `100` and `100.00` are different
/// numbers here (unlike [`Decimal`]'s own equality, which ignores the scale), because the form
/// prints them differently and a change from one to the other is a change to the document.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TargetNumber(pub Decimal);

impl TargetNumber {
    /// Reads a plain decimal (`90`, `100.00`), keeping its scale; `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        Decimal::from_str_exact(text).ok().map(Self)
    }
}

impl PartialEq for TargetNumber {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0 && self.0.scale() == other.0.scale()
    }
}

impl Eq for TargetNumber {}

impl std::hash::Hash for TargetNumber {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.normalize().hash(state);
        self.0.scale().hash(state);
    }
}

impl std::fmt::Display for TargetNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.0, f)
    }
}

/// 计算符号: the comparator of a quantitative target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Comparator {
    /// `=`
    Eq,
    /// `≥`
    Ge,
    /// `≤`
    Le,
    /// `>`
    Gt,
    /// `<`
    Lt,
}

impl Comparator {
    /// All comparators, in the order the editor offers them.
    pub const ALL: [Self; 5] = [Self::Eq, Self::Ge, Self::Le, Self::Gt, Self::Lt];

    /// The sign printed on the current layout: `=`, `≥`, `≤`, `>`, `<`.
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Eq => "=",
            Self::Ge => "≥",
            Self::Le => "≤",
            Self::Gt => ">",
            Self::Lt => "<",
        }
    }

    /// The ASCII spelling older forms use: `=`, `>=`, `<=`, `>`, `<`.
    pub fn ascii(self) -> &'static str {
        match self {
            Self::Eq => "=",
            Self::Ge => ">=",
            Self::Le => "<=",
            Self::Gt => ">",
            Self::Lt => "<",
        }
    }
}

/// 指标值: what a level-3 indicator promises.
///
/// Quantitative values keep their number exactly as written (`100` and `100.00` differ, as
/// `rust_decimal` keeps the scale), their comparator and their unit separately, as the online
/// budget system does. Anything that is not in a recognised notation is kept verbatim as
/// qualitative text, never dropped.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TargetValue {
    /// 定量: e.g. `≥90.00(%)`.
    Quantitative {
        /// 计算符号.
        comparator: Comparator,
        /// The number as written, scale kept.
        number: TargetNumber,
        /// 计量单位, e.g. `%`, `天`, `元/人/天`; empty when the form gives none.
        unit: String,
    },
    /// 定性: free text, e.g. 及时, 合格, 6月底前.
    Qualitative(String),
}

/// How a layout writes target values (see [`crate::model::FormLayout::target_notation`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetNotation {
    /// Current layout: `=100.00(%)`, `≥90(%)`, `=5` when there is no unit.
    Current,
    /// 2020 layout: `>=90%`, `<=100%`, `=50场次`.
    Ascii,
    /// 2018 layout: `≥70.00%`, `=0`, `≤150000`.
    Inline,
}

impl TargetValue {
    /// Reads a written target value. Accepts the current notation (`=100.00(%)`), ASCII
    /// comparators (`>=90%`, `<=100%`), full-width signs and brackets (`＝100（％）`, `≧`), a
    /// space before the bracket (`≥90 (%)`), a unit without brackets (`=50场次`) and no unit
    /// (`≥95`). Anything else is kept, trimmed, as [`TargetValue::Qualitative`]. Blank text gives
    /// `None`. Never fails and never panics.
    pub fn parse(text: &str) -> Option<Self> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return None;
        }
        Some(parse_quantitative(trimmed).unwrap_or_else(|| Self::Qualitative(trimmed.to_owned())))
    }

    /// Prints the value as `notation`'s forms do.
    pub fn display(&self, notation: TargetNotation) -> String {
        match self {
            Self::Qualitative(text) => text.clone(),
            Self::Quantitative {
                comparator,
                number,
                unit,
            } => match notation {
                TargetNotation::Current if unit.is_empty() => {
                    format!("{}{number}", comparator.symbol())
                }
                TargetNotation::Current => format!("{}{number}({unit})", comparator.symbol()),
                TargetNotation::Ascii => format!("{}{number}{unit}", comparator.ascii()),
                TargetNotation::Inline => format!("{}{number}{unit}", comparator.symbol()),
            },
        }
    }

    /// Whether this is a quantitative (定量) value.
    pub fn is_quantitative(&self) -> bool {
        matches!(self, Self::Quantitative { .. })
    }
}

impl std::fmt::Display for TargetValue {
    /// The current layout's notation, e.g. `=100.00(%)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.display(TargetNotation::Current))
    }
}

/// Splits `text` into comparator, number and unit, or `None` when it is not in such a notation.
fn parse_quantitative(text: &str) -> Option<TargetValue> {
    let normalized: String = text.chars().map(normalize_char).collect();
    let (comparator, rest) = split_comparator(&normalized)?;
    let rest = rest.trim_start();
    let number_len = rest
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.' || *c == ','))
        .map_or(rest.len(), |(i, _)| i);
    let (number_text, unit_text) = rest.split_at(number_len);
    let number_text: String = number_text.chars().filter(|c| *c != ',').collect();
    if !number_text.starts_with(|c: char| c.is_ascii_digit()) || number_text.ends_with('.') {
        return None;
    }
    let number = TargetNumber::parse(&number_text)?;
    let unit = parse_unit(unit_text.trim())?;
    Some(TargetValue::Quantitative {
        comparator,
        number,
        unit,
    })
}

/// The unit after the number: `(%)`, `(元/人/天)`, `%`, `场次`, or nothing. `None` when the rest
/// is more than a unit (e.g. `(%)以上`, or a sentence), so the value stays qualitative.
fn parse_unit(text: &str) -> Option<String> {
    if text.is_empty() {
        return Some(String::new());
    }
    let inner = match text.strip_prefix('(') {
        Some(open) => open.strip_suffix(')')?.trim(),
        None => text,
    };
    let plausible = inner.chars().count() <= 8
        && !inner.is_empty()
        && inner.chars().all(|c| {
            !c.is_whitespace()
                && !c.is_ascii_digit()
                && !matches!(
                    c,
                    '(' | ')' | '=' | '<' | '>' | '≥' | '≤' | '，' | '。' | '；' | ',' | ';'
                )
        });
    plausible.then(|| inner.to_owned())
}

fn split_comparator(text: &str) -> Option<(Comparator, &str)> {
    const SPELLINGS: [(&str, Comparator); 9] = [
        (">=", Comparator::Ge),
        ("<=", Comparator::Le),
        ("=>", Comparator::Ge),
        ("=<", Comparator::Le),
        ("≥", Comparator::Ge),
        ("≤", Comparator::Le),
        ("=", Comparator::Eq),
        (">", Comparator::Gt),
        ("<", Comparator::Lt),
    ];
    SPELLINGS.iter().find_map(|(spelling, comparator)| {
        text.strip_prefix(spelling).map(|rest| (*comparator, rest))
    })
}

/// Folds the full-width and look-alike characters people type into one spelling.
fn normalize_char(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '＝' => '=',
        '＞' => '>',
        '＜' => '<',
        '≧' | '⩾' => '≥',
        '≦' | '⩽' => '≤',
        '（' => '(',
        '）' => ')',
        '％' => '%',
        '．' => '.',
        '\u{3000}' => ' ',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quantitative(comparator: Comparator, number: &str, unit: &str) -> Option<TargetValue> {
        Some(TargetValue::Quantitative {
            comparator,
            number: TargetNumber::parse(number).unwrap(),
            unit: unit.to_owned(),
        })
    }

    #[test]
    fn reads_the_current_notation_and_keeps_scale() {
        assert_eq!(
            TargetValue::parse("=100.00(%)"),
            quantitative(Comparator::Eq, "100.00", "%")
        );
        assert_eq!(
            TargetValue::parse("=100(%)"),
            quantitative(Comparator::Eq, "100", "%")
        );
        assert_ne!(
            TargetValue::parse("=100(%)"),
            TargetValue::parse("=100.00(%)")
        );
        assert_eq!(
            TargetValue::parse("≤8000(元/课时)"),
            quantitative(Comparator::Le, "8000", "元/课时")
        );
        assert_eq!(
            TargetValue::parse("=10(条/周)"),
            quantitative(Comparator::Eq, "10", "条/周")
        );
    }

    #[test]
    fn reads_older_and_sloppy_notations() {
        assert_eq!(
            TargetValue::parse(">=90%"),
            quantitative(Comparator::Ge, "90", "%")
        );
        assert_eq!(
            TargetValue::parse("<=100%"),
            quantitative(Comparator::Le, "100", "%")
        );
        assert_eq!(
            TargetValue::parse("=50场次"),
            quantitative(Comparator::Eq, "50", "场次")
        );
        assert_eq!(
            TargetValue::parse("＝100（％）"),
            quantitative(Comparator::Eq, "100", "%")
        );
        assert_eq!(
            TargetValue::parse("≥ 90 (%)"),
            quantitative(Comparator::Ge, "90", "%")
        );
        assert_eq!(
            TargetValue::parse("≥95"),
            quantitative(Comparator::Ge, "95", "")
        );
        assert_eq!(
            TargetValue::parse("≥70.00%"),
            quantitative(Comparator::Ge, "70.00", "%")
        );
        assert_eq!(
            TargetValue::parse(">3(次)"),
            quantitative(Comparator::Gt, "3", "次")
        );
        assert_eq!(
            TargetValue::parse("<1(小时)"),
            quantitative(Comparator::Lt, "1", "小时")
        );
    }

    #[test]
    fn keeps_everything_else_as_text() {
        for text in [
            "及时",
            "1小时内响应，3小时内抵达现场",
            "考务完成量≥1500人次",
            "大于等于10000kb",
            "100%",
            "≥90(%)以上",
            "=",
            "≥.5",
            "=1.(%)",
        ] {
            assert_eq!(
                TargetValue::parse(text),
                Some(TargetValue::Qualitative(text.to_owned())),
                "{text}"
            );
        }
        assert_eq!(TargetValue::parse("   "), None);
    }

    #[test]
    fn prints_each_layout_notation() {
        let value = TargetValue::parse(">=90.00%").unwrap();
        assert_eq!(value.to_string(), "≥90.00(%)");
        assert_eq!(value.display(TargetNotation::Ascii), ">=90.00%");
        assert_eq!(value.display(TargetNotation::Inline), "≥90.00%");
        assert_eq!(TargetValue::parse("=0").unwrap().to_string(), "=0");
        assert_eq!(TargetValue::parse("合格").unwrap().to_string(), "合格");
    }

    #[test]
    fn printed_values_read_back_identically() {
        for text in [
            "=100.00(%)",
            "≥90(%)",
            "≤30(分钟)",
            "=365(天)",
            "<5(件)",
            "=0",
            "及时",
        ] {
            let value = TargetValue::parse(text).unwrap();
            assert_eq!(value.to_string(), text);
            assert_eq!(TargetValue::parse(&value.to_string()), Some(value));
        }
    }
}
