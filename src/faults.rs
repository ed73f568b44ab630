//! Crash points for tests. In debug builds, `ELEVATE_TEST_CRASH_AT=<point>` aborts the process at
//! that point — no destructors, no flushing, as if it were killed — so end-to-end tests can show
//! that an interrupted grant or revocation is repaired by `reconcile`. Release builds compile
//! this to nothing.

/// The points, in the order a grant and a revocation pass them.
pub const POINTS: [&str; 4] = [
    "grant:started",   // prior access recorded, nothing created yet
    "grant:created",   // assignment created and confirmed, end not yet scheduled
    "grant:scheduled", // end scheduled, not yet recorded as active
    "revoke:deleted",  // assignment deleted and confirmed, not yet recorded
];

#[inline]
pub fn point(name: &str) {
    #[cfg(debug_assertions)]
    if std::env::var("ELEVATE_TEST_CRASH_AT").is_ok_and(|v| v == name) {
        eprintln!("elevate: crashing at {name} (ELEVATE_TEST_CRASH_AT)");
        std::process::abort();
    }
    let _ = name;
}
