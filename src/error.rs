//! The library's error, and the one place errors become exit codes (DESIGN.md section 5).

use crate::domain::ledger::{SealKind, Tampering};
use crate::domain::{PolicyError, TransitionError};
use crate::store::StoreError;
use crate::workflow::ports::ClockError;

/// What kind of failure an AWS call met, as the workflow acts on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceErrorKind {
    AccessDenied,
    NotFound,
    Throttled,
    Conflict,
    Invalid,
    Unavailable,
    Other,
}

/// An AWS call that failed, without SDK types: service, operation, what kind of failure, and
/// the service's message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ServiceError {
    pub service: &'static str,
    pub operation: &'static str,
    pub kind: ServiceErrorKind,
    pub message: String,
}

impl ServiceError {
    /// What failed, without the advice `Display` adds: for a caller that says what to do itself.
    pub fn what_failed(&self) -> String {
        format!(
            "{} {} failed: {}",
            self.service, self.operation, self.message
        )
    }
}

impl std::fmt::Display for ServiceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.what_failed())?;
        match self.kind {
            ServiceErrorKind::AccessDenied => write!(
                f,
                "\n  your credentials are not allowed to call {}:{}; see `elevate --help` (IAM permissions) or ask your AWS administrator",
                self.service, self.operation
            ),
            ServiceErrorKind::Throttled => f.write_str(
                "\n  AWS is throttling these calls; wait a minute and run the command again",
            ),
            ServiceErrorKind::Unavailable => f.write_str(
                "\n  the service is failing or could not be reached; check the region, network and endpoint (AWS_ENDPOINT_URL, if set), then run the command again in a minute",
            ),
            _ => Ok(()),
        }
    }
}

pub type ServiceResult<T> = Result<T, ServiceError>;

/// Documented exit codes.
pub mod exit {
    pub const OK: i32 = 0;
    pub const ERROR: i32 = 1;
    pub const USAGE: i32 = 2;
    pub const DENIED: i32 = 3;
    pub const REJECTED: i32 = 4;
    pub const TIMED_OUT: i32 = 5;
    pub const NOT_FOUND: i32 = 6;
    /// Ctrl-C at a prompt: the shell's 128 + SIGINT, as if the signal had ended the process
    /// (which it does, once the terminal is put back; see `render::prompt`).
    pub const INTERRUPTED: i32 = 130;
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The command line or configuration asks for something that cannot be done as written.
    #[error("{0}")]
    Usage(String),
    /// A value is missing and there is no terminal to ask for it.
    #[error("{flag} is required: {hint}")]
    Missing { flag: &'static str, hint: String },
    /// The person at the terminal backed out of a prompt (Esc, or no to a confirmation):
    /// nothing was done. A usage error, as the value it would have given is missing.
    #[error("{0}")]
    Cancelled(String),
    /// Policy, the tool's own rules (self-approval, long-term keys) or IAM said no.
    #[error("{0}")]
    Denied(String),
    #[error("{0}")]
    Rejected(String),
    #[error("{0}")]
    TimedOut(String),
    #[error("{0}")]
    NotFound(String),
    /// Someone else changed the request first; nothing was done on this side.
    #[error("{0}")]
    Conflict(String),
    /// What was asked is already so: the request is over (or its end already asked). `revoke`
    /// and `cancel` succeed with a note, unless `--strict`.
    #[error("{0}")]
    AlreadyOver(String),
    /// The user's Identity Center sign-in (the access portal's token) is missing or expired.
    #[error("{0}")]
    SignedOut(String),
    /// Identity Center reported a failed grant or revocation; it is recorded on the request.
    #[error("{0}")]
    ProvisioningFailed(String),
    /// Something a person must look at (reconcile's give-ups and drift).
    #[error("{0}")]
    NeedsAttention(String),
    /// Something the user sets up is missing or wrong: credentials, a config value, what an
    /// admin must do first (a policy applied to a sealed ledger).
    #[error("{0}")]
    Config(String),
    /// A file, a directory or the output could not be read or written (the message names it
    /// and says what the system said), or the system did not give what the command needs: a
    /// signal to listen for, where the binary is, TLS trust roots.
    #[error("{0}")]
    Io(String),
    /// KMS refused to seal a decision with the caller's credentials: the seal key's policy does
    /// not let them make that kind of decision.
    #[error(
        "KMS refused to seal this {kind} decision with your credentials ({message}). The seal key's policy lets only the principals that may make a {kind} decision seal it; see `elevate iam-policy kms-key`"
    )]
    SealRefused { kind: SealKind, message: String },
    /// The ledger does not hold together: forged or edited state, refused and reported.
    #[error("{0}")]
    Tampered(Box<Tampering>),
    /// This machine's clock is too far from AWS's to act on.
    #[error(transparent)]
    Clock(#[from] ClockError),
    #[error(transparent)]
    Policy(#[from] PolicyError),
    #[error(transparent)]
    Transition(#[from] TransitionError),
    #[error(transparent)]
    Service(#[from] ServiceError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Error {
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) | Error::Missing { .. } | Error::Cancelled(_) => exit::USAGE,
            Error::Denied(_) | Error::SealRefused { .. } => exit::DENIED,
            Error::Rejected(_) => exit::REJECTED,
            Error::TimedOut(_) => exit::TIMED_OUT,
            Error::NotFound(_) => exit::NOT_FOUND,
            Error::Service(e) => match e.kind {
                ServiceErrorKind::AccessDenied => exit::DENIED,
                ServiceErrorKind::NotFound => exit::NOT_FOUND,
                _ => exit::ERROR,
            },
            Error::Conflict(_)
            | Error::AlreadyOver(_)
            | Error::SignedOut(_)
            | Error::ProvisioningFailed(_)
            | Error::NeedsAttention(_)
            | Error::Config(_)
            | Error::Io(_)
            | Error::Tampered(_)
            | Error::Clock(_)
            | Error::Policy(_)
            | Error::Transition(_)
            | Error::Store(_) => exit::ERROR,
        }
    }
}

impl Error {
    /// A stable name for scripts (`-o json`'s `error.code`).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Usage(_) => "usage",
            Error::Missing { .. } => "missing",
            Error::Cancelled(_) => "cancelled",
            Error::Denied(_) => "denied",
            Error::SealRefused { .. } => "seal_refused",
            Error::Rejected(_) => "rejected",
            Error::TimedOut(_) => "timed_out",
            Error::NotFound(_) => "not_found",
            Error::Conflict(_) => "conflict",
            Error::AlreadyOver(_) => "already_over",
            Error::SignedOut(_) => "signed_out",
            Error::ProvisioningFailed(_) => "provisioning_failed",
            Error::NeedsAttention(_) => "needs_attention",
            Error::Config(_) => "config",
            Error::Io(_) => "io",
            Error::Tampered(_) => "tampered",
            Error::Clock(_) => "clock",
            Error::Policy(_) => "policy",
            Error::Transition(_) => "transition",
            Error::Service(e) => match e.kind {
                ServiceErrorKind::AccessDenied => "denied",
                ServiceErrorKind::NotFound => "not_found",
                _ => "service",
            },
            Error::Store(_) => "store",
        }
    }

    /// The request an error is about, when its message names one (`r-` and ten characters of
    /// the id alphabet): what a script needs to follow up or clean up.
    pub fn request(&self) -> Option<String> {
        let text = self.to_string();
        text.split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
            .find(|w| w.parse::<crate::domain::RequestId>().is_ok())
            .map(str::to_string)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_errors_name_their_kind_and_the_request_they_are_about() {
        let e = Error::TimedOut(
            "request r-7k3m9x2p4q is still pending after 10s; it stays pending".into(),
        );
        assert_eq!((e.code(), e.exit_code()), ("timed_out", 5));
        assert_eq!(e.request().as_deref(), Some("r-7k3m9x2p4q"));
        assert_eq!(Error::AlreadyOver("x".into()).code(), "already_over");
        assert_eq!(Error::AlreadyOver("x".into()).exit_code(), 1);
        // Words that look like ids but are not, and no id at all.
        assert_eq!(Error::Usage("run r-short, or r-".into()).request(), None);
        assert_eq!(Error::Config("no id here".into()).request(), None);
    }

    #[test]
    fn exit_codes_match_the_contract() {
        let svc = |kind| {
            Error::Service(ServiceError {
                service: "sso-admin",
                operation: "CreateAccountAssignment",
                kind,
                message: "m".into(),
            })
        };
        assert_eq!(Error::Usage("x".into()).exit_code(), 2);
        assert_eq!(
            Error::Missing {
                flag: "--reason",
                hint: "h".into()
            }
            .exit_code(),
            2
        );
        assert_eq!(Error::Cancelled("x".into()).exit_code(), 2);
        assert_eq!(Error::Denied("x".into()).exit_code(), 3);
        assert_eq!(svc(ServiceErrorKind::AccessDenied).exit_code(), 3);
        assert_eq!(Error::Rejected("x".into()).exit_code(), 4);
        assert_eq!(Error::TimedOut("x".into()).exit_code(), 5);
        assert_eq!(Error::NotFound("x".into()).exit_code(), 6);
        assert_eq!(svc(ServiceErrorKind::NotFound).exit_code(), 6);
        assert_eq!(svc(ServiceErrorKind::Throttled).exit_code(), 1);
        assert_eq!(Error::Conflict("x".into()).exit_code(), 1);
        assert_eq!(Error::ProvisioningFailed("x".into()).exit_code(), 1);
        assert_eq!(Error::Io("x".into()).exit_code(), 1);
        let skew = crate::workflow::ports::ClockError {
            skew: jiff::SignedDuration::from_hours(-1),
            aws: jiff::Timestamp::UNIX_EPOCH,
            local: jiff::Timestamp::UNIX_EPOCH,
        };
        assert_eq!(Error::Clock(skew).exit_code(), 1);
    }
}

/// An error and its sources, one `: ` apart, each said once: what a person reads, without the
/// `Debug` dump the SDK's own display context appends.
pub fn chain(error: &dyn std::error::Error) -> String {
    let mut out = error.to_string();
    let mut source = error.source();
    while let Some(e) = source {
        let text = e.to_string();
        if !text.is_empty() && !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = e.source();
    }
    out
}

#[cfg(test)]
mod chain_tests {
    #[derive(Debug, thiserror::Error)]
    #[error("dispatch failure")]
    struct Outer(#[source] std::io::Error);

    #[test]
    fn an_error_is_said_with_its_sources_once_and_without_debug_dumps() {
        let e = Outer(std::io::Error::other(
            "connection closed before message completed",
        ));
        assert_eq!(
            super::chain(&e),
            "dispatch failure: connection closed before message completed"
        );
    }
}
