//! Extending an active elevation, with and without approval.

use super::*;
use crate::workflow::extend::extend;

#[tokio::test]
async fn an_extension_waits_for_approval_then_moves_the_end_and_its_schedule() {
    let w = World::new();
    let a = active(&w, "alice").await;
    let end = a.end_at.unwrap();
    let asked = extend(
        &w.svc,
        &w.policy,
        &w.user("alice"),
        &a.id,
        SignedDuration::from_hours(1),
        Some("migration at 80%"),
    )
    .await
    .unwrap()
    .request;
    assert_eq!(asked.end_at, Some(end), "not before it is approved");
    assert!(asked.extension.is_some());
    assert_eq!(w.scheduler.at(&a.assignment()), Some(end));
    // It shows up for approvers, not for alice.
    let for_carol = list(
        w.svc.store.as_ref(),
        Some(&w.user("carol")),
        ListInput {
            scope: Scope::ToApprove,
            statuses: vec![],
            account_id: None,
            limit: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(for_carol.len(), 1);
    // alice cannot approve her own extension; a second one cannot be asked meanwhile.
    let own = approve_by(&w, "alice", &a).await.unwrap_err();
    assert!(matches!(own, Error::Denied(_)), "{own}");
    let again = extend(
        &w.svc,
        &w.policy,
        &w.user("alice"),
        &a.id,
        SignedDuration::from_mins(30),
        Some("more please"),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(again, Error::Conflict(ref m) if m.contains("waiting")),
        "{again}"
    );

    let decided = approve_as(&w, "carol", &asked).await;
    assert!(decided.extension);
    let extended = decided.request;
    assert_eq!(extended.end_at, Some(end + SignedDuration::from_hours(1)));
    assert_eq!(extended.status, Status::Active);
    assert_eq!(w.scheduler.at(&a.assignment()), extended.end_at);
    let kinds: Vec<EventKind> = w
        .svc
        .store
        .events(&a.id)
        .await
        .unwrap()
        .iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        kinds[kinds.len() - 2..],
        [EventKind::ExtensionRequested, EventKind::Extended]
    );
}

#[tokio::test]
async fn an_extension_beyond_the_maximum_is_denied_and_a_rejected_one_changes_nothing() {
    let w = World::new();
    let a = active(&w, "alice").await; // 2h of the rule's 4h
    let e = extend(
        &w.svc,
        &w.policy,
        &w.user("alice"),
        &a.id,
        SignedDuration::from_hours(3),
        Some("all day"),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(e, Error::Denied(ref m) if m.contains("5h in all")),
        "{e}"
    );
    let e = extend(
        &w.svc,
        &w.policy,
        &w.user("bob"),
        &a.id,
        SignedDuration::from_hours(1),
        Some("for alice"),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(e, Error::Denied(ref m) if m.contains("only the requester")),
        "{e}"
    );
    extend(
        &w.svc,
        &w.policy,
        &w.user("alice"),
        &a.id,
        SignedDuration::from_hours(1),
        Some("a bit more"),
    )
    .await
    .unwrap();
    let rejected = reject(&w.svc, &w.policy, &w.user("bob"), &a.id, "finish tomorrow")
        .await
        .unwrap();
    assert_eq!(
        (rejected.status, rejected.end_at),
        (Status::Active, a.end_at)
    );
    assert!(rejected.extension.is_none());
    assert_eq!(w.scheduler.at(&a.assignment()), a.end_at);
}

#[tokio::test]
async fn an_auto_rule_extends_at_once_and_an_ended_elevation_cannot_be_extended() {
    // The requester grants an auto rule's request with their own credentials: direct mode,
    // an unsealed ledger (on a sealed one, the executor does; see the seal tests).
    let w = World::new().unsealed();
    let policy = Policy::parse(
        &POLICY.replace("approval = \"required\"\napprovers = [\"group:Approvers\"]\n\n[[rule]]\nname = \"two-person\"", "approval = \"auto\"\n\n[[rule]]\nname = \"two-person\""),
        "policy.toml",
    )
    .unwrap();
    let r = submit(&w.svc, &policy, &w.user("alice"), input("Admin"))
        .await
        .unwrap()
        .request;
    assert_eq!(r.status, Status::Active, "auto rule: granted at once");
    let x = extend(
        &w.svc,
        &policy,
        &w.user("alice"),
        &r.id,
        SignedDuration::from_mins(30),
        Some("nearly done"),
    )
    .await
    .unwrap();
    assert_eq!(
        x.request.end_at,
        Some(r.end_at.unwrap() + SignedDuration::from_mins(30))
    );
    assert_eq!(w.scheduler.at(&r.assignment()), x.request.end_at);
    revoke(&w.svc, &w.user("alice"), &r.id, None).await.unwrap();
    let e = extend(
        &w.svc,
        &policy,
        &w.user("alice"),
        &r.id,
        SignedDuration::from_mins(30),
        Some("nearly done"),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(e, Error::Conflict(ref m) if m.contains("revoked")),
        "{e}"
    );
}

#[tokio::test]
async fn an_extension_still_waiting_lapses_at_the_old_end() {
    let w = World::new();
    let a = active(&w, "alice").await;
    extend(
        &w.svc,
        &w.policy,
        &w.user("alice"),
        &a.id,
        SignedDuration::from_hours(1),
        Some("please"),
    )
    .await
    .unwrap();
    w.clock.advance(SignedDuration::from_mins(121));
    pass(&w.svc, &w.policy, false).await.unwrap();
    let ended = w.svc.store.get(&a.id).await.unwrap().unwrap();
    assert_eq!(ended.status, Status::Ended);
    assert!(ended.extension.is_none());
    assert!(!w.access.holds(&a.assignment()));
    let late = approve_by(&w, "bob", &a).await.unwrap_err();
    assert!(matches!(late, Error::Conflict(_)), "{late}");
}
