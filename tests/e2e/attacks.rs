//! The attack suite end to end (DESIGN.md section 1): an insider with a requester's permission
//! set attacks the sealed DynamoDB ledger of a real `elevate` against the emulator, behind the
//! KMS key-policy guard (`tests/support/kms_guard.rs`), so every seal is made and checked under
//! the seal key's policy as in AWS.
//!
//! Every attack is made with the attacker's own session keys (alice, an `ElevateRequester`
//! session), with the AWS SDK — raw `PutItem` / `UpdateItem` / `DeleteItem` on the table in the
//! item layout of `store::dynamodb`, and KMS calls — and only with what her role's IAM policy
//! (`elevate iam-policy requester`) allows: moto enforces no IAM, so each of her calls is first
//! evaluated against that policy with elevate's own evaluator, and a call it refuses is not
//! made. The forgeries are built with elevate's own types (`Request::apply`, the hash chain),
//! so they are well-formed in every way a seal does not cover.
//!
//! Each attack must end with no grant (Identity Center holds no such assignment), no access
//! kept past its end, the tampering reported (the executor's `elevate reconcile` exits 1 with
//! TAMPERING for the request) and `elevate audit verify` exiting non-zero naming the request.

use aws_sdk_dynamodb::types::AttributeValue;
use jiff::{SignedDuration, Timestamp};
use serde_json::{Value, json as j};

use elevate::domain::event::Seal;
use elevate::domain::iam_eval::{self, PolicyKind};
use elevate::domain::ledger::{self, SealKind};
use elevate::domain::request::Stamp;
use elevate::domain::{Action, Event, Mode, Request, Status};
use elevate::store::PolicyVersion;
use elevate::store::dynamodb::DynamoStore;

use crate::harness::{Org, block_on, guard, json, stderr_of};

pub(crate) const ADMIN: &str = "AdministratorAccess";
const READ_ONLY: &str = "ReadOnlyAccess";

/// AdministratorAccess with one approver, ReadOnlyAccess with two.
pub(crate) const POLICY: &str = r#"
[settings]
max_duration = "8h"
reason_min_length = 5

[[rule]]
name = "engineers"
principals = ["group:Engineers"]
accounts = ["*"]
permission_sets = ["AdministratorAccess"]
max_duration = "4h"
approval = "required"
approvers = ["group:Approvers"]

[[rule]]
name = "two-person"
principals = ["group:Engineers"]
accounts = ["*"]
permission_sets = ["ReadOnlyAccess"]
max_duration = "4h"
approval = "required"
approvers = ["group:Approvers"]
approvals_required = 2

[[rule]]
name = "release"
principals = ["group:Release"]
accounts = ["*"]
permission_sets = ["AdministratorAccess"]
max_duration = "1h"
approval = "required"
approvers = ["group:Approvers"]

[[delegate]]
callers = ["arn:aws:iam::{management}:role/ci-deployer"]
principals = ["group:Release"]
"#;

/// An organisation with `accounts` member accounts `acct-00`.., its sealed ledger set up and
/// the attack policy applied by the admin.
pub(crate) fn sealed(accounts: usize) -> Org {
    let org = Org::with_accounts(accounts);
    org.write_policy(POLICY);
    org.set_up();
    org
}

fn later(hours: i64) -> String {
    (Timestamp::now() + SignedDuration::from_hours(hours)).to_string()
}

/// `who` asks for `permission_set` on `account` for an hour, through elevate.
pub(crate) fn request(org: &Org, who: &str, account: &str, permission_set: &str) -> String {
    json(org.on_table(who).args([
        "request",
        "-a",
        account,
        "-p",
        permission_set,
        "-d",
        "1h",
        "-r",
        "attack drill",
    ]))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

fn approve(org: &Org, who: &str, id: &str) -> Value {
    json(org.on_table(who).args(["approve", id]))
}

/// `elevate <args>` as `who`, at `now` (AWS's time) if given: its exit code, stdout, stderr.
fn run(org: &Org, who: &str, now: Option<&str>, args: &[&str]) -> (Option<i32>, String, String) {
    let mut cmd = org.on_table(who);
    if let Some(now) = now {
        cmd.env("ELEVATE_TEST_NOW", now);
    }
    let out = cmd.args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr_of(&out),
    )
}

/// The executor's full pass (at `now`): its exit code and report.
fn reconcile(org: &Org, now: Option<&str>) -> (Option<i32>, Value) {
    let (code, out, err) = run(org, "executor", now, &["reconcile", "-o", "json"]);
    assert!(!err.contains("panicked"), "{err}");
    let report = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}\n{err}"));
    (code, report)
}

/// The items of a reconcile report about `id`.
fn items<'a>(report: &'a Value, id: &str) -> Vec<&'a Value> {
    report["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["id"] == id)
        .collect()
}

/// The pass refused `id` as tampering and said a person must look.
fn assert_flagged(report: &Value, id: &str) {
    assert!(
        items(report, id)
            .iter()
            .any(|i| i["attention"] == true && i["result"].as_str().unwrap().contains("TAMPERING")),
        "{id} is not reported as tampering: {report:#}"
    );
}

/// `audit verify` (by erin, at `now`): non-zero, naming each of `ids`; its findings.
fn assert_verify_names(org: &Org, now: Option<&str>, ids: &[&str]) -> Value {
    let (code, out, err) = run(org, "erin", now, &["audit", "verify", "-o", "json"]);
    assert_eq!(code, Some(1), "audit verify must fail: {out}\n{err}");
    let report: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    for id in ids {
        assert!(
            report["findings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["id"] == *id && !f["problems"].as_array().unwrap().is_empty()),
            "audit verify does not name {id}: {report:#}"
        );
    }
    report
}

/// The problems `audit verify` found with `id`.
fn problems_of(findings: &Value, id: &str) -> Vec<String> {
    findings["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["id"] == id)
        .flat_map(|f| f["problems"].as_array().unwrap().iter())
        .map(|p| p.as_str().unwrap().to_string())
        .collect()
}

/// Whether Identity Center gives `user` `permission_set` on `account`.
pub(crate) fn holds(org: &Org, account: &str, permission_set: &str, user: &str) -> bool {
    let id = org.user_id(user);
    org.assignments(account, permission_set)
        .iter()
        .any(|(_, p)| *p == id)
}

// --- the attacker ------------------------------------------------------------------------------

type Item = std::collections::HashMap<String, AttributeValue>;

fn s(v: impl Into<String>) -> AttributeValue {
    AttributeValue::S(v.into())
}

/// A person with a role's credentials and nothing else: the ledger table through the SDK, KMS
/// through the guard, and each call first checked against the role's IAM policy.
pub(crate) struct Attacker<'a> {
    org: &'a Org,
    who: &'static str,
    ddb: aws_sdk_dynamodb::Client,
    kms: aws_sdk_kms::Client,
    /// elevate's item layout, with the attacker's own client.
    layout: DynamoStore,
    /// The role's IAM policy, as `elevate iam-policy` prints it.
    iam: Value,
}

impl<'a> Attacker<'a> {
    pub(crate) fn new(org: &'a Org, who: &'static str) -> Attacker<'a> {
        let ddb = org.dynamodb(who);
        Attacker {
            org,
            who,
            layout: DynamoStore::new(ddb.clone(), &org.table()),
            ddb,
            kms: org.kms(who),
            iam: org.identity_policy(who),
        }
    }

    /// Whether the role's IAM policy allows `action` on the item whose partition key is `pk`.
    pub(crate) fn may(&self, action: &str, pk: &str) -> Result<(), String> {
        let table = format!(
            "arn:aws:dynamodb:us-east-1:{}:table/{}",
            self.org.account(),
            self.org.table()
        );
        let c = &self.org.seed["credentials"][self.who];
        let request = iam_eval::Request::new(
            action,
            &table,
            c["RoleArn"].as_str().unwrap(),
            c["UserId"].as_str().unwrap(),
        )
        .unwrap()
        .with_multi_key("dynamodb:LeadingKeys", &[pk]);
        let decision = iam_eval::evaluate(&self.iam, PolicyKind::Identity, &request)
            .unwrap()
            .decision;
        if decision.is_allowed() {
            Ok(())
        } else {
            Err(format!(
                "IAM refuses {} {action} on {pk}: {decision:?}",
                self.who
            ))
        }
    }

    pub(crate) fn get(&self, pk: &str, sk: &str) -> Option<Item> {
        self.may("dynamodb:GetItem", pk).unwrap();
        block_on(
            self.ddb
                .get_item()
                .table_name(self.org.table())
                .key("pk", s(pk))
                .key("sk", s(sk))
                .consistent_read(true)
                .send(),
        )
        .unwrap()
        .item
    }

    pub(crate) fn body<T: serde::de::DeserializeOwned>(item: &Item) -> T {
        serde_json::from_str(item["body"].as_s().unwrap()).unwrap()
    }

    /// Request `id` as its record says.
    pub(crate) fn record(&self, id: &str) -> Request {
        Self::body(&self.get(&format!("R#{id}"), "R").expect("the record"))
    }

    /// Request `id`'s ledger events, in order.
    pub(crate) fn events(&self, id: &str) -> Vec<Event> {
        let pk = format!("R#{id}");
        self.may("dynamodb:Query", &pk).unwrap();
        let out = block_on(
            self.ddb
                .query()
                .table_name(self.org.table())
                .key_condition_expression("pk = :pk AND begins_with(sk, :e)")
                .expression_attribute_values(":pk", s(&pk))
                .expression_attribute_values(":e", s("E#"))
                .consistent_read(true)
                .send(),
        )
        .unwrap();
        out.items().iter().map(Self::body).collect()
    }

    pub(crate) fn put(&self, item: Item) {
        self.try_put(item).unwrap()
    }

    /// `PutItem`, if the role may.
    pub(crate) fn try_put(&self, item: Item) -> Result<(), String> {
        let pk = item["pk"].as_s().unwrap().clone();
        self.may("dynamodb:PutItem", &pk)?;
        block_on(
            self.ddb
                .put_item()
                .table_name(self.org.table())
                .set_item(Some(item))
                .send(),
        )
        .map(|_| ())
        .map_err(|e| format!("{e:?}"))
    }

    /// `UpdateItem` of (`pk`, `sk`) with `expression` and its `:values`; `#s` and `#e` name
    /// `status` and `end` (words DynamoDB reserves).
    pub(crate) fn update(
        &self,
        pk: &str,
        sk: &str,
        expression: &str,
        values: &[(&str, AttributeValue)],
    ) {
        self.may("dynamodb:UpdateItem", pk).unwrap();
        let mut call = self
            .ddb
            .update_item()
            .table_name(self.org.table())
            .key("pk", s(pk))
            .key("sk", s(sk))
            .update_expression(expression);
        for (placeholder, name) in [("#s", "status"), ("#e", "end")] {
            if expression.contains(placeholder) {
                call = call.expression_attribute_names(placeholder, name);
            }
        }
        for (name, value) in values {
            call = call.expression_attribute_values(*name, value.clone());
        }
        block_on(call.send()).unwrap();
    }

    /// `DeleteItem`, if the role may.
    pub(crate) fn delete(&self, pk: &str, sk: &str) -> Result<(), String> {
        self.may("dynamodb:DeleteItem", pk)?;
        block_on(
            self.ddb
                .delete_item()
                .table_name(self.org.table())
                .key("pk", s(pk))
                .key("sk", s(sk))
                .send(),
        )
        .map(|_| ())
        .map_err(|e| format!("{e:?}"))
    }

    /// Writes `events` and then `record`, raw, in elevate's item layout: no condition, no check.
    pub(crate) fn write(&self, record: &Request, events: &[&Event]) {
        for ev in events {
            self.put(Item::from([
                ("pk".into(), s(format!("R#{}", ev.request_id))),
                ("sk".into(), s(format!("E#{:010}", ev.seq))),
                ("body".into(), s(serde_json::to_string(ev).unwrap())),
            ]));
        }
        self.put(self.layout.request_item(record).unwrap());
    }

    /// KMS `Encrypt` of `hash` with `context`, as herself: the ciphertext, or KMS's refusal.
    pub(crate) fn encrypt(
        &self,
        context: &std::collections::BTreeMap<String, String>,
        hash: &str,
    ) -> Result<String, String> {
        let key = self.org.seal_key().unwrap();
        block_on(
            self.kms
                .encrypt()
                .key_id(key)
                .plaintext(aws_sdk_kms::primitives::Blob::new(hash.as_bytes()))
                .set_encryption_context(Some(context.clone().into_iter().collect()))
                .send(),
        )
        .map(|out| aws_smithy_types::base64::encode(out.ciphertext_blob().unwrap().as_ref()))
        .map_err(|e| {
            use aws_sdk_kms::error::ProvideErrorMetadata;
            format!("{}: {}", e.code().unwrap_or("?"), e.message().unwrap_or(""))
        })
    }

    /// A seal of `event` as a `kind` decision by `actor` (an `aws:userid`), if KMS makes it.
    pub(crate) fn seal(&self, event: &Event, kind: SealKind, actor: &str) -> Result<Seal, String> {
        let context = ledger::seal_context(
            &format!("dynamodb:{}", self.org.table()),
            event.request_id.as_str(),
            &event.hash,
            kind,
            actor,
        );
        self.encrypt(&context, &event.hash)
            .map(|blob| Seal { kind, blob })
    }
}

/// An approval of `r` in `by`'s name, as the state machine writes it, naming `author` (an
/// `aws:userid`) as the one who sealed it, and unsealed: well-formed in every way a seal does
/// not cover, chained to the record's newest event.
pub(crate) fn forged_approval(org: &Org, r: &Request, by: &str, author: &str) -> (Request, Event) {
    r.apply(
        Action::Approve {
            by: format!("user:{by}"),
            user_id: org.user_id(by),
            counts_for: r.requirements.iter().map(|q| q.rule.clone()).collect(),
        },
        &Stamp {
            actor: &format!("user:{by}"),
            actor_id: Some(author),
            at: Timestamp::now(),
            comment: None,
            policy_version: Some(&r.policy_version),
        },
    )
    .unwrap()
}

// --- forged decisions ----------------------------------------------------------------------------

/// (a) an approval in bob's name, with a valid hash chain and no seal, her own seal, or bob's
/// genuine seal moved from another request; (b) 2-of-N with one honest and one forged
/// approval; (c) only the status flipped to approved; (h) what KMS lets her seal at all.
#[test]
fn forged_approvals_and_a_flipped_status_grant_nothing_and_are_never_laundered() {
    let org = sealed(5);
    let alice = Attacker::new(&org, "alice");
    let acct = |n: usize| org.target(&format!("acct-{n:02}"));
    let dev = org.dev();
    // Genuine seals to dress forgeries in: bob's approval of erin's request, carol's of dave's.
    let by_bob = request(&org, "erin", &dev, ADMIN);
    approve(&org, "bob", &by_bob);
    let by_carol = request(&org, "dave", &dev, ADMIN);
    approve(&org, "carol", &by_carol);
    let bob_seal = alice.events(&by_bob)[1].seal.clone().unwrap();
    let carol_seal = alice.events(&by_carol)[1].seal.clone().unwrap();
    assert_eq!(bob_seal.kind, SealKind::Approve);

    // (h) KMS: she may seal her own requests, and no decision of anyone else's.
    let r = alice.record(&request(&org, "alice", &acct(0), ADMIN));
    let (_, in_bobs_name) = forged_approval(&org, &r, "bob", &org.userid("bob"));
    let (_, in_her_name) = forged_approval(&org, &r, "bob", &org.userid("alice"));
    let (alice_id, bob_id) = (org.userid("alice"), org.userid("bob"));
    for (kind, actor) in [
        (SealKind::Approve, &bob_id),
        (SealKind::Approve, &alice_id),
        (SealKind::Request, &bob_id),
        (SealKind::Grant, &alice_id),
        (SealKind::Execute, &alice_id),
        (SealKind::Policy, &alice_id),
    ] {
        let refused = alice.seal(&in_bobs_name, kind, actor).unwrap_err();
        assert!(
            refused.starts_with("AccessDeniedException"),
            "{kind} as {actor}: {refused}"
        );
    }
    let refused = |action: &str| {
        guard()
            .verdicts_of(&org.access_key("alice"))
            .iter()
            .any(|v| v.action == action && v.refused.is_some())
    };
    assert!(refused("kms:Encrypt"), "the guard made the refusals");
    let own = alice.seal(&in_her_name, SealKind::Request, &alice_id);
    assert!(own.is_ok(), "a request-kind seal in her own name: {own:?}");
    // bob seals approvals, in his own name only.
    let bob = Attacker::new(&org, "bob");
    assert!(bob.seal(&in_bobs_name, SealKind::Approve, &bob_id).is_ok());
    assert!(
        bob.seal(&in_bobs_name, SealKind::Approve, &alice_id)
            .is_err()
    );
    // Nor can she turn bob's genuine seal into one of her forgery (ReEncrypt), or give herself
    // a grant on the key that would skip its conditions.
    let ledger_name = format!("dynamodb:{}", org.table());
    let honest = &alice.events(&by_bob)[1];
    let source = ledger::seal_context(
        &ledger_name,
        &by_bob,
        &honest.hash,
        SealKind::Approve,
        &bob_id,
    );
    let target = ledger::seal_context(
        &ledger_name,
        r.id.as_str(),
        &in_bobs_name.hash,
        SealKind::Approve,
        &bob_id,
    );
    let key = org.seal_key().unwrap();
    let reencrypted = block_on(
        alice
            .kms
            .re_encrypt()
            .ciphertext_blob(aws_sdk_kms::primitives::Blob::new(
                aws_smithy_types::base64::decode(&bob_seal.blob).unwrap(),
            ))
            .set_source_encryption_context(Some(source.into_iter().collect()))
            .destination_key_id(&key)
            .set_destination_encryption_context(Some(target.into_iter().collect()))
            .send(),
    );
    assert!(reencrypted.is_err(), "ReEncrypt of bob's seal");
    let grant = block_on(
        alice
            .kms
            .create_grant()
            .key_id(&key)
            .grantee_principal(
                org.seed["credentials"]["alice"]["RoleArn"]
                    .as_str()
                    .unwrap(),
            )
            .operations(aws_sdk_kms::types::GrantOperation::Encrypt)
            .send(),
    );
    assert!(grant.is_err(), "CreateGrant");
    // Nor rewrite the key's policy: her IAM policy does not let her.
    let rewrite = block_on(
        alice
            .kms
            .put_key_policy()
            .key_id(&key)
            .policy_name("default")
            .policy(j!({"Version": "2012-10-17", "Statement": []}).to_string())
            .send(),
    );
    assert!(rewrite.is_err(), "PutKeyPolicy");
    assert!(
        refused("kms:ReEncryptFrom") && refused("kms:CreateGrant") && refused("kms:PutKeyPolicy")
    );

    // (a) A forged approval in bob's name, three ways.
    let mut forged = Vec::new();
    for (n, variant) in ["no seal", "her own seal", "bob's seal of another request"]
        .into_iter()
        .enumerate()
    {
        let id = if n == 0 {
            r.id.to_string()
        } else {
            request(&org, "alice", &acct(n), ADMIN)
        };
        let record = alice.record(&id);
        let (approved, mut ev) = match variant {
            "her own seal" => forged_approval(&org, &record, "bob", &alice_id),
            _ => forged_approval(&org, &record, "bob", &bob_id),
        };
        assert_eq!(approved.status, Status::Approved);
        ev.seal = match variant {
            "no seal" => None,
            "her own seal" => Some(alice.seal(&ev, SealKind::Request, &alice_id).unwrap()),
            _ => Some(bob_seal.clone()),
        };
        alice.write(&approved, &[&ev]);
        forged.push((id, acct(n), ADMIN, variant));
    }

    // (b) Two approvers needed: bob's honest approval, then a forged one of carol's, wearing
    // carol's genuine seal of another request.
    let two = request(&org, "alice", &acct(3), READ_ONLY);
    assert_eq!(approve(&org, "bob", &two)["status"], "pending");
    let record = alice.record(&two);
    let (approved, mut ev) = forged_approval(&org, &record, "carol", &org.userid("carol"));
    assert_eq!(approved.status, Status::Approved, "one forged + one honest");
    ev.seal = Some(carol_seal);
    alice.write(&approved, &[&ev]);
    forged.push((two, acct(3), READ_ONLY, "2-of-N"));

    // (c) Only the status: the attribute and the record's own.
    let flipped = request(&org, "alice", &acct(4), ADMIN);
    let mut record = alice.record(&flipped);
    record.status = Status::Approved;
    alice.update(
        &format!("R#{flipped}"),
        "R",
        "SET #s = :s, body = :b",
        &[
            (":s", s("approved")),
            (":b", s(serde_json::to_string(&record).unwrap())),
        ],
    );
    forged.push((flipped.clone(), acct(4), ADMIN, "status flipped"));

    // The executor's pass grants none of them, and says so.
    let (code, report) = reconcile(&org, None);
    assert_eq!(code, Some(1), "{report:#}");
    for (id, account, set, variant) in &forged {
        assert_flagged(&report, id);
        assert!(
            !holds(&org, account, set, "alice"),
            "{variant}: {id} was granted"
        );
    }
    // The honest grants stand.
    assert!(holds(&org, &dev, ADMIN, "erin") && holds(&org, &dev, ADMIN, "dave"));

    // An honest approver's action afterwards is refused, never laundering the forgery.
    for (id, account, set, variant) in &forged {
        let (code, _, err) = run(&org, "carol", None, &["approve", id]);
        assert_ne!(code, Some(0), "{variant}: {err}");
        assert!(err.contains("TAMPERING"), "{variant}: {err}");
        assert!(!holds(&org, account, set, "alice"), "{variant}");
    }
    let (code, _, err) = run(&org, "bob", None, &["approve", "--finish", &flipped]);
    assert_ne!(code, Some(0), "{err}");
    assert!(err.contains("TAMPERING"), "{err}");
    assert_eq!(alice.events(&flipped).len(), 1, "nothing chained onto it");
    assert!(!holds(&org, &acct(4), ADMIN, "alice"));

    let ids: Vec<&str> = forged.iter().map(|f| f.0.as_str()).collect();
    let findings = assert_verify_names(&org, None, &ids);
    for honest in [&by_bob, &by_carol] {
        assert!(
            problems_of(&findings, honest).is_empty(),
            "{honest} is honest: {findings:#}"
        );
    }
}

/// (d) A policy version 2 whose rule is auto, written by the requester if her role lets her
/// (elevate's IAM policies leave policy versions to the admin); her request decided by it, as
/// her own build of elevate would; then the version deleted, if her role lets her.
#[test]
fn a_requester_s_own_policy_version_grants_nothing() {
    let org = sealed(0);
    let alice = Attacker::new(&org, "alice");
    let alice_id = org.userid("alice");
    let dev = org.dev();
    let text = POLICY.replace("{management}", &org.account()).replacen(
        "approval = \"required\"\napprovers = [\"group:Approvers\"]\n\n[[rule]]\nname = \"two-person\"",
        "approval = \"auto\"\n\n[[rule]]\nname = \"two-person\"",
        1,
    );
    let policy = elevate::domain::Policy::parse(&text, "forged").unwrap();
    let mut version = PolicyVersion {
        number: 2,
        hash: policy.version.clone(),
        text: text.clone(),
        applied_by: "user:alice".into(),
        applied_at: Timestamp::now(),
        actor_id: Some(alice_id.clone()),
        seal: None,
    };
    let hash = ledger::policy_version_hash(
        2,
        &version.hash,
        &version.text,
        &version.applied_by,
        version.applied_at,
        Some(&alice_id),
    );
    let ledger_name = format!("dynamodb:{}", org.table());
    let as_policy = ledger::seal_context(
        &ledger_name,
        ledger::POLICY_SUBJECT,
        &hash,
        SealKind::Policy,
        &alice_id,
    );
    let refused = alice.encrypt(&as_policy, &hash).unwrap_err();
    assert!(refused.starts_with("AccessDeniedException"), "{refused}");
    // Sealed as best she can: a seal KMS does make her, of another kind.
    let as_request = ledger::seal_context(
        &ledger_name,
        ledger::POLICY_SUBJECT,
        &hash,
        SealKind::Request,
        &alice_id,
    );
    version.seal = Some(Seal {
        kind: SealKind::Policy,
        blob: alice.encrypt(&as_request, &hash).unwrap(),
    });
    let written = alice.try_put(Item::from([
        ("pk".into(), s("P")),
        ("sk".into(), s("V#0000000002")),
        ("body".into(), s(serde_json::to_string(&version).unwrap())),
    ]));
    if let Err(why) = &written {
        assert!(why.starts_with("IAM refuses"), "{why}");
    }

    // elevate itself decides by the admin's version: her request waits for an approver.
    let (code, out, err) = run(
        &org,
        "alice",
        None,
        &[
            "request",
            "-a",
            &dev,
            "-p",
            ADMIN,
            "-d",
            "1h",
            "-r",
            "attack drill",
            "-o",
            "json",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    if written.is_ok() {
        assert!(err.contains("policy version 2"), "reported: {err}");
    }
    let asked: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(asked["status"], "pending", "{asked}");
    let id = asked["id"].as_str().unwrap().to_string();

    // Her own build decides by version 2: the request opened under it, approved by policy —
    // every event sealed by her, genuinely (KMS lets her seal her own requests).
    let first = alice.events(&id).remove(0);
    let mut opened = *first.opened.clone().unwrap();
    opened.policy_version = version.hash.clone();
    opened.mode = Mode::Auto;
    opened.requirements = Vec::new();
    opened.approvers = Vec::new();
    let stamp = |at| Stamp {
        actor: "user:alice",
        actor_id: Some(&alice_id),
        at,
        comment: None,
        policy_version: Some(&version.hash),
    };
    let (created, mut e1) = Request::create(opened, &stamp(first.at));
    e1.seal = Some(alice.seal(&e1, SealKind::Request, &alice_id).unwrap());
    let (approved, mut e2) = created
        .apply(Action::PolicyApprove, &stamp(Timestamp::now()))
        .unwrap();
    e2.seal = Some(alice.seal(&e2, SealKind::Request, &alice_id).unwrap());
    assert_eq!(approved.status, Status::Approved);
    alice.write(&approved, &[&e1, &e2]);
    // Then she removes the version, if she could write it and her role lets her delete it.
    if written.is_ok() {
        let deleted = alice.delete("P", "V#0000000002");
        if let Err(why) = &deleted {
            assert!(why.starts_with("IAM refuses"), "{why}");
        }
    }

    let (code, report) = reconcile(&org, None);
    assert_eq!(code, Some(1), "{report:#}");
    assert_flagged(&report, &id);
    assert!(!holds(&org, &dev, ADMIN, "alice"));
    let findings = assert_verify_names(&org, None, &[&id]);
    let problems = problems_of(&findings, &id);
    assert!(
        problems.iter().any(|p| p.contains("policy version")),
        "{problems:?}"
    );
    // elevate still decides by the admin's version: another request of hers waits.
    let again = request(&org, "alice", &dev, READ_ONLY);
    let shown = json(org.on_table("alice").args(["show", &again]));
    assert_eq!(shown["request"]["status"], "pending", "{shown}");
}

// --- keeping access past its end ------------------------------------------------------------------

/// (e) An active elevation kept past its end four ways — `prior_access` rewritten in the record,
/// the record's index attributes removed, a decoy in the assignment's set of open requests, a
/// lease until the year 5138 — and (g) one hidden from `list --active` by its status attribute.
/// After their end, the executor's pass leaves no assignment. The edited records are reported
/// by `audit verify` and by every pass. (The decoy and the lease keep nothing, but nothing
/// reports them either: they are not records, and neither the pass nor `audit verify` checks
/// them against the records they claim to follow.)
#[test]
fn access_is_not_kept_past_its_end_whatever_the_record_says() {
    let org = sealed(5);
    let alice = Attacker::new(&org, "alice");
    let acct = |n: usize| org.target(&format!("acct-{n:02}"));
    let active: Vec<String> = (0..5)
        .map(|n| {
            let id = request(&org, "alice", &acct(n), ADMIN);
            assert_eq!(approve(&org, "bob", &id)["status"], "active");
            id
        })
        .collect();
    let key_of = |id: &str| alice.record(id).assignment().key();

    // prior_access: "she had it before", so the end would leave it.
    let mut record = alice.record(&active[0]);
    record.prior_access = Some(true);
    alice.update(
        &format!("R#{}", active[0]),
        "R",
        "SET body = :b",
        &[(":b", s(serde_json::to_string(&record).unwrap()))],
    );
    // Its index attributes removed: no index lists it any more.
    alice.update(
        &format!("R#{}", active[1]),
        "R",
        "REMOVE #s, created, #e, account, requester, principal",
        &[],
    );
    // A decoy holder: a request that does not exist, and another request of hers.
    let decoy = request(&org, "alice", &acct(2), READ_ONLY);
    alice.update(
        &format!("A#{}", key_of(&active[2])),
        "A",
        "ADD ids :d",
        &[(
            ":d",
            AttributeValue::Ss(vec!["r-zzzzzzzzzz".into(), decoy.clone()]),
        )],
    );
    // A lease on the assignment that says it lasts until the year 5138.
    alice.put(Item::from([
        ("pk".into(), s(format!("L#{}", key_of(&active[3])))),
        ("sk".into(), s("L")),
        ("holder".into(), s("mallory")),
        ("expires".into(), AttributeValue::N("99999999999999".into())),
    ]));
    // (g) Its status attribute says ended: `list --active` no longer shows it.
    alice.update(
        &format!("R#{}", active[4]),
        "R",
        "SET #s = :s",
        &[(":s", s("ended"))],
    );
    let listed = json(org.on_table("alice").args(["list", "--active"]));
    let shown: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(!shown.contains(&active[4].as_str()), "{listed}");
    assert!(!shown.contains(&active[1].as_str()), "{listed}");
    // ...but audit verify and the executor's full pass still find the edited records.
    let edited = [active[0].as_str(), active[1].as_str(), active[4].as_str()];
    let findings = assert_verify_names(&org, None, &edited);
    assert!(
        problems_of(&findings, &active[4])
            .iter()
            .any(|p| p.contains("status")),
        "{findings:#}"
    );
    let (_, report) = reconcile(&org, None);
    for id in edited {
        assert!(
            items(&report, id).iter().any(|i| i["attention"] == true),
            "{id}: {report:#}"
        );
    }

    // After the end: nothing is kept.
    let after = later(2);
    let (code, report) = reconcile(&org, Some(&after));
    assert_eq!(
        code,
        Some(1),
        "the edited records need a person: {report:#}"
    );
    for (n, id) in active.iter().enumerate() {
        assert!(
            !holds(&org, &acct(n), ADMIN, "alice"),
            "{id} kept its access: {report:#}"
        );
    }
    for id in edited {
        assert_flagged(&report, id);
    }
    // The record whose body was edited still does not hold. (Those whose index attributes
    // alone were edited were ended, and written whole, by the executor: what was hidden is
    // over, and was reported by the passes above.)
    assert_verify_names(&org, Some(&after), &[&active[0]]);
}

// --- faults isolated ------------------------------------------------------------------------------

/// (f) One request record whose body is not JSON (written by alice) and one policy version
/// that does not parse (written with the admin's role, the only one that may write policy
/// versions: a faulty tool, say): the pass, the listings, the audit and its verification carry
/// on for everyone else, and report them.
#[test]
fn one_malformed_item_stops_nothing_for_anyone_else() {
    let org = sealed(0);
    let alice = Attacker::new(&org, "alice");
    let dev = org.dev();
    let honest = request(&org, "alice", &dev, ADMIN);
    approve(&org, "bob", &honest);
    let bad = "r-zzzzzzzzzz";
    let record = alice.record(&honest);
    let mut item = alice.layout.request_item(&record).unwrap();
    item.insert("pk".into(), s(format!("R#{bad}")));
    item.insert("body".into(), s("{not json"));
    item.insert("created".into(), s(format!("0000000000001#{bad}")));
    alice.put(item);
    let unparsable = j!({
        "number": 2,
        "hash": "000000000000",
        "text": "[[rule]\nthis is not a policy",
        "applied_by": "user:alice",
        "applied_at": Timestamp::now(),
    });
    Attacker::new(&org, "admin").put(Item::from([
        ("pk".into(), s("P")),
        ("sk".into(), s("V#0000000002")),
        ("body".into(), s(unparsable.to_string())),
    ]));

    let after = later(2);
    let (code, report) = reconcile(&org, Some(&after));
    assert_eq!(code, Some(1), "{report:#}");
    assert!(
        items(&report, &honest)
            .iter()
            .any(|i| i["result"].as_str().unwrap().contains("ended")),
        "the pass carried on: {report:#}"
    );
    assert!(!holds(&org, &dev, ADMIN, "alice"));
    assert!(
        report["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["id"].as_str().unwrap().contains(bad) && i["attention"] == true),
        "{report:#}"
    );
    for args in [
        &["list", "--all", "-o", "json"][..],
        &["audit", "-o", "json"][..],
    ] {
        let (code, out, err) = run(&org, "erin", Some(&after), args);
        assert_eq!(code, Some(0), "{args:?}: {err}");
        assert!(out.contains(&honest), "{args:?} carries on: {out}");
        assert!(err.contains(bad), "{args:?} says what it skipped: {err}");
    }
    let findings = assert_verify_names(&org, Some(&after), &[bad]);
    assert!(
        findings["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["id"] == "policy"),
        "{findings:#}"
    );
    assert!(problems_of(&findings, &honest).is_empty(), "{findings:#}");
    // `policy show` shows the version in force, says why the newest is not, and that nothing
    // is granted until an admin applies the policy again.
    let (code, out, err) = run(&org, "erin", Some(&after), &["policy", "show"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("# version 1 "), "{err}");
    assert!(!out.contains("this is not a policy"), "{out}");
    assert!(err.contains("policy version 2"), "{err}");
    assert!(err.contains("nothing is granted"), "{err}");
    let (code, _, err) = run(
        &org,
        "erin",
        Some(&after),
        &["policy", "show", "--version", "2"],
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("TAMPERING"), "{err}");
}

// --- what the key policy does ---------------------------------------------------------------------

/// Everything above rests on the seal key's policy: put KMS's default policy ("the account may
/// use the key as its IAM policies say") in its place, and the same forged approval in bob's
/// name — now sealed by alice in bob's name, which her IAM policy lets her — verifies, and the
/// executor grants it. `elevate setup` is what notices.
#[test]
fn the_key_policy_is_what_makes_a_seal_prove_its_author() {
    let org = sealed(0);
    let alice = Attacker::new(&org, "alice");
    let dev = org.dev();
    let id = request(&org, "alice", &dev, ADMIN);
    let bob_id = org.userid("bob");
    let (approved, mut ev) = forged_approval(&org, &alice.record(&id), "bob", &bob_id);
    assert!(alice.seal(&ev, SealKind::Approve, &bob_id).is_err());

    let default = j!({"Version": "2012-10-17", "Id": "key-default-1", "Statement": [{
        "Sid": "Enable IAM User Permissions", "Effect": "Allow",
        "Principal": {"AWS": format!("arn:aws:iam::{}:root", org.account())},
        "Action": "kms:*", "Resource": "*"}]});
    // Someone who may change key policies (the admin) does.
    block_on(
        org.kms("admin")
            .put_key_policy()
            .key_id(org.seal_key().unwrap())
            .policy_name("default")
            .policy(default.to_string())
            .send(),
    )
    .unwrap();
    ev.seal = Some(alice.seal(&ev, SealKind::Approve, &bob_id).unwrap());
    alice.write(&approved, &[&ev]);
    let (code, report) = reconcile(&org, None);
    assert_eq!(code, Some(0), "{report:#}");
    assert!(
        holds(&org, &dev, ADMIN, "alice"),
        "without elevate's key policy a forged seal is a seal: {report:#}"
    );
    let (code, out, _) = run(&org, "admin", None, &["setup"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("PROBLEM") && out.contains("not the one elevate writes"),
        "{out}"
    );
}
