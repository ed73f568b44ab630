//! `elevate approve` and `elevate reject`: an approver's decision. The approval that completes
//! the quorum grants the access at once and confirms it.

use crate::domain::policy::{Decision, Subject, Target};
use crate::domain::request::Stamp;
use crate::domain::{Action, Actor, FailurePhase, Policy, Request, RequestId, Status};
use crate::error::{Error, Result};

use super::identity::{may_decide, principal_groups};
use super::provision::{ensure_manageable, grant};
use super::{Notice, Services, commit, load, session_notice};

#[derive(Debug)]
pub struct Decided {
    pub request: Request,
    pub notices: Vec<Notice>,
}

/// The request must still be allowed by the policy in force now, for the principal's groups now.
async fn still_allowed(svc: &Services, policy: &Policy, request: &Request) -> Result<()> {
    let groups = principal_groups(svc, request).await?;
    let decision = policy.evaluate(
        Subject {
            kind: request.principal.kind,
            name: &request.principal.name,
            groups: &groups,
        },
        Target {
            account_id: &request.account_id,
            permission_set_name: &request.permission_set.name,
            permission_set_arn: &request.permission_set.arn,
        },
        Some(request.duration),
    );
    match decision {
        Decision::Allowed(_) => Ok(()),
        Decision::Denied(why) => Err(Error::Denied(format!(
            "the current policy no longer allows request {}: {why}. Reject it, or ask the requester to request again",
            request.id
        ))),
    }
}

pub async fn approve(
    svc: &Services,
    policy: &Policy,
    actor: &Actor,
    id: &RequestId,
    comment: Option<&str>,
) -> Result<Decided> {
    let request = load(svc, id).await?;
    may_decide(policy, &request, actor)?;
    let label = actor.label();
    let retry_grant = match request.status {
        Status::Pending => false,
        // Approved but not (yet) granted, or the grant failed: finishing the grant is safe to
        // repeat, it is serialised and confirmed.
        Status::Approved => true,
        Status::Failed
            if request.failure.as_ref().map(|f| f.phase) == Some(FailurePhase::Grant) =>
        {
            true
        }
        status => {
            return Err(Error::Conflict(format!(
                "request {id} is {status}: there is nothing to approve"
            )));
        }
    };
    still_allowed(svc, policy, &request).await?;
    ensure_manageable(svc, actor, &request.account_id).await?;

    let mut notices: Vec<Notice> = session_notice(&request).into_iter().collect();
    let mut current = request.clone();
    if !retry_grant {
        let user_id = actor
            .user
            .as_ref()
            .map(|u| u.id.clone())
            .unwrap_or_default();
        let (next, event) = request.apply(
            Action::Approve {
                by: label.clone(),
                user_id,
            },
            &Stamp {
                actor: &label,
                at: svc.clock.now(),
                comment,
                policy_version: Some(&policy.version),
            },
        )?;
        commit(svc, &next, &event).await?;
        current = next;
    }
    if current.status == Status::Pending {
        notices.push(format!(
            "approval recorded: {} of {} needed",
            current.approvals.len(),
            current.approvals_required
        ));
        return Ok(Decided {
            request: current,
            notices,
        });
    }
    let granted = grant(svc, id, &label).await?;
    Ok(Decided {
        request: granted,
        notices,
    })
}

pub async fn reject(
    svc: &Services,
    policy: &Policy,
    actor: &Actor,
    id: &RequestId,
    comment: &str,
) -> Result<Request> {
    let request = load(svc, id).await?;
    may_decide(policy, &request, actor)?;
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
    let label = actor.label();
    let (next, event) = request.apply(
        Action::Reject,
        &Stamp {
            actor: &label,
            at: svc.clock.now(),
            comment: Some(comment),
            policy_version: Some(&policy.version),
        },
    )?;
    commit(svc, &next, &event).await?;
    Ok(next)
}
