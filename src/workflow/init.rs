//! `elevate init`: find what a new user's config needs (the Identity Center instance, its
//! identity store and region, the identity account, the organisation's management account, the
//! permission sets) with their own credentials, and write it with a starting policy. Finding
//! and writing are apart: nothing is written until everything was found and the policy checks.

use crate::domain::Policy;
use crate::error::{Error, Result};

use super::ports::{AccessControl, Directory, Infrastructure, Organization};

/// What `init` found.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Found {
    pub region: String,
    pub instance_arn: String,
    pub identity_store_id: String,
    pub identity_account: String,
    /// The organisation's management account, when the caller's account is in one.
    pub management_account: Option<String>,
    /// Permission sets people may ask for: every one but elevate's own.
    pub permission_sets: Vec<String>,
    /// The seal key `setup` made for the named DynamoDB ledger, when there is one.
    pub seal_key: Option<String>,
}

/// Who the starting policy lets ask, and who approves.
#[derive(Debug, Clone)]
pub struct Groups {
    pub requesters: String,
    pub approvers: String,
}

/// Finds what the config needs. `instance` is the instance and identity store the caller's
/// session found (ListInstances), `own_sets` elevate's own permission sets (left out of the
/// policy: they are how people run elevate, not what they ask for).
pub async fn discover(
    directory: &dyn Directory,
    org: &dyn Organization,
    access: &dyn AccessControl,
    region: String,
    instance: (String, String),
    own_sets: &[String],
) -> Result<Found> {
    let identity_account = directory.identity_account().await?;
    let management_account = org.management_account().await?;
    let mut permission_sets: Vec<String> = access
        .permission_sets_live()
        .await?
        .into_iter()
        .map(|p| p.name)
        .filter(|n| !own_sets.contains(n))
        .collect();
    permission_sets.sort();
    permission_sets.dedup();
    Ok(Found {
        region,
        instance_arn: instance.0,
        identity_store_id: instance.1,
        identity_account,
        management_account,
        permission_sets,
        seal_key: None,
    })
}

/// The seal key `setup` made for the DynamoDB ledger `table` (found by the alias it names it
/// with), if there is one.
pub async fn ledger_seal_key(infra: &dyn Infrastructure, table: &str) -> Result<Option<String>> {
    let alias = crate::domain::key_policy::seal_alias(Some(table));
    Ok(infra.seal_key(&alias).await?.map(|k| k.arn))
}

/// Both groups exist in the identity store (by display name).
pub async fn check_groups(directory: &dyn Directory, groups: &Groups, store: &str) -> Result<()> {
    for (flag, name) in [
        ("--requesters", &groups.requesters),
        ("--approvers", &groups.approvers),
    ] {
        if directory.find_group(name).await?.is_none() {
            return Err(Error::Usage(format!(
                "{flag}: there is no group named '{}' in the identity store {store}: give the display name of an Identity Center group",
                name
            )));
        }
    }
    if groups.requesters == groups.approvers {
        return Err(Error::Usage(
            "--requesters and --approvers name the same group: nobody may approve their own request, so give approvers a group of their own".into(),
        ));
    }
    Ok(())
}

/// The config file `init` writes: `kept` (what an old file set, with --force), with what it
/// found and what the command line named written over it.
pub fn config_text(
    found: &Found,
    kept: toml::Table,
    profile: Option<&str>,
    store: Option<&str>,
    policy: Option<&std::path::Path>,
    written: &str,
) -> String {
    let mut table = kept;
    let mut put = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            table.insert(k.into(), toml::Value::String(v));
        }
    };
    put("profile", profile.map(str::to_string));
    put("region", Some(found.region.clone()));
    put("instance_arn", Some(found.instance_arn.clone()));
    put("identity_store_id", Some(found.identity_store_id.clone()));
    put("identity_account", Some(found.identity_account.clone()));
    put("store", store.map(str::to_string));
    put("kms_seal_key", found.seal_key.clone());
    put("policy", policy.map(|p| p.display().to_string()));
    format!(
        "# Written by `elevate init` on {written} from what your credentials found.\n\
         # `elevate config` shows every setting and where it comes from; all keys: `man 5 elevate-config`.\n\
         {}",
        toml::to_string(&table).unwrap_or_default()
    )
}

/// A starting policy: the requesters' group may ask for any of the permission sets found on
/// any account but the management account, for up to 4 hours, with one approval by the
/// approvers' group. Checked by the policy parser before it is returned.
pub fn starting_policy(found: &Found, groups: &Groups, written: &str) -> Result<String> {
    if found.permission_sets.is_empty() {
        return Err(Error::Usage(format!(
            "the Identity Center instance {} has no permission set people could ask for (elevate's own are left out): create one (e.g. AdministratorAccess or ReadOnlyAccess) and run `elevate init` again",
            found.instance_arn
        )));
    }
    let quote = |s: &str| toml::Value::String(s.to_string()).to_string();
    let sets: Vec<String> = found.permission_sets.iter().map(|s| quote(s)).collect();
    let mut text = format!(
        "# Written by `elevate init` on {written}: a start, not a decision. Review it, check it with\n\
         # `elevate policy check`, and for a team apply it with `elevate policy apply`.\n\
         # The rules and their meaning: `man 5 elevate-policy`.\n\
         \n\
         [settings]\n\
         max_duration = \"8h\"\n\
         default_duration = \"1h\"\n\
         pending_expiry = \"24h\"\n\
         reason_required = true\n\
         reason_min_length = 10\n\
         \n\
         [[rule]]\n\
         name = \"requesters\"\n\
         principals = [{}]\n\
         accounts = [\"*\"]\n\
         permission_sets = [{}]\n\
         max_duration = \"4h\"\n\
         approval = \"required\"\n\
         approvers = [{}]\n",
        quote(&format!("group:{}", groups.requesters)),
        sets.join(", "),
        quote(&format!("group:{}", groups.approvers)),
    );
    if let Some(management) = &found.management_account {
        text.push_str(&format!(
            "\n\
             [[deny]]\n\
             name = \"never-management\"\n\
             accounts = [{}]\n\
             reason = \"the management account holds the whole organisation: give it a break-glass runbook of its own\"\n",
            quote(management)
        ));
    }
    Policy::parse(&text, "the starting policy").map_err(|e| {
        Error::Usage(format!(
            "the starting policy does not check ({e}): name the groups differently"
        ))
    })?;
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found() -> Found {
        Found {
            region: "eu-west-1".into(),
            instance_arn: "arn:aws:sso:::instance/ssoins-1".into(),
            identity_store_id: "d-123".into(),
            identity_account: "111122223333".into(),
            management_account: Some("999988887777".into()),
            permission_sets: vec!["AdministratorAccess".into(), "Read\"Only".into()],
            seal_key: None,
        }
    }

    fn groups() -> Groups {
        Groups {
            requesters: "Engineers".into(),
            approvers: "On call \"leads\"".into(),
        }
    }

    #[test]
    fn the_starting_policy_checks_and_keeps_the_management_account_out() {
        let text = starting_policy(&found(), &groups(), "2026-12-06").unwrap();
        let policy = Policy::parse(&text, "t").unwrap();
        assert_eq!(policy.rules.len(), 1);
        assert_eq!(policy.denies.len(), 1);
        // Names with quotes stay names, not TOML.
        let table: toml::Table = toml::from_str(&text).unwrap();
        let rule = &table["rule"][0];
        assert_eq!(
            rule["approvers"][0].as_str(),
            Some(r#"group:On call "leads""#)
        );
        assert_eq!(rule["permission_sets"][1].as_str(), Some(r#"Read"Only"#));
        assert_eq!(
            table["deny"][0]["accounts"][0].as_str(),
            Some("999988887777")
        );

        let none = Found {
            permission_sets: vec![],
            ..found()
        };
        let e = starting_policy(&none, &groups(), "x")
            .unwrap_err()
            .to_string();
        assert!(e.contains("no permission set"), "{e}");
    }

    #[test]
    fn the_config_holds_what_was_found_and_reads_back() {
        let kept: toml::Table =
            toml::from_str("store = \"dynamodb:old\"\nnotify_sns_topic = \"arn:aws:sns:eu-west-1:111122223333:t\"\nregion = \"us-east-1\"\n").unwrap();
        let again = config_text(&found(), kept, None, None, None, "2026-12-06");
        let read: crate::config::Options = toml::from_str(&again).unwrap();
        // What was set and not found stays; what was found replaces what was there.
        assert_eq!(read.store.as_deref(), Some("dynamodb:old"));
        assert_eq!(
            read.notify_sns_topic.as_deref(),
            Some("arn:aws:sns:eu-west-1:111122223333:t")
        );
        assert_eq!(read.region.as_deref(), Some("eu-west-1"));
        let text = config_text(
            &found(),
            toml::Table::new(),
            Some("work"),
            Some("dynamodb:team"),
            None,
            "2026-12-06",
        );
        let read: crate::config::Options = toml::from_str(&text).unwrap();
        assert_eq!(read.profile.as_deref(), Some("work"));
        assert_eq!(read.region.as_deref(), Some("eu-west-1"));
        assert_eq!(
            read.instance_arn.as_deref(),
            Some("arn:aws:sso:::instance/ssoins-1")
        );
        assert_eq!(read.identity_store_id.as_deref(), Some("d-123"));
        assert_eq!(read.identity_account.as_deref(), Some("111122223333"));
        assert_eq!(read.store.as_deref(), Some("dynamodb:team"));
        assert_eq!(read.policy, None);
    }
}
