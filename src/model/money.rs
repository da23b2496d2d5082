//! Money in 元: exact decimals, the form's printed notation, and the notations people type.

use rust_decimal::Decimal;

/// An amount of money in 元 (yuan), exact. Never a float.
///
/// Amounts keep at least two decimal places once parsed (`1139000` becomes `1139000.00`), and
/// keep more when more were written: rounding is never silent, a rule reports it instead.
pub type Yuan = Decimal;

/// Why a written amount could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MoneyParseError {
    /// Nothing but spaces was written.
    #[error("金额为空")]
    Empty,
    /// The text is not a number in any accepted notation.
    #[error("「{0}」不是有效的金额")]
    Invalid(String),
}

/// Prints an amount as the form does: thousands separators and two decimals
/// (`1,139,000.00`, `0.00`, `-5.00`). An amount with more than two decimals prints all of them,
/// so nothing is hidden from the reader.
pub fn format_yuan(amount: Yuan) -> String {
    let scale = amount.scale().max(2);
    let mut exact = amount;
    exact.rescale(scale);
    let text = exact.abs().to_string();
    let (integer, fraction) = text.split_once('.').unwrap_or((text.as_str(), ""));
    let mut grouped = String::with_capacity(text.len() + integer.len() / 3 + 1);
    if exact.is_sign_negative() && !exact.is_zero() {
        grouped.push('-');
    }
    for (i, digit) in integer.chars().enumerate() {
        if i > 0 && (integer.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    if !fraction.is_empty() {
        grouped.push('.');
        grouped.push_str(fraction);
    }
    grouped
}

/// Reads an amount in 元 as people write it: `1139000`, `1,139,000.00`, `6430000.00`,
/// `3,845,000`, `113.9万` (ten-thousands), full-width digits, an optional trailing `元`, and
/// spaces anywhere. The result keeps every decimal written and at least two.
///
/// # Errors
/// [`MoneyParseError::Empty`] for blank text, [`MoneyParseError::Invalid`] for anything else
/// that is not a number (the text is kept in the error so a caller can show it).
pub fn parse_yuan(text: &str) -> Result<Yuan, MoneyParseError> {
    let mut cleaned: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, ',' | '，' | '_'))
        .map(full_width_to_ascii)
        .collect();
    if cleaned.is_empty() {
        return Err(MoneyParseError::Empty);
    }
    if let Some(stripped) = cleaned.strip_suffix('元') {
        cleaned = stripped.to_owned();
    }
    let (digits, factor) = match cleaned.strip_suffix('万') {
        Some(stripped) => (stripped, Decimal::from(10_000)),
        None => (cleaned.as_str(), Decimal::ONE),
    };
    let well_formed = !digits.is_empty()
        && digits
            .trim_start_matches(['-', '+'])
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|c| *c == '.').count() <= 1
        && digits.chars().any(|c| c.is_ascii_digit());
    if !well_formed {
        return Err(MoneyParseError::Invalid(text.trim().to_owned()));
    }
    let parsed = Decimal::from_str_exact(digits)
        .map_err(|_| MoneyParseError::Invalid(text.trim().to_owned()))?;
    let mut amount = parsed
        .checked_mul(factor)
        .ok_or_else(|| MoneyParseError::Invalid(text.trim().to_owned()))?;
    amount.normalize_assign();
    if amount.scale() < 2 {
        amount.rescale(2);
    }
    Ok(amount)
}

/// Maps full-width digits and punctuation (０-９, ．, －) to ASCII; other characters pass.
fn full_width_to_ascii(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '．' | '。' => '.',
        '－' => '-',
        '＋' => '+',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yuan(text: &str) -> Yuan {
        Decimal::from_str_exact(text).unwrap()
    }

    #[test]
    fn formats_like_the_form() {
        assert_eq!(format_yuan(yuan("1139000.00")), "1,139,000.00");
        assert_eq!(format_yuan(yuan("1139000")), "1,139,000.00");
        assert_eq!(format_yuan(yuan("0")), "0.00");
        assert_eq!(format_yuan(yuan("999.5")), "999.50");
        assert_eq!(format_yuan(yuan("100000")), "100,000.00");
        assert_eq!(format_yuan(yuan("-1234.5")), "-1,234.50");
        assert_eq!(format_yuan(yuan("1.005")), "1.005");
    }

    #[test]
    fn reads_every_notation_seen_on_the_forms() {
        for (text, expected) in [
            ("1139000", "1139000.00"),
            ("1,139,000.00", "1139000.00"),
            ("6430000.00", "6430000.00"),
            ("3,845,000", "3845000.00"),
            ("113.9万", "1139000.00"),
            ("１１３９０００", "1139000.00"),
            (" 2,880,000 元 ", "2880000.00"),
            ("0.00", "0.00"),
        ] {
            let amount = parse_yuan(text).unwrap();
            assert_eq!(amount.to_string(), expected, "{text}");
        }
    }

    #[test]
    fn keeps_extra_decimals_instead_of_rounding() {
        assert_eq!(parse_yuan("1.005").unwrap().to_string(), "1.005");
    }

    #[test]
    fn refuses_what_is_not_money() {
        assert_eq!(parse_yuan("  "), Err(MoneyParseError::Empty));
        for text in ["abc", "1.2.3", "万", "12a", "--5", "."] {
            assert!(
                matches!(parse_yuan(text), Err(MoneyParseError::Invalid(_))),
                "{text}"
            );
        }
    }
}
