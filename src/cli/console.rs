//! `elevate console`.

use crate::domain::{RequestId, Status};
use crate::error::{Error, Result};

use super::Ctx;

/// Open the AWS console of a granted elevation: the access portal's link for its account and
/// permission set, signed in with your own Identity Center session.
///
/// The portal's start URL is `sso_start_url` in the config (or ELEVATE_SSO_START_URL), else the
/// one your AWS profile or its sso-session names. With no display (over SSH, in CI) or with
/// --print, the link is printed instead. An elevation granted to a group opens for you when you
/// are in the group.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  elevate console r-7k3m9x2p4q
  elevate console r-7k3m9x2p4q --print    # the link on stdout, nothing opened")]
pub struct Args {
    /// The request id
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::request_ids))]
    pub id: RequestId,
    /// Print the link instead of opening it
    #[arg(long)]
    pub print: bool,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let store = ctx.store().await?;
    let r = crate::workflow::show::show(store.as_ref(), &args.id)
        .await?
        .request;
    if r.status != Status::Active {
        return Err(Error::Conflict(format!(
            "request {} is {}: its console opens while it is active{}",
            r.id,
            r.status,
            match r.status {
                Status::Pending | Status::Approved => " (`elevate wait` follows it until then)",
                _ => "",
            }
        )));
    }
    let start = super::app::required_portal(&ctx.config).await?.start_url;
    let url = crate::domain::portal::console_link(&start, &r.account_id, &r.permission_set.name)
        .map_err(Error::Config)?;
    if args.print || !crate::render::can_open_browser() {
        return ctx.out.line(&url);
    }
    match open::that_detached(&url) {
        Ok(()) => {
            ctx.out
                .note(&format!("opened the console of {} in your browser", r.id));
            Ok(())
        }
        // No browser after all: the link is what the user needs.
        Err(e) => {
            ctx.out.warn(&format!(
                "could not open a browser ({e}): open the link yourself"
            ));
            ctx.out.line(&url)
        }
    }
}
