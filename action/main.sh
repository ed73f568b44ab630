#!/usr/bin/env bash
# The action's main step: ask for the access, record the request for the post step (before
# waiting, so it is given back even if the job is cancelled while waiting), then wait.
set -euo pipefail

fail() { printf '::error::%s\n' "$1"; exit "${2:-1}"; }

for name in EA_ACCOUNT EA_PERMISSION_SET EA_DURATION; do
  input=$(printf '%s' "${name#EA_}" | tr 'A-Z_' 'a-z-')
  [ -n "${!name:-}" ] || fail "the input $input is required" 2
done
: "${GITHUB_OUTPUT:?this runs as a GitHub Actions step}" "${GITHUB_STATE:?this runs as a GitHub Actions step}"

elevate=$(bash "$(dirname "$0")/install.sh")
printf 'elevate=%s\n' "$elevate" >> "$GITHUB_STATE"
printf 'elevate=%s\n' "$elevate" >> "$GITHUB_OUTPUT"
# Never a prompt in a job: a missing value is an error naming its flag.
export ELEVATE_NO_INPUT=true

args=(request
  --account "$EA_ACCOUNT"
  --permission-set "$EA_PERMISSION_SET"
  --duration "$EA_DURATION"
  --reason "${EA_REASON:-GitHub Actions ${GITHUB_REPOSITORY:-} run ${GITHUB_RUN_ID:-}}"
  -q)
[ -z "${EA_FOR:-}" ] || args+=(--for "$EA_FOR")
[ -z "${EA_TICKET:-}" ] || args+=(--ticket "$EA_TICKET")
[ -z "${EA_IDEMPOTENCY_KEY:-}" ] || args+=(--idempotency-key "$EA_IDEMPOTENCY_KEY")

id=$("$elevate" "${args[@]}")
[[ "$id" =~ ^r-[0-9a-z]+$ ]] || fail "elevate request printed no request id (got: ${id:0:80})"
# For the post step; the keep input is read there.
printf 'id=%s\n' "$id" >> "$GITHUB_STATE"
printf 'id=%s\n' "$id" >> "$GITHUB_OUTPUT"
echo "requested $id"

# Exit 0 when active; 4 rejected; 5 timed out (and cancelled, so nobody grants it later).
"$elevate" wait "$id" --timeout "${EA_TIMEOUT:-30m}" --cancel-on-timeout -q > /dev/null
