//! The committed completions/ and man/ must match what the current command line generates.
//! Regenerate with: ELEVATE_BLESS=1 cargo test --test e2e generated

use std::collections::BTreeMap;
use std::path::Path;

use crate::harness::{blessing, repo};

fn read_dir(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap())
                .map(|e| {
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        std::fs::read(e.path()).unwrap(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn check(name: &str, write: fn(&Path) -> elevate::Result<()>) {
    let committed = repo().join(name);
    if blessing() {
        let _ = std::fs::remove_dir_all(&committed);
        write(&committed).unwrap();
        return;
    }
    let fresh = tempfile::tempdir().unwrap();
    write(fresh.path()).unwrap();
    let (want, have) = (read_dir(fresh.path()), read_dir(&committed));
    let stale: std::collections::BTreeSet<&String> = want
        .keys()
        .chain(have.keys())
        .filter(|k| want.get(*k) != have.get(*k))
        .collect();
    assert!(
        stale.is_empty(),
        "{name}/ is stale ({stale:?}): run `ELEVATE_BLESS=1 cargo test --test e2e generated` and commit the result"
    );
}

#[test]
fn completions_are_fresh() {
    check("completions", elevate::cli::completions::write_all);
}

#[test]
fn man_pages_are_fresh() {
    check("man", elevate::cli::man::write_all);
}
