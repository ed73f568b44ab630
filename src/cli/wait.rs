//! `elevate wait`

use crate::domain::RequestId;
use crate::error::Result;

use super::{Ctx, print_request};

/// Follow an existing request until it is active.
///
/// Exit 0 once it is active (saying who granted it), 4 when it is rejected, 5 when it expires
/// or --timeout passes (the request is then shown and, without a terminal, cancelled so nobody
/// grants it after you gave up), 1 when it is cancelled, revoked or its grant failed.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  elevate wait r-7k3m9x2p4q
  # CI: its id on stdout, exit 0 once active
  elevate wait \"$ELEVATE_ID\" --timeout 20m -q")]
pub struct Args {
    /// The request id
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::request_ids))]
    pub id: RequestId,
    #[command(flatten)]
    pub patience: super::follow::Patience,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let r = super::follow::until_active_or_give_up(ctx, &args.id, &args.patience).await?;
    print_request(ctx, &r)
}
