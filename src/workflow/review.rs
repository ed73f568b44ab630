//! `elevate review`: an approver's after-the-fact review of a break-glass elevation. Break-glass
//! access is granted without approval; the review is where a person looks at why, and says so
//! in the ledger.

use crate::domain::policy::is_listed;
use crate::domain::{Action, Actor, Policy, Request, RequestId};
use crate::error::{Error, Result};

use super::identity::{group_names, user_of};
use super::{Services, load, transition};

pub async fn review(
    svc: &Services,
    policy: &Policy,
    actor: &Actor,
    id: &RequestId,
    comment: &str,
) -> Result<Request> {
    let comment = comment.trim();
    if comment.is_empty() {
        return Err(Error::Missing {
            flag: "--comment",
            hint: "say what you checked: --comment <text>".into(),
        });
    }
    let request = load(svc, id).await?;
    let user = user_of(actor)?;
    if request.involves(actor) {
        return Err(Error::Denied(format!(
            "you cannot review request {id}: you asked for it or received its access. Another of its approvers must"
        )));
    }
    if !is_listed(&request.approvers, &user.name, &group_names(actor)) {
        return Err(Error::Denied(format!(
            "user:{} is not an approver of request {id}; its reviewers are {}",
            user.name,
            request
                .approvers
                .iter()
                .map(|a| a.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    transition(
        svc,
        &request,
        Action::Review {
            comment: comment.to_string(),
        },
        &actor.label(),
        Some(comment),
        Some(&policy.version),
    )
    .await
}
