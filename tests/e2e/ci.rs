//! What a CI job and a runbook rely on: waiting with the right exit code, idempotent retries,
//! no secret in the most verbose logs, and untrusted text that cannot drive a terminal.

use std::time::Duration;

use crate::harness::{Org, json, stderr_of};

const ADMIN: &str = "AdministratorAccess";

fn request_cmd(org: &Org, extra: &[&str]) -> assert_cmd::Command {
    let dev = org.dev();
    let mut cmd = org.elevate("alice");
    cmd.args([
        "request",
        "-a",
        &dev,
        "-p",
        ADMIN,
        "-d",
        "30m",
        "-r",
        "deploy 2.4",
    ])
    .args(extra);
    cmd
}

fn pending_id(org: &Org) -> String {
    let list = json(org.elevate("bob").args(["list", "--to-approve"]));
    list[0]["id"].as_str().unwrap().to_string()
}

#[test]
fn wait_exits_0_when_active_4_when_rejected_5_when_it_times_out() {
    let org = Org::new();
    // Approved while waiting: exit 0 and the active request as JSON.
    let mut waiting = request_cmd(&org, &["--wait", "--timeout", "60s", "-o", "json"]);
    let out = std::thread::scope(|s| {
        let waiter = s.spawn(move || waiting.output().unwrap());
        let id = loop {
            std::thread::sleep(Duration::from_millis(300));
            let list = json(org.elevate("bob").args(["list", "--to-approve"]));
            if let Some(id) = list[0]["id"].as_str() {
                break id.to_string();
            }
        };
        org.elevate("bob").args(["approve", &id]).assert().success();
        waiter.join().unwrap()
    });
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["status"], "active");
    // No terminal: plain state lines.
    assert!(
        stderr_of(&out).contains("is pending: waiting for approval"),
        "{}",
        stderr_of(&out)
    );

    // Rejected while waiting: exit 4, with who and why.
    let mut waiting = request_cmd(&org, &["--wait", "--timeout", "60s"]);
    let out = std::thread::scope(|s| {
        let waiter = s.spawn(move || waiting.output().unwrap());
        std::thread::sleep(Duration::from_millis(800));
        let id = pending_id(&org);
        org.elevate("carol")
            .args(["reject", &id, "-c", "not during the freeze"])
            .assert()
            .success();
        waiter.join().unwrap()
    });
    assert_eq!(out.status.code(), Some(4), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("not during the freeze"),
        "{}",
        stderr_of(&out)
    );

    // Nobody decides: exit 5; the request stays pending.
    let out = request_cmd(&org, &["--wait", "--timeout", "2s"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("still pending"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn a_retried_request_with_the_same_key_is_the_same_request() {
    let org = Org::new();
    let first = json(&mut request_cmd(&org, &["--idempotency-key", "gh-run-42"]));
    let again = request_cmd(&org, &["--idempotency-key", "gh-run-42", "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(0), "{}", stderr_of(&again));
    let again: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(again["id"], first["id"]);
    let all = json(org.elevate("bob").args(["list", "--all"]));
    assert_eq!(all.as_array().unwrap().len(), 1, "asked once");
}

#[test]
fn the_most_verbose_logs_never_contain_credentials() {
    let org = Org::new();
    let creds = &org.seed["credentials"]["alice"];
    let secret = creds["SecretAccessKey"].as_str().unwrap();
    let token = creds["SessionToken"].as_str().unwrap();
    let out = request_cmd(&org, &["-vvv"])
        .env("ELEVATE_LOG", "trace")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let log = stderr_of(&out);
    assert!(
        log.len() > 10_000,
        "trace logging was on: {} bytes",
        log.len()
    );
    assert!(!log.contains(secret), "the secret key is in the log");
    assert!(!log.contains(token), "the session token is in the log");
    assert!(!String::from_utf8_lossy(&out.stdout).contains(token));
}

#[test]
fn untrusted_text_of_every_kind_cannot_drive_the_terminal() {
    let org = Org::new();
    let dev = org.dev();
    let reason = "clear \u{1b}[2J\u{1b}]0;pwned\u{7} bell \u{7} nul-free ctl \u{8}\u{7f} bidi \u{202e}txt.exe\u{202c} isolate \u{2066}x\u{2069}";
    let id = json(org.elevate("alice").args([
        "request", "-a", &dev, "-p", ADMIN, "-d", "30m", "-r", reason,
    ]))["id"]
        .as_str()
        .unwrap()
        .to_string();
    for args in [
        vec!["show", id.as_str()],
        vec!["list", "--to-approve"],
        vec!["audit"],
    ] {
        let out = org.elevate("bob").args(&args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr_of(&out));
        let text = String::from_utf8_lossy(&out.stdout).into_owned() + &stderr_of(&out);
        for raw in [
            '\u{1b}', '\u{7}', '\u{8}', '\u{7f}', '\u{202e}', '\u{202c}', '\u{2066}', '\u{2069}',
        ] {
            assert!(!text.contains(raw), "{args:?} printed {raw:?} raw");
        }
    }
    // JSON keeps the text exactly (escaped by JSON itself), for machines.
    let shown = json(org.elevate("bob").args(["show", &id]));
    assert_eq!(shown["request"]["reason"], reason);
}
