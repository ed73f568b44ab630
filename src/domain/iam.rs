//! Least-privilege IAM policies for the roles that run elevate, and for the role EventBridge
//! Scheduler assumes. Each action is here because a command of that role calls it (the
//! end-to-end suite records the calls and compares), or because AWS requires it for a call that
//! is (`IMPLIED`).

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use serde_json::{Value, json};

use crate::domain::authz::GrantMode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// `request`, `cancel`, `extend`, `list --mine`, `show`, `eligible`.
    Requester,
    /// `approve` (granting), `reject`, `revoke`, `list --to-approve`.
    Approver,
    /// `list --all`, `show`: the ledger, read only.
    Auditor,
    /// `reconcile`, on a schedule.
    Executor,
    /// `setup`, `policy check|apply`.
    Admin,
    /// Assumed by EventBridge Scheduler when a schedule fires.
    Scheduler,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Requester,
        Role::Approver,
        Role::Auditor,
        Role::Executor,
        Role::Admin,
        Role::Scheduler,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Requester => "requester",
            Role::Approver => "approver",
            Role::Auditor => "auditor",
            Role::Executor => "executor",
            Role::Admin => "admin",
            Role::Scheduler => "scheduler",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s.trim().to_ascii_lowercase())
            .ok_or_else(|| {
                let all: Vec<_> = Role::ALL.iter().map(|r| r.as_str()).collect();
                format!("'{s}' is not a role: use one of {}", all.join(", "))
            })
    }
}

/// What the policies are scoped to; unknown parts become wildcards.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    pub region: Option<String>,
    pub account: Option<String>,
    pub instance_arn: Option<String>,
    pub identity_store_id: Option<String>,
    /// The DynamoDB ledger table; `None` when the ledger is the embedded SQLite file.
    pub table: Option<String>,
    pub schedule_group: String,
    pub scheduler_role_arn: Option<String>,
    /// Session activity sources the auditor reads, when configured.
    pub event_data_store: Option<String>,
    pub trail_bucket: Option<String>,
    /// The SNS topic notifications go to, when configured.
    pub notify_sns_topic: Option<String>,
    /// The seal key (`kms_seal_key`), when the ledger is sealed.
    pub seal_key: Option<String>,
    /// Brokered: only the executor changes access, and people's roles hold no power to.
    pub grant_mode: crate::domain::authz::GrantMode,
    /// The executor's Lambda function (name or ARN), which people's commands wake.
    pub executor_function: Option<String>,
}

/// Actions a policy grants without elevate calling them itself, and why.
pub const IMPLIED: [(&str, &str); 8] = [
    (
        "scheduler:GetSchedule",
        "reconcile reads a schedule no open request explains, to confirm from the ledger that it is orphaned before deleting it (the role test's pass has none; the fault tests make them)",
    ),
    (
        "sso:DescribeAccountAssignmentCreationStatus",
        "polled while Identity Center answers IN_PROGRESS (the emulator never does)",
    ),
    (
        "sso:DescribeAccountAssignmentDeletionStatus",
        "polled while Identity Center answers IN_PROGRESS (the emulator never does)",
    ),
    (
        "iam:PassRole",
        "CreateSchedule hands the scheduler role to EventBridge Scheduler",
    ),
    (
        "dynamodb:PutItem",
        "each Put of a TransactWriteItems (requests, events, policy versions) and leases",
    ),
    (
        "dynamodb:UpdateItem",
        "the Update of a TransactWriteItems: an assignment's set of open requests",
    ),
    (
        "dynamodb:ConditionCheckItem",
        "the ConditionCheck of a TransactWriteItems (policy versions follow one another)",
    ),
    (
        "kms:PutKeyPolicy",
        "CreateKey's policy lockout check: KMS refuses a key policy that its creator could not change afterwards",
    ),
];

/// Identity Center provisions the permission set's role in the target account with the caller's
/// IAM permissions on these (the reserved SSO roles and SAML providers only).
const PROVISIONING: [&str; 11] = [
    "iam:GetSAMLProvider",
    "iam:GetRole",
    "iam:CreateRole",
    "iam:UpdateRole",
    "iam:AttachRolePolicy",
    "iam:PutRolePolicy",
    "iam:ListRolePolicies",
    "iam:ListAttachedRolePolicies",
    "iam:DeleteRole",
    "iam:DeleteRolePolicy",
    "iam:DetachRolePolicy",
];

fn or_any(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("*")
}

struct Arns<'a>(&'a Scope);

impl Arns<'_> {
    fn instance_resources(&self) -> Vec<String> {
        match &self.0.instance_arn {
            Some(arn) => {
                let id = arn.rsplit('/').next().unwrap_or("*");
                vec![arn.clone(), format!("arn:aws:sso:::permissionSet/{id}/*")]
            }
            None => vec![
                "arn:aws:sso:::instance/*".into(),
                "arn:aws:sso:::permissionSet/*/*".into(),
            ],
        }
    }
    fn identity_store(&self) -> Vec<String> {
        vec![
            format!(
                "arn:aws:identitystore::{}:identitystore/{}",
                or_any(&self.0.account),
                or_any(&self.0.identity_store_id)
            ),
            "arn:aws:identitystore:::user/*".into(),
            "arn:aws:identitystore:::group/*".into(),
            "arn:aws:identitystore:::membership/*".into(),
        ]
    }
    /// A regional resource of this account (wildcards where config names neither).
    fn regional(&self, service: &str, resource: &str) -> String {
        format!(
            "arn:aws:{service}:{}:{}:{resource}",
            or_any(&self.0.region),
            or_any(&self.0.account)
        )
    }
    fn table(&self) -> Vec<String> {
        let t = self.regional(
            "dynamodb",
            &format!("table/{}", self.0.table.as_deref().unwrap_or("*")),
        );
        vec![t.clone(), format!("{t}/index/*")]
    }
    fn schedules(&self) -> String {
        self.regional(
            "scheduler",
            &format!("schedule/{}/elevate-*", self.0.schedule_group),
        )
    }
    fn schedule_group(&self) -> String {
        self.regional(
            "scheduler",
            &format!("schedule-group/{}", self.0.schedule_group),
        )
    }
    fn scheduler_role(&self) -> String {
        self.0.scheduler_role_arn.clone().unwrap_or_else(|| {
            format!(
                "arn:aws:iam::{}:role/elevate-scheduler",
                or_any(&self.0.account)
            )
        })
    }
    fn reserved_roles(&self) -> Vec<String> {
        vec![
            "arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*".into(),
            "arn:aws:iam::*:saml-provider/AWSSSO_*".into(),
        ]
    }
}

fn statement(sid: &str, actions: &[&str], resources: Vec<String>) -> Value {
    json!({"Sid": sid, "Effect": "Allow", "Action": actions, "Resource": resources})
}

const LEDGER_READ: [&str; 2] = ["dynamodb:GetItem", "dynamodb:Query"];
/// Every ledger action that only reads.
const LEDGER_READS: [&str; 3] = ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan"];

/// The partition keys a role may write (`store::dynamodb`: `R#<id>` a request, its events and
/// notes, `A#<assignment>` the open requests of an assignment, `L#<key>` a lease, `P` the policy
/// versions). In a brokered team people write their requests and decisions only: an
/// assignment's open set and its lease are the executor's, which alone changes access.
fn writes_under(role: Role, grant: GrantMode) -> Vec<&'static str> {
    match (role, grant) {
        (Role::Admin, _) => vec!["P"],
        (Role::Requester | Role::Approver, GrantMode::Brokered) => vec!["R#*"],
        _ => vec!["R#*", "A#*", "L#*"],
    }
}
const LEDGER_WRITE: [&str; 4] = [
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:DeleteItem",
];
/// (TTL is only read: setup reports a table with TTL on, and never turns it on.)
const SETUP: [&str; 5] = [
    "dynamodb:CreateTable",
    "dynamodb:DescribeTable",
    "dynamodb:DescribeContinuousBackups",
    "dynamodb:UpdateContinuousBackups",
    "dynamodb:DescribeTimeToLive",
];
/// Deciding a request: the account's place in the organisation (and whether it is the
/// management account).
const ORG_DECIDE: [&str; 3] = [
    "organizations:DescribeOrganization",
    "organizations:DescribeAccount",
    "organizations:ListParents",
];
/// The whole organisation: `eligible`, and `policy check` resolving OUs and account names.
const ORG_TREE: [&str; 3] = [
    "organizations:ListRoots",
    "organizations:ListChildren",
    "organizations:ListAccounts",
];

/// What one role's commands need, by kind of resource.
struct Needs {
    instance: Vec<&'static str>,
    identity_store: Vec<&'static str>,
    organization: Vec<&'static str>,
    assignments: Vec<&'static str>,
    schedules: Vec<&'static str>,
    pass_role: bool,
    ledger: Vec<&'static str>,
    /// On the seal key: sealing decisions (Encrypt) and verifying them (Decrypt). The key's own
    /// policy decides which kinds of decision each role may seal.
    seals: Vec<&'static str>,
}

fn needs(role: Role, grant: GrantMode) -> Needs {
    let mut n = needs_direct(role);
    if grant == GrantMode::Brokered && matches!(role, Role::Requester | Role::Approver) {
        // People record sealed requests and decisions and ask the executor: no assignment, no
        // schedule, no role to pass, and no lease (leases guard changes to access).
        n.assignments.clear();
        n.schedules.clear();
        n.pass_role = false;
        n.ledger.retain(|a| *a != "dynamodb:DeleteItem");
    }
    n
}

fn needs_direct(role: Role) -> Needs {
    let who = vec![
        "identitystore:GetUserId",
        "identitystore:ListGroupMembershipsForMember",
        "identitystore:DescribeGroup",
    ];
    let read_write: Vec<&str> = LEDGER_READ.iter().chain(&LEDGER_WRITE).copied().collect();
    let permission_sets = vec![
        "sso:ListInstances",
        "sso:ListPermissionSets",
        "sso:DescribePermissionSet",
    ];
    match role {
        Role::Requester => Needs {
            instance: permission_sets,
            identity_store: [who, vec!["identitystore:GetGroupId"]].concat(),
            organization: [ORG_DECIDE, ORG_TREE].concat(),
            // Ending their own elevation early: deleting can only take access away. Creating
            // assignments, or schedules (which act with the scheduler role's power to create
            // them), stays with approvers.
            assignments: vec![
                "sso:DeleteAccountAssignment",
                "sso:DescribeAccountAssignmentDeletionStatus",
            ],
            schedules: vec!["scheduler:ListSchedules", "scheduler:DeleteSchedule"],
            pass_role: false,
            ledger: read_write,
            seals: SEAL_AND_VERIFY.to_vec(),
        },
        Role::Approver => Needs {
            // A grant checks that the permission set's ARN is the one its name says.
            instance: vec!["sso:ListInstances", "sso:DescribePermissionSet"],
            // ...and that the principal's id is the one its name says.
            identity_store: [who, vec!["identitystore:GetGroupId"]].concat(),
            organization: ORG_DECIDE.to_vec(),
            assignments: ASSIGN.to_vec(),
            schedules: vec![
                "scheduler:ListSchedules",
                "scheduler:CreateSchedule",
                "scheduler:DeleteSchedule",
            ],
            pass_role: true,
            ledger: read_write,
            seals: SEAL_AND_VERIFY.to_vec(),
        },
        Role::Executor => Needs {
            // A grant checks that the permission set's ARN is the one its name says; the
            // standing check lists the `temporary_only` sets and the accounts they are in.
            instance: [permission_sets.clone(), STANDING.to_vec()].concat(),
            // Approvers are counted by who they are now: their user, then their groups; and
            // the principal's id must be the one its name says.
            identity_store: vec![
                "identitystore:GetUserId",
                "identitystore:GetGroupId",
                "identitystore:ListGroupMembershipsForMember",
                "identitystore:DescribeGroup",
            ],
            organization: vec!["organizations:DescribeAccount", "organizations:ListParents"],
            assignments: ASSIGN.to_vec(),
            schedules: vec![
                "scheduler:ListSchedules",
                "scheduler:GetSchedule",
                "scheduler:CreateSchedule",
                "scheduler:DeleteSchedule",
            ],
            pass_role: true,
            // Its pass reads the whole ledger (a scan): a record hidden from the indexes too.
            ledger: [read_write, vec!["dynamodb:Scan"]].concat(),
            seals: SEAL_AND_VERIFY.to_vec(),
        },
        Role::Auditor => Needs {
            // Verifying a group's request: whoever decided it must not be in that group now.
            // `audit standing`: every assignment of the `temporary_only` permission sets.
            instance: [permission_sets.clone(), STANDING.to_vec()].concat(),
            identity_store: who,
            organization: vec![],
            assignments: vec!["sso:ListAccountAssignments"],
            schedules: vec![],
            pass_role: false,
            // `audit verify` reads the whole ledger (a scan).
            ledger: [LEDGER_READ.as_slice(), &["dynamodb:Scan"]].concat(),
            seals: vec!["kms:Decrypt"],
        },
        Role::Admin => Needs {
            instance: permission_sets,
            // Who applies it (recorded), and that the users and groups it names exist.
            identity_store: [who, vec!["identitystore:GetGroupId"]].concat(),
            organization: ORG_TREE.to_vec(),
            assignments: vec![],
            schedules: vec![],
            pass_role: false,
            // Policy versions: the latest is read, the next written after it.
            ledger: vec![
                "dynamodb:Query",
                "dynamodb:PutItem",
                "dynamodb:UpdateItem",
                "dynamodb:ConditionCheckItem",
            ],
            seals: SEAL_AND_VERIFY.to_vec(),
        },
        Role::Scheduler => Needs {
            instance: vec![],
            identity_store: vec![],
            organization: vec![],
            assignments: vec!["sso:CreateAccountAssignment", "sso:DeleteAccountAssignment"],
            schedules: vec![],
            pass_role: false,
            ledger: vec![],
            seals: vec![],
        },
    }
}

const SEAL_AND_VERIFY: [&str; 2] = ["kms:Encrypt", "kms:Decrypt"];

/// Finding standing access: the accounts a permission set is provisioned to.
const STANDING: [&str; 1] = ["sso:ListAccountsForProvisionedPermissionSet"];

const ASSIGN: [&str; 5] = [
    "sso:ListAccountAssignments",
    "sso:CreateAccountAssignment",
    "sso:DescribeAccountAssignmentCreationStatus",
    "sso:DeleteAccountAssignment",
    "sso:DescribeAccountAssignmentDeletionStatus",
];

/// The policy document for `role`.
pub fn policy(role: Role, scope: &Scope) -> Value {
    let a = Arns(scope);
    let n = needs(role, scope.grant_mode);
    let mut statements = Vec::new();
    let (list_instances, instance): (Vec<&str>, Vec<&str>) =
        n.instance.iter().partition(|x| **x == "sso:ListInstances");
    if !list_instances.is_empty() {
        // Discovering the instance (and its owner, the identity account) takes no resource; set
        // instance_arn, identity_store_id and identity_account in config and it is never called.
        statements.push(statement("FindInstance", &list_instances, vec!["*".into()]));
    }
    if !instance.is_empty() {
        statements.push(statement(
            "ReadPermissionSets",
            &instance,
            a.instance_resources(),
        ));
    }
    if !n.identity_store.is_empty() {
        statements.push(statement(
            "ReadIdentityStore",
            &n.identity_store,
            a.identity_store(),
        ));
    }
    if !n.organization.is_empty() {
        // Organizations actions take no resource narrower than the organization's own.
        statements.push(statement(
            "ReadOrganization",
            &n.organization,
            vec!["*".into()],
        ));
    }
    if !n.assignments.is_empty() {
        let mut assignments = a.instance_resources();
        assignments.push("arn:aws:sso:::account/*".into());
        statements.push(statement("Assignments", &n.assignments, assignments));
        if n.assignments.iter().any(|x| x.contains("Create")) {
            statements.push(statement(
                "ProvisionPermissionSets",
                &PROVISIONING,
                a.reserved_roles(),
            ));
        }
    }
    let (list, named): (Vec<&str>, Vec<&str>) = n
        .schedules
        .iter()
        .partition(|x| **x == "scheduler:ListSchedules");
    if !list.is_empty() {
        statements.push(statement("ListSchedules", &list, vec!["*".into()]));
    }
    if !named.is_empty() {
        statements.push(statement("Schedules", &named, vec![a.schedules()]));
    }
    if n.pass_role {
        statements.push(json!({
            "Sid": "PassSchedulerRole",
            "Effect": "Allow",
            "Action": ["iam:PassRole"],
            "Resource": [a.scheduler_role()],
            "Condition": {"StringEquals": {"iam:PassedToService": "scheduler.amazonaws.com"}},
        }));
    }
    if scope.table.is_some() && !n.ledger.is_empty() {
        // Deleting is for releasing leases only: a role that could delete a request's newest
        // events could roll it back to a state it left (approved, before it was revoked), which
        // no seal would notice, since every remaining event is genuine.
        let (delete, rest): (Vec<&str>, Vec<&str>) =
            n.ledger.iter().partition(|x| **x == "dynamodb:DeleteItem");
        let (read, write): (Vec<&str>, Vec<&str>) =
            rest.iter().partition(|x| LEDGER_READS.contains(*x));
        if !read.is_empty() {
            statements.push(statement("ReadLedger", &read, a.table()));
        }
        if !write.is_empty() {
            // Each role writes only the items its commands write: policy versions are the
            // admin's alone, so a person who can write requests cannot overwrite the newest
            // version and put a more permissive one back in force; the admin writes nothing else.
            statements.push(json!({
                "Sid": "WriteLedger",
                "Effect": "Allow",
                "Action": write,
                "Resource": a.table(),
                "Condition": {"ForAllValues:StringLike": {"dynamodb:LeadingKeys": writes_under(role, scope.grant_mode)}},
            }));
        }
        if !delete.is_empty() {
            statements.push(json!({
                "Sid": "ReleaseLeases",
                "Effect": "Allow",
                "Action": delete,
                "Resource": a.table(),
                "Condition": {"ForAllValues:StringLike": {"dynamodb:LeadingKeys": ["L#*"]}},
            }));
        }
    }
    if let Some(key) = scope.seal_key.as_ref().filter(|_| !n.seals.is_empty()) {
        statements.push(statement(
            "SealAndVerifyDecisions",
            &n.seals,
            vec![key.clone()],
        ));
    }
    if let Some(function) = scope.executor_function.as_ref().filter(|_| {
        scope.grant_mode == GrantMode::Brokered && matches!(role, Role::Requester | Role::Approver)
    }) {
        // Waking the executor: it trusts nothing in the invocation (it verifies the request
        // named from its sealed events), so this gives no power over access.
        let arn = if function.starts_with("arn:") {
            function.clone()
        } else {
            executor_function_arn(scope, function)
        };
        statements.push(statement(
            "WakeExecutor",
            &["lambda:InvokeFunction"],
            vec![arn],
        ));
    }
    if let Some(topic) = scope
        .notify_sns_topic
        .as_ref()
        .filter(|_| matches!(role, Role::Requester | Role::Approver | Role::Executor))
    {
        statements.push(statement("Notify", &["sns:Publish"], vec![topic.clone()]));
    }
    // Auditors read session activity and assignment changes; the executor reads assignment
    // changes for its standing check.
    if matches!(role, Role::Auditor | Role::Executor) {
        if let Some(store) = &scope.event_data_store {
            let arn = if store.starts_with("arn:") {
                store.clone()
            } else {
                a.regional("cloudtrail", &format!("eventdatastore/{store}"))
            };
            statements.push(statement(
                "QuerySessionActivity",
                &[
                    "cloudtrail:StartQuery",
                    "cloudtrail:GetQueryResults",
                    "cloudtrail:CancelQuery",
                ],
                vec![arn],
            ));
        }
        if let Some(bucket) = &scope.trail_bucket {
            statements.push(statement(
                "ListTrailFiles",
                &["s3:ListBucket"],
                vec![format!("arn:aws:s3:::{bucket}")],
            ));
            statements.push(statement(
                "ReadTrailFiles",
                &["s3:GetObject"],
                vec![format!("arn:aws:s3:::{bucket}/AWSLogs/*")],
            ));
        }
    }
    if role == Role::Admin {
        if scope.table.is_some() {
            statements.push(statement("SetUpLedger", &SETUP, a.table()));
        }
        statements.push(statement(
            "SetUpSchedules",
            &[
                "scheduler:GetScheduleGroup",
                "scheduler:CreateScheduleGroup",
            ],
            vec![a.schedule_group()],
        ));
        // Brokered: the admin checks the scheduler role but cannot make it. A role with the
        // power to create assignments is made once, by whoever administers the account
        // (`setup --create-roles` with their own credentials): an admin who could write its
        // trust policy could trust themselves, and grant anything.
        statements.push(statement(
            "SetUpSchedulerRole",
            if scope.grant_mode == GrantMode::Brokered {
                &["iam:GetRole"][..]
            } else {
                &["iam:GetRole", "iam:CreateRole", "iam:PutRolePolicy"][..]
            },
            vec![a.scheduler_role()],
        ));
        // Creating a key takes no resource (the key does not exist yet); checking it reads its
        // policy. KMS refuses a key policy that would lock its creator out, so the creator must
        // hold kms:PutKeyPolicy too.
        statements.push(statement(
            "CreateSealKey",
            &["kms:CreateKey"],
            vec!["*".into()],
        ));
        statements.push(statement(
            "SetUpSealKey",
            &["kms:DescribeKey", "kms:GetKeyPolicy", "kms:PutKeyPolicy"],
            vec![a.regional("kms", "key/*")],
        ));
        statements.push(statement(
            "NameSealKey",
            &["kms:CreateAlias"],
            vec![
                a.regional("kms", "alias/elevate-seal/*"),
                a.regional("kms", "key/*"),
            ],
        ));
    }
    json!({"Version": "2012-10-17", "Statement": statements})
}

/// The trust policy of the scheduler role: only EventBridge Scheduler, only for elevate's
/// schedule group of this account. AWS sets `aws:SourceArn` to the schedule *group's* ARN when
/// Scheduler assumes the role (a schedule-name pattern there would never match, and no schedule
/// could run).
pub fn scheduler_trust(scope: &Scope) -> Value {
    let group = Arns(scope).schedule_group();
    let mut condition = if group.contains('*') {
        json!({"ArnLike": {"aws:SourceArn": group}})
    } else {
        json!({"ArnEquals": {"aws:SourceArn": group}})
    };
    if let Some(account) = &scope.account {
        condition["StringEquals"] = json!({"aws:SourceAccount": account});
    }
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Service": "scheduler.amazonaws.com"},
            "Action": "sts:AssumeRole",
            "Condition": condition,
        }]
    })
}

/// The executor's function: its name's ARN in this account (wildcards where config names none).
pub fn executor_function_arn(scope: &Scope, function: &str) -> String {
    Arns(scope).regional("lambda", &format!("function:{function}"))
}

/// The executor role's trust when it runs as a Lambda function: the Lambda service, for this
/// account's functions only.
pub fn executor_lambda_trust(scope: &Scope) -> Value {
    let mut statement = json!({
        "Effect": "Allow",
        "Principal": {"Service": "lambda.amazonaws.com"},
        "Action": "sts:AssumeRole",
    });
    if let Some(account) = &scope.account {
        statement["Condition"] = json!({"StringEquals": {"aws:SourceAccount": account}});
    }
    json!({"Version": "2012-10-17", "Statement": [statement]})
}

/// Whether a role's trust policy lets the Lambda service assume it (the executor's role may also
/// be trusted by whatever else runs the executor, e.g. a host).
pub fn lambda_may_assume(trust: &Value) -> bool {
    let as_list = |v: &Value| -> Vec<String> {
        match v {
            Value::String(s) => vec![s.clone()],
            Value::Array(a) => a
                .iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        }
    };
    let statements = match &trust["Statement"] {
        Value::Array(a) => a.clone(),
        s @ Value::Object(_) => vec![s.clone()],
        _ => Vec::new(),
    };
    statements.iter().any(|s| {
        s["Effect"] == "Allow"
            && as_list(&s["Action"]).iter().any(|a| a == "sts:AssumeRole")
            && as_list(&s["Principal"]["Service"])
                .iter()
                .any(|p| p == "lambda.amazonaws.com")
    })
}

/// The executor's policy as a Lambda function: `policy(Executor)`, and writing its own logs.
pub fn executor_lambda_policy(scope: &Scope, function: &str) -> Value {
    let mut doc = policy(Role::Executor, scope);
    let group = Arns(scope).regional("logs", &format!("log-group:/aws/lambda/{function}"));
    if let Some(statements) = doc["Statement"].as_array_mut() {
        statements.push(statement(
            "Logs",
            &["logs:CreateLogGroup"],
            vec![group.clone()],
        ));
        statements.push(statement(
            "LogEvents",
            &["logs:CreateLogStream", "logs:PutLogEvents"],
            vec![format!("{group}:log-stream:*")],
        ));
    }
    doc
}

/// The policy of the role the executor's one-minute schedule runs with: invoking the executor's
/// function, nothing else. (Its trust is the scheduler's rule: `scheduler_trust`.)
pub fn executor_invoker_policy(scope: &Scope, function: &str) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [statement(
            "InvokeExecutor",
            &["lambda:InvokeFunction"],
            vec![executor_function_arn(scope, function)],
        )],
    })
}

/// What is wrong with a scheduler role's trust policy, by the rule `scheduler_trust` writes:
/// EventBridge Scheduler may assume it (`sts:AssumeRole` by `scheduler.amazonaws.com`), and
/// only for elevate's schedule group — `aws:SourceArn` is the group's ARN when Scheduler assumes
/// a role, so a condition naming schedules (`…:schedule/<group>/<name>`) never matches and no
/// schedule could run; and none at all lets any schedule of any group use the role.
pub fn scheduler_trust_problems(trust: &Value, scope: &Scope) -> Vec<String> {
    let group = Arns(scope).schedule_group();
    let statements: Vec<&Value> = match &trust["Statement"] {
        Value::Array(a) => a.iter().collect(),
        s @ Value::Object(_) => vec![s],
        _ => return vec!["it has no statements".into()],
    };
    let as_list = |v: &Value| -> Vec<String> {
        match v {
            Value::String(s) => vec![s.clone()],
            Value::Array(a) => a
                .iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect(),
            _ => Vec::new(),
        }
    };
    let mut problems = Vec::new();
    let scheduler: Vec<&Value> = statements
        .into_iter()
        .filter(|s| s["Effect"] == "Allow")
        .filter(|s| {
            as_list(&s["Principal"]["Service"])
                .iter()
                .any(|p| p == "scheduler.amazonaws.com")
        })
        .filter(|s| {
            as_list(&s["Action"])
                .iter()
                .any(|a| a == "sts:AssumeRole" || a == "sts:*" || a == "*")
        })
        .collect();
    if scheduler.is_empty() {
        return vec!["EventBridge Scheduler (scheduler.amazonaws.com) may not assume it".into()];
    }
    for s in scheduler {
        let mut source_arns = Vec::new();
        let mut source_accounts = Vec::new();
        if let Some(ops) = s["Condition"].as_object() {
            for keys in ops.values().filter_map(Value::as_object) {
                for (k, v) in keys {
                    match k.to_ascii_lowercase().as_str() {
                        "aws:sourcearn" => source_arns.extend(as_list(v)),
                        "aws:sourceaccount" => source_accounts.extend(as_list(v)),
                        _ => {}
                    }
                }
            }
        }
        if source_arns.is_empty() {
            problems.push(format!(
                "it lets any schedule use the role: limit aws:SourceArn to the schedule group {group}"
            ));
        }
        for arn in &source_arns {
            if arn.contains(":schedule/") {
                problems.push(format!(
                    "aws:SourceArn names schedules ({arn}): AWS sets it to the schedule group's ARN, so no schedule could ever use the role. Use {group}"
                ));
            } else if *arn != group && !group.contains('*') {
                problems.push(format!(
                    "aws:SourceArn is {arn}, not elevate's schedule group {group}"
                ));
            }
        }
        if let Some(account) = &scope.account
            && !source_accounts.iter().any(|a| a == account)
        {
            problems.push(format!("aws:SourceAccount is not limited to {account}"));
        }
    }
    problems
}

/// Every action a policy grants.
pub fn actions(policy: &Value) -> BTreeSet<String> {
    policy["Statement"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|s| s["Action"].as_array().into_iter().flatten())
        .filter_map(|a| a.as_str().map(str::to_string))
        .collect()
}

/// Whether an action is one a policy may grant without elevate calling it itself.
pub fn is_implied(action: &str) -> bool {
    IMPLIED.iter().any(|(a, _)| *a == action) || PROVISIONING.contains(&action)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope() -> Scope {
        Scope {
            region: Some("eu-west-1".into()),
            account: Some("111122223333".into()),
            instance_arn: Some("arn:aws:sso:::instance/ssoins-0123456789abcdef".into()),
            identity_store_id: Some("d-1234567890".into()),
            table: Some("elevate-ledger".into()),
            schedule_group: "elevate".into(),
            scheduler_role_arn: Some("arn:aws:iam::111122223333:role/elevate-scheduler".into()),
            event_data_store: None,
            trail_bucket: None,
            notify_sns_topic: None,
            seal_key: Some("arn:aws:kms:eu-west-1:111122223333:key/seal".into()),
            grant_mode: GrantMode::Direct,
            executor_function: None,
        }
    }

    /// People wake the executor's function in a brokered team, and may do nothing else with it;
    /// nobody else is given that.
    #[test]
    fn brokered_people_may_wake_the_executor_and_nothing_more() {
        let named = |grant_mode| Scope {
            executor_function: Some("elevate-executor".into()),
            grant_mode,
            ..scope()
        };
        let function = "arn:aws:lambda:eu-west-1:111122223333:function:elevate-executor";
        for role in Role::ALL {
            let doc = policy(role, &named(GrantMode::Brokered));
            let wakes = allows(&doc, "lambda:InvokeFunction", function, None);
            assert_eq!(
                wakes,
                matches!(role, Role::Requester | Role::Approver),
                "{role}"
            );
            assert!(!allows(
                &doc,
                "lambda:InvokeFunction",
                "arn:aws:lambda:eu-west-1:111122223333:function:other",
                None
            ));
            assert!(
                !allows(&doc, "lambda:UpdateFunctionCode", function, None),
                "{role}"
            );
            assert!(
                !actions(&policy(role, &named(GrantMode::Direct)))
                    .contains("lambda:InvokeFunction")
            );
            assert!(!actions(&policy(role, &brokered())).contains("lambda:InvokeFunction"));
        }
        // Named by ARN, the ARN is the resource.
        let by_arn = Scope {
            executor_function: Some("arn:aws:lambda:us-east-1:444455556666:function:x".into()),
            ..named(GrantMode::Brokered)
        };
        assert!(allows(
            &policy(Role::Approver, &by_arn),
            "lambda:InvokeFunction",
            "arn:aws:lambda:us-east-1:444455556666:function:x",
            None
        ));
    }

    fn brokered() -> Scope {
        Scope {
            grant_mode: GrantMode::Brokered,
            ..scope()
        }
    }

    /// `role`'s policy, evaluated as IAM would, for `action` on `resource` (with the given
    /// `dynamodb:LeadingKeys`, when any).
    fn allows(doc: &Value, action: &str, resource: &str, leading: Option<&str>) -> bool {
        let mut req = crate::domain::iam_eval::Request::new(
            action,
            resource,
            "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ElevateApprover_0123456789abcdef",
            "AROAEXAMPLE:mallory",
        )
        .unwrap();
        if let Some(l) = leading {
            req = req.with_multi_key("dynamodb:LeadingKeys", &[l]);
        }
        crate::domain::iam_eval::evaluate(doc, crate::domain::iam_eval::PolicyKind::Identity, &req)
            .unwrap()
            .decision
            .is_allowed()
    }

    /// Brokered: no person's role may create or delete an assignment, touch a schedule, pass
    /// the scheduler role or create a role; only the executor may. Evaluated as IAM evaluates
    /// the documents, on the resources an attacker would name.
    #[test]
    fn brokered_people_hold_no_power_to_change_access() {
        let s = brokered();
        let assignment = [
            "arn:aws:sso:::instance/ssoins-0123456789abcdef",
            "arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-admin",
            "arn:aws:sso:::account/444455556666",
        ];
        let schedule =
            "arn:aws:scheduler:eu-west-1:111122223333:schedule/elevate/elevate-colleague";
        for role in [Role::Requester, Role::Approver, Role::Auditor, Role::Admin] {
            let doc = policy(role, &s);
            let granted = actions(&doc);
            let forbidden: Vec<&String> = granted
                .iter()
                .filter(|a| {
                    // (Listing assignments is reading: auditors find standing access with it.)
                    (a.starts_with("sso:")
                        && a.contains("AccountAssignment")
                        && *a != "sso:ListAccountAssignments")
                        || (a.starts_with("scheduler:") && a.ends_with("Schedule"))
                        || *a == "iam:PassRole"
                        || *a == "iam:CreateRole"
                })
                .collect();
            assert!(
                forbidden.is_empty(),
                "{role} may {forbidden:?} in brokered mode"
            );
            for action in ["sso:CreateAccountAssignment", "sso:DeleteAccountAssignment"] {
                for r in assignment {
                    assert!(!allows(&doc, action, r, None), "{role} {action} {r}");
                }
            }
            for action in [
                "scheduler:DeleteSchedule",
                "scheduler:CreateSchedule",
                "scheduler:UpdateSchedule",
            ] {
                assert!(!allows(&doc, action, schedule, None), "{role} {action}");
            }
            assert!(
                !allows(
                    &doc,
                    "iam:PassRole",
                    "arn:aws:iam::111122223333:role/elevate-scheduler",
                    None
                ),
                "{role}"
            );
            // Ledger writes: their own requests and decisions only; never an assignment's open
            // set, a lease or a policy version (the admin writes those alone).
            let table = "arn:aws:dynamodb:eu-west-1:111122223333:table/elevate-ledger";
            if matches!(role, Role::Requester | Role::Approver) {
                assert!(
                    allows(&doc, "dynamodb:PutItem", table, Some("R#r-1")),
                    "{role}"
                );
                for other in ["A#ssoins-1|111|ps|USER|u", "L#a", "P"] {
                    for action in [
                        "dynamodb:PutItem",
                        "dynamodb:UpdateItem",
                        "dynamodb:DeleteItem",
                    ] {
                        assert!(
                            !allows(&doc, action, table, Some(other)),
                            "{role} {action} {other}"
                        );
                    }
                }
            }
        }
        let executor = policy(Role::Executor, &s);
        for action in ["sso:CreateAccountAssignment", "sso:DeleteAccountAssignment"] {
            for r in assignment {
                assert!(allows(&executor, action, r, None), "executor {action} {r}");
            }
        }
        assert!(allows(
            &executor,
            "scheduler:DeleteSchedule",
            "arn:aws:scheduler:eu-west-1:111122223333:schedule/elevate/elevate-x",
            None
        ));
        // Direct mode keeps today's powers: its approvers are trusted.
        assert!(allows(
            &policy(Role::Approver, &scope()),
            "sso:CreateAccountAssignment",
            assignment[2],
            None
        ));
    }

    /// AWS: Scheduler sets `aws:SourceArn` to the schedule group's ARN when it assumes the
    /// execution role ("Confused deputy prevention in EventBridge Scheduler"): a trust policy
    /// naming schedules would make every schedule fail.
    #[test]
    fn the_scheduler_trusts_the_schedule_group_of_this_account() {
        let s = scope();
        let trust = scheduler_trust(&s);
        let condition = &trust["Statement"][0]["Condition"];
        assert_eq!(
            condition["ArnEquals"]["aws:SourceArn"],
            "arn:aws:scheduler:eu-west-1:111122223333:schedule-group/elevate"
        );
        assert_eq!(
            condition["StringEquals"]["aws:SourceAccount"],
            "111122223333"
        );
        assert_eq!(scheduler_trust_problems(&trust, &s), Vec::<String>::new());
        // What setup finds and reports: the old schedule-name prefix, no condition, another
        // group, or no Scheduler at all.
        let with = |condition: Value| {
            json!({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": "scheduler.amazonaws.com"},
            "Action": "sts:AssumeRole", "Condition": condition}]})
        };
        let prefix = with(
            json!({"ArnLike": {"aws:SourceArn": "arn:aws:scheduler:eu-west-1:111122223333:schedule/elevate/elevate-*"}, "StringEquals": {"aws:SourceAccount": "111122223333"}}),
        );
        assert!(
            scheduler_trust_problems(&prefix, &s)[0]
                .contains("no schedule could ever use the role")
        );
        assert!(!scheduler_trust_problems(&with(json!({})), &s).is_empty());
        let other = with(
            json!({"ArnEquals": {"aws:SourceArn": "arn:aws:scheduler:eu-west-1:111122223333:schedule-group/default"}, "StringEquals": {"aws:SourceAccount": "111122223333"}}),
        );
        assert!(scheduler_trust_problems(&other, &s)[0].contains("not elevate's schedule group"));
        let ec2 = json!({"Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]});
        assert!(scheduler_trust_problems(&ec2, &s)[0].contains("may not assume"));
    }

    #[test]
    fn resources_are_scoped_to_what_config_names() {
        let text = policy(Role::Approver, &scope()).to_string();
        for expected in [
            "arn:aws:sso:::instance/ssoins-0123456789abcdef",
            "arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/*",
            "arn:aws:dynamodb:eu-west-1:111122223333:table/elevate-ledger",
            "arn:aws:scheduler:eu-west-1:111122223333:schedule/elevate/elevate-*",
            "arn:aws:iam::111122223333:role/elevate-scheduler",
            "arn:aws:identitystore::111122223333:identitystore/d-1234567890",
        ] {
            assert!(text.contains(expected), "{expected} in {text}");
        }
        // The scheduler role may be passed only to EventBridge Scheduler.
        assert!(text.contains("\"iam:PassedToService\":\"scheduler.amazonaws.com\""));
    }

    #[test]
    fn who_may_do_what() {
        let has = |role, action: &str| actions(&policy(role, &scope())).contains(action);
        // Only approvers and the executor grant; requesters and auditors never do.
        for role in [Role::Approver, Role::Executor] {
            assert!(has(role, "sso:CreateAccountAssignment"));
        }
        // Nor may anyone else create schedules or pass the scheduler role: a schedule acts with
        // that role's power to create assignments.
        for role in [Role::Requester, Role::Auditor, Role::Admin] {
            assert!(!has(role, "sso:CreateAccountAssignment"), "{role}");
            assert!(!has(role, "scheduler:CreateSchedule"), "{role}");
            assert!(!has(role, "iam:PassRole"), "{role}");
        }
        // A requester may end their own elevation early: deleting only takes access away.
        assert!(has(Role::Requester, "sso:DeleteAccountAssignment"));
        // The auditor reads the ledger and verifies its seals (with who is in a group that
        // received access: nobody in it may have decided its request), lists the assignments
        // of permission sets for `audit standing`, and, where configured, reads the trail;
        // nothing else: it never seals and never writes.
        assert_eq!(
            actions(&policy(Role::Auditor, &scope())),
            BTreeSet::from([
                "dynamodb:GetItem".to_string(),
                "dynamodb:Query".to_string(),
                "dynamodb:Scan".to_string(),
                "identitystore:DescribeGroup".to_string(),
                "identitystore:GetUserId".to_string(),
                "identitystore:ListGroupMembershipsForMember".to_string(),
                "kms:Decrypt".to_string(),
                "sso:DescribePermissionSet".to_string(),
                "sso:ListAccountAssignments".to_string(),
                "sso:ListAccountsForProvisionedPermissionSet".to_string(),
                "sso:ListInstances".to_string(),
                "sso:ListPermissionSets".to_string(),
            ])
        );
        // Nobody deletes anything from the ledger but leases.
        for role in Role::ALL {
            let doc = policy(role, &scope());
            for s in doc["Statement"].as_array().unwrap() {
                let deletes = s["Action"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|a| a == "dynamodb:DeleteItem");
                if deletes {
                    assert_eq!(s["Sid"], "ReleaseLeases", "{role}");
                    assert_eq!(
                        s["Condition"]["ForAllValues:StringLike"]["dynamodb:LeadingKeys"],
                        json!(["L#*"]),
                        "{role}"
                    );
                }
            }
        }
        // As IAM evaluates it: a requester may release a lease, never delete an event.
        let requester = policy(Role::Requester, &scope());
        let delete = |leading: &str| {
            let req = crate::domain::iam_eval::Request::new(
                "dynamodb:DeleteItem",
                "arn:aws:dynamodb:eu-west-1:111122223333:table/elevate-ledger",
                "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ElevateRequester_0123456789abcdef",
                "AROAEXAMPLE:alice",
            )
            .unwrap()
            .with_multi_key("dynamodb:LeadingKeys", &[leading]);
            crate::domain::iam_eval::evaluate(
                &requester,
                crate::domain::iam_eval::PolicyKind::Identity,
                &req,
            )
            .unwrap()
            .decision
            .is_allowed()
        };
        assert!(delete(
            "L#arn:aws:sso:::instance/ssoins-1|111|ps|USER|u-alice"
        ));
        assert!(!delete("R#r-0123456789"));
        assert!(!delete("P"));
        // ...and writes requests, never a policy version, which only the admin writes.
        let may_write = |role: Role, action: &str, leading: &str| {
            let req = crate::domain::iam_eval::Request::new(
                action,
                "arn:aws:dynamodb:eu-west-1:111122223333:table/elevate-ledger",
                "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Elevate_0123456789abcdef",
                "AROAEXAMPLE:alice",
            )
            .unwrap()
            .with_multi_key("dynamodb:LeadingKeys", &[leading]);
            crate::domain::iam_eval::evaluate(
                &policy(role, &scope()),
                crate::domain::iam_eval::PolicyKind::Identity,
                &req,
            )
            .unwrap()
            .decision
            .is_allowed()
        };
        for role in [Role::Requester, Role::Approver, Role::Executor] {
            for action in ["dynamodb:PutItem", "dynamodb:UpdateItem"] {
                assert!(may_write(role, action, "R#r-0123456789"), "{role} {action}");
                assert!(
                    may_write(role, action, "A#ssoins-1|111|ps|USER|u"),
                    "{role}"
                );
                assert!(!may_write(role, action, "P"), "{role} {action} P");
                assert!(!may_write(role, action, "X"), "{role} {action} X");
            }
            assert!(
                !may_write(role, "dynamodb:ConditionCheckItem", "P"),
                "{role}"
            );
        }
        for action in ["dynamodb:PutItem", "dynamodb:ConditionCheckItem"] {
            assert!(may_write(Role::Admin, action, "P"), "{action}");
            assert!(
                !may_write(Role::Admin, action, "R#r-0123456789"),
                "{action}"
            );
        }
        for action in ["dynamodb:PutItem", "dynamodb:UpdateItem"] {
            assert!(!may_write(Role::Auditor, action, "R#r-0123456789"));
        }
        // Sealing is on the seal key only; which decisions is the key policy's to say.
        for role in [Role::Requester, Role::Approver, Role::Executor, Role::Admin] {
            let text = policy(role, &scope()).to_string();
            assert!(text.contains("\"SealAndVerifyDecisions\""), "{role}");
            assert!(
                text.contains("arn:aws:kms:eu-west-1:111122223333:key/seal"),
                "{role}"
            );
        }
        assert!(
            !actions(&policy(Role::Scheduler, &scope()))
                .iter()
                .any(|a| a.starts_with("kms:"))
        );
        // The scheduler role creates and deletes assignments and nothing else of Identity
        // Center's.
        let scheduler = actions(&policy(Role::Scheduler, &scope()));
        assert!(scheduler.contains("sso:DeleteAccountAssignment"));
        assert!(
            !scheduler
                .iter()
                .any(|a| a.starts_with("dynamodb:") || a.starts_with("scheduler:"))
        );
    }

    #[test]
    fn unknown_scope_is_a_wildcard_and_sqlite_needs_no_table_access() {
        let bare = Scope {
            schedule_group: "elevate".into(),
            ..Scope::default()
        };
        let text = policy(Role::Approver, &bare).to_string();
        assert!(text.contains("arn:aws:scheduler:*:*:schedule/elevate/elevate-*"));
        assert!(!text.contains("dynamodb:"));
        let trust = scheduler_trust(&scope()).to_string();
        assert!(trust.contains("scheduler.amazonaws.com") && trust.contains("111122223333"));
        assert!("approver".parse::<Role>().is_ok());
        assert!("root".parse::<Role>().unwrap_err().contains("requester"));
    }
}
