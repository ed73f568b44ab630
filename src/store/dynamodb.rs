//! The shared ledger: one DynamoDB table for a team (`dynamodb:<table>`).
//!
//! Its items and indexes are laid out in [`super::layout`].
//!
//! Every transition is one `TransactWriteItems`: the request, conditional on the version read,
//! plus its event, conditional on not existing, plus — when a grant begins (started or
//! scheduled), and when a request whose grant began is over — the assignment's set of the
//! requests that may hold it. That set is read with a strongly consistent `GetItem`, so a grant
//! or revocation deciding whether another elevation still holds the assignment never relies on
//! an index that may lag. Only whoever carries out grants touches it: in a brokered team people
//! write nothing but `R#` items, which is all their IAM policy lets them write. Nothing
//! on a hot path scans the table (reconcile's full pass and `audit verify` do, on purpose: a
//! record hidden from the indexes must still be found). Nothing expires by TTL: TTL deletes any
//! item carrying its attribute, and any ledger writer could put it on an event to roll a request
//! back. An expired lease stays until the next holder takes it over; the only item a person's
//! role may delete is a lease (`dynamodb:LeadingKeys` in `elevate iam-policy`).

use std::collections::HashMap;

use async_trait::async_trait;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::config::http::HttpResponse;
use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::types::{AttributeValue, ConditionCheck, Put, TransactWriteItem, Update};
use jiff::{SignedDuration, Timestamp};

use super::layout::{assignment_pk, event_sk, lease_pk, request_pk};
use super::{Cursor, Malformed, PolicyVersion, Query, Store, StoreError, SweepCursor, Swept};
use crate::domain::notify::Undelivered;
use crate::domain::{Event, EventKind, Request, RequestId, Status};
use crate::error::ServiceErrorKind;

type Item = HashMap<String, AttributeValue>;

/// Items read per DynamoDB page.
const PAGE: i32 = 100;

pub struct DynamoStore {
    client: Client,
    table: String,
    location: String,
}

fn s(v: impl Into<String>) -> AttributeValue {
    AttributeValue::S(v.into())
}

fn n(v: impl ToString) -> AttributeValue {
    AttributeValue::N(v.to_string())
}

fn sort_created(at: Timestamp, id: &RequestId) -> String {
    format!("{:013}#{id}", at.as_millisecond().max(0))
}

fn cursor_key(c: &Cursor) -> String {
    sort_created(c.created_at, &c.id)
}

fn is_open(status: Status) -> bool {
    !status.is_final()
}

impl DynamoStore {
    pub fn new(client: Client, table: &str) -> DynamoStore {
        DynamoStore {
            client,
            table: table.to_string(),
            location: format!("dynamodb:{table}"),
        }
    }

    fn unavailable(&self, message: impl Into<String>) -> StoreError {
        StoreError::Unavailable {
            location: self.location.clone(),
            message: message.into(),
        }
    }

    fn corrupt(&self, message: impl std::fmt::Display) -> StoreError {
        StoreError::Corrupt {
            location: self.location.clone(),
            message: message.to_string(),
        }
    }

    /// An SDK failure, classified as every AWS call's is (`aws::service_error`), with what to
    /// do about it for the ledger.
    fn sdk<E>(&self, operation: &'static str, e: SdkError<E, HttpResponse>) -> StoreError
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        let e = crate::sdk_error::service_error("dynamodb", operation, e);
        let hint = match e.kind {
            ServiceErrorKind::NotFound => format!(
                ": the table {} does not exist in this account and region. Create it with `elevate setup`, or fix --store / the region",
                self.table
            ),
            // (Expired credentials say themselves what to do.)
            ServiceErrorKind::AccessDenied if !e.message.starts_with("Expired") => {
                ": these credentials may not use the ledger table; see `elevate iam-policy <role>`"
                    .to_string()
            }
            ServiceErrorKind::Throttled => {
                ": DynamoDB is throttling these calls; wait a minute and run the command again"
                    .to_string()
            }
            ServiceErrorKind::Unavailable => {
                ": check the region, network and endpoint, then run the command again in a minute"
                    .to_string()
            }
            _ => String::new(),
        };
        self.unavailable(format!("{operation} failed: {}{hint}", e.message))
    }

    fn body<T: serde::de::DeserializeOwned>(&self, item: &Item) -> Result<T, StoreError> {
        let body = item
            .get("body")
            .and_then(|v| v.as_s().ok())
            .ok_or_else(|| self.corrupt("an item has no body"))?;
        serde_json::from_str(body).map_err(|e| self.corrupt(e))
    }

    fn json<T: serde::Serialize>(&self, value: &T) -> Result<String, StoreError> {
        serde_json::to_string(value).map_err(|e| self.corrupt(e))
    }

    /// The item a request is stored as (benchmarks seed tables with it).
    pub fn request_item(&self, r: &Request) -> Result<Item, StoreError> {
        let mut item: Item = HashMap::from([
            ("pk".into(), s(request_pk(&r.id))),
            ("sk".into(), s("R")),
            ("body".into(), s(self.json(r)?)),
            ("version".into(), n(r.version)),
            ("status".into(), s(r.status.as_str())),
            ("created".into(), s(sort_created(r.created_at, &r.id))),
            ("account".into(), s(&r.account_id)),
            (
                "requester".into(),
                s(r.requester
                    .user_id
                    .clone()
                    .unwrap_or_else(|| r.requester.arn.clone())),
            ),
            ("principal".into(), s(&r.principal.id)),
        ]);
        if let Some(end) = r.end_at {
            item.insert("end".into(), s(sort_created(end, &r.id)));
        }
        Ok(item)
    }

    fn event_put(&self, e: &Event) -> Result<TransactWriteItem, StoreError> {
        let put = Put::builder()
            .table_name(&self.table)
            .item("pk", s(request_pk(&e.request_id)))
            .item("sk", s(event_sk(e.seq)))
            .item("body", s(self.json(e)?))
            .condition_expression("attribute_not_exists(pk)")
            .build()
            .map_err(|e| self.corrupt(e))?;
        Ok(TransactWriteItem::builder().put(put).build())
    }

    /// Adds the request to (or, once it is final, removes it from) its assignment's set.
    fn holders_update(&self, r: &Request) -> Result<TransactWriteItem, StoreError> {
        let (expression, verb) = if is_open(r.status) {
            ("ADD ids :id", "add")
        } else {
            ("DELETE ids :id", "delete")
        };
        let update = Update::builder()
            .table_name(&self.table)
            .key("pk", s(assignment_pk(&r.assignment().key())))
            .key("sk", s("A"))
            .update_expression(expression)
            .expression_attribute_values(":id", AttributeValue::Ss(vec![r.id.to_string()]))
            .build()
            .map_err(|e| self.corrupt(format!("{verb}: {e}")))?;
        Ok(TransactWriteItem::builder().update(update).build())
    }

    /// Writes `items`, which append `event`, as one transaction.
    ///
    /// A transaction whose answer was lost on the way (a dropped connection) is retried by the
    /// SDK: the same client request token makes DynamoDB answer the replay as done rather than
    /// apply it again; where the replay still fails its conditions (the token's ten minutes have
    /// passed, or an emulator ignores it), the event being there with this very hash shows the
    /// write landed, so it is not reported as someone else's — nor as failed, when the retries
    /// after it end in an error of their own.
    async fn transact(
        &self,
        items: Vec<TransactWriteItem>,
        event: Option<&Event>,
    ) -> Result<(), StoreError> {
        use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
        let e = match self
            .client
            .transact_write_items()
            .set_transact_items(Some(items))
            .set_client_request_token(event.map(|e| e.hash.chars().take(36).collect()))
            .send()
            .await
        {
            Ok(_) => return Ok(()),
            Err(e) => e,
        };
        if let Some(TransactWriteItemsError::TransactionCanceledException(c)) = e.as_service_error()
        {
            // A failed condition (someone else's write won), or another transaction on the same
            // item at that instant (the same race, still in flight): another writer got there.
            // The caller reads what happened and reports it; nothing of this write was applied.
            let lost = c.cancellation_reasons().iter().any(|r| {
                matches!(
                    r.code(),
                    Some("ConditionalCheckFailed") | Some("TransactionConflict")
                )
            });
            if lost {
                return match event {
                    Some(event) if self.landed(event).await? => Ok(()),
                    _ => Err(StoreError::Conflict),
                };
            }
        }
        // Any other failure may follow an attempt that landed and whose answer was lost (the
        // SDK's last retry then fails for its own reason, e.g. a 500): the write is done if its
        // event is there. If that cannot be read either, the original error stands.
        if let Some(event) = event
            && let Ok(true) = self.landed(event).await
        {
            return Ok(());
        }
        Err(self.sdk("TransactWriteItems", e))
    }

    /// Whether `event` itself is stored: the chain hash covers its every field, so another
    /// writer's event at the same place never matches.
    async fn landed(&self, event: &Event) -> Result<bool, StoreError> {
        let stored = self
            .get_item(request_pk(&event.request_id), &event_sk(event.seq))
            .await?;
        Ok(match stored {
            Some(item) => self.body::<Event>(&item)?.hash == event.hash,
            None => false,
        })
    }

    async fn get_item(&self, pk: String, sk: &str) -> Result<Option<Item>, StoreError> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("pk", s(pk))
            .key("sk", s(sk))
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| self.sdk("GetItem", e))?;
        Ok(out.item)
    }

    /// `body` of an item, or why it cannot be read (with the item's key): for reads that skip a
    /// bad item rather than fail everyone's listing.
    fn keyed_body<T: serde::de::DeserializeOwned>(&self, item: &Item) -> Result<T, Malformed> {
        self.body(item).map_err(|e| Malformed {
            key: format!(
                "{}/{}",
                item.get("pk")
                    .and_then(|v| v.as_s().ok())
                    .map_or("?", |s| s),
                item.get("sk")
                    .and_then(|v| v.as_s().ok())
                    .map_or("?", |s| s)
            ),
            error: e.to_string(),
        })
    }

    /// A request's body from an index listing; an unreadable one is reported and skipped.
    fn listed(&self, item: &Item) -> Option<Request> {
        match self.keyed_body(item) {
            Ok(r) => Some(r),
            Err(m) => {
                tracing::warn!(
                    "ledger {}: item {} cannot be read ({}); skipped. `elevate audit verify` reports every such item",
                    self.table,
                    m.key,
                    m.error
                );
                None
            }
        }
    }

    /// Up to `limit` requests from one index partition, newest first, before `cursor`, keeping
    /// those `keep` accepts: DynamoDB applies its page limit before any filter, so this reads on
    /// until it has enough.
    async fn query_index(
        &self,
        index: &str,
        key: (&str, String),
        cursor: Option<&Cursor>,
        limit: Option<usize>,
        keep: &(dyn Fn(&Request) -> bool + Sync),
    ) -> Result<Vec<Request>, StoreError> {
        let mut query = self
            .client
            .query()
            .table_name(&self.table)
            .index_name(index)
            .expression_attribute_names("#k", key.0)
            .expression_attribute_values(":k", s(key.1))
            .scan_index_forward(false)
            .limit(PAGE);
        query = match cursor {
            Some(c) => query
                .key_condition_expression("#k = :k AND #c < :c")
                .expression_attribute_names("#c", "created")
                .expression_attribute_values(":c", s(cursor_key(c))),
            None => query.key_condition_expression("#k = :k"),
        };
        let mut pages = query.into_paginator().send();
        let mut out = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| self.sdk("Query", e))?;
            for item in page.items() {
                let Some(r) = self.listed(item) else { continue };
                if keep(&r) {
                    out.push(r);
                    if limit.is_some_and(|l| out.len() >= l) {
                        return Ok(out);
                    }
                }
            }
        }
        Ok(out)
    }

    /// Every item of partition `pk` whose sort key starts with `prefix`, in order, read
    /// consistently and page by page.
    async fn bodies_under<T: serde::de::DeserializeOwned>(
        &self,
        pk: String,
        prefix: &str,
    ) -> Result<Vec<T>, StoreError> {
        let mut pages = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("pk = :pk AND begins_with(sk, :prefix)")
            .expression_attribute_values(":pk", s(pk))
            .expression_attribute_values(":prefix", s(prefix))
            .consistent_read(true)
            .into_paginator()
            .send();
        let mut out = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| self.sdk("Query", e))?;
            for item in page.items() {
                out.push(self.body(item)?);
            }
        }
        Ok(out)
    }

    /// Requests of an assignment that are open now, read consistently.
    /// The ids in the assignment's set of open requests (read consistently).
    async fn members(&self, key: &str) -> Result<Vec<RequestId>, StoreError> {
        let Some(item) = self.get_item(assignment_pk(key), "A").await? else {
            return Ok(Vec::new());
        };
        let ids: Vec<String> = item
            .get("ids")
            .and_then(|v| v.as_ss().ok())
            .cloned()
            .unwrap_or_default();
        Ok(ids
            .into_iter()
            .filter_map(|id| match id.parse::<RequestId>() {
                Ok(id) => Some(id),
                Err(_) => {
                    tracing::warn!(
                        "assignment {key}: '{id}' in its set of open requests is not a request id; skipped"
                    );
                    None
                }
            })
            .collect())
    }

    async fn open_of_assignment(&self, key: &str) -> Result<Vec<Request>, StoreError> {
        let mut out = Vec::new();
        // What an id names is verified by whoever acts on it.
        for id in self.members(key).await? {
            match self.get(&id).await {
                Ok(Some(r)) => out.push(r),
                Ok(None) => {}
                Err(StoreError::Corrupt { message, .. }) => {
                    tracing::warn!("request {id} cannot be read ({message}); skipped");
                }
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }
}

/// An item's primary key.
fn key_of(item: &Item) -> Item {
    item.iter()
        .filter(|(k, _)| *k == "pk" || *k == "sk")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

impl DynamoStore {
    /// One partition of a sweep: a request's record and events, with what cannot be read;
    /// `None` for partitions that are not requests (leases, sets, policy versions).
    fn swept(&self, pk: String, items: Vec<Item>) -> Option<Swept> {
        let id_part = pk.strip_prefix("R#")?;
        let mut s = Swept {
            id: id_part.parse().ok(),
            key: pk.clone(),
            record: None,
            events: Vec::new(),
            malformed: Vec::new(),
            index_problems: Vec::new(),
        };
        for item in &items {
            match item
                .get("sk")
                .and_then(|v| v.as_s().ok())
                .map(String::as_str)
            {
                Some("R") => match self.keyed_body::<Request>(item) {
                    Ok(r) => {
                        // The index attributes must be the ones the record implies.
                        if let Ok(expected) = self.request_item(&r) {
                            let attr = |i: &Item, k: &str| {
                                i.get(k).and_then(|v| {
                                    v.as_s().ok().cloned().or_else(|| v.as_n().ok().cloned())
                                })
                            };
                            let names = [
                                "status",
                                "created",
                                "end",
                                "account",
                                "requester",
                                "principal",
                                "version",
                            ];
                            let found: Vec<(&str, Option<String>)> =
                                names.iter().map(|n| (*n, attr(item, n))).collect();
                            let want: Vec<(&str, Option<String>)> =
                                names.iter().map(|n| (*n, attr(&expected, n))).collect();
                            s.index_problems = super::index_problems(&found, &want);
                        }
                        s.record = Some(r);
                    }
                    Err(m) => s.malformed.push(m),
                },
                Some(sk) if sk.starts_with("E#") => match self.keyed_body(item) {
                    Ok(e) => s.events.push(e),
                    Err(m) => s.malformed.push(m),
                },
                _ => {}
            }
        }
        Some(s)
    }

    fn cursor_of(&self, key: &Item) -> Result<SweepCursor, StoreError> {
        let get = |k: &str| {
            key.get(k)
                .and_then(|v| v.as_s().ok())
                .cloned()
                .unwrap_or_default()
        };
        Ok(SweepCursor(self.json(&(get("pk"), get("sk")))?))
    }

    fn cursor_key(&self, c: &SweepCursor) -> Result<Item, StoreError> {
        let (pk, sk): (String, String) = serde_json::from_str(&c.0).map_err(|e| self.corrupt(e))?;
        Ok(HashMap::from([
            ("pk".to_string(), s(pk)),
            ("sk".to_string(), s(sk)),
        ]))
    }
}

/// Where a request sorts in a listing: by creation (or by end, for time-window queries) to the
/// millisecond, then by id, both descending, exactly like the indexes' sort keys.
fn position(r: &Request, by_end: bool) -> (i64, RequestId) {
    let at = if by_end { r.end_at } else { Some(r.created_at) };
    (at.map_or(i64::MIN, |t| t.as_millisecond()), r.id.clone())
}

fn cursor_position(c: &Cursor, by_end: bool) -> (i64, RequestId) {
    let at = if by_end { c.end_at } else { Some(c.created_at) };
    (at.map_or(i64::MIN, |t| t.as_millisecond()), c.id.clone())
}

#[async_trait]
impl Store for DynamoStore {
    async fn assignment_members(&self, key: &str) -> Result<Vec<RequestId>, StoreError> {
        self.members(key).await
    }

    async fn create(&self, request: &Request, event: &Event) -> Result<(), StoreError> {
        let put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(self.request_item(request)?))
            .condition_expression("attribute_not_exists(pk)")
            .build()
            .map_err(|e| self.corrupt(e))?;
        self.transact(
            vec![
                TransactWriteItem::builder().put(put).build(),
                self.event_put(event)?,
            ],
            Some(event),
        )
        .await
    }

    async fn get(&self, id: &RequestId) -> Result<Option<Request>, StoreError> {
        match self.get_item(request_pk(id), "R").await? {
            Some(item) => Ok(Some(self.body(&item)?)),
            None => Ok(None),
        }
    }

    async fn update(&self, request: &Request, event: &Event) -> Result<(), StoreError> {
        let put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(self.request_item(request)?))
            .condition_expression("version = :read")
            .expression_attribute_values(":read", n(request.version.saturating_sub(1)))
            .build()
            .map_err(|e| self.corrupt(e))?;
        let mut items = vec![
            TransactWriteItem::builder().put(put).build(),
            self.event_put(event)?,
        ];
        // The set lists the requests whose grant has begun (what may hold the assignment), so it
        // changes only when grant power acts: when a grant starts or is scheduled, and when such a
        // request is over. A person's request, approval, rejection, cancellation or ask never
        // touches it (in a brokered team IAM would refuse them), and unrelated transitions of
        // one assignment do not contend on it.
        let begins = matches!(
            event.kind,
            EventKind::GrantStarted | EventKind::GrantScheduled | EventKind::Granted
        );
        if begins || (request.status.is_final() && request.prior_access.is_some()) {
            items.push(self.holders_update(request)?);
        }
        self.transact(items, Some(event)).await
    }

    async fn record_undelivered(&self, failure: &Undelivered) -> Result<(), StoreError> {
        // Under the request's partition, beside its events: one item per event and channel.
        self.client
            .put_item()
            .table_name(&self.table)
            .item("pk", s(request_pk(&failure.request_id)))
            .item(
                "sk",
                s(format!(
                    "N#{:010}#{}",
                    failure.event_seq, failure.failure.channel
                )),
            )
            .item("body", s(self.json(failure)?))
            .send()
            .await
            .map_err(|e| self.sdk("PutItem", e))?;
        Ok(())
    }

    async fn undelivered(&self, id: &RequestId) -> Result<Vec<Undelivered>, StoreError> {
        self.bodies_under(request_pk(id), "N#").await
    }

    async fn events(&self, id: &RequestId) -> Result<Vec<Event>, StoreError> {
        self.bodies_under(request_pk(id), "E#").await
    }

    async fn history(&self, id: &RequestId) -> Result<(Option<Request>, Vec<Event>), StoreError> {
        // The record (`R`) and its events (`E#…`) share the partition: one consistent query.
        let mut pages = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("pk = :pk")
            .expression_attribute_values(":pk", s(request_pk(id)))
            .consistent_read(true)
            .into_paginator()
            .send();
        let (mut record, mut events) = (None, Vec::new());
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| self.sdk("Query", e))?;
            for item in page.items() {
                match item
                    .get("sk")
                    .and_then(|v| v.as_s().ok())
                    .map(String::as_str)
                {
                    Some("R") => record = Some(self.body(item)?),
                    Some(sk) if sk.starts_with("E#") => events.push(self.body(item)?),
                    _ => {}
                }
            }
        }
        Ok((record, events))
    }

    async fn list(&self, query: &Query) -> Result<Vec<Request>, StoreError> {
        let cursor = query.after.as_ref();
        let by_end = query.end_after.is_some();
        let keep = |r: &Request| {
            query.matches(r)
                && cursor.is_none_or(|c| position(r, by_end) < cursor_position(c, by_end))
        };
        let statuses: Vec<Status> = if query.statuses.is_empty() {
            Status::ALL.to_vec()
        } else {
            query.statuses.clone()
        };
        let mut found: Vec<Request> = if let Some(key) = query
            .assignment_key
            .as_ref()
            // The set holds the requests whose grant has begun: it answers for those states
            // only, and for any requester.
            .filter(|_| {
                query.party.is_none() && statuses.iter().all(|s| Status::SCHEDULED_FROM.contains(s))
            }) {
            // Grants and revocations ask this under the assignment's lease: read consistently.
            self.open_of_assignment(key)
                .await?
                .into_iter()
                .filter(|r| keep(r))
                .collect()
        } else if let Some(party) = &query.party {
            let mut keys = vec![(
                "requester",
                party.user_id.clone().unwrap_or_else(|| party.arn.clone()),
            )];
            if let Some(user) = &party.user_id {
                keys.push(("principal", user.clone()));
            }
            let mut all = Vec::new();
            for (index, value) in keys {
                all.extend(
                    self.query_index(index, (index, value), cursor, query.limit, &keep)
                        .await?,
                );
            }
            all.sort_by_key(|r| std::cmp::Reverse(position(r, false)));
            all.dedup_by(|a, b| a.id == b.id);
            all
        } else if let Some(account) = &query.account_id {
            self.query_index(
                "account",
                ("account", account.clone()),
                cursor,
                query.limit,
                &keep,
            )
            .await?
        } else if let Some(after) = query.end_after {
            // By end time, latest first: only the window asked for is read, however long the
            // history. The cursor bounds the window from above (inclusive; `keep` drops the
            // cursor's own request).
            let upper = cursor
                .and_then(|c| c.end_at.map(|e| sort_created(e, &c.id)))
                .unwrap_or_else(|| "9".repeat(13));
            let mut all = Vec::new();
            for status in &statuses {
                let mut pages = self
                    .client
                    .query()
                    .table_name(&self.table)
                    .index_name("status-end")
                    .key_condition_expression("#s = :s AND #e BETWEEN :from AND :to")
                    .expression_attribute_names("#s", "status")
                    .expression_attribute_names("#e", "end")
                    .expression_attribute_values(":s", s(status.as_str()))
                    .expression_attribute_values(
                        ":from",
                        s(format!("{:013}", after.as_millisecond().max(0))),
                    )
                    .expression_attribute_values(":to", s(upper.clone()))
                    .scan_index_forward(false)
                    .limit(PAGE)
                    .into_paginator()
                    .send();
                let mut taken = 0;
                'pages: while let Some(page) = pages.next().await {
                    let page = page.map_err(|e| self.sdk("Query", e))?;
                    for item in page.items() {
                        let Some(r) = self.listed(item) else { continue };
                        if keep(&r) {
                            all.push(r);
                            taken += 1;
                            if query.limit.is_some_and(|l| taken >= l) {
                                break 'pages;
                            }
                        }
                    }
                }
            }
            all
        } else {
            let mut all = Vec::new();
            for status in &statuses {
                all.extend(
                    self.query_index(
                        "status-created",
                        ("status", status.as_str().to_string()),
                        cursor,
                        query.limit,
                        &keep,
                    )
                    .await?,
                );
            }
            all
        };
        found.sort_by_key(|r| std::cmp::Reverse(position(r, by_end)));
        if let Some(limit) = query.limit {
            found.truncate(limit);
        }
        Ok(found)
    }

    async fn try_lease(
        &self,
        key: &str,
        holder: &str,
        now: Timestamp,
        ttl: SignedDuration,
    ) -> Result<bool, StoreError> {
        let expires = now.checked_add(ttl).unwrap_or(Timestamp::MAX);
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .item("pk", s(lease_pk(key)))
            .item("sk", s("L"))
            .item("holder", s(holder))
            .item("expires", n(expires.as_millisecond()))
            // A lease claiming to outlive its lifetime was not taken by elevate: void.
            .condition_expression(
                "attribute_not_exists(pk) OR expires <= :now OR holder = :h OR expires > :max",
            )
            .expression_attribute_values(":now", n(now.as_millisecond()))
            .expression_attribute_values(
                ":max",
                n(expires
                    .checked_add(super::LEASE_CLOCK_SLACK)
                    .unwrap_or(Timestamp::MAX)
                    .as_millisecond()),
            )
            .expression_attribute_values(":h", s(holder))
            .send()
            .await;
        match result {
            Ok(_) => Ok(true),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|se| se.is_conditional_check_failed_exception()) =>
            {
                Ok(false)
            }
            // An attempt may have taken the lease and lost its answer before the call failed:
            // then it is ours (else it would stay taken, by nobody, until it expires).
            Err(e) => match self.get_item(lease_pk(key), "L").await {
                Ok(Some(item)) if item.get("holder") == Some(&s(holder)) => Ok(true),
                _ => Err(self.sdk("PutItem", e)),
            },
        }
    }

    async fn lease(&self, key: &str) -> Result<Option<(String, Timestamp)>, StoreError> {
        // A query, not GetItem: the admin, who runs `doctor` for a team, may query the ledger
        // (policy versions) and has no other read.
        let out = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("pk = :p AND sk = :s")
            .expression_attribute_values(":p", s(lease_pk(key)))
            .expression_attribute_values(":s", s("L"))
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| self.sdk("Query", e))?;
        let Some(item) = out.items().first() else {
            return Ok(None);
        };
        let holder = item
            .get("holder")
            .and_then(|v| v.as_s().ok())
            .cloned()
            .unwrap_or_default();
        let expires = item
            .get("expires")
            .and_then(|v| v.as_n().ok())
            .and_then(|v| v.parse::<i64>().ok())
            .and_then(|ms| Timestamp::from_millisecond(ms).ok())
            .unwrap_or(Timestamp::MAX);
        Ok(Some((holder, expires)))
    }

    async fn release_lease(&self, key: &str, holder: &str) -> Result<(), StoreError> {
        let result = self
            .client
            .delete_item()
            .table_name(&self.table)
            .key("pk", s(lease_pk(key)))
            .key("sk", s("L"))
            .condition_expression("holder = :h")
            .expression_attribute_values(":h", s(holder))
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            // Not ours (any more): nothing to release.
            Err(e)
                if e.as_service_error()
                    .is_some_and(|se| se.is_conditional_check_failed_exception()) =>
            {
                Ok(())
            }
            Err(e) => Err(self.sdk("DeleteItem", e)),
        }
    }

    async fn apply_policy(&self, version: &PolicyVersion) -> Result<(), StoreError> {
        let mut items = Vec::new();
        if version.number > 1 {
            let previous = ConditionCheck::builder()
                .table_name(&self.table)
                .key("pk", s("P"))
                .key("sk", s(format!("V#{:010}", version.number - 1)))
                .condition_expression("attribute_exists(pk)")
                .build()
                .map_err(|e| self.corrupt(e))?;
            items.push(
                TransactWriteItem::builder()
                    .condition_check(previous)
                    .build(),
            );
        } else if version.number == 0 {
            return Err(StoreError::Conflict);
        }
        let put = Put::builder()
            .table_name(&self.table)
            .item("pk", s("P"))
            .item("sk", s(format!("V#{:010}", version.number)))
            .item("body", s(self.json(version)?))
            .condition_expression("attribute_not_exists(pk)")
            .build()
            .map_err(|e| self.corrupt(e))?;
        items.push(TransactWriteItem::builder().put(put).build());
        match self.transact(items, None).await {
            // This very version already stored: an answer lost on the way, then a replay.
            Err(StoreError::Conflict)
                if self.policy(Some(version.number)).await?.as_ref() == Some(version) =>
            {
                Ok(())
            }
            other => other,
        }
    }

    async fn policy(&self, number: Option<u64>) -> Result<Option<PolicyVersion>, StoreError> {
        if let Some(number) = number {
            return match self
                .get_item("P".into(), &format!("V#{number:010}"))
                .await?
            {
                Some(item) => Ok(Some(self.body(&item)?)),
                None => Ok(None),
            };
        }
        let out = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("pk = :p AND begins_with(sk, :v)")
            .expression_attribute_values(":p", s("P"))
            .expression_attribute_values(":v", s("V#"))
            .scan_index_forward(false)
            .limit(1)
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| self.sdk("Query", e))?;
        match out.items().first() {
            Some(item) => Ok(Some(self.body(item)?)),
            None => Ok(None),
        }
    }

    async fn policy_history(&self) -> Result<(Vec<PolicyVersion>, Vec<Malformed>), StoreError> {
        let mut pages = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("pk = :pk AND begins_with(sk, :prefix)")
            .expression_attribute_values(":pk", s("P"))
            .expression_attribute_values(":prefix", s("V#"))
            .consistent_read(true)
            .into_paginator()
            .send();
        let (mut ok, mut bad) = (Vec::new(), Vec::new());
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| self.sdk("Query", e))?;
            for item in page.items() {
                match self.keyed_body(item) {
                    Ok(v) => ok.push(v),
                    Err(m) => bad.push(m),
                }
            }
        }
        Ok((ok, bad))
    }

    async fn sweep(
        &self,
        after: Option<&SweepCursor>,
        limit: usize,
    ) -> Result<(Vec<Swept>, Option<SweepCursor>), StoreError> {
        // A Scan, page by page, grouping each request's partition (its items are contiguous in a
        // scan). A page ends at a partition boundary: the cursor is the last item of the last
        // whole partition, so the next call starts with the next partition from its first item.
        let mut start: Option<Item> = match after {
            Some(c) => Some(self.cursor_key(c)?),
            None => None,
        };
        let mut done: Vec<Swept> = Vec::new();
        let mut last_whole: Option<Item> = None;
        let mut open: Option<(String, Vec<Item>)> = None;
        loop {
            let out = self
                .client
                .scan()
                .table_name(&self.table)
                .set_exclusive_start_key(start.take())
                .limit(PAGE)
                .send()
                .await
                .map_err(|e| self.sdk("Scan", e))?;
            let finished = out.last_evaluated_key().is_none();
            for item in out.items() {
                let pk = item
                    .get("pk")
                    .and_then(|v| v.as_s().ok())
                    .cloned()
                    .unwrap_or_default();
                if open.as_ref().is_some_and(|(p, _)| *p != pk) {
                    let (p, items) = open.take().unwrap_or_default();
                    last_whole = items.last().map(key_of);
                    if let Some(s) = self.swept(p, items) {
                        done.push(s);
                    }
                }
                open.get_or_insert_with(|| (pk, Vec::new()))
                    .1
                    .push(item.clone());
            }
            if finished {
                if let Some((p, items)) = open.take()
                    && let Some(s) = self.swept(p, items)
                {
                    done.push(s);
                }
                return Ok((done, None));
            }
            start = out.last_evaluated_key().cloned();
            if done.len() >= limit && last_whole.is_some() {
                let cursor = last_whole.take().map(|k| self.cursor_of(&k)).transpose()?;
                return Ok((done, cursor));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;
    use crate::store::{conformance, emulator::emulator};

    /// A client for the emulator. (Production clients are built only by `aws::connect`; this one
    /// needs no credential chain.)
    fn client() -> Client {
        Client::from_conf(config().build())
    }

    fn config() -> aws_sdk_dynamodb::config::Builder {
        aws_sdk_dynamodb::Config::builder()
            .behavior_version(aws_sdk_dynamodb::config::BehaviorVersion::latest())
            .region(aws_sdk_dynamodb::config::Region::new("us-east-1"))
            .endpoint_url(&emulator().endpoint)
            .credentials_provider(aws_credential_types::Credentials::new(
                "ASIATESTDYNAMO",
                "secret",
                Some("token".into()),
                None,
                "test",
            ))
    }

    /// Once armed, lets the next call of `operation` reach the ledger and then answers it with
    /// HTTP 500: the write landed, its answer was lost, and the call failed all the same (as
    /// when the SDK's last retry of it meets a 500).
    #[derive(Debug, Clone)]
    struct LoseTheAnswer {
        operation: &'static str,
        armed: Arc<std::sync::atomic::AtomicBool>,
        /// The call in flight is of `operation` (the request is gone once sent).
        matched: Arc<std::sync::atomic::AtomicBool>,
    }

    impl LoseTheAnswer {
        fn of(operation: &'static str) -> Self {
            LoseTheAnswer {
                operation,
                armed: Arc::default(),
                matched: Arc::default(),
            }
        }

        /// A store whose client has this interceptor and no retries.
        fn store(&self, table: &str) -> DynamoStore {
            DynamoStore::new(
                Client::from_conf(
                    config()
                        .retry_config(aws_sdk_dynamodb::config::retry::RetryConfig::disabled())
                        .interceptor(self.clone())
                        .build(),
                ),
                table,
            )
        }
    }

    impl aws_sdk_dynamodb::config::Intercept for LoseTheAnswer {
        fn name(&self) -> &'static str {
            "LoseTheAnswer"
        }

        fn read_before_transmit(
            &self,
            ctx: &aws_sdk_dynamodb::config::interceptors::BeforeTransmitInterceptorContextRef<'_>,
            _: &aws_sdk_dynamodb::config::RuntimeComponents,
            _: &mut aws_sdk_dynamodb::config::ConfigBag,
        ) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
            let target = ctx.request().headers().get("x-amz-target");
            self.matched.store(
                target.is_some_and(|t| {
                    t.strip_suffix(self.operation)
                        .is_some_and(|p| p.ends_with('.'))
                }),
                Ordering::SeqCst,
            );
            Ok(())
        }

        fn modify_before_deserialization(
            &self,
            ctx: &mut aws_sdk_dynamodb::config::interceptors::BeforeDeserializationInterceptorContextMut<'_>,
            _: &aws_sdk_dynamodb::config::RuntimeComponents,
            _: &mut aws_sdk_dynamodb::config::ConfigBag,
        ) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
            if self.matched.load(Ordering::SeqCst) && self.armed.swap(false, Ordering::SeqCst) {
                let response = ctx.response_mut();
                *response.status_mut() = 500u16.try_into()?;
                *response.body_mut() = aws_smithy_types::body::SdkBody::from("{}");
                // A bare 500: what the call really met is not to be seen.
                response.headers_mut().remove("x-amzn-errortype");
            }
            Ok(())
        }
    }

    #[tokio::test]
    async fn a_write_that_landed_is_done_though_its_call_then_failed() {
        let lose = LoseTheAnswer::of("TransactWriteItems");
        let store = lose.store(&fresh().await);
        let (r, created) =
            conformance::new_request(7, "111111111111", "alice", "2026-01-01T10:00:00Z");
        lose.armed.store(true, Ordering::SeqCst);
        store.create(&r, &created).await.unwrap();
        assert!(
            !lose.armed.load(Ordering::SeqCst),
            "the answer was not lost"
        );
        let (bob, approved) = conformance::approve(&r, "bob");
        lose.armed.store(true, Ordering::SeqCst);
        store.update(&bob, &approved).await.unwrap();
        assert!(
            !lose.armed.load(Ordering::SeqCst),
            "the answer was not lost"
        );
        assert_eq!(store.get(&r.id).await.unwrap(), Some(bob.clone()));
        assert_eq!(store.events(&r.id).await.unwrap(), vec![created, approved]);

        // A write that did not land still fails: carol's approval of the version bob changed
        // was refused, and with its answer lost it is an error, not done.
        let (carol, carol_approved) = conformance::approve(&r, "carol");
        lose.armed.store(true, Ordering::SeqCst);
        assert!(store.update(&carol, &carol_approved).await.is_err());
        assert_eq!(store.get(&r.id).await.unwrap(), Some(bob));
    }

    /// A new table, made exactly as `elevate setup` makes it.
    async fn fresh() -> String {
        static N: AtomicU32 = AtomicU32::new(0);
        let table = format!(
            "ledger-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        );
        crate::aws::setup::create_table(&client(), &table, None)
            .await
            .unwrap();
        table
    }

    conformance::conformance_tests!(async {
        let table = fresh().await;
        ((), move || {
            Arc::new(DynamoStore::new(client(), &table)) as Arc<dyn Store>
        })
    });

    #[tokio::test]
    async fn a_missing_table_says_how_to_create_it() {
        let store = DynamoStore::new(client(), "no-such-ledger");
        let err = store
            .get(&RequestId::from_entropy(1))
            .await
            .unwrap_err()
            .to_string();
        assert!(err.contains("elevate setup"), "{err}");
    }

    #[tokio::test]
    async fn a_lease_taken_by_a_call_that_then_failed_is_held_not_stranded() {
        let lose = LoseTheAnswer::of("PutItem");
        let table = fresh().await;
        let store = lose.store(&table);
        let now = Timestamp::from_second(1_800_000_000).unwrap();
        let ttl = SignedDuration::from_mins(15);
        lose.armed.store(true, Ordering::SeqCst);
        assert!(store.try_lease("k", "mine", now, ttl).await.unwrap());
        assert!(
            !lose.armed.load(Ordering::SeqCst),
            "the answer was not lost"
        );
        // It is really held, by us: another holder waits, and our release frees it.
        let other = DynamoStore::new(client(), &table);
        assert!(!other.try_lease("k", "theirs", now, ttl).await.unwrap());
        store.release_lease("k", "mine").await.unwrap();
        assert!(other.try_lease("k", "theirs", now, ttl).await.unwrap());
        // Refused and then failed: still theirs, and our call is an error.
        lose.armed.store(true, Ordering::SeqCst);
        assert!(store.try_lease("k", "mine", now, ttl).await.is_err());
    }
}
