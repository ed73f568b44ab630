//! elevate: temporary, approved, audited elevated access to AWS accounts through IAM Identity
//! Center. See DESIGN.md for the layers; `main.rs` only parses, runs and maps errors to exit codes.

pub mod domain;
pub mod error;
pub mod store;
pub mod workflow;

pub use error::{Error, Result};
