//! Adapters that implement the workflow's ports with the AWS SDK. Clients are built here and
//! nowhere else: `connect` resolves the caller's credentials once, refuses long-term keys, and
//! configures retries for every client.

pub mod access;
pub mod activity;
pub mod clock;
pub mod credentials;
pub mod identity;
pub mod notify;
pub mod nudge;
pub mod org;
pub mod pacing;
pub mod portal;
pub mod schedule;
pub mod seal;
pub mod session;
pub mod setup;

use std::sync::Arc;
use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region};
use tokio::sync::OnceCell;

use clock::AwsClock;

use crate::error::{Error, Result};
pub(crate) use crate::sdk_error::service_error;
use crate::workflow::ports::{ServiceError, ServiceErrorKind, ServiceResult};

/// What `connect` needs from the resolved configuration.
#[derive(Debug, Clone, Default)]
pub struct AwsSettings {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub allow_long_term_keys: bool,
    pub instance_arn: Option<String>,
    pub identity_store_id: Option<String>,
    /// The account whose Identity Center sessions are people (default: the instance's owner).
    pub identity_account: Option<String>,
    pub provisioning: Polling,
    /// How fast, and how many writes at once, the sso-admin API is called.
    pub pacing: pacing::Pacing,
}

/// How long to wait for Identity Center to finish an assignment operation.
#[derive(Debug, Clone)]
pub struct Polling {
    pub first_delay: Duration,
    pub max_delay: Duration,
    pub timeout: Duration,
}

impl Default for Polling {
    fn default() -> Self {
        Polling {
            first_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(5),
            timeout: Duration::from_secs(300),
        }
    }
}

/// Every client elevate uses, built from one resolved SDK configuration.
#[derive(Clone)]
pub struct Aws {
    pub sts: aws_sdk_sts::Client,
    pub ssoadmin: aws_sdk_ssoadmin::Client,
    pub identitystore: aws_sdk_identitystore::Client,
    pub organizations: aws_sdk_organizations::Client,
    pub scheduler: aws_sdk_scheduler::Client,
    pub dynamodb: aws_sdk_dynamodb::Client,
    pub iam: aws_sdk_iam::Client,
    pub kms: aws_sdk_kms::Client,
    pub lambda: aws_sdk_lambda::Client,
    pub cloudtrail: aws_sdk_cloudtrail::Client,
    pub sns: aws_sdk_sns::Client,
    pub s3: aws_sdk_s3::Client,
    pub instance: Arc<InstanceRef>,
    pub polling: Polling,
    /// The pace of every sso-admin call this process makes.
    pub pacer: Arc<pacing::Pacer>,
    /// The region the clients call.
    pub region: String,
}

/// Resolves the caller's credentials and builds every client. Each client reads the `Date` of
/// AWS's responses into `clock`, elevate's `now`.
pub async fn connect(settings: &AwsSettings, clock: Arc<AwsClock>) -> Result<Aws> {
    let mut loader = aws_config::defaults(BehaviorVersion::latest());
    if let Some(profile) = &settings.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(region) = &settings.region {
        loader = loader.region(Region::new(region.clone()));
    }
    let sdk = loader.load().await;
    if sdk.region().is_none() {
        return Err(Error::Config(
            "no AWS region: pass --region, set AWS_REGION, or set region in the config file or your AWS profile (it is the region of your Identity Center instance)".into(),
        ));
    }
    let provider = sdk.credentials_provider().ok_or_else(|| {
        Error::Config("no AWS credentials provider is configured: sign in with `aws sso login --profile <name>` and pass --profile <name>".into())
    })?;
    let checked =
        credentials::ShortLivedOnly::resolve(provider, settings.allow_long_term_keys).await?;

    // The SDK's standard retry (jittered exponential back-off, 3 attempts) unless the environment
    // or profile chooses otherwise. Not adaptive: under the SDK's retry behaviour 2.0, a new
    // process's client rate limiter starts empty, so a command's first throttled call waits for a
    // 10-token retry at 0.5 tokens/s, a 20 s stall per throttle for a command that otherwise takes
    // a fraction of a second (seen in tests/e2e/faults.rs; smithy-rs#4749 fixes it under 2.1).
    let retry = sdk
        .retry_config()
        .cloned()
        .unwrap_or_else(RetryConfig::standard);
    let sdk = sdk
        .into_builder()
        .credentials_provider(
            aws_credential_types::provider::SharedCredentialsProvider::new(checked),
        )
        .retry_config(retry)
        .build();

    Ok(Aws::from_sdk(&sdk, &clock, settings))
}

/// A client of `$krate` from the shared SDK configuration, with `$clock` reading AWS's time from
/// every response it gets, and optionally further configuration.
macro_rules! client {
    ($krate:ident, $sdk:expr, $clock:expr) => {
        client!($krate, $sdk, $clock, |b| b)
    };
    ($krate:ident, $sdk:expr, $clock:expr, $configure:expr) => {{
        let configure: fn($krate::config::Builder) -> $krate::config::Builder = $configure;
        $krate::Client::from_conf(
            configure($krate::config::Builder::from($sdk).interceptor($clock.interceptor()))
                .build(),
        )
    }};
}

impl Aws {
    /// Every client, each reading AWS's time into `clock`.
    fn from_sdk(sdk: &aws_config::SdkConfig, clock: &Arc<AwsClock>, settings: &AwsSettings) -> Aws {
        let ssoadmin = client!(aws_sdk_ssoadmin, sdk, clock);
        Aws {
            sts: client!(aws_sdk_sts, sdk, clock),
            identitystore: client!(aws_sdk_identitystore, sdk, clock),
            organizations: client!(aws_sdk_organizations, sdk, clock),
            scheduler: client!(aws_sdk_scheduler, sdk, clock),
            dynamodb: client!(aws_sdk_dynamodb, sdk, clock),
            iam: client!(aws_sdk_iam, sdk, clock),
            kms: client!(aws_sdk_kms, sdk, clock),
            lambda: client!(aws_sdk_lambda, sdk, clock),
            cloudtrail: client!(aws_sdk_cloudtrail, sdk, clock),
            sns: client!(aws_sdk_sns, sdk, clock),
            // Path-style addressing works with every endpoint, the emulator's included.
            s3: client!(aws_sdk_s3, sdk, clock, |b| b
                .force_path_style(std::env::var_os("AWS_ENDPOINT_URL").is_some())),
            instance: Arc::new(
                InstanceRef::new(
                    ssoadmin.clone(),
                    settings.instance_arn.clone(),
                    settings.identity_store_id.clone(),
                )
                .with_identity_account(settings.identity_account.clone()),
            ),
            ssoadmin,
            polling: settings.provisioning.clone(),
            pacer: Arc::new(pacing::Pacer::new(settings.pacing)),
            region: sdk.region().map(|r| r.to_string()).unwrap_or_default(),
        }
    }
}

/// The Identity Center instance, its identity store and the account that owns it: from config,
/// or discovered with `ListInstances` on first use (and only when a command needs it).
pub struct InstanceRef {
    client: aws_sdk_ssoadmin::Client,
    instance_arn: Option<String>,
    identity_store_id: Option<String>,
    identity_account: Option<String>,
    resolved: OnceCell<(String, String)>,
    /// The owner account, as `ListInstances` said (when it was called).
    owner: OnceCell<String>,
}

/// One instance `ListInstances` lists: ARN, identity store, owner account.
type Listed = (String, String, Option<String>);

impl InstanceRef {
    pub fn new(
        client: aws_sdk_ssoadmin::Client,
        instance_arn: Option<String>,
        identity_store_id: Option<String>,
    ) -> InstanceRef {
        InstanceRef {
            client,
            instance_arn,
            identity_store_id,
            identity_account: None,
            resolved: OnceCell::new(),
            owner: OnceCell::new(),
        }
    }

    /// The account whose Identity Center sessions are people, when configured; otherwise the
    /// instance's owner is asked for.
    pub fn with_identity_account(mut self, account: Option<String>) -> InstanceRef {
        self.identity_account = account;
        self
    }

    /// `(instance ARN, identity store id)`.
    pub async fn get(&self) -> ServiceResult<&(String, String)> {
        self.resolved.get_or_try_init(|| self.discover()).await
    }

    /// The identity account: configured, or the account that owns the instance (one
    /// `ListInstances`, shared with discovering the instance).
    pub async fn identity_account(&self) -> ServiceResult<String> {
        if let Some(account) = &self.identity_account {
            return Ok(account.clone());
        }
        let (arn, _) = self.get().await?;
        let owner = self
            .owner
            .get_or_try_init(|| async {
                let listed = self.list().await?;
                listed
                    .into_iter()
                    .find(|(a, _, _)| a == arn)
                    .and_then(|(_, _, owner)| owner)
                    .ok_or_else(|| ServiceError {
                        service: "sso-admin",
                        operation: "ListInstances",
                        kind: ServiceErrorKind::NotFound,
                        message: format!(
                            "ListInstances does not say which account owns Identity Center instance {arn}: set identity_account in the config to the account where your Identity Center users sign in to run elevate (the instance's management or delegated administrator account)"
                        ),
                    })
            })
            .await?;
        Ok(owner.clone())
    }

    async fn list(&self) -> ServiceResult<Vec<Listed>> {
        let mut instances = Vec::new();
        let mut pages = self.client.list_instances().into_paginator().items().send();
        while let Some(item) = pages.next().await {
            let item = item.map_err(|e| service_error("sso-admin", "ListInstances", e))?;
            if let (Some(arn), Some(store)) = (item.instance_arn(), item.identity_store_id()) {
                instances.push((
                    arn.to_string(),
                    store.to_string(),
                    item.owner_account_id()
                        .filter(|o| !o.is_empty())
                        .map(str::to_string),
                ));
            }
        }
        Ok(instances)
    }

    async fn discover(&self) -> ServiceResult<(String, String)> {
        if let (Some(arn), Some(store)) = (&self.instance_arn, &self.identity_store_id) {
            return Ok((arn.clone(), store.clone()));
        }
        let not_found = |message: String| ServiceError {
            service: "sso-admin",
            operation: "ListInstances",
            kind: ServiceErrorKind::NotFound,
            message,
        };
        let mut instances = self.list().await?;
        let chosen = match &self.instance_arn {
            Some(arn) => instances.into_iter().find(|(a, _, _)| a == arn).ok_or_else(|| {
                not_found(format!(
                    "instance_arn {arn} is not an Identity Center instance visible with these credentials in this region: check instance_arn and the region"
                ))
            })?,
            None => match instances.len() {
                0 => {
                    return Err(not_found(
                        "no Identity Center instance is visible with these credentials in this region: use the region where Identity Center is enabled (--region), or set instance_arn and identity_store_id in the config".into(),
                    ));
                }
                1 => instances.remove(0),
                n => {
                    return Err(not_found(format!(
                        "{n} Identity Center instances are visible: set instance_arn (and identity_store_id) in the config to choose one"
                    )));
                }
            },
        };
        let (arn, store, owner) = chosen;
        if let Some(owner) = owner {
            // Only this call sets it.
            let _ = self.owner.set(owner);
        }
        Ok((arn, self.identity_store_id.clone().unwrap_or(store)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_ssoadmin::operation::list_instances::ListInstancesOutput;
    use aws_sdk_ssoadmin::types::InstanceMetadata;
    use aws_smithy_mocks::{Rule, RuleMode, mock, mock_client};

    const ARN: &str = "arn:aws:sso:::instance/ssoins-1111111111111111";

    /// ListInstances, answering one instance owned by `owner`, for as many calls as asked.
    fn listing(owner: Option<&'static str>) -> Rule {
        mock!(aws_sdk_ssoadmin::Client::list_instances).then_output(move || {
            let i = InstanceMetadata::builder()
                .instance_arn(ARN)
                .identity_store_id("d-1234567890");
            let i = match owner {
                Some(o) => i.owner_account_id(o),
                None => i,
            };
            ListInstancesOutput::builder().instances(i.build()).build()
        })
    }

    fn instance(rule: &Rule, arn: Option<&str>, store: Option<&str>) -> InstanceRef {
        let client: aws_sdk_ssoadmin::Client =
            mock_client!(aws_sdk_ssoadmin, RuleMode::MatchAny, [rule]);
        InstanceRef::new(client, arn.map(Into::into), store.map(Into::into))
    }

    #[tokio::test]
    async fn the_identity_account_is_the_instance_owner_found_with_the_instance() {
        let rule = listing(Some("111122223333"));
        let i = instance(&rule, None, None);
        assert_eq!(i.get().await.unwrap().0, ARN);
        assert_eq!(i.identity_account().await.unwrap(), "111122223333");
        assert_eq!(rule.num_calls(), 1, "the owner comes with the instance");

        // A configured instance is not listed until the owner is needed, then once.
        let rule = listing(Some("111122223333"));
        let i = instance(&rule, Some(ARN), Some("d-1234567890"));
        i.get().await.unwrap();
        assert_eq!(rule.num_calls(), 0);
        assert_eq!(i.identity_account().await.unwrap(), "111122223333");
        assert_eq!(i.identity_account().await.unwrap(), "111122223333");
        assert_eq!(rule.num_calls(), 1);

        // A configured identity account is the answer, with no call.
        let rule = listing(Some("111122223333"));
        let i = instance(&rule, Some(ARN), Some("d-1234567890"))
            .with_identity_account(Some("444455556666".into()));
        assert_eq!(i.identity_account().await.unwrap(), "444455556666");
        assert_eq!(rule.num_calls(), 0);
    }

    #[tokio::test]
    async fn an_instance_without_an_owner_says_to_configure_the_identity_account() {
        let rule = listing(None);
        let i = instance(&rule, None, None);
        let err = i.identity_account().await.unwrap_err();
        assert!(err.message.contains("set identity_account"), "{err}");
    }
    use aws_smithy_runtime_api::client::interceptors::{Intercept, SharedInterceptor};

    #[test]
    fn every_client_reads_aws_time() {
        let sdk = aws_config::SdkConfig::builder()
            .region(Region::new("eu-west-1"))
            .behavior_version(BehaviorVersion::latest())
            .build();
        let aws = Aws::from_sdk(&sdk, &Arc::new(AwsClock::new()), &AwsSettings::default());
        let has = |interceptors: Vec<String>| interceptors.iter().any(|n| n == clock::INTERCEPTOR);
        let names = |i: &mut dyn Iterator<Item = SharedInterceptor>| {
            i.map(|x| x.name().to_string()).collect::<Vec<_>>()
        };
        for (client, interceptors) in [
            ("sts", names(&mut aws.sts.config().interceptors())),
            ("ssoadmin", names(&mut aws.ssoadmin.config().interceptors())),
            (
                "identitystore",
                names(&mut aws.identitystore.config().interceptors()),
            ),
            (
                "organizations",
                names(&mut aws.organizations.config().interceptors()),
            ),
            (
                "scheduler",
                names(&mut aws.scheduler.config().interceptors()),
            ),
            ("dynamodb", names(&mut aws.dynamodb.config().interceptors())),
            ("iam", names(&mut aws.iam.config().interceptors())),
            ("kms", names(&mut aws.kms.config().interceptors())),
            (
                "cloudtrail",
                names(&mut aws.cloudtrail.config().interceptors()),
            ),
            ("sns", names(&mut aws.sns.config().interceptors())),
            ("s3", names(&mut aws.s3.config().interceptors())),
        ] {
            assert!(has(interceptors.clone()), "{client}: {interceptors:?}");
        }
    }
}
