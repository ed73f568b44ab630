//! `elevate revoke`: end an elevation early. The requester, the person who has the access, or an
//! approver may do it.

use crate::domain::{Action, Actor, Request, RequestId, Status};
use crate::error::{Error, Result};

use super::identity::may_act_on;
use super::provision::take_away;
use super::{Services, load};

pub async fn revoke(
    svc: &Services,
    actor: &Actor,
    id: &RequestId,
    reason: Option<&str>,
) -> Result<Request> {
    let request = load(svc, id).await?;
    if !may_act_on(&request, actor) {
        return Err(Error::Denied(format!(
            "{} may not revoke request {id}: the requester, the person with the access, or one of its approvers can",
            actor.label()
        )));
    }
    if !matches!(
        request.status,
        Status::Active | Status::Approved | Status::Failed
    ) {
        return Err(Error::Conflict(format!(
            "request {id} is {}: there is nothing to revoke",
            request.status
        )));
    }
    take_away(svc, id, Action::Revoke, &actor.label(), reason).await
}
