//! `elevate init`

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::render::Format;
use crate::store::Location;
use crate::workflow::init::{Groups, check_groups, config_text, discover, starting_policy};

use super::Ctx;

/// Write your config and a starting policy from what your credentials find.
///
/// With your own AWS session (sign in first: `aws sso login`), init finds the IAM Identity
/// Center instance, its identity store and region (ListInstances), the identity account (the
/// instance's owner, where people sign in), the organisation's management account, and the
/// permission sets people may ask for (all but elevate's own). It writes:
///
///   config.toml  region, instance_arn, identity_store_id, identity_account, and the --profile
///                and --store you gave (with a DynamoDB ledger, the seal key `setup` made for
///                it, found by its alias);
///   policy.toml  one rule: --requesters may ask for any of those permission sets on any
///                account but the management account, for up to 4h, approved by one of
///                --approvers. Review it; for a team, an admin applies it (`policy apply`).
///
/// Both go where elevate reads them (--config, --policy, else $XDG_CONFIG_HOME/elevate/). An
/// existing file is never overwritten without --force, and nothing is written unless
/// everything was found and the policy checks. On a terminal it shows what it found and asks
/// before writing; --yes (or no terminal) writes at once.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  elevate init
  elevate --profile work init --requesters Engineers --approvers Approvers --yes
  elevate --store dynamodb:elevate-ledger --region eu-west-1 init --force")]
pub struct Args {
    /// Identity Center group whose members may ask (the starting policy's principals)
    #[arg(long, value_name = "GROUP")]
    pub requesters: Option<String>,
    /// Identity Center group whose members approve
    #[arg(long, value_name = "GROUP")]
    pub approvers: Option<String>,
    /// Write without asking
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Overwrite a config or policy file that exists
    #[arg(long)]
    pub force: bool,
}

#[derive(serde::Serialize)]
struct Written<'a> {
    found: &'a crate::workflow::init::Found,
    config: &'a Path,
    policy: &'a Path,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let config_path = ctx.config.path.clone();
    let policy_path = ctx.config.policy.clone();
    // Before any AWS call: an existing file is refused now, not after the questions.
    for path in [&config_path, &policy_path] {
        if path.exists() && !args.force {
            return Err(Error::Usage(format!(
                "{} exists: pass --force to overwrite it (or --config / --policy to write elsewhere)",
                path.display()
            )));
        }
    }
    let aws = ctx.aws().await?;
    let services = ctx.services().await?;
    let instance = aws
        .instance
        .get()
        .await
        .map(|(arn, store)| (arn.clone(), store.clone()))
        .map_err(|e| {
            Error::Usage(format!(
                "{}: sign in to the account that holds IAM Identity Center (its management or delegated administrator account), or pass --region where it lives",
                e.what_failed()
            ))
        })?;
    let own_sets: Vec<String> = [
        &ctx.config.requester_permission_sets,
        &ctx.config.approver_permission_sets,
        &ctx.config.auditor_permission_sets,
        &ctx.config.admin_permission_sets,
    ]
    .into_iter()
    .flatten()
    .cloned()
    .collect();
    let mut found = discover(&services, aws.region.clone(), instance, &own_sets).await?;
    if let Location::Dynamodb(table) = &ctx.config.store {
        let infra = super::setup::infrastructure(&aws);
        found.seal_key = match crate::workflow::ports::Infrastructure::seal_key(
            &infra,
            &format!("alias/elevate-seal/{table}"),
        )
        .await
        {
            Ok(key) => key.map(|k| k.arn),
            Err(e) => {
                ctx.out.warn(&format!(
                    "could not look for the ledger's seal key ({}): set kms_seal_key yourself",
                    e.what_failed()
                ));
                None
            }
        }
        .or(ctx.config.kms_seal_key.clone());
    }
    let groups = Groups {
        requesters: ctx.value(
            args.requesters,
            "--requesters",
            "Group whose members may ask for access",
            "name the Identity Center group whose members may ask (e.g. --requesters Engineers)",
        )?,
        approvers: ctx.value(
            args.approvers,
            "--approvers",
            "Group whose members approve",
            "name the Identity Center group whose members approve (e.g. --approvers Approvers)",
        )?,
    };
    check_groups(&services, &groups, &found.identity_store_id).await?;
    let today = ctx.now().strftime("%Y-%m-%d").to_string();
    let policy = starting_policy(&found, &groups, &today)?;
    let store = ctx
        .config
        .settings
        .iter()
        .any(|s| s.key == "store" && s.source != "default" && s.source != "config file")
        .then(|| ctx.config.store.to_string());
    let config = config_text(
        &found,
        ctx.config.profile.as_deref(),
        store.as_deref(),
        ctx.config.policy_explicit.then_some(policy_path.as_path()),
        &today,
    );
    if ctx.out.format == Format::Table {
        ctx.out.table(&crate::render::tables::found(&found))?;
    }
    if ctx.out.interactive && !args.yes {
        let write = super::prompt::confirm(&format!(
            "Write {} and {}?",
            config_path.display(),
            policy_path.display()
        ))?;
        if !write {
            return Err(Error::Cancelled("nothing was written".into()));
        }
    }
    write_new(&[(&config_path, &config), (&policy_path, &policy)])?;
    match ctx.out.format {
        Format::Json => ctx.out.json(&Written {
            found: &found,
            config: &config_path,
            policy: &policy_path,
        })?,
        Format::Table => {
            ctx.out.note(&format!(
                "wrote {} and {}",
                config_path.display(),
                policy_path.display()
            ));
            ctx.out.note(if ctx.config.store.is_shared() {
                "next: `elevate doctor`; an admin applies the policy with `elevate policy apply`"
            } else {
                "next: `elevate doctor`, then `elevate request`"
            });
        }
    }
    Ok(())
}

/// Writes each file whole (a temporary file beside it, then renamed): a failure leaves the old
/// file, or none, never half of one. The config is written last, so a policy that could not be
/// written leaves no config pointing at nothing.
fn write_new(files: &[(&PathBuf, &String)]) -> Result<()> {
    for (path, text) in files.iter().rev() {
        let dir = path.parent().unwrap_or(Path::new("."));
        let fail =
            |e: std::io::Error| Error::Config(format!("cannot write {}: {e}", path.display()));
        std::fs::create_dir_all(dir).map_err(fail)?;
        let tmp = path.with_extension("toml.new");
        std::fs::write(&tmp, text).map_err(fail)?;
        std::fs::rename(&tmp, path).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            fail(e)
        })?;
    }
    Ok(())
}
