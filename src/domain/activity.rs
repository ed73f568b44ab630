//! What an elevated session did: which CloudTrail events belong to an elevation, decided
//! exactly, and the CloudTrail Lake query that finds them, with every value validated and
//! escaped.

use jiff::{SignedDuration, Timestamp};
use serde::Serialize;

use super::request::Request;
use super::{PrincipalKind, org::is_account_id};

/// Identity Center sessions last one hour unless the permission set says otherwise.
const DEFAULT_SESSION: SignedDuration = SignedDuration::from_hours(1);

/// Whose events, where, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Criteria {
    pub account_id: String,
    pub permission_set: String,
    /// The Identity Center user whose sessions count; `None` for a group's elevation (any
    /// member's session of that permission set counts).
    pub user: Option<String>,
    pub start: Timestamp,
    /// The end plus the session duration: a session started just before the end keeps working
    /// until it expires.
    pub end: Timestamp,
}

impl Criteria {
    /// The window of an elevation that was granted; `None` if it never was.
    pub fn of(request: &Request, now: Timestamp) -> Option<Criteria> {
        let start = request.granted_at?;
        let ended = request
            .ended_at
            .or(request.end_at)
            .map_or(now, |e| e.min(now.max(start)));
        let session = request
            .permission_set
            .session_duration
            .unwrap_or(DEFAULT_SESSION);
        Some(Criteria {
            account_id: request.account_id.clone(),
            permission_set: request.permission_set.name.clone(),
            user: (request.principal.kind == PrincipalKind::User)
                .then(|| request.principal.name.clone()),
            start,
            end: ended.checked_add(session).unwrap_or(now).min(now),
        })
    }

    /// Whether a caller ARN is a session of this elevation's role, exactly — the role is
    /// `AWSReservedSSO_<permission set>_<16 hex digits>`, never a longer name that starts the
    /// same (`Admin` is not `AdminPlus`) — in this account, for this user.
    pub fn is_session(&self, arn: &str) -> bool {
        let Some(rest) = arn.strip_prefix("arn:aws:sts::") else {
            return false;
        };
        let Some((account, rest)) = rest.split_once(":assumed-role/") else {
            return false;
        };
        let Some((role, session)) = rest.split_once('/') else {
            return false;
        };
        let Some(named) = role.strip_prefix("AWSReservedSSO_") else {
            return false;
        };
        let Some((name, suffix)) = named.rsplit_once('_') else {
            return false;
        };
        account == self.account_id
            && name == self.permission_set
            && suffix.len() == 16
            && suffix.bytes().all(|b| b.is_ascii_hexdigit())
            && self.user.as_deref().is_none_or(|u| session == u)
    }
}

/// One thing the session did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Activity {
    pub time: Timestamp,
    pub source: String,
    pub name: String,
    pub read_only: Option<bool>,
    pub region: String,
    pub source_ip: String,
    pub error_code: Option<String>,
    pub caller: String,
}

impl Activity {
    /// From a CloudTrail record (the JSON of a trail file or of a Lake row).
    pub fn from_record(r: &serde_json::Value) -> Option<Activity> {
        let s = |k: &str| r.get(k).and_then(|v| v.as_str()).map(str::to_string);
        Some(Activity {
            time: event_time(&s("eventTime")?)?,
            source: s("eventSource")?,
            name: s("eventName")?,
            read_only: match r.get("readOnly") {
                Some(serde_json::Value::Bool(b)) => Some(*b),
                Some(serde_json::Value::String(t)) => t.parse().ok(),
                _ => None,
            },
            region: s("awsRegion").unwrap_or_default(),
            source_ip: s("sourceIPAddress").unwrap_or_default(),
            error_code: s("errorCode").filter(|e| !e.is_empty()),
            caller: r
                .pointer("/userIdentity/arn")
                .and_then(|v| v.as_str())
                .map(str::to_string)?,
        })
    }

    pub fn is_write(&self) -> bool {
        self.read_only == Some(false)
    }

    /// `read`, `write`, or empty when CloudTrail does not say.
    pub fn access(&self) -> &'static str {
        match self.read_only {
            Some(true) => "read",
            Some(false) => "write",
            None => "",
        }
    }
}

/// A CloudTrail event time: RFC 3339 in trail files, `2026-12-05 10:00:00.000` (UTC) in
/// CloudTrail Lake's results.
pub fn event_time(s: &str) -> Option<Timestamp> {
    s.parse::<Timestamp>().ok().or_else(|| {
        s.parse::<jiff::civil::DateTime>()
            .ok()?
            .to_zoned(jiff::tz::TimeZone::UTC)
            .ok()
            .map(|z| z.timestamp())
    })
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct QueryError(pub String);

/// The event data store's id, from its ARN or the id itself; only the characters ids have.
pub fn event_data_store_id(arn_or_id: &str) -> Result<String, QueryError> {
    let id = arn_or_id.rsplit('/').next().unwrap_or("").trim();
    if id.is_empty()
        || id.len() > 128
        || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        return Err(QueryError(format!(
            "'{arn_or_id}' is not an event data store: give its ARN (arn:aws:cloudtrail:<region>:<account>:eventdatastore/<id>) or id"
        )));
    }
    Ok(id.to_string())
}

/// A string literal for Trino SQL: quotes doubled, nothing else can end it.
fn literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Permission set names are `[\w+=,.@-]{1,32}`; refuse anything else before it reaches SQL.
fn valid_permission_set(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 32
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c))
}

/// The CloudTrail Lake query for an elevation's activity. Values are validated (account id,
/// permission set name, data store id), then placed as escaped literals; the caller's ARN is
/// matched with an anchored regular expression whose parts are regex-escaped, so the role name
/// matches exactly. (`is_session` checks every returned row again.)
pub fn lake_query(event_data_store: &str, c: &Criteria) -> Result<String, QueryError> {
    let store = event_data_store_id(event_data_store)?;
    if !is_account_id(&c.account_id) {
        return Err(QueryError(format!(
            "'{}' is not an account id",
            c.account_id
        )));
    }
    if !valid_permission_set(&c.permission_set) {
        return Err(QueryError(format!(
            "'{}' is not a permission set name",
            c.permission_set
        )));
    }
    if c.user
        .as_deref()
        .is_some_and(|u| u.is_empty() || u.len() > 128 || u.chars().any(char::is_control))
    {
        return Err(QueryError(
            "the user name is empty, too long, or has control characters".into(),
        ));
    }
    let session = match &c.user {
        Some(u) => regex::escape(u),
        None => "[^/]+".to_string(),
    };
    let pattern = format!(
        "^arn:aws:sts::{}:assumed-role/AWSReservedSSO_{}_[0-9a-f]{{16}}/{}$",
        c.account_id,
        regex::escape(&c.permission_set),
        session
    );
    let time = |t: Timestamp| literal(&t.strftime("%Y-%m-%d %H:%M:%S").to_string());
    Ok(format!(
        "SELECT eventTime, eventSource, eventName, readOnly, awsRegion, sourceIPAddress, errorCode, userIdentity.arn \
FROM {store} \
WHERE recipientAccountId = {} \
AND eventTime >= {} AND eventTime <= {} \
AND regexp_like(userIdentity.arn, {}) \
ORDER BY eventTime",
        literal(&c.account_id),
        time(c.start),
        time(c.end),
        literal(&pattern)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn criteria(user: Option<&str>) -> Criteria {
        Criteria {
            account_id: "111122223333".into(),
            permission_set: "Admin".into(),
            user: user.map(str::to_string),
            start: "2026-11-22T10:00:00Z".parse().unwrap(),
            end: "2026-11-22T13:00:00Z".parse().unwrap(),
        }
    }

    #[test]
    fn event_times_are_read_from_trail_files_and_lake_rows_alike() {
        let want: Timestamp = "2026-12-05T10:00:00Z".parse().unwrap();
        assert_eq!(event_time("2026-12-05T10:00:00Z"), Some(want));
        // CloudTrail Lake's results carry no zone: they are UTC.
        assert_eq!(event_time("2026-12-05 10:00:00.000"), Some(want));
        assert_eq!(event_time("2026-12-05 10:00:00"), Some(want));
        assert_eq!(event_time("yesterday"), None);
    }

    #[test]
    fn sessions_match_the_role_exactly() {
        let c = criteria(Some("alice@example.com"));
        let arn = |role: &str, session: &str| {
            format!("arn:aws:sts::111122223333:assumed-role/{role}/{session}")
        };
        assert!(c.is_session(&arn(
            "AWSReservedSSO_Admin_0123456789abcdef",
            "alice@example.com"
        )));
        for (role, session) in [
            (
                "AWSReservedSSO_AdminPlus_0123456789abcdef",
                "alice@example.com",
            ),
            (
                "AWSReservedSSO_Admin_Plus_0123456789abcdef",
                "alice@example.com",
            ),
            (
                "AWSReservedSSO_XAdmin_0123456789abcdef",
                "alice@example.com",
            ),
            ("AWSReservedSSO_Admin_0123456789abcde", "alice@example.com"),
            ("AWSReservedSSO_Admin_0123456789abcdeg", "alice@example.com"),
            ("Admin_0123456789abcdef", "alice@example.com"),
            ("AWSReservedSSO_Admin_0123456789abcdef", "bob@example.com"),
        ] {
            assert!(!c.is_session(&arn(role, session)), "{role}/{session}");
        }
        assert!(!c.is_session(
            "arn:aws:sts::999999999999:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/alice@example.com"
        ));
        // A group's elevation: any member's session of that permission set.
        assert!(criteria(None).is_session(&arn("AWSReservedSSO_Admin_0123456789abcdef", "carol")));
    }

    #[test]
    fn the_query_is_exact_and_escaped() {
        let sql = lake_query(
            "arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/EXAMPLE-f852-4e8f-8bd1",
            &criteria(Some("o'brien+ops@example.com")),
        )
        .unwrap();
        assert_eq!(
            sql,
            "SELECT eventTime, eventSource, eventName, readOnly, awsRegion, sourceIPAddress, errorCode, userIdentity.arn \
FROM EXAMPLE-f852-4e8f-8bd1 \
WHERE recipientAccountId = '111122223333' \
AND eventTime >= '2026-11-22 10:00:00' AND eventTime <= '2026-11-22 13:00:00' \
AND regexp_like(userIdentity.arn, '^arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_[0-9a-f]{16}/o''brien\\+ops@example\\.com$') \
ORDER BY eventTime"
        );
        // Values that could break out of the query are refused, not escaped into it.
        let mut bad = criteria(None);
        bad.permission_set = "Admin' OR 1=1 --".into();
        assert!(lake_query("EXAMPLE", &bad).is_err());
        bad = criteria(None);
        bad.account_id = "1111' --".into();
        assert!(lake_query("EXAMPLE", &bad).is_err());
        assert!(lake_query("x; DROP", &criteria(None)).is_err());
        assert!(lake_query("EXAMPLE", &criteria(Some("a\u{0}b"))).is_err());
    }

    #[test]
    fn records_become_activity() {
        let r = serde_json::json!({
            "eventTime": "2026-11-22T10:05:00Z", "eventSource": "s3.amazonaws.com",
            "eventName": "DeleteBucket", "readOnly": false, "awsRegion": "eu-west-1",
            "sourceIPAddress": "203.0.113.7", "errorCode": "AccessDenied",
            "userIdentity": {"arn": "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/alice"}
        });
        let a = Activity::from_record(&r).unwrap();
        assert!(a.is_write());
        assert_eq!(a.error_code.as_deref(), Some("AccessDenied"));
        assert!(Activity::from_record(&serde_json::json!({"eventName": "x"})).is_none());
    }
}
