//! Granting and taking away an assignment, correctly:
//! - grants and revocations of one assignment tuple are serialised by a lease in the store, so a
//!   revocation can never delete an assignment that a concurrent grant just relied on;
//! - whether the principal already had the access is recorded *before* anything is created, so
//!   a grant interrupted half-way is never later mistaken for pre-existing access;
//! - access no verified elevation explains is never granted over (refused: adopting it would
//!   mean never removing it) nor removed, and an assignment shared by overlapping elevations
//!   goes only when the last of them ends;
//! - Identity Center's answer is awaited: SUCCEEDED or FAILED, never assumed;
//! - nothing is granted that the decision (`decide::may_grant`) does not allow, recomputed from
//!   the verified request under the lease; and the holders that keep an assignment alive are
//!   verified requests, never an entry in a set a ledger writer can add to.

use std::future::Future;
use std::time::{Duration, Instant};

use jiff::{SignedDuration, Timestamp};

use crate::domain::schedule::{self, Change};
use crate::domain::{Action, Actor, FailurePhase, Policy, Request, RequestId, Status};
use crate::error::{Error, Result};
use crate::store::Query;

use super::ports::{Provisioning, ServiceErrorKind};
use super::{Author, Services, by_whom, commit, latest_event, load};

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

/// Runs `f` holding the lease on `key`, waiting for another holder to finish.
async fn with_lease<T, F, Fut>(svc: &Services, key: &str, f: F) -> Result<T>
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

/// How `replan` counts the request it is called for.
#[derive(Debug, Clone, Copy)]
enum Own {
    /// As stored.
    Stored,
    /// With this window: the grant about to be recorded.
    Window(Timestamp, Timestamp),
    /// Not at all: it is about to end.
    Excluded,
}

/// Brings the assignment's schedules in line with the elevations that hold it or are scheduled
/// to (see `domain::schedule`). Runs under the assignment's lease. A failure leaves the access as
/// it is and is not undone: `reconcile` still grants and ends on time if it runs.
async fn replan(svc: &Services, request: &Request, own: Own) {
    if let Err(e) = try_replan(svc, request, own).await {
        tracing::warn!(
            "could not update the schedules of request {}'s assignment: {e}. Its access is granted and ended on time only if `elevate reconcile` runs then",
            request.id
        );
    }
}

async fn try_replan(svc: &Services, request: &Request, own: Own) -> Result<()> {
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
        let listed = svc
            .store
            .list(&Query {
                statuses: Status::SCHEDULED_FROM.to_vec(),
                assignment_key: Some(assignment.key()),
                ..Query::default()
            })
            .await?;
        let mut tuple = Vec::with_capacity(listed.len());
        for hint in listed {
            if hint.id == request.id {
                tuple.push(request.clone());
                continue;
            }
            // What keeps the assignment (a spoiled colleague's record too, until its granted
            // end) keeps its revocation schedule: `holders` and the plan count the same.
            if let Some(v) = holding_hint(svc, &hint.id).await?
                && v.assignment() == assignment
                && Status::SCHEDULED_FROM.contains(&v.status)
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

/// Other elevations of the same tuple whose assignment exists in Identity Center: the requests
/// the ledger lists for it (a hint), each verified. A forged entry never keeps an assignment
/// alive; a genuine one that someone spoiled later still does, until the end its sealed events
/// prove (see [`holding_hint`]).
async fn holders(svc: &Services, request: &Request) -> Result<Vec<Request>> {
    holding(svc, &request.assignment(), Some(&request.id)).await
}

/// The elevations (other than `except`) that hold `assignment` now, as far as each can be
/// trusted to (`holding_hint`). The candidates are the assignment's members
/// (`Store::assignment_members`), never a listing filtered by what their records say: someone
/// who edits a colleague's record to another status must not make its access look unheld.
async fn holding(
    svc: &Services,
    assignment: &crate::domain::Assignment,
    except: Option<&RequestId>,
) -> Result<Vec<Request>> {
    let mut out = Vec::new();
    for id in svc.store.assignment_members(&assignment.key()).await? {
        if Some(&id) == except {
            continue;
        }
        let Some(o) = holding_hint(svc, &id).await? else {
            continue;
        };
        if holds(&o) && o.assignment() == *assignment {
            out.push(o);
        }
    }
    Ok(out)
}

fn holds(r: &Request) -> bool {
    r.status == Status::Active || r.failure.as_ref().map(|f| f.phase) == Some(FailurePhase::Revoke)
}

/// What explains an assignment existing now.
#[derive(Debug, Default)]
pub(crate) struct Explanation {
    /// Genuine elevations that hold it, or whose grant has begun (or whose scheduled start has
    /// come) and whose window is not over.
    pub by: Vec<Request>,
    /// Requests naming it that cannot be read at all: nothing is removed on their account
    /// until a person has looked.
    pub doubtful: Vec<String>,
}

/// What explains `assignment` existing now (other than `except`). Anything else that exists
/// is access elevate did not give.
pub(crate) async fn explaining(
    svc: &Services,
    assignment: &crate::domain::Assignment,
    except: Option<&RequestId>,
) -> Result<Explanation> {
    let now = svc.clock.now();
    let mut out = Explanation::default();
    for id in svc.store.assignment_members(&assignment.key()).await? {
        if Some(&id) == except {
            continue;
        }
        let request = match super::verify::load(svc, &id).await {
            Ok(v) => v.request,
            // Spoiled: what its genuine events prove (`holding_hint`); forged: nothing.
            Err(Error::Tampered(_)) => match holding_hint(svc, &id).await? {
                Some(o) => o,
                None => continue,
            },
            Err(Error::NotFound(_)) => continue,
            Err(Error::Store(crate::store::StoreError::Corrupt { message, .. })) => {
                out.doubtful.push(format!(
                    "request {id} names it but cannot be read ({message})"
                ));
                continue;
            }
            Err(e) => return Err(e),
        };
        if request.assignment() != *assignment {
            continue;
        }
        let begun =
            request.grant_started_at.is_some() || request.scheduled_start.is_some_and(|s| s <= now);
        let in_window = request.grant_window(now).is_some_and(|(_, end)| now < end);
        if holds(&request) || (grantable(&request) && begun && in_window) {
            out.by.push(request);
        }
    }
    Ok(out)
}

/// Why a grant is refused when the principal holds the assignment and no verified elevation
/// explains it.
fn unexplained(req: &Request) -> String {
    format!(
        "{} already holds {} on {} and no elevation in the ledger explains it, so there is nothing to grant: standing access is not elevate's to time-limit. If that access should not be there, remove it; if an elevation of the ledger should explain it, run `elevate audit verify`",
        req.principal, req.permission_set.name, req.account_id
    )
}

/// The elevation a listing named, as far as it can be trusted to hold its assignment now: the
/// verified request; or, for one that does not hold together, the state its longest run of
/// genuine events proves, when that is access not yet over — held only until the end it was
/// granted until (no extension counts: only a verified request can show the policy justifies
/// one), and not at all once an early end it records was asked by someone with standing.
/// Anyone who writes the ledger can spoil a colleague's record (they cannot forge it): that
/// must not let their own revocation take the colleague's access with it, nor keep that access
/// a moment past what was granted. A forged record counts for nothing.
async fn holding_hint(svc: &Services, id: &RequestId) -> Result<Option<Request>> {
    match super::verify::load(svc, id).await {
        Ok(v) => Ok(Some(v.request)),
        Err(Error::Tampered(_)) => {
            let (_, events) = svc.store.history(id).await?;
            let now = svc.clock.now();
            let Some(mut t) = super::verify::trusted_state(svc, id, &events).await? else {
                return Ok(None);
            };
            let holds = t.status == Status::Active
                || t.failure.as_ref().map(|f| f.phase) == Some(FailurePhase::Revoke);
            let Some(end) = crate::domain::ledger::end_as_granted(&events, &t) else {
                return Ok(None);
            };
            if !holds || end <= now {
                return Ok(None);
            }
            if t.revoke_asked.is_some() && super::authority::ask_stands(svc, &t).await?.is_ok() {
                return Ok(None);
            }
            t.end_at = Some(end);
            Ok(Some(t))
        }
        Err(Error::NotFound(_)) => Ok(None),
        Err(Error::Store(crate::store::StoreError::Corrupt { message, .. })) => {
            tracing::warn!("request {id} cannot be read ({message}); it is not counted");
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// The verified elevations other than `request` that hold its assignment now.
pub(crate) async fn verified_holders(svc: &Services, request: &Request) -> Result<Vec<Request>> {
    holders(svc, request).await
}

/// Removes an assignment that no genuine elevation explains (a request that does not hold
/// together, past any end it could have; or standing access to a `temporary_only` permission
/// set), under the assignment's lease, and confirms it. What explains it is read again under
/// the lease: a grant that landed since the caller looked keeps its access. Nothing is written
/// to the ledger: there is no genuine request to record it on.
pub(crate) async fn remove_unexplained(
    svc: &Services,
    assignment: &crate::domain::Assignment,
    except: Option<&RequestId>,
) -> Result<Removal> {
    with_lease(svc, &assignment.key(), || async {
        let explained = explaining(svc, assignment, except).await?;
        if let Some(held) = explained.by.first() {
            return Ok(Removal::Held(held.id.clone()));
        }
        if !explained.doubtful.is_empty() {
            return Ok(Removal::Doubtful(explained.doubtful.join("; ")));
        }
        if !svc.access.has_assignment(assignment).await? {
            return Ok(Removal::Gone);
        }
        match svc.access.delete_assignment(assignment).await? {
            Provisioning::Succeeded => Ok(Removal::Removed),
            Provisioning::Failed(reason) => Err(Error::ProvisioningFailed(format!(
                "Identity Center could not delete the assignment: {reason}"
            ))),
        }
    })
    .await
}

/// What [`remove_unexplained`] found under the lease.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Removal {
    Removed,
    /// A genuine elevation holds it (granted since the caller looked): kept.
    Held(RequestId),
    /// A request naming it cannot be read: kept until a person has looked.
    Doubtful(String),
    /// Someone else removed it meanwhile.
    Gone,
}

impl std::fmt::Display for Removal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Removal::Removed => {
                f.write_str("its assignment was removed: nothing genuine explains it")
            }
            Removal::Held(id) => write!(
                f,
                "kept: request {id} holds it (granted since this was checked)"
            ),
            Removal::Doubtful(why) => write!(f, "kept for a person: {why}"),
            Removal::Gone => f.write_str("its assignment is no longer in Identity Center"),
        }
    }
}

fn grantable(r: &Request) -> bool {
    r.status == Status::Approved
        || (r.status == Status::Failed
            && r.failure.as_ref().map(|f| f.phase) == Some(FailurePhase::Grant))
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
        // moves the revocation (`realign`). Until then the old, earlier end stands: access ends
        // early, never late.
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
