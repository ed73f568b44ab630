//! `AccessControl` over IAM Identity Center (sso-admin): permission sets and account
//! assignments. Creation and deletion are confirmed by polling their status until Identity
//! Center says SUCCEEDED or FAILED. Every call is paced within the API's quotas
//! (`aws::pacing`), and each creation or deletion holds a write permit until it finished.

use std::sync::Arc;
use std::time::Instant;

use async_trait::async_trait;
use aws_sdk_ssoadmin::types::{
    AccountAssignmentOperationStatus, PrincipalType, StatusValues, TargetType,
};
use futures_util::{StreamExt, TryStreamExt};

use crate::domain::{Assignment, PermissionSet, PrincipalKind, parse_duration};
use crate::workflow::ports::{
    AccessControl, Provisioning, ServiceError, ServiceErrorKind, ServiceResult,
};

use super::{InstanceRef, Polling, service_error};

/// Permission sets are described this many at a time when looked up by name.
const CONCURRENCY: usize = 8;

pub struct AwsAccess {
    pub client: aws_sdk_ssoadmin::Client,
    pub instance: Arc<InstanceRef>,
    pub polling: Polling,
    pub pacer: Arc<super::pacing::Pacer>,
}

fn principal_type(kind: PrincipalKind) -> PrincipalType {
    match kind {
        PrincipalKind::User => PrincipalType::User,
        PrincipalKind::Group => PrincipalType::Group,
    }
}

#[derive(Clone, Copy)]
enum Op {
    Create,
    Delete,
}

impl Op {
    fn describe_name(self) -> &'static str {
        match self {
            Op::Create => "DescribeAccountAssignmentCreationStatus",
            Op::Delete => "DescribeAccountAssignmentDeletionStatus",
        }
    }
}

impl AwsAccess {
    async fn instance_arn_str(&self) -> ServiceResult<String> {
        Ok(self.instance.get().await?.0.clone())
    }

    async fn describe(&self, arn: &str) -> ServiceResult<Option<PermissionSet>> {
        let instance = self.instance_arn_str().await?;
        self.pacer.slot().await;
        let out = match self
            .client
            .describe_permission_set()
            .instance_arn(instance)
            .permission_set_arn(arn)
            .send()
            .await
        {
            Ok(out) => out,
            Err(e) => {
                let e = self
                    .pacer
                    .note(service_error("sso-admin", "DescribePermissionSet", e));
                return match e.kind {
                    ServiceErrorKind::NotFound => Ok(None),
                    _ => Err(e),
                };
            }
        };
        Ok(out.permission_set().map(|ps| PermissionSet {
            arn: ps.permission_set_arn().unwrap_or(arn).to_string(),
            name: ps.name().unwrap_or_default().to_string(),
            session_duration: ps.session_duration().and_then(|d| parse_duration(d).ok()),
        }))
    }

    async fn permission_set_arns(&self) -> ServiceResult<Vec<String>> {
        let instance = self.instance_arn_str().await?;
        let mut pages = self
            .client
            .list_permission_sets()
            .instance_arn(instance)
            .into_paginator()
            .send();
        let mut arns = Vec::new();
        // Each page is a call: each waits for its slot.
        self.pacer.slot().await;
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| {
                self.pacer
                    .note(service_error("sso-admin", "ListPermissionSets", e))
            })?;
            arns.extend(page.permission_sets.unwrap_or_default());
            if page.next_token.is_some() {
                self.pacer.slot().await;
            }
        }
        Ok(arns)
    }

    /// Hands each assignment of the permission set in the account to `visit`, page by page (each
    /// page a paced call), until it returns false.
    async fn each_assignment(
        &self,
        instance_arn: &str,
        account_id: &str,
        permission_set_arn: &str,
        mut visit: impl FnMut(Assignment) -> bool,
    ) -> ServiceResult<()> {
        let mut pages = self
            .client
            .list_account_assignments()
            .instance_arn(instance_arn)
            .account_id(account_id)
            .permission_set_arn(permission_set_arn)
            .into_paginator()
            .send();
        self.pacer.slot().await;
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| {
                self.pacer
                    .note(service_error("sso-admin", "ListAccountAssignments", e))
            })?;
            for item in page.account_assignments() {
                let principal_kind = match item.principal_type() {
                    Some(PrincipalType::User) => PrincipalKind::User,
                    Some(PrincipalType::Group) => PrincipalKind::Group,
                    _ => continue,
                };
                let more = visit(Assignment {
                    instance_arn: instance_arn.to_string(),
                    account_id: item.account_id().unwrap_or(account_id).to_string(),
                    permission_set_arn: permission_set_arn.to_string(),
                    principal_kind,
                    principal_id: item.principal_id().unwrap_or_default().to_string(),
                });
                if !more {
                    return Ok(());
                }
            }
            if page.next_token.is_some() {
                self.pacer.slot().await;
            }
        }
        Ok(())
    }

    /// Follows an operation until it is no longer IN_PROGRESS, within the polling timeout.
    async fn confirm(
        &self,
        op: Op,
        instance: &str,
        mut status: AccountAssignmentOperationStatus,
    ) -> ServiceResult<Provisioning> {
        let started = Instant::now();
        let mut delay = self.polling.first_delay;
        loop {
            match status.status() {
                Some(StatusValues::Succeeded) => return Ok(Provisioning::Succeeded),
                Some(StatusValues::Failed) => {
                    return Ok(Provisioning::Failed(
                        status
                            .failure_reason()
                            .unwrap_or("Identity Center gave no reason")
                            .to_string(),
                    ));
                }
                _ => {}
            }
            let request_id = status.request_id().unwrap_or_default().to_string();
            if started.elapsed() >= self.polling.timeout {
                return Ok(Provisioning::Failed(format!(
                    "still IN_PROGRESS after {}s (Identity Center request {request_id}); it may yet finish",
                    self.polling.timeout.as_secs()
                )));
            }
            tokio::time::sleep(delay).await;
            delay = (delay.mul_f32(1.5)).min(self.polling.max_delay);
            self.pacer.slot().await;
            let next = match op {
                Op::Create => {
                    self.client
                        .describe_account_assignment_creation_status()
                        .instance_arn(instance)
                        .account_assignment_creation_request_id(&request_id)
                        .send()
                        .await
                        .map_err(|e| {
                            self.pacer
                                .note(service_error("sso-admin", op.describe_name(), e))
                        })?
                        .account_assignment_creation_status
                }
                Op::Delete => {
                    self.client
                        .describe_account_assignment_deletion_status()
                        .instance_arn(instance)
                        .account_assignment_deletion_request_id(&request_id)
                        .send()
                        .await
                        .map_err(|e| {
                            self.pacer
                                .note(service_error("sso-admin", op.describe_name(), e))
                        })?
                        .account_assignment_deletion_status
                }
            };
            status = next.ok_or_else(|| missing_status(op.describe_name()))?;
        }
    }
}

fn missing_status(operation: &'static str) -> ServiceError {
    ServiceError {
        service: "sso-admin",
        operation,
        kind: ServiceErrorKind::Other,
        message: "the response carried no status".into(),
    }
}

#[async_trait]
impl AccessControl for AwsAccess {
    async fn instance_arn(&self) -> ServiceResult<String> {
        self.instance_arn_str().await
    }

    async fn permission_set(&self, name_or_arn: &str) -> ServiceResult<Option<PermissionSet>> {
        if name_or_arn.starts_with("arn:") {
            return self.describe(name_or_arn).await;
        }
        let arns = self.permission_set_arns().await?;
        // Stops describing as soon as the name is found.
        let mut described = futures_util::stream::iter(arns)
            .map(|arn| async move { self.describe(&arn).await })
            .buffered(CONCURRENCY);
        while let Some(ps) = described.try_next().await? {
            if let Some(ps) = ps.filter(|p| p.name == name_or_arn) {
                return Ok(Some(ps));
            }
        }
        Ok(None)
    }

    async fn permission_sets(&self) -> ServiceResult<Vec<PermissionSet>> {
        let arns = self.permission_set_arns().await?;
        let described: Vec<Option<PermissionSet>> = futures_util::stream::iter(arns)
            .map(|arn| async move { self.describe(&arn).await })
            .buffered(CONCURRENCY)
            .try_collect()
            .await?;
        Ok(described.into_iter().flatten().collect())
    }

    async fn has_assignment(&self, a: &Assignment) -> ServiceResult<bool> {
        let mut found = false;
        self.each_assignment(&a.instance_arn, &a.account_id, &a.permission_set_arn, |b| {
            found = b.principal_kind == a.principal_kind && b.principal_id == a.principal_id;
            !found
        })
        .await?;
        Ok(found)
    }

    async fn assignments_of(&self, permission_set_arn: &str) -> ServiceResult<Vec<Assignment>> {
        let instance_arn = self.instance_arn_str().await?;
        let mut accounts = Vec::new();
        let mut pages = self
            .client
            .list_accounts_for_provisioned_permission_set()
            .instance_arn(&instance_arn)
            .permission_set_arn(permission_set_arn)
            .into_paginator()
            .send();
        self.pacer.slot().await;
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| {
                self.pacer.note(service_error(
                    "sso-admin",
                    "ListAccountsForProvisionedPermissionSet",
                    e,
                ))
            })?;
            accounts.extend(page.account_ids().iter().cloned());
            if page.next_token.is_some() {
                self.pacer.slot().await;
            }
        }
        let mut out = Vec::new();
        for account_id in accounts {
            self.each_assignment(&instance_arn, &account_id, permission_set_arn, |a| {
                out.push(a);
                true
            })
            .await?;
        }
        Ok(out)
    }

    async fn create_assignment(&self, a: &Assignment) -> ServiceResult<Provisioning> {
        // Held until Identity Center says it finished: an operation still IN_PROGRESS counts
        // against the quota of outstanding writes.
        let _permit = self.pacer.write().await;
        self.pacer.slot().await;
        let out = self
            .client
            .create_account_assignment()
            .instance_arn(&a.instance_arn)
            .target_id(&a.account_id)
            .target_type(TargetType::AwsAccount)
            .permission_set_arn(&a.permission_set_arn)
            .principal_type(principal_type(a.principal_kind))
            .principal_id(&a.principal_id)
            .send()
            .await
            .map_err(|e| {
                self.pacer
                    .note(service_error("sso-admin", "CreateAccountAssignment", e))
            })?;
        let status = out
            .account_assignment_creation_status
            .ok_or_else(|| missing_status("CreateAccountAssignment"))?;
        self.confirm(Op::Create, &a.instance_arn, status).await
    }

    async fn delete_assignment(&self, a: &Assignment) -> ServiceResult<Provisioning> {
        let _permit = self.pacer.write().await;
        self.pacer.slot().await;
        let out = match self
            .client
            .delete_account_assignment()
            .instance_arn(&a.instance_arn)
            .target_id(&a.account_id)
            .target_type(TargetType::AwsAccount)
            .permission_set_arn(&a.permission_set_arn)
            .principal_type(principal_type(a.principal_kind))
            .principal_id(&a.principal_id)
            .send()
            .await
        {
            Ok(out) => out,
            Err(e) => {
                let e = self
                    .pacer
                    .note(service_error("sso-admin", "DeleteAccountAssignment", e));
                // Already gone: the outcome we wanted.
                return match e.kind {
                    ServiceErrorKind::NotFound => Ok(Provisioning::Succeeded),
                    _ => Err(e),
                };
            }
        };
        let status = out
            .account_assignment_deletion_status
            .ok_or_else(|| missing_status("DeleteAccountAssignment"))?;
        self.confirm(Op::Delete, &a.instance_arn, status).await
    }
}

/// Shortest polling, for tests of the polling itself.
#[cfg(test)]
pub(crate) fn fast_polling(timeout: std::time::Duration) -> Polling {
    Polling {
        first_delay: std::time::Duration::from_millis(1),
        max_delay: std::time::Duration::from_millis(2),
        timeout,
    }
}

#[cfg(test)]
mod tests {
    //! Identity Center behaviour the emulator never shows (IN_PROGRESS, FAILED, throttling),
    //! from responses shaped like the service's documented ones.

    use std::time::Duration;

    use aws_sdk_ssoadmin::Client;
    use aws_sdk_ssoadmin::operation::create_account_assignment::{
        CreateAccountAssignmentError, CreateAccountAssignmentOutput,
    };
    use aws_sdk_ssoadmin::operation::delete_account_assignment::DeleteAccountAssignmentError;
    use aws_sdk_ssoadmin::operation::describe_account_assignment_creation_status::DescribeAccountAssignmentCreationStatusOutput;
    use aws_sdk_ssoadmin::operation::describe_permission_set::DescribePermissionSetOutput;
    use aws_sdk_ssoadmin::operation::list_account_assignments::ListAccountAssignmentsOutput;
    use aws_sdk_ssoadmin::operation::list_permission_sets::ListPermissionSetsOutput;
    use aws_sdk_ssoadmin::types::error::{
        AccessDeniedException, ResourceNotFoundException, ThrottlingException,
    };
    use aws_sdk_ssoadmin::types::{AccountAssignment, PermissionSet as SdkPermissionSet};
    use aws_smithy_mocks::{Rule, RuleMode, mock, mock_client};

    use super::*;

    const INSTANCE: &str = "arn:aws:sso:::instance/ssoins-1111111111111111";
    const PS: &str = "arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-2222222222222222";

    const DENIED: &str = "User: arn:aws:sts::111122223333:assumed-role/x/y is not authorized to perform: sso:CreateAccountAssignment";

    /// Deserialised service errors always carry their code and message as metadata.
    fn meta(code: &str, message: &str) -> aws_smithy_types::error::ErrorMetadata {
        aws_smithy_types::error::ErrorMetadata::builder()
            .code(code)
            .message(message)
            .build()
    }

    fn assignment() -> Assignment {
        Assignment {
            instance_arn: INSTANCE.into(),
            account_id: "111122223333".into(),
            permission_set_arn: PS.into(),
            principal_kind: PrincipalKind::User,
            principal_id: "906722a5-f0b1-70c1-4f4a-1f3e2e0a0c11".into(),
        }
    }

    fn status(s: StatusValues, reason: Option<&str>) -> AccountAssignmentOperationStatus {
        let b = AccountAssignmentOperationStatus::builder()
            .status(s)
            .request_id("c1a4a1e2-5b0a-4d52-9b3c-7f1a0b7e8d61")
            .target_id("111122223333")
            .target_type(TargetType::AwsAccount)
            .permission_set_arn(PS)
            .principal_type(PrincipalType::User)
            .principal_id("906722a5-f0b1-70c1-4f4a-1f3e2e0a0c11");
        match reason {
            Some(r) => b.failure_reason(r).build(),
            None => b.build(),
        }
    }

    fn access(rules: &[&Rule], timeout: Duration) -> AwsAccess {
        let client: Client = mock_client!(aws_sdk_ssoadmin, RuleMode::MatchAny, rules);
        AwsAccess {
            instance: Arc::new(InstanceRef::new(
                client.clone(),
                Some(INSTANCE.into()),
                Some("d-1234567890".into()),
            )),
            client,
            polling: fast_polling(timeout),
            pacer: Arc::new(crate::aws::pacing::Pacer::new(
                crate::aws::pacing::Pacing::new(10_000.0, 15).unwrap(),
            )),
        }
    }

    fn created_in_progress() -> Rule {
        mock!(Client::create_account_assignment).then_output(|| {
            CreateAccountAssignmentOutput::builder()
                .account_assignment_creation_status(status(StatusValues::InProgress, None))
                .build()
        })
    }

    #[tokio::test]
    async fn polls_until_succeeded() {
        let create = created_in_progress();
        let poll = mock!(Client::describe_account_assignment_creation_status)
            .match_requests(|r| {
                r.account_assignment_creation_request_id()
                    == Some("c1a4a1e2-5b0a-4d52-9b3c-7f1a0b7e8d61")
            })
            .sequence()
            .output(|| {
                DescribeAccountAssignmentCreationStatusOutput::builder()
                    .account_assignment_creation_status(status(StatusValues::InProgress, None))
                    .build()
            })
            .times(2)
            .output(|| {
                DescribeAccountAssignmentCreationStatusOutput::builder()
                    .account_assignment_creation_status(status(StatusValues::Succeeded, None))
                    .build()
            })
            .build();
        let a = access(&[&create, &poll], Duration::from_secs(10));
        assert_eq!(
            a.create_assignment(&assignment()).await.unwrap(),
            Provisioning::Succeeded
        );
        assert_eq!(create.num_calls(), 1);
        assert_eq!(poll.num_calls(), 3);
    }

    #[tokio::test]
    async fn a_failed_status_carries_the_reason() {
        let create = created_in_progress();
        let poll = mock!(Client::describe_account_assignment_creation_status).then_output(|| {
            DescribeAccountAssignmentCreationStatusOutput::builder()
                .account_assignment_creation_status(status(
                    StatusValues::Failed,
                    Some("Received a 404 status error: Not supported policy arn:aws:iam::aws:policy/ReadOnly."),
                ))
                .build()
        });
        let a = access(&[&create, &poll], Duration::from_secs(10));
        let got = a.create_assignment(&assignment()).await.unwrap();
        assert_eq!(
            got,
            Provisioning::Failed(
                "Received a 404 status error: Not supported policy arn:aws:iam::aws:policy/ReadOnly."
                    .into()
            )
        );
    }

    #[tokio::test]
    async fn never_assumes_success_from_in_progress() {
        let create = created_in_progress();
        let poll = mock!(Client::describe_account_assignment_creation_status)
            .sequence()
            .output(|| {
                DescribeAccountAssignmentCreationStatusOutput::builder()
                    .account_assignment_creation_status(status(StatusValues::InProgress, None))
                    .build()
            })
            .repeatedly()
            .build();
        let a = access(&[&create, &poll], Duration::from_millis(30));
        let Provisioning::Failed(reason) = a.create_assignment(&assignment()).await.unwrap() else {
            panic!("IN_PROGRESS was taken for success");
        };
        assert!(reason.contains("still IN_PROGRESS"), "{reason}");
        assert!(
            reason.contains("c1a4a1e2-5b0a-4d52-9b3c-7f1a0b7e8d61"),
            "{reason}"
        );
        assert!(poll.num_calls() >= 1);
    }

    #[tokio::test]
    async fn access_denied_and_throttling_are_classified() {
        let denied = mock!(Client::create_account_assignment).then_error(|| {
            CreateAccountAssignmentError::AccessDeniedException(
                AccessDeniedException::builder()
                    .message(DENIED)
                    .meta(meta("AccessDeniedException", DENIED))
                    .build(),
            )
        });
        let a = access(&[&denied], Duration::from_secs(1));
        let e = a.create_assignment(&assignment()).await.unwrap_err();
        assert_eq!(e.kind, ServiceErrorKind::AccessDenied);
        assert!(e.to_string().contains("not authorized"), "{e}");
        assert!(e.to_string().contains("CreateAccountAssignment"), "{e}");

        let throttled = mock!(Client::create_account_assignment).then_error(|| {
            CreateAccountAssignmentError::ThrottlingException(
                ThrottlingException::builder()
                    .message("Rate exceeded")
                    .meta(meta("ThrottlingException", "Rate exceeded"))
                    .build(),
            )
        });
        let a = access(&[&throttled], Duration::from_secs(1));
        let e = a.create_assignment(&assignment()).await.unwrap_err();
        assert_eq!(e.kind, ServiceErrorKind::Throttled);
        assert!(e.to_string().contains("throttling"), "{e}");
    }

    #[tokio::test]
    async fn deleting_what_is_already_gone_succeeds() {
        let gone = mock!(Client::delete_account_assignment).then_error(|| {
            DeleteAccountAssignmentError::ResourceNotFoundException(
                ResourceNotFoundException::builder()
                    .message("Assignment not found")
                    .meta(meta("ResourceNotFoundException", "Assignment not found"))
                    .build(),
            )
        });
        let a = access(&[&gone], Duration::from_secs(1));
        assert_eq!(
            a.delete_assignment(&assignment()).await.unwrap(),
            Provisioning::Succeeded
        );
    }

    #[tokio::test]
    async fn finds_assignments_across_pages_and_by_exact_principal() {
        let entry = |kind: PrincipalType, id: &str| {
            AccountAssignment::builder()
                .account_id("111122223333")
                .permission_set_arn(PS)
                .principal_type(kind)
                .principal_id(id)
                .build()
        };
        let pages = mock!(Client::list_account_assignments)
            .sequence()
            .output(move || {
                ListAccountAssignmentsOutput::builder()
                    // Same id as a group is not the user's direct assignment.
                    .account_assignments(entry(
                        PrincipalType::Group,
                        "906722a5-f0b1-70c1-4f4a-1f3e2e0a0c11",
                    ))
                    .next_token("page-2")
                    .build()
            })
            .output(move || {
                ListAccountAssignmentsOutput::builder()
                    .account_assignments(entry(
                        PrincipalType::User,
                        "906722a5-f0b1-70c1-4f4a-1f3e2e0a0c11",
                    ))
                    .build()
            })
            .build();
        let a = access(&[&pages], Duration::from_secs(1));
        assert!(a.has_assignment(&assignment()).await.unwrap());
        assert_eq!(pages.num_calls(), 2);
    }

    #[tokio::test]
    async fn resolves_permission_sets_by_name_with_their_session_duration() {
        let list = mock!(Client::list_permission_sets).then_output(|| {
            ListPermissionSetsOutput::builder()
                .permission_sets("arn:aws:sso:::permissionSet/ssoins-1/ps-a")
                .permission_sets(PS)
                .build()
        });
        let describe = mock!(Client::describe_permission_set).then_compute_output(|req| {
            let arn = req.permission_set_arn().unwrap().to_string();
            let name = if arn == PS {
                "AdministratorAccess"
            } else {
                "ReadOnly"
            };
            DescribePermissionSetOutput::builder()
                .permission_set(
                    SdkPermissionSet::builder()
                        .name(name)
                        .permission_set_arn(arn)
                        .session_duration("PT8H")
                        .build(),
                )
                .build()
        });
        let a = access(&[&list, &describe], Duration::from_secs(1));
        let ps = a
            .permission_set("AdministratorAccess")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(ps.arn, PS);
        assert_eq!(
            ps.session_duration,
            Some(jiff::SignedDuration::from_hours(8))
        );
        assert!(a.permission_set("Nope").await.unwrap().is_none());
    }
}
