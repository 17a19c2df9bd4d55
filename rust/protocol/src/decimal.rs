//! DECIMAL values as text: the form stmt2 binds and tdflink's batch layout carry them in.

/// Parses a decimal string (`-12.3400`, `5`, `.5`) into an unscaled integer at `scale`
/// digits. `None` if it is not a number or needs more digits after the point than `scale`
/// (TDengine rejects rather than rounds), or overflows i128.
pub fn parse_decimal(text: &str, scale: u8) -> Option<i128> {
    let text = text.trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (int_part, frac_part) = digits.split_once('.').unwrap_or((digits, ""));
    let frac_part = frac_part.trim_end_matches('0');
    let valid = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !digits.bytes().any(|b| b.is_ascii_digit()) || !valid(int_part) || !valid(frac_part) || frac_part.len() > scale as usize {
        return None;
    }
    let mut unscaled: i128 = 0;
    for b in int_part.bytes().chain(frac_part.bytes()) {
        unscaled = unscaled.checked_mul(10)?.checked_add(i128::from(b - b'0'))?;
    }
    unscaled = unscaled.checked_mul(10i128.checked_pow((scale as usize - frac_part.len()) as u32)?)?;
    Some(if negative { -unscaled } else { unscaled })
}

/// Renders `unscaled / 10^scale` with exactly `scale` digits after the point.
pub fn format_decimal(unscaled: i128, scale: u8) -> String {
    let digits = unscaled.unsigned_abs().to_string();
    let scale = scale as usize;
    let padded = format!("{digits:0>width$}", width = scale + 1);
    let (int_part, frac_part) = padded.split_at(padded.len() - scale);
    let sign = if unscaled < 0 { "-" } else { "" };
    if scale == 0 {
        format!("{sign}{int_part}")
    } else {
        format!("{sign}{int_part}.{frac_part}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_parse_exactly() {
        assert_eq!(parse_decimal("-12.3400", 4), Some(-123400));
        assert_eq!(parse_decimal("5", 2), Some(500));
        assert_eq!(parse_decimal(".5", 1), Some(5));
        assert_eq!(parse_decimal("0", 0), Some(0));
        assert_eq!(parse_decimal("1.234", 2), None, "more digits than the scale");
        assert_eq!(parse_decimal("abc", 2), None);
        assert_eq!(parse_decimal("", 2), None);
        assert_eq!(parse_decimal("-", 2), None);
    }

    #[test]
    fn decimals_format_with_the_scale() {
        assert_eq!(format_decimal(-123400, 4), "-12.3400");
        assert_eq!(format_decimal(5, 3), "0.005");
        assert_eq!(format_decimal(42, 0), "42");
        for (text, scale) in [("99999999999999999999999999999999.999999", 6), ("-0.01", 2)] {
            assert_eq!(format_decimal(parse_decimal(text, scale).unwrap(), scale), text);
        }
    }
}
