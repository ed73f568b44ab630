//! Listing and reconcile planning over a large ledger, in both backends: 100,000 requests
//! (`BENCH_N`), of which 2% active, 1% pending, 0.5% approved and the rest ended. Measures
//! `list --active` (every active request) and a reconcile planning pass (every open request,
//! paged as `reconcile` pages, `due()` decided for each), with wall time and, for DynamoDB, the
//! calls made. DynamoDB runs against the local moto emulator (`.venv`, as the tests use it):
//! its times are the emulator's, its call counts are DynamoDB's. Run: `cargo bench --bench store`.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use jiff::{SignedDuration, Timestamp};

use elevate::domain::policy::Mode;
use elevate::domain::reconcile::due;
use elevate::domain::request::{NewRequest, Requester};
use elevate::domain::{PermissionSet, Principal, PrincipalKind, Request, RequestId, Status};
use elevate::store::dynamodb::DynamoStore;
use elevate::store::sqlite::SqliteStore;
use elevate::store::{Pages, Query, Store};

#[path = "../tests/support/emulator.rs"]
mod emulator;

fn request(n: u64, now: Timestamp) -> (Request, elevate::domain::Event) {
    let created = now - SignedDuration::from_secs(60 * (n as i64 % 100_000));
    let (mut r, e) = Request::create(
        NewRequest {
            id: RequestId::from_entropy(n.wrapping_mul(0x9E37_79B9_7F4A_7C15)),
            requester: Requester {
                arn: format!("arn:aws:sts::1:assumed-role/AWSReservedSSO_A_0123456789abcdef/u{n}"),
                user_id: Some(format!("u-{}", n % 3000)),
                user_name: Some(format!("user{}", n % 3000)),
            },
            principal: Principal {
                kind: PrincipalKind::User,
                id: format!("u-{}", n % 3000),
                name: format!("user{}", n % 3000),
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
            mode: Mode::Required,
            requirements: vec![],
            approvers: vec![],
            start_at: None,
        },
        &elevate::domain::request::Stamp {
            actor: "",
            actor_id: None,
            at: created,
            comment: None,
            policy_version: None,
        },
    );
    // The shape of a real ledger: mostly history.
    r.status = match n % 200 {
        0..=3 => Status::Active,
        4 | 5 => Status::Pending,
        6 => Status::Approved,
        _ => Status::Ended,
    };
    if matches!(r.status, Status::Active | Status::Ended) {
        r.granted_at = Some(created);
        r.end_at = Some(created + r.duration);
        r.prior_access = Some(false);
    }
    (r, e)
}

fn open_statuses() -> Vec<Status> {
    vec![
        Status::Pending,
        Status::Approved,
        Status::Active,
        Status::Failed,
    ]
}

async fn measure(name: &str, store: &dyn Store, now: Timestamp, calls: Option<&AtomicUsize>) {
    let count = || calls.map(|c| c.load(Ordering::Relaxed));
    let before = count();
    let start = Instant::now();
    let active = store
        .list(&Query {
            statuses: vec![Status::Active],
            ..Query::default()
        })
        .await
        .unwrap();
    let listed = start.elapsed();
    let list_calls = count().zip(before).map(|(a, b)| a - b);

    let before = count();
    let start = Instant::now();
    let mut pages = Pages::new(
        store,
        Query {
            statuses: open_statuses(),
            ..Query::default()
        },
        500,
    );
    let (mut open, mut due_now) = (0, 0);
    while let Some(page) = pages.next().await.unwrap() {
        open += page.len();
        due_now += page
            .iter()
            .filter(|r| due(r, now, SignedDuration::from_hours(24)).is_some())
            .count();
    }
    let planned = start.elapsed();
    let plan_calls = count().zip(before).map(|(a, b)| a - b);
    let calls = |c: Option<usize>| c.map_or("no AWS calls".to_string(), |c| format!("{c} calls"));
    println!(
        "| {name} | `list --active`: {} requests | {:.1} ms | {} |",
        active.len(),
        listed.as_secs_f64() * 1e3,
        calls(list_calls)
    );
    println!(
        "| {name} | reconcile planning: {open} open, {due_now} due | {:.1} ms | {} |",
        planned.as_secs_f64() * 1e3,
        calls(plan_calls)
    );
}

/// Counts the DynamoDB calls the store makes.
#[derive(Debug)]
struct Counter(Arc<AtomicUsize>);

impl aws_sdk_dynamodb::config::Intercept for Counter {
    fn name(&self) -> &'static str {
        "call counter"
    }
    fn read_before_execution(
        &self,
        _: &aws_sdk_dynamodb::config::interceptors::BeforeSerializationInterceptorContextRef<'_>,
        _: &mut aws_sdk_dynamodb::config::ConfigBag,
    ) -> Result<(), aws_sdk_dynamodb::error::BoxError> {
        self.0.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

fn main() {
    let n: u64 = std::env::var("BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let now: Timestamp = "2026-06-01T12:00:00Z".parse().unwrap();
    println!("| backend | measurement ({n} ledger entries) | time | calls |");
    println!("|---|---|---|---|");

    let dir = tempfile::tempdir().unwrap();
    let sqlite = SqliteStore::open(&dir.path().join("ledger.db")).unwrap();
    runtime.block_on(async {
        for i in 0..n {
            let (r, e) = request(i, now);
            sqlite.create(&r, &e).await.unwrap();
        }
        measure("sqlite", &sqlite, now, None).await;
    });

    let calls = Arc::new(AtomicUsize::new(0));
    let conf = aws_sdk_dynamodb::Config::builder()
        .behavior_version(aws_sdk_dynamodb::config::BehaviorVersion::latest())
        .region(aws_sdk_dynamodb::config::Region::new("us-east-1"))
        .endpoint_url(&emulator::emulator().endpoint)
        .credentials_provider(aws_sdk_dynamodb::config::Credentials::new(
            "ASIABENCH",
            "secret",
            Some("token".into()),
            None,
            "bench",
        ))
        .interceptor(Counter(calls.clone()))
        .build();
    let client = aws_sdk_dynamodb::Client::from_conf(conf);
    runtime.block_on(async {
        elevate::aws::setup::create_table(&client, "bench-ledger", None)
            .await
            .unwrap();
        let store = DynamoStore::new(client.clone(), "bench-ledger");
        // Seeded 25 items a call (only the request items: listing reads nothing else).
        let items: Vec<_> = (0..n)
            .map(|i| store.request_item(&request(i, now).0).unwrap())
            .collect();
        for chunk in items.chunks(25) {
            let writes = chunk
                .iter()
                .map(|item| {
                    aws_sdk_dynamodb::types::WriteRequest::builder()
                        .put_request(
                            aws_sdk_dynamodb::types::PutRequest::builder()
                                .set_item(Some(item.clone()))
                                .build()
                                .unwrap(),
                        )
                        .build()
                })
                .collect();
            client
                .batch_write_item()
                .request_items("bench-ledger", writes)
                .send()
                .await
                .unwrap();
        }
        measure("dynamodb (moto)", &store, now, Some(&calls)).await;
    });
}
