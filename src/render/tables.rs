//! Tables for people. Times are shown in UTC, which every member of a team reads the same way.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table};
use jiff::Timestamp;

use crate::domain::{Event, Mode, Request, Status, format_duration};

use super::clean;

pub fn time(t: Timestamp) -> String {
    crate::domain::format_time(t)
}

fn short_time(t: Timestamp) -> String {
    t.strftime("%Y-%m-%d %H:%M").to_string()
}

fn table() -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    t
}

fn status(r: &Request) -> String {
    let mut s = r.status.to_string();
    if r.status == Status::Pending {
        let (have, need) = r.tally().iter().fold((0, 0), |(h, n), (_, have, need)| {
            (h + have.min(need), n + need)
        });
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

/// One row per request.
pub fn list(requests: &[Request], now: Timestamp) -> String {
    let mut t = table();
    t.set_header(vec![
        "ID",
        "STATUS",
        "FOR",
        "ACCOUNT",
        "PERMISSION SET",
        "DURATION",
        "CREATED",
        "ENDS",
        "REASON",
    ]);
    for r in requests {
        let ends = match (r.status, r.end_at) {
            (Status::Active, Some(end)) if end <= now => format!("{} (overdue)", short_time(end)),
            (Status::Active, Some(end)) => short_time(end),
            (_, _) => r.ended_at.map(short_time).unwrap_or_default(),
        };
        let reason: String = clean(&r.reason).chars().take(60).collect();
        t.add_row(vec![
            r.id.to_string(),
            status(r),
            clean(&r.principal.to_string()).into_owned(),
            r.account_id.clone(),
            clean(&r.permission_set.name).into_owned(),
            format_duration(r.duration),
            short_time(r.created_at),
            ends,
            reason,
        ]);
    }
    t.to_string()
}

/// Every field of one request.
pub fn detail(r: &Request, now: Timestamp) -> String {
    let mut t = table();
    let mut row = |k: &str, v: String| {
        t.add_row(vec![k.to_string(), v]);
    };
    row("id", r.id.to_string());
    row("status", status(r));
    row("for", clean(&r.principal.to_string()).into_owned());
    row("requested by", clean(&r.requester.label()).into_owned());
    row("account", r.account_id.clone());
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
        let mut v = time(end);
        if r.status == Status::Active {
            let left = end.duration_since(now);
            v.push_str(&if left.is_positive() {
                format!(
                    " (in {})",
                    format_duration(left.round(jiff::Unit::Minute).unwrap_or(left))
                )
            } else {
                " (overdue)".to_string()
            });
        }
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
    if r.window().is_some() && r.prior_access == Some(false) {
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
    t.to_string()
}

/// The ledger events of one request, oldest first.
pub fn timeline(events: &[Event]) -> String {
    let mut t = table();
    t.set_header(vec!["#", "TIME", "EVENT", "BY", "STATUS", "COMMENT"]);
    for e in events {
        let note = match (&e.comment, &e.detail) {
            (Some(c), Some(d)) => format!("{} ({})", clean(c), clean(d)),
            (Some(c), None) => clean(c).into_owned(),
            (None, Some(d)) => clean(d).into_owned(),
            (None, None) => String::new(),
        };
        t.add_row(vec![
            e.seq.to_string(),
            time(e.at),
            e.kind.as_str().to_string(),
            clean(&e.actor).into_owned(),
            e.status.to_string(),
            note,
        ]);
    }
    t.to_string()
}

/// Notifications that could not be sent: the people they were for were not told.
pub fn undelivered(failures: &[crate::domain::notify::Undelivered]) -> String {
    let mut t = table();
    t.set_header(vec!["NOT SENT", "EVENT #", "ABOUT", "CHANNEL", "ERROR"]);
    for f in failures {
        t.add_row(vec![
            time(f.at),
            f.event_seq.to_string(),
            f.event.as_str().to_string(),
            clean(&f.failure.channel).into_owned(),
            clean(&f.failure.error).into_owned(),
        ]);
    }
    t.to_string()
}

/// One row per account × permission set a principal may request.
pub fn eligible(rows: &[crate::workflow::policy_query::EligibleRow]) -> String {
    let mut t = table();
    t.set_header(vec![
        "ACCOUNT",
        "NAME",
        "PERMISSION SET",
        "MAX",
        "APPROVAL",
        "TICKET",
    ]);
    for r in rows {
        t.add_row(vec![
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
    t.to_string()
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
pub fn policy_history(versions: &[crate::store::PolicyVersion]) -> String {
    let mut t = table();
    t.set_header(vec!["VERSION", "HASH", "APPLIED BY", "APPLIED AT"]);
    for v in versions {
        t.add_row(vec![
            v.number.to_string(),
            v.hash.clone(),
            clean(&v.applied_by).into_owned(),
            time(v.applied_at),
        ]);
    }
    t.to_string()
}

/// What reconcile did, one row per request and step.
pub fn reconcile(items: &[crate::workflow::reconcile::Item]) -> String {
    let mut t = table();
    t.set_header(vec!["ID", "STEP", "RESULT", ""]);
    for i in items {
        t.add_row(vec![
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
    t.to_string()
}

/// Assignments of `temporary_only` permission sets that no genuine elevation explains.
pub fn standing(items: &[crate::workflow::standing::Standing]) -> String {
    let mut t = table();
    t.set_header(vec!["ACCOUNT", "PERMISSION SET", "PRINCIPAL", "RESULT"]);
    for s in items {
        t.add_row(vec![
            clean(&s.account_id).into_owned(),
            clean(&s.permission_set).into_owned(),
            clean(&s.principal).into_owned(),
            clean(&s.result).into_owned(),
        ]);
    }
    t.to_string()
}

/// Assignment changes CloudTrail recorded from someone other than elevate.
pub fn assignment_changes(changes: &[crate::domain::standing::Change]) -> String {
    let mut t = table();
    t.set_header(vec![
        "TIME",
        "CALL",
        "BY",
        "ACCOUNT",
        "PERMISSION SET",
        "PRINCIPAL",
        "ERROR",
    ]);
    for c in changes {
        t.add_row(vec![
            time(c.time),
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
    t.to_string()
}

pub fn setup(items: &[crate::workflow::setup::Item]) -> String {
    use crate::workflow::setup::Outcome;
    let mut t = table();
    t.set_header(vec!["RESOURCE", "RESULT", "DETAIL"]);
    for i in items {
        t.add_row(vec![
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
    t.to_string()
}

pub fn audit(records: &[crate::workflow::audit::Record]) -> String {
    let mut t = table();
    t.set_header(vec![
        "ID",
        "STATUS",
        "FOR",
        "ACCOUNT",
        "PERMISSION SET",
        "CREATED",
        "GRANTED",
        "ENDED",
        "DECISIONS",
        "REASON",
    ]);
    for r in records {
        let decisions: Vec<String> = r
            .decisions
            .iter()
            .map(|d| format!("{} by {}", d.kind, clean(&d.by)))
            .collect();
        t.add_row(vec![
            r.id.to_string(),
            if r.break_glass {
                format!("{} break-glass", r.status)
            } else {
                r.status.to_string()
            },
            clean(&r.principal).into_owned(),
            r.account_id.clone(),
            clean(&r.permission_set).into_owned(),
            short_time(r.created_at),
            r.granted_at.map(short_time).unwrap_or_default(),
            r.ended_at.map(short_time).unwrap_or_default(),
            decisions.join("\n"),
            clean(&r.reason).chars().take(60).collect(),
        ]);
    }
    t.to_string()
}

pub fn findings(findings: &[crate::workflow::audit::Finding]) -> String {
    let mut t = table();
    t.set_header(vec!["ID", "PROBLEM"]);
    for f in findings {
        t.add_row(vec![f.id.to_string(), f.problems.join("\n")]);
    }
    t.to_string()
}

pub fn activity(found: &[crate::domain::activity::Activity]) -> String {
    let mut t = table();
    t.set_header(vec![
        "TIME",
        "SOURCE",
        "EVENT",
        "ACCESS",
        "REGION",
        "SOURCE IP",
        "ERROR",
    ]);
    for a in found {
        t.add_row(vec![
            time(a.time),
            clean(&a.source).into_owned(),
            clean(&a.name).into_owned(),
            a.access().to_string(),
            clean(&a.region).into_owned(),
            clean(&a.source_ip).into_owned(),
            clean(a.error_code.as_deref().unwrap_or("")).into_owned(),
        ]);
    }
    t.to_string()
}
