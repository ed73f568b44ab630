"""Lints IAM documents with Parliament (https://github.com/duo-labs/parliament).

Reads a JSON object {name: document} on stdin and prints a JSON list of findings, one object
per finding: {"document", "issue", "title", "severity", "subject"}, where the subject is what
the finding is about: the actions it names, lower-case, sorted and comma-joined, or its detail.
Used by the e2e suite (tests/e2e/lint.rs), which decides which findings are explained; this
script only reports.
"""
import json
import sys

from parliament import analyze_policy_string, enhance_finding


def enhanced(finding):
    # Community auditors' findings carry no entry in the main configuration that
    # enhance_finding reads.
    try:
        return enhance_finding(finding)
    except Exception:
        return finding


def subject(finding) -> str:
    actions = finding.location.get("actions") if isinstance(finding.location, dict) else None
    if not actions and isinstance(finding.detail, list):
        actions = finding.detail
    if actions:
        return ",".join(sorted(str(a).lower() for a in actions))
    return str(finding.detail)


def main() -> None:
    documents = json.load(sys.stdin)
    out = []
    for name, document in documents.items():
        policy = analyze_policy_string(json.dumps(document), include_community_auditors=True)
        for f in map(enhanced, policy.findings):
            out.append(
                {
                    "document": name,
                    "issue": f.issue,
                    "title": f.title,
                    "severity": f.severity,
                    "subject": subject(f),
                }
            )
    json.dump(out, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
