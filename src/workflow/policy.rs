//! `elevate policy check|apply|show|diff|history`: validating a policy against the real
//! directory, permission sets and organisation, and keeping its versions in the store.

use std::collections::BTreeSet;

use futures_util::StreamExt;

use crate::domain::policy::{PermissionSetPattern, PrincipalPattern, TargetPattern, line_col};
use crate::domain::{Policy, PolicyError, PrincipalKind, PrincipalRef};
use crate::error::{Error, Result};
use crate::store::{PolicyVersion, StoreError};

use super::Services;

/// The closest of `candidates` to `wrong`, if close enough to be a likely typo.
fn closest<'a>(wrong: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| {
            (
                strsim::jaro_winkler(&wrong.to_lowercase(), &c.to_lowercase()),
                c,
            )
        })
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

fn did_you_mean(suggestion: Option<&str>) -> String {
    suggestion
        .map(|s| format!(" (did you mean \"{s}\"?)"))
        .unwrap_or_default()
}

/// Where `needle` (a quoted value) first appears in the source, for error positions.
fn locate(src: &str, needle: &str) -> (usize, usize) {
    let quoted = format!("\"{needle}\"");
    let offset = src.find(&quoted).or_else(|| src.find(needle)).unwrap_or(0);
    line_col(src, offset)
}

fn problem(src: &str, origin: &str, needle: &str, message: String) -> PolicyError {
    let (line, column) = locate(src, needle);
    PolicyError {
        origin: origin.to_string(),
        line,
        column,
        message,
    }
}

/// Checks every name in the policy against AWS: users and groups in the identity store,
/// permission sets in the instance, accounts and OUs in the organisation. Returns every
/// problem found, in file order.
pub async fn check_online(
    svc: &Services,
    policy: &Policy,
    src: &str,
    origin: &str,
) -> Result<Vec<PolicyError>> {
    let mut principals: BTreeSet<(u8, String)> = BTreeSet::new();
    let mut add = |p: &PrincipalRef| {
        principals.insert((p.kind as u8, p.name.clone()));
    };
    for r in &policy.rules {
        r.principals.iter().for_each(|p| {
            if let PrincipalPattern::One(p) = p {
                add(p)
            }
        });
        r.approvers.iter().for_each(&mut add);
    }
    for d in &policy.denies {
        d.principals.iter().for_each(|p| {
            if let PrincipalPattern::One(p) = p {
                add(p)
            }
        });
    }
    let mut problems = Vec::new();
    let looked_up: Vec<(u8, String, Result<bool>)> = futures_util::stream::iter(principals)
        .map(|(kind, name)| async move {
            let found = if kind == PrincipalKind::User as u8 {
                svc.directory.find_user(&name).await.map(|u| u.is_some())
            } else {
                svc.directory.find_group(&name).await.map(|g| g.is_some())
            };
            (kind, name, found.map_err(Error::from))
        })
        .buffered(8)
        .collect()
        .await;
    for (kind, name, found) in looked_up {
        let what = if kind == PrincipalKind::User as u8 {
            "user"
        } else {
            "group"
        };
        if !found? {
            problems.push(problem(
                src,
                origin,
                &format!("{what}:{name}"),
                format!(
                    "there is no {what} '{name}' in the identity store: check the spelling ({})",
                    if what == "user" {
                        "the Identity Center user name"
                    } else {
                        "the group's display name"
                    }
                ),
            ));
        }
    }

    let sets = svc.access.permission_sets().await?;
    let patterns = policy
        .rules
        .iter()
        .flat_map(|r| r.permission_sets.iter())
        .chain(policy.denies.iter().flat_map(|d| d.permission_sets.iter()));
    let mut seen = BTreeSet::new();
    for p in patterns {
        let known = match p {
            PermissionSetPattern::Any => true,
            PermissionSetPattern::Name(n) => sets.iter().any(|s| &s.name == n),
            PermissionSetPattern::Arn(a) => sets.iter().any(|s| &s.arn == a),
        };
        if !known && seen.insert(p.to_string()) {
            let hint = did_you_mean(closest(
                &p.to_string(),
                sets.iter().map(|s| s.name.as_str()),
            ));
            problems.push(problem(
                src,
                origin,
                &p.to_string(),
                format!("there is no permission set '{p}' in this Identity Center instance: write an existing name or ARN{hint}"),
            ));
        }
    }

    let targets: Vec<&TargetPattern> = policy
        .rules
        .iter()
        .flat_map(|r| r.accounts.iter())
        .chain(policy.denies.iter().flat_map(|d| d.accounts.iter()))
        .filter(|t| !matches!(t, TargetPattern::Any | TargetPattern::Root(None)))
        .collect();
    if !targets.is_empty() {
        match svc.org.tree().await {
            Ok(tree) => {
                let mut seen = BTreeSet::new();
                for t in targets {
                    let known = match t {
                        TargetPattern::AccountId(id) => tree.account(id).is_some(),
                        TargetPattern::AccountName(n) => tree.find(n).is_some(),
                        TargetPattern::Ou(ou) => tree.accounts.iter().any(|a| a.path.contains(ou)) || tree.ou_names.contains_key(ou),
                        TargetPattern::Root(Some(r)) => tree.root.as_deref() == Some(r.as_str()),
                        TargetPattern::Any | TargetPattern::Root(None) => true,
                    };
                    let shown = t.to_string();
                    if !known && seen.insert(shown.clone()) {
                        let needle = shown.strip_prefix("name:").unwrap_or(&shown).to_string();
                        let hint = did_you_mean(closest(
                            &needle,
                            tree.accounts.iter().map(|a| a.name.as_str()),
                        ));
                        problems.push(problem(
                            src,
                            origin,
                            &needle,
                            format!("there is no account or OU '{shown}' in the organization: write an existing account id, account name or OU id{hint}"),
                        ));
                    }
                }
            }
            Err(e) => problems.push(PolicyError {
                origin: origin.to_string(),
                line: 1,
                column: 1,
                message: format!(
                    "accounts and OUs were not checked: the organization cannot be read ({e}); run again with credentials that may, or with --offline"
                ),
            }),
        }
    }
    problems.sort_by_key(|p| (p.line, p.column));
    Ok(problems)
}

#[derive(Debug)]
pub struct Applied {
    pub version: PolicyVersion,
    /// The same text was already the latest version: nothing was stored.
    pub unchanged: bool,
}

/// Stores `policy` (already validated) as the next version, sealed by the admin applying it,
/// unless it is already the latest valid one.
pub async fn apply(
    svc: &super::Services,
    policy: &Policy,
    text: &str,
    actor: &crate::domain::Actor,
) -> Result<Applied> {
    // Two admins applying at once: the loser re-reads and tries the next number once.
    for _ in 0..2 {
        let (valid, problems) = super::in_force::versions(svc).await?;
        for p in &problems {
            tracing::warn!("{p}: it is not in force, and the version applied now follows it");
        }
        if let Some(latest) = valid.last()
            && latest.hash == policy.version
            && problems.is_empty()
        {
            return Ok(Applied {
                version: latest.clone(),
                unchanged: true,
            });
        }
        let stored = svc.store.policy(None).await?;
        let mut version = PolicyVersion {
            number: stored.map_or(1, |l| l.number + 1),
            hash: policy.version.clone(),
            text: text.to_string(),
            applied_by: actor.label(),
            applied_at: svc.clock.now(),
            actor_id: Some(actor.id.clone()).filter(|i| !i.is_empty()),
            seal: None,
        };
        super::in_force::seal(svc, &mut version).await?;
        match svc.store.apply_policy(&version).await {
            Ok(()) => {
                return Ok(Applied {
                    version,
                    unchanged: false,
                });
            }
            Err(StoreError::Conflict) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(Error::Conflict(
        "another policy was applied at the same time; run `elevate policy diff` and apply again"
            .into(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses_only() {
        let names = ["AdministratorAccess", "ReadOnlyAccess", "Billing"];
        assert_eq!(
            closest("AdministatorAccess", names.iter().copied()),
            Some("AdministratorAccess")
        );
        assert_eq!(
            closest("readonlyaccess", names.iter().copied()),
            Some("ReadOnlyAccess")
        );
        assert_eq!(closest("Networking", names.iter().copied()), None);
    }

    #[test]
    fn locates_quoted_values_first() {
        let src = "a = \"x\"\nb = [\"group:Ops\", \"Ops\"]\n";
        assert_eq!(locate(src, "group:Ops"), (2, 6));
        assert_eq!(locate(src, "Ops"), (2, 19));
    }
}
