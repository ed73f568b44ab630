//! `ActivityLog` over CloudTrail Lake — `StartQuery`, then `GetQueryResults` until the query is
//! FINISHED (FAILED, CANCELLED and TIMED_OUT are errors with the service's message), paging
//! through every result — and over the organisation trail's S3 bucket: the gzip JSON files,
//! decompressed as a stream, each record checked from its raw text before it is parsed whole.

use std::time::Instant;

use async_trait::async_trait;
use aws_sdk_cloudtrail::types::QueryStatus;
use serde_json::{Map, Value};

use crate::workflow::ports::{
    ActivityLog, RecordFilter, ServiceError, ServiceErrorKind, ServiceResult,
};

use super::{Polling, service_error};

pub struct AwsActivity {
    pub client: aws_sdk_cloudtrail::Client,
    pub s3: aws_sdk_s3::Client,
    pub polling: Polling,
}

impl AwsActivity {
    /// The reader over `aws`'s clients. A Lake query over a long window can run for minutes:
    /// it is followed for up to ten.
    pub fn of(aws: &super::Aws) -> AwsActivity {
        AwsActivity {
            client: aws.cloudtrail.clone(),
            s3: aws.s3.clone(),
            polling: Polling {
                timeout: std::time::Duration::from_secs(600),
                ..Polling::default()
            },
        }
    }
}

/// A trail file: `{"Records": [...]}`, each record kept raw until it is wanted.
#[derive(serde::Deserialize)]
struct TrailFile<'a> {
    #[serde(rename = "Records", borrow)]
    records: Vec<&'a serde_json::value::RawValue>,
}

/// Decompresses a trail file and keeps the records `keep` accepts, parsed.
pub fn read_trail_file(gz: &[u8], keep: &RecordFilter) -> Result<Vec<Value>, String> {
    use std::io::Read;
    let mut text = String::new();
    flate2::read::MultiGzDecoder::new(gz)
        .read_to_string(&mut text)
        .map_err(|e| format!("not a gzip JSON trail file: {e}"))?;
    let file: TrailFile =
        serde_json::from_str(&text).map_err(|e| format!("not a trail file: {e}"))?;
    file.records
        .into_iter()
        .filter(|r| keep(r))
        .map(|r| serde_json::from_str(r.get()).map_err(|e| e.to_string()))
        .collect()
}

/// A Lake row (`[{column: value}, …]`) as the JSON record it was selected from:
/// `userIdentity.arn` becomes `{"userIdentity": {"arn": …}}`.
fn record(row: &[std::collections::HashMap<String, String>]) -> Value {
    let mut out = Map::new();
    for cell in row {
        for (column, value) in cell {
            match column.split_once('.') {
                Some((outer, inner)) => {
                    let nested = out
                        .entry(outer.to_string())
                        .or_insert_with(|| Value::Object(Map::new()));
                    if let Value::Object(m) = nested {
                        m.insert(inner.to_string(), Value::String(value.clone()));
                    }
                }
                None => {
                    out.insert(column.clone(), Value::String(value.clone()));
                }
            }
        }
    }
    Value::Object(out)
}

fn failed(kind: ServiceErrorKind, message: String) -> ServiceError {
    ServiceError {
        service: "cloudtrail",
        operation: "GetQueryResults",
        kind,
        message,
    }
}

#[async_trait]
impl ActivityLog for AwsActivity {
    async fn lake_query(&self, statement: &str) -> ServiceResult<Vec<Value>> {
        let started = self
            .client
            .start_query()
            .query_statement(statement)
            .send()
            .await
            .map_err(|e| service_error("cloudtrail", "StartQuery", e))?;
        let id = started.query_id().unwrap_or_default().to_string();
        let deadline = Instant::now() + self.polling.timeout;
        let mut delay = self.polling.first_delay;
        let mut rows = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let out = self
                .client
                .get_query_results()
                .query_id(&id)
                .set_next_token(token.clone())
                .send()
                .await
                .map_err(|e| service_error("cloudtrail", "GetQueryResults", e))?;
            match out.query_status() {
                Some(QueryStatus::Finished) => {
                    rows.extend(out.query_result_rows().iter().map(|r| record(r)));
                    match out.next_token() {
                        Some(t) => token = Some(t.to_string()),
                        None => return Ok(rows),
                    }
                    continue;
                }
                Some(QueryStatus::Failed) => {
                    return Err(failed(
                        ServiceErrorKind::Invalid,
                        format!(
                            "CloudTrail Lake query {id} FAILED: {}",
                            out.error_message().unwrap_or("no reason given")
                        ),
                    ));
                }
                Some(QueryStatus::Cancelled) => {
                    return Err(failed(
                        ServiceErrorKind::Unavailable,
                        format!(
                            "CloudTrail Lake query {id} was CANCELLED (by someone else?): run the command again"
                        ),
                    ));
                }
                Some(QueryStatus::TimedOut) => {
                    return Err(failed(
                        ServiceErrorKind::Unavailable,
                        format!(
                            "CloudTrail Lake query {id} TIMED_OUT in the service: narrow the window (--since/--until on the request) and run it again"
                        ),
                    ));
                }
                // QUEUED or RUNNING.
                _ => {}
            }
            if Instant::now() >= deadline {
                // Don't leave it running (and billing) behind us.
                let _ = self.client.cancel_query().query_id(&id).send().await;
                return Err(failed(
                    ServiceErrorKind::Unavailable,
                    format!(
                        "CloudTrail Lake query {id} did not finish within {}s; it was cancelled. Run the command again later",
                        self.polling.timeout.as_secs()
                    ),
                ));
            }
            tokio::time::sleep(delay).await;
            delay = (delay * 2).min(self.polling.max_delay);
        }
    }

    async fn trail_keys(&self, bucket: &str, prefix: &str) -> ServiceResult<Vec<String>> {
        let mut pages = self
            .s3
            .list_objects_v2()
            .bucket(bucket)
            .prefix(prefix)
            .into_paginator()
            .send();
        let mut keys = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| service_error("s3", "ListObjectsV2", e))?;
            keys.extend(
                page.contents()
                    .iter()
                    .filter_map(|o| o.key())
                    .filter(|k| k.ends_with(".json.gz"))
                    .map(str::to_string),
            );
        }
        Ok(keys)
    }

    async fn trail_records(
        &self,
        bucket: &str,
        key: &str,
        keep: std::sync::Arc<RecordFilter>,
    ) -> ServiceResult<Vec<Value>> {
        let object = self
            .s3
            .get_object()
            .bucket(bucket)
            .key(key)
            .send()
            .await
            .map_err(|e| service_error("s3", "GetObject", e))?;
        let bytes = object
            .body
            .collect()
            .await
            .map_err(|e| ServiceError {
                service: "s3",
                operation: "GetObject",
                kind: ServiceErrorKind::Unavailable,
                message: format!("reading s3://{bucket}/{key}: {e}"),
            })?
            .into_bytes();
        let key = key.to_string();
        // Decompressing and parsing is CPU work: off the async threads.
        tokio::task::spawn_blocking(move || read_trail_file(&bytes, keep.as_ref()))
            .await
            .map_err(|e| failed(ServiceErrorKind::Unavailable, e.to_string()))?
            .map_err(|message| ServiceError {
                service: "s3",
                operation: "GetObject",
                kind: ServiceErrorKind::Invalid,
                message: format!("s3://…/{key}: {message}"),
            })
    }
}

/// Test polling: fast, bounded.
#[cfg(test)]
fn fast(timeout: std::time::Duration) -> Polling {
    Polling {
        first_delay: std::time::Duration::from_millis(1),
        max_delay: std::time::Duration::from_millis(5),
        timeout,
    }
}

#[cfg(test)]
mod tests {
    use aws_sdk_cloudtrail::Client;
    use aws_sdk_cloudtrail::operation::get_query_results::GetQueryResultsOutput;
    use aws_sdk_cloudtrail::operation::start_query::StartQueryOutput;
    use aws_smithy_mocks::{Rule, RuleMode, mock, mock_client};
    use std::collections::HashMap;
    use std::time::Duration;

    use super::*;
    use crate::domain::activity::{Activity, Criteria, lake_query};

    const STORE: &str = "arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE";

    fn criteria() -> Criteria {
        Criteria {
            account_id: "111122223333".into(),
            permission_set: "Admin".into(),
            user: Some("alice".into()),
            start: "2026-11-22T10:00:00Z".parse().unwrap(),
            end: "2026-11-22T13:00:00Z".parse().unwrap(),
        }
    }

    /// A result row in the documented shape: a list of one-entry maps, column → value.
    fn row(time: &str, name: &str, read_only: &str, arn: &str) -> Vec<HashMap<String, String>> {
        [
            ("eventTime", time),
            ("eventSource", "ec2.amazonaws.com"),
            ("eventName", name),
            ("readOnly", read_only),
            ("awsRegion", "eu-west-1"),
            ("sourceIPAddress", "203.0.113.7"),
            ("errorCode", ""),
            ("userIdentity.arn", arn),
        ]
        .into_iter()
        .map(|(k, v)| HashMap::from([(k.to_string(), v.to_string())]))
        .collect()
    }

    const ALICE: &str =
        "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/alice";

    fn lake(rules: &[&Rule], timeout: Duration) -> AwsActivity {
        AwsActivity {
            client: mock_client!(aws_sdk_cloudtrail, RuleMode::MatchAny, rules),
            // Never called by these tests.
            s3: aws_sdk_s3::Client::from_conf(
                aws_sdk_s3::Config::builder()
                    .behavior_version(aws_sdk_s3::config::BehaviorVersion::latest())
                    .region(aws_sdk_s3::config::Region::new("us-east-1"))
                    .build(),
            ),
            polling: fast(timeout),
        }
    }

    fn started(expected_sql: String) -> Rule {
        mock!(Client::start_query)
            .match_requests(move |r| r.query_statement() == Some(expected_sql.as_str()))
            .then_output(|| StartQueryOutput::builder().query_id("q-1").build())
    }

    #[tokio::test]
    async fn sends_the_exact_query_waits_for_it_and_reads_every_page() {
        let sql = lake_query(STORE, &criteria()).unwrap();
        let start = started(sql.clone());
        let results = mock!(Client::get_query_results)
            .match_requests(|r| r.query_id() == Some("q-1"))
            .sequence()
            .output(|| {
                GetQueryResultsOutput::builder()
                    .query_status(QueryStatus::Queued)
                    .build()
            })
            .output(|| {
                GetQueryResultsOutput::builder()
                    .query_status(QueryStatus::Running)
                    .build()
            })
            .output(|| {
                GetQueryResultsOutput::builder()
                    .query_status(QueryStatus::Finished)
                    .query_result_rows(row(
                        "2026-11-22T10:05:00Z",
                        "DescribeInstances",
                        "true",
                        ALICE,
                    ))
                    .next_token("page-2")
                    .build()
            })
            .output(|| {
                GetQueryResultsOutput::builder()
                    .query_status(QueryStatus::Finished)
                    .query_result_rows(row(
                        "2026-11-22T10:06:00Z",
                        "TerminateInstances",
                        "false",
                        ALICE,
                    ))
                    .build()
            })
            .build();
        let found = lake(&[&start, &results], Duration::from_secs(5))
            .lake_query(&sql)
            .await
            .unwrap();
        assert_eq!(
            start.num_calls(),
            1,
            "the SQL sent is exactly the one built"
        );
        assert_eq!(results.num_calls(), 4);
        let activity: Vec<Activity> = found.iter().filter_map(Activity::from_record).collect();
        assert_eq!(activity.len(), 2);
        assert_eq!(activity[1].name, "TerminateInstances");
        assert!(activity[1].is_write());
        assert!(criteria().is_session(&activity[0].caller));
    }

    #[tokio::test]
    async fn failed_cancelled_and_timed_out_queries_are_errors_that_say_so() {
        let sql = lake_query(STORE, &criteria()).unwrap();
        for (status, message, expect) in [
            (
                QueryStatus::Failed,
                Some("Query contains unsupported syntax"),
                "FAILED: Query contains unsupported syntax",
            ),
            (QueryStatus::Cancelled, None, "CANCELLED"),
            (QueryStatus::TimedOut, None, "TIMED_OUT"),
        ] {
            let start = started(sql.clone());
            let results = mock!(Client::get_query_results).then_output(move || {
                let b = GetQueryResultsOutput::builder().query_status(status.clone());
                match message {
                    Some(m) => b.error_message(m).build(),
                    None => b.build(),
                }
            });
            let err = lake(&[&start, &results], Duration::from_secs(5))
                .lake_query(&sql)
                .await
                .unwrap_err()
                .to_string();
            assert!(err.contains(expect), "{expect} in {err}");
        }
    }

    #[tokio::test]
    async fn a_query_that_never_finishes_is_cancelled_at_the_deadline() {
        let sql = lake_query(STORE, &criteria()).unwrap();
        let start = started(sql.clone());
        let running = mock!(Client::get_query_results).then_output(|| {
            GetQueryResultsOutput::builder()
                .query_status(QueryStatus::Running)
                .build()
        });
        let cancel = mock!(Client::cancel_query).then_output(|| {
            aws_sdk_cloudtrail::operation::cancel_query::CancelQueryOutput::builder()
                .query_id("q-1")
                .query_status(QueryStatus::Cancelled)
                .build()
                .unwrap()
        });
        let err = lake(&[&start, &running, &cancel], Duration::from_millis(30))
            .lake_query(&sql)
            .await
            .unwrap_err()
            .to_string();
        assert!(err.contains("did not finish"), "{err}");
        assert_eq!(cancel.num_calls(), 1);
    }
}
