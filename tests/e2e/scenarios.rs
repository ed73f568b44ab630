//! The core loop against Identity Center (moto), through the real binary.

use serde_json::Value;

use crate::harness::{Org, json, snapshot, stderr_of};

const ADMIN: &str = "AdministratorAccess";

fn request(org: &Org, who: &str, extra: &[&str]) -> Value {
    let dev = org.dev();
    let mut cmd = org.elevate(who);
    cmd.args(["request", "--account", &dev, "--permission-set", ADMIN])
        .args([
            "--duration",
            "1h30m",
            "--reason",
            "rotate credentials for INC-7",
        ])
        .args(extra);
    json(&mut cmd)
}

fn id_of(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

fn status_of(org: &Org, id: &str) -> String {
    let shown = json(org.elevate("alice").args(["show", id]));
    shown["request"]["status"].as_str().unwrap().to_string()
}

#[test]
fn happy_path_request_approve_confirmed_grant_revoke() {
    let org = Org::new();
    let req = request(&org, "alice", &["--ticket", "INC-7"]);
    let id = id_of(&req);
    assert_eq!(req["status"], "pending");
    assert_eq!(req["principal"]["name"], "alice");
    assert_eq!(req["duration"], "PT1H30M");
    assert_eq!(req["ticket"], "INC-7");
    assert!(org.assignments(&org.dev(), ADMIN).is_empty());

    let out = org
        .elevate("bob")
        .args(["approve", &id, "--comment", "go ahead"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    // The permission set's 4h sessions outlive the 1h30m elevation: said at approve time.
    assert!(err.contains("last up to 4h"), "{err}");
    assert!(
        err.contains("granted: user:alice has AdministratorAccess"),
        "{err}"
    );
    assert_eq!(
        org.assignments(&org.dev(), ADMIN),
        [("USER".to_string(), org.user_id("alice"))]
    );

    let listed = json(org.elevate("alice").args(["list", "--active"]));
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["id"], id.as_str());

    let revoked = json(
        org.elevate("alice")
            .args(["revoke", &id, "--reason", "done"]),
    );
    assert_eq!(revoked["status"], "revoked");
    assert!(org.assignments(&org.dev(), ADMIN).is_empty());
    assert!(
        org.schedules().is_empty(),
        "the schedule outlived the revocation"
    );

    let shown = json(org.elevate("carol").args(["show", &id]));
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
    assert_eq!(shown["events"][1]["actor"], "user:bob");
    assert_eq!(shown["events"][1]["comment"], "go ahead");
    assert_eq!(shown["events"][4]["comment"], "done");
    // Each event chains to the one before it.
    for pair in shown["events"].as_array().unwrap().windows(2) {
        assert_eq!(pair[1]["prev_hash"], pair[0]["hash"]);
    }
}

#[test]
fn the_request_prints_the_session_warning_and_the_id_table() {
    let org = Org::new();
    let dev = org.dev();
    let out = org
        .elevate("alice")
        .args([
            "request",
            "-a",
            &dev,
            "-p",
            ADMIN,
            "-d",
            "2h",
            "-r",
            "check the alarms",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    // The warning on stderr; the new request, pending, with its id, on stdout.
    let said = format!(
        "{}--- stdout ---\n{}",
        stderr_of(&out),
        String::from_utf8_lossy(&out.stdout)
    );
    snapshot("request-pending.txt", &org.masked(&said));
    // -q prints only the id.
    let quiet = org
        .elevate("alice")
        .args([
            "request",
            "-q",
            "-a",
            &dev,
            "-p",
            "ReadOnlyAccess",
            "-d",
            "30m",
            "-r",
            "read the logs",
        ])
        .output()
        .unwrap();
    let id = String::from_utf8_lossy(&quiet.stdout).trim().to_string();
    assert!(id.starts_with("r-") && id.len() == 12, "{id:?}");
    assert!(quiet.stderr.is_empty(), "{}", stderr_of(&quiet));
}

#[test]
fn nobody_approves_their_own_request() {
    let org = Org::new();
    // dave is both an engineer and an approver.
    let id = id_of(&request(&org, "dave", &[]));
    let out = org.elevate("dave").args(["approve", &id]).output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("you asked for it"));
    assert!(org.assignments(&org.dev(), ADMIN).is_empty());
    assert_eq!(status_of(&org, &id), "pending");
}

#[test]
fn approvers_only_and_clear_errors_for_bad_ids() {
    let org = Org::new();
    let id = id_of(&request(&org, "alice", &[]));
    let out = org.elevate("erin").args(["approve", &id]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr_of(&out).contains("not an approver"),
        "{}",
        stderr_of(&out)
    );

    let out = org
        .elevate("bob")
        .args(["approve", "r-zzzzzzzzzz"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(6), "{}", stderr_of(&out));
    let out = org
        .elevate("bob")
        .args(["approve", "42; drop table"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
}

#[test]
fn reject_then_nothing_more_happens() {
    let org = Org::new();
    let id = id_of(&request(&org, "alice", &[]));
    let rejected = json(
        org.elevate("bob")
            .args(["reject", &id, "--comment", "not in the freeze"]),
    );
    assert_eq!(rejected["status"], "rejected");
    let out = org
        .elevate("carol")
        .args(["approve", &id])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("is rejected"),
        "{}",
        stderr_of(&out)
    );
    assert!(org.assignments(&org.dev(), ADMIN).is_empty());
}

#[test]
fn cancel_by_the_requester_only() {
    let org = Org::new();
    let id = id_of(&request(&org, "alice", &[]));
    let out = org.elevate("bob").args(["cancel", &id]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let cancelled = json(org.elevate("alice").args(["cancel", &id]));
    assert_eq!(cancelled["status"], "cancelled");
    let out = org.elevate("bob").args(["approve", &id]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(org.assignments(&org.dev(), ADMIN).is_empty());
}

#[test]
fn an_approver_revokes_early() {
    let org = Org::new();
    let id = id_of(&request(&org, "alice", &[]));
    org.elevate("bob").args(["approve", &id]).assert().success();
    let out = org.elevate("erin").args(["revoke", &id]).output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    let revoked = json(
        org.elevate("carol")
            .args(["revoke", &id, "--reason", "incident over"]),
    );
    assert_eq!(revoked["status"], "revoked");
    assert!(org.assignments(&org.dev(), ADMIN).is_empty());
}

/// Access alice holds directly, which no elevation explains, is standing access: elevate
/// neither grants over it (nothing to grant, and nothing of hers to time-limit) nor removes it.
#[test]
fn standing_access_is_neither_granted_over_nor_removed() {
    let org = Org::new();
    let dev = org.dev();
    org.assign_directly(&dev, ADMIN, "alice");
    let standing = [("USER".to_string(), org.user_id("alice"))];
    let id = id_of(&request(&org, "alice", &[]));
    let out = org.elevate("bob").args(["approve", &id]).output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("already holds"),
        "{}",
        stderr_of(&out)
    );
    let shown = json(org.elevate("alice").args(["show", &id]));
    assert_eq!(shown["request"]["status"], "failed", "{shown}");
    assert_eq!(shown["request"]["prior_access"], Value::Null, "{shown}");
    // Nothing was created on top (moto would store a duplicate), and nothing will end it.
    assert_eq!(org.assignments(&dev, ADMIN), standing);
    assert!(org.schedules().is_empty(), "a schedule would delete it");
    // Revoking the failed request, and a reconcile after its end, leave the standing access.
    org.elevate("alice")
        .args(["revoke", &id])
        .assert()
        .success();
    let later = (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(3)).to_string();
    let out = org
        .elevate("bob")
        .env("ELEVATE_TEST_NOW", &later)
        .args(["reconcile"])
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(org.assignments(&dev, ADMIN), standing);
}

#[test]
fn overlapping_elevations_keep_the_assignment_until_the_last_ends() {
    let org = Org::new();
    // A second elevation of the same access while the first is active comes from another
    // requester (alice asking again just gets her open request back): here a CI job for her.
    org.write_policy(&format!(
        "{}\n[[delegate]]\ncallers = [\"arn:aws:iam::{{management}}:role/ci-deployer\"]\nprincipals = [\"user:alice\"]\n",
        crate::harness::POLICY
    ));
    let first = id_of(&request(&org, "alice", &[]));
    org.elevate("bob")
        .args(["approve", &first])
        .assert()
        .success();
    assert_eq!(id_of(&request(&org, "alice", &[])), first);
    let second = id_of(&request(&org, "ci", &["--for", "user:alice"]));
    assert_ne!(second, first);
    let active = json(org.elevate("carol").args(["approve", &second]));
    assert_eq!(active["prior_access"], false);
    assert_eq!(org.assignments(&org.dev(), ADMIN).len(), 1);

    org.elevate("alice")
        .args(["revoke", &first])
        .assert()
        .success();
    assert_eq!(
        org.assignments(&org.dev(), ADMIN).len(),
        1,
        "removed while the second was active"
    );
    org.elevate("alice")
        .args(["revoke", &second])
        .assert()
        .success();
    assert!(org.assignments(&org.dev(), ADMIN).is_empty());
}

#[test]
fn two_approvals_racing_grant_exactly_once() {
    for _ in 0..3 {
        let org = Org::new();
        let id = id_of(&request(&org, "alice", &[]));
        let mut bob = org.elevate("bob");
        let mut carol = org.elevate("carol");
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
        let loser = if b.status.success() { &c } else { &b };
        let msg = stderr_of(loser);
        assert!(
            msg.contains("changed by someone else")
                || msg.contains("already approved")
                || msg.contains("is active"),
            "{msg}"
        );
        // moto stores a duplicate assignment per create: exactly one means exactly one grant.
        assert_eq!(org.assignments(&org.dev(), ADMIN).len(), 1);
        assert_eq!(status_of(&org, &id), "active");
    }
}

#[test]
fn long_term_keys_are_refused_unless_allowed() {
    let org = Org::new();
    let dev = org.dev();
    let out = org
        .elevate_with(
            "AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            None,
        )
        .args(["request", "-a", &dev, "-p", ADMIN, "-r", "testing keys"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = stderr_of(&out);
    assert!(err.contains("refusing long-term AWS access key"), "{err}");
    assert!(err.contains("aws sso login"), "{err}");
    assert!(!err.contains("wJalrXUtnFEMI"), "the secret leaked: {err}");
    assert!(!err.contains("AKIAIOSFODNN7EXAMPLE"), "{err}");

    // The documented opt-out gets past the check: this key is not an Identity Center user,
    // so the next thing elevate needs is --for.
    let out = org
        .elevate_with(
            "AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            None,
        )
        .env("ELEVATE_ALLOW_LONG_TERM_KEYS", "true")
        .args(["request", "-a", &dev, "-p", ADMIN, "-r", "testing keys"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("--for is required"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn a_ci_role_requests_for_a_group_whose_members_cannot_approve_it() {
    let org = Org::new();
    let dev = org.dev();
    let out = org
        .elevate("ci")
        .args([
            "request",
            "-a",
            &dev,
            "-p",
            ADMIN,
            "-d",
            "45m",
            "-r",
            "release 2.4",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("--for user:<name> or --for group:<name>"));

    let req = json(org.elevate("ci").args([
        "request",
        "-a",
        &dev,
        "-p",
        ADMIN,
        "-d",
        "45m",
        "-r",
        "release 2.4",
        "--for",
        "group:Release",
    ]));
    let id = id_of(&req);
    assert!(
        req["requester"]["arn"]
            .as_str()
            .unwrap()
            .contains("assumed-role/ci-deployer/gh-run-42")
    );
    // erin is in Release: she would receive the access, so she may not approve it.
    let out = org.elevate("erin").args(["approve", &id]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let out = org.elevate("ci").args(["approve", &id]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    org.elevate("bob").args(["approve", &id]).assert().success();
    assert_eq!(
        org.assignments(&dev, ADMIN),
        [("GROUP".to_string(), org.group_id("Release"))]
    );
    // The CI role revokes its own request in its always-run step.
    org.elevate("ci").args(["revoke", &id]).assert().success();
    assert!(org.assignments(&dev, ADMIN).is_empty());
}

#[test]
fn the_management_account_is_refused_from_a_delegated_admin() {
    let management = Org::new();
    // Identity Center administered from the dev member account: a delegated administrator.
    let delegated = Org::seeded(&management.dev(), false);
    let mgmt = management.account();
    let out = delegated
        .elevate("alice")
        .args([
            "request",
            "-a",
            &mgmt,
            "-p",
            ADMIN,
            "-r",
            "fix the org trail",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(err.contains("management account"), "{err}");
    assert!(err.contains("delegated administrator"), "{err}");
    // (A member account requested from there is not checked here: moto answers only
    // DescribeOrganization for member accounts and reports every account as missing, where AWS
    // answers AccessDenied, which elevate handles by matching the account by id only.)
}

#[test]
fn untrusted_text_cannot_drive_the_terminal() {
    let org = Org::new();
    let dev = org.dev();
    let nasty = "fix \u{1b}[2J\u{1b}[31mAPPROVED\u{1b}[0m \u{202e}nimda\u{202c}\nforged row";
    let id = id_of(&json(
        org.elevate("alice")
            .args(["request", "-a", &dev, "-p", ADMIN, "-r", nasty]),
    ));
    for args in [vec!["show", id.as_str()], vec!["list", "--all"]] {
        let out = org.elevate("bob").args(&args).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            !stdout.contains('\u{1b}'),
            "raw escape in {args:?}: {stdout}"
        );
        assert!(
            !stdout.contains('\u{202e}'),
            "raw bidi override in {args:?}"
        );
        assert!(stdout.contains("\\u{1b}[2J"), "{stdout}");
    }
    // JSON keeps the exact text for machines (escaped by JSON itself).
    let shown = json(org.elevate("bob").args(["show", &id]));
    assert_eq!(shown["request"]["reason"], nasty.trim());
}

#[test]
fn list_scopes_and_filters() {
    let org = Org::new();
    let alices = id_of(&request(&org, "alice", &[]));
    let daves = id_of(&request(&org, "dave", &[]));
    let ids = |v: Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        ids(json(org.elevate("alice").args(["list"]))),
        std::slice::from_ref(&alices)
    );
    // dave may approve alice's, not his own.
    assert_eq!(
        ids(json(org.elevate("dave").args(["list", "--to-approve"]))),
        std::slice::from_ref(&alices)
    );
    assert_eq!(
        json(org.elevate("bob").args(["list", "--to-approve"]))
            .as_array()
            .unwrap()
            .len(),
        2
    );
    org.elevate("bob")
        .args(["approve", &daves])
        .assert()
        .success();
    assert_eq!(
        ids(json(
            org.elevate("bob")
                .args(["list", "--all", "--status", "active"])
        )),
        [daves]
    );
    let dev = org.dev();
    assert_eq!(
        json(
            org.elevate("bob")
                .args(["list", "--all", "--account", &dev])
        )
        .as_array()
        .unwrap()
        .len(),
        2
    );
    let out = org
        .elevate("bob")
        .args(["list", "--all", "--status", "bogus"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
