//! `Scheduler` over EventBridge Scheduler: one-time `at(…)` schedules whose universal targets
//! call `ssoadmin:createAccountAssignment` / `ssoadmin:deleteAccountAssignment` directly (no
//! Lambda), each deleted after it runs. Names encode what a schedule does and when (see
//! `domain::schedule`), so one `ListSchedules` by name prefix tells what an assignment has.

use async_trait::async_trait;
use aws_sdk_scheduler::types::{
    ActionAfterCompletion, FlexibleTimeWindow, FlexibleTimeWindowMode, Target,
};
use jiff::Timestamp;

use crate::domain::schedule::{self, Planned, ScheduledAction};
use crate::domain::{Assignment, PrincipalKind};
use crate::workflow::ports::{Scheduler, ServiceError, ServiceErrorKind, ServiceResult};

use super::service_error;

/// The universal target that creates an account assignment.
pub const GRANT_TARGET: &str = "arn:aws:scheduler:::aws-sdk:ssoadmin:createAccountAssignment";
/// The universal target that deletes an account assignment.
pub const REVOKE_TARGET: &str = "arn:aws:scheduler:::aws-sdk:ssoadmin:deleteAccountAssignment";

pub struct AwsScheduler {
    pub client: aws_sdk_scheduler::Client,
    pub group: String,
    /// The role EventBridge Scheduler assumes to create and delete the assignment.
    pub role_arn: Option<String>,
}

/// `at(…)` in UTC, in whole seconds (rounded up: never early).
pub fn at_expression(at: Timestamp) -> String {
    format!(
        "at({})",
        schedule::fires_at(at).strftime("%Y-%m-%dT%H:%M:%S")
    )
}

/// The `CreateAccountAssignment` / `DeleteAccountAssignment` request a schedule sends, as JSON:
/// both take the same six fields.
pub fn assignment_input(a: &Assignment) -> String {
    serde_json::json!({
        "InstanceArn": a.instance_arn,
        "TargetId": a.account_id,
        "TargetType": "AWS_ACCOUNT",
        "PermissionSetArn": a.permission_set_arn,
        "PrincipalType": match a.principal_kind {
            PrincipalKind::User => "USER",
            PrincipalKind::Group => "GROUP",
        },
        "PrincipalId": a.principal_id,
    })
    .to_string()
}

fn invalid(operation: &'static str, e: impl std::fmt::Display) -> ServiceError {
    ServiceError {
        service: "scheduler",
        operation,
        kind: ServiceErrorKind::Invalid,
        message: e.to_string(),
    }
}

impl AwsScheduler {
    async fn create(&self, role: &str, a: &Assignment, p: &Planned) -> ServiceResult<()> {
        let (arn, description) = match p.action {
            ScheduledAction::Grant => (GRANT_TARGET, "elevate: start of an elevation"),
            ScheduledAction::Revoke => (REVOKE_TARGET, "elevate: end of an elevation"),
        };
        let target = Target::builder()
            .arn(arn)
            .role_arn(role)
            .input(assignment_input(a))
            .build()
            .map_err(|e| invalid("CreateSchedule", e))?;
        let window = FlexibleTimeWindow::builder()
            .mode(FlexibleTimeWindowMode::Off)
            .build()
            .map_err(|e| invalid("CreateSchedule", e))?;
        self.client
            .create_schedule()
            .name(schedule::name(a, p))
            .group_name(&self.group)
            .schedule_expression(at_expression(p.at))
            .schedule_expression_timezone("UTC")
            .flexible_time_window(window)
            .action_after_completion(ActionAfterCompletion::Delete)
            .description(description)
            .target(target)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| service_error("scheduler", "CreateSchedule", e))
    }
}

#[async_trait]
impl Scheduler for AwsScheduler {
    fn enabled(&self) -> bool {
        self.role_arn.is_some()
    }

    async fn planned(&self, a: &Assignment) -> ServiceResult<Vec<Planned>> {
        let mut out: Vec<Planned> = self
            .names(&schedule::prefix(a))
            .await?
            .iter()
            .filter_map(|n| schedule::parse_name(a, n))
            .collect();
        out.sort();
        Ok(out)
    }

    async fn all(&self) -> ServiceResult<Vec<String>> {
        self.names(schedule::PREFIX).await
    }

    async fn remove_named(&self, name: &str) -> ServiceResult<()> {
        match self
            .client
            .delete_schedule()
            .name(name)
            .group_name(&self.group)
            .send()
            .await
        {
            Ok(_) => Ok(()),
            Err(e) => {
                let e = service_error("scheduler", "DeleteSchedule", e);
                if e.kind == ServiceErrorKind::NotFound {
                    Ok(())
                } else {
                    Err(e)
                }
            }
        }
    }

    async fn add(&self, a: &Assignment, p: &Planned) -> ServiceResult<()> {
        let Some(role) = self.role_arn.as_deref() else {
            return Ok(());
        };
        match self.create(role, a, p).await {
            Ok(()) => Ok(()),
            // Same name, same action at the same time: it is there already.
            Err(e) if e.kind == ServiceErrorKind::Conflict => Ok(()),
            // Perhaps the group is missing (AWS says ResourceNotFound; the emulator fails
            // outright): create it, and retry only if it really was missing.
            Err(e) => match self
                .client
                .create_schedule_group()
                .name(&self.group)
                .send()
                .await
            {
                Ok(_) => self.create(role, a, p).await,
                Err(_) => Err(e),
            },
        }
    }

    async fn remove(&self, a: &Assignment, p: &Planned) -> ServiceResult<()> {
        self.remove_named(&schedule::name(a, p)).await
    }

    async fn assignment_of(&self, name: &str) -> ServiceResult<Option<Assignment>> {
        let got = match self
            .client
            .get_schedule()
            .name(name)
            .group_name(&self.group)
            .send()
            .await
        {
            Ok(got) => got,
            Err(e) => {
                let e = service_error("scheduler", "GetSchedule", e);
                return if e.kind == ServiceErrorKind::NotFound {
                    Ok(None)
                } else {
                    Err(e)
                };
            }
        };
        let input = got.target().and_then(|t| t.input()).unwrap_or_default();
        parse_assignment_input(input)
            .map(Some)
            .map_err(|e| invalid("GetSchedule", format!("schedule {name}: {e}")))
    }
}

/// The assignment in a schedule's input (what `assignment_input` wrote).
pub fn parse_assignment_input(input: &str) -> Result<Assignment, String> {
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Input {
        instance_arn: String,
        target_id: String,
        permission_set_arn: String,
        principal_type: String,
        principal_id: String,
    }
    let i: Input = serde_json::from_str(input).map_err(|e| format!("not an assignment: {e}"))?;
    Ok(Assignment {
        instance_arn: i.instance_arn,
        account_id: i.target_id,
        permission_set_arn: i.permission_set_arn,
        principal_kind: match i.principal_type.as_str() {
            "USER" => PrincipalKind::User,
            "GROUP" => PrincipalKind::Group,
            other => return Err(format!("unknown principal type {other}")),
        },
        principal_id: i.principal_id,
    })
}

impl AwsScheduler {
    /// The names of the group's schedules starting with `prefix`, every page.
    async fn names(&self, prefix: &str) -> ServiceResult<Vec<String>> {
        let mut pages = self
            .client
            .list_schedules()
            .group_name(&self.group)
            .name_prefix(prefix)
            .into_paginator()
            .send();
        let mut out = Vec::new();
        while let Some(page) = pages.next().await {
            let page = match page {
                Ok(page) => page,
                Err(e) => {
                    let e = service_error("scheduler", "ListSchedules", e);
                    // No group yet: no schedules yet.
                    if e.kind == ServiceErrorKind::NotFound {
                        return Ok(Vec::new());
                    }
                    return Err(e);
                }
            };
            out.extend(
                page.schedules()
                    .iter()
                    .filter_map(|s| s.name())
                    .map(str::to_string),
            );
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_schedules_input_reads_back_as_its_assignment() {
        let a = Assignment {
            instance_arn: "arn:aws:sso:::instance/ssoins-1".into(),
            account_id: "111111111111".into(),
            permission_set_arn: "arn:aws:sso:::permissionSet/ssoins-1/ps-1".into(),
            principal_kind: PrincipalKind::Group,
            principal_id: "g-1".into(),
        };
        assert_eq!(parse_assignment_input(&assignment_input(&a)), Ok(a));
        assert!(parse_assignment_input("{}").is_err());
    }

    #[test]
    fn at_expressions_are_utc_seconds_rounded_up() {
        assert_eq!(
            at_expression("2026-11-22T05:00:00Z".parse().unwrap()),
            "at(2026-11-22T05:00:00)"
        );
        assert_eq!(
            at_expression("2026-11-22T05:00:00.001Z".parse().unwrap()),
            "at(2026-11-22T05:00:01)"
        );
    }

    #[test]
    fn the_input_is_the_delete_request() {
        let a = Assignment {
            instance_arn: "arn:aws:sso:::instance/ssoins-1".into(),
            account_id: "111122223333".into(),
            permission_set_arn: "arn:aws:sso:::permissionSet/ssoins-1/ps-1".into(),
            principal_kind: PrincipalKind::Group,
            principal_id: "g-1".into(),
        };
        let v: serde_json::Value = serde_json::from_str(&assignment_input(&a)).unwrap();
        assert_eq!(v["PrincipalType"], "GROUP");
        assert_eq!(v["TargetType"], "AWS_ACCOUNT");
        assert_eq!(v["TargetId"], "111122223333");
    }
}
