//! Every relative link in README.md and docs/*.md leads somewhere: the file exists and, when the
//! link names an anchor, a heading there has that anchor as GitHub makes it. Moving a section
//! between files breaks links silently otherwise.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use regex::Regex;

use crate::harness::repo;

/// The anchor GitHub gives a heading: lowercase, punctuation other than `-` and `_` dropped,
/// spaces made hyphens; a repeated one gets `-1`, `-2`….
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The text outside fenced code blocks, line by line (a `# comment` in a shell block is not a
/// heading, and a `](…)` in code is not a link).
fn prose(markdown: &str) -> Vec<&str> {
    let mut fenced = false;
    markdown
        .lines()
        .filter(|l| {
            if l.trim_start().starts_with("```") {
                fenced = !fenced;
                return false;
            }
            !fenced
        })
        .collect()
}

fn anchors(markdown: &str) -> BTreeSet<String> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = BTreeSet::new();
    for line in prose(markdown) {
        let Some(text) = line.strip_prefix('#') else {
            continue;
        };
        let text = text.trim_start_matches('#');
        if !text.starts_with(' ') {
            continue;
        }
        let base = slug(text);
        let n = seen.entry(base.clone()).or_default();
        out.insert(if *n == 0 {
            base.clone()
        } else {
            format!("{base}-{n}")
        });
        *n += 1;
    }
    out
}

/// Every broken relative link in `files` (paths relative to `root`), as `file: target (why)`.
fn broken_links(root: &Path, files: &[PathBuf]) -> Vec<String> {
    let link = Regex::new(r"\]\(([^)\s]+)\)").unwrap();
    let mut broken = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        for line in prose(&text) {
            for c in link.captures_iter(line) {
                let target = &c[1];
                if target.contains("://") || target.starts_with("mailto:") {
                    continue;
                }
                let (path, anchor) = match target.split_once('#') {
                    Some((p, a)) => (p, Some(a)),
                    None => (target, None),
                };
                let dest = if path.is_empty() {
                    root.join(file)
                } else {
                    root.join(file).parent().unwrap().join(path)
                };
                let say = |why: &str| format!("{}: {target} ({why})", file.display());
                if !dest.exists() {
                    broken.push(say("no such file"));
                    continue;
                }
                if let Some(anchor) = anchor {
                    let there = std::fs::read_to_string(&dest).unwrap_or_default();
                    if !anchors(&there).contains(anchor) {
                        broken.push(say("no such heading"));
                    }
                }
            }
        }
    }
    broken
}

fn documents() -> Vec<PathBuf> {
    let mut files = vec![PathBuf::from("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(repo().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| Path::new("docs").join(p.file_name().unwrap()))
        .collect();
    docs.sort();
    files.extend(docs);
    files
}

#[test]
fn every_link_in_the_documentation_resolves() {
    let broken = broken_links(&repo(), &documents());
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn every_document_is_linked_from_the_readme() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    for doc in documents().iter().skip(1) {
        let target = format!("]({})", doc.display());
        assert!(
            readme.contains(&target),
            "README.md does not link {}",
            doc.display()
        );
    }
}

#[test]
fn headings_get_githubs_anchors() {
    assert_eq!(
        slug("With the access: console, credentials, `elevate run`"),
        "with-the-access-console-credentials-elevate-run"
    );
    assert_eq!(slug("A team's shared set-up"), "a-teams-shared-set-up");
    assert_eq!(
        slug("Under a hostile network, and under load"),
        "under-a-hostile-network-and-under-load"
    );
    assert_eq!(
        slug("Checking it: `elevate doctor`"),
        "checking-it-elevate-doctor"
    );
    let doc = "# T\n## Usage\n```sh\n# not a heading\n```\n## Usage\n#nospace\n";
    assert_eq!(
        anchors(doc),
        ["t", "usage", "usage-1"].map(String::from).into()
    );
}

#[test]
fn a_missing_file_or_heading_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("docs")).unwrap();
    std::fs::write(dir.path().join("docs/b.md"), "# B\n\n## Real one\n").unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        "# A\n[ok](docs/b.md#real-one) [self](#a) [web](https://example.com/x#y)\n\
         [gone](docs/c.md) [wrong](docs/b.md#real) [here](#nowhere)\n\
         ```\n[in code](nowhere.md)\n```\n",
    )
    .unwrap();
    assert_eq!(
        broken_links(dir.path(), &[PathBuf::from("a.md")]),
        [
            "a.md: docs/c.md (no such file)",
            "a.md: docs/b.md#real (no such heading)",
            "a.md: #nowhere (no such heading)",
        ]
    );
}
