//! `elevate extend`

use jiff::SignedDuration;

use crate::domain::RequestId;
use crate::error::Result;
use crate::workflow::extend::extend;

use super::{Ctx, print_request};

/// Lengthen an active elevation, within the policy's maximum duration.
///
/// When the policy needs approval for this access, the extension waits for it: approvers see
/// it in `elevate list --to-approve` and approve it with `elevate approve <id>` (or refuse it
/// with `elevate reject`). Meanwhile the elevation keeps its current end, and the extension
/// lapses if that comes first. The revocation schedule moves only once the extension takes
/// effect. Only the requester or the person with the access can ask.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  elevate extend r-7k3m9x2p4q --by 30m --reason 'the migration is at 80%'
  elevate extend r-7k3m9x2p4q --by 1h -o json \\
      | jq -r '.extension.by // .end_at'")]
pub struct Args {
    /// The request id of the active elevation (see `elevate list --mine`)
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::request_ids))]
    pub id: RequestId,
    /// How much longer, e.g. 30m, 1h
    #[arg(long, value_parser = super::duration_arg, value_name = "DURATION")]
    pub by: SignedDuration,
    /// Why it needs longer: shown to approvers and kept in the ledger
    #[arg(long, short = 'r', value_name = "TEXT")]
    pub reason: Option<String>,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let policy = ctx.policy().await?;
    let services = ctx.services().await?;
    let actor = ctx.actor().await?;
    let extended = extend(
        &services,
        &policy,
        &actor,
        &args.id,
        args.by,
        args.reason.as_deref(),
    )
    .await?;
    for notice in &extended.notices {
        ctx.out.warn(notice);
    }
    print_request(ctx, &extended.request)
}
