//! `elevate audit`, `elevate audit verify`

use crate::domain::{RequestId, Status};
use crate::error::{Error, Result};
use crate::render::Format;
use crate::render::csv;
use crate::render::tables;
use crate::workflow::activity;
use crate::workflow::audit::{self, Filter, Record};

use super::Ctx;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AuditFormat {
    Table,
    /// One JSON document (an array)
    Json,
    /// One JSON object per line, written as the ledger is read
    Jsonl,
    /// RFC 4180, one row per request; opens in a spreadsheet
    Csv,
}

/// The ledger for auditors and incident responders: who had what access when, who approved it,
/// and why.
///
/// Every request the filters select, newest first, with its decisions (approvals, rejections,
/// revocations, extensions: who, when, comment), grant and end times, policy version, ticket and
/// reason. --since/--until select requests whose lifetime overlaps the window. `audit verify`
/// checks every request against its hash-chained events.
#[derive(Debug, clap::Args)]
#[command(
    args_conflicts_with_subcommands = true,
    after_help = "\
Examples:
  elevate audit --since -30d --account 111122223333 --format csv \\
      > last-month.csv
  elevate audit --user alice --status active,revoked --format jsonl \\
      | jq .decisions
  elevate audit r-7k3m9x2p4q
  elevate audit verify"
)]
pub struct Args {
    #[command(subcommand)]
    pub command: Option<Sub>,
    /// One request
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::request_ids))]
    pub id: Option<RequestId>,
    /// Requests made by, or giving access to, this Identity Center user
    #[arg(long, value_name = "NAME")]
    pub user: Option<String>,
    /// Requests for this account id
    #[arg(long, short = 'a', value_name = "ID", add = clap_complete::ArgValueCandidates::new(super::complete::account_ids))]
    pub account: Option<String>,
    /// Requests for this permission set (name or ARN)
    #[arg(long, short = 'p', value_name = "NAME|ARN", add = clap_complete::ArgValueCandidates::new(super::complete::permission_sets))]
    pub permission_set: Option<String>,
    /// Only these statuses, e.g. active,revoked
    #[arg(long, value_delimiter = ',', value_name = "STATUS,..")]
    pub status: Vec<Status>,
    /// From: -30d, -12h, 2026-11-01 (in your zone, as times are shown), or an RFC 3339 time
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub since: Option<String>,
    /// Until: as --since
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub until: Option<String>,
    /// Output format [default: table, or json with --output json]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<AuditFormat>,
    /// What the elevated session did (needs <ID>): CloudTrail events from the grant to the end
    /// plus the session duration, from CloudTrail Lake or the organisation trail in S3
    #[arg(long, requires = "id")]
    pub activity: bool,
    /// With --activity: only calls that change something
    #[arg(long, requires = "activity")]
    pub writes_only: bool,
    #[command(flatten)]
    pub sources: super::activity::ActivitySources,
    #[command(flatten)]
    pub trail: super::activity::TrailKeys,
}

#[derive(Debug, clap::Subcommand)]
pub enum Sub {
    /// Check every request in the ledger against its hash-chained events; exit 1 on any edited,
    /// removed or reordered event, or a record changed after its newest event sealed it
    Verify,
    /// Find access elevate did not give: standing assignments of `temporary_only` permission
    /// sets, and assignment changes in CloudTrail by anyone but elevate
    Standing(super::standing::Args),
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    match args.command {
        Some(Sub::Verify) => return verify(ctx).await,
        Some(Sub::Standing(a)) => return super::standing::run(ctx, a).await,
        None => {}
    }
    if args.activity {
        return activity(ctx, &args).await;
    }
    let format = args.format.unwrap_or(match ctx.out.format {
        Format::Json => AuditFormat::Json,
        Format::Table => AuditFormat::Table,
    });
    let now = ctx.now();
    let time = |flag: &str, v: &Option<String>| super::activity::time_flag(flag, v.as_deref(), now);
    let filter = Filter {
        user: args.user.clone(),
        account_id: args.account.clone(),
        permission_set: args.permission_set.clone(),
        statuses: args.status.clone(),
        since: time("--since", &args.since)?,
        until: time("--until", &args.until)?,
    };
    let store = ctx.store().await?;
    ctx.say_if_unsealed();
    let mut records = Vec::new();
    let mut csv_out = match format {
        AuditFormat::Csv => Some(csv::Writer::start(&csv::CSV_HEADER)?),
        _ => None,
    };
    let mut sink = |r: Record| -> Result<()> {
        match format {
            AuditFormat::Jsonl => ctx
                .out
                .line(&serde_json::to_string(&r).map_err(crate::render::json_failed)?),
            AuditFormat::Csv => csv_out
                .as_mut()
                .expect("a CSV writer")
                .row(csv::csv_row(&r)),
            AuditFormat::Json | AuditFormat::Table => {
                records.push(r);
                Ok(())
            }
        }
    };
    let count = match &args.id {
        Some(id) => {
            let shown = crate::workflow::show::show(store.as_ref(), id).await?;
            sink(audit::record(shown.request, &shown.events))?;
            1
        }
        None => audit::audit(store.as_ref(), &filter, now, &mut sink).await?,
    };
    if let Some(w) = csv_out {
        w.finish()?;
    }
    match format {
        AuditFormat::Json => ctx.out.json(&records)?,
        AuditFormat::Table if records.is_empty() => ctx.out.note("no requests match"),
        AuditFormat::Table => ctx.out.listing(&tables::audit(&records))?,
        AuditFormat::Jsonl | AuditFormat::Csv => {}
    }
    tracing::info!("{count} request(s)");
    Ok(())
}

async fn verify(ctx: &Ctx) -> Result<()> {
    let report = if ctx.config.kms_seal_key.is_some() {
        let services = ctx.services().await?;
        audit::verify(audit::Verifier::Sealed(&services)).await?
    } else {
        ctx.say_if_unsealed();
        let store = ctx.store().await?;
        audit::verify(audit::Verifier::Unsealed(store.as_ref())).await?
    };
    match ctx.out.format {
        Format::Json => ctx.out.json(&report)?,
        Format::Table if report.findings.is_empty() => {}
        Format::Table => ctx.out.table(&tables::findings(&report.findings))?,
    }
    if report.findings.is_empty() {
        ctx.out.note(&format!(
            "verified {} request(s) and {} event(s): {}",
            report.requests,
            report.events,
            if report.sealed {
                "every event is sealed by an author who may make it, and every record matches its events"
            } else {
                "every record matches its events (unsealed ledger: authors are not proven)"
            }
        ));
        Ok(())
    } else {
        Err(Error::NeedsAttention(format!(
            "{} of {} item(s) do not hold: they were written or edited outside elevate. Nothing acts on them; restore them from a backup (point-in-time recovery for DynamoDB) and find out who could write the ledger",
            report.findings.len(),
            report.requests
        )))
    }
}

/// Where session activity is read from: flags, then config.
fn source(ctx: &Ctx, args: &Args, region: &str) -> Result<activity::Source> {
    if let Some(s) = super::activity::source_of(ctx, &args.sources, &args.trail, region) {
        return Ok(s);
    }
    Err(Error::Missing {
        flag: "--event-data-store",
        hint: "say where CloudTrail events are: --event-data-store <arn> (CloudTrail Lake), or --trail-bucket <bucket> [--trail-org-id o-…] for the organisation trail's S3 bucket (or event_data_store / trail_bucket in the config file)".into(),
    })
}

async fn activity(ctx: &Ctx, args: &Args) -> Result<()> {
    let id = args
        .id
        .as_ref()
        .expect("clap requires <ID> with --activity");
    let store = ctx.store().await?;
    let request = crate::workflow::show::show(store.as_ref(), id)
        .await?
        .request;
    let aws = ctx.aws().await?;
    let source = source(ctx, args, &aws.region)?;
    let log = super::app::activity_log(&aws);
    let bar = crate::render::progress::Counter::start(&ctx.out, "trail files");
    let progress = |done: usize, total: usize| bar.set(done, total);
    let mut found = activity::activity(&log, &request, &source, ctx.now(), &progress).await?;
    bar.clear();
    if args.writes_only {
        found.retain(|a| a.is_write());
    }
    let format = args.format.unwrap_or(match ctx.out.format {
        Format::Json => AuditFormat::Json,
        Format::Table => AuditFormat::Table,
    });
    match format {
        AuditFormat::Json => ctx.out.json(&found)?,
        AuditFormat::Jsonl => {
            for a in &found {
                ctx.out.line(
                    &serde_json::to_string(a)
                        .map_err(crate::render::json_failed)?,
                )?;
            }
        }
        AuditFormat::Csv => {
            let mut w = csv::Writer::start(&csv::ACTIVITY_HEADER)?;
            for a in &found {
                w.row(csv::activity_row(a))?;
            }
            w.finish()?;
        }
        AuditFormat::Table if found.is_empty() => ctx.out.note(&format!(
            "no CloudTrail events of request {id}'s sessions in its window (events reach CloudTrail up to 15 minutes late)"
        )),
        AuditFormat::Table => ctx.out.table(&tables::activity(&found))?,
    }
    Ok(())
}
