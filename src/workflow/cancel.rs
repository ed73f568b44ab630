//! `elevate cancel`: the requester withdraws a request that has not been granted (or whose
//! scheduled start has not come).

use crate::domain::request::Stamp;
use crate::domain::{Action, Actor, Request, RequestId, Status};
use crate::error::{Error, Result};

use super::provision::take_away;
use super::{Services, commit, load};

pub async fn cancel(svc: &Services, actor: &Actor, id: &RequestId) -> Result<Request> {
    let request = load(svc, id).await?;
    if !request.involves(actor) {
        return Err(Error::Denied(format!(
            "only the requester can cancel request {id} (it was requested by {}); an approver can reject it instead",
            request.requester.label()
        )));
    }
    match request.status {
        Status::Pending => {}
        // Approved, but the grant has not started: nothing exists to take away.
        Status::Approved if request.prior_access.is_none() => {}
        // Scheduled for later: its schedules go with it.
        Status::Approved if request.scheduled_start.is_some_and(|s| s > svc.clock.now()) => {
            return take_away(
                svc,
                id,
                Action::Cancel,
                &actor.label(),
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
            return Err(Error::Conflict(format!(
                "request {id} is {status}: there is nothing to cancel"
            )));
        }
    }
    let label = actor.label();
    let (next, event) = request.apply(
        Action::Cancel,
        &Stamp {
            actor: &label,
            at: svc.clock.now(),
            comment: None,
            policy_version: None,
        },
    )?;
    commit(svc, &next, &event).await?;
    Ok(next)
}
