//! The access portal as commands meet it: the user's own Identity Center sign-in the role
//! credentials of a granted elevation come from (`credentials`, `run`), and the console link a
//! grant prints (`request`, `approve`, following a request).

use jiff::SignedDuration;

use crate::aws::session::PortalSession;
use crate::domain::{Request, RequestId, Status};
use crate::error::{Error, Result};
use crate::workflow::credentials::Handed;
use crate::workflow::ports::{RoleSession as _, SessionError};

use super::Ctx;

/// The user's portal sign-in, checked to be usable: what `run` makes sure of before it asks.
pub(super) async fn signed_in(ctx: &Ctx) -> Result<PortalSession> {
    refuse_own_profile(ctx).await?;
    let session = super::app::portal_session(&ctx.config).await?;
    if let Err(SessionError::SignedOut { detail }) = session.signed_in().await {
        return Err(crate::workflow::credentials::signed_out(&session, &detail));
    }
    Ok(session)
}

/// The credentials of request `id` from `session`, its notices said on stderr.
pub(super) async fn fetch_with(
    ctx: &Ctx,
    session: &PortalSession,
    id: &RequestId,
    timeout: SignedDuration,
) -> Result<Handed> {
    let store = ctx.store().await?;
    let handed = crate::workflow::credentials::fetch(
        store.as_ref(),
        ctx.clock(),
        session,
        id,
        timeout.unsigned_abs(),
        &mut |note: &str| ctx.out.note(note),
    )
    .await?;
    for notice in &handed.notices {
        ctx.out.warn(notice);
    }
    Ok(handed)
}

/// A profile whose `credential_process` runs `elevate credentials` cannot be the one elevate
/// itself signs in with: each would start the other for ever (AWS_PROFILE=elevate-… aws …).
async fn refuse_own_profile(ctx: &Ctx) -> Result<()> {
    let Some(profile) = crate::aws::portal::selected_profile(ctx.config.profile.as_deref()) else {
        return Ok(());
    };
    let process = crate::aws::portal::credential_process(Some(&profile)).await;
    if process.is_some_and(|p| crate::domain::credentials::runs_elevate_credentials(&p)) {
        return Err(Error::Config(format!(
            "AWS profile {profile} gets its credentials from `elevate credentials`, so elevate cannot sign in with it: pass --profile <your own sign-in's profile> (the profiles `elevate profile` writes name it with --profile)"
        )));
    }
    Ok(())
}

/// The access portal's start URL: config, else the AWS profile's.
async fn start_url(ctx: &Ctx) -> Option<String> {
    super::app::portal(&ctx.config).await.map(|p| p.start_url)
}

/// The note a grant prints: where its console is, when the portal is known.
pub(super) async fn note(ctx: &Ctx, r: &Request) {
    if r.status != Status::Active {
        return;
    }
    let Some(start) = start_url(ctx).await else {
        return;
    };
    match crate::domain::portal::console_link(&start, &r.account_id, &r.permission_set.name) {
        Ok(url) => ctx.out.note(&format!("console: {url}")),
        Err(e) => ctx.out.warn(&e),
    }
}
