//! The decision "may this request be granted now", and "until when": one module that `approve`,
//! `reconcile`, scheduled starts and the executor all reach through `provision::grant` and
//! `schedule_grant`. It is recomputed from the verified request alone — its sealed request, the
//! distinct sealed approvals of people the policy in force lists now, that policy's terms for
//! the principal's groups and the account's place now, and time — never from the record's
//! status, its approvals list or anything else a ledger writer could set.
//!
//! Also here, because more than one command needs them: what policy says about a request as it
//! is asked for (`evaluate`), and how an approval or extension decision is reported
//! (`Decided`, `describe_tally`).

use std::collections::{BTreeMap, BTreeSet};

use jiff::{SignedDuration, Timestamp};

use crate::domain::explain::explain;
use crate::domain::policy::counts_for;
use crate::domain::policy::{Decision, Subject, Target};
use crate::domain::{
    Account, Action, Event, Mode, PermissionSet, Policy, Principal, PrincipalKind, Request,
    Requirement, Status,
};
use crate::error::{Error, Result};

use super::verify::Verified;
use super::{Notice, Services};

/// What the policy in force says now about the request's principal, account and permission set
/// for `duration` in all, with the principal's groups and the account's place as they are now.
pub(crate) async fn current_terms(
    svc: &Services,
    policy: &Policy,
    request: &Request,
    duration: jiff::SignedDuration,
) -> Result<(crate::domain::Terms, Vec<Notice>)> {
    let groups = super::lookup::principal_groups(svc, request).await?;
    let (account, notices) = super::lookup::resolve_account(svc, &request.account_id).await?;
    let terms = evaluate(
        policy,
        &request.principal,
        &groups,
        &account,
        &request.permission_set,
        Some(duration),
        request.mode == Mode::BreakGlass,
    )?;
    Ok((terms, notices))
}

/// The request must still be allowed, on the same terms, by the policy in force now.
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
    // The request's rules, approvers and requirements are what its requester's binary wrote:
    // claims, compared here with what the policy in force says (the approvers it names decide
    // who may reject, revoke and review it).
    if terms.requirements != request.requirements
        || terms.mode != request.mode
        || terms.rules != request.rules
        || terms.approvers != request.approvers
    {
        return Err(if request.policy_version == policy.version {
            // The same policy gives other terms: the request's were not written from it.
            Error::Denied(format!(
                "request {} names approvals or rules that policy version {} does not give it: its terms were not written by elevate from that policy, so it is not granted. Reject it, and ask the requester to request again",
                request.id, policy.version
            ))
        } else {
            Error::Conflict(format!(
                "the policy changed since request {} was made (version {} → {}) and now asks for other approvals; reject it and ask the requester to request again",
                request.id, request.policy_version, policy.version
            ))
        });
    }
    Ok(notices)
}

/// Whether a pending request may still be decided at `now`: past the policy's pending expiry it
/// may not, whether or not `reconcile` has expired it yet.
pub(crate) fn not_expired(policy: &Policy, request: &Request, now: Timestamp) -> Result<()> {
    let expiry = policy.settings.pending_expiry.0;
    match request.created_at.checked_add(expiry) {
        Ok(deadline) if now < deadline => Ok(()),
        _ => Err(Error::Conflict(format!(
            "request {} has waited longer than the policy's pending expiry ({}): it can no longer be approved, and `elevate reconcile` expires it. Ask the requester to request again",
            request.id,
            crate::domain::format_duration(expiry)
        ))),
    }
}

/// Whether the verified request may be granted now under `policy` (the verified version in
/// force): the policy's terms are those the request was made under, its approval (by people or
/// by policy) came before it expired, and — when people must approve — enough distinct sealed
/// approvals by people the policy lists now, none of them party to it.
pub(crate) async fn may_grant(
    svc: &Services,
    policy: &Policy,
    v: &Verified,
) -> Result<Vec<Notice>> {
    let request = &v.request;
    known_policy_version(svc, request).await?;
    for_whom(policy, request)?;
    names_hold(svc, request).await?;
    let notices = still_allowed(svc, policy, request).await?;
    // When it became approved: the approval that completed it must predate the expiry.
    let approved_at = v
        .events
        .iter()
        .find(|e| e.status == Status::Approved)
        .map(|e| e.at)
        .ok_or_else(|| Error::Conflict(format!("request {} has not been approved", request.id)))?;
    not_expired(policy, request, approved_at).map_err(|_| {
        Error::Denied(format!(
            "request {} was approved after it had expired (pending longer than {}): it is not granted",
            request.id,
            crate::domain::format_duration(policy.settings.pending_expiry.0)
        ))
    })?;
    // An approval is acted on promptly or not at all: a grant not started within the pending
    // expiry of its approval (or of its scheduled start) is not started later, so an approval
    // cannot be replayed days after (a request rolled back to "approved", say).
    if request.grant_started_at.is_none() {
        let from = request
            .scheduled_start
            .unwrap_or(approved_at)
            .max(approved_at);
        not_expired_since(policy, from, svc.clock.now()).map_err(|_| {
            Error::Denied(format!(
                "request {} was approved at {} and its grant was not started within the policy's pending expiry ({}): it is not granted now; request again",
                request.id,
                crate::domain::format_time(approved_at),
                crate::domain::format_duration(policy.settings.pending_expiry.0)
            ))
        })?;
    }
    if request.mode == Mode::Required {
        let approvals: Vec<&Event> = v
            .events
            .iter()
            .filter(|e| matches!(e.action, Some(Action::Approve { .. })))
            .filter(|e| e.at <= approved_at)
            .collect();
        let tally = count(svc, request, &request.requirements, &approvals).await?;
        if let Some(short) = short_of(&request.requirements, &tally) {
            return Err(Error::Denied(format!(
                "request {} is not approved by enough people the policy lists now ({short}): it is not granted",
                request.id
            )));
        }
    }
    Ok(notices)
}

/// Whether `now` is still within the policy's pending expiry of `from`.
fn not_expired_since(
    policy: &Policy,
    from: Timestamp,
    now: Timestamp,
) -> std::result::Result<(), ()> {
    match from.checked_add(policy.settings.pending_expiry.0) {
        Ok(deadline) if now < deadline => Ok(()),
        _ => Err(()),
    }
}

/// Who the access is for must be the requester, unless the policy in force lets the requesting
/// role ask for that principal (`[[delegate]]`): checked when it is granted, not only when it
/// was asked for by the requester's own binary.
fn for_whom(policy: &Policy, request: &Request) -> Result<()> {
    match &request.requester.user_name {
        Some(name) => {
            let themselves = request.principal.kind == PrincipalKind::User
                && request.principal.name == *name
                && request.requester.user_id.as_deref() == Some(request.principal.id.as_str());
            if themselves {
                Ok(())
            } else {
                Err(Error::Denied(format!(
                    "request {} is for {} but was asked for by user:{name}: a person asks only for themselves",
                    request.id, request.principal
                )))
            }
        }
        None => {
            let principal = crate::domain::PrincipalRef {
                kind: request.principal.kind,
                name: request.principal.name.clone(),
            };
            policy
                .may_act_for(&request.requester.arn, &principal)
                .map_err(Error::Denied)
        }
    }
}

/// The request names its instance, permission set and principal twice — by ARN or id, which is
/// what is granted, and by name, which is what the policy was asked about — and its requester's
/// binary wrote both. Both must name the same thing in Identity Center now, or a rule for
/// `ReadOnly` could grant the ARN of `AdministratorAccess`, or a rule for alice could grant
/// someone else's user id.
async fn names_hold(svc: &Services, request: &Request) -> Result<()> {
    let refused = |what: String| {
        Err(Error::Denied(format!(
            "request {} {what}: it was not written by elevate, so it is not granted. Reject it, and run `elevate audit verify`",
            request.id
        )))
    };
    let instance = svc.access.instance_arn().await?;
    if request.instance_arn != instance {
        return refused(format!(
            "names the Identity Center instance {}, not this one ({instance})",
            request.instance_arn
        ));
    }
    match svc
        .access
        .permission_set(&request.permission_set.arn)
        .await?
    {
        Some(ps) if ps.name == request.permission_set.name => {}
        Some(ps) => {
            return refused(format!(
                "names permission set '{}' but its ARN is that of '{}'",
                request.permission_set.name, ps.name
            ));
        }
        None => {
            return refused(format!(
                "names a permission set ARN ({}) this instance does not have",
                request.permission_set.arn
            ));
        }
    }
    let id = match request.principal.kind {
        PrincipalKind::User => svc
            .directory
            .find_user(&request.principal.name)
            .await?
            .map(|u| u.id),
        PrincipalKind::Group => svc
            .directory
            .find_group(&request.principal.name)
            .await?
            .map(|g| g.id),
    };
    if id.as_deref() != Some(request.principal.id.as_str()) {
        return refused(format!(
            "is for {} but names the identity-store id {}, which is {}",
            request.principal,
            request.principal.id,
            match id {
                Some(_) => "someone else's",
                None => "nobody's: that name is not in the identity store",
            }
        ));
    }
    Ok(())
}

/// The requirements not met by `tally`, described; `None` when all are.
fn short_of(requirements: &[Requirement], tally: &BTreeMap<String, u32>) -> Option<String> {
    let short: Vec<String> = requirements
        .iter()
        .filter(|r| tally.get(&r.rule).copied().unwrap_or(0) < r.count)
        .map(|r| {
            format!(
                "rule '{}' {} of {}",
                r.rule,
                tally.get(&r.rule).copied().unwrap_or(0),
                r.count
            )
        })
        .collect();
    (!short.is_empty()).then(|| short.join(", "))
}

/// Approvals counted per requirement: once per person (by the name the event's seal binds), for
/// each requirement that lists them now, never by anyone party to the request.
async fn count(
    svc: &Services,
    request: &Request,
    requirements: &[Requirement],
    approvals: &[&Event],
) -> Result<BTreeMap<String, u32>> {
    let mut seen = BTreeSet::new();
    let mut tally = BTreeMap::new();
    for ev in approvals {
        let Some(name) = ev.actor.strip_prefix("user:") else {
            continue;
        };
        if !seen.insert(name.to_string()) {
            continue;
        }
        let Some(user) = svc.directory.find_user(name).await? else {
            continue;
        };
        let involved = request.requester.user_id.as_deref() == Some(user.id.as_str())
            || request.requester.user_name.as_deref() == Some(name)
            || match request.principal.kind {
                PrincipalKind::User => request.principal.id == user.id,
                PrincipalKind::Group => user.in_group_id(&request.principal.id),
            };
        if involved {
            continue;
        }
        let groups: Vec<String> = user.groups.iter().map(|g| g.name.clone()).collect();
        for rule in counts_for(requirements, name, &groups) {
            *tally.entry(rule).or_insert(0) += 1;
        }
    }
    Ok(tally)
}

/// On a sealed ledger, the policy version a request was decided under must be one whose seal
/// holds: a request naming a version that is not there means the policy history was cut.
async fn known_policy_version(svc: &Services, request: &Request) -> Result<()> {
    if svc.sealer.ledger().is_none() {
        return Ok(());
    }
    let (known, held_back) = super::in_force::for_grants(svc).await?;
    if let Some(why) = held_back {
        return Err(Error::Tampered(Box::new(
            crate::domain::ledger::Tampering {
                subject: crate::domain::ledger::POLICY_SUBJECT.into(),
                problems: vec![format!("nothing is granted: {why}")],
            },
        )));
    }
    if known.iter().any(|v| v.hash == request.policy_version) {
        return Ok(());
    }
    Err(Error::Tampered(Box::new(
        crate::domain::ledger::Tampering {
            subject: crate::domain::ledger::POLICY_SUBJECT.into(),
            problems: vec![format!(
                "request {} was decided under policy version {}, which is not among the policy versions whose seals hold: the policy history was cut or altered",
                request.id, request.policy_version
            )],
        },
    )))
}

/// The end an active elevation may keep: its grant's end, lengthened only by the extensions the
/// policy in force justifies now (approved by enough people it lists, or allowed without
/// approval). An extension that is not stops the count there. `None` when nothing is active.
pub(crate) async fn justified_end(
    svc: &Services,
    policy: &Policy,
    v: &Verified,
) -> Result<Option<(Timestamp, Vec<String>)>> {
    let Some(end) = v.request.end_at else {
        return Ok(None);
    };
    let states = crate::domain::ledger::states(&v.events);
    let mut justified: Option<Timestamp> = None;
    let mut unjustified = Vec::new();
    for (i, ev) in v.events.iter().enumerate() {
        let before = i.checked_sub(1).and_then(|j| states.get(j));
        let Some(after) = states.get(i) else { break };
        match ev.kind {
            crate::domain::EventKind::Granted | crate::domain::EventKind::GrantScheduled => {
                justified = after.end_at;
            }
            crate::domain::EventKind::Extended => {
                let Some(before) = before else { break };
                match extension_allowed(svc, policy, &v.events[..=i], before, after).await {
                    Ok(()) => justified = after.end_at,
                    Err(why) => {
                        unjustified.push(format!(
                            "event {} extended request {} to {}, which {why}",
                            ev.seq,
                            v.request.id,
                            after
                                .end_at
                                .map(crate::domain::format_time)
                                .unwrap_or_default()
                        ));
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    Ok(Some((justified.unwrap_or(end).min(end), unjustified)))
}

/// Whether the extension that took the request from `before` to `after` is one the policy in
/// force allows: the longer total on the same terms, and the approvals it needs.
async fn extension_allowed(
    svc: &Services,
    policy: &Policy,
    events: &[Event],
    before: &Request,
    after: &Request,
) -> std::result::Result<(), String> {
    let (terms, _) = current_terms(svc, policy, before, after.duration)
        .await
        .map_err(|e| format!("the policy in force does not allow ({e})"))?;
    if terms.mode != Mode::Required {
        return Ok(());
    }
    // The approvals given since it was asked for.
    let asked = events
        .iter()
        .rposition(|e| matches!(e.action, Some(Action::RequestExtension { .. })))
        .unwrap_or(0);
    let approvals: Vec<&Event> = events[asked..]
        .iter()
        .filter(|e| matches!(e.action, Some(Action::ApproveExtension { .. })))
        .collect();
    let tally = count(svc, before, &terms.requirements, &approvals)
        .await
        .map_err(|e| format!("could not be checked ({e})"))?;
    match short_of(&terms.requirements, &tally) {
        None => Ok(()),
        Some(short) => Err(format!(
            "not enough people the policy lists approved ({short})"
        )),
    }
}

/// Evaluates policy for a principal, account and permission set; a denial carries the full
/// explanation.
pub fn evaluate(
    policy: &Policy,
    principal: &Principal,
    groups: &[String],
    account: &Account,
    permission_set: &PermissionSet,
    duration: Option<SignedDuration>,
    break_glass: bool,
) -> Result<crate::domain::Terms> {
    let subject = Subject {
        kind: principal.kind,
        name: &principal.name,
        groups,
    };
    let target = Target {
        account,
        permission_set_name: &permission_set.name,
        permission_set_arn: &permission_set.arn,
    };
    match policy.evaluate(subject, target, duration, break_glass) {
        Decision::Allowed(terms) => Ok(terms),
        Decision::Denied(_) => Err(Error::Denied(format!(
            "policy does not allow this request.\n{}",
            explain(policy, subject, target, duration, break_glass)
        ))),
    }
}

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

/// When the request ends now, as `decide`'s notices about extensions say it.
pub(crate) fn until(request: &Request) -> String {
    request
        .end_at
        .map(crate::domain::format_time)
        .unwrap_or_default()
}
