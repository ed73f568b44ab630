//! The process killed at each step of a grant and a revocation (debug-build crash points), then
//! `reconcile`: no assignment outlives its elevation.

use jiff::{SignedDuration, Timestamp};

use crate::harness::{Org, json, stderr_of};

const ADMIN: &str = "AdministratorAccess";

fn at(minutes: i64) -> String {
    (Timestamp::now() + SignedDuration::from_mins(minutes)).to_string()
}

/// The crashed process's lease on the assignment expires after 15 minutes (it must outlast a
/// live grant); the next scheduled reconcile after that repairs.
const AFTER_LEASE: i64 = 20;

fn status(org: &Org, id: &str) -> serde_json::Value {
    json(org.elevate("bob").args(["show", id]))["request"].clone()
}

/// Reconcile as the executor `minutes` from now; drift may need a person (exit 1).
fn reconcile(org: &Org, minutes: i64) -> serde_json::Value {
    let out = org
        .elevate("bob")
        .env("ELEVATE_TEST_NOW", at(minutes))
        .args(["reconcile", "-o", "json"])
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        stderr_of(&out)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn crashed(out: &std::process::Output) {
    assert!(!out.status.success(), "did not crash: {}", stderr_of(out));
    assert!(stderr_of(out).contains("crashing at"), "{}", stderr_of(out));
}

fn pending(org: &Org) -> String {
    org.ask_admin_on_dev("alice", "crash test run")
}

// (Access the user already holds outside elevate is never granted over, so no grant of it can
// be interrupted: see scenarios::standing_access_is_neither_granted_over_nor_removed.)

#[test]
fn a_grant_killed_at_any_step_is_finished_then_ended_on_time() {
    for point in ["grant:started", "grant:created", "grant:scheduled"] {
        let org = Org::new();
        let dev = org.dev();
        let id = pending(&org);
        let out = org
            .elevate("bob")
            .env("ELEVATE_TEST_CRASH_AT", point)
            .args(["approve", &id])
            .output()
            .unwrap();
        crashed(&out);

        // Right away, the crashed holder's lease keeps reconcile off the assignment...
        let busy = reconcile(&org, 0);
        assert!(
            busy["items"].to_string().contains("busy: another grant"),
            "{point}: {busy}"
        );
        // ...and once it has expired, one reconcile finishes the grant with what it knew
        // before the crash.
        reconcile(&org, AFTER_LEASE);
        let r = status(&org, &id);
        let ctx = format!("{point}: {r}");
        assert_eq!(r["status"], "active", "{ctx}");
        assert_eq!(r["prior_access"], false, "{ctx}");
        assert_eq!(org.assignments(&dev, ADMIN).len(), 1, "{ctx}");
        assert_eq!(org.schedules().len(), 1, "{ctx}");

        // After its end, one reconcile ends it: the elevation's access is gone.
        reconcile(&org, 3 * 60);
        let r = status(&org, &id);
        assert_eq!(r["status"], "ended", "{ctx}");
        assert!(org.assignments(&dev, ADMIN).is_empty(), "{ctx}");
        assert!(org.schedules().is_empty(), "{ctx}");
    }
}

#[test]
fn a_revocation_killed_after_the_delete_is_recorded_by_reconcile() {
    let org = Org::new();
    let dev = org.dev();
    let id = pending(&org);
    org.elevate("bob").args(["approve", &id]).assert().success();
    let out = org
        .elevate("alice")
        .env("ELEVATE_TEST_CRASH_AT", "revoke:deleted")
        .args(["revoke", &id])
        .output()
        .unwrap();
    crashed(&out);
    // The access is already gone even though the ledger still says active.
    assert!(org.assignments(&dev, ADMIN).is_empty());
    assert_eq!(status(&org, &id)["status"], "active");
    // Before the end, reconcile reports the gap as drift (for a person to see)...
    let report = reconcile(&org, AFTER_LEASE);
    assert!(
        report["items"].to_string().contains("no such assignment"),
        "{report}"
    );
    // ...and after it, records the end; nothing outlives it.
    reconcile(&org, 3 * 60);
    assert_eq!(status(&org, &id)["status"], "ended");
    assert!(org.assignments(&dev, ADMIN).is_empty());
    assert!(org.schedules().is_empty());
}
