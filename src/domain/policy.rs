//! Policy as code: who may request what, for how long, and who approves.
//!
//! This is the first slice of the engine: rules are read in file order and the first rule whose
//! principals, accounts and permission sets all match decides. Values are validated while the
//! TOML is read, so every error names its line and column.

use std::fmt;

use jiff::SignedDuration;
use serde::{Deserialize, Deserializer};
use sha2::{Digest, Sha256};

use super::duration::{format_duration, parse_duration};
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

/// An account id, or `*` for every account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountPattern {
    Any,
    Id(String),
}

impl<'de> Deserialize<'de> for AccountPattern {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s == "*" {
            return Ok(AccountPattern::Any);
        }
        if s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(AccountPattern::Id(s));
        }
        Err(serde::de::Error::custom(format!(
            "'{s}' is not an account: write a 12-digit account id, or \"*\" for every account"
        )))
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ApprovalMode {
    /// A distinct approver (or `approvals_required` of them) must say yes.
    Required,
}

impl fmt::Display for ApprovalMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApprovalMode::Required => f.write_str("required"),
        }
    }
}

fn default_max() -> PolicyDuration {
    PolicyDuration(SignedDuration::from_hours(12))
}
fn default_default() -> PolicyDuration {
    PolicyDuration(SignedDuration::from_hours(1))
}
fn default_reason_min() -> usize {
    1
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
    /// Used when a request gives no `--duration` (capped by the rule's maximum).
    #[serde(default = "default_default")]
    pub default_duration: PolicyDuration,
    /// Reasons shorter than this (in characters, trimmed) are refused.
    #[serde(default = "default_reason_min")]
    pub reason_min_length: usize,
    #[serde(default)]
    pub ticket_required: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            max_duration: default_max(),
            default_duration: default_default(),
            reason_min_length: default_reason_min(),
            ticket_required: false,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub name: String,
    pub principals: Vec<PrincipalRef>,
    pub accounts: Vec<AccountPattern>,
    pub permission_sets: Vec<PermissionSetPattern>,
    pub max_duration: Option<PolicyDuration>,
    pub approval: ApprovalMode,
    #[serde(default)]
    pub approvers: Vec<PrincipalRef>,
    #[serde(default = "one")]
    pub approvals_required: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    settings: Settings,
    #[serde(default, rename = "rule")]
    rules: Vec<toml::Spanned<Rule>>,
}

#[derive(Debug, Clone)]
pub struct Policy {
    pub settings: Settings,
    pub rules: Vec<Rule>,
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

fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let before = &src[..offset.min(src.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
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
    pub account_id: &'a str,
    pub permission_set_name: &'a str,
    pub permission_set_arn: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allowed {
    pub rule: String,
    pub duration: SignedDuration,
    pub max_duration: SignedDuration,
    pub approval: ApprovalMode,
    pub approvers: Vec<PrincipalRef>,
    pub approvals_required: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Allowed(Allowed),
    Denied(String),
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
        if settings.default_duration.0 > settings.max_duration.0 {
            return Err(err_at(
                0,
                format!(
                    "settings.default_duration ({}) is longer than settings.max_duration ({}): lower it",
                    format_duration(settings.default_duration.0),
                    format_duration(settings.max_duration.0)
                ),
            ));
        }
        let mut names = std::collections::HashSet::new();
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
                return fail("another rule has the same name: rule names must be unique".into());
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
            if rule.approval == ApprovalMode::Required {
                if rule.approvers.is_empty() {
                    return fail(
                        "approval is required but approvers is empty: list users or groups".into(),
                    );
                }
                if rule.approvals_required == 0 {
                    return fail("approvals_required must be at least 1".into());
                }
                let only_users = rule.approvers.iter().all(|a| a.kind == PrincipalKind::User);
                if only_users && rule.approvals_required as usize > rule.approvers.len() {
                    return fail(format!(
                        "approvals_required is {} but only {} approver(s) are listed",
                        rule.approvals_required,
                        rule.approvers.len()
                    ));
                }
            }
            rules.push(rule);
        }
        let version = hex::encode(&Sha256::digest(src.as_bytes())[..6]);
        Ok(Policy {
            settings,
            rules,
            version,
        })
    }

    /// Whether `subject` may have `target` for `duration` (or the default duration), and on
    /// what terms.
    pub fn evaluate(
        &self,
        subject: Subject,
        target: Target,
        duration: Option<SignedDuration>,
    ) -> Decision {
        let Some(rule) = self.rules.iter().find(|r| r.matches(subject, target)) else {
            return Decision::Denied(format!(
                "no rule lets {}:{} request {} on account {}",
                subject.kind.as_str(),
                subject.name,
                target.permission_set_name,
                target.account_id
            ));
        };
        let max = rule
            .max_duration
            .map_or(self.settings.max_duration.0, |d| d.0)
            .min(self.settings.max_duration.0);
        let duration = duration.unwrap_or_else(|| self.settings.default_duration.0.min(max));
        if duration > max {
            return Decision::Denied(format!(
                "rule '{}' allows at most {}; {} was asked for: ask for {} or less",
                rule.name,
                format_duration(max),
                format_duration(duration),
                format_duration(max)
            ));
        }
        Decision::Allowed(Allowed {
            rule: rule.name.clone(),
            duration,
            max_duration: max,
            approval: rule.approval,
            approvers: rule.approvers.clone(),
            approvals_required: rule.approvals_required,
        })
    }

    pub fn check_reason(&self, reason: &str) -> Result<(), String> {
        let len = reason.trim().chars().count();
        let min = self.settings.reason_min_length;
        if len < min {
            return Err(format!(
                "the reason is {len} character(s); policy asks for at least {min}: say what you will do and why"
            ));
        }
        Ok(())
    }

    pub fn check_ticket(&self, ticket: Option<&str>) -> Result<(), String> {
        if self.settings.ticket_required && ticket.is_none_or(|t| t.trim().is_empty()) {
            return Err("policy requires a ticket: pass --ticket <id>".into());
        }
        Ok(())
    }
}

impl Rule {
    fn matches(&self, subject: Subject, target: Target) -> bool {
        let principal = self
            .principals
            .iter()
            .any(|p| match (p.kind, subject.kind) {
                (PrincipalKind::User, PrincipalKind::User) => p.name == subject.name,
                (PrincipalKind::Group, PrincipalKind::Group) => p.name == subject.name,
                (PrincipalKind::Group, PrincipalKind::User) => subject.groups.contains(&p.name),
                (PrincipalKind::User, PrincipalKind::Group) => false,
            });
        let account = self.accounts.iter().any(|a| match a {
            AccountPattern::Any => true,
            AccountPattern::Id(id) => id == target.account_id,
        });
        let permission_set = self.permission_sets.iter().any(|p| match p {
            PermissionSetPattern::Any => true,
            PermissionSetPattern::Arn(arn) => arn == target.permission_set_arn,
            PermissionSetPattern::Name(n) => n == target.permission_set_name,
        });
        principal && account && permission_set
    }
}

/// Whether a user is one of `approvers`, directly or through a group.
pub fn is_listed(approvers: &[PrincipalRef], user_name: &str, group_names: &[String]) -> bool {
    approvers.iter().any(|a| match a.kind {
        PrincipalKind::User => a.name == user_name,
        PrincipalKind::Group => group_names.contains(&a.name),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: &str = r#"
[settings]
max_duration = "8h"
default_duration = "1h"
reason_min_length = 10

[[rule]]
name = "dev-admin"
principals = ["group:Engineers", "user:dana"]
accounts = ["111111111111"]
permission_sets = ["AdministratorAccess"]
max_duration = "4h"
approval = "required"
approvers = ["group:Approvers"]

[[rule]]
name = "read-anywhere"
principals = ["group:Engineers"]
accounts = ["*"]
permission_sets = ["ReadOnly", "arn:aws:sso:::permissionSet/ssoins-1/ps-view"]
approval = "required"
approvers = ["user:carol", "user:erin"]
approvals_required = 2
"#;

    fn engineer() -> Vec<String> {
        vec!["Engineers".to_string()]
    }

    fn target<'a>(account: &'a str, ps: &'a str) -> Target<'a> {
        Target {
            account_id: account,
            permission_set_name: ps,
            permission_set_arn: "arn:aws:sso:::permissionSet/ssoins-1/ps-x",
        }
    }

    fn user<'a>(name: &'a str, groups: &'a [String]) -> Subject<'a> {
        Subject {
            kind: PrincipalKind::User,
            name,
            groups,
        }
    }

    #[test]
    fn first_matching_rule_decides_with_its_terms() {
        let p = Policy::parse(POLICY, "policy.toml").unwrap();
        let groups = engineer();
        let Decision::Allowed(a) = p.evaluate(
            user("alice", &groups),
            target("111111111111", "AdministratorAccess"),
            None,
        ) else {
            panic!("denied")
        };
        assert_eq!(a.rule, "dev-admin");
        assert_eq!(a.duration, SignedDuration::from_hours(1));
        assert_eq!(a.max_duration, SignedDuration::from_hours(4));
        assert_eq!(a.approvals_required, 1);

        let Decision::Allowed(r) = p.evaluate(
            user("alice", &groups),
            target("222222222222", "ReadOnly"),
            None,
        ) else {
            panic!("denied")
        };
        assert_eq!(r.rule, "read-anywhere");
        assert_eq!(r.approvals_required, 2);
        // No rule max: the global max applies.
        assert_eq!(r.max_duration, SignedDuration::from_hours(8));
    }

    #[test]
    fn users_named_directly_match_and_arns_match_permission_sets() {
        let p = Policy::parse(POLICY, "p").unwrap();
        assert!(matches!(
            p.evaluate(
                user("dana", &[]),
                target("111111111111", "AdministratorAccess"),
                None
            ),
            Decision::Allowed(_)
        ));
        let groups = engineer();
        let by_arn = Target {
            account_id: "333333333333",
            permission_set_name: "Renamed",
            permission_set_arn: "arn:aws:sso:::permissionSet/ssoins-1/ps-view",
        };
        assert!(matches!(
            p.evaluate(user("x", &groups), by_arn, None),
            Decision::Allowed(_)
        ));
    }

    #[test]
    fn denies_unknown_principals_accounts_sets_and_long_durations() {
        let p = Policy::parse(POLICY, "p").unwrap();
        let groups = engineer();
        for (subject, t) in [
            (
                user("mallory", &[]),
                target("111111111111", "AdministratorAccess"),
            ),
            (
                user("alice", &groups),
                target("999999999999", "AdministratorAccess"),
            ),
            (user("alice", &groups), target("111111111111", "PowerUser")),
        ] {
            assert!(matches!(p.evaluate(subject, t, None), Decision::Denied(_)));
        }
        let Decision::Denied(why) = p.evaluate(
            user("alice", &groups),
            target("111111111111", "AdministratorAccess"),
            Some(SignedDuration::from_hours(5)),
        ) else {
            panic!("allowed")
        };
        assert!(why.contains("at most 4h"), "{why}");
        // A group principal does not match a rule naming only users.
        let group = Subject {
            kind: PrincipalKind::Group,
            name: "dana",
            groups: &[],
        };
        assert!(matches!(
            p.evaluate(group, target("111111111111", "AdministratorAccess"), None),
            Decision::Denied(_)
        ));
    }

    #[test]
    fn reason_and_ticket_rules() {
        let p = Policy::parse(POLICY, "p").unwrap();
        assert!(p.check_reason("  short  ").is_err());
        assert!(p.check_reason("investigating INC-42 outage").is_ok());
        assert!(p.check_ticket(None).is_ok());
        let strict = Policy::parse("[settings]\nticket_required = true\n", "p").unwrap();
        assert!(strict.check_ticket(None).is_err());
        assert!(strict.check_ticket(Some(" ")).is_err());
        assert!(strict.check_ticket(Some("INC-1")).is_ok());
    }

    #[test]
    fn approvers_match_by_user_or_group() {
        let approvers: Vec<PrincipalRef> = vec![
            "group:Approvers".parse().unwrap(),
            "user:carol".parse().unwrap(),
        ];
        assert!(is_listed(&approvers, "carol", &[]));
        assert!(is_listed(&approvers, "bob", &["Approvers".into()]));
        assert!(!is_listed(&approvers, "bob", &["Engineers".into()]));
    }

    fn error_of(src: &str) -> PolicyError {
        Policy::parse(src, "policy.toml").unwrap_err()
    }

    #[test]
    fn errors_name_line_column_and_the_fix() {
        let e = error_of("[settings]\nmax_duration = \"forever\"\n");
        assert_eq!((e.line, e.column), (2, 16), "{e}");
        assert!(e.message.contains("30m, 2h or 1h30m"), "{e}");

        let e = error_of(
            "[[rule]]\nname = \"x\"\nprincipals = [\"alice\"]\naccounts = [\"*\"]\npermission_sets = [\"*\"]\napproval = \"required\"\napprovers = [\"user:b\"]\n",
        );
        assert_eq!(e.line, 3, "{e}");
        assert!(e.message.contains("user:<name> or group:<name>"), "{e}");

        let e = error_of(
            "[[rule]]\nname = \"x\"\nprincipals = [\"user:a\"]\naccounts = [\"12345\"]\npermission_sets = [\"*\"]\napproval = \"required\"\napprovers = [\"user:b\"]\n",
        );
        assert_eq!(e.line, 4, "{e}");
        assert!(e.message.contains("12-digit"), "{e}");

        let e = error_of(
            "[[rule]]\nname = \"x\"\nprincipals = [\"user:a\"]\naccounts = [\"*\"]\npermission_sets = [\"*\"]\napproval = \"required\"\n",
        );
        assert!(e.message.contains("approvers is empty"), "{e}");
        assert_eq!(e.line, 1, "{e}");

        let e = error_of("[settings]\nmax_durration = \"1h\"\n");
        assert!(e.message.contains("unknown field"), "{e}");
        assert_eq!(e.line, 2, "{e}");

        let e = error_of(
            "[[rule]]\nname = \"x\"\nprincipals = [\"user:a\"]\naccounts = [\"*\"]\npermission_sets = [\"*\"]\napproval = \"sometimes\"\napprovers = [\"user:b\"]\n",
        );
        assert_eq!(e.line, 6, "{e}");

        let two = "[[rule]]\nname = \"x\"\nprincipals = [\"user:a\"]\naccounts = [\"*\"]\npermission_sets = [\"*\"]\napproval = \"required\"\napprovers = [\"user:b\"]\napprovals_required = 2\n";
        assert!(error_of(two).message.contains("only 1 approver"));

        let dup = format!(
            "{}\n{}",
            POLICY,
            "[[rule]]\nname = \"dev-admin\"\nprincipals = [\"user:a\"]\naccounts = [\"*\"]\npermission_sets = [\"*\"]\napproval = \"required\"\napprovers = [\"user:b\"]\n"
        );
        assert!(error_of(&dup).message.contains("same name"));

        let long = "[settings]\nmax_duration = \"2h\"\n[[rule]]\nname = \"x\"\nprincipals = [\"user:a\"]\naccounts = [\"*\"]\npermission_sets = [\"*\"]\nmax_duration = \"3h\"\napproval = \"required\"\napprovers = [\"user:b\"]\n";
        assert!(
            error_of(long)
                .message
                .contains("longer than settings.max_duration")
        );
    }

    #[test]
    fn version_follows_content() {
        let a = Policy::parse(POLICY, "p").unwrap().version;
        let b = Policy::parse(&format!("{POLICY}\n# note\n"), "p")
            .unwrap()
            .version;
        assert_eq!(a.len(), 12);
        assert_ne!(a, b);
    }
}
