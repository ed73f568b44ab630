//! Keeping Identity Center's admin API within its quotas: AWS documents a collective throttle of
//! 20 transactions a second across the account access (sso-admin) API, and at most 15
//! outstanding asynchronous write operations (creations and deletions of account assignments
//! still IN_PROGRESS), which cannot be raised (IAM User Guide, "Quotas and limits in account
//! access manager"). The executor ending a thousand elevations at once would otherwise be
//! throttled, and its retries would compete with everyone else's calls to the instance.
//!
//! Every sso-admin call waits for its slot: slots are `1 / rate` apart, handed out in order of
//! asking (a "leaky bucket" without burst: the simplest schedule that never exceeds the rate in
//! any window, and one `tokio::time` drives, so tests run it on a paused clock). Each creation
//! or deletion also holds one of `writes` permits from its call until Identity Center says it
//! finished. A throttling answer that still surfaces after the SDK's own retries is counted, so
//! the executor can report it.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::sync::{Semaphore, SemaphorePermit};
use tokio::time::Instant;

use crate::workflow::ports::{ServiceError, ServiceErrorKind};

/// The documented collective rate of the account access API, per second.
pub const DEFAULT_RATE: f64 = 20.0;
/// Outstanding writes elevate allows itself: below AWS's 15, which leaves room for anyone else
/// managing the instance (an administrator, a deployment pipeline) at the same time.
pub const DEFAULT_WRITES: u32 = 10;
/// AWS's own limit on outstanding asynchronous writes: no setting may exceed it.
pub const MAX_WRITES: u32 = 15;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pacing {
    /// Calls a second across the sso-admin API.
    pub rate: f64,
    /// Creations and deletions in progress at once.
    pub writes: u32,
}

impl Default for Pacing {
    fn default() -> Self {
        Pacing {
            rate: DEFAULT_RATE,
            writes: DEFAULT_WRITES,
        }
    }
}

impl Pacing {
    /// Checks values from configuration: a rate above zero, writes from 1 to AWS's 15.
    pub fn new(rate: f64, writes: u32) -> Result<Pacing, String> {
        if !(rate.is_finite() && rate > 0.0 && rate <= 10_000.0) {
            return Err(format!(
                "identity_center_rate must be a number of calls a second above 0 (AWS documents {DEFAULT_RATE}); got {rate}"
            ));
        }
        if !(1..=MAX_WRITES).contains(&writes) {
            return Err(format!(
                "identity_center_writes must be from 1 to {MAX_WRITES} (AWS allows at most {MAX_WRITES} outstanding assignment operations); got {writes}"
            ));
        }
        Ok(Pacing { rate, writes })
    }
}

/// One process's pace for Identity Center: shared by every caller of the sso-admin client.
pub struct Pacer {
    interval: Duration,
    next: Mutex<Option<Instant>>,
    writes: Semaphore,
    throttled: AtomicU64,
}

impl Pacer {
    pub fn new(pacing: Pacing) -> Pacer {
        Pacer {
            interval: Duration::from_secs_f64(1.0 / pacing.rate),
            next: Mutex::new(None),
            writes: Semaphore::new(pacing.writes as usize),
            throttled: AtomicU64::new(0),
        }
    }

    /// Waits for the next call's slot.
    pub async fn slot(&self) {
        let at = {
            let now = Instant::now();
            let mut next = self.next.lock().unwrap_or_else(|p| p.into_inner());
            let at = next.map_or(now, |n| n.max(now));
            *next = Some(at + self.interval);
            at
        };
        tokio::time::sleep_until(at).await;
    }

    /// Waits for room for one more creation or deletion in progress; held until it finished.
    pub async fn write(&self) -> SemaphorePermit<'_> {
        // The semaphore is never closed.
        self.writes
            .acquire()
            .await
            .unwrap_or_else(|_| unreachable!("the pacer's semaphore is never closed"))
    }

    /// Counts `e` when it is Identity Center throttling the caller; returns it unchanged.
    pub fn note(&self, e: ServiceError) -> ServiceError {
        if e.kind == ServiceErrorKind::Throttled {
            self.throttled.fetch_add(1, Ordering::Relaxed);
            tracing::warn!(
                "Identity Center throttled {} even after retries: lower identity_center_rate, or look for another client calling the instance",
                e.operation
            );
        }
        e
    }

    /// Calls that failed with throttling, since the process started.
    pub fn throttles(&self) -> u64 {
        self.throttled.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::AtomicUsize;

    #[tokio::test(start_paused = true)]
    async fn no_window_of_a_second_holds_more_calls_than_the_rate() {
        let pacer = Arc::new(Pacer::new(Pacing::new(20.0, 10).unwrap()));
        let start = Instant::now();
        let times = Arc::new(Mutex::new(Vec::new()));
        let tasks: Vec<_> = (0..100)
            .map(|_| {
                let (pacer, times) = (pacer.clone(), times.clone());
                tokio::spawn(async move {
                    pacer.slot().await;
                    times.lock().unwrap().push(Instant::now() - start);
                })
            })
            .collect();
        for t in tasks {
            t.await.unwrap();
        }
        let mut times = times.lock().unwrap().clone();
        times.sort();
        // 100 calls at 20 a second: the last at 4.95 s, none earlier than its slot.
        assert_eq!(*times.last().unwrap(), Duration::from_millis(4950));
        for (i, t) in times.iter().enumerate() {
            let in_window = times[i..]
                .iter()
                .take_while(|u| **u < *t + Duration::from_secs(1))
                .count();
            assert!(
                in_window <= 20,
                "{in_window} calls within a second of {t:?}"
            );
        }
    }

    #[tokio::test(start_paused = true)]
    async fn writes_in_progress_never_exceed_the_permits() {
        let pacer = Arc::new(Pacer::new(Pacing::new(1000.0, 3).unwrap()));
        let (now, peak) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let tasks: Vec<_> = (0..12)
            .map(|_| {
                let (pacer, now, peak) = (pacer.clone(), now.clone(), peak.clone());
                tokio::spawn(async move {
                    let _permit = pacer.write().await;
                    let n = now.fetch_add(1, Ordering::SeqCst) + 1;
                    peak.fetch_max(n, Ordering::SeqCst);
                    // Identity Center takes its time provisioning.
                    tokio::time::sleep(Duration::from_secs(2)).await;
                    now.fetch_sub(1, Ordering::SeqCst);
                })
            })
            .collect();
        for t in tasks {
            t.await.unwrap();
        }
        assert_eq!(peak.load(Ordering::SeqCst), 3);
    }

    #[test]
    fn settings_outside_what_aws_allows_are_refused() {
        assert!(Pacing::new(0.0, 10).is_err());
        assert!(Pacing::new(f64::NAN, 10).is_err());
        assert!(Pacing::new(20.0, 0).is_err());
        let e = Pacing::new(20.0, 16).unwrap_err();
        assert!(e.contains("at most 15"), "{e}");
        assert_eq!(Pacing::new(20.0, 15).unwrap().writes, 15);
    }

    #[test]
    fn only_throttling_is_counted() {
        let pacer = Pacer::new(Pacing::default());
        let e = |kind| ServiceError {
            service: "sso-admin",
            operation: "DeleteAccountAssignment",
            kind,
            message: "x".into(),
        };
        pacer.note(e(ServiceErrorKind::Throttled));
        pacer.note(e(ServiceErrorKind::AccessDenied));
        assert_eq!(pacer.throttles(), 1);
    }
}
