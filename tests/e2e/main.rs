//! End-to-end tests: the real `elevate` binary against a local moto emulator.
//!
//! One emulator per test binary (started on first use, on a free loopback port); every test
//! seeds its own account, so tests run in parallel without seeing each other. A missing emulator
//! fails the run: install it with `scripts/test.sh`.

mod action;
mod attacks;
mod audit;
mod brokered;
mod ci;
mod clock;
mod crash;
mod docs;
mod doctor;
mod faults;
mod generated;
mod harness;
mod help;
mod identity;
mod init;
mod lint;
mod policy;
mod prompts;
mod readme;
mod reconcile;
mod release;
mod scenarios;
mod schedule;
mod session;
mod shared;
mod snapshots;
mod soak;
mod start;
mod suite;
mod without_aws;
