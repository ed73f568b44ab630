//! Elevation durations: `30m`, `2h`, `1h30m` (and ISO 8601 `PT2H`, which Identity Center uses for
//! session durations). Parsing is jiff's; this module only adds the rules elevate needs.

use jiff::{SignedDuration, Timestamp};

/// The longest duration elevate takes: elevations, extensions, waits and timeouts are hours, and
/// a bound keeps every sum of times and durations far inside what a timestamp can hold.
pub const MAX_DURATION: SignedDuration = SignedDuration::from_hours(365 * 24);

/// How far ahead a start may be.
pub const MAX_START_AHEAD: SignedDuration = SignedDuration::from_hours(365 * 24);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DurationError {
    #[error("'{input}' is not a duration: write it like 30m, 2h or 1h30m")]
    Syntax { input: String },
    #[error("'{input}' is not a positive duration: write it like 30m, 2h or 1h30m")]
    NotPositive { input: String },
    #[error("'{input}' is shorter than one minute: write at least 1m")]
    TooShort { input: String },
    #[error(
        "'{input}' is longer than a year: write at most 8760h (elevations are hours, not years)"
    )]
    TooLong { input: String },
}

/// Parses a duration given by a person. Durations shorter than a minute are refused: Identity
/// Center takes longer than that to provision an assignment, so such an elevation is a typo.
/// Longer than a year (`MAX_DURATION`) is refused too.
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
    if d > MAX_DURATION {
        return Err(DurationError::TooLong {
            input: input.to_string(),
        });
    }
    Ok(d)
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StartError {
    #[error(
        "'{input}' is not a start time: write +2h (from now), 'tomorrow 09:00' or 'today 17:30' (local time), 2026-11-23T09:00 (local) or 2026-11-23T09:00:00Z (RFC 3339)"
    )]
    Syntax { input: String },
    #[error(
        "'{input}' is more than a year ahead: the latest start elevate takes is {}, a year from now. Ask for the access nearer the time",
        format_time(*.latest)
    )]
    TooFar { input: String, latest: Timestamp },
    #[error(
        "'{input}' is in the past: give a future time (e.g. +2h, or an RFC 3339 time), or leave it out to start when approved"
    )]
    Past { input: String },
    #[error(
        "'{input}' is further back than elevate can count: give a time within the last few years, like -30d or 2026-11-01"
    )]
    TooEarly { input: String },
}

/// The latest start elevate takes at `now`.
fn latest_start(now: Timestamp) -> Timestamp {
    now.checked_add(MAX_START_AHEAD).unwrap_or(Timestamp::MAX)
}

/// A start time given by a person, relative to `now` and the local time zone `tz`, at most a
/// year ahead (`MAX_START_AHEAD`). Every form is parsed by jiff; this only chooses which parser
/// applies.
pub fn parse_start(
    input: &str,
    now: Timestamp,
    tz: &jiff::tz::TimeZone,
) -> Result<Timestamp, StartError> {
    let at = parse_moment(input, now, tz)?;
    if at > latest_start(now) {
        return Err(StartError::TooFar {
            input: input.to_string(),
            latest: latest_start(now),
        });
    }
    Ok(at)
}

/// When an elevation asked to start at `start` starts, seen at `now`: `None` for now (a start
/// within the minute has nothing to wait for, and a few minutes late is a slow terminal, not a
/// mistake), the time itself up to a year ahead; earlier or later is an error.
pub fn scheduled_start(start: Timestamp, now: Timestamp) -> Result<Option<Timestamp>, StartError> {
    let input = || format_time(start);
    let minute = now.checked_add(SignedDuration::from_mins(1)).ok();
    if minute.is_none_or(|m| start <= m) {
        let grace = now.checked_sub(SignedDuration::from_mins(5)).ok();
        if grace.is_some_and(|g| start < g) {
            return Err(StartError::Past { input: input() });
        }
        return Ok(None);
    }
    if start > latest_start(now) {
        return Err(StartError::TooFar {
            input: input(),
            latest: latest_start(now),
        });
    }
    Ok(Some(start))
}

/// Any form `parse_start` takes, without its bound.
fn parse_moment(
    input: &str,
    now: Timestamp,
    tz: &jiff::tz::TimeZone,
) -> Result<Timestamp, StartError> {
    let err = || StartError::Syntax {
        input: input.to_string(),
    };
    let text = input.trim();
    if let Some(rel) = text.strip_prefix('+') {
        let d: SignedDuration = rel.trim().parse().map_err(|_| err())?;
        if d.is_negative() {
            return Err(err());
        }
        // Beyond what a timestamp holds is beyond any bound.
        return Ok(now.checked_add(d).unwrap_or(Timestamp::MAX));
    }
    if let Ok(t) = text.parse::<Timestamp>() {
        return Ok(t);
    }
    let local_day = |days: i64, time: &str| -> Result<Timestamp, StartError> {
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
/// of that day in `tz`), or any form `parse_start` takes, however far ahead.
pub fn parse_time(
    input: &str,
    now: Timestamp,
    tz: &jiff::tz::TimeZone,
) -> Result<Timestamp, StartError> {
    let text = input.trim();
    let err = || StartError::Syntax {
        input: input.to_string(),
    };
    if let Some(ago) = text.strip_prefix('-') {
        // A span, so days are calendar days in `tz`.
        let span: jiff::Span = ago.trim().parse().map_err(|_| err())?;
        return now
            .to_zoned(tz.clone())
            .checked_sub(span.abs())
            .map(|z| z.timestamp())
            .map_err(|_| StartError::TooEarly {
                input: input.to_string(),
            });
    }
    if let Ok(day) = text.parse::<jiff::civil::Date>() {
        return day
            .to_zoned(tz.clone())
            .map(|z| z.timestamp())
            .map_err(|_| err());
    }
    parse_moment(text, now, tz)
}

/// A time as people read it in messages and tables: `2026-11-22 09:00:00 UTC`.
pub fn format_time(t: Timestamp) -> String {
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
            "+9999999d",
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
    fn extreme_values_are_errors_never_panics() {
        let utc = jiff::tz::TimeZone::UTC;
        let ts = |s: &str| s.parse::<Timestamp>().unwrap();
        for d in [
            "999999999h",
            "8761h",
            "9223372036854775807s",
            "2562047788015215h",
            "PT999999999H",
        ] {
            assert!(
                matches!(parse_duration(d), Err(DurationError::TooLong { .. })),
                "{d}: {:?}",
                parse_duration(d)
            );
        }
        for d in [
            "99999999999999999999h",
            "5124095576030432h",
            "+9999999d",
            "365d",
        ] {
            assert!(parse_duration(d).is_err(), "{d}");
        }
        assert_eq!(parse_duration("8760h").unwrap(), MAX_DURATION);

        // Every `now` jiff can hold, the ends included.
        let nows = [
            ts("2026-11-22T20:15:00Z"),
            Timestamp::MAX,
            Timestamp::MIN,
            ts("9999-12-30T21:00:00Z"),
        ];
        let far = [
            "9999-12-30T21:00:00Z",
            "9999-12-31T23:59:59Z",
            "9999-12-31T23:59",
            "+999999999h",
            "+2562047788015215h",
            "+9223372036854775807s",
            "+9999999d",
            "+8761h",
            "-009999-01-02T01:59:59Z",
            "tomorrow 23:59",
            "today 00:00",
        ];
        for now in nows {
            for input in far {
                // Errors or a start within the year: nothing else, and never a panic.
                if let Ok(t) = parse_start(input, now, &utc) {
                    assert!(t <= latest_start(now), "{input} at {now}: {t}");
                }
                let _ = parse_time(input, now, &utc);
            }
            for ago in ["-7304484d", "-999999999h", "-175307616h", "-19998y", "-1d"] {
                let _ = parse_time(ago, now, &utc);
            }
            for at in [Timestamp::MAX, Timestamp::MIN, now] {
                let _ = scheduled_start(at, now);
            }
        }
        let now = nows[0];
        let e = parse_start("9999-12-30T21:00:00Z", now, &utc).unwrap_err();
        assert!(matches!(e, StartError::TooFar { .. }), "{e}");
        let text = e.to_string();
        assert!(
            text.contains("more than a year ahead") && text.contains("2027-11-22 20:15:00 UTC"),
            "{text}"
        );
        assert!(matches!(
            parse_start("+2562047788015215h", now, &utc),
            Err(StartError::TooFar { .. })
        ));
        assert!(matches!(
            parse_start("+8761h", now, &utc),
            Err(StartError::TooFar { .. })
        ));
        assert_eq!(
            parse_start("+8760h", now, &utc).unwrap(),
            ts("2027-11-22T20:15:00Z")
        );
        assert!(matches!(
            parse_time("-7304484d", now, &utc),
            Err(StartError::TooEarly { .. })
        ));
        // Audit windows may reach far ahead: only --start is bounded.
        assert_eq!(
            parse_time("9999-12-30T21:00:00Z", now, &utc).unwrap(),
            ts("9999-12-30T21:00:00Z")
        );
    }

    #[test]
    fn a_scheduled_start_is_now_a_future_time_within_the_year_or_an_error() {
        let now: Timestamp = "2026-11-22T20:15:00Z".parse().unwrap();
        let at = |d: SignedDuration| now.checked_add(d).unwrap();
        assert_eq!(
            scheduled_start(at(SignedDuration::from_secs(59)), now),
            Ok(None)
        );
        assert_eq!(
            scheduled_start(at(SignedDuration::from_mins(-4)), now),
            Ok(None)
        );
        assert!(matches!(
            scheduled_start(at(SignedDuration::from_mins(-6)), now),
            Err(StartError::Past { .. })
        ));
        let later = at(SignedDuration::from_hours(2));
        assert_eq!(scheduled_start(later, now), Ok(Some(later)));
        assert_eq!(
            scheduled_start(at(MAX_START_AHEAD), now),
            Ok(Some(at(MAX_START_AHEAD)))
        );
        assert!(matches!(
            scheduled_start(at(MAX_START_AHEAD + SignedDuration::from_secs(1)), now),
            Err(StartError::TooFar { .. })
        ));
        assert!(matches!(
            scheduled_start(Timestamp::MAX, now),
            Err(StartError::TooFar { .. })
        ));
        assert!(matches!(
            scheduled_start(Timestamp::MIN, now),
            Err(StartError::Past { .. })
        ));
    }

    #[test]
    fn formats_like_people_write() {
        assert_eq!(format_duration(SignedDuration::from_mins(90)), "1h 30m");
        assert_eq!(format_duration(SignedDuration::from_hours(2)), "2h");
    }
}
