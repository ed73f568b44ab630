//! `elevate request`: check the request against policy, then record it as pending.

use jiff::SignedDuration;

use crate::domain::policy::{Decision, Subject, Target};
use crate::domain::request::{NewRequest, Requester};
use crate::domain::{Actor, Policy, Principal, PrincipalKind, PrincipalRef, Request};
use crate::error::{Error, Result};
use crate::store::StoreError;

use super::provision::ensure_manageable;
use super::{Notice, Services, session_notice};

pub const MAX_REASON_CHARS: usize = 2000;

#[derive(Debug, Clone)]
pub struct RequestInput {
    pub account_id: String,
    /// Name or ARN.
    pub permission_set: String,
    /// `None`: the policy's default duration.
    pub duration: Option<SignedDuration>,
    pub reason: String,
    pub ticket: Option<String>,
    /// For callers that are not Identity Center users: who the access is for.
    pub for_principal: Option<PrincipalRef>,
}

#[derive(Debug)]
pub struct Submitted {
    pub request: Request,
    pub notices: Vec<Notice>,
}

pub fn validate_account_id(account: &str) -> Result<()> {
    if account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "'{account}' is not an AWS account id: give the 12-digit id, e.g. --account 111122223333"
        )))
    }
}

/// Who receives the access, and the group names policy matches them by.
async fn beneficiary(
    svc: &Services,
    actor: &Actor,
    for_principal: Option<&PrincipalRef>,
) -> Result<(Principal, Vec<String>)> {
    match (&actor.user, for_principal) {
        (Some(user), None) => Ok((
            Principal {
                kind: PrincipalKind::User,
                id: user.id.clone(),
                name: user.name.clone(),
            },
            user.groups.iter().map(|g| g.name.clone()).collect(),
        )),
        (Some(user), Some(p)) => Err(Error::Usage(format!(
            "--for {p} is for callers that are not Identity Center users; you are signed in as user:{}, so the access is for you. Leave out --for",
            user.name
        ))),
        (None, None) => Err(Error::Missing {
            flag: "--for",
            hint: format!(
                "you are calling as {}, which is not an Identity Center user session: name who the access is for with --for user:<name> or --for group:<name>",
                actor.arn
            ),
        }),
        (None, Some(p)) => match p.kind {
            PrincipalKind::User => {
                let user = svc.directory.find_user(&p.name).await?.ok_or_else(|| {
                    Error::NotFound(format!(
                        "no user '{}' in the identity store: check the user name (it is the Identity Center user name, often an email address)",
                        p.name
                    ))
                })?;
                Ok((
                    Principal {
                        kind: PrincipalKind::User,
                        id: user.id,
                        name: user.name,
                    },
                    user.groups.into_iter().map(|g| g.name).collect(),
                ))
            }
            PrincipalKind::Group => {
                let group = svc.directory.find_group(&p.name).await?.ok_or_else(|| {
                    Error::NotFound(format!(
                        "no group '{}' in the identity store: check the group's display name",
                        p.name
                    ))
                })?;
                Ok((
                    Principal {
                        kind: PrincipalKind::Group,
                        id: group.id,
                        name: group.name,
                    },
                    Vec::new(),
                ))
            }
        },
    }
}

pub async fn submit(
    svc: &Services,
    policy: &Policy,
    actor: &Actor,
    input: RequestInput,
) -> Result<Submitted> {
    validate_account_id(&input.account_id)?;
    let reason = input.reason.trim().to_string();
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(Error::Usage(format!(
            "the reason is longer than {MAX_REASON_CHARS} characters: link to a ticket or document instead"
        )));
    }
    policy.check_reason(&reason).map_err(Error::Denied)?;
    let ticket = input
        .ticket
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());
    policy
        .check_ticket(ticket.as_deref())
        .map_err(Error::Denied)?;

    let (principal, groups) = beneficiary(svc, actor, input.for_principal.as_ref()).await?;
    let permission_set = svc
        .access
        .permission_set(&input.permission_set)
        .await?
        .ok_or_else(|| {
            Error::NotFound(format!(
                "no permission set '{}' in this Identity Center instance: give its exact name or ARN (see `aws sso-admin list-permission-sets`)",
                input.permission_set
            ))
        })?;

    let decision = policy.evaluate(
        Subject {
            kind: principal.kind,
            name: &principal.name,
            groups: &groups,
        },
        Target {
            account_id: &input.account_id,
            permission_set_name: &permission_set.name,
            permission_set_arn: &permission_set.arn,
        },
        input.duration,
    );
    let allowed = match decision {
        Decision::Allowed(a) => a,
        Decision::Denied(why) => {
            return Err(Error::Denied(format!(
                "policy does not allow this request: {why}"
            )));
        }
    };
    ensure_manageable(svc, actor, &input.account_id).await?;

    let instance_arn = svc.access.instance_arn().await?;
    let requester = Requester {
        arn: actor.arn.clone(),
        user_id: actor.user.as_ref().map(|u| u.id.clone()),
        user_name: actor.user.as_ref().map(|u| u.name.clone()),
    };
    // Ids are random; a collision is astronomically rare but must not overwrite anything.
    for _ in 0..3 {
        let (request, event) = Request::create(
            NewRequest {
                id: svc.ids.new_request_id(),
                requester: requester.clone(),
                principal: principal.clone(),
                instance_arn: instance_arn.clone(),
                account_id: input.account_id.clone(),
                permission_set: permission_set.clone(),
                duration: allowed.duration,
                reason: reason.clone(),
                ticket: ticket.clone(),
                rule: allowed.rule.clone(),
                policy_version: policy.version.clone(),
                approvals_required: allowed.approvals_required,
            },
            svc.clock.now(),
        );
        match svc.store.create(&request, &event).await {
            Ok(()) => {
                let notices = session_notice(&request).into_iter().collect();
                return Ok(Submitted { request, notices });
            }
            Err(StoreError::Conflict) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(Error::Conflict(
        "could not find a free request id after 3 tries; run the command again".into(),
    ))
}
