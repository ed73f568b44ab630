//! Session-activity scan throughput over generated gzip CloudTrail files (`BENCH_MB` of JSON,
//! default 512; the issue's 2 GB is `BENCH_MB=2048`), single-threaded, side by side with
//! `zcat | jq` doing the same filter on the same files. Records are realistic in shape and size
//! (~1.5 KB), with other users and other permission sets that must not match. Run:
//! `cargo bench --bench trail`.

use std::io::Write;
use std::process::Command;
use std::time::Instant;

use elevate::aws::activity::read_trail_file;
use elevate::domain::activity::{Activity, Criteria};

const SESSION: &str =
    "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/alice";

fn record(i: u64) -> serde_json::Value {
    // One record in 50 is alice's session; others are other users, or a permission set whose
    // name starts the same.
    let arn = match i % 50 {
        0 => SESSION.to_string(),
        1 => {
            "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_AdminPlus_0123456789abcdef/alice"
                .into()
        }
        n => format!(
            "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_ReadOnly_fedcba9876543210/user{n}"
        ),
    };
    let minute = i % 600;
    serde_json::json!({
        "eventVersion": "1.09",
        "userIdentity": {
            "type": "AssumedRole", "principalId": format!("AROAEXAMPLE{i}:user"), "arn": arn,
            "accountId": "111122223333", "accessKeyId": format!("ASIAEXAMPLE{i:08}"),
            "sessionContext": {
                "sessionIssuer": {"type": "Role", "principalId": "AROAEXAMPLE", "arn": "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef", "accountId": "111122223333", "userName": "AWSReservedSSO_Admin_0123456789abcdef"},
                "attributes": {"creationDate": "2026-11-22T09:58:00Z", "mfaAuthenticated": "false"}
            }
        },
        "eventTime": format!("2026-11-22T{:02}:{:02}:{:02}Z", 8 + minute / 60, minute % 60, i % 60),
        "eventSource": "ec2.amazonaws.com",
        "eventName": if i.is_multiple_of(7) { "TerminateInstances" } else { "DescribeInstances" },
        "awsRegion": "eu-west-1",
        "sourceIPAddress": "203.0.113.7",
        "userAgent": "aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64.amzn.2023 prompt/off command/ec2.describe-instances",
        "requestParameters": {"instancesSet": {"items": [{"instanceId": format!("i-0{i:016x}")}]}, "filterSet": {}},
        "responseElements": null,
        "requestID": format!("{i:08x}-1111-2222-3333-444455556666"),
        "eventID": format!("{i:08x}-aaaa-bbbb-cccc-ddddeeeeffff"),
        "readOnly": !i.is_multiple_of(7),
        "eventType": "AwsApiCall",
        "managementEvent": true,
        "recipientAccountId": "111122223333",
        "eventCategory": "Management",
        "tlsDetails": {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256", "clientProvidedHostHeader": "ec2.eu-west-1.amazonaws.com"}
    })
}

fn main() {
    let mb: u64 = std::env::var("BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(512);
    let dir = tempfile::tempdir().unwrap();
    // Files of ~8 MB of JSON each, as a busy account's trail delivers them.
    let mut files = Vec::new();
    let (mut raw, mut i) = (0u64, 0u64);
    while raw < mb << 20 {
        let mut records = Vec::new();
        let mut size = 0;
        while size < 8 << 20 {
            let r = record(i).to_string();
            size += r.len() + 1;
            records.push(r);
            i += 1;
        }
        let json = format!("{{\"Records\":[{}]}}", records.join(","));
        raw += json.len() as u64;
        let path = dir.path().join(format!("f{:04}.json.gz", files.len()));
        let mut gz = flate2::write::GzEncoder::new(
            std::fs::File::create(&path).unwrap(),
            flate2::Compression::default(),
        );
        gz.write_all(json.as_bytes()).unwrap();
        gz.finish().unwrap();
        files.push(path);
    }
    let records = i;
    let c = Criteria {
        account_id: "111122223333".into(),
        permission_set: "Admin".into(),
        user: Some("alice".into()),
        start: "2026-11-22T08:00:00Z".parse().unwrap(),
        end: "2026-11-22T18:00:00Z".parse().unwrap(),
    };

    // elevate: the same decompress, prefilter and parse the command runs per file, one core.
    // The filter the command uses: time window, then the exact session, from the raw text.
    let keep = elevate::workflow::activity::record_filter(c.clone());
    let start = Instant::now();
    let mut found = 0;
    for f in &files {
        let gz = std::fs::read(f).unwrap();
        found += read_trail_file(&gz, keep.as_ref())
            .unwrap()
            .iter()
            .filter_map(Activity::from_record)
            .count();
    }
    let ours = start.elapsed().as_secs_f64();

    // zcat | jq, the same filter (exact role name and session), one pipeline.
    let filter = r#".Records[] | select(.userIdentity.arn | test("^arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_[0-9a-f]{16}/alice$")) | [.eventTime, .eventSource, .eventName, .readOnly, .awsRegion, .sourceIPAddress, .errorCode] | @tsv"#;
    let start = Instant::now();
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "zcat {} | jq -r '{filter}' | wc -l",
            files
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(" ")
        ))
        .output()
        .expect("zcat and jq");
    let theirs = start.elapsed().as_secs_f64();
    let jq_found: u64 = String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or(0);
    assert_eq!(found as u64, jq_found, "both find the same events");

    let mbs = raw as f64 / (1 << 20) as f64;
    println!("| scanner | files | JSON | records | matched | time | MB/s | events/s |");
    println!("|---|---|---|---|---|---|---|---|");
    for (name, secs) in [("elevate (1 core)", ours), ("`zcat \\| jq`", theirs)] {
        println!(
            "| {name} | {} | {mbs:.0} MB | {records} | {found} | {secs:.2} s | {:.0} | {:.0} |",
            files.len(),
            mbs / secs,
            records as f64 / secs
        );
    }
    println!(
        "{{\"bench\":\"trail\",\"mb\":{mbs:.0},\"records\":{records},\"elevate_s\":{ours:.3},\"jq_s\":{theirs:.3}}}"
    );
}
