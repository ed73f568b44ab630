//! `elevate audit`: who had what access when, who decided, and why — every request with its
//! decisions, from the ledger alone; and `audit verify`, which reads the whole ledger (not its
//! indexes) and verifies every request — its events replayed, its record compared, every seal
//! decrypted — and the policy versions.

use futures_util::StreamExt;
use jiff::Timestamp;
use serde::Serialize;

use crate::domain::{Event, EventKind, Mode, Request, Status};
use crate::error::{Error, Result};
use crate::store::{Pages, Query, Store, SweepCursor};

use super::Services;

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
    pub id: crate::domain::RequestId,
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
            // One request whose events cannot be read is reported and skipped: the audit of
            // everyone else carries on (`audit verify` lists it).
            let events = match events {
                Ok(events) => events,
                Err(crate::store::StoreError::Corrupt { message, .. }) => {
                    tracing::warn!(
                        "request {}: its events cannot be read ({message}); skipped. `elevate audit verify` reports it",
                        r.id
                    );
                    continue;
                }
                Err(e) => return Err(e.into()),
            };
            sink(record(r, &events))?;
            count += 1;
        }
    }
    Ok(count)
}

/// One request (or the policy history, or an item) whose ledger does not hold together.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// The request id, "policy", or the key of an item that is not a readable request.
    pub id: String,
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    pub requests: usize,
    pub events: usize,
    /// Whether seals were verified (a sealed ledger), or only chains and replays.
    pub sealed: bool,
    pub findings: Vec<Finding>,
}

/// What `audit verify` checks with: a sealed ledger needs KMS (the services); an unsealed one
/// needs nothing but the ledger, so it is verified without AWS credentials.
#[derive(Clone, Copy)]
pub enum Verifier<'a> {
    Sealed(&'a Services),
    Unsealed(&'a dyn Store),
}

impl Verifier<'_> {
    fn store(&self) -> &dyn Store {
        match self {
            Verifier::Sealed(svc) => svc.store.as_ref(),
            Verifier::Unsealed(store) => *store,
        }
    }
}

/// Reads the whole ledger — a full scan, so a record the indexes no longer list is read too —
/// and verifies every request and every policy version.
pub async fn verify(with: Verifier<'_>) -> Result<Verification> {
    let mut report = Verification {
        requests: 0,
        events: 0,
        sealed: matches!(with, Verifier::Sealed(svc) if svc.sealer.ledger().is_some()),
        findings: Vec::new(),
    };
    let (valid, problems) = match with {
        Verifier::Sealed(svc) => super::in_force::versions(svc).await?,
        Verifier::Unsealed(store) => {
            let (history, malformed) = store.policy_history().await?;
            let mut problems: Vec<String> = malformed
                .into_iter()
                .map(|m| format!("policy version item {} cannot be read: {}", m.key, m.error))
                .collect();
            let mut valid = Vec::new();
            for v in history {
                match crate::domain::Policy::parse(&v.text, "policy version") {
                    Ok(p) if p.version == v.hash => valid.push(v),
                    _ => problems.push(format!(
                        "policy version {}: its text does not parse to the version it claims",
                        v.number
                    )),
                }
            }
            (valid, problems)
        }
    };
    if !problems.is_empty() {
        report.findings.push(Finding {
            id: crate::domain::ledger::POLICY_SUBJECT.into(),
            problems,
        });
    }
    let known: std::collections::HashSet<String> = valid.into_iter().map(|v| v.hash).collect();
    let mut cursor: Option<SweepCursor> = None;
    loop {
        let (entries, next) = with.store().sweep(cursor.as_ref(), PAGE).await?;
        let checked: Vec<(String, usize, Vec<String>)> = futures_util::stream::iter(entries)
            .map(|entry| {
                let known = &known;
                async move {
                    let events = entry.events.len();
                    let mut problems: Vec<String> = entry
                        .malformed
                        .iter()
                        .map(|m| format!("item {} cannot be read: {}", m.key, m.error))
                        .chain(entry.index_problems.iter().cloned())
                        .collect();
                    let Some(id) = entry.id else {
                        return Ok::<_, Error>((entry.key, events, problems));
                    };
                    let checked = match with {
                        Verifier::Sealed(svc) => super::verify::check(
                            svc,
                            &id,
                            entry.record.as_ref(),
                            entry.events,
                        )
                        .await
                        .map(|v| Some(v.request)),
                        Verifier::Unsealed(_) => super::verify::check_unsealed(
                            &id,
                            entry.record.as_ref(),
                            &entry.events,
                        )
                        .map(|()| None),
                    };
                    match checked {
                        Ok(Some(r)) => {
                            if matches!(with, Verifier::Sealed(svc) if svc.sealer.ledger().is_some())
                                && !known.contains(&r.policy_version)
                            {
                                problems.push(format!(
                                    "it was decided under policy version {}, which is not among the policy versions whose seals hold",
                                    r.policy_version
                                ));
                            }
                        }
                        Ok(None) => {}
                        Err(Error::Tampered(t)) => problems.extend(t.problems),
                        Err(e) => return Err(e),
                    }
                    Ok((id.to_string(), events, problems))
                }
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
        match next {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    Ok(report)
}
