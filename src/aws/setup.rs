//! `Infrastructure` over DynamoDB, EventBridge Scheduler and IAM: what `elevate setup` observes
//! and creates.

use std::time::Duration;

use async_trait::async_trait;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType,
    PointInTimeRecoverySpecification, Projection, ProjectionType, ScalarAttributeType,
    SseSpecification, SseType, TableStatus,
};

use crate::store::layout::INDEXES;
use crate::workflow::ports::{
    FunctionSpec, FunctionState, Infrastructure, KeyState, Provisioning, RecurringSchedule,
    RoleState, ServiceError, ServiceErrorKind, ServiceResult, TableState,
};

use super::service_error;

pub struct AwsInfrastructure {
    pub dynamodb: aws_sdk_dynamodb::Client,
    pub scheduler: aws_sdk_scheduler::Client,
    pub iam: aws_sdk_iam::Client,
    pub kms: aws_sdk_kms::Client,
    pub lambda: aws_sdk_lambda::Client,
}

fn invalid(operation: &'static str, e: impl std::fmt::Display) -> ServiceError {
    ServiceError {
        service: "dynamodb",
        operation,
        kind: ServiceErrorKind::Invalid,
        message: e.to_string(),
    }
}

fn key(name: &str, kind: KeyType) -> ServiceResult<KeySchemaElement> {
    KeySchemaElement::builder()
        .attribute_name(name)
        .key_type(kind)
        .build()
        .map_err(|e| invalid("CreateTable", e))
}

/// Creates the ledger table (on demand, the indexes of `store::dynamodb`, encrypted with the
/// AWS-owned key or `kms_key`) and waits until it is active.
pub async fn create_table(
    client: &aws_sdk_dynamodb::Client,
    table: &str,
    kms_key: Option<&str>,
) -> ServiceResult<()> {
    let mut attributes = vec!["pk", "sk"];
    for (_, hash, range) in INDEXES {
        for a in [hash, range] {
            if !attributes.contains(&a) {
                attributes.push(a);
            }
        }
    }
    let mut create = client
        .create_table()
        .table_name(table)
        .billing_mode(BillingMode::PayPerRequest)
        .key_schema(key("pk", KeyType::Hash)?)
        .key_schema(key("sk", KeyType::Range)?)
        .deletion_protection_enabled(true);
    for a in attributes {
        create = create.attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name(a)
                .attribute_type(ScalarAttributeType::S)
                .build()
                .map_err(|e| invalid("CreateTable", e))?,
        );
    }
    for (name, hash, range) in INDEXES {
        create = create.global_secondary_indexes(
            GlobalSecondaryIndex::builder()
                .index_name(name)
                .key_schema(key(hash, KeyType::Hash)?)
                .key_schema(key(range, KeyType::Range)?)
                .projection(
                    Projection::builder()
                        .projection_type(ProjectionType::All)
                        .build(),
                )
                .build()
                .map_err(|e| invalid("CreateTable", e))?,
        );
    }
    if let Some(kms) = kms_key {
        create = create.sse_specification(
            SseSpecification::builder()
                .enabled(true)
                .sse_type(SseType::Kms)
                .kms_master_key_id(kms)
                .build(),
        );
    }
    create
        .send()
        .await
        .map_err(|e| service_error("dynamodb", "CreateTable", e))?;
    for _ in 0..120 {
        let out = client
            .describe_table()
            .table_name(table)
            .send()
            .await
            .map_err(|e| service_error("dynamodb", "DescribeTable", e))?;
        if out.table().and_then(|t| t.table_status()) == Some(&TableStatus::Active) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    Err(ServiceError {
        service: "dynamodb",
        operation: "DescribeTable",
        kind: ServiceErrorKind::Unavailable,
        message: format!("table {table} did not become ACTIVE within 2 minutes"),
    })
}

#[async_trait]
impl Infrastructure for AwsInfrastructure {
    async fn table(&self, name: &str) -> ServiceResult<Option<TableState>> {
        let described = match self.dynamodb.describe_table().table_name(name).send().await {
            Ok(out) => out,
            Err(e) => {
                let e = service_error("dynamodb", "DescribeTable", e);
                return if e.kind == ServiceErrorKind::NotFound {
                    Ok(None)
                } else {
                    Err(e)
                };
            }
        };
        let Some(t) = described.table() else {
            return Ok(None);
        };
        let indexes = t
            .global_secondary_indexes()
            .iter()
            .filter_map(|g| g.index_name().map(str::to_string))
            .collect();
        let sse = t.sse_description();
        let kms_key = sse
            .filter(|d| d.sse_type() == Some(&SseType::Kms))
            .and_then(|d| d.kms_master_key_arn().map(str::to_string));
        let pitr = self
            .dynamodb
            .describe_continuous_backups()
            .table_name(name)
            .send()
            .await
            .map_err(|e| service_error("dynamodb", "DescribeContinuousBackups", e))?
            .continuous_backups_description()
            .and_then(|d| d.point_in_time_recovery_description())
            .and_then(|p| p.point_in_time_recovery_status())
            .map(|s| s.as_str() == "ENABLED")
            .unwrap_or(false);
        let ttl = self
            .dynamodb
            .describe_time_to_live()
            .table_name(name)
            .send()
            .await
            .map_err(|e| service_error("dynamodb", "DescribeTimeToLive", e))?
            .time_to_live_description()
            .filter(|d| {
                d.time_to_live_status()
                    .is_some_and(|s| matches!(s.as_str(), "ENABLED" | "ENABLING"))
            })
            .and_then(|d| d.attribute_name().map(str::to_string));
        Ok(Some(TableState {
            arn: t.table_arn().unwrap_or_default().to_string(),
            on_demand: t
                .billing_mode_summary()
                .and_then(|b| b.billing_mode())
                .is_some_and(|m| *m == BillingMode::PayPerRequest),
            indexes,
            kms_key,
            point_in_time_recovery: pitr,
            ttl_attribute: ttl,
        }))
    }

    async fn create_table(&self, name: &str, kms_key: Option<&str>) -> ServiceResult<()> {
        create_table(&self.dynamodb, name, kms_key).await
    }

    async fn enable_point_in_time_recovery(&self, name: &str) -> ServiceResult<()> {
        self.dynamodb
            .update_continuous_backups()
            .table_name(name)
            .point_in_time_recovery_specification(
                PointInTimeRecoverySpecification::builder()
                    .point_in_time_recovery_enabled(true)
                    .build()
                    .map_err(|e| invalid("UpdateContinuousBackups", e))?,
            )
            .send()
            .await
            .map(|_| ())
            .map_err(|e| service_error("dynamodb", "UpdateContinuousBackups", e))
    }

    async fn schedule_group_exists(&self, name: &str) -> ServiceResult<bool> {
        match self.scheduler.get_schedule_group().name(name).send().await {
            Ok(_) => Ok(true),
            Err(e) => {
                let e = service_error("scheduler", "GetScheduleGroup", e);
                if e.kind == ServiceErrorKind::NotFound {
                    Ok(false)
                } else {
                    Err(e)
                }
            }
        }
    }

    async fn create_schedule_group(&self, name: &str) -> ServiceResult<()> {
        match self
            .scheduler
            .create_schedule_group()
            .name(name)
            .send()
            .await
        {
            Ok(_) => Ok(()),
            Err(e) => {
                let e = service_error("scheduler", "CreateScheduleGroup", e);
                if e.kind == ServiceErrorKind::Conflict {
                    Ok(())
                } else {
                    Err(e)
                }
            }
        }
    }

    async fn role(&self, name: &str) -> ServiceResult<Option<RoleState>> {
        match self.iam.get_role().role_name(name).send().await {
            Ok(out) => Ok(out.role().map(|r| RoleState {
                arn: r.arn().to_string(),
                trust_policy: r
                    .assume_role_policy_document()
                    .map(percent_decode)
                    .unwrap_or_default(),
            })),
            Err(e) => {
                let e = service_error("iam", "GetRole", e);
                if e.kind == ServiceErrorKind::NotFound {
                    Ok(None)
                } else {
                    Err(e)
                }
            }
        }
    }

    async fn create_role(
        &self,
        name: &str,
        trust_policy: &str,
        inline_policy: &str,
    ) -> ServiceResult<String> {
        let created = self
            .iam
            .create_role()
            .role_name(name)
            .assume_role_policy_document(trust_policy)
            .description("elevate: assumed by EventBridge Scheduler to create and delete Identity Center account assignments on time")
            .send()
            .await
            .map_err(|e| service_error("iam", "CreateRole", e))?;
        self.iam
            .put_role_policy()
            .role_name(name)
            .policy_name("elevate-scheduler")
            .policy_document(inline_policy)
            .send()
            .await
            .map_err(|e| service_error("iam", "PutRolePolicy", e))?;
        Ok(created
            .role()
            .map(|r| r.arn().to_string())
            .unwrap_or_default())
    }

    async fn seal_key(&self, id: &str) -> ServiceResult<Option<KeyState>> {
        use aws_sdk_kms::types::{KeySpec, KeyState as State, KeyUsageType};
        let described = match self.kms.describe_key().key_id(id).send().await {
            Ok(out) => out,
            Err(e) => {
                let e = service_error("kms", "DescribeKey", e);
                return if e.kind == ServiceErrorKind::NotFound {
                    Ok(None)
                } else {
                    Err(e)
                };
            }
        };
        let Some(meta) = described.key_metadata() else {
            return Ok(None);
        };
        let arn = meta.arn().unwrap_or(id).to_string();
        Ok(Some(KeyState {
            policy: self.key_policy(&arn).await?,
            arn,
            symmetric: meta.key_spec() == Some(&KeySpec::SymmetricDefault)
                && meta.key_usage() == Some(&KeyUsageType::EncryptDecrypt),
            enabled: meta.key_state() == Some(&State::Enabled),
        }))
    }

    async fn create_seal_key(&self, policy: &str, alias: &str) -> ServiceResult<String> {
        let out = self
            .kms
            .create_key()
            .policy(policy)
            .description("elevate: seals every ledger decision with its author's own credentials")
            .key_spec(aws_sdk_kms::types::KeySpec::SymmetricDefault)
            .key_usage(aws_sdk_kms::types::KeyUsageType::EncryptDecrypt)
            .send()
            .await
            .map_err(|e| service_error("kms", "CreateKey", e))?;
        let arn = out
            .key_metadata()
            .and_then(|m| m.arn())
            .unwrap_or_default()
            .to_string();
        // The alias lets a second `setup` find the key before its ARN is in the config.
        self.kms
            .create_alias()
            .alias_name(alias)
            .target_key_id(&arn)
            .send()
            .await
            .map_err(|e| service_error("kms", "CreateAlias", e))?;
        Ok(arn)
    }

    async fn function(&self, name: &str) -> ServiceResult<Option<FunctionState>> {
        let out = match self.lambda.get_function().function_name(name).send().await {
            Ok(out) => out,
            Err(e) => {
                let e = service_error("lambda", "GetFunction", e);
                return if e.kind == ServiceErrorKind::NotFound {
                    Ok(None)
                } else {
                    Err(e)
                };
            }
        };
        let Some(c) = out.configuration() else {
            return Ok(None);
        };
        Ok(Some(FunctionState {
            arn: c.function_arn().unwrap_or_default().to_string(),
            role: c.role().unwrap_or_default().to_string(),
            runtime: c
                .runtime()
                .map(|r| r.as_str().to_string())
                .unwrap_or_default(),
            code_sha256: c.code_sha256().unwrap_or_default().to_string(),
            environment: c
                .environment()
                .and_then(|e| e.variables())
                .map(|v| v.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                .unwrap_or_default(),
        }))
    }

    async fn create_function(&self, spec: &FunctionSpec<'_>) -> ServiceResult<String> {
        use aws_sdk_lambda::types::{Architecture, Environment, FunctionCode, Runtime};
        // A role made a moment ago is not yet assumable by Lambda everywhere (IAM is eventually
        // consistent): Lambda says so, and the call is made again for up to a minute.
        let started = std::time::Instant::now();
        loop {
            let out = self
                .lambda
                .create_function()
                .function_name(spec.name)
                .role(spec.role_arn)
                .runtime(Runtime::Providedal2023)
                .handler("bootstrap")
                .architectures(Architecture::from(spec.architecture))
                .code(
                    FunctionCode::builder()
                        .zip_file(aws_smithy_types::Blob::new(spec.zip.to_vec()))
                        .build(),
                )
                .environment(
                    Environment::builder()
                        .set_variables(Some(spec.environment.clone().into_iter().collect()))
                        .build(),
                )
                .timeout(spec.timeout_secs)
                .memory_size(spec.memory_mb)
                .description("elevate's executor: the only principal that changes access")
                .send()
                .await;
            match out {
                Ok(out) => return Ok(out.function_arn().unwrap_or_default().to_string()),
                Err(e) => {
                    let e = service_error("lambda", "CreateFunction", e);
                    let settling = e.message.contains("cannot be assumed");
                    if !settling || started.elapsed() > Duration::from_secs(60) {
                        return Err(e);
                    }
                    tokio::time::sleep(Duration::from_secs(5)).await;
                }
            }
        }
    }

    async fn update_function_code(&self, name: &str, zip: &[u8]) -> ServiceResult<()> {
        self.lambda
            .update_function_code()
            .function_name(name)
            .zip_file(aws_smithy_types::Blob::new(zip.to_vec()))
            .send()
            .await
            .map(|_| ())
            .map_err(|e| service_error("lambda", "UpdateFunctionCode", e))
    }

    async fn recurring_schedule(
        &self,
        group: &str,
        name: &str,
    ) -> ServiceResult<Option<RecurringSchedule>> {
        match self
            .scheduler
            .get_schedule()
            .group_name(group)
            .name(name)
            .send()
            .await
        {
            Ok(out) => Ok(Some(RecurringSchedule {
                expression: out.schedule_expression().unwrap_or_default().to_string(),
                target_arn: out
                    .target()
                    .map(|t| t.arn().to_string())
                    .unwrap_or_default(),
                role_arn: out
                    .target()
                    .map(|t| t.role_arn().to_string())
                    .unwrap_or_default(),
            })),
            Err(e) => {
                let e = service_error("scheduler", "GetSchedule", e);
                if e.kind == ServiceErrorKind::NotFound {
                    Ok(None)
                } else {
                    Err(e)
                }
            }
        }
    }

    async fn create_recurring_schedule(
        &self,
        group: &str,
        name: &str,
        schedule: &RecurringSchedule,
    ) -> ServiceResult<()> {
        use aws_sdk_scheduler::types::{FlexibleTimeWindow, FlexibleTimeWindowMode, Target};
        let invalid = |e: aws_sdk_scheduler::error::BuildError| ServiceError {
            service: "scheduler",
            operation: "CreateSchedule",
            kind: ServiceErrorKind::Other,
            message: e.to_string(),
        };
        self.scheduler
            .create_schedule()
            .group_name(group)
            .name(name)
            .schedule_expression(&schedule.expression)
            .flexible_time_window(
                FlexibleTimeWindow::builder()
                    .mode(FlexibleTimeWindowMode::Off)
                    .build()
                    .map_err(invalid)?,
            )
            .target(
                Target::builder()
                    .arn(&schedule.target_arn)
                    .role_arn(&schedule.role_arn)
                    // A scheduled invocation names no request: the executor makes a full pass.
                    .input("{}")
                    .build()
                    .map_err(invalid)?,
            )
            .description("elevate's executor, every minute")
            .send()
            .await
            .map(|_| ())
            .map_err(|e| service_error("scheduler", "CreateSchedule", e))
    }
}

impl AwsInfrastructure {
    async fn key_policy(&self, arn: &str) -> ServiceResult<String> {
        let out = self
            .kms
            .get_key_policy()
            .key_id(arn)
            .policy_name("default")
            .send()
            .await
            .map_err(|e| service_error("kms", "GetKeyPolicy", e))?;
        Ok(out.policy().unwrap_or_default().to_string())
    }
}

/// IAM returns policy documents URL-encoded.
fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// Identity Center's permission sets, for `setup --permission-sets`: found through elevate's own
/// reader of them (`access`), changed with the sso-admin client.
pub struct AwsPermissionSets {
    pub client: aws_sdk_ssoadmin::Client,
    pub access: std::sync::Arc<dyn crate::workflow::ports::AccessControl>,
    pub polling: super::Polling,
}

fn sso_error<E>(
    operation: &'static str,
) -> impl FnOnce(
    aws_sdk_ssoadmin::error::SdkError<E, aws_smithy_runtime_api::http::Response>,
) -> ServiceError
where
    E: aws_sdk_ssoadmin::error::ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    move |e| service_error("sso-admin", operation, e)
}

#[async_trait::async_trait]
impl crate::workflow::ports::PermissionSetAdmin for AwsPermissionSets {
    async fn instance_arn(&self) -> ServiceResult<String> {
        self.access.instance_arn().await
    }

    async fn find(&self, _instance: &str, name: &str) -> ServiceResult<Option<String>> {
        // By name, live (a cached name is described again and must still carry it).
        Ok(self.access.permission_set(name).await?.map(|p| p.arn))
    }

    async fn create(
        &self,
        instance: &str,
        name: &str,
        description: &str,
        session_duration: &str,
    ) -> ServiceResult<String> {
        let out = self
            .client
            .create_permission_set()
            .instance_arn(instance)
            .name(name)
            .description(description)
            .session_duration(session_duration)
            .send()
            .await
            .map_err(sso_error("CreatePermissionSet"))?;
        out.permission_set()
            .and_then(|p| p.permission_set_arn())
            .map(str::to_string)
            .ok_or_else(|| ServiceError {
                service: "sso-admin",
                operation: "CreatePermissionSet",
                kind: ServiceErrorKind::Other,
                message: "the answer named no permission set".into(),
            })
    }

    async fn inline_policy(&self, instance: &str, arn: &str) -> ServiceResult<Option<String>> {
        let out = self
            .client
            .get_inline_policy_for_permission_set()
            .instance_arn(instance)
            .permission_set_arn(arn)
            .send()
            .await
            .map_err(sso_error("GetInlinePolicyForPermissionSet"))?;
        Ok(out
            .inline_policy()
            .filter(|p| !p.trim().is_empty())
            .map(str::to_string))
    }

    async fn put_inline_policy(
        &self,
        instance: &str,
        arn: &str,
        policy: &str,
    ) -> ServiceResult<()> {
        self.client
            .put_inline_policy_to_permission_set()
            .instance_arn(instance)
            .permission_set_arn(arn)
            .inline_policy(policy)
            .send()
            .await
            .map_err(sso_error("PutInlinePolicyToPermissionSet"))?;
        Ok(())
    }

    async fn provision(&self, instance: &str, arn: &str) -> ServiceResult<Provisioning> {
        use aws_sdk_ssoadmin::types::{ProvisionTargetType, StatusValues};
        let out = self
            .client
            .provision_permission_set()
            .instance_arn(instance)
            .permission_set_arn(arn)
            .target_type(ProvisionTargetType::AllProvisionedAccounts)
            .send()
            .await
            .map_err(sso_error("ProvisionPermissionSet"))?;
        let mut status = out.permission_set_provisioning_status().cloned();
        let started = std::time::Instant::now();
        let mut delay = self.polling.first_delay;
        loop {
            let Some(s) = &status else {
                return Err(ServiceError {
                    service: "sso-admin",
                    operation: "ProvisionPermissionSet",
                    kind: ServiceErrorKind::Other,
                    message: "the answer carried no status".into(),
                });
            };
            match s.status() {
                Some(StatusValues::Succeeded) => return Ok(Provisioning::Succeeded),
                Some(StatusValues::Failed) => {
                    return Ok(Provisioning::Failed(
                        s.failure_reason()
                            .unwrap_or("Identity Center gave no reason")
                            .to_string(),
                    ));
                }
                _ => {}
            }
            let request_id = s.request_id().unwrap_or_default().to_string();
            if started.elapsed() >= self.polling.timeout {
                return Ok(Provisioning::Failed(format!(
                    "still IN_PROGRESS after {}s (Identity Center request {request_id}); it may yet finish",
                    self.polling.timeout.as_secs()
                )));
            }
            tokio::time::sleep(delay).await;
            delay = delay.mul_f32(1.5).min(self.polling.max_delay);
            status = self
                .client
                .describe_permission_set_provisioning_status()
                .instance_arn(instance)
                .provision_permission_set_request_id(&request_id)
                .send()
                .await
                .map_err(sso_error("DescribePermissionSetProvisioningStatus"))?
                .permission_set_provisioning_status()
                .cloned();
        }
    }
}
