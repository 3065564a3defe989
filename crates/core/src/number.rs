//! Numbers written and read without std's float machinery: its shortest-and-exact float
//! printing and its correctly rounded float parsing are 25 KB of the page's code and tables,
//! and every figure Stagecraft shows or reads is a non-negative number with a few places.

/// `value` with `places` digits after the point (at most 3), exactly as
/// `format!("{value:.places$}")` writes it: the float's exact binary value rounded, ties to
/// even. Negative and non-finite values read as 0.
pub fn decimal(value: f64, places: u32) -> String {
    let places = places.min(3);
    let scale = 10u64.pow(places);
    let scaled = if value.is_finite() && value > 0.0 {
        scaled_round(value, scale)
    } else {
        0
    };
    let whole = scaled / scale;
    if places == 0 {
        whole.to_string()
    } else {
        let fraction = scaled % scale;
        format!("{whole}.{fraction:0width$}", width = places as usize)
    }
}

/// `value × scale` rounded to an integer, ties to even, computed on the float's exact value
/// (mantissa × 2^exponent) so that 2.675, stored as 2.67499..., rounds down as std does.
fn scaled_round(value: f64, scale: u64) -> u64 {
    let bits = value.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    let (mantissa, exponent) = if exponent == 0 {
        (fraction, -1074)
    } else {
        (fraction | 1 << 52, exponent - 1075)
    };
    if exponent >= 0 {
        // An integer already: nothing to round.
        return (value as u64).saturating_mul(scale);
    }
    let shift = (-exponent) as u32;
    if shift >= 127 {
        return 0;
    }
    let exact = u128::from(mantissa) * u128::from(scale);
    let quotient = exact >> shift;
    let rest = exact & ((1u128 << shift) - 1);
    let half = 1u128 << (shift - 1);
    let up = rest > half || (rest == half && quotient & 1 == 1);
    u64::try_from(quotient + u128::from(up)).unwrap_or(u64::MAX)
}

/// Reads a non-negative decimal number as data files and people write it (`250`, `1.5`, `.5`,
/// `2.`): digits with at most one point, nothing else. A mantissa of up to 15 digits
/// divided by a power of ten is exact; longer ones are close enough for sizes and rates.
pub fn parse_decimal(text: &str) -> Option<f64> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = || whole.bytes().chain(fraction.bytes());
    if whole.len() + fraction.len() == 0 || !digits().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mantissa = digits().fold(0.0f64, |n, b| n * 10.0 + f64::from(b - b'0'));
    Some(mantissa / 10f64.powi(fraction.len() as i32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_writes_what_the_float_formatter_writes() {
        for value in [
            0.0,
            0.25,
            0.35,
            2.5,
            3.5,
            0.125,
            1e-300,
            5e15,
            0.004,
            0.05,
            1.0,
            1.25e-3,
            2.675,
            9.995,
            12.34,
            99.96,
            100.0,
            123.456,
            4096.5,
            1e9 / 3.0,
        ] {
            for places in 0..=3u32 {
                let p = places as usize;
                assert_eq!(
                    decimal(value, places),
                    format!("{value:.p$}"),
                    "{value} to {places} places"
                );
            }
        }
        assert_eq!(decimal(-1.5, 1), "0.0");
        assert_eq!(decimal(f64::NAN, 0), "0");
    }

    #[test]
    fn parse_decimal_reads_what_str_parse_reads() {
        for text in [
            "0",
            "250",
            "1.5",
            ".5",
            "2.",
            "0.001",
            "30000000",
            "200000000",
            "123.456",
        ] {
            assert_eq!(parse_decimal(text), text.parse::<f64>().ok(), "{text}");
        }
        for text in ["", ".", "1.2.3", "-1", "1e6", "inf", " 1", "1,5"] {
            assert_eq!(parse_decimal(text), None, "{text}");
        }
    }
}
