//! The ledger: requests, their hash-chained events, and short leases that serialise grants and
//! revocations of one assignment. Every write that changes a request is conditional on the
//! version the writer read, so of two racing writers exactly one wins.

#[cfg(test)]
pub(crate) mod conformance;
pub mod dynamodb;
#[cfg(test)]
#[path = "../../tests/support/emulator.rs"]
pub(crate) mod emulator;
pub mod layout;
pub mod sqlite;

use std::fmt;
use std::path::PathBuf;

use async_trait::async_trait;
use jiff::{SignedDuration, Timestamp};

use crate::domain::notify::Undelivered;
use crate::domain::{Event, Request, RequestId, Status};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The request changed since it was read (or, on create, the id exists).
    #[error("the request was changed by someone else")]
    Conflict,
    #[error("the ledger at {location} cannot be used: {message}")]
    Unavailable { location: String, message: String },
    #[error("the ledger at {location} holds data this version cannot read: {message}")]
    Corrupt { location: String, message: String },
}

/// Which requests to list. Empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub statuses: Vec<Status>,
    pub account_id: Option<String>,
    /// Requests of this assignment tuple (`Assignment::key`). Asked with statuses among
    /// `Status::SCHEDULED_FROM` and no party, a backend may list only the requests whose grant
    /// has begun (started or scheduled: those that may hold the assignment), and must list
    /// those as of now — the DynamoDB ledger reads them from a consistently read set that only
    /// grant power writes.
    pub assignment_key: Option<String>,
    /// Requests made by, or giving access to, this party.
    pub party: Option<Party>,
    /// Requests whose (scheduled) end is at or after this time.
    pub end_after: Option<Timestamp>,
    /// Keyset paging: only requests listed after this one (newest first), so a caller can walk a
    /// large ledger page by page while changing what it has read.
    pub after: Option<Cursor>,
    pub limit: Option<usize>,
}

/// A position in a listing: the last request of a page. Listings are newest first by creation,
/// or, when the query has `end_after`, latest end first (what a time-window query can read
/// without touching older history); both to the millisecond, ties in a backend's own order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub created_at: Timestamp,
    pub end_at: Option<Timestamp>,
    pub id: RequestId,
}

impl Cursor {
    pub fn of(request: &Request) -> Cursor {
        Cursor {
            created_at: request.created_at,
            end_at: request.end_at,
            id: request.id.clone(),
        }
    }
}

impl Query {
    /// Whether `r` passes every filter (not the cursor or the limit): what a backend that
    /// reads from an index applies to the index's items.
    pub fn matches(&self, r: &Request) -> bool {
        (self.statuses.is_empty() || self.statuses.contains(&r.status))
            && self.account_id.as_ref().is_none_or(|a| *a == r.account_id)
            && self
                .assignment_key
                .as_ref()
                .is_none_or(|k| *k == r.assignment().key())
            && self
                .end_after
                .is_none_or(|t| r.end_at.is_some_and(|e| e >= t))
            && self.party.as_ref().is_none_or(|p| {
                r.requester.arn == p.arn
                    || p.user_id.as_ref().is_some_and(|u| {
                        r.requester.user_id.as_ref() == Some(u) || r.principal.id == *u
                    })
            })
    }
}

/// Walks the requests a query matches, a page at a time, so memory stays bounded however large
/// the ledger is.
pub struct Pages<'a> {
    store: &'a dyn Store,
    query: Query,
    size: usize,
    done: bool,
}

impl<'a> Pages<'a> {
    pub fn new(store: &'a dyn Store, query: Query, size: usize) -> Pages<'a> {
        Pages {
            store,
            query,
            size: size.max(1),
            done: false,
        }
    }

    /// The next page, or `None` after the last.
    pub async fn next(&mut self) -> Result<Option<Vec<Request>>, StoreError> {
        if self.done {
            return Ok(None);
        }
        let page = self
            .store
            .list(&Query {
                limit: Some(self.size),
                ..self.query.clone()
            })
            .await?;
        self.done = page.len() < self.size;
        match page.last() {
            Some(last) => {
                self.query.after = Some(Cursor::of(last));
                Ok(Some(page))
            }
            None => Ok(None),
        }
    }
}

/// One applied version of the policy. Versions are numbered from 1 and never rewritten.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PolicyVersion {
    pub number: u64,
    /// The policy's content hash: what requests record as their policy version.
    pub hash: String,
    pub text: String,
    pub applied_by: String,
    pub applied_at: Timestamp,
    /// The applier's `aws:userid`, which the seal names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_id: Option<String>,
    /// The admin's KMS seal of `ledger::policy_version_hash` (sealed ledgers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seal: Option<crate::domain::event::Seal>,
}

/// An item the ledger holds that this version cannot read: reported with its key and skipped,
/// so one bad item never stops a pass or a listing for everyone.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Malformed {
    pub key: String,
    pub error: String,
}

/// One request's items as a full read of the ledger found them, whatever its indexes say.
#[derive(Debug, Clone)]
pub struct Swept {
    /// The partition's key (`R#<id>` on DynamoDB, the id on SQLite).
    pub key: String,
    /// `None` when the key names no request id.
    pub id: Option<RequestId>,
    pub record: Option<Request>,
    pub events: Vec<Event>,
    pub malformed: Vec<Malformed>,
    /// Where the record's index entries (status, end, account, parties) disagree with the
    /// record itself: edited to hide it from listings, or to show it where it is not.
    pub index_problems: Vec<String>,
}

/// Compares a record's index entries, as stored, with what the record itself says they are.
pub(crate) fn index_problems(
    found: &[(&str, Option<String>)],
    expected: &[(&str, Option<String>)],
) -> Vec<String> {
    expected
        .iter()
        .filter_map(|(name, want)| {
            let got = found
                .iter()
                .find(|(n, _)| n == name)
                .and_then(|(_, v)| v.clone());
            (got != *want).then(|| {
                format!(
                    "its index entry '{name}' says {} but the record says {}",
                    got.as_deref().unwrap_or("nothing"),
                    want.as_deref().unwrap_or("nothing")
                )
            })
        })
        .collect()
}

/// Where a full read of the ledger stopped; opaque to callers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SweepCursor(pub String);

#[derive(Debug, Clone)]
pub struct Party {
    pub arn: String,
    pub user_id: Option<String>,
}

/// How far apart two processes' clocks may be when they race for a lease. A lease taken a
/// moment later by a process whose clock reads later ends after `now + ttl` by that much: it is
/// a genuine lease, not a void one, and must exclude. (elevate's clock is AWS's, and a process
/// whose clock is more than 5 minutes from AWS's refuses to run.)
pub const LEASE_CLOCK_SLACK: SignedDuration = SignedDuration::from_mins(5);

#[async_trait]
pub trait Store: Send + Sync {
    /// Stores a new request with its first event. `Conflict` if the id exists.
    async fn create(&self, request: &Request, event: &Event) -> Result<(), StoreError>;
    async fn get(&self, id: &RequestId) -> Result<Option<Request>, StoreError>;
    /// Replaces the request if its stored version is `request.version - 1`, and appends `event`,
    /// atomically. `Conflict` otherwise.
    async fn update(&self, request: &Request, event: &Event) -> Result<(), StoreError>;
    async fn events(&self, id: &RequestId) -> Result<Vec<Event>, StoreError>;
    /// The record and the events of a request, read together (one round trip where the
    /// backend can): what verification compares.
    async fn history(&self, id: &RequestId) -> Result<(Option<Request>, Vec<Event>), StoreError> {
        Ok((self.get(id).await?, self.events(id).await?))
    }
    /// Newest first.
    async fn list(&self, query: &Query) -> Result<Vec<Request>, StoreError>;
    /// The ids of the requests that name the assignment `key` — on DynamoDB, those whose grant
    /// has begun, from the executor's own set (`A#`), which people cannot write — whatever their
    /// records now say: a record edited to another status or assignment is still named, for
    /// whoever verifies it to judge. What may hold an assignment is decided from this, never
    /// from a listing filtered by what the records say. (SQLite, one operator's file, has no
    /// separate set: the requests whose status column says they may hold it.)
    async fn assignment_members(&self, key: &str) -> Result<Vec<RequestId>, StoreError>;
    /// Takes the lease `key` for `holder` until `now + ttl`, if it is free, expired, or void:
    /// a lease that claims to last longer than `ttl` (and [`LEASE_CLOCK_SLACK`]) from now was
    /// not taken by elevate.
    async fn try_lease(
        &self,
        key: &str,
        holder: &str,
        now: Timestamp,
        ttl: SignedDuration,
    ) -> Result<bool, StoreError>;
    async fn release_lease(&self, key: &str, holder: &str) -> Result<(), StoreError>;
    /// The lease `key` as stored, expired or not: its holder and when it ends.
    async fn lease(&self, key: &str) -> Result<Option<(String, Timestamp)>, StoreError>;
    /// Stores `version`, which must be numbered one past the latest. `Conflict` otherwise.
    async fn apply_policy(&self, version: &PolicyVersion) -> Result<(), StoreError>;
    /// A version by number, or the latest with `None`.
    async fn policy(&self, number: Option<u64>) -> Result<Option<PolicyVersion>, StoreError>;
    /// Every version, oldest first, and the items that could not be read as one.
    async fn policy_history(&self) -> Result<(Vec<PolicyVersion>, Vec<Malformed>), StoreError>;
    /// Reads the whole ledger, request by request (about `limit` a call), from where `after`
    /// left off: not through an index, so a record whose index attributes were edited or
    /// removed, or events without a record, are found too. `None` as the next cursor: done.
    async fn sweep(
        &self,
        after: Option<&SweepCursor>,
        limit: usize,
    ) -> Result<(Vec<Swept>, Option<SweepCursor>), StoreError>;
    /// Records a notification that could not be sent (one per event and channel failure;
    /// recording the same again replaces it).
    async fn record_undelivered(&self, failure: &Undelivered) -> Result<(), StoreError>;
    /// The request's undelivered notifications, oldest first.
    async fn undelivered(&self, id: &RequestId) -> Result<Vec<Undelivered>, StoreError>;
}

/// Where the ledger lives, as written in config: `sqlite:<path>` or `dynamodb:<table>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Sqlite(PathBuf),
    Dynamodb(String),
}

impl Location {
    pub fn parse(s: &str) -> Result<Location, String> {
        match s.split_once(':') {
            Some(("sqlite", path)) if !path.trim().is_empty() => {
                Ok(Location::Sqlite(PathBuf::from(path.trim())))
            }
            Some(("dynamodb", table)) => {
                let table = table.trim();
                let valid = (3..=255).contains(&table.len())
                    && table
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b));
                if valid {
                    Ok(Location::Dynamodb(table.to_string()))
                } else {
                    Err(format!(
                        "store '{s}': '{table}' is not a DynamoDB table name (3 to 255 of a-z, A-Z, 0-9, '_', '-', '.'); write dynamodb:<table>, e.g. dynamodb:elevate-ledger"
                    ))
                }
            }
            _ => Err(format!(
                "store '{s}' is not a store location: write sqlite:<path> (e.g. sqlite:/var/lib/elevate/ledger.db) or dynamodb:<table> (e.g. dynamodb:elevate-ledger)"
            )),
        }
    }

    pub fn is_shared(&self) -> bool {
        matches!(self, Location::Dynamodb(_))
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Sqlite(p) => write!(f, "sqlite:{}", p.display()),
            Location::Dynamodb(t) => write!(f, "dynamodb:{t}"),
        }
    }
}

/// Opens the embedded store at `path`, creating it if needed. (The DynamoDB store needs AWS
/// clients: the command line builds it from `aws::connect`.)
pub fn open_sqlite(path: &std::path::Path) -> Result<Box<dyn Store>, StoreError> {
    Ok(Box::new(sqlite::SqliteStore::open(path)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The store is an adapter of its own: it reaches neither into the workflow it serves nor
    /// into the other adapter (`aws/`). (Its tests may: they create tables with `setup`.)
    #[test]
    fn the_store_reaches_into_neither_workflow_nor_aws() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/store");
        let mut read = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            for reach in [
                "crate::workflow",
                "crate::aws",
                "crate::cli",
                "crate::render",
            ] {
                assert!(!code.contains(reach), "{} uses {reach}", path.display());
            }
            read += 1;
        }
        assert!(read >= 5, "{read}");
    }

    #[test]
    fn parses_locations() {
        assert_eq!(
            Location::parse("sqlite:/tmp/x.db").unwrap(),
            Location::Sqlite("/tmp/x.db".into())
        );
        assert!(Location::parse("sqlite:").is_err());
        assert!(Location::parse("/tmp/x.db").is_err());
        assert_eq!(
            Location::parse("dynamodb:elevate-ledger").unwrap(),
            Location::Dynamodb("elevate-ledger".into())
        );
        for bad in ["dynamodb:", "dynamodb:ab", "dynamodb:a b c", "dynamodb:x/y"] {
            assert!(Location::parse(bad).is_err(), "{bad}");
        }
    }
}
