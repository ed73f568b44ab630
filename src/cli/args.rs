//! The command line as clap parses it: the top-level `Cli`, the options every command takes
//! (declared once, in `Global`), and the command enum. Each command's own `Args` live in that
//! command's module.

use clap::{CommandFactory, Parser, Subcommand};

use crate::config::Options;
use crate::render::{ColorChoice, OutputFormat};

use super::*;

const ABOUT: &str =
    "Temporary, approved, audited elevated access to AWS accounts through IAM Identity Center";

const LONG_ABOUT: &str = "\
Temporary, approved, audited elevated access to AWS accounts through IAM Identity Center.

An engineer asks for a permission set on an account for a while; an approver says yes, which \
grants the access (an Identity Center account assignment) and confirms it; the access is taken \
away again by `revoke`. Every step is a conditional write to a hash-chained ledger.

elevate acts with YOUR credentials (the standard AWS chain: env, --profile, SSO, web identity). \
IAM decides what you may do; policy decides who may ask and who approves.";

/// The command line as it is parsed and shown (`Cli::command()` before its help is laid out).
pub fn command() -> clap::Command {
    help::decorate(Cli::command())
}

#[derive(Debug, Parser)]
#[command(name = "elevate", version, about = ABOUT, long_about = LONG_ABOUT)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes. In each command's help they come after its own.
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Global options")]
pub struct Global {
    /// The settings (also read from the config file); declared once, in `config`.
    #[command(flatten)]
    pub settings: Options,
    /// The settings above whose value came from their `ELEVATE_*` variable, not a flag.
    #[arg(skip)]
    pub from_env: Vec<String>,
    /// Output format for data on stdout [default: table on a terminal, text otherwise]
    #[arg(
        long,
        short = 'o',
        global = true,
        hide_env_values = true,
        env = "ELEVATE_OUTPUT",
        value_enum,
        value_name = "FORMAT"
    )]
    pub output: Option<OutputFormat>,
    /// Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)
    #[arg(long, global = true)]
    pub utc: bool,
    /// Never prompt; a missing value is an error naming its flag
    #[arg(long, global = true, hide_env_values = true, env = "ELEVATE_NO_INPUT", value_parser = clap::builder::FalseyValueParser::new())]
    pub no_input: bool,
    /// More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Only data and errors: no warnings or progress
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Colour on stderr (NO_COLOR is honoured in auto mode)
    #[arg(
        long,
        global = true,
        value_enum,
        default_value = "auto",
        value_name = "WHEN"
    )]
    pub color: ColorChoice,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Request(request::Args),
    Approve(approve::Args),
    Reject(reject::Args),
    Cancel(cancel::Args),
    Revoke(revoke::Args),
    Wait(wait::Args),
    Console(console::Args),
    Credentials(credentials::Args),
    Extend(extend::Args),
    Review(review::Args),
    Run(run::Args),
    List(list::Args),
    Show(show::Args),
    Eligible(eligible::Args),
    Audit(audit::Args),
    Policy(policy::Args),
    Profile(profile::Args),
    Reconcile(reconcile::Args),
    Executor(executor::Args),
    Setup(setup::Args),
    IamPolicy(iam_policy::Args),
    Completions(completions::Args),
    Man(man::Args),
    Init(init::Args),
    Doctor(doctor::Args),
    Config(config::Args),
}

impl Cli {
    /// The command line from clap's matches, remembering which settings an `ELEVATE_*` variable
    /// gave rather than a flag (for `elevate config`).
    pub fn from_matches(m: &clap::ArgMatches) -> std::result::Result<Cli, clap::Error> {
        use clap::FromArgMatches;
        let mut cli = Cli::from_arg_matches(m)?;
        // Global options are recorded where they were given; clap copies them to every level.
        let mut at = m;
        while let Some((_, sub)) = at.subcommand() {
            at = sub;
        }
        let options = <Options as clap::Args>::augment_args(clap::Command::new("options"));
        cli.global.from_env = options
            .get_arguments()
            .map(|arg| arg.get_id().as_str())
            .filter(|id| {
                at.value_source(id) == Some(clap::parser::ValueSource::EnvVariable)
                    || m.value_source(id) == Some(clap::parser::ValueSource::EnvVariable)
            })
            .map(str::to_string)
            .collect();
        Ok(cli)
    }
}

/// How long to wait: any positive time, seconds included, up to a year.
pub(crate) fn timeout_arg(s: &str) -> std::result::Result<jiff::SignedDuration, String> {
    match s.trim().parse::<jiff::SignedDuration>() {
        Ok(d) if d > crate::domain::duration::MAX_DURATION => Err(format!(
            "'{s}' is longer than a year: write at most 8760h, e.g. 30m or 1h"
        )),
        Ok(d) if d.is_positive() => Ok(d),
        _ => Err(format!(
            "'{s}' is not a positive duration: write it like 90s, 30m or 1h"
        )),
    }
}

/// A `--duration`-like flag: what `domain::parse_duration` accepts.
pub(crate) fn duration_arg(s: &str) -> std::result::Result<jiff::SignedDuration, String> {
    crate::domain::parse_duration(s).map_err(|e| e.to_string())
}
