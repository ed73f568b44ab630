//! The command line: parses it (`args`), sets up the context a command runs in (`context`,
//! with every AWS adapter assembled in `app`), and hands each command to its module, which
//! calls the workflow and renders what it returns.

mod access;
mod activity;
mod app;
pub mod approve;
mod args;
pub mod audit;
pub mod cancel;
pub(crate) mod complete;
pub mod completions;
pub mod config;
pub mod console;
mod context;
pub mod credentials;
pub mod doctor;
pub mod eligible;
pub mod executor;
pub mod extend;
mod follow;
pub mod help;
pub mod iam_policy;
pub mod init;
pub mod list;
pub mod man;
mod nudge;
pub mod policy;
mod portal;
pub mod profile;
pub mod reconcile;
pub mod reject;
pub mod request;
pub mod review;
pub mod revoke;
pub mod run;
pub mod setup;
pub mod show;
pub mod standing;
pub mod wait;

use crate::error::Result;
use crate::render::OutputFormat;

pub use args::{Cli, Command, Global, command};
pub(crate) use args::{duration_arg, timeout_arg};
pub use context::{Ctx, already_over, print_request};

/// Runs the parsed command line; the exit status on success (`run` returns its command's).
pub async fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        // These need no configuration at all.
        Command::Completions(args) => return completions::run(args).map(|()| 0),
        Command::Man(args) => return man::run(args).map(|()| 0),
        _ => {}
    }
    let mut ctx = match Ctx::new(&cli.global) {
        Ok(ctx) => ctx,
        // A configuration that cannot be read is what doctor is for.
        Err(e) if matches!(cli.command, Command::Doctor(_)) => {
            return doctor::config_problem(&e, cli.global.output == Some(OutputFormat::Json))
                .map(|()| 0);
        }
        Err(e) => return Err(e),
    };
    if let Command::Eligible(args) = &cli.command {
        ctx.refresh = args.refresh;
    }
    ctx.setting_up = matches!(cli.command, Command::Setup(_));
    crate::render::log::init(cli.global.quiet, cli.global.verbose);
    for s in &ctx.config.settings {
        tracing::info!(
            "config {} = {} ({})",
            s.key,
            crate::render::clean(s.value.as_deref().unwrap_or("-")),
            s.source
        );
    }
    if let Command::Run(args) = cli.command {
        return run::run(&ctx, args).await;
    }
    match cli.command {
        Command::Request(args) => request::run(&ctx, args).await,
        Command::Approve(args) => approve::run(&ctx, args).await,
        Command::Reject(args) => reject::run(&ctx, args).await,
        Command::Cancel(args) => cancel::run(&ctx, args).await,
        Command::Revoke(args) => revoke::run(&ctx, args).await,
        Command::Wait(args) => wait::run(&ctx, args).await,
        Command::Console(args) => console::run(&ctx, args).await,
        Command::Credentials(args) => credentials::run(&ctx, args).await,
        Command::Extend(args) => extend::run(&ctx, args).await,
        Command::Review(args) => review::run(&ctx, args).await,
        Command::List(args) => list::run(&ctx, args).await,
        Command::Show(args) => show::run(&ctx, args).await,
        Command::Eligible(args) => eligible::run(&ctx, args).await,
        Command::Audit(args) => audit::run(&ctx, args).await,
        Command::Policy(args) => policy::run(&ctx, args).await,
        Command::Profile(args) => profile::run(&ctx, args).await,
        Command::Reconcile(args) => reconcile::run(&ctx, args).await,
        Command::Executor(args) => executor::run(&ctx, args).await,
        Command::Setup(args) => setup::run(&ctx, args).await,
        Command::IamPolicy(args) => iam_policy::run(&ctx, args),
        Command::Config(args) => config::run(&ctx, args),
        Command::Init(args) => init::run(&ctx, args).await,
        Command::Doctor(args) => doctor::run(&ctx, args).await,
        Command::Completions(_) | Command::Man(_) | Command::Run(_) => Ok(()),
    }
    .map(|()| 0)
}

/// The shape of this module, checked as `workflow`'s is: each command has its own module, and
/// what two commands share lives in a shared one (`activity`, `app`, `args`, `complete`,
/// `context`, `follow`, `help`, `nudge`, `portal`) or in `render`, so a newcomer following one
/// command never has to read another.
#[cfg(test)]
mod layout {
    const COMMANDS: &[&str] = &[
        "approve",
        "audit",
        "cancel",
        "completions",
        "config",
        "console",
        "credentials",
        "doctor",
        "eligible",
        "executor",
        "extend",
        "iam_policy",
        "init",
        "list",
        "man",
        "policy",
        "profile",
        "reconcile",
        "reject",
        "request",
        "review",
        "revoke",
        "run",
        "setup",
        "show",
        "standing",
        "wait",
    ];

    /// `audit standing` is `audit`'s subcommand: audit names its arguments and hands it on.
    const ALLOWED: &[(&str, &str)] = &[("audit", "standing")];

    #[test]
    fn no_command_module_uses_another() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/cli");
        let mut found = Vec::new();
        let mut listed = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            if !COMMANDS.contains(&name.as_str()) {
                continue;
            }
            listed += 1;
            let source = std::fs::read_to_string(&path).unwrap();
            let named =
                crate::workflow::layout::named_modules(&source, &["super::", "crate::cli::"]);
            for other in named {
                if other != name
                    && COMMANDS.contains(&other.as_str())
                    && !ALLOWED.contains(&(name.as_str(), other.as_str()))
                {
                    found.push(format!("{name} uses {other}"));
                }
            }
        }
        assert_eq!(listed, COMMANDS.len(), "a command module is missing");
        assert!(
            found.is_empty(),
            "command modules must not use one another; move what they share into a shared module or render: {found:?}"
        );
    }
}
