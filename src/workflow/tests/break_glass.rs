//! Break-glass elevations and their review.

use super::*;

#[tokio::test]
async fn break_glass_is_granted_at_once_then_reviewed_once_by_an_approver() {
    let w = World::new();
    let policy = with_break_glass(&w);
    let input = RequestInput {
        break_glass: true,
        ..input("Admin")
    };
    let submitted = submit(&w.svc, &policy, &w.user("alice"), input)
        .await
        .unwrap();
    // No approval needed; on a sealed ledger the requester cannot seal a grant, so the executor
    // carries it out on its next pass.
    assert_eq!(submitted.request.status, Status::Approved);
    assert!(
        submitted.notices.iter().any(|n| n.contains("executor")),
        "{:?}",
        submitted.notices
    );
    assert!(!w.access.holds(&submitted.request.assignment()));
    pass(&w.svc, &policy, false).await.unwrap();
    let r = crate::workflow::load(&w.svc, &submitted.request.id)
        .await
        .unwrap();
    assert_eq!(r.status, Status::Active, "granted by the executor");
    let unreviewed = |w: &World| {
        let store = w.svc.store.clone();
        async move {
            list(
                store.as_ref(),
                None,
                ListInput {
                    scope: Scope::Unreviewed,
                    statuses: vec![],
                    account_id: None,
                    limit: None,
                },
            )
            .await
            .unwrap()
        }
    };
    assert_eq!(unreviewed(&w).await.len(), 1);
    // Not by the person who used it, nor by a caller who is not a person.
    let own = crate::workflow::review::review(&w.svc, &policy, &w.user("alice"), &r.id, "fine")
        .await
        .unwrap_err();
    assert!(matches!(own, Error::Denied(_)), "{own}");
    let stranger = crate::workflow::review::review(&w.svc, &policy, &w.role("ci"), &r.id, "fine")
        .await
        .unwrap_err();
    assert!(matches!(stranger, Error::Denied(_)), "{stranger}");
    let reviewed =
        crate::workflow::review::review(&w.svc, &policy, &w.user("bob"), &r.id, "INC-9 confirmed")
            .await
            .unwrap();
    assert_eq!(reviewed.review.as_ref().unwrap().by, "user:bob");
    assert!(unreviewed(&w).await.is_empty());
    let again = crate::workflow::review::review(&w.svc, &policy, &w.user("carol"), &r.id, "me too")
        .await
        .unwrap_err();
    assert!(
        again.to_string().contains("already reviewed by user:bob"),
        "{again}"
    );
}
