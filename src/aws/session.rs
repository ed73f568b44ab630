//! The user's own Identity Center sign-in: role credentials from the access portal
//! (`sso:GetRoleCredentials`) with the token `aws sso login` cached, through aws-config's SSO
//! credentials provider (which also refreshes an sso-session's token). The token and the
//! credentials are never logged; errors carry the portal's message, never a secret.

use async_trait::async_trait;
use aws_config::sso::SsoCredentialsProvider;
use aws_credential_types::provider::ProvideCredentials;
use aws_credential_types::provider::error::CredentialsError;
use aws_sdk_sso::error::SdkError;
use aws_sdk_sso::operation::get_role_credentials::GetRoleCredentialsError;
use aws_types::region::Region;

use crate::domain::credentials::RoleCredentials;
use crate::workflow::ports::{RoleSession, ServiceError, ServiceErrorKind, SessionError};

use super::portal::Portal;

/// The portal, in its region.
pub struct PortalSession {
    pub portal: Portal,
    pub region: String,
}

#[async_trait]
impl RoleSession for PortalSession {
    fn login_command(&self) -> String {
        self.portal.login_command()
    }

    async fn signed_in(&self) -> Result<(), SessionError> {
        use aws_credential_types::provider::token::ProvideToken;
        // A legacy profile's token is read by the credentials provider alone: checked on use.
        let Some(session) = &self.portal.session else {
            return Ok(());
        };
        aws_config::sso::SsoTokenProvider::builder()
            .start_url(&self.portal.start_url)
            .session_name(session)
            .region(Region::new(self.region.clone()))
            .build()
            .await
            .provide_token()
            .await
            .map(|_| ())
            .map_err(|e| SessionError::SignedOut {
                detail: crate::error::chain(&e),
            })
    }

    async fn role_credentials(
        &self,
        account_id: &str,
        role_name: &str,
    ) -> Result<RoleCredentials, SessionError> {
        let mut builder = SsoCredentialsProvider::builder()
            .start_url(&self.portal.start_url)
            .region(Region::new(self.region.clone()))
            .account_id(account_id)
            .role_name(role_name);
        if let Some(session) = &self.portal.session {
            builder = builder.session_name(session);
        }
        let creds = builder
            .build()
            .provide_credentials()
            .await
            .map_err(|e| classify(&e))?;
        let expires_at = creds
            .expiry()
            .and_then(|t| jiff::Timestamp::try_from(t).ok())
            .ok_or_else(|| {
                SessionError::Failed(failure(
                    ServiceErrorKind::Other,
                    "the portal's credentials came without an expiry".into(),
                ))
            })?;
        Ok(RoleCredentials {
            access_key_id: creds.access_key_id().to_string(),
            secret_access_key: creds.secret_access_key().to_string(),
            session_token: creds.session_token().unwrap_or_default().to_string(),
            expires_at,
        })
    }
}

fn failure(kind: ServiceErrorKind, message: String) -> ServiceError {
    ServiceError {
        service: "sso",
        operation: "GetRoleCredentials",
        kind,
        message,
    }
}

/// What the provider's error means for the user: GetRoleCredentials' own answer when the portal
/// gave one; anything before it (no cached token, an expired one, a refresh refused) is a
/// sign-in to renew.
fn classify(err: &CredentialsError) -> SessionError {
    let mut source = std::error::Error::source(err);
    while let Some(e) = source {
        if let Some(sdk) = e.downcast_ref::<SdkError<GetRoleCredentialsError>>() {
            return portal_answer(sdk);
        }
        source = e.source();
    }
    SessionError::SignedOut {
        detail: crate::error::chain(err),
    }
}

fn portal_answer(err: &SdkError<GetRoleCredentialsError>) -> SessionError {
    use aws_sdk_sso::error::ProvideErrorMetadata;
    match err {
        SdkError::ServiceError(se) => {
            let e = se.err();
            let message = format!(
                "{}: {}",
                e.code().unwrap_or("Unknown"),
                e.message().unwrap_or("no message")
            );
            match e {
                // Not in the service model, but what the portal answers (HTTP 403, "No access")
                // for a role the user is not assigned, or not yet.
                _ if e.code() == Some("ForbiddenException") => SessionError::NoAccess(message),
                GetRoleCredentialsError::UnauthorizedException(_) => SessionError::SignedOut {
                    detail: format!("the portal refused the cached sign-in: {message}"),
                },
                GetRoleCredentialsError::TooManyRequestsException(_) => {
                    SessionError::Failed(failure(ServiceErrorKind::Throttled, message))
                }
                GetRoleCredentialsError::ResourceNotFoundException(_) => {
                    SessionError::Failed(failure(ServiceErrorKind::NotFound, message))
                }
                _ => SessionError::Failed(failure(ServiceErrorKind::Other, message)),
            }
        }
        other => SessionError::Failed(failure(
            ServiceErrorKind::Unavailable,
            format!("{}, still after retrying", crate::error::chain(other)),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_sso::error::ErrorMetadata;
    use aws_sdk_sso::types::error::UnauthorizedException;
    use aws_smithy_runtime_api::http::StatusCode;
    use aws_smithy_types::body::SdkBody;

    fn from_portal(e: GetRoleCredentialsError) -> CredentialsError {
        let raw = aws_smithy_runtime_api::http::Response::new(
            StatusCode::try_from(403).unwrap(),
            SdkBody::empty(),
        );
        CredentialsError::provider_error(SdkError::service_error(e, raw))
    }

    #[test]
    fn forbidden_is_no_access_yet_and_unauthorized_a_sign_in_to_renew() {
        let forbidden = from_portal(GetRoleCredentialsError::generic(
            ErrorMetadata::builder()
                .code("ForbiddenException")
                .message("No access")
                .build(),
        ));
        assert_eq!(
            classify(&forbidden),
            SessionError::NoAccess("ForbiddenException: No access".into())
        );
        // As the SDK parses it: the message in the error and in its metadata.
        let message = "Session token not found or invalid";
        let unauthorized = from_portal(GetRoleCredentialsError::UnauthorizedException(
            UnauthorizedException::builder()
                .message(message)
                .meta(
                    ErrorMetadata::builder()
                        .code("UnauthorizedException")
                        .message(message)
                        .build(),
                )
                .build(),
        ));
        assert!(matches!(
            classify(&unauthorized),
            SessionError::SignedOut { detail } if detail.contains("Session token not found")
        ));
    }

    #[test]
    fn a_token_the_provider_could_not_load_is_a_sign_in_to_renew() {
        let err = CredentialsError::provider_error(std::io::Error::other(
            "the SSO token has expired and cannot be refreshed",
        ));
        assert!(matches!(
            classify(&err),
            SessionError::SignedOut { detail } if detail.contains("expired")
        ));
    }
}
