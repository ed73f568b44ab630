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

    /// `Some(account)` known to the organisation, or a bare account with only its id (the
    /// organisation could not be read): policy then matches it by id only.
    pub fn account_or_bare(&self, id: &str) -> Account {
        self.account(id).cloned().unwrap_or_else(|| Account {
            id: id.to_string(),
            name: String::new(),
            path: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_by_id_and_name() {
        let t = OrgTree::new(
            Some("r-root".into()),
            vec![Account {
                id: "111111111111".into(),
                name: "prod-payments".into(),
                path: vec!["ou-prod".into(), "r-root".into()],
            }],
            HashMap::new(),
        );
        assert_eq!(t.find("prod-payments").unwrap().id, "111111111111");
        assert_eq!(t.find("111111111111").unwrap().name, "prod-payments");
        assert!(t.find("nope").is_none());
        assert!(t.account_or_bare("222222222222").path.is_empty());
    }
}
