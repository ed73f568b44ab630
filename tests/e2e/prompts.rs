//! The questions elevate asks on a terminal, answered through a pseudo-terminal the test makes:
//! every answer checked as it is typed by the rule the request is decided by, a ticket asked
//! for when policy needs one, Esc and Ctrl-C leaving cleanly, and `approve` without an id.

use rexpect::process::WaitStatus;
use rexpect::session::PtySession;

use crate::harness::{Org, POLICY, json};

/// Generous: a slow 2-core machine seeds, builds and runs other tests at the same time.
const PATIENCE_MS: u64 = 30_000;

/// `elevate args…` as `who`, on a terminal of its own.
fn on_terminal(org: &Org, who: &str, args: &[&str]) -> PtySession {
    let mut cmd = org.process(who);
    cmd.args(args).env("TERM", "xterm");
    rexpect::session::spawn_command(cmd, Some(PATIENCE_MS)).expect("a pseudo-terminal")
}

/// Waits for `text` on the terminal; what came before it, for the failure message otherwise.
fn expect(term: &mut PtySession, text: &str) -> String {
    term.exp_string(text)
        .unwrap_or_else(|e| panic!("never saw {text:?} on the terminal: {e}"))
}

fn send(term: &mut PtySession, keys: &str) {
    term.send(keys).expect("typed");
    term.flush().expect("typed");
}

/// Everything the program still writes, and its exit code (`None`: a signal ended it).
fn finish(mut term: PtySession) -> (String, Option<i32>) {
    let rest = term.exp_eof().expect("the program ends");
    let code = match term.process().wait().expect("its status") {
        WaitStatus::Exited(_, code) => Some(code),
        _ => None,
    };
    (rest, code)
}

/// alice's requests in the ledger, newest first.
fn requests(org: &Org) -> Vec<serde_json::Value> {
    json(org.elevate("alice").args(["list", "--all"]))
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn a_duration_over_the_cap_is_refused_as_it_is_typed() {
    let org = Org::new();
    let dev = org.dev();
    // The permission set is left out: picked, then the duration is asked for.
    let mut term = on_terminal(
        &org,
        "alice",
        &["request", "-a", &dev, "-r", "rotate the RDS credentials"],
    );
    expect(&mut term, "Account and permission set");
    send(&mut term, "Administrator");
    expect(&mut term, "AdministratorAccess");
    send(&mut term, "\r");
    expect(&mut term, "Duration (at most 4h)");
    send(&mut term, "5h\r");
    expect(
        &mut term,
        "rule 'engineers' allows at most 4h; 5h was asked for",
    );
    // Still the same question, not the end of the command.
    expect(&mut term, "Duration (at most 4h)");
    send(&mut term, "2h\r");
    let (out, code) = finish(term);
    assert_eq!(code, Some(0), "{out}");
    let asked = requests(&org);
    assert_eq!(asked.len(), 1, "{asked:?}");
    assert_eq!(asked[0]["duration"], "PT2H", "{asked:?}");
    assert_eq!(
        asked[0]["permission_set"]["name"], "AdministratorAccess",
        "{asked:?}"
    );
}

#[test]
fn a_reason_too_short_is_refused_as_it_is_typed() {
    let org = Org::new();
    let dev = org.dev();
    let mut term = on_terminal(
        &org,
        "alice",
        &[
            "request",
            "-a",
            &dev,
            "-p",
            "AdministratorAccess",
            "-d",
            "1h",
        ],
    );
    expect(&mut term, "Reason");
    send(&mut term, "fix\r");
    expect(&mut term, "policy asks for at least 5");
    expect(&mut term, "Reason");
    send(&mut term, "fix the failing deploy\r");
    let (out, code) = finish(term);
    assert_eq!(code, Some(0), "{out}");
    let asked = requests(&org);
    assert_eq!(asked.len(), 1, "{asked:?}");
    assert_eq!(asked[0]["reason"], "fix the failing deploy", "{asked:?}");
}

#[test]
fn a_ticket_the_policy_requires_is_asked_for_and_checked() {
    let org = Org::new();
    org.write_policy(&POLICY.replace(
        "reason_min_length = 5",
        "reason_min_length = 5\nticket_required = true\nticket_pattern = \"INC-[0-9]+\"",
    ));
    let dev = org.dev();
    let mut term = on_terminal(
        &org,
        "alice",
        &[
            "request",
            "-a",
            &dev,
            "-p",
            "AdministratorAccess",
            "-d",
            "1h",
            "-r",
            "the outage in INC-42",
        ],
    );
    expect(&mut term, "Ticket");
    send(&mut term, "42\r");
    expect(&mut term, "does not match the policy's ticket_pattern");
    expect(&mut term, "Ticket");
    send(&mut term, "INC-42\r");
    let (out, code) = finish(term);
    assert_eq!(code, Some(0), "{out}");
    let asked = requests(&org);
    assert_eq!(asked.len(), 1, "{asked:?}");
    assert_eq!(asked[0]["ticket"], "INC-42", "{asked:?}");
}

#[test]
fn esc_at_the_picker_cancels_and_writes_nothing() {
    let org = Org::new();
    let mut term = on_terminal(&org, "alice", &["request", "-r", "rotate the keys"]);
    expect(&mut term, "Account and permission set");
    send(&mut term, "\x1b");
    let (out, code) = finish(term);
    assert_eq!(code, Some(2), "the usage code: {out}");
    assert!(out.contains("cancelled: nothing was requested"), "{out}");
    assert!(requests(&org).is_empty());
}

#[test]
fn ctrl_c_at_a_prompt_exits_130_with_the_cursor_shown() {
    let org = Org::new();
    let mut term = on_terminal(&org, "alice", &["request", "-r", "rotate the keys"]);
    // The picker hides the cursor while it is on screen.
    let before = expect(&mut term, "Account and permission set");
    assert!(before.contains("\x1b[?25l"), "{before:?}");
    term.send_control('c').expect("typed");
    let (out, code) = finish(term);
    assert_eq!(code, Some(130), "{out:?}");
    assert!(
        out.ends_with("\x1b[?25h"),
        "the cursor stays hidden: {out:?}"
    );
    assert!(requests(&org).is_empty());
}

#[test]
fn approve_without_an_id_picks_a_waiting_request_and_confirms() {
    let org = Org::new();
    let id = org.ask_admin_on_dev("alice", "rotate the RDS credentials");

    // No terminal: the id is required, and where to find it is said.
    let out = org.elevate("bob").arg("approve").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let said = crate::harness::stderr_of(&out);
    assert!(
        said.contains("<ID> is required") && said.contains("elevate list --to-approve"),
        "{said}"
    );

    // Backing out at the confirmation approves nothing.
    let mut term = on_terminal(&org, "bob", &["approve"]);
    expect(&mut term, "Request to approve");
    expect(&mut term, &id);
    send(&mut term, "\r");
    expect(&mut term, &format!("Approve {id}"));
    send(&mut term, "n");
    let (out, code) = finish(term);
    assert_eq!(code, Some(2), "{out}");
    assert!(out.contains("nothing was approved"), "{out}");
    let shown = json(org.elevate("bob").args(["show", &id]));
    assert_eq!(shown["request"]["status"], "pending");

    let mut term = on_terminal(&org, "bob", &["approve"]);
    expect(&mut term, "Request to approve");
    // The line names who asked, for which permission set, and why.
    let line = expect(&mut term, "rotate the RDS credentials");
    assert!(
        line.contains(&id) && line.contains("user:alice") && line.contains("AdministratorAccess"),
        "{line:?}"
    );
    send(&mut term, "\r");
    expect(&mut term, &format!("Approve {id}"));
    send(&mut term, "y");
    let (out, code) = finish(term);
    assert_eq!(code, Some(0), "{out}");
    let shown = json(org.elevate("bob").args(["show", &id]));
    assert_eq!(shown["request"]["status"], "active", "{shown}");
}

#[test]
fn revoke_without_an_id_picks_an_elevation_the_caller_may_end_and_confirms() {
    let org = Org::new();
    let id = org.ask_admin_on_dev("alice", "rotate the RDS credentials");
    org.elevate("bob").args(["approve", &id]).assert().success();
    // Hers too, but still pending: nothing to revoke, so not offered.
    let dev = org.dev();
    let waiting = json(org.elevate("alice").args([
        "request",
        "-a",
        &dev,
        "-p",
        "ReadOnlyAccess",
        "-d",
        "1h",
        "-r",
        "read the billing reports",
    ]))["id"]
        .as_str()
        .unwrap()
        .to_string();

    let mut term = on_terminal(&org, "alice", &["revoke"]);
    expect(&mut term, "Request to revoke");
    send(&mut term, "\r");
    // Everything the picker drew, up to the confirmation of the one picked.
    let offered = expect(&mut term, &format!("Revoke {id}"));
    send(&mut term, "y");
    let (out, code) = finish(term);
    assert_eq!(code, Some(0), "{out}");
    assert!(offered.contains(&id), "{offered}");
    assert!(
        !offered.contains(&waiting) && !out.contains(&waiting),
        "{offered}{out}"
    );
    let shown = json(org.elevate("alice").args(["show", &id]));
    assert_eq!(shown["request"]["status"], "revoked", "{shown}");
}
