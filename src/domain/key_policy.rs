//! The key policy of the seal key: what `elevate iam-policy kms-key` prints, what `elevate
//! setup` creates the key with, and what it checks an existing key against.
//!
//! A seal is KMS `Encrypt` under the author's own credentials with the encryption context of
//! `ledger::seal_context` (DESIGN.md section 1). This policy is what makes a seal prove its
//! author, so every statement here is a rule a test attacks with `domain::iam_eval`:
//!
//! - **Each kind of decision only from the principals that may make it.** One `Encrypt`
//!   statement per [`SealKind`], allowed when `aws:PrincipalArn` (the role's ARN *with its
//!   path*, which the caller's own ARN does not carry) matches that kind's principals:
//!   Identity Center permission-set roles under `/aws-reserved/sso.amazonaws.com/` in the
//!   identity account, or exact role ARNs. The principal is `{"AWS": "*"}` narrowed by that
//!   condition, as IAM Identity Center recommends for its roles, whose names end in a suffix
//!   that changes when the role is recreated ("Referencing permission sets in resource
//!   policies"); a condition key, unlike a `Principal` ARN, survives that.
//! - **The author is the caller.** `elevate:actor` must equal `${aws:userid}` (KMS resolves
//!   policy variables in condition values: "the value of the kms:EncryptionContext:context-key
//!   condition key can be an IAM policy variable"), `elevate:kind` names the statement's kind
//!   and `elevate:ledger` this ledger.
//! - **Exactly the five keys.** `ForAllValues:StringEquals` on `kms:EncryptionContextKeys`
//!   lists `ledger::CONTEXT_KEYS`, case-sensitively; `Null` false on the two keys whose
//!   values are free (`elevate:request`, `elevate:hash`) requires them. Without it a second key
//!   differing only in case (`Elevate:Actor`) could satisfy the case-insensitive
//!   `kms:EncryptionContext:elevate:actor` while another value is what verification reads. No
//!   set operator ever touches `kms:EncryptionContext:<key>` (KMS rejects `ForAllValues` there
//!   as `OverlyPermissiveCondition`).
//! - **A delegate seals as its own role only.** A role session's `aws:userid` is `<role
//!   id>:<session name>`, and the session name is the caller's to choose, so it cannot tell one
//!   delegate role from another by the name the ledger shows. Each delegate role gets its own
//!   statement requiring `elevate:role` (`ledger::ROLE_KEY`) to be that role, path removed as
//!   its sessions' ARNs show it, together with `aws:PrincipalArn` being that role.
//! - **Nothing else encrypts.** The account principal (`:root`) gets key administration only:
//!   no `Encrypt`, `Decrypt`, `ReEncrypt*`, `GenerateDataKey*`, `CreateGrant` or `kms:*`, so
//!   an IAM policy, however broad, adds no way to seal (a key policy statement naming the
//!   account only lets IAM policies delegate what it lists; KMS, "Default key policy"). No
//!   one may create grants, which would bypass these conditions.
//!
//! Whoever holds `kms:PutKeyPolicy` in the key's account can still rewrite all of this; that
//! is the trust DESIGN.md places in IAM administrators, and [`check_key_policy`] is how
//! `elevate setup` (and a reviewer) sees that it was.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use super::ledger::{CONTEXT_KEYS, ROLE_KEY, SealKind};

/// The alias setup names a seal key with: per DynamoDB table (`None`: the SQLite ledger).
pub fn seal_alias(table: Option<&str>) -> String {
    format!("alias/elevate-seal/{}", table.unwrap_or("sqlite"))
}

pub const DEFAULT_REQUESTER_PERMISSION_SET: &str = "ElevateRequester";
pub const DEFAULT_APPROVER_PERMISSION_SET: &str = "ElevateApprover";
pub const DEFAULT_AUDITOR_PERMISSION_SET: &str = "ElevateAuditor";
pub const DEFAULT_ADMIN_PERMISSION_SET: &str = "ElevateAdmin";

/// What the key's own account may do with it, through its IAM policies: read and rotate the
/// key, tag it, and replace its policy (without which the key could become unmanageable, and
/// which KMS's policy lockout check requires of whoever creates it). Nothing cryptographic,
/// no grants, no deletion.
pub const KEY_ADMIN_ACTIONS: [&str; 8] = [
    "kms:DescribeKey",
    "kms:GetKeyPolicy",
    "kms:GetKeyRotationStatus",
    "kms:ListResourceTags",
    "kms:PutKeyPolicy",
    "kms:EnableKeyRotation",
    "kms:TagResource",
    "kms:UntagResource",
];

pub const ADMIN_SID: &str = "KeyAdministration";
pub const VERIFY_SID: &str = "VerifySeals";
pub const DESCRIBE_SID: &str = "DescribeSealKey";
/// The document's `Id`, so that a person reading the key in the console knows whose it is.
pub const POLICY_ID: &str = "elevate-seal-key";

/// KMS accepts key policies of at most 32 KB (AWS KMS quotas, "Key policy document size").
pub const MAX_KEY_POLICY_BYTES: usize = 32 * 1024;

/// The `Sid` of the statement that allows sealing `kind`: stable, because `elevate setup`
/// compares an existing key's policy statement by statement.
pub fn seal_sid(kind: SealKind) -> &'static str {
    match kind {
        SealKind::Request => "SealRequests",
        SealKind::Delegate => "SealDelegatedRequests",
        SealKind::Approve => "SealApprovals",
        SealKind::Grant => "SealGrants",
        SealKind::Execute => "SealExecutorRecords",
        SealKind::Policy => "SealPolicyVersions",
    }
}

/// Who may seal what, and where they live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealScope {
    /// "aws", "aws-cn", "aws-us-gov", ...
    pub partition: String,
    /// The account that owns the key.
    pub key_account: String,
    /// Where people's Identity Center permission-set roles live.
    pub identity_account: String,
    /// The value of `elevate:ledger`, e.g. "dynamodb:elevate-ledger".
    pub ledger: String,
    pub requester_permission_sets: Vec<String>,
    pub approver_permission_sets: Vec<String>,
    pub auditor_permission_sets: Vec<String>,
    pub admin_permission_sets: Vec<String>,
    /// Role ARNs that may also apply policy versions.
    pub admin_roles: Vec<String>,
    /// The executor's role ARN.
    pub executor_role: String,
    /// Role ARNs the policy's `[[delegate]]` names.
    pub delegate_roles: Vec<String>,
    /// Direct mode: approvers grant with their own credentials, and seal `grant`.
    pub grant_by_approvers: bool,
}

impl SealScope {
    /// A scope with the default permission-set names, no admin or delegate roles, brokered.
    pub fn new(
        partition: &str,
        key_account: &str,
        identity_account: &str,
        ledger: &str,
        executor_role: &str,
    ) -> Self {
        SealScope {
            partition: partition.to_string(),
            key_account: key_account.to_string(),
            identity_account: identity_account.to_string(),
            ledger: ledger.to_string(),
            requester_permission_sets: vec![DEFAULT_REQUESTER_PERMISSION_SET.to_string()],
            approver_permission_sets: vec![DEFAULT_APPROVER_PERMISSION_SET.to_string()],
            auditor_permission_sets: vec![DEFAULT_AUDITOR_PERMISSION_SET.to_string()],
            admin_permission_sets: vec![DEFAULT_ADMIN_PERMISSION_SET.to_string()],
            admin_roles: Vec::new(),
            executor_role: executor_role.to_string(),
            delegate_roles: Vec::new(),
            grant_by_approvers: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyPolicyError {
    #[error("'{0}' is not an AWS partition (aws, aws-cn, aws-us-gov, ...)")]
    Partition(String),
    #[error("the {what} '{value}' is not a twelve-digit AWS account id")]
    Account { what: &'static str, value: String },
    #[error("the ledger name '{ledger}' {reason}")]
    Ledger { ledger: String, reason: String },
    #[error("the permission set name '{name}' {reason}")]
    PermissionSet { name: String, reason: String },
    #[error("the {what} '{arn}' {reason}")]
    Role {
        what: &'static str,
        arn: String,
        reason: String,
    },
    #[error("no one could seal '{0}': name at least one permission set or role for it")]
    NoSealers(SealKind),
    #[error("the key policy would be {0} bytes; KMS accepts at most {MAX_KEY_POLICY_BYTES}")]
    TooLarge(usize),
}

/// Characters that would turn a name into a pattern or a policy variable inside an ArnLike or
/// StringEquals value.
const PATTERN_CHARS: [char; 5] = ['*', '?', '/', '$', '{'];

fn check_partition(p: &str) -> Result<(), KeyPolicyError> {
    let ok = p == "aws"
        || p.strip_prefix("aws-").is_some_and(|rest| {
            !rest.is_empty()
                && rest.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
                && !rest.ends_with('-')
        });
    if ok {
        Ok(())
    } else {
        Err(KeyPolicyError::Partition(p.to_string()))
    }
}

fn check_account(what: &'static str, a: &str) -> Result<(), KeyPolicyError> {
    if a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(KeyPolicyError::Account {
            what,
            value: a.to_string(),
        })
    }
}

/// The ledger is compared with `StringEquals`, where `${` would start a policy variable; it
/// must also be a value KMS accepts in a policy (printable ASCII here).
fn check_ledger(ledger: &str) -> Result<(), KeyPolicyError> {
    let pattern = ledger.chars().find(|c| matches!(c, '$' | '*' | '?'));
    let unprintable = ledger.chars().find(|c| !(' '..='~').contains(c));
    let reason = match (ledger.is_empty(), pattern, unprintable) {
        (true, _, _) => "is empty".to_string(),
        (_, Some(c), _) => {
            format!("contains '{c}', which a policy could read as a variable or a wildcard")
        }
        (_, _, Some(c)) => format!("contains {c:?}: use printable ASCII"),
        (false, None, None) => return Ok(()),
    };
    Err(KeyPolicyError::Ledger {
        ledger: ledger.to_string(),
        reason,
    })
}

/// A permission-set name becomes part of an `ArnLike` pattern: a `*`, `?` or `/` in it would
/// widen the pattern, a `$` or `{` would start a policy variable. Identity Center's own rule
/// (`[\w+=,.@-]`, 1 to 32 characters) excludes them; it is checked whole, so that the pattern
/// and the role name IAM builds from the name agree.
fn check_permission_set(name: &str) -> Result<(), KeyPolicyError> {
    let err = |reason: String| {
        Err(KeyPolicyError::PermissionSet {
            name: name.to_string(),
            reason,
        })
    };
    if let Some(c) = name.chars().find(|c| PATTERN_CHARS.contains(c)) {
        return err(format!(
            "contains '{c}', which would make the role pattern match other roles"
        ));
    }
    if name.is_empty() || name.chars().count() > 32 {
        return err("must be 1 to 32 characters long".to_string());
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "_+=,.@-".contains(*c)))
    {
        return err(format!(
            "contains {c:?}: Identity Center names use letters, digits and _+=,.@-"
        ));
    }
    Ok(())
}

/// A role ARN is matched exactly (`ArnLike` without wildcards): it must be an IAM role of this
/// partition, and its path may not hold the characters that would make it a pattern, though
/// IAM allows them in paths.
fn check_role(what: &'static str, arn: &str, partition: &str) -> Result<(), KeyPolicyError> {
    let err = |reason: &str| {
        Err(KeyPolicyError::Role {
            what,
            arn: arn.to_string(),
            reason: reason.to_string(),
        })
    };
    if let Some(c) = arn.chars().find(|c| matches!(c, '*' | '?' | '$' | '{')) {
        return err(&format!(
            "contains '{c}': name one role exactly, not a pattern"
        ));
    }
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let ["arn", p, "iam", "", account, resource] = parts.as_slice() else {
        return err("is not an IAM role ARN (arn:<partition>:iam::<account>:role/<path/><name>)");
    };
    if *p != partition {
        return err(&format!("is not in the partition '{partition}'"));
    }
    if check_account(what, account).is_err() {
        return err("does not name a twelve-digit account");
    }
    let Some(path_and_name) = resource.strip_prefix("role/") else {
        return err("is not a role (arn:<partition>:iam::<account>:role/<path/><name>)");
    };
    let name = path_and_name.rsplit('/').next().unwrap_or_default();
    let path_ok = path_and_name.chars().all(|c| ('!'..='~').contains(&c));
    let name_ok = !name.is_empty()
        && name.chars().count() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c));
    if !path_ok || !name_ok {
        return err("is not a valid role name and path");
    }
    Ok(())
}

/// The two `aws:PrincipalArn` patterns of a permission set's roles in `account`: Identity
/// Center puts them under `/aws-reserved/sso.amazonaws.com/<region>/`, or without the region
/// segment when its identity source is in us-east-1 ("Referencing permission sets in resource
/// policies, Amazon EKS, and AWS KMS"). The role name ends in `_` and a sixteen-character
/// suffix, matched by sixteen `?`, so that `Elevate`'s pattern cannot match the roles of
/// `Elevate_Approver` (as `AWSReservedSSO_Elevate_*` would). Only IAM Identity Center creates
/// roles under `/aws-reserved/`, which is what makes the path a proof.
pub fn permission_set_role_patterns(
    partition: &str,
    account: &str,
    name: &str,
) -> Result<[String; 2], KeyPolicyError> {
    check_partition(partition)?;
    check_account("identity account", account)?;
    check_permission_set(name)?;
    let base = format!("arn:{partition}:iam::{account}:role/aws-reserved/sso.amazonaws.com");
    let role = format!("AWSReservedSSO_{name}_{}", "?".repeat(16));
    Ok([format!("{base}/{role}"), format!("{base}/*/{role}")])
}

impl SealScope {
    fn check(&self) -> Result<(), KeyPolicyError> {
        check_partition(&self.partition)?;
        check_account("key account", &self.key_account)?;
        check_account("identity account", &self.identity_account)?;
        check_ledger(&self.ledger)?;
        for name in self
            .requester_permission_sets
            .iter()
            .chain(&self.approver_permission_sets)
            .chain(&self.auditor_permission_sets)
            .chain(&self.admin_permission_sets)
        {
            check_permission_set(name)?;
        }
        check_role("executor role", &self.executor_role, &self.partition)?;
        for arn in &self.admin_roles {
            check_role("admin role", arn, &self.partition)?;
        }
        for arn in &self.delegate_roles {
            check_role("delegate role", arn, &self.partition)?;
        }
        Ok(())
    }

    fn permission_sets(&self, names: &[&Vec<String>]) -> Result<BTreeSet<String>, KeyPolicyError> {
        let mut out = BTreeSet::new();
        for name in names.iter().copied().flatten() {
            out.extend(permission_set_role_patterns(
                &self.partition,
                &self.identity_account,
                name,
            )?);
        }
        Ok(out)
    }

    /// The `aws:PrincipalArn` patterns that may seal `kind`, sorted; empty when no one may
    /// (no delegate roles, or `grant` in brokered mode).
    pub fn sealers(&self, kind: SealKind) -> Result<Vec<String>, KeyPolicyError> {
        self.check()?;
        let mut out = match kind {
            // Approvers also ask for access.
            SealKind::Request => self.permission_sets(&[
                &self.requester_permission_sets,
                &self.approver_permission_sets,
            ])?,
            SealKind::Delegate => BTreeSet::new(),
            SealKind::Approve => self.permission_sets(&[&self.approver_permission_sets])?,
            SealKind::Grant if self.grant_by_approvers => {
                self.permission_sets(&[&self.approver_permission_sets])?
            }
            SealKind::Grant => BTreeSet::new(),
            SealKind::Execute => BTreeSet::from([self.executor_role.clone()]),
            SealKind::Policy => self.permission_sets(&[&self.admin_permission_sets])?,
        };
        match kind {
            SealKind::Delegate => out.extend(self.delegate_roles.iter().cloned()),
            SealKind::Policy => out.extend(self.admin_roles.iter().cloned()),
            _ => {}
        }
        Ok(out.into_iter().collect())
    }

    /// Every principal of elevate: they verify seals (`Decrypt`) and read the key.
    pub fn verifiers(&self) -> Result<Vec<String>, KeyPolicyError> {
        self.check()?;
        let mut out = self.permission_sets(&[
            &self.requester_permission_sets,
            &self.approver_permission_sets,
            &self.auditor_permission_sets,
            &self.admin_permission_sets,
        ])?;
        out.insert(self.executor_role.clone());
        out.extend(self.admin_roles.iter().cloned());
        out.extend(self.delegate_roles.iter().cloned());
        Ok(out.into_iter().collect())
    }
}

fn object(pairs: impl IntoIterator<Item = (String, Value)>) -> Value {
    Value::Object(pairs.into_iter().collect::<Map<_, _>>())
}

fn context_key(key: &str) -> String {
    format!("kms:EncryptionContext:{key}")
}

/// `ForAllValues:StringEquals` on `kms:EncryptionContextKeys`: no key but the five, in their
/// exact case.
fn only_the_seal_keys() -> Value {
    json!({"kms:EncryptionContextKeys": CONTEXT_KEYS})
}

/// [`only_the_seal_keys`], and the role a delegate's seal names.
fn only_the_seal_keys_and_role() -> Value {
    let mut keys = CONTEXT_KEYS.to_vec();
    keys.push(ROLE_KEY);
    json!({"kms:EncryptionContextKeys": keys})
}

/// A role ARN as a session of it names it: without its path.
fn without_path(role_arn: &str) -> String {
    match role_arn.split_once(":role/") {
        Some((head, rest)) => format!("{head}:role/{}", rest.rsplit('/').next().unwrap_or(rest)),
        None => role_arn.to_string(),
    }
}

/// One delegate role's statement: it seals delegated requests as itself only. One statement per
/// role, because IAM cannot pair a condition's value with the caller's ARN across a list.
fn delegate_statement(n: usize, ledger: &str, role_arn: &str) -> Value {
    let mut s = seal_statement(SealKind::Delegate, ledger, vec![role_arn.to_string()]);
    s["Sid"] = json!(format!("{}{n}", seal_sid(SealKind::Delegate)));
    s["Condition"]["StringEquals"][context_key(ROLE_KEY)] = json!(without_path(role_arn));
    s["Condition"]["ForAllValues:StringEquals"] = only_the_seal_keys_and_role();
    s
}

fn seal_statement(kind: SealKind, ledger: &str, sealers: Vec<String>) -> Value {
    let [ledger_key, request_key, hash_key, kind_key, actor_key] = CONTEXT_KEYS;
    json!({
        "Sid": seal_sid(kind),
        "Effect": "Allow",
        "Principal": {"AWS": "*"},
        "Action": "kms:Encrypt",
        "Resource": "*",
        "Condition": {
            "StringEquals": object([
                (context_key(kind_key), json!(kind.as_str())),
                (context_key(actor_key), json!("${aws:userid}")),
                (context_key(ledger_key), json!(ledger)),
            ]),
            "Null": object([
                (context_key(request_key), json!("false")),
                (context_key(hash_key), json!("false")),
            ]),
            "ForAllValues:StringEquals": only_the_seal_keys(),
            "ArnLike": {"aws:PrincipalArn": sealers},
        },
    })
}

/// The seal key's policy for `scope`: key administration for the key's account, one `Encrypt`
/// statement per kind that someone may seal, `Decrypt` and `DescribeKey` for every elevate
/// principal. The same scope always gives the same document (principals sorted), so that
/// printing, creating and checking agree.
pub fn key_policy(scope: &SealScope) -> Result<Value, KeyPolicyError> {
    scope.check()?;
    let [ledger_key, ..] = CONTEXT_KEYS;
    let mut statements = vec![json!({
        "Sid": ADMIN_SID,
        "Effect": "Allow",
        "Principal": {"AWS": format!("arn:{}:iam::{}:root", scope.partition, scope.key_account)},
        "Action": KEY_ADMIN_ACTIONS,
        "Resource": "*",
    })];
    for kind in SealKind::ALL {
        let sealers = scope.sealers(kind)?;
        if sealers.is_empty() {
            match kind {
                SealKind::Delegate | SealKind::Grant => continue,
                _ => return Err(KeyPolicyError::NoSealers(kind)),
            }
        }
        if kind == SealKind::Delegate {
            for (i, role) in sealers.iter().enumerate() {
                statements.push(delegate_statement(i + 1, &scope.ledger, role));
            }
            continue;
        }
        statements.push(seal_statement(kind, &scope.ledger, sealers));
    }
    let verifiers = scope.verifiers()?;
    statements.push(json!({
        "Sid": VERIFY_SID,
        "Effect": "Allow",
        "Principal": {"AWS": "*"},
        "Action": "kms:Decrypt",
        "Resource": "*",
        "Condition": {
            "StringEquals": object([(context_key(ledger_key), json!(scope.ledger))]),
            "ForAllValues:StringEquals": only_the_seal_keys_and_role(),
            "ArnLike": {"aws:PrincipalArn": verifiers},
        },
    }));
    // DescribeKey has no encryption context: the conditions above would never hold for it.
    statements.push(json!({
        "Sid": DESCRIBE_SID,
        "Effect": "Allow",
        "Principal": {"AWS": "*"},
        "Action": "kms:DescribeKey",
        "Resource": "*",
        "Condition": {"ArnLike": {"aws:PrincipalArn": verifiers}},
    }));
    let doc = json!({"Version": "2012-10-17", "Id": POLICY_ID, "Statement": statements});
    let size = serde_json::to_string(&doc).map(|s| s.len()).unwrap_or(0);
    if size > MAX_KEY_POLICY_BYTES {
        return Err(KeyPolicyError::TooLarge(size));
    }
    Ok(doc)
}

// ---------------------------------------------------------------------------------------------
// Checking a key policy read back from AWS
// ---------------------------------------------------------------------------------------------

/// A statement reduced to what it means: sets where AWS reads sets, case folded where AWS
/// ignores case (actions, condition operators and key names), one spelling per principal.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Meaning {
    /// Element name → its values, for every element but `Condition`.
    elements: BTreeMap<String, BTreeSet<String>>,
    /// (operator, key) → values, both names lowercased.
    conditions: BTreeMap<(String, String), BTreeSet<String>>,
    /// The operator and key as written, for messages.
    spelled: BTreeMap<(String, String), (String, String)>,
}

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn values(v: &Value) -> BTreeSet<String> {
    match v {
        Value::Array(items) => items.iter().map(scalar).collect(),
        other => BTreeSet::from([scalar(other)]),
    }
}

/// `"*"` is `{"AWS": "*"}`; an account id is its root ARN (both delegate to the account).
fn principals(v: &Value) -> BTreeSet<String> {
    let account = |s: &str| {
        let parts: Vec<&str> = s.splitn(6, ':').collect();
        match parts.as_slice() {
            _ if s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit()) => {
                Some(format!("account {s}"))
            }
            ["arn", _, "iam", "", a, "root"] => Some(format!("account {a}")),
            _ => None,
        }
    };
    match v {
        Value::String(s) if s == "*" => BTreeSet::from(["AWS *".to_string()]),
        Value::Object(map) => map
            .iter()
            .flat_map(|(kind, v)| {
                values(v).into_iter().map(move |p| match kind.as_str() {
                    "AWS" => account(&p).unwrap_or_else(|| format!("AWS {p}")),
                    other => format!("{other} {p}"),
                })
            })
            .collect(),
        other => BTreeSet::from([format!("unreadable {other}")]),
    }
}

fn meaning(statement: &Map<String, Value>) -> Meaning {
    let mut m = Meaning::default();
    for (element, v) in statement {
        match element.as_str() {
            "Sid" => {}
            "Condition" => match v {
                Value::Object(block) => {
                    for (op, keys) in block {
                        let Value::Object(keys) = keys else {
                            let k = (op.to_ascii_lowercase(), String::new());
                            m.conditions.insert(k.clone(), values(keys));
                            m.spelled.insert(k, (op.clone(), String::new()));
                            continue;
                        };
                        for (key, v) in keys {
                            let mut vs = values(v);
                            let lower_op = op.to_ascii_lowercase();
                            if lower_op == "null" || lower_op.starts_with("bool") {
                                vs = vs.into_iter().map(|s| s.to_ascii_lowercase()).collect();
                            }
                            let k = (lower_op, key.to_lowercase());
                            m.conditions.entry(k.clone()).or_default().extend(vs);
                            m.spelled.insert(k, (op.clone(), key.clone()));
                        }
                    }
                }
                other => {
                    m.elements
                        .insert("Condition".into(), BTreeSet::from([other.to_string()]));
                }
            },
            "Principal" | "NotPrincipal" => {
                m.elements.insert(element.clone(), principals(v));
            }
            "Action" | "NotAction" => {
                m.elements.insert(
                    element.clone(),
                    values(v).into_iter().map(|a| a.to_lowercase()).collect(),
                );
            }
            _ => {
                m.elements.insert(element.clone(), values(v));
            }
        }
    }
    m
}

fn quoted(set: &BTreeSet<String>) -> String {
    let items: Vec<String> = set.iter().map(|s| format!("\"{s}\"")).collect();
    items.join(", ")
}

fn compare(sid: &str, found: &Meaning, expected: &Meaning, out: &mut Vec<String>) {
    let elements: BTreeSet<&String> = found
        .elements
        .keys()
        .chain(expected.elements.keys())
        .collect();
    for e in elements {
        match (found.elements.get(e), expected.elements.get(e)) {
            (Some(f), None) => out.push(format!(
                "statement \"{sid}\" has {e} {}, which elevate does not write",
                quoted(f)
            )),
            (None, Some(x)) => out.push(format!(
                "statement \"{sid}\" has no {e} (expected {})",
                quoted(x)
            )),
            (Some(f), Some(x)) if f.len() == 1 && x.len() == 1 && f != x => out.push(format!(
                "statement \"{sid}\": {e} is {}, expected {}",
                quoted(f),
                quoted(x)
            )),
            (Some(f), Some(x)) => {
                for extra in f.difference(x) {
                    out.push(format!(
                        "statement \"{sid}\": {e} \"{extra}\" is not expected"
                    ));
                }
                for missing in x.difference(f) {
                    out.push(format!("statement \"{sid}\": {e} lacks \"{missing}\""));
                }
            }
            (None, None) => {}
        }
    }
    let keys: BTreeSet<&(String, String)> = found
        .conditions
        .keys()
        .chain(expected.conditions.keys())
        .collect();
    for k in keys {
        let (op, key) = expected
            .spelled
            .get(k)
            .or_else(|| found.spelled.get(k))
            .cloned()
            .unwrap_or_default();
        match (found.conditions.get(k), expected.conditions.get(k)) {
            (Some(f), None) => out.push(format!(
                "statement \"{sid}\": condition {op} {key} = [{}] is not expected",
                quoted(f)
            )),
            (None, Some(x)) => out.push(format!(
                "statement \"{sid}\": condition {op} {key} = [{}] is missing",
                quoted(x)
            )),
            (Some(f), Some(x)) if f.len() == 1 && x.len() == 1 && f != x => out.push(format!(
                "statement \"{sid}\": condition {op} {key} is {}, expected {}",
                quoted(f),
                quoted(x)
            )),
            (Some(f), Some(x)) => {
                for extra in f.difference(x) {
                    out.push(format!(
                        "statement \"{sid}\": condition {op} {key} also accepts \"{extra}\""
                    ));
                }
                for missing in x.difference(f) {
                    out.push(format!(
                        "statement \"{sid}\": condition {op} {key} lacks \"{missing}\""
                    ));
                }
            }
            (None, None) => {}
        }
    }
}

/// The statements of a policy by `Sid`, and what cannot be read that way.
fn by_sid<'a>(
    policy: &'a Value,
    whose: &str,
    problems: &mut Vec<String>,
) -> BTreeMap<String, &'a Map<String, Value>> {
    let mut out = BTreeMap::new();
    let Value::Object(top) = policy else {
        problems.push(format!("the {whose} key policy is not a JSON object"));
        return out;
    };
    for key in top.keys() {
        if !matches!(key.as_str(), "Version" | "Id" | "Statement") {
            problems.push(format!(
                "the {whose} key policy has an unknown element \"{key}\""
            ));
        }
    }
    let statements: Vec<&Value> = match top.get("Statement") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one @ Value::Object(_)) => vec![one],
        _ => {
            problems.push(format!("the {whose} key policy has no list of statements"));
            return out;
        }
    };
    for (i, s) in statements.into_iter().enumerate() {
        let Value::Object(s) = s else {
            problems.push(format!("{whose} statement #{i} is not an object"));
            continue;
        };
        match s.get("Sid") {
            Some(Value::String(sid)) => {
                if out.insert(sid.clone(), s).is_some() {
                    problems.push(format!(
                        "the {whose} key policy has two statements with the Sid \"{sid}\""
                    ));
                }
            }
            _ => problems.push(format!(
                "{whose} statement #{i} has no Sid, so it is not one elevate writes: {}",
                Value::Object(s.clone())
            )),
        }
    }
    out
}

/// Compares a key policy read back from AWS (`found`, parsed with
/// `iam_eval::parse_policy_text`, which refuses duplicate keys) with the one elevate would
/// write (`expected`, from [`key_policy`]) by meaning, statement by `Sid`: effect, principals,
/// actions and resources, and conditions, each as sets, names compared the way AWS compares
/// them. Every difference is listed in words; none means the key is the one `setup` creates.
/// Anything extra counts: a statement elevate does not write can only add access.
pub fn check_key_policy(found: &Value, expected: &Value) -> Vec<String> {
    if !found.is_object() {
        // Nothing in it can be compared; listing every expected statement as missing would
        // only bury this.
        return vec![format!(
            "the found key policy is not a JSON object: {found}"
        )];
    }
    let mut out = Vec::new();
    let version = |p: &Value| p.get("Version").cloned().unwrap_or(Value::Null);
    if version(found) != version(expected) {
        out.push(format!(
            "the key policy's Version is {}, expected {}",
            version(found),
            version(expected)
        ));
    }
    let found = by_sid(found, "found", &mut out);
    let expected = by_sid(expected, "expected", &mut out);
    for (sid, x) in &expected {
        match found.get(sid) {
            None => out.push(format!("statement \"{sid}\" is missing")),
            Some(f) => compare(sid, &meaning(f), &meaning(x), &mut out),
        }
    }
    for (sid, f) in &found {
        if !expected.contains_key(sid) {
            out.push(format!(
                "statement \"{sid}\" is not one elevate writes: {}",
                Value::Object((*f).clone())
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    //! Every rule attacked with `iam_eval`, as AWS would read the policy: each request is made
    //! with the attacker's own principal ARN and `aws:userid`.

    use std::collections::BTreeMap;

    use super::*;
    use crate::domain::iam_eval::{
        Decision, PolicyKind, Request, evaluate, evaluate_kms, parse_policy_text,
    };
    use crate::domain::ledger::seal_context;

    const ACCOUNT: &str = "111122223333";
    const OTHER_ACCOUNT: &str = "999999999999";
    const LEDGER: &str = "dynamodb:elevate-ledger";
    const KEY: &str = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const HASH: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    const SUFFIX: &str = "0123456789abcdef";

    fn executor() -> String {
        format!("arn:aws:iam::{ACCOUNT}:role/elevate/elevate-executor")
    }
    fn admin_role() -> String {
        format!("arn:aws:iam::{ACCOUNT}:role/elevate-admin")
    }
    fn delegate_role() -> String {
        format!("arn:aws:iam::{ACCOUNT}:role/ci/elevate-delegate")
    }

    fn scope() -> SealScope {
        SealScope {
            admin_roles: vec![admin_role()],
            delegate_roles: vec![delegate_role()],
            grant_by_approvers: true,
            ..SealScope::new("aws", ACCOUNT, ACCOUNT, LEDGER, &executor())
        }
    }

    /// A principal: its role ARN (with path) and its `aws:userid`.
    #[derive(Debug, Clone)]
    struct Who {
        name: &'static str,
        arn: String,
        userid: String,
    }

    /// A permission set's role, with the region segment or (us-east-1) without.
    fn sso(account: &str, permission_set: &str, region: Option<&str>) -> String {
        let region = region.map(|r| format!("{r}/")).unwrap_or_default();
        format!(
            "arn:aws:iam::{account}:role/aws-reserved/sso.amazonaws.com/{region}AWSReservedSSO_{permission_set}_{SUFFIX}"
        )
    }

    fn who(name: &'static str, arn: String) -> Who {
        Who {
            name,
            userid: format!(
                "AROA{}:{name}@example.com",
                name.to_uppercase().replace('-', "")
            ),
            arn,
        }
    }

    /// Everyone the matrix tries: elevate's principals in both role-path forms, and the
    /// impostors an attacker can be.
    fn everyone() -> Vec<Who> {
        let eu = Some("eu-west-1");
        vec![
            who("requester", sso(ACCOUNT, "ElevateRequester", eu)),
            who(
                "requester-us-east-1",
                sso(ACCOUNT, "ElevateRequester", None),
            ),
            who("approver", sso(ACCOUNT, "ElevateApprover", eu)),
            who("approver-us-east-1", sso(ACCOUNT, "ElevateApprover", None)),
            who("auditor", sso(ACCOUNT, "ElevateAuditor", eu)),
            who("admin", sso(ACCOUNT, "ElevateAdmin", eu)),
            who("admin-role", admin_role()),
            who("executor", executor()),
            who("delegate", delegate_role()),
            who(
                "other-permission-set",
                sso(ACCOUNT, "AdministratorAccess", eu),
            ),
            // The right names in another account.
            who(
                "approver-elsewhere",
                sso(OTHER_ACCOUNT, "ElevateApprover", eu),
            ),
            who(
                "executor-elsewhere",
                format!("arn:aws:iam::{OTHER_ACCOUNT}:role/elevate/elevate-executor"),
            ),
            // The right role name without Identity Center's reserved path, which anyone with
            // iam:CreateRole can make.
            who(
                "approver-lookalike",
                format!("arn:aws:iam::{ACCOUNT}:role/AWSReservedSSO_ElevateApprover_{SUFFIX}"),
            ),
            who(
                "approver-other-path",
                format!(
                    "arn:aws:iam::{ACCOUNT}:role/sso.amazonaws.com/AWSReservedSSO_ElevateApprover_{SUFFIX}"
                ),
            ),
            who(
                "approver-short-suffix",
                format!(
                    "arn:aws:iam::{ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ElevateApprover_0123456789abcde"
                ),
            ),
            who("approver-longer-name", sso(ACCOUNT, "ElevateApproverX", eu)),
            who(
                "executor-other-path",
                format!("arn:aws:iam::{ACCOUNT}:role/elevate-executor"),
            ),
            who("root", format!("arn:aws:iam::{ACCOUNT}:root")),
        ]
    }

    fn find(name: &str) -> Who {
        everyone().into_iter().find(|w| w.name == name).unwrap()
    }

    fn context(kind: SealKind, actor: &str) -> BTreeMap<String, String> {
        seal_context(LEDGER, "r-0000000001", HASH, kind, actor)
    }

    fn kms(action: &str, policy: &Value, w: &Who, ec: &BTreeMap<String, String>) -> Decision {
        let r = Request::new(action, KEY, &w.arn, &w.userid)
            .unwrap()
            .with_encryption_context(ec);
        evaluate(policy, PolicyKind::Resource, &r).unwrap().decision
    }

    /// Sealing `kind` as `w`, with `w`'s own userid as the actor (and, for a delegate's seal,
    /// `w`'s own role).
    fn seal(policy: &Value, w: &Who, kind: SealKind) -> Decision {
        let mut ec = context(kind, &w.userid);
        if kind == SealKind::Delegate {
            ec.insert(ROLE_KEY.into(), without_path(&w.arn));
        }
        kms("kms:Encrypt", policy, w, &ec)
    }

    #[test]
    fn a_delegate_seals_as_its_own_role_only() {
        let other = format!("arn:aws:iam::{ACCOUNT}:role/ci-deployer");
        let policy = key_policy(&SealScope {
            delegate_roles: vec![delegate_role(), other.clone()],
            ..scope()
        })
        .unwrap();
        let ci = find("delegate");
        let as_role = |role: Option<&str>| {
            let mut ec = context(SealKind::Delegate, &ci.userid);
            if let Some(role) = role {
                ec.insert(ROLE_KEY.into(), role.into());
            }
            kms("kms:Encrypt", &policy, &ci, &ec)
        };
        assert_eq!(
            as_role(Some(&format!(
                "arn:aws:iam::{ACCOUNT}:role/elevate-delegate"
            ))),
            Decision::Allowed
        );
        for role in [
            Some(other.as_str()),
            Some(delegate_role().as_str()),
            Some("*"),
            Some(""),
            None,
        ] {
            assert_eq!(as_role(role), Decision::ImplicitDeny, "{role:?}");
        }
        // And the other role, as itself, but not as ci.
        let deployer = who("deployer", other.clone());
        let mut ec = context(SealKind::Delegate, &deployer.userid);
        ec.insert(ROLE_KEY.into(), other.clone());
        assert_eq!(
            kms("kms:Encrypt", &policy, &deployer, &ec),
            Decision::Allowed
        );
        ec.insert(
            ROLE_KEY.into(),
            format!("arn:aws:iam::{ACCOUNT}:role/elevate-delegate"),
        );
        assert_eq!(
            kms("kms:Encrypt", &policy, &deployer, &ec),
            Decision::ImplicitDeny
        );
        // The role key is a delegate's only: no other kind may carry it.
        let bob = find("approver");
        let mut ec = context(SealKind::Approve, &bob.userid);
        ec.insert(ROLE_KEY.into(), without_path(&bob.arn));
        assert_eq!(
            kms("kms:Encrypt", &policy, &bob, &ec),
            Decision::ImplicitDeny
        );
        // What the verifier rebuilds from a session ARN is what the policy names.
        assert_eq!(
            crate::domain::ledger::delegate_role(&format!(
                "arn:aws:sts::{ACCOUNT}:assumed-role/elevate-delegate/build-42"
            ))
            .as_deref(),
            Some(without_path(&delegate_role()).as_str())
        );
    }

    fn expected_sealers(kind: SealKind) -> &'static [&'static str] {
        match kind {
            SealKind::Request => &[
                "requester",
                "requester-us-east-1",
                "approver",
                "approver-us-east-1",
            ],
            SealKind::Delegate => &["delegate"],
            SealKind::Approve | SealKind::Grant => &["approver", "approver-us-east-1"],
            SealKind::Execute => &["executor"],
            SealKind::Policy => &["admin", "admin-role"],
        }
    }

    const VERIFIERS: [&str; 9] = [
        "requester",
        "requester-us-east-1",
        "approver",
        "approver-us-east-1",
        "auditor",
        "admin",
        "admin-role",
        "executor",
        "delegate",
    ];

    #[test]
    fn each_kind_is_sealed_by_exactly_its_principals() {
        let policy = key_policy(&scope()).unwrap();
        for kind in SealKind::ALL {
            for w in everyone() {
                let expected = if expected_sealers(kind).contains(&w.name) {
                    Decision::Allowed
                } else {
                    Decision::ImplicitDeny
                };
                assert_eq!(
                    seal(&policy, &w, kind),
                    expected,
                    "{} sealing {kind}",
                    w.name
                );
            }
        }
    }

    #[test]
    fn every_elevate_principal_verifies_and_no_one_else() {
        let policy = key_policy(&scope()).unwrap();
        for w in everyone() {
            let expected = if VERIFIERS.contains(&w.name) {
                Decision::Allowed
            } else {
                Decision::ImplicitDeny
            };
            for kind in SealKind::ALL {
                // Verifying someone else's seal: the actor is not the verifier.
                let ec = context(kind, "AROAOTHER:someone@example.com");
                assert_eq!(
                    kms("kms:Decrypt", &policy, &w, &ec),
                    expected,
                    "{} verifying {kind}",
                    w.name
                );
            }
            // DescribeKey is also key administration, which the key's account delegates to its
            // IAM policies.
            let describe = match expected {
                Decision::ImplicitDeny if w.arn.contains(ACCOUNT) => {
                    Decision::AllowedIfIdentityPolicyAllows
                }
                other => other,
            };
            assert_eq!(
                kms("kms:DescribeKey", &policy, &w, &BTreeMap::new()),
                describe,
                "{} describing",
                w.name
            );
        }
        // Decrypting under another ledger, or with an extra key, is refused.
        let auditor = find("auditor");
        let mut other = seal_context(
            "dynamodb:other",
            "r-0000000001",
            HASH,
            SealKind::Approve,
            "AROAX:x",
        );
        assert_eq!(
            kms("kms:Decrypt", &policy, &auditor, &other),
            Decision::ImplicitDeny
        );
        other = context(SealKind::Approve, "AROAX:x");
        other.insert("elevate:extra".into(), "1".into());
        assert_eq!(
            kms("kms:Decrypt", &policy, &auditor, &other),
            Decision::ImplicitDeny
        );
    }

    #[test]
    fn a_requester_cannot_seal_what_only_others_decide() {
        let policy = key_policy(&scope()).unwrap();
        for name in ["requester", "requester-us-east-1"] {
            let w = find(name);
            assert_eq!(seal(&policy, &w, SealKind::Request), Decision::Allowed);
            for kind in [
                SealKind::Approve,
                SealKind::Grant,
                SealKind::Execute,
                SealKind::Policy,
                SealKind::Delegate,
            ] {
                assert_eq!(
                    seal(&policy, &w, kind),
                    Decision::ImplicitDeny,
                    "{name} sealing {kind}"
                );
            }
        }
    }

    #[test]
    fn an_approver_cannot_seal_executor_records_or_policy_versions() {
        let policy = key_policy(&scope()).unwrap();
        for name in ["approver", "approver-us-east-1"] {
            let w = find(name);
            for kind in [SealKind::Request, SealKind::Approve, SealKind::Grant] {
                assert_eq!(
                    seal(&policy, &w, kind),
                    Decision::Allowed,
                    "{name} sealing {kind}"
                );
            }
            for kind in [SealKind::Execute, SealKind::Policy, SealKind::Delegate] {
                assert_eq!(
                    seal(&policy, &w, kind),
                    Decision::ImplicitDeny,
                    "{name} sealing {kind}"
                );
            }
        }
    }

    #[test]
    fn the_actor_is_the_caller() {
        let policy = key_policy(&scope()).unwrap();
        let (alice, bob) = (find("requester"), find("approver"));
        // Bob's role session sealing an approval in alice's name.
        let forged = context(SealKind::Approve, &alice.userid);
        assert_eq!(
            kms("kms:Encrypt", &policy, &bob, &forged),
            Decision::ImplicitDeny
        );
        // ...or in a name that is nobody's, or a pattern.
        for actor in ["", "*", "AROA*", "${aws:userid}"] {
            let ec = context(SealKind::Approve, actor);
            assert_eq!(
                kms("kms:Encrypt", &policy, &bob, &ec),
                Decision::ImplicitDeny,
                "actor {actor:?}"
            );
        }
        // The executor cannot write an approval for bob either.
        let ec = context(SealKind::Approve, &bob.userid);
        assert_eq!(
            kms("kms:Encrypt", &policy, &find("executor"), &ec),
            Decision::ImplicitDeny
        );
        // Bob sealing as himself is what works.
        assert_eq!(
            kms(
                "kms:Encrypt",
                &policy,
                &bob,
                &context(SealKind::Approve, &bob.userid)
            ),
            Decision::Allowed
        );
    }

    #[test]
    fn exactly_the_five_context_keys() {
        let policy = key_policy(&scope()).unwrap();
        let bob = find("approver");
        let mine = || context(SealKind::Approve, &bob.userid);
        let attempt = |ec: &BTreeMap<String, String>| kms("kms:Encrypt", &policy, &bob, ec);
        // An extra key.
        let mut extra = mine();
        extra.insert("elevate:note".into(), "x".into());
        assert_eq!(attempt(&extra), Decision::ImplicitDeny);
        // Each key missing.
        for key in CONTEXT_KEYS {
            let mut missing = mine();
            missing.remove(key);
            assert_eq!(attempt(&missing), Decision::ImplicitDeny, "without {key}");
        }
        // No encryption context at all.
        assert_eq!(attempt(&BTreeMap::new()), Decision::ImplicitDeny);
        // Each key in another case, in place of the real one: kms:EncryptionContext:<key>
        // ignores case, kms:EncryptionContextKeys does not.
        for key in CONTEXT_KEYS {
            let mut shouted = mine();
            let value = shouted.remove(key).unwrap();
            shouted.insert(key.to_uppercase(), value);
            assert_eq!(
                attempt(&shouted),
                Decision::ImplicitDeny,
                "{} instead of {key}",
                key.to_uppercase()
            );
        }
        // A case-variant duplicate: bob's own actor for the condition, alice's for whoever
        // reads the other key.
        let mut twice = mine();
        twice.insert("Elevate:Actor".into(), find("requester").userid);
        assert_eq!(attempt(&twice), Decision::ImplicitDeny);
        let mut kinds = mine();
        kinds.insert("ELEVATE:KIND".into(), "execute".into());
        assert_eq!(attempt(&kinds), Decision::ImplicitDeny);
    }

    #[test]
    fn the_kind_and_ledger_must_be_this_ones_exactly() {
        let policy = key_policy(&scope()).unwrap();
        let bob = find("approver");
        let with = |key: &str, value: &str| {
            let mut ec = context(SealKind::Approve, &bob.userid);
            ec.insert(key.into(), value.into());
            kms("kms:Encrypt", &policy, &bob, &ec)
        };
        assert_eq!(
            with("elevate:ledger", "dynamodb:other-ledger"),
            Decision::ImplicitDeny
        );
        assert_eq!(
            with("elevate:ledger", "DYNAMODB:ELEVATE-LEDGER"),
            Decision::ImplicitDeny
        );
        assert_eq!(with("elevate:kind", "Approve"), Decision::ImplicitDeny);
        assert_eq!(with("elevate:kind", "approve "), Decision::ImplicitDeny);
        assert_eq!(with("elevate:kind", "approve"), Decision::Allowed);
    }

    #[test]
    fn grant_exists_only_in_direct_mode_and_delegate_only_with_delegates() {
        let brokered = SealScope {
            grant_by_approvers: false,
            delegate_roles: vec![],
            ..scope()
        };
        let policy = key_policy(&brokered).unwrap();
        let sids = sids(&policy);
        assert!(
            !sids.contains(&seal_sid(SealKind::Grant).to_string()),
            "{sids:?}"
        );
        assert!(
            !sids
                .iter()
                .any(|s| s.starts_with(seal_sid(SealKind::Delegate))),
            "{sids:?}"
        );
        for w in everyone() {
            assert_eq!(
                seal(&policy, &w, SealKind::Grant),
                Decision::ImplicitDeny,
                "{}",
                w.name
            );
            assert_eq!(
                seal(&policy, &w, SealKind::Delegate),
                Decision::ImplicitDeny,
                "{}",
                w.name
            );
        }
        assert_eq!(
            seal(&policy, &find("approver"), SealKind::Approve),
            Decision::Allowed
        );
    }

    /// The account principal with `kms:*` in its identity policy (an account administrator,
    /// or anyone an administrator has been generous to) still cannot seal: the key policy
    /// delegates only key administration to the account.
    #[test]
    fn kms_star_in_an_identity_policy_seals_nothing() {
        let policy = key_policy(&scope()).unwrap();
        let kms_star = json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "kms:*", "Resource": "*"}]});
        let everything = json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*"}]});
        let admin = who(
            "account-admin",
            format!("arn:aws:iam::{ACCOUNT}:role/OrganizationAccountAccessRole"),
        );
        let decide = |action: &str, w: &Who, ec: &BTreeMap<String, String>| {
            let r = Request::new(action, KEY, &w.arn, &w.userid)
                .unwrap()
                .with_encryption_context(ec);
            evaluate_kms(&policy, &[&kms_star, &everything], &r).unwrap()
        };
        for kind in SealKind::ALL {
            assert_eq!(
                decide("kms:Encrypt", &admin, &context(kind, &admin.userid)),
                Decision::ImplicitDeny,
                "{kind}"
            );
            // Not even a principal that may seal something else, for what it may not.
            let requester = find("requester");
            if kind != SealKind::Request {
                assert_eq!(
                    decide("kms:Encrypt", &requester, &context(kind, &requester.userid)),
                    Decision::ImplicitDeny,
                    "{kind}"
                );
            }
        }
        // Decrypting reveals nothing (a seal's plaintext is the event hash) and the executor
        // verifies seals anyway; for the others it is still not theirs.
        for w in [admin.clone(), find("root")] {
            let ec = context(SealKind::Execute, &w.userid);
            assert_eq!(
                decide("kms:Decrypt", &w, &ec),
                Decision::ImplicitDeny,
                "{}",
                w.name
            );
        }
        for action in [
            "kms:ReEncryptFrom",
            "kms:ReEncryptTo",
            "kms:GenerateDataKey",
            "kms:GenerateDataKeyWithoutPlaintext",
            "kms:GenerateDataKeyPair",
            "kms:CreateGrant",
            "kms:ScheduleKeyDeletion",
            "kms:DisableKey",
            "kms:GenerateMac",
            "kms:Sign",
        ] {
            for w in [admin.clone(), find("root"), find("executor")] {
                let ec = context(SealKind::Execute, &w.userid);
                assert_ne!(
                    decide(action, &w, &ec),
                    Decision::Allowed,
                    "{} may {action}",
                    w.name
                );
            }
        }
        // The delegation is real: the same principal administers the key through IAM, so the
        // refusals above are not an artefact of a policy that grants the account nothing.
        for action in KEY_ADMIN_ACTIONS {
            assert_eq!(
                decide(action, &admin, &BTreeMap::new()),
                Decision::Allowed,
                "{action}"
            );
        }
        assert_eq!(
            evaluate(
                &policy,
                PolicyKind::Resource,
                &Request::new("kms:PutKeyPolicy", KEY, &admin.arn, &admin.userid).unwrap()
            )
            .unwrap()
            .decision,
            Decision::AllowedIfIdentityPolicyAllows
        );
    }

    #[test]
    fn key_administration_is_exactly_the_eight_actions() {
        let policy = key_policy(&scope()).unwrap();
        let admin = statement(&policy, ADMIN_SID);
        assert_eq!(
            admin["Principal"],
            json!({"AWS": format!("arn:aws:iam::{ACCOUNT}:root")})
        );
        assert_eq!(admin["Action"], json!(KEY_ADMIN_ACTIONS));
        assert!(admin.get("Condition").is_none());
        // Nothing in the document names a wildcard action or a cryptographic action other than
        // the sealing and verifying statements'.
        for s in policy["Statement"].as_array().unwrap() {
            for a in s["Action"]
                .as_array()
                .cloned()
                .unwrap_or_else(|| vec![s["Action"].clone()])
            {
                let a = a.as_str().unwrap();
                assert!(!a.contains('*'), "{a}");
                assert!(
                    !a.starts_with("kms:ReEncrypt")
                        && !a.starts_with("kms:GenerateDataKey")
                        && a != "kms:CreateGrant",
                    "{a}"
                );
            }
        }
    }

    /// With the people in another account than the key, a seal needs their identity policy
    /// too ("Cross-account policy evaluation logic"): the key policy alone is not enough, and
    /// an identity policy alone is not either.
    #[test]
    fn across_accounts_both_sides_must_allow() {
        let cross = SealScope {
            identity_account: OTHER_ACCOUNT.to_string(),
            ..scope()
        };
        let policy = key_policy(&cross).unwrap();
        let bob = who(
            "approver",
            sso(OTHER_ACCOUNT, "ElevateApprover", Some("eu-west-1")),
        );
        let ec = context(SealKind::Approve, &bob.userid);
        assert_eq!(
            kms("kms:Encrypt", &policy, &bob, &ec),
            Decision::AllowedIfIdentityPolicyAllows
        );
        let allow_encrypt = json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "kms:Encrypt", "Resource": KEY}]});
        let r = Request::new("kms:Encrypt", KEY, &bob.arn, &bob.userid)
            .unwrap()
            .with_encryption_context(&ec);
        assert_eq!(
            evaluate_kms(&policy, &[&allow_encrypt], &r).unwrap(),
            Decision::Allowed
        );
        assert_eq!(
            evaluate_kms(&policy, &[], &r).unwrap(),
            Decision::ImplicitDeny
        );
        // The same role name in the key's account is not a person any more.
        let local = who(
            "approver",
            sso(ACCOUNT, "ElevateApprover", Some("eu-west-1")),
        );
        let ec = context(SealKind::Approve, &local.userid);
        assert_eq!(
            kms("kms:Encrypt", &policy, &local, &ec),
            Decision::ImplicitDeny
        );
    }

    #[test]
    fn permission_set_patterns_cover_both_paths_and_nothing_wider() {
        let [plain, regional] = permission_set_role_patterns("aws", ACCOUNT, "Elevate").unwrap();
        assert_eq!(
            plain,
            format!(
                "arn:aws:iam::{ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Elevate_????????????????"
            )
        );
        assert_eq!(
            regional,
            format!(
                "arn:aws:iam::{ACCOUNT}:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_Elevate_????????????????"
            )
        );
        // A permission set `Elevate` does not seal for `Elevate_Approver`'s roles.
        let s = SealScope {
            approver_permission_sets: vec!["Elevate".into()],
            requester_permission_sets: vec!["Elevate_Requester".into()],
            ..scope()
        };
        let policy = key_policy(&s).unwrap();
        for region in [None, Some("eu-west-1")] {
            let real = who("approver", sso(ACCOUNT, "Elevate", region));
            assert_eq!(seal(&policy, &real, SealKind::Approve), Decision::Allowed);
            for other in [
                "Elevate_Approver",
                "Elevate_Requester",
                "ElevateX",
                "Elevat",
            ] {
                let w = who("impostor", sso(ACCOUNT, other, region));
                assert_eq!(
                    seal(&policy, &w, SealKind::Approve),
                    Decision::ImplicitDeny,
                    "{other} {region:?}"
                );
            }
        }
    }

    #[test]
    fn names_that_would_be_patterns_are_refused() {
        for bad in [
            "Elevate*",
            "Ele?vate",
            "a/b",
            "$x",
            "{x",
            "${aws:userid}",
            "",
            "has space",
            "ThisPermissionSetNameIsFarTooLong1",
            "naïve",
        ] {
            let err = permission_set_role_patterns("aws", ACCOUNT, bad).unwrap_err();
            assert!(
                matches!(err, KeyPolicyError::PermissionSet { .. }),
                "{bad}: {err}"
            );
            for field in 0..4 {
                let mut s = scope();
                [
                    &mut s.requester_permission_sets,
                    &mut s.approver_permission_sets,
                    &mut s.auditor_permission_sets,
                    &mut s.admin_permission_sets,
                ][field]
                    .push(bad.to_string());
                assert!(key_policy(&s).is_err(), "{bad} in field {field}");
            }
        }
        let err = permission_set_role_patterns("aws", ACCOUNT, "Elevate*").unwrap_err();
        assert!(err.to_string().contains("'*'"), "{err}");
        assert!(permission_set_role_patterns("aws", ACCOUNT, "Elevate-Ops_2+=,.@").is_ok());
        for bad_role in [
            format!("arn:aws:iam::{ACCOUNT}:role/elevate-*"),
            format!("arn:aws:iam::{ACCOUNT}:role/a?b"),
            format!("arn:aws:iam::{ACCOUNT}:role/${{aws:username}}"),
            "arn:aws:iam::*:role/elevate-executor".to_string(),
            format!("arn:aws:sts::{ACCOUNT}:assumed-role/elevate-executor/session"),
            format!("arn:aws-cn:iam::{ACCOUNT}:role/elevate-executor"),
            format!("arn:aws:iam::{ACCOUNT}:user/elevate"),
            format!("arn:aws:iam::{ACCOUNT}:role/"),
            "elevate-executor".to_string(),
        ] {
            let s = SealScope {
                executor_role: bad_role.clone(),
                ..scope()
            };
            assert!(
                matches!(key_policy(&s), Err(KeyPolicyError::Role { .. })),
                "{bad_role}"
            );
            let s = SealScope {
                admin_roles: vec![bad_role.clone()],
                ..scope()
            };
            assert!(key_policy(&s).is_err(), "{bad_role}");
            let s = SealScope {
                delegate_roles: vec![bad_role.clone()],
                ..scope()
            };
            assert!(key_policy(&s).is_err(), "{bad_role}");
        }
        for (s, what) in [
            (
                SealScope {
                    partition: "aws*".into(),
                    ..scope()
                },
                "partition",
            ),
            (
                SealScope {
                    key_account: "1111".into(),
                    ..scope()
                },
                "key account",
            ),
            (
                SealScope {
                    identity_account: "*".into(),
                    ..scope()
                },
                "identity account",
            ),
            (
                SealScope {
                    ledger: "".into(),
                    ..scope()
                },
                "empty ledger",
            ),
            (
                SealScope {
                    ledger: "dynamodb:${aws:userid}".into(),
                    ..scope()
                },
                "ledger variable",
            ),
            (
                SealScope {
                    ledger: "dynamodb:*".into(),
                    ..scope()
                },
                "ledger wildcard",
            ),
            (
                SealScope {
                    ledger: "dynamodb:\u{1b}[31m".into(),
                    ..scope()
                },
                "ledger control",
            ),
            (
                SealScope {
                    approver_permission_sets: vec![],
                    ..scope()
                },
                "no approvers",
            ),
            (
                SealScope {
                    admin_permission_sets: vec![],
                    admin_roles: vec![],
                    ..scope()
                },
                "no admins",
            ),
            (
                SealScope {
                    requester_permission_sets: vec![],
                    approver_permission_sets: vec![],
                    ..scope()
                },
                "no requesters",
            ),
        ] {
            assert!(key_policy(&s).is_err(), "{what}");
        }
        let err = key_policy(&SealScope {
            approver_permission_sets: vec![],
            ..scope()
        })
        .unwrap_err();
        assert_eq!(err, KeyPolicyError::NoSealers(SealKind::Approve));
        // Requests still work with approvers only.
        assert!(
            key_policy(&SealScope {
                requester_permission_sets: vec![],
                ..scope()
            })
            .is_ok()
        );
    }

    #[test]
    fn too_many_principals_for_kms_is_an_error_not_a_truncated_policy() {
        let many: Vec<String> = (0..300)
            .map(|i| format!("arn:aws:iam::{ACCOUNT}:role/delegate-{i:04}"))
            .collect();
        let s = SealScope {
            delegate_roles: many,
            ..scope()
        };
        assert!(
            matches!(key_policy(&s), Err(KeyPolicyError::TooLarge(n)) if n > MAX_KEY_POLICY_BYTES)
        );
    }

    /// The seal statements are read as their keys say: a change to `ledger::CONTEXT_KEYS` or
    /// its order cannot silently point a condition at the wrong key.
    #[test]
    fn conditions_name_the_keys_seal_context_fills() {
        let policy = key_policy(&scope()).unwrap();
        let ec = seal_context("L", "R", "H", SealKind::Approve, "A");
        let s = statement(&policy, seal_sid(SealKind::Approve));
        let equals = s["Condition"]["StringEquals"].as_object().unwrap();
        let value_of = |policy_value: &str| {
            let key = equals.iter().find(|(_, v)| *v == policy_value).unwrap().0;
            ec[key.strip_prefix("kms:EncryptionContext:").unwrap()].clone()
        };
        assert_eq!(value_of("approve"), "approve");
        assert_eq!(value_of("${aws:userid}"), "A");
        assert_eq!(value_of(LEDGER), "L");
        let nulls: BTreeSet<&str> = s["Condition"]["Null"]
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.strip_prefix("kms:EncryptionContext:").unwrap())
            .collect();
        let free: BTreeSet<&str> = ec
            .iter()
            .filter(|(_, v)| *v == "R" || *v == "H")
            .map(|(k, _)| k.as_str())
            .collect();
        assert_eq!(nulls, free);
        // And never a set operator on a context pair.
        for st in policy["Statement"].as_array().unwrap() {
            for (op, keys) in st["Condition"].as_object().into_iter().flatten() {
                if op.starts_with("For") {
                    for key in keys.as_object().unwrap().keys() {
                        assert_eq!(key, "kms:EncryptionContextKeys", "{op} {key}");
                    }
                }
            }
        }
    }

    fn statement<'a>(policy: &'a Value, sid: &str) -> &'a Value {
        policy["Statement"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["Sid"] == sid)
            .unwrap()
    }

    fn sids(policy: &Value) -> Vec<String> {
        policy["Statement"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["Sid"].as_str().unwrap().to_string())
            .collect()
    }

    #[test]
    fn the_document_is_stable_and_deterministic() {
        let policy = key_policy(&scope()).unwrap();
        assert_eq!(
            sids(&policy),
            [
                ADMIN_SID,
                "SealRequests",
                "SealDelegatedRequests1",
                "SealApprovals",
                "SealGrants",
                "SealExecutorRecords",
                "SealPolicyVersions",
                VERIFY_SID,
                DESCRIBE_SID
            ]
        );
        let mut shuffled = scope();
        shuffled.requester_permission_sets = vec!["B".into(), "A".into(), "B".into()];
        let mut sorted = scope();
        sorted.requester_permission_sets = vec!["A".into(), "B".into()];
        assert_eq!(key_policy(&shuffled).unwrap(), key_policy(&sorted).unwrap());
        assert_eq!(key_policy(&scope()).unwrap(), policy);
        crate::domain::snapshot(
            "key_policy.json",
            &(serde_json::to_string_pretty(&policy).unwrap() + "\n"),
        );
    }

    #[test]
    fn a_key_policy_read_back_matches_itself_by_meaning() {
        let expected = key_policy(&scope()).unwrap();
        assert_eq!(check_key_policy(&expected, &expected), Vec::<String>::new());
        // As AWS may hand it back: statements and values reordered, a one-value list as a
        // string, a bool for "false", condition key names in another case.
        let mut found = expected.clone();
        let statements = found["Statement"].as_array_mut().unwrap();
        statements.reverse();
        for s in statements.iter_mut() {
            if let Some(list) = s
                .pointer_mut("/Condition/ArnLike/aws:PrincipalArn")
                .and_then(Value::as_array_mut)
            {
                list.reverse();
            }
            if s["Action"].is_string() {
                s["Action"] = json!([s["Action"].as_str().unwrap().to_uppercase()]);
            }
            if let Some(null) = s.pointer_mut("/Condition/Null") {
                let renamed: Map<String, Value> = null
                    .as_object()
                    .unwrap()
                    .keys()
                    .map(|k| (k.to_uppercase(), json!(false)))
                    .collect();
                *null = Value::Object(renamed);
            }
        }
        let text = serde_json::to_string(&found).unwrap();
        let found = parse_policy_text(&text).unwrap();
        assert_eq!(check_key_policy(&found, &expected), Vec::<String>::new());
    }

    #[test]
    fn every_difference_is_reported() {
        let expected = key_policy(&scope()).unwrap();
        let changed = |f: &dyn Fn(&mut Value)| {
            let mut found = expected.clone();
            f(&mut found);
            check_key_policy(&found, &expected)
        };
        fn approvals(p: &mut Value) -> &mut Value {
            p["Statement"]
                .as_array_mut()
                .unwrap()
                .iter_mut()
                .find(|s| s["Sid"] == "SealApprovals")
                .unwrap()
        }
        let one = |diffs: Vec<String>, needle: &str| {
            assert_eq!(diffs.len(), 1, "{diffs:?}");
            assert!(
                diffs[0].contains(needle),
                "{diffs:?} should mention {needle}"
            );
        };
        one(
            changed(&|p| approvals(p)["Effect"] = json!("Deny")),
            "Effect",
        );
        one(
            changed(&|p| approvals(p)["Action"] = json!(["kms:Encrypt", "kms:Decrypt"])),
            "\"kms:decrypt\" is not expected",
        );
        one(
            changed(&|p| {
                approvals(p)["Principal"] = json!({"AWS": "arn:aws:iam::999999999999:root"})
            }),
            "Principal",
        );
        one(
            changed(&|p| {
                approvals(p)["Condition"]["ArnLike"]["aws:PrincipalArn"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!("arn:aws:iam::111122223333:role/*"));
            }),
            "also accepts \"arn:aws:iam::111122223333:role/*\"",
        );
        one(
            changed(&|p| {
                approvals(p)["Condition"]["StringEquals"]["kms:EncryptionContext:elevate:actor"] =
                    json!("*");
            }),
            "kms:EncryptionContext:elevate:actor",
        );
        let no_null = changed(&|p| {
            approvals(p)["Condition"]
                .as_object_mut()
                .unwrap()
                .remove("Null");
        });
        assert_eq!(
            no_null,
            [
                "statement \"SealApprovals\": condition Null kms:EncryptionContext:elevate:hash = [\"false\"] is missing",
                "statement \"SealApprovals\": condition Null kms:EncryptionContext:elevate:request = [\"false\"] is missing",
            ]
        );
        let swapped = changed(&|p| {
            let c = approvals(p)["Condition"].as_object_mut().unwrap();
            let keys = c.remove("ForAllValues:StringEquals").unwrap();
            c.insert("ForAnyValue:StringEquals".into(), keys);
        });
        assert_eq!(swapped.len(), 2, "{swapped:?}");
        one(
            changed(&|p| {
                p["Statement"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"Sid": "Backdoor", "Effect": "Allow",
                "Principal": {"AWS": "*"}, "Action": "kms:Encrypt", "Resource": "*"}));
            }),
            "\"Backdoor\" is not one elevate writes",
        );
        one(
            changed(&|p| {
                p["Statement"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"Effect": "Allow",
                "Principal": {"AWS": "*"}, "Action": "kms:Encrypt", "Resource": "*"}));
            }),
            "has no Sid",
        );
        one(
            changed(&|p| {
                p["Statement"]
                    .as_array_mut()
                    .unwrap()
                    .retain(|s| s["Sid"] != "SealExecutorRecords");
            }),
            "\"SealExecutorRecords\" is missing",
        );
        one(
            changed(&|p| {
                let copy = approvals(p).clone();
                p["Statement"].as_array_mut().unwrap().push(copy);
            }),
            "two statements with the Sid \"SealApprovals\"",
        );
        one(
            changed(&|p| approvals(p)["NotPrincipal"] = json!({"AWS": "*"})),
            "NotPrincipal",
        );
        one(changed(&|p| p["Version"] = json!("2008-10-17")), "Version");
        one(changed(&|p| *p = json!([])), "not a JSON object");
        let root_kms_star = changed(&|p| {
            p["Statement"][0]["Action"] = json!("kms:*");
        });
        assert_eq!(root_kms_star.len(), 9, "{root_kms_star:?}");
    }
}
