//! `request --wait`: follow a request in the ledger until it settles — active (done), or
//! rejected, cancelled, expired, failed — or the caller's patience runs out.

use std::time::Duration;

use tokio::time::Instant;

use crate::domain::{Request, RequestId, Status};
use crate::error::{Error, Result};
use crate::store::Store;

/// How often the ledger is read: soon at first, then every few seconds.
const FIRST: Duration = Duration::from_millis(500);
const MAX: Duration = Duration::from_secs(5);

/// Reads the request until it is active (`Ok`), or ends otherwise (the matching error: rejected
/// → exit 4, expired or `timeout` → exit 5), calling `on_change` with each new status.
pub async fn until_active(
    store: &dyn Store,
    id: &RequestId,
    timeout: Duration,
    on_change: &mut (dyn FnMut(&Request) + Send),
) -> Result<Request> {
    // A wait too long for the clock to count has no deadline.
    let deadline = Instant::now().checked_add(timeout);
    let mut delay = FIRST;
    let mut last: Option<(Status, u64)> = None;
    loop {
        let r = store.get(id).await?.ok_or_else(|| super::not_found(id))?;
        if last != Some((r.status, r.version)) {
            on_change(&r);
            last = Some((r.status, r.version));
        }
        match r.status {
            Status::Active => return Ok(r),
            Status::Rejected => {
                return Err(Error::Rejected(format!(
                    "request {id} was rejected{}",
                    rejected_why(store, id).await
                )));
            }
            Status::Expired => {
                return Err(Error::TimedOut(format!(
                    "request {id} expired: nobody approved it within the policy's pending_expiry"
                )));
            }
            Status::Cancelled | Status::Revoked | Status::Ended => {
                return Err(Error::Conflict(format!(
                    "request {id} was {} before it became active",
                    r.status
                )));
            }
            Status::Failed => {
                return Err(Error::ProvisioningFailed(format!(
                    "request {id} was approved but its grant failed ({}); an approver can retry it with `elevate approve --finish {id}`",
                    r.failure.as_ref().map_or("", |f| f.reason.as_str())
                )));
            }
            Status::Pending | Status::Approved => {}
        }
        if deadline.is_some_and(|d| Instant::now() >= d) {
            return Err(Error::TimedOut(format!(
                "request {id} is still {} after {}s; it stays {} — wait again with `elevate request --wait --idempotency-key …`, or `elevate cancel {id}`",
                r.status,
                timeout.as_secs(),
                r.status
            )));
        }
        let left = deadline.map_or(delay, |d| d.saturating_duration_since(Instant::now()));
        tokio::time::sleep(delay.min(left)).await;
        delay = (delay * 2).min(MAX);
    }
}

async fn rejected_why(store: &dyn Store, id: &RequestId) -> String {
    match store.events(id).await {
        Ok(events) => events
            .iter()
            .rev()
            .find(|e| e.kind == crate::domain::EventKind::Rejected)
            .map(|e| {
                format!(
                    " by {}{}",
                    e.actor,
                    e.comment
                        .as_deref()
                        .map(|c| format!(": {c}"))
                        .unwrap_or_default()
                )
            })
            .unwrap_or_default(),
        Err(_) => String::new(),
    }
}
