//! `elevate eligible`: every account and permission set a principal may request, with the
//! terms policy would grant them on.

use jiff::SignedDuration;
use serde::Serialize;

use crate::domain::eligibility::{SetRef, eligible as compute};
use crate::domain::explain::TermsView;
use crate::domain::policy::{Mode, Subject};
use crate::domain::{Actor, Policy, PrincipalRef};
use crate::error::Result;

use super::Services;
use super::lookup::beneficiary;

#[derive(Debug, Clone, Serialize)]
pub struct EligibleRow {
    pub account_id: String,
    pub account_name: String,
    pub permission_set: String,
    pub permission_set_arn: String,
    pub max_duration: SignedDuration,
    /// The rule whose `max_duration` that is (`None`: the settings'), for checking a duration
    /// as it is typed; not part of `eligible`'s output.
    #[serde(skip)]
    pub capped_by: Option<String>,
    pub mode: Mode,
    /// `None` for auto and break-glass; otherwise what approval needs.
    pub approvals: Vec<crate::domain::Requirement>,
    pub ticket_required: bool,
    pub rules: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct EligibleFilter {
    /// Account id or name.
    pub account: Option<String>,
    /// Permission set name or ARN.
    pub permission_set: Option<String>,
}

/// Every account × permission set the caller (or, for a role, `--for` principal) may request.
pub async fn eligible(
    svc: &Services,
    policy: &Policy,
    actor: &Actor,
    for_principal: Option<&PrincipalRef>,
    filter: &EligibleFilter,
) -> Result<Vec<EligibleRow>> {
    let (principal, groups) = beneficiary(svc, actor, for_principal).await?;
    let (tree, sets) = tokio::try_join!(svc.org.tree(), svc.access.permission_sets())?;
    let accounts: Vec<_> = tree
        .accounts
        .iter()
        .filter(|a| {
            filter
                .account
                .as_ref()
                .is_none_or(|f| &a.id == f || &a.name == f)
        })
        .cloned()
        .collect();
    let sets: Vec<SetRef> = sets
        .iter()
        .filter(|s| {
            filter
                .permission_set
                .as_ref()
                .is_none_or(|f| &s.name == f || &s.arn == f)
        })
        .map(|s| SetRef {
            name: s.name.clone(),
            arn: s.arn.clone(),
        })
        .collect();
    let result = compute(
        policy,
        Subject {
            kind: principal.kind,
            name: &principal.name,
            groups: &groups,
        },
        &accounts,
        &sets,
    );
    let mut rows: Vec<EligibleRow> = result
        .pairs
        .iter()
        .map(|p| {
            let a = &accounts[p.account];
            let s = &sets[p.permission_set];
            let terms = &result.terms[p.terms];
            let t = TermsView::from(terms);
            EligibleRow {
                account_id: a.id.clone(),
                account_name: a.name.clone(),
                permission_set: s.name.clone(),
                permission_set_arn: s.arn.clone(),
                max_duration: t.max_duration,
                capped_by: terms.capped_by.clone(),
                mode: t.mode,
                approvals: t.requirements,
                ticket_required: t.ticket_required,
                rules: t.rules,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        (&a.account_name, &a.account_id, &a.permission_set).cmp(&(
            &b.account_name,
            &b.account_id,
            &b.permission_set,
        ))
    });
    Ok(rows)
}
