//! What each open request needs from `elevate reconcile`, decided from the request and the time
//! alone.

use jiff::{SignedDuration, Timestamp};
use serde::Serialize;

use super::policy::Mode;
use super::request::{FailurePhase, Request, Status};

/// Failed grants and revocations are retried at most this many times in all.
pub const MAX_ATTEMPTS: u32 = 6;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Pending longer than the policy's pending expiry.
    Expire,
    /// Approved and not granted (interrupted, or approved for a caller who could not grant),
    /// its start come.
    Grant,
    /// Approved for a start still to come, but its grant not scheduled (interrupted).
    Schedule,
    /// Active past its end.
    End,
    /// Someone with standing asked for an early end (brokered mode): carried out at once.
    Revoke,
    /// A failed grant whose back-off has passed.
    RetryGrant,
    /// A failed revocation whose back-off has passed; `End` if the elevation is over by now.
    RetryRevoke { end: bool },
    /// A grant retried `MAX_ATTEMPTS` times: a person must look. (A revocation is never given
    /// up: access that should end keeps being ended, and a person is told each time.)
    GiveUp,
    /// A failed operation still backing off.
    Wait,
}

impl Step {
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Expire => "expire",
            Step::Grant => "grant",
            Step::Schedule => "schedule",
            Step::End => "end",
            Step::Revoke => "revoke",
            Step::RetryGrant => "retry grant",
            Step::RetryRevoke { .. } => "retry revoke",
            Step::GiveUp => "give up",
            Step::Wait => "wait",
        }
    }
}

/// Wait before retry `attempts + 1`: 1, 2, 4, 8, 16 minutes… at most an hour.
pub fn backoff(attempts: u32) -> SignedDuration {
    let minutes = 1i64 << attempts.saturating_sub(1).min(6);
    SignedDuration::from_mins(minutes.min(60))
}

/// What `request` needs now, or `None` if nothing.
pub fn due(request: &Request, now: Timestamp, pending_expiry: SignedDuration) -> Option<Step> {
    // An early end asked for goes before anything else (a failed revocation keeps its back-off).
    let revoking = request.revoke_asked.is_some()
        && (matches!(request.status, Status::Active | Status::Approved)
            || request.failure.as_ref().map(|f| f.phase) == Some(FailurePhase::Grant)
                && request.status == Status::Failed);
    if revoking {
        return Some(Step::Revoke);
    }
    match request.status {
        Status::Pending
            if request
                .created_at
                .checked_add(pending_expiry)
                .is_ok_and(|deadline| now >= deadline) =>
        {
            Some(Step::Expire)
        }
        // Policy approves it by itself, and nobody recorded that yet (brokered mode leaves it to
        // the executor; in direct mode its requester stopped half-way): approve and grant it, or
        // schedule it for a start still to come.
        Status::Pending if request.mode != Mode::Required => {
            if request.start_at.is_some_and(|s| now < s) {
                Some(Step::Schedule)
            } else {
                Some(Step::Grant)
            }
        }
        Status::Approved => match request.window() {
            // Scheduled: granted at its start by its schedule, confirmed here; a window that
            // passed unconfirmed is closed without granting anything.
            Some((_, end)) if now >= end => Some(Step::End),
            Some((start, _)) if now < start => None,
            Some(_) => Some(Step::Grant),
            None if request.start_at.is_some_and(|s| now < s) => Some(Step::Schedule),
            None => Some(Step::Grant),
        },
        Status::Active if request.end_at.is_some_and(|end| now >= end) => Some(Step::End),
        Status::Failed => {
            let f = request.failure.as_ref()?;
            if f.attempts >= MAX_ATTEMPTS && f.phase == FailurePhase::Grant {
                return Some(Step::GiveUp);
            }
            if f.at
                .is_some_and(|at| at.checked_add(backoff(f.attempts)).is_ok_and(|t| now < t))
            {
                return Some(Step::Wait);
            }
            Some(match f.phase {
                FailurePhase::Grant => Step::RetryGrant,
                FailurePhase::Revoke => Step::RetryRevoke {
                    end: request.end_at.is_some_and(|end| now >= end),
                },
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::request::{Action, Stamp};

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn stamp(t: &str) -> Stamp<'static> {
        Stamp {
            actor: "user:bob",
            actor_id: None,
            at: at(t),
            comment: None,
            policy_version: None,
        }
    }

    const DAY: SignedDuration = SignedDuration::from_hours(24);

    fn approved() -> Request {
        crate::domain::request::tests::sample(1)
            .apply(
                Action::Approve {
                    by: "user:bob".into(),
                    user_id: "u-bob".into(),
                    counts_for: vec!["r".into()],
                },
                &stamp("2026-01-01T00:10:00Z"),
            )
            .unwrap()
            .0
            .apply(
                Action::BeginGrant {
                    prior_access: false,
                },
                &stamp("2026-01-01T01:00:00Z"),
            )
            .unwrap()
            .0
    }

    #[test]
    fn a_future_start_is_scheduled_then_confirmed_then_closed() {
        let mut r = crate::domain::request::tests::sample(1);
        r.start_at = Some(at("2026-01-01T12:00:00Z"));
        let approved = r
            .apply(
                Action::Approve {
                    by: "user:bob".into(),
                    user_id: "u-bob".into(),
                    counts_for: vec!["r".into()],
                },
                &stamp("2026-01-01T00:10:00Z"),
            )
            .unwrap()
            .0;
        // Approved, not yet scheduled (the approver's command was interrupted).
        assert_eq!(
            due(&approved, at("2026-01-01T00:11:00Z"), DAY),
            Some(Step::Schedule)
        );
        // Its start came before anyone scheduled it: grant it.
        assert_eq!(
            due(&approved, at("2026-01-01T12:00:00Z"), DAY),
            Some(Step::Grant)
        );
        let scheduled = approved
            .apply(
                Action::ScheduleGrant {
                    prior_access: false,
                },
                &stamp("2026-01-01T00:11:00Z"),
            )
            .unwrap()
            .0;
        assert_eq!(due(&scheduled, at("2026-01-01T11:59:59Z"), DAY), None);
        assert_eq!(
            due(&scheduled, at("2026-01-01T12:00:00Z"), DAY),
            Some(Step::Grant)
        );
        // 1h window: 12:00–13:00.
        assert_eq!(
            due(&scheduled, at("2026-01-01T13:00:00Z"), DAY),
            Some(Step::End)
        );
    }

    #[test]
    fn pending_expires_after_the_policy_window_only() {
        let r = crate::domain::request::tests::sample(1);
        // Created at 00:00 on 1 January.
        assert_eq!(due(&r, at("2026-01-01T23:59:59Z"), DAY), None);
        assert_eq!(due(&r, at("2026-01-02T00:00:00Z"), DAY), Some(Step::Expire));
    }

    #[test]
    fn approved_is_granted_and_active_ends_at_its_end() {
        let a = approved();
        assert_eq!(due(&a, at("2026-01-01T00:11:00Z"), DAY), Some(Step::Grant));
        // Granted at 01:00 for 1h.
        let active = a
            .apply(Action::Granted, &stamp("2026-01-01T01:00:00Z"))
            .unwrap()
            .0;
        assert_eq!(due(&active, at("2026-01-01T01:59:59Z"), DAY), None);
        assert_eq!(
            due(&active, at("2026-01-01T02:00:00Z"), DAY),
            Some(Step::End)
        );
    }

    #[test]
    fn failures_back_off_then_give_up() {
        let mut r = approved();
        let mut t = at("2026-01-01T01:00:00Z");
        for attempt in 1..=MAX_ATTEMPTS {
            r = r
                .apply(
                    Action::GrantFailed { reason: "x".into() },
                    &Stamp {
                        at: t,
                        ..stamp("2026-01-01T01:00:00Z")
                    },
                )
                .unwrap()
                .0;
            if attempt == MAX_ATTEMPTS {
                assert_eq!(
                    due(&r, t + SignedDuration::from_hours(5), DAY),
                    Some(Step::GiveUp)
                );
                break;
            }
            let wait = backoff(attempt);
            assert_eq!(
                due(&r, t + wait - SignedDuration::from_secs(1), DAY),
                Some(Step::Wait)
            );
            assert_eq!(due(&r, t + wait, DAY), Some(Step::RetryGrant));
            t += wait;
        }
        assert_eq!(backoff(1), SignedDuration::from_mins(1));
        assert_eq!(backoff(3), SignedDuration::from_mins(4));
        assert_eq!(backoff(30), SignedDuration::from_mins(60));
    }

    #[test]
    fn a_failed_revocation_retries_as_an_end_once_the_elevation_is_over() {
        let active = approved()
            .apply(Action::Granted, &stamp("2026-01-01T01:00:00Z"))
            .unwrap()
            .0;
        let failed = active
            .apply(
                Action::RevokeFailed { reason: "x".into() },
                &stamp("2026-01-01T01:10:00Z"),
            )
            .unwrap()
            .0;
        assert_eq!(
            due(&failed, at("2026-01-01T01:20:00Z"), DAY),
            Some(Step::RetryRevoke { end: false })
        );
        assert_eq!(
            due(&failed, at("2026-01-01T03:00:00Z"), DAY),
            Some(Step::RetryRevoke { end: true })
        );
    }

    #[test]
    fn finished_requests_need_nothing() {
        let active = approved()
            .apply(Action::Granted, &stamp("2026-01-01T01:00:00Z"))
            .unwrap()
            .0;
        let ended = active
            .apply(Action::End, &stamp("2026-01-01T02:00:00Z"))
            .unwrap()
            .0;
        assert_eq!(due(&ended, at("2030-01-01T00:00:00Z"), DAY), None);
    }
}
