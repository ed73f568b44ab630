//! Asking for access and ending it: the steps `request`, `revoke` and `run` share.

use jiff::SignedDuration;

use crate::domain::Mode;
use crate::domain::policy::check_duration;
use crate::domain::{PrincipalRef, Status, format_duration, parse_duration, parse_start};
use crate::domain::{Request, RequestId};
use crate::error::{Error, Result};
use crate::render::clean;
use crate::render::tables::approval_summary;
use crate::render::tables::time;
use crate::workflow::eligible::{EligibleFilter, EligibleRow, eligible};
use crate::workflow::request::{RequestInput, Submitted, check_reason, submit};
use crate::workflow::revoke::revoke;

use super::Ctx;
use crate::render::prompt;

/// What is asked for: shared by `request` and `run`.
#[derive(Debug, clap::Args)]
pub struct Ask {
    /// Account to elevate in: its 12-digit id or its name
    #[arg(long, short = 'a', value_name = "ID|NAME", add = clap_complete::ArgValueCandidates::new(super::complete::accounts))]
    pub account: Option<String>,
    /// Permission set, by name or ARN
    #[arg(long, short = 'p', value_name = "NAME|ARN", add = clap_complete::ArgValueCandidates::new(super::complete::permission_sets))]
    pub permission_set: Option<String>,
    /// How long, e.g. 30m, 2h, 1h30m [default: the policy's default_duration]
    #[arg(long, short = 'd', value_parser = super::duration_arg, value_name = "DURATION")]
    pub duration: Option<SignedDuration>,
    /// Why you need it: shown to approvers and kept in the ledger
    #[arg(long, short = 'r', value_name = "TEXT")]
    pub reason: Option<String>,
    /// Ticket or incident id
    #[arg(long, value_name = "ID")]
    pub ticket: Option<String>,
    /// Who the access is for, when the caller is not an Identity Center user (CI, break-glass roles)
    #[arg(long = "for", value_name = "user:NAME|group:NAME")]
    pub for_principal: Option<PrincipalRef>,
    /// Emergency access under a break-glass rule: granted at once without approval, recorded
    /// as break-glass and reviewed afterwards. The reason is mandatory
    #[arg(long)]
    pub break_glass: bool,
    /// Makes the request idempotent: run again with the same key (e.g. the CI run's id), it
    /// returns the request the first run created instead of asking twice. (Without a key, your
    /// own open request for the same access and an overlapping time is returned too)
    #[arg(long, value_name = "KEY")]
    pub idempotency_key: Option<String>,
}

/// What the caller may request, as `elevate eligible` lists it, of the kind asked for (ordinary
/// or break-glass) and narrowed to the account and permission set given.
async fn choices(
    ctx: &Ctx,
    args: &Ask,
    policy: &crate::domain::Policy,
) -> Result<Vec<EligibleRow>> {
    let services = ctx.services().await?;
    let actor = ctx.actor().await?;
    let rows = eligible(
        &services,
        policy,
        &actor,
        args.for_principal.as_ref(),
        &EligibleFilter {
            account: args.account.clone(),
            permission_set: args.permission_set.clone(),
        },
    )
    .await?;
    Ok(rows
        .into_iter()
        .filter(|r| (r.mode == Mode::BreakGlass) == args.break_glass)
        .collect())
}

/// On a terminal, missing account and permission set are picked from what the caller may
/// request; the duration is asked for with the policy's default, and checked against the cap
/// of the rules that apply as it is typed.
async fn pick(
    ctx: &Ctx,
    args: &Ask,
    policy: &crate::domain::Policy,
) -> Result<(EligibleRow, Option<SignedDuration>)> {
    let rows = choices(ctx, args, policy).await?;
    if rows.is_empty() {
        return Err(Error::Denied(
            "there is nothing you may request here: see `elevate eligible` and `elevate policy explain`".into(),
        ));
    }
    let labels: Vec<String> = rows
        .iter()
        .map(|r| {
            format!(
                "{} ({}) · {} · up to {} · {}",
                clean(&r.account_name),
                r.account_id,
                clean(&r.permission_set),
                format_duration(r.max_duration),
                approval_summary(r.mode, &r.approvals)
            )
        })
        .collect();
    let chosen = prompt::pick(
        "Account and permission set (type to filter, Esc to cancel)",
        &labels,
        "cancelled: nothing was requested",
    )?;
    let row = rows.into_iter().nth(chosen).expect("a picked row");
    let duration = match args.duration {
        Some(d) => d,
        None => {
            let default = policy.settings.default_duration.0.min(row.max_duration);
            let within_cap = |answer: &str| {
                let d = parse_duration(answer).map_err(|e| e.to_string())?;
                check_duration(d, row.max_duration, row.capped_by.as_deref())
            };
            let answer = prompt::text(
                &format!("Duration (at most {})", format_duration(row.max_duration)),
                Some(format_duration(default)),
                within_cap,
            )?;
            parse_duration(&answer).map_err(|e| Error::Usage(e.to_string()))?
        }
    };
    Ok((row, Some(duration)))
}

/// Account and permission set given on a terminal: what policy says of them, for the prompts
/// that follow (is a ticket needed?). Only a help: when it cannot be read, `submit` still
/// decides, and says why.
async fn allowed_here(
    ctx: &Ctx,
    args: &Ask,
    policy: &crate::domain::Policy,
) -> Option<EligibleRow> {
    match choices(ctx, args, policy).await {
        Ok(rows) if rows.len() == 1 => rows.into_iter().next(),
        Ok(_) => None,
        Err(e) => {
            tracing::debug!("what policy allows here could not be read before asking: {e}");
            None
        }
    }
}

/// Asks for the access (picking what is missing on a terminal), says what happened on stderr
/// and wakes the executor when it has work: the request, or the open one it already was.
pub(super) async fn ask(ctx: &Ctx, args: &Ask, start: Option<&str>) -> Result<Submitted> {
    // Parsed before any question or AWS call, so a typo costs nothing; and again once AWS has
    // said what time it is, which a relative start (+2h) counts from.
    let start = |now| {
        start
            .map(|s| parse_start(s, now, crate::render::time::zone()))
            .transpose()
            .map_err(|e| Error::Usage(format!("--start: {e}")))
    };
    start(ctx.now())?;
    let policy = ctx.policy_if(ctx.out.interactive).await?;
    let (account, permission_set, duration, row) =
        match (&args.account, &args.permission_set, &policy) {
            (Some(a), Some(p), None) => (a.clone(), p.clone(), args.duration, None),
            (Some(a), Some(p), Some(policy)) => {
                let row = match args.ticket {
                    None => allowed_here(ctx, args, policy).await,
                    Some(_) => None,
                };
                (a.clone(), p.clone(), args.duration, row)
            }
            (_, _, Some(policy)) => {
                let (row, duration) = pick(ctx, args, policy).await?;
                (
                    row.account_id.clone(),
                    row.permission_set_arn.clone(),
                    duration,
                    Some(row),
                )
            }
            (account, permission_set, None) => {
                // No terminal: name the first missing flag, before any AWS call.
                let account = ctx.value(
                    account.clone(),
                    "--account",
                    "Account",
                    "name the account with --account <12-digit id or name>",
                )?;
                let permission_set = ctx.value(
                    permission_set.clone(),
                    "--permission-set",
                    "Permission set",
                    "name the permission set with --permission-set <name|arn>",
                )?;
                (account, permission_set, args.duration, None)
            }
        };
    let (flag, question, hint) = (
        "--reason",
        "Reason",
        "say why with --reason <text>; approvers read it and the ledger keeps it",
    );
    let reason = match &policy {
        Some(policy) => ctx.checked_value(args.reason.clone(), flag, question, hint, |answer| {
            check_reason(policy, answer, args.break_glass).map_err(|e| e.to_string())
        })?,
        // No terminal, so no question: a missing reason is named before the policy is read.
        None => ctx.value(args.reason.clone(), flag, question, hint)?,
    };
    let policy = match policy {
        Some(p) => p,
        None => ctx.policy().await?,
    };
    // Without a terminal a missing ticket is refused by `submit`, naming --ticket.
    let ticket = match (&args.ticket, &row) {
        (None, Some(row)) if row.ticket_required && ctx.out.interactive => Some(prompt::text(
            "Ticket (policy requires one)",
            None,
            |answer| policy.check_ticket_for(true, &row.rules, Some(answer)),
        )?),
        _ => args.ticket.clone(),
    };
    let services = ctx.services().await?;
    let actor = ctx.actor().await?;
    let start = start(ctx.now())?;
    let submitted = submit(
        &services,
        &policy,
        &actor,
        RequestInput {
            account: account.trim().to_string(),
            permission_set: permission_set.trim().to_string(),
            duration,
            reason,
            ticket,
            for_principal: args.for_principal.clone(),
            break_glass: args.break_glass,
            start,
            idempotency_key: args.idempotency_key.clone(),
        },
    )
    .await?;
    for notice in &submitted.notices {
        ctx.out.warn(notice);
    }
    let r = &submitted.request;
    let what = format!(
        "{} on {} for {}, {}",
        r.permission_set.name,
        r.account_id,
        r.principal,
        format_duration(r.duration)
    );
    if r.status == Status::Approved || (r.status == Status::Pending && r.mode != Mode::Required) {
        super::nudge::executor(ctx, &r.id).await;
    }
    ctx.out.note(&match r.status {
        Status::Active => format!(
            "granted {what} (approved by policy), until {}",
            r.end_at.map(time).unwrap_or_default()
        ),
        Status::Approved if r.scheduled_start.is_some() => {
            format!(
                "approved {what} by policy, from {}",
                r.scheduled_start.map(time).unwrap_or_default()
            )
        }
        Status::Approved => format!("approved {what} by policy; not granted yet"),
        Status::Pending if r.mode != Mode::Required => format!(
            "requested {what}: policy approves it without a person, and the executor grants it on its next pass ({})",
            r.id
        ),
        _ => format!(
            "requested {what}: waiting for approval ({}). An approver runs: elevate approve {}{}",
            r.requirements
                .iter()
                .map(|q| format!("{} from rule '{}'", q.count, q.rule))
                .collect::<Vec<_>>()
                .join(", "),
            r.id,
            match ctx.local_ledger() {
                Some(path) => format!(
                    " — on this machine: the ledger is the file {path}, which approvers elsewhere cannot see (a team shares one: docs/deploy.md)"
                ),
                None => String::new(),
            }
        ),
    });
    // Granted already (a rule the policy approves by itself, in direct mode).
    super::portal::note(ctx, r).await;
    Ok(submitted)
}

/// Revokes `id` (in a brokered team: asks the executor to, and wakes it), saying so on stderr.
pub(super) async fn end(ctx: &Ctx, id: &RequestId, reason: Option<&str>) -> Result<Request> {
    let services = ctx.services().await?;
    let actor = ctx.actor().await?;
    let r = revoke(&services, &actor, id, reason).await?;
    if r.revoke_asked.is_some() && !r.status.is_final() {
        super::nudge::executor(ctx, &r.id).await;
        ctx.out.note(&format!(
            "asked the executor to revoke {}: it removes the access on its next pass",
            r.id
        ));
        return Ok(r);
    }
    let kept = r.prior_access == Some(true);
    ctx.out.note(&format!(
        "revoked {}{}",
        r.id,
        if kept {
            " (the principal had this access before the elevation; it stays)"
        } else {
            ""
        }
    ));
    Ok(r)
}
