//! `Scheduler` over EventBridge Scheduler: a one-time `at(<end>)` schedule whose universal target
//! calls `ssoadmin:deleteAccountAssignment` directly (no Lambda), deleted after it runs.

use async_trait::async_trait;
use aws_sdk_scheduler::types::{
    ActionAfterCompletion, FlexibleTimeWindow, FlexibleTimeWindowMode, Target,
};
use jiff::Timestamp;

use crate::domain::{Assignment, PrincipalKind};
use crate::workflow::ports::{Scheduler, ServiceError, ServiceErrorKind, ServiceResult};

use super::service_error;

/// The universal target that deletes an account assignment.
pub const DELETE_TARGET: &str = "arn:aws:scheduler:::aws-sdk:ssoadmin:deleteAccountAssignment";

pub struct AwsScheduler {
    pub client: aws_sdk_scheduler::Client,
    pub group: String,
    /// The role EventBridge Scheduler assumes to delete the assignment.
    pub role_arn: Option<String>,
}

/// `at(…)` takes whole seconds; round up so the schedule never fires before the end.
pub fn at_expression(at: Timestamp) -> String {
    let secs = at.as_second() + i64::from(at.subsec_nanosecond() > 0);
    let rounded = Timestamp::from_second(secs).unwrap_or(at);
    format!("at({})", rounded.strftime("%Y-%m-%dT%H:%M:%S"))
}

/// The `DeleteAccountAssignment` request the schedule sends, as JSON.
pub fn delete_input(a: &Assignment) -> String {
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

impl AwsScheduler {
    fn target(&self, role: &str, a: &Assignment) -> ServiceResult<Target> {
        Target::builder()
            .arn(DELETE_TARGET)
            .role_arn(role)
            .input(delete_input(a))
            .build()
            .map_err(|e| ServiceError {
                service: "scheduler",
                operation: "CreateSchedule",
                kind: ServiceErrorKind::Invalid,
                message: e.to_string(),
            })
    }

    fn window() -> ServiceResult<FlexibleTimeWindow> {
        FlexibleTimeWindow::builder()
            .mode(FlexibleTimeWindowMode::Off)
            .build()
            .map_err(|e| ServiceError {
                service: "scheduler",
                operation: "CreateSchedule",
                kind: ServiceErrorKind::Invalid,
                message: e.to_string(),
            })
    }

    async fn create(&self, role: &str, a: &Assignment, at: Timestamp) -> ServiceResult<()> {
        self.client
            .create_schedule()
            .name(a.schedule_name())
            .group_name(&self.group)
            .schedule_expression(at_expression(at))
            .schedule_expression_timezone("UTC")
            .flexible_time_window(Self::window()?)
            .action_after_completion(ActionAfterCompletion::Delete)
            .description("elevate: end of an elevation")
            .target(self.target(role, a)?)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| service_error("scheduler", "CreateSchedule", e))
    }

    async fn update(&self, role: &str, a: &Assignment, at: Timestamp) -> ServiceResult<()> {
        self.client
            .update_schedule()
            .name(a.schedule_name())
            .group_name(&self.group)
            .schedule_expression(at_expression(at))
            .schedule_expression_timezone("UTC")
            .flexible_time_window(Self::window()?)
            .action_after_completion(ActionAfterCompletion::Delete)
            .description("elevate: end of an elevation")
            .target(self.target(role, a)?)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| service_error("scheduler", "UpdateSchedule", e))
    }
}

#[async_trait]
impl Scheduler for AwsScheduler {
    fn enabled(&self) -> bool {
        self.role_arn.is_some()
    }

    async fn schedule_revocation(&self, a: &Assignment, at: Timestamp) -> ServiceResult<()> {
        let Some(role) = self.role_arn.as_deref() else {
            return Ok(());
        };
        match self.create(role, a, at).await {
            Ok(()) => Ok(()),
            // It exists (an overlapping elevation): move it.
            Err(e) if e.kind == ServiceErrorKind::Conflict => self.update(role, a, at).await,
            // Perhaps the group is missing (AWS says ResourceNotFound; the emulator fails
            // outright): create it, and retry only if it really was missing.
            Err(e) => match self
                .client
                .create_schedule_group()
                .name(&self.group)
                .send()
                .await
            {
                Ok(_) => self.create(role, a, at).await,
                Err(_) => Err(e),
            },
        }
    }

    async fn cancel_revocation(&self, a: &Assignment) -> ServiceResult<()> {
        if self.role_arn.is_none() {
            return Ok(());
        }
        match self
            .client
            .delete_schedule()
            .name(a.schedule_name())
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_expressions_round_up_to_the_second() {
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
        let v: serde_json::Value = serde_json::from_str(&delete_input(&a)).unwrap();
        assert_eq!(v["PrincipalType"], "GROUP");
        assert_eq!(v["TargetType"], "AWS_ACCOUNT");
        assert_eq!(v["TargetId"], "111122223333");
        assert!(a.schedule_name().len() <= 64 && a.schedule_name().starts_with("elevate-"));
    }
}
