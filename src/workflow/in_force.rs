//! The policy in force: the newest policy version in the ledger whose seal holds. A version
//! without a valid seal — written by anyone but the admin, edited, or unparsable — is reported
//! loudly and ignored, and the last valid one stays in force; but when the version that does not
//! hold is the newest stored, nothing is granted until an admin applies the policy again
//! (`decide`): otherwise overwriting the newest version would put the one before it back in
//! force. On a sealed ledger nothing decides by a local policy file.

use crate::domain::Policy;
use crate::domain::ledger::{self, POLICY_SUBJECT, SealKind, Tampering};
use crate::error::{Error, Result};
use crate::store::PolicyVersion;

use super::Services;

/// The policy every decision is made by, and how it was chosen.
#[derive(Debug, Clone)]
pub struct InForce {
    pub policy: Policy,
    /// The ledger's version number, or `None` for the policy file (unsealed ledgers only).
    pub number: Option<u64>,
    /// Versions that were refused, and why.
    pub refused: Vec<String>,
}

/// The policy versions whose seals hold (every parseable version on an unsealed ledger), oldest
/// first, and the problems with the others.
pub async fn versions(svc: &Services) -> Result<(Vec<PolicyVersion>, Vec<String>)> {
    versions_in(svc.store.as_ref(), svc.sealer.as_ref()).await
}

/// [`versions`], from a ledger and its sealer alone (an unsealed ledger needs no AWS call).
pub async fn versions_in(
    store: &dyn crate::store::Store,
    sealer: &dyn super::ports::Sealer,
) -> Result<(Vec<PolicyVersion>, Vec<String>)> {
    let (history, malformed) = store.policy_history().await?;
    Ok(sort_out(sealer, history, malformed).await?.0)
}

/// The valid versions, the problems with the others, and why the newest valid version is not
/// the newest stored (when it is not).
async fn sort_out(
    sealer: &dyn super::ports::Sealer,
    history: Vec<PolicyVersion>,
    malformed: Vec<crate::store::Malformed>,
) -> Result<((Vec<PolicyVersion>, Vec<String>), Option<String>)> {
    let newest_stored = newest_stored(&history, &malformed);
    let mut problems: Vec<String> = malformed
        .into_iter()
        .map(|m| format!("policy version item {} cannot be read: {}", m.key, m.error))
        .collect();
    let mut valid = Vec::new();
    let mut expected = 1;
    for v in history {
        if v.number != expected {
            problems.push(format!(
                "policy version {expected} is missing (the next stored is {})",
                v.number
            ));
        }
        expected = v.number + 1;
        if valid
            .last()
            .is_some_and(|l: &PolicyVersion| l.number >= v.number)
        {
            problems.push(format!(
                "policy version {} is stored after a version numbered as high: a copy",
                v.number
            ));
            continue;
        }
        match check(sealer, &v).await? {
            Ok(()) => valid.push(v),
            Err(why) => problems.push(format!("policy version {}: {why}", v.number)),
        }
    }
    let newest_valid = valid.last().map(|v| v.number);
    let held_back = match newest_stored {
        Err(key) => Some(format!(
            "policy version item {key} cannot be read, so which version is the newest is not known"
        )),
        Ok(Some(n)) if Some(n) != newest_valid => Some(format!(
            "the newest policy version stored ({n}) does not hold, and the one before it is not put back in force: an admin applies the policy again (`elevate policy apply`)"
        )),
        Ok(_) => None,
    };
    Ok(((valid, problems), held_back))
}

/// The highest version number stored, whether or not it holds (`Err` with the key of an item
/// whose number cannot be told).
fn newest_stored(
    history: &[PolicyVersion],
    malformed: &[crate::store::Malformed],
) -> std::result::Result<Option<u64>, String> {
    let mut newest = history.iter().map(|v| v.number).max();
    for m in malformed {
        // SQLite names the row by its number, DynamoDB by `P/V#<number>`.
        let digits: String = m
            .key
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let n: u64 = digits.parse().map_err(|_| m.key.clone())?;
        newest = newest.max(Some(n));
    }
    Ok(newest)
}

/// The valid versions, and why grants must wait when the newest stored version does not hold:
/// falling back to the one before would let whoever can overwrite the newest put an older,
/// perhaps more permissive, policy back in force.
pub(crate) async fn for_grants(svc: &Services) -> Result<(Vec<PolicyVersion>, Option<String>)> {
    let (history, malformed) = svc.store.policy_history().await?;
    let ((valid, _), held_back) = sort_out(svc.sealer.as_ref(), history, malformed).await?;
    Ok((valid, held_back))
}

/// The valid versions only (for a decision checking the version a request names).
pub async fn valid_versions(svc: &Services) -> Result<Vec<PolicyVersion>> {
    Ok(versions(svc).await?.0)
}

/// One version: it parses to the policy it claims to be, and on a sealed ledger its seal is
/// the admin's, for exactly this content, by the author it names.
async fn check(
    sealer: &dyn super::ports::Sealer,
    v: &PolicyVersion,
) -> Result<std::result::Result<(), String>> {
    match Policy::parse(&v.text, &format!("policy version {}", v.number)) {
        Ok(p) if p.version == v.hash => {}
        Ok(_) => return Ok(Err("its text does not hash to the version it claims".into())),
        Err(e) => return Ok(Err(format!("it does not parse ({e})"))),
    }
    let Some(ledger_name) = sealer.ledger() else {
        return Ok(Ok(()));
    };
    let Some(seal) = &v.seal else {
        return Ok(Err("it is not sealed".into()));
    };
    if seal.kind != SealKind::Policy {
        return Ok(Err(format!(
            "it is sealed as a {} decision, not a policy version",
            seal.kind
        )));
    }
    let Some(actor_id) = v.actor_id.as_deref() else {
        return Ok(Err("it names no author".into()));
    };
    if !ledger::names_session(&v.applied_by, actor_id) {
        return Ok(Err(format!(
            "it says {} applied it, but its seal was made by another session",
            v.applied_by
        )));
    }
    let hash = ledger::policy_version_hash(
        v.number,
        &v.hash,
        &v.text,
        &v.applied_by,
        v.applied_at,
        v.actor_id.as_deref(),
    );
    let context = ledger::seal_context(
        ledger_name,
        POLICY_SUBJECT,
        &hash,
        SealKind::Policy,
        actor_id,
    );
    Ok(if sealer.verify(&context, &hash, &seal.blob).await? {
        Ok(())
    } else {
        Err("its seal is not the admin's seal of this version: forged or edited".into())
    })
}

/// The policy in force. `file` is the local policy file (text, path), read only for an
/// unsealed ledger to which no version was ever applied.
pub async fn load(
    svc: &Services,
    file: impl FnOnce() -> Result<(String, String)>,
) -> Result<InForce> {
    let (valid, refused) = versions(svc).await?;
    if !refused.is_empty() {
        let t = Tampering {
            subject: POLICY_SUBJECT.into(),
            problems: refused.clone(),
        };
        super::verify::report(svc, &t, None).await;
    }
    decide_in_force(valid, refused, svc.sealer.ledger().is_some(), file)
}

/// [`load`] for an unsealed ledger, from the ledger alone: no AWS call, so an operator without
/// credentials (and a command that decides nothing against AWS) can still read it.
pub async fn load_unsealed(
    store: &dyn crate::store::Store,
    file: impl FnOnce() -> Result<(String, String)>,
) -> Result<InForce> {
    let (valid, refused) = versions_in(store, &super::ports::Unsealed).await?;
    for p in &refused {
        tracing::error!("{p}");
    }
    decide_in_force(valid, refused, false, file)
}

fn decide_in_force(
    valid: Vec<PolicyVersion>,
    refused: Vec<String>,
    sealed: bool,
    file: impl FnOnce() -> Result<(String, String)>,
) -> Result<InForce> {
    if !refused.is_empty() {
        tracing::warn!(
            "{} policy version problem(s); deciding by the newest valid version",
            refused.len()
        );
    }
    if let Some(v) = valid.last() {
        return Ok(InForce {
            policy: Policy::parse(&v.text, &format!("policy version {}", v.number))?,
            number: Some(v.number),
            refused,
        });
    }
    // Versions were applied but none holds: never fall back to a local file (on an unsealed
    // ledger this is a version written by an older elevate that no longer parses).
    if !refused.is_empty() {
        return Err(Error::Tampered(Box::new(Tampering {
            subject: POLICY_SUBJECT.into(),
            problems: refused
                .into_iter()
                .chain(std::iter::once(
                    "no policy version in the ledger holds: correct your policy file and run `elevate policy apply` (an admin)".to_string(),
                ))
                .collect(),
        })));
    }
    if sealed {
        return Err(if refused.is_empty() {
            Error::Config(
                "no policy version has been applied to this sealed ledger: an admin runs `elevate policy apply <file>` first (a local policy file never decides on a sealed ledger)".into(),
            )
        } else {
            Error::Tampered(Box::new(Tampering {
                subject: POLICY_SUBJECT.into(),
                problems: refused,
            }))
        });
    }
    let (text, origin) = file()?;
    Ok(InForce {
        policy: Policy::parse(&text, &origin)?,
        number: None,
        refused,
    })
}

/// Seals a new policy version as the admin applying it (nothing on an unsealed ledger).
pub(crate) async fn seal(svc: &Services, v: &mut PolicyVersion) -> Result<()> {
    let Some(ledger_name) = svc.sealer.ledger() else {
        return Ok(());
    };
    let Some(actor_id) = v.actor_id.clone() else {
        return Err(Error::Denied(
            "cannot seal the policy version: the caller's aws:userid is unknown, and a seal must name its author; check `aws sts get-caller-identity` with the same credentials".into(),
        ));
    };
    let hash = ledger::policy_version_hash(
        v.number,
        &v.hash,
        &v.text,
        &v.applied_by,
        v.applied_at,
        Some(&actor_id),
    );
    let context = ledger::seal_context(
        ledger_name,
        POLICY_SUBJECT,
        &hash,
        SealKind::Policy,
        &actor_id,
    );
    match svc.sealer.seal(&context, &hash).await {
        Ok(blob) => {
            v.seal = Some(crate::domain::event::Seal {
                kind: SealKind::Policy,
                blob,
            });
            Ok(())
        }
        Err(e) if e.kind == super::ports::ServiceErrorKind::AccessDenied => {
            Err(Error::SealRefused {
                kind: SealKind::Policy,
                message: e.what_failed(),
            })
        }
        Err(e) => Err(e.into()),
    }
}

// What `elevate policy show`, `history` and `diff` read: the ledger's versions for a person to
// look at, whether or not they hold (`cli` reads the ledger only through the workflow).

/// Every stored version, oldest first, and the items that could not be read as one.
pub async fn history(
    store: &dyn crate::store::Store,
) -> Result<(Vec<PolicyVersion>, Vec<crate::store::Malformed>)> {
    Ok(store.policy_history().await?)
}

/// Version `number` (the newest with `None`) as stored, whether or not it holds.
pub async fn stored(
    store: &dyn crate::store::Store,
    number: Option<u64>,
) -> Result<Option<PolicyVersion>> {
    Ok(store.policy(number).await?)
}

/// The version `policy show` prints: `wanted` (the newest by default) among the `valid` ones.
/// Without it, the error says whether it does not hold (`problems` were found), or was never
/// applied and commands use `file`.
pub async fn to_show(
    store: &dyn crate::store::Store,
    valid: &[PolicyVersion],
    problems: &[String],
    wanted: Option<u64>,
    file: &std::path::Path,
) -> Result<PolicyVersion> {
    let found = match wanted {
        None => valid.last(),
        Some(n) => valid.iter().find(|v| v.number == n),
    };
    if let Some(v) = found {
        return Ok(v.clone());
    }
    Err(match wanted {
        Some(n) if store.policy(Some(n)).await?.is_some() => Error::Tampered(Box::new(Tampering {
            subject: POLICY_SUBJECT.into(),
            problems: vec![format!(
                "policy version {n} does not hold (see above), so it is not shown"
            )],
        })),
        Some(n) => Error::NotFound(format!(
            "no policy version {n}: see `elevate policy history`"
        )),
        None if !problems.is_empty() => Error::Tampered(Box::new(Tampering {
            subject: POLICY_SUBJECT.into(),
            problems: vec![
                "no policy version in the ledger holds: an admin applies the policy again (`elevate policy apply`)".into(),
            ],
        })),
        None => Error::NotFound(format!(
            "no policy has been applied to the ledger; commands use the file {} (apply it with `elevate policy apply`)",
            file.display()
        )),
    })
}
