//! The context a command runs in: the resolved configuration, the output, and the AWS session,
//! ledger, services and policy, each set up on first use (from `app`) so a command that needs
//! only the ledger makes no AWS call.

use std::sync::Arc;

use tokio::sync::OnceCell;

use crate::aws::{self, clock::AwsClock};
use crate::cache::DiskCache;
use crate::config::Config;
use crate::domain::{Actor, Policy};
use crate::error::{Error, Result};
use crate::render::{Format, Output};
use crate::store::{self, Store};
use crate::workflow::ports::Clock;
use crate::workflow::{Services, lookup};

use super::Global;
use super::app::{self, Lookups};
use crate::render::prompt;

/// What a command runs with. AWS clients, the ledger and the policy are set up on first use,
/// so a command that needs only the ledger makes no AWS call.
pub struct Ctx {
    pub out: Output,
    pub config: Config,
    /// Fetch cached listings afresh.
    pub refresh: bool,
    /// `elevate setup`: the one command that may open a shared ledger that has no seal key yet.
    pub setting_up: bool,
    unsealed_said: std::sync::atomic::AtomicBool,
    /// AWS's time, once an AWS call has answered; this machine's before.
    clock: Arc<AwsClock>,
    aws: OnceCell<aws::Aws>,
    store: OnceCell<Arc<dyn Store>>,
    services: OnceCell<Services>,
}
impl Ctx {
    pub fn new(global: &Global) -> Result<Ctx> {
        let out = Output::new(global.output, global.quiet, global.no_input, global.color);
        let config = Config::resolve(global.settings.clone(), &global.from_env)?;
        crate::render::time::set_zone(
            crate::render::time::zone_from(global.utc, config.tz.as_deref())
                .map_err(Error::Usage)?,
        );
        Ok(Ctx {
            out,
            config,
            refresh: false,
            setting_up: false,
            unsealed_said: std::sync::atomic::AtomicBool::new(false),
            clock: Arc::new(AwsClock::from_env().map_err(Error::Usage)?),
            aws: OnceCell::new(),
            store: OnceCell::new(),
            services: OnceCell::new(),
        })
    }

    /// The caller's AWS session and clients, resolved once (no call is made until one is used).
    pub async fn aws(&self) -> Result<aws::Aws> {
        self.aws
            .get_or_try_init(|| app::connect(&self.config, self.clock.clone()))
            .await
            .cloned()
    }

    pub async fn store(&self) -> Result<Arc<dyn Store>> {
        self.store
            .get_or_try_init(|| async {
                match &self.config.store {
                    store::Location::Sqlite(path) => app::sqlite(path.clone()).await,
                    store::Location::Dynamodb(table) => {
                        if self.config.kms_seal_key.is_none() && !self.setting_up {
                            return Err(Error::Config(format!(
                                "the shared ledger dynamodb:{table} has no seal key: on a team's ledger every decision must prove its author. Set kms_seal_key in the config (or ELEVATE_KMS_SEAL_KEY) to the key `elevate setup` created; see `elevate iam-policy kms-key`"
                            )));
                        }
                        Ok(app::dynamodb(&self.aws().await?, table))
                    }
                }
            })
            .await
            .cloned()
    }

    /// Who is who, the organisation and Identity Center's permission sets, without the ledger
    /// (`init` runs before there is one to open).
    pub async fn lookups(&self) -> Result<Lookups> {
        Ok(app::lookups(&self.config, &self.aws().await?, self.refresh))
    }

    pub async fn services(&self) -> Result<Services> {
        self.services
            .get_or_try_init(|| async {
                let aws = self.aws().await?;
                let lookups = self.lookups().await?;
                app::services(
                    &self.config,
                    &aws,
                    lookups,
                    self.store(),
                    self.clock.clone(),
                )
                .await
            })
            .await
            .cloned()
    }

    /// The clock workflows read: AWS's time once an AWS call has answered.
    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    /// What time it is: AWS's, once an AWS call has answered (see `aws::clock`).
    pub fn now(&self) -> jiff::Timestamp {
        self.clock.now()
    }

    pub async fn actor(&self) -> Result<Actor> {
        lookup::identify(&self.services().await?).await
    }

    /// The policy, only when `wanted` (it may need the ledger and a file).
    pub async fn policy_if(&self, wanted: bool) -> Result<Option<Policy>> {
        if wanted {
            self.policy().await.map(Some)
        } else {
            Ok(None)
        }
    }

    /// The policy in force: the newest policy version in the ledger whose seal holds, or, on an
    /// unsealed ledger to which none was ever applied, the policy file.
    /// The local policy file's text and the name it is reported by.
    pub fn policy_file(&self) -> Result<(String, String)> {
        let path = &self.config.policy;
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::Io(format!(
                "cannot read the policy file {}: {e}. Write one (see docs/policy.md) or point --policy / ELEVATE_POLICY at it",
                path.display()
            ))
        })?;
        Ok((text, path.display().to_string()))
    }

    pub async fn policy(&self) -> Result<Policy> {
        let file = || self.policy_file();
        // Sealed: every version's seal is checked with KMS. Unsealed: the ledger alone.
        let in_force = if self.config.kms_seal_key.is_some() {
            crate::workflow::in_force::load(&self.services().await?, file).await?
        } else {
            crate::workflow::in_force::load_unsealed(self.store().await?.as_ref(), file).await?
        };
        if let Some(n) = in_force.number
            && self.config.policy_explicit
        {
            tracing::info!(
                "deciding by policy version {n} from the ledger; the policy file is only read by `policy check/apply/diff`"
            );
        }
        Ok(in_force.policy)
    }

    /// Names of the accounts of `requests` from this machine's cache (the organisation tree
    /// `eligible` read, and accounts `request` and `approve` looked up): no AWS call.
    pub fn cached_account_names(
        &self,
        requests: &[crate::domain::Request],
    ) -> crate::render::tables::AccountNames {
        let cache = DiskCache::new(self.config.cache_dir.clone(), self.config.cache_ttl, false);
        let scopes: std::collections::BTreeSet<&str> =
            requests.iter().map(|r| r.instance_arn.as_str()).collect();
        scopes
            .into_iter()
            .flat_map(|scope| cache.account_names(scope))
            .collect()
    }

    /// As [`Ctx::cached_account_names`], and, when `live` (the command talks to AWS anyway),
    /// the few accounts the cache lacks are read from Organizations with the caller's own
    /// session. A name that cannot be read leaves the bare id: this is for display only.
    pub async fn account_names(
        &self,
        requests: &[crate::domain::Request],
        live: bool,
    ) -> crate::render::tables::AccountNames {
        /// More than this many unknown accounts is a listing for `eligible` to warm up first.
        const AT_MOST: usize = 10;
        let mut names = self.cached_account_names(requests);
        let missing: std::collections::BTreeSet<&str> = requests
            .iter()
            .map(|r| r.account_id.as_str())
            .filter(|id| !names.contains_key(*id))
            .collect();
        if !live || missing.is_empty() || missing.len() > AT_MOST {
            return names;
        }
        let Ok(svc) = self.services().await else {
            return names;
        };
        let lookups = futures_util::future::join_all(missing.iter().map(|id| svc.org.account(id)));
        match tokio::time::timeout(std::time::Duration::from_secs(5), lookups).await {
            Ok(found) => {
                for account in found.into_iter().filter_map(|r| r.ok().flatten()) {
                    if account.place_known {
                        names.insert(account.id, account.name);
                    }
                }
            }
            Err(_) => tracing::debug!("account names: Organizations did not answer in 5 s"),
        }
        names
    }

    /// Whether grants get EventBridge schedules: a scheduler role is configured here, or the
    /// ledger is a team's, whose executor makes them.
    pub fn schedules_made(&self) -> bool {
        self.config.scheduler_role_arn.is_some() || self.config.store.is_shared()
    }

    /// The ledger's file, when it is a file on this machine: only people who run elevate here
    /// see what is in it.
    pub fn local_ledger(&self) -> Option<String> {
        match &self.config.store {
            store::Location::Sqlite(path) => Some(path.display().to_string()),
            store::Location::Dynamodb(_) => None,
        }
    }

    /// Warns when a ledger that is a file on this machine serves a second person's decision
    /// (one approving another's request): a team working that way sees nothing of each other's
    /// requests from any other machine, and usually meant to share a ledger.
    pub fn warn_if_local_ledger_is_shared(&self, requester: &str, actor: &str) {
        if let Some(path) = self.local_ledger()
            && requester != actor
        {
            self.out.warn(&format!(
                "the ledger is a file on this machine ({path}), used here by {requester} and {actor}: nobody on another machine sees its requests. A team shares a DynamoDB ledger (--store dynamodb:<table>; see docs/deploy.md)"
            ));
        }
    }

    /// Says once per run, where a request is shown, that an unsealed ledger's decisions are
    /// trusted rather than proven.
    pub fn say_if_unsealed(&self) {
        if self.config.kms_seal_key.is_none()
            && !self
                .unsealed_said
                .swap(true, std::sync::atomic::Ordering::Relaxed)
        {
            self.out.note(
                "unsealed ledger: decisions are trusted, not proven (set kms_seal_key to seal them; see `elevate iam-policy kms-key`)",
            );
        }
    }

    /// A value given by flag, or asked for on a terminal; without one, an error naming the flag.
    pub fn value(
        &self,
        given: Option<String>,
        flag: &'static str,
        prompt: &str,
        hint: &str,
    ) -> Result<String> {
        self.checked_value(given, flag, prompt, hint, |_| Ok(()))
    }

    /// As [`Ctx::value`], with an answer typed at the prompt checked by `check` (the rule the
    /// workflow applies to it) before the prompt lets it go. A value given by flag is left for
    /// the workflow to check, as it is without a terminal.
    pub fn checked_value(
        &self,
        given: Option<String>,
        flag: &'static str,
        prompt: &str,
        hint: &str,
        check: impl Fn(&str) -> std::result::Result<(), String>,
    ) -> Result<String> {
        if let Some(v) = given {
            return Ok(v);
        }
        if !self.out.interactive {
            return Err(Error::Missing {
                flag,
                hint: hint.to_string(),
            });
        }
        prompt::text(prompt, None, check)
    }
}
/// Shows a request after a command changed it: the detail table, or JSON.
pub fn print_request(ctx: &Ctx, request: &crate::domain::Request) -> Result<()> {
    ctx.say_if_unsealed();
    let names = ctx.cached_account_names(std::slice::from_ref(request));
    match ctx.out.format {
        Format::Json => ctx
            .out
            .json(&crate::render::named(std::slice::from_ref(request), &names)[0]),
        Format::Table if ctx.out.quiet => ctx.out.line(request.id.as_str()),
        Format::Table => ctx.out.table(&crate::render::tables::detail(
            request,
            &names,
            jiff::Timestamp::now(),
            ctx.schedules_made(),
        )),
    }
}

/// Nothing to do: the request is already over (or its end already asked). Says so and shows
/// where it stands (the request, as JSON with -o json), so a clean-up step succeeds.
pub async fn already_over(ctx: &Ctx, id: &crate::domain::RequestId, why: &str) -> Result<()> {
    ctx.out.note(why);
    let store = ctx.store().await?;
    let shown = crate::workflow::show::show(store.as_ref(), id).await?;
    print_request(ctx, &shown.request)
}
