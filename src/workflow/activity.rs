//! What the elevated session did in the target account, from the grant to the end plus the
//! permission set's session duration — from CloudTrail Lake, or from the organisation trail's
//! files in S3. `elevate audit <id> --activity` shows it; the standing-access check
//! (`standing`) reads assignment changes from the same sources.

use std::sync::Arc;

use futures_util::StreamExt;
use jiff::{SignedDuration, Timestamp, ToSpan};

use crate::domain::activity::{Activity, Criteria, lake_query};
use crate::domain::{Request, Status};
use crate::error::{Error, Result};

use super::ports::{ActivityLog, RecordFilter};

/// Trail files read side by side.
const CONCURRENCY: usize = 16;
/// CloudTrail delivers a file within about 15 minutes of its events: files of the day after the
/// window's end may still hold its last events.
const DELIVERY_DELAY: SignedDuration = SignedDuration::from_hours(1);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Lake {
        event_data_store: String,
    },
    Trail {
        bucket: String,
        /// The organisation id, for an organisation trail (`AWSLogs/<org-id>/<account>/…`).
        org_id: Option<String>,
        regions: Vec<String>,
    },
}

/// The window of `request`, or why it has none.
pub fn criteria(request: &Request, now: Timestamp) -> Result<Criteria> {
    Criteria::of(request, now).ok_or_else(|| {
        Error::NotFound(format!(
            "request {} was never granted ({}): there is no session activity to show",
            request.id, request.status
        ))
    })
}

/// The S3 prefixes of the trail files that may hold the window's events: one per region and UTC
/// day.
pub fn trail_prefixes(org_id: Option<&str>, regions: &[String], c: &Criteria) -> Vec<String> {
    prefixes(org_id, regions, &c.account_id, c.start, c.end)
}

/// The S3 prefixes of `account`'s trail files that may hold events from `start` to `end`.
pub fn prefixes(
    org_id: Option<&str>,
    regions: &[String],
    account: &str,
    start: Timestamp,
    end: Timestamp,
) -> Vec<String> {
    let base = match org_id {
        Some(org) => format!("AWSLogs/{org}/{account}/CloudTrail"),
        None => format!("AWSLogs/{account}/CloudTrail"),
    };
    let first = start.to_zoned(jiff::tz::TimeZone::UTC).date();
    let last = end
        .checked_add(DELIVERY_DELAY)
        .unwrap_or(end)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    let mut out = Vec::new();
    for region in regions {
        let mut day = first;
        while day <= last {
            out.push(format!("{base}/{region}/{}/", day.strftime("%Y/%m/%d")));
            match day.checked_add(1.day()) {
                Ok(next) => day = next,
                Err(_) => break,
            }
        }
    }
    out
}

/// Whether a raw trail record belongs to the window, decided from the few fields needed,
/// without parsing the rest.
pub fn record_filter(c: Criteria) -> Arc<RecordFilter> {
    #[derive(serde::Deserialize)]
    struct Identity<'a> {
        #[serde(borrow)]
        arn: Option<&'a str>,
    }
    #[derive(serde::Deserialize)]
    #[allow(non_snake_case)]
    struct Head<'a> {
        #[serde(borrow)]
        eventTime: Option<&'a str>,
        #[serde(borrow)]
        userIdentity: Option<Identity<'a>>,
    }
    Arc::new(move |raw| {
        let Ok(head) = serde_json::from_str::<Head>(raw.get()) else {
            return false;
        };
        let in_window = head
            .eventTime
            .and_then(|t| t.parse::<Timestamp>().ok())
            .is_some_and(|t| t >= c.start && t <= c.end);
        in_window
            && head
                .userIdentity
                .and_then(|i| i.arn)
                .is_some_and(|arn| c.is_session(arn))
    })
}

/// The records `keep` accepts in the trail files `keys`, read side by side;
/// `progress(done, total)` after each file.
pub(super) async fn read_files(
    log: &dyn ActivityLog,
    bucket: &str,
    keys: Vec<String>,
    keep: Arc<RecordFilter>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<serde_json::Value>> {
    let total = keys.len();
    let mut done = 0;
    let mut out = Vec::new();
    let mut files = futures_util::stream::iter(keys)
        .map(|key| {
            let keep = keep.clone();
            async move { log.trail_records(bucket, &key, keep).await }
        })
        .buffer_unordered(CONCURRENCY);
    while let Some(records) = files.next().await {
        out.extend(records?);
        done += 1;
        progress(done, total);
    }
    Ok(out)
}

/// Reads the activity of `request` from `source`; `progress(done, total)` after each trail file.
pub async fn activity(
    log: &dyn ActivityLog,
    request: &Request,
    source: &Source,
    now: Timestamp,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<Activity>> {
    if matches!(
        request.status,
        Status::Pending | Status::Rejected | Status::Cancelled | Status::Expired
    ) {
        return Err(Error::NotFound(format!(
            "request {} was never granted ({}): there is no session activity to show",
            request.id, request.status
        )));
    }
    let c = criteria(request, now)?;
    let mut found: Vec<Activity> = match source {
        Source::Lake { event_data_store } => {
            let sql = lake_query(event_data_store, &c).map_err(|e| Error::Usage(e.0))?;
            log.lake_query(&sql)
                .await?
                .iter()
                .filter_map(Activity::from_record)
                // The query matched with a pattern; the exact rule decides.
                .filter(|a| c.is_session(&a.caller) && a.time >= c.start && a.time <= c.end)
                .collect()
        }
        Source::Trail {
            bucket,
            org_id,
            regions,
        } => {
            let mut keys = Vec::new();
            for prefix in trail_prefixes(org_id.as_deref(), regions, &c) {
                keys.extend(log.trail_keys(bucket, &prefix).await?);
            }
            read_files(log, bucket, keys, record_filter(c.clone()), progress)
                .await?
                .iter()
                .filter_map(Activity::from_record)
                .collect()
        }
    };
    found.sort_by(|a, b| a.time.cmp(&b.time).then_with(|| a.name.cmp(&b.name)));
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_cover_each_region_and_day_of_the_window() {
        let c = Criteria {
            account_id: "111122223333".into(),
            permission_set: "Admin".into(),
            user: Some("alice".into()),
            start: "2026-11-21T23:00:00Z".parse().unwrap(),
            end: "2026-11-22T01:00:00Z".parse().unwrap(),
        };
        let regions = vec!["eu-west-1".to_string(), "us-east-1".to_string()];
        assert_eq!(
            trail_prefixes(Some("o-abc123"), &regions, &c),
            [
                "AWSLogs/o-abc123/111122223333/CloudTrail/eu-west-1/2026/11/21/",
                "AWSLogs/o-abc123/111122223333/CloudTrail/eu-west-1/2026/11/22/",
                "AWSLogs/o-abc123/111122223333/CloudTrail/us-east-1/2026/11/21/",
                "AWSLogs/o-abc123/111122223333/CloudTrail/us-east-1/2026/11/22/",
            ]
        );
        assert_eq!(
            trail_prefixes(None, &regions[..1], &c)[0],
            "AWSLogs/111122223333/CloudTrail/eu-west-1/2026/11/21/"
        );
    }
}
