//! `Organization` over AWS Organizations: the management account, and accounts with the OUs
//! above them (for policy rules that name OUs). The tree is walked breadth-first, the children
//! of each level fetched concurrently.

use std::collections::HashMap;

use async_trait::async_trait;
use aws_sdk_organizations::types::ChildType;
use futures_util::{StreamExt, TryStreamExt};

use crate::domain::org::is_account_id;
use crate::domain::{Account, OrgTree};
use crate::workflow::ports::{Organization, ServiceResult};

use super::service_error;

/// OUs are listed this many at a time.
const CONCURRENCY: usize = 8;

pub struct AwsOrganization {
    pub client: aws_sdk_organizations::Client,
}

impl AwsOrganization {
    /// OU ids above `child`, nearest first, ending with the root id.
    async fn path_of(&self, child: &str) -> ServiceResult<Vec<String>> {
        let mut path = Vec::new();
        let mut current = child.to_string();
        // An organization is at most 5 OUs deep below the root; the bound guards against loops.
        for _ in 0..8 {
            let out = self
                .client
                .list_parents()
                .child_id(&current)
                .send()
                .await
                .map_err(|e| service_error("organizations", "ListParents", e))?;
            let Some(parent) = out.parents().first() else {
                break;
            };
            let id = parent.id().unwrap_or_default().to_string();
            let is_root = parent.r#type() == Some(&aws_sdk_organizations::types::ParentType::Root);
            path.push(id.clone());
            if is_root {
                break;
            }
            current = id;
        }
        Ok(path)
    }

    async fn children(&self, parent: &str, kind: ChildType) -> ServiceResult<Vec<String>> {
        let mut ids = Vec::new();
        let mut pages = self
            .client
            .list_children()
            .parent_id(parent)
            .child_type(kind)
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| service_error("organizations", "ListChildren", e))?;
            ids.extend(
                page.children()
                    .iter()
                    .filter_map(|c| c.id().map(str::to_string)),
            );
        }
        Ok(ids)
    }
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

    async fn account(&self, id_or_name: &str) -> ServiceResult<Option<Account>> {
        if !is_account_id(id_or_name) {
            return Ok(self.tree().await?.find(id_or_name).cloned());
        }
        let out = match self
            .client
            .describe_account()
            .account_id(id_or_name)
            .send()
            .await
        {
            Ok(out) => out,
            Err(e) => {
                if e.as_service_error()
                    .is_some_and(|se| se.is_account_not_found_exception())
                {
                    return Ok(None);
                }
                return Err(service_error("organizations", "DescribeAccount", e));
            }
        };
        let name = out
            .account()
            .and_then(|a| a.name())
            .unwrap_or_default()
            .to_string();
        Ok(Some(Account::placed(
            id_or_name,
            &name,
            self.path_of(id_or_name).await?,
        )))
    }

    async fn tree(&self) -> ServiceResult<OrgTree> {
        let roots = self
            .client
            .list_roots()
            .send()
            .await
            .map_err(|e| service_error("organizations", "ListRoots", e))?;
        let Some(root) = roots
            .roots()
            .first()
            .and_then(|r| r.id())
            .map(str::to_string)
        else {
            return Ok(OrgTree::default());
        };
        // Names of every account, in one paged listing.
        let mut names: HashMap<String, String> = HashMap::new();
        let mut pages = self.client.list_accounts().into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| service_error("organizations", "ListAccounts", e))?;
            for a in page.accounts() {
                names.insert(
                    a.id().unwrap_or_default().to_string(),
                    a.name().unwrap_or_default().to_string(),
                );
            }
        }
        let mut accounts = Vec::new();
        let mut ou_names = HashMap::new();
        // (container id, its path from itself up to the root)
        let mut level = vec![(root.clone(), vec![root.clone()])];
        while !level.is_empty() {
            let fetched: Vec<(Vec<String>, Vec<String>, Vec<String>)> =
                futures_util::stream::iter(level)
                    .map(|(id, path)| async move {
                        let accounts = self.children(&id, ChildType::Account).await?;
                        let ous = self.children(&id, ChildType::OrganizationalUnit).await?;
                        Ok::<_, crate::workflow::ports::ServiceError>((path, accounts, ous))
                    })
                    .buffered(CONCURRENCY)
                    .try_collect()
                    .await?;
            let mut next = Vec::new();
            for (path, child_accounts, child_ous) in fetched {
                for id in child_accounts {
                    accounts.push(Account::placed(
                        &id,
                        names.get(&id).map_or("", String::as_str),
                        path.clone(),
                    ));
                }
                for ou in child_ous {
                    let mut p = vec![ou.clone()];
                    p.extend(path.iter().cloned());
                    ou_names.insert(ou.clone(), String::new());
                    next.push((ou, p));
                }
            }
            level = next;
        }
        Ok(OrgTree::new(Some(root), accounts, ou_names))
    }
}
