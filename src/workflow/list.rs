//! `elevate list`: the requests a scope selects, including the ones the caller may approve.

use crate::domain::policy::counts_for;
use crate::domain::request::tally;
use crate::domain::{Actor, Request, Status};
use crate::error::Result;
use crate::store::{Party, Query, Store};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Requested by the caller or giving them access.
    Mine,
    /// Pending requests the caller may approve.
    ToApprove,
    Active,
    All,
    /// Break-glass elevations no approver has reviewed yet.
    Unreviewed,
}

impl Scope {
    pub fn needs_caller(self) -> bool {
        matches!(self, Scope::Mine | Scope::ToApprove)
    }
}

pub struct ListInput {
    pub scope: Scope,
    pub statuses: Vec<Status>,
    pub account_id: Option<String>,
    pub limit: Option<usize>,
}

pub async fn list(
    store: &dyn Store,
    actor: Option<&Actor>,
    input: ListInput,
) -> Result<Vec<Request>> {
    let mut query = Query {
        statuses: input.statuses.clone(),
        account_id: input.account_id,
        limit: input.limit,
        ..Query::default()
    };
    match input.scope {
        Scope::Mine => {
            if let Some(actor) = actor {
                query.party = Some(Party {
                    arn: actor.arn.clone(),
                    user_id: actor.user.as_ref().map(|u| u.id.clone()),
                });
            }
        }
        Scope::Active if input.statuses.is_empty() => query.statuses = vec![Status::Active],
        Scope::ToApprove => {
            // Pending requests, and active ones whose extension waits.
            query.statuses = vec![Status::Pending, Status::Active];
            // Filtering happens below, so the limit applies after it.
            query.limit = None;
        }
        Scope::Unreviewed => {
            query.statuses = vec![
                Status::Approved,
                Status::Active,
                Status::Failed,
                Status::Ended,
                Status::Revoked,
            ];
            query.limit = None;
        }
        Scope::Active | Scope::All => {}
    }
    let requests = store.list(&query).await?;
    if input.scope == Scope::Unreviewed {
        let mut out: Vec<Request> = requests
            .into_iter()
            .filter(|r| r.mode == crate::domain::Mode::BreakGlass && r.review.is_none())
            .collect();
        if let Some(limit) = input.limit {
            out.truncate(limit);
        }
        return Ok(out);
    }
    if input.scope != Scope::ToApprove {
        return Ok(requests);
    }
    let Some(actor) = actor else {
        return Ok(Vec::new());
    };
    let Some(user) = &actor.user else {
        return Ok(Vec::new());
    };
    let groups: Vec<String> = user.groups.iter().map(|g| g.name.clone()).collect();
    let mut out: Vec<Request> = requests
        .into_iter()
        .filter(|r| !super::authority::standing(r, actor).involved())
        .filter(|r| {
            let Some((requirements, approvals)) = r.awaiting() else {
                return false;
            };
            if approvals.iter().any(|a| a.user_id == user.id) {
                return false;
            }
            // Listed by a requirement that still needs approvals.
            let mine = counts_for(requirements, &user.name, &groups);
            tally(requirements, approvals)
                .iter()
                .any(|(rule, have, need)| have < need && mine.iter().any(|m| m == rule))
        })
        .collect();
    if let Some(limit) = input.limit {
        out.truncate(limit);
    }
    Ok(out)
}
