//! A KMS key-policy guard for the end-to-end tests: moto enforces no key policy, so every test's
//! AWS traffic goes through this small proxy on loopback, which evaluates the key's policy the
//! way KMS would before letting a cryptographic call through.
//!
//! For a KMS call (`X-Amz-Target: TrentService.<Operation>`) that uses a key's material or
//! changes who may (`Encrypt`, `Decrypt`, `ReEncrypt`, `GenerateDataKey*`, `CreateGrant`,
//! `PutKeyPolicy`, ...), made by a caller the harness registered (by the access key id in the
//! request's `Authorization` header):
//!
//! 1. the key is the request's `KeyId` (or, for `Decrypt` and `ReEncrypt` without one, the key
//!    the ciphertext names: moto's ciphertext starts with the key id), resolved to its ARN with
//!    `DescribeKey`, and its policy read with `GetKeyPolicy` — both asked of moto with the
//!    caller's own access key in the `Authorization` header (moto checks no signature; the key
//!    id selects the caller's account), and kept: a key id's ARN never changes, and a policy
//!    is read again once a `PutKeyPolicy` has passed the guard;
//! 2. the request is evaluated with `elevate::domain::iam_eval::evaluate_kms`: the action
//!    (`kms:<Operation>`; `ReEncrypt` is `kms:ReEncryptFrom` on the source key and
//!    `kms:ReEncryptTo` on the destination), the key's ARN, `aws:PrincipalArn` (the role's ARN
//!    *with its path*, which the seed reports and no ARN the caller sees carries),
//!    `aws:userid`, the encryption context, and the caller's identity policies (what
//!    `elevate iam-policy <role>` gives its role), which count only where the key policy
//!    delegates to the account;
//! 3. anything but `Allowed` is answered as KMS answers it: HTTP 400,
//!    `{"__type":"AccessDeniedException","message":...}`. A key policy the evaluator cannot
//!    read refuses too (fail closed).
//!
//! Everything else — other KMS operations, and any call by a caller not registered (the seeder,
//! the tests' own inspection) — is forwarded unchanged.
//!
//! A registered caller whose identity policies are *enforced* ([`Guard::enforce`]) is also
//! refused, before anything else, every call of DynamoDB, IAM Identity Center, the identity
//! store, Organizations and EventBridge Scheduler that those policies do not allow, as IAM
//! would refuse it (`iam_rules` says which authorisations each call needs): the tests run each
//! role with exactly the policy `elevate iam-policy` prints for it.

// Each including test binary uses a part of it.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use elevate::domain::iam_eval::{self, Decision};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioIo};
use serde_json::{Value, json};

/// Who a registered access key belongs to, as KMS sees them.
#[derive(Debug, Clone, Default)]
pub struct Principal {
    /// `aws:PrincipalArn`: for a role session, the role's ARN with its path.
    pub arn: String,
    /// `aws:userid`: `<role id>:<session name>`.
    pub userid: String,
    /// The principal's IAM policies: they count where the key policy delegates to the account.
    pub identity_policies: Vec<Value>,
    /// Whether every call of the services `iam_rules` covers must be allowed by
    /// `identity_policies`, as IAM requires.
    pub enforce_identity: bool,
}

/// Which key a call is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyRef {
    /// As the request names it: a key id, key ARN, alias name or alias ARN.
    Named(String),
    /// The key id a ciphertext carries (moto's format: its first 36 bytes).
    OfCiphertext(String),
}

#[path = "iam_rules.rs"]
pub mod iam_rules;

/// IAM's answer to `principal` for `authorisation` under its identity policies alone (same
/// account: an identity policy's allow suffices, an explicit deny in any wins).
pub fn decide_identity(
    principal: &Principal,
    authorisation: &iam_rules::Authorisation,
) -> Result<(), String> {
    let refused = |why: String| {
        Err(format!(
            "User: {} is not authorized to perform: {} on resource: {} because {why} (elevate's IAM guard)",
            principal.arn, authorisation.action, authorisation.resource
        ))
    };
    let mut request = match iam_eval::Request::new(
        &authorisation.action,
        &authorisation.resource,
        &principal.arn,
        &principal.userid,
    ) {
        Ok(r) => r,
        Err(e) => return refused(format!("the request cannot be evaluated: {e}")),
    };
    for (key, values) in &authorisation.context {
        // A key with no value is absent from the request, as IAM has it.
        if !values.is_empty() {
            request = request.with_multi_key(key, values);
        }
    }
    let mut allowed = false;
    for policy in &principal.identity_policies {
        match iam_eval::evaluate(policy, iam_eval::PolicyKind::Identity, &request) {
            Ok(e) if e.decision == Decision::ExplicitDeny => {
                return refused("an identity-based policy explicitly denies it".into());
            }
            Ok(e) => allowed |= e.decision.is_allowed(),
            Err(e) => return refused(format!("its identity policy cannot be evaluated: {e}")),
        }
    }
    if allowed {
        Ok(())
    } else {
        refused("no identity-based policy allows the action".into())
    }
}

/// One authorisation KMS makes for a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// `kms:Encrypt`, ...
    pub action: String,
    pub key: KeyRef,
    pub encryption_context: BTreeMap<String, String>,
}

/// The operations the guard authorises: those that use a key's material, and those that change
/// who may use it. (Reading a key's metadata or policy, listing, and creating keys and aliases
/// pass: nothing a seal relies on is decided by them; aliases are not how a seal names its key.)
const GUARDED: [&str; 15] = [
    "Encrypt",
    "Decrypt",
    "ReEncrypt",
    "GenerateDataKey",
    "GenerateDataKeyWithoutPlaintext",
    "GenerateDataKeyPair",
    "GenerateDataKeyPairWithoutPlaintext",
    "GenerateMac",
    "VerifyMac",
    "Sign",
    "Verify",
    "CreateGrant",
    "PutKeyPolicy",
    "ScheduleKeyDeletion",
    "DisableKey",
];

fn context_of(body: &Value, field: &str) -> BTreeMap<String, String> {
    body[field]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect()
        })
        .unwrap_or_default()
}

/// The key id at the start of a (base64) moto ciphertext.
fn ciphertext_key(blob: &str) -> Option<String> {
    let bytes = aws_smithy_types::base64::decode(blob).ok()?;
    let id = bytes.get(..36)?;
    std::str::from_utf8(id).ok().map(str::to_string)
}

/// The checks KMS makes for `operation` with request `body`; `None` when the guard does not
/// authorise the operation (it is forwarded as it is).
pub fn checks(operation: &str, body: &Value) -> Option<Vec<Check>> {
    if !GUARDED.contains(&operation) {
        return None;
    }
    let named = |field: &str| body[field].as_str().map(|k| KeyRef::Named(k.to_string()));
    let source = || {
        named("KeyId").or_else(|| named("SourceKeyId")).or_else(|| {
            body["CiphertextBlob"]
                .as_str()
                .and_then(ciphertext_key)
                .map(KeyRef::OfCiphertext)
        })
    };
    let check = |action: &str, key: Option<KeyRef>, context: &str| Check {
        action: format!("kms:{action}"),
        // A call naming no key KMS can find is left for moto to refuse.
        key: key.unwrap_or(KeyRef::Named(String::new())),
        encryption_context: context_of(body, context),
    };
    Some(match operation {
        "Decrypt" => vec![check("Decrypt", source(), "EncryptionContext")],
        "ReEncrypt" => vec![
            check("ReEncryptFrom", source(), "SourceEncryptionContext"),
            check(
                "ReEncryptTo",
                named("DestinationKeyId"),
                "DestinationEncryptionContext",
            ),
        ],
        other => vec![check(other, named("KeyId"), "EncryptionContext")],
    })
}

/// KMS's answer to `principal` for `check` on the key `key_arn` whose policy is `key_policy`:
/// `Err(message)` when it is refused.
pub fn decide(
    principal: &Principal,
    check: &Check,
    key_arn: &str,
    key_policy: &Value,
) -> Result<(), String> {
    let refused = |why: String| {
        Err(format!(
            "User: {} is not authorized to perform: {} on resource: {key_arn} because {why} (elevate's KMS key-policy guard)",
            principal.arn, check.action
        ))
    };
    let request =
        match iam_eval::Request::new(&check.action, key_arn, &principal.arn, &principal.userid) {
            Ok(r) => r.with_encryption_context(&check.encryption_context),
            Err(e) => return refused(format!("the request cannot be evaluated: {e}")),
        };
    let identity: Vec<&Value> = principal.identity_policies.iter().collect();
    match iam_eval::evaluate_kms(key_policy, &identity, &request) {
        Ok(Decision::Allowed) => Ok(()),
        Ok(Decision::ExplicitDeny) => refused("a policy explicitly denies it".into()),
        Ok(_) => refused(format!(
            "no resource-based policy allows the {} action",
            check.action
        )),
        Err(e) => refused(format!("its key policy cannot be evaluated: {e}")),
    }
}

/// What the guard decided for one authorisation, for tests to look for.
#[derive(Debug, Clone)]
pub struct Verdict {
    pub access_key: String,
    /// `kms:Encrypt`, ...
    pub action: String,
    /// KMS's refusal, or `None` when the call went through.
    pub refused: Option<String>,
}

#[derive(Default)]
struct State {
    registry: HashMap<String, Principal>,
    verdicts: Vec<Verdict>,
    /// Key ARNs by (caller's account, key id or ARN): a key's id never changes (aliases, which
    /// can be pointed elsewhere, are resolved every time).
    arns: HashMap<(String, String), String>,
    /// Key policies by key ARN, until a PutKeyPolicy passes the guard.
    policies: HashMap<String, Value>,
    /// How many times the policies were forgotten: a policy read before is not kept after.
    generation: u64,
}

pub struct Guard {
    pub endpoint: String,
    state: Arc<Mutex<State>>,
    _runtime: tokio::runtime::Runtime,
}

impl Guard {
    /// Guards `upstream` (moto, e.g. `http://127.0.0.1:5000`).
    pub fn start(upstream: &str) -> Guard {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("the guard's runtime");
        let state = Arc::new(Mutex::new(State::default()));
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("a loopback port for the guard");
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
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Guard {
            endpoint: format!("http://{addr}"),
            state,
            _runtime: runtime,
        }
    }

    /// Calls made with `access_key` are authorised as `principal`'s.
    pub fn register(&self, access_key: &str, principal: Principal) {
        self.state
            .lock()
            .unwrap()
            .registry
            .insert(access_key.to_string(), principal);
    }

    /// Replaces the identity policies of the principal of `access_key`.
    pub fn set_identity_policies(&self, access_key: &str, policies: Vec<Value>) {
        if let Some(p) = self.state.lock().unwrap().registry.get_mut(access_key) {
            p.identity_policies = policies;
        }
    }

    /// From now on, calls made with `access_key` must be allowed by its identity policies.
    pub fn enforce(&self, access_key: &str) {
        if let Some(p) = self.state.lock().unwrap().registry.get_mut(access_key) {
            p.enforce_identity = true;
        }
    }

    /// What the guard decided for calls made with `access_key`, in order.
    pub fn verdicts_of(&self, access_key: &str) -> Vec<Verdict> {
        self.state
            .lock()
            .unwrap()
            .verdicts
            .iter()
            .filter(|v| v.access_key == access_key)
            .cloned()
            .collect()
    }
}

type Answer = hyper::Response<Full<Bytes>>;

/// The access key id of a SigV4 `Authorization` header.
fn access_key(headers: &hyper::HeaderMap) -> Option<String> {
    let auth = headers.get("authorization")?.to_str().ok()?;
    let credential = auth.split("Credential=").nth(1)?;
    let key = credential.split('/').next()?;
    (!key.is_empty()).then(|| key.to_string())
}

fn denied(message: &str) -> Answer {
    hyper::Response::builder()
        .status(400)
        .header("content-type", "application/x-amz-json-1.1")
        .header("x-amzn-ErrorType", "AccessDeniedException")
        .body(Full::new(Bytes::from(
            json!({"__type": "AccessDeniedException", "message": message}).to_string(),
        )))
        .unwrap()
}

async fn forward(
    client: &Client<HttpConnector, Full<Bytes>>,
    upstream: &str,
    parts: &hyper::http::request::Parts,
    body: Bytes,
) -> Result<Answer, String> {
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
    Ok(hyper::Response::from_parts(parts, Full::new(body)))
}

/// Asks moto `operation` with `body`, as the caller (their Authorization header): the answer's
/// JSON if it succeeded.
async fn ask(
    client: &Client<HttpConnector, Full<Bytes>>,
    upstream: &str,
    headers: &hyper::HeaderMap,
    operation: &str,
    body: Value,
) -> Result<Value, String> {
    let mut request = hyper::Request::builder()
        .method("POST")
        .uri(format!("{upstream}/"))
        .header("content-type", "application/x-amz-json-1.1")
        .header("x-amz-target", format!("TrentService.{operation}"));
    for name in ["authorization", "x-amz-date", "x-amz-security-token"] {
        if let Some(v) = headers.get(name) {
            request = request.header(name, v);
        }
    }
    let request = request
        .body(Full::new(Bytes::from(body.to_string())))
        .map_err(|e| e.to_string())?;
    let answer = client.request(request).await.map_err(|e| e.to_string())?;
    let status = answer.status();
    let bytes = answer
        .into_body()
        .collect()
        .await
        .map_err(|e| e.to_string())?
        .to_bytes();
    if !status.is_success() {
        return Err(format!(
            "{operation}: HTTP {status}: {}",
            String::from_utf8_lossy(&bytes)
        ));
    }
    serde_json::from_slice(&bytes).map_err(|e| format!("{operation}: {e}"))
}

async fn handle(
    req: hyper::Request<Incoming>,
    state: Arc<Mutex<State>>,
    upstream: Arc<str>,
    client: Client<HttpConnector, Full<Bytes>>,
) -> Result<Answer, String> {
    let (parts, body) = req.into_parts();
    let body = body.collect().await.map_err(|e| e.to_string())?.to_bytes();
    let operation = parts
        .headers
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .and_then(|t| t.strip_prefix("TrentService."))
        .map(str::to_string);
    let changes_a_policy = operation.as_deref() == Some("PutKeyPolicy");
    let answer = authorise(parts, body, operation, &state, &upstream, &client).await;
    if changes_a_policy {
        // Whoever changed a key policy, policies are read afresh from now on.
        let mut s = state.lock().unwrap();
        s.policies.clear();
        s.generation += 1;
    }
    answer
}

/// The credential scope of a SigV4 `Authorization` header: `(region, service)`.
fn credential_scope(headers: &hyper::HeaderMap) -> Option<(String, String)> {
    let auth = headers.get("authorization")?.to_str().ok()?;
    let credential = auth.split("Credential=").nth(1)?.split(',').next()?;
    let parts: Vec<&str> = credential.split('/').collect();
    match parts.as_slice() {
        [_, _, region, service, _] => Some((region.to_string(), service.to_string())),
        _ => None,
    }
}

/// IAM's refusal of the call under the caller's identity policies, as the service would answer
/// it; `None` when IAM allows it (or the guard does not evaluate that service).
fn identity_refusal(
    principal: &Principal,
    caller: &str,
    parts: &hyper::http::request::Parts,
    body: &Bytes,
    state: &Mutex<State>,
) -> Option<Answer> {
    let (region, service) = credential_scope(&parts.headers)?;
    let json: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let account = principal.arn.split(':').nth(4).unwrap_or_default();
    let call = iam_rules::Call {
        service: &service,
        target: parts
            .headers
            .get("x-amz-target")
            .and_then(|v| v.to_str().ok()),
        method: parts.method.as_str(),
        path: parts.uri.path(),
        query: parts.uri.query().unwrap_or_default(),
        body: &json,
        region: &region,
        account,
    };
    for authorisation in iam_rules::authorisations(&call)? {
        let verdict = decide_identity(principal, &authorisation);
        state.lock().unwrap().verdicts.push(Verdict {
            access_key: caller.to_string(),
            action: authorisation.action.clone(),
            refused: verdict.clone().err(),
        });
        if let Err(message) = verdict {
            // JSON protocols answer 400 with `__type`; REST ones (Scheduler) 403 with the type
            // in a header.
            let rest = parts.headers.get("x-amz-target").is_none();
            return Some(
                hyper::Response::builder()
                    .status(if rest { 403 } else { 400 })
                    .header("content-type", "application/x-amz-json-1.0")
                    .header("x-amzn-ErrorType", "AccessDeniedException")
                    .body(Full::new(Bytes::from(
                        json!({"__type": "AccessDeniedException", "message": message, "Message": message})
                            .to_string(),
                    )))
                    .unwrap(),
            );
        }
    }
    None
}

/// Forwards the call if KMS would allow it, else answers KMS's refusal.
async fn authorise(
    parts: hyper::http::request::Parts,
    body: Bytes,
    operation: Option<String>,
    state: &Mutex<State>,
    upstream: &str,
    client: &Client<HttpConnector, Full<Bytes>>,
) -> Result<Answer, String> {
    let caller = access_key(&parts.headers);
    let principal = caller
        .as_ref()
        .and_then(|k| state.lock().unwrap().registry.get(k).cloned());
    if let (Some(p), Some(caller)) = (principal.as_ref(), caller.as_ref())
        && p.enforce_identity
        && let Some(refusal) = identity_refusal(p, caller, &parts, &body, state)
    {
        return Ok(refusal);
    }
    let (Some(operation), Some(principal), Some(caller)) = (operation, principal, caller) else {
        return forward(client, upstream, &parts, body).await;
    };
    let request: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let Some(checks) = checks(&operation, &request) else {
        return forward(client, upstream, &parts, body).await;
    };
    for check in &checks {
        let key = match &check.key {
            KeyRef::Named(k) | KeyRef::OfCiphertext(k) => k.clone(),
        };
        let account = principal
            .arn
            .split(':')
            .nth(4)
            .unwrap_or_default()
            .to_string();
        let cached = state
            .lock()
            .unwrap()
            .arns
            .get(&(account.clone(), key.clone()))
            .cloned();
        let key_arn = match cached {
            Some(arn) => arn,
            None => {
                // A key moto cannot find: its own answer (NotFound) is the right one.
                let Ok(described) = ask(
                    client,
                    upstream,
                    &parts.headers,
                    "DescribeKey",
                    json!({"KeyId": key}),
                )
                .await
                else {
                    return forward(client, upstream, &parts, body).await;
                };
                let arn = described["KeyMetadata"]["Arn"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
                if !key.contains("alias/") {
                    state
                        .lock()
                        .unwrap()
                        .arns
                        .insert((account, key.clone()), arn.clone());
                }
                arn
            }
        };
        let (cached, generation) = {
            let s = state.lock().unwrap();
            (s.policies.get(&key_arn).cloned(), s.generation)
        };
        let policy = match cached {
            Some(policy) => Ok(policy),
            None => ask(
                client,
                upstream,
                &parts.headers,
                "GetKeyPolicy",
                json!({"KeyId": key_arn, "PolicyName": "default"}),
            )
            .await
            .and_then(|v| {
                iam_eval::parse_policy_text(v["Policy"].as_str().unwrap_or(""))
                    .map_err(|e| e.to_string())
            })
            .inspect(|policy| {
                let mut s = state.lock().unwrap();
                if s.generation == generation {
                    s.policies.insert(key_arn.clone(), policy.clone());
                }
            }),
        };
        let verdict = match policy {
            Ok(policy) => decide(&principal, check, &key_arn, &policy),
            Err(e) => Err(format!("the key policy of {key_arn} cannot be read: {e}")),
        };
        state.lock().unwrap().verdicts.push(Verdict {
            access_key: caller.clone(),
            action: check.action.clone(),
            refused: verdict.clone().err(),
        });
        if let Err(message) = verdict {
            return Ok(denied(&message));
        }
    }
    forward(client, upstream, &parts, body).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use elevate::domain::key_policy::{SealScope, key_policy};
    use elevate::domain::ledger::{SealKind, seal_context};

    const ACCOUNT: &str = "111122223333";
    const KEY: &str = "arn:aws:kms:us-east-1:111122223333:key/0f2c7c1e-5d0e-4c43-9a59-2f8a5a3d2b11";
    const LEDGER: &str = "dynamodb:ledger";

    fn policy() -> Value {
        let scope = SealScope::new(
            "aws",
            ACCOUNT,
            ACCOUNT,
            LEDGER,
            &format!("arn:aws:iam::{ACCOUNT}:role/elevate-executor"),
        );
        key_policy(&scope).unwrap()
    }

    fn person(set: &str, name: &str) -> Principal {
        Principal {
            arn: format!(
                "arn:aws:iam::{ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_{set}_0123456789abcdef"
            ),
            userid: format!("AROA{set}:{name}"),
            identity_policies: Vec::new(),
            enforce_identity: false,
        }
    }

    fn encrypt(kind: SealKind, actor: &str) -> Check {
        let body = json!({
            "KeyId": KEY,
            "Plaintext": "aGFzaA==",
            "EncryptionContext": seal_context(LEDGER, "r-0000000001", "ab12", kind, actor),
        });
        checks("Encrypt", &body).unwrap().remove(0)
    }

    #[test]
    fn a_requester_may_seal_her_own_request_and_no_approval_in_any_name() {
        let alice = person("ElevateRequester", "alice");
        let bob = person("ElevateApprover", "bob");
        let policy = policy();
        assert!(
            decide(
                &alice,
                &encrypt(SealKind::Request, &alice.userid),
                KEY,
                &policy
            )
            .is_ok()
        );
        let refused = decide(
            &alice,
            &encrypt(SealKind::Approve, &alice.userid),
            KEY,
            &policy,
        )
        .unwrap_err();
        assert!(refused.contains("kms:Encrypt"), "{refused}");
        assert!(
            decide(
                &alice,
                &encrypt(SealKind::Approve, &bob.userid),
                KEY,
                &policy
            )
            .is_err()
        );
        assert!(
            decide(
                &alice,
                &encrypt(SealKind::Request, &bob.userid),
                KEY,
                &policy
            )
            .is_err()
        );
        // bob seals approvals in his own name only.
        assert!(decide(&bob, &encrypt(SealKind::Approve, &bob.userid), KEY, &policy).is_ok());
        assert!(
            decide(
                &bob,
                &encrypt(SealKind::Approve, &alice.userid),
                KEY,
                &policy
            )
            .is_err()
        );
        // The same role name without Identity Center's path is not an approver's role.
        let pathless = Principal {
            arn: format!(
                "arn:aws:iam::{ACCOUNT}:role/AWSReservedSSO_ElevateApprover_0123456789abcdef"
            ),
            ..bob.clone()
        };
        assert!(
            decide(
                &pathless,
                &encrypt(SealKind::Approve, &bob.userid),
                KEY,
                &policy
            )
            .is_err()
        );
    }

    #[test]
    fn decrypt_finds_the_key_in_the_ciphertext_and_grants_are_refused() {
        let id = "0f2c7c1e-5d0e-4c43-9a59-2f8a5a3d2b11";
        // moto's ciphertext: the key id, then iv, tag and data.
        let mut blob = id.as_bytes().to_vec();
        blob.extend([7u8; 40]);
        let encoded = aws_smithy_types::base64::encode(&blob);
        let context = seal_context(LEDGER, "r-0000000001", "ab12", SealKind::Approve, "x:bob");
        let body = json!({"CiphertextBlob": encoded, "EncryptionContext": context});
        let check = checks("Decrypt", &body).unwrap().remove(0);
        assert_eq!(check.key, KeyRef::OfCiphertext(id.to_string()));
        // Every elevate principal verifies, in this ledger only.
        let erin = person("ElevateRequester", "erin");
        assert!(decide(&erin, &check, KEY, &policy()).is_ok());
        let elsewhere = Check {
            encryption_context: seal_context("dynamodb:other", "r", "h", SealKind::Approve, "x"),
            ..check
        };
        assert!(decide(&erin, &elsewhere, KEY, &policy()).is_err());
        // Nobody creates grants, which would go round the conditions.
        let grant = checks(
            "CreateGrant",
            &json!({"KeyId": KEY, "GranteePrincipal": erin.arn}),
        )
        .unwrap()
        .remove(0);
        assert!(decide(&erin, &grant, KEY, &policy()).is_err());
        // Reading a key's metadata is not the guard's business.
        assert!(checks("DescribeKey", &json!({"KeyId": KEY})).is_none());
    }

    #[test]
    fn under_the_default_key_policy_identity_policies_decide() {
        // "root may do kms:*": the account's IAM policies delegate, as KMS documents.
        let default = json!({"Version": "2012-10-17", "Statement": [{
            "Sid": "Enable IAM User Permissions", "Effect": "Allow",
            "Principal": {"AWS": format!("arn:aws:iam::{ACCOUNT}:root")},
            "Action": "kms:*", "Resource": "*"}]});
        let mut alice = person("ElevateRequester", "alice");
        let forged = encrypt(SealKind::Approve, &alice.userid);
        assert!(
            decide(&alice, &forged, KEY, &default).is_err(),
            "no IAM policy"
        );
        alice.identity_policies = vec![json!({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Action": ["kms:Encrypt", "kms:Decrypt"], "Resource": [KEY]}]})];
        assert!(decide(&alice, &forged, KEY, &default).is_ok());
        assert!(
            decide(&alice, &forged, KEY, &policy()).is_err(),
            "elevate's policy"
        );
    }
}
