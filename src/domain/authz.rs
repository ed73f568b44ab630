//! Who may do what to a request: one pure table. Every command asks it before acting, and the
//! ledger's verification asks it of every sealed event, so a reviewer reads the rule here and
//! nowhere else. Whether the request's state allows the step is the state machine's business
//! (`domain::request`); this is about the one acting.

use std::fmt;

use super::policy::Mode;
use super::request::Action;

/// Who changes access in an installation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GrantMode {
    /// One operator or a small trusted team: an approver's (or, for a request policy approves by
    /// itself, the requester's) own credentials create and delete assignments. Approvers are
    /// trusted: IAM lets them grant anything, whatever the ledger says.
    #[default]
    Direct,
    /// A team on a shared ledger: only the executor creates and deletes assignments and
    /// schedules; people record sealed decisions and ask. IAM, not elevate, stops anyone else.
    Brokered,
}

impl GrantMode {
    pub fn as_str(self) -> &'static str {
        match self {
            GrantMode::Direct => "direct",
            GrantMode::Brokered => "brokered",
        }
    }
}

impl fmt::Display for GrantMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for GrantMode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "direct" => Ok(GrantMode::Direct),
            "brokered" => Ok(GrantMode::Brokered),
            other => Err(format!(
                "grant_mode '{other}' is neither 'direct' nor 'brokered'"
            )),
        }
    }
}

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
    /// End access early (carry it out: delete the assignment).
    Revoke,
    /// Ask the executor to end access early (brokered mode): records the wish, changes nothing.
    AskRevoke,
    /// Ask for a later end.
    Extend,
    /// Review a break-glass elevation afterwards.
    Review,
    /// Carry out a grant: record whether access existed, create it, confirm it, record a
    /// failure, or record that policy approved the request by itself.
    Grant,
    /// Record the end of the window and remove the access (the state machine checks the time).
    End,
    /// Record that a pending request waited too long (the state machine checks the time).
    Expire,
}

impl Verb {
    pub const ALL: [Verb; 11] = [
        Verb::Request,
        Verb::Approve,
        Verb::Reject,
        Verb::Cancel,
        Verb::Revoke,
        Verb::AskRevoke,
        Verb::Extend,
        Verb::Review,
        Verb::Grant,
        Verb::End,
        Verb::Expire,
    ];

    /// Whether doing it creates or deletes access (an assignment or a schedule that will).
    pub fn changes_access(self) -> bool {
        matches!(self, Verb::Grant | Verb::Revoke | Verb::End)
    }

    /// The verb an action is; `None` is the request itself.
    pub fn of(action: Option<&Action>) -> Verb {
        match action {
            None => Verb::Request,
            Some(Action::Approve { .. } | Action::ApproveExtension { .. }) => Verb::Approve,
            Some(Action::Reject | Action::RejectExtension) => Verb::Reject,
            Some(Action::Cancel) => Verb::Cancel,
            // A failed removal is part of revoking: only whoever may revoke records one.
            Some(Action::Revoke | Action::RevokeFailed { .. }) => Verb::Revoke,
            Some(Action::AskRevoke) => Verb::AskRevoke,
            Some(Action::RequestExtension { .. }) => Verb::Extend,
            Some(Action::Review { .. }) => Verb::Review,
            Some(
                Action::PolicyApprove
                | Action::BeginGrant { .. }
                | Action::ScheduleGrant { .. }
                | Action::Granted
                | Action::GrantFailed { .. },
            ) => Verb::Grant,
            Some(Action::End) => Verb::End,
            Some(Action::Expire) => Verb::Expire,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Verb::Request => "request",
            Verb::Approve => "approve",
            Verb::Reject => "reject",
            Verb::Cancel => "cancel",
            Verb::Revoke => "revoke",
            Verb::AskRevoke => "ask to revoke",
            Verb::Extend => "extend",
            Verb::Review => "review",
            Verb::Grant => "grant",
            Verb::End => "end",
            Verb::Expire => "expire",
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
    /// Changing access in a brokered installation: the executor's alone.
    ExecutorOnly,
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
            Refusal::ExecutorOnly => {
                "in a brokered installation only the executor creates or removes access; people record their decisions and ask it"
            }
        })
    }
}

/// Whether someone standing `who` to a request decided under `mode` may `verb` it, in an
/// installation where access is changed as `grant` says.
pub fn may(verb: Verb, who: Standing, mode: Mode, grant: GrantMode) -> Result<(), Refusal> {
    let ok = |allowed: bool, refusal| if allowed { Ok(()) } else { Err(refusal) };
    // Expiring is not a change to access, but a brokered team's passes are the executor's: a
    // person's own sealed expiry of someone else's pending request (due or not) is refused.
    if grant == GrantMode::Brokered && (verb.changes_access() || verb == Verb::Expire) {
        return ok(who.executor, Refusal::ExecutorOnly);
    }
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
        Verb::Revoke | Verb::AskRevoke => ok(
            who.involved() || who.approver || who.executor,
            Refusal::NoStanding,
        ),
        Verb::Grant => ok(
            who.executor
                || (who.approver && !who.involved())
                || (who.involved() && mode != Mode::Required),
            Refusal::MayNotGrant,
        ),
        Verb::End | Verb::Expire => ok(
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
                Verb::Revoke | Verb::AskRevoke => name != "stranger",
                Verb::Grant => match name {
                    "executor" | "approver" => true,
                    "stranger" => false,
                    _ => mode != Required,
                },
                Verb::End | Verb::Expire => name != "stranger",
            }
        };
        let mut checked = 0;
        for verb in Verb::ALL {
            for (name, who) in standings() {
                for mode in [Required, Auto, BreakGlass] {
                    assert_eq!(
                        may(verb, who, mode, GrantMode::Direct).is_ok(),
                        expected(verb, name, mode),
                        "{} by {name} under {mode:?}",
                        verb.as_str()
                    );
                    // Brokered: the same, except that only the executor changes access, and
                    // expires what waited too long.
                    let brokered = if verb.changes_access() || verb == Verb::Expire {
                        name == "executor"
                    } else {
                        expected(verb, name, mode)
                    };
                    assert_eq!(
                        may(verb, who, mode, GrantMode::Brokered).is_ok(),
                        brokered,
                        "{} by {name} under {mode:?}, brokered",
                        verb.as_str()
                    );
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 11 * 9 * 3);
    }

    /// In a brokered installation no person, whatever else they are to the request, creates or
    /// removes access; asking for an early end stays theirs.
    #[test]
    fn brokered_people_ask_and_only_the_executor_changes_access() {
        for (name, who) in standings() {
            for verb in [Verb::Grant, Verb::Revoke, Verb::End] {
                let got = may(verb, who, Mode::Auto, GrantMode::Brokered);
                if who.executor {
                    assert_eq!(got, Ok(()), "{name}");
                } else {
                    assert_eq!(got, Err(Refusal::ExecutorOnly), "{name} {}", verb.as_str());
                }
            }
            assert_eq!(
                may(Verb::AskRevoke, who, Mode::Required, GrantMode::Brokered).is_ok(),
                name != "stranger",
                "{name}"
            );
        }
    }

    #[test]
    fn party_to_a_request_never_decides_it_whatever_else_they_are() {
        for (name, who) in standings() {
            if who.involved() {
                for verb in [Verb::Approve, Verb::Reject, Verb::Review] {
                    assert_eq!(
                        may(verb, who, Mode::Required, GrantMode::Direct),
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
        assert_eq!(a(Action::Expire), Verb::Expire);
        assert_eq!(a(Action::End), Verb::End);
        assert_eq!(a(Action::AskRevoke), Verb::AskRevoke);
        assert_eq!(a(Action::RejectExtension), Verb::Reject);
        assert_eq!(a(Action::RevokeFailed { reason: "x".into() }), Verb::Revoke);
    }
}
