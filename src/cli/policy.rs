//! `elevate policy`

use std::path::PathBuf;

use jiff::SignedDuration;
use serde::Serialize;

use crate::domain::{Policy, PolicyError, PrincipalRef};
use crate::error::{Error, Result};
use crate::render::{Format, clean, tables};
use crate::workflow::explain::explain;
use crate::workflow::in_force;
use crate::workflow::policy::{apply, check_online};

use super::Ctx;

/// Policy as code: check, apply, show, compare and explain the rules.
///
/// Once a policy has been applied to the ledger it is the one every command decides by; the
/// local policy file is then only read by `check`, `apply` and `diff`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: Sub,
}

#[derive(Debug, clap::Subcommand)]
pub enum Sub {
    Check(CheckArgs),
    Apply(ApplyArgs),
    Show(ShowArgs),
    Diff(DiffArgs),
    History,
    Explain(ExplainArgs),
}

/// Validate a policy file: syntax, values, and (unless --offline) every user, group,
/// permission set, account and OU it names.
///
/// Every problem is printed as file:line:column: what is wrong and what to write instead. Exit 0
/// when the policy is valid, 1 when it is not.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The policy file [default: the configured policy file]
    pub file: Option<PathBuf>,
    /// Do not look names up in AWS
    #[arg(long)]
    pub offline: bool,
}

/// Store a policy file in the ledger as the next version (after checking it as `check` does).
#[derive(Debug, clap::Args)]
pub struct ApplyArgs {
    /// The policy file [default: the configured policy file]
    pub file: Option<PathBuf>,
    /// Do not look names up in AWS before applying
    #[arg(long)]
    pub offline: bool,
}

/// Print the policy in force (or an older version) with who applied it and when.
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// A version number from `elevate policy history` [default: the latest]
    #[arg(long, value_name = "N")]
    pub version: Option<u64>,
}

/// Show what would change: the latest applied version against a file, or two versions.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  elevate policy diff                 # applied → the configured policy file\n  elevate policy diff new.toml\n  elevate policy diff --from 3 --to 5"
)]
pub struct DiffArgs {
    /// The file to compare with [default: the configured policy file]
    pub file: Option<PathBuf>,
    /// Version to compare from [default: the latest applied]
    #[arg(long, value_name = "N")]
    pub from: Option<u64>,
    /// Version to compare to, instead of a file
    #[arg(long, value_name = "N", conflicts_with = "file")]
    pub to: Option<u64>,
}

/// Explain whether a principal may request a permission set on an account, under which rules,
/// who approves and how many approvals are needed, or exactly why not.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  elevate policy explain --principal user:alice --account prod-payments \\
      --permission-set AdministratorAccess --duration 3h"
)]
pub struct ExplainArgs {
    /// Who would receive the access
    #[arg(long, value_name = "user:NAME|group:NAME")]
    pub principal: PrincipalRef,
    /// Account id or name
    #[arg(long, short = 'a', value_name = "ID|NAME", add = clap_complete::ArgValueCandidates::new(super::complete::accounts))]
    pub account: String,
    /// Permission set name or ARN
    #[arg(long, short = 'p', value_name = "NAME|ARN", add = clap_complete::ArgValueCandidates::new(super::complete::permission_sets))]
    pub permission_set: String,
    /// Duration to check [default: the policy's default]
    #[arg(long, short = 'd', value_parser = super::duration_arg, value_name = "DURATION")]
    pub duration: Option<SignedDuration>,
    /// Explain a break-glass request
    #[arg(long)]
    pub break_glass: bool,
}

#[derive(Serialize)]
struct CheckReport<'a> {
    file: String,
    valid: bool,
    version: Option<&'a str>,
    rules: usize,
    denies: usize,
    problems: Vec<Problem>,
}

#[derive(Serialize)]
struct Problem {
    line: usize,
    column: usize,
    message: String,
}

fn read(path: &std::path::Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| {
        Error::Io(format!(
            "cannot read the policy file {}: {e}",
            path.display()
        ))
    })
}

/// Parses and, unless offline, checks the file against AWS. With `report`, prints the report as
/// `check`'s output; otherwise only problems, on stderr. Returns the policy only when it is valid.
async fn checked(
    ctx: &Ctx,
    file: Option<PathBuf>,
    offline: bool,
    report: bool,
) -> Result<(Policy, String)> {
    let path = file.unwrap_or_else(|| ctx.config.policy.clone());
    let origin = path.display().to_string();
    let text = read(&path)?;
    let (policy, problems) = match Policy::parse(&text, &origin) {
        Ok(policy) => {
            let problems = if offline {
                Vec::new()
            } else {
                check_online(&ctx.services().await?, &policy, &text, &origin).await?
            };
            (Some(policy), problems)
        }
        Err(e) => (None, vec![e]),
    };
    let valid = policy.is_some() && problems.is_empty();
    if !report {
        for p in &problems {
            crate::render::problem(&p.to_string());
        }
    }
    match ctx.out.format {
        _ if !report => {}
        Format::Json => ctx.out.json(&CheckReport {
            file: origin.clone(),
            valid,
            version: policy.as_ref().map(|p| p.version.as_str()),
            rules: policy.as_ref().map_or(0, |p| p.rules.len()),
            denies: policy.as_ref().map_or(0, |p| p.denies.len()),
            problems: problems
                .iter()
                .map(|p| Problem {
                    line: p.line,
                    column: p.column,
                    message: p.message.clone(),
                })
                .collect(),
        })?,
        Format::Table => {
            for p in &problems {
                ctx.out.line(&clean(&p.to_string()))?;
            }
        }
    }
    match policy {
        Some(policy) if valid => {
            ctx.out.note(&format!(
                "{origin}: valid ({} rules, {} denies, version {}){}",
                policy.rules.len(),
                policy.denies.len(),
                policy.version,
                if offline {
                    "; names not checked (--offline)"
                } else {
                    ""
                }
            ));
            Ok((policy, text))
        }
        _ => Err(Error::Policy(PolicyError {
            origin,
            line: problems.first().map_or(1, |p| p.line),
            column: problems.first().map_or(1, |p| p.column),
            message: format!("{} problem(s): the policy is not valid", problems.len()),
        })),
    }
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    match args.command {
        Sub::Check(a) => checked(ctx, a.file, a.offline, true).await.map(|_| ()),
        Sub::Apply(a) => {
            let (policy, text) = checked(ctx, a.file, a.offline, false).await?;
            let services = ctx.services().await?;
            let actor = ctx.actor().await?;
            let applied = apply(&services, &policy, &text, &actor).await?;
            let v = &applied.version;
            ctx.out.note(&if applied.unchanged {
                format!(
                    "unchanged: version {} ({}) is already in force",
                    v.number, v.hash
                )
            } else {
                format!(
                    "applied as version {} ({}); every decision from now on uses it",
                    v.number, v.hash
                )
            });
            match ctx.out.format {
                Format::Json => ctx.out.json(v),
                Format::Table => Ok(()),
            }
        }
        Sub::Show(a) => {
            // Only versions that hold are shown: on a sealed ledger, the ones whose seals hold.
            let store = ctx.store().await?;
            let (valid, problems, held_back) = if ctx.config.kms_seal_key.is_some() {
                let svc = ctx.services().await?;
                let (valid, problems) = in_force::versions(&svc).await?;
                let (_, held_back) = in_force::for_grants(&svc).await?;
                (valid, problems, held_back)
            } else {
                let (valid, problems) =
                    in_force::versions_in(store.as_ref(), &crate::workflow::ports::Unsealed)
                        .await?;
                (valid, problems, None)
            };
            for p in &problems {
                ctx.out.warn(&format!("{p}: it is not in force"));
            }
            if let Some(why) = held_back.as_deref().filter(|_| a.version.is_none()) {
                ctx.out.warn(&format!(
                    "nothing is granted until this is put right: {why}"
                ));
            }
            let v = in_force::to_show(
                store.as_ref(),
                &valid,
                &problems,
                a.version,
                &ctx.config.policy,
            )
            .await?;
            match ctx.out.format {
                Format::Json => ctx.out.json(&v),
                Format::Table => {
                    ctx.out.note(&format!(
                        "# version {} ({}), applied by {} at {}",
                        v.number,
                        v.hash,
                        v.applied_by,
                        tables::time(v.applied_at)
                    ));
                    ctx.out.line(v.text.trim_end())
                }
            }
        }
        Sub::History => {
            let store = ctx.store().await?;
            let (history, malformed) = in_force::history(store.as_ref()).await?;
            for m in &malformed {
                ctx.out.warn(&format!(
                    "policy version item {} cannot be read ({}): it is not in force",
                    m.key, m.error
                ));
            }
            match ctx.out.format {
                Format::Json => ctx.out.json(&history),
                Format::Table if history.is_empty() => {
                    ctx.out.note("no policy has been applied to the ledger");
                    Ok(())
                }
                Format::Table => ctx.out.table(&tables::policy_history(&history)),
            }
        }
        Sub::Diff(a) => {
            let store = ctx.store().await?;
            let from = in_force::stored(store.as_ref(), a.from).await?;
            let (from_name, from_text) = match (&from, a.from) {
                (Some(v), _) => (format!("version {}", v.number), v.text.clone()),
                (None, Some(n)) => return Err(Error::NotFound(format!("no policy version {n}"))),
                (None, None) => ("(nothing applied)".to_string(), String::new()),
            };
            let (to_name, to_text) = match a.to {
                Some(n) => {
                    let v = in_force::stored(store.as_ref(), Some(n))
                        .await?
                        .ok_or_else(|| Error::NotFound(format!("no policy version {n}")))?;
                    (format!("version {n}"), v.text)
                }
                None => {
                    let path = a.file.unwrap_or_else(|| ctx.config.policy.clone());
                    (path.display().to_string(), read(&path)?)
                }
            };
            let diff = similar::TextDiff::from_lines(&from_text, &to_text);
            let text = diff.unified_diff().header(&from_name, &to_name).to_string();
            if text.is_empty() {
                ctx.out
                    .note(&format!("no difference between {from_name} and {to_name}"));
                Ok(())
            } else {
                ctx.out.line(clean_diff(&text).trim_end())
            }
        }
        Sub::Explain(a) => {
            let policy = ctx.policy().await?;
            let services = ctx.services().await?;
            let (explanation, notices) = explain(
                &services,
                &policy,
                &a.principal,
                &a.account,
                &a.permission_set,
                a.duration,
                a.break_glass,
            )
            .await?;
            for n in &notices {
                ctx.out.warn(n);
            }
            match ctx.out.format {
                Format::Json => ctx.out.json(&explanation),
                Format::Table => ctx.out.line(&crate::render::sanitize::clean_multiline(
                    explanation.to_string().trim_end(),
                )),
            }
        }
    }
}

fn clean_diff(text: &str) -> String {
    crate::render::sanitize::clean_multiline(text)
}
