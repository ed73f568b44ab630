//! `elevate setup`

use crate::error::{Error, Result};
use crate::render::Format;
use crate::store::Location;
use crate::workflow::infrastructure::{SetupInput, setup};

use super::Ctx;

/// Create, or check, what elevate needs in this account: the ledger table, the schedule group
/// and the scheduler role.
///
/// With --store dynamodb:<table>, the table is created on demand, with point-in-time recovery,
/// TTL on leases only, deletion protection, and encryption with the AWS-owned key or the
/// customer key given by --kms-key / kms_key. An existing table is checked: a table encrypted
/// otherwise than config says, or missing elevate's indexes, is reported (exit 1), not changed.
/// The schedule group is created if missing. The scheduler role is created with --create-roles,
/// otherwise reported with how to create it. Safe to run twice; --dry-run changes nothing.
///
/// `--permission-sets` does something else, in the account that holds Identity Center: it
/// creates the permission sets people sign in with (requester_permission_sets,
/// approver_permission_sets, auditor_permission_sets, admin_permission_sets: the first name of
/// each) and puts on each the inline policy `elevate iam-policy <role> --permission-set` prints,
/// replacing one that differs and provisioning it again. Run it with an Identity Center
/// administrator's credentials, not elevate's admin permission set: whoever may write these
/// policies may give themselves anything, so elevate's own roles are never given that power.
///
/// `--executor` deploys the executor as an AWS Lambda function in the ledger's account: the
/// executor role (trusted by Lambda; the executor's policy and its logs), the function
/// (provided.al2023, this very binary packaged as `bootstrap` when it can run there — a Linux
/// build for x86_64 or arm64 needing glibc 2.34 at most, such as a static musl build — or the
/// package given with --executor-zip), a role that may only invoke it, and a one-minute schedule
/// in elevate's schedule group. The function runs with the ledger, seal key, grant mode and the
/// other settings that have an ELEVATE_* variable; a later run replaces its code when this build
/// differs. Run it with the account administrator's credentials: the executor role is the one
/// principal that may change access.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  elevate --store dynamodb:elevate-ledger setup --dry-run
  elevate --store dynamodb:elevate-ledger setup --permission-sets --dry-run
  elevate --store dynamodb:elevate-ledger setup --create-roles \\
      --kms-key arn:aws:kms:eu-west-1:111122223333:key/1234abcd-...")]
pub struct Args {
    /// Show what would be created or changed, and change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Create the scheduler role if it is missing (needs iam:CreateRole and iam:PutRolePolicy)
    #[arg(long)]
    pub create_roles: bool,
    /// Customer-managed KMS key (ARN or key id) for the ledger table [default: kms_key from
    /// config, else the AWS-owned key]
    #[arg(long, value_name = "ARN|ID", value_parser = crate::config::table_key)]
    pub kms_key: Option<String>,
    /// Name of the scheduler role
    #[arg(long, value_name = "NAME", default_value = "elevate-scheduler")]
    pub role_name: String,
    /// Create the seal key even for an SQLite ledger (a DynamoDB ledger always gets one); it is
    /// named alias/elevate-seal/<table>, so a second run finds it
    #[arg(long)]
    pub seal_key: bool,
    /// Create or update the permission sets people sign in with, each with its role's policy
    /// inline (an Identity Center administrator runs this; nothing else is set up)
    #[arg(long, conflicts_with_all = ["create_roles", "seal_key", "kms_key", "executor"])]
    pub permission_sets: bool,
    /// Deploy the executor as a Lambda function with its role and one-minute schedule (the
    /// account administrator runs this; nothing else is set up)
    #[arg(long, conflicts_with_all = ["create_roles", "seal_key", "kms_key"])]
    pub executor: bool,
    /// With --executor: the function's code package (a zip with `bootstrap` inside) instead of
    /// this binary
    #[arg(long, value_name = "FILE", requires = "executor")]
    pub executor_zip: Option<std::path::PathBuf>,
    /// With --executor: the architecture of --executor-zip's bootstrap
    #[arg(long, value_name = "ARCH", requires = "executor_zip", value_parser = ["x86_64", "arm64"], default_value = "x86_64")]
    pub executor_arch: String,
    /// With --executor: the function's name
    #[arg(
        long,
        value_name = "NAME",
        default_value = "elevate-executor",
        requires = "executor"
    )]
    pub function_name: String,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    if args.permission_sets {
        return permission_sets(ctx, args.dry_run).await;
    }
    if args.executor {
        return executor(ctx, &args).await;
    }
    let aws = ctx.aws().await?;
    let caller = ctx.services().await?.directory.caller().await?;
    let input = SetupInput {
        kms_key: args.kms_key.or(ctx.config.kms_key.clone()),
        create_roles: args.create_roles,
        dry_run: args.dry_run,
        create_seal_key: args.seal_key || ctx.config.store.is_shared(),
        ..ctx
            .config
            .setup_input(aws.region.clone(), caller.account, &args.role_name)
    };
    let report = setup(&super::app::infrastructure(&aws), &input).await?;
    match ctx.out.format {
        Format::Json => ctx.out.json(&report)?,
        Format::Table => ctx
            .out
            .table(&crate::render::tables::setup(&report.items))?,
    }
    if let Some(arn) = &report.scheduler_role_arn
        && ctx.config.scheduler_role_arn.as_deref() != Some(arn.as_str())
    {
        ctx.out.note(&format!(
            "set scheduler_role_arn = \"{arn}\" in the config (or ELEVATE_SCHEDULER_ROLE_ARN) so grants schedule their end"
        ));
    }
    if let Some(arn) = &report.seal_key
        && ctx.config.kms_seal_key.as_deref() != Some(arn.as_str())
    {
        ctx.out.note(&format!(
            "set kms_seal_key = \"{arn}\" in the config (or ELEVATE_KMS_SEAL_KEY): every decision is then sealed by its author, and nothing acts on one that is not"
        ));
    }
    if report.dry_run {
        ctx.out.note("dry run: nothing was changed");
    }
    match report.problems() {
        0 => Ok(()),
        n => Err(Error::NeedsAttention(format!(
            "{n} problem(s) need a person: see above"
        ))),
    }
}

/// `setup --permission-sets`.
async fn permission_sets(ctx: &Ctx, dry_run: bool) -> Result<()> {
    use crate::domain::iam::Role;
    let aws = ctx.aws().await?;
    let services = ctx.services().await?;
    // The policies are scoped to the account elevate's ledger and roles live in: the caller's
    // only when it is that account too (config's scheduler_role_arn names it otherwise).
    let caller = services.directory.caller().await?;
    let scope = ctx.config.iam_scope(Some(aws.region.clone()), None);
    let scope = crate::domain::iam::Scope {
        account: scope.account.clone().or(Some(caller.account)),
        ..scope
    };
    let first = |names: &[String], role: Role| -> Result<String> {
        names.first().cloned().ok_or_else(|| {
            Error::Usage(format!(
                "no permission set is named for the {role} role: set {role}_permission_sets in the config"
            ))
        })
    };
    let config = &ctx.config;
    let mut sets = Vec::new();
    for (role, names) in [
        (Role::Requester, &config.requester_permission_sets),
        (Role::Approver, &config.approver_permission_sets),
        (Role::Auditor, &config.auditor_permission_sets),
        (Role::Admin, &config.admin_permission_sets),
    ] {
        let doc = crate::domain::iam::policy(role, &scope);
        let needed = doc["Statement"].as_array().is_some_and(|s| !s.is_empty());
        sets.push((role, first(names, role)?, needed.then_some(doc)));
    }
    let admin = super::app::permission_sets(&aws, services.access.clone());
    let items = crate::workflow::infrastructure::permission_sets(
        &admin,
        &crate::workflow::infrastructure::PermissionSetsInput {
            sets,
            session_duration: "PT1H".into(),
            dry_run,
        },
    )
    .await?;
    finish(ctx, &items, dry_run, None)
}

/// `setup --executor`.
async fn executor(ctx: &Ctx, args: &Args) -> Result<()> {
    let config = &ctx.config;
    let Location::Dynamodb(table) = &config.store else {
        return Err(Error::Usage(
            "the executor serves a team's shared ledger: set store = \"dynamodb:<table>\" (or --store) and run `elevate setup` first".into(),
        ));
    };
    let (zip, architecture) = match &args.executor_zip {
        Some(path) => (
            std::fs::read(path)
                .map_err(|e| Error::Io(format!("--executor-zip {}: {e}", path.display())))?,
            args.executor_arch.clone(),
        ),
        None => {
            let me = std::env::current_exe()
                .and_then(std::fs::read)
                .map_err(|e| Error::Io(format!("cannot read this binary to package it: {e}")))?;
            let arch = crate::domain::bootstrap::lambda_architecture(&me)
                .map_err(|why| Error::Usage(format!("this binary cannot run on Lambda: {why}")))?;
            let zip = crate::domain::bootstrap::package(&me).map_err(Error::Usage)?;
            (zip, arch.as_str().to_string())
        }
    };
    let aws = ctx.aws().await?;
    let caller = ctx.services().await?.directory.caller().await?;
    let mut scope = config.iam_scope(Some(aws.region.clone()), Some(caller.account));
    scope.grant_mode = crate::domain::authz::GrantMode::Brokered;
    let mut environment = std::collections::BTreeMap::new();
    let mut env = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            environment.insert(k.to_string(), v);
        }
    };
    env("ELEVATE_STORE", Some(format!("dynamodb:{table}")));
    env("ELEVATE_GRANT_MODE", Some("brokered".into()));
    env("ELEVATE_KMS_SEAL_KEY", config.kms_seal_key.clone());
    env(
        "ELEVATE_SCHEDULER_ROLE_ARN",
        config.scheduler_role_arn.clone(),
    );
    env("ELEVATE_INSTANCE_ARN", config.instance_arn.clone());
    env(
        "ELEVATE_IDENTITY_STORE_ID",
        config.identity_store_id.clone(),
    );
    env("ELEVATE_IDENTITY_ACCOUNT", config.identity_account.clone());
    env("ELEVATE_NOTIFY_SNS_TOPIC", config.notify_sns_topic.clone());
    env("ELEVATE_EVENT_DATA_STORE", config.event_data_store.clone());
    env("ELEVATE_TRAIL_BUCKET", config.trail_bucket.clone());
    env("ELEVATE_TRAIL_ORG_ID", config.trail_org_id.clone());
    // JSON logs: one report per invocation, readable in CloudWatch.
    env("ELEVATE_OUTPUT", Some("json".into()));
    if config.kms_seal_key.is_none() {
        ctx.out.warn("no kms_seal_key: the executor would trust an unsealed ledger. Run `elevate setup` and set kms_seal_key first");
    }
    if config.notify_slack_webhook.is_some() {
        ctx.out.warn("the Slack webhook is a secret and is not put in the function's environment (anyone who may read the function's configuration would see it): the executor notifies through notify_sns_topic only");
    }
    let infra = super::app::infrastructure(&aws);
    let items = crate::workflow::infrastructure::executor(
        &infra,
        &crate::workflow::infrastructure::ExecutorInput {
            scope,
            // The role the seal key's policy lets seal grants and ends.
            role_name: config
                .executor_role_arn
                .as_deref()
                .and_then(|arn| arn.rsplit('/').next())
                .unwrap_or("elevate-executor")
                .to_string(),
            invoker_role_name: "elevate-executor-invoker".into(),
            function_name: args.function_name.clone(),
            schedule_name: args.function_name.clone(),
            zip,
            architecture,
            environment,
            dry_run: args.dry_run,
        },
    )
    .await?;
    let next = config.executor_function.is_none().then(|| {
        format!(
            "set executor_function = \"{}\" in everyone's config (or ELEVATE_EXECUTOR_FUNCTION): approve, revoke and request then wake the executor at once instead of waiting for its next pass",
            args.function_name
        )
    });
    finish(ctx, &items, args.dry_run, next)
}

/// Shows what setup found and did (`--permission-sets`, `--executor`), and what to do next;
/// a problem, which a person must decide, is exit 1.
fn finish(
    ctx: &Ctx,
    items: &[crate::workflow::infrastructure::Item],
    dry_run: bool,
    next: Option<String>,
) -> Result<()> {
    match ctx.out.format {
        Format::Json => ctx.out.json(items)?,
        Format::Table => ctx.out.table(&crate::render::tables::setup(items))?,
    }
    if dry_run {
        ctx.out.note("dry run: nothing was changed");
    } else if let Some(next) = next {
        ctx.out.note(&next);
    }
    let problems = items
        .iter()
        .filter(|i| i.outcome == crate::workflow::infrastructure::Outcome::Problem)
        .count();
    match problems {
        0 => Ok(()),
        n => Err(Error::NeedsAttention(format!(
            "{n} problem(s) need a person: see above"
        ))),
    }
}
