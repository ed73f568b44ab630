//! `elevate cancel`: the requester withdraws a request that has not been granted (or whose
//! scheduled start has not come).

use crate::domain::authz::Verb;
use crate::domain::{Action, Actor, Request, RequestId, Status};
use crate::error::{Error, Result};

use super::authority::may;
use super::provision::take_away;
use super::{Author, Services, load, transition};

pub async fn cancel(svc: &Services, actor: &Actor, id: &RequestId) -> Result<Request> {
    let request = load(svc, id).await?;
    may(Verb::Cancel, &request, actor, svc.grant_mode).map_err(|_| {
        Error::Denied(format!(
            "only the requester (or the person who would receive it) can cancel request {id} (it was requested by {}); an approver can reject it instead",
            request.requester.label()
        ))
    })?;
    let author = Author::asking(actor);
    match request.status {
        Status::Pending => {}
        // Approved, but the grant has not started: nothing exists to take away.
        Status::Approved if request.prior_access.is_none() => {}
        // Scheduled for later: its schedules go with it.
        Status::Approved
            if request.scheduled_start.is_some_and(|s| s > svc.clock.now())
                && svc.grant_mode == crate::domain::authz::GrantMode::Brokered =>
        {
            // Its schedules are the executor's to remove: ask it, and it is never granted.
            return transition(
                svc,
                &request,
                Action::AskRevoke,
                &author,
                Some("cancelled before its start"),
                None,
            )
            .await;
        }
        Status::Approved if request.scheduled_start.is_some_and(|s| s > svc.clock.now()) => {
            return take_away(
                svc,
                id,
                Action::Cancel,
                &author,
                Some("cancelled before its start"),
            )
            .await;
        }
        Status::Approved | Status::Active | Status::Failed => {
            return Err(Error::Conflict(format!(
                "request {id} is {} and its access may already be in place: use `elevate revoke {id}` to end it",
                request.status
            )));
        }
        status => {
            return Err(Error::AlreadyOver(format!(
                "request {id} is already {status}: there is nothing to cancel"
            )));
        }
    }
    transition(svc, &request, Action::Cancel, &author, None, None).await
}
