//! `elevate iam-policy`

use crate::config::Config;
use crate::domain::iam::{self, IMPLIED, Role, Scope};
use crate::error::Result;
use crate::store::Location;

use super::Ctx;

/// Print a least-privilege IAM policy (JSON) for one role.
///
/// Roles: requester (request, cancel, extend, list, show, eligible), approver (approve, reject,
/// revoke), auditor (list --all, show: the ledger only), executor (reconcile), admin (setup,
/// policy apply) and scheduler (the role EventBridge Scheduler assumes when a schedule fires).
/// Resources are scoped to what the configuration names: the Identity Center instance and
/// identity store, the ledger table, the schedule group and the scheduler role; what it does not
/// name is a wildcard. No AWS call is made.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  elevate iam-policy approver --account 111122223333 > approver.json
  aws iam put-role-policy --role-name elevate-approver --policy-name elevate \\
      --policy-document file://approver.json
  elevate iam-policy scheduler --trust     # the scheduler role's trust policy")]
pub struct Args {
    /// requester, approver, auditor, executor, admin or scheduler
    pub role: Role,
    /// The AWS account elevate runs in [default: from scheduler_role_arn, else any]
    #[arg(long, value_name = "ID")]
    pub account: Option<String>,
    /// Print the role's trust policy instead (scheduler only)
    #[arg(long)]
    pub trust: bool,
    /// The session-activity sources auditors read
    #[command(flatten)]
    pub sources: super::audit::ActivitySources,
}

/// What the policies are scoped to, from config (and what the caller knows).
pub fn scope(config: &Config, region: Option<String>, account: Option<String>) -> Scope {
    let account = account.or_else(|| {
        config
            .scheduler_role_arn
            .as_deref()
            .and_then(|arn| arn.split(':').nth(4))
            .filter(|a| !a.is_empty())
            .map(str::to_string)
    });
    Scope {
        region: region.or(config.region.clone()),
        account,
        instance_arn: config.instance_arn.clone(),
        identity_store_id: config.identity_store_id.clone(),
        table: match &config.store {
            Location::Dynamodb(t) => Some(t.clone()),
            Location::Sqlite(_) => None,
        },
        schedule_group: config.schedule_group.clone(),
        scheduler_role_arn: config.scheduler_role_arn.clone(),
        event_data_store: config.event_data_store.clone(),
        trail_bucket: config.trail_bucket.clone(),
        notify_sns_topic: config.notify_sns_topic.clone(),
    }
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let mut scope = scope(&ctx.config, None, args.account.clone());
    scope.event_data_store = args
        .sources
        .event_data_store
        .clone()
        .or(scope.event_data_store);
    scope.trail_bucket = args.sources.trail_bucket.clone().or(scope.trail_bucket);
    let doc = if args.trust {
        if args.role != Role::Scheduler {
            return Err(crate::error::Error::Usage(format!(
                "--trust is for the scheduler role; the {} role is assumed however your organisation signs people in (SSO, web identity)",
                args.role
            )));
        }
        iam::scheduler_trust(&scope)
    } else {
        iam::policy(args.role, &scope)
    };
    let text = serde_json::to_string_pretty(&doc)
        .map_err(|e| crate::error::Error::Config(e.to_string()))?;
    ctx.out.line(&text)?;
    let unscoped: Vec<&str> = [
        (scope.account.is_none(), "the account (--account)"),
        (scope.region.is_none(), "the region (--region)"),
        (
            scope.instance_arn.is_none(),
            "the Identity Center instance (instance_arn)",
        ),
    ]
    .into_iter()
    .filter_map(|(missing, what)| missing.then_some(what))
    .collect();
    if !unscoped.is_empty() {
        ctx.out.warn(&format!(
            "not scoped to {}: config does not name them, so the policy uses wildcards there",
            unscoped.join(", ")
        ));
    }
    if matches!(args.role, Role::Approver | Role::Executor) {
        ctx.out.note(&format!(
            "granted although elevate does not call them itself: {}",
            IMPLIED
                .iter()
                .map(|(a, why)| format!("{a} ({why})"))
                .collect::<Vec<_>>()
                .join("; ")
        ));
    }
    Ok(())
}
