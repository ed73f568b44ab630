//! What `list` shows for each scope.

use super::*;

#[tokio::test]
async fn listing_scopes() {
    let w = World::new();
    let mine = pending(&w, "alice", "Admin").await;
    let daves = pending(&w, "dave", "Admin").await;
    let all = |scope| ListInput {
        scope,
        statuses: vec![],
        account_id: None,
        limit: None,
    };
    let alice = w.user("alice");
    let got = list(w.svc.store.as_ref(), Some(&alice), all(Scope::Mine))
        .await
        .unwrap();
    assert_eq!(got.iter().map(|r| &r.id).collect::<Vec<_>>(), [&mine.id]);
    // dave approves, but not his own.
    let dave = w.user("dave");
    let got = list(w.svc.store.as_ref(), Some(&dave), all(Scope::ToApprove))
        .await
        .unwrap();
    assert_eq!(got.iter().map(|r| &r.id).collect::<Vec<_>>(), [&mine.id]);
    let bob = w.user("bob");
    assert_eq!(
        list(w.svc.store.as_ref(), Some(&bob), all(Scope::ToApprove))
            .await
            .unwrap()
            .len(),
        2
    );
    approve(&w.svc, &w.policy, &bob, &daves.id, None, Intent::Approve)
        .await
        .unwrap();
    let active = list(w.svc.store.as_ref(), None, all(Scope::Active))
        .await
        .unwrap();
    assert_eq!(
        active.iter().map(|r| &r.id).collect::<Vec<_>>(),
        [&daves.id]
    );
    let by_status = ListInput {
        scope: Scope::All,
        statuses: vec![Status::Pending],
        account_id: None,
        limit: None,
    };
    assert_eq!(
        list(w.svc.store.as_ref(), None, by_status)
            .await
            .unwrap()
            .len(),
        1
    );
}
