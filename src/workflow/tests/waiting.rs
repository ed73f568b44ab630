//! Waiting for a request to settle, and asking again (idempotency keys, open requests).

use super::*;

#[tokio::test(start_paused = true)]
async fn waiting_ends_active_rejected_or_timed_out() {
    use std::time::Duration;
    let w = World::new();
    let r = pending(&w, "alice", "Admin").await;
    let store = w.svc.store.clone();
    let id = r.id.clone();
    let waiter = tokio::spawn(async move {
        let mut seen = Vec::new();
        let out = crate::workflow::wait::until_active(
            store.as_ref(),
            &id,
            Duration::from_secs(20),
            &mut |r| seen.push(r.status),
        )
        .await;
        (out, seen)
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    approve_as(&w, "bob", &r).await;
    let (out, seen) = waiter.await.unwrap();
    assert_eq!(out.unwrap().status, Status::Active);
    assert_eq!(seen.first(), Some(&Status::Pending));
    revoke(&w.svc, &w.user("alice"), &r.id, None).await.unwrap();

    let r = pending(&w, "alice", "Admin").await;
    reject(&w.svc, &w.policy, &w.user("carol"), &r.id, "not now")
        .await
        .unwrap();
    let e = crate::workflow::wait::until_active(
        w.svc.store.as_ref(),
        &r.id,
        Duration::from_secs(5),
        &mut |_| {},
    )
    .await
    .unwrap_err();
    assert_eq!(e.exit_code(), 4, "{e}");
    assert!(e.to_string().contains("by user:carol: not now"), "{e}");

    let r = pending(&w, "alice", "Admin").await;
    let e = crate::workflow::wait::until_active(
        w.svc.store.as_ref(),
        &r.id,
        Duration::from_millis(600),
        &mut |_| {},
    )
    .await
    .unwrap_err();
    assert_eq!(e.exit_code(), 5, "{e}");
    assert!(e.to_string().contains("still pending"), "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_idempotency_key_never_asks_twice_even_when_retries_race() {
    let w = std::sync::Arc::new(World::new());
    let keyed = || RequestInput {
        idempotency_key: Some("gh-run-4242".into()),
        ..input("Admin")
    };
    let first = submit(&w.svc, &w.policy, &w.user("alice"), keyed())
        .await
        .unwrap();
    let again = submit(&w.svc, &w.policy, &w.user("alice"), keyed())
        .await
        .unwrap();
    assert_eq!(again.request.id, first.request.id);
    assert!(
        again.notices[0].contains("already used"),
        "{:?}",
        again.notices
    );
    // Eight retries at once, with a new key: one request.
    let racing: Vec<_> = (0..8)
        .map(|_| {
            let w = w.clone();
            tokio::spawn(async move {
                let input = RequestInput {
                    idempotency_key: Some("gh-run-4243".into()),
                    ..input("Admin")
                };
                submit(&w.svc, &w.policy, &w.user("alice"), input)
                    .await
                    .unwrap()
                    .request
                    .id
            })
        })
        .collect();
    let mut ids = Vec::new();
    for t in racing {
        ids.push(t.await.unwrap());
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "{ids:?}");
    let all = w
        .svc
        .store
        .list(&crate::store::Query::default())
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
    // The same key for something else is refused, not silently answered with the old request.
    let other = RequestInput {
        idempotency_key: Some("gh-run-4242".into()),
        ..input("ReadOnly")
    };
    let e = submit(&w.svc, &w.policy, &w.user("alice"), other)
        .await
        .unwrap_err();
    assert!(
        matches!(e, Error::Conflict(ref m) if m.contains("already used")),
        "{e}"
    );
    // Keys are per caller: dave's gh-run-4242 is his own.
    let dave = submit(&w.svc, &w.policy, &w.user("dave"), keyed())
        .await
        .unwrap();
    assert_ne!(dave.request.id, first.request.id);
}

#[tokio::test]
async fn asking_again_for_open_access_returns_the_open_request() {
    // The requester grants break-glass with their own credentials here: an unsealed ledger.
    let w = World::new().unsealed();
    let policy = with_break_glass(&w);
    let count = |w: &World| {
        let store = w.svc.store.clone();
        async move {
            store
                .list(&crate::store::Query::default())
                .await
                .unwrap()
                .len()
        }
    };
    let first = submit(&w.svc, &policy, &w.user("alice"), input("Admin"))
        .await
        .unwrap()
        .request;
    // A retry, even from another of alice's sessions (another role ARN, the same user).
    let mut elsewhere = w.user("alice");
    elsewhere.arn = elsewhere
        .arn
        .replace("AWSReservedSSO_Admin", "AWSReservedSSO_Dev");
    let again = submit(&w.svc, &policy, &elsewhere, input("Admin"))
        .await
        .unwrap();
    assert_eq!(again.request.id, first.id);
    assert!(
        again.notices[0].contains("nothing new was requested")
            && again.notices[0].contains(&format!("elevate extend {}", first.id)),
        "{:?}",
        again.notices
    );
    assert_eq!(count(&w).await, 1);
    // Other access, or the same access for a window that does not overlap, is a new request.
    submit(&w.svc, &policy, &w.user("alice"), input("ReadOnly"))
        .await
        .unwrap();
    let tomorrow = submit(&w.svc, &policy, &w.user("alice"), starting_in(&w, 24))
        .await
        .unwrap()
        .request;
    assert_ne!(tomorrow.id, first.id);
    assert_eq!(count(&w).await, 3);
    // A request of another caller for the same principal is theirs, not this one's retry.
    let ci = pending_via_ci(&w, 1, "alice").await;
    assert_ne!(ci.id, first.id);
    // Break-glass is not held up by a request still waiting for approval ...
    let glass = RequestInput {
        break_glass: true,
        ..input("Admin")
    };
    let bg = submit(&w.svc, &policy, &w.user("alice"), glass.clone())
        .await
        .unwrap()
        .request;
    assert_ne!(bg.id, first.id);
    assert_eq!(bg.status, Status::Active);
    // ... but a retried break-glass request does not grant twice.
    let creates = w.access.count("create");
    let bg_again = submit(&w.svc, &policy, &w.user("alice"), glass)
        .await
        .unwrap()
        .request;
    assert_eq!(bg_again.id, bg.id);
    assert_eq!(w.access.count("create"), creates);
    // Once it has ended, asking again is a new request.
    revoke(&w.svc, &w.user("alice"), &bg.id, None)
        .await
        .unwrap();
    cancel(&w.svc, &w.user("alice"), &first.id).await.unwrap();
    let fresh = submit(&w.svc, &policy, &w.user("alice"), input("Admin"))
        .await
        .unwrap()
        .request;
    assert!(fresh.id != first.id && fresh.id != bg.id);
}
