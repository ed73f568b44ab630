//! `elevate init`

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::render::Format;
use crate::store::Location;
use crate::workflow::init::{
    Groups, check_groups, config_text, discover, ledger_seal_key, starting_policy,
};

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
    if same_file(&config_path, &policy_path) {
        return Err(Error::Usage(format!(
            "--config and --policy both name {}: the config and the policy are two files",
            config_path.display()
        )));
    }
    // Before any AWS call: an existing file is refused now, not after the questions (and again
    // when it is written, should one appear meanwhile). A dangling symlink counts as a file.
    for path in [&config_path, &policy_path] {
        if path.symlink_metadata().is_ok() && !args.force {
            return Err(Error::Usage(format!(
                "{} exists: pass --force to overwrite it (or --config / --policy to write elsewhere)",
                path.display()
            )));
        }
    }
    let aws = ctx.aws().await?;
    // No ledger is opened: init runs before a team's ledger has a seal key in anyone's config,
    // and writes nothing but its two files.
    let lookups = ctx.lookups().await?;
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
    let mut found = discover(
        lookups.directory.as_ref(),
        lookups.org.as_ref(),
        lookups.access.as_ref(),
        aws.region.clone(),
        instance,
        &own_sets,
    )
    .await?;
    if let Location::Dynamodb(table) = &ctx.config.store {
        found.seal_key = match ledger_seal_key(&super::app::infrastructure(&aws), table).await {
            Ok(key) => key,
            Err(e) => {
                ctx.out.warn(&format!(
                    "could not look for the ledger's seal key ({e}): set kms_seal_key yourself"
                ));
                None
            }
        }
        .or(ctx.config.kms_seal_key.clone());
        if found.seal_key.is_none() {
            ctx.out.warn(&format!(
                "no seal key was found for dynamodb:{table}: an admin runs `elevate setup`, then you run `elevate init --force` again (or set kms_seal_key)"
            ));
        }
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
    check_groups(
        lookups.directory.as_ref(),
        &groups,
        &found.identity_store_id,
    )
    .await?;
    let today = ctx.now().strftime("%Y-%m-%d").to_string();
    let policy = starting_policy(&found, &groups, &today)?;
    // With --force, what the old file set and init does not find stays (the ledger, the seal
    // key, notifications…): overwriting must not quietly move someone to another ledger.
    let kept = match ctx.config.file.as_ref() {
        Some(old) => std::fs::read_to_string(old)
            .ok()
            .and_then(|t| toml::from_str::<toml::Table>(&t).ok())
            .unwrap_or_default(),
        None => toml::Table::new(),
    };
    let given = |key: &str| ctx.config.given.contains(&key);
    let config = config_text(
        &found,
        kept,
        ctx.config.profile.as_deref().filter(|_| given("profile")),
        given("store")
            .then(|| ctx.config.store.to_string())
            .as_deref(),
        given("policy").then_some(policy_path.as_path()),
        &today,
    );
    if ctx.out.format == Format::Table {
        ctx.out.table(&crate::render::tables::found(&found))?;
    }
    if ctx.out.interactive && !args.yes {
        let write = crate::render::prompt::confirm(&format!(
            "Write {} and {}?",
            config_path.display(),
            policy_path.display()
        ))?;
        if !write {
            return Err(Error::Cancelled("nothing was written".into()));
        }
    }
    write_files(
        &[(&config_path, &config), (&policy_path, &policy)],
        args.force,
    )?;
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

/// Whether two paths name one file (the same path, or, when both exist, the same file).
fn same_file(a: &Path, b: &Path) -> bool {
    a == b
        || matches!(
            (std::fs::canonicalize(a), std::fs::canonicalize(b)),
            (Ok(x), Ok(y)) if x == y
        )
}

/// Writes each file whole: into a new temporary file beside it (created exclusively, under a
/// random name, so nothing planted there is followed), then put in place. Without `force` it
/// is linked in, which fails if a file appeared there meanwhile; with `force` it replaces
/// what is there (a symlink included, not its target). A failure leaves the old file, or
/// none, never half of one; the policy goes first, so a config is never left pointing at a
/// policy that could not be written.
fn write_files(files: &[(&PathBuf, &String)], force: bool) -> Result<()> {
    for (path, text) in files.iter().rev() {
        // Overwriting a symlinked file (dotfiles) writes the file it points to.
        let resolved = if force {
            std::fs::canonicalize(path).ok()
        } else {
            None
        };
        let path = resolved.as_ref().unwrap_or(path);
        let fail = |e: std::io::Error| Error::Io(format!("cannot write {}: {e}", path.display()));
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(fail)?;
        let mut suffix = [0u8; 8];
        getrandom::fill(&mut suffix).map_err(|e| fail(std::io::Error::other(e.to_string())))?;
        let name = path
            .file_name()
            .map_or_else(|| "elevate".into(), |n| n.to_string_lossy().into_owned());
        let tmp = dir.join(format!(
            ".{name}.{}.new",
            suffix
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        ));
        let written = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .and_then(|mut f| {
                std::io::Write::write_all(&mut f, text.as_bytes())?;
                f.sync_all()
            });
        let placed = written.and_then(|()| {
            if force {
                std::fs::rename(&tmp, path)
            } else {
                std::fs::hard_link(&tmp, path)
            }
        });
        // After a rename the temporary name is gone; after a link (or a failure) it remains.
        let _ = std::fs::remove_file(&tmp);
        placed.map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Error::Usage(format!(
                    "{} appeared while init ran: pass --force to overwrite it",
                    path.display()
                ))
            } else {
                fail(e)
            }
        })?;
    }
    Ok(())
}
