//! The release set-up cannot run here (dist, GitHub's runners, Docker), so its files are read
//! and checked against each other: the archive names dist publishes are the ones
//! `cargo binstall` and the GitHub Action (`action/install.sh`) download, with the checksum
//! files they verify. A rename in one place fails here rather than on a user's machine.

use std::collections::BTreeSet;

use regex::Regex;
use toml::Value;

use crate::harness::repo;

/// What the release is for: static Linux binaries for CI runners and servers, and both Macs.
const TARGETS: [&str; 4] = [
    "x86_64-unknown-linux-musl",
    "aarch64-unknown-linux-musl",
    "x86_64-apple-darwin",
    "aarch64-apple-darwin",
];

fn read(path: &str) -> String {
    std::fs::read_to_string(repo().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn toml_file(path: &str) -> Value {
    toml::from_str(&read(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn get<'a>(v: &'a Value, dotted: &str) -> &'a Value {
    dotted
        .split('.')
        .try_fold(v, |v, k| v.get(k))
        .unwrap_or_else(|| panic!("no {dotted}"))
}

fn strings(v: &Value) -> BTreeSet<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

fn dist() -> Value {
    toml_file("dist-workspace.toml")
}

fn cargo() -> Value {
    toml_file("Cargo.toml")
}

/// The archive dist publishes for `target`: `<app>-<target><unix-archive>`, `.tar.xz` unless
/// the config says otherwise.
fn dist_archive(target: &str) -> String {
    let name = get(&cargo(), "package.name").as_str().unwrap().to_string();
    let suffix = dist()
        .get("dist")
        .and_then(|d| d.get("unix-archive"))
        .and_then(Value::as_str)
        .unwrap_or(".tar.xz")
        .to_string();
    format!("{name}-{target}{suffix}")
}

/// Expands a cargo-binstall template (`{ name }`, `{ target }`, …).
fn expand(template: &str, vars: &[(&str, &str)]) -> String {
    let re = Regex::new(r"\{\s*([a-z-]+)\s*\}").unwrap();
    re.replace_all(template, |c: &regex::Captures| {
        let key = &c[1];
        vars.iter()
            .find(|(k, _)| *k == key)
            .unwrap_or_else(|| panic!("{template}: no value for {{ {key} }}"))
            .1
            .to_string()
    })
    .into_owned()
}

#[test]
fn dist_builds_every_target_with_checksums_and_both_installers() {
    let d = dist();
    assert!(strings(get(&d, "workspace.members")).contains("cargo:."));
    let targets = strings(get(&d, "dist.targets"));
    for t in TARGETS {
        assert!(targets.contains(t), "dist-workspace.toml: no target {t}");
    }
    let installers = strings(get(&d, "dist.installers"));
    for i in ["shell", "homebrew"] {
        assert!(
            installers.contains(i),
            "dist-workspace.toml: no {i} installer"
        );
    }
    assert_eq!(get(&d, "dist.checksum").as_str(), Some("sha256"));
    assert_eq!(get(&d, "dist.ci").as_str(), Some("github"));
    assert_eq!(get(&d, "dist.install-path").as_str(), Some("CARGO_HOME"));
    assert_eq!(get(&d, "dist.github-attestations").as_bool(), Some(true));
    // An unpublished package is skipped by dist unless it is asked for.
    assert_eq!(
        get(&cargo(), "package.metadata.dist.dist").as_bool(),
        Some(true)
    );
}

#[test]
fn the_homebrew_tap_and_the_readme_name_the_repository_cargo_toml_names() {
    let c = cargo();
    let repository = get(&c, "package.repository").as_str().unwrap();
    let owner = repository
        .strip_prefix("https://github.com/")
        .and_then(|r| r.split('/').next())
        .unwrap_or_else(|| panic!("repository {repository} is not on GitHub"));
    for key in ["homepage", "documentation"] {
        let v = get(&c, &format!("package.{key}")).as_str().unwrap();
        assert!(
            v.starts_with(repository),
            "{key} {v} is not under {repository}"
        );
    }
    let d = dist();
    let tap = get(&d, "dist.tap").as_str().unwrap();
    assert_eq!(tap, format!("{owner}/homebrew-tap"));
    let readme = read("README.md");
    let brew = format!("brew install {owner}/tap/elevate");
    let installer = format!("{repository}/releases/latest/download/elevate-installer.sh");
    for line in [&brew, &installer] {
        assert!(readme.contains(line.as_str()), "README.md: no `{line}`");
    }
}

#[test]
fn the_workflow_is_dists_and_releases_on_a_version_tag() {
    let yml = read(".github/workflows/release.yml");
    let lines: Vec<&str> = yml.lines().collect();
    // `on: push: tags:` with a version pattern.
    let on = lines.iter().position(|l| *l == "on:").expect("no `on:`");
    let push = lines[on..]
        .iter()
        .position(|l| l.trim() == "push:")
        .expect("no push trigger")
        + on;
    assert_eq!(lines[push + 1].trim(), "tags:", "push is not by tag");
    assert!(
        lines[push + 2].contains("[0-9]+.[0-9]+.[0-9]+"),
        "the tag pattern is not a version: {}",
        lines[push + 2]
    );
    // Generated by the dist version the config names: `dist generate` again after changing it.
    let d = dist();
    let version = get(&d, "dist.cargo-dist-version").as_str().unwrap();
    assert!(
        yml.contains(&format!(
            "cargo-dist/releases/download/v{version}/cargo-dist-installer.sh"
        )),
        "release.yml installs another dist than {version}: run `dist generate`"
    );
    for step in [
        "|| 'plan' }}",
        "dist build ${{ needs.plan.outputs.tag-flag }} --print=linkage",
        // The global artifacts: the installers and sha256.sum.
        "\"--artifacts=global\"",
        "dist host ${{ needs.plan.outputs.tag-flag }} --steps=upload --steps=release",
        "uses: actions/attest@",
    ] {
        assert!(yml.contains(step), "release.yml: no `{step}`");
    }
    // Every artifact, each archive's .sha256 and sha256.sum included, goes on the release.
    let create = lines
        .iter()
        .find(|l| l.trim_start().starts_with("gh release create"))
        .expect("no `gh release create`");
    assert!(create.trim_end().ends_with("artifacts/*"), "{create}");
}

#[test]
fn binstall_downloads_the_archive_dist_publishes() {
    let c = cargo();
    let b = get(&c, "package.metadata.binstall");
    let repository = get(&c, "package.repository").as_str().unwrap();
    let name = get(&c, "package.name").as_str().unwrap();
    let version = "1.2.3";
    assert_eq!(get(b, "pkg-fmt").as_str(), Some("txz"));
    for target in TARGETS {
        let vars = [
            ("repo", repository),
            ("name", name),
            ("version", version),
            ("target", target),
            ("bin", name),
            ("binary-ext", ""),
        ];
        let url = expand(get(b, "pkg-url").as_str().unwrap(), &vars);
        // dist tags a single package's release v<version>.
        assert_eq!(
            url,
            format!(
                "{repository}/releases/download/v{version}/{}",
                dist_archive(target)
            )
        );
        // dist's archives hold one directory named like the archive.
        let bin = expand(get(b, "bin-dir").as_str().unwrap(), &vars);
        assert_eq!(bin, format!("{name}-{target}/{name}"));
    }
}

#[test]
fn the_action_downloads_the_archive_and_checksum_dist_publishes() {
    let sh = read("action/install.sh");
    let archive = Regex::new(r#"(?m)^\s*archive="([^"]+)"$"#)
        .unwrap()
        .captures(&sh)
        .expect("install.sh: no archive=")[1]
        .to_string();
    // The targets install.sh maps machines to are exactly those released.
    let mapped: BTreeSet<String> = Regex::new(r"target=([a-z0-9_-]+) ;;")
        .unwrap()
        .captures_iter(&sh)
        .map(|c| c[1].to_string())
        .collect();
    let released: BTreeSet<String> = strings(get(&dist(), "dist.targets"));
    assert_eq!(
        mapped, released,
        "install.sh maps machines to other targets"
    );
    for target in &mapped {
        assert_eq!(archive.replace("$target", target), dist_archive(target));
    }
    // With checksum = "sha256", dist publishes <archive>.sha256 beside each archive.
    assert!(
        sh.contains(r#"-o "$root/$archive.sha256" "$url.sha256""#),
        "install.sh does not fetch <archive>.sha256"
    );
    // dist writes `<hex> *<archive>` (sha256sum's binary mode): the hash is the first field.
    assert!(
        sh.contains(r#"expected=$(cut -d' ' -f1 < "$root/$archive.sha256")"#),
        "install.sh does not read the hash as the first field of dist's checksum line"
    );
    assert!(sh.contains(r#"url="${GITHUB_SERVER_URL:-https://github.com}/$repo/releases/download/$version/$archive""#));
}

#[test]
fn the_release_profile_is_lto_one_codegen_unit_and_stripped() {
    let c = cargo();
    let p = get(&c, "profile.release");
    let lto = get(p, "lto");
    assert!(
        lto.as_str() == Some("fat") || lto.as_bool() == Some(true),
        "lto = {lto}"
    );
    assert_eq!(get(p, "codegen-units").as_integer(), Some(1));
    let strip = get(p, "strip");
    assert!(
        strip.as_bool() == Some(true) || strip.as_str() == Some("symbols"),
        "strip = {strip}"
    );
    assert!(p.get("panic").is_none(), "panic is unwind, the default");
    assert_eq!(
        get(&c, "profile.dist.inherits").as_str(),
        Some("release"),
        "dist build must build what `cargo build --release` measures"
    );
}

#[test]
fn the_license_file_is_the_apache_license_cargo_toml_names() {
    assert_eq!(
        get(&cargo(), "package.license").as_str(),
        Some("Apache-2.0")
    );
    let text = read("LICENSE");
    for part in [
        "Apache License",
        "Version 2.0, January 2004",
        "http://www.apache.org/licenses/",
        "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION",
        "9. Accepting Warranty or Additional Liability.",
        "END OF TERMS AND CONDITIONS",
    ] {
        assert!(text.contains(part), "LICENSE: no {part:?}");
    }
}

#[test]
fn the_container_runs_the_executor_as_a_user_who_is_not_root() {
    let text = read("Dockerfile");
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let last_from = lines
        .iter()
        .rposition(|l| l.starts_with("FROM "))
        .expect("no FROM");
    assert!(
        lines[..last_from]
            .iter()
            .any(|l| l.contains("cargo build --release --locked")),
        "the build stage does not build the locked release"
    );
    let last = &lines[last_from..];
    let user = last
        .iter()
        .rev()
        .find_map(|l| l.strip_prefix("USER "))
        .expect("the final stage sets no USER: it would run as root");
    let who = user.split(':').next().unwrap().trim();
    assert!(!["root", "0"].contains(&who), "USER {user}");
    let json = |prefix: &str| -> Vec<String> {
        last.iter()
            .rev()
            .find_map(|l| l.strip_prefix(prefix))
            .map(|v| serde_json::from_str(v).unwrap_or_else(|e| panic!("{prefix}{v}: {e}")))
            .unwrap_or_default()
    };
    let command = [json("ENTRYPOINT "), json("CMD ")].concat();
    assert!(
        command.first().is_some_and(|c| c.ends_with("/elevate"))
            && command[1..] == ["executor", "--watch"],
        "the image runs {command:?}"
    );
}
