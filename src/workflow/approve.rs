//! `elevate approve` and `elevate reject`: an approver's decision. The approval that meets every
//! requirement grants the access at once and confirms it.

use crate::domain::authz::Verb;
use crate::domain::ledger::Capacity;
use crate::domain::policy::counts_for;
use crate::domain::{Action, Actor, FailurePhase, Policy, Request, RequestId, Status};
use crate::error::{Error, Result};

use super::authority::{group_names, may, may_decide, user_of};
use super::decide::{not_expired, still_allowed};
use super::provision::{OnDenied, ensure_manageable, grant, schedule_grant};
use super::request::starts_notice;
use super::{Author, Notice, Services, by_whom, commit, load, session_notice, transition};

#[derive(Debug)]
pub struct Decided {
    pub request: Request,
    pub notices: Vec<Notice>,
    /// The decision was about an extension of an active elevation, not about the request.
    pub extension: bool,
}

pub(crate) fn describe_tally(tally: &[(&str, u32, u32)]) -> String {
    tally
        .iter()
        .map(|(rule, have, need)| format!("rule '{rule}' {have} of {need}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What `approve` is asked to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    /// Approve a pending request (granting it if this approval completes the quorum).
    Approve,
    /// Finish the grant of a request that is approved but not granted (interrupted, or approved
    /// by policy for a caller who could not grant), or whose grant failed.
    Finish,
}

pub async fn approve(
    svc: &Services,
    policy: &Policy,
    actor: &Actor,
    id: &RequestId,
    comment: Option<&str>,
    intent: Intent,
) -> Result<Decided> {
    let request = load(svc, id).await?;
    if request.status == Status::Active && request.extension.is_some() && intent == Intent::Approve
    {
        return super::extend::approve_extension(svc, policy, actor, &request, comment).await;
    }
    let label = actor.label();
    let grant_failed = request.status == Status::Failed
        && request.failure.as_ref().map(|f| f.phase) == Some(FailurePhase::Grant);
    let retry_grant = match (request.status, intent) {
        (Status::Pending, Intent::Approve) => false,
        (Status::Approved, Intent::Finish) => true,
        (Status::Failed, Intent::Finish) if grant_failed => true,
        // Someone else approved it while this approver was deciding: a race lost, not a retry.
        (Status::Approved, Intent::Approve) => {
            return Err(Error::Conflict(format!(
                "request {id} is already approved ({}); its grant is in progress. If it was interrupted, `elevate approve --finish {id}` completes it",
                request
                    .approvals
                    .last()
                    .map(|a| by_whom(&a.by, a.at))
                    .unwrap_or_else(|| "by policy".into())
            )));
        }
        (Status::Failed, Intent::Approve) if grant_failed => {
            return Err(Error::Conflict(format!(
                "request {id} is approved but its grant failed: `elevate approve --finish {id}` retries it"
            )));
        }
        (Status::Pending, Intent::Finish) => {
            return Err(Error::Conflict(format!(
                "request {id} is pending: it needs approval first (`elevate approve {id}`)"
            )));
        }
        (status, _) => {
            return Err(Error::Conflict(format!(
                "request {id} is {status}: there is nothing to approve"
            )));
        }
    };
    if retry_grant {
        may(Verb::Grant, &request, actor, svc.grant_mode)?;
    } else {
        may_decide(&request, actor, Verb::Approve, svc.grant_mode)?;
        not_expired(policy, &request, svc.clock.now())?;
    }
    ensure_manageable(svc, actor, &request.account_id).await?;
    let mut notices = still_allowed(svc, policy, &request).await?;
    notices.extend(session_notice(&request));

    // An approver decides; the one finishing a grant carries it out as what they are to it.
    let author = Author::new(
        actor,
        if !retry_grant || !super::authority::standing(&request, actor).involved() {
            Capacity::Approver
        } else if actor.user.is_some() {
            Capacity::Requester
        } else {
            Capacity::Delegate
        },
    );
    let mut current = request.clone();
    if !retry_grant {
        let user = user_of(actor)?;
        let (next, event) = request.apply(
            Action::Approve {
                by: label.clone(),
                user_id: user.id.clone(),
                counts_for: counts_for(&request.requirements, &user.name, &group_names(actor)),
            },
            &author.stamp(svc, comment, Some(&policy.version)),
        )?;
        commit(svc, &author, &next, event).await?;
        current = next;
    }
    if current.status == Status::Pending {
        notices.push(format!(
            "approval recorded: {}",
            describe_tally(&current.tally())
        ));
        return Ok(Decided {
            request: current,
            notices,
            extension: false,
        });
    }
    if svc.grant_mode == crate::domain::authz::GrantMode::Brokered {
        // The decision is sealed; the executor, which alone may create assignments, recomputes
        // it from the sealed events and grants.
        notices.push(if current.start_at.is_some_and(|s| s > svc.clock.now()) {
            format!(
                "approved: the executor schedules it on its next pass ({})",
                starts_notice(&current)
            )
        } else {
            "approved: the executor grants it on its next pass".to_string()
        });
        return Ok(Decided {
            request: current,
            notices,
            extension: false,
        });
    }
    if current.start_at.is_some_and(|s| s > svc.clock.now()) {
        let scheduled = schedule_grant(svc, policy, id, &author).await?;
        notices.push(starts_notice(&scheduled));
        return Ok(Decided {
            request: scheduled,
            notices,
            extension: false,
        });
    }
    let granted = grant(svc, policy, id, &author, OnDenied::RecordFailure).await?;
    Ok(Decided {
        request: granted,
        notices,
        extension: false,
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
    may_decide(&request, actor, Verb::Reject, svc.grant_mode)?;
    if request.status == Status::Active && request.extension.is_some() {
        return super::extend::reject_extension(svc, policy, actor, &request, comment).await;
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
