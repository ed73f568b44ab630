//! Whether the caller may do what they ask to a request: how they stand to it (requester, the
//! one receiving the access, approver) and the refusal that follows when they may not. The rule
//! of who may do what is `domain::authz`; this works out the caller's standing for it. Who the
//! caller is in the first place is `lookup::identify`.

use crate::domain::authz::{self, GrantMode, Refusal, Standing, Verb};
use crate::domain::policy::{counts_for, is_listed};
use crate::domain::{Actor, PrincipalKind, Request};
use crate::error::{Error, Result};

use super::Services;

/// How the caller stands to the request, as a command sees it: the requester (same ARN or same
/// Identity Center user), the user receiving it or a member of the group receiving it, and an
/// approver when one of its rules lists them. The executor never calls through here.
pub fn standing(request: &Request, actor: &Actor) -> Standing {
    let user = actor.user.as_ref();
    let requester = actor.arn == request.requester.arn
        || user.is_some_and(|u| request.requester.user_id.as_deref() == Some(u.id.as_str()));
    let (beneficiary, member) = match (request.principal.kind, user) {
        (PrincipalKind::User, Some(u)) => (request.principal.id == u.id, false),
        (PrincipalKind::Group, Some(u)) => (false, u.in_group_id(&request.principal.id)),
        (_, None) => (false, false),
    };
    // Both lists are the requester's claims. Whoever either names may stop the request: naming
    // fewer approvers in one of them only makes a request the grant refuses (its terms are
    // compared with the policy in force), never one fewer people can stop.
    let approver = user.is_some_and(|u| {
        let groups = group_names(actor);
        is_listed(&request.approvers, &u.name, &groups)
            || request
                .requirements
                .iter()
                .any(|r| is_listed(&r.approvers, &u.name, &groups))
    });
    Standing {
        requester,
        beneficiary,
        member,
        approver,
        executor: false,
    }
}

/// Whether anyone who asked the executor to end the access early may still do that now, as the
/// command would have seen them: a person's seal proves who they are and that they hold an
/// approver permission set, not that this request's rules list them — and only a listed
/// approver (or a party to it) may have a colleague's access ended. `Err` says why no ask is
/// carried out. Roles (delegates, the executor) are bound to the request by the ledger's
/// verification already.
pub async fn ask_stands(
    svc: &Services,
    request: &Request,
) -> Result<std::result::Result<(), String>> {
    let mut refused = Vec::new();
    for asked in request.revoke_asks() {
        let Some(name) = asked.by.strip_prefix("user:") else {
            return Ok(Ok(()));
        };
        let Some(user) = svc.directory.find_user(name).await? else {
            refused.push(format!(
                "{}, who is no longer in the identity store",
                asked.by
            ));
            continue;
        };
        let actor = Actor {
            arn: String::new(),
            id: String::new(),
            account: String::new(),
            user: Some(user),
        };
        match authz::may(
            Verb::AskRevoke,
            standing(request, &actor),
            request.mode,
            GrantMode::Direct,
        ) {
            Ok(()) => return Ok(Ok(())),
            Err(why) => refused.push(format!("{}, who may not ask that ({why})", asked.by)),
        }
    }
    Ok(Err(format!(
        "it was asked to end early by {}: not carried out; it ends on time. Its requester, or someone its rules list, can ask (`elevate revoke`)",
        refused.join("; ")
    )))
}

/// Asks the table whether the caller may `verb` the request; a refusal names the request.
pub fn may(verb: Verb, request: &Request, actor: &Actor, grant: GrantMode) -> Result<()> {
    authz::may(verb, standing(request, actor), request.mode, grant).map_err(|why| {
        let who = actor.label();
        let id = &request.id;
        Error::Denied(match why {
            Refusal::OwnRequest => format!(
                "you cannot {} request {id}: you asked for it or would receive its access. Another approver must",
                verb.as_str()
            ),
            Refusal::NotAnApprover => approvers_message(request, &who),
            other => format!("{who} may not {} request {id}: {other}", verb.as_str()),
        })
    })
}

fn approvers_message(request: &Request, who: &str) -> String {
    let listed: Vec<String> = request
        .awaiting()
        .map_or(request.requirements.as_slice(), |(r, _)| r)
        .iter()
        .map(|r| {
            let names: Vec<String> = r.approvers.iter().map(|a| a.to_string()).collect();
            format!("rule '{}': {}", r.rule, names.join(", "))
        })
        .collect();
    format!(
        "{who} is not an approver of request {}; its approvers are {}",
        request.id,
        if listed.is_empty() {
            "nobody (policy approves it)".into()
        } else {
            listed.join("; ")
        }
    )
}

/// Whether the actor may decide (approve or reject) what the request awaits: an Identity Center
/// user the table lets decide it, listed by a rule that is waiting for approvals.
pub fn may_decide(request: &Request, actor: &Actor, verb: Verb, grant: GrantMode) -> Result<()> {
    let user = user_of(actor)?;
    may(verb, request, actor, grant)?;
    let requirements = request
        .awaiting()
        .map_or(request.requirements.as_slice(), |(r, _)| r);
    if counts_for(requirements, &user.name, &group_names(actor)).is_empty() {
        return Err(Error::Denied(approvers_message(request, &actor.label())));
    }
    Ok(())
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

#[cfg(test)]
mod standing_tests {
    use crate::domain::request::Requester;
    use crate::domain::{Actor, GroupIdentity, Principal, PrincipalKind, Request, UserIdentity};

    fn involved(r: &Request, a: &Actor) -> bool {
        super::standing(r, a).involved()
    }

    #[test]
    fn requester_and_beneficiary_are_involved() {
        let req = crate::domain::request::tests::sample(1);
        let actor = |arn: &str, id: &str, groups: Vec<GroupIdentity>| Actor {
            arn: arn.into(),
            id: format!("AROA:{id}"),
            account: "1".into(),
            user: Some(UserIdentity {
                id: id.into(),
                name: id.into(),
                groups,
            }),
        };
        // Same user through another role session.
        assert!(involved(&req, &actor("arn:other", "u-alice", vec![])));
        // Same ARN.
        assert!(involved(
            &req,
            &Actor {
                arn: req.requester.arn.clone(),
                id: "AROA:alice".into(),
                account: "1".into(),
                user: None
            }
        ));
        assert!(!involved(&req, &actor("arn:bob", "u-bob", vec![])));

        // A CI role asking for a group: members of that group are involved.
        let mut for_group = req.clone();
        for_group.requester = Requester {
            arn: "arn:aws:sts::1:assumed-role/ci/run".into(),
            user_id: None,
            user_name: None,
        };
        for_group.principal = Principal {
            kind: PrincipalKind::Group,
            id: "g-ops".into(),
            name: "ops".into(),
        };
        let member = actor(
            "arn:bob",
            "u-bob",
            vec![GroupIdentity {
                id: "g-ops".into(),
                name: "ops".into(),
            }],
        );
        assert!(involved(&for_group, &member));
        assert!(!involved(
            &for_group,
            &actor("arn:carol", "u-carol", vec![])
        ));
    }
}
