//! Who may do what to a request: one pure table. Every command asks it before acting, and the
//! ledger's verification asks it of every sealed event, so a reviewer reads the rule here and
//! nowhere else. Whether the request's state allows the step is the state machine's business
//! (`domain::request`); this is about the one acting.

use std::fmt;

use super::policy::Mode;
use super::request::Action;

/// What is done to a request, as far as who may do it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verb {
    /// Ask for access (the first event).
    Request,
    /// Approve the request, or an extension of it.
    Approve,
    /// Refuse the request, or an extension of it.
    Reject,
    /// Withdraw a request before access is in place.
    Cancel,
    /// End access early.
    Revoke,
    /// Ask for a later end.
    Extend,
    /// Review a break-glass elevation afterwards.
    Review,
    /// Carry out a grant: record whether access existed, create it, confirm it, record a
    /// failure, or record that policy approved the request by itself.
    Grant,
    /// Record an end that was due: expiry, or the end of the window (the state machine checks the
    /// time). Anyone with standing in the request, or the executor.
    End,
}

impl Verb {
    pub const ALL: [Verb; 9] = [
        Verb::Request,
        Verb::Approve,
        Verb::Reject,
        Verb::Cancel,
        Verb::Revoke,
        Verb::Extend,
        Verb::Review,
        Verb::Grant,
        Verb::End,
    ];

    /// The verb an action is; `None` is the request itself.
    pub fn of(action: Option<&Action>) -> Verb {
        match action {
            None => Verb::Request,
            Some(Action::Approve { .. } | Action::ApproveExtension { .. }) => Verb::Approve,
            Some(Action::Reject | Action::RejectExtension) => Verb::Reject,
            Some(Action::Cancel) => Verb::Cancel,
            // A failed removal is part of revoking: only whoever may revoke records one.
            Some(Action::Revoke | Action::RevokeFailed { .. }) => Verb::Revoke,
            Some(Action::RequestExtension { .. }) => Verb::Extend,
            Some(Action::Review { .. }) => Verb::Review,
            Some(
                Action::PolicyApprove
                | Action::BeginGrant { .. }
                | Action::ScheduleGrant { .. }
                | Action::Granted
                | Action::GrantFailed { .. },
            ) => Verb::Grant,
            Some(Action::Expire | Action::End) => Verb::End,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Verb::Request => "request",
            Verb::Approve => "approve",
            Verb::Reject => "reject",
            Verb::Cancel => "cancel",
            Verb::Revoke => "revoke",
            Verb::Extend => "extend",
            Verb::Review => "review",
            Verb::Grant => "grant",
            Verb::End => "end",
        }
    }
}

/// How the one acting stands to the request. A command works it out from the caller and the
/// policy; the ledger's verification from what the event's seal proves.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Standing {
    /// Asked for it.
    pub requester: bool,
    /// Is the user who would receive the access.
    pub beneficiary: bool,
    /// Is in the group that would receive the access.
    pub member: bool,
    /// May approve it: listed by one of its rules (a command's view), or holding an approver
    /// permission set (what a seal proves; whether they are listed is the decision's to count).
    pub approver: bool,
    /// The executor.
    pub executor: bool,
}

impl Standing {
    /// Party to the request: such a person never decides it, whatever groups they are in.
    pub fn involved(&self) -> bool {
        self.requester || self.beneficiary || self.member
    }
}

/// Why the table said no.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Deciding one's own request (or one for one's group).
    OwnRequest,
    /// Not an approver of it.
    NotAnApprover,
    /// Only the requester or the person receiving the access.
    NotTheirs,
    /// Only the executor, an approver who is not party to it, or — for a request policy
    /// approves by itself — the requester.
    MayNotGrant,
    /// No standing at all.
    NoStanding,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Refusal::OwnRequest => {
                "a request is never decided by its requester or by anyone who would receive its access"
            }
            Refusal::NotAnApprover => "only an approver its rules list may do that",
            Refusal::NotTheirs => {
                "only its requester or the person who would receive the access may do that"
            }
            Refusal::MayNotGrant => {
                "only the executor, or an approver who is not party to it, carries out its grant (its requester may only when policy approves it by itself)"
            }
            Refusal::NoStanding => {
                "only its requester, the people receiving the access, its approvers or the executor may do that"
            }
        })
    }
}

/// Whether someone standing `who` to a request decided under `mode` may `verb` it.
pub fn may(verb: Verb, who: Standing, mode: Mode) -> Result<(), Refusal> {
    let ok = |allowed: bool, refusal| if allowed { Ok(()) } else { Err(refusal) };
    match verb {
        Verb::Request => ok(who.requester, Refusal::NotTheirs),
        Verb::Approve | Verb::Reject | Verb::Review => {
            if who.involved() {
                Err(Refusal::OwnRequest)
            } else {
                ok(who.approver, Refusal::NotAnApprover)
            }
        }
        Verb::Cancel => ok(who.requester || who.beneficiary, Refusal::NotTheirs),
        Verb::Extend => ok(who.involved(), Refusal::NotTheirs),
        Verb::Revoke => ok(
            who.involved() || who.approver || who.executor,
            Refusal::NoStanding,
        ),
        Verb::Grant => ok(
            who.executor
                || (who.approver && !who.involved())
                || (who.involved() && mode != Mode::Required),
            Refusal::MayNotGrant,
        ),
        Verb::End => ok(
            who.involved() || who.approver || who.executor,
            Refusal::NoStanding,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every combination of standings, named.
    fn standings() -> Vec<(&'static str, Standing)> {
        let s = |requester, beneficiary, member, approver, executor| Standing {
            requester,
            beneficiary,
            member,
            approver,
            executor,
        };
        vec![
            ("stranger", s(false, false, false, false, false)),
            ("requester", s(true, false, false, false, false)),
            ("requester+beneficiary", s(true, true, false, false, false)),
            ("beneficiary", s(false, true, false, false, false)),
            ("member", s(false, false, true, false, false)),
            ("approver", s(false, false, false, true, false)),
            ("approving requester", s(true, true, false, true, false)),
            ("approving member", s(false, false, true, true, false)),
            ("executor", s(false, false, false, false, true)),
        ]
    }

    /// The whole table, spelled out: (verb, standing, mode) → allowed. A change to who may do
    /// what shows up here as a diff a reviewer must accept.
    #[test]
    fn the_matrix() {
        use Mode::*;
        let expected = |verb: Verb, name: &str, mode: Mode| -> bool {
            match verb {
                Verb::Request => name.contains("requester"),
                Verb::Approve | Verb::Reject | Verb::Review => name == "approver",
                Verb::Cancel => {
                    matches!(
                        name,
                        "requester"
                            | "requester+beneficiary"
                            | "beneficiary"
                            | "approving requester"
                    )
                }
                Verb::Extend => !matches!(name, "stranger" | "approver" | "executor"),
                Verb::Revoke => name != "stranger",
                Verb::Grant => match name {
                    "executor" | "approver" => true,
                    "stranger" => false,
                    _ => mode != Required,
                },
                Verb::End => name != "stranger",
            }
        };
        let mut checked = 0;
        for verb in Verb::ALL {
            for (name, who) in standings() {
                for mode in [Required, Auto, BreakGlass] {
                    assert_eq!(
                        may(verb, who, mode).is_ok(),
                        expected(verb, name, mode),
                        "{} by {name} under {mode:?}",
                        verb.as_str()
                    );
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 9 * 9 * 3);
    }

    #[test]
    fn party_to_a_request_never_decides_it_whatever_else_they_are() {
        for (name, who) in standings() {
            if who.involved() {
                for verb in [Verb::Approve, Verb::Reject, Verb::Review] {
                    assert_eq!(
                        may(verb, who, Mode::Required),
                        Err(Refusal::OwnRequest),
                        "{name}"
                    );
                }
            }
        }
    }

    #[test]
    fn every_action_is_a_verb() {
        let a = |action: Action| Verb::of(Some(&action));
        assert_eq!(Verb::of(None), Verb::Request);
        assert_eq!(a(Action::PolicyApprove), Verb::Grant);
        assert_eq!(a(Action::Granted), Verb::Grant);
        assert_eq!(a(Action::Expire), Verb::End);
        assert_eq!(a(Action::RejectExtension), Verb::Reject);
        assert_eq!(a(Action::RevokeFailed { reason: "x".into() }), Verb::Revoke);
    }
}
