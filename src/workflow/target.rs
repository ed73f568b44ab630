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
                Account {
                    id: id_or_name.to_string(),
                    name: String::new(),
                    path: Vec::new(),
                },
                vec![format!(
                    "cannot read account {id_or_name} from AWS Organizations ({e}); policy rules naming OUs, the root or account names cannot match it, only its id"
                )],
            ))
        }
        Err(e) if !is_id => Err(Error::Usage(format!(
            "cannot look up the account named '{id_or_name}' ({e}): give its 12-digit id instead"
        ))),
        Err(e) => Err(e.into()),
    }
}
