//! Pure types and rules: no I/O, no async, no clock. Everything here is decided from its inputs,
//! so it is tested exhaustively in plain unit tests.

pub mod activity;
pub mod authz;
pub mod bootstrap;
pub mod caller;
pub mod credentials;
pub mod duration;
pub mod eligibility;
pub mod event;
pub mod explain;
pub mod iam;
pub mod iam_eval;
pub mod key_policy;
pub mod ledger;
pub mod notify;
pub mod org;
pub mod policy;
pub mod portal;
pub mod principal;
pub mod reconcile;
pub mod request;
pub mod schedule;
pub mod standing;
pub mod text;

pub use caller::{Actor, CallerArn, GroupIdentity, UserIdentity};
pub use duration::{
    DurationError, StartError, format_duration, format_time, parse_duration, parse_start,
    parse_time,
};
pub use event::{Event, EventKind, GENESIS_HASH};
pub use org::{Account, OrgTree};
pub use policy::{Decision, Mode, Policy, PolicyError, Requirement, Terms};
pub use principal::{Principal, PrincipalKind, PrincipalRef};
pub use request::{
    Action, Assignment, Failure, FailurePhase, PermissionSet, Request, RequestId, Status,
    TransitionError,
};

/// Compares `actual` with `src/domain/snapshots/<file>`; `ELEVATE_BLESS=1` rewrites it. For
/// output people or scripts rely on: explanations, and the JSON shapes of `--output json`.
#[cfg(test)]
pub(crate) fn snapshot(file: &str, actual: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src/domain/snapshots")
        .join(file);
    if std::env::var_os("ELEVATE_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with ELEVATE_BLESS=1 to create it)",
            path.display()
        )
    });
    assert_eq!(
        actual, expected,
        "{file} changed: review the difference (a JSON shape is a contract with scripts), then ELEVATE_BLESS=1"
    );
}

#[cfg(test)]
mod json_shapes {
    //! The JSON that `--output json` prints is a contract with scripts: its shape is snapshotted.

    use super::request::{Action, Stamp};

    fn stamp(at: &str) -> Stamp<'static> {
        Stamp {
            actor: "user:bob",
            actor_id: None,
            at: at.parse().unwrap(),
            comment: Some("ok, INC-7 is open"),
            policy_version: Some("v1"),
        }
    }

    /// A request approved, granted and revoked, with every event.
    fn history() -> (super::Request, Vec<super::Event>) {
        let (r, e0) = super::request::tests::sample_created(1);
        let (r, e1) = r
            .apply(
                Action::Approve {
                    by: "user:bob".into(),
                    user_id: "u-bob".into(),
                    counts_for: vec!["r".into()],
                },
                &stamp("2026-01-01T00:05:00Z"),
            )
            .unwrap();
        let (r, e2) = r
            .apply(
                Action::BeginGrant {
                    prior_access: false,
                },
                &stamp("2026-01-01T00:05:01Z"),
            )
            .unwrap();
        let (r, e3) = r
            .apply(Action::Granted, &stamp("2026-01-01T00:05:02Z"))
            .unwrap();
        let (r, e4) = r
            .apply(Action::Revoke, &stamp("2026-01-01T00:45:00Z"))
            .unwrap();
        (r, vec![e0, e1, e2, e3, e4])
    }

    fn pretty(v: &impl serde::Serialize) -> String {
        serde_json::to_string_pretty(v).unwrap() + "\n"
    }

    #[test]
    fn request_and_show() {
        let (r, events) = history();
        super::snapshot("request.json", &pretty(&r));
        let undelivered = super::notify::Undelivered {
            request_id: r.id.clone(),
            event_seq: 1,
            event: super::notify::Topic::Requested,
            at: events[0].at,
            failure: super::notify::SendFailure {
                channel: "slack".into(),
                error: "the webhook answered 500 Internal Server Error: ".into(),
            },
        };
        super::snapshot(
            "show.json",
            &pretty(&crate::workflow::show::Shown {
                request: r,
                events,
                undelivered: vec![undelivered],
            }),
        );
    }

    #[test]
    fn audit_record_and_notification() {
        let (r, events) = history();
        super::snapshot(
            "audit_record.json",
            &pretty(&crate::workflow::audit::record(r.clone(), &events)),
        );
        let n = super::notify::Notification::new(super::notify::Topic::Ended, &r, &events[4]);
        super::snapshot("notification.json", &pretty(&n));
    }
}
