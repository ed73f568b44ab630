//! The README's quick start, run as written by a new user: the commands are read from the
//! README itself and each is run by `sh` against the emulator, in an empty home directory with
//! nothing but AWS credentials (the only change: the approver's command names the id the
//! request printed). `cargo test --test e2e readme -- --nocapture` prints what they see.

use std::path::Path;

use crate::harness::Org;

/// The commands of the README's quick start block, continuation lines joined.
fn quick_start() -> Vec<String> {
    let readme = include_str!("../../README.md");
    let section = readme
        .split("\n## Quick start\n")
        .nth(1)
        .expect("the README has a Quick start section");
    let block = section
        .split("```sh\n")
        .nth(1)
        .and_then(|b| b.split("\n```").next())
        .expect("the Quick start has a sh block");
    let mut commands: Vec<String> = Vec::new();
    let mut continued = false;
    for line in block.lines() {
        if continued {
            commands.last_mut().unwrap().push_str(&format!("\n{line}"));
        } else if line.starts_with("elevate ") {
            commands.push(line.to_string());
        } else {
            // Comment lines and blank lines between commands.
            assert!(
                line.trim().is_empty() || line.trim_start().starts_with('#'),
                "not a command, a comment or blank: {line}"
            );
            continue;
        }
        continued = line.split(" #").next().unwrap().trim_end().ends_with('\\');
    }
    commands
}

/// `sh -c command` as `who`, in `home`, with `elevate` on the PATH and no ELEVATE_* setting.
fn run(org: &Org, who: &str, home: &Path, command: &str) -> std::process::Output {
    let template = org.process(who);
    let mut sh = std::process::Command::new("sh");
    sh.env_clear();
    for (k, v) in template.get_envs() {
        let k = k.to_string_lossy();
        if let Some(v) = v
            && !k.starts_with("ELEVATE_")
            && !k.starts_with("XDG_")
            && k != "HOME"
        {
            sh.env(k.as_ref(), v);
        }
    }
    let bin = Path::new(env!("CARGO_BIN_EXE_elevate")).parent().unwrap();
    sh.env("HOME", home)
        .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
        .current_dir(home)
        .args(["-c", command]);
    sh.output().unwrap()
}

#[test]
fn the_readme_quick_start_works_as_written() {
    let commands = quick_start();
    let names: Vec<&str> = commands
        .iter()
        .map(|c| c.split_whitespace().nth(1).unwrap())
        .collect();
    assert_eq!(
        names,
        ["init", "doctor", "config", "request", "approve", "list"],
        "the quick start changed: update this test with it"
    );
    let org = Org::new();
    let home = tempfile::tempdir().unwrap();
    let mut id = None;
    let mut transcript = String::new();
    for command in &commands {
        let (who, command) = if command.starts_with("elevate approve ") {
            let id: &String = id.as_ref().expect("the request printed its id");
            ("bob", command.replace("r-s9fj09a19k", id))
        } else {
            ("alice", command.clone())
        };
        let out = run(&org, who, home.path(), &command);
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        transcript.push_str(&format!("$ {command}    # as {who}\n{stderr}{stdout}\n"));
        assert!(out.status.success(), "{transcript}");
        if command.starts_with("elevate request ") {
            id = stdout
                .split_whitespace()
                .find(|w| w.starts_with("r-"))
                .map(str::to_string);
        }
        if command.starts_with("elevate doctor") {
            assert!(!stdout.contains("PROBLEM"), "{transcript}");
        }
    }
    println!("{transcript}");
    let config = home.path().join(".config/elevate");
    assert!(config.join("config.toml").exists(), "{transcript}");
    assert!(config.join("policy.toml").exists(), "{transcript}");
    // No scheduler role alone on one machine: no schedule is claimed.
    assert!(
        !transcript.contains("EventBridge Scheduler"),
        "{transcript}"
    );
    let id = id.unwrap();
    // Granted in Identity Center, and listed as active.
    let prod = org.target("prod");
    let alice = org.user_id("alice");
    assert!(
        org.assignments(&prod, "AdministratorAccess")
            .iter()
            .any(|(kind, who)| kind == "USER" && *who == alice),
        "{transcript}"
    );
    let listed = transcript.split("$ elevate list").nth(1).unwrap();
    assert!(
        listed
            .lines()
            .any(|l| l.contains(&id) && l.contains("active")),
        "{transcript}"
    );
}
