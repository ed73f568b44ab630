#!/usr/bin/env bash
# The action's post step (always runs): gives the access back, whatever happened. A request
# still pending is cancelled, an active one revoked; one already over is fine (exit 0).
set -euo pipefail

id=${STATE_id:-}
elevate=${STATE_elevate:-elevate}
if [ -z "$id" ]; then
  echo "no request was made: nothing to give back"
  exit 0
fi
if [ "${EA_KEEP:-false}" = "true" ]; then
  echo "keep: $id stays until its end"
  exit 0
fi
export ELEVATE_NO_INPUT=true
reason="job ${GITHUB_JOB:-} of run ${GITHUB_RUN_ID:-} finished"

left() {
  printf '::error::the access of %s may still be in place: end it with `elevate revoke %s` (it also ends at its end time, by its schedule)\n' "$id" "$id"
  exit 1
}

# The request's status is the first "status" of `show -o json` (the request comes first). If it
# cannot be read, revoking is still tried.
status=$("$elevate" show "$id" -o json | grep -m 1 -o '"status": *"[a-z_]*"' | grep -o '[a-z_]*"$' | tr -d '"') ||
  status=unknown
case "$status" in
  pending | approved)
    # Approved and being granted meanwhile: cancel refuses, and revoke ends it.
    "$elevate" cancel "$id" -q > /dev/null || "$elevate" revoke "$id" --reason "$reason" -q > /dev/null || left
    ;;
  *)
    "$elevate" revoke "$id" --reason "$reason" -q > /dev/null || left
    ;;
esac
echo "gave back $id"
