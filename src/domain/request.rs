//! A request for elevated access and its state machine.
//!
//! ```text
//! pending ──approve(quorum)──▶ approved ──granted──▶ active ──revoke──▶ revoked
//!    │ reject/cancel/expire       │ cancel            │ end ──────────▶ ended
//!    ▼                            │ grant failed      │ revoke failed
//! rejected/cancelled/expired      ▼                   ▼
//!                              failed(grant)       failed(revoke)
//! ```
//! A failed grant can be retried (→ active), cancelled or revoked (nothing was granted); a failed
//! revocation can be retried (→ revoked/ended). Every transition bumps `version`, which stores
//! use as the condition of their write, and yields the ledger event that records it.

use std::fmt;
use std::str::FromStr;

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use super::event::{Event, EventKind, GENESIS_HASH};
use super::policy::{Mode, Requirement};
use super::principal::{Principal, PrincipalKind, PrincipalRef};

/// Short enough to type, random enough never to collide in a ledger (50 bits).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RequestId(String);

// Lower-case Crockford base32: no i, l, o, u, so ids survive being read aloud.
const ID_ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";
const ID_LEN: usize = 10;

impl RequestId {
    pub fn from_entropy(bits: u64) -> RequestId {
        let mut s = String::with_capacity(ID_LEN + 2);
        s.push_str("r-");
        for i in 0..ID_LEN {
            let idx = ((bits >> (i * 5)) & 31) as usize;
            s.push(ID_ALPHABET[idx] as char);
        }
        RequestId(s)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id a request made by `requester` with idempotency `key` always gets: a retry of the
    /// same request collides with the first, which every store refuses to overwrite.
    pub fn for_key(requester: &str, key: &str) -> RequestId {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(format!("{requester}\0{key}").as_bytes());
        let mut bits = [0u8; 8];
        bits.copy_from_slice(&digest[..8]);
        RequestId::from_entropy(u64::from_be_bytes(bits))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a request id: ids look like r-7k3m9x2p4q (see `elevate list`)")]
pub struct RequestIdError(pub String);

impl FromStr for RequestId {
    type Err = RequestIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase();
        let ok = t.len() == ID_LEN + 2
            && t.starts_with("r-")
            && t[2..].bytes().all(|b| ID_ALPHABET.contains(&b));
        if ok {
            Ok(RequestId(t))
        } else {
            Err(RequestIdError(s.to_string()))
        }
    }
}

impl TryFrom<String> for RequestId {
    type Error = RequestIdError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<RequestId> for String {
    fn from(id: RequestId) -> String {
        id.0
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pending,
    Approved,
    Active,
    Ended,
    Rejected,
    Cancelled,
    Expired,
    Revoked,
    Failed,
}

impl Status {
    /// Where a request may hold its assignment, or have it scheduled: what an assignment's
    /// schedules are planned from.
    pub const SCHEDULED_FROM: [Status; 3] = [Status::Approved, Status::Active, Status::Failed];

    pub const ALL: [Status; 9] = [
        Status::Pending,
        Status::Approved,
        Status::Active,
        Status::Ended,
        Status::Rejected,
        Status::Cancelled,
        Status::Expired,
        Status::Revoked,
        Status::Failed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Approved => "approved",
            Status::Active => "active",
            Status::Ended => "ended",
            Status::Rejected => "rejected",
            Status::Cancelled => "cancelled",
            Status::Expired => "expired",
            Status::Revoked => "revoked",
            Status::Failed => "failed",
        }
    }

    /// No transition leaves these.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Status::Ended
                | Status::Rejected
                | Status::Cancelled
                | Status::Expired
                | Status::Revoked
        )
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Status::ALL
            .into_iter()
            .find(|st| st.as_str() == s.trim().to_ascii_lowercase())
            .ok_or_else(|| {
                let all: Vec<_> = Status::ALL.iter().map(|s| s.as_str()).collect();
                format!("'{s}' is not a status: use one of {}", all.join(", "))
            })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailurePhase {
    Grant,
    Revoke,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    pub phase: FailurePhase,
    pub reason: String,
    pub attempts: u32,
    /// When the last attempt failed: retries back off from it.
    #[serde(default)]
    pub at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PermissionSet {
    pub arn: String,
    pub name: String,
    /// How long a console/CLI session of this permission set lasts: it outlives revocation.
    pub session_duration: Option<SignedDuration>,
}

/// The Identity Center account assignment an elevation grants.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Assignment {
    pub instance_arn: String,
    pub account_id: String,
    pub permission_set_arn: String,
    pub principal_kind: PrincipalKind,
    pub principal_id: String,
}

impl Assignment {
    /// One key per assignment tuple: grants and revocations of the same tuple are serialised on it.
    pub fn key(&self) -> String {
        format!(
            "{}|{}|{}|{}|{}",
            self.instance_arn,
            self.account_id,
            self.permission_set_arn,
            self.principal_kind.as_str(),
            self.principal_id
        )
    }
}

/// Who asked: the caller's ARN and, for Identity Center users, the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requester {
    pub arn: String,
    pub user_id: Option<String>,
    pub user_name: Option<String>,
}

impl Requester {
    pub fn label(&self) -> String {
        match &self.user_name {
            Some(n) => format!("user:{n}"),
            None => self.arn.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    /// `user:<name>` of the approver.
    pub by: String,
    /// Identity-store user id: approvals are counted once per distinct person.
    pub user_id: String,
    pub at: Timestamp,
    /// The rules (requirements) this approval counts for: those listing the approver.
    pub counts_for: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub id: RequestId,
    pub version: u64,
    pub status: Status,
    pub requester: Requester,
    pub principal: Principal,
    pub instance_arn: String,
    pub account_id: String,
    pub permission_set: PermissionSet,
    pub duration: SignedDuration,
    pub reason: String,
    pub ticket: Option<String>,
    pub created_at: Timestamp,
    /// The policy rules that decided this request.
    pub rules: Vec<String>,
    pub policy_version: String,
    pub mode: Mode,
    /// Each requiring rule's approvers and count; all must be met.
    pub requirements: Vec<Requirement>,
    /// Everyone listed as an approver by a deciding rule: they may revoke (and review).
    pub approvers: Vec<PrincipalRef>,
    pub approvals: Vec<Approval>,
    /// Not before: the access is granted at this time, or when approved if that is later.
    #[serde(default)]
    pub start_at: Option<Timestamp>,
    /// Set when a future grant was scheduled (the start had not come when the request was
    /// approved): from then on the access window is fixed, `[start, start + duration]`.
    #[serde(default)]
    pub scheduled_start: Option<Timestamp>,
    /// A longer end asked for while active, waiting for approval.
    #[serde(default)]
    pub extension: Option<Extension>,
    /// A break-glass elevation's after-the-fact review by an approver.
    #[serde(default)]
    pub review: Option<Review>,
    /// Brokered mode: someone asked the executor to end it early. It is never granted after.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoke_asked: Option<RevokeAsk>,
    /// Asks by other people after the first (at most [`MAX_REVOKE_ASKS`] in all): an ask the
    /// executor finds no standing for must not stop someone with standing from asking.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub more_revoke_asks: Vec<RevokeAsk>,
    pub granted_at: Option<Timestamp>,
    /// When the grant was started (before anything was created): the elevation's end counts
    /// from here, whoever confirms the grant and however late.
    #[serde(default)]
    pub grant_started_at: Option<Timestamp>,
    pub end_at: Option<Timestamp>,
    pub ended_at: Option<Timestamp>,
    /// Set at grant time: the principal already held this assignment, directly or through an
    /// overlapping elevation that did. Such access is never removed when this elevation ends.
    pub prior_access: Option<bool>,
    pub failure: Option<Failure>,
    /// Hash of the newest ledger event: the next event chains to it.
    pub head_hash: String,
}

/// How many people may ask the executor to end one elevation early.
pub const MAX_REVOKE_ASKS: usize = 5;

/// An early end asked of the executor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevokeAsk {
    pub by: String,
    pub at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub by: String,
    pub at: Timestamp,
    pub comment: String,
}

/// A request to lengthen an active elevation. It takes effect once every requirement is met; the
/// elevation keeps its old end meanwhile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    pub by: SignedDuration,
    pub requested_by: String,
    pub requested_at: Timestamp,
    pub reason: String,
    /// The requirements of the policy in force when it was asked for.
    pub requirements: Vec<Requirement>,
    pub approvals: Vec<Approval>,
}

impl Extension {
    pub fn tally(&self) -> Vec<(&str, u32, u32)> {
        tally(&self.requirements, &self.approvals)
    }
    pub fn quorum_met(&self) -> bool {
        self.tally().iter().all(|(_, have, need)| have >= need)
    }
}

/// Approvals counted towards each requirement: `(rule, have, need)`.
pub fn tally<'a>(
    requirements: &'a [Requirement],
    approvals: &[Approval],
) -> Vec<(&'a str, u32, u32)> {
    requirements
        .iter()
        .map(|r| {
            let have = approvals
                .iter()
                .filter(|a| a.counts_for.contains(&r.rule))
                .count() as u32;
            (r.rule.as_str(), have, r.count)
        })
        .collect()
}

/// Adds an approval by a person, counted for the requirements that list them: approvals count
/// once per person, and only for a rule that asked for them.
fn add_approval(
    id: &RequestId,
    requirements: &[Requirement],
    approvals: &mut Vec<Approval>,
    by: &str,
    user_id: &str,
    counts_for: &[String],
    at: Timestamp,
) -> Result<(), TransitionError> {
    // Once per person: by the name the event is written (and sealed) in, and by the user id
    // they claim.
    if approvals.iter().any(|a| a.user_id == user_id || a.by == by) {
        return Err(TransitionError::AlreadyApproved {
            id: id.clone(),
            by: by.to_string(),
        });
    }
    let counts_for: Vec<String> = counts_for
        .iter()
        .filter(|r| requirements.iter().any(|q| &q.rule == *r))
        .cloned()
        .collect();
    if counts_for.is_empty() {
        return Err(TransitionError::NotAnApprover {
            id: id.clone(),
            by: by.to_string(),
        });
    }
    approvals.push(Approval {
        by: by.to_string(),
        user_id: user_id.to_string(),
        at,
        counts_for,
    });
    Ok(())
}

/// What happens to a request. The workflow decides which action is due; this decides whether
/// it is allowed from the current state and what the request becomes. Each event records its
/// action, so a request can be replayed from its events alone (`domain::ledger::replay`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "do")]
pub enum Action {
    Approve {
        by: String,
        user_id: String,
        counts_for: Vec<String>,
    },
    /// Policy approves without a person: an `auto` rule, or a break-glass request.
    PolicyApprove,
    Reject,
    Cancel,
    Expire,
    /// Records, before anything is created, whether the principal already had the access:
    /// a grant interrupted after `CreateAccountAssignment` must not later mistake its own
    /// assignment for pre-existing access.
    BeginGrant {
        prior_access: bool,
    },
    /// The start is still to come: the grant is left to a schedule (and `reconcile`), and the
    /// window `[start, start + duration]` is fixed. Records prior access like `BeginGrant`.
    ScheduleGrant {
        prior_access: bool,
    },
    Granted,
    GrantFailed {
        reason: String,
    },
    Revoke,
    /// Ask the executor to revoke (brokered mode): nothing is removed yet, and the request can no
    /// longer be granted; the executor's next pass carries it out.
    AskRevoke,
    End,
    RevokeFailed {
        reason: String,
    },
    /// Lengthen an active elevation by `by`; at once when `requirements` is empty.
    RequestExtension {
        by: SignedDuration,
        reason: String,
        requirements: Vec<Requirement>,
    },
    ApproveExtension {
        by: String,
        user_id: String,
        counts_for: Vec<String>,
    },
    RejectExtension,
    /// An approver's review of a break-glass elevation, once it was granted.
    Review {
        comment: String,
    },
}

impl Action {
    pub fn name(&self) -> &'static str {
        match self {
            Action::Approve { .. } => "approve",
            Action::PolicyApprove => "approve by policy",
            Action::Reject => "reject",
            Action::Cancel => "cancel",
            Action::Expire => "expire",
            Action::BeginGrant { .. } => "start granting",
            Action::ScheduleGrant { .. } => "schedule the grant of",
            Action::Granted => "grant",
            Action::GrantFailed { .. } => "record a failed grant of",
            Action::Revoke => "revoke",
            Action::AskRevoke => "ask to revoke",
            Action::End => "end",
            Action::RevokeFailed { .. } => "record a failed revocation of",
            Action::RequestExtension { .. } => "extend",
            Action::ApproveExtension { .. } => "approve an extension of",
            Action::RejectExtension => "reject an extension of",
            Action::Review { .. } => "review",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("cannot {action} request {id}: it is {status}")]
    NotAllowed {
        id: RequestId,
        action: &'static str,
        status: Status,
    },
    #[error("request {id} cannot be marked granted before its grant was started")]
    GrantNotStarted { id: RequestId },
    #[error("{by} is not an approver of any rule of request {id}")]
    NotAnApprover { id: RequestId, by: String },
    #[error("request {id} needs approval by people; policy cannot approve it")]
    NotPolicyApprovable { id: RequestId },
    #[error("{by} has already approved request {id}; approvals count once per person")]
    AlreadyApproved { id: RequestId, by: String },
    #[error("request {id} already has an extension waiting for approval")]
    ExtensionPending { id: RequestId },
    #[error("request {id} has no extension waiting for approval")]
    NoExtension { id: RequestId },
    #[error(
        "request {id} starts at {start}: that is not in the future, so there is nothing to schedule"
    )]
    StartNotInFuture { id: RequestId, start: Timestamp },
    #[error("an extension must be longer than zero")]
    EmptyExtension,
    #[error("request {id} was not break-glass: only break-glass elevations are reviewed")]
    NotBreakGlass { id: RequestId },
    #[error("request {id} was already reviewed by {by}")]
    AlreadyReviewed { id: RequestId, by: String },
    #[error("request {id}'s times are beyond what can be represented: the record is not genuine")]
    OutOfRange { id: RequestId },
    #[error(
        "{by} already asked to revoke request {id} at {at}: the executor removes the access on its next pass"
    )]
    RevokeAsked {
        id: RequestId,
        by: String,
        at: Timestamp,
    },
}

/// The context every transition is recorded with.
#[derive(Debug, Clone)]
pub struct Stamp<'a> {
    pub actor: &'a str,
    /// The author's `aws:userid`, which the event's seal names; `None` where nobody signed in
    /// (tests, and ledgers written before seals).
    pub actor_id: Option<&'a str>,
    pub at: Timestamp,
    pub comment: Option<&'a str>,
    pub policy_version: Option<&'a str>,
}

/// What a request is created with: the first event records it, so the request can be rebuilt
/// from its events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewRequest {
    pub id: RequestId,
    pub requester: Requester,
    pub principal: Principal,
    pub instance_arn: String,
    pub account_id: String,
    pub permission_set: PermissionSet,
    pub duration: SignedDuration,
    pub reason: String,
    pub ticket: Option<String>,
    pub rules: Vec<String>,
    pub policy_version: String,
    pub mode: Mode,
    pub requirements: Vec<Requirement>,
    pub approvers: Vec<PrincipalRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_at: Option<Timestamp>,
}

impl Request {
    /// A new pending request and the ledger event that opens its chain. The event records `new`
    /// itself, so the request can be rebuilt from its events; the author is always the requester.
    pub fn create(new: NewRequest, stamp: &Stamp) -> (Request, Event) {
        let opened = new.clone();
        let mut req = Request {
            id: new.id,
            version: 0,
            status: Status::Pending,
            requester: new.requester,
            principal: new.principal,
            instance_arn: new.instance_arn,
            account_id: new.account_id,
            permission_set: new.permission_set,
            duration: new.duration,
            reason: new.reason,
            ticket: new.ticket,
            created_at: stamp.at,
            rules: new.rules,
            policy_version: new.policy_version,
            mode: new.mode,
            requirements: new.requirements,
            approvers: new.approvers,
            approvals: Vec::new(),
            start_at: new.start_at,
            scheduled_start: None,
            extension: None,
            review: None,
            revoke_asked: None,
            more_revoke_asks: Vec::new(),
            granted_at: None,
            grant_started_at: None,
            end_at: None,
            ended_at: None,
            prior_access: None,
            failure: None,
            head_hash: GENESIS_HASH.to_string(),
        };
        let actor = req.requester.label();
        let policy_version = req.policy_version.clone();
        let reason = req.reason.clone();
        let stamp = Stamp {
            actor: &actor,
            actor_id: stamp.actor_id,
            at: stamp.at,
            comment: Some(&reason),
            policy_version: Some(&policy_version),
        };
        let event = req.record(
            EventKind::Requested,
            &stamp,
            Entry::Opened(Box::new(opened)),
        );
        (req, event)
    }

    /// Every ask to end it early, the first first.
    pub fn revoke_asks(&self) -> impl Iterator<Item = &RevokeAsk> {
        self.revoke_asked.iter().chain(&self.more_revoke_asks)
    }

    pub fn assignment(&self) -> Assignment {
        Assignment {
            instance_arn: self.instance_arn.clone(),
            account_id: self.account_id.clone(),
            permission_set_arn: self.permission_set.arn.clone(),
            principal_kind: self.principal.kind,
            principal_id: self.principal.id.clone(),
        }
    }

    /// Approvals counted towards each requirement: `(rule, have, need)`.
    pub fn tally(&self) -> Vec<(&str, u32, u32)> {
        tally(&self.requirements, &self.approvals)
    }

    /// The window a grant confirmed at `at` records. A scheduled grant keeps its window: its
    /// schedule gave the access at the start, whenever the ledger hears of it, and the
    /// revocation is planned for the end. Any other grant starts when it was started: an
    /// interrupted grant finished later still ends one duration after access could begin.
    /// `None` when the end is beyond what time can hold (only a forged record gets there).
    pub fn grant_window(&self, at: Timestamp) -> Option<(Timestamp, Timestamp)> {
        let since = self
            .scheduled_start
            .filter(|s| *s <= at)
            .or(self.grant_started_at)
            .unwrap_or(at)
            .min(at);
        Some((since, since.checked_add(self.duration).ok()?))
    }

    /// When this elevation holds (or, once scheduled, will hold) its assignment: what the
    /// assignment's schedules are planned from. `None` when it holds nothing for certain.
    pub fn window(&self) -> Option<(Timestamp, Timestamp)> {
        let revoke_failed = self.status == Status::Failed
            && self.failure.as_ref().map(|f| f.phase) == Some(FailurePhase::Revoke);
        match self.status {
            Status::Active => Some((self.granted_at?, self.end_at?)),
            _ if revoke_failed => Some((self.granted_at?, self.end_at?)),
            Status::Approved => {
                let start = self.scheduled_start?;
                Some((start, start.checked_add(self.duration).ok()?))
            }
            _ => None,
        }
    }

    pub fn quorum_met(&self) -> bool {
        self.tally().iter().all(|(_, have, need)| have >= need)
    }

    /// What approvers are asked to decide now, with the approvals given so far: the request
    /// while it is pending, its extension while one waits.
    pub fn awaiting(&self) -> Option<(&[Requirement], &[Approval])> {
        match (self.status, &self.extension) {
            (Status::Pending, _) => Some((&self.requirements, &self.approvals)),
            (Status::Active, Some(x)) => Some((&x.requirements, &x.approvals)),
            _ => None,
        }
    }

    /// Whether the session duration of the permission set is longer than the elevation: a
    /// session started just before revocation then outlives the elevation.
    pub fn session_outlives_elevation(&self) -> Option<SignedDuration> {
        self.permission_set
            .session_duration
            .filter(|s| *s > self.duration)
    }

    /// Applies `action`: the next request (version + 1) and the ledger event recording it.
    pub fn apply(
        &self,
        action: Action,
        stamp: &Stamp,
    ) -> Result<(Request, Event), TransitionError> {
        use Status::*;
        let not_allowed = || TransitionError::NotAllowed {
            id: self.id.clone(),
            action: action.name(),
            status: self.status,
        };
        let failed_in =
            |phase| self.status == Failed && self.failure.as_ref().map(|f| f.phase) == Some(phase);
        let mut next = self.clone();
        let kind = match &action {
            Action::Approve {
                by,
                user_id,
                counts_for,
            } => {
                if self.status != Pending {
                    return Err(not_allowed());
                }
                add_approval(
                    &self.id,
                    &self.requirements,
                    &mut next.approvals,
                    by,
                    user_id,
                    counts_for,
                    stamp.at,
                )?;
                if next.quorum_met() {
                    next.status = Approved;
                }
                EventKind::Approved
            }
            Action::PolicyApprove => {
                if self.status != Pending {
                    return Err(not_allowed());
                }
                if self.mode == Mode::Required {
                    return Err(TransitionError::NotPolicyApprovable {
                        id: self.id.clone(),
                    });
                }
                next.status = Approved;
                if self.mode == Mode::BreakGlass {
                    EventKind::BreakGlass
                } else {
                    EventKind::AutoApproved
                }
            }
            Action::Reject => {
                if self.status != Pending {
                    return Err(not_allowed());
                }
                next.status = Rejected;
                EventKind::Rejected
            }
            Action::Cancel => {
                // Withdrawn only while nothing may exist to take away: never once a grant has
                // started (the assignment may be there, and a cancelled record would leave it
                // with no end), and a scheduled grant only before its start.
                let scheduled_ahead = self.scheduled_start.is_some_and(|s| s > stamp.at);
                let nothing_begun = self.prior_access.is_none() || scheduled_ahead;
                if !matches!(self.status, Pending | Approved)
                    || self.grant_started_at.is_some()
                    || !nothing_begun
                {
                    return Err(not_allowed());
                }
                next.status = Cancelled;
                EventKind::Cancelled
            }
            Action::Expire => {
                if self.status != Pending {
                    return Err(not_allowed());
                }
                next.status = Expired;
                EventKind::Expired
            }
            // An early end asked for is final as far as granting goes.
            Action::BeginGrant { .. } | Action::ScheduleGrant { .. } | Action::Granted
                if self.revoke_asked.is_some() =>
            {
                return Err(not_allowed());
            }
            Action::BeginGrant { prior_access } => {
                if !(self.status == Approved || failed_in(FailurePhase::Grant)) {
                    return Err(not_allowed());
                }
                next.prior_access = Some(*prior_access);
                // A retry after a failure keeps the first start: the end never moves later.
                next.grant_started_at = self.grant_started_at.or(Some(stamp.at));
                EventKind::GrantStarted
            }
            Action::ScheduleGrant { prior_access } => {
                if self.status != Approved || self.scheduled_start.is_some() {
                    return Err(not_allowed());
                }
                let start = match self.start_at {
                    Some(s) if s > stamp.at => s,
                    other => {
                        return Err(TransitionError::StartNotInFuture {
                            id: self.id.clone(),
                            start: other.unwrap_or(stamp.at),
                        });
                    }
                };
                let end =
                    start
                        .checked_add(self.duration)
                        .map_err(|_| TransitionError::OutOfRange {
                            id: self.id.clone(),
                        })?;
                next.prior_access = Some(*prior_access);
                next.scheduled_start = Some(start);
                next.end_at = Some(end);
                EventKind::GrantScheduled
            }
            Action::Granted => {
                if !(self.status == Approved || failed_in(FailurePhase::Grant)) {
                    return Err(not_allowed());
                }
                if self.prior_access.is_none() {
                    return Err(TransitionError::GrantNotStarted {
                        id: self.id.clone(),
                    });
                }
                let (since, end) =
                    self.grant_window(stamp.at)
                        .ok_or_else(|| TransitionError::OutOfRange {
                            id: self.id.clone(),
                        })?;
                next.status = Active;
                next.granted_at = Some(since);
                next.end_at = Some(end);
                next.failure = None;
                EventKind::Granted
            }
            Action::Revoke | Action::End => {
                // An approved request (or one whose grant failed) may be revoked before it was
                // ever granted: nothing is removed, but it must not be granted later.
                // A scheduled grant whose whole window has passed ends without the ledger ever
                // having seen it active.
                let allowed = matches!(self.status, Active | Approved)
                    || failed_in(FailurePhase::Revoke)
                    || (failed_in(FailurePhase::Grant) && action == Action::Revoke);
                // An end is on time or it is a revocation: ending early is revoking, which takes
                // standing (`domain::authz`); ending on time needs none.
                let window_passed = self.window().is_some_and(|(_, end)| stamp.at >= end);
                if !allowed || (action == Action::End && !window_passed) {
                    return Err(not_allowed());
                }
                next.extension = None;
                next.status = if action == Action::End {
                    Ended
                } else {
                    Revoked
                };
                next.ended_at = Some(stamp.at);
                next.failure = None;
                if action == Action::End {
                    EventKind::Ended
                } else {
                    EventKind::Revoked
                }
            }
            Action::AskRevoke => {
                if !matches!(self.status, Active | Approved | Failed) {
                    return Err(not_allowed());
                }
                let ask = RevokeAsk {
                    by: stamp.actor.to_string(),
                    at: stamp.at,
                    reason: stamp.comment.map(str::to_string),
                };
                match &self.revoke_asked {
                    None => next.revoke_asked = Some(ask),
                    // Each person asks once, and a few people at most: whether an ask stands is
                    // the executor's to judge (`workflow::authority::ask_stands`).
                    Some(first) => {
                        let already = self.revoke_asks().find(|a| a.by == stamp.actor).or((self
                            .revoke_asks()
                            .count()
                            >= MAX_REVOKE_ASKS)
                            .then_some(first));
                        if let Some(asked) = already {
                            return Err(TransitionError::RevokeAsked {
                                id: self.id.clone(),
                                by: asked.by.clone(),
                                at: asked.at,
                            });
                        }
                        next.more_revoke_asks.push(ask);
                    }
                }
                EventKind::RevokeRequested
            }
            Action::GrantFailed { reason } | Action::RevokeFailed { reason } => {
                let (phase, from, kind) = if matches!(action, Action::GrantFailed { .. }) {
                    (FailurePhase::Grant, Approved, EventKind::GrantFailed)
                } else {
                    (FailurePhase::Revoke, Active, EventKind::RevokeFailed)
                };
                if !(self.status == from || failed_in(phase)) {
                    return Err(not_allowed());
                }
                next.status = Failed;
                next.failure = Some(Failure {
                    phase,
                    reason: reason.clone(),
                    attempts: self.failure.as_ref().map_or(0, |f| f.attempts) + 1,
                    at: Some(stamp.at),
                });
                kind
            }
            Action::RequestExtension {
                by,
                reason,
                requirements,
            } => {
                if self.status != Active {
                    return Err(not_allowed());
                }
                if self.extension.is_some() {
                    return Err(TransitionError::ExtensionPending {
                        id: self.id.clone(),
                    });
                }
                if !by.is_positive() {
                    return Err(TransitionError::EmptyExtension);
                }
                let extension = Extension {
                    by: *by,
                    requested_by: stamp.actor.to_string(),
                    requested_at: stamp.at,
                    reason: reason.clone(),
                    requirements: requirements.clone(),
                    approvals: Vec::new(),
                };
                if extension.quorum_met() {
                    next.lengthen(*by)?;
                    EventKind::Extended
                } else {
                    next.extension = Some(extension);
                    EventKind::ExtensionRequested
                }
            }
            Action::ApproveExtension {
                by,
                user_id,
                counts_for,
            } => {
                if self.status != Active {
                    return Err(not_allowed());
                }
                let Some(extension) = next.extension.as_mut() else {
                    return Err(TransitionError::NoExtension {
                        id: self.id.clone(),
                    });
                };
                add_approval(
                    &self.id,
                    &extension.requirements.clone(),
                    &mut extension.approvals,
                    by,
                    user_id,
                    counts_for,
                    stamp.at,
                )?;
                if extension.quorum_met() {
                    let by = extension.by;
                    next.extension = None;
                    next.lengthen(by)?;
                    EventKind::Extended
                } else {
                    EventKind::ExtensionApproved
                }
            }
            Action::Review { comment } => {
                if self.mode != Mode::BreakGlass {
                    return Err(TransitionError::NotBreakGlass {
                        id: self.id.clone(),
                    });
                }
                if let Some(r) = &self.review {
                    return Err(TransitionError::AlreadyReviewed {
                        id: self.id.clone(),
                        by: r.by.clone(),
                    });
                }
                if matches!(self.status, Pending | Rejected | Cancelled | Expired) {
                    return Err(not_allowed());
                }
                next.review = Some(Review {
                    by: stamp.actor.to_string(),
                    at: stamp.at,
                    comment: comment.clone(),
                });
                EventKind::Reviewed
            }
            Action::RejectExtension => {
                if self.status != Active {
                    return Err(not_allowed());
                }
                if next.extension.take().is_none() {
                    return Err(TransitionError::NoExtension {
                        id: self.id.clone(),
                    });
                }
                EventKind::ExtensionRejected
            }
        };
        let event = next.record(kind, stamp, Entry::Applied(action));
        Ok((next, event))
    }

    fn lengthen(&mut self, by: SignedDuration) -> Result<(), TransitionError> {
        let out_of_range = || TransitionError::OutOfRange {
            id: self.id.clone(),
        };
        let duration = self.duration.checked_add(by).ok_or_else(out_of_range)?;
        let end = match self.end_at {
            Some(e) => Some(e.checked_add(by).map_err(|_| out_of_range())?),
            None => None,
        };
        self.duration = duration;
        self.end_at = end;
        Ok(())
    }

    /// Bumps the version and chains a new event to the head of this request's ledger. The event
    /// carries what was done (`entry`) and the hash of the record as it now stands, so the
    /// record can be rebuilt from its events and compared with what is stored.
    fn record(&mut self, kind: EventKind, stamp: &Stamp, entry: Entry) -> Event {
        self.version += 1;
        let detail = match (&kind, &self.failure) {
            (EventKind::GrantFailed | EventKind::RevokeFailed, Some(f)) => Some(f.reason.clone()),
            // What the window became, for an auditor reading the events alone.
            (EventKind::GrantScheduled | EventKind::Extended, _) => self
                .end_at
                .map(|e| format!("until {}", e.strftime("%Y-%m-%dT%H:%M:%SZ"))),
            (EventKind::ExtensionRequested, _) => self
                .extension
                .as_ref()
                .map(|x| format!("by {}", super::duration::format_duration(x.by))),
            _ => None,
        };
        let (opened, action) = match entry {
            Entry::Opened(new) => (Some(new), None),
            Entry::Applied(action) => (None, Some(action)),
        };
        let event = Event::new(super::event::Fields {
            request_id: self.id.clone(),
            seq: self.version,
            at: stamp.at,
            actor: stamp.actor.to_string(),
            actor_id: stamp.actor_id.map(str::to_string),
            kind,
            status: self.status,
            comment: stamp.comment.map(str::to_string),
            detail,
            policy_version: stamp.policy_version.map(str::to_string),
            state: Some(super::ledger::state_hash(self)),
            opened,
            action,
            prev_hash: self.head_hash.clone(),
        });
        self.head_hash = event.hash.clone();
        event
    }
}

/// What an event records: the request it opened, or the action applied.
enum Entry {
    Opened(Box<NewRequest>),
    Applied(Action),
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    // Stored requests carry these ids: a retry must find the request its first attempt made,
    // across releases and dependency updates. The value is SHA-256 computed outside Rust.
    #[test]
    fn an_idempotency_key_gives_the_same_id_in_every_release() {
        assert_eq!(
            RequestId::for_key("arn:aws:sts::111122223333:assumed-role/ci/gh", "gh-1-1").as_str(),
            "r-rz3940szya"
        );
    }

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    pub(crate) fn sample(approvals_required: u32) -> Request {
        sample_created(approvals_required).0
    }

    pub(crate) fn sample_created(approvals_required: u32) -> (Request, Event) {
        Request::create(
            NewRequest {
                id: RequestId::from_entropy(42),
                requester: Requester {
                    arn: "arn:aws:sts::1:assumed-role/AWSReservedSSO_X_0123456789abcdef/alice"
                        .into(),
                    user_id: Some("u-alice".into()),
                    user_name: Some("alice".into()),
                },
                principal: Principal {
                    kind: PrincipalKind::User,
                    id: "u-alice".into(),
                    name: "alice".into(),
                },
                instance_arn: "arn:aws:sso:::instance/ssoins-1".into(),
                account_id: "111111111111".into(),
                permission_set: PermissionSet {
                    arn: "arn:aws:sso:::permissionSet/ssoins-1/ps-1".into(),
                    name: "Admin".into(),
                    session_duration: Some(SignedDuration::from_hours(4)),
                },
                duration: SignedDuration::from_hours(1),
                reason: "incident 42".into(),
                ticket: None,
                rules: vec!["r".into()],
                policy_version: "v1".into(),
                mode: Mode::Required,
                requirements: vec![Requirement {
                    rule: "r".into(),
                    approvers: vec!["group:Approvers".parse().unwrap()],
                    count: approvals_required,
                }],
                approvers: vec!["group:Approvers".parse().unwrap()],
                start_at: None,
            },
            &Stamp {
                actor: "",
                actor_id: None,
                at: ts("2026-01-01T00:00:00Z"),
                comment: None,
                policy_version: None,
            },
        )
    }

    fn stamp() -> Stamp<'static> {
        Stamp {
            actor: "user:bob",
            actor_id: None,
            at: ts("2026-01-01T01:00:00Z"),
            comment: None,
            policy_version: None,
        }
    }

    fn approve(by: &str) -> Action {
        Action::Approve {
            by: format!("user:{by}"),
            user_id: format!("u-{by}"),
            counts_for: vec!["r".into()],
        }
    }

    /// Every action, with the state each one is allowed from and where it leads.
    fn all_actions() -> Vec<Action> {
        vec![
            approve("bob"),
            Action::PolicyApprove,
            Action::Reject,
            Action::Cancel,
            Action::Expire,
            Action::BeginGrant {
                prior_access: false,
            },
            Action::Granted,
            Action::GrantFailed { reason: "x".into() },
            Action::Revoke,
            Action::End,
            Action::RevokeFailed { reason: "x".into() },
            Action::ScheduleGrant {
                prior_access: false,
            },
            extend_by_one_hour(),
            approve_extension("bob"),
            Action::RejectExtension,
            Action::Review {
                comment: "looked at it".into(),
            },
        ]
    }

    fn extend_by_one_hour() -> Action {
        Action::RequestExtension {
            by: SignedDuration::from_hours(1),
            reason: "not done yet".into(),
            requirements: vec![Requirement {
                rule: "r".into(),
                approvers: vec!["group:Approvers".parse().unwrap()],
                count: 1,
            }],
        }
    }

    fn approve_extension(by: &str) -> Action {
        Action::ApproveExtension {
            by: format!("user:{by}"),
            user_id: format!("u-{by}"),
            counts_for: vec!["r".into()],
        }
    }

    /// Approved for a start two hours after `stamp()`, and scheduled.
    fn scheduled() -> Request {
        let s = stamp();
        let mut r = sample(1);
        r.start_at = Some(s.at + SignedDuration::from_hours(2));
        r.apply(approve("bob"), &s)
            .unwrap()
            .0
            .apply(
                Action::ScheduleGrant {
                    prior_access: false,
                },
                &s,
            )
            .unwrap()
            .0
    }

    /// A request in each reachable state (failed in both phases).
    fn in_every_state() -> Vec<(&'static str, Request)> {
        let s = stamp();
        let pending = sample(1);
        let approved = pending
            .apply(approve("bob"), &s)
            .unwrap()
            .0
            .apply(
                Action::BeginGrant {
                    prior_access: false,
                },
                &s,
            )
            .unwrap()
            .0;
        let active = approved.apply(Action::Granted, &s).unwrap().0;
        let failed_grant = approved
            .apply(
                Action::GrantFailed {
                    reason: "boom".into(),
                },
                &s,
            )
            .unwrap()
            .0;
        let failed_revoke = active
            .apply(
                Action::RevokeFailed {
                    reason: "boom".into(),
                },
                &s,
            )
            .unwrap()
            .0;
        let extending = active.apply(extend_by_one_hour(), &s).unwrap().0;
        vec![
            ("pending", pending.clone()),
            ("approved", approved),
            ("scheduled", scheduled()),
            ("extending", extending),
            ("active", active.clone()),
            ("failed-grant", failed_grant),
            ("failed-revoke", failed_revoke),
            ("rejected", pending.apply(Action::Reject, &s).unwrap().0),
            ("cancelled", pending.apply(Action::Cancel, &s).unwrap().0),
            ("expired", pending.apply(Action::Expire, &s).unwrap().0),
            ("revoked", active.apply(Action::Revoke, &s).unwrap().0),
            (
                "ended",
                active
                    .apply(
                        Action::End,
                        &Stamp {
                            at: active.end_at.unwrap(),
                            ..s.clone()
                        },
                    )
                    .unwrap()
                    .0,
            ),
        ]
    }

    fn expected(state: &str, action: &Action) -> Option<Status> {
        use Status::*;
        match (state, action) {
            ("pending", Action::Approve { .. }) => Some(Approved),
            ("pending", Action::Reject) => Some(Rejected),
            ("pending", Action::Cancel) => Some(Cancelled),
            ("pending", Action::Expire) => Some(Expired),
            // "approved" here has its grant started: the assignment may exist, so it is revoked,
            // never cancelled.
            ("approved", Action::Granted) => Some(Active),
            ("approved", Action::GrantFailed { .. }) => Some(Failed),
            ("approved", Action::Revoke) => Some(Revoked),
            ("active", Action::Revoke) => Some(Revoked),
            // `stamp()` is before every end: ending early is revoking (see below for on time).
            ("active", Action::RevokeFailed { .. }) => Some(Failed),
            ("failed-grant", Action::Granted) => Some(Active),
            ("failed-grant", Action::GrantFailed { .. }) => Some(Failed),
            ("approved", Action::BeginGrant { .. }) => Some(Approved),
            ("failed-grant", Action::BeginGrant { .. }) => Some(Failed),
            ("failed-grant", Action::Revoke) => Some(Revoked),
            ("failed-revoke", Action::Revoke) => Some(Revoked),
            ("failed-revoke", Action::RevokeFailed { .. }) => Some(Failed),
            ("scheduled", Action::Cancel) => Some(Cancelled),
            ("scheduled", Action::Revoke) => Some(Revoked),
            ("scheduled", Action::BeginGrant { .. }) => Some(Approved),
            ("scheduled", Action::Granted) => Some(Active),
            ("scheduled", Action::GrantFailed { .. }) => Some(Failed),
            ("active", Action::RequestExtension { .. }) => Some(Active),
            ("extending", Action::ApproveExtension { .. }) => Some(Active),
            ("extending", Action::RejectExtension) => Some(Active),
            ("extending", Action::Revoke) => Some(Revoked),
            ("extending", Action::RevokeFailed { .. }) => Some(Failed),
            _ => None,
        }
    }

    #[test]
    fn every_allowed_and_every_forbidden_transition() {
        let s = stamp();
        let mut checked = 0;
        for (state, req) in in_every_state() {
            for action in all_actions() {
                let got = req.apply(action.clone(), &s);
                match expected(state, &action) {
                    Some(to) => {
                        let (next, ev) =
                            got.unwrap_or_else(|e| panic!("{state} --{action:?}--> {e}"));
                        assert_eq!(next.status, to, "{state} --{action:?}");
                        assert_eq!(next.version, req.version + 1);
                        assert_eq!(ev.seq, next.version);
                        assert_eq!(ev.prev_hash, req.head_hash);
                        assert_eq!(next.head_hash, ev.hash);
                        assert_eq!(ev.status, to);
                    }
                    None => {
                        let err = got.expect_err(&format!("{state} --{action:?} was allowed"));
                        // The sample needs people's approval: policy may not approve it.
                        let policy_refused = state == "pending"
                            && matches!(err, TransitionError::NotPolicyApprovable { .. });
                        // Refusals that say more than "not from this state".
                        let specific = matches!(
                            (state, &err),
                            ("approved", TransitionError::StartNotInFuture { .. })
                                | ("active", TransitionError::NoExtension { .. })
                                | ("extending", TransitionError::ExtensionPending { .. })
                        ) || matches!(err, TransitionError::NotBreakGlass { .. });
                        assert!(
                            matches!(err, TransitionError::NotAllowed { .. })
                                || policy_refused
                                || specific,
                            "{state} --{action:?}: {err}"
                        );
                    }
                }
                checked += 1;
            }
        }
        assert_eq!(checked, 12 * 16);
    }

    #[test]
    fn an_end_is_on_time_or_it_is_a_revocation() {
        let s = stamp();
        let active = in_every_state()
            .into_iter()
            .find(|(n, _)| *n == "active")
            .unwrap()
            .1;
        let end = active.end_at.unwrap();
        let at = |t: Timestamp| Stamp { at: t, ..s.clone() };
        assert!(matches!(
            active.apply(Action::End, &at(end - SignedDuration::from_secs(1))),
            Err(TransitionError::NotAllowed { .. })
        ));
        assert_eq!(
            active.apply(Action::End, &at(end)).unwrap().0.status,
            Status::Ended
        );
        assert_eq!(
            active
                .apply(Action::Revoke, &at(end - SignedDuration::from_secs(1)))
                .unwrap()
                .0
                .status,
            Status::Revoked
        );
    }

    #[test]
    fn final_states_are_final() {
        for (state, req) in in_every_state() {
            if req.status.is_final() {
                for action in all_actions() {
                    assert!(req.apply(action, &stamp()).is_err(), "{state}");
                }
            }
        }
    }

    #[test]
    fn a_scheduled_grant_is_cancelled_only_before_its_start() {
        let r = scheduled();
        let start = r.start_at.unwrap();
        let before = Stamp {
            at: start - SignedDuration::from_mins(1),
            ..stamp()
        };
        assert_eq!(
            r.apply(Action::Cancel, &before).unwrap().0.status,
            Status::Cancelled
        );
        // From its start its schedule may have given the access: only a revocation ends it.
        let at_start = Stamp {
            at: start,
            ..stamp()
        };
        assert!(matches!(
            r.apply(Action::Cancel, &at_start),
            Err(TransitionError::NotAllowed { .. })
        ));
        assert!(r.apply(Action::Revoke, &at_start).is_ok());
    }

    #[test]
    fn a_scheduled_grant_keeps_its_window_whenever_it_is_confirmed() {
        let s = stamp();
        let r = scheduled();
        let start = r.start_at.unwrap();
        assert_eq!(r.window(), Some((start, start + r.duration)));
        assert_eq!(r.end_at, Some(start + r.duration));
        // Confirmed 20 minutes after its schedule gave the access: the window does not move.
        let late = Stamp {
            at: start + SignedDuration::from_mins(20),
            ..s.clone()
        };
        let active = r.apply(Action::Granted, &late).unwrap().0;
        assert_eq!(active.granted_at, Some(start));
        assert_eq!(active.end_at, Some(start + r.duration));
        // Never confirmed: once the window is over it ends without being granted by the ledger.
        let before_end = Stamp {
            at: start + r.duration - SignedDuration::from_secs(1),
            ..s.clone()
        };
        assert!(r.apply(Action::End, &before_end).is_err());
        let after = Stamp {
            at: start + r.duration,
            ..s.clone()
        };
        assert_eq!(
            r.apply(Action::End, &after).unwrap().0.status,
            Status::Ended
        );
        // A start that is not in the future cannot be scheduled.
        let mut past = sample(1).apply(approve("bob"), &s).unwrap().0;
        past.start_at = Some(s.at);
        assert!(matches!(
            past.apply(
                Action::ScheduleGrant {
                    prior_access: false
                },
                &s
            ),
            Err(TransitionError::StartNotInFuture { .. })
        ));
    }

    #[test]
    fn an_extension_takes_effect_only_when_its_quorum_is_met() {
        let s = stamp();
        let active = in_every_state()
            .into_iter()
            .find(|(n, _)| *n == "active")
            .unwrap()
            .1;
        let end = active.end_at.unwrap();
        let two = Action::RequestExtension {
            by: SignedDuration::from_mins(30),
            reason: "migration slower than planned".into(),
            requirements: vec![Requirement {
                rule: "r".into(),
                approvers: vec!["group:Approvers".parse().unwrap()],
                count: 2,
            }],
        };
        let (asked, ev) = active.apply(two, &s).unwrap();
        assert_eq!(ev.kind, EventKind::ExtensionRequested);
        assert_eq!(ev.detail.as_deref(), Some("by 30m"));
        assert_eq!(asked.end_at, Some(end), "not before approval");
        let once = asked.apply(approve_extension("bob"), &s).unwrap().0;
        assert_eq!(once.end_at, Some(end));
        assert!(matches!(
            once.apply(approve_extension("bob"), &s),
            Err(TransitionError::AlreadyApproved { .. })
        ));
        let (twice, ev) = once.apply(approve_extension("carol"), &s).unwrap();
        assert_eq!(ev.kind, EventKind::Extended);
        assert_eq!(twice.end_at, Some(end + SignedDuration::from_mins(30)));
        assert_eq!(
            twice.duration,
            active.duration + SignedDuration::from_mins(30)
        );
        assert!(twice.extension.is_none());
        // Someone no requirement lists does not count.
        let stranger = Action::ApproveExtension {
            by: "user:mallory".into(),
            user_id: "u-mallory".into(),
            counts_for: vec!["other".into()],
        };
        assert!(matches!(
            asked.apply(stranger, &s),
            Err(TransitionError::NotAnApprover { .. })
        ));
        // Rejected: the old end stands. Ended meanwhile: the extension goes with it.
        let rejected = asked.apply(Action::RejectExtension, &s).unwrap().0;
        assert_eq!(
            (rejected.end_at, rejected.extension.is_none()),
            (Some(end), true)
        );
        let at_end = Stamp {
            at: end,
            ..s.clone()
        };
        let ended = asked.apply(Action::End, &at_end).unwrap().0;
        assert!(ended.extension.is_none());
        // Ended before its end is a revocation, not an end.
        assert!(matches!(
            asked.apply(Action::End, &s),
            Err(TransitionError::NotAllowed { .. })
        ));
        // No requirement (an auto rule): at once.
        let auto = Action::RequestExtension {
            by: SignedDuration::from_mins(15),
            reason: "r".into(),
            requirements: vec![],
        };
        let (now, ev) = active.apply(auto, &s).unwrap();
        assert_eq!(ev.kind, EventKind::Extended);
        assert_eq!(now.end_at, Some(end + SignedDuration::from_mins(15)));
        let zero = Action::RequestExtension {
            by: SignedDuration::ZERO,
            reason: "r".into(),
            requirements: vec![],
        };
        assert_eq!(
            active.apply(zero, &s).unwrap_err(),
            TransitionError::EmptyExtension
        );
    }

    #[test]
    fn the_newest_event_seals_the_record() {
        let s = stamp();
        let (created, first) = sample_created(1);
        let (approved, second) = created.apply(approve("bob"), &s).unwrap();
        let events = [first, second];
        assert!(crate::domain::ledger::verify_legacy(&approved, &events).is_empty());
        // Any edit of the record itself is seen: the end, an approval, the reason.
        let mut edited = approved.clone();
        edited.reason = "routine".into();
        let problems = crate::domain::ledger::verify_legacy(&edited, &events);
        assert!(
            problems[0].contains("changed after event #2"),
            "{problems:?}"
        );
        let mut forged = approved.clone();
        forged.approvals[0].by = "user:mallory".into();
        assert!(!crate::domain::ledger::verify_legacy(&forged, &events).is_empty());
        // Rolled back, or its newest event removed.
        let problems = crate::domain::ledger::verify_legacy(&approved, &events[..1]);
        assert!(
            problems.iter().any(|p| p.contains("newest event is #1")),
            "{problems:?}"
        );
        // A field a later version adds, at its default, hashes as before.
        let mut v = serde_json::to_value(&approved).unwrap();
        v.as_object_mut().unwrap().remove("extension");
        v.as_object_mut().unwrap().remove("start_at");
        let read_back: Request = serde_json::from_value(v).unwrap();
        assert_eq!(
            crate::domain::ledger::state_hash(&read_back),
            crate::domain::ledger::state_hash(&approved)
        );
    }

    #[test]
    fn break_glass_is_reviewed_once_after_it_was_granted() {
        let s = stamp();
        let mut r = sample(1);
        r.mode = Mode::BreakGlass;
        let review = || Action::Review {
            comment: "INC-9 confirmed".into(),
        };
        assert!(matches!(
            r.apply(review(), &s),
            Err(TransitionError::NotAllowed { .. })
        ));
        let approved = r.apply(Action::PolicyApprove, &s).unwrap().0;
        let (reviewed, ev) = approved.apply(review(), &s).unwrap();
        assert_eq!(ev.kind, EventKind::Reviewed);
        assert_eq!(reviewed.review.as_ref().unwrap().by, "user:bob");
        assert!(matches!(
            reviewed.apply(review(), &s),
            Err(TransitionError::AlreadyReviewed { .. })
        ));
    }

    #[test]
    fn quorum_counts_distinct_people() {
        let s = stamp();
        let req = sample(2);
        let once = req.apply(approve("bob"), &s).unwrap().0;
        assert_eq!(once.status, Status::Pending);
        assert_eq!(once.approvals.len(), 1);
        let again = once.apply(approve("bob"), &s).unwrap_err();
        assert!(matches!(again, TransitionError::AlreadyApproved { .. }));
        let twice = once.apply(approve("carol"), &s).unwrap().0;
        assert_eq!(twice.status, Status::Approved);
    }

    #[test]
    fn grant_sets_the_end_and_prior_access() {
        let s = stamp();
        let active = sample(1)
            .apply(approve("bob"), &s)
            .unwrap()
            .0
            .apply(Action::BeginGrant { prior_access: true }, &s)
            .unwrap()
            .0
            .apply(Action::Granted, &s)
            .unwrap()
            .0;
        assert_eq!(active.granted_at, Some(s.at));
        assert_eq!(active.end_at, Some(s.at + SignedDuration::from_hours(1)));
        assert_eq!(active.prior_access, Some(true));
    }

    #[test]
    fn failures_count_attempts_and_clear_on_success() {
        let s = stamp();
        let approved = sample(1).apply(approve("bob"), &s).unwrap().0;
        let f1 = approved
            .apply(Action::GrantFailed { reason: "a".into() }, &s)
            .unwrap()
            .0;
        let f2 = f1
            .apply(Action::GrantFailed { reason: "b".into() }, &s)
            .unwrap()
            .0;
        assert_eq!(f2.failure.as_ref().unwrap().attempts, 2);
        assert_eq!(f2.failure.as_ref().unwrap().reason, "b");
        let retried = f2
            .apply(
                Action::BeginGrant {
                    prior_access: false,
                },
                &s,
            )
            .unwrap()
            .0;
        let ok = retried.apply(Action::Granted, &s).unwrap().0;
        assert_eq!(ok.failure, None);
    }

    #[test]
    fn policy_approves_auto_and_break_glass_requests_only() {
        let s = stamp();
        for (mode, kind) in [
            (Mode::Auto, EventKind::AutoApproved),
            (Mode::BreakGlass, EventKind::BreakGlass),
        ] {
            let mut req = sample(1);
            req.mode = mode;
            req.requirements.clear();
            let (next, ev) = req.apply(Action::PolicyApprove, &s).unwrap();
            assert_eq!(next.status, Status::Approved);
            assert_eq!(ev.kind, kind);
        }
    }

    #[test]
    fn approvals_count_towards_every_requirement_that_lists_the_approver() {
        let s = stamp();
        let mut req = sample(1);
        req.requirements.push(Requirement {
            rule: "security".into(),
            approvers: vec!["group:Security".parse().unwrap()],
            count: 2,
        });
        let counts = |by: &str, rules: &[&str]| Action::Approve {
            by: format!("user:{by}"),
            user_id: format!("u-{by}"),
            counts_for: rules.iter().map(|r| r.to_string()).collect(),
        };
        // An approval for no requirement of this request is refused.
        assert!(matches!(
            req.apply(counts("mallory", &["other"]), &s),
            Err(TransitionError::NotAnApprover { .. })
        ));
        let one = req.apply(counts("bob", &["r", "security"]), &s).unwrap().0;
        assert_eq!(one.tally(), vec![("r", 1, 1), ("security", 1, 2)]);
        assert_eq!(one.status, Status::Pending);
        let two = one.apply(counts("sue", &["security"]), &s).unwrap().0;
        assert_eq!(two.status, Status::Approved);
    }

    #[test]
    fn a_grant_must_record_prior_access_first() {
        let s = stamp();
        let approved = sample(1).apply(approve("bob"), &s).unwrap().0;
        assert!(matches!(
            approved.apply(Action::Granted, &s),
            Err(TransitionError::GrantNotStarted { .. })
        ));
    }

    #[test]
    fn ids_round_trip_and_reject_garbage() {
        let id = RequestId::from_entropy(0xdead_beef_cafe);
        let parsed: RequestId = id.as_str().to_uppercase().parse().unwrap();
        assert_eq!(parsed, id);
        for bad in [
            "",
            "r-",
            "r-0123456789x",
            "r-01234567il",
            "x-0123456789",
            "r-0123456789;",
        ] {
            assert!(bad.parse::<RequestId>().is_err(), "{bad}");
        }
    }

    #[test]
    fn session_longer_than_elevation_is_flagged() {
        let req = sample(1);
        assert_eq!(
            req.session_outlives_elevation(),
            Some(SignedDuration::from_hours(4))
        );
        let mut short = req.clone();
        short.permission_set.session_duration = Some(SignedDuration::from_mins(30));
        assert_eq!(short.session_outlives_elevation(), None);
    }
}
