//! `elevate credentials`.

use jiff::SignedDuration;

use crate::domain::RequestId;
use crate::domain::credentials::{Form, render};
use crate::error::{Error, Result};
use crate::workflow::credentials::Handed;

use super::Ctx;

/// Print the AWS credentials of a granted elevation, from your own Identity Center sign-in.
///
/// elevate asks the access portal (sso:GetRoleCredentials) with the sign-in `aws sso login`
/// left in your AWS SSO token cache, for the elevation's account and permission set. AWS hands
/// them out only while the assignment exists: elevate grants nothing here. Right after a grant
/// Identity Center may still be provisioning; elevate asks again until --timeout.
///
/// The portal is `sso_start_url` in the config (or ELEVATE_SSO_START_URL), signed in to through
/// the sso-session (or legacy profile) of your AWS config that names it; else your AWS
/// profile's own. Credentials go to a program, never to a terminal or a file: by default the
/// JSON an AWS profile's `credential_process` reads (see `elevate profile`), --export for
/// `eval`, --env-file for `docker --env-file <(…)`. Tools are told they expire when the
/// elevation ends, if that comes before AWS's own expiry; AWS keeps honouring them until theirs
/// (the permission set's session duration), which is said on stderr.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  eval \"$(elevate credentials r-7k3m9x2p4q --export)\"
  aws sts get-caller-identity
  docker run --env-file <(elevate credentials r-7k3m9x2p4q --env-file) \\
      amazon/aws-cli s3 ls
  # in ~/.aws/config (elevate profile r-7k3m9x2p4q --write writes it):
  #   credential_process = /usr/local/bin/elevate credentials r-7k3m9x2p4q \\
  #       --profile corp")]
pub struct Args {
    /// The request id
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::request_ids))]
    pub id: RequestId,
    /// `export AWS_…=…` lines, for `eval "$(…)"`
    #[arg(long, conflicts_with = "env_file")]
    pub export: bool,
    /// `AWS_…=…` lines, as `docker --env-file` and systemd's EnvironmentFile read them
    #[arg(long)]
    pub env_file: bool,
    /// How long to keep asking while Identity Center finishes provisioning the access
    #[arg(long, value_parser = super::timeout_arg, value_name = "DURATION", default_value = "2m")]
    pub timeout: SignedDuration,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    if crate::render::stdout_is_terminal() {
        return Err(Error::Usage(format!(
            "credentials are for a program, not a screen: `eval \"$(elevate credentials {id} --export)\"`, a profile (`elevate profile {id} --write`), or `elevate run`. To see them anyway, pipe them: `elevate credentials {id} | cat`",
            id = args.id
        )));
    }
    let handed = fetch(ctx, &args.id, args.timeout).await?;
    let form = if args.export {
        Form::Export
    } else if args.env_file {
        Form::EnvFile
    } else {
        Form::Process
    };
    ctx.out
        .raw(&render(&handed.credentials, handed.until, form))
}

/// The credentials of request `id`, its notices said on stderr.
async fn fetch(ctx: &Ctx, id: &RequestId, timeout: SignedDuration) -> Result<Handed> {
    let session = super::portal::signed_in(ctx).await?;
    super::portal::fetch_with(ctx, &session, id, timeout).await
}
