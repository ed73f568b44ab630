//! `Organization` over AWS Organizations.

use async_trait::async_trait;

use crate::workflow::ports::{Organization, ServiceResult};

use super::service_error;

pub struct AwsOrganization {
    pub client: aws_sdk_organizations::Client,
}

#[async_trait]
impl Organization for AwsOrganization {
    async fn management_account(&self) -> ServiceResult<Option<String>> {
        match self.client.describe_organization().send().await {
            Ok(out) => Ok(out
                .organization()
                .and_then(|o| o.master_account_id())
                .map(str::to_string)),
            Err(e) => {
                let not_in_use = e
                    .as_service_error()
                    .is_some_and(|se| se.is_aws_organizations_not_in_use_exception());
                if not_in_use {
                    Ok(None)
                } else {
                    Err(service_error("organizations", "DescribeOrganization", e))
                }
            }
        }
    }
}
