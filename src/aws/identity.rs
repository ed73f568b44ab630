//! `Directory` over STS (the caller) and the Identity Center identity store (users, groups).

use std::sync::Arc;

use async_trait::async_trait;
use aws_sdk_identitystore::types::{AlternateIdentifier, MemberId, UniqueAttribute};
use aws_smithy_types::Document;
use futures_util::{StreamExt, TryStreamExt};

use crate::domain::{GroupIdentity, UserIdentity};
use crate::workflow::ports::{
    CallerInfo, Directory, ServiceError, ServiceErrorKind, ServiceResult,
};

use super::{InstanceRef, service_error};

/// Group names are looked up this many at a time.
const CONCURRENCY: usize = 8;

pub struct AwsDirectory {
    pub sts: aws_sdk_sts::Client,
    pub identitystore: aws_sdk_identitystore::Client,
    pub instance: Arc<InstanceRef>,
    /// The operator's `allow_long_term_keys`, which IAM users fall under.
    pub allow_iam_users: bool,
}

fn unique(path: &str, value: &str) -> ServiceResult<AlternateIdentifier> {
    let attr = UniqueAttribute::builder()
        .attribute_path(path)
        .attribute_value(Document::String(value.to_string()))
        .build()
        .map_err(|e| ServiceError {
            service: "identitystore",
            operation: "GetUserId",
            kind: ServiceErrorKind::Invalid,
            message: e.to_string(),
        })?;
    Ok(AlternateIdentifier::UniqueAttribute(attr))
}

impl AwsDirectory {
    async fn store_id(&self) -> ServiceResult<String> {
        Ok(self.instance.get().await?.1.clone())
    }
}

#[async_trait]
impl Directory for AwsDirectory {
    async fn caller(&self) -> ServiceResult<CallerInfo> {
        let out = self
            .sts
            .get_caller_identity()
            .send()
            .await
            .map_err(|e| service_error("sts", "GetCallerIdentity", e))?;
        // Who the caller is decides what they may do and names them in every seal: an answer
        // without all three is refused here, never read as an empty identity.
        match (out.arn(), out.account(), out.user_id()) {
            (Some(arn), Some(account), Some(user_id))
                if !arn.is_empty() && !account.is_empty() && !user_id.is_empty() =>
            {
                Ok(CallerInfo {
                    arn: arn.to_string(),
                    account: account.to_string(),
                    user_id: user_id.to_string(),
                })
            }
            _ => Err(crate::workflow::ports::ServiceError {
                service: "sts",
                operation: "GetCallerIdentity",
                kind: crate::workflow::ports::ServiceErrorKind::Other,
                message: "the answer did not name the caller (its ARN, account and user id)".into(),
            }),
        }
    }

    async fn identity_account(&self) -> ServiceResult<String> {
        self.instance.identity_account().await
    }

    fn allows_iam_users(&self) -> bool {
        self.allow_iam_users
    }

    async fn find_user(&self, user_name: &str) -> ServiceResult<Option<UserIdentity>> {
        let store = self.store_id().await?;
        let found = self
            .identitystore
            .get_user_id()
            .identity_store_id(&store)
            .alternate_identifier(unique("userName", user_name)?)
            .send()
            .await;
        let id = match found {
            Ok(out) => out.user_id().to_string(),
            Err(e) => {
                let e = service_error("identitystore", "GetUserId", e);
                return if e.kind == ServiceErrorKind::NotFound {
                    Ok(None)
                } else {
                    Err(e)
                };
            }
        };
        let groups = self.groups_of(&id).await?;
        Ok(Some(UserIdentity {
            id,
            name: user_name.to_string(),
            groups,
        }))
    }

    async fn find_group(&self, display_name: &str) -> ServiceResult<Option<GroupIdentity>> {
        let store = self.store_id().await?;
        let found = self
            .identitystore
            .get_group_id()
            .identity_store_id(&store)
            .alternate_identifier(unique("displayName", display_name)?)
            .send()
            .await;
        match found {
            Ok(out) => Ok(Some(GroupIdentity {
                id: out.group_id().to_string(),
                name: display_name.to_string(),
            })),
            Err(e) => {
                let e = service_error("identitystore", "GetGroupId", e);
                if e.kind == ServiceErrorKind::NotFound {
                    Ok(None)
                } else {
                    Err(e)
                }
            }
        }
    }

    async fn groups_of(&self, user_id: &str) -> ServiceResult<Vec<GroupIdentity>> {
        let store = self.store_id().await?;
        let memberships: Vec<_> = self
            .identitystore
            .list_group_memberships_for_member()
            .identity_store_id(&store)
            .member_id(MemberId::UserId(user_id.to_string()))
            .into_paginator()
            .items()
            .send()
            .collect::<Vec<_>>()
            .await
            .into_iter()
            .collect::<Result<_, _>>()
            .map_err(|e| service_error("identitystore", "ListGroupMembershipsForMember", e))?;
        let ids: Vec<String> = memberships
            .iter()
            .filter_map(|m| m.group_id().map(str::to_string))
            .collect();
        futures_util::stream::iter(ids)
            .map(|id| {
                let store = store.clone();
                async move {
                    let out = self
                        .identitystore
                        .describe_group()
                        .identity_store_id(store)
                        .group_id(&id)
                        .send()
                        .await
                        .map_err(|e| service_error("identitystore", "DescribeGroup", e))?;
                    Ok::<_, ServiceError>(GroupIdentity {
                        name: out.display_name().unwrap_or(&id).to_string(),
                        id,
                    })
                }
            })
            .buffered(CONCURRENCY)
            .try_collect()
            .await
    }
}
