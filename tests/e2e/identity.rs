//! Genuine Identity Center sessions only: an `AWSReservedSSO_*` session is a person only in the
//! identity account (by default the account that owns the Identity Center instance, which
//! ListInstances names); anywhere else it is a role.

use crate::harness::{Org, json, stderr_of};

const ADMIN: &str = "AdministratorAccess";
/// An account that is not the seeded one, where Identity Center's users are said to sign in.
const ELSEWHERE: &str = "999988887777";

#[test]
fn a_user_session_outside_the_identity_account_is_only_a_role() {
    let org = Org::new();
    let dev = org.dev();

    // alice's Identity Center session is in the seeded account; people sign in elsewhere.
    let out = org
        .elevate("alice")
        .env("ELEVATE_IDENTITY_ACCOUNT", ELSEWHERE)
        .args(["request", "-a", &dev, "-p", ADMIN, "-d", "1h"])
        .args(["-r", "rotate credentials for INC-7"])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("--for is required"), "{err}");
    // Why, said as a warning.
    assert!(err.contains("counts as a role"), "{err}");
    assert!(err.contains(&format!("from account {ELSEWHERE}")), "{err}");
    assert_eq!(
        json(org.elevate("bob").args(["list", "--all"])),
        serde_json::json!([])
    );

    // By default the identity account is the instance's owner: alice is alice.
    let req = json(
        org.elevate("alice")
            .args(["request", "-a", &dev, "-p", ADMIN, "-d", "1h"])
            .args(["-r", "rotate credentials for INC-7"]),
    );
    let id = req["id"].as_str().unwrap();
    assert_eq!(req["principal"]["name"], "alice");

    // bob, an approver, is no approver from a session that is not a person's.
    let out = org
        .elevate("bob")
        .env("ELEVATE_IDENTITY_ACCOUNT", ELSEWHERE)
        .args(["approve", id, "--comment", "ok"])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(
        err.contains("approvals are given by Identity Center users"),
        "{err}"
    );
    assert!(org.assignments(&dev, ADMIN).is_empty());

    // The same session, in the identity account, approves.
    let out = org
        .elevate("bob")
        .args(["approve", id, "--comment", "ok"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(
        org.assignments(&dev, ADMIN),
        [("USER".to_string(), org.user_id("alice"))]
    );
}
