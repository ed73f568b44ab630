# A local emulator with a seeded organisation, and a hermetic environment pointing elevate at it:
# sourced by demo.sh and count-calls.sh. Defines $elevate, $endpoint, $dev, $work, field and as.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
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
