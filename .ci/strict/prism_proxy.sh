#!/usr/bin/env bash
# Stoplight Prism as a validating proxy (`prism proxy --errors`) in front of
# (1) portone-v1-fake and (2) fixture_server.py, which serves the bodies of
# tests/fixtures/; check.py then calls every route through Prism and counts
# every answer Prism (or the OAS 3.0 strict validator) refuses. Target: 0.
#
#   .ci/strict/prism_proxy.sh [SPEC]     # default spec/portone-v1.yaml
#   FAKE_BIN=path/to/portone-v1-fake .ci/strict/prism_proxy.sh   # no build
#
# Needs cargo, node + npm (Prism is installed into target/ on first use, from
# npm by name), python3 with .ci/strict/requirements.txt. Everything listens
# on 127.0.0.1; every wait is bounded; the servers are stopped by pid.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
SPEC=$(realpath "${1:-spec/portone-v1.yaml}")
# Pinned, and the same Prism as crates/portone-v1-fake/benches/load_vs_prism.sh.
PRISM_VERSION=5.14.2
. .ci/strict/npm_tool.sh
TARGET_DIR=$(cargo_target_dir)
OUT=$TARGET_DIR/strict-prism
mkdir -p "$OUT"
# Credentials of this run's fake: not secrets, the fake moves no money.
IMP_KEY=strict-check-key
IMP_SECRET=strict-check-secret
SEEDS=$ROOT/crates/portone-v1-fake/seeds/default.json

PIDS=()
stop_all() {
    for pid in "${PIDS[@]}"; do
        # A positive pid only: the builtin kill calls kill(2) as given.
        if [[ "$pid" =~ ^[1-9][0-9]*$ ]]; then
            kill -TERM "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
    PIDS=()
}
trap stop_all EXIT
trap 'stop_all; exit 130' INT TERM

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_for URL LOG PID: until URL answers at all (any status), bounded.
wait_for() {
    local url=$1 log=$2 pid=$3
    for _ in $(seq 1 120); do
        if curl -s --noproxy '*' -o /dev/null --max-time 2 "$url"; then
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "prism_proxy: the server behind $url exited; its log: $log" >&2
            tail -20 "$log" >&2
            return 1
        fi
        sleep 0.5
    done
    echo "prism_proxy: $url did not answer within 60 s; its log: $log" >&2
    return 1
}

PRISM=$(npm_tool @stoplight/prism-cli "$PRISM_VERSION" prism prism)

# FAKE_BIN: an already built fake to use instead of building one.
if [ -z "${FAKE_BIN:-}" ]; then
    echo "== building portone-v1-fake"
    cargo build --quiet -p portone-v1-fake --bin portone-v1-fake
    FAKE_BIN=$TARGET_DIR/debug/portone-v1-fake
fi

FAKE_PORT=$(free_port)
"$FAKE_BIN" --port "$FAKE_PORT" --seed "$SEEDS" --imp-key "$IMP_KEY" --imp-secret "$IMP_SECRET" \
    >"$OUT/fake.log" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$FAKE_PORT/" "$OUT/fake.log" "${PIDS[-1]}"

FIXTURE_PORT=$(free_port)
python3 .ci/strict/fixture_server.py "$FIXTURE_PORT" >"$OUT/fixtures.log" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$FIXTURE_PORT/" "$OUT/fixtures.log" "${PIDS[-1]}"

# One Prism per upstream (a proxy has one).
PRISM_FAKE_PORT=$(free_port)
"$PRISM" proxy --errors -h 127.0.0.1 -p "$PRISM_FAKE_PORT" "$SPEC" "http://127.0.0.1:$FAKE_PORT" \
    >"$OUT/prism-fake.log" 2>&1 &
PIDS+=($!)
PRISM_FIXTURE_PORT=$(free_port)
"$PRISM" proxy --errors -h 127.0.0.1 -p "$PRISM_FIXTURE_PORT" "$SPEC" "http://127.0.0.1:$FIXTURE_PORT" \
    >"$OUT/prism-fixtures.log" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$PRISM_FAKE_PORT/" "$OUT/prism-fake.log" "${PIDS[-2]}"
wait_for "http://127.0.0.1:$PRISM_FIXTURE_PORT/" "$OUT/prism-fixtures.log" "${PIDS[-1]}"

echo "== every route through prism proxy --errors ($SPEC)"
status=0
timeout 300 python3 .ci/strict/check.py --spec "$SPEC" \
    --fake "http://127.0.0.1:$PRISM_FAKE_PORT" --seeds "$SEEDS" \
    --imp-key "$IMP_KEY" --imp-secret "$IMP_SECRET" \
    --fixtures-via "http://127.0.0.1:$PRISM_FIXTURE_PORT" | tee "$OUT/check.log" || status=$?
echo "(logs in $OUT)"
exit "$status"
