//! The reconcile pass: ends, expiries, finished grants, retries, drift, and sweeps over many
//! pages.

use super::*;

#[tokio::test]
async fn reconcile_ends_overdue_elevations_and_keeps_what_must_stay() {
    let w = World::new();
    let mine = active(&w, "alice").await; // 2h
    // dave asked for Admin and, meanwhile, holds it directly: no elevation of his to end.
    let pre = pending(&w, "dave", "Admin").await;
    w.access
        .assignments
        .lock()
        .unwrap()
        .insert(pre.assignment().key(), pre.assignment());
    // Nothing is due yet.
    let report = pass(&w.svc, &w.policy, false).await.unwrap();
    assert!(report.items.is_empty(), "{:?}", report.items);

    w.clock.advance(SignedDuration::from_hours(3));
    let report = pass(&w.svc, &w.policy, false).await.unwrap();
    assert_eq!(report.needs_attention(), 0, "{:?}", report.items);
    assert_eq!(status(&w, &mine.id).await, Status::Ended);
    assert_eq!(status(&w, &pre.id).await, Status::Pending);
    assert!(!w.access.holds(&mine.assignment()));
    assert!(
        w.access.holds(&pre.assignment()),
        "standing access removed by reconcile"
    );
    // A second pass has nothing to do.
    let again = pass(&w.svc, &w.policy, false).await.unwrap();
    assert!(again.items.is_empty(), "{:?}", again.items);
}

#[tokio::test]
async fn reconcile_expires_stale_pending_requests_and_dry_run_changes_nothing() {
    let w = World::new();
    let r = pending(&w, "alice", "Admin").await;
    w.clock.advance(SignedDuration::from_hours(25));
    let dry = pass(&w.svc, &w.policy, true).await.unwrap();
    assert_eq!(dry.items.len(), 1);
    assert_eq!(dry.items[0].step, "expire");
    assert_eq!(status(&w, &r.id).await, Status::Pending);
    pass(&w.svc, &w.policy, false).await.unwrap();
    assert_eq!(status(&w, &r.id).await, Status::Expired);
}

#[tokio::test]
async fn reconcile_finishes_interrupted_grants_with_policy_rechecked() {
    let w = World::new();
    let r = pending(&w, "alice", "Admin").await;
    approved_by_bob(&w, &r).await;
    let other = pending_via_ci(&w, 1, "alice").await;
    approved_by_bob(&w, &other).await;
    // alice left Engineers before `other` was granted: policy no longer allows either.
    let report = pass(&w.svc, &w.policy, false).await.unwrap();
    assert_eq!(status(&w, &r.id).await, Status::Active);
    assert_eq!(report.needs_attention(), 0);
    w.directory.leave_groups("alice");
    let r3 = {
        w.directory.join("alice", "Engineers");
        let r3 = pending_via_ci(&w, 2, "alice").await;
        approved_by_bob(&w, &r3).await;
        w.directory.leave_groups("alice");
        r3
    };
    let report = pass(&w.svc, &w.policy, false).await.unwrap();
    let item = report
        .items
        .iter()
        .find(|i| i.id == r3.id.as_str())
        .unwrap();
    assert!(
        item.attention && item.result.contains("no longer allows"),
        "{item:?}"
    );
    assert_eq!(status(&w, &r3.id).await, Status::Approved);
}

#[tokio::test]
async fn reconcile_retries_failures_with_back_off_then_gives_up_loudly() {
    let w = World::new();
    let r = pending(&w, "alice", "Admin").await;
    for _ in 0..10 {
        w.access
            .create_outcomes
            .lock()
            .unwrap()
            .push_back(Ok(Provisioning::Failed("boom".into())));
    }
    approve_by(&w, "bob", &r).await.unwrap_err();
    assert_eq!(w.access.count("create"), 1);
    // Within the back-off: nothing.
    let report = pass(&w.svc, &w.policy, false).await.unwrap();
    assert!(report.items.is_empty(), "{:?}", report.items);
    // Each back-off (1, 2, 4, 8, 16 minutes) passes well within the 2h the grant may last.
    for attempt in 2..=crate::domain::reconcile::MAX_ATTEMPTS {
        w.clock.advance(SignedDuration::from_mins(16));
        let report = pass(&w.svc, &w.policy, false).await.unwrap();
        assert!(report.items[0].attention, "{:?}", report.items);
        assert_eq!(w.access.count("create") as u32, attempt);
    }
    w.clock.advance(SignedDuration::from_mins(16));
    let report = pass(&w.svc, &w.policy, false).await.unwrap();
    assert_eq!(report.items[0].step, "give up");
    assert!(
        report.items[0].result.contains("failed 6 times"),
        "{:?}",
        report.items
    );
    assert_eq!(w.access.count("create"), 6, "retried past the limit");
}

/// The passes still race on the ledger on one runtime thread: each has its own connection, and
/// store calls run on the blocking pool, so the two passes' reads and writes overlap (the loser
/// finds the lease busy, or the elevation ended under it). The paused clock only skips the
/// loser's one-second look again before it reports the end as done by the other.
#[tokio::test(start_paused = true)]
async fn two_reconciles_at_once_end_each_elevation_once() {
    let w = World::new();
    let mut ids = Vec::new();
    for who in ["alice", "dave"] {
        ids.push(active(&w, who).await.id);
    }
    w.clock.advance(SignedDuration::from_hours(3));
    let (a, b) = (w.second_operator(), w.second_operator());
    let policy = w.policy.clone();
    let p2 = policy.clone();
    let one = tokio::spawn(async move { pass(&a, &policy, false).await });
    let two = tokio::spawn(async move { pass(&b, &p2, false).await });
    let (one, two) = (one.await.unwrap().unwrap(), two.await.unwrap().unwrap());
    assert_eq!(
        one.needs_attention() + two.needs_attention(),
        0,
        "{one:?} {two:?}"
    );
    for id in &ids {
        assert_eq!(status(&w, id).await, Status::Ended);
        let events = w.svc.store.events(id).await.unwrap();
        assert_eq!(
            events.iter().filter(|e| e.kind == EventKind::Ended).count(),
            1
        );
        verify_chain(&events).unwrap();
    }
    assert_eq!(w.access.count("delete"), 2);
}

#[tokio::test]
async fn reconcile_reports_drift_both_ways() {
    let w = World::new();
    let gone = active(&w, "alice").await;
    // Someone removed alice's assignment outside elevate.
    w.access
        .assignments
        .lock()
        .unwrap()
        .remove(&gone.assignment().key());
    let back = active(&w, "dave").await;
    revoke(&w.svc, &w.user("dave"), &back.id, None)
        .await
        .unwrap();
    // ...and re-created dave's after it ended.
    w.access
        .assignments
        .lock()
        .unwrap()
        .insert(back.assignment().key(), back.assignment());
    let report = pass(&w.svc, &w.policy, false).await.unwrap();
    let drift: Vec<_> = report.items.iter().filter(|i| i.step == "drift").collect();
    assert_eq!(drift.len(), 2, "{:?}", report.items);
    assert!(
        drift
            .iter()
            .any(|i| i.id == gone.id.as_str() && i.result.contains("no such assignment"))
    );
    assert!(
        drift
            .iter()
            .any(|i| i.id == back.id.as_str() && i.result.contains("removed"))
    );
    assert_eq!(report.needs_attention(), 2);
    // Access whose elevation ended does not stay: the executor removed it.
    assert!(!w.access.holds(&back.assignment()));
}

#[tokio::test]
async fn a_sweep_over_many_pages_ends_every_overdue_elevation_once() {
    // The world reads two requests per page: seven elevations span four pages, and each step
    // changes the status the pages are filtered by.
    let w = World::new();
    let mut ids = Vec::new();
    for (run, who) in ["alice", "dave", "alice", "dave", "alice", "dave", "alice"]
        .into_iter()
        .enumerate()
    {
        ids.push(active_via_ci(&w, run as u32, who).await.id);
    }
    w.clock.advance(SignedDuration::from_hours(3));
    let report = pass(&w.svc, &w.policy, false).await.unwrap();
    let mut ended: Vec<_> = report
        .items
        .iter()
        .filter(|i| i.step == "end")
        .map(|i| i.id.clone())
        .collect();
    ended.sort();
    let mut ids: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
    ids.sort();
    assert_eq!(ended, ids, "{:?}", report.items);
    assert_eq!(report.needs_attention(), 0, "{:?}", report.items);
    assert!(w.access.assignments.lock().unwrap().is_empty());
}
