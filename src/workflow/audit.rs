//! `elevate audit`: who had what access when, who decided, and why — every request with its
//! decisions, from the ledger alone; and `audit verify`, which checks every request against its
//! hash-chained events.

use futures_util::StreamExt;
use jiff::Timestamp;
use serde::Serialize;

use crate::domain::event::verify_request;
use crate::domain::{Event, EventKind, Mode, Request, RequestId, Status};
use crate::error::Result;
use crate::store::{Pages, Query, Store};

/// Requests read at once.
const PAGE: usize = 500;
/// Requests whose events are read side by side.
const CONCURRENCY: usize = 8;

#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// A user: the requester, or the user receiving the access (by Identity Center user name).
    pub user: Option<String>,
    pub account_id: Option<String>,
    /// By name or ARN.
    pub permission_set: Option<String>,
    pub statuses: Vec<Status>,
    /// Requests whose lifetime (from creation to their end, or now if open) overlaps
    /// `[since, until]`.
    pub since: Option<Timestamp>,
    pub until: Option<Timestamp>,
}

impl Filter {
    fn matches(&self, r: &Request, now: Timestamp) -> bool {
        let user_ok = self.user.as_deref().is_none_or(|u| {
            r.requester.user_name.as_deref() == Some(u)
                || (r.principal.kind == crate::domain::PrincipalKind::User && r.principal.name == u)
                || r.requester.arn == u
        });
        let ps_ok = self
            .permission_set
            .as_deref()
            .is_none_or(|p| r.permission_set.name == p || r.permission_set.arn == p);
        let last = r
            .ended_at
            .or(r.end_at.filter(|_| r.status.is_final()))
            .unwrap_or(now);
        let since_ok = self.since.is_none_or(|s| last >= s);
        let until_ok = self.until.is_none_or(|u| r.created_at <= u);
        user_ok && ps_ok && since_ok && until_ok
    }
}

/// A decision or change recorded on a request.
#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    pub kind: &'static str,
    pub by: String,
    pub at: Timestamp,
    pub comment: Option<String>,
}

/// One request as an auditor reads it.
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    pub id: RequestId,
    pub status: Status,
    pub mode: Mode,
    pub break_glass: bool,
    pub principal: String,
    pub requester: String,
    pub account_id: String,
    pub permission_set: String,
    pub reason: String,
    pub ticket: Option<String>,
    pub rules: Vec<String>,
    pub policy_version: String,
    pub created_at: Timestamp,
    pub start_at: Option<Timestamp>,
    pub granted_at: Option<Timestamp>,
    /// The end it was given (scheduled or extended).
    pub end_at: Option<Timestamp>,
    /// When it actually ended (revoked early, ended, cancelled…).
    pub ended_at: Option<Timestamp>,
    /// Who ended or revoked it.
    pub ended_by: Option<String>,
    pub prior_access: Option<bool>,
    pub decisions: Vec<Decision>,
}

fn is_decision(kind: EventKind) -> bool {
    use EventKind::*;
    matches!(
        kind,
        Approved
            | AutoApproved
            | BreakGlass
            | Rejected
            | Cancelled
            | Expired
            | Revoked
            | Ended
            | ExtensionRequested
            | ExtensionApproved
            | Extended
            | ExtensionRejected
            | Reviewed
            | GrantFailed
            | RevokeFailed
    )
}

pub fn record(r: Request, events: &[Event]) -> Record {
    let decisions: Vec<Decision> = events
        .iter()
        .filter(|e| is_decision(e.kind))
        .map(|e| Decision {
            kind: e.kind.as_str(),
            by: e.actor.clone(),
            at: e.at,
            comment: e.comment.clone().or_else(|| e.detail.clone()),
        })
        .collect();
    let ended_by = events
        .iter()
        .rev()
        .find(|e| {
            matches!(
                e.kind,
                EventKind::Revoked | EventKind::Ended | EventKind::Cancelled | EventKind::Expired
            )
        })
        .map(|e| e.actor.clone());
    Record {
        break_glass: r.mode == Mode::BreakGlass,
        principal: r.principal.to_string(),
        requester: r.requester.label(),
        permission_set: r.permission_set.name.clone(),
        ended_by,
        decisions,
        id: r.id,
        status: r.status,
        mode: r.mode,
        account_id: r.account_id,
        reason: r.reason,
        ticket: r.ticket,
        rules: r.rules,
        policy_version: r.policy_version,
        created_at: r.created_at,
        start_at: r.start_at,
        granted_at: r.granted_at,
        end_at: r.end_at,
        ended_at: r.ended_at,
        prior_access: r.prior_access,
    }
}

/// Every request the filter selects, newest first, with its decisions, handed to `sink` as
/// pages are read (so an export of a large ledger streams). Returns how many.
pub async fn audit(
    store: &dyn Store,
    filter: &Filter,
    now: Timestamp,
    mut sink: impl FnMut(Record) -> Result<()>,
) -> Result<usize> {
    let mut pages = Pages::new(
        store,
        Query {
            statuses: filter.statuses.clone(),
            account_id: filter.account_id.clone(),
            ..Query::default()
        },
        PAGE,
    );
    let mut count = 0;
    while let Some(page) = pages.next().await? {
        let chosen: Vec<Request> = page
            .into_iter()
            .filter(|r| filter.matches(r, now))
            .collect();
        let with_events: Vec<(Request, std::result::Result<Vec<Event>, _>)> =
            futures_util::stream::iter(chosen)
                .map(|r| async move {
                    let events = store.events(&r.id).await;
                    (r, events)
                })
                .buffered(CONCURRENCY)
                .collect()
                .await;
        for (r, events) in with_events {
            sink(record(r, &events?))?;
            count += 1;
        }
    }
    Ok(count)
}

/// One request whose ledger does not hold together.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub id: RequestId,
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    pub requests: usize,
    pub events: usize,
    pub findings: Vec<Finding>,
}

/// Walks every request in the store and checks it against its events.
pub async fn verify(store: &dyn Store) -> Result<Verification> {
    let mut pages = Pages::new(store, Query::default(), PAGE);
    let mut report = Verification {
        requests: 0,
        events: 0,
        findings: Vec::new(),
    };
    while let Some(page) = pages.next().await? {
        let checked: Vec<(RequestId, usize, Vec<String>)> = futures_util::stream::iter(page)
            .map(|r| async move {
                let events = store.events(&r.id).await?;
                let problems = verify_request(&r, &events);
                Ok::<_, crate::error::Error>((r.id, events.len(), problems))
            })
            .buffered(CONCURRENCY)
            .collect::<Vec<_>>()
            .await
            .into_iter()
            .collect::<Result<_>>()?;
        for (id, events, problems) in checked {
            report.requests += 1;
            report.events += events;
            if !problems.is_empty() {
                report.findings.push(Finding { id, problems });
            }
        }
    }
    Ok(report)
}
