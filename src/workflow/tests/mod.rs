//! Scenario tests of the use cases against fakes of the AWS ports and the real SQLite ledger,
//! one file per use case; the helpers they share are here, the fakes in `fakes.rs`.

use jiff::SignedDuration;

use super::approve::{Intent, approve};
use super::cancel::cancel;
use super::fakes::*;
use super::list::{ListInput, Scope, list};
use super::ports::{Provisioning, ServiceError, ServiceErrorKind};
use super::provision::{OnDenied, grant};
use super::reconcile::{Options, Report, Runner, reconcile};
use super::reject::reject;
use super::request::{RequestInput, submit};
use super::revoke::revoke;
use crate::domain::ledger::{Capacity, verify_chain};
use crate::domain::schedule::{Planned, ScheduledAction};
use crate::domain::{
    Action, Actor, Assignment, EventKind, FailurePhase, Policy, PrincipalRef, Request, Status,
    parse_start,
};
use crate::error::Error;

mod break_glass;
mod deciding;
mod extensions;
mod granting;
mod listing;
mod notifications;
mod reconcile;
mod schedules;
mod waiting;

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
    approve_by(w, "bob", &r).await.unwrap().request
}

/// `who`'s approval of `r`, without a comment: the call most scenarios make.
async fn approve_by(
    w: &World,
    who: &str,
    r: &Request,
) -> crate::error::Result<super::decide::Decided> {
    approve(
        &w.svc,
        &w.policy,
        &w.user(who),
        &r.id,
        None,
        Intent::Approve,
    )
    .await
}

async fn status(w: &World, id: &crate::domain::RequestId) -> Status {
    w.svc.store.get(id).await.unwrap().unwrap().status
}

fn starting_in(w: &World, hours: i64) -> RequestInput {
    RequestInput {
        start: Some(w.clock.0.lock().unwrap().to_owned() + SignedDuration::from_hours(hours)),
        ..input("Admin")
    }
}

/// Alice's request for Admin starting `hours` from now, pending.
async fn asked_in(w: &World, hours: i64) -> Request {
    submit(&w.svc, &w.policy, &w.user("alice"), starting_in(w, hours))
        .await
        .unwrap()
        .request
}

async fn approve_as(w: &World, who: &str, r: &Request) -> super::decide::Decided {
    approve_by(w, who, r).await.unwrap()
}

/// What EventBridge Scheduler does when a grant schedule fires.
fn fire_grant(w: &World, a: &Assignment) {
    w.access
        .assignments
        .lock()
        .unwrap()
        .insert(a.key(), a.clone());
}

/// The world's policy with a break-glass rule for engineers on Admin, applied to its ledger.
fn with_break_glass(w: &World) -> Policy {
    w.apply(&format!(
        "{POLICY}\n[[rule]]\nname = \"glass\"\nprincipals = [\"group:Engineers\"]\naccounts = [\"*\"]\npermission_sets = [\"Admin\"]\napproval = \"break-glass\"\napprovers = [\"group:Approvers\"]\n"
    ))
}
