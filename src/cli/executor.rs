//! `elevate executor`

use std::time::Duration;

use crate::error::{Error, Result};
use crate::workflow::doctor::mark_executor_pass;
use crate::workflow::reconcile::{Options, Runner, reconcile};

use super::Ctx;

/// Run the executor: the only principal that creates and removes access in a brokered team.
///
/// Each pass reads the whole ledger and verifies every request from its sealed events alone:
/// it grants what sealed approvals (or the policy by itself, for auto and break-glass rules)
/// allow under the sealed policy in force, carries out revoke requests, ends elevations on
/// time, expires stale requests, retries failures and reports drift and tampering. It trusts
/// nothing but the seals: a forged approval or a flipped status is refused and reported.
///
/// Run it as the executor role (`elevate iam-policy executor`): `--once` for one pass (cron, a
/// scheduled job), `--watch` for a loop in a container or on a host, which finishes the pass in
/// hand and stops on SIGTERM or Ctrl-C, or as an AWS Lambda function: the binary named
/// `bootstrap` in a function on the `provided.al2023` runtime serves invocations with no
/// arguments (it sees `AWS_LAMBDA_RUNTIME_API`), `--lambda` explicitly. An invocation
/// `{"request": "<id>"}` does what is due for that request; any other (a one-minute schedule's)
/// makes a full pass. Either way the answer is the pass's
/// JSON report, and nothing in the invocation is trusted: each request is verified from its
/// sealed events.
///
/// `elevate setup --executor` deploys it as a Lambda function with a one-minute schedule; with
/// `executor_function` in people's config, approve, revoke and request wake it at once.
///
/// Every `standing_check_interval` (default 1h) a full pass also looks for access elevate did
/// not give, as `elevate audit standing` does — assignments of the policy's `temporary_only`
/// permission sets that no genuine elevation explains (removed when the policy says
/// `remove_standing = true`), and assignment changes in CloudTrail by anyone but the executor
/// and the scheduler role — and reports them as items for a person.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  elevate executor --once
  # one JSON report per line, per pass:
  elevate executor --watch --interval 30s -o json
  # inside AWS Lambda (as `bootstrap`):
  elevate executor --lambda")]
pub struct Args {
    /// One pass, then exit (1 when something needs a person)
    #[arg(long, conflicts_with_all = ["watch", "lambda"], required_unless_present_any = ["watch", "lambda"])]
    pub once: bool,
    /// Pass after pass until SIGTERM or Ctrl-C
    #[arg(long, conflicts_with = "lambda")]
    pub watch: bool,
    /// Serve AWS Lambda invocations through the Lambda runtime API (AWS_LAMBDA_RUNTIME_API)
    #[arg(long)]
    pub lambda: bool,
    /// Time between the end of one pass and the start of the next (--watch)
    #[arg(long, value_parser = super::timeout_arg, value_name = "DURATION", default_value = "60s", requires = "watch")]
    pub interval: jiff::SignedDuration,
    /// Find work through the ledger's indexes only between full passes: every --full-every-th
    /// pass reads the whole ledger (1: every pass)
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    pub full_every: u32,
    /// Where the standing check reads assignment changes (see `elevate audit standing`)
    #[command(flatten)]
    pub sources: super::activity::ActivitySources,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let actor = ctx.actor().await?;
    if actor.user.is_some() {
        return Err(Error::Denied(format!(
            "{} is a person: the executor runs as the executor role (`elevate iam-policy executor`), never with a person's credentials",
            actor.label()
        )));
    }
    if !args.interval.is_positive() {
        return Err(Error::Usage("--interval must be longer than zero".into()));
    }
    let services = ctx.services().await?;
    let runner = Runner::of(&actor);
    // Every Identity Center call of the pass is paced within the API's quotas; what was still
    // throttled is reported with the pass.
    let pacer = ctx.aws().await?.pacer;
    let throttled = |before: u64| pacer.throttles().saturating_sub(before);
    if args.lambda {
        return lambda(ctx, &services, &runner, &pacer, &args.sources).await;
    }
    if args.once {
        let policy = ctx.policy().await?;
        let before = pacer.throttles();
        let mut report = reconcile(&services, &policy, &runner, Options::default()).await?;
        mark_executor_pass(&services).await;
        standing(ctx, &services, &policy, &runner, &args.sources, &mut report).await;
        report.throttled = throttled(before);
        return crate::render::reports::reconcile(&ctx.out, &report);
    }
    let mut stop = Stop::new()?;
    let mut pass: u32 = 0;
    loop {
        let quick = !pass.is_multiple_of(args.full_every);
        pass = pass.wrapping_add(1);
        // The policy in force is read again each pass: a newly applied version applies at once.
        let before = pacer.throttles();
        let outcome = match ctx.policy().await {
            Ok(policy) => {
                let mut pass = reconcile(
                    &services,
                    &policy,
                    &runner,
                    Options {
                        dry_run: false,
                        quick,
                    },
                )
                .await;
                if pass.is_ok() {
                    mark_executor_pass(&services).await;
                }
                if let Ok(report) = pass.as_mut()
                    && !quick
                {
                    standing(ctx, &services, &policy, &runner, &args.sources, report).await;
                }
                pass
            }
            Err(e) => Err(e),
        }
        .map(|mut report| {
            report.throttled = throttled(before);
            report
        });
        match outcome {
            // Items needing a person are reported, and the loop goes on.
            Ok(report) if ctx.out.format == crate::render::Format::Json => {
                // One report per line (JSON Lines), so a log collector reads each pass whole.
                ctx.out.json_line(&report)?;
                if report.needs_attention() > 0 {
                    ctx.out.warn(&format!(
                        "pass {pass}: {} item(s) need a person",
                        report.needs_attention()
                    ));
                }
            }
            Ok(report) => {
                if let Err(e) = crate::render::reports::reconcile(&ctx.out, &report) {
                    if !matches!(e, Error::NeedsAttention(_)) {
                        return Err(e);
                    }
                    ctx.out.warn(&e.to_string());
                }
            }
            // A pass that could not run (the ledger unreachable, throttled, KMS down) is
            // reported; the next one tries again.
            Err(e) => ctx.out.warn(&format!("pass {pass} failed: {e}")),
        }
        if stop
            .wait(args.interval.unsigned_abs().max(Duration::from_millis(100)))
            .await
        {
            ctx.out.note(&format!("stopped after {pass} pass(es)"));
            return Ok(());
        }
    }
}

/// The pass's section on access elevate did not give, when it is due; a check that could not
/// run is an item for a person, and the pass's report stands.
async fn standing(
    ctx: &Ctx,
    services: &crate::workflow::Services,
    policy: &crate::domain::Policy,
    runner: &Runner,
    sources: &super::activity::ActivitySources,
    report: &mut crate::workflow::reconcile::Report,
) {
    match section(ctx, services, policy, runner, sources).await {
        Ok(section) => report.standing = section,
        Err(e) => report.items.push(crate::workflow::reconcile::Item {
            id: "standing".into(),
            step: "standing".into(),
            result: format!("could not look for access elevate did not give: {e}"),
            attention: true,
        }),
    }
}

/// The executor's section: the check, when it is due (`standing_check_interval`), removing what
/// nothing explains when the policy says so.
async fn section(
    ctx: &Ctx,
    services: &crate::workflow::Services,
    policy: &crate::domain::Policy,
    runner: &Runner,
    sources: &super::activity::ActivitySources,
) -> Result<Option<crate::workflow::standing::Report>> {
    if runner.person.is_some() {
        return Ok(None);
    }
    let Some(claim) =
        crate::workflow::standing::due(services, ctx.config.standing_check_interval).await?
    else {
        return Ok(None);
    };
    let now = ctx.now();
    // The window reaches back two intervals and CloudTrail's delivery delay: the next check
    // may come late (it runs on a full pass after the interval), and an event delivered late
    // must still be read. An event in the overlap is listed by two consecutive checks.
    let back = jiff::SignedDuration::try_from(ctx.config.standing_check_interval)
        .unwrap_or(jiff::SignedDuration::from_hours(1))
        * 2
        + jiff::SignedDuration::from_mins(15);
    let outcome = async {
        let region = ctx.aws().await?.region.clone();
        let source = super::activity::source_of(
            ctx,
            sources,
            &super::activity::TrailKeys::default(),
            &region,
        );
        super::activity::check(
            ctx,
            services,
            policy,
            now.checked_sub(back).unwrap_or(now),
            now,
            source,
            policy.settings.remove_standing,
        )
        .await
    }
    .await;
    // A check that could not run, whole or in part, is tried again on the next pass.
    if outcome.as_ref().map_or(true, |r| !r.problems.is_empty()) {
        crate::workflow::standing::release(services, &claim).await;
    }
    outcome.map(Some)
}

/// An invocation naming one request.
#[derive(serde::Deserialize)]
struct Nudge {
    request: String,
}

/// Serves Lambda invocations until the runtime stops the function.
async fn lambda(
    ctx: &Ctx,
    services: &crate::workflow::Services,
    runner: &Runner,
    pacer: &crate::aws::pacing::Pacer,
    sources: &super::activity::ActivitySources,
) -> Result<()> {
    if std::env::var_os("AWS_LAMBDA_RUNTIME_API").is_none() {
        return Err(Error::Usage(
            "--lambda serves invocations of an AWS Lambda function: AWS_LAMBDA_RUNTIME_API is not set, so this is not one. Use --once or --watch".into(),
        ));
    }
    let serve = |event: lambda_runtime::LambdaEvent<serde_json::Value>| async move {
        let before = pacer.throttles();
        // The policy in force is read again for each invocation.
        let policy = ctx.policy().await?;
        let nudge = serde_json::from_value::<Nudge>(event.payload).ok();
        let mut report = match nudge {
            Some(n) => {
                let id: crate::domain::RequestId = n.request.parse().map_err(|e| {
                    Error::Usage(format!("the invocation names no request id: {e}"))
                })?;
                crate::workflow::reconcile::reconcile_one(services, &policy, runner, &id).await?
            }
            None => {
                let mut report = reconcile(services, &policy, runner, Options::default()).await?;
                mark_executor_pass(services).await;
                standing(ctx, services, &policy, runner, sources, &mut report).await;
                report
            }
        };
        report.throttled = pacer.throttles().saturating_sub(before);
        if report.needs_attention() > 0 {
            tracing::warn!("{} item(s) need a person", report.needs_attention());
        }
        Ok::<_, Error>(serde_json::to_value(&report).unwrap_or_default())
    };
    // The invocation's error is the command's message (what a person reads in the function's
    // logs and its caller's answer); it carries no secret, as no error of elevate does.
    let handler = lambda_runtime::service_fn(|event| async move {
        serve(event)
            .await
            .map_err(|e| Box::<dyn std::error::Error + Send + Sync>::from(e.to_string()))
    });
    lambda_runtime::run(handler).await.map_err(|e| {
        Error::Io(format!(
            "the Lambda runtime API at AWS_LAMBDA_RUNTIME_API failed: {e}"
        ))
    })
}

/// SIGTERM (a container stopping) or Ctrl-C: the pass in hand finishes, no new one starts.
struct Stop {
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
}

impl Stop {
    fn new() -> Result<Stop> {
        Ok(Stop {
            #[cfg(unix)]
            term: tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                .map_err(|e| Error::Io(format!("cannot listen for SIGTERM: {e}")))?,
        })
    }

    /// Sleeps `d`; true when asked to stop meanwhile.
    async fn wait(&mut self, d: Duration) -> bool {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = tokio::time::sleep(d) => false,
                _ = self.term.recv() => true,
                _ = tokio::signal::ctrl_c() => true,
            }
        }
        #[cfg(not(unix))]
        {
            tokio::select! {
                _ = tokio::time::sleep(d) => false,
                _ = tokio::signal::ctrl_c() => true,
            }
        }
    }
}
