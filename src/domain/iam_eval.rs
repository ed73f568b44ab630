//! An evaluator of IAM and KMS policy documents for one request, so that the key policy elevate
//! writes (`domain::key_policy`) is tested the way AWS will read it, not the way we meant it.
//!
//! It implements the documented semantics of the subset elevate's policies use, and refuses
//! (with an error, never a panic) anything outside it, so that a test can never pass because
//! an element was silently ignored. Sources, quoted where each rule is implemented:
//!
//! - IAM User Guide, "Policy evaluation logic" and "Policy evaluation for requests within a
//!   single account" (`reference_policies_evaluation-logic*.html`): explicit deny wins, else
//!   any allow, else implicit deny.
//! - IAM User Guide, "AWS JSON policy elements: Principal"
//!   (`reference_policies_elements_principal.html`): account principals delegate to the
//!   account; no wildcards inside a principal ARN.
//! - IAM User Guide, "IAM JSON policy elements: Condition operators"
//!   (`reference_policies_elements_condition_operators.html`).
//! - IAM User Guide, "Conditions with multiple context keys or values"
//!   (`reference_policies_condition-logic-multiple-context-keys-or-values.html`) and
//!   "Single-valued vs. multivalued context keys"
//!   (`reference_policies_condition-single-vs-multi-valued-context-keys.html`).
//! - IAM User Guide, "IAM policy elements: Variables and tags"
//!   (`reference_policies_variables.html`).
//! - KMS Developer Guide, "AWS KMS condition keys" (`conditions-kms.html`),
//!   `kms:EncryptionContext:context-key` and `kms:EncryptionContextKeys`, and "Default key
//!   policy" (`key-policy-default.html`).
//!
//! **Where AWS's behaviour is not documented, the evaluator leans toward access** (it
//! over-approximates what AWS allows), so that a refusal it reports is one AWS makes too: the
//! tests built on it attack the key policy, and an attack must not pass because the evaluator
//! was stricter than AWS. The one such case is an unqualified operator meeting a key with more
//! than one value (two encryption context keys that differ only in case): in an `Allow` the
//! condition holds if any value satisfies it, in a `Deny` only if every value does.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// A document the evaluator cannot read: malformed for AWS, or outside what it implements.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EvalError {
    #[error("malformed policy: {0}")]
    Malformed(String),
    #[error("not supported by elevate's policy evaluator: {0}")]
    Unsupported(String),
}

fn malformed<T>(what: impl Into<String>) -> Result<T, EvalError> {
    Err(EvalError::Malformed(what.into()))
}

/// Whether a document is a resource policy (a key policy, a trust policy: it names its
/// principals) or an identity policy (attached to the principal: it names none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyKind {
    Resource,
    Identity,
}

/// The outcome for one request. Ordered from the strongest refusal to the plainest allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Decision {
    /// A `Deny` statement applies: nothing else can allow the request.
    ExplicitDeny,
    /// No statement allows it.
    ImplicitDeny,
    /// Allowed only through a statement that delegates to the principal's account
    /// (`arn:aws:iam::<account>:root` or the bare account id), or allowed to a principal of
    /// another account: the principal's own identity policies must allow it too. ("When you
    /// specify an AWS account ... This delegates authority to the account", IAM User Guide,
    /// Principal element; cross-account requests need both sides, "Cross-account policy
    /// evaluation logic".)
    AllowedIfIdentityPolicyAllows,
    /// Allowed by this document alone.
    Allowed,
}

impl Decision {
    pub fn is_allowed(self) -> bool {
        self == Decision::Allowed
    }
}

/// The decision and the statements that made it, named by `Sid` (or `#<index>` without one),
/// so that a test failure says which statement let a request through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    pub decision: Decision,
    pub allowed_by: Vec<String>,
    pub denied_by: Vec<String>,
}

// ---------------------------------------------------------------------------------------------
// The request context
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    values: Vec<String>,
    multivalued: bool,
}

/// Context keys and their values. Key names are case-insensitive ("Context key names are not
/// case-sensitive", IAM User Guide, Condition element; for KMS, "the condition key is not case
/// sensitive", conditions-kms.html), so keys are stored lowercased; adding a key again under
/// another case adds a value, which is how two encryption context keys that differ only in case
/// reach a `kms:EncryptionContext:<key>` condition.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    entries: BTreeMap<String, Entry>,
}

impl Context {
    /// Adds a value to a single-valued key.
    pub fn add(&mut self, key: &str, value: &str) {
        self.entries
            .entry(key.to_lowercase())
            .or_insert_with(|| Entry {
                values: Vec::new(),
                multivalued: false,
            })
            .values
            .push(value.to_string());
    }

    /// Adds values to a multivalued key (`kms:EncryptionContextKeys`, `aws:TagKeys`). An empty
    /// list leaves the key absent: "If the key values in the request resolve to an empty data
    /// set ..., a condition operator modified by ForAllValues returns true".
    pub fn add_multi<S: AsRef<str>>(&mut self, key: &str, values: &[S]) {
        if values.is_empty() {
            return;
        }
        let entry = self
            .entries
            .entry(key.to_lowercase())
            .or_insert_with(|| Entry {
                values: Vec::new(),
                multivalued: true,
            });
        entry.multivalued = true;
        entry
            .values
            .extend(values.iter().map(|v| v.as_ref().to_string()));
    }

    /// The context keys KMS derives from an encryption context: one single-valued
    /// `kms:EncryptionContext:<key>` per pair and the multivalued `kms:EncryptionContextKeys`
    /// with every key in its own case (conditions-kms.html). An empty context adds neither.
    pub fn add_encryption_context(&mut self, encryption_context: &BTreeMap<String, String>) {
        for (k, v) in encryption_context {
            self.add(&format!("kms:EncryptionContext:{k}"), v);
        }
        let keys: Vec<&str> = encryption_context.keys().map(String::as_str).collect();
        self.add_multi("kms:EncryptionContextKeys", &keys);
    }

    /// The values of a key, case-insensitively; `None` when absent.
    pub fn get(&self, key: &str) -> Option<&[String]> {
        self.entries
            .get(&key.to_lowercase())
            .map(|e| e.values.as_slice())
            .filter(|v| !v.is_empty())
    }

    /// The value a policy variable takes: only a key with exactly one value ("you cannot use a
    /// multivalued context key as a policy variable").
    fn variable(&self, key: &str) -> Option<&str> {
        let e = self.entries.get(&key.to_lowercase())?;
        match (e.multivalued, e.values.as_slice()) {
            (false, [one]) => Some(one),
            _ => None,
        }
    }
}

/// One request: an action on a resource by a principal, with its context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// `service:Operation`, e.g. `kms:Encrypt`.
    pub action: String,
    /// The resource's ARN (the key's ARN for KMS).
    pub resource: String,
    /// `aws:PrincipalArn`: for a role session the role's ARN with its path.
    pub principal_arn: String,
    /// `aws:PrincipalAccount`.
    pub principal_account: String,
    /// The account that owns the resource, when known: a principal of another account is
    /// allowed only if its identity policies agree.
    pub resource_account: Option<String>,
    /// Every context key, including `aws:PrincipalArn`, `aws:userid` and
    /// `aws:PrincipalAccount`.
    pub context: Context,
}

impl Request {
    /// A request by `principal_arn` (the role's ARN with its path, as `aws:PrincipalArn`
    /// carries it) whose `aws:userid` is `userid`. The principal's and the resource's accounts
    /// are read from the ARNs.
    pub fn new(
        action: &str,
        resource: &str,
        principal_arn: &str,
        userid: &str,
    ) -> Result<Self, EvalError> {
        let principal_account = arn_account(principal_arn).ok_or_else(|| {
            EvalError::Malformed(format!(
                "principal '{principal_arn}' is not an ARN with an account"
            ))
        })?;
        let mut context = Context::default();
        context.add("aws:PrincipalArn", principal_arn);
        context.add("aws:userid", userid);
        context.add("aws:PrincipalAccount", &principal_account);
        Ok(Request {
            action: action.to_string(),
            resource: resource.to_string(),
            principal_arn: principal_arn.to_string(),
            principal_account,
            resource_account: arn_account(resource),
            context,
        })
    }

    /// `aws:username`, present only for IAM users.
    pub fn with_username(mut self, username: &str) -> Self {
        self.context.add("aws:username", username);
        self
    }

    pub fn with_key(mut self, key: &str, value: &str) -> Self {
        self.context.add(key, value);
        self
    }

    pub fn with_multi_key<S: AsRef<str>>(mut self, key: &str, values: &[S]) -> Self {
        self.context.add_multi(key, values);
        self
    }

    pub fn with_encryption_context(
        mut self,
        encryption_context: &BTreeMap<String, String>,
    ) -> Self {
        self.context.add_encryption_context(encryption_context);
        self
    }
}

/// The twelve-digit account of an ARN, if it has one.
fn arn_account(arn: &str) -> Option<String> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    match parts.as_slice() {
        ["arn", _, _, _, account, _] if is_account_id(account) => Some(account.to_string()),
        _ => None,
    }
}

fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

// ---------------------------------------------------------------------------------------------
// Strict parsing of policy text
// ---------------------------------------------------------------------------------------------

/// Parses policy text as JSON, refusing duplicate object keys. `serde_json` keeps the last of
/// two equal keys silently, and AWS may not read them the same way: a key policy read back
/// from AWS with two `"Condition"` or two `"StringEquals"` members could then be checked as one
/// thing and enforced as another. `elevate setup` parses `GetKeyPolicy`'s text with this
/// before comparing it.
pub fn parse_policy_text(text: &str) -> Result<Value, EvalError> {
    serde_json::from_str::<Strict>(text)
        .map(|s| s.0)
        .map_err(|e| EvalError::Malformed(format!("not policy JSON: {e}")))
}

struct Strict(Value);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StrictVisitor).map(Strict)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("JSON")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Strict(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let Strict(value) = map.next_value()?;
            if out.insert(key.clone(), value).is_some() {
                return Err(de::Error::custom(format!("duplicate key \"{key}\"")));
            }
        }
        Ok(Value::Object(out))
    }
}

// ---------------------------------------------------------------------------------------------
// Patterns and policy variables
// ---------------------------------------------------------------------------------------------

/// One character of a resolved pattern: a literal, `*` (any run of characters) or `?` (any one
/// character). Text a variable or an escape (`${*}`) produced is always literal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Lit(char),
    Any,
    One,
}

/// A string from a policy, split into text and policy variables.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    /// Text as written: `*` and `?` in it are wildcards for the `Like` and ARN operators.
    Text(String),
    /// `${*}`, `${?}`, `${$}`: "use where you need an * (asterisk) character" (and `?`, `$`),
    /// IAM User Guide, Variables, "Special characters".
    Escaped(char),
    /// `${name}` or `${name, 'default'}` ("Specifying default values").
    Var {
        name: String,
        default: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Template {
    pieces: Vec<Piece>,
}

impl Template {
    /// Splits `raw` into text and variables. Variables exist only in documents whose
    /// `Version` is `2012-10-17`: "If you don't include the Version element ..., variables like
    /// `${aws:username}` are treated as literal strings in the policy."
    fn parse(raw: &str, variables: bool) -> Result<Template, EvalError> {
        if !variables {
            return Ok(Template {
                pieces: vec![Piece::Text(raw.to_string())],
            });
        }
        let mut pieces = Vec::new();
        let mut rest = raw;
        while let Some(start) = rest.find("${") {
            if start > 0 {
                pieces.push(Piece::Text(rest[..start].to_string()));
            }
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                return malformed(format!("unterminated policy variable in '{raw}'"));
            };
            let inner = &after[..end];
            pieces.push(match inner {
                "*" => Piece::Escaped('*'),
                "?" => Piece::Escaped('?'),
                "$" => Piece::Escaped('$'),
                _ => {
                    let (name, default) = match inner.split_once(',') {
                        None => (inner.trim(), None),
                        Some((name, default)) => {
                            let d = default.trim();
                            let quoted = d
                                .strip_prefix('\'')
                                .and_then(|d| d.strip_suffix('\''))
                                .filter(|d| !d.contains('\''));
                            match quoted {
                                Some(d) => (name.trim(), Some(d.to_string())),
                                None => {
                                    return malformed(format!(
                                        "a policy variable's default value is written ${{name, 'value'}}: '{raw}'"
                                    ));
                                }
                            }
                        }
                    };
                    if name.is_empty() {
                        return malformed(format!("empty policy variable in '{raw}'"));
                    }
                    Piece::Var {
                        name: name.to_string(),
                        default,
                    }
                }
            });
            rest = &after[end + 1..];
        }
        if !rest.is_empty() {
            pieces.push(Piece::Text(rest.to_string()));
        }
        Ok(Template { pieces })
    }

    fn has_variables(&self) -> bool {
        self.pieces.iter().any(|p| matches!(p, Piece::Var { .. }))
    }

    /// Literal colons written in the text, which separate an ARN pattern's components.
    fn text_colons(&self) -> usize {
        self.pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => t.matches(':').count(),
                Piece::Escaped(_) | Piece::Var { .. } => 0,
            })
            .sum()
    }

    /// Substitutes the variables from the request. `None` when one has no value and no
    /// default: "not present means that the value is not in the current request information,
    /// and any attempt to match it fails".
    fn resolve(&self, ctx: &Context) -> Option<Vec<Tok>> {
        let mut out = Vec::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) => out.extend(t.chars().map(|c| match c {
                    '*' => Tok::Any,
                    '?' => Tok::One,
                    c => Tok::Lit(c),
                })),
                Piece::Escaped(c) => out.push(Tok::Lit(*c)),
                Piece::Var { name, default } => {
                    let value = ctx.variable(name).or(default.as_deref())?;
                    out.extend(value.chars().map(Tok::Lit));
                }
            }
        }
        Some(out)
    }
}

/// The pattern as a plain string, for the equality operators: there `*` and `?` are ordinary
/// characters.
fn literal(toks: &[Tok]) -> String {
    toks.iter()
        .map(|t| match t {
            Tok::Lit(c) => *c,
            Tok::Any => '*',
            Tok::One => '?',
        })
        .collect()
}

/// Glob matching: `*` any run of characters (including none), `?` exactly one.
fn glob(pattern: &[Tok], text: &[char]) -> bool {
    let (mut p, mut t) = (0usize, 0usize);
    let mut backtrack: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some(Tok::Any) => {
                backtrack = Some((p, t));
                p += 1;
                continue;
            }
            Some(Tok::One) => {
                p += 1;
                t += 1;
                continue;
            }
            Some(Tok::Lit(c)) if Some(c) == text.get(t) => {
                p += 1;
                t += 1;
                continue;
            }
            _ => {}
        }
        match backtrack {
            Some((bp, bt)) => {
                p = bp + 1;
                t = bt + 1;
                backtrack = Some((bp, bt + 1));
            }
            None => return false,
        }
    }
    pattern[p.min(pattern.len())..]
        .iter()
        .all(|tok| *tok == Tok::Any)
}

fn glob_str(pattern: &[Tok], text: &str) -> bool {
    glob(pattern, &text.chars().collect::<Vec<_>>())
}

fn lowercase_toks(toks: &[Tok]) -> Vec<Tok> {
    toks.iter()
        .flat_map(|t| match t {
            Tok::Lit(c) => c.to_lowercase().map(Tok::Lit).collect::<Vec<_>>(),
            other => vec![*other],
        })
        .collect()
}

/// ARN matching: "Each of the six colon-delimited components of the ARN is checked separately
/// and each can include multi-character match wildcards (*) or single-character match
/// wildcards (?)" (Condition operators, ARN), so a `*` never spans a colon. The resource
/// component is everything after the fifth colon, colons included. Case-sensitive.
fn arn_match(pattern: &[Tok], arn: &str) -> bool {
    let text: Vec<&str> = arn.splitn(6, ':').collect();
    if text.len() != 6 {
        return false;
    }
    let mut parts: Vec<&[Tok]> = Vec::with_capacity(6);
    let mut start = 0;
    for (i, tok) in pattern.iter().enumerate() {
        if parts.len() == 5 {
            break;
        }
        if *tok == Tok::Lit(':') {
            parts.push(&pattern[start..i]);
            start = i + 1;
        }
    }
    if parts.len() != 5 {
        return false;
    }
    parts.push(&pattern[start.min(pattern.len())..]);
    parts.iter().zip(&text).all(|(p, t)| glob_str(p, t))
}

// ---------------------------------------------------------------------------------------------
// The parsed document
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Effect {
    Allow,
    Deny,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum AwsPrincipal {
    Everyone,
    Account(String),
    /// A role, user or session ARN, or the unique id AWS shows for a deleted one; compared
    /// exactly ("You cannot use a wildcard to match part of a principal name or ARN").
    Exact(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Principal {
    /// `"Principal": "*"`, which is `{"AWS": "*"}`.
    Everyone,
    /// The `AWS` entries; `Service`, `Federated` and `CanonicalUser` entries never name the
    /// IAM role or user a request here comes from, so they are kept only as "something else".
    Aws(Vec<AwsPrincipal>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PrincipalMatch {
    /// The statement names the principal itself, or everyone.
    Direct,
    /// The statement names the principal's account: it delegates to the account's identity
    /// policies.
    ViaAccount,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BaseOp {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    /// `ArnEquals` and `ArnLike` "behave identically".
    ArnLike,
    /// `ArnNotEquals` and `ArnNotLike` "behave identically".
    ArnNotLike,
    Bool,
    Null,
}

impl BaseOp {
    fn parse(name: &str) -> Option<BaseOp> {
        Some(match name.to_ascii_lowercase().as_str() {
            "stringequals" => BaseOp::StringEquals,
            "stringnotequals" => BaseOp::StringNotEquals,
            "stringequalsignorecase" => BaseOp::StringEqualsIgnoreCase,
            "stringnotequalsignorecase" => BaseOp::StringNotEqualsIgnoreCase,
            "stringlike" => BaseOp::StringLike,
            "stringnotlike" => BaseOp::StringNotLike,
            "arnequals" | "arnlike" => BaseOp::ArnLike,
            "arnnotequals" | "arnnotlike" => BaseOp::ArnNotLike,
            "bool" => BaseOp::Bool,
            "null" => BaseOp::Null,
            _ => return None,
        })
    }

    /// Negated operators: "If a single negated matching condition operator includes multiple
    /// values for a context key, those values are evaluated using a logical NOR", and with the
    /// key absent "the condition is true".
    fn negated(self) -> bool {
        matches!(
            self,
            BaseOp::StringNotEquals
                | BaseOp::StringNotEqualsIgnoreCase
                | BaseOp::StringNotLike
                | BaseOp::ArnNotLike
        )
    }

    fn is_arn(self) -> bool {
        matches!(self, BaseOp::ArnLike | BaseOp::ArnNotLike)
    }

    /// Whether one request value matches one resolved policy value, before negation.
    fn matches(self, pattern: &[Tok], value: &str) -> bool {
        match self {
            BaseOp::StringEquals | BaseOp::StringNotEquals => literal(pattern) == value,
            BaseOp::StringEqualsIgnoreCase | BaseOp::StringNotEqualsIgnoreCase => {
                literal(pattern).to_lowercase() == value.to_lowercase()
            }
            BaseOp::StringLike | BaseOp::StringNotLike => glob_str(pattern, value),
            BaseOp::ArnLike | BaseOp::ArnNotLike => arn_match(pattern, value),
            BaseOp::Bool => {
                parse_bool(&literal(pattern)).is_some_and(|p| parse_bool(value) == Some(p))
            }
            BaseOp::Null => false,
        }
    }
}

fn parse_bool(s: &str) -> Option<bool> {
    match s.to_ascii_lowercase().as_str() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SetOp {
    ForAllValues,
    ForAnyValue,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Condition {
    base: BaseOp,
    set: Option<SetOp>,
    if_exists: bool,
    key: String,
    values: Vec<Template>,
    /// For `Null`: whether the key must be absent.
    null_absent: Vec<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Match<T> {
    /// `Action` / `Resource`.
    Any(Vec<T>),
    /// `NotAction` / `NotResource`: everything but these.
    AllBut(Vec<T>),
    /// Absent (`Resource` in a trust policy).
    Everything,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Statement {
    name: String,
    effect: Effect,
    principal: Option<Principal>,
    actions: Match<Vec<Tok>>,
    resources: Match<Template>,
    conditions: Vec<Condition>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Policy {
    kind: PolicyKind,
    statements: Vec<Statement>,
}

/// A string or a non-empty list of strings.
fn strings(v: &Value, what: &str) -> Result<Vec<String>, EvalError> {
    match v {
        Value::String(s) => Ok(vec![s.clone()]),
        Value::Array(items) if !items.is_empty() => items
            .iter()
            .map(|i| match i {
                Value::String(s) => Ok(s.clone()),
                _ => malformed(format!("{what} must be strings, found {i}")),
            })
            .collect(),
        _ => malformed(format!(
            "{what} must be a string or a non-empty list of strings"
        )),
    }
}

/// Condition values: strings, booleans or numbers ("true" and `true` are the same value), one
/// or a non-empty list.
fn condition_values(v: &Value, what: &str) -> Result<Vec<String>, EvalError> {
    let one = |v: &Value| match v {
        Value::String(s) => Ok(s.clone()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Number(n) => Ok(n.to_string()),
        _ => malformed(format!(
            "{what}: a condition value must be a string, a boolean or a number, found {v}"
        )),
    };
    match v {
        Value::Array(items) if !items.is_empty() => items.iter().map(one).collect(),
        Value::Array(_) => malformed(format!("{what}: an empty list of condition values")),
        v => Ok(vec![one(v)?]),
    }
}

impl Policy {
    fn parse(doc: &Value, kind: PolicyKind) -> Result<Policy, EvalError> {
        let Value::Object(top) = doc else {
            return malformed("a policy is a JSON object");
        };
        for key in top.keys() {
            if !matches!(key.as_str(), "Version" | "Id" | "Statement") {
                return malformed(format!("unknown policy element '{key}'"));
            }
        }
        let variables = match top.get("Version") {
            None => false,
            Some(Value::String(v)) if v == "2012-10-17" => true,
            Some(Value::String(v)) if v == "2008-10-17" => false,
            Some(v) => return malformed(format!("unknown policy Version {v}")),
        };
        let statements = match top.get("Statement") {
            Some(Value::Array(items)) if !items.is_empty() => items.iter().collect::<Vec<_>>(),
            Some(one @ Value::Object(_)) => vec![one],
            _ => return malformed("Statement must be an object or a non-empty list of objects"),
        };
        let statements = statements
            .into_iter()
            .enumerate()
            .map(|(i, s)| Statement::parse(s, i, kind, variables))
            .collect::<Result<_, _>>()?;
        Ok(Policy { kind, statements })
    }
}

impl Statement {
    fn parse(
        v: &Value,
        index: usize,
        kind: PolicyKind,
        variables: bool,
    ) -> Result<Statement, EvalError> {
        let Value::Object(s) = v else {
            return malformed(format!("statement #{index} is not an object"));
        };
        let name = match s.get("Sid") {
            None => format!("#{index}"),
            Some(Value::String(sid)) => sid.clone(),
            Some(other) => {
                return malformed(format!("statement #{index}: Sid {other} is not a string"));
            }
        };
        let at = |what: &str| format!("statement {name}: {what}");
        for key in s.keys() {
            match key.as_str() {
                "Sid" | "Effect" | "Principal" | "Action" | "NotAction" | "Resource"
                | "NotResource" | "Condition" => {}
                "NotPrincipal" => {
                    return Err(EvalError::Unsupported(at("NotPrincipal")));
                }
                other => return malformed(at(&format!("unknown element '{other}'"))),
            }
        }
        let effect = match s.get("Effect") {
            Some(Value::String(e)) if e == "Allow" => Effect::Allow,
            Some(Value::String(e)) if e == "Deny" => Effect::Deny,
            _ => return malformed(at("Effect must be \"Allow\" or \"Deny\"")),
        };
        let principal = match (kind, s.get("Principal")) {
            (PolicyKind::Identity, None) => None,
            (PolicyKind::Identity, Some(_)) => {
                return malformed(at("an identity policy names no Principal"));
            }
            (PolicyKind::Resource, None) => {
                return malformed(at("a resource policy statement needs a Principal"));
            }
            (PolicyKind::Resource, Some(p)) => Some(parse_principal(p, &at)?),
        };
        let action_patterns = |v: &Value, what: &str| -> Result<Vec<Vec<Tok>>, EvalError> {
            strings(v, &at(what))?
                .into_iter()
                .map(|a| {
                    if a != "*" && !a.contains(':') {
                        return malformed(at(&format!("'{a}' is not service:action")));
                    }
                    // Actions take no policy variables: read literally, wildcards and all.
                    let toks = Template::parse(&a, false)?.resolve(&Context::default());
                    Ok(lowercase_toks(&toks.unwrap_or_default()))
                })
                .collect()
        };
        let actions = match (s.get("Action"), s.get("NotAction")) {
            (Some(a), None) => Match::Any(action_patterns(a, "Action")?),
            (None, Some(a)) => Match::AllBut(action_patterns(a, "NotAction")?),
            _ => return malformed(at("exactly one of Action and NotAction")),
        };
        let resource_patterns = |v: &Value, what: &str| -> Result<Vec<Template>, EvalError> {
            strings(v, &at(what))?
                .into_iter()
                .map(|r| {
                    let t = Template::parse(&r, variables)?;
                    if r != "*" && t.text_colons() < 5 && !t.has_variables() {
                        return malformed(at(&format!("'{r}' is neither \"*\" nor an ARN")));
                    }
                    Ok(t)
                })
                .collect()
        };
        let resources = match (s.get("Resource"), s.get("NotResource")) {
            (Some(r), None) => Match::Any(resource_patterns(r, "Resource")?),
            (None, Some(r)) => Match::AllBut(resource_patterns(r, "NotResource")?),
            (None, None) if kind == PolicyKind::Resource => Match::Everything,
            _ => return malformed(at("exactly one of Resource and NotResource")),
        };
        let conditions = match s.get("Condition") {
            None => Vec::new(),
            Some(Value::Object(block)) => parse_conditions(block, variables, &at)?,
            Some(_) => return malformed(at("Condition must be an object")),
        };
        Ok(Statement {
            name,
            effect,
            principal,
            actions,
            resources,
            conditions,
        })
    }
}

fn parse_principal(v: &Value, at: &dyn Fn(&str) -> String) -> Result<Principal, EvalError> {
    match v {
        Value::String(s) if s == "*" => Ok(Principal::Everyone),
        Value::Object(map) if !map.is_empty() => {
            let mut aws = Vec::new();
            for (kind, values) in map {
                let values = strings(values, &at(&format!("Principal {kind}")))?;
                match kind.as_str() {
                    "AWS" => {
                        for p in values {
                            aws.push(parse_aws_principal(&p, at)?);
                        }
                    }
                    "Service" | "Federated" | "CanonicalUser" => {}
                    other => return malformed(at(&format!("unknown principal type '{other}'"))),
                }
            }
            Ok(Principal::Aws(aws))
        }
        _ => malformed(at("Principal must be \"*\" or an object")),
    }
}

fn parse_aws_principal(p: &str, at: &dyn Fn(&str) -> String) -> Result<AwsPrincipal, EvalError> {
    if p == "*" {
        return Ok(AwsPrincipal::Everyone);
    }
    if p.contains('*') || p.contains('?') {
        return malformed(at(&format!(
            "'{p}': a principal cannot be a pattern (use aws:PrincipalArn with ArnLike)"
        )));
    }
    if is_account_id(p) {
        return Ok(AwsPrincipal::Account(p.to_string()));
    }
    let parts: Vec<&str> = p.splitn(6, ':').collect();
    match parts.as_slice() {
        ["arn", _, "iam", "", account, "root"] if is_account_id(account) => {
            Ok(AwsPrincipal::Account(account.to_string()))
        }
        ["arn", _, _, _, _, _] => Ok(AwsPrincipal::Exact(p.to_string())),
        // A deleted principal's unique id (AROA..., AIDA...): matches nobody.
        _ if !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()) => {
            Ok(AwsPrincipal::Exact(p.to_string()))
        }
        _ => malformed(at(&format!("'{p}' is not an AWS principal"))),
    }
}

fn parse_conditions(
    block: &Map<String, Value>,
    variables: bool,
    at: &dyn Fn(&str) -> String,
) -> Result<Vec<Condition>, EvalError> {
    let mut out = Vec::new();
    for (operator, keys) in block {
        let (set, rest) = match operator.split_once(':') {
            Some((q, rest)) if q.eq_ignore_ascii_case("ForAllValues") => {
                (Some(SetOp::ForAllValues), rest)
            }
            Some((q, rest)) if q.eq_ignore_ascii_case("ForAnyValue") => {
                (Some(SetOp::ForAnyValue), rest)
            }
            Some(_) => return malformed(at(&format!("unknown set operator in '{operator}'"))),
            None => (None, operator.as_str()),
        };
        let lower = rest.to_ascii_lowercase();
        let (name, if_exists) = match lower.strip_suffix("ifexists") {
            Some(name) => (name, true),
            None => (lower.as_str(), false),
        };
        let Some(base) = BaseOp::parse(name) else {
            return Err(EvalError::Unsupported(at(&format!(
                "condition operator '{operator}'"
            ))));
        };
        if base == BaseOp::Null && (if_exists || set.is_some()) {
            // "You can add IfExists to the end of any condition operator name except the Null
            // condition".
            return malformed(at(&format!("'{operator}' is not an operator")));
        }
        let Value::Object(keys) = keys else {
            return malformed(at(&format!("{operator} must map context keys to values")));
        };
        if keys.is_empty() {
            return malformed(at(&format!("{operator} names no context key")));
        }
        for (key, values) in keys {
            let what = at(&format!("{operator} {key}"));
            let lower_key = key.to_lowercase();
            if set == Some(SetOp::ForAllValues) && lower_key.starts_with("kms:encryptioncontext:") {
                // KMS refuses the policy: "OverlyPermissiveCondition: Using the ForAllValues set
                // operator with a single-valued condition key matches requests without the
                // specified encryption context or with an unspecified encryption context"
                // (conditions-kms.html).
                return malformed(format!(
                    "{what}: KMS rejects ForAllValues with kms:EncryptionContext:<key> (OverlyPermissiveCondition)"
                ));
            }
            let raw = condition_values(values, &what)?;
            let mut templates = Vec::new();
            let mut null_absent = Vec::new();
            for r in &raw {
                match base {
                    // "You can not use a policy variable with the Null condition operator."
                    BaseOp::Null => match parse_bool(r) {
                        Some(b) => null_absent.push(b),
                        None => return malformed(format!("{what}: Null takes true or false")),
                    },
                    _ => {
                        let t = Template::parse(r, variables)?;
                        if base == BaseOp::Bool && !t.has_variables() && parse_bool(r).is_none() {
                            return malformed(format!("{what}: Bool takes true or false"));
                        }
                        if base.is_arn() && !t.has_variables() && t.text_colons() < 5 {
                            return malformed(format!("{what}: '{r}' is not an ARN"));
                        }
                        templates.push(t);
                    }
                }
            }
            out.push(Condition {
                base,
                set,
                if_exists,
                key: key.clone(),
                values: templates,
                null_absent,
            });
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------------------------

impl Principal {
    fn matches(&self, req: &Request) -> Option<PrincipalMatch> {
        match self {
            Principal::Everyone => Some(PrincipalMatch::Direct),
            Principal::Aws(list) => list
                .iter()
                .filter_map(|p| match p {
                    AwsPrincipal::Everyone => Some(PrincipalMatch::Direct),
                    AwsPrincipal::Exact(arn) if *arn == req.principal_arn => {
                        Some(PrincipalMatch::Direct)
                    }
                    AwsPrincipal::Account(a) if *a == req.principal_account => {
                        Some(PrincipalMatch::ViaAccount)
                    }
                    _ => None,
                })
                .min_by_key(|m| match m {
                    PrincipalMatch::Direct => 0,
                    PrincipalMatch::ViaAccount => 1,
                }),
        }
    }
}

impl Condition {
    /// "If your policy statement has multiple context keys attached to a single condition
    /// operator, the context keys are evaluated using a logical AND. If a single condition
    /// operator includes multiple values for a context key, those values are evaluated using a
    /// logical OR." Each `Condition` here is one operator and one key; the statement ANDs them.
    fn holds(&self, ctx: &Context, effect: Effect) -> bool {
        let request_values = ctx.get(&self.key).unwrap_or(&[]);
        if self.base == BaseOp::Null {
            // "use either true (the key doesn't exist — it is null) or false (the key exists
            // and its value is not null)".
            let present = !request_values.is_empty();
            return self.null_absent.iter().any(|absent| *absent != present);
        }
        // A variable without a value makes the condition false (see Template::resolve).
        let Some(patterns) = self
            .values
            .iter()
            .map(|t| t.resolve(ctx))
            .collect::<Option<Vec<_>>>()
        else {
            return false;
        };
        let one = |value: &String| {
            let any = patterns.iter().any(|p| self.base.matches(p, value));
            any != self.base.negated()
        };
        match self.set {
            // "The condition returns true if every context key value in the request matches a
            // context key value in the policy. It also returns true if there are no context
            // keys in the request." (Single-valued vs. multivalued context keys, ForAllValues)
            Some(SetOp::ForAllValues) => request_values.iter().all(one),
            // "For no matching context key or if the key does not exist, the condition returns
            // false." (ForAnyValue); `...IfExists` makes an absent key true.
            Some(SetOp::ForAnyValue) => {
                if request_values.is_empty() {
                    self.if_exists
                } else {
                    request_values.iter().any(one)
                }
            }
            None => match request_values {
                // "If the key that you specify in a policy condition is not present in the
                // request context, the values do not match and the condition is false. If the
                // policy condition requires that the key is not matched, such as StringNotLike
                // or ArnNotLike, and the right key is not present, the condition is true."
                // "If the key is not present, evaluate the condition element as true" (IfExists).
                [] => self.if_exists || self.base.negated(),
                [v] => one(v),
                // More than one value without a set operator: undocumented; lean toward access
                // (module documentation).
                many => match effect {
                    Effect::Allow => many.iter().any(one),
                    Effect::Deny => many.iter().all(one),
                },
            },
        }
    }
}

impl Statement {
    /// How the statement applies to the request, if it does.
    fn applies(&self, req: &Request) -> Option<PrincipalMatch> {
        let principal = match &self.principal {
            None => PrincipalMatch::Direct,
            Some(p) => p.matches(req)?,
        };
        let action = req.action.to_lowercase();
        let action_matches =
            |patterns: &Vec<Vec<Tok>>| patterns.iter().any(|p| glob_str(p, &action));
        let action_ok = match &self.actions {
            Match::Any(p) => action_matches(p),
            Match::AllBut(p) => !action_matches(p),
            Match::Everything => true,
        };
        if !action_ok {
            return None;
        }
        let resource_matches = |patterns: &Vec<Template>| {
            patterns.iter().any(|t| match t.resolve(&req.context) {
                Some(toks) if toks == [Tok::Any] => true,
                Some(toks) => arn_match(&toks, &req.resource),
                None => false,
            })
        };
        let resource_ok = match &self.resources {
            Match::Any(p) => resource_matches(p),
            Match::AllBut(p) => !resource_matches(p),
            Match::Everything => true,
        };
        if !resource_ok {
            return None;
        }
        // "If your policy statement has multiple condition operators, the condition operators
        // are evaluated using a logical AND."
        self.conditions
            .iter()
            .all(|c| c.holds(&req.context, self.effect))
            .then_some(principal)
    }
}

/// Evaluates one document for one request. A `Deny` that applies wins; otherwise an `Allow`
/// that names the principal (or everyone) allows, one that names only its account delegates
/// to the account's identity policies; otherwise the request is implicitly denied ("By
/// default, all requests are implicitly denied ... An explicit deny overrides an explicit
/// allow", How AWS enforcement code logic evaluates requests). A principal of another account
/// than the resource's needs its identity policies as well ("Cross-account policy evaluation
/// logic").
pub fn evaluate(doc: &Value, kind: PolicyKind, req: &Request) -> Result<Evaluation, EvalError> {
    let policy = Policy::parse(doc, kind)?;
    let mut allowed_direct = Vec::new();
    let mut allowed_via_account = Vec::new();
    let mut denied_by = Vec::new();
    for st in &policy.statements {
        match (st.effect, st.applies(req)) {
            (_, None) => {}
            (Effect::Deny, Some(_)) => denied_by.push(st.name.clone()),
            (Effect::Allow, Some(PrincipalMatch::Direct)) => allowed_direct.push(st.name.clone()),
            (Effect::Allow, Some(PrincipalMatch::ViaAccount)) => {
                allowed_via_account.push(st.name.clone())
            }
        }
    }
    let cross_account = policy.kind == PolicyKind::Resource
        && req
            .resource_account
            .as_ref()
            .is_some_and(|a| *a != req.principal_account);
    let decision = if !denied_by.is_empty() {
        Decision::ExplicitDeny
    } else if !allowed_direct.is_empty() && !cross_account {
        Decision::Allowed
    } else if !allowed_direct.is_empty() || !allowed_via_account.is_empty() {
        Decision::AllowedIfIdentityPolicyAllows
    } else {
        Decision::ImplicitDeny
    };
    let mut allowed_by = allowed_direct;
    allowed_by.extend(allowed_via_account);
    Ok(Evaluation {
        decision,
        allowed_by,
        denied_by,
    })
}

/// KMS's rule for a key: the key policy is required. "Unless the key policy explicitly allows
/// it, you cannot use IAM policies to allow access to a KMS key"; a key policy statement whose
/// principal is the account "doesn't give any IAM users or roles permission to use the KMS
/// key. Instead, it allows the account to use IAM policies to delegate the permissions
/// specified in the policy statement", and without it "IAM policies that allow access to the
/// key are ineffective, although IAM policies that deny access to the key are still
/// effective" (KMS Developer Guide, Default key policy). Grants are out of scope: elevate's
/// key policy allows no `kms:CreateGrant`.
pub fn evaluate_kms(
    key_policy: &Value,
    identity_policies: &[&Value],
    req: &Request,
) -> Result<Decision, EvalError> {
    let key = evaluate(key_policy, PolicyKind::Resource, req)?;
    let mut identity_allows = false;
    let mut identity_denies = false;
    for p in identity_policies {
        match evaluate(p, PolicyKind::Identity, req)?.decision {
            Decision::ExplicitDeny => identity_denies = true,
            Decision::Allowed => identity_allows = true,
            Decision::ImplicitDeny | Decision::AllowedIfIdentityPolicyAllows => {}
        }
    }
    Ok(match key.decision {
        Decision::ExplicitDeny => Decision::ExplicitDeny,
        _ if identity_denies => Decision::ExplicitDeny,
        Decision::Allowed => Decision::Allowed,
        Decision::AllowedIfIdentityPolicyAllows if identity_allows => Decision::Allowed,
        Decision::AllowedIfIdentityPolicyAllows | Decision::ImplicitDeny => Decision::ImplicitDeny,
    })
}

#[cfg(test)]
mod tests {
    //! Each rule against the examples of the page it comes from, quoted.

    use super::*;
    use serde_json::json;

    const ACCOUNT: &str = "111122223333";

    fn role(name: &str) -> String {
        format!("arn:aws:iam::{ACCOUNT}:role/{name}")
    }

    fn request(action: &str, resource: &str, principal: &str) -> Request {
        Request::new(action, resource, principal, "AROAEXAMPLEROLEID:session").unwrap()
    }

    fn decide(doc: &Value, kind: PolicyKind, req: &Request) -> Decision {
        evaluate(doc, kind, req).unwrap().decision
    }

    /// An identity policy allowing everything under `condition`.
    fn allow_if(condition: Value) -> Value {
        json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": condition}
        ]})
    }

    fn holds(condition: Value, req: &Request) -> bool {
        decide(&allow_if(condition), PolicyKind::Identity, req) == Decision::Allowed
    }

    fn any_request() -> Request {
        request(
            "ec2:DeleteTags",
            "arn:aws:ec2:us-east-1:111122223333:instance/i-1",
            &role("r"),
        )
    }

    #[test]
    fn explicit_deny_wins_else_any_allow_else_implicit_deny() {
        // "The difference between explicit and implicit denies": "The AllowGetList statement
        // allows read-only access to IAM actions that begin with the prefixes Get and List.
        // All other actions in IAM, such as iam:CreatePolicy are implicitly denied. The
        // DenyReports statement explicitly denies access to IAM reports by denying access to
        // actions that include the Report suffix, such as iam:GetOrganizationsAccessReport."
        let doc = json!({"Version": "2012-10-17", "Statement": [
            {"Sid": "AllowGetList", "Effect": "Allow", "Action": ["iam:Get*", "iam:List*"], "Resource": "*"},
            {"Sid": "DenyReports", "Effect": "Deny", "Action": "iam:*Report", "Resource": "*"}
        ]});
        let at = |action| {
            evaluate(
                &doc,
                PolicyKind::Identity,
                &request(action, "arn:aws:iam::111122223333:user/u", &role("r")),
            )
            .unwrap()
        };
        assert_eq!(at("iam:GetUser").decision, Decision::Allowed);
        assert_eq!(at("iam:GetUser").allowed_by, ["AllowGetList"]);
        let report = at("iam:GetOrganizationsAccessReport");
        assert_eq!(report.decision, Decision::ExplicitDeny);
        assert_eq!(report.denied_by, ["DenyReports"]);
        assert_eq!(at("iam:CreatePolicy").decision, Decision::ImplicitDeny);
    }

    #[test]
    fn actions_match_case_insensitively_with_both_wildcards() {
        let doc = |actions: Value| {
            json!({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": actions, "Resource": "*"}]})
        };
        let allowed = |actions: Value, action: &str| {
            decide(
                &doc(actions),
                PolicyKind::Identity,
                &request(action, "*", &role("r")),
            ) == Decision::Allowed
        };
        // The Condition operators page's `"Action": "iam:*AccessKey*"`.
        assert!(allowed(json!("iam:*AccessKey*"), "iam:CreateAccessKey"));
        assert!(allowed(json!("iam:*AccessKey*"), "IAM:updateaccesskey"));
        assert!(!allowed(json!("iam:*AccessKey*"), "iam:ListUsers"));
        assert!(allowed(json!("KMS:ReEncrypt*"), "kms:ReEncryptFrom"));
        assert!(allowed(json!("kms:Get?eyPolicy"), "kms:GetKeyPolicy"));
        assert!(!allowed(json!("kms:Get?eyPolicy"), "kms:GetKeyyPolicy"));
        assert!(allowed(json!("*"), "sts:AssumeRole"));
        let not_action = json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "NotAction": ["kms:Encrypt", "kms:Decrypt"], "Resource": "*"}]});
        let not = |a| {
            decide(
                &not_action,
                PolicyKind::Identity,
                &request(a, "*", &role("r")),
            )
        };
        assert_eq!(not("kms:encrypt"), Decision::ImplicitDeny);
        assert_eq!(not("kms:DescribeKey"), Decision::Allowed);
    }

    #[test]
    fn resource_wildcards_stay_within_one_arn_segment() {
        // Resource element: "You can use wildcard characters (* and ?) within any ARN segment
        // (the parts separated by colons)."
        let doc = |r: &str| {
            json!({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "*", "Resource": r}]})
        };
        let on = |pattern: &str, arn: &str| {
            decide(
                &doc(pattern),
                PolicyKind::Identity,
                &request("s3:GetObject", arn, &role("r")),
            ) == Decision::Allowed
        };
        assert!(on(
            "arn:aws:s3:::my_corporate_bucket/*",
            "arn:aws:s3:::my_corporate_bucket/a/b.txt"
        ));
        assert!(!on(
            "arn:aws:s3:::my_corporate_bucket/*",
            "arn:aws:s3:::other/a"
        ));
        assert!(on(
            "arn:aws:sqs:us-east-2:*:queue1",
            "arn:aws:sqs:us-east-2:444455556666:queue1"
        ));
        // The `*` stands for the account segment only, not "account:something".
        assert!(!on(
            "arn:aws:sqs:us-east-2:*:queue1",
            "arn:aws:sqs:us-east-2:444455556666:x:queue1"
        ));
        // The resource segment is everything after the fifth colon, colons included.
        assert!(on("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a:b"));
        assert!(on("*", "anything at all"));
    }

    #[test]
    fn principals_everyone_the_account_or_exactly_one_role() {
        let key = "arn:aws:kms:eu-west-1:111122223333:key/k";
        let doc = |principal: Value| {
            json!({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": principal, "Action": "kms:Encrypt", "Resource": "*"}]})
        };
        let alice = request("kms:Encrypt", key, &role("alice"));
        let at = |p: Value| decide(&doc(p), PolicyKind::Resource, &alice);
        assert_eq!(at(json!("*")), Decision::Allowed);
        assert_eq!(at(json!({"AWS": "*"})), Decision::Allowed);
        assert_eq!(at(json!({"AWS": role("alice")})), Decision::Allowed);
        assert_eq!(
            at(json!({"AWS": [role("bob"), role("alice")]})),
            Decision::Allowed
        );
        assert_eq!(at(json!({"AWS": role("bob")})), Decision::ImplicitDeny);
        assert_eq!(
            at(json!({"Service": "scheduler.amazonaws.com"})),
            Decision::ImplicitDeny
        );
        // "The account ARN and the shortened account ID behave the same way. Both delegate
        // permissions to the account."
        assert_eq!(
            at(json!({"AWS": "arn:aws:iam::111122223333:root"})),
            Decision::AllowedIfIdentityPolicyAllows
        );
        assert_eq!(
            at(json!({"AWS": "111122223333"})),
            Decision::AllowedIfIdentityPolicyAllows
        );
        assert_eq!(at(json!({"AWS": "444455556666"})), Decision::ImplicitDeny);
        // A principal of another account needs its own identity policies too.
        let outsider = request("kms:Encrypt", key, "arn:aws:iam::444455556666:role/alice");
        assert_eq!(
            decide(&doc(json!("*")), PolicyKind::Resource, &outsider),
            Decision::AllowedIfIdentityPolicyAllows
        );
        // "You cannot use a wildcard to match part of a principal name or ARN."
        assert!(matches!(
            evaluate(
                &doc(json!({"AWS": "arn:aws:iam::111122223333:role/*"})),
                PolicyKind::Resource,
                &alice
            ),
            Err(EvalError::Malformed(_))
        ));
        // A deny naming the account applies to every principal of it.
        let deny = json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"},
            {"Effect": "Deny", "Principal": {"AWS": "111122223333"}, "Action": "*", "Resource": "*"}]});
        assert_eq!(
            decide(&deny, PolicyKind::Resource, &alice),
            Decision::ExplicitDeny
        );
    }

    /// "Conditions with multiple context keys or values", the table under "Evaluation logic
    /// for multiple context keys or values" (the S3 bucket policy with `StringEquals` on
    /// `aws:PrincipalTag/department` and `aws:PrincipalTag/role`, and `ArnLike` on
    /// `aws:PrincipalArn`, for the account principal `arn:aws:iam::222222222222:root`).
    #[test]
    fn multiple_operators_and_keys_are_anded_values_ored() {
        let doc = json!({"Version": "2012-10-17", "Statement": [{
        "Sid": "ExamplePolicy", "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::222222222222:root"},
        "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket",
        "Condition": {
            "StringEquals": {
                "aws:PrincipalTag/department": ["finance", "hr", "legal"],
                "aws:PrincipalTag/role": ["audit", "security"]
            },
            "ArnLike": {"aws:PrincipalArn": [
                "arn:aws:iam::222222222222:user/Ana", "arn:aws:iam::222222222222:user/Mary"]}
        }}]});
        let row = |user: &str, department: Option<&str>, role_tag: Option<&str>| {
            let mut r = Request::new(
                "s3:ListBucket",
                "arn:aws:s3:::amzn-s3-demo-bucket",
                &format!("arn:aws:iam::222222222222:user/{user}"),
                "AIDAEXAMPLE",
            )
            .unwrap();
            if let Some(d) = department {
                r = r.with_key("aws:PrincipalTag/department", d);
            }
            if let Some(t) = role_tag {
                r = r.with_key("aws:PrincipalTag/role", t);
            }
            // The account principal: a match still needs the user's identity policy.
            decide(&doc, PolicyKind::Resource, &r) == Decision::AllowedIfIdentityPolicyAllows
        };
        assert!(row("Mary", Some("legal"), Some("audit")), "Match");
        assert!(!row("Nikki", Some("hr"), Some("audit")), "No match");
        assert!(!row("Mary", Some("hr"), Some("payroll")), "No match");
        assert!(
            !row("Mary", Some("hr"), None),
            "No aws:PrincipalTag/role: No match"
        );
        assert!(!row("Mary", None, None), "No aws:PrincipalTag: No match");
    }

    /// The same page, "Evaluation logic for negated matching condition operators": "the
    /// principal ARN of the user making the request must not match any of the
    /// aws:PrincipalArn values specified in the policy to be evaluated as true."
    #[test]
    fn negated_operators_nor_their_values() {
        let doc = json!({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::222222222222:root"},
        "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket",
        "Condition": {
            "StringEquals": {
                "aws:PrincipalTag/department": ["finance", "hr", "legal"],
                "aws:PrincipalTag/role": ["audit", "security"]
            },
            "ArnNotLike": {"aws:PrincipalArn": [
                "arn:aws:iam::222222222222:user/Ana", "arn:aws:iam::222222222222:user/Mary"]}
        }}]});
        let row = |user: &str, tags: &[(&str, &str)]| {
            let mut r = Request::new(
                "s3:ListBucket",
                "arn:aws:s3:::amzn-s3-demo-bucket",
                &format!("arn:aws:iam::222222222222:user/{user}"),
                "AIDAEXAMPLE",
            )
            .unwrap();
            for (k, v) in tags {
                r = r.with_key(&format!("aws:PrincipalTag/{k}"), v);
            }
            decide(&doc, PolicyKind::Resource, &r) != Decision::ImplicitDeny
        };
        assert!(
            row("Nikki", &[("department", "legal"), ("role", "audit")]),
            "Match"
        );
        assert!(
            !row("Mary", &[("department", "hr"), ("role", "audit")]),
            "No match"
        );
        assert!(
            !row("Nikki", &[("department", "hr"), ("role", "payroll")]),
            "No match"
        );
        assert!(!row("Nikki", &[("department", "hr")]), "No match");
        assert!(!row("Nikki", &[]), "No match");
    }

    /// "Single-valued vs. multivalued context keys", ForAllValues: "The condition returns true
    /// if every context key value in the request matches a context key value in the policy.
    /// It also returns true if there are no context keys in the request." Its table, for
    /// `ForAllValues:StringEquals aws:TagKeys [environment, cost-center]` with `Null
    /// aws:TagKeys false`.
    #[test]
    fn for_all_values_and_the_empty_set_trap() {
        let with_null = json!({
            "ForAllValues:StringEquals": {"aws:TagKeys": ["environment", "cost-center"]},
            "Null": {"aws:TagKeys": "false"}
        });
        let without_null = json!({
            "ForAllValues:StringEquals": {"aws:TagKeys": ["environment", "cost-center"]}
        });
        let tags = |keys: &[&str]| any_request().with_multi_key("aws:TagKeys", keys);
        assert!(holds(with_null.clone(), &tags(&["environment"])), "Match");
        assert!(holds(with_null.clone(), &tags(&["cost-center"])), "Match");
        assert!(
            holds(with_null.clone(), &tags(&["environment", "cost-center"])),
            "Match"
        );
        assert!(
            !holds(with_null.clone(), &tags(&["environment", "dept"])),
            "No match"
        );
        assert!(
            !holds(with_null.clone(), &any_request()),
            "No aws:TagKeys: No match (Null)"
        );
        // The trap the page warns of: without Null, no keys at all is a match, and so is an
        // empty set.
        assert!(holds(without_null.clone(), &any_request()));
        assert!(holds(without_null.clone(), &tags(&[])));
        // Case-sensitive: a case variant of an allowed key is another key.
        assert!(!holds(without_null, &tags(&["Environment"])));
    }

    /// The same page, ForAnyValue: "The condition returns true if any one of the context key
    /// values in the request matches any one of the context key values in the policy. For no
    /// matching context key or if the key does not exist, the condition returns false."
    #[test]
    fn for_any_value_and_missing_keys() {
        let c =
            json!({"ForAnyValue:StringEquals": {"aws:TagKeys": ["environment", "cost-center"]}});
        let tags = |keys: &[&str]| any_request().with_multi_key("aws:TagKeys", keys);
        assert!(holds(c.clone(), &tags(&["environment"])), "Match");
        assert!(holds(c.clone(), &tags(&["cost-center"])), "Match");
        assert!(
            holds(c.clone(), &tags(&["environment", "cost-center"])),
            "Match"
        );
        assert!(holds(c.clone(), &tags(&["environment", "dept"])), "Match");
        assert!(!holds(c.clone(), &tags(&["dept"])), "No match");
        assert!(!holds(c, &any_request()), "No aws:TagKeys: No match");
        // ...IfExists turns the absent key into a match.
        let if_exists =
            json!({"ForAnyValue:StringEqualsIfExists": {"aws:TagKeys": ["environment"]}});
        assert!(holds(if_exists.clone(), &any_request()));
        assert!(!holds(if_exists, &tags(&["dept"])));
    }

    /// A set operator with a negated operator: each request value must NOR the policy values
    /// (ForAllValues) or one of them must (ForAnyValue).
    #[test]
    fn set_operators_with_negated_operators() {
        let deny = json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*"},
            {"Effect": "Deny", "Action": "*", "Resource": "*",
             "Condition": {"ForAllValues:StringNotLike": {"aws:TagKeys": ["key1*", "key2*"]}}}]});
        let denied = |keys: &[&str]| {
            decide(
                &deny,
                PolicyKind::Identity,
                &any_request().with_multi_key("aws:TagKeys", keys),
            ) == Decision::ExplicitDeny
        };
        assert!(!denied(&["key1:legal"]));
        assert!(!denied(&["key1:hr", "key2:audit"]));
        assert!(!denied(&["key1:hr", "key3:x"]), "one value is like key1*");
        assert!(denied(&["key3:legal"]));
        assert!(denied(&[]), "ForAllValues over nothing is true");
        let any = json!({"ForAnyValue:StringNotEquals": {"aws:TagKeys": ["a", "b"]}});
        let tags = |keys: &[&str]| any_request().with_multi_key("aws:TagKeys", keys);
        assert!(holds(any.clone(), &tags(&["a", "c"])));
        assert!(!holds(any.clone(), &tags(&["a", "b"])));
        assert!(!holds(any, &any_request()));
    }

    /// Condition operators, ARN: "With a StringLike condition, the match succeeds. The first
    /// asterisk matches us-east-2:999999999999:store/abc:. With an ArnLike condition, which
    /// matches elements between colons, the match fails."
    #[test]
    fn arn_like_stars_do_not_cross_colons() {
        let pattern = "arn:aws:someservice:*:111122223333:finance/*";
        let value = "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt";
        let r = any_request().with_key("aws:SourceArn", value);
        assert!(holds(json!({"StringLike": {"aws:SourceArn": pattern}}), &r));
        assert!(!holds(json!({"ArnLike": {"aws:SourceArn": pattern}}), &r));
        assert!(holds(json!({"ArnNotLike": {"aws:SourceArn": pattern}}), &r));
        // "The ArnEquals and ArnLike condition operators behave identically": wildcards too.
        assert!(holds(
            json!({"ArnEquals": {"aws:SourceArn": "arn:aws:someservice:*:999999999999:*"}}),
            &r
        ));
        assert!(!holds(
            json!({"ArnNotEquals": {"aws:SourceArn": "arn:aws:someservice:*:999999999999:*"}}),
            &r
        ));
        // A `*` in the resource segment spans slashes (and later colons): only the reserved
        // path keeps an SSO pattern honest.
        let sso = request(
            "sts:GetCallerIdentity",
            "*",
            "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/a/b/AWSReservedSSO_X_0123456789abcdef",
        );
        assert!(holds(
            json!({"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_X_????????????????"}}),
            &sso
        ));
        // An ARN pattern without its six components is not an ARN pattern.
        assert!(matches!(
            evaluate(
                &allow_if(json!({"ArnLike": {"aws:SourceArn": "*"}})),
                PolicyKind::Identity,
                &r
            ),
            Err(EvalError::Malformed(_))
        ));
    }

    #[test]
    fn arn_like_question_marks_are_exactly_one_character_each() {
        let pattern = |name: &str| {
            format!(
                "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_{name}_????????????????"
            )
        };
        // The request's own principal: aws:PrincipalArn has exactly this one value.
        let role_named = |role_name: &str| {
            request(
                "sts:GetCallerIdentity",
                "*",
                &format!(
                    "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/{role_name}"
                ),
            )
        };
        let c = |name: &str| json!({"ArnLike": {"aws:PrincipalArn": pattern(name)}});
        assert!(holds(
            c("Elevate"),
            &role_named("AWSReservedSSO_Elevate_0123456789abcdef")
        ));
        assert!(
            !holds(
                c("Elevate"),
                &role_named("AWSReservedSSO_Elevate_0123456789abcde")
            ),
            "15"
        );
        assert!(
            !holds(
                c("Elevate"),
                &role_named("AWSReservedSSO_Elevate_0123456789abcdef0")
            ),
            "17"
        );
        // The trap a `*` suffix falls into: `Elevate` must not match `Elevate_Approver`.
        assert!(!holds(
            c("Elevate"),
            &role_named("AWSReservedSSO_Elevate_Approver_0123456789abcdef")
        ));
        let star = json!({"ArnLike": {"aws:PrincipalArn":
            "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Elevate_*"}});
        assert!(holds(
            star,
            &role_named("AWSReservedSSO_Elevate_Approver_0123456789abcdef")
        ));
    }

    /// Condition operators, "...IfExists condition operators": "If the policy key is present in
    /// the context of the request, process the key as specified in the policy. If the key is not
    /// present, evaluate the condition element as true." The page's `StringLikeIfExists`
    /// `ec2:InstanceType` example, and its "THISPOLICYDOESNOTWORK" counterpart.
    #[test]
    fn if_exists_makes_a_missing_key_true() {
        let types = json!(["t1.*", "t2.*", "m3.*"]);
        let works = json!({"StringLikeIfExists": {"ec2:InstanceType": types.clone()}});
        let does_not = json!({"StringLike": {"ec2:InstanceType": types}});
        let image = request(
            "ec2:RunInstances",
            "arn:aws:ec2:us-east-1::image/ami-1",
            &role("r"),
        );
        let instance = |t| image.clone().with_key("ec2:InstanceType", t);
        assert!(
            holds(works.clone(), &image),
            "no ec2:InstanceType on an image"
        );
        assert!(holds(works.clone(), &instance("t2.micro")));
        assert!(!holds(works, &instance("m5.large")));
        assert!(!holds(does_not.clone(), &image), "THISPOLICYDOESNOTWORK");
        assert!(holds(does_not, &instance("t1.micro")));
        // ForAllValues on an absent key is already true; IfExists changes nothing there.
        assert!(holds(
            json!({"ForAllValues:StringEqualsIfExists": {"aws:TagKeys": "x"}}),
            &image
        ));
    }

    /// Condition operators: "If the policy condition requires that the key is not matched,
    /// such as StringNotLike or ArnNotLike, and the right key is not present, the condition is
    /// true."
    #[test]
    fn negated_operators_hold_on_a_missing_key() {
        let r = any_request();
        assert!(holds(
            json!({"StringNotEquals": {"aws:SourceVpce": "vpce-1"}}),
            &r
        ));
        assert!(holds(
            json!({"StringNotLike": {"aws:SourceVpce": "vpce-*"}}),
            &r
        ));
        assert!(holds(
            json!({"ArnNotLike": {"aws:SourceArn": "arn:aws:sns:*:*:*"}}),
            &r
        ));
        assert!(!holds(
            json!({"StringEquals": {"aws:SourceVpce": "vpce-1"}}),
            &r
        ));
        assert!(!holds(
            json!({"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:*:*"}}),
            &r
        ));
    }

    /// Condition operators, Null: "use either true (the key doesn't exist — it is null) or
    /// false (the key exists and its value is not null)"; the page's example allows only
    /// requests without `aws:TokenIssueTime`.
    #[test]
    fn null_checks_presence() {
        let c = json!({"Null": {"aws:TokenIssueTime": "true"}});
        let r = any_request();
        assert!(holds(c.clone(), &r));
        assert!(!holds(
            c,
            &r.clone()
                .with_key("aws:TokenIssueTime", "2026-01-01T00:00:00Z")
        ));
        let present = json!({"Null": {"aws:TagKeys": false}});
        assert!(!holds(present.clone(), &r));
        assert!(!holds(
            present.clone(),
            &r.clone().with_multi_key::<&str>("aws:TagKeys", &[])
        ));
        assert!(holds(present, &r.with_multi_key("aws:TagKeys", &["a"])));
    }

    /// Condition operators, Boolean: the page's "BooleanExample" denies S3 "if the request is
    /// not over SSL".
    #[test]
    fn bool_compares_true_and_false() {
        let doc = json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
            {"Sid": "BooleanExample", "Action": "s3:*", "Effect": "Deny",
             "Resource": ["arn:aws:s3:::DOC-EXAMPLE-BUCKET", "arn:aws:s3:::DOC-EXAMPLE-BUCKET/*"],
             "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]});
        let r = |secure: Option<&str>| {
            let mut r = request(
                "s3:GetObject",
                "arn:aws:s3:::DOC-EXAMPLE-BUCKET/a",
                &role("r"),
            );
            if let Some(s) = secure {
                r = r.with_key("aws:SecureTransport", s);
            }
            decide(&doc, PolicyKind::Identity, &r)
        };
        assert_eq!(r(Some("false")), Decision::ExplicitDeny);
        assert_eq!(r(Some("true")), Decision::Allowed);
        assert_eq!(r(None), Decision::Allowed);
        assert!(holds(
            json!({"Bool": {"aws:MultiFactorAuthPresent": true}}),
            &any_request().with_key("aws:MultiFactorAuthPresent", "true")
        ));
    }

    /// IAM User Guide, Condition element: "Context key names are not case-sensitive ... Case-
    /// sensitivity of context key values depends on the condition operator that you use ...
    /// `"StringEquals" : { "aws:username" : "johndoe" }` ... Users named JohnDoe are denied
    /// access."
    #[test]
    fn key_names_are_case_insensitive_values_per_operator() {
        let john = |name| any_request().with_username(name);
        assert!(holds(
            json!({"StringEquals": {"aws:username": "johndoe"}}),
            &john("johndoe")
        ));
        assert!(holds(
            json!({"StringEquals": {"AWS:UserName": "johndoe"}}),
            &john("johndoe")
        ));
        assert!(!holds(
            json!({"StringEquals": {"aws:username": "johndoe"}}),
            &john("JohnDoe")
        ));
        assert!(holds(
            json!({"StringEqualsIgnoreCase": {"aws:username": "johndoe"}}),
            &john("JohnDoe")
        ));
        assert!(!holds(
            json!({"StringNotEqualsIgnoreCase": {"aws:username": "johndoe"}}),
            &john("JOHNDOE")
        ));
        assert!(holds(
            json!({"StringNotEquals": {"aws:username": "johndoe"}}),
            &john("JohnDoe")
        ));
    }

    /// IAM User Guide, "IAM policy elements: Variables and tags", and the KMS page's
    /// `"kms:EncryptionContext:user": "${aws:username}"` example: "the condition requires an
    /// encryption context of "user": "bob" for "bob" and "user": "alice" for "alice"."
    #[test]
    fn policy_variables_substitute_escape_and_fail_without_a_value() {
        let ec = |user: &str| BTreeMap::from([("user".to_string(), user.to_string())]);
        let bob = request(
            "kms:Encrypt",
            "arn:aws:kms:eu-west-1:111122223333:key/k",
            &role("TestTeam"),
        )
        .with_username("bob");
        let c = json!({"StringEquals": {"kms:EncryptionContext:user": "${aws:username}"}});
        assert!(holds(
            c.clone(),
            &bob.clone().with_encryption_context(&ec("bob"))
        ));
        assert!(!holds(
            c,
            &bob.clone().with_encryption_context(&ec("alice"))
        ));
        // Variable names are context keys: case-insensitive.
        let userid = any_request();
        assert!(holds(
            json!({"StringEquals": {"aws:userid": "${AWS:UserId}"}}),
            &userid
        ));
        assert!(holds(
            json!({"StringLike": {"aws:PrincipalArn": "${aws:PrincipalArn}"}}),
            &userid
        ));
        // A role session has no aws:username: "any attempt to match it fails", negated or not.
        assert!(!holds(
            json!({"StringEquals": {"aws:userid": "${aws:username}"}}),
            &userid
        ));
        assert!(!holds(
            json!({"StringNotEquals": {"aws:userid": "${aws:username}"}}),
            &userid
        ));
        // "Specifying default values": `${aws:userid, 'anonymous'}`.
        assert!(holds(
            json!({"StringEquals": {"aws:PrincipalAccount": "${aws:username, '111122223333'}"}}),
            &userid
        ));
        // "Special characters": `${*}`, `${?}` and `${$}` are the literal characters.
        let literal = any_request().with_key("test:v", "a*b?c$");
        assert!(holds(
            json!({"StringLike": {"test:v": "a${*}b${?}c${$}"}}),
            &literal
        ));
        assert!(!holds(
            json!({"StringLike": {"test:v": "a${*}b"}}),
            &any_request().with_key("test:v", "axyzb")
        ));
        assert!(holds(
            json!({"StringLike": {"test:v": "a*b"}}),
            &any_request().with_key("test:v", "axyzb")
        ));
        assert!(holds(
            json!({"StringEquals": {"test:v": "${$}{aws:userid}"}}),
            &any_request().with_key("test:v", "${aws:userid}")
        ));
        // "you cannot use a multivalued context key as a policy variable".
        assert!(!holds(
            json!({"StringEquals": {"test:v": "${aws:TagKeys}"}}),
            &any_request()
                .with_key("test:v", "a")
                .with_multi_key("aws:TagKeys", &["a"])
        ));
        // Variables in a resource: "arn:aws:s3:::mybucket/${aws:username}/*".
        let home = json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::mybucket/${aws:username}/*"}]});
        let get = |user: &str, key: &str| {
            decide(
                &home,
                PolicyKind::Identity,
                &request(
                    "s3:GetObject",
                    &format!("arn:aws:s3:::mybucket/{key}"),
                    &role("r"),
                )
                .with_username(user),
            )
        };
        assert_eq!(get("David", "David/a.txt"), Decision::Allowed);
        assert_eq!(get("David", "Adele/a.txt"), Decision::ImplicitDeny);
        // "If you don't include the Version element ..., variables like ${aws:username} are
        // treated as literal strings in the policy."
        let old = json!({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*",
            "Condition": {"StringEquals": {"test:v": "${aws:username}"}}}]});
        let v = |x: &str| {
            decide(
                &old,
                PolicyKind::Identity,
                &any_request().with_username("bob").with_key("test:v", x),
            )
        };
        assert_eq!(v("bob"), Decision::ImplicitDeny);
        assert_eq!(v("${aws:username}"), Decision::Allowed);
    }

    /// KMS, "Case sensitivity of the encryption context condition": "the following policy
    /// statement allows the operation when the encryption context includes an Appname key,
    /// regardless of its capitalization. The StringEquals condition requires that ExampleApp be
    /// capitalized as it is specified."
    #[test]
    fn kms_context_key_names_ignore_case_values_do_not() {
        let c = json!({"StringEquals": {"kms:EncryptionContext:Appname": "ExampleApp"}});
        let with = |k: &str, v: &str| {
            any_request().with_encryption_context(&BTreeMap::from([(k.to_string(), v.to_string())]))
        };
        assert!(holds(c.clone(), &with("AppName", "ExampleApp")));
        assert!(holds(c.clone(), &with("APPNAME", "ExampleApp")));
        assert!(!holds(c, &with("AppName", "exampleapp")));
    }

    /// KMS, kms:EncryptionContextKeys: "this key policy statement allows a GenerateDataKey
    /// request with two encryption context pairs, AppName=Helper and Project=Alpha, because
    /// the first encryption context pair satisfies the condition. A request with only
    /// Project=Alpha or with no encryption context would fail."
    #[test]
    fn kms_for_any_value_context_keys() {
        let c = json!({"ForAnyValue:StringEquals": {"kms:EncryptionContextKeys": "AppName"}});
        let ec = |pairs: &[(&str, &str)]| {
            any_request().with_encryption_context(
                &pairs
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            )
        };
        assert!(holds(
            c.clone(),
            &ec(&[("AppName", "Helper"), ("Project", "Alpha")])
        ));
        assert!(!holds(c.clone(), &ec(&[("Project", "Alpha")])));
        assert!(!holds(c, &ec(&[])));
    }

    /// KMS, kms:EncryptionContext:context-key: "To require an encryption context pair and
    /// forbid all other encryption context pairs, use both kms:EncryptionContext:context-key
    /// and kms:EncryptionContextKeys in the policy statement" (alice's GenerateDataKey
    /// example), "If the kms:EncryptionContextKeys condition with the ForAllValues set operator
    /// was used alone in a policy statement, this set operator would allow requests with no
    /// encryption context. However, if the request had no encryption context, the
    /// kms:EncryptionContext:AppName condition would fail."
    #[test]
    fn kms_require_one_pair_and_forbid_the_rest() {
        let key = "arn:aws:kms:us-west-2:712816755609:key/k";
        let doc = json!({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::712816755609:user/alice"},
        "Action": "kms:GenerateDataKey", "Resource": "*",
        "Condition": {
            "StringEquals": {"kms:EncryptionContext:AppName": "ExampleApp"},
            "ForAllValues:StringEquals": {"kms:EncryptionContextKeys": ["AppName"]}
        }}]});
        let alice = |pairs: &[(&str, &str)]| {
            let r = Request::new(
                "kms:GenerateDataKey",
                key,
                "arn:aws:iam::712816755609:user/alice",
                "AIDAALICE",
            )
            .unwrap()
            .with_encryption_context(
                &pairs
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            );
            decide(&doc, PolicyKind::Resource, &r)
        };
        assert_eq!(alice(&[("AppName", "ExampleApp")]), Decision::Allowed);
        assert_eq!(
            alice(&[("AppName", "ExampleApp"), ("Project", "Alpha")]),
            Decision::ImplicitDeny
        );
        assert_eq!(alice(&[]), Decision::ImplicitDeny);
        // The key in its other case satisfies kms:EncryptionContext:AppName, not the keys list.
        assert_eq!(alice(&[("appname", "ExampleApp")]), Decision::ImplicitDeny);
    }

    /// KMS: "If you create or update a policy that includes a ForAllValues set operator with
    /// the kms:EncryptionContext:context-key, AWS KMS returns the following error message:
    /// OverlyPermissiveCondition..."
    #[test]
    fn kms_refuses_for_all_values_on_a_context_pair() {
        let bad = allow_if(
            json!({"ForAllValues:StringEquals": {"kms:EncryptionContext:Department": "IT"}}),
        );
        let err = evaluate(&bad, PolicyKind::Identity, &any_request()).unwrap_err();
        assert!(
            err.to_string().contains("OverlyPermissiveCondition"),
            "{err}"
        );
        // ForAnyValue is only warned against; it is read as documented.
        let any = allow_if(
            json!({"ForAnyValue:StringEquals": {"kms:EncryptionContext:Department": "IT"}}),
        );
        assert!(evaluate(&any, PolicyKind::Identity, &any_request()).is_ok());
    }

    /// Two encryption context keys that differ only in case give `kms:EncryptionContext:<key>`
    /// two values; AWS does not document which it uses, so an Allow takes either and a Deny
    /// needs both (module documentation).
    #[test]
    fn case_variant_duplicate_keys_lean_toward_access() {
        let ec = BTreeMap::from([
            ("elevate:actor".to_string(), "AROA:bob".to_string()),
            ("Elevate:Actor".to_string(), "AROA:alice".to_string()),
        ]);
        let r = any_request().with_encryption_context(&ec);
        assert_eq!(
            r.context
                .get("KMS:ENCRYPTIONCONTEXT:ELEVATE:ACTOR")
                .map(<[_]>::len),
            Some(2)
        );
        assert!(holds(
            json!({"StringEquals": {"kms:EncryptionContext:elevate:actor": "AROA:alice"}}),
            &r
        ));
        assert!(holds(
            json!({"StringEquals": {"kms:EncryptionContext:elevate:actor": "AROA:bob"}}),
            &r
        ));
        let deny = |value: &str| {
            json!({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "*", "Resource": "*"},
                {"Effect": "Deny", "Action": "*", "Resource": "*",
                 "Condition": {"StringEquals": {"kms:EncryptionContext:elevate:actor": value}}}]})
        };
        assert_eq!(
            decide(&deny("AROA:bob"), PolicyKind::Identity, &r),
            Decision::Allowed
        );
        // Only kms:EncryptionContextKeys, compared case-sensitively, tells them apart.
        assert!(!holds(
            json!({"ForAllValues:StringEquals": {"kms:EncryptionContextKeys": ["elevate:actor"]}}),
            &r
        ));
    }

    /// KMS, Default key policy: the account principal "allows the account to use IAM policies
    /// to delegate the permissions specified in the policy statement"; without such a statement
    /// "IAM policies that allow access to the key are ineffective, although IAM policies that
    /// deny access to the key are still effective".
    #[test]
    fn kms_needs_the_key_policy_and_delegates_through_the_account() {
        let key = "arn:aws:kms:eu-west-1:111122223333:key/k";
        let enable_iam = json!({"Version": "2012-10-17", "Statement": [{
            "Sid": "Enable IAM policies", "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}]});
        let only_alice = json!({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": role("alice")}, "Action": "kms:Encrypt", "Resource": "*"}]});
        let iam_allows = json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "kms:*", "Resource": "*"}]});
        let iam_denies = json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Deny", "Action": "kms:Encrypt", "Resource": "*"}]});
        let alice = request("kms:Encrypt", key, &role("alice"));
        let bob = request("kms:Encrypt", key, &role("bob"));
        let kms = |key_policy: &Value, iam: &[&Value], r: &Request| {
            evaluate_kms(key_policy, iam, r).unwrap()
        };
        assert_eq!(kms(&enable_iam, &[&iam_allows], &alice), Decision::Allowed);
        assert_eq!(kms(&enable_iam, &[], &alice), Decision::ImplicitDeny);
        assert_eq!(kms(&only_alice, &[], &alice), Decision::Allowed);
        assert_eq!(
            kms(&only_alice, &[&iam_allows], &bob),
            Decision::ImplicitDeny
        );
        assert_eq!(
            kms(&only_alice, &[&iam_denies], &alice),
            Decision::ExplicitDeny
        );
    }

    #[test]
    fn malformed_documents_are_errors() {
        let r = any_request();
        let statement = |s: Value| json!({"Version": "2012-10-17", "Statement": [s]});
        let bad = [
            json!("not an object"),
            json!({"Version": "2012-10-17"}),
            json!({"Version": "2012-10-17", "Statement": []}),
            json!({"Version": "2099-01-01", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}),
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}], "Extra": 1}),
            statement(json!({"Effect": "allow", "Action": "*", "Resource": "*"})),
            statement(json!({"Effect": "Allow", "Resource": "*"})),
            statement(
                json!({"Effect": "Allow", "Action": "*", "NotAction": "s3:*", "Resource": "*"}),
            ),
            statement(json!({"Effect": "Allow", "Action": [], "Resource": "*"})),
            statement(json!({"Effect": "Allow", "Action": [1], "Resource": "*"})),
            statement(json!({"Effect": "Allow", "Action": "GetObject", "Resource": "*"})),
            statement(json!({"Effect": "Allow", "Action": "*"})),
            statement(json!({"Effect": "Allow", "Action": "*", "Resource": "bucket"})),
            statement(json!({"Effect": "Allow", "Action": "*", "Resource": "*", "Sid": 5})),
            statement(json!({"Effect": "Allow", "Action": "*", "Resource": "*", "Principal": "*"})),
            statement(json!({"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": []})),
            statement(
                json!({"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {}}}),
            ),
            statement(
                json!({"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": "x"}}),
            ),
            statement(
                json!({"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"k": []}}}),
            ),
            statement(
                json!({"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"k": {"a": 1}}}}),
            ),
            statement(
                json!({"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"k": null}}}),
            ),
            statement(
                json!({"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"k": "${aws:userid"}}}),
            ),
            statement(
                json!({"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"k": "${}"}}}),
            ),
            statement(
                json!({"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"k": "${a, b}"}}}),
            ),
            statement(
                json!({"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"Null": {"k": "maybe"}}}),
            ),
            statement(
                json!({"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"NullIfExists": {"k": "true"}}}),
            ),
            statement(
                json!({"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"ForAllValues:Null": {"k": "true"}}}),
            ),
            statement(
                json!({"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"Bool": {"k": "yes"}}}),
            ),
            statement(
                json!({"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"ForSomeValues:StringEquals": {"k": "v"}}}),
            ),
            statement(
                json!({"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"ArnLike": {"k": "arn:aws:s3"}}}),
            ),
        ];
        for doc in &bad {
            assert!(
                matches!(
                    evaluate(doc, PolicyKind::Identity, &r),
                    Err(EvalError::Malformed(_))
                ),
                "{doc} should be malformed"
            );
        }
        let resource = |s: Value| json!({"Version": "2012-10-17", "Statement": [s]});
        for doc in [
            resource(json!({"Effect": "Allow", "Action": "*", "Resource": "*"})),
            resource(
                json!({"Effect": "Allow", "Principal": "someone", "Action": "*", "Resource": "*"}),
            ),
            resource(
                json!({"Effect": "Allow", "Principal": {"AWS": []}, "Action": "*", "Resource": "*"}),
            ),
            resource(
                json!({"Effect": "Allow", "Principal": {"Martian": "x"}, "Action": "*", "Resource": "*"}),
            ),
            resource(
                json!({"Effect": "Allow", "Principal": {"AWS": "not a principal"}, "Action": "*", "Resource": "*"}),
            ),
        ] {
            assert!(
                matches!(
                    evaluate(&doc, PolicyKind::Resource, &r),
                    Err(EvalError::Malformed(_))
                ),
                "{doc} should be malformed"
            );
        }
        for doc in [
            statement(
                json!({"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"NumericLessThan": {"k": "1"}}}),
            ),
            resource(
                json!({"Effect": "Allow", "NotPrincipal": {"AWS": "*"}, "Action": "*", "Resource": "*"}),
            ),
        ] {
            assert!(
                matches!(
                    evaluate(&doc, PolicyKind::Identity, &r).and(evaluate(
                        &doc,
                        PolicyKind::Resource,
                        &r
                    )),
                    Err(EvalError::Unsupported(_)) | Err(EvalError::Malformed(_))
                ),
                "{doc} should be refused"
            );
        }
        assert!(Request::new("s3:GetObject", "*", "alice", "AIDA").is_err());
    }

    /// No input makes the evaluator panic: a policy mutated at random, node by node, is either
    /// evaluated or refused.
    #[test]
    fn no_document_panics() {
        let base = json!({"Version": "2012-10-17", "Statement": [
            {"Sid": "A", "Effect": "Allow", "Principal": {"AWS": ["*", "111122223333"]},
             "Action": ["kms:Encrypt", "kms:*"], "Resource": "*",
             "Condition": {
                "StringEquals": {"kms:EncryptionContext:a": "${aws:userid}", "k": ["x", "y"]},
                "ForAllValues:StringLike": {"kms:EncryptionContextKeys": ["a", "b*"]},
                "ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/${aws:username, 'x'}/?"},
                "Null": {"kms:EncryptionContext:b": "false"}
             }},
            {"Effect": "Deny", "Principal": "*", "NotAction": "kms:Decrypt", "NotResource": "arn:aws:kms:*:*:key/*"}
        ]});
        let palette = [
            json!(null),
            json!(true),
            json!(0),
            json!(-1.5),
            json!(""),
            json!("*"),
            json!("?"),
            json!("${"),
            json!("${*}"),
            json!("${a, '"),
            json!(":::::"),
            json!("arn:aws:iam::1:root"),
            json!([]),
            json!([null]),
            json!({}),
            json!({"AWS": {}}),
            json!("é${é}"),
            json!("ForAllValues:"),
        ];
        let ec = BTreeMap::from([("a".to_string(), "AROAEXAMPLEROLEID:session".to_string())]);
        let r = any_request().with_encryption_context(&ec);
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        fn nodes(v: &Value, path: Vec<String>, out: &mut Vec<Vec<String>>) {
            out.push(path.clone());
            match v {
                Value::Object(m) => m.iter().for_each(|(k, v)| {
                    let mut p = path.clone();
                    p.push(k.clone());
                    nodes(v, p, out)
                }),
                Value::Array(a) => a.iter().enumerate().for_each(|(i, v)| {
                    let mut p = path.clone();
                    p.push(i.to_string());
                    nodes(v, p, out)
                }),
                _ => {}
            }
        }
        for _ in 0..3000 {
            let mut doc = base.clone();
            for _ in 0..=(next() % 3) {
                let mut all = Vec::new();
                nodes(&doc, Vec::new(), &mut all);
                let path = &all[(next() as usize) % all.len()];
                let pointer: String = path.iter().map(|p| format!("/{p}")).collect();
                let replacement = palette[(next() as usize) % palette.len()].clone();
                if let Some(slot) = doc.pointer_mut(&pointer) {
                    *slot = replacement;
                }
            }
            for kind in [PolicyKind::Resource, PolicyKind::Identity] {
                let _ = evaluate(&doc, kind, &r);
            }
        }
    }

    #[test]
    fn policy_text_with_duplicate_keys_is_refused() {
        let twice = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Effect": "Deny",
            "Action": "*", "Resource": "*"}]}"#;
        assert!(
            matches!(parse_policy_text(twice), Err(EvalError::Malformed(m)) if m.contains("duplicate key \"Effect\""))
        );
        let nested = r#"{"Statement": {"Condition": {"StringEquals": {"a": "1", "a": "2"}}}}"#;
        assert!(parse_policy_text(nested).is_err());
        let fine = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["a:b", 1, true, null], "Resource": "*"}]}"#;
        assert_eq!(
            parse_policy_text(fine).unwrap(),
            serde_json::from_str::<Value>(fine).unwrap()
        );
        assert!(parse_policy_text("{").is_err());
        let deep = "[".repeat(100_000);
        assert!(parse_policy_text(&deep).is_err());
    }

    #[test]
    fn glob_edges() {
        let p = |s: &str| {
            Template::parse(s, false)
                .unwrap()
                .resolve(&Context::default())
                .unwrap()
        };
        assert!(glob_str(&p(""), ""));
        assert!(!glob_str(&p(""), "a"));
        assert!(glob_str(&p("*"), ""));
        assert!(glob_str(&p("**"), "abc"));
        assert!(glob_str(&p("a*b*c"), "aXbYbZc"));
        assert!(!glob_str(&p("a*b*c"), "aXbYbZ"));
        assert!(glob_str(&p("?*?"), "ab"));
        assert!(!glob_str(&p("?*?"), "a"));
        assert!(glob_str(&p("*é?"), "ééé"));
    }
}
