//! `elevate eligible`

use crate::domain::PrincipalRef;
use crate::error::Result;
use crate::render::{Format, tables};
use crate::workflow::eligible::{EligibleFilter, eligible};

use super::Ctx;

/// What you may request: every account × permission set, with the longest duration and how it
/// is approved.
///
/// Account and permission set listings are cached on disk for `cache_ttl` (default 10m);
/// --refresh fetches them again. Decisions never use the cache.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  elevate eligible\n  elevate eligible --account prod-payments -o json"
)]
pub struct Args {
    /// Only this account (id or name)
    #[arg(long, short = 'a', value_name = "ID|NAME", add = clap_complete::ArgValueCandidates::new(super::complete::accounts))]
    pub account: Option<String>,
    /// Only this permission set (name or ARN)
    #[arg(long, short = 'p', value_name = "NAME|ARN", add = clap_complete::ArgValueCandidates::new(super::complete::permission_sets))]
    pub permission_set: Option<String>,
    /// For callers that are not Identity Center users: whose eligibility
    #[arg(long = "for", value_name = "user:NAME|group:NAME")]
    pub for_principal: Option<PrincipalRef>,
    /// Fetch accounts and permission sets again instead of using the cache
    #[arg(long)]
    pub refresh: bool,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let policy = ctx.policy().await?;
    let services = ctx.services().await?;
    let actor = ctx.actor().await?;
    let rows = eligible(
        &services,
        &policy,
        &actor,
        args.for_principal.as_ref(),
        &EligibleFilter {
            account: args.account,
            permission_set: args.permission_set,
        },
    )
    .await?;
    match ctx.out.format {
        Format::Json => ctx.out.json(&rows),
        Format::Table if rows.is_empty() => {
            ctx.out
                .note("nothing: no rule lets you request access (see `elevate policy explain`)");
            Ok(())
        }
        Format::Table => ctx.out.table(&tables::eligible(&rows)),
    }
}
