//! Looking up what a command names, live, for decisions: the caller behind the credentials,
//! the principal who receives access and their groups, a permission set, and the account with
//! the OUs above it (a cached tree is only used for listings). Several commands share these, so
//! they live here rather than in any one command.

use crate::domain::caller::{CountsAs, iam_user_refusal};
use crate::domain::{
    Account, Actor, CallerArn, PermissionSet, Principal, PrincipalKind, PrincipalRef, Request,
};
use crate::error::{Error, Result};

use super::ports::ServiceErrorKind;
use super::{Notice, Services};

pub use crate::domain::org::is_account_id;

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

/// Who receives the access, and the group names policy matches them by.
pub async fn beneficiary(
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
        (None, Some(p)) => principal_named(svc, p).await,
    }
}

/// A user or group by name, with the groups policy matches a user by.
pub async fn principal_named(svc: &Services, p: &PrincipalRef) -> Result<(Principal, Vec<String>)> {
    match p.kind {
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
    }
}

pub async fn find_permission_set(svc: &Services, name_or_arn: &str) -> Result<PermissionSet> {
    svc.access.permission_set(name_or_arn).await?.ok_or_else(|| {
        Error::NotFound(format!(
            "no permission set '{name_or_arn}' in this Identity Center instance: give its exact name or ARN (see `elevate eligible`)"
        ))
    })
}

/// Resolves `--account <id|name>`. When Organizations cannot be read, an account id still
/// resolves (rules then match it by id only, and the notice says so); a name cannot.
pub async fn resolve_account(svc: &Services, id_or_name: &str) -> Result<(Account, Vec<Notice>)> {
    let id_or_name = id_or_name.trim();
    if id_or_name.is_empty() {
        return Err(Error::Usage(
            "--account is empty: give a 12-digit account id or an account name".into(),
        ));
    }
    let is_id = is_account_id(id_or_name);
    if !is_id && id_or_name.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::Usage(format!(
            "'{id_or_name}' is not an AWS account id: account ids have 12 digits"
        )));
    }
    match svc.org.account(id_or_name).await {
        Ok(Some(account)) => Ok((account, Vec::new())),
        Ok(None) => Err(Error::NotFound(format!(
            "no account {} in the organization: check the id or name (see `elevate eligible`)",
            if is_id {
                id_or_name.to_string()
            } else {
                format!("named '{id_or_name}'")
            }
        ))),
        Err(e)
            if is_id
                && matches!(
                    e.kind,
                    ServiceErrorKind::AccessDenied | ServiceErrorKind::NotFound
                ) =>
        {
            Ok((
                Account::unplaced(id_or_name),
                vec![format!(
                    "cannot read account {id_or_name} from AWS Organizations ({e}); policy rules naming OUs, the root or account names cannot match it, only its id, and a [[deny]] naming them refuses the request"
                )],
            ))
        }
        Err(e) if !is_id => Err(Error::Usage(format!(
            "cannot look up the account named '{id_or_name}' ({e}): give its 12-digit id instead"
        ))),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use async_trait::async_trait;

    use super::*;
    use crate::domain::{OrgTree, Policy};
    use crate::workflow::fakes::{DEV, MGMT, POLICY, World, input};
    use crate::workflow::ports::{Organization, ServiceError, ServiceResult};
    use crate::workflow::request::{RequestInput, submit};

    /// Organizations as a caller without organizations:DescribeAccount sees it.
    struct Unreadable;

    fn refused(operation: &'static str) -> ServiceError {
        ServiceError {
            service: "organizations",
            operation,
            kind: ServiceErrorKind::AccessDenied,
            message: "AccessDeniedException: not authorized".into(),
        }
    }

    #[async_trait]
    impl Organization for Unreadable {
        async fn management_account(&self) -> ServiceResult<Option<String>> {
            Ok(Some(MGMT.to_string()))
        }
        async fn account(&self, _: &str) -> ServiceResult<Option<Account>> {
            Err(refused("DescribeAccount"))
        }
        async fn tree(&self) -> ServiceResult<OrgTree> {
            Err(refused("ListRoots"))
        }
    }

    #[tokio::test]
    async fn a_deny_naming_an_ou_is_not_skipped_when_organizations_is_unreadable() {
        let mut w = World::new();
        w.svc.org = Arc::new(Unreadable);
        let (account, notices) = resolve_account(&w.svc, DEV).await.unwrap();
        assert!(!account.place_known && account.path.is_empty());
        assert!(notices[0].contains("[[deny]]"), "{notices:?}");

        // dev is in ou-root-devdevde, which elevate cannot see now.
        let policy = Policy::parse(
            &format!(
                "{POLICY}\n[[deny]]\nname = \"dev-frozen\"\naccounts = [\"ou-root-devdevde\"]\npermission_sets = [\"Admin\"]\n"
            ),
            "policy.toml",
        )
        .unwrap();
        let err = submit(
            &w.svc,
            &policy,
            &w.user("alice"),
            RequestInput {
                duration: None,
                ..input("Admin")
            },
        )
        .await
        .unwrap_err();
        assert_eq!(err.exit_code(), 3, "{err}");
        assert!(err.to_string().contains("deny 'dev-frozen'"), "{err}");
        assert!(
            w.svc
                .store
                .list(&Default::default())
                .await
                .unwrap()
                .is_empty()
        );
    }
}

#[cfg(test)]
mod identify_tests {
    use std::sync::Arc;

    use jiff::{SignedDuration, Timestamp};

    use super::*;
    use crate::workflow::fakes::{ADMIN_ACCOUNT, World, input};
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
                duration: Some(SignedDuration::from_hours(1)),
                ..input("Admin")
            },
        )
        .await
        .unwrap()
        .request;
        let err = crate::workflow::authority::may_decide(
            &pending,
            &actor,
            crate::domain::authz::Verb::Approve,
            crate::domain::authz::GrantMode::Direct,
        )
        .unwrap_err();
        assert_eq!(err.exit_code(), 3, "{err}");
        assert!(err.to_string().contains("Identity Center users"), "{err}");

        // And asking for itself, it must say for whom.
        let err = crate::workflow::lookup::beneficiary(&w.svc, &actor, None)
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
