//! `reconcile` over 10,000 overdue elevations (`BENCH_N` to change), each on its own assignment,
//! against the real SQLite ledger (fsync on every commit) and in-memory AWS ports that count
//! their calls: what elevate itself costs per revoke. Reports wall time, AWS calls, peak RSS and
//! CPU per revoke. Run: `cargo bench --bench reconcile`.

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
