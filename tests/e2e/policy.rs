//! The policy engine end to end: OU inheritance from a real organisation, eligibility from real
//! group memberships, auto-approval, N-of-M, refusals that write nothing, and policy versions.

use serde_json::Value;

use crate::harness::{Org, json, snapshot, stderr_of};

const POLICY: &str = r#"
[settings]
max_duration = "8h"
reason_min_length = 5

# ReadOnly anywhere under Workloads (dev, and prod two levels down), without approval.
[[rule]]
name = "workloads-readonly"
principals = ["group:Engineers"]
accounts = ["{workloads_ou}"]
permission_sets = ["ReadOnlyAccess"]
approval = "auto"

# AdministratorAccess only in Prod, by two distinct approvers.
[[rule]]
name = "prod-admin"
principals = ["group:Engineers"]
accounts = ["{prod_ou}"]
permission_sets = ["AdministratorAccess"]
max_duration = "2h"
approval = "required"
approvers = ["group:Approvers"]
approvals_required = 2

[[deny]]
name = "never-management"
accounts = ["{management}"]
reason = "use the management account's own runbook"
"#;

fn org() -> Org {
    let org = Org::new();
    org.write_policy(POLICY);
    org
}

fn pairs(v: &Value) -> Vec<(String, String, String)> {
    let mut out: Vec<_> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["account_name"].as_str().unwrap().to_string(),
                r["permission_set"].as_str().unwrap().to_string(),
                r["mode"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn eligibility_follows_ou_inheritance_and_real_group_membership() {
    let org = org();
    let alice = json(org.elevate("alice").args(["eligible"]));
    let s = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
    assert_eq!(
        pairs(&alice),
        [
            s("dev", "ReadOnlyAccess", "auto"),
            s("prod", "AdministratorAccess", "required"),
            s("prod", "ReadOnlyAccess", "auto"),
        ]
    );
    let admin = alice
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["permission_set"] == "AdministratorAccess")
        .unwrap();
    assert_eq!(admin["max_duration"], "PT2H");
    assert_eq!(admin["approvals"][0]["count"], 2);
    // erin is only in Release: nothing.
    assert!(
        json(org.elevate("erin").args(["eligible"]))
            .as_array()
            .unwrap()
            .is_empty()
    );
    // Filters.
    let only = json(org.elevate("alice").args(["eligible", "--account", "dev"]));
    assert_eq!(pairs(&only), [s("dev", "ReadOnlyAccess", "auto")]);
}

#[test]
fn an_auto_rule_grants_at_once() {
    let org = org();
    let req = json(org.elevate("alice").args([
        "request",
        "--account",
        "dev",
        "--permission-set",
        "ReadOnlyAccess",
        "--duration",
        "30m",
        "--reason",
        "read the deploy logs",
    ]));
    assert_eq!(req["status"], "active");
    assert_eq!(req["mode"], "auto");
    assert_eq!(
        org.assignments(&org.dev(), "ReadOnlyAccess"),
        [("USER".to_string(), org.user_id("alice"))]
    );
    let id = req["id"].as_str().unwrap();
    let shown = json(org.elevate("alice").args(["show", id]));
    let kinds: Vec<&str> = shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["requested", "auto_approved", "grant_started", "granted"]
    );
}

#[test]
fn n_of_m_grants_on_the_second_distinct_approval() {
    let org = org();
    let prod = org.target("prod");
    let req = json(org.elevate("alice").args([
        "request",
        "-a",
        &prod,
        "-p",
        "AdministratorAccess",
        "-d",
        "1h",
        "-r",
        "migrate the payments db",
    ]));
    let id = req["id"].as_str().unwrap();
    let first = json(org.elevate("bob").args(["approve", id]));
    assert_eq!(first["status"], "pending");
    assert!(org.assignments(&prod, "AdministratorAccess").is_empty());
    let out = org.elevate("bob").args(["approve", id]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("once per person"),
        "{}",
        stderr_of(&out)
    );
    let second = json(org.elevate("carol").args(["approve", id]));
    assert_eq!(second["status"], "active");
    assert_eq!(org.assignments(&prod, "AdministratorAccess").len(), 1);
}

#[test]
fn an_ineligible_request_is_refused_with_the_explanation_and_nothing_is_written() {
    let org = org();
    let dev = org.dev();
    let out = org
        .elevate("alice")
        .args([
            "request",
            "-a",
            &dev,
            "-p",
            "AdministratorAccess",
            "-r",
            "just because",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = stderr_of(&out);
    assert!(
        err.contains("DENIED: user:alice may not request AdministratorAccess"),
        "{err}"
    );
    assert!(err.contains("rule prod-admin"), "{err}");
    // Too long for the prod rule.
    let prod = org.target("prod");
    let out = org
        .elevate("alice")
        .args([
            "request",
            "-a",
            &prod,
            "-p",
            "AdministratorAccess",
            "-d",
            "3h",
            "-r",
            "too long a window",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr_of(&out).contains("allows at most 2h"),
        "{}",
        stderr_of(&out)
    );
    // The management account is denied outright.
    let mgmt = org.account();
    let out = org
        .elevate("alice")
        .args([
            "request",
            "-a",
            &mgmt,
            "-p",
            "ReadOnlyAccess",
            "-r",
            "look around",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr_of(&out).contains("never-management"),
        "{}",
        stderr_of(&out)
    );
    assert!(
        json(org.elevate("bob").args(["list", "--all"]))
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn explain_shows_the_decision_and_every_rule() {
    let org = org();
    let out = org
        .elevate("bob")
        .args([
            "policy",
            "explain",
            "--principal",
            "user:alice",
            "--account",
            "prod",
            "--permission-set",
            "AdministratorAccess",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    // The decision, the account's path, and every rule with what it asks for.
    let text = String::from_utf8_lossy(&out.stdout);
    snapshot("policy-explain.txt", &org.masked(&text));
    let denied = json(org.elevate("bob").args([
        "policy",
        "explain",
        "--principal",
        "user:erin",
        "--account",
        "dev",
        "--permission-set",
        "ReadOnlyAccess",
    ]));
    assert_eq!(denied["allowed"], false);
    assert!(
        denied["denied_because"]
            .as_str()
            .unwrap()
            .contains("no rule lets user:erin")
    );
}

#[test]
fn check_reports_unknown_names_where_they_are() {
    let org = org();
    std::fs::write(
        org.policy_path(),
        "[[rule]]\nname = \"typos\"\nprincipals = [\"group:Enginers\"]\naccounts = [\"*\"]\npermission_sets = [\"AdminAccess\"]\napproval = \"auto\"\n",
    )
    .unwrap();
    let out = org
        .elevate("bob")
        .args(["policy", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let path = org.policy_path().display().to_string();
    assert!(
        stdout.contains(&format!("{path}:3:15: there is no group 'Enginers'")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "{path}:5:20: there is no permission set 'AdminAccess'"
        )),
        "{stdout}"
    );
    // Offline, only the file itself is checked.
    org.elevate("bob")
        .args(["policy", "check", "--offline"])
        .assert()
        .success();
}

#[test]
fn applied_versions_are_kept_and_decide() {
    let org = org();
    let applied = json(org.elevate("bob").args(["policy", "apply"]));
    assert_eq!(applied["number"], 1);
    assert_eq!(applied["applied_by"], "user:bob");
    // Applying the same text again stores nothing.
    assert_eq!(
        json(org.elevate("bob").args(["policy", "apply"]))["number"],
        1
    );

    let changed = std::fs::read_to_string(org.policy_path())
        .unwrap()
        .replace("max_duration = \"2h\"", "max_duration = \"3h\"");
    std::fs::write(org.policy_path(), &changed).unwrap();
    let out = org
        .elevate("bob")
        .args(["policy", "diff"])
        .output()
        .unwrap();
    let diff = String::from_utf8_lossy(&out.stdout);
    assert!(
        diff.contains("-max_duration = \"2h\"") && diff.contains("+max_duration = \"3h\""),
        "{diff}"
    );
    assert_eq!(
        json(org.elevate("bob").args(["policy", "apply"]))["number"],
        2
    );
    assert_eq!(
        json(org.elevate("bob").args(["policy", "history"]))
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let v1 = json(
        org.elevate("bob")
            .args(["policy", "show", "--version", "1"]),
    );
    assert!(
        v1["text"]
            .as_str()
            .unwrap()
            .contains("max_duration = \"2h\"")
    );

    // The ledger's policy decides, whatever the local file now says.
    std::fs::write(org.policy_path(), "this is not toml").unwrap();
    let prod = org.target("prod");
    let req = json(org.elevate("alice").args([
        "request",
        "-a",
        &prod,
        "-p",
        "AdministratorAccess",
        "-d",
        "3h",
        "-r",
        "long migration window",
    ]));
    assert_eq!(req["status"], "pending");
    assert_eq!(req["policy_version"], v1_hash_of(&org, 2));
}

fn v1_hash_of(org: &Org, n: u64) -> Value {
    json(
        org.elevate("bob")
            .args(["policy", "show", "--version", &n.to_string()]),
    )["hash"]
        .clone()
}
