//! Access that elevate did not give: changes to account assignments in CloudTrail made by anyone
//! but the executor and the scheduler role (`elevate audit standing`, and the executor's check at
//! `standing_check_interval`). Only the reading and the judging of records live here; the
//! workflow fetches them.

use jiff::Timestamp;

use super::activity::{QueryError, event_data_store_id, event_time};

/// The Identity Center calls that give or take away access.
pub const CHANGES: [&str; 2] = ["CreateAccountAssignment", "DeleteAccountAssignment"];
const SOURCE: &str = "sso.amazonaws.com";

/// One call to create or delete an assignment, as CloudTrail recorded it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Change {
    /// CloudTrail's id of the event, when the record has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_id: Option<String>,
    pub time: Timestamp,
    /// `CreateAccountAssignment` or `DeleteAccountAssignment`.
    pub name: String,
    /// Who called: the session's ARN.
    pub caller: String,
    pub account_id: String,
    pub permission_set_arn: String,
    /// `USER` or `GROUP`.
    pub principal_type: String,
    pub principal_id: String,
    /// Set when AWS refused the call (an attempt, not a change).
    pub error_code: Option<String>,
    pub source_ip: String,
}

impl Change {
    /// From a trail record (`requestParameters` an object) or a Lake row (the parameters as the
    /// top-level columns `lake_query` names). `None` for anything else.
    pub fn from_record(r: &serde_json::Value) -> Option<Change> {
        let s = |k: &str| r.get(k).and_then(|v| v.as_str()).map(str::to_string);
        let param = |k: &str| {
            r.pointer(&format!("/requestParameters/{k}"))
                .or_else(|| r.get(k))
                .and_then(|v| v.as_str())
                .map(str::to_string)
                .unwrap_or_default()
        };
        let name = s("eventName")?;
        if !CHANGES.contains(&name.as_str()) || s("eventSource").as_deref() != Some(SOURCE) {
            return None;
        }
        // A caller without an ARN (an AWS service, a root or federated call recorded otherwise)
        // is still a change by someone: named as well as the record allows, never dropped.
        let identity = |k: &str| {
            r.pointer(&format!("/userIdentity/{k}"))
                .and_then(|v| v.as_str())
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        Some(Change {
            event_id: s("eventID"),
            time: event_time(&s("eventTime")?)?,
            name,
            caller: identity("arn")
                .or_else(|| identity("invokedBy"))
                .or_else(|| identity("principalId"))
                .or_else(|| identity("type").map(|t| format!("({t})")))
                .unwrap_or_else(|| "(unknown caller)".to_string()),
            account_id: param("targetId"),
            permission_set_arn: param("permissionSetArn"),
            principal_type: param("principalType"),
            principal_id: param("principalId"),
            error_code: s("errorCode").filter(|e| !e.is_empty()),
            source_ip: s("sourceIPAddress").unwrap_or_default(),
        })
    }

    /// Whether the caller is a session of one of `roles` (role ARNs): the executor or the
    /// scheduler role.
    pub fn by_any_of(&self, roles: &[&str]) -> bool {
        roles.iter().any(|role| is_session_of(&self.caller, role))
    }
}

/// Whether `session` (`arn:aws:sts::<account>:assumed-role/<name>/<session>`) is a session of
/// `role` (`arn:aws:iam::<account>:role/<path/><name>`). A session's ARN carries no path, and a
/// role's name is unique in its account whatever its path.
pub fn is_session_of(session: &str, role: &str) -> bool {
    let Some(rest) = session.strip_prefix("arn:") else {
        return false;
    };
    let parts: Vec<&str> = rest.splitn(5, ':').collect();
    let [partition, "sts", "", account, resource] = parts[..] else {
        return false;
    };
    let Some((name, session_name)) = resource
        .strip_prefix("assumed-role/")
        .and_then(|r| r.split_once('/'))
    else {
        return false;
    };
    if name.is_empty() || session_name.is_empty() {
        return false;
    }
    let role_parts: Vec<&str> = role.splitn(6, ':').collect();
    let [
        "arn",
        role_partition,
        "iam",
        "",
        role_account,
        role_resource,
    ] = role_parts[..]
    else {
        return false;
    };
    role_partition == partition
        && role_account == account
        && role_resource.starts_with("role/")
        && role_resource.rsplit('/').next() == Some(name)
}

/// The CloudTrail Lake query for the assignment changes between `since` and `until`.
pub fn lake_query(
    event_data_store: &str,
    since: Timestamp,
    until: Timestamp,
) -> Result<String, QueryError> {
    let store = event_data_store_id(event_data_store)?;
    let time = |t: Timestamp| format!("'{}'", t.strftime("%Y-%m-%d %H:%M:%S"));
    let names: Vec<String> = CHANGES.iter().map(|n| format!("'{n}'")).collect();
    Ok(format!(
        "SELECT eventID, eventTime, eventSource, eventName, sourceIPAddress, errorCode, userIdentity.arn, \
element_at(requestParameters, 'targetId') AS targetId, \
element_at(requestParameters, 'permissionSetArn') AS permissionSetArn, \
element_at(requestParameters, 'principalType') AS principalType, \
element_at(requestParameters, 'principalId') AS principalId \
FROM {store} \
WHERE eventSource = '{SOURCE}' AND eventName IN ({}) \
AND eventTime >= {} AND eventTime <= {} \
ORDER BY eventTime",
        names.join(", "),
        time(since),
        time(until)
    ))
}

/// An assignment of a `temporary_only` permission set that no genuine elevation explains.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Standing {
    pub account_id: String,
    pub permission_set: String,
    pub permission_set_arn: String,
    /// `user:<id>` or `group:<id>` (Identity Center ids).
    pub principal: String,
    /// What became of it: reported, removed, kept (and why), or why it could not be removed.
    pub result: String,
}

/// What one standing-access check found: the report of `elevate audit standing`, and the
/// section of an executor pass on which the check was due.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Report {
    /// The `temporary_only` permission sets that were checked.
    pub permission_sets: Vec<String>,
    /// Assignments of them that no genuine elevation explains.
    pub standing: Vec<Standing>,
    /// Assignment changes by anyone but elevate, oldest first; `None` when no trail is
    /// configured.
    pub changes: Option<Vec<Change>>,
    /// Where the changes were read, or why they were not.
    pub trail: String,
    /// A part of the check that could not run (a finding: nothing was checked there).
    pub problems: Vec<String>,
    pub since: Timestamp,
    pub until: Timestamp,
}

impl Report {
    pub fn findings(&self) -> usize {
        self.standing.len() + self.changes.as_ref().map_or(0, Vec::len) + self.problems.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const EXECUTOR: &str = "arn:aws:iam::111122223333:role/elevate/elevate-executor";
    const SCHEDULER: &str = "arn:aws:iam::111122223333:role/elevate-scheduler";

    fn record(name: &str, caller: &str) -> serde_json::Value {
        json!({
            "eventTime": "2026-12-05T10:00:00Z",
            "eventSource": "sso.amazonaws.com",
            "eventName": name,
            "sourceIPAddress": "203.0.113.7",
            "userIdentity": {"arn": caller},
            "requestParameters": {
                "instanceArn": "arn:aws:sso:::instance/ssoins-1",
                "targetId": "444455556666",
                "targetType": "AWS_ACCOUNT",
                "permissionSetArn": "arn:aws:sso:::permissionSet/ssoins-1/ps-1",
                "principalType": "USER",
                "principalId": "u-mallory"
            }
        })
    }

    #[test]
    fn a_change_is_read_from_a_trail_record_and_a_lake_row() {
        let caller = "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Approver_0123456789abcdef/mallory";
        let from_trail = Change::from_record(&record("CreateAccountAssignment", caller)).unwrap();
        assert_eq!(from_trail.account_id, "444455556666");
        assert_eq!(from_trail.principal_id, "u-mallory");
        assert_eq!(from_trail.caller, caller);
        assert_eq!(from_trail.error_code, None);
        let row = json!({
            "eventTime": "2026-12-05 10:00:00.000",
            "eventSource": "sso.amazonaws.com",
            "eventName": "DeleteAccountAssignment",
            "errorCode": "AccessDenied",
            "userIdentity": {"arn": caller},
            "targetId": "444455556666",
            "permissionSetArn": "arn:aws:sso:::permissionSet/ssoins-1/ps-1",
            "principalType": "GROUP",
            "principalId": "g-1",
        });
        let from_lake = Change::from_record(&row).unwrap();
        assert_eq!(from_lake.time, from_trail.time);
        assert_eq!(from_lake.principal_type, "GROUP");
        assert_eq!(from_lake.error_code.as_deref(), Some("AccessDenied"));
    }

    #[test]
    fn only_assignment_changes_in_identity_center_count() {
        let caller = "arn:aws:sts::111122223333:assumed-role/x/y";
        assert!(Change::from_record(&record("ListAccountAssignments", caller)).is_none());
        let mut other = record("CreateAccountAssignment", caller);
        other["eventSource"] = json!("iam.amazonaws.com");
        assert!(Change::from_record(&other).is_none());
    }

    #[test]
    fn sessions_of_the_executor_and_scheduler_are_elevate_and_no_one_else_is() {
        let session =
            |account: &str, role: &str| format!("arn:aws:sts::{account}:assumed-role/{role}/s-1");
        let change = |caller: String| Change {
            caller,
            ..Change::from_record(&record(
                "CreateAccountAssignment",
                "arn:aws:sts::1:assumed-role/a/b",
            ))
            .unwrap()
        };
        let roles = [EXECUTOR, SCHEDULER];
        assert!(change(session("111122223333", "elevate-executor")).by_any_of(&roles));
        assert!(change(session("111122223333", "elevate-scheduler")).by_any_of(&roles));
        for caller in [
            session("999988887777", "elevate-executor"),
            session("111122223333", "elevate-executor-2"),
            session("111122223333", "elevate"),
            "arn:aws:iam::111122223333:user/elevate-executor".to_string(),
            "arn:aws:sts::111122223333:assumed-role/elevate-executor".to_string(),
            "arn:aws:sts::111122223333:federated-user/elevate-executor".to_string(),
            "arn:aws-cn:sts::111122223333:assumed-role/elevate-executor/s".to_string(),
            String::new(),
        ] {
            assert!(!change(caller.clone()).by_any_of(&roles), "{caller}");
        }
    }

    #[test]
    fn the_lake_query_names_only_assignment_changes_in_the_window() {
        let q = lake_query(
            "arn:aws:cloudtrail:eu-west-1:111122223333:eventdatastore/0123abcd-0123-4567-89ab-0123456789ab",
            "2026-12-04T10:00:00Z".parse().unwrap(),
            "2026-12-05T10:00:00Z".parse().unwrap(),
        )
        .unwrap();
        assert!(
            q.contains("FROM 0123abcd-0123-4567-89ab-0123456789ab "),
            "{q}"
        );
        assert!(q.contains("eventName IN ('CreateAccountAssignment', 'DeleteAccountAssignment')"));
        assert!(
            q.contains("eventTime >= '2026-12-04 10:00:00' AND eventTime <= '2026-12-05 10:00:00'")
        );
        assert!(lake_query("x; DROP", Timestamp::UNIX_EPOCH, Timestamp::UNIX_EPOCH).is_err());
    }
}
