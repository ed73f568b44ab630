//! `elevate show`

use crate::domain::RequestId;
use crate::error::Result;
use crate::render::{Format, tables};
use crate::workflow::query::show;

use super::Ctx;

/// Show every field of a request and the timeline of its ledger events.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The request id
    pub id: RequestId,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let store = ctx.store().await?;
    let shown = show(store.as_ref(), &args.id).await?;
    match ctx.out.format {
        Format::Json => ctx.out.json(&shown),
        Format::Table => {
            let now = jiff::Timestamp::now();
            ctx.out.line(&tables::detail(&shown.request, now))?;
            ctx.out.line(&tables::timeline(&shown.events))?;
            if !shown.undelivered.is_empty() {
                ctx.out.line(&tables::undelivered(&shown.undelivered))?;
            }
            Ok(())
        }
    }
}
