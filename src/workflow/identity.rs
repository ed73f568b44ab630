//! Who the caller is, and what they may do to a request.

use crate::domain::policy::is_listed;
use crate::domain::{Actor, CallerArn, Policy, PrincipalKind, Request};
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

/// The approvers of a request under the current policy: those of the rule it was decided
/// under, or, if that rule is gone, of every rule (so that someone can always stop access).
pub fn approvers_of<'p>(
    policy: &'p Policy,
    request: &Request,
) -> Vec<&'p crate::domain::PrincipalRef> {
    match policy.rules.iter().find(|r| r.name == request.rule) {
        Some(rule) => rule.approvers.iter().collect(),
        None => policy
            .rules
            .iter()
            .flat_map(|r| r.approvers.iter())
            .collect(),
    }
}

/// Whether the actor is listed as an approver of the request and is not a party to it.
pub fn may_decide(policy: &Policy, request: &Request, actor: &Actor) -> Result<()> {
    let Some(user) = &actor.user else {
        return Err(Error::Denied(format!(
            "approvals are given by Identity Center users; you are calling as {}. Sign in with `aws sso login` and use that profile",
            actor.arn
        )));
    };
    if request.involves(actor) {
        return Err(Error::Denied(format!(
            "you cannot decide request {}: you asked for it or would receive its access. Another approver must decide it",
            request.id
        )));
    }
    let approvers: Vec<_> = approvers_of(policy, request).into_iter().cloned().collect();
    let groups: Vec<String> = user.groups.iter().map(|g| g.name.clone()).collect();
    if !is_listed(&approvers, &user.name, &groups) {
        let listed: Vec<String> = approvers.iter().map(|a| a.to_string()).collect();
        return Err(Error::Denied(format!(
            "user:{} is not an approver of request {} (rule '{}'); its approvers are: {}",
            user.name,
            request.id,
            request.rule,
            if listed.is_empty() {
                "nobody".into()
            } else {
                listed.join(", ")
            }
        )));
    }
    Ok(())
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
