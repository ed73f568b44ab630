#!/usr/bin/env bash
# The main job, locally: builds elevate, starts the moto emulator, seeds a small organisation
# (alice and dave are engineers; bob and carol approve), and walks through
# request → approve (confirmed grant) → list → revoke with the real binary.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bash scripts/setup-emulator.sh
echo "==> building elevate" >&2
cargo build --locked --quiet
elevate="$root/target/debug/elevate"

work="$(mktemp -d)"
port="$("$root/.venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$root/.venv/bin/python" scripts/emulator.py serve "$port" >"$work/moto.log" 2>&1 &
moto=$!
trap 'kill $moto 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.2
done
endpoint="http://127.0.0.1:$port"
"$root/.venv/bin/python" scripts/emulator.py seed --endpoint "$endpoint" --account 111122223333 >"$work/seed.json"
field() { "$root/.venv/bin/python" -c "import json,sys; d=json.load(open('$work/seed.json')); print(eval(sys.argv[1]))" "$1"; }
dev="$(field 'd["accounts"]["dev"]')"

cat >"$work/policy.toml" <<'POLICY'
[settings]
max_duration = "8h"
reason_min_length = 10

[[rule]]
name = "engineers-admin"
principals = ["group:Engineers"]
accounts = ["*"]
permission_sets = ["AdministratorAccess", "ReadOnlyAccess"]
max_duration = "4h"
approval = "required"
approvers = ["group:Approvers"]
POLICY

# A hermetic environment: nothing from ~/.aws, the emulator as the endpoint, a fresh ledger.
export HOME="$work" AWS_CONFIG_FILE="$work/none" AWS_SHARED_CREDENTIALS_FILE="$work/none"
export AWS_EC2_METADATA_DISABLED=true AWS_ENDPOINT_URL="$endpoint" AWS_REGION=us-east-1
export ELEVATE_STORE="sqlite:$work/ledger.db" ELEVATE_POLICY="$work/policy.toml"
export ELEVATE_SCHEDULER_ROLE_ARN="arn:aws:iam::111122223333:role/elevate-scheduler" XDG_CACHE_HOME="$work/cache"
: >"$work/none"

# Become a seeded user: the short-lived credentials of their Identity Center session.
as() {
    export AWS_ACCESS_KEY_ID="$(field "d['credentials']['$1']['AccessKeyId']")"
    export AWS_SECRET_ACCESS_KEY="$(field "d['credentials']['$1']['SecretAccessKey']")"
    export AWS_SESSION_TOKEN="$(field "d['credentials']['$1']['SessionToken']")"
}
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
step "alice is done early and revokes: the assignment is deleted and the deletion confirmed" \
    elevate revoke "$id" --reason "credentials rotated"
"$elevate" revoke "$id" --reason "credentials rotated" >/dev/null

step "the request and its hash-chained ledger events" elevate show "$id"
"$elevate" show "$id"

printf '\nDone. Ledger: %s (removed on exit). Try: %s --help\n' "$ELEVATE_STORE" "$elevate" >&2
