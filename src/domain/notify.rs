//! Notifications: which ledger events are worth telling people about, the stable JSON message
//! (schema `elevate.notification/v1`) and the readable Slack text.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::event::{Event, EventKind};
use super::request::{Request, Status};
use super::{Mode, format_duration};

pub const SCHEMA: &str = "elevate.notification/v1";

/// What happened, as notifications name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    /// To approvers: a request (or an extension) waits for them.
    Requested,
    /// To the requester.
    Approved,
    Rejected,
    Granted,
    Ended,
    /// Loudly: access without approval.
    BreakGlass,
    Failed,
    /// To everyone, always: the ledger does not hold together (forged or edited state).
    Tampering,
}

impl Topic {
    pub const ALL: [Topic; 8] = [
        Topic::Requested,
        Topic::Approved,
        Topic::Rejected,
        Topic::Granted,
        Topic::Ended,
        Topic::BreakGlass,
        Topic::Failed,
        Topic::Tampering,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Topic::Requested => "requested",
            Topic::Approved => "approved",
            Topic::Rejected => "rejected",
            Topic::Granted => "granted",
            Topic::Ended => "ended",
            Topic::BreakGlass => "break_glass",
            Topic::Failed => "failed",
            Topic::Tampering => "tampering",
        }
    }

    pub fn parse(s: &str) -> Option<Topic> {
        Topic::ALL.into_iter().find(|t| t.as_str() == s.trim())
    }

    /// The topic of a ledger event, if it is one people are told about.
    pub fn of(request: &Request, event: &Event) -> Option<Topic> {
        Some(match event.kind {
            EventKind::Requested | EventKind::ExtensionRequested => Topic::Requested,
            EventKind::Approved if request.status == Status::Approved => Topic::Approved,
            EventKind::Extended if request.mode == Mode::Required => Topic::Approved,
            EventKind::AutoApproved => Topic::Approved,
            EventKind::BreakGlass => Topic::BreakGlass,
            EventKind::Rejected | EventKind::ExtensionRejected => Topic::Rejected,
            EventKind::Granted => Topic::Granted,
            EventKind::Ended | EventKind::Revoked => Topic::Ended,
            EventKind::GrantFailed | EventKind::RevokeFailed => Topic::Failed,
            _ => return None,
        })
    }
}

/// The request, as a notification carries it.
#[derive(Debug, Clone, Serialize)]
pub struct Subject {
    pub id: String,
    pub status: Status,
    pub mode: Mode,
    pub principal: String,
    pub requester: String,
    pub account_id: String,
    pub permission_set: String,
    pub duration: String,
    pub reason: String,
    pub ticket: Option<String>,
    pub end_at: Option<Timestamp>,
    pub approvers: Vec<String>,
}

/// A notification that could not be sent, kept beside the request so that whoever looks at it
/// (`elevate show`) learns that people were not told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Undelivered {
    pub request_id: super::RequestId,
    /// The ledger event the notification was about.
    pub event_seq: u64,
    pub event: Topic,
    /// When sending was given up.
    pub at: Timestamp,
    #[serde(flatten)]
    pub failure: SendFailure,
}

/// One channel's failure to deliver a notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendFailure {
    /// `sns` or `slack`.
    pub channel: String,
    /// What went wrong: a status and a generic reason, never the webhook URL nor the text a
    /// channel answered with.
    pub error: String,
}

impl std::fmt::Display for SendFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.channel, self.error)
    }
}

/// The message: a stable schema for machines (SNS), rendered as text for people (Slack).
#[derive(Debug, Clone, Serialize)]
pub struct Notification {
    pub schema: &'static str,
    pub event: Topic,
    pub at: Timestamp,
    pub by: String,
    pub comment: Option<String>,
    pub request: Subject,
    /// What the reader may want to run next.
    pub command: Option<String>,
    /// A tampering alert: what does not hold.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
}

impl Notification {
    pub fn new(topic: Topic, request: &Request, event: &Event) -> Notification {
        let id = request.id.to_string();
        let command = match topic {
            Topic::Requested => Some(format!("elevate approve {id}")),
            Topic::BreakGlass | Topic::Granted if request.mode == Mode::BreakGlass => {
                Some(format!("elevate review {id} --comment '…'"))
            }
            Topic::Failed => Some(format!("elevate show {id}")),
            _ => None,
        };
        Notification {
            schema: SCHEMA,
            event: topic,
            at: event.at,
            by: event.actor.clone(),
            comment: event.comment.clone().or_else(|| event.detail.clone()),
            request: Subject {
                id,
                status: request.status,
                mode: request.mode,
                principal: request.principal.to_string(),
                requester: request.requester.label(),
                account_id: request.account_id.clone(),
                permission_set: request.permission_set.name.clone(),
                duration: format_duration(request.duration),
                reason: request.reason.clone(),
                ticket: request.ticket.clone(),
                end_at: request.end_at,
                approvers: request.approvers.iter().map(|a| a.to_string()).collect(),
            },
            command,
            problems: Vec::new(),
        }
    }

    /// The alert sent when a request (or the policy history) does not hold together. What its
    /// record says is shown only as a claim: it is the thing that does not hold.
    pub fn tampering(
        t: &super::ledger::Tampering,
        record: Option<&Request>,
        at: Timestamp,
    ) -> Notification {
        let request = match record {
            Some(r) => Subject {
                id: t.subject.clone(),
                status: r.status,
                mode: r.mode,
                principal: r.principal.to_string(),
                requester: r.requester.label(),
                account_id: r.account_id.clone(),
                permission_set: r.permission_set.name.clone(),
                duration: format_duration(r.duration),
                reason: r.reason.clone(),
                ticket: r.ticket.clone(),
                end_at: r.end_at,
                approvers: Vec::new(),
            },
            None => Subject {
                id: t.subject.clone(),
                status: Status::Failed,
                mode: Mode::Required,
                principal: String::new(),
                requester: String::new(),
                account_id: String::new(),
                permission_set: String::new(),
                duration: String::new(),
                reason: String::new(),
                ticket: None,
                end_at: None,
                approvers: Vec::new(),
            },
        };
        Notification {
            schema: SCHEMA,
            event: Topic::Tampering,
            at,
            by: "elevate".into(),
            comment: None,
            request,
            command: Some("elevate audit verify".into()),
            problems: t.problems.clone(),
        }
    }

    /// Readable Slack text (mrkdwn). Untrusted text is escaped so it cannot mention everyone,
    /// link elsewhere or break the formatting.
    pub fn slack_text(&self) -> String {
        let r = &self.request;
        let what = format!(
            "{} on {} for {}, {}",
            esc(&r.permission_set),
            r.account_id,
            esc(&r.principal),
            r.duration
        );
        let headline = match self.event {
            Topic::Requested => format!("{} asks for {what}", esc(&r.requester)),
            Topic::Approved => format!("approved by {}: {what}", esc(&self.by)),
            Topic::Rejected => format!("rejected by {}: {what}", esc(&self.by)),
            Topic::Granted => format!("granted: {what}"),
            Topic::Ended => format!("ended ({}): {what}", esc(&self.by)),
            Topic::BreakGlass => {
                format!(
                    ":rotating_light: *BREAK-GLASS* by {}: {what}",
                    esc(&r.requester)
                )
            }
            Topic::Failed => format!(":warning: failed: {what}"),
            Topic::Tampering => {
                let mut text = format!(
                    ":rotating_light: *TAMPERING*: `{}` does not match its sealed events; elevate will not act on it",
                    esc(&r.id)
                );
                for p in &self.problems {
                    text.push_str(&format!("\n• {}", esc(p)));
                }
                if let Some(cmd) = &self.command {
                    text.push_str(&format!("\n`{cmd}`"));
                }
                return text;
            }
        };
        let mut text = format!("*elevate* `{}` {headline}\n>{}", r.id, esc(&r.reason));
        if let Some(t) = &r.ticket {
            text.push_str(&format!(" ({})", esc(t)));
        }
        if let Some(c) = &self.comment {
            text.push_str(&format!("\n_{}_", esc(c)));
        }
        if let Some(cmd) = &self.command {
            text.push_str(&format!("\n`{cmd}`"));
        }
        text
    }
}

/// Whether a webhook URL may be used: https, or http to this machine (tests, local relays).
///
/// Parsed, never matched by prefix: `http://localhost.evil.com` or `http://127.0.0.1@evil.com`
/// start like a loopback URL and send the secret elsewhere in clear text. Userinfo is refused
/// whatever the scheme, since the host a reader sees first is then not the one connected to.
pub fn webhook_allowed(url: &str) -> bool {
    let Ok(uri) = url.parse::<http::Uri>() else {
        return false;
    };
    let (Some(scheme), Some(authority)) = (uri.scheme(), uri.authority()) else {
        return false;
    };
    let host = authority.host();
    // The authority must be exactly `host[:port]`: no userinfo, and nothing the parser skipped
    // over (it reads `[::1].evil.com` as the host `[::1]`), so that what is checked here is
    // what every client would connect to.
    let port_ok = match authority.as_str().strip_prefix(host) {
        Some("") => true,
        Some(rest) => rest
            .strip_prefix(':')
            .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())),
        None => false,
    };
    if host.is_empty() || !port_ok {
        return false;
    }
    if *scheme == http::uri::Scheme::HTTPS {
        return true;
    }
    *scheme == http::uri::Scheme::HTTP
        && (host.eq_ignore_ascii_case("localhost")
            || host == "[::1]"
            || host
                .parse::<std::net::Ipv4Addr>()
                .is_ok_and(|ip| ip.is_loopback()))
}

/// Slack's escaping (`&`, `<`, `>`), backticks that would break the message's own formatting,
/// and every character a terminal would not show as itself (`domain::text`: controls, bidi
/// overrides, invisible format characters), made visible as `\u{…}`.
fn esc(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            c if super::text::is_dangerous(c) => format!("\\u{{{:x}}}", c as u32),
            '&' => "&amp;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            '`' => "'".to_string(),
            c => c.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::request::{Action, Stamp};

    #[test]
    fn the_message_has_a_stable_shape_and_safe_text() {
        let (mut r, created) = crate::domain::request::tests::sample_created(1);
        r.reason = "fix <!channel> & `rm -rf` <https://evil|here>".into();
        let n = Notification::new(Topic::of(&r, &created).unwrap(), &r, &created);
        let v = serde_json::to_value(&n).unwrap();
        assert_eq!(v["schema"], "elevate.notification/v1");
        assert_eq!(v["event"], "requested");
        assert_eq!(v["request"]["id"], r.id.as_str());
        assert_eq!(v["command"], format!("elevate approve {}", r.id));
        let text = n.slack_text();
        assert!(
            !text.contains("<!channel>") && !text.contains("<https"),
            "{text}"
        );
        assert!(text.contains("&lt;!channel&gt; &amp; 'rm -rf'"), "{text}");
        // What would reorder or hide text in a reader's client is made visible, as in a terminal.
        r.reason = "ok\u{202E}evil\u{200B}\u{E0041}".into();
        let n = Notification::new(Topic::of(&r, &created).unwrap(), &r, &created);
        let text = n.slack_text();
        assert!(
            text.contains("ok\\u{202e}evil\\u{200b}\\u{e0041}"),
            "{text}"
        );
        assert!(
            text.contains(&format!("`elevate approve {}`", r.id)),
            "{text}"
        );
    }

    #[test]
    fn webhooks_are_https_or_plain_http_to_this_machine_only() {
        for ok in [
            "https://hooks.slack.com/services/T/B/SECRET",
            "HTTPS://hooks.slack.com/services/T/B/SECRET",
            "https://relay.example.com:8443/hook",
            "http://localhost/hook",
            "http://localhost:8080/hook",
            "http://127.0.0.1:9/services/T/B/SECRET",
            "http://127.1.2.3/hook",
            "http://[::1]:8080/hook",
        ] {
            assert!(webhook_allowed(ok), "{ok} should be allowed");
        }
        for refused in [
            // Look like loopback, are not.
            "http://localhost.evil.com/hook",
            "http://127.0.0.1.evil.com/hook",
            "http://127.0.0.1@evil.com/hook",
            "http://localhost:80@evil.com/hook",
            "http://evil.com#@localhost",
            "http://evil.com/?@localhost",
            "http://[::1].evil.com/hook",
            "http://[::2]/hook",
            "http://0x7f.0.0.1/hook",
            "http://0177.0.0.1/hook",
            "http://2130706433/hook",
            "http://128.0.0.1/hook",
            // Userinfo, even over https.
            "https://user:pass@hooks.slack.com/services/T/B/SECRET",
            // Not http at all, or not a URL.
            "ftp://localhost/hook",
            "hooks.slack.com/services/T/B/SECRET",
            "http:///hook",
            "https://",
            "http://local host/hook",
            "",
            "https://hooks.slack.com/services/T/B/SECRET\n",
        ] {
            assert!(!webhook_allowed(refused), "{refused:?} should be refused");
        }
    }

    #[test]
    fn only_what_people_act_on_is_notified() {
        let s = Stamp {
            actor: "user:bob",
            actor_id: None,
            at: "2026-01-01T00:10:00Z".parse().unwrap(),
            comment: None,
            policy_version: None,
        };
        let r = crate::domain::request::tests::sample(2);
        let approve = |by: &str| Action::Approve {
            by: format!("user:{by}"),
            user_id: format!("u-{by}"),
            counts_for: vec!["r".into()],
        };
        // The first of two approvals is not news to the requester; the second is.
        let (once, ev) = r.apply(approve("bob"), &s).unwrap();
        assert_eq!(Topic::of(&once, &ev), None);
        let (twice, ev) = once.apply(approve("carol"), &s).unwrap();
        assert_eq!(Topic::of(&twice, &ev), Some(Topic::Approved));
        let (started, ev) = twice
            .apply(
                Action::BeginGrant {
                    prior_access: false,
                },
                &s,
            )
            .unwrap();
        assert_eq!(Topic::of(&started, &ev), None);
        let (active, ev) = started.apply(Action::Granted, &s).unwrap();
        assert_eq!(Topic::of(&active, &ev), Some(Topic::Granted));
        let (ended, ev) = active.apply(Action::Revoke, &s).unwrap();
        assert_eq!(Topic::of(&ended, &ev), Some(Topic::Ended));
        assert_eq!(Topic::parse("break_glass"), Some(Topic::BreakGlass));
    }
}
