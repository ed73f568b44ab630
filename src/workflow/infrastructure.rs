//! What elevate needs in the account where it runs, observed and created where asked: the step
//! `elevate setup` runs, and `elevate doctor` runs as a dry run, so the two never disagree.
//! Setup creates, or checks, what elevate needs in the account where it runs — the
//! DynamoDB ledger table (on demand, point-in-time recovery, TTL on leases, encrypted as
//! configured), the seal key (with the key policy that lets each principal seal only the
//! decisions it may make), the schedule group, and the scheduler role. Observes first, then acts
//! only on what is missing, so it is safe to run twice; `--dry-run` stops after observing.

use serde::Serialize;

use crate::domain::iam::{self, Role, Scope};
use crate::error::Result;
use crate::store::layout::INDEXES;

use super::ports::Infrastructure;

#[derive(Debug, Clone)]
pub struct SetupInput {
    /// The ledger table, when the store is DynamoDB.
    pub table: Option<String>,
    /// A customer-managed KMS key (ARN or key id) for the table; `None`: the AWS-owned key.
    pub kms_key: Option<String>,
    pub schedule_group: String,
    /// Create the scheduler role (named `scheduler_role_name`) when it is missing.
    pub create_roles: bool,
    pub scheduler_role_name: String,
    pub dry_run: bool,
    pub scope: Scope,
    /// The seal key config names (`kms_seal_key`), checked against `seal_policy`.
    pub seal_key: Option<String>,
    /// Create a seal key when none is configured (the default for a shared ledger).
    pub create_seal_key: bool,
    /// The key policy the seal key must have (`elevate iam-policy kms-key`), or why it cannot be
    /// written from this configuration.
    pub seal_policy: std::result::Result<serde_json::Value, String>,
    /// The alias setup names a seal key it creates with, and finds it by before `kms_seal_key`
    /// is set.
    pub seal_alias: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Already as it should be.
    Ok,
    Created,
    Changed,
    /// `--dry-run`: would be created or changed.
    WouldChange,
    /// Not as config says, and not something setup changes on its own: a person decides.
    Problem,
    /// Left to a person (e.g. a role to create with --create-roles).
    Manual,
}

/// What an [`Item`] is: what its readers decide by, never its name, which is for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    PermissionSet,
    /// The DynamoDB ledger table.
    Table,
    /// An SQLite ledger: nothing to set up.
    Ledger,
    SealKey,
    /// The schedule group elevate's schedules live in.
    ScheduleGroup,
    /// The role EventBridge Scheduler grants and revokes with (`scheduler_role_arn`).
    SchedulerRole,
    /// The executor function's own role.
    ExecutorRole,
    /// The role the executor's schedule invokes its function with.
    InvokerRole,
    /// The executor's function.
    Function,
    /// The executor's one-minute schedule.
    Schedule,
}

#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// (Not in the JSON: `resource` names it there.)
    #[serde(skip)]
    pub kind: Kind,
    pub resource: String,
    pub outcome: Outcome,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub dry_run: bool,
    pub items: Vec<Item>,
    /// The scheduler role's ARN, when it exists or was created: what `scheduler_role_arn` is.
    pub scheduler_role_arn: Option<String>,
    /// The seal key's ARN, when it exists or was created: what `kms_seal_key` is.
    pub seal_key: Option<String>,
}

impl Report {
    pub fn problems(&self) -> usize {
        self.items
            .iter()
            .filter(|i| i.outcome == Outcome::Problem)
            .count()
    }
}

/// The permission sets people sign in with, one per role, each with its role's policy inline
/// (`setup --permission-sets`).
#[derive(Debug, Clone)]
pub struct PermissionSetsInput {
    /// (role, the permission set's name, the policy it must carry inline; `None` when the role
    /// needs no permission in this configuration).
    pub sets: Vec<(Role, String, Option<serde_json::Value>)>,
    /// Sessions of a set it creates (ISO 8601): short, since these are the roles elevate runs
    /// with, not the access it grants.
    pub session_duration: String,
    pub dry_run: bool,
}

/// Creates the permission sets that are missing, and puts each role's policy inline where the
/// one it carries differs (provisioning it again to the accounts it is in, so the roles people
/// already use change too). A set carrying a policy its role does not need is reported, not
/// changed.
pub async fn permission_sets(
    admin: &dyn super::ports::PermissionSetAdmin,
    input: &PermissionSetsInput,
) -> Result<Vec<Item>> {
    use super::ports::Provisioning;
    let instance = admin.instance_arn().await?;
    let mut items = Vec::new();
    for (role, name, policy) in &input.sets {
        let resource = format!("permission set {name}");
        let text = policy.as_ref().map(|p| p.to_string());
        let (outcome, detail) = match admin.find(&instance, name).await? {
            None if input.dry_run => (
                Outcome::WouldChange,
                format!("missing: would be created with the {role} policy inline"),
            ),
            None => {
                let arn = admin
                    .create(
                        &instance,
                        name,
                        &format!("elevate {role}: what `elevate iam-policy {role}` prints"),
                        &input.session_duration,
                    )
                    .await?;
                if let Some(text) = &text {
                    admin.put_inline_policy(&instance, &arn, text).await?;
                }
                (
                    Outcome::Created,
                    format!(
                        "created ({arn}) with the {role} policy inline. Assign the {role}s' group to it in the account people sign into"
                    ),
                )
            }
            Some(arn) => {
                let have = admin.inline_policy(&instance, &arn).await?;
                // (Text that is not JSON is kept as text: it is a policy, and not this one.)
                let have_json = have.as_deref().map(|h| {
                    serde_json::from_str::<serde_json::Value>(h)
                        .unwrap_or_else(|_| serde_json::Value::String(h.to_string()))
                });
                match (have_json.as_ref(), policy.as_ref(), text.as_ref()) {
                    (h, p, _) if h == p => (Outcome::Ok, format!("carries the {role} policy")),
                    (Some(_), None, _) => (
                        Outcome::Problem,
                        format!(
                            "carries an inline policy the {role} role does not need in this configuration: remove it (aws sso-admin delete-inline-policy-from-permission-set)"
                        ),
                    ),
                    _ if input.dry_run => (
                        Outcome::WouldChange,
                        format!(
                            "its inline policy is not the {role} policy: would be replaced and provisioned again"
                        ),
                    ),
                    (_, _, Some(text)) => {
                        admin.put_inline_policy(&instance, &arn, text).await?;
                        match admin.provision(&instance, &arn).await {
                            Ok(Provisioning::Succeeded) => (
                                Outcome::Changed,
                                format!(
                                    "its inline policy was replaced with the {role} policy and provisioned again"
                                ),
                            ),
                            Ok(Provisioning::Failed(why)) => (
                                Outcome::Problem,
                                format!(
                                    "its inline policy was replaced, but provisioning it again failed ({why}): run `aws sso-admin provision-permission-set --target-type ALL_PROVISIONED_ACCOUNTS` for it"
                                ),
                            ),
                            Err(e) => (
                                Outcome::Problem,
                                format!(
                                    "its inline policy was replaced, but provisioning it again failed ({e}): run `aws sso-admin provision-permission-set --target-type ALL_PROVISIONED_ACCOUNTS` for it"
                                ),
                            ),
                        }
                    }
                    // (A policy is wanted whenever the one it carries differs and is not extra.)
                    (_, _, None) => (Outcome::Ok, format!("carries the {role} policy")),
                }
            }
        };
        items.push(Item {
            kind: Kind::PermissionSet,
            resource,
            outcome,
            detail,
        });
    }
    Ok(items)
}

/// The executor deployed as a Lambda function (`setup --executor`).
#[derive(Debug, Clone)]
pub struct ExecutorInput {
    pub scope: Scope,
    pub role_name: String,
    /// The role the one-minute schedule invokes the function with.
    pub invoker_role_name: String,
    pub function_name: String,
    pub schedule_name: String,
    /// The code package (`bootstrap` inside) and its architecture.
    pub zip: Vec<u8>,
    pub architecture: String,
    /// What the function runs with: the ledger, the seal key, the grant mode, …
    pub environment: std::collections::BTreeMap<String, String>,
    pub dry_run: bool,
}

/// Lambda's `CodeSha256` of a package: base64 of its SHA-256.
pub fn code_sha256(zip: &[u8]) -> String {
    use sha2::Digest;
    aws_smithy_types::base64::encode(sha2::Sha256::digest(zip))
}

/// Creates what is missing of the executor's deployment — its role (trusted by Lambda, with the
/// executor's policy and its logs), the function, the role its schedule invokes it with, and the
/// one-minute schedule — and replaces the function's code when it differs. A role, function or
/// schedule that exists otherwise than this would make it is reported, not changed.
pub async fn executor(infra: &dyn Infrastructure, input: &ExecutorInput) -> Result<Vec<Item>> {
    use super::ports::{FunctionSpec, RecurringSchedule};
    let mut items = Vec::new();
    let mut item = |kind: Kind, resource: String, outcome: Outcome, detail: String| {
        items.push(Item {
            kind,
            resource,
            outcome,
            detail,
        })
    };
    let scope = &input.scope;
    let would = |what: &str| {
        (
            Outcome::WouldChange,
            format!("missing: would be created ({what})"),
        )
    };

    // The roles: made once, then only checked: the executor's must let Lambda assume it (it may
    // also be a host's), the invoker's must follow the scheduler's rule.
    let role_arn = |name: &str,
                    trust: serde_json::Value,
                    policy: serde_json::Value,
                    what: &str,
                    check: fn(&serde_json::Value, &Scope) -> Vec<String>| {
        let name = name.to_string();
        let what = what.to_string();
        async move {
            let resource = format!("role {name}");
            Ok::<_, crate::error::Error>(match infra.role(&name).await? {
                Some(r) => {
                    let problems = match serde_json::from_str::<serde_json::Value>(&r.trust_policy)
                    {
                        Ok(t) => check(&t, scope),
                        Err(e) => vec![format!("its trust policy is not JSON ({e})")],
                    };
                    let (outcome, detail) = if problems.is_empty() {
                        (Outcome::Ok, format!("exists ({what})"))
                    } else {
                        (
                            Outcome::Problem,
                            format!(
                                "exists, but {}: fix its trust policy by hand",
                                problems.join("; ")
                            ),
                        )
                    };
                    (resource, outcome, detail, Some(r.arn))
                }
                None if input.dry_run => {
                    let (o, d) = would(&what);
                    (resource, o, d, None)
                }
                None => {
                    let arn = infra
                        .create_role(&name, &trust.to_string(), &policy.to_string())
                        .await?;
                    (
                        resource,
                        Outcome::Created,
                        format!("created ({what})"),
                        Some(arn),
                    )
                }
            })
        }
    };
    let (r, o, d, executor_role) = role_arn(
        &input.role_name,
        iam::executor_lambda_trust(scope),
        iam::executor_lambda_policy(scope, &input.function_name),
        "assumed by Lambda for the executor's function only; the executor's policy and its logs",
        |trust, _| {
            if iam::lambda_may_assume(trust) {
                Vec::new()
            } else {
                vec!["its trust policy does not let Lambda (lambda.amazonaws.com) assume it".into()]
            }
        },
    )
    .await?;
    item(Kind::ExecutorRole, r, o, d);
    let (r, o, d, invoker_role) = role_arn(
        &input.invoker_role_name,
        iam::scheduler_trust(scope),
        iam::executor_invoker_policy(scope, &input.function_name),
        "assumed by EventBridge Scheduler for elevate's schedule group; may invoke the executor's function, nothing else",
        iam::scheduler_trust_problems,
    )
    .await?;
    item(Kind::InvokerRole, r, o, d);

    let resource = format!("function {}", input.function_name);
    let sha = code_sha256(&input.zip);
    let function_arn = match infra.function(&input.function_name).await? {
        Some(f) => {
            let mut problems = Vec::new();
            if executor_role.as_ref().is_some_and(|r| *r != f.role) {
                problems.push(format!("it runs as {}, not the executor role", f.role));
            }
            let differing: Vec<&String> = input
                .environment
                .iter()
                .filter(|(k, v)| f.environment.get(*k) != Some(*v))
                .map(|(k, _)| k)
                .collect();
            if !differing.is_empty() {
                problems.push(format!(
                    "its environment differs from this configuration in {} (aws lambda update-function-configuration)",
                    differing.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")
                ));
            }
            let (outcome, detail) = if !problems.is_empty() {
                (Outcome::Problem, problems.join("; "))
            } else if f.code_sha256 == sha {
                (Outcome::Ok, "runs this build of elevate".to_string())
            } else if input.dry_run {
                (
                    Outcome::WouldChange,
                    "runs another build of elevate: its code would be replaced".to_string(),
                )
            } else {
                infra
                    .update_function_code(&input.function_name, &input.zip)
                    .await?;
                (
                    Outcome::Changed,
                    "its code was replaced with this build of elevate".to_string(),
                )
            };
            item(Kind::Function, resource, outcome, detail);
            Some(f.arn)
        }
        None => match (&executor_role, input.dry_run) {
            (Some(role), false) => {
                let arn = infra
                    .create_function(&FunctionSpec {
                        name: &input.function_name,
                        role_arn: role,
                        zip: &input.zip,
                        architecture: &input.architecture,
                        environment: &input.environment,
                        // The longest Lambda allows: a full pass over a large ledger.
                        timeout_secs: 900,
                        memory_mb: 512,
                    })
                    .await?;
                item(
                    Kind::Function,
                    resource,
                    Outcome::Created,
                    format!(
                        "created ({arn}): provided.al2023, {}, this build of elevate as bootstrap",
                        input.architecture
                    ),
                );
                Some(arn)
            }
            _ => {
                let (o, d) = would("provided.al2023, this build of elevate as bootstrap");
                item(Kind::Function, resource, o, d);
                None
            }
        },
    };

    let resource = format!("schedule {}/{}", scope.schedule_group, input.schedule_name);
    let want = |target: &str, role: &str| RecurringSchedule {
        expression: "rate(1 minute)".into(),
        target_arn: target.into(),
        role_arn: role.into(),
    };
    match infra
        .recurring_schedule(&scope.schedule_group, &input.schedule_name)
        .await?
    {
        Some(s) => {
            let matches = match (&function_arn, &invoker_role) {
                (Some(f), Some(r)) => s == want(f, r),
                _ => false,
            };
            if matches {
                item(
                    Kind::Schedule,
                    resource,
                    Outcome::Ok,
                    "invokes the executor every minute".into(),
                );
            } else {
                item(
                    Kind::Schedule,
                    resource,
                    Outcome::Problem,
                    format!(
                        "exists, but does not invoke the executor's function every minute with the invoker role ({}, {} as {}): fix or delete it",
                        s.expression, s.target_arn, s.role_arn
                    ),
                );
            }
        }
        None => match (&function_arn, &invoker_role, input.dry_run) {
            (Some(f), Some(r), false) => {
                infra
                    .create_recurring_schedule(
                        &scope.schedule_group,
                        &input.schedule_name,
                        &want(f, r),
                    )
                    .await?;
                item(
                    Kind::Schedule,
                    resource,
                    Outcome::Created,
                    "created: invokes the executor every minute (a full pass)".into(),
                );
            }
            _ => {
                let (o, d) = would("rate(1 minute), invoking the executor");
                item(Kind::Schedule, resource, o, d);
            }
        },
    }
    Ok(items)
}

/// Whether the key a table is encrypted with is the key config names (an ARN, or a key id that
/// is the ARN's last part). Aliases cannot be compared without KMS: they are refused earlier.
pub fn same_key(configured: &str, table_key: &str) -> bool {
    configured == table_key || table_key.ends_with(&format!(":key/{configured}"))
}

pub async fn setup(infra: &dyn Infrastructure, input: &SetupInput) -> Result<Report> {
    let mut items = Vec::new();
    let mut item = |kind: Kind, resource: &str, outcome: Outcome, detail: String| {
        items.push(Item {
            kind,
            resource: resource.to_string(),
            outcome,
            detail,
        })
    };
    let act = |done: Outcome| {
        if input.dry_run {
            Outcome::WouldChange
        } else {
            done
        }
    };

    if let Some(table) = &input.table {
        let resource = format!("dynamodb table {table}");
        let encryption = match &input.kms_key {
            Some(k) => format!("customer key {k}"),
            None => "the AWS-owned key".to_string(),
        };
        match infra.table(table).await? {
            None => {
                if !input.dry_run {
                    infra.create_table(table, input.kms_key.as_deref()).await?;
                    infra.enable_point_in_time_recovery(table).await?;
                }
                item(
                    Kind::Table,
                    &resource,
                    act(Outcome::Created),
                    format!(
                        "on demand, {} indexes, point-in-time recovery on, no TTL, deletion protection, encrypted with {encryption}",
                        INDEXES.len()
                    ),
                );
            }
            Some(t) => {
                let missing: Vec<&str> = INDEXES
                    .iter()
                    .map(|(n, _, _)| *n)
                    .filter(|n| !t.indexes.iter().any(|i| i == n))
                    .collect();
                if !missing.is_empty() {
                    item(
                        Kind::Table,
                        &resource,
                        Outcome::Problem,
                        format!(
                            "not an elevate ledger, or an older one: index(es) {} missing. Point --store at another table, or add them",
                            missing.join(", ")
                        ),
                    );
                } else {
                    item(
                        Kind::Table,
                        &resource,
                        Outcome::Ok,
                        format!("exists ({}), with elevate's indexes", t.arn),
                    );
                }
                if !t.on_demand {
                    item(Kind::Table,
                        &resource,
                        Outcome::Problem,
                        "uses provisioned capacity: a burst of approvals or a reconcile sweep may be throttled. Switch it to on-demand unless you size it on purpose".into(),
                    );
                }
                match (&input.kms_key, &t.kms_key) {
                    (Some(want), Some(have)) if same_key(want, have) => item(
                        Kind::Table,
                        &resource,
                        Outcome::Ok,
                        format!("encrypted with the configured key {have}"),
                    ),
                    (Some(want), have) => item(
                        Kind::Table,
                        &resource,
                        Outcome::Problem,
                        format!(
                            "config asks for encryption with {want}, but the table is encrypted with {}. Change the table's encryption (UpdateTable) or the config",
                            have.as_deref().unwrap_or("an AWS key")
                        ),
                    ),
                    (None, Some(have)) => item(
                        Kind::Table,
                        &resource,
                        Outcome::Problem,
                        format!(
                            "encrypted with the customer key {have}, which config does not name: set kms_key so `setup` can check it"
                        ),
                    ),
                    (None, None) => item(
                        Kind::Table,
                        &resource,
                        Outcome::Ok,
                        "encrypted with an AWS key".into(),
                    ),
                }
                if t.point_in_time_recovery {
                    item(
                        Kind::Table,
                        &resource,
                        Outcome::Ok,
                        "point-in-time recovery on".into(),
                    );
                } else {
                    if !input.dry_run {
                        infra.enable_point_in_time_recovery(table).await?;
                    }
                    item(
                        Kind::Table,
                        &resource,
                        act(Outcome::Changed),
                        "point-in-time recovery turned on".into(),
                    );
                }
                // TTL deletes any item carrying its attribute, and every ledger writer can put
                // an attribute on any item: with TTL on, someone could have DynamoDB delete a
                // request's newest events and roll it back to a state it left (approved, say).
                match &t.ttl_attribute {
                    None => item(
                        Kind::Table,
                        &resource,
                        Outcome::Ok,
                        "no TTL: nothing in the ledger is deleted behind its back".into(),
                    ),
                    Some(attribute) => item(
                        Kind::Table,
                        &resource,
                        Outcome::Problem,
                        format!(
                            "TTL is on (attribute '{attribute}'): DynamoDB deletes any item carrying it, and anyone who may write the ledger can put it on an event to roll a request back. Turn it off: `aws dynamodb update-time-to-live --table-name {table} --time-to-live-specification Enabled=false,AttributeName={attribute}`"
                        ),
                    ),
                }
            }
        }
    } else {
        item(Kind::Ledger,
            "ledger",
            Outcome::Ok,
            "the store is an SQLite file: nothing to create (a team shares a ledger with --store dynamodb:<table>)".into(),
        );
    }

    let seal_key = seal_key(infra, input, &mut |r: &str, o, d| {
        item(Kind::SealKey, r, o, d)
    })
    .await?;

    let group = format!("schedule group {}", input.schedule_group);
    if infra.schedule_group_exists(&input.schedule_group).await? {
        item(Kind::ScheduleGroup, &group, Outcome::Ok, "exists".into());
    } else {
        if !input.dry_run {
            infra.create_schedule_group(&input.schedule_group).await?;
        }
        item(
            Kind::ScheduleGroup,
            &group,
            act(Outcome::Created),
            String::new(),
        );
    }

    let role_name = &input.scheduler_role_name;
    let resource = format!("iam role {role_name}");
    let mut scheduler_role_arn = None;
    match infra.role(role_name).await? {
        Some(role) => {
            let problems = match serde_json::from_str::<serde_json::Value>(&role.trust_policy) {
                Ok(trust) => iam::scheduler_trust_problems(&trust, &input.scope),
                Err(e) => vec![format!("its trust policy is not JSON ({e})")],
            };
            item(Kind::SchedulerRole,
                &resource,
                if problems.is_empty() {
                    Outcome::Ok
                } else {
                    Outcome::Problem
                },
                if problems.is_empty() {
                    format!("exists ({})", role.arn)
                } else {
                    format!(
                        "exists ({}) but its trust policy is wrong: {}. Replace it with `elevate iam-policy scheduler --trust` (aws iam update-assume-role-policy)",
                        role.arn,
                        problems.join("; ")
                    )
                },
            );
            scheduler_role_arn = Some(role.arn);
        }
        None if input.create_roles => {
            if !input.dry_run {
                let arn = infra
                    .create_role(
                        role_name,
                        &iam::scheduler_trust(&input.scope).to_string(),
                        &iam::policy(Role::Scheduler, &input.scope).to_string(),
                    )
                    .await?;
                scheduler_role_arn = Some(arn);
            }
            item(Kind::SchedulerRole,
                &resource,
                act(Outcome::Created),
                "trusted by EventBridge Scheduler for elevate's schedules only; may create and delete account assignments".into(),
            );
        }
        None => item(Kind::SchedulerRole,
            &resource,
            Outcome::Manual,
            "missing: create it with `elevate setup --create-roles`, or from `elevate iam-policy scheduler` (the permissions) and its trust policy in docs/internals.md".into(),
        ),
    }
    Ok(Report {
        dry_run: input.dry_run,
        items,
        scheduler_role_arn,
        seal_key,
    })
}

/// Creates the seal key, or checks the configured one: a symmetric key, enabled, whose policy
/// is — statement for statement — the one elevate writes. A key whose policy differs is a
/// problem setup reports but never rewrites: who may vouch for which decisions is not changed
/// behind an administrator's back.
async fn seal_key(
    infra: &dyn Infrastructure,
    input: &SetupInput,
    item: &mut impl FnMut(&str, Outcome, String),
) -> Result<Option<String>> {
    let expected = match &input.seal_policy {
        Ok(p) => p,
        Err(why) => {
            item(
                "seal key",
                if input.seal_key.is_some() || input.create_seal_key {
                    Outcome::Problem
                } else {
                    Outcome::Manual
                },
                format!("its key policy cannot be written from this configuration: {why}"),
            );
            return Ok(input.seal_key.clone());
        }
    };
    let found_by_alias;
    let arn = match &input.seal_key {
        Some(arn) => Some(arn),
        None => {
            found_by_alias = infra.seal_key(&input.seal_alias).await?.map(|k| k.arn);
            found_by_alias.as_ref()
        }
    };
    let Some(arn) = arn else {
        if !input.create_seal_key {
            item(
                "seal key",
                Outcome::Manual,
                "none: this ledger is unsealed (decisions trusted, not proven). Create one with `elevate setup --seal-key`".into(),
            );
            return Ok(None);
        }
        if input.dry_run {
            item(
                "seal key",
                Outcome::WouldChange,
                "a symmetric KMS key whose policy lets each principal seal only the decisions it may make".into(),
            );
            return Ok(None);
        }
        let arn = infra
            .create_seal_key(&expected.to_string(), &input.seal_alias)
            .await?;
        item(
            &format!("seal key {arn}"),
            Outcome::Created,
            "symmetric; its policy lets each principal seal only the decisions it may make (`elevate iam-policy kms-key`)".into(),
        );
        return Ok(Some(arn));
    };
    let resource = format!("seal key {arn}");
    let Some(key) = infra.seal_key(arn).await? else {
        item(
            &resource,
            Outcome::Problem,
            "no such key visible with these credentials: check kms_seal_key and the region, or remove it and run `elevate setup --seal-key` to create one".into(),
        );
        return Ok(None);
    };
    if !key.symmetric {
        item(
            &resource,
            Outcome::Problem,
            "not a symmetric encryption key: seals need one (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT)"
                .into(),
        );
    }
    if !key.enabled {
        item(
            &resource,
            Outcome::Problem,
            "disabled (or pending deletion): nothing can be sealed or verified until it is enabled"
                .into(),
        );
    }
    let differences = match crate::domain::iam_eval::parse_policy_text(&key.policy) {
        Ok(found) => crate::domain::key_policy::check_key_policy(&found, expected),
        Err(e) => vec![format!("its policy cannot be read: {e}")],
    };
    if differences.is_empty() {
        item(
            &resource,
            Outcome::Ok,
            "its policy is elevate's: each principal seals only the decisions it may make".into(),
        );
    } else {
        item(
            &resource,
            Outcome::Problem,
            format!(
                "its policy is not the one elevate writes ({}). Review it, then `elevate iam-policy kms-key > key-policy.json` and `aws kms put-key-policy --key-id {arn} --policy-name default --policy file://key-policy.json`",
                differences.join("; ")
            ),
        );
    }
    Ok(Some(key.arn))
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use async_trait::async_trait;

    use super::*;
    use crate::workflow::ports::{KeyState, Provisioning, RoleState, ServiceResult, TableState};

    // Lambda reports CodeSha256 in this form; comparing it is how a second run knows whether
    // the function's code is this build. The value is SHA-256 computed outside Rust.
    #[test]
    fn the_code_hash_is_the_one_lambda_reports() {
        assert_eq!(
            code_sha256(b"PK\x03\x04 bootstrap"),
            "l38J5TScqEFiWxU10NW2yky1f5hvN+KXcGybZthtY88="
        );
    }

    /// An account as `setup` sees it, recording every change.
    #[derive(Default)]
    struct Account {
        table: Mutex<Option<TableState>>,
        group: Mutex<bool>,
        roles: Mutex<std::collections::BTreeMap<String, (RoleState, String)>>,
        key: Mutex<Option<(KeyState, String)>>,
        function: Mutex<Option<crate::workflow::ports::FunctionState>>,
        schedules:
            Mutex<std::collections::BTreeMap<String, crate::workflow::ports::RecurringSchedule>>,
        changes: Mutex<Vec<String>>,
    }

    #[async_trait]
    impl Infrastructure for Account {
        async fn table(&self, _: &str) -> ServiceResult<Option<TableState>> {
            Ok(self.table.lock().unwrap().clone())
        }
        async fn create_table(&self, name: &str, kms: Option<&str>) -> ServiceResult<()> {
            self.changes.lock().unwrap().push(format!("create {name}"));
            *self.table.lock().unwrap() = Some(TableState {
                arn: format!("arn:aws:dynamodb:eu-west-1:1:table/{name}"),
                on_demand: true,
                indexes: INDEXES.iter().map(|(n, _, _)| n.to_string()).collect(),
                kms_key: kms.map(|k| format!("arn:aws:kms:eu-west-1:1:key/{k}")),
                point_in_time_recovery: false,
                ttl_attribute: None,
            });
            Ok(())
        }
        async fn enable_point_in_time_recovery(&self, _: &str) -> ServiceResult<()> {
            self.changes.lock().unwrap().push("pitr".into());
            if let Some(t) = self.table.lock().unwrap().as_mut() {
                t.point_in_time_recovery = true;
            }
            Ok(())
        }
        async fn schedule_group_exists(&self, _: &str) -> ServiceResult<bool> {
            Ok(*self.group.lock().unwrap())
        }
        async fn create_schedule_group(&self, _: &str) -> ServiceResult<()> {
            self.changes.lock().unwrap().push("group".into());
            *self.group.lock().unwrap() = true;
            Ok(())
        }
        async fn role(&self, name: &str) -> ServiceResult<Option<RoleState>> {
            Ok(self.roles.lock().unwrap().get(name).map(|(r, _)| r.clone()))
        }
        async fn create_role(
            &self,
            name: &str,
            trust: &str,
            policy: &str,
        ) -> ServiceResult<String> {
            self.changes.lock().unwrap().push(format!("role {name}"));
            let arn = format!("arn:aws:iam::1:role/{name}");
            self.roles.lock().unwrap().insert(
                name.into(),
                (
                    RoleState {
                        arn: arn.clone(),
                        trust_policy: trust.into(),
                    },
                    policy.into(),
                ),
            );
            Ok(arn)
        }
        async fn function(
            &self,
            _: &str,
        ) -> ServiceResult<Option<crate::workflow::ports::FunctionState>> {
            Ok(self.function.lock().unwrap().clone())
        }
        async fn create_function(
            &self,
            spec: &crate::workflow::ports::FunctionSpec<'_>,
        ) -> ServiceResult<String> {
            self.changes
                .lock()
                .unwrap()
                .push(format!("function {}", spec.name));
            let arn = format!("arn:aws:lambda:eu-west-1:1:function:{}", spec.name);
            *self.function.lock().unwrap() = Some(crate::workflow::ports::FunctionState {
                arn: arn.clone(),
                role: spec.role_arn.into(),
                runtime: "provided.al2023".into(),
                code_sha256: code_sha256(spec.zip),
                environment: spec.environment.clone(),
            });
            Ok(arn)
        }
        async fn update_function_code(&self, name: &str, zip: &[u8]) -> ServiceResult<()> {
            self.changes.lock().unwrap().push(format!("code {name}"));
            if let Some(f) = self.function.lock().unwrap().as_mut() {
                f.code_sha256 = code_sha256(zip);
            }
            Ok(())
        }
        async fn recurring_schedule(
            &self,
            _: &str,
            name: &str,
        ) -> ServiceResult<Option<crate::workflow::ports::RecurringSchedule>> {
            Ok(self.schedules.lock().unwrap().get(name).cloned())
        }
        async fn create_recurring_schedule(
            &self,
            _: &str,
            name: &str,
            schedule: &crate::workflow::ports::RecurringSchedule,
        ) -> ServiceResult<()> {
            self.changes
                .lock()
                .unwrap()
                .push(format!("schedule {name}"));
            self.schedules
                .lock()
                .unwrap()
                .insert(name.into(), schedule.clone());
            Ok(())
        }
        async fn seal_key(&self, id: &str) -> ServiceResult<Option<KeyState>> {
            Ok(self
                .key
                .lock()
                .unwrap()
                .clone()
                .filter(|(k, alias)| k.arn == id || alias == id)
                .map(|(k, _)| k))
        }
        async fn create_seal_key(&self, policy: &str, alias: &str) -> ServiceResult<String> {
            self.changes.lock().unwrap().push("seal key".into());
            let arn = "arn:aws:kms:eu-west-1:1:key/seal".to_string();
            *self.key.lock().unwrap() = Some((
                KeyState {
                    arn: arn.clone(),
                    symmetric: true,
                    enabled: true,
                    policy: policy.into(),
                },
                alias.into(),
            ));
            Ok(arn)
        }
    }

    fn seal_policy() -> serde_json::Value {
        crate::domain::key_policy::key_policy(&crate::domain::key_policy::SealScope::new(
            "aws",
            "111122223333",
            "111122223333",
            "dynamodb:ledger",
            "arn:aws:iam::111122223333:role/elevate-executor",
        ))
        .unwrap()
    }

    fn input(dry_run: bool) -> SetupInput {
        SetupInput {
            table: Some("ledger".into()),
            kms_key: Some("1234abcd-12ab-34cd-56ef-1234567890ab".into()),
            schedule_group: "elevate".into(),
            create_roles: true,
            scheduler_role_name: "elevate-scheduler".into(),
            dry_run,
            scope: Scope {
                schedule_group: "elevate".into(),
                ..Scope::default()
            },
            seal_key: None,
            create_seal_key: true,
            seal_policy: Ok(seal_policy()),
            seal_alias: "alias/elevate-seal/ledger".into(),
        }
    }

    #[tokio::test]
    async fn dry_run_changes_nothing_then_setup_creates_then_a_second_run_only_checks() {
        let account = Account::default();
        let plan = setup(&account, &input(true)).await.unwrap();
        assert!(account.changes.lock().unwrap().is_empty());
        assert!(
            plan.items.iter().all(|i| i.outcome == Outcome::WouldChange),
            "{plan:?}"
        );

        let first = setup(&account, &input(false)).await.unwrap();
        assert_eq!(
            *account.changes.lock().unwrap(),
            [
                "create ledger",
                "pitr",
                "seal key",
                "group",
                "role elevate-scheduler"
            ]
        );
        assert_eq!(
            first.seal_key.as_deref(),
            Some("arn:aws:kms:eu-west-1:1:key/seal")
        );
        assert_eq!(
            first.scheduler_role_arn.as_deref(),
            Some("arn:aws:iam::1:role/elevate-scheduler")
        );

        account.changes.lock().unwrap().clear();
        let second = setup(&account, &input(false)).await.unwrap();
        assert!(
            account.changes.lock().unwrap().is_empty(),
            "safe to run twice"
        );
        assert!(
            second.items.iter().all(|i| i.outcome == Outcome::Ok),
            "{second:?}"
        );
    }

    /// Readers (`doctor`) decide by an item's kind, never by its name, which is for people.
    #[tokio::test]
    async fn every_item_says_what_it_is() {
        let kinds = |items: &[Item]| {
            items
                .iter()
                .map(|i| (i.kind, i.resource.clone()))
                .collect::<Vec<_>>()
        };
        let account = Account::default();
        let plan = setup(&account, &input(true)).await.unwrap();
        let owned = |pairs: &[(Kind, &str)]| {
            pairs
                .iter()
                .map(|(k, r)| (*k, r.to_string()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            kinds(&plan.items),
            owned(&[
                (Kind::Table, "dynamodb table ledger"),
                (Kind::SealKey, "seal key"),
                (Kind::ScheduleGroup, "schedule group elevate"),
                (Kind::SchedulerRole, "iam role elevate-scheduler"),
            ])
        );
        let sqlite = SetupInput {
            table: None,
            ..input(true)
        };
        let plan = setup(&account, &sqlite).await.unwrap();
        assert_eq!(kinds(&plan.items)[0], (Kind::Ledger, "ledger".to_string()));
        let planned = executor(&account, &executor_input(true, b"v1"))
            .await
            .unwrap();
        assert_eq!(
            kinds(&planned),
            owned(&[
                (Kind::ExecutorRole, "role elevate-executor"),
                (Kind::InvokerRole, "role elevate-executor-invoker"),
                (Kind::Function, "function elevate-executor"),
                (Kind::Schedule, "schedule elevate/elevate-executor"),
            ])
        );
    }

    #[tokio::test]
    async fn a_table_encrypted_otherwise_than_config_says_is_reported_not_changed() {
        let account = Account::default();
        setup(&account, &input(false)).await.unwrap();
        let other_key = SetupInput {
            kms_key: Some("ffffffff-0000-0000-0000-000000000000".into()),
            ..input(false)
        };
        let report = setup(&account, &other_key).await.unwrap();
        assert_eq!(report.problems(), 1, "{report:?}");
        let no_key = SetupInput {
            kms_key: None,
            ..input(false)
        };
        let report = setup(&account, &no_key).await.unwrap();
        assert!(
            report
                .items
                .iter()
                .any(|i| i.outcome == Outcome::Problem && i.detail.contains("does not name")),
            "{report:?}"
        );
    }

    #[tokio::test]
    async fn a_seal_key_whose_policy_was_loosened_is_reported_not_changed() {
        let account = Account::default();
        let first = setup(&account, &input(false)).await.unwrap();
        let arn = first.seal_key.unwrap();
        // Someone lets every principal of the account seal anything.
        let mut loose = seal_policy();
        loose["Statement"][0]["Action"] = serde_json::json!("kms:*");
        account.key.lock().unwrap().as_mut().unwrap().0.policy = loose.to_string();
        account.changes.lock().unwrap().clear();
        let report = setup(
            &account,
            &SetupInput {
                seal_key: Some(arn),
                ..input(false)
            },
        )
        .await
        .unwrap();
        assert!(
            account.changes.lock().unwrap().is_empty(),
            "never rewritten"
        );
        assert!(
            report.items.iter().any(|i| i.outcome == Outcome::Problem
                && i.detail.contains("not the one elevate writes")),
            "{report:?}"
        );
        // Found by its alias before its ARN is in the config: not created twice.
        let again = setup(&account, &input(false)).await.unwrap();
        assert!(
            !account
                .changes
                .lock()
                .unwrap()
                .iter()
                .any(|c| c == "seal key")
        );
        assert!(again.seal_key.is_some());
    }

    #[tokio::test]
    async fn a_table_with_ttl_on_is_a_problem_for_the_ledger_to_outlive() {
        let account = Account::default();
        setup(&account, &input(false)).await.unwrap();
        account
            .table
            .lock()
            .unwrap()
            .as_mut()
            .unwrap()
            .ttl_attribute = Some("ttl".into());
        let report = setup(&account, &input(false)).await.unwrap();
        assert!(
            report
                .items
                .iter()
                .any(|i| i.outcome == Outcome::Problem && i.detail.contains("roll a request back")),
            "{report:?}"
        );
    }

    #[tokio::test]
    async fn without_create_roles_the_role_is_left_to_a_person() {
        let account = Account::default();
        let report = setup(
            &account,
            &SetupInput {
                create_roles: false,
                table: None,
                ..input(false)
            },
        )
        .await
        .unwrap();
        assert!(account.roles.lock().unwrap().is_empty());
        assert!(report.items.iter().any(|i| i.outcome == Outcome::Manual));
        assert!(same_key("1234", "arn:aws:kms:eu-west-1:1:key/1234"));
        assert!(!same_key("123", "arn:aws:kms:eu-west-1:1:key/1234"));
    }

    /// Identity Center's permission sets, in memory: name → (ARN, inline policy).
    #[derive(Default)]
    struct FakeSets {
        sets: Mutex<std::collections::BTreeMap<String, (String, Option<String>)>>,
        provisioned: Mutex<Vec<String>>,
        provision_fails: Mutex<bool>,
    }

    #[async_trait]
    impl crate::workflow::ports::PermissionSetAdmin for FakeSets {
        async fn instance_arn(&self) -> ServiceResult<String> {
            Ok("arn:aws:sso:::instance/ssoins-1".into())
        }
        async fn find(&self, _: &str, name: &str) -> ServiceResult<Option<String>> {
            Ok(self
                .sets
                .lock()
                .unwrap()
                .get(name)
                .map(|(arn, _)| arn.clone()))
        }
        async fn create(&self, _: &str, name: &str, _: &str, _: &str) -> ServiceResult<String> {
            let arn = format!("arn:aws:sso:::permissionSet/ssoins-1/ps-{name}");
            self.sets
                .lock()
                .unwrap()
                .insert(name.into(), (arn.clone(), None));
            Ok(arn)
        }
        async fn inline_policy(&self, _: &str, arn: &str) -> ServiceResult<Option<String>> {
            Ok(self
                .sets
                .lock()
                .unwrap()
                .values()
                .find(|(a, _)| a == arn)
                .and_then(|(_, p)| p.clone()))
        }
        async fn put_inline_policy(&self, _: &str, arn: &str, policy: &str) -> ServiceResult<()> {
            for (a, p) in self.sets.lock().unwrap().values_mut() {
                if a == arn {
                    *p = Some(policy.to_string());
                }
            }
            Ok(())
        }
        async fn provision(&self, _: &str, arn: &str) -> ServiceResult<Provisioning> {
            self.provisioned.lock().unwrap().push(arn.to_string());
            Ok(if *self.provision_fails.lock().unwrap() {
                Provisioning::Failed("ConflictException".into())
            } else {
                Provisioning::Succeeded
            })
        }
    }

    fn sets_input(dry_run: bool) -> PermissionSetsInput {
        let scope = Scope {
            grant_mode: crate::domain::authz::GrantMode::Brokered,
            ..input(false).scope
        };
        PermissionSetsInput {
            sets: [
                (Role::Requester, "ElevateRequester"),
                (Role::Approver, "ElevateApprover"),
            ]
            .into_iter()
            .map(|(role, name)| (role, name.to_string(), Some(iam::policy(role, &scope))))
            .chain([(Role::Auditor, "ElevateAuditor".to_string(), None)])
            .collect(),
            session_duration: "PT1H".into(),
            dry_run,
        }
    }

    fn outcomes(items: &[Item]) -> Vec<(&str, Outcome)> {
        items
            .iter()
            .map(|i| (i.resource.as_str(), i.outcome))
            .collect()
    }

    #[tokio::test]
    async fn permission_sets_are_created_with_their_role_s_policy_then_only_checked() {
        let fake = FakeSets::default();
        let planned = permission_sets(&fake, &sets_input(true)).await.unwrap();
        assert!(planned.iter().all(|i| i.outcome == Outcome::WouldChange));
        assert!(
            fake.sets.lock().unwrap().is_empty(),
            "a dry run creates nothing"
        );

        let made = permission_sets(&fake, &sets_input(false)).await.unwrap();
        assert!(
            made.iter().all(|i| i.outcome == Outcome::Created),
            "{made:?}"
        );
        let sets = fake.sets.lock().unwrap().clone();
        let policy = |name: &str| -> Option<serde_json::Value> {
            sets[name]
                .1
                .as_ref()
                .map(|p| serde_json::from_str(p).unwrap())
        };
        let want = sets_input(false).sets;
        assert_eq!(policy("ElevateRequester"), want[0].2);
        assert_eq!(policy("ElevateApprover"), want[1].2);
        assert_eq!(
            policy("ElevateAuditor"),
            None,
            "a role that needs nothing gets nothing"
        );

        let again = permission_sets(&fake, &sets_input(false)).await.unwrap();
        assert!(again.iter().all(|i| i.outcome == Outcome::Ok), "{again:?}");
        assert!(fake.provisioned.lock().unwrap().is_empty());
    }

    #[tokio::test]
    async fn a_policy_changed_by_hand_is_put_back_and_provisioned_again() {
        let fake = FakeSets::default();
        permission_sets(&fake, &sets_input(false)).await.unwrap();
        // Someone gave the approvers' set more power by hand, and the auditors' set a policy.
        let broad = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sso:*","Resource":"*"}]}"#;
        for (name, (_, p)) in fake.sets.lock().unwrap().iter_mut() {
            if name != "ElevateRequester" {
                *p = Some(broad.into());
            }
        }
        let planned = permission_sets(&fake, &sets_input(true)).await.unwrap();
        assert_eq!(
            outcomes(&planned),
            [
                ("permission set ElevateRequester", Outcome::Ok),
                ("permission set ElevateApprover", Outcome::WouldChange),
                ("permission set ElevateAuditor", Outcome::Problem),
            ]
        );
        let fixed = permission_sets(&fake, &sets_input(false)).await.unwrap();
        assert_eq!(fixed[1].outcome, Outcome::Changed);
        let sets = fake.sets.lock().unwrap().clone();
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(sets["ElevateApprover"].1.as_ref().unwrap())
                .ok(),
            sets_input(false).sets[1].2
        );
        assert_eq!(
            *fake.provisioned.lock().unwrap(),
            [sets["ElevateApprover"].0.clone()]
        );
        // The auditors' extra policy is a person's to remove: left as it is.
        assert_eq!(fixed[2].outcome, Outcome::Problem);
        assert_eq!(sets["ElevateAuditor"].1.as_deref(), Some(broad));

        // A provisioning that fails is a problem to act on.
        *fake.provision_fails.lock().unwrap() = true;
        for (name, (_, p)) in fake.sets.lock().unwrap().iter_mut() {
            if name == "ElevateRequester" {
                *p = Some("not even JSON".into());
            }
        }
        let failed = permission_sets(&fake, &sets_input(false)).await.unwrap();
        assert_eq!(failed[0].outcome, Outcome::Problem);
        assert!(
            failed[0].detail.contains("provision-permission-set"),
            "{}",
            failed[0].detail
        );
    }

    fn executor_input(dry_run: bool, zip: &[u8]) -> ExecutorInput {
        ExecutorInput {
            scope: Scope {
                grant_mode: crate::domain::authz::GrantMode::Brokered,
                region: Some("eu-west-1".into()),
                account: Some("111122223333".into()),
                ..input(false).scope
            },
            role_name: "elevate-executor".into(),
            invoker_role_name: "elevate-executor-invoker".into(),
            function_name: "elevate-executor".into(),
            schedule_name: "elevate-executor".into(),
            zip: zip.to_vec(),
            architecture: "arm64".into(),
            environment: [("ELEVATE_STORE".to_string(), "dynamodb:ledger".to_string())].into(),
            dry_run,
        }
    }

    #[tokio::test]
    async fn the_executor_is_deployed_once_then_checked_and_its_code_replaced_when_it_differs() {
        let account = Account::default();
        let planned = executor(&account, &executor_input(true, b"v1"))
            .await
            .unwrap();
        assert!(
            planned.iter().all(|i| i.outcome == Outcome::WouldChange),
            "{planned:?}"
        );
        assert!(account.changes.lock().unwrap().is_empty());

        let made = executor(&account, &executor_input(false, b"v1"))
            .await
            .unwrap();
        assert!(
            made.iter().all(|i| i.outcome == Outcome::Created),
            "{made:?}"
        );
        let roles = account.roles.lock().unwrap().clone();
        // The executor role: Lambda's to assume, with the executor's policy and its logs.
        let (role, policy) = &roles["elevate-executor"];
        let trust: serde_json::Value = serde_json::from_str(&role.trust_policy).unwrap();
        assert_eq!(
            trust["Statement"][0]["Principal"]["Service"],
            "lambda.amazonaws.com"
        );
        let actions = iam::actions(&serde_json::from_str(policy).unwrap());
        assert!(actions.contains("sso:CreateAccountAssignment"));
        assert!(actions.contains("logs:PutLogEvents"));
        // The invoker: the scheduler's trust, and invoking this one function only.
        let (invoker, policy) = &roles["elevate-executor-invoker"];
        let trust: serde_json::Value = serde_json::from_str(&invoker.trust_policy).unwrap();
        assert_eq!(
            trust,
            iam::scheduler_trust(&executor_input(false, b"").scope)
        );
        let policy: serde_json::Value = serde_json::from_str(policy).unwrap();
        assert_eq!(
            iam::actions(&policy),
            ["lambda:InvokeFunction".to_string()].into()
        );
        assert_eq!(
            policy["Statement"][0]["Resource"],
            serde_json::json!(["arn:aws:lambda:eu-west-1:111122223333:function:elevate-executor"])
        );
        let function = account.function.lock().unwrap().clone().unwrap();
        assert_eq!(function.role, role.arn);
        assert_eq!(function.environment["ELEVATE_STORE"], "dynamodb:ledger");
        let schedule = account.schedules.lock().unwrap()["elevate-executor"].clone();
        assert_eq!(schedule.expression, "rate(1 minute)");
        assert_eq!(
            (schedule.target_arn, schedule.role_arn),
            (function.arn.clone(), invoker.arn.clone())
        );

        let again = executor(&account, &executor_input(false, b"v1"))
            .await
            .unwrap();
        assert!(again.iter().all(|i| i.outcome == Outcome::Ok), "{again:?}");

        // A new build replaces the code, and only the code.
        account.changes.lock().unwrap().clear();
        let upgraded = executor(&account, &executor_input(false, b"v2"))
            .await
            .unwrap();
        assert_eq!(
            upgraded.iter().map(|i| i.outcome).collect::<Vec<_>>(),
            [Outcome::Ok, Outcome::Ok, Outcome::Changed, Outcome::Ok]
        );
        assert_eq!(*account.changes.lock().unwrap(), ["code elevate-executor"]);

        // A function someone reconfigured is reported, not changed.
        if let Some(f) = account.function.lock().unwrap().as_mut() {
            f.environment
                .insert("ELEVATE_STORE".into(), "dynamodb:other".into());
        }
        let drifted = executor(&account, &executor_input(false, b"v3"))
            .await
            .unwrap();
        assert_eq!(drifted[2].outcome, Outcome::Problem);
        assert!(
            drifted[2].detail.contains("ELEVATE_STORE"),
            "{}",
            drifted[2].detail
        );
        assert_eq!(*account.changes.lock().unwrap(), ["code elevate-executor"]);
    }
}
