//! Durations as users write them (`timeout = "5s"` in an attribute, `--timeout 250ms`,
//! `FFI_TEST_TIMEOUT`, `FFI_TEST_COMPILE_TIMEOUT`): one grammar, checked at compile time by the
//! macros and at run time by the harness.

use std::time::Duration;

/// The longest duration accepted: a day. Deadlines are instants now + this: a longer one could
/// not be represented (and a test meant to run for weeks is a mistake).
pub const MAX: Duration = Duration::from_secs(24 * 60 * 60);

/// `500ms`, `30s` (or `30`), `2m`, fractions allowed (`1.5s`); positive, at most [`MAX`].
pub fn parse(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let (number, unit) = match text.find(|c: char| !(c.is_ascii_digit() || c == '.')) {
        Some(i) => text.split_at(i),
        None => (text, "s"),
    };
    let value: f64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a duration like 30s, 500ms or 2m"))?;
    let seconds = match unit {
        "ms" => value / 1000.0,
        "s" => value,
        "m" => value * 60.0,
        _ => return Err(format!("`{text}`: unknown unit `{unit}` (use ms, s or m)")),
    };
    if !(seconds > 0.0 && seconds.is_finite()) {
        return Err(format!("`{text}` must be a positive duration"));
    }
    if seconds > MAX.as_secs_f64() {
        return Err(format!(
            "`{text}` is longer than the {} minutes ffi-test allows",
            MAX.as_secs() / 60
        ));
    }
    Ok(Duration::from_secs_f64(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse("5"), Ok(Duration::from_secs(5)));
        assert_eq!(parse("5s"), Ok(Duration::from_secs(5)));
        assert_eq!(parse("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse("1.5s"), Ok(Duration::from_millis(1500)));
        assert!(parse("0").is_err());
        assert!(parse("5h").is_err());
        assert!(parse("soon").is_err());
        assert_eq!(parse("1440m"), Ok(MAX));
        for huge in [
            "1441m",
            "99999999999999999999999",
            "999999999999999999999999999999ms",
        ] {
            assert!(parse(huge)
                .unwrap_err()
                .contains("longer than the 1440 minutes"));
        }
    }
}
