//! What people read rather than what elevate does: `--help`, the manual pages, shell
//! completion, and output cut short by a reader that stops early.

use std::process::{Command, Stdio};

use crate::harness::{Org, json, snapshot, stderr_of};

const ADMIN: &str = "AdministratorAccess";

/// The binary with nothing from this machine: no terminal, no config, 80 columns.
fn bare() -> Command {
    let home = tempfile::tempdir().unwrap().keep();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_elevate"));
    cmd.env_clear()
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("COLUMNS", "80")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn help_lists_commands_by_role_and_global_options_last() {
    // Commands under headings by role (no "Commands:"), the global options after them.
    let top = stdout(bare().arg("--help"));
    assert!(top.lines().all(|l| l.chars().count() <= 80), "{top}");
    snapshot("help.txt", &top);

    // A command's own options first, the global ones (--profile, --output, --utc, --color)
    // after them.
    for (args, name) in [
        (&["request", "--help"][..], "help-request.txt"),
        (&["audit", "verify", "-h"], "help-audit-verify.txt"),
        (&["man", "-h"], "help-man.txt"),
    ] {
        snapshot(name, &stdout(bare().args(args)));
    }
}

#[test]
fn examples_are_printed_as_written_at_80_columns_and_narrower() {
    for columns in ["80", "50"] {
        let help = stdout(bare().env("COLUMNS", columns).args(["request", "--help"]));
        let examples = &help[help.find("\nExamples:\n").expect(&help)..];
        snapshot(&format!("request-help-examples-{columns}.txt"), examples);
    }
}

#[test]
fn manual_pages_have_examples_exit_status_environment_files_and_see_also() {
    let dir = tempfile::tempdir().unwrap();
    let out = bare()
        .args(["man", "--out-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    let request = read("elevate-request.1");
    for section in [
        ".SH EXAMPLES\n.EX\n",
        "\n.EE\n",
        ".SH \"EXIT STATUS\"",
        ".SH ENVIRONMENT",
        ".SH FILES",
        ".SH \"SEE ALSO\"",
    ] {
        assert!(request.contains(section), "{section:?}:\n{request}");
    }
    let top = read("elevate.1");
    for needle in [
        "ELEVATE_STORE",
        "ELEVATE_LOG",
        "AWS_CONFIG_FILE",
        "NO_COLOR",
        "ledger.db",
        "config.toml",
        "policy.toml",
        "elevate\\-config",
        "aws\\fR(1)",
    ] {
        assert!(top.contains(needle), "{needle:?} not in elevate.1");
    }
    let config = read("elevate-config.5");
    let policy = read("elevate-policy.5");
    assert!(config.contains(".TH elevate-config 5"), "{config}");
    assert!(policy.contains(".TH elevate-policy 5"), "{policy}");
    // Rendered as a reader would see them, where groff is installed.
    if Command::new("groff").arg("-v").output().is_ok() {
        for (page, line) in [
            (
                "elevate-request.1",
                "      --start 'tomorrow 06:00' -r 'CHG-118 DB upgrade'",
            ),
            ("elevate-config.5", "store = \"dynamodb:elevate-ledger\""),
            (
                "elevate-policy.5",
                "approvers = [\"group:Security\", \"user:carol\"]",
            ),
        ] {
            // Plain text: no escape sequences, no overstriking.
            let out = Command::new("groff")
                .args(["-man", "-Tutf8", "-k", "-P-c", "-P-b", "-P-u"])
                .arg(dir.path().join(page))
                .output()
                .unwrap();
            assert!(out.status.success(), "{page}: {}", stderr_of(&out));
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(text.contains("\nEXAMPLES\n"), "{page}:\n{text}");
            // Not filled, not justified: the line as written, whole.
            assert!(
                text.lines().any(|l| l.trim_end().ends_with(line)),
                "{page}: {line:?} not kept whole:\n{text}"
            );
        }
    }
}

/// Runs `cmd` with stdout a pipe whose reader is gone before anything is written: what
/// `| head -1` becomes as soon as head has its line.
fn with_closed_stdout(cmd: &mut Command) -> std::process::Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

#[test]
fn a_reader_that_stops_early_ends_help_completions_and_man_quietly() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["request", "--help"],
        &["help", "audit"],
        &["--version"],
        &["completions", "bash"],
        &["man"],
    ] {
        let out = with_closed_stdout(bare().args(args));
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr_of(&out));
        assert!(out.stderr.is_empty(), "{args:?}: {}", stderr_of(&out));
    }
}

#[test]
fn a_reader_that_stops_early_ends_ledger_output_quietly() {
    let org = Org::new();
    let id = org.ask_admin_on_dev("alice", "closed pipes");
    json(
        org.elevate("admin")
            .args(["policy", "apply", "--no-input"])
            .arg(org.policy_path()),
    );
    for args in [
        &["list", "--all"][..],
        &["list", "--all", "-o", "json"],
        &["show", &id],
        &["show", &id, "-o", "json"],
        &["audit"],
        &["audit", "--format", "csv"],
        &["audit", "--format", "jsonl"],
        &["policy", "show"],
    ] {
        let out = with_closed_stdout(org.process("bob").args(args).arg("-q"));
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr_of(&out));
        assert!(out.stderr.is_empty(), "{args:?}: {}", stderr_of(&out));
    }
}

/// The candidates `COMPLETE=bash elevate` offers for `words`, the last being completed.
fn complete(mut cmd: Command, words: &[&str]) -> Vec<String> {
    let out = cmd
        .env("COMPLETE", "bash")
        .env("_CLAP_COMPLETE_INDEX", (words.len() - 1).to_string())
        .env("_CLAP_IFS", "\n")
        .arg("--")
        .args(words)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "{words:?}: {}", stderr_of(&out));
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn dynamic_completion_offers_commands_flags_requests_accounts_and_profiles() {
    let script = stdout(bare().env("COMPLETE", "bash"));
    assert!(script.contains("complete -o nospace"), "{script}");
    assert!(complete(bare(), &["elevate", "re"]).contains(&"request".to_string()));
    assert!(complete(bare(), &["elevate", "show", "--st"]).contains(&"--store".to_string()));

    let org = Org::new();
    let request = |reason: &str| org.ask_admin_on_dev("alice", reason);
    let cancelled = request("first, then withdrawn");
    org.elevate("alice")
        .args(["cancel", &cancelled])
        .assert()
        .success();
    let pending = request("second, still pending");
    for command in ["show", "approve", "revoke", "wait", "credentials"] {
        let offered = complete(org.process("bob"), &["elevate", command, "r-"]);
        assert_eq!(
            offered,
            vec![pending.clone(), cancelled.clone()],
            "`elevate {command}` offers the open request first"
        );
    }
    // The ledger the command line names, not the default one.
    let elsewhere = complete(
        org.process("bob"),
        &[
            "elevate",
            "--store",
            "sqlite:/nonexistent/ledger.db",
            "show",
            "",
        ],
    );
    assert!(
        elsewhere.iter().all(|c| !c.starts_with("r-")),
        "{elsewhere:?}"
    );
    assert!(
        !std::path::Path::new("/nonexistent/ledger.db").exists(),
        "completion created a ledger"
    );

    // Accounts and permission sets from the listing cache `eligible` fills.
    org.elevate("alice").args(["eligible"]).assert().success();
    let accounts = complete(org.process("alice"), &["elevate", "request", "-a", ""]);
    assert!(accounts.contains(&org.dev()), "{accounts:?}");
    let sets = complete(org.process("alice"), &["elevate", "request", "-p", "Adm"]);
    assert_eq!(sets, vec![ADMIN.to_string()]);

    let aws = org.dir.path().join("aws-config-profiles");
    std::fs::write(
        &aws,
        "[default]\n[profile prod-admin]\n[profile ci]\n[sso-session corp]\n",
    )
    .unwrap();
    let mut cmd = org.process("alice");
    cmd.env("AWS_CONFIG_FILE", &aws);
    assert_eq!(
        complete(cmd, &["elevate", "list", "--profile", "p"]),
        vec!["prod-admin".to_string()]
    );
}
