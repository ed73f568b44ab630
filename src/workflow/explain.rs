//! `elevate policy explain`: which rules would allow or refuse a principal an account and
//! permission set, and why.

use jiff::SignedDuration;

use crate::domain::explain::{Explanation, explain as build};
use crate::domain::policy::{Subject, Target};
use crate::domain::{Policy, PrincipalRef};
use crate::error::Result;

use super::lookup::{find_permission_set, principal_named, resolve_account};
use super::{Notice, Services};

pub async fn explain(
    svc: &Services,
    policy: &Policy,
    principal: &PrincipalRef,
    account: &str,
    permission_set: &str,
    duration: Option<SignedDuration>,
    break_glass: bool,
) -> Result<(Explanation, Vec<Notice>)> {
    let (principal, groups) = principal_named(svc, principal).await?;
    let (account, notices) = resolve_account(svc, account).await?;
    let set = find_permission_set(svc, permission_set).await?;
    let explanation = build(
        policy,
        Subject {
            kind: principal.kind,
            name: &principal.name,
            groups: &groups,
        },
        Target {
            account: &account,
            permission_set_name: &set.name,
            permission_set_arn: &set.arn,
        },
        duration,
        break_glass,
    );
    Ok((explanation, notices))
}
