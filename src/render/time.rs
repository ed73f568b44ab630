//! Times as a person reads them: in their own zone, named, with how far away they are.
//!
//! The zone is chosen once per run (`--utc`, `ELEVATE_TZ`, else the system's). Scripts read JSON,
//! which stays in UTC (RFC 3339); so do notifications, which a whole team reads.

use std::sync::OnceLock;

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Span, SpanRound, Timestamp, Unit};

static ZONE: OnceLock<TimeZone> = OnceLock::new();

/// Which zone to show times in: UTC when asked, else `ELEVATE_TZ` (an IANA name such as
/// `Europe/Paris`), else the system's (`TZ`, `/etc/localtime`).
pub fn zone_from(utc: bool, elevate_tz: Option<&str>) -> Result<TimeZone, String> {
    if utc {
        return Ok(TimeZone::UTC);
    }
    match elevate_tz.map(str::trim).filter(|s| !s.is_empty()) {
        Some(name) => TimeZone::get(name).map_err(|e| {
            format!(
                "ELEVATE_TZ='{name}' is not a time zone ({e}): give an IANA name such as Europe/Paris or UTC, or use --utc"
            )
        }),
        None => Ok(TimeZone::try_system().unwrap_or(TimeZone::UTC)),
    }
}

/// Sets the zone for the rest of the run; the first call wins.
pub fn set_zone(tz: TimeZone) {
    let _ = ZONE.set(tz);
}

/// The zone of this run: times are shown in it, and a time typed without a zone (`--start
/// 'tomorrow 09:00'`, `--since 2026-11-01`) is read in it, so what you type is what you see.
pub fn zone() -> &'static TimeZone {
    ZONE.get_or_init(|| TimeZone::try_system().unwrap_or(TimeZone::UTC))
}

/// The zone's short name at `t` ("CET", "UTC", "+0530" when the zone has no abbreviation).
pub fn zone_label(t: Timestamp) -> String {
    label_of(&t.to_zoned(zone().clone()))
}

fn label_of(z: &jiff::Zoned) -> String {
    let abbr = z.strftime("%Z").to_string();
    if abbr.is_empty() {
        z.strftime("%z").to_string()
    } else {
        abbr
    }
}

/// `2026-12-05 20:37:52 CET`: a time in a sentence or a detail view.
pub fn full(t: Timestamp) -> String {
    full_in(t, zone())
}

fn full_in(t: Timestamp, tz: &TimeZone) -> String {
    let z = t.to_zoned(tz.clone());
    format!("{} {}", z.strftime("%Y-%m-%d %H:%M:%S"), label_of(&z))
}

/// `2026-12-05 20:37:52`: a time to the second in a table column whose header names the zone.
pub fn plain(t: Timestamp) -> String {
    t.to_zoned(zone().clone())
        .strftime("%Y-%m-%d %H:%M:%S")
        .to_string()
}

/// `2026-12-05 20:37`: a time in a table column whose header names the zone.
pub fn short(t: Timestamp) -> String {
    t.to_zoned(zone().clone())
        .strftime("%Y-%m-%d %H:%M")
        .to_string()
}

/// `in 2h 10m`, `3d 4h ago`, `now`: how far `t` is from `now`, to the minute (to the hour
/// beyond two days), which is as precise as a person plans with.
pub fn relative(t: Timestamp, now: Timestamp) -> String {
    let d = t.duration_since(now);
    let abs = d.unsigned_abs();
    if abs < std::time::Duration::from_secs(60) {
        return "now".into();
    }
    let smallest = if abs >= std::time::Duration::from_secs(2 * 86_400) {
        Unit::Hour
    } else {
        Unit::Minute
    };
    let magnitude = SignedDuration::try_from(abs).unwrap_or(SignedDuration::MAX);
    let text = Span::try_from(magnitude)
        .and_then(|s| {
            s.round(
                SpanRound::new()
                    .largest(Unit::Day)
                    .smallest(smallest)
                    .days_are_24_hours(),
            )
        })
        .map(|s| format!("{s:#}"))
        .unwrap_or_else(|_| format!("{magnitude:#}"));
    if d.is_positive() {
        format!("in {text}")
    } else {
        format!("{text} ago")
    }
}

/// `2026-12-05 20:37 (in 2h 10m)`.
pub fn short_relative(t: Timestamp, now: Timestamp) -> String {
    format!("{} ({})", short(t), relative(t, now))
}

/// `2026-12-05 20:37:52 CET (in 2h 10m)`.
pub fn full_relative(t: Timestamp, now: Timestamp) -> String {
    format!("{} ({})", full(t), relative(t, now))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn relative_times_read_as_people_plan() {
        let now = at("2026-12-05T10:00:00Z");
        assert_eq!(relative(at("2026-12-05T12:10:20Z"), now), "in 2h 10m");
        assert_eq!(relative(at("2026-12-05T09:30:00Z"), now), "30m ago");
        assert_eq!(relative(at("2026-12-05T10:00:30Z"), now), "now");
        assert_eq!(relative(at("2026-12-09T14:40:00Z"), now), "in 4d 5h");
        assert_eq!(relative(at("2026-12-06T11:00:00Z"), now), "in 1d 1h");
    }

    #[test]
    fn an_unknown_zone_is_refused_with_what_to_write() {
        let e = zone_from(false, Some("Mars/Olympus")).unwrap_err();
        assert!(e.contains("IANA name") && e.contains("--utc"), "{e}");
        assert_eq!(zone_from(true, Some("Mars/Olympus")), Ok(TimeZone::UTC));
        assert!(zone_from(false, Some("Europe/Paris")).is_ok());
    }

    #[test]
    fn times_carry_their_zone() {
        let t = at("2026-12-05T19:37:52Z");
        let paris = TimeZone::get("Europe/Paris").unwrap();
        assert_eq!(full_in(t, &paris), "2026-12-05 20:37:52 CET");
        assert_eq!(full_in(t, &TimeZone::UTC), "2026-12-05 19:37:52 UTC");
        let fixed = TimeZone::fixed(jiff::tz::offset(5));
        assert!(
            full_in(t, &fixed).ends_with("00:37:52 +05:00") || full_in(t, &fixed).contains("+05"),
            "{}",
            full_in(t, &fixed)
        );
    }
}
