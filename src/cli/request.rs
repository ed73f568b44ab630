//! `elevate request`

use jiff::SignedDuration;

use crate::domain::{PrincipalRef, Status, format_duration, parse_duration};
use crate::error::Result;
use crate::render::tables::time;
use crate::workflow::request::{RequestInput, submit};

use super::{Ctx, print_request};

fn duration_arg(s: &str) -> Result<SignedDuration, String> {
    parse_duration(s).map_err(|e| e.to_string())
}

/// Ask for elevated access: a permission set on an account, for a while.
///
/// The request is checked against policy and recorded as pending; an approver then grants it
/// with `elevate approve`. Missing values are asked for on a terminal; without one (or with
/// --no-input) a missing value is an error naming its flag.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  elevate request --account 111122223333 --permission-set AdministratorAccess \\
      --duration 1h30m --reason 'Rotate the RDS credentials for INC-4211' --ticket INC-4211
  elevate request -a 111122223333 -p ReadOnly -d 30m -r 'check billing alarms' -o json
  # from a CI role, for a group:
  elevate request -a 111122223333 -p Deployer -d 45m -r 'release 2.4' --for group:Release")]
pub struct Args {
    /// Account to elevate in: its 12-digit id or its name
    #[arg(long, short = 'a', value_name = "ID|NAME")]
    pub account: Option<String>,
    /// Permission set, by name or ARN
    #[arg(long, short = 'p', value_name = "NAME|ARN")]
    pub permission_set: Option<String>,
    /// How long, e.g. 30m, 2h, 1h30m [default: the policy's default_duration]
    #[arg(long, short = 'd', value_parser = duration_arg, value_name = "DURATION")]
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
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let account = ctx.value(
        args.account,
        "--account",
        "Account id",
        "name the account with --account <12-digit id>",
    )?;
    let permission_set = ctx.value(
        args.permission_set,
        "--permission-set",
        "Permission set",
        "name the permission set with --permission-set <name|arn>",
    )?;
    let reason = ctx.value(
        args.reason,
        "--reason",
        "Reason",
        "say why with --reason <text>; approvers read it and the ledger keeps it",
    )?;
    let policy = ctx.policy()?;
    let services = ctx.services().await?;
    let actor = ctx.actor().await?;
    let submitted = submit(
        &services,
        &policy,
        &actor,
        RequestInput {
            account: account.trim().to_string(),
            permission_set: permission_set.trim().to_string(),
            duration: args.duration,
            reason,
            ticket: args.ticket,
            for_principal: args.for_principal,
            break_glass: args.break_glass,
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
    ctx.out.note(&match r.status {
        Status::Active => format!(
            "granted {what} (approved by policy), until {}",
            r.end_at.map(time).unwrap_or_default()
        ),
        Status::Approved => format!("approved {what} by policy; not granted yet"),
        _ => format!(
            "requested {what}: waiting for approval ({}). An approver runs: elevate approve {}",
            r.requirements
                .iter()
                .map(|q| format!("{} from rule '{}'", q.count, q.rule))
                .collect::<Vec<_>>()
                .join(", "),
            r.id
        ),
    });
    print_request(ctx, r)
}
