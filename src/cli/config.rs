//! `elevate config`

use crate::error::Result;
use crate::render::Format;

use super::Ctx;

/// Show every setting in effect and where it came from.
///
/// Each key of the config file (elevate-config(5)) with the value this command line would run
/// with, and its source: a flag, an ELEVATE_* variable, the config file, or the default. Flags
/// win over variables, variables over the file, the file over defaults. Nothing is read from
/// AWS: what is discovered at run time (the Identity Center instance when instance_arn is not
/// set) is shown as not set. Secrets (the Slack webhook) are never shown. `-v` on any command
/// logs the same list before it runs.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  elevate config
  elevate --store dynamodb:elevate-ledger config -o json
  ELEVATE_PROFILE=admin elevate config -o text | grep profile")]
pub struct Args {}

pub fn run(ctx: &Ctx, _args: Args) -> Result<()> {
    let settings = &ctx.config.settings;
    match ctx.out.format {
        Format::Json => ctx.out.json(settings),
        Format::Table => ctx.out.table(&crate::render::tables::settings(settings)),
    }
}
