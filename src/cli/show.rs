//! `elevate show`

use crate::domain::RequestId;
use crate::error::Result;
use crate::render::{Format, tables};
use crate::workflow::show::show;

use super::Ctx;

/// Show every field of a request and the timeline of its ledger events.
///
/// On a sealed ledger the request is verified first — its events replayed and their seals
/// checked with KMS — and a request that does not hold together is shown, then reported as
/// tampering (exit 1).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The request id
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::request_ids))]
    pub id: RequestId,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let store = ctx.store().await?;
    let shown = show(store.as_ref(), &args.id).await?;
    ctx.say_if_unsealed();
    if ctx.config.grant_mode == crate::domain::authz::GrantMode::Direct {
        ctx.out.note(
            "direct mode: approvers grant with their own credentials, so they are trusted (IAM lets them create any assignment); a team runs grant_mode = \"brokered\", where only the executor changes access",
        );
    }
    // Sealed: what is shown is checked against its seals (this needs KMS); unsealed: against
    // its own events, which needs nothing but the ledger.
    let verified = if ctx.config.kms_seal_key.is_some() {
        let services = ctx.services().await?;
        crate::workflow::verify::check(
            &services,
            &args.id,
            Some(&shown.request),
            shown.events.clone(),
        )
        .await
        .map(|_| ())
    } else {
        crate::workflow::verify::check_unsealed(&args.id, Some(&shown.request), &shown.events)
    };
    print(ctx, &shown)?;
    verified
}

fn print(ctx: &Ctx, shown: &crate::workflow::show::Shown) -> Result<()> {
    // `show` reads the ledger alone: names only from this machine's cache.
    let names = ctx.cached_account_names(std::slice::from_ref(&shown.request));
    match ctx.out.format {
        Format::Json => {
            let mut value = serde_json::to_value(shown).map_err(crate::render::json_failed)?;
            value["request"]["account_name"] = names
                .get(&shown.request.account_id)
                .map_or(serde_json::Value::Null, |n| n.as_str().into());
            ctx.out.json(&value)
        }
        Format::Table => {
            let now = jiff::Timestamp::now();
            ctx.out.table(&tables::detail(
                &shown.request,
                &names,
                now,
                ctx.schedules_made(),
            ))?;
            ctx.out.table(&tables::timeline(&shown.events))?;
            if !shown.undelivered.is_empty() {
                ctx.out.table(&tables::undelivered(&shown.undelivered))?;
            }
            Ok(())
        }
    }
}
