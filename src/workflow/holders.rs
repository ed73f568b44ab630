//! Which verified elevations hold an assignment, or explain its existing, and removing one
//! that nothing genuine explains. The holders that keep an assignment alive are verified
//! requests, never an entry in a set a ledger writer can add to: a forged entry keeps nothing,
//! and a genuine one someone spoiled keeps it only until the end its sealed events prove.

use crate::domain::{FailurePhase, Request, RequestId, Status};
use crate::error::{Error, Result};

use super::Services;
use super::lease::with_lease;
use super::ports::Provisioning;

/// Other elevations of the same tuple whose assignment exists in Identity Center: the requests
/// the ledger lists for it (a hint), each verified. A forged entry never keeps an assignment
/// alive; a genuine one that someone spoiled later still does, until the end its sealed events
/// prove (see [`holding_hint`]).
pub(crate) async fn holders(svc: &Services, request: &Request) -> Result<Vec<Request>> {
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

/// The elevation a listing named, as far as it can be trusted to hold its assignment now: the
/// verified request; or, for one that does not hold together, the state its longest run of
/// genuine events proves, when that is access not yet over — held only until the end it was
/// granted until (no extension counts: only a verified request can show the policy justifies
/// one), and not at all once an early end it records was asked by someone with standing.
/// Anyone who writes the ledger can spoil a colleague's record (they cannot forge it): that
/// must not let their own revocation take the colleague's access with it, nor keep that access
/// a moment past what was granted. A forged record counts for nothing.
pub(crate) async fn holding_hint(svc: &Services, id: &RequestId) -> Result<Option<Request>> {
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

pub(crate) fn grantable(r: &Request) -> bool {
    r.status == Status::Approved
        || (r.status == Status::Failed
            && r.failure.as_ref().map(|f| f.phase) == Some(FailurePhase::Grant))
}
