//! `elevate audit standing`, and the executor's check at `standing_check_interval`: access that
//! elevate did not give.
//!
//! 1. Assignments of the permission sets the policy marks `temporary_only` that no genuine
//!    elevation explains (`provision::explaining`: a verified request holding it, or whose grant
//!    has begun). A record anyone wrote into the table explains nothing. With the policy's
//!    `remove_standing`, the executor removes them, under each assignment's lease, reading the
//!    ledger again there so that a grant landing meanwhile keeps its access.
//! 2. Calls to create or delete an assignment that CloudTrail recorded from anyone but the
//!    executor and the scheduler role — including the ones AWS refused, which are attempts.
//!
//! The assignments are listed before the ledger is read: a grant that lands in between is then
//! seen in the ledger (its request is recorded before its assignment is created), never as an
//! assignment nothing explains.

use std::sync::Arc;

use futures_util::StreamExt;
use jiff::Timestamp;

use crate::domain::standing::{CHANGES, Change, lake_query};
pub use crate::domain::standing::{Report, Standing};
use crate::domain::{Assignment, PermissionSet, Policy};
use crate::error::{Error, Result};

use super::Services;
use super::activity::{Source, prefixes};
use super::ports::{ActivityLog, RecordFilter};

/// Assignments checked against the ledger at once.
const CONCURRENCY: usize = 8;

/// Where CloudTrail's record of Identity Center's calls is read.
pub struct Trail<'a> {
    pub log: &'a dyn ActivityLog,
    pub source: &'a Source,
    /// The accounts whose trail records Identity Center's calls: the one that owns the
    /// instance and, with a delegated administrator, the one elevate runs in.
    pub accounts: Vec<String>,
}

pub struct Input<'a> {
    /// The window of CloudTrail events read.
    pub since: Timestamp,
    pub until: Timestamp,
    /// `None`: no trail configured; that part is reported as not checked.
    pub trail: Option<Trail<'a>>,
    /// The executor's and the scheduler's role ARNs: their calls are elevate's own.
    pub elevate_roles: Vec<String>,
    /// Remove what nothing explains (the executor, when the policy says `remove_standing`).
    pub remove: bool,
}

/// The lease that spaces the executor's checks: taken for the whole interval and never
/// released, so the next pass after it expires runs the next check, whichever executor runs it.
const LEASE: &str = "standing-check";

/// Whether the executor's check is due; when it is, the claim on it until `interval` from now
/// (give it back with [`release`] when the check could not run, so the next pass tries again).
pub async fn due(svc: &Services, interval: std::time::Duration) -> Result<Option<String>> {
    if interval.is_zero() {
        return Ok(None);
    }
    let ttl = jiff::SignedDuration::try_from(interval)
        .map_err(|e| Error::Config(format!("standing_check_interval is out of range: {e}")))?;
    let holder = svc.ids.new_token();
    Ok(svc
        .store
        .try_lease(LEASE, &holder, svc.clock.now(), ttl)
        .await?
        .then_some(holder))
}

/// Gives a claim back: the next pass checks again.
pub async fn release(svc: &Services, holder: &str) {
    if let Err(e) = svc.store.release_lease(LEASE, holder).await {
        tracing::warn!("could not give back the standing check's claim: {e}");
    }
}

pub async fn standing(svc: &Services, policy: &Policy, input: Input<'_>) -> Result<Report> {
    if input.since > input.until {
        return Err(Error::Usage(format!(
            "the window starts ({}) after it ends ({})",
            crate::domain::format_time(input.since),
            crate::domain::format_time(input.until)
        )));
    }
    let mut problems = Vec::new();
    // Each part runs whatever became of the other: a failure is a problem in the report.
    let (permission_sets, standing) = match assignments(svc, policy, input.remove).await {
        Ok(found) => found,
        Err(e) => {
            problems.push(format!("could not check the assignments: {e}"));
            (Vec::new(), Vec::new())
        }
    };
    let (changes, trail) = match &input.trail {
        None => (
            None,
            "not checked: configure event_data_store (CloudTrail Lake) or trail_bucket (the organisation trail)".to_string(),
        ),
        Some(t) => {
            let from = match t.source {
                Source::Lake { event_data_store } => {
                    format!("CloudTrail Lake {event_data_store}")
                }
                Source::Trail {
                    bucket, regions, ..
                } => format!(
                    "s3://{bucket} (account {}; {})",
                    t.accounts.join(", "),
                    regions.join(", ")
                ),
            };
            match read(t, input.since, input.until).await {
                Ok(read) => {
                    let roles: Vec<&str> =
                        input.elevate_roles.iter().map(String::as_str).collect();
                    let mut seen = std::collections::HashSet::new();
                    let mut changes: Vec<Change> = read
                        .into_iter()
                        .filter(|c| c.time >= input.since && c.time <= input.until)
                        .filter(|c| !c.by_any_of(&roles))
                        // The same event read twice (two files, two accounts' prefixes).
                        .filter(|c| c.event_id.as_ref().is_none_or(|id| seen.insert(id.clone())))
                        .collect();
                    changes.sort_by(|a, b| {
                        (a.time, &a.caller, &a.name, &a.event_id)
                            .cmp(&(b.time, &b.caller, &b.name, &b.event_id))
                    });
                    (Some(changes), from)
                }
                Err(e) => {
                    problems.push(format!("could not read CloudTrail ({from}): {e}"));
                    (None, from)
                }
            }
        }
    };
    Ok(Report {
        permission_sets,
        standing,
        changes,
        trail,
        problems,
        since: input.since,
        until: input.until,
    })
}

/// The watched permission sets, and their assignments no genuine elevation explains.
async fn assignments(
    svc: &Services,
    policy: &Policy,
    remove: bool,
) -> Result<(Vec<String>, Vec<Standing>)> {
    let watched: Vec<PermissionSet> = if policy.settings.temporary_only.is_empty() {
        Vec::new()
    } else {
        svc.access
            .permission_sets_live()
            .await?
            .into_iter()
            .filter(|ps| {
                policy
                    .settings
                    .temporary_only
                    .iter()
                    .any(|p| p.matches(&ps.name, &ps.arn))
            })
            .collect()
    };
    let mut found: Vec<(Assignment, &PermissionSet)> = Vec::new();
    for ps in &watched {
        for a in svc.access.assignments_of(&ps.arn).await? {
            found.push((a, ps));
        }
    }
    let checked: Vec<Option<Standing>> = futures_util::stream::iter(found)
        .map(|(a, ps)| async move { check(svc, &a, ps, remove).await })
        .buffered(CONCURRENCY)
        .collect::<Vec<Result<Option<Standing>>>>()
        .await
        .into_iter()
        .collect::<Result<_>>()?;
    Ok((
        watched.iter().map(|p| p.name.clone()).collect(),
        checked.into_iter().flatten().collect(),
    ))
}

/// One assignment of a watched permission set: `None` when a genuine elevation explains it.
async fn check(
    svc: &Services,
    a: &Assignment,
    ps: &PermissionSet,
    remove: bool,
) -> Result<Option<Standing>> {
    use super::holders::{Removal, explaining, remove_unexplained};
    let explained = explaining(svc, a, None).await?;
    if !explained.by.is_empty() {
        return Ok(None);
    }
    // It was listed before the ledger was read: an elevation that ended in between (its
    // assignment deleted, its request no longer open) is not standing access.
    if !svc.access.has_assignment(a).await? {
        return Ok(None);
    }
    let result = if !explained.doubtful.is_empty() {
        // A request naming it cannot be read: maybe a colleague's elevation made unreadable on
        // purpose. Never removed on a guess.
        format!("kept for a person: {}", explained.doubtful.join("; "))
    } else if remove {
        match remove_unexplained(svc, a, None).await {
            Ok(Removal::Removed) => {
                "removed: no genuine elevation explains it (remove_standing)".to_string()
            }
            Ok(Removal::Held(_) | Removal::Gone) => return Ok(None),
            Ok(Removal::Doubtful(why)) => format!("kept for a person: {why}"),
            Err(e) => format!("could not remove it: {e}"),
        }
    } else {
        "no elevation explains it".to_string()
    };
    Ok(Some(Standing {
        account_id: a.account_id.clone(),
        permission_set: ps.name.clone(),
        permission_set_arn: ps.arn.clone(),
        principal: format!("{}:{}", a.principal_kind.as_str(), a.principal_id),
        result,
    }))
}

/// The assignment changes CloudTrail recorded in the window (by anyone).
async fn read(t: &Trail<'_>, since: Timestamp, until: Timestamp) -> Result<Vec<Change>> {
    Ok(match t.source {
        Source::Lake { event_data_store } => {
            let sql = lake_query(event_data_store, since, until).map_err(|e| Error::Usage(e.0))?;
            t.log
                .lake_query(&sql)
                .await?
                .iter()
                .filter_map(Change::from_record)
                .collect()
        }
        Source::Trail {
            bucket,
            org_id,
            regions,
        } => {
            let mut keys = Vec::new();
            for account in &t.accounts {
                for prefix in prefixes(org_id.as_deref(), regions, account, since, until) {
                    keys.extend(t.log.trail_keys(bucket, &prefix).await?);
                }
            }
            super::activity::read_files(t.log, bucket, keys, record_filter(), &|_, _| {})
                .await?
                .iter()
                .filter_map(Change::from_record)
                .collect()
        }
    })
}

/// Keeps Identity Center's assignment changes, decided from two fields without parsing the rest.
fn record_filter() -> Arc<RecordFilter> {
    #[derive(serde::Deserialize)]
    #[allow(non_snake_case)]
    struct Head<'a> {
        #[serde(borrow)]
        eventSource: Option<&'a str>,
        #[serde(borrow)]
        eventName: Option<&'a str>,
    }
    Arc::new(|raw| {
        serde_json::from_str::<Head>(raw.get()).is_ok_and(|h| {
            h.eventSource == Some("sso.amazonaws.com")
                && h.eventName.is_some_and(|n| CHANGES.contains(&n))
        })
    })
}
