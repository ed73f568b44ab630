//! `elevate extend`: ask to lengthen an active elevation within the policy's maximum. When the
//! policy asks for approval the elevation keeps its old end until the extension is approved
//! (with `elevate approve`, like a request, which is where approving and rejecting it lives);
//! it lapses if the elevation ends first. The revocation
//! schedule moves only once the extension takes effect.

use jiff::SignedDuration;

use crate::domain::authz::Verb;
use crate::domain::{Action, Actor, Mode, Policy, RequestId, Status, format_duration};
use crate::error::{Error, Result};

use super::authority::may;
use super::decide::{Decided, current_terms, describe_tally, until};
use super::provision::lengthen;
use super::{Author, Services, load};

pub async fn extend(
    svc: &Services,
    policy: &Policy,
    actor: &Actor,
    id: &RequestId,
    by: SignedDuration,
    reason: Option<&str>,
) -> Result<Decided> {
    let request = load(svc, id).await?;
    may(Verb::Extend, &request, actor, svc.grant_mode).map_err(|_| {
        Error::Denied(format!(
            "only the requester or the person with the access can extend request {id} (requested by {}); approvers approve an extension with `elevate approve {id}`",
            request.requester.label()
        ))
    })?;
    match request.status {
        Status::Active => {}
        Status::Approved if request.scheduled_start.is_some() => {
            return Err(Error::Conflict(format!(
                "request {id} has not started (it starts at {}): cancel it and request again with the --duration you need",
                request
                    .scheduled_start
                    .map(crate::domain::format_time)
                    .unwrap_or_default()
            )));
        }
        Status::Pending | Status::Approved => {
            return Err(Error::Conflict(format!(
                "request {id} is {} and not granted yet: only active elevations can be extended. Cancel it and request again with the --duration you need",
                request.status
            )));
        }
        status => {
            return Err(Error::Conflict(format!(
                "request {id} is {status}: there is nothing to extend; request access again"
            )));
        }
    }
    if let Some(x) = &request.extension {
        return Err(Error::Conflict(format!(
            "request {id} already has an extension by {} waiting for approval ({}); an approver runs `elevate approve {id}`. Until then it ends at {}",
            format_duration(x.by),
            describe_tally(&x.tally()),
            until(&request)
        )));
    }
    let reason = reason.map(str::trim).unwrap_or_default();
    policy
        .check_reason(reason)
        .map_err(|e| Error::Denied(format!("{e} (--reason: why the extension is needed)")))?;
    let total = request
        .duration
        .checked_add(by)
        .ok_or_else(|| Error::Usage(format!("--by {}: too long", format_duration(by))))?;
    let (terms, mut notices) = current_terms(svc, policy, &request, total)
        .await
        .map_err(|e| match e {
            Error::Denied(why) => Error::Denied(format!(
                "policy does not allow request {id} to last {} in all ({} + {}): {why}",
                format_duration(total),
                format_duration(request.duration),
                format_duration(by)
            )),
            other => other,
        })?;
    let requirements = match terms.mode {
        Mode::Required => terms.requirements,
        // An auto rule, or the break-glass rule the elevation was granted under: no approval.
        Mode::Auto | Mode::BreakGlass => Vec::new(),
    };
    let next = lengthen(
        svc,
        id,
        Action::RequestExtension {
            by,
            reason: reason.to_string(),
            requirements,
        },
        &Author::asking(actor),
        Some(reason).filter(|r| !r.is_empty()),
        Some(&policy.version),
    )
    .await?;
    notices.push(match &next.extension {
        Some(x) => format!(
            "extension by {} requested: waiting for approval ({}). An approver runs: elevate approve {id}. Until then it ends at {}",
            format_duration(x.by),
            describe_tally(&x.tally()),
            until(&next)
        ),
        None if terms.mode == Mode::BreakGlass => format!(
            "BREAK-GLASS elevation extended by {} without approval, until {}: recorded in the ledger for review",
            format_duration(by),
            until(&next)
        ),
        None => format!(
            "extended by {} (approved by policy), until {}",
            format_duration(by),
            until(&next)
        ),
    });
    Ok(Decided {
        request: next,
        notices,
        extension: true,
    })
}
