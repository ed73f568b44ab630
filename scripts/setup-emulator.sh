#!/usr/bin/env bash
# Installs the moto emulator (moto[server]) and the Parliament IAM linter from PyPI into .venv,
# once. Idempotent and quick when they are there. Sourced by demo.sh and test.sh.
set -euo pipefail
MOTO_VERSION="5.2.5"
# The IAM linter the suite runs over every generated policy (tests/e2e/lint.rs).
PARLIAMENT_VERSION="1.6.4"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
python="${PYTHON:-python3}"
if ! "$venv/bin/python" -c "import moto, boto3, parliament; assert moto.__version__ == '$MOTO_VERSION'; assert parliament.__version__ == '$PARLIAMENT_VERSION'" 2>/dev/null; then
    echo "==> installing moto[server]==$MOTO_VERSION and parliament==$PARLIAMENT_VERSION into .venv" >&2
    "$python" -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION" "parliament==$PARLIAMENT_VERSION"
fi
