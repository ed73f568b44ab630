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

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "'{input}' is not a start time: write +2h (from now), 'tomorrow 09:00' or 'today 17:30' (local time), 2026-11-23T09:00 (local) or 2026-11-23T09:00:00Z (RFC 3339)"
)]
pub struct StartError {
    pub input: String,
}

/// A start time given by a person, relative to `now` and the local time zone `tz`. Every form is
/// parsed by jiff; this only chooses which parser applies.
pub fn parse_start(
    input: &str,
    now: jiff::Timestamp,
    tz: &jiff::tz::TimeZone,
) -> Result<jiff::Timestamp, StartError> {
    let err = || StartError {
        input: input.to_string(),
    };
    let text = input.trim();
    if let Some(rel) = text.strip_prefix('+') {
        let d: SignedDuration = rel.trim().parse().map_err(|_| err())?;
        return if d.is_negative() {
            Err(err())
        } else {
            Ok(now + d)
        };
    }
    if let Ok(t) = text.parse::<jiff::Timestamp>() {
        return Ok(t);
    }
    let local_day = |days: i64, time: &str| -> Result<jiff::Timestamp, StartError> {
        let time: jiff::civil::Time = time.trim().parse().map_err(|_| err())?;
        let day = now
            .to_zoned(tz.clone())
            .date()
            .checked_add(jiff::Span::new().days(days))
            .map_err(|_| err())?;
        day.to_datetime(time)
            .to_zoned(tz.clone())
            .map(|z| z.timestamp())
            .map_err(|_| err())
    };
    let lower = text.to_ascii_lowercase();
    if let Some(time) = lower.strip_prefix("today") {
        return local_day(0, time);
    }
    if let Some(time) = lower.strip_prefix("tomorrow") {
        return local_day(1, time);
    }
    let civil: jiff::civil::DateTime = text.parse().map_err(|_| err())?;
    civil
        .to_zoned(tz.clone())
        .map(|z| z.timestamp())
        .map_err(|_| err())
}

/// A point in time for an audit window: `-7d` / `-12h` (ago), a date (`2026-11-01`, the start
/// of that day in `tz`), or any form `parse_start` takes.
pub fn parse_time(
    input: &str,
    now: jiff::Timestamp,
    tz: &jiff::tz::TimeZone,
) -> Result<jiff::Timestamp, StartError> {
    let text = input.trim();
    let err = || StartError {
        input: input.to_string(),
    };
    if let Some(ago) = text.strip_prefix('-') {
        // A span, so days are calendar days in `tz`.
        let span: jiff::Span = ago.trim().parse().map_err(|_| err())?;
        return now
            .to_zoned(tz.clone())
            .checked_sub(span.abs())
            .map(|z| z.timestamp())
            .map_err(|_| err());
    }
    if let Ok(day) = text.parse::<jiff::civil::Date>() {
        return day
            .to_zoned(tz.clone())
            .map(|z| z.timestamp())
            .map_err(|_| err());
    }
    parse_start(text, now, tz)
}

/// A time as people read it in messages and tables: `2026-11-22 09:00:00 UTC`.
pub fn format_time(t: jiff::Timestamp) -> String {
    t.strftime("%Y-%m-%d %H:%M:%S UTC").to_string()
}

/// `1h 30m`, the same friendly form people write.
pub fn format_duration(d: SignedDuration) -> String {
    format!("{d:#}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audit_times_ago_and_by_date() {
        let now: jiff::Timestamp = "2026-11-22T20:15:00Z".parse().unwrap();
        let utc = jiff::tz::TimeZone::UTC;
        let ts = |s: &str| s.parse::<jiff::Timestamp>().unwrap();
        assert_eq!(
            parse_time("-7d", now, &utc).unwrap(),
            ts("2026-11-15T20:15:00Z")
        );
        assert_eq!(
            parse_time("-2h", now, &utc).unwrap(),
            ts("2026-11-22T18:15:00Z")
        );
        assert_eq!(
            parse_time("2026-11-01", now, &utc).unwrap(),
            ts("2026-11-01T00:00:00Z")
        );
        assert_eq!(
            parse_time("2026-11-01T10:00:00Z", now, &utc).unwrap(),
            ts("2026-11-01T10:00:00Z")
        );
        assert!(parse_time("last week", now, &utc).is_err());
    }

    #[test]
    fn start_times_in_every_documented_form() {
        let now: jiff::Timestamp = "2026-11-22T20:15:00Z".parse().unwrap();
        // A fixed UTC+1 (Paris in November), so the test needs no time zone database.
        let paris = jiff::tz::TimeZone::fixed(jiff::tz::offset(1));
        let at = |s: &str| parse_start(s, now, &paris);
        let ts = |s: &str| s.parse::<jiff::Timestamp>().unwrap();
        assert_eq!(at("+2h").unwrap(), ts("2026-11-22T22:15:00Z"));
        assert_eq!(at(" +1h30m ").unwrap(), ts("2026-11-22T21:45:00Z"));
        assert_eq!(
            at("2026-11-23T09:00:00Z").unwrap(),
            ts("2026-11-23T09:00:00Z")
        );
        assert_eq!(
            at("2026-11-23T09:00:00+02:00").unwrap(),
            ts("2026-11-23T07:00:00Z")
        );
        // Local times are in the given zone.
        assert_eq!(at("2026-11-23T09:00").unwrap(), ts("2026-11-23T08:00:00Z"));
        assert_eq!(at("2026-11-23 09:00").unwrap(), ts("2026-11-23T08:00:00Z"));
        assert_eq!(at("tomorrow 09:00").unwrap(), ts("2026-11-23T08:00:00Z"));
        assert_eq!(at("Today 23:30").unwrap(), ts("2026-11-22T22:30:00Z"));
        // 20:15 UTC is already 21:15 in Paris: "tomorrow" is the Paris tomorrow.
        let late: jiff::Timestamp = "2026-11-22T23:30:00Z".parse().unwrap();
        assert_eq!(
            parse_start("tomorrow 09:00", late, &paris).unwrap(),
            ts("2026-11-24T08:00:00Z")
        );
        for bad in [
            "",
            "soon",
            "+",
            "+-2h",
            "tomorrow",
            "tomorrow 25:00",
            "2026-13-01T00:00",
        ] {
            let e = at(bad).unwrap_err().to_string();
            assert!(e.contains("not a start time"), "{bad}: {e}");
        }
    }

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
