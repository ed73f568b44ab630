//! Revocation schedules and scheduled starts.

use super::*;

#[tokio::test]
async fn a_grant_schedules_its_end_and_a_revoke_removes_the_schedule() {
    let w = World::new();
    let a = active(&w, "alice").await;
    assert_eq!(w.scheduler.at(&a.assignment()), a.end_at);
    let stored: Vec<Assignment> = w
        .scheduler
        .schedules
        .lock()
        .unwrap()
        .values()
        .map(|(_, x)| x.clone())
        .collect();
    assert_eq!(stored, vec![a.assignment()]);
    revoke(&w.svc, &w.user("alice"), &a.id, None).await.unwrap();
    assert_eq!(w.scheduler.at(&a.assignment()), None);
}

#[tokio::test]
async fn overlapping_elevations_share_one_schedule_at_the_last_end() {
    let w = World::new();
    let first = active(&w, "alice").await;
    w.clock.advance(SignedDuration::from_mins(30));
    let second = active_via_ci(&w, 1, "alice").await;
    assert!(second.end_at > first.end_at);
    assert_eq!(w.scheduler.at(&first.assignment()), second.end_at);
    // The later one ends early: the schedule moves back to the first one's end.
    revoke(&w.svc, &w.user("alice"), &second.id, None)
        .await
        .unwrap();
    assert_eq!(w.scheduler.at(&first.assignment()), first.end_at);
    // The last one ends at its time through reconcile: no schedule is left.
    w.clock.advance(SignedDuration::from_hours(3));
    pass(&w.svc, &w.policy, false).await.unwrap();
    assert_eq!(w.scheduler.at(&first.assignment()), None);
    assert!(!w.access.holds(&first.assignment()));
}

#[tokio::test]
async fn a_scheduler_failure_does_not_undo_the_grant() {
    let w = World::new();
    *w.scheduler.fail.lock().unwrap() = true;
    let a = active(&w, "alice").await;
    assert_eq!(a.status, Status::Active);
    assert!(w.access.holds(&a.assignment()));
    // reconcile is the safety net.
    w.clock.advance(SignedDuration::from_hours(3));
    pass(&w.svc, &w.policy, false).await.unwrap();
    assert!(!w.access.holds(&a.assignment()));
}

#[tokio::test]
async fn a_future_start_is_scheduled_not_granted() {
    let w = World::new();
    let r = asked_in(&w, 3).await;
    let start = r.start_at.unwrap();
    let decided = approve_as(&w, "bob", &r).await;
    let s = decided.request;
    assert_eq!(s.status, Status::Approved);
    assert_eq!(s.scheduled_start, Some(start));
    assert_eq!(s.prior_access, Some(false));
    assert!(!w.access.holds(&s.assignment()), "nothing before the start");
    assert!(
        decided
            .notices
            .iter()
            .any(|n| n.contains("granted at the start"))
    );
    let end = start + SignedDuration::from_hours(2);
    assert_eq!(
        w.scheduler.of(&s.assignment()),
        vec![
            Planned::new(ScheduledAction::Grant, start),
            Planned::new(ScheduledAction::Revoke, end)
        ]
    );
    // Nothing for reconcile to do before the start.
    let report = pass(&w.svc, &w.policy, false).await.unwrap();
    assert!(report.items.is_empty(), "{:?}", report.items);
    // `approve --finish` before the start says when it will happen.
    let early = approve(
        &w.svc,
        &w.policy,
        &w.user("bob"),
        &s.id,
        None,
        Intent::Finish,
    )
    .await
    .unwrap();
    assert_eq!(early.request.status, Status::Approved);

    // The schedule fires at the start; reconcile, later, confirms it without moving the window.
    w.clock.advance(SignedDuration::from_mins(3 * 60 + 20));
    fire_grant(&w, &s.assignment());
    let report = pass(&w.svc, &w.policy, false).await.unwrap();
    assert_eq!(report.items.len(), 1, "{:?}", report.items);
    let a = w.svc.store.get(&s.id).await.unwrap().unwrap();
    assert_eq!(a.status, Status::Active);
    assert_eq!((a.granted_at, a.end_at), (Some(start), Some(end)));
    assert_eq!(
        a.prior_access,
        Some(false),
        "its own grant is not prior access"
    );
    assert_eq!(w.scheduler.at(&a.assignment()), Some(end));
    // And it ends at its end.
    w.clock.advance(SignedDuration::from_hours(2));
    pass(&w.svc, &w.policy, false).await.unwrap();
    assert!(!w.access.holds(&a.assignment()));
}

#[tokio::test]
async fn a_scheduled_window_nobody_confirmed_is_closed_without_granting() {
    let w = World::new();
    let r = asked_in(&w, 1).await;
    let s = approve_as(&w, "bob", &r).await.request;
    // The schedules ran (grant, then revoke) while nobody ran elevate.
    w.clock.advance(SignedDuration::from_hours(4));
    let report = pass(&w.svc, &w.policy, false).await.unwrap();
    assert_eq!(report.items[0].step, "end", "{:?}", report.items);
    let ended = w.svc.store.get(&s.id).await.unwrap().unwrap();
    assert_eq!(ended.status, Status::Ended);
    assert!(
        !w.access.holds(&s.assignment()),
        "not re-created after its window"
    );
    assert_eq!(w.access.count("create"), 0);
}

#[tokio::test]
async fn cancelling_a_scheduled_request_removes_its_schedules() {
    let w = World::new();
    let r = asked_in(&w, 2).await;
    let s = approve_as(&w, "bob", &r).await.request;
    assert_eq!(w.scheduler.of(&s.assignment()).len(), 2);
    let c = cancel(&w.svc, &w.user("alice"), &s.id).await.unwrap();
    assert_eq!(c.status, Status::Cancelled);
    assert!(w.scheduler.of(&s.assignment()).is_empty());
    assert_eq!(w.access.count("delete"), 0, "nothing existed to delete");
}

#[tokio::test]
async fn a_gap_between_an_active_and_a_scheduled_elevation_is_kept() {
    let w = World::new();
    let first = active(&w, "alice").await; // 2h from now
    let r = asked_in(&w, 3).await;
    let later = approve_as(&w, "bob", &r).await.request;
    assert_eq!(
        later.prior_access,
        Some(false),
        "the first one's access is not prior access"
    );
    let (start, end) = later.window().unwrap();
    assert_eq!(
        w.scheduler.of(&first.assignment()),
        vec![
            Planned::new(ScheduledAction::Revoke, first.end_at.unwrap()),
            Planned::new(ScheduledAction::Grant, start),
            Planned::new(ScheduledAction::Revoke, end),
        ]
    );
    // The first ends early: the assignment goes, and the later window keeps its schedules.
    revoke(&w.svc, &w.user("alice"), &first.id, None)
        .await
        .unwrap();
    assert!(!w.access.holds(&first.assignment()));
    assert_eq!(
        w.scheduler.of(&first.assignment()),
        vec![
            Planned::new(ScheduledAction::Grant, start),
            Planned::new(ScheduledAction::Revoke, end),
        ]
    );
}

#[tokio::test]
async fn standing_access_is_not_scheduled_over_nor_taken_over_at_the_start() {
    let w = World::new();
    let r = asked_in(&w, 1).await;
    fire_grant(&w, &r.assignment()); // alice has it directly
    let err = approve_by(&w, "bob", &r).await.unwrap_err();
    assert!(err.to_string().contains("already holds"), "{err}");
    assert_eq!(status(&w, &r.id).await, Status::Failed);
    assert!(
        w.scheduler.of(&r.assignment()).is_empty(),
        "nothing may grant or delete it"
    );

    // At the start, and every reconcile after, the standing access is still nobody's to end.
    w.clock.advance(SignedDuration::from_mins(61));
    let report = pass(&w.svc, &w.policy, false).await.unwrap();
    assert_ne!(
        status(&w, &r.id).await,
        Status::Active,
        "{:?}",
        report.items
    );
    w.clock.advance(SignedDuration::from_hours(3));
    pass(&w.svc, &w.policy, false).await.unwrap();
    assert!(w.access.holds(&r.assignment()));
    assert_eq!(w.access.count("delete"), 0);
    assert_eq!(w.access.count("create"), 0);
}

#[tokio::test]
async fn a_start_in_the_past_or_with_break_glass_is_refused() {
    let w = World::new();
    let past = RequestInput {
        start: Some(w.clock.0.lock().unwrap().to_owned() - SignedDuration::from_hours(1)),
        ..input("Admin")
    };
    let e = submit(&w.svc, &w.policy, &w.user("alice"), past)
        .await
        .unwrap_err();
    assert!(
        matches!(e, Error::Usage(ref m) if m.contains("in the past")),
        "{e}"
    );
    let bg = RequestInput {
        break_glass: true,
        ..starting_in(&w, 1)
    };
    let e = submit(&w.svc, &w.policy, &w.user("alice"), bg)
        .await
        .unwrap_err();
    assert!(
        matches!(e, Error::Usage(ref m) if m.contains("--break-glass")),
        "{e}"
    );
    // A start within the minute is now.
    let now = RequestInput {
        start: Some(
            parse_start(
                "+30s",
                w.clock.0.lock().unwrap().to_owned(),
                &jiff::tz::TimeZone::UTC,
            )
            .unwrap(),
        ),
        ..input("Admin")
    };
    let r = submit(&w.svc, &w.policy, &w.user("alice"), now)
        .await
        .unwrap()
        .request;
    assert_eq!(r.start_at, None);
}

#[tokio::test]
async fn a_scheduled_request_is_not_cancelled_when_its_schedules_cannot_be_removed() {
    let w = World::new();
    let r = asked_in(&w, 2).await;
    let s = approve_as(&w, "bob", &r).await.request;
    *w.scheduler.fail.lock().unwrap() = true;
    let e = cancel(&w.svc, &w.user("alice"), &s.id).await.unwrap_err();
    assert!(
        matches!(e, Error::Denied(ref m) if m.contains("elevate revoke")),
        "{e}"
    );
    *w.scheduler.fail.lock().unwrap() = false;
    let still = w.svc.store.get(&s.id).await.unwrap().unwrap();
    assert_eq!(
        still.status,
        Status::Approved,
        "a cancelled request must not be granted by its schedule"
    );
    assert_eq!(w.scheduler.of(&s.assignment()).len(), 2);
}

/// A request the pass cannot read now (KMS unreachable, the ledger failing) may still hold its
/// schedules: they are kept and reported, never deleted as orphans.
#[tokio::test]
async fn schedules_are_kept_while_the_request_holding_them_cannot_be_read() {
    let w = World::new();
    let r = asked_in(&w, 2).await;
    let s = approve_as(&w, "bob", &r).await.request;
    assert_eq!(w.scheduler.of(&s.assignment()).len(), 2);
    *w.sealer.down.lock().unwrap() = true;
    let report = pass(&w.svc, &w.policy, false).await;
    *w.sealer.down.lock().unwrap() = false;
    assert_eq!(
        w.scheduler.of(&s.assignment()).len(),
        2,
        "the start and end of an approved request are not orphans: {report:?}"
    );
    if let Ok(report) = report {
        assert!(report.needs_attention() > 0, "{report:?}");
    }
    let again = pass(&w.svc, &w.policy, false).await.unwrap();
    assert!(again.orphan_schedules.is_empty(), "{again:?}");
    assert_eq!(w.scheduler.of(&s.assignment()).len(), 2);
}

#[tokio::test]
async fn reconcile_removes_a_schedule_left_by_a_revocation_and_keeps_those_still_needed() {
    let w = World::new();
    let gone = active(&w, "alice").await;
    let kept = active(&w, "dave").await;
    // The scheduler fails just as alice's elevation is revoked: her revocation schedule stays.
    *w.scheduler.fail.lock().unwrap() = true;
    revoke(&w.svc, &w.user("alice"), &gone.id, None)
        .await
        .unwrap();
    *w.scheduler.fail.lock().unwrap() = false;
    assert_eq!(w.scheduler.of(&gone.assignment()).len(), 1);

    let dry = pass(&w.svc, &w.policy, true).await.unwrap();
    assert_eq!(dry.orphan_schedules.len(), 1, "{dry:?}");
    assert!(dry.orphan_schedules[0].result.starts_with("would delete"));
    assert_eq!(w.scheduler.of(&gone.assignment()).len(), 1);

    let report = pass(&w.svc, &w.policy, false).await.unwrap();
    assert_eq!(report.orphan_schedules.len(), 1, "{report:?}");
    assert_eq!(report.needs_attention(), 0);
    assert!(w.scheduler.of(&gone.assignment()).is_empty());
    assert_eq!(
        w.scheduler.of(&kept.assignment()).len(),
        1,
        "dave's elevation still needs its revocation"
    );
    let again = pass(&w.svc, &w.policy, false).await.unwrap();
    assert!(again.orphan_schedules.is_empty());
}

#[tokio::test]
async fn a_start_more_than_a_year_ahead_is_refused_and_writes_nothing() {
    let w = World::new();
    let now = w.clock.0.lock().unwrap().to_owned();
    for start in [
        "9999-12-30T21:00:00Z".parse().unwrap(),
        jiff::Timestamp::MAX,
        now + SignedDuration::from_hours(366 * 24),
    ] {
        let far = RequestInput {
            start: Some(start),
            ..input("Admin")
        };
        let e = submit(&w.svc, &w.policy, &w.user("alice"), far)
            .await
            .unwrap_err();
        assert!(
            matches!(e, Error::Usage(ref m) if m.contains("--start") && m.contains("more than a year ahead")),
            "{start}: {e}"
        );
    }
    let all = w
        .svc
        .store
        .list(&crate::store::Query::default())
        .await
        .unwrap();
    assert!(all.is_empty(), "{all:?}");
}
