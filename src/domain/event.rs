//! Ledger events. Each event carries the hash of the previous event of its request and the hash
//! of its own content, so an edited, removed or reordered event breaks the chain.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::request::{RequestId, Status};

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
            EventKind::GrantScheduled => "grant_scheduled",
            EventKind::ExtensionRequested => "extension_requested",
            EventKind::ExtensionApproved => "extension_approved",
            EventKind::Extended => "extended",
            EventKind::ExtensionRejected => "extension_rejected",
            EventKind::Reviewed => "reviewed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub request_id: RequestId,
    /// 1 for the request's creation; equal to the request version this event produced.
    pub seq: u64,
    pub at: Timestamp,
    pub actor: String,
    pub kind: EventKind,
    /// The request's status after this event.
    pub status: Status,
    pub comment: Option<String>,
    /// Machine-written detail, e.g. the failure reason Identity Center gave.
    pub detail: Option<String>,
    pub policy_version: Option<String>,
    /// Hash of the request record as this event left it (`Request::state_hash`): the record
    /// itself is sealed into its newest event, so editing it is detected too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// The hashed content: every field but the hash itself, in a fixed order.
#[derive(Serialize)]
struct Content<'a> {
    request_id: &'a RequestId,
    seq: u64,
    at: &'a Timestamp,
    actor: &'a str,
    kind: EventKind,
    status: Status,
    comment: Option<&'a str>,
    detail: Option<&'a str>,
    policy_version: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    state: Option<&'a str>,
    prev_hash: &'a str,
}

impl Event {
    #[allow(clippy::too_many_arguments)]
    pub fn seal(
        request_id: RequestId,
        seq: u64,
        at: Timestamp,
        actor: String,
        kind: EventKind,
        status: Status,
        comment: Option<String>,
        detail: Option<String>,
        policy_version: Option<String>,
        prev_hash: &str,
    ) -> Event {
        let mut ev = Event {
            request_id,
            seq,
            at,
            actor,
            kind,
            status,
            comment,
            detail,
            policy_version,
            state: None,
            prev_hash: prev_hash.to_string(),
            hash: String::new(),
        };
        ev.hash = ev.content_hash();
        ev
    }

    /// Seals the request record's state into the event (and re-hashes it).
    pub fn with_state(mut self, state: String) -> Event {
        self.state = Some(state);
        self.hash = self.content_hash();
        self
    }

    pub fn content_hash(&self) -> String {
        let content = Content {
            request_id: &self.request_id,
            seq: self.seq,
            at: &self.at,
            actor: &self.actor,
            kind: self.kind,
            status: self.status,
            comment: self.comment.as_deref(),
            detail: self.detail.as_deref(),
            policy_version: self.policy_version.as_deref(),
            state: self.state.as_deref(),
            prev_hash: &self.prev_hash,
        };
        // Serialising a plain struct of strings and numbers cannot fail.
        let bytes = serde_json::to_vec(&content).expect("event content serialises");
        hex::encode(Sha256::digest(bytes))
    }
}

/// Checks a request against its events: the chain (below), that no event after the last one
/// stored is missing, and that the record is the one its newest event sealed. Every problem
/// found, in words an auditor can act on.
pub fn verify_request(request: &super::Request, events: &[Event]) -> Vec<String> {
    let mut problems = Vec::new();
    if let Err(e) = verify_chain(events) {
        problems.push(e);
    }
    match events.last() {
        None => problems.push("the request has no ledger events".into()),
        Some(last) => {
            if request.version != last.seq || request.head_hash != last.hash {
                problems.push(format!(
                    "the record is at version {} but its newest event is #{}: events were removed, or the record was rolled back",
                    request.version, last.seq
                ));
            } else if last
                .state
                .as_deref()
                .is_some_and(|s| s != request.state_hash())
            {
                problems.push(format!(
                    "the record was changed after event #{} sealed it",
                    last.seq
                ));
            }
            if request.status != last.status {
                problems.push(format!(
                    "the record says {} but its newest event says {}",
                    request.status, last.status
                ));
            }
        }
    }
    problems
}

/// Checks one request's events: in order, each chained to the previous, each hash matching its
/// content. Returns the first problem found.
pub fn verify_chain(events: &[Event]) -> Result<(), String> {
    let mut prev = GENESIS_HASH.to_string();
    for (i, ev) in events.iter().enumerate() {
        let want_seq = i as u64 + 1;
        if ev.seq != want_seq {
            return Err(format!(
                "event {want_seq} is missing or out of order (found seq {})",
                ev.seq
            ));
        }
        if ev.prev_hash != prev {
            return Err(format!(
                "event {} does not chain to the event before it",
                ev.seq
            ));
        }
        if ev.content_hash() != ev.hash {
            return Err(format!(
                "event {} was modified after it was written",
                ev.seq
            ));
        }
        prev = ev.hash.clone();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::request::{Action, Stamp};

    fn chain() -> Vec<Event> {
        let (req, created) = crate::domain::request::tests::sample_created(1);
        let mut events = vec![created];
        let stamp = Stamp {
            actor: "user:bob",
            at: "2026-01-01T01:00:00Z".parse().unwrap(),
            comment: Some("ok"),
            policy_version: Some("v1"),
        };
        let (req, ev) = req
            .apply(
                Action::Approve {
                    by: "user:bob".into(),
                    user_id: "u-bob".into(),
                    counts_for: vec!["r".into()],
                },
                &stamp,
            )
            .unwrap();
        events.push(ev);
        let (req, ev) = req
            .apply(
                Action::BeginGrant {
                    prior_access: false,
                },
                &stamp,
            )
            .unwrap();
        events.push(ev);
        let (_, ev) = req.apply(Action::Granted, &stamp).unwrap();
        events.push(ev);
        events
    }

    #[test]
    fn an_untouched_chain_verifies() {
        assert_eq!(verify_chain(&chain()), Ok(()));
    }

    #[test]
    fn edits_removals_and_reordering_are_caught() {
        let mut edited = chain();
        edited[1].comment = Some("looks fine".into());
        assert!(verify_chain(&edited).unwrap_err().contains("modified"));

        let mut removed = chain();
        removed.remove(1);
        assert!(
            verify_chain(&removed)
                .unwrap_err()
                .contains("missing or out of order")
        );

        let mut reordered = chain();
        reordered.swap(1, 2);
        assert!(verify_chain(&reordered).is_err());

        // Rewriting an event and recomputing its own hash still breaks the next link.
        let mut rehashed = chain();
        rehashed[1].actor = "user:mallory".into();
        rehashed[1].hash = rehashed[1].content_hash();
        assert!(
            verify_chain(&rehashed)
                .unwrap_err()
                .contains("does not chain")
        );
    }
}
