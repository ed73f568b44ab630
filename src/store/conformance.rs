//! Behaviour every `Store` backend must have. Each backend's tests call these with a factory that
//! opens a fresh store, and a second one that opens another connection to the same store.

use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};

use super::{Cursor, Party, PolicyVersion, Query, Store, StoreError};
use crate::domain::request::{NewRequest, Requester, Stamp};
use crate::domain::{Action, PermissionSet, Principal, PrincipalKind, Request, RequestId, Status};

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

pub(crate) fn new_request(
    n: u64,
    account: &str,
    user: &str,
    created: &str,
) -> (Request, crate::domain::Event) {
    Request::create(
        NewRequest {
            id: RequestId::from_entropy(n * 104_729),
            requester: Requester {
                arn: format!(
                    "arn:aws:sts::1:assumed-role/AWSReservedSSO_A_0123456789abcdef/{user}"
                ),
                user_id: Some(format!("u-{user}")),
                user_name: Some(user.into()),
            },
            principal: Principal {
                kind: PrincipalKind::User,
                id: format!("u-{user}"),
                name: user.into(),
            },
            instance_arn: "arn:aws:sso:::instance/ssoins-1".into(),
            account_id: account.into(),
            permission_set: PermissionSet {
                arn: "arn:aws:sso:::permissionSet/ssoins-1/ps-1".into(),
                name: "Admin".into(),
                session_duration: None,
            },
            duration: SignedDuration::from_hours(1),
            reason: "conformance".into(),
            ticket: None,
            rules: vec!["r".into()],
            policy_version: "v".into(),
            mode: crate::domain::Mode::Required,
            requirements: vec![crate::domain::Requirement {
                rule: "r".into(),
                approvers: vec!["group:Approvers".parse().unwrap()],
                count: 1,
            }],
            approvers: vec!["group:Approvers".parse().unwrap()],
            start_at: None,
        },
        &Stamp {
            actor: "",
            actor_id: None,
            at: at(created),
            comment: None,
            policy_version: None,
        },
    )
}

pub(crate) fn approve(r: &Request, who: &str) -> (Request, crate::domain::Event) {
    r.apply(
        Action::Approve {
            by: format!("user:{who}"),
            user_id: format!("u-{who}"),
            counts_for: vec!["r".into()],
        },
        &Stamp {
            actor: who,
            actor_id: None,
            at: at("2026-01-01T12:00:00Z"),
            comment: None,
            policy_version: None,
        },
    )
    .unwrap()
}

pub async fn round_trip_and_duplicate_ids(store: &dyn Store) {
    let (r, e) = new_request(1, "111111111111", "alice", "2026-01-01T10:00:00Z");
    store.create(&r, &e).await.unwrap();
    assert_eq!(store.get(&r.id).await.unwrap(), Some(r.clone()));
    assert_eq!(store.events(&r.id).await.unwrap(), vec![e.clone()]);
    // The same write again (a replay after a lost answer) is done already; another request
    // with the id is refused.
    store.create(&r, &e).await.unwrap();
    let (other, other_created) = new_request(1, "111111111111", "dave", "2026-01-01T10:00:05Z");
    assert_eq!(other.id, r.id);
    assert!(matches!(
        store.create(&other, &other_created).await,
        Err(StoreError::Conflict)
    ));
    assert_eq!(store.get(&r.id).await.unwrap(), Some(r.clone()));
    assert_eq!(store.events(&r.id).await.unwrap(), vec![e.clone()]);
    let missing = RequestId::from_entropy(999);
    assert_eq!(store.get(&missing).await.unwrap(), None);
    assert!(store.events(&missing).await.unwrap().is_empty());

    // Notifications not sent: kept per event and channel, apart from the events.
    use crate::domain::notify::{SendFailure, Topic, Undelivered};
    let failed = |seq: u64, channel: &str, error: &str| Undelivered {
        request_id: r.id.clone(),
        event_seq: seq,
        event: Topic::Requested,
        at: at("2026-01-01T10:00:01Z"),
        failure: SendFailure {
            channel: channel.into(),
            error: error.into(),
        },
    };
    store
        .record_undelivered(&failed(1, "slack", "timed out"))
        .await
        .unwrap();
    store
        .record_undelivered(&failed(1, "sns", "AuthorizationError"))
        .await
        .unwrap();
    store
        .record_undelivered(&failed(1, "slack", "timed out again"))
        .await
        .unwrap();
    assert_eq!(
        store.undelivered(&r.id).await.unwrap(),
        [
            failed(1, "slack", "timed out again"),
            failed(1, "sns", "AuthorizationError")
        ]
    );
    assert_eq!(store.events(&r.id).await.unwrap(), vec![e.clone()]);
    assert!(store.undelivered(&missing).await.unwrap().is_empty());
}

pub async fn stale_writes_change_nothing(store: &dyn Store) {
    let (r, e) = new_request(2, "111111111111", "alice", "2026-01-01T10:00:00Z");
    store.create(&r, &e).await.unwrap();
    let (bob, bob_event) = approve(&r, "bob");
    store.update(&bob, &bob_event).await.unwrap();
    // Bob's write replayed (its answer was lost, the SDK sent it again): done, once.
    store.update(&bob, &bob_event).await.unwrap();
    // Carol read the same version as bob: her write is refused, and leaves no trace.
    let (carol, carol_event) = approve(&r, "carol");
    assert!(matches!(
        store.update(&carol, &carol_event).await,
        Err(StoreError::Conflict)
    ));
    assert_eq!(store.get(&r.id).await.unwrap(), Some(bob));
    let events = store.events(&r.id).await.unwrap();
    assert_eq!(events, vec![e, bob_event]);
}

pub async fn lists_filter_and_order(store: &dyn Store) {
    let (a, ea) = new_request(3, "111111111111", "alice", "2026-01-01T10:00:00Z");
    let (b, eb) = new_request(4, "222222222222", "bob", "2026-01-01T11:00:00Z");
    let (c, ec) = new_request(5, "111111111111", "bob", "2026-01-01T12:00:00Z");
    for (r, e) in [(&a, &ea), (&b, &eb), (&c, &ec)] {
        store.create(r, e).await.unwrap();
    }
    let (c2, ec2) = approve(&c, "carol");
    store.update(&c2, &ec2).await.unwrap();
    let ids = |v: Vec<Request>| v.into_iter().map(|r| r.id).collect::<Vec<_>>();

    let all = store.list(&Query::default()).await.unwrap();
    assert_eq!(
        ids(all),
        [c.id.clone(), b.id.clone(), a.id.clone()],
        "newest first"
    );
    let pending = store
        .list(&Query {
            statuses: vec![Status::Pending],
            ..Query::default()
        })
        .await
        .unwrap();
    assert_eq!(ids(pending), [b.id.clone(), a.id.clone()]);
    let in_account = store
        .list(&Query {
            account_id: Some("111111111111".into()),
            ..Query::default()
        })
        .await
        .unwrap();
    assert_eq!(ids(in_account), [c.id.clone(), a.id.clone()]);
    let bobs = store
        .list(&Query {
            party: Some(Party {
                arn: "arn:unrelated".into(),
                user_id: Some("u-bob".into()),
            }),
            ..Query::default()
        })
        .await
        .unwrap();
    assert_eq!(ids(bobs), [c.id.clone(), b.id.clone()]);
    let same_tuple = store
        .list(&Query {
            assignment_key: Some(a.assignment().key()),
            ..Query::default()
        })
        .await
        .unwrap();
    assert_eq!(ids(same_tuple), std::slice::from_ref(&a.id));
    // Only granted requests have an end: c (approved, not granted) has none.
    let ending = store
        .list(&Query {
            end_after: Some(at("2000-01-01T00:00:00Z")),
            ..Query::default()
        })
        .await
        .unwrap();
    assert!(ending.is_empty(), "{ending:?}");
    let one = store
        .list(&Query {
            limit: Some(1),
            ..Query::default()
        })
        .await
        .unwrap();
    assert_eq!(ids(one), std::slice::from_ref(&c.id));
    // Paging by cursor walks the same order, one page at a time, whatever changes on the way.
    let mut walked = Vec::new();
    let mut after = None;
    loop {
        let page = store
            .list(&Query {
                after: after.clone(),
                limit: Some(2),
                ..Query::default()
            })
            .await
            .unwrap();
        let Some(last) = page.last() else { break };
        after = Some(Cursor::of(last));
        walked.extend(ids(page));
    }
    assert_eq!(walked, [c.id.clone(), b.id.clone(), a.id.clone()]);
    // Two requests created in the same millisecond are ordered by id, and both are reached.
    let (d, ed) = new_request(6, "111111111111", "dave", "2026-01-01T12:00:00Z");
    store.create(&d, &ed).await.unwrap();
    let first = store
        .list(&Query {
            limit: Some(1),
            ..Query::default()
        })
        .await
        .unwrap();
    let rest = store
        .list(&Query {
            after: Some(Cursor::of(&first[0])),
            ..Query::default()
        })
        .await
        .unwrap();
    let mut same_ms = vec![first[0].id.clone(), rest[0].id.clone()];
    same_ms.sort();
    let mut expected = vec![c.id.clone(), d.id.clone()];
    expected.sort();
    assert_eq!(same_ms, expected);
    assert_eq!(rest.len(), 3);
}

pub async fn leases_exclude_until_released_or_expired(store: &dyn Store) {
    let now = at("2026-01-01T10:00:00Z");
    let ttl = SignedDuration::from_mins(10);
    assert_eq!(store.lease("k").await.unwrap(), None);
    assert!(store.try_lease("k", "one", now, ttl).await.unwrap());
    assert!(!store.try_lease("k", "two", now, ttl).await.unwrap());
    assert_eq!(
        store.lease("k").await.unwrap(),
        Some(("one".to_string(), now + ttl))
    );
    // The holder may renew; another key is independent.
    assert!(store.try_lease("k", "one", now, ttl).await.unwrap());
    assert!(store.try_lease("other", "two", now, ttl).await.unwrap());
    // Only the holder releases.
    store.release_lease("k", "two").await.unwrap();
    assert!(!store.try_lease("k", "two", now, ttl).await.unwrap());
    store.release_lease("k", "one").await.unwrap();
    assert_eq!(store.lease("k").await.unwrap(), None);
    assert!(store.try_lease("k", "two", now, ttl).await.unwrap());
    // A crashed holder's lease expires.
    let later = now + SignedDuration::from_mins(11);
    assert!(!store.try_lease("other", "three", now, ttl).await.unwrap());
    assert!(store.try_lease("other", "three", later, ttl).await.unwrap());
    // A lease taken by a process whose clock reads a little later excludes all the same
    // (it ends after this process's `now + ttl`, but it is genuine)...
    let ahead = later + SignedDuration::from_secs(2);
    assert!(store.try_lease("skewed", "four", ahead, ttl).await.unwrap());
    assert!(!store.try_lease("skewed", "five", later, ttl).await.unwrap());
    // ...and one that claims to last far longer than a lease does is void.
    let forever = later + SignedDuration::from_hours(24 * 365);
    assert!(
        store
            .try_lease("forged", "six", forever, ttl)
            .await
            .unwrap()
    );
    assert!(
        store
            .try_lease("forged", "seven", later, ttl)
            .await
            .unwrap()
    );
}

/// Many writers, each with its own connection, race to approve one request: one wins.
pub async fn concurrent_writers_have_one_winner(open: impl Fn() -> Arc<dyn Store>) {
    let store = open();
    let (r, e) = new_request(6, "111111111111", "alice", "2026-01-01T10:00:00Z");
    store.create(&r, &e).await.unwrap();
    let mut tasks = Vec::new();
    for i in 0..16 {
        let s = open();
        let r = r.clone();
        tasks.push(tokio::spawn(async move {
            let (next, ev) = approve(&r, &format!("approver{i}"));
            s.update(&next, &ev).await
        }));
    }
    let mut wins = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(()) => wins += 1,
            Err(StoreError::Conflict) => {}
            Err(other) => panic!("{other}"),
        }
    }
    assert_eq!(wins, 1);
    assert_eq!(store.events(&r.id).await.unwrap().len(), 2);
    assert_eq!(store.get(&r.id).await.unwrap().unwrap().version, 2);
}

pub async fn policy_versions_are_numbered_and_kept(store: &dyn Store) {
    assert_eq!(store.policy(None).await.unwrap(), None);
    let version = |n: u64, text: &str| PolicyVersion {
        number: n,
        hash: format!("h{n}"),
        text: text.into(),
        applied_by: "user:admin".into(),
        applied_at: at("2026-01-01T10:00:00Z"),
        actor_id: None,
        seal: None,
    };
    // Numbering starts at 1 and never skips or repeats.
    assert!(matches!(
        store.apply_policy(&version(2, "x")).await,
        Err(StoreError::Conflict)
    ));
    store.apply_policy(&version(1, "first")).await.unwrap();
    assert!(matches!(
        store.apply_policy(&version(1, "again")).await,
        Err(StoreError::Conflict)
    ));
    store.apply_policy(&version(2, "second")).await.unwrap();
    assert_eq!(store.policy(None).await.unwrap().unwrap().text, "second");
    assert_eq!(store.policy(Some(1)).await.unwrap().unwrap().text, "first");
    assert_eq!(store.policy(Some(9)).await.unwrap(), None);
    let history: Vec<u64> = store
        .policy_history()
        .await
        .map(|(ok, _)| ok)
        .unwrap()
        .iter()
        .map(|v| v.number)
        .collect();
    assert_eq!(history, [1, 2]);
}

/// An elevation granted at `granted` for an hour and ended at its end, written step by step.
async fn ended(store: &dyn Store, n: u64, granted: &str) -> Request {
    let (r, e) = new_request(n, "111111111111", "erin", "2026-01-01T08:00:00Z");
    store.create(&r, &e).await.unwrap();
    let stamp = |t: &str| Stamp {
        actor: "user:bob",
        actor_id: None,
        at: at(t),
        comment: None,
        policy_version: None,
    };
    let (mut r, e) = approve(&r, "bob");
    store.update(&r, &e).await.unwrap();
    for (action, t) in [
        (
            Action::BeginGrant {
                prior_access: false,
            },
            granted,
        ),
        (Action::Granted, granted),
        (Action::End, granted),
    ] {
        // An end is recorded at the end (ending early is revoking).
        let mut s = stamp(t);
        if let (Action::End, Some(end)) = (&action, r.end_at) {
            s.at = end;
        }
        let (next, e) = r.apply(action, &s).unwrap();
        store.update(&next, &e).await.unwrap();
        r = next;
    }
    r
}

/// A time-window query reads by end, latest first, and pages through it; what ended before the
/// window is never returned.
pub async fn time_windows_list_by_end(store: &dyn Store) {
    let old = ended(store, 20, "2026-01-01T09:00:00Z").await;
    let mid = ended(store, 21, "2026-01-02T09:00:00Z").await;
    let new = ended(store, 22, "2026-01-03T09:00:00Z").await;
    let mut walked = Vec::new();
    let mut after = None;
    loop {
        let page = store
            .list(&Query {
                statuses: vec![Status::Ended],
                end_after: Some(at("2026-01-02T00:00:00Z")),
                after: after.clone(),
                limit: Some(1),
                ..Query::default()
            })
            .await
            .unwrap();
        let Some(last) = page.last() else { break };
        after = Some(Cursor::of(last));
        walked.extend(page.into_iter().map(|r| r.id));
        assert!(walked.len() <= 2, "{walked:?}");
    }
    assert_eq!(walked, [new.id, mid.id]);
    assert_ne!(walked[0], old.id);
}
