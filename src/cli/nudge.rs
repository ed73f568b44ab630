//! Waking the executor after a decision it must carry out (brokered, `executor_function` set).

use crate::domain::RequestId;

use super::Ctx;

/// Wakes the executor for request `id`. A nudge that fails loses nothing: the executor's
/// one-minute pass does the same work, so it is a note, never an error.
pub(super) async fn executor(ctx: &Ctx, id: &RequestId) {
    if ctx.config.grant_mode != crate::domain::authz::GrantMode::Brokered {
        return;
    }
    let Some(function) = &ctx.config.executor_function else {
        return;
    };
    let outcome = match ctx.aws().await {
        Ok(aws) => crate::aws::nudge::nudge(&aws.lambda, function, id)
            .await
            .map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    match outcome {
        Ok(()) => tracing::info!("woke the executor ({function}) for {id}"),
        Err(e) => ctx.out.note(&format!(
            "could not wake the executor ({e}): it picks {id} up on its next pass, within a minute"
        )),
    }
}
