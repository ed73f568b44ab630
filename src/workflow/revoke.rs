//! `elevate revoke`: end an elevation early. The requester, the person who has the access, or an
//! approver may do it.

use crate::domain::authz::Verb;
use crate::domain::ledger::Capacity;
use crate::domain::{Action, Actor, Request, RequestId, Status};
use crate::error::{Error, Result};

use super::identity::{may, standing};
use super::provision::take_away;
use super::{Author, Services, load};

pub async fn revoke(
    svc: &Services,
    actor: &Actor,
    id: &RequestId,
    reason: Option<&str>,
) -> Result<Request> {
    let request = load(svc, id).await?;
    may(Verb::Revoke, &request, actor).map_err(|_| {
        Error::Denied(format!(
            "{} may not revoke request {id}: the requester, the person with the access, or one of its approvers can",
            actor.label()
        ))
    })?;
    if !matches!(
        request.status,
        Status::Active | Status::Approved | Status::Failed
    ) {
        return Err(Error::Conflict(format!(
            "request {id} is {}: there is nothing to revoke",
            request.status
        )));
    }
    // Party to it: ending one's own access; otherwise an approver's decision.
    let author = if standing(&request, actor).involved() {
        Author::asking(actor)
    } else {
        Author::new(actor, Capacity::Approver)
    };
    take_away(svc, id, Action::Revoke, &author, reason).await
}
