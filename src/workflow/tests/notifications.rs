//! What people are told, and that a failed notification changes nothing.

use super::*;

#[tokio::test]
async fn people_are_told_what_happened_and_a_failed_notification_changes_nothing() {
    use crate::domain::notify::Topic;
    let w = World::new();
    let a = active(&w, "alice").await;
    revoke(&w.svc, &w.user("alice"), &a.id, None).await.unwrap();
    let topics: Vec<Topic> = w
        .notifier
        .sent
        .lock()
        .unwrap()
        .iter()
        .map(|n| n.event)
        .collect();
    assert_eq!(
        topics,
        [
            Topic::Requested,
            Topic::Approved,
            Topic::Granted,
            Topic::Ended
        ]
    );
    let command = w.notifier.sent.lock().unwrap()[0].command.clone();
    assert_eq!(command, Some(format!("elevate approve {}", a.id)));

    // The channel is down: the grant still happens and is recorded.
    *w.notifier.fail.lock().unwrap() = true;
    let b = active(&w, "alice").await;
    assert_eq!(b.status, Status::Active);
    assert!(w.access.holds(&b.assignment()));
    // Each notification not sent is recorded with the request and the event it was about.
    let shown = crate::workflow::show::show(w.svc.store.as_ref(), &b.id)
        .await
        .unwrap();
    let about: Vec<(u64, Topic, &str)> = shown
        .undelivered
        .iter()
        .map(|u| (u.event_seq, u.event, u.failure.channel.as_str()))
        .collect();
    assert_eq!(
        about,
        [
            (1, Topic::Requested, "sns"),
            (2, Topic::Approved, "sns"),
            (4, Topic::Granted, "sns")
        ]
    );
    assert_eq!(shown.events[3].kind, EventKind::Granted);
}
