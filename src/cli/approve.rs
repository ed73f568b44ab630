//! `elevate approve`

use crate::domain::{RequestId, Status};
use crate::error::Result;
use crate::render::tables::time;
use crate::workflow::approve::{Intent, approve};

use super::{Ctx, print_request};

/// Approve a pending request (or an active elevation's extension); the approval that completes
/// the quorum grants the access (or moves the end).
///
/// A request with a --start still to come is scheduled instead: the access is granted at the
/// start. The grant is confirmed with Identity Center before this returns: on FAILED the request is
/// marked failed with the reason and the command exits non-zero. `--finish` completes the grant
/// of a request that is approved but not granted, or whose grant failed. You cannot approve a
/// request you made or whose access you would receive.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  elevate approve r-7k3m9x2p4q --comment 'ok, INC-4211 is open'")]
pub struct Args {
    /// The request id (see `elevate list --to-approve`)
    pub id: RequestId,
    /// A note kept in the ledger with your approval
    #[arg(long, short = 'c', value_name = "TEXT")]
    pub comment: Option<String>,
    /// Finish the grant of an approved request (interrupted, failed, or approved by policy for
    /// a caller who could not grant) instead of approving
    #[arg(long)]
    pub finish: bool,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let policy = ctx.policy().await?;
    let services = ctx.services().await?;
    let actor = ctx.actor().await?;
    let intent = if args.finish {
        Intent::Finish
    } else {
        Intent::Approve
    };
    let decided = approve(
        &services,
        &policy,
        &actor,
        &args.id,
        args.comment.as_deref(),
        intent,
    )
    .await?;
    for notice in &decided.notices {
        ctx.out.warn(notice);
    }
    let r = &decided.request;
    if r.status == Status::Active && !decided.extension {
        ctx.out.note(&format!(
            "granted: {} has {} on {} until {}",
            r.principal,
            r.permission_set.name,
            r.account_id,
            r.end_at.map(time).unwrap_or_default()
        ));
    }
    print_request(ctx, r)
}
