//! The team set-up against the emulator: `setup` creating and checking the DynamoDB ledger, the
//! schedule group and the scheduler role; the core loop and a race on the DynamoDB ledger; and
//! `iam-policy`, checked against the AWS calls each role's commands really make.

use std::collections::BTreeSet;

use jiff::{SignedDuration, Timestamp};
use serde_json::Value;

use crate::harness::{Org, json, stderr_of};

const ADMIN: &str = "AdministratorAccess";

/// `elevate` as `who`, on the organisation's DynamoDB ledger.
fn on_table(org: &Org, who: &str) -> assert_cmd::Command {
    org.on_table(who)
}

fn set_up(org: &Org) -> Value {
    org.set_up()
}

fn outcomes(report: &Value) -> Vec<&str> {
    report["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["outcome"].as_str().unwrap())
        .collect()
}

#[test]
fn setup_plans_creates_then_only_checks() {
    let org = Org::new();
    let plan = json(on_table(&org, "admin").args(["setup", "--dry-run", "--create-roles"]));
    assert_eq!(plan["dry_run"], true);
    assert!(
        outcomes(&plan).iter().all(|o| *o == "would_change"),
        "{plan}"
    );
    // Nothing was created: no seal key, and the ledger does not exist yet.
    assert_eq!(org.seal_key(), None);
    let out = on_table(&org, "alice")
        .args(["list", "--all"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr_of(&out).contains("has no seal key") && stderr_of(&out).contains("elevate setup"),
        "{}",
        stderr_of(&out)
    );
    let out = on_table(&org, "alice")
        .env(
            "ELEVATE_KMS_SEAL_KEY",
            format!(
                "arn:aws:kms:us-east-1:{}:key/00000000-0000-0000-0000-000000000000",
                org.account()
            ),
        )
        .args(["list", "--all"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr_of(&out).contains("does not exist") && stderr_of(&out).contains("elevate setup"),
        "{}",
        stderr_of(&out)
    );

    // The table, the seal key, the schedule group and the scheduler role.
    let first = set_up(&org);
    assert_eq!(
        outcomes(&first),
        ["created", "created", "created", "created"],
        "{first}"
    );
    let key = first["seal_key"].as_str().unwrap().to_string();
    assert!(
        key.starts_with(&format!("arn:aws:kms:us-east-1:{}:key/", org.account())),
        "{key}"
    );
    assert_eq!(first["items"][1]["resource"], format!("seal key {key}"));
    let role = first["scheduler_role_arn"].as_str().unwrap().to_string();
    assert!(role.ends_with(":role/elevate-scheduler"), "{role}");

    // Safe to run twice: with the key configured, or found by its alias before it is. Either
    // way its policy is checked against the one elevate writes.
    let mut unconfigured = on_table(&org, "admin");
    unconfigured.env_remove("ELEVATE_KMS_SEAL_KEY");
    for run in [&mut on_table(&org, "admin"), &mut unconfigured] {
        let second = json(run.args(["setup", "--create-roles"]));
        assert!(
            outcomes(&second).iter().all(|o| *o == "ok"),
            "safe to run twice: {second}"
        );
        assert_eq!(second["seal_key"], key.as_str(), "{second}");
    }

    // Config naming a customer key the table is not encrypted with: reported, exit 1.
    let out = on_table(&org, "admin")
        .args(["setup", "--kms-key", "1234abcd-12ab-34cd-56ef-1234567890ab"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("PROBLEM"));
    let alias = on_table(&org, "admin")
        .args(["setup", "--kms-key", "alias/ledger"])
        .output()
        .unwrap();
    assert_eq!(alias.status.code(), Some(2), "{}", stderr_of(&alias));
}

#[test]
fn the_core_loop_and_a_race_on_the_dynamodb_ledger() {
    let org = Org::new();
    set_up(&org);
    let dev = org.dev();
    let id = json(on_table(&org, "alice").args([
        "request",
        "-a",
        &dev,
        "-p",
        ADMIN,
        "-d",
        "1h",
        "-r",
        "shared ledger test",
    ]))["id"]
        .as_str()
        .unwrap()
        .to_string();
    // Two approvers at once, as two processes: exactly one grants.
    let mut bob = on_table(&org, "bob");
    let mut carol = on_table(&org, "carol");
    bob.args(["approve", &id]);
    carol.args(["approve", &id]);
    let (b, c) = std::thread::scope(|s| {
        let b = s.spawn(move || bob.output().unwrap());
        let c = s.spawn(move || carol.output().unwrap());
        (b.join().unwrap(), c.join().unwrap())
    });
    let codes = [b.status.code(), c.status.code()];
    assert!(
        codes.contains(&Some(0)) && codes.contains(&Some(1)),
        "{codes:?}\n{}\n{}",
        stderr_of(&b),
        stderr_of(&c)
    );
    assert_eq!(org.assignments(&dev, ADMIN).len(), 1, "granted once");
    let listed = json(on_table(&org, "alice").args(["list", "--active"]));
    assert_eq!(listed[0]["id"], id.as_str());
    json(on_table(&org, "alice").args(["revoke", &id]));
    assert!(org.assignments(&dev, ADMIN).is_empty());
    let shown = json(on_table(&org, "carol").args(["show", &id]));
    let kinds: Vec<&str> = shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "requested",
            "approved",
            "grant_started",
            "granted",
            "revoked"
        ]
    );
    // Every event sealed by its author under the key's policy, and every seal holds.
    for (who, kind) in [
        ("alice", "kms:Encrypt"),
        ("bob", "kms:Encrypt"),
        ("carol", "kms:Decrypt"),
    ] {
        assert!(
            crate::harness::guard()
                .verdicts_of(&org.access_key(who))
                .iter()
                .any(|v| v.action == kind && v.refused.is_none()),
            "{who}'s {kind} went through the key-policy guard"
        );
    }
    on_table(&org, "erin")
        .args(["audit", "verify"])
        .assert()
        .success();
}

/// On a sealed ledger a requester cannot seal a grant (the key policy leaves grants to the
/// executor and, in direct mode, approvers): a request policy approves by itself, auto or
/// break-glass, stays approved until the executor's pass grants it.
#[test]
fn policy_approved_requests_are_granted_by_the_executor_on_a_sealed_ledger() {
    let org = Org::new();
    org.write_policy(&format!(
        "{}\n{}",
        crate::harness::POLICY.replace(
            r#"permission_sets = ["AdministratorAccess", "ReadOnlyAccess"]"#,
            r#"permission_sets = ["AdministratorAccess"]"#
        ),
        r#"
[[rule]]
name = "readonly-anytime"
principals = ["group:Engineers"]
accounts = ["*"]
permission_sets = ["ReadOnlyAccess"]
approval = "auto"

[[rule]]
name = "oncall-glass"
principals = ["group:Engineers"]
accounts = ["*"]
permission_sets = ["AdministratorAccess"]
max_duration = "1h"
approval = "break-glass"
approvers = ["group:Approvers"]
"#
    ));
    set_up(&org);
    let dev = org.dev();
    let mut asked = Vec::new();
    for (set, extra) in [("ReadOnlyAccess", None), (ADMIN, Some("--break-glass"))] {
        let out = on_table(&org, "alice")
            .args(["request", "-a", &dev, "-p", set, "-d", "30m"])
            .args(["-r", "prod is down, INC-9", "-o", "json"])
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        let req: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(req["status"], "approved", "{set}: {req}");
        assert!(
            stderr_of(&out).contains("the executor grants it"),
            "{set}: {}",
            stderr_of(&out)
        );
        assert!(org.assignments(&dev, set).is_empty(), "{set}");
        asked.push((set, req["id"].as_str().unwrap().to_string()));
    }
    // KMS refused her the grant's seal: the key policy, not her build of elevate, says no.
    assert!(
        crate::harness::guard()
            .verdicts_of(&org.access_key("alice"))
            .iter()
            .any(|v| v.action == "kms:Encrypt" && v.refused.is_some()),
        "the guard refused alice a seal"
    );

    json(on_table(&org, "executor").args(["reconcile"]));
    for (set, id) in &asked {
        assert_eq!(
            org.assignments(&dev, set),
            [("USER".to_string(), org.user_id("alice"))],
            "{set}"
        );
        let shown = json(on_table(&org, "erin").args(["show", id]));
        assert_eq!(shown["request"]["status"], "active", "{shown}");
        let granted = shown["events"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["kind"] == "granted")
            .unwrap();
        assert!(
            granted["actor"]
                .as_str()
                .unwrap()
                .contains("assumed-role/elevate-executor/"),
            "{granted}"
        );
    }
    on_table(&org, "erin")
        .args(["audit", "verify"])
        .assert()
        .success();
}

// --- iam-policy against the calls each role makes -----------------------------------------

/// The IAM actions a command called, from the SDK's own spans in its debug log.
fn actions_of(cmd: &mut assert_cmd::Command, expect_success: bool) -> BTreeSet<String> {
    let out = cmd.env("ELEVATE_LOG", "debug").output().unwrap();
    let log = stderr_of(&out);
    if expect_success {
        assert!(
            out.status.success(),
            "{}",
            log.lines()
                .filter(|l| !l.contains("DEBUG"))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    let mut found = BTreeSet::new();
    for span in log.split("rpc.service=\"").skip(1) {
        let service = span.split('"').next().unwrap();
        let Some(method) = span
            .split("rpc.method=\"")
            .nth(1)
            .and_then(|m| m.split('"').next())
        else {
            continue;
        };
        let prefix = match service {
            "SSO Admin" => "sso",
            "STS" => "sts",
            "identitystore" => "identitystore",
            "Organizations" => "organizations",
            "Scheduler" => "scheduler",
            "DynamoDB" => "dynamodb",
            "IAM" => "iam",
            "S3" => "s3",
            "CloudTrail" => "cloudtrail",
            "KMS" => "kms",
            other => panic!("a call to an unknown service '{other}': map it to its IAM prefix"),
        };
        found.insert(format!("{prefix}:{method}"));
    }
    found
}

/// What a policy must grant for the calls made: each call's own action, except those IAM never
/// checks; a transaction needs the actions of its parts.
fn needed(called: &BTreeSet<String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for a in called {
        match a.as_str() {
            // Needs no permission: it cannot be denied.
            "sts:GetCallerIdentity" => {}
            // IAM names the listing permission after the bucket.
            "s3:ListObjectsV2" => {
                out.insert("s3:ListBucket".to_string());
            }
            "dynamodb:TransactWriteItems" => {
                out.insert("dynamodb:PutItem".to_string());
                out.insert("dynamodb:UpdateItem".to_string());
            }
            other => {
                out.insert(other.to_string());
            }
        }
    }
    out
}

fn policy_actions(org: &Org, role: &str) -> BTreeSet<String> {
    let doc = json(
        on_table(org, "bob")
            .env("ELEVATE_SCHEDULER_ROLE_ARN", org.scheduler_role())
            .env("ELEVATE_TRAIL_BUCKET", org.trail_bucket())
            .args(["iam-policy", role]),
    );
    doc["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["Action"].as_array().unwrap().iter())
        .map(|a| a.as_str().unwrap().to_string())
        .collect()
}

/// Every action called is granted, and every action granted is called or required by AWS for
/// a call that is (`domain::iam::IMPLIED`).
fn assert_least_privilege(org: &Org, role: &str, called: &BTreeSet<String>) {
    let granted = policy_actions(org, role);
    let needed = needed(called);
    let missing: Vec<&String> = needed.difference(&granted).collect();
    assert!(missing.is_empty(), "{role} policy misses {missing:?}");
    let implied = elevate::domain::iam::is_implied;
    let unused: Vec<&String> = granted
        .difference(&needed)
        .filter(|a| !implied(a))
        .collect();
    assert!(
        unused.is_empty(),
        "{role} policy grants {unused:?}, which no {role} command calls"
    );
}

fn at(minutes: i64) -> String {
    (Timestamp::now() + SignedDuration::from_mins(minutes)).to_string()
}

#[test]
fn each_role_policy_grants_exactly_what_its_commands_call() {
    let org = Org::new();
    // A rule naming an OU: deciding needs the account's place in the organisation.
    // (AdministratorAccess is temporary_only: the standing checks list its assignments.)
    org.write_policy(&format!(
        "{}\n{}",
        crate::harness::POLICY.replace(
            "[settings]\n",
            "[settings]\ntemporary_only = [\"AdministratorAccess\"]\n"
        ),
        r#"
[[rule]]
name = "workloads-readonly"
principals = ["group:Engineers"]
accounts = ["{workloads_ou}"]
permission_sets = ["ReadOnlyAccess"]
approval = "auto"
"#
    ));
    let dev = org.dev();
    let request = |who: &str, extra: &[&str]| {
        let mut cmd = on_table(&org, who);
        cmd.args([
            "request",
            "-a",
            &dev,
            "-p",
            ADMIN,
            "-d",
            "1h",
            "-r",
            "least privilege",
        ])
        .args(extra);
        json(&mut cmd)["id"].as_str().unwrap().to_string()
    };

    // admin: set up the ledger, the seal key, the group and the role; check and apply the
    // policy (twice: the second version is conditional on the first).
    let mut admin = BTreeSet::new();
    admin.extend(actions_of(
        on_table(&org, "admin").args(["setup", "--create-roles"]),
        true,
    ));
    admin.extend(actions_of(on_table(&org, "admin").args(["setup"]), true));
    let policy_file = org.policy_path();
    for _ in 0..2 {
        admin.extend(actions_of(
            on_table(&org, "admin")
                .args(["policy", "check"])
                .arg(&policy_file),
            true,
        ));
        admin.extend(actions_of(
            on_table(&org, "admin")
                .args(["policy", "apply", "--no-input"])
                .arg(&policy_file),
            true,
        ));
        std::fs::write(
            &policy_file,
            std::fs::read_to_string(&policy_file).unwrap() + "\n# v2\n",
        )
        .unwrap();
    }
    assert_least_privilege(&org, "admin", &admin);

    // requester: eligible, request, list, show, extend, cancel, revoke their own; a CI role
    // requests for a group.
    let mut requester = BTreeSet::new();
    requester.extend(actions_of(
        on_table(&org, "alice").args(["eligible", "--refresh"]),
        true,
    ));
    // (Later starts: asking again for access already asked for returns the open request.)
    let first = request("alice", &[]);
    let second = request("alice", &["--start", "+24h"]);
    requester.extend(actions_of(
        on_table(&org, "alice")
            .args(["request", "-a", &dev, "-p", ADMIN, "-d", "1h"])
            .args(["-r", "least privilege", "-q", "--start", "+48h"]),
        true,
    ));
    requester.extend(actions_of(
        on_table(&org, "ci")
            .args(["request", "-a", &dev, "-p", ADMIN, "-d", "30m"])
            .args(["-r", "release 2.4", "--for", "group:Release", "-q"]),
        true,
    ));
    requester.extend(actions_of(on_table(&org, "alice").args(["list"]), true));
    requester.extend(actions_of(
        on_table(&org, "alice").args(["show", &first]),
        true,
    ));
    requester.extend(actions_of(
        on_table(&org, "alice").args(["cancel", &second]),
        true,
    ));

    // approver: what is waiting, approve (granting, and an extension), reject, revoke.
    let mut approver = BTreeSet::new();
    approver.extend(actions_of(
        on_table(&org, "bob").args(["list", "--to-approve"]),
        true,
    ));
    approver.extend(actions_of(
        on_table(&org, "bob").args(["approve", &first]),
        true,
    ));
    requester.extend(actions_of(
        on_table(&org, "alice").args(["extend", &first, "--by", "30m", "-r", "nearly there"]),
        true,
    ));
    approver.extend(actions_of(
        on_table(&org, "carol").args(["approve", &first]),
        true,
    ));
    let third = request("alice", &["--start", "+72h"]);
    approver.extend(actions_of(
        on_table(&org, "bob").args(["reject", &third, "-c", "not today"]),
        true,
    ));
    requester.extend(actions_of(
        on_table(&org, "alice").args(["revoke", &first]),
        true,
    ));
    let fourth = request("alice", &[]);
    on_table(&org, "bob")
        .args(["approve", &fourth])
        .assert()
        .success();
    approver.extend(actions_of(
        on_table(&org, "carol").args(["revoke", &fourth]),
        true,
    ));
    // A grant to a group (scheduled): the group's id is checked against its name.
    let release = json(
        on_table(&org, "ci")
            .args(["request", "-a", &dev, "-p", ADMIN, "-d", "30m"])
            .args([
                "-r",
                "release 2.5",
                "--for",
                "group:Release",
                "--start",
                "+96h",
            ]),
    )["id"]
        .as_str()
        .unwrap()
        .to_string();
    approver.extend(actions_of(
        on_table(&org, "bob").args(["approve", &release]),
        true,
    ));
    assert_least_privilege(&org, "requester", &requester);
    assert_least_privilege(&org, "approver", &approver);

    // auditor: the ledger, read only.
    let mut auditor = BTreeSet::new();
    auditor.extend(actions_of(
        on_table(&org, "erin").args(["list", "--all"]),
        true,
    ));
    auditor.extend(actions_of(
        on_table(&org, "erin").args(["show", &first]),
        true,
    ));
    auditor.extend(actions_of(
        on_table(&org, "erin").args(["audit", "verify"]),
        true,
    ));
    // What the elevated session did, from the organisation trail.
    org.put_trail(
        &org.trail_bucket(),
        &format!(
            "AWSLogs/{dev}/CloudTrail/us-east-1/{}/x.json.gz",
            Timestamp::now().strftime("%Y/%m/%d")
        ),
        &serde_json::json!([]),
    );
    auditor.extend(actions_of(
        on_table(&org, "erin")
            .env("ELEVATE_TRAIL_BUCKET", org.trail_bucket())
            .args([
                "audit",
                &first,
                "--activity",
                "--trail-regions",
                "us-east-1",
            ]),
        true,
    ));
    // Access elevate did not give: the assignments of the temporary_only permission sets, and
    // the identity account's assignment changes in the trail.
    org.put_trail(
        &org.trail_bucket(),
        &format!(
            "AWSLogs/{}/CloudTrail/us-east-1/{}/y.json.gz",
            org.account(),
            Timestamp::now().strftime("%Y/%m/%d")
        ),
        &serde_json::json!([]),
    );
    auditor.extend(actions_of(
        on_table(&org, "erin")
            .env("ELEVATE_TRAIL_BUCKET", org.trail_bucket())
            .args(["audit", "standing"]),
        false,
    ));
    let auditor_needed: BTreeSet<String> = needed(&auditor)
        .into_iter()
        .filter(|a| {
            a.starts_with("dynamodb:")
                || a.starts_with("s3:")
                || a == "kms:Decrypt"
                || (a.starts_with("identitystore:") && !a.contains("Create"))
                || (a.starts_with("sso:List") || a == "sso:DescribePermissionSet")
        })
        .collect();
    // (The ledger, its seals verified — with who is in a group that received access, since
    // nobody in it may have decided its request — the assignments of permission sets, and the
    // trail: no other AWS call.)
    assert_eq!(needed(&auditor), auditor_needed, "{auditor:?}");
    assert_least_privilege(&org, "auditor", &auditor);

    // scheduler: what the schedules it runs call.
    let later = request("alice", &["--start", "+2h"]);
    on_table(&org, "bob")
        .args(["approve", &later])
        .assert()
        .success();
    let called: BTreeSet<String> = org
        .schedules()
        .iter()
        .map(|s| {
            let op = s["target"].as_str().unwrap().rsplit(':').next().unwrap();
            let mut c = op.chars();
            let first = c.next().unwrap().to_ascii_uppercase();
            format!("sso:{first}{}", c.as_str())
        })
        .collect();
    assert_eq!(
        called,
        BTreeSet::from([
            "sso:CreateAccountAssignment".to_string(),
            "sso:DeleteAccountAssignment".to_string()
        ])
    );
    assert_least_privilege(&org, "scheduler", &called);

    // executor (a role, not a person): expire, finish an interrupted grant, end what is over.
    // (Last: it moves time on, and every event it records is dated then.)
    // (The CI role's request for group:Release above is still pending: it expires.)
    let interrupted = request("alice", &[]);
    let out = on_table(&org, "bob")
        .env("ELEVATE_TEST_CRASH_AT", "grant:started")
        .args(["approve", &interrupted])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let mut executor = BTreeSet::new();
    executor.extend(actions_of(
        on_table(&org, "executor")
            .env("ELEVATE_TEST_NOW", at(20))
            .args(["reconcile"]),
        false,
    ));
    executor.extend(actions_of(
        on_table(&org, "executor")
            .env("ELEVATE_TEST_NOW", at(48 * 60))
            .args(["reconcile"]),
        false,
    ));
    let shown = json(
        on_table(&org, "bob")
            .env("ELEVATE_TEST_NOW", at(48 * 60))
            .args(["show", &interrupted]),
    );
    assert_eq!(shown["request"]["status"], "ended", "{shown}");
    // The release group's scheduled grant, at its start (the emulator fires no schedule): the
    // group's id is checked against its name before it is granted.
    executor.extend(actions_of(
        on_table(&org, "executor")
            .env("ELEVATE_TEST_NOW", at(96 * 60 + 10))
            .args(["reconcile"]),
        false,
    ));
    let shown = json(
        on_table(&org, "bob")
            .env("ELEVATE_TEST_NOW", at(96 * 60 + 10))
            .args(["show", &release]),
    );
    assert_eq!(shown["request"]["status"], "active", "{shown}");
    // The executor's own pass, with its check of access elevate did not give (due on its first
    // pass): the temporary_only assignments, and the trail's assignment changes.
    let later = Timestamp::now() + SignedDuration::from_mins(96 * 60 + 20);
    org.put_trail(
        &org.trail_bucket(),
        &format!(
            "AWSLogs/{}/CloudTrail/us-east-1/{}/z.json.gz",
            org.account(),
            later.strftime("%Y/%m/%d")
        ),
        &serde_json::json!([]),
    );
    executor.extend(actions_of(
        on_table(&org, "executor")
            .env("ELEVATE_TEST_NOW", later.to_string())
            .env("ELEVATE_TRAIL_BUCKET", org.trail_bucket())
            .args(["executor", "--once"]),
        true,
    ));
    assert_least_privilege(&org, "executor", &executor);
}
