//! The command line: clap definitions (one `Args` per command, in that command's module) and
//! the context each command runs in.

pub mod approve;
pub mod audit;
pub mod cancel;
mod complete;
pub mod completions;
pub mod config;
pub mod console;
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
pub mod profile;
mod prompt;
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

use std::path::PathBuf;
use std::sync::Arc;

use clap::{CommandFactory, Parser, Subcommand};
use tokio::sync::OnceCell;

use crate::aws::clock::AwsClock;
use crate::aws::{self, AwsSettings, Polling};
use crate::cache::{CachedAccess, CachedOrg, DiskCache};
use crate::config::{Config, Overrides};
use crate::domain::{Actor, Policy};
use crate::error::{Error, Result};
use crate::render::{ColorChoice, Format, Output, OutputFormat};
use crate::store::{self, Store};
use crate::workflow::ports::System;
use crate::workflow::ports::{AccessControl, Clock};
use crate::workflow::{Services, Tuning, lookup};

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
    /// AWS profile to take credentials from (e.g. one set up with `aws configure sso`)
    #[arg(
        long,
        global = true,
        hide_env_values = true,
        env = "ELEVATE_PROFILE",
        value_name = "NAME",
        add = clap_complete::ArgValueCandidates::new(complete::aws_profiles)
    )]
    pub profile: Option<String>,
    /// Region of the Identity Center instance
    #[arg(
        long,
        global = true,
        hide_env_values = true,
        env = "ELEVATE_REGION",
        value_name = "REGION"
    )]
    pub region: Option<String>,
    /// Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]
    #[arg(
        long,
        global = true,
        hide_env_values = true,
        env = "ELEVATE_CONFIG",
        value_name = "PATH"
    )]
    pub config: Option<PathBuf>,
    /// Ledger: sqlite:<path>, or dynamodb:<table> for a team [default:
    /// sqlite:$XDG_DATA_HOME/elevate/ledger.db]
    #[arg(
        long,
        global = true,
        hide_env_values = true,
        env = "ELEVATE_STORE",
        value_name = "LOCATION"
    )]
    pub store: Option<String>,
    /// Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]
    #[arg(
        long,
        global = true,
        hide_env_values = true,
        env = "ELEVATE_POLICY",
        value_name = "PATH"
    )]
    pub policy: Option<PathBuf>,
    /// Identity Center instance ARN [default: discovered with ListInstances]
    #[arg(
        long,
        global = true,
        hide_env_values = true,
        env = "ELEVATE_INSTANCE_ARN",
        value_name = "ARN"
    )]
    pub instance_arn: Option<String>,
    /// Identity store id [default: the instance's]
    #[arg(
        long,
        global = true,
        hide_env_values = true,
        env = "ELEVATE_IDENTITY_STORE_ID",
        value_name = "ID"
    )]
    pub identity_store_id: Option<String>,
    /// Account whose Identity Center sessions are people [default: the account that owns the
    /// Identity Center instance]
    #[arg(
        long,
        global = true,
        hide_env_values = true,
        env = "ELEVATE_IDENTITY_ACCOUNT",
        value_name = "ACCOUNT"
    )]
    pub identity_account: Option<String>,
    /// Role EventBridge Scheduler assumes to remove access at the end of an elevation
    #[arg(
        long,
        global = true,
        hide_env_values = true,
        env = "ELEVATE_SCHEDULER_ROLE_ARN",
        value_name = "ARN"
    )]
    pub scheduler_role_arn: Option<String>,
    /// Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md
    #[arg(long, global = true, hide_env_values = true, env = "ELEVATE_ALLOW_LONG_TERM_KEYS", value_parser = clap::builder::FalseyValueParser::new())]
    pub allow_long_term_keys: bool,
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
    /// The settings above an `ELEVATE_*` variable gave (see [`Cli::from_matches`]).
    #[arg(skip)]
    pub from_env: Vec<&'static str>,
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

/// The parts of [`Services`] that need no ledger.
pub struct Lookups {
    pub directory: Arc<dyn crate::workflow::ports::Directory>,
    pub org: Arc<dyn crate::workflow::ports::Organization>,
    pub access: Arc<dyn AccessControl>,
}

/// What a command runs with. AWS clients, the ledger and the policy are set up on first use,
/// so a command that needs only the ledger makes no AWS call.
pub struct Ctx {
    pub out: Output,
    pub config: Config,
    /// Fetch cached listings afresh.
    pub refresh: bool,
    /// `elevate setup`: the one command that may open a shared ledger that has no seal key yet.
    pub setting_up: bool,
    unsealed_said: std::sync::atomic::AtomicBool,
    /// AWS's time, once an AWS call has answered; this machine's before.
    clock: Arc<AwsClock>,
    aws: OnceCell<aws::Aws>,
    store: OnceCell<Arc<dyn Store>>,
    services: OnceCell<Services>,
}

impl Global {
    /// What the flags (and the environment variables clap read for them) set.
    pub fn overrides(&self) -> Overrides {
        Overrides {
            config: self.config.clone(),
            profile: self.profile.clone(),
            region: self.region.clone(),
            instance_arn: self.instance_arn.clone(),
            identity_store_id: self.identity_store_id.clone(),
            identity_account: self.identity_account.clone(),
            store: self.store.clone(),
            policy: self.policy.clone(),
            allow_long_term_keys: self.allow_long_term_keys,
            scheduler_role_arn: self.scheduler_role_arn.clone(),
            from_env: self.from_env.clone(),
        }
    }
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
        cli.global.from_env = FROM_ENV
            .iter()
            .filter(|(id, _)| {
                at.value_source(id) == Some(clap::parser::ValueSource::EnvVariable)
                    || m.value_source(id) == Some(clap::parser::ValueSource::EnvVariable)
            })
            .map(|(_, key)| *key)
            .collect();
        Ok(cli)
    }
}

/// The global options that are settings: clap's id, and the config key.
const FROM_ENV: [(&str, &str); 10] = [
    ("config", "config"),
    ("profile", "profile"),
    ("region", "region"),
    ("store", "store"),
    ("policy", "policy"),
    ("instance_arn", "instance_arn"),
    ("identity_store_id", "identity_store_id"),
    ("identity_account", "identity_account"),
    ("scheduler_role_arn", "scheduler_role_arn"),
    ("allow_long_term_keys", "allow_long_term_keys"),
];

impl Ctx {
    pub fn new(global: &Global) -> Result<Ctx> {
        let out = Output::new(global.output, global.quiet, global.no_input, global.color);
        crate::render::time::set_zone(
            crate::render::time::zone_from(global.utc, std::env::var("ELEVATE_TZ").ok().as_deref())
                .map_err(Error::Usage)?,
        );
        let config = Config::resolve(global.overrides())?;
        Ok(Ctx {
            out,
            config,
            refresh: false,
            setting_up: false,
            unsealed_said: std::sync::atomic::AtomicBool::new(false),
            clock: Arc::new(AwsClock::from_env().map_err(Error::Usage)?),
            aws: OnceCell::new(),
            store: OnceCell::new(),
            services: OnceCell::new(),
        })
    }

    /// The caller's AWS session and clients, resolved once (no call is made until one is used).
    pub async fn aws(&self) -> Result<aws::Aws> {
        self.aws
            .get_or_try_init(|| async {
                aws::connect(
                    &AwsSettings {
                        profile: self.config.profile.clone(),
                        region: self.config.region.clone(),
                        allow_long_term_keys: self.config.allow_long_term_keys,
                        instance_arn: self.config.instance_arn.clone(),
                        identity_store_id: self.config.identity_store_id.clone(),
                        identity_account: self.config.identity_account.clone(),
                        provisioning: Polling {
                            timeout: self.config.provisioning_timeout,
                            ..Polling::default()
                        },
                        pacing: self.config.identity_center_pacing,
                    },
                    self.clock.clone(),
                )
                .await
            })
            .await
            .cloned()
    }

    pub async fn store(&self) -> Result<Arc<dyn Store>> {
        self.store
            .get_or_try_init(|| async {
                let store: Arc<dyn Store> = match &self.config.store {
                    store::Location::Sqlite(path) => {
                        let path = path.clone();
                        tokio::task::spawn_blocking(move || store::open_sqlite(&path))
                            .await
                            .map_err(|e| Error::Config(format!("opening the ledger failed: {e}")))??
                            .into()
                    }
                    store::Location::Dynamodb(table) => {
                        if self.config.kms_seal_key.is_none() && !self.setting_up {
                            return Err(Error::Config(format!(
                                "the shared ledger dynamodb:{table} has no seal key: on a team's ledger every decision must prove its author. Set kms_seal_key in the config (or ELEVATE_KMS_SEAL_KEY) to the key `elevate setup` created; see `elevate iam-policy kms-key`"
                            )));
                        }
                        Arc::new(store::dynamodb::DynamoStore::new(
                            self.aws().await?.dynamodb,
                            table,
                        ))
                    }
                };
                Ok::<_, Error>(store)
            })
            .await
            .cloned()
    }

    /// Who is who, the organisation and Identity Center's permission sets, without the ledger
    /// (`init` runs before there is one to open).
    pub async fn lookups(&self) -> Result<Lookups> {
        let aws = self.aws().await?;
        let cache = Arc::new(DiskCache::new(
            self.config.cache_dir.clone(),
            self.config.cache_ttl,
            self.refresh,
        ));
        let access: Arc<dyn AccessControl> = Arc::new(CachedAccess {
            inner: Arc::new(aws::access::AwsAccess {
                client: aws.ssoadmin.clone(),
                instance: aws.instance.clone(),
                polling: aws.polling.clone(),
                pacer: aws.pacer.clone(),
            }),
            cache: cache.clone(),
        });
        Ok(Lookups {
            directory: Arc::new(aws::identity::AwsDirectory {
                sts: aws.sts.clone(),
                identitystore: aws.identitystore.clone(),
                instance: aws.instance.clone(),
                allow_iam_users: self.config.allow_long_term_keys,
            }),
            org: Arc::new(CachedOrg {
                inner: Arc::new(aws::org::AwsOrganization {
                    client: aws.organizations.clone(),
                }),
                access: access.clone(),
                cache,
            }),
            access,
        })
    }

    pub async fn services(&self) -> Result<Services> {
        self.services
            .get_or_try_init(|| async {
                let aws = self.aws().await?;
                let Lookups {
                    directory,
                    org,
                    access,
                } = self.lookups().await?;
                Ok::<_, Error>(Services {
                    directory,
                    org,
                    access,
                    scheduler: Arc::new(aws::schedule::AwsScheduler {
                        client: aws.scheduler.clone(),
                        group: self.config.schedule_group.clone(),
                        role_arn: self.config.scheduler_role_arn.clone(),
                    }),
                    notifier: self.notifier(&aws)?,
                    store: self.store().await?,
                    sealer: match &self.config.kms_seal_key {
                        Some(key) => Arc::new(aws::seal::KmsSealer::new(
                            aws.kms.clone(),
                            key.clone(),
                            self.config.ledger_name(),
                        )),
                        None => Arc::new(crate::workflow::ports::Unsealed),
                    },
                    clock: self.clock.clone(),
                    ids: Arc::new(System),
                    tuning: Tuning::default(),
                    grant_mode: self.config.grant_mode,
                })
            })
            .await
            .cloned()
    }

    /// The configured notification channels (none: silent).
    fn notifier(&self, aws: &aws::Aws) -> Result<Arc<dyn crate::workflow::ports::Notifier>> {
        let c = &self.config;
        if c.notify_sns_topic.is_none() && c.notify_slack_webhook.is_none() {
            return Ok(Arc::new(crate::workflow::ports::Silent));
        }
        let slack = match &c.notify_slack_webhook {
            Some(url) => Some((
                aws::notify::https_client().map_err(Error::Config)?,
                url.clone(),
            )),
            None => None,
        };
        Ok(Arc::new(aws::notify::Channels {
            sns: c.notify_sns_topic.clone().map(|t| (aws.sns.clone(), t)),
            slack,
            topics: c.notify_events.clone(),
        }))
    }

    /// The clock workflows read: AWS's time once an AWS call has answered.
    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    /// What time it is: AWS's, once an AWS call has answered (see `aws::clock`).
    pub fn now(&self) -> jiff::Timestamp {
        self.clock.now()
    }

    pub async fn actor(&self) -> Result<Actor> {
        lookup::identify(&self.services().await?).await
    }

    /// The policy, only when `wanted` (it may need the ledger and a file).
    pub async fn policy_if(&self, wanted: bool) -> Result<Option<Policy>> {
        if wanted {
            self.policy().await.map(Some)
        } else {
            Ok(None)
        }
    }

    /// The policy in force: the newest policy version in the ledger whose seal holds, or, on an
    /// unsealed ledger to which none was ever applied, the policy file.
    pub async fn policy(&self) -> Result<Policy> {
        let path = self.config.policy.clone();
        let file = || {
            let text = std::fs::read_to_string(&path).map_err(|e| {
                Error::Config(format!(
                    "cannot read the policy file {}: {e}. Write one (see docs/policy.md) or point --policy / ELEVATE_POLICY at it",
                    path.display()
                ))
            })?;
            Ok((text, path.display().to_string()))
        };
        // Sealed: every version's seal is checked with KMS. Unsealed: the ledger alone.
        let in_force = if self.config.kms_seal_key.is_some() {
            crate::workflow::in_force::load(&self.services().await?, file).await?
        } else {
            crate::workflow::in_force::load_unsealed(self.store().await?.as_ref(), file).await?
        };
        if let Some(n) = in_force.number
            && self.config.policy_explicit
        {
            tracing::info!(
                "deciding by policy version {n} from the ledger; the policy file is only read by `policy check/apply/diff`"
            );
        }
        Ok(in_force.policy)
    }

    /// Names of the accounts of `requests` from this machine's cache (the organisation tree
    /// `eligible` read, and accounts `request` and `approve` looked up): no AWS call.
    pub fn cached_account_names(
        &self,
        requests: &[crate::domain::Request],
    ) -> crate::render::tables::AccountNames {
        let cache = DiskCache::new(self.config.cache_dir.clone(), self.config.cache_ttl, false);
        let scopes: std::collections::BTreeSet<&str> =
            requests.iter().map(|r| r.instance_arn.as_str()).collect();
        scopes
            .into_iter()
            .flat_map(|scope| cache.account_names(scope))
            .collect()
    }

    /// As [`Ctx::cached_account_names`], and, when `live` (the command talks to AWS anyway),
    /// the few accounts the cache lacks are read from Organizations with the caller's own
    /// session. A name that cannot be read leaves the bare id: this is for display only.
    pub async fn account_names(
        &self,
        requests: &[crate::domain::Request],
        live: bool,
    ) -> crate::render::tables::AccountNames {
        /// More than this many unknown accounts is a listing for `eligible` to warm up first.
        const AT_MOST: usize = 10;
        let mut names = self.cached_account_names(requests);
        let missing: std::collections::BTreeSet<&str> = requests
            .iter()
            .map(|r| r.account_id.as_str())
            .filter(|id| !names.contains_key(*id))
            .collect();
        if !live || missing.is_empty() || missing.len() > AT_MOST {
            return names;
        }
        let Ok(svc) = self.services().await else {
            return names;
        };
        let lookups = futures_util::future::join_all(missing.iter().map(|id| svc.org.account(id)));
        match tokio::time::timeout(std::time::Duration::from_secs(5), lookups).await {
            Ok(found) => {
                for account in found.into_iter().filter_map(|r| r.ok().flatten()) {
                    if account.place_known {
                        names.insert(account.id, account.name);
                    }
                }
            }
            Err(_) => tracing::debug!("account names: Organizations did not answer in 5 s"),
        }
        names
    }

    /// Whether grants get EventBridge schedules: a scheduler role is configured here, or the
    /// ledger is a team's, whose executor makes them.
    pub fn schedules_made(&self) -> bool {
        self.config.scheduler_role_arn.is_some() || self.config.store.is_shared()
    }

    /// The ledger's file, when it is a file on this machine: only people who run elevate here
    /// see what is in it.
    pub fn local_ledger(&self) -> Option<String> {
        match &self.config.store {
            store::Location::Sqlite(path) => Some(path.display().to_string()),
            store::Location::Dynamodb(_) => None,
        }
    }

    /// Warns when a ledger that is a file on this machine serves a second person's decision
    /// (one approving another's request): a team working that way sees nothing of each other's
    /// requests from any other machine, and usually meant to share a ledger.
    pub fn warn_if_local_ledger_is_shared(&self, requester: &str, actor: &str) {
        if let Some(path) = self.local_ledger()
            && requester != actor
        {
            self.out.warn(&format!(
                "the ledger is a file on this machine ({path}), used here by {requester} and {actor}: nobody on another machine sees its requests. A team shares a DynamoDB ledger (--store dynamodb:<table>; see docs/deploy.md)"
            ));
        }
    }

    /// Says once per run, where a request is shown, that an unsealed ledger's decisions are
    /// trusted rather than proven.
    pub fn say_if_unsealed(&self) {
        if self.config.kms_seal_key.is_none()
            && !self
                .unsealed_said
                .swap(true, std::sync::atomic::Ordering::Relaxed)
        {
            self.out.note(
                "unsealed ledger: decisions are trusted, not proven (set kms_seal_key to seal them; see `elevate iam-policy kms-key`)",
            );
        }
    }

    /// A value given by flag, or asked for on a terminal; without one, an error naming the flag.
    pub fn value(
        &self,
        given: Option<String>,
        flag: &'static str,
        prompt: &str,
        hint: &str,
    ) -> Result<String> {
        self.checked_value(given, flag, prompt, hint, |_| Ok(()))
    }

    /// As [`Ctx::value`], with an answer typed at the prompt checked by `check` (the rule the
    /// workflow applies to it) before the prompt lets it go. A value given by flag is left for
    /// the workflow to check, as it is without a terminal.
    pub fn checked_value(
        &self,
        given: Option<String>,
        flag: &'static str,
        prompt: &str,
        hint: &str,
        check: impl Fn(&str) -> std::result::Result<(), String>,
    ) -> Result<String> {
        if let Some(v) = given {
            return Ok(v);
        }
        if !self.out.interactive {
            return Err(Error::Missing {
                flag,
                hint: hint.to_string(),
            });
        }
        prompt::text(prompt, None, check)
    }
}

/// Log targets whose most detailed events carry secrets: capped at debug.
const SECRET_BEARING_LOGS: &[&str] = &[
    "aws_smithy_runtime::client::orchestrator",
    "aws_smithy_runtime::client::http",
    "hyper",
    "hyper_util",
];

fn init_logging(global: &Global) {
    use tracing_subscriber::EnvFilter;
    use tracing_subscriber::filter::{FilterExt, LevelFilter, Targets};
    use tracing_subscriber::prelude::*;
    let default = match (global.quiet, global.verbose) {
        (true, _) => "error",
        // The SDK's own warnings (e.g. a missing ~/.aws/config) are noise for a CLI's users.
        (_, 0) => "elevate=warn,error",
        (_, 1) => "elevate=info,warn",
        (_, 2) => "elevate=debug,warn",
        _ => "debug",
    };
    let explicit = EnvFilter::try_from_env("ELEVATE_LOG").ok();
    // Someone debugging (`-vv`, `ELEVATE_LOG`) wants times and module paths; anyone else reads
    // a warning like every other message.
    let debugging = explicit.is_some() || global.verbose >= 2;
    let filter = explicit.unwrap_or_else(|| EnvFilter::new(default));
    // The SDK's request dumps (TRACE) show every header, and the access portal's sign-in token
    // travels in one (`x-amz-sso_bearer_token`) that the SDK does not mark sensitive: never
    // that detail, whatever was asked for. A cap, so it never turns more logging on.
    let caps = Targets::new()
        .with_default(LevelFilter::TRACE)
        .with_targets(SECRET_BEARING_LOGS.iter().map(|t| (*t, LevelFilter::DEBUG)));
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(::console::colors_enabled_stderr());
    let layer = if debugging {
        layer.boxed()
    } else {
        layer.event_format(crate::render::log::Plain).boxed()
    };
    let _ = tracing_subscriber::registry()
        .with(layer.with_filter(filter.and(caps)))
        .try_init();
}

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
    init_logging(&cli.global);
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

/// Shows a request after a command changed it: the detail table, or JSON.
pub fn print_request(ctx: &Ctx, request: &crate::domain::Request) -> Result<()> {
    ctx.say_if_unsealed();
    let names = ctx.cached_account_names(std::slice::from_ref(request));
    match ctx.out.format {
        Format::Json => ctx
            .out
            .json(&crate::render::named(std::slice::from_ref(request), &names)[0]),
        Format::Table if ctx.out.quiet => ctx.out.line(request.id.as_str()),
        Format::Table => ctx.out.table(&crate::render::tables::detail(
            request,
            &names,
            jiff::Timestamp::now(),
            ctx.schedules_made(),
        )),
    }
}
