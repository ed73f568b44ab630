//! `elevate doctor`: whether this machine and the AWS set-up around it can run elevate, one
//! check a line, each OK or a PROBLEM with what to do. It only reads: what `setup` would create
//! or change is reported by `setup`'s own dry run, so the two never disagree.

use jiff::{SignedDuration, Timestamp};
use serde::Serialize;

use crate::domain::authz::GrantMode;
use crate::error::{Error, Result};

use super::Services;
use super::infrastructure::{Kind, Outcome, SetupInput};
use super::ports::{Infrastructure, ServiceErrorKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Ok,
    Problem,
    /// Not checked: not configured and optional here, or not readable with the caller's role.
    Skipped,
}

#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub check: String,
    pub status: Status,
    /// What was found.
    pub detail: String,
    /// What to do, for a problem (or a skipped check someone else can run).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

impl Check {
    pub fn new(check: &str, status: Status, detail: String, fix: Option<String>) -> Check {
        Check {
            check: check.to_string(),
            status,
            detail,
            fix,
        }
    }
}

/// The lease an executor pass renews: when it was last taken is when the executor last ran.
pub const EXECUTOR_PASS: &str = "executor-pass";
const EXECUTOR_HOLDER: &str = "executor";
/// How long the pass lease claims to last; the pass time is its end minus this.
const PASS_TTL: SignedDuration = SignedDuration::from_mins(60);
/// An executor that has not run for this long is not running: it runs every minute (Lambda) or
/// every `--interval` (a container), and a full pass takes minutes at most.
const EXECUTOR_STALE: SignedDuration = SignedDuration::from_mins(15);
/// How far ahead of this clock an executor's clock may mark its pass (AWS's time on both).
const MARKER_SLACK: SignedDuration = SignedDuration::from_mins(5);

/// Records that an executor pass ran now, for `doctor`. A failure is only logged: the pass
/// itself stands.
pub async fn mark_executor_pass(svc: &Services) {
    let now = svc.clock.now();
    match svc
        .store
        .try_lease(EXECUTOR_PASS, EXECUTOR_HOLDER, now, PASS_TTL)
        .await
    {
        Ok(true) => {}
        Ok(false) => tracing::warn!(
            "the executor's pass marker ({EXECUTOR_PASS}) is held by someone else: `elevate doctor` cannot tell when the executor last ran"
        ),
        Err(e) => tracing::warn!("could not record the executor's pass for `elevate doctor`: {e}"),
    }
}

/// When an executor pass last ran, if one ever did.
pub async fn last_executor_pass(svc: &Services) -> Result<Option<Timestamp>> {
    Ok(svc
        .store
        .lease(EXECUTOR_PASS)
        .await?
        .filter(|(holder, _)| holder == EXECUTOR_HOLDER)
        .and_then(|(_, ends)| ends.checked_sub(PASS_TTL).ok()))
}

/// What the checks need to know beyond the services.
pub struct Input {
    /// The config file read, if any.
    pub config_file: Option<String>,
    /// The Identity Center instance and its identity store, or why they could not be found.
    pub instance: std::result::Result<(String, String), String>,
    /// A team's ledger (DynamoDB): a set-up item that is missing is a problem, not an option.
    pub shared: bool,
    /// The SQLite ledger did not exist until doctor opened it.
    pub ledger_created: bool,
    pub ledger: String,
    pub grant_mode: GrantMode,
    /// `executor_function` from the config.
    pub executor_function: Option<String>,
    /// `setup`'s input for a dry run; `None` when the infrastructure cannot be inspected.
    pub setup: Option<SetupInput>,
    /// `scheduler_role_arn` is set: its role and schedule group must exist.
    pub scheduler_configured: bool,
    /// The local policy file (its path), or why it cannot be read: what an unsealed ledger
    /// with no version applied decides by.
    pub policy_file: std::result::Result<String, String>,
    /// The profile people pass, for the sign-in fix.
    pub profile: Option<String>,
}

pub async fn doctor(
    svc: &Services,
    infra: &dyn Infrastructure,
    input: &Input,
) -> Result<Vec<Check>> {
    let mut c = Checks(Vec::new());
    c.add(
        "config",
        Status::Ok,
        match &input.config_file {
            Some(f) => format!("{f} read"),
            None => "no config file: defaults, flags and ELEVATE_* variables (`elevate init` writes one)".into(),
        },
        None,
    );

    let login = match &input.profile {
        Some(p) => format!("aws sso login --profile {p}"),
        None => "aws sso login (or pass --profile)".into(),
    };
    let caller = match svc.directory.caller().await {
        Ok(caller) => {
            c.add(
                "credentials",
                Status::Ok,
                format!("{} in account {}", caller.arn, caller.account),
                None,
            );
            caller
        }
        Err(e) => {
            c.add(
                "credentials",
                Status::Problem,
                e.what_failed(),
                Some(format!("sign in ({login}) and run `elevate doctor` again")),
            );
            // Nothing else can be asked of AWS without them.
            return Ok(c.0);
        }
    };

    let clock_ok = match svc.clock.check() {
        Ok(()) => {
            c.add(
                "clock",
                Status::Ok,
                "within elevate's tolerance of AWS's time (elevate keeps time by AWS's)".into(),
                None,
            );
            true
        }
        Err(e) => {
            c.add(
                "clock",
                Status::Problem,
                e.to_string(),
                Some(
                    "turn on time synchronisation (NTP), e.g. `sudo timedatectl set-ntp true`"
                        .into(),
                ),
            );
            false
        }
    };

    match &input.instance {
        Ok((arn, store)) => c.add(
            "identity center",
            Status::Ok,
            format!("instance {arn}, identity store {store}"),
            None,
        ),
        Err(why) => c.add(
            "identity center",
            Status::Problem,
            why.clone(),
            Some("set instance_arn and region in the config (`elevate init` finds them), or sign in to the account that holds Identity Center".into()),
        ),
    }

    // Only an Identity Center session is judged by the account it is in (as `identify` does);
    // a role (CI, break-glass, the executor) may run from any account.
    let sso = matches!(
        crate::domain::caller::CallerArn::parse(&caller.arn),
        crate::domain::caller::CallerArn::SsoUser { .. }
    );
    match svc.directory.identity_account().await {
        _ if !sso => c.add(
            "identity account",
            Status::Skipped,
            "you are a role, not an Identity Center session: no identity account applies".into(),
            None,
        ),
        Ok(account) if caller.account == account => c.add(
            "identity account",
            Status::Ok,
            format!("you are signed in to {account}, where people's sessions are recognised"),
            None,
        ),
        Ok(account) => c.add(
            "identity account",
            Status::Problem,
            format!(
                "you are signed in to account {}, but people sign in to {account} to run elevate: a session elsewhere is treated as a role, not a person",
                caller.account
            ),
            Some(format!(
                "sign in with a permission set in account {account}, or set identity_account if people use another account"
            )),
        ),
        Err(e) => c.add(
            "identity account",
            Status::Problem,
            e.what_failed(),
            Some("set identity_account in the config to the account people sign in to".into()),
        ),
    }

    if clock_ok {
        match super::lookup::identify(svc).await {
            Ok(actor) => c.add(
                "who you are",
                Status::Ok,
                match &actor.user {
                    Some(u) => format!(
                        "{} (Identity Center user {}, in {} group(s))",
                        u.name,
                        u.id,
                        u.groups.len()
                    ),
                    None => format!("{} (a role, not a person)", actor.arn),
                },
                None,
            ),
            Err(e) => c.add(
                "who you are",
                Status::Problem,
                e.to_string(),
                Some(
                    "sign in through the AWS access portal as yourself (an Identity Center user)"
                        .into(),
                ),
            ),
        }
    }

    let ledger_ok = match svc.store.policy(None).await {
        Ok(_) => {
            c.add(
                "ledger read",
                Status::Ok,
                match (input.shared, input.ledger_created) {
                    (true, _) => format!("{} readable", input.ledger),
                    (false, false) => format!(
                        "{} readable: a file on this machine, which only people who run elevate here see",
                        input.ledger
                    ),
                    (false, true) => format!(
                        "{} did not exist and was created empty: a file on this machine, which only people who run elevate here see (if you meant another, check --store / store)",
                        input.ledger
                    ),
                },
                None,
            );
            true
        }
        Err(e) => {
            c.add(
                "ledger read",
                Status::Problem,
                format!("{}: {e}", input.ledger),
                Some(if input.shared {
                    "check the table name and region, and that your permission set lets you read it; an admin creates it with `elevate setup`".into()
                } else {
                    "check the path in --store / store, and that you may write there".into()
                }),
            );
            false
        }
    };

    if ledger_ok {
        match super::in_force::versions(svc).await {
            Ok((_, refused)) if !refused.is_empty() => c.add(
                "policy",
                Status::Problem,
                format!("policy version(s) refused: {}", refused.join("; ")),
                Some("an admin reviews `elevate policy history` and applies the policy again (`elevate policy apply`)".into()),
            ),
            Ok((valid, _)) => match valid.last() {
                Some(v) => c.add(
                    "policy",
                    Status::Ok,
                    format!(
                        "version {} in force, applied by {} {}",
                        v.number,
                        v.applied_by,
                        if svc.sealer.ledger().is_some() {
                            "(its seal holds)"
                        } else {
                            "(unsealed: trusted, not proven)"
                        }
                    ),
                    None,
                ),
                None if input.shared => c.add(
                    "policy",
                    Status::Problem,
                    "no policy version applied to this ledger: nothing can be requested or approved".into(),
                    Some("an admin runs `elevate policy apply` with the team's policy file".into()),
                ),
                None => match &input.policy_file {
                    Ok(path) => c.add(
                        "policy",
                        Status::Ok,
                        format!("no version applied: decisions are made by the policy file {path}"),
                        None,
                    ),
                    Err(why) => c.add(
                        "policy",
                        Status::Problem,
                        why.clone(),
                        Some("correct it (`elevate policy check` says where), write one (`elevate init` writes a starting policy; see docs/policy.md), or point --policy / ELEVATE_POLICY at another".into()),
                    ),
                },
            },
            Err(e) => c.add(
                "policy",
                Status::Problem,
                e.to_string(),
                Some("see the error; `elevate policy history` shows every version".into()),
            ),
        }
    }

    match &input.setup {
        Some(setup) => match super::infrastructure::setup(infra, setup).await {
            Ok(report) => {
                // An SQLite ledger has nothing to set up; its line above says where it is.
                for item in report.items.into_iter().filter(|i| i.kind != Kind::Ledger) {
                    let (status, fix) = match item.outcome {
                        Outcome::Ok | Outcome::Created | Outcome::Changed => (Status::Ok, None),
                        Outcome::Problem => (Status::Problem, Some("see the detail".into())),
                        // What setup would create: a team needs it, and so does a scheduler role
                        // config names; one operator may go without the rest.
                        Outcome::WouldChange | Outcome::Manual
                            if input.shared
                                || (input.scheduler_configured
                                    && matches!(
                                        item.kind,
                                        Kind::SchedulerRole | Kind::ScheduleGroup
                                    )) =>
                        {
                            (
                                Status::Problem,
                                Some(
                                    "an admin runs `elevate setup` (see `elevate setup --dry-run`)"
                                        .into(),
                                ),
                            )
                        }
                        Outcome::WouldChange | Outcome::Manual => (
                            Status::Skipped,
                            Some(
                                "optional alone on one machine (without the scheduler role, access ends only when elevate runs); `elevate setup` creates it".into(),
                            ),
                        ),
                    };
                    let detail = if item.detail.is_empty() {
                        "missing".to_string()
                    } else {
                        item.detail
                    };
                    c.add(&item.resource, status, detail, fix);
                }
            }
            Err(Error::Service(e)) if e.kind == ServiceErrorKind::AccessDenied => c.add(
                "infrastructure",
                Status::Skipped,
                format!(
                    "your role may not inspect the ledger table, seal key and scheduler role ({})",
                    e.what_failed()
                ),
                Some("an admin runs `elevate doctor` (or `elevate setup --dry-run`)".into()),
            ),
            Err(e) => c.add(
                "infrastructure",
                Status::Problem,
                e.to_string(),
                Some("an admin runs `elevate setup --dry-run` to see what is missing".into()),
            ),
        },
        None => c.add(
            "infrastructure",
            Status::Skipped,
            "not inspected".into(),
            None,
        ),
    }

    if input.grant_mode == GrantMode::Direct {
        c.add(
            "executor",
            Status::Skipped,
            "direct grant mode: approvers grant with their own credentials; no executor needed"
                .into(),
            None,
        );
    } else {
        if let Some(name) = &input.executor_function {
            match infra.function(name).await {
                Ok(Some(f)) => c.add("executor function", Status::Ok, f.arn, None),
                Ok(None) => c.add(
                    "executor function",
                    Status::Problem,
                    format!("executor_function names {name}, and there is no such function"),
                    Some("an admin deploys it with `elevate setup --executor`".into()),
                ),
                Err(e) if e.kind == ServiceErrorKind::AccessDenied => c.add(
                    "executor function",
                    Status::Skipped,
                    format!("your role may not read it ({})", e.what_failed()),
                    None,
                ),
                Err(e) => c.add("executor function", Status::Problem, e.what_failed(), None),
            }
        }
        if ledger_ok {
            let now = svc.clock.now();
            match last_executor_pass(svc).await {
                // elevate's executor marks the time of its pass: a later one was not its own.
                Ok(Some(at)) if at.duration_since(now) > MARKER_SLACK => c.add(
                    "executor",
                    Status::Problem,
                    format!(
                        "the executor's pass marker ({EXECUTOR_PASS}) says it ran at {}, in the future: not the executor's own mark, so when it last ran is not known",
                        crate::domain::format_time(at)
                    ),
                    Some("an admin checks who writes the ledger's L# items (only the executor role may in a brokered team)".into()),
                ),
                Ok(Some(at)) if now.duration_since(at) <= EXECUTOR_STALE => c.add(
                    "executor",
                    Status::Ok,
                    format!("last ran {}", crate::domain::format_time(at)),
                    None,
                ),
                Ok(Some(at)) => c.add(
                    "executor",
                    Status::Problem,
                    format!(
                        "last ran {}, {} ago: approved requests wait and ends rely on schedules alone",
                        crate::domain::format_time(at),
                        crate::domain::format_duration(now.duration_since(at))
                    ),
                    Some("check the executor's logs (its Lambda function's, or its container's) and that its schedule is enabled".into()),
                ),
                Ok(None) => c.add(
                    "executor",
                    Status::Problem,
                    "no executor pass was ever recorded on this ledger: in a brokered team nothing is granted until it runs".into(),
                    Some("an admin deploys it (`elevate setup --executor`, or the container running `elevate executor --watch`)".into()),
                ),
                Err(e) => c.add("executor", Status::Problem, e.to_string(), None),
            }
        }
    }
    Ok(c.0)
}

struct Checks(Vec<Check>);

impl Checks {
    fn add(&mut self, check: &str, status: Status, detail: String, fix: Option<String>) {
        self.0.push(Check::new(check, status, detail, fix))
    }
}
