//! Who the caller is, and how they stand to a request (the rule of who may do what is
//! `domain::authz`; this only works out the caller's standing for it).

use crate::domain::authz::{self, GrantMode, Refusal, Standing, Verb};
use crate::domain::caller::{CountsAs, iam_user_refusal};
use crate::domain::policy::{counts_for, is_listed};
use crate::domain::{Actor, CallerArn, PrincipalKind, Request};
use crate::error::{Error, Result};

use super::Services;

/// Resolves the caller from their credentials: an Identity Center session of the identity
/// account is the user its session name names, with their current groups; an IAM user is
/// refused unless the operator accepts long-term keys; anything else (including an
/// `AWSReservedSSO_*` session of another account, with a warning) is recorded by its ARN.
pub async fn identify(svc: &Services) -> Result<Actor> {
    let caller = svc.directory.caller().await?;
    // GetCallerIdentity is the first AWS answer of every command that acts: its Date says
    // whether this machine's clock can be trusted to decide and record anything.
    svc.clock.check()?;
    let arn = CallerArn::parse(&caller.arn);
    let identity_account = match arn {
        CallerArn::SsoUser { .. } => Some(svc.directory.identity_account().await?),
        _ => None,
    };
    let counts_as = arn.counts_as(
        &caller.account,
        identity_account.as_deref(),
        svc.directory.allows_iam_users(),
    );
    let user = match counts_as {
        CountsAs::Person { user_name } => {
            let user = svc.directory.find_user(&user_name).await?.ok_or_else(|| {
                Error::NotFound(format!(
                    "you are signed in through Identity Center as '{user_name}', but the identity store has no user of that name: check that identity_store_id in the config is the store of your Identity Center instance"
                ))
            })?;
            Some(user)
        }
        CountsAs::Role { warning } => {
            if let Some(w) = warning {
                tracing::warn!("{w}");
            }
            None
        }
        CountsAs::Refused => return Err(Error::Denied(iam_user_refusal(&caller.arn))),
    };
    Ok(Actor {
        arn: caller.arn,
        id: caller.user_id,
        account: caller.account,
        user,
    })
}

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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use jiff::{SignedDuration, Timestamp};

    use super::*;
    use crate::workflow::fakes::{ADMIN_ACCOUNT, DEV, World};
    use crate::workflow::ports::{CallerInfo, Clock, ClockError};

    /// A clock that AWS's first answer showed to be an hour ahead.
    struct AnHourAhead;

    impl Clock for AnHourAhead {
        fn now(&self) -> Timestamp {
            Timestamp::UNIX_EPOCH
        }
        fn check(&self) -> std::result::Result<(), ClockError> {
            Err(ClockError {
                skew: SignedDuration::from_hours(-1),
                aws: Timestamp::UNIX_EPOCH,
                local: Timestamp::UNIX_EPOCH + SignedDuration::from_hours(1),
            })
        }
    }

    #[tokio::test]
    async fn a_wrong_clock_is_refused_as_soon_as_the_caller_is_known() {
        let mut w = World::new();
        // An Identity Center session of a user the identity store does not have: looking them
        // up would fail with "not found", so the clock is checked first.
        *w.directory.caller.lock().unwrap() = Some(CallerInfo {
            arn: "arn:aws:sts::999999999999:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/nobody".into(),
            account: "999999999999".into(),
            user_id: "AROAEXAMPLE:nobody".into(),
        });
        w.svc.clock = Arc::new(AnHourAhead);
        let err = identify(&w.svc).await.unwrap_err();
        assert!(matches!(err, Error::Clock(_)), "{err}");
        assert_eq!(err.exit_code(), 1);
    }

    fn calls_as(w: &World, arn: &str, account: &str) {
        *w.directory.caller.lock().unwrap() = Some(CallerInfo {
            arn: arn.into(),
            account: account.into(),
            user_id: format!("AROAEXAMPLEID:{}", arn.rsplit('/').next().unwrap()),
        });
    }

    fn sso(account: &str, user: &str) -> String {
        format!("arn:aws:sts::{account}:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/{user}")
    }

    #[tokio::test]
    async fn an_identity_center_session_of_the_identity_account_is_its_user() {
        let w = World::new();
        calls_as(&w, &sso(ADMIN_ACCOUNT, "bob"), ADMIN_ACCOUNT);
        let actor = identify(&w.svc).await.unwrap();
        assert_eq!(actor.user.as_ref().unwrap().id, "u-bob");
        assert_eq!(actor.label(), "user:bob");
        // The seals' name for the actor: GetCallerIdentity's UserId.
        assert_eq!(actor.id, "AROAEXAMPLEID:bob");
    }

    #[tokio::test]
    async fn an_identity_center_session_of_another_account_is_only_a_role() {
        let w = World::new();
        // A role named like Identity Center's, in an account someone else administers.
        let other = "444455556666";
        calls_as(&w, &sso(other, "bob"), other);
        let actor = identify(&w.svc).await.unwrap();
        assert_eq!(actor.user, None);
        assert_eq!(actor.label(), sso(other, "bob"));
        assert_eq!(actor.id, "AROAEXAMPLEID:bob");

        // It cannot approve bob's way: alice's request is not its to decide.
        let alice = w.user("alice");
        let pending = crate::workflow::request::submit(
            &w.svc,
            &w.policy,
            &alice,
            crate::workflow::request::RequestInput {
                account: DEV.into(),
                permission_set: "Admin".into(),
                duration: Some(SignedDuration::from_hours(1)),
                reason: "deploy hotfix for INC-7".into(),
                ticket: None,
                for_principal: None,
                break_glass: false,
                start: None,
                idempotency_key: None,
            },
        )
        .await
        .unwrap()
        .request;
        let err =
            may_decide(&pending, &actor, authz::Verb::Approve, GrantMode::Direct).unwrap_err();
        assert_eq!(err.exit_code(), 3, "{err}");
        assert!(err.to_string().contains("Identity Center users"), "{err}");

        // And asking for itself, it must say for whom.
        let err = crate::workflow::request::beneficiary(&w.svc, &actor, None)
            .await
            .unwrap_err();
        assert!(err.to_string().contains("--for"), "{err}");
    }

    #[tokio::test]
    async fn an_unknown_identity_account_fails_closed() {
        let w = World::new();
        *w.directory.identity_account.lock().unwrap() = None;
        calls_as(&w, &sso(ADMIN_ACCOUNT, "bob"), ADMIN_ACCOUNT);
        let err = identify(&w.svc).await.unwrap_err();
        assert!(err.to_string().contains("identity_account"), "{err}");
    }

    #[tokio::test]
    async fn iam_users_are_refused_like_long_term_keys_unless_allowed() {
        let w = World::new();
        // What GetCallerIdentity says for a GetSessionToken session of an IAM user.
        calls_as(
            &w,
            "arn:aws:iam::999999999999:user/ops/alice",
            ADMIN_ACCOUNT,
        );
        let err = identify(&w.svc).await.unwrap_err();
        assert_eq!(err.exit_code(), 3, "{err}");
        let text = err.to_string();
        assert!(text.contains("refusing IAM user"), "{text}");
        assert!(text.contains("allow_long_term_keys"), "{text}");

        *w.directory.allow_iam_users.lock().unwrap() = true;
        let actor = identify(&w.svc).await.unwrap();
        assert_eq!(actor.user, None);
        assert_eq!(actor.arn, "arn:aws:iam::999999999999:user/ops/alice");
    }

    #[tokio::test]
    async fn roles_need_no_identity_account() {
        let w = World::new();
        *w.directory.identity_account.lock().unwrap() = None;
        calls_as(
            &w,
            "arn:aws:sts::999999999999:assumed-role/ci/gh-run-1",
            ADMIN_ACCOUNT,
        );
        let actor = identify(&w.svc).await.unwrap();
        assert_eq!(actor.user, None);
        assert_eq!(*w.directory.identity_lookups.lock().unwrap(), 0);
    }
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
