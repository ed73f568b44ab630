//! A brokered team on the DynamoDB ledger: people record sealed decisions and ask, and only the
//! executor changes access. Every person runs with exactly the IAM policy `elevate iam-policy`
//! gives their role in brokered mode; what they would call directly to get or remove access is
//! evaluated against that policy as IAM evaluates it (`domain::iam_eval`).

use std::io::{BufRead, BufReader};

use elevate::domain::iam_eval::{self, PolicyKind};
use elevate::domain::ledger::SealKind;
use elevate::domain::{Request, Status};
use serde_json::Value;

use crate::attacks::{ADMIN, Attacker, POLICY, forged_approval, holds, request};
use crate::harness::{Org, block_on, json, stderr_of};

/// An organisation whose DynamoDB ledger is set up as a brokered team.
fn team() -> Org {
    let org = Org::with_accounts(1);
    org.write_policy(POLICY);
    org.brokered().set_up();
    org
}

/// One executor pass, `elevate executor --once -o json`: its exit code and report.
fn executor_once(org: &Org) -> (Option<i32>, Value) {
    let out = org
        .on_table("executor")
        .args(["executor", "--once", "-o", "json"])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(!err.contains("panicked"), "{err}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    (
        out.status.code(),
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}\n{err}")),
    )
}

fn status(org: &Org, who: &str, id: &str) -> String {
    json(org.on_table(who).args(["show", id]))["request"]["status"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Whether `who`'s IAM policy (as generated for their role) allows `action` on `resource`.
fn iam_allows(org: &Org, who: &str, action: &str, resource: &str) -> bool {
    let c = &org.seed["credentials"][who];
    let request = iam_eval::Request::new(
        action,
        resource,
        c["RoleArn"].as_str().unwrap(),
        c["UserId"].as_str().unwrap(),
    )
    .unwrap();
    iam_eval::evaluate(&org.identity_policy(who), PolicyKind::Identity, &request)
        .unwrap()
        .decision
        .is_allowed()
}

#[test]
fn approvers_record_and_the_executor_grants_and_people_cannot_grant_themselves() {
    let org = team();
    let dev = org.dev();
    let id = request(&org, "alice", &dev, ADMIN);
    let approved = json(org.on_table("bob").args(["approve", &id, "--no-wait"]));
    assert_eq!(approved["status"], "approved");
    assert!(
        !holds(&org, &dev, ADMIN, "alice"),
        "the approver granted nothing"
    );
    // Finishing the grant themselves: refused (exit 3) before any call to Identity Center.
    for who in ["bob", "carol"] {
        let out = org
            .on_table(who)
            .args(["approve", "--finish", &id])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
        assert!(
            stderr_of(&out).contains("only the executor"),
            "{}",
            stderr_of(&out)
        );
    }
    assert!(!holds(&org, &dev, ADMIN, "alice"));

    let (code, report) = executor_once(&org);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(status(&org, "alice", &id), "active");
    assert!(holds(&org, &dev, ADMIN, "alice"));
    let show = json(org.on_table("alice").args(["show", &id]));
    assert_eq!(show["request"]["status"], "active");

    // Everyone did their part under exactly their role's policy, enforced by the guard as IAM
    // would: it evaluated their calls (their ledger writes are among them) and refused none.
    for who in ["alice", "bob", "executor"] {
        let verdicts = org.iam_verdicts(who);
        assert!(
            verdicts.iter().any(|(a, _)| a == "dynamodb:PutItem"),
            "{who}: {verdicts:?}"
        );
        let refused: Vec<_> = verdicts.iter().filter(|(_, r)| r.is_some()).collect();
        assert!(refused.is_empty(), "{who}: {refused:?}");
    }
    assert!(
        org.iam_verdicts("executor")
            .iter()
            .any(|(a, r)| a == "sso:CreateAccountAssignment" && r.is_none())
    );

    // An approver (or a requester) going around elevate with the AWS CLI: IAM refuses every
    // call that creates or removes access, on any account and permission set.
    let instance = org.seed["instance_arn"].as_str().unwrap().to_string();
    // The permission set's ARN as AWS writes it (moto's own differs).
    let instance_id = instance.rsplit('/').next().unwrap();
    let ps_id = org.ps(ADMIN).rsplit('/').next().unwrap().to_string();
    let resources = [
        instance.clone(),
        format!("arn:aws:sso:::permissionSet/{instance_id}/{ps_id}"),
        format!("arn:aws:sso:::account/{dev}"),
    ];
    for who in ["alice", "bob", "carol"] {
        for action in ["sso:CreateAccountAssignment", "sso:DeleteAccountAssignment"] {
            for r in &resources {
                assert!(!iam_allows(&org, who, action, r), "{who} {action} {r}");
            }
        }
        for action in [
            "scheduler:DeleteSchedule",
            "scheduler:CreateSchedule",
            "scheduler:UpdateSchedule",
        ] {
            let schedule = format!(
                "arn:aws:scheduler:us-east-1:{}:schedule/elevate/elevate-anything",
                org.account()
            );
            assert!(!iam_allows(&org, who, action, &schedule), "{who} {action}");
        }
        assert!(
            !iam_allows(&org, who, "iam:PassRole", &org.scheduler_role()),
            "{who}"
        );
        // Ledger: their own requests and decisions, never an assignment's open set or a lease.
        let attacker = Attacker::new(&org, if who == "alice" { "alice" } else { "bob" });
        assert!(attacker.may("dynamodb:PutItem", "R#r-x").is_ok());
        for pk in ["A#x", "L#x", "P"] {
            assert!(attacker.may("dynamodb:PutItem", pk).is_err(), "{who} {pk}");
            assert!(
                attacker.may("dynamodb:DeleteItem", pk).is_err(),
                "{who} {pk}"
            );
        }
    }
    // And tried for real, with their own credentials: refused by IAM (the guard) before the
    // emulator sees it.
    let uid = org.user_id("alice");
    for who in ["alice", "bob"] {
        let created = block_on(
            org.sso_admin(who)
                .create_account_assignment()
                .instance_arn(&instance)
                .target_id(&dev)
                .target_type(aws_sdk_ssoadmin::types::TargetType::AwsAccount)
                .permission_set_arn(org.ps("ReadOnlyAccess"))
                .principal_type(aws_sdk_ssoadmin::types::PrincipalType::User)
                .principal_id(&uid)
                .send(),
        );
        let err = format!("{:?}", created.expect_err("IAM refuses it"));
        assert!(err.contains("AccessDenied"), "{who}: {err}");
        for pk in ["A#anything", "L#anything", "P"] {
            let put = block_on(
                org.dynamodb(who)
                    .put_item()
                    .table_name(org.table())
                    .item("pk", aws_sdk_dynamodb::types::AttributeValue::S(pk.into()))
                    .item("sk", aws_sdk_dynamodb::types::AttributeValue::S("A".into()))
                    .send(),
            );
            let err = format!("{:?}", put.expect_err("IAM refuses it"));
            assert!(err.contains("AccessDenied"), "{who} {pk}: {err}");
        }
    }
    assert!(!holds(&org, &dev, "ReadOnlyAccess", "alice"));

    // The executor's own policy is what does it.
    for action in ["sso:CreateAccountAssignment", "sso:DeleteAccountAssignment"] {
        for r in &resources {
            assert!(
                iam_allows(&org, "executor", action, r),
                "executor {action} {r}"
            );
        }
    }
}

#[test]
fn revoke_asks_and_the_executor_removes_the_access() {
    let org = team();
    let dev = org.dev();
    let id = request(&org, "alice", &dev, ADMIN);
    json(org.on_table("bob").args(["approve", &id, "--no-wait"]));
    executor_once(&org);
    assert!(holds(&org, &dev, ADMIN, "alice"));

    let out = org
        .on_table("alice")
        .args(["revoke", &id, "-r", "done early", "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("asked the executor to revoke"));
    let asked: Request = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(asked.status, Status::Active);
    assert!(asked.revoke_asked.is_some());
    assert!(
        holds(&org, &dev, ADMIN, "alice"),
        "nothing removed by the requester"
    );

    let (code, report) = executor_once(&org);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(status(&org, "alice", &id), "revoked");
    assert!(!holds(&org, &dev, ADMIN, "alice"));
}

#[test]
fn a_forged_approval_written_into_the_table_is_refused_and_reported() {
    let org = team();
    let dev = org.dev();
    let alice = Attacker::new(&org, "alice");
    let id = request(&org, "alice", &dev, ADMIN);
    let r = alice.record(&id);
    // An approval in bob's name, sealed with what KMS gives her (her own request-kind seal),
    // and the status flipped: written with her own credentials, as IAM lets her.
    let (mut forged, mut ev) = forged_approval(&org, &r, "bob", &org.userid("alice"));
    ev.seal = Some(
        alice
            .seal(&ev, SealKind::Request, &org.userid("alice"))
            .unwrap(),
    );
    forged.status = Status::Approved;
    alice.write(&forged, &[&ev]);

    let (code, report) = executor_once(&org);
    assert_eq!(
        code,
        Some(1),
        "the executor says a person must look: {report}"
    );
    let flagged = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["id"] == id.as_str() && i["attention"] == true);
    assert!(flagged, "{report}");
    assert!(!holds(&org, &dev, ADMIN, "alice"));
}

#[test]
fn the_executor_watches_and_stops_on_sigterm() {
    let org = team();
    let dev = org.dev();
    let mut child = org
        .on_table_process("executor")
        .args(["executor", "--watch", "--interval", "1s", "-o", "json"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // A request approved while it runs is granted by one of its passes.
    let id = request(&org, "alice", &dev, ADMIN);
    json(org.on_table("bob").args(["approve", &id, "--no-wait"]));
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let mut granted = false;
    let mut seen = Vec::new();
    while std::time::Instant::now() < deadline {
        let Some(Ok(line)) = lines.next() else { break };
        if line.contains(&id) && line.contains("granted until") {
            granted = true;
            break;
        }
        seen.push(line);
    }
    if !granted {
        child.kill().ok();
        let out = child.wait_with_output().unwrap();
        panic!(
            "no pass granted {id}: {seen:?}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(holds(&org, &dev, ADMIN, "alice"));
    let pid = child.id().to_string();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("stopped after"), "{err}");
}

#[test]
fn the_executor_serves_lambda_invocations_and_trusts_none_of_them() {
    let org = team();
    let dev = org.dev();
    // alice's request, approved by bob: the nudge that names it gets it granted.
    let id = request(&org, "alice", &dev, ADMIN);
    json(org.on_table("bob").args(["approve", &id, "--no-wait"]));
    // erin's request, with an approval she forged herself: a nudge naming it grants nothing.
    let erin = Attacker::new(&org, "erin");
    let forged_id = request(&org, "erin", &dev, ADMIN);
    let r = erin.record(&forged_id);
    let (mut forged, mut ev) = forged_approval(&org, &r, "bob", &org.userid("erin"));
    ev.seal = Some(
        erin.seal(&ev, SealKind::Request, &org.userid("erin"))
            .unwrap(),
    );
    forged.status = Status::Approved;
    erin.write(&forged, &[&ev]);

    let api = crate::harness::lambda_api::LambdaApi::start(vec![
        serde_json::json!({"request": id}),
        serde_json::json!({"request": forged_id}),
        // What EventBridge Scheduler sends every minute: a full pass.
        serde_json::json!({"source": "elevate.schedule"}),
    ]);
    // As Lambda starts `bootstrap`: no arguments, the runtime API in the environment.
    let mut child = org
        .on_table_process("executor")
        .env("AWS_LAMBDA_RUNTIME_API", &api.address)
        .env("AWS_LAMBDA_FUNCTION_NAME", "elevate-executor")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(90);
    while api.answers().len() < 3 && std::time::Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    child.kill().ok();
    let out = child.wait_with_output().unwrap();
    let answers = api.answers();
    assert_eq!(
        answers.len(),
        3,
        "{answers:?}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let granted = &answers[0];
    assert_eq!(granted.kind, "response", "{granted:?}");
    let items = granted.body["items"].as_array().unwrap();
    assert!(
        items
            .iter()
            .any(|i| i["id"] == id.as_str() && i["step"] == "grant" && i["attention"] == false),
        "{granted:?}"
    );
    assert!(holds(&org, &dev, ADMIN, "alice"));
    assert_eq!(status(&org, "alice", &id), "active");

    let refused = &answers[1];
    assert_eq!(refused.kind, "error", "{refused:?}");
    assert!(
        refused.body["errorMessage"]
            .as_str()
            .is_some_and(|m| m.contains("TAMPERING")),
        "{refused:?}"
    );
    assert!(!holds(&org, &dev, ADMIN, "erin"));

    let pass = &answers[2];
    assert_eq!(pass.kind, "response", "{pass:?}");
    assert!(pass.body["items"].is_array(), "{pass:?}");
    assert_eq!(pass.body["throttled"], 0);
    // The pass found the forgery too, and still granted nothing.
    assert!(
        pass.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["id"] == forged_id.as_str() && i["attention"] == true),
        "{pass:?}"
    );
    assert!(!holds(&org, &dev, ADMIN, "erin"));
}

/// Access made outside elevate is found: standing assignments of a `temporary_only` permission
/// set that no genuine elevation explains (a record written into the table explains nothing),
/// and assignment changes in CloudTrail by anyone but the executor and the scheduler. The
/// auditor only reports; the executor removes what nothing explains when the policy says so.
#[test]
fn access_made_outside_elevate_is_found_and_the_executor_removes_it() {
    let org = Org::with_accounts(1);
    org.write_policy(&POLICY.replace(
        "[settings]\n",
        "[settings]\ntemporary_only = [\"AdministratorAccess\"]\nremove_standing = true\n",
    ));
    org.brokered().set_up();
    let dev = org.dev();
    // A genuine elevation: alice's, approved by bob (the executor grants it on its next pass).
    let id = request(&org, "alice", &dev, ADMIN);
    json(org.on_table("bob").args(["approve", &id, "--no-wait"]));
    // Standing access, given in the console: dave holds AdministratorAccess with no elevation.
    org.assign_directly(&dev, ADMIN, "dave");
    // The trail recorded that, a grant by the executor, and bob trying with his own
    // credentials (refused by IAM: an attempt).
    let account = org.account();
    let day = jiff::Timestamp::now().strftime("%Y/%m/%d").to_string();
    let ps = org.ps(ADMIN);
    let record = |caller: &str, error: Option<&str>| {
        let mut r = serde_json::json!({
            "eventTime": jiff::Timestamp::now().to_string(),
            "eventSource": "sso.amazonaws.com",
            "eventName": "CreateAccountAssignment",
            "sourceIPAddress": "203.0.113.7",
            "userIdentity": {"arn": caller},
            "requestParameters": {
                "targetId": dev, "targetType": "AWS_ACCOUNT", "permissionSetArn": ps,
                "principalType": "USER", "principalId": org.user_id("dave"),
            },
        });
        if let Some(e) = error {
            r["errorCode"] = serde_json::json!(e);
        }
        r
    };
    let console =
        format!("arn:aws:sts::{account}:assumed-role/OrganizationAccountAccessRole/admin");
    let bob = format!(
        "arn:aws:sts::{account}:assumed-role/{}/bob",
        org.seed["credentials"]["bob"]["RoleArn"]
            .as_str()
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap()
    );
    let executor = format!("arn:aws:sts::{account}:assumed-role/elevate-executor/executor");
    org.put_trail(
        &org.trail_bucket(),
        &format!("AWSLogs/{account}/CloudTrail/us-east-1/{day}/{account}_CloudTrail_x.json.gz"),
        &serde_json::json!([
            record(&console, None),
            record(&executor, None),
            record(&bob, Some("AccessDenied")),
        ]),
    );

    // The auditor, with exactly the auditor's policy: finds both, removes nothing (exit 1).
    let out = org
        .on_table("ivy")
        .env("ELEVATE_TRAIL_BUCKET", org.trail_bucket())
        .args(["audit", "standing", "-o", "json"])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let standing = report["standing"].as_array().unwrap();
    assert_eq!(standing.len(), 1, "{report:#}");
    assert_eq!(
        standing[0]["principal"],
        format!("user:{}", org.user_id("dave"))
    );
    let callers: Vec<&str> = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["caller"].as_str().unwrap())
        .collect();
    assert_eq!(callers, [console.as_str(), bob.as_str()], "{report:#}");
    assert!(
        holds(&org, &dev, ADMIN, "dave"),
        "the auditor removed nothing"
    );
    let refused: Vec<_> = org
        .iam_verdicts("ivy")
        .into_iter()
        .filter(|(_, r)| r.is_some())
        .collect();
    assert!(refused.is_empty(), "{refused:?}");

    // The executor's pass grants alice's elevation, and its check (due on its first pass)
    // removes dave's standing access and keeps hers.
    let (code, pass) = executor_once(&org);
    assert_eq!(status(&org, "bob", &id), "active");
    assert_eq!(code, Some(1), "{pass:#}");
    let removed = &pass["standing"]["standing"];
    assert_eq!(removed.as_array().unwrap().len(), 1, "{pass:#}");
    assert!(
        removed[0]["result"]
            .as_str()
            .unwrap()
            .starts_with("removed"),
        "{pass:#}"
    );
    assert!(!holds(&org, &dev, ADMIN, "dave"));
    assert!(holds(&org, &dev, ADMIN, "alice"));
    // Within the interval the next pass does not check again.
    let (_, next) = executor_once(&org);
    assert!(next.get("standing").is_none(), "{next:#}");
}

/// An approver who can write `R#` items edits a colleague's request record to say it ended, to
/// get the executor's standing check (with `remove_standing`) to remove the colleague's access:
/// the executor reads the assignment's holders from its own set, verifies each, and keeps it.
#[test]
fn a_colleague_s_record_edited_to_look_ended_never_gets_their_access_removed() {
    let org = Org::with_accounts(1);
    org.write_policy(&POLICY.replace(
        "[settings]\n",
        "[settings]\ntemporary_only = [\"AdministratorAccess\"]\nremove_standing = true\n",
    ));
    org.write_config("standing_check_interval = \"1m\"\n");
    org.brokered().set_up();
    let dev = org.dev();
    let id = request(&org, "alice", &dev, ADMIN);
    json(org.on_table("bob").args(["approve", &id, "--no-wait"]));
    let (_, first) = executor_once(&org);
    assert!(first.get("standing").is_some(), "{first:#}");
    assert_eq!(status(&org, "bob", &id), "active");

    // dave may write R# items: he makes alice's record say it ended (as if revoked).
    let dave = Attacker::new(&org, "dave");
    let mut record = dave.record(&id);
    record.status = Status::Ended;
    record.ended_at = Some(jiff::Timestamp::now());
    dave.write(&record, &[]);

    // The next check (its minute has passed): alice's access is hers until its end.
    let later = (jiff::Timestamp::now() + jiff::SignedDuration::from_mins(2)).to_string();
    let out = org
        .on_table("executor")
        .env("ELEVATE_TEST_NOW", &later)
        .args(["executor", "--once", "-o", "json"])
        .output()
        .unwrap();
    let pass: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr_of(&out)));
    assert!(pass.get("standing").is_some(), "the check ran: {pass:#}");
    assert_eq!(
        pass["standing"]["standing"].as_array().map(Vec::len),
        Some(0),
        "{pass:#}"
    );
    assert!(holds(&org, &dev, ADMIN, "alice"), "{pass:#}");
}

/// `setup --permission-sets`, run by an Identity Center administrator, creates the permission
/// sets people sign in with, each carrying exactly its role's policy; elevate's own admin, who
/// could otherwise write himself any power into them, is refused by IAM.
#[test]
fn the_permission_sets_carry_their_role_s_policy_and_elevate_s_admin_cannot_write_them() {
    // An administrator of Identity Center (no guard on this organisation: the seeded
    // identities act with the emulator's full power, as that administrator would).
    let org = Org::with_accounts(1);
    let made = json(
        org.on_table("admin")
            .env("ELEVATE_GRANT_MODE", "brokered")
            .args(["setup", "--permission-sets"]),
    );
    let outcomes: Vec<(&str, &str)> = made
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["resource"].as_str().unwrap(),
                i["outcome"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        outcomes,
        [
            ("permission set ElevateRequester", "created"),
            ("permission set ElevateApprover", "created"),
            ("permission set ElevateAuditor", "created"),
            ("permission set ElevateAdmin", "created"),
        ]
    );
    // Each carries what `iam-policy <role> --permission-set` prints (for the region setup runs
    // in: it names the region the SDK resolves, iam-policy only the one config names).
    let sso = org.sso_admin("admin");
    let instance = org.seed["instance_arn"].as_str().unwrap().to_string();
    let inline = |name: &str| -> Value {
        let sets = block_on(sso.list_permission_sets().instance_arn(&instance).send()).unwrap();
        let arn = sets
            .permission_sets()
            .iter()
            .find(|arn| {
                let d = block_on(
                    sso.describe_permission_set()
                        .instance_arn(&instance)
                        .permission_set_arn(arn.as_str())
                        .send(),
                )
                .unwrap();
                d.permission_set().and_then(|p| p.name()) == Some(name)
            })
            .unwrap()
            .clone();
        let p = block_on(
            sso.get_inline_policy_for_permission_set()
                .instance_arn(&instance)
                .permission_set_arn(arn)
                .send(),
        )
        .unwrap();
        serde_json::from_str(p.inline_policy().unwrap()).unwrap()
    };
    let printed = |role: &str| -> Value {
        let out = org
            .on_table("admin")
            .env("ELEVATE_GRANT_MODE", "brokered")
            .args([
                "--region",
                "us-east-1",
                "iam-policy",
                role,
                "--permission-set",
            ])
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    assert_eq!(inline("ElevateApprover"), printed("approver"));
    assert_eq!(inline("ElevateRequester"), printed("requester"));
    // A second run changes nothing.
    let again = json(
        org.on_table("admin")
            .env("ELEVATE_GRANT_MODE", "brokered")
            .args(["setup", "--permission-sets"]),
    );
    assert!(
        again
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["outcome"] == "ok"),
        "{again:#}"
    );

    // In a team, elevate's admin runs with exactly the admin policy: IAM refuses.
    let team = team();
    let out = team
        .on_table("admin")
        .args(["setup", "--permission-sets"])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(
        team.iam_verdicts("admin")
            .iter()
            .any(|(a, r)| a.starts_with("sso:") && r.is_some()),
        "{err}"
    );
}

/// `setup --executor` deploys the executor: its role, the function, the role its schedule
/// invokes it with, and the one-minute schedule; a second run only checks, and a new build
/// replaces the function's code.
#[test]
fn setup_deploys_the_executor_as_a_lambda_function_with_its_schedule() {
    // The account administrator (no guard on this organisation: full power, as that
    // administrator has).
    let org = Org::with_accounts(1);
    org.write_policy(POLICY);
    org.set_up();
    let package = |content: &[u8]| {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file("bootstrap", zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(content).unwrap();
        let path = org
            .policy_path()
            .with_file_name(format!("{}.zip", content.len()));
        std::fs::write(&path, zip.finish().unwrap().into_inner()).unwrap();
        path
    };
    let deploy = |zip: &std::path::Path, extra: &[&str]| -> Vec<(String, String)> {
        json(
            org.on_table("admin")
                .args(["setup", "--executor", "--executor-zip"])
                .arg(zip)
                .args(extra),
        )
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["resource"].as_str().unwrap().to_string(),
                i["outcome"].as_str().unwrap().to_string(),
            )
        })
        .collect()
    };
    let v1 = package(b"#!/bin/sh\necho v1\n");
    let outcomes = |o: &[(String, String)]| o.iter().map(|(_, x)| x.clone()).collect::<Vec<_>>();
    // The seeded executor role runs the executor on a host: Lambda may not assume it. Setup
    // says so rather than changing a role with the power to grant.
    let out = org
        .on_table("admin")
        .args([
            "setup",
            "--executor",
            "--dry-run",
            "-o",
            "json",
            "--executor-zip",
        ])
        .arg(&v1)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report[0]["outcome"], "problem", "{report:#}");
    assert!(
        report[0]["detail"]
            .as_str()
            .unwrap()
            .contains("lambda.amazonaws.com"),
        "{report:#}"
    );
    // A role of its own for the function (the seal key's policy names the executor role).
    org.write_config(&format!(
        "executor_role_arn = \"arn:aws:iam::{}:role/elevate-lambda-executor\"\n",
        org.account()
    ));
    assert_eq!(outcomes(&deploy(&v1, &["--dry-run"])), ["would_change"; 4]);
    let made = deploy(&v1, &[]);
    assert_eq!(outcomes(&made), ["created"; 4], "{made:?}");
    assert_eq!(made[3].0, "schedule elevate/elevate-executor");

    let function = block_on(
        org.lambda("admin")
            .get_function()
            .function_name("elevate-executor")
            .send(),
    )
    .unwrap();
    let c = function.configuration().unwrap();
    assert_eq!(c.runtime().map(|r| r.as_str()), Some("provided.al2023"));
    assert_eq!(c.handler(), Some("bootstrap"));
    assert!(
        c.role().unwrap().ends_with(":role/elevate-lambda-executor"),
        "{c:?}"
    );
    let vars = c.environment().unwrap().variables().unwrap();
    assert_eq!(vars["ELEVATE_STORE"], format!("dynamodb:{}", org.table()));
    assert_eq!(vars["ELEVATE_GRANT_MODE"], "brokered");
    assert_eq!(vars["ELEVATE_KMS_SEAL_KEY"], org.seal_key().unwrap());
    assert!(!vars.contains_key("ELEVATE_NOTIFY_SLACK_WEBHOOK"));
    let schedule = org
        .schedules()
        .into_iter()
        .find(|s| s["name"] == "elevate-executor")
        .unwrap_or_else(|| panic!("{:?}", org.schedules()));
    assert_eq!(schedule["expression"], "rate(1 minute)", "{schedule}");

    assert_eq!(outcomes(&deploy(&v1, &[])), ["ok"; 4]);
    let v2 = package(b"#!/bin/sh\necho version two\n");
    assert_eq!(outcomes(&deploy(&v2, &[])), ["ok", "ok", "changed", "ok"]);
}

/// With `executor_function` set, approve, revoke and an auto-approved request wake the executor
/// at once; a nudge that fails is a note, and the decision stands (the next pass does the work).
#[test]
fn people_s_decisions_wake_the_executor_and_a_failed_nudge_loses_nothing() {
    let org = team();
    let dev = org.dev();
    // The executor's function (its code does not matter here: the emulator runs none).
    let zip = {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file("bootstrap", zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(b"#!/bin/sh\n").unwrap();
        zip.finish().unwrap().into_inner()
    };
    block_on(
        org.lambda("admin")
            .create_function()
            .function_name("elevate-executor")
            .runtime(aws_sdk_lambda::types::Runtime::Providedal2023)
            .handler("bootstrap")
            .role(format!(
                "arn:aws:iam::{}:role/elevate-executor",
                org.account()
            ))
            .code(
                aws_sdk_lambda::types::FunctionCode::builder()
                    .zip_file(aws_smithy_types::Blob::new(zip))
                    .build(),
            )
            .send(),
    )
    .unwrap();
    org.write_config("executor_function = \"elevate-executor\"\n");
    let id = request(&org, "alice", &dev, ADMIN);
    let out = org
        .on_table("bob")
        .args(["-v", "approve", &id, "--no-wait"])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains(&format!("woke the executor (elevate-executor) for {id}")),
        "{err}"
    );
    let out = org
        .on_table("alice")
        .args(["-v", "revoke", &id])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("woke the executor"), "{err}");
    // (The emulator runs no function: a pass carries the revoke out.)
    executor_once(&org);
    assert_eq!(status(&org, "bob", &id), "revoked");

    // A function that is not there: the approval is recorded all the same, and said so.
    org.write_config("executor_function = \"no-such-function\"\n");
    let id = request(&org, "alice", &dev, ADMIN);
    let out = org
        .on_table("bob")
        .args(["approve", &id, "--no-wait"])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("could not wake the executor"), "{err}");
    assert!(err.contains("next pass"), "{err}");
    assert_eq!(status(&org, "bob", &id), "approved");
}
