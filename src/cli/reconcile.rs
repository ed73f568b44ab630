//! `elevate reconcile`

use crate::error::Result;
use crate::workflow::reconcile::{Options, Runner, reconcile};

use super::Ctx;

/// Repair whatever was left half-done, in one idempotent pass.
///
/// Expires requests pending longer than the policy's pending_expiry; grants approved requests
/// that were not granted (policy re-checked); ends elevations past their end, confirming the
/// deletion (standing and shared access kept); retries failed grants with back-off (1, 2, 4…
/// minutes, 6 attempts), then gives up loudly, and failed revocations until they succeed; reports drift between the
/// ledger and Identity Center. Safe to run from cron or CI, and when two run at once. Exits 1
/// when something needs a person.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  elevate reconcile --dry-run\n  */5 * * * *  elevate reconcile -q   # as the executor role"
)]
pub struct Args {
    /// Show what is due and change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Find work through the ledger's indexes only, not by reading the whole ledger: cheaper,
    /// but a record whose status or index attributes were edited is not found (run a full pass
    /// at least hourly)
    #[arg(long)]
    pub quick: bool,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let policy = ctx.policy().await?;
    let services = ctx.services().await?;
    let actor = ctx.actor().await?;
    let report = reconcile(
        &services,
        &policy,
        &Runner::of(&actor),
        Options {
            dry_run: args.dry_run,
            quick: args.quick,
        },
    )
    .await?;
    crate::render::reports::reconcile(&ctx.out, &report)
}
