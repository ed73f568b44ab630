//! `elevate approve`: an approver's approval of a pending request, or of the extension an active
//! elevation waits for; and `approve --finish`, which completes a grant that was interrupted or
//! failed. The approval that meets every requirement grants the access at once and confirms it
//! (`provision`), if the decision (`decide`) allows it.

use crate::domain::authz::Verb;
use crate::domain::ledger::Capacity;
use crate::domain::policy::counts_for;
use crate::domain::{Action, Actor, FailurePhase, Mode, Policy, Request, RequestId, Status};
use crate::error::{Error, Result};

use super::authority::{group_names, may, may_decide, user_of};
use super::decide::{Decided, current_terms, describe_tally, not_expired, still_allowed, until};
use super::provision::{
    OnDenied, ensure_manageable, grant, lengthen, schedule_grant, starts_notice,
};
use super::{Author, Notice, Services, by_whom, commit, load, session_notice};

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
        return approve_extension(svc, policy, actor, &request, comment).await;
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

/// An approver's approval of a waiting extension. The policy must still allow the longer total
/// on the same terms.
async fn approve_extension(
    svc: &Services,
    policy: &Policy,
    actor: &Actor,
    request: &Request,
    comment: Option<&str>,
) -> Result<Decided> {
    let id = &request.id;
    let Some(x) = &request.extension else {
        return Err(Error::Conflict(format!(
            "request {id} has no extension waiting"
        )));
    };
    may_decide(request, actor, Verb::Approve, svc.grant_mode)?;
    let user = user_of(actor)?;
    let total = request
        .duration
        .checked_add(x.by)
        .ok_or_else(|| Error::Conflict(format!("request {id}'s extension is out of range")))?;
    let (terms, notices) = current_terms(svc, policy, request, total)
        .await
        .map_err(|e| match e {
            Error::Denied(why) => Error::Denied(format!(
                "the current policy does not allow extending request {id}: {why}\nReject the extension with `elevate reject {id} --comment ..`"
            )),
            other => other,
        })?;
    if terms.mode == Mode::Required && terms.requirements != x.requirements {
        return Err(Error::Conflict(format!(
            "the policy changed since the extension of request {id} was asked for, and now asks for other approvals; reject it (`elevate reject {id} --comment ..`) and ask for it again"
        )));
    }
    let label = actor.label();
    let next = lengthen(
        svc,
        id,
        Action::ApproveExtension {
            by: label.clone(),
            user_id: user.id.clone(),
            counts_for: counts_for(&x.requirements, &user.name, &group_names(actor)),
        },
        &Author::new(actor, Capacity::Approver),
        comment,
        Some(&policy.version),
    )
    .await?;
    let mut notices: Vec<Notice> = notices;
    notices.push(match &next.extension {
        Some(x) => format!(
            "approval of the extension recorded: {}",
            describe_tally(&x.tally())
        ),
        None => format!(
            "extension approved: request {id} now ends at {}",
            until(&next)
        ),
    });
    Ok(Decided {
        request: next,
        notices,
        extension: true,
    })
}
