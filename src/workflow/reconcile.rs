//! `elevate reconcile`: one idempotent pass that repairs whatever was left half-done — expire
//! stale pending requests, grant approved ones (policy re-checked), end overdue elevations,
//! retry failures with back-off, and report drift between the ledger and Identity Center. Safe
//! when several run at once: every step is a conditional write under the assignment's lease.

use futures_util::StreamExt;
use jiff::SignedDuration;
use serde::Serialize;

use crate::domain::reconcile::{MAX_ATTEMPTS, Step, due};
use crate::domain::request::Stamp;
use crate::domain::{Action, Policy, Request, RequestId, Status, schedule};
use crate::error::{Error, Result};
use crate::store::{Pages, Query};

use super::approve::still_allowed;
use super::provision::{OnDenied, grant, schedule_grant, take_away};
use super::{Services, commit};

/// Requests handled at once: Identity Center throttles well before this matters.
const CONCURRENCY: usize = 8;
/// Ended requests younger than this are checked for an assignment left behind.
const DRIFT_WINDOW: SignedDuration = SignedDuration::from_hours(24);

#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub id: RequestId,
    /// What was due: a step, or `drift`.
    pub step: String,
    /// What happened (or, with --dry-run, would happen).
    pub result: String,
    /// A person must look at this one.
    pub attention: bool,
}

#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub dry_run: bool,
    pub items: Vec<Item>,
    /// Schedules of assignments no open request holds, and what became of them.
    pub orphan_schedules: Vec<Orphan>,
}

/// A schedule left behind: a revocation whose schedule update failed after the access was
/// removed (it would delete access granted again later, by elevate or by hand).
#[derive(Debug, Clone, Serialize)]
pub struct Orphan {
    pub name: String,
    pub result: String,
    pub attention: bool,
}

impl Report {
    pub fn needs_attention(&self) -> usize {
        self.items.iter().filter(|i| i.attention).count()
            + self.orphan_schedules.iter().filter(|o| o.attention).count()
    }
}

fn item(id: &RequestId, step: &str, result: impl Into<String>, attention: bool) -> Item {
    Item {
        id: id.clone(),
        step: step.to_string(),
        result: result.into(),
        attention,
    }
}

async fn run_step(
    svc: &Services,
    policy: &Policy,
    actor: &str,
    request: &Request,
    step: Step,
) -> Item {
    let id = &request.id;
    let outcome: Result<String> = async {
        match step {
            Step::Expire => {
                let (next, event) = request.apply(
                    Action::Expire,
                    &Stamp {
                        actor,
                        at: svc.clock.now(),
                        comment: Some("pending longer than the policy's pending_expiry"),
                        policy_version: Some(&policy.version),
                    },
                )?;
                commit(svc, &next, &event).await?;
                Ok("expired".to_string())
            }
            Step::Grant | Step::RetryGrant => {
                still_allowed(svc, policy, request).await?;
                let granted = grant(svc, id, actor, OnDenied::RecordFailure).await?;
                Ok(format!(
                    "granted until {}",
                    granted.end_at.map(|t| t.to_string()).unwrap_or_default()
                ))
            }
            Step::Schedule => {
                still_allowed(svc, policy, request).await?;
                let scheduled = schedule_grant(svc, id, actor).await?;
                Ok(format!(
                    "scheduled from {}",
                    scheduled
                        .scheduled_start
                        .map(|t| t.to_string())
                        .unwrap_or_default()
                ))
            }
            Step::End | Step::RetryRevoke { end: true } => {
                let ended = take_away(svc, id, Action::End, actor, Some("reached its end")).await?;
                Ok(if ended.prior_access == Some(true) {
                    "ended (pre-existing access kept)".to_string()
                } else {
                    "ended, assignment removed".to_string()
                })
            }
            Step::RetryRevoke { end: false } => {
                take_away(
                    svc,
                    id,
                    Action::Revoke,
                    actor,
                    Some("retrying a failed revocation"),
                )
                .await?;
                Ok("revoked".to_string())
            }
            Step::GiveUp | Step::Wait => unreachable!("not executed"),
        }
    }
    .await;
    match outcome {
        Ok(done) => item(id, step.as_str(), done, false),
        // Another operator (or reconcile) got there first: handled, not a problem.
        Err(Error::Conflict(why)) => item(id, step.as_str(), format!("skipped: {why}"), false),
        Err(e) => item(id, step.as_str(), e.to_string(), true),
    }
}

/// Drift: an active elevation whose assignment is gone, or one that ended recently but whose
/// assignment (not pre-existing, not shared) is still there.
async fn drift(svc: &Services, request: &Request) -> Option<Item> {
    let held = match svc.access.has_assignment(&request.assignment()).await {
        Ok(held) => held,
        Err(e) => {
            return Some(item(
                &request.id,
                "drift",
                format!("could not check: {e}"),
                true,
            ));
        }
    };
    match request.status {
        Status::Active if !held => Some(item(
            &request.id,
            "drift",
            "the ledger says active but Identity Center has no such assignment (removed outside elevate?)",
            true,
        )),
        Status::Ended | Status::Revoked if held && request.prior_access == Some(false) => {
            let others = svc
                .store
                .list(&Query {
                    statuses: vec![Status::Active, Status::Failed],
                    assignment_key: Some(request.assignment().key()),
                    ..Query::default()
                })
                .await
                .ok()?;
            others.is_empty().then(|| {
                item(
                    &request.id,
                    "drift",
                    "ended, but its assignment still exists in Identity Center (re-created outside elevate?): remove it, or grant it properly",
                    true,
                )
            })
        }
        _ => None,
    }
}

async fn drift_checks(svc: &Services, checks: Vec<Request>) -> Vec<Item> {
    futures_util::stream::iter(checks)
        .map(|r| async move { drift(svc, &r).await })
        .buffer_unordered(CONCURRENCY)
        .collect::<Vec<Option<Item>>>()
        .await
        .into_iter()
        .flatten()
        .collect()
}

/// One page of open requests: what is due runs (one assignment's steps in order, different
/// assignments side by side); active ones with nothing due are checked for drift.
async fn pass(
    svc: &Services,
    policy: &Policy,
    actor: &str,
    dry_run: bool,
    now: jiff::Timestamp,
    page: Vec<Request>,
) -> Vec<Item> {
    let mut items = Vec::new();
    let mut work = Vec::new();
    let mut quiet = Vec::new();
    for r in page {
        match due(&r, now, policy.settings.pending_expiry.0) {
            Some(Step::Wait) => {}
            Some(Step::GiveUp) => items.push(item(
                &r.id,
                "give up",
                format!(
                    "{} failed {MAX_ATTEMPTS} times (last: {}); fix the cause, then `elevate approve --finish` or `elevate revoke`",
                    r.failure.as_ref().map_or("operation", |f| match f.phase {
                        crate::domain::FailurePhase::Grant => "the grant",
                        crate::domain::FailurePhase::Revoke => "the revocation",
                    }),
                    r.failure.as_ref().map_or("", |f| f.reason.as_str())
                ),
                true,
            )),
            Some(step) if dry_run => items.push(item(&r.id, step.as_str(), "would run", false)),
            Some(step) => work.push((r, step)),
            None if r.status == Status::Active => quiet.push(r),
            None => {}
        }
    }
    let mut groups: std::collections::BTreeMap<String, Vec<(Request, Step)>> = Default::default();
    for (r, step) in work {
        groups
            .entry(r.assignment().key())
            .or_default()
            .push((r, step));
    }
    let done: Vec<Vec<Item>> = futures_util::stream::iter(groups.into_values())
        .map(|group| async move {
            let mut items = Vec::with_capacity(group.len());
            for (r, step) in group {
                items.push(run_step(svc, policy, actor, &r, step).await);
            }
            items
        })
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await;
    items.extend(done.into_iter().flatten());
    items.extend(drift_checks(svc, quiet).await);
    items
}

pub async fn reconcile(
    svc: &Services,
    policy: &Policy,
    actor: &str,
    dry_run: bool,
) -> Result<Report> {
    // Never wait for another holder's lease: a busy assignment is the next pass's.
    let svc = &Services {
        tuning: super::Tuning {
            lease_wait: std::time::Duration::ZERO,
            ..svc.tuning.clone()
        },
        ..svc.clone()
    };
    let now = svc.clock.now();
    let mut report = Report {
        dry_run,
        ..Report::default()
    };
    // Listed before the ledger is read: a schedule is made only after its request is
    // recorded as holding the assignment, so none listed here belongs to a request the ledger
    // does not show yet.
    let schedules = if svc.scheduler.enabled() {
        Some(svc.scheduler.all().await)
    } else {
        None
    };
    // Page by page, so a pass over a huge backlog runs in bounded memory. Paging is by creation
    // order, which no step changes, so every open request is seen once.
    let mut handled = std::collections::HashSet::new();
    // The assignments open requests hold, read on the way for the orphan sweep rather than by a
    // second pass over the ledger. As they were before this pass's steps: a request this pass
    // ends still counts, so at worst a schedule it leaves waits for the next pass.
    let sweep = matches!(&schedules, Some(Ok(names)) if !names.is_empty());
    let mut held = std::collections::HashSet::new();
    let mut open = Pages::new(
        svc.store.as_ref(),
        Query {
            statuses: vec![
                Status::Pending,
                Status::Approved,
                Status::Active,
                Status::Failed,
            ],
            ..Query::default()
        },
        svc.tuning.page_size,
    );
    while let Some(page) = open.next().await? {
        if sweep {
            held.extend(
                page.iter()
                    .filter(|r| Status::SCHEDULED_FROM.contains(&r.status))
                    .map(|r| schedule::prefix(&r.assignment())),
            );
        }
        let items = pass(svc, policy, actor, dry_run, now, page).await;
        handled.extend(
            items
                .iter()
                .filter(|i| i.step != "drift")
                .map(|i| i.id.clone()),
        );
        report.items.extend(items);
    }

    let mut recent = Pages::new(
        svc.store.as_ref(),
        Query {
            statuses: vec![Status::Ended, Status::Revoked],
            // A request that ended (or was revoked early) within the window has its scheduled
            // end inside or after it; only one ended late by a reconcile that did not run for a
            // day escapes the check. Older history is never loaded.
            end_after: Some(now - DRIFT_WINDOW),
            ..Query::default()
        },
        svc.tuning.page_size,
    );
    while let Some(page) = recent.next().await? {
        let checks: Vec<Request> = page
            .into_iter()
            .filter(|r| {
                r.ended_at
                    .is_some_and(|t| now.duration_since(t) < DRIFT_WINDOW)
            })
            // Those this pass just ended were confirmed by their own deletion.
            .filter(|r| !handled.contains(&r.id))
            .collect();
        report.items.extend(drift_checks(svc, checks).await);
    }
    report
        .items
        .sort_by(|a, b| a.id.cmp(&b.id).then(a.step.cmp(&b.step)));
    report.orphan_schedules = match schedules {
        None => Vec::new(),
        Some(Ok(names)) => orphans(svc, dry_run, names, &held).await?,
        Some(Err(e)) => vec![Orphan {
            name: "*".into(),
            result: format!("could not list the schedules: {e}"),
            attention: true,
        }],
    };
    Ok(report)
}

/// Removes the schedules of assignments that no open request holds. A candidate (its name's
/// assignment not among the schedule prefixes `held` by open requests, as listed) is confirmed
/// against the ledger's consistent record of the assignment's open requests before it is
/// deleted.
async fn orphans(
    svc: &Services,
    dry_run: bool,
    names: Vec<String>,
    held: &std::collections::HashSet<String>,
) -> Result<Vec<Orphan>> {
    let mut out = Vec::new();
    for name in names {
        if schedule::prefix_of(&name).is_none_or(|p| held.contains(p)) {
            continue;
        }
        let orphan = |result: String, attention: bool| Orphan {
            name: name.clone(),
            result,
            attention,
        };
        let assignment = match svc.scheduler.assignment_of(&name).await {
            Ok(Some(a)) => a,
            Ok(None) => continue,
            Err(e) => {
                out.push(orphan(format!("could not read it: {e}"), true));
                continue;
            }
        };
        let holders = svc
            .store
            .list(&Query {
                statuses: Status::SCHEDULED_FROM.to_vec(),
                assignment_key: Some(assignment.key()),
                ..Query::default()
            })
            .await?;
        if !holders.is_empty() {
            continue;
        }
        out.push(if dry_run {
            orphan(
                "would delete: no open request holds its assignment".into(),
                false,
            )
        } else {
            match svc.scheduler.remove_named(&name).await {
                Ok(()) => orphan(
                    "deleted: no open request holds its assignment".into(),
                    false,
                ),
                Err(e) => orphan(format!("could not delete it: {e}"), true),
            }
        });
    }
    Ok(out)
}
