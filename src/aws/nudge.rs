//! Waking the executor's Lambda function: an asynchronous invocation naming one request. The
//! executor trusts nothing in it (it verifies the request from its sealed events), so a nudge
//! only makes the work happen now rather than on the next one-minute pass.

use crate::domain::RequestId;
use crate::workflow::ports::{ServiceError, ServiceResult};

/// Invokes `function` (name or ARN) with `{"request": id}`, without waiting for it to run.
pub async fn nudge(
    client: &aws_sdk_lambda::Client,
    function: &str,
    id: &RequestId,
) -> ServiceResult<()> {
    let payload = serde_json::json!({ "request": id.as_str() }).to_string();
    client
        .invoke()
        .function_name(function)
        .invocation_type(aws_sdk_lambda::types::InvocationType::Event)
        .payload(aws_smithy_types::Blob::new(payload.into_bytes()))
        .send()
        .await
        .map(|_| ())
        .map_err(|e| -> ServiceError { super::service_error("lambda", "Invoke", e) })
}
