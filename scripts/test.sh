#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs the emulator, then formatting, lints, and
# every test (unit, mocked AWS, end-to-end against moto). CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-emulator.sh
echo "==> cargo fmt --check" >&2
cargo fmt --all -- --check
echo "==> cargo clippy" >&2
cargo clippy --locked --all-targets -- -D warnings
echo "==> cargo test" >&2
cargo test --locked
