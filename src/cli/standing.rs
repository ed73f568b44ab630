//! `elevate audit standing`, and the same check as a section of the executor's passes.

use crate::error::{Error, Result};

use super::Ctx;
use super::activity::{ActivitySources, TrailKeys, check, source_of, time_flag};

/// Find access elevate did not give.
///
/// Two checks. (1) Every assignment of the permission sets the policy marks `temporary_only`
/// (`[settings] temporary_only = ["AdministratorAccess"]`) that no genuine elevation explains: a
/// request verified from its sealed events that holds it, or whose grant has begun. A record
/// written straight into the ledger explains nothing. (2) Every call to create or delete an
/// assignment that CloudTrail recorded from anyone but the executor and the scheduler role,
/// from CloudTrail Lake or the organisation trail in S3 (calls AWS refused are listed too: they
/// are attempts). In direct mode approvers change access with their own credentials and may
/// create schedules, so their calls and the scheduler role's are listed too. A request that
/// names an assignment but cannot be read keeps it "for a person": nothing is removed on a
/// guess. Exit 1 when either check finds something, or could not run.
///
/// The executor runs the same check every `standing_check_interval` (default 1h) and, when the
/// policy says `remove_standing = true`, removes what (1) finds. This command only reports.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  elevate audit standing
  elevate audit standing --since -7d --trail-bucket org-trail \\
      --trail-org-id o-a1b2c3d4e5
  elevate audit standing -o json | jq '.standing[] | .principal'")]
pub struct Args {
    /// CloudTrail from: -7d, -12h, 2026-11-01 (in your zone, as times are shown), or an RFC 3339 time [default: -24h]
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub since: Option<String>,
    /// CloudTrail until: as --since [default: now]
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub until: Option<String>,
    #[command(flatten)]
    pub sources: ActivitySources,
    #[command(flatten)]
    pub trail: TrailKeys,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let now = ctx.now();
    let time = |flag: &str, v: &Option<String>| time_flag(flag, v.as_deref(), now);
    let since = time("--since", &args.since)?.unwrap_or(now - jiff::SignedDuration::from_hours(24));
    let until = time("--until", &args.until)?.unwrap_or(now);
    let policy = ctx.policy().await?;
    let services = ctx.services().await?;
    let region = ctx.aws().await?.region.clone();
    let source = source_of(ctx, &args.sources, &args.trail, &region);
    let report = check(ctx, &services, &policy, since, until, source, false).await?;
    crate::render::reports::standing(&ctx.out, &report)?;
    match report.findings() {
        0 => Ok(()),
        n => Err(Error::NeedsAttention(format!(
            "{n} finding(s): access elevate did not give. Remove standing access nobody should hold (or set remove_standing = true in the policy for the executor to), and ask who made each change listed"
        ))),
    }
}
