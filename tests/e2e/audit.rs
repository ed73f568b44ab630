//! `elevate audit` and `elevate audit verify` on a real ledger: exports that open in a
//! spreadsheet, and every kind of tampering with the SQLite file caught.

use serde_json::Value;

use crate::harness::{Org, json, stderr_of};

/// Three requests: revoked (approved by bob), rejected (by carol), pending; one reason that
/// tries every trick a CSV cell can play.
fn history(org: &Org) -> Vec<String> {
    let request = |reason: &str| org.ask_admin_on_dev("alice", reason);
    let a = request("=HYPERLINK(\"http://evil\"), \"quoted\",\nsecond line");
    json(
        org.elevate("bob")
            .args(["approve", &a, "-c", "INC-7 is open"]),
    );
    json(org.elevate("alice").args(["revoke", &a, "-r", "done"]));
    let b = request("look at the billing alarms");
    json(
        org.elevate("carol")
            .args(["reject", &b, "-c", "use ReadOnly"]),
    );
    let c = request("still waiting for this one");
    vec![a, b, c]
}

#[test]
fn the_audit_says_who_decided_what_and_exports_csv_and_jsonl() {
    let org = Org::new();
    let ids = history(&org);
    let all = json(org.elevate("erin").args(["audit"]));
    assert_eq!(all.as_array().unwrap().len(), 3);
    let revoked = all
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == ids[0].as_str())
        .unwrap();
    let decisions: Vec<(&str, &str)> = revoked["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["kind"].as_str().unwrap(), d["by"].as_str().unwrap()))
        .collect();
    assert_eq!(
        decisions,
        [("approved", "user:bob"), ("revoked", "user:alice")]
    );
    assert_eq!(revoked["decisions"][0]["comment"], "INC-7 is open");
    assert_eq!(revoked["ended_by"], "user:alice");
    assert!(revoked["granted_at"].is_string() && revoked["ended_at"].is_string());

    let rejected = json(org.elevate("erin").args(["audit", "--status", "rejected"]));
    assert_eq!(rejected.as_array().unwrap().len(), 1);
    assert_eq!(rejected[0]["decisions"][0]["by"], "user:carol");
    let future = json(org.elevate("erin").args(["audit", "--since", "2099-01-01"]));
    assert!(future.as_array().unwrap().is_empty());

    // CSV: RFC 4180, one header and one row per request, a formula is text, and a line break
    // (like any control character) is escaped, so no line-oriented reader sees a forged row.
    let out = org
        .elevate("erin")
        .args(["audit", "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header[0], "id");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 3);
    let reason = header.iter().position(|h| h == "reason").unwrap();
    let tricky = rows.iter().find(|r| &r[0] == ids[0].as_str()).unwrap();
    assert_eq!(
        &tricky[reason],
        "'=HYPERLINK(\"http://evil\"), \"quoted\",\\u{a}second line"
    );

    // JSON Lines: one object per line.
    let out = org
        .elevate("erin")
        .args(["audit", "--format", "jsonl"])
        .output()
        .unwrap();
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);

    // The whole ledger checks out.
    let out = org
        .elevate("erin")
        .args(["audit", "verify"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("every record matches its events"),
        "{}",
        stderr_of(&out)
    );
}

/// Runs `sql` against the organisation's ledger file, as someone with write access to it could.
fn tamper(org: &Org, sql: &str) {
    let db = rusqlite::Connection::open(org.dir.path().join("ledger.db")).unwrap();
    db.execute_batch(sql).unwrap();
}

fn verify_fails(org: &Org, id: &str, expect: &str) {
    let out = org
        .elevate("erin")
        .args(["audit", "verify", "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == id)
        .unwrap_or_else(|| panic!("{id} not reported: {report}"));
    let problems = finding["problems"].to_string();
    assert!(problems.contains(expect), "{expect} in {problems}");
}

#[test]
fn verify_catches_every_kind_of_tampering() {
    for (what, sql, expect) in [
        (
            "an event's comment edited",
            "UPDATE events SET body = replace(body, 'INC-7 is open', 'INC-8') WHERE request_id = '{id}' AND seq = 2",
            "was modified after it was written",
        ),
        (
            "an event in the middle removed",
            "DELETE FROM events WHERE request_id = '{id}' AND seq = 2",
            "missing or out of order",
        ),
        (
            "two events reordered",
            "UPDATE events SET seq = -1 WHERE request_id = '{id}' AND seq = 2;
             UPDATE events SET seq = 2 WHERE request_id = '{id}' AND seq = 3;
             UPDATE events SET seq = 3 WHERE request_id = '{id}' AND seq = -1;",
            "missing or out of order",
        ),
        (
            "the newest event removed",
            "DELETE FROM events WHERE request_id = '{id}' AND seq = (SELECT max(seq) FROM events WHERE request_id = '{id}')",
            "events end at #",
        ),
        (
            "the record's reason edited",
            "UPDATE requests SET body = replace(body, 'look at', 'LOOK AT') WHERE id = '{id}'",
            "changed after event",
        ),
    ] {
        let org = Org::new();
        let ids = history(&org);
        // The approved-then-revoked request, or (for the reason) the rejected one.
        let id = if what.contains("reason") {
            &ids[1]
        } else {
            &ids[0]
        };
        tamper(&org, &sql.replace("{id}", id));
        verify_fails(&org, id, expect);
    }
}

/// A CloudTrail record of `session` (a role session ARN) at `time`.
fn record(time: &str, session: &str, name: &str, read_only: bool) -> Value {
    serde_json::json!({
        "eventVersion": "1.09",
        "userIdentity": {
            "type": "AssumedRole",
            "principalId": "AROAEXAMPLE:session",
            "arn": session,
            "accountId": "000000000000",
            "sessionContext": {"sessionIssuer": {"type": "Role"}}
        },
        "eventTime": time,
        "eventSource": "ec2.amazonaws.com",
        "eventName": name,
        "awsRegion": "us-east-1",
        "sourceIPAddress": "203.0.113.7",
        "userAgent": "aws-cli/2",
        "requestParameters": {"instancesSet": {"items": [{"instanceId": "i-0abc"}]}},
        "responseElements": null,
        "readOnly": read_only,
        "eventType": "AwsApiCall",
        "managementEvent": true,
        "recipientAccountId": "000000000000"
    })
}

#[test]
fn activity_from_the_organisation_trail_in_s3_keeps_exactly_the_sessions_events() {
    let org = Org::new();
    let ids = history(&org);
    let shown = json(org.elevate("erin").args(["show", &ids[0]]));
    let granted: jiff::Timestamp = shown["request"]["granted_at"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let dev = org.dev();
    let at = |mins: i64| {
        (granted + jiff::SignedDuration::from_secs(mins * 60 + 1))
            .strftime("%Y-%m-%dT%H:%M:%SZ")
            .to_string()
    };
    let session = |role: &str, who: &str| format!("arn:aws:sts::{dev}:assumed-role/{role}/{who}");
    let alice = session(
        "AWSReservedSSO_AdministratorAccess_0123456789abcdef",
        "alice",
    );
    let records = serde_json::json!([
        record(&at(5), &alice, "DescribeInstances", true),
        record(&at(6), &alice, "TerminateInstances", false),
        // Someone else, in the same permission set.
        record(
            &at(7),
            &session("AWSReservedSSO_AdministratorAccess_0123456789abcdef", "bob"),
            "StopInstances",
            false
        ),
        // alice, in another permission set whose name starts the same.
        record(
            &at(8),
            &session(
                "AWSReservedSSO_AdministratorAccessPlus_0123456789abcdef",
                "alice"
            ),
            "StopInstances",
            false
        ),
        // alice, before the grant.
        record(&at(-90), &alice, "RunInstances", false),
    ]);
    let day = granted.strftime("%Y/%m/%d").to_string();
    let key = format!(
        "AWSLogs/o-abc123/{dev}/CloudTrail/us-east-1/{day}/{dev}_CloudTrail_us-east-1_x.json.gz"
    );
    org.put_trail(&org.trail_bucket(), &key, &records);
    // Another account's file under the same day, which must not be read as this one's.
    org.put_trail(
        &org.trail_bucket(),
        &format!("AWSLogs/o-abc123/999999999999/CloudTrail/us-east-1/{day}/other.json.gz"),
        &serde_json::json!([record(&at(5), &alice, "DeleteBucket", false)]),
    );

    let later = (granted + jiff::SignedDuration::from_mins(30)).to_string();
    let found = json(
        org.elevate("erin")
            .env("ELEVATE_TEST_NOW", &later)
            .args(["audit", &ids[0], "--activity"])
            .args([
                "--trail-bucket",
                &org.trail_bucket(),
                "--trail-org-id",
                "o-abc123",
            ])
            .args(["--trail-regions", "us-east-1"]),
    );
    let names: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["DescribeInstances", "TerminateInstances"],
        "{found}"
    );
    assert_eq!(found[1]["read_only"], false);
    assert_eq!(found[1]["source_ip"], "203.0.113.7");

    let writes = json(
        org.elevate("erin")
            .env("ELEVATE_TEST_NOW", &later)
            .args(["audit", &ids[0], "--activity", "--writes-only"])
            .args([
                "--trail-bucket",
                &org.trail_bucket(),
                "--trail-org-id",
                "o-abc123",
            ])
            .args(["--trail-regions", "us-east-1"]),
    );
    assert_eq!(writes.as_array().unwrap().len(), 1);

    // Nowhere to read from: says how to configure it.
    let out = org
        .elevate("erin")
        .args(["audit", &ids[0], "--activity"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("--trail-bucket"),
        "{}",
        stderr_of(&out)
    );
    // A request never granted has no activity.
    let out = org
        .elevate("erin")
        .args([
            "audit",
            &ids[1],
            "--activity",
            "--trail-bucket",
            &org.trail_bucket(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(6), "{}", stderr_of(&out));
}
