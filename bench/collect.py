#!/usr/bin/env python3
"""Collects one bench/run: each benchmark's Markdown tables and its JSON line (the line that
starts with {"bench"), the fault-injection and soak reports, and where it ran. Prints the
Markdown report; writes bench/results/latest.json and a dated copy.

  collect.py RUN_DIR RESULTS_DIR
"""
import datetime
import json
import os
import platform
import subprocess
import sys

ORDER = [
    ("cli", "elevate beside the AWS CLI"),
    ("policy", "Eligibility at scale"),
    ("reconcile", "Reconcile at scale"),
    ("quota", "The executor within Identity Center's quotas"),
    ("store", "Ledger listing at scale"),
    ("trail", "Audit: session activity from CloudTrail files"),
]


def sh(*cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def machine():
    cpu = None
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), None)
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "os": f"{platform.system()} {platform.release()}",
        "rustc": sh("rustc", "--version"),
        "commit": sh("git", "rev-parse", "--short", "HEAD"),
        "dirty": bool(sh("git", "status", "--porcelain")),
    }


def main():
    run, results = sys.argv[1], sys.argv[2]
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    report = {"schema": "elevate.bench/v1", "at": now.isoformat(), "machine": machine(), "benches": {}}
    m = report["machine"]
    print(f"# elevate benchmarks, {now:%Y-%m-%d %H:%M} UTC")
    print()
    print(f"{m['cpu']}, {m['cores']} cores, {m['os']}; {m['rustc']}; commit {m['commit']}"
          + (" (with local changes)" if m["dirty"] else ""))
    for name, title in ORDER:
        path = os.path.join(run, f"{name}.txt")
        if not os.path.exists(path):
            continue
        lines = open(path).read().splitlines()
        command = "BENCH_MODE=quota cargo bench --bench reconcile" if name == "quota" else f"cargo bench --bench {name}"
        print(f"\n## {title} (`{command}`)\n")
        for line in lines:
            if line.startswith('{"bench"'):
                report["benches"][name] = json.loads(line)
            elif line.startswith("|") or not line.strip():
                print(line)
    for name, title in (("faults", "Fault injection"), ("soak", "Concurrency soak")):
        path = os.path.join(run, f"{name}.json")
        if not os.path.exists(path):
            continue
        r = json.load(open(path))
        report["benches"][name] = r
        print(f"\n## {title} (`cargo test --test e2e {name}::`)\n")
        print("| measurement | value |")
        print("|---|---|")
        for key, value in r.items():
            if isinstance(value, (dict, list)):
                value = json.dumps(value, ensure_ascii=False)
            # Error messages may hold a `|`, which would split the Markdown cell.
            value = str(value).replace("|", "\\|")
            print(f"| {key} | {value} |")
    os.makedirs(results, exist_ok=True)
    text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    for name in ("latest.json", f"{now:%Y%m%dT%H%M%SZ}.json"):
        with open(os.path.join(results, name), "w") as f:
            f.write(text)
    print(f"\n(JSON: {os.path.join(results, 'latest.json')})")


if __name__ == "__main__":
    main()
