//! Who may decide a request, and what approving, rejecting, cancelling and revoking do.

use super::*;

#[tokio::test]
async fn happy_path_grants_confirms_and_revokes() {
    let w = World::new();
    let submitted = submit(&w.svc, &w.policy, &w.user("alice"), input("Admin"))
        .await
        .unwrap();
    let r = submitted.request;
    assert_eq!(r.status, Status::Pending);
    assert_eq!(r.rules, ["engineers"]);
    assert_eq!(r.policy_version, w.policy.version);
    // The Admin permission set's sessions last 4h, longer than the 2h asked for.
    assert!(
        submitted.notices[0].contains("4h"),
        "{:?}",
        submitted.notices
    );
    assert!(!w.access.holds(&r.assignment()));

    let decided = approve(
        &w.svc,
        &w.policy,
        &w.user("bob"),
        &r.id,
        Some("ok"),
        Intent::Approve,
    )
    .await
    .unwrap();
    let a = decided.request;
    assert_eq!(a.status, Status::Active);
    assert_eq!(a.prior_access, Some(false));
    assert_eq!(
        a.end_at,
        Some(a.granted_at.unwrap() + SignedDuration::from_hours(2))
    );
    assert!(w.access.holds(&r.assignment()));
    assert!(
        decided
            .notices
            .iter()
            .any(|n| n.contains("longer than this elevation"))
    );

    let revoked = revoke(&w.svc, &w.user("alice"), &r.id, Some("done"))
        .await
        .unwrap();
    assert_eq!(revoked.status, Status::Revoked);
    assert!(!w.access.holds(&r.assignment()));

    let events = w.svc.store.events(&r.id).await.unwrap();
    let kinds: Vec<_> = events.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            EventKind::Requested,
            EventKind::Approved,
            EventKind::GrantStarted,
            EventKind::Granted,
            EventKind::Revoked
        ]
    );
    assert_eq!(events[1].actor, "user:bob");
    assert_eq!(events[1].comment.as_deref(), Some("ok"));
    assert_eq!(events[4].comment.as_deref(), Some("done"));
    verify_chain(&events).unwrap();
}

#[tokio::test]
async fn nobody_approves_their_own_request() {
    let w = World::new();
    // dave is an engineer and an approver: still not for his own request.
    let r = pending(&w, "dave", "Admin").await;
    let err = approve_by(&w, "dave", &r).await.unwrap_err();
    assert!(matches!(err, Error::Denied(_)), "{err}");
    assert_eq!(err.exit_code(), 3);
    assert!(err.to_string().contains("you asked for it"), "{err}");
    // Nor through another session of the same user.
    let mut other_session = w.user("dave");
    other_session.arn =
        "arn:aws:sts::999999999999:assumed-role/AWSReservedSSO_Other_0123456789abcdef/dave".into();
    assert!(
        approve(
            &w.svc,
            &w.policy,
            &other_session,
            &r.id,
            None,
            Intent::Approve
        )
        .await
        .is_err()
    );
    assert_eq!(w.access.count("create"), 0);
    assert_eq!(
        w.svc.store.get(&r.id).await.unwrap().unwrap().status,
        Status::Pending
    );
}

#[tokio::test]
async fn members_of_a_beneficiary_group_cannot_approve_it() {
    let w = World::new();
    let ci = w.role("ci-deployer");
    let mut i = input("Admin");
    i.for_principal = Some("group:Ops".parse().unwrap());
    let r = submit(&w.svc, &w.policy, &ci, i).await.unwrap().request;
    assert_eq!(r.principal.name, "Ops");
    assert_eq!(r.requester.arn, ci.arn);
    // erin is in Ops; make her an approver too: she still cannot approve access she would get.
    w.directory.join("erin", "Approvers");
    let err = approve_by(&w, "erin", &r).await.unwrap_err();
    assert!(matches!(err, Error::Denied(_)), "{err}");
    // The CI role itself cannot approve: approvals come from Identity Center users.
    let err = approve(&w.svc, &w.policy, &ci, &r.id, None, Intent::Approve)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("Identity Center users"), "{err}");
    let a = approve_by(&w, "bob", &r).await.unwrap();
    assert_eq!(a.request.status, Status::Active);
}

#[tokio::test]
async fn only_listed_approvers_decide() {
    let w = World::new();
    let r = pending(&w, "alice", "Admin").await;
    let err = approve_by(&w, "erin", &r).await.unwrap_err();
    assert!(err.to_string().contains("group:Approvers"), "{err}");
    let err = reject(&w.svc, &w.policy, &w.user("erin"), &r.id, "no")
        .await
        .unwrap_err();
    assert_eq!(err.exit_code(), 3);
}

#[tokio::test]
async fn who_the_access_is_for() {
    let w = World::new();
    // An Identity Center user may not name someone else.
    let mut i = input("Admin");
    i.for_principal = Some("user:erin".parse().unwrap());
    let err = submit(&w.svc, &w.policy, &w.user("alice"), i)
        .await
        .unwrap_err();
    assert_eq!(err.exit_code(), 2, "{err}");
    // A role must name someone.
    let err = submit(&w.svc, &w.policy, &w.role("ci"), input("Admin"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Missing { flag: "--for", .. }), "{err}");
    // Names that do not exist are not found.
    let mut i = input("Admin");
    i.for_principal = Some("user:nobody".parse::<PrincipalRef>().unwrap());
    let err = submit(&w.svc, &w.policy, &w.role("ci"), i)
        .await
        .unwrap_err();
    assert_eq!(err.exit_code(), 6, "{err}");
}

#[tokio::test]
async fn policy_refusals_write_nothing() {
    let w = World::new();
    let cases = [
        ("erin", "ReadOnly", Some(2), "deploy hotfix", 3), // no rule
        ("alice", "Admin", Some(5), "deploy hotfix", 3),   // over the rule's 4h
        ("alice", "Admin", Some(1), "hm", 3),              // reason too short
        ("alice", "Nope", Some(1), "deploy hotfix", 6),    // unknown permission set
    ];
    for (who, ps, hours, reason, code) in cases {
        let mut i = input(ps);
        i.duration = hours.map(SignedDuration::from_hours);
        i.reason = reason.into();
        let err = submit(&w.svc, &w.policy, &w.user(who), i)
            .await
            .unwrap_err();
        assert_eq!(err.exit_code(), code, "{who} {ps}: {err}");
    }
    let mut bad = input("Admin");
    bad.account = "12345".into();
    assert_eq!(
        submit(&w.svc, &w.policy, &w.user("alice"), bad)
            .await
            .unwrap_err()
            .exit_code(),
        2
    );
    let all = list(
        w.svc.store.as_ref(),
        None,
        ListInput {
            scope: Scope::All,
            statuses: vec![],
            account_id: None,
            limit: None,
        },
    )
    .await
    .unwrap();
    assert!(all.is_empty());
}

#[tokio::test]
async fn quorum_grants_on_the_second_distinct_approval() {
    let w = World::new();
    let r = pending(&w, "alice", "ReadOnly").await;
    let first = approve_by(&w, "bob", &r).await.unwrap();
    assert_eq!(first.request.status, Status::Pending);
    assert!(first.notices.iter().any(|n| n.contains("1 of 2")));
    assert_eq!(w.access.count("create"), 0);
    let again = approve_by(&w, "bob", &r).await.unwrap_err();
    assert!(again.to_string().contains("once per person"), "{again}");
    let second = approve_by(&w, "carol", &r).await.unwrap();
    assert_eq!(second.request.status, Status::Active);
    assert_eq!(w.access.count("create"), 1);
}

#[tokio::test]
async fn reject_and_cancel() {
    let w = World::new();
    let r = pending(&w, "alice", "Admin").await;
    let rejected = reject(
        &w.svc,
        &w.policy,
        &w.user("bob"),
        &r.id,
        "not during the freeze",
    )
    .await
    .unwrap();
    assert_eq!(rejected.status, Status::Rejected);
    let err = approve_by(&w, "carol", &r).await.unwrap_err();
    assert!(err.to_string().contains("rejected"), "{err}");

    let r = pending(&w, "alice", "Admin").await;
    let err = cancel(&w.svc, &w.user("bob"), &r.id).await.unwrap_err();
    assert_eq!(err.exit_code(), 3);
    assert_eq!(
        cancel(&w.svc, &w.user("alice"), &r.id)
            .await
            .unwrap()
            .status,
        Status::Cancelled
    );

    // Once granted, cancel points at revoke.
    let a = active(&w, "alice").await;
    let err = cancel(&w.svc, &w.user("alice"), &a.id).await.unwrap_err();
    assert!(err.to_string().contains("elevate revoke"), "{err}");
    assert_eq!(w.access.count("create"), 1);
}

#[tokio::test]
async fn revoke_authority() {
    let w = World::new();
    let a = active(&w, "alice").await;
    let err = revoke(&w.svc, &w.user("erin"), &a.id, None)
        .await
        .unwrap_err();
    assert_eq!(err.exit_code(), 3);
    // Any approver may stop it.
    let r = revoke(&w.svc, &w.user("carol"), &a.id, None).await.unwrap();
    assert_eq!(r.status, Status::Revoked);
    let err = revoke(&w.svc, &w.user("carol"), &a.id, None)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("nothing to revoke"), "{err}");
}
