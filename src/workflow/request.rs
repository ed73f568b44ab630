//! `elevate request`: check the request against policy, record it, and, when policy approves
//! it by itself (`auto`, or a break-glass request), grant it at once with the caller's
//! credentials.

use jiff::SignedDuration;

use crate::domain::duration::scheduled_start;
use crate::domain::format_time;
use crate::domain::policy::Mode;
use crate::domain::request::{NewRequest, Requester};
use crate::domain::{Action, Actor, Assignment, Policy, PrincipalRef, Request, RequestId, Status};
use crate::error::{Error, Result};
use crate::store::StoreError;

use super::lookup::{beneficiary, find_permission_set, is_account_id, resolve_account};
use super::provision::{OnDenied, ensure_manageable, grant, schedule_grant, starts_notice};
use super::{Author, Notice, Services, commit, session_notice};

pub const MAX_REASON_CHARS: usize = 2000;

#[derive(Debug, Clone)]
pub struct RequestInput {
    /// Account id or name.
    pub account: String,
    /// Name or ARN.
    pub permission_set: String,
    /// `None`: the policy's default duration.
    pub duration: Option<SignedDuration>,
    pub reason: String,
    pub ticket: Option<String>,
    /// For callers that are not Identity Center users: who the access is for.
    pub for_principal: Option<PrincipalRef>,
    pub break_glass: bool,
    /// Not before this time; `None`: as soon as approved.
    pub start: Option<jiff::Timestamp>,
    /// Makes the request idempotent: the same key from the same caller returns the request it
    /// first created.
    pub idempotency_key: Option<String>,
}

#[derive(Debug)]
pub struct Submitted {
    pub request: Request,
    pub notices: Vec<Notice>,
    /// Nothing was asked: the caller's own open request for this access (without an
    /// idempotency key) was returned. Whoever ends "what they asked for" must leave it be.
    pub already_open: bool,
}

/// Whether `reason` will do for a request: what `submit` checks, and a prompt as it is typed.
pub fn check_reason(policy: &Policy, reason: &str, break_glass: bool) -> Result<()> {
    let reason = reason.trim();
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(Error::Usage(format!(
            "the reason is longer than {MAX_REASON_CHARS} characters: link to a ticket or document instead"
        )));
    }
    if break_glass && reason.is_empty() {
        return Err(Error::Missing {
            flag: "--reason",
            hint: "a break-glass request must say why: --reason <text>".into(),
        });
    }
    policy.check_reason(reason).map_err(Error::Denied)
}

pub async fn submit(
    svc: &Services,
    policy: &Policy,
    actor: &Actor,
    input: RequestInput,
) -> Result<Submitted> {
    if let Some(key) = &input.idempotency_key {
        if key.trim().is_empty() || key.len() > 200 {
            return Err(Error::Usage(
                "--idempotency-key: give 1 to 200 characters, e.g. the CI run's id".into(),
            ));
        }
        if let Some(existing) = svc.store.get(&RequestId::for_key(&actor.arn, key)).await? {
            return same_request(existing, key, &input);
        }
    }
    let reason = input.reason.trim().to_string();
    check_reason(policy, &reason, input.break_glass)?;
    let now = svc.clock.now();
    let start = match input.start {
        Some(_) if input.break_glass => {
            return Err(Error::Usage(
                "--start cannot be used with --break-glass: break-glass access is for now".into(),
            ));
        }
        // Within the minute is "now"; in the past, or more than a year ahead, is refused.
        Some(s) => scheduled_start(s, now).map_err(|e| Error::Usage(format!("--start {e}")))?,
        None => None,
    };
    let ticket = input
        .ticket
        .as_deref()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());

    // A role asking for someone else: only where policy delegates it (checked before the name
    // is looked up, so an unauthorised caller learns nothing about the directory).
    if let (None, Some(p)) = (&actor.user, &input.for_principal) {
        policy.may_act_for(&actor.arn, p).map_err(Error::Denied)?;
    }
    let (principal, groups) = beneficiary(svc, actor, input.for_principal.as_ref()).await?;
    let permission_set = find_permission_set(svc, &input.permission_set).await?;
    // The management-account check needs only the id, and explains more than a failed lookup.
    if is_account_id(input.account.trim()) {
        ensure_manageable(svc, actor, input.account.trim()).await?;
    }
    let (account, mut notices) = resolve_account(svc, &input.account).await?;
    let instance_arn = svc.access.instance_arn().await?;
    if input.idempotency_key.is_none() {
        let assignment = Assignment {
            instance_arn: instance_arn.clone(),
            account_id: account.id.clone(),
            permission_set_arn: permission_set.arn.clone(),
            principal_kind: principal.kind,
            principal_id: principal.id.clone(),
        };
        let from = start.unwrap_or_else(|| svc.clock.now());
        let asked = (from, from + input.duration.unwrap_or(SignedDuration::ZERO));
        if let Some(existing) =
            open_duplicate(svc, actor, &assignment, asked, input.break_glass).await?
        {
            return Ok(already_open(existing));
        }
    }
    let terms = super::decide::evaluate(
        policy,
        &principal,
        &groups,
        &account,
        &permission_set,
        input.duration,
        input.break_glass,
    )?;
    policy
        .check_ticket(&terms, ticket.as_deref())
        .map_err(Error::Denied)?;
    if !is_account_id(input.account.trim()) {
        ensure_manageable(svc, actor, &account.id).await?;
    }

    let requester = Requester {
        arn: actor.arn.clone(),
        user_id: actor.user.as_ref().map(|u| u.id.clone()),
        user_name: actor.user.as_ref().map(|u| u.name.clone()),
    };
    let author = Author::asking(actor);
    // Ids are random; a collision is astronomically rare but must not overwrite anything.
    let mut created = None;
    for _ in 0..3 {
        let id = match &input.idempotency_key {
            Some(key) => RequestId::for_key(&actor.arn, key),
            None => svc.ids.new_request_id(),
        };
        let (request, mut event) = Request::create(
            NewRequest {
                id,
                requester: requester.clone(),
                principal: principal.clone(),
                instance_arn: instance_arn.clone(),
                account_id: account.id.clone(),
                permission_set: permission_set.clone(),
                duration: terms.duration,
                reason: reason.clone(),
                ticket: ticket.clone(),
                rules: terms.rules.clone(),
                policy_version: policy.version.clone(),
                mode: terms.mode,
                requirements: terms.requirements.clone(),
                approvers: terms.approvers.clone(),
                start_at: start,
            },
            &author.stamp(svc, None, None),
        );
        super::seal(svc, &author, &mut event).await?;
        match svc.store.create(&request, &event).await {
            Ok(()) => {
                super::notify(svc, &request, &event).await;
                created = Some(request);
                break;
            }
            // A retry with the same key racing the first: the first one stands.
            Err(StoreError::Conflict) if input.idempotency_key.is_some() => {
                let key = input.idempotency_key.as_deref().unwrap_or_default();
                let existing = svc
                    .store
                    .get(&RequestId::for_key(&actor.arn, key))
                    .await?
                    .ok_or_else(|| {
                        Error::Conflict(
                            "the request could not be stored; run the command again".into(),
                        )
                    })?;
                return same_request(existing, key, &input);
            }
            Err(StoreError::Conflict) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    let request = created.ok_or_else(|| {
        Error::Conflict(
            "could not find a free request id after 3 tries; run the command again".into(),
        )
    })?;
    notices.extend(session_notice(&request));
    if request.mode == Mode::Required {
        return Ok(Submitted {
            request,
            notices,
            already_open: false,
        });
    }
    if svc.grant_mode == crate::domain::authz::GrantMode::Brokered {
        // Only the executor changes access: it recomputes the policy's decision from the sealed
        // request and the sealed policy in force, records it and grants.
        notices.push(format!(
            "{}: the executor grants it on its next pass",
            if request.mode == Mode::BreakGlass {
                "break-glass: no approval is needed"
            } else {
                "policy approves it without a person"
            }
        ));
        return Ok(Submitted {
            request,
            notices,
            already_open: false,
        });
    }

    // Policy approves it: record that, then grant with the caller's own credentials (or leave it
    // to the executor, where the caller may not grant).
    let (approved, event) = request.apply(
        Action::PolicyApprove,
        &author.stamp(svc, None, Some(&policy.version)),
    )?;
    commit(svc, &author, &approved, event).await?;
    if approved.start_at.is_some() {
        let scheduled = match schedule_grant(svc, policy, &approved.id, &author).await {
            Err(Error::SealRefused { .. }) => {
                notices.push(format!(
                    "approved by policy from {}: the executor schedules it on its next pass (`elevate reconcile`)",
                    approved.start_at.map(format_time).unwrap_or_default()
                ));
                return Ok(Submitted {
                    request: approved,
                    notices,
                    already_open: false,
                });
            }
            other => other?,
        };
        notices.push(starts_notice(&scheduled));
        return Ok(Submitted {
            request: scheduled,
            notices,
            already_open: false,
        });
    }
    let granted = grant(svc, policy, &approved.id, &author, OnDenied::LeaveApproved).await?;
    if granted.status == Status::Approved {
        notices.push(format!(
            "approved by policy, but your credentials may not grant it: the executor grants it on its next pass (`elevate reconcile`), or someone who may runs `elevate approve --finish {}`",
            granted.id
        ));
    }
    if granted.mode == Mode::BreakGlass {
        notices.push(format!(
            "BREAK-GLASS access {} without approval: it is recorded in the ledger, and its approvers ({}) must review it",
            if granted.status == Status::Active { "granted" } else { "approved" },
            granted
                .approvers
                .iter()
                .map(|a| a.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Ok(Submitted {
        request: granted,
        notices,
        already_open: false,
    })
}

/// The caller's own open request for the same access whose time overlaps the one asked for: a
/// retried command (a CI job run again) must not ask twice. Another caller's request for the
/// same principal (a group's, say) is theirs to answer for, so it is not matched. A break-glass
/// request is not held up by a pending one: only access that is granted, or approved, counts.
async fn open_duplicate(
    svc: &Services,
    actor: &Actor,
    assignment: &Assignment,
    (from, to): (jiff::Timestamp, jiff::Timestamp),
    break_glass: bool,
) -> Result<Option<Request>> {
    let statuses = if break_glass {
        vec![Status::Approved, Status::Active]
    } else {
        vec![Status::Pending, Status::Approved, Status::Active]
    };
    let open = svc
        .store
        .list(&crate::store::Query {
            statuses,
            assignment_key: Some(assignment.key()),
            // Read from the requester's own requests: a pending one has no grant begun.
            party: Some(crate::store::Party {
                arn: actor.arn.clone(),
                user_id: actor.user.as_ref().map(|u| u.id.clone()),
            }),
            ..Default::default()
        })
        .await?;
    let now = svc.clock.now();
    Ok(open.into_iter().find(|r| {
        // A person is the same requester from any of their sessions; a role, by its ARN.
        let same_requester = match (&actor.user, &r.requester.user_id) {
            (Some(u), Some(id)) => u.id == *id,
            _ => r.requester.arn == actor.arn,
        };
        if !same_requester {
            return false;
        }
        // Pending requests have no window yet: they would start when approved, or at theirs.
        // Ledger data (a record is a hint): times out of range never overlap, never panic.
        let (s, e) = r.window().unwrap_or_else(|| {
            let s = r.start_at.unwrap_or(now).max(now);
            (s, s.checked_add(r.duration).unwrap_or(s))
        });
        s <= to && from < e
    }))
}

fn already_open(existing: Request) -> Submitted {
    let when = match existing.window() {
        Some((_, e)) if existing.status == Status::Active => {
            format!("active until {}", format_time(e))
        }
        Some((s, e)) => format!("approved from {} to {}", format_time(s), format_time(e)),
        None => existing.status.to_string(),
    };
    Submitted {
        notices: vec![format!(
            "you already asked for this access: request {} is {when}, so nothing new was requested. To lengthen it: `elevate extend {} --by <duration>`; to ask again differently, `elevate cancel {}` first",
            existing.id, existing.id, existing.id
        )],
        request: existing,
        already_open: true,
    }
}

/// The request an idempotency key already made, if it is the same request.
fn same_request(existing: Request, key: &str, input: &RequestInput) -> Result<Submitted> {
    let same_permission_set = existing.permission_set.name == input.permission_set.trim()
        || existing.permission_set.arn == input.permission_set.trim();
    let same_account =
        existing.account_id == input.account.trim() || !is_account_id(input.account.trim());
    if !same_permission_set || !same_account {
        return Err(Error::Conflict(format!(
            "idempotency key '{key}' was already used for request {} ({} on {}); use a new key for a different request",
            existing.id, existing.permission_set.name, existing.account_id
        )));
    }
    Ok(Submitted {
        notices: vec![format!(
            "idempotency key '{key}' was already used: this is request {}, {}; nothing new was requested",
            existing.id, existing.status
        )],
        request: existing,
        already_open: false,
    })
}
