//! Short-lived credentials only. elevate acts with the caller's own credentials, so a leaked
//! long-term access key would be a standing path to elevated access; such keys are refused
//! unless the operator opts out explicitly.

use std::sync::Mutex;

use aws_credential_types::Credentials;
use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::{self, ProvideCredentials, SharedCredentialsProvider};

use crate::error::{Error, Result};

/// A key is long-term when it is an IAM user key (`AKIA…`) or comes without a session token
/// (every STS-issued credential has one).
pub fn is_long_term(creds: &Credentials) -> bool {
    creds.access_key_id().starts_with("AKIA") || creds.session_token().is_none()
}

fn refusal(creds: &Credentials) -> String {
    let id = creds.access_key_id();
    // The key id is not secret, but there is no need to print it whole.
    let shown = format!(
        "{}…{}",
        &id[..id.len().min(4)],
        &id[id.len().saturating_sub(4)..]
    );
    format!(
        "refusing long-term AWS access key {shown}: elevate grants access with your own credentials, and a long-term key is a standing path to that power if it leaks. {}",
        crate::domain::caller::SHORT_LIVED_ADVICE
    )
}

/// Wraps the configured provider: the credentials resolved by `resolve` are handed out first
/// (so resolution happens once per process), and every later refresh is checked again.
#[derive(Debug)]
pub struct ShortLivedOnly {
    inner: SharedCredentialsProvider,
    first: Mutex<Option<Credentials>>,
    allow_long_term: bool,
}

impl ShortLivedOnly {
    pub async fn resolve(
        inner: SharedCredentialsProvider,
        allow_long_term: bool,
    ) -> Result<ShortLivedOnly> {
        let creds = inner.provide_credentials().await.map_err(|e| match e {
            CredentialsError::CredentialsNotLoaded(_) => Error::Config(
                "no AWS credentials found: sign in with `aws sso login --profile <name>` and pass --profile <name> (or set AWS_PROFILE); in CI use web identity".into(),
            ),
            other => Error::Config(format!(
                "could not load AWS credentials: {}. If you use Identity Center, sign in again with `aws sso login`",
                crate::error::chain(&other)
            )),
        })?;
        if is_long_term(&creds) && !allow_long_term {
            return Err(Error::Denied(refusal(&creds)));
        }
        Ok(ShortLivedOnly {
            inner,
            first: Mutex::new(Some(creds)),
            allow_long_term,
        })
    }
}

impl ProvideCredentials for ShortLivedOnly {
    fn provide_credentials<'a>(&'a self) -> provider::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        provider::future::ProvideCredentials::new(async move {
            let first = self.first.lock().unwrap_or_else(|p| p.into_inner()).take();
            if let Some(creds) = first {
                return Ok(creds);
            }
            let creds = self.inner.provide_credentials().await?;
            if is_long_term(&creds) && !self.allow_long_term {
                return Err(CredentialsError::invalid_configuration(refusal(&creds)));
            }
            Ok(creds)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn creds(key: &str, token: Option<&str>) -> SharedCredentialsProvider {
        SharedCredentialsProvider::new(Credentials::new(
            key,
            "secret-never-shown",
            token.map(str::to_string),
            None,
            "test",
        ))
    }

    #[tokio::test]
    async fn long_term_keys_are_refused_with_the_way_out() {
        let err = ShortLivedOnly::resolve(creds("AKIAIOSFODNN7EXAMPLE", None), false)
            .await
            .unwrap_err();
        let text = err.to_string();
        assert_eq!(err.exit_code(), 3);
        assert!(text.contains("aws sso login"), "{text}");
        assert!(text.contains("allow_long_term_keys"), "{text}");
        assert!(
            !text.contains("AKIAIOSFODNN7EXAMPLE"),
            "the whole key id is printed"
        );
        assert!(!text.contains("secret-never-shown"));
        // Without a session token, whatever the prefix.
        assert!(
            ShortLivedOnly::resolve(creds("ASIAXXXX", None), false)
                .await
                .is_err()
        );
    }

    #[tokio::test]
    async fn short_lived_credentials_and_the_opt_out_pass() {
        let ok = ShortLivedOnly::resolve(creds("ASIAIOSFODNN7EXAMPLE", Some("t")), false)
            .await
            .unwrap();
        // The resolved credentials are handed out first, without resolving again.
        let first = ok.provide_credentials().await.unwrap();
        assert_eq!(first.access_key_id(), "ASIAIOSFODNN7EXAMPLE");
        assert!(
            ShortLivedOnly::resolve(creds("AKIAIOSFODNN7EXAMPLE", None), true)
                .await
                .is_ok()
        );
    }
}
