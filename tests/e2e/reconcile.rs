//! `reconcile` through the real binary, with its clock moved forward (debug builds only).

use jiff::{SignedDuration, Timestamp};

use crate::harness::{Org, json, stderr_of};

const ADMIN: &str = "AdministratorAccess";

fn later(hours: i64) -> String {
    (Timestamp::now() + SignedDuration::from_hours(hours)).to_string()
}

#[test]
fn reconcile_ends_overdue_elevations_and_expires_stale_requests() {
    let org = Org::new();
    let dev = org.dev();
    let request = |who: &str| org.ask_admin_on_dev(who, "fix INC-12 quickly");
    let active = request("alice");
    org.elevate("bob")
        .args(["approve", &active])
        .assert()
        .success();
    let stale = request("dave");

    // An hour and a half on: the elevation is over, the pending request is not stale yet.
    let dry = json(
        org.elevate("bob")
            .env("ELEVATE_TEST_NOW", later(2))
            .args(["reconcile", "--dry-run"]),
    );
    assert_eq!(dry["items"][0]["step"], "end", "{dry}");
    assert_eq!(
        org.assignments(&dev, ADMIN).len(),
        1,
        "--dry-run changed something"
    );

    let out = org
        .elevate("bob")
        .env("ELEVATE_TEST_NOW", later(2))
        .args(["reconcile", "-o", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(org.assignments(&dev, ADMIN).is_empty());
    let shown = json(org.elevate("alice").args(["show", &active]));
    assert_eq!(shown["request"]["status"], "ended");

    // A day on, the pending one expires; nothing else is due.
    let report = json(
        org.elevate("bob")
            .env("ELEVATE_TEST_NOW", later(26))
            .args(["reconcile"]),
    );
    let items = report["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{report}");
    assert_eq!(items[0]["id"], stale.as_str());
    assert_eq!(items[0]["result"], "expired");
}
