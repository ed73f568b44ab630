//! EventBridge Scheduler against the emulator: the exact schedules a grant, a scheduled start,
//! an extension and a revocation leave behind.

use jiff::{SignedDuration, Timestamp};
use serde_json::Value;

use crate::harness::{Org, json, stderr_of};

const ADMIN: &str = "AdministratorAccess";
const CREATE: &str = "arn:aws:scheduler:::aws-sdk:ssoadmin:createAccountAssignment";
const DELETE: &str = "arn:aws:scheduler:::aws-sdk:ssoadmin:deleteAccountAssignment";

fn ts(v: &Value) -> Timestamp {
    v.as_str().unwrap().parse().unwrap()
}

/// `at(…)` for a time, as elevate writes it: UTC, whole seconds rounded up.
fn at_expr(t: Timestamp) -> String {
    let secs = t.as_second() + i64::from(t.subsec_nanosecond() > 0);
    format!(
        "at({})",
        Timestamp::from_second(secs)
            .unwrap()
            .strftime("%Y-%m-%dT%H:%M:%S")
    )
}

fn request(org: &Org, extra: &[&str]) -> Value {
    let dev = org.dev();
    json(
        org.elevate("alice")
            .args(["request", "-a", &dev, "-p", ADMIN, "-d", "1h"])
            .args(["-r", "scheduled maintenance CHG-9"])
            .args(extra),
    )
}

/// The schedules, by target, in fire order.
fn schedules(org: &Org) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = org
        .schedules()
        .iter()
        .map(|s| {
            (
                s["target"].as_str().unwrap().to_string(),
                s["expression"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

/// Every schedule has the assignment as its input, the configured role, UTC, and deletes itself
/// after it runs.
fn assert_well_formed(org: &Org) {
    for s in org.schedules() {
        assert_eq!(s["role"], org.scheduler_role().as_str(), "{s}");
        assert_eq!(s["timezone"], "UTC", "{s}");
        assert_eq!(s["after"], "DELETE", "{s}");
        let input = &s["input"];
        assert_eq!(input["TargetId"], org.dev().as_str(), "{s}");
        assert_eq!(input["TargetType"], "AWS_ACCOUNT", "{s}");
        assert_eq!(input["PrincipalType"], "USER", "{s}");
        assert_eq!(input["PrincipalId"], org.user_id("alice").as_str(), "{s}");
        assert_eq!(input["PermissionSetArn"], org.ps(ADMIN).as_str(), "{s}");
        assert!(
            input["InstanceArn"]
                .as_str()
                .unwrap()
                .starts_with("arn:aws:sso:::instance/"),
            "{s}"
        );
        assert!(s["name"].as_str().unwrap().len() <= 64, "{s}");
    }
}

#[test]
fn a_grant_schedules_exactly_its_revocation_and_revoke_deletes_it() {
    let org = Org::new();
    let id = request(&org, &[])["id"].as_str().unwrap().to_string();
    let granted = json(org.elevate("bob").args(["approve", &id]));
    let end = ts(&granted["end_at"]);
    assert_eq!(schedules(&org), [(DELETE.to_string(), at_expr(end))]);
    assert_well_formed(&org);
    json(org.elevate("alice").args(["revoke", &id]));
    assert!(org.schedules().is_empty());
}

/// A start typed without a zone is read in the zone times are shown in (ELEVATE_TZ, or UTC with
/// --utc), not the machine's.
#[test]
fn a_start_without_a_zone_is_read_in_the_zone_times_are_shown_in() {
    let org = Org::new();
    let day = Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
        .checked_add(jiff::Span::new().days(2))
        .unwrap();
    let typed = format!("{day}T09:00");
    let ask = |zone: &[&str]| {
        let dev = org.dev();
        let mut cmd = org.elevate("alice");
        cmd.env("TZ", "America/New_York")
            .args(["request", "-a", &dev, "-p", ADMIN, "-d", "1h"])
            .args(["-r", "maintenance CHG-10", "--start", &typed]);
        if zone.first() == Some(&"--utc") {
            cmd.arg("--utc");
        } else {
            cmd.env("ELEVATE_TZ", zone[0]);
        }
        let req = json(&mut cmd);
        json(
            org.elevate("alice")
                .args(["cancel", req["id"].as_str().unwrap()]),
        );
        ts(&req["start_at"])
    };
    let nine = |zone: &str| day.at(9, 0, 0, 0).in_tz(zone).unwrap().timestamp();
    assert_eq!(ask(&["Asia/Tokyo"]), nine("Asia/Tokyo"));
    assert_eq!(ask(&["--utc"]), nine("UTC"));
}

#[test]
fn a_future_start_is_scheduled_at_approval_and_cancelled_with_its_schedules() {
    let org = Org::new();
    let before = Timestamp::now();
    let req = request(&org, &["--start", "+2h"]);
    let id = req["id"].as_str().unwrap().to_string();
    let start = ts(&req["start_at"]);
    let two_hours = SignedDuration::from_hours(2);
    assert!(start >= before + two_hours && start <= Timestamp::now() + two_hours);

    let out = org.elevate("bob").args(["approve", &id]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("granted at the start by a schedule"),
        "{}",
        stderr_of(&out)
    );
    let shown = json(org.elevate("bob").args(["show", &id]))["request"].clone();
    assert_eq!(shown["status"], "approved");
    assert_eq!(shown["scheduled_start"], req["start_at"]);
    assert!(
        org.assignments(&org.dev(), ADMIN).is_empty(),
        "not before the start"
    );
    let end = start + SignedDuration::from_hours(1);
    assert_eq!(
        schedules(&org),
        [
            (CREATE.to_string(), at_expr(start)),
            (DELETE.to_string(), at_expr(end))
        ]
    );
    assert_well_formed(&org);

    let cancelled = json(org.elevate("alice").args(["cancel", &id]));
    assert_eq!(cancelled["status"], "cancelled");
    assert!(org.schedules().is_empty());
    assert!(org.assignments(&org.dev(), ADMIN).is_empty());
}

#[test]
fn reconcile_confirms_a_scheduled_grant_at_its_start_without_moving_its_window() {
    let org = Org::new();
    let req = request(&org, &["--start", "+1h"]);
    let id = req["id"].as_str().unwrap().to_string();
    json(org.elevate("bob").args(["approve", &id]));
    let start = ts(&req["start_at"]);
    // The grant schedule fires (the emulator never fires schedules: do what it would do).
    org.assign_directly(&org.dev(), ADMIN, "alice");
    let later = (start + SignedDuration::from_mins(10)).to_string();
    let report = json(
        org.elevate("bob")
            .env("ELEVATE_TEST_NOW", &later)
            .args(["reconcile"]),
    );
    assert_eq!(report["items"][0]["step"], "grant", "{report}");
    let r = json(org.elevate("bob").args(["show", &id]))["request"].clone();
    assert_eq!(r["status"], "active");
    assert_eq!(ts(&r["granted_at"]), start);
    assert_eq!(ts(&r["end_at"]), start + SignedDuration::from_hours(1));
    assert_eq!(
        r["prior_access"], false,
        "its own grant is not prior access"
    );
    assert_eq!(org.assignments(&org.dev(), ADMIN).len(), 1);
}

#[test]
fn an_extension_moves_the_revocation_only_once_approved() {
    let org = Org::new();
    let id = request(&org, &[])["id"].as_str().unwrap().to_string();
    let granted = json(org.elevate("bob").args(["approve", &id]));
    let end = ts(&granted["end_at"]);

    let out = org
        .elevate("alice")
        .args([
            "extend",
            &id,
            "--by",
            "30m",
            "--reason",
            "the migration is at 80%",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("waiting for approval"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(schedules(&org), [(DELETE.to_string(), at_expr(end))]);
    let waiting = json(org.elevate("carol").args(["list", "--to-approve"]));
    assert_eq!(waiting[0]["id"], id.as_str(), "{waiting}");

    // The requester cannot approve it.
    let own = org
        .elevate("alice")
        .args(["approve", &id])
        .output()
        .unwrap();
    assert_eq!(own.status.code(), Some(3), "{}", stderr_of(&own));

    let approved = json(org.elevate("carol").args(["approve", &id]));
    let new_end = end + SignedDuration::from_mins(30);
    assert_eq!(ts(&approved["end_at"]), new_end);
    assert_eq!(schedules(&org), [(DELETE.to_string(), at_expr(new_end))]);
    assert_well_formed(&org);

    // Beyond the rule's maximum (4h): denied, exit 3, nothing changes.
    let too_long = org
        .elevate("alice")
        .args(["extend", &id, "--by", "4h", "--reason", "all day"])
        .output()
        .unwrap();
    assert_eq!(too_long.status.code(), Some(3), "{}", stderr_of(&too_long));
    assert_eq!(schedules(&org), [(DELETE.to_string(), at_expr(new_end))]);

    let shown = json(org.elevate("bob").args(["show", &id]));
    let kinds: Vec<&str> = shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds[kinds.len() - 2..],
        ["extension_requested", "extended"]
    );
}

#[test]
fn a_malformed_start_is_a_usage_error_before_any_aws_call() {
    let org = Org::new();
    let dev = org.dev();
    let out = org
        .elevate("alice")
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        .args(["request", "-a", &dev, "-p", ADMIN, "-r", "maintenance"])
        .args(["--start", "soonish"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("not a start time"),
        "{}",
        stderr_of(&out)
    );
}
