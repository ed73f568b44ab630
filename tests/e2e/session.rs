//! From a grant to a working session: `credentials`, `profile` and `run`, with the user's own
//! Identity Center sign-in. moto does not serve the access portal, so a fake one
//! (tests/support/portal.rs) answers GetRoleCredentials from the emulator's assignments; the
//! sign-in is a real token-cache file in the test's HOME, as `aws sso login` leaves it.

use std::io::BufRead;
use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;
use sha1::Digest;

use crate::harness::portal::Portal;
use crate::harness::{Org, json, mask, snapshot, stderr_of};

const ADMIN: &str = "AdministratorAccess";
const START: &str = "https://d-9067000000.awsapps.com/start";

/// An organisation whose people sign in to a portal.
struct Signed {
    org: Org,
    portal: Portal,
}

impl Signed {
    fn new() -> Signed {
        let org = Org::new();
        let portal = Portal::start(org.portal_decision(), 3600);
        std::fs::write(
            org.dir.path().join("aws-config"),
            format!(
                "[profile corp]\nsso_session = corp\n\n[sso-session corp]\nsso_start_url = {START}\nsso_region = us-east-1\n"
            ),
        )
        .unwrap();
        Signed { org, portal }
    }

    /// `user` signs in (`aws sso login --sso-session corp`), their token valid for `valid`
    /// more seconds (negative: expired).
    fn sign_in(&self, user: &str, valid: i64) {
        let token = self.portal.sign_in(user);
        self.cache_token(&token, valid);
    }

    fn cache_token(&self, token: &str, valid: i64) {
        let cache = self.org.dir.path().join(".aws/sso/cache");
        std::fs::create_dir_all(&cache).unwrap();
        let name: String = sha1::Sha1::digest(b"corp")
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let expires = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(valid);
        std::fs::write(
            cache.join(format!("{name}.json")),
            serde_json::json!({
                "startUrl": START,
                "region": "us-east-1",
                "accessToken": token,
                "expiresAt": expires.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
            })
            .to_string(),
        )
        .unwrap();
    }

    fn elevate(&self, who: &str) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::from_std(self.process(who));
        cmd.write_stdin("");
        cmd
    }

    fn process(&self, who: &str) -> std::process::Command {
        let mut cmd = self.org.process(who);
        cmd.env("AWS_ENDPOINT_URL_SSO", &self.portal.endpoint)
            .env("ELEVATE_SSO_START_URL", START);
        cmd
    }

    /// The id of alice's request for AdministratorAccess on dev, pending.
    fn pending(&self) -> String {
        self.org.ask_admin_on_dev("alice", "fix INC-9")
    }

    /// The same, approved by bob: active.
    fn active(&self) -> Value {
        let id = self.pending();
        json(self.org.elevate("bob").args(["approve", &id]))
    }

    fn status(&self, id: &str) -> String {
        let shown = json(self.org.elevate("alice").args(["show", id]));
        shown["request"]["status"].as_str().unwrap().to_string()
    }

    /// No secret the portal handed out appears in `text`.
    fn assert_no_secret(&self, text: &str) {
        for secret in self.portal.secrets() {
            assert!(!text.contains(&secret), "a secret leaked: {text}");
        }
    }
}

#[test]
fn credentials_come_from_the_users_own_sign_in_in_each_form_and_are_never_logged() {
    let s = Signed::new();
    s.sign_in("alice", 3600);
    let r = s.active();
    let id = r["id"].as_str().unwrap();
    let end: jiff::Timestamp = r["end_at"].as_str().unwrap().parse().unwrap();

    // Just granted: the portal still says Forbidden twice; elevate asks again.
    s.portal.provisioning_for(2);
    let out = s
        .elevate("alice")
        .args(["credentials", id, "-vvv"])
        .env("ELEVATE_LOG", "trace")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let creds: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(creds["Version"], 1);
    assert!(
        creds["AccessKeyId"]
            .as_str()
            .unwrap()
            .starts_with("ASIAPORTAL")
    );
    assert_eq!(
        creds["SecretAccessKey"].as_str().unwrap(),
        s.portal.secrets().last().unwrap()
    );
    // The portal's credentials last the session duration (1h from now), past the elevation's
    // end (1h from the approval): the tools are told the earlier.
    let expiration: jiff::Timestamp = creds["Expiration"].as_str().unwrap().parse().unwrap();
    assert!(expiration <= end, "{expiration} > {end}");
    let asked: Vec<u16> = s.portal.asked().iter().map(|a| a.status).collect();
    assert_eq!(asked, [403, 403, 200], "asked again while provisioning");
    assert!(s.portal.asked().iter().all(|a| {
        a.user.as_deref() == Some("alice") && a.account == s.org.dev() && a.role == ADMIN
    }));
    let err = stderr_of(&out);
    assert!(err.contains("provisioning"), "{err}");
    // The most verbose log there is, the SDK's included: no secret, no token.
    s.assert_no_secret(&err);
    assert!(!err.contains("portalTOKEN"), "{err}");
    assert!(
        !err.contains("aoa-token-"),
        "the sign-in's token leaked: {err}"
    );

    // --export: eval-able lines a shell reads back exactly.
    let out = s
        .elevate("alice")
        .args(["credentials", id, "--export"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    // Without -v the SDK's detail stays out of sight (capping the secret-bearing logs never
    // turns them on).
    assert!(!stderr_of(&out).contains("debug"), "{}", stderr_of(&out));
    let export = String::from_utf8(out.stdout).unwrap();
    let seen = std::process::Command::new("sh")
        .args([
            "-c",
            r#"eval "$1"; printf '%s %s' "$AWS_SECRET_ACCESS_KEY" "$AWS_CREDENTIAL_EXPIRATION""#,
            "sh",
            &export,
        ])
        .output()
        .unwrap();
    let seen = String::from_utf8(seen.stdout).unwrap();
    let (secret, expiry) = seen.split_once(' ').unwrap();
    assert_eq!(secret, s.portal.secrets().last().unwrap());
    assert!(expiry.parse::<jiff::Timestamp>().unwrap() <= end);

    // --env-file: NAME=value lines, nothing else.
    let out = s
        .elevate("alice")
        .args(["credentials", id, "--env-file"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let names: Vec<&str> = text.lines().map(|l| l.split_once('=').unwrap().0).collect();
    assert_eq!(
        names,
        [
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
            "AWS_CREDENTIAL_EXPIRATION"
        ]
    );
}

#[test]
fn a_sign_in_that_has_no_such_role_is_denied_naming_whom_the_access_is_for() {
    let s = Signed::new();
    let r = s.active();
    let id = r["id"].as_str().unwrap();
    // bob signed in: the portal gives him no AdministratorAccess on dev.
    s.sign_in("bob", 3600);
    let out = s
        .elevate("bob")
        .args(["credentials", id, "--timeout", "3s"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(err.contains("user:alice"), "{err}");
    assert!(err.contains("aws sso login --sso-session corp"), "{err}");
    assert!(out.stdout.is_empty());
    assert!(s.portal.asked().len() >= 2, "asked again until the timeout");
}

#[test]
fn a_stale_sign_in_says_the_exact_login_command_to_run() {
    let s = Signed::new();
    let r = s.active();
    let id = r["id"].as_str().unwrap();
    let expect_login = |out: &std::process::Output| {
        assert_eq!(out.status.code(), Some(1), "{}", stderr_of(out));
        let e: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(e["error"]["code"], "signed_out", "{e}");
        let message = e["error"]["message"].as_str().unwrap();
        assert!(
            message.contains("run `aws sso login --sso-session corp`, then this command again"),
            "{message}"
        );
    };
    // Never signed in: no token cached.
    let out = s
        .elevate("alice")
        .args(["credentials", id, "-o", "json"])
        .output()
        .unwrap();
    expect_login(&out);
    // Signed in yesterday: the token expired (and has no refresh token).
    s.sign_in("alice", -3600);
    let out = s
        .elevate("alice")
        .args(["credentials", id, "-o", "json"])
        .output()
        .unwrap();
    expect_login(&out);
    assert!(s.portal.asked().is_empty(), "an expired token is not sent");
    // A token the portal no longer knows (signed out elsewhere): 401.
    s.cache_token("aoa-token-revoked", 3600);
    let out = s
        .elevate("alice")
        .args(["credentials", id, "-o", "json"])
        .output()
        .unwrap();
    expect_login(&out);
    assert_eq!(s.portal.asked()[0].status, 401);
}

#[test]
fn credentials_are_for_a_program_not_a_screen_and_only_while_granted() {
    let s = Signed::new();
    s.sign_in("alice", 3600);
    let pending = s.pending();
    let id = pending.as_str();
    let out = s
        .elevate("alice")
        .args(["credentials", id])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains(&format!("elevate wait {id}")),
        "{}",
        stderr_of(&out)
    );
    assert!(
        s.portal.asked().is_empty(),
        "nothing is asked for a pending request"
    );
    json(s.org.elevate("bob").args(["approve", id]));
    json(s.org.elevate("alice").args(["revoke", id]));
    let out = s
        .elevate("alice")
        .args(["credentials", id])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("is revoked"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn profile_write_adds_a_profile_that_works_holds_no_secret_and_leaves_others_alone() {
    let s = Signed::new();
    s.sign_in("alice", 3600);
    let r = s.active();
    let id = r["id"].as_str().unwrap();
    let config = s.org.dir.path().join("aws-config");
    let before = std::fs::read_to_string(&config).unwrap();

    let out = s
        .elevate("alice")
        .args(["profile", id, "--write"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let written = std::fs::read_to_string(&config).unwrap();
    assert!(
        written.starts_with(&before),
        "the user's profiles are kept as they were"
    );
    // Named by the account's name in the organisation; its credential_process runs `elevate
    // credentials` of this request.
    snapshot(
        "profile-write.ini",
        &s.org.masked(&mask(&written, id, "REQUEST")),
    );
    let line = written
        .lines()
        .find_map(|l| l.strip_prefix("credential_process = "))
        .unwrap()
        .to_string();

    // What the AWS CLI does with the profile: run the line with `sh -c`, from anywhere, with
    // nothing of elevate's environment but HOME and the AWS config.
    let home = s.org.dir.path();
    let run = std::process::Command::new("sh")
        .args(["-c", &line])
        .current_dir("/")
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("AWS_CONFIG_FILE", &config)
        .env("AWS_ENDPOINT_URL_SSO", &s.portal.endpoint)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr_of(&run));
    let creds: Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(creds["Version"], 1);
    s.assert_no_secret(&std::fs::read_to_string(&config).unwrap());

    // Again (or for another request of the same access): the section is replaced, not doubled.
    let out = s
        .elevate("alice")
        .args(["profile", id, "--write"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let again = std::fs::read_to_string(&config).unwrap();
    assert_eq!(
        again
            .matches("[profile elevate-dev-administratoraccess]")
            .count(),
        1
    );
    assert_eq!(again, written);

    // A profile of the user's own by that name is never overwritten.
    let out = s
        .elevate("alice")
        .args(["profile", id, "--write", "--name", "corp"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("--name"), "{}", stderr_of(&out));
    assert_eq!(std::fs::read_to_string(&config).unwrap(), written);

    // Without --write: the section on stdout, for a person to paste.
    let out = s
        .elevate("alice")
        .args(["profile", id, "--name", "prod-fix"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("[profile prod-fix]\n"), "{text}");
}

/// alice's `elevate run` of `script` for AdministratorAccess on dev, as a process.
fn run_process(s: &Signed, script: &str) -> std::process::Command {
    let dev = s.org.dev();
    let mut cmd = s.process("alice");
    cmd.args([
        "run",
        "-a",
        &dev,
        "-p",
        ADMIN,
        "-d",
        "30m",
        "-r",
        "fix INC-9",
        "--",
        "sh",
        "-c",
        script,
    ]);
    cmd
}

#[test]
fn run_waits_for_approval_runs_the_command_with_the_credentials_and_gives_the_access_back() {
    let s = Signed::new();
    s.sign_in("alice", 3600);
    let mut cmd = run_process(
        &s,
        r#"echo "key=$AWS_ACCESS_KEY_ID request=$ELEVATE_REQUEST profile=${AWS_PROFILE-unset}"; exit 3"#,
    );
    // The profile elevate itself signs in with is not the command's.
    cmd.env("AWS_PROFILE", "corp");
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // bob approves while it waits.
    let id = loop {
        std::thread::sleep(Duration::from_millis(300));
        let list = json(s.org.elevate("bob").args(["list", "--to-approve"]));
        if let Some(id) = list[0]["id"].as_str() {
            break id.to_string();
        }
    };
    json(s.org.elevate("bob").args(["approve", &id]));
    let out = child.wait_with_output().unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(3), "the command's status: {err}");
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(said.starts_with("key=ASIAPORTAL"), "{said}");
    assert!(said.contains(&format!("request={id}")), "{said}");
    assert!(said.contains("profile=unset"), "{said}");
    assert!(err.contains(&format!("revoked {id}")), "{err}");
    s.assert_no_secret(&err);
    assert_eq!(s.status(&id), "revoked");
    assert!(
        s.org.assignments(&s.org.dev(), ADMIN).is_empty(),
        "the access is gone"
    );
}

const AUTO: &str = r#"
[settings]
max_duration = "8h"
reason_min_length = 5

[[rule]]
name = "engineers"
principals = ["group:Engineers"]
accounts = ["*"]
permission_sets = ["AdministratorAccess"]
max_duration = "4h"
approval = "auto"
"#;

#[test]
fn run_gives_the_access_back_after_a_normal_exit_and_after_a_sigterm() {
    let s = Signed::new();
    s.org.write_policy(AUTO);
    s.sign_in("alice", 3600);
    let list = || json(s.org.elevate("alice").args(["list", "--mine"]));

    // A normal exit: 0, and the elevation revoked.
    let out = run_process(&s, "aws_key=$AWS_ACCESS_KEY_ID; test -n \"$aws_key\"")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let first = list()[0]["id"].as_str().unwrap().to_string();
    assert_eq!(s.status(&first), "revoked");

    // SIGTERM to elevate: passed to the command, then the access is given back; 128+15.
    let mut child = run_process(&s, "echo started; exec sleep 30")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first_line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first_line)
        .unwrap();
    assert_eq!(first_line, "started\n");
    let started = std::time::Instant::now();
    let kill = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(143), "{}", stderr_of(&out));
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "the command was stopped, not waited for"
    );
    let second = list()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .find(|i| *i != first)
        .unwrap();
    assert_eq!(s.status(&second), "revoked", "{}", stderr_of(&out));
    assert!(s.org.assignments(&s.org.dev(), ADMIN).is_empty());
}

#[test]
fn run_signed_out_asks_for_nothing() {
    let s = Signed::new();
    s.sign_in("alice", -60);
    let out = run_process(&s, "echo ran").output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("aws sso login --sso-session corp"));
    assert!(out.stdout.is_empty(), "the command did not run");
    let mine = json(s.org.elevate("alice").args(["list", "--mine"]));
    assert_eq!(
        mine.as_array().unwrap().len(),
        0,
        "no request was made: {mine}"
    );
}

#[test]
fn run_says_so_when_the_access_ends_while_the_command_runs() {
    let s = Signed::new();
    s.org.write_policy(AUTO);
    s.sign_in("alice", 3600);
    let mut child = run_process(&s, "echo started; sleep 9; echo finished")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    assert_eq!(line, "started\n");
    // Ended early from elsewhere (alice's other terminal) while the command runs.
    let id = json(s.org.elevate("alice").args(["list", "--mine"]))[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    json(
        s.org
            .elevate("alice")
            .args(["revoke", &id, "--reason", "done from the other terminal"]),
    );
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut rest).unwrap();
    let out = child.wait_with_output().unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_eq!(rest, "finished\n", "the command was left to finish");
    // The grant, then that it was revoked and what that means for the running command; giving
    // back what is already over is fine: no error.
    // (How much longer AWS honours the credentials counts the seconds between the grant and
    // the sign-in's answer: the run's.)
    let after = regex::Regex::new(r"\d+m( \d+s)? after").unwrap();
    let err = after.replace(&err, "<LONGER> after");
    snapshot(
        "run-revoked-elsewhere.txt",
        &s.org.masked(&mask(&err, &id, "REQUEST")),
    );
    assert_eq!(s.status(&id), "revoked");
}
