//! Granting: standing and shared access, failures and retries, races, and the decision
//! rechecked.

use super::*;

#[tokio::test]
async fn standing_access_is_neither_granted_over_nor_removed() {
    let w = World::new();
    let r = pending(&w, "alice", "Admin").await;
    // alice already had Admin on the account, directly: nothing in the ledger explains it.
    w.access
        .assignments
        .lock()
        .unwrap()
        .insert(r.assignment().key(), r.assignment());
    let err = approve_by(&w, "bob", &r).await.unwrap_err();
    assert_eq!(err.exit_code(), 3, "{err}");
    assert!(err.to_string().contains("already holds"), "{err}");
    let failed = w.svc.store.get(&r.id).await.unwrap().unwrap();
    assert_eq!(failed.status, Status::Failed);
    assert_eq!(failed.failure.unwrap().phase, FailurePhase::Grant);
    assert_eq!(failed.prior_access, None, "it never began a grant");
    assert_eq!(w.access.count("create"), 0, "nothing to create");
    assert_eq!(
        w.scheduler.at(&r.assignment()),
        None,
        "a schedule would delete access alice had"
    );
    // A second request for it is refused the same way, before it is approved or after.
    let second = pending(&w, "alice", "Admin").await;
    let err = approve_by(&w, "carol", &second).await.unwrap_err();
    assert!(err.to_string().contains("already holds"), "{err}");
    // Revoking the failed request, and every reconcile after, leave the standing access alone.
    revoke(&w.svc, &w.user("alice"), &r.id, None).await.unwrap();
    w.clock.advance(SignedDuration::from_hours(3));
    pass(&w.svc, &w.policy, false).await.unwrap();
    assert!(
        w.access.holds(&r.assignment()),
        "standing access was removed"
    );
    assert_eq!(w.access.count("delete"), 0);
}

#[tokio::test]
async fn overlapping_elevations_keep_the_assignment_until_the_last_ends() {
    let w = World::new();
    let first = active(&w, "alice").await;
    let second = active_via_ci(&w, 1, "alice").await;
    assert_eq!(
        second.prior_access,
        Some(false),
        "inherited from the first, not pre-existing"
    );
    assert_eq!(
        w.access.count("create"),
        1,
        "the assignment existed for the second"
    );
    revoke(&w.svc, &w.user("alice"), &first.id, None)
        .await
        .unwrap();
    assert!(
        w.access.holds(&first.assignment()),
        "removed while the second was active"
    );
    revoke(&w.svc, &w.user("alice"), &second.id, None)
        .await
        .unwrap();
    assert!(!w.access.holds(&first.assignment()));
    assert_eq!(w.access.count("delete"), 1);
}

#[tokio::test]
async fn a_failed_creation_is_recorded_and_can_be_retried() {
    let w = World::new();
    let r = pending(&w, "alice", "Admin").await;
    w.access
        .create_outcomes
        .lock()
        .unwrap()
        .push_back(Ok(Provisioning::Failed(
            "Received a 404 status error: Not supported policy arn:aws:iam::aws:policy/Nope".into(),
        )));
    let err = approve_by(&w, "bob", &r).await.unwrap_err();
    assert!(matches!(err, Error::ProvisioningFailed(_)), "{err}");
    assert_eq!(err.exit_code(), 1);
    assert!(err.to_string().contains("Not supported policy"), "{err}");
    let failed = w.svc.store.get(&r.id).await.unwrap().unwrap();
    assert_eq!(failed.status, Status::Failed);
    let f = failed.failure.unwrap();
    assert_eq!(f.phase, FailurePhase::Grant);
    assert!(f.reason.contains("Not supported policy"));
    assert!(!w.access.holds(&r.assignment()));

    // Approving again is not how to retry; the error says what is.
    let err = approve_by(&w, "carol", &r).await.unwrap_err();
    assert!(err.to_string().contains("--finish"), "{err}");
    // Retrying (the fault fixed) grants it.
    let retried = approve(
        &w.svc,
        &w.policy,
        &w.user("carol"),
        &r.id,
        None,
        Intent::Finish,
    )
    .await
    .unwrap();
    assert_eq!(retried.request.status, Status::Active);
    assert!(w.access.holds(&r.assignment()));
    verify_chain(&w.svc.store.events(&r.id).await.unwrap()).unwrap();
}

#[tokio::test]
async fn an_approver_who_arrives_after_the_approval_gets_an_error_not_a_grant() {
    let w = World::new();
    let r = pending(&w, "alice", "Admin").await;
    // bob's approval lands; the grant has not happened yet (interrupted).
    approved_by_bob(&w, &r).await;
    let err = approve_by(&w, "carol", &r).await.unwrap_err();
    assert!(matches!(err, Error::Conflict(_)), "{err}");
    assert!(
        err.to_string().contains("already approved (by user:bob"),
        "{err}"
    );
    assert_eq!(w.access.count("create"), 0);
    // Finishing is explicit: not by the requester of a request people had to approve (she would
    // record whether the access pre-existed), but by an approver who is not party to it.
    let own = approve(
        &w.svc,
        &w.policy,
        &w.user("alice"),
        &r.id,
        None,
        Intent::Finish,
    )
    .await
    .unwrap_err();
    assert!(matches!(own, Error::Denied(_)), "{own}");
    let done = approve(
        &w.svc,
        &w.policy,
        &w.user("carol"),
        &r.id,
        None,
        Intent::Finish,
    )
    .await
    .unwrap();
    assert_eq!(done.request.status, Status::Active);
    let err = approve(
        &w.svc,
        &w.policy,
        &w.user("erin"),
        &r.id,
        None,
        Intent::Finish,
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("is active"), "{err}");
}

#[tokio::test]
async fn a_cancel_between_approval_and_grant_wins_and_the_grant_says_so() {
    let w = World::new();
    let r = pending(&w, "alice", "Admin").await;
    approved_by_bob(&w, &r).await;
    // The requester withdraws it before the grant starts...
    cancel(&w.svc, &w.user("alice"), &r.id).await.unwrap();
    // ...so the approver's grant does nothing, and says why.
    let err = grant(
        &w.svc,
        &w.policy,
        &r.id,
        &approver(&w, "bob"),
        OnDenied::RecordFailure,
    )
    .await
    .unwrap_err();
    assert!(matches!(err, Error::Conflict(_)), "{err}");
    assert!(err.to_string().contains("cancelled by user:alice"), "{err}");
    assert!(err.to_string().contains("nothing was granted"), "{err}");
    assert_eq!(w.access.count("create"), 0);
}

#[tokio::test]
async fn an_iam_refusal_while_granting_is_recorded_and_exits_3() {
    let w = World::new();
    let r = pending(&w, "alice", "Admin").await;
    w.access
        .create_outcomes
        .lock()
        .unwrap()
        .push_back(Err(ServiceError {
            service: "sso-admin",
            operation: "CreateAccountAssignment",
            kind: ServiceErrorKind::AccessDenied,
            message: "not authorized".into(),
        }));
    let err = approve_by(&w, "bob", &r).await.unwrap_err();
    assert_eq!(err.exit_code(), 3, "{err}");
    assert_eq!(
        w.svc.store.get(&r.id).await.unwrap().unwrap().status,
        Status::Failed
    );
}

#[tokio::test]
async fn a_grant_the_service_failed_says_how_to_retry_it() {
    let w = World::new();
    let r = pending(&w, "alice", "Admin").await;
    w.access
        .create_outcomes
        .lock()
        .unwrap()
        .push_back(Err(ServiceError {
            service: "sso-admin",
            operation: "CreateAccountAssignment",
            kind: ServiceErrorKind::Unavailable,
            message: "HTTP 503 without an error code, still after retrying".into(),
        }));
    let err = approve_by(&w, "bob", &r).await.unwrap_err();
    assert_eq!(err.exit_code(), 1, "{err}");
    let text = err.to_string();
    assert!(
        text.contains("CreateAccountAssignment failed: HTTP 503"),
        "{text}"
    );
    // Not "run the command again": approving again only says the grant failed.
    assert!(
        text.contains(&format!("elevate approve --finish {}", r.id)),
        "{text}"
    );
    assert!(!text.contains("run the command again"), "{text}");
    let failed = w.svc.store.get(&r.id).await.unwrap().unwrap();
    assert_eq!(failed.status, Status::Failed);
    assert!(failed.failure.unwrap().reason.contains("HTTP 503"));

    // Doing what it says grants it.
    let retried = approve(
        &w.svc,
        &w.policy,
        &w.user("bob"),
        &r.id,
        None,
        Intent::Finish,
    )
    .await
    .unwrap();
    assert_eq!(retried.request.status, Status::Active);
    assert!(w.access.holds(&r.assignment()));
}

#[tokio::test]
async fn a_failed_deletion_keeps_the_request_failed_until_retried() {
    let w = World::new();
    let a = active(&w, "alice").await;
    w.access
        .delete_outcomes
        .lock()
        .unwrap()
        .push_back(Ok(Provisioning::Failed("internal failure".into())));
    let err = revoke(&w.svc, &w.user("alice"), &a.id, None)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("still in place"), "{err}");
    let failed = w.svc.store.get(&a.id).await.unwrap().unwrap();
    assert_eq!(failed.status, Status::Failed);
    assert_eq!(failed.failure.unwrap().phase, FailurePhase::Revoke);
    assert!(w.access.holds(&a.assignment()));
    let done = revoke(&w.svc, &w.user("alice"), &a.id, None).await.unwrap();
    assert_eq!(done.status, Status::Revoked);
    assert!(!w.access.holds(&a.assignment()));
}

#[tokio::test]
async fn an_interrupted_grant_is_not_mistaken_for_pre_existing_access() {
    let w = World::new();
    let r = pending(&w, "alice", "Admin").await;
    // Approve, record the grant's start, create the assignment, then "crash" before `Granted`.
    let r1 = approved_by_bob(&w, &r).await;
    let bob = approver(&w, "bob");
    let (r2, e2) = r1
        .apply(
            Action::BeginGrant {
                prior_access: false,
            },
            &bob.stamp(&w.svc, None, None),
        )
        .unwrap();
    crate::workflow::commit(&w.svc, &bob, &r2, e2)
        .await
        .unwrap();
    w.access
        .assignments
        .lock()
        .unwrap()
        .insert(r.assignment().key(), r.assignment());

    // The retry finds the assignment but knows it is its own.
    let done = grant(
        &w.svc,
        &w.policy,
        &r.id,
        &approver(&w, "bob"),
        OnDenied::RecordFailure,
    )
    .await
    .unwrap();
    assert_eq!(done.status, Status::Active);
    assert_eq!(done.prior_access, Some(false));
    revoke(&w.svc, &w.user("alice"), &r.id, None).await.unwrap();
    assert!(
        !w.access.holds(&r.assignment()),
        "the elevation's own assignment outlived it"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_approvers_racing_grant_exactly_once() {
    for _ in 0..5 {
        let w = World::new();
        let r = pending(&w, "alice", "Admin").await;
        let (svc_b, svc_c) = (w.second_operator(), w.second_operator());
        let (policy_b, policy_c) = (w.policy.clone(), w.policy.clone());
        let (bob, carol) = (w.user("bob"), w.user("carol"));
        let (id_b, id_c) = (r.id.clone(), r.id.clone());
        let b = tokio::spawn(async move {
            approve(&svc_b, &policy_b, &bob, &id_b, None, Intent::Approve).await
        });
        let c = tokio::spawn(async move {
            approve(&svc_c, &policy_c, &carol, &id_c, None, Intent::Approve).await
        });
        let results = [b.await.unwrap(), c.await.unwrap()];
        let wins = results.iter().filter(|r| r.is_ok()).count();
        assert_eq!(wins, 1, "{results:?}");
        let loser = results.iter().find_map(|r| r.as_ref().err()).unwrap();
        assert!(matches!(loser, Error::Conflict(_)), "{loser}");
        // Lost at the version check, or arrived just after the approval: either way told so.
        let text = loser.to_string();
        assert!(
            text.contains("Nothing was done here") || text.contains("already approved"),
            "{loser}"
        );
        assert_eq!(w.access.count("create"), 1);
        let events = w.svc.store.events(&r.id).await.unwrap();
        assert_eq!(
            events
                .iter()
                .filter(|e| e.kind == EventKind::Approved)
                .count(),
            1
        );
        verify_chain(&events).unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn approve_racing_cancel_has_one_winner_and_no_stray_grant() {
    for _ in 0..5 {
        let w = World::new();
        let r = pending(&w, "alice", "Admin").await;
        let (svc_b, svc_a) = (w.second_operator(), w.second_operator());
        let policy = w.policy.clone();
        let (bob, alice) = (w.user("bob"), w.user("alice"));
        let (id_b, id_a) = (r.id.clone(), r.id.clone());
        let b = tokio::spawn(async move {
            approve(&svc_b, &policy, &bob, &id_b, None, Intent::Approve).await
        });
        let a = tokio::spawn(async move { cancel(&svc_a, &alice, &id_a).await });
        let (approved, cancelled) = (b.await.unwrap(), a.await.unwrap());
        let end = w.svc.store.get(&r.id).await.unwrap().unwrap();
        match end.status {
            Status::Active => {
                assert!(approved.is_ok() && cancelled.is_err());
                assert!(w.access.holds(&r.assignment()));
            }
            Status::Cancelled => {
                assert!(cancelled.is_ok() && approved.is_err(), "{approved:?}");
                assert!(!w.access.holds(&r.assignment()), "granted after the cancel");
            }
            other => panic!("ended {other}: {approved:?} {cancelled:?}"),
        }
        verify_chain(&w.svc.store.events(&r.id).await.unwrap()).unwrap();
    }
}

#[tokio::test]
async fn the_management_account_cannot_be_granted_from_a_delegated_admin() {
    let w = World::with_org(Some("444444444444".into()));
    let mut i = input("Admin");
    i.account = "444444444444".into();
    let err = submit(&w.svc, &w.policy, &w.user("alice"), i.clone())
        .await
        .unwrap_err();
    assert_eq!(err.exit_code(), 3);
    assert!(err.to_string().contains("management account"), "{err}");
    assert!(err.to_string().contains("delegated administrator"), "{err}");
    // From the management account itself it is fine.
    let mut from_mgmt = w.user("alice");
    from_mgmt.account = "444444444444".into();
    assert!(submit(&w.svc, &w.policy, &from_mgmt, i).await.is_ok());
}

#[tokio::test]
async fn approval_rechecks_the_current_policy_and_membership() {
    let w = World::new();
    let r = pending(&w, "alice", "Admin").await;
    // alice left Engineers after asking.
    w.directory.leave_groups("alice");
    let err = approve_by(&w, "bob", &r).await.unwrap_err();
    assert!(err.to_string().contains("no longer allows"), "{err}");
    assert_eq!(w.access.count("create"), 0);
}
