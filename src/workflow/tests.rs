//! Scenario tests of the use cases against fakes of the AWS ports and the real SQLite ledger.

use jiff::SignedDuration;

use super::approve::{Intent, approve};
use super::cancel::cancel;
use super::fakes::group;
use super::fakes::*;
use super::list::{ListInput, Scope, list};
use super::ports::{Provisioning, ServiceError, ServiceErrorKind};
use super::provision::{OnDenied, grant};
use super::reconcile::{Options, Report, Runner, reconcile};
use super::reject::reject;
use super::request::{RequestInput, submit};
use super::revoke::revoke;
use crate::domain::ledger::{Capacity, verify_chain};
use crate::domain::{
    Action, Actor, Assignment, EventKind, FailurePhase, PrincipalRef, Request, Status,
};
use crate::error::Error;

/// One reconcile pass by the executor.
async fn pass(
    svc: &super::Services,
    policy: &crate::domain::Policy,
    dry_run: bool,
) -> crate::error::Result<Report> {
    let executor = Actor {
        arn: "arn:aws:sts::999999999999:assumed-role/elevate-executor/session".into(),
        id: role_id("elevate-executor", "session"),
        account: ADMIN_ACCOUNT.into(),
        user: None,
    };
    reconcile(
        svc,
        policy,
        &Runner::of(&executor),
        Options {
            dry_run,
            quick: false,
        },
    )
    .await
}

/// `who` as the approver carrying out a grant.
fn approver(w: &World, who: &str) -> super::Author {
    super::Author::new(&w.user(who), Capacity::Approver)
}

fn input(ps: &str) -> RequestInput {
    RequestInput {
        account: DEV.into(),
        permission_set: ps.into(),
        duration: Some(SignedDuration::from_hours(2)),
        reason: "deploy hotfix for INC-7".into(),
        ticket: None,
        for_principal: None,
        break_glass: false,
        start: None,
        idempotency_key: None,
    }
}

async fn pending(w: &World, who: &str, ps: &str) -> Request {
    submit(&w.svc, &w.policy, &w.user(who), input(ps))
        .await
        .unwrap()
        .request
}

/// bob's approval, written directly: the state an approval leaves before its grant runs.
async fn approved_by_bob(w: &World, r: &Request) -> Request {
    let bob = approver(w, "bob");
    let (approved, event) = r
        .apply(
            Action::Approve {
                by: "user:bob".into(),
                user_id: "u-bob".into(),
                counts_for: vec!["engineers".into()],
            },
            &bob.stamp(&w.svc, None, None),
        )
        .unwrap();
    super::commit(&w.svc, &bob, &approved, event).await.unwrap();
    approved
}

/// A CI job's request for `who`: another requester, so it does not stand for a retry of
/// `who`'s own request. Each run is a different role session.
async fn pending_via_ci(w: &World, run: u32, who: &str) -> Request {
    let mut ci = w.role("ci");
    ci.arn = ci.arn.replace("/session", &format!("/run-{run}"));
    ci.id = role_id("ci", &format!("run-{run}"));
    let mut i = input("Admin");
    i.for_principal = Some(format!("user:{who}").parse().unwrap());
    submit(&w.svc, &w.policy, &ci, i).await.unwrap().request
}

/// A second elevation of the same assignment, made while the first is open.
async fn active_via_ci(w: &World, run: u32, who: &str) -> Request {
    let r = pending_via_ci(w, run, who).await;
    approve_active(w, r).await
}

async fn active(w: &World, who: &str) -> Request {
    let r = pending(w, who, "Admin").await;
    approve_active(w, r).await
}

async fn approve_active(w: &World, r: Request) -> Request {
    approve(
        &w.svc,
        &w.policy,
        &w.user("bob"),
        &r.id,
        None,
        Intent::Approve,
    )
    .await
    .unwrap()
    .request
}

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
    let err = approve(
        &w.svc,
        &w.policy,
        &w.user("dave"),
        &r.id,
        None,
        Intent::Approve,
    )
    .await
    .unwrap_err();
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
    {
        let mut users = w.directory.users.lock().unwrap();
        users
            .get_mut("erin")
            .unwrap()
            .groups
            .push(group("Approvers"));
    }
    let err = approve(
        &w.svc,
        &w.policy,
        &w.user("erin"),
        &r.id,
        None,
        Intent::Approve,
    )
    .await
    .unwrap_err();
    assert!(matches!(err, Error::Denied(_)), "{err}");
    // The CI role itself cannot approve: approvals come from Identity Center users.
    let err = approve(&w.svc, &w.policy, &ci, &r.id, None, Intent::Approve)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("Identity Center users"), "{err}");
    let a = approve(
        &w.svc,
        &w.policy,
        &w.user("bob"),
        &r.id,
        None,
        Intent::Approve,
    )
    .await
    .unwrap();
    assert_eq!(a.request.status, Status::Active);
}

#[tokio::test]
async fn only_listed_approvers_decide() {
    let w = World::new();
    let r = pending(&w, "alice", "Admin").await;
    let err = approve(
        &w.svc,
        &w.policy,
        &w.user("erin"),
        &r.id,
        None,
        Intent::Approve,
    )
    .await
    .unwrap_err();
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
    let first = approve(
        &w.svc,
        &w.policy,
        &w.user("bob"),
        &r.id,
        None,
        Intent::Approve,
    )
    .await
    .unwrap();
    assert_eq!(first.request.status, Status::Pending);
    assert!(first.notices.iter().any(|n| n.contains("1 of 2")));
    assert_eq!(w.access.count("create"), 0);
    let again = approve(
        &w.svc,
        &w.policy,
        &w.user("bob"),
        &r.id,
        None,
        Intent::Approve,
    )
    .await
    .unwrap_err();
    assert!(again.to_string().contains("once per person"), "{again}");
    let second = approve(
        &w.svc,
        &w.policy,
        &w.user("carol"),
        &r.id,
        None,
        Intent::Approve,
    )
    .await
    .unwrap();
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
    let err = approve(
        &w.svc,
        &w.policy,
        &w.user("carol"),
        &r.id,
        None,
        Intent::Approve,
    )
    .await
    .unwrap_err();
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
    let err = approve(
        &w.svc,
        &w.policy,
        &w.user("bob"),
        &r.id,
        None,
        Intent::Approve,
    )
    .await
    .unwrap_err();
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
    let err = approve(
        &w.svc,
        &w.policy,
        &w.user("carol"),
        &second.id,
        None,
        Intent::Approve,
    )
    .await
    .unwrap_err();
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
    let err = approve(
        &w.svc,
        &w.policy,
        &w.user("bob"),
        &r.id,
        None,
        Intent::Approve,
    )
    .await
    .unwrap_err();
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
    let err = approve(
        &w.svc,
        &w.policy,
        &w.user("carol"),
        &r.id,
        None,
        Intent::Approve,
    )
    .await
    .unwrap_err();
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
    let err = approve(
        &w.svc,
        &w.policy,
        &w.user("carol"),
        &r.id,
        None,
        Intent::Approve,
    )
    .await
    .unwrap_err();
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
    let err = approve(
        &w.svc,
        &w.policy,
        &w.user("bob"),
        &r.id,
        None,
        Intent::Approve,
    )
    .await
    .unwrap_err();
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
    let err = approve(
        &w.svc,
        &w.policy,
        &w.user("bob"),
        &r.id,
        None,
        Intent::Approve,
    )
    .await
    .unwrap_err();
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
    super::commit(&w.svc, &bob, &r2, e2).await.unwrap();
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
    w.directory
        .users
        .lock()
        .unwrap()
        .get_mut("alice")
        .unwrap()
        .groups
        .clear();
    let err = approve(
        &w.svc,
        &w.policy,
        &w.user("bob"),
        &r.id,
        None,
        Intent::Approve,
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("no longer allows"), "{err}");
    assert_eq!(w.access.count("create"), 0);
}

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

// --- reconcile -------------------------------------------------------------------------------

async fn status(w: &World, id: &crate::domain::RequestId) -> Status {
    w.svc.store.get(id).await.unwrap().unwrap().status
}

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
    w.directory
        .users
        .lock()
        .unwrap()
        .get_mut("alice")
        .unwrap()
        .groups
        .clear();
    let r3 = {
        w.directory
            .users
            .lock()
            .unwrap()
            .get_mut("alice")
            .unwrap()
            .groups
            .push(group("Engineers"));
        let r3 = pending_via_ci(&w, 2, "alice").await;
        approved_by_bob(&w, &r3).await;
        w.directory
            .users
            .lock()
            .unwrap()
            .get_mut("alice")
            .unwrap()
            .groups
            .clear();
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
    approve(
        &w.svc,
        &w.policy,
        &w.user("bob"),
        &r.id,
        None,
        Intent::Approve,
    )
    .await
    .unwrap_err();
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

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
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

// --- revocation schedules ---------------------------------------------------------------------

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

// --- scheduled starts -----------------------------------------------------------------------

use crate::domain::schedule::{Planned, ScheduledAction};
use crate::domain::{Policy, parse_start};

fn starting_in(w: &World, hours: i64) -> RequestInput {
    RequestInput {
        start: Some(w.clock.0.lock().unwrap().to_owned() + SignedDuration::from_hours(hours)),
        ..input("Admin")
    }
}

async fn approve_as(w: &World, who: &str, r: &Request) -> super::decide::Decided {
    approve(
        &w.svc,
        &w.policy,
        &w.user(who),
        &r.id,
        None,
        Intent::Approve,
    )
    .await
    .unwrap()
}

/// What EventBridge Scheduler does when a grant schedule fires.
fn fire_grant(w: &World, a: &Assignment) {
    w.access
        .assignments
        .lock()
        .unwrap()
        .insert(a.key(), a.clone());
}

#[tokio::test]
async fn a_future_start_is_scheduled_not_granted() {
    let w = World::new();
    let r = submit(&w.svc, &w.policy, &w.user("alice"), starting_in(&w, 3))
        .await
        .unwrap()
        .request;
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
    let r = submit(&w.svc, &w.policy, &w.user("alice"), starting_in(&w, 1))
        .await
        .unwrap()
        .request;
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
    let r = submit(&w.svc, &w.policy, &w.user("alice"), starting_in(&w, 2))
        .await
        .unwrap()
        .request;
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
    let r = submit(&w.svc, &w.policy, &w.user("alice"), starting_in(&w, 3))
        .await
        .unwrap()
        .request;
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
    let r = submit(&w.svc, &w.policy, &w.user("alice"), starting_in(&w, 1))
        .await
        .unwrap()
        .request;
    fire_grant(&w, &r.assignment()); // alice has it directly
    let err = approve(
        &w.svc,
        &w.policy,
        &w.user("bob"),
        &r.id,
        None,
        Intent::Approve,
    )
    .await
    .unwrap_err();
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

// --- extensions -----------------------------------------------------------------------------

use super::extend::extend;

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
    let own = approve(
        &w.svc,
        &w.policy,
        &w.user("alice"),
        &a.id,
        None,
        Intent::Approve,
    )
    .await
    .unwrap_err();
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
    let late = approve(
        &w.svc,
        &w.policy,
        &w.user("bob"),
        &a.id,
        None,
        Intent::Approve,
    )
    .await
    .unwrap_err();
    assert!(matches!(late, Error::Conflict(_)), "{late}");
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

#[tokio::test]
async fn a_scheduled_request_is_not_cancelled_when_its_schedules_cannot_be_removed() {
    let w = World::new();
    let r = submit(&w.svc, &w.policy, &w.user("alice"), starting_in(&w, 2))
        .await
        .unwrap()
        .request;
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

/// The world's policy with a break-glass rule for engineers on Admin, applied to its ledger.
fn with_break_glass(w: &World) -> Policy {
    w.apply(&format!(
        "{POLICY}\n[[rule]]\nname = \"glass\"\nprincipals = [\"group:Engineers\"]\naccounts = [\"*\"]\npermission_sets = [\"Admin\"]\napproval = \"break-glass\"\napprovers = [\"group:Approvers\"]\n"
    ))
}

// --- waiting and idempotency ---------------------------------------------------------------

#[tokio::test(start_paused = true)]
async fn waiting_ends_active_rejected_or_timed_out() {
    use std::time::Duration;
    let w = World::new();
    let r = pending(&w, "alice", "Admin").await;
    let store = w.svc.store.clone();
    let id = r.id.clone();
    let waiter = tokio::spawn(async move {
        let mut seen = Vec::new();
        let out =
            super::wait::until_active(store.as_ref(), &id, Duration::from_secs(20), &mut |r| {
                seen.push(r.status)
            })
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
    let e = super::wait::until_active(
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
    let e = super::wait::until_active(
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

// --- break-glass review ----------------------------------------------------------------------

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
    let r = super::load(&w.svc, &submitted.request.id).await.unwrap();
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
    let own = super::review::review(&w.svc, &policy, &w.user("alice"), &r.id, "fine")
        .await
        .unwrap_err();
    assert!(matches!(own, Error::Denied(_)), "{own}");
    let stranger = super::review::review(&w.svc, &policy, &w.role("ci"), &r.id, "fine")
        .await
        .unwrap_err();
    assert!(matches!(stranger, Error::Denied(_)), "{stranger}");
    let reviewed = super::review::review(&w.svc, &policy, &w.user("bob"), &r.id, "INC-9 confirmed")
        .await
        .unwrap();
    assert_eq!(reviewed.review.as_ref().unwrap().by, "user:bob");
    assert!(unreviewed(&w).await.is_empty());
    let again = super::review::review(&w.svc, &policy, &w.user("carol"), &r.id, "me too")
        .await
        .unwrap_err();
    assert!(
        again.to_string().contains("already reviewed by user:bob"),
        "{again}"
    );
}

// --- notifications ---------------------------------------------------------------------------

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
    let shown = super::show::show(w.svc.store.as_ref(), &b.id)
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
