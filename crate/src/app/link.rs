//! Share links: the URL hash's values, validated. The page splits and percent-decodes the hash
//! into key/value pairs; everything that gives them meaning lives here, tested natively.
//! A link is data, never code: values are parsed as numbers or kept as expression text.

/// Most keys read from one link; the rest are ignored.
pub const MAX_KEYS: usize = 32;
/// Longest value read (the expression's own limit is checked by the parser).
pub const MAX_VALUE_LEN: usize = 4096;

/// Parses `n` comma-separated finite numbers (`n = None`: any count from 1 to 16).
pub fn parse_numbers(value: &str, n: Option<usize>) -> Result<Vec<f64>, String> {
    if value.len() > MAX_VALUE_LEN {
        return Err("too long".into());
    }
    let numbers: Vec<f64> = value
        .split(',')
        .map(|s| s.trim().parse::<f64>().map_err(|_| "not a number".to_string()))
        .collect::<Result<_, _>>()?;
    if numbers.iter().any(|v| !v.is_finite()) {
        return Err("numbers must be finite".into());
    }
    match n {
        Some(n) if numbers.len() != n => Err(format!("needs {n} numbers")),
        None if numbers.is_empty() || numbers.len() > 2 * crate::compute::regression::MAX_POINTS => {
            Err(format!("needs 1 to {} numbers", 2 * crate::compute::regression::MAX_POINTS))
        }
        _ => Ok(numbers),
    }
}

/// Writes numbers for a link: shortest text that reads back exactly.
pub fn format_numbers(values: &[f64]) -> String {
    values.iter().map(|v| format!("{v}")).collect::<Vec<_>>().join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_parse_with_counts_and_refuse_junk() {
        assert_eq!(parse_numbers("1,2", Some(2)), Ok(vec![1.0, 2.0]));
        assert_eq!(parse_numbers(" -1.5 , 2e3", None), Ok(vec![-1.5, 2000.0]));
        assert!(parse_numbers("1,2,3", Some(2)).is_err());
        assert!(parse_numbers("1,NaN", None).is_err());
        assert!(parse_numbers("inf", None).is_err());
        assert!(parse_numbers("<script>", None).is_err());
        assert!(parse_numbers("", None).is_err());
        assert!(parse_numbers(&"1,".repeat(3000), None).is_err());
    }

    #[test]
    fn numbers_round_trip() {
        let v = [0.1, -2.0, 1e-300, 123456.789];
        assert_eq!(parse_numbers(&format_numbers(&v), Some(4)), Ok(v.to_vec()));
    }
}
