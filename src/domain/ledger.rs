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

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::event::{Event, EventKind, GENESIS_HASH};
use super::request::{Action, NewRequest, Request, RequestId, Stamp, Status};

/// The encryption context keys of a seal, exactly: a seal with any other key is refused by the
/// key policy (`kms:EncryptionContextKeys`).
pub const CONTEXT_KEYS: [&str; 5] = [
    "elevate:ledger",
    "elevate:request",
    "elevate:hash",
    "elevate:kind",
    "elevate:actor",
];

/// The one further key a delegate's seal carries: the role the event's author names, as
/// `arn:<partition>:iam::<account>:role/<name>`. A delegate's `aws:userid` is `<role id>:<session
/// name>`, and a session name is the caller's to choose; the key policy allows each delegate role
/// to seal only with its own role here, so one delegate cannot write as another.
pub const ROLE_KEY: &str = "elevate:role";

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

/// In what capacity a command writes: decides the kind of seal it asks KMS for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capacity {
    /// An Identity Center user about their own request (or one for them).
    Requester,
    /// A role the policy lets ask for someone else.
    Delegate,
    /// An Identity Center user deciding, or carrying out what was decided (direct mode).
    Approver,
    /// The executor role.
    Executor,
}

/// The seal an event written in `capacity` carries. One table with [`kinds_allowed`]: an event
/// is valid only under a kind some capacity would have sealed it with.
pub fn seal_kind(capacity: Capacity, event: &Event) -> SealKind {
    use Capacity::*;
    let asker = |c: Capacity| {
        if c == Delegate {
            SealKind::Delegate
        } else {
            SealKind::Request
        }
    };
    let carrier = |c: Capacity| {
        if c == Executor {
            SealKind::Execute
        } else {
            SealKind::Grant
        }
    };
    let Some(action) = &event.action else {
        // The request itself.
        return asker(capacity);
    };
    match (action, capacity) {
        (
            Action::Approve { .. }
            | Action::Reject
            | Action::ApproveExtension { .. }
            | Action::RejectExtension
            | Action::Review { .. },
            _,
        ) => SealKind::Approve,
        (Action::Cancel | Action::RequestExtension { .. }, c) => asker(c),
        (Action::PolicyApprove, c @ (Requester | Delegate)) => asker(c),
        (Action::Revoke | Action::RevokeFailed { .. }, c @ (Requester | Delegate)) => asker(c),
        (Action::Revoke, Approver) => SealKind::Approve,
        // Asking the executor for an early end: the asker's own kind of decision.
        (Action::AskRevoke, c @ (Requester | Delegate)) => asker(c),
        (Action::AskRevoke, Approver) => SealKind::Approve,
        (Action::AskRevoke, Executor) => SealKind::Execute,
        (
            Action::PolicyApprove
            | Action::Expire
            | Action::BeginGrant { .. }
            | Action::ScheduleGrant { .. }
            | Action::Granted
            | Action::GrantFailed { .. }
            | Action::End
            | Action::RevokeFailed { .. }
            | Action::Revoke,
            c,
        ) => carrier(c),
    }
}

/// The kinds of seal under which `event` is valid: the images of [`seal_kind`].
pub fn kinds_allowed(event: &Event) -> Vec<SealKind> {
    let mut kinds: Vec<SealKind> = [
        Capacity::Requester,
        Capacity::Delegate,
        Capacity::Approver,
        Capacity::Executor,
    ]
    .into_iter()
    .map(|c| seal_kind(c, event))
    .collect();
    kinds.sort();
    kinds.dedup();
    kinds
}

/// The role session name in an `aws:userid` (`<role id>:<session name>`); `None` for anything
/// else (an IAM user's id has no session).
pub fn session_of_userid(userid: &str) -> Option<&str> {
    userid
        .split_once(':')
        .map(|(_, s)| s)
        .filter(|s| !s.is_empty())
}

/// `(role name, session name)` of an STS assumed-role ARN.
pub fn role_session(arn: &str) -> Option<(&str, &str)> {
    let (_, rest) = arn.split_once(":assumed-role/")?;
    let (role, session) = rest.split_once('/')?;
    (!role.is_empty() && !session.is_empty()).then_some((role, session))
}

/// The role an assumed-role session ARN names, as [`ROLE_KEY`] carries it (without the role's
/// path, which the session ARN does not show).
pub fn delegate_role(label: &str) -> Option<String> {
    let (role, _) = role_session(label)?;
    let mut parts = label.splitn(6, ':');
    let (_, partition, service, _, account) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    (service == "sts" && !partition.is_empty() && !account.is_empty())
        .then(|| format!("arn:{partition}:iam::{account}:role/{role}"))
}

/// The encryption context of an event's seal: [`seal_context`], and for a delegate's seal the
/// role its label (`actor`, as the ledger shows it) names under [`ROLE_KEY`] (empty when it
/// names none, which no key policy statement allows).
pub fn event_seal_context(
    ledger: &str,
    event: &Event,
    kind: SealKind,
    actor_id: &str,
) -> BTreeMap<String, String> {
    let mut context = seal_context(
        ledger,
        event.request_id.as_str(),
        &event.hash,
        kind,
        actor_id,
    );
    if kind == SealKind::Delegate {
        context.insert(
            ROLE_KEY.to_string(),
            delegate_role(&event.actor).unwrap_or_default(),
        );
    }
    context
}

/// Who a valid seal says wrote the event, in words the authorisation table takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Author {
    /// An Identity Center user, by user name.
    Person {
        name: String,
        approver: bool,
    },
    /// A role asking for someone else, by its ARN as the ledger records it.
    Delegate {
        arn: String,
    },
    Executor,
    Admin,
}

/// What a seal of `kind` on `event` must say beyond decrypting: that the kind is one this
/// event may carry, and that the name the ledger shows (`actor`) is the one the seal proves
/// (`actor_id`, the author's `aws:userid`). Returns who wrote it.
pub fn seal_author(event: &Event, kind: SealKind) -> Result<Author, String> {
    if !kinds_allowed(event).contains(&kind) {
        return Err(format!(
            "event {} ({}) is sealed as a {kind} decision, which it cannot be",
            event.seq,
            event.kind.as_str()
        ));
    }
    let Some(session) = event.actor_id.as_deref().and_then(session_of_userid) else {
        return Err(format!(
            "event {} names no role session as its author",
            event.seq
        ));
    };
    let mismatch = || {
        format!(
            "event {} says it was written by {} but its seal was made by session '{session}'",
            event.seq, event.actor
        )
    };
    match kind {
        SealKind::Request | SealKind::Approve | SealKind::Grant => {
            if event.actor != format!("user:{session}") {
                return Err(mismatch());
            }
            // An Identity Center user asks for access for themselves only; asking for someone
            // else is a delegate role's, as the policy's [[delegate]] allows.
            if let Some(new) = &event.opened
                && !(new.requester.user_name.as_deref() == Some(session)
                    && new.principal.kind == super::principal::PrincipalKind::User
                    && new.principal.name == session
                    && new.requester.user_id.as_deref() == Some(new.principal.id.as_str()))
            {
                return Err(format!(
                    "event 1 asks for access for {} in the name of user:{session}: a person asks only for themselves",
                    new.principal
                ));
            }
            Ok(Author::Person {
                name: session.to_string(),
                approver: matches!(kind, SealKind::Approve | SealKind::Grant),
            })
        }
        SealKind::Delegate | SealKind::Execute | SealKind::Policy => {
            if role_session(&event.actor).map(|(_, s)| s) != Some(session) {
                return Err(mismatch());
            }
            Ok(match kind {
                SealKind::Delegate => Author::Delegate {
                    arn: event.actor.clone(),
                },
                SealKind::Execute => Author::Executor,
                _ => Author::Admin,
            })
        }
    }
}

/// A request (or the policy history) whose ledger does not hold together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tampering {
    /// The request id, or "policy".
    pub subject: String,
    pub problems: Vec<String>,
}

impl fmt::Display for Tampering {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = if self.subject == POLICY_SUBJECT {
            "the policy history".to_string()
        } else {
            format!("request {}", self.subject)
        };
        writeln!(f, "TAMPERING: {what} does not match its sealed events:")?;
        for p in &self.problems {
            writeln!(f, "  - {p}")?;
        }
        write!(
            f,
            "Nothing was done: elevate does not act on a ledger entry that does not hold. Run `elevate audit verify` to see every problem, find who wrote the table (CloudTrail data events), and restore it from a backup (DynamoDB point-in-time recovery)"
        )
    }
}

// --- hashing --------------------------------------------------------------------------------

/// The hashed content of an event: every field but the hash and the seal, in a fixed order.
/// Fields added later are left out when absent, so older events hash as they always did.
#[derive(Serialize)]
struct Content<'a> {
    request_id: &'a RequestId,
    seq: u64,
    at: &'a Timestamp,
    actor: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    actor_id: Option<&'a str>,
    kind: EventKind,
    status: Status,
    comment: Option<&'a str>,
    detail: Option<&'a str>,
    policy_version: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    state: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    opened: Option<&'a NewRequest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    action: Option<&'a Action>,
    prev_hash: &'a str,
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The hash of an event's content.
pub fn event_hash(ev: &Event) -> String {
    let content = Content {
        request_id: &ev.request_id,
        seq: ev.seq,
        at: &ev.at,
        actor: &ev.actor,
        actor_id: ev.actor_id.as_deref(),
        kind: ev.kind,
        status: ev.status,
        comment: ev.comment.as_deref(),
        detail: ev.detail.as_deref(),
        policy_version: ev.policy_version.as_deref(),
        state: ev.state.as_deref(),
        opened: ev.opened.as_deref(),
        action: ev.action.as_ref(),
        prev_hash: &ev.prev_hash,
    };
    // Plain structs of strings, numbers and enums: serialising cannot fail.
    let bytes = serde_json::to_vec(&content).unwrap_or_default();
    sha256_hex(&bytes)
}

/// Writes `v` as JSON with object keys sorted and null / empty-array members left out.
fn canonical(v: &serde_json::Value, out: &mut String) {
    use serde_json::Value;
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map
                .iter()
                .filter(|(_, v)| !v.is_null() && v.as_array().is_none_or(|a| !a.is_empty()))
                .map(|(k, _)| k)
                .collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                canonical(&map[k], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// Hash of a request record's content, without `head_hash` (which the event about to be
/// written sets): what that event chains. The form is canonical — keys sorted, absent and empty
/// values left out — so a record read back by a later version, with new optional fields at
/// their defaults, hashes as it did when it was written.
pub fn state_hash(request: &Request) -> String {
    let mut value = serde_json::to_value(request).unwrap_or_default();
    if let Some(map) = value.as_object_mut() {
        map.remove("head_hash");
    }
    let mut text = String::new();
    canonical(&value, &mut text);
    sha256_hex(text.as_bytes())
}

/// The hash a policy version's seal covers: every field but the seal.
pub fn policy_version_hash(
    number: u64,
    policy_hash: &str,
    text: &str,
    applied_by: &str,
    applied_at: Timestamp,
    actor_id: Option<&str>,
) -> String {
    #[derive(Serialize)]
    struct Content<'a> {
        number: u64,
        hash: &'a str,
        text: &'a str,
        applied_by: &'a str,
        applied_at: Timestamp,
        actor_id: Option<&'a str>,
    }
    let bytes = serde_json::to_vec(&Content {
        number,
        hash: policy_hash,
        text,
        applied_by,
        applied_at,
        actor_id,
    })
    .unwrap_or_default();
    sha256_hex(&bytes)
}

/// Whether `label` (how the ledger names the one who applied a policy version: `user:<name>` or
/// a role's ARN) is the role session `actor_id` names.
pub fn names_session(label: &str, actor_id: &str) -> bool {
    let Some(session) = session_of_userid(actor_id) else {
        return false;
    };
    label == format!("user:{session}") || role_session(label).map(|(_, s)| s) == Some(session)
}

// --- the chain and replay -------------------------------------------------------------------

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
        if event_hash(ev) != ev.hash {
            return Err(format!(
                "event {} was modified after it was written",
                ev.seq
            ));
        }
        prev = ev.hash.clone();
    }
    Ok(())
}

/// Whether the events record their actions, so the request can be rebuilt from them. Ledgers
/// written before that can only be checked by their chain ([`verify_legacy`]).
pub fn replayable(events: &[Event]) -> bool {
    events.first().is_some_and(|e| e.opened.is_some())
}

/// How far an event may be dated before the one it follows: two authors' clocks, each within
/// five minutes of AWS's.
pub const ORDER_TOLERANCE: jiff::SignedDuration = jiff::SignedDuration::from_mins(10);

/// Where rebuilding a request from its events stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    /// The first event that is not what the one before it allows.
    pub seq: u64,
    pub problem: String,
}

/// The request as its events build it, and how far they do.
#[derive(Debug, Clone)]
pub struct Replayed {
    /// The request after the last event that holds; `None` when not even the first does.
    pub request: Option<Request>,
    /// How many events hold, from the first.
    pub holding: usize,
    pub broken: Option<Broken>,
}

/// Rebuilds a request from its events alone: the first event's request, then each action
/// applied by the state machine. Every event must be exactly what that produces — its hash,
/// status, the record's state, its chain — and no earlier than the event before it. An event
/// written any other way (edited, forged with a well-formed hash, reordered, removed) stops the
/// replay there.
pub fn replay(events: &[Event]) -> Replayed {
    replay_with(events, |_| {})
}

/// The request after each event, for as long as its events hold.
pub fn states(events: &[Event]) -> Vec<Request> {
    let mut out = Vec::with_capacity(events.len());
    replay_with(events, |r| out.push(r.clone()));
    out
}

fn replay_with(events: &[Event], mut each: impl FnMut(&Request)) -> Replayed {
    let mut current: Option<Request> = None;
    let mut prev: Option<&Event> = None;
    for (i, ev) in events.iter().enumerate() {
        let seq = i as u64 + 1;
        let broken = |problem: String| Replayed {
            request: current.clone(),
            holding: i,
            broken: Some(Broken { seq, problem }),
        };
        if ev.seq != seq {
            return broken(format!(
                "event {seq} is missing or out of order (found seq {})",
                ev.seq
            ));
        }
        // Each author stamps AWS's time as their own machine reads it (within a few minutes of
        // it, or elevate refuses to act): events may be out of order by at most twice that.
        if let Some(p) = prev
            && p.at
                .checked_sub(ORDER_TOLERANCE)
                .is_ok_and(|earliest| ev.at < earliest)
        {
            return broken(format!(
                "event {seq} is dated {} but the event before it {}",
                ev.at, p.at
            ));
        }
        let stamp = Stamp {
            actor: &ev.actor,
            actor_id: ev.actor_id.as_deref(),
            at: ev.at,
            comment: ev.comment.as_deref(),
            policy_version: ev.policy_version.as_deref(),
        };
        if let Some(Action::Approve { by, .. } | Action::ApproveExtension { by, .. }) = &ev.action
            && *by != ev.actor
        {
            return broken(format!(
                "event {seq} records an approval by {by} but was written by {}",
                ev.actor
            ));
        }
        let rebuilt = match (&current, &ev.opened, &ev.action) {
            (None, Some(new), None) if ev.kind == EventKind::Requested => {
                Request::create((**new).clone(), &stamp)
            }
            (None, _, _) => {
                return broken("the first event does not record the request it opened".into());
            }
            (Some(r), None, Some(action)) => match r.apply(action.clone(), &stamp) {
                Ok(next) => next,
                Err(e) => {
                    return broken(format!(
                        "event {seq} ({}) is not allowed where it stands: {e}",
                        ev.kind.as_str()
                    ));
                }
            },
            (Some(_), _, _) => {
                return broken(format!("event {seq} does not record the action it applied"));
            }
        };
        let (request, expected) = rebuilt;
        if expected.hash != ev.hash {
            return broken(if event_hash(ev) != ev.hash {
                format!("event {seq} was modified after it was written")
            } else if ev.prev_hash != expected.prev_hash {
                format!("event {seq} does not chain to the event before it")
            } else {
                format!(
                    "event {seq} ({}) is not what its action produces: it was forged or edited",
                    ev.kind.as_str()
                )
            });
        }
        each(&request);
        current = Some(request);
        prev = Some(ev);
    }
    Replayed {
        request: current,
        holding: events.len(),
        broken: None,
    }
}

/// How the stored record differs from the request its events build; empty when it does not.
pub fn record_problems(stored: &Request, rebuilt: &Request) -> Vec<String> {
    let mut problems = Vec::new();
    if stored.version != rebuilt.version || stored.head_hash != rebuilt.head_hash {
        problems.push(format!(
            "the record is at version {} but its events end at #{}: events were removed or added, or the record was rolled back",
            stored.version, rebuilt.version
        ));
    } else if state_hash(stored) != state_hash(rebuilt) {
        problems.push(format!(
            "the record was changed after event #{} wrote it",
            rebuilt.version
        ));
    }
    if stored.status != rebuilt.status {
        problems.push(format!(
            "the record says {} but its events say {}",
            stored.status, rebuilt.status
        ));
    }
    problems
}

/// Checks a request written before events recorded their actions: the chain, that no event
/// after the last one stored is missing, and that the record is the one its newest event
/// chained. What is checked cannot tell a well-formed forgery from a genuine event.
pub fn verify_legacy(request: &Request, events: &[Event]) -> Vec<String> {
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
                .is_some_and(|s| s != state_hash(request))
            {
                problems.push(format!(
                    "the record was changed after event #{} wrote it",
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

/// The end `request` was granted until, before any extension: its start (granted or
/// scheduled) plus the duration its first event asked for, and never later than its record's
/// end. What a request that no longer holds together is still trusted for: an extension is a
/// later decision whose justification (the policy in force) only a verified request can show.
/// `None` when it was never granted or its first event is not a request.
pub fn end_as_granted(events: &[Event], request: &Request) -> Option<Timestamp> {
    let asked = events.first()?.opened.as_ref()?.duration;
    let start = request.granted_at.or(request.scheduled_start)?;
    let end = start.checked_add(asked).ok()?;
    Some(request.end_at.map_or(end, |e| e.min(end)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seal_names_exactly_the_five_context_keys() {
        let c = seal_context(
            "dynamodb:t",
            "r-0000000000",
            "ab",
            SealKind::Approve,
            "AROA:bob",
        );
        assert_eq!(c.keys().map(String::as_str).collect::<Vec<_>>(), {
            let mut k = CONTEXT_KEYS.to_vec();
            k.sort();
            k
        });
        assert_eq!(c["elevate:kind"], "approve");
        assert_eq!(c["elevate:actor"], "AROA:bob");
    }
}
