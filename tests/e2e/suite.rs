//! The e2e binary is one crate whose modules are listed by hand in `main.rs`: a test file that
//! is not listed compiles to nothing and its tests never run, silently. This keeps the list
//! and the directory the same.

use std::collections::BTreeSet;
use std::path::Path;

/// The `mod` lines of `main.rs`.
fn declared(main: &str) -> BTreeSet<String> {
    main.lines()
        .filter_map(|l| l.trim().strip_prefix("mod "))
        .filter_map(|rest| rest.strip_suffix(';'))
        .map(str::to_string)
        .collect()
}

/// The test files beside `main.rs`, by module name.
fn present(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .filter(|name| name != "main")
        .collect()
}

/// The files `main.rs` does not name.
fn forgotten(main: &str, dir: &Path) -> Vec<String> {
    present(dir).difference(&declared(main)).cloned().collect()
}

#[test]
fn every_test_file_is_a_module_of_the_e2e_binary() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e");
    let main = std::fs::read_to_string(dir.join("main.rs")).unwrap();
    assert!(
        forgotten(&main, &dir).is_empty(),
        "tests/e2e files not listed as `mod` in tests/e2e/main.rs (their tests never run): {:?}",
        forgotten(&main, &dir)
    );
    // The check itself: with one module left out of main.rs, that file is reported.
    let without = main.replace("\nmod suite;\n", "\n");
    assert_ne!(without, main, "main.rs lists this module as `mod suite;`");
    assert_eq!(forgotten(&without, &dir), ["suite"]);
}
