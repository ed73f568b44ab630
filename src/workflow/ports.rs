//! What the workflow needs from the outside world. `aws/` and `store/` implement these; tests use
//! in-memory fakes.

use async_trait::async_trait;
use jiff::Timestamp;

use crate::domain::schedule::Planned;
use crate::domain::{
    Account, Assignment, GroupIdentity, OrgTree, PermissionSet, RequestId, UserIdentity,
};

// A failed AWS call is an error of the whole crate (the DynamoDB store reports them too), not
// the workflow's alone: it is defined with the others.
pub use crate::error::{ServiceError, ServiceErrorKind, ServiceResult};

/// The caller, as STS sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallerInfo {
    pub arn: String,
    pub account: String,
    /// GetCallerIdentity's `UserId`: the caller's `aws:userid`, which seals name.
    pub user_id: String,
}

/// Who is who: STS for the caller, the Identity Center identity store for users and groups.
#[async_trait]
pub trait Directory: Send + Sync {
    async fn caller(&self) -> ServiceResult<CallerInfo>;
    /// The account whose Identity Center sessions (`AWSReservedSSO_*` roles) are people: the
    /// configured `identity_account`, or the account that owns the Identity Center instance.
    async fn identity_account(&self) -> ServiceResult<String>;
    /// Whether IAM users may call (the operator's `allow_long_term_keys`): their keys are
    /// long-term even behind a session token.
    fn allows_iam_users(&self) -> bool;
    /// A user by user name, with the groups they are in.
    async fn find_user(&self, user_name: &str) -> ServiceResult<Option<UserIdentity>>;
    async fn find_group(&self, display_name: &str) -> ServiceResult<Option<GroupIdentity>>;
    /// The groups a user is in now (policy is evaluated against current membership).
    async fn groups_of(&self, user_id: &str) -> ServiceResult<Vec<GroupIdentity>>;
}

/// The result of a creation or deletion, once Identity Center has finished it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Provisioning {
    Succeeded,
    /// FAILED, with the reason Identity Center gave, or still IN_PROGRESS when polling gave up.
    Failed(String),
}

/// Identity Center account assignments (sso-admin).
#[async_trait]
pub trait AccessControl: Send + Sync {
    async fn instance_arn(&self) -> ServiceResult<String>;
    /// A permission set by name or ARN.
    async fn permission_set(&self, name_or_arn: &str) -> ServiceResult<Option<PermissionSet>>;
    /// Every permission set of the instance (for eligibility and pickers).
    async fn permission_sets(&self) -> ServiceResult<Vec<PermissionSet>>;
    /// Every permission set, read live, never from a cache: for checks that must see a set
    /// created a minute ago.
    async fn permission_sets_live(&self) -> ServiceResult<Vec<PermissionSet>> {
        self.permission_sets().await
    }
    /// Whether this exact assignment (this principal, directly) exists.
    async fn has_assignment(&self, assignment: &Assignment) -> ServiceResult<bool>;
    /// Every assignment of the permission set, in every account it is provisioned to.
    async fn assignments_of(&self, permission_set_arn: &str) -> ServiceResult<Vec<Assignment>>;
    /// Creates the assignment and waits until Identity Center says SUCCEEDED or FAILED.
    async fn create_assignment(&self, assignment: &Assignment) -> ServiceResult<Provisioning>;
    /// Deletes the assignment and waits until Identity Center says SUCCEEDED or FAILED. An
    /// assignment that is already gone counts as deleted.
    async fn delete_assignment(&self, assignment: &Assignment) -> ServiceResult<Provisioning>;
}

/// AWS Organizations.
#[async_trait]
pub trait Organization: Send + Sync {
    /// The management account, or `None` when the caller's account is not in an organization.
    async fn management_account(&self) -> ServiceResult<Option<String>>;
    /// One account, by id or exact name, with the OUs above it. `None` if there is no such
    /// account in the organization.
    async fn account(&self, id_or_name: &str) -> ServiceResult<Option<Account>>;
    /// Every account with its OU path.
    async fn tree(&self) -> ServiceResult<OrgTree>;
}

/// EventBridge Scheduler: the grants and revocations that happen on time even if nobody runs
/// elevate again. Schedules are per assignment; see `domain::schedule`.
#[async_trait]
pub trait Scheduler: Send + Sync {
    /// Whether schedules can be made (a scheduler execution role is configured).
    fn enabled(&self) -> bool;
    /// The schedules that exist for `assignment`.
    async fn planned(&self, assignment: &Assignment) -> ServiceResult<Vec<Planned>>;
    /// Creates a schedule; one that already exists is fine (its name fixes what it does).
    async fn add(&self, assignment: &Assignment, planned: &Planned) -> ServiceResult<()>;
    /// Deletes a schedule; one that is already gone (it ran) is fine.
    async fn remove(&self, assignment: &Assignment, planned: &Planned) -> ServiceResult<()>;
    /// The names of every schedule elevate made, of every assignment.
    async fn all(&self) -> ServiceResult<Vec<String>>;
    /// Deletes a schedule by name; one that is already gone is fine.
    async fn remove_named(&self, name: &str) -> ServiceResult<()>;
    /// The assignment a schedule acts on, from the schedule itself; `None` if it is gone.
    async fn assignment_of(&self, name: &str) -> ServiceResult<Option<Assignment>>;
}

/// KMS seals of ledger events and policy versions (`domain::ledger`): made with the caller's
/// own credentials, so the key policy decides who may vouch for what.
#[async_trait]
pub trait Sealer: Send + Sync {
    /// The ledger's name in seals (`elevate:ledger`); `None` when this ledger is not sealed.
    fn ledger(&self) -> Option<&str>;
    /// Seals `hash` under `context`; the ciphertext, base64.
    async fn seal(
        &self,
        context: &std::collections::BTreeMap<String, String>,
        hash: &str,
    ) -> ServiceResult<String>;
    /// Whether `blob` is a seal of `hash` under exactly `context`, made with the seal key.
    /// `Ok(false)` for a seal that is not; an error only when KMS cannot answer.
    async fn verify(
        &self,
        context: &std::collections::BTreeMap<String, String>,
        hash: &str,
        blob: &str,
    ) -> ServiceResult<bool>;
}

/// No seal key: an unsealed ledger, whose decisions are trusted rather than proven.
pub struct Unsealed;

#[async_trait]
impl Sealer for Unsealed {
    fn ledger(&self) -> Option<&str> {
        None
    }
    async fn seal(
        &self,
        _: &std::collections::BTreeMap<String, String>,
        _: &str,
    ) -> ServiceResult<String> {
        Err(ServiceError {
            service: "kms",
            operation: "Encrypt",
            kind: ServiceErrorKind::Invalid,
            message: "no seal key is configured (kms_seal_key)".into(),
        })
    }
    async fn verify(
        &self,
        _: &std::collections::BTreeMap<String, String>,
        _: &str,
        _: &str,
    ) -> ServiceResult<bool> {
        Ok(false)
    }
}

/// What time it is. In production, AWS's time (`aws::clock::AwsClock`): the caller controls
/// their own machine's clock, and a clock set back would keep an elevation alive.
pub trait Clock: Send + Sync {
    fn now(&self) -> Timestamp;
    /// Whether this clock can be trusted to act on; checked once the first AWS response is in.
    fn check(&self) -> Result<(), ClockError> {
        Ok(())
    }
}

/// This machine's clock disagrees with AWS's by more than elevate tolerates.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "this machine's clock is {} {} AWS: AWS says it is {}, this machine says {}. elevate refuses to act on a wrong clock: the times it records and the access it schedules would be wrong by as much. Fix the system time (turn on time synchronisation, NTP: e.g. `sudo timedatectl set-ntp true` on Linux, \"Set time automatically\" on macOS and Windows) and run the command again",
    describe_offset(.skew.unsigned_abs()),
    if .skew.is_negative() { "ahead of" } else { "behind" },
    crate::domain::format_time(*.aws),
    crate::domain::format_time(*.local)
)]
pub struct ClockError {
    /// AWS's time minus this machine's, when AWS answered.
    pub skew: jiff::SignedDuration,
    /// AWS's time then (its `Date` header).
    pub aws: Timestamp,
    /// This machine's time then.
    pub local: Timestamp,
}

/// `365 days 0h`, `7m 12s`: an offset as a person reads it, to the second.
fn describe_offset(d: std::time::Duration) -> String {
    let s = d.as_secs();
    let (days, hours, mins, secs) = (s / 86_400, s / 3_600 % 24, s / 60 % 60, s % 60);
    match (days, hours) {
        (0, 0) => format!("{mins}m {secs}s"),
        (0, _) => format!("{hours}h {mins}m"),
        (1, _) => format!("1 day {hours}h"),
        _ => format!("{days} days {hours}h"),
    }
}

pub trait IdSource: Send + Sync {
    fn new_request_id(&self) -> RequestId;
    /// A random token naming one holder of a lease.
    fn new_token(&self) -> String;
}

/// The operating system's entropy. (Not a clock: `now` comes from AWS, see `aws::clock`.)
pub struct System;

impl IdSource for System {
    fn new_request_id(&self) -> RequestId {
        RequestId::from_entropy(random_u64())
    }
    fn new_token(&self) -> String {
        format!("{:016x}", random_u64())
    }
}

fn random_u64() -> u64 {
    let mut buf = [0u8; 8];
    // The OS entropy source failing is not something a CLI can recover from.
    getrandom::fill(&mut buf).expect("the operating system's random source is unavailable");
    u64::from_le_bytes(buf)
}

/// What `elevate setup` finds of the ledger table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableState {
    pub arn: String,
    pub on_demand: bool,
    pub indexes: Vec<String>,
    /// The customer-managed key it is encrypted with; `None`: the AWS-owned (or AWS-managed
    /// `aws/dynamodb`) key.
    pub kms_key: Option<String>,
    pub point_in_time_recovery: bool,
    pub ttl_attribute: Option<String>,
}

/// What `elevate setup` finds of the seal key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyState {
    pub arn: String,
    /// A symmetric encryption key (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT): the only kind whose
    /// encryption context can carry a seal.
    pub symmetric: bool,
    pub enabled: bool,
    /// The key policy's text, as `GetKeyPolicy` returns it.
    pub policy: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleState {
    pub arn: String,
    pub trust_policy: String,
}

/// What `elevate setup` creates and checks in the account where it runs.
#[async_trait]
pub trait Infrastructure: Send + Sync {
    async fn table(&self, name: &str) -> ServiceResult<Option<TableState>>;
    async fn create_table(&self, name: &str, kms_key: Option<&str>) -> ServiceResult<()>;
    async fn enable_point_in_time_recovery(&self, name: &str) -> ServiceResult<()>;
    async fn schedule_group_exists(&self, name: &str) -> ServiceResult<bool>;
    async fn create_schedule_group(&self, name: &str) -> ServiceResult<()>;
    async fn role(&self, name: &str) -> ServiceResult<Option<RoleState>>;
    /// Creates the role with its trust policy and one inline policy; returns its ARN.
    async fn create_role(
        &self,
        name: &str,
        trust_policy: &str,
        inline_policy: &str,
    ) -> ServiceResult<String>;
    /// The seal key (by ARN or alias), or `None` when there is no such key.
    async fn seal_key(&self, id: &str) -> ServiceResult<Option<KeyState>>;
    /// Creates a symmetric key with `policy`, named by `alias`; returns its ARN.
    async fn create_seal_key(&self, policy: &str, alias: &str) -> ServiceResult<String>;
    /// The Lambda function `name`, or `None`.
    async fn function(&self, name: &str) -> ServiceResult<Option<FunctionState>>;
    /// Creates the function (waiting out IAM's delay for a role just made); returns its ARN.
    async fn create_function(&self, spec: &FunctionSpec<'_>) -> ServiceResult<String>;
    async fn update_function_code(&self, name: &str, zip: &[u8]) -> ServiceResult<()>;
    /// A recurring schedule in `group`, or `None`.
    async fn recurring_schedule(
        &self,
        group: &str,
        name: &str,
    ) -> ServiceResult<Option<RecurringSchedule>>;
    async fn create_recurring_schedule(
        &self,
        group: &str,
        name: &str,
        schedule: &RecurringSchedule,
    ) -> ServiceResult<()>;
}

/// A Lambda function as setup sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionState {
    pub arn: String,
    pub role: String,
    pub runtime: String,
    /// Base64 SHA-256 of its code package, as Lambda reports it.
    pub code_sha256: String,
    pub environment: std::collections::BTreeMap<String, String>,
}

/// What setup creates a function with.
#[derive(Debug, Clone)]
pub struct FunctionSpec<'a> {
    pub name: &'a str,
    pub role_arn: &'a str,
    pub zip: &'a [u8],
    /// `x86_64` or `arm64`.
    pub architecture: &'a str,
    pub environment: &'a std::collections::BTreeMap<String, String>,
    pub timeout_secs: i32,
    pub memory_mb: i32,
}

/// A schedule that runs a target on a recurring expression (`rate(1 minute)`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecurringSchedule {
    pub expression: String,
    pub target_arn: String,
    pub role_arn: String,
}

/// Identity Center's permission sets, as their administrator manages them (`setup
/// --permission-sets`).
#[async_trait]
pub trait PermissionSetAdmin: Send + Sync {
    async fn instance_arn(&self) -> ServiceResult<String>;
    /// The ARN of the permission set named `name`, if there is one.
    async fn find(&self, instance: &str, name: &str) -> ServiceResult<Option<String>>;
    /// Creates it (sessions of `session_duration`, ISO 8601); returns its ARN.
    async fn create(
        &self,
        instance: &str,
        name: &str,
        description: &str,
        session_duration: &str,
    ) -> ServiceResult<String>;
    /// Its inline policy; `None` when it has none.
    async fn inline_policy(&self, instance: &str, arn: &str) -> ServiceResult<Option<String>>;
    async fn put_inline_policy(&self, instance: &str, arn: &str, policy: &str)
    -> ServiceResult<()>;
    /// Provisions it again to every account it is provisioned to, so a changed policy reaches
    /// the roles people already use; waits until Identity Center says SUCCEEDED or FAILED.
    async fn provision(&self, instance: &str, arn: &str) -> ServiceResult<Provisioning>;
}

/// Decides, from a trail record's raw JSON, whether to keep it.
pub type RecordFilter = dyn Fn(&serde_json::value::RawValue) -> bool + Send + Sync;

/// Where an elevated session's CloudTrail events are read from.
#[async_trait]
pub trait ActivityLog: Send + Sync {
    /// Runs a CloudTrail Lake query to completion; every result row, as a CloudTrail record.
    async fn lake_query(&self, statement: &str) -> ServiceResult<Vec<serde_json::Value>>;
    /// The keys of the trail files under `prefix`.
    async fn trail_keys(&self, bucket: &str, prefix: &str) -> ServiceResult<Vec<String>>;
    /// The records of one gzip trail file that `keep` accepts, decompressed as a stream.
    async fn trail_records(
        &self,
        bucket: &str,
        key: &str,
        keep: std::sync::Arc<RecordFilter>,
    ) -> ServiceResult<Vec<serde_json::Value>>;
}

/// Where people are told what happened: SNS and/or a Slack webhook.
#[async_trait]
pub trait Notifier: Send + Sync {
    /// Sends the notification on every configured channel that wants this topic; returns a
    /// description of each channel that failed. Never fails the caller.
    async fn send(
        &self,
        n: &crate::domain::notify::Notification,
    ) -> Vec<crate::domain::notify::SendFailure>;
}

/// No channel configured.
pub struct Silent;

#[async_trait]
impl Notifier for Silent {
    async fn send(
        &self,
        _: &crate::domain::notify::Notification,
    ) -> Vec<crate::domain::notify::SendFailure> {
        Vec::new()
    }
}

/// Why the access portal handed out no credentials.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    /// No usable Identity Center sign-in: none cached, expired, or refused by the portal.
    #[error("{detail}")]
    SignedOut { detail: String },
    /// The signed-in user has no such role there (`ForbiddenException`): not assigned, or the
    /// assignment is still being provisioned.
    #[error("{0}")]
    NoAccess(String),
    #[error(transparent)]
    Failed(ServiceError),
}

/// The user's own Identity Center sign-in (the access portal): role credentials of an account
/// and permission set they are assigned.
#[async_trait]
pub trait RoleSession: Send + Sync {
    /// How the user signs in again when `SignedOut` (e.g. `aws sso login --sso-session corp`).
    fn login_command(&self) -> String;
    /// Whether the user is signed in, asked before anything is requested so that a run does
    /// not wait for an approval it then cannot use. `Ok` when it cannot tell without a role.
    async fn signed_in(&self) -> Result<(), SessionError> {
        Ok(())
    }
    /// `sso:GetRoleCredentials` for `role_name` (the permission set's name) in `account_id`.
    async fn role_credentials(
        &self,
        account_id: &str,
        role_name: &str,
    ) -> Result<crate::domain::credentials::RoleCredentials, SessionError>;
}
