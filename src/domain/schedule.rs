//! The EventBridge Scheduler schedules of one assignment, planned from the elevations that hold
//! it (or will): access starts and ends on time even if nobody runs elevate again.
//!
//! An assignment is one Identity Center object shared by every elevation of the same principal,
//! account and permission set, so schedules belong to the assignment, not to a request. Its
//! elevations' windows are merged: each merged window that is still to come gets a schedule that
//! creates the assignment at its start, and each gets one that deletes it at its end. Two
//! overlapping elevations thus share one deletion at the later end, and a gap between them is a
//! real gap. Access that existed before any elevation gets no schedule at all: nothing may
//! delete it.

use jiff::Timestamp;

use super::request::Assignment;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ScheduledAction {
    /// `CreateAccountAssignment` at the start of a window.
    Grant,
    /// `DeleteAccountAssignment` at its end.
    Revoke,
}

/// One schedule: what it does and when (whole seconds, as `at()` expressions take them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Planned {
    pub at: Timestamp,
    pub action: ScheduledAction,
}

impl Planned {
    pub fn new(action: ScheduledAction, at: Timestamp) -> Planned {
        Planned {
            at: fires_at(at),
            action,
        }
    }
}

/// `at()` expressions take whole seconds: round up, so a revocation never fires before the end
/// and a grant never before the start.
pub fn fires_at(at: Timestamp) -> Timestamp {
    let secs = at.as_second() + i64::from(at.subsec_nanosecond() > 0);
    Timestamp::from_second(secs).unwrap_or(at)
}

/// Every schedule elevate makes is named with this prefix.
pub const PREFIX: &str = "elevate-";

/// Every schedule of `assignment` is named with this prefix, so one `ListSchedules` finds them.
pub fn prefix(assignment: &Assignment) -> String {
    use sha2::{Digest, Sha256};
    format!(
        "{PREFIX}{}-",
        &hex::encode(Sha256::digest(assignment.key().as_bytes()))[..40]
    )
}

/// The assignment part of a schedule's name (what `prefix` gives), if it is one of elevate's.
pub fn prefix_of(name: &str) -> Option<&str> {
    let len = PREFIX.len() + 41;
    let prefix = name.get(..len)?;
    let hash = prefix.strip_prefix(PREFIX)?.strip_suffix('-')?;
    hash.bytes()
        .all(|b| b.is_ascii_hexdigit())
        .then_some(prefix)
}

/// `elevate-<40 hex>-<g|r>-<unix seconds>`: at most 61 characters (the limit is 64). The name
/// says what the schedule does and when, so planning needs no call per schedule.
pub fn name(assignment: &Assignment, planned: &Planned) -> String {
    format!(
        "{}{}-{}",
        prefix(assignment),
        match planned.action {
            ScheduledAction::Grant => 'g',
            ScheduledAction::Revoke => 'r',
        },
        planned.at.as_second()
    )
}

/// The schedule a name describes, if it is one of `assignment`'s.
pub fn parse_name(assignment: &Assignment, name: &str) -> Option<Planned> {
    let rest = name.strip_prefix(&prefix(assignment))?;
    let (action, secs) = rest.split_once('-')?;
    let action = match action {
        "g" => ScheduledAction::Grant,
        "r" => ScheduledAction::Revoke,
        _ => return None,
    };
    if secs.is_empty() || !secs.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let at = Timestamp::from_second(secs.parse().ok()?).ok()?;
    Some(Planned { at, action })
}

/// The schedules an assignment needs at `now`, given the windows of the elevations that hold it
/// or are scheduled to. `keep` means the access existed before any of them: no schedules.
pub fn plan(windows: &[(Timestamp, Timestamp)], keep: bool, now: Timestamp) -> Vec<Planned> {
    if keep {
        return Vec::new();
    }
    let mut sorted: Vec<(Timestamp, Timestamp)> =
        windows.iter().copied().filter(|(s, e)| s < e).collect();
    sorted.sort();
    let mut merged: Vec<(Timestamp, Timestamp)> = Vec::new();
    for (start, end) in sorted {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    let mut out = Vec::new();
    for (start, end) in merged {
        if end <= now {
            // Overdue: `reconcile` ends it; a schedule in the past would never fire.
            continue;
        }
        if start > now {
            out.push(Planned::new(ScheduledAction::Grant, start));
        }
        out.push(Planned::new(ScheduledAction::Revoke, end));
    }
    out.sort();
    out.dedup();
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Add(Planned),
    Remove(Planned),
}

/// How to go from the schedules that exist to those planned, ordered so that stopping after any
/// change leaves no more access than planned: stale grants go first, and stale revocations last,
/// after their replacements exist. An interrupted sync errs towards ending access early, never
/// late; the next sync (or `reconcile`) finishes it.
pub fn changes(existing: &[Planned], planned: &[Planned]) -> Vec<Change> {
    use ScheduledAction::*;
    let stale = |action| {
        existing
            .iter()
            .filter(move |p| p.action == action && !planned.contains(p))
            .map(|p| Change::Remove(*p))
    };
    let missing = |action| {
        planned
            .iter()
            .filter(move |p| p.action == action && !existing.contains(p))
            .map(|p| Change::Add(*p))
    };
    stale(Grant)
        .chain(missing(Revoke))
        .chain(missing(Grant))
        .chain(stale(Revoke))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::PrincipalKind;
    use ScheduledAction::*;

    fn t(s: &str) -> Timestamp {
        format!("2026-11-22T{s}:00Z").parse().unwrap()
    }

    fn assignment() -> Assignment {
        Assignment {
            instance_arn: "arn:aws:sso:::instance/ssoins-1".into(),
            account_id: "111122223333".into(),
            permission_set_arn: "arn:aws:sso:::permissionSet/ssoins-1/ps-1".into(),
            principal_kind: PrincipalKind::User,
            principal_id: "u-1".into(),
        }
    }

    // Schedules already in EventBridge are found by this prefix: a release naming them
    // differently would leave them unmanaged. The value is SHA-256 computed outside Rust.
    #[test]
    fn an_assignment_names_its_schedules_the_same_in_every_release() {
        assert_eq!(
            prefix(&assignment()),
            "elevate-1650d3c461569f0270c6052c736a967e454106ba-"
        );
    }

    #[test]
    fn one_active_elevation_is_revoked_at_its_end() {
        assert_eq!(
            plan(&[(t("09:00"), t("11:00"))], false, t("10:00")),
            vec![Planned::new(Revoke, t("11:00"))]
        );
    }

    #[test]
    fn a_future_window_is_granted_at_its_start() {
        assert_eq!(
            plan(&[(t("12:00"), t("14:00"))], false, t("10:00")),
            vec![
                Planned::new(Grant, t("12:00")),
                Planned::new(Revoke, t("14:00"))
            ]
        );
    }

    #[test]
    fn overlapping_windows_share_one_revocation_at_the_later_end() {
        let windows = [(t("09:00"), t("12:00")), (t("11:00"), t("14:00"))];
        assert_eq!(
            plan(&windows, false, t("10:00")),
            vec![Planned::new(Revoke, t("14:00"))]
        );
        // Touching windows are one window: no revoke-then-grant in the same second.
        let touching = [(t("09:00"), t("12:00")), (t("12:00"), t("14:00"))];
        assert_eq!(
            plan(&touching, false, t("10:00")),
            vec![Planned::new(Revoke, t("14:00"))]
        );
    }

    #[test]
    fn a_gap_between_windows_is_a_real_gap() {
        let windows = [(t("09:00"), t("10:45")), (t("11:00"), t("14:00"))];
        assert_eq!(
            plan(&windows, false, t("10:00")),
            vec![
                Planned::new(Revoke, t("10:45")),
                Planned::new(Grant, t("11:00")),
                Planned::new(Revoke, t("14:00")),
            ]
        );
    }

    #[test]
    fn pre_existing_access_and_overdue_windows_get_no_schedule() {
        assert!(plan(&[(t("09:00"), t("11:00"))], true, t("10:00")).is_empty());
        assert!(plan(&[(t("08:00"), t("09:00"))], false, t("10:00")).is_empty());
        assert!(plan(&[], false, t("10:00")).is_empty());
    }

    #[test]
    fn times_round_up_to_whole_seconds() {
        let at: Timestamp = "2026-11-22T05:00:00.001Z".parse().unwrap();
        assert_eq!(fires_at(at), "2026-11-22T05:00:01Z".parse().unwrap());
        assert_eq!(fires_at(t("05:00")), t("05:00"));
    }

    #[test]
    fn names_round_trip_and_fit_the_limit() {
        let a = assignment();
        for p in [
            Planned::new(Grant, t("12:00")),
            Planned::new(Revoke, t("14:30")),
        ] {
            let n = name(&a, &p);
            assert!(n.len() <= 64, "{n}");
            assert_eq!(parse_name(&a, &n), Some(p));
        }
        let other = Assignment {
            principal_id: "u-2".into(),
            ..assignment()
        };
        let theirs = name(&other, &Planned::new(Revoke, t("12:00")));
        assert_eq!(parse_name(&a, &theirs), None);
        let p = prefix(&a);
        for junk in ["x-1", "g-", "g-12a", "r--5", "g"] {
            assert_eq!(parse_name(&a, &format!("{p}{junk}")), None, "{junk}");
        }
    }

    #[test]
    fn changes_remove_stale_grants_first_and_stale_revocations_last() {
        let old = [
            Planned::new(Grant, t("12:00")),
            Planned::new(Revoke, t("13:00")),
        ];
        let new = [
            Planned::new(Grant, t("12:30")),
            Planned::new(Revoke, t("14:00")),
        ];
        assert_eq!(
            changes(&old, &new),
            vec![
                Change::Remove(old[0]),
                Change::Add(new[1]),
                Change::Add(new[0]),
                Change::Remove(old[1]),
            ]
        );
        assert!(changes(&new, &new).is_empty());
    }
}
