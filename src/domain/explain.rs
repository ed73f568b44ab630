//! Why a request is allowed or denied: the decision, and for every rule and deny which of its
//! conditions the request meets.

use jiff::SignedDuration;
use serde::Serialize;

use super::org::Account;
use super::policy::{
    Decision, Mode, ORG_UNREADABLE_FIX, Policy, Subject, Target, TargetPattern, Terms,
    principal_matches, unplaceable,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    pub name: String,
    /// A `[[deny]]` rather than a `[[rule]]`.
    pub deny: bool,
    pub principal: bool,
    /// The target pattern that matched the account, if any.
    pub account: Option<String>,
    /// When none matched: the targets that could not be evaluated, because the account's place
    /// in the organisation is unknown. Such a deny refuses the request, and such a rule, which
    /// may hold stricter conditions, does too.
    pub account_unknown: Vec<String>,
    pub permission_set: bool,
    /// The rule's approval mode (rules only).
    pub mode: Option<Mode>,
    /// The rule or deny takes part in the decision (an unknown account counts: it refuses).
    pub applies: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    pub principal: String,
    pub account: Account,
    pub permission_set: String,
    pub duration: Option<SignedDuration>,
    pub break_glass: bool,
    pub allowed: bool,
    /// Why not, when denied.
    pub denied_because: Option<String>,
    pub terms: Option<TermsView>,
    pub checks: Vec<Check>,
    pub policy_version: String,
}

/// `Terms`, as explain and eligible show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TermsView {
    pub mode: Mode,
    pub duration: SignedDuration,
    pub max_duration: SignedDuration,
    pub requirements: Vec<super::policy::Requirement>,
    pub ticket_required: bool,
    pub rules: Vec<String>,
}

impl From<&Terms> for TermsView {
    fn from(t: &Terms) -> TermsView {
        TermsView {
            mode: t.mode,
            duration: t.duration,
            max_duration: t.max_duration,
            requirements: t.requirements.clone(),
            ticket_required: t.ticket_required,
            rules: t.rules.clone(),
        }
    }
}

pub fn explain(
    policy: &Policy,
    subject: Subject,
    target: Target,
    duration: Option<SignedDuration>,
    break_glass: bool,
) -> Explanation {
    let decision = policy.evaluate(subject, target, duration, break_glass);
    let mut checks = Vec::new();
    // The account condition: the target that covers it, or else those that cannot be told to.
    let account_of =
        |targets: &[TargetPattern]| match targets.iter().find(|a| a.matches(target.account)) {
            Some(a) => (Some(a.to_string()), Vec::new()),
            None => (None, unplaceable(targets, target.account)),
        };
    for d in &policy.denies {
        let principal = principal_matches(&d.principals, subject);
        let (account, account_unknown) = account_of(&d.accounts);
        let permission_set = d
            .permission_sets
            .iter()
            .any(|p| p.matches(target.permission_set_name, target.permission_set_arn));
        checks.push(Check {
            name: d.name.clone(),
            deny: true,
            applies: principal
                && (account.is_some() || !account_unknown.is_empty())
                && permission_set,
            principal,
            account,
            account_unknown,
            permission_set,
            mode: None,
        });
    }
    for r in &policy.rules {
        let principal = principal_matches(&r.principals, subject);
        let (account, account_unknown) = account_of(&r.accounts);
        let permission_set = r
            .permission_sets
            .iter()
            .any(|p| p.matches(target.permission_set_name, target.permission_set_arn));
        let family = (r.approval == Mode::BreakGlass) == break_glass;
        checks.push(Check {
            name: r.name.clone(),
            deny: false,
            applies: principal
                && (account.is_some() || !account_unknown.is_empty())
                && permission_set
                && family,
            principal,
            account,
            account_unknown,
            permission_set,
            mode: Some(r.approval),
        });
    }
    let (allowed, denied_because, terms) = match &decision {
        Decision::Allowed(t) => (true, None, Some(TermsView::from(t))),
        Decision::Denied(why) => (false, Some(why.clone()), None),
    };
    Explanation {
        principal: format!("{}:{}", subject.kind.as_str(), subject.name),
        account: target.account.clone(),
        permission_set: target.permission_set_name.to_string(),
        duration,
        break_glass,
        allowed,
        denied_because,
        terms,
        checks,
        policy_version: policy.version.clone(),
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

impl std::fmt::Display for Explanation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use super::duration::format_duration;
        let account = if self.account.name.is_empty() {
            self.account.id.clone()
        } else {
            format!("{} ({})", self.account.id, self.account.name)
        };
        let glass = if self.break_glass {
            " as break-glass"
        } else {
            ""
        };
        match (&self.terms, &self.denied_because) {
            (Some(t), _) => {
                writeln!(
                    f,
                    "ALLOWED: {} may request {} on {account}{glass} for {} (at most {})",
                    self.principal,
                    self.permission_set,
                    format_duration(t.duration),
                    format_duration(t.max_duration)
                )?;
                match t.mode {
                    Mode::Required => {
                        writeln!(f, "  approval: required; every line below must be met")?;
                        for r in &t.requirements {
                            let who: Vec<String> =
                                r.approvers.iter().map(|a| a.to_string()).collect();
                            writeln!(
                                f,
                                "    rule '{}': {} distinct approval(s) from {}",
                                r.rule,
                                r.count,
                                who.join(", ")
                            )?;
                        }
                        writeln!(
                            f,
                            "    (never the requester, nor whoever receives the access)"
                        )?;
                    }
                    Mode::Auto => writeln!(f, "  approval: none (auto): granted at once")?,
                    Mode::BreakGlass => writeln!(
                        f,
                        "  approval: none (break-glass): granted at once, reviewed afterwards"
                    )?,
                }
                writeln!(
                    f,
                    "  ticket: {}",
                    if t.ticket_required {
                        "required"
                    } else {
                        "not required"
                    }
                )?;
                writeln!(f, "  rules applying: {}", t.rules.join(", "))?;
            }
            (None, Some(why)) => {
                writeln!(
                    f,
                    "DENIED: {} may not request {} on {account}{glass}",
                    self.principal, self.permission_set
                )?;
                writeln!(f, "  why: {why}")?;
            }
            (None, None) => {}
        }
        if !self.account.place_known {
            writeln!(
                f,
                "  account path: unknown, AWS Organizations could not be read: a rule naming OUs, the root or account names cannot match it, and such a rule or deny that could apply refuses the request. To decide them, {ORG_UNREADABLE_FIX}"
            )?;
        } else if !self.account.path.is_empty() {
            writeln!(f, "  account path: {}", self.account.path.join(" < "))?;
        }
        writeln!(f, "  policy version: {}", self.policy_version)?;
        if self.checks.is_empty() {
            return Ok(());
        }
        let width = self
            .checks
            .iter()
            .map(|c| c.name.len() + 5)
            .max()
            .unwrap_or(4)
            .max(4);
        let account_cell = |c: &Check| match (&c.account, c.account_unknown.first()) {
            (Some(a), _) => format!("yes ({a})"),
            (None, Some(a)) => format!("unknown ({a})"),
            (None, None) => "no".to_string(),
        };
        let account_width = self
            .checks
            .iter()
            .map(|c| account_cell(c).chars().count())
            .max()
            .unwrap_or(0)
            .max(24);
        writeln!(
            f,
            "  {:<width$}  {:<9}  {:<account_width$}  {:<14}  {:<11}  applies",
            "rule", "principal", "account", "permission set", "mode"
        )?;
        for c in &self.checks {
            let name = format!("{} {}", if c.deny { "deny" } else { "rule" }, c.name);
            let mode = c.mode.map_or("-".to_string(), |m| m.to_string());
            writeln!(
                f,
                "  {:<width$}  {:<9}  {:<account_width$}  {:<14}  {:<11}  {}",
                name,
                yes_no(c.principal),
                account_cell(c),
                yes_no(c.permission_set),
                mode,
                yes_no(c.applies)
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::principal::PrincipalKind;

    const POLICY: &str = r#"
[settings]
max_duration = "8h"
[[rule]]
name = "prod-admin"
principals = ["group:Engineers"]
accounts = ["ou-root-prodprod"]
permission_sets = ["AdministratorAccess"]
max_duration = "2h"
approval = "required"
approvers = ["group:Security", "user:carol"]
approvals_required = 2
[[rule]]
name = "payments"
principals = ["group:Engineers"]
accounts = ["name:prod-payments"]
permission_sets = ["*"]
approval = "required"
approvers = ["group:Payments"]
[[rule]]
name = "glass"
principals = ["group:Oncall"]
accounts = ["*"]
permission_sets = ["AdministratorAccess"]
approval = "break-glass"
[[deny]]
name = "no-contractors"
principals = ["group:Contractors"]
reason = "contractors use their own accounts"
"#;

    fn render(groups: &[&str], hours: Option<i64>) -> String {
        let policy = Policy::parse(POLICY, "policy.toml").unwrap();
        let groups: Vec<String> = groups.iter().map(|g| g.to_string()).collect();
        let account = Account::placed(
            "333333333333",
            "prod-payments",
            vec![
                "ou-root-paypaypa".into(),
                "ou-root-prodprod".into(),
                "r-root".into(),
            ],
        );
        explain(
            &policy,
            Subject {
                kind: PrincipalKind::User,
                name: "alice",
                groups: &groups,
            },
            Target {
                account: &account,
                permission_set_name: "AdministratorAccess",
                permission_set_arn: "arn:aws:sso:::permissionSet/ssoins-1/ps-1",
            },
            hours.map(SignedDuration::from_hours),
            false,
        )
        .to_string()
        .replace(&policy.version, "<version>")
    }

    fn snapshot(name: &str, actual: &str) {
        crate::domain::snapshot(&format!("{name}.txt"), actual);
    }

    #[test]
    fn explains_an_allowed_request_with_two_requirements() {
        snapshot("explain_allowed", &render(&["Engineers"], Some(1)));
    }

    #[test]
    fn explains_a_deny() {
        snapshot(
            "explain_denied_by_deny",
            &render(&["Engineers", "Contractors"], None),
        );
    }

    #[test]
    fn explains_a_duration_cap() {
        snapshot("explain_too_long", &render(&["Engineers"], Some(3)));
    }

    #[test]
    fn explains_an_account_whose_place_is_unknown() {
        let policy = Policy::parse(
            &format!(
                "{POLICY}[[deny]]\nname = \"prod-frozen\"\naccounts = [\"ou-root-prodprod\"]\npermission_sets = [\"ReadOnly\"]\n"
            ),
            "policy.toml",
        )
        .unwrap();
        let account = Account::unplaced("333333333333");
        let explain_for = |ps: &str| {
            let groups = vec!["Engineers".to_string()];
            explain(
                &policy,
                Subject {
                    kind: PrincipalKind::User,
                    name: "alice",
                    groups: &groups,
                },
                Target {
                    account: &account,
                    permission_set_name: ps,
                    permission_set_arn: "arn:aws:sso:::permissionSet/ssoins-1/ps-1",
                },
                None,
                false,
            )
        };
        // Rules naming an OU or an account name do not match; the explanation says why.
        let e = explain_for("AdministratorAccess");
        let text = e.to_string();
        assert!(!e.allowed, "{text}");
        assert!(
            text.contains("account path: unknown")
                && text.contains("organizations:DescribeAccount")
                && text.contains("rules 'prod-admin', 'payments' name OUs"),
            "{text}"
        );
        let row = |name: &str| {
            text.lines()
                .find(|l| l.trim_start().starts_with(name))
                .unwrap_or_else(|| panic!("no row {name}: {text}"))
                .to_string()
        };
        assert!(
            row("rule prod-admin").contains("unknown (ou-root-prodprod)"),
            "{text}"
        );
        assert!(
            row("rule payments").contains("unknown (name:prod-payments)"),
            "{text}"
        );
        // A deny that could apply cannot be skipped: it refuses, and is shown applying.
        let e = explain_for("ReadOnly");
        let text = e.to_string();
        assert!(
            e.denied_because
                .as_deref()
                .is_some_and(|w| w.contains("deny 'prod-frozen' names ou-root-prodprod")),
            "{text}"
        );
        let deny = e.checks.iter().find(|c| c.name == "prod-frozen").unwrap();
        assert!(deny.applies && deny.account.is_none(), "{deny:?}");
        assert_eq!(deny.account_unknown, ["ou-root-prodprod"]);
        assert!(text.contains("unknown (ou-root-prodprod)"), "{text}");
    }

    #[test]
    fn explains_break_glass_only() {
        snapshot("explain_break_glass_only", &render(&["Oncall"], None));
    }
}
