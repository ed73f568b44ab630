//! `elevate run`: ask, wait, run a command with the credentials, give the access back.

use std::ffi::OsString;
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use tokio::signal::unix::{Signal, SignalKind, signal};

use crate::aws::session::PortalSession;
use crate::domain::credentials::environment;
use crate::domain::{Request, RequestId, Status};
use crate::error::{Error, Result};
use crate::render::tables::time;

use super::Ctx;
use super::access::Ask;
use super::follow::Patience;

/// How long the portal is asked while Identity Center finishes provisioning a grant.
const PROVISIONING: SignedDuration = SignedDuration::from_mins(2);
/// How often the ledger is read while the command runs, to say when the access ends early.
const WATCH_EVERY: Duration = Duration::from_secs(5);
/// How long a command told to stop (SIGTERM) has before it is killed.
const GRACE: Duration = Duration::from_secs(10);

/// Run a command with elevated access: ask for it, wait for approval, run the command with the
/// credentials in its environment, and give the access back when it exits.
///
/// The request is made as `elevate request` makes it (the same flags; missing values are asked
/// for on a terminal). Once it is granted, the role credentials come from your own Identity
/// Center sign-in, as `elevate credentials` gets them, and the command runs with
/// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION and
/// ELEVATE_REQUEST set (AWS_PROFILE unset, so tools use them). Its stdin, stdout and stderr
/// are yours; elevate speaks on stderr only.
///
/// When the command exits, the access is revoked (a request still pending is cancelled), also
/// after Ctrl-C, SIGTERM or SIGHUP (passed on to the command, which gets 10 s before it is
/// killed; outside a terminal's foreground the command leads a process group of its own, and
/// the signal reaches everything it started). elevate exits with the command's status (128+N after signal N). An open request
/// that was yours before this run (same access, overlapping time) is used and left open; with
/// --idempotency-key, the request of that key is this run's and is given back. --keep leaves
/// the access until its end. If the access ends while the command runs, elevate says so:
/// AWS honours the credentials until their own expiry, but nothing more is granted.
///
/// If the access could not be given back, elevate says how to (`elevate revoke <id>`) and exits
/// 1 even when the command succeeded.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  elevate run -a prod -p AdministratorAccess -d 30m -r 'INC-4211 rotate keys' \\
      -- ./rotate-keys.sh
  elevate run -a 111122223333 -p ReadOnly -d 15m -r 'look at billing' \\
      -- aws ce get-cost-and-usage …
  elevate run -a prod -p Admin -d 1h -r 'CHG-118' \\
      --idempotency-key \"$RUN_ID\" -- bash
  # exit status is the command's; the request id is in $ELEVATE_REQUEST")]
pub struct Args {
    #[command(flatten)]
    pub ask: Ask,
    #[command(flatten)]
    pub patience: Patience,
    /// Leave the access in place when the command exits (it ends at its end time)
    #[arg(long)]
    pub keep: bool,
    /// The command and its arguments, after `--`
    #[arg(last = true, required = true, value_name = "COMMAND")]
    pub command: Vec<OsString>,
}

/// The signals `run` answers itself instead of dying, so the access is always given back.
struct Signals {
    int: Signal,
    term: Signal,
    hup: Signal,
}

impl Signals {
    fn new() -> Result<Signals> {
        let listen = |kind: SignalKind| {
            signal(kind).map_err(|e| Error::Io(format!("cannot listen for signals: {e}")))
        };
        Ok(Signals {
            int: listen(SignalKind::interrupt())?,
            term: listen(SignalKind::terminate())?,
            hup: listen(SignalKind::hangup())?,
        })
    }

    /// The next signal's number.
    async fn recv(&mut self) -> i32 {
        tokio::select! {
            _ = self.int.recv() => libc::SIGINT,
            _ = self.term.recv() => libc::SIGTERM,
            _ = self.hup.recv() => libc::SIGHUP,
        }
    }
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<u8> {
    // Signed in first: no request is made that could not be used.
    let session = super::portal::signed_in(ctx).await?;
    // Ctrl-C at a prompt still stops everything, before anything was asked; from here on it
    // gives the access back.
    let submitted = super::access::ask(ctx, &args.ask, None).await?;
    let mut signals = Signals::new()?;
    let r = submitted.request;
    let ours = !args.keep && (!submitted.already_open || args.ask.idempotency_key.is_some());
    if submitted.already_open && args.ask.idempotency_key.is_none() {
        ctx.out.note(&format!(
            "using your open request {}: it stays after the command (`elevate revoke {}` ends it)",
            r.id, r.id
        ));
    }
    let id = r.id.clone();
    let prepared = tokio::select! {
        prepared = prepare(ctx, &session, r, &args.patience) => prepared,
        n = signals.recv() => {
            ctx.out.note("interrupted before the command started");
            give_back(ctx, &id, ours).await;
            return Ok(128 + n as u8);
        }
    };
    let (request, env) = match prepared {
        Ok(p) => p,
        Err(e) => {
            give_back(ctx, &id, ours).await;
            return Err(e);
        }
    };
    let code = match execute(ctx, &request, &env, &args.command, &mut signals).await {
        Ok(code) => code,
        Err(e) => {
            give_back(ctx, &id, ours).await;
            return Err(e);
        }
    };
    if give_back(ctx, &id, ours).await {
        Ok(code)
    } else {
        Ok(if code == 0 { 1 } else { code })
    }
}

/// Waits for the grant and gets its credentials: the request as granted and the command's
/// environment.
async fn prepare(
    ctx: &Ctx,
    session: &PortalSession,
    r: Request,
    patience: &Patience,
) -> Result<(Request, Vec<(&'static str, String)>)> {
    if r.status != Status::Active {
        if !patience.timeout.is_positive() {
            return Err(Error::Usage("--timeout must be longer than zero".into()));
        }
        super::follow::until_active(ctx, &r.id, patience.timeout).await?;
    }
    let handed = super::portal::fetch_with(ctx, session, &r.id, PROVISIONING).await?;
    if handed.credentials.expires_at < handed.until {
        ctx.out.warn(&format!(
            "these credentials expire at {}, before {} ends at {} (the permission set's session duration): a command running longer loses its access then",
            time(handed.credentials.expires_at),
            handed.request.id,
            time(handed.until)
        ));
    }
    let mut env = environment(&handed.credentials, handed.until);
    env.push(("ELEVATE_REQUEST", handed.request.id.to_string()));
    Ok((handed.request, env))
}

/// Runs the command to its end and returns its exit status, saying so if the access ends
/// first; signals sent to elevate reach the command.
async fn execute(
    ctx: &Ctx,
    r: &Request,
    env: &[(&'static str, String)],
    command: &[OsString],
    signals: &mut Signals,
) -> Result<u8> {
    let (program, rest) = command
        .split_first()
        .ok_or_else(|| Error::Usage("name the command to run after `--`".into()))?;
    let mut cmd = tokio::process::Command::new(program);
    cmd.args(rest)
        // A profile would win over the credentials with some tools (botocore skips the
        // environment's keys when AWS_PROFILE is set).
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_DEFAULT_PROFILE")
        .envs(env.iter().map(|(k, v)| (k, v)));
    if std::env::var_os("AWS_REGION").is_none()
        && std::env::var_os("AWS_DEFAULT_REGION").is_none()
        && let Some(region) = &ctx.config.region
    {
        cmd.env("AWS_REGION", region);
    }
    let end = r.end_at;
    ctx.out.note(&format!(
        "running {} with {} on {} until {} ({})",
        crate::render::clean(&program.to_string_lossy()),
        r.permission_set.name,
        r.account_id,
        end.map(time).unwrap_or_default(),
        r.id
    ));
    // On a terminal, as its foreground job, the command stays in the terminal's process group:
    // it reads the terminal, and Ctrl-C reaches it from the kernel. Otherwise it leads a group
    // of its own, so that stopping it stops what it started too (`sh -c 'make deploy'`).
    let foreground = in_foreground();
    if !foreground {
        cmd.process_group(0);
    }
    let mut child = cmd.spawn().map_err(|e| {
        Error::Usage(format!(
            "cannot run {}: {e}",
            crate::render::clean(&program.to_string_lossy())
        ))
    })?;
    let pid = child.id();
    let store = ctx.store().await?;
    let mut said_over = false;
    let mut stopping: Option<tokio::time::Instant> = None;
    loop {
        let until_check = match (stopping, end) {
            (Some(deadline), _) => deadline.saturating_duration_since(tokio::time::Instant::now()),
            (None, Some(end)) if !said_over => WATCH_EVERY.min(until(ctx.now(), end)),
            _ => WATCH_EVERY,
        };
        tokio::select! {
            status = child.wait() => {
                let status = status.map_err(|e| Error::Io(format!("lost track of the command (waiting for it failed: {e}); it may still be running")))?;
                return Ok(exit_code(status));
            }
            n = signals.recv() => {
                // On a terminal Ctrl-C reaches the whole foreground group: the command has it.
                if n != libc::SIGINT || !foreground {
                    send(pid, n, !foreground);
                }
                if n != libc::SIGINT && stopping.is_none() {
                    ctx.out.note(&format!("stopping the command, then giving {} back", r.id));
                    stopping = Some(tokio::time::Instant::now() + GRACE);
                }
            }
            () = tokio::time::sleep(until_check) => {
                if let Some(deadline) = stopping && tokio::time::Instant::now() >= deadline {
                    ctx.out.warn("the command did not stop within 10s: killing it");
                    send(pid, libc::SIGKILL, !foreground);
                    let _ = child.start_kill();
                    stopping = None;
                    continue;
                }
                if said_over {
                    continue;
                }
                let now = ctx.now();
                let latest = crate::workflow::show::request(store.as_ref(), &r.id).await.ok();
                let over = latest.as_ref().is_some_and(|l| l.status.is_final() || l.revoke_asked.is_some())
                    || end.is_some_and(|e| now >= e);
                if over {
                    said_over = true;
                    let status = latest.map_or(Status::Active, |l| l.status);
                    ctx.out.warn(&format!(
                        "{} {}: the command's credentials get nothing new from AWS, and work only until they expire ({}). elevate goes on waiting for the command",
                        r.id,
                        if status.is_final() { format!("is {status}") } else { "has ended".into() },
                        env.iter().find(|(k, _)| *k == "AWS_CREDENTIAL_EXPIRATION").map_or("", |(_, v)| v.as_str()),
                    ));
                }
            }
        }
    }
}

fn until(now: Timestamp, end: Timestamp) -> Duration {
    if end <= now {
        return Duration::ZERO;
    }
    end.duration_since(now).unsigned_abs()
}

/// Whether elevate is the foreground job of its terminal, where the kernel delivers Ctrl-C to
/// the whole process group (elevate and the command alike).
fn in_foreground() -> bool {
    use std::os::fd::AsRawFd;
    let Ok(tty) = std::fs::File::open("/dev/tty") else {
        return false;
    };
    // SAFETY: tcgetpgrp on a descriptor we own and keep open for the call; getpgrp cannot fail.
    unsafe { libc::tcgetpgrp(tty.as_raw_fd()) == libc::getpgrp() }
}

/// Passes signal `n` on to the command, and to its process group when it leads one.
fn send(pid: Option<u32>, n: i32, group: bool) {
    if let Some(pid) = pid.and_then(|p| i32::try_from(p).ok()) {
        // SAFETY: kill(2) with our own child's pid (or the group it leads), which we have not
        // reaped yet (the select that would reap it has not returned), so it cannot name
        // another process.
        unsafe {
            libc::kill(if group { -pid } else { pid }, n);
        }
    }
}

/// The shell's convention: the command's code, or 128+N when signal N ended it.
fn exit_code(status: std::process::ExitStatus) -> u8 {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(c), _) => c.clamp(0, 255) as u8,
        (None, Some(s)) => (128 + s).clamp(0, 255) as u8,
        (None, None) => 1,
    }
}

/// Ends `id` if it is this run's: revoked if granted, cancelled if not yet. Whether the access
/// is gone (or going, in a brokered team); on failure it says how to end it by hand.
async fn give_back(ctx: &Ctx, id: &RequestId, ours: bool) -> bool {
    if !ours {
        return true;
    }
    let reason = "elevate run: the command finished";
    let result = async {
        let store = ctx.store().await?;
        let status = crate::workflow::show::request(store.as_ref(), id)
            .await?
            .status;
        match status {
            Status::Pending | Status::Approved => {
                let services = ctx.services().await?;
                let actor = ctx.actor().await?;
                match crate::workflow::cancel::cancel(&services, &actor, id).await {
                    Ok(_) => {
                        ctx.out.note(&format!("cancelled {id}"));
                        Ok(())
                    }
                    // Granted meanwhile, or being granted: revoked instead.
                    Err(Error::Conflict(_)) => {
                        super::access::end(ctx, id, Some(reason)).await.map(|_| ())
                    }
                    Err(e) => Err(e),
                }
            }
            Status::Active => super::access::end(ctx, id, Some(reason)).await.map(|_| ()),
            _ => Ok(()),
        }
    }
    .await;
    match result {
        Ok(()) | Err(Error::AlreadyOver(_)) => true,
        Err(e) => {
            crate::render::error(&e);
            ctx.out.warn(&format!(
                "the access of {id} may still be in place: end it with `elevate revoke {id}`"
            ));
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::process::ExitStatusExt;

    #[test]
    fn the_exit_status_is_the_commands_or_128_plus_the_signal() {
        assert_eq!(exit_code(std::process::ExitStatus::from_raw(0)), 0);
        assert_eq!(exit_code(std::process::ExitStatus::from_raw(3 << 8)), 3);
        assert_eq!(
            exit_code(std::process::ExitStatus::from_raw(libc::SIGTERM)),
            143
        );
        assert_eq!(
            exit_code(std::process::ExitStatus::from_raw(libc::SIGKILL)),
            137
        );
    }

    #[test]
    fn the_time_left_is_never_negative() {
        let now: Timestamp = "2026-12-05T10:00:00Z".parse().unwrap();
        assert_eq!(
            until(now, now - SignedDuration::from_secs(5)),
            Duration::ZERO
        );
        assert_eq!(
            until(now, now + SignedDuration::from_secs(5)),
            Duration::from_secs(5)
        );
    }
}
