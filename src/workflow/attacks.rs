//! The attack suite, against the use cases with fakes: each attack of the trust model (an insider
//! with only the permissions elevate generates — write access to the ledger, their own KMS
//! identity) is made the way an attacker would, with raw SQL on the SQLite file and with the
//! seals their own identity can get from KMS, and must end with no grant, no kept access, the
//! tampering reported, and `audit verify` finding it.

use jiff::SignedDuration;

use super::approve::{Intent, approve};
use super::fakes::*;
use super::reconcile::{Options, Report, Runner, reconcile};
use super::request::submit;
use super::{Author, Services};
use crate::domain::event::Seal;
use crate::domain::ledger::{self, Capacity, SealKind};
use crate::domain::request::Stamp;
use crate::domain::{Action, Actor, Event, Request, RequestId, Status};
use crate::error::Error;

pub(super) fn executor() -> Actor {
    Actor {
        arn: "arn:aws:sts::999999999999:assumed-role/elevate-executor/session".into(),
        id: role_id("elevate-executor", "session"),
        account: ADMIN_ACCOUNT.into(),
        user: None,
    }
}

/// One full reconcile pass by the executor.
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

/// The attacker's own access to the ledger file.
fn sql(w: &World) -> rusqlite::Connection {
    rusqlite::Connection::open(&w.db).unwrap()
}

/// Writes `event` and `record` into the ledger as a ledger writer can: raw rows, no checks.
pub(super) fn write_raw(w: &World, record: &Request, event: &Event) {
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
    db.execute(
        "UPDATE requests SET version = ?2, status = ?3, body = ?4 WHERE id = ?1",
        rusqlite::params![
            record.id.as_str(),
            record.version as i64,
            record.status.as_str(),
            serde_json::to_string(record).unwrap()
        ],
    )
    .unwrap();
}

pub(super) fn events(w: &World, id: &RequestId) -> Vec<Event> {
    let db = sql(w);
    let mut stmt = db
        .prepare("SELECT body FROM events WHERE request_id = ?1 ORDER BY seq")
        .unwrap();
    stmt.query_map([id.as_str()], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|b| serde_json::from_str(&b.unwrap()).unwrap())
        .collect()
}

fn record(w: &World, id: &RequestId) -> Request {
    let body: String = sql(w)
        .query_row(
            "SELECT body FROM requests WHERE id = ?1",
            [id.as_str()],
            |r| r.get(0),
        )
        .unwrap();
    serde_json::from_str(&body).unwrap()
}

/// An approval of `r` in `by`'s name, as the state machine would write it (unsealed),
/// dated with the request: well-formed in every way a seal does not cover.
pub(super) fn forged_approval(r: &Request, by: &str) -> (Request, Event) {
    try_forge(r, by).unwrap()
}

fn try_forge(r: &Request, by: &str) -> Option<(Request, Event)> {
    let at = r.created_at;
    r.apply(
        Action::Approve {
            by: format!("user:{by}"),
            user_id: format!("u-{by}"),
            counts_for: r.requirements.iter().map(|q| q.rule.clone()).collect(),
        },
        &Stamp {
            actor: &format!("user:{by}"),
            actor_id: Some(&user_id(by)),
            at,
            comment: None,
            policy_version: None,
        },
    )
    .ok()
}

/// The seal `caller` can get from KMS for `event` as `kind`, naming `actor` — or `None` when
/// the key policy refuses it.
pub(super) fn seal_as(
    w: &World,
    caller: &str,
    event: &Event,
    kind: SealKind,
    actor: &str,
) -> Option<Seal> {
    let context = ledger::seal_context(
        "sqlite",
        event.request_id.as_str(),
        &event.hash,
        kind,
        actor,
    );
    w.sealer.allows(caller, &context).then(|| Seal {
        kind,
        blob: FakeSealer::blob(&context, &event.hash),
    })
}

async fn audit_finds(w: &World, id: &RequestId) -> Vec<String> {
    let report = super::audit::verify(super::audit::Verifier::Sealed(&w.svc))
        .await
        .unwrap();
    report
        .findings
        .into_iter()
        .filter(|f| f.id == id.as_str())
        .flat_map(|f| f.problems)
        .collect()
}

pub(super) fn tampering_reported(w: &World, id: &RequestId) -> bool {
    w.notifier
        .sent
        .lock()
        .unwrap()
        .iter()
        .any(|n| n.event == crate::domain::notify::Topic::Tampering && n.request.id == id.as_str())
}

pub(super) fn flagged(report: &Report, id: &RequestId) -> bool {
    report
        .items
        .iter()
        .any(|i| i.id == id.as_str() && i.attention && i.result.contains("TAMPERING"))
}

// --- forged decisions ------------------------------------------------------------------------

#[tokio::test]
async fn the_key_policy_refuses_a_requester_an_approval_in_anyone_s_name() {
    let w = World::new();
    let r = pending(&w, "alice", "Admin").await;
    let (_, ev) = forged_approval(&r, "bob");
    let alice = user_id("alice");
    // In bob's name, or her own: approvals are sealed by approvers only.
    assert!(seal_as(&w, &alice, &ev, SealKind::Approve, &user_id("bob")).is_none());
    assert!(seal_as(&w, &alice, &ev, SealKind::Approve, &alice).is_none());
    // Nor grants, ends or policy versions.
    for kind in [SealKind::Grant, SealKind::Execute, SealKind::Policy] {
        assert!(seal_as(&w, &alice, &ev, kind, &alice).is_none(), "{kind}");
    }
    // What she can get: a seal of her own, as a request.
    assert!(seal_as(&w, &alice, &ev, SealKind::Request, &alice).is_some());
}

#[tokio::test]
async fn a_forged_approval_grants_nothing_whatever_seal_it_carries() {
    // Each way a requester can dress a forged approval: no seal, a seal of her own, bob's
    // genuine seal of another request, bob's seal of another event of this request.
    for variant in [
        "no seal",
        "her own seal",
        "bob's seal moved from another request",
        "bob's seal of another event",
    ] {
        let w = World::new();
        let other = pending(&w, "dave", "Admin").await;
        approve_as(&w, "bob", &other.id).await.unwrap();
        let r = pending(&w, "alice", "Admin").await;
        let (approved, mut ev) = forged_approval(&r, "bob");
        assert_eq!(approved.status, Status::Approved);
        let alice = user_id("alice");
        ev.seal = match variant {
            "no seal" => None,
            "her own seal" => {
                ev.actor_id = Some(alice.clone());
                seal_as(&w, &alice, &ev, SealKind::Request, &alice)
            }
            "bob's seal moved from another request" => events(&w, &other.id)[1].seal.clone(),
            _ => events(&w, &r.id)[0].seal.clone(),
        };
        write_raw(&w, &approved, &ev);
        let report = pass(&w).await;
        assert_eq!(
            w.access.count("create"),
            1,
            "{variant}: only dave's honest grant"
        );
        assert!(!w.access.holds(&r.assignment()), "{variant}");
        assert!(flagged(&report, &r.id), "{variant}: {:?}", report.items);
        assert!(tampering_reported(&w, &r.id), "{variant}");
        assert!(!audit_finds(&w, &r.id).await.is_empty(), "{variant}");
        // Nor can an honest approver's later action launder it.
        let err = approve_as(&w, "carol", &r.id).await.unwrap_err();
        assert!(matches!(err, Error::Tampered(_)), "{variant}: {err}");
        assert!(!w.access.holds(&r.assignment()), "{variant}");
    }
}

#[tokio::test]
async fn one_forged_and_one_honest_approval_of_two_grant_nothing() {
    let w = World::new();
    // carol's genuine approval of another request, to dress the forgery in.
    let other = pending(&w, "dave", "Admin").await;
    approve_as(&w, "carol", &other.id).await.unwrap();
    // ReadOnly needs two distinct approvers.
    let r = pending(&w, "alice", "ReadOnly").await;
    let (once, mut ev) = forged_approval(&r, "carol");
    ev.seal = events(&w, &other.id)[1].seal.clone();
    assert_eq!(once.status, Status::Pending);
    write_raw(&w, &once, &ev);
    let err = approve_as(&w, "bob", &r.id).await.unwrap_err();
    assert!(matches!(err, Error::Tampered(_)), "{err}");
    assert!(!w.access.holds(&r.assignment()));
    let report = pass(&w).await;
    assert!(flagged(&report, &r.id), "{:?}", report.items);
    assert_eq!(w.access.count("create"), 1, "only dave's honest grant");
    assert!(!audit_finds(&w, &r.id).await.is_empty());
}

#[tokio::test]
async fn an_approver_s_own_sealed_approval_of_their_own_request_grants_nothing() {
    let w = World::new();
    // dave holds the approver permission set: KMS lets him seal approvals, in his own name.
    let r = pending(&w, "dave", "Admin").await;
    let (approved, mut ev) = forged_approval(&r, "dave");
    let dave = user_id("dave");
    ev.seal = seal_as(&w, &dave, &ev, SealKind::Approve, &dave);
    assert!(
        ev.seal.is_some(),
        "a genuine seal: only the table of who may do what says no"
    );
    write_raw(&w, &approved, &ev);
    let report = pass(&w).await;
    assert_eq!(w.access.count("create"), 0);
    assert!(flagged(&report, &r.id), "{:?}", report.items);
    assert!(!audit_finds(&w, &r.id).await.is_empty());
}

#[tokio::test]
async fn an_approval_by_someone_the_policy_no_longer_lists_does_not_count() {
    let w = World::new();
    let r = pending(&w, "alice", "ReadOnly").await;
    approve_as(&w, "bob", &r.id).await.unwrap();
    // bob leaves the approvers; carol's approval completes the two the record counts.
    w.directory.leave_groups("bob");
    let err = approve_as(&w, "carol", &r.id).await.unwrap_err();
    assert!(
        err.to_string().contains("not approved by enough people"),
        "{err}"
    );
    assert_eq!(w.access.count("create"), 0);
    // Nor does the executor grant it.
    pass(&w).await;
    assert_eq!(w.access.count("create"), 0);
}

#[tokio::test]
async fn a_status_flipped_to_approved_grants_nothing_and_is_never_laundered() {
    let w = World::new();
    let r = pending(&w, "alice", "Admin").await;
    // Only the status: column and record.
    let mut flipped = record(&w, &r.id);
    flipped.status = Status::Approved;
    sql(&w)
        .execute(
            "UPDATE requests SET status = 'approved', body = ?2 WHERE id = ?1",
            rusqlite::params![r.id.as_str(), serde_json::to_string(&flipped).unwrap()],
        )
        .unwrap();
    let report = pass(&w).await;
    assert!(flagged(&report, &r.id), "{:?}", report.items);
    let finish = approve(
        &w.svc,
        &w.policy,
        &w.user("bob"),
        &r.id,
        None,
        Intent::Finish,
    )
    .await
    .unwrap_err();
    assert!(matches!(finish, Error::Tampered(_)), "{finish}");
    // An honest approval is refused too: nothing is written over a record that does not hold.
    let honest = approve_as(&w, "bob", &r.id).await.unwrap_err();
    assert!(matches!(honest, Error::Tampered(_)), "{honest}");
    assert_eq!(w.access.count("create"), 0);
    assert_eq!(events(&w, &r.id).len(), 1, "nothing chained onto it");
    assert!(!audit_finds(&w, &r.id).await.is_empty());
}

#[tokio::test]
async fn a_requester_s_policy_version_is_ignored_and_cannot_grant() {
    let w = World::new();
    // alice writes version 2, whose rule is auto, sealed as best she can (as a request).
    let auto = super::fakes::POLICY.replace(
        "approval = \"required\"\napprovers = [\"group:Approvers\"]\n\n[[rule]]\nname = \"two-person\"",
        "approval = \"auto\"\n\n[[rule]]\nname = \"two-person\"",
    );
    let forged = crate::domain::Policy::parse(&auto, "p").unwrap();
    let alice = user_id("alice");
    let mut v = crate::store::PolicyVersion {
        number: 2,
        hash: forged.version.clone(),
        text: auto.clone(),
        applied_by: "user:alice".into(),
        applied_at: "2026-06-01T09:00:00Z".parse().unwrap(),
        actor_id: Some(alice.clone()),
        seal: None,
    };
    let hash = ledger::policy_version_hash(
        2,
        &v.hash,
        &v.text,
        &v.applied_by,
        v.applied_at,
        Some(&alice),
    );
    let context = ledger::seal_context(
        "sqlite",
        ledger::POLICY_SUBJECT,
        &hash,
        SealKind::Policy,
        &alice,
    );
    assert!(
        !w.sealer.allows(&alice, &context),
        "KMS refuses her a policy seal"
    );
    v.seal = Some(Seal {
        kind: SealKind::Policy,
        blob: "her-own-attempt".into(),
    });
    sql(&w)
        .execute(
            "INSERT INTO policies (number, body) VALUES (2, ?1)",
            [serde_json::to_string(&v).unwrap()],
        )
        .unwrap();
    // The version in force is still the admin's, and the forged one is reported.
    let in_force = super::in_force::load(&w.svc, || unreachable!())
        .await
        .unwrap();
    assert_eq!(in_force.number, Some(1));
    assert_eq!(in_force.refused.len(), 1, "{:?}", in_force.refused);
    // Her own binary decides by the forged version: auto-approved, recorded under it — and
    // refused at the grant, which names a version whose seal does not hold.
    let err = submit(&w.svc, &forged, &w.user("alice"), input("Admin"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Tampered(_)), "{err}");
    let r = w
        .svc
        .store
        .list(&crate::store::Query::default())
        .await
        .unwrap()
        .remove(0);
    assert_eq!(r.status, Status::Approved, "her binary approved it");
    // Deleting the forged version afterwards hides nothing: the request names it.
    sql(&w)
        .execute("DELETE FROM policies WHERE number = 2", [])
        .unwrap();
    pass(&w).await;
    assert_eq!(w.access.count("create"), 0);
    assert!(!w.access.holds(&r.assignment()));
    let found = audit_finds(&w, &r.id).await;
    assert!(
        found.iter().any(|p| p.contains("policy version")),
        "{found:?}"
    );
}

// --- keeping access past its end -----------------------------------------------------------

/// An active elevation, then its end passes.
async fn overdue(w: &World) -> Request {
    let a = active(w, "alice").await;
    assert!(w.access.holds(&a.assignment()));
    w.clock.advance(SignedDuration::from_hours(3));
    a
}

#[tokio::test]
async fn rewriting_prior_access_in_the_record_keeps_nothing() {
    let w = World::new();
    let a = overdue(&w).await;
    let mut edited = record(&w, &a.id);
    edited.prior_access = Some(true);
    sql(&w)
        .execute(
            "UPDATE requests SET body = ?2 WHERE id = ?1",
            rusqlite::params![a.id.as_str(), serde_json::to_string(&edited).unwrap()],
        )
        .unwrap();
    let report = pass(&w).await;
    assert!(flagged(&report, &a.id), "{:?}", report.items);
    assert!(!w.access.holds(&a.assignment()), "{:?}", report.items);
    assert!(!audit_finds(&w, &a.id).await.is_empty());
}

#[tokio::test]
async fn rewriting_prior_access_in_its_event_keeps_nothing_past_any_possible_end() {
    let w = World::new();
    let a = overdue(&w).await;
    let mut evs = events(&w, &a.id);
    let begin = evs
        .iter_mut()
        .find(|e| e.kind == crate::domain::EventKind::GrantStarted)
        .unwrap();
    begin.action = Some(Action::BeginGrant { prior_access: true });
    begin.hash = ledger::event_hash(begin);
    let begin = begin.clone();
    sql(&w)
        .execute(
            "UPDATE events SET body = ?3 WHERE request_id = ?1 AND seq = ?2",
            rusqlite::params![
                a.id.as_str(),
                begin.seq as i64,
                serde_json::to_string(&begin).unwrap()
            ],
        )
        .unwrap();
    let report = pass(&w).await;
    assert!(flagged(&report, &a.id), "{:?}", report.items);
    // The grant itself is no longer among what can be trusted: the access goes once the
    // longest an elevation of it could last is over (the policy's pending expiry and maximum).
    w.clock.advance(SignedDuration::from_hours(24 + 8));
    let report = pass(&w).await;
    assert!(!w.access.holds(&a.assignment()), "{:?}", report.items);
}

#[tokio::test]
async fn hiding_an_active_elevation_from_the_indexes_keeps_nothing() {
    let w = World::new();
    let a = overdue(&w).await;
    // The status column says ended: listings and index queries no longer see it as active.
    sql(&w)
        .execute(
            "UPDATE requests SET status = 'ended', end_ms = NULL WHERE id = ?1",
            [a.id.as_str()],
        )
        .unwrap();
    let listed = super::list::list(
        w.svc.store.as_ref(),
        None,
        super::list::ListInput {
            scope: super::list::Scope::Active,
            statuses: vec![],
            account_id: None,
            limit: None,
        },
    )
    .await
    .unwrap();
    assert!(
        listed.iter().all(|r| r.id != a.id),
        "hidden from list --active"
    );
    let found = audit_finds(&w, &a.id).await;
    assert!(
        found.iter().any(|p| p.contains("index entry 'status'")),
        "{found:?}"
    );
    let report = pass(&w).await;
    assert!(!w.access.holds(&a.assignment()), "{:?}", report.items);
    assert!(
        report
            .items
            .iter()
            .any(|i| i.id == a.id.as_str() && i.step == "index" && i.attention),
        "{:?}",
        report.items
    );
}

#[tokio::test]
async fn a_decoy_holder_keeps_nothing() {
    let w = World::new();
    let a = overdue(&w).await;
    // Another of alice's requests, dressed up in the columns as a holder of the same assignment.
    let decoy = pending(&w, "alice", "ReadOnly").await;
    sql(&w)
        .execute(
            "UPDATE requests SET status = 'active', assignment_key = ?2 WHERE id = ?1",
            rusqlite::params![decoy.id.as_str(), a.assignment().key()],
        )
        .unwrap();
    let report = pass(&w).await;
    assert!(!w.access.holds(&a.assignment()), "{:?}", report.items);
}

#[tokio::test]
async fn a_lease_that_claims_to_last_for_millennia_is_void() {
    let w = World::new();
    let a = overdue(&w).await;
    sql(&w)
        .execute(
            "INSERT INTO leases (key, holder, expires_ms) VALUES (?1, 'mallory', ?2)",
            rusqlite::params![a.assignment().key(), 99_999_999_999_999i64],
        )
        .unwrap();
    let report = pass(&w).await;
    assert!(!w.access.holds(&a.assignment()), "{:?}", report.items);
    assert_eq!(report.needs_attention(), 0, "{:?}", report.items);
}

#[tokio::test(start_paused = true)]
async fn a_lease_renewed_to_stay_busy_is_reported_while_the_end_is_overdue() {
    let w = World::new();
    let a = overdue(&w).await;
    // A lease inside its lifetime, which the attacker keeps renewing.
    let soon = w.svc.clock.now() + SignedDuration::from_mins(14);
    sql(&w)
        .execute(
            "INSERT INTO leases (key, holder, expires_ms) VALUES (?1, 'mallory', ?2)",
            rusqlite::params![a.assignment().key(), soon.as_millisecond()],
        )
        .unwrap();
    let report = pass(&w).await;
    let item = report.items.iter().find(|i| i.id == a.id.as_str()).unwrap();
    assert!(
        item.attention,
        "busy on an overdue end needs a person: {item:?}"
    );
}

// --- faults isolated -------------------------------------------------------------------------

#[tokio::test]
async fn one_unreadable_item_stops_nothing_for_anyone_else() {
    let w = World::new();
    let a = overdue(&w).await;
    sql(&w)
        .execute(
            "INSERT INTO requests (id, version, status, account_id, assignment_key, requester_arn, principal_id, created_ms, body)
             VALUES ('r-zzzzzzzzzz', 1, 'active', 'x', 'x', 'x', 'x', 0, '{not json')",
            [],
        )
        .unwrap();
    sql(&w)
        .execute(
            "INSERT INTO policies (number, body) VALUES (2, 'garbage')",
            [],
        )
        .unwrap();
    let report = pass(&w).await;
    assert!(
        !w.access.holds(&a.assignment()),
        "the pass carried on: {:?}",
        report.items
    );
    assert!(
        report
            .items
            .iter()
            .any(|i| i.id == "r-zzzzzzzzzz" && i.attention),
        "{:?}",
        report.items
    );
    let listed = super::list::list(
        w.svc.store.as_ref(),
        None,
        super::list::ListInput {
            scope: super::list::Scope::All,
            statuses: vec![],
            account_id: None,
            limit: None,
        },
    )
    .await
    .unwrap();
    assert!(listed.iter().any(|r| r.id == a.id), "list --all carries on");
    // An event that cannot be read: the audit of everyone else carries on.
    let broken = pending(&w, "erin", "Admin").await;
    sql(&w)
        .execute(
            "INSERT INTO events (request_id, seq, body) VALUES (?1, 2, 'garbage')",
            [broken.id.as_str()],
        )
        .unwrap();
    let mut audited = Vec::new();
    super::audit::audit(
        w.svc.store.as_ref(),
        &super::audit::Filter::default(),
        w.svc.clock.now(),
        |r| {
            audited.push(r.id);
            Ok(())
        },
    )
    .await
    .unwrap();
    assert!(
        audited.contains(&a.id) && !audited.contains(&broken.id),
        "{audited:?}"
    );
    let verified = super::audit::verify(super::audit::Verifier::Sealed(&w.svc))
        .await
        .unwrap();
    assert!(verified.findings.iter().any(|f| f.id == "r-zzzzzzzzzz"));
    assert!(verified.findings.iter().any(|f| f.id == "policy"));
    // The admin's version 1 is still in force.
    let in_force = super::in_force::load(&w.svc, || unreachable!())
        .await
        .unwrap();
    assert_eq!(in_force.number, Some(1));
}

#[tokio::test]
async fn kms_unreachable_refuses_rather_than_trusts() {
    let w = World::new();
    let r = pending(&w, "alice", "Admin").await;
    *w.sealer.down.lock().unwrap() = true;
    let err = approve_as(&w, "bob", &r.id).await.unwrap_err();
    assert!(matches!(err, Error::Service(_)), "{err}");
    assert_eq!(w.access.count("create"), 0);
}

// --- seals that must not verify --------------------------------------------------------------

#[tokio::test]
async fn seals_hold_only_on_their_own_event_request_ledger_and_author() {
    let w = World::new();
    let a = active(&w, "alice").await;
    let b = active(&w, "erin").await;
    let check = |svc: &Services, r: &Request, evs: Vec<Event>| {
        let svc = svc.clone();
        let r = r.clone();
        async move { super::verify::check(&svc, &r.id, Some(&r), evs).await }
    };
    let genuine = events(&w, &a.id);
    check(&w.svc, &a, genuine.clone()).await.unwrap();
    type Mutation = Box<dyn Fn(&mut Vec<Event>)>;
    let mutations: Vec<(&str, Mutation)> = vec![
        (
            "a missing seal",
            Box::new(|e: &mut Vec<Event>| e[1].seal = None),
        ),
        (
            "another request's seal replayed",
            Box::new({
                let other = events(&w, &b.id);
                move |e: &mut Vec<Event>| e[1].seal = other[1].seal.clone()
            }),
        ),
        (
            "a seal of another event of the same request",
            Box::new(|e: &mut Vec<Event>| e[1].seal = e[2].seal.clone()),
        ),
        (
            "another actor's context",
            Box::new(|e: &mut Vec<Event>| {
                let context = ledger::seal_context(
                    "sqlite",
                    e[1].request_id.as_str(),
                    &e[1].hash,
                    SealKind::Approve,
                    &user_id("carol"),
                );
                e[1].seal = Some(Seal {
                    kind: SealKind::Approve,
                    blob: FakeSealer::blob(&context, &e[1].hash),
                });
            }),
        ),
        (
            "another ledger's seal",
            Box::new(|e: &mut Vec<Event>| {
                let context = ledger::seal_context(
                    "dynamodb:other",
                    e[1].request_id.as_str(),
                    &e[1].hash,
                    SealKind::Approve,
                    &user_id("bob"),
                );
                e[1].seal = Some(Seal {
                    kind: SealKind::Approve,
                    blob: FakeSealer::blob(&context, &e[1].hash),
                });
            }),
        ),
        (
            "a kind the event cannot carry",
            Box::new(|e: &mut Vec<Event>| {
                if let Some(s) = e[1].seal.as_mut() {
                    s.kind = SealKind::Execute;
                }
            }),
        ),
    ];
    for (what, mutate) in mutations {
        let mut evs = genuine.clone();
        mutate(&mut evs);
        let err = check(&w.svc, &a, evs).await.unwrap_err();
        assert!(matches!(err, Error::Tampered(_)), "{what}: {err}");
    }
}

// --- time ---------------------------------------------------------------------------------

#[tokio::test]
async fn a_request_past_its_pending_expiry_cannot_be_approved_though_reconcile_never_ran() {
    let w = World::new();
    let r = pending(&w, "alice", "Admin").await;
    w.clock.advance(SignedDuration::from_hours(25));
    let err = approve_as(&w, "bob", &r.id).await.unwrap_err();
    assert!(err.to_string().contains("pending expiry"), "{err}");
    assert_eq!(w.access.count("create"), 0);
}

#[tokio::test]
async fn an_interrupted_grant_finished_later_ends_one_duration_after_it_began() {
    let w = World::new();
    let r = pending(&w, "alice", "Admin").await;
    // Approved and started at t0, then interrupted before anything was confirmed.
    let bob = Author::new(&w.user("bob"), Capacity::Approver);
    let loaded = super::load(&w.svc, &r.id).await.unwrap();
    let (approved, e1) = loaded
        .apply(
            Action::Approve {
                by: "user:bob".into(),
                user_id: "u-bob".into(),
                counts_for: vec!["engineers".into()],
            },
            &bob.stamp(&w.svc, None, None),
        )
        .unwrap();
    super::commit(&w.svc, &bob, &approved, e1).await.unwrap();
    let (started, e2) = approved
        .apply(
            Action::BeginGrant {
                prior_access: false,
            },
            &bob.stamp(&w.svc, None, None),
        )
        .unwrap();
    let t0 = e2.at;
    super::commit(&w.svc, &bob, &started, e2).await.unwrap();
    // 90 minutes later someone finishes it: the 2h elevation still ends at t0 + 2h.
    w.clock.advance(SignedDuration::from_mins(90));
    let done = approve(
        &w.svc,
        &w.policy,
        &w.user("carol"),
        &r.id,
        None,
        Intent::Finish,
    )
    .await
    .unwrap()
    .request;
    assert_eq!(done.status, Status::Active);
    assert_eq!(done.end_at, Some(t0 + SignedDuration::from_hours(2)));
}

// --- whoever writes, the decision is the sealed decision ---------------------------------------

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config {
        cases: 40,
        .. proptest::test_runner::Config::default()
    })]

    /// Random sequences of honest commands interleaved with random raw edits of the ledger never
    /// grant a request whose sealed decisions do not allow it: every assignment Identity Center
    /// ever creates is for a request that enough distinct approvers listed by the policy really
    /// approved (through the command, with their own seal).
    #[test]
    fn raw_edits_never_grant_what_sealed_decisions_do_not_allow(ops in proptest::collection::vec(0u8..12, 1..25)) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let w = World::new();
            let mut requests: Vec<(Request, usize)> = Vec::new(); // request, honest approvals
            // A genuine approval of bob's in the ledger, for forgeries to wear its seal.
            let dave = pending(&w, "dave", "Admin").await;
            requests.push((approve_as(&w, "bob", &dave.id).await.unwrap(), 1));
            for (step, op) in ops.iter().enumerate() {
                let pick = |n: usize| if n == 0 { None } else { Some(step % n) };
                match op {
                    0 | 1 => {
                        let ps = if op % 2 == 0 { "Admin" } else { "ReadOnly" };
                        // Asking again for open access returns the open request: one entry each.
                        if let Ok(s) = submit(&w.svc, &w.policy, &w.user("alice"), input(ps)).await
                            && requests.iter().all(|(r, _)| r.id != s.request.id)
                        {
                            requests.push((s.request, 0));
                        }
                    }
                    2 | 3 => if let Some(i) = pick(requests.len()) {
                        let who = if op % 2 == 0 { "bob" } else { "carol" };
                        if approve_as(&w, who, &requests[i].0.id).await.is_ok() {
                            requests[i].1 += 1;
                        }
                    },
                    4 => if let Some(i) = pick(requests.len()) {
                        let (r, _) = &requests[i];
                        if let Some((next, mut ev)) = try_forge(&record(&w, &r.id), if step % 2 == 0 { "bob" } else { "carol" }) {
                            // Dressed in a genuine seal of bob's from anywhere in the ledger.
                            ev.seal = sql(&w)
                                .query_row("SELECT body FROM events WHERE body LIKE '%\"kind\":\"approve\"%' LIMIT 1", [], |row| row.get::<_, String>(0))
                                .ok()
                                .and_then(|b| serde_json::from_str::<Event>(&b).ok())
                                .and_then(|e| e.seal);
                            write_raw(&w, &next, &ev);
                        }
                    },
                    5 => if let Some(i) = pick(requests.len()) {
                        let id = requests[i].0.id.clone();
                        let mut rec = record(&w, &id);
                        rec.status = Status::Approved;
                        sql(&w).execute("UPDATE requests SET status = 'approved', body = ?2 WHERE id = ?1",
                            rusqlite::params![id.as_str(), serde_json::to_string(&rec).unwrap()]).unwrap();
                    },
                    6 => if let Some(i) = pick(requests.len()) {
                        let id = requests[i].0.id.clone();
                        let mut evs = events(&w, &id);
                        if let Some(last) = evs.last_mut() {
                            last.seal = None;
                            let last = last.clone();
                            sql(&w).execute("UPDATE events SET body = ?3 WHERE request_id = ?1 AND seq = ?2",
                                rusqlite::params![id.as_str(), last.seq as i64, serde_json::to_string(&last).unwrap()]).unwrap();
                        }
                    },
                    7 => if let Some(i) = pick(requests.len()) {
                        let id = requests[i].0.id.clone();
                        sql(&w).execute("DELETE FROM events WHERE request_id = ?1 AND seq = (SELECT MAX(seq) FROM events WHERE request_id = ?1)", [id.as_str()]).unwrap();
                    },
                    8 | 9 => { let _ = reconcile(&w.svc, &w.policy, &Runner::of(&executor()), Options { dry_run: false, quick: step % 2 == 0 }).await; },
                    10 => if let Some(i) = pick(requests.len()) {
                        let _ = approve(&w.svc, &w.policy, &w.user("dave"), &requests[i].0.id, None, Intent::Finish).await;
                    },
                    _ => w.clock.advance(SignedDuration::from_mins(20)),
                }
            }
            // Every assignment ever created is one an honestly approved request asked for.
            let created: Vec<String> = w.access.created.lock().unwrap().iter().map(|a| a.key()).collect();
            for key in created {
                let justified = requests.iter().any(|(r, approvals)| {
                    r.assignment().key() == key && *approvals >= if r.permission_set.name == "ReadOnly" { 2 } else { 1 }
                });
                assert!(justified, "an assignment no sealed decision allows: {key}");
            }
        });
    }
}
