//! Settings, resolved once: command-line flags, then `ELEVATE_*` environment variables (clap reads
//! both), then the config file, then defaults.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::domain::parse_duration;
use crate::error::{Error, Result};
use crate::store::Location;

/// The config file, `$XDG_CONFIG_HOME/elevate/config.toml` unless `--config` says otherwise.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub instance_arn: Option<String>,
    pub identity_store_id: Option<String>,
    /// The account whose Identity Center sessions (`AWSReservedSSO_*` roles) are people; any
    /// other account's are roles. Default: the account that owns the Identity Center instance.
    pub identity_account: Option<String>,
    pub store: Option<String>,
    pub policy: Option<PathBuf>,
    pub allow_long_term_keys: Option<bool>,
    /// How long to wait for Identity Center to confirm a grant or revocation, e.g. "5m".
    pub provisioning_timeout: Option<String>,
    /// Calls a second to the Identity Center admin API (default 20, its documented collective
    /// throttle), and assignment creations and deletions in progress at once (default 10; AWS
    /// allows 15 and no more).
    pub identity_center_rate: Option<f64>,
    pub identity_center_writes: Option<u32>,
    /// The role EventBridge Scheduler assumes to delete an assignment at the end of an elevation.
    pub scheduler_role_arn: Option<String>,
    /// The schedule group elevate's schedules live in (default "elevate").
    pub schedule_group: Option<String>,
    /// The customer-managed KMS key (ARN or key id) the DynamoDB ledger is encrypted with;
    /// unset: an AWS key. `setup` creates the table with it and checks it.
    pub kms_key: Option<String>,
    /// Session activity: the CloudTrail Lake event data store (ARN or id) …
    pub event_data_store: Option<String>,
    /// … or the S3 bucket of the organisation trail, its organisation id, and the regions to
    /// read (default: `region`).
    pub trail_bucket: Option<String>,
    pub trail_org_id: Option<String>,
    pub trail_regions: Option<Vec<String>>,
    /// Notifications: an SNS topic ARN (JSON messages), a Slack incoming webhook URL (text), and
    /// which events to send (default: all of requested, approved, rejected, granted, ended,
    /// break_glass, failed).
    pub notify_sns_topic: Option<String>,
    pub notify_slack_webhook: Option<String>,
    pub notify_events: Option<Vec<String>>,
    /// How long listings of accounts and permission sets are cached on disk, e.g. "10m"; "0"
    /// turns the cache off.
    pub cache_ttl: Option<String>,
    /// The symmetric KMS key (ARN) every ledger event is sealed with. Required on a DynamoDB
    /// ledger; unset on SQLite: an unsealed ledger, whose decisions are trusted, not proven.
    pub kms_seal_key: Option<String>,
    /// The Identity Center permission sets people run elevate with, by role (the seal key's
    /// policy names their roles). Defaults: ElevateRequester, ElevateApprover, ElevateAuditor,
    /// ElevateAdmin.
    pub requester_permission_sets: Option<Vec<String>>,
    pub approver_permission_sets: Option<Vec<String>>,
    pub auditor_permission_sets: Option<Vec<String>>,
    pub admin_permission_sets: Option<Vec<String>>,
    /// IAM roles (ARNs) that may also apply policy versions.
    pub admin_roles: Option<Vec<String>>,
    /// The executor role (ARN): the principal that seals grants and ends. Default:
    /// `arn:aws:iam::<seal key's account>:role/elevate-executor`.
    pub executor_role_arn: Option<String>,
    /// "direct" (approvers' own credentials grant; the SQLite default) or "brokered" (only the
    /// executor changes access; the DynamoDB default).
    pub grant_mode: Option<String>,
    /// How often the executor looks for access elevate did not give (the policy's
    /// `temporary_only` permission sets, and assignment changes in CloudTrail), e.g. "1h";
    /// "0" never.
    pub standing_check_interval: Option<String>,
    /// The executor's Lambda function (name or ARN; `setup --executor` deploys it): in a
    /// brokered team, approve, revoke and request wake it at once instead of leaving the work
    /// to its next scheduled pass.
    pub executor_function: Option<String>,
    /// The AWS access portal's start URL (https://d-….awsapps.com/start), for the console link
    /// every grant prints. Default: the `sso_start_url` of your AWS profile or its sso-session.
    pub sso_start_url: Option<String>,
}

/// Every environment variable elevate reads itself, and the one it sets: the single list, read
/// through [`env`] and printed as the man page's ENVIRONMENT section. (A flag's own variable,
/// `env = ...` on the argument, is declared there and listed from the command line; a test
/// keeps every `ELEVATE_*` name in the source to one or the other.)
pub const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "ELEVATE_GRANT_MODE",
        "grant_mode: brokered (only the executor changes access) or direct.",
    ),
    (
        "ELEVATE_KMS_SEAL_KEY",
        "kms_seal_key: the KMS key (ARN) every ledger event is sealed with.",
    ),
    (
        "ELEVATE_NOTIFY_SNS_TOPIC",
        "notify_sns_topic: the SNS topic notifications are published to.",
    ),
    (
        "ELEVATE_NOTIFY_SLACK_WEBHOOK",
        "notify_slack_webhook: the Slack incoming webhook (a secret).",
    ),
    (
        "ELEVATE_EXECUTOR_FUNCTION",
        "executor_function: the executor's Lambda function, woken at once by brokered approve, \
         revoke and request.",
    ),
    (
        "ELEVATE_SSO_START_URL",
        "sso_start_url: the access portal's start URL, for console links.",
    ),
    (
        "ELEVATE_TZ",
        "The time zone times are shown in (an IANA name such as Europe/Paris); --utc overrides it. \
         Default: the system's. JSON stays in UTC.",
    ),
    (
        "ELEVATE_LOG",
        "Log filter in RUST_LOG syntax (e.g. elevate=debug); overrides -v and -q, and adds \
         timestamps and module paths.",
    ),
    (
        "ELEVATE_REQUEST",
        "Set by elevate run for the command it runs: the request id of the elevation.",
    ),
    (
        "AWS_PROFILE, AWS_REGION, AWS_DEFAULT_REGION",
        "The standard AWS chain: the profile and region when --profile and --region (and the \
         config file) do not say.",
    ),
    (
        "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN",
        "Credentials from the environment, as any AWS SDK reads them.",
    ),
    (
        "AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE",
        "Where AWS profiles are read (and elevate profile --write writes); default \
         ~/.aws/config and ~/.aws/credentials.",
    ),
    (
        "AWS_ENDPOINT_URL",
        "Send every AWS call to this endpoint (an emulator, a VPC endpoint).",
    ),
    (
        "AWS_MAX_ATTEMPTS, AWS_RETRY_MODE",
        "The SDK's retries (default: standard mode, 3 attempts).",
    ),
    (
        "AWS_LAMBDA_RUNTIME_API",
        "Set inside AWS Lambda: started without arguments, elevate serves as the executor \
         function.",
    ),
    (
        "COLUMNS",
        "The terminal's width tables are fitted to, when set (else the terminal's own).",
    ),
    (
        "NO_COLOR",
        "When set and not empty, no colour with --color auto.",
    ),
    (
        "XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_CACHE_HOME",
        "Where the config and policy files, the default ledger and the cache live (see FILES).",
    ),
    (
        "COMPLETE",
        "COMPLETE=bash (zsh, fish, elvish, powershell) makes elevate print its dynamic completion \
         script for that shell, and answer the shell's completion requests; see \
         elevate-completions(1).",
    ),
];

/// The ledger table's customer key (`kms_key`, `setup --kms-key`), as given: an ARN or a key id,
/// never an alias, which cannot be compared with the key DynamoDB says the table is encrypted
/// with.
pub fn table_key(k: &str) -> std::result::Result<String, String> {
    if k.starts_with("alias/") {
        return Err(format!(
            "\"{k}\" is an alias: give the key's ARN or id, so `setup` can check the table is encrypted with that very key"
        ));
    }
    Ok(k.to_string())
}

/// A flag's own variable read before clap has parsed the command line (to report clap's own
/// errors as JSON when `ELEVATE_OUTPUT=json`): set and not empty.
pub fn flag_env(name: &'static str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// A variable of [`ENVIRONMENT`], when it is set and not empty (an empty one is unset, as for
/// clap's).
pub fn env(name: &'static str) -> Option<String> {
    debug_assert!(
        ENVIRONMENT
            .iter()
            .any(|(names, _)| names.split(", ").any(|n| n == name)),
        "{name} is not in config::ENVIRONMENT"
    );
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The settings a flag (or its `ELEVATE_*` variable, which clap reads) may give: declared here
/// once, for clap (flattened into the global options) and for the merge below.
#[derive(Debug, Default, Clone, clap::Args)]
#[command(next_help_heading = "Global options")]
pub struct Overrides {
    /// AWS profile to take credentials from (e.g. one set up with `aws configure sso`)
    #[arg(
        long,
        global = true,
        hide_env_values = true,
        env = "ELEVATE_PROFILE",
        value_name = "NAME",
        add = clap_complete::ArgValueCandidates::new(crate::cli::complete::aws_profiles)
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
    /// The keys above whose value came from an `ELEVATE_*` variable rather than a flag.
    #[arg(skip)]
    pub from_env: Vec<&'static str>,
}

/// One effective setting, for `elevate config` and `-v`: its value as shown (secrets withheld)
/// and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Setting {
    pub key: &'static str,
    /// `None`: not set.
    pub value: Option<String>,
    /// `--flag`, `ELEVATE_…`, `config file` or `default`.
    pub source: String,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub instance_arn: Option<String>,
    pub identity_store_id: Option<String>,
    /// `None`: the Identity Center instance's owner account.
    pub identity_account: Option<String>,
    pub store: Location,
    pub policy: PathBuf,
    pub allow_long_term_keys: bool,
    pub provisioning_timeout: Duration,
    pub identity_center_pacing: crate::aws::pacing::Pacing,
    pub cache_ttl: Duration,
    pub cache_dir: PathBuf,
    pub scheduler_role_arn: Option<String>,
    pub schedule_group: String,
    pub kms_key: Option<String>,
    pub event_data_store: Option<String>,
    pub trail_bucket: Option<String>,
    pub trail_org_id: Option<String>,
    pub trail_regions: Vec<String>,
    pub notify_sns_topic: Option<String>,
    /// A secret: never printed.
    pub notify_slack_webhook: Option<String>,
    pub notify_events: Vec<crate::domain::notify::Topic>,
    /// The seal key (ARN): a sealed ledger. `None`: unsealed.
    pub kms_seal_key: Option<String>,
    pub requester_permission_sets: Vec<String>,
    pub approver_permission_sets: Vec<String>,
    pub auditor_permission_sets: Vec<String>,
    pub admin_permission_sets: Vec<String>,
    pub admin_roles: Vec<String>,
    pub executor_role_arn: Option<String>,
    /// Who changes access: brokered (the executor alone) or direct (people's own credentials).
    pub grant_mode: crate::domain::authz::GrantMode,
    /// How often the executor runs `audit standing`; zero: never.
    pub standing_check_interval: Duration,
    /// The executor's Lambda function, woken by people's commands in a brokered team.
    pub executor_function: Option<String>,
    /// The access portal's start URL, when config or the environment names it.
    pub sso_start_url: Option<String>,
    /// `--policy`/`ELEVATE_POLICY`/the config file named a policy file.
    pub policy_explicit: bool,
    /// The config file that was read, if any.
    pub file: Option<PathBuf>,
    /// Where the config file is looked for (whether or not it exists).
    pub path: PathBuf,
    /// `ELEVATE_TZ`: the zone times are shown in, unless `--utc`.
    pub tz: Option<String>,
    /// The keys a flag or an `ELEVATE_*` variable set.
    pub given: Vec<&'static str>,
    /// Every key of the config file with its effective value and where it came from; the config
    /// file itself comes first, as `config`.
    pub settings: Vec<Setting>,
}

/// The XDG base directories elevate keeps its files in.
#[derive(Debug, Clone, Copy)]
enum Base {
    Config,
    Data,
    Cache,
}

/// `$XDG_*_HOME/elevate`, or its default under the home directory, on every Unix including
/// macOS: the docs and people's dotfiles say `~/.config/elevate`, and `dirs` would answer
/// `~/Library/Application Support` there. A relative `XDG_*_HOME` is ignored, as the XDG spec
/// says. Windows keeps its own known folders.
fn app_dir(base: Base) -> Result<PathBuf> {
    let (var, under_home, kind) = match base {
        Base::Config => ("XDG_CONFIG_HOME", ".config", "config"),
        Base::Data => ("XDG_DATA_HOME", ".local/share", "data"),
        Base::Cache => ("XDG_CACHE_HOME", ".cache", "cache"),
    };
    let dir = if cfg!(windows) {
        match base {
            Base::Config => dirs::config_dir(),
            Base::Data => dirs::data_dir(),
            Base::Cache => dirs::cache_dir(),
        }
    } else {
        std::env::var_os(var)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| dirs::home_dir().map(|h| h.join(under_home)))
    };
    dir.map(|b| b.join("elevate")).ok_or_else(|| {
        Error::Config(format!(
            "cannot find your {kind} directory (is HOME set?): pass --config, --store and --policy explicitly"
        ))
    })
}

pub fn default_config_path() -> Result<PathBuf> {
    Ok(app_dir(Base::Config)?.join("config.toml"))
}

/// Where the policy file is looked for when nothing names one.
pub fn default_policy_path() -> Result<PathBuf> {
    Ok(app_dir(Base::Config)?.join("policy.toml"))
}

/// Where the single-operator ledger lives when nothing names one.
pub fn default_ledger_path() -> Result<PathBuf> {
    Ok(app_dir(Base::Data)?.join("ledger.db"))
}

/// The config file and the keys it sets.
fn read_file(
    path: &Path,
    explicit: bool,
) -> Result<Option<(FileConfig, std::collections::BTreeSet<String>)>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => return Ok(None),
        Err(e) => {
            return Err(Error::Config(format!(
                "cannot read config file {}: {e}",
                path.display()
            )));
        }
    };
    let config: FileConfig =
        toml::from_str(&text).map_err(|e| Error::Config(toml_error(path, &text, &e)))?;
    let keys = toml::from_str::<toml::Table>(&text)
        .map(|t| t.keys().cloned().collect())
        .unwrap_or_default();
    Ok(Some((config, keys)))
}

const HIDDEN: &str = "<a URL, not shown: it may be a secret>";

/// What a pasted secret (a webhook URL, credentials in a URL) looks like.
fn url_like(s: &str) -> bool {
    s.contains("://") || s.contains('@')
}

/// A config error about `value`, with `value` left out when it looks like a URL: the secret
/// webhook pasted under the wrong key must not come back in the error about that key. Messages
/// may quote part of the value too (the table of `dynamodb:<table>`), so any quoted part that
/// looks like a URL goes as well.
fn withhold(message: String, value: &str) -> String {
    let value = value.trim();
    if value.is_empty() || !url_like(value) {
        return message;
    }
    message
        .replace(value, HIDDEN)
        .split_inclusive(['\'', '"'])
        .map(|part| {
            let text = part.trim_end_matches(['\'', '"']);
            if url_like(text) {
                format!("{HIDDEN}{}", &part[text.len()..])
            } else {
                part.to_string()
            }
        })
        .collect()
}

/// The keys of the config file, for naming them in errors (a test keeps this in step with
/// `FileConfig`).
pub(crate) const KEYS: [&str; 33] = [
    "profile",
    "region",
    "instance_arn",
    "identity_store_id",
    "identity_account",
    "store",
    "policy",
    "allow_long_term_keys",
    "provisioning_timeout",
    "identity_center_rate",
    "identity_center_writes",
    "scheduler_role_arn",
    "schedule_group",
    "kms_key",
    "event_data_store",
    "trail_bucket",
    "trail_org_id",
    "trail_regions",
    "notify_sns_topic",
    "notify_slack_webhook",
    "notify_events",
    "cache_ttl",
    "kms_seal_key",
    "requester_permission_sets",
    "approver_permission_sets",
    "auditor_permission_sets",
    "admin_permission_sets",
    "admin_roles",
    "executor_role_arn",
    "grant_mode",
    "standing_check_interval",
    "executor_function",
    "sso_start_url",
];

/// A toml error said as `file:line:column: what`, without a word of the file itself.
///
/// toml's own `Display` quotes the offending line, and serde's messages quote the offending
/// value or key: either can be the Slack webhook URL, a secret (a typo on its line, or the URL
/// pasted under the wrong key). So the key is named only when it is one elevate knows, and
/// serde's messages are rebuilt from what they expected. toml's parser messages describe the
/// grammar only and are kept.
fn toml_error(path: &Path, src: &str, e: &toml::de::Error) -> String {
    let offset = e.span().map_or(0, |s| s.start);
    let (line, column) = crate::domain::policy::line_col(src, offset);
    let key = line_key(src, offset);
    let message = e.message();
    let expected = message.rsplit_once(", expected ").map(|(_, x)| x);
    let what = if let Some(rest) = message.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or("");
        match KEYS
            .iter()
            .map(|k| (strsim::jaro_winkler(k, name), k))
            .max_by(|a, b| a.0.total_cmp(&b.0))
        {
            Some((score, k)) if score >= 0.85 => {
                format!("unknown key: did you mean {k}? Correct or remove it")
            }
            _ => "unknown key: correct or remove it (the keys are listed in docs/configuration.md)"
                .to_string(),
        }
    } else if message.starts_with("invalid type:")
        || message.starts_with("invalid value:")
        || message.starts_with("invalid length")
    {
        match (key, expected) {
            (Some(k), Some(x)) => format!("{k} must be {x}"),
            (None, Some(x)) => format!("a value here has the wrong type: write {x}"),
            (_, None) => "a value here has the wrong type".to_string(),
        }
    } else if message == "duplicate key" {
        match key {
            Some(k) => format!("{k} is set twice: keep one"),
            None => "a key is set twice: keep one".to_string(),
        }
    } else {
        match key {
            Some(k) => format!("{message}, in the value of {k}: correct the TOML there"),
            None => format!("{message}: correct the TOML there"),
        }
    };
    format!(
        "config file {}:{line}:{column}: {what} (the line is not shown: it may hold a secret)",
        path.display()
    )
}

/// The known key that the line holding `offset` sets, if it sets one.
fn line_key(src: &str, offset: usize) -> Option<&'static str> {
    let start = src[..crate::domain::policy::char_boundary(src, offset)]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = src[start..].lines().next().unwrap_or("");
    let name = line
        .split_once('=')
        .map(|(k, _)| k)
        .unwrap_or(line)
        .trim()
        .trim_matches(|c| c == '[' || c == ']' || c == '"' || c == '\'')
        .trim();
    KEYS.iter().find(|k| **k == name).copied()
}

/// Where CloudTrail events are read from, as flags (and their `ELEVATE_*` variables) and the
/// config file say together: the one merge `audit --activity`, `audit standing`, the executor
/// and `iam-policy` use.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Activity {
    pub event_data_store: Option<String>,
    pub trail_bucket: Option<String>,
    pub trail_org_id: Option<String>,
    /// Empty: the region elevate runs in.
    pub trail_regions: Vec<String>,
}

impl Activity {
    /// The source to read: CloudTrail Lake when an event data store is named, else the
    /// organisation trail's bucket (in `region` unless regions are named); `None` when neither.
    pub fn source(&self, region: &str) -> Option<crate::workflow::activity::Source> {
        use crate::workflow::activity::Source;
        if let Some(store) = &self.event_data_store {
            return Some(Source::Lake {
                event_data_store: store.clone(),
            });
        }
        let bucket = self.trail_bucket.clone()?;
        let regions = if self.trail_regions.is_empty() {
            vec![region.to_string()]
        } else {
            self.trail_regions.clone()
        };
        Some(Source::Trail {
            bucket,
            org_id: self.trail_org_id.clone(),
            regions,
        })
    }
}

impl Config {
    /// [`Activity`]: what the flags say, else what the config file says, key by key.
    pub fn activity(&self, flags: Activity) -> Activity {
        Activity {
            event_data_store: flags.event_data_store.or(self.event_data_store.clone()),
            trail_bucket: flags.trail_bucket.or(self.trail_bucket.clone()),
            trail_org_id: flags.trail_org_id.or(self.trail_org_id.clone()),
            trail_regions: if flags.trail_regions.is_empty() {
                self.trail_regions.clone()
            } else {
                flags.trail_regions
            },
        }
    }
}

/// What IAM and key policies are scoped to: derived from the settings here, so `iam-policy`,
/// `setup` and `doctor` scope alike.
impl Config {
    /// What the policies are scoped to, from config (and what the caller knows).
    pub fn iam_scope(
        &self,
        region: Option<String>,
        account: Option<String>,
    ) -> crate::domain::iam::Scope {
        let config = self;
        let account = account.or_else(|| {
            config
                .scheduler_role_arn
                .as_deref()
                .and_then(|arn| arn.split(':').nth(4))
                .filter(|a| !a.is_empty())
                .map(str::to_string)
        });
        crate::domain::iam::Scope {
            region: region.or(config.region.clone()),
            account,
            instance_arn: config.instance_arn.clone(),
            identity_store_id: config.identity_store_id.clone(),
            table: match &config.store {
                crate::store::Location::Dynamodb(t) => Some(t.clone()),
                crate::store::Location::Sqlite(_) => None,
            },
            schedule_group: config.schedule_group.clone(),
            scheduler_role_arn: config.scheduler_role_arn.clone(),
            event_data_store: config.event_data_store.clone(),
            trail_bucket: config.trail_bucket.clone(),
            notify_sns_topic: config.notify_sns_topic.clone(),
            seal_key: config.kms_seal_key.clone(),
            grant_mode: config.grant_mode,
            executor_function: config.executor_function.clone(),
        }
    }

    /// The seal key's policy scope, from config: the key's account (from `kms_seal_key`, else
    /// `account`), the account people sign into, the ledger, the permission sets and roles, and the
    /// roles the policy file's `[[delegate]]` names.
    pub fn seal_scope(
        &self,
        account: Option<&str>,
        identity_account: Option<&str>,
    ) -> std::result::Result<crate::domain::key_policy::SealScope, String> {
        let config = self;
        let from_key = config
            .kms_seal_key
            .as_deref()
            .and_then(|arn| arn.split(':').nth(4))
            .filter(|a| !a.is_empty());
        let partition = config
            .kms_seal_key
            .as_deref()
            .and_then(|arn| arn.split(':').nth(1))
            .unwrap_or("aws");
        let key_account = from_key.or(account).ok_or(
            "the account is unknown: set kms_seal_key (its ARN names the account) or pass --account",
        )?;
        let identity_account = identity_account.unwrap_or(key_account);
        let executor_role = config
            .executor_role_arn
            .clone()
            .unwrap_or_else(|| format!("arn:{partition}:iam::{key_account}:role/elevate-executor"));
        let mut scope = crate::domain::key_policy::SealScope::new(
            partition,
            key_account,
            identity_account,
            &config.ledger_name(),
            &executor_role,
        );
        scope.requester_permission_sets = config.requester_permission_sets.clone();
        scope.approver_permission_sets = config.approver_permission_sets.clone();
        scope.auditor_permission_sets = config.auditor_permission_sets.clone();
        scope.admin_permission_sets = config.admin_permission_sets.clone();
        scope.admin_roles = config.admin_roles.clone();
        // Direct mode: approvers grant with their own credentials. Brokered: only the executor.
        scope.grant_by_approvers = config.grant_mode == crate::domain::authz::GrantMode::Direct;
        scope.delegate_roles = config.delegate_roles();
        Ok(scope)
    }

    /// The roles the local policy file's `[[delegate]]` names exactly (a caller pattern ending in
    /// `*` cannot be named in a key policy, and is left out with a warning).
    fn delegate_roles(&self) -> Vec<String> {
        let config = self;
        let Ok(text) = std::fs::read_to_string(&config.policy) else {
            return Vec::new();
        };
        let Ok(policy) = crate::domain::Policy::parse(&text, &config.policy.display().to_string())
        else {
            return Vec::new();
        };
        let mut roles = Vec::new();
        for caller in policy.delegates.iter().flat_map(|d| d.callers.iter()) {
            if caller.prefix {
                tracing::warn!(
                    "[[delegate]] caller {} matches a prefix of role names: the seal key's policy names roles exactly, so list each role that may seal requests",
                    caller.arn
                );
            } else {
                // As written, path and all: aws:PrincipalArn carries the role's path.
                roles.push(caller.arn.clone());
            }
        }
        roles.sort();
        roles.dedup();
        roles
    }
}

impl Config {
    /// The ledger's name in seals (`elevate:ledger`): a seal made for one ledger does not
    /// verify in another.
    pub fn ledger_name(&self) -> String {
        match &self.store {
            Location::Dynamodb(table) => format!("dynamodb:{table}"),
            Location::Sqlite(_) => "sqlite".into(),
        }
    }

    pub fn resolve(o: Overrides) -> Result<Config> {
        let (path, explicit) = match &o.config {
            Some(p) => (p.clone(), true),
            None => (default_config_path()?, false),
        };
        let file = read_file(&path, explicit)?;
        let read = file.is_some().then(|| path.clone());
        let (f, in_file) = file.unwrap_or_default();
        let overridden = o.given();
        let env_keys = o.from_env.clone();
        let config_source = match (&o.config, env_keys.contains(&"config")) {
            (None, _) => "default",
            (Some(_), true) => "ELEVATE_CONFIG",
            (Some(_), false) => "--config",
        };

        let store = match o.store.or(f.store) {
            Some(s) => Location::parse(&s).map_err(|e| Error::Config(withhold(e, &s)))?,
            None => Location::Sqlite(default_ledger_path()?),
        };
        let grant_mode = match env("ELEVATE_GRANT_MODE")
            .or(f.grant_mode.clone())
        {
            Some(m) => m.parse().map_err(|e: String| {
                Error::Config(format!(
                    "{e}: \"brokered\" lets only the executor change access (a team on a shared ledger); \"direct\" lets approvers grant with their own credentials (one operator)"
                ))
            })?,
            // A shared ledger serves a team: nobody but the executor holds grant power.
            None if matches!(store, Location::Dynamodb(_)) => {
                crate::domain::authz::GrantMode::Brokered
            }
            None => crate::domain::authz::GrantMode::Direct,
        };
        let policy_explicit = o.policy.is_some() || f.policy.is_some();
        let policy = match o.policy.or(f.policy) {
            Some(p) => p,
            None => default_policy_path()?,
        };
        let provisioning_timeout = match f.provisioning_timeout {
            Some(t) => parse_duration(&t)
                .map_err(|e| {
                    Error::Config(withhold(format!("config provisioning_timeout: {e}"), &t))
                })?
                .unsigned_abs(),
            None => Duration::from_secs(300),
        };
        let identity_center_pacing = crate::aws::pacing::Pacing::new(
            f.identity_center_rate
                .unwrap_or(crate::aws::pacing::DEFAULT_RATE),
            f.identity_center_writes
                .unwrap_or(crate::aws::pacing::DEFAULT_WRITES),
        )
        .map_err(|e| Error::Config(format!("config {e}")))?;
        let cache_ttl = match f.cache_ttl.as_deref().map(str::trim) {
            Some("0") => Duration::ZERO,
            Some(t) => parse_duration(t)
                .map_err(|e| {
                    Error::Config(withhold(
                        format!("config cache_ttl: {e} (or \"0\" for no cache)"),
                        t,
                    ))
                })?
                .unsigned_abs(),
            None => Duration::from_secs(600),
        };
        if let Some(k) = f.kms_key.as_deref() {
            table_key(k).map_err(|e| Error::Config(withhold(format!("config kms_key: {e}"), k)))?;
        }
        let kms_seal_key = env("ELEVATE_KMS_SEAL_KEY").or(f.kms_seal_key.clone());
        if let Some(k) = kms_seal_key.as_deref().filter(|k| !k.starts_with("arn:")) {
            return Err(Error::Config(withhold(
                format!(
                    "kms_seal_key = \"{k}\": give the key's full ARN (arn:aws:kms:<region>:<account>:key/<id>), not an id or alias: seals name the key, and verification must refuse any other"
                ),
                k,
            )));
        }
        let identity_account = o
            .identity_account
            .or(f.identity_account)
            .map(|a| a.trim().to_string());
        if let Some(a) = identity_account
            .as_deref()
            .filter(|a| a.len() != 12 || !a.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(Error::Config(withhold(
                format!(
                    "identity_account {a:?} is not an AWS account id: give the 12 digits of the account where your Identity Center users sign in to run elevate (the Identity Center instance's management or delegated administrator account), or leave it out to use the instance's owner"
                ),
                a,
            )));
        }
        let notify_events = f
            .notify_events
            .unwrap_or_default()
            .iter()
            .map(|e| {
                crate::domain::notify::Topic::parse(e).ok_or_else(|| {
                    Error::Config(withhold(format!(
                        "config notify_events: '{e}' is not an event; use any of requested, approved, rejected, granted, ended, break_glass, failed"
                    ), e))
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let from_env = env("ELEVATE_NOTIFY_SLACK_WEBHOOK");
        let webhook_from = if from_env.is_some() {
            "ELEVATE_NOTIFY_SLACK_WEBHOOK".to_string()
        } else {
            format!("notify_slack_webhook in {}", path.display())
        };
        let notify_slack_webhook = from_env.or(f.notify_slack_webhook);
        if notify_slack_webhook
            .as_deref()
            .is_some_and(|u| !crate::domain::notify::webhook_allowed(u))
        {
            // Where it came from, never what it is: the URL is the secret.
            return Err(Error::Config(format!(
                "the Slack webhook ({webhook_from}) is not usable: it must be an https:// URL, or http:// to localhost, 127.0.0.1 or [::1], with no user name or password in it; its value is not shown because it is a secret"
            )));
        }
        let standing_check_interval = match f.standing_check_interval.as_deref().map(str::trim) {
            Some("0") => Duration::ZERO,
            Some(t) => parse_duration(t)
                .map_err(|e| {
                    Error::Config(withhold(
                        format!("config standing_check_interval: {e} (or \"0\" never)"),
                        t,
                    ))
                })?
                .unsigned_abs(),
            None => Duration::from_secs(3600),
        };
        Ok(Config {
            profile: o.profile.or(f.profile),
            region: o.region.or(f.region),
            instance_arn: o.instance_arn.or(f.instance_arn),
            identity_store_id: o.identity_store_id.or(f.identity_store_id),
            identity_account,
            store,
            policy,
            allow_long_term_keys: o.allow_long_term_keys || f.allow_long_term_keys.unwrap_or(false),
            provisioning_timeout,
            identity_center_pacing,
            cache_ttl,
            scheduler_role_arn: o.scheduler_role_arn.or(f.scheduler_role_arn),
            schedule_group: f.schedule_group.unwrap_or_else(|| "elevate".into()),
            kms_key: f.kms_key,
            event_data_store: f.event_data_store,
            trail_bucket: f.trail_bucket,
            trail_org_id: f.trail_org_id,
            trail_regions: f.trail_regions.unwrap_or_default(),
            notify_sns_topic: env("ELEVATE_NOTIFY_SNS_TOPIC").or(f.notify_sns_topic),
            notify_slack_webhook,
            notify_events,
            cache_dir: app_dir(Base::Cache)?,
            kms_seal_key,
            requester_permission_sets: f
                .requester_permission_sets
                .unwrap_or_else(|| vec!["ElevateRequester".into()]),
            approver_permission_sets: f
                .approver_permission_sets
                .unwrap_or_else(|| vec!["ElevateApprover".into()]),
            auditor_permission_sets: f
                .auditor_permission_sets
                .unwrap_or_else(|| vec!["ElevateAuditor".into()]),
            admin_permission_sets: f
                .admin_permission_sets
                .unwrap_or_else(|| vec!["ElevateAdmin".into()]),
            admin_roles: f.admin_roles.unwrap_or_default(),
            executor_role_arn: f.executor_role_arn,
            grant_mode,
            standing_check_interval,
            executor_function: env("ELEVATE_EXECUTOR_FUNCTION").or(f.executor_function),
            sso_start_url: env("ELEVATE_SSO_START_URL").or(f.sso_start_url),
            policy_explicit,
            file: read,
            path: path.clone(),
            tz: env("ELEVATE_TZ"),
            given: overridden.clone(),
            settings: Vec::new(),
        }
        .with_settings(config_source, &path, &overridden, &env_keys, &in_file))
    }

    /// Records every key's effective value and its source.
    fn with_settings(
        mut self,
        config_source: &str,
        config_path: &Path,
        overridden: &[&str],
        from_env: &[&str],
        in_file: &std::collections::BTreeSet<String>,
    ) -> Config {
        let env_set = |var: &str| std::env::var(var).is_ok_and(|v| !v.is_empty());
        let source = |key: &str| -> String {
            let var = format!("ELEVATE_{}", key.to_uppercase());
            if overridden.contains(&key) {
                if from_env.contains(&key) {
                    var
                } else {
                    format!("--{}", key.replace('_', "-"))
                }
            } else if ENV_ONLY.contains(&key) && env_set(&var) {
                var
            } else if in_file.contains(key) {
                "config file".into()
            } else {
                "default".into()
            }
        };
        let list = |v: &[String]| (!v.is_empty()).then(|| v.join(", "));
        let mut settings = vec![Setting {
            key: "config",
            value: Some(format!(
                "{}{}",
                config_path.display(),
                if self.file.is_some() {
                    ""
                } else {
                    " (not found)"
                }
            )),
            source: config_source.into(),
        }];
        for key in KEYS {
            let value = match key {
                "profile" => self.profile.clone(),
                "region" => self.region.clone(),
                "instance_arn" => self.instance_arn.clone(),
                "identity_store_id" => self.identity_store_id.clone(),
                "identity_account" => self.identity_account.clone(),
                "store" => Some(self.store.to_string()),
                "policy" => Some(self.policy.display().to_string()),
                "allow_long_term_keys" => Some(self.allow_long_term_keys.to_string()),
                "provisioning_timeout" => Some(show_duration(self.provisioning_timeout)),
                "identity_center_rate" => Some(format!("{}/s", self.identity_center_pacing.rate)),
                "identity_center_writes" => Some(self.identity_center_pacing.writes.to_string()),
                "scheduler_role_arn" => self.scheduler_role_arn.clone(),
                "schedule_group" => Some(self.schedule_group.clone()),
                "kms_key" => self.kms_key.clone(),
                "event_data_store" => self.event_data_store.clone(),
                "trail_bucket" => self.trail_bucket.clone(),
                "trail_org_id" => self.trail_org_id.clone(),
                "trail_regions" => list(&self.trail_regions),
                "notify_sns_topic" => self.notify_sns_topic.clone(),
                // The webhook URL is the secret itself.
                "notify_slack_webhook" => self
                    .notify_slack_webhook
                    .as_ref()
                    .map(|_| "(set; not shown: it is a secret)".to_string()),
                "notify_events" => Some(if self.notify_events.is_empty() {
                    "all".to_string()
                } else {
                    self.notify_events
                        .iter()
                        .map(|t| t.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                }),
                "cache_ttl" => Some(show_duration(self.cache_ttl)),
                "kms_seal_key" => self.kms_seal_key.clone(),
                "requester_permission_sets" => list(&self.requester_permission_sets),
                "approver_permission_sets" => list(&self.approver_permission_sets),
                "auditor_permission_sets" => list(&self.auditor_permission_sets),
                "admin_permission_sets" => list(&self.admin_permission_sets),
                "admin_roles" => list(&self.admin_roles),
                "executor_role_arn" => self.executor_role_arn.clone(),
                "grant_mode" => Some(self.grant_mode.to_string()),
                "standing_check_interval" => Some(show_duration(self.standing_check_interval)),
                "executor_function" => self.executor_function.clone(),
                "sso_start_url" => self.sso_start_url.clone(),
                other => unreachable!("config key {other} is not shown"),
            };
            // A secret pasted under the wrong key is not shown either; the access portal's
            // address is the one URL a setting holds.
            let value = value.map(|v| {
                if key != "sso_start_url" && url_like(&v) {
                    HIDDEN.to_string()
                } else {
                    v
                }
            });
            let mut source = source(key);
            if source == "default" {
                match (key, value.is_some()) {
                    ("grant_mode", _) => {
                        source = format!(
                            "default for {} ledger",
                            if self.store.is_shared() {
                                "a shared"
                            } else {
                                "a local"
                            }
                        )
                    }
                    (_, false) => {
                        source = match key {
                            "profile" => "not set: the AWS SDK's default chain",
                            "region" => "not set: your AWS profile's or AWS_REGION",
                            "instance_arn" => "not set: found with ListInstances",
                            "identity_store_id" => "not set: the instance's",
                            "identity_account" => "not set: the instance's owner account",
                            "scheduler_role_arn" => "not set: access ends only when elevate runs",
                            "kms_seal_key" => "not set: an unsealed ledger",
                            "executor_role_arn" => {
                                "not set: role/elevate-executor in the seal key's account"
                            }
                            "sso_start_url" => "not set: your AWS profile's sso_start_url",
                            _ => "not set",
                        }
                        .into()
                    }
                    _ => {}
                }
            }
            settings.push(Setting { key, value, source });
        }
        self.settings = settings;
        self
    }
}

/// Keys with an `ELEVATE_*` variable of their own but no flag.
const ENV_ONLY: [&str; 6] = [
    "grant_mode",
    "kms_seal_key",
    "notify_sns_topic",
    "notify_slack_webhook",
    "executor_function",
    "sso_start_url",
];

/// A whole duration as people write it in the config ("5m", "1h", "0").
fn show_duration(d: Duration) -> String {
    match jiff::SignedDuration::try_from(d) {
        Ok(d) if !d.is_zero() => format!("{:#}", d),
        _ => "0".into(),
    }
}

impl Overrides {
    /// The keys a flag or its variable set.
    fn given(&self) -> Vec<&'static str> {
        let mut keys = Vec::new();
        let mut add = |k: &'static str, set: bool| {
            if set {
                keys.push(k)
            }
        };
        add("profile", self.profile.is_some());
        add("region", self.region.is_some());
        add("instance_arn", self.instance_arn.is_some());
        add("identity_store_id", self.identity_store_id.is_some());
        add("identity_account", self.identity_account.is_some());
        add("store", self.store.is_some());
        add("policy", self.policy.is_some());
        add("allow_long_term_keys", self.allow_long_term_keys);
        add("scheduler_role_arn", self.scheduler_role_arn.is_some());
        keys
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, text: &str) -> PathBuf {
        let p = dir.join("config.toml");
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn flags_win_over_the_file_and_the_file_over_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "region = \"eu-west-1\"\nprofile = \"file\"\nstore = \"sqlite:/tmp/from-file.db\"\nprovisioning_timeout = \"2m\"\n",
        );
        let c = Config::resolve(Overrides {
            config: Some(path.clone()),
            profile: Some("flag".into()),
            ..Overrides::default()
        })
        .unwrap();
        assert_eq!(c.profile.as_deref(), Some("flag"));
        assert_eq!(c.region.as_deref(), Some("eu-west-1"));
        assert_eq!(c.store, Location::Sqlite("/tmp/from-file.db".into()));
        assert_eq!(c.provisioning_timeout, Duration::from_secs(120));
        assert_eq!(c.file, Some(path));
        assert!(!c.allow_long_term_keys);
    }

    #[test]
    fn the_identity_account_is_an_account_id_from_flag_or_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "identity_account = \"111122223333\"\n");
        let resolve = |flag: Option<&str>| {
            Config::resolve(Overrides {
                config: Some(path.clone()),
                identity_account: flag.map(Into::into),
                ..Overrides::default()
            })
        };
        assert_eq!(
            resolve(None).unwrap().identity_account.as_deref(),
            Some("111122223333")
        );
        assert_eq!(
            resolve(Some(" 444455556666 "))
                .unwrap()
                .identity_account
                .as_deref(),
            Some("444455556666")
        );
        for bad in [
            "",
            "1111-2222-3333",
            "11112222333",
            "arn:aws:iam::111122223333:root",
        ] {
            let err = resolve(Some(bad)).unwrap_err().to_string();
            assert!(
                err.contains("not an AWS account id") && err.contains("12 digits"),
                "{bad}: {err}"
            );
        }
        let unset = Config::resolve(Overrides {
            config: Some(write(dir.path(), "")),
            ..Overrides::default()
        })
        .unwrap();
        assert_eq!(unset.identity_account, None);
    }

    #[test]
    fn bad_files_say_where_and_what() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "regoin = \"x\"\n");
        let err = Config::resolve(Overrides {
            config: Some(path),
            ..Overrides::default()
        })
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("config.toml:1:1:") && err.contains("did you mean region?"),
            "{err}"
        );

        let missing = Config::resolve(Overrides {
            config: Some(dir.path().join("nope.toml")),
            ..Overrides::default()
        })
        .unwrap_err()
        .to_string();
        assert!(missing.contains("cannot read config file"), "{missing}");

        let bad_store = Config::resolve(Overrides {
            config: Some(write(dir.path(), "store = \"postgres://x\"\n")),
            ..Overrides::default()
        })
        .unwrap_err()
        .to_string();
        assert!(bad_store.contains("sqlite:<path>"), "{bad_store}");
    }

    /// Resolves a config file made of `text`, expecting an error.
    fn error_of(text: &str) -> String {
        let dir = tempfile::tempdir().unwrap();
        Config::resolve(Overrides {
            config: Some(write(dir.path(), text)),
            ..Overrides::default()
        })
        .unwrap_err()
        .to_string()
    }

    const HOOK: &str = "https://hooks.slack.com/services/T000/B000/SECRETXYZ";

    #[test]
    fn config_errors_say_where_and_never_quote_the_file() {
        // A typo on the webhook's own line: toml would print the line, secret and all.
        let err = error_of(&format!(
            "region = \"eu-west-1\"\nnotify_slack_webhook = \"{HOOK}\n"
        ));
        assert!(
            err.contains("config.toml:2:") && err.contains("notify_slack_webhook"),
            "{err}"
        );
        // The secret under the wrong key: serde would quote the value.
        let err2 = error_of(&format!("allow_long_term_keys = \"{HOOK}\"\n"));
        assert!(
            err2.contains(":1:24: allow_long_term_keys must be a boolean"),
            "{err2}"
        );
        let err3 = error_of(&format!("trail_regions = \"{HOOK}\"\n"));
        assert!(err3.contains("trail_regions must be"), "{err3}");
        // ... or as a key: serde would quote the key.
        let err4 = error_of(&format!("\"{HOOK}\" = 1\n"));
        assert!(err4.contains(":1:1: unknown key"), "{err4}");
        let err5 = error_of(&format!(
            "notify_slack_webhook = \"{HOOK}\"\nnotify_slack_webhook = \"{HOOK}2\"\n"
        ));
        assert!(
            err5.contains(":2:1: notify_slack_webhook is set twice"),
            "{err5}"
        );
        let err6 = error_of(&format!("notify_slack_webhook = \"{HOOK}\" x\n"));
        assert!(err6.contains(":1:"), "{err6}");
        for e in [&err, &err2, &err3, &err4, &err5, &err6] {
            assert!(
                !e.contains("SECRETXYZ") && !e.contains("hooks.slack.com"),
                "a secret leaked: {e}"
            );
        }
    }

    #[test]
    fn other_config_errors_never_print_the_secret_either() {
        // A webhook that is refused says where it came from, not what it is.
        let err = error_of(&format!(
            "notify_slack_webhook = \"{}\"\n",
            HOOK.replace("https://hooks.slack.com", "http://localhost.evil.com")
        ));
        assert!(err.contains("notify_slack_webhook in"), "{err}");
        // The webhook pasted under keys whose errors quote their value.
        let hook = HOOK.replace("https://", "https://user:pw@");
        let others = [
            error_of(&format!("store = \"{HOOK}\"\n")),
            error_of(&format!("store = \"dynamodb:{hook}\"\n")),
            error_of(&format!("provisioning_timeout = \"{HOOK}\"\n")),
            error_of(&format!("cache_ttl = \"{HOOK}\"\n")),
            error_of(&format!("notify_events = [\"{HOOK}\"]\n")),
        ];
        for e in std::iter::once(&err).chain(&others) {
            assert!(
                !e.contains("SECRETXYZ") && !e.contains("evil.com"),
                "a secret leaked: {e}"
            );
        }
        // What is not URL-like is still quoted, so the message stays useful.
        let plain = error_of("cache_ttl = \"soon\"\n");
        assert!(plain.contains("'soon'"), "{plain}");
    }

    #[test]
    fn every_key_is_shown_with_where_it_came_from_and_secrets_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "region = \"eu-west-1\"\nprofile = \"file\"\nnotify_slack_webhook = \"https://hooks.slack.com/services/T0/B0/secret\"\nexecutor_function = \"https://hooks.slack.com/services/T0/B0/pasted-here\"\n",
        );
        let c = Config::resolve(Overrides {
            config: Some(path.clone()),
            profile: Some("flag".into()),
            store: Some("dynamodb:team".into()),
            policy: Some("/etc/elevate/policy.toml".into()),
            from_env: vec!["store", "config"],
            ..Overrides::default()
        })
        .unwrap();
        let keys: Vec<&str> = c.settings.iter().map(|s| s.key).collect();
        assert_eq!(keys[0], "config");
        assert_eq!(keys[1..], KEYS);
        let of = |k: &str| {
            let s = c.settings.iter().find(|s| s.key == k).unwrap();
            (s.value.clone(), s.source.clone())
        };
        assert_eq!(of("profile"), (Some("flag".into()), "--profile".into()));
        assert_eq!(
            of("store"),
            (Some("dynamodb:team".into()), "ELEVATE_STORE".into())
        );
        assert_eq!(of("config").1, "ELEVATE_CONFIG");
        assert_eq!(
            of("region"),
            (Some("eu-west-1".into()), "config file".into())
        );
        assert_eq!(of("cache_ttl"), (Some("10m".into()), "default".into()));
        assert_eq!(
            of("grant_mode"),
            (
                Some("brokered".into()),
                "default for a shared ledger".into()
            )
        );
        assert_eq!(of("kms_key"), (None, "not set".into()));
        let shown = format!("{:?}", c.settings);
        assert!(!shown.contains("hooks.slack.com"), "{shown}");
    }

    /// Every `ELEVATE_*` name in the source is a flag's variable or in [`ENVIRONMENT`], and
    /// only this file reads one (the test hooks of debug builds aside).
    #[test]
    fn every_variable_is_in_the_one_table_or_on_its_flag_and_read_here() {
        fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    out.push(path);
                }
            }
        }
        let mut flag_variables = Vec::new();
        fn flags(cmd: &clap::Command, out: &mut Vec<String>) {
            for arg in cmd.get_arguments() {
                if let Some(env) = arg.get_env() {
                    out.push(env.to_string_lossy().into_owned());
                }
            }
            for sub in cmd.get_subcommands() {
                flags(sub, out);
            }
        }
        flags(&crate::cli::command(), &mut flag_variables);
        let listed: Vec<&str> = ENVIRONMENT
            .iter()
            .flat_map(|(names, _)| names.split(", "))
            .collect();
        // Test hooks of debug builds, and the shell variable help's examples keep an id in.
        let test_hook = |name: &str| {
            name.starts_with("ELEVATE_TEST_") || name == "ELEVATE_BLESS" || name == "ELEVATE_ID"
        };
        let mut files = Vec::new();
        walk(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        assert!(files.len() > 50, "{files:?}");
        let mut unknown = Vec::new();
        let mut read_elsewhere = Vec::new();
        for file in &files {
            let text = std::fs::read_to_string(file).unwrap();
            for (at, _) in text.match_indices("ELEVATE_") {
                let name: String = text[at..]
                    .chars()
                    .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '_')
                    .collect();
                if name.ends_with('_') || test_hook(&name) {
                    continue;
                }
                if !listed.contains(&name.as_str()) && !flag_variables.contains(&name) {
                    unknown.push(format!("{}: {name}", file.display()));
                }
            }
            if !file.ends_with("src/config.rs") {
                for line in text.lines() {
                    let reads = line.contains("env::var(\"ELEVATE_")
                        || line.contains("env::var_os(\"ELEVATE_");
                    if reads && !line.contains("ELEVATE_TEST_") && !line.contains("ELEVATE_BLESS") {
                        read_elsewhere.push(format!("{}: {}", file.display(), line.trim()));
                    }
                }
            }
        }
        assert!(
            unknown.is_empty(),
            "not a flag's variable nor in config::ENVIRONMENT: {unknown:#?}"
        );
        assert!(
            read_elsewhere.is_empty(),
            "read outside config.rs: {read_elsewhere:#?}"
        );
    }

    #[test]
    fn activity_sources_merge_key_by_key_and_lake_comes_first() {
        use crate::workflow::activity::Source;
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "trail_bucket = \"org-trail\"\ntrail_org_id = \"o-file\"\ntrail_regions = [\"eu-west-1\"]\n",
        );
        let c = Config::resolve(Overrides {
            config: Some(path),
            ..Overrides::default()
        })
        .unwrap();
        let from_file = c.activity(Activity::default());
        assert_eq!(
            from_file.source("us-east-1"),
            Some(Source::Trail {
                bucket: "org-trail".into(),
                org_id: Some("o-file".into()),
                regions: vec!["eu-west-1".into()],
            })
        );
        let flags = c.activity(Activity {
            trail_org_id: Some("o-flag".into()),
            ..Activity::default()
        });
        assert_eq!(flags.trail_org_id.as_deref(), Some("o-flag"));
        assert_eq!(flags.trail_bucket.as_deref(), Some("org-trail"));
        let lake = c.activity(Activity {
            event_data_store: Some("eds-1".into()),
            ..Activity::default()
        });
        assert_eq!(
            lake.source("us-east-1"),
            Some(Source::Lake {
                event_data_store: "eds-1".into()
            })
        );
        assert_eq!(Activity::default().source("us-east-1"), None);
        let no_regions = Activity {
            trail_bucket: Some("b".into()),
            ..Activity::default()
        };
        assert!(matches!(
            no_regions.source("ap-south-1"),
            Some(Source::Trail { regions, .. }) if regions == ["ap-south-1"]
        ));
    }

    #[test]
    fn the_key_list_is_the_config_files() {
        let e = toml::from_str::<FileConfig>("zzz = 1\n").unwrap_err();
        let listed: Vec<&str> = e
            .message()
            .split("expected one of ")
            .nth(1)
            .unwrap()
            .split(", ")
            .map(|k| k.trim_matches('`'))
            .collect();
        assert_eq!(listed, KEYS);
    }
}
