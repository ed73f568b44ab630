//! Ledger events: the types. What makes them trustworthy — the hash, the chain, replaying a
//! request from them, and their seals — is `domain::ledger`.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::ledger::SealKind;
use super::request::{Action, NewRequest, RequestId, Status};

/// The `prev_hash` of a request's first event.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Requested,
    Approved,
    AutoApproved,
    BreakGlass,
    Rejected,
    Cancelled,
    Expired,
    GrantStarted,
    Granted,
    GrantFailed,
    Revoked,
    Ended,
    RevokeFailed,
    /// Someone with standing asked the executor to end the access early (brokered mode).
    RevokeRequested,
    GrantScheduled,
    ExtensionRequested,
    ExtensionApproved,
    Extended,
    ExtensionRejected,
    Reviewed,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Requested => "requested",
            EventKind::Approved => "approved",
            EventKind::AutoApproved => "auto_approved",
            EventKind::BreakGlass => "break_glass",
            EventKind::Rejected => "rejected",
            EventKind::Cancelled => "cancelled",
            EventKind::Expired => "expired",
            EventKind::GrantStarted => "grant_started",
            EventKind::Granted => "granted",
            EventKind::GrantFailed => "grant_failed",
            EventKind::Revoked => "revoked",
            EventKind::Ended => "ended",
            EventKind::RevokeFailed => "revoke_failed",
            EventKind::RevokeRequested => "revoke_requested",
            EventKind::GrantScheduled => "grant_scheduled",
            EventKind::ExtensionRequested => "extension_requested",
            EventKind::ExtensionApproved => "extension_approved",
            EventKind::Extended => "extended",
            EventKind::ExtensionRejected => "extension_rejected",
            EventKind::Reviewed => "reviewed",
        }
    }
}

/// The KMS seal of an event's hash, made with its author's own credentials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seal {
    /// The kind of decision it vouches for (`elevate:kind` in its encryption context).
    pub kind: SealKind,
    /// The KMS ciphertext, base64.
    pub blob: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub request_id: RequestId,
    /// 1 for the request's creation; equal to the request version this event produced.
    pub seq: u64,
    pub at: Timestamp,
    pub actor: String,
    /// The author's `aws:userid`: what the seal's `elevate:actor` names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_id: Option<String>,
    pub kind: EventKind,
    /// The request's status after this event.
    pub status: Status,
    pub comment: Option<String>,
    /// Machine-written detail, e.g. the failure reason Identity Center gave.
    pub detail: Option<String>,
    pub policy_version: Option<String>,
    /// Hash of the request record as this event left it (`ledger::state_hash`): the record
    /// itself is chained into its newest event, so editing it is detected too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// The first event: what the request was opened with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opened: Option<Box<NewRequest>>,
    /// Every later event: the action applied. With `opened`, the request can be rebuilt from
    /// its events alone (`ledger::replay`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<Action>,
    pub prev_hash: String,
    pub hash: String,
    /// Not hashed: it is the author's signature over `hash`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seal: Option<Seal>,
}

/// Everything an event is made of but its hash and seal.
pub struct Fields {
    pub request_id: RequestId,
    pub seq: u64,
    pub at: Timestamp,
    pub actor: String,
    pub actor_id: Option<String>,
    pub kind: EventKind,
    pub status: Status,
    pub comment: Option<String>,
    pub detail: Option<String>,
    pub policy_version: Option<String>,
    pub state: Option<String>,
    pub opened: Option<Box<NewRequest>>,
    pub action: Option<Action>,
    pub prev_hash: String,
}

impl Event {
    /// An event with its content hash, unsealed.
    pub fn new(f: Fields) -> Event {
        let mut ev = Event {
            request_id: f.request_id,
            seq: f.seq,
            at: f.at,
            actor: f.actor,
            actor_id: f.actor_id,
            kind: f.kind,
            status: f.status,
            comment: f.comment,
            detail: f.detail,
            policy_version: f.policy_version,
            state: f.state,
            opened: f.opened,
            action: f.action,
            prev_hash: f.prev_hash,
            hash: String::new(),
            seal: None,
        };
        ev.hash = super::ledger::event_hash(&ev);
        ev
    }
}
