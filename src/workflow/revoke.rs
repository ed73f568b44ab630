//! `elevate revoke`: end an elevation early. The requester, the person who has the access, or an
//! approver may do it.

use crate::domain::policy::is_listed;
use crate::domain::{Action, Actor, Policy, Request, RequestId, Status};
use crate::error::{Error, Result};

use super::identity::approvers_of;
use super::provision::take_away;
use super::{Services, load};

fn may_revoke(policy: &Policy, request: &Request, actor: &Actor) -> bool {
    if request.involves(actor) {
        return true;
    }
    let Some(user) = &actor.user else {
        return false;
    };
    let approvers: Vec<_> = approvers_of(policy, request).into_iter().cloned().collect();
    let groups: Vec<String> = user.groups.iter().map(|g| g.name.clone()).collect();
    is_listed(&approvers, &user.name, &groups)
}

pub async fn revoke(
    svc: &Services,
    policy: &Policy,
    actor: &Actor,
    id: &RequestId,
    reason: Option<&str>,
) -> Result<Request> {
    let request = load(svc, id).await?;
    if !may_revoke(policy, &request, actor) {
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
