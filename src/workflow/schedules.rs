//! Keeping an assignment's EventBridge schedules (the grants at scheduled starts and the
//! revocations at ends) in line with the verified elevations that hold it or will, after every
//! change to them. The plan itself is `domain::schedule`.

use jiff::Timestamp;

use crate::domain::schedule::{self, Change};
use crate::domain::{Assignment, Request, RequestId, Status};
use crate::error::Result;
use crate::store::Query;

use super::holders::holding_hint;
use super::lease::with_lease;
use super::{Services, load};

/// How `replan` counts the request it is called for.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Own {
    /// As stored.
    Stored,
    /// With this window: the grant about to be recorded.
    Window(Timestamp, Timestamp),
    /// Not at all: it is about to end.
    Excluded,
}

/// The requests the ledger lists as holding `assignment` or scheduled to (statuses
/// `Status::SCHEDULED_FROM`), as of now (see `Query::assignment_key`). A listing is a hint
/// anyone who writes the ledger can edit: each caller reads every one as far as it trusts it,
/// and counts it only if what it reads is [`still_scheduled`] on the assignment.
pub(crate) async fn listed(svc: &Services, assignment: &Assignment) -> Result<Vec<RequestId>> {
    Ok(svc
        .store
        .list(&Query {
            statuses: Status::SCHEDULED_FROM.to_vec(),
            assignment_key: Some(assignment.key()),
            ..Query::default()
        })
        .await?
        .into_iter()
        .map(|hint| hint.id)
        .collect())
}

/// Whether a request read from a [`listed`] hint holds `assignment` or is scheduled to: its
/// record may have been edited to name another one, or a status it is not in.
pub(crate) fn still_scheduled(request: &Request, assignment: &Assignment) -> bool {
    request.assignment() == *assignment && Status::SCHEDULED_FROM.contains(&request.status)
}

/// Brings the assignment's schedules in line with the elevations that hold it or are scheduled
/// to (see `domain::schedule`). Runs under the assignment's lease. A failure leaves the access as
/// it is and is not undone: `reconcile` still grants and ends on time if it runs.
pub(crate) async fn replan(svc: &Services, request: &Request, own: Own) {
    if let Err(e) = try_replan(svc, request, own).await {
        tracing::warn!(
            "could not update the schedules of request {}'s assignment: {e}. Its access is granted and ended on time only if `elevate reconcile` runs then",
            request.id
        );
    }
}

pub(crate) async fn try_replan(svc: &Services, request: &Request, own: Own) -> Result<()> {
    if !svc.scheduler.enabled() {
        tracing::warn!(
            "no scheduler role is configured (scheduler_role_arn): request {} is granted and ended on time only if `elevate reconcile` runs then",
            request.id
        );
        return Ok(());
    }
    let assignment = request.assignment();
    {
        let now = svc.clock.now();
        // The elevations of this assignment, each verified: a schedule grants with the
        // scheduler role's power, so a window is planned only for a request whose sealed events
        // say it holds (or will hold) the assignment, never for a record the ledger merely lists.
        let listed = listed(svc, &assignment).await?;
        let mut tuple = Vec::with_capacity(listed.len());
        for id in listed {
            if id == request.id {
                tuple.push(request.clone());
                continue;
            }
            // What keeps the assignment (a spoiled colleague's record too, until its granted
            // end) keeps its revocation schedule: `holders` and the plan count the same.
            if let Some(v) = holding_hint(svc, &id).await?
                && still_scheduled(&v, &assignment)
            {
                tuple.push(v);
            }
        }
        let mut windows = Vec::new();
        let mut keep = false;
        let mut count = |r: &Request, window: Option<(Timestamp, Timestamp)>| {
            let Some(window) = window else { return };
            match (r.prior_access, r.status) {
                (Some(false), _) => windows.push(window),
                // Access that existed before: nothing may delete it.
                (Some(true), Status::Active | Status::Failed) => keep = true,
                // A scheduled grant of access that existed when it was scheduled needs nothing;
                // if that access is gone by its start, `reconcile` grants it.
                _ => {}
            }
        };
        for r in tuple.iter().filter(|r| r.id != request.id) {
            count(r, r.window());
        }
        match own {
            Own::Stored => {
                if let Some(r) = tuple.iter().find(|r| r.id == request.id) {
                    count(r, r.window());
                }
            }
            Own::Window(start, end) => count(request, Some((start, end))),
            Own::Excluded => {}
        }
        let planned = schedule::plan(&windows, keep, now);
        let existing = svc.scheduler.planned(&assignment).await?;
        for change in schedule::changes(&existing, &planned) {
            match change {
                Change::Add(p) => svc.scheduler.add(&assignment, &p).await?,
                Change::Remove(p) => svc.scheduler.remove(&assignment, &p).await?,
            }
        }
        Ok(())
    }
}

/// Brings an active elevation's schedules in line with its verified end, under the
/// assignment's lease: the executor's part of an extension recorded by people in a brokered
/// team. Failures are logged (the earlier end stands).
pub async fn realign(svc: &Services, id: &RequestId) -> Result<()> {
    let key = load(svc, id).await?.assignment().key();
    with_lease(svc, &key, || async {
        let req = load(svc, id).await?;
        if req.status == Status::Active && req.prior_access == Some(false) {
            try_replan(svc, &req, Own::Stored).await?;
        }
        Ok(())
    })
    .await
}
