//! How the shared ledger's DynamoDB table is laid out: the store writes these items, `setup`
//! creates the table and its indexes, and the IAM policies `iam-policy` writes scope each
//! role's writes by these partition keys (`dynamodb:LeadingKeys`; `domain::iam`).
//!
//! Items (partition key `pk`, sort key `sk`, both strings):
//!
//! | item | pk | sk | attributes |
//! |---|---|---|---|
//! | request | `R#<id>` | `R` | `body` (JSON), `version`, and the index keys below |
//! | ledger event | `R#<id>` | `E#<seq, 10 digits>` | `body` (JSON) |
//! | requests whose grant has begun | `A#<assignment key>` | `A` | `ids` (string set) |
//! | lease | `L#<assignment key>` | `L` | `holder`, `expires` (ms) |
//! | the executor's last pass (`doctor`) | `L#executor-pass` | `L` | as a lease |
//! | policy version | `P` | `V#<number, 10 digits>` | `body` (JSON) |
//!
//! Global secondary indexes, all projecting the whole item, sorted newest first by `created`
//! (`<created ms, 13 digits>#<id>`):
//! - `status-created` (`status`): pending requests (for approvers, filtered by their rules), open
//!   requests for `reconcile`, and `list --all`, one status partition at a time;
//! - `status-end` (`status`, `end`): recently ended requests for the drift check, by end time;
//! - `account` (`account`), `requester` (`requester`: the requester's Identity Center user id,
//!   or their ARN) and `principal` (`principal`: who receives the access): `list --account`,
//!   `list --mine`.
//!

use crate::domain::RequestId;

/// The indexes `setup` creates: (name, partition key, sort key).
pub const INDEXES: [(&str, &str, &str); 5] = [
    ("status-created", "status", "created"),
    ("status-end", "status", "end"),
    ("account", "account", "created"),
    ("requester", "requester", "created"),
    ("principal", "principal", "created"),
];

pub(crate) fn request_pk(id: &RequestId) -> String {
    format!("R#{id}")
}

pub(crate) fn event_sk(seq: u64) -> String {
    format!("E#{seq:010}")
}

pub(crate) fn assignment_pk(key: &str) -> String {
    format!("A#{key}")
}

pub(crate) fn lease_pk(key: &str) -> String {
    format!("L#{key}")
}
