//! `elevate show`

use serde::Serialize;

use crate::domain::{Event, Request, RequestId};
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

#[derive(Serialize)]
struct Shown<'a> {
    request: &'a Request,
    events: &'a [Event],
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let store = ctx.store().await?;
    let (request, events) = show(store.as_ref(), &args.id).await?;
    match ctx.out.format {
        Format::Json => ctx.out.json(&Shown {
            request: &request,
            events: &events,
        }),
        Format::Table => {
            let now = jiff::Timestamp::now();
            ctx.out.line(&tables::detail(&request, now))?;
            ctx.out.line(&tables::timeline(&events))
        }
    }
}
