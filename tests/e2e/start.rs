//! `--start` and durations are bounded and checked: no time a person can type makes elevate
//! panic or reach an absurd time.

use crate::harness::{Org, json, stderr_of};

const ADMIN: &str = "AdministratorAccess";

fn request(org: &Org, extra: &[&str]) -> std::process::Output {
    let dev = org.dev();
    org.elevate("alice")
        .args([
            "request",
            "-a",
            &dev,
            "-p",
            ADMIN,
            "-r",
            "CHG-118 DB upgrade",
        ])
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn a_start_at_the_end_of_time_is_a_usage_error() {
    let org = Org::new();
    for extra in [
        &["--start", "9999-12-30T21:00:00Z", "-d", "2h"][..],
        &["--start", "9999-12-30T21:00:00Z"],
        &["--start", "+8761h", "-d", "1h"],
        &["--start", "+2562047788015215h", "-d", "1h"],
    ] {
        let out = request(&org, extra);
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {err}");
        assert!(err.contains("--start"), "{extra:?}: {err}");
        assert!(err.contains("more than a year ahead"), "{extra:?}: {err}");
        assert!(!err.contains("panicked"), "{extra:?}: {err}");
    }
    for extra in [
        &["-d", "999999999h"][..],
        &["-d", "9223372036854775807s"],
        &["--wait", "--timeout", "2562047788015215h", "-d", "1h"],
    ] {
        let out = request(&org, extra);
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {err}");
        assert!(err.contains("longer than a year"), "{extra:?}: {err}");
    }
    // Nothing was asked for.
    assert_eq!(
        json(org.elevate("bob").args(["list", "--all"])),
        serde_json::json!([])
    );
    // Within the year, a start is fine.
    let out = request(&org, &["--start", "+8759h", "-d", "1h"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
}
