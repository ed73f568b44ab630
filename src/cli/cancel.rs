//! `elevate cancel`

use crate::domain::RequestId;
use crate::error::Result;
use crate::workflow::cancel::cancel;

use super::{Ctx, print_request};

/// Withdraw your own request before it is granted.
///
/// Once access has been granted, use `elevate revoke` instead.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The request id
    pub id: RequestId,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let services = ctx.services().await?;
    let actor = ctx.actor().await?;
    let r = cancel(&services, &actor, &args.id).await?;
    ctx.out.note(&format!("cancelled {}", r.id));
    print_request(ctx, &r)
}
