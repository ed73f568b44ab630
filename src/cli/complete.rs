//! Values for dynamic shell completion (`source <(COMPLETE=bash elevate)`): request ids from
//! the configured ledger, accounts and permission sets from the listing cache, AWS profiles from
//! the AWS config files.
//!
//! A completion runs while someone waits at a prompt: it never asks for anything, never calls
//! AWS for what the cache may hold, and gives up on the ledger after `PATIENCE`, offering
//! nothing rather than a hung shell.

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

use clap::{CommandFactory, FromArgMatches};
use clap_complete::engine::CompletionCandidate;

use crate::config::Config;
use crate::domain::Request;
use crate::store::{Location, Query};

/// How long a completion may wait for the ledger (a DynamoDB table is a network call away).
const PATIENCE: Duration = Duration::from_secs(2);

/// Requests listed for completion, newest first: enough for any prompt.
const REQUESTS: usize = 200;

/// The words being completed, as the shell passed them (after `--`), without the one under the
/// cursor: the flags already typed (`--store`, `--config`, `--profile`) say which ledger.
fn typed_words() -> Vec<OsString> {
    let args: Vec<OsString> = std::env::args_os().collect();
    let start = args
        .iter()
        .position(|a| a == "--")
        .map_or(args.len(), |i| i + 1);
    let mut words = args[start..].to_vec();
    let cursor = std::env::var("_CLAP_COMPLETE_INDEX")
        .ok()
        .and_then(|i| i.parse::<usize>().ok());
    if let Some(i) = cursor.filter(|i| *i < words.len()) {
        words.truncate(i);
    }
    words
}

/// The global options of the command being typed (its flags, else the environment).
fn global() -> Option<super::Global> {
    let matches = super::Cli::command()
        .ignore_errors(true)
        .try_get_matches_from(typed_words())
        .ok()?;
    super::Global::from_arg_matches(&matches).ok()
}

/// The configuration as the command being typed would resolve it, or `None` when it cannot be
/// resolved.
fn config() -> Option<Config> {
    Config::resolve(global()?.settings, &[]).ok()
}

/// Runs `f` on a thread of its own and waits at most `PATIENCE` for it: a ledger that does not
/// answer leaves the thread behind, and the completion ends without it.
fn within<T: Send + 'static>(f: impl FnOnce() -> Vec<T> + Send + 'static) -> Vec<T> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(PATIENCE).unwrap_or_default()
}

/// Request ids: open ones (pending, approved, active, failed) first, each newest first.
pub fn request_ids() -> Vec<CompletionCandidate> {
    let mut requests = within(|| global().map(|g| ledger_requests(&g)).unwrap_or_default());
    requests.sort_by_key(|r| r.status.is_final());
    requests
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let help = format!(
                "{} {} on {} for {}",
                r.status, r.permission_set.name, r.account_id, r.principal
            );
            CompletionCandidate::new(r.id.as_str())
                .help(Some(crate::render::clean(&help).into_owned().into()))
                .display_order(Some(i))
        })
        .collect()
}

fn ledger_requests(global: &super::Global) -> Vec<Request> {
    let Ok(ctx) = super::Ctx::new(global) else {
        return Vec::new();
    };
    // A ledger that does not exist yet is not created by pressing Tab.
    if let Location::Sqlite(path) = &ctx.config.store
        && !path.exists()
    {
        return Vec::new();
    }
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
        return Vec::new();
    };
    runtime.block_on(async {
        let Ok(store) = ctx.store().await else {
            return Vec::new();
        };
        store
            .list(&Query {
                limit: Some(REQUESTS),
                ..Query::default()
            })
            .await
            .unwrap_or_default()
    })
}

/// Account names and ids from the cached organization tree, whatever its age.
pub fn accounts() -> Vec<CompletionCandidate> {
    let Some(config) = config() else {
        return Vec::new();
    };
    let mut seen = std::collections::BTreeMap::new();
    for tree in crate::cache::cached::<crate::domain::OrgTree>(&config.cache_dir, "org") {
        for a in tree.accounts {
            if !a.name.is_empty() {
                seen.insert(a.name.clone(), a.id.clone());
            }
            seen.insert(a.id.clone(), a.name.clone());
        }
    }
    seen.into_iter()
        .map(|(value, other)| {
            CompletionCandidate::new(crate::render::clean(&value).into_owned())
                .help((!other.is_empty()).then(|| crate::render::clean(&other).into_owned().into()))
        })
        .collect()
}

/// Account ids alone, for the flags that take nothing else.
pub fn account_ids() -> Vec<CompletionCandidate> {
    accounts()
        .into_iter()
        .filter(|c| {
            c.get_value()
                .to_str()
                .is_some_and(crate::workflow::lookup::is_account_id)
        })
        .collect()
}

/// Permission set names from the cached listing, whatever its age.
pub fn permission_sets() -> Vec<CompletionCandidate> {
    let Some(config) = config() else {
        return Vec::new();
    };
    let mut names = std::collections::BTreeSet::new();
    for sets in crate::cache::cached::<Vec<crate::domain::PermissionSet>>(
        &config.cache_dir,
        "permission-sets",
    ) {
        names.extend(sets.into_iter().map(|s| s.name));
    }
    names
        .into_iter()
        .map(|n| CompletionCandidate::new(crate::render::clean(&n).into_owned()))
        .collect()
}

/// Profiles the AWS config and credentials files define.
pub fn aws_profiles() -> Vec<CompletionCandidate> {
    let home = dirs::home_dir().unwrap_or_default();
    let file = |var: &str, default: &str| -> PathBuf {
        std::env::var_os(var)
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| home.join(".aws").join(default))
    };
    let mut names = std::collections::BTreeSet::new();
    for (path, prefixed) in [
        (file("AWS_CONFIG_FILE", "config"), true),
        (file("AWS_SHARED_CREDENTIALS_FILE", "credentials"), false),
    ] {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        names.extend(profile_names(&text, prefixed));
    }
    names.into_iter().map(CompletionCandidate::new).collect()
}

/// The profiles among an AWS file's section headers: `[profile name]` and `[default]` in the
/// config file (whose `[sso-session x]` and `[services x]` are not profiles), `[name]` in the
/// credentials file.
fn profile_names(text: &str, config_file: bool) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.trim().strip_prefix('[')?.split(']').next())
        .filter_map(|header| {
            let header = header.trim();
            if !config_file || header == "default" {
                return Some(header.to_string());
            }
            let mut words = header.split_whitespace();
            match (words.next(), words.next(), words.next()) {
                (Some("profile"), Some(name), None) => Some(name.to_string()),
                _ => None,
            }
        })
        .filter(|n| !n.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_are_the_sections_that_are_profiles() {
        let config = "[default]\nregion = eu-west-1\n[profile prod-admin]\n[ profile  ci ]\n\
                      [sso-session corp]\n[services local]\n[profile]\n";
        assert_eq!(
            profile_names(config, true),
            vec!["default", "prod-admin", "ci"]
        );
        assert_eq!(
            profile_names("[default]\n[legacy]\nkey = x\n", false),
            vec!["default", "legacy"]
        );
    }
}
