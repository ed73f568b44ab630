//! elevate beside the AWS CLI, against one local emulator, in one run: start-up
//! (`--version`), a full auto-approved grant against `aws sso-admin
//! create-account-assignment` + one status call, and `revoke` against
//! `delete-account-assignment` + one status call; medians of `BENCH_RUNS` (15) runs each,
//! interleaved, and their ratios. Then the AWS calls each elevate command makes, counted from
//! the SDK's own spans, next to the fewest the job needs.
//!
//! The AWS CLI comes from `BENCH_AWS_CLI` (bench/run installs it from PyPI into
//! bench/.venv-awscli). Both sides are separate processes talking HTTP to the same emulator,
//! so the emulator's own time is in both; the ratio is what a user would feel locally, not
//! against AWS, where network round trips dominate both. Run: `bench/run`, or
//! `BENCH_AWS_CLI=<path to aws> cargo bench --bench cli`.

#[path = "../tests/support/emulator.rs"]
mod emulator;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const ACCOUNT: &str = "400000000000";
const ADMIN: &str = "AdministratorAccess";
const READONLY: &str = "ReadOnlyAccess";

const POLICY: &str = r#"
[settings]
max_duration = "8h"
reason_min_length = 5

[[rule]]
name = "engineers-admin"
principals = ["group:Engineers"]
accounts = ["*"]
permission_sets = ["AdministratorAccess"]
max_duration = "4h"
approval = "auto"

[[rule]]
name = "engineers-readonly"
principals = ["group:Engineers"]
accounts = ["*"]
permission_sets = ["ReadOnlyAccess"]
approval = "required"
approvers = ["group:Approvers"]
"#;

/// The fewest AWS calls each command's job needs, and why: what the calls table compares to.
const MINIMUM: [(&str, u32, &str); 9] = [
    ("--version", 0, "nothing to ask AWS"),
    (
        "request (auto-approved grant)",
        6,
        "who is calling (GetCallerIdentity), their user and groups for policy (GetUserId, ListGroupMembershipsForMember), access they already have (ListAccountAssignments), the grant (CreateAccountAssignment) and its guaranteed end (CreateSchedule); + status polls while Identity Center says IN_PROGRESS",
    ),
    (
        "revoke",
        3,
        "who is calling (GetCallerIdentity), the removal (DeleteAccountAssignment), its schedule (DeleteSchedule)",
    ),
    (
        "request (needs approval)",
        3,
        "who is calling and their groups for policy (GetCallerIdentity, GetUserId, ListGroupMembershipsForMember)",
    ),
    (
        "approve (granting)",
        6,
        "who is approving and their groups (3), access already there (ListAccountAssignments), the grant and its end (CreateAccountAssignment, CreateSchedule)",
    ),
    (
        "list --mine",
        2,
        "who is calling, as a user (GetCallerIdentity, GetUserId)",
    ),
    (
        "eligible (warm cache)",
        3,
        "who is calling and their groups (GetCallerIdentity, GetUserId, ListGroupMembershipsForMember)",
    ),
    ("show", 0, "the ledger only"),
    (
        "reconcile (nothing due)",
        2,
        "who is calling (GetCallerIdentity), the schedules, to find any left behind (ListSchedules); + one ListAccountAssignments per elevation ended within the day (the drift check)",
    ),
];

struct World {
    seed: Value,
    dir: tempfile::TempDir,
    elevate: PathBuf,
    aws: PathBuf,
}

impl World {
    fn field(&self, path: &[&str]) -> String {
        let mut v = &self.seed;
        for p in path {
            v = &v[*p];
        }
        v.as_str().unwrap_or_else(|| panic!("{path:?}")).to_string()
    }

    /// A hermetic environment for `who`: the emulator as the endpoint, their session's
    /// short-lived credentials, nothing from this machine's AWS config.
    fn env(&self, cmd: &mut Command, who: &str) {
        let home = self.dir.path();
        let c = &self.seed["credentials"][who];
        cmd.env_clear()
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("AWS_CONFIG_FILE", home.join("aws-config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", home.join("aws-credentials"))
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_ENDPOINT_URL", &emulator::emulator().endpoint)
            .env("AWS_REGION", "us-east-1")
            .env("AWS_PAGER", "")
            .env("AWS_ACCESS_KEY_ID", c["AccessKeyId"].as_str().unwrap())
            .env(
                "AWS_SECRET_ACCESS_KEY",
                c["SecretAccessKey"].as_str().unwrap(),
            )
            .env("AWS_SESSION_TOKEN", c["SessionToken"].as_str().unwrap())
            .env(
                "ELEVATE_STORE",
                format!("sqlite:{}", home.join("ledger.db").display()),
            )
            .env("ELEVATE_POLICY", home.join("policy.toml"))
            .env(
                "ELEVATE_SCHEDULER_ROLE_ARN",
                format!("arn:aws:iam::{ACCOUNT}:role/elevate-scheduler"),
            )
            .env("ELEVATE_INSTANCE_ARN", self.field(&["instance_arn"]))
            .env(
                "ELEVATE_IDENTITY_STORE_ID",
                self.field(&["identity_store_id"]),
            )
            .env("ELEVATE_IDENTITY_ACCOUNT", ACCOUNT)
            .env("NO_COLOR", "1");
    }

    fn elevate(&self, who: &str, args: &[&str]) -> Command {
        let mut cmd = Command::new(&self.elevate);
        self.env(&mut cmd, who);
        cmd.args(args);
        cmd
    }

    fn aws(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(&self.aws);
        self.env(&mut cmd, "alice");
        cmd.args(args).args([
            "--endpoint-url",
            &emulator::emulator().endpoint,
            "--region",
            "us-east-1",
            "--output",
            "json",
        ]);
        cmd
    }
}

/// Runs `cmd`, which must succeed; its output and how long it took.
fn timed(cmd: &mut Command) -> (Output, Duration) {
    let start = Instant::now();
    let out = cmd.output().expect("start the command");
    let took = start.elapsed();
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (out, took)
}

fn stdout_json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

fn median(mut samples: Vec<Duration>) -> f64 {
    samples.sort();
    samples[samples.len() / 2].as_secs_f64() * 1e3
}

/// The AWS operations one command called, by name: one per SDK invocation (retries included
/// in it), from the SDK's spans in the debug log.
fn calls_of(cmd: &mut Command) -> BTreeMap<String, u32> {
    let out = cmd.env("ELEVATE_LOG", "debug").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let span =
        regex::Regex::new(r#"rpc\.method="([A-Za-z]+)"[^}]*sdk_invocation_id=(\d+)"#).unwrap();
    let log = String::from_utf8_lossy(&out.stderr);
    let mut seen = std::collections::BTreeSet::new();
    for c in span.captures_iter(&log) {
        seen.insert((c[1].to_string(), c[2].to_string()));
    }
    let mut by_op = BTreeMap::new();
    for (op, _) in seen {
        *by_op.entry(op).or_insert(0) += 1;
    }
    by_op
}

fn main() {
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(15);
    let aws = std::env::var_os("BENCH_AWS_CLI").map(PathBuf::from).expect(
        "BENCH_AWS_CLI is not set: run bench/run, which installs the AWS CLI from PyPI into bench/.venv-awscli",
    );
    assert!(
        Path::new(&aws).exists(),
        "BENCH_AWS_CLI={} does not exist",
        aws.display()
    );
    let endpoint = emulator::emulator().endpoint.clone();
    let world = World {
        seed: emulator::script(&["seed", "--endpoint", &endpoint, "--account", ACCOUNT]),
        dir: tempfile::tempdir().unwrap(),
        elevate: PathBuf::from(env!("CARGO_BIN_EXE_elevate")),
        aws,
    };
    for (file, text) in [
        ("policy.toml", POLICY),
        ("aws-config", ""),
        ("aws-credentials", ""),
    ] {
        std::fs::write(world.dir.path().join(file), text).unwrap();
    }
    let dev = world.field(&["accounts", "dev"]);
    let instance = world.field(&["instance_arn"]);
    let admin_arn = world.field(&["permission_sets", ADMIN]);
    let carol = world.field(&["users", "carol"]);
    let aws_version = String::from_utf8_lossy(&timed(&mut world.aws(&["--version"])).0.stdout)
        .trim()
        .to_string();
    // A user's second command finds the directory cache warm.
    timed(&mut world.elevate("alice", &["eligible"]));
    timed(&mut world.elevate("bob", &["eligible"]));

    let reason = "benchmark run";
    let request = [
        "request", "-a", &dev, "-p", ADMIN, "-d", "1h", "-r", reason, "-o", "json",
    ];
    let target = [
        "--instance-arn",
        &instance,
        "--target-id",
        &dev,
        "--target-type",
        "AWS_ACCOUNT",
        "--permission-set-arn",
        &admin_arn,
        "--principal-type",
        "USER",
        "--principal-id",
        &carol,
    ];
    let mut samples: BTreeMap<&str, Vec<Duration>> = BTreeMap::new();
    for _ in 0..runs {
        samples
            .entry("elevate --version")
            .or_default()
            .push(timed(&mut world.elevate("alice", &["--version"])).1);
        samples
            .entry("aws --version")
            .or_default()
            .push(timed(&mut world.aws(&["--version"])).1);

        let (out, took) = timed(&mut world.elevate("alice", &request));
        let granted = stdout_json(&out);
        assert_eq!(granted["status"], "active", "{granted}");
        let id = granted["id"].as_str().unwrap().to_string();
        samples.entry("elevate grant").or_default().push(took);

        let (out, create) = timed(
            world
                .aws(&["sso-admin", "create-account-assignment"])
                .args(target),
        );
        let rid = stdout_json(&out)["AccountAssignmentCreationStatus"]["RequestId"]
            .as_str()
            .unwrap()
            .to_string();
        let (_, status) = timed(&mut world.aws(&[
            "sso-admin",
            "describe-account-assignment-creation-status",
            "--instance-arn",
            &instance,
            "--account-assignment-creation-request-id",
            &rid,
        ]));
        samples
            .entry("aws grant")
            .or_default()
            .push(create + status);

        let (_, took) = timed(&mut world.elevate("alice", &["revoke", &id, "-q"]));
        samples.entry("elevate revoke").or_default().push(took);

        let (out, delete) = timed(
            world
                .aws(&["sso-admin", "delete-account-assignment"])
                .args(target),
        );
        let rid = stdout_json(&out)["AccountAssignmentDeletionStatus"]["RequestId"]
            .as_str()
            .unwrap()
            .to_string();
        let (_, status) = timed(&mut world.aws(&[
            "sso-admin",
            "describe-account-assignment-deletion-status",
            "--instance-arn",
            &instance,
            "--account-assignment-deletion-request-id",
            &rid,
        ]));
        samples
            .entry("aws revoke")
            .or_default()
            .push(delete + status);
    }
    let ms: BTreeMap<&str, f64> = samples.into_iter().map(|(k, v)| (k, median(v))).collect();

    println!("| operation ({runs} runs, median) | elevate | AWS CLI ({aws_version}) | ratio |");
    println!("|---|---|---|---|");
    let mut side_by_side = Vec::new();
    for (what, ours, theirs, note) in [
        (
            "start-up: `--version`",
            "elevate --version",
            "aws --version",
            "",
        ),
        (
            "grant",
            "elevate grant",
            "aws grant",
            "elevate: identity, policy, pre-existing check, create, schedule, ledger; aws: create + 1 status call",
        ),
        (
            "revoke",
            "elevate revoke",
            "aws revoke",
            "elevate: identity, delete, schedule, ledger; aws: delete + 1 status call",
        ),
    ] {
        let ratio = ms[ours] / ms[theirs];
        println!(
            "| {what} | {:.1} ms | {:.1} ms | {ratio:.2}× |",
            ms[ours], ms[theirs]
        );
        side_by_side.push(json!({
            "operation": what,
            "elevate_ms": (ms[ours] * 10.0).round() / 10.0,
            "aws_cli_ms": (ms[theirs] * 10.0).round() / 10.0,
            "ratio": (ratio * 100.0).round() / 100.0,
            "what": note,
        }));
    }

    // AWS calls per command.
    let counted: Vec<(&str, BTreeMap<String, u32>)> = {
        let granted = stdout_json(&timed(&mut world.elevate("alice", &request)).0);
        let id = granted["id"].as_str().unwrap().to_string();
        let mut out = vec![
            (
                "--version",
                calls_of(&mut world.elevate("alice", &["--version"])),
            ),
            (
                "revoke",
                calls_of(&mut world.elevate("alice", &["revoke", &id, "-q"])),
            ),
        ];
        out.insert(
            1,
            (
                "request (auto-approved grant)",
                calls_of(&mut world.elevate("alice", &request)),
            ),
        );
        let asking = [
            "request", "-a", &dev, "-p", READONLY, "-d", "1h", "-r", reason, "-o", "json",
        ];
        let pending = stdout_json(&timed(&mut world.elevate("dave", &asking)).0);
        let pending_id = pending["id"].as_str().unwrap().to_string();
        out.push((
            "request (needs approval)",
            calls_of(&mut world.elevate("alice", &asking)),
        ));
        out.push((
            "approve (granting)",
            calls_of(&mut world.elevate("bob", &["approve", &pending_id, "-q"])),
        ));
        out.push((
            "list --mine",
            calls_of(&mut world.elevate("alice", &["list"])),
        ));
        out.push((
            "eligible (warm cache)",
            calls_of(&mut world.elevate("alice", &["eligible"])),
        ));
        out.push((
            "show",
            calls_of(&mut world.elevate("alice", &["show", &pending_id])),
        ));
        // Everything open is in order: nothing due, only the sweep for stale schedules.
        out.push((
            "reconcile (nothing due)",
            calls_of(&mut world.elevate("bob", &["reconcile"])),
        ));
        out
    };
    // The drift check looks at each elevation that ended within the day.
    let ended_today =
        stdout_json(&timed(&mut world.elevate("bob", &["list", "--all", "-o", "json"])).0)
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["status"] == "revoked" || r["status"] == "ended")
            .count() as u32;
    println!();
    println!("| command | AWS calls | minimum | the calls | what the minimum is |");
    println!("|---|---|---|---|---|");
    let mut calls_json = Vec::new();
    for (command, by_op) in &counted {
        let total: u32 = by_op.values().sum();
        let (_, minimum, why) = MINIMUM
            .iter()
            .find(|(c, _, _)| c == command)
            .unwrap_or_else(|| panic!("no minimum for {command}"));
        let minimum = if command.starts_with("reconcile") {
            minimum + ended_today
        } else {
            *minimum
        };
        let ops: Vec<String> = by_op
            .iter()
            .map(|(op, n)| {
                if *n > 1 {
                    format!("{op}×{n}")
                } else {
                    op.clone()
                }
            })
            .collect();
        println!(
            "| `{command}` | {total} | {minimum} | {} | {why} |",
            ops.join(", ")
        );
        calls_json.push(json!({
            "command": command,
            "calls": total,
            "minimum": minimum,
            "by_operation": by_op,
            "minimum_is": why,
        }));
    }
    println!(
        "{}",
        json!({
            "bench": "cli",
            "runs": runs,
            "aws_cli": aws_version,
            "side_by_side": side_by_side,
            "calls_per_command": calls_json,
        })
    );
}
