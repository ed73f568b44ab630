//! The red team's attacks on the sealed ledger (issue 14), kept as regression tests. Each is
//! made the way an insider would: raw writes to the ledger (SQL on the SQLite file standing in
//! for the `PutItem`/`UpdateItem` a ledger writer can make on DynamoDB) and only the seals their
//! own identity gets from KMS (the fake sealer enforces the generated key policy). Each test
//! asserts the attack fails.
//!
//! Deleting a request's newest events (rolling it back to a state it left) and overwriting a
//! policy version are not attacked here: on DynamoDB no role but the admin may write a policy
//! version and none may delete anything but a lease (`dynamodb:LeadingKeys`, checked as IAM
//! evaluates it in `domain::iam`'s tests and in the end-to-end attack suite); on SQLite the
//! file's owner is the one operator direct mode trusts.

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
    let context = ledger::event_seal_context("sqlite", event, kind, caller);
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

// ---------------------------------------------------------------------------------------------
// R1. Rollback: an ended elevation rolled back to its approval, days later, is not granted
// again: an approval is good for `pending_expiry` only.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_rollback_to_an_old_approval_grants_nothing() {
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
    assert!(!w.access.holds(&a.assignment()), "{:?}", report.items);
    assert_eq!(w.access.count("create"), 1, "granted again");
    // Nor may bob's own binary grant it again.
    let err = approve(
        &w.svc,
        &w.policy,
        &w.user("bob"),
        &a.id,
        None,
        Intent::Finish,
    )
    .await
    .unwrap_err();
    assert_eq!(w.access.count("create"), 1, "{err}");
}

// ---------------------------------------------------------------------------------------------
// R2. Quarantine as a weapon: a requester's own genuine request naming a colleague's standing
// access, back-dated, with its record left out, must not make the executor delete that access.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_request_naming_a_colleague_s_standing_access_never_removes_it() {
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
    let new_id = RequestId::from_entropy(0xdead_beef);
    let new = NewRequest {
        id: new_id.clone(),
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
    assert!(flagged(&report, &new_id), "{:?}", report.items);
    // Days later, long past any end it could claim: still nothing removed.
    w.clock.advance(SignedDuration::from_hours(72));
    let report = pass(&w).await;
    assert!(
        w.access.holds(&standing),
        "the executor deleted erin's standing access: {:?}",
        report.items
    );
    assert_eq!(w.access.count("delete"), 0);
}

// ---------------------------------------------------------------------------------------------
// R3. A failed revocation is the executor's to record: a stranger's, or the requester's own,
// sealed as a request, is tampering, and neither ends anyone's access early nor makes reconcile
// give up on an end.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_stranger_s_failed_revocation_is_tampering_and_ends_nothing_early() {
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
    assert!(w.access.holds(&a.assignment()), "{:?}", report.items);
    assert!(flagged(&report, &a.id), "{:?}", report.items);
    assert!(any_tampering(&w));
    assert!(!audit_clean(&w).await);
    // Its trusted end still comes.
    w.clock.advance(SignedDuration::from_hours(3));
    let report = pass(&w).await;
    assert!(!w.access.holds(&a.assignment()), "{:?}", report.items);
}

#[tokio::test]
async fn self_sealed_failures_do_not_make_reconcile_give_up_on_an_overdue_end() {
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
    assert!(!w.access.holds(&a.assignment()), "{:?}", report.items);
    assert!(
        !report.items.iter().any(|i| i.step == "give up"),
        "{:?}",
        report.items
    );
    // Her own failures are hers to record (she may revoke it): they only hasten the end.
    assert!(super::load(&w.svc, &a.id).await.unwrap().status.is_final());
}

// ---------------------------------------------------------------------------------------------
// R4. A requester's own sealed `Revoke`, without deleting anything: the ledger says revoked,
// and the executor removes what it left, keeping the revocation schedule until it has.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_self_sealed_revoke_that_removes_nothing_is_finished_by_the_executor() {
    let w = World::new();
    let a = active(&w, "alice").await;
    assert!(
        w.scheduler.at(&a.assignment()).is_some(),
        "a revocation is scheduled"
    );
    let at = w.svc.clock.now();
    requester_writes(&w, "alice", &a.id, Action::Revoke, at).await;
    assert!(w.access.holds(&a.assignment()), "she deleted nothing");

    let first = pass(&w).await;
    assert!(
        !w.access.holds(&a.assignment()),
        "the executor removes access whose elevation was revoked: {:?}",
        first.items
    );
    assert!(
        first.items.iter().any(|i| i.step == "drift" && i.attention),
        "and says so: {:?}",
        first.items
    );
    // Nothing left for later passes, and nothing granted again.
    w.clock.advance(SignedDuration::from_hours(25));
    let later = pass(&w).await;
    assert!(!w.access.holds(&a.assignment()), "{:?}", later.items);
    assert_eq!(w.access.count("create"), 1);
}

#[tokio::test]
async fn the_revocation_schedule_stays_while_the_access_does() {
    let w = World::new();
    let a = active(&w, "alice").await;
    let end = w.scheduler.at(&a.assignment());
    assert!(end.is_some());
    let at = w.svc.clock.now();
    requester_writes(&w, "alice", &a.id, Action::Revoke, at).await;
    // A pass that cannot remove the access (Identity Center refuses) must not drop the one
    // thing that would still end it.
    for _ in 0..4 {
        w.access
            .delete_outcomes
            .lock()
            .unwrap()
            .push_back(Ok(super::ports::Provisioning::Failed(
                "internal failure".into(),
            )));
    }
    let report = pass(&w).await;
    assert!(w.access.holds(&a.assignment()), "{:?}", report.items);
    assert_eq!(
        w.scheduler.at(&a.assignment()),
        end,
        "{:?}",
        report.orphan_schedules
    );
}

// ---------------------------------------------------------------------------------------------
// R5. "Pre-existing access" inferred from an assignment no listed elevation explains: hide your
// own active elevation from the assignment's listing, ask again, and the access would never be
// taken away. Access nothing explains is refused, not adopted.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn hiding_the_holder_does_not_make_the_next_grant_pre_existing() {
    let w = World::new();
    let a = active(&w, "alice").await;
    // The listing is a hint a ledger writer can edit (DynamoDB: `UpdateItem A#<assignment>
    // DELETE ids :id`): the record is moved out of its assignment's listing.
    sql(&w)
        .execute(
            "UPDATE requests SET assignment_key = 'elsewhere' WHERE id = ?1",
            [a.id.as_str()],
        )
        .unwrap();
    let b = pending(&w, "alice", "Admin").await;
    let err = approve_as(&w, "bob", &b.id).await.unwrap_err();
    assert!(err.to_string().contains("already holds"), "{err}");
    let b = super::load(&w.svc, &b.id).await.unwrap();
    assert_ne!(b.prior_access, Some(true), "recorded as pre-existing");
    assert!(
        w.scheduler.at(&a.assignment()).is_some(),
        "the revocation schedule stays"
    );
    // The full pass finds the hidden elevation and ends it on time.
    w.clock.advance(SignedDuration::from_hours(3));
    let r = pass(&w).await;
    assert!(!w.access.holds(&a.assignment()), "kept: {:?}", r.items);
    assert_eq!(
        super::load(&w.svc, &a.id).await.unwrap().status,
        Status::Ended
    );
}

// ---------------------------------------------------------------------------------------------
// R6. Schedules must be planned from verified requests only: a decoy record's window would
// become a real CreateAccountAssignment schedule made with the scheduler role's power.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_decoy_window_is_never_scheduled() {
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
    let grants = |w: &World| {
        w.scheduler
            .of(&r.assignment())
            .into_iter()
            .filter(|p| p.action == crate::domain::schedule::ScheduledAction::Grant)
            .count()
    };
    assert_eq!(grants(&w), 0, "{:?}", w.scheduler.of(&r.assignment()));
    assert_eq!(w.scheduler.at(&r.assignment()), granted.end_at);
    // The decoy is reported; the genuine elevation ends on time and leaves no schedule.
    w.clock.advance(SignedDuration::from_hours(3));
    let report = pass(&w).await;
    assert!(flagged(&report, &decoy.id), "{:?}", report.items);
    assert!(!w.access.holds(&r.assignment()));
    assert_eq!(grants(&w), 0);
}

// ---------------------------------------------------------------------------------------------
// R7. A decoy whose events cannot be read, listed as a holder of the assignment, must not turn
// the end of the genuine elevation into an error.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn an_unreadable_decoy_holder_does_not_block_the_end() {
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
    let report = pass(&w).await;
    assert!(!w.access.holds(&a.assignment()), "{:?}", report.items);
    assert_eq!(
        super::load(&w.svc, &a.id).await.unwrap().status,
        Status::Ended
    );
    assert!(
        report
            .items
            .iter()
            .any(|i| i.id == decoy.id.as_str() && i.attention),
        "the decoy is reported: {:?}",
        report.items
    );
}

// ---------------------------------------------------------------------------------------------
// R8. Policy rollback: the newest version, overwritten, would put the previous, more permissive
// one back in force. Nothing is granted until an admin applies a version again.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn overwriting_the_newest_policy_version_restores_nothing() {
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

    // Overwritten (what a `PutItem` on P/V#2 would do, which only the admin may make).
    sql(&w)
        .execute("UPDATE policies SET body = 'x' WHERE number = 2", [])
        .unwrap();
    let in_force = super::in_force::load(&w.svc, || unreachable!())
        .await
        .unwrap();
    assert!(!in_force.refused.is_empty(), "reported");
    assert!(!audit_clean(&w).await);
    // A request decided by version 1, approved once: not granted.
    let r = pending(&w, "alice", "Admin").await;
    let err = approve(
        &w.svc,
        &in_force.policy,
        &w.user("bob"),
        &r.id,
        None,
        Intent::Approve,
    )
    .await
    .unwrap_err();
    assert!(matches!(err, Error::Tampered(_)), "{err}");
    assert!(err.to_string().contains("policy apply"), "{err}");
    assert_eq!(w.access.count("create"), 0);
    super::cancel::cancel(&w.svc, &w.user("alice"), &r.id)
        .await
        .unwrap();

    // The admin applies the strict policy again: it is in force, and one approval is not enough.
    let again = w.apply(&strict_text);
    let in_force = super::in_force::load(&w.svc, || unreachable!())
        .await
        .unwrap();
    assert_eq!(in_force.number, Some(3));
    assert_eq!(in_force.policy.version, again.version);
    let r = submit(&w.svc, &in_force.policy, &w.user("alice"), input("Admin"))
        .await
        .unwrap()
        .request;
    let once = approve(
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
    assert_eq!(once.status, Status::Pending);
    assert_eq!(w.access.count("create"), 0);
}

// ---------------------------------------------------------------------------------------------
// R9. `[[delegate]]` scoping is the grant's to check, not the caller's binary's: a delegate
// role's sealed request for a principal no [[delegate]] gives it is never granted.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_delegate_s_request_for_a_principal_its_delegation_does_not_cover_is_not_granted() {
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
    let terms = super::decide::evaluate(
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
    let err = approve_as(&w, "bob", &req.id).await.unwrap_err();
    assert!(err.to_string().contains("ci-deployer"), "{err}");
    assert_eq!(w.access.count("create"), 0);
    // Nor does the executor grant it.
    w.clock.advance(SignedDuration::from_mins(5));
    pass(&w).await;
    assert_eq!(w.access.count("create"), 0);
}

// ---------------------------------------------------------------------------------------------
// R10. The request's `approvers` list is the requester's claim: naming only the approver they
// want must neither stop the others the policy lists from rejecting or revoking it, nor get it
// granted on that one approver's word.
// ---------------------------------------------------------------------------------------------

async fn picking_bob(w: &World, entropy: u64) -> Request {
    // The same request, written by alice herself, naming only bob (of group:Approvers).
    rewritten(w, "Admin", entropy, |n| {
        n.approvers = vec!["user:bob".parse().unwrap()];
    })
    .await
}

#[tokio::test]
async fn the_requester_does_not_pick_who_may_reject_or_approve() {
    let w = World::new();
    let req = picking_bob(&w, 0x0abc_0abc).await;
    // carol, whom the policy lists (group:Approvers), may reject it.
    let rejected = super::reject::reject(&w.svc, &w.policy, &w.user("carol"), &req.id, "no")
        .await
        .unwrap();
    assert_eq!(rejected.status, Status::Rejected);

    // Approved by bob alone: its terms are not the policy's, so it is not granted.
    let req = picking_bob(&w, 0x0abc_0abd).await;
    let err = approve_as(&w, "bob", &req.id).await.unwrap_err();
    assert!(matches!(err, Error::Denied(_)), "{err}");
    assert!(!w.access.holds(&req.assignment()));
    assert_eq!(w.access.count("create"), 0);
}

// ---------------------------------------------------------------------------------------------
// R11. A seal KMS cannot even parse (an empty or >6144-byte ciphertext: KMS answers
// ValidationException) is a seal that does not hold, not an outage: tampering is reported, the
// access still ends, and `audit verify` carries on. The sealer below is the fake KMS answering
// as KMS does for such a blob.
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
async fn an_unparsable_seal_is_tampering_not_an_outage() {
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
    let report = pass(&w).await;
    assert!(flagged(&report, &a.id), "{:?}", report.items);
    assert!(any_tampering(&w));
    // `audit verify` names it, and goes on.
    let audit = super::audit::verify(super::audit::Verifier::Sealed(&w.svc))
        .await
        .unwrap();
    assert!(
        audit.findings.iter().any(|f| f.id == a.id.as_str()),
        "{:?}",
        audit.findings
    );
    // Her grant was genuine and vouches for her request: it still ends on time.
    w.clock.advance(SignedDuration::from_hours(3));
    let report = pass(&w).await;
    assert!(!w.access.holds(&a.assignment()), "{:?}", report.items);
}

// ---------------------------------------------------------------------------------------------
// R12. A delegate's `aws:userid` is `<role id>:<session name>`, and the session name is its own
// to choose: without the role in its seal, role `ci` could write as role `ci-deployer` and have
// the requester's standing on its requests.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn one_delegate_role_cannot_write_as_another() {
    let w = World::new();
    let deployer = w.role("ci-deployer");
    let mut i = input("Admin");
    i.for_principal = Some("group:Ops".parse().unwrap());
    let r = submit(&w.svc, &w.policy, &deployer, i)
        .await
        .unwrap()
        .request;
    assert_eq!(r.status, Status::Pending);
    // Role `ci` (a delegate too) writes a cancel in ci-deployer's name, with its own session id.
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
    // KMS refuses it the seal that verification would rebuild (naming ci-deployer's role)...
    let as_deployer = ledger::event_seal_context("sqlite", &ev, SealKind::Delegate, &ci.id);
    assert!(!w.sealer.allows(&ci.id, &as_deployer));
    // ...and the seal it can get names its own role, which is not the one its label names.
    let mut own = as_deployer.clone();
    own.insert(
        ledger::ROLE_KEY.into(),
        format!("arn:aws:iam::{ADMIN_ACCOUNT}:role/ci"),
    );
    assert!(w.sealer.allows(&ci.id, &own));
    ev.seal = Some(Seal {
        kind: SealKind::Delegate,
        blob: FakeSealer::blob(&own, &ev.hash),
    });
    write_raw(&w, &next, &ev);
    let err = super::verify::load(&w.svc, &r.id).await.unwrap_err();
    assert!(matches!(err, Error::Tampered(_)), "{err}");
    let report = pass(&w).await;
    assert!(flagged(&report, &r.id), "{:?}", report.items);
    assert!(!audit_clean(&w).await);
}

// ---------------------------------------------------------------------------------------------
// R13. A request names what it grants twice: by ARN or id (what is granted) and by name (what
// the policy was asked about), and its requester's binary writes both. A request for
// `ReadOnly` (which policy approves by itself) carrying the ARN of `Admin`, or for alice
// carrying someone else's user id, must grant nothing.
// ---------------------------------------------------------------------------------------------

/// alice's genuine `ps` request withdrawn, and in its place the same request as she could write
/// it herself, changed by `edit`, sealed as herself.
async fn rewritten(
    w: &World,
    ps: &str,
    entropy: u64,
    edit: impl FnOnce(&mut NewRequest),
) -> Request {
    let r = pending(w, "alice", ps).await;
    let first = events(w, &r.id).remove(0);
    let mut new = *first.opened.clone().unwrap();
    new.id = RequestId::from_entropy(entropy);
    edit(&mut new);
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
    ev.seal = Some(own_seal(w, &uid, &ev, SealKind::Request));
    w.svc.store.create(&req, &ev).await.unwrap();
    super::cancel::cancel(&w.svc, &w.user("alice"), &r.id)
        .await
        .unwrap();
    req
}

#[tokio::test]
async fn a_permission_set_named_for_one_and_carrying_another_s_arn_is_not_granted() {
    let w = World::new().brokered();
    // Engineers may look (ReadOnly) without anyone's approval.
    let text = POLICY.replace(
        "permission_sets = [\"ReadOnly\"]\napproval = \"required\"\napprovers = [\"group:Approvers\"]\napprovals_required = 2",
        "permission_sets = [\"ReadOnly\"]\napproval = \"auto\"",
    );
    assert_ne!(text, POLICY);
    let w = World {
        policy: w.apply(&text),
        ..w
    };
    let admin = permission_set("Admin", 4);
    let forged = rewritten(&w, "ReadOnly", 0x0d0d_0001, |n| {
        n.permission_set.arn = admin.arn.clone();
    })
    .await;
    assert_eq!(forged.permission_set.name, "ReadOnly");
    let report = pass(&w).await;
    assert_eq!(w.access.count("create"), 0, "{:?}", report.items);
    assert!(!w.access.holds(&forged.assignment()));
    let item = report
        .items
        .iter()
        .find(|i| i.id == forged.id.as_str())
        .unwrap_or_else(|| panic!("{:?}", report.items));
    assert!(item.attention, "{item:?}");
    assert!(
        item.result.contains("its ARN is that of 'Admin'"),
        "{item:?}"
    );
}

#[tokio::test]
async fn a_request_carrying_someone_else_s_user_id_is_not_granted_to_them() {
    let w = World::new().brokered();
    // alice, an engineer, asks for Admin as herself — with dave's user id for herself (an
    // engineer too, so the policy's terms are the same): the approver sees alice's name.
    let forged = rewritten(&w, "Admin", 0x0d0d_0002, |n| {
        n.principal.id = "u-dave".to_string();
        n.requester.user_id = Some("u-dave".to_string());
    })
    .await;
    approve_as(&w, "carol", &forged.id).await.unwrap();
    let report = pass(&w).await;
    assert_eq!(w.access.count("create"), 0, "{:?}", report.items);
    assert!(!w.access.holds(&forged.assignment()));
    let item = report
        .items
        .iter()
        .find(|i| i.id == forged.id.as_str())
        .unwrap_or_else(|| panic!("{:?}", report.items));
    assert!(item.result.contains("someone else's"), "{item:?}");
}

// ---------------------------------------------------------------------------------------------
// R14. Holding an approver permission set makes someone an approver of the requests whose
// rules list them, not of everyone's: an approver of another team asking the executor to end
// a colleague's access is not carried out.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn an_approver_the_rules_do_not_list_cannot_have_access_ended() {
    let w = World::new().brokered();
    let text = POLICY.replacen(
        "approvers = [\"group:Approvers\"]",
        "approvers = [\"user:carol\"]",
        1,
    );
    let w = World {
        policy: w.apply(&text),
        ..w
    };
    let r = pending(&w, "alice", "Admin").await;
    assert_eq!(r.approvers, vec!["user:carol".parse().unwrap()]);
    approve_as(&w, "carol", &r.id).await.unwrap();
    pass(&w).await;
    let r = super::load(&w.svc, &r.id).await.unwrap();
    assert_eq!(r.status, Status::Active);
    // bob holds the approver permission set, but these rules list carol alone: the command
    // refuses him...
    let err = super::revoke::revoke(&w.svc, &w.user("bob"), &r.id, None)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Denied(_)), "{err}");
    // ...and the ask he writes himself, with the seal KMS gives an approver, is not acted on.
    let uid = user_id("bob");
    let (asked, mut ev) = r
        .apply(
            Action::AskRevoke,
            &Stamp {
                actor: "user:bob",
                actor_id: Some(&uid),
                at: w.svc.clock.now(),
                comment: Some("not mine to end"),
                policy_version: None,
            },
        )
        .unwrap();
    ev.seal = Some(own_seal(&w, &uid, &ev, SealKind::Approve));
    write_raw(&w, &asked, &ev);
    let report = pass(&w).await;
    let said = report
        .items
        .iter()
        .find(|i| i.id == r.id.as_str() && i.step == "revoke")
        .unwrap_or_else(|| panic!("{:?}", report.items));
    assert!(said.attention, "{said:?}");
    assert!(said.result.contains("not carried out"), "{said:?}");
    assert!(w.access.holds(&r.assignment()), "alice keeps her access");
    assert_eq!(w.access.count("delete"), 0);
    // bob's ask does not take the place of one with standing: carol, whom the rules list, asks
    // too, and the executor ends it.
    let asked = super::revoke::revoke(&w.svc, &w.user("carol"), &r.id, Some("incident over"))
        .await
        .unwrap();
    assert_eq!(asked.revoke_asks().count(), 2);
    pass(&w).await;
    assert_eq!(
        super::load(&w.svc, &r.id).await.unwrap().status,
        Status::Revoked
    );
    assert!(!w.access.holds(&r.assignment()));
}

#[tokio::test]
async fn an_ask_without_standing_still_lets_the_access_end_on_time() {
    let w = World::new().brokered();
    let text = POLICY.replacen(
        "approvers = [\"group:Approvers\"]",
        "approvers = [\"user:carol\"]",
        1,
    );
    let w = World {
        policy: w.apply(&text),
        ..w
    };
    let r = pending(&w, "alice", "Admin").await;
    approve_as(&w, "carol", &r.id).await.unwrap();
    pass(&w).await;
    let r = super::load(&w.svc, &r.id).await.unwrap();
    let uid = user_id("bob");
    let (asked, mut ev) = r
        .apply(
            Action::AskRevoke,
            &Stamp {
                actor: "user:bob",
                actor_id: Some(&uid),
                at: w.svc.clock.now(),
                comment: None,
                policy_version: None,
            },
        )
        .unwrap();
    ev.seal = Some(own_seal(&w, &uid, &ev, SealKind::Approve));
    write_raw(&w, &asked, &ev);
    w.clock.advance(SignedDuration::from_hours(3));
    pass(&w).await;
    assert_eq!(
        super::load(&w.svc, &r.id).await.unwrap().status,
        Status::Ended
    );
    assert!(!w.access.holds(&r.assignment()));
}

// ---------------------------------------------------------------------------------------------
// R15. Two elevations of one group's assignment: anyone who writes the ledger can spoil the
// first one's record (not forge it). Ending the second must not take the first one's access
// with it: what its sealed events prove still holds until its end.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn spoiling_a_colleague_s_record_does_not_make_an_end_take_their_access() {
    let w = World::new().brokered();
    let mut ask = input("Admin");
    ask.for_principal = Some("group:Ops".parse().unwrap());
    let first = submit(&w.svc, &w.policy, &w.role("ci-deployer"), ask.clone())
        .await
        .unwrap()
        .request;
    let second = submit(&w.svc, &w.policy, &w.role("ci"), ask)
        .await
        .unwrap()
        .request;
    for r in [&first, &second] {
        approve_as(&w, "bob", &r.id).await.unwrap();
    }
    pass(&w).await;
    let first = super::load(&w.svc, &first.id).await.unwrap();
    let second = super::load(&w.svc, &second.id).await.unwrap();
    assert_eq!(
        (first.status, second.status),
        (Status::Active, Status::Active)
    );
    assert_eq!(first.assignment(), second.assignment());

    let granted_end = first.end_at.unwrap();
    // erin, in Ops, first extends the first one by 500 hours herself (asking for no approval,
    // sealed as herself: verification lets a member extend), then edits its record (the
    // reason), which no seal covers: it no longer holds together.
    let uid = user_id("erin");
    let (first, mut ev) = first
        .apply(
            Action::RequestExtension {
                by: SignedDuration::from_hours(500),
                reason: "forever".into(),
                requirements: vec![],
            },
            &Stamp {
                actor: "user:erin",
                actor_id: Some(&uid),
                at: w.svc.clock.now(),
                comment: None,
                policy_version: None,
            },
        )
        .unwrap();
    assert!(first.end_at.unwrap() > granted_end + SignedDuration::from_hours(400));
    ev.seal = Some(own_seal(&w, &uid, &ev, SealKind::Request));
    write_raw(&w, &first, &ev);
    let mut spoiled = first.clone();
    spoiled.reason = "edited".into();
    set_record(&w, &spoiled);
    assert!(matches!(
        super::verify::load(&w.svc, &first.id).await,
        Err(Error::Tampered(_))
    ));

    // The second one's requester ends it early: the executor carries it out.
    super::revoke::revoke(&w.svc, &w.role("ci"), &second.id, None)
        .await
        .unwrap();
    let report = pass(&w).await;
    assert_eq!(
        super::load(&w.svc, &second.id).await.unwrap().status,
        Status::Revoked,
        "{:?}",
        report.items
    );
    assert!(
        w.access.holds(&first.assignment()),
        "the first one's access went with the second: {:?}",
        report.items
    );
    assert_eq!(w.access.count("delete"), 0);
    // Its revocation schedule stays, at the end it was granted until: not the self-made one.
    assert_eq!(w.scheduler.at(&first.assignment()), Some(granted_end));
    // At that end it goes.
    w.clock.advance(SignedDuration::from_hours(3));
    pass(&w).await;
    assert!(!w.access.holds(&first.assignment()));
}

// ---------------------------------------------------------------------------------------------
// R16. A scheduled grant whose schedule has fired, cancelled by its requester with a cancel she
// writes herself, dated just before the start (the date is hers to write): the ledger says
// cancelled while the assignment exists. The executor's drift check removes it.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_backdated_cancel_of_a_fired_scheduled_grant_keeps_nothing() {
    let w = World::new().brokered();
    let start = w.svc.clock.now() + SignedDuration::from_hours(2);
    let r = submit(
        &w.svc,
        &w.policy,
        &w.user("alice"),
        RequestInput {
            start: Some(start),
            ..input("Admin")
        },
    )
    .await
    .unwrap()
    .request;
    approve_as(&w, "bob", &r.id).await.unwrap();
    pass(&w).await;
    let r = super::load(&w.svc, &r.id).await.unwrap();
    assert_eq!(r.scheduled_start, Some(start));
    // The start comes and the grant schedule fires (the fake scheduler fires nothing: do what
    // it would do).
    w.clock
        .advance(SignedDuration::from_hours(2) + SignedDuration::from_mins(5));
    w.access
        .assignments
        .lock()
        .unwrap()
        .insert(r.assignment().key(), r.assignment());
    let uid = user_id("alice");
    let (cancelled, mut ev) = r
        .apply(
            Action::Cancel,
            &Stamp {
                actor: "user:alice",
                actor_id: Some(&uid),
                at: start - SignedDuration::from_mins(1),
                comment: None,
                policy_version: None,
            },
        )
        .unwrap();
    ev.seal = Some(own_seal(&w, &uid, &ev, SealKind::Request));
    write_raw(&w, &cancelled, &ev);
    assert_eq!(
        super::verify::load(&w.svc, &r.id)
            .await
            .unwrap()
            .request
            .status,
        Status::Cancelled
    );
    let report = pass(&w).await;
    assert!(
        !w.access.holds(&r.assignment()),
        "the cancelled request's access is still there: {:?}",
        report.items
    );
    assert!(
        report
            .items
            .iter()
            .any(|i| i.id == r.id.as_str() && i.step == "drift" && i.attention),
        "{:?}",
        report.items
    );
}
