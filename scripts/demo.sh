#!/usr/bin/env bash
# The main job, locally: builds elevate, starts the moto emulator, seeds a small organisation
# (alice and dave are engineers; bob and carol approve), and walks through
# request → approve (confirmed grant) → list → extend → a scheduled start → revoke with the real
# binary.
set -euo pipefail
source "$(dirname "$0")/emulator-env.sh"

if [ -t 2 ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold='' plain=''; fi
step() { printf '\n%s== %s%s\n$ %s\n' "$bold" "$1" "$plain" "${*:2}" >&2; }

as alice
step "alice asks for AdministratorAccess on the dev account for 1h30m" \
    elevate request --account "$dev" --permission-set AdministratorAccess --duration 1h30m --reason "...INC-4211..."
id="$("$elevate" request --account "$dev" --permission-set AdministratorAccess --duration 1h30m \
    --reason "Rotate the leaked RDS credentials (INC-4211)" --ticket INC-4211 -q)"
echo "$id"

step "alice cannot approve her own request (exit 3)" elevate approve "$id"
"$elevate" approve "$id" || echo "(exit $?)"

as bob
step "bob sees what he may approve" elevate list --to-approve
"$elevate" list --to-approve

step "bob approves: elevate grants the assignment and waits for Identity Center to confirm it" \
    elevate approve "$id" --comment "INC-4211 is open"
"$elevate" approve "$id" --comment "INC-4211 is open"

step "active elevations" elevate list --active
"$elevate" list --active

step "the end is scheduled in EventBridge Scheduler, calling Identity Center directly" \
    aws scheduler get-schedule --group-name elevate ...
"$root/.venv/bin/python" scripts/emulator.py schedules --endpoint "$endpoint" --account 111122223333 |
    "$root/.venv/bin/python" -m json.tool

as alice
step "alice needs 30 minutes more: the rule needs approval, so the extension waits for it" \
    elevate extend "$id" --by 30m --reason "..."
"$elevate" extend "$id" --by 30m --reason "the rotation script is at 80%" -q

as carol
step "carol approves the extension: the end and its schedule move" elevate approve "$id"
"$elevate" approve "$id" -q >/dev/null
"$root/.venv/bin/python" scripts/emulator.py schedules --endpoint "$endpoint" --account 111122223333 |
    "$root/.venv/bin/python" -c 'import json,sys; [print(s["target"].rsplit(":",1)[1], s["expression"]) for s in json.load(sys.stdin)]'

as alice
step "alice books tomorrow's maintenance window in advance" \
    elevate request ... --start "tomorrow 06:00" --duration 2h
later="$("$elevate" request --account "$dev" --permission-set ReadOnlyAccess --duration 2h \
    --start "tomorrow 06:00" --reason "CHG-118: database upgrade window" -q)"
echo "$later"

as bob
step "bob approves it now: nothing is granted yet; a schedule grants it at the start and another ends it" \
    elevate approve "$later"
"$elevate" approve "$later" -q >/dev/null
"$root/.venv/bin/python" scripts/emulator.py schedules --endpoint "$endpoint" --account 111122223333 |
    "$root/.venv/bin/python" -c 'import json,sys; [print(s["target"].rsplit(":",1)[1], s["expression"]) for s in json.load(sys.stdin)]'

as alice
step "alice is done early and revokes: the assignment is deleted and the deletion confirmed" \
    elevate revoke "$id" --reason "credentials rotated"
"$elevate" revoke "$id" --reason "credentials rotated" >/dev/null

step "the request and its hash-chained ledger events" elevate show "$id"
"$elevate" show "$id"

printf '\nDone. Ledger: %s (removed on exit). Try: %s --help\n' "$ELEVATE_STORE" "$elevate" >&2
