//! The embedded ledger: one SQLite file, shared safely by several processes (WAL, busy timeout,
//! `BEGIN IMMEDIATE` around every read-check-write).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use jiff::{SignedDuration, Timestamp};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::{Malformed, PolicyVersion, Query, Store, StoreError, SweepCursor, Swept};
use crate::domain::notify::Undelivered;
use crate::domain::{Event, Request, RequestId};

const SCHEMA_VERSION: i64 = 1;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS requests (
    id              TEXT PRIMARY KEY,
    version         INTEGER NOT NULL,
    status          TEXT NOT NULL,
    account_id      TEXT NOT NULL,
    assignment_key  TEXT NOT NULL,
    requester_arn   TEXT NOT NULL,
    requester_user  TEXT,
    principal_id    TEXT NOT NULL,
    created_ms      INTEGER NOT NULL,
    end_ms          INTEGER,
    body            TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS requests_status ON requests (status, end_ms);
CREATE INDEX IF NOT EXISTS requests_assignment ON requests (assignment_key, status);
CREATE INDEX IF NOT EXISTS requests_created ON requests (created_ms);
CREATE TABLE IF NOT EXISTS events (
    request_id  TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    body        TEXT NOT NULL,
    PRIMARY KEY (request_id, seq)
);
CREATE TABLE IF NOT EXISTS undelivered (
    request_id  TEXT NOT NULL,
    event_seq   INTEGER NOT NULL,
    channel     TEXT NOT NULL,
    body        TEXT NOT NULL,
    PRIMARY KEY (request_id, event_seq, channel)
);
CREATE TABLE IF NOT EXISTS policies (
    number      INTEGER PRIMARY KEY,
    body        TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS leases (
    key         TEXT PRIMARY KEY,
    holder      TEXT NOT NULL,
    expires_ms  INTEGER NOT NULL
);
";

/// Makes the ledger and its `-wal` and `-shm` files readable by their owner only, before SQLite
/// opens them. The ledger holds who may reach what, reasons and comments, and its rows are the
/// state elevate acts on: another local user must neither read nor write it. SQLite would create
/// the file with 0644 under a usual umask; created here first, it is 0600 whatever the umask,
/// and SQLite gives the `-wal` and `-shm` files it creates the database file's mode. Files left
/// readable by others (by an older elevate) are tightened, with one warning.
#[cfg(unix)]
fn private_files(path: &Path) -> Result<(), String> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let chmod = |p: &Path, mode: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).map_err(|e| {
            format!(
                "cannot make {} private (mode {mode:o}): {e}; run elevate as the file's owner, or chmod 600 it yourself",
                p.display()
            )
        })
    };
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        // The umask may have taken bits from 0600; never added any.
        Ok(_) => chmod(path, 0o600)?,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(format!("cannot create {}: {e}", path.display())),
    }
    let mut tightened = Vec::new();
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let file = PathBuf::from(name);
        let Ok(meta) = std::fs::metadata(&file) else {
            continue;
        };
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            chmod(&file, mode & 0o700)?;
            tightened.push(format!("{} (was {mode:o})", file.display()));
        }
    }
    if !tightened.is_empty() {
        tracing::warn!(
            "the ledger was readable by other users of this machine; made it private to you: {}. If others needed it, share a DynamoDB ledger instead (store = \"dynamodb:<table>\")",
            tightened.join(", ")
        );
    }
    Ok(())
}

pub struct SqliteStore {
    conn: Arc<Mutex<Connection>>,
    location: String,
}

impl SqliteStore {
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        let location = path.display().to_string();
        let unavailable = |message: String| StoreError::Unavailable {
            location: location.clone(),
            message,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            let mut builder = std::fs::DirBuilder::new();
            builder.recursive(true);
            // Directories made for the ledger are the owner's alone (existing ones are left as
            // they are: they may be shared on purpose).
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            builder.create(dir).map_err(|e| {
                unavailable(format!("cannot create directory {}: {e}", dir.display()))
            })?;
        }
        #[cfg(unix)]
        private_files(path).map_err(unavailable)?;
        let conn = Connection::open(path).map_err(|e| unavailable(e.to_string()))?;
        conn.busy_timeout(Duration::from_secs(10))
            .map_err(|e| unavailable(e.to_string()))?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| unavailable(e.to_string()))?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(|e| unavailable(e.to_string()))?;
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| unavailable(e.to_string()))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::Corrupt {
                location,
                message: format!(
                    "schema version {version} is newer than this elevate understands ({SCHEMA_VERSION}): upgrade elevate"
                ),
            });
        }
        conn.execute_batch(SCHEMA)
            .map_err(|e| unavailable(e.to_string()))?;
        conn.pragma_update(None, "user_version", SCHEMA_VERSION)
            .map_err(|e| unavailable(e.to_string()))?;
        Ok(SqliteStore {
            conn: Arc::new(Mutex::new(conn)),
            location,
        })
    }

    pub fn path(&self) -> PathBuf {
        PathBuf::from(&self.location)
    }

    /// Runs `f` on the connection off the async runtime's threads.
    async fn with<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection, &str) -> Result<T, StoreError> + Send + 'static,
    {
        let conn = Arc::clone(&self.conn);
        let location = self.location.clone();
        tokio::task::spawn_blocking(move || {
            // A panic while holding the lock leaves nothing half-written: SQLite rolls back.
            let mut guard = conn.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut guard, &location)
        })
        .await
        .map_err(|e| StoreError::Unavailable {
            location: self.location.clone(),
            message: format!("store task failed: {e}"),
        })?
    }
}

fn sql_err(location: &str) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
    move |e| StoreError::Unavailable {
        location: location.to_string(),
        message: e.to_string(),
    }
}

fn corrupt(location: &str, e: serde_json::Error) -> StoreError {
    StoreError::Corrupt {
        location: location.to_string(),
        message: e.to_string(),
    }
}

fn ms(t: Timestamp) -> i64 {
    t.as_millisecond()
}

fn insert_event(
    tx: &rusqlite::Transaction,
    event: &Event,
    location: &str,
) -> Result<(), StoreError> {
    let body = serde_json::to_string(event).map_err(|e| corrupt(location, e))?;
    tx.execute(
        "INSERT INTO events (request_id, seq, body) VALUES (?1, ?2, ?3)",
        params![event.request_id.as_str(), event.seq as i64, body],
    )
    .map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            StoreError::Conflict
        }
        other => sql_err(location)(other),
    })?;
    Ok(())
}

/// Runs `write`, which must change exactly one request row, and appends `event`, atomically.
/// `Conflict` when no row changed: someone else wrote first.
fn write_with_event(
    conn: &mut Connection,
    loc: &str,
    event: &Event,
    write: impl FnOnce(&rusqlite::Transaction) -> rusqlite::Result<usize>,
) -> Result<(), StoreError> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(sql_err(loc))?;
    if write(&tx).map_err(sql_err(loc))? == 0 {
        // This very write, already done (the same event, hash and all): done, as DynamoDB
        // answers a replayed transaction. Anything else there is another writer's.
        let stored: Option<String> = tx
            .query_row(
                "SELECT body FROM events WHERE request_id = ?1 AND seq = ?2",
                params![event.request_id.as_str(), event.seq as i64],
                |r| r.get(0),
            )
            .optional()
            .map_err(sql_err(loc))?;
        let same = stored
            .and_then(|b| serde_json::from_str::<Event>(&b).ok())
            .is_some_and(|e| e.hash == event.hash);
        return if same {
            Ok(())
        } else {
            Err(StoreError::Conflict)
        };
    }
    insert_event(&tx, event, loc)?;
    tx.commit().map_err(sql_err(loc))
}

/// Decodes the JSON `body` column of every row `sql` selects.
fn read_bodies<T: serde::de::DeserializeOwned>(
    conn: &Connection,
    loc: &str,
    sql: &str,
    args: impl rusqlite::Params,
) -> Result<Vec<T>, StoreError> {
    let mut stmt = conn.prepare(sql).map_err(sql_err(loc))?;
    let rows = stmt
        .query_map(args, |r| r.get::<_, String>(0))
        .map_err(sql_err(loc))?;
    let mut out = Vec::new();
    for body in rows {
        let body = body.map_err(sql_err(loc))?;
        out.push(serde_json::from_str(&body).map_err(|e| corrupt(loc, e))?);
    }
    Ok(out)
}

/// Rows of `(key, body)`: those that parse, and those that do not, each with its key. One bad
/// row never hides the others.
fn read_keyed<T: serde::de::DeserializeOwned>(
    conn: &Connection,
    loc: &str,
    sql: &str,
    args: impl rusqlite::Params,
) -> Result<(Vec<T>, Vec<Malformed>), StoreError> {
    let mut stmt = conn.prepare(sql).map_err(sql_err(loc))?;
    let rows = stmt
        .query_map(args, |r| {
            Ok((
                r.get::<_, rusqlite::types::Value>(0)?,
                r.get::<_, String>(1)?,
            ))
        })
        .map_err(sql_err(loc))?;
    let (mut ok, mut bad) = (Vec::new(), Vec::new());
    for row in rows {
        let (key, body) = row.map_err(sql_err(loc))?;
        let key = match key {
            rusqlite::types::Value::Text(t) => t,
            rusqlite::types::Value::Integer(i) => i.to_string(),
            other => format!("{other:?}"),
        };
        match serde_json::from_str(&body) {
            Ok(v) => ok.push(v),
            Err(e) => bad.push(Malformed {
                key,
                error: e.to_string(),
            }),
        }
    }
    Ok((ok, bad))
}

fn warn_skipped(loc: &str, bad: &[Malformed]) {
    for m in bad {
        tracing::warn!(
            "ledger {loc}: item {} cannot be read ({}); skipped. `elevate audit verify` reports every such item",
            m.key,
            m.error
        );
    }
}

fn row_values(r: &Request) -> (String, String, i64, Option<i64>) {
    (
        r.status.as_str().to_string(),
        r.assignment().key(),
        ms(r.created_at),
        r.end_at.map(ms),
    )
}

#[async_trait]
impl Store for SqliteStore {
    async fn create(&self, request: &Request, event: &Event) -> Result<(), StoreError> {
        let request = request.clone();
        let event = event.clone();
        self.with(move |conn, loc| {
            let body = serde_json::to_string(&request).map_err(|e| corrupt(loc, e))?;
            let (status, key, created, end) = row_values(&request);
            write_with_event(conn, loc, &event, |tx| {
                tx.execute(
                    "INSERT OR IGNORE INTO requests (id, version, status, account_id, assignment_key,
                        requester_arn, requester_user, principal_id, created_ms, end_ms, body)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                    params![
                        request.id.as_str(),
                        request.version as i64,
                        status,
                        request.account_id,
                        key,
                        request.requester.arn,
                        request.requester.user_id,
                        request.principal.id,
                        created,
                        end,
                        body
                    ],
                )
            })
        })
        .await
    }

    async fn get(&self, id: &RequestId) -> Result<Option<Request>, StoreError> {
        let id = id.clone();
        self.with(move |conn, loc| {
            let body: Option<String> = conn
                .query_row(
                    "SELECT body FROM requests WHERE id = ?1",
                    params![id.as_str()],
                    |r| r.get(0),
                )
                .optional()
                .map_err(sql_err(loc))?;
            body.map(|b| serde_json::from_str(&b).map_err(|e| corrupt(loc, e)))
                .transpose()
        })
        .await
    }

    async fn update(&self, request: &Request, event: &Event) -> Result<(), StoreError> {
        let request = request.clone();
        let event = event.clone();
        self.with(move |conn, loc| {
            let body = serde_json::to_string(&request).map_err(|e| corrupt(loc, e))?;
            let (status, key, _, end) = row_values(&request);
            write_with_event(conn, loc, &event, |tx| {
                tx.execute(
                    "UPDATE requests SET version = ?2, status = ?3, assignment_key = ?4, end_ms = ?5, body = ?6
                     WHERE id = ?1 AND version = ?7",
                    params![
                        request.id.as_str(),
                        request.version as i64,
                        status,
                        key,
                        end,
                        body,
                        request.version as i64 - 1
                    ],
                )
            })
        })
        .await
    }

    async fn record_undelivered(&self, failure: &Undelivered) -> Result<(), StoreError> {
        let failure = failure.clone();
        self.with(move |conn, loc| {
            let body = serde_json::to_string(&failure).map_err(|e| corrupt(loc, e))?;
            conn.execute(
                "INSERT OR REPLACE INTO undelivered (request_id, event_seq, channel, body)
                 VALUES (?1, ?2, ?3, ?4)",
                params![
                    failure.request_id.as_str(),
                    failure.event_seq as i64,
                    failure.failure.channel,
                    body
                ],
            )
            .map_err(sql_err(loc))?;
            Ok(())
        })
        .await
    }

    async fn undelivered(&self, id: &RequestId) -> Result<Vec<Undelivered>, StoreError> {
        let id = id.clone();
        self.with(move |conn, loc| {
            read_bodies(
                conn,
                loc,
                "SELECT body FROM undelivered WHERE request_id = ?1 ORDER BY event_seq, channel",
                params![id.as_str()],
            )
        })
        .await
    }

    async fn assignment_members(&self, key: &str) -> Result<Vec<RequestId>, StoreError> {
        let key = key.to_string();
        self.with(move |conn, loc| {
            let mut stmt = conn
                .prepare(
                    "SELECT id FROM requests WHERE assignment_key = ?1 AND status IN ('approved', 'active', 'failed') ORDER BY id",
                )
                .map_err(sql_err(loc))?;
            let ids = stmt
                .query_map(params![key], |r| r.get::<_, String>(0))
                .map_err(sql_err(loc))?
                .collect::<Result<Vec<String>, _>>()
                .map_err(sql_err(loc))?;
            // (A row whose id is not a request id was not written by elevate: skipped here, and
            // reported by `audit verify`.)
            Ok(ids.into_iter().filter_map(|id| id.parse().ok()).collect())
        })
        .await
    }

    /// The record, the events, and the record again until the two readings agree: another
    /// process's update committed between reading the record and reading its events would
    /// otherwise look like a record rolled back — tampering. (Not a read transaction: a
    /// connection left holding an old snapshot would read stale records under a lease.)
    async fn history(&self, id: &RequestId) -> Result<(Option<Request>, Vec<Event>), StoreError> {
        let id = id.clone();
        self.with(move |conn, loc| {
            let record = |conn: &Connection| -> Result<Option<String>, StoreError> {
                conn.query_row(
                    "SELECT body FROM requests WHERE id = ?1",
                    params![id.as_str()],
                    |r| r.get(0),
                )
                .optional()
                .map_err(sql_err(loc))
            };
            let mut before = record(conn)?;
            for _ in 0..5 {
                let events: Vec<Event> = read_bodies(
                    conn,
                    loc,
                    "SELECT body FROM events WHERE request_id = ?1 ORDER BY seq",
                    params![id.as_str()],
                )?;
                let after = record(conn)?;
                if after == before {
                    let parsed = after
                        .map(|b| serde_json::from_str(&b).map_err(|e| corrupt(loc, e)))
                        .transpose()?;
                    return Ok((parsed, events));
                }
                before = after;
            }
            Err(StoreError::Unavailable {
                location: loc.to_string(),
                message: format!("request {id} kept changing while it was read; try again"),
            })
        })
        .await
    }

    async fn events(&self, id: &RequestId) -> Result<Vec<Event>, StoreError> {
        let id = id.clone();
        self.with(move |conn, loc| {
            read_bodies(
                conn,
                loc,
                "SELECT body FROM events WHERE request_id = ?1 ORDER BY seq",
                params![id.as_str()],
            )
        })
        .await
    }

    async fn list(&self, query: &Query) -> Result<Vec<Request>, StoreError> {
        let query = query.clone();
        self.with(move |conn, loc| {
            let mut sql = String::from("SELECT id, body FROM requests WHERE 1 = 1");
            let mut args: Vec<rusqlite::types::Value> = Vec::new();
            let arg = |v: String, args: &mut Vec<rusqlite::types::Value>| {
                args.push(rusqlite::types::Value::Text(v));
                format!("?{}", args.len())
            };
            if !query.statuses.is_empty() {
                let slots: Vec<String> = query
                    .statuses
                    .iter()
                    .map(|s| arg(s.as_str().to_string(), &mut args))
                    .collect();
                sql.push_str(&format!(" AND status IN ({})", slots.join(", ")));
            }
            if let Some(account) = &query.account_id {
                let slot = arg(account.clone(), &mut args);
                sql.push_str(&format!(" AND account_id = {slot}"));
            }
            if let Some(key) = &query.assignment_key {
                let slot = arg(key.clone(), &mut args);
                sql.push_str(&format!(" AND assignment_key = {slot}"));
            }
            if let Some(t) = query.end_after {
                args.push(rusqlite::types::Value::Integer(ms(t)));
                sql.push_str(&format!(" AND end_ms >= ?{}", args.len()));
            }
            if let Some(party) = &query.party {
                let arn = arg(party.arn.clone(), &mut args);
                match &party.user_id {
                    Some(user) => {
                        let u1 = arg(user.clone(), &mut args);
                        sql.push_str(&format!(
                            " AND (requester_arn = {arn} OR requester_user = {u1} OR principal_id = {u1})"
                        ));
                    }
                    None => sql.push_str(&format!(" AND requester_arn = {arn}")),
                }
            }
            // Time-window queries go by end, so they never read older history.
            let order = if query.end_after.is_some() {
                "end_ms"
            } else {
                "created_ms"
            };
            if let Some(cursor) = &query.after {
                let at = if query.end_after.is_some() {
                    cursor.end_at.map_or(i64::MAX, ms)
                } else {
                    ms(cursor.created_at)
                };
                args.push(rusqlite::types::Value::Integer(at));
                let t = args.len();
                let id = arg(cursor.id.to_string(), &mut args);
                sql.push_str(&format!(
                    " AND ({order} < ?{t} OR ({order} = ?{t} AND id > {id}))"
                ));
            }
            sql.push_str(&format!(" ORDER BY {order} DESC, id"));
            if let Some(limit) = query.limit {
                sql.push_str(&format!(" LIMIT {limit}"));
            }
            let (found, bad) = read_keyed(conn, loc, &sql, rusqlite::params_from_iter(args))?;
            warn_skipped(loc, &bad);
            Ok(found)
        })
        .await
    }

    async fn try_lease(
        &self,
        key: &str,
        holder: &str,
        now: Timestamp,
        ttl: SignedDuration,
    ) -> Result<bool, StoreError> {
        let (key, holder) = (key.to_string(), holder.to_string());
        self.with(move |conn, loc| {
            let changed = conn
                .execute(
                    "INSERT INTO leases (key, holder, expires_ms) VALUES (?1, ?2, ?3)
                     ON CONFLICT (key) DO UPDATE SET holder = excluded.holder, expires_ms = excluded.expires_ms
                     WHERE leases.expires_ms <= ?4 OR leases.holder = excluded.holder
                        OR leases.expires_ms > ?5",
                    params![
                        key,
                        holder,
                        ms(now.checked_add(ttl).unwrap_or(Timestamp::MAX)),
                        ms(now),
                        ms(now
                            .checked_add(ttl)
                            .and_then(|t| t.checked_add(super::LEASE_CLOCK_SLACK))
                            .unwrap_or(Timestamp::MAX))
                    ],
                )
                .map_err(sql_err(loc))?;
            Ok(changed == 1)
        })
        .await
    }

    async fn lease(&self, key: &str) -> Result<Option<(String, Timestamp)>, StoreError> {
        let key = key.to_string();
        self.with(move |conn, loc| {
            let row: Option<(String, i64)> = conn
                .query_row(
                    "SELECT holder, expires_ms FROM leases WHERE key = ?1",
                    params![key],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()
                .map_err(sql_err(loc))?;
            Ok(row.map(|(holder, expires)| {
                (
                    holder,
                    Timestamp::from_millisecond(expires).unwrap_or(Timestamp::MAX),
                )
            }))
        })
        .await
    }

    async fn release_lease(&self, key: &str, holder: &str) -> Result<(), StoreError> {
        let (key, holder) = (key.to_string(), holder.to_string());
        self.with(move |conn, loc| {
            conn.execute(
                "DELETE FROM leases WHERE key = ?1 AND holder = ?2",
                params![key, holder],
            )
            .map_err(sql_err(loc))?;
            Ok(())
        })
        .await
    }

    async fn apply_policy(&self, version: &PolicyVersion) -> Result<(), StoreError> {
        let version = version.clone();
        self.with(move |conn, loc| {
            let body = serde_json::to_string(&version).map_err(|e| corrupt(loc, e))?;
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(sql_err(loc))?;
            let latest: i64 = tx
                .query_row("SELECT COALESCE(MAX(number), 0) FROM policies", [], |r| {
                    r.get(0)
                })
                .map_err(sql_err(loc))?;
            if version.number as i64 != latest + 1 {
                return Err(StoreError::Conflict);
            }
            tx.execute(
                "INSERT INTO policies (number, body) VALUES (?1, ?2)",
                params![version.number as i64, body],
            )
            .map_err(sql_err(loc))?;
            tx.commit().map_err(sql_err(loc))
        })
        .await
    }

    async fn policy(&self, number: Option<u64>) -> Result<Option<PolicyVersion>, StoreError> {
        self.with(move |conn, loc| {
            let found: Vec<PolicyVersion> = match number {
                Some(n) => read_bodies(
                    conn,
                    loc,
                    "SELECT body FROM policies WHERE number = ?1",
                    params![n as i64],
                )?,
                None => read_bodies(
                    conn,
                    loc,
                    "SELECT body FROM policies ORDER BY number DESC LIMIT 1",
                    [],
                )?,
            };
            Ok(found.into_iter().next())
        })
        .await
    }

    async fn policy_history(&self) -> Result<(Vec<PolicyVersion>, Vec<Malformed>), StoreError> {
        self.with(|conn, loc| {
            read_keyed(
                conn,
                loc,
                "SELECT number, body FROM policies ORDER BY number",
                [],
            )
        })
        .await
    }

    async fn sweep(
        &self,
        after: Option<&SweepCursor>,
        limit: usize,
    ) -> Result<(Vec<Swept>, Option<SweepCursor>), StoreError> {
        let after = after.map(|c| c.0.clone()).unwrap_or_default();
        let limit = limit.max(1);
        self.with(move |conn, loc| {
            // Every id that has a record or events: events whose record was removed are found.
            let mut stmt = conn
                .prepare(
                    "SELECT id FROM (SELECT id FROM requests UNION SELECT request_id AS id FROM events)
                     WHERE id > ?1 ORDER BY id LIMIT ?2",
                )
                .map_err(sql_err(loc))?;
            let ids: Vec<String> = stmt
                .query_map(params![after, limit as i64], |r| r.get(0))
                .map_err(sql_err(loc))?
                .collect::<rusqlite::Result<_>>()
                .map_err(sql_err(loc))?;
            let mut out = Vec::with_capacity(ids.len());
            for key in &ids {
                let (records, mut malformed): (Vec<Request>, _) = read_keyed(
                    conn,
                    loc,
                    "SELECT id, body FROM requests WHERE id = ?1",
                    params![key],
                )?;
                let columns: Option<[Option<String>; 6]> = conn
                    .query_row(
                        "SELECT status, assignment_key, account_id, requester_arn, principal_id, end_ms FROM requests WHERE id = ?1",
                        params![key],
                        |r| {
                            Ok([
                                r.get::<_, Option<String>>(0)?,
                                r.get::<_, Option<String>>(1)?,
                                r.get::<_, Option<String>>(2)?,
                                r.get::<_, Option<String>>(3)?,
                                r.get::<_, Option<String>>(4)?,
                                r.get::<_, Option<i64>>(5)?.map(|v| v.to_string()),
                            ])
                        },
                    )
                    .optional()
                    .map_err(sql_err(loc))?;
                let index_problems = match (records.first(), columns) {
                    (Some(r), Some(c)) => {
                        let (status, assignment_key, _, end) = row_values(r);
                        let names = ["status", "assignment_key", "account_id", "requester_arn", "principal_id", "end_ms"];
                        let found: Vec<(&str, Option<String>)> =
                            names.iter().copied().zip(c).collect();
                        super::index_problems(
                            &found,
                            &[
                                ("status", Some(status)),
                                ("assignment_key", Some(assignment_key)),
                                ("account_id", Some(r.account_id.clone())),
                                ("requester_arn", Some(r.requester.arn.clone())),
                                ("principal_id", Some(r.principal.id.clone())),
                                ("end_ms", end.map(|e| e.to_string())),
                            ],
                        )
                    }
                    _ => Vec::new(),
                };
                let (events, bad): (Vec<Event>, _) = read_keyed(
                    conn,
                    loc,
                    "SELECT request_id || '#' || seq, body FROM events WHERE request_id = ?1 ORDER BY seq",
                    params![key],
                )?;
                malformed.extend(bad);
                out.push(Swept {
                    key: key.clone(),
                    id: key.parse().ok(),
                    record: records.into_iter().next(),
                    events,
                    malformed,
                    index_problems,
                });
            }
            let next = (ids.len() == limit).then(|| SweepCursor(ids.last().cloned().unwrap_or_default()));
            Ok((out, next))
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::store::conformance;

    fn fresh() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/dir/ledger.db");
        (dir, path)
    }

    conformance::conformance_tests!(async {
        let (dir, path) = fresh();
        (dir, move || {
            Arc::new(SqliteStore::open(&path).unwrap()) as Arc<dyn Store>
        })
    });

    #[test]
    fn a_ledger_from_a_newer_version_is_refused() {
        let (_d, p) = fresh();
        SqliteStore::open(&p).unwrap();
        Connection::open(&p)
            .unwrap()
            .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        let err = SqliteStore::open(&p).err().unwrap().to_string();
        assert!(err.contains("upgrade elevate"), "{err}");
    }

    #[cfg(unix)]
    fn mode(p: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[cfg(unix)]
    fn with_suffix(p: &Path, suffix: &str) -> PathBuf {
        let mut name = p.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    }

    #[cfg(unix)]
    #[test]
    fn a_new_ledger_and_the_directories_made_for_it_are_private() {
        let (d, p) = fresh();
        let _store = SqliteStore::open(&p).unwrap();
        // Open in WAL mode with the schema written: the -wal and -shm files exist now.
        for file in [p.clone(), with_suffix(&p, "-wal"), with_suffix(&p, "-shm")] {
            assert_eq!(mode(&file), 0o600, "{}", file.display());
        }
        assert_eq!(mode(&d.path().join("nested")), 0o700);
        assert_eq!(mode(&d.path().join("nested/dir")), 0o700);
    }

    #[cfg(unix)]
    #[test]
    fn a_ledger_readable_by_others_is_made_private() {
        use std::os::unix::fs::PermissionsExt;
        let (_d, p) = fresh();
        // One connection stays open, so that the -wal and -shm files stay too.
        let _first = SqliteStore::open(&p).unwrap();
        for file in [p.clone(), with_suffix(&p, "-wal"), with_suffix(&p, "-shm")] {
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
        let _second = SqliteStore::open(&p).unwrap();
        for file in [p.clone(), with_suffix(&p, "-wal"), with_suffix(&p, "-shm")] {
            assert_eq!(mode(&file), 0o600, "{}", file.display());
        }
        // Tighter than 0600 is the owner's choice, and stays.
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o400)).unwrap();
        let _ = SqliteStore::open(&p);
        assert_eq!(mode(&p), 0o400);
    }

    #[test]
    fn an_unwritable_location_says_where() {
        let err = SqliteStore::open(Path::new("/proc/elevate/ledger.db"))
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("/proc/elevate"), "{err}");
    }
}
