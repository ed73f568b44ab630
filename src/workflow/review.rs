//! `elevate review`: an approver's after-the-fact review of a break-glass elevation. Break-glass
//! access is granted without approval; the review is where a person looks at why, and says so
//! in the ledger.

use crate::domain::authz::Verb;
use crate::domain::ledger::Capacity;
use crate::domain::{Action, Actor, Policy, Request, RequestId};
use crate::error::{Error, Result};

use super::authority::{may, user_of};
use super::{Author, Services, load, transition};

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
    user_of(actor)?;
    may(Verb::Review, &request, actor, svc.grant_mode).map_err(|e| match e {
        Error::Denied(why) => Error::Denied(format!(
            "{why}. Only an approver who is not party to a break-glass elevation reviews it; its reviewers are {}",
            request
                .approvers
                .iter()
                .map(|a| a.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )),
        other => other,
    })?;
    transition(
        svc,
        &request,
        Action::Review {
            comment: comment.to_string(),
        },
        &Author::new(actor, Capacity::Approver),
        Some(comment),
        Some(&policy.version),
    )
    .await
}
