//! `elevate revoke`: end an elevation early. The requester, the person who has the access, or an
//! approver may do it. In a brokered installation they ask, and the executor removes the access.

use crate::domain::authz::{GrantMode, Verb};
use crate::domain::ledger::Capacity;
use crate::domain::{Action, Actor, Request, RequestId, Status};
use crate::error::{Error, Result};
use crate::store::Query;

use super::authority::{may, standing};
use super::provision::take_away;
use super::{Author, Services, load, transition};

/// Revoking is done by the caller in direct mode, asked of the executor in a brokered team.
fn verb(mode: GrantMode) -> Verb {
    match mode {
        GrantMode::Direct => Verb::Revoke,
        GrantMode::Brokered => Verb::AskRevoke,
    }
}

/// The elevations `actor` may end now, newest first: granted or approved (a grant still to
/// come), that `revoke` would act on for them, and whose end nobody asked yet.
pub async fn revocable(svc: &Services, actor: &Actor, limit: usize) -> Result<Vec<Request>> {
    let verb = verb(svc.grant_mode);
    let open = svc
        .store
        .list(&Query {
            statuses: vec![Status::Active, Status::Approved],
            ..Query::default()
        })
        .await?;
    Ok(open
        .into_iter()
        .filter(|r| r.revoke_asked.is_none() && may(verb, r, actor, svc.grant_mode).is_ok())
        .take(limit)
        .collect())
}

pub async fn revoke(
    svc: &Services,
    actor: &Actor,
    id: &RequestId,
    reason: Option<&str>,
) -> Result<Request> {
    let request = load(svc, id).await?;
    let verb = verb(svc.grant_mode);
    may(verb, &request, actor, svc.grant_mode).map_err(|_| {
        Error::Denied(format!(
            "{} may not revoke request {id}: the requester, the person with the access, or one of its approvers can",
            actor.label()
        ))
    })?;
    if request.status == Status::Pending {
        return Err(Error::Conflict(format!(
            "request {id} is pending: nothing was granted to revoke. To withdraw it: elevate cancel {id}"
        )));
    }
    if request.status.is_final() {
        return Err(Error::AlreadyOver(format!(
            "request {id} is already {}: there is nothing to revoke",
            request.status
        )));
    }
    // Party to it: ending one's own access; otherwise an approver's decision.
    let author = if standing(&request, actor).involved() {
        Author::asking(actor)
    } else {
        Author::new(actor, Capacity::Approver)
    };
    match svc.grant_mode {
        GrantMode::Direct => take_away(svc, id, Action::Revoke, &author, reason).await,
        // The wish is sealed and recorded; the executor, which alone may delete assignments,
        // carries it out on its next pass (and the request is never granted after it).
        GrantMode::Brokered => {
            if let Some(first) = &request.revoke_asked
                && super::authority::ask_stands(svc, &request).await?.is_ok()
            {
                return Err(Error::AlreadyOver(format!(
                    "request {id}: an early end was already asked by {} at {}; the executor carries it out on its next pass",
                    first.by,
                    crate::domain::format_time(first.at)
                )));
            }
            transition(svc, &request, Action::AskRevoke, &author, reason, None).await
        }
    }
}
