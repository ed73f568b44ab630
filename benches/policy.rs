//! Policy evaluation at organisation scale: 5,000 accounts in nested OUs, 500 permission sets,
//! 200 rules and 10 denies, for a user in 5 groups. Times `eligible` (every account × permission
//! set) and a single `explain`, after the data is fetched. Run: `cargo bench --bench policy`.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use elevate::domain::eligibility::{SetRef, eligible};
use elevate::domain::explain::explain;
use elevate::domain::policy::{Subject, Target};
use elevate::domain::{Account, OrgTree, Policy, PrincipalKind};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// 5 top-level OUs × 8 × 5 = 200 leaf OUs of 25 accounts: 5,000 accounts, 245 OUs, depth 3.
fn organisation() -> (OrgTree, Vec<String>) {
    let mut accounts = Vec::new();
    let mut ous = Vec::new();
    let ou = |a: usize, b: Option<usize>, c: Option<usize>| match (b, c) {
        (None, _) => format!("ou-root-{a:08}"),
        (Some(b), None) => format!("ou-root-{a:02}{b:06}"),
        (Some(b), Some(c)) => format!("ou-root-{a:02}{b:02}{c:04}"),
    };
    for a in 0..5 {
        ous.push(ou(a, None, None));
        for b in 0..8 {
            ous.push(ou(a, Some(b), None));
            for c in 0..5 {
                ous.push(ou(a, Some(b), Some(c)));
                for d in 0..25 {
                    let n = accounts.len();
                    accounts.push(Account::placed(
                        &format!("{:012}", 100_000_000_000u64 + n as u64),
                        &format!("acct-{a}-{b}-{c}-{d}"),
                        vec![
                            ou(a, Some(b), Some(c)),
                            ou(a, Some(b), None),
                            ou(a, None, None),
                            "r-root".into(),
                        ],
                    ));
                }
            }
        }
    }
    (
        OrgTree::new(Some("r-root".into()), accounts, HashMap::new()),
        ous,
    )
}

fn policy(rng: &mut Rng, tree: &OrgTree, ous: &[String], sets: &[SetRef]) -> Policy {
    let mut src = String::from("[settings]\nmax_duration = \"12h\"\n");
    for r in 0..200 {
        let principal = format!("group:G{}", rng.below(50));
        let targets: Vec<String> = (0..(1 + rng.below(3)))
            .map(|_| match rng.below(10) {
                0 => "\"*\"".to_string(),
                1..=6 => format!("\"{}\"", ous[rng.below(ous.len())]),
                _ => format!("\"{}\"", tree.accounts[rng.below(tree.accounts.len())].id),
            })
            .collect();
        let permission_sets: Vec<String> = (0..(1 + rng.below(5)))
            .map(|_| format!("\"{}\"", sets[rng.below(sets.len())].name))
            .collect();
        let (mode, extra) = match rng.below(4) {
            0 => ("auto", String::new()),
            1 => ("break-glass", String::new()),
            _ => (
                "required",
                format!(
                    "approvers = [\"group:Approvers{}\"]\napprovals_required = {}\n",
                    rng.below(5),
                    1 + rng.below(2)
                ),
            ),
        };
        src.push_str(&format!(
            "[[rule]]\nname = \"rule-{r}\"\nprincipals = [\"{principal}\"]\naccounts = [{}]\npermission_sets = [{}]\nmax_duration = \"{}h\"\napproval = \"{mode}\"\n{extra}",
            targets.join(", "),
            permission_sets.join(", "),
            1 + rng.below(12)
        ));
    }
    for d in 0..10 {
        src.push_str(&format!(
            "[[deny]]\nname = \"deny-{d}\"\naccounts = [\"{}\"]\npermission_sets = [\"{}\"]\n",
            ous[rng.below(ous.len())],
            sets[rng.below(sets.len())].name
        ));
    }
    Policy::parse(&src, "generated").expect("generated policy is valid")
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let (tree, ous) = organisation();
    let sets: Vec<SetRef> = (0..500)
        .map(|i| SetRef {
            name: format!("PermissionSet{i:03}"),
            arn: format!("arn:aws:sso:::permissionSet/ssoins-1/ps-{i:016}"),
        })
        .collect();
    let policy = policy(&mut rng, &tree, &ous, &sets);
    println!("| measurement | value |");
    println!("|---|---|");
    println!(
        "| organisation | {} accounts, {} OUs (depth 3), {} permission sets; {} rules, {} denies |",
        tree.accounts.len(),
        ous.len(),
        sets.len(),
        policy.rules.len(),
        policy.denies.len()
    );
    let mut json = Vec::new();
    // A typical user (5 of the 50 groups the rules name), and one in all of them (every rule
    // applies to them: the worst case).
    for count in [5usize, 50] {
        let groups: Vec<String> = (0..count)
            .map(|g| format!("G{}", g * (50 / count)))
            .collect();
        let subject = Subject {
            kind: PrincipalKind::User,
            name: "alice",
            groups: &groups,
        };
        let mut pairs = 0;
        let runs: Vec<Duration> = (0..21)
            .map(|_| {
                let start = Instant::now();
                let result = eligible(&policy, subject, &tree.accounts, &sets);
                let took = start.elapsed();
                pairs = result.pairs.len();
                std::hint::black_box(result);
                took
            })
            .collect();
        let ms = median(runs).as_secs_f64() * 1e3;
        println!(
            "| `eligible`, user in {count} groups, all {} pairs (median of 21) | {ms:.2} ms → {pairs} eligible pairs |",
            tree.accounts.len() * sets.len()
        );
        json.push(format!(
            "\"eligible_ms_{count}_groups\":{ms:.3},\"eligible_pairs_{count}_groups\":{pairs}"
        ));
    }

    let groups: Vec<String> = (0..5).map(|g| format!("G{}", g * 10)).collect();
    let subject = Subject {
        kind: PrincipalKind::User,
        name: "alice",
        groups: &groups,
    };
    let account = &tree.accounts[1234];
    let target = Target {
        account,
        permission_set_name: &sets[42].name,
        permission_set_arn: &sets[42].arn,
    };
    let runs: Vec<Duration> = (0..2001)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(explain(&policy, subject, target, None, false));
            start.elapsed()
        })
        .collect();
    let explain_us = median(runs).as_secs_f64() * 1e6;
    println!("| `explain`, one pair against every rule (median of 2001) | {explain_us:.1} µs |");
    println!(
        "{{\"bench\":\"policy\",\"accounts\":{},\"permission_sets\":{},\"rules\":{},{},\"explain_us\":{explain_us:.2}}}",
        tree.accounts.len(),
        sets.len(),
        policy.rules.len(),
        json.join(",")
    );
}
