//! `elevate show`: one request as the ledger holds it, with its events and the notifications
//! about it that were not sent.

use crate::domain::notify::Undelivered;
use crate::domain::{Event, Request, RequestId};
use crate::error::Result;
use crate::store::Store;

/// One request with its ledger events and the notifications about it that were not sent:
/// `elevate show`'s JSON.
#[derive(Debug, serde::Serialize)]
pub struct Shown {
    pub request: Request,
    pub events: Vec<Event>,
    pub undelivered: Vec<Undelivered>,
}

/// The request's record alone (one read): for a command that only follows its status.
pub async fn request(store: &dyn Store, id: &RequestId) -> Result<Request> {
    store.get(id).await?.ok_or_else(|| super::not_found(id))
}

pub async fn show(store: &dyn Store, id: &RequestId) -> Result<Shown> {
    let request = store.get(id).await?.ok_or_else(|| super::not_found(id))?;
    let events = store.events(id).await?;
    let undelivered = store.undelivered(id).await?;
    Ok(Shown {
        request,
        events,
        undelivered,
    })
}
