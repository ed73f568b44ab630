//! `elevate cancel`

use crate::domain::RequestId;
use crate::error::Result;
use crate::workflow::cancel::cancel;

use super::{Ctx, print_request};

/// Withdraw your own request before it is granted.
///
/// Once access has been granted, use `elevate revoke` instead. A request already over
/// (cancelled, expired, rejected, ended) is said so and the command succeeds, so a clean-up
/// step can run it whatever happened; `--strict` makes that an error (exit 1).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The request id
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::request_ids))]
    pub id: RequestId,
    /// A request that is already over is an error (exit 1), not a note
    #[arg(long)]
    pub strict: bool,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let services = ctx.services().await?;
    let actor = ctx.actor().await?;
    let r = match cancel(&services, &actor, &args.id).await {
        Err(crate::error::Error::AlreadyOver(why)) if !args.strict => {
            return super::already_over(ctx, &args.id, &why).await;
        }
        other => other?,
    };
    ctx.out.note(&format!("cancelled {}", r.id));
    print_request(ctx, &r)
}
