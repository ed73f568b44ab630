//! Following a request in the ledger until it settles (`request --wait`, `approve --wait`): a
//! spinner with its state on a terminal, a line per change otherwise.

use jiff::SignedDuration;

use crate::domain::{EventKind, Request, RequestId, Status};
use crate::error::Result;
use crate::render::clean;
use crate::render::tables::time;

use super::Ctx;

/// Waits until `id` is active (`Ok`), or settles otherwise (the matching error and exit code),
/// then says who granted it.
pub async fn until_active(ctx: &Ctx, id: &RequestId, timeout: SignedDuration) -> Result<Request> {
    let store = ctx.store().await?;
    let spinner = (ctx.out.interactive && !ctx.out.quiet).then(|| {
        let s = indicatif::ProgressBar::new_spinner();
        s.enable_steady_tick(std::time::Duration::from_millis(120));
        s
    });
    let mut on_change = |r: &Request| {
        let state = match r.status {
            Status::Pending if r.mode != crate::domain::Mode::Required => {
                format!("{} is pending: waiting for the executor to grant it", r.id)
            }
            Status::Pending => format!(
                "{} is pending: waiting for approval ({})",
                r.id,
                crate::workflow::approve::describe_tally(&r.tally())
            ),
            Status::Approved if r.scheduled_start.is_some() => format!(
                "{} is approved: granted at {}",
                r.id,
                r.scheduled_start.map(time).unwrap_or_default()
            ),
            Status::Approved => format!("{} is approved: waiting for the grant", r.id),
            other => format!("{} is {other}", r.id),
        };
        match &spinner {
            Some(s) => s.set_message(state),
            None => ctx.out.note(&state),
        }
    };
    let result = crate::workflow::wait::until_active(
        store.as_ref(),
        id,
        timeout.unsigned_abs(),
        &mut on_change,
    )
    .await;
    if let Some(s) = spinner {
        s.finish_and_clear();
    }
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
    Ok(r)
}
