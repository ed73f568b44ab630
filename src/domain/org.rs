//! The organisation as policy sees it: every account with its name and the chain of OUs above
//! it up to the root, so that a rule naming an OU covers every account below it at any depth.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// An AWS account id: exactly 12 digits.
pub fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: String,
    pub name: String,
    /// The OU ids above the account, nearest first, then the root id.
    pub path: Vec<String>,
    /// Whether `name` and `path` were read from Organizations. When they could not be, both are
    /// empty, and a policy target naming an OU, the root or an account name cannot be told to
    /// cover the account or not: an allow rule naming one does not match, and a deny naming one
    /// refuses the request (see `TargetPattern::applies_to`). Stored accounts (the cached tree)
    /// were all read from a listing, hence the default.
    #[serde(default = "known")]
    pub place_known: bool,
}

fn known() -> bool {
    true
}

impl Account {
    /// An account read from Organizations, with its name and the OUs above it.
    pub fn placed(id: &str, name: &str, path: Vec<String>) -> Account {
        Account {
            id: id.to_string(),
            name: name.to_string(),
            path,
            place_known: true,
        }
    }

    /// An account known only by its id: Organizations could not be read.
    pub fn unplaced(id: &str) -> Account {
        Account {
            id: id.to_string(),
            name: String::new(),
            path: Vec::new(),
            place_known: false,
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct OrgTree {
    pub root: Option<String>,
    pub accounts: Vec<Account>,
    /// OU id → name, for explanations.
    pub ou_names: HashMap<String, String>,
    #[serde(skip)]
    by_id: HashMap<String, usize>,
    #[serde(skip)]
    by_name: HashMap<String, usize>,
}

impl OrgTree {
    pub fn new(
        root: Option<String>,
        accounts: Vec<Account>,
        ou_names: HashMap<String, String>,
    ) -> OrgTree {
        let mut tree = OrgTree {
            root,
            accounts,
            ou_names,
            by_id: HashMap::new(),
            by_name: HashMap::new(),
        };
        tree.index();
        tree
    }

    /// Rebuilds the lookup indexes (after deserialising).
    pub fn index(&mut self) {
        self.accounts.sort_by(|a, b| a.id.cmp(&b.id));
        self.by_id = self
            .accounts
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.clone(), i))
            .collect();
        self.by_name = self
            .accounts
            .iter()
            .enumerate()
            .map(|(i, a)| (a.name.clone(), i))
            .collect();
    }

    pub fn account(&self, id: &str) -> Option<&Account> {
        self.by_id.get(id).map(|&i| &self.accounts[i])
    }

    /// An account by id or by exact name.
    pub fn find(&self, id_or_name: &str) -> Option<&Account> {
        self.account(id_or_name)
            .or_else(|| self.by_name.get(id_or_name).map(|&i| &self.accounts[i]))
    }

    /// The account as the organisation knows it, or a bare account with only its id whose
    /// place is unknown: policy then matches it by id only, and refuses it where a deny's
    /// targets cannot be evaluated.
    pub fn account_or_bare(&self, id: &str) -> Account {
        self.account(id)
            .cloned()
            .unwrap_or_else(|| Account::unplaced(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_by_id_and_name() {
        let t = OrgTree::new(
            Some("r-root".into()),
            vec![Account::placed(
                "111111111111",
                "prod-payments",
                vec!["ou-prod".into(), "r-root".into()],
            )],
            HashMap::new(),
        );
        assert_eq!(t.find("prod-payments").unwrap().id, "111111111111");
        assert_eq!(t.find("111111111111").unwrap().name, "prod-payments");
        assert!(t.find("nope").is_none());
        assert!(t.find("111111111111").unwrap().place_known);
        let bare = t.account_or_bare("222222222222");
        assert!(bare.path.is_empty() && !bare.place_known);
    }
}
