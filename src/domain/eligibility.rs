//! Everything a principal may request: accounts × permission sets, with their terms.
//!
//! Evaluating every rule for every pair is too slow for a large organisation (5,000 accounts ×
//! 500 permission sets × 200 rules is 500 million checks). Instead: keep only the rules about
//! this principal; for each account and each permission set, note which of those rules cover
//! it as a bit set; a pair's rules are the intersection. Permission sets with the same bits form
//! one class, and the terms of each distinct rule combination are computed once.

use std::collections::HashMap;

use super::org::Account;
use super::policy::{Decision, Mode, Policy, Rule, Subject, Terms, principal_matches};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Bits(Vec<u64>);

impl Bits {
    fn new(len: usize) -> Bits {
        Bits(vec![0; len.div_ceil(64).max(1)])
    }
    fn set(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }
    fn and_into(&self, other: &Bits, out: &mut Bits) {
        for ((o, a), b) in out.0.iter_mut().zip(&self.0).zip(&other.0) {
            *o = a & b;
        }
    }
    fn any(&self) -> bool {
        self.0.iter().any(|w| *w != 0)
    }
    fn ones(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().enumerate().flat_map(|(w, bits)| {
            (0..64)
                .filter(move |b| bits & (1 << b) != 0)
                .map(move |b| w * 64 + b)
        })
    }
}

/// A permission set as eligibility sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetRef {
    pub name: String,
    pub arn: String,
}

/// One account × permission set the principal may request; `terms` indexes `Eligibility::terms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pair {
    pub account: usize,
    pub permission_set: usize,
    pub terms: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Eligibility {
    pub pairs: Vec<Pair>,
    pub terms: Vec<Terms>,
}

/// Every pair of `accounts` × `sets` that `subject` may request: with ordinary approval or
/// auto-approval when some non-break-glass rule applies, otherwise by break-glass.
pub fn eligible(
    policy: &Policy,
    subject: Subject,
    accounts: &[Account],
    sets: &[SetRef],
) -> Eligibility {
    let rules: Vec<&Rule> = policy
        .rules
        .iter()
        .filter(|r| principal_matches(&r.principals, subject))
        .collect();
    let denies: Vec<_> = policy
        .denies
        .iter()
        .filter(|d| principal_matches(&d.principals, subject))
        .collect();
    let mut out = Eligibility::default();
    if rules.is_empty() {
        return out;
    }
    let n = rules.len();
    let mut normal = Bits::new(n);
    let mut glass = Bits::new(n);
    for (i, r) in rules.iter().enumerate() {
        if r.approval == Mode::BreakGlass {
            glass.set(i);
        } else {
            normal.set(i);
        }
    }

    // Permission sets grouped by which rules (and denies) cover them.
    let mut classes: HashMap<(Bits, Bits), Vec<usize>> = HashMap::new();
    for (si, s) in sets.iter().enumerate() {
        let mut allow = Bits::new(n);
        for (i, r) in rules.iter().enumerate() {
            if r.permission_sets.iter().any(|p| p.matches(&s.name, &s.arn)) {
                allow.set(i);
            }
        }
        if !allow.any() {
            continue;
        }
        let mut deny = Bits::new(denies.len());
        for (i, d) in denies.iter().enumerate() {
            if d.permission_sets.iter().any(|p| p.matches(&s.name, &s.arn)) {
                deny.set(i);
            }
        }
        classes.entry((allow, deny)).or_default().push(si);
    }
    let mut classes: Vec<((Bits, Bits), Vec<usize>)> = classes.into_iter().collect();
    classes.sort_by_key(|(_, sets)| sets[0]);

    let mut memo: HashMap<Bits, Option<usize>> = HashMap::new();
    let mut both = Bits::new(n);
    let mut picked = Bits::new(n);
    let mut denied_both = Bits::new(denies.len());
    for (ai, account) in accounts.iter().enumerate() {
        let mut allow = Bits::new(n);
        for (i, r) in rules.iter().enumerate() {
            if r.accounts.iter().any(|t| t.matches(account)) {
                allow.set(i);
            }
        }
        if !allow.any() {
            continue;
        }
        let mut deny = Bits::new(denies.len());
        for (i, d) in denies.iter().enumerate() {
            // A deny that cannot be evaluated (the account's place unknown) excludes, as it does
            // when deciding.
            if d.accounts
                .iter()
                .any(|t| t.applies_to(account) != Some(false))
            {
                deny.set(i);
            }
        }
        for ((set_allow, set_deny), members) in &classes {
            deny.and_into(set_deny, &mut denied_both);
            if denied_both.any() {
                continue;
            }
            allow.and_into(set_allow, &mut both);
            if !both.any() {
                continue;
            }
            // Ordinary rules first; break-glass only where nothing else applies.
            both.and_into(&normal, &mut picked);
            let (mask, break_glass) = if picked.any() {
                (picked.clone(), false)
            } else {
                both.and_into(&glass, &mut picked);
                (picked.clone(), true)
            };
            let terms = *memo.entry(mask.clone()).or_insert_with(|| {
                let chosen: Vec<&Rule> = mask.ones().map(|i| rules[i]).collect();
                match policy_terms(policy, &chosen, break_glass) {
                    Some(t) => {
                        out.terms.push(t);
                        Some(out.terms.len() - 1)
                    }
                    None => None,
                }
            });
            if let Some(terms) = terms {
                out.pairs.extend(members.iter().map(|&si| Pair {
                    account: ai,
                    permission_set: si,
                    terms,
                }));
            }
        }
    }
    out
}

/// The terms at the longest duration the rules allow, or `None` if they cannot combine.
fn policy_terms(policy: &Policy, rules: &[&Rule], break_glass: bool) -> Option<Terms> {
    match policy.terms_of(rules, None, break_glass) {
        Decision::Allowed(t) => Some(t),
        Decision::Denied(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::policy::Target;
    use crate::domain::principal::PrincipalKind;

    /// A small deterministic generator (xorshift), enough to vary shapes reproducibly.
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

    const OUS: [&str; 4] = [
        "ou-root-aaaaaaaa",
        "ou-root-bbbbbbbb",
        "ou-root-cccccccc",
        "ou-root-dddddddd",
    ];
    const GROUPS: [&str; 3] = ["Eng", "Ops", "Sec"];

    fn org(rng: &mut Rng, n: usize) -> Vec<Account> {
        (0..n)
            .map(|i| {
                // A chain of up to three OUs under the root.
                let depth = rng.below(4);
                let mut path: Vec<String> = (0..depth)
                    .map(|_| OUS[rng.below(OUS.len())].to_string())
                    .collect();
                path.push("r-root".into());
                Account::placed(
                    &format!("{:012}", 100_000_000_000u64 + i as u64),
                    &format!("acct-{i}"),
                    path,
                )
            })
            .collect()
    }

    fn policy(rng: &mut Rng, accounts: &[Account], sets: &[SetRef]) -> Policy {
        let mut src = String::from("[settings]\nmax_duration = \"8h\"\n");
        for r in 0..(3 + rng.below(6)) {
            let principal = match rng.below(3) {
                0 => "\"*\"".to_string(),
                1 => format!("\"group:{}\"", GROUPS[rng.below(3)]),
                _ => "\"user:alice\"".to_string(),
            };
            let target = match rng.below(5) {
                0 => "\"*\"".to_string(),
                1 => format!("\"{}\"", OUS[rng.below(OUS.len())]),
                2 => format!("\"{}\"", accounts[rng.below(accounts.len())].id),
                3 => format!("\"{}\"", accounts[rng.below(accounts.len())].name),
                _ => "\"root\"".to_string(),
            };
            let set = match rng.below(3) {
                0 => "\"*\"".to_string(),
                _ => format!("\"{}\"", sets[rng.below(sets.len())].name),
            };
            let (mode, extra) = match rng.below(3) {
                0 => ("auto", String::new()),
                1 => ("break-glass", String::new()),
                _ => (
                    "required",
                    format!(
                        "approvers = [\"group:Sec\"]\napprovals_required = {}\n",
                        1 + rng.below(2)
                    ),
                ),
            };
            let max = if rng.below(2) == 0 {
                format!("max_duration = \"{}h\"\n", 1 + rng.below(8))
            } else {
                String::new()
            };
            src.push_str(&format!(
                "[[rule]]\nname = \"r{r}\"\nprincipals = [{principal}]\naccounts = [{target}]\npermission_sets = [{set}]\napproval = \"{mode}\"\n{max}{extra}"
            ));
        }
        if rng.below(2) == 0 {
            src.push_str(&format!(
                "[[deny]]\nname = \"d\"\naccounts = [\"{}\"]\n",
                OUS[rng.below(OUS.len())]
            ));
        }
        if rng.below(2) == 0 {
            src.push_str(&format!(
                "[[deny]]\nname = \"d2\"\npermission_sets = [\"{}\"]\n",
                sets[rng.below(sets.len())].name
            ));
        }
        Policy::parse(&src, "generated").unwrap_or_else(|e| panic!("{e}\n{src}"))
    }

    #[test]
    fn agrees_with_evaluating_every_pair() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut compared = 0;
        for _ in 0..200 {
            let n = 1 + rng.below(12);
            let accounts = org(&mut rng, n);
            let sets: Vec<SetRef> = (0..(1 + rng.below(5)))
                .map(|i| SetRef {
                    name: format!("Set{i}"),
                    arn: format!("arn:aws:sso:::permissionSet/ssoins-1/ps-{i}"),
                })
                .collect();
            let policy = policy(&mut rng, &accounts, &sets);
            let groups: Vec<String> = GROUPS
                .iter()
                .filter(|_| rng.below(2) == 0)
                .map(|g| g.to_string())
                .collect();
            let subject = Subject {
                kind: PrincipalKind::User,
                name: "alice",
                groups: &groups,
            };
            let fast = eligible(&policy, subject, &accounts, &sets);
            let mut got: Vec<(usize, usize, Terms)> = fast
                .pairs
                .iter()
                .map(|p| (p.account, p.permission_set, fast.terms[p.terms].clone()))
                .collect();
            let mut want = Vec::new();
            for (ai, a) in accounts.iter().enumerate() {
                for (si, s) in sets.iter().enumerate() {
                    let target = Target {
                        account: a,
                        permission_set_name: &s.name,
                        permission_set_arn: &s.arn,
                    };
                    let normal = policy.evaluate(subject, target, None, false);
                    let decision = match normal {
                        Decision::Allowed(_) => normal,
                        Decision::Denied(_) => policy.evaluate(subject, target, None, true),
                    };
                    if let Decision::Allowed(t) = decision {
                        want.push((ai, si, t));
                    }
                    compared += 1;
                }
            }
            let key = |x: &(usize, usize, Terms)| (x.0, x.1);
            got.sort_by_key(key);
            want.sort_by_key(key);
            assert_eq!(got, want);
        }
        assert!(compared > 1000, "{compared}");
    }
}
