//! A fault-injecting HTTP proxy for the end-to-end tests. It sits on loopback between `elevate`
//! and the emulator and, for a configured share of calls chosen by a seeded generator, answers
//! with one of the failures a real AWS endpoint produces under load:
//!
//! - `ThrottlingException` (HTTP 400, in the error shape of the call's protocol);
//! - HTTP 500 or 503 without doing anything;
//! - a slow answer (the call is forwarded after a pause);
//! - a reset: the call is forwarded and takes effect, then the connection is dropped before the
//!   answer, so the caller cannot know whether it happened (the hardest case: a retry replays
//!   something already done).
//!
//! It counts every call and every fault by kind, for the report.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioIo};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fault {
    Throttle,
    Status500,
    Status503,
    Slow,
    Reset,
}

impl Fault {
    const ALL: [Fault; 5] = [
        Fault::Throttle,
        Fault::Status500,
        Fault::Status503,
        Fault::Slow,
        Fault::Reset,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Fault::Throttle => "throttling",
            Fault::Status500 => "http_500",
            Fault::Status503 => "http_503",
            Fault::Slow => "slow",
            Fault::Reset => "reset_after_forwarding",
        }
    }
}

/// What the proxy did.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    pub calls: u64,
    pub faults: BTreeMap<Fault, u64>,
}

impl Counts {
    pub fn faulted(&self) -> u64 {
        self.faults.values().sum()
    }
}

struct State {
    rng: fastrand::Rng,
    rate: f64,
    counts: Counts,
}

pub struct Proxy {
    pub endpoint: String,
    state: Arc<Mutex<State>>,
    _runtime: tokio::runtime::Runtime,
}

impl Proxy {
    /// Forwards to `upstream` (e.g. `http://127.0.0.1:5000`), faulting `rate` of the calls.
    pub fn start(upstream: &str, rate: f64, seed: u64) -> Proxy {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("the proxy's runtime");
        let state = Arc::new(Mutex::new(State {
            rng: fastrand::Rng::with_seed(seed),
            rate,
            counts: Counts::default(),
        }));
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("a loopback port for the proxy");
        let addr: SocketAddr = listener.local_addr().unwrap();
        let upstream: Arc<str> = upstream.trim_end_matches('/').into();
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        let client: Client<HttpConnector, Full<Bytes>> =
            Client::builder(TokioExecutor::new()).build(connector);
        let shared = state.clone();
        runtime.spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let _ = stream.set_nodelay(true);
                let (state, upstream, client) = (shared.clone(), upstream.clone(), client.clone());
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |req| {
                        handle(req, state.clone(), upstream.clone(), client.clone())
                    });
                    // A reset ends the connection with an error: expected, not reported.
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Proxy {
            endpoint: format!("http://{addr}"),
            state,
            _runtime: runtime,
        }
    }

    /// Changes the share of calls faulted from now on (0 to let everything through).
    pub fn set_rate(&self, rate: f64) {
        self.state.lock().unwrap().rate = rate;
    }

    pub fn counts(&self) -> Counts {
        self.state.lock().unwrap().counts.clone()
    }
}

fn choose(state: &Mutex<State>) -> Option<Fault> {
    let mut s = state.lock().unwrap();
    s.counts.calls += 1;
    let rate = s.rate;
    if s.rng.f64() >= rate {
        return None;
    }
    let fault = Fault::ALL[s.rng.usize(..Fault::ALL.len())];
    *s.counts.faults.entry(fault).or_default() += 1;
    Some(fault)
}

type Answer = hyper::Response<Full<Bytes>>;

async fn handle(
    req: hyper::Request<Incoming>,
    state: Arc<Mutex<State>>,
    upstream: Arc<str>,
    client: Client<HttpConnector, Full<Bytes>>,
) -> Result<Answer, String> {
    let fault = choose(&state);
    let (parts, body) = req.into_parts();
    let body = body.collect().await.map_err(|e| e.to_string())?.to_bytes();
    match fault {
        Some(Fault::Throttle) => return Ok(throttled(&parts.headers)),
        Some(Fault::Status500) => return Ok(status(500)),
        Some(Fault::Status503) => return Ok(status(503)),
        Some(Fault::Slow) => tokio::time::sleep(Duration::from_millis(400)).await,
        _ => {}
    }
    let path = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    let mut forward = hyper::Request::builder()
        .method(parts.method.clone())
        .uri(format!("{upstream}{path}"));
    for (name, value) in &parts.headers {
        forward = forward.header(name, value);
    }
    let forward = forward.body(Full::new(body)).map_err(|e| e.to_string())?;
    let answer = client.request(forward).await.map_err(|e| e.to_string())?;
    let (parts, body) = answer.into_parts();
    let body = body.collect().await.map_err(|e| e.to_string())?.to_bytes();
    if fault == Some(Fault::Reset) {
        // The call has taken effect upstream; the caller never hears of it.
        return Err("reset after forwarding".into());
    }
    Ok(hyper::Response::from_parts(parts, Full::new(body)))
}

fn status(code: u16) -> Answer {
    hyper::Response::builder()
        .status(code)
        .header("content-type", "text/plain")
        .body(Full::new(Bytes::from_static(b"injected fault")))
        .unwrap()
}

/// A throttling error as the protocol of the call spells it: the query protocol (STS, IAM,
/// SNS) answers XML; the JSON protocols name the error in a header and in `__type`.
fn throttled(headers: &hyper::HeaderMap) -> Answer {
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let builder = hyper::Response::builder().status(400);
    if content_type.starts_with("application/x-www-form-urlencoded") {
        builder
            .header("content-type", "text/xml")
            .body(Full::new(Bytes::from_static(
                b"<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>\
                  <Message>Rate exceeded (injected)</Message></Error>\
                  <RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>",
            )))
            .unwrap()
    } else {
        builder
            .header("content-type", "application/x-amz-json-1.1")
            .header("x-amzn-ErrorType", "ThrottlingException")
            .body(Full::new(Bytes::from_static(
                b"{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded (injected)\"}",
            )))
            .unwrap()
    }
}
