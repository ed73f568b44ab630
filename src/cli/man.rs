//! `elevate man`: a page per command (section 1), and the config and policy files (section 5).
//!
//! clap_mangen renders the parts clap knows (name, synopsis, description, options); the
//! sections a manual page has beyond them (EXAMPLES, EXIT STATUS, ENVIRONMENT, FILES, SEE ALSO)
//! are written here with the roff crate clap_mangen brings.

use std::path::{Path, PathBuf};

use clap::{Command, CommandFactory};
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, italic, roman};

use crate::error::{Error, Result};

/// Print the manual page, or write one page per command into a directory.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  elevate man | man -l -
  elevate man --out-dir /tmp/elevate-man
  install -Dm644 -t ~/.local/share/man/man1 /tmp/elevate-man/*.1
  install -Dm644 -t ~/.local/share/man/man5 /tmp/elevate-man/*.5")]
pub struct Args {
    /// Write elevate.1, elevate-<command>.1 and the file formats' elevate-config.5 and
    /// elevate-policy.5 into this directory instead
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub out_dir: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<()> {
    match args.out_dir {
        Some(dir) => write_all(&dir),
        None => {
            let (_, page) = pages()
                .into_iter()
                .next()
                .ok_or_else(|| Error::Io("no manual page to print".into()))?;
            crate::render::stdout_bytes(&page)
        }
    }
}

/// Writes every page into `dir` (the committed `man/`).
pub fn write_all(dir: &Path) -> Result<()> {
    let fail = |p: &Path, e: std::io::Error| Error::Io(format!("{}: {e}", p.display()));
    std::fs::create_dir_all(dir).map_err(|e| fail(dir, e))?;
    for (name, page) in pages() {
        let path = dir.join(&name);
        std::fs::write(&path, page).map_err(|e| fail(&path, e))?;
    }
    Ok(())
}

/// Every page, by file name: `elevate.1` first, then each command's, then the file formats.
pub fn pages() -> Vec<(String, Vec<u8>)> {
    let mut cmd = super::Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut pages = Vec::new();
    command_pages(&cmd, &[], &mut pages);
    pages.push(("elevate-config.5".into(), config_page()));
    pages.push(("elevate-policy.5".into(), policy_page()));
    pages
}

fn command_pages(cmd: &Command, parents: &[&Command], pages: &mut Vec<(String, Vec<u8>)>) {
    let man = Man::new(cmd.clone());
    pages.push((man.get_filename(), command_page(&man, cmd, parents)));
    let mut lineage = parents.to_vec();
    lineage.push(cmd);
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        command_pages(sub, &lineage, pages);
    }
}

fn page_name(cmd: &Command) -> &str {
    cmd.get_display_name().unwrap_or_else(|| cmd.get_name())
}

fn command_page(man: &Man, cmd: &Command, parents: &[&Command]) -> Vec<u8> {
    // Writing to a Vec cannot fail.
    let mut w = Vec::new();
    let _ = man.render_title(&mut w);
    let _ = man.render_name_section(&mut w);
    let _ = man.render_synopsis_section(&mut w);
    let _ = man.render_description_section(&mut w);
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        let _ = man.render_options_section(&mut w);
    }
    let mut roff = Roff::new();
    if parents.is_empty() {
        grouped_commands(&mut roff, cmd);
    } else if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        let _ = man.render_subcommands_section(&mut w);
    }
    if let Some(examples) = super::help::examples(cmd) {
        roff.control("SH", ["EXAMPLES"]);
        // .EX/.EE: no filling, no justification: each line as written, to be copied.
        roff.control("EX", []);
        for line in examples.lines() {
            roff.text([roman(line)]);
        }
        roff.control("EE", []);
    }
    exit_status(&mut roff);
    environment(&mut roff);
    files(&mut roff);
    see_also(&mut roff, cmd, parents);
    let _ = roff.to_writer(&mut w);
    if parents.is_empty() {
        let _ = man.render_version_section(&mut w);
    }
    w
}

/// The top page lists the commands as `elevate --help` does: by role.
fn grouped_commands(roff: &mut Roff, cmd: &Command) {
    roff.control("SH", ["COMMANDS"]);
    for (group, names) in super::help::GROUPS {
        let subs: Vec<&Command> = names
            .iter()
            .filter_map(|n| cmd.find_subcommand(n))
            .filter(|s| !s.is_hide_set())
            .collect();
        if subs.is_empty() {
            continue;
        }
        roff.control("SS", [*group]);
        for sub in subs {
            roff.control("TP", []);
            roff.text([bold(page_name(sub)), roman("(1)")]);
            let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
            roff.text([roman(about)]);
        }
    }
}

fn exit_status(roff: &mut Roff) {
    roff.control("SH", ["EXIT STATUS"]);
    for (code, _, meaning) in super::help::EXIT_CODES {
        roff.control("TP", []);
        roff.text([bold(code.to_string())]);
        roff.text([roman(*meaning)]);
    }
    roff.control("PP", []);
    roff.text([roman(
        "A reader that stops early (elevate list | head -1) is not an error: the output it did \
         not read is dropped without a message, and the command finishes its work and exits with \
         the status it would have had.",
    )]);
    roff.control("PP", []);
    roff.text([roman(
        "With -o json an error is also written to stdout, as {\"error\": {\"code\", \"exit\", \
         \"message\", \"request\"}}.",
    )]);
}

fn environment(roff: &mut Roff) {
    roff.control("SH", ["ENVIRONMENT"]);
    roff.text([roman(
        "Flags win over the environment, which wins over the config file (elevate-config(5)).",
    )]);
    for (name, help) in flag_variables() {
        roff.control("TP", []);
        roff.text([bold(name)]);
        roff.text([roman(help)]);
    }
    for (name, help) in crate::config::ENVIRONMENT {
        roff.control("TP", []);
        roff.text([bold(*name)]);
        roff.text([roman(*help)]);
    }
}

/// Every variable a flag reads (`env = ...`), with the flag: from the whole command tree.
fn flag_variables() -> Vec<(String, String)> {
    fn walk(cmd: &Command, out: &mut Vec<(String, String)>) {
        // In the order `--help` shows them.
        let mut args: Vec<&clap::Arg> = cmd.get_arguments().collect();
        args.sort_by_key(|a| a.get_display_order());
        for arg in args {
            let (Some(env), Some(long)) = (arg.get_env(), arg.get_long()) else {
                continue;
            };
            let env = env.to_string_lossy().into_owned();
            if out.iter().all(|(e, _)| *e != env) {
                let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
                out.push((env, format!("--{long}: {help}")));
            }
        }
        for sub in cmd.get_subcommands() {
            walk(sub, out);
        }
    }
    let mut out = Vec::new();
    walk(&super::Cli::command(), &mut out);
    out
}

fn files(roff: &mut Roff) {
    roff.control("SH", ["FILES"]);
    let entries: [(&str, &str); 5] = [
        (
            "$XDG_CONFIG_HOME/elevate/config.toml",
            "The config file (default ~/.config/elevate/config.toml), or --config / \
             ELEVATE_CONFIG; see elevate-config(5).",
        ),
        (
            "$XDG_CONFIG_HOME/elevate/policy.toml",
            "The policy file, or --policy / ELEVATE_POLICY / policy in the config file; see \
             elevate-policy(5). Once a version is applied to the ledger, that version decides.",
        ),
        (
            "$XDG_DATA_HOME/elevate/ledger.db",
            "The SQLite ledger when no store is configured (default \
             ~/.local/share/elevate/ledger.db); a team's is a DynamoDB table (--store \
             dynamodb:<table>).",
        ),
        (
            "$XDG_CACHE_HOME/elevate/",
            "Cached listings of the organization (org-*.json) and the permission sets \
             (permission-sets-*.json), one per Identity Center instance, for eligible, the \
             pickers and shell completion; kept for cache_ttl (default 10m). Decisions never \
             read them.",
        ),
        (
            "~/.aws/config",
            "AWS profiles (AWS_CONFIG_FILE): what --profile names, and where elevate profile \
             --write adds one.",
        ),
    ];
    for (path, what) in entries {
        roff.control("TP", []);
        roff.text([italic(path)]);
        roff.text([roman(what)]);
    }
    roff.control("PP", []);
    roff.text([roman(
        "On macOS the three elevate directories are under ~/Library/Application Support and \
         ~/Library/Caches.",
    )]);
}

fn see_also(roff: &mut Roff, cmd: &Command, parents: &[&Command]) {
    roff.control("SH", ["SEE ALSO"]);
    let mut pages: Vec<String> = parents.iter().map(|p| page_name(p).to_string()).collect();
    pages.extend(
        cmd.get_subcommands()
            .filter(|s| !s.is_hide_set())
            .map(|s| page_name(s).to_string()),
    );
    let mut refs: Vec<(String, &str)> = pages.into_iter().map(|p| (p, "1")).collect();
    refs.push(("elevate-config".into(), "5"));
    refs.push(("elevate-policy".into(), "5"));
    refs.push(("aws".into(), "1"));
    refs_line(roff, &refs);
}

fn refs_line(roff: &mut Roff, refs: &[(String, &str)]) {
    let mut line = Vec::new();
    for (i, (page, section)) in refs.iter().enumerate() {
        if i > 0 {
            line.push(roman(", "));
        }
        line.push(bold(page.as_str()));
        line.push(roman(format!("({section})")));
    }
    roff.text(line);
}

fn file_page(title: &str, name_line: &str) -> Roff {
    let mut roff = Roff::new();
    let source = format!("elevate {}", env!("CARGO_PKG_VERSION"));
    roff.control("TH", [title, "5", "", source.as_str(), ""]);
    roff.control("SH", ["NAME"]);
    roff.text([roman(format!("{title} - {name_line}"))]);
    roff
}

fn definitions(roff: &mut Roff, items: &[(&str, &str, &str)]) {
    for (key, value, what) in items {
        roff.control("TP", []);
        roff.text([bold(*key), roman(" = "), italic(*value)]);
        roff.text([roman(*what)]);
    }
}

fn example(roff: &mut Roff, text: &str) {
    roff.control("EX", []);
    for line in text.lines() {
        roff.text([roman(line)]);
    }
    roff.control("EE", []);
}

/// The config file's keys: (key, value, meaning). A test holds it to `config::keys()`.
pub(crate) const CONFIG_KEYS: &[(&str, &str, &str)] = &[
    (
        "profile",
        "\"name\"",
        "AWS profile to take credentials from (--profile, ELEVATE_PROFILE; AWS_PROFILE also works).",
    ),
    (
        "region",
        "\"eu-west-1\"",
        "Region of the Identity Center instance (--region, ELEVATE_REGION; AWS_REGION also works).",
    ),
    (
        "instance_arn",
        "\"arn:aws:sso:::instance/ssoins-...\"",
        "The Identity Center instance. Default: discovered with ListInstances.",
    ),
    (
        "identity_store_id",
        "\"d-...\"",
        "The identity store. Default: the instance's.",
    ),
    (
        "identity_account",
        "\"111122223333\"",
        "The account whose Identity Center sessions are people; any other account's are roles. \
         Default: the account that owns the instance.",
    ),
    (
        "store",
        "\"sqlite:/path/ledger.db\" | \"dynamodb:table\"",
        "The ledger: a local SQLite file, or a team's shared DynamoDB table. Default: \
         sqlite:$XDG_DATA_HOME/elevate/ledger.db.",
    ),
    (
        "policy",
        "\"/etc/elevate/policy.toml\"",
        "The policy file (elevate-policy(5)). Default: $XDG_CONFIG_HOME/elevate/policy.toml.",
    ),
    (
        "allow_long_term_keys",
        "false",
        "Accept long-term access keys (AKIA...). Not recommended.",
    ),
    (
        "provisioning_timeout",
        "\"5m\"",
        "How long to wait for Identity Center to confirm a grant or revocation.",
    ),
    (
        "identity_center_rate",
        "20",
        "Calls a second to the Identity Center admin API (its documented collective throttle).",
    ),
    (
        "identity_center_writes",
        "10",
        "Assignment creations and deletions in progress at once (AWS allows 15 at most).",
    ),
    (
        "scheduler_role_arn",
        "\"arn:aws:iam::...:role/elevate-scheduler\"",
        "The role EventBridge Scheduler assumes to remove access at the end of an elevation \
         (--scheduler-role-arn, ELEVATE_SCHEDULER_ROLE_ARN).",
    ),
    (
        "schedule_group",
        "\"elevate\"",
        "The schedule group elevate's schedules live in; elevate setup creates it.",
    ),
    (
        "kms_key",
        "\"arn:aws:kms:...:key/...\"",
        "The customer-managed key the DynamoDB ledger table is encrypted with (an ARN or key id, \
         not an alias); setup creates the table with it and checks it. Unset: an AWS key.",
    ),
    (
        "event_data_store",
        "\"arn:aws:cloudtrail:...:eventdatastore/...\"",
        "Session activity for audit --activity from this CloudTrail Lake event data store \
         (ELEVATE_EVENT_DATA_STORE)...",
    ),
    (
        "trail_bucket",
        "\"org-cloudtrail-logs\"",
        "... or from the organization trail's S3 bucket (ELEVATE_TRAIL_BUCKET).",
    ),
    (
        "trail_org_id",
        "\"o-abc123\"",
        "The organization id in the trail's keys: AWSLogs/<org-id>/<account>/CloudTrail/... \
         (ELEVATE_TRAIL_ORG_ID).",
    ),
    (
        "trail_regions",
        "[\"eu-west-1\", \"us-east-1\"]",
        "The regions of the trail to read. Default: region.",
    ),
    (
        "notify_sns_topic",
        "\"arn:aws:sns:...\"",
        "Notifications as JSON messages to this SNS topic (ELEVATE_NOTIFY_SNS_TOPIC).",
    ),
    (
        "notify_slack_webhook",
        "\"https://hooks.slack.com/services/...\"",
        "Notifications as text to this Slack incoming webhook (ELEVATE_NOTIFY_SLACK_WEBHOOK). A \
         secret: errors never show it.",
    ),
    (
        "notify_events",
        "[\"requested\", \"approved\", ...]",
        "Which events to notify: any of requested, approved, rejected, granted, ended, \
         break_glass, failed. Default: all.",
    ),
    (
        "cache_ttl",
        "\"10m\"",
        "How long listings of accounts and permission sets are cached on disk, for eligible, \
         the pickers and completion; \"0\" turns the cache off.",
    ),
    (
        "kms_seal_key",
        "\"arn:aws:kms:...:key/...\"",
        "The symmetric KMS key (full ARN) every ledger event is sealed with \
         (ELEVATE_KMS_SEAL_KEY). Required on a DynamoDB ledger, created by elevate setup; unset \
         on SQLite: an unsealed ledger, whose decisions are trusted, not proven.",
    ),
    (
        "requester_permission_sets",
        "[\"ElevateRequester\"]",
        "The permission sets of people asking, as the seal key's policy names them.",
    ),
    (
        "approver_permission_sets",
        "[\"ElevateApprover\"]",
        "Approvals, rejections and reviews; grants in direct mode.",
    ),
    (
        "auditor_permission_sets",
        "[\"ElevateAuditor\"]",
        "Verification only.",
    ),
    (
        "admin_permission_sets",
        "[\"ElevateAdmin\"]",
        "Policy versions.",
    ),
    (
        "admin_roles",
        "[]",
        "IAM roles (ARNs) that may also apply policy versions.",
    ),
    (
        "executor_role_arn",
        "\"arn:aws:iam::...:role/elevate-executor\"",
        "The executor role, which seals grants and ends. Default: elevate-executor in the seal \
         key's account.",
    ),
    (
        "grant_mode",
        "\"brokered\" | \"direct\"",
        "brokered (the default on DynamoDB): only the executor changes access; direct (the \
         default on SQLite): approvers grant with their own credentials, and are trusted \
         (ELEVATE_GRANT_MODE).",
    ),
    (
        "standing_check_interval",
        "\"1h\"",
        "How often the executor runs audit standing; \"0\" never.",
    ),
    (
        "executor_function",
        "\"elevate-executor\"",
        "The executor's Lambda function (name or ARN): brokered approve, revoke and request wake \
         it at once instead of leaving the work to its next pass (ELEVATE_EXECUTOR_FUNCTION).",
    ),
    (
        "sso_start_url",
        "\"https://d-1234567890.awsapps.com/start\"",
        "The access portal, for console links (ELEVATE_SSO_START_URL). Default: the \
         sso_start_url of your AWS profile or its sso-session.",
    ),
];

fn config_page() -> Vec<u8> {
    let mut roff = file_page("elevate-config", "the elevate configuration file");
    roff.control("SH", ["SYNOPSIS"]);
    roff.text([italic("$XDG_CONFIG_HOME/elevate/config.toml")]);
    roff.control("SH", ["DESCRIPTION"]);
    roff.text([roman(
        "Settings are resolved once per run: flags, then ELEVATE_* environment variables, then \
         this file, then defaults. The file is TOML; it is optional, and an unknown key is an \
         error that names the file, line and column (never the line itself, which may hold a \
         secret). --config or ELEVATE_CONFIG name another file, which must then exist.",
    )]);
    roff.control("SH", ["KEYS"]);
    definitions(&mut roff, CONFIG_KEYS);
    roff.control("SH", ["EXAMPLES"]);
    example(
        &mut roff,
        "# a team on a shared ledger\n\
         region = \"eu-west-1\"\n\
         store = \"dynamodb:elevate-ledger\"\n\
         kms_seal_key = \"arn:aws:kms:eu-west-1:111122223333:key/1234abcd-...\"\n\
         scheduler_role_arn = \"arn:aws:iam::111122223333:role/elevate-scheduler\"\n\
         notify_sns_topic = \"arn:aws:sns:eu-west-1:111122223333:elevate\"",
    );
    roff.control("SH", ["SEE ALSO"]);
    refs_line(
        &mut roff,
        &[
            ("elevate".into(), "1"),
            ("elevate-setup".into(), "1"),
            ("elevate-policy".into(), "5"),
        ],
    );
    roff.render().into_bytes()
}

/// The policy file's keys, by table: (key, value, meaning).
const SETTINGS_KEYS: &[(&str, &str, &str)] = &[
    (
        "max_duration",
        "\"12h\"",
        "No elevation is longer, whatever a rule says.",
    ),
    (
        "default_duration",
        "\"1h\"",
        "When --duration is not given (capped by the matching rules).",
    ),
    (
        "pending_expiry",
        "\"24h\"",
        "A request still pending this long expires.",
    ),
    ("reason_required", "true", "A request must say why."),
    (
        "reason_min_length",
        "1",
        "Reasons shorter than this many characters (trimmed) are refused.",
    ),
    ("ticket_required", "false", "A request must name a ticket."),
    (
        "ticket_pattern",
        "\"(INC|CHG)-[0-9]+\"",
        "A regular expression the whole ticket must match.",
    ),
    (
        "approvals_required",
        "1",
        "Approvals a required rule needs when it does not say.",
    ),
    (
        "temporary_only",
        "[\"AdministratorAccess\"]",
        "Permission sets (names, ARNs or \"*\") nobody should hold except through an \
         elevation: audit standing, and the executor every standing_check_interval, report every \
         assignment of them that no verified elevation explains.",
    ),
    (
        "remove_standing",
        "false",
        "The executor removes the assignments temporary_only finds unexplained.",
    ),
];

const RULE_KEYS: &[(&str, &str, &str)] = &[
    ("name", "\"prod-admin\"", "Unique across rules and denies."),
    (
        "principals",
        "[\"group:Engineers\", \"user:dana\"]",
        "Identity Center users and groups; \"*\" is everyone.",
    ),
    (
        "accounts",
        "[\"ou-ab12-prod0001\", \"prod-payments\", \"111122223333\"]",
        "Targets (see TARGETS).",
    ),
    (
        "permission_sets",
        "[\"AdministratorAccess\"]",
        "Names or ARNs; \"*\" is all.",
    ),
    (
        "max_duration",
        "\"2h\"",
        "The longest elevation this rule allows.",
    ),
    (
        "approval",
        "\"required\" | \"auto\" | \"break-glass\"",
        "How a request it matches is approved.",
    ),
    (
        "approvers",
        "[\"group:Security\", \"user:carol\"]",
        "Who approves (required), or reviews and revokes (break-glass).",
    ),
    (
        "approvals_required",
        "2",
        "Distinct people among the approvers (N of M). Default: settings.approvals_required.",
    ),
    ("ticket_required", "true", "This rule needs a ticket."),
];

const DENY_KEYS: &[(&str, &str, &str)] = &[
    (
        "name",
        "\"never-management\"",
        "Unique across rules and denies.",
    ),
    (
        "principals, accounts, permission_sets",
        "[...]",
        "As in a rule; an omitted field means every one.",
    ),
    ("reason", "\"...\"", "Shown to the requester."),
];

const DELEGATE_KEYS: &[(&str, &str, &str)] = &[
    (
        "callers",
        "[\"arn:aws:iam::111122223333:role/ci-deployer\"]",
        "IAM roles by ARN; a trailing * on the name matches any suffix. The caller's session \
         must match the role's partition, account and name (the path is not compared).",
    ),
    (
        "principals",
        "[\"group:Release\"]",
        "Whom those roles may ask for, with request --for.",
    ),
];

const POLICY_EXAMPLE: &str = r#"[settings]
max_duration = "8h"
ticket_pattern = "(INC|CHG)-[0-9]+"

[[rule]]
name = "prod-admin"
principals = ["group:Engineers"]
accounts = ["ou-ab12-prod0001"]
permission_sets = ["AdministratorAccess"]
max_duration = "2h"
approval = "required"
approvers = ["group:Security", "user:carol"]
approvals_required = 2

[[deny]]
name = "never-management"
accounts = ["999999999999"]
reason = "the management account has its own runbook"

[[delegate]]
callers = ["arn:aws:iam::111122223333:role/github/gh-*"]
principals = ["group:Release"]"#;

const COMBINING: &[&str] = &[
    "Deny rules win: a request matched by any [[deny]] is refused, whatever rules allow it, \
     break-glass included.",
    "Every matching rule applies. The allow rules that match the principal (directly or through \
     a group), the account and the permission set are all in force at once: the duration may \
     not exceed the smallest max_duration among them, nor settings.max_duration; approval is \
     required if any of them requires it, and then each requiring rule needs its own \
     approvals_required distinct approvals from its own approvers; a ticket is needed if the \
     settings or any of them say so.",
    "auto applies only when every matching rule is auto: the request is approved by policy and \
     granted at once with the requester's own credentials.",
    "break-glass rules apply only to request --break-glass, and such a request is decided by \
     them alone: granted at once, marked break-glass in the ledger; their approvers are who may \
     review and revoke it.",
    "The requester, the person receiving the access and members of a receiving group never \
     count as approvers. An approval counts once per person.",
    "At approval the request is evaluated again under the policy in force, with the \
     principal's groups and the account's OUs as they are then.",
    "What cannot be evaluated refuses: when the account's OUs, root or name cannot be read \
     from AWS Organizations, a rule naming them does not match, and a rule or deny naming them \
     that could otherwise apply refuses the request.",
];

fn policy_page() -> Vec<u8> {
    let mut roff = file_page(
        "elevate-policy",
        "who may ask elevate for what, and who approves",
    );
    roff.control("SH", ["SYNOPSIS"]);
    roff.text([italic("$XDG_CONFIG_HOME/elevate/policy.toml")]);
    roff.control("SH", ["DESCRIPTION"]);
    roff.text([roman(
        "Policy is TOML: a [settings] table and any number of [[rule]], [[deny]] and \
         [[delegate]] tables. Check it with elevate policy check and store it with elevate \
         policy apply: once a version has been applied to the ledger, that version is what every \
         command decides by (the file is then only read by check, apply and diff), and each \
         request records the version it was decided under. Unknown keys are errors, and every \
         error names the file, line and column.",
    )]);
    roff.control("SH", ["SETTINGS"]);
    definitions(&mut roff, SETTINGS_KEYS);
    roff.control("SH", ["RULES"]);
    roff.text([roman(
        "Each [[rule]] allows principals to request permission sets on accounts.",
    )]);
    definitions(&mut roff, RULE_KEYS);
    roff.control("SH", ["DENIES"]);
    roff.text([roman("Each [[deny]] is an exclusion no rule can override.")]);
    definitions(&mut roff, DENY_KEYS);
    roff.control("SH", ["DELEGATES"]);
    roff.text([roman(
        "A caller that is not an Identity Center user (a CI or break-glass role) must name who the \
         access is for with --for, and may do so only where a [[delegate]] lists its role and \
         that principal.",
    )]);
    definitions(&mut roff, DELEGATE_KEYS);
    roff.control("SH", ["TARGETS"]);
    roff.text([roman(
        "A 12-digit account id; an OU id (ou-...), which covers every account below it at any \
         depth; the root (\"root\" or its id r-...), every account in the organization; \"*\", any \
         account; anything else is an account name (name:<n> forces that reading).",
    )]);
    roff.control("SH", ["HOW RULES COMBINE"]);
    roff.text([roman(
        "Adding a rule can only make a request stricter, and a broad rule never weakens a narrow, \
         strict one:",
    )]);
    for (i, item) in COMBINING.iter().enumerate() {
        let n = format!("{}.", i + 1);
        roff.control("IP", [n.as_str(), "4"]);
        roff.text([roman(*item)]);
    }
    roff.control("SH", ["EXAMPLES"]);
    example(&mut roff, POLICY_EXAMPLE);
    roff.control("SH", ["SEE ALSO"]);
    refs_line(
        &mut roff,
        &[
            ("elevate-policy".into(), "1"),
            ("elevate-policy-explain".into(), "1"),
            ("elevate-config".into(), "5"),
        ],
    );
    roff.render().into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(name: &str) -> String {
        let (_, bytes) = pages().into_iter().find(|(n, _)| n == name).unwrap();
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn every_command_page_has_the_sections_of_a_manual_page() {
        let all = pages();
        assert!(all.len() > 30);
        for (name, bytes) in all.iter().filter(|(n, _)| n.ends_with(".1")) {
            let text = String::from_utf8_lossy(bytes);
            for section in [
                ".SH NAME",
                ".SH SYNOPSIS",
                ".SH \"EXIT STATUS\"",
                ".SH ENVIRONMENT",
                ".SH FILES",
                ".SH \"SEE ALSO\"",
            ] {
                assert!(text.contains(section), "{name} has no {section}");
            }
            assert!(!text.contains(".SH EXTRA"), "{name}");
        }
        let request = page("elevate-request.1");
        let examples = &request[request.find(".SH EXAMPLES").unwrap()..];
        assert!(examples.starts_with(".SH EXAMPLES\n.EX\n"), "{examples}");
        assert!(examples.contains("\n.EE\n"), "{examples}");
        assert!(examples.contains(r"\-\-for group:Release"), "{examples}");
    }

    #[test]
    fn the_top_page_lists_commands_by_role_and_every_variable() {
        let top = page("elevate.1");
        assert!(top.contains(".SS \"Ask and use access\""), "{top}");
        assert!(top.contains("\\fBelevate\\-request\\fR(1)"), "{top}");
        for var in [
            "ELEVATE_STORE",
            "ELEVATE_TRAIL_BUCKET",
            "ELEVATE_KMS_SEAL_KEY",
            "AWS_PROFILE",
            "AWS_ENDPOINT_URL",
            "NO_COLOR",
        ] {
            assert!(top.contains(&format!("\\fB{var}")), "{var} missing");
        }
        assert!(top.contains("ledger.db"));
    }

    /// Every ELEVATE_* variable the code names is in ENVIRONMENT, but the tests' own.
    #[test]
    fn every_variable_elevate_reads_is_documented() {
        let documented = page("elevate.1");
        let re = regex::Regex::new(r"ELEVATE_[A-Z_]+").unwrap();
        let mut stack = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for m in re.find_iter(&text) {
                    let var = m.as_str();
                    if var.starts_with("ELEVATE_TEST_")
                        || ["ELEVATE_BLESS", "ELEVATE_ID"].contains(&var)
                    {
                        continue;
                    }
                    assert!(
                        documented.contains(&format!("\\fB{var}\\fR")),
                        "{var} (in {}) is not in elevate.1's ENVIRONMENT",
                        path.display()
                    );
                }
            }
        }
    }

    #[test]
    fn the_config_page_describes_every_key_the_config_file_takes() {
        let keys: Vec<&str> = CONFIG_KEYS.iter().map(|(k, _, _)| *k).collect();
        assert_eq!(keys, crate::config::keys().to_vec());
        let text = page("elevate-config.5");
        assert!(text.contains(".TH elevate\\-config 5") || text.contains(".TH elevate-config 5"));
        assert!(text.contains("\\fBkms_seal_key\\fR"));
    }

    #[test]
    fn the_policy_page_describes_every_table() {
        let text = page("elevate-policy.5");
        for section in [
            "SETTINGS",
            "RULES",
            "DENIES",
            "DELEGATES",
            "TARGETS",
            "EXAMPLES",
        ] {
            assert!(text.contains(&format!(".SH {section}")), "{section}");
        }
        let policy = crate::domain::Policy::parse(POLICY_EXAMPLE, "example").unwrap();
        assert_eq!(policy.rules.len(), 1);
    }
}
