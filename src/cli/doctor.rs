//! `elevate doctor`

use crate::error::{Error, Result};
use crate::render::Format;
use crate::workflow::doctor::{Check, Input, Status};

use super::Ctx;

/// Check that elevate can run here, one line per check, each OK or a PROBLEM with the fix.
///
/// In order: the config file; your credentials; this machine's clock against AWS's; the
/// Identity Center instance and identity store; that you are signed in to the identity account
/// (where people's sessions are recognised as people); who elevate takes you for; that the
/// ledger can be read; the policy in force (and its seal); then, as `elevate setup --dry-run`
/// sees them, the ledger table, the seal key and its key policy, the schedule group and the
/// scheduler role and its trust policy; and in a brokered team the executor's function and
/// when the executor last ran. It changes nothing. A check your role may not make (an
/// approver cannot read the key policy) is skipped and says who can.
///
/// Exit status: 0 when nothing is a PROBLEM, 1 otherwise.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  elevate doctor
  elevate --profile elevate-approver doctor
  elevate doctor -o json | jq -r '.[] | select(.status == \"problem\") | .fix'")]
pub struct Args {
    /// Name of the scheduler role when scheduler_role_arn is not set
    #[arg(long, value_name = "NAME", default_value = "elevate-scheduler")]
    pub role_name: String,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let checks = checks(ctx, &args).await;
    show(ctx, &checks)
}

async fn checks(ctx: &Ctx, args: &Args) -> Vec<Check> {
    let config_file = ctx.config.file.as_ref().map(|f| f.display().to_string());
    let aws = match ctx.aws().await {
        Ok(aws) => aws,
        Err(e) => {
            return vec![
                Check::new("config", Status::Ok, config_file.unwrap_or_else(|| "no config file".into()), None),
                Check::new(
                    "credentials",
                    Status::Problem,
                    e.to_string(),
                    Some("sign in (`aws sso login`, with --profile if you use one) and run `elevate doctor` again".into()),
                ),
            ];
        }
    };
    // Opening an SQLite ledger creates it: said, so a mistyped path is not taken for the ledger.
    let created = match &ctx.config.store {
        crate::store::Location::Sqlite(path) => path.symlink_metadata().is_err(),
        crate::store::Location::Dynamodb(_) => false,
    };
    let services = match ctx.services().await {
        Ok(s) => s,
        Err(e) => {
            return vec![Check::new(
                "config",
                Status::Problem,
                e.to_string(),
                Some(
                    "correct the config (`elevate config` shows every value and its source)".into(),
                ),
            )];
        }
    };
    let instance = aws
        .instance
        .get()
        .await
        .map(|(arn, store)| (arn.clone(), store.clone()))
        .map_err(|e| e.what_failed());
    let setup = match services.directory.caller().await {
        Ok(caller) => Some(ctx.config.setup_input(
            aws.region.clone(),
            caller.account,
            &args.role_name,
        )),
        Err(_) => None,
    };
    let input = Input {
        config_file,
        instance,
        shared: ctx.config.store.is_shared(),
        ledger_created: created,
        ledger: ctx.config.store.to_string(),
        grant_mode: ctx.config.grant_mode,
        executor_function: ctx.config.executor_function.clone(),
        setup,
        profile: ctx.config.profile.clone(),
        scheduler_configured: ctx.config.scheduler_role_arn.is_some(),
        policy_file: {
            // Read and checked as a command deciding by it would: a file that is there but
            // does not parse decides nothing.
            ctx.policy_file()
                .map_err(|e| e.to_string())
                .and_then(|(text, shown)| {
                    crate::domain::Policy::parse(&text, &shown)
                        .map(|_| shown)
                        .map_err(|e| format!("the policy file does not check: {e}"))
                })
        },
    };
    let infra = super::app::infrastructure(&aws);
    match crate::workflow::doctor::doctor(&services, &infra, &input).await {
        Ok(checks) => checks,
        Err(e) => vec![Check::new("doctor", Status::Problem, e.to_string(), None)],
    }
}

/// The checks, and exit 1 when any is a problem.
pub fn show(ctx: &Ctx, checks: &[Check]) -> Result<()> {
    match ctx.out.format {
        Format::Json => ctx.out.json(checks)?,
        Format::Table => ctx.out.table(&crate::render::tables::doctor(checks))?,
    }
    finish(checks)
}

fn finish(checks: &[Check]) -> Result<()> {
    match checks
        .iter()
        .filter(|c| c.status == Status::Problem)
        .count()
    {
        0 => Ok(()),
        n => Err(Error::NeedsAttention(format!(
            "{n} problem(s): each says what to do"
        ))),
    }
}

/// When the configuration itself cannot be read, that is the one check there is.
pub fn config_problem(e: &Error, json: bool) -> Result<()> {
    let checks = [Check::new(
        "config",
        Status::Problem,
        e.to_string(),
        Some("correct the config file, flag or ELEVATE_* variable named (`elevate config` lists every setting and its source)".into()),
    )];
    if json {
        crate::render::stdout_bytes(
            format!(
                "{}\n",
                serde_json::to_string_pretty(&checks).unwrap_or_default()
            )
            .as_bytes(),
        )?;
    } else {
        crate::render::stdout_bytes(crate::render::tables::doctor(&checks).tsv().as_bytes())?;
    }
    finish(&checks)
}
