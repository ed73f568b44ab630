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
use serde::Serialize;

use crate::domain::standing::{CHANGES, Change, lake_query};
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
    /// The account that owns the Identity Center instance: its trail records the calls.
    pub identity_account: String,
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

#[derive(Debug, Clone, Serialize)]
pub struct Standing {
    pub account_id: String,
    pub permission_set: String,
    pub permission_set_arn: String,
    /// `user:<id>` or `group:<id>` (Identity Center ids).
    pub principal: String,
    /// What became of it: reported, removed, kept (and why), or why it could not be removed.
    pub result: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The `temporary_only` permission sets that were checked.
    pub permission_sets: Vec<String>,
    /// Assignments of them that no genuine elevation explains.
    pub standing: Vec<Standing>,
    /// Assignment changes by anyone but elevate, oldest first; `None` when no trail is
    /// configured.
    pub changes: Option<Vec<Change>>,
    /// Where the changes were read, or why they were not.
    pub trail: String,
    pub since: Timestamp,
    pub until: Timestamp,
}

impl Report {
    pub fn findings(&self) -> usize {
        self.standing
            .iter()
            .filter(|s| !s.result.starts_with("kept"))
            .count()
            + self.changes.as_ref().map_or(0, Vec::len)
    }
}

/// The lease that spaces the executor's checks: taken for the whole interval and never
/// released, so the next pass after it expires runs the next check, whichever executor runs it.
const LEASE: &str = "standing-check";

/// Whether the executor's check is due (and, when it is, claims it until `interval` from now).
pub async fn due(svc: &Services, interval: std::time::Duration) -> Result<bool> {
    if interval.is_zero() {
        return Ok(false);
    }
    let ttl = jiff::SignedDuration::try_from(interval)
        .map_err(|e| Error::Config(format!("standing_check_interval is out of range: {e}")))?;
    Ok(svc
        .store
        .try_lease(LEASE, &svc.ids.new_token(), svc.clock.now(), ttl)
        .await?)
}

pub async fn standing(svc: &Services, policy: &Policy, input: Input<'_>) -> Result<Report> {
    if input.since > input.until {
        return Err(Error::Usage(format!(
            "the window starts ({}) after it ends ({})",
            crate::domain::format_time(input.since),
            crate::domain::format_time(input.until)
        )));
    }
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
        .map(|(a, ps)| async move { check(svc, &a, ps, input.remove).await })
        .buffered(CONCURRENCY)
        .collect::<Vec<Result<Option<Standing>>>>()
        .await
        .into_iter()
        .collect::<Result<_>>()?;
    let (changes, trail) = match &input.trail {
        None => (
            None,
            "not checked: configure event_data_store (CloudTrail Lake) or trail_bucket (the organisation trail)".to_string(),
        ),
        Some(t) => {
            let roles: Vec<&str> = input.elevate_roles.iter().map(String::as_str).collect();
            let mut changes: Vec<Change> = read(t, input.since, input.until)
                .await?
                .into_iter()
                .filter(|c| c.time >= input.since && c.time <= input.until)
                .filter(|c| !c.by_any_of(&roles))
                .collect();
            changes.sort_by(|a, b| a.time.cmp(&b.time).then_with(|| a.caller.cmp(&b.caller)));
            changes.dedup();
            let from = match t.source {
                Source::Lake { event_data_store } => {
                    format!("CloudTrail Lake {event_data_store}")
                }
                Source::Trail { bucket, .. } => format!("s3://{bucket}"),
            };
            (Some(changes), from)
        }
    };
    Ok(Report {
        permission_sets: watched.iter().map(|p| p.name.clone()).collect(),
        standing: checked.into_iter().flatten().collect(),
        changes,
        trail,
        since: input.since,
        until: input.until,
    })
}

/// One assignment of a watched permission set: `None` when a genuine elevation explains it.
async fn check(
    svc: &Services,
    a: &Assignment,
    ps: &PermissionSet,
    remove: bool,
) -> Result<Option<Standing>> {
    if !super::provision::explaining(svc, a).await?.is_empty() {
        return Ok(None);
    }
    let result = if remove {
        match super::provision::remove_unexplained(svc, a).await {
            Ok(r) if r.starts_with("kept") => r,
            Ok(_) => "removed: no genuine elevation explains it (remove_standing)".to_string(),
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
            for prefix in prefixes(
                org_id.as_deref(),
                regions,
                &t.identity_account,
                since,
                until,
            ) {
                keys.extend(t.log.trail_keys(bucket, &prefix).await?);
            }
            let keep = record_filter();
            let mut out = Vec::new();
            let mut files = futures_util::stream::iter(keys)
                .map(|key| {
                    let keep = keep.clone();
                    async move { t.log.trail_records(bucket, &key, keep).await }
                })
                .buffer_unordered(CONCURRENCY);
            while let Some(records) = files.next().await {
                out.extend(records?.iter().filter_map(Change::from_record));
            }
            out
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
