//! elevate: temporary, approved, audited elevated access to AWS accounts through IAM Identity
//! Center. Layers, top to bottom: `cli` (parse, render), `workflow` (use cases, against ports),
//! `domain` (pure rules); `aws` and `store` implement the ports. `main.rs` only parses, runs and
//! maps errors to exit codes.

pub mod aws;
pub mod cache;
pub mod cli;
pub mod config;
pub mod domain;
pub mod error;
pub mod faults;
pub mod render;
mod sdk_error;
pub mod store;
pub mod workflow;

pub use error::{Error, Result};
