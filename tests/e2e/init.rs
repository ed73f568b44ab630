//! `elevate init` as a new user runs it: it finds the instance, identity store, identity
//! account, organisation and permission sets with their own session, writes a config and a
//! starting policy the next commands use, and never overwrites without --force.

use crate::harness::{Org, json, snapshot, stderr_of};

#[test]
fn init_writes_a_config_and_policy_that_the_next_commands_use() {
    let org = Org::new();
    let home = org.policy_path().parent().unwrap().to_path_buf();
    let config_dir = home.join("config/elevate");
    // A new user: no config file, no policy named anywhere.
    std::fs::remove_file(config_dir.join("config.toml")).unwrap();
    let fresh = |who: &str| {
        let mut cmd = org.elevate(who);
        cmd.env_remove("ELEVATE_POLICY");
        cmd
    };

    // A group that does not exist is named, and nothing is written.
    let out = fresh("alice")
        .args(["init", "--requesters", "Nobody", "--approvers", "Approvers"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("no group named 'Nobody'"),
        "{}",
        stderr_of(&out)
    );
    assert!(!config_dir.join("config.toml").exists());
    assert!(!config_dir.join("policy.toml").exists());

    let written = json(fresh("alice").args([
        "init",
        "--requesters",
        "Engineers",
        "--approvers",
        "Approvers",
    ]));
    let found = &written["found"];
    assert_eq!(found["identity_account"], org.account().as_str());
    assert_eq!(found["management_account"], org.account().as_str());
    assert!(
        found["instance_arn"]
            .as_str()
            .unwrap()
            .starts_with("arn:aws:sso:::instance/")
    );
    let sets: Vec<&str> = found["permission_sets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert!(sets.contains(&"AdministratorAccess"), "{sets:?}");
    assert!(!sets.iter().any(|s| s.starts_with("Elevate")), "{sets:?}");
    // What it found, each setting on a line of its own.
    let config = std::fs::read_to_string(config_dir.join("config.toml")).unwrap();
    snapshot("init-config.toml", &org.masked(&config));

    // The next command reads it.
    let settings = json(fresh("alice").arg("config"));
    let source = |key: &str| {
        settings
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["key"] == key)
            .unwrap()["source"]
            .clone()
    };
    assert_eq!(source("instance_arn"), "config file");
    assert_eq!(source("identity_account"), "config file");
    assert_eq!(source("policy"), "default");

    // Again with --force: what the old file set and init does not find stays.
    let topic = format!("arn:aws:sns:us-east-1:{}:elevate", org.account());
    let mut text = std::fs::read_to_string(config_dir.join("config.toml")).unwrap();
    text.push_str(&format!("notify_sns_topic = \"{topic}\"\n"));
    std::fs::write(config_dir.join("config.toml"), text).unwrap();
    json(fresh("alice").args([
        "init",
        "--requesters",
        "Engineers",
        "--approvers",
        "Approvers",
        "--force",
    ]));
    let config = std::fs::read_to_string(config_dir.join("config.toml")).unwrap();
    snapshot("init-config-force.toml", &org.masked(&config));

    // Not again without --force.
    let out = fresh("alice")
        .args([
            "init",
            "--requesters",
            "Engineers",
            "--approvers",
            "Approvers",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("--force"), "{}", stderr_of(&out));

    // The first request, decided by the starting policy; an approver grants it.
    let dev = org.dev();
    let request = json(fresh("alice").args([
        "request",
        "-a",
        &dev,
        "-p",
        "AdministratorAccess",
        "-d",
        "1h",
        "-r",
        "first request after elevate init",
    ]));
    assert_eq!(request["status"], "pending", "{request}");
    let id = request["id"].as_str().unwrap();
    let approved = json(fresh("bob").args(["approve", id]));
    assert_eq!(approved["status"], "active", "{approved}");

    // The management account is kept out.
    let out = fresh("alice")
        .args(["request", "-a", &org.account(), "-p", "AdministratorAccess"])
        .args([
            "-d",
            "1h",
            "-r",
            "the management account, please",
            "-o",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("never-management"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn a_ledger_that_is_a_file_here_says_so_where_people_would_assume_it_is_shared() {
    let org = Org::new();
    let dev = org.dev();
    let out = org
        .elevate("alice")
        .args([
            "request",
            "-a",
            &dev,
            "-p",
            "AdministratorAccess",
            "-d",
            "1h",
        ])
        .args(["-r", "who sees this request?"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let said = stderr_of(&out);
    let ledger = org.policy_path().with_file_name("ledger.db");
    assert!(
        said.contains(&format!(
            "on this machine: the ledger is the file {}",
            ledger.display()
        )),
        "{said}"
    );
    let id = String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| {
            l.split_whitespace()
                .find(|w| w.starts_with("r-"))
                .map(str::to_string)
        })
        .unwrap_or_else(|| panic!("no id in {}", String::from_utf8_lossy(&out.stdout)));
    let out = org.elevate("bob").args(["approve", &id]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("used here by user:alice and user:bob"),
        "{}",
        stderr_of(&out)
    );
    // On a team's ledger neither is said.
    let team = Org::new();
    team.brokered().set_up();
    let out = team
        .on_table("alice")
        .args([
            "request",
            "-a",
            &team.dev(),
            "-p",
            "AdministratorAccess",
            "-d",
            "1h",
        ])
        .args(["-r", "who sees this request?"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        !stderr_of(&out).contains("on this machine"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn init_for_a_team_finds_the_ledgers_seal_key_and_opens_no_ledger() {
    let org = Org::new();
    org.write_policy(crate::attacks::POLICY);
    org.brokered().set_up();
    let home = org.policy_path().parent().unwrap().to_path_buf();
    let config = home.join("config/elevate/config.toml");
    std::fs::remove_file(&config).unwrap();
    // A new member: only the ledger named, no seal key in any config yet.
    let store = format!("dynamodb:{}", org.table());
    let written = json(
        org.elevate("alice")
            .env_remove("ELEVATE_POLICY")
            .args(["--store", &store, "init", "--requesters", "Engineers"])
            .args(["--approvers", "Approvers"]),
    );
    let key = org.seal_key().unwrap();
    assert_eq!(written["found"]["seal_key"], key.as_str(), "{written}");
    // The ledger and its seal key, as found.
    let text = std::fs::read_to_string(&config).unwrap();
    snapshot("init-config-team.toml", &org.masked(&text));
    // The next command runs on the team's sealed ledger from the config alone.
    let out = org
        .elevate("alice")
        .env_remove("ELEVATE_STORE")
        .env_remove("ELEVATE_POLICY")
        .args(["list", "--all", "-o", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(!stderr_of(&out).contains("unsealed"), "{}", stderr_of(&out));
}
