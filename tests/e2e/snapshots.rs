//! What people read, as the real binary draws it from a real ledger: `list`, `list
//! --to-approve` and `show` as tables fitted to 80 and 200 columns, as tab-separated lines, and
//! as bare ids. The committed files under tests/e2e/snapshots/ are compared exactly, once what
//! differs from run to run (ids, account ids, ARNs, times) is masked; the properties a reader
//! relies on are checked on the raw output too, so a snapshot blessed in a hurry cannot hide a
//! line too wide or an id cut in two.
//!
//! Rewrite the snapshots with: ELEVATE_BLESS=1 cargo test --test e2e snapshots

use regex::Regex;
use unicode_width::UnicodeWidthStr;

use crate::harness::{Org, json, mask, placeholder, snapshot, stderr_of};

/// ~300 characters, with letters of two columns (CJK, an emoji) and accented ones: where a
/// renderer that counts bytes or chars instead of columns would draw a line too wide.
const LONG_REASON: &str = "Rotate the leaked RDS credentials after INC-4211 — Zürich on-call, \
naïve café façade check; 日本語の確認メモ and a 🔥 fire drill: verify every replica picks up the \
new secret, then restore the previous version from Secrets Manager if the checkout service \
(Ελληνικά, русский) starts failing its health checks ✓";

/// Four requests by alice, oldest first, each for other access (a second request for the same
/// access would be the first one again): pending, active (approved by bob), pending with the
/// long reason, pending with a ticket.
struct History {
    org: Org,
    pending: String,
    active: String,
    long: String,
    ticket: String,
}

impl History {
    fn new() -> History {
        let org = Org::new();
        let (dev, prod) = (org.dev(), org.target("prod"));
        let ask = |account: &str, set: &str, duration: &str, reason: &str, more: &[&str]| {
            json(
                org.elevate("alice")
                    .args([
                        "request", "-a", account, "-p", set, "-d", duration, "-r", reason,
                    ])
                    .args(more),
            )["id"]
                .as_str()
                .expect("a request id")
                .to_string()
        };
        let pending = org.ask_admin_on_dev("alice", "look at the billing alarms");
        // 1h 30m: what is left of it reads "in 1h 30m" or "in 1h 29m", the same width, however
        // long the run takes (up to half an hour), so the tables keep their layout.
        let active = ask(
            &prod,
            "ReadOnlyAccess",
            "90m",
            "deploy the INC-7 hotfix",
            &[],
        );
        json(
            org.elevate("bob")
                .args(["approve", &active, "-c", "go ahead"]),
        );
        let long = ask(&prod, "AdministratorAccess", "1h", LONG_REASON, &[]);
        let ticket = ask(
            &dev,
            "ReadOnlyAccess",
            "30m",
            "read the payment logs",
            &["--ticket", "INC-4211"],
        );
        History {
            org,
            pending,
            active,
            long,
            ticket,
        }
    }

    fn ids(&self) -> [&str; 4] {
        [&self.pending, &self.active, &self.long, &self.ticket]
    }

    /// stdout of `elevate <args>` run by `who`, which must succeed.
    fn run(&self, who: &str, args: &[&str], env: &[(&str, &str)]) -> String {
        let out = self
            .org
            .elevate(who)
            .args(args)
            .envs(env.iter().copied())
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr_of(&out));
        String::from_utf8(out.stdout).expect("UTF-8 output")
    }

    /// `text` with what differs from run to run replaced by placeholders of the same width, so
    /// the masked tables keep the exact layout the binary drew.
    fn filter(&self, text: &str) -> String {
        let policy = std::fs::read_to_string(self.org.policy_path()).unwrap();
        // Its hash: the policy names the seeded management account, a number per run.
        let policy_version = elevate::domain::policy::Policy::parse(&policy, "policy.toml")
            .unwrap()
            .version;
        let mut known: Vec<(String, &str)> = vec![
            (self.pending.clone(), "PENDING"),
            (self.active.clone(), "ACTIVE"),
            (self.long.clone(), "LONG"),
            (self.ticket.clone(), "TICKET"),
            (self.org.dev(), "DEV"),
            (self.org.target("prod"), "PROD"),
            (self.org.account(), "MGMT"),
            (self.org.ps("AdministratorAccess"), "ADMIN-PS-ARN"),
            (self.org.ps("ReadOnlyAccess"), "READONLY-PS-ARN"),
            (policy_version, "POLICY"),
        ];
        // The longest first: an account id inside an ARN goes with the ARN.
        known.sort_by_key(|(value, _)| std::cmp::Reverse(value.len()));
        let mut text = text.to_string();
        for (value, name) in &known {
            text = mask(&text, value, name);
        }
        // A schedule's name: a hash of the assignment, whose ids are the run's.
        let schedules = Regex::new(r"elevate-[0-9a-f]{40}-").unwrap();
        let text = schedules.replace_all(&text, |_: &regex::Captures| {
            format!("elevate-{}-", placeholder("ASSIGNMENT-HASH", 40))
        });
        // Times: the date and clock of the run, and how far away they were from it.
        let times = Regex::new(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?").unwrap();
        let relative = Regex::new(r"\((in )?\d+[dhm]( \d+[dhm])*( ago)?\)").unwrap();
        let digits = |c: &regex::Captures| c[0].replace(|c: char| c.is_ascii_digit(), "#");
        let text = times.replace_all(&text, digits);
        relative.replace_all(&text, digits).into_owned()
    }
}

fn widest(text: &str) -> usize {
    text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

/// What a fitted table must hold to: within `columns`, every id and account id whole on one
/// line (`whole`), each on as many lines as expected.
fn assert_fits(what: &str, text: &str, columns: usize, whole: &[(&str, usize)]) {
    assert!(
        widest(text) <= columns,
        "{what}: a line is {} columns wide, more than COLUMNS={columns}:\n{text}",
        widest(text)
    );
    for (value, times) in whole {
        let lines = text.lines().filter(|l| l.contains(value)).count();
        assert_eq!(
            lines, *times,
            "{what}: {value} should be whole on {times} line(s), is on {lines}:\n{text}"
        );
    }
}

/// Every line has as many tab-separated fields as the header.
fn assert_tsv(what: &str, text: &str, rows: usize) {
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines.len(),
        rows + 1,
        "{what}: a header and {rows} rows:\n{text}"
    );
    let fields = lines[0].split('\t').count();
    assert!(fields > 1, "{what}: a header of fields:\n{text}");
    for l in &lines {
        assert_eq!(l.split('\t').count(), fields, "{what}: {l:?}\n{text}");
    }
}

#[test]
fn list_as_a_table_as_lines_and_as_ids() {
    let h = History::new();
    let (dev, prod) = (h.org.dev(), h.org.target("prod"));
    let utc = ["list", "--utc", "-o", "table"];

    let at80 = h.run("alice", &utc, &[("COLUMNS", "80")]);
    let mut whole: Vec<(&str, usize)> = h.ids().iter().map(|id| (*id, 1)).collect();
    whole.extend([(dev.as_str(), 2), (prod.as_str(), 2)]);
    assert_fits("list at 80", &at80, 80, &whole);
    // The columns kept whole (id, status, account, permission set) leave less than a cut
    // reason needs: the reason is left out, rather than wrapped or shown past the width.
    assert!(
        !at80.contains("REASON") && !at80.contains("Rotate"),
        "{at80}"
    );
    snapshot("list-table-80.txt", &h.filter(&at80));

    let at200 = h.run("alice", &utc, &[("COLUMNS", "200")]);
    assert_fits("list at 200", &at200, 200, &whole);
    assert!(
        at200.contains("look at the billing alarms") && at200.contains("CREATED (UTC)"),
        "at 200 columns short reasons and the times are whole:\n{at200}"
    );
    let long_row = at200.lines().find(|l| l.contains(&h.long)).unwrap();
    assert!(
        long_row.contains("Rotate the leaked") && long_row.contains('…'),
        "the long reason is cut with …: {long_row}"
    );
    assert!(!at200.contains("health checks"), "{at200}");
    snapshot("list-table-200.txt", &h.filter(&at200));

    // Piped, the default: tab-separated lines with a header, every reason whole.
    let piped = h.run("alice", &["list", "--utc"], &[("COLUMNS", "80")]);
    assert_tsv("list piped", &piped, 4);
    assert!(piped.contains(LONG_REASON), "{piped}");
    snapshot("list-text.txt", &h.filter(&piped));

    // `-q`: the ids alone, newest first.
    let quiet = h.run("alice", &["list", "-q"], &[]);
    let newest_first: Vec<&str> = h.ids().into_iter().rev().collect();
    assert_eq!(quiet.lines().collect::<Vec<_>>(), newest_first);
    snapshot("list-quiet.txt", &h.filter(&quiet));
}

#[test]
fn times_are_in_the_zone_elevate_tz_names() {
    let h = History::new();
    let paris = jiff::tz::TimeZone::get("Europe/Paris").unwrap();
    // CET or CEST, by the date of the run: the one thing masked here beyond the usual.
    let label = jiff::Timestamp::now()
        .to_zoned(paris.clone())
        .strftime("%Z")
        .to_string();
    let piped = h.run("alice", &["list"], &[("ELEVATE_TZ", "Europe/Paris")]);
    assert_tsv("list in Paris", &piped, 4);
    let header: Vec<&str> = piped.lines().next().unwrap().split('\t').collect();
    let created = header
        .iter()
        .position(|h| *h == format!("CREATED ({label})"))
        .unwrap_or_else(|| panic!("a CREATED ({label}) column: {header:?}"));
    let listed = json(h.org.elevate("alice").arg("list"));
    for (line, request) in piped.lines().skip(1).zip(listed.as_array().unwrap()) {
        let at: jiff::Timestamp = request["created_at"].as_str().unwrap().parse().unwrap();
        let want = at
            .to_zoned(paris.clone())
            .strftime("%Y-%m-%d %H:%M")
            .to_string();
        assert_eq!(line.split('\t').nth(created), Some(want.as_str()), "{line}");
    }
    let filtered = h
        .filter(&piped)
        .replace(&format!("({label})"), "(CET/CEST)");
    snapshot("list-text-paris.txt", &filtered);
}

#[test]
fn show_and_the_approvers_list_as_tables() {
    let h = History::new();
    let (dev, prod) = (h.org.dev(), h.org.target("prod"));
    for columns in [80, 200] {
        let shown = h.run(
            "alice",
            &["show", &h.long, "--utc", "-o", "table"],
            &[("COLUMNS", &columns.to_string())],
        );
        assert_fits(
            &format!("show at {columns}"),
            &shown,
            columns,
            &[(&h.long, 1), (&prod, 1)],
        );
        // A detail view wraps the reason rather than cutting it: every word is there.
        for word in ["Zürich", "日本語の確認メモ", "🔥", "Ελληνικά,", "✓"] {
            assert!(shown.contains(word), "show at {columns}: {word}\n{shown}");
        }
        // The timeline cuts the reason to its COMMENT column with "…".
        let requested = shown.lines().find(|l| l.contains("┆ requested ┆")).unwrap();
        assert!(
            requested.contains("Rotate the") && requested.ends_with("… │"),
            "show at {columns}: {requested}"
        );
        snapshot(&format!("show-table-{columns}.txt"), &h.filter(&shown));
    }
    let active = h.run(
        "alice",
        &["show", &h.active, "--utc", "-o", "table"],
        &[("COLUMNS", "80")],
    );
    assert_fits("show active", &active, 80, &[(&h.active, 1), (&prod, 1)]);
    snapshot("show-active-table-80.txt", &h.filter(&active));

    let to_approve = h.run(
        "bob",
        &["list", "--to-approve", "--utc", "-o", "table"],
        &[("COLUMNS", "80")],
    );
    assert_fits(
        "to approve at 80",
        &to_approve,
        80,
        &[
            (&h.pending, 1),
            (&h.long, 1),
            (&h.ticket, 1),
            (&dev, 2),
            (&prod, 1),
        ],
    );
    assert!(!to_approve.contains(&h.active), "{to_approve}");
    snapshot("to-approve-table-80.txt", &h.filter(&to_approve));
}
