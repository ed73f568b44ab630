//! `elevate credentials`, `elevate profile` and `elevate run`: the role credentials of a granted
//! elevation, from the user's own Identity Center sign-in. AWS decides: the portal hands them
//! out only while the assignment exists, so nothing here grants anything; the ledger says which
//! elevation, and until when the tools should use them.

use std::time::Duration;

use jiff::Timestamp;

use crate::domain::credentials::RoleCredentials;
use crate::domain::{Request, RequestId, Status, format_duration, format_time};
use crate::error::{Error, Result};
use crate::store::Store;

use super::Notice;
use super::ports::{Clock, RoleSession, SessionError};

/// How often the portal is asked again while it says Forbidden: soon, then every few seconds.
const FIRST: Duration = Duration::from_secs(1);
const MAX: Duration = Duration::from_secs(5);

/// The credentials of an active elevation.
#[derive(Debug)]
pub struct Handed {
    pub request: Request,
    pub credentials: RoleCredentials,
    /// The elevation's end: when the tools are told the credentials expire, if theirs is later.
    pub until: Timestamp,
    pub notices: Vec<Notice>,
}

/// The request, if it is granted now: active, and its end not passed.
pub async fn granted(store: &dyn Store, clock: &dyn Clock, id: &RequestId) -> Result<Request> {
    let r = store.get(id).await?.ok_or_else(|| super::not_found(id))?;
    let now = clock.now();
    match (r.status, r.window()) {
        (Status::Active, Some((_, end))) if now < end => Ok(r),
        (Status::Active, Some((_, end))) => Err(Error::Conflict(format!(
            "request {id} ended at {}: its access is being removed. Ask again with `elevate request`",
            format_time(end)
        ))),
        (Status::Pending | Status::Approved, _) => Err(Error::Conflict(format!(
            "request {id} is {}: its credentials are handed out once it is active (`elevate wait {id}` follows it until then)",
            r.status
        ))),
        (status, _) => Err(Error::Conflict(format!(
            "request {id} is {status}: it gives no access. Ask again with `elevate request`"
        ))),
    }
}

/// The user must sign in again: what happened, and the command that does it.
pub fn signed_out(session: &dyn RoleSession, detail: &str) -> Error {
    Error::SignedOut(format!(
        "your Identity Center sign-in cannot be used ({detail}): run `{}`, then this command again",
        session.login_command()
    ))
}

/// The role credentials of request `id`, from `session`. While the portal says Forbidden (the
/// assignment is still being provisioned, which takes a moment after a grant) it is asked again
/// for up to `patience`; `on_wait` hears once that this is happening.
pub async fn fetch(
    store: &dyn Store,
    clock: &dyn Clock,
    session: &dyn RoleSession,
    id: &RequestId,
    patience: Duration,
    on_wait: &mut (dyn FnMut(&str) + Send),
) -> Result<Handed> {
    let request = granted(store, clock, id).await?;
    let (account, role) = (&request.account_id, &request.permission_set.name);
    let deadline = tokio::time::Instant::now() + patience;
    let mut delay = FIRST;
    let mut told = false;
    let credentials = loop {
        match session.role_credentials(account, role).await {
            Ok(c) => break c,
            Err(SessionError::SignedOut { detail }) => return Err(signed_out(session, &detail)),
            Err(SessionError::Failed(e)) => return Err(Error::Service(e)),
            Err(SessionError::NoAccess(message)) => {
                let now = tokio::time::Instant::now();
                if now >= deadline {
                    return Err(Error::Denied(format!(
                        "Identity Center gives your sign-in no role {role} in account {account} ({message}), still after {}s. Request {id} is for {}: sign in as that user (or a member of that group) with `{}`. If it was granted just now, run this again in a minute",
                        patience.as_secs(),
                        request.principal,
                        session.login_command()
                    )));
                }
                if !told {
                    on_wait(&format!(
                        "{id}: waiting for Identity Center to finish provisioning {role} in {account}"
                    ));
                    told = true;
                }
                tokio::time::sleep(delay.min(deadline - now)).await;
                delay = (delay * 2).min(MAX);
            }
        }
    };
    let until = request.window().map_or(credentials.expires_at, |(_, e)| e);
    let mut notices = Vec::new();
    if credentials.expires_at > until {
        notices.push(format!(
            "AWS honours these credentials until {}, {} after {id} ends: Identity Center does not end a session when its assignment is removed. The tools are told they expire at {}",
            format_time(credentials.expires_at),
            // Whole seconds: the portal's expiry has milliseconds nobody needs to read.
            format_duration(jiff::SignedDuration::from_secs(
                credentials.expires_at.duration_since(until).as_secs()
            )),
            format_time(until)
        ));
    }
    Ok(Handed {
        request,
        credentials,
        until,
        notices,
    })
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;
    use std::sync::Mutex;

    use async_trait::async_trait;
    use jiff::SignedDuration;

    use super::*;
    use crate::workflow::approve::{Intent, approve};
    use crate::workflow::fakes::{DEV, World, input};
    use crate::workflow::ports::{ServiceError, ServiceErrorKind};
    use crate::workflow::request::submit;

    /// The access portal, answering from a script; what it was asked is kept.
    struct Portal {
        answers: Mutex<VecDeque<std::result::Result<RoleCredentials, SessionError>>>,
        asked: Mutex<Vec<(String, String, tokio::time::Instant)>>,
    }

    impl Portal {
        fn answering(
            answers: impl IntoIterator<Item = std::result::Result<RoleCredentials, SessionError>>,
        ) -> Portal {
            Portal {
                answers: Mutex::new(answers.into_iter().collect()),
                asked: Mutex::default(),
            }
        }
    }

    #[async_trait]
    impl RoleSession for Portal {
        fn login_command(&self) -> String {
            "aws sso login --sso-session corp".into()
        }
        async fn role_credentials(
            &self,
            account_id: &str,
            role_name: &str,
        ) -> std::result::Result<RoleCredentials, SessionError> {
            self.asked.lock().unwrap().push((
                account_id.into(),
                role_name.into(),
                tokio::time::Instant::now(),
            ));
            let mut answers = self.answers.lock().unwrap();
            // The last answer repeats: a portal that keeps saying the same.
            if answers.len() > 1 {
                answers.pop_front().unwrap()
            } else {
                match answers.front().unwrap() {
                    Ok(c) => Ok(c.clone()),
                    Err(SessionError::NoAccess(m)) => Err(SessionError::NoAccess(m.clone())),
                    Err(_) => answers.pop_front().unwrap(),
                }
            }
        }
    }

    /// `fetch` of `id` from `portal`, with `secs` of patience and nobody listening.
    async fn fetch_from(w: &World, portal: &Portal, id: &RequestId, secs: u64) -> Result<Handed> {
        fetch(
            w.svc.store.as_ref(),
            w.clock.as_ref(),
            portal,
            id,
            Duration::from_secs(secs),
            &mut |_: &str| {},
        )
        .await
    }

    fn creds(expires_at: Timestamp) -> RoleCredentials {
        RoleCredentials {
            access_key_id: "ASIAEXAMPLE".into(),
            secret_access_key: "s3cr3t-key".into(),
            session_token: "t0ken".into(),
            expires_at,
        }
    }

    fn forbidden() -> std::result::Result<RoleCredentials, SessionError> {
        Err(SessionError::NoAccess("No access".into()))
    }

    /// alice's pending request for Admin on dev, for two hours.
    async fn pending(w: &World) -> Request {
        submit(&w.svc, &w.policy, &w.user("alice"), input("Admin"))
            .await
            .unwrap()
            .request
    }

    async fn active(w: &World) -> Request {
        let r = pending(w).await;
        approve(
            &w.svc,
            &w.policy,
            &w.user("bob"),
            &r.id,
            None,
            Intent::Approve,
        )
        .await
        .unwrap()
        .request
    }

    #[tokio::test(start_paused = true)]
    async fn forbidden_while_provisioning_is_asked_again_with_back_off() {
        let w = World::new();
        let r = active(&w).await;
        let (_, end) = r.window().unwrap();
        let portal = Portal::answering([
            forbidden(),
            forbidden(),
            forbidden(),
            Ok(creds(end + SignedDuration::from_hours(6))),
        ]);
        let mut heard = Vec::new();
        let started = tokio::time::Instant::now();
        let handed = fetch(
            w.svc.store.as_ref(),
            w.clock.as_ref(),
            &portal,
            &r.id,
            Duration::from_secs(120),
            &mut |n: &str| heard.push(n.to_string()),
        )
        .await
        .unwrap();
        assert_eq!(handed.credentials.access_key_id, "ASIAEXAMPLE");
        assert_eq!(handed.until, end, "the tools are told the elevation's end");
        let asked = portal.asked.lock().unwrap().clone();
        assert_eq!(asked.len(), 4);
        assert!(asked.iter().all(|(a, ps, _)| a == DEV && ps == "Admin"));
        let gaps: Vec<u64> = asked
            .windows(2)
            .map(|p| (p[1].2 - p[0].2).as_secs())
            .collect();
        assert_eq!(gaps, [1, 2, 4], "asked again soon, then less often");
        assert!(started.elapsed() < Duration::from_secs(10));
        assert_eq!(heard.len(), 1, "the wait is said once: {heard:?}");
        assert!(heard[0].contains("provisioning"), "{heard:?}");
        // AWS honours them past the end: said, with both times.
        assert_eq!(handed.notices.len(), 1);
        assert!(handed.notices[0].contains("6h"), "{:?}", handed.notices);
    }

    #[tokio::test(start_paused = true)]
    async fn no_access_past_the_patience_is_denied_naming_the_principal_and_the_sign_in() {
        let w = World::new();
        let r = active(&w).await;
        let portal = Portal::answering([forbidden()]);
        let started = tokio::time::Instant::now();
        let err = fetch_from(&w, &portal, &r.id, 30).await.unwrap_err();
        assert!(matches!(err, Error::Denied(_)), "{err:?}");
        let text = err.to_string();
        assert!(text.contains("user:alice"), "{text}");
        assert!(text.contains("aws sso login --sso-session corp"), "{text}");
        let waited = started.elapsed();
        assert!(
            waited >= Duration::from_secs(30) && waited < Duration::from_secs(36),
            "gave up at the deadline, not before or long after: {waited:?}"
        );
        // Every 5 s at most once the back-off is full: 1+2+4+5+5+5+5+3.
        assert!(portal.asked.lock().unwrap().len() >= 8);
    }

    #[tokio::test(start_paused = true)]
    async fn a_signed_out_session_says_the_exact_login_command_and_is_not_retried() {
        let w = World::new();
        let r = active(&w).await;
        let portal = Portal::answering([Err(SessionError::SignedOut {
            detail: "the cached token expired".into(),
        })]);
        let err = fetch_from(&w, &portal, &r.id, 120).await.unwrap_err();
        assert!(matches!(err, Error::SignedOut(_)), "{err:?}");
        assert!(
            err.to_string()
                .contains("run `aws sso login --sso-session corp`"),
            "{err}"
        );
        assert_eq!(portal.asked.lock().unwrap().len(), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn a_service_failure_is_reported_as_such() {
        let w = World::new();
        let r = active(&w).await;
        let portal = Portal::answering([Err(SessionError::Failed(ServiceError {
            service: "sso",
            operation: "GetRoleCredentials",
            kind: ServiceErrorKind::Throttled,
            message: "Rate exceeded".into(),
        }))]);
        let err = fetch_from(&w, &portal, &r.id, 120).await.unwrap_err();
        assert!(matches!(err, Error::Service(_)), "{err:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn only_an_active_elevation_before_its_end_is_handed_over() {
        let w = World::new();
        let portal = Portal::answering([Ok(creds(Timestamp::MAX))]);
        let ask = |id: RequestId| {
            let (w, portal) = (&w, &portal);
            async move { fetch_from(w, portal, &id, 1).await }
        };
        // Pending: not yet.
        let pending = pending(&w).await;
        let err = ask(pending.id.clone()).await.unwrap_err();
        assert!(matches!(err, Error::Conflict(_)), "{err:?}");
        assert!(err.to_string().contains("elevate wait"), "{err}");
        // Active but past its end (the executor has not removed it yet): no.
        let r = active(&w).await;
        assert!(ask(r.id.clone()).await.is_ok());
        w.clock.advance(SignedDuration::from_hours(3));
        let err = ask(r.id.clone()).await.unwrap_err();
        assert!(err.to_string().contains("ended at"), "{err}");
        // Unknown: not found.
        let err = ask("r-2222222222".parse().unwrap()).await.unwrap_err();
        assert!(matches!(err, Error::NotFound(_)), "{err:?}");
        assert_eq!(
            portal.asked.lock().unwrap().len(),
            1,
            "the portal is asked only for what is granted"
        );
    }
}
