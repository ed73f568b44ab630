//! Brokered mode against the use cases with fakes: people record sealed decisions and ask; only
//! the executor creates or removes access, after verifying the seals itself. Each attack is made
//! as the attacker would, with their own seals and raw writes to the ledger.

use jiff::SignedDuration;

use super::approve::{Intent, approve};
use super::attacks::{executor, flagged, forged_approval, seal_as, tampering_reported, write_raw};
use super::fakes::*;
use super::ports::Clock;
use super::reconcile::{Report, Runner, reconcile};
use super::request::submit;
use crate::domain::ledger::SealKind;
use crate::domain::{Request, RequestId, Status};
use crate::error::Error;

async fn pass(w: &World) -> Report {
    reconcile(
        &w.svc,
        &w.policy,
        &Runner::of(&executor()),
        Default::default(),
    )
    .await
    .unwrap()
}

async fn ask(w: &World, who: &str, ps: &str) -> Request {
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

async fn load(w: &World, id: &RequestId) -> Request {
    super::load(&w.svc, id).await.unwrap()
}

/// alice's Admin request, approved by bob and granted by the executor.
async fn granted(w: &World, who: &str) -> Request {
    let r = ask(w, who, "Admin").await;
    approve_as(w, "bob", &r.id).await.unwrap();
    pass(w).await;
    let r = load(w, &r.id).await;
    assert_eq!(r.status, Status::Active);
    r
}

#[tokio::test]
async fn an_approval_is_recorded_and_only_the_executor_grants() {
    let w = World::new().brokered();
    let r = ask(&w, "alice", "Admin").await;
    let decided = approve(
        &w.svc,
        &w.policy,
        &w.user("bob"),
        &r.id,
        None,
        Intent::Approve,
    )
    .await
    .unwrap();
    assert_eq!(decided.request.status, Status::Approved);
    assert!(
        decided
            .notices
            .iter()
            .any(|n| n.contains("the executor grants it")),
        "{:?}",
        decided.notices
    );
    // The approver created nothing: no call to Identity Center, no schedule.
    assert_eq!(w.access.count("create"), 0);
    assert!(!w.access.holds(&r.assignment()));
    assert!(w.scheduler.of(&r.assignment()).is_empty());

    let report = pass(&w).await;
    assert!(
        report
            .items
            .iter()
            .any(|i| i.id == r.id.as_str() && i.step == "grant" && !i.attention),
        "{:?}",
        report.items
    );
    let r = load(&w, &r.id).await;
    assert_eq!(r.status, Status::Active);
    assert!(w.access.holds(&r.assignment()));
    // Who granted, as its seal proves: the executor.
    let events = super::attacks::events(&w, &r.id);
    let granted = events
        .iter()
        .find(|e| e.kind == crate::domain::EventKind::Granted)
        .unwrap();
    assert_eq!(granted.seal.as_ref().unwrap().kind, SealKind::Execute);
    assert!(
        granted.actor.contains("elevate-executor"),
        "{}",
        granted.actor
    );
}

#[tokio::test]
async fn no_person_carries_out_a_grant_or_seals_one() {
    let w = World::new().brokered();
    let r = ask(&w, "alice", "Admin").await;
    approve_as(&w, "bob", &r.id).await.unwrap();
    // The approver (or anyone) finishing the grant themselves: refused by the table of who may
    // do what, before any call.
    for who in ["bob", "carol", "alice"] {
        let err = approve(&w.svc, &w.policy, &w.user(who), &r.id, None, Intent::Finish)
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Denied(_)), "{who}: {err}");
    }
    assert_eq!(w.access.count("create"), 0);
    // And the key policy refuses an approver a grant's seal in a brokered team.
    let (_, ev) = forged_approval(&r, "bob");
    assert!(seal_as(&w, &user_id("bob"), &ev, SealKind::Grant, &user_id("bob")).is_none());
    assert!(seal_as(&w, &user_id("bob"), &ev, SealKind::Approve, &user_id("bob")).is_some());
}

#[tokio::test]
async fn a_forged_approval_is_refused_by_the_executor_and_reported() {
    let w = World::new().brokered();
    let r = ask(&w, "alice", "Admin").await;
    // alice writes an approval in bob's name, sealed as herself (the only seal KMS gives her),
    // and flips the record to approved.
    let (mut forged, mut ev) = forged_approval(&r, "bob");
    ev.seal = seal_as(
        &w,
        &user_id("alice"),
        &ev,
        SealKind::Request,
        &user_id("alice"),
    );
    forged.status = Status::Approved;
    write_raw(&w, &forged, &ev);

    let report = pass(&w).await;
    assert!(flagged(&report, &r.id), "{:?}", report.items);
    assert!(tampering_reported(&w, &r.id));
    assert_eq!(w.access.count("create"), 0);
    assert!(!w.access.holds(&r.assignment()));
}

#[tokio::test]
async fn revoking_asks_and_the_executor_removes_the_access() {
    let w = World::new().brokered();
    let r = granted(&w, "alice").await;
    let asked = super::revoke::revoke(&w.svc, &w.user("alice"), &r.id, Some("done"))
        .await
        .unwrap();
    // Recorded, sealed, and nothing removed by the requester's own credentials.
    assert_eq!(asked.status, Status::Active);
    assert_eq!(
        asked.revoke_asked.as_ref().unwrap().reason.as_deref(),
        Some("done")
    );
    assert_eq!(w.access.count("delete"), 0);
    assert!(w.access.holds(&r.assignment()));
    // Asking twice says it was asked.
    let again = super::revoke::revoke(&w.svc, &w.user("bob"), &r.id, None)
        .await
        .unwrap_err();
    assert!(again.to_string().contains("already asked"), "{again}");

    let report = pass(&w).await;
    assert!(
        report
            .items
            .iter()
            .any(|i| i.id == r.id.as_str() && i.step == "revoke" && !i.attention),
        "{:?}",
        report.items
    );
    let r = load(&w, &r.id).await;
    assert_eq!(r.status, Status::Revoked);
    assert!(!w.access.holds(&r.assignment()));
    assert!(w.scheduler.of(&r.assignment()).is_empty());
}

#[tokio::test]
async fn an_approved_request_asked_to_revoke_is_never_granted() {
    let w = World::new().brokered();
    let r = ask(&w, "alice", "Admin").await;
    approve_as(&w, "bob", &r.id).await.unwrap();
    super::revoke::revoke(&w.svc, &w.user("alice"), &r.id, None)
        .await
        .unwrap();
    pass(&w).await;
    let r = load(&w, &r.id).await;
    assert_eq!(r.status, Status::Revoked);
    assert_eq!(w.access.count("create"), 0);
}

#[tokio::test]
async fn nobody_asks_to_revoke_a_colleague_s_access() {
    let w = World::new().brokered();
    let theirs = granted(&w, "dave").await;
    // alice has no standing in dave's request: the command refuses...
    let err = super::revoke::revoke(&w.svc, &w.user("alice"), &theirs.id, None)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Denied(_)), "{err}");
    // ...and a revoke request she writes herself, sealed as herself, is not one the executor
    // acts on: dave keeps his access, and the tampering is reported.
    let (asked, mut ev) = theirs
        .apply(
            crate::domain::Action::AskRevoke,
            &crate::domain::request::Stamp {
                actor: "user:alice",
                actor_id: Some(&user_id("alice")),
                at: w.clock.now(),
                comment: Some("mine now"),
                policy_version: None,
            },
        )
        .unwrap();
    ev.seal = seal_as(
        &w,
        &user_id("alice"),
        &ev,
        SealKind::Request,
        &user_id("alice"),
    );
    assert!(ev.seal.is_some());
    write_raw(&w, &asked, &ev);
    let report = pass(&w).await;
    assert!(flagged(&report, &theirs.id), "{:?}", report.items);
    assert!(w.access.holds(&theirs.assignment()));
    assert_eq!(w.access.count("delete"), 0);
}

#[tokio::test]
async fn policy_approved_requests_are_granted_by_the_executor_alone() {
    let w = World::new().brokered();
    let text = format!(
        "{POLICY}\n[[rule]]\nname = \"self-service\"\nprincipals = [\"group:Ops\"]\naccounts = [\"*\"]\npermission_sets = [\"ReadOnly\"]\napproval = \"auto\"\n"
    );
    let policy = w.apply(&text);
    let w = World { policy, ..w };
    let submitted = submit(&w.svc, &w.policy, &w.user("erin"), input("ReadOnly"))
        .await
        .unwrap();
    assert_eq!(submitted.request.status, Status::Pending);
    assert!(
        submitted
            .notices
            .iter()
            .any(|n| n.contains("executor grants it")),
        "{:?}",
        submitted.notices
    );
    assert_eq!(w.access.count("create"), 0);
    pass(&w).await;
    let r = load(&w, &submitted.request.id).await;
    assert_eq!(r.status, Status::Active);
    assert!(w.access.holds(&r.assignment()));
}

#[tokio::test]
async fn an_extension_is_scheduled_by_the_executor_only_while_the_policy_justifies_it() {
    let w = World::new().brokered();
    let r = granted(&w, "alice").await;
    let end = r.end_at.unwrap();
    assert_eq!(w.scheduler.at(&r.assignment()), Some(end));
    super::extend::extend(
        &w.svc,
        &w.policy,
        &w.user("alice"),
        &r.id,
        SignedDuration::from_hours(1),
        Some("migration at 80%"),
    )
    .await
    .unwrap();
    approve_as(&w, "bob", &r.id).await.unwrap();
    assert_eq!(
        load(&w, &r.id).await.end_at,
        Some(end + SignedDuration::from_hours(1))
    );
    // Recorded by people; the revocation has not moved yet: access ends early, never late.
    assert_eq!(w.scheduler.at(&r.assignment()), Some(end));
    // Before the executor's pass, the policy stops listing bob: his approval no longer
    // justifies the extension, so the executor leaves the earlier revocation where it is and
    // says so.
    let text = POLICY.replacen(
        "approvers = [\"group:Approvers\"]",
        "approvers = [\"user:carol\"]",
        1,
    );
    let w = World {
        policy: w.apply(&text),
        ..w
    };
    let report = pass(&w).await;
    assert!(
        report
            .items
            .iter()
            .any(|i| i.id == r.id.as_str() && i.step == "extension" && i.attention),
        "{:?}",
        report.items
    );
    assert_eq!(w.scheduler.at(&r.assignment()), Some(end));
    // And ended at that earlier end.
    w.clock.advance(SignedDuration::from_hours(2));
    pass(&w).await;
    // (Recorded as revoked: its record's end was later than the end it was held to.)
    assert_eq!(load(&w, &r.id).await.status, Status::Revoked);
    assert!(!w.access.holds(&r.assignment()));
}

#[tokio::test]
async fn a_person_s_reconcile_only_shows_what_is_due() {
    let w = World::new().brokered();
    let r = ask(&w, "alice", "Admin").await;
    approve_as(&w, "bob", &r.id).await.unwrap();
    let err = reconcile(
        &w.svc,
        &w.policy,
        &Runner::of(&w.user("bob")),
        Default::default(),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, Error::Denied(_)), "{err}");
    assert!(err.to_string().contains("elevate executor --once"), "{err}");
    let shown = reconcile(
        &w.svc,
        &w.policy,
        &Runner::of(&w.user("bob")),
        super::reconcile::Options {
            dry_run: true,
            quick: false,
        },
    )
    .await
    .unwrap();
    assert!(
        shown
            .items
            .iter()
            .any(|i| i.id == r.id.as_str() && i.step == "grant" && i.result == "would run"),
        "{:?}",
        shown.items
    );
    assert_eq!(w.access.count("create"), 0);
}

#[tokio::test]
async fn a_person_s_own_expiry_of_a_pending_request_is_not_one() {
    let w = World::new().brokered();
    let r = ask(&w, "alice", "Admin").await;
    // bob (an approver of it) records an expiry himself, minutes after it was asked.
    let (expired, mut ev) = r
        .apply(
            crate::domain::Action::Expire,
            &crate::domain::request::Stamp {
                actor: "user:bob",
                actor_id: Some(&user_id("bob")),
                at: w.clock.now(),
                comment: None,
                policy_version: None,
            },
        )
        .unwrap();
    // An expiry is carried out, and sealed, as grant power: KMS refuses him that seal...
    assert!(seal_as(&w, &user_id("bob"), &ev, SealKind::Grant, &user_id("bob")).is_none());
    // ...and the one it gives him is not a seal an expiry may carry (nor is he the executor,
    // who alone expires requests in a brokered team).
    ev.seal = seal_as(&w, &user_id("bob"), &ev, SealKind::Approve, &user_id("bob"));
    assert!(ev.seal.is_some());
    write_raw(&w, &expired, &ev);
    assert!(matches!(
        super::verify::load(&w.svc, &r.id).await,
        Err(Error::Tampered(_))
    ));
}
