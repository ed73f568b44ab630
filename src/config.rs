//! Settings, resolved once: command-line flags, then `ELEVATE_*` environment variables (clap reads
//! both), then the config file, then defaults.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::domain::parse_duration;
use crate::error::{Error, Result};
use crate::store::Location;

/// Every setting, declared once. serde reads the config file into it (each key optional: a file
/// sets what it sets); clap fills the ones a global option may give (with its `ELEVATE_*`
/// variable), the rest are `#[arg(skip)]`; the keys with a variable of their own but no flag are
/// the `ELEVATE_<KEY>` names of [`ENVIRONMENT`]. [`Config::resolve`] layers these, and the
/// defaults, key by key. (The options' `display_order` keeps `--help` in the order people know;
/// the struct's order is the config file's.)
#[derive(Debug, Default, Clone, Deserialize, Serialize, clap::Args)]
#[serde(deny_unknown_fields)]
#[command(next_help_heading = "Global options")]
pub struct Options {
    /// AWS profile to take credentials from (e.g. one set up with `aws configure sso`)
    #[arg(
        long,
        global = true,
        hide_env_values = true,
        env = "ELEVATE_PROFILE",
        value_name = "NAME",
        display_order = 0,
        add = clap_complete::ArgValueCandidates::new(crate::cli::complete::aws_profiles)
    )]
    pub profile: Option<String>,
    /// Region of the Identity Center instance
    #[arg(
        long,
        global = true,
        hide_env_values = true,
        env = "ELEVATE_REGION",
        value_name = "REGION",
        display_order = 1
    )]
    pub region: Option<String>,
    /// Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]
    #[arg(
        long,
        global = true,
        hide_env_values = true,
        env = "ELEVATE_CONFIG",
        value_name = "PATH",
        display_order = 2
    )]
    // Where the other keys are read from, so not a key of the file itself.
    #[serde(skip)]
    pub config: Option<PathBuf>,
    /// Identity Center instance ARN [default: discovered with ListInstances]
    #[arg(
        long,
        global = true,
        hide_env_values = true,
        env = "ELEVATE_INSTANCE_ARN",
        value_name = "ARN",
        display_order = 5
    )]
    pub instance_arn: Option<String>,
    /// Identity store id [default: the instance's]
    #[arg(
        long,
        global = true,
        hide_env_values = true,
        env = "ELEVATE_IDENTITY_STORE_ID",
        value_name = "ID",
        display_order = 6
    )]
    pub identity_store_id: Option<String>,
    /// Account whose Identity Center sessions are people [default: the account that owns the
    /// Identity Center instance]
    #[arg(
        long,
        global = true,
        hide_env_values = true,
        env = "ELEVATE_IDENTITY_ACCOUNT",
        value_name = "ACCOUNT",
        display_order = 7
    )]
    pub identity_account: Option<String>,
    /// Ledger: sqlite:<path>, or dynamodb:<table> for a team [default:
    /// sqlite:$XDG_DATA_HOME/elevate/ledger.db]
    #[arg(
        long,
        global = true,
        hide_env_values = true,
        env = "ELEVATE_STORE",
        value_name = "LOCATION",
        display_order = 3
    )]
    pub store: Option<String>,
    /// Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]
    #[arg(
        long,
        global = true,
        hide_env_values = true,
        env = "ELEVATE_POLICY",
        value_name = "PATH",
        display_order = 4
    )]
    pub policy: Option<PathBuf>,
    /// Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md
    // No value after the flag means true; its variable is false when "0", "false", "no" or "off".
    #[arg(
        long,
        global = true,
        hide_env_values = true,
        env = "ELEVATE_ALLOW_LONG_TERM_KEYS",
        num_args = 0,
        default_missing_value = "true",
        value_parser = clap::builder::FalseyValueParser::new(),
        display_order = 9
    )]
    pub allow_long_term_keys: Option<bool>,
    // How long to wait for Identity Center to confirm a grant or revocation, e.g. "5m".
    #[arg(skip)]
    pub provisioning_timeout: Option<String>,
    // Calls a second to the Identity Center admin API (its documented collective throttle), and
    // assignment creations and deletions in progress at once (AWS allows 15 and no more).
    #[arg(skip)]
    pub identity_center_rate: Option<f64>,
    #[arg(skip)]
    pub identity_center_writes: Option<u32>,
    /// Role EventBridge Scheduler assumes to remove access at the end of an elevation
    #[arg(
        long,
        global = true,
        hide_env_values = true,
        env = "ELEVATE_SCHEDULER_ROLE_ARN",
        value_name = "ARN",
        display_order = 8
    )]
    pub scheduler_role_arn: Option<String>,
    #[arg(skip)]
    pub schedule_group: Option<String>,
    // The customer-managed KMS key (ARN or key id, never an alias) the DynamoDB ledger is
    // encrypted with; unset: an AWS key.
    #[arg(skip)]
    pub kms_key: Option<String>,
    // Session activity: a CloudTrail Lake event data store, or the organisation trail's bucket,
    // organisation id and regions.
    #[arg(skip)]
    pub event_data_store: Option<String>,
    #[arg(skip)]
    pub trail_bucket: Option<String>,
    #[arg(skip)]
    pub trail_org_id: Option<String>,
    #[arg(skip)]
    pub trail_regions: Option<Vec<String>>,
    // Notifications: an SNS topic, a Slack incoming webhook (a secret), the events to send.
    #[arg(skip)]
    pub notify_sns_topic: Option<String>,
    #[arg(skip)]
    pub notify_slack_webhook: Option<String>,
    #[arg(skip)]
    pub notify_events: Option<Vec<String>>,
    // How long listings of accounts and permission sets are cached on disk; "0": no cache.
    #[arg(skip)]
    pub cache_ttl: Option<String>,
    // The KMS key (ARN) every ledger event is sealed with; unset on SQLite: unsealed.
    #[arg(skip)]
    pub kms_seal_key: Option<String>,
    // The permission sets people run elevate with, by role; the roles that may also apply
    // policy versions; the executor's role.
    #[arg(skip)]
    pub requester_permission_sets: Option<Vec<String>>,
    #[arg(skip)]
    pub approver_permission_sets: Option<Vec<String>>,
    #[arg(skip)]
    pub auditor_permission_sets: Option<Vec<String>>,
    #[arg(skip)]
    pub admin_permission_sets: Option<Vec<String>>,
    #[arg(skip)]
    pub admin_roles: Option<Vec<String>>,
    #[arg(skip)]
    pub executor_role_arn: Option<String>,
    // "brokered" (only the executor changes access) or "direct".
    #[arg(skip)]
    pub grant_mode: Option<String>,
    // How often the executor looks for access elevate did not give; "0": never.
    #[arg(skip)]
    pub standing_check_interval: Option<String>,
    // The executor's Lambda function, woken by people's commands in a brokered team.
    #[arg(skip)]
    pub executor_function: Option<String>,
    // The access portal's start URL, for console links.
    #[arg(skip)]
    pub sso_start_url: Option<String>,
}

/// What a key is worth when nothing sets it, as the config file would say it. The ledger's and
/// the policy's paths, and the grant mode (which follows the ledger), are found at run time.
const DEFAULTS: &str = r#"
allow_long_term_keys = false
provisioning_timeout = "5m"
identity_center_rate = 20
identity_center_writes = 10
schedule_group = "elevate"
cache_ttl = "10m"
requester_permission_sets = ["ElevateRequester"]
approver_permission_sets = ["ElevateApprover"]
auditor_permission_sets = ["ElevateAuditor"]
admin_permission_sets = ["ElevateAdmin"]
standing_check_interval = "1h"
"#;

/// The config file's keys, in the order [`Options`] declares them: the field list serde's derive
/// gives the struct, which is also what its "expected one of" errors name.
pub(crate) fn keys() -> &'static [&'static str] {
    use serde::de::{Error as _, Visitor};
    type E = serde::de::value::Error;
    struct Fields<'a>(&'a mut &'static [&'static str]);
    impl<'de> serde::Deserializer<'de> for Fields<'_> {
        type Error = E;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> std::result::Result<V::Value, E> {
            Err(E::custom("only a struct's field list is read"))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> std::result::Result<V::Value, E> {
            *self.0 = fields;
            Err(E::custom("only a struct's field list is read"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
            ignored_any
        }
    }
    let mut fields: &'static [&'static str] = &[];
    let _ = Options::deserialize(Fields(&mut fields));
    fields
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
    set_variable(name)
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
    set_variable(name)
}

/// A variable, when it is set and not empty.
fn set_variable(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
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

/// The keys the config file sets (a layer), checked against [`Options`].
fn read_file(
    path: &Path,
    explicit: bool,
) -> Result<Option<serde_json::Map<String, serde_json::Value>>> {
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
    // Read from the text twice: typed, so an error has its line and column (a `Table` has no
    // spans left); then as a table, which keeps only the keys the file sets.
    toml::from_str::<Options>(&text).map_err(|e| Error::Config(toml_error(path, &text, &e)))?;
    let table: toml::Table =
        toml::from_str(&text).map_err(|e| Error::Config(toml_error(path, &text, &e)))?;
    match serde_json::to_value(table) {
        Ok(serde_json::Value::Object(map)) => Ok(Some(map)),
        _ => Err(Error::Config(format!(
            "config file {}: its values cannot be read",
            path.display()
        ))),
    }
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
        match keys()
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
    keys().iter().find(|k| **k == name).copied()
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

    /// What `setup` checks, as config says it should be (a dry run that creates nothing unless the
    /// caller changes it): `doctor` checks the same.
    pub fn setup_input(
        &self,
        region: String,
        account: String,
        role_name: &str,
    ) -> crate::workflow::infrastructure::SetupInput {
        // The role config names is the one to check; --role-name names one to create otherwise.
        let scheduler_role_name = self
            .scheduler_role_arn
            .as_deref()
            .and_then(|arn| arn.rsplit('/').next())
            .filter(|n| !n.is_empty())
            .unwrap_or(role_name)
            .to_string();
        let mut scope = self.iam_scope(Some(region), Some(account));
        if scope.scheduler_role_arn.is_none() {
            scope.scheduler_role_arn = Some(format!(
                "arn:aws:iam::{}:role/{role_name}",
                scope.account.clone().unwrap_or_default(),
            ));
        }
        let seal_policy = self
            .seal_scope(scope.account.as_deref(), self.identity_account.as_deref())
            .and_then(|s| crate::domain::key_policy::key_policy(&s).map_err(|e| e.to_string()));
        let table = match &self.store {
            Location::Dynamodb(t) => Some(t.clone()),
            Location::Sqlite(_) => None,
        };
        let seal_alias = crate::domain::key_policy::seal_alias(table.as_deref());
        crate::workflow::infrastructure::SetupInput {
            table,
            kms_key: self.kms_key.clone(),
            schedule_group: self.schedule_group.clone(),
            create_roles: false,
            scheduler_role_name,
            dry_run: true,
            create_seal_key: self.store.is_shared(),
            seal_key: self.kms_seal_key.clone(),
            seal_policy,
            seal_alias,
            scope,
        }
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

    /// The settings: what the global options (and their variables) give, then the variables of
    /// [`ENVIRONMENT`] named for a key, then the config file, then [`DEFAULTS`], key by key.
    /// `from_env` names the options whose value came from their `ELEVATE_*` variable.
    pub fn resolve(flags: Options, from_env: &[String]) -> Result<Config> {
        let (path, explicit) = match &flags.config {
            Some(p) => (p.clone(), true),
            None => (default_config_path()?, false),
        };
        let file = read_file(&path, explicit)?;
        let read = file.is_some().then(|| path.clone());
        let by_variable = |key: &str| from_env.iter().any(|k| k == key);
        let config_source = match (&flags.config, by_variable("config")) {
            (None, _) => "default",
            (Some(_), true) => "ELEVATE_CONFIG",
            (Some(_), false) => "--config",
        };

        let mut layers = Layers::default();
        let given = layers.add(object(&flags)?, |key| {
            if by_variable(key) {
                variable(key)
            } else {
                format!("--{}", key.replace('_', "-"))
            }
        });
        let variables: serde_json::Map<String, serde_json::Value> = keys()
            .iter()
            .filter(|key| !given.contains(key))
            .filter_map(|key| {
                let name = variable(key);
                let listed = ENVIRONMENT.iter().any(|(names, _)| *names == name);
                listed
                    .then(|| set_variable(&name))
                    .flatten()
                    .map(|v| (key.to_string(), serde_json::Value::String(v)))
            })
            .collect();
        layers.add(variables, variable);
        layers.add(file.unwrap_or_default(), |_| "config file".into());
        let mut defaults: serde_json::Map<String, serde_json::Value> =
            toml::from_str::<toml::Table>(DEFAULTS)
                .ok()
                .and_then(|t| serde_json::to_value(t).ok())
                .and_then(|v| v.as_object().cloned())
                .unwrap_or_default();
        defaults.insert(
            "store".into(),
            format!("sqlite:{}", default_ledger_path()?.display()).into(),
        );
        defaults.insert(
            "policy".into(),
            default_policy_path()?.display().to_string().into(),
        );
        layers.add(defaults, |_| "default".into());
        // The ledger, parsed once: the grant mode's default follows it.
        let store = match layers.string("store") {
            Some(s) => Location::parse(&s).map_err(|e| Error::Config(withhold(e, &s)))?,
            None => Location::Sqlite(default_ledger_path()?),
        };
        // A shared ledger serves a team: nobody but the executor holds grant power.
        let (mode, whose) = if store.is_shared() {
            ("brokered", "a shared")
        } else {
            ("direct", "a local")
        };
        let mut mode_default = serde_json::Map::new();
        mode_default.insert("grant_mode".into(), mode.into());
        layers.add(mode_default, |_| format!("default for {whose} ledger"));
        let k: Options = serde_json::from_value(serde_json::Value::Object(layers.values()))
            .map_err(|e| Error::Config(format!("the settings do not hold together: {e}")))?;
        let source = |key: &str| layers.source(key).unwrap_or("default").to_string();

        let grant_mode = k
            .grant_mode
            .as_deref()
            .unwrap_or(mode)
            .parse()
            .map_err(|e: String| {
                Error::Config(format!(
                    "{e}: \"brokered\" lets only the executor change access (a team on a shared ledger); \"direct\" lets approvers grant with their own credentials (one operator)"
                ))
            })?;
        let policy_explicit = !source("policy").starts_with("default");
        let policy = match k.policy {
            Some(p) => p,
            None => default_policy_path()?,
        };
        let duration = |key: &str, value: Option<String>, zero: &str| -> Result<Duration> {
            match value.as_deref().map(str::trim) {
                Some("0") if !zero.is_empty() => Ok(Duration::ZERO),
                Some(t) => Ok(parse_duration(t)
                    .map_err(|e| Error::Config(withhold(format!("config {key}: {e}{zero}"), t)))?
                    .unsigned_abs()),
                None => Ok(Duration::ZERO),
            }
        };
        let provisioning_timeout = duration("provisioning_timeout", k.provisioning_timeout, "")?;
        let identity_center_pacing = crate::aws::pacing::Pacing::new(
            k.identity_center_rate
                .unwrap_or(crate::aws::pacing::DEFAULT_RATE),
            k.identity_center_writes
                .unwrap_or(crate::aws::pacing::DEFAULT_WRITES),
        )
        .map_err(|e| Error::Config(format!("config {e}")))?;
        let cache_ttl = duration("cache_ttl", k.cache_ttl, " (or \"0\" for no cache)")?;
        let standing_check_interval = duration(
            "standing_check_interval",
            k.standing_check_interval,
            " (or \"0\" never)",
        )?;
        if let Some(key) = k.kms_key.as_deref() {
            table_key(key)
                .map_err(|e| Error::Config(withhold(format!("config kms_key: {e}"), key)))?;
        }
        if let Some(key) = k.kms_seal_key.as_deref().filter(|k| !k.starts_with("arn:")) {
            return Err(Error::Config(withhold(
                format!(
                    "kms_seal_key = \"{key}\": give the key's full ARN (arn:aws:kms:<region>:<account>:key/<id>), not an id or alias: seals name the key, and verification must refuse any other"
                ),
                key,
            )));
        }
        let identity_account = k.identity_account.map(|a| a.trim().to_string());
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
        let notify_events = k
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
        if k.notify_slack_webhook
            .as_deref()
            .is_some_and(|u| !crate::domain::notify::webhook_allowed(u))
        {
            let from = match source("notify_slack_webhook").as_str() {
                "config file" => format!("notify_slack_webhook in {}", path.display()),
                other => other.to_string(),
            };
            // Where it came from, never what it is: the URL is the secret.
            return Err(Error::Config(format!(
                "the Slack webhook ({from}) is not usable: it must be an https:// URL, or http:// to localhost, 127.0.0.1 or [::1], with no user name or password in it; its value is not shown because it is a secret"
            )));
        }
        let mut settings = vec![Setting {
            key: "config",
            value: Some(format!(
                "{}{}",
                path.display(),
                if read.is_some() { "" } else { " (not found)" }
            )),
            source: config_source.into(),
        }];
        settings.extend(keys().iter().map(|&key| layers.setting(key)));
        Ok(Config {
            profile: k.profile,
            region: k.region,
            instance_arn: k.instance_arn,
            identity_store_id: k.identity_store_id,
            identity_account,
            store,
            policy,
            allow_long_term_keys: k.allow_long_term_keys.unwrap_or(false),
            provisioning_timeout,
            identity_center_pacing,
            cache_ttl,
            scheduler_role_arn: k.scheduler_role_arn,
            schedule_group: k.schedule_group.unwrap_or_default(),
            kms_key: k.kms_key,
            event_data_store: k.event_data_store,
            trail_bucket: k.trail_bucket,
            trail_org_id: k.trail_org_id,
            trail_regions: k.trail_regions.unwrap_or_default(),
            notify_sns_topic: k.notify_sns_topic,
            notify_slack_webhook: k.notify_slack_webhook,
            notify_events,
            cache_dir: app_dir(Base::Cache)?,
            kms_seal_key: k.kms_seal_key,
            requester_permission_sets: k.requester_permission_sets.unwrap_or_default(),
            approver_permission_sets: k.approver_permission_sets.unwrap_or_default(),
            auditor_permission_sets: k.auditor_permission_sets.unwrap_or_default(),
            admin_permission_sets: k.admin_permission_sets.unwrap_or_default(),
            admin_roles: k.admin_roles.unwrap_or_default(),
            executor_role_arn: k.executor_role_arn,
            grant_mode,
            standing_check_interval,
            executor_function: k.executor_function,
            sso_start_url: k.sso_start_url,
            policy_explicit,
            file: read,
            path,
            tz: env("ELEVATE_TZ"),
            given,
            settings,
        })
    }
}

/// `ELEVATE_<KEY>`: the variable a key's flag reads, or the key's own in [`ENVIRONMENT`].
fn variable(key: &str) -> String {
    format!("ELEVATE_{}", key.to_uppercase())
}

/// The keys [`Options`] sets, as JSON (a layer).
fn object(options: &Options) -> Result<serde_json::Map<String, serde_json::Value>> {
    match serde_json::to_value(options) {
        Ok(serde_json::Value::Object(map)) => Ok(map),
        Ok(_) | Err(_) => Err(Error::Config(
            "the command line's settings cannot be read".into(),
        )),
    }
}

/// The layers of settings, first one first: each key's value is the first layer's that sets it.
#[derive(Default)]
struct Layers {
    chosen: std::collections::BTreeMap<String, (serde_json::Value, String)>,
}

impl Layers {
    /// Adds a layer under the keys it sets (a `null` sets nothing), naming each key's source;
    /// returns the keys this layer decided.
    fn add(
        &mut self,
        layer: serde_json::Map<String, serde_json::Value>,
        source: impl Fn(&'static str) -> String,
    ) -> Vec<&'static str> {
        let mut decided = Vec::new();
        for (name, value) in layer {
            let Some(&key) = keys().iter().find(|k| **k == name) else {
                continue;
            };
            if value.is_null() || self.chosen.contains_key(key) {
                continue;
            }
            self.chosen.insert(key.to_string(), (value, source(key)));
            decided.push(key);
        }
        decided
    }

    fn string(&self, key: &str) -> Option<String> {
        self.chosen
            .get(key)
            .and_then(|(v, _)| v.as_str())
            .map(str::to_string)
    }

    fn source(&self, key: &str) -> Option<&str> {
        self.chosen.get(key).map(|(_, s)| s.as_str())
    }

    fn values(&self) -> serde_json::Map<String, serde_json::Value> {
        self.chosen
            .iter()
            .map(|(k, (v, _))| (k.clone(), v.clone()))
            .collect()
    }

    /// The key's effective value as `elevate config` shows it (as written; secrets withheld),
    /// and where it came from, or what an unset key falls back to.
    fn setting(&self, key: &'static str) -> Setting {
        fn shown(v: &serde_json::Value) -> Option<String> {
            match v {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Array(items) => {
                    let items: Vec<String> = items.iter().filter_map(shown).collect();
                    (!items.is_empty()).then(|| items.join(", "))
                }
                serde_json::Value::Null => None,
                other => Some(other.to_string()),
            }
        }
        let Some((value, source)) = self.chosen.get(key) else {
            return Setting {
                key,
                value: None,
                source: UNSET
                    .iter()
                    .find(|(k, _)| *k == key)
                    .map_or("not set", |(_, means)| means)
                    .into(),
            };
        };
        // The webhook URL is the secret itself; a secret pasted under the wrong key is not
        // shown either (the access portal's address is the one URL a setting holds).
        let value = shown(value).map(|v| {
            if key == "notify_slack_webhook" {
                "(set; not shown: it is a secret)".to_string()
            } else if key != "sso_start_url" && url_like(&v) {
                HIDDEN.to_string()
            } else {
                v
            }
        });
        Setting {
            key,
            value,
            source: source.clone(),
        }
    }
}

/// What an unset key means.
const UNSET: &[(&str, &str)] = &[
    ("profile", "not set: the AWS SDK's default chain"),
    ("region", "not set: your AWS profile's or AWS_REGION"),
    ("instance_arn", "not set: found with ListInstances"),
    ("identity_store_id", "not set: the instance's"),
    ("identity_account", "not set: the instance's owner account"),
    (
        "scheduler_role_arn",
        "not set: access ends only when elevate runs",
    ),
    ("kms_seal_key", "not set: an unsealed ledger"),
    (
        "executor_role_arn",
        "not set: role/elevate-executor in the seal key's account",
    ),
    ("sso_start_url", "not set: your AWS profile's sso_start_url"),
    ("notify_events", "not set: every event is sent"),
];

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
        let c = Config::resolve(
            Options {
                config: Some(path.clone()),
                profile: Some("flag".into()),
                ..Options::default()
            },
            &[],
        )
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
            Config::resolve(
                Options {
                    config: Some(path.clone()),
                    identity_account: flag.map(Into::into),
                    ..Options::default()
                },
                &[],
            )
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
        let unset = Config::resolve(
            Options {
                config: Some(write(dir.path(), "")),
                ..Options::default()
            },
            &[],
        )
        .unwrap();
        assert_eq!(unset.identity_account, None);
    }

    #[test]
    fn bad_files_say_where_and_what() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "regoin = \"x\"\n");
        let err = Config::resolve(
            Options {
                config: Some(path),
                ..Options::default()
            },
            &[],
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("config.toml:1:1:") && err.contains("did you mean region?"),
            "{err}"
        );

        let missing = Config::resolve(
            Options {
                config: Some(dir.path().join("nope.toml")),
                ..Options::default()
            },
            &[],
        )
        .unwrap_err()
        .to_string();
        assert!(missing.contains("cannot read config file"), "{missing}");

        let bad_store = Config::resolve(
            Options {
                config: Some(write(dir.path(), "store = \"postgres://x\"\n")),
                ..Options::default()
            },
            &[],
        )
        .unwrap_err()
        .to_string();
        assert!(bad_store.contains("sqlite:<path>"), "{bad_store}");
    }

    /// Resolves a config file made of `text`, expecting an error.
    fn error_of(text: &str) -> String {
        let dir = tempfile::tempdir().unwrap();
        Config::resolve(
            Options {
                config: Some(write(dir.path(), text)),
                ..Options::default()
            },
            &[],
        )
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
        let c = Config::resolve(
            Options {
                config: Some(path.clone()),
                profile: Some("flag".into()),
                store: Some("dynamodb:team".into()),
                policy: Some("/etc/elevate/policy.toml".into()),
                ..Options::default()
            },
            &["store".into(), "config".into()],
        )
        .unwrap();
        let keys: Vec<&str> = c.settings.iter().map(|s| s.key).collect();
        assert_eq!(keys[0], "config");
        assert_eq!(keys[1..], *super::keys());
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
        let c = Config::resolve(
            Options {
                config: Some(path),
                ..Options::default()
            },
            &[],
        )
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
    fn the_defaults_read_as_a_config_file_and_agree_with_the_code() {
        let defaults: Options = toml::from_str(DEFAULTS).unwrap();
        let pacing = crate::aws::pacing::Pacing::default();
        assert_eq!(defaults.identity_center_rate, Some(pacing.rate));
        assert_eq!(defaults.identity_center_writes, Some(pacing.writes));
        let dir = tempfile::tempdir().unwrap();
        let c = Config::resolve(
            Options {
                config: Some(write(dir.path(), "")),
                ..Options::default()
            },
            &[],
        )
        .unwrap();
        assert_eq!(c.provisioning_timeout, Duration::from_secs(300));
        assert_eq!(c.cache_ttl, Duration::from_secs(600));
        assert_eq!(c.standing_check_interval, Duration::from_secs(3600));
        assert_eq!(c.schedule_group, "elevate");
        assert_eq!(c.requester_permission_sets, ["ElevateRequester"]);
        assert_eq!(c.admin_permission_sets, ["ElevateAdmin"]);
        assert!(!c.allow_long_term_keys);
        assert_eq!(c.grant_mode, crate::domain::authz::GrantMode::Direct);
        assert!(!c.policy_explicit && c.given.is_empty());
        assert!(c.settings.iter().any(|s| s.key == "store"
            && s.source == "default"
            && s.value.as_deref().is_some_and(|v| v.starts_with("sqlite:"))));
    }

    /// A flag (or its variable) beats the file key by key, even when it says false; an option
    /// not given leaves the file's value.
    #[test]
    fn each_key_comes_from_the_first_layer_that_sets_it() {
        use clap::FromArgMatches;
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "allow_long_term_keys = true\nregion = \"eu-west-1\"\nschedule_group = \"team\"\n",
        );
        let parse = |args: &[&str]| {
            let m = crate::cli::command()
                .try_get_matches_from(
                    ["elevate", "--config", path.to_str().unwrap()]
                        .iter()
                        .chain(args)
                        .chain(&["list"]),
                )
                .unwrap();
            let cli = crate::cli::Cli::from_arg_matches(&m).unwrap();
            Config::resolve(cli.global.settings, &[]).unwrap()
        };
        let from_file = parse(&[]);
        assert!(from_file.allow_long_term_keys);
        assert_eq!(from_file.region.as_deref(), Some("eu-west-1"));
        assert_eq!(from_file.schedule_group, "team");
        let flagged = parse(&["--allow-long-term-keys", "--region", "us-east-2"]);
        assert!(flagged.allow_long_term_keys);
        assert_eq!(flagged.region.as_deref(), Some("us-east-2"));
        let of = |c: &Config, k: &str| {
            c.settings
                .iter()
                .find(|s| s.key == k)
                .map(|s| s.source.clone())
                .unwrap()
        };
        assert_eq!(of(&flagged, "region"), "--region");
        assert_eq!(
            of(&flagged, "allow_long_term_keys"),
            "--allow-long-term-keys"
        );
        assert_eq!(of(&from_file, "allow_long_term_keys"), "config file");
        let mut given = flagged.given.clone();
        given.sort();
        assert_eq!(given, ["allow_long_term_keys", "region"]);
    }

    #[test]
    fn the_key_list_is_the_config_files() {
        let e = toml::from_str::<Options>("zzz = 1\n").unwrap_err();
        let listed: Vec<&str> = e
            .message()
            .split("expected one of ")
            .nth(1)
            .unwrap()
            .split(", ")
            .map(|k| k.trim_matches('`'))
            .collect();
        assert_eq!(listed, keys());
    }
}
