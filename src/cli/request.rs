//! `elevate request`

use crate::domain::Status;
use crate::error::Result;

use super::{Ctx, print_request};

/// Ask for elevated access: a permission set on an account, for a while.
///
/// The request is checked against policy and recorded as pending; an approver then grants it
/// with `elevate approve`. Missing values are asked for on a terminal, each answer checked as
/// it is typed against the policy (the duration's cap, the reason's length, the ticket's form;
/// a ticket is asked for when policy requires one), and Esc at the picker cancels; without a
/// terminal (or with --no-input) a missing value is an error naming its flag.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  elevate request --account 111122223333 --permission-set AdministratorAccess \\
      --duration 1h30m --reason 'Rotate the RDS credentials for INC-4211' \\
      --ticket INC-4211
  elevate request -a 111122223333 -p ReadOnly -d 30m -r 'check billing' -o json
  # for the maintenance window tomorrow morning (local time):
  elevate request -a prod -p AdministratorAccess -d 2h \\
      --start 'tomorrow 06:00' -r 'CHG-118 DB upgrade'
  # from a CI role, for a group:
  elevate request -a 111122223333 -p Deployer -d 45m -r 'release 2.4' \\
      --for group:Release")]
pub struct Args {
    #[command(flatten)]
    pub ask: super::access::Ask,
    /// Not before this time: +2h (from now), 'tomorrow 09:00', 'today 17:30', 2026-11-23T09:00
    /// (in your zone: ELEVATE_TZ, UTC with --utc, else the system's) or 2026-11-23T09:00:00Z
    /// (RFC 3339), at most a year ahead. Once approved, the access is granted at the start by a
    /// schedule (or `elevate reconcile`) and lasts --duration from then
    #[arg(long, value_name = "TIME")]
    pub start: Option<String>,
    /// Wait until the request is active (exit 0), rejected (4), or expired or --timeout passes
    /// (5; the request's id is printed, and without a terminal it is cancelled): for CI jobs
    /// and scripts
    #[arg(long)]
    pub wait: bool,
    #[command(flatten)]
    pub patience: super::follow::Patience,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let submitted = super::access::ask(ctx, &args.ask, args.start.as_deref()).await?;
    let r = &submitted.request;
    if args.wait && r.status != Status::Active {
        let waited = super::follow::until_active_or_give_up(ctx, &r.id, &args.patience).await?;
        return print_request(ctx, &waited);
    }
    print_request(ctx, r)
}
