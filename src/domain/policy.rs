//! Policy as code: who may request what, where, for how long, and who approves.
//!
//! Semantics (also in docs/policy.md):
//! - **Deny rules win.** A request matched by any `[[deny]]` is refused, whatever else matches.
//! - **Every matching rule must be satisfied.** The allow rules that match the principal, the
//!   account (directly, by name, or through any OU above it, or the root) and the permission set
//!   all apply at once: the duration is capped by the smallest `max_duration` among them and by
//!   the global maximum; approval is needed if any of them requires it, and then each requiring
//!   rule needs its own `approvals_required` distinct approvals from its own approvers (one person
//!   listed in two rules counts for both); a ticket is needed if the settings or any of them say
//!   so. Adding a rule can therefore only make a request stricter.
//! - `auto` applies only when every matching rule is `auto`. `break-glass` rules apply only to
//!   break-glass requests, and only they do.
//! - The requester, the person receiving the access and members of a receiving group never
//!   count as approvers; an approval counts once per person.
//! - **What cannot be evaluated refuses.** An account whose place in the organisation could not
//!   be read matches no rule by OU, root or name; a deny, or a rule, that could apply but names
//!   only such targets refuses the request rather than be skipped.
//!
//! Values are validated while the TOML is read, so every error names its line and column.

use std::collections::HashSet;
use std::fmt;

use jiff::SignedDuration;
use serde::{Deserialize, Deserializer};
use sha2::{Digest, Sha256};

use super::duration::{format_duration, parse_duration};
use super::org::Account;
use super::principal::{PrincipalKind, PrincipalRef};

/// A duration in a policy file, validated on read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PolicyDuration(pub SignedDuration);

impl<'de> Deserialize<'de> for PolicyDuration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        parse_duration(&s)
            .map(PolicyDuration)
            .map_err(serde::de::Error::custom)
    }
}

/// Who a rule is about: a user, a group, or `*` for everyone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrincipalPattern {
    Any,
    One(PrincipalRef),
}

impl<'de> Deserialize<'de> for PrincipalPattern {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s == "*" {
            return Ok(PrincipalPattern::Any);
        }
        s.parse()
            .map(PrincipalPattern::One)
            .map_err(|e: super::principal::PrincipalRefError| {
                serde::de::Error::custom(format!("{e}, or \"*\" for everyone"))
            })
    }
}

impl fmt::Display for PrincipalPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PrincipalPattern::Any => f.write_str("*"),
            PrincipalPattern::One(p) => p.fmt(f),
        }
    }
}

/// Where a rule applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetPattern {
    Any,
    AccountId(String),
    /// An OU id: every account below it, at any depth.
    Ou(String),
    /// The organisation root (`root`, or its id `r-…`): every account in the organisation.
    Root(Option<String>),
    AccountName(String),
}

fn is_ou_id(s: &str) -> bool {
    let mut parts = s.splitn(3, '-');
    matches!(
        (parts.next(), parts.next(), parts.next()),
        (Some("ou"), Some(a), Some(b))
            if (4..=32).contains(&a.len())
                && (8..=32).contains(&b.len())
                && a.bytes().chain(b.bytes()).all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    )
}

fn is_root_id(s: &str) -> bool {
    s.strip_prefix("r-").is_some_and(|r| {
        (4..=32).contains(&r.len())
            && r.bytes()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    })
}

impl<'de> Deserialize<'de> for TargetPattern {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let t = s.trim();
        Ok(if t == "*" {
            TargetPattern::Any
        } else if t == "root" {
            TargetPattern::Root(None)
        } else if super::org::is_account_id(t) {
            TargetPattern::AccountId(t.to_string())
        } else if is_ou_id(t) {
            TargetPattern::Ou(t.to_string())
        } else if is_root_id(t) {
            TargetPattern::Root(Some(t.to_string()))
        } else if let Some(name) = t.strip_prefix("name:") {
            TargetPattern::AccountName(name.trim().to_string())
        } else if t.is_empty() || t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(serde::de::Error::custom(format!(
                "'{s}' is not a target: write a 12-digit account id, an account name, an OU id (ou-…), \"root\", or \"*\""
            )));
        } else {
            TargetPattern::AccountName(t.to_string())
        })
    }
}

impl TargetPattern {
    /// Whether this target covers `account`; `None` when that cannot be told: the target names
    /// an OU, the root or an account name, and the account's place in the organisation could
    /// not be read.
    pub fn applies_to(&self, account: &Account) -> Option<bool> {
        Some(match self {
            TargetPattern::Any => true,
            TargetPattern::AccountId(id) => &account.id == id,
            _ if !account.place_known => return None,
            TargetPattern::AccountName(n) => !account.name.is_empty() && &account.name == n,
            TargetPattern::Ou(ou) => account.path.iter().any(|p| p == ou),
            TargetPattern::Root(None) => !account.path.is_empty(),
            TargetPattern::Root(Some(r)) => account.path.last() == Some(r),
        })
    }

    /// Whether this target is known to cover `account`: what an allow rule needs, so that a
    /// rule that cannot be evaluated allows nothing.
    pub fn matches(&self, account: &Account) -> bool {
        self.applies_to(account) == Some(true)
    }
}

impl fmt::Display for TargetPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TargetPattern::Any => f.write_str("*"),
            TargetPattern::AccountId(id) => f.write_str(id),
            TargetPattern::Ou(ou) => f.write_str(ou),
            TargetPattern::Root(None) => f.write_str("root"),
            TargetPattern::Root(Some(r)) => f.write_str(r),
            TargetPattern::AccountName(n) => write!(f, "name:{n}"),
        }
    }
}

/// A permission set name or ARN, or `*`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PermissionSetPattern {
    Any,
    Arn(String),
    Name(String),
}

impl<'de> Deserialize<'de> for PermissionSetPattern {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s == "*" {
            Ok(PermissionSetPattern::Any)
        } else if s.starts_with("arn:") {
            Ok(PermissionSetPattern::Arn(s))
        } else if s.trim().is_empty() {
            Err(serde::de::Error::custom(
                "empty permission set: write its name, its ARN, or \"*\"",
            ))
        } else {
            Ok(PermissionSetPattern::Name(s))
        }
    }
}

impl PermissionSetPattern {
    pub fn matches(&self, name: &str, arn: &str) -> bool {
        match self {
            PermissionSetPattern::Any => true,
            PermissionSetPattern::Arn(a) => a == arn,
            PermissionSetPattern::Name(n) => n == name,
        }
    }
}

impl fmt::Display for PermissionSetPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PermissionSetPattern::Any => f.write_str("*"),
            PermissionSetPattern::Arn(a) | PermissionSetPattern::Name(a) => f.write_str(a),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// Distinct approvers must say yes.
    Required,
    /// Granted without approval.
    Auto,
    /// Only for `--break-glass` requests: granted at once, reviewed afterwards.
    BreakGlass,
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Mode::Required => "required",
            Mode::Auto => "auto",
            Mode::BreakGlass => "break-glass",
        })
    }
}

/// A ticket pattern, compiled on read.
#[derive(Debug, Clone)]
pub struct TicketPattern(pub regex::Regex);

impl<'de> Deserialize<'de> for TicketPattern {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        // Anchored whole: "INC-[0-9]+" must not accept "xINC-1y".
        regex::Regex::new(&format!("^(?:{s})$"))
            .map(TicketPattern)
            .map_err(|e| {
                serde::de::Error::custom(format!(
                    "ticket_pattern is not a valid regular expression: {e}"
                ))
            })
    }
}

fn default_max() -> PolicyDuration {
    PolicyDuration(SignedDuration::from_hours(12))
}
fn default_default() -> PolicyDuration {
    PolicyDuration(SignedDuration::from_hours(1))
}
fn default_expiry() -> PolicyDuration {
    PolicyDuration(SignedDuration::from_hours(24))
}
fn yes() -> bool {
    true
}
fn one() -> u32 {
    1
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// No elevation is longer than this, whatever a rule says.
    #[serde(default = "default_max")]
    pub max_duration: PolicyDuration,
    /// Used when a request gives no `--duration` (capped by the matching rules' maximum).
    #[serde(default = "default_default")]
    pub default_duration: PolicyDuration,
    /// A request still pending after this long expires.
    #[serde(default = "default_expiry")]
    pub pending_expiry: PolicyDuration,
    #[serde(default = "yes")]
    pub reason_required: bool,
    /// Reasons shorter than this (in characters, trimmed) are refused.
    #[serde(default = "one_usize")]
    pub reason_min_length: usize,
    #[serde(default)]
    pub ticket_required: bool,
    /// Tickets must match this regular expression (the whole ticket).
    pub ticket_pattern: Option<TicketPattern>,
    /// Approvals a `required` rule needs when it does not say.
    #[serde(default = "one")]
    pub approvals_required: u32,
    /// Permission sets (names, ARNs or "*") nobody should hold except through an elevation:
    /// `elevate audit standing`, and the executor at `standing_check_interval`, report every
    /// assignment of them that no verified elevation explains.
    #[serde(default)]
    pub temporary_only: Vec<PermissionSetPattern>,
    /// The executor removes the assignments `temporary_only` finds unexplained (sealed with the
    /// policy, so only an admin turns it on).
    #[serde(default)]
    pub remove_standing: bool,
}

fn one_usize() -> usize {
    1
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            max_duration: default_max(),
            default_duration: default_default(),
            pending_expiry: default_expiry(),
            reason_required: true,
            reason_min_length: 1,
            ticket_required: false,
            ticket_pattern: None,
            approvals_required: 1,
            temporary_only: Vec::new(),
            remove_standing: false,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub name: String,
    pub principals: Vec<PrincipalPattern>,
    pub accounts: Vec<TargetPattern>,
    pub permission_sets: Vec<PermissionSetPattern>,
    pub max_duration: Option<PolicyDuration>,
    pub approval: Mode,
    #[serde(default)]
    pub approvers: Vec<PrincipalRef>,
    pub approvals_required: Option<u32>,
    pub ticket_required: Option<bool>,
}

fn any_principal() -> Vec<PrincipalPattern> {
    vec![PrincipalPattern::Any]
}
fn any_target() -> Vec<TargetPattern> {
    vec![TargetPattern::Any]
}
fn any_set() -> Vec<PermissionSetPattern> {
    vec![PermissionSetPattern::Any]
}

/// An exclusion: what no rule may allow. Omitted fields mean "every".
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deny {
    pub name: String,
    #[serde(default = "any_principal")]
    pub principals: Vec<PrincipalPattern>,
    #[serde(default = "any_target")]
    pub accounts: Vec<TargetPattern>,
    #[serde(default = "any_set")]
    pub permission_sets: Vec<PermissionSetPattern>,
    /// Shown to the requester.
    pub reason: Option<String>,
}

/// Which callers that are not Identity Center users (CI and break-glass roles) may request
/// access for whom, with `--for`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Delegate {
    /// IAM roles, by ARN.
    pub callers: Vec<RolePattern>,
    pub principals: Vec<PrincipalPattern>,
}

/// A `[[delegate]]` caller: an IAM role by ARN, `arn:aws:iam::<account>:role/<path/>name`, the
/// name optionally ending in `*` (any suffix). By ARN, not by name: anyone can create a role
/// called `ci-deployer` in an account of their own, and a name alone would let it ask.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RolePattern {
    pub partition: String,
    pub account: String,
    /// The role's name, or with `prefix` the beginning of it.
    pub name: String,
    pub prefix: bool,
    /// As written, for messages.
    pub arn: String,
}

const ROLE_ARN_FORM: &str = "arn:aws:iam::<12-digit account id>:role/<name> (a path such as role/ci/<name> may be given; a trailing * on the name matches any suffix)";

impl<'de> Deserialize<'de> for RolePattern {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        RolePattern::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl RolePattern {
    pub fn parse(s: &str) -> Result<RolePattern, String> {
        if let Some(name) = s.strip_prefix("role:") {
            return Err(format!(
                "caller '{s}' names a role without its account, so it would match a role of that name in any account: write the role's ARN, arn:aws:iam::<12-digit account id>:role/{name}"
            ));
        }
        let bad = |why: &str| {
            format!("caller '{s}' is not an IAM role ARN ({why}): write {ROLE_ARN_FORM}")
        };
        let (partition, rest) = s
            .strip_prefix("arn:")
            .and_then(|r| r.split_once(':'))
            .ok_or_else(|| bad("it does not start with arn:<partition>:"))?;
        if !partition.starts_with("aws")
            || !partition
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(bad("the partition is not aws, aws-cn, aws-us-gov…"));
        }
        let (account, resource) = rest
            .strip_prefix("iam::")
            .and_then(|r| r.split_once(':'))
            .ok_or_else(|| bad("roles are arn:<partition>:iam::<account>:role/…"))?;
        if !super::org::is_account_id(account) {
            return Err(bad("the account must be a 12-digit account id"));
        }
        let path_and_name = resource
            .strip_prefix("role/")
            .ok_or_else(|| bad("only roles can be delegates: the resource must be role/…"))?;
        // STS session ARNs carry no path, and a role's name is unique in its account whatever
        // its path: the path is checked for form, then matching goes by name.
        let (path, name) = match path_and_name.rsplit_once('/') {
            Some((path, name)) => (Some(path), name),
            None => (None, path_and_name),
        };
        if path.is_some_and(|p| {
            !p.split('/').all(|seg| {
                !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_graphic() && b != b'*')
            })
        }) {
            return Err(bad(
                "the path must be segments separated by single slashes, without *",
            ));
        }
        let (name, prefix) = match name.strip_suffix('*') {
            Some(n) => (n, true),
            None => (name, false),
        };
        if name.is_empty() {
            return Err(bad(
                "name the role, or the beginning of its name before the *: a bare * would let every role of the account ask",
            ));
        }
        if name.len() > 64
            || !name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+=,.@_-".contains(&b))
        {
            return Err(bad(
                "a role name is at most 64 of a-z, A-Z, 0-9 and +=,.@_- (only a trailing * besides)",
            ));
        }
        Ok(RolePattern {
            partition: partition.to_string(),
            account: account.to_string(),
            name: name.to_string(),
            prefix,
            arn: s.to_string(),
        })
    }

    /// Whether a caller's role session is of this role. IAM role names are unique in an
    /// account without regard to case, so the name is compared the same way.
    fn matches(&self, caller: &AssumedRole) -> bool {
        let (role, name) = (
            caller.role.to_ascii_lowercase(),
            self.name.to_ascii_lowercase(),
        );
        caller.partition == self.partition
            && caller.account == self.account
            && if self.prefix {
                role.starts_with(&name)
            } else {
                role == name
            }
    }
}

impl fmt::Display for RolePattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.arn)
    }
}

/// A role session, from its STS ARN `arn:<partition>:sts::<account>:assumed-role/<role>/<session>`.
struct AssumedRole<'a> {
    partition: &'a str,
    account: &'a str,
    role: &'a str,
}

impl<'a> AssumedRole<'a> {
    fn parse(arn: &'a str) -> Option<AssumedRole<'a>> {
        let (partition, rest) = arn.strip_prefix("arn:")?.split_once(':')?;
        let (account, rest) = rest.strip_prefix("sts::")?.split_once(':')?;
        let (role, session) = rest.strip_prefix("assumed-role/")?.split_once('/')?;
        (!partition.is_empty()
            && super::org::is_account_id(account)
            && !role.is_empty()
            && !session.is_empty()
            && !session.contains('/'))
        .then_some(AssumedRole {
            partition,
            account,
            role,
        })
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    settings: Settings,
    #[serde(default, rename = "rule")]
    rules: Vec<toml::Spanned<Rule>>,
    #[serde(default, rename = "deny")]
    denies: Vec<toml::Spanned<Deny>>,
    #[serde(default, rename = "delegate")]
    delegates: Vec<toml::Spanned<Delegate>>,
}

#[derive(Debug, Clone)]
pub struct Policy {
    pub settings: Settings,
    pub rules: Vec<Rule>,
    pub denies: Vec<Deny>,
    pub delegates: Vec<Delegate>,
    /// Content hash of the source: requests record the version they were decided under.
    pub version: String,
}

/// A policy file problem, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{origin}:{line}:{column}: {message}")]
pub struct PolicyError {
    pub origin: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

pub(crate) fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let before = &src[..char_boundary(src, offset)];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// `offset`, or the char boundary before it: a parser's offset is not trusted to slice with.
pub(crate) fn char_boundary(src: &str, offset: usize) -> usize {
    let mut at = offset.min(src.len());
    while !src.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Who a rule is evaluated for: the principal receiving access, with its groups.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub kind: PrincipalKind,
    pub name: &'a str,
    /// Names of the groups a user is in (empty for a group principal).
    pub groups: &'a [String],
}

#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub account: &'a Account,
    pub permission_set_name: &'a str,
    pub permission_set_arn: &'a str,
}

/// One rule's approval condition: `count` distinct approvers from `approvers`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Requirement {
    pub rule: String,
    pub approvers: Vec<PrincipalRef>,
    pub count: u32,
}

/// The terms a request is allowed on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Terms {
    pub mode: Mode,
    pub duration: SignedDuration,
    pub max_duration: SignedDuration,
    /// The rule whose `max_duration` that is; `None`: `settings.max_duration`.
    pub capped_by: Option<String>,
    /// Empty unless `mode` is `Required`.
    pub requirements: Vec<Requirement>,
    /// Everyone listed as an approver in a matching rule: who may revoke, and review.
    pub approvers: Vec<PrincipalRef>,
    pub ticket_required: bool,
    /// The matching rules, in file order.
    pub rules: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Allowed(Terms),
    Denied(String),
}

impl Rule {
    fn matches_principal(&self, s: Subject) -> bool {
        principal_matches(&self.principals, s)
    }
    fn matches_target(&self, t: Target) -> bool {
        self.accounts.iter().any(|a| a.matches(t.account))
            && self
                .permission_sets
                .iter()
                .any(|p| p.matches(t.permission_set_name, t.permission_set_arn))
    }
    fn count(&self, settings: &Settings) -> u32 {
        self.approvals_required
            .unwrap_or(settings.approvals_required)
    }
}

impl Deny {
    /// Whether this deny excludes the request; `None` when it would if the account's place in
    /// the organisation, which could not be read, put it under one of the deny's targets.
    pub fn applies(&self, s: Subject, t: Target) -> Option<bool> {
        if !principal_matches(&self.principals, s)
            || !self
                .permission_sets
                .iter()
                .any(|p| p.matches(t.permission_set_name, t.permission_set_arn))
        {
            return Some(false);
        }
        let mut undecided = false;
        for a in &self.accounts {
            match a.applies_to(t.account) {
                Some(true) => return Some(true),
                Some(false) => {}
                None => undecided = true,
            }
        }
        (!undecided).then_some(false)
    }

    fn matches(&self, s: Subject, t: Target) -> bool {
        self.applies(s, t) == Some(true)
    }
}

/// The targets that cannot be evaluated against an account whose place is unknown.
pub(crate) fn unplaceable(targets: &[TargetPattern], account: &Account) -> Vec<String> {
    targets
        .iter()
        .filter(|a| a.applies_to(account).is_none())
        .map(|a| a.to_string())
        .collect()
}

/// "rule 'a' names" / "rules 'a', 'b' name", for messages.
fn rule_names(rules: &[&Rule]) -> String {
    let names: Vec<String> = rules.iter().map(|r| format!("'{}'", r.name)).collect();
    if names.len() == 1 {
        format!("rule {} names", names[0])
    } else {
        format!("rules {} name", names.join(", "))
    }
}

/// What to do when Organizations could not be read for an account, said wherever that changes
/// a decision.
pub const ORG_UNREADABLE_FIX: &str = "let the caller read the account's place (organizations:DescribeAccount and organizations:ListParents), or ask an administrator who can";

/// The refusal when a deny that may apply cannot be evaluated: it is not known to exclude the
/// request, but it cannot be shown not to, and a deny that is skipped when Organizations is
/// unreadable would be one an attacker can switch off.
fn undecided_deny_message(deny: &Deny, account: &Account) -> String {
    format!(
        "deny '{}' names {}, and account {}'s place in the organisation could not be read, so it cannot be told whether the deny excludes this request: refused. To decide it, {ORG_UNREADABLE_FIX}",
        deny.name,
        unplaceable(&deny.accounts, account).join(", "),
        account.id
    )
}

pub(crate) fn principal_matches(patterns: &[PrincipalPattern], s: Subject) -> bool {
    patterns.iter().any(|p| match p {
        PrincipalPattern::Any => true,
        PrincipalPattern::One(p) => match (p.kind, s.kind) {
            (PrincipalKind::User, PrincipalKind::User)
            | (PrincipalKind::Group, PrincipalKind::Group) => p.name == s.name,
            (PrincipalKind::Group, PrincipalKind::User) => s.groups.contains(&p.name),
            (PrincipalKind::User, PrincipalKind::Group) => false,
        },
    })
}

fn describe_target(t: Target) -> String {
    if t.account.name.is_empty() {
        t.account.id.clone()
    } else {
        format!("{} ({})", t.account.id, t.account.name)
    }
}

impl Policy {
    /// Parses and validates a policy. `origin` names the source in errors (usually the path).
    pub fn parse(src: &str, origin: &str) -> Result<Policy, PolicyError> {
        let err_at = |offset: usize, message: String| {
            let (line, column) = line_col(src, offset);
            PolicyError {
                origin: origin.to_string(),
                line,
                column,
                message,
            }
        };
        let file: File = toml::from_str(src).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            err_at(offset, e.message().to_string())
        })?;
        let settings = file.settings;
        let settings_at = src.find("[settings]").unwrap_or(0);
        if settings.default_duration.0 > settings.max_duration.0 {
            return Err(err_at(
                settings_at,
                format!(
                    "settings.default_duration ({}) is longer than settings.max_duration ({}): lower it",
                    format_duration(settings.default_duration.0),
                    format_duration(settings.max_duration.0)
                ),
            ));
        }
        if settings.approvals_required == 0 {
            return Err(err_at(
                settings_at,
                "settings.approvals_required must be at least 1".into(),
            ));
        }
        let mut names = HashSet::new();
        let mut rules = Vec::with_capacity(file.rules.len());
        for spanned in file.rules {
            let at = spanned.span().start;
            let rule = spanned.into_inner();
            let fail = |msg: String| Err(err_at(at, format!("rule '{}': {msg}", rule.name)));
            if rule.name.trim().is_empty() {
                return Err(err_at(
                    at,
                    "a rule has an empty name: give every rule a name".into(),
                ));
            }
            if !names.insert(rule.name.clone()) {
                return fail("another rule or deny has the same name: names must be unique".into());
            }
            for (field, empty) in [
                ("principals", rule.principals.is_empty()),
                ("accounts", rule.accounts.is_empty()),
                ("permission_sets", rule.permission_sets.is_empty()),
            ] {
                if empty {
                    return fail(format!(
                        "{field} is empty, so the rule can never match: list at least one"
                    ));
                }
            }
            if let Some(max) = rule.max_duration
                && max.0 > settings.max_duration.0
            {
                return fail(format!(
                    "max_duration {} is longer than settings.max_duration {}: lower it",
                    format_duration(max.0),
                    format_duration(settings.max_duration.0)
                ));
            }
            if rule.approval == Mode::Required {
                if rule.approvers.is_empty() {
                    return fail(
                        "approval is required but approvers is empty: list users or groups".into(),
                    );
                }
                let count = rule.count(&settings);
                if count == 0 {
                    return fail("approvals_required must be at least 1".into());
                }
                let only_users = rule.approvers.iter().all(|a| a.kind == PrincipalKind::User);
                if only_users && count as usize > rule.approvers.len() {
                    return fail(format!(
                        "approvals_required is {count} but only {} approver(s) are listed",
                        rule.approvers.len()
                    ));
                }
            } else if rule.approvals_required.is_some() {
                return fail(format!(
                    "approvals_required has no effect with approval = \"{}\": remove it, or use approval = \"required\"",
                    rule.approval
                ));
            }
            rules.push(rule);
        }
        let mut denies = Vec::with_capacity(file.denies.len());
        for spanned in file.denies {
            let at = spanned.span().start;
            let deny = spanned.into_inner();
            if deny.name.trim().is_empty() {
                return Err(err_at(
                    at,
                    "a deny has an empty name: give every deny a name".into(),
                ));
            }
            if !names.insert(deny.name.clone()) {
                return Err(err_at(
                    at,
                    format!(
                        "deny '{}': another rule or deny has the same name: names must be unique",
                        deny.name
                    ),
                ));
            }
            denies.push(deny);
        }
        let mut delegates = Vec::with_capacity(file.delegates.len());
        for spanned in file.delegates {
            let at = spanned.span().start;
            let d = spanned.into_inner();
            if d.callers.is_empty() || d.principals.is_empty() {
                return Err(err_at(
                    at,
                    format!(
                        "delegate: list callers (IAM role ARNs, {ROLE_ARN_FORM}) and the principals they may request for"
                    ),
                ));
            }
            delegates.push(d);
        }
        let version = hex::encode(&Sha256::digest(src.as_bytes())[..6]);
        Ok(Policy {
            settings,
            rules,
            denies,
            delegates,
            version,
        })
    }

    /// Whether a caller that is not an Identity Center user (its ARN) may request access for
    /// `principal`: only where a `[[delegate]]` names its role, by account and name.
    pub fn may_act_for(&self, caller_arn: &str, principal: &PrincipalRef) -> Result<(), String> {
        let Some(caller) = AssumedRole::parse(caller_arn) else {
            return Err(format!(
                "{caller_arn} may not request access for {principal}: only IAM role sessions can ask for someone else, where a [[delegate]] in the policy names the role's ARN. Run as the person who needs the access, or from a role a [[delegate]] names"
            ));
        };
        let allowed = self.delegates.iter().any(|d| {
            d.callers.iter().any(|c| c.matches(&caller))
                && d.principals.iter().any(|p| match p {
                    PrincipalPattern::Any => true,
                    PrincipalPattern::One(one) => one == principal,
                })
        });
        if allowed {
            return Ok(());
        }
        let role_arn = format!(
            "arn:{}:iam::{}:role/{}",
            caller.partition, caller.account, caller.role
        );
        Err(format!(
            "{caller_arn} may not request access for {principal}: no [[delegate]] in the policy lets role {role_arn} do that. Add one (callers = [\"{role_arn}\"], principals = [\"{principal}\"]), or run as the person who needs the access"
        ))
    }

    /// The deny that excludes this request, if any.
    pub fn denied_by(&self, s: Subject, t: Target) -> Option<&Deny> {
        self.denies.iter().find(|d| d.matches(s, t))
    }

    /// A deny that may exclude this request but cannot be evaluated (the account's place in the
    /// organisation is unknown), if any: the request is then refused as if it did.
    pub fn undecided_deny(&self, s: Subject, t: Target) -> Option<&Deny> {
        self.denies.iter().find(|d| d.applies(s, t).is_none())
    }

    /// Whether `subject` may have `target` for `duration` (or the default duration), and on
    /// what terms.
    pub fn evaluate(
        &self,
        subject: Subject,
        target: Target,
        duration: Option<SignedDuration>,
        break_glass: bool,
    ) -> Decision {
        if let Some(deny) = self.denied_by(subject, target) {
            return Decision::Denied(format!(
                "deny '{}' excludes it{}",
                deny.name,
                deny.reason
                    .as_ref()
                    .map(|r| format!(": {r}"))
                    .unwrap_or_default()
            ));
        }
        // Fail closed: a deny is never skipped for want of the account's place.
        if let Some(deny) = self.undecided_deny(subject, target) {
            return Decision::Denied(undecided_deny_message(deny, target.account));
        }
        let matching: Vec<&Rule> = self
            .rules
            .iter()
            .filter(|r| r.matches_principal(subject) && r.matches_target(target))
            .collect();
        let (chosen, other): (Vec<&Rule>, Vec<&Rule>) = matching
            .into_iter()
            .partition(|r| (r.approval == Mode::BreakGlass) == break_glass);
        let undecided = self.undecided_rules(subject, target, break_glass);
        if chosen.is_empty() {
            let who = format!("{}:{}", subject.kind.as_str(), subject.name);
            let what = format!(
                "{} on {}",
                target.permission_set_name,
                describe_target(target)
            );
            let unplaced = if undecided.is_empty() {
                String::new()
            } else {
                format!(
                    "; {} OUs, the root or account names, which cannot match account {} because its place in the organisation could not be read: {ORG_UNREADABLE_FIX}",
                    rule_names(&undecided),
                    target.account.id
                )
            };
            return Decision::Denied(match (break_glass, other.is_empty()) {
                (_, true) => format!("no rule lets {who} request {what}{unplaced}"),
                (true, false) => format!(
                    "no break-glass rule covers {what} for {who}; rule '{}' allows it with approval: request it without --break-glass{unplaced}",
                    other[0].name
                ),
                (false, false) => format!(
                    "only break-glass rule '{}' covers {what} for {who}: in an emergency, request it with --break-glass{unplaced}",
                    other[0].name
                ),
            });
        }
        // Every matching rule adds its conditions: one that may match but cannot be evaluated
        // may hold the stricter ones, and granting without them would fail open.
        if !undecided.is_empty() {
            return Decision::Denied(format!(
                "{} OUs, the root or account names, and account {}'s place in the organisation could not be read, so it cannot be told whether its conditions (approvals, duration, ticket) apply as well: refused. To decide it, {ORG_UNREADABLE_FIX}",
                rule_names(&undecided),
                target.account.id
            ));
        }
        self.terms_of(&chosen, duration, break_glass)
    }

    /// The rules of the family asked for that match the principal and the permission set, but
    /// whose targets cannot be evaluated against the account (its place is unknown).
    fn undecided_rules(&self, subject: Subject, target: Target, break_glass: bool) -> Vec<&Rule> {
        self.rules
            .iter()
            .filter(|r| {
                (r.approval == Mode::BreakGlass) == break_glass
                    && r.matches_principal(subject)
                    && r.permission_sets
                        .iter()
                        .any(|p| p.matches(target.permission_set_name, target.permission_set_arn))
                    && !r.matches_target(target)
                    && !unplaceable(&r.accounts, target.account).is_empty()
            })
            .collect()
    }

    /// The combined terms of the rules that apply (see the module documentation).
    pub(crate) fn terms_of(
        &self,
        rules: &[&Rule],
        duration: Option<SignedDuration>,
        break_glass: bool,
    ) -> Decision {
        let global = self.settings.max_duration.0;
        let (max, capping) = rules
            .iter()
            .filter_map(|r| r.max_duration.map(|d| (d.0, Some(r.name.as_str()))))
            .fold(
                (global, None),
                |acc, (d, name)| if d < acc.0 { (d, name) } else { acc },
            );
        let duration = duration.unwrap_or_else(|| self.settings.default_duration.0.min(max));
        if let Err(why) = check_duration(duration, max, capping) {
            return Decision::Denied(why);
        }
        let mode = if break_glass {
            Mode::BreakGlass
        } else if rules.iter().all(|r| r.approval == Mode::Auto) {
            Mode::Auto
        } else {
            Mode::Required
        };
        let requirements = if mode == Mode::Required {
            rules
                .iter()
                .filter(|r| r.approval == Mode::Required)
                .map(|r| Requirement {
                    rule: r.name.clone(),
                    approvers: r.approvers.clone(),
                    count: r.count(&self.settings),
                })
                .collect()
        } else {
            Vec::new()
        };
        let mut approvers: Vec<PrincipalRef> = Vec::new();
        for a in rules.iter().flat_map(|r| r.approvers.iter()) {
            if !approvers.contains(a) {
                approvers.push(a.clone());
            }
        }
        Decision::Allowed(Terms {
            mode,
            duration,
            max_duration: max,
            capped_by: capping.map(str::to_string),
            requirements,
            approvers,
            ticket_required: self.settings.ticket_required
                || rules.iter().any(|r| r.ticket_required == Some(true)),
            rules: rules.iter().map(|r| r.name.clone()).collect(),
        })
    }

    pub fn check_reason(&self, reason: &str) -> Result<(), String> {
        let len = reason.trim().chars().count();
        if !self.settings.reason_required && len == 0 {
            return Ok(());
        }
        let min = self.settings.reason_min_length.max(1);
        if len < min {
            return Err(format!(
                "the reason is {len} character(s); policy asks for at least {min}: say what you will do and why"
            ));
        }
        Ok(())
    }

    pub fn check_ticket(&self, terms: &Terms, ticket: Option<&str>) -> Result<(), String> {
        self.check_ticket_for(terms.ticket_required, &terms.rules, ticket)
    }

    /// [`Policy::check_ticket`] where the terms are known only in part: whether `rules` (the
    /// matching ones) require a ticket, as `elevate eligible` lists them.
    pub fn check_ticket_for(
        &self,
        required: bool,
        rules: &[String],
        ticket: Option<&str>,
    ) -> Result<(), String> {
        let ticket = ticket.map(str::trim).filter(|t| !t.is_empty());
        match ticket {
            None if required => Err(format!(
                "policy requires a ticket for this request (rules: {}): pass --ticket <id>",
                rules.join(", ")
            )),
            Some(t) => match &self.settings.ticket_pattern {
                Some(p) if !p.0.is_match(t) => Err(format!(
                    "ticket '{t}' does not match the policy's ticket_pattern {}: pass a ticket id in that form",
                    p.0.as_str()
                        .trim_start_matches("^(?:")
                        .trim_end_matches(")$")
                )),
                _ => Ok(()),
            },
            None => Ok(()),
        }
    }
}

/// The duration rule: at most `max`, which the rule `capped_by` sets (`None`: the settings).
/// Policy evaluation applies it, and a prompt checks each answer with it as it is typed.
pub fn check_duration(
    duration: SignedDuration,
    max: SignedDuration,
    capped_by: Option<&str>,
) -> Result<(), String> {
    if duration <= max {
        return Ok(());
    }
    let by = capped_by.map_or("settings.max_duration".to_string(), |n| {
        format!("rule '{n}'")
    });
    Err(format!(
        "{by} allows at most {}; {} was asked for: ask for {} or less",
        format_duration(max),
        format_duration(duration),
        format_duration(max)
    ))
}

/// Whether a user is one of `approvers`, directly or through a group.
pub fn is_listed(approvers: &[PrincipalRef], user_name: &str, group_names: &[String]) -> bool {
    approvers.iter().any(|a| match a.kind {
        PrincipalKind::User => a.name == user_name,
        PrincipalKind::Group => group_names.contains(&a.name),
    })
}

/// The requirements an approver counts for.
pub fn counts_for(
    requirements: &[Requirement],
    user_name: &str,
    group_names: &[String],
) -> Vec<String> {
    requirements
        .iter()
        .filter(|r| is_listed(&r.approvers, user_name, group_names))
        .map(|r| r.rule.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::org::Account;

    // Requests record the version they were decided under, and the ledger stores versions by
    // it. The value is SHA-256 computed outside Rust.
    #[test]
    fn a_policy_text_has_the_same_version_in_every_release() {
        let p = Policy::parse(
            "[[rule]]\nname = \"r\"\nprincipals = [\"*\"]\naccounts = [\"*\"]\npermission_sets = [\"*\"]\napproval = \"auto\"\n",
            "p.toml",
        )
        .unwrap();
        assert_eq!(p.version, "13298535c192");
    }

    #[test]
    fn delegates_say_which_roles_may_request_for_whom() {
        let p = Policy::parse(
            "[[rule]]\nname = \"r\"\nprincipals = [\"*\"]\naccounts = [\"*\"]\npermission_sets = [\"*\"]\napproval = \"required\"\napprovers = [\"group:A\"]\n\n[[delegate]]\ncallers = [\"arn:aws:iam::111122223333:role/ci-*\", \"arn:aws:iam::111122223333:role/deploy/release\"]\nprincipals = [\"group:Release\"]\n",
            "p.toml",
        )
        .unwrap();
        let release: PrincipalRef = "group:Release".parse().unwrap();
        let admins: PrincipalRef = "group:Admins".parse().unwrap();
        let arn = |account: &str, role: &str| {
            format!("arn:aws:sts::{account}:assumed-role/{role}/run-42")
        };
        let ours = |role: &str| arn("111122223333", role);
        assert!(p.may_act_for(&ours("ci-deployer"), &release).is_ok());
        // The path is not in the session's ARN; the name is what identifies the role.
        assert!(p.may_act_for(&ours("release"), &release).is_ok());
        assert!(p.may_act_for(&ours("Release"), &release).is_ok());
        assert!(p.may_act_for(&ours("releaser"), &release).is_err());
        let no = p.may_act_for(&ours("ci-deployer"), &admins).unwrap_err();
        assert!(
            no.contains("[[delegate]]")
                && no.contains("callers = [\"arn:aws:iam::111122223333:role/ci-deployer\"]"),
            "{no}"
        );
        assert!(
            p.may_act_for("arn:aws:iam::111122223333:user/bob", &release)
                .is_err()
        );
    }

    #[test]
    fn a_delegate_is_a_role_of_one_account_not_any_role_of_that_name() {
        let p = Policy::parse(
            "[[delegate]]\ncallers = [\"arn:aws:iam::111122223333:role/ci-deployer\", \"arn:aws:iam::111122223333:role/gh-*\"]\nprincipals = [\"*\"]\n",
            "p.toml",
        )
        .unwrap();
        let release: PrincipalRef = "group:Release".parse().unwrap();
        for (caller, ok) in [
            (
                "arn:aws:sts::111122223333:assumed-role/ci-deployer/run-1",
                true,
            ),
            (
                "arn:aws:sts::111122223333:assumed-role/gh-actions/run-1",
                true,
            ),
            // The same names in an account the attacker owns.
            (
                "arn:aws:sts::444455556666:assumed-role/ci-deployer/run-1",
                false,
            ),
            (
                "arn:aws:sts::444455556666:assumed-role/gh-actions/run-1",
                false,
            ),
            // Another partition is another account.
            (
                "arn:aws-cn:sts::111122223333:assumed-role/ci-deployer/run-1",
                false,
            ),
            // Not role sessions, or not well formed.
            ("arn:aws:iam::111122223333:role/ci-deployer", false),
            (
                "arn:aws:sts::111122223333:federated-user/ci-deployer",
                false,
            ),
            ("arn:aws:sts::111122223333:assumed-role/ci-deployer", false),
            ("arn:aws:sts::111122223333:assumed-role//run-1", false),
            ("arn:aws:sts::1111:assumed-role/ci-deployer/run-1", false),
            (
                "arn:aws:sts::111122223333:assumed-role/ci-deployer/a/b",
                false,
            ),
            ("", false),
        ] {
            assert_eq!(p.may_act_for(caller, &release).is_ok(), ok, "{caller}");
        }
    }

    #[test]
    fn delegate_callers_must_be_role_arns() {
        let err = |caller: &str| {
            Policy::parse(
                &format!("[[delegate]]\ncallers = [\"{caller}\"]\nprincipals = [\"*\"]\n"),
                "p.toml",
            )
            .unwrap_err()
        };
        // The old form says what to write instead.
        let e = err("role:ci-deployer");
        assert_eq!(e.line, 2, "{e}");
        assert!(
            e.message
                .contains("arn:aws:iam::<12-digit account id>:role/ci-deployer"),
            "{e}"
        );
        for bad in [
            "ci",
            "arn:aws:iam::111122223333:user/ci",
            "arn:aws:iam::*:role/ci",
            "arn:aws:iam::1111:role/ci",
            "arn:aws:sts::111122223333:assumed-role/ci/s",
            "arn:aws:iam::111122223333:role/*",
            "arn:aws:iam::111122223333:role/",
            "arn:aws:iam::111122223333:role/c*i",
            "arn:aws:iam::111122223333:role//ci",
            "arn:aws:iam::111122223333:role/p*/ci",
            "arn:evil:iam::111122223333:role/ci",
            "arn:aws:iam:us-east-1:111122223333:role/ci",
        ] {
            let e = err(bad);
            assert!(
                e.message
                    .contains("arn:aws:iam::<12-digit account id>:role/"),
                "{bad}: {e}"
            );
        }
        let ok =
            RolePattern::parse("arn:aws-us-gov:iam::111122223333:role/team/ci/deploy-*").unwrap();
        assert_eq!(
            (
                ok.partition.as_str(),
                ok.account.as_str(),
                ok.name.as_str(),
                ok.prefix
            ),
            ("aws-us-gov", "111122223333", "deploy-", true)
        );
    }

    /// dev (ou-root-devdevde) and prod (ou-root-prodprod), payments nested in prod.
    fn account(id: &str) -> Account {
        let (name, path): (&str, &[&str]) = match id {
            "111111111111" => ("dev", &["ou-root-devdevde", "r-root"]),
            "222222222222" => ("prod-web", &["ou-root-prodprod", "r-root"]),
            "333333333333" => (
                "prod-payments",
                &["ou-root-paypaypa", "ou-root-prodprod", "r-root"],
            ),
            "999999999999" => ("management", &["r-root"]),
            _ => ("", &[]),
        };
        Account::placed(id, name, path.iter().map(|p| p.to_string()).collect())
    }

    const POLICY: &str = r#"
[settings]
max_duration = "8h"
default_duration = "1h"
reason_min_length = 10
ticket_pattern = "(INC|CHG)-[0-9]+"
approvals_required = 1

[[rule]]
name = "dev-admin"
principals = ["group:Engineers"]
accounts = ["ou-root-devdevde"]
permission_sets = ["AdministratorAccess"]
max_duration = "4h"
approval = "required"
approvers = ["group:Leads"]

[[rule]]
name = "read-anywhere"
principals = ["group:Engineers", "user:dana"]
accounts = ["root"]
permission_sets = ["ReadOnly"]
approval = "auto"

[[rule]]
name = "prod-admin"
principals = ["group:Engineers"]
accounts = ["ou-root-prodprod"]
permission_sets = ["AdministratorAccess"]
max_duration = "2h"
approval = "required"
approvers = ["group:Security", "user:carol"]
approvals_required = 2
ticket_required = true

[[rule]]
name = "payments-extra"
principals = ["group:Engineers"]
accounts = ["name:prod-payments"]
permission_sets = ["AdministratorAccess"]
approval = "required"
approvers = ["group:Payments"]

[[rule]]
name = "oncall-glass"
principals = ["group:Oncall"]
accounts = ["*"]
permission_sets = ["AdministratorAccess"]
max_duration = "1h"
approval = "break-glass"
approvers = ["group:Security"]

[[deny]]
name = "never-management"
accounts = ["999999999999"]
reason = "the management account is reached through its own runbook"

[[deny]]
name = "no-contractor-admin"
principals = ["group:Contractors"]
permission_sets = ["AdministratorAccess"]
"#;

    fn policy() -> Policy {
        Policy::parse(POLICY, "policy.toml").unwrap()
    }

    fn eval(
        groups: &[&str],
        account_id: &str,
        ps: &str,
        hours: Option<i64>,
        glass: bool,
    ) -> Decision {
        let groups: Vec<String> = groups.iter().map(|g| g.to_string()).collect();
        let acct = account(account_id);
        policy().evaluate(
            Subject {
                kind: PrincipalKind::User,
                name: "alice",
                groups: &groups,
            },
            Target {
                account: &acct,
                permission_set_name: ps,
                permission_set_arn: &format!("arn:aws:sso:::permissionSet/ssoins-1/ps-{ps}"),
            },
            hours.map(SignedDuration::from_hours),
            glass,
        )
    }

    fn allowed(d: Decision) -> Terms {
        match d {
            Decision::Allowed(t) => t,
            Decision::Denied(why) => panic!("denied: {why}"),
        }
    }

    fn denied(d: Decision) -> String {
        match d {
            Decision::Denied(why) => why,
            Decision::Allowed(t) => panic!("allowed: {t:?}"),
        }
    }

    #[test]
    fn ou_rules_cover_accounts_at_any_depth() {
        // prod-payments is two levels below the prod OU's parent: the prod rule still applies.
        let t = allowed(eval(
            &["Engineers"],
            "333333333333",
            "AdministratorAccess",
            None,
            false,
        ));
        assert_eq!(t.rules, ["prod-admin", "payments-extra"]);
        let t = allowed(eval(
            &["Engineers"],
            "222222222222",
            "AdministratorAccess",
            None,
            false,
        ));
        assert_eq!(t.rules, ["prod-admin"]);
        let t = allowed(eval(
            &["Engineers"],
            "111111111111",
            "AdministratorAccess",
            None,
            false,
        ));
        assert_eq!(t.rules, ["dev-admin"]);
        // An account outside the organisation matches no OU, name or root rule.
        denied(eval(
            &["Engineers"],
            "444444444444",
            "ReadOnly",
            None,
            false,
        ));
    }

    #[test]
    fn rules_pair_accounts_with_permission_sets() {
        // Engineers may have ReadOnly anywhere, AdministratorAccess only where a rule pairs it.
        allowed(eval(
            &["Engineers"],
            "222222222222",
            "ReadOnly",
            None,
            false,
        ));
        let why = denied(eval(
            &["Engineers"],
            "111111111111",
            "PowerUser",
            None,
            false,
        ));
        assert!(
            why.contains("no rule lets user:alice request PowerUser"),
            "{why}"
        );
    }

    #[test]
    fn every_matching_rule_must_be_satisfied() {
        let t = allowed(eval(
            &["Engineers"],
            "333333333333",
            "AdministratorAccess",
            Some(2),
            false,
        ));
        assert_eq!(t.mode, Mode::Required);
        // The strictest cap of all matching rules.
        assert_eq!(t.max_duration, SignedDuration::from_hours(2));
        assert_eq!(
            t.requirements,
            vec![
                Requirement {
                    rule: "prod-admin".into(),
                    approvers: vec![
                        "group:Security".parse().unwrap(),
                        "user:carol".parse().unwrap()
                    ],
                    count: 2
                },
                Requirement {
                    rule: "payments-extra".into(),
                    approvers: vec!["group:Payments".parse().unwrap()],
                    count: 1
                },
            ]
        );
        // A rule's own ticket requirement spreads to the request.
        assert!(t.ticket_required);
        let why = denied(eval(
            &["Engineers"],
            "333333333333",
            "AdministratorAccess",
            Some(3),
            false,
        ));
        assert!(why.contains("rule 'prod-admin' allows at most 2h"), "{why}");
    }

    #[test]
    fn auto_only_when_every_matching_rule_is_auto() {
        let t = allowed(eval(
            &["Engineers"],
            "111111111111",
            "ReadOnly",
            None,
            false,
        ));
        assert_eq!(t.mode, Mode::Auto);
        assert!(t.requirements.is_empty());
        // Global cap and default duration apply without a rule cap.
        assert_eq!(t.max_duration, SignedDuration::from_hours(8));
        assert_eq!(t.duration, SignedDuration::from_hours(1));
    }

    #[test]
    fn denies_win_over_every_rule_and_mode() {
        let why = denied(eval(
            &["Engineers", "Oncall"],
            "999999999999",
            "ReadOnly",
            None,
            false,
        ));
        assert!(
            why.contains("never-management") && why.contains("own runbook"),
            "{why}"
        );
        let why = denied(eval(
            &["Oncall"],
            "999999999999",
            "AdministratorAccess",
            None,
            true,
        ));
        assert!(why.contains("never-management"), "{why}");
        let why = denied(eval(
            &["Engineers", "Contractors"],
            "111111111111",
            "AdministratorAccess",
            None,
            false,
        ));
        assert!(why.contains("no-contractor-admin"), "{why}");
        // The contractor deny names only AdministratorAccess.
        allowed(eval(
            &["Engineers", "Contractors"],
            "111111111111",
            "ReadOnly",
            None,
            false,
        ));
    }

    #[test]
    fn break_glass_rules_apply_only_to_break_glass_requests() {
        let t = allowed(eval(
            &["Oncall"],
            "222222222222",
            "AdministratorAccess",
            None,
            true,
        ));
        assert_eq!(t.mode, Mode::BreakGlass);
        assert_eq!(t.rules, ["oncall-glass"]);
        assert_eq!(t.max_duration, SignedDuration::from_hours(1));
        let why = denied(eval(
            &["Oncall"],
            "222222222222",
            "AdministratorAccess",
            None,
            false,
        ));
        assert!(why.contains("--break-glass"), "{why}");
        let why = denied(eval(
            &["Engineers"],
            "222222222222",
            "AdministratorAccess",
            None,
            true,
        ));
        assert!(why.contains("without --break-glass"), "{why}");
    }

    #[test]
    fn users_named_directly_and_arns_match() {
        let acct = account("222222222222");
        let p = policy();
        let dana = Subject {
            kind: PrincipalKind::User,
            name: "dana",
            groups: &[],
        };
        let target = |name, arn| Target {
            account: &acct,
            permission_set_name: name,
            permission_set_arn: arn,
        };
        assert!(matches!(
            p.evaluate(dana, target("ReadOnly", "x"), None, false),
            Decision::Allowed(_)
        ));
        // A group principal never matches a rule that names only users.
        let group = Subject {
            kind: PrincipalKind::Group,
            name: "dana",
            groups: &[],
        };
        assert!(matches!(
            p.evaluate(group, target("ReadOnly", "x"), None, false),
            Decision::Denied(_)
        ));
        let by_arn = Policy::parse(
            "[[rule]]\nname = \"a\"\nprincipals = [\"*\"]\naccounts = [\"*\"]\npermission_sets = [\"arn:aws:sso:::permissionSet/ssoins-1/ps-view\"]\napproval = \"auto\"\n",
            "p",
        )
        .unwrap();
        assert!(matches!(
            by_arn.evaluate(
                dana,
                target("Renamed", "arn:aws:sso:::permissionSet/ssoins-1/ps-view"),
                None,
                false
            ),
            Decision::Allowed(_)
        ));
    }

    #[test]
    fn the_duration_cap_names_what_sets_it_for_evaluation_and_prompts_alike() {
        // prod-admin (2h) is the smallest cap of the rules that apply to prod-payments.
        let t = allowed(eval(
            &["Engineers"],
            "333333333333",
            "AdministratorAccess",
            None,
            false,
        ));
        assert_eq!(t.max_duration, SignedDuration::from_hours(2));
        assert_eq!(t.capped_by.as_deref(), Some("prod-admin"));
        let refused = check_duration(
            SignedDuration::from_hours(3),
            t.max_duration,
            t.capped_by.as_deref(),
        )
        .unwrap_err();
        let Decision::Denied(denied) = eval(
            &["Engineers"],
            "333333333333",
            "AdministratorAccess",
            Some(3),
            false,
        ) else {
            panic!("3h is over the cap");
        };
        assert_eq!(refused, denied);
        assert!(
            refused.starts_with("rule 'prod-admin' allows at most 2h"),
            "{refused}"
        );
        assert!(check_duration(t.max_duration, t.max_duration, None).is_ok());
        // Only the settings cap a rule without max_duration.
        let read = allowed(eval(
            &["Engineers"],
            "111111111111",
            "ReadOnly",
            None,
            false,
        ));
        assert_eq!(read.capped_by, None);
        assert!(
            check_duration(SignedDuration::from_hours(9), read.max_duration, None)
                .unwrap_err()
                .starts_with("settings.max_duration allows at most 8h")
        );
    }

    #[test]
    fn reasons_and_tickets() {
        let p = policy();
        assert!(p.check_reason("too short").is_err());
        assert!(p.check_reason("investigating INC-42 outage").is_ok());
        let t = allowed(eval(
            &["Engineers"],
            "333333333333",
            "AdministratorAccess",
            None,
            false,
        ));
        assert!(p.check_ticket(&t, None).unwrap_err().contains("--ticket"));
        assert!(p.check_ticket(&t, Some("INC-7")).is_ok());
        assert!(p.check_ticket(&t, Some("CHG-12")).is_ok());
        // The pattern must match the whole ticket.
        assert!(
            p.check_ticket(&t, Some("xINC-7"))
                .unwrap_err()
                .contains("(INC|CHG)-[0-9]+")
        );
        assert!(p.check_ticket(&t, Some("INC-7 and more")).is_err());
        // As a prompt asks, knowing only the rules and that they need a ticket.
        assert_eq!(
            p.check_ticket_for(true, &t.rules, None),
            p.check_ticket(&t, None)
        );
        assert!(p.check_ticket_for(true, &t.rules, Some("xINC-7")).is_err());
        assert!(p.check_ticket_for(false, &t.rules, None).is_ok());
        let lax = Policy::parse("[settings]\nreason_required = false\n", "p").unwrap();
        assert!(lax.check_reason("").is_ok());
    }

    #[test]
    fn approvers_match_by_user_or_group_and_count_per_requirement() {
        let approvers: Vec<PrincipalRef> = vec![
            "group:Approvers".parse().unwrap(),
            "user:carol".parse().unwrap(),
        ];
        assert!(is_listed(&approvers, "carol", &[]));
        assert!(is_listed(&approvers, "bob", &["Approvers".into()]));
        assert!(!is_listed(&approvers, "bob", &["Engineers".into()]));
        let t = allowed(eval(
            &["Engineers"],
            "333333333333",
            "AdministratorAccess",
            None,
            false,
        ));
        assert_eq!(
            counts_for(&t.requirements, "carol", &["Payments".into()]),
            ["prod-admin", "payments-extra"]
        );
        assert_eq!(
            counts_for(&t.requirements, "erin", &["Security".into()]),
            ["prod-admin"]
        );
        assert!(counts_for(&t.requirements, "zed", &[]).is_empty());
    }

    fn error_of(src: &str) -> PolicyError {
        Policy::parse(src, "policy.toml").unwrap_err()
    }

    const RULE: &str = "[[rule]]\nname = \"x\"\nprincipals = [\"user:a\"]\naccounts = [\"*\"]\npermission_sets = [\"*\"]\n";

    #[test]
    fn errors_name_line_column_and_the_fix() {
        let e = error_of("[settings]\nmax_duration = \"forever\"\n");
        assert_eq!((e.line, e.column), (2, 16), "{e}");
        assert!(e.message.contains("30m, 2h or 1h30m"), "{e}");

        let e = error_of(&format!(
            "{}approval = \"auto\"\n",
            RULE.replace("user:a", "alice")
        ));
        assert_eq!(e.line, 3, "{e}");
        assert!(e.message.contains("user:<name> or group:<name>"), "{e}");

        let e = error_of(&format!(
            "{}approval = \"auto\"\n",
            RULE.replace("[\"*\"]\npermission", "[\"12345\"]\npermission")
        ));
        assert_eq!(e.line, 4, "{e}");
        assert!(e.message.contains("12-digit account id"), "{e}");

        let e = error_of(&format!("{RULE}approval = \"required\"\n"));
        assert!(e.message.contains("approvers is empty"), "{e}");
        assert_eq!(e.line, 1, "{e}");

        let e = error_of("[settings]\nmax_durration = \"1h\"\n");
        assert!(e.message.contains("unknown field"), "{e}");
        assert_eq!(e.line, 2, "{e}");

        let e = error_of(&format!("{RULE}approval = \"sometimes\"\n"));
        assert_eq!(e.line, 6, "{e}");
        assert!(e.message.contains("break-glass"), "{e}");

        let e = error_of(&format!(
            "{RULE}approval = \"required\"\napprovers = [\"user:b\"]\napprovals_required = 2\n"
        ));
        assert!(e.message.contains("only 1 approver"), "{e}");

        let e = error_of(&format!(
            "{RULE}approval = \"auto\"\napprovals_required = 2\n"
        ));
        assert!(e.message.contains("has no effect"), "{e}");

        let e = error_of(&format!("{POLICY}\n[[deny]]\nname = \"dev-admin\"\n"));
        assert!(e.message.contains("same name"), "{e}");

        let e = error_of(&format!(
            "[settings]\nmax_duration = \"2h\"\n{RULE}max_duration = \"3h\"\napproval = \"auto\"\n"
        ));
        assert!(
            e.message.contains("longer than settings.max_duration"),
            "{e}"
        );

        let e = error_of("[settings]\nticket_pattern = \"(unclosed\"\n");
        assert_eq!(e.line, 2, "{e}");
        assert!(e.message.contains("regular expression"), "{e}");
    }

    #[test]
    fn targets_are_recognised() {
        let p = Policy::parse(
            "[[rule]]\nname = \"t\"\nprincipals = [\"*\"]\naccounts = [\"111111111111\", \"ou-ab12-cd34ef56\", \"r-ab12\", \"root\", \"prod-payments\", \"name:1234\"]\npermission_sets = [\"*\"]\napproval = \"auto\"\n",
            "p",
        )
        .unwrap();
        assert_eq!(
            p.rules[0].accounts,
            vec![
                TargetPattern::AccountId("111111111111".into()),
                TargetPattern::Ou("ou-ab12-cd34ef56".into()),
                TargetPattern::Root(Some("r-ab12".into())),
                TargetPattern::Root(None),
                TargetPattern::AccountName("prod-payments".into()),
                TargetPattern::AccountName("1234".into()),
            ]
        );
    }

    const UNPLACED_POLICY: &str = r#"
[[rule]]
name = "read-anywhere"
principals = ["group:Engineers"]
accounts = ["*"]
permission_sets = ["ReadOnly", "ViewOnly", "Billing"]
approval = "auto"

[[rule]]
name = "prod-admin"
principals = ["group:Engineers"]
accounts = ["ou-root-prodprod"]
permission_sets = ["AdministratorAccess"]
approval = "auto"

[[rule]]
name = "payments-billing"
principals = ["group:Engineers"]
accounts = ["name:prod-payments"]
permission_sets = ["Billing"]
approval = "required"
approvers = ["group:Payments"]

[[deny]]
name = "prod-frozen"
accounts = ["ou-root-prodprod"]
permission_sets = ["ReadOnly"]
reason = "change freeze"

[[deny]]
name = "no-contractors"
principals = ["group:Contractors"]
accounts = ["root"]

[[deny]]
name = "never-management"
accounts = ["999999999999"]
"#;

    /// Decides for alice, in `groups`, on `account`.
    fn decide_on(account: &Account, groups: &[&str], ps: &str) -> Decision {
        let groups: Vec<String> = groups.iter().map(|g| g.to_string()).collect();
        Policy::parse(UNPLACED_POLICY, "p.toml").unwrap().evaluate(
            Subject {
                kind: PrincipalKind::User,
                name: "alice",
                groups: &groups,
            },
            Target {
                account,
                permission_set_name: ps,
                permission_set_arn: &format!("arn:aws:sso:::permissionSet/ssoins-1/ps-{ps}"),
            },
            None,
            false,
        )
    }

    #[test]
    fn a_deny_that_cannot_be_evaluated_refuses() {
        // prod-payments, in the prod OU, when Organizations could not be read.
        let unplaced = Account::unplaced("333333333333");
        let why = denied(decide_on(&unplaced, &["Engineers"], "ReadOnly"));
        assert!(
            why.contains("deny 'prod-frozen' names ou-root-prodprod")
                && why.contains("333333333333")
                && why.contains("organizations:DescribeAccount")
                && why.contains("organizations:ListParents"),
            "{why}"
        );
        let why = denied(decide_on(
            &unplaced,
            &["Engineers", "Contractors"],
            "ViewOnly",
        ));
        assert!(why.contains("deny 'no-contractors' names root"), "{why}");
        // Known, the same decisions are made on the facts.
        let placed = account("333333333333");
        let why = denied(decide_on(&placed, &["Engineers"], "ReadOnly"));
        assert!(
            why.contains("'prod-frozen' excludes it: change freeze"),
            "{why}"
        );
        allowed(decide_on(
            &account("111111111111"),
            &["Engineers"],
            "ReadOnly",
        ));
        // A deny that names the account by id, or whose principal or permission set does not
        // match, is decided as usual.
        let why = denied(decide_on(
            &Account::unplaced("999999999999"),
            &["Engineers"],
            "ViewOnly",
        ));
        assert!(why.contains("'never-management' excludes it"), "{why}");
        let t = allowed(decide_on(&unplaced, &["Engineers"], "ViewOnly"));
        assert_eq!(t.rules, ["read-anywhere"]);
    }

    #[test]
    fn a_rule_that_cannot_be_evaluated_does_not_match_and_says_why() {
        let unplaced = Account::unplaced("333333333333");
        // Alone, it does not match: nothing allows the request, and the refusal says why.
        let why = denied(decide_on(&unplaced, &["Engineers"], "AdministratorAccess"));
        assert!(
            why.contains("no rule lets user:alice")
                && why.contains("rule 'prod-admin' names OUs")
                && why.contains("organizations:ListParents"),
            "{why}"
        );
        // Beside a rule that matches, it may hold the stricter conditions (here, approval by
        // Payments): granting on the other rule's terms alone would fail open.
        let why = denied(decide_on(&unplaced, &["Engineers"], "Billing"));
        assert!(
            why.contains("rule 'payments-billing' names") && why.contains("approvals"),
            "{why}"
        );
        let t = allowed(decide_on(
            &account("333333333333"),
            &["Engineers"],
            "Billing",
        ));
        assert_eq!(t.mode, Mode::Required);
        assert_eq!(t.rules, ["read-anywhere", "payments-billing"]);
    }

    #[test]
    fn version_follows_content() {
        let a = policy().version;
        let b = Policy::parse(&format!("{POLICY}\n# note\n"), "p")
            .unwrap()
            .version;
        assert_eq!(a.len(), 12);
        assert_ne!(a, b);
    }
}
