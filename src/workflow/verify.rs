//! Verifying a request before anything acts on it: rebuilt from its events alone
//! (`domain::ledger::replay`), compared with the stored record, and — on a sealed ledger —
//! every event's seal decrypted with the context rebuilt from the event, its author bound to
//! the name the ledger shows, and the author's right to do what the event did checked against
//! the one table of who may do what (`domain::authz`). The status column, index attributes,
//! leases and an assignment's set of open requests are hints for finding work, never evidence.

use futures_util::StreamExt;
use jiff::Timestamp;

use crate::domain::authz::{self, Standing, Verb};
use crate::domain::ledger::{self, Author, Tampering};
use crate::domain::{Event, PrincipalKind, Request, RequestId};
use crate::error::{Error, Result};

use super::Services;

/// Seals checked at once: KMS allows thousands of requests a second; this bounds one command.
const CONCURRENCY: usize = 8;

/// A request as its events prove it.
#[derive(Debug, Clone)]
pub struct Verified {
    /// The request its events build (on an unsealed ledger of an older version, the record).
    pub request: Request,
    pub events: Vec<Event>,
    /// Who wrote each event, as its seal proves; empty on an unsealed ledger.
    pub authors: Vec<Author>,
}

impl Verified {
    pub fn sealed(&self) -> bool {
        !self.authors.is_empty()
    }
}

/// Reads and verifies request `id`.
pub async fn load(svc: &Services, id: &RequestId) -> Result<Verified> {
    let (record, events) = svc.store.history(id).await?;
    if record.is_none() && events.is_empty() {
        return Err(super::not_found(id));
    }
    match check(svc, id, record.as_ref(), events).await {
        Ok(v) => Ok(v),
        Err(Error::Tampered(t)) => {
            report(svc, &t, record.as_ref()).await;
            Err(Error::Tampered(t))
        }
        Err(e) => Err(e),
    }
}

/// Tells people, loudly and on every channel, that a request does not hold. Never fails the
/// caller: the refusal stands either way.
pub(crate) async fn report(svc: &Services, t: &Tampering, record: Option<&Request>) {
    tracing::error!("{t}");
    let n = crate::domain::notify::Notification::tampering(t, record, svc.clock.now());
    for failure in svc.notifier.send(&n).await {
        tracing::warn!("could not send the tampering alert ({failure})");
    }
}

/// Verifies a request on an unsealed ledger, with nothing but its record and events (no AWS
/// call): the replay and the record. Authors are not proven on such a ledger.
pub fn check_unsealed(id: &RequestId, record: Option<&Request>, events: &[Event]) -> Result<()> {
    let problems = if ledger::replayable(events) {
        let replayed = ledger::replay(events);
        let mut p: Vec<String> = replayed.broken.iter().map(|b| b.problem.clone()).collect();
        if let (Some(record), Some(rebuilt), None) = (record, &replayed.request, &replayed.broken) {
            p.extend(ledger::record_problems(record, rebuilt));
        }
        p
    } else {
        record.map_or_else(
            || vec!["its record is missing".to_string()],
            |r| ledger::verify_legacy(r, events),
        )
    };
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Tampered(Box::new(Tampering {
            subject: id.to_string(),
            problems,
        })))
    }
}

/// Verifies a request's record and events; `Error::Tampered` with every problem found.
pub async fn check(
    svc: &Services,
    id: &RequestId,
    record: Option<&Request>,
    events: Vec<Event>,
) -> Result<Verified> {
    let sealed = svc.sealer.ledger().is_some();
    let tampered = |problems: Vec<String>| {
        Error::Tampered(Box::new(Tampering {
            subject: id.to_string(),
            problems,
        }))
    };
    if events.is_empty() {
        return Err(tampered(vec!["the record has no ledger events".into()]));
    }
    if !ledger::replayable(&events) {
        // Written by a version of elevate before events recorded their actions: only the chain
        // can be checked, and that cannot tell a well-formed forgery from a genuine event.
        if sealed {
            return Err(tampered(vec![
                "its events carry no actions or seals (written before the ledger was sealed): they cannot be verified, so nothing acts on them".into(),
            ]));
        }
        let Some(record) = record else {
            return Err(tampered(vec!["its record is missing".into()]));
        };
        let problems = ledger::verify_legacy(record, &events);
        if !problems.is_empty() {
            return Err(tampered(problems));
        }
        return Ok(Verified {
            request: record.clone(),
            events,
            authors: Vec::new(),
        });
    }
    let replayed = ledger::replay(&events);
    let mut problems = Vec::new();
    // Events are stamped with AWS's time: one dated ahead of it was not written by elevate.
    let horizon = svc
        .clock
        .now()
        .checked_add(jiff::SignedDuration::from_mins(5))
        .unwrap_or(jiff::Timestamp::MAX);
    if let Some(ev) = events.iter().find(|e| e.at > horizon) {
        problems.push(format!(
            "event {} is dated {}, in the future",
            ev.seq, ev.at
        ));
    }
    if let Some(b) = &replayed.broken {
        problems.push(b.problem.clone());
    }
    let Some(request) = replayed.request else {
        return Err(tampered(problems));
    };
    if request.id != *id {
        problems.push(format!("its events are those of request {}", request.id));
    }
    match record {
        Some(record) if replayed.broken.is_none() => {
            problems.extend(ledger::record_problems(record, &request))
        }
        Some(_) => {}
        None => problems.push("its record is missing".into()),
    }
    let mut authors = Vec::new();
    if sealed {
        match seals(svc, &request, &events[..replayed.holding]).await? {
            Ok(a) => authors = a,
            Err(mut p) => problems.append(&mut p),
        }
    }
    if !problems.is_empty() {
        return Err(tampered(problems));
    }
    Ok(Verified {
        request,
        events,
        authors,
    })
}

/// What a request that does not hold together still proves, event by event, about its grant: the
/// earliest event recording a grant (started, scheduled or confirmed) whose own seal holds and
/// was made by whoever carries out grants (the executor, or an approver in direct mode). Each
/// such event is genuine on its own — a forged event before it does not change what it says —
/// and it proves elevate created the assignment unless it says the access existed before.
/// Returns when that grant began and whether it was over pre-existing access.
pub async fn grant_evidence(svc: &Services, events: &[Event]) -> Result<Option<(Timestamp, bool)>> {
    Ok(genuine_grant(svc, events)
        .await?
        .map(|(_, at, prior)| (at, prior)))
}

/// The request as a genuine grant vouches for it, when the trusted run of its events does not
/// even reach its first event (its requester's seal was removed or spoiled): a grant's seal
/// covers its hash, which chains to every event before it, so when those events replay up to it
/// their content is what its author (who verified them) sealed. Without this, spoiling one's own
/// first seal would make one's request "not genuine", and its access nobody's to end.
pub async fn vouched_state(svc: &Services, events: &[Event]) -> Result<Option<Request>> {
    let Some((i, _, _)) = genuine_grant(svc, events).await? else {
        return Ok(None);
    };
    if ledger::replay(events).holding <= i {
        return Ok(None);
    }
    Ok(ledger::states(&events[..=i]).pop())
}

/// [`grant_evidence`], with the event's index.
async fn genuine_grant(
    svc: &Services,
    events: &[Event],
) -> Result<Option<(usize, Timestamp, bool)>> {
    use crate::domain::EventKind;
    use crate::domain::ledger::SealKind;
    let Some(ledger_name) = svc.sealer.ledger() else {
        return Ok(None);
    };
    for (i, ev) in events.iter().enumerate() {
        let Some(seal) = &ev.seal else { continue };
        let grant_kind = matches!(
            ev.kind,
            EventKind::GrantStarted | EventKind::GrantScheduled | EventKind::Granted
        );
        if !grant_kind
            || !matches!(seal.kind, SealKind::Execute | SealKind::Grant)
            || ledger::event_hash(ev) != ev.hash
            || ledger::seal_author(ev, seal.kind).is_err()
        {
            continue;
        }
        let context = ledger::event_seal_context(
            ledger_name,
            ev,
            seal.kind,
            ev.actor_id.as_deref().unwrap_or_default(),
        );
        let genuine = match svc.sealer.verify(&context, &ev.hash, &seal.blob).await {
            Ok(g) => g,
            Err(e) if e.kind == super::ports::ServiceErrorKind::Invalid => false,
            Err(e) => return Err(e.into()),
        };
        if !genuine {
            continue;
        }
        let prior = match &ev.action {
            Some(
                crate::domain::Action::BeginGrant { prior_access }
                | crate::domain::Action::ScheduleGrant { prior_access },
            ) => *prior_access,
            _ => false,
        };
        return Ok(Some((i, ev.at, prior)));
    }
    Ok(None)
}

/// The request as far as its events can be trusted: rebuilt from the longest run of events
/// from the first that replays and, on a sealed ledger, whose seals hold. `None` when not even
/// the first event does. What a request that does not hold together is still trusted for.
pub async fn trusted_state(
    svc: &Services,
    id: &RequestId,
    events: &[Event],
) -> Result<Option<Request>> {
    let replayed = ledger::replay(events);
    let states = ledger::states(&events[..replayed.holding]);
    let Some(last) = states.last() else {
        return Ok(None);
    };
    if last.id != *id {
        return Ok(None);
    }
    if svc.sealer.ledger().is_none() {
        return Ok(states.into_iter().last());
    }
    // The longest prefix whose every seal holds: each event checked against the request as it
    // stood, one at a time (a forged event ends the trusted run there).
    let mut trusted = None;
    for (i, state) in states.iter().enumerate() {
        match seals(svc, state, &events[i..=i]).await? {
            Ok(_) => trusted = Some(state.clone()),
            Err(_) => break,
        }
    }
    Ok(trusted)
}

/// Checks every event's seal: present, of a kind the event may carry, naming the author the
/// event shows, made by someone who may do what the event did, and genuine (KMS decrypts it
/// with the context rebuilt from the event). `Err(problems)` when any is not; an outer error
/// only when KMS cannot be asked, which refuses (fails closed).
async fn seals(
    svc: &Services,
    request: &Request,
    events: &[Event],
) -> Result<std::result::Result<Vec<Author>, Vec<String>>> {
    let Some(ledger_name) = svc.sealer.ledger() else {
        return Ok(Ok(Vec::new()));
    };
    let mut problems = Vec::new();
    let mut authors = Vec::new();
    let mut checks = Vec::new();
    for ev in events {
        let Some(seal) = &ev.seal else {
            problems.push(format!(
                "event {} ({}) is not sealed",
                ev.seq,
                ev.kind.as_str()
            ));
            continue;
        };
        let author = match ledger::seal_author(ev, seal.kind) {
            Ok(a) => a,
            Err(p) => {
                problems.push(p);
                continue;
            }
        };
        let standing = standing(svc, request, &author).await?;
        let verb = Verb::of(ev.action.as_ref());
        if let Err(why) = authz::may(verb, standing, request.mode, svc.grant_mode) {
            problems.push(format!(
                "event {} ({}) was written by {}, who may not {}: {why}",
                ev.seq,
                ev.kind.as_str(),
                ev.actor,
                verb.as_str()
            ));
        }
        let context = ledger::event_seal_context(
            ledger_name,
            ev,
            seal.kind,
            ev.actor_id.as_deref().unwrap_or_default(),
        );
        checks.push((ev.seq, ev.kind, context, ev.hash.clone(), seal.blob.clone()));
        authors.push(author);
    }
    let results: Vec<_> = futures_util::stream::iter(checks)
        .map(|(seq, kind, context, hash, blob)| async move {
            (seq, kind, svc.sealer.verify(&context, &hash, &blob).await)
        })
        .buffered(CONCURRENCY)
        .collect()
        .await;
    for (seq, kind, result) in results {
        // A seal KMS will not even read (empty, too long, not a ciphertext) is not genuine: an
        // answer about the seal, not an outage. Only KMS being unreachable or refusing the caller
        // fails the check (closed).
        let genuine = match result {
            Ok(genuine) => genuine,
            Err(e) if e.kind == super::ports::ServiceErrorKind::Invalid => false,
            Err(e) => return Err(e.into()),
        };
        if !genuine {
            problems.push(format!(
                "event {seq} ({}) carries a seal that is not its own: forged, or moved from another event, request, ledger or author",
                kind.as_str()
            ));
        }
    }
    Ok(if problems.is_empty() {
        Ok(authors)
    } else {
        Err(problems)
    })
}

/// How a sealed author stands to the request: from what the seal proves and the request's own
/// parties. Membership of a receiving group is looked up (the only part a name cannot tell).
async fn standing(svc: &Services, request: &Request, author: &Author) -> Result<Standing> {
    Ok(match author {
        Author::Executor => Standing {
            executor: true,
            ..Standing::default()
        },
        Author::Admin => Standing::default(),
        Author::Delegate { arn } => Standing {
            requester: request.requester.user_name.is_none()
                && ledger::role_session(&request.requester.arn) == ledger::role_session(arn),
            ..Standing::default()
        },
        Author::Person { name, approver } => {
            let requester = request.requester.user_name.as_deref() == Some(name.as_str());
            let beneficiary =
                request.principal.kind == PrincipalKind::User && request.principal.name == *name;
            let member = request.principal.kind == PrincipalKind::Group
                && match svc.directory.find_user(name).await? {
                    Some(user) => user.in_group_id(&request.principal.id),
                    None => false,
                };
            Standing {
                requester,
                beneficiary,
                member,
                approver: *approver,
                executor: false,
            }
        }
    })
}
