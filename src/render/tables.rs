//! Tables for people, as [`Grid`]s: drawn for a terminal or tab-separated for a pipe. Times
//! are in the reader's zone (`--utc`, `ELEVATE_TZ`), named in the column header or the value.

use std::collections::HashMap;

use jiff::Timestamp;

use crate::domain::{Event, Mode, Request, Status, format_duration};

use super::clean;
use super::grid::{Fit, Grid};
use super::time::{full, short, short_relative};

/// A time in a sentence: in the reader's zone, named.
pub fn time(t: Timestamp) -> String {
    full(t)
}

/// A column header naming the zone its times are in: `CREATED (CET)`.
fn zoned(header: &str) -> String {
    format!("{header} ({})", super::time::zone_label(Timestamp::now()))
}

/// Account names by id, from the organisation as the reader's own AWS session sees it. Never
/// from the ledger: a requester could write any name into their own request.
pub type AccountNames = HashMap<String, String>;

/// `prod (111122223333)`, or the bare id when the name is not known.
pub fn account(id: &str, names: &AccountNames) -> String {
    match names.get(id) {
        Some(name) => format!("{} ({id})", clean(name)),
        None => id.to_string(),
    }
}

fn status(r: &Request) -> String {
    let mut s = r.status.to_string();
    if r.status == Status::Pending {
        let (have, need) = approvals_so_far(r);
        if need > 1 {
            s = format!("{s} ({have}/{need})");
        }
    }
    if r.status == Status::Approved && r.scheduled_start.is_some() {
        s.push_str(" (scheduled)");
    }
    if r.extension.is_some() {
        s.push_str(" (extension waiting)");
    }
    if r.mode == Mode::BreakGlass {
        s.push_str(if r.review.is_some() || r.status == Status::Pending {
            " break-glass"
        } else {
            " break-glass (unreviewed)"
        });
    }
    if let Some(f) = &r.failure {
        s = format!(
            "{s} ({})",
            match f.phase {
                crate::domain::FailurePhase::Grant => "grant",
                crate::domain::FailurePhase::Revoke => "revoke",
            }
        );
    }
    s
}

/// Approvals counted so far and needed, over every requirement.
fn approvals_so_far(r: &Request) -> (u32, u32) {
    r.tally().iter().fold((0, 0), |(h, n), (_, have, need)| {
        (h + have.min(need), n + need)
    })
}

/// One row per request.
pub fn list(requests: &[Request], names: &AccountNames, now: Timestamp) -> Grid {
    let mut t = Grid::new([
        ("ID".to_string(), Fit::Keep),
        ("STATUS".into(), Fit::Keep),
        ("FOR".into(), Fit::Drop(3)),
        ("ACCOUNT".into(), Fit::Keep),
        ("PERMISSION SET".into(), Fit::Keep),
        ("DURATION".into(), Fit::Drop(2)),
        (zoned("CREATED"), Fit::Drop(1)),
        (zoned("ENDS"), Fit::Drop(4)),
        ("REASON".into(), Fit::Cut),
    ]);
    for r in requests {
        let ends = match (r.status, r.end_at) {
            (Status::Active, Some(end)) if end <= now => format!("{} (overdue)", short(end)),
            (Status::Active, Some(end)) => short_relative(end, now),
            (_, _) => r.ended_at.map(short).unwrap_or_default(),
        };
        t.row(vec![
            r.id.to_string(),
            status(r),
            clean(&r.principal.to_string()).into_owned(),
            account(&r.account_id, names),
            clean(&r.permission_set.name).into_owned(),
            format_duration(r.duration),
            short(r.created_at),
            ends,
            clean(&r.reason).into_owned(),
        ]);
    }
    t
}

/// Requests waiting for the reader's approval: what an approver weighs.
///
/// Only who asks for what access is kept whatever the width: the id, the requester, the account
/// and the permission set alone fill 80 columns. The duration and the tally give way (the
/// duration last, after the reason) so the table fits; `show` has the rest.
pub fn to_approve(requests: &[Request], names: &AccountNames, now: Timestamp) -> Grid {
    let mut t = Grid::new([
        ("ID".to_string(), Fit::Keep),
        ("REQUESTED BY".into(), Fit::Keep),
        ("FOR".into(), Fit::Drop(2)),
        ("ACCOUNT".into(), Fit::Keep),
        ("PERMISSION SET".into(), Fit::Keep),
        ("DURATION".into(), Fit::Drop(6)),
        ("APPROVALS".into(), Fit::Drop(4)),
        ("TICKET".into(), Fit::Drop(3)),
        (zoned("STARTS"), Fit::Drop(1)),
        ("REASON".into(), Fit::Cut),
    ]);
    for r in requests {
        let (have, need) = approvals_so_far(r);
        let starts = match r.start_at {
            Some(s) if s > now => short_relative(s, now),
            _ => "when approved".into(),
        };
        t.row(vec![
            r.id.to_string(),
            clean(&r.requester.label()).into_owned(),
            clean(&r.principal.to_string()).into_owned(),
            account(&r.account_id, names),
            clean(&r.permission_set.name).into_owned(),
            format_duration(r.duration),
            format!("{have} of {need}"),
            r.ticket
                .as_deref()
                .map(clean)
                .unwrap_or_default()
                .into_owned(),
            starts,
            clean(&r.reason).into_owned(),
        ]);
    }
    t
}

/// Every field of one request. `scheduling`: schedules are made for grants here (a scheduler
/// role is configured, or a team's executor makes them): where to find them is shown.
pub fn detail(r: &Request, names: &AccountNames, now: Timestamp, scheduling: bool) -> Grid {
    let mut t = Grid::keyed();
    let mut row = |k: &str, v: String| {
        t.row(vec![k.to_string(), v]);
    };
    row("id", r.id.to_string());
    row("status", status(r));
    row("for", clean(&r.principal.to_string()).into_owned());
    row("requested by", clean(&r.requester.label()).into_owned());
    row("account", account(&r.account_id, names));
    row("permission set", clean(&r.permission_set.name).into_owned());
    row("permission set arn", r.permission_set.arn.clone());
    row("duration", format_duration(r.duration));
    if let Some(s) = r.permission_set.session_duration {
        let mut v = format_duration(s);
        if s > r.duration {
            v.push_str(" (longer than the elevation: sessions outlive revocation)");
        }
        row("session duration", v);
    }
    row("reason", clean(&r.reason).into_owned());
    if let Some(ticket) = &r.ticket {
        row("ticket", clean(ticket).into_owned());
    }
    row("created", time(r.created_at));
    row("approval", r.mode.to_string());
    for (rule, have, need) in r.tally() {
        let who: Vec<String> = r
            .approvals
            .iter()
            .filter(|a| a.counts_for.iter().any(|c| c == rule))
            .map(|a| clean(&a.by).into_owned())
            .collect();
        let from: Vec<String> = r
            .requirements
            .iter()
            .filter(|q| q.rule == rule)
            .flat_map(|q| {
                q.approvers
                    .iter()
                    .map(|a| clean(&a.to_string()).into_owned())
            })
            .collect();
        row(
            "approvals",
            format!(
                "{have} of {need} for rule '{}' from {}{}",
                clean(rule),
                from.join(", "),
                if who.is_empty() {
                    String::new()
                } else {
                    format!(": {}", who.join(", "))
                }
            ),
        );
    }
    if let Some(start) = r.start_at {
        row(
            "starts",
            if r.scheduled_start.is_some() && r.status == Status::Approved {
                format!("{} (scheduled)", time(start))
            } else {
                format!("not before {}", time(start))
            },
        );
    }
    if let Some(g) = r.granted_at {
        row("granted", time(g));
    }
    if let Some(end) = r.end_at {
        let v = match r.status {
            Status::Active if end > now => super::time::full_relative(end, now),
            Status::Active => format!("{} (overdue)", time(end)),
            _ => time(end),
        };
        row("ends", v);
    }
    if let Some(x) = &r.extension {
        let tally: Vec<String> = x
            .tally()
            .iter()
            .map(|(rule, have, need)| format!("{have} of {need} for rule '{}'", clean(rule)))
            .collect();
        row(
            "extension",
            format!(
                "by {}, asked by {}: {} (waiting for approval: {})",
                format_duration(x.by),
                clean(&x.requested_by),
                clean(&x.reason),
                tally.join(", ")
            ),
        );
    }
    if let Some(e) = r.ended_at {
        row("ended", time(e));
    }
    if let Some(rv) = &r.review {
        row(
            "review",
            format!(
                "{} at {}: {}",
                clean(&rv.by),
                time(rv.at),
                clean(&rv.comment)
            ),
        );
    }
    if scheduling && r.window().is_some() && r.prior_access == Some(false) {
        // Schedules belong to the assignment (shared by overlapping elevations): name them by
        // the prefix `aws scheduler list-schedules --name-prefix` takes.
        row(
            "schedules",
            format!(
                "{}… (EventBridge Scheduler: grant at the start, revoke at the end)",
                crate::domain::schedule::prefix(&r.assignment())
            ),
        );
    }
    if let Some(prior) = r.prior_access {
        row(
            "prior access",
            if prior {
                "yes: the principal already had this access; it stays after the elevation".into()
            } else {
                "no".into()
            },
        );
    }
    if let Some(f) = &r.failure {
        row(
            "failure",
            format!("{} (attempt {})", clean(&f.reason), f.attempts),
        );
    }
    row("rules", clean(&r.rules.join(", ")).into_owned());
    row("policy version", r.policy_version.clone());
    t
}

/// The ledger events of one request, oldest first.
pub fn timeline(events: &[Event]) -> Grid {
    let mut t = Grid::new([
        ("#".to_string(), Fit::Keep),
        (zoned("TIME"), Fit::Keep),
        ("EVENT".into(), Fit::Keep),
        ("BY".into(), Fit::Drop(2)),
        ("STATUS".into(), Fit::Drop(1)),
        ("COMMENT".into(), Fit::Cut),
    ]);
    for e in events {
        let note = match (&e.comment, &e.detail) {
            (Some(c), Some(d)) => format!("{} ({})", clean(c), clean(d)),
            (Some(c), None) => clean(c).into_owned(),
            (None, Some(d)) => clean(d).into_owned(),
            (None, None) => String::new(),
        };
        t.row(vec![
            e.seq.to_string(),
            super::time::plain(e.at),
            e.kind.as_str().to_string(),
            clean(&e.actor).into_owned(),
            e.status.to_string(),
            note,
        ]);
    }
    t
}

/// Notifications that could not be sent: the people they were for were not told.
pub fn undelivered(failures: &[crate::domain::notify::Undelivered]) -> Grid {
    let mut t = Grid::new([
        (zoned("NOT SENT"), Fit::Keep),
        ("EVENT #".into(), Fit::Keep),
        ("ABOUT".into(), Fit::Keep),
        ("CHANNEL".into(), Fit::Keep),
        ("ERROR".into(), Fit::Cut),
    ]);
    for f in failures {
        t.row(vec![
            super::time::plain(f.at),
            f.event_seq.to_string(),
            f.event.as_str().to_string(),
            clean(&f.failure.channel).into_owned(),
            clean(&f.failure.error).into_owned(),
        ]);
    }
    t
}

/// One row per account × permission set a principal may request.
pub fn eligible(rows: &[crate::workflow::eligible::EligibleRow]) -> Grid {
    let mut t = Grid::new([
        ("ACCOUNT", Fit::Keep),
        ("NAME", Fit::Keep),
        ("PERMISSION SET", Fit::Keep),
        ("MAX", Fit::Keep),
        ("APPROVAL", Fit::Cut),
        ("TICKET", Fit::Drop(1)),
    ]);
    for r in rows {
        t.row(vec![
            r.account_id.clone(),
            clean(&r.account_name).into_owned(),
            clean(&r.permission_set).into_owned(),
            format_duration(r.max_duration),
            approval_summary(r.mode, &r.approvals),
            if r.ticket_required {
                "required".into()
            } else {
                String::new()
            },
        ]);
    }
    t
}

pub fn approval_summary(mode: Mode, requirements: &[crate::domain::Requirement]) -> String {
    match mode {
        Mode::Auto => "auto".into(),
        Mode::BreakGlass => "break-glass only".into(),
        Mode::Required => requirements
            .iter()
            .map(|q| {
                let who: Vec<String> = q
                    .approvers
                    .iter()
                    .map(|a| clean(&a.to_string()).into_owned())
                    .collect();
                format!("{} of {}", q.count, who.join("/"))
            })
            .collect::<Vec<_>>()
            .join(" + "),
    }
}

/// Applied policy versions, oldest first.
pub fn policy_history(versions: &[crate::store::PolicyVersion]) -> Grid {
    let mut t = Grid::new([
        ("VERSION".to_string(), Fit::Keep),
        ("HASH".into(), Fit::Cut),
        ("APPLIED BY".into(), Fit::Keep),
        (zoned("APPLIED AT"), Fit::Keep),
    ]);
    for v in versions {
        t.row(vec![
            v.number.to_string(),
            v.hash.clone(),
            clean(&v.applied_by).into_owned(),
            super::time::plain(v.applied_at),
        ]);
    }
    t
}

/// What reconcile did, one row per request and step.
pub fn reconcile(items: &[crate::workflow::reconcile::Item]) -> Grid {
    let mut t = Grid::new([
        ("ID", Fit::Keep),
        ("STEP", Fit::Keep),
        ("RESULT", Fit::Wrap),
        ("", Fit::Keep),
    ]);
    for i in items {
        t.row(vec![
            i.id.to_string(),
            i.step.clone(),
            // Multi-line results (a tampering report) keep their lines, each one sanitised.
            crate::render::sanitize::clean_multiline(&i.result),
            if i.attention {
                "needs attention".into()
            } else {
                String::new()
            },
        ]);
    }
    t
}

/// Assignments of `temporary_only` permission sets that no genuine elevation explains.
pub fn standing(items: &[crate::workflow::standing::Standing]) -> Grid {
    let mut t = Grid::new([
        ("ACCOUNT", Fit::Keep),
        ("PERMISSION SET", Fit::Keep),
        ("PRINCIPAL", Fit::Keep),
        ("RESULT", Fit::Wrap),
    ]);
    for s in items {
        t.row(vec![
            clean(&s.account_id).into_owned(),
            clean(&s.permission_set).into_owned(),
            clean(&s.principal).into_owned(),
            clean(&s.result).into_owned(),
        ]);
    }
    t
}

/// Assignment changes CloudTrail recorded from someone other than elevate.
pub fn assignment_changes(changes: &[crate::domain::standing::Change]) -> Grid {
    let mut t = Grid::new([
        (zoned("TIME"), Fit::Keep),
        ("CALL".into(), Fit::Keep),
        ("BY".into(), Fit::Cut),
        ("ACCOUNT".into(), Fit::Keep),
        ("PERMISSION SET".into(), Fit::Cut),
        ("PRINCIPAL".into(), Fit::Keep),
        ("ERROR".into(), Fit::Drop(1)),
    ]);
    for c in changes {
        t.row(vec![
            super::time::plain(c.time),
            clean(&c.name).into_owned(),
            clean(&c.caller).into_owned(),
            clean(&c.account_id).into_owned(),
            clean(&c.permission_set_arn).into_owned(),
            format!(
                "{}:{}",
                clean(&c.principal_type.to_ascii_lowercase()),
                clean(&c.principal_id)
            ),
            clean(c.error_code.as_deref().unwrap_or("")).into_owned(),
        ]);
    }
    t
}

pub fn setup(items: &[crate::workflow::infrastructure::Item]) -> Grid {
    use crate::workflow::infrastructure::Outcome;
    let mut t = Grid::new([
        ("RESOURCE", Fit::Keep),
        ("RESULT", Fit::Keep),
        ("DETAIL", Fit::Wrap),
    ]);
    for i in items {
        t.row(vec![
            clean(&i.resource).into_owned(),
            match i.outcome {
                Outcome::Ok => "ok",
                Outcome::Created => "created",
                Outcome::Changed => "changed",
                Outcome::WouldChange => "would change",
                Outcome::Problem => "PROBLEM",
                Outcome::Manual => "to do",
            }
            .to_string(),
            clean(&i.detail).into_owned(),
        ]);
    }
    t
}

pub fn audit(records: &[crate::workflow::audit::Record]) -> Grid {
    let mut t = Grid::new([
        ("ID".to_string(), Fit::Keep),
        ("STATUS".into(), Fit::Keep),
        ("FOR".into(), Fit::Keep),
        ("ACCOUNT".into(), Fit::Keep),
        ("PERMISSION SET".into(), Fit::Keep),
        (zoned("CREATED"), Fit::Drop(1)),
        (zoned("GRANTED"), Fit::Drop(2)),
        (zoned("ENDED"), Fit::Drop(3)),
        ("DECISIONS".into(), Fit::Drop(4)),
        ("REASON".into(), Fit::Cut),
    ]);
    for r in records {
        let decisions: Vec<String> = r
            .decisions
            .iter()
            .map(|d| format!("{} by {}", d.kind, clean(&d.by)))
            .collect();
        t.row(vec![
            r.id.to_string(),
            if r.break_glass {
                format!("{} break-glass", r.status)
            } else {
                r.status.to_string()
            },
            clean(&r.principal).into_owned(),
            r.account_id.clone(),
            clean(&r.permission_set).into_owned(),
            short(r.created_at),
            r.granted_at.map(short).unwrap_or_default(),
            r.ended_at.map(short).unwrap_or_default(),
            decisions.join("\n"),
            clean(&r.reason).into_owned(),
        ]);
    }
    t
}

pub fn findings(findings: &[crate::workflow::audit::Finding]) -> Grid {
    let mut t = Grid::new([("ID", Fit::Keep), ("PROBLEM", Fit::Wrap)]);
    for f in findings {
        t.row(vec![f.id.to_string(), f.problems.join("\n")]);
    }
    t
}

pub fn activity(found: &[crate::domain::activity::Activity]) -> Grid {
    let mut t = Grid::new([
        (zoned("TIME"), Fit::Keep),
        ("SOURCE".into(), Fit::Drop(2)),
        ("EVENT".into(), Fit::Keep),
        ("ACCESS".into(), Fit::Keep),
        ("REGION".into(), Fit::Drop(3)),
        ("SOURCE IP".into(), Fit::Drop(1)),
        ("ERROR".into(), Fit::Cut),
    ]);
    for a in found {
        t.row(vec![
            super::time::plain(a.time),
            clean(&a.source).into_owned(),
            clean(&a.name).into_owned(),
            a.access().to_string(),
            clean(&a.region).into_owned(),
            clean(&a.source_ip).into_owned(),
            clean(a.error_code.as_deref().unwrap_or("")).into_owned(),
        ]);
    }
    t
}

/// `elevate config`: every setting, its value and where it came from.
pub fn settings(settings: &[crate::config::Setting]) -> Grid {
    let mut t = Grid::new([
        ("KEY", Fit::Keep),
        ("VALUE", Fit::Wrap),
        ("SOURCE", Fit::Keep),
    ]);
    for s in settings {
        t.row(vec![
            s.key.to_string(),
            // Values come from files and variables people edit: never raw to a terminal.
            s.value
                .as_deref()
                .map_or_else(|| "-".into(), |v| clean(v).into_owned()),
            s.source.clone(),
        ]);
    }
    t
}

/// `elevate doctor`: each check, OK or PROBLEM, and what to do.
pub fn doctor(checks: &[crate::workflow::doctor::Check]) -> Grid {
    use crate::workflow::doctor::Status;
    let mut t = Grid::new([
        ("CHECK", Fit::Keep),
        ("RESULT", Fit::Keep),
        ("DETAIL", Fit::Wrap),
    ]);
    for c in checks {
        let detail = match &c.fix {
            Some(fix) if c.detail.is_empty() => format!("→ {}", clean(fix)),
            Some(fix) => format!("{} → {}", clean(&c.detail), clean(fix)),
            None => clean(&c.detail).into_owned(),
        };
        t.row(vec![
            clean(&c.check).into_owned(),
            match c.status {
                Status::Ok => "OK",
                Status::Problem => "PROBLEM",
                Status::Skipped => "skipped",
            }
            .to_string(),
            detail,
        ]);
    }
    t
}

/// What `elevate init` found.
pub fn found(found: &crate::workflow::init::Found) -> Grid {
    let mut t = Grid::new([("FOUND", Fit::Keep), ("VALUE", Fit::Wrap)]);
    let mut row = |k: &str, v: String| t.row(vec![k.to_string(), clean(&v).into_owned()]);
    row("region", found.region.clone());
    row("instance", found.instance_arn.clone());
    row("identity store", found.identity_store_id.clone());
    row("identity account", found.identity_account.clone());
    row(
        "management account",
        found
            .management_account
            .clone()
            .unwrap_or_else(|| "- (not in an organisation)".into()),
    );
    row("permission sets", found.permission_sets.join(", "));
    if let Some(key) = &found.seal_key {
        row("seal key", key.clone());
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pending request for AdministratorAccess on a named account, as the ledger holds one.
    fn pending(id: &str) -> Request {
        let mut r: Request =
            serde_json::from_str(include_str!("../domain/snapshots/request.json")).unwrap();
        r.id = id.parse().unwrap();
        r.status = Status::Pending;
        r.approvals.clear();
        (r.granted_at, r.grant_started_at, r.end_at, r.ended_at) = (None, None, None, None);
        r.account_id = "222479428399".into();
        r.permission_set.name = "AdministratorAccess".into();
        r.reason = "rotate the leaked RDS credentials after INC-4211".into();
        r
    }

    #[test]
    fn what_an_approver_weighs_fits_80_columns_and_keeps_who_asks_for_what() {
        let names = AccountNames::from([("222479428399".to_string(), "prod".to_string())]);
        let now: Timestamp = "2026-01-01T00:10:00Z".parse().unwrap();
        let requests = [pending("r-zffhqfbs2j"), pending("r-y6zadjvrr5")];
        let grid = to_approve(&requests, &names, now);
        let at80 = grid.boxed(Some(80));
        let widest = at80.lines().map(console::measure_text_width).max();
        assert!(widest <= Some(80), "{at80}");
        for whole in ["r-zffhqfbs2j", "r-y6zadjvrr5", "prod (222479428399)"] {
            assert!(at80.contains(whole), "{whole}: {at80}");
        }
        assert!(at80.contains("user:alice") && at80.contains("AdministratorAccess"));

        // Wide enough, everything an approver weighs is there.
        let at200 = grid.boxed(Some(200));
        for column in ["DURATION", "APPROVALS", "0 of 1", "rotate the leaked RDS"] {
            assert!(at200.contains(column), "{column}: {at200}");
        }
    }
}
