//! `elevate approve`

use crate::domain::{RequestId, Status};
use crate::error::{Error, Result};
use crate::render::tables::time;
use crate::workflow::approve::{Intent, approve};
use crate::workflow::list::{ListInput, Scope, list};

use super::{Ctx, print_request};

/// Approve a pending request (or an active elevation's extension); the approval that completes
/// the quorum grants the access (or moves the end).
///
/// Your approval is sealed with KMS in your own name. In a brokered team (the default on a
/// DynamoDB ledger) the executor, the only principal that may create assignments, grants it:
/// `--wait` (the default on a terminal) follows until the grant is confirmed, fails or times
/// out, and says who granted. In direct mode (one operator, the SQLite default) your own
/// credentials grant and confirm it with Identity Center before this returns.
///
/// A request with a --start still to come is scheduled instead: the access is granted at the
/// start. On FAILED the request is marked failed with the reason and the command exits
/// non-zero. `--finish` completes the grant of a request that is approved but not granted, or
/// whose grant failed (direct mode; the executor retries by itself in a brokered team). You
/// cannot approve a request you made or whose access you would receive.
///
/// Without an id, on a terminal, the requests waiting for your approval are listed to pick
/// from, and you confirm before anything is approved; elsewhere (or with --no-input) the id is
/// required.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  elevate approve r-7k3m9x2p4q --comment 'ok, INC-4211 is open'\n  # on a terminal: pick from the requests waiting for you, then confirm\n  elevate approve\n  # brokered: record the approval, do not follow the grant\n  elevate approve r-7k3m9x2p4q --no-wait"
)]
pub struct Args {
    /// The request id (see `elevate list --to-approve`). Optional on a terminal: pick from the
    /// requests waiting for you
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::request_ids))]
    pub id: Option<RequestId>,
    /// A note kept in the ledger with your approval
    #[arg(long, short = 'c', value_name = "TEXT")]
    pub comment: Option<String>,
    /// Finish the grant of an approved request (interrupted, failed, or approved by policy for
    /// a caller who could not grant) instead of approving
    #[arg(long, conflicts_with_all = ["wait", "no_wait"])]
    pub finish: bool,
    /// Brokered: follow the grant until it is confirmed (exit 0), fails, or --timeout passes (5)
    /// [default on a terminal]
    #[arg(long, conflicts_with = "no_wait")]
    pub wait: bool,
    /// Brokered: return once the approval is recorded
    #[arg(long)]
    pub no_wait: bool,
    /// How long --wait waits for the executor
    #[arg(long, value_parser = super::timeout_arg, value_name = "DURATION", default_value = "5m")]
    pub timeout: jiff::SignedDuration,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let id = match &args.id {
        Some(id) => id.clone(),
        None => pick(ctx, args.finish).await?,
    };
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
        &id,
        args.comment.as_deref(),
        intent,
    )
    .await?;
    for notice in &decided.notices {
        ctx.out.warn(notice);
    }
    let r = &decided.request;
    ctx.warn_if_local_ledger_is_shared(&r.requester.label(), &actor.label());
    let brokered = services.grant_mode == crate::domain::authz::GrantMode::Brokered;
    // The executor has work: a grant (or its schedule), or an approved extension's new end.
    if r.status == Status::Approved || (decided.extension && r.status == Status::Active) {
        super::nudge::executor(ctx, &r.id).await;
    }
    let follow = args.wait || (ctx.out.interactive && !args.no_wait);
    if brokered
        && follow
        && r.status == Status::Approved
        && r.scheduled_start.is_none()
        && r.start_at.is_none_or(|s| s <= jiff::Timestamp::now())
    {
        if !args.timeout.is_positive() {
            return Err(Error::Usage("--timeout must be longer than zero".into()));
        }
        let granted = super::follow::until_active(ctx, &r.id, args.timeout).await?;
        return print_request(ctx, &granted);
    }
    if r.status == Status::Active && !decided.extension {
        ctx.out.note(&format!(
            "granted: {} has {} on {} until {}",
            r.principal,
            r.permission_set.name,
            r.account_id,
            r.end_at.map(time).unwrap_or_default()
        ));
        super::portal::note(ctx, r).await;
    }
    print_request(ctx, r)
}

/// No id: on a terminal, one of the requests waiting for the caller's approval (as
/// `list --to-approve` lists them), picked and confirmed.
async fn pick(ctx: &Ctx, finish: bool) -> Result<RequestId> {
    if !ctx.out.interactive || finish {
        return Err(Error::Missing {
            flag: "<ID>",
            hint: "name the request: `elevate list --to-approve` lists those waiting for your approval".into(),
        });
    }
    let actor = ctx.actor().await?;
    let store = ctx.store().await?;
    let waiting = list(
        store.as_ref(),
        Some(&actor),
        ListInput {
            scope: Scope::ToApprove,
            statuses: Vec::new(),
            account_id: None,
            limit: Some(crate::render::prompt::PICKABLE),
        },
    )
    .await?;
    if waiting.is_empty() {
        return Err(Error::NotFound(
            "no request is waiting for your approval (`elevate list --to-approve`)".into(),
        ));
    }
    ctx.say_if_unsealed();
    let names = ctx.cached_account_names(&waiting);
    crate::render::prompt::request(
        &waiting,
        &names,
        "approve",
        "cancelled: nothing was approved",
    )
}
