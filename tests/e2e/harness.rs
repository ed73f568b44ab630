use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};

use regex::Regex;
use serde_json::Value;

#[path = "../support/emulator.rs"]
mod support;
pub use support::{emulator, python, repo};

#[path = "../support/faults.rs"]
pub mod faults;

#[path = "../support/kms_guard.rs"]
pub mod kms_guard;

#[path = "../support/lambda_api.rs"]
pub mod lambda_api;

#[path = "../support/portal.rs"]
pub mod portal;

use support::script as helper;

static NEXT_ACCOUNT: AtomicU64 = AtomicU64::new(0);

/// The KMS key-policy guard in front of the emulator: every AWS call of the tests (elevate's,
/// and the attackers' own SDK calls) goes through it, so every seal is made and checked under
/// the seal key's policy, as in AWS. The seeder and the tests' inspection go to moto directly.
pub fn guard() -> &'static kms_guard::Guard {
    static GUARD: OnceLock<kms_guard::Guard> = OnceLock::new();
    GUARD.get_or_init(|| kms_guard::Guard::start(&emulator().endpoint))
}

/// Where elevate and the tests' own AWS clients send their calls: the guard.
pub fn endpoint() -> &'static str {
    &guard().endpoint
}

/// A runtime for the tests' own AWS SDK calls.
pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME
        .get_or_init(|| {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("the tests' runtime")
        })
        .block_on(f)
}

/// The role each seeded credential plays, for the IAM policy `elevate iam-policy` gives it.
fn role_of(who: &str) -> Option<elevate::domain::iam::Role> {
    use elevate::domain::iam::Role;
    Some(match who {
        "alice" | "erin" | "ci" => Role::Requester,
        "bob" | "carol" | "dave" => Role::Approver,
        "executor" => Role::Executor,
        "admin" => Role::Admin,
        "ivy" => Role::Auditor,
        _ => return None,
    })
}

pub const POLICY: &str = r#"
[settings]
max_duration = "8h"
reason_min_length = 5

[[rule]]
name = "engineers"
principals = ["group:Engineers"]
accounts = ["*"]
permission_sets = ["AdministratorAccess", "ReadOnlyAccess"]
max_duration = "4h"
approval = "required"
approvers = ["group:Approvers"]

[[rule]]
name = "release"
principals = ["group:Release"]
accounts = ["*"]
permission_sets = ["AdministratorAccess"]
max_duration = "1h"
approval = "required"
approvers = ["group:Approvers"]

# The CI role may ask for the release group, and no one else.
[[delegate]]
callers = ["arn:aws:iam::{management}:role/ci-deployer"]
principals = ["group:Release"]
"#;

/// A seeded organisation in an account of its own, and a home directory for elevate.
pub struct Org {
    pub seed: Value,
    pub dir: tempfile::TempDir,
    /// The seal key of its DynamoDB ledger, once `setup` made it.
    seal_key: Mutex<Option<String>>,
    /// Its `grant_mode` on the DynamoDB ledger. The tests written for approvers who grant run
    /// direct mode; `brokered()` makes a team installation (the product's default there).
    grant_mode: Mutex<&'static str>,
}

impl Org {
    pub fn new() -> Org {
        let n = NEXT_ACCOUNT.fetch_add(1, Ordering::SeqCst);
        Self::seeded(&format!("{:012}", 300_000_000_000 + n), true)
    }

    /// An organisation with `n` more member accounts, `acct-00`.. (see `target`).
    pub fn with_accounts(n: usize) -> Org {
        let account = NEXT_ACCOUNT.fetch_add(1, Ordering::SeqCst);
        Self::seeded_with(&format!("{:012}", 300_000_000_000 + account), true, n)
    }

    /// An Identity Center administered from `account`, which may be a member of another's
    /// organization (a delegated administrator).
    pub fn seeded(account: &str, with_org: bool) -> Org {
        Self::seeded_with(account, with_org, 0)
    }

    fn seeded_with(account: &str, with_org: bool, extra_accounts: usize) -> Org {
        let endpoint = emulator().endpoint.clone();
        let extra = extra_accounts.to_string();
        let mut args = vec!["seed", "--endpoint", &endpoint, "--account", account];
        if !with_org {
            args.push("--no-org");
        }
        if extra_accounts > 0 {
            args.extend(["--accounts", &extra]);
        }
        let seed = helper(&args);
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("policy.toml"),
            POLICY.replace("{management}", account),
        )
        .unwrap();
        // Empty AWS config files: nothing from the developer's machine leaks in.
        std::fs::write(dir.path().join("aws-config"), "").unwrap();
        std::fs::write(dir.path().join("aws-credentials"), "").unwrap();
        // elevate's config: the principals the seal key's policy names, as seeded (the admin is
        // a user of the default ElevateAdmin permission set; requesters and approvers, of
        // ElevateRequester and ElevateApprover).
        let config = dir.path().join("config/elevate");
        std::fs::create_dir_all(&config).unwrap();
        std::fs::write(
            config.join("config.toml"),
            format!(
                "identity_account = \"{account}\"\n\
                 executor_role_arn = \"{}\"\n",
                seed["credentials"]["executor"]["RoleArn"].as_str().unwrap(),
            ),
        )
        .unwrap();
        for c in seed["credentials"].as_object().unwrap().values() {
            guard().register(
                c["AccessKeyId"].as_str().unwrap(),
                kms_guard::Principal {
                    arn: c["RoleArn"].as_str().unwrap().to_string(),
                    userid: c["UserId"].as_str().unwrap().to_string(),
                    identity_policies: Vec::new(),
                    enforce_identity: false,
                },
            );
        }
        Org {
            seed,
            dir,
            seal_key: Mutex::new(None),
            grant_mode: Mutex::new("direct"),
        }
    }

    /// Replaces the policy file; `{prod_ou}`, `{workloads_ou}`, `{dev}`, `{prod}` and
    /// `{management}` are filled in from the seed.
    pub fn write_policy(&self, template: &str) {
        let text = template
            .replace("{prod_ou}", self.seed["ous"]["Prod"].as_str().unwrap())
            .replace(
                "{workloads_ou}",
                self.seed["ous"]["Workloads"].as_str().unwrap(),
            )
            .replace("{dev}", &self.dev())
            .replace("{prod}", &self.target("prod"))
            .replace("{management}", &self.account());
        std::fs::write(self.policy_path(), text).unwrap();
    }

    pub fn scheduler_role(&self) -> String {
        format!("arn:aws:iam::{}:role/elevate-scheduler", self.account())
    }

    /// An SNS topic with an SQS queue subscribed: `(topic ARN, queue URL)`.
    pub fn sns_queue(&self) -> (String, String) {
        let endpoint = emulator().endpoint.clone();
        let v = helper(&[
            "sns-queue",
            "--endpoint",
            &endpoint,
            "--account",
            &self.account(),
        ]);
        (
            v["topic"].as_str().unwrap().to_string(),
            v["queue"].as_str().unwrap().to_string(),
        )
    }

    /// The SNS envelopes waiting in `queue`.
    pub fn sqs_read(&self, queue: &str) -> Vec<Value> {
        let endpoint = emulator().endpoint.clone();
        helper(&[
            "sqs-read",
            "--endpoint",
            &endpoint,
            "--account",
            &self.account(),
            "--queue",
            queue,
        ])
        .as_array()
        .unwrap()
        .clone()
    }

    /// This organisation's trail bucket (bucket names are global, across accounts too).
    pub fn trail_bucket(&self) -> String {
        format!("trail-{}", self.account())
    }

    /// Writes a gzip CloudTrail file of `records` at `key` in `bucket`, as a trail would.
    pub fn put_trail(&self, bucket: &str, key: &str, records: &Value) {
        let file = self.dir.path().join("records.json");
        std::fs::write(&file, records.to_string()).unwrap();
        let endpoint = emulator().endpoint.clone();
        helper(&[
            "put-trail",
            "--endpoint",
            &endpoint,
            "--account",
            &self.account(),
            "--bucket",
            bucket,
            "--key",
            key,
            "--records",
            file.to_str().unwrap(),
        ]);
    }

    /// What `scripts/emulator.py <what>` lists for this organisation's account.
    fn listed(&self, what: &str) -> Vec<Value> {
        let endpoint = emulator().endpoint.clone();
        helper(&[what, "--endpoint", &endpoint, "--account", &self.account()])
            .as_array()
            .unwrap()
            .clone()
    }

    /// elevate's EventBridge schedules in this organisation's account.
    pub fn schedules(&self) -> Vec<Value> {
        self.listed("schedules")
    }

    /// Writes this organisation's elevate config file (`$XDG_CONFIG_HOME/elevate/config.toml`).
    pub fn write_config(&self, text: &str) {
        let dir = self.dir.path().join("config").join("elevate");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("config.toml"), text).unwrap();
    }

    pub fn policy_path(&self) -> PathBuf {
        self.dir.path().join("policy.toml")
    }

    pub fn account(&self) -> String {
        self.seed["account"].as_str().unwrap().to_string()
    }
    pub fn target(&self, name: &str) -> String {
        self.seed["accounts"][name].as_str().unwrap().to_string()
    }
    pub fn dev(&self) -> String {
        self.target("dev")
    }
    pub fn ps(&self, name: &str) -> String {
        self.seed["permission_sets"][name]
            .as_str()
            .unwrap()
            .to_string()
    }
    pub fn user_id(&self, name: &str) -> String {
        self.seed["users"][name].as_str().unwrap().to_string()
    }
    pub fn group_id(&self, name: &str) -> String {
        self.seed["groups"][name].as_str().unwrap().to_string()
    }
    /// `elevate` run by `who` (a seeded user, or `ci` for a CI role), hermetically.
    pub fn elevate(&self, who: &str) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::from_std(self.process(who));
        cmd.write_stdin("");
        cmd
    }

    /// The same as a plain process (for tests that signal it or read its environment).
    pub fn process(&self, who: &str) -> std::process::Command {
        let c = &self.seed["credentials"][who];
        self.process_with(
            c["AccessKeyId"].as_str().unwrap(),
            c["SecretAccessKey"].as_str().unwrap(),
            c["SessionToken"].as_str(),
        )
    }

    pub fn elevate_with(
        &self,
        key: &str,
        secret: &str,
        token: Option<&str>,
    ) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::from_std(self.process_with(key, secret, token));
        cmd.write_stdin("");
        cmd
    }

    /// `who` asks for AdministratorAccess on dev for an hour; the new request's id.
    pub fn ask_admin_on_dev(&self, who: &str, reason: &str) -> String {
        let dev = self.dev();
        json(self.elevate(who).args([
            "request",
            "-a",
            &dev,
            "-p",
            "AdministratorAccess",
            "-d",
            "1h",
            "-r",
            reason,
        ]))["id"]
            .as_str()
            .expect("a request id")
            .to_string()
    }

    /// `elevate` as a plain process (for tests that signal it), with the same hermetic
    /// environment.
    pub fn process_with(
        &self,
        key: &str,
        secret: &str,
        token: Option<&str>,
    ) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_elevate"));
        let home = self.dir.path();
        cmd.env_clear()
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env("AWS_CONFIG_FILE", home.join("aws-config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", home.join("aws-credentials"))
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_ENDPOINT_URL", endpoint())
            .env("AWS_REGION", "us-east-1")
            .env("AWS_MAX_ATTEMPTS", "1")
            .env("AWS_ACCESS_KEY_ID", key)
            .env("AWS_SECRET_ACCESS_KEY", secret)
            .env(
                "ELEVATE_STORE",
                format!("sqlite:{}", home.join("ledger.db").display()),
            )
            .env("ELEVATE_POLICY", home.join("policy.toml"))
            .env("ELEVATE_SCHEDULER_ROLE_ARN", self.scheduler_role())
            .env("NO_COLOR", "1");
        if let Some(t) = token {
            cmd.env("AWS_SESSION_TOKEN", t);
        }
        cmd
    }

    /// `elevate` as `who` on the DynamoDB ledger, as a plain process.
    pub fn on_table_process(&self, who: &str) -> std::process::Command {
        let mut cmd = self.process(who);
        cmd.env("ELEVATE_STORE", format!("dynamodb:{}", self.table()));
        cmd.env("ELEVATE_GRANT_MODE", *self.grant_mode.lock().unwrap());
        if let Some(key) = self.seal_key() {
            cmd.env("ELEVATE_KMS_SEAL_KEY", key);
        }
        cmd
    }

    /// Runs an emulator.py command about `permission_set` on `target` in this organisation.
    fn assignment_helper(
        &self,
        command: &str,
        target: &str,
        permission_set: &str,
        extra: &[&str],
    ) -> Value {
        let endpoint = emulator().endpoint.clone();
        let (account, set) = (self.account(), self.ps(permission_set));
        let mut args = vec![
            command,
            "--endpoint",
            &endpoint,
            "--account",
            &account,
            "--target",
            target,
            "--permission-set",
            &set,
        ];
        args.extend_from_slice(extra);
        helper(&args)
    }

    /// Assignments of `permission_set` on `target`, as Identity Center holds them.
    pub fn assignments(&self, target: &str, permission_set: &str) -> Vec<(String, String)> {
        self.assignment_helper("assignments", target, permission_set, &[])
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a["type"].as_str().unwrap().to_string(),
                    a["id"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }

    /// Every assignment in Identity Center: `(account, permission set ARN, type, principal id)`.
    pub fn inventory(&self) -> Vec<(String, String, String, String)> {
        self.listed("inventory")
            .iter()
            .map(|a| {
                let f = |k: &str| a[k].as_str().unwrap().to_string();
                (f("account"), f("permission_set"), f("type"), f("id"))
            })
            .collect()
    }

    /// This organisation's DynamoDB ledger table.
    pub fn table(&self) -> String {
        format!("ledger-{}", self.account())
    }

    /// `elevate` as `who` on this organisation's DynamoDB ledger (made by `setup`), sealed with
    /// the key `setup` made once it has.
    pub fn on_table(&self, who: &str) -> assert_cmd::Command {
        let mut cmd = self.elevate(who);
        cmd.env("ELEVATE_STORE", format!("dynamodb:{}", self.table()));
        cmd.env("ELEVATE_GRANT_MODE", *self.grant_mode.lock().unwrap());
        if let Some(key) = self.seal_key() {
            cmd.env("ELEVATE_KMS_SEAL_KEY", key);
        }
        cmd
    }

    /// The seal key `setup` made for the ledger: remembered, else found by its alias.
    pub fn seal_key(&self) -> Option<String> {
        let mut known = self.seal_key.lock().unwrap();
        if known.is_none() {
            let alias = format!("alias/elevate-seal/{}", self.table());
            let kms = self.kms("admin");
            *known = block_on(kms.describe_key().key_id(alias).send())
                .ok()
                .and_then(|k| k.key_metadata?.arn);
            if let Some(key) = known.as_deref() {
                self.give_identity_policies(key);
            }
        }
        known.clone()
    }

    /// What elevate's IAM policies are scoped to in this organisation, on its DynamoDB ledger.
    fn iam_scope(&self, seal_key: Option<String>) -> elevate::domain::iam::Scope {
        elevate::domain::iam::Scope {
            region: Some("us-east-1".into()),
            account: Some(self.account()),
            instance_arn: self.seed["instance_arn"].as_str().map(str::to_string),
            identity_store_id: self.seed["identity_store_id"].as_str().map(str::to_string),
            table: Some(self.table()),
            schedule_group: "elevate".into(),
            scheduler_role_arn: Some(self.scheduler_role()),
            seal_key,
            grant_mode: self.grant_mode.lock().unwrap().parse().unwrap(),
            ..Default::default()
        }
    }

    /// `who`'s IAM policy: what `elevate iam-policy <role>` prints for the role they play.
    pub fn identity_policy(&self, who: &str) -> Value {
        let role = role_of(who).unwrap_or_else(|| panic!("{who} plays no role"));
        elevate::domain::iam::policy(role, &self.iam_scope(self.seal_key()))
    }

    /// Each seeded principal's IAM policy, for the guard: they count where a key policy
    /// delegates to the account. In a brokered team they are also all each role may do: the
    /// guard refuses every call of the ledger, Identity Center, the identity store,
    /// Organizations and the scheduler that the role's policy does not allow, as IAM would.
    fn give_identity_policies(&self, seal_key: &str) {
        let scope = self.iam_scope(Some(seal_key.to_string()));
        let enforce = *self.grant_mode.lock().unwrap() == "brokered";
        for (who, c) in self.seed["credentials"].as_object().unwrap() {
            if let Some(role) = role_of(who) {
                let key = c["AccessKeyId"].as_str().unwrap();
                guard()
                    .set_identity_policies(key, vec![elevate::domain::iam::policy(role, &scope)]);
                if enforce {
                    guard().enforce(key);
                }
            }
        }
    }

    /// What the IAM guard decided for `who`'s calls: `(action, refusal)`, in order.
    pub fn iam_verdicts(&self, who: &str) -> Vec<(String, Option<String>)> {
        let key = self.seed["credentials"][who]["AccessKeyId"]
            .as_str()
            .unwrap();
        guard()
            .verdicts_of(key)
            .into_iter()
            .map(|v| (v.action, v.refused))
            .collect()
    }

    /// A team installation: only the executor changes access (set before `set_up`, whose seal
    /// key policy follows it).
    pub fn brokered(&self) -> &Self {
        *self.grant_mode.lock().unwrap() = "brokered";
        self
    }

    /// Sets the DynamoDB ledger up as an admin would: `setup --create-roles` (the table, the
    /// seal key, the schedule group, the scheduler role), then `policy apply` of the policy
    /// file — on a sealed ledger nothing decides by a local file. Returns setup's report.
    pub fn set_up(&self) -> Value {
        let report = json(self.on_table("admin").args(["setup", "--create-roles"]));
        let key = report["seal_key"]
            .as_str()
            .expect("setup names the seal key")
            .to_string();
        self.give_identity_policies(&key);
        *self.seal_key.lock().unwrap() = Some(key);
        self.apply_policy();
        report
    }

    /// The policy file applied to the ledger by the admin, as its next version.
    pub fn apply_policy(&self) {
        json(
            self.on_table("admin")
                .args(["policy", "apply", "--no-input"])
                .arg(self.policy_path()),
        );
    }

    /// The access key id of `who`'s session.
    pub fn access_key(&self, who: &str) -> String {
        self.seed["credentials"][who]["AccessKeyId"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// `who`'s `aws:userid` (`<role id>:<session>`).
    pub fn userid(&self, who: &str) -> String {
        self.seed["credentials"][who]["UserId"]
            .as_str()
            .unwrap()
            .to_string()
    }

    fn credentials(&self, who: &str) -> aws_credential_types::Credentials {
        let c = &self.seed["credentials"][who];
        aws_credential_types::Credentials::new(
            c["AccessKeyId"].as_str().unwrap(),
            c["SecretAccessKey"].as_str().unwrap(),
            c["SessionToken"].as_str().map(str::to_string),
            None,
            "seeded",
        )
    }

    /// A KMS client with `who`'s own credentials, through the guard.
    pub fn kms(&self, who: &str) -> aws_sdk_kms::Client {
        let config = aws_sdk_kms::Config::builder()
            .behavior_version(aws_sdk_kms::config::BehaviorVersion::latest())
            .region(aws_sdk_kms::config::Region::new("us-east-1"))
            .endpoint_url(endpoint())
            .credentials_provider(self.credentials(who))
            .retry_config(aws_sdk_kms::config::retry::RetryConfig::disabled())
            .build();
        aws_sdk_kms::Client::from_conf(config)
    }

    /// A DynamoDB client with `who`'s own credentials, through the guard.
    pub fn dynamodb(&self, who: &str) -> aws_sdk_dynamodb::Client {
        let config = aws_sdk_dynamodb::Config::builder()
            .behavior_version(aws_sdk_dynamodb::config::BehaviorVersion::latest())
            .region(aws_sdk_dynamodb::config::Region::new("us-east-1"))
            .endpoint_url(endpoint())
            .credentials_provider(self.credentials(who))
            .retry_config(aws_sdk_dynamodb::config::retry::RetryConfig::disabled())
            .build();
        aws_sdk_dynamodb::Client::from_conf(config)
    }

    /// An IAM Identity Center client with `who`'s own credentials, through the guard.
    pub fn sso_admin(&self, who: &str) -> aws_sdk_ssoadmin::Client {
        let config = aws_sdk_ssoadmin::Config::builder()
            .behavior_version(aws_sdk_ssoadmin::config::BehaviorVersion::latest())
            .region(aws_sdk_ssoadmin::config::Region::new("us-east-1"))
            .endpoint_url(endpoint())
            .credentials_provider(self.credentials(who))
            .retry_config(aws_sdk_ssoadmin::config::retry::RetryConfig::disabled())
            .build();
        aws_sdk_ssoadmin::Client::from_conf(config)
    }

    /// A Lambda client with `who`'s own credentials.
    pub fn lambda(&self, who: &str) -> aws_sdk_lambda::Client {
        let config = aws_sdk_lambda::Config::builder()
            .behavior_version(aws_sdk_lambda::config::BehaviorVersion::latest())
            .region(aws_sdk_lambda::config::Region::new("us-east-1"))
            .endpoint_url(endpoint())
            .credentials_provider(self.credentials(who))
            .retry_config(aws_sdk_lambda::config::retry::RetryConfig::disabled())
            .build();
        aws_sdk_lambda::Client::from_conf(config)
    }

    /// What the access portal decides for a user, from Identity Center's assignments and group
    /// memberships in the emulator: `(user name, account, permission set name) -> assigned`.
    pub fn portal_decision(&self) -> portal::Decide {
        let (endpoint, account) = (emulator().endpoint.clone(), self.account());
        let users = self.seed["users"].clone();
        std::sync::Arc::new(move |user: &str, target: &str, role: &str| {
            let Some(id) = users[user].as_str() else {
                return false;
            };
            helper(&[
                "has-role",
                "--endpoint",
                &endpoint,
                "--account",
                &account,
                "--target",
                target,
                "--permission-set",
                role,
                "--user",
                id,
            ])["assigned"]
                .as_bool()
                .unwrap_or(false)
        })
    }

    /// `text` with what differs from run to run masked by placeholders of the same width (see
    /// `mask`), for a snapshot: this organisation's account ids, ARNs, identity ids and policy
    /// version by name, request ids by order of appearance (`r-<R1------>`, `r-<R2------>`..),
    /// dates and times, and how far away they are ("in 1h 29m", "3m ago"); its home directory
    /// and the binary as `<HOME>` and `<ELEVATE>`.
    pub fn masked(&self, text: &str) -> String {
        let seed = &self.seed;
        let mut known: Vec<(String, String)> = vec![
            (self.account(), "MANAGEMENT".into()),
            // The instance's id, not its ARN: `arn:aws:sso:::instance/<INSTANCE------->`.
            (
                last_part(seed["instance_arn"].as_str().unwrap()),
                "INSTANCE".into(),
            ),
            (
                seed["identity_store_id"].as_str().unwrap().into(),
                "STORE".into(),
            ),
        ];
        // The policy file's version (its hash): the policy names the run's accounts.
        if let Ok(policy) = std::fs::read_to_string(self.policy_path())
            && let Ok(policy) = elevate::domain::policy::Policy::parse(&policy, "policy.toml")
        {
            known.push((policy.version, "POLICY".into()));
        }
        if let Some(root) = seed["root"].as_str() {
            known.push((root.into(), "ROOT".into()));
        }
        if let Some(key) = self.seal_key.lock().unwrap().as_deref() {
            known.push((last_part(key), "SEAL-KEY".into()));
        }
        let named = |what: &str, prefix: &str| -> Vec<(String, String)> {
            seed[what]
                .as_object()
                .map(|m| {
                    m.iter()
                        .filter_map(|(k, v)| {
                            Some((
                                v.as_str()?.to_string(),
                                format!("{prefix}{}", k.to_uppercase()),
                            ))
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        known.extend(named("accounts", ""));
        known.extend(named("ous", "OU-"));
        known.extend(named("permission_sets", "PS-"));
        known.extend(named("users", "USER-"));
        known.extend(named("groups", "GROUP-"));
        // The longest first: an account id inside an ARN goes with the ARN; one value once (the
        // management account is also among the accounts).
        known.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.1.cmp(&b.1)));
        known.dedup_by(|a, b| a.0 == b.0);
        // The home directory and the binary: as long as the machine's TMPDIR and target
        // directory make them, so not of their width.
        let mut text = text
            .replace(env!("CARGO_BIN_EXE_elevate"), "<ELEVATE>")
            .replace(&self.dir.path().display().to_string(), "<HOME>");
        for (value, name) in &known {
            text = mask(&text, value, name);
        }
        let ids = Regex::new(r"\br-[0-9a-z]{10}\b").unwrap();
        let mut seen: Vec<String> = Vec::new();
        let text = ids.replace_all(&text, |c: &regex::Captures| {
            let n = match seen.iter().position(|id| *id == c[0]) {
                Some(n) => n,
                None => {
                    seen.push(c[0].to_string());
                    seen.len() - 1
                }
            };
            format!("r-{}", placeholder(&format!("R{}", n + 1), c[0].len() - 2))
        });
        let times = Regex::new(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?").unwrap();
        let dates = Regex::new(r"\b\d{4}-\d{2}-\d{2}\b").unwrap();
        let relative =
            Regex::new(r"\b(in \d+[dhms]( \d+[dhms])*|\d+[dhms]( \d+[dhms])* ago)\b").unwrap();
        let digits = |c: &regex::Captures| c[0].replace(|c: char| c.is_ascii_digit(), "#");
        let text = times.replace_all(&text, digits);
        let text = dates.replace_all(&text, digits);
        relative.replace_all(&text, digits).into_owned()
    }

    /// Gives `user` the assignment directly, outside elevate: pre-existing access.
    pub fn assign_directly(&self, target: &str, permission_set: &str, user: &str) {
        let id = self.user_id(user);
        self.assignment_helper("assign", target, permission_set, &["--user", &id]);
    }
}

/// Whether this run rewrites the committed expected output (completions/, man/,
/// tests/e2e/snapshots/) instead of comparing with it: `ELEVATE_BLESS=1`.
pub fn blessing() -> bool {
    std::env::var_os("ELEVATE_BLESS").is_some()
}

/// `text` with `value` replaced by `<NAME--->` of its width, also where a table wrapped it onto
/// the next line (an ARN at 80 columns): a snapshot must not keep half of a run's ARN.
pub fn mask(text: &str, value: &str, name: &str) -> String {
    // The rest of the cell's line, and the next line up to the same cell.
    const WRAP: &str = r"([ ]*[│┆][^\n]*\n[^\n]*?[│┆] )?";
    let chars: Vec<String> = value
        .chars()
        .map(|c| regex::escape(&c.to_string()))
        .collect();
    let re = Regex::new(&chars.join(WRAP)).unwrap();
    let width = value.chars().count();
    re.replace_all(text, |c: &regex::Captures| {
        let whole = c.get(0).unwrap();
        let wraps: Vec<(usize, usize)> = c
            .iter()
            .skip(1)
            .flatten()
            .map(|m| (m.start() - whole.start(), m.end() - whole.start()))
            .collect();
        let mut fill = placeholder(name, width)
            .chars()
            .collect::<Vec<_>>()
            .into_iter();
        let mut out = String::new();
        for (at, ch) in whole.as_str().char_indices() {
            if wraps.iter().any(|&(from, to)| (from..to).contains(&at)) {
                out.push(ch);
            } else {
                out.push(fill.next().unwrap());
            }
        }
        out
    })
    .into_owned()
}

/// What follows the last `/` of an ARN: the id in it.
fn last_part(arn: &str) -> String {
    arn.rsplit('/').next().unwrap().to_string()
}

/// `<NAME>` padded with `-` to `width` (cut when `width` is too small for the name).
pub fn placeholder(name: &str, width: usize) -> String {
    let mut p = format!("<{name}");
    while p.len() + 1 < width {
        p.push('-');
    }
    p.truncate(width.saturating_sub(1));
    p.push('>');
    p
}

/// Compares `actual` with the committed snapshot `name`, or rewrites it when blessing.
pub fn snapshot(name: &str, actual: &str) {
    let path = repo().join("tests/e2e/snapshots").join(name);
    if blessing() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected != actual {
        let diff = similar::TextDiff::from_lines(expected.as_str(), actual)
            .unified_diff()
            .header(&format!("{name} (committed)"), &format!("{name} (now)"))
            .to_string();
        panic!(
            "tests/e2e/snapshots/{name} differs: check the change, then run the test again with ELEVATE_BLESS=1 (`ELEVATE_BLESS=1 cargo test --test e2e <test>`) and commit the result\n{diff}"
        );
    }
}

/// Runs a command expected to succeed and returns its stdout as JSON.
pub fn json(cmd: &mut assert_cmd::Command) -> Value {
    let out = cmd.arg("--output").arg("json").output().unwrap();
    assert!(
        out.status.success(),
        "exit {:?}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

pub fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
