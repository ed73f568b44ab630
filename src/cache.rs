//! An on-disk cache of slow, large listings (the organisation tree, the permission sets) for
//! `eligible` and the request pickers. Decisions never read it: `request` and `approve` look the
//! account up live, so a stale (or edited) cache cannot change what is granted.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use jiff::Timestamp;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::domain::{Account, Assignment, OrgTree, PermissionSet};
use crate::workflow::ports::{AccessControl, Organization, Provisioning, ServiceResult};

/// The cache entry of account names looked up one by one.
const NAMES: &str = "account-names";
const MAX_NAMES: usize = 10_000;

pub struct DiskCache {
    dir: PathBuf,
    ttl: Duration,
    /// Set to fetch afresh and rewrite the entries.
    refresh: bool,
}

#[derive(Serialize, Deserialize)]
struct Entry<T> {
    fetched_at: Timestamp,
    value: T,
}

impl DiskCache {
    pub fn new(dir: PathBuf, ttl: Duration, refresh: bool) -> DiskCache {
        DiskCache { dir, ttl, refresh }
    }

    fn path(&self, name: &str, scope: &str) -> PathBuf {
        // One file per Identity Center instance: several organisations may share a machine.
        let scope = hex::encode(&Sha256::digest(scope.as_bytes())[..8]);
        self.dir.join(format!("{name}-{scope}.json"))
    }

    fn read<T: DeserializeOwned>(&self, name: &str, scope: &str) -> Option<T> {
        if self.refresh || self.ttl.is_zero() {
            return None;
        }
        let text = std::fs::read_to_string(self.path(name, scope)).ok()?;
        let entry: Entry<T> = serde_json::from_str(&text).ok()?;
        let age = Timestamp::now().duration_since(entry.fetched_at);
        (age.is_positive() && age.unsigned_abs() < self.ttl).then_some(entry.value)
    }

    /// Account names by id, from the cached tree and the accounts looked up live, whatever
    /// their age: only ever shown beside an id, never decided on, and a renamed account is rare.
    pub fn account_names(&self, scope: &str) -> HashMap<String, String> {
        if self.ttl.is_zero() {
            return HashMap::new();
        }
        let mut names: HashMap<String, String> = self
            .read_any_age::<HashMap<String, String>>(NAMES, scope)
            .unwrap_or_default();
        if let Some(tree) = self.read_any_age::<OrgTree>("org", scope) {
            names.extend(tree.accounts.into_iter().map(|a| (a.id, a.name)));
        }
        names
    }

    /// Keeps the names of accounts just read from Organizations for the listings that follow.
    pub fn remember_names(&self, scope: &str, accounts: &[(String, String)]) {
        let mut names = self
            .read_any_age::<HashMap<String, String>>(NAMES, scope)
            .unwrap_or_default();
        let mut changed = false;
        for (id, name) in accounts {
            if !name.is_empty() && names.get(id) != Some(name) {
                names.insert(id.clone(), name.clone());
                changed = true;
            }
        }
        // A bound, so a huge organisation's lookups never grow the file without end.
        if names.len() > MAX_NAMES {
            names.clear();
            names.extend(accounts.iter().cloned());
        }
        if changed {
            self.write(NAMES, scope, &names);
        }
    }

    fn read_any_age<T: DeserializeOwned>(&self, name: &str, scope: &str) -> Option<T> {
        let text = std::fs::read_to_string(self.path(name, scope)).ok()?;
        serde_json::from_str::<Entry<T>>(&text)
            .ok()
            .map(|e| e.value)
    }

    /// Best effort: a cache that cannot be written only costs the next run some calls.
    fn write<T: Serialize>(&self, name: &str, scope: &str, value: &T) {
        if self.ttl.is_zero() {
            return;
        }
        let path = self.path(name, scope);
        let result = (|| -> std::io::Result<()> {
            std::fs::create_dir_all(&self.dir)?;
            let tmp = path.with_extension(format!("tmp{}", std::process::id()));
            let text = serde_json::to_vec(&Entry {
                fetched_at: Timestamp::now(),
                value,
            })?;
            std::fs::write(&tmp, text)?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o600))?;
            }
            std::fs::rename(&tmp, &path)
        })();
        if let Err(e) = result {
            tracing::warn!("could not write the cache {}: {e}", path.display());
        }
    }
}

/// Every cached listing called `name` in `dir`, whatever its age or Identity Center instance:
/// for shell completion, which offers what this machine has seen rather than wait for AWS.
pub fn cached<T: DeserializeOwned>(dir: &std::path::Path, name: &str) -> Vec<T> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let prefix = format!("{name}-");
    entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "json")
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(&prefix))
        })
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .filter_map(|text| serde_json::from_str::<Entry<T>>(&text).ok())
        .map(|entry| entry.value)
        .collect()
}

/// `Organization` with the tree cached; single-account lookups stay live.
pub struct CachedOrg {
    pub inner: Arc<dyn Organization>,
    pub access: Arc<dyn AccessControl>,
    pub cache: Arc<DiskCache>,
}

#[async_trait]
impl Organization for CachedOrg {
    async fn management_account(&self) -> ServiceResult<Option<String>> {
        self.inner.management_account().await
    }
    /// Live, always. A name is first mapped to its id through the cached tree, and that id is
    /// then looked up live and must still carry the name; otherwise the whole organisation is
    /// read live.
    async fn account(&self, id_or_name: &str) -> ServiceResult<Option<Account>> {
        if !crate::domain::org::is_account_id(id_or_name) {
            let scope = self.access.instance_arn().await?;
            let cached_id = self.cache.read::<OrgTree>("org", &scope).and_then(|mut t| {
                t.index();
                t.find(id_or_name).map(|a| a.id.clone())
            });
            if let Some(id) = cached_id
                && let Some(live) = self.inner.account(&id).await?
                && live.name == id_or_name
            {
                self.remember(&scope, &live);
                return Ok(Some(live));
            }
        }
        let live = self.inner.account(id_or_name).await?;
        if let Some(a) = &live {
            self.remember(&self.access.instance_arn().await?, a);
        }
        Ok(live)
    }
    async fn tree(&self) -> ServiceResult<OrgTree> {
        let scope = self.access.instance_arn().await?;
        if let Some(mut tree) = self.cache.read::<OrgTree>("org", &scope) {
            tree.index();
            return Ok(tree);
        }
        let tree = self.inner.tree().await?;
        self.cache.write("org", &scope, &tree);
        Ok(tree)
    }
}

impl CachedOrg {
    fn remember(&self, scope: &str, account: &Account) {
        if account.place_known {
            self.cache
                .remember_names(scope, &[(account.id.clone(), account.name.clone())]);
        }
    }
}

/// `AccessControl` with the list of permission sets cached; everything else stays live.
pub struct CachedAccess {
    pub inner: Arc<dyn AccessControl>,
    pub cache: Arc<DiskCache>,
}

#[async_trait]
impl AccessControl for CachedAccess {
    async fn instance_arn(&self) -> ServiceResult<String> {
        self.inner.instance_arn().await
    }
    /// Live, always: a name is mapped to its ARN through the cached list, and the ARN is then
    /// described live and must still carry the name; otherwise every set is listed live.
    async fn permission_set(&self, name_or_arn: &str) -> ServiceResult<Option<PermissionSet>> {
        if !name_or_arn.starts_with("arn:") {
            let scope = self.inner.instance_arn().await?;
            let cached_arn = self
                .cache
                .read::<Vec<PermissionSet>>("permission-sets", &scope)
                .and_then(|sets| sets.into_iter().find(|s| s.name == name_or_arn))
                .map(|s| s.arn);
            if let Some(arn) = cached_arn
                && let Some(live) = self.inner.permission_set(&arn).await?
                && live.name == name_or_arn
            {
                return Ok(Some(live));
            }
        }
        self.inner.permission_set(name_or_arn).await
    }
    async fn permission_sets(&self) -> ServiceResult<Vec<PermissionSet>> {
        let scope = self.inner.instance_arn().await?;
        if let Some(sets) = self
            .cache
            .read::<Vec<PermissionSet>>("permission-sets", &scope)
        {
            return Ok(sets);
        }
        let sets = self.inner.permission_sets().await?;
        self.cache.write("permission-sets", &scope, &sets);
        Ok(sets)
    }
    async fn permission_sets_live(&self) -> ServiceResult<Vec<PermissionSet>> {
        self.inner.permission_sets_live().await
    }
    async fn assignments_of(&self, permission_set_arn: &str) -> ServiceResult<Vec<Assignment>> {
        self.inner.assignments_of(permission_set_arn).await
    }
    async fn has_assignment(&self, a: &Assignment) -> ServiceResult<bool> {
        self.inner.has_assignment(a).await
    }
    async fn create_assignment(&self, a: &Assignment) -> ServiceResult<Provisioning> {
        self.inner.create_assignment(a).await
    }
    async fn delete_assignment(&self, a: &Assignment) -> ServiceResult<Provisioning> {
        self.inner.delete_assignment(a).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // A release naming the files differently would only miss the cache once, but the scope must
    // still be one file per instance. The value is SHA-256 computed outside Rust.
    #[test]
    fn a_cache_file_is_named_by_its_instance() {
        let cache = DiskCache::new(PathBuf::from("/c"), Duration::from_secs(1), false);
        assert_eq!(
            cache.path("accounts", "arn:aws:sso:::instance/ssoins-1"),
            PathBuf::from("/c/accounts-e85b1278f4a02c2d.json")
        );
    }

    #[tokio::test]
    async fn a_stale_or_edited_cache_cannot_change_what_a_name_means() {
        use crate::workflow::fakes::{FakeAccess, INSTANCE, permission_set};
        let dir = tempfile::tempdir().unwrap();
        let cache = Arc::new(DiskCache::new(
            dir.path().to_path_buf(),
            Duration::from_secs(600),
            false,
        ));
        // The cache claims "Admin" is the ReadOnly set's ARN.
        let mut lying = permission_set("ReadOnly", 1);
        lying.name = "Admin".into();
        cache.write("permission-sets", INSTANCE, &vec![lying]);
        let access = CachedAccess {
            inner: Arc::new(FakeAccess::default()),
            cache,
        };
        let found = access.permission_set("Admin").await.unwrap().unwrap();
        assert_eq!(found, permission_set("Admin", 4));
        assert_eq!(access.permission_set("Nope").await.unwrap(), None);
    }

    #[test]
    fn entries_expire_refresh_and_stay_private() {
        let dir = tempfile::tempdir().unwrap();
        let cache = DiskCache::new(dir.path().join("c"), Duration::from_secs(600), false);
        assert_eq!(cache.read::<Vec<u32>>("x", "scope"), None);
        cache.write("x", "scope", &vec![1u32, 2]);
        assert_eq!(cache.read::<Vec<u32>>("x", "scope"), Some(vec![1, 2]));
        // Another instance does not see it.
        assert_eq!(cache.read::<Vec<u32>>("x", "other"), None);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(cache.path("x", "scope"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let refreshing = DiskCache::new(dir.path().join("c"), Duration::from_secs(600), true);
        assert_eq!(refreshing.read::<Vec<u32>>("x", "scope"), None);
        let expired = DiskCache::new(dir.path().join("c"), Duration::from_nanos(1), false);
        std::thread::sleep(Duration::from_millis(2));
        assert_eq!(expired.read::<Vec<u32>>("x", "scope"), None);
        // Garbage is a miss, not an error.
        std::fs::write(cache.path("x", "scope"), "not json").unwrap();
        assert_eq!(cache.read::<Vec<u32>>("x", "scope"), None);
    }
}
