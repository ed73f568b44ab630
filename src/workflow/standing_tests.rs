//! `audit standing` and the executor's check, with fakes: access elevate did not give is found,
//! a record written into the ledger explains nothing, and only what nothing explains is removed.

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use jiff::{SignedDuration, Timestamp};
use serde_json::json;

use super::activity::Source;
use super::approve::{Intent, approve};
use super::attacks::{executor, forged_approval, write_raw};
use super::fakes::*;
use super::ports::{ActivityLog, Clock, RecordFilter, ServiceResult};
use super::reconcile::{Runner, reconcile};
use super::request::{RequestInput, submit};
use super::standing::{Input, Report, Trail, due, standing};
use crate::domain::{Assignment, Policy, PrincipalKind, Request, Status};

fn watching(w: &World) -> Policy {
    w.apply(&POLICY.replace("[settings]\n", "[settings]\ntemporary_only = [\"Admin\"]\n"))
}

async fn ask(w: &World, policy: &Policy, who: &str, ps: &str) -> Request {
    submit(&w.svc, policy, &w.user(who), input(ps))
        .await
        .unwrap()
        .request
}

/// `who`'s Admin request on DEV, approved by bob and granted by the executor.
async fn granted(w: &World, policy: &Policy, who: &str) -> Request {
    let r = ask(w, policy, who, "Admin").await;
    approve(&w.svc, policy, &w.user("bob"), &r.id, None, Intent::Approve)
        .await
        .unwrap();
    reconcile(&w.svc, policy, &Runner::of(&executor()), Default::default())
        .await
        .unwrap();
    let r = super::load(&w.svc, &r.id).await.unwrap();
    assert_eq!(r.status, Status::Active);
    r
}

/// An assignment made outside elevate (in the console, with the AWS CLI).
fn assign_by_hand(w: &World, ps: &str, account: &str, kind: PrincipalKind, id: &str) -> Assignment {
    let a = Assignment {
        instance_arn: INSTANCE.into(),
        account_id: account.into(),
        permission_set_arn: permission_set(ps, 1).arn,
        principal_kind: kind,
        principal_id: id.into(),
    };
    w.access
        .assignments
        .lock()
        .unwrap()
        .insert(a.key(), a.clone());
    a
}

async fn check(w: &World, policy: &Policy, remove: bool) -> Report {
    let now = w.clock.now();
    standing(
        &w.svc,
        policy,
        Input {
            since: now - SignedDuration::from_hours(24),
            until: now,
            trail: None,
            elevate_roles: vec![],
            remove,
        },
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn standing_access_to_a_temporary_only_set_is_found_and_elevations_explain_their_own() {
    let w = World::new().brokered();
    let policy = watching(&w);
    let alice = granted(&w, &policy, "alice").await;
    let erin = assign_by_hand(&w, "Admin", DEV, PrincipalKind::User, "u-erin");
    let ops = assign_by_hand(&w, "Admin", PROD, PrincipalKind::Group, "g-ops");
    // Not temporary_only: standing ReadOnly is nobody's business here.
    assign_by_hand(&w, "ReadOnly", DEV, PrincipalKind::User, "u-erin");

    let report = check(&w, &policy, false).await;
    assert_eq!(report.permission_sets, ["Admin"]);
    let found: Vec<(&str, &str)> = report
        .standing
        .iter()
        .map(|s| (s.account_id.as_str(), s.principal.as_str()))
        .collect();
    assert_eq!(found, [(DEV, "user:u-erin"), (PROD, "group:g-ops")]);
    assert_eq!(report.findings(), 2);
    assert!(report.changes.is_none(), "no trail configured");
    // Reporting removes nothing.
    assert!(w.access.holds(&erin) && w.access.holds(&ops) && w.access.holds(&alice.assignment()));
}

#[tokio::test]
async fn a_record_written_into_the_ledger_explains_nothing_and_only_the_unexplained_is_removed() {
    let w = World::new().brokered();
    let policy = watching(&w);
    let alice = granted(&w, &policy, "alice").await;
    // erin holds Admin standing, and writes the ledger as someone with table access can: her own
    // request, "approved" by bob and "active", to make her access look like an elevation.
    let standing_access = assign_by_hand(&w, "Admin", DEV, PrincipalKind::User, "u-erin");
    let hers = ask(&w, &policy, "erin", "Admin").await;
    let (mut record, event) = forged_approval(&hers, "bob");
    record.status = Status::Active;
    record.granted_at = Some(w.clock.now());
    record.grant_started_at = record.granted_at;
    record.prior_access = Some(false);
    write_raw(&w, &record, &event);

    let report = check(&w, &policy, true).await;
    assert_eq!(report.standing.len(), 1, "{:?}", report.standing);
    assert_eq!(report.standing[0].principal, "user:u-erin");
    assert!(
        report.standing[0].result.starts_with("removed"),
        "{}",
        report.standing[0].result
    );
    assert!(
        !w.access.holds(&standing_access),
        "erin's standing access stays"
    );
    // alice's genuine elevation is untouched.
    assert!(w.access.holds(&alice.assignment()));
    // And nothing is left to find.
    assert_eq!(check(&w, &policy, true).await.findings(), 0);
}

#[tokio::test]
async fn a_scheduled_grant_is_explained_from_its_start_until_its_end_and_no_longer() {
    let w = World::new().brokered();
    let policy = watching(&w);
    let start = w.clock.now() + SignedDuration::from_hours(2);
    let r = submit(
        &w.svc,
        &policy,
        &w.user("alice"),
        RequestInput {
            start: Some(start),
            ..input("Admin")
        },
    )
    .await
    .unwrap()
    .request;
    approve(
        &w.svc,
        &policy,
        &w.user("bob"),
        &r.id,
        None,
        Intent::Approve,
    )
    .await
    .unwrap();
    reconcile(
        &w.svc,
        &policy,
        &Runner::of(&executor()),
        Default::default(),
    )
    .await
    .unwrap();
    let r = super::load(&w.svc, &r.id).await.unwrap();
    assert_eq!(
        (r.status, r.scheduled_start),
        (Status::Approved, Some(start))
    );
    // The start comes and the scheduler creates the assignment; the executor has not yet
    // recorded it.
    w.clock.advance(SignedDuration::from_hours(3));
    let a = assign_by_hand(&w, "Admin", DEV, PrincipalKind::User, "u-alice");
    assert_eq!(a, r.assignment());
    let report = check(&w, &policy, true).await;
    assert!(report.standing.is_empty(), "{:?}", report.standing);
    assert!(w.access.holds(&a));
    // Its window over and still unconfirmed: it explains nothing any more.
    w.clock.advance(SignedDuration::from_hours(2));
    let report = check(&w, &policy, false).await;
    assert_eq!(report.standing.len(), 1, "{:?}", report.standing);
}

#[tokio::test]
async fn an_assignment_ended_between_the_listing_and_the_ledger_is_not_reported() {
    let w = World::new().brokered();
    let policy = watching(&w);
    // Listed, then revoked (its request final, its assignment deleted) before the ledger was
    // read: `check` looks again before reporting it.
    let a = assign_by_hand(&w, "Admin", DEV, PrincipalKind::User, "u-erin");
    w.access.assignments.lock().unwrap().clear();
    w.access.stale_listing.lock().unwrap().push(a);
    assert_eq!(check(&w, &policy, false).await.findings(), 0);
}

#[tokio::test]
async fn an_elevation_made_unreadable_is_kept_for_a_person_not_removed() {
    let w = World::new().brokered();
    let policy = watching(&w);
    let alice = granted(&w, &policy, "alice").await;
    // Someone who writes the ledger adds an unreadable event to alice's history.
    rusqlite::Connection::open(&w.db)
        .unwrap()
        .execute(
            "INSERT INTO events (request_id, seq, body) VALUES (?1, 99, 'not an event')",
            [alice.id.as_str()],
        )
        .unwrap();
    let report = check(&w, &policy, true).await;
    assert_eq!(report.standing.len(), 1, "{:?}", report.standing);
    assert!(
        report.standing[0].result.starts_with("kept for a person"),
        "{}",
        report.standing[0].result
    );
    assert!(
        w.access.holds(&alice.assignment()),
        "never removed on a guess"
    );
}

#[tokio::test]
async fn removal_reads_the_ledger_again_under_the_lease() {
    let w = World::new().brokered();
    let policy = watching(&w);
    let alice = granted(&w, &policy, "alice").await;
    // As if a check had listed alice's assignment before her grant was recorded: the removal
    // finds the grant under the lease and keeps it.
    let outcome = super::holders::remove_unexplained(&w.svc, &alice.assignment(), None)
        .await
        .unwrap();
    assert_eq!(outcome, super::holders::Removal::Held(alice.id.clone()));
    assert!(w.access.holds(&alice.assignment()));
}

#[tokio::test]
async fn the_executor_checks_once_per_interval_whichever_executor_runs() {
    let w = World::new().brokered();
    let hour = std::time::Duration::from_secs(3600);
    assert!(due(&w.svc, hour).await.unwrap().is_some());
    // A second executor (or the next pass) within the hour does not check again.
    assert!(due(&w.second_operator(), hour).await.unwrap().is_none());
    w.clock.advance(SignedDuration::from_mins(61));
    let claim = due(&w.svc, hour).await.unwrap().unwrap();
    // A check that could not run gives its claim back: the next pass tries again.
    super::standing::release(&w.svc, &claim).await;
    assert!(due(&w.svc, hour).await.unwrap().is_some());
    assert!(
        due(&w.svc, std::time::Duration::ZERO)
            .await
            .unwrap()
            .is_none(),
        "0: never"
    );
}

/// A trail whose files hold the records given, at the keys given.
struct FakeTrail {
    files: Vec<(String, Vec<serde_json::Value>)>,
    prefixes: Mutex<Vec<String>>,
    lake: Vec<serde_json::Value>,
    queries: Mutex<Vec<String>>,
}

#[async_trait]
impl ActivityLog for FakeTrail {
    async fn lake_query(&self, statement: &str) -> ServiceResult<Vec<serde_json::Value>> {
        self.queries.lock().unwrap().push(statement.to_string());
        Ok(self.lake.clone())
    }
    async fn trail_keys(&self, _: &str, prefix: &str) -> ServiceResult<Vec<String>> {
        self.prefixes.lock().unwrap().push(prefix.to_string());
        Ok(self
            .files
            .iter()
            .filter(|(k, _)| k.starts_with(prefix))
            .map(|(k, _)| k.clone())
            .collect())
    }
    async fn trail_records(
        &self,
        _: &str,
        key: &str,
        keep: Arc<RecordFilter>,
    ) -> ServiceResult<Vec<serde_json::Value>> {
        let (_, records) = self.files.iter().find(|(k, _)| k == key).unwrap();
        Ok(records
            .iter()
            .filter(|r| {
                let raw = serde_json::value::to_raw_value(r).unwrap();
                keep(&raw)
            })
            .cloned()
            .collect())
    }
}

fn change(name: &str, caller: &str, error: Option<&str>) -> serde_json::Value {
    let mut r = json!({
        "eventTime": "2026-06-01T08:30:00Z",
        "eventSource": "sso.amazonaws.com",
        "eventName": name,
        "sourceIPAddress": "203.0.113.7",
        "userIdentity": {"arn": caller},
        "requestParameters": {
            "instanceArn": INSTANCE,
            "targetId": DEV,
            "targetType": "AWS_ACCOUNT",
            "permissionSetArn": permission_set("Admin", 1).arn,
            "principalType": "USER",
            "principalId": "u-erin",
        },
    });
    if let Some(e) = error {
        r["errorCode"] = json!(e);
    }
    r
}

fn with_id(mut r: serde_json::Value, id: &str) -> serde_json::Value {
    r["eventID"] = json!(id);
    r
}

const EXECUTOR_ROLE: &str = "arn:aws:iam::999999999999:role/elevate-executor";
const SCHEDULER_ROLE: &str = "arn:aws:iam::999999999999:role/elevate-scheduler";

fn session(role: &str, name: &str) -> String {
    format!("arn:aws:sts::{ADMIN_ACCOUNT}:assumed-role/{role}/{name}")
}

#[tokio::test]
async fn assignment_changes_by_anyone_but_elevate_are_found_in_the_trail() {
    let w = World::new().brokered();
    let policy = watching(&w);
    let mallory = session("AWSReservedSSO_ElevateApprover_0123456789abcdef", "erin");
    let key = format!(
        "AWSLogs/o-abc/{ADMIN_ACCOUNT}/CloudTrail/eu-west-1/2026/06/01/{ADMIN_ACCOUNT}_CloudTrail_eu-west-1_x.json.gz"
    );
    let records = vec![
        change(
            "CreateAccountAssignment",
            &session("elevate-executor", "s-1"),
            None,
        ),
        change(
            "DeleteAccountAssignment",
            &session("elevate-scheduler", "s-2"),
            None,
        ),
        change("CreateAccountAssignment", &mallory, None),
        change("DeleteAccountAssignment", &mallory, Some("AccessDenied")),
        // Not a change of access.
        change("ListAccountAssignments", &mallory, None),
        // A role named like the executor, in another account.
        change(
            "CreateAccountAssignment",
            "arn:aws:sts::123456789012:assumed-role/elevate-executor/s-3",
            None,
        ),
        // One event delivered twice is listed once.
        with_id(change("CreateAccountAssignment", &mallory, None), "ev-1"),
        with_id(change("CreateAccountAssignment", &mallory, None), "ev-1"),
        // A caller CloudTrail names without an ARN is still someone.
        {
            let mut r = change("DeleteAccountAssignment", "", None);
            r["userIdentity"] = json!({"type": "AWSService", "invokedBy": "example.amazonaws.com"});
            r
        },
    ];
    let trail = FakeTrail {
        files: vec![(key, records)],
        prefixes: Mutex::default(),
        lake: vec![],
        queries: Mutex::default(),
    };
    let source = Source::Trail {
        bucket: "org-trail".into(),
        org_id: Some("o-abc".into()),
        regions: vec!["eu-west-1".into()],
    };
    let now = w.clock.now();
    let report = standing(
        &w.svc,
        &policy,
        Input {
            since: now - SignedDuration::from_hours(2),
            until: now,
            trail: Some(Trail {
                log: &trail,
                source: &source,
                accounts: vec![ADMIN_ACCOUNT.into()],
            }),
            elevate_roles: vec![EXECUTOR_ROLE.into(), SCHEDULER_ROLE.into()],
            remove: false,
        },
    )
    .await
    .unwrap();
    let changes = report.changes.as_ref().unwrap();
    let found: Vec<(&str, &str, Option<&str>)> = changes
        .iter()
        .map(|c| (c.name.as_str(), c.caller.as_str(), c.error_code.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "CreateAccountAssignment",
                "arn:aws:sts::123456789012:assumed-role/elevate-executor/s-3",
                None
            ),
            ("CreateAccountAssignment", mallory.as_str(), None),
            ("CreateAccountAssignment", mallory.as_str(), None),
            (
                "DeleteAccountAssignment",
                mallory.as_str(),
                Some("AccessDenied")
            ),
            ("DeleteAccountAssignment", "example.amazonaws.com", None),
        ]
    );
    assert_eq!(changes[0].principal_id, "u-erin");
    assert_eq!(changes[0].account_id, DEV);
    // The identity account's files, for each day of the window.
    assert_eq!(
        *trail.prefixes.lock().unwrap(),
        [format!(
            "AWSLogs/o-abc/{ADMIN_ACCOUNT}/CloudTrail/eu-west-1/2026/06/01/"
        )]
    );
    assert_eq!(report.findings(), 5);

    // The same from CloudTrail Lake: the query names the window, and the rows are judged alike.
    let lake = FakeTrail {
        files: vec![],
        prefixes: Mutex::default(),
        lake: vec![change("CreateAccountAssignment", &mallory, None)],
        queries: Mutex::default(),
    };
    let source = Source::Lake {
        event_data_store: "0123abcd-0123-4567-89ab-0123456789ab".into(),
    };
    let report = standing(
        &w.svc,
        &policy,
        Input {
            since: now - SignedDuration::from_hours(2),
            until: now,
            trail: Some(Trail {
                log: &lake,
                source: &source,
                accounts: vec![ADMIN_ACCOUNT.into()],
            }),
            elevate_roles: vec![EXECUTOR_ROLE.into()],
            remove: false,
        },
    )
    .await
    .unwrap();
    assert_eq!(report.changes.unwrap().len(), 1);
    let queries = lake.queries.lock().unwrap();
    assert!(
        queries[0].contains("CreateAccountAssignment"),
        "{}",
        queries[0]
    );
}

#[tokio::test]
async fn a_window_that_ends_before_it_starts_is_refused() {
    let w = World::new();
    let now: Timestamp = w.clock.now();
    let err = standing(
        &w.svc,
        &w.policy,
        Input {
            since: now,
            until: now - SignedDuration::from_hours(1),
            trail: None,
            elevate_roles: vec![],
            remove: false,
        },
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("after it ends"), "{err}");
}
