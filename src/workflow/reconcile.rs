//! `elevate reconcile`: one idempotent pass that repairs whatever was left half-done — expire
//! stale pending requests, grant approved ones (the decision recomputed), end overdue
//! elevations, retry failures with back-off, and report drift between the ledger and Identity
//! Center. Safe when several run at once: every step is a conditional write under the
//! assignment's lease.
//!
//! Work is found by reading the whole ledger (`Store::sweep`), not its indexes: a record whose
//! status or index attributes were edited is still found, verified, and — when it does not
//! hold — reported as tampering, with its access removed once no genuine elevation can explain
//! it (see `quarantine`). `--quick` reads the indexes only (cheaper; for frequent passes
//! between full ones).

use futures_util::StreamExt;
use jiff::SignedDuration;
use serde::Serialize;

use crate::domain::authz::Verb;
use crate::domain::ledger::Capacity;
use crate::domain::reconcile::{MAX_ATTEMPTS, Step, due};
use crate::domain::{Action, Actor, Policy, Request, RequestId, Status, schedule};
use crate::error::{Error, Result};
use crate::store::{Pages, Query, SweepCursor, Swept};

use super::provision::{OnDenied, grant, schedule_grant, take_away};
use super::schedules;
use super::verify::Verified;
use super::{Author, Services, commit};

/// Requests handled at once: Identity Center throttles well before this matters.
const CONCURRENCY: usize = 8;
/// Ended requests younger than this are checked for an assignment left behind.
const DRIFT_WINDOW: SignedDuration = SignedDuration::from_hours(24);

/// How `reconcile` finds its work.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Show what is due and change nothing.
    pub dry_run: bool,
    /// Read the indexes only, not the whole ledger: a record whose index attributes were edited
    /// is not found.
    pub quick: bool,
}

/// Who runs the pass: the executor role, or (direct mode) a person, who does only what the
/// table of who may do what lets them.
#[derive(Debug, Clone)]
pub struct Runner {
    pub author: Author,
    /// `None` for the executor.
    pub person: Option<Actor>,
}

impl Runner {
    /// A role running reconcile is the executor; a person runs it as an approver.
    pub fn of(actor: &Actor) -> Runner {
        if actor.user.is_some() {
            Runner {
                author: Author::new(actor, Capacity::Approver),
                person: Some(actor.clone()),
            }
        } else {
            Runner {
                author: Author::new(actor, Capacity::Executor),
                person: None,
            }
        }
    }

    /// Whether this runner may do `verb` to `request` (the executor may do every step).
    fn may(
        &self,
        verb: Verb,
        request: &Request,
        grant: crate::domain::authz::GrantMode,
    ) -> std::result::Result<(), String> {
        match &self.person {
            None => Ok(()),
            Some(p) => super::authority::may(verb, request, p, grant).map_err(|e| e.to_string()),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// The request's id (or, for an item that is not a readable request, its ledger key).
    pub id: String,
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
    /// Identity Center calls that were still throttled after the SDK's retries (the executor
    /// fills it in from its pacer; see `aws::pacing`).
    pub throttled: u64,
    /// Access elevate did not give: the executor's check, on the passes where it was due.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub standing: Option<crate::domain::standing::Report>,
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
            + self.standing.as_ref().map_or(0, |s| s.findings())
    }
}

fn item(
    id: &impl std::fmt::Display,
    step: &str,
    result: impl Into<String>,
    attention: bool,
) -> Item {
    Item {
        id: id.to_string(),
        step: step.to_string(),
        result: result.into(),
        attention,
    }
}

async fn run_step(
    svc: &Services,
    policy: &Policy,
    runner: &Runner,
    request: &Request,
    step: Step,
) -> Item {
    let id = &request.id;
    let author = &runner.author;
    let verb = match step {
        Step::Grant | Step::RetryGrant | Step::Schedule => Verb::Grant,
        Step::Expire => Verb::Expire,
        Step::Revoke | Step::RetryRevoke { end: false } => Verb::Revoke,
        _ => Verb::End,
    };
    if let Err(why) = runner.may(verb, request, svc.grant_mode) {
        return item(
            id,
            step.as_str(),
            format!("left for the executor or another approver: {why}"),
            false,
        );
    }
    let outcome: Result<String> = async {
        match step {
            Step::Expire => {
                let (next, event) = request.apply(
                    Action::Expire,
                    &author.stamp(
                        svc,
                        Some("pending longer than the policy's pending_expiry"),
                        Some(&policy.version),
                    ),
                )?;
                commit(svc, author, &next, event).await?;
                Ok("expired".to_string())
            }
            Step::Grant | Step::RetryGrant => {
                approve_by_policy(svc, policy, request, author).await?;
                let granted = grant(svc, policy, id, author, OnDenied::RecordFailure).await?;
                Ok(format!(
                    "granted until {}",
                    granted.end_at.map(|t| t.to_string()).unwrap_or_default()
                ))
            }
            Step::Schedule => {
                approve_by_policy(svc, policy, request, author).await?;
                let scheduled = schedule_grant(svc, policy, id, author).await?;
                Ok(format!(
                    "scheduled from {}",
                    scheduled
                        .scheduled_start
                        .map(|t| t.to_string())
                        .unwrap_or_default()
                ))
            }
            // Due before the end its record says: an extension the policy in force does not
            // justify. Ending early is revoking.
            Step::End if request.end_at.is_some_and(|e| e > svc.clock.now()) => {
                take_away(
                    svc,
                    id,
                    Action::Revoke,
                    author,
                    Some("reached the end the policy in force justifies; its extension is not"),
                )
                .await?;
                Ok("revoked at its justified end".to_string())
            }
            Step::End | Step::RetryRevoke { end: true } => {
                let ended =
                    take_away(svc, id, Action::End, author, Some("reached its end")).await?;
                Ok(if ended.prior_access == Some(true) {
                    "ended (pre-existing access kept)".to_string()
                } else {
                    "ended, assignment removed".to_string()
                })
            }
            Step::Revoke => {
                let asked = request.revoke_asked.as_ref();
                let why = format!(
                    "asked by {}{}",
                    asked.map_or("someone", |a| a.by.as_str()),
                    asked
                        .and_then(|a| a.reason.as_deref())
                        .map(|r| format!(": {r}"))
                        .unwrap_or_default()
                );
                take_away(svc, id, Action::Revoke, author, Some(&why)).await?;
                Ok(format!("revoked ({why})"))
            }
            Step::RetryRevoke { end: false } => {
                take_away(
                    svc,
                    id,
                    Action::Revoke,
                    author,
                    Some("retrying a failed revocation"),
                )
                .await?;
                Ok("revoked".to_string())
            }
            Step::GiveUp | Step::Wait => Ok("not executed".to_string()),
        }
    }
    .await;
    let overdue = matches!(step, Step::End | Step::RetryRevoke { end: true });
    match outcome {
        Ok(done) => item(id, step.as_str(), done, false),
        // An end that is due and could not be made keeps access past its end: a person must
        // know — unless another pass ended it meanwhile.
        Err(Error::Conflict(why)) if overdue => {
            // Another pass ending the same access finishes within moments: look again.
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            match super::verify::load(svc, id).await {
                Ok(v) if v.request.status.is_final() => {
                    item(id, step.as_str(), format!("skipped: {why}"), false)
                }
                _ => item(id, step.as_str(), format!("not ended yet: {why}"), true),
            }
        }
        // Another operator (or reconcile) got there first: handled, not a problem.
        Err(Error::Conflict(why)) => item(id, step.as_str(), format!("skipped: {why}"), false),
        Err(e) => item(id, step.as_str(), e.to_string(), true),
    }
}

/// Records that policy approves a pending request by itself (an `auto` or break-glass rule) when
/// nobody has: whether it really does is decided again, from the sealed request and the sealed
/// policy in force, by the grant that follows.
async fn approve_by_policy(
    svc: &Services,
    policy: &Policy,
    request: &Request,
    author: &Author,
) -> Result<()> {
    if request.status != Status::Pending {
        return Ok(());
    }
    super::decide::not_expired(policy, request, svc.clock.now())?;
    super::decide::still_allowed(svc, policy, request).await?;
    let (next, event) = request.apply(
        Action::PolicyApprove,
        &author.stamp(svc, None, Some(&policy.version)),
    )?;
    commit(svc, author, &next, event).await?;
    Ok(())
}

/// Drift: an active elevation whose assignment is gone, or one that ended recently but whose
/// assignment (not pre-existing, not shared) is still there.
async fn drift(svc: &Services, runner: &Runner, dry_run: bool, request: &Request) -> Option<Item> {
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
        // Its (verified) events say it ended and that elevate created the assignment, yet the
        // assignment is there and no other verified elevation holds it: whoever recorded the
        // end did not remove it (a requester can write an end of their own without deleting
        // anything), or it was made again outside elevate. Access that should be gone goes.
        // A scheduled request cancelled (its requester's own sealed cancel, dated before the
        // start, can be written after the grant schedule fired): the same.
        Status::Ended | Status::Revoked | Status::Cancelled
            if held && request.prior_access == Some(false) =>
        {
            let holders = match super::holders::verified_holders(svc, request).await {
                Ok(h) => h,
                Err(e) => {
                    return Some(item(
                        &request.id,
                        "drift",
                        format!("could not check: {e}"),
                        true,
                    ));
                }
            };
            if !holders.is_empty() {
                return None;
            }
            let what = "ended, but its assignment was still in Identity Center";
            let result = if dry_run {
                format!("{what}: would remove it")
            } else if runner.person.is_some() {
                format!("{what}: left for the executor to remove")
            } else {
                match super::holders::remove_unexplained(
                    svc,
                    &request.assignment(),
                    Some(&request.id),
                )
                .await
                {
                    Ok(super::holders::Removal::Removed) => format!(
                        "{what} (its end was recorded without removing it, or it was made again outside elevate): removed"
                    ),
                    Ok(other) => format!("{what}: {other}"),
                    Err(e) => format!("{what}, and could not be removed: {e}"),
                }
            };
            Some(item(&request.id, "drift", result, true))
        }
        _ => None,
    }
}

async fn drift_checks(
    svc: &Services,
    runner: &Runner,
    dry_run: bool,
    checks: Vec<Request>,
) -> Vec<Item> {
    futures_util::stream::iter(checks)
        .map(|r| async move { drift(svc, runner, dry_run, &r).await })
        .buffer_unordered(CONCURRENCY)
        .collect::<Vec<Option<Item>>>()
        .await
        .into_iter()
        .flatten()
        .collect()
}

/// What is due for a verified request now: the step its state and the time call for, and an
/// end earlier than the record's when an extension is not one the policy in force justifies.
async fn what_is_due(
    svc: &Services,
    policy: &Policy,
    v: &Verified,
    now: jiff::Timestamp,
) -> (Option<Step>, Vec<String>) {
    let r = &v.request;
    let mut step = due(r, now, policy.settings.pending_expiry.0);
    let mut notes = Vec::new();
    if step == Some(Step::Revoke) {
        let ignored = match super::authority::ask_stands(svc, r).await {
            Ok(Ok(())) => None,
            Ok(Err(why)) => Some(why),
            Err(e) => Some(format!(
                "could not check who asked to end it early ({e}); asked again next pass"
            )),
        };
        if let Some(why) = ignored {
            // Not an ask to act on (now): the request is due what it would be without it —
            // its end, on time — and never a grant (the state machine refuses one once an end
            // was asked).
            let unasked = Request {
                revoke_asked: None,
                more_revoke_asks: Vec::new(),
                ..r.clone()
            };
            step = due(&unasked, now, policy.settings.pending_expiry.0)
                .filter(|s| !matches!(s, Step::Grant | Step::RetryGrant | Step::Schedule));
            notes.push(why);
        }
    }
    let (step, mut more) = justified(svc, policy, v, now, step).await;
    notes.append(&mut more);
    (step, notes)
}

/// The step due, checked against the end the policy in force justifies: an extension it does
/// not justify makes the justified end the one that counts.
async fn justified(
    svc: &Services,
    policy: &Policy,
    v: &Verified,
    now: jiff::Timestamp,
    step: Option<Step>,
) -> (Option<Step>, Vec<String>) {
    let r = &v.request;
    let extended = v
        .events
        .iter()
        .any(|e| e.kind == crate::domain::EventKind::Extended);
    if r.status != Status::Active || step.is_some() || !extended {
        return (step, Vec::new());
    }
    match super::decide::justified_end(svc, policy, v).await {
        Ok(Some((end, unjustified))) if now >= end => (Some(Step::End), unjustified),
        Ok(Some((_, unjustified))) => (None, unjustified),
        Ok(None) => (None, Vec::new()),
        Err(e) => (None, vec![format!("could not check its extensions: {e}")]),
    }
}

/// One page of verified requests: what is due runs (one assignment's steps in order, different
/// assignments side by side); active ones with nothing due are checked for drift.
async fn pass(
    svc: &Services,
    policy: &Policy,
    runner: &Runner,
    dry_run: bool,
    now: jiff::Timestamp,
    page: Vec<Verified>,
) -> Vec<Item> {
    let mut items = Vec::new();
    let mut work = Vec::new();
    let mut quiet = Vec::new();
    let mut realign = Vec::new();
    for v in page {
        let (step, unjustified) = what_is_due(svc, policy, &v, now).await;
        // Brokered: people record extensions, the executor moves the revocation to match — only
        // to an end every extension justifies: one the policy in force does not (a forged
        // approval, an approver no longer listed) leaves the earlier revocation where it is.
        if step.is_none()
            && unjustified.is_empty()
            && !dry_run
            && runner.person.is_none()
            && svc.grant_mode == crate::domain::authz::GrantMode::Brokered
            && v.request.status == Status::Active
            && v.events
                .iter()
                .any(|e| e.kind == crate::domain::EventKind::Extended)
        {
            realign.push(v.request.id.clone());
        }
        let r = v.request;
        if !unjustified.is_empty() {
            let about = if r.revoke_asked.is_some() {
                "revoke"
            } else {
                "extension"
            };
            items.push(item(&r.id, about, unjustified.join("; "), true));
        }
        match step {
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
                items.push(run_step(svc, policy, runner, &r, step).await);
            }
            items
        })
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await;
    items.extend(done.into_iter().flatten());
    for id in realign {
        if let Err(e) = schedules::realign(svc, &id).await {
            items.push(item(
                &id,
                "schedule",
                format!("could not move its revocation to its extended end: {e}"),
                true,
            ));
        }
    }
    items.extend(drift_checks(svc, runner, dry_run, quiet).await);
    items
}

/// What is due for one request, done: the executor's answer to a nudge (a Lambda invocation
/// naming it). The request is read and verified from its sealed events here — the nudge is only
/// a hint of where to look — and a request that does not hold together is refused and
/// reported, as a full pass would.
pub async fn reconcile_one(
    svc: &Services,
    policy: &Policy,
    runner: &Runner,
    id: &RequestId,
) -> Result<Report> {
    if runner.person.is_some() && svc.grant_mode == crate::domain::authz::GrantMode::Brokered {
        return Err(Error::Denied(
            "in a brokered installation only the executor carries out what is due".into(),
        ));
    }
    let svc = &Services {
        tuning: super::Tuning {
            lease_wait: std::time::Duration::ZERO,
            ..svc.tuning.clone()
        },
        ..svc.clone()
    };
    let verified = super::verify::load(svc, id).await?;
    let now = svc.clock.now();
    Ok(Report {
        items: pass(svc, policy, runner, false, now, vec![verified]).await,
        ..Report::default()
    })
}

pub async fn reconcile(
    svc: &Services,
    policy: &Policy,
    runner: &Runner,
    options: Options,
) -> Result<Report> {
    let Options { dry_run, quick } = options;
    if runner.person.is_some()
        && !dry_run
        && svc.grant_mode == crate::domain::authz::GrantMode::Brokered
    {
        return Err(Error::Denied(
            "in a brokered installation only the executor changes access, so carrying out what is due is the executor's: it runs `elevate executor --once` (or `--watch`) with the executor role. To see what is due, run `elevate reconcile --dry-run`".into(),
        ));
    }
    // Never wait for another holder's lease: a busy assignment is the next pass's — except that
    // a busy assignment whose end is due is reported (`run_step`), as a lease held on purpose
    // could keep access past its end.
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
    // The assignments open requests hold (and those of requests that do not hold together,
    // whose schedules stay until a person has looked), for the orphan sweep.
    let mut held = std::collections::HashSet::new();
    let mut handled = std::collections::HashSet::new();
    let mut recent = Vec::new();
    if quick {
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
        while let Some(hints) = open.next().await? {
            let mut page = Vec::new();
            for hint in hints {
                match super::verify::load(svc, &hint.id).await {
                    Ok(v) => page.push(v),
                    Err(Error::Tampered(t)) => {
                        held.insert(schedule::prefix(&hint.assignment()));
                        report
                            .items
                            .push(item(&hint.id, "verify", t.to_string(), true));
                    }
                    Err(e) => report
                        .items
                        .push(item(&hint.id, "verify", e.to_string(), true)),
                }
            }
            held.extend(
                page.iter()
                    .filter(|v| Status::SCHEDULED_FROM.contains(&v.request.status))
                    .map(|v| schedule::prefix(&v.request.assignment())),
            );
            let items = pass(svc, policy, runner, dry_run, now, page).await;
            handled.extend(
                items
                    .iter()
                    .filter(|i| i.step != "drift")
                    .map(|i| i.id.clone()),
            );
            report.items.extend(items);
        }
        let mut ended = Pages::new(
            svc.store.as_ref(),
            Query {
                // (And a scheduled request cancelled: its grant schedule may have fired.)
                statuses: vec![Status::Ended, Status::Revoked, Status::Cancelled],
                // A request that ended (or was revoked early) within the window has its
                // scheduled end inside or after it; older history is never loaded.
                end_after: now.checked_sub(DRIFT_WINDOW).ok(),
                ..Query::default()
            },
            svc.tuning.page_size,
        );
        while let Some(page) = ended.next().await? {
            recent.extend(page);
        }
    } else {
        let mut cursor: Option<SweepCursor> = None;
        loop {
            let (entries, next) = svc
                .store
                .sweep(cursor.as_ref(), svc.tuning.page_size)
                .await?;
            let mut page = Vec::new();
            for entry in entries {
                if !entry.index_problems.is_empty() {
                    // Its index entries were edited (to hide it from listings, or to show it where
                    // it is not). The request itself is verified and handled below regardless.
                    let t = crate::domain::ledger::Tampering {
                        subject: entry.key.trim_start_matches("R#").to_string(),
                        problems: entry.index_problems.clone(),
                    };
                    super::verify::report(svc, &t, entry.record.as_ref()).await;
                    report
                        .items
                        .push(item(&t.subject, "index", t.to_string(), true));
                }
                match swept(svc, policy, runner, dry_run, now, entry).await {
                    Found::Open(v) => {
                        if Status::SCHEDULED_FROM.contains(&v.request.status) {
                            held.insert(schedule::prefix(&v.request.assignment()));
                        }
                        page.push(v)
                    }
                    Found::Ended(r) => recent.push(r),
                    Found::Done => {}
                    Found::Problem { item, assignment } => {
                        if let Some(a) = assignment {
                            held.insert(schedule::prefix(&a));
                        }
                        report.items.push(item);
                    }
                }
            }
            let items = pass(svc, policy, runner, dry_run, now, page).await;
            handled.extend(
                items
                    .iter()
                    .filter(|i| i.step != "drift")
                    .map(|i| i.id.clone()),
            );
            report.items.extend(items);
            match next {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
    }
    let checks: Vec<Request> = recent
        .into_iter()
        .filter(|r| {
            // A cancelled scheduled request was never ended: it counts until its window's end.
            let cancelled = (r.status == Status::Cancelled)
                .then_some(r.end_at)
                .flatten();
            r.ended_at
                .or(cancelled)
                .is_some_and(|t| now.duration_since(t) < DRIFT_WINDOW)
        })
        // Those this pass just ended were confirmed by their own deletion.
        .filter(|r| !handled.contains(r.id.as_str()))
        .collect();
    report
        .items
        .extend(drift_checks(svc, runner, dry_run, checks).await);
    report
        .items
        .sort_by(|a, b| a.id.cmp(&b.id).then(a.step.cmp(&b.step)));
    report.orphan_schedules = match schedules {
        None => Vec::new(),
        // Only a full pass has seen every request that might hold an assignment.
        Some(Ok(names)) => orphans(svc, dry_run || quick, names, &held).await?,
        Some(Err(e)) => vec![Orphan {
            name: "*".into(),
            result: format!("could not list the schedules: {e}"),
            attention: true,
        }],
    };
    Ok(report)
}

/// What a full read of the ledger found of one request.
enum Found {
    /// Open, verified: for the pass.
    Open(Verified),
    /// Ended or revoked recently, verified: for the drift check.
    Ended(Request),
    /// Final long ago, or nothing to do.
    Done,
    /// Does not hold together, or cannot be read: a person must look.
    Problem {
        item: Item,
        /// Its assignment, when its request is genuine: its schedules are kept.
        assignment: Option<crate::domain::Assignment>,
    },
}

/// Requests final for longer than this are not re-verified by every pass (their seals were,
/// while they could still matter): no elevation lasts this long, so none can still hold access.
fn settled_after(policy: &Policy) -> SignedDuration {
    policy.settings.max_duration.0 + policy.settings.pending_expiry.0 + DRIFT_WINDOW
}

async fn swept(
    svc: &Services,
    policy: &Policy,
    runner: &Runner,
    dry_run: bool,
    now: jiff::Timestamp,
    entry: Swept,
) -> Found {
    let Some(id) = entry.id.clone() else {
        let problems: Vec<String> = entry
            .malformed
            .iter()
            .map(|m| format!("{}: {}", m.key, m.error))
            .collect();
        return Found::Problem {
            item: item(
                &entry.key,
                "read",
                format!(
                    "ledger item {} is not a request elevate can read ({}); skipped",
                    entry.key,
                    problems.join("; ")
                ),
                true,
            ),
            assignment: None,
        };
    };
    if !entry.malformed.is_empty() {
        let problems: Vec<String> = entry
            .malformed
            .iter()
            .map(|m| format!("{}: {}", m.key, m.error))
            .collect();
        return Found::Problem {
            item: item(
                &id,
                "read",
                format!(
                    "items of request {id} cannot be read ({}): it is skipped until a person repairs it",
                    problems.join("; ")
                ),
                true,
            ),
            assignment: None,
        };
    }
    // Long final: its replay alone says so, without asking KMS again every pass.
    let replayed = crate::domain::ledger::replay(&entry.events);
    if replayed.broken.is_none()
        && let Some(r) = &replayed.request
        && r.status.is_final()
        && entry.events.last().is_some_and(|e| {
            e.at.checked_add(settled_after(policy))
                .is_ok_and(|t| t < now)
        })
        && entry
            .record
            .as_ref()
            .is_some_and(|rec| crate::domain::ledger::record_problems(rec, r).is_empty())
    {
        return Found::Done;
    }
    match super::verify::check(svc, &id, entry.record.as_ref(), entry.events.clone()).await {
        Ok(v) if v.request.status.is_final() => Found::Ended(v.request),
        Ok(v) => Found::Open(v),
        Err(Error::Tampered(t)) => {
            super::verify::report(svc, &t, entry.record.as_ref()).await;
            let (result, assignment) =
                quarantine(svc, policy, runner, dry_run, now, &id, &entry.events).await;
            Found::Problem {
                item: item(&id, "verify", format!("{t}\n{result}"), true),
                assignment,
            }
        }
        Err(e) => Found::Problem {
            item: item(&id, "verify", e.to_string(), true),
            assignment: None,
        },
    }
}

/// What is done about a request that does not hold together. Nothing is written to its ledger
/// (that would chain onto forged state). Its access is removed once no genuine elevation can
/// explain it, judged from what of its ledger is trusted (the events that replay and whose
/// seals hold): at the trusted end of a trusted grant; or, when the trusted events stop before
/// the grant is known, once the longest any elevation of it could last is over. The request
/// itself must be genuine (its first event sealed by its requester, or vouched for by a genuine
/// grant that chains to it), so nobody can name another's access here, and no verified elevation
/// may hold the assignment.
async fn quarantine(
    svc: &Services,
    policy: &Policy,
    runner: &Runner,
    dry_run: bool,
    now: jiff::Timestamp,
    id: &RequestId,
    events: &[crate::domain::Event],
) -> (String, Option<crate::domain::Assignment>) {
    let trusted = match super::verify::trusted_state(svc, id, events).await {
        Ok(Some(r)) => r,
        Ok(None) => match super::verify::vouched_state(svc, events).await {
            Ok(Some(r)) if r.id == *id => r,
            Ok(_) => {
                return (
                    "its request itself is not genuine: nothing is done about the access it names"
                        .into(),
                    None,
                );
            }
            Err(e) => return (format!("could not check it: {e}"), None),
        },
        Err(e) => return (format!("could not check it: {e}"), None),
    };
    let assignment = trusted.assignment();
    // Only positive evidence removes anything: a trusted grant (its start recorded by whoever
    // carried it out, with its seal) saying elevate created the assignment. A request naming
    // someone's access proves nothing about it — anyone can write one — so without that, its
    // access (if any) is a person's to look at.
    let until = match trusted.prior_access {
        Some(false) if trusted.status.is_final() => Some(now),
        // Until the end it was granted until: no extension counts on a record that does not
        // hold together (only a verified one can show the policy justifies it).
        Some(false) => trusted
            .window()
            .or_else(|| {
                trusted
                    .grant_started_at
                    .and_then(|s| trusted.grant_window(s))
            })
            .map(|(_, end)| {
                crate::domain::ledger::end_as_granted(events, &trusted).map_or(end, |g| g.min(end))
            }),
        Some(true) => {
            return (
                "its trusted events say the access existed before it: kept".into(),
                Some(assignment),
            );
        }
        // Its trusted run stops before its grant; a later grant event may still be genuine on
        // its own (an edited event before it changes nothing it says). Its end is then bounded
        // by the request's own (genuine) duration, or the policy's maximum if shorter: ending it
        // then is never later than it would have ended.
        None => match super::verify::grant_evidence(svc, events).await {
            Ok(Some((_, true))) => {
                return (
                    "a genuine grant of it says the access existed before it: kept".into(),
                    Some(assignment),
                );
            }
            Ok(Some((began, false))) => {
                // The trusted run starts with its genuine first event: its duration stands.
                let longest = trusted.duration.min(policy.settings.max_duration.0);
                began.checked_add(longest).ok()
            }
            Ok(None) => {
                return (
                    "no genuine grant of it: nothing is removed on its account. If its assignment exists, a person must decide whether it should".into(),
                    None,
                );
            }
            Err(e) => return (format!("could not check its grant: {e}"), None),
        },
    };
    let Some(until) = until else {
        return ("its times are out of range".into(), Some(assignment));
    };
    if now < until {
        return (
            format!(
                "its access (if any) is removed at {} unless a genuine elevation holds it",
                crate::domain::format_time(until)
            ),
            Some(assignment),
        );
    }
    if runner.person.is_some() {
        return (
            "its access is left for the executor to remove".into(),
            Some(assignment),
        );
    }
    let outcome: Result<String> = async {
        if !svc.access.has_assignment(&assignment).await? {
            return Ok("its assignment is not in Identity Center".into());
        }
        if !super::holders::verified_holders(svc, &trusted)
            .await?
            .is_empty()
        {
            return Ok("its assignment is held by another, genuine elevation: kept".into());
        }
        if dry_run {
            return Ok("would remove its assignment: nothing genuine explains it".into());
        }
        super::holders::remove_unexplained(svc, &assignment, Some(id))
            .await
            .map(|r| r.to_string())
    }
    .await;
    (
        outcome.unwrap_or_else(|e| format!("could not remove its access: {e}")),
        Some(assignment),
    )
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
        // Held only by a verified elevation: a listed record is a hint anyone may write, and one
        // that is gone holds nothing. One that cannot be verified now (KMS or the ledger failing,
        // or a record that does not hold together) may be genuine: its schedules stay until a
        // pass can tell or a person has looked, as the pass keeps those of tampered requests.
        let mut held_by_one = false;
        let mut unreadable = None;
        for id in schedules::listed(svc, &assignment).await? {
            match super::verify::load(svc, &id).await {
                Ok(v) if schedules::still_scheduled(&v.request, &assignment) => {
                    held_by_one = true;
                    break;
                }
                Ok(_) | Err(Error::NotFound(_)) => {}
                Err(e) => {
                    unreadable = Some(format!(
                        "kept: request {id} may hold it and could not be verified: {e}"
                    ));
                    break;
                }
            }
        }
        if held_by_one {
            continue;
        }
        if let Some(why) = unreadable {
            out.push(orphan(why, true));
            continue;
        }
        // A revocation is never dropped while its assignment is there: nothing else would end
        // it (the drift check removes an assignment whose elevation ended, and this schedule
        // goes on the pass after).
        let revokes = schedule::parse_name(&assignment, &name)
            .is_some_and(|p| p.action == schedule::ScheduledAction::Revoke);
        if revokes {
            match svc.access.has_assignment(&assignment).await {
                Ok(false) => {}
                Ok(true) => {
                    out.push(orphan(
                        "kept: no open request holds its assignment, but the assignment is still there, and this removes it".into(),
                        true,
                    ));
                    continue;
                }
                Err(e) => {
                    out.push(orphan(
                        format!("kept: could not check its assignment: {e}"),
                        true,
                    ));
                    continue;
                }
            }
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
