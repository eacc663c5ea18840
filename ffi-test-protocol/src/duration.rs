//! Durations as users write them (`timeout = "5s"` in an attribute, `--timeout 250ms`,
//! `FFI_TEST_TIMEOUT`, `FFI_TEST_COMPILE_TIMEOUT`): one grammar, checked at compile time by the
//! macros and at run time by the harness.

use std::time::Duration;

/// The longest duration accepted: a day. Deadlines are instants now + this: a longer one could
/// not be represented (and a test meant to run for weeks is a mistake).
pub const MAX: Duration = Duration::from_secs(24 * 60 * 60);

/// Why a text is not a duration ffi-test accepts; the message quotes the text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DurationError {
    /// Not a number with a unit.
    #[error("`{0}` is not a duration like 30s, 500ms or 2m")]
    NotADuration(String),
    /// A unit other than ms, s and m.
    #[error("`{text}`: unknown unit `{unit}` (use ms, s or m)")]
    UnknownUnit {
        /// The whole text.
        text: String,
        /// What follows the number.
        unit: String,
    },
    /// Zero, negative or not finite.
    #[error("`{0}` must be a positive duration")]
    NotPositive(String),
    /// Longer than [`MAX`].
    #[error("`{0}` is longer than the {minutes} minutes ffi-test allows", minutes = MAX.as_secs() / 60)]
    TooLong(String),
}

/// `500ms`, `30s` (or `30`), `2m`, fractions allowed (`1.5s`); positive, at most [`MAX`].
pub fn parse(text: &str) -> Result<Duration, DurationError> {
    let text = text.trim();
    let (number, unit) = match text.find(|c: char| !(c.is_ascii_digit() || c == '.')) {
        Some(i) => text.split_at(i),
        None => (text, "s"),
    };
    let value: f64 = number
        .parse()
        .map_err(|_| DurationError::NotADuration(text.to_string()))?;
    let seconds = match unit {
        "ms" => value / 1000.0,
        "s" => value,
        "m" => value * 60.0,
        _ => {
            return Err(DurationError::UnknownUnit {
                text: text.to_string(),
                unit: unit.to_string(),
            })
        }
    };
    if !(seconds > 0.0 && seconds.is_finite()) {
        return Err(DurationError::NotPositive(text.to_string()));
    }
    if seconds > MAX.as_secs_f64() {
        return Err(DurationError::TooLong(text.to_string()));
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
        assert_eq!(parse("0"), Err(DurationError::NotPositive("0".into())));
        assert_eq!(
            parse("5h").unwrap_err().to_string(),
            "`5h`: unknown unit `h` (use ms, s or m)"
        );
        assert_eq!(
            parse(" soon ").unwrap_err().to_string(),
            "`soon` is not a duration like 30s, 500ms or 2m"
        );
        assert_eq!(parse("1440m"), Ok(MAX));
        for huge in [
            "1441m",
            "99999999999999999999999",
            "999999999999999999999999999999ms",
        ] {
            let error = parse(huge).unwrap_err();
            assert_eq!(error, DurationError::TooLong(huge.to_string()));
            assert_eq!(
                error.to_string(),
                format!("`{huge}` is longer than the 1440 minutes ffi-test allows")
            );
        }
    }
}
