//! The ledger's integrity, in one place: the canonical form events and records are hashed in,
//! the hash chain, replaying a request from its events, and the seal every event carries — the
//! KMS encryption context that proves who wrote it, and what a valid seal must say.
//!
//! A seal is KMS `Encrypt` of an event's hash under the author's own credentials with the
//! encryption context [`seal_context`]. The seal key's policy (`domain::key_policy`) lets a
//! principal encrypt only with `elevate:actor` equal to its own `aws:userid`, and only the kinds
//! of decision that principal may make. Verifying is `Decrypt` with the context rebuilt from the
//! event: a ledger writer can still write bytes, but not a seal of a decision they may not make.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// The encryption context keys of a seal, exactly: a seal with any other key is refused by the
/// key policy (`kms:EncryptionContextKeys`).
pub const CONTEXT_KEYS: [&str; 5] = [
    "elevate:ledger",
    "elevate:request",
    "elevate:hash",
    "elevate:kind",
    "elevate:actor",
];

/// What `elevate:request` says of a policy version's seal (requests are named by their id).
pub const POLICY_SUBJECT: &str = "policy";

/// The kind of decision a seal vouches for. The key policy allows each kind only to the
/// principals that may make it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SealKind {
    /// A person's own request and what only its requester or beneficiary does with it (cancel,
    /// ask for an extension, end it early): Identity Center users of elevate's permission sets.
    Request,
    /// The same, by a role the policy lets ask for someone else (`[[delegate]]`).
    Delegate,
    /// An approver's decision: approve, reject, review, revoke. Approver permission sets only.
    Approve,
    /// Carrying out a grant or an end with a person's own credentials (direct mode): approver
    /// permission sets only.
    Grant,
    /// What the executor records: grants, ends, expiries, failures. The executor role only.
    Execute,
    /// A policy version. The admin role only.
    Policy,
}

impl SealKind {
    pub const ALL: [SealKind; 6] = [
        SealKind::Request,
        SealKind::Delegate,
        SealKind::Approve,
        SealKind::Grant,
        SealKind::Execute,
        SealKind::Policy,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SealKind::Request => "request",
            SealKind::Delegate => "delegate",
            SealKind::Approve => "approve",
            SealKind::Grant => "grant",
            SealKind::Execute => "execute",
            SealKind::Policy => "policy",
        }
    }
}

impl fmt::Display for SealKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The encryption context of a seal: the ledger, the request (or [`POLICY_SUBJECT`]), the hash
/// sealed, the kind of decision and the author's `aws:userid`. Sealing and verifying build it
/// the same way, from the event itself, so a seal moved to another event, request, ledger or
/// author no longer decrypts.
pub fn seal_context(
    ledger: &str,
    subject: &str,
    hash: &str,
    kind: SealKind,
    actor: &str,
) -> BTreeMap<String, String> {
    let values = [ledger, subject, hash, kind.as_str(), actor];
    CONTEXT_KEYS
        .iter()
        .zip(values)
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seal_names_exactly_the_five_context_keys() {
        let c = seal_context("dynamodb:t", "r-0000000000", "ab", SealKind::Approve, "AROA:bob");
        assert_eq!(
            c.keys().map(String::as_str).collect::<Vec<_>>(),
            {
                let mut k = CONTEXT_KEYS.to_vec();
                k.sort();
                k
            }
        );
        assert_eq!(c["elevate:kind"], "approve");
        assert_eq!(c["elevate:actor"], "AROA:bob");
    }
}
