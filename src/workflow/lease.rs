//! The lease that serialises grants and revocations of one assignment tuple in the store, so a
//! revocation can never delete an assignment that a concurrent grant just relied on. Waiting
//! for another holder is bounded by `Tuning::lease_wait`; a lease left behind expires after
//! `Tuning::lease_ttl`.

use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

use crate::error::{Error, Result};

use super::Services;

/// Runs `f` holding the lease on `key`, waiting for another holder to finish.
pub(crate) async fn with_lease<T, F, Fut>(svc: &Services, key: &str, f: F) -> Result<T>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<T>>,
{
    let holder = svc.ids.new_token();
    let deadline = Instant::now() + svc.tuning.lease_wait;
    let mut delay = Duration::from_millis(50);
    loop {
        match svc
            .store
            .try_lease(key, &holder, svc.clock.now(), svc.tuning.lease_ttl)
            .await
        {
            Ok(true) => break,
            Ok(false) => {}
            Err(e) => {
                // If the lease was taken after all, free it now rather than leave the access
                // locked until the lease expires.
                let _ = svc.store.release_lease(key, &holder).await;
                return Err(e.into());
            }
        }
        if Instant::now() >= deadline {
            return Err(Error::Conflict(if svc.tuning.lease_wait.is_zero() {
                format!(
                    "busy: another grant or revocation of the same access is in progress, or was interrupted less than {} ago; a later pass will handle it",
                    crate::domain::format_duration(svc.tuning.lease_ttl)
                )
            } else {
                format!(
                    "another grant or revocation of the same access has been running for over {}s; run the command again in a minute",
                    svc.tuning.lease_wait.as_secs()
                )
            }));
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_secs(2));
    }
    let out = f().await;
    // A lease left behind keeps every grant and revocation of this access waiting for its whole
    // lifetime. Releasing is idempotent (only this holder's lease goes), so a release whose
    // every attempt failed is tried again, twice, before it is left to expire.
    let mut released = svc.store.release_lease(key, &holder).await;
    for pause in [200, 1000] {
        if released.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(pause)).await;
        released = svc.store.release_lease(key, &holder).await;
    }
    if let Err(e) = released {
        // The lease expires on its own; the work itself is done and recorded.
        tracing::warn!("could not release the lease on {key}: {e}");
    }
    out
}
