//! `elevate review`

use crate::domain::RequestId;
use crate::error::Result;
use crate::workflow::review::review;

use super::{Ctx, print_request};

/// Review a break-glass elevation after the fact, as one of its approvers.
///
/// Break-glass access is granted at once, without approval; each such elevation waits in
/// `elevate list --unreviewed` until an approver who did not take part records that they looked
/// at it, and what they found. The review is kept in the ledger.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  elevate list --unreviewed\n  elevate review r-7k3m9x2p4q \\\n      --comment 'INC-4211 confirmed; access used only for the failover'"
)]
pub struct Args {
    /// The request id (see `elevate list --unreviewed`)
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::request_ids))]
    pub id: RequestId,
    /// What you checked and found: kept in the ledger
    #[arg(long, short = 'c', value_name = "TEXT")]
    pub comment: Option<String>,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let comment = ctx.value(
        args.comment,
        "--comment",
        "Review comment",
        "say what you checked and found with --comment <text>",
    )?;
    let policy = ctx.policy().await?;
    let services = ctx.services().await?;
    let actor = ctx.actor().await?;
    let reviewed = review(&services, &policy, &actor, &args.id, &comment).await?;
    ctx.out.note(&format!("reviewed {}", reviewed.id));
    print_request(ctx, &reviewed)
}
