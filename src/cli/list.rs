//! `elevate list`

use crate::domain::Status;
use crate::error::Error;
use crate::error::Result;
use crate::render::{Format, tables};
use crate::workflow::query::{ListInput, Scope, list};
use crate::workflow::target::is_account_id;

use super::Ctx;

/// List requests: yours (default), those you may approve, active ones, break-glass ones not yet
/// reviewed, or all.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  elevate list --to-approve\n  elevate list --all --status active,failed --account 111122223333 -o json"
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
    /// Only this account
    #[arg(long, value_name = "ACCOUNT_ID", add = clap_complete::ArgValueCandidates::new(super::complete::account_ids))]
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
    if let Some(a) = args.account.as_ref().filter(|a| !is_account_id(a)) {
        return Err(Error::Usage(format!(
            "'{a}' is not an AWS account id: --account takes the 12-digit id here"
        )));
    }
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
            account_id: args.account,
            limit: Some(args.limit),
        },
    )
    .await?;
    match ctx.out.format {
        Format::Json => ctx.out.json(&requests),
        Format::Table if requests.is_empty() => {
            ctx.out.note("no matching requests");
            Ok(())
        }
        Format::Table => ctx
            .out
            .line(&tables::list(&requests, jiff::Timestamp::now())),
    }
}
