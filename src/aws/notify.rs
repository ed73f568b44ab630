//! `Notifier` over SNS (the JSON message, for machines and email subscriptions) and a Slack
//! incoming webhook (readable text). Each channel is bounded in time; a failure is returned for
//! the caller to report, never raised. The webhook URL is a secret: it never appears in a
//! message about a failure, and neither does anything a channel answered (a body can quote the
//! URL), only its status.

use std::time::Duration;

use async_trait::async_trait;
use http_body_util::Full;

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
        // Only the status: the body is the webhook's own text, which may quote the request
        // path (the secret part of the URL) or anything a relay in between chose to put there.
        Err(refused("the webhook", status.as_u16()))
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
            Ok(Err(e)) => Err(sns_failure(&e)),
            Err(_) => Err(format!("SNS did not answer within {}s", TIMEOUT.as_secs())),
        }
    }
}

/// A channel that answered with an error status, said without anything the answer contained.
fn refused(channel: &str, status: u16) -> String {
    let what_next = match status {
        401 | 403 | 404 | 410 => "check that it still exists and that elevate may use it",
        429 => "it is rate-limiting; later messages will be sent",
        500.. => "it is failing; later messages will be sent once it recovers",
        _ => "check its configuration",
    };
    format!("{channel} refused the message with HTTP {status}: {what_next}")
}

/// An SNS failure as a kind and a status. The service's message is left out on purpose: it is
/// response text (from AWS, or from whatever AWS_ENDPOINT_URL points at) that ends up in the
/// ledger and on every terminal that shows the request, and the error code is kept only when it
/// looks like one.
fn sns_failure<E>(
    e: &aws_sdk_sns::error::SdkError<E, aws_sdk_sns::config::http::HttpResponse>,
) -> String
where
    E: aws_sdk_sns::error::ProvideErrorMetadata,
{
    use aws_sdk_sns::error::SdkError;
    match e {
        SdkError::ServiceError(se) => {
            let status = se.raw().status().as_u16();
            match se.err().code().filter(|c| {
                !c.is_empty()
                    && c.len() <= 64
                    && c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.')
            }) {
                Some(code) => format!("{} ({code})", refused("SNS", status)),
                None => refused("SNS", status),
            }
        }
        SdkError::TimeoutError(_) => {
            "SNS did not answer in time; later messages will be sent once it does".into()
        }
        SdkError::DispatchFailure(_) => {
            "could not connect to SNS: check the network and the region".into()
        }
        SdkError::ResponseError(_) => {
            "SNS answered with something that is not an SNS answer: check the endpoint".into()
        }
        _ => "the request to SNS could not be made: check the topic ARN".into(),
    }
}

#[async_trait]
impl Notifier for Channels {
    async fn send(&self, n: &Notification) -> Vec<SendFailure> {
        // Tampering alerts go out whatever the configured topics: they cannot be turned off.
        if n.event != Topic::Tampering && !self.topics.is_empty() && !self.topics.contains(&n.event)
        {
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

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// A server that answers every request with `status` and `body`, as a channel that fails
    /// would.
    async fn answering(status: &str, content_type: &str, body: &str) -> String {
        let response: std::sync::Arc<str> = format!(
            "HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )
        .into();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let response = response.clone();
                tokio::spawn(async move {
                    let mut seen = Vec::new();
                    let mut buf = [0u8; 4096];
                    // The headers, then as much body as they announce.
                    loop {
                        let Ok(n) = stream.read(&mut buf).await else {
                            return;
                        };
                        if n == 0 {
                            return;
                        }
                        seen.extend_from_slice(&buf[..n]);
                        let text = String::from_utf8_lossy(&seen).to_ascii_lowercase();
                        if let Some(end) = text.find("\r\n\r\n") {
                            let length = text
                                .lines()
                                .find_map(|l| l.strip_prefix("content-length:"))
                                .and_then(|v| v.trim().parse::<usize>().ok())
                                .unwrap_or(0);
                            if seen.len() >= end + 4 + length {
                                break;
                            }
                        }
                    }
                    let _ = stream.write_all(response.as_bytes()).await;
                    let _ = stream.shutdown().await;
                });
            }
        });
        format!("http://{addr}")
    }

    fn notification() -> Notification {
        let (r, created) = crate::domain::request::tests::sample_created(1);
        Notification::new(Topic::Requested, &r, &created)
    }

    #[tokio::test]
    async fn a_failing_webhook_is_reported_by_status_never_by_its_body_or_url() {
        let base = answering(
            "404 Not Found",
            "text/plain",
            "no_service: /services/T000/B000/SECRETXYZ is not a live hook",
        )
        .await;
        let channels = Channels {
            sns: None,
            slack: Some((
                https_client().unwrap(),
                format!("{base}/services/T000/B000/SECRETXYZ"),
            )),
            topics: Vec::new(),
        };
        let failures = channels.send(&notification()).await;
        assert_eq!(failures.len(), 1, "{failures:?}");
        let said = failures[0].to_string();
        assert!(said.contains("404"), "{said}");
        assert!(
            !said.contains("SECRETXYZ") && !said.contains("no_service"),
            "the webhook's answer leaked: {said}"
        );
    }

    #[tokio::test]
    async fn a_failing_sns_is_reported_by_status_and_code_never_by_its_message() {
        let body = "<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error><Type>Sender</Type><Code>AuthorizationError</Code><Message>not allowed to post to https://hooks.slack.com/services/T/B/SECRETXYZ</Message></Error><RequestId>r-1</RequestId></ErrorResponse>";
        let endpoint = answering("403 Forbidden", "text/xml", body).await;
        let config = aws_sdk_sns::Config::builder()
            .behavior_version(aws_sdk_sns::config::BehaviorVersion::latest())
            .region(aws_sdk_sns::config::Region::new("us-east-1"))
            .endpoint_url(endpoint)
            .credentials_provider(aws_sdk_sns::config::Credentials::new(
                "ASIATEST",
                "secret",
                Some("token".into()),
                None,
                "test",
            ))
            .retry_config(aws_sdk_sns::config::retry::RetryConfig::disabled())
            .build();
        let channels = Channels {
            sns: Some((
                aws_sdk_sns::Client::from_conf(config),
                "arn:aws:sns:us-east-1:111122223333:elevate".into(),
            )),
            slack: None,
            topics: Vec::new(),
        };
        let failures = channels.send(&notification()).await;
        assert_eq!(failures.len(), 1, "{failures:?}");
        let said = failures[0].to_string();
        assert!(
            said.contains("403") && said.contains("AuthorizationError"),
            "{said}"
        );
        assert!(!said.contains("SECRETXYZ"), "SNS's message leaked: {said}");
    }
}
