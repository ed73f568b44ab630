//! `elevate audit standing`, and the same check as a section of the executor's passes.

use crate::error::{Error, Result};
use crate::render::{Format, tables};
use crate::workflow::Services;
use crate::workflow::reconcile::Runner;
use crate::workflow::standing::{self, Input, Report, Trail};

use super::Ctx;
use super::audit::{ActivitySources, source_of, time_flag};

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
    /// CloudTrail from: -7d, -12h, 2026-11-01 (local), or an RFC 3339 time [default: -24h]
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub since: Option<String>,
    /// CloudTrail until: as --since [default: now]
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub until: Option<String>,
    #[command(flatten)]
    pub sources: ActivitySources,
    /// The organisation id in the trail's keys (AWSLogs/<org-id>/<account>/…) [config:
    /// trail_org_id]
    #[arg(long, value_name = "ID")]
    pub trail_org_id: Option<String>,
    /// Regions of the trail to read: Identity Center's [config: trail_regions; default: the
    /// region]
    #[arg(long, value_delimiter = ',', value_name = "REGION,..")]
    pub trail_regions: Vec<String>,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let now = ctx.now();
    let time = |flag: &str, v: &Option<String>| time_flag(flag, v.as_deref(), now);
    let since = time("--since", &args.since)?.unwrap_or(now - jiff::SignedDuration::from_hours(24));
    let until = time("--until", &args.until)?.unwrap_or(now);
    let policy = ctx.policy().await?;
    let services = ctx.services().await?;
    let region = ctx.aws().await?.region.clone();
    let source = source_of(
        ctx,
        &args.sources,
        args.trail_org_id.clone(),
        &args.trail_regions,
        &region,
    );
    let report = check(ctx, &services, &policy, since, until, source, false).await?;
    show(ctx, &report)?;
    match report.findings() {
        0 => Ok(()),
        n => Err(Error::NeedsAttention(format!(
            "{n} finding(s): access elevate did not give. Remove standing access nobody should hold (or set remove_standing = true in the policy for the executor to), and ask who made each change listed"
        ))),
    }
}

/// The executor's section: the check, when it is due (`standing_check_interval`), removing what
/// nothing explains when the policy says so.
pub async fn section(
    ctx: &Ctx,
    services: &Services,
    policy: &crate::domain::Policy,
    runner: &Runner,
    sources: &ActivitySources,
) -> Result<Option<Report>> {
    if runner.person.is_some() {
        return Ok(None);
    }
    let Some(claim) = standing::due(services, ctx.config.standing_check_interval).await? else {
        return Ok(None);
    };
    let now = ctx.now();
    // The window reaches back two intervals and CloudTrail's delivery delay: the next check
    // may come late (it runs on a full pass after the interval), and an event delivered late
    // must still be read. An event in the overlap is listed by two consecutive checks.
    let back = jiff::SignedDuration::try_from(ctx.config.standing_check_interval)
        .unwrap_or(jiff::SignedDuration::from_hours(1))
        * 2
        + jiff::SignedDuration::from_mins(15);
    let outcome = async {
        let region = ctx.aws().await?.region.clone();
        let source = source_of(ctx, sources, None, &[], &region);
        check(
            ctx,
            services,
            policy,
            now.checked_sub(back).unwrap_or(now),
            now,
            source,
            policy.settings.remove_standing,
        )
        .await
    }
    .await;
    // A check that could not run, whole or in part, is tried again on the next pass.
    if outcome.as_ref().map_or(true, |r| !r.problems.is_empty()) {
        standing::release(services, &claim).await;
    }
    outcome.map(Some)
}

async fn check(
    ctx: &Ctx,
    services: &Services,
    policy: &crate::domain::Policy,
    since: jiff::Timestamp,
    until: jiff::Timestamp,
    source: Option<crate::workflow::activity::Source>,
    remove: bool,
) -> Result<Report> {
    let aws = ctx.aws().await?;
    let log = super::app::activity_log(&aws);
    let caller_account = services.directory.caller().await?.account;
    // Identity Center's calls are recorded in the account they are made in: the instance's
    // owner, and (with a delegated administrator) the account elevate runs in.
    let mut accounts = Vec::new();
    if source.is_some() {
        accounts.push(services.directory.identity_account().await?);
        if !accounts.contains(&caller_account) {
            accounts.push(caller_account.clone());
        }
    }
    let mut elevate_roles = vec![ctx.config.executor_role_arn.clone().unwrap_or_else(|| {
        let account = ctx
            .config
            .kms_seal_key
            .as_deref()
            .and_then(|k| k.split(':').nth(4))
            .filter(|a| !a.is_empty())
            .unwrap_or(&caller_account);
        format!("arn:aws:iam::{account}:role/elevate-executor")
    })];
    // In direct mode approvers may create schedules and pass the scheduler role: its calls are
    // theirs, and listed.
    if ctx.config.grant_mode == crate::domain::authz::GrantMode::Brokered {
        elevate_roles.extend(ctx.config.scheduler_role_arn.clone());
    }
    standing::standing(
        services,
        policy,
        Input {
            since,
            until,
            trail: source.as_ref().map(|source| Trail {
                log: &log,
                source,
                accounts: accounts.clone(),
            }),
            elevate_roles,
            remove,
        },
    )
    .await
}

pub(super) fn show(ctx: &Ctx, report: &Report) -> Result<()> {
    if ctx.out.format == Format::Json {
        return ctx.out.json(report);
    }
    show_text(ctx, report)
}

/// The report as text (also the executor's section).
pub(super) fn show_text(ctx: &Ctx, report: &Report) -> Result<()> {
    if report.permission_sets.is_empty() {
        ctx.out.note("no permission set is marked temporary_only in the policy in force: standing assignments were not checked (add [settings] temporary_only = [\"AdministratorAccess\", …])");
    } else if report.standing.is_empty() {
        ctx.out.note(&format!(
            "every assignment of {} is explained by a genuine elevation",
            report.permission_sets.join(", ")
        ));
    } else {
        ctx.out.table(&tables::standing(&report.standing))?;
    }
    match &report.changes {
        None => ctx.out.note(&format!("assignment changes in CloudTrail: {}", report.trail)),
        Some(c) if c.is_empty() => ctx.out.note(&format!(
            "no assignment changes by anyone but elevate in {} from {} to {} (events reach CloudTrail up to 15 minutes late)",
            report.trail,
            crate::domain::format_time(report.since),
            crate::domain::format_time(report.until)
        )),
        Some(c) => ctx.out.table(&tables::assignment_changes(c))?,
    }
    for p in &report.problems {
        ctx.out.warn(p);
    }
    Ok(())
}
