//! `elevate revoke`

use crate::domain::RequestId;
use crate::error::{Error, Result};
use crate::workflow::revoke::revocable;

use super::{Ctx, print_request};

/// End an elevation now: remove the account assignment and confirm it is gone.
///
/// Access the principal had before the elevation is never removed, and an assignment shared
/// with another active elevation stays until the last one ends. The requester, the person with
/// the access, or an approver may revoke. In a brokered team (the default on a DynamoDB ledger)
/// your sealed revoke request is recorded and the executor, which alone may delete assignments,
/// removes the access on its next pass; the request is never granted after it. Sessions already
/// started keep working until their session duration runs out (shown by `elevate show`).
///
/// An elevation already over (ended on time, revoked, or never granted and closed) is said so
/// and the command succeeds, so a clean-up step (`if: always()` in CI) can run it whatever
/// happened; `--strict` makes that an error (exit 1).
///
/// Without an id, on a terminal, the elevations you may end are listed to pick from, and you
/// confirm before anything is revoked; elsewhere (or with --no-input) the id is required.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  elevate revoke r-7k3m9x2p4q --reason 'done, INC-4211 resolved'\n  # on a terminal: pick from the elevations you may end, then confirm\n  elevate revoke\n  # CI clean-up: exit 0 if it already ended\n  elevate revoke \"$ELEVATE_ID\" -o json"
)]
pub struct Args {
    /// The request id. Optional on a terminal: pick from the elevations you may end
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::request_ids))]
    pub id: Option<RequestId>,
    /// Why it ends early, kept in the ledger
    #[arg(long, short = 'r', value_name = "TEXT")]
    pub reason: Option<String>,
    /// An elevation that is already over (or whose end is already asked) is an error (exit 1),
    /// not a note
    #[arg(long)]
    pub strict: bool,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let id = match args.id {
        Some(id) => id,
        None => pick(ctx).await?,
    };
    match super::access::end(ctx, &id, args.reason.as_deref()).await {
        Err(Error::AlreadyOver(why)) if !args.strict => super::already_over(ctx, &id, &why).await,
        Err(e) => Err(e),
        Ok(r) => print_request(ctx, &r),
    }
}

/// No id: on a terminal, one of the elevations the caller may end, picked and confirmed.
async fn pick(ctx: &Ctx) -> Result<RequestId> {
    if !ctx.out.interactive {
        return Err(Error::Missing {
            flag: "<ID>",
            hint: "name the elevation: `elevate list --active` lists those running (`elevate list --to-approve`, those waiting for you)".into(),
        });
    }
    let services = ctx.services().await?;
    let actor = ctx.actor().await?;
    let open = revocable(&services, &actor, crate::render::prompt::PICKABLE).await?;
    if open.is_empty() {
        return Err(Error::NotFound(
            "there is no elevation you may end (`elevate list --active`)".into(),
        ));
    }
    ctx.say_if_unsealed();
    let names = ctx.cached_account_names(&open);
    crate::render::prompt::request(&open, &names, "revoke", "cancelled: nothing was revoked")
}
