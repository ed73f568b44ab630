//! `now` comes from AWS. The caller controls their own machine's clock, and a clock set back
//! would keep an elevation alive (or one set forward end someone else's early), so elevate takes
//! the time from the `Date` header of AWS's responses: every client `connect` builds carries
//! `DateInterceptor`, which records each answer in one shared `AwsClock`. `check()` refuses to
//! act when the latest answer shows this machine's clock more than `MAX_SKEW` off.
//!
//! `now()` is AWS's time carried forward by this process's monotonic clock, never by the wall
//! clock: a `Date` has whole seconds, so "local time plus the latest skew" would jump back by up
//! to a second between two answers, and the ledger's events of one request must never run
//! backwards. Each answer proves AWS's time was at least its `Date` when it arrived; `now()` is
//! the greatest such lower bound, so it only ever moves forward, and lags AWS by less than a
//! second plus the network's latency. Before any answer it is this machine's clock.
//!
//! Debug builds only (release builds never read them), for the end-to-end tests:
//! `ELEVATE_TEST_NOW=<RFC 3339 time>` stands for AWS's time (so tests can make time pass), and
//! `ELEVATE_TEST_CLOCK_SKEW=<+365d|-10m|…>` shifts this machine's clock reading.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeDeserializationInterceptorContextRef;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use jiff::{SignedDuration, Timestamp};

use crate::workflow::ports::{Clock, ClockError};

/// How far this machine's clock may be from AWS's. AWS itself rejects requests signed more than
/// 5 minutes off (`RequestTimeTooSkewed`), so a machine further off than that cannot be working.
pub const MAX_SKEW: Duration = Duration::from_secs(5 * 60);

/// What the latest AWS response said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Reading {
    aws: Timestamp,
    local: Timestamp,
}

impl Reading {
    fn skew(&self) -> SignedDuration {
        self.aws.duration_since(self.local)
    }
}

/// AWS's time, as the `Date` of its responses said, carried forward by this process's monotonic
/// clock. Before any response it is this machine's clock.
#[derive(Debug)]
pub struct AwsClock {
    /// The monotonic instant `State::at_base` is AWS's time at.
    base: Instant,
    state: Mutex<State>,
    /// Added to every reading of this machine's clock (debug builds: `ELEVATE_TEST_CLOCK_SKEW`).
    local_offset: SignedDuration,
    /// AWS's time, fixed (debug builds: `ELEVATE_TEST_NOW`).
    fixed: Option<Timestamp>,
}

#[derive(Debug, Default)]
struct State {
    /// The latest answer, for `check()`.
    latest: Option<Reading>,
    /// The greatest lower bound of AWS's time at `base` that the answers so far prove.
    at_base: Option<Timestamp>,
}

impl Default for AwsClock {
    fn default() -> AwsClock {
        AwsClock {
            base: Instant::now(),
            state: Mutex::default(),
            local_offset: SignedDuration::ZERO,
            fixed: None,
        }
    }
}

impl AwsClock {
    /// A clock that has heard nothing from AWS yet.
    pub fn new() -> AwsClock {
        AwsClock::default()
    }

    /// The clock of a run of elevate. In debug builds, with the test hooks applied; a malformed
    /// hook is an error rather than silently real time.
    #[cfg(debug_assertions)]
    pub fn from_env() -> Result<AwsClock, String> {
        let mut clock = AwsClock::new();
        if let Some(v) = std::env::var("ELEVATE_TEST_NOW")
            .ok()
            .filter(|v| !v.is_empty())
        {
            clock.fixed = Some(
                v.trim()
                    .parse()
                    .map_err(|e| format!("ELEVATE_TEST_NOW={v:?} is not an RFC 3339 time: {e}"))?,
            );
        }
        if let Some(v) = std::env::var("ELEVATE_TEST_CLOCK_SKEW")
            .ok()
            .filter(|v| !v.is_empty())
        {
            clock.local_offset = parse_offset(&v).ok_or_else(|| {
                format!("ELEVATE_TEST_CLOCK_SKEW={v:?} is not a signed duration like +365d or -10m")
            })?;
        }
        Ok(clock)
    }

    /// The clock of a run of elevate. Release builds read no test hook: a clock the caller can
    /// set would let them keep elevations alive.
    #[cfg(not(debug_assertions))]
    pub fn from_env() -> Result<AwsClock, String> {
        Ok(AwsClock::new())
    }

    /// This machine's clock.
    fn local(&self) -> Timestamp {
        saturating_add(Timestamp::now(), self.local_offset)
    }

    /// Records what a response's `Date` header says, received at `local` by this machine's
    /// clock and at `received` by the monotonic one. A missing or malformed header changes
    /// nothing.
    fn observe(&self, date: Option<&str>, local: Timestamp, received: Instant) {
        let Some(aws) = date.and_then(parse_http_date) else {
            if date.is_some() {
                tracing::debug!("ignoring a response whose Date header is not an HTTP date");
            }
            return;
        };
        let mut state = self.state();
        state.latest = Some(Reading { aws, local });
        // AWS's time was at least `aws` at `received`, so at least this at `base`.
        let bound = aws
            .checked_sub(received.saturating_duration_since(self.base))
            .ok();
        if bound > state.at_base {
            state.at_base = bound;
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn latest(&self) -> Option<Reading> {
        self.state().latest
    }

    /// AWS's time at the monotonic instant `at`, once an answer has said.
    fn aws_at(&self, at: Instant) -> Option<Timestamp> {
        let at_base = self.state().at_base?;
        at_base
            .checked_add(at.saturating_duration_since(self.base))
            .ok()
    }

    /// AWS's time minus this machine's, as the latest response said (zero before any).
    pub fn skew(&self) -> SignedDuration {
        self.latest().map_or(SignedDuration::ZERO, |r| r.skew())
    }

    /// The interceptor that feeds this clock; register it on every AWS client.
    pub fn interceptor(self: &Arc<Self>) -> DateInterceptor {
        DateInterceptor(self.clone())
    }
}

impl Clock for AwsClock {
    fn now(&self) -> Timestamp {
        if let Some(t) = self.fixed {
            return t;
        }
        self.aws_at(Instant::now()).unwrap_or_else(|| self.local())
    }

    fn check(&self) -> Result<(), ClockError> {
        if self.fixed.is_some() {
            return Ok(());
        }
        match self.latest() {
            Some(r) if r.skew().unsigned_abs() > MAX_SKEW => Err(ClockError {
                skew: r.skew(),
                aws: r.aws,
                local: r.local,
            }),
            _ => Ok(()),
        }
    }
}

/// Reads the `Date` of every response, right when it arrives, into the shared `AwsClock`.
#[derive(Debug, Clone)]
pub struct DateInterceptor(Arc<AwsClock>);

/// The interceptor's name, as the SDK reports it.
pub const INTERCEPTOR: &str = "elevate::AwsClock";

impl Intercept for DateInterceptor {
    fn name(&self) -> &'static str {
        INTERCEPTOR
    }

    fn read_after_transmit(
        &self,
        context: &BeforeDeserializationInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let (received, local) = (Instant::now(), self.0.local());
        if let Some(response) = context.inner().response() {
            self.0
                .observe(response.headers().get("date"), local, received);
        }
        Ok(())
    }
}

/// An HTTP date (RFC 7231 section 7.1.1.1: IMF-fixdate, and the obsolete RFC 850 and asctime
/// forms recipients must accept).
fn parse_http_date(text: &str) -> Option<Timestamp> {
    let t = httpdate::parse_http_date(text.trim()).ok()?;
    Timestamp::try_from(t).ok()
}

/// `+365d`, `-10m`, `2h`: a signed duration in which a day is 24 hours.
#[cfg(any(debug_assertions, test))]
fn parse_offset(text: &str) -> Option<SignedDuration> {
    let text = text.trim();
    let (negative, magnitude) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let span: jiff::Span = magnitude.trim().parse().ok()?;
    if span.is_negative() {
        return None;
    }
    let d = span
        .to_duration(jiff::SpanRelativeTo::days_are_24_hours())
        .ok()?;
    Some(if negative { -d } else { d })
}

fn saturating_add(t: Timestamp, d: SignedDuration) -> Timestamp {
    t.checked_add(d).unwrap_or(if d.is_negative() {
        Timestamp::MIN
    } else {
        Timestamp::MAX
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn reads_every_http_date_form_and_nothing_else() {
        let at = ts("1994-11-06T08:49:37Z");
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(at));
        assert_eq!(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), Some(at));
        assert_eq!(parse_http_date("Sun Nov  6 08:49:37 1994"), Some(at));
        for bad in [
            "",
            "yesterday",
            "Sun, 06 Nov 1994 08:49:37 PST",
            "Sun, 32 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 25:49:37 GMT",
            "1994-11-06T08:49:37Z",
            "Sun, 06 Nov 99999 08:49:37 GMT",
            "\u{0}\u{ff}",
        ] {
            assert_eq!(parse_http_date(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn now_is_the_local_clock_until_aws_answers_then_aws_time() {
        let clock = AwsClock::new();
        assert_eq!(clock.skew(), SignedDuration::ZERO);
        assert!(clock.check().is_ok());
        let before = Timestamp::now();
        assert!(clock.now() >= before && clock.now() <= Timestamp::now());

        // AWS says it is an hour later than this machine thought when the answer arrived.
        let local = Timestamp::now();
        let aws = local + SignedDuration::from_hours(1);
        clock.observe(
            Some(&httpdate::fmt_http_date(aws.into())),
            local,
            Instant::now(),
        );
        let skew = clock.skew();
        // The header has whole seconds.
        assert!(
            (SignedDuration::from_secs(3599)..=SignedDuration::from_hours(1)).contains(&skew),
            "{skew:?}"
        );
        let now = clock.now();
        assert!(
            now >= aws - SignedDuration::from_secs(1)
                && now <= Timestamp::now() + SignedDuration::from_hours(1),
            "{now} is not AWS's time {aws}"
        );
    }

    #[test]
    fn now_never_runs_backwards_though_dates_have_whole_seconds() {
        let clock = AwsClock::new();
        let base = clock.base;
        let at = |ms: u64| base + Duration::from_millis(ms);
        let local = ts("2026-11-22T09:00:00Z");
        // AWS's clock reads 09:00:11.000 as the first answer arrives (1 ms after base)…
        clock.observe(Some("Sun, 22 Nov 2026 09:00:11 GMT"), local, at(1));
        assert_eq!(clock.aws_at(at(1)), Some(ts("2026-11-22T09:00:11Z")));
        let before = clock.aws_at(at(990)).unwrap();
        // … and 09:00:11.994 as the second does: its Date still says 09:00:11. "Local time plus
        // the latest skew" would now go back almost a second; the lower bound stays.
        clock.observe(Some("Sun, 22 Nov 2026 09:00:11 GMT"), local, at(995));
        assert!(clock.aws_at(at(995)).unwrap() >= before);
        assert_eq!(clock.aws_at(at(995)), Some(ts("2026-11-22T09:00:11.994Z")));
        // A later answer that proves more moves it forward.
        clock.observe(Some("Sun, 22 Nov 2026 09:00:13 GMT"), local, at(1_500));
        assert_eq!(clock.aws_at(at(1_500)), Some(ts("2026-11-22T09:00:13Z")));
        // Readings in between are in order, whatever the wall clock does.
        let mut last = Timestamp::MIN;
        for ms in (0..3_000).step_by(7) {
            let t = clock.aws_at(at(ms)).unwrap();
            assert!(t >= last, "{t} after {last}");
            last = t;
        }
        // The real clock, read many times across answers, never goes back either.
        let real = AwsClock::new();
        let mut last = Timestamp::MIN;
        for i in 0..2_000 {
            if i % 100 == 0 {
                real.observe(
                    Some(&httpdate::fmt_http_date(std::time::SystemTime::now())),
                    Timestamp::now(),
                    Instant::now(),
                );
            }
            let t = real.now();
            assert!(t >= last, "{t} after {last}");
            last = t;
        }
    }

    #[test]
    fn a_missing_or_malformed_date_changes_nothing() {
        let clock = AwsClock::new();
        let local = ts("2026-11-22T09:00:00Z");
        clock.observe(Some("Sun, 22 Nov 2026 09:02:00 GMT"), local, Instant::now());
        assert_eq!(clock.skew(), SignedDuration::from_mins(2));
        clock.observe(None, local, Instant::now());
        clock.observe(Some("not a date"), local, Instant::now());
        clock.observe(Some(""), local, Instant::now());
        assert_eq!(clock.skew(), SignedDuration::from_mins(2));
        // The latest good answer wins.
        clock.observe(Some("Sun, 22 Nov 2026 08:59:00 GMT"), local, Instant::now());
        assert_eq!(clock.skew(), SignedDuration::from_mins(-1));
    }

    #[test]
    fn refuses_a_clock_more_than_five_minutes_off_either_way_and_says_what_to_do() {
        let local = ts("2027-11-22T09:00:00Z");
        for (date, ok) in [
            ("Mon, 22 Nov 2027 09:05:00 GMT", true),
            ("Mon, 22 Nov 2027 08:55:00 GMT", true),
            ("Mon, 22 Nov 2027 09:05:01 GMT", false),
            ("Mon, 22 Nov 2027 08:54:59 GMT", false),
        ] {
            let clock = AwsClock::new();
            clock.observe(Some(date), local, Instant::now());
            assert_eq!(clock.check().is_ok(), ok, "{date}");
        }

        // A machine a year ahead.
        let clock = AwsClock::new();
        clock.observe(Some("Sun, 22 Nov 2026 09:00:00 GMT"), local, Instant::now());
        let err = clock.check().unwrap_err();
        assert_eq!(err.skew, SignedDuration::from_hours(-365 * 24));
        let text = crate::Error::from(err).to_string();
        for said in [
            "365 days 0h ahead of AWS",
            "AWS says it is 2026-11-22 09:00:00 UTC",
            "this machine says 2027-11-22 09:00:00 UTC",
            "refuses to act on a wrong clock",
            "NTP",
        ] {
            assert!(text.contains(said), "{said:?} missing from: {text}");
        }

        let behind = AwsClock::new();
        behind.observe(Some("Mon, 22 Nov 2027 09:07:30 GMT"), local, Instant::now());
        let text = behind.check().unwrap_err().to_string();
        assert!(text.contains("7m 30s behind AWS"), "{text}");
    }

    #[test]
    fn the_test_hooks_fix_aws_time_and_shift_the_local_clock() {
        let fixed = AwsClock {
            fixed: Some(ts("2030-01-01T00:00:00Z")),
            ..AwsClock::default()
        };
        fixed.observe(
            Some("Sun, 22 Nov 2026 09:00:00 GMT"),
            ts("2030-01-01T00:00:00Z"),
            Instant::now(),
        );
        assert_eq!(fixed.now(), ts("2030-01-01T00:00:00Z"));
        assert!(fixed.check().is_ok());

        let ahead = AwsClock {
            local_offset: parse_offset("+365d").unwrap(),
            ..AwsClock::default()
        };
        let real = Timestamp::now();
        assert!(ahead.local() >= real + SignedDuration::from_hours(365 * 24));

        assert_eq!(parse_offset("-10m"), Some(SignedDuration::from_mins(-10)));
        assert_eq!(parse_offset("2m"), Some(SignedDuration::from_mins(2)));
        assert_eq!(
            parse_offset(" +1d 2h "),
            Some(SignedDuration::from_hours(26))
        );
        for bad in ["", "+", "soon", "--1h", "+-1h", "+9999999d"] {
            assert_eq!(parse_offset(bad), None, "{bad:?}");
        }
        // Far beyond jiff's range: saturates, never panics.
        let far = AwsClock {
            local_offset: SignedDuration::MAX,
            ..AwsClock::default()
        };
        assert_eq!(far.local(), Timestamp::MAX);
        far.observe(
            Some("Sun, 22 Nov 2026 09:00:00 GMT"),
            far.local(),
            Instant::now(),
        );
        assert!(far.check().is_err());
        let _ = far.now();
    }

    #[tokio::test]
    async fn a_client_with_the_interceptor_reads_the_date_of_its_responses() {
        use aws_sdk_ssoadmin::config::http::HttpResponse;
        use aws_smithy_mocks::{RuleMode, mock, mock_client};
        use aws_smithy_types::body::SdkBody;

        let clock = Arc::new(AwsClock::new());
        let answer = |date: Option<&'static str>| {
            move || {
                let mut r = HttpResponse::new(
                    200.try_into().unwrap(),
                    SdkBody::from(r#"{"Instances":[]}"#),
                );
                if let Some(d) = date {
                    r.headers_mut().insert("Date", d);
                }
                r
            }
        };
        let dated = mock!(aws_sdk_ssoadmin::Client::list_instances)
            .then_http_response(answer(Some("Sun, 22 Nov 2026 09:00:00 GMT")));
        let undated =
            mock!(aws_sdk_ssoadmin::Client::list_instances).then_http_response(answer(None));
        let interceptor = clock.interceptor();
        let client: aws_sdk_ssoadmin::Client = mock_client!(
            aws_sdk_ssoadmin,
            RuleMode::Sequential,
            &[&dated, &undated],
            |c| { c.interceptor(interceptor.clone()) }
        );
        client.list_instances().send().await.unwrap();
        let expected = ts("2026-11-22T09:00:00Z");
        let skew = clock.skew();
        let local_then = expected - skew;
        assert!(
            local_then <= Timestamp::now()
                && local_then >= Timestamp::now() - SignedDuration::from_mins(1),
            "the skew {skew:?} is not measured against this machine's clock"
        );
        // A response without a Date leaves the reading as it was.
        client.list_instances().send().await.unwrap();
        assert_eq!(clock.skew(), skew);
        assert_eq!(clock.latest().unwrap().aws, expected);
    }
}
