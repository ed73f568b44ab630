//! `reconcile` over 10,000 overdue elevations (`BENCH_N` to change), each on its own assignment,
//! against the real SQLite ledger (fsync on every commit) and in-memory AWS ports that count
//! their calls: what elevate itself costs per revoke. Reports wall time, AWS calls, peak RSS and
//! CPU per revoke. Run: `cargo bench --bench reconcile`.
//!
//! `BENCH_MODE=quota` instead ends `BENCH_N` (default 1,000) overdue elevations through the real
//! Identity Center adapter (`aws::access`, with its pacing) against a fake sso-admin endpoint on
//! loopback that enforces the API's quotas as a service would: a token bucket of 20 requests a
//! second (20 of burst), and a throttle for any write beyond 10 assignment operations still in
//! progress (each takes 300 ms to provision). Reports the wall time against the quota floor
//! (the calls made at 20 a second), and the throttles the fake answered and that surfaced after
//! the SDK's retries.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use async_trait::async_trait;
use jiff::{SignedDuration, Timestamp};

use elevate::domain::policy::Mode;
use elevate::domain::request::{NewRequest, Requester, Stamp};
use elevate::domain::schedule::{Planned, ScheduledAction};
use elevate::domain::{
    Account, Action, Assignment, GroupIdentity, OrgTree, PermissionSet, Policy, Principal,
    PrincipalKind, Request, RequestId, UserIdentity,
};
use elevate::store::Store;
use elevate::store::sqlite::SqliteStore;
use elevate::workflow::ports::*;
use elevate::workflow::reconcile::reconcile;
use elevate::workflow::{Services, Tuning};

#[derive(Default)]
struct Calls(
    AtomicUsize,
    std::sync::Mutex<std::collections::BTreeMap<&'static str, usize>>,
);
impl Calls {
    fn tick(&self, what: &'static str) {
        self.0.fetch_add(1, Ordering::Relaxed);
        *self.1.lock().unwrap().entry(what).or_default() += 1;
    }
}

struct Aws(Arc<Calls>);

#[async_trait]
impl Directory for Aws {
    async fn caller(&self) -> ServiceResult<CallerInfo> {
        unreachable!()
    }
    async fn identity_account(&self) -> ServiceResult<String> {
        unreachable!()
    }
    fn allows_iam_users(&self) -> bool {
        unreachable!()
    }
    async fn find_user(&self, _: &str) -> ServiceResult<Option<UserIdentity>> {
        unreachable!()
    }
    async fn find_group(&self, _: &str) -> ServiceResult<Option<GroupIdentity>> {
        unreachable!()
    }
    async fn groups_of(&self, _: &str) -> ServiceResult<Vec<GroupIdentity>> {
        unreachable!()
    }
}

#[async_trait]
impl AccessControl for Aws {
    async fn instance_arn(&self) -> ServiceResult<String> {
        Ok("arn:aws:sso:::instance/ssoins-bench".into())
    }
    async fn permission_set(&self, _: &str) -> ServiceResult<Option<PermissionSet>> {
        unreachable!()
    }
    async fn permission_sets(&self) -> ServiceResult<Vec<PermissionSet>> {
        unreachable!()
    }
    async fn has_assignment(&self, _: &Assignment) -> ServiceResult<bool> {
        self.0.tick("ListAccountAssignments");
        Ok(false)
    }
    async fn assignments_of(&self, _: &str) -> ServiceResult<Vec<Assignment>> {
        unreachable!()
    }
    async fn create_assignment(&self, _: &Assignment) -> ServiceResult<Provisioning> {
        unreachable!()
    }
    async fn delete_assignment(&self, _: &Assignment) -> ServiceResult<Provisioning> {
        // DeleteAccountAssignment answering SUCCEEDED at once: one call.
        self.0.tick("DeleteAccountAssignment");
        Ok(Provisioning::Succeeded)
    }
}

#[async_trait]
impl Organization for Aws {
    async fn management_account(&self) -> ServiceResult<Option<String>> {
        unreachable!()
    }
    async fn account(&self, _: &str) -> ServiceResult<Option<Account>> {
        unreachable!()
    }
    async fn tree(&self) -> ServiceResult<OrgTree> {
        unreachable!()
    }
}

#[async_trait]
impl Scheduler for Aws {
    fn enabled(&self) -> bool {
        true
    }
    async fn planned(&self, _: &Assignment) -> ServiceResult<Vec<Planned>> {
        // Each overdue elevation still has the revocation schedule its grant made (it has not
        // fired: EventBridge was late, or the role was missing).
        self.0.tick("ListSchedules");
        Ok(vec![Planned::new(
            ScheduledAction::Revoke,
            "2026-06-01T11:00:00Z".parse().unwrap(),
        )])
    }
    async fn add(&self, _: &Assignment, _: &Planned) -> ServiceResult<()> {
        self.0.tick("CreateSchedule");
        Ok(())
    }
    async fn remove(&self, _: &Assignment, _: &Planned) -> ServiceResult<()> {
        self.0.tick("DeleteSchedule");
        Ok(())
    }
    async fn all(&self) -> ServiceResult<Vec<String>> {
        // One page of ListSchedules: the revocations just removed are gone.
        self.0.tick("ListSchedules");
        Ok(Vec::new())
    }
    async fn remove_named(&self, _: &str) -> ServiceResult<()> {
        self.0.tick("DeleteSchedule");
        Ok(())
    }
    async fn assignment_of(&self, _: &str) -> ServiceResult<Option<Assignment>> {
        self.0.tick("GetSchedule");
        Ok(None)
    }
}

struct Clock(Timestamp);
impl elevate::workflow::ports::Clock for Clock {
    fn now(&self) -> Timestamp {
        self.0
    }
}

/// An active elevation that ended an hour before `now`, on an assignment of its own.
fn overdue(n: u64, now: Timestamp) -> Vec<(Request, elevate::domain::Event)> {
    let start = now - SignedDuration::from_hours(3);
    let (req, created) = Request::create(
        NewRequest {
            id: RequestId::from_entropy(n.wrapping_mul(0x9E37_79B9_7F4A_7C15)),
            requester: Requester {
                arn: format!(
                    "arn:aws:sts::1:assumed-role/AWSReservedSSO_A_0123456789abcdef/user{n}"
                ),
                user_id: Some(format!("u-{n}")),
                user_name: Some(format!("user{n}")),
            },
            principal: Principal {
                kind: PrincipalKind::User,
                id: format!("u-{n}"),
                name: format!("user{n}"),
            },
            instance_arn: "arn:aws:sso:::instance/ssoins-bench".into(),
            account_id: format!("{:012}", 100_000_000_000u64 + n % 5000),
            permission_set: PermissionSet {
                arn: "arn:aws:sso:::permissionSet/ssoins-bench/ps-1".into(),
                name: "Admin".into(),
                session_duration: None,
            },
            duration: SignedDuration::from_hours(2),
            reason: "benchmark".into(),
            ticket: None,
            rules: vec!["r".into()],
            policy_version: "v".into(),
            mode: Mode::Auto,
            requirements: vec![],
            approvers: vec![],
            start_at: None,
        },
        &Stamp {
            actor: "",
            actor_id: None,
            at: start,
            comment: None,
            policy_version: None,
        },
    );
    let stamp = Stamp {
        actor: "bench",
        actor_id: None,
        at: start,
        comment: None,
        policy_version: None,
    };
    let (approved, e1) = req.apply(Action::PolicyApprove, &stamp).unwrap();
    let (started, e2) = approved
        .apply(
            Action::BeginGrant {
                prior_access: false,
            },
            &stamp,
        )
        .unwrap();
    let (active, e3) = started.apply(Action::Granted, &stamp).unwrap();
    vec![(req, created), (approved, e1), (started, e2), (active, e3)]
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn cpu_seconds() -> f64 {
    // utime + stime from /proc/self/stat, in clock ticks (100 Hz on Linux).
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

fn main() {
    if std::env::var("BENCH_MODE").as_deref() == Ok("quota") {
        return quota::run();
    }
    let n: u64 = std::env::var("BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let now: Timestamp = "2026-06-01T12:00:00Z".parse().unwrap();
    let store = Arc::new(SqliteStore::open(&dir.path().join("ledger.db")).unwrap());

    let seeding = Instant::now();
    runtime.block_on(async {
        for i in 0..n {
            let mut steps = overdue(i, now).into_iter();
            let (first, created) = steps.next().unwrap();
            store.create(&first, &created).await.unwrap();
            for (r, e) in steps {
                store.update(&r, &e).await.unwrap();
            }
        }
    });
    let seeded_in = seeding.elapsed();
    let rss_after_seeding = peak_rss_mb();

    let calls = Arc::new(Calls::default());
    let aws = Arc::new(Aws(calls.clone()));
    let svc = Services {
        directory: aws.clone(),
        access: aws.clone(),
        org: aws.clone(),
        scheduler: aws.clone(),
        notifier: Arc::new(Silent),
        store: store.clone(),
        sealer: Arc::new(elevate::workflow::ports::Unsealed),
        clock: Arc::new(Clock(now)),
        ids: Arc::new(System),
        tuning: Tuning::default(),
        grant_mode: elevate::domain::authz::GrantMode::Brokered,
    };
    let policy = Policy::parse("", "empty").unwrap();
    let cpu_before = cpu_seconds();
    let start = Instant::now();
    let report = runtime
        .block_on(reconcile(
            &svc,
            &policy,
            &elevate::workflow::reconcile::Runner::of(&elevate::domain::Actor {
                arn: "arn:aws:sts::1:assumed-role/elevate-executor/bench".into(),
                id: "AROAEXECUTOR:bench".into(),
                account: "1".into(),
                user: None,
            }),
            elevate::workflow::reconcile::Options {
                dry_run: false,
                quick: false,
            },
        ))
        .unwrap();
    let took = start.elapsed();
    let cpu = cpu_seconds() - cpu_before;
    let ended = report
        .items
        .iter()
        .filter(|i| i.step == "end" && !i.attention)
        .count();
    assert_eq!(
        ended as u64,
        n,
        "{:?}",
        report.items.iter().find(|i| i.attention)
    );
    let aws_calls = calls.0.load(Ordering::Relaxed);

    println!("| measurement | value |");
    println!("|---|---|");
    println!(
        "| seeding {n} overdue elevations (4 ledger commits each) | {:.1} s |",
        seeded_in.as_secs_f64()
    );
    println!(
        "| `reconcile`, {n} elevations ended | {:.2} s wall ({:.2} ms each) |",
        took.as_secs_f64(),
        took.as_secs_f64() * 1e3 / n as f64
    );
    let by: Vec<String> = calls
        .1
        .lock()
        .unwrap()
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    println!(
        "| AWS calls | {aws_calls} ({:.1} per revoke: {}) |",
        aws_calls as f64 / n as f64,
        by.join(", ")
    );
    println!(
        "| CPU | {:.2} s ({:.0} µs per revoke) |",
        cpu,
        cpu * 1e6 / n as f64
    );
    println!(
        "| peak RSS | {:.1} MB after seeding, {:.1} MB after reconcile |",
        rss_after_seeding,
        peak_rss_mb()
    );
    println!(
        "{{\"bench\":\"reconcile\",\"elevations\":{n},\"wall_s\":{:.3},\"aws_calls\":{aws_calls},\"cpu_s\":{cpu:.3},\"peak_rss_mb\":{:.1}}}",
        took.as_secs_f64(),
        peak_rss_mb()
    );
}

/// Ending overdue elevations within Identity Center's quotas (`BENCH_MODE=quota`).
mod quota {
    use std::collections::{HashMap, HashSet};
    use std::net::SocketAddr;
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};

    use bytes::Bytes;
    use http_body_util::{BodyExt, Full};
    use hyper_util::rt::TokioIo;
    use serde_json::{Value, json};

    use elevate::aws::InstanceRef;
    use elevate::aws::access::AwsAccess;
    use elevate::aws::pacing::{Pacer, Pacing};

    const RATE: f64 = 20.0;
    const WRITES: usize = 10;
    const PROVISIONING: Duration = Duration::from_millis(300);

    /// What the fake Identity Center saw.
    #[derive(Default)]
    struct Quota {
        tokens: f64,
        refilled: Option<Instant>,
        /// Writes still provisioning: when each finishes, by request id.
        in_progress: HashMap<String, Instant>,
        /// (account, principal) pairs still assigned.
        assigned: HashSet<(String, String)>,
        calls: usize,
        throttled: usize,
        peak_writes: usize,
        next_id: u64,
    }

    impl Quota {
        fn take_token(&mut self, now: Instant) -> bool {
            let since = self.refilled.map_or(Duration::ZERO, |t| now - t);
            self.tokens = (self.tokens + since.as_secs_f64() * RATE).min(RATE);
            self.refilled = Some(now);
            if self.tokens >= 1.0 {
                self.tokens -= 1.0;
                true
            } else {
                false
            }
        }
    }

    fn answer(status: u16, body: Value, error: Option<&str>) -> hyper::Response<Full<Bytes>> {
        let mut b = hyper::Response::builder()
            .status(status)
            .header("content-type", "application/x-amz-json-1.1");
        if let Some(e) = error {
            b = b.header("x-amzn-errortype", e);
        }
        b.body(Full::new(Bytes::from(body.to_string()))).unwrap()
    }

    fn handle(state: &Mutex<Quota>, op: &str, body: &Value) -> hyper::Response<Full<Bytes>> {
        let now = Instant::now();
        let mut q = state.lock().unwrap();
        q.calls += 1;
        q.in_progress.retain(|_, done| *done > now);
        let throttled = || {
            answer(
                400,
                json!({"__type": "ThrottlingException", "message": "Rate exceeded"}),
                Some("ThrottlingException"),
            )
        };
        if !q.take_token(now) {
            q.throttled += 1;
            return throttled();
        }
        match op {
            "ListAccountAssignments" => {
                let account = body["AccountId"].as_str().unwrap_or_default();
                let ps = body["PermissionSetArn"].as_str().unwrap_or_default();
                let list: Vec<Value> = q
                    .assigned
                    .iter()
                    .filter(|(a, _)| a == account)
                    .map(|(a, p)| {
                        json!({"AccountId": a, "PermissionSetArn": ps,
                               "PrincipalType": "USER", "PrincipalId": p})
                    })
                    .collect();
                answer(200, json!({"AccountAssignments": list}), None)
            }
            "DeleteAccountAssignment" => {
                if q.in_progress.len() >= WRITES {
                    q.throttled += 1;
                    return throttled();
                }
                q.next_id += 1;
                let id = format!("00000000-0000-4000-8000-{:012}", q.next_id);
                q.in_progress.insert(id.clone(), now + PROVISIONING);
                q.peak_writes = q.peak_writes.max(q.in_progress.len());
                let key = (
                    body["TargetId"].as_str().unwrap_or_default().to_string(),
                    body["PrincipalId"].as_str().unwrap_or_default().to_string(),
                );
                q.assigned.remove(&key);
                answer(
                    200,
                    json!({"AccountAssignmentDeletionStatus": {"Status": "IN_PROGRESS", "RequestId": id}}),
                    None,
                )
            }
            "DescribeAccountAssignmentDeletionStatus" => {
                let id = body["AccountAssignmentDeletionRequestId"]
                    .as_str()
                    .unwrap_or_default();
                let status = if q.in_progress.contains_key(id) {
                    "IN_PROGRESS"
                } else {
                    "SUCCEEDED"
                };
                answer(
                    200,
                    json!({"AccountAssignmentDeletionStatus": {"Status": status, "RequestId": id}}),
                    None,
                )
            }
            other => answer(
                400,
                json!({"__type": "ValidationException", "message": format!("the fake does not serve {other}")}),
                Some("ValidationException"),
            ),
        }
    }

    /// The fake sso-admin endpoint on loopback: its URL.
    fn serve(runtime: &tokio::runtime::Runtime, state: Arc<Mutex<Quota>>) -> String {
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let addr: SocketAddr = listener.local_addr().unwrap();
        runtime.spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let _ = stream.set_nodelay(true);
                let state = state.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(
                        move |req: hyper::Request<hyper::body::Incoming>| {
                            let state = state.clone();
                            async move {
                                let op = req
                                    .headers()
                                    .get("x-amz-target")
                                    .and_then(|v| v.to_str().ok())
                                    .and_then(|t| t.rsplit('.').next())
                                    .unwrap_or_default()
                                    .to_string();
                                let body = req.into_body().collect().await?.to_bytes();
                                let body: Value =
                                    serde_json::from_slice(&body).unwrap_or(Value::Null);
                                Ok::<_, hyper::Error>(handle(&state, &op, &body))
                            }
                        },
                    );
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        format!("http://{addr}")
    }

    pub fn run() {
        let n: u64 = std::env::var("BENCH_N")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1_000);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let now: jiff::Timestamp = "2026-06-01T12:00:00Z".parse().unwrap();
        let store = Arc::new(
            elevate::store::sqlite::SqliteStore::open(&dir.path().join("ledger.db")).unwrap(),
        );
        let state = Arc::new(Mutex::new(Quota {
            tokens: RATE,
            ..Quota::default()
        }));
        runtime.block_on(async {
            use elevate::store::Store;
            for i in 0..n {
                let mut steps = super::overdue(i, now).into_iter();
                let (first, created) = steps.next().unwrap();
                state
                    .lock()
                    .unwrap()
                    .assigned
                    .insert((first.account_id.clone(), first.principal.id.clone()));
                store.create(&first, &created).await.unwrap();
                for (r, e) in steps {
                    store.update(&r, &e).await.unwrap();
                }
            }
        });
        let url = serve(&runtime, state.clone());
        let client = aws_sdk_ssoadmin::Client::from_conf(
            aws_sdk_ssoadmin::Config::builder()
                .behavior_version(aws_sdk_ssoadmin::config::BehaviorVersion::latest())
                .region(aws_sdk_ssoadmin::config::Region::new("us-east-1"))
                .endpoint_url(&url)
                .credentials_provider(aws_credential_types::Credentials::new(
                    "AKIDBENCH",
                    "secret",
                    None,
                    None,
                    "bench",
                ))
                .build(),
        );
        let pacer = Arc::new(Pacer::new(Pacing::default()));
        let access = Arc::new(AwsAccess {
            instance: Arc::new(InstanceRef::new(
                client.clone(),
                Some("arn:aws:sso:::instance/ssoins-bench".into()),
                Some("d-bench".into()),
            )),
            client,
            polling: elevate::aws::Polling::default(),
            pacer: pacer.clone(),
        });
        let calls = Arc::new(super::Calls::default());
        let others = Arc::new(super::Aws(calls.clone()));
        let svc = elevate::workflow::Services {
            directory: others.clone(),
            access,
            org: others.clone(),
            scheduler: others.clone(),
            notifier: Arc::new(elevate::workflow::ports::Silent),
            store,
            sealer: Arc::new(elevate::workflow::ports::Unsealed),
            clock: Arc::new(super::Clock(now)),
            ids: Arc::new(elevate::workflow::ports::System),
            tuning: elevate::workflow::Tuning::default(),
            grant_mode: elevate::domain::authz::GrantMode::Brokered,
        };
        let policy = elevate::domain::Policy::parse("", "empty").unwrap();
        let start = Instant::now();
        let report = runtime
            .block_on(elevate::workflow::reconcile::reconcile(
                &svc,
                &policy,
                &elevate::workflow::reconcile::Runner::of(&elevate::domain::Actor {
                    arn: "arn:aws:sts::1:assumed-role/elevate-executor/bench".into(),
                    id: "AROAEXECUTOR:bench".into(),
                    account: "1".into(),
                    user: None,
                }),
                elevate::workflow::reconcile::Options {
                    dry_run: false,
                    quick: false,
                },
            ))
            .unwrap();
        let took = start.elapsed().as_secs_f64();
        let ended = report
            .items
            .iter()
            .filter(|i| i.step == "end" && !i.attention)
            .count();
        assert_eq!(
            ended as u64,
            n,
            "{:?}",
            report.items.iter().find(|i| i.attention)
        );
        let q = state.lock().unwrap();
        assert!(
            q.assigned.is_empty(),
            "{} assignments left",
            q.assigned.len()
        );
        let floor = q.calls as f64 / RATE;
        println!("| measurement | value |");
        println!("|---|---|");
        println!(
            "| executor pass ending {n} overdue elevations under Identity Center's quotas | {took:.1} s wall |"
        );
        println!(
            "| quota floor ({} sso-admin calls at {RATE} a second) | {floor:.1} s (wall = {:.3}× the floor) |",
            q.calls,
            took / floor
        );
        println!(
            "| throttles answered by the fake / surfaced after retries | {} / {} |",
            q.throttled,
            pacer.throttles()
        );
        println!(
            "| assignment operations in progress at once (peak) | {} (quota {WRITES}) |",
            q.peak_writes
        );
        println!(
            "{{\"bench\":\"quota\",\"elevations\":{n},\"wall_s\":{took:.3},\"floor_s\":{floor:.3},\"ratio\":{:.4},\"calls\":{},\"throttled\":{},\"surfaced\":{},\"peak_writes\":{}}}",
            took / floor,
            q.calls,
            q.throttled,
            pacer.throttles(),
            q.peak_writes
        );
    }
}
