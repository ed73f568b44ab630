//! `now` comes from AWS. The caller controls their own machine's clock, and a clock set back
//! would keep an elevation alive (or one set forward end someone else's early), so elevate takes
//! the time from the `Date` header of AWS's responses: every client `connect` builds carries
//! `DateInterceptor`, which records each answer in one shared `AwsClock`. `check()` refuses to
//! act when the latest answer shows this machine's clock more than `MAX_SKEW` off.
//!
//! `now()` is this machine's clock corrected by exactly as much as AWS's answers prove it wrong.
//! A `Date` has whole seconds, so one answer only says that AWS's time lies in an interval: at
//! least `Date` when the answer arrived, and less than `Date` + 1s when the request was sent.
//! Carried forward by the process's monotonic clock, every answer so far narrows that interval,
//! and `now()` is this machine's clock clamped into it. A machine whose clock is right (NTP)
//! keeps its own precise, shared time, so the events that processes on it write stay in order;
//! a machine off by seconds or minutes gets AWS's time to within a second plus the round trip.
//! ("Local time plus the latest skew" would jump back by up to a second between two answers,
//! and the ledger refuses events that run backwards.) `now()` never goes back within a process.
//! Before any answer it is this machine's clock.
//!
//! Debug builds only (release builds never read them), for the end-to-end tests:
//! `ELEVATE_TEST_NOW=<RFC 3339 time>` stands for AWS's time (so tests can make time pass), and
//! `ELEVATE_TEST_CLOCK_SKEW=<+365d|-10m|…>` shifts this machine's clock reading.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeDeserializationInterceptorContextRef, BeforeTransmitInterceptorContextRef,
};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::{ConfigBag, Storable, StoreReplace};
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

/// AWS's time, as the `Date` of its responses bounds it, carried forward by this process's
/// monotonic clock. Before any response it is this machine's clock.
#[derive(Debug)]
pub struct AwsClock {
    /// The monotonic instant the bounds in `State` are of.
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
    /// What the answers so far prove of AWS's time at `base`: at least `lower`…
    lower: Option<Timestamp>,
    /// … and less than `upper` (known once a request's sending time is).
    upper: Option<Timestamp>,
    /// The latest `now()` given since the first answer: it never goes back.
    given: Option<Timestamp>,
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

    /// Records what a response's `Date` header says: sent at `sent` and received at `received`
    /// by the monotonic clock, at `local` by this machine's. A missing or malformed header
    /// changes nothing.
    fn observe(
        &self,
        date: Option<&str>,
        local: Timestamp,
        sent: Option<Instant>,
        received: Instant,
    ) {
        let Some(aws) = date.and_then(parse_http_date) else {
            if date.is_some() {
                tracing::debug!("ignoring a response whose Date header is not an HTTP date");
            }
            return;
        };
        let since = |at: Instant| at.saturating_duration_since(self.base);
        // AWS's clock read at least `aws` when the answer arrived…
        let lower = aws.checked_sub(since(received)).ok();
        // … and less than `aws` + 1s when the request left (it was answered after that).
        let upper = sent.and_then(|sent| {
            aws.checked_add(SignedDuration::from_secs(1))
                .and_then(|t| t.checked_sub(since(sent)))
                .ok()
        });
        let mut state = self.state();
        state.latest = Some(Reading { aws, local });
        let narrowed = (
            lower.max(state.lower),
            match (upper, state.upper) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            },
        );
        (state.lower, state.upper) = match narrowed {
            // Answers that contradict each other (a server's clock stepped): the latest wins.
            (Some(l), Some(u)) if l >= u => (lower, upper),
            bounds => bounds,
        };
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn latest(&self) -> Option<Reading> {
        self.state().latest
    }

    /// The time at the monotonic instant `at`, when this machine's clock reads `local`: `local`
    /// clamped into what AWS's answers prove, and never earlier than a time given before.
    /// `None` before any answer.
    fn aws_at(&self, at: Instant, local: Timestamp) -> Option<Timestamp> {
        let mut state = self.state();
        let later = |t: Timestamp| t.checked_add(at.saturating_duration_since(self.base)).ok();
        let lower = later(state.lower?)?;
        let t = match state.upper.and_then(later) {
            Some(upper) => local.min(upper).max(lower),
            // Without an upper bound, the lower one is all that is proven.
            None => lower,
        };
        let t = state.given.map_or(t, |g| g.max(t));
        state.given = Some(t);
        Some(t)
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
        let local = self.local();
        self.aws_at(Instant::now(), local).unwrap_or(local)
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

    fn read_before_transmit(
        &self,
        _: &BeforeTransmitInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        cfg.interceptor_state().store_put(Sent(Instant::now()));
        Ok(())
    }

    fn read_after_transmit(
        &self,
        context: &BeforeDeserializationInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let (received, local) = (Instant::now(), self.0.local());
        let sent = cfg.load::<Sent>().map(|s| s.0);
        if let Some(response) = context.inner().response() {
            self.0
                .observe(response.headers().get("date"), local, sent, received);
        }
        Ok(())
    }
}

/// When this attempt's request left.
#[derive(Debug, Clone, Copy)]
struct Sent(Instant);

impl Storable for Sent {
    type Storer = StoreReplace<Sent>;
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

    /// The monotonic instant `ms` milliseconds after the clock's base.
    fn after(clock: &AwsClock, ms: u64) -> Instant {
        clock.base + Duration::from_millis(ms)
    }

    #[test]
    fn now_is_the_local_clock_until_aws_answers_then_aws_time() {
        let clock = AwsClock::new();
        assert_eq!(clock.skew(), SignedDuration::ZERO);
        assert!(clock.check().is_ok());
        let before = Timestamp::now();
        assert!(clock.now() >= before && clock.now() <= Timestamp::now());

        // AWS says it is an hour later than this machine thought when the answer arrived.
        let sent = Instant::now();
        let local = Timestamp::now();
        let aws = local + SignedDuration::from_hours(1);
        clock.observe(
            Some(&httpdate::fmt_http_date(aws.into())),
            local,
            Some(sent),
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
    fn a_right_clock_is_kept_and_a_wrong_one_is_clamped_into_what_aws_proves() {
        let answer = |clock: &AwsClock| {
            // Sent at base, answered 40 ms later with a Date of 09:00:11: AWS's time at base
            // was at least 09:00:10.960 and less than 09:00:12.
            clock.observe(
                Some("Sun, 22 Nov 2026 09:00:11 GMT"),
                ts("2026-11-22T09:00:11.5Z"),
                Some(after(clock, 0)),
                after(clock, 40),
            );
        };
        let right = AwsClock::new();
        answer(&right);
        // 500 ms later a clock reading 09:00:11.7 is within [11.46, 12.5): kept as it is.
        let local = ts("2026-11-22T09:00:11.7Z");
        assert_eq!(right.aws_at(after(&right, 500), local), Some(local));

        let ahead = AwsClock::new();
        answer(&ahead);
        assert_eq!(
            ahead.aws_at(after(&ahead, 500), ts("2026-11-22T09:02:11Z")),
            Some(ts("2026-11-22T09:00:12.5Z"))
        );
        let behind = AwsClock::new();
        answer(&behind);
        assert_eq!(
            behind.aws_at(after(&behind, 500), ts("2026-11-22T08:58:00Z")),
            Some(ts("2026-11-22T09:00:11.46Z"))
        );

        // Without the sending time only the lower bound is proven.
        let unsent = AwsClock::new();
        unsent.observe(
            Some("Sun, 22 Nov 2026 09:00:11 GMT"),
            local,
            None,
            after(&unsent, 40),
        );
        assert_eq!(
            unsent.aws_at(after(&unsent, 500), local),
            Some(ts("2026-11-22T09:00:11.46Z"))
        );

        // Answers that contradict the ones before (AWS's clock stepped a minute): the latest
        // is believed.
        answer(&right);
        right.observe(
            Some("Sun, 22 Nov 2026 09:01:11 GMT"),
            local,
            Some(after(&right, 1_000)),
            after(&right, 1_040),
        );
        assert!(right.aws_at(after(&right, 1_100), local).unwrap() >= ts("2026-11-22T09:01:11Z"));
    }

    #[test]
    fn now_never_runs_backwards_though_dates_have_whole_seconds() {
        // This machine's clock is two minutes slow, so AWS's answers decide.
        let local = |ms: i64| ts("2026-11-22T08:58:00Z") + SignedDuration::from_millis(ms);
        let clock = AwsClock::new();
        let at = |ms: u64| after(&clock, ms);
        // AWS's clock reads 09:00:11.000 as the first answer arrives 1 ms after base…
        clock.observe(
            Some("Sun, 22 Nov 2026 09:00:11 GMT"),
            local(1),
            Some(at(0)),
            at(1),
        );
        assert_eq!(
            clock.aws_at(at(1), local(1)),
            Some(ts("2026-11-22T09:00:11Z"))
        );
        let before = clock.aws_at(at(990), local(990)).unwrap();
        // … and 09:00:11.994 as the second does: its Date still says 09:00:11. "Local time plus
        // the latest skew" would now go back almost a second.
        clock.observe(
            Some("Sun, 22 Nov 2026 09:00:11 GMT"),
            local(995),
            Some(at(994)),
            at(995),
        );
        assert!(clock.aws_at(at(995), local(995)).unwrap() >= before);
        // A later answer that proves more moves it forward.
        clock.observe(
            Some("Sun, 22 Nov 2026 09:00:13 GMT"),
            local(1_500),
            Some(at(1_499)),
            at(1_500),
        );
        assert_eq!(
            clock.aws_at(at(1_500), local(1_500)),
            Some(ts("2026-11-22T09:00:13Z"))
        );
        // And whatever this machine's clock does in between (here it steps back an hour), the
        // times given stay in order.
        let mut last = Timestamp::MIN;
        for ms in (1_500..4_000).step_by(7) {
            let wall = if ms % 2 == 0 {
                local(ms as i64)
            } else {
                local(-3_600_000)
            };
            let t = clock.aws_at(at(ms), wall).unwrap();
            assert!(t >= last, "{t} after {last}");
            last = t;
        }

        // The real clocks, read many times across answers, never go back either.
        let real = AwsClock::new();
        let mut last = Timestamp::MIN;
        for i in 0..2_000 {
            if i % 100 == 0 {
                let sent = Instant::now();
                real.observe(
                    Some(&httpdate::fmt_http_date(std::time::SystemTime::now())),
                    Timestamp::now(),
                    Some(sent),
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
        clock.observe(
            Some("Sun, 22 Nov 2026 09:02:00 GMT"),
            local,
            None,
            Instant::now(),
        );
        assert_eq!(clock.skew(), SignedDuration::from_mins(2));
        clock.observe(None, local, None, Instant::now());
        clock.observe(Some("not a date"), local, None, Instant::now());
        clock.observe(Some(""), local, None, Instant::now());
        assert_eq!(clock.skew(), SignedDuration::from_mins(2));
        // The latest good answer wins.
        clock.observe(
            Some("Sun, 22 Nov 2026 08:59:00 GMT"),
            local,
            None,
            Instant::now(),
        );
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
            clock.observe(Some(date), local, None, Instant::now());
            assert_eq!(clock.check().is_ok(), ok, "{date}");
        }

        // A machine a year ahead.
        let clock = AwsClock::new();
        clock.observe(
            Some("Sun, 22 Nov 2026 09:00:00 GMT"),
            local,
            None,
            Instant::now(),
        );
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
        behind.observe(
            Some("Mon, 22 Nov 2027 09:07:30 GMT"),
            local,
            None,
            Instant::now(),
        );
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
            None,
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
            Some(Instant::now()),
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
        // Both ends of the round trip were timed: AWS's time is bounded on both sides.
        assert!(clock.state().upper.is_some());
        // A response without a Date leaves the reading as it was.
        client.list_instances().send().await.unwrap();
        assert_eq!(clock.skew(), skew);
        assert_eq!(clock.latest().unwrap().aws, expected);
    }
}
