//! Red-team attacks on the sealed ledger (issue 14), written the way an insider would make them:
//! raw SQL on the SQLite file, and only the seals their own identity gets from KMS (the fake
//! sealer enforces the generated key policy). Each test asserts what the attack ACHIEVES today,
//! so a passing test is a working attack; a fix should turn each into a failure (and then the
//! assertion flips into a regression test).

use jiff::{SignedDuration, Timestamp};

use super::approve::{Intent, approve};
use super::fakes::*;
use super::reconcile::{Options, Report, Runner, reconcile};
use super::request::{RequestInput, submit};
use crate::domain::event::Seal;
use crate::domain::ledger::{self, SealKind};
use crate::domain::request::{NewRequest, Requester, Stamp};
use crate::domain::{
    Action, Actor, Assignment, Event, Principal, PrincipalKind, Request, RequestId, Status,
};
use crate::error::Error;

fn input(ps: &str) -> RequestInput {
    RequestInput {
        account: DEV.into(),
        permission_set: ps.into(),
        duration: Some(SignedDuration::from_hours(2)),
        reason: "deploy hotfix for INC-7".into(),
        ticket: None,
        for_principal: None,
        break_glass: false,
        start: None,
        idempotency_key: None,
    }
}

fn executor() -> Actor {
    Actor {
        arn: "arn:aws:sts::999999999999:assumed-role/elevate-executor/session".into(),
        id: role_id("elevate-executor", "session"),
        account: ADMIN_ACCOUNT.into(),
        user: None,
    }
}

async fn pass(w: &World) -> Report {
    reconcile(
        &w.svc,
        &w.policy,
        &Runner::of(&executor()),
        Options {
            dry_run: false,
            quick: false,
        },
    )
    .await
    .unwrap()
}

async fn pending(w: &World, who: &str, ps: &str) -> Request {
    submit(&w.svc, &w.policy, &w.user(who), input(ps))
        .await
        .unwrap()
        .request
}

async fn approve_as(w: &World, who: &str, id: &RequestId) -> crate::error::Result<Request> {
    approve(&w.svc, &w.policy, &w.user(who), id, None, Intent::Approve)
        .await
        .map(|d| d.request)
}

async fn active(w: &World, who: &str) -> Request {
    let r = pending(w, who, "Admin").await;
    approve_as(w, "bob", &r.id).await.unwrap()
}

fn sql(w: &World) -> rusqlite::Connection {
    rusqlite::Connection::open(&w.db).unwrap()
}

fn events(w: &World, id: &RequestId) -> Vec<Event> {
    let db = sql(w);
    let mut stmt = db
        .prepare("SELECT body FROM events WHERE request_id = ?1 ORDER BY seq")
        .unwrap();
    stmt.query_map([id.as_str()], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|b| serde_json::from_str(&b.unwrap()).unwrap())
        .collect()
}

/// Writes an event and sets the record (all its columns) to `record`, as a ledger writer can.
fn write_raw(w: &World, record: &Request, event: &Event) {
    let db = sql(w);
    db.execute(
        "INSERT OR REPLACE INTO events (request_id, seq, body) VALUES (?1, ?2, ?3)",
        rusqlite::params![
            record.id.as_str(),
            event.seq as i64,
            serde_json::to_string(event).unwrap()
        ],
    )
    .unwrap();
    set_record(w, record);
}

/// The record row, every column consistent with `record` (no index problem to report).
fn set_record(w: &World, record: &Request) {
    sql(w)
        .execute(
            "UPDATE requests SET version = ?2, status = ?3, assignment_key = ?4, end_ms = ?5, body = ?6 WHERE id = ?1",
            rusqlite::params![
                record.id.as_str(),
                record.version as i64,
                record.status.as_str(),
                record.assignment().key(),
                record.end_at.map(|e| e.as_millisecond()),
                serde_json::to_string(record).unwrap()
            ],
        )
        .unwrap();
}

/// A whole record row, as `SqliteStore::create` would write it.
fn insert_record(w: &World, r: &Request) {
    sql(w)
        .execute(
            "INSERT INTO requests (id, version, status, account_id, assignment_key, requester_arn, requester_user, principal_id, created_ms, end_ms, body)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            rusqlite::params![
                r.id.as_str(),
                r.version as i64,
                r.status.as_str(),
                r.account_id,
                r.assignment().key(),
                r.requester.arn,
                r.requester.user_id,
                r.principal.id,
                r.created_at.as_millisecond(),
                r.end_at.map(|e| e.as_millisecond()),
                serde_json::to_string(r).unwrap()
            ],
        )
        .unwrap();
}

fn insert_event(w: &World, e: &Event) {
    sql(w)
        .execute(
            "INSERT INTO events (request_id, seq, body) VALUES (?1, ?2, ?3)",
            rusqlite::params![
                e.request_id.as_str(),
                e.seq as i64,
                serde_json::to_string(e).unwrap()
            ],
        )
        .unwrap();
}

/// The seal `caller` gets from KMS for `event` as `kind` (naming themselves), or panics when the
/// key policy refuses it: every seal used below is one the attacker really can get.
fn own_seal(w: &World, caller: &str, event: &Event, kind: SealKind) -> Seal {
    let context = ledger::seal_context(
        "sqlite",
        event.request_id.as_str(),
        &event.hash,
        kind,
        caller,
    );
    assert!(
        w.sealer.allows(caller, &context),
        "the key policy lets {caller} seal {kind}"
    );
    Seal {
        kind,
        blob: FakeSealer::blob(&context, &event.hash),
    }
}

/// `who` (an Identity Center user) applies `action` to the request as its events prove it, stamped
/// `at`, seals it as a request-kind decision of their own, and writes it raw.
async fn requester_writes(w: &World, who: &str, id: &RequestId, action: Action, at: Timestamp) {
    let current = super::load(&w.svc, id).await.unwrap();
    let actor = format!("user:{who}");
    let uid = user_id(who);
    let (next, mut ev) = current
        .apply(
            action,
            &Stamp {
                actor: &actor,
                actor_id: Some(&uid),
                at,
                comment: None,
                policy_version: None,
            },
        )
        .unwrap();
    ev.seal = Some(own_seal(w, &uid, &ev, SealKind::Request));
    write_raw(w, &next, &ev);
}

fn flagged(report: &Report, id: &RequestId) -> bool {
    report
        .items
        .iter()
        .any(|i| i.id == id.as_str() && i.attention && i.result.contains("TAMPERING"))
}

fn any_tampering(w: &World) -> bool {
    w.notifier
        .sent
        .lock()
        .unwrap()
        .iter()
        .any(|n| n.event == crate::domain::notify::Topic::Tampering)
}

async fn audit_clean(w: &World) -> bool {
    super::audit::verify(super::audit::Verifier::Sealed(&w.svc))
        .await
        .unwrap()
        .findings
        .is_empty()
}

fn alice_admin(w: &World) -> Assignment {
    let alice = w.directory.users.lock().unwrap()["alice"].clone();
    Assignment {
        instance_arn: INSTANCE.into(),
        account_id: DEV.into(),
        permission_set_arn: permission_set("Admin", 4).arn,
        principal_kind: PrincipalKind::User,
        principal_id: alice.id,
    }
}

// ---------------------------------------------------------------------------------------------
// R1. Rollback: an ended elevation is granted again, for a fresh full duration, by removing
// the events after its approval (SQLite; on DynamoDB wherever a role may still DeleteItem).
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn attacks_r1_rollback_to_approved_regrants_an_ended_elevation() {
    let w = World::new();
    let a = active(&w, "alice").await;
    w.clock.advance(SignedDuration::from_hours(3));
    pass(&w).await;
    assert!(!w.access.holds(&a.assignment()), "ended on time");
    assert_eq!(w.access.count("create"), 1);

    // Days later: keep events 1..=2 (requested, bob's approval), roll the record back to them.
    w.clock.advance(SignedDuration::from_hours(72));
    let evs = events(&w, &a.id);
    assert_eq!(evs[1].kind, crate::domain::EventKind::Approved);
    let back = ledger::states(&evs[..2]).pop().unwrap();
    sql(&w)
        .execute(
            "DELETE FROM events WHERE request_id = ?1 AND seq > 2",
            [a.id.as_str()],
        )
        .unwrap();
    set_record(&w, &back);

    let report = pass(&w).await;
    // The executor grants bob's three-day-old approval again, for a new two hours.
    assert!(w.access.holds(&a.assignment()), "{:?}", report.items);
    assert_eq!(w.access.count("create"), 2);
    assert!(!flagged(&report, &a.id), "{:?}", report.items);
    assert_eq!(report.needs_attention(), 0, "{:?}", report.items);
    assert!(audit_clean(&w).await, "audit verify passes");
}

#[tokio::test]
async fn attacks_r1b_rollback_undoes_an_approver_s_revocation_of_a_scheduled_grant() {
    let w = World::new();
    let mut i = input("Admin");
    i.start = Some(w.svc.clock.now() + SignedDuration::from_hours(2));
    let r = submit(&w.svc, &w.policy, &w.user("alice"), i)
        .await
        .unwrap()
        .request;
    let scheduled = approve_as(&w, "bob", &r.id).await.unwrap();
    assert!(scheduled.scheduled_start.is_some());
    // carol (an approver) revokes it before it starts.
    let revoked = super::revoke::revoke(&w.svc, &w.user("carol"), &r.id, Some("not today"))
        .await
        .unwrap();
    assert_eq!(revoked.status, Status::Revoked);
    // alice removes the revocation and rolls the record back.
    let evs = events(&w, &r.id);
    let n = evs.len() as u64;
    let back = ledger::states(&evs[..evs.len() - 1]).pop().unwrap();
    sql(&w)
        .execute(
            "DELETE FROM events WHERE request_id = ?1 AND seq = ?2",
            rusqlite::params![r.id.as_str(), n as i64],
        )
        .unwrap();
    set_record(&w, &back);
    w.clock.advance(SignedDuration::from_mins(125));
    let report = pass(&w).await;
    assert!(w.access.holds(&r.assignment()), "{:?}", report.items);
    assert!(!flagged(&report, &r.id));
    assert!(audit_clean(&w).await);
}

// ---------------------------------------------------------------------------------------------
// R2. Quarantine as a weapon: a requester's own genuine request naming a colleague's standing
// access, back-dated, with its record left out, makes the executor delete that access.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn attacks_r2_quarantine_deletes_a_colleague_s_standing_access() {
    let w = World::new();
    // erin holds Admin on DEV directly (standing access no elevation explains: it predates elevate).
    let erin = w.directory.users.lock().unwrap()["erin"].clone();
    let standing = Assignment {
        instance_arn: INSTANCE.into(),
        account_id: DEV.into(),
        permission_set_arn: permission_set("Admin", 4).arn,
        principal_kind: PrincipalKind::User,
        principal_id: erin.id.clone(),
    };
    w.access
        .assignments
        .lock()
        .unwrap()
        .insert(standing.key(), standing.clone());

    // alice writes a request of her own (requester: alice, so authz says yes) whose principal is
    // erin, dated years ago, sealed as a request by herself: everything KMS allows her.
    let uid = user_id("alice");
    let new = NewRequest {
        id: RequestId::from_entropy(0xdead_beef),
        requester: Requester {
            arn: w.user("alice").arn,
            user_id: Some("u-alice".into()),
            user_name: Some("alice".into()),
        },
        principal: Principal {
            kind: PrincipalKind::User,
            id: erin.id.clone(),
            name: "erin".into(),
        },
        instance_arn: INSTANCE.into(),
        account_id: DEV.into(),
        permission_set: permission_set("Admin", 4),
        duration: SignedDuration::from_hours(1),
        reason: "nothing to see".into(),
        ticket: None,
        rules: vec![],
        policy_version: w.policy.version.clone(),
        mode: crate::domain::Mode::Required,
        requirements: vec![],
        approvers: vec![],
        start_at: None,
    };
    let (_, mut ev) = Request::create(
        new,
        &Stamp {
            actor: "user:alice",
            actor_id: Some(&uid),
            at: "2020-01-01T00:00:00Z".parse().unwrap(),
            comment: None,
            policy_version: None,
        },
    );
    ev.seal = Some(own_seal(&w, &uid, &ev, SealKind::Request));
    // Only the event: "its record is missing" is tampering, so the request is quarantined.
    insert_event(&w, &ev);

    let report = pass(&w).await;
    assert!(
        !w.access.holds(&standing),
        "the executor deleted erin's standing access: {:?}",
        report.items
    );
    assert_eq!(w.access.count("delete"), 1);
}

// ---------------------------------------------------------------------------------------------
// R3. `RevokeFailed` is a request-kind seal any requester can make, and `Verb::End` needs no
// standing: anyone can mark anyone's elevation as a failed revocation.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn attacks_r3_any_requester_gets_a_colleague_s_access_revoked() {
    let w = World::new();
    let a = active(&w, "alice").await;
    // erin, a stranger to alice's request, records a "failed revocation" of it, sealed as herself.
    let at = w.svc.clock.now() - SignedDuration::from_mins(3);
    requester_writes(
        &w,
        "erin",
        &a.id,
        Action::RevokeFailed {
            reason: "throttled".into(),
        },
        at,
    )
    .await;
    let report = pass(&w).await;
    // The executor "retries" it: alice's access is removed an hour and a half early.
    assert!(!w.access.holds(&a.assignment()), "{:?}", report.items);
    let now = super::load(&w.svc, &a.id).await.unwrap();
    assert_eq!(now.status, Status::Revoked);
    assert!(!flagged(&report, &a.id));
    assert!(!any_tampering(&w));
}

#[tokio::test]
async fn attacks_r3b_six_self_sealed_failures_make_reconcile_give_up_on_an_overdue_end() {
    let w = World::new();
    let a = active(&w, "alice").await;
    for _ in 0..6 {
        let at = w.svc.clock.now();
        requester_writes(
            &w,
            "alice",
            &a.id,
            Action::RevokeFailed {
                reason: "Identity Center: ThrottlingException".into(),
            },
            at,
        )
        .await;
    }
    w.clock.advance(SignedDuration::from_hours(5));
    let report = pass(&w).await;
    // Reconcile gives up: nothing is ended, the report blames Identity Center.
    assert!(w.access.holds(&a.assignment()), "{:?}", report.items);
    assert!(
        report.items.iter().any(|i| i.step == "give up"),
        "{:?}",
        report.items
    );
    assert!(!flagged(&report, &a.id));
    // (In AWS the revocation schedule still fires at the end, unless it is deleted: this version
    // lets requesters call scheduler:DeleteSchedule.)
}

// ---------------------------------------------------------------------------------------------
// R4. A requester's own sealed `Revoke`, without deleting anything: the ledger says revoked, the
// executor's orphan sweep deletes the revocation schedule, and nothing ever ends the access.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn attacks_r4_a_self_sealed_revoke_keeps_the_access_and_the_executor_drops_its_schedule() {
    let w = World::new();
    let a = active(&w, "alice").await;
    assert!(
        w.scheduler.at(&a.assignment()).is_some(),
        "a revocation is scheduled"
    );
    let at = w.svc.clock.now();
    requester_writes(&w, "alice", &a.id, Action::Revoke, at).await;

    let first = pass(&w).await;
    assert!(
        w.scheduler.of(&a.assignment()).is_empty(),
        "the executor deleted the revocation schedule as an orphan: {:?}",
        first.orphan_schedules
    );
    assert!(!flagged(&first, &a.id), "{:?}", first.items);
    // What a person is told, for the first day: drift, blamed on someone outside elevate.
    assert!(
        first
            .items
            .iter()
            .any(|i| i.step == "drift" && i.result.contains("re-created outside elevate")),
        "{:?}",
        first.items
    );
    // A day later, long past the 2h end: the access is still there and nobody is told.
    w.clock.advance(SignedDuration::from_hours(25));
    let later = pass(&w).await;
    assert!(w.access.holds(&a.assignment()));
    assert_eq!(later.needs_attention(), 0, "{:?}", later.items);
    assert!(!any_tampering(&w));
    assert!(audit_clean(&w).await);
}

// ---------------------------------------------------------------------------------------------
// R5. "Pre-existing access" is inferred from an assignment no listed elevation explains: remove
// your own active request from the ledger, ask again, and the access is never taken away.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn attacks_r5_hiding_the_holder_makes_the_next_grant_pre_existing_forever() {
    let w = World::new();
    let a = active(&w, "alice").await;
    // (SQLite: delete it. DynamoDB: `UpdateItem A#<assignment> DELETE ids :id`, which nothing
    // checks, or delete it where DeleteItem is still allowed.)
    sql(&w)
        .execute("DELETE FROM events WHERE request_id = ?1", [a.id.as_str()])
        .unwrap();
    sql(&w)
        .execute("DELETE FROM requests WHERE id = ?1", [a.id.as_str()])
        .unwrap();
    let b = pending(&w, "alice", "Admin").await;
    let b = approve_as(&w, "bob", &b.id).await.unwrap();
    assert_eq!(b.status, Status::Active);
    assert_eq!(b.prior_access, Some(true), "recorded as pre-existing");
    assert!(
        w.scheduler.of(&a.assignment()).is_empty(),
        "the grant's re-plan removed the only revocation schedule"
    );
    w.clock.advance(SignedDuration::from_hours(30));
    pass(&w).await;
    let r = pass(&w).await;
    assert!(w.access.holds(&a.assignment()), "kept forever");
    assert_eq!(r.needs_attention(), 0, "{:?}", r.items);
    assert!(!any_tampering(&w));
    assert!(audit_clean(&w).await);
}

// ---------------------------------------------------------------------------------------------
// R6. Schedules are planned from unverified listings: a decoy record's window becomes a real
// CreateAccountAssignment schedule, and quarantine refuses to act on "a request not genuine".
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn attacks_r6_a_decoy_window_is_scheduled_by_the_executor_and_never_removed() {
    let w = World::new();
    let r = pending(&w, "alice", "Admin").await;
    // A record with no events: approved, scheduled to start in 6 hours, for 30 days.
    let start = w.svc.clock.now() + SignedDuration::from_hours(6);
    let mut decoy = super::load(&w.svc, &r.id).await.unwrap();
    decoy.id = RequestId::from_entropy(0x0bad_cafe);
    decoy.status = Status::Approved;
    decoy.duration = SignedDuration::from_hours(24 * 30);
    decoy.start_at = Some(start);
    decoy.scheduled_start = Some(start);
    decoy.prior_access = Some(false);
    insert_record(&w, &decoy);

    // bob approves alice's genuine 2h request; the grant re-plans the assignment's schedules.
    let granted = approve_as(&w, "bob", &r.id).await.unwrap();
    assert_eq!(granted.status, Status::Active);
    let plan = w.scheduler.of(&r.assignment());
    assert!(
        plan.iter().any(
            |p| p.action == crate::domain::schedule::ScheduledAction::Grant
                && p.at == crate::domain::schedule::fires_at(start)
        ),
        "a CreateAccountAssignment schedule for the decoy's window: {plan:?}"
    );
    // The genuine elevation ends; the decoy's schedules survive the end and the orphan sweep.
    w.clock.advance(SignedDuration::from_hours(3));
    let report = pass(&w).await;
    assert!(!w.access.holds(&r.assignment()));
    assert!(
        w.scheduler
            .of(&r.assignment())
            .iter()
            .any(|p| p.action == crate::domain::schedule::ScheduledAction::Grant),
        "{:?}",
        report
    );
    // EventBridge fires the grant at the decoy's start.
    w.clock.advance(SignedDuration::from_hours(4));
    let a = r.assignment();
    w.access
        .assignments
        .lock()
        .unwrap()
        .insert(a.key(), a.clone());
    w.clock.advance(SignedDuration::from_hours(24));
    let report = pass(&w).await;
    assert!(
        w.access.holds(&a),
        "quarantine leaves it: {:?}",
        report.items
    );
    assert!(
        report.items.iter().any(|i| i
            .result
            .contains("nothing is done about the access it names")),
        "{:?}",
        report.items
    );
}

// ---------------------------------------------------------------------------------------------
// R7. A decoy whose events cannot be read turns every grant and end of the assignment into an
// error (`holders` propagates anything but Tampered): the end never happens in reconcile.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn attacks_r7_an_unreadable_decoy_holder_blocks_the_end() {
    let w = World::new();
    let a = active(&w, "alice").await;
    let mut decoy = super::load(&w.svc, &a.id).await.unwrap();
    decoy.id = RequestId::from_entropy(0x00c0_ffee);
    insert_record(&w, &decoy);
    sql(&w)
        .execute(
            "INSERT INTO events (request_id, seq, body) VALUES (?1, 1, 'garbage')",
            [decoy.id.as_str()],
        )
        .unwrap();
    w.clock.advance(SignedDuration::from_hours(3));
    for _ in 0..3 {
        pass(&w).await;
    }
    assert!(w.access.holds(&a.assignment()), "never ended by reconcile");
    assert_eq!(
        super::load(&w.svc, &a.id).await.unwrap().status,
        Status::Active
    );
}

// ---------------------------------------------------------------------------------------------
// R8. Policy rollback: the newest version, overwritten (DynamoDB) or deleted (SQLite), puts the
// previous, more permissive one back in force.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn attacks_r8_removing_the_newest_policy_version_restores_the_previous_one() {
    let w = World::new();
    // The admin tightens the policy: Admin now needs two approvers.
    let strict_text = POLICY.replace(
        "max_duration = \"4h\"\napproval = \"required\"\napprovers = [\"group:Approvers\"]",
        "max_duration = \"4h\"\napproval = \"required\"\napprovers = [\"group:Approvers\"]\napprovals_required = 2",
    );
    assert_ne!(strict_text, POLICY);
    let strict = w.apply(&strict_text);
    let in_force = super::in_force::load(&w.svc, || unreachable!())
        .await
        .unwrap();
    assert_eq!(in_force.policy.version, strict.version);

    // Overwritten (PutItem on P/V#2 — no delete needed): reported, but version 1 decides.
    sql(&w)
        .execute("UPDATE policies SET body = 'x' WHERE number = 2", [])
        .unwrap();
    let in_force = super::in_force::load(&w.svc, || unreachable!())
        .await
        .unwrap();
    assert_eq!(in_force.number, Some(1));
    assert_eq!(
        in_force.policy.version, w.policy.version,
        "the old policy decides"
    );

    // Deleted (SQLite): not even reported.
    sql(&w)
        .execute("DELETE FROM policies WHERE number = 2", [])
        .unwrap();
    let in_force = super::in_force::load(&w.svc, || unreachable!())
        .await
        .unwrap();
    assert_eq!(in_force.number, Some(1));
    assert!(in_force.refused.is_empty(), "{:?}", in_force.refused);
    assert!(audit_clean(&w).await);
    // One approval grants again under version 1.
    let r = pending(&w, "alice", "Admin").await;
    let r = approve(
        &w.svc,
        &in_force.policy,
        &w.user("bob"),
        &r.id,
        None,
        Intent::Approve,
    )
    .await
    .unwrap()
    .request;
    assert_eq!(r.status, Status::Active);
}

// ---------------------------------------------------------------------------------------------
// R9. `[[delegate]]` scoping is checked by the caller's binary only: a delegate role's sealed
// request for a principal no [[delegate]] gives it is verified, approved and granted.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn attacks_r9_a_delegate_asks_for_a_principal_its_delegation_does_not_cover() {
    let w = World::new();
    let ci = w.role("ci-deployer");
    let alice: crate::domain::PrincipalRef = "user:alice".parse().unwrap();
    assert!(
        w.policy.may_act_for(&ci.arn, &alice).is_err(),
        "ci-deployer may act for group:Ops only"
    );
    let u = w.directory.users.lock().unwrap()["alice"].clone();
    let principal = Principal {
        kind: PrincipalKind::User,
        id: u.id.clone(),
        name: "alice".into(),
    };
    let account = w.svc.org.account(DEV).await.unwrap().unwrap();
    let terms = super::request::decide(
        &w.policy,
        &principal,
        &["Engineers".to_string()],
        &account,
        &permission_set("Admin", 4),
        Some(SignedDuration::from_hours(2)),
        false,
    )
    .unwrap();
    let new = NewRequest {
        id: RequestId::from_entropy(0x0c1c_1c1c),
        requester: Requester {
            arn: ci.arn.clone(),
            user_id: None,
            user_name: None,
        },
        principal,
        instance_arn: INSTANCE.into(),
        account_id: DEV.into(),
        permission_set: permission_set("Admin", 4),
        duration: terms.duration,
        reason: "release 42".into(),
        ticket: None,
        rules: terms.rules.clone(),
        policy_version: w.policy.version.clone(),
        mode: terms.mode,
        requirements: terms.requirements.clone(),
        approvers: terms.approvers.clone(),
        start_at: None,
    };
    let (req, mut ev) = Request::create(
        new,
        &Stamp {
            actor: &ci.arn,
            actor_id: Some(&ci.id),
            at: w.svc.clock.now(),
            comment: None,
            policy_version: None,
        },
    );
    ev.seal = Some(own_seal(&w, &ci.id, &ev, SealKind::Delegate));
    w.svc.store.create(&req, &ev).await.unwrap();
    let granted = approve_as(&w, "bob", &req.id).await.unwrap();
    assert_eq!(granted.status, Status::Active);
    assert!(w.access.holds(&granted.assignment()));
}

// ---------------------------------------------------------------------------------------------
// R10. The request's `approvers` list is the requester's claim and nothing checks it, yet the
// commands ask it who is an approver: the requester picks the one approver who may decide, and
// every other approver the policy lists can neither reject nor revoke it through elevate.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn attacks_r10_the_requester_picks_who_may_reject_and_revoke() {
    let w = World::new();
    let r = pending(&w, "alice", "Admin").await;
    // The same request, written by alice herself, naming only bob (of group:Approvers).
    let first = events(&w, &r.id).remove(0);
    let mut new = *first.opened.clone().unwrap();
    new.id = RequestId::from_entropy(0x0abc_0abc);
    new.approvers = vec!["user:bob".parse().unwrap()];
    let uid = user_id("alice");
    let (req, mut ev) = Request::create(
        new,
        &Stamp {
            actor: "user:alice",
            actor_id: Some(&uid),
            at: w.svc.clock.now(),
            comment: None,
            policy_version: None,
        },
    );
    ev.seal = Some(own_seal(&w, &uid, &ev, SealKind::Request));
    w.svc.store.create(&req, &ev).await.unwrap();
    // carol, whom the policy lists (group:Approvers), may not reject it.
    let err = super::approve::reject(&w.svc, &w.policy, &w.user("carol"), &req.id, "no")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Denied(_)), "{err}");
    let granted = approve_as(&w, "bob", &req.id).await.unwrap();
    assert_eq!(granted.status, Status::Active);
    // Nor revoke it during an incident.
    let err = super::revoke::revoke(&w.svc, &w.user("carol"), &req.id, Some("incident"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Denied(_)), "{err}");
    assert!(w.access.holds(&granted.assignment()));
    // And the executor's pass finds nothing wrong with it.
    let report = pass(&w).await;
    assert!(!flagged(&report, &req.id));
    let _ = alice_admin(&w);
}

// ---------------------------------------------------------------------------------------------
// R11. A seal KMS cannot even parse (an empty or >6144-byte ciphertext: KMS answers
// ValidationException, which `KmsSealer::verify` returns as an error, not as "not genuine")
// turns tampering into an outage: no quarantine, no tampering alert, and `audit verify` fails
// for everyone. The sealer below is the fake KMS answering as KMS does for such a blob.
// ---------------------------------------------------------------------------------------------

struct KmsLike(std::sync::Arc<FakeSealer>);

#[async_trait::async_trait]
impl super::ports::Sealer for KmsLike {
    fn ledger(&self) -> Option<&str> {
        self.0.ledger()
    }
    async fn seal(
        &self,
        context: &std::collections::BTreeMap<String, String>,
        hash: &str,
    ) -> super::ports::ServiceResult<String> {
        self.0.seal(context, hash).await
    }
    async fn verify(
        &self,
        context: &std::collections::BTreeMap<String, String>,
        hash: &str,
        blob: &str,
    ) -> super::ports::ServiceResult<bool> {
        if blob.is_empty() || blob.len() > 8192 {
            // What KMS Decrypt answers (CiphertextBlob length 1..=6144), and what
            // `aws::service_error` makes of it.
            return Err(super::ports::ServiceError {
                service: "kms",
                operation: "Decrypt",
                kind: super::ports::ServiceErrorKind::Invalid,
                message: "1 validation error detected: Value at 'ciphertextBlob' failed to satisfy constraint: Member must have length greater than or equal to 1".into(),
            });
        }
        self.0.verify(context, hash, blob).await
    }
}

#[tokio::test]
async fn attacks_r11_an_unparsable_seal_is_an_outage_not_tampering() {
    let mut w = World::new();
    w.svc.sealer = std::sync::Arc::new(KmsLike(w.sealer.clone()));
    let a = active(&w, "alice").await;
    // alice blanks the seal of her own request's first event.
    let mut first = events(&w, &a.id).remove(0);
    first.seal.as_mut().unwrap().blob = String::new();
    sql(&w)
        .execute(
            "UPDATE events SET body = ?2 WHERE request_id = ?1 AND seq = 1",
            rusqlite::params![a.id.as_str(), serde_json::to_string(&first).unwrap()],
        )
        .unwrap();
    w.clock.advance(SignedDuration::from_hours(3));
    let report = pass(&w).await;
    // Not ended, not quarantined, not called tampering, no alert.
    assert!(w.access.holds(&a.assignment()), "{:?}", report.items);
    assert!(!flagged(&report, &a.id), "{:?}", report.items);
    assert!(!any_tampering(&w));
    // And `audit verify` stops with an error for everyone: nothing else is checked either.
    let audit = super::audit::verify(super::audit::Verifier::Sealed(&w.svc)).await;
    assert!(audit.is_err(), "{audit:?}");
}

// ---------------------------------------------------------------------------------------------
// R12. A delegate's seal binds its session name, not its role: role `ci` writes as role
// `ci-deployer` (same session name), and has the requester's standing on its requests.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn attacks_r12_one_delegate_role_acts_as_another_with_the_same_session_name() {
    let w = World::new();
    let deployer = w.role("ci-deployer");
    let mut i = input("Admin");
    i.for_principal = Some("group:Ops".parse().unwrap());
    let r = submit(&w.svc, &w.policy, &deployer, i)
        .await
        .unwrap()
        .request;
    assert_eq!(r.status, Status::Pending);
    // Role `ci` (its own role id, so KMS lets it seal as a delegate) claims to be ci-deployer.
    let ci = w.role("ci");
    let current = super::load(&w.svc, &r.id).await.unwrap();
    let (next, mut ev) = current
        .apply(
            Action::Cancel,
            &Stamp {
                actor: &deployer.arn,
                actor_id: Some(&ci.id),
                at: w.svc.clock.now(),
                comment: None,
                policy_version: None,
            },
        )
        .unwrap();
    ev.seal = Some(own_seal(&w, &ci.id, &ev, SealKind::Delegate));
    write_raw(&w, &next, &ev);
    let v = super::verify::load(&w.svc, &r.id).await.unwrap();
    assert_eq!(v.request.status, Status::Cancelled);
    let report = pass(&w).await;
    assert!(!flagged(&report, &r.id));
    assert!(audit_clean(&w).await);
}
