//! `elevate reject`: an approver refuses a pending request, or the extension an active
//! elevation waits for (which then keeps its end).

use crate::domain::authz::Verb;
use crate::domain::ledger::Capacity;
use crate::domain::{Action, Actor, Policy, Request, RequestId, Status};
use crate::error::{Error, Result};

use super::authority::may_decide;
use super::{Author, Services, load, transition};

pub async fn reject(
    svc: &Services,
    policy: &Policy,
    actor: &Actor,
    id: &RequestId,
    comment: &str,
) -> Result<Request> {
    let request = load(svc, id).await?;
    may_decide(&request, actor, Verb::Reject, svc.grant_mode)?;
    if request.status == Status::Active && request.extension.is_some() {
        return reject_extension(svc, policy, actor, &request, comment).await;
    }
    if request.status != Status::Pending {
        return Err(Error::Conflict(format!(
            "request {id} is {}: only pending requests can be rejected{}",
            request.status,
            if matches!(request.status, Status::Approved | Status::Active) {
                format!("; use `elevate revoke {id}` to take the access away")
            } else {
                String::new()
            }
        )));
    }
    transition(
        svc,
        &request,
        Action::Reject,
        &Author::new(actor, Capacity::Approver),
        Some(comment),
        Some(&policy.version),
    )
    .await
}

/// An approver refuses a waiting extension: the elevation keeps its end.
async fn reject_extension(
    svc: &Services,
    policy: &Policy,
    actor: &Actor,
    request: &Request,
    comment: &str,
) -> Result<Request> {
    transition(
        svc,
        request,
        Action::RejectExtension,
        &Author::new(actor, Capacity::Approver),
        Some(comment),
        Some(&policy.version),
    )
    .await
}
