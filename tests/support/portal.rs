//! A fake AWS access portal (the `sso` API's GetRoleCredentials) on loopback, for what moto does
//! not serve: `GET /federation/credentials?account_id=…&role_name=…` with the sign-in's token in
//! `x-amz-sso_bearer_token`. It answers as the portal does: role credentials when the token is
//! a signed-in user's and the user (or a group of theirs) is assigned the permission set on the
//! account, as Identity Center holds it (asked through `decide`); `403 ForbiddenException` ("No
//! access") when not, or not yet; `401 UnauthorizedException` for a token it does not know.
//! Point the SDK at it with `AWS_ENDPOINT_URL_SSO`.

// Each including test binary uses a part of it.
#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::Full;
use hyper_util::rt::TokioIo;

/// Whether `user` has `role` (a permission set's name) on `account`.
pub type Decide = Arc<dyn Fn(&str, &str, &str) -> bool + Send + Sync>;

/// One GetRoleCredentials the portal answered.
#[derive(Debug, Clone)]
pub struct Asked {
    pub user: Option<String>,
    pub account: String,
    pub role: String,
    pub status: u16,
}

#[derive(Default)]
struct State {
    tokens: HashMap<String, String>,
    /// Answers Forbidden this many times more whatever the assignments say: provisioning.
    provisioning: usize,
    asked: Vec<Asked>,
    /// The secret access keys handed out, so a test can look for them where they must not be.
    secrets: Vec<String>,
}

pub struct Portal {
    /// `http://127.0.0.1:port`, for `AWS_ENDPOINT_URL_SSO`.
    pub endpoint: String,
    /// The session duration the credentials are given for.
    pub session_secs: u64,
    state: Arc<Mutex<State>>,
    _runtime: tokio::runtime::Runtime,
}

static NEXT: AtomicU64 = AtomicU64::new(1);

impl Portal {
    pub fn start(decide: Decide, session_secs: u64) -> Portal {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let state = Arc::new(Mutex::new(State::default()));
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let addr: SocketAddr = listener.local_addr().unwrap();
        let shared = state.clone();
        runtime.spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let (state, decide) = (shared.clone(), decide.clone());
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |req| {
                        let (state, decide) = (state.clone(), decide.clone());
                        async move {
                            let answer = tokio::task::spawn_blocking(move || {
                                handle(&req, &state, decide.as_ref(), session_secs)
                            })
                            .await
                            .unwrap();
                            Ok::<_, hyper::Error>(answer)
                        }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Portal {
            endpoint: format!("http://{addr}"),
            session_secs,
            state,
            _runtime: runtime,
        }
    }

    /// Signs `user` in: the token `aws sso login` would cache for them.
    pub fn sign_in(&self, user: &str) -> String {
        let token = format!(
            "aoa-token-{user}-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        self.state
            .lock()
            .unwrap()
            .tokens
            .insert(token.clone(), user.to_string());
        token
    }

    /// The next `n` asks are refused as while Identity Center is still provisioning.
    pub fn provisioning_for(&self, n: usize) {
        self.state.lock().unwrap().provisioning = n;
    }

    pub fn asked(&self) -> Vec<Asked> {
        self.state.lock().unwrap().asked.clone()
    }

    pub fn secrets(&self) -> Vec<String> {
        self.state.lock().unwrap().secrets.clone()
    }
}

fn handle<B>(
    req: &hyper::Request<B>,
    state: &Mutex<State>,
    decide: &(dyn Fn(&str, &str, &str) -> bool + Send + Sync),
    session_secs: u64,
) -> hyper::Response<Full<Bytes>> {
    if req.method() != hyper::Method::GET || req.uri().path() != "/federation/credentials" {
        return error(404, "ResourceNotFoundException", "no such operation here");
    }
    let query: HashMap<String, String> = req
        .uri()
        .query()
        .unwrap_or_default()
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let (account, role) = (
        query.get("account_id").cloned().unwrap_or_default(),
        query.get("role_name").cloned().unwrap_or_default(),
    );
    let token = req
        .headers()
        .get("x-amz-sso_bearer_token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let user = state.lock().unwrap().tokens.get(&token).cloned();
    let record = |status: u16| {
        state.lock().unwrap().asked.push(Asked {
            user: user.clone(),
            account: account.clone(),
            role: role.clone(),
            status,
        });
    };
    let Some(name) = user.clone() else {
        record(401);
        return error(
            401,
            "UnauthorizedException",
            "Session token not found or invalid",
        );
    };
    let provisioning = {
        let mut s = state.lock().unwrap();
        let p = s.provisioning > 0;
        s.provisioning = s.provisioning.saturating_sub(1);
        p
    };
    if provisioning || !decide(&name, &account, &role) {
        record(403);
        return error(403, "ForbiddenException", "No access");
    }
    record(200);
    let n = NEXT.fetch_add(1, Ordering::SeqCst);
    let secret = format!("portalSECRET{n:08}x{}", std::process::id());
    state.lock().unwrap().secrets.push(secret.clone());
    let expiration = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64
        + session_secs * 1000;
    let body = serde_json::json!({
        "roleCredentials": {
            "accessKeyId": format!("ASIAPORTAL{n:010}"),
            "secretAccessKey": secret,
            "sessionToken": format!("portalTOKEN{n:08}"),
            "expiration": expiration,
        }
    });
    hyper::Response::builder()
        .status(200)
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body.to_string())))
        .unwrap()
}

fn error(status: u16, kind: &str, message: &str) -> hyper::Response<Full<Bytes>> {
    hyper::Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .header("x-amzn-errortype", kind)
        .body(Full::new(Bytes::from(
            serde_json::json!({ "message": message }).to_string(),
        )))
        .unwrap()
}
