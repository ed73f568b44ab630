//! `Notifier` over SNS (the JSON message, for machines and email subscriptions) and a Slack
//! incoming webhook (readable text). Each channel is bounded in time; a failure is returned for
//! the caller to report, never raised. The webhook URL is a secret: it never appears in a
//! message about a failure.

use std::time::Duration;

use async_trait::async_trait;
use http_body_util::{BodyExt, Full};

use crate::domain::notify::{Notification, SendFailure, Topic};
use crate::workflow::ports::Notifier;

/// How long one channel may take before the notification is given up.
const TIMEOUT: Duration = Duration::from_secs(10);

type Https = hyper_util::client::legacy::Client<
    hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>,
    Full<bytes::Bytes>,
>;

pub struct Channels {
    pub sns: Option<(aws_sdk_sns::Client, String)>,
    pub slack: Option<(Https, String)>,
    /// The topics to send; empty: all.
    pub topics: Vec<Topic>,
}

/// An HTTPS client for the webhook: the platform's trust roots, rustls with the provider the
/// AWS SDK uses. (Plain http is allowed only to loopback, for tests and local relays.)
pub fn https_client() -> Result<Https, String> {
    let connector = hyper_rustls::HttpsConnectorBuilder::new()
        .with_provider_and_native_roots(std::sync::Arc::new(
            rustls::crypto::aws_lc_rs::default_provider(),
        ))
        .map_err(|e| format!("no TLS trust roots for the Slack webhook: {e}"))?
        .https_or_http()
        .enable_http1()
        .build();
    Ok(
        hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
            .build(connector),
    )
}

impl Channels {
    async fn slack(&self, client: &Https, url: &str, n: &Notification) -> Result<(), String> {
        let body = serde_json::json!({ "text": n.slack_text() }).to_string();
        let request = http::Request::post(url)
            .header("content-type", "application/json")
            .body(Full::new(bytes::Bytes::from(body)))
            .map_err(|_| "the webhook URL is not a valid URL".to_string())?;
        let response = tokio::time::timeout(TIMEOUT, client.request(request))
            .await
            .map_err(|_| format!("the webhook did not answer within {}s", TIMEOUT.as_secs()))?
            // The error may carry the URL: say what kind of failure it was, not where.
            .map_err(|e| {
                if e.is_connect() {
                    "could not connect to the webhook".to_string()
                } else {
                    "the request to the webhook failed".to_string()
                }
            })?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        let text = response
            .into_body()
            .collect()
            .await
            .map(|b| {
                String::from_utf8_lossy(&b.to_bytes())
                    .chars()
                    .take(200)
                    .collect::<String>()
            })
            .unwrap_or_default();
        Err(format!("the webhook answered {status}: {text}"))
    }

    async fn sns(
        &self,
        client: &aws_sdk_sns::Client,
        topic: &str,
        n: &Notification,
    ) -> Result<(), String> {
        let message = serde_json::to_string(n).map_err(|e| e.to_string())?;
        let subject = format!("elevate {} {}", n.event.as_str(), n.request.id);
        let send = client
            .publish()
            .topic_arn(topic)
            .subject(subject)
            .message(message)
            .message_attributes(
                "event",
                aws_sdk_sns::types::MessageAttributeValue::builder()
                    .data_type("String")
                    .string_value(n.event.as_str())
                    .build()
                    .map_err(|e| e.to_string())?,
            )
            .send();
        match tokio::time::timeout(TIMEOUT, send).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) => Err(crate::aws::service_error("sns", "Publish", e).to_string()),
            Err(_) => Err(format!("SNS did not answer within {}s", TIMEOUT.as_secs())),
        }
    }
}

#[async_trait]
impl Notifier for Channels {
    async fn send(&self, n: &Notification) -> Vec<SendFailure> {
        // Tampering alerts go out whatever the configured topics: they cannot be turned off.
        if n.event != Topic::Tampering && !self.topics.is_empty() && !self.topics.contains(&n.event) {
            return Vec::new();
        }
        let mut failures = Vec::new();
        if let Some((client, topic)) = &self.sns
            && let Err(e) = self.sns(client, topic, n).await
        {
            failures.push(SendFailure {
                channel: "sns".into(),
                error: e,
            });
        }
        if let Some((client, url)) = &self.slack
            && let Err(e) = self.slack(client, url, n).await
        {
            failures.push(SendFailure {
                channel: "slack".into(),
                error: e,
            });
        }
        failures
    }
}
