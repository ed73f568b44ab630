//! `elevate iam-policy`

use crate::domain::iam::{self, IMPLIED, Role};
use crate::error::Result;

use super::Ctx;

/// Print a least-privilege IAM policy (JSON) for one role, or the seal key's key policy.
///
/// Roles: requester (request, cancel, extend, list, show, eligible), approver (approve, reject,
/// revoke), auditor (list --all, show: the ledger only), executor (executor, reconcile), admin
/// (setup, policy apply) and scheduler (the role EventBridge Scheduler assumes when a schedule
/// fires). In brokered mode (grant_mode, the default on a DynamoDB ledger) only the executor
/// may create or delete assignments and schedules or pass the scheduler role: requesters and
/// approvers write their own sealed requests and decisions (`R#` items) and nothing else.
/// Resources are scoped to what the configuration names: the Identity Center instance and
/// identity store, the ledger table, the schedule group and the scheduler role; what it does not
/// name is a wildcard.
///
/// `kms-key` prints the seal key's policy: each kind of decision may be sealed only by the
/// principals that may make it (approvals by the approver permission set's roles, policy versions
/// by the admin, grants and ends by the executor), only in their own name (`elevate:actor` must
/// be the caller's `aws:userid`), and nobody else — not even an account administrator with
/// `kms:*` — may seal anything. No AWS call is made.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  elevate iam-policy approver --account 111122223333 > approver.json
  aws iam put-role-policy --role-name elevate-approver --policy-name elevate \\
      --policy-document file://approver.json
  elevate iam-policy scheduler --trust     # the scheduler role's trust policy
  elevate iam-policy approver --permission-set > approver.json
  aws sso-admin put-inline-policy-to-permission-set \\
      --instance-arn <instance> \\
      --permission-set-arn <ElevateApprover's ARN> \\
      --inline-policy file://approver.json")]
pub struct Args {
    /// requester, approver, auditor, executor, admin, scheduler, or kms-key (the seal key's
    /// key policy)
    #[arg(value_parser = subject)]
    pub role: Subject,
    /// The AWS account elevate runs in [default: from scheduler_role_arn, else any]
    #[arg(long, value_name = "ID")]
    pub account: Option<String>,
    /// Print the role's trust policy instead (scheduler only)
    #[arg(long)]
    pub trust: bool,
    /// People's roles (requester, approver, auditor, admin): print it as the inline policy of
    /// their Identity Center permission set, and how to put it there
    #[arg(long, conflicts_with = "trust")]
    pub permission_set: bool,
    /// The session-activity sources auditors read
    #[command(flatten)]
    pub sources: super::activity::ActivitySources,
}

/// What `iam-policy` prints a policy for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Role(Role),
    /// The seal key's key policy.
    KmsKey,
}

fn subject(s: &str) -> std::result::Result<Subject, String> {
    if s.trim().eq_ignore_ascii_case("kms-key") {
        return Ok(Subject::KmsKey);
    }
    s.parse::<Role>()
        .map(Subject::Role)
        .map_err(|e| format!("{e}, or kms-key"))
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let role = match args.role {
        Subject::Role(role) => role,
        Subject::KmsKey => {
            let scope = ctx
                .config
                .seal_scope(
                    args.account.as_deref(),
                    ctx.config.identity_account.as_deref(),
                )
                .map_err(crate::error::Error::Usage)?;
            let doc = crate::domain::key_policy::key_policy(&scope).map_err(|e| {
                crate::error::Error::Config(format!("the seal key's policy cannot be written: {e}"))
            })?;
            let text = serde_json::to_string_pretty(&doc).map_err(crate::render::json_failed)?;
            return ctx.out.line(&text);
        }
    };
    let mut scope = ctx.config.iam_scope(None, args.account.clone());
    let activity = ctx.config.activity(crate::config::Activity {
        event_data_store: args.sources.event_data_store.clone(),
        trail_bucket: args.sources.trail_bucket.clone(),
        ..Default::default()
    });
    scope.event_data_store = activity.event_data_store;
    scope.trail_bucket = activity.trail_bucket;
    let people = matches!(
        role,
        Role::Requester | Role::Approver | Role::Auditor | Role::Admin
    );
    if args.permission_set && !people {
        return Err(crate::error::Error::Usage(format!(
            "--permission-set is for the roles people sign in with (requester, approver, auditor, admin); the {role} role is an IAM role: attach the policy with `aws iam put-role-policy`"
        )));
    }
    let doc = if args.trust {
        if role != Role::Scheduler {
            return Err(crate::error::Error::Usage(format!(
                "--trust is for the scheduler role; the {} role is assumed however your organisation signs people in (SSO, web identity)",
                role
            )));
        }
        iam::scheduler_trust(&scope)
    } else {
        iam::policy(role, &scope)
    };
    if doc["Statement"].as_array().is_none_or(|s| s.is_empty()) {
        // IAM rejects a policy with no statement: say so rather than print one.
        ctx.out.note(&format!(
            "the {role} role needs no IAM permission with this configuration{}: attach nothing",
            if scope.table.is_none() {
                " (the ledger is a local SQLite file, read without AWS)"
            } else {
                ""
            }
        ));
        return Ok(());
    }
    let text = serde_json::to_string_pretty(&doc).map_err(crate::render::json_failed)?;
    ctx.out.line(&text)?;
    if args.permission_set {
        ctx.out.note(&format!(
            "people sign in through Identity Center: put this on the {role} permission set ({}) with `aws sso-admin put-inline-policy-to-permission-set`, then `aws sso-admin provision-permission-set` to the accounts it is assigned in",
            match role {
                Role::Requester => ctx.config.requester_permission_sets.join(", "),
                Role::Approver => ctx.config.approver_permission_sets.join(", "),
                Role::Auditor => ctx.config.auditor_permission_sets.join(", "),
                _ => ctx.config.admin_permission_sets.join(", "),
            }
        ));
    }
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
    if matches!(role, Role::Approver | Role::Executor) {
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
