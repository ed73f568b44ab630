//! The GitHub Action (`action.yml`, `action/`): its files parse, its installer picks the right
//! binary (with stubs for curl and cargo), and its steps ask, wait and give the access back with
//! the real binary against the emulator, as a runner would run them (node, then bash).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use crate::harness::{Org, json, python, repo, stderr_of};

const ADMIN: &str = "AdministratorAccess";

fn action_dir() -> PathBuf {
    repo().join("action")
}

#[test]
fn the_actions_files_parse_and_agree() {
    for script in ["install.sh", "main.sh", "post.sh"] {
        let out = Command::new("bash")
            .arg("-n")
            .arg(action_dir().join(script))
            .output()
            .unwrap();
        assert!(out.status.success(), "{script}: {}", stderr_of(&out));
    }
    for script in ["step.js", "main.js", "post.js"] {
        let out = Command::new("node")
            .arg("--check")
            .arg(action_dir().join(script))
            .output()
            .expect("node (the machine's Node.js) runs the action's steps");
        assert!(out.status.success(), "{script}: {}", stderr_of(&out));
    }
    // action.yml: read as YAML; its steps exist, run on a supported Node, the post step always
    // runs, and every input is one the steps pass on.
    let out = Command::new(python())
        .args([
            "-c",
            "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))",
        ])
        .arg(repo().join("action.yml"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let action: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(action["runs"]["using"], "node24");
    assert_eq!(action["runs"]["post-if"], "always()");
    for step in ["main", "post"] {
        let file = action["runs"][step].as_str().unwrap();
        assert!(repo().join(file).is_file(), "{file}");
    }
    assert!(action["outputs"]["id"].is_object());
    let step_js = std::fs::read_to_string(action_dir().join("step.js")).unwrap();
    let mut inputs: Vec<&str> = action["inputs"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    inputs.sort();
    for input in &inputs {
        assert!(
            step_js.contains(&format!("'{input}'")),
            "input {input} is not passed to the scripts"
        );
    }
    for required in ["account", "permission-set", "duration"] {
        assert_eq!(action["inputs"][required]["required"], true, "{required}");
    }
}

/// A directory of stub programs, first on PATH.
fn stubs(programs: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, body) in programs {
        let path = dir.path().join(name);
        std::fs::write(&path, format!("#!/usr/bin/env bash\n{body}\n")).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    dir
}

fn install(path_first: &Path, runner_temp: &Path, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new("bash");
    cmd.arg(action_dir().join("install.sh"))
        .env_clear()
        .env("PATH", format!("{}:/usr/bin:/bin", path_first.display()))
        .env("RUNNER_TEMP", runner_temp)
        .env("GITHUB_ACTION_REPOSITORY", "example/elevate")
        .env("GITHUB_ACTION_REF", "v1.2.0");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn stdout_line(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).trim_end().to_string()
}

#[test]
fn the_installer_uses_what_is_there_then_a_checked_release_then_cargo() {
    let temp = tempfile::tempdir().unwrap();
    // ELEVATE_BIN wins.
    let none = stubs(&[]);
    let bin = env!("CARGO_BIN_EXE_elevate");
    let out = install(none.path(), temp.path(), &[("ELEVATE_BIN", bin)]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(stdout_line(&out), bin);

    // One on PATH.
    let on_path = stubs(&[("elevate", "echo stub")]);
    let out = install(on_path.path(), temp.path(), &[]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(
        stdout_line(&out),
        on_path.path().join("elevate").display().to_string()
    );

    // None: the release of the action's ref, its checksum checked. The stub curl serves an
    // archive built here, and records what it was asked for.
    let release = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(release.path().join("pkg")).unwrap();
    std::fs::write(
        release.path().join("pkg/elevate"),
        "#!/bin/sh\necho released\n",
    )
    .unwrap();
    let status = Command::new("bash")
        .current_dir(release.path())
        .args([
            "-c",
            "chmod +x pkg/elevate && tar -cJf good.tar.xz -C pkg elevate && sha256sum good.tar.xz > good.sha256 && echo 0000 > bad.sha256",
        ])
        .status()
        .unwrap();
    assert!(status.success());
    let curl = |sha: &str| {
        format!(
            r#"echo "$@" >> "{log}"
out=""; url=""
while [ $# -gt 0 ]; do case "$1" in -o) out=$2; shift 2;; -*) shift;; *) url=$1; shift;; esac; done
case "$url" in
  *.sha256) cp "{dir}/{sha}.sha256" "$out";;
  *) cp "{dir}/good.tar.xz" "$out";;
esac"#,
            log = release.path().join("curl.log").display(),
            dir = release.path().display(),
        )
    };
    let good = stubs(&[("curl", &curl("good"))]);
    let temp = tempfile::tempdir().unwrap();
    let out = install(good.path(), temp.path(), &[]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let installed = stdout_line(&out);
    assert!(
        installed.starts_with(&temp.path().display().to_string()),
        "{installed}"
    );
    let ran = Command::new(&installed).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&ran.stdout), "released\n");
    let asked = std::fs::read_to_string(release.path().join("curl.log")).unwrap();
    assert!(
        asked.contains(
            "https://github.com/example/elevate/releases/download/v1.2.0/elevate-x86_64-unknown-linux-musl.tar.xz"
        ) || !cfg!(target_arch = "x86_64"),
        "{asked}"
    );

    // A checksum that does not match: refused, nothing installed.
    let bad = stubs(&[("curl", &curl("bad"))]);
    let temp = tempfile::tempdir().unwrap();
    let out = install(bad.path(), temp.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("does not match its published SHA-256"),
        "{}",
        stderr_of(&out)
    );
    assert!(out.stdout.is_empty());

    // No release: built with cargo, locked, from the action's repository at its tag.
    let log = release.path().join("cargo.log");
    let no_release = stubs(&[
        ("curl", "exit 22"),
        ("cargo", &format!(r#"echo "$@" > "{}""#, log.display())),
    ]);
    let temp = tempfile::tempdir().unwrap();
    let out = install(no_release.path(), temp.path(), &[]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(
        stdout_line(&out),
        temp.path()
            .join("elevate-action/cargo/bin/elevate")
            .display()
            .to_string()
    );
    let args = std::fs::read_to_string(&log).unwrap();
    assert!(args.starts_with("install --locked"), "{args}");
    assert!(
        args.contains("--git https://github.com/example/elevate --tag v1.2.0 elevate"),
        "{args}"
    );

    // Neither a release nor cargo: says what to add.
    let nothing = stubs(&[("curl", "exit 22")]);
    let out = install(nothing.path(), temp.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("installs Rust"),
        "{}",
        stderr_of(&out)
    );
}

/// The runner's environment for one of the action's steps: the org's elevate environment, the
/// inputs as GitHub passes them, and the files it reads outputs and state from.
struct Runner {
    dir: tempfile::TempDir,
}

impl Runner {
    fn new() -> Runner {
        Runner {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn step(&self, org: &Org, who: &str, step: &str, inputs: &[(&str, &str)]) -> Command {
        let elevate = org.process(who);
        let mut cmd = Command::new("node");
        cmd.arg(repo().join(format!("action/{step}.js")))
            .env_clear();
        for (k, v) in elevate.get_envs() {
            if let Some(v) = v {
                cmd.env(k, v);
            }
        }
        cmd.env("PATH", "/usr/bin:/bin")
            .env("ELEVATE_BIN", env!("CARGO_BIN_EXE_elevate"))
            .env("GITHUB_OUTPUT", self.file("output"))
            .env("GITHUB_STATE", self.file("state"))
            .env("GITHUB_RUN_ID", "4242")
            .env("GITHUB_JOB", "deploy");
        for (name, value) in inputs {
            cmd.env(format!("INPUT_{}", name.to_uppercase()), value);
        }
        // What the runner hands the post step: the main step's state.
        if step == "post" {
            for (k, v) in self.read("state") {
                cmd.env(format!("STATE_{k}"), v);
            }
        }
        cmd
    }

    fn read(&self, name: &str) -> Vec<(String, String)> {
        std::fs::read_to_string(self.file(name))
            .unwrap_or_default()
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn output(&self, key: &str) -> Option<String> {
        self.read("output")
            .into_iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }
}

fn status(org: &Org, id: &str) -> String {
    json(org.elevate("alice").args(["show", id]))["request"]["status"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn the_actions_steps_ask_wait_and_give_the_access_back_whatever_happened() {
    let org = Org::new();
    let dev = org.dev();
    let inputs = |timeout: &'static str, key: &'static str| {
        vec![
            ("account", dev.clone()),
            ("permission-set", ADMIN.to_string()),
            ("duration", "30m".to_string()),
            ("reason", "release 2.4".to_string()),
            ("timeout", timeout.to_string()),
            ("idempotency-key", key.to_string()),
            ("for", String::new()),
            ("keep", "false".to_string()),
        ]
    };
    let as_refs = |v: &[(&'static str, String)]| -> Vec<(&'static str, String)> { v.to_vec() };

    // Approved while the main step waits: exit 0, the id an output; the post step revokes.
    let runner = Runner::new();
    let given = as_refs(&inputs("60s", "gh-run-1"));
    let pairs: Vec<(&str, &str)> = given.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut main = runner.step(&org, "alice", "main", &pairs);
    let out = std::thread::scope(|s| {
        let waiter = s.spawn(move || main.output().unwrap());
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
    let id = runner.output("id").expect("the id is an output");
    assert_eq!(status(&org, &id), "active");
    assert_eq!(
        runner.output("elevate").as_deref(),
        Some(env!("CARGO_BIN_EXE_elevate"))
    );
    let post = runner.step(&org, "alice", "post", &pairs).output().unwrap();
    assert_eq!(post.status.code(), Some(0), "{}", stderr_of(&post));
    assert_eq!(status(&org, &id), "revoked");
    assert!(org.assignments(&dev, ADMIN).is_empty());
    // The post step once more (a re-run of clean-up): already over is fine.
    let again = runner.step(&org, "alice", "post", &pairs).output().unwrap();
    assert_eq!(again.status.code(), Some(0), "{}", stderr_of(&again));

    // Nobody approves: the main step fails with 5 and the request is cancelled; the post step
    // succeeds.
    let runner = Runner::new();
    let given = as_refs(&inputs("2s", "gh-run-2"));
    let pairs: Vec<(&str, &str)> = given.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let out = runner.step(&org, "alice", "main", &pairs).output().unwrap();
    assert_eq!(out.status.code(), Some(5), "{}", stderr_of(&out));
    let id = runner
        .output("id")
        .expect("the id is an output even when the wait fails");
    assert_eq!(status(&org, &id), "cancelled");
    let post = runner.step(&org, "alice", "post", &pairs).output().unwrap();
    assert_eq!(post.status.code(), Some(0), "{}", stderr_of(&post));

    // The job is cancelled while waiting (the runner stops the main step): the post step still
    // finds the request in the state and withdraws it.
    let runner = Runner::new();
    let given = as_refs(&inputs("60s", "gh-run-3"));
    let pairs: Vec<(&str, &str)> = given.iter().map(|(k, v)| (*k, v.as_str())).collect();
    use std::os::unix::process::CommandExt;
    let mut main = runner
        .step(&org, "alice", "main", &pairs)
        .process_group(0)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let id = loop {
        std::thread::sleep(Duration::from_millis(200));
        if let Some(id) = runner.output("id") {
            break id;
        }
    };
    // The whole step, as the runner stops it: node, bash and elevate.
    let killed = Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", main.id())])
        .status()
        .unwrap();
    assert!(killed.success());
    main.wait().unwrap();
    assert_eq!(status(&org, &id), "pending");
    let post = runner.step(&org, "alice", "post", &pairs).output().unwrap();
    assert_eq!(post.status.code(), Some(0), "{}", stderr_of(&post));
    assert_eq!(status(&org, &id), "cancelled");

    // A missing input: exit 2 naming it, nothing asked.
    let runner = Runner::new();
    let out = runner
        .step(
            &org,
            "alice",
            "main",
            &[("account", &dev), ("duration", "30m")],
        )
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("the input permission-set is required"));
    assert!(runner.output("id").is_none());
}
