//! `elevate setup`

use crate::aws::setup::AwsInfrastructure;
use crate::error::{Error, Result};
use crate::render::Format;
use crate::store::Location;
use crate::workflow::setup::{SetupInput, setup};

use super::Ctx;
use super::iam_policy::scope;

/// Create, or check, what elevate needs in this account: the ledger table, the schedule group
/// and the scheduler role.
///
/// With --store dynamodb:<table>, the table is created on demand, with point-in-time recovery,
/// TTL on leases only, deletion protection, and encryption with the AWS-owned key or the
/// customer key given by --kms-key / kms_key. An existing table is checked: a table encrypted
/// otherwise than config says, or missing elevate's indexes, is reported (exit 1), not changed.
/// The schedule group is created if missing. The scheduler role is created with --create-roles,
/// otherwise reported with how to create it. Safe to run twice; --dry-run changes nothing.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  elevate --store dynamodb:elevate-ledger setup --dry-run
  elevate --store dynamodb:elevate-ledger setup --create-roles --kms-key arn:aws:kms:eu-west-1:111122223333:key/1234abcd-...")]
pub struct Args {
    /// Show what would be created or changed, and change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Create the scheduler role if it is missing (needs iam:CreateRole and iam:PutRolePolicy)
    #[arg(long)]
    pub create_roles: bool,
    /// Customer-managed KMS key (ARN or key id) for the ledger table [default: kms_key from
    /// config, else the AWS-owned key]
    #[arg(long, value_name = "ARN|ID")]
    pub kms_key: Option<String>,
    /// Name of the scheduler role
    #[arg(long, value_name = "NAME", default_value = "elevate-scheduler")]
    pub role_name: String,
    /// Create the seal key even for an SQLite ledger (a DynamoDB ledger always gets one); it is
    /// named alias/elevate-seal/<table>, so a second run finds it
    #[arg(long)]
    pub seal_key: bool,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    if args
        .kms_key
        .as_deref()
        .is_some_and(|k| k.starts_with("alias/"))
    {
        return Err(Error::Usage(
            "--kms-key: give the key's ARN or id, not an alias, so setup can check the table is encrypted with that very key".into(),
        ));
    }
    let aws = ctx.aws().await?;
    let caller = ctx.services().await?.directory.caller().await?;
    let mut scope = scope(&ctx.config, Some(aws.region.clone()), Some(caller.account));
    let table = match &ctx.config.store {
        Location::Dynamodb(t) => Some(t.clone()),
        Location::Sqlite(_) => None,
    };
    if scope.scheduler_role_arn.is_none() {
        scope.scheduler_role_arn = Some(format!(
            "arn:aws:iam::{}:role/{}",
            scope.account.clone().unwrap_or_default(),
            args.role_name
        ));
    }
    let infra = AwsInfrastructure {
        dynamodb: aws.dynamodb.clone(),
        scheduler: aws.scheduler.clone(),
        iam: aws.iam.clone(),
        kms: aws.kms.clone(),
    };
    let seal_policy = super::iam_policy::seal_scope(
        &ctx.config,
        scope.account.as_deref(),
        ctx.config.identity_account.as_deref(),
    )
    .and_then(|s| crate::domain::key_policy::key_policy(&s).map_err(|e| e.to_string()));
    let shared = table.is_some();
    let seal_alias = format!(
        "alias/elevate-seal/{}",
        match &ctx.config.store {
            Location::Dynamodb(t) => t.as_str(),
            Location::Sqlite(_) => "sqlite",
        }
    );
    let report = setup(
        &infra,
        &SetupInput {
            table,
            kms_key: args.kms_key.or(ctx.config.kms_key.clone()),
            schedule_group: ctx.config.schedule_group.clone(),
            create_roles: args.create_roles,
            scheduler_role_name: args.role_name.clone(),
            dry_run: args.dry_run,
            create_seal_key: args.seal_key || shared,
            seal_key: ctx.config.kms_seal_key.clone(),
            seal_policy,
            seal_alias,
            scope,
        },
    )
    .await?;
    match ctx.out.format {
        Format::Json => ctx.out.json(&report)?,
        Format::Table => ctx.out.line(&crate::render::tables::setup(&report.items))?,
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
