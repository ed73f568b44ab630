//! A fake AWS Lambda runtime API on loopback, for running the executor as a Lambda function
//! would run: `GET /2018-06-01/runtime/invocation/next` hands out the queued invocations one by
//! one (with the headers Lambda sends: the request id, the deadline, the function's ARN), and
//! `POST …/invocation/<id>/response` or `…/error` (and `…/init/error`) are recorded. Once the
//! queue is empty, `next` never answers, as Lambda holds a function with no work.

// Each including test binary uses a part of it.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use serde_json::Value;

/// What the function answered to one invocation.
#[derive(Debug, Clone)]
pub struct Answer {
    pub request_id: String,
    /// `response`, `error`, or `init` (an initialisation error).
    pub kind: String,
    pub body: Value,
}

#[derive(Default)]
struct State {
    queue: Vec<Value>,
    handed: usize,
    answers: Vec<Answer>,
}

pub struct LambdaApi {
    /// `host:port`, as `AWS_LAMBDA_RUNTIME_API` carries it.
    pub address: String,
    state: Arc<Mutex<State>>,
    _runtime: tokio::runtime::Runtime,
}

impl LambdaApi {
    pub fn start(invocations: Vec<Value>) -> LambdaApi {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let state = Arc::new(Mutex::new(State {
            queue: invocations,
            ..State::default()
        }));
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
                let state = shared.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |req| {
                        let state = state.clone();
                        async move { Ok::<_, hyper::Error>(handle(req, &state).await) }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        LambdaApi {
            address: addr.to_string(),
            state,
            _runtime: runtime,
        }
    }

    pub fn answers(&self) -> Vec<Answer> {
        self.state.lock().unwrap().answers.clone()
    }
}

async fn handle(
    req: hyper::Request<hyper::body::Incoming>,
    state: &Mutex<State>,
) -> hyper::Response<Full<Bytes>> {
    let path = req.uri().path().to_string();
    let method = req.method().clone();
    let body = req
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    match (method.as_str(), parts.as_slice()) {
        ("GET", ["2018-06-01", "runtime", "invocation", "next"]) => {
            let next = {
                let mut s = state.lock().unwrap();
                let i = s.handed;
                s.queue
                    .get(i)
                    .cloned()
                    .inspect(|_| s.handed += 1)
                    .map(|v| (i, v))
            };
            let Some((i, event)) = next else {
                // No more work: Lambda would freeze the function here.
                std::future::pending::<()>().await;
                unreachable!()
            };
            let deadline = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_millis()
                + 300_000;
            hyper::Response::builder()
                .status(200)
                .header("content-type", "application/json")
                .header("lambda-runtime-aws-request-id", format!("invocation-{i}"))
                .header("lambda-runtime-deadline-ms", deadline.to_string())
                .header(
                    "lambda-runtime-invoked-function-arn",
                    "arn:aws:lambda:us-east-1:123456789012:function:elevate-executor",
                )
                .header(
                    "lambda-runtime-trace-id",
                    "Root=1-00000000-000000000000000000000000",
                )
                .body(Full::new(Bytes::from(event.to_string())))
                .unwrap()
        }
        ("POST", ["2018-06-01", "runtime", "invocation", id, kind]) => {
            state.lock().unwrap().answers.push(Answer {
                request_id: id.to_string(),
                kind: kind.to_string(),
                body: serde_json::from_slice(&body).unwrap_or(Value::Null),
            });
            accepted()
        }
        ("POST", ["2018-06-01", "runtime", "init", "error"]) => {
            state.lock().unwrap().answers.push(Answer {
                request_id: String::new(),
                kind: "init".into(),
                body: serde_json::from_slice(&body).unwrap_or(Value::Null),
            });
            accepted()
        }
        _ => hyper::Response::builder()
            .status(404)
            .body(Full::new(Bytes::new()))
            .unwrap(),
    }
}

fn accepted() -> hyper::Response<Full<Bytes>> {
    hyper::Response::builder()
        .status(202)
        .body(Full::new(Bytes::from_static(b"{\"status\":\"OK\"}")))
        .unwrap()
}
