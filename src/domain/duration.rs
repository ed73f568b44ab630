//! Elevation durations: `30m`, `2h`, `1h30m` (and ISO 8601 `PT2H`, which Identity Center uses for
//! session durations). Parsing is jiff's; this module only adds the rules elevate needs.

use jiff::SignedDuration;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DurationError {
    #[error("'{input}' is not a duration: write it like 30m, 2h or 1h30m")]
    Syntax { input: String },
    #[error("'{input}' is not a positive duration: write it like 30m, 2h or 1h30m")]
    NotPositive { input: String },
    #[error("'{input}' is shorter than one minute: write at least 1m")]
    TooShort { input: String },
}

/// Parses a duration given by a person. Durations shorter than a minute are refused: Identity
/// Center takes longer than that to provision an assignment, so such an elevation is a typo.
pub fn parse_duration(input: &str) -> Result<SignedDuration, DurationError> {
    let trimmed = input.trim();
    let d: SignedDuration = trimmed.parse().map_err(|_| DurationError::Syntax {
        input: input.to_string(),
    })?;
    if d <= SignedDuration::ZERO {
        return Err(DurationError::NotPositive {
            input: input.to_string(),
        });
    }
    if d < SignedDuration::from_mins(1) {
        return Err(DurationError::TooShort {
            input: input.to_string(),
        });
    }
    Ok(d)
}

/// `1h 30m`, the same friendly form people write.
pub fn format_duration(d: SignedDuration) -> String {
    format!("{d:#}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_documented_forms() {
        assert_eq!(
            parse_duration("30m").unwrap(),
            SignedDuration::from_mins(30)
        );
        assert_eq!(parse_duration("2h").unwrap(), SignedDuration::from_hours(2));
        assert_eq!(
            parse_duration("1h30m").unwrap(),
            SignedDuration::from_mins(90)
        );
        assert_eq!(
            parse_duration(" 1h 30m ").unwrap(),
            SignedDuration::from_mins(90)
        );
        assert_eq!(
            parse_duration("PT4H").unwrap(),
            SignedDuration::from_hours(4)
        );
    }

    #[test]
    fn refuses_nonsense_zero_negative_and_tiny() {
        assert!(matches!(
            parse_duration("soon"),
            Err(DurationError::Syntax { .. })
        ));
        assert!(matches!(
            parse_duration(""),
            Err(DurationError::Syntax { .. })
        ));
        assert!(matches!(
            parse_duration("2"),
            Err(DurationError::Syntax { .. })
        ));
        assert!(matches!(
            parse_duration("0m"),
            Err(DurationError::NotPositive { .. })
        ));
        assert!(matches!(
            parse_duration("-1h"),
            Err(DurationError::NotPositive { .. })
        ));
        assert!(matches!(
            parse_duration("30s"),
            Err(DurationError::TooShort { .. })
        ));
    }

    #[test]
    fn formats_like_people_write() {
        assert_eq!(format_duration(SignedDuration::from_mins(90)), "1h 30m");
        assert_eq!(format_duration(SignedDuration::from_hours(2)), "2h");
    }
}
