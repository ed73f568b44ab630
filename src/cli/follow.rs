//! Following a request in the ledger until it settles (`request --wait`, `approve --wait`): a
//! spinner with its state on a terminal, a line per change otherwise.

use jiff::SignedDuration;

use crate::domain::{EventKind, Request, RequestId, Status};
use crate::error::Result;
use crate::render::clean;
use crate::render::progress::Spinner;
use crate::render::tables::time;

use super::Ctx;

/// Waits until `id` is active (`Ok`), or settles otherwise (the matching error and exit code),
/// then says who granted it.
pub async fn until_active(ctx: &Ctx, id: &RequestId, timeout: SignedDuration) -> Result<Request> {
    let store = ctx.store().await?;
    let spinner = Spinner::start(&ctx.out);
    let mut on_change = |r: &Request| {
        let state = match r.status {
            Status::Pending if r.mode != crate::domain::Mode::Required => {
                format!("{} is pending: waiting for the executor to grant it", r.id)
            }
            Status::Pending => format!(
                "{} is pending: waiting for approval ({})",
                r.id,
                crate::workflow::decide::describe_tally(&r.tally())
            ),
            Status::Approved if r.scheduled_start.is_some() => format!(
                "{} is approved: granted at {}",
                r.id,
                r.scheduled_start.map(time).unwrap_or_default()
            ),
            Status::Approved => format!("{} is approved: waiting for the grant", r.id),
            other => format!("{} is {other}", r.id),
        };
        spinner.say(&ctx.out, state);
    };
    let result = crate::workflow::wait::until_active(
        store.as_ref(),
        id,
        timeout.unsigned_abs(),
        &mut on_change,
    )
    .await;
    spinner.clear();
    let r = result?;
    // Who carried the grant out, as the ledger records it (the executor, in a brokered team).
    let by = store
        .events(id)
        .await
        .ok()
        .and_then(|events| {
            events
                .iter()
                .rev()
                .find(|e| e.kind == EventKind::Granted)
                .map(|e| format!(", granted by {}", clean(&e.actor)))
        })
        .unwrap_or_default();
    ctx.out.note(&format!(
        "{} is active: {} on {} until {}{by}",
        r.id,
        r.permission_set.name,
        r.account_id,
        r.end_at.map(time).unwrap_or_default()
    ));
    super::portal::note(ctx, &r).await;
    Ok(r)
}

/// How long to follow a request, and what to do when that runs out (`request --wait`,
/// `elevate wait`).
#[derive(Debug, Clone, clap::Args)]
pub struct Patience {
    /// How long to wait
    #[arg(long, value_parser = super::timeout_arg, value_name = "DURATION", default_value = "30m")]
    pub timeout: SignedDuration,
    /// When --timeout passes, cancel the request so nobody grants it after you gave up
    /// [default when there is no terminal, as in CI]
    #[arg(long, overrides_with = "no_cancel_on_timeout")]
    pub cancel_on_timeout: bool,
    /// When --timeout passes, leave the request pending
    #[arg(long)]
    pub no_cancel_on_timeout: bool,
}

/// Follows `id` until it is active, as `until_active`. When the wait times out: the request is
/// shown (its id on stdout, for the script that asked) and, when asked (the default without a
/// terminal), cancelled, so no approver can grant it after the job gave up. The exit code is
/// the timeout's (5) either way.
pub async fn until_active_or_give_up(
    ctx: &Ctx,
    id: &RequestId,
    patience: &Patience,
) -> Result<Request> {
    if !patience.timeout.is_positive() {
        return Err(crate::error::Error::Usage(
            "--timeout must be longer than zero".into(),
        ));
    }
    match until_active(ctx, id, patience.timeout).await {
        Err(crate::error::Error::TimedOut(why)) => {
            let cancel = patience.cancel_on_timeout
                || (!ctx.out.interactive && !patience.no_cancel_on_timeout);
            let store = ctx.store().await?;
            let mut latest = crate::workflow::show::show(store.as_ref(), id)
                .await?
                .request;
            if cancel && !latest.status.is_final() {
                let services = ctx.services().await?;
                let actor = ctx.actor().await?;
                match crate::workflow::cancel::cancel(&services, &actor, id).await {
                    Ok(r) => {
                        ctx.out.note(&format!(
                            "cancelled {id}: nobody can grant it after this gave up (--no-cancel-on-timeout leaves it pending)"
                        ));
                        latest = r;
                    }
                    Err(e) => ctx.out.warn(&format!("could not cancel {id}: {e}")),
                }
            }
            // With -o json the error object names the request; otherwise stdout gets it here.
            if ctx.out.format != crate::render::Format::Json {
                super::print_request(ctx, &latest)?;
            }
            Err(crate::error::Error::TimedOut(why))
        }
        other => other,
    }
}
