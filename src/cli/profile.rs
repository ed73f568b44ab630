//! `elevate profile`: an AWS profile whose `credential_process` is `elevate credentials`.

use std::path::PathBuf;

use crate::domain::RequestId;
use crate::domain::credentials::{
    profile_name, profile_section, shell_quote, upsert_profile, valid_profile_name,
};
use crate::error::{Error, Result};

use super::Ctx;

/// An AWS profile that uses an elevation: `aws --profile elevate-prod-admin …` works until it
/// ends.
///
/// The profile holds no secret: its `credential_process` runs `elevate credentials <id>`, which
/// asks the access portal with your own Identity Center sign-in each time a tool needs
/// credentials (see `elevate credentials --help`). Once the elevation ends, the profile stops
/// working with an error that says so; `--write` again for a new request replaces it.
///
/// Without --write the section is printed, to paste or append yourself. With --write it is
/// added to your AWS config (AWS_CONFIG_FILE, else ~/.aws/config), or put in place of the one a
/// previous `elevate profile` wrote under that name; a profile of yours by that name is left
/// alone. The name is elevate-<account>-<permission set>, the account by its name in the
/// organisation when elevate can read it.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  elevate profile r-7k3m9x2p4q --write
  aws --profile elevate-prod-admin s3 ls
  elevate profile r-7k3m9x2p4q --name prod >> ~/.aws/config")]
pub struct Args {
    /// The request id
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::request_ids))]
    pub id: RequestId,
    /// Add the profile to your AWS config instead of printing it
    #[arg(long)]
    pub write: bool,
    /// The profile's name [default: elevate-<account>-<permission set>]
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let store = ctx.store().await?;
    let r = crate::workflow::show::show(store.as_ref(), &args.id)
        .await?
        .request;
    if r.status.is_final() {
        return Err(Error::Conflict(format!(
            "request {} is {}: it gives no access any more, so a profile for it would only fail. Ask again with `elevate request`",
            r.id, r.status
        )));
    }
    let name = match args.name {
        Some(n) if valid_profile_name(&n) => n,
        Some(n) => {
            return Err(Error::Usage(format!(
                "--name {:?} cannot be an AWS profile's name elevate writes: use letters, digits and - _ . @ + (and not `default`, which is yours)",
                crate::render::clean(&n)
            )));
        }
        None => profile_name(
            &account_label(ctx, &r.account_id).await,
            &r.permission_set.name,
        ),
    };
    let section = profile_section(&name, &command(ctx, &r.id)?, ctx.config.region.as_deref())
        .map_err(Error::Config)?;
    if !args.write {
        return ctx.out.raw(&section);
    }
    let path = aws_config_path()?;
    write_profile(&path, &name, &section)?;
    ctx.out.note(&format!(
        "added profile {name} to {} for {}: aws --profile {name} sts get-caller-identity",
        path.display(),
        r.id
    ));
    if ctx.out.quiet || ctx.out.format == crate::render::Format::Json {
        return match ctx.out.format {
            crate::render::Format::Json => ctx.out.json(&serde_json::json!({
                "profile": name,
                "file": path.display().to_string(),
                "request": r.id,
            })),
            crate::render::Format::Table => ctx.out.line(&name),
        };
    }
    Ok(())
}

/// The account's name in the organisation, else its id: names read better in a profile, and
/// a profile is still made when the organisation cannot be read.
async fn account_label(ctx: &Ctx, account_id: &str) -> String {
    let found = match ctx.services().await {
        Ok(svc) => svc.org.account(account_id).await.ok().flatten(),
        Err(_) => None,
    };
    match found {
        Some(a) if !a.name.trim().is_empty() => a.name,
        _ => account_id.to_string(),
    }
}

/// The `credential_process` line: this binary, for this request, with what it needs to find the
/// same ledger and sign-in from whatever directory a tool runs it in.
fn command(ctx: &Ctx, id: &RequestId) -> Result<String> {
    let exe = std::env::current_exe().map_err(|e| {
        Error::Io(format!(
            "cannot tell where the elevate binary is ({e}): write the profile by hand, with credential_process = elevate credentials {id}"
        ))
    })?;
    let word = |s: &str| shell_quote(s);
    // A tool waits on the line while it runs: a sign-in without the role fails in seconds,
    // not after `credentials`' two minutes (a fresh grant is confirmed before it is shown).
    let mut parts = vec![
        word(&exe.to_string_lossy()),
        "credentials".to_string(),
        id.to_string(),
        "--timeout".into(),
        "20s".into(),
    ];
    if let Some(p) = crate::aws::portal::selected_profile(ctx.config.profile.as_deref()) {
        parts.extend(["--profile".into(), word(&p)]);
    }
    if let Some(f) = &ctx.config.file {
        parts.extend(["--config".into(), word(&absolute(f).to_string_lossy())]);
    }
    let store = match &ctx.config.store {
        crate::store::Location::Sqlite(p) => format!("sqlite:{}", absolute(p).display()),
        other => other.to_string(),
    };
    parts.extend(["--store".into(), word(&store)]);
    if let Some(r) = &ctx.config.region {
        parts.extend(["--region".into(), word(r)]);
    }
    if let Some(u) = &ctx.config.sso_start_url {
        // Not a flag: the environment the tools run in may not carry ELEVATE_SSO_START_URL.
        parts.insert(0, format!("env ELEVATE_SSO_START_URL={}", word(u)));
    }
    Ok(parts.join(" "))
}

fn absolute(p: &std::path::Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Where the AWS CLI and SDKs read profiles: AWS_CONFIG_FILE, else ~/.aws/config.
fn aws_config_path() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os("AWS_CONFIG_FILE").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    dirs::home_dir()
        .map(|h| h.join(".aws").join("config"))
        .ok_or_else(|| {
            Error::Config(
                "cannot find your home directory to write ~/.aws/config: set AWS_CONFIG_FILE, or print the profile (without --write) and add it yourself".into(),
            )
        })
}

/// Adds or replaces the section in the file as one rename, so a tool reading the config at the
/// same moment sees the old file or the new, never half of one.
fn write_profile(path: &std::path::Path, name: &str, section: &str) -> Result<()> {
    let fail = |what: &str, e: std::io::Error| {
        Error::Io(format!(
            "cannot {what} {}: {e}. Print the profile (without --write) and add it yourself",
            path.display()
        ))
    };
    // A config kept elsewhere and linked (dotfiles) is written where it is kept.
    let resolved = std::fs::canonicalize(path).ok();
    let path = resolved.as_deref().unwrap_or(path);
    let old = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(fail("read", e)),
    };
    let new = upsert_profile(&old, name, section).map_err(Error::Conflict)?;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| fail("create the directory of", e))?;
    let temp = dir.join(format!(
        ".{}.elevate-{}",
        path.file_name()
            .map_or("config".into(), |n| n.to_string_lossy()),
        std::process::id()
    ));
    let written = (|| {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            // The AWS config is the user's alone, as `aws configure` leaves it.
            options.mode(0o600);
        }
        let mut f = options.open(&temp)?;
        std::io::Write::write_all(&mut f, new.as_bytes())?;
        f.sync_all()?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&temp, meta.permissions())?;
        }
        std::fs::rename(&temp, path)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(fail("write", e));
    }
    Ok(())
}
