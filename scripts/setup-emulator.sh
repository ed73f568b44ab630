#!/usr/bin/env bash
# Installs the moto emulator (moto[server] from PyPI) into .venv, once. Idempotent and quick when
# it is already there. Sourced by demo.sh and test.sh.
set -euo pipefail
MOTO_VERSION="5.2.5"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
python="${PYTHON:-python3}"
if ! "$venv/bin/python" -c "import moto, boto3; assert moto.__version__ == '$MOTO_VERSION'" 2>/dev/null; then
    echo "==> installing moto[server]==$MOTO_VERSION into .venv" >&2
    "$python" -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"
fi
