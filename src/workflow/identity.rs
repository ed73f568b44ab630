//! Who the caller is, and what they may do to a request.

use crate::domain::policy::{counts_for, is_listed};
use crate::domain::{Actor, CallerArn, PrincipalKind, Request};
use crate::error::{Error, Result};

use super::Services;

/// Resolves the caller from their credentials: an Identity Center session is the user its
/// session name names, with their current groups; anything else is recorded by its ARN.
pub async fn identify(svc: &Services) -> Result<Actor> {
    let caller = svc.directory.caller().await?;
    let user = match CallerArn::parse(&caller.arn) {
        CallerArn::SsoUser { user_name, .. } => {
            let user = svc.directory.find_user(&user_name).await?.ok_or_else(|| {
                Error::NotFound(format!(
                    "you are signed in through Identity Center as '{user_name}', but the identity store has no user of that name: check that identity_store_id in the config is the store of your Identity Center instance"
                ))
            })?;
            Some(user)
        }
        CallerArn::Other => None,
    };
    Ok(Actor {
        arn: caller.arn,
        account: caller.account,
        user,
    })
}

/// Whether the actor may decide (approve or reject) the request: an Identity Center user listed
/// by one of its requirements, and not a party to it.
pub fn may_decide(request: &Request, actor: &Actor) -> Result<()> {
    let user = user_of(actor)?;
    if request.involves(actor) {
        return Err(Error::Denied(format!(
            "you cannot decide request {}: you asked for it or would receive its access. Another approver must decide it",
            request.id
        )));
    }
    let groups = group_names(actor);
    let requirements = request
        .awaiting()
        .map_or(request.requirements.as_slice(), |(r, _)| r);
    if counts_for(requirements, &user.name, &groups).is_empty() {
        let listed: Vec<String> = requirements
            .iter()
            .map(|r| {
                let who: Vec<String> = r.approvers.iter().map(|a| a.to_string()).collect();
                format!("rule '{}': {}", r.rule, who.join(", "))
            })
            .collect();
        return Err(Error::Denied(format!(
            "user:{} is not an approver of request {}; its approvers are {}",
            user.name,
            request.id,
            if listed.is_empty() {
                "nobody (policy approves it)".into()
            } else {
                listed.join("; ")
            }
        )));
    }
    Ok(())
}

/// Whether the actor may act on an approved request (finish its grant, revoke it): a party to
/// it, or anyone its rules list as an approver.
pub fn may_act_on(request: &Request, actor: &Actor) -> bool {
    if request.involves(actor) {
        return true;
    }
    actor
        .user
        .as_ref()
        .is_some_and(|u| is_listed(&request.approvers, &u.name, &group_names(actor)))
}

pub fn user_of(actor: &Actor) -> Result<&crate::domain::UserIdentity> {
    actor.user.as_ref().ok_or_else(|| {
        Error::Denied(format!(
            "approvals are given by Identity Center users; you are calling as {}. Sign in with `aws sso login` and use that profile",
            actor.arn
        ))
    })
}

pub fn group_names(actor: &Actor) -> Vec<String> {
    actor
        .user
        .as_ref()
        .map(|u| u.groups.iter().map(|g| g.name.clone()).collect())
        .unwrap_or_default()
}

/// Group names of the principal receiving access, as policy matches them now.
pub async fn principal_groups(svc: &Services, request: &Request) -> Result<Vec<String>> {
    Ok(match request.principal.kind {
        PrincipalKind::User => svc
            .directory
            .groups_of(&request.principal.id)
            .await?
            .into_iter()
            .map(|g| g.name)
            .collect(),
        PrincipalKind::Group => Vec::new(),
    })
}
