//! Where every adapter is assembled: the AWS session from the configuration, and from it the
//! ledger, the lookups, the services the workflow runs with, the clients `audit`, `setup`,
//! `doctor` and `init` use, and the user's own access portal sign-in. The rest of `cli/` gets
//! them from the context or from here and builds none itself, so what talks to AWS, and how, is
//! decided in one place.

use std::path::PathBuf;
use std::sync::Arc;

use crate::aws::clock::AwsClock;
use crate::aws::portal::Portal;
use crate::aws::session::PortalSession;
use crate::aws::{self, Aws, AwsSettings, Polling};
use crate::cache::{CachedAccess, CachedOrg, DiskCache};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::store::{self, Store};
use crate::workflow::ports::{AccessControl, Directory, Notifier, Organization, System};
use crate::workflow::{Services, Tuning};

/// The parts of [`Services`] that need no ledger.
pub struct Lookups {
    pub directory: Arc<dyn Directory>,
    pub org: Arc<dyn Organization>,
    pub access: Arc<dyn AccessControl>,
}

/// The caller's AWS session and clients (no call is made until one is used).
pub async fn connect(config: &Config, clock: Arc<AwsClock>) -> Result<Aws> {
    aws::connect(
        &AwsSettings {
            profile: config.profile.clone(),
            region: config.region.clone(),
            allow_long_term_keys: config.allow_long_term_keys,
            instance_arn: config.instance_arn.clone(),
            identity_store_id: config.identity_store_id.clone(),
            identity_account: config.identity_account.clone(),
            provisioning: Polling {
                timeout: config.provisioning_timeout,
                ..Polling::default()
            },
            pacing: config.identity_center_pacing,
        },
        clock,
    )
    .await
}

/// The ledger in a file on this machine.
pub async fn sqlite(path: PathBuf) -> Result<Arc<dyn Store>> {
    // Opening may create and migrate the file: blocking work, off the runtime's thread.
    let location = path.display().to_string();
    Ok(
        tokio::task::spawn_blocking(move || store::open_sqlite(&path))
            .await
            .map_err(|e| store::StoreError::Unavailable {
                location,
                message: format!("opening it failed: {e}"),
            })??
            .into(),
    )
}

/// A team's ledger in DynamoDB.
pub fn dynamodb(aws: &Aws, table: &str) -> Arc<dyn Store> {
    Arc::new(store::dynamodb::DynamoStore::new(
        aws.dynamodb.clone(),
        table,
    ))
}

/// Who is who, the organisation and Identity Center's permission sets, without the ledger
/// (`init` runs before there is one to open). `refresh` fetches cached listings afresh.
pub fn lookups(config: &Config, aws: &Aws, refresh: bool) -> Lookups {
    let cache = Arc::new(DiskCache::new(
        config.cache_dir.clone(),
        config.cache_ttl,
        refresh,
    ));
    let access: Arc<dyn AccessControl> = Arc::new(CachedAccess {
        inner: Arc::new(aws::access::AwsAccess {
            client: aws.ssoadmin.clone(),
            instance: aws.instance.clone(),
            polling: aws.polling.clone(),
            pacer: aws.pacer.clone(),
        }),
        cache: cache.clone(),
    });
    Lookups {
        directory: Arc::new(aws::identity::AwsDirectory {
            sts: aws.sts.clone(),
            identitystore: aws.identitystore.clone(),
            instance: aws.instance.clone(),
            allow_iam_users: config.allow_long_term_keys,
        }),
        org: Arc::new(CachedOrg {
            inner: Arc::new(aws::org::AwsOrganization {
                client: aws.organizations.clone(),
            }),
            access: access.clone(),
            cache,
        }),
        access,
    }
}

/// What the workflow runs with. `store` is asked for after the notifier is built, so a
/// notification channel that cannot be set up is reported before the ledger is opened.
pub async fn services(
    config: &Config,
    aws: &Aws,
    lookups: Lookups,
    store: impl Future<Output = Result<Arc<dyn Store>>>,
    clock: Arc<AwsClock>,
) -> Result<Services> {
    let Lookups {
        directory,
        org,
        access,
    } = lookups;
    Ok(Services {
        directory,
        org,
        access,
        scheduler: Arc::new(aws::schedule::AwsScheduler {
            client: aws.scheduler.clone(),
            group: config.schedule_group.clone(),
            role_arn: config.scheduler_role_arn.clone(),
        }),
        notifier: notifier(config, aws)?,
        store: store.await?,
        sealer: match &config.kms_seal_key {
            Some(key) => Arc::new(aws::seal::KmsSealer::new(
                aws.kms.clone(),
                key.clone(),
                config.ledger_name(),
            )),
            None => Arc::new(crate::workflow::ports::Unsealed),
        },
        clock,
        ids: Arc::new(System),
        tuning: Tuning::default(),
        grant_mode: config.grant_mode,
    })
}

/// The configured notification channels (none: silent).
fn notifier(config: &Config, aws: &Aws) -> Result<Arc<dyn Notifier>> {
    if config.notify_sns_topic.is_none() && config.notify_slack_webhook.is_none() {
        return Ok(Arc::new(crate::workflow::ports::Silent));
    }
    let slack = match &config.notify_slack_webhook {
        Some(url) => Some((aws::notify::https_client().map_err(Error::Io)?, url.clone())),
        None => None,
    };
    Ok(Arc::new(aws::notify::Channels {
        sns: config
            .notify_sns_topic
            .clone()
            .map(|t| (aws.sns.clone(), t)),
        slack,
        topics: config.notify_events.clone(),
    }))
}

/// Where CloudTrail's record of what was done is read from (`audit --activity`, `standing`).
pub fn activity_log(aws: &Aws) -> aws::activity::AwsActivity {
    aws::activity::AwsActivity::of(aws)
}

/// The clients setup (and doctor, and init) inspect infrastructure with.
pub fn infrastructure(aws: &Aws) -> aws::setup::AwsInfrastructure {
    aws::setup::AwsInfrastructure {
        dynamodb: aws.dynamodb.clone(),
        scheduler: aws.scheduler.clone(),
        iam: aws.iam.clone(),
        kms: aws.kms.clone(),
        lambda: aws.lambda.clone(),
    }
}

/// What `setup --permission-sets` creates Identity Center's permission sets with.
pub fn permission_sets(aws: &Aws, access: Arc<dyn AccessControl>) -> aws::setup::AwsPermissionSets {
    aws::setup::AwsPermissionSets {
        client: aws.ssoadmin.clone(),
        access,
        polling: aws.polling.clone(),
    }
}

/// The access portal: the config's start URL, else the AWS profile's, with how to sign in to it.
pub async fn portal(config: &Config) -> Option<Portal> {
    aws::portal::portal(config.profile.as_deref(), config.sso_start_url.as_deref()).await
}

/// The access portal, or the error that says where to name it.
pub async fn required_portal(config: &Config) -> Result<Portal> {
    portal(config).await.ok_or_else(|| Error::Missing {
        flag: "sso_start_url",
        hint: "say where your AWS access portal is: sso_start_url = \"https://d-….awsapps.com/start\" in the config (or ELEVATE_SSO_START_URL), or sso_start_url / sso_session in your AWS profile".into(),
    })
}

/// The user's access portal sign-in, in the portal's region.
pub async fn portal_session(config: &Config) -> Result<PortalSession> {
    let portal = required_portal(config).await?;
    let region = match portal.region.clone().or_else(|| config.region.clone()) {
        Some(r) => r,
        None => region_of(config, &portal).await?,
    };
    Ok(PortalSession { portal, region })
}

/// The region elevate's own AWS calls go to (Identity Center's, hence the portal's): the
/// environment's or the profile's, as the SDK finds it.
async fn region_of(config: &Config, portal: &Portal) -> Result<String> {
    let mut chain = aws_config::default_provider::region::DefaultRegionChain::builder();
    if let Some(p) = &config.profile {
        chain = chain.profile_name(p);
    }
    chain
        .build()
        .region()
        .await
        .map(|r| r.to_string())
        .ok_or_else(|| Error::Missing {
            flag: "--region",
            hint: format!(
                "say which region the access portal {} is in: sso_region in your sso-session, or --region / region in the config (Identity Center's region)",
                portal.start_url
            ),
        })
}
