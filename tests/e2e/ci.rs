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

/// The id of the request waiting for approval, once the waiting job has recorded it: asked
/// until it is there (not after a guessed pause, which a slow machine outlasts).
fn pending_id(org: &Org) -> String {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let list = json(org.elevate("bob").args(["list", "--to-approve"]));
        let first = list.as_array().and_then(|l| l.first());
        if let Some(id) = first.and_then(|r| r["id"].as_str()) {
            return id.to_string();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no request waiting for approval after 30 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn wait_exits_0_when_active_4_when_rejected_5_when_it_times_out() {
    let org = Org::new();
    // Approved while waiting: exit 0 and the active request as JSON.
    let mut waiting = request_cmd(&org, &["--wait", "--timeout", "60s", "-o", "json"]);
    let out = std::thread::scope(|s| {
        let waiter = s.spawn(move || waiting.output().unwrap());
        let id = pending_id(&org);
        org.elevate("bob").args(["approve", &id]).assert().success();
        waiter.join().unwrap()
    });
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["status"], "active");
    let first = r["id"].as_str().unwrap().to_string();
    // No terminal: plain state lines.
    assert!(
        stderr_of(&out).contains("is pending: waiting for approval"),
        "{}",
        stderr_of(&out)
    );
    // Asking again while it is active answers with it, at once.
    let again = request_cmd(&org, &["--wait", "--timeout", "60s", "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(0), "{}", stderr_of(&again));
    let r: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(r["id"], first.as_str());
    assert!(
        stderr_of(&again).contains("nothing new was requested"),
        "{}",
        stderr_of(&again)
    );
    org.elevate("alice")
        .args(["revoke", &first])
        .assert()
        .success();

    // Rejected while waiting: exit 4, with who and why.
    let mut waiting = request_cmd(&org, &["--wait", "--timeout", "60s"]);
    let out = std::thread::scope(|s| {
        let waiter = s.spawn(move || waiting.output().unwrap());
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

    // Nobody decides: exit 5, the id on stdout, and (no terminal) the request cancelled, so no
    // approver grants it after the job gave up.
    let out = request_cmd(&org, &["--wait", "--timeout", "2s", "-q"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("still pending"),
        "{}",
        stderr_of(&out)
    );
    let gave_up = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert!(gave_up.starts_with("r-"), "{gave_up:?}");
    assert_eq!(status(&org, &gave_up), "cancelled");
    let late = org
        .elevate("bob")
        .args(["approve", &gave_up])
        .output()
        .unwrap();
    assert_ne!(
        late.status.code(),
        Some(0),
        "nobody grants it after the job gave up"
    );
}

fn status(org: &Org, id: &str) -> String {
    json(org.elevate("bob").args(["show", id]))["request"]["status"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The CI pattern of docs/ci.md, step by step: ask and wait (giving up cleanly), follow an
/// existing request, and give the access back in a clean-up step that runs whatever happened;
/// with -o json stdout always parses, errors included.
#[test]
fn the_ci_pattern_holds_up_timeout_follow_and_clean_up() {
    let org = Org::new();
    // Give up, but leave it pending (the flag), as JSON: one error object naming the request.
    let out = request_cmd(
        &org,
        &[
            "--wait",
            "--timeout",
            "2s",
            "--no-cancel-on-timeout",
            "-o",
            "json",
        ],
    )
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(5), "{}", stderr_of(&out));
    let e: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|x| panic!("{x}: {}", String::from_utf8_lossy(&out.stdout)));
    assert_eq!(e["error"]["code"], "timed_out", "{e}");
    assert_eq!(e["error"]["exit"], 5, "{e}");
    let id = e["error"]["request"].as_str().unwrap().to_string();
    assert_eq!(status(&org, &id), "pending");

    // A later step follows it: approved meanwhile, `wait` exits 0 with its id.
    org.elevate("bob").args(["approve", &id]).assert().success();
    let out = org
        .elevate("alice")
        .args(["wait", &id, "--timeout", "30s", "-q"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), id);

    // The clean-up step, twice (a retried job): the second finds it over, and says so.
    for round in 0..2 {
        let out = org
            .elevate("alice")
            .args(["revoke", &id, "-o", "json"])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "round {round}: {}",
            stderr_of(&out)
        );
        let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(r["status"], "revoked");
        if round == 1 {
            assert!(
                stderr_of(&out).contains("already revoked"),
                "{}",
                stderr_of(&out)
            );
        }
    }
    let strict = org
        .elevate("alice")
        .args(["revoke", &id, "--strict", "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(1), "{}", stderr_of(&strict));
    let e: serde_json::Value = serde_json::from_slice(&strict.stdout).unwrap();
    assert_eq!(e["error"]["code"], "already_over");
    assert_eq!(e["error"]["request"], id.as_str());

    // cancel alike: already cancelled is fine, unless --strict.
    let out = request_cmd(&org, &["-q"]).output().unwrap();
    let pending = String::from_utf8(out.stdout).unwrap().trim().to_string();
    org.elevate("alice")
        .args(["cancel", &pending])
        .assert()
        .success();
    org.elevate("alice")
        .args(["cancel", &pending])
        .assert()
        .success();
    org.elevate("alice")
        .args(["cancel", &pending, "--strict"])
        .assert()
        .code(1);

    // A usage error with -o json is JSON too, and stdout nothing else.
    let out = org
        .elevate("alice")
        .args(["wait", "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let e: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(e["error"]["code"], "usage", "{e}");
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

/// A stand-in for Slack's incoming webhook: records each POSTed body.
fn webhook() -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!(
        "http://{}/services/T000/B000/SECRETXYZ",
        listener.local_addr().unwrap()
    );
    let bodies = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = bodies.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let seen = seen.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut stream = stream;
                loop {
                    let mut length = 0;
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    loop {
                        line.clear();
                        reader.read_line(&mut line).unwrap();
                        if line == "\r\n" {
                            break;
                        }
                        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                            length = v.trim().parse().unwrap();
                        }
                    }
                    let mut body = vec![0; length];
                    reader.read_exact(&mut body).unwrap();
                    seen.lock().unwrap().push(String::from_utf8(body).unwrap());
                    stream
                        .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok")
                        .unwrap();
                }
            });
        }
    });
    (url, bodies)
}

#[test]
fn notifications_reach_sns_and_slack_and_a_dead_channel_changes_nothing() {
    let org = Org::new();
    let (topic, queue) = org.sns_queue();
    let (url, bodies) = webhook();
    let notified = |who: &str| {
        let mut cmd = org.elevate(who);
        cmd.env("ELEVATE_NOTIFY_SNS_TOPIC", &topic)
            .env("ELEVATE_NOTIFY_SLACK_WEBHOOK", &url);
        cmd
    };
    let dev = org.dev();
    let id = json(
        request_cmd(&org, &[])
            .env("ELEVATE_NOTIFY_SNS_TOPIC", &topic)
            .env("ELEVATE_NOTIFY_SLACK_WEBHOOK", &url),
    )["id"]
        .as_str()
        .unwrap()
        .to_string();
    json(notified("bob").args(["approve", &id]));
    json(notified("alice").args(["revoke", &id]));

    let messages: Vec<serde_json::Value> = org
        .sqs_read(&queue)
        .iter()
        .map(|envelope| serde_json::from_str(envelope["Message"].as_str().unwrap()).unwrap())
        .collect();
    let events: Vec<&str> = messages
        .iter()
        .map(|m| m["event"].as_str().unwrap())
        .collect();
    assert_eq!(events, ["requested", "approved", "granted", "ended"]);
    for m in &messages {
        assert_eq!(m["schema"], "elevate.notification/v1");
        assert_eq!(m["request"]["id"], id.as_str());
    }
    assert_eq!(messages[1]["by"], "user:bob");
    let texts = bodies.lock().unwrap().clone();
    assert_eq!(texts.len(), 4, "{texts:?}");
    let first: serde_json::Value = serde_json::from_str(&texts[0]).unwrap();
    assert!(
        first["text"]
            .as_str()
            .unwrap()
            .contains(&format!("elevate approve {id}")),
        "{first}"
    );

    // The webhook is gone: the grant still happens; the failure is reported, the secret URL is
    // not.
    let dead = "http://127.0.0.1:9/services/T000/B000/SECRETXYZ";
    let out = org
        .elevate("alice")
        .env("ELEVATE_NOTIFY_SLACK_WEBHOOK", dead)
        .args([
            "request",
            "-a",
            &dev,
            "-p",
            ADMIN,
            "-d",
            "30m",
            "-r",
            "deploy 2.5",
            "-o",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(
        err.contains("could not send the requested notification"),
        "{err}"
    );
    assert!(!err.contains("SECRETXYZ"), "the webhook URL leaked: {err}");
    // ... and recorded with the request, for whoever looks at it later.
    let id: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let id = id["id"].as_str().unwrap();
    let shown = json(org.elevate("bob").args(["show", id]));
    let undelivered = shown["undelivered"].as_array().unwrap();
    assert_eq!(undelivered.len(), 1, "{shown}");
    assert_eq!(undelivered[0]["event"], "requested");
    assert_eq!(undelivered[0]["event_seq"], 1);
    assert_eq!(undelivered[0]["channel"], "slack");
    assert!(
        undelivered[0]["error"]
            .as_str()
            .unwrap()
            .contains("could not connect"),
        "{shown}"
    );
    let table = org.elevate("bob").args(["show", id]).output().unwrap();
    let table = String::from_utf8_lossy(&table.stdout);
    assert!(
        table.contains("NOT SENT") && table.contains("slack"),
        "{table}"
    );
    assert!(!table.contains("SECRETXYZ") && !shown.to_string().contains("SECRETXYZ"));
}

#[test]
fn a_ci_role_asks_only_for_whom_policy_delegates_to_it() {
    let org = Org::new();
    let dev = org.dev();
    let ask = |whom: &str| {
        org.elevate("ci")
            .args([
                "request",
                "-a",
                &dev,
                "-p",
                ADMIN,
                "-d",
                "30m",
                "-r",
                "release 2.4",
            ])
            .args(["--for", whom])
            .output()
            .unwrap()
    };
    let out = ask("group:Engineers");
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("[[delegate]]"),
        "{}",
        stderr_of(&out)
    );
    let out = ask("group:Release");
    assert!(out.status.success(), "{}", stderr_of(&out));
}

/// Every grant says where its console is, and `elevate console` prints (no display) or opens it:
/// the access portal's link for the account and permission set, from config or the profile.
#[test]
fn a_grant_prints_its_console_link_and_console_gives_it() {
    let org = Org::new();
    let dev = org.dev();
    let id = String::from_utf8(request_cmd(&org, &["-q"]).output().unwrap().stdout)
        .unwrap()
        .trim()
        .to_string();
    // Not yet granted: nothing to open.
    let out = org
        .elevate("alice")
        .args(["console", &id])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("opens while it is active"),
        "{}",
        stderr_of(&out)
    );

    // No portal known: said how to name it (exit 2).
    org.elevate("bob").args(["approve", &id]).assert().success();
    let out = org
        .elevate("alice")
        .args(["console", &id])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("sso_start_url"),
        "{}",
        stderr_of(&out)
    );

    // From the user's AWS profile, through its sso-session.
    std::fs::write(
        org.policy_path().with_file_name("aws-config"),
        "[profile corp]\nsso_session = corp\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start/\nsso_region = us-east-1\n",
    )
    .unwrap();
    let want = format!(
        "https://corp.awsapps.com/start/#/console?account_id={dev}&role_name=AdministratorAccess"
    );
    let out = org
        .elevate("alice")
        .env("AWS_PROFILE", "corp")
        .args(["console", &id])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), want);

    // From config, printed by the grant itself.
    org.write_config("sso_start_url = \"https://d-1234567890.awsapps.com/start\"\n");
    org.elevate("alice")
        .args(["revoke", &id])
        .assert()
        .success();
    let again = String::from_utf8(request_cmd(&org, &["-q"]).output().unwrap().stdout)
        .unwrap()
        .trim()
        .to_string();
    let out = org
        .elevate("bob")
        .args(["approve", &again])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains(&format!(
            "console: https://d-1234567890.awsapps.com/start/#/console?account_id={dev}&role_name=AdministratorAccess"
        )),
        "{}",
        stderr_of(&out)
    );
}
