#!/usr/bin/env bash
# The main job, locally: builds elevate, starts the moto emulator, seeds a small organisation
# (alice and dave are engineers; bob and carol approve), and walks through
# request → approve (confirmed grant) → list → extend → a scheduled start → revoke with the real
# binary on one operator's SQLite ledger (direct mode); then a team on a shared DynamoDB ledger
# (brokered mode): sealed decisions, the executor granting, a forged approval refused.
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

printf '\n%s==== With the access: a command run with it, through her own Identity Center sign-in%s\n' "$bold" "$plain" >&2
# moto does not serve the access portal: a stand-in answers GetRoleCredentials from Identity
# Center's assignments in the emulator. alice signed in (`aws sso login`) to its sso-session.
portal_port="$("$root/.venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$root/.venv/bin/python" scripts/emulator.py portal --endpoint "$endpoint" --account 111122223333 \
    --port "$portal_port" --token "demo-token-alice=$(field 'd["users"]["alice"]')" >"$work/portal.log" 2>&1 &
portal=$!
trap 'kill $moto $portal 2>/dev/null || true; rm -rf "$work"' EXIT
printf '[sso-session demo]\nsso_start_url = https://d-9067000000.awsapps.com/start\nsso_region = us-east-1\n' >"$work/aws-config"
mkdir -p "$work/.aws/sso/cache"
printf '{"accessToken": "demo-token-alice", "expiresAt": "%s", "region": "us-east-1", "startUrl": "https://d-9067000000.awsapps.com/start"}' \
    "$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)" >"$work/.aws/sso/cache/$(printf demo | sha1sum | cut -d' ' -f1).json"
for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$portal_port") 2>/dev/null && break; sleep 0.2; done

as alice
step "alice runs a script with ReadOnlyAccess on dev: elevate asks, waits for bob, runs it, gives the access back" \
    elevate run -a "$dev" -p ReadOnlyAccess -d 30m -r "look at the RDS parameter groups" -- sh -c '...; exit 3'
AWS_CONFIG_FILE="$work/aws-config" AWS_ENDPOINT_URL_SSO="http://127.0.0.1:$portal_port" \
    ELEVATE_SSO_START_URL=https://d-9067000000.awsapps.com/start \
    "$elevate" run -a "$dev" -p ReadOnlyAccess -d 30m -r "look at the RDS parameter groups" -- \
    sh -c 'echo "the script runs as $AWS_ACCESS_KEY_ID for $ELEVATE_REQUEST, until $AWS_CREDENTIAL_EXPIRATION"; exit 3' &
running=$!
as bob
until run_id="$("$elevate" list --to-approve -o json 2>/dev/null | "$root/.venv/bin/python" -c 'import json,sys; l=json.load(sys.stdin); print(l[0]["id"] if l else "")')" && [ -n "$run_id" ]; do sleep 0.3; done
"$elevate" approve "$run_id" --comment "read-only, fine" -q >/dev/null
wait "$running" && code=0 || code=$?
echo "(elevate run exited $code: the script's status)"
"$elevate" show "$run_id" -o json | "$root/.venv/bin/python" -c 'import json,sys; print("status:", json.load(sys.stdin)["request"]["status"])'

as alice
step "alice is done early and revokes: the assignment is deleted and the deletion confirmed" \
    elevate revoke "$id" --reason "credentials rotated"
"$elevate" revoke "$id" --reason "credentials rotated" >/dev/null

step "the request and its hash-chained ledger events" elevate show "$id"
"$elevate" show "$id"

step "alice no longer needs tomorrow's window: cancelling removes its schedules" elevate cancel "$later"
"$elevate" cancel "$later" -q >/dev/null

printf '\n%s==== A team: the shared DynamoDB ledger, brokered — only the executor changes access%s\n' "$bold" "$plain" >&2
export ELEVATE_STORE="dynamodb:elevate-demo"
as admin
step "the account's administrator sets up the table, the seal key, the schedule group and role" \
    elevate setup --create-roles
seal_key="$("$elevate" setup --create-roles -o json | "$root/.venv/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["seal_key"])')"
export ELEVATE_KMS_SEAL_KEY="$seal_key"
echo "seal key: $seal_key"
step "the admin applies the policy: version 1, sealed in the admin's name" elevate policy apply policy.toml
"$elevate" policy apply --no-input "$ELEVATE_POLICY" -q

step "what an approver's role may do in a brokered team: no assignment, schedule or PassRole action" \
    elevate iam-policy approver
"$elevate" iam-policy approver --account 111122223333 2>/dev/null |
    "$root/.venv/bin/python" -c 'import json,sys; [print(s["Sid"] + ": " + ", ".join(s["Action"])) for s in json.load(sys.stdin)["Statement"]]'

as alice
step "alice asks; the request is sealed with KMS in her own name" elevate request ...
team="$("$elevate" request --account "$dev" --permission-set AdministratorAccess --duration 1h \
    --reason "Rotate the leaked RDS credentials (INC-4211)" -q)"
echo "$team"

as bob
step "bob approves: his approval is sealed and recorded; he has no power to grant" \
    elevate approve "$team" --no-wait
"$elevate" approve "$team" --no-wait --comment "INC-4211 is open" -q >/dev/null
"$elevate" show "$team" -o json | "$root/.venv/bin/python" -c 'import json,sys; print("status:", json.load(sys.stdin)["request"]["status"])'

as executor
step "the executor verifies the seals against the sealed policy, and grants" elevate executor --once
"$elevate" executor --once

as alice
step "alice asks for more and, without waiting for anyone, flips her new request to approved in the table" \
    aws dynamodb update-item ... status=approved
forged="$("$elevate" request --account "$dev" --permission-set ReadOnlyAccess --duration 1h \
    --reason "nobody will notice this one" -q)"
"$root/.venv/bin/python" scripts/emulator.py flip-status --endpoint "$endpoint" --table elevate-demo \
    --id "$forged" --status approved

as executor
step "the executor refuses it, reports the tampering and exits 1: a person must look" elevate executor --once
"$elevate" executor --once || echo "(exit $?)"
"$root/.venv/bin/python" scripts/emulator.py assignments --endpoint "$endpoint" --account 111122223333 \
    --target "$dev" --permission-set "$(field 'd["permission_sets"]["ReadOnlyAccess"]')" |
    "$root/.venv/bin/python" -c 'import json,sys; print("ReadOnlyAccess assignments on dev:", json.load(sys.stdin))'

as alice
step "alice is done: she asks, and the executor removes the access" elevate revoke "$team"
"$elevate" revoke "$team" --reason "credentials rotated" -q >/dev/null
as executor
"$elevate" executor --once -q || true
"$elevate" show "$team" -o json | "$root/.venv/bin/python" -c 'import json,sys; print("status:", json.load(sys.stdin)["request"]["status"])'

printf '\nDone. Ledgers removed on exit. Try: %s --help\n' "$elevate" >&2
