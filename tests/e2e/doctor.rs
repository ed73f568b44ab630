//! `elevate doctor` against the emulator: a team's set-up checks out line by line, and each
//! problem a new team runs into is provoked and named with its fix (exit 1).

use serde_json::Value;

use crate::attacks::POLICY;
use crate::harness::{Org, snapshot, stderr_of};

/// `doctor -o json` as `who` on the team's ledger: the exit code and the checks.
fn doctor(cmd: &mut assert_cmd::Command) -> (Option<i32>, Vec<Value>) {
    let out = cmd.args(["doctor", "-o", "json"]).output().unwrap();
    let err = stderr_of(&out);
    assert!(!err.contains("panicked"), "{err}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let checks: Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}\n{err}"));
    (out.status.code(), checks.as_array().unwrap().clone())
}

fn problems(checks: &[Value]) -> Vec<String> {
    checks
        .iter()
        .filter(|c| c["status"] == "problem")
        .map(|c| c["check"].as_str().unwrap().to_string())
        .collect()
}

fn find<'a>(checks: &'a [Value], name: &str) -> &'a Value {
    checks
        .iter()
        .find(|c| c["check"] == name)
        .unwrap_or_else(|| panic!("no {name} check in {checks:#?}"))
}

#[test]
fn a_team_checks_out_once_the_executor_runs_and_each_problem_is_named_with_its_fix() {
    let org = Org::with_accounts(1);
    org.write_policy(POLICY);
    org.brokered().set_up();

    // Set up, policy applied, but no executor has ever run: the one problem.
    let (code, checks) = doctor(&mut org.on_table("admin"));
    assert_eq!(problems(&checks), ["executor"], "{checks:#?}");
    assert_eq!(code, Some(1));
    let executor = find(&checks, "executor");
    assert!(
        executor["detail"]
            .as_str()
            .unwrap()
            .contains("no executor pass"),
        "{executor}"
    );
    assert!(
        executor["fix"]
            .as_str()
            .unwrap()
            .contains("setup --executor")
    );
    assert!(
        find(&checks, "policy")["detail"]
            .as_str()
            .unwrap()
            .contains("(its seal holds)")
    );
    for check in [
        "credentials",
        "clock",
        "identity center",
        "identity account",
        "who you are",
        "ledger read",
    ] {
        assert_eq!(find(&checks, check)["status"], "ok", "{check}: {checks:#?}");
    }
    assert!(checks.iter().any(|c| {
        c["check"]
            .as_str()
            .unwrap()
            .starts_with("seal key arn:aws:kms:")
            && c["status"] == "ok"
    }));

    let pass = org
        .on_table("executor")
        .args(["executor", "--once"])
        .output()
        .unwrap();
    assert!(pass.status.success(), "{}", stderr_of(&pass));
    let (code, checks) = doctor(&mut org.on_table("admin"));
    assert_eq!((code, problems(&checks)), (Some(0), vec![]), "{checks:#?}");
    assert!(
        find(&checks, "executor")["detail"]
            .as_str()
            .unwrap()
            .starts_with("last ran ")
    );

    // A person signed in: who they are, and no problem.
    let (code, checks) = doctor(&mut org.on_table("alice"));
    assert_eq!((code, problems(&checks)), (Some(0), vec![]), "{checks:#?}");
    assert!(
        find(&checks, "who you are")["detail"]
            .as_str()
            .unwrap()
            .starts_with("alice")
    );

    // The executor stopped an hour ago.
    let later = (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(1)).to_string();
    let (code, checks) = doctor(org.on_table("admin").env("ELEVATE_TEST_NOW", &later));
    assert_eq!(
        (code, problems(&checks)),
        (Some(1), vec!["executor".to_string()])
    );
    assert!(
        find(&checks, "executor")["fix"]
            .as_str()
            .unwrap()
            .contains("logs")
    );

    // A marker later than now was not the executor's own (here: this run's clock an hour back).
    let earlier = (jiff::Timestamp::now() - jiff::SignedDuration::from_hours(1)).to_string();
    let (code, checks) = doctor(org.on_table("admin").env("ELEVATE_TEST_NOW", &earlier));
    assert_eq!(
        (code, problems(&checks)),
        (Some(1), vec!["executor".to_string()])
    );
    assert!(
        find(&checks, "executor")["detail"]
            .as_str()
            .unwrap()
            .contains("in the future")
    );

    // A role (the executor's) is not judged by the account it runs in.
    let (_, checks) = doctor(
        org.on_table("executor")
            .env("ELEVATE_IDENTITY_ACCOUNT", "999999999999"),
    );
    assert_eq!(
        find(&checks, "identity account")["status"],
        "skipped",
        "{checks:#?}"
    );

    // This machine's clock is a day off.
    let (code, checks) = doctor(org.on_table("admin").env("ELEVATE_TEST_CLOCK_SKEW", "+1d"));
    assert_eq!(code, Some(1));
    assert!(
        problems(&checks).contains(&"clock".to_string()),
        "{checks:#?}"
    );
    assert!(
        find(&checks, "clock")["fix"]
            .as_str()
            .unwrap()
            .contains("NTP")
    );

    // config names an executor function that is not there.
    let (code, checks) = doctor(
        org.on_table("admin")
            .env("ELEVATE_EXECUTOR_FUNCTION", "elevate-nowhere"),
    );
    assert_eq!(
        (code, problems(&checks)),
        (Some(1), vec!["executor function".to_string()])
    );
    assert!(
        find(&checks, "executor function")["fix"]
            .as_str()
            .unwrap()
            .contains("setup --executor")
    );

    // Signed in to an account that is not the one people use.
    let (code, checks) = doctor(
        org.on_table("admin")
            .env("ELEVATE_IDENTITY_ACCOUNT", "999999999999"),
    );
    assert_eq!(code, Some(1));
    assert!(
        problems(&checks).contains(&"identity account".to_string()),
        "{checks:#?}"
    );

    // Someone loosened the seal key's policy.
    let key = org.seal_key().unwrap();
    let loose = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"All","Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{}:root"}},"Action":"kms:*","Resource":"*"}}]}}"#,
        org.account()
    );
    crate::harness::block_on(
        org.kms("admin")
            .put_key_policy()
            .key_id(&key)
            .policy_name("default")
            .policy(loose)
            .send(),
    )
    .unwrap();
    let (code, checks) = doctor(&mut org.on_table("admin"));
    assert_eq!(code, Some(1));
    let seal = checks
        .iter()
        .find(|c| c["check"].as_str().unwrap().starts_with("seal key ") && c["status"] == "problem")
        .unwrap_or_else(|| panic!("no seal key problem in {checks:#?}"));
    assert!(
        seal["detail"].as_str().unwrap().contains("put-key-policy"),
        "{seal}"
    );
}

#[test]
fn a_team_table_with_no_policy_applied_is_a_problem() {
    let org = Org::new();
    org.brokered();
    let setup = org
        .on_table("admin")
        .args(["setup", "--create-roles", "-o", "json"])
        .output()
        .unwrap();
    assert!(setup.status.success(), "{}", stderr_of(&setup));
    let (code, checks) = doctor(&mut org.on_table("admin"));
    assert_eq!(code, Some(1));
    let policy = find(&checks, "policy");
    assert_eq!(policy["status"], "problem");
    assert!(
        policy["fix"]
            .as_str()
            .unwrap()
            .contains("elevate policy apply")
    );

    // The safety rail behind it: a shared ledger never decides by anyone's local policy file,
    // though alice has one (ELEVATE_POLICY) that would allow this.
    assert!(org.policy_path().exists());
    let out = org
        .on_table("alice")
        .args([
            "request",
            "-a",
            &org.dev(),
            "-p",
            "AdministratorAccess",
            "-d",
            "1h",
        ])
        .args(["-r", "decided by my own policy file?"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("a local policy file never decides on a sealed ledger"),
        "{}",
        stderr_of(&out)
    );
    let listed = org
        .on_table("alice")
        .args(["list", "--all", "-q"])
        .output()
        .unwrap();
    assert!(
        listed.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&listed.stdout)
    );
}

#[test]
fn a_config_that_cannot_be_read_and_missing_credentials_are_named() {
    let org = Org::new();
    let broken = org.policy_path().with_file_name("broken.toml");
    std::fs::write(&broken, "region = [\n").unwrap();
    let (code, checks) = doctor(org.elevate("alice").env("ELEVATE_CONFIG", &broken));
    assert_eq!(code, Some(1));
    assert_eq!(problems(&checks), ["config"]);
    assert!(
        find(&checks, "config")["detail"]
            .as_str()
            .unwrap()
            .contains("broken.toml:1")
    );

    let (code, checks) = doctor(
        org.elevate("alice")
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY")
            .env_remove("AWS_SESSION_TOKEN"),
    );
    assert_eq!(code, Some(1));
    assert_eq!(problems(&checks), ["credentials"], "{checks:#?}");
    assert!(
        find(&checks, "credentials")["fix"]
            .as_str()
            .unwrap()
            .contains("aws sso login")
    );

    // A policy file that does not parse decides nothing.
    let broken_policy = org.policy_path().with_file_name("broken-policy.toml");
    std::fs::write(&broken_policy, "[[rule]]\nname = \"x\"\nprincipals = 3\n").unwrap();
    let (code, checks) = doctor(org.elevate("alice").env("ELEVATE_POLICY", &broken_policy));
    assert_eq!(code, Some(1));
    assert_eq!(find(&checks, "policy")["status"], "problem", "{checks:#?}");
    // The first to open the ledger: says it made it (a mistyped --store would be new too).
    assert!(
        find(&checks, "ledger read")["detail"]
            .as_str()
            .unwrap()
            .contains("did not exist and was created empty")
    );
    assert!(
        find(&checks, "policy")["detail"]
            .as_str()
            .unwrap()
            .contains("does not check")
    );

    // No policy file where one is looked for, and none applied.
    let (code, checks) = doctor(
        org.elevate("alice")
            .env("ELEVATE_POLICY", "/nonexistent/policy.toml"),
    );
    assert_eq!(code, Some(1));
    assert!(
        problems(&checks).contains(&"policy".to_string()),
        "{checks:#?}"
    );
    assert!(
        find(&checks, "policy")["fix"]
            .as_str()
            .unwrap()
            .contains("elevate init")
    );

    // -v logs every setting with its source before the command runs.
    let out = org.elevate("alice").args(["-v", "list"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    // Each setting with its value and where that came from (ELEVATE_STORE, default, ...).
    snapshot("verbose-settings.txt", &org.masked(&stderr_of(&out)));

    // Alone on one machine nothing optional is a problem once the scheduler role config names
    // exists; the table says OK line by line.
    let (code, checks) = doctor(&mut org.elevate("alice"));
    assert_eq!(code, Some(1));
    assert!(
        find(&checks, "ledger read")["detail"]
            .as_str()
            .unwrap()
            .contains(" readable")
    );
    assert_eq!(
        problems(&checks),
        ["schedule group elevate", "iam role elevate-scheduler"]
    );
    let setup = org
        .elevate("admin")
        .args(["setup", "--create-roles"])
        .output()
        .unwrap();
    assert!(setup.status.success(), "{}", stderr_of(&setup));
    let out = org
        .elevate("alice")
        .args(["doctor", "-o", "table"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}\n{}", stderr_of(&out));
    assert!(text.contains("OK"), "{text}");
    assert!(!text.contains("PROBLEM"), "{text}");
}
