//! The account a request is about, with the OUs above it, looked up live for decisions (a
//! cached tree is only used for listings).

use crate::domain::Account;
use crate::error::{Error, Result};

use super::ports::ServiceErrorKind;
use super::{Notice, Services};

pub use crate::domain::org::is_account_id;

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
    use crate::workflow::fakes::{DEV, MGMT, POLICY, World};
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
                account: DEV.into(),
                permission_set: "Admin".into(),
                duration: None,
                reason: "deploy hotfix for INC-7".into(),
                ticket: None,
                for_principal: None,
                break_glass: false,
                start: None,
                idempotency_key: None,
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
