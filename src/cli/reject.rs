//! `elevate reject`

use crate::domain::RequestId;
use crate::error::Result;
use crate::workflow::reject::reject;

use super::{Ctx, print_request};

/// Reject a pending request (or an active elevation's extension), saying why.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  elevate reject r-7k3m9x2p4q --comment 'use the read-only set for this'"
)]
pub struct Args {
    /// The request id
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::request_ids))]
    pub id: RequestId,
    /// Why: the requester sees it, the ledger keeps it
    #[arg(long, short = 'c', value_name = "TEXT")]
    pub comment: Option<String>,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let comment = ctx.value(
        args.comment,
        "--comment",
        "Why are you rejecting it",
        "say why with --comment <text>; the requester sees it",
    )?;
    let policy = ctx.policy().await?;
    let services = ctx.services().await?;
    let actor = ctx.actor().await?;
    let r = reject(&services, &policy, &actor, &args.id, &comment).await?;
    ctx.out.note(&format!("rejected {}", r.id));
    print_request(ctx, &r)
}
