//! CloudTrail activity as commands read it: where from (the flags, then config), the times
//! `--since`/`--until` name, and the standing-access check over it that `audit standing` and the
//! executor run.

use crate::domain::parse_time;
use crate::error::{Error, Result};
use crate::workflow::Services;
use crate::workflow::activity;
use crate::workflow::standing::{self, Input, Report, Trail};

use super::Ctx;

/// Where session activity is read from (shared with `iam-policy`, which scopes the auditor's
/// policy to them).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ActivitySources {
    /// CloudTrail Lake event data store (ARN or id) [config: event_data_store]
    #[arg(
        long,
        env = "ELEVATE_EVENT_DATA_STORE",
        hide_env_values = true,
        value_name = "ARN"
    )]
    pub event_data_store: Option<String>,
    /// S3 bucket of the organisation trail, read when there is no event data store [config:
    /// trail_bucket]
    #[arg(
        long,
        env = "ELEVATE_TRAIL_BUCKET",
        hide_env_values = true,
        value_name = "BUCKET"
    )]
    pub trail_bucket: Option<String>,
}

/// Where the organisation trail's events are in its bucket (`audit --activity`, `audit
/// standing`; the executor reads them from config).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct TrailKeys {
    /// The organisation id in the trail's keys (AWSLogs/<org-id>/<account>/…) [config:
    /// trail_org_id]
    #[arg(
        long,
        env = "ELEVATE_TRAIL_ORG_ID",
        hide_env_values = true,
        value_name = "ID"
    )]
    pub trail_org_id: Option<String>,
    /// Regions of the trail to read [config: trail_regions; default: the region]
    #[arg(long, value_delimiter = ',', value_name = "REGION,..")]
    pub trail_regions: Vec<String>,
}

/// A `--since`/`--until` value (`-30d`, `2026-11-01` in the zone times are shown in, RFC
/// 3339), named in its error.
pub(super) fn time_flag(
    flag: &str,
    value: Option<&str>,
    now: jiff::Timestamp,
) -> Result<Option<jiff::Timestamp>> {
    let tz = crate::render::time::zone();
    value
        .map(|s| parse_time(s, now, tz))
        .transpose()
        .map_err(|e| Error::Usage(format!("{flag}: {e}")))
}

/// Where CloudTrail events are read from: flags, then config; `None` when neither says.
pub(super) fn source_of(
    ctx: &Ctx,
    sources: &ActivitySources,
    trail: &TrailKeys,
    region: &str,
) -> Option<activity::Source> {
    ctx.config
        .activity(crate::config::Activity {
            event_data_store: sources.event_data_store.clone(),
            trail_bucket: sources.trail_bucket.clone(),
            trail_org_id: trail.trail_org_id.clone(),
            trail_regions: trail.trail_regions.clone(),
        })
        .source(region)
}

/// Looks for access elevate did not give, between `since` and `until`.
pub(super) async fn check(
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
