//! The use cases, written against the ports in `ports` and the `Store` trait: no SDK types, no
//! terminal. Each public function is one command's job.

pub mod activity;
pub mod approve;
pub mod audit;
pub mod authority;
pub mod cancel;
pub mod credentials;
pub mod decide;
pub mod doctor;
pub mod eligible;
pub mod explain;
pub mod extend;
pub mod holders;
pub mod in_force;
pub mod infrastructure;
pub mod init;
pub mod lease;
pub mod list;
pub mod lookup;
pub mod policy;
pub mod ports;
pub mod provision;
pub mod reconcile;
pub mod reject;
pub mod request;
pub mod review;
pub mod revoke;
pub mod schedules;
pub mod show;
pub mod standing;
pub mod verify;
pub mod wait;

#[cfg(test)]
mod attacks;
#[cfg(test)]
mod brokered_tests;
#[cfg(test)]
pub(crate) mod fakes;
#[cfg(test)]
mod redteam_attacks;
#[cfg(test)]
mod standing_tests;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use jiff::SignedDuration;

use crate::domain::ledger::{self, Capacity};
use crate::domain::request::Stamp;
use crate::domain::{Actor, Event, Request};
use crate::error::{Error, Result};
use crate::store::{Store, StoreError};
use ports::{AccessControl, Clock, Directory, IdSource, Organization, Scheduler, Sealer};

/// Everything a use case may call.
#[derive(Clone)]
pub struct Services {
    pub directory: Arc<dyn Directory>,
    pub access: Arc<dyn AccessControl>,
    pub org: Arc<dyn Organization>,
    pub scheduler: Arc<dyn Scheduler>,
    pub notifier: Arc<dyn ports::Notifier>,
    pub store: Arc<dyn Store>,
    /// Seals what is written and verifies what is read; `ports::Unsealed` without a seal key.
    pub sealer: Arc<dyn Sealer>,
    pub clock: Arc<dyn Clock>,
    pub ids: Arc<dyn IdSource>,
    pub tuning: Tuning,
    /// Who changes access: people's own credentials (direct) or the executor alone (brokered).
    pub grant_mode: crate::domain::authz::GrantMode,
}

/// Timings that tests shorten.
#[derive(Debug, Clone)]
pub struct Tuning {
    /// How long a grant or revocation may hold the lease on its assignment. Longer than the
    /// longest provisioning wait, so a live holder never loses it.
    pub lease_ttl: SignedDuration,
    /// How long to wait for another operator's grant or revocation of the same assignment.
    pub lease_wait: std::time::Duration,
    /// Requests a sweep (`reconcile`) reads from the ledger at once: bounds its memory.
    pub page_size: usize,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            lease_ttl: SignedDuration::from_mins(15),
            lease_wait: std::time::Duration::from_secs(60),
            page_size: 500,
        }
    }
}

/// Something the caller should know that is not an error: printed as a warning.
pub type Notice = String;

/// Sessions outlive revocation: say so when the permission set's sessions are longer than the
/// elevation.
pub(crate) fn session_notice(request: &Request) -> Option<Notice> {
    request.session_outlives_elevation().map(|session| {
        format!(
            "sessions of permission set {} last up to {}, longer than this elevation ({}): a session started before the elevation ends keeps working until it expires",
            request.permission_set.name,
            crate::domain::format_duration(session),
            crate::domain::format_duration(request.duration)
        )
    })
}

/// Who writes an event, as the ledger and its seal name them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    /// `user:<name>` or the role's ARN.
    pub label: String,
    /// The writer's `aws:userid`, which the seal names.
    pub id: Option<String>,
    pub capacity: Capacity,
}

impl Author {
    pub fn new(actor: &Actor, capacity: Capacity) -> Author {
        Author {
            label: actor.label(),
            id: Some(actor.id.clone()).filter(|i| !i.is_empty()),
            capacity,
        }
    }

    /// The actor about their own request: an Identity Center user, or a delegate role.
    pub fn asking(actor: &Actor) -> Author {
        Author::new(
            actor,
            if actor.user.is_some() {
                Capacity::Requester
            } else {
                Capacity::Delegate
            },
        )
    }

    /// The stamp of an event this author writes now.
    pub(crate) fn stamp<'a>(
        &'a self,
        svc: &Services,
        comment: Option<&'a str>,
        policy_version: Option<&'a str>,
    ) -> Stamp<'a> {
        Stamp {
            actor: &self.label,
            actor_id: self.id.as_deref(),
            at: svc.clock.now(),
            comment,
            policy_version,
        }
    }
}

/// Seals `event` as `author` on a sealed ledger (nothing on an unsealed one): KMS `Encrypt` of
/// its hash with the caller's own credentials, which the key policy allows only for the kinds
/// of decision this caller may make.
pub(crate) async fn seal(svc: &Services, author: &Author, event: &mut Event) -> Result<()> {
    let Some(ledger_name) = svc.sealer.ledger() else {
        return Ok(());
    };
    let kind = ledger::seal_kind(author.capacity, event);
    let Some(id) = author.id.as_deref() else {
        // The caller lookup refuses an identity without one; this is the last line.
        return Err(Error::Denied(format!(
            "cannot seal a {kind} decision: the caller's aws:userid is unknown, and a seal must name its author; check `aws sts get-caller-identity` with the same credentials"
        )));
    };
    let context = ledger::event_seal_context(ledger_name, event, kind, id);
    match svc.sealer.seal(&context, &event.hash).await {
        Ok(blob) => {
            event.seal = Some(crate::domain::event::Seal { kind, blob });
            Ok(())
        }
        Err(e) if e.kind == ports::ServiceErrorKind::AccessDenied => Err(Error::SealRefused {
            kind,
            message: e.what_failed(),
        }),
        Err(e) => Err(e.into()),
    }
}

/// Writes a transition, sealed by `author`. When another writer got there first, explains what
/// they did, and guarantees that nothing further happens on this side.
pub(crate) async fn commit(
    svc: &Services,
    author: &Author,
    next: &Request,
    mut event: Event,
) -> Result<Event> {
    seal(svc, author, &mut event).await?;
    match svc.store.update(next, &event).await {
        Ok(()) => {
            notify(svc, next, &event).await;
            Ok(event)
        }
        Err(StoreError::Conflict) => Err(lost_race(svc, next).await),
        Err(e) => Err(e.into()),
    }
}

/// Applies `action` to `request` as `author`, now, and writes it: the common shape of a
/// decision that touches nothing outside the ledger.
pub(crate) async fn transition(
    svc: &Services,
    request: &Request,
    action: crate::domain::Action,
    author: &Author,
    comment: Option<&str>,
    policy_version: Option<&str>,
) -> Result<Request> {
    let (next, event) = request.apply(action, &author.stamp(svc, comment, policy_version))?;
    commit(svc, author, &next, event).await?;
    Ok(next)
}

/// Tells people about a change that is already recorded. A notification that cannot be sent is
/// reported, never an error: the access change stands either way.
pub(crate) async fn notify(svc: &Services, request: &Request, event: &Event) {
    use crate::domain::notify::{Notification, Topic};
    let Some(topic) = Topic::of(request, event) else {
        return;
    };
    for failure in svc
        .notifier
        .send(&Notification::new(topic, request, event))
        .await
    {
        tracing::warn!(
            "could not send the {} notification of request {} ({failure}). The change itself is recorded; `elevate show {}` lists notifications not sent",
            topic.as_str(),
            request.id,
            request.id
        );
        let record = crate::domain::notify::Undelivered {
            request_id: request.id.clone(),
            event_seq: event.seq,
            event: topic,
            at: svc.clock.now(),
            failure,
        };
        if let Err(e) = svc.store.record_undelivered(&record).await {
            tracing::warn!("could not record that the notification was not sent either: {e}");
        }
    }
}

/// "by <actor> at <time>": who got there first, in conflict messages.
pub(crate) fn by_whom(actor: &str, at: jiff::Timestamp) -> String {
    format!("by {actor} at {}", crate::domain::format_time(at))
}

/// The request's newest ledger event: what the other writer did.
pub(crate) async fn latest_event(
    svc: &Services,
    id: &crate::domain::RequestId,
) -> Result<Option<Event>> {
    Ok(svc.store.events(id).await?.into_iter().last())
}

async fn lost_race(svc: &Services, attempted: &Request) -> Error {
    let id = &attempted.id;
    let what = match latest_event(svc, id).await {
        Ok(Some(ev)) => format!(
            "it is now {} ({} {})",
            ev.status,
            ev.kind.as_str(),
            by_whom(&ev.actor, ev.at)
        ),
        Ok(None) => "it changed".to_string(),
        Err(e) => return e,
    };
    Error::Conflict(format!(
        "request {id} was changed by someone else while this command ran: {what}. Nothing was done here; run `elevate show {id}` to see where it stands"
    ))
}

pub(crate) fn not_found(id: &crate::domain::RequestId) -> Error {
    Error::NotFound(format!(
        "no request {id} in the ledger: check the id with `elevate list --all`, and that --store points at your team's ledger"
    ))
}

/// The request as its (sealed) events prove it: what every command acts on. A record that
/// disagrees with its events is refused as tampering, never acted on or written over.
pub(crate) async fn load(svc: &Services, id: &crate::domain::RequestId) -> Result<Request> {
    Ok(verify::load(svc, id).await?.request)
}

/// The shape of this module, checked: each command has its own module, and what two commands
/// share lives in a shared step, so a newcomer following one command never has to read another.
#[cfg(test)]
pub(crate) mod layout {
    /// The modules that carry out one `elevate` command (or subcommand). Every other module is
    /// a shared step (`authority`, `decide`, `holders`, `lease`, `lookup`, `provision`,
    /// `schedules`, `verify`, …) or a port.
    const COMMANDS: &[&str] = &[
        "approve",
        "audit",
        "cancel",
        "credentials",
        "doctor",
        "eligible",
        "explain",
        "extend",
        "init",
        "list",
        "policy",
        "reconcile",
        "reject",
        "request",
        "review",
        "revoke",
        "show",
        "standing",
        "wait",
    ];

    /// Known exceptions, each to be removed rather than added to (none now: `doctor` and
    /// `setup` share the `infrastructure` step, so they never disagree about what is missing).
    const ALLOWED: &[(&str, &str)] = &[];

    /// The modules a source file's non-test code names through one of `prefixes` (`super::`,
    /// `crate::workflow::`), including those inside a `{…}` group.
    pub(crate) fn named_modules(source: &str, prefixes: &[&str]) -> Vec<String> {
        let code = source
            .find("#[cfg(test)]\nmod ")
            .map_or(source, |i| &source[..i]);
        let mut out = Vec::new();
        for prefix in prefixes {
            for (i, _) in code.match_indices(prefix) {
                let rest = &code[i + prefix.len()..];
                if let Some(group) = rest.strip_prefix('{') {
                    let inner = &group[..group.find('}').unwrap_or(group.len())];
                    out.extend(inner.split(',').map(|item| {
                        item.trim()
                            .split("::")
                            .next()
                            .unwrap_or_default()
                            .to_string()
                    }));
                } else {
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if rest[name.len()..].starts_with("::") || rest[name.len()..].starts_with(';') {
                        out.push(name);
                    }
                }
            }
        }
        out
    }

    #[test]
    fn no_command_module_uses_another() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/workflow");
        let mut found = Vec::new();
        for command in COMMANDS {
            let path = dir.join(format!("{command}.rs"));
            let source = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            for other in named_modules(&source, &["super::", "crate::workflow::"]) {
                if other != *command
                    && COMMANDS.contains(&other.as_str())
                    && !ALLOWED.contains(&(command, other.as_str()))
                {
                    found.push(format!("{command} uses {other}"));
                }
            }
        }
        assert!(
            found.is_empty(),
            "command modules must not use one another; move what they share into a shared step: {found:?}"
        );
    }

    #[test]
    fn every_command_module_exists() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/workflow");
        for command in COMMANDS {
            assert!(dir.join(format!("{command}.rs")).exists(), "{command}");
        }
    }
}
