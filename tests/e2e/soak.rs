//! A concurrency soak on the shared DynamoDB ledger: 50 requests, then 200 approve / reject /
//! cancel / revoke commands from several callers, 16 processes at a time, aimed at random
//! requests (seeded, so a failure can be replayed). Afterwards: no request granted twice, no
//! successful command without its ledger event, Identity Center holding exactly what the ledger
//! says is active, every chain intact; and once everything is over, every request in exactly
//! one final state with nothing left behind.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

use jiff::{SignedDuration, Timestamp};
use serde_json::Value;

use crate::harness::{Org, POLICY, json, stderr_of};

const ADMIN: &str = "AdministratorAccess";
const REQUESTS: usize = 50;
const COMMANDS: usize = 200;
const AT_ONCE: usize = 16;
const SEED: u64 = 50200;

struct Asked {
    id: String,
    /// Who asked: the one who may cancel it.
    requester: &'static str,
}

struct Run {
    action: &'static str,
    actor: &'static str,
    id: String,
    code: Option<i32>,
}

/// Runs `jobs` on `AT_ONCE` threads.
fn at_once<T: Send>(jobs: Vec<T>, work: impl Fn(T) + Sync) {
    let queue = Mutex::new(jobs);
    std::thread::scope(|s| {
        for _ in 0..AT_ONCE {
            s.spawn(|| {
                loop {
                    let Some(job) = queue.lock().unwrap().pop() else {
                        return;
                    };
                    work(job);
                }
            });
        }
    });
}

#[test]
fn fifty_requests_and_two_hundred_racing_decisions_leave_a_consistent_world() {
    let started = std::time::Instant::now();
    let org = Org::with_accounts(23);
    org.write_policy(&format!(
        "{POLICY}\n[[delegate]]\ncallers = [\"arn:aws:iam::{{management}}:role/ci-deployer\"]\nprincipals = [\"user:alice\"]\n"
    ));
    org.set_up();

    // 46 requests of alice and dave, one per account each, and 4 a CI job makes for alice on
    // accounts where she asked too: the same assignment held by two elevations at once.
    let mut asks: Vec<(&'static str, String, Option<&'static str>)> = Vec::new();
    for n in 0..23 {
        let account = org.target(&format!("acct-{n:02}"));
        asks.push(("alice", account.clone(), None));
        asks.push(("dave", account, None));
    }
    for n in 0..4 {
        asks.push((
            "ci",
            org.target(&format!("acct-{n:02}")),
            Some("user:alice"),
        ));
    }
    assert_eq!(asks.len(), REQUESTS);
    let asked = Mutex::new(Vec::new());
    at_once(asks, |(who, account, for_whom)| {
        let mut cmd = org.on_table(who);
        cmd.args(["request", "-a", &account, "-p", ADMIN, "-d", "2h"])
            .args(["-r", "soak test"]);
        if let Some(p) = for_whom {
            cmd.args(["--for", p]);
        }
        let id = json(&mut cmd)["id"].as_str().unwrap().to_string();
        asked.lock().unwrap().push(Asked { id, requester: who });
    });
    let mut asked = asked.into_inner().unwrap();
    asked.sort_by(|a, b| a.id.cmp(&b.id));
    let ids: BTreeSet<&str> = asked.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids.len(), REQUESTS, "every request is its own");

    // 200 decisions, seeded: what, by whom, on which request.
    let mut rng = fastrand::Rng::with_seed(SEED);
    let commands: Vec<(&'static str, &'static str, String)> = (0..COMMANDS)
        .map(|_| {
            let target = &asked[rng.usize(..asked.len())];
            let approver = ["bob", "carol", "dave"][rng.usize(..3)];
            let (action, actor) = match rng.u8(..100) {
                0..40 => ("approve", approver),
                40..55 => ("reject", approver),
                55..70 => ("cancel", target.requester),
                _ if rng.bool() => ("revoke", target.requester),
                _ => ("revoke", approver),
            };
            (action, actor, target.id.clone())
        })
        .collect();
    let runs = Mutex::new(Vec::new());
    at_once(commands, |(action, actor, id)| {
        let mut cmd = org.on_table(actor);
        match action {
            "reject" => cmd.args(["reject", &id, "-c", "soak"]),
            // --strict: success means this very command did it (already over is an error).
            "revoke" | "cancel" => cmd.args([action, &id, "--strict"]),
            other => cmd.args([other, &id]),
        };
        let out = cmd.output().unwrap();
        let err = stderr_of(&out);
        // Losing a race, or a decision the request no longer allows, is a clean refusal.
        assert!(
            matches!(out.status.code(), Some(0 | 1 | 3)),
            "{action} {id} by {actor}: exit {:?}\n{err}",
            out.status.code()
        );
        assert!(!err.contains("panicked"), "{err}");
        if !out.status.success() {
            assert!(err.contains("error:"), "{action} failed silently: {err}");
        }
        runs.lock().unwrap().push(Run {
            action,
            actor,
            id,
            code: out.status.code(),
        });
    });
    let runs = runs.into_inner().unwrap();
    assert_eq!(runs.len(), COMMANDS);

    // The ledger, request by request.
    let shown: BTreeMap<String, Value> = asked
        .iter()
        .map(|a| {
            (
                a.id.clone(),
                json(org.on_table("erin").args(["show", &a.id])),
            )
        })
        .collect();
    let events_of = |id: &str| shown[id]["events"].as_array().unwrap().clone();
    for (id, s) in &shown {
        let events = events_of(id);
        let granted = events.iter().filter(|e| e["kind"] == "granted").count();
        assert!(granted <= 1, "{id} was granted {granted} times");
        assert_eq!(
            s["request"]["status"],
            events.last().unwrap()["status"],
            "{id}: the record and its newest event disagree"
        );
    }
    // No success without its event.
    let mut outcomes = BTreeMap::<(&str, bool), u64>::new();
    for r in &runs {
        *outcomes.entry((r.action, r.code == Some(0))).or_default() += 1;
        if r.code != Some(0) {
            continue;
        }
        let by = format!("user:{}", r.actor);
        let kinds: &[&str] = match r.action {
            "approve" => &["approved", "grant_started", "granted"],
            "reject" => &["rejected"],
            "cancel" => &["cancelled"],
            _ => &["revoked"],
        };
        let theirs = |e: &Value| {
            let actor = e["actor"].as_str().unwrap();
            actor == by || (r.actor == "ci" && actor.contains("ci-deployer"))
        };
        assert!(
            events_of(&r.id)
                .iter()
                .any(|e| theirs(e) && kinds.contains(&e["kind"].as_str().unwrap())),
            "{} {} by {} succeeded, but the ledger does not show it: {:?}",
            r.action,
            r.id,
            r.actor,
            events_of(&r.id)
        );
    }

    // Identity Center holds exactly the assignments of active elevations.
    let principal_of = |s: &Value| {
        s["request"]["principal"]["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let should_hold: BTreeSet<(String, String)> = shown
        .values()
        .filter(|s| s["request"]["status"] == "active")
        .map(|s| {
            (
                s["request"]["account_id"].as_str().unwrap().to_string(),
                principal_of(s),
            )
        })
        .collect();
    let users: BTreeSet<String> = ["alice", "dave"].iter().map(|u| org.user_id(u)).collect();
    let inventory: Vec<(String, String)> = org
        .inventory()
        .into_iter()
        .filter(|(_, _, _, principal)| users.contains(principal))
        .map(|(account, _, _, principal)| (account, principal))
        .collect();
    let held: BTreeSet<(String, String)> = inventory.iter().cloned().collect();
    assert_eq!(held.len(), inventory.len(), "an assignment made twice");
    assert_eq!(held, should_hold, "Identity Center and the ledger disagree");

    // Everything over: every request ends in exactly one final state, nothing left behind.
    let later = (Timestamp::now() + SignedDuration::from_hours(48)).to_string();
    org.on_table("bob")
        .env("ELEVATE_TEST_NOW", &later)
        .args(["reconcile"])
        .assert()
        .success();
    // (Time has moved on for everyone: the ends were recorded at that time, and an event
    // dated after AWS's time is one elevate did not write.)
    let mut final_states = BTreeMap::<String, u64>::new();
    for a in &asked {
        let s = json(
            org.on_table("erin")
                .env("ELEVATE_TEST_NOW", &later)
                .args(["show", &a.id]),
        );
        let status = s["request"]["status"].as_str().unwrap().to_string();
        assert!(
            ["ended", "revoked", "rejected", "cancelled", "expired"].contains(&status.as_str()),
            "{} is still {status}",
            a.id
        );
        *final_states.entry(status).or_default() += 1;
    }
    let left: Vec<_> = org
        .inventory()
        .into_iter()
        .filter(|(_, _, _, principal)| users.contains(principal))
        .collect();
    assert!(left.is_empty(), "access left behind: {left:?}");
    let schedules = org.schedules();
    assert!(schedules.is_empty(), "schedules left behind: {schedules:?}");
    org.on_table("erin")
        .env("ELEVATE_TEST_NOW", &later)
        .args(["audit", "verify"])
        .assert()
        .success();
    let report = serde_json::json!({
        "requests": REQUESTS,
        "commands": COMMANDS,
        "at_once": AT_ONCE,
        "seed": SEED,
        "command_outcomes": outcomes
            .iter()
            .map(|((action, ok), n)| (format!("{action} {}", if *ok { "succeeded" } else { "refused" }), *n))
            .collect::<BTreeMap<_, _>>(),
        "double_grants": 0,
        "successes_without_their_event": 0,
        "final_states": final_states,
        "seconds": started.elapsed().as_secs_f64().round(),
    });
    eprintln!(
        "soak report:\n{}",
        serde_json::to_string_pretty(&report).unwrap()
    );
    if let Some(path) = std::env::var_os("ELEVATE_SOAK_REPORT") {
        std::fs::write(path, serde_json::to_string_pretty(&report).unwrap()).unwrap();
    }
}
