#!/usr/bin/env bash
# AWS calls per command, counted from the SDK's own spans (`rpc.method`, one per
# `sdk_invocation_id`), against the local emulator with the demo's organisation and
# instance_arn / identity_store_id / identity_account configured. Prints one line per command.
set -euo pipefail
source "$(dirname "$0")/emulator-env.sh"
export ELEVATE_INSTANCE_ARN="$(field 'd["instance_arn"]')"
export ELEVATE_IDENTITY_STORE_ID="$(field 'd["identity_store_id"]')"
export ELEVATE_IDENTITY_ACCOUNT="$(field 'd["account"]')"

count() {
    local what="$1"
    shift
    ELEVATE_LOG=debug "$elevate" "$@" 2>&1 >/dev/null |
        grep -o 'rpc.method="[A-Za-z]*"[^}]*sdk_invocation_id=[0-9]*' |
        sed 's/rpc.method="\([A-Za-z]*\)".*sdk_invocation_id=\([0-9]*\)/\2 \1/' | sort -u |
        awk -v what="$what" '{n++; c[$2]++} END {printf "%-32s %3d ", what, n; for (k in c) printf " %s×%d", k, c[k]; print ""}'
}
reason="counting the calls of each command"

as alice
"$elevate" eligible >/dev/null # warm the cache, as a user's second command would find it
count "request (warm cache)" request -a "$dev" -p AdministratorAccess -d 1h -r "$reason" -q
id="$("$elevate" request -a "$dev" -p AdministratorAccess -d 1h -r "$reason" -q)"
as bob
"$elevate" approve "$(as alice; "$elevate" request -a "$dev" -p ReadOnlyAccess -d 1h -r "$reason" -q)" -q >/dev/null # create the schedule group once
count "approve (granting)" approve "$id" -q
as alice
count "extend (waiting for approval)" extend "$id" --by 30m -r "$reason" -q
as carol
count "approve (extension)" approve "$id" -q
as alice
count "revoke" revoke "$id" -q
later="$("$elevate" request -a "$dev" -p AdministratorAccess -d 1h --start +2h -r "$reason" -q)"
as bob
count "approve (scheduling a --start)" approve "$later" -q
as alice
count "cancel (scheduled)" cancel "$later" -q
count "list --mine" list
count "eligible (warm cache)" eligible
