//! Pure types and rules: no I/O, no async, no clock. Everything here is decided from its inputs,
//! so it is tested exhaustively in plain unit tests.

pub mod activity;
pub mod caller;
pub mod duration;
pub mod eligibility;
pub mod event;
pub mod explain;
pub mod iam;
pub mod notify;
pub mod org;
pub mod policy;
pub mod principal;
pub mod reconcile;
pub mod request;
pub mod schedule;

pub use caller::{Actor, CallerArn, GroupIdentity, UserIdentity};
pub use duration::{
    DurationError, StartError, format_duration, parse_duration, parse_start, parse_time,
};
pub use event::{Event, EventKind, GENESIS_HASH};
pub use org::{Account, OrgTree};
pub use policy::{Decision, Mode, Policy, PolicyError, Requirement, Terms};
pub use principal::{Principal, PrincipalKind, PrincipalRef};
pub use request::{
    Action, Assignment, Failure, FailurePhase, PermissionSet, Request, RequestId, Status,
    TransitionError,
};
