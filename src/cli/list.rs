//! `elevate list`

use crate::domain::Status;
use crate::error::Result;
use crate::render::{Format, named, tables};
use crate::workflow::list::{ListInput, Scope, list};
use crate::workflow::lookup::{is_account_id, resolve_account};

use super::Ctx;

/// List requests: yours (default), those you may approve, active ones, break-glass ones not yet
/// reviewed, or all.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  elevate list --to-approve\n  elevate list --all --status active,failed --account prod -o json\n  elevate list --active -q | xargs -n1 elevate show"
)]
pub struct Args {
    /// Requests you made or that give you access (the default)
    #[arg(long, group = "scope")]
    pub mine: bool,
    /// Pending requests you may approve
    #[arg(long, group = "scope")]
    pub to_approve: bool,
    /// Active elevations
    #[arg(long, group = "scope")]
    pub active: bool,
    /// Every request in the ledger
    #[arg(long, group = "scope")]
    pub all: bool,
    /// Break-glass elevations not yet reviewed (`elevate review <id> --comment ..`)
    #[arg(long, group = "scope")]
    pub unreviewed: bool,
    /// Only these statuses (comma-separated or repeated)
    #[arg(long, value_delimiter = ',', value_name = "STATUS")]
    pub status: Vec<Status>,
    /// Only this account: its 12-digit id or its name in the organisation
    #[arg(long, value_name = "ACCOUNT", add = clap_complete::ArgValueCandidates::new(super::complete::account_ids))]
    pub account: Option<String>,
    /// At most this many, newest first
    #[arg(long, default_value_t = 100)]
    pub limit: usize,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    ctx.say_if_unsealed();
    let scope = if args.to_approve {
        Scope::ToApprove
    } else if args.active {
        Scope::Active
    } else if args.all {
        Scope::All
    } else if args.unreviewed {
        Scope::Unreviewed
    } else {
        Scope::Mine
    };
    // A name is looked up as `request --account` looks it up; an id needs no AWS call.
    let account_id = match args.account {
        Some(a) if is_account_id(a.trim()) => Some(a.trim().to_string()),
        Some(a) => {
            let (account, _) = resolve_account(&ctx.services().await?, &a).await?;
            Some(account.id)
        }
        None => None,
    };
    let actor = if scope.needs_caller() {
        Some(ctx.actor().await?)
    } else {
        None
    };
    let store = ctx.store().await?;
    let requests = list(
        store.as_ref(),
        actor.as_ref(),
        ListInput {
            scope,
            statuses: args.status,
            account_id,
            limit: Some(args.limit),
        },
    )
    .await?;
    // Names for the accounts: from this machine's cache, and, when this listing talks to AWS
    // anyway (for who the caller is), looked up for the few it lacks.
    let names = ctx.account_names(&requests, scope.needs_caller()).await;
    let now = jiff::Timestamp::now();
    match ctx.out.format {
        Format::Json => ctx.out.json(&named(&requests, &names)),
        Format::Table if requests.is_empty() => {
            ctx.out.note("no matching requests");
            Ok(())
        }
        Format::Table if scope == Scope::ToApprove => {
            ctx.out.listing(&tables::to_approve(&requests, &names, now))
        }
        Format::Table => ctx.out.listing(&tables::list(&requests, &names, now)),
    }
}
