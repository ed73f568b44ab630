//! `elevate approve` and `elevate reject`: an approver's decision. The approval that meets every
//! requirement grants the access at once and confirms it.

use crate::domain::policy::counts_for;
use crate::domain::request::Stamp;
use crate::domain::{Action, Actor, FailurePhase, Policy, Request, RequestId, Status, Terms};
use crate::error::{Error, Result};

use super::identity::{group_names, may_act_on, may_decide, principal_groups, user_of};
use super::provision::{OnDenied, ensure_manageable, grant, schedule_grant};
use super::request::{decide, starts_notice};
use super::target::resolve_account;
use super::{Notice, Services, by_whom, commit, load, session_notice, transition};

#[derive(Debug)]
pub struct Decided {
    pub request: Request,
    pub notices: Vec<Notice>,
    /// The decision was about an extension of an active elevation, not about the request.
    pub extension: bool,
}

/// The request must still be allowed, on the same terms, by the policy in force now, for the
/// principal's groups and the account's place in the organization now.
pub(crate) async fn still_allowed(
    svc: &Services,
    policy: &Policy,
    request: &Request,
) -> Result<Vec<Notice>> {
    let (terms, notices) = current_terms(svc, policy, request, request.duration)
        .await
        .map_err(|e| match e {
            Error::Denied(why) => Error::Denied(format!(
                "the current policy no longer allows request {}: {why}\nReject it, or ask the requester to request again",
                request.id
            )),
            other => other,
        })?;
    if terms.requirements != request.requirements || terms.mode != request.mode {
        return Err(Error::Conflict(format!(
            "the policy changed since request {} was made (version {} → {}) and now asks for other approvals; reject it and ask the requester to request again",
            request.id, request.policy_version, policy.version
        )));
    }
    Ok(notices)
}

/// What the policy in force now says about the request's principal, account and permission set
/// for `duration` in all, with the principal's groups and the account's place as they are now.
pub(crate) async fn current_terms(
    svc: &Services,
    policy: &Policy,
    request: &Request,
    duration: jiff::SignedDuration,
) -> Result<(Terms, Vec<Notice>)> {
    let groups = principal_groups(svc, request).await?;
    let (account, notices) = resolve_account(svc, &request.account_id).await?;
    let terms = decide(
        policy,
        &request.principal,
        &groups,
        &account,
        &request.permission_set,
        Some(duration),
        request.mode == crate::domain::Mode::BreakGlass,
    )?;
    Ok((terms, notices))
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
        if !may_act_on(&request, actor) {
            return Err(Error::Denied(format!(
                "{label} may not grant request {id}: its requester, the person receiving it, or one of its approvers can"
            )));
        }
    } else {
        may_decide(&request, actor)?;
    }
    ensure_manageable(svc, actor, &request.account_id).await?;
    let mut notices = still_allowed(svc, policy, &request).await?;
    notices.extend(session_notice(&request));

    let mut current = request.clone();
    if !retry_grant {
        let user = user_of(actor)?;
        let (next, event) = request.apply(
            Action::Approve {
                by: label.clone(),
                user_id: user.id.clone(),
                counts_for: counts_for(&request.requirements, &user.name, &group_names(actor)),
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
            "approval recorded: {}",
            describe_tally(&current.tally())
        ));
        return Ok(Decided {
            request: current,
            notices,
            extension: false,
        });
    }
    if current.start_at.is_some_and(|s| s > svc.clock.now()) {
        let scheduled = schedule_grant(svc, id, &label).await?;
        notices.push(starts_notice(&scheduled));
        return Ok(Decided {
            request: scheduled,
            notices,
            extension: false,
        });
    }
    let granted = grant(svc, id, &label, OnDenied::RecordFailure).await?;
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
    may_decide(&request, actor)?;
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
        &actor.label(),
        Some(comment),
        Some(&policy.version),
    )
    .await
}
