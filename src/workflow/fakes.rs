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
    /// The Identity Center instance's owner; `None`: the lookup fails (as ListInstances without
    /// an owner does).
    pub identity_account: Mutex<Option<String>>,
    pub allow_iam_users: Mutex<bool>,
    /// How many times the identity account was asked for.
    pub identity_lookups: Mutex<usize>,
}

impl FakeDirectory {
    /// `user` leaves every group, as someone moved out of a team mid-test.
    pub fn leave_groups(&self, user: &str) {
        self.users
            .lock()
            .unwrap()
            .get_mut(user)
            .expect("a user of the fixture")
            .groups
            .clear();
    }

    /// `user` joins `name`.
    pub fn join(&self, user: &str, name: &str) {
        self.users
            .lock()
            .unwrap()
            .get_mut(user)
            .expect("a user of the fixture")
            .groups
            .push(group(name));
    }
}

#[async_trait]
impl Directory for FakeDirectory {
    async fn caller(&self) -> ServiceResult<CallerInfo> {
        Ok(self.caller.lock().unwrap().clone().expect("caller set"))
    }
    async fn identity_account(&self) -> ServiceResult<String> {
        *self.identity_lookups.lock().unwrap() += 1;
        self.identity_account
            .lock()
            .unwrap()
            .clone()
            .ok_or_else(|| ServiceError {
                service: "sso-admin",
                operation: "ListInstances",
                kind: ServiceErrorKind::NotFound,
                message: "no owner account: set identity_account".into(),
            })
    }
    fn allows_iam_users(&self) -> bool {
        *self.allow_iam_users.lock().unwrap()
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
    /// Every assignment ever created, in order.
    pub created: Mutex<Vec<Assignment>>,
    /// Listed by `assignments_of` as well, though gone: a listing taken just before they were
    /// deleted.
    pub stale_listing: Mutex<Vec<Assignment>>,
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
    async fn assignments_of(&self, permission_set_arn: &str) -> ServiceResult<Vec<Assignment>> {
        self.calls.lock().unwrap().push("assignments");
        let mut out: Vec<Assignment> = self
            .assignments
            .lock()
            .unwrap()
            .values()
            .filter(|a| a.permission_set_arn == permission_set_arn)
            .cloned()
            .chain(
                self.stale_listing
                    .lock()
                    .unwrap()
                    .iter()
                    .filter(|a| a.permission_set_arn == permission_set_arn)
                    .cloned(),
            )
            .collect();
        out.sort_by_key(|a| a.key());
        Ok(out)
    }
    async fn create_assignment(&self, a: &Assignment) -> ServiceResult<Provisioning> {
        self.calls.lock().unwrap().push("create");
        let scripted = self.create_outcomes.lock().unwrap().pop_front();
        let outcome = scripted.unwrap_or(Ok(Provisioning::Succeeded));
        if outcome == Ok(Provisioning::Succeeded) {
            self.assignments.lock().unwrap().insert(a.key(), a.clone());
            self.created.lock().unwrap().push(a.clone());
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

/// Who a principal is, as the seal key's policy sees it (by `aws:PrincipalArn`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Principal {
    /// A session of the requester permission set.
    Requester,
    /// A session of the approver permission set.
    Approver,
    Delegate,
    Executor,
    Admin,
}

/// KMS with the seal key and its policy, in memory: a seal is a keyed hash of the context and
/// the sealed hash (so it cannot be made without the key), and sealing is allowed by the rules
/// the generated key policy writes — each kind only to its principals, and `elevate:actor`
/// only as the caller's own userid. Principals are registered by userid.
pub struct FakeSealer {
    pub ledger: String,
    pub principals: Mutex<HashMap<String, Principal>>,
    /// A delegate's role (as `elevate:role` names it), by role id.
    pub roles: Mutex<HashMap<String, String>>,
    /// Every seal asked for, and whether it was allowed.
    pub calls: Mutex<Vec<(String, bool)>>,
    /// KMS failing (e.g. unreachable): verification fails closed.
    pub down: Mutex<bool>,
    /// Direct mode's key policy: approvers may seal `grant`. Brokered: nobody but the executor
    /// seals what carries out a decision.
    pub grant_by_approvers: Mutex<bool>,
}

impl FakeSealer {
    const KEY: &'static [u8] = b"the seal key's material, never in the ledger";

    pub fn new(ledger: &str) -> FakeSealer {
        FakeSealer {
            ledger: ledger.to_string(),
            principals: Mutex::new(HashMap::new()),
            roles: Mutex::new(HashMap::new()),
            calls: Mutex::new(Vec::new()),
            down: Mutex::new(false),
            grant_by_approvers: Mutex::new(true),
        }
    }

    /// The blob KMS would return for this context and hash (for tests that move real seals).
    pub fn blob(context: &std::collections::BTreeMap<String, String>, hash: &str) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        h.update(Self::KEY);
        h.update(serde_json::to_vec(context).unwrap());
        h.update(hash.as_bytes());
        hex::encode(h.finalize())
    }

    /// Whether `caller` may encrypt with `context`, by the key policy's rules.
    pub fn allows(
        &self,
        caller: &str,
        context: &std::collections::BTreeMap<String, String>,
    ) -> bool {
        use crate::domain::ledger::CONTEXT_KEYS;
        // Users are registered by their whole userid, roles by their role id (any session).
        let principals = self.principals.lock().unwrap();
        let role = caller.split(':').next().unwrap_or_default();
        let Some(p) = principals
            .get(caller)
            .or_else(|| principals.get(role))
            .copied()
        else {
            return false;
        };
        let kind = context
            .get("elevate:kind")
            .map(String::as_str)
            .unwrap_or("");
        // A delegate's seal also names its own role, and only a delegate's does.
        let delegate = kind == "delegate";
        let keys_exact = context.len() == CONTEXT_KEYS.len() + usize::from(delegate)
            && CONTEXT_KEYS.iter().all(|k| context.contains_key(*k))
            && (!delegate
                || context.get(crate::domain::ledger::ROLE_KEY)
                    == self.roles.lock().unwrap().get(role));
        let allowed = match kind {
            "request" => matches!(p, Principal::Requester | Principal::Approver),
            "delegate" => p == Principal::Delegate,
            "approve" => p == Principal::Approver,
            "grant" => p == Principal::Approver && *self.grant_by_approvers.lock().unwrap(),
            "execute" => p == Principal::Executor,
            "policy" => p == Principal::Admin,
            _ => false,
        };
        keys_exact
            && allowed
            && context.get("elevate:actor").map(String::as_str) == Some(caller)
            && context.get("elevate:ledger") == Some(&self.ledger)
    }
}

#[async_trait]
impl Sealer for FakeSealer {
    fn ledger(&self) -> Option<&str> {
        Some(&self.ledger)
    }
    async fn seal(
        &self,
        context: &std::collections::BTreeMap<String, String>,
        hash: &str,
    ) -> ServiceResult<String> {
        // The caller is who the context says: honest code asks as itself (an attack that asks
        // as someone else calls `allows` with its own identity).
        let caller = context.get("elevate:actor").cloned().unwrap_or_default();
        let ok = self.allows(&caller, context);
        self.calls.lock().unwrap().push((
            format!(
                "{caller} {}",
                context.get("elevate:kind").cloned().unwrap_or_default()
            ),
            ok,
        ));
        if !ok {
            return Err(ServiceError {
                service: "kms",
                operation: "Encrypt",
                kind: ServiceErrorKind::AccessDenied,
                message: format!(
                    "{caller} is not authorized to perform kms:Encrypt with this encryption context"
                ),
            });
        }
        Ok(Self::blob(context, hash))
    }
    async fn verify(
        &self,
        context: &std::collections::BTreeMap<String, String>,
        hash: &str,
        blob: &str,
    ) -> ServiceResult<bool> {
        if *self.down.lock().unwrap() {
            return Err(ServiceError {
                service: "kms",
                operation: "Decrypt",
                kind: ServiceErrorKind::Unavailable,
                message: "KMS is unreachable".into(),
            });
        }
        Ok(Self::blob(context, hash) == blob)
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

/// A request for `ps` on the dev account for two hours, with a reason: what most tests ask.
pub fn input(ps: &str) -> super::request::RequestInput {
    super::request::RequestInput {
        account: DEV.into(),
        permission_set: ps.into(),
        duration: Some(SignedDuration::from_hours(2)),
        reason: "deploy hotfix for INC-7".into(),
        ticket: None,
        for_principal: None,
        break_glass: false,
        start: None,
        idempotency_key: None,
    }
}
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
    pub sealer: Arc<FakeSealer>,
    pub policy: Policy,
    pub _dir: tempfile::TempDir,
    pub db: std::path::PathBuf,
}

/// Writes `policy` as the next version of the ledger at `db`, sealed by the admin — what
/// `elevate policy apply` does — synchronously, for a test's set-up.
pub fn seal_policy_version(db: &std::path::Path, policy: &Policy, text: &str) {
    use crate::domain::ledger::{self, POLICY_SUBJECT, SealKind};
    let conn = rusqlite::Connection::open(db).unwrap();
    let number: i64 = conn
        .query_row(
            "SELECT COALESCE(MAX(number), 0) + 1 FROM policies",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let admin = role_id("elevate-admin", "session");
    let mut v = crate::store::PolicyVersion {
        number: number as u64,
        hash: policy.version.clone(),
        text: text.to_string(),
        applied_by: "arn:aws:sts::999999999999:assumed-role/elevate-admin/session".into(),
        applied_at: "2026-05-01T00:00:00Z".parse().unwrap(),
        actor_id: Some(admin.clone()),
        seal: None,
    };
    let hash = ledger::policy_version_hash(
        v.number,
        &v.hash,
        &v.text,
        &v.applied_by,
        v.applied_at,
        v.actor_id.as_deref(),
    );
    let context = ledger::seal_context("sqlite", POLICY_SUBJECT, &hash, SealKind::Policy, &admin);
    v.seal = Some(crate::domain::event::Seal {
        kind: SealKind::Policy,
        blob: FakeSealer::blob(&context, &hash),
    });
    conn.execute(
        "INSERT INTO policies (number, body) VALUES (?1, ?2)",
        rusqlite::params![number, serde_json::to_string(&v).unwrap()],
    )
    .unwrap();
}

/// The `aws:userid` of a user's permission-set role session.
pub fn user_id(name: &str) -> String {
    format!("AROAPERMISSIONSET:{name}")
}

/// The `aws:userid` of a role's session.
pub fn role_id(role: &str, session: &str) -> String {
    format!("AROA{}:{session}", role.to_uppercase().replace('-', ""))
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
        *directory.identity_account.lock().unwrap() = Some(ADMIN_ACCOUNT.to_string());
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
        let sealer = Arc::new(FakeSealer::new("sqlite"));
        for (name, p) in [
            ("alice", Principal::Requester),
            ("bob", Principal::Approver),
            ("carol", Principal::Approver),
            ("dave", Principal::Approver),
            ("erin", Principal::Requester),
        ] {
            sealer.principals.lock().unwrap().insert(user_id(name), p);
        }
        for (role, p) in [
            ("ci", Principal::Delegate),
            ("ci-deployer", Principal::Delegate),
            ("elevate-executor", Principal::Executor),
            ("elevate-admin", Principal::Admin),
        ] {
            let id = role_id(role, "session")
                .split(':')
                .next()
                .unwrap()
                .to_string();
            if p == Principal::Delegate {
                sealer.roles.lock().unwrap().insert(
                    id.clone(),
                    format!("arn:aws:iam::{ADMIN_ACCOUNT}:role/{role}"),
                );
            }
            sealer.principals.lock().unwrap().insert(id, p);
        }
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
            sealer: sealer.clone(),
            clock: clock.clone(),
            ids: Arc::new(SeqIds::default()),
            tuning: Tuning {
                lease_ttl: SignedDuration::from_mins(15),
                lease_wait: std::time::Duration::from_secs(5),
                // Tiny pages, so every sweep in the tests crosses page boundaries.
                page_size: 2,
            },
            grant_mode: crate::domain::authz::GrantMode::Direct,
        };
        let policy = Policy::parse(POLICY, "policy.toml").unwrap();
        seal_policy_version(&db, &policy, POLICY);
        World {
            svc,
            directory,
            access,
            clock,
            scheduler,
            notifier,
            sealer,
            policy,
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

    /// Applies a policy to the ledger, sealed by the admin, and returns it: the version in
    /// force from now on.
    pub fn apply(&self, text: &str) -> Policy {
        let policy = Policy::parse(text, "policy.toml").unwrap();
        seal_policy_version(&self.db, &policy, text);
        policy
    }

    /// The same world as a brokered installation: only the executor changes access, and the
    /// seal key's policy lets no person seal a grant.
    pub fn brokered(mut self) -> World {
        self.svc.grant_mode = crate::domain::authz::GrantMode::Brokered;
        *self.sealer.grant_by_approvers.lock().unwrap() = false;
        self
    }

    /// The same world with no seal key: an unsealed ledger.
    pub fn unsealed(mut self) -> World {
        self.svc.sealer = Arc::new(Unsealed);
        self
    }

    pub fn user(&self, name: &str) -> Actor {
        Actor {
            id: user_id(name),
            arn: format!(
                "arn:aws:sts::{ADMIN_ACCOUNT}:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/{name}"
            ),
            account: ADMIN_ACCOUNT.to_string(),
            user: self.directory.users.lock().unwrap().get(name).cloned(),
        }
    }

    pub fn role(&self, name: &str) -> Actor {
        Actor {
            id: role_id(name, "session"),
            arn: format!("arn:aws:sts::{ADMIN_ACCOUNT}:assumed-role/{name}/session"),
            account: ADMIN_ACCOUNT.to_string(),
            user: None,
        }
    }
}
