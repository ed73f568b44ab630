//! Classifying the AWS SDK's errors, for the two adapters that call AWS: `aws/` and the
//! DynamoDB store. What the rest of elevate sees is a [`ServiceError`], which carries no SDK type.

use aws_sdk_sts::config::http::HttpResponse;
use aws_sdk_sts::error::{ProvideErrorMetadata, SdkError};

use crate::error::{ServiceError, ServiceErrorKind};

/// Maps an SDK error to a `ServiceError`, keeping the service's own message.
pub(crate) fn service_error<E>(
    service: &'static str,
    operation: &'static str,
    err: SdkError<E, HttpResponse>,
) -> ServiceError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let (kind, message) = match &err {
        // No error code: a bare 5xx from the endpoint or something in front of it, after the
        // SDK's own retries.
        SdkError::ServiceError(se) if se.err().code().is_none() => {
            let status = se.raw().status().as_u16();
            (
                if status >= 500 {
                    ServiceErrorKind::Unavailable
                } else {
                    ServiceErrorKind::Other
                },
                format!("HTTP {status} without an error code, still after retrying"),
            )
        }
        SdkError::ServiceError(se) => {
            let e = se.err();
            let code = e.code().unwrap_or("Unknown");
            let text = e.message().unwrap_or("").to_string();
            let kind = match code {
                "AccessDeniedException"
                | "AccessDenied"
                | "UnauthorizedException"
                | "UnrecognizedClientException"
                | "InvalidClientTokenId" => ServiceErrorKind::AccessDenied,
                "ExpiredToken" | "ExpiredTokenException" => ServiceErrorKind::AccessDenied,
                "ResourceNotFoundException"
                | "NotFoundException"
                | "AWSOrganizationsNotInUseException"
                | "NoSuchEntity"
                | "NoSuchEntityException" => ServiceErrorKind::NotFound,
                "ThrottlingException"
                | "Throttling"
                | "TooManyRequestsException"
                | "ProvisionedThroughputExceededException"
                | "RequestLimitExceeded" => ServiceErrorKind::Throttled,
                "ConflictException" | "EntityAlreadyExists" => ServiceErrorKind::Conflict,
                "ValidationException" => ServiceErrorKind::Invalid,
                "InternalServerException" | "ServiceUnavailableException" => {
                    ServiceErrorKind::Unavailable
                }
                _ => ServiceErrorKind::Other,
            };
            let message = if code.starts_with("Expired") {
                format!(
                    "{code}: your credentials have expired; sign in again (e.g. `aws sso login`) and rerun"
                )
            } else if text.is_empty() {
                code.to_string()
            } else {
                format!("{code}: {text}")
            };
            (kind, message)
        }
        SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) | SdkError::ResponseError(_) => (
            ServiceErrorKind::Unavailable,
            format!("{}, still after retrying", crate::error::chain(&err)),
        ),
        _ => (ServiceErrorKind::Other, crate::error::chain(&err)),
    };
    ServiceError {
        service,
        operation,
        kind,
        message,
    }
}
