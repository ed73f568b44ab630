//! `now` comes from AWS: a machine whose clock is far off is refused before it records or
//! grants anything, and one a little off acts on AWS's time. moto answers with a real `Date`;
//! `ELEVATE_TEST_CLOCK_SKEW` (debug builds only) moves this machine's clock.

use jiff::{SignedDuration, Timestamp};

use crate::harness::{Org, json, stderr_of};

const ADMIN: &str = "AdministratorAccess";

/// alice, an engineer, may take AdministratorAccess in an emergency.
const BREAK_GLASS: &str = r#"
[settings]
max_duration = "8h"
reason_min_length = 5

[[rule]]
name = "oncall-glass"
principals = ["group:Engineers"]
accounts = ["*"]
permission_sets = ["AdministratorAccess"]
max_duration = "1h"
approval = "break-glass"
approvers = ["group:Approvers"]
"#;

fn break_glass(org: &Org, skew: &str) -> std::process::Output {
    let dev = org.dev();
    org.elevate("alice")
        .env("ELEVATE_TEST_CLOCK_SKEW", skew)
        .args(["request", "--break-glass", "-a", &dev, "-p", ADMIN])
        .args(["-d", "30m", "-r", "prod is down, INC-9"])
        .args(["--output", "json"])
        .output()
        .unwrap()
}

#[test]
fn a_machine_whose_clock_is_a_year_ahead_is_refused_and_changes_nothing() {
    let org = Org::new();
    org.write_policy(BREAK_GLASS);
    for skew in ["+365d", "-365d", "+6m"] {
        let out = break_glass(&org, skew);
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(1), "{skew}: {err}");
        for said in [
            if skew.starts_with('-') {
                "behind AWS"
            } else {
                "ahead of AWS"
            },
            "AWS says it is",
            "refuses to act on a wrong clock",
            "NTP",
        ] {
            assert!(err.contains(said), "{skew}: {said:?} missing from {err}");
        }
        // With -o json stdout holds the error and nothing else.
        let e: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|x| panic!("{skew}: {x}: {}", String::from_utf8_lossy(&out.stdout)));
        assert_eq!(e["error"]["code"], "clock", "{skew}: {e}");
        assert_eq!(e["error"]["exit"], 1, "{skew}: {e}");
    }
    let err = stderr_of(&break_glass(&org, "+365d"));
    assert!(err.contains("365 days 0h ahead of AWS"), "{err}");
    // Nothing recorded, nothing granted.
    let all = json(org.elevate("bob").args(["list", "--all"]));
    assert_eq!(all, serde_json::json!([]), "{all}");
    assert!(org.assignments(&org.dev(), ADMIN).is_empty());
}

#[test]
fn a_clock_two_minutes_off_is_accepted_and_aws_time_is_recorded() {
    let org = Org::new();
    org.write_policy(BREAK_GLASS);
    let before = Timestamp::now();
    let out = break_glass(&org, "+2m");
    let after = Timestamp::now();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let granted: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(granted["status"], "active", "{granted}");
    assert_eq!(
        org.assignments(&org.dev(), ADMIN),
        [("USER".to_string(), org.user_id("alice"))]
    );
    // The ledger has AWS's time (this machine's real time, here), not the shifted clock's,
    // which would be two minutes after the command started. (A second of slack: a Date has
    // whole seconds.)
    let created: Timestamp = granted["created_at"].as_str().unwrap().parse().unwrap();
    let slack = SignedDuration::from_secs(2);
    assert!(
        created >= before - slack && created <= after + slack,
        "recorded {created}, outside the command's run from {before} to {after}"
    );
}
