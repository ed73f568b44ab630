//! Every IAM document elevate generates, linted by Parliament (installed beside the emulator by
//! scripts/setup-emulator.sh). A finding fails the test unless it is listed in `EXPLAINED` with
//! the reason it is deliberate.

use std::collections::BTreeMap;
use std::process::{Command, Stdio};

use elevate::domain::authz::GrantMode;
use elevate::domain::iam::{self, Role, Scope};
use elevate::domain::key_policy::{SealScope, key_policy};
use serde_json::Value;

use crate::harness::repo;

/// A finding that is deliberate: the documents it may appear in (name prefixes), Parliament's
/// issue, exactly what it is about (the actions, lower-case, sorted, comma-joined; or the
/// detail; empty for any), and why.
struct Explained {
    documents: &'static [&'static str],
    issue: &'static str,
    subject: &'static str,
    /// Read by people: the reason is the point of the entry.
    #[allow(dead_code)]
    why: &'static str,
}

/// The IAM actions Identity Center performs with the caller's permissions when it creates or
/// deletes an assignment (AWS lists them as CreateAccountAssignment's dependent actions).
const PROVISIONING: &str = "iam:attachrolepolicy,iam:createrole,iam:deleterole,iam:deleterolepolicy,iam:detachrolepolicy,iam:putrolepolicy,iam:updaterole";

const EXPLAINED: &[Explained] = &[
    Explained {
        documents: &["scheduler/"],
        issue: "PERMISSIONS_MANAGEMENT_ACTIONS",
        subject: PROVISIONING,
        why: "creating an assignment makes Identity Center create the AWSReservedSSO_* role in the account with the caller's IAM permissions; the statement is limited to aws-reserved/sso.amazonaws.com/* roles and AWSSSO_* SAML providers. The scheduler role does this at a scheduled start and end",
    },
    Explained {
        documents: &["executor/", "approver/direct/"],
        issue: "PERMISSIONS_MANAGEMENT_ACTIONS",
        subject: "iam:attachrolepolicy,iam:createrole,iam:deleterole,iam:deleterolepolicy,iam:detachrolepolicy,iam:passrole,iam:putrolepolicy,iam:updaterole",
        why: "the reserved-role actions above, for the grants the executor makes, and iam:PassRole on the scheduler role alone, to create the schedules that end access on time. In direct mode approvers grant with their own credentials, which is why `show` and docs/configuration.md call them trusted; in brokered mode no person's document has any of it",
    },
    Explained {
        documents: &["admin/brokered/"],
        issue: "PERMISSIONS_MANAGEMENT_ACTIONS",
        subject: "kms:createkey,kms:putkeypolicy",
        why: "setup creates the seal key with its key policy, and KMS refuses a key policy that would lock its creator out unless the creator may put one",
    },
    Explained {
        documents: &["admin/direct/"],
        issue: "PERMISSIONS_MANAGEMENT_ACTIONS",
        subject: "iam:createrole,iam:putrolepolicy,kms:createkey,kms:putkeypolicy",
        why: "the seal key as above, and in direct mode `setup --create-roles` creates the scheduler role (only that role: the statement names it)",
    },
    Explained {
        documents: &["kms-key/"],
        issue: "PERMISSIONS_MANAGEMENT_ACTIONS",
        subject: "kms:putkeypolicy",
        why: "the account's key administrators keep the key manageable (AWS's default key policy does the same); they are not granted Encrypt, and setup reports a key whose policy was changed",
    },
    Explained {
        documents: &["kms-key/"],
        issue: "RESOURCE_STAR",
        subject: "",
        why: "in a key policy, Resource \"*\" means the key the policy is attached to (AWS's key policy documentation)",
    },
    Explained {
        documents: &["requester/", "approver/", "executor/"],
        issue: "RESOURCE_STAR",
        subject: "organizations:describeaccount",
        why: "an account's ARN holds the management account and the organisation id, which elevate neither needs nor asks for; DescribeAccount reads an account's name and status, nothing more",
    },
    Explained {
        documents: &["scheduler-trust", "lambda-trust/"],
        issue: "MALFORMED",
        subject: "Statement contains neither Resource nor NotResource",
        why: "a trust policy has no Resource element (the role is the resource); Parliament lints it as an identity policy",
    },
];

fn full(grant_mode: GrantMode) -> Scope {
    Scope {
        region: Some("eu-west-1".into()),
        account: Some("111122223333".into()),
        instance_arn: Some("arn:aws:sso:::instance/ssoins-0123456789abcdef".into()),
        identity_store_id: Some("d-1234567890".into()),
        table: Some("elevate-ledger".into()),
        schedule_group: "elevate".into(),
        scheduler_role_arn: Some("arn:aws:iam::111122223333:role/elevate-scheduler".into()),
        event_data_store: Some(
            "arn:aws:cloudtrail:eu-west-1:111122223333:eventdatastore/0123abcd-0123-4567-89ab-0123456789ab".into(),
        ),
        trail_bucket: Some("org-trail".into()),
        notify_sns_topic: Some("arn:aws:sns:eu-west-1:111122223333:elevate".into()),
        seal_key: Some(
            "arn:aws:kms:eu-west-1:111122223333:key/0123abcd-0123-4567-89ab-0123456789ab".into(),
        ),
        grant_mode,
        executor_function: Some("elevate-executor".into()),
    }
}

/// What `iam-policy` prints with no configuration at all: wildcards where nothing is named.
fn bare(grant_mode: GrantMode) -> Scope {
    Scope {
        schedule_group: "elevate".into(),
        table: Some("elevate-ledger".into()),
        grant_mode,
        ..Scope::default()
    }
}

fn documents() -> BTreeMap<String, Value> {
    let mut docs = BTreeMap::new();
    for (mode, grant_mode) in [
        ("direct", GrantMode::Direct),
        ("brokered", GrantMode::Brokered),
    ] {
        for (shape, scope) in [("full", full(grant_mode)), ("bare", bare(grant_mode))] {
            for role in Role::ALL {
                let doc = iam::policy(role, &scope);
                if doc["Statement"].as_array().is_some_and(|s| !s.is_empty()) {
                    docs.insert(format!("{role}/{mode}/{shape}"), doc);
                }
            }
        }
        let mut seal = SealScope::new(
            "aws",
            "111122223333",
            "444455556666",
            "dynamodb:elevate-ledger",
            "arn:aws:iam::111122223333:role/elevate-executor",
        );
        seal.grant_by_approvers = grant_mode == GrantMode::Direct;
        docs.insert(format!("kms-key/{mode}"), key_policy(&seal).unwrap());
    }
    docs.insert(
        "scheduler-trust".into(),
        iam::scheduler_trust(&full(GrantMode::Brokered)),
    );
    // `setup --executor`: the function's role, its trust, and the role its schedule runs with.
    for (shape, scope) in [
        ("full", full(GrantMode::Brokered)),
        ("bare", bare(GrantMode::Brokered)),
    ] {
        docs.insert(
            format!("executor/lambda/{shape}"),
            iam::executor_lambda_policy(&scope, "elevate-executor"),
        );
        docs.insert(
            format!("executor-invoker/{shape}"),
            iam::executor_invoker_policy(&scope, "elevate-executor"),
        );
        docs.insert(
            format!("lambda-trust/{shape}"),
            iam::executor_lambda_trust(&scope),
        );
    }
    docs
}

fn python() -> std::path::PathBuf {
    std::env::var_os("ELEVATE_TEST_PYTHON")
        .map(Into::into)
        .unwrap_or_else(|| repo().join(".venv/bin/python"))
}

#[test]
fn parliament_finds_nothing_unexplained_in_any_generated_document() {
    let docs = documents();
    assert!(docs.len() >= 20, "too few documents: {:?}", docs.keys());
    let mut child = Command::new(python())
        .arg(repo().join("tests/support/parliament_lint.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {}: {e}; run scripts/test.sh, which installs parliament into .venv",
                python().display()
            )
        });
    serde_json::to_writer(child.stdin.take().unwrap(), &docs).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "parliament failed (is it installed? scripts/setup-emulator.sh installs it): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let findings: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let unexplained: Vec<&Value> = findings
        .iter()
        .filter(|f| {
            !EXPLAINED.iter().any(|x| {
                let doc = f["document"].as_str().unwrap_or_default();
                let subject = f["subject"].as_str().unwrap_or_default();
                x.documents.iter().any(|d| doc.starts_with(d))
                    && f["issue"] == x.issue
                    && (x.subject.is_empty() || subject == x.subject)
            })
        })
        .collect();
    assert!(
        unexplained.is_empty(),
        "Parliament findings with no explanation in EXPLAINED:\n{}",
        serde_json::to_string_pretty(&unexplained).unwrap()
    );
}
