//! In-memory stand-ins for the AWS ports, scripted per test. The store is the real SQLite one.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use jiff::{SignedDuration, Timestamp};

use crate::domain::schedule::{self, Planned, ScheduledAction};
use crate::domain::{
    Account, Actor, Assignment, GroupIdentity, OrgTree, PermissionSet, Policy, RequestId,
    UserIdentity,
};
use crate::store::sqlite::SqliteStore;

use super::ports::*;
use super::{Services, Tuning};

#[derive(Default)]
pub struct FakeDirectory {
    pub caller: Mutex<Option<CallerInfo>>,
    pub users: Mutex<HashMap<String, UserIdentity>>,
    pub groups: Mutex<HashMap<String, GroupIdentity>>,
}

#[async_trait]
impl Directory for FakeDirectory {
    async fn caller(&self) -> ServiceResult<CallerInfo> {
        Ok(self.caller.lock().unwrap().clone().expect("caller set"))
    }
    async fn find_user(&self, name: &str) -> ServiceResult<Option<UserIdentity>> {
        Ok(self.users.lock().unwrap().get(name).cloned())
    }
    async fn find_group(&self, name: &str) -> ServiceResult<Option<GroupIdentity>> {
        Ok(self.groups.lock().unwrap().get(name).cloned())
    }
    async fn groups_of(&self, user_id: &str) -> ServiceResult<Vec<GroupIdentity>> {
        Ok(self
            .users
            .lock()
            .unwrap()
            .values()
            .find(|u| u.id == user_id)
            .map(|u| u.groups.clone())
            .unwrap_or_default())
    }
}

/// Assignments as Identity Center holds them, plus scripted outcomes and a call log.
#[derive(Default)]
pub struct FakeAccess {
    pub assignments: Mutex<HashMap<String, Assignment>>,
    pub create_outcomes: Mutex<VecDeque<ServiceResult<Provisioning>>>,
    pub delete_outcomes: Mutex<VecDeque<ServiceResult<Provisioning>>>,
    pub calls: Mutex<Vec<&'static str>>,
}

pub const INSTANCE: &str = "arn:aws:sso:::instance/ssoins-test";

pub fn permission_set(name: &str, session_hours: i64) -> PermissionSet {
    PermissionSet {
        arn: format!(
            "arn:aws:sso:::permissionSet/ssoins-test/ps-{}",
            name.to_lowercase()
        ),
        name: name.to_string(),
        session_duration: Some(SignedDuration::from_hours(session_hours)),
    }
}

impl FakeAccess {
    pub fn holds(&self, a: &Assignment) -> bool {
        self.assignments.lock().unwrap().contains_key(&a.key())
    }
    pub fn count(&self, call: &str) -> usize {
        self.calls
            .lock()
            .unwrap()
            .iter()
            .filter(|c| **c == call)
            .count()
    }
}

#[async_trait]
impl AccessControl for FakeAccess {
    async fn instance_arn(&self) -> ServiceResult<String> {
        Ok(INSTANCE.to_string())
    }
    async fn permission_set(&self, name_or_arn: &str) -> ServiceResult<Option<PermissionSet>> {
        Ok(self
            .permission_sets()
            .await?
            .into_iter()
            .find(|p| p.name == name_or_arn || p.arn == name_or_arn))
    }
    async fn permission_sets(&self) -> ServiceResult<Vec<PermissionSet>> {
        Ok(["Admin", "ReadOnly"]
            .into_iter()
            .map(|n| permission_set(n, if n == "Admin" { 4 } else { 1 }))
            .collect())
    }
    async fn has_assignment(&self, a: &Assignment) -> ServiceResult<bool> {
        self.calls.lock().unwrap().push("has");
        Ok(self.holds(a))
    }
    async fn create_assignment(&self, a: &Assignment) -> ServiceResult<Provisioning> {
        self.calls.lock().unwrap().push("create");
        let scripted = self.create_outcomes.lock().unwrap().pop_front();
        let outcome = scripted.unwrap_or(Ok(Provisioning::Succeeded));
        if outcome == Ok(Provisioning::Succeeded) {
            self.assignments.lock().unwrap().insert(a.key(), a.clone());
        }
        outcome
    }
    async fn delete_assignment(&self, a: &Assignment) -> ServiceResult<Provisioning> {
        self.calls.lock().unwrap().push("delete");
        let scripted = self.delete_outcomes.lock().unwrap().pop_front();
        let outcome = scripted.unwrap_or(Ok(Provisioning::Succeeded));
        if outcome == Ok(Provisioning::Succeeded) {
            self.assignments.lock().unwrap().remove(&a.key());
        }
        outcome
    }
}

/// An organisation: the management account, and accounts in OUs (`dev` and `prod` under the
/// root, `payments` inside `prod`).
pub struct FakeOrg {
    pub management: Option<String>,
    pub tree: OrgTree,
}

pub fn tree(management: Option<&str>) -> OrgTree {
    let acct = |id: &str, name: &str, path: &[&str]| {
        Account::placed(id, name, path.iter().map(|p| p.to_string()).collect())
    };
    let mut accounts = vec![
        acct(DEV, "dev", &["ou-root-devdevde", "r-root"]),
        acct(PROD, "prod-web", &["ou-root-prodprod", "r-root"]),
        acct(
            PAYMENTS,
            "prod-payments",
            &["ou-root-paypaypa", "ou-root-prodprod", "r-root"],
        ),
    ];
    if let Some(m) = management {
        accounts.push(acct(m, "management", &["r-root"]));
    }
    OrgTree::new(Some("r-root".into()), accounts, Default::default())
}

#[async_trait]
impl Organization for FakeOrg {
    async fn management_account(&self) -> ServiceResult<Option<String>> {
        Ok(self.management.clone())
    }
    async fn account(&self, id_or_name: &str) -> ServiceResult<Option<Account>> {
        Ok(self.tree.find(id_or_name).cloned())
    }
    async fn tree(&self) -> ServiceResult<OrgTree> {
        Ok(self.tree.clone())
    }
}

/// Schedules as EventBridge Scheduler would hold them, by name.
#[derive(Default)]
pub struct FakeScheduler {
    pub schedules: Mutex<HashMap<String, (Planned, Assignment)>>,
    pub fail: Mutex<bool>,
}

impl FakeScheduler {
    /// The assignment's schedules, in time order.
    pub fn of(&self, a: &Assignment) -> Vec<Planned> {
        let mut out: Vec<Planned> = self
            .schedules
            .lock()
            .unwrap()
            .values()
            .filter(|(_, x)| x == a)
            .map(|(p, _)| *p)
            .collect();
        out.sort();
        out
    }

    /// When the assignment's revocation fires, if it has exactly one.
    pub fn at(&self, a: &Assignment) -> Option<Timestamp> {
        let revokes: Vec<Timestamp> = self
            .of(a)
            .into_iter()
            .filter(|p| p.action == ScheduledAction::Revoke)
            .map(|p| p.at)
            .collect();
        assert!(revokes.len() <= 1, "several revocations: {revokes:?}");
        revokes.first().copied()
    }

    fn check(&self, operation: &'static str) -> ServiceResult<()> {
        if *self.fail.lock().unwrap() {
            return Err(ServiceError {
                service: "scheduler",
                operation,
                kind: ServiceErrorKind::AccessDenied,
                message: "not authorized to perform iam:PassRole".into(),
            });
        }
        Ok(())
    }
}

#[async_trait]
impl Scheduler for FakeScheduler {
    fn enabled(&self) -> bool {
        true
    }
    async fn planned(&self, a: &Assignment) -> ServiceResult<Vec<Planned>> {
        self.check("ListSchedules")?;
        Ok(self.of(a))
    }
    async fn add(&self, a: &Assignment, p: &Planned) -> ServiceResult<()> {
        self.check("CreateSchedule")?;
        self.schedules
            .lock()
            .unwrap()
            .insert(schedule::name(a, p), (*p, a.clone()));
        Ok(())
    }
    async fn remove(&self, a: &Assignment, p: &Planned) -> ServiceResult<()> {
        self.remove_named(&schedule::name(a, p)).await
    }
    async fn all(&self) -> ServiceResult<Vec<String>> {
        self.check("ListSchedules")?;
        Ok(self.schedules.lock().unwrap().keys().cloned().collect())
    }
    async fn remove_named(&self, name: &str) -> ServiceResult<()> {
        self.check("DeleteSchedule")?;
        self.schedules.lock().unwrap().remove(name);
        Ok(())
    }
    async fn assignment_of(&self, name: &str) -> ServiceResult<Option<Assignment>> {
        self.check("GetSchedule")?;
        Ok(self
            .schedules
            .lock()
            .unwrap()
            .get(name)
            .map(|(_, a)| a.clone()))
    }
}

/// Notifications as they were sent, and whether the channel fails.
#[derive(Default)]
pub struct FakeNotifier {
    pub sent: Mutex<Vec<crate::domain::notify::Notification>>,
    pub fail: Mutex<bool>,
}

#[async_trait]
impl Notifier for FakeNotifier {
    async fn send(
        &self,
        n: &crate::domain::notify::Notification,
    ) -> Vec<crate::domain::notify::SendFailure> {
        if *self.fail.lock().unwrap() {
            return vec![crate::domain::notify::SendFailure {
                channel: "sns".into(),
                error: "AuthorizationError".into(),
            }];
        }
        self.sent.lock().unwrap().push(n.clone());
        Vec::new()
    }
}

pub struct FakeClock(pub Mutex<Timestamp>);

impl FakeClock {
    pub fn advance(&self, by: SignedDuration) {
        *self.0.lock().unwrap() += by;
    }
}

impl Clock for FakeClock {
    fn now(&self) -> Timestamp {
        let mut t = self.0.lock().unwrap();
        // Every reading is a second later, so events are strictly ordered.
        *t += SignedDuration::from_secs(1);
        *t
    }
}

#[derive(Default)]
pub struct SeqIds(pub Mutex<u64>);

impl IdSource for SeqIds {
    fn new_request_id(&self) -> RequestId {
        let mut n = self.0.lock().unwrap();
        *n += 1;
        RequestId::from_entropy(*n * 7919)
    }
    fn new_token(&self) -> String {
        let mut n = self.0.lock().unwrap();
        *n += 1;
        format!("token-{n}")
    }
}

pub const MGMT: &str = "999999999999";
pub const ADMIN_ACCOUNT: &str = "999999999999";
pub const DEV: &str = "111111111111";
pub const PROD: &str = "222222222222";
pub const PAYMENTS: &str = "333333333333";

pub const POLICY: &str = r#"
[settings]
max_duration = "8h"
reason_min_length = 5

[[rule]]
name = "engineers"
principals = ["group:Engineers"]
accounts = ["*"]
permission_sets = ["Admin"]
max_duration = "4h"
approval = "required"
approvers = ["group:Approvers"]

[[rule]]
name = "two-person"
principals = ["group:Engineers"]
accounts = ["*"]
permission_sets = ["ReadOnly"]
approval = "required"
approvers = ["group:Approvers"]
approvals_required = 2

[[rule]]
name = "ci-ops"
principals = ["group:Ops"]
accounts = ["*"]
permission_sets = ["Admin"]
approval = "required"
approvers = ["group:Approvers"]

# CI roles may ask for these.
[[delegate]]
callers = ["arn:aws:iam::999999999999:role/ci-deployer"]
principals = ["group:Ops"]

[[delegate]]
callers = ["arn:aws:iam::999999999999:role/ci"]
principals = ["*"]
"#;

/// A little organisation: alice and dave are engineers, bob, carol and dave approve, ops is a
/// group; everyone calls from the management account unless a test says otherwise.
pub struct World {
    pub svc: Services,
    pub directory: Arc<FakeDirectory>,
    pub access: Arc<FakeAccess>,
    pub clock: Arc<FakeClock>,
    pub scheduler: Arc<FakeScheduler>,
    pub notifier: Arc<FakeNotifier>,
    pub policy: Policy,
    pub _dir: tempfile::TempDir,
    pub db: std::path::PathBuf,
}

pub fn group(name: &str) -> GroupIdentity {
    GroupIdentity {
        id: format!("g-{}", name.to_lowercase()),
        name: name.to_string(),
    }
}

impl World {
    pub fn new() -> World {
        Self::with_org(Some(MGMT.to_string()))
    }

    pub fn with_org(management: Option<String>) -> World {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("ledger.db");
        let directory = Arc::new(FakeDirectory::default());
        for (name, groups) in [
            ("alice", vec!["Engineers"]),
            ("bob", vec!["Approvers"]),
            ("carol", vec!["Approvers"]),
            ("dave", vec!["Engineers", "Approvers"]),
            ("erin", vec!["Ops"]),
        ] {
            directory.users.lock().unwrap().insert(
                name.to_string(),
                UserIdentity {
                    id: format!("u-{name}"),
                    name: name.to_string(),
                    groups: groups.into_iter().map(group).collect(),
                },
            );
        }
        for g in ["Engineers", "Approvers", "Ops"] {
            directory
                .groups
                .lock()
                .unwrap()
                .insert(g.to_string(), group(g));
        }
        let access = Arc::new(FakeAccess::default());
        let clock = Arc::new(FakeClock(Mutex::new(
            "2026-06-01T09:00:00Z".parse().unwrap(),
        )));
        let scheduler = Arc::new(FakeScheduler::default());
        let notifier = Arc::new(FakeNotifier::default());
        let svc = Services {
            directory: directory.clone(),
            access: access.clone(),
            org: Arc::new(FakeOrg {
                tree: tree(management.as_deref()),
                management,
            }),
            store: Arc::new(SqliteStore::open(&db).unwrap()),
            scheduler: scheduler.clone(),
            notifier: notifier.clone(),
            clock: clock.clone(),
            ids: Arc::new(SeqIds::default()),
            tuning: Tuning {
                lease_ttl: SignedDuration::from_mins(15),
                lease_wait: std::time::Duration::from_secs(5),
                // Tiny pages, so every sweep in the tests crosses page boundaries.
                page_size: 2,
            },
        };
        World {
            svc,
            directory,
            access,
            clock,
            scheduler,
            notifier,
            policy: Policy::parse(POLICY, "policy.toml").unwrap(),
            _dir: dir,
            db,
        }
    }

    /// The same world seen through a second connection to the ledger: another operator's process.
    pub fn second_operator(&self) -> Services {
        let mut svc = self.svc.clone();
        svc.store = Arc::new(SqliteStore::open(&self.db).unwrap());
        svc
    }

    pub fn user(&self, name: &str) -> Actor {
        Actor {
            arn: format!(
                "arn:aws:sts::{ADMIN_ACCOUNT}:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/{name}"
            ),
            account: ADMIN_ACCOUNT.to_string(),
            user: self.directory.users.lock().unwrap().get(name).cloned(),
        }
    }

    pub fn role(&self, name: &str) -> Actor {
        Actor {
            arn: format!("arn:aws:sts::{ADMIN_ACCOUNT}:assumed-role/{name}/session"),
            account: ADMIN_ACCOUNT.to_string(),
            user: None,
        }
    }
}
