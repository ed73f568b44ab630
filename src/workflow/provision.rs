//! Granting, taking away and lengthening an assignment, correctly, and the Organizations check
//! that an account is one Identity Center can manage from here:
//! - each change runs under the assignment's lease (`lease`), so a revocation can never delete
//!   an assignment that a concurrent grant just relied on;
//! - whether the principal already had the access is recorded *before* anything is created, so
//!   a grant interrupted half-way is never later mistaken for pre-existing access;
//! - access no verified elevation explains (`holders`) is never granted over (refused: adopting
//!   it would mean never removing it) nor removed, and an assignment shared by overlapping
//!   elevations goes only when the last of them ends;
//! - Identity Center's answer is awaited: SUCCEEDED or FAILED, never assumed;
//! - nothing is granted that the decision (`decide::may_grant`) does not allow, recomputed from
//!   the verified request under the lease; the schedules follow every change (`schedules`).

use jiff::SignedDuration;

use crate::domain::{Action, Actor, Policy, Request, RequestId, Status, format_time};
use crate::error::{Error, Result};

use super::holders::{grantable, holders};
use super::lease::with_lease;
use super::ports::{Provisioning, ServiceErrorKind};
use super::schedules::{Own, replan, try_replan};
use super::{Author, Notice, Services, by_whom, commit, latest_event, load};

/// Refuses an account that Identity Center cannot manage from where the caller is: the
/// management account, from a delegated administrator.
pub async fn ensure_manageable(svc: &Services, actor: &Actor, account_id: &str) -> Result<()> {
    let management = match svc.org.management_account().await {
        Ok(m) => m,
        // Without organizations:DescribeOrganization we cannot tell; Identity Center itself
        // will refuse the assignment if it must.
        Err(e) if e.kind == ServiceErrorKind::AccessDenied => {
            tracing::warn!("cannot check for the management account: {e}");
            None
        }
        Err(e) => return Err(e.into()),
    };
    match management {
        Some(m) if m == account_id && actor.account != m => Err(Error::Denied(format!(
            "account {account_id} is the organization's management account. Identity Center administered from a delegated administrator account (you are calling from {}) cannot assign access in the management account. Run this from the management account ({m}), or use the management account's own break-glass procedure",
            actor.account
        ))),
        _ => Ok(()),
    }
}

/// Why a grant is refused when the principal holds the assignment and no verified elevation
/// explains it.
fn unexplained(req: &Request) -> String {
    format!(
        "{} already holds {} on {} and no elevation in the ledger explains it, so there is nothing to grant: standing access is not elevate's to time-limit. If that access should not be there, remove it; if an elevation of the ledger should explain it, run `elevate audit verify`",
        req.principal, req.permission_set.name, req.account_id
    )
}

/// What a grant does when IAM refuses the caller's `CreateAccountAssignment`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnDenied {
    /// An approver granting: the grant failed; record it.
    RecordFailure,
    /// Policy approved it and the requester tried to grant it themselves: not a failure, the
    /// request stays approved for someone who may grant.
    LeaveApproved,
}

/// Someone else moved the request on while this command waited for the lease.
async fn overtaken(svc: &Services, req: &Request, consequence: &str) -> Error {
    let by = match latest_event(svc, &req.id).await {
        Ok(ev) => ev
            .map(|e| format!(" {}", by_whom(&e.actor, e.at)))
            .unwrap_or_default(),
        Err(e) => return e,
    };
    Error::Conflict(format!(
        "request {} was {}{by} meanwhile; {consequence}",
        req.id, req.status
    ))
}

/// Grants an approved request (or retries a failed grant) and confirms it — if, and only if, the
/// decision allows it now.
pub async fn grant(
    svc: &Services,
    policy: &Policy,
    id: &RequestId,
    author: &Author,
    on_denied: OnDenied,
) -> Result<Request> {
    let key = load(svc, id).await?.assignment().key();
    with_lease(svc, &key, || async {
        let verified = super::verify::load(svc, id).await?;
        let mut req = verified.request.clone();
        if req.status == Status::Active {
            // Someone else finished it while we waited for the lease: the access is there.
            return Ok(req);
        }
        if !grantable(&req) {
            // Cancelled or revoked between the approval and the grant: nothing is granted.
            return Err(overtaken(svc, &req, "nothing was granted").await);
        }
        let now = svc.clock.now();
        if let Some(start) = req.start_at.filter(|s| *s > now) {
            return Err(Error::Conflict(format!(
                "request {id} starts at {}: it is granted then{}",
                crate::domain::format_time(start),
                if req.scheduled_start.is_some() {
                    " by its schedule (or by `elevate reconcile`)"
                } else {
                    ", by `elevate reconcile`"
                }
            )));
        }
        if let Some((_, end)) = req.window().filter(|(_, end)| *end <= now) {
            return Err(Error::Conflict(format!(
                "request {id} was scheduled for a window that ended at {}: nothing is granted now; `elevate reconcile` closes it",
                crate::domain::format_time(end)
            )));
        }
        if let Some((_, end)) = req.grant_window(now).filter(|(_, end)| *end <= now) {
            return Err(Error::Conflict(format!(
                "request {id}'s grant was started long enough ago that its window ended at {}: nothing is granted now; `elevate reconcile` closes it",
                crate::domain::format_time(end)
            )));
        }
        // The decision, from the verified request alone, before anything changes.
        super::decide::may_grant(svc, policy, &verified).await?;
        let assignment = req.assignment();
        let exists = svc.access.has_assignment(&assignment).await?;
        // Writes a grant step; a caller who may not seal one leaves the request approved for
        // someone who may (the executor), as when IAM refuses the grant itself.
        let step = |req: Request, action: Action| async move {
            let (next, event) = req.apply(action, &author.stamp(svc, None, None))?;
            commit(svc, author, &next, event).await?;
            Ok::<_, Error>(next)
        };
        let left = |e: &Error| {
            on_denied == OnDenied::LeaveApproved && matches!(e, Error::SealRefused { .. })
        };
        if req.prior_access == Some(true) && !exists {
            // The access that was there when the grant was scheduled (or started) is gone: this
            // grant creates it, so it must end with the elevation.
            match step(
                req.clone(),
                Action::BeginGrant {
                    prior_access: false,
                },
            )
            .await
            {
                Ok(next) => req = next,
                Err(e) if left(&e) => return Ok(req),
                Err(e) => return Err(e),
            }
        }
        if req.prior_access.is_none() {
            let others = holders(svc, &req).await?;
            if others.is_empty() && exists {
                // Nothing in the ledger explains the assignment. Taking it for pre-existing
                // access would never remove it, and hiding the elevation that holds it (one
                // write to the ledger) would be enough to make it so: refuse, and say why.
                let reason = unexplained(&req);
                match step(req.clone(), Action::GrantFailed { reason: reason.clone() }).await {
                    Ok(_) => {}
                    Err(e) if left(&e) => return Ok(req),
                    Err(e) => return Err(e),
                }
                return Err(Error::Denied(reason));
            }
            // The assignment exists for the others; it was pre-existing if it was for them.
            let prior_access = others.iter().any(|o| o.prior_access == Some(true));
            match step(req.clone(), Action::BeginGrant { prior_access }).await {
                Ok(next) => req = next,
                Err(e) if left(&e) => {
                    tracing::info!("not granting {id} with these credentials: {e}");
                    return Ok(req);
                }
                Err(e) => return Err(e),
            }
        }
        crate::faults::point("grant:started");
        if !exists {
            let failure = match svc.access.create_assignment(&assignment).await {
                Ok(Provisioning::Succeeded) => None,
                Ok(Provisioning::Failed(reason)) => Some((
                    reason.clone(),
                    Error::ProvisioningFailed(format!(
                        "Identity Center could not create the assignment for request {id}: {reason}. The request is marked failed; fix the cause and run `elevate approve --finish {id}` to retry, or `elevate revoke {id}` to give up"
                    )),
                )),
                Err(e)
                    if e.kind == ServiceErrorKind::AccessDenied
                        && on_denied == OnDenied::LeaveApproved =>
                {
                    tracing::info!("not granting {id} with these credentials: {e}");
                    return Ok(req);
                }
                Err(e) if e.kind == ServiceErrorKind::AccessDenied => {
                    Some((e.to_string(), e.into()))
                }
                // Running the same command again would only say the grant failed: say what
                // retries it.
                Err(e) => Some((
                    e.to_string(),
                    Error::ProvisioningFailed(format!(
                        "{}\n  nothing was granted and request {id} is marked failed: run `elevate approve --finish {id}` in a minute to retry (`elevate reconcile` also retries it, after a back-off)",
                        e.what_failed()
                    )),
                )),
            };
            if let Some((reason, err)) = failure {
                step(req, Action::GrantFailed { reason }).await?;
                return Err(err);
            }
        }
        crate::faults::point("grant:created");
        // Schedule the end before recording the grant, at exactly the end the grant records: a
        // crash in between leaves an approved request with its schedule, which reconcile
        // finishes; the other order could leave an active elevation with no scheduled end.
        let granted = author.stamp(svc, None, None);
        let (start, end) = req.grant_window(granted.at).ok_or_else(|| {
            Error::Transition(crate::domain::TransitionError::OutOfRange { id: id.clone() })
        })?;
        replan(svc, &req, Own::Window(start, end)).await;
        crate::faults::point("grant:scheduled");
        let (next, event) = req.apply(Action::Granted, &granted)?;
        commit(svc, author, &next, event).await?;
        Ok(next)
    })
    .await
}

/// Ends an elevation (`Action::Revoke` early, `Action::End` on time, `Action::Cancel` before a
/// scheduled start): removes the assignment unless the access was pre-existing or another
/// elevation still holds it, then records it.
pub async fn take_away(
    svc: &Services,
    id: &RequestId,
    action: Action,
    author: &Author,
    comment: Option<&str>,
) -> Result<Request> {
    let key = load(svc, id).await?.assignment().key();
    with_lease(svc, &key, || async {
        let req = load(svc, id).await?;
        if req.status.is_final() {
            return Err(overtaken(svc, &req, "nothing more to do").await);
        }
        let stamp = author.stamp(svc, comment, None);
        // Check the transition is allowed before touching anything.
        let (done, done_event) = req.apply(action.clone(), &stamp)?;
        let ours = req.prior_access == Some(false);
        let scheduled = req.status == Status::Approved && req.scheduled_start.is_some();
        if ours && scheduled {
            // Its grant schedule must not fire after this: remove it first, or stop here.
            if let Err(e) = try_replan(svc, &req, Own::Excluded).await {
                let why = format!(
                    "request {id} is scheduled, and its schedules could not be removed ({e}): nothing was changed"
                );
                return Err(match e {
                    Error::Service(se) if se.kind == ServiceErrorKind::AccessDenied => {
                        Error::Denied(format!(
                            "{why}. Someone who may manage elevate's schedules (an approver) can `elevate revoke {id}`"
                        ))
                    }
                    _ => Error::NeedsAttention(format!("{why}; run the command again")),
                });
            }
        }
        // Whether this elevation's own grant may have created the assignment: granted, or
        // started, or its schedule may have fired (allowing for a schedule running late).
        let may_hold = match req.scheduled_start {
            Some(start) if req.status == Status::Approved => {
                stamp
                    .at
                    .checked_add(SignedDuration::from_mins(1))
                    .is_ok_and(|t| start <= t)
            }
            _ => true,
        };
        if ours && may_hold && holders(svc, &req).await?.is_empty() {
            let failure = match svc.access.delete_assignment(&req.assignment()).await {
                Ok(Provisioning::Succeeded) => None,
                Ok(Provisioning::Failed(reason)) => Some((
                    reason.clone(),
                    Error::ProvisioningFailed(format!(
                        "Identity Center could not delete the assignment of request {id}: {reason}. The access is still in place and the request is marked failed; run `elevate revoke {id}` again once the cause is fixed"
                    )),
                )),
                Err(e) => Some((e.to_string(), e.into())),
            };
            if let Some((reason, err)) = failure {
                if let Ok((next, event)) = req.apply(Action::RevokeFailed { reason }, &stamp) {
                    commit(svc, author, &next, event).await?;
                }
                return Err(err);
            }
        }
        crate::faults::point("revoke:deleted");
        commit(svc, author, &done, done_event).await?;
        // (A scheduled request's schedules were already re-planned without it, above.)
        if ours && !scheduled {
            replan(svc, &done, Own::Stored).await;
        }
        Ok(done)
    })
    .await
}

/// Approves-for-later: records whether the principal already has the access (like the start
/// of a grant) and fixes the window, then schedules the grant at the start and the revocation
/// at the end. Recording first means a crash leaves a scheduled request without schedules
/// (granted late by `reconcile`), never an assignment the ledger would take for pre-existing.
pub async fn schedule_grant(
    svc: &Services,
    policy: &Policy,
    id: &RequestId,
    author: &Author,
) -> Result<Request> {
    let key = load(svc, id).await?.assignment().key();
    with_lease(svc, &key, || async {
        let verified = super::verify::load(svc, id).await?;
        let req = verified.request.clone();
        if req.status == Status::Approved && req.scheduled_start.is_some() {
            return Ok(req);
        }
        if req.status != Status::Approved {
            return Err(overtaken(svc, &req, "nothing was scheduled").await);
        }
        // A schedule grants with the scheduler role's power: decide before making one.
        super::decide::may_grant(svc, policy, &verified).await?;
        let exists = svc.access.has_assignment(&req.assignment()).await?;
        let others = holders(svc, &req).await?;
        if others.is_empty() && exists {
            // As at a grant: recorded, so that nothing grants it later.
            let reason = unexplained(&req);
            let (next, event) = req.apply(
                Action::GrantFailed {
                    reason: reason.clone(),
                },
                &author.stamp(svc, None, None),
            )?;
            commit(svc, author, &next, event).await?;
            return Err(Error::Denied(reason));
        }
        let prior_access = others.iter().any(|o| o.prior_access == Some(true));
        let (next, event) = req.apply(
            Action::ScheduleGrant { prior_access },
            &author.stamp(svc, None, None),
        )?;
        commit(svc, author, &next, event).await?;
        if prior_access {
            tracing::info!(
                "request {id}: the principal already has this access; nothing is scheduled"
            );
        } else {
            replan(svc, &next, Own::Stored).await;
        }
        Ok(next)
    })
    .await
}

/// Records a change to an active elevation's window (an extension asked for, approved, or given
/// by policy) and moves its schedules to match, under the assignment's lease. The ledger is
/// written first: a crash in between leaves the old, earlier revocation in place — access ends
/// early, never late — and `reconcile` reports it.
pub async fn lengthen(
    svc: &Services,
    id: &RequestId,
    action: Action,
    author: &Author,
    comment: Option<&str>,
    policy_version: Option<&str>,
) -> Result<Request> {
    if svc.grant_mode == crate::domain::authz::GrantMode::Brokered
        && author.capacity != crate::domain::ledger::Capacity::Executor
    {
        // Only the executor manages schedules: the decision is recorded, and its next pass
        // moves the revocation (`schedules::realign`). Until then the old, earlier end stands:
        // access ends early, never late.
        let req = load(svc, id).await?;
        return super::transition(svc, &req, action, author, comment, policy_version).await;
    }
    let key = load(svc, id).await?.assignment().key();
    with_lease(svc, &key, || async {
        let req = load(svc, id).await?;
        let next = super::transition(svc, &req, action, author, comment, policy_version).await?;
        if next.end_at != req.end_at && next.prior_access == Some(false) {
            replan(svc, &next, Own::Stored).await;
        }
        Ok(next)
    })
    .await
}

/// What happens at a scheduled start.
pub(crate) fn starts_notice(request: &Request) -> Notice {
    let (start, end) = request.window().unwrap_or((
        request.start_at.unwrap_or(request.created_at),
        request.created_at,
    ));
    if request.prior_access == Some(true) {
        format!(
            "approved from {} to {}; the principal already has this access, so nothing is scheduled. If that access is removed before the start, `elevate reconcile` grants it then",
            format_time(start),
            format_time(end)
        )
    } else {
        format!(
            "approved from {} to {}: the access is granted at the start by a schedule (and by `elevate reconcile` if that has not happened)",
            format_time(start),
            format_time(end)
        )
    }
}
