//! Behaviour that needs no emulator: usage errors, no-TTY runs, help.

use assert_cmd::Command;
use predicates::str::contains;

fn elevate() -> Command {
    let home = tempfile::tempdir().unwrap().keep();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_elevate"));
    cmd.env_clear()
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("NO_COLOR", "1")
        .write_stdin("");
    cmd
}

#[test]
fn without_a_terminal_a_missing_value_names_its_flag() {
    elevate()
        .args([
            "request",
            "--account",
            "111122223333",
            "--reason",
            "why not",
        ])
        .assert()
        .code(2)
        .stderr(contains("--permission-set is required"));
    elevate()
        .args(["request", "--permission-set", "X", "--reason", "why not"])
        .assert()
        .code(2)
        .stderr(contains("--account is required"));
    elevate()
        .args(["reject", "r-0123456789"])
        .assert()
        .code(2)
        .stderr(contains("--comment is required"));
}

#[test]
fn malformed_values_are_usage_errors() {
    elevate()
        .args([
            "request",
            "-a",
            "111122223333",
            "-p",
            "X",
            "-r",
            "why",
            "-d",
            "forever",
        ])
        .assert()
        .code(2)
        .stderr(contains("30m, 2h or 1h30m"));
    elevate()
        .args(["request", "--for", "alice"])
        .assert()
        .code(2)
        .stderr(contains("user:<name> or group:<name>"));
    elevate().args(["show", "nope"]).assert().code(2);
    elevate().args(["list", "--mine", "--all"]).assert().code(2);
}

#[test]
fn a_missing_policy_says_how_to_fix_it() {
    elevate()
        .args(["request", "-a", "111122223333", "-p", "X", "-r", "because"])
        .assert()
        .code(1)
        .stderr(contains("cannot read the policy file"))
        .stderr(contains("--policy"));
}

#[test]
fn help_teaches() {
    elevate()
        .arg("--help")
        .assert()
        .success()
        .stdout(contains("Exit codes"))
        .stdout(contains("request"));
    elevate()
        .args(["request", "--help"])
        .assert()
        .success()
        .stdout(contains("Examples:"))
        .stdout(contains("--for"));
}

#[test]
fn list_and_show_need_no_aws() {
    // No credentials at all: the ledger alone answers.
    elevate()
        .args(["list", "--all"])
        .assert()
        .success()
        .stderr(contains("no matching requests"));
    elevate().args(["show", "r-0123456789"]).assert().code(6);
}

#[test]
fn relative_times_that_start_with_a_minus_are_values_not_flags() {
    // As `audit --help` and docs/commands.md show them.
    elevate()
        .args(["audit", "--since", "-30d", "--until", "-1d"])
        .assert()
        .success()
        .stderr(contains("no requests match"));
    elevate()
        .args(["audit", "--since", "-3x"])
        .assert()
        .code(2)
        .stderr(contains("--since"));
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    use std::io::BufRead;
    // `elevate completions bash | head -1`: the scripts are larger than
    // a pipe holds, so elevate writes after the reader has gone.
    for args in [["completions", "bash"], ["completions", "zsh"]] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_elevate"))
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        assert!(!first.is_empty(), "{args:?}");
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}
