//! The reports of a pass: reconcile's (and the executor's), and the standing-access check's.

use crate::error::{Error, Result};
use crate::workflow::standing::Report;

use super::{Format, Output, tables};

/// Prints a pass's report; exits 1 (`NeedsAttention`) when something needs a person.
pub fn reconcile(out: &Output, report: &crate::workflow::reconcile::Report) -> Result<()> {
    match out.format {
        Format::Json => out.json(report)?,
        Format::Table => {
            if report.items.is_empty() && report.orphan_schedules.is_empty() {
                out.note("nothing to do");
            }
            if !report.items.is_empty() {
                out.table(&tables::reconcile(&report.items))?;
            }
            for o in &report.orphan_schedules {
                out.line(&format!(
                    "schedule {}: {}",
                    crate::render::sanitize::clean(&o.name),
                    crate::render::sanitize::clean(&o.result)
                ))?;
            }
            if let Some(standing) = &report.standing {
                standing_text(out, standing)?;
            }
        }
    }
    if report.throttled > 0 {
        out.warn(&format!(
            "Identity Center throttled {} call(s) of this pass even after retries: what failed is retried next pass; lower identity_center_rate if it goes on, or find the other client calling the instance",
            report.throttled
        ));
    }
    match report.needs_attention() {
        0 => Ok(()),
        n => Err(Error::NeedsAttention(match out.format {
            Format::Json => {
                format!("{n} item(s) need a person: those with \"attention\": true in the report")
            }
            Format::Table => {
                format!("{n} item(s) need a person: see the lines above (or --output json)")
            }
        })),
    }
}

/// The standing-access check's report: JSON, or tables and notes.
pub fn standing(out: &Output, report: &Report) -> Result<()> {
    if out.format == Format::Json {
        return out.json(report);
    }
    standing_text(out, report)
}

/// The standing-access report as text (also the executor's section of a pass).
pub fn standing_text(out: &Output, report: &Report) -> Result<()> {
    if report.permission_sets.is_empty() {
        out.note("no permission set is marked temporary_only in the policy in force: standing assignments were not checked (add [settings] temporary_only = [\"AdministratorAccess\", …])");
    } else if report.standing.is_empty() {
        out.note(&format!(
            "every assignment of {} is explained by a genuine elevation",
            report.permission_sets.join(", ")
        ));
    } else {
        out.table(&tables::standing(&report.standing))?;
    }
    match &report.changes {
        None => out.note(&format!("assignment changes in CloudTrail: {}", report.trail)),
        Some(c) if c.is_empty() => out.note(&format!(
            "no assignment changes by anyone but elevate in {} from {} to {} (events reach CloudTrail up to 15 minutes late)",
            report.trail,
            crate::domain::format_time(report.since),
            crate::domain::format_time(report.until)
        )),
        Some(c) => out.table(&tables::assignment_changes(c))?,
    }
    for p in &report.problems {
        out.warn(p);
    }
    Ok(())
}
